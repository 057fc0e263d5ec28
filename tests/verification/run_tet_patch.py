#!/usr/bin/env python3
"""Patch test on imported tetrahedra, posed through a case file (tet_patch.yaml: the box [0, 2] x [0, 1] x [0, 1] in
Gmsh's unstructured tetrahedra, rollers on x = 0, y = 0 and z = 0, a traction (t, 0, 0) on x = 2, no weight).
Requirement: for P1 and P2 tetrahedra, and for P1 on the same box whose volume's physical tag precedes the faces'
(tag_order_box.msh), and for P1 (1 and 2 ranks) and P2 on the box turned by 30 degrees about z with rollers on its
inclined faces (rotated_patch.yaml; the state turned alike), sigma_xx = t and every other component 0 in every cell and at every vertex,
u_x = t x / E, u_y = -nu t y / E, u_z = -nu t z / E at every vertex; within 1e-8 relative (solver tolerance 1e-12 on a
well-conditioned system). Reference: linear elasticity, a homogeneous uniaxial state.
usage: run_tet_patch.py OUTDIR"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402

outdir = sys.argv[1]
E, nu, t = 1e9, 0.25, 2e5
# (name, order, mesh): tag_order_box.msh is the same box with the volume's physical tag declared before the faces'
# (PETSc 3.18's region labels mixed up its face groups: the traction acted on the wrong faces)
for name, order, mesh in (("tet_patch_p1", 1, []), ("tet_patch_p2", 2, []),
                          ("tet_patch_tag_order_p1", 1, ["-mesh_file", "tests/verification/data/tag_order_box.msh"])):
    diorun.run(["run", "tests/verification/tet_patch.yaml", "-mech_element_order", str(order), "-output_dir", outdir, "-output_name", name,
                "-output_overwrite", "-progress", "quiet"] + mesh)
    with h5py.File(os.path.join(outdir, name + ".h5"), "r") as f:
        step = f["fields/step_000000"]
        X, s, sv, u = f["mesh/vertices"][:], step["effective_stress"][:], step["effective_stress_vertex"][:], step["displacement"][:]
    expected = np.zeros(6)
    expected[0] = t
    diorun.expect(np.abs(s - expected).max() <= 1e-8 * t, name + ": cell stress (t, 0, 0, 0, 0, 0) in %d cells, max deviation %.2e Pa"
                  % (len(s), np.abs(s - expected).max()))
    diorun.expect(np.abs(sv - expected).max() <= 1e-8 * t, name + ": vertex stress, max deviation %.2e Pa" % np.abs(sv - expected).max())
    exact = np.stack([t * X[:, 0] / E, -nu * t * X[:, 1] / E, -nu * t * X[:, 2] / E], axis=1)
    diorun.expect(np.abs(u - exact).max() <= 1e-8 * 2 * t / E, name + ": displacement at %d vertices, max deviation %.2e m of %.2e"
                  % (len(u), np.abs(u - exact).max(), 2 * t / E))
# rotated_patch.yaml: the box turned by 30 degrees about z, rollers on its inclined faces (each node held along their
# normal; along both where they meet, and with z where they meet the base): the same state turned, sigma = t e' e'^T
c, s30 = np.cos(np.pi / 6), np.sin(np.pi / 6)
for name, order, ranks in (("rotated_patch_p1", 1, 1), ("rotated_patch_p2", 2, 1), ("rotated_patch_p1_np2", 1, 2)):
    diorun.run(["run", "tests/verification/rotated_patch.yaml", "-mech_element_order", str(order), "-output_dir", outdir, "-output_name", name,
                "-output_overwrite", "-progress", "quiet"], np=ranks)
    with h5py.File(os.path.join(outdir, name + ".h5"), "r") as f:
        step = f["fields/step_000000"]
        X, s, u = f["mesh/vertices"][:], step["effective_stress"][:], step["displacement"][:]
    expected = np.array([t * c * c, t * s30 * s30, 0, t * c * s30, 0, 0])
    diorun.expect(np.abs(s - expected).max() <= 1e-8 * t, name + ": cell stress t e' e'^T in %d cells, max deviation %.2e Pa" % (len(s), np.abs(s - expected).max()))
    xp, yp = X[:, 0] * c + X[:, 1] * s30, -X[:, 0] * s30 + X[:, 1] * c
    up, vp = t * xp / E, -nu * t * yp / E
    exact = np.stack([up * c - vp * s30, up * s30 + vp * c, -nu * t * X[:, 2] / E], axis=1)
    diorun.expect(np.abs(u - exact).max() <= 1e-8 * 2 * t / E, name + ": displacement at %d vertices, max deviation %.2e m of %.2e"
                  % (len(u), np.abs(u - exact).max(), 2 * t / E))
sys.exit(1 if diorun.failures else 0)
