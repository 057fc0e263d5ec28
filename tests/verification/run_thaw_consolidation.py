#!/usr/bin/env python3
"""Morgenstern & Nixon's one-dimensional thaw consolidation (tests/verification/thaw_consolidation.yaml) at two
resolutions, against the closed forms. usage: run_thaw_consolidation.py OUTDIR NAME NP [diomede options...]

Requirement (issue 14, permafrost coupling): a frozen column whose surface is warmed by a step at t = 0 thaws as
Neumann's two-phase Stefan solution, X(t) = a sqrt(t); the thawed soil, with no effective stress left at the front
(the ice carried the overburden), consolidates under its own weight, drained at the surface and bounded below by the
impermeable frozen ground. Morgenstern & Nixon (1971, Can. Geotech. J. 8:558-565; no surface load, residual stress 0):
    R = a / (2 sqrt(c_v)),  c_v = kappa K_v (incompressible water and grains),  kappa = K / (rho_w g)
    excess pore pressure  u(z, t) = gamma' z / (1 + 1 / (2 R^2)) for 0 <= z <= X, largest at the front:
                          u(X) / (gamma' X) = 2 R^2 / (1 + 2 R^2)
    settlement            s(t) = m_v gamma' X^2 / (2 (1 + 2 R^2)) = (drained-at-once settlement m_v gamma' X^2 / 2) /
                          (1 + 2 R^2),  m_v = 1 / K_v
(derivation in docs/thaw_consolidation.md). Both ratios are constant in time (self-similar): the checks average them
over the output steps with t >= t_end / 4 (front at least 0.46 m, 9 coarse cells deep); single steps scatter by a few
per cent as the front crosses a cell (the released load and the stiffness of a cell follow its mean ice content).
Measured (2026-12-07, 200 / 400 cells over 10 m, 40 / 80 steps over half a year; R = 1.058): front mean -0.96 / -0.85 %
(largest 3.9 / 2.7 %), u_max -0.85 / +0.75 %, s / s_drained +2.8 / +1.2 %, s_drained -6.7 / -2.5 %. The checks:
  (1) front from the temperature (0-isotherm of T - T_f): mean of X_h / (a sqrt t) - 1 within 2 % on both meshes, every
      step within 4 %. It does not fall with h (as in verification.thaw_settlement_column): the freezing curve's tail
      and backward Euler, not the mesh.
  (2) u_max / (gamma' X_h) within 3 % of 2 R^2 / (1 + 2 R^2) on the refined mesh (R from Neumann's a; a 5 % error in
      c_v moves it by 1.5 %, in the front rate by 3 %).
  (3) s / s_drained (both from the run, their common front error cancels) within 3 % of 1 / (1 + 2 R^2) on the refined
      mesh and at most 0.7 times the coarse error: the partly thawed cell at the front keeps part of its frozen
      stiffness and load, an O(h) lag that halves with h.
  (4) the drained-at-once settlement within 5 % of m_v gamma' X_h^2 / 2 on the refined mesh and 0.7 times the coarse
      error (the same O(h) lag).
The thermal parameters are those of the layer in data/materials.csv, with the case's overrides.
With MODE `ranks` (usage: run_thaw_consolidation.py OUTDIR NAME ranks): a short run (60 cells, 6 steps) on 1 and 2
ranks gives the same thaw depth, settlements and largest excess pore pressure to 1e-6 relative (measured with the LU
solves: equal to the CSV's 10 digits; the fieldsplit solver differs by ~1e-8, its tolerance)."""
import csv
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
sys.path.insert(0, os.path.dirname(__file__))
import diorun  # noqa: E402
import biot_reference as ref  # noqa: E402


def table_values(layer):
    """The layer's rows of data/materials.csv (name -> value)."""
    values = {}
    with open(diorun.source("data/materials.csv")) as f:
        for row in csv.reader(line for line in f if not line.startswith("#")):
            if len(row) > 2 and row[0] == layer:
                try:
                    values[row[1]] = float(row[2])
                except ValueError:
                    pass
    return values


