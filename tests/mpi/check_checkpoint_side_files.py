#!/usr/bin/env python3
"""A checkpoint's side files (issue 16): an array that did not change since the run's last checkpoint is an HDF5
external link to a side file written once, <name>.checkpoint.<array>-<hash>.h5, with a patch of the blocks that
differ from it (<array>.patch at the (offset, length) pairs of <array>.patch_ranges).

Requirement: (1) the small 2D longitudinal drive on 2 ranks, killed in the middle of output step 3 (the test hook
DIO_TEST_KILL_IN_STEP; the checkpoint after stage 2 left), links its node coordinates, cell centroids and initial
stress to side files, the initial stress with a patch (the cells the stages excavated lose theirs); each array, the
side file's with the patch applied, equals the array of the same run written with -checkpoint_side_files false to
1e-12 of its largest value (two runs differ by round-off; the control: the side file's initial stress alone differs
by more than 1e-3); the side files in the folder are exactly those the checkpoint links to (the earlier ones removed), and a new run
over a finished run's output (on 1 rank, so other hashes) leaves only its own.
(2) That folder moved elsewhere as a whole and restarted from another working directory on 1 rank (-restart latest)
completes ONE time series equal to the uninterrupted run's (every field within 1e-7 of its largest value, as
check_restart.py). (3) A copy of the moved folder without the initial stress's side file, and one whose node
coordinates' side file is truncated, given to -restart: exit 1, one line naming the side file and the array, no
traceback and no HDF5 error stack. (4) permafrost_thaw, whose initial stress changes in stage 2 (the bore and lining)
and then stays: stopped by SIGINT in stage 3 on 2 ranks, its checkpoint links the initial stress to a new side file
(another than the one written after stage 1, which is removed), whose values equal those of the same stop without
side files (1e-12) and differ from stage 1's (more than 1e-3); restarted on 1 rank it equals the uninterrupted run (1e-9, as
check_permafrost_restart.py).
usage: check_checkpoint_side_files.py OUTDIR"""
import glob
import os
import re
import shutil
import signal
import subprocess
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

out = os.path.abspath(sys.argv[1])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
drive = ["run", "-problem", "longitudinal_drive", "-mesh_x_min", "30000", "-mesh_x_max", "34000", "-mesh_cell_size_x", "100",
         "-mesh_cell_size_coarse", "100", "-mesh_cell_size_fine", "10", "-mesh_cells_above_band", "2", "-tunnel_x_start", "30000",
         "-tunnel_x_end", "34000", "-tunnel_stage_length", "1000", "-mech_ksp_rtol", "1e-10"]


