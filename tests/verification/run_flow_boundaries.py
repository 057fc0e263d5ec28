#!/usr/bin/env python3
"""Groundwater boundaries of an imported mesh over time and stages (named_flow_boundaries.c, stage_flow.c) on
terzaghi_mesh.yaml's column (meshes/terzaghi_column.geo, Q2-Q1) at two resolutions, against 1D closed forms of the
diffusion of the excess pore pressure with Terzaghi's c_v (biot_reference.py: c_v = kappa K_v / (K_v / M + alpha^2),
the same for a change of load and a change of boundary pressure, the total vertical stress being constant).
usage: run_flow_boundaries.py step|head_step|switch|leaky|restart OUTDIR NP

Requirements (the bounds are the fine run's measured error with a margin, and the fine run must be below 0.6 times
the coarse one: n = 10 cells over H with 10 backward-Euler steps a stage, then n = 20 with 20; a wrong c_v, time,
pressure or boundary condition does not shrink with refinement):
- step (terzaghi_pore_pressure_step.yaml, issue 17: a time function on a flow boundary): the top held at a total pore
  pressure from -boundaries_top_pore_pressure_time_function, 20 kPa from t = 0, 0 again from t_f = 4.1e5 s; the excess
  pore pressure on the axis is dp [G(y, t) - G(y, t - t_f)] with G = 1 - sum 4 / (M pi) sin(M pi (H - y) / 2H)
  exp(-M^2 pi^2 T / 4) (the response to a sudden boundary change, superposed), within 1e-2 dp at every output step
  (measured 6.9e-3, coarse 1.3e-2);
- head_step (terzaghi_head_step.yaml: a time function on a head, -boundaries_top_head_time_function): the water table
  above the top raised from 10 m to 10 + dp / (rho_w g) and lowered again at the step case's times; on the top its
  pore pressure is the step case's, so the same closed form and tolerance hold (measured as the step case's);
- switch (terzaghi_drainage_switch.yaml: a flow condition switched by stage): loaded undrained with every face
  impermeable, the excess pressure stays p0 (uniform, to 1e-6 p0: no water moves) over the 'hold' stage; the base
  drained from stage 'drain' on: p / p0 = sum 4 / (M pi) sin(M pi y / 2H) exp(-M^2 pi^2 T / 4), T = c_v (t - t_s) /
  H^2, within 1e-2, and the settlement s0 + (s_inf - s0) U(T) within 6e-3 of s_inf (measured 6.7e-3 and 3.9e-3,
  coarse 1.3e-2 and 7.5e-3);
- leaky (terzaghi_mesh.yaml with -boundaries_top_flow leaky, K_l = 1e-8 m/s, t_l = 1 m: a Robin top, outflow
  K_l / (t_l rho_w g) p, Biot number Bi = K_l H / (t_l K) = 1): p / p0 = sum A_m cos(b_m y / H) exp(-b_m^2 T),
  b_m tan b_m = Bi, A_m = 2 sin b_m / (b_m + sin b_m cos b_m) (Carslaw & Jaeger 1959, 3.10), within 4e-3, and the
  settlement s0 + (s_inf - s0) (1 - sum A_m sin(b_m) / b_m exp(-b_m^2 T)) within 4e-3 of s_inf, for 0.02 <= T <= 2
  (measured 2.7e-3 and 2.3e-3, coarse 5.3e-3 and 4.4e-3).
- restart (the boundaries' state is the stage's and the time's, not the run's history): the step case from the
  checkpoint after stage r3 (the fall of the table comes after it) and the switch case from the checkpoint after
  'hold' (the drainage switched after it), n = 10, each equal to its uninterrupted run: every field of every step
  within 1e-9 of its largest value over the run (the same solves from the same state; measured round-off).
Exit 77 (skipped) without gmsh."""
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
sys.path.insert(0, os.path.dirname(__file__))
import diorun  # noqa: E402
import biot_reference as ref  # noqa: E402

