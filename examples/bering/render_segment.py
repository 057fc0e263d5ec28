"""Picture of the 3D TBM segment as a user sees it in ParaView: the ground cut along the tunnel axis (plane y = 0),
coloured by vertical displacement, with the bore removed (threshold on "excavated"), at the last step.
usage: xvfb-run -a pvbatch examples/bering/render_segment.py out/segment.xmf segment.png"""
import os
import sys

from paraview.simple import (Calculator, ColorBy, CreateView, GetColorTransferFunction, Render, SaveScreenshot, Show, Slice)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from render_common import ground_at_last_step  # noqa: E402

reader, last_time, ground = ground_at_last_step(sys.argv[1])
uz = Calculator(Input=ground, ResultArrayName="u_z_mm", Function="1000*displacement_Z")
cut = Slice(Input=uz)
cut.SliceType.Origin = [0, 0, 0]
cut.SliceType.Normal = [0, 1, 0]
view = CreateView("RenderView")
view.ViewSize = [1400, 700]
view.ViewTime = last_time
display = Show(cut, view)
ColorBy(display, ("POINTS", "u_z_mm"))
display.SetScalarBarVisibility(view, True)
GetColorTransferFunction("u_z_mm").ApplyPreset("Cool to Warm", True)
view.CameraPosition = [30, -400, -80]
view.CameraFocalPoint = [30, 0, -80]
view.CameraViewUp = [0, 0, 1]
view.ResetCamera()
Render(view)
SaveScreenshot(sys.argv[2], view)
print("wrote", sys.argv[2])
