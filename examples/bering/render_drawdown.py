"""Picture of the drawdown cone around a drained tunnel (examples/bering/transverse_groundwater.yaml) as a user sees it
in ParaView: the ground (bore and lining removed: threshold on "excavated"), coloured by hydraulic head (m above sea
level: 0 at the seabed, the wall's elevation on a drained wall), with Darcy-velocity glyphs, at the last step.
usage: xvfb-run -a pvbatch examples/bering/render_drawdown.py out/groundwater.xmf drawdown.png"""
import os
import sys

from paraview.simple import (CellCenters, ColorBy, CreateView, GetColorTransferFunction, Glyph, Render, SaveScreenshot, Show)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from render_common import ground_at_last_step  # noqa: E402

reader, last_time, ground = ground_at_last_step(sys.argv[1])
view = CreateView("RenderView")
view.ViewSize = [1400, 800]
view.ViewTime = last_time
display = Show(ground, view)
ColorBy(display, ("POINTS", "hydraulic_head"))
display.SetScalarBarVisibility(view, True)
GetColorTransferFunction("hydraulic_head").ApplyPreset("Rainbow Uniform", True)
centres = CellCenters(Input=ground)
arrows = Glyph(Input=centres, GlyphType="Arrow")
arrows.OrientationArray = ["POINTS", "darcy_velocity"]
arrows.ScaleArray = ["POINTS", "No scale array"]
arrows.ScaleFactor = 4.0
arrows.GlyphMode = "Every Nth Point"
arrows.Stride = 3
arrow_display = Show(arrows, view)
ColorBy(arrow_display, None)
arrow_display.AmbientColor = arrow_display.DiffuseColor = [0.1, 0.1, 0.1]
view.CameraParallelProjection = 1
view.CameraPosition = [0, -100, 400]
view.CameraFocalPoint = [0, -100, 0]
view.CameraViewUp = [0, 1, 0]
view.ResetCamera()
view.CameraParallelScale = 0.6 * view.CameraParallelScale
Render(view)
SaveScreenshot(sys.argv[2], view)
print("wrote", sys.argv[2])
