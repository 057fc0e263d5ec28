"""pvbatch pv_open.py FILE.xmf NUM_CELLS: ParaView opens the file as a user would and sees every cell and field, at
every time step (its XDMF reader shows nothing at a time two steps share)."""
import sys

from paraview.simple import OpenDataFile, UpdatePipeline, servermanager

reader = OpenDataFile(sys.argv[1])
UpdatePipeline(reader.TimestepValues[0] if reader.TimestepValues else 0, reader)
data = servermanager.Fetch(reader)
block = data.GetBlock(0) if data.IsA("vtkMultiBlockDataSet") else data
ncells = block.GetNumberOfCells()
cell_arrays = [block.GetCellData().GetArrayName(i) for i in range(block.GetCellData().GetNumberOfArrays())]
point_arrays = [block.GetPointData().GetArrayName(i) for i in range(block.GetPointData().GetNumberOfArrays())]
print("cells", ncells, "cell arrays", cell_arrays, "point arrays", point_arrays)
ok = ncells == int(sys.argv[2]) and "displacement" in point_arrays and "stress" in cell_arrays and "layer" in cell_arrays
for time in reader.TimestepValues or []:
    UpdatePipeline(time, reader)
    seen = reader.GetDataInformation().GetNumberOfCells()
    print("time", time, "cells", seen)
    ok = ok and seen == int(sys.argv[2])
sys.exit(0 if ok else 1)
