#!/usr/bin/env python3
"""Thaw of a permafrost column through the stage engine (-analysis thaw) on an imported mesh, posed as a case file
(tests/verification/thaw_column.yaml: 40 m of seabed sediment, meshes/freezing_column.geo, frozen at T_0 = -3 degC and
at rest under gravity (stage at_rest), then its surface held at T_s = +10 degC for 1/4 and 1 year (two stages);
thawed parameters k_u 2.1 W/m/K, C_u 2.8e6 J/m3/K, frozen k_f 3.3, C_f 2.0e6, L 1.17e8 J/m3, T_f = -1.8 degC, the
exponential curve of width 0.05 K; thaw strain 0.05, no thermal expansion, frozen modulus 10x the thawed).

Reference: Neumann's solution with the phases swapped (Carslaw & Jaeger, sect. 11.2): the thawed zone grows as
X(t) = 2 lambda sqrt(alpha_u t), lambda the root of
  k_u (T_s - T_f) e^(-l^2) / (erf(l) sqrt(pi alpha_u)) - k_f (T_f - T_0) e^(-l^2 nu^2) / (erfc(l nu) sqrt(pi alpha_f))
  = L l sqrt(alpha_u),  nu = sqrt(alpha_u / alpha_f).
The column is laterally held and free at its surface, so the thaw strain -eps_t d (d the melted fraction of the pore
ice, vertical only) gives a surface settlement of eps_t times the thawed depth, whatever the (thaw-softened) stiffness:
the gravity already carried by the stored stress does no further work.
Checked at the ends of the two stages, cells of 0.4 m (n = 10) and 0.2 m (n = 20): the thawed depth X_h = sum of
S_w area / width against X (tolerance 2.5 % / 1 % as the freezing case: the front crosses 4-8 cells of 0.4 m at 1/4
year; measured 1.02 % / 0.56 % at n = 10, 0.57 % / 0.48 % at n = 20, what is left at 0.2 m being the smeared front and
the 1-day steps), its error at 1/4 year falling by at least 1.5 from n = 10 to 20 (measured 1.8); the surface
settlement against eps_t X_h (1e-8 relative: the discrete identity, solver rtol 1e-12; with the strains per quadrature
point since issue 17 too, the points' ice being the nodes' interpolated, whose cell mean is the cell's: these errors
are unchanged) and against eps_t X (the
tolerances of X_h); the frozen ground below 2 X keeps its frozen modulus and the surface cell the thawed one (1e-6);
the initial-stress stage leaves no displacement (the frozen column at rest).
Exit 77 without gmsh.
usage: run_thaw_column.py OUTDIR NP"""
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
kf, ku, Cf, Cu, L, Tf, Ts, T0, eps_t = 3.3, 2.1, 2.0e6, 2.8e6, 1.17e8, -1.8, 10.0, -3.0, 0.05
af, au = kf / Cf, ku / Cu

lam = neumann_reference.front_coefficient(ku, Cu, Ts - Tf, kf, Cf, Tf - T0, L)

tolerance = {10: 0.025, 20: 0.01}
first_error = {}
for n in (10, 20):
    h5 = diorun.run_on_gmsh_mesh(gmsh, "freezing_column.geo", n, os.path.abspath(os.path.join(outdir, "freezing_column_n%d.msh" % n)),
                                 "thaw_column.yaml", outdir, "thaw_column_n%d_np%d" % (n, np_ranks), np=np_ranks)
    f, steps, _, _ = diorun.open_series(h5)
    times = f["steps/time"][:]
    v, c = f["mesh/vertices"][:], f["mesh/cells"][:]
    x = v[c]
    area = (x[:, :, 0].max(1) - x[:, :, 0].min(1)) * (x[:, :, 1].max(1) - x[:, :, 1].min(1))
    width = v[:, 0].max() - v[:, 0].min()
    top = np.abs(v[:, 1]) < 1e-9
    zc = x[:, :, 1].mean(1)
    u0 = np.abs(f["fields/" + steps[0] + "/displacement"][:]).max()
    diorun.expect(len(steps) == 3 and u0 == 0.0, "n = %d: 3 stages, the initial-stress stage moves nothing (max |u| %.1e m)" % (n, u0))
    for k, s in enumerate(steps[1:], start=1):
        t = times[k]
        Xh = (f["fields/" + s + "/unfrozen_saturation"][:] * area).sum() / width
        X = 2 * lam * math.sqrt(au * t)
        settlement = -f["fields/" + s + "/displacement"][:][top, 1].mean()
        E = f["fields/" + s + "/youngs_modulus_current"][:]
        err = abs(Xh / X - 1)
        if k == 1:
            first_error[n] = err
        diorun.expect(err < tolerance[n], "n = %d, t = %.4g years: thawed depth %.4f m, Neumann %.4f m (error %.2f %%, tol %.1f %%)"
                      % (n, t / 31557600, Xh, X, 100 * err, 100 * tolerance[n]))
        diorun.expect(abs(settlement / (eps_t * Xh) - 1) < 1e-8 and abs(settlement / (eps_t * X) - 1) < tolerance[n],
                      "n = %d, t = %.4g years: surface settlement %.5f m = thaw strain x thawed depth %.5f m (Neumann: %.5f m)"
                      % (n, t / 31557600, settlement, eps_t * Xh, eps_t * X))
        deep, shallow = zc < -2 * X, zc > zc.max() - 1e-9
        diorun.expect(np.abs(E[deep] / 5e8 - 1).max() < 1e-6 and np.abs(E[shallow] / 5e7 - 1).max() < 1e-6,
                      "n = %d, t = %.4g years: Young's modulus %.3g Pa below the front, %.3g Pa at the surface" % (n, t / 31557600, E[deep].mean(), E[shallow].mean()))
ratio = first_error[10] / first_error[20]
diorun.expect(ratio >= 1.5, "thawed-depth error at 1/4 year falls by %.2f from 0.4 m to 0.2 m cells (need >= 1.5)" % ratio)
sys.exit(1 if diorun.failures else 0)
