#!/usr/bin/env python3
"""Convection boundary on an imported mesh through a case file (tests/verification/convection_column.yaml: a 40 m column,
base at T_b = 10 degC, surface cooled by h_c = 5 W/m2/K to T_a = -5 degC, k = 2 W/m/K, steady, no freezing).

Requirement: the steady profile is linear, T(z) = T_b - q (z + H) / k with the heat flow q = (T_b - T_a) / (H / k
+ 1 / h_c) leaving through the surface: T_surface = T_a + q / h_c. Linear fields are exact for P1/Q1, so the vertex
temperatures must match to 1e-7 K (the steady Newton tolerance) on any mesh (10 and 20 cells deep), and the surface
flux h_c (T_surface - T_a) equals q. A wrong sign or a missing face term moves T_surface by K. Transient (the column
at 10 degC cooled through the surface for 1e8 s in steps up to 1e6 s, 2 stages): the energy balance of the summary,
enthalpy change = heat in through the boundaries (held base, convection), to 1e-6 of the heat that flowed.
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
# transient: the energy the convection face takes out is counted
import json  # noqa: E402
name = "convection_transient_np%d" % np_ranks
diorun.run(["run", diorun.source("tests", "verification", "convection_column.yaml"), "-mesh_file", os.path.abspath(os.path.join(outdir, "convection_column_n1.msh")),
            "-output_dir", outdir, "-output_name", name, "-heat_steady", "false", "-heat_initial_temperature", "10", "-heat_dt_max", "1e6",
            "-stages_order", "first,second", "-stages_first_duration", "3e7", "-stages_second_duration", "7e7"], np=np_ranks)
with open(os.path.join(outdir, name + "_summary.json")) as f:
    summary = json.load(f)
dH, Q = summary["heat_enthalpy_change_J"], summary["heat_boundary_in_J"]
diorun.expect(Q < 0 and abs(dH - Q) < 1e-6 * abs(Q), "transient: enthalpy change %.6e J, heat in through the boundaries %.6e J (balance %.1e of it), %d steps"
              % (dH, Q, abs(dH - Q) / abs(Q), summary["heat_steps"]))
sys.exit(1 if diorun.failures else 0)
