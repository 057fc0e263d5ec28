#!/usr/bin/env python3
"""Drainage types in the mechanics problems (issue 14), on Kirsch's problem (run_kirsch.py's set-up).
usage: run_kirsch_undrained.py OUTDIR

Requirement: (1) layers set drained (-materials_<layer>_drainage drained; the others drained by default) are today's
model: the fields equal the run without the key bit for bit (largest difference 0); (2) an undrained layer (tests/verification/kirsch_undrained.yaml)
is elastic with the undrained bulk modulus K_u = K + alpha^2 M, 1 / M = n c_w + (alpha - n) c_s, and the drained shear
modulus G (Wang 2000, ch. 3): the wall displacement follows Kirsch's plane-strain closed form with the undrained
Poisson's ratio nu_u = (3 K_u - 2 G) / (2 (3 K_u + G)) (a rock: E 10 GPa, porosity 0.2, alpha 0.82 = 1 - K c_s with
quartz grains; nu 0.25 -> 0.359, Skempton's B 0.587). Tolerances are run_kirsch.py's, from its measured mesh
convergence: refine 0 within 1.5 % (stress) / 0.5 % (wall u_r), refine 1 within 0.5 % / 0.15 % (measured 0.79 / 0.27 %
and 0.27 / 0.094 %). Held against Kirsch with the drained nu, the same wall displacement is off by 8.8 %: the check
discriminates. The stresses of an undrained layer are total-stress changes (skeleton and water together)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import check_kirsch  # noqa: E402

outdir = sys.argv[1]
R, ph, pv, E, nu = 6.0, 2e6, 1e6, 1e10, 0.25
n, alpha, c_s, c_w = 0.2, 0.82, 2.7e-11, 4.6e-10
G = E / (2 * (1 + nu))
K = E / (3 * (1 - 2 * nu))
inv_m = n * c_w + (alpha - n) * c_s
K_u = K + alpha ** 2 / inv_m
nu_u = (3 * K_u - 2 * G) / (2 * (3 * K_u + G))
print("K %.4g Pa, K_u %.4g Pa, nu_u %.4f, Skempton's B %.4f" % (K, K_u, nu_u, alpha / (K * inv_m + alpha ** 2)))
stress = ["-initial_stress_components", "%g,%g,%g" % (-ph, -pv, -nu * (ph + pv)), "-mech_ksp_rtol", "1e-10", "-output_dir", outdir, "-output_overwrite"]

# (1) drained = today's
base = ["run", "-problem", "transverse_section", "-initial_stress", "uniform", "-tunnel_diameter", str(2 * R), "-tunnel_relaxation", "1",
        "-tunnel_lining", "false", "-bc_base", "roller", "-bc_ends", "roller", "-bc_surface", "roller", "-mesh_half_width", str(100 * R),
        "-materials_metasedimentary_rock_youngs_modulus", str(E), "-materials_metasedimentary_rock_poissons_ratio", str(nu),
        "-mech_element_order", "2", "-progress", "quiet"] + stress
diorun.run(base + ["-output_name", "today"])
diorun.run(base + ["-output_name", "drained", "-materials_metasedimentary_rock_drainage", "drained", "-materials_granite_drainage", "drained"])
_, _, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(outdir, "today.h5"), os.path.join(outdir, "drained.h5"))
diorun.expect(same_steps and same_times and fields > 0 and worst == 0,
              "every layer drained = today's model: %d fields, largest difference %.1e (%s)" % (fields, worst, where))

# (2) undrained: Kirsch with nu_u
tolerances = {0: (0.015, 0.005), 1: (0.005, 0.0015)}
for refine in (0, 1):
    name = "undrained_r%d" % refine
    _, log = diorun.run(["run", diorun.source("tests/verification/kirsch_undrained.yaml"), "-mesh_refine", str(refine), "-output_name", name,
                         "-progress", "normal"] + stress)
    diorun.expect("[drainage]  metasedimentary_rock undrained" in log, "refine %d: the log reports the undrained layer" % refine)
    se, de, nc, _ = check_kirsch.errors(os.path.join(outdir, name + ".h5"), R, ph, pv, G, nu_u)
    _, de_drained, _, _ = check_kirsch.errors(os.path.join(outdir, name + ".h5"), R, ph, pv, G, nu)
    diorun.expect(se < tolerances[refine][0] and de < tolerances[refine][1],
                  "refine %d: %d cells near the bore, stress error %.3e (tol %.1e), wall u_r error %.3e (tol %.1e) against Kirsch with nu_u; "
                  "against the drained nu %.3e" % (refine, nc, se, tolerances[refine][0], de, tolerances[refine][1], de_drained))
sys.exit(1 if diorun.failures else 0)