def killed(args, outdir, step, np_=2):
    """The run killed in the middle of output step `step` (the checkpoint before it left); returns the exit code."""
    env = dict(os.environ, DIO_TEST_KILL_IN_STEP=str(step))
    cmd = [env.get("DIO_MPIEXEC", "mpiexec"), "-n", str(np_), "--oversubscribe", "--bind-to", "none", env["DIO_EXE"]] + args + ["-output_dir", outdir]
    return subprocess.run(cmd, cwd=env["DIO_SOURCE_DIR"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).returncode


def links(path):
    """{array: side file} of the checkpoint's external links."""
    with h5py.File(path, "r") as f:
        return {k: f.get(k, getlink=True).filename for k in f if isinstance(f.get(k, getlink=True), h5py.ExternalLink)}


def read(path, name, patched=True):
    """Array `name` of a checkpoint as a restart reads it: the side file's values with the patch applied."""
    with h5py.File(path, "r") as f:
        values = f[name][:]
        if patched and name + ".patch_ranges" in f:
            patch, ranges, used = f[name + ".patch"][:], f[name + ".patch_ranges"][:].astype(np.int64).reshape(-1, 2), 0
            for start, length in ranges:
                values[start:start + length] = patch[used:used + length]
                used += length
        return values


def rows(path, name, dim=2):
    """Array `name` of a checkpoint of a dim-D run as rows (a node's values when it has as many as the node coordinates,
    else a cell's), sorted by the node's coordinates or the cell's centroid: two runs on the same number of ranks may
    partition the mesh differently."""
    coordinates, centroids, values = read(path, "node_coordinates"), read(path, "cell_centroids"), read(path, name)
    keys = coordinates.reshape(-1, dim) if len(values) == len(coordinates) else centroids.reshape(-1, 3)
    return values.reshape(len(keys), -1)[np.lexsort(np.round(keys, 6).T[::-1])]


def side_files(outdir, name):
    """The names of the side files in outdir."""
    return sorted(os.path.basename(p) for p in glob.glob(os.path.join(outdir, name + ".checkpoint.*-*.h5")))


def one_error(args, pattern, what, cwd=None):
    rc, log = diorun.run(args, np=2, check=False, cwd=cwd)
    errors = [line for line in log.splitlines() if "error:" in line]
    expect(rc == 1 and len(errors) == 1 and re.search(pattern, errors[0]) is not None and "PETSC ERROR" not in log and "HDF5-DIAG" not in log,
           "%s: exit %d, %s" % (what, rc, errors[0] if errors else log[-400:]))


# (1) the drive killed in step 3 on 2 ranks, with side files and without
full, cut, plain = (os.path.join(out, k) for k in ("drive_full", "drive_cut", "drive_plain"))
diorun.run(drive + ["-output_dir", full], np=2)
rc_cut, rc_plain = killed(drive, cut, 3), killed(drive + ["-checkpoint_side_files", "false"], plain, 3)
checkpoint, reference = os.path.join(cut, "bering.checkpoint.h5"), os.path.join(plain, "bering.checkpoint.h5")
if not (os.path.exists(checkpoint) and os.path.exists(reference)):
    expect(False, "killed in step 3 (exit %d, %d), checkpoints left" % (rc_cut, rc_plain))
    sys.exit(1)
linked = links(checkpoint)
with h5py.File(checkpoint, "r") as f, h5py.File(reference, "r") as g:
    stage, names = int(f.attrs["stage"]), sorted(k for k in g if not k.endswith("patch") and not k.endswith("patch_ranges"))
    patched = "initial_stress.patch_ranges" in f
expect(stage == 2 and sorted(linked) == ["cell_centroids", "initial_stress", "node_coordinates"] and patched and not links(reference),
       "the checkpoint after stage %d links %s to side files, the initial stress with a patch (%s); without side files none" %
       (stage, sorted(linked), patched))


def difference(a, b):
    """The largest difference of two arrays relative to b's largest value (inf if their shapes differ)."""
    return np.abs(a - b).max() / max(np.abs(b).max(), 1e-300) if a.shape == b.shape else np.inf


# two runs of the same case differ by round-off (1e-14): the solver's sums are not in a fixed order, nor is the
# partition
same = {k: difference(rows(checkpoint, k), rows(reference, k)) for k in names}
expect(max(same.values()) < 1e-12, "every array (the side file's with its patch) equals the one written without side files to %.1e "
       "(tol 1e-12): %s" % (max(same.values()), {k: "%.0e" % v for k, v in same.items()}))
unpatched = difference(read(checkpoint, "initial_stress", patched=False), read(checkpoint, "initial_stress"))
expect(unpatched > 1e-3, "control: the initial stress without its patch differs by %.2f of its largest value" % unpatched)
expect(side_files(cut, "bering") == sorted(os.path.basename(p) for p in linked.values()),
       "the side files in the folder are those it links to: %s" % side_files(cut, "bering"))

# a new run over the uninterrupted one's output (on 1 rank: other hashes) removes that run's side files
before = side_files(full, "bering")
diorun.run(drive + ["-output_dir", full, "-output_overwrite"], np=1)
after = side_files(full, "bering")
expect(len(before) == 3 and not set(before) & set(after) and after == sorted(os.path.basename(p) for p in links(os.path.join(full, "bering.checkpoint.h5")).values()),
       "a run over another's output: its side files %s replace the other's %s" % (after, before))

# (2) the folder moved as a whole, restarted from another working directory on 1 rank
moved, elsewhere = os.path.join(out, "drive_moved"), os.path.join(out, "elsewhere")
shutil.move(cut, moved)
os.makedirs(elsewhere)
missing, damaged = os.path.join(out, "drive_missing"), os.path.join(out, "drive_damaged")
shutil.copytree(moved, missing)
shutil.copytree(moved, damaged)
args = [os.path.abspath(a) if a.endswith(".yaml") else a for a in drive]
rc, log = diorun.run(args + ["-output_dir", moved, "-restart", "latest"], np=1, check=False, cwd=elsewhere)
fa, fb, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(full, "bering.h5"), os.path.join(moved, "bering.h5"))
expect(rc == 0 and "after stage 2" in log and same_steps and same_times and fields > 0 and worst < 1e-7,
       "moved folder restarted from another directory (2 -> 1 ranks): exit %d, steps %s, largest difference %.1e (%s; tol 1e-7)" %
       (rc, [int(k) for k in fb["steps/step"][:]], worst, where))

