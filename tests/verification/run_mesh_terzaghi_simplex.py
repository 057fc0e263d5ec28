#!/usr/bin/env python3
"""Terzaghi's 1D consolidation on imported simplex meshes (issue 14 with issue 17's simplices: the Taylor-Hood P2
displacement / P1 excess pore pressure pair), against the series solution at two mesh sizes.
usage: run_mesh_terzaghi_simplex.py tri|tet OUTDIR NP

tri: terzaghi_mesh.yaml on meshes/terzaghi_column.geo with tri = 1 (each quadrilateral two triangles); tet:
terzaghi_tet.yaml on meshes/terzaghi_column_tet.geo (1 x 1 x 10 m, 2 x 2 squares across, prisms split into three
tetrahedra). The coarse run has n = 10 cells (layers) over H and 10 backward-Euler steps a stage, the fine one n = 20
and 20 steps. Requirements (reference: Verruijt 2016, ch. 2, through biot_reference.py, as run_mesh_terzaghi.py):
- the geostatic state is kept by the coupled model: excess pore pressure below 1e-6 of the largest hydrostatic
  pressure, displacement below 1e-7 of the final settlement (solver tolerance, -biot_ksp_rtol 1e-10: measured 5e-10 m
  on one rank and 9e-10 m on two for the fine tetrahedra, 1e-8 of s_inf; run_mesh_terzaghi.py's 1e-8 is too tight for
  them);
- the undrained instant (the load step, t = 0) has no pressure oscillation (the checkerboard check), posed twice:
  (a) the fine mesh with the top impermeable (-boundaries_top_flow impermeable): the excess pore pressure at every
  node, the loaded surface included, equals p_0 (Skempton's B times the load, biot_reference.py) to 1e-4 and the
  settlement the undrained s_0 to 1e-4 (the undrained state is uniform, in the P2-P1 space: any spurious pressure mode
  would show); (b) with the top drained (the Terzaghi runs), the consistent undrained step overshoots next to the
  drained boundary (a boundary layer of zero width that no mesh resolves; the Q2-Q1 quadrilaterals show it too, 1.27
  p_0 one node below the top at n = 20; measured here 1.51 on triangles, 1.57 on tetrahedra, at both sizes): no node
  changes sign or exceeds 1.75 p_0, and the nodes more than three cells below the top are within 2 % of p_0 (measured
  1.0-1.2 %: the overshoot stays at the boundary, no checkerboard through the column); at
  the end of the first consolidation stage (T = 0.05) every node is within [-2 %, 102 %] of p_0;
- the settlement follows s_0 + (s_inf - s_0) U(T) and the excess pore pressure at every node p_0 sum 4/(M pi) sin(M pi
  z / 2H) exp(-M^2 pi^2 T / 4) at every output time with 0.02 <= T <= 2: fine errors below run_mesh_terzaghi.py's
  bounds (U 2e-2, p / p_0 3e-2) and below 0.6 times the coarse ones (h and dt halved together: backward Euler's
  first-order lag dominates, rate ~1; a wrong c_v, p_0 or storage does not shrink); the rates are printed;
- the final settlement (T ~ 5) equals s_inf = q H / K_v to 1e-3;
- tet only (Skempton's B and the undrained Poisson's ratio on tetrahedra): run_mesh_undrained.py's sample
  (biot_sample_mesh.yaml) on meshes/biot_box.geo with tet = 1 (n = 2, 96 tetrahedra), the region undrained (the
  water's stiffness in the P2 elasticity) and coupled (consolidation, P2-P1, no face drained): after the load the
  excess pore pressure is B q / 3 and the lateral strain -nu_u times the axial one (Wang 2000, ch. 3), each to 1e-6
  (a uniform strain lies in the P2 space: solver tolerance, ksp_rtol 1e-12);
- tri only (the quadrilateral comparison): the fine triangle run and the Q2-Q1 run on the same vertices (the same .geo
  without tri) settle alike, within 0.2 of the triangles' error against the series (both share the time error); and
  with the top leaky instead (`_flow leaky`, Robin: the simplex faces' leakage matrices), n = 10, every output step's
  excess pore pressure within 3e-3 p_0 of the quadrilaterals' at every vertex and its settlement within 1e-4 s_inf
  (measured 1.1e-3 and 3.6e-5: the two spaces' difference at the top's boundary layer in the first stage);
- tri only (an excavation in a consolidation run): run_ring_drawdown.py's ring (ring_drawdown.yaml, meshes/ring_core.geo
  with tri = 1, n = 4: its quadrilaterals split) with the bore excavated and its wall drained: the steady radial
  drawdown p_out ln(r / a) / ln(b / a) at every vertex to 1e-9 (the bands are scaled copies: nodally exact, measured
  3e-11, as the quadrilaterals), the inflow against Darcy's 2 pi kappa p_out / ln(b / a) within 3e-2 (measured 2.0e-2,
  the quadrilaterals' at n = 4: run_ring_drawdown.py);
- tri only (spatial convergence): the mesh alone refined, n = 5 -> 10 at 320 steps a stage (time error some 2e-4 of U,
  a fifth of the spatial one): U's error falls at a rate above 1.8 and the nodal pressure's above 1.5 (measured 4.2e-3
  -> 9.6e-4, 2.1, and 1.1e-2 -> 3.0e-3, 1.9; P2 displacement, P1 pressure: O(h^2) for both, the pressure's largest
  nodal error sits in the early boundary layer under the drained top).
Exit 77 (skipped) without gmsh."""
import json
import math
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

