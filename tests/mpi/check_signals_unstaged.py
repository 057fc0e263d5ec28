#!/usr/bin/env python3
"""Every problem stops on SIGTERM, SIGINT or SIGUSR1 at its next safe point with exit code 75, a readable output that
holds the steps done, and a summary saying so (issue 15). The staged problems (longitudinal_drive, tbm_segment) also
checkpoint there: check_signals.py. This test covers the problems without checkpoints.

No timing: the test hook DIO_TEST_SIGNAL_IN_SOLVE=<step>[:<signal>] makes rank 0 raise the signal (through diomede's
own handler) as the solve of that step starts, i.e. a signal that arrives while a solve runs. Requirements, per problem:
- geostatic (SIGTERM): one solve; it ends, its output is written, exit 75;
- mesh (an imported Gmsh mesh, three load steps, SIGUSR1 during the first): stops after load step 1, one output step;
- transverse_section on 2 ranks (SIGTERM on rank 0 only, during the excavation): stops after stage 1, both ranks
  exit 75; the output holds steps 0 and 1, not the lining stage 2; the summary has no lining forces and no
  _lining.csv is written;
- permafrost_thaw (SIGINT, Ctrl-C, during output step 1 of 2): stops after its stage 3 (output step 1): output steps 0
  and 1 only, one row in _thaw.csv (it now checkpoints there, and -restart continues it: check_permafrost_restart.py);
- consolidation (SIGTERM during the geostatic solve before time step 0): stops after time step 0 of 4 ("stage 0": it
  now checkpoints there as the staged problems do, and -restart continues it: check_consolidation_restart.py);
- thaw_consolidation (SIGTERM during its geostatic solve): stops after time step 1 of 4 (output steps 0 and 1);
- every stopped summary has stopped_on_signal 1; a run without a signal has 0 and exits 0.
usage: check_signals_unstaged.py OUTDIR"""
import json
import os
import shutil
import signal
import subprocess
import sys

import h5py

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
from diorun import expect, failures  # noqa: E402

out = os.path.abspath(sys.argv[1])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)


def run(name, args, hook=None, np=1):
    cmd = [os.environ.get("DIO_MPIEXEC", "mpiexec"), "-n", str(np), "--oversubscribe", "--bind-to", "none", os.environ["DIO_EXE"], "run"]
    env = dict(os.environ)
    env.pop("DIO_TEST_SIGNAL_IN_SOLVE", None)
    if hook:
        env["DIO_TEST_SIGNAL_IN_SOLVE"] = hook
    proc = subprocess.run(cmd + args + ["-output_dir", out, "-output_name", name], cwd=os.environ["DIO_SOURCE_DIR"], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with open(os.path.join(out, name + ".log"), "w") as f:
        f.write(proc.stdout)
    return proc.returncode, proc.stdout


def steps(name):
    """The output steps written (None: no readable output)."""
    try:
        with h5py.File(os.path.join(out, name + ".h5"), "r") as f:
            return len(f["steps/time"][:])
    except (OSError, KeyError):
        return None


def summary(name):
    with open(os.path.join(out, name + "_summary.json")) as f:
        return json.load(f)


def stopped(name, args, hook, after, want_steps, np=1):
    rc, log = run(name, args, hook, np)
    lines = [line for line in log.splitlines() if line.startswith("[stop]")]
    ok = rc == 75 and len(lines) == 1 and ("stopped after " + after) in lines[0] and steps(name) == want_steps \
        and summary(name)["stopped_on_signal"] == 1
    expect(ok, "%s: signal %s: exit %d (want 75), '%s', %s output steps (want %d)"
           % (name, hook, rc, lines[0] if lines else "no [stop] line", steps(name), want_steps))
    if not ok:
        print(log[-3000:])
    return log


strait = ["-mesh_x_min", "0", "-mesh_x_max", "4000", "-mesh_cell_size_x", "200", "-mesh_cell_size_fine", "20"]
stopped("geostatic", strait, "1", "the solve", 1)
gmsh_case = ["tests/errors/data/gmsh/two_squares.yaml", "-loads_gravity", "9.81"]
stopped("mesh", gmsh_case + ["-time_steps", "3", "-time_end", "3"], "1:%d" % signal.SIGUSR1, "load step 1 of 3", 1)

stopped("transverse", ["-problem", "transverse_section"], "1", "stage 1 (excavation)", 2, np=2)
s = summary("transverse")
expect("lining_thrust_max_N_per_m" not in s and not os.path.exists(os.path.join(out, "transverse_lining.csv")),
       "transverse: stopped before the lining stage: no lining forces in the summary, no _lining.csv")

stopped("permafrost", ["-problem", "permafrost_thaw", "-thaw_years", "2", "-output_times", "1,2", "-mesh_cells_around", "16", "-mesh_half_width", "40"],
        "1:%d" % signal.SIGINT, "stage 3", 2)
with open(os.path.join(out, "permafrost_thaw.csv")) as f:
    rows = [line for line in f.read().splitlines()[1:] if line.strip()]
expect(len(rows) == 1, "permafrost: one row (year 1) in _thaw.csv, found %d" % len(rows))

stopped("consolidation", ["-problem", "consolidation", "-consolidation_steps", "4"], "0", "stage 0", 1)
stopped("thaw_consolidation", ["tests/verification/thaw_consolidation.yaml", "-column_cells_vertical", "20", "-thaw_consolidation_steps", "4"], "0",
        "time step 1 of 4", 2)

rc, log = run("unsignalled", gmsh_case)
expect(rc == 0 and "[stop]" not in log and summary("unsignalled")["stopped_on_signal"] == 0 and steps("unsignalled") == 1,
       "without a signal: exit %d (want 0), stopped_on_signal %s" % (rc, summary("unsignalled").get("stopped_on_signal")))
sys.exit(1 if failures else 0)
