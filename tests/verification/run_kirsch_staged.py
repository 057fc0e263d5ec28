#!/usr/bin/env python3
"""Kirsch by construction stages on an imported mesh (tests/verification/kirsch_staged.yaml, meshes/kirsch_core.geo:
the plate of kirsch_plate.geo with its hole filled by the region "tunnel", n = 12, Q2, 1 or 2 ranks).

Requirements:
- stage 1 (step 0, initial stress by given components): the stress is the given one in every cell to 1e-9 and the
  displacement is zero; no cell is flagged excavated;
- stage 2 (step 1, excavate "tunnel"): the tunnel's cells are flagged excavated and carry excavation_stage 2; the
  rock's stresses and displacements equal those of the same plate meshed without the core and solved in one step
  (kirsch_mesh.yaml, the imported-mesh Kirsch test) to 1e-6 of the far-field stress / of the largest displacement
  (both solves stop at KSP rtol 1e-10; the rock's cells are the same cells);
- hence the closed form within the tolerances run_kirsch_mesh.py justifies by refinement for this mesh (n = 12:
  stress 1.5 %, wall u_r 0.5 %; measured 1.00 % / 0.27 %, falling to 0.32 % / 0.089 % at n = 24);
- convergence-confinement: excavating with -stages_excavation_release 0.4 and a third stage releasing the rest gives
  0.4 of the displacement after the excavation stage and the single-step result after the third (linear elasticity:
  to 1e-6);
- the engine without stages (-analysis mechanics on kirsch_mesh.yaml: one stage after the uniform initial stress) gives
  the single-step run's fields (to 1e-9).
Exit 77 (skipped) without gmsh.
usage: run_kirsch_staged.py OUTDIR NP"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import check_kirsch  # noqa: E402

outdir, np_ranks = sys.argv[1], int(sys.argv[2])
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
R, ph, pv, E, nu, n = 6.0, 2e6, 1e6, 1e9, 0.25, 12
G = E / (2 * (1 + nu))
staged = diorun.run_on_gmsh_mesh(gmsh, "kirsch_core.geo", n, os.path.abspath(os.path.join(outdir, "kirsch_core.msh")), "kirsch_staged.yaml", outdir,
                                 "kirsch_staged_np%d" % np_ranks, np=np_ranks)
single = diorun.run_on_gmsh_mesh(gmsh, "kirsch_plate.geo", n, os.path.abspath(os.path.join(outdir, "kirsch_plate.msh")), "kirsch_mesh.yaml", outdir,
                                 "kirsch_single_np%d" % np_ranks, np=np_ranks)

fs, steps, _, _ = diorun.open_series(staged)
f1, steps1, _, _ = diorun.open_series(single)
diorun.expect(len(steps) == 2, "one output step per stage: %d steps" % len(steps))
stage_of = fs["fields/static/excavation_stage"][:]
layer = fs["fields/static/layer"][:]
s0, s1 = fs["fields/" + steps[0]], fs["fields/" + steps[1]]
given = np.array([-2e6, -1e6, -0.75e6, 0, 0, 0])
err0 = np.abs(s0["stress"][:] - given).max() / ph
diorun.expect(err0 < 1e-9 and np.abs(s0["displacement"][:]).max() == 0 and s0["excavated"][:].sum() == 0,
              "stage 1: given stress in every cell (error %.1e), zero displacement, nothing excavated" % err0)
is_tunnel = layer == 1
diorun.expect(np.array_equal(s1["excavated"][:] == 1, is_tunnel) and np.all(stage_of[is_tunnel] == 2) and np.all(stage_of[~is_tunnel] == 0),
              "stage 2: the %d tunnel cells flagged excavated, excavation_stage 2" % is_tunnel.sum())

# the rock of the staged run against the single-step run, matched by cell centroid and vertex position
def keyed(f, what):
    v, c = f["mesh/vertices"][:], f["mesh/cells"][:]
    pts = v[c].mean(axis=1) if what == "cells" else v
    return {tuple(np.round(p, 6)): i for i, p in enumerate(pts)}


cells_s, cells_1 = keyed(fs, "cells"), keyed(f1, "cells")
verts_s, verts_1 = keyed(fs, "vertices"), keyed(f1, "vertices")
pairs = [(cells_s[k], i) for k, i in cells_1.items() if k in cells_s]
vpairs = [(verts_s[k], i) for k, i in verts_1.items() if k in verts_s]
last1 = f1["fields/" + steps1[-1]]
a, b = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
va, vb = np.array([p[0] for p in vpairs]), np.array([p[1] for p in vpairs])
ds = np.abs(s1["stress"][:][a] - last1["stress"][:][b]).max() / ph
du_ref = np.abs(last1["displacement"][:]).max()
du = np.abs(s1["displacement"][:][va] - last1["displacement"][:][vb]).max() / du_ref
diorun.expect(len(pairs) == len(cells_1) and len(vpairs) == len(verts_1),
              "the rock's %d cells and %d vertices are those of the single-step mesh" % (len(pairs), len(vpairs)))
diorun.expect(ds < 1e-6 and du < 1e-6, "stage 2 = single-step run: stress difference %.1e of p_h, displacement %.1e of its largest" % (ds, du))
se, de, nc, nw = check_kirsch.errors(staged, R, ph, pv, G, nu)
diorun.expect(se < 0.015 and de < 0.005, "Kirsch: %d cells near the hole, stress error %.3e (tol 1.5e-2), wall u_r error %.3e (tol 5e-3)" % (nc, se, de))
# the excavation released in two parts (beta = 0.4, then the rest)
code, out = diorun.run(["run", diorun.source("tests", "verification", "kirsch_staged.yaml"), "-mesh_file", os.path.abspath(os.path.join(outdir, "kirsch_core.msh")),
                        "-output_dir", outdir, "-output_name", "kirsch_beta_np%d" % np_ranks, "-stages_order", "initial,excavation,rest",
                        "-stages_excavation_release", "0.4", "-stages_rest_steps", "1"], np=np_ranks)
fb, steps_b, _, _ = diorun.open_series(os.path.join(outdir, "kirsch_beta_np%d.h5" % np_ranks))
u1, u2 = fb["fields/" + steps_b[1]]["displacement"][:], fb["fields/" + steps_b[2]]["displacement"][:]
e_part = np.abs(u1 - 0.4 * u2).max() / np.abs(u2).max()
e_full = np.abs(u2 - s1["displacement"][:]).max() / np.abs(u2).max()
diorun.expect(len(steps_b) == 3 and e_part < 1e-6 and e_full < 1e-6,
              "release 0.4 then the rest: stage 2 = 0.4 of the final displacement (%.1e), final = two-stage run (%.1e)" % (e_part, e_full))
# the engine's single default stage = the single-step path
code, out = diorun.run(["run", diorun.source("tests", "verification", "kirsch_mesh.yaml"), "-mesh_file", os.path.abspath(os.path.join(outdir, "kirsch_plate.msh")),
                        "-output_dir", outdir, "-output_name", "kirsch_engine_np%d" % np_ranks, "-analysis", "mechanics"], np=np_ranks)
fe, steps_e, _, _ = diorun.open_series(os.path.join(outdir, "kirsch_engine_np%d.h5" % np_ranks))
le = fe["fields/" + steps_e[-1]]
e_stress = np.abs(le["stress"][:] - last1["stress"][:]).max() / ph
e_disp = np.abs(le["displacement"][:] - last1["displacement"][:]).max() / du_ref
diorun.expect(len(steps_e) == 1 and e_stress < 1e-9 and e_disp < 1e-9,
              "the engine's one default stage = the single-step run: stress %.1e, displacement %.1e" % (e_stress, e_disp))
sys.exit(1 if diorun.failures else 0)
