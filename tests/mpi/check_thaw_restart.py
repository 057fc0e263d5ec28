#!/usr/bin/env python3
"""Restart of a thaw run on the stage engine (issue 17, -analysis thaw): the checkpoint holds the temperature, the
heat's next time step and energy terms, and the thaw's history (the largest ice loss so far at each quadrature point
of the mechanics: thaw_history_points, matched by cell centroids).

Requirement: the thaw column (tests/verification/thaw_column.yaml on meshes/freezing_column.geo, cells of 0.4 m) at
rest, thawed from its surface at +10 degC for 20 days (stages quarter and year, 10 days each), then refrozen (the
surface ramped to -10 degC over a day; stages refreeze1 and refreeze2, 5 days each: refrozen cells keep their thaw
strain, the thaw's history), stopped by SIGINT during refreeze1 on 2 ranks (the test hook DIO_TEST_SIGNAL_IN_SOLVE:
exit 75 after that stage, its checkpoint written) and restarted from that checkpoint on 1 rank (-restart latest),
leaves ONE time series equal to the uninterrupted run's (2 ranks): the same steps and times, every field of every step
within 1e-9 of the field's largest value over the run, and the same summary (the heat's energy terms and step count,
the settlement, to 1e-9 relative: the restart goes on with the heat's next time step and energy terms). The mechanics
solve to -mech_ksp_rtol 1e-12 and the heat's Newton to -heat_snes_rtol 1e-12, so what differs is the rank count's
round-off. The points of a cell keep their order on any rank count: the same checkpoint with each cell's point
histories reversed moves the last step's thaw strain by more than 5 % of its largest value. The history matters: the same checkpoint with its thaw_history_points zeroed (a restart that dropped it)
reports the points refrozen by then as never thawed: the last step's thaw strain differs by more than 10 % of its
largest value. A checkpoint without the heat's state, or with the former per-cell thaw_history (an older diomede's),
is refused with exit 1 and one line naming the file.
Measured (per quadrature point since issue 17): fields 2e-16, summary equal; the controls 0.74 (zeroed), 0.14
(reversed).
usage: check_thaw_restart.py OUTDIR"""
import json
import os
import shutil
import signal
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

out = os.path.abspath(sys.argv[1])
gmsh = diorun.gmsh_or_skip()
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
mesh = os.path.join(out, "column.msh")
subprocess.run([gmsh, "-2", "-setnumber", "n", "10", diorun.source("tests", "verification", "meshes", "freezing_column.geo"), "-o", mesh],
               check=True, stdout=subprocess.DEVNULL)
DAY = 86400
case = ["run", diorun.source("tests", "verification", "thaw_column.yaml"), "-mesh_file", mesh, "-stages_order",
        "at_rest,quarter,year,refreeze1,refreeze2", "-stages_quarter_duration", str(10 * DAY), "-stages_year_duration", str(10 * DAY),
        "-stages_refreeze1_duration", str(5 * DAY), "-stages_refreeze2_duration", str(5 * DAY), "-boundaries_surface_temperature_time_function",
        "0,1,%d,1,%d,-1,%d,-1" % (20 * DAY, 21 * DAY, 30 * DAY), "-heat_snes_rtol", "1e-12", "-output_name", "column"]
full, cut, dropped = (os.path.join(out, k) for k in ("full", "cut", "dropped"))


def summary(outdir):
    with open(os.path.join(outdir, "column_summary.json")) as f:
        return json.load(f)


diorun.run(case + ["-output_dir", full], np=2)
os.environ["DIO_TEST_SIGNAL_IN_SOLVE"] = "4:%d" % signal.SIGINT  # stage refreeze1 (the engine's step 4)
rc, log = diorun.run(case + ["-output_dir", cut], np=2, check=False)
os.environ.pop("DIO_TEST_SIGNAL_IN_SOLVE")
checkpoint = os.path.join(cut, "column.checkpoint.h5")
expect(rc == 75 and os.path.exists(checkpoint), "stopped by SIGINT in stage refreeze1 on 2 ranks (exit %d), its checkpoint written" % rc)
os.makedirs(dropped)
if os.path.exists(checkpoint):
    shutil.copy(checkpoint, os.path.join(dropped, "history_zeroed.h5"))
    shutil.copy(checkpoint, os.path.join(out, "history_reversed.h5"))
