"""Picture of a cross-passage result: vertical effective stress on the plane x = 0 through the passage.

usage: xvfb-run -a pvbatch examples/cross_passage/slice.py [out/cross_passage.xmf] [picture.png]
Opens the XDMF with ParaView's own reader, as a user would; cell values (not the extrapolated vertex field), at the
last output step (a staged run: after its last stage), excavated cells left out.
"""
import sys

from paraview.simple import (ColorBy, GetActiveViewOrCreate, GetAnimationScene, GetColorTransferFunction, SaveScreenshot, Show, Slice,
                             Threshold, Xdmf3ReaderS)

result = sys.argv[1] if len(sys.argv) > 1 else "out/cross_passage.xmf"
picture = sys.argv[2] if len(sys.argv) > 2 else "cross_passage_slice.png"
reader = Xdmf3ReaderS(FileName=result)
times = reader.TimestepValues
last = (list(times)[-1] if hasattr(times, "__len__") else times) if times else 0.0
scene = GetAnimationScene()
scene.UpdateAnimationUsingDataTimeSteps()
scene.AnimationTime = last
reader.UpdatePipeline(last)
ground = reader
if "excavated" in reader.CellData.keys():
    ground = Threshold(Input=reader)
    ground.Scalars = ["CELLS", "excavated"]
    ground.LowerThreshold = 0
    ground.UpperThreshold = 0.5
cut = Slice(Input=ground)
cut.SliceType = "Plane"
cut.SliceType.Origin = [0, 0, 0]
cut.SliceType.Normal = [1, 0, 0]
view = GetActiveViewOrCreate("RenderView")
view.ViewSize = [1200, 900]
shown = Show(cut, view)
ColorBy(shown, ("CELLS", "effective_stress", "Z"))
colours = GetColorTransferFunction("effective_stress")
colours.VectorMode = "Component"
colours.VectorComponent = 2  # zz: vertical, compression negative
colours.RescaleTransferFunction(-9e6, 0)
shown.SetScalarBarVisibility(view, True)
view.CameraPosition = [100, 0, 0]
view.CameraFocalPoint = [0, 0, 0]
view.CameraViewUp = [0, 0, 1]
view.ResetCamera()
SaveScreenshot(picture, view)
print("wrote", picture)
