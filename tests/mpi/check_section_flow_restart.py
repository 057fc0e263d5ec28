#!/usr/bin/env python3
"""Checkpoint/restart of the transverse section's consolidation (issue 14, -flow_model consolidation): the checkpoint
holds the pressure state.

Requirement: a watertight lining's consolidation (16 cells around, 3 steps to 1e5 s after the undrained excavation and
lining stages: output steps 0-2 the stages, 3-5 the consolidation) killed on 2 ranks in the middle of output step 4
(the test hook DIO_TEST_KILL_IN_STEP; the checkpoint after step 3 is left) and restarted from it on 1 rank (-restart
latest) leaves ONE time series equal, step by step and field by field, to the uninterrupted run's (1 rank): same steps
and times, every field within 1e-6 of the field's largest value over the run (the coupled solves stop at
-biot_ksp_rtol 1e-12 of their reference; step 0's excess pressure is solver noise, so each field is measured against
its largest value over the run, as mpi.section_flow_ranks_1_2 does; measured 1.3e-10), the same probe rows
(_inflow.csv, one row per step) and the same summary (settlement, lining forces and water pressure to 1e-6 relative,
the excess pressures to 1e-6 of the largest). The checkpoint's state is mid-consolidation: step 4's largest excess
pressure is between 0.1 and 0.9 of step 3's. The pressure state matters: the same checkpoint with its excess pore
pressure zeroed (a restart that dropped it), restarted into a new output (no output to continue: the restored state is
written as its first step), differs from the uninterrupted run's step 5 by more than 1e-3 of a field's largest value
(the stored effective stress is then out of equilibrium with the water).
usage: check_section_flow_restart.py OUTDIR"""
import csv
import json
import os
import shutil
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

out = os.path.abspath(sys.argv[1])
shutil.rmtree(out, ignore_errors=True)
case = ["run", "-problem", "transverse_section", "-mesh_half_width", "40", "-mesh_cells_around", "16", "-flow_model", "consolidation",
        "-flow_tunnel_wall", "watertight", "-consolidation_steps", "3", "-consolidation_time_end", "1e5", "-mech_ksp_rtol", "1e-12",
        "-biot_ksp_rtol", "1e-12", "-progress", "quiet", "-output_name", "section"]
full, cut = os.path.join(out, "full"), os.path.join(out, "cut")


def summary(outdir):
    with open(os.path.join(outdir, "section_summary.json")) as f:
        return json.load(f)


def inflow_rows(outdir):
    with open(os.path.join(outdir, "section_inflow.csv")) as f:
        return [r for r in csv.DictReader(f)]