fa, fb = diorun.restart_and_compare(case, full, cut, "column", "after stage 4", "after stage refreeze1", 1e-9)
sa, sb = summary(full), summary(cut)
keys = ["heat_enthalpy_change_J", "heat_boundary_in_J", "heat_steps", "displacement_vertical_min_m"]
diff = max(abs(sb[k] - sa[k]) / max(abs(sa[k]), 1e-300) for k in keys)
expect(diff < 1e-9 and sb["restarts"] == 1 and sb["solves"] == sa["solves"],
       "same summary: %s against %s (largest relative difference %.1e, tol 1e-9); %d restart, %d solves (uninterrupted %d)"
       % ({k: sb[k] for k in keys}, {k: sa[k] for k in keys}, diff, sb["restarts"], sb["solves"], sa["solves"]))
steps = sorted(k for k in fa["fields"] if k.startswith("step_"))
thaw = [fa["fields"][k]["thaw_strain"][:] for k in steps]
water = [fa["fields"][k]["unfrozen_saturation"][:] for k in steps]
refrozen = [int(((t < 0) & (w < 0.5)).sum()) for t, w in zip(thaw, water)]
expect(refrozen[3] > 0 and refrozen[4] > refrozen[3],
       "the checkpoint holds history: cells thawed, then refrozen with their thaw strain: %d after refreeze1, %d after refreeze2"
       % (refrozen[3], refrozen[4]))

# the thaw's history matters: the checkpoint after refreeze1 with its thaw_history zeroed, restarted into a new output
fc, steps_c, vc, cc = diorun.restart_zeroed(case, os.path.join(dropped, "history_zeroed.h5"), dropped, "thaw_history_points", "column")
_, _, va, ca = diorun.open_series(os.path.join(full, "column.h5"))
lost = 0.0
if steps[-1] in steps_c:
    lost = np.abs(thaw[-1][ca] - fc["fields"][steps[-1]]["thaw_strain"][:][cc]).max() / np.abs(thaw[-1]).max()
expect(lost > 0.1, "a restart without the thaw history (zeroed) differs in the last thaw strain by %.2f of its largest value (> 0.1)" % lost)
# the points' order matters: the checkpoint after refreeze1 with each cell's point histories reversed
import h5py  # noqa: E402
reversed_dir = os.path.join(out, "reversed")
os.makedirs(reversed_dir)
with h5py.File(os.path.join(out, "history_reversed.h5"), "r+") as f:
    nq = f["thaw_history_points"].shape[0] // len(ca)  # the run's cells
    f["thaw_history_points"][...] = f["thaw_history_points"][:].reshape(-1, nq)[:, ::-1].reshape(-1)
rc, _ = diorun.run(case + ["-output_dir", reversed_dir, "-restart", os.path.join(out, "history_reversed.h5")], np=1, check=False)
moved = 0.0
if rc == 0:
    fr, steps_r, vr, cr = diorun.open_series(os.path.join(reversed_dir, "column.h5"))
    if steps[-1] in steps_r:
        moved = np.abs(thaw[-1][ca] - fr["fields"][steps[-1]]["thaw_strain"][:][cr]).max() / np.abs(thaw[-1]).max()
expect(moved > 0.05, "a restart with each cell's point histories reversed differs in the last thaw strain by %.2f of its largest value"
       " (> 0.05; %d points a cell)" % (moved, nq))
# a checkpoint without the heat's state (written before it was kept) is refused with one line
with h5py.File(os.path.join(dropped, "history_zeroed.h5"), "r+") as f:
    del f["heat_state"]
rc, log = diorun.run(case + ["-output_dir", dropped, "-restart", os.path.join(dropped, "history_zeroed.h5")], np=1, check=False)
errors = [line for line in log.splitlines() if line.startswith("diomede: error:")]
expect(rc == 1 and len(errors) == 1 and "holds no heat_state" in errors[0] and "PETSC ERROR" not in log,
       "a checkpoint without heat_state refused: exit %d, %s" % (rc, errors))
# a checkpoint with the former per-cell history (before issue 17's points) is refused with one line
shutil.copy(checkpoint, os.path.join(dropped, "per_cell.h5"))
with h5py.File(os.path.join(dropped, "per_cell.h5"), "r+") as f:
    f.move("thaw_history_points", "thaw_history")
rc, log = diorun.run(case + ["-output_dir", dropped, "-restart", os.path.join(dropped, "per_cell.h5")], np=1, check=False)
errors = [line for line in log.splitlines() if line.startswith("diomede: error:")]
expect(rc == 1 and len(errors) == 1 and "holds no thaw_history_points" in errors[0] and "PETSC ERROR" not in log,
       "a checkpoint with the per-cell thaw_history refused: exit %d, %s" % (rc, errors))
sys.exit(1 if failures else 0)
