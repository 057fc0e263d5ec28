#!/usr/bin/env python3
"""Patch tests on imported meshes (tests/errors/data/gmsh/good.msh and good_triangles.msh: two unit squares in quadrilaterals
or triangles, faces left, base, slope at x = 2):
the boundary conditions and loads by name reproduce a uniform stress exactly.
Requirement: rollers on left (u_x = 0) and base (u_y = 0), a traction (t_x, 0) on slope and the top free: sigma_xx =
t_x, sigma_yy = 0 in every cell and at every vertex, and sigma_zz = nu t_x in plane strain, 0 in plane stress, with
eps_zz = -nu t_x / E (plane stress); u_x(x = 2) = 2 t_x / E' (E' = E plane stress, E / (1 - nu^2) plane strain), for
Q1, Q2, P1 and P2; within 1e-8 relative (solver tolerance 1e-12). A base fixed in y only (-boundaries_base_components y) acts as the roller. Then a pressure p on slope gives
sigma_xx = -p, and a prescribed
displacement (d, 0) on slope gives u = (d, 0) at its vertices. Reference: linear elasticity, a homogeneous state.
usage: run_mesh_patch.py OUTDIR"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402

outdir = sys.argv[1]
E, nu, t = 1e9, 0.25, 2e5
base = ["run", "tests/errors/data/gmsh/two_squares.yaml", "-boundaries_base_type", "roller", "-mech_ksp_rtol", "1e-12", "-output_dir", outdir,
        "-output_overwrite", "-progress", "quiet"]


def fields(name):
    with h5py.File(os.path.join(outdir, name + ".h5"), "r") as f:
        step = f["fields/step_000000"]
        return f["mesh/vertices"][:], step["effective_stress"][:], step["effective_stress_vertex"][:], step["strain"][:], step["displacement"][:]


def close(a, b, scale):
    return np.max(np.abs(np.asarray(a) - b)) <= 1e-8 * scale


for mesh, order in (("good", 1), ("good", 2), ("good_triangles", 1), ("good_triangles", 2)):
    for plane_stress in (False, True):
        name = "patch_%s_%s%d_%s" % (mesh, "p" if "triangles" in mesh else "q", order, "stress" if plane_stress else "strain")
        diorun.run(base + ["-mesh_file", "tests/errors/data/gmsh/%s.msh" % mesh, "-mech_element_order", str(order), "-mech_plane_stress", str(plane_stress).lower(),
                           "-boundaries_slope_type", "traction",
                           "-boundaries_slope_value", "%g,0" % t, "-output_name", name])
        X, s, sv, eps, u = fields(name)
        szz = 0.0 if plane_stress else nu * t
        Ep = E if plane_stress else E / (1 - nu * nu)
        right = np.abs(X[:, 0] - 2) < 1e-12
        diorun.expect(close(s[:, 0], t, t) and close(s[:, 1], 0, t) and close(s[:, 2], szz, t) and close(s[:, 3], 0, t), name + ": cell stress uniform")
        diorun.expect(close(sv[:, 0], t, t) and close(sv[:, 1], 0, t) and close(sv[:, 2], szz, t), name + ": vertex stress uniform")
        if plane_stress:
            diorun.expect(close(eps[:, 2], -nu * t / E, t / E), name + ": eps_zz = -nu t / E")
        diorun.expect(close(u[right, 0], 2 * t / Ep, t / E), name + ": u_x(2) = %.6e (expected %.6e)" % (u[right, 0].mean(), 2 * t / Ep))
name = "patch_fixed_components"
diorun.run(base + ["-boundaries_base_type", "fixed", "-boundaries_base_components", "y", "-boundaries_slope_type", "traction", "-boundaries_slope_value",
                   "%g,0" % t, "-output_name", name])
X, s, sv, eps, u = fields(name)
diorun.expect(close(s[:, 0], t, t) and close(s[:, 1], 0, t), name + ": base fixed in y only acts as a roller (uniform sigma_xx = t)")
name = "patch_pressure"
diorun.run(base + ["-boundaries_slope_type", "pressure", "-boundaries_slope_value", "%g" % t, "-output_name", name])
X, s, sv, eps, u = fields(name)
diorun.expect(close(s[:, 0], -t, t) and close(s[:, 1], 0, t), name + ": sigma_xx = -p")
name = "patch_displacement"
diorun.run(base + ["-boundaries_slope_type", "displacement", "-boundaries_slope_value", "1e-3,0", "-output_name", name])
X, s, sv, eps, u = fields(name)
right = np.abs(X[:, 0] - 2) < 1e-12
diorun.expect(close(u[right, 0], 1e-3, 1e-3) and close(u[right, 1], 0, 1e-3), name + ": u = (1e-3, 0) on slope")
sys.exit(1 if diorun.failures else 0)
