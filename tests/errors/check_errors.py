#!/usr/bin/env python3
"""Bad input gives a clear one-line error naming the file, key or location, and a non-zero exit, never a crash.

Requirement: for each case below, the exit code equals the documented one (README: 1 input error, 2 not
converged, 64 usage) and the output contains the expected message; no traceback ("[0]PETSC ERROR: #") and no
signal (negative return code).
usage: check_errors.py OUTDIR"""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir = sys.argv[1]
shutil.rmtree(outdir, ignore_errors=True)  # "output exists" below needs a clean start
data = "tests/errors/data/"
tiny = ["-mesh_x_min", "30000", "-mesh_x_max", "34000", "-mesh_cell_size_x", "500", "-mesh_cell_size_coarse", "100", "-mesh_cell_size_fine", "20",
        "-mesh_cells_above_band", "2", "-output_dir", outdir]
cases = [
    # (name, arguments, ranks, exit code, message regex)
    ("missing case file", ["run", "no/such/case.yaml"], 1, 1, r"cannot open case file 'no/such/case.yaml'"),
    ("malformed YAML", ["run", data + "malformed.yaml"], 2, 1, r"malformed\.yaml:\d+:\d+"),
    ("negative modulus", ["check", "-materials_granite_youngs_modulus", "-3e9"], 2, 1, r"materials_granite_youngs_modulus = -3e\+09: .*> 0"),
    ("Poisson's ratio 0.5", ["check", "-materials_seabed_sediment_poissons_ratio", "0.5"], 1, 1, r"materials_seabed_sediment_poissons_ratio = 0\.5: must be in \(-1, 0\.5\)"),
    ("missing profile", ["check", "-mesh_profile", "no/such/profile.csv"], 2, 1, r"cannot open profile 'no/such/profile\.csv'"),
    ("non-numeric profile value", ["check", "-mesh_profile", data + "bad_value_profile.csv"], 1, 1, r"bad_value_profile\.csv:4: .*surface_elevation_m.*-5O"),
    ("profile out of order", ["check", "-mesh_profile", data + "decreasing_profile.csv"], 1, 1, r"decreasing_profile\.csv:4: .*distance_km"),
    ("mesh dimension", ["check", "-mesh_dim", "4"], 1, 1, r"-mesh_dim"),
    ("wrong type: integer", ["check", "-mesh_dim", "abc"], 1, 1, r"Input string abc has no integer value"),
    ("wrong type: real", ["check", "-loads_gravity", "x9"], 1, 1, r"Input string x9 has no numeric value"),
    ("wrong type: boolean", ["check", "-loads_sea", "maybe"], 1, 1, r"Unknown logical value: maybe"),
    ("negative checkpoint interval", ["check", "-problem", "tbm_segment", "-checkpoint_minutes", "-5"], 1, 1, r"-checkpoint_minutes = -5\.?: must be >= 0"),
    ("element order", ["run", "-mech_element_order", "3"] + tiny, 1, 1, r"mech_element_order"),
    ("unknown command", ["frobnicate"], 1, 64, r"unknown command 'frobnicate'"),
    ("unknown keys", ["run", "examples/bering/geostatic.yaml", "-materials_granit_youngs_modulus", "3e9"], 2, 1,
     r"examples/bering/geostatic\.yaml or command line: unknown key -materials_granit_youngs_modulus"),
    ("unknown problem", ["check", "-problem", "tunel"], 2, 1, r"Unknown option tunel for -problem"),
    ("bad boundary condition", ["check", "-bc_base", "rollers"], 1, 1, r"Unknown option rollers for -bc_base"),
    ("relaxation out of range", ["check", "-problem", "transverse_section", "-tunnel_relaxation", "1.5"], 1, 1, r"-tunnel_relaxation = 1\.5: must be in \[0, 1\]"),
    ("wall displacement with lining", ["check", "-problem", "transverse_section", "-tunnel_wall_displacement", "verruijt_booker"], 1, 1,
     r"-tunnel_wall_displacement verruijt_booker: needs -tunnel_lining false"),
    ("ground loss out of range", ["check", "-problem", "transverse_section", "-tunnel_lining", "false", "-tunnel_wall_displacement", "verruijt_booker",
                                  "-tunnel_ground_loss", "2"], 1, 1, r"-tunnel_ground_loss = 2\.?, -tunnel_ovalisation = 0\.?: must be in \(-1, 1\)"),
    ("lining thicker than bore", ["check", "-problem", "longitudinal_drive", "-tunnel_lining_thickness", "7"], 1, 1, r"-tunnel_lining_thickness = 7\.?: must be in"),
    ("solver divergence", ["run", "-mech_ksp_max_it", "2", "-output_name", "diverged"] + tiny, 2, 2, r"did not converge.*2 iterations"),
    ("output exists", ["run", "-output_name", "twice"] + tiny, 1, 0, r"\[output\]"),
    ("output exists, no overwrite", ["run", "-output_name", "twice"] + tiny, 1, 1, r"twice\.h5' exists"),
]
failed = 0
for name, args, ranks, code, pattern in cases:
    rc, out = diorun.run(args, np=ranks, check=False)
    good = rc == code and re.search(pattern, out) is not None and "PETSC ERROR: #" not in out
    errors = [line for line in out.splitlines() if "error:" in line]
    if code == 1:
        good = good and len(errors) == 1  # one line, printed once even on several ranks
    print("%-28s exit %3d (want %3d)  %s  %s" % (name, rc, code, "ok  " if good else "FAIL", errors[0] if errors else ""))
    if not good:
        failed += 1
        print(out[-3000:])
sys.exit(1 if failed else 0)
