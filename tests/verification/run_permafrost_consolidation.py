#!/usr/bin/env python3
"""Thaw consolidation around the tunnel (permafrost_thaw -flow_model consolidation, issue 14) against its limits.

Case: examples/bering/permafrost_landfall.yaml (Wales landfall: fresh pore water, permafrost 148 m, a 12 m bore at
-60 m, +10 degC in the tunnel) on a small section (16 cells around, 40 m half width), Q2-Q1, a watertight wall,
half a year of thaw with output at 0.25 and 0.5 years, 2 Biot steps per output interval.
Checks:
1. Initial state: output step 0 (the permafrost, bore and lining) equals the drained preset's (-flow_model none, the
   same element order) in every field they share, exactly (the same solves in the same order: the coupled model is
   set up after step 0). The coupled model keeps the state after the bore: |p_excess| of its zero-load step (logged)
   <= 1e-6 of the overburden at the axis (rho g 68 m = 1.4 MPa; measured 2.4e-2 Pa: 2e-8).
2. Drained limit: with no ice impedance (-materials_<layer>_ice_impedance 0) and a conductivity of 1e-2 m/s in every
   layer, the water leaves the thawed ground within each step (c_v dt / L^2 >= 1e4 for the softest layer, c_v =
   K E_oed / gamma_w ~ 50 m2/s, dt = 0.125 year, L = 68 m), so the coupled settlement equals the drained comparison's
   (the released stress with the hydrostatic pore pressure) to the residual excess pressure: |s / s_d - 1| <= 1e-3 at
   both output times (measured: see the log), and the largest excess pore pressure <= 1e-3 of the impeded run's.
3. Impeded (ice impedance 7, the table's conductivities): the thaw bulb is enclosed in frozen ground, so the released
   weight passes to the pore water: the excess pore pressure at the end is > 100 kPa and the coupled settlement is
   below the drained one (Morgenstern & Nixon's R >> 1 side: s / s_d < 1), the thaw depth equal to the drained run's
   (the heat does not see the water: to 1e-9).
Mode `ranks`: a drained wall (its faces labelled on a distributed mesh) on 1 and 2 ranks gives the same
_thaw_consolidation.csv to 1e-5 of each column's largest value (the coupled solve's tolerance, fieldsplit with inner
solves to 1e-2 stopped at 1e-10 of the right-hand side; measured 5e-7) and the same thaw depth to 1e-9.
usage: run_permafrost_consolidation.py OUTDIR [ranks]"""
import csv
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

outdir = sys.argv[1]
os.makedirs(outdir, exist_ok=True)
LAYERS = ("seabed_sediment", "coastal_sediment_onshore", "weathered_rock", "granite", "metasedimentary_rock")
BASE = [diorun.source("examples", "bering", "permafrost_landfall.yaml"), "-mech_element_order", "2", "-mesh_cells_around", "16",
        "-mesh_half_width", "40", "-thaw_years", "0.5", "-output_times", "0.25,0.5", "-mech_ksp_rtol", "1e-12", "-output_dir", outdir,
        "-output_overwrite"]
COUPLED = ["-flow_model", "consolidation", "-flow_tunnel_wall", "watertight", "-consolidation_steps", "2"]
DRAINED_LIMIT = [a for layer in LAYERS for a in ("-materials_%s_ice_impedance" % layer, "0",
                                                   "-materials_%s_hydraulic_conductivity" % layer, "1e-2")]


def run(name, extra, np=1):
    rc, log = diorun.run(["run"] + BASE + ["-output_name", name] + extra, np=np)
    with open(os.path.join(outdir, name + "_summary.json")) as f:
        summary = json.load(f)
    rows = []
    path = os.path.join(outdir, name + "_thaw_consolidation.csv")
    if os.path.exists(path):
        with open(path) as f:
            rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]
    return log, summary, rows


