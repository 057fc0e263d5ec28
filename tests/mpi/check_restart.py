#!/usr/bin/env python3
"""Checkpoint/restart of a staged run (the 3D TBM segment), and output that survives a kill.

Requirement: (1) SIGUSR1 (what a scheduler sends before the wall-time limit) under mpiexec, and SIGTERM sent to a
run in the middle of a stage's solve, make the run finish the stage, write a checkpoint and exit with code 75;
(2) SIGKILL at any moment (between steps, or in the middle of a step's output) leaves the last checkpoint intact and
the steps already written readable: the XDMF index lists only datasets that h5py reads; (3) a restart from the
checkpoint (with -restart latest, on another number of ranks) continues the run's own output file, dropping the
steps written after the checkpoint, so that the interrupted and restarted run leaves ONE time series <name>.h5/.xmf
equal, step by step and field by field, to the uninterrupted run's: same steps and times, every field within 1e-7
relative to its largest value (the solves stop at -mech_ksp_rtol 1e-10; the partitions differ, so rows are matched
by coordinates). Killed again while continuing, the file stays readable and a second restart completes it. The 2D
longitudinal drive (whose checkpoint matches cells by 2D centroids) is checked the same way, with its probe CSV.
usage: check_restart.py OUTDIR"""
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET

import h5py

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import compare_series, expect, failures  # noqa: E402

out = sys.argv[1]
shutil.rmtree(out, ignore_errors=True)
case = ["run", "examples/bering/tbm_segment.yaml", "-mesh_cells_around", "16", "-mesh_half_width", "40", "-tunnel_segment_length", "36",
        "-tunnel_stage_length", "3", "-tunnel_drive_length", "24", "-mech_ksp_rtol", "1e-10"]


def readable(outdir, what, name="segment"):
    """Every dataset the index lists can be read; returns the steps the index lists."""
    root = ET.parse(os.path.join(outdir, name + ".xmf")).getroot()
    datasets = {item.text.strip().split(":")[1] for item in root.iter("DataItem")}
    grids = [g.get("Name") for g in root.iter("Grid") if g.get("GridType") == "Uniform"]
    ok = True
    with h5py.File(os.path.join(outdir, name + ".h5"), "r") as f:
        for d in datasets:
            try:
                f[d][...]
            except Exception:  # noqa: BLE001 -- any failure to read is the failure tested
                ok = False
    expect(ok, "%s: the XDMF index lists %d grids (%s .. %s), all %d datasets readable" % (what, len(grids), grids[0], grids[-1], len(datasets)))
    return grids


def summary(outdir, name="segment"):
    with open(os.path.join(outdir, name + "_summary.json")) as f:
        return json.load(f)


def compare(outdir, what, restarts, name="segment", full="full"):
    """The single output of an interrupted and restarted run equals the uninterrupted run's, step by step."""
    expect(not glob.glob(os.path.join(outdir, name + "_from*")), "%s: no second output file" % what)
    fa, fb, same_steps, same_times, worst, where, _ = compare_series(os.path.join(out, full, name + ".h5"), os.path.join(outdir, name + ".h5"))
    steps_a = sorted(k for k in fa["fields"] if k.startswith("step_"))
    expect(same_steps and same_times and worst < 1e-7,
           "%s: one series, steps %s, times equal %s, largest difference %.1e (%s) relative to the uninterrupted run" %
           (what, [int(k) for k in fb["steps/step"][:]], same_times, worst, where))
    sa, sb = summary(os.path.join(out, full), name), summary(outdir, name)
    expect(sb["solves"] == sa["solves"] and sb["restarts"] == restarts and sb["wall_time_s"] > 0.5 * sa["wall_time_s"],
           "%s: the summary covers the whole run: %d solves (uninterrupted %d), %d restarts, wall %.1f s (uninterrupted %.1f s)" %
           (what, sb["solves"], sa["solves"], sb["restarts"], sb["wall_time_s"], sa["wall_time_s"]))
    grids = readable(outdir, what, name)
    expect(len(grids) == len(steps_a), "%s: the index lists every step (%d of %d)" % (what, len(grids), len(steps_a)))


