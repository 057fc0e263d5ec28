#!/usr/bin/env python3
"""Excavation and activation in a consolidation run on an imported mesh (stage_flow.c): ring_drawdown.yaml's ring of
ground a = 2 m <= r <= b = 20 m around a bore (meshes/ring_core.geo, Q2-Q1), saturated at p_out = 100 kPa, then the
bore (core and lining) excavated and its wall given a flow condition; the long-time (steady) radial flow against its
closed forms.
usage: run_ring_drawdown.py walls|lining OUTDIR NP

Requirements (p at every vertex of the ring, error relative to p_out):
- walls: the wall drained at atmospheric pressure (the default): p = p_out ln(r / a) / ln(b / a) (also in 3D, the ring
  extruded 1 m in hexahedra, its inflow over the 1 m the 2D one's per metre to 1e-9, measured 4e-11); held at a total pore
  pressure p_w = 20 kPa (-stages_dig_wall_pore_pressure): p = p_w + (p_out - p_w) ln(r / a) / ln(b / a); both within
  1e-9 at n = 4 and 8 cells per quarter circle; drained on a mesh with nine named face groups (ring_core.geo's groups 1:
  "outer" the 9th, the wall's faces also in four groups of their own; refused before session 11), the same pressures
  within 1e-9 and the plain mesh's inflow to 1e-9. The mesh's bands of cells are scaled copies of each other (radii
  a g^k), so the Q1 solution is exact at the nodes (each ring of nodes has one value, every band the same conductance:
  linear in k, i.e. in ln r); what is left is round-off (measured 3e-11). A watertight wall
  (-stages_dig_wall_flow impermeable): no water leaves, p = p_out within 1e-9 (the undrained change consolidated
  away). A leaky wall (a lining K_l = 1e-7 m/s, t_l = 0.5 m: outflow K_l / (t_l rho_w g) p, Bi = K_l a / (K t_l) =
  0.4): p = p_out (1 + Bi ln(r / a)) / (1 + Bi ln(b / a)); the leakage acts on the wall's chords, shorter than its
  arcs by sin(x) / x (x = pi / 8n), so the error is a discretisation error: within 2.5e-3 at n = 8 and below 0.3 times
  the n = 4 error (measured 6.5e-3 and 1.6e-3, the chord ratio's 6.4e-3 and 1.6e-3).
  The inflow through the wall (summary tunnel_inflow_m3_per_s_per_m, from the reactions of the held nodes or the
  leaky faces) against Darcy's 2 pi kappa p_out / ln(b / a) (kappa = K / (rho_w g)) and, leaky, 2 pi a K_l / (t_l rho_w
  g) p(a): the discrete flux between rings of nodes differs from the exact one by O(h^2) (measured 2.0e-2, 5.0e-3 and
  1.2e-3 at n = 4, 8, 16, drained; 6.1e-3 and 1.5e-3 at n = 4, 8, leaky): within 6e-3 (drained) and 2.5e-3 (leaky)
  at n = 8 and below 0.3 times the n = 4 error.
- lining: after 'dig' a stage 'line' activates the lining (a / g <= r <= a, K_lin = 1e-8 m/s) and the new wall
  r = a / g drains: steady flow through two conductivities, p = B ln(r g / a) in the lining and
  B ln(g) + (K_lin / K) B ln(r / a) in the ground, B = p_out / (ln g + (K_lin / K) ln(b / a)), within 1e-9 at n = 4
  (the lining band has the ground bands' ratio g: nodally exact as above); and the run restarted from the checkpoint
  after 'dig' (the lining activated after the restart), and the run killed in 'line' and restarted on 1 rank from its
  checkpoint after the first of line's consolidation steps, equal the uninterrupted one, every field of every step
  within 1e-9 of its largest value.
Exit 77 (skipped) without gmsh."""
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

mode, outdir, np_ranks = sys.argv[1], os.path.abspath(sys.argv[2]), int(sys.argv[3])
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
import h5py  # noqa: E402

a, b, p_out, K = 2.0, 20.0, 1e5, 1e-6
LINE = ["-stages_order", "initial,saturate,dig,line", "-stages_line_activate", "lining", "-stages_line_duration", "1e9",
        "-stages_line_consolidation_steps", "2"]


