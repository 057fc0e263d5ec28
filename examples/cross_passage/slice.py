"""Picture of the cross-passage result: vertical effective stress on the plane x = 0 through the passage.

usage: xvfb-run -a pvbatch examples/cross_passage/slice.py [out/cross_passage.xmf] [picture.png]
Opens the XDMF with ParaView's own reader, as a user would; cell values (not the extrapolated vertex field).
"""
import sys

from paraview.simple import (ColorBy, GetActiveViewOrCreate, GetColorTransferFunction, SaveScreenshot, Show, Slice,
                             Xdmf3ReaderS)

result = sys.argv[1] if len(sys.argv) > 1 else "out/cross_passage.xmf"
picture = sys.argv[2] if len(sys.argv) > 2 else "cross_passage_slice.png"
reader = Xdmf3ReaderS(FileName=result)
cut = Slice(Input=reader)
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
