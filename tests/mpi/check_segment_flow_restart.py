#!/usr/bin/env python3
"""Checkpoint/restart of the coupled 3D TBM segment (issue 14, -flow_model consolidation): the checkpoint holds the
displacement, the stored stress, the excess pore pressure and the run's results at a consolidation step, both inside a
drive stage's consolidation and inside a standstill.

Requirement: examples/bering/tbm_segment_consolidation.yaml on a small mesh (16 cells around, one across the lining, a 12 m segment in 6 m
slices, one 6 m stage lined at once (no shield, no tail void) with two consolidation steps, a standstill of 1 day in 2
steps after it, 10 days in 1 step at the end; coupled steps by LU: output steps 0 initial, 1 the stage's undrained
instant, 2-3 its consolidation, 4-5 the standstill, 6 the last standstill), stopped twice (the test hook
DIO_TEST_KILL_IN_STEP kills a run in the middle of a step's output) and restarted twice (-restart latest):
  * on 2 ranks, killed in step 3: the checkpoint after step 2 is left, mid-advance (the stage's undrained instant and
    its first consolidation step done, its excavated and lined cells, face pressure and wall condition to restore);
  * restarted from it on 1 rank and killed in step 5: the checkpoint after step 4, mid-standstill;
  * restarted from that on 2 ranks to the end;
leaves ONE time series equal to the uninterrupted run's (1 rank): same steps and times, every field of every step within
1e-8 of the field's largest value over the run (direct coupled solves: ranks differ by round-off; the geostatic solve
stops at -mech_ksp_rtol 1e-12; step 0's excess pressure is solver noise, hence the run's scale, as
mpi.segment_flow_ranks_1_2), the same probe rows (_inflow.csv one per step, _longitudinal.csv and _lining.csv at the
phase ends, values to 1e-8 of the column's largest) and the same summary (settlements, inflow, excess pressures, face
support, lining forces at -tunnel_lining_section 3 m to 1e-8 relative; 2 restarts, as many solves). The tolerance is
round-off (seen 1e-10 on 1 vs 2 ranks), not discretisation: no refinement enters it.
The pressure state matters (the control): the mid-advance checkpoint with its excess pore pressure zeroed, restarted
into a new output, differs from the uninterrupted run's step 3 (the step after the checkpoint's) by more than 1e-3 of
a field's largest value.
usage: check_segment_flow_restart.py OUTDIR"""
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
case = ["run", diorun.source("examples", "bering", "tbm_segment_consolidation.yaml"), "-mesh_cells_around", "16", "-mesh_cells_lining", "1",
        "-mesh_half_width", "24", "-mesh_growth", "2", "-tunnel_segment_length", "12", "-tunnel_stage_length", "6", "-tunnel_drive_length", "6",
        "-tunnel_shield_length", "0", "-tunnel_grout_length", "0", "-tunnel_lining_section", "3", "-consolidation_stage_steps", "2",
        "-mech_ksp_rtol", "1e-12", "-biot_solver", "direct",
        "-tunnel_standstill_after_stage", "1", "-tunnel_standstill_duration", "86400", "-consolidation_standstill_steps", "2",
        "-consolidation_time_end", "864000", "-consolidation_steps", "1", "-progress", "quiet", "-output_name", "segment"]
full, cut, dropped = os.path.join(out, "full"), os.path.join(out, "cut"), os.path.join(out, "dropped")
checkpoint = os.path.join(cut, "segment.checkpoint.h5")


def read(outdir, suffix):
    with open(os.path.join(outdir, "segment_" + suffix)) as f:
        return json.load(f) if suffix.endswith(".json") else [r for r in csv.DictReader(f)]


def same_rows(a, b):
    """Same rows (step columns exact), every value within 1e-8 of its column's largest (pressures: at least 1 Pa, the
    drained wall's water pressure is round-off around 0)."""
    if len(a) != len(b) or not a or list(a[0]) != list(b[0]):
        return False, np.inf
    worst = 0.0
    for key in a[0]:
        x, y = np.array([float(r[key]) for r in a]), np.array([float(r[key]) for r in b])
        if key == "step" and not np.array_equal(x, y):
            return False, np.inf
        worst = max(worst, np.abs(x - y).max() / max(np.abs(x).max(), 1.0 if key.endswith("_pa") else 1e-300))
    return worst < 1e-8, worst


