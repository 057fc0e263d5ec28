#!/usr/bin/env python3
"""Checkpoint/restart of the coupled longitudinal drive (issue 14, -flow_model consolidation): the checkpoint holds the
displacement, the stored stress (the replaced strip's included), the excess pore pressure and the run's results at a
consolidation step.

Requirement: examples/bering/drive_consolidation.yaml on the coarse section of run_drive_flow.py (x = 66 .. 72 km, two
stages of 2 km, one consolidation step each, a standstill of 1 day in 2 steps after stage 1, 10 days in 1 step after
the drive; coupled steps by LU: output steps 0 initial, 1 stage 1 undrained, 2 its consolidation, 3-4 the standstill,
5 stage 2 undrained, 6 its consolidation, 7 the last standstill), killed on 2 ranks in the middle of output step 4 (the
test hook DIO_TEST_KILL_IN_STEP; the checkpoint after step 3, mid-standstill, is left) and restarted from it on 1 rank
(-restart latest), leaves ONE time series equal to the uninterrupted run's (1 rank): same steps and times, every field
of every step within 1e-9 of the field's largest value over the run (direct coupled solves: ranks differ by round-off;
step 0's excess pressure is solver noise, hence the run's scale, as mpi.drive_flow_ranks_1_2), the same probe rows
(_inflow.csv one per step; _settlement.csv, _drive.csv at stage 1's and 2's undrained instants and every phase's end;
_lining_water.csv on the strip's boundary; values to 1e-9 of the column's largest) and the same summary (settlements,
excess pressures, the water pressure on the strip to 1e-9 relative; 1 restart, as many solves).
A restart with another schedule (-consolidation_standstill_steps 1) is refused, naming the key (exit 1). The pressure
state matters: the same checkpoint with its excess pore pressure zeroed, restarted into a new output,
differs from the uninterrupted run's step 4 (the step after the checkpoint's) by more than 1e-3 of a field's largest
value.
usage: check_drive_flow_restart.py OUTDIR"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

out = os.path.abspath(sys.argv[1])
shutil.rmtree(out, ignore_errors=True)
case = ["run", diorun.source("examples", "bering", "drive_consolidation.yaml"), "-mesh_x_min", "66000", "-mesh_x_max", "72000", "-mesh_cell_size_x", "250",
        "-mesh_cell_size_fine", "6", "-mesh_base_elevation", "-300", "-mesh_cells_above_band", "4", "-tunnel_x_start", "67000", "-tunnel_x_end", "71000",
        "-consolidation_stage_steps", "1", "-consolidation_time_end", "864000", "-consolidation_steps", "1", "-mech_ksp_rtol", "1e-12",
        "-biot_solver", "direct", "-tunnel_standstill_after_stage", "1", "-tunnel_standstill_duration", "86400", "-consolidation_standstill_steps", "2",
        "-progress", "quiet", "-output_name", "drive"]
full, cut, dropped = os.path.join(out, "full"), os.path.join(out, "cut"), os.path.join(out, "dropped")
TOL = 1e-9


def read(outdir, suffix):
    with open(os.path.join(outdir, "drive_" + suffix)) as f:
        return json.load(f) if suffix.endswith(".json") else [r for r in csv.DictReader(f)]


def same_rows(a, b):
    """Same rows (step columns exact; in the order of all their columns: rows of one x come from either rank), every
    value within TOL of its column's largest (pressures: at least 1 Pa)."""
    if len(a) != len(b) or not a or list(a[0]) != list(b[0]):
        return False, np.inf
    keys = list(a[0])
    x, y = (np.array(sorted(tuple(float(r[k]) for k in keys) for r in rows)) for rows in (a, b))
    if not np.array_equal(x[:, 0], y[:, 0]):
        return False, np.inf
    scale = np.maximum(np.abs(x).max(axis=0), [1.0 if k.endswith("_pa") else 1e-300 for k in keys])
    worst = (np.abs(x - y).max(axis=0) / scale).max()
    return worst < TOL, worst