def neumann_thaw_rate(k_u, k_f, C_u, C_f, L, T_f, T_s, T_0):
    """a of the thaw front X = a sqrt(t): Neumann's solution (Carslaw & Jaeger sect. 11.2), thawing form, bisection on
    the Stefan condition (its residual decreases in lambda)."""
    a_u, a_f = k_u / C_u, k_f / C_f
    nu = math.sqrt(a_u / a_f)

    def residual(lam):
        thawed = k_u * (T_s - T_f) * math.exp(-lam * lam) / (math.erf(lam) * math.sqrt(math.pi * a_u))
        frozen = k_f * (T_f - T_0) * math.exp(-lam * lam * nu * nu) / (math.erfc(lam * nu) * math.sqrt(math.pi * a_f))
        return thawed - frozen - L * lam * math.sqrt(a_u)

    lo, hi = 1e-8, 5.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if residual(mid) > 0 else (lo, mid)
    return 2 * 0.5 * (lo + hi) * math.sqrt(a_u)


def measures(outdir, run_name):
    import h5py
    with h5py.File(os.path.join(outdir, run_name + ".h5"), "r") as f:
        opts = ref.options_of(f)
    layer = opts["thaw_consolidation_layer"].lower()
    get = lambda key: float(opts["materials_%s_%s" % (layer, key)])
    for key in ("grain_compressibility", "thaw_strain", "thermal_expansion"):
        assert get(key) == 0, "the closed form needs %s = 0" % key
    assert float(opts["materials_pore_water_compressibility"]) == 0, "the closed form needs incompressible water"
    E, nu, K = get("youngs_modulus"), get("poissons_ratio"), get("hydraulic_conductivity")
    rho_w = float(opts["loads_water_density"])
    K_v = E * (1 - nu) / ((1 + nu) * (1 - 2 * nu))
    c_v = K / (rho_w * ref.G_CONDUCTIVITY) * K_v
    table = table_values(layer)
    for row in list(table):  # the case's overrides of the table (-materials_<layer>_<row>)
        table[row] = float(opts.get("materials_%s_%s" % (layer, row), table[row]))
    gamma = (table["density_unfrozen"] - rho_w) * 9.81
    T_s, T_0 = float(opts["thaw_consolidation_surface_temperature"]), float(opts["thaw_consolidation_initial_temperature"])
    a = neumann_thaw_rate(table["thermal_conductivity_unfrozen"], table["thermal_conductivity_frozen"],
                          table["volumetric_heat_capacity_unfrozen"], table["volumetric_heat_capacity_frozen"],
                          table["volumetric_latent_heat"], table["freezing_point"], T_s, T_0)
    R = a / (2 * math.sqrt(c_v))
    with open(os.path.join(outdir, run_name + "_thaw_consolidation.csv")) as f:
        rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]
    t_end = rows[-1]["time_s"]
    front, pressure, ratio, drained = [], [], [], []
    for r in rows:
        if r["time_s"] < t_end / 4:
            continue
        X = r["thaw_depth_m"]
        front.append(X / (a * math.sqrt(r["time_s"])) - 1)
        pressure.append(r["excess_pore_pressure_max_pa"] / (gamma * X))
        ratio.append(r["settlement_consolidation_m"] / r["settlement_drained_m"])
        drained.append(r["settlement_drained_m"] / (gamma * X * X / (2 * K_v)))
    return dict(a=a, R=R, c_v=c_v, gamma=gamma, front_mean=np.mean(front), front_max=np.max(np.abs(front)),
                pressure=np.mean(pressure), ratio=np.mean(ratio), drained=np.mean(drained), steps=len(front))


