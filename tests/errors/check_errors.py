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
    # wrong types: PETSc's own message names neither key nor file; ours names both (app/error_handler.c)
    ("wrong type: integer", ["check", "-mesh_dim", "abc"], 1, 1, r"error: command line: -mesh_dim = abc: must be an integer$"),
    ("wrong type: integer 2.5", ["run", "-mech_element_order", "2.5"] + tiny, 2, 1, r"error: command line: -mech_element_order = 2\.5: must be an integer$"),
    ("wrong type: real", ["check", "-loads_gravity", "x9"], 1, 1, r"error: command line: -loads_gravity = x9: must be a number$"),
    ("wrong type: real in case", ["run", data + "wrong_type.yaml"], 2, 1, r"error: tests/errors/data/wrong_type\.yaml: -tunnel_diameter = twelve: must be a number$"),
    ("wrong type: real, same value", ["check", "-loads_water_level", "abc", "-loads_gravity", "abc"], 1, 1, r"error: command line: -loads_gravity = abc: must be"),
    ("wrong type: boolean", ["run", "-loads_sea", "maybe"] + tiny, 1, 1, r"error: command line: -loads_sea = maybe: must be true or false"),
    ("wrong type: boolean + case", ["check", "examples/bering/geostatic.yaml", "-mech_element_order", "1", "-loads_pore_pressure", "sometimes"], 1, 1,
     r"error: command line: -loads_pore_pressure = sometimes: must be true or false"),
    ("wrong type: enum", ["run", "-progress", "chatty"] + tiny, 1, 1, r"error: command line: -progress = chatty: must be one of: quiet normal verbose$"),
    ("wrong type: multiply kernel", ["run", "-mech_mat_multiply", "fast"] + tiny, 2, 1, r"error: command line: -mech_mat_multiply = fast: must be one of: diomede petsc$"),
    ("negative checkpoint interval", ["check", "-problem", "tbm_segment", "-checkpoint_minutes", "-5"], 1, 1, r"-checkpoint_minutes = -5\.?: must be >= 0"),
    ("element order", ["run", "-mech_element_order", "3"] + tiny, 1, 1, r"mech_element_order"),
    ("unknown command", ["frobnicate"], 1, 64, r"unknown command 'frobnicate'"),
    ("unknown keys", ["run", "examples/bering/geostatic.yaml", "-materials_granit_youngs_modulus", "3e9"], 2, 1,
     r"examples/bering/geostatic\.yaml or command line: unknown key -materials_granit_youngs_modulus"),
    ("unknown problem", ["check", "-problem", "tunel"], 2, 1, r"-problem = tunel: must be one of: geostatic longitudinal_drive transverse_section tbm_segment"),
    ("bad boundary condition", ["check", "-bc_base", "rollers"], 1, 1, r"-bc_base = rollers: must be one of: free roller fixed"),
    ("negative thaw years", ["check", "-problem", "permafrost_thaw", "-thaw_years", "-3"], 1, 1, r"-thaw_years = -3\.?: must be in \(0, 10000\] years"),
    ("air temperature NaN", ["check", "-problem", "permafrost_thaw", "-tunnel_air_temperature", "nan"], 1, 1, r"-tunnel_air_temperature = nan\.?: must be a temperature in \(-100, 100\) degC"),
    ("output times decreasing", ["check", "-problem", "permafrost_thaw", "-thaw_years", "10", "-output_times", "5,2"], 1, 1, r"-output_times: entry 2 = 2\.?: times must increase"),
    ("negative permafrost segment", ["check", "-problem", "permafrost_thaw", "-tunnel_segment_length", "-6"], 1, 1,
     r"-tunnel_segment_length = -6\.?: must be >= 0 m"),
    ("thaw strain out of range", ["check", "-problem", "permafrost_thaw", "-materials_granite_thaw_strain", "1.5"], 1, 1, r"-materials_granite_thaw_strain = 1\.5: must be in \[0, 1\)"),
    ("negative cohesion", ["check", "-materials_constitutive", "mohr_coulomb", "-materials_granite_cohesion", "-1e5"], 1, 1, r"-materials_granite_cohesion = -100000\.?: must be >= 0 Pa"),
    ("dilation above friction", ["check", "-materials_constitutive", "mohr_coulomb", "-materials_weathered_rock_dilation_angle", "50"], 1, 1,
     r"-materials_weathered_rock_dilation_angle = 50\.?: must be in \[0, friction_angle = 42\.?\] degrees"),
    ("bad plastic linear solver", ["run", "-materials_constitutive", "mohr_coulomb", "-mech_plastic_linear_solver", "lu"] + tiny, 1, 1,
     r"error: command line: -mech_plastic_linear_solver = lu: must be one of: auto direct iterative$"),
    ("bad constitutive model", ["check", "-materials_constitutive", "cam_clay"], 1, 1, r"-materials_constitutive = cam_clay: must be one of: elastic mohr_coulomb drucker_prager"),
    ("relaxation out of range", ["check", "-problem", "transverse_section", "-tunnel_relaxation", "1.5"], 1, 1, r"-tunnel_relaxation = 1\.5: must be in \[0, 1\]"),
    ("wall displacement with lining", ["check", "-problem", "transverse_section", "-tunnel_wall_displacement", "verruijt_booker"], 1, 1,
     r"-tunnel_wall_displacement verruijt_booker: needs -tunnel_lining false"),
    ("ground loss out of range", ["check", "-problem", "transverse_section", "-tunnel_lining", "false", "-tunnel_wall_displacement", "verruijt_booker",
                                  "-tunnel_ground_loss", "2"], 1, 1, r"-tunnel_ground_loss = 2\.?, -tunnel_ovalisation = 0\.?: must be in \(-1, 1\)"),
    ("lining thicker than bore", ["check", "-problem", "longitudinal_drive", "-tunnel_lining_thickness", "7"], 1, 1, r"-tunnel_lining_thickness = 7\.?: must be in"),
    ("solver divergence", ["run", "-mech_ksp_max_it", "2", "-mech_fallback_max_dofs", "0", "-output_name", "diverged"] + tiny, 2, 2,
     r"did not converge: DIVERGED_ITS after 2 iterations, and no direct fallback \(-mech_fallback_max_dofs 0"),
    ("solver fallback to LU", ["run", "-mech_ksp_max_it", "2", "-output_name", "fallback"] + tiny, 2, 0,
     r"Krylov solve stopped \(DIVERGED_ITS after 2 iterations\); solving by LU \(MUMPS\) instead"),
    ("output exists", ["run", "-output_name", "twice"] + tiny, 1, 0, r"\[output\]"),
    ("output exists, no overwrite", ["run", "-output_name", "twice"] + tiny, 1, 1, r"twice\.h5' exists"),
]
failed = 0
for name, args, ranks, code, pattern in cases:
    rc, out = diorun.run(args, np=ranks, check=False)
    good = rc == code and re.search(pattern, out, re.M) is not None and "PETSC ERROR: #" not in out
    errors = [line for line in out.splitlines() if "error:" in line]
    if code == 1:
        good = good and len(errors) == 1  # one line, printed once even on several ranks
    print("%-28s exit %3d (want %3d)  %s  %s" % (name, rc, code, "ok  " if good else "FAIL", errors[0] if errors else ""))
    if not good:
        failed += 1
        print(out[-3000:])
sys.exit(1 if failed else 0)
