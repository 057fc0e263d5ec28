#!/usr/bin/env python3
"""3D drive -> 2D section: far behind the face, the 3D settlement and lining forces approach the plane-strain values
for the same relaxation.

Method (the convergence-confinement calibration, e.g. Panet 1995; Vlachopoulos & Diederichs 2009): a 3D segment
(D = 12 m, axis at -100 m under the chainage-69000 layers, geostatic state) is driven in 6 m stages with the lining
activated one stage (the shield, 6 m) behind the face, no face or grout pressure. At a section (slice 36-42 m) the
crown displacement just before its lining acts, divided by the crown displacement of the 2D section fully released
without lining (beta = 1), is the relaxation beta that the 3D drive implies. The 2D transverse section with that
beta and the lining must then give, when the face is far ahead (57 m = 4.75 D at the end of the drive), the same
surface settlement above the axis and lining forces. Measured (6 m stages, this test; 3 m stages, 32 stages, run
once by hand with the shield still 6 m): beta 0.504 / 0.767; surface settlement 0.9 % / 3.3 %; peak thrust (the
design value, min N) 9.9 % / 3.1 %; |moment| max 9.1 % / 4.4 %; least-compressed thrust (max N) 17 % / 12 %.
Tolerances: settlement 5 %, peak thrust 12 %, moment 12 %, least-compressed thrust 20 %.
Justification: the 3D thrust at the section has converged with the face distance (it changes by 0.001 % over the
last stage; required < 0.5 %) and the cross-sections are the same mesh (the segment mesh is the 2D mesh extruded;
plane-strain identity in run_segment_vs_transverse.py), so the differences are what the two-step beta method
leaves out: in 3D the ground unloads gradually over the stages and the lined ring is bonded to the rings behind
it. They fall as the stages get shorter (peak thrust 9.9 % -> 3.1 %, moment 9.1 % -> 4.4 %), which is the
approach the requirement asks for; the test keeps the coarse stages to stay under a minute. A wrong beta (0: the
thrust doubles; 1: none), a lining activated at the wrong place in 3D or forces taken on the wrong cells
fail it.
usage: run_segment_far_behind_face.py OUTDIR NP"""
import csv
import json
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, np_ = sys.argv[1], int(sys.argv[2])
D, axis, x_section = 12.0, -100.0, 39.0
common = ["-tunnel_chainage", "69000", "-tunnel_diameter", str(D), "-mesh_axis_elevation", str(axis), "-mesh_half_width", "48", "-mesh_cells_around", "16",
          "-output_dir", outdir, "-output_overwrite", "-progress", "quiet"]
seg = "far_face_np%d_3d" % np_
diorun.run(["run", "-problem", "tbm_segment", "-tunnel_segment_length", "120", "-tunnel_stage_length", "6", "-tunnel_drive_length", "96",
            "-tunnel_shield_length", "6", "-tunnel_grout_length", "0", "-tunnel_face_pressure", "0", "-tunnel_grout_pressure", "0",
            "-tunnel_lining_section", str(x_section), "-checkpoint_every", "0", "-output_name", seg] + common, np=np_)


def read_csv(name):
    with open(os.path.join(outdir, name)) as f:
        return [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]


# 3D: crown displacement at the section per step, from the time series (vertices of the slice's two planes)
f = h5py.File(os.path.join(outdir, seg + ".h5"), "r")
v = f["mesh/vertices"][:]
crown = (np.abs(v[:, 1]) < 1e-6) & (np.abs(v[:, 2] - (axis + D / 2)) < 1e-6) & (np.abs(v[:, 0] - x_section) < 3.0 + 1e-6)
steps = sorted(k for k in f["fields"] if k.startswith("step_"))
crown_uz = [f["fields/" + k + "/displacement"][:][crown, 2].mean() for k in steps]
lining = read_csv(seg + "_lining.csv")
first_lined = int(min(r["step"] for r in lining))
last = int(max(r["step"] for r in lining))
N3 = [r["thrust_N_per_m"] for r in lining if r["step"] == last]
M3 = [abs(r["moment_Nm_per_m"]) for r in lining if r["step"] == last]
N3_prev = [r["thrust_N_per_m"] for r in lining if r["step"] == last - 1]
settle3 = np.mean([r["settlement_m"] for r in read_csv(seg + "_longitudinal.csv") if r["step"] == last and abs(r["x_m"] - x_section) <= 3.0 + 1e-6])

# 2D, unlined and fully released: the reference crown displacement
diorun.run(["run", "-problem", "transverse_section", "-tunnel_relaxation", "1", "-tunnel_lining", "false", "-output_name", "far_face_np%d_2d_free" % np_] + common,
           np=np_)
crown_free = read_csv("far_face_np%d_2d_free_tunnel.csv" % np_)[-1]["crown_uy_m"]
beta = crown_uz[first_lined - 1] / crown_free
print("3D: section x = %g m lined at step %d; crown displacement before the lining %.4f mm, 2D unlined %.4f mm: beta = %.3f"
      % (x_section, first_lined, 1e3 * crown_uz[first_lined - 1], 1e3 * crown_free, beta))

two = "far_face_np%d_2d_beta" % np_
diorun.run(["run", "-problem", "transverse_section", "-tunnel_relaxation", "%.6f" % beta, "-output_name", two] + common, np=np_)
s2 = json.load(open(os.path.join(outdir, two + "_summary.json")))
N2 = (s2["lining_thrust_min_N_per_m"], s2["lining_thrust_max_N_per_m"])
M2 = s2["lining_moment_max_Nm_per_m"]
settle2 = [r for r in read_csv(two + "_trough.csv") if r["step"] == 2]
settle2 = min(settle2, key=lambda r: abs(r["x_m"]))["settlement_m"]

checks = [("thrust min (N/m)", min(N3), N2[0], 0.12), ("thrust max (N/m)", max(N3), N2[1], 0.20), ("|moment| max (Nm/m)", max(M3), M2, 0.12),
          ("surface settlement (m)", settle3, settle2, 0.05)]
ok = True
for what, a, b, tol in checks:
    err = abs(a - b) / abs(b)
    ok &= err < tol
    print("  %-24s 3D %.5g  2D %.5g  difference %.2f %% (tol %g %%)" % (what, a, b, 100 * err, 100 * tol))
drift = abs(min(N3) - min(N3_prev)) / abs(min(N3))
print("  3D thrust change over the last stage %.4f %% (converged with the face distance: tol 0.5 %%)" % (100 * drift))
ok &= drift < 5e-3 and 0 < beta < 1
sys.exit(0 if ok else 1)