def killed_in(step, np_ranks, args, outdir):
    """Run killed in the middle of output step `step` on np_ranks: True if it died and left a checkpoint."""
    env = dict(os.environ, DIO_TEST_KILL_IN_STEP=str(step))
    cmd = [env.get("DIO_MPIEXEC", "mpiexec"), "-n", str(np_ranks), "--oversubscribe", "--bind-to", "none", env["DIO_EXE"]] + case + args
    proc = subprocess.run(cmd + ["-output_dir", outdir], cwd=env["DIO_SOURCE_DIR"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ok = proc.returncode != 0 and os.path.exists(os.path.join(outdir, "segment.checkpoint.h5"))
    if not ok:
        print(proc.stdout[-2000:])
    return ok, proc.stdout


diorun.run(case + ["-output_dir", full], np=1)
ok, _ = killed_in(3, 2, [], cut)
expect(ok, "killed in output step 3 (the stage's second consolidation step) on 2 ranks, a checkpoint left")
if not ok:
    sys.exit(1)
os.makedirs(dropped)
shutil.copy(checkpoint, os.path.join(dropped, "zeroed.h5"))
ok, log = killed_in(5, 1, ["-restart", "latest"], cut)
expect(ok and "[restart]   from" in log and "after stage 2" in log,
       "restarted on 1 rank after output step 2 (mid-advance), killed in step 5 (the standstill's second), a checkpoint left")
if not ok:
    sys.exit(1)
rc, log = diorun.run(case + ["-output_dir", cut, "-restart", "latest"], np=2, check=False)
expect(rc == 0 and "[restart]   from" in log and "after stage 4" in log, "restarted on 2 ranks after output step 4 (mid-standstill): exit %d" % rc)
if rc != 0:
    print(log[-2000:])
    sys.exit(1)

fa, fb, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(full, "segment.h5"), os.path.join(cut, "segment.h5"),
                                                                            run_scale=True)
expect(same_steps and same_times and fields > 0 and worst < 1e-8,
       "one series, steps %s, times equal %s, %d fields compared, largest difference %.1e (%s) of the field's largest value (tol 1e-8)" %
       ([int(k) for k in fb["steps/step"][:]], same_times, fields, worst, where))
for suffix in ("inflow.csv", "longitudinal.csv", "lining.csv"):
    ok, d = same_rows(read(full, suffix), read(cut, suffix))
    expect(ok, "_%s: the same rows, largest difference %.1e of the column's largest (tol 1e-8)" % (suffix, d))
expect([r["step"] for r in read(cut, "inflow.csv")] == [str(k) for k in range(7)], "_inflow.csv: one row per step, 0 to 6")
sa, sb = read(full, "summary.json"), read(cut, "summary.json")
keys = ["max_surface_settlement_m", "tunnel_inflow_m3_per_s_per_m", "tunnel_inflow_max_m3_per_day_per_m", "excess_pore_pressure_max_pa",
        "excess_pore_pressure_min_pa", "consolidation_settlement_m", "tunnel_inflow_total_m3_per_day", "surface_settlement_undrained_m",
        "face_effective_support_min_pa", "face_effective_support_axis_pa", "lining_thrust_max_N_per_m", "lining_moment_max_Nm_per_m"]
rel = max(abs(sb.get(k, np.inf) - sa[k]) / max(abs(sa[k]), 1e-300) for k in keys)
expect(rel < 1e-8 and sb["restarts"] == 2 and sb["solves"] == sa["solves"] and sb["standstills"] == 1 and sa["tunnel_inflow_m3_per_s_per_m"] > 0,
       "same summary: %d values to %.1e (tol 1e-8); %d restarts, %d solves (uninterrupted %d); water flows in" %
       (len(keys), rel, sb["restarts"], sb["solves"], sa["solves"]))

# the pressure state matters: the mid-advance checkpoint (after step 2) with its excess pore pressure zeroed, restarted
# anew and stopped in step 4 (step 3 written)
import h5py  # noqa: E402
with h5py.File(os.path.join(dropped, "zeroed.h5"), "r+") as f:
    f["excess_pore_pressure"][...] = 0
_, log = killed_in(4, 1, ["-restart", os.path.join(dropped, "zeroed.h5")], dropped)
rc = 0 if os.path.exists(os.path.join(dropped, "segment.h5")) else 1
fc, steps_c, vc, cc = diorun.open_series(os.path.join(dropped, "segment.h5")) if rc == 0 else (None, [], None, None)
fa_, steps_a, va, ca = diorun.open_series(os.path.join(full, "segment.h5"))
worst_dropped = diorun.step_difference((fa_, steps_a, va, ca), (fc, steps_c, vc, cc), "step_000003")
expect(rc == 0 and steps_c[0] == "step_000002" and worst_dropped > 1e-3,
       "a restart without the pressure state (zeroed) differs at step 3 by %.1e (> 1e-3); its new output holds steps %s" %
       (worst_dropped, [int(k[5:]) for k in steps_c]))
sys.exit(1 if failures else 0)
