#!/usr/bin/env python3
"""Terzaghi's 1D consolidation (tests/verification/terzaghi.yaml) at two resolutions, against the series solution.
usage: run_terzaghi.py OUTDIR NAME NP [diomede options...]

Requirement: a column of height H on a fixed base with lateral rollers, drained at the loaded top (q at t = 0) and
impermeable elsewhere, follows Biot's 1D solution (Verruijt 2016, ch. 2; biot_reference.py):
  settlement s(t) = s_0 + (s_inf - s_0) U(T), T = c_v t / H^2, U(T) = 1 - sum 8/(M pi)^2 exp(-M^2 pi^2 T / 4);
  excess pore pressure p(y, t) = p_0 sum 4/(M pi) sin(M pi y / 2H) exp(-M^2 pi^2 T / 4), y the depth below the top;
  p_0 = alpha q / (K_v / M + alpha^2), c_v = kappa K_v / (K_v / M + alpha^2), s_inf = q H / K_v.
Measured: the largest error of U(T) (|s - s_exact| / s_inf) over the steps with 0.02 <= T <= 2, and of p / p_0 over the
column at the steps nearest T = 0.05, 0.2, 0.5, 1, on the case's mesh and time steps (10 cells over H, 30 steps growing
by 1.3) and on the mesh and steps refined once (-mesh_refine 1: 20 cells, 60 steps growing by sqrt(1.3), so every
step is split in two). Backward Euler's first-order lag limits the accuracy: the settlement error peaks at T ~ 0.8,
where the geometric steps are longest relative to the elapsed time (dt / t ~ 0.23), and halves when every step is
split (measured 2026-12-07: U 2.57e-2 -> 1.36e-2, p / p_0 3.9e-2 -> 2.1e-2, ratio 0.53). The test requires the refined
errors below 2e-2 (U) and 3e-2 (p) and below 0.6 times the coarse ones: an error that does not shrink with the step
(a wrong c_v, p_0 or storage term: 5 % in c_v moves U by ~1.3e-2 at T = 0.2 on every mesh) fails the ratio. The
final settlement (T ~ 4.9) must equal s_inf to 1e-3."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
sys.path.insert(0, os.path.dirname(__file__))
import diorun  # noqa: E402
import biot_reference as ref  # noqa: E402


def errors(path):
    import h5py
    f = h5py.File(path, "r")
    opts = ref.options_of(f)
    layer = ref.Layer(opts)
    load, height = float(opts["consolidation_load"]), float(opts["column_height"])
    p0, c_v, s0, s_inf = layer.terzaghi(load, height)
    verts = f["mesh/vertices"][:]
    times = f["steps/time"][:]
    steps = sorted(k for k in f["fields"] if k.startswith("step_"))
    dim = 3 if f["mesh/cells"].shape[1] == 8 else 2
    z = verts[:, dim - 1]
    top = np.isclose(z, z.max())
    axis = np.isclose(verts[:, 0], 0.0)
    depth = (z.max() - z[axis]) / height
    U_err, p_err, s_end = 0.0, {}, None
    for name, t in zip(steps, times):
        T = c_v * t / height ** 2
        s = -f["fields"][name]["displacement"][:, dim - 1][top].mean()
        s_exact = s0 + (s_inf - s0) * ref.terzaghi_degree(T)[0]
        if 0.02 <= T <= 2:
            U_err = max(U_err, abs(s - s_exact) / s_inf)
        s_end = (s, s_exact, T)
    for T_want in (0.05, 0.2, 0.5, 1.0):
        k = int(np.argmin(abs(c_v * times / height ** 2 - T_want)))
        T = c_v * times[k] / height ** 2
        p = f["fields"][steps[k]]["excess_pore_pressure"][:][axis] / p0
        p_err[T_want] = (T, np.max(abs(p - ref.terzaghi_pressure(depth, T))))
    return U_err, p_err, s_end, (p0, c_v, s_inf)


outdir, name, np_ranks = sys.argv[1], sys.argv[2], int(sys.argv[3])
extra = sys.argv[4:]
case = diorun.source("tests/verification/terzaghi.yaml")
results = []
for level, more in ((0, []), (1, ["-mesh_refine", "1", "-consolidation_steps", "60", "-consolidation_time_step_growth", str(np.sqrt(1.3))])):
    run_name = "%s_r%d" % (name, level)
    _, log = diorun.run(["run", case, "-output_dir", outdir, "-output_name", run_name, "-output_overwrite", "-progress", "quiet"] + more + extra, np=np_ranks)
    print(log)
    U_err, p_err, s_end, constants = errors(os.path.join(outdir, run_name + ".h5"))
    print("level %d: p0 %.5g Pa, c_v %.5g m2/s, s_inf %.5g m; max |U - U_exact| %.3e (0.02 <= T <= 2)" % ((level,) + constants + (U_err,)))
    for T_want, (T, e) in p_err.items():
        print("         p/p0 profile at T = %.4f: max error %.3e" % (T, e))
    print("         final settlement %.6g m against %.6g m (T = %.2f)" % s_end)
    results.append((U_err, max(e for _, e in p_err.values()), s_end))
(U0, P0, _), (U1, P1, s_end) = results
diorun.expect(U1 < 2e-2, "degree of consolidation: refined error %.2e < 2e-2" % U1)
diorun.expect(U1 < 0.6 * U0, "degree of consolidation converges: %.2e -> %.2e" % (U0, U1))
diorun.expect(P1 < 3e-2, "pore-pressure profiles: refined error %.2e < 3e-2" % P1)
diorun.expect(P1 < 0.6 * P0, "pore-pressure profiles converge: %.2e -> %.2e" % (P0, P1))
diorun.expect(abs(s_end[0] - s_end[1]) < 1e-3 * s_end[1], "final settlement %.6g m = q H / K_v = %.6g m to 1e-3" % (s_end[0], s_end[1]))
sys.exit(1 if diorun.failures else 0)