mode, outdir, np_ranks = sys.argv[1], sys.argv[2], int(sys.argv[3])
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
import h5py  # noqa: E402

q, H, dp, t_fall, K, K_l, t_l = 1e5, 10.0, 2e4, 4.1e5, 1e-7, 1e-8, 1.0
case = {"step": "terzaghi_pore_pressure_step.yaml", "head_step": "terzaghi_head_step.yaml", "switch": "terzaghi_drainage_switch.yaml", "leaky": "terzaghi_mesh.yaml"}.get(mode)
stages = {"step": ["r1", "r2", "r3", "f1", "f2", "f3"], "head_step": ["r1", "r2", "r3", "f1", "f2", "f3"], "switch": ["hold", "drain", "t1", "t2", "t3"],
          "leaky": ["t1", "t2", "t3", "t4", "t5", "t6"]}.get(mode)
extra = {"leaky": ["-boundaries_top_flow", "leaky", "-boundaries_top_lining_conductivity", str(K_l),
                   "-boundaries_top_lining_thickness", str(t_l)]}.get(mode, [])


def robin(y, T, Bi, terms=60):
    """p / p0 and the degree of consolidation of a column with an impermeable base (y = 0) and a Robin top."""
    b = np.array([brentq(lambda x: x * np.tan(x) - Bi, m * np.pi + 1e-12, m * np.pi + np.pi / 2 - 1e-12) for m in range(terms)])
    A = 2 * np.sin(b) / (b + np.sin(b) * np.cos(b))
    p = np.sum(A * np.cos(np.outer(y, b)) * np.exp(-b ** 2 * T), axis=1)
    return p, 1 - np.sum(A * np.sin(b) / b * np.exp(-b ** 2 * T))


def brentq(f, a, b):
    for _ in range(200):
        m = 0.5 * (a + b)
        a, b = (m, b) if f(a) * f(m) > 0 else (a, m)
    return 0.5 * (a + b)


if mode == "restart":
    mesh = os.path.abspath(os.path.join(outdir, "terzaghi_column_n10.msh"))
    subprocess.run([gmsh, "-2", "-setnumber", "n", "10", diorun.source("tests", "verification", "meshes", "terzaghi_column.geo"), "-o", mesh],
                   check=True, stdout=subprocess.DEVNULL)
    for what, yaml, after in (("pore pressure table", "terzaghi_pore_pressure_step.yaml", 4), ("drainage switch", "terzaghi_drainage_switch.yaml", 3)):
        base = ["run", diorun.source("tests", "verification", yaml), "-mesh_file", mesh, "-output_dir", os.path.abspath(outdir),
                "-output_name", "restart_after%d_np%d" % (after, np_ranks), "-biot_solver", "direct"]
        kept, restarted, _ = diorun.restart_after(base, after, np=np_ranks)
        _, _, same_steps, same_times, worst, where, fields = diorun.compare_series(kept, restarted, run_scale=True)
        diorun.expect(same_steps and same_times and fields > 0 and worst < 1e-9,
                      "%s: restarted after stage %d = uninterrupted, %d fields, largest difference %.1e at %s (tol 1e-9)" % (what, after, fields, worst, where))
    sys.exit(1 if diorun.failures else 0)

