#!/usr/bin/env python3
"""A non-uniform initial temperature on an imported mesh (heat_initial_field.yaml: -heat_initial_temperature_field,
issue 17), through the case file: an insulated 10 m column from T0 = 5 + 2 cos(pi y / H) degC.
usage: run_heat_initial_field.py OUTDIR NP

Requirements:
- the initial state (stage 'start', no duration) is T0 at the vertices to 1e-12 K (the expression evaluated at the
  nodes);
- the cosine, the first insulated mode, decays as T = 5 + 2 cos(pi y / H) exp(-a (pi / H)^2 t), a = 1e-6 m2/s
  (Carslaw & Jaeger 1959, 3.3), at the stage ends t = 2.5e6 and 5e6 s. Backward Euler decays slower than the exponential
  by N (lambda dt)^2 / 2 (relative; 2.4e-3 with dt = 1e5 s at 5e6 s: 3.0e-3 K) and the lumped Q1 mesh's mode by
  (k h)^2 / 12 lambda t (1.0e-3, h = 0.5 m: 1.2e-3 K): 4.2e-3 K expected at n = 20, dt = 1e5 s, measured 4.19e-3;
  1.8e-3 K measured at n = 40, dt = 5e4 s. So: within 6e-3 K (n = 20) and 2.5e-3 K (n = 40), and the fine error below
  0.6 times the coarse (measured 0.43; the time error halves, the space error quarters). A run that ignored the field
  (uniform 0 degC) is 5 K off;
- thaw (thaw_column.yaml at n = 10): -heat_initial_temperature_field '-3 + 0 * y' (with -heat_initial_temperature 0)
  gives the uniform -3 degC run: every field of every step within 1e-12 (the field is the start and the thaw's
  reference; the uniform 0 it replaces would thaw nothing and differ by the whole settlement).
Exit 77 (skipped) without gmsh."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, np_ranks = sys.argv[1], int(sys.argv[2])
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
H, a = 10.0, 2.0 / 2.0e6
errors = []
for n, dt, tol in ((20, 1e5, 6e-3), (40, 5e4, 2.5e-3)):
    h5 = diorun.run_on_gmsh_mesh(gmsh, "terzaghi_column.geo", n, os.path.abspath(os.path.join(outdir, "terzaghi_column_n%d.msh" % n)),
                                 "heat_initial_field.yaml", outdir, "heat_initial_field_n%d_np%d" % (n, np_ranks), np=np_ranks,
                                 args=["-heat_dt_initial", str(dt), "-heat_dt_max", str(dt)])
    f, steps, _, _ = diorun.open_series(h5)
    y = f["mesh/vertices"][:, 1]
    times = f["steps/time"][:]
    worst = [np.abs(f["fields/" + s + "/temperature"][:] - (5 + 2 * np.cos(np.pi * y / H) * np.exp(-a * (np.pi / H) ** 2 * t))).max()
             for s, t in zip(steps, times)]
    diorun.expect(len(steps) == 3 and times[0] == 0 and worst[0] < 1e-12, "n = %d: initial state T0 at the vertices within %.1e K (tol 1e-12)"
                  % (n, worst[0]))
    diorun.expect(max(worst[1:]) < tol, "n = %d, dt = %g s: the decaying mode within %.2e K at t = 2.5e6 s, %.2e K at 5e6 s (tol %.1e)"
                  % (n, dt, worst[1], worst[2], tol))
    errors.append(max(worst[1:]))
diorun.expect(errors[1] < 0.6 * errors[0], "error ratio fine / coarse %.2f (need < 0.6)" % (errors[1] / errors[0]))
# thaw (thaw_column.yaml, frozen at a uniform -3 degC): the same initial temperature given as a field (with
# -heat_initial_temperature 0) is the same run, the field being both the start and the thaw's reference
runs = []
for name, args in (("thaw_uniform", []), ("thaw_field", ["-heat_initial_temperature", "0", "-heat_initial_temperature_field", "-3 + 0 * y"])):
    runs.append(diorun.run_on_gmsh_mesh(gmsh, "freezing_column.geo", 10, os.path.abspath(os.path.join(outdir, "freezing_column_n10.msh")),
                                        "thaw_column.yaml", outdir, "%s_np%d" % (name, np_ranks), np=np_ranks, args=args))
_, _, same_steps, same_times, worst, where, fields = diorun.compare_series(*runs)
diorun.expect(same_steps and same_times and fields > 0 and worst < 1e-12,
              "thaw from the field '-3 + 0 * y': %d fields of every step within %.1e of the uniform -3 degC run (%s; tol 1e-12)"
              % (fields, worst, where))
sys.exit(1 if diorun.failures else 0)
