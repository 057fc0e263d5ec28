#!/usr/bin/env python3
"""Staged runs that reuse the last stage (issue 16) give the fields of the path that reuses nothing.

The same staged case three times on 2 ranks: with everything of GAMG reused (-mech_direct_max_dofs 0: CG + GAMG;
-mech_stage_initial_guess true, the default: CG starts from the last stage's displacement; -mech_stage_reuse
preconditioner: the whole GAMG kept while it stays fast), with the drive's default (CG preconditioned by a Cholesky
factorisation by MUMPS, -mech_direct_max_dofs, one factorisation per stage), and with -mech_direct_max_dofs 0
-mech_stage_reuse none -mech_stage_initial_guess false (a fresh GAMG and a zero start every stage, the code path
before issue 16). Requirement: at every output step, displacement (per vertex) and stresses (per cell) of both
reusing runs agree with the fresh run's within 1e-6 relative to the field's largest magnitude; the GAMG run kept the
preconditioner in at least one stage (its progress lines say so; otherwise this test compares nothing new), and the
default run took one CG iteration in every solve (the Cholesky preconditioner was used; CG + GAMG takes 40-70 here).
Tolerance: all runs stop at -mech_ksp_rtol 1e-10 of the preconditioned right-hand side (PETSc measures it against
the right-hand side, not the initial residual, so a warm start does not loosen it); the two answers then differ by
about rtol times the growth through the condition number (measured: 9.5e-9 on this case; 1.3e-7 on a 16 140-cell
drive in 10 stages with 200 m x 10 m cells, GAMG's hardest case here), while a stale or wrong
initial guess, a solve skipped, or a preconditioner from another matrix that ended early would show as errors of the
size of one stage's settlement (order 1 relative).
usage: compare_stage_reuse.py OUTDIR [diomede run arguments...]"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir = sys.argv[1]
args = sys.argv[2:]


def run(name, extra):
    """The number of solves that kept the preconditioner, and every solve's CG iterations."""
    _, log = diorun.run(["run"] + args + ["-output_dir", outdir, "-output_name", name, "-output_overwrite",
                                          "-mech_ksp_rtol", "1e-10"] + extra, np=2)
    its = [int(m.group(1)) for m in re.finditer(r"KSP +(\d+) its", log)]
    return sum("preconditioner kept" in line for line in log.splitlines()), its


kept, _ = run("reuse", ["-mech_direct_max_dofs", "0", "-mech_stage_reuse", "preconditioner"])
kept_direct, its_direct = run("direct", [])
kept_fresh, its_fresh = run("fresh", ["-mech_direct_max_dofs", "0", "-mech_stage_reuse", "none",
                                      "-mech_stage_initial_guess", "false"])
ok = True
print("stages that kept the preconditioner: %d with reuse, %d without" % (kept, kept_fresh))
if kept < 1 or kept_fresh != 0 or kept_direct != 0:
    print("FAIL: the reusing GAMG run must keep the preconditioner at least once, the others never")
    ok = False
print("CG iterations per solve: %s (default, Cholesky), %s (fresh GAMG)" % (its_direct, its_fresh))
if not its_direct or any(i != 1 for i in its_direct) or len(its_direct) != len(its_fresh):
    print("FAIL: the default run must take one CG iteration in each of its solves (Cholesky preconditioner)")
    ok = False
for name in ("reuse", "direct"):
    # rows matched by coordinates: the partition (and so the order of vertices and cells) may differ between runs
    fa, fb, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(outdir, "fresh.h5"),
                                                                                os.path.join(outdir, name + ".h5"))
    steps = len([k for k in fa["fields"] if k.startswith("step_")])
    if not (same_steps and same_times) or steps < 3:
        print("FAIL: %s: output steps or times differ, or fewer than 3 steps (%d)" % (name, steps))
        ok = False
    good = worst < 1e-6
    ok &= good
    print("%s vs fresh: %d steps, %d fields compared: largest rel. difference %.2e at %s %s"
          % (name, steps, fields, worst, where, "ok" if good else "FAIL (> 1e-6)"))
sys.exit(0 if ok else 1)
