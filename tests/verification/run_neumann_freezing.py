#!/usr/bin/env python3
"""Two-phase Neumann freezing posed as a case file (tests/verification/neumann_freezing.yaml: a column of seabed sediment
on an imported mesh, meshes/freezing_column.geo, 40 m deep, initially at T_0 = +2 degC, its surface held at
T_s = -10 degC from t = 0; the layer's thermal parameters from the case: k_u 2.1, k_f 3.3 W/m/K, C_u 2.8e6, C_f 2.0e6
J/m3/K, L 1.17e8 J/m3, T_f = -1.8 degC, exponential freezing curve of width 0.05 K; backward Euler, steps up to 1 day).
The C driver heat_stefan.c checks the same solution with its values built in; this is the user's path.

Reference: Neumann's solution (Carslaw & Jaeger, sect. 11.2): X(t) = 2 lambda sqrt(alpha_f t), lambda the root of
  k_f (T_f - T_s) e^(-l^2) / (erf(l) sqrt(pi alpha_f)) - k_u (T_0 - T_f) e^(-l^2 nu^2) / (erfc(l nu) sqrt(pi alpha_u))
  = L l sqrt(alpha_f), nu = sqrt(alpha_f / alpha_u),
with the temperature erf / erfc profiles on either side of the front.
Checked at the ends of the two stages (1/16 and 1/4 year), on cells of 0.4 m (n = 10) and 0.2 m (n = 20): the frozen
depth X_h = sum over cells of (1 - S_w) area / width against X (tolerance 2.5 % / 1 %: the front crosses 2-4 cells of
0.4 m at 1/16 year); the error at 1/16 year must fall by at least 1.5 from n = 10 to 20 (the O(h) front error; what
remains at 0.2 m, ~0.3 %, is the smeared front (latent heat released ~0.03 K below T_f) and the 1-day steps); X_h grows
as sqrt(t) (exponent 0.5 +- 0.01 between the two times); the vertex temperatures within 0.6 K (5 % of T_0 - T_s) of
the closed form: a vertex next to the front is off by up to ~h |dT/dd| / 4 (0.9 / 0.45 K at 0.4 / 0.2 m where the
frozen-side gradient is 9 K/m at 1/16 year), and 1-day steps are 4.4 % of the first check time. Measured: X_h errors
1.59 % / 0.43 % (n = 10), 0.61 % / 0.30 % (n = 20); vertex errors 0.44 / 0.43 K (n = 10), 0.43 / 0.20 K (n = 20);
exponents 0.5085 / 0.5022. Restart: with a third stage (to 1 year) checkpointed after stage 2, the restarted run ends as the uninterrupted one
(temperature 1e-9 K, frozen depth 1e-12 relative: the checkpoint holds the heat's next step and energy terms, so the
restart takes the same steps; measured 0).
Exit 77 without gmsh.
usage: run_neumann_freezing.py OUTDIR NP"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import neumann_reference  # noqa: E402

outdir, np_ranks = sys.argv[1], int(sys.argv[2])
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
kf, ku, Cf, Cu, L, Tf, Ts, T0 = 3.3, 2.1, 2.0e6, 2.8e6, 1.17e8, -1.8, -10.0, 2.0
af, au = kf / Cf, ku / Cu
nu = math.sqrt(af / au)

lam = neumann_reference.front_coefficient(kf, Cf, Tf - Ts, ku, Cu, T0 - Tf, L)


def exact_T(depth, t):
    X = 2 * lam * math.sqrt(af * t)
    if depth < X:
        return Ts + (Tf - Ts) * math.erf(depth / (2 * math.sqrt(af * t))) / math.erf(lam)
    return T0 - (T0 - Tf) * math.erfc(depth / (2 * math.sqrt(au * t))) / math.erfc(lam * nu)


tolerance = {10: 0.025, 20: 0.01}
first_error = {}
for n in (10, 20):
    h5 = diorun.run_on_gmsh_mesh(gmsh, "freezing_column.geo", n, os.path.abspath(os.path.join(outdir, "freezing_column_n%d.msh" % n)),
                                 "neumann_freezing.yaml", outdir, "neumann_freezing_n%d_np%d" % (n, np_ranks), np=np_ranks)
    f, steps, _, _ = diorun.open_series(h5)
    times = f["steps/time"][:]
    v, c = f["mesh/vertices"][:], f["mesh/cells"][:]
    x = v[c]
    area = (x[:, :, 0].max(1) - x[:, :, 0].min(1)) * (x[:, :, 1].max(1) - x[:, :, 1].min(1))
    width = v[:, 0].max() - v[:, 0].min()
    depths = []
    for k, s in enumerate(steps):
        t = times[k]
        Xh = ((1 - f["fields/" + s + "/unfrozen_saturation"][:]) * area).sum() / width
        X = 2 * lam * math.sqrt(af * t)
        err = abs(Xh / X - 1)
        eT = np.abs(f["fields/" + s + "/temperature"][:] - np.array([exact_T(-z, t) for z in v[:, 1]])).max()
        depths.append(Xh)
        if k == 0:
            first_error[n] = err
        diorun.expect(err < tolerance[n] and eT < 0.6, "n = %d, t = %.4g years: frozen depth %.4f m, Neumann %.4f m (error %.2f %%, tol %.1f %%); "
                      "largest vertex temperature error %.3f K (tol 0.6)" % (n, t / 31557600, Xh, X, 100 * err, 100 * tolerance[n], eT))
    exponent = math.log(depths[1] / depths[0]) / math.log(times[1] / times[0])
    diorun.expect(len(steps) == 2 and abs(exponent - 0.5) < 0.01, "n = %d: X_h grows as t^%.4f (need 0.5 +- 0.01)" % (n, exponent))
ratio = first_error[10] / first_error[20]
diorun.expect(ratio >= 1.5, "front error at 1/16 year falls by %.2f from 0.4 m to 0.2 m cells (need >= 1.5)" % ratio)
# restart of the heat analysis: a third stage (to 1 year) added, checkpointed after stage 2 and restarted; the restart
# goes on with the heat's next step (heat_state), so the last stage is the uninterrupted run's (same rank count):
# temperature within 1e-9 K, frozen depth within 1e-12 relative (measured 0; 1.1e-3 K when the step size started
# again from -heat_dt_initial)
import h5py  # noqa: E402

base = ["run", diorun.source("tests", "verification", "neumann_freezing.yaml"), "-mesh_file", os.path.abspath(os.path.join(outdir, "freezing_column_n10.msh")),
        "-stages_order", "sixteenth,quarter,year", "-stages_year_duration", "23668200", "-output_dir", outdir, "-output_name", "neumann_restart"]
uninterrupted, h5, out = diorun.restart_after(base, 2, np=np_ranks)
with h5py.File(uninterrupted, "r") as fa, h5py.File(h5, "r") as fb:
    dT = np.abs(fa["fields/step_000002/temperature"][:] - fb["fields/step_000002/temperature"][:]).max()
    Xa, Xb = (1 - fa["fields/step_000002/unfrozen_saturation"][:]).sum(), (1 - fb["fields/step_000002/unfrozen_saturation"][:]).sum()
    same = np.array_equal(fa["steps/time"][:], fb["steps/time"][:])
diorun.expect("after stage 2" in out and same and dT < 1e-9 and abs(Xb / Xa - 1) < 1e-12,
              "heat restarted after stage 2: last stage's temperature within %.1e K, frozen depth within %.1e of the uninterrupted run" % (dT, abs(Xb / Xa - 1)))
sys.exit(1 if diorun.failures else 0)