results = []
for n, steps in ((10, 10), (20, 20)):
    mesh = os.path.abspath(os.path.join(outdir, "terzaghi_column_n%d.msh" % n))
    subprocess.run([gmsh, "-2", "-setnumber", "n", str(n), diorun.source("tests", "verification", "meshes", "terzaghi_column.geo"), "-o", mesh],
                   check=True, stdout=subprocess.DEVNULL)
    name = "flow_%s_n%d_np%d" % (mode, n, np_ranks)
    more = [x for s in stages if s != "hold" for x in ("-stages_%s_consolidation_steps" % s, str(steps))]
    diorun.run(["run", diorun.source("tests", "verification", case), "-mesh_file", mesh, "-output_dir", outdir, "-output_name", name] + more + extra,
               np=np_ranks)
    f = h5py.File(os.path.join(outdir, name + ".h5"), "r")
    opts = ref.options_of(f)
    opts.update({"consolidation_layer": "soil"})
    p0, c_v, s0, s_inf = ref.Layer(opts).terzaghi(q, H)
    verts = f["mesh/vertices"][:]
    times = f["steps/time"][:]
    names = sorted(k for k in f["fields"] if k.startswith("step_"))
    y = verts[:, 1]
    top, axis = np.isclose(y, H), np.isclose(verts[:, 0], 0.0)
    p_err, s_err = 0.0, 0.0
    for k, key in enumerate(names):
        g = f["fields"][key]
        p = g["excess_pore_pressure"][:][axis]
        s = -g["displacement"][:, 1][top].mean()
        if mode in ("step", "head_step"):
            if k == 0:
                continue
            G = lambda t: 1 - ref.terzaghi_pressure((H - y[axis]) / H, c_v * t / H ** 2)
            exact = dp * (G(times[k]) - (G(times[k] - t_fall) if times[k] > t_fall + 1 else 0))
            e = np.abs(p - exact).max() / dp
            p_err = max(p_err, e)
            print("n = %d, t = %.4g s: max |p - p_exact| / dp = %.3e" % (n, times[k], e))
        elif mode == "switch":
            if k == 2:  # end of 'hold': no water moved
                e = np.abs(p / p0 - 1).max()
                diorun.expect(e < 1e-6, "n = %d: excess pore pressure held at p0 = %.5g Pa while impermeable, to %.1e (tol 1e-6)" % (n, p0, e))
            if k < 3:
                continue
            T = c_v * (times[k] - times[2]) / H ** 2
            e = np.abs(p / p0 - ref.terzaghi_pressure(y[axis] / H, T)).max()
            es = abs(s - (s0 + (s_inf - s0) * ref.terzaghi_degree(T)[0])) / s_inf
            p_err, s_err = max(p_err, e), max(s_err, es)
            print("n = %d, T = %.4f after the switch: p/p0 error %.3e, settlement error %.3e" % (n, T, e, es))
        else:
            if k < 2:
                continue
            T = c_v * times[k] / H ** 2
            if not 0.02 <= T <= 2:
                continue
            pe, U = robin(y[axis] / H, T, K_l * H / (t_l * K))
            e = np.abs(p / p0 - pe).max()
            es = abs(s - (s0 + (s_inf - s0) * U)) / s_inf
            p_err, s_err = max(p_err, e), max(s_err, es)
            print("n = %d, T = %.4f: p/p0 error %.3e, settlement error %.3e (U %.4f)" % (n, T, e, es, U))
    results.append((p_err, s_err))
(p_coarse, s_coarse), (p_fine, s_fine) = results
p_tol = {"step": 1e-2, "head_step": 1e-2, "switch": 1e-2, "leaky": 4e-3}[mode]
s_tol = {"switch": 6e-3, "leaky": 4e-3}.get(mode)
diorun.expect(p_fine < p_tol, "%s: pore-pressure profiles, fine error %.2e < %g" % (mode, p_fine, p_tol))
diorun.expect(p_fine < 0.6 * p_coarse, "%s: pore-pressure profiles converge: %.2e -> %.2e" % (mode, p_coarse, p_fine))
if mode not in ("step", "head_step"):
    diorun.expect(s_fine < s_tol, "%s: settlement, fine error %.2e < %g" % (mode, s_fine, s_tol))
    diorun.expect(s_fine < 0.6 * s_coarse, "%s: settlement converges: %.2e -> %.2e" % (mode, s_coarse, s_fine))
sys.exit(1 if diorun.failures else 0)