def run(n, name, extra=(), dim=2, groups=0):
    """The case on ring_core.geo with n (groups 1: eight more face groups before "outer"); the last step's excess pore
    pressure, the vertices' radii and the summary's inflow through the wall (m3/s per m)."""
    mesh = os.path.join(outdir, "ring_core_n%d_%dd%s.msh" % (n, dim, "_groups" if groups else ""))
    if not os.path.exists(mesh):
        subprocess.run([gmsh, "-%d" % dim, "-setnumber", "n", str(n), "-setnumber", "extrude", str(dim - 2),
                        "-setnumber", "groups", str(groups), diorun.source("tests", "verification", "meshes", "ring_core.geo"), "-o", mesh], check=True, stdout=subprocess.DEVNULL)
    base = ["run", diorun.source("tests", "verification", "ring_drawdown.yaml"), "-mesh_file", mesh, "-output_dir", outdir,
            "-output_name", "%s_np%d" % (name, np_ranks)] + list(extra)
    diorun.run(base, np=np_ranks)
    f = h5py.File(os.path.join(outdir, "%s_np%d.h5" % (name, np_ranks)), "r")
    last = sorted(k for k in f["fields"] if k.startswith("step_"))[-1]
    v = f["mesh/vertices"][:]
    with open(os.path.join(outdir, "%s_np%d_summary.json" % (name, np_ranks))) as js:
        run.inflow = json.load(js).get("tunnel_inflow_m3_per_s_per_m" if dim == 2 else "tunnel_inflow_total_m3_per_s", np.nan)
    return base, np.hypot(v[:, 0], v[:, 1]), f["fields"][last]["excess_pore_pressure"][:].ravel()


def error(r, p, exact, r_min):
    on = r > r_min - 1e-9
    return np.abs(p[on] - exact(r[on])).max() / p_out


if mode == "walls":
    kappa = K / (1000 * 9.81)  # mobility (m2/(Pa s)): K / (rho_w g) with the conductivities' g
    inflow = []
    for n in (4, 8):
        _, r, p = run(n, "drained_n%d" % n)
        e = error(r, p, lambda r: p_out * np.log(r / a) / np.log(b / a), a)
        diorun.expect(e < 1e-9, "n = %d, drained wall: p_out ln(r/a) / ln(b/a), max error %.1e of p_out (tol 1e-9)" % (n, e))
        inflow.append(abs(run.inflow / (2 * np.pi * kappa * p_out / np.log(b / a)) - 1))
        if n == 4:
            inflow_2d = run.inflow
    diorun.expect(inflow[1] < 6e-3 and inflow[1] < 0.3 * inflow[0],
                  "drained wall: inflow (summary) against 2 pi kappa p_out / ln(b/a), error %.2e -> %.2e (tol 6e-3 at n = 8, below 0.3 times n = 4's)" % tuple(inflow))
    # the same in 3D (hexahedra, the ring extruded 1 m, impermeable ends): the 2D pressures and inflow
    _, r, p = run(4, "drained_3d_n4", dim=3)
    e = error(r, p, lambda r: p_out * np.log(r / a) / np.log(b / a), a)
    e_q = abs(run.inflow / inflow_2d - 1)
    diorun.expect(e < 1e-9 and e_q < 1e-9, "n = 4, 3D, drained wall: max error %.1e of p_out (tol 1e-9), inflow over 1 m = 2D's per metre to %.1e (tol 1e-9)" % (e, e_q))
    # nine named face groups, "outer" the 9th and the wall's faces also in "arc_1" .. "arc_4" (the wall's own face id
    # lies beyond any mesh's groups): the same pressures and inflow
    _, r, p = run(4, "drained_groups_n4", groups=1)
    e = error(r, p, lambda r: p_out * np.log(r / a) / np.log(b / a), a)
    e_q = abs(run.inflow / inflow_2d - 1)
    diorun.expect(e < 1e-9 and e_q < 1e-9, "n = 4, nine named face groups (outer the 9th, the wall's faces in four of them), drained wall: max error %.1e of p_out (tol 1e-9), inflow = the plain mesh's to %.1e (tol 1e-9)" % (e, e_q))
    p_w = 2e4
    _, r, p = run(4, "held_n4", ["-stages_dig_wall_pore_pressure", str(p_w)])
    e = error(r, p, lambda r: p_w + (p_out - p_w) * np.log(r / a) / np.log(b / a), a)
    diorun.expect(e < 1e-9, "n = 4, wall held at 20 kPa: p_w + (p_out - p_w) ln(r/a) / ln(b/a), max error %.1e (tol 1e-9)" % e)
    _, r, p = run(4, "watertight_n4", ["-stages_dig_wall_flow", "impermeable"])
    e = error(r, p, lambda r: p_out + 0 * r, a)
    diorun.expect(e < 1e-9, "n = 4, watertight wall: p = p_out, max error %.1e (tol 1e-9)" % e)
    K_l, t_l = 1e-7, 0.5
    Bi = K_l * a / (K * t_l)
    errors, inflow = [], []
    for n in (4, 8):
        _, r, p = run(n, "leaky_n%d" % n, ["-stages_dig_wall_flow", "leaky", "-stages_dig_wall_lining_conductivity", str(K_l),
                                          "-stages_dig_wall_lining_thickness", str(t_l)])
        errors.append(error(r, p, lambda r: p_out * (1 + Bi * np.log(r / a)) / (1 + Bi * np.log(b / a)), a))
        p_a = p_out / (1 + Bi * np.log(b / a))
        inflow.append(abs(run.inflow / (2 * np.pi * a * K_l / (t_l * 1000 * 9.81) * p_a) - 1))
        print("n = %d, leaky wall (Bi = %.2f): max error %.2e of p_out, inflow error %.2e" % (n, Bi, errors[-1], inflow[-1]))
    diorun.expect(errors[1] < 2.5e-3 and errors[1] < 0.3 * errors[0],
                  "leaky wall: error %.2e -> %.2e (tol 2.5e-3 at n = 8, and below 0.3 times n = 4's)" % tuple(errors))
    diorun.expect(inflow[1] < 2.5e-3 and inflow[1] < 0.3 * inflow[0],
                  "leaky wall: inflow against 2 pi a K_l / (t_l rho_w g) p(a), error %.2e -> %.2e (tol 2.5e-3 at n = 8, below 0.3 times n = 4's)" % tuple(inflow))
