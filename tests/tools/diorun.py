"""Shared helpers for the script tests: run the diomede executable (under mpiexec) the way a user does.

Environment (set by tests/CMakeLists.txt): DIO_EXE, DIO_MPIEXEC, DIO_SOURCE_DIR."""
import os
import subprocess
import sys


def run(args, np=1, check=True, cwd=None):
    """Run `mpiexec -n np diomede args...`; return (returncode, stdout+stderr)."""
    exe = os.environ["DIO_EXE"]
    cmd = [os.environ.get("DIO_MPIEXEC", "mpiexec"), "-n", str(np), "--oversubscribe", "--bind-to", "none", exe] + list(args)
    proc = subprocess.run(cmd, cwd=cwd or os.environ.get("DIO_SOURCE_DIR"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if check and proc.returncode != 0:
        sys.stdout.write(proc.stdout)
        raise SystemExit("diomede failed (exit %d): %s" % (proc.returncode, " ".join(cmd)))
    return proc.returncode, proc.stdout


def source(*parts):
    return os.path.join(os.environ["DIO_SOURCE_DIR"], *parts)


failures = []


def expect(cond, what):
    """Print one ok/FAIL line; a failure is kept in `failures` (exit with 1 if it is not empty)."""
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


def open_series(path):
    """An output file (h5py), its step groups, and the orders that sort its vertices and cells by coordinates
    (to compare runs on different partitions)."""
    import h5py
    import numpy as np
    f = h5py.File(path, "r")
    v, c = f["mesh/vertices"][:], f["mesh/cells"][:]
    steps = sorted(k for k in f["fields"] if k.startswith("step_"))
    return f, steps, np.lexsort(np.round(v, 6).T[::-1]), np.lexsort(np.round(v[c].mean(1), 6).T[::-1])