diorun.run(case + ["-output_dir", full], np=1)
env = dict(os.environ, DIO_TEST_KILL_IN_STEP="4")
cmd = [env.get("DIO_MPIEXEC", "mpiexec"), "-n", "2", "--oversubscribe", "--bind-to", "none", env["DIO_EXE"]] + case + ["-output_dir", cut]
killed = subprocess.run(cmd, cwd=env["DIO_SOURCE_DIR"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
expect(killed.returncode != 0 and os.path.exists(os.path.join(cut, "section.checkpoint.h5")),
       "killed in output step 4 on 2 ranks (exit %d), a checkpoint left" % killed.returncode)
dropped = os.path.join(out, "dropped")
os.makedirs(dropped)
if os.path.exists(os.path.join(cut, "section.checkpoint.h5")):
    shutil.copy(os.path.join(cut, "section.checkpoint.h5"), os.path.join(dropped, "zeroed.h5"))
rc, log = diorun.run(case + ["-output_dir", cut, "-restart", "latest"], np=1, check=False)
expect(rc == 0 and "[restart]   from" in log and "after stage 3" in log, "restart on 1 rank after output step 3: exit %d" % rc)
if rc != 0:
    print(log[-2000:])
    sys.exit(1)

fa, steps, va, ca = diorun.open_series(os.path.join(full, "section.h5"))
fb, steps_b, vb, cb = diorun.open_series(os.path.join(cut, "section.h5"))
same_steps = steps == steps_b and list(fa["steps/step"][:]) == list(fb["steps/step"][:])
same_times = np.array_equal(fa["steps/time"][:], fb["steps/time"][:])
worst, where, fields = 0.0, "", 0
for field in sorted(fa["fields"][steps[-1]]) if same_steps else []:
    center = fa["fields"][steps[-1]][field].attrs["center"]
    oa, ob = (va, vb) if (center.decode() if isinstance(center, bytes) else center) == "vertex" else (ca, cb)
    scale = max(np.abs(fa["fields"][k][field][:]).max() for k in steps)
    for k in steps:
        x, y = fa["fields"][k][field][:][oa].astype(float), fb["fields"][k][field][:][ob].astype(float)
        d = np.abs(x - y).max() / max(scale, 1e-300) if x.shape == y.shape else np.inf
        fields += 1
        if d > worst:
            worst, where = d, "%s/%s" % (k, field)
p3, p4 = (np.abs(fa["fields"]["step_%06d" % k]["excess_pore_pressure"][:]).max() for k in (3, 4))
expect(0.1 * p3 < p4 < 0.9 * p3, "mid-consolidation at the checkpoint: largest excess pore pressure %.4g Pa at step 4, %.4g Pa at step 3" % (p4, p3))
expect(same_steps and same_times and fields > 0 and worst < 1e-6,
       "one series, steps %s, times equal %s, %d fields compared, largest difference %.1e (%s) of the field's largest value (tol 1e-6)" %
       ([int(k) for k in fb["steps/step"][:]], same_times, fields, worst, where))

ra, rb = inflow_rows(full), inflow_rows(cut)
expect([r["step"] for r in rb] == [r["step"] for r in ra] == [str(k) for k in range(6)], "_inflow.csv: one row per step, 0 to 5")
sa, sb = summary(full), summary(cut)
relative = ["consolidation_settlement_m", "lining_water_pressure_final_max_pa", "lining_thrust_max_N_per_m", "max_surface_settlement_m"]
excess = ["excess_pore_pressure_max_pa", "excess_pore_pressure_min_pa"]
scale = max(abs(sa[k]) for k in excess)
ok = all(abs(sb[k] - sa[k]) <= 1e-6 * abs(sa[k]) for k in relative) and all(abs(sb[k] - sa[k]) <= 1e-6 * scale for k in excess)
expect(ok and sb["tunnel_inflow_m3_per_s_per_m"] == 0 and sb["restarts"] == 1 and sb["solves"] == sa["solves"],
       "same summary: %s against %s; %d restart, %d solves (uninterrupted %d)" %
       ({k: sb[k] for k in relative + excess}, {k: sa[k] for k in relative + excess}, sb["restarts"], sb["solves"], sa["solves"]))

# the pressure state matters: the checkpoint after step 3 (copied before the restart) with its excess pore pressure
# zeroed, restarted into a new output
import h5py  # noqa: E402
with h5py.File(os.path.join(dropped, "zeroed.h5"), "r+") as f:
    f["excess_pore_pressure"][...] = 0
rc, log = diorun.run(case + ["-output_dir", dropped, "-restart", os.path.join(dropped, "zeroed.h5")], np=1, check=False)
fc, steps_c, vc, cc = diorun.open_series(os.path.join(dropped, "section.h5")) if rc == 0 else (None, [], None, None)
worst_dropped = diorun.step_difference((fa, steps, va, ca), (fc, steps_c, vc, cc), "step_000005")
expect(rc == 0 and steps_c == ["step_000003", "step_000004", "step_000005"] and worst_dropped > 1e-3,
       "a restart without the pressure state (zeroed) differs at step 5 by %.1e (> 1e-3); its new output holds steps %s" %
       (worst_dropped, [int(k[5:]) for k in steps_c]))
sys.exit(1 if failures else 0)
