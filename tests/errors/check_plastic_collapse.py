#!/usr/bin/env python3
"""An elastoplastic solve with no equilibrium gives up soon, with exit code 2 and a clear message.

Case: the geostatic problem on a small 2D strip (x 30-34 km, 112 Q1 cells) with free ends and Mohr-Coulomb
sediments and weathered rock of c = 1 Pa, phi = psi = 0: the free vertical ends of the weak layers cannot stand
under their own weight, so no load fraction above about 1e-3 has an equilibrium.
Requirement: diomede exits with 2 and one error line naming the load fraction reached, the consecutive cut-backs and
what to try (-mech_load_cutbacks_max, -mech_load_increment_min, -mech_load_monitor); the -mech_load_monitor lines
count the attempts and Newton iterations, bounded as below. No traceback.
Measured (counted from the output; about 1 s before and 0.6 s after on 2 cores):
  before (cut-back down to -mech_load_increment_min 1e-4 only, now -mech_load_cutbacks_max 0): 19 attempts, 14 cut
    back (the first 10 in a row), 497 Newton iterations, failed at load fraction 0.002686;
  default (-mech_load_cutbacks_max 8): 8 attempts, 217 Newton iterations, failed at load fraction 0;
  with -mech_snes_stagnation_its 10 (factor 0.7): 8 attempts, 97 Newton iterations, "Newton stagnated".
The bounds (attempts <= the limit, Newton iterations <= 30 per attempt, and fewer with the stagnation test) fail
if a limit is not applied; the run with the limit off checks the old search is still there (14 cut-backs, down to
the minimum increment).
usage: check_plastic_collapse.py OUTDIR"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir = sys.argv[1]
weak = []
for layer in ("seabed_sediment", "weathered_rock"):
    weak += ["-materials_%s_cohesion" % layer, "1", "-materials_%s_friction_angle" % layer, "0", "-materials_%s_dilation_angle" % layer, "0"]
base = ["run", "-mesh_x_min", "30000", "-mesh_x_max", "34000", "-mesh_cell_size_x", "500", "-mesh_cell_size_coarse", "100", "-mesh_cell_size_fine", "20",
        "-mesh_cells_above_band", "2", "-bc_ends", "free", "-materials_constitutive", "mohr_coulomb"] + weak + [
        "-mech_load_monitor", "-output_dir", outdir, "-output_overwrite"]
cases = [
    # (name, extra options, attempts at most, Newton iterations at most, message regex)
    ("default limit", [], 8, 8 * 30, r"failed at load fraction 0: DIVERGED_\w+ after 0 load increments \(8 cut back, the last 8 in a row down to increment 0\.00781\)"),
    ("with stagnation test", ["-mech_snes_stagnation_its", "10"], 8, 150, r"failed at load fraction 0: Newton stagnated after 0 load increments \(8 cut back"),
    ("no limit (before)", ["-mech_load_cutbacks_max", "0"], 30, 30 * 30, r"failed at load fraction 0\.00\d+: DIVERGED_\w+ after \d+ load increments \(14 cut back, .* down to increment 0\.000122\)"),
]
common = r"no equilibrium, the ground may be collapsing .*-mech_load_monitor .*-mech_load_cutbacks_max 0 -mech_load_increment_min"
failed = 0
newton = {}
for name, extra, max_attempts, max_newton, pattern in cases:
    rc, out = diorun.run(base + extra + ["-output_name", "collapse"], np=1, check=False)
    attempts = re.findall(r"^\s+load [0-9.e+-]+ -> [0-9.e+-]+: \S+ in (\d+) Newton its", out, re.M)
    errors = [line for line in out.splitlines() if "error:" in line]
    its = sum(int(n) for n in attempts)
    newton[name] = its
    good = (rc == 2 and len(errors) == 1 and re.search(pattern, errors[0]) is not None and re.search(common, errors[0]) is not None
            and "PETSC ERROR: #" not in out and 0 < len(attempts) <= max_attempts and its <= max_newton)
    print("%-22s exit %d, %2d attempts (<= %d), %3d Newton its (<= %d)  %s  %s" % (name, rc, len(attempts), max_attempts, its, max_newton,
                                                                             "ok  " if good else "FAIL", errors[0] if errors else ""))
    if not good:
        failed += 1
        print(out[-3000:])
# the stops save work: fewer Newton iterations than the old search, fewer still with the stagnation test
if not newton["with stagnation test"] < newton["default limit"] < newton["no limit (before)"]:
    print("FAIL  Newton iterations not decreasing: %s" % newton)
    failed += 1
# bad values: one clear line, exit 1
for key, value, message in (("-mech_load_cutbacks_max", "-1", r"-mech_load_cutbacks_max = -1\.?: must be >= 0"),
                            ("-mech_snes_stagnation_factor", "1.5", r"-mech_snes_stagnation_factor = 1\.5: must be in \(0, 1\)")):
    rc, out = diorun.run(base + [key, value, "-output_name", "bad"], np=1, check=False)
    errors = [line for line in out.splitlines() if "error:" in line]
    good = rc == 1 and len(errors) == 1 and re.search(message, errors[0]) is not None and "PETSC ERROR: #" not in out
    print("%-22s exit %d  %s  %s" % (key + " " + value, rc, "ok  " if good else "FAIL", errors[0] if errors else ""))
    failed += not good
sys.exit(1 if failed else 0)
