"""Shared by the render_*.py pictures: the result file at its last step, without the excavated cells."""
from paraview.simple import OpenDataFile, Threshold, UpdatePipeline


def ground_at_last_step(path):
    """(reader, last time, the cells with excavated = 0) of an output file (XDMF)."""
    reader = OpenDataFile(path)
    times = reader.TimestepValues or [0]
    UpdatePipeline(times[-1], reader)
    ground = Threshold(Input=reader, Scalars=["CELLS", "excavated"])
    if hasattr(ground, "LowerThreshold"):
        ground.LowerThreshold, ground.UpperThreshold = -0.5, 0.5
    else:
        ground.ThresholdRange = [-0.5, 0.5]
    return reader, times[-1], ground
