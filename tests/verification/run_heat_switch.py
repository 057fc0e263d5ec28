#!/usr/bin/env python3
"""A thermal condition switched by stage on an imported mesh (heat_surface_switch.yaml, stage_heat.c): the top of a
10 m column held at 5 degC from stage 'warm' on, insulated before, at two resolutions against the half-space solution.
usage: run_heat_switch.py OUTDIR NP

Requirements (issue 17: temperature / heat flux / convection switched by -stages_<s>_apply / _remove):
- before the switch ('rest', 1e6 s, every face insulated) the temperature stays at its initial 0 degC (to 1e-12);
- from the switch time t_s on, T = T1 erfc((H - y) / (2 sqrt(a (t - t_s)))) with a = k / C = 1e-6 m2/s (Carslaw &
  Jaeger 1959, 2.4; the base at 10 m is insulated, where the half-space solution is below 1e-3 T1 at the last
  output), at the three stage ends after it, on the axis: on the fine run (n = 40 cells over H, heat steps of 5e4 s)
  within 1e-2 T1 and below 0.6 times the coarse run's (n = 20, 1e5 s: backward Euler and the Q1 mesh are both first and
  second order, so halving both at least halves the error of a switched temperature; a wrong switch time or boundary
  does not converge). Measured: see the printed lines;
- restarted from the checkpoint after 'rest' (the switch comes after it), n = 20, the run equals its uninterrupted
  one: every field of every step within 1e-12 of its largest value (the same solves from the same state).
Exit 77 (skipped) without gmsh."""
import math
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, np_ranks = sys.argv[1], int(sys.argv[2])
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
import h5py  # noqa: E402

H, T1, a = 10.0, 5.0, 2.0 / 2.0e6
errors = []
for n, dt in ((20, 1e5), (40, 5e4)):
    mesh = os.path.abspath(os.path.join(outdir, "terzaghi_column_n%d.msh" % n))
    subprocess.run([gmsh, "-2", "-setnumber", "n", str(n), diorun.source("tests", "verification", "meshes", "terzaghi_column.geo"), "-o", mesh],
                   check=True, stdout=subprocess.DEVNULL)
    name = "heat_switch_n%d_np%d" % (n, np_ranks)
    diorun.run(["run", diorun.source("tests", "verification", "heat_surface_switch.yaml"), "-mesh_file", mesh, "-output_dir", outdir,
                "-output_name", name, "-heat_dt_initial", str(dt), "-heat_dt_max", str(dt)], np=np_ranks)
    f = h5py.File(os.path.join(outdir, name + ".h5"), "r")
    verts = f["mesh/vertices"][:]
    times = f["steps/time"][:]
    names = sorted(k for k in f["fields"] if k.startswith("step_"))
    axis = np.isclose(verts[:, 0], 0.0)
    y = verts[axis, 1]
    rest = np.abs(f["fields"][names[0]]["temperature"][:]).max()
    diorun.expect(rest < 1e-12, "n = %d: temperature before the switch (insulated top) %.1e degC (tol 1e-12)" % (n, rest))
    err = 0.0
    for k in range(1, len(names)):
        t = times[k] - times[0]
        exact = np.array([T1 * math.erfc((H - yy) / (2 * math.sqrt(a * t))) for yy in y])
        e = np.abs(f["fields"][names[k]]["temperature"][:][axis] - exact).max() / T1
        err = max(err, e)
        print("n = %d, dt = %g s, t - t_s = %.3g s: max |T - T_exact| / T1 = %.3e" % (n, dt, t, e))
    errors.append(err)
base = ["run", diorun.source("tests", "verification", "heat_surface_switch.yaml"), "-mesh_file", os.path.abspath(os.path.join(outdir, "terzaghi_column_n20.msh")),
        "-output_dir", os.path.abspath(outdir), "-output_name", "heat_switch_restart_np%d" % np_ranks]
kept, restarted, _ = diorun.restart_after(base, 1, np=np_ranks)
_, _, same_steps, same_times, worst, where, fields = diorun.compare_series(kept, restarted, run_scale=True)
diorun.expect(same_steps and same_times and fields > 0 and worst < 1e-12,
              "restarted after 'rest' = uninterrupted, %d fields, largest difference %.1e at %s (tol 1e-12)" % (fields, worst, where))
diorun.expect(errors[1] < 1e-2, "fine error %.2e < 1e-2" % errors[1])
diorun.expect(errors[1] < 0.6 * errors[0], "converges: %.2e -> %.2e" % tuple(errors))
sys.exit(1 if diorun.failures else 0)