def start(outdir, np_, extra=(), env_extra=None, mpi=True):
    env = dict(os.environ, **(env_extra or {}))
    cmd = [env["DIO_EXE"]] + case + list(extra) + ["-output_dir", outdir]
    if mpi:
        cmd = [env.get("DIO_MPIEXEC", "mpiexec"), "-n", str(np_), "--oversubscribe", "--bind-to", "none"] + cmd
    return subprocess.Popen(cmd, cwd=env["DIO_SOURCE_DIR"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(proc, marker):
    for line in proc.stdout:
        if marker in line:
            return True
    return False


def kill_tree(proc):
    """SIGKILL the process and every descendant (mpiexec and its ranks), found through /proc."""
    parent = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parent[int(stat.split("/")[2])] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, grown = {proc.pid}, True
    while grown:
        grown = False
        for pid, ppid in parent.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grown = True
    for pid in tree:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.communicate()


def checkpoint_stage(outdir):
    with h5py.File(os.path.join(outdir, "segment.checkpoint.h5"), "r") as f:
        return int(f.attrs["stage"])


diorun.run(case + ["-output_dir", os.path.join(out, "full")], np=1)

# (A) SIGUSR1 under mpiexec on 2 ranks, then restart on 3
adir = os.path.join(out, "usr1")
proc = start(adir, 2)
expect(wait_for(proc, "[checkpoint] after stage 2"), "the run reports its checkpoints")
proc.send_signal(signal.SIGUSR1)
rest = proc.communicate()[0]
expect(proc.returncode == 75 and "[stop]" in rest, "SIGUSR1: checkpoint and exit code 75 (got %s)" % proc.returncode)
diorun.run(case + ["-output_dir", adir, "-restart", "latest"], np=3)
compare(adir, "restart after SIGUSR1 (2 -> 3 ranks)", 1)

# (B) SIGTERM to a single-process run (no mpiexec) while it solves stage 2: it finishes the stage, checkpoints, exits 75
tdir = os.path.join(out, "term")
proc = start(tdir, 1, mpi=False)
expect(wait_for(proc, "[checkpoint] after stage 1"), "the run reports its checkpoints")
proc.send_signal(signal.SIGTERM)  # the next thing the run does is stage 2's assembly and solve
rest = proc.communicate()[0]
expect(proc.returncode == 75 and "stopped after stage 2" in rest and checkpoint_stage(tdir) == 2,
       "SIGTERM during stage 2's solve: stage 2 completed, checkpoint after stage 2, exit code 75 (got %s)" % proc.returncode)
diorun.run(case + ["-output_dir", tdir, "-restart", "latest"], np=2)
compare(tdir, "restart after SIGTERM (1 -> 2 ranks)", 1)

# (C) SIGKILL after step 3 is written but before its checkpoint (every 2 stages), restart on 2 ranks killed again in
# the middle of step 5's output, restart on 3 ranks
kdir = os.path.join(out, "kill")
every2 = ["-checkpoint_every", "2"]
proc = start(kdir, 1, every2)
expect(wait_for(proc, "[checkpoint] after stage 2") and wait_for(proc, "surface settlement"), "the run writes step 3 after its checkpoint")
kill_tree(proc)
expect(readable(kdir, "after SIGKILL between steps")[-1] == "step_000003", "after SIGKILL the index ends at step 3 (no checkpoint after it)")
expect(checkpoint_stage(kdir) == 2, "the last good checkpoint (after stage 2) is intact")
proc = start(kdir, 2, every2 + ["-restart", "latest"], {"DIO_TEST_KILL_IN_STEP": "5"})
rest = proc.communicate()[0]
expect(proc.returncode != 0 and "[done]" not in rest, "the restarted run is killed in the middle of step 5's output (exit %s)" % proc.returncode)
expect(readable(kdir, "after SIGKILL during the output")[-1] == "step_000004", "after SIGKILL during step 5 the index ends at step 4")
diorun.run(case + every2 + ["-output_dir", kdir, "-restart", "latest"], np=3)
compare(kdir, "restart after two SIGKILLs (1 -> 2 -> 3 ranks)", 2)

# (D) the 2D longitudinal drive (a small section): killed in the middle of step 3's output, restarted on 2 ranks
drive = ["run", "-problem", "longitudinal_drive", "-mesh_x_min", "30000", "-mesh_x_max", "34000", "-mesh_cell_size_x", "500",
         "-mesh_cell_size_coarse", "100", "-mesh_cell_size_fine", "20", "-mesh_cells_above_band", "2", "-tunnel_x_start", "30000",
         "-tunnel_x_end", "34000", "-tunnel_stage_length", "1000", "-mech_ksp_rtol", "1e-10"]
diorun.run(drive + ["-output_dir", os.path.join(out, "drive_full")], np=1)
ddir = os.path.join(out, "drive_kill")
env = dict(os.environ, DIO_TEST_KILL_IN_STEP="3")
proc = subprocess.run([env["DIO_EXE"]] + drive + ["-output_dir", ddir], cwd=env["DIO_SOURCE_DIR"], env=env, stdout=subprocess.PIPE,
                      stderr=subprocess.STDOUT, text=True)
expect(proc.returncode != 0 and readable(ddir, "drive after SIGKILL during step 3", "bering")[-1] == "step_000002",
       "drive: killed during step 3's output, the index ends at step 2")
diorun.run(drive + ["-output_dir", ddir, "-restart", "latest"], np=2)
compare(ddir, "drive restart after SIGKILL (1 -> 2 ranks)", 1, "bering", "drive_full")
with open(os.path.join(ddir, "bering_drive.csv")) as f:
    steps = [line.split(",")[0] for line in f][1:]
expect(steps == ["1", "2", "3", "4"], "drive: the probe file continues, one row per step (%s)" % steps)
sys.exit(1 if failures else 0)
