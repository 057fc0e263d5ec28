#!/usr/bin/env python3
"""-restart continues only its own model, and from a checkpoint only (issue 15).

Requirement: (1) a restart from the last checkpoint of a finished run (nothing left to compute) writes the same
summary: settlement and lining forces equal to the run's own to 1e-12 relative (they are computed from the same
restored state; before, the settlement read 0 and the lining forces were missing); output, progress and solver
options may change on a restart, and a table file moved elsewhere with the same contents is the same model;
(2) a restart with another model is refused with exit code 1 and one line naming the key with both values (an
option, the contents of a table file, the problem); (3) an empty, truncated, non-HDF5, missing file, or a results file,
given to -restart is refused with exit code 1 and one line naming the file; never a traceback; (4) so is a checkpoint
whose side file (issue 16: an array unchanged since the run's last checkpoint, linked) is missing or truncated, with
one line naming the side file and its array (the run's folder moved as a whole first, so that the link's absolute
target is gone and the side file is looked for next to the checkpoint).
usage: check_restart_errors.py OUTDIR"""
import json
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

out = os.path.abspath(sys.argv[1])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
materials = os.path.join(out, "materials.csv")
shutil.copy(diorun.source("data", "materials.csv"), materials)
run_dir = os.path.join(out, "run")
case = ["run", "examples/bering/tbm_segment.yaml", "-mesh_cells_around", "16", "-mesh_half_width", "40", "-tunnel_segment_length", "24",
        "-tunnel_stage_length", "6", "-tunnel_drive_length", "12", "-tunnel_shield_length", "3", "-tunnel_lining_section", "0", "-output_dir", run_dir]
checkpoint = os.path.join(run_dir, "segment.checkpoint.h5")


def summary():
    with open(os.path.join(run_dir, "segment_summary.json")) as f:
        return json.load(f)


KEYS = ["max_surface_settlement_m", "lining_thrust_min_N_per_m", "lining_thrust_max_N_per_m", "lining_moment_max_Nm_per_m"]

# (1) the run, then a restart after its last stage, with the table moved and other output/solver options
diorun.run(case + ["-materials_file", materials])
first = summary()
expect(all(k in first for k in KEYS) and first["max_surface_settlement_m"] > 0, "the run reports settlement and lining forces: %s" %
       {k: first.get(k) for k in KEYS})
moved = os.path.join(out, "moved_materials.csv")
shutil.copy(materials, moved)
rc, log = diorun.run(case + ["-materials_file", moved, "-restart", "latest", "-mech_ksp_rtol", "1e-9", "-progress", "verbose", "-checkpoint_every", "2"],
                     check=False)
again = summary()
same = all(k in again and abs(again[k] - first[k]) <= 1e-12 * abs(first[k]) for k in KEYS)
expect(rc == 0 and "[restart]" in log and same and again["restarts"] == 1,
       "restart after the last stage (table moved, solver/progress/checkpoint options changed): exit %d, same summary %s" %
       (rc, {k: again.get(k) for k in KEYS}))

# (2) another model, (3) not a checkpoint
with open(moved) as f:
    rows = f.read().splitlines(True)
row = next(i for i, line in enumerate(rows) if line.startswith("granite,youngs_modulus,"))
rows[row] = re.sub(r"^granite,youngs_modulus,[^,]*,", "granite,youngs_modulus,3.6e10,", rows[row])
with open(moved, "w") as f:
    f.write("".join(rows))
empty = os.path.join(out, "empty.h5")
open(empty, "w").close()
truncated = os.path.join(out, "truncated.h5")
with open(checkpoint, "rb") as f, open(truncated, "wb") as g:
    g.write(f.read(20000))
results = os.path.join(run_dir, "segment.h5")
drive = ["run", "-problem", "longitudinal_drive", "-output_dir", os.path.join(out, "drive")]
cases = [
    ("another diameter", case + ["-materials_file", materials, "-restart", "latest", "-tunnel_diameter", "13"],
     r"checkpoint '.*segment\.checkpoint\.h5' is of another model: -tunnel_diameter = 12 in the checkpoint's run, 13 in this one"),
    ("a key not set before", case + ["-materials_file", materials, "-restart", "latest", "-mesh_refine", "1"],
     r"another model: -mesh_refine = not set \(default\) in the checkpoint's run, 1 in this one"),
    ("table edited", case + ["-materials_file", moved, "-restart", "latest"], r"another model: -materials_file: the file's contents differ"),
    ("another problem", drive + ["-restart", checkpoint], r"another model: the problem is 'tunnel, 3D segment.*' in the checkpoint's run, 'tunnel drive"),
    ("results file", case + ["-restart", results], r"checkpoint '.*/run/segment\.h5' is not a diomede checkpoint \(a results file\?"),
    ("empty file", case + ["-restart", empty], r"checkpoint '.*/empty\.h5' is empty"),
    ("truncated file", case + ["-restart", truncated], r"checkpoint '.*/truncated\.h5' cannot be read as HDF5 \(truncated or damaged\)"),
    ("text file", case + ["-restart", "README.md"], r"checkpoint 'README\.md' is not an HDF5 file"),
    ("missing file", case + ["-restart", os.path.join(out, "none.h5")], r"checkpoint '.*/none\.h5' cannot open: No such file"),
]


def refused(cases):
    for name, args, pattern in cases:
        rc, log = diorun.run(args, np=2, check=False)
        errors = [line for line in log.splitlines() if "error:" in line]
        expect(rc == 1 and len(errors) == 1 and re.search(pattern, errors[0]) is not None and "PETSC ERROR" not in log and
               "HDF5-DIAG" not in log, "%-22s exit %d: %s" % (name, rc, errors[0] if errors else log[-300:]))


refused(cases)

# (4) side files: the run's folder moved, copies of it with a side file deleted or truncated
moved_run = os.path.join(out, "run_moved")
shutil.move(run_dir, moved_run)
sides = {re.sub(r"^segment\.checkpoint\.(.*)-[0-9a-f]{16}\.h5$", r"\1", f): f for f in os.listdir(moved_run) if f.endswith(".h5") and "-" in f}
expect(sorted(sides) == ["cell_centroids", "node_coordinates"], "the checkpoint's side files: %s" % sorted(sides.values()))
for damage in ("missing", "truncated"):
    shutil.copytree(moved_run, os.path.join(out, "run_" + damage))
os.remove(os.path.join(out, "run_missing", sides.get("cell_centroids", "none")))
truncated_side = os.path.join(out, "run_truncated", sides.get("node_coordinates", "none"))
with open(truncated_side, "rb") as f:
    head = f.read(3000)
with open(truncated_side, "wb") as f:
    f.write(head)
refused([
    ("side file missing", case[:-1] + [os.path.join(out, "run_missing"), "-materials_file", materials, "-restart", "latest"],
     r"checkpoint '.*run_missing/segment\.checkpoint\.h5' needs its side file '.*run_missing/segment\.checkpoint\.cell_centroids-[0-9a-f]{16}\.h5' "
     r"\(array cell_centroids\), which cannot be opened: No such file"),
    ("side file truncated", case[:-1] + [os.path.join(out, "run_truncated"), "-materials_file", materials, "-restart", "latest"],
     r"needs its side file '.*run_truncated/segment\.checkpoint\.node_coordinates-[0-9a-f]{16}\.h5' \(array node_coordinates\), which cannot be "
     r"read as HDF5 \(truncated or damaged\)"),
])
sys.exit(1 if failures else 0)