if len(sys.argv) > 2 and sys.argv[2] == "ranks":
    wall = COUPLED[:3] + ["drained"] + COUPLED[4:]
    _, _, rows1 = run("np1", wall)
    _, _, rows2 = run("np2", wall, np=2)
    expect(len(rows1) == 2 and len(rows2) == 2, "ranks: 2 rows each")
    for key in rows1[0] if rows1 else []:
        scale = max(abs(r[key]) for r in rows1) or 1.0
        d = max(abs(a[key] - b[key]) for a, b in zip(rows1, rows2)) / scale
        tol = 1e-9 if key in ("step", "time_years", "thaw_depth_from_wall_m", "settlement_drained_m") else 1e-5
        expect(d <= tol, "ranks: %s equal on 1 and 2 ranks (%.1e <= %g)" % (key, d, tol))
    sys.exit(1 if failures else 0)

_, drained, _ = run("drained", [])
log, impeded, rows_impeded = run("impeded", COUPLED)
_, limit, rows_limit = run("drained_limit", COUPLED + DRAINED_LIMIT)

# 1. step 0 of the coupled runs equals the drained preset's in the fields they share
fa, steps_a, va, ca = diorun.open_series(os.path.join(outdir, "drained.h5"))
for name in ("impeded", "drained_limit"):
    fb, steps_b, vb, cb = diorun.open_series(os.path.join(outdir, name + ".h5"))
    shared = sorted(set(fa["fields"]["step_000000"]) & set(fb["fields"]["step_000000"]))
    worst, where = 0.0, ""
    for field in shared:
        a, b = fa["fields"]["step_000000"][field][:], fb["fields"]["step_000000"][field][:]
        d = float(abs(a.astype(float) - b.astype(float)).max()) if a.shape == b.shape else float("inf")
        if d > worst:
            worst, where = d, field
    expect(len(shared) >= 10 and worst == 0.0,
           "%s: step 0 equals the drained preset's in %d shared fields (largest difference %g in %s)" % (name, len(shared), worst, where))
m = re.search(r"the state after the bore in the coupled model: \|u\| (\S+) m, \|p_excess\| (\S+) Pa", log)
overburden = 2070 * 9.81 * 68
expect(m is not None and float(m.group(2)) <= 1e-6 * overburden,
       "coupled model keeps the state after the bore: |p_excess| %s Pa <= 1e-6 x %.3g Pa" % (m.group(2) if m else "?", overburden))

# 2. drained limit: coupled = drained comparison
expect(len(rows_limit) == 2, "drained limit: 2 rows in _thaw_consolidation.csv")
for r in rows_limit:
    ratio = r["settlement_consolidation_m"] / r["settlement_drained_m"]
    expect(r["settlement_drained_m"] > 1e-4 and abs(ratio - 1) <= 1e-3,
           "drained limit, t = %g yr: settlement %.6g m against drained %.6g m (ratio - 1 = %.2e, tolerance 1e-3)"
           % (r["time_years"], r["settlement_consolidation_m"], r["settlement_drained_m"], ratio - 1))
expect(limit["excess_pore_pressure_max_pa"] <= 1e-3 * impeded["excess_pore_pressure_max_pa"],
       "drained limit: excess pore pressure %.4g Pa <= 1e-3 x the impeded run's %.4g Pa"
       % (limit["excess_pore_pressure_max_pa"], impeded["excess_pore_pressure_max_pa"]))

# 3. impeded: the thaw bulb's water cannot leave, the released weight passes to it
last = rows_impeded[-1] if rows_impeded else None
expect(last is not None and last["excess_pore_pressure_max_pa"] > 1e5,
       "impeded: excess pore pressure at 0.5 yr %.4g kPa > 100 kPa" % (last["excess_pore_pressure_max_pa"] / 1e3 if last else -1))
expect(last is not None and 0 < last["settlement_consolidation_m"] < last["settlement_drained_m"],
       "impeded: settlement %.4g mm below the drained comparison's %.4g mm"
       % (1e3 * last["settlement_consolidation_m"] if last else -1, 1e3 * last["settlement_drained_m"] if last else -1))
expect(abs(impeded["thaw_depth_from_wall_m"] - drained["thaw_depth_from_wall_m"]) <= 1e-9 * max(1.0, drained["thaw_depth_from_wall_m"]),
       "impeded: thaw depth %.6g m equals the drained preset's %.6g m" % (impeded["thaw_depth_from_wall_m"], drained["thaw_depth_from_wall_m"]))
sys.exit(1 if failures else 0)
