#!/usr/bin/env python3
"""Kirsch verification driver: the transverse section in uniform-stress mode, bore excavated at once (relaxation 1,
no lining), rollers on the far boundary at 100 R, Q2 elements, refine 0 and 1; check_kirsch.py gives the errors.
Tolerances from the measured convergence (refine 0 -> 1 -> 2: stress 0.91 % -> 0.29 % -> 0.12 %, wall u_r 0.27 % ->
0.089 % -> 0.045 %): refine 0 within 1.5 % / 0.5 %, refine 1 within 0.5 % / 0.15 %, and each error must fall by
at least 1.5 from refine 0 to 1.
usage: run_kirsch.py OUTDIR NP"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import check_kirsch  # noqa: E402

outdir, np = sys.argv[1], int(sys.argv[2])
R, ph, pv, E, nu = 6.0, 2e6, 1e6, 1e9, 0.25
G = E / (2 * (1 + nu))
tolerances = {0: (0.015, 0.005), 1: (0.005, 0.0015)}
results = {}
for refine in (0, 1):
    name = "kirsch_np%d_r%d" % (np, refine)
    diorun.run(["run", "-problem", "transverse_section", "-initial_stress", "uniform", "-initial_stress_components", "%g,%g,%g" % (-ph, -pv, -nu * (ph + pv)),
                "-tunnel_diameter", str(2 * R), "-tunnel_relaxation", "1", "-tunnel_lining", "false", "-bc_base", "roller", "-bc_ends", "roller",
                "-bc_surface", "roller", "-mesh_half_width", str(100 * R), "-materials_metasedimentary_rock_youngs_modulus", str(E),
                "-materials_metasedimentary_rock_poissons_ratio", str(nu), "-mech_ksp_rtol", "1e-10", "-mech_element_order", "2", "-mesh_refine", str(refine),
                "-output_dir", outdir, "-output_name", name, "-output_overwrite"], np=np)
    se, de, nc, nw = check_kirsch.errors(os.path.join(outdir, name + ".h5"), R, ph, pv, G, nu)
    results[refine] = (se, de)
    ok = se < tolerances[refine][0] and de < tolerances[refine][1]
    print("refine %d: %d cells near the bore, stress error %.3e (tol %.1e), wall u_r error %.3e (tol %.1e) %s"
          % (refine, nc, se, tolerances[refine][0], de, tolerances[refine][1], "ok" if ok else "FAIL"))
    if not ok:
        sys.exit(1)
ratios = (results[0][0] / results[1][0], results[0][1] / results[1][1])
print("error ratios refine 0/1: stress %.2f, displacement %.2f (need >= 1.5)" % ratios)
sys.exit(0 if min(ratios) >= 1.5 else 1)
