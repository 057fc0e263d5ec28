#!/usr/bin/env python3
"""The surface settlement the log prints is the one in the outputs (issue 15).

Requirement: for the landfall transverse section (examples/bering/transverse_landfall.yaml, Q1 to stay small), the
settlement of the last stage printed in the log ("surface settlement X mm") equals, to its printed 0.01 mm, the
summary's max_surface_settlement_m, the last row of _tunnel.csv, the largest settlement of the last step in
_trough.csv, and the largest downward displacement of the top vertices in the HDF5 file (these four to 1e-12 m).
In uniform-stress mode with a free top the top rises (the far-field stress is released there too, README): the log
must say so with the rise of _trough.csv instead of printing a bare 0.
usage: check_transverse_settlement.py OUTDIR"""
import csv
import json
import os
import re
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

outdir = sys.argv[1]
case = diorun.source("examples", "bering", "transverse_landfall.yaml")


def outputs(name):
    """Settlement of the last step from the summary, _tunnel.csv, _trough.csv and the HDF5 file (m), and the
    largest rise of the last step in _trough.csv."""
    base = os.path.join(outdir, name)
    summary = json.load(open(base + "_summary.json"))["max_surface_settlement_m"]
    tunnel = list(csv.DictReader(open(base + "_tunnel.csv")))[-1]
    rows = list(csv.DictReader(open(base + "_trough.csv")))
    last = max(int(r["step"]) for r in rows)
    trough = [float(r["settlement_m"]) for r in rows if int(r["step"]) == last]
    f = h5py.File(base + ".h5", "r")
    v = f["mesh/vertices"][:]
    u = f["fields/" + sorted(k for k in f["fields"] if k.startswith("step_"))[-1] + "/displacement"][:]
    top = np.abs(v[:, 1] - v[:, 1].max()) < 1e-9 * (1 + abs(v[:, 1].max()))
    h5 = max(0.0, float((-u[top, 1]).max()))
    return summary, float(tunnel["max_surface_settlement_m"]), max(0.0, max(trough)), h5, max(0.0, -min(trough))


for name, extra in (("settlement_geostatic", []),
                    ("settlement_uniform", ["-initial_stress", "uniform", "-initial_stress_components", "-2e6,-2e6,-2e6"])):
    _, log = diorun.run(["run", case, "-mech_element_order", "1", "-output_dir", outdir, "-output_name", name, "-output_overwrite"] + extra)
    printed = re.findall(r"surface settlement (-?[\d.]+) mm(?: \(the surface rises instead, up to ([\d.]+) mm\))?", log)
    expect(len(printed) == 2, "%s: the log prints the settlement after each of the 2 stages (%d found)" % (name, len(printed)))
    if not printed:
        continue
    logged, logged_rise = float(printed[-1][0]) * 1e-3, printed[-1][1]
    summary, tunnel, trough, h5, rise = outputs(name)
    expect(abs(logged - summary) <= 0.5e-5, "%s: log %.2f mm = summary %.4f mm (to the printed 0.01 mm)" % (name, 1e3 * logged, 1e3 * summary))
    spread = max(summary, tunnel, trough, h5) - min(summary, tunnel, trough, h5)
    expect(spread <= 1e-12, "%s: summary %.6e, _tunnel.csv %.6e, _trough.csv %.6e, HDF5 %.6e m agree (spread %.1e m)" % (name, summary, tunnel, trough, h5, spread))
    if rise > summary:
        expect(logged_rise != "" and abs(float(logged_rise or 0) * 1e-3 - rise) <= 0.5e-5,
               "%s: the log names the rise %s mm (_trough.csv %.4f mm)" % (name, logged_rise or "(none)", 1e3 * rise))
    else:
        expect(logged_rise == "", "%s: no rise named where the surface settles" % name)
expect(True, "done")
sys.exit(1 if failures else 0)
