#!/usr/bin/env python3
"""The lining stage after a uniform initial stress converges with the default solver (issue 15).

Requirement: the landfall transverse section (examples/bering/transverse_landfall.yaml) in uniform-stress mode
(-initial_stress uniform, isotropic 2 MPa compression), Q1, excavated with relaxation 0.4 and then lined, solves
every stage with the default solver options (CG + GAMG, no fallback to LU), and its fields equal those of the same
run solved by LU at every step. Before the fix the lining stage stopped with DIVERGED_INDEFINITE_PC (exit code 2) on
1 rank (Q1) and on 2 ranks (Q1 and Q2): GAMG kept the prolongator and the Chebyshev bounds of the excavation stage,
which had no lining. Reference: the LU solution of the same discrete system. Tolerance: CG stops at a relative
residual of 1e-8 (-mech_ksp_rtol, default), which leaves differences of 2.4e-6 (stress, strain; displacement
less) relative to each field's largest value: required < 1e-5 for displacement, stress, effective stress and strain
at every step (the ratio sigma'_h / sigma'_v is left out: it divides by values near 0).
usage: run_lining_uniform.py OUTDIR NP"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures, open_series  # noqa: E402

outdir, np_ = sys.argv[1], int(sys.argv[2])
case = diorun.source("examples", "bering", "transverse_landfall.yaml")
common = ["run", case, "-initial_stress", "uniform", "-initial_stress_components", "-2e6,-2e6,-2e6", "-mech_element_order", "1",
          "-output_dir", outdir, "-output_overwrite"]
names = {"gamg": "lining_uniform_np%d" % np_, "lu": "lining_uniform_lu_np%d" % np_}
rc, log = diorun.run(common + ["-output_name", names["gamg"]], np=np_, check=False)
expect(rc == 0, "default solver: exit code %d (0 expected)" % rc)
expect("lining, remaining release" in log, "default solver: the lining stage ran")
expect("solving by LU" not in log, "default solver: CG + GAMG converged without the LU fallback")
if rc != 0:
    sys.stdout.write(log)
    sys.exit(1)
lu = ["-mech_pc_type", "lu"] + (["-mech_pc_factor_mat_solver_type", "mumps"] if np_ > 1 else [])
diorun.run(common + ["-output_name", names["lu"]] + lu, np=np_)
fa, steps_a, va, ca = open_series(os.path.join(outdir, names["gamg"] + ".h5"))
fb, steps_b, vb, cb = open_series(os.path.join(outdir, names["lu"] + ".h5"))
expect(steps_a == steps_b and len(steps_a) == 3, "steps %s (3 expected, the same in both)" % steps_a)
for step in steps_a if steps_a == steps_b else []:
    for field in ("displacement", "stress", "effective_stress", "strain"):
        a, b = fa["fields"][step][field], fb["fields"][step][field]
        rows_a, rows_b = (va, vb) if a.shape[0] == va.size else (ca, cb)
        x, y = a[:][rows_a].astype(float), b[:][rows_b].astype(float)
        d = abs(x - y).max() / max(abs(x).max(), 1e-300)
        expect(d < 1e-5, "%s %s: largest difference to the LU solution %.2e (tolerance 1e-5)" % (step, field, d))
sys.exit(1 if failures else 0)
