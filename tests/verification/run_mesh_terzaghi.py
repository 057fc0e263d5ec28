#!/usr/bin/env python3
"""Terzaghi's 1D consolidation on an imported Gmsh mesh (tests/verification/terzaghi_mesh.yaml, meshes/terzaghi_column.geo;
-materials_soil_drainage consolidation through the stage engine) at two resolutions, against the series solution.
usage: run_mesh_terzaghi.py OUTDIR NP

Requirements (reference: Verruijt 2016, ch. 2, through biot_reference.py, as run_terzaghi.py for the built-in column):
- the initial state is the geostatic one: after stage 1 (gravity, hydrostatic pore pressure below the water level) the
  coupled model keeps it: excess pore pressure below 1e-6 of the largest hydrostatic pressure, displacement below
  1e-8 of the final settlement (both solver tolerance: -biot_ksp_rtol 1e-10), and the vertical effective stress of
  every cell is the buoyant weight -(rho - rho_w) g (H - y) at its centre to 1e-6 (linear in y: the cell average is
  exact);
- after the load (stage 2, undrained) and the consolidation stages, the settlement follows s_0 + (s_inf - s_0) U(T) and
  the excess pore pressure on the axis p_0 sum 4/(M pi) sin(M pi y / 2H) exp(-M^2 pi^2 T / 4) at every output time
  with 0.02 <= T <= 2, with run_terzaghi.py's bounds: on the fine run (n = 20 cells over H, 20 backward-Euler steps a
  stage) U within 2e-2 and p / p_0 within 3e-2, both below 0.6 times the coarse run's (n = 10, 10 steps a stage:
  backward Euler's first-order lag halves when the steps are halved; a wrong c_v, p_0 or storage does not shrink);
  the final settlement (T ~ 5) equals s_inf = q H / K_v to 1e-3;
- a boundary held at a total pore pressure (-boundaries_base_pore_pressure, dp = 20 kPa above the hydrostatic one at
  the base): at the end the steady excess pore pressure dp (1 - y / H) (1D Darcy flow between two held heads; linear,
  so exact in Q1; the transient has decayed by exp(-pi^2 T), T ~ 5) to 1e-6 of dp (solver tolerance: -biot_ksp_rtol
  1e-10; measured 3e-10).
Exit 77 (skipped) without gmsh."""
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
sys.path.insert(0, os.path.dirname(__file__))
import diorun  # noqa: E402
import biot_reference as ref  # noqa: E402

outdir, np_ranks = sys.argv[1], int(sys.argv[2])
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
import h5py  # noqa: E402