elif mode == "lining":
    m = 8
    g = (b / a) ** (1.0 / m)
    K_lin = 1e-8
    B = p_out / (np.log(g) + K_lin / K * np.log(b / a))
    base, r, p = run(4, "lining_n4", LINE)
    e = error(r, p, lambda r: np.where(r < a - 1e-9, B * np.log(r * g / a), B * np.log(g) + K_lin / K * B * np.log(r / a)), a / g)
    diorun.expect(e < 1e-9, "n = 4, lining activated (K_lin = 1e-8 m/s), its wall drained: two-layer radial flow, max error %.1e (tol 1e-9)" % e)
    # the restart after 'dig' on 1 rank only (on 2 ranks the killed run's restart on 1 rank below is the check)
    if np_ranks == 1:
        kept, restarted, _ = diorun.restart_after(base, 3, np=np_ranks)
        _, _, same_steps, same_times, worst, where, fields = diorun.compare_series(kept, restarted, run_scale=True)
        diorun.expect(same_steps and same_times and fields > 0 and worst < 1e-9,
                      "restarted after 'dig' (the lining activated after it) = uninterrupted: %d fields, largest difference %.1e at %s (tol 1e-9)"
                      % (fields, worst, where))
    else:
        diorun.run(base + ["-checkpoint_every", "0"], np=np_ranks)
        kept = base[base.index("-output_dir") + 1] + "/" + base[base.index("-output_name") + 1] + "_uninterrupted.h5"
        os.replace(kept[:-len("_uninterrupted.h5")] + ".h5", kept)
    # killed while writing the output of 'line' (the test hook), its checkpoint after the first of its consolidation
    # steps (the lining active, its wall held): restarted on 1 rank, the same series
    cut = os.path.join(outdir, "cut")
    os.makedirs(cut, exist_ok=True)
    case = base[:base.index("-output_dir")] + base[base.index("-output_dir") + 2:]
    env = dict(os.environ, DIO_TEST_KILL_IN_STEP="3")
    cmd = [env.get("DIO_MPIEXEC", "mpiexec"), "-n", str(np_ranks), "--oversubscribe", "--bind-to", "none", env["DIO_EXE"]] + case + \
        ["-output_dir", cut, "-checkpoint_consolidation_every", "1"]
    proc = subprocess.run(cmd, cwd=env["DIO_SOURCE_DIR"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    rc, log = diorun.run(case + ["-output_dir", cut, "-restart", "latest", "-checkpoint_every", "0"], np=1, check=False)
    within = "within the consolidation of stage line, after 1 of its steps" in log
    _, _, same_steps, same_times, worst, where, fields = diorun.compare_series(kept, os.path.join(cut, os.path.basename(kept)[:-len("_uninterrupted.h5")] + ".h5"),
                                                                               run_scale=True) if rc == 0 else (0, 0, False, False, 1, "", 0)
    diorun.expect(proc.returncode != 0 and rc == 0 and within and same_steps and same_times and fields > 0 and worst < 1e-9,
                  "killed in 'line' (exit %d), restarted on 1 rank within its consolidation (%s, exit %d) = uninterrupted: %d fields, "
                  "largest difference %.1e at %s (tol 1e-9)" % (proc.returncode, within, rc, fields, worst, where))
sys.exit(1 if diorun.failures else 0)
