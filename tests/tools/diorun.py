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
