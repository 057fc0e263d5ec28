#!/usr/bin/env python3
"""Thaw coupling with Mohr-Coulomb ground: per-cell moduli (frozen ground stiffer) and the stress-free strain
(thermal and thaw strain) reach the material update of the elastoplastic solve.

Case: examples/bering/permafrost_landfall.yaml (2D landfall section, permafrost, warm bore for 2 years, one output).
Requirement 1 (verification): with a strength that never binds (cohesion and tension cut-off 1e12 Pa in every
ground layer) the elastoplastic run is the linear one: no quadrature point yields in any solve and every field of
every step (displacement, strain, stress, effective stress and its parts; the heat fields are the same solve) and
the thaw CSV equal the elastic run's within 1e-8 relative to the field's largest value (rtol 1e-12; measured
2.7e-10). This needs the cell's own moduli in the return map (the frozen ground is up to 10x stiffer than the layer)
and the eigenstrain taken off the strain before it. Mutations, measured: the layer's moduli instead of the cell's
give a difference of 0.18 (thaw-step displacement); the eigenstrain left out, the thaw solve fails to converge. stress_ratio_h_v is left out (a ratio of stresses that vanish at the surface).
One output only: with moduli that change between solves (a second output) the elastoplastic update is incremental
(sigma_n + D_now d_eps) and the linear solve secant (sigma_0 + D_now eps); they agree on the first solve after the
stored initial state, which this is.
Requirement 2 (sanity): with the layers' real strength the run converges and the thawing ground yields.
usage: run_permafrost_mohr_coulomb.py OUTDIR"""
import csv
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

outdir = sys.argv[1]
base = ["run", "examples/bering/permafrost_landfall.yaml", "-thaw_years", "2", "-output_times", "2", "-mech_ksp_rtol", "1e-12", "-output_dir", outdir,
        "-output_overwrite", "-progress", "normal"]
strong = ["-mech_snes_rtol", "1e-12"]
for layer in ("seabed_sediment", "coastal_sediment_onshore", "weathered_rock", "granite", "metasedimentary_rock"):
    strong += ["-materials_%s_cohesion" % layer, "1e12", "-materials_%s_tensile_strength" % layer, "1e12"]
mc = ["-materials_constitutive", "mohr_coulomb"]


def run(name, extra):
    _, log = diorun.run(base + extra + ["-output_name", name])
    return [int(line.split("cut back),")[1].split()[0]) for line in log.splitlines() if "Newton" in line and "cut back" in line]


def thaw_rows(name):
    with open(os.path.join(outdir, name + "_thaw.csv")) as f:
        return np.array([[float(v) for v in r.values()] for r in csv.DictReader(f)])


run("pfmc_elastic", [])
yielding = run("pfmc_strong", mc + strong)
worst, where = 0.0, ""
with h5py.File(os.path.join(outdir, "pfmc_elastic.h5"), "r") as fa, h5py.File(os.path.join(outdir, "pfmc_strong.h5"), "r") as fb:
    steps = sorted(k for k in fa["fields"] if k.startswith("step_"))
    for s in steps:
        for field in sorted(fa["fields"][s]):
            if field == "stress_ratio_h_v":
                continue
            x, y = fa["fields"][s][field][:].astype(float), fb["fields"][s][field][:].astype(float)
            d = np.abs(x - y).max() / max(np.abs(x).max(), 1e-300)
            if d > worst:
                worst, where = d, "%s/%s" % (s, field)
ta, tb = thaw_rows("pfmc_elastic"), thaw_rows("pfmc_strong")
d_csv = np.abs(ta - tb).max() / np.abs(ta).max()
expect(len(yielding) == 3 and max(yielding) == 0 and len(steps) == 2 and worst < 1e-8 and d_csv < 1e-8,
       "strength that never binds: %s points yield in the 3 solves; %d steps, every field equals the elastic run's within %.1e (%s), "
       "thaw CSV within %.1e (tol 1e-8)" % (yielding, len(steps), worst, where, d_csv))

real = run("pfmc_real", mc)
settle = thaw_rows("pfmc_real")[-1][3]
expect(len(real) == 3 and real[-1] > 0,
       "real strength: converged, %d quadrature points yield in the thaw solve; surface settlement %.2f mm (elastic %.2f mm)" %
       (real[-1] if real else -1, 1e3 * settle, 1e3 * ta[-1][3]))
sys.exit(1 if failures else 0)
