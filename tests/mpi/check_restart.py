#!/usr/bin/env python3
"""Checkpoint/restart of a staged run (the 3D TBM segment).

Requirement: (1) SIGUSR1 (what a scheduler sends before the wall-time limit) makes a running job write a checkpoint
after the current stage and exit with code 75; (2) SIGKILL at any moment leaves the last checkpoint intact and the
steps already written readable (HDF5 file and XDMF index consistent); (3) a restart from the checkpoint, on a
different number of ranks, ends in the same state as the uninterrupted run: displacement and stress of the last
step within 1e-7 relative (the solves stop at -mech_ksp_rtol 1e-10; the partitions differ).
usage: check_restart.py OUTDIR"""
import glob
import os
import shutil
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

out = sys.argv[1]
shutil.rmtree(out, ignore_errors=True)
case = ["run", "examples/bering/tbm_segment.yaml", "-mesh_cells_around", "16", "-mesh_half_width", "40", "-tunnel_segment_length", "36",
        "-tunnel_stage_length", "3", "-tunnel_drive_length", "24", "-mech_ksp_rtol", "1e-10", "-output_overwrite"]
failures = []


def expect(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


def last_state(path):
    f = h5py.File(path, "r")
    v, c = f["mesh/vertices"][:], f["mesh/cells"][:]
    step = sorted(k for k in f["fields"] if k.startswith("step_"))[-1]
    vo = np.lexsort(np.round(v, 6).T[::-1])
    co = np.lexsort(np.round(v[c].mean(1), 6).T[::-1])
    return step, f["fields/%s/displacement" % step][:][vo], f["fields/%s/stress" % step][:][co]


def compare(path, reference, what):
    step, u, s = last_state(path)
    du = np.abs(u - reference[1]).max() / np.abs(reference[1]).max()
    ds = np.abs(s - reference[2]).max() / np.abs(reference[2]).max()
    expect(step == reference[0] and du < 1e-7 and ds < 1e-7, "%s: last step %s, displacement %.1e, stress %.1e relative to the uninterrupted run" % (what, step, du, ds))


def start(outdir, np_):
    env = dict(os.environ)
    cmd = [env.get("DIO_MPIEXEC", "mpiexec"), "-n", str(np_), "--oversubscribe", "--bind-to", "none", env["DIO_EXE"]] + case + ["-output_dir", outdir]
    return subprocess.Popen(cmd, cwd=env["DIO_SOURCE_DIR"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(proc, marker):
    for line in proc.stdout:
        if marker in line:
            return True
    return False


diorun.run(case + ["-output_dir", os.path.join(out, "full")], np=1)
reference = last_state(os.path.join(out, "full", "segment.h5"))

# (1) SIGUSR1 on 2 ranks, then restart on 3
proc = start(os.path.join(out, "usr1"), 2)
expect(wait_for(proc, "[checkpoint] after stage 2"), "the run reports its checkpoints")
proc.send_signal(signal.SIGUSR1)
rest = proc.communicate()[0]
expect(proc.returncode == 75 and "[stop]" in rest, "SIGUSR1: checkpoint and exit code 75 (got %s)" % proc.returncode)
diorun.run(case + ["-output_dir", os.path.join(out, "usr1"), "-restart", "latest"], np=3)
compare(glob.glob(os.path.join(out, "usr1", "segment_from*.h5"))[0], reference, "restart after SIGUSR1 (2 -> 3 ranks)")

# (2) SIGKILL on 1 rank, then restart on 2
killdir = os.path.join(out, "kill")
proc = start(killdir, 1)
expect(wait_for(proc, "[checkpoint] after stage 3"), "the run reports its checkpoints")
subprocess.run(["pkill", "-KILL", "-f", killdir])
proc.kill()
proc.wait()
root = ET.parse(os.path.join(killdir, "segment.xmf")).getroot()
datasets = {item.text.strip().split(":")[1] for item in root.iter("DataItem")}
with h5py.File(os.path.join(killdir, "segment.h5"), "r") as f:
    expect(all(d in f for d in datasets), "after SIGKILL the XDMF index lists only readable datasets (%d)" % len(datasets))
    for d in datasets:
        f[d][...]
diorun.run(case + ["-output_dir", killdir, "-restart", "latest"], np=2)
compare(glob.glob(os.path.join(killdir, "segment_from*.h5"))[0], reference, "restart after SIGKILL (1 -> 2 ranks)")
sys.exit(1 if failures else 0)
