#!/usr/bin/env python3
"""Biot consolidation: the coupled initial state, and the same answer on 1 and 2 ranks (tests/verification/terzaghi.yaml).
usage: run_biot_state.py OUTDIR NAME initial|ranks|ranks3|threads|fallback [diomede options...]

initial - Requirement (issue 14, "Initial state"): with gravity and no load, the coupled model keeps today's
  geostatic state: excess pore pressure 0, no displacement, pore pressure rho_w g depth, vertical effective stress
  -(rho - rho_w) g depth and horizontal K0 = nu / (1 - nu) times it (lateral rollers; the saturated column of
  check_geostatic_column.py). Tolerance: the geostatic solve is FE-exact here (constant density, linear stress), so
  solver tolerances (-mech_ksp_rtol 1e-12, -biot_ksp_rtol 1e-10) and round-off remain: stresses and pressures to 1e-7
  of their largest value, displacements and excess pressure below 1e-7 of the geostatic settlement and of rho_w g H.
ranks - Requirement: the Terzaghi column (2 cells across, 4 steps) gives the same fields on 1 and 2 ranks, every
  step, to 1e-6 of each field's largest value in that step (coupled solve to -biot_ksp_rtol 1e-12: at 1e-10 the late
  steps' small Darcy velocity differed by 3.9e-6 of its own largest value).
ranks3 - the same on 1 and 3 ranks for a 3D column (3 x 3 x 6 cells, 3 steps): three partitions that cut the column
  across and along; same tolerance.
threads - Requirement: the element kernels run in OpenMP threads (elasticity and Biot assembly), inserted in cell
  order, so 1 and 2 threads (OMP_NUM_THREADS, one rank) give the same fields: to 1e-12 of each field's largest value
  (the matrices are the same bit for bit; measured 0). The summary's openmp_threads must show the thread count.
fallback - Requirement: a step whose fieldsplit solve does not converge (forced: -biot_ksp_max_it 1) is solved by LU
  (MUMPS) with one log line, and the next step tries fieldsplit again (one line per step); the fields equal those of
  -biot_solver direct to 1e-10 of each field's largest value (the same factorisation of the same matrix). With
  -biot_fallback_max_dofs 0 the run stops with exit code 2 and a one-line error."""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
sys.path.insert(0, os.path.dirname(__file__))
import diorun  # noqa: E402
import biot_reference as ref  # noqa: E402

outdir, name, mode = sys.argv[1], sys.argv[2], sys.argv[3]
extra = sys.argv[4:]
case = diorun.source("tests/verification/terzaghi.yaml")
common = ["run", case, "-output_overwrite", "-progress", "quiet", "-output_dir", outdir]
if mode == "initial":
    import h5py
    more = ["-loads_gravity", "9.81", "-loads_water_density", "1025", "-consolidation_load", "0", "-consolidation_steps", "3", "-mech_ksp_rtol", "1e-12"]
    _, log = diorun.run(common + ["-output_name", name] + more + extra)
    print(log)
    f = h5py.File(os.path.join(outdir, name + ".h5"), "r")
    opts = ref.options_of(f)
    layer = ref.Layer(opts)
    rho = float(opts.get("materials_seabed_sediment_density", 2080))  # the table's density_saturated unless the case sets it
    g, rho_w, H = 9.81, layer.rho_w, float(opts["column_height"])
    v, c = f["mesh/vertices"][:], f["mesh/cells"][:]
    depth_v, depth_c = -v[:, 1], -v[c, 1].mean(axis=1)
    settlement_geo = (rho - rho_w) * g * H ** 2 / (2 * layer.K_v)
    k0 = layer.nu / (1 - layer.nu)
    for step in sorted(k for k in f["fields"] if k.startswith("step_")):
        s = f["fields"][step]
        sv_exact = -(rho - rho_w) * g * depth_c
        e_sv = np.abs(s["effective_stress"][:, 1] - sv_exact).max() / np.abs(sv_exact).max()
        e_sh = np.abs(s["effective_stress"][:, 0] - k0 * sv_exact).max() / np.abs(sv_exact).max()
        e_p = np.abs(s["pore_pressure"][:] - rho_w * g * depth_v).max() / (rho_w * g * H)
        e_u = np.abs(s["displacement"][:]).max() / settlement_geo
        e_x = np.abs(s["excess_pore_pressure"][:]).max() / (rho_w * g * H)
        print("%s: sigma'_v %.1e, sigma'_h %.1e, p %.1e, |u| %.1e, |p_excess| %.1e" % (step, e_sv, e_sh, e_p, e_u, e_x))
        diorun.expect(max(e_sv, e_sh, e_p) < 1e-7, "%s: effective stress and pore pressure geostatic to 1e-7" % step)
        diorun.expect(max(e_u, e_x) < 1e-7, "%s: no displacement, no excess pore pressure (1e-7)" % step)
