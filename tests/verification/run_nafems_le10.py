#!/usr/bin/env python3
"""NAFEMS LE10 (thick elliptic plate under pressure, 3D) on Gmsh hexahedra, Q2, posed by tests/verification/nafems_le10.yaml.
Requirement: sigma_yy at D = (2, 0, 0.3) within 2 % of the published -5.38 MPa (issue 17), with the benchmark's own
conditions: the outer face held in x and y, its mid-plane line (a named edge group, 'outer_mid') held in z. Reference:
NAFEMS, The Standard NAFEMS Benchmarks (1990), test LE10. The stress is the vertex-averaged output
(effective_stress_vertex); D is a vertex. Tolerances from the measured convergence (nafems_le10.geo: n cells across,
2 n along the arcs, n / 2 through each half of the thickness, graded towards D by 1.3^(4/n)): n = 4, 8, 10, 12, 16 ->
6.49 %, 2.15 %, 1.42 %, 0.98 %, 0.50 % (about h^2; Richardson from n = 12 and 16 gives -5.374 MPa, 0.1 % from the
published value). So n = 10 within 2 %, and the error must fall by at least 3 from n = 4 to n = 10 (measured 4.6).
The n = 4 mesh also runs on 2 ranks (the edge group distributed): sigma_yy(D) the same within 1e-6 relative (solver
tolerance 1e-10). The held line must not move in z (1e-12 of the largest displacement). Meshes written by gmsh at test
time in format 2.2 ASCII (verification.gmsh_formats runs n = 4 in all four formats). Exit 77 (skipped) without gmsh.
usage: run_nafems_le10.py OUTDIR"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402

outdir = sys.argv[1]
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
target = -5.38e6
D = np.array([2.0, 0.0, 0.3])


def solve(n, ranks):
    mesh = os.path.abspath(os.path.join(outdir, "nafems_le10_n%d.msh" % n))
    if not os.path.exists(mesh):
        subprocess.run([gmsh, "-3", "-format", "msh22", "-setnumber", "n", str(n), diorun.source("tests", "verification", "meshes", "nafems_le10.geo"),
                        "-o", mesh], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    name = "nafems_le10_n%d_np%d" % (n, ranks)
    diorun.run(["run", diorun.source("tests", "verification", "nafems_le10.yaml"), "-mesh_file", mesh, "-output_dir", outdir, "-output_name", name],
               np=ranks)
    with h5py.File(os.path.join(outdir, name + ".h5"), "r") as f:
        X, S, u = f["mesh/vertices"][:], f["fields/step_000000/effective_stress_vertex"][:], f["fields/step_000000/displacement"][:]
    i = int(np.argmin(np.linalg.norm(X - D, axis=1)))
    diorun.expect(np.linalg.norm(X[i] - D) < 1e-9, "n = %d, %d rank(s): a vertex at D = (2, 0, 0.3)" % (n, ranks))
    line = (np.abs(X[:, 2]) < 1e-9) & (np.abs((X[:, 0] / 3.25) ** 2 + (X[:, 1] / 2.75) ** 2 - 1) < 1e-9)
    held = np.abs(u[line, 2]).max() / np.abs(u).max()
    diorun.expect(line.sum() >= 2 * n + 1 and held < 1e-12, "n = %d: the outer mid-plane line (%d vertices) holds u_z = 0 (max |u_z| %.1e of max |u|)"
                  % (n, line.sum(), held))
    return S[i, 1]


errors = {}
for n, tolerance in ((4, 0.08), (10, 0.02)):
    sigma = solve(n, 1)
    errors[n] = abs(sigma - target) / abs(target)
    diorun.expect(errors[n] < tolerance, "n = %d: sigma_yy(D) = %.4f MPa, error %.2f %% (tol %.1f %%)" % (n, sigma / 1e6, 100 * errors[n], 100 * tolerance))
diorun.expect(errors[4] / errors[10] >= 3.0, "error ratio n = 4 / 10: %.2f (need >= 3)" % (errors[4] / errors[10]))
sigma_np2 = solve(4, 2)
with h5py.File(os.path.join(outdir, "nafems_le10_n4_np1.h5"), "r") as f:
    X, S = f["mesh/vertices"][:], f["fields/step_000000/effective_stress_vertex"][:]
    sigma_np1 = S[int(np.argmin(np.linalg.norm(X - D, axis=1))), 1]
diorun.expect(abs(sigma_np2 - sigma_np1) <= 1e-6 * abs(sigma_np1), "n = 4: 2 ranks %.6f MPa, 1 rank %.6f MPa" % (sigma_np2 / 1e6, sigma_np1 / 1e6))
sys.exit(1 if diorun.failures else 0)