q, H, rho, rho_w, g, level = 1e5, 10.0, 2000.0, 1000.0, 9.81, 10.0
stages = ["t1", "t2", "t3", "t4", "t5", "t6"]
dim = 2 if mode == "tri" else 3
geo = "terzaghi_column.geo" if mode == "tri" else "terzaghi_column_tet.geo"
case = "terzaghi_mesh.yaml" if mode == "tri" else "terzaghi_tet.yaml"


def mesh_and_run(n, steps, name, gmsh_args, more_args=()):
    mesh = os.path.abspath(os.path.join(outdir, name + ".msh"))
    subprocess.run([gmsh, "-%d" % dim, "-setnumber", "n", str(n)] + gmsh_args + [diorun.source("tests", "verification", "meshes", geo),
                    "-o", mesh], check=True, stdout=subprocess.DEVNULL)
    more = [x for s in stages for x in ("-stages_%s_consolidation_steps" % s, str(steps))]
    _, log = diorun.run(["run", diorun.source("tests", "verification", case), "-mesh_file", mesh, "-output_dir", outdir,
                         "-output_name", name, "-progress", "verbose"] + more + list(more_args), np=np_ranks)
    its = [int(l.split("KSP")[1].split()[0]) for l in log.splitlines() if "KSP" in l and " its" in l]
    return h5py.File(os.path.join(outdir, name + ".h5"), "r"), its


def settlement_history(f, c_v):
    """(T, settlement of the top) per output step after the load."""
    verts, times = f["mesh/vertices"][:], f["steps/time"][:]
    names = sorted(k for k in f["fields"] if k.startswith("step_"))
    top = np.isclose(verts[:, dim - 1], H)
    return [(c_v * times[k] / H ** 2, -f["fields"][names[k]]["displacement"][:, dim - 1][top].mean()) for k in range(2, len(names))]


def series_errors(f, p0, c_v, s0, s_inf):
    """The largest errors over the output steps with 0.02 <= T <= 2: of U (the top's settlement, by s_inf) and of the
    excess pore pressure at every node (by p0)."""
    z, times = f["mesh/vertices"][:, dim - 1], f["steps/time"][:]
    names = sorted(k for k in f["fields"] if k.startswith("step_"))
    U_err, p_err = 0.0, 0.0
    for k in range(2, len(names)):
        T = c_v * times[k] / H ** 2
        if not 0.02 <= T <= 2:
            continue
        gk = f["fields"][names[k]]
        s = -gk["displacement"][:, dim - 1][np.isclose(z, H)].mean()
        U_err = max(U_err, abs(s - (s0 + (s_inf - s0) * ref.terzaghi_degree(T)[0])) / s_inf)
        p_err = max(p_err, np.max(abs(gk["excess_pore_pressure"][:] / p0 - ref.terzaghi_pressure((H - z) / H, T))))
    return U_err, p_err


