#!/usr/bin/env python3
"""Exit codes are only the README's, with one line, when the machine gives out (issue 15).

Requirement: (1) a full disk (a tmpfs of 200 KiB: full while the mesh is written; of 2500 KiB: full while the second
checkpoint is written), on 1 and 2 ranks, ends with exit code 1 and one line that says "no space left on device" and
names a file in the full folder, no PETSc traceback, and no stale *.tmp file left there; skipped (said so) where a
tmpfs cannot be mounted (not root); (2) out of memory (the address space limited to 500 MB, a mesh that needs more)
ends with exit code 1 and one line "out of memory on rank 0", no traceback; (3) an unknown solver type is an input
error (exit 1, one line).
usage: check_exit_codes.py OUTDIR"""
import glob
import os
import re
import resource
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

out = os.path.abspath(sys.argv[1])
segment = ["run", "examples/bering/tbm_segment.yaml", "-mesh_cells_around", "16", "-mesh_half_width", "40", "-tunnel_segment_length", "36",
           "-tunnel_stage_length", "6", "-tunnel_drive_length", "12", "-progress", "quiet"]
drive = ["run", "-problem", "longitudinal_drive", "-mesh_x_min", "30000", "-mesh_x_max", "34000", "-mesh_cell_size_x", "500",
         "-mesh_cell_size_coarse", "100", "-mesh_cell_size_fine", "20", "-mesh_cells_above_band", "2", "-tunnel_x_start", "30000",
         "-tunnel_x_end", "34000", "-tunnel_stage_length", "1000", "-progress", "quiet"]


def one_line(rc, log, code, pattern, what):
    errors = [line for line in log.splitlines() if "error:" in line]
    expect(rc == code and len(errors) == 1 and re.search(pattern, errors[0]) is not None and "PETSC ERROR" not in log,
           "%s: exit %d (want %d): %s" % (what, rc, code, errors[0] if errors else log[-400:]))


def mounted(folder):
    with open("/proc/mounts") as f:
        return any(line.split()[1] == folder for line in f)


# (1) a full disk
full = os.path.join(out, "full")
for size_k, ranks in ((200, 1), (2500, 2)):
    if mounted(full):
        subprocess.run(["umount", full], check=False)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(full)
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dk" % size_k, "tmpfs", full], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
    if mount.returncode != 0:
        print("skip  full disk: cannot mount a tmpfs (%s)" % mount.stdout.strip())
        break
    try:
        rc, log = diorun.run(segment + ["-output_dir", os.path.join(full, "o")], np=ranks, check=False)
        one_line(rc, log, 1, r"no space left on device.*'%s/o/segment[^']*'" % re.escape(full), "disk of %d KiB full, %d rank(s)" % (size_k, ranks))
        stale = glob.glob(os.path.join(full, "o", "*.tmp"))
        expect(not stale, "disk of %d KiB full: no stale .tmp file (%s)" % (size_k, stale))
    finally:
        if subprocess.run(["umount", full], check=False).returncode != 0:
            subprocess.run(["umount", "-l", full], check=False)  # still busy (a rank not yet gone): detach it

# (2) out of memory: one process (mpiexec itself needs more than the limit), 500 MB of address space
env = dict(os.environ, OMP_NUM_THREADS="1")
proc = subprocess.run([os.environ["DIO_EXE"]] + drive + ["-mesh_refine", "6", "-output_dir", os.path.join(out, "oom")], cwd=os.environ["DIO_SOURCE_DIR"],
                      env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                      preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (500 << 20, 500 << 20)))
one_line(proc.returncode, proc.stdout, 1, r"out of memory on rank 0 \(.*\): use a coarser mesh", "out of memory (500 MB address space)")

# (3) a solver type that does not exist
rc, log = diorun.run(drive + ["-mech_pc_type", "nonexistent", "-output_dir", os.path.join(out, "pc")], np=2, check=False)
one_line(rc, log, 1, r"PC type nonexistent", "unknown solver type")
sys.exit(1 if failures else 0)