elif mode == "threads":
    more = ["-column_cells_horizontal", "4", "-column_cells_vertical", "16", "-consolidation_steps", "3", "-consolidation_time_step_growth", "4",
            "-biot_ksp_rtol", "1e-12", "-progress", "normal"]
    for threads in (1, 2):
        os.environ["OMP_NUM_THREADS"] = str(threads)
        _, log = diorun.run(common + ["-output_name", "%s_t%d" % (name, threads)] + more + extra)
        with open(os.path.join(outdir, "%s_t%d_summary.json" % (name, threads))) as f:
            used = json.load(f)["openmp_threads"]
        diorun.expect(used == threads, "the run used %d OpenMP thread(s) (summary: %d)" % (threads, used))
    _, _, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(outdir, name + "_t1.h5"), os.path.join(outdir, name + "_t2.h5"))
    print("1 vs 2 threads: %d fields compared, largest relative difference %.2e at %s" % (fields, worst, where))
    diorun.expect(same_steps and same_times and fields > 0, "same steps and times with 1 and 2 threads")
    diorun.expect(worst < 1e-12, "same fields with 1 and 2 threads to 1e-12 (%.1e)" % worst)
elif mode == "fallback":
    more = ["-column_cells_horizontal", "2", "-consolidation_steps", "3", "-progress", "normal"]
    diorun.run(common + ["-output_name", name + "_direct", "-biot_solver", "direct"] + more + extra)
    _, log = diorun.run(common + ["-output_name", name + "_fallback", "-biot_ksp_max_it", "1"] + more + extra)
    print(log)
    line = "fieldsplit solve did not converge (DIVERGED_ITS after 1 iterations); solving this step by LU (MUMPS)"
    steps = len([s for s in log.splitlines() if s.startswith("[step") and ("undrained" in s or "consolidate" in s)])  # not the geostatic
    diorun.expect(steps > 0 and log.count(line) == steps, "every step (%d) fell back to LU with one line (%d)" % (steps, log.count(line)))
    _, _, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(outdir, name + "_direct.h5"),
                                                                               os.path.join(outdir, name + "_fallback.h5"))
    print("fallback vs -biot_solver direct: %d fields compared, largest relative difference %.2e at %s" % (fields, worst, where))
    diorun.expect(same_steps and same_times and fields > 0, "same steps and times as -biot_solver direct")
    diorun.expect(worst < 1e-10, "same fields as -biot_solver direct to 1e-10 (%.1e)" % worst)
    rc, log = diorun.run(common + ["-output_name", name + "_none", "-biot_ksp_max_it", "1", "-biot_fallback_max_dofs", "0"] + more + extra,
                         check=False)
    errors = [s for s in log.splitlines() if "error" in s.lower()]
    print("\n".join(errors))
    diorun.expect(rc == 2, "no fallback (-biot_fallback_max_dofs 0): exit code 2 (%d)" % rc)
    diorun.expect(len(errors) == 1 and "Biot consolidation solve did not converge: DIVERGED_ITS after 1 iterations" in errors[0]
                  and line not in log, "no fallback: one error line, the solve's")
else:
    more = ["-column_cells_horizontal", "2", "-consolidation_steps", "4", "-consolidation_time_step_growth", "4", "-biot_ksp_rtol", "1e-12"]
    ranks = (1, 2)
    if mode == "ranks3":
        more = ["-column_dim", "3", "-column_cells_horizontal", "3", "-column_cells_vertical", "6", "-consolidation_steps", "3",
                "-consolidation_time_step_growth", "4", "-biot_ksp_rtol", "1e-12"]
        ranks = (1, 3)
    for np_ranks in ranks:
        _, log = diorun.run(common + ["-output_name", "%s_np%d" % (name, np_ranks)] + more + extra, np=np_ranks)
    _, _, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(outdir, name + "_np1.h5"),
                                                                               os.path.join(outdir, name + "_np%d.h5" % ranks[1]))
    print("1 vs %d ranks: %d fields compared, largest relative difference %.2e at %s" % (ranks[1], fields, worst, where))
    diorun.expect(same_steps and same_times and fields > 0, "same steps and times on 1 and %d ranks" % ranks[1])
    diorun.expect(worst < 1e-6, "same fields on 1 and %d ranks to 1e-6 (%.1e)" % (ranks[1], worst))
sys.exit(1 if diorun.failures else 0)