results = []
for n, steps in ((10, 10), (20, 20)):
    name = "terzaghi_%s_n%d_np%d" % (mode, n, np_ranks)
    f, its = mesh_and_run(n, steps, name, ["-setnumber", "tri", "1"] if mode == "tri" else [])
    opts = ref.options_of(f)
    opts.update({"consolidation_layer": "soil"})
    p0, c_v, s0, s_inf = ref.Layer(opts).terzaghi(q, H)
    verts, cells = f["mesh/vertices"][:], f["mesh/cells"][:]
    diorun.expect(cells.shape[1] == dim + 1, "n = %d: %d %s (%d vertices)" % (n, len(cells), "triangles" if dim == 2 else "tetrahedra", len(verts)))
    times = f["steps/time"][:]
    names = sorted(k for k in f["fields"] if k.startswith("step_"))
    z = verts[:, dim - 1]
    free = ~np.isclose(z, H)
    # the geostatic state (step 0)
    g0 = f["fields"][names[0]]
    p_geo, u_geo = np.abs(g0["excess_pore_pressure"][:]).max(), np.abs(g0["displacement"][:]).max()
    diorun.expect(p_geo < 1e-6 * rho_w * g * level and u_geo < 1e-7 * s_inf,
                  "n = %d: geostatic state kept by the coupled model: |p_excess| %.2e Pa, |u| %.2e m" % (n, p_geo, u_geo))
    # the undrained instant (step 1) under the drained top, and the end of the first consolidation stage
    p_load = f["fields"][names[1]]["excess_pore_pressure"][:][free] / p0
    deep = z[free] < H - 3 * H / n
    diorun.expect(p_load.min() > 0 and p_load.max() < 1.75 and np.abs(p_load[deep] - 1).max() < 2e-2,
                  "n = %d: undrained instant under a drained top: p / p0 in [%.4f, %.4f] (no sign change, < 1.75), within "
                  "%.2e of 1 more than three cells below the top (< 2e-2)" % (n, p_load.min(), p_load.max(), np.abs(p_load[deep] - 1).max()))
    first = f["fields"][names[2]]["excess_pore_pressure"][:] / p0
    diorun.expect(first.min() > -2e-2 and first.max() < 1.02,
                  "n = %d: end of the first consolidation stage (T = %.1e): p / p0 in [%.4f, %.4f] (within [-2 %%, 102 %%])"
                  % (n, c_v * times[2] / H ** 2, first.min(), first.max()))
    U_err, p_err = series_errors(f, p0, c_v, s0, s_inf)
    hist = settlement_history(f, c_v)
    print("n = %d: p0 %.5g Pa, c_v %.5g m2/s; max |U - U_exact| %.3e, max p/p0 error %.3e; final settlement %.6g m against "
          "%.6g m (T = %.2f); KSP iterations per step %d-%d (mean %.1f)"
          % (n, p0, c_v, U_err, p_err, hist[-1][1], s_inf, hist[-1][0], min(its), max(its), sum(its) / len(its)))
    results.append((U_err, p_err, hist, s_inf, its))
(U0, P0, _, _, _), (U1, P1, hist, s_inf, its) = results
# the undrained instant with the loaded top impermeable (one step a stage: nothing drains)
f, _ = mesh_and_run(20, 1, "undrained_%s_np%d" % (mode, np_ranks), ["-setnumber", "tri", "1"] if mode == "tri" else [],
                    ["-boundaries_top_flow", "impermeable"])
