#!/usr/bin/env python3
"""Restart of permafrost_thaw (issue 17): its stage checkpoints hold the mechanics' state and the heat's (the
temperature, the initial steady state as the thaw's reference, the heat's next step and energy terms, the thaw's
history) and the last output step's results.

Requirement: the small section (16 cells around, 40 m half width) thawed 2 years with output at 1 and 2 years,
stopped by SIGINT during output step 1 on 2 ranks (the test hook DIO_TEST_SIGNAL_IN_SOLVE: exit 75 after that stage,
its checkpoint written) and restarted from that checkpoint on 1 rank (-restart latest), leaves ONE time series equal to
the uninterrupted run's (2 ranks): the same steps and times, every field of every step within 1e-9 of the field's
largest value over the run, every column of _thaw.csv within 1e-9 of its largest magnitude, and the same summary
results (thaw depth, settlement, frozen thickness: 1e-9 relative; the energy mismatch, round-off of 1e-14, within
1e-12). The mechanics solve to
-mech_ksp_rtol 1e-12 and the heat's Newton to -heat_snes_rtol 1e-12, so what differs is the rank count's round-off.
The checkpoint's temperature is the state: the same checkpoint with its temperature zeroed (a restart that took the
steady state or nothing) gives a last temperature field that differs by more than 10 % of its largest value.
Measured: fields 1.1e-10 (the stress ratio), _thaw.csv and summary equal; the control 0.35.
usage: check_permafrost_restart.py OUTDIR"""
import csv
import json
import os
import shutil
import signal
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

out = os.path.abspath(sys.argv[1])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
name = "permafrost"
case = ["run", "-problem", "permafrost_thaw", "-mesh_cells_around", "16", "-mesh_half_width", "40", "-thaw_years", "2",
        "-output_times", "1,2", "-mech_ksp_rtol", "1e-12", "-heat_snes_rtol", "1e-12", "-output_name", name]
full, cut, zeroed = (os.path.join(out, k) for k in ("full", "cut", "zeroed"))


def summary(outdir):
    with open(os.path.join(outdir, name + "_summary.json")) as f:
        return json.load(f)


def thaw_rows(outdir):
    with open(os.path.join(outdir, name + "_thaw.csv")) as f:
        return np.array([[float(x) for x in row] for row in list(csv.reader(f))[1:] if row])


diorun.run(case + ["-output_dir", full], np=2)
os.environ["DIO_TEST_SIGNAL_IN_SOLVE"] = "1:%d" % signal.SIGINT  # as the solve of output step 1 starts: stops after it
rc, log = diorun.run(case + ["-output_dir", cut], np=2, check=False)
os.environ.pop("DIO_TEST_SIGNAL_IN_SOLVE")
checkpoint = os.path.join(cut, name + ".checkpoint.h5")
expect(rc == 75 and os.path.exists(checkpoint), "stopped by SIGINT in output step 1 on 2 ranks (exit %d), its checkpoint written" % rc)
if not os.path.exists(checkpoint):
    print(log[-2000:])
    sys.exit(1)
os.makedirs(zeroed)
shutil.copy(checkpoint, os.path.join(zeroed, "temperature_zeroed.h5"))
expect(len(thaw_rows(cut)) == 1, "the stopped run's _thaw.csv holds output step 1 only")
fa, fb = diorun.restart_and_compare(case, full, cut, name, "after stage 3", "after output step 1 (stage 3)", 1e-9)
ta, tb = thaw_rows(full), thaw_rows(cut)
same = ta.shape == tb.shape and ta.shape[0] == 2
worst = max(np.abs(ta[:, j] - tb[:, j]).max() / max(np.abs(ta[:, j]).max(), 1e-300) for j in range(ta.shape[1])) if same else np.inf
expect(same and worst < 1e-9, "_thaw.csv: %d rows as the uninterrupted %d, largest column difference %.1e of its largest (tol 1e-9)"
       % (len(tb), len(ta), worst))
sa, sb = summary(full), summary(cut)
keys = ["thaw_depth_from_wall_m", "max_thaw_settlement_m", "steady_frozen_thickness_m"]
diff = max(abs(sb[k] - sa[k]) / max(abs(sa[k]), 1e-300) for k in keys)
energy = abs(sb["energy_balance_relative_error"] - sa["energy_balance_relative_error"])
expect(diff < 1e-9 and energy < 1e-12 and sb["restarts"] == 1 and sa["thaw_depth_from_wall_m"] > 0,
       "same summary: %s against %s (largest relative difference %.1e, tol 1e-9; energy mismatch %.1e apart), %d restart"
       % ({k: sb[k] for k in keys}, {k: sa[k] for k in keys}, diff, energy, sb["restarts"]))

# the checkpoint's temperature is the state: zeroed, the restart thaws from 0 degC everywhere
fc, steps_c, vc, cc = diorun.restart_zeroed(case, os.path.join(zeroed, "temperature_zeroed.h5"), zeroed, "temperature", name)
_, steps_a, va, ca = diorun.open_series(os.path.join(full, name + ".h5"))
lost = 0.0
if steps_a[-1] in steps_c:
    a = fa["fields"][steps_a[-1]]["temperature"][:][va]
    lost = np.abs(a - fc["fields"][steps_a[-1]]["temperature"][:][vc]).max() / np.abs(a).max()
expect(lost > 0.1, "a restart with the checkpoint's temperature zeroed differs in the last temperature by %.2f of its largest value (> 0.1)" % lost)
sys.exit(1 if failures else 0)