# (3) a side file missing, or damaged
os.remove(os.path.join(missing, os.path.basename(linked["initial_stress"])))
one_error(drive + ["-output_dir", missing, "-restart", "latest"],
          r"checkpoint '.*drive_missing/bering\.checkpoint\.h5' needs its side file '.*drive_missing/bering\.checkpoint\.initial_stress-[0-9a-f]{16}\.h5' "
          r"\(array initial_stress\), which cannot be opened: No such file", "side file deleted")
coordinates = os.path.join(damaged, os.path.basename(linked["node_coordinates"]))
with open(coordinates, "rb") as f:
    head = f.read(2000)
with open(coordinates, "wb") as f:
    f.write(head)
one_error(drive + ["-output_dir", damaged, "-restart", "latest"],
          r"side file '.*drive_damaged/bering\.checkpoint\.node_coordinates-[0-9a-f]{16}\.h5' \(array node_coordinates\), which cannot be read as HDF5",
          "side file truncated")

# (4) permafrost_thaw: the initial stress changes in stage 2, then stays
name = "permafrost"
case = ["run", "-problem", "permafrost_thaw", "-mesh_cells_around", "16", "-mesh_half_width", "40", "-thaw_years", "2",
        "-output_times", "1,2", "-mech_ksp_rtol", "1e-12", "-heat_snes_rtol", "1e-12", "-output_name", name]
pfull, pfirst, pcut, pplain = (os.path.join(out, k) for k in ("permafrost_full", "permafrost_first", "permafrost_cut", "permafrost_plain"))
diorun.run(case + ["-output_dir", pfull], np=2)
stops = {}
for outdir, hook, extra in [(pfirst, "0", []), (pcut, "1", []), (pplain, "1", ["-checkpoint_side_files", "false"])]:
    os.environ["DIO_TEST_SIGNAL_IN_SOLVE"] = "%s:%d" % (hook, signal.SIGINT)
    stops[outdir] = diorun.run(case + ["-output_dir", outdir] + extra, np=2, check=False)[0]
    os.environ.pop("DIO_TEST_SIGNAL_IN_SOLVE")
first, after = os.path.join(pfirst, name + ".checkpoint.h5"), os.path.join(pcut, name + ".checkpoint.h5")
if not all(os.path.exists(os.path.join(d, name + ".checkpoint.h5")) for d in stops):
    expect(False, "permafrost stopped by SIGINT (exit %s), checkpoints written" % list(stops.values()))
    sys.exit(1)
with h5py.File(first, "r") as f, h5py.File(after, "r") as g:
    stages = (int(f.attrs["stage"]), int(g.attrs["stage"]))
file_first, file_after = links(first).get("initial_stress"), links(after).get("initial_stress")
expect(stages == (1, 3) and file_first is not None and file_after is not None and os.path.basename(file_first) != os.path.basename(file_after),
       "stopped after stages %s: the initial stress in side files %s, then %s" %
       (stages, file_first and os.path.basename(file_first), file_after and os.path.basename(file_after)))
expect([p for p in side_files(pcut, name) if "initial_stress" in p] == [os.path.basename(file_after or "")],
       "after stage 3 only that side file of the initial stress is left")
stress = rows(after, "initial_stress")
plain_diff = difference(stress, rows(os.path.join(pplain, name + ".checkpoint.h5"), "initial_stress"))
first_diff = difference(stress, rows(first, "initial_stress"))
expect(plain_diff < 1e-12 and first_diff > 1e-3, "its values equal those of the stop without side files to %.1e (tol 1e-12) and differ from "
       "stage 1's by %.2f of the largest" % (plain_diff, first_diff))
diorun.restart_and_compare(case, pfull, pcut, name, "after stage 3", "from the new side file (stage 3)", 1e-9)
sys.exit(1 if failures else 0)
