#!/usr/bin/env python3
"""The substructured Cholesky preconditioner (-mech_substructures K, issue 16) gives the fields of the whole
factorisation at every stage, and keeps the factors of the slabs a stage did not change.

The same staged drive (geostatic + 4 stages) with CG preconditioned by one MUMPS Cholesky factorisation of the whole
stiffness per solve (-mech_substructures 0, the drive's default below 200 000 dofs) and with K = 1 (one slab: no interface), 4 (slabs longer than a stage)
and 16 (slabs shorter than a stage: a stage changes several), on NP ranks. Requirement: every solve takes one CG
iteration (the preconditioner is the exact inverse: a wrong slab factor, a stale one or a wrong interface system would
take more iterations or stop), at every output step every field (displacement per vertex, stresses per cell ...)
agrees with the default run's within 1e-8 relative to the field's largest magnitude, and with K = 4 and 16 at least
one stage factors fewer slabs than there are (the reuse happened). Tolerance: both are direct solves followed by one
CG iteration at -mech_ksp_rtol 1e-10; they differ by the round-off of two factorisations times the condition growth
(measured: about 1e-12 relative here), while a slab solved with the wrong matrix or a missing interface coupling
shows as differences of the order of a stage's settlement (order 1).
The same holds on other meshes: a 3D TBM segment (slabs across its axis, some one cell thick: no interior) with
--k 1,6.
With --skip K (one of the K above): the slabs whose interior right-hand side is negligible are not solved
(-mech_substructures_skip_negligible, the default; CG starts from the last stage's displacement, so that a stage's
right-hand side is large only near the cells it changed). Requirement: the K run skips the condensation of some slab
and the expansion of some slab (-info's count), and every field of every step agrees within 1e-10 relative with the
same run without skipping (-mech_substructures_skip_negligible false, which skips none: every count 0), every solve
of both in one CG iteration. Tolerance: a skipped slab's right-hand side is at most 1e-3 rtol |F| = 1e-13 |F| and the
solve's error is of the size of the residual it leaves, times the condition growth (measured: 2e-12 here); a
skip of a slab whose right-hand side matters leaves a residual CG does not accept after one iteration.
The interface system S is solved by its block tridiagonal Cholesky by cut (-mech_substructures_interface blocks, the
default, interface_blocks.c) wherever the slabs allow it: with K > 1 every set-up must report that path (these meshes
allow it: every interface node touches two consecutive slabs), and the largest K is run again with S factored whole by
MUMPS (-mech_substructures_interface mumps), which must report MUMPS and give the blocks run's fields within 1e-10
relative (two exact solves of S followed by one CG iteration at rtol 1e-10: round-off, measured below 1e-11; a
wrong or stale block gives order-1 differences or more CG iterations).
usage: compare_substructures.py OUTDIR NP [--k K1,K2...] [--skip K] [diomede run arguments...]"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, np_ranks, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
slab_counts, skip_k = (1, 4, 16), None
while args[:1] in (["--k"], ["--skip"]):
    if args[0] == "--k":
        slab_counts = tuple(int(k) for k in args[1].split(","))
    else:
        skip_k = int(args[1])
    args = args[2:]


def run(name, extra):
    """Every solve's CG iterations, per set-up (slabs factored, slabs), per solve with skipping (condensations,
    expansions skipped)."""
    _, log = diorun.run(["run"] + args + ["-output_dir", outdir, "-output_name", name, "-output_overwrite",
                                          "-mech_ksp_rtol", "1e-10", "-info", ":pc"] + extra, np=np_ranks)
    its = [int(m.group(1)) for m in re.finditer(r"KSP +(\d+) its", log)]
    factored = [(int(m.group(1)), int(m.group(2))) for m in re.finditer(r"substructures: (\d+) of (\d+) slabs factored", log)]
    skipped = [(int(m.group(1)), int(m.group(2))) for m in re.finditer(r"condensation of (\d+), expansion of (\d+) of \d+ slabs skipped", log)]
    paths = [m.group(1) for m in re.finditer(r"substructures: \d+ of \d+ slabs factored, interface \d+ dofs \((blocks|MUMPS)", log)]
    return its, factored, skipped, paths


def compare(name_a, name_b, tolerance, label):
    fa, fb, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(outdir, name_a + ".h5"),
                                                                                os.path.join(outdir, name_b + ".h5"))
    steps = len([s for s in fa["fields"] if s.startswith("step_")])
    good = same_steps and same_times and steps >= 3 and worst < tolerance
    print("%s: %d steps, %d fields compared: largest rel. difference %.2e at %s %s"
          % (label, steps, fields, worst, where, "ok" if good else "FAIL (> %.0e, or steps differ)" % tolerance))
    return good


ok = True
its_ref, _, _, _ = run("whole", ["-mech_substructures", "0"])
print("whole factorisation: CG iterations per solve %s" % its_ref)
for k in slab_counts:
    its, factored, skipped, paths = run("sub%d" % k, ["-mech_substructures", str(k)])
    print("K = %d: CG iterations %s, slabs factored per solve %s, interface by %s" % (k, its, factored, sorted(set(paths))))
    if not its or any(i != 1 for i in its) or len(its) != len(its_ref):
        print("FAIL: K = %d: every solve must take one CG iteration, as many solves as the whole factorisation" % k)
        ok = False
    if len(factored) != len(its) or (k > 1 and not any(f < n for f, n in factored[1:])):
        print("FAIL: K = %d: one set-up per solve, and some stage must keep a slab's factor" % k)
        ok = False
    if k > 1 and (len(paths) != len(its) or any(p != "blocks" for p in paths)):
        print("FAIL: K = %d: every set-up must solve the interface by blocks" % k)
        ok = False
    ok &= compare("whole", "sub%d" % k, 1e-8, "K = %d vs whole" % k)
    if k != skip_k:
        continue
    its_off, _, skipped_off, _ = run("sub%d_all" % k, ["-mech_substructures", str(k), "-mech_substructures_skip_negligible", "false"])
    print("K = %d: slabs skipped per solve (condensation, expansion) %s; without skipping: CG iterations %s, %s"
          % (k, skipped, its_off, skipped_off))
    if (len(skipped) != len(its) or not any(c > 0 for c, _ in skipped) or not any(e > 0 for _, e in skipped)
            or len(skipped_off) != len(its_off) or any(c or e for c, e in skipped_off)
            or its_off != its):
        print("FAIL: K = %d: some condensation and some expansion must be skipped, none without skipping, with the same"
              " CG iterations" % k)
        ok = False
    fa, fb, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(outdir, "sub%d_all.h5" % k),
                                                                                os.path.join(outdir, "sub%d.h5" % k))
    good = same_steps and same_times and worst < 1e-10
    ok &= good
    print("K = %d skipping vs not: %d fields compared: largest rel. difference %.2e at %s %s"
          % (k, fields, worst, where, "ok" if good else "FAIL (> 1e-10, or steps differ)"))
k = max(slab_counts)
if k > 1:
    its, factored, _, paths = run("sub%d_mumps" % k, ["-mech_substructures", str(k), "-mech_substructures_interface", "mumps"])
    print("K = %d, -mech_substructures_interface mumps: CG iterations %s, interface by %s" % (k, its, sorted(set(paths))))
    if len(paths) != len(its) or any(p != "MUMPS" for p in paths) or any(i != 1 for i in its):
        print("FAIL: K = %d with mumps: every set-up must factor S by MUMPS, one CG iteration per solve" % k)
        ok = False
    ok &= compare("sub%d_mumps" % k, "sub%d" % k, 1e-10, "K = %d blocks vs MUMPS" % k)
sys.exit(0 if ok else 1)
