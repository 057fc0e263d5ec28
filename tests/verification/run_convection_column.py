#!/usr/bin/env python3
"""Convection boundary on an imported mesh through a case file (tests/verification/convection_column.yaml: a 40 m column,
base at T_b = 10 degC, surface cooled by h_c = 5 W/m2/K to T_a = -5 degC, k = 2 W/m/K, steady, no freezing).

Requirement: the steady profile is linear, T(z) = T_b - q (z + H) / k with the heat flow q = (T_b - T_a) / (H / k
+ 1 / h_c) leaving through the surface: T_surface = T_a + q / h_c. Linear fields are exact for P1/Q1, so the vertex
temperatures must match to 1e-7 K (the steady Newton tolerance) on any mesh (10 and 20 cells deep), and the surface
flux h_c (T_surface - T_a) equals q. A wrong sign or a missing face term moves T_surface by K.
Exit 77 (skipped) without gmsh.
usage: run_convection_column.py OUTDIR NP"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, np_ranks = sys.argv[1], int(sys.argv[2])
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
Tb, Ta, hc, k, H = 10.0, -5.0, 5.0, 2.0, 40.0
q = (Tb - Ta) / (H / k + 1 / hc)
for n in (1, 2):
    h5 = diorun.run_on_gmsh_mesh(gmsh, "freezing_column.geo", n, os.path.abspath(os.path.join(outdir, "convection_column_n%d.msh" % n)),
                                 "convection_column.yaml", outdir, "convection_column_n%d_np%d" % (n, np_ranks), np=np_ranks)
    f, steps, _, _ = diorun.open_series(h5)
    v = f["mesh/vertices"][:]
    T = f["fields/" + steps[-1]]["temperature"][:]
    exact = Tb - q * (v[:, 1] + H) / k
    err = np.abs(T - exact).max()
    Ts = T[np.abs(v[:, 1]) < 1e-9].mean()
    diorun.expect(err < 1e-7, "n = %d: %d vertices, largest temperature error %.1e K; surface %.6f degC (exact %.6f), flux out %.6f W/m2 (exact %.6f)"
                  % (n, len(v), err, Ts, Ta + q / hc, hc * (Ts - Ta), q))
sys.exit(1 if diorun.failures else 0)