diorun.run(case + ["-output_dir", full], np=1)
env = dict(os.environ, DIO_TEST_KILL_IN_STEP="4")
cmd = [env.get("DIO_MPIEXEC", "mpiexec"), "-n", "2", "--oversubscribe", "--bind-to", "none", env["DIO_EXE"]] + case + ["-output_dir", cut]
killed = subprocess.run(cmd, cwd=env["DIO_SOURCE_DIR"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
checkpoint = os.path.join(cut, "drive.checkpoint.h5")
expect(killed.returncode != 0 and os.path.exists(checkpoint), "killed in output step 4 on 2 ranks (exit %d), a checkpoint left" % killed.returncode)
if not os.path.exists(checkpoint):
    print(killed.stdout[-2000:])
    sys.exit(1)
os.makedirs(dropped)
shutil.copy(checkpoint, os.path.join(dropped, "zeroed.h5"))
rc, log = diorun.run(case + ["-output_dir", cut, "-restart", "latest"], np=1, check=False)
expect(rc == 0 and "[restart]   from" in log and "after stage 3" in log, "restart on 1 rank after output step 3 (mid-standstill): exit %d" % rc)
if rc != 0:
    print(log[-2000:])
    sys.exit(1)

fa, fb, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(full, "drive.h5"), os.path.join(cut, "drive.h5"), run_scale=True)
expect(same_steps and same_times and fields > 0 and worst < TOL,
       "one series, steps %s, times equal %s, %d fields compared, largest difference %.1e (%s) of the field's largest value (tol %g)" %
       ([int(k) for k in fb["steps/step"][:]], same_times, fields, worst, where, TOL))
for suffix in ("inflow.csv", "settlement.csv", "drive.csv", "lining_water.csv"):
    ok, d = same_rows(read(full, suffix), read(cut, suffix))
    expect(ok, "_%s: the same rows, largest difference %.1e of the column's largest (tol %g)" % (suffix, d, TOL))
expect([r["step"] for r in read(cut, "inflow.csv")] == [str(k) for k in range(8)], "_inflow.csv: one row per step, 0 to 7")
sa, sb = read(full, "summary.json"), read(cut, "summary.json")
keys = ["max_settlement_m", "x_of_max_settlement_m", "excess_pore_pressure_max_pa", "excess_pore_pressure_min_pa", "consolidation_settlement_m",
        "surface_settlement_undrained_m", "surface_settlement_final_m", "lining_water_pressure_final_max_pa"]
rel = max(abs(sb.get(k, np.inf) - sa[k]) / max(abs(sa[k]), 1e-300) for k in keys)
expect(rel < TOL and sb["restarts"] == 1 and sb["solves"] == sa["solves"] and sb["standstills"] == 1,
       "same summary: %d values to %.1e (tol %g); %d restart, %d solves (uninterrupted %d)" % (len(keys), rel, TOL, sb["restarts"], sb["solves"], sa["solves"]))

# another schedule is another model: its steps would not be the checkpoint's (refused before anything is built)
rc, log = diorun.run(["check"] + case[1:] + ["-output_dir", cut, "-restart", "latest", "-consolidation_standstill_steps", "1"], np=1, check=False)
expect(rc == 1 and re.search(r"diomede: error: -restart: checkpoint '.*drive\.checkpoint\.h5' is of another model: -consolidation_standstill_steps = 2 in "
                             r"the checkpoint's run, 1 in this one", log) is not None, "a restart with another schedule is refused (exit %d)" % rc)

# the pressure state matters: the checkpoint after step 3 with its excess pore pressure zeroed, restarted anew
import h5py  # noqa: E402
with h5py.File(os.path.join(dropped, "zeroed.h5"), "r+") as f:
    f["excess_pore_pressure"][...] = 0
rc, log = diorun.run(case + ["-output_dir", dropped, "-restart", os.path.join(dropped, "zeroed.h5")], np=1, check=False)
fc, steps_c, vc, cc = diorun.open_series(os.path.join(dropped, "drive.h5")) if rc == 0 else (None, [], None, None)
fa_, steps_a, va, ca = diorun.open_series(os.path.join(full, "drive.h5"))
worst_dropped = diorun.step_difference((fa_, steps_a, va, ca), (fc, steps_c, vc, cc), "step_000004")
expect(rc == 0 and steps_c[0] == "step_000003" and worst_dropped > 1e-3,
       "a restart without the pressure state (zeroed) differs at step 4 by %.1e (> 1e-3); its new output holds steps %s" %
       (worst_dropped, [int(k[5:]) for k in steps_c]))
sys.exit(1 if failures else 0)
