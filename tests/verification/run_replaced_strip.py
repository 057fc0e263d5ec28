#!/usr/bin/env python3
"""Runs the longitudinal drive on the flat column (whole width replaced in stages) and checks the last stage.
usage: run_replaced_strip.py OUTDIR NAME NP [diomede options...]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, name, np = sys.argv[1], sys.argv[2], int(sys.argv[3])
args = ["run", diorun.source("tests/verification/geostatic_column.yaml"), "-problem", "longitudinal_drive", "-tunnel_x_start", "0", "-tunnel_x_end", "1000",
        "-tunnel_stage_length", "500", "-tunnel_diameter", "12", "-tunnel_lining_thickness", "0.55", "-materials_lining_concrete_youngs_modulus", "3.7e10",
        "-materials_lining_concrete_poissons_ratio", "0.2", "-materials_lining_concrete_density", "2500", "-output_dir", outdir, "-output_name", name,
        "-output_overwrite"] + sys.argv[4:]
_, log = diorun.run(args, np=np)
print(log)
proc = os.system("%s %s %s" % (sys.executable, os.path.join(os.path.dirname(__file__), "check_replaced_strip.py"), os.path.join(outdir, name + ".h5")))
sys.exit(0 if proc == 0 else 1)
