#!/usr/bin/env python3
"""Flow boundaries held at a hydraulic head on an imported mesh (-boundaries_<name>_head, named_flow_boundaries.c):
head_seepage.yaml's column (meshes/terzaghi_column.geo, n = 4 and 8 cells up and across, Q2-Q1), sides held at
heads 12 m and 11 m, the water table at the top (10 m).
usage: run_head_boundaries.py OUTDIR NP

Requirements:
- steady 1D seepage: at the end of the consolidation the excess pore pressure is rho_w g (h(x) - 10), h(x) = 12 - x
  (linear head across, the same at every z: the side pressures rho_w g (h - z) vary with z), and the Darcy flux from
  its slope, -K / (rho_w g) dp/dx, is K (h_l - h_r) / W = 1e-7 m/s, both within 1e-10 relative at n = 4 and 8
  (interior nodes across: the side values alone do not make it). The steady state lies in the Q1 space (linear in
  x), so the error is not a discretisation error: what is left of the transient after 2e5 s (about 240 times its time
  scale) and the direct solver's round-off; refinement leaves it there (measured 2e-14 for the pressure and 8e-13 for
  the flux at both n);
- a head on a horizontal boundary is its pressure: the top held at -boundaries_top_head 12.5 equals the run with
  -boundaries_top_pore_pressure rho_w g (12.5 - 10) = 24525 Pa, every field of every step within 1e-12 of its largest
  value (the same boundary values: round-off);
- above the head the pressure is atmospheric (clamped at 0, no suction): with the right side at head 8 m (below its
  top), its nodes' excess pore pressure is rho_w g (max(8 - z, 0) - (10 - z)) within 1e-9 of rho_w g.
Exit 77 (skipped) without gmsh."""
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, np_ranks = os.path.abspath(sys.argv[1]), int(sys.argv[2])
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
import h5py  # noqa: E402

gamma_w, level, K, W, h_l, h_r = 1000 * 9.81, 10.0, 1e-7, 1.0, 12.0, 11.0


def run(n, name, extra=()):
    mesh = os.path.join(outdir, "terzaghi_column_n%d.msh" % n)
    if not os.path.exists(mesh):
        subprocess.run([gmsh, "-2", "-setnumber", "n", str(n), "-setnumber", "m", str(n), diorun.source("tests", "verification", "meshes", "terzaghi_column.geo"), "-o", mesh],
                       check=True, stdout=subprocess.DEVNULL)
    diorun.run(["run", diorun.source("tests", "verification", "head_seepage.yaml"), "-mesh_file", mesh, "-output_dir", outdir,
                "-output_name", "%s_np%d" % (name, np_ranks)] + list(extra), np=np_ranks)
    path = os.path.join(outdir, "%s_np%d.h5" % (name, np_ranks))
    f = h5py.File(path, "r")
    last = sorted(k for k in f["fields"] if k.startswith("step_"))[-1]
    return path, f["mesh/vertices"][:], f["fields"][last]["excess_pore_pressure"][:].ravel()


for n in (4, 8):
    _, v, p = run(n, "seepage_n%d" % n)
    x = v[:, 0]
    exact = gamma_w * (h_l - (h_l - h_r) * x / W - level)
    e = np.abs(p - exact).max() / (gamma_w * (h_l - h_r))
    inner = np.isclose(x, 0.25) | np.isclose(x, 0.75)  # nodes off the sides: the flux from the solved values
    hi, lo = np.isclose(x, 0.25), np.isclose(x, 0.75)
    flux = -K / gamma_w * (p[lo].mean() - p[hi].mean()) / 0.5
    e_inner = np.abs(p[inner] - exact[inner]).max() / (gamma_w * (h_l - h_r))
    ef = abs(flux / (K * (h_l - h_r) / W) - 1)
    diorun.expect(inner.sum() > 0 and e_inner < 1e-10, "n = %d: %d interior nodes, error %.2e" % (n, inner.sum(), e_inner))
    diorun.expect(e < 1e-10, "n = %d: excess pore pressure rho_w g (h(x) - z_w), max error %.2e of rho_w g dh (tol 1e-10)" % (n, e))
    diorun.expect(ef < 1e-10, "n = %d: Darcy flux %.6e m/s = K dh / W = %.1e, relative error %.2e (tol 1e-10)" % (n, flux, K * (h_l - h_r) / W, ef))

# the default iterative solver on the 8 x 8 column (it stopped at the first consolidation step after the undrained one
# before GAMG set up the pressure block afresh for the new dt): the same state to its tolerance
_, v, p = run(8, "seepage_n8_fieldsplit", ["-biot_solver", "fieldsplit", "-biot_ksp_rtol", "1e-12"])
e = np.abs(p - gamma_w * (h_l - (h_l - h_r) * v[:, 0] / W - level)).max() / (gamma_w * (h_l - h_r))
diorun.expect(e < 1e-8, "n = 8, default iterative Biot solver (rtol 1e-12): max error %.2e of rho_w g dh (tol 1e-8)" % e)

a, _, _ = run(4, "top_head", ["-boundaries_top_flow", "drained", "-boundaries_top_head", "12.5"])
b, _, _ = run(4, "top_pressure", ["-boundaries_top_flow", "drained", "-boundaries_top_pore_pressure", "%.17g" % (gamma_w * 2.5)])
_, _, same_steps, same_times, worst, where, fields = diorun.compare_series(a, b, run_scale=True)
diorun.expect(same_steps and same_times and fields > 0 and worst < 1e-12,
              "top head 12.5 m = top pore pressure 24525 Pa: %d fields, largest difference %.1e at %s (tol 1e-12)" % (fields, worst, where))

_, v, p = run(4, "clamped", ["-boundaries_right_head", "8"])
right, z = np.isclose(v[:, 0], W), v[:, 1]
exact = gamma_w * (np.maximum(8 - z, 0) - (level - z))
e = np.abs(p[right] - exact[right]).max() / gamma_w
diorun.expect(e < 1e-9, "right side at head 8 m: excess rho_w g (max(8 - z, 0) - (10 - z)) on its nodes, error %.1e of rho_w g (tol 1e-9)" % e)
sys.exit(1 if diorun.failures else 0)
