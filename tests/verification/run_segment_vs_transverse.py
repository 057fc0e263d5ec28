#!/usr/bin/env python3
"""3D segment against the 2D transverse section: plane strain is the limit of the 3D drive.

Requirement: a 3D segment whose bore is excavated and lined over its whole length in one stage (no face or grout
pressure, rollers on the segment ends) is in plane strain; its sections have the displacements of those
of the 2D transverse section with the same mesh, layers and loads and relaxation 0 (the lining takes all the
excavation forces) within 1e-6 relative to the largest displacement. Reference: the 2D solution itself: a Q1 hexahedral
mesh extruded from the Q1 quadrilateral section reproduces the plane-strain discrete solution exactly when nothing
varies along the axis, so only the solver tolerance (-mech_ksp_rtol 1e-11) separates them; a load applied on the
wrong faces, a lining activated elsewhere or a wrong pressure in 3D changes them by percent.
The advancing face (settlement approaching its far-behind-face value) is shown by examples/bering/tbm_segment.yaml;
this test pins the far-behind-face limit.
usage: run_segment_vs_transverse.py OUTDIR NP"""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, np_ = sys.argv[1], int(sys.argv[2])
common = ["-tunnel_chainage", "69000", "-tunnel_diameter", "12", "-mesh_axis_elevation", "-100", "-mesh_half_width", "48", "-mesh_cells_around", "16",
          "-mech_ksp_rtol", "1e-11", "-output_dir", outdir, "-output_overwrite"]
diorun.run(["run", "-problem", "transverse_section", "-tunnel_relaxation", "0", "-output_name", "plane"] + common, np=np_)
diorun.run(["run", "-problem", "tbm_segment", "-tunnel_segment_length", "24", "-tunnel_stage_length", "24", "-tunnel_drive_length", "24",
            "-tunnel_shield_length", "0", "-tunnel_grout_length", "0", "-tunnel_face_pressure", "0", "-tunnel_grout_pressure", "0",
            "-bc_ends", "roller", "-output_name", "segment"] + common, np=np_)


def last(f):
    return f["fields/" + sorted(k for k in f["fields"] if k.startswith("step_"))[-1]]


f2, f3 = h5py.File(os.path.join(outdir, "plane.h5"), "r"), h5py.File(os.path.join(outdir, "segment.h5"), "r")
v2, u2 = f2["mesh/vertices"][:], last(f2)["displacement"][:]
v3, u3 = f3["mesh/vertices"][:], last(f3)["displacement"][:]
mid = np.isclose(v3[:, 0], 0.0)  # one slice, rollers on both ends: every section is in plane strain
key2 = {(round(x, 6), round(y, 6)): i for i, (x, y) in enumerate(v2[:, :2])}
idx2 = np.array([key2.get((round(y, 6), round(z, 6)), -1) for y, z in v3[mid][:, 1:3]])
assert (idx2 >= 0).all(), "the mid-length section's vertices differ from the 2D section's"
d3 = u3[mid][:, 1:3]          # (u_y across, u_z up) in 3D
d2 = u2[idx2][:, :2]          # (u_x across, u_y up) in 2D
scale = np.abs(d2).max()
err = np.abs(d3 - d2).max() / scale
along = np.abs(u3[mid][:, 0]).max() / scale
print("plane-strain limit: %d vertices in the section x = 0, max |u| %.4g mm, 3D vs 2D rel. difference %.2e, |u_x| / max |u| %.2e"
      % (mid.sum(), 1e3 * scale, err, along))
sys.exit(0 if err < 1e-6 and along < 1e-6 else 1)
