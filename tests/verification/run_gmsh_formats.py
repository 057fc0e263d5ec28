#!/usr/bin/env python3
"""The same case in the four .msh formats diomede reads: 2.2 and 4.1, ASCII and binary (issue 17).

Requirement: a mesh written by gmsh in any of the four formats gives the same answer, named face groups and (3D) named
edge groups included. Cases: NAFEMS LE10 (tests/verification/nafems_le10.yaml, n = 4: hexahedra, faces and the
mid-plane edge group 'outer_mid' held in z) and NAFEMS LE1 (nafems_le1.yaml, n = 8: quadrilaterals, plane stress).
Each format's output is compared with the 2.2 ASCII one, vertices and cells matched by coordinates: every field within
1e-8 of its largest value (the solver's rtol is 1e-10; element order in the file may differ between formats, so the
matrices differ by round-off); the LE10 edge group holds u_z = 0 on its line in every format (1e-12 of max |u|).
Exit 77 (skipped) without gmsh.
usage: run_gmsh_formats.py OUTDIR"""
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
formats = {"msh22": ["-format", "msh22"], "msh22_bin": ["-format", "msh22", "-bin"],
           "msh41": ["-format", "msh41"], "msh41_bin": ["-format", "msh41", "-bin"]}


def solve(case, geo, dim, n, fmt):
    mesh = os.path.abspath(os.path.join(outdir, "%s_%s.msh" % (case, fmt)))
    subprocess.run([gmsh, "-%d" % dim, "-setnumber", "n", str(n)] + formats[fmt] + [diorun.source("tests", "verification", "meshes", geo), "-o", mesh],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    name = "%s_%s" % (case, fmt)
    diorun.run(["run", diorun.source("tests", "verification", case + ".yaml"), "-mesh_file", mesh, "-output_dir", outdir, "-output_name", name])
    return os.path.join(outdir, name + ".h5")


for case, geo, dim, n in (("nafems_le10", "nafems_le10.geo", 3, 4), ("nafems_le1", "nafems_le1.geo", 2, 8)):
    results = {fmt: solve(case, geo, dim, n, fmt) for fmt in formats}
    for fmt, h5 in results.items():
        if case == "nafems_le10":
            with h5py.File(h5, "r") as f:
                X, u = f["mesh/vertices"][:], f["fields/step_000000/displacement"][:]
            line = (np.abs(X[:, 2]) < 1e-9) & (np.abs((X[:, 0] / 3.25) ** 2 + (X[:, 1] / 2.75) ** 2 - 1) < 1e-9)
            held = np.abs(u[line, 2]).max() / np.abs(u).max()
            diorun.expect(line.sum() == 2 * n + 1 and held < 1e-12, "%s, %s: the edge group's %d vertices hold u_z = 0 (max |u_z| %.1e of max |u|)"
                          % (case, fmt, line.sum(), held))
        if fmt == "msh22":
            continue
        fa, fb, same_steps, _, worst, where, fields = diorun.compare_series(results["msh22"], h5)
        fa.close()
        fb.close()
        diorun.expect(same_steps and fields > 0 and worst < 1e-8, "%s: %s equals msh22 ASCII (%d fields, largest difference %.1e at %s)"
                      % (case, fmt, fields, worst, where))
sys.exit(1 if diorun.failures else 0)
