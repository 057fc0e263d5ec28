#!/usr/bin/env python3
"""A curved roller (issue 17: rollers on inclined faces): a quarter ring, inner radius a = 1 m under 1 MPa, its outer
circle b = 4 m a roller on curved faces (each node held along its mean normal), plane strain, Q2 on Gmsh
quadrilaterals (tests/verification/curved_roller.yaml, meshes/curved_roller.geo; straight-sided cells on the circles).
Requirement: u_r = A r + B / r with u_r(b) = 0 and sigma_r(a) = -p (B = p / (2 (lambda + mu) / b^2 + 2 mu / a^2),
A = -B / b^2; reference: Lame's solution, Timoshenko & Goodier 1970, sec. 33): at the inner vertices within 0.5 % for
n = 8 and 0.15 % for n = 16 (measured n = 4, 8, 16: 1.02, 0.24, 0.074 %: the chords' error, about h^2), the error
falling by at least 2.5 from n = 8 to 16; the outer vertices do not move radially (1e-9 of u_r(a)). Exit 77 without
gmsh.
usage: run_curved_roller.py OUTDIR"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402

E, nu, p, a, b = 1e9, 0.3, 1e6, 1.0, 4.0
lam, mu = E * nu / (1 + nu) / (1 - 2 * nu), E / 2 / (1 + nu)
B = p / (2 * (lam + mu) / b ** 2 + 2 * mu / a ** 2)
A = -B / b ** 2


def radial_errors(h5):
    """From an output file: the largest |u_r - (A r + B / r)| at the inner vertices and the largest |u_r| at the
    outer ones, both over u_r(a), and the number of each."""
    with h5py.File(h5, "r") as f:
        X, u = f["mesh/vertices"][:, :2], f["fields/step_000000/displacement"][:, :2]
    r = np.hypot(X[:, 0], X[:, 1])
    ur = (u * X).sum(axis=1) / r
    inner, outer = np.abs(r - a) < 1e-9, np.abs(r - b) < 1e-9
    scale = A * a + B / a
    return np.abs(ur[inner] - (A * r[inner] + B / r[inner])).max() / scale, np.abs(ur[outer]).max() / scale, inner.sum(), outer.sum()


if __name__ == "__main__":
    outdir = sys.argv[1]
    gmsh = diorun.gmsh_or_skip()
    os.makedirs(outdir, exist_ok=True)
    errors = {}
    for n, tolerance in ((8, 0.005), (16, 0.0015)):
        mesh = os.path.abspath(os.path.join(outdir, "curved_roller_n%d.msh" % n))
        h5 = diorun.run_on_gmsh_mesh(gmsh, "curved_roller.geo", n, mesh, "curved_roller.yaml", outdir, "curved_roller_n%d" % n)
        errors[n], held, num_inner, num_outer = radial_errors(h5)
        diorun.expect(errors[n] < tolerance, "n = %d: u_r(a) at %d vertices, error %.3f %% (tol %.2f %%)" % (n, num_inner, 100 * errors[n], 100 * tolerance))
        diorun.expect(num_outer == 2 * n + 1 and held < 1e-9, "n = %d: the curved roller's %d vertices: max |u_r| %.1e of u_r(a)" % (n, num_outer, held))
    diorun.expect(errors[8] / errors[16] >= 2.5, "error ratio n = 8 / 16: %.2f (need >= 2.5)" % (errors[8] / errors[16]))
    sys.exit(1 if diorun.failures else 0)
