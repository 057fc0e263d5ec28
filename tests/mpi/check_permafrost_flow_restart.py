#!/usr/bin/env python3
"""Restart of permafrost_thaw -flow_model consolidation (issue 14): its stage checkpoints hold, besides the mechanics'
and the heat's state, the excess pore pressure with its nodes' coordinates, the displacements since the bore (coupled
and the drained comparison's), per cell the thaw's history (reference ice saturation, released fraction, reference
stress), the coupled solver's tolerance reference and the running results.

Requirement: the small section (16 cells around, 40 m half width, Q2) thawed 0.1 year with output at 0.05 and 0.1 and
2 Biot steps per interval, stopped by SIGINT in the first thaw stage on 2 ranks (the test hook DIO_TEST_SIGNAL_IN_SOLVE:
exit 75 after that stage, within output step 1, its checkpoint written) and restarted from it on 1 rank, leaves ONE time
series equal to the uninterrupted run's (2 ranks): every field of every step within 1e-9 of its largest value, every
column of _thaw_consolidation.csv within 1e-9 of its largest magnitude. The solvers run to 1e-12 (Biot's to 1e-14: at
1e-12 the rank count alone leaves 2.6e-9 in the excess pressure), so what differs is the rank count's round-off. Control: the checkpoint's excess pore pressure zeroed differs in a field at the last step
by more than 1e-3 of its largest value. A restart with another -flow_tunnel_wall is refused (the fingerprint).
usage: check_permafrost_flow_restart.py OUTDIR"""
import csv
import os
import re
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
name = "pf"
case = ["run", diorun.source("examples", "bering", "permafrost_landfall.yaml"), "-mech_element_order", "2",
        "-mesh_cells_around", "16", "-mesh_half_width", "40", "-thaw_years", "0.1", "-output_times", "0.05,0.1",
        "-mech_ksp_rtol", "1e-12", "-heat_snes_rtol", "1e-12", "-biot_ksp_rtol", "1e-14", "-flow_model", "consolidation",
        "-consolidation_steps", "2", "-output_name", name]
full, cut, zeroed = (os.path.join(out, k) for k in ("full", "cut", "zeroed"))


def rows(outdir):
    with open(os.path.join(outdir, name + "_thaw_consolidation.csv")) as f:
        return np.array([[float(x) for x in row] for row in list(csv.reader(f))[1:] if row])


diorun.run(case + ["-output_dir", full], np=2)
os.environ["DIO_TEST_SIGNAL_IN_SOLVE"] = "1:%d" % signal.SIGINT  # the first thaw stage: stops after it
rc, log = diorun.run(case + ["-output_dir", cut], np=2, check=False)
os.environ.pop("DIO_TEST_SIGNAL_IN_SOLVE")
checkpoint = os.path.join(cut, name + ".checkpoint.h5")
expect(rc == 75 and os.path.exists(checkpoint) and "after stage 3" in log,
       "stopped by SIGINT in the first thaw stage on 2 ranks (exit %d), its checkpoint written" % rc)
if not os.path.exists(checkpoint):
    print(log[-2000:])
    sys.exit(1)
os.makedirs(zeroed)
kept = os.path.join(zeroed, "zeroed.h5")
shutil.copy(checkpoint, kept)
fa, fb = diorun.restart_and_compare(case, full, cut, name, "after stage 3", "within output step 1 (after stage 3)", 1e-9)
ta, tb = rows(full), rows(cut)
same = ta.shape == tb.shape and ta.shape[0] == 2
worst = max(np.abs(ta[:, j] - tb[:, j]).max() / max(np.abs(ta[:, j]).max(), 1e-300) for j in range(ta.shape[1])) if same else np.inf
expect(same and worst < 1e-9 and ta[:, 5].max() > 0,
       "_thaw_consolidation.csv: %d rows as the uninterrupted %d, largest column difference %.1e of its largest (tol 1e-9)"
       % (len(tb), len(ta), worst))

# another wall condition: refused before anything is built
rc, log = diorun.run(case + ["-output_dir", os.path.join(out, "refused"), "-restart", checkpoint, "-flow_tunnel_wall",
                             "watertight"], np=1, check=False)
errors = [line for line in log.splitlines() if line.startswith("diomede: error:")]
expect(rc == 1 and len(errors) == 1 and "is of another model" in errors[0] and re.search(r"-flow_tunnel_wall", errors[0]),
       "a restart with -flow_tunnel_wall watertight refused: %s" % (errors[0] if errors else "exit %d" % rc))

# the checkpoint's excess pore pressure is the state: zeroed, the restart differs
fc, steps_c, vc, cc = diorun.restart_zeroed(case, kept, zeroed, "excess_pore_pressure", name)
_, steps_a, va, ca = diorun.open_series(os.path.join(full, name + ".h5"))
lost, where = 0.0, ""
key = steps_a[-1]
if key in steps_c:
    for field in sorted(fa["fields"][key]):
        center = fa["fields"][key][field].attrs["center"]
        oa, oc = (va, vc) if (center.decode() if isinstance(center, bytes) else center) == "vertex" else (ca, cc)
        x, y = fa["fields"][key][field][:][oa].astype(float), fc["fields"][key][field][:][oc].astype(float)
        d = np.abs(x - y).max() / max(np.abs(x).max(), 1e-300)
        if d > lost:
            lost, where = d, field
expect(lost > 1e-3, "a restart with the checkpoint's excess pore pressure zeroed differs at the last step by %.1e (%s; > 1e-3)"
       % (lost, where))
sys.exit(1 if failures else 0)