q, H, rho, rho_w, g, level = 1e5, 10.0, 2000.0, 1000.0, 9.81, 10.0
stages = ["t1", "t2", "t3", "t4", "t5", "t6"]
results = []
for n, steps in ((10, 10), (20, 20)):
    mesh = os.path.abspath(os.path.join(outdir, "terzaghi_column_n%d.msh" % n))
    subprocess.run([gmsh, "-2", "-setnumber", "n", str(n), diorun.source("tests", "verification", "meshes", "terzaghi_column.geo"), "-o", mesh],
                   check=True, stdout=subprocess.DEVNULL)
    name = "terzaghi_mesh_n%d_np%d" % (n, np_ranks)
    more = [x for s in stages for x in ("-stages_%s_consolidation_steps" % s, str(steps))]
    _, log = diorun.run(["run", diorun.source("tests/verification/terzaghi_mesh.yaml"), "-mesh_file", mesh, "-output_dir", outdir,
                         "-output_name", name] + more, np=np_ranks)
    f = h5py.File(os.path.join(outdir, name + ".h5"), "r")
    opts = ref.options_of(f)
    opts.update({"consolidation_layer": "soil"})
    layer = ref.Layer(opts)
    p0, c_v, s0, s_inf = layer.terzaghi(q, H)
    verts, cells = f["mesh/vertices"][:], f["mesh/cells"][:]
    times = f["steps/time"][:]
    names = sorted(k for k in f["fields"] if k.startswith("step_"))
    y = verts[:, 1]
    top, axis = np.isclose(y, H), np.isclose(verts[:, 0], 0.0)
    # the geostatic state (step 0)
    g0 = f["fields"][names[0]]
    yc = verts[cells].mean(axis=1)[:, 1]
    sv_exact = -(rho - rho_w) * g * (H - yc)
    sv_err = np.abs(g0["effective_stress"][:][:, 1] - sv_exact).max() / np.abs(sv_exact).max()
    p_geo, u_geo = np.abs(g0["excess_pore_pressure"][:]).max(), np.abs(g0["displacement"][:]).max()
    diorun.expect(p_geo < 1e-6 * rho_w * g * level and u_geo < 1e-8 * s_inf and sv_err < 1e-6,
                  "n = %d: geostatic state kept by the coupled model: |p_excess| %.2e Pa, |u| %.2e m, sigma'_v error %.1e" % (n, p_geo, u_geo, sv_err))
    # consolidation: the steps after the load (time 0 .. 4.1e6 s)
    U_err, p_err, s_end = 0.0, 0.0, None
    for k in range(2, len(names)):
        T = c_v * times[k] / H ** 2
        gk = f["fields"][names[k]]
        s = -gk["displacement"][:, 1][top].mean()
        s_exact = s0 + (s_inf - s0) * ref.terzaghi_degree(T)[0]
        if 0.02 <= T <= 2:
            U_err = max(U_err, abs(s - s_exact) / s_inf)
            p = gk["excess_pore_pressure"][:][axis] / p0
            e = np.max(abs(p - ref.terzaghi_pressure((H - y[axis]) / H, T)))
            p_err = max(p_err, e)
            print("n = %d, T = %.4f: U %.4f against %.4f, p/p0 error %.3e" % (n, T, (s - s0) / (s_inf - s0), ref.terzaghi_degree(T)[0], e))
        s_end = (s, s_inf, T)
    print("n = %d: p0 %.5g Pa, c_v %.5g m2/s; max |U - U_exact| %.3e, max p/p0 error %.3e; final settlement %.6g m against %.6g m (T = %.2f)"
          % ((n, p0, c_v, U_err, p_err) + s_end))
    results.append((U_err, p_err, s_end))
# steady seepage: the base held at a total pore pressure dp above the hydrostatic one; at the end (T ~ 5: the transient
# has decayed by exp(-pi^2 T)) the excess pore pressure is linear, dp (1 - y / H), which the Q1 pressure holds exactly
dp = 2e4
name = "seepage_np%d" % np_ranks
diorun.run(["run", diorun.source("tests/verification/terzaghi_mesh.yaml"), "-mesh_file", os.path.abspath(os.path.join(outdir, "terzaghi_column_n10.msh")),
            "-output_dir", outdir, "-output_name", name, "-boundaries_base_pore_pressure", str(rho_w * g * level + dp)], np=np_ranks)
f = h5py.File(os.path.join(outdir, name + ".h5"), "r")
y = f["mesh/vertices"][:, 1]
p = f["fields"][sorted(k for k in f["fields"] if k.startswith("step_"))[-1]]["excess_pore_pressure"][:]
e = np.abs(p - dp * (1 - y / H)).max() / dp
diorun.expect(e < 1e-6, "steady seepage from a base held at %g Pa total: excess pore pressure dp (1 - y / H) to %.1e (tol 1e-6)" % (rho_w * g * level + dp, e))
(U0, P0, _), (U1, P1, s_end) = results
diorun.expect(U1 < 2e-2, "degree of consolidation: fine error %.2e < 2e-2" % U1)
diorun.expect(U1 < 0.6 * U0, "degree of consolidation converges: %.2e -> %.2e" % (U0, U1))
diorun.expect(P1 < 3e-2, "pore-pressure profiles: fine error %.2e < 3e-2" % P1)
diorun.expect(P1 < 0.6 * P0, "pore-pressure profiles converge: %.2e -> %.2e" % (P0, P1))
diorun.expect(abs(s_end[0] - s_end[1]) < 1e-3 * s_end[1], "final settlement %.6g m = q H / K_v = %.6g m to 1e-3" % (s_end[0], s_end[1]))
sys.exit(1 if diorun.failures else 0)