verts = f["mesh/vertices"][:]
g1 = f["fields"][sorted(k for k in f["fields"] if k.startswith("step_"))[1]]
p_und = g1["excess_pore_pressure"][:] / p0
s_und = -g1["displacement"][:, dim - 1][np.isclose(verts[:, dim - 1], H)].mean()
diorun.expect(np.abs(p_und - 1).max() < 1e-4, "undrained instant, loaded top impermeable: p / p0 in [%.7f, %.7f] at every node, "
              "the loaded surface included (1e-4)" % (p_und.min(), p_und.max()))
diorun.expect(abs(s_und - s0) < 1e-4 * s0, "undrained settlement %.6g m = s_0 = %.6g m to 1e-4" % (s_und, s0))
print("rates (h and dt halved): U %.2f, p %.2f" % (math.log2(U0 / U1), math.log2(P0 / P1)))
diorun.expect(U1 < 2e-2, "degree of consolidation: fine error %.2e < 2e-2" % U1)
diorun.expect(U1 < 0.6 * U0, "degree of consolidation converges: %.2e -> %.2e" % (U0, U1))
diorun.expect(P1 < 3e-2, "pore-pressure profiles: fine error %.2e < 3e-2" % P1)
diorun.expect(P1 < 0.6 * P0, "pore-pressure profiles converge: %.2e -> %.2e" % (P0, P1))
diorun.expect(abs(hist[-1][1] - s_inf) < 1e-3 * s_inf, "final settlement %.6g m = q H / K_v = %.6g m to 1e-3" % (hist[-1][1], s_inf))
if mode == "tet":
    box = os.path.abspath(os.path.join(outdir, "biot_box_tet.msh"))
    subprocess.run([gmsh, "-3", "-setnumber", "n", "2", "-setnumber", "tet", "1", diorun.source("tests", "verification", "meshes", "biot_box.geo"),
                    "-o", box], check=True, stdout=subprocess.DEVNULL)
    for drainage in ("undrained", "consolidation"):
        name = "sample_%s_np%d" % (drainage, np_ranks)
        diorun.run(["run", diorun.source("tests/verification/biot_sample_mesh.yaml"), "-mesh_file", box, "-output_dir", outdir, "-output_name", name,
                    "-materials_sample_drainage", drainage, "-materials_sample_hydraulic_conductivity", "1e-8", "-biot_ksp_rtol", "1e-12"], np=np_ranks)
        f = h5py.File(os.path.join(outdir, name + ".h5"), "r")
        opts = ref.options_of(f)
        opts.update({"consolidation_layer": "sample"})
        B, nu_u = ref.Layer(opts).undrained()
        v = f["mesh/vertices"][:]
        g1 = f["fields"][sorted(k for k in f["fields"] if k.startswith("step_"))[1]]
        u, p = g1["displacement"][:], g1["excess_pore_pressure"][:]
        eps_zz, eps_xx = u[np.isclose(v[:, 2], 2.0), 2].mean() / 2.0, u[np.isclose(v[:, 0], 1.0), 0].mean()
        diorun.expect(np.max(abs(p - B * 1e6 / 3)) < 1e-6 * B * 1e6 / 3 and abs(-eps_xx / eps_zz - nu_u) < 1e-6,
                      "tetrahedral sample, %s: p %.8g .. %.8g Pa = B q / 3 = %.8g Pa, nu_u %.7f = %.7f (1e-6)"
                      % (drainage, p.min(), p.max(), B * 1e6 / 3, -eps_xx / eps_zz, nu_u))