outdir, name = sys.argv[1], sys.argv[2]
case = diorun.source("tests/verification/thaw_consolidation.yaml")
if sys.argv[3] == "ranks":
    series = []
    for ranks in (1, 2):
        run_name = "%s_np%d" % (name, ranks)
        diorun.run(["run", case, "-output_dir", outdir, "-output_name", run_name, "-output_overwrite", "-progress", "quiet",
                    "-column_cells_vertical", "60", "-column_height", "3", "-thaw_consolidation_steps", "6"], np=ranks)
        with open(os.path.join(outdir, run_name + "_thaw_consolidation.csv")) as f:
            series.append(np.array([[float(v) for v in r.values()] for r in csv.DictReader(f)]))
    difference = np.max(np.abs(series[0] - series[1]) / np.maximum(np.abs(series[0]), 1e-30))
    diorun.expect(series[0].shape == series[1].shape and difference < 1e-6, "1 and 2 ranks agree: %.2e < 1e-6 (relative)" % difference)
    sys.exit(1 if diorun.failures else 0)
np_ranks, extra = int(sys.argv[3]), sys.argv[4:]
results = []
for level, more in ((0, []), (1, ["-column_cells_vertical", "400", "-thaw_consolidation_steps", "80"])):
    run_name = "%s_r%d" % (name, level)
    _, log = diorun.run(["run", case, "-output_dir", outdir, "-output_name", run_name, "-output_overwrite", "-progress", "quiet"]
                        + more + extra, np=np_ranks)
    print(log)
    m = measures(outdir, run_name)
    p_mn, s_mn = 2 * m["R"] ** 2 / (1 + 2 * m["R"] ** 2), 1 / (1 + 2 * m["R"] ** 2)
    m["pressure_error"], m["ratio_error"], m["drained_error"] = m["pressure"] / p_mn - 1, m["ratio"] / s_mn - 1, m["drained"] - 1
    print("level %d: a %.5e m/s^0.5, c_v %.4e m2/s, R %.4f, gamma' %.1f N/m3 (%d steps with t >= t_end / 4)"
          % (level, m["a"], m["c_v"], m["R"], m["gamma"], m["steps"]))
    print("  front X_h / (a sqrt t) - 1: mean %+.4f, largest %.4f" % (m["front_mean"], m["front_max"]))
    print("  u_max / (gamma' X_h) %.4f against 2 R^2 / (1 + 2 R^2) = %.4f: %+.4f" % (m["pressure"], p_mn, m["pressure_error"]))
    print("  s / s_drained %.4f against 1 / (1 + 2 R^2) = %.4f: %+.4f" % (m["ratio"], s_mn, m["ratio_error"]))
    print("  s_drained / (m_v gamma' X_h^2 / 2) - 1: %+.4f" % m["drained_error"])
    results.append(m)
coarse, fine = results
for m in results:
    diorun.expect(abs(m["front_mean"]) < 0.02 and m["front_max"] < 0.04,
                  "thaw front within 2 %% of Neumann's on average (%+.4f), every step within 4 %% (%.4f)" % (m["front_mean"], m["front_max"]))
diorun.expect(abs(fine["pressure_error"]) < 0.03, "excess pore pressure at the front within 3 %% of Morgenstern & Nixon's (%+.4f)" % fine["pressure_error"])
diorun.expect(abs(fine["ratio_error"]) < 0.03, "settlement / drained settlement within 3 %% of 1 / (1 + 2 R^2) (%+.4f)" % fine["ratio_error"])
diorun.expect(abs(fine["ratio_error"]) < 0.7 * abs(coarse["ratio_error"]),
              "settlement ratio converges: %+.4f -> %+.4f" % (coarse["ratio_error"], fine["ratio_error"]))
diorun.expect(abs(fine["drained_error"]) < 0.05, "drained settlement within 5 %% of m_v gamma' X^2 / 2 (%+.4f)" % fine["drained_error"])
diorun.expect(abs(fine["drained_error"]) < 0.7 * abs(coarse["drained_error"]),
              "drained settlement converges: %+.4f -> %+.4f" % (coarse["drained_error"], fine["drained_error"]))
sys.exit(1 if diorun.failures else 0)
