#!/usr/bin/env python3
"""Runs the geostatic column case (tests/verification/geostatic_column.yaml) with extra options and checks it.
usage: run_geostatic_column.py OUTDIR NAME NP [--dry] [diomede options...]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import check_geostatic_column  # noqa: E402

outdir, name, np = sys.argv[1], sys.argv[2], int(sys.argv[3])
dry = "--dry" in sys.argv[4:]
extra = [a for a in sys.argv[4:] if a != "--dry"]
if dry:
    extra += ["-loads_pore_pressure", "false"]
_, log = diorun.run(["run", diorun.source("tests/verification/geostatic_column.yaml"), "-output_dir", outdir, "-output_name", name,
                     "-output_overwrite"] + extra, np=np)
print(log)
sys.exit(check_geostatic_column.main(os.path.join(outdir, name + ".h5"), dry))