if mode == "tri":
    fq, _ = mesh_and_run(20, 20, "terzaghi_quad_n20_np%d" % np_ranks, [])
    hq = settlement_history(fq, 1.0)
    d = max(abs(a[1] - b[1]) for a, b in zip(hist, hq)) / s_inf
    diorun.expect(d < 0.2 * U1, "P2-P1 triangles and Q2-Q1 quadrilaterals on the same vertices settle alike: %.2e of s_inf "
                  "(< 0.2 x the error against the series, %.2e)" % (d, U1))
    ring = os.path.abspath(os.path.join(outdir, "ring_tri.msh"))
    subprocess.run([gmsh, "-2", "-setnumber", "n", "4", "-setnumber", "extrude", "0", "-setnumber", "tri", "1",
                    diorun.source("tests", "verification", "meshes", "ring_core.geo"), "-o", ring], check=True, stdout=subprocess.DEVNULL)
    diorun.run(["run", diorun.source("tests/verification/ring_drawdown.yaml"), "-mesh_file", ring, "-output_dir", outdir, "-output_name",
                "ring_tri_np%d" % np_ranks], np=np_ranks)
    f = h5py.File(os.path.join(outdir, "ring_tri_np%d.h5" % np_ranks), "r")
    r = np.hypot(f["mesh/vertices"][:, 0], f["mesh/vertices"][:, 1])
    p_ring = f["fields"][sorted(k for k in f["fields"] if k.startswith("step_"))[-1]]["excess_pore_pressure"][:].ravel()
    a_r, b_r, p_out, kappa = 2.0, 20.0, 1e5, 1e-6 / (1000 * ref.G_CONDUCTIVITY)
    ground = r >= a_r - 1e-9
    e_ring = np.abs(p_ring[ground] - p_out * np.log(r[ground] / a_r) / np.log(b_r / a_r)).max() / p_out
    with open(os.path.join(outdir, "ring_tri_np%d_summary.json" % np_ranks)) as fs:
        inflow = json.load(fs)["tunnel_inflow_m3_per_s_per_m"] / (2 * np.pi * kappa * p_out / np.log(b_r / a_r)) - 1
    diorun.expect(e_ring < 1e-9 and abs(inflow) < 3e-2, "excavated ring on triangles, drained wall: radial drawdown to %.1e of p_out "
                  "(1e-9), inflow %.2e from Darcy's (3e-2)" % (e_ring, inflow))
    # the mesh alone refined, at 320 steps a stage (backward Euler's error some 2e-4 of U, a fifth of the coarser mesh's)
    spatial = []
    for n in (5, 10):
        fs, _ = mesh_and_run(n, 320, "spatial_n%d_np%d" % (n, np_ranks), ["-setnumber", "tri", "1"], ["-checkpoint_every", "0"])
        spatial.append(series_errors(fs, p0, c_v, s0, s_inf))
    rate_U, rate_p = math.log2(spatial[0][0] / spatial[1][0]), math.log2(spatial[0][1] / spatial[1][1])
    diorun.expect(rate_U > 1.8 and rate_p > 1.5, "h alone refined (n = 5 -> 10, 320 steps a stage): U %.2e -> %.2e (rate %.2f > 1.8), p/p0 "
                  "%.2e -> %.2e (rate %.2f > 1.5)" % (spatial[0][0], spatial[1][0], rate_U, spatial[0][1], spatial[1][1], rate_p))
    leaky = ["-boundaries_top_flow", "leaky", "-boundaries_top_lining_conductivity", "1e-7", "-boundaries_top_lining_thickness", "10"]
    runs = [mesh_and_run(10, 10, "leaky_%s_np%d" % (kind, np_ranks), args, leaky)[0] for kind, args in (("tri", ["-setnumber", "tri", "1"]), ("quad", []))]
    order = [np.lexsort(r["mesh/vertices"][:].T[::-1]) for r in runs]
    dp, du = 0.0, 0.0
    for k in sorted(x for x in runs[0]["fields"] if x.startswith("step_")):
        a, b = (r["fields"][k] for r in runs)
        dp = max(dp, np.abs(a["excess_pore_pressure"][:][order[0]] - b["excess_pore_pressure"][:][order[1]]).max() / p0)
        du = max(du, np.abs(a["displacement"][:, 1][order[0]] - b["displacement"][:, 1][order[1]]).max() / s_inf)
    diorun.expect(dp < 3e-3 and du < 1e-4, "leaky top, triangles against quadrilaterals: excess pore pressure %.2e of p0 (< 3e-3), "
                  "displacement %.2e of s_inf (< 1e-4)" % (dp, du))
sys.exit(1 if diorun.failures else 0)
