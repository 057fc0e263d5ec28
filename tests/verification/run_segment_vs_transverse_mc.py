#!/usr/bin/env python3
"""3D Mohr-Coulomb plasticity (issue 4) against the verified 2D: a 3D segment in plane strain has the plastic
solution of the 2D transverse section.

Requirement: a weak-rock tunnel (metasediments with c = 20 kPa, phi 42, psi 4 degrees, no pore pressure), bore
excavated over the whole segment in one stage, no lining, support pressure 50 kPa on the wall (2D: -tunnel_wall_pressure,
relaxation 1; 3D, two runs: the tail grout pressure over the whole length, and the slurry in the shield gap at the
face pressure, -tunnel_shield_gap_pressure, both without gradient), rollers on the segment ends.
Then every section of the 3D segment must have the displacements of the 2D section (1e-6 relative to the largest),
and every 3D cell the equivalent plastic strain (1e-6 relative to the largest) and yield fraction (1e-9) of the 2D
cell it is extruded from; at least 24 cells must yield (measured 32 of the 2D section's, 188 quadrature points in 3D,
Newton 6 iterations: the plastic update, its tangent and Newton in 3D are what is compared), the axial displacement
must vanish (1e-6).
Reference: the 2D elastoplastic solve, itself verified against Salencon's cavity (verification.cavity_mohr_coulomb:
wall displacement error 0.57 % -> 0.23 % from refine 0 to 1) and Prandtl's footing. Why identity and not a tolerance
from mesh convergence: the segment mesh is the 2D mesh extruded, the 2 x 2 x 2 Gauss points of a hexahedron lie in
pairs on the 2 x 2 points of its quadrilateral with the same strain (u_x = 0 everywhere by the rollers), so the return
maps and the Newton iterates are those of the 2D problem; only the solver tolerances (-mech_ksp_rtol 1e-11,
-mech_snes_rtol 1e-10) separate them. Measured on 2 ranks: displacement 1.3e-12, plastic strain 2.1e-12, yield fraction identical. A wrong 3D principal-stress return,
tangent, pressure face or quadrature-point bookkeeping changes them by percent (before this test's fix the 16-around
wall faces got no pressure at all: 12 % difference in the elastic case, 33 % in the plastic one; the shield run with
-tunnel_shield_gap_pressure false differs by 17 % in displacement, 36 % in plastic strain).
usage: run_segment_vs_transverse_mc.py OUTDIR NP"""
import os
import re
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, np_ = sys.argv[1], int(sys.argv[2])
p_wall = "5e4"
common = ["-tunnel_chainage", "69000", "-tunnel_diameter", "12", "-mesh_axis_elevation", "-100", "-mesh_half_width", "48", "-mesh_cells_around", "16",
          "-loads_pore_pressure", "false", "-materials_constitutive", "mohr_coulomb", "-materials_metasedimentary_rock_cohesion", "2e4",
          "-mech_ksp_rtol", "1e-11", "-mech_snes_rtol", "1e-10", "-output_dir", outdir, "-output_overwrite"]
_, log2 = diorun.run(["run", "-problem", "transverse_section", "-tunnel_relaxation", "1", "-tunnel_lining", "false", "-tunnel_wall_pressure", p_wall,
                      "-output_name", "mc_plane"] + common, np=np_)
segment = ["run", "-problem", "tbm_segment", "-tunnel_segment_length", "6", "-tunnel_stage_length", "6", "-tunnel_drive_length", "6", "-bc_ends", "roller",
           "-checkpoint_every", "0", "-tunnel_grout_pressure_gradient", "0", "-tunnel_face_pressure_gradient", "0"] + common
_, log3 = diorun.run(segment + ["-tunnel_shield_length", "0", "-tunnel_grout_length", "6", "-tunnel_grout_pressure", p_wall, "-tunnel_face_pressure", "0",
                                "-output_name", "mc_segment"], np=np_)
_, log3s = diorun.run(segment + ["-tunnel_shield_length", "6", "-tunnel_grout_length", "0", "-tunnel_face_pressure", p_wall, "-tunnel_grout_pressure", "0",
                                 "-tunnel_shield_gap_pressure", "true", "-output_name", "mc_segment_shield"], np=np_)
for log in (log2, log3, log3s):
    for line in log.splitlines():
        if re.search(r"Newton .* yielding", line):
            print("  " + line.strip())


def last(f):
    return f["fields/" + sorted(k for k in f["fields"] if k.startswith("step_"))[-1]]


f2 = h5py.File(os.path.join(outdir, "mc_plane.h5"), "r")
s2 = last(f2)
v2, u2 = f2["mesh/vertices"][:], s2["displacement"][:]
c2 = v2[f2["mesh/cells"][:]].mean(axis=1)
ep2, yf2 = s2["plastic_strain"][:], s2["yield_fraction"][:]
scale = np.abs(u2).max()
yielded = int((yf2 > 0).sum())
print("2D: %d cells yield (max equivalent plastic strain %.3e), max |u| %.4g mm" % (yielded, ep2.max(), 1e3 * scale))


def compare(name):
    """Every check of the requirement for the 3D run `name` against the 2D section; True if all pass."""
    f3 = h5py.File(os.path.join(outdir, name + ".h5"), "r")
    s3 = last(f3)
    v3, u3 = f3["mesh/vertices"][:], s3["displacement"][:]
    # vertices: every 3D vertex against the 2D vertex at its (y, z)
    key2 = {(round(x, 6), round(y, 6)): i for i, (x, y) in enumerate(v2[:, :2])}
    idx2 = np.array([key2.get((round(y, 6), round(z, 6)), -1) for y, z in v3[:, 1:3]])
    assert (idx2 >= 0).all(), "the segment's vertices differ from the 2D section's"
    err_u = np.abs(u3[:, 1:3] - u2[idx2][:, :2]).max() / scale
    along = np.abs(u3[:, 0]).max() / scale
    # cells: every 3D cell against the 2D cell with its (y, z) centroid
    c3 = v3[f3["mesh/cells"][:]].mean(axis=1)
    ckey = {(round(x, 6), round(y, 6)): i for i, (x, y) in enumerate(c2[:, :2])}
    cidx = np.array([ckey.get((round(y, 6), round(z, 6)), -1) for y, z in c3[:, 1:3]])
    assert (cidx >= 0).all(), "the segment's cells differ from the 2D section's"
    err_ep = np.abs(s3["plastic_strain"][:] - ep2[cidx]).max() / max(ep2.max(), 1e-300)
    err_yf = np.abs(s3["yield_fraction"][:] - yf2[cidx]).max()
    checks = [("displacement 3D vs 2D (rel.)", err_u, 1e-6), ("axial displacement (rel.)", along, 1e-6),
              ("plastic strain 3D vs 2D (rel.)", err_ep, 1e-6), ("yield fraction 3D vs 2D", err_yf, 1e-9)]
    good_all = True
    for what, value, tol in checks:
        good = value < tol
        good_all &= good
        print("%-18s %-32s %.2e (tol %.0e) %s" % (name, what, value, tol, "ok" if good else "FAIL"))
    return good_all


ok = compare("mc_segment") & compare("mc_segment_shield")
if yielded < 24:
    print("only %d cells yield: the case no longer tests plasticity" % yielded)
    ok = False
sys.exit(0 if ok else 1)
