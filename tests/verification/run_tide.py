#!/usr/bin/env python3
"""A tide over the seabed: the sea level as a time function (tests/verification/tide.yaml, issue 14).
usage: run_tide.py OUTDIR NAME slow|fast [diomede options...]

Requirement (Wang 2000, sec. 6.4; Verruijt 2016, ch. 2): under a sea level h(t) the seabed carries the water's weight
q(t) = rho_w g h(t) and, drained, the excess pore pressure q(t). In 1D (lateral rollers) the pore pressure obeys
  dp/dt - c d2p/dz2 = gamma dq/dt,  p(seabed, t) = q(t),  p(z, 0) = 0,
with the loading efficiency gamma = alpha / (K_v / M + alpha^2) and c = kappa K_v / (K_v / M + alpha^2)
(biot_reference.Layer.terzaghi). Its solution is p = gamma q(t) + w, w the diffusion of (1 - gamma) q(t) from the
seabed into the half-space: for the piecewise-linear q, a sum of ramps r_i (t - t_i) 4 i2erfc(d / (2 sqrt(c (t - t_i))))
(Carslaw & Jaeger 1959, sec. 2.5), d the depth.
slow (conductivity 1e-10 m/s: c = 2.4e-5 m2/s, the tide's diffusion length over a day sqrt(4 c t) = 2.9 m in a 20 m
  column): (1) the seabed nodes hold q(t) (a boundary value: to 1e-9 of rho_w g 1 m); (2) at the base (20 m down) the
  pressure is gamma q(t) (the undrained 1D response: in the Q2-Q1 space exactly, only the diffusion's tail remains,
  erfc(20 / 2.9) ~ 1e-22): to 1e-6 of rho_w g 1 m (measured 1e-12, round-off); (3) the whole profile against the
  series every 12 steps, to 5e-3 of rho_w g 1 m. Measured (m of head): 1.3e-3 at the case's 96 steps / 80 cells (0.25
  m), 3.5e-3 at 48 steps / 80 cells and 2.3e-3 at 96 steps / 40 cells (the boundary layer's backward-Euler and mesh
  errors; 4.4e-3 at 24 steps / 40 cells): the bound holds the coarser levels, 4x the case's own error. Mutation,
  measured: without the water's weight on the seabed the base stays at 0 (0.59 m = gamma off) and the profile is off
  by 0.64 m.
fast (conductivity 1e-2 m/s: c = 2.4e3 m2/s, H^2 / c = 0.17 s against one-hour steps; 24 steps): the column follows the
  head, p = q(t) at every node and step, to 1e-5 m of head: the lag of a drained column, (1 - gamma) (dh/dt) H^2 / (2 c)
  = 1.5e-6 m at the tide's 1 m in 6 h, measured 1.6e-6 m."""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
sys.path.insert(0, os.path.dirname(__file__))
import diorun  # noqa: E402
import biot_reference as ref  # noqa: E402

outdir, name, mode = sys.argv[1], sys.argv[2], sys.argv[3]
extra = sys.argv[4:] + (["-materials_seabed_sediment_hydraulic_conductivity", "1e-2", "-consolidation_steps", "24"] if mode == "fast" else [])
_, log = diorun.run(["run", diorun.source("tests/verification/tide.yaml"), "-output_dir", outdir, "-output_name", name, "-output_overwrite",
                     "-biot_ksp_rtol", "1e-12"] + extra)
print(log)
import h5py  # noqa: E402

f = h5py.File(os.path.join(outdir, name + ".h5"), "r")
opts = ref.options_of(f)
layer = ref.Layer(opts)
table = [float(x) for x in opts["flow_sea_level"].split(",")]
t_tab, h_tab = np.array(table[0::2]), np.array(table[1::2])
gamma_w = layer.rho_w * ref.G_CONDUCTIVITY
H = float(opts["column_height"])
gamma, c, _, _ = layer.terzaghi(1.0, H)
v = f["mesh/vertices"][:]
depth = -v[:, 1]
top, base = np.isclose(depth, 0), np.isclose(depth, H)
steps = sorted(k for k in f["fields"] if k.startswith("step_"))
times = f["steps/time"][:]


def i2erfc(x):
    return ((1 + 2 * x * x) * math.erfc(x) - 2 * x * math.exp(-x * x) / math.sqrt(math.pi)) / 4


def series(d, t):
    """p(d, t) / gamma_w: gamma h(t) + the diffusion of (1 - gamma) h from the seabed."""
    w = 0.0
    rates = np.diff(h_tab) / np.diff(t_tab)
    changes = np.concatenate([[rates[0]], np.diff(rates)])  # slope changes at t_tab[:-1]
    for ti, dr in zip(t_tab[:-1], changes):
        if t > ti:
            w += dr * (t - ti) * 4 * i2erfc(d / (2 * math.sqrt(c * (t - ti))))
    return gamma * np.interp(t, t_tab, h_tab) + (1 - gamma) * w


print("loading efficiency gamma = %.5f, c = %.3g m2/s, diffusion length over the run %.2f m" % (gamma, c, math.sqrt(4 * c * times[-1])))
worst_top = worst_base = worst_profile = worst_fast = 0.0
for k, step in enumerate(steps):
    p = f["fields"][step]["excess_pore_pressure"][:]
    q = gamma_w * np.interp(times[k], t_tab, h_tab)
    worst_top = max(worst_top, np.abs(p[top] - q).max() / gamma_w)
    if mode == "slow":
        worst_base = max(worst_base, np.abs(p[base] - gamma * q).max() / gamma_w)
        if k % 12 == 0 or k == len(steps) - 1:
            exact = np.array([series(d, times[k]) for d in depth])
            e = np.abs(p / gamma_w - exact).max()
            worst_profile = max(worst_profile, e)
            print("t = %6.0f s: sea level %+.3f m, base %.4f m (gamma h %.4f m), profile error %.2e m" %
                  (times[k], q / gamma_w, p[base].mean() / gamma_w, gamma * q / gamma_w, e))
    else:
        worst_fast = max(worst_fast, np.abs(p - q).max() / gamma_w)
diorun.expect(worst_top < 1e-9, "the seabed holds rho_w g h(t) (largest difference %.1e m of head)" % worst_top)
if mode == "slow":
    diorun.expect(0.3 < gamma < 0.9, "a loading efficiency well inside (0, 1): %.4f" % gamma)
    diorun.expect(worst_base < 1e-6, "the base follows gamma rho_w g h(t) (%.1e m of head, tol 1e-6)" % worst_base)
    diorun.expect(worst_profile < 5e-3, "profiles against the series (%.2e m of head, tol 5e-3)" % worst_profile)
else:
    diorun.expect(worst_fast < 1e-5, "a free-draining column follows the head at every node (%.1e m of head, tol 1e-5)" % worst_fast)
sys.exit(1 if diorun.failures else 0)
