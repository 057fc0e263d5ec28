#!/usr/bin/env python3
"""The incremental stiffness and load of a staged drive (-mech_stage_incremental, issue 16) are the full assembly's, and
give its fields at every stage.

The same staged drive (geostatic + 4 stages) with the stiffness updated in the rows of the nodes of the cells a stage
changed and the element loads kept where their inputs did not change (the default), and both assembled in full every
stage (-mech_stage_incremental false), on NP ranks. Requirement: after every update, -mech_stage_incremental_check's
|K - K_fresh| / |K_fresh| (Frobenius, against a fresh assembly of the same stiffness) and |F - F_fresh| / |F_fresh|
(2-norm) are at most 1e-14, there is at least one of each, and at every output step every field agrees with the full
assembly's run within 1e-12 relative to the field's largest magnitude. Tolerance: the rows are summed again in the
order of the full assembly, so on one rank the matrix is the same bit for bit (measured 0); where another rank adds to
a row the order of its additions may differ (round-off, 1e-16); an update that missed a row (a stale element matrix of
a replaced or excavated cell) differs by the order of that cell's stiffness (measured 1e-1 with the rows not zeroed).
usage: compare_incremental.py OUTDIR NP [diomede run arguments...]"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, np_ranks, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]


def run(name, extra):
    _, log = diorun.run(["run"] + args + ["-output_dir", outdir, "-output_name", name, "-output_overwrite"] + extra,
                        np=np_ranks)
    return ([float(m.group(1)) for m in re.finditer(r"\|K - K_fresh\| = (\S+) \|K_fresh\|", log)],
            [float(m.group(1)) for m in re.finditer(r"\|F - F_fresh\| = (\S+) \|F_fresh\|", log)])


ok = True
checks, load_checks = run("incremental", ["-mech_stage_incremental_check"])
run("full", ["-mech_stage_incremental", "false"])
print("incremental updates: |K - K_fresh| / |K_fresh| = %s; |F - F_fresh| / |F_fresh| = %s" % (checks, load_checks))
if not checks or not load_checks or max(checks + load_checks) > 1e-14:
    print("FAIL: no update, or an updated stiffness or load differs from the fresh assembly by more than 1e-14")
    ok = False
fa, fb, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(outdir, "full.h5"),
                                                                            os.path.join(outdir, "incremental.h5"))
steps = len([s for s in fa["fields"] if s.startswith("step_")])
good = same_steps and same_times and steps >= 3 and worst < 1e-12
ok &= good
print("incremental vs full: %d steps, %d fields compared: largest rel. difference %.2e at %s %s"
      % (steps, fields, worst, where, "ok" if good else "FAIL (> 1e-12, or steps differ)"))
sys.exit(0 if ok else 1)
