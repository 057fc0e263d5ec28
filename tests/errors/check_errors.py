#!/usr/bin/env python3
"""Bad input gives a clear one-line error naming the file, key or location, and a non-zero exit, never a crash.

Requirement: for each case below, the exit code equals the documented one (README: 1 input error, 2 not
converged, 64 usage) and the output contains the expected message; no traceback ("[0]PETSC ERROR: #") and no
signal (negative return code).
usage: check_errors.py OUTDIR"""
import concurrent.futures
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
# Case files and tables that are not one set of inputs, written here so that each row shows its content.
written = {
    "dup_key.yaml": "mesh:\n  dim: 2\n  dim: 3\n",
    "dup_section.yaml": "mesh:\n  dim: 2\nloads:\n  gravity: 9.81\nmesh:\n  refine: 1\n",
    "two_documents.yaml": "mesh:\n  dim: 2\n---\nmesh:\n  refine: 1\n",
    "empty_value.yaml": "mesh:\n  dim:\n  refine: 0\n",
    "list_top.yaml": "- mesh_dim: 2\n- mesh_refine: 1\n",
    "comment_only.yaml": "# nothing but a comment\n\n",
    "unit_in_value.yaml": "problem: transverse_section\ntunnel:\n  diameter: 12 m\n",
    "option_in_value.yaml": "mesh:\n  cell_size_x: 500 -mesh_refine 3\n",
}
materials = open(diorun.source("data", "materials.csv"), encoding="utf-8").read()
profile = open(diorun.source("data", "bering_profile.csv"), encoding="utf-8").read()
written.update({
    "bom_materials.csv": "\ufeff" + materials,  # spreadsheets write a byte-order mark: accepted
    "swapped_materials.csv": materials.replace("layer,parameter,value,", "layer,value,parameter,", 1),
    "long_row_materials.csv": materials.replace("granite,density,2650,", "granite,density,2650,2700,", 1),
    "nan_materials.csv": materials.replace("granite,density,2650,", "granite,density,nan,", 1),
    "unit_materials.csv": materials.replace("granite,density,2650,", "granite,density,2650 kg/m3,", 1),
    "nan_profile.csv": profile.replace("\n-9.50,150,", "\n-9.50,nan,", 1),
    # granite without its groundwater rows (porosity, hydraulic conductivity)
    "no_flow_materials.csv": "\n".join(l for l in materials.split("\n") if not l.startswith(("granite,porosity,", "granite,hydraulic_conductivity,"))),
    "no_column_profile.csv": profile.replace("distance_km,surface_elevation_m,", "distance_km,surface_m,", 1),
})
# fuzz-like profiles (-mesh_profile), one fault each: (name, content, exit code, what the message says after the file's name)
profile_header = "distance_km,surface_elevation_m,sediment_thickness_m,permafrost_base_depth_m,bedrock,flag,note\n"
fuzzed_profiles = (
    ("cut", profile.replace("\n-9.50,150,3,200,granite,E,", "\n-9.50,150", 1), 1, r":27: 2 fields, the header has 7$"),
    ("text", profile.replace("\n-9.50,150,", "\n-9.50,high,", 1), 1, r":27: column 2 \(surface_elevation_m\): 'high' is not a number$"),
    ("inf", profile.replace("\n-9.50,150,3,", "\n-9.50,150,inf,", 1), 1, r":27: column 3 \(sediment_thickness_m\): 'inf' is not a finite number$"),
    ("long", profile.replace("\n-9.50,150,", "\n-9.50,150,1,", 1), 1, r":27: 8 fields, the header has 7$"),
    ("no_header", profile.replace(profile_header, "", 1), 1, r":\d+: header has no column 'distance_km' \(is the header row missing\?\)$"),
    ("empty", "", 1, r": no header line \(expected distance_km,surface_elevation_m,\.\.\.\)$"),
    ("header_only", profile[:profile.index(profile_header) + len(profile_header)], 1, r": 0 data row\(s\): a profile needs at least 2$"),
    ("crlf", "\ufeff" + profile.replace("\n", "\r\n"), 0, r"valid"),  # a spreadsheet's export: accepted
    ("crlf_bad", "\ufeff" + profile.replace("\n-9.50,150,", "\n-9.50,1e999,", 1).replace("\n", "\r\n"), 1,
     r":27: column 2 \(surface_elevation_m\): '1e999' is not a finite number$"),
)
written.update({"fuzz_%s_profile.csv" % name: text for name, text, _, _ in fuzzed_profiles})
os.makedirs(outdir, exist_ok=True)
for name, text in written.items():
    with open(os.path.join(outdir, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)
w = os.path.join(outdir, "")
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
    ("wrong type: real", ["check", "-loads_gravity", "x9"], 1, 1, r"error: command line: -loads_gravity = x9: must be a number \(no unit"),
    ("wrong type: real in case", ["run", data + "wrong_type.yaml"], 2, 1, r"error: tests/errors/data/wrong_type\.yaml:4: -tunnel_diameter = twelve: must be a number"),
    ("wrong type: real, same value", ["check", "-loads_water_level", "abc", "-loads_gravity", "abc"], 1, 1, r"error: command line: -loads_gravity = abc: must be"),
    ("wrong type: boolean", ["run", "-loads_sea", "maybe"] + tiny, 1, 1, r"error: command line: -loads_sea = maybe: must be true or false"),
    ("wrong type: boolean + case", ["check", "examples/bering/geostatic.yaml", "-mech_element_order", "1", "-loads_pore_pressure", "sometimes"], 1, 1,
     r"error: command line: -loads_pore_pressure = sometimes: must be true or false"),
    ("wrong type: enum", ["run", "-progress", "chatty"] + tiny, 1, 1, r"error: command line: -progress = chatty: must be one of: quiet normal verbose$"),
    ("wrong type: multiply kernel", ["run", "-mech_mat_multiply", "fast"] + tiny, 2, 1, r"error: command line: -mech_mat_multiply = fast: must be one of: diomede petsc$"),
    ("negative checkpoint interval", ["check", "-problem", "tbm_segment", "-checkpoint_minutes", "-5"], 1, 1, r"-checkpoint_minutes = -5\.?: must be >= 0"),
    ("element order", ["run", "-mech_element_order", "3"] + tiny, 1, 1, r"mech_element_order"),
    ("unknown command", ["frobnicate"], 1, 64, r"unknown command 'frobnicate'"),
    ("no command", [], 1, 64, r"error: no command"),
    # case files that are not one mapping of options (io/case.c): file:line:column and what is wrong
    ("duplicate key", ["check", w + "dup_key.yaml"], 2, 1, r"dup_key\.yaml:3:3: key 'dim' \(-mesh_dim\) repeats line 2"),
    ("duplicate section", ["check", w + "dup_section.yaml"], 1, 1, r"dup_section\.yaml:5:1: key 'mesh' \(-mesh\) repeats line 1"),
    ("two YAML documents", ["check", w + "two_documents.yaml"], 1, 1, r"two_documents\.yaml:3:1: a second YAML document"),
    ("empty value", ["check", w + "empty_value.yaml"], 1, 1, r"empty_value\.yaml:2:7: -mesh_dim has no value"),
    ("top level not a mapping", ["check", w + "list_top.yaml"], 1, 1, r"list_top\.yaml:1:1: the top level is a list: a case file is a mapping"),
    ("comment-only case file", ["check", w + "comment_only.yaml"], 1, 1, r"comment_only\.yaml: no keys \(an empty or comment-only case file\)"),
    ("unit in a case value", ["check", w + "unit_in_value.yaml"], 1, 1, r"unit_in_value\.yaml:3: -tunnel_diameter = 12 m: must be a number \(no unit"),
    ("option inside a value", ["check", w + "option_in_value.yaml"], 1, 1,
     r"option_in_value\.yaml:2:16: -mesh_cell_size_x = 500 -mesh_refine 3: an option inside a value"),
    # the command line (app/main.c): one case file, one value per option, no option left without one
    ("second case file", ["check", "examples/bering/geostatic.yaml", "examples/bering/tbm_segment.yaml"], 2, 1,
     r"command line: 'examples/bering/tbm_segment\.yaml': a second case file"),
    ("unit on the command line", ["check", "-mesh_cell_size_x", "12", "m"], 1, 1, r"command line: -mesh_cell_size_x 12 m: one value per option; 'm' is left over"),
    ("trailing option, no value", ["check", "examples/bering/geostatic.yaml", "-mesh_refine"], 2, 1,
     r"command line: -mesh_refine has no value \(give one: -mesh_refine VALUE\)$"),
    ("name option, no value", ["check", "-output_name", "-mesh_refine", "1"], 1, 1, r"command line: -output_name has no value"),
    # every number in every value finite and representable (io/options_check.c), PETSc's options too
    ("NaN in the case file", ["check", data + "nan_value.yaml"], 2, 1, r"nan_value\.yaml:4: -materials_granite_youngs_modulus = nan: not a number"),
    ("infinite option", ["check", "-mesh_cell_size_x", "inf"], 1, 1, r"command line: -mesh_cell_size_x = inf: infinite"),
    ("overflowing option", ["check", "-loads_gravity", "1e400"], 1, 1, r"-loads_gravity = 1e400: overflows a double"),
    ("underflowing option", ["check", "-mech_ksp_rtol", "1e-400"], 1, 1, r"-mech_ksp_rtol = 1e-400: underflows a double"),
    ("integer that would wrap", ["check", "-mesh_refine", "9999999999999"], 1, 1, r"-mesh_refine = 9999999999999: an integer literal beyond"),
    # physical ranges and counts, before anything is built
    ("modulus 1e-300", ["check", "-materials_granite_youngs_modulus", "1e-300"], 1, 1,
     r"-materials_granite_youngs_modulus = 1e-300: Young's modulus must be > 0, in \[1000\.?, 1e\+13\] Pa"),
    ("solver tolerance out of range", ["check", "examples/bering/geostatic.yaml", "-mech_ksp_rtol", "2"], 1, 1,
     r"error: command line: -mech_ksp_rtol = 2\.?: must be in \[0, 1\)$"),
    ("iteration limit negative", ["check", "-problem", "permafrost_thaw", "-heat_snes_max_it", "-3"], 1, 1, r"-heat_snes_max_it = -3\.?: must be >= 0"),
    ("gravity out of range", ["check", "-loads_gravity", "1e6"], 1, 1, r"-loads_gravity = 1e\+06: must be >= 0 m/s2, in \[0, 1000\]"),
    ("stage count beyond PetscInt", ["check", "-problem", "longitudinal_drive", "-tunnel_stage_length", "1e-300"], 1, 1,
     r"-tunnel_stage_length = 1e-300: must be > 0 m, with fewer stages than PetscInt can count"),
    ("cell count beyond PetscInt", ["check", "-mesh_cell_size_x", "0.001"], 1, 1, r"strait mesh: 1\.08e\+08 columns .* more mesh points than PetscInt can count"),
    # CSV tables (io/table.c, mesh/profile.c): header by name, rows as long as the header, numbers with line and column
    ("materials with a byte-order mark", ["check", "-materials_file", w + "bom_materials.csv"], 1, 0, r"valid"),
    ("materials header swapped", ["check", "-materials_file", w + "swapped_materials.csv"], 1, 1,
     r"swapped_materials\.csv:\d+: header column 2 is 'value', expected 'parameter'"),
    ("materials row too long", ["check", "-materials_file", w + "long_row_materials.csv"], 1, 1, r"long_row_materials\.csv:\d+: 9 fields, the header has 8"),
    ("materials value nan", ["check", "-materials_file", w + "nan_materials.csv"], 2, 1, r"nan_materials\.csv:\d+: column 3 \(value\): 'nan' is not a finite number"),
    ("materials value with unit", ["check", "-materials_file", w + "unit_materials.csv"], 1, 1,
     r"unit_materials\.csv:\d+: column 3 \(value\): '2650 kg/m3' is not a number \(no unit"),
    ("profile value nan", ["check", "-mesh_profile", w + "nan_profile.csv"], 1, 1, r"nan_profile\.csv:\d+: column 2 \(surface_elevation_m\): 'nan' is not a finite number"),
    ("profile column missing", ["check", "-mesh_profile", w + "no_column_profile.csv"], 1, 1, r"no_column_profile\.csv:\d+: header has no column 'surface_elevation_m'$"),
] + [("profile " + name, ["check", "-mesh_profile", w + "fuzz_%s_profile.csv" % name], 1, code, (r"fuzz_%s_profile\.csv" % name if code else "") + pattern)
      for name, _, code, pattern in fuzzed_profiles] + [
    ("unknown keys", ["run", "examples/bering/geostatic.yaml", "-materials_granit_youngs_modulus", "3e9"], 2, 1,
     r"examples/bering/geostatic\.yaml or command line: unknown key -materials_granit_youngs_modulus"),
    ("unknown problem", ["check", "-problem", "tunel"], 2, 1, r"-problem = tunel: must be one of: geostatic longitudinal_drive transverse_section tbm_segment"),
    ("bad boundary condition", ["check", "-bc_base", "rollers"], 1, 1, r"-bc_base = rollers: must be one of: free roller fixed"),
    ("negative thaw years", ["check", "-problem", "permafrost_thaw", "-thaw_years", "-3"], 1, 1, r"-thaw_years = -3\.?: must be in \(0, 10000\] years"),
    ("air temperature NaN", ["check", "-problem", "permafrost_thaw", "-tunnel_air_temperature", "nan"], 1, 1, r"-tunnel_air_temperature = nan: not a number \(nan\): give a finite value"),
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
    # --- issue 15: geometry sanity and run size (one block) ---
    ("chainage outside profile", ["check", "-problem", "transverse_section", "-tunnel_chainage", "200000"], 1, 1,
     r"-tunnel_chainage = 200000\.? m: must lie within the profile embedded:bering_profile\.csv, -11500\.? \.\. 96000\.? m"),
    ("crown above the seabed", ["check", "-problem", "transverse_section", "-tunnel_diameter", "150"], 1, 1,
     r"the crown at -25\.? m needs 0\.55 m of cover below the ground surface at -tunnel_chainage 20000\.? m, -50\.? m"),
    ("drive crown above the seabed", ["check", "-problem", "longitudinal_drive", "-tunnel_diameter", "100"], 1, 1,
     r"the crown at -50\.? m needs 0\.55 m of cover .* surface, which lies at -55\.? m at x = 69000\.? m"),
    ("invert below the base", ["check", "-problem", "transverse_section", "-tunnel_diameter", "80", "-mesh_base_elevation", "-150"], 1, 1,
     r"-mesh_base_elevation -150\.? m: must lie below -180\.? m"),
    ("bore wider than the model", ["check", "-problem", "permafrost_thaw", "-tunnel_diameter", "40", "-mesh_half_width", "30"], 1, 1,
     r"-tunnel_diameter 40\.? m: the bore must be smaller than the model, whose half width \(-mesh_half_width\) is 30\.? m"),
    ("bore narrower than a cell", ["check", "-problem", "longitudinal_drive", "-tunnel_diameter", "4"], 1, 1,
     r"-tunnel_diameter = 4\.? m: no cell centroid lies within the bore, the nearest is 2\.5 m"),
    ("stage shorter than a cell", ["check", "-problem", "longitudinal_drive", "-tunnel_stage_length", "10"], 1, 1,
     r"-tunnel_stage_length = 10\.? m: shorter than a cell along the alignment \(25\.? m"),
    ("output name too long", ["check", "-output_name", "n" * 240], 1, 1, r"-output_name: the run's files would have names of 261 characters .* more than the 255"),
    ("run over the memory limit", ["run", "-run_memory_limit", "0.001", "-output_name", "too_big"] + tiny, 2, 1,
     r"the run needs about [\d.]+ MB per rank \(\d+ cells, \d+ dofs on 2 ranks\) but a rank may take 1 MB \(-run_memory_limit\)"),
    # --- end of issue 15 block ---
    # --- issue 15 leftovers ---
    ("cells around beyond PetscInt", ["check", "-problem", "transverse_section", "-mesh_cells_around", "1073741824"], 1, 1,
     r"transverse mesh: [\d.e+]+ mesh points are more than PetscInt \(\d bytes\) can index"),
    ("segment slices beyond PetscInt", ["check", "-problem", "tbm_segment", "-tunnel_stage_length", "1e-6"], 1, 1,
     r"the run would build \d+ cells, \d+ vertices, \d+ dofs: more than PetscInt \(\d bytes\) can index"),
    ("3D width below a millimetre", ["check", "-mesh_dim", "3", "-mesh_width", "1e-300"], 1, 1, r"-mesh_width 1e-300 m: must be >= 0\.001 m"),
    ("cell longer than the model", ["check", "-mesh_cell_size_x", "1e300"], 1, 1,
     r"-mesh_cell_size_x 1e\+300 m: must be in \[0\.001, 107500\.? ?\] m \(the model's length"),
    ("load increment above 1", ["check", "-mech_load_increment_first", "2"], 1, 1, r"-mech_load_increment_first = 2\.?: must be in \(0, 1\]"),
    ("no load increments", ["check", "-mech_load_increments_max", "0"], 1, 1, r"-mech_load_increments_max = 0\.?: must be >= 1"),
    ("heat step shrink 1", ["check", "-problem", "permafrost_thaw", "-heat_dt_shrink", "1"], 1, 1, r"-heat_dt_shrink = 1\.?: must be in \(0, 1\)"),
    ("heat step -2 s", ["check", "-problem", "permafrost_thaw", "-heat_dt_min", "-2"], 1, 1, r"-heat_dt_min = -2\.?: must be > 0 s"),
    # the column's count before the build: 2 x (2 x 1 + 1) x (2 x 10 + 1) Q2 dofs, the run's "[setup] 126 displacement dofs"
    ("consolidation size in check", ["check", "tests/verification/terzaghi.yaml"], 1, 0, r"\[size\]\s+10 cells, 126 dofs \(2D Q2\), 32 stages"),
    # --- end of issue 15 leftovers ---
    ("solver divergence", ["run", "-mech_ksp_max_it", "2", "-mech_fallback_max_dofs", "0", "-output_name", "diverged"] + tiny, 2, 2,
     r"did not converge: DIVERGED_ITS after 2 iterations, and no direct fallback \(-mech_fallback_max_dofs 0"),
    ("solver fallback to LU", ["run", "-mech_ksp_max_it", "2", "-output_name", "fallback"] + tiny, 2, 0,
     r"Krylov solve stopped \(DIVERGED_ITS after 2 iterations\); solving by LU \(MUMPS\) instead"),
    ("substructures < 0", ["run", "-mech_substructures", "-1", "-output_name", "substructures"] + tiny, 1, 1,
     r"-mech_substructures = -1: must be >= 0"),
    ("substructures interface unknown", ["run", "-mech_substructures_interface", "lu", "-output_name", "substructures_lu"] + tiny, 1, 1,
     r"-mech_substructures_interface = lu: must be blocks or mumps"),
    ("substructures skip not a boolean", ["run", "-mech_direct_max_dofs", "1000000", "-mech_substructures", "2", "-mech_substructures_skip_negligible",
                                          "maybe", "-output_name", "skip"] + tiny, 1, 1,
     r"error: command line: -mech_substructures_skip_negligible = maybe: must be true or false"),
    ("checkpoint side files not a boolean", ["run", "-problem", "longitudinal_drive", "-checkpoint_side_files", "maybe",
                                             "-output_name", "side"] + tiny, 1, 1,
     r"error: command line: -checkpoint_side_files = maybe: must be true or false"),
    ("output exists", ["run", "-output_name", "twice"] + tiny, 1, 0, r"\[output\]"),
    ("output exists, no overwrite", ["run", "-output_name", "twice"] + tiny, 1, 1, r"twice\.h5' exists"),
    # Biot consolidation (issue 14): groundwater parameters and the element pair
    ("porosity outside (0, 1)", ["check", "tests/verification/terzaghi.yaml", "-materials_seabed_sediment_porosity", "1.2"], 1, 1,
     r"materials_seabed_sediment_porosity = 1\.2: must be in \(0, 1\)"),
    ("conductivity <= 0", ["check", "tests/verification/terzaghi.yaml", "-materials_seabed_sediment_hydraulic_conductivity", "-1e-7"], 1, 1,
     r"materials_seabed_sediment_hydraulic_conductivity = -1e-07: must be > 0 m/s"),
    ("Biot coefficient <= porosity", ["check", "tests/verification/terzaghi.yaml", "-materials_seabed_sediment_biot_coefficient", "0.3"], 1, 1,
     r"materials_seabed_sediment_biot_coefficient = 0\.3: must be in \(porosity, 1\] = \(0\.4, 1\]"),
    ("Biot with Q1 displacement", ["check", "tests/verification/terzaghi.yaml", "-mech_element_order", "1"], 1, 1,
     r"-mech_element_order = 1: Biot consolidation needs 2"),
    ("layer without groundwater rows", ["check", "tests/verification/terzaghi.yaml", "-materials_file", w + "no_flow_materials.csv", "-consolidation_layer",
                                        "granite"], 1, 1, r"layer 'granite' lacks groundwater parameters .*-materials_granite_porosity"),
    ("Biot fallback limit < 0", ["check", "tests/verification/terzaghi.yaml", "-biot_fallback_max_dofs", "-1"], 1, 1,
     r"-biot_fallback_max_dofs = -1: must be >= 0"),
    ("consolidation layer unknown", ["check", "tests/verification/terzaghi.yaml", "-consolidation_layer", "clay"], 1, 1,
     r"-consolidation_layer = clay: not a layer of the material table"),
    # drainage types and the tide (issue 14)
    ("drainage type unknown", ["check", "-problem", "transverse_section", "-materials_granite_drainage", "partial"], 1, 1,
     r"-materials_granite_drainage = partial: must be one of: default drained undrained consolidation"),
    ("undrained without porosity", ["check", "-problem", "transverse_section", "-materials_file", w + "no_flow_materials.csv", "-materials_granite_drainage",
                                    "undrained"], 1, 1, r"-materials_granite_drainage = undrained: layer 'granite' lacks -materials_granite_porosity"),
    ("consolidation without conductivity", ["check", "tests/verification/terzaghi.yaml", "-materials_file", w + "no_flow_materials.csv",
                                            "-materials_granite_drainage", "consolidation"], 1, 1,
     r"-materials_granite_drainage = consolidation: layer 'granite' lacks -materials_granite_porosity \(-\) or -materials_granite_hydraulic_conductivity"),
    ("consolidation layer in a mechanics problem", ["run", "-problem", "longitudinal_drive", "-output_name", "drainage", "-materials_granite_drainage",
                                                    "consolidation"] + tiny, 2, 1,
     r"-materials_granite_drainage = consolidation: coupled flow runs in -problem consolidation"),
    ("sea level with a drained base", ["check", "tests/verification/terzaghi.yaml", "-flow_drained", "surface,base", "-flow_sea_level", "0,0,3600,1"], 1, 1,
     r"-flow_sea_level with -flow_drained base: the sea's head acts on the seabed \(surface\) only"),
    # groundwater in the transverse section (issue 14)
    ("section: leaky wall without conductivity", ["check", "-problem", "transverse_section", "-flow_model", "consolidation", "-flow_tunnel_wall", "leaky"], 1, 1,
     r"-flow_tunnel_wall leaky needs -flow_lining_conductivity > 0 m/s"),
    ("section: half-plane far field without a wall head", ["check", "-problem", "transverse_section", "-flow_model", "consolidation", "-flow_outer_boundaries",
                                                           "half_plane"], 1, 1, r"-flow_outer_boundaries half_plane needs -flow_tunnel_head"),
    ("section: flow with a uniform initial stress", ["check", "-problem", "transverse_section", "-flow_model", "consolidation", "-initial_stress", "uniform",
                                                     "-initial_stress_components", "-2e6,-2e6,-2e6"], 1, 1, r"-flow_model consolidation needs -initial_stress geostatic"),
    ("section: layer without groundwater rows", ["check", "-problem", "transverse_section", "-flow_model", "consolidation", "-tunnel_chainage",
                                                 "40000", "-materials_file", w + "no_flow_materials.csv"], 1, 1, r"layer 'granite' lacks groundwater parameters .*-materials_granite_porosity"),
    # groundwater in the 3D segment (issue 14)
    ("segment: standstill with a negative duration", ["check", "-problem", "tbm_segment", "-flow_model", "consolidation", "-tunnel_standstill_after_stage",
                                                      "2", "-tunnel_standstill_duration", "-1"], 1, 1,
     r"-tunnel_standstill_duration = -1\.?: must be in \[0, 1e\+?15\] s"),
    ("segment: standstill after a stage beyond the drive", ["check", "-problem", "tbm_segment", "-flow_model", "consolidation",
                                                            "-tunnel_standstill_after_stage", "17"], 1, 1,
     r"-tunnel_standstill_after_stage = 17: must be in \[1, 16\] \(the drive's stages\), increasing"),
    ("segment: standstills not increasing", ["check", "-problem", "tbm_segment", "-flow_model", "consolidation", "-tunnel_standstill_after_stage", "3,2"],
     1, 1, r"-tunnel_standstill_after_stage = 2: must be in \[1, 16\] \(the drive's stages\), increasing"),
    ("segment: standstill durations not one per stage", ["check", "-problem", "tbm_segment", "-flow_model", "consolidation",
                                                         "-tunnel_standstill_after_stage", "1,2,3", "-tunnel_standstill_duration", "1,2"], 1, 1,
     r"-tunnel_standstill_after_stage lists 3 stages, -tunnel_standstill_duration 2 durations: give one for all or one per stage"),
    ("segment: standstill without groundwater", ["check", "-problem", "tbm_segment", "-tunnel_standstill_after_stage", "2"], 1, 1,
     r"-tunnel_standstill_after_stage: a standstill needs -flow_model consolidation"),
    ("segment: standstill steps 0", ["check", "-problem", "tbm_segment", "-flow_model", "consolidation", "-consolidation_standstill_steps", "0"], 1, 1,
     r"-consolidation_standstill_steps = 0: must be in \[1, 1000\]"),
    ("segment: no consolidation steps per stage", ["check", "-problem", "tbm_segment", "-flow_model", "consolidation", "-consolidation_stage_steps", "0"],
     1, 1, r"-consolidation_stage_steps = 0: must be in \[1, 1000\]"),
    # groundwater in the longitudinal drive (issue 14)
    ("drive: drained strip", ["check", "-problem", "longitudinal_drive", "-flow_model", "consolidation", "-flow_tunnel_wall", "drained"], 1, 1,
     r"-flow_tunnel_wall drained: longitudinal_drive takes watertight only \(its strip is a slab of infinite width"),
    ("drive: standstill without flow", ["check", "-problem", "longitudinal_drive", "-tunnel_standstill_after_stage", "2",
                                        "-tunnel_standstill_duration", "86400"], 1, 1,
     r"-tunnel_standstill_after_stage: a standstill needs -flow_model consolidation"),
    ("drive: standstill after the last stage", ["check", "-problem", "longitudinal_drive", "-flow_model", "consolidation",
                                                "-tunnel_standstill_after_stage", "19", "-tunnel_standstill_duration", "86400"], 1, 1,
     r"-tunnel_standstill_after_stage = 19: must be in \[1, 18\] \(the drive's stages\), increasing"),
    ("drive: standstills not increasing", ["check", "-problem", "longitudinal_drive", "-flow_model", "consolidation",
                                           "-tunnel_standstill_after_stage", "2,2"], 1, 1,
     r"-tunnel_standstill_after_stage = 2: must be in \[1, 18\] \(the drive's stages\), increasing"),
    ("drive: standstill durations not one per stage", ["check", "-problem", "longitudinal_drive", "-flow_model", "consolidation",
                                                       "-tunnel_standstill_after_stage", "1,2", "-tunnel_standstill_duration", "1,2,3"], 1, 1,
     r"-tunnel_standstill_after_stage lists 2 stages, -tunnel_standstill_duration 3 durations: give one for all or one per stage"),
    # thaw consolidation (issue 14, permafrost)
    ("ice impedance negative", ["check", "tests/verification/thaw_consolidation.yaml", "-materials_ice_rich_silt_ice_impedance", "-1"], 1, 1,
     r"-materials_ice_rich_silt_ice_impedance = -1\.?: must be in \[0, 20\]"),
    ("thaw column not frozen", ["check", "tests/verification/thaw_consolidation.yaml", "-thaw_consolidation_initial_temperature", "1"], 1, 1,
     r"-thaw_consolidation_initial_temperature = 1\.?, -thaw_consolidation_surface_temperature = 5\.? degC: the first must lie below"),
    ("thaw column layer without groundwater", ["check", "-problem", "thaw_consolidation", "-materials_file", w + "no_flow_materials.csv",
                                               "-thaw_consolidation_layer", "granite"], 1, 1,
     r"layer 'granite' lacks groundwater parameters"),
    ("thaw column steps 0", ["check", "tests/verification/thaw_consolidation.yaml", "-thaw_consolidation_steps", "0"], 1, 1,
     r"-thaw_consolidation_steps = 0: must be in \[1, 100000\]"),
    # thaw consolidation around the tunnel (permafrost_thaw -flow_model consolidation)
    ("permafrost consolidation in 3D", ["check", "-problem", "permafrost_thaw", "-flow_model", "consolidation", "-tunnel_segment_length", "6"],
     1, 1, r"-flow_model consolidation: permafrost_thaw couples the thaw with consolidation on the 2D section only"),
    ("permafrost consolidation Q1", ["check", "-problem", "permafrost_thaw", "-flow_model", "consolidation", "-mech_element_order", "1"], 1, 1,
     r"-mech_element_order = 1: -flow_model consolidation needs 2"),
    ("permafrost consolidation steps 0", ["check", "-problem", "permafrost_thaw", "-flow_model", "consolidation", "-consolidation_steps", "0"],
     1, 1, r"-consolidation_steps = 0: must be in \[1, 10000\]"),
    ("permafrost leaky wall without conductivity", ["check", "-problem", "permafrost_thaw", "-flow_model", "consolidation",
                                                    "-flow_tunnel_wall", "leaky"], 1, 1,
     r"-flow_tunnel_wall leaky needs -flow_lining_conductivity > 0 m/s"),
    ("permafrost consolidation tunnel head", ["check", "-problem", "permafrost_thaw", "-flow_model", "consolidation", "-flow_tunnel_head", "-20"],
     1, 1, r"flow_tunnel_head"),
]


def check(case):
    """Run one row; return (good, its report lines)."""
    name, args, ranks, code, pattern = case
    rc, out = diorun.run(args, np=ranks, check=False)
    good = rc == code and re.search(pattern, out, re.M) is not None and "PETSC ERROR: #" not in out
    errors = [line for line in out.splitlines() if "error:" in line]
    if code == 1:
        good = good and len(errors) == 1  # one line, printed once even on several ranks
    report = "%-28s exit %3d (want %3d)  %s  %s" % (name, rc, code, "ok  " if good else "FAIL", errors[0] if errors else "")
    return good, report + ("" if good else "\n" + out[-3000:])


def check_in_order(group):
    return [check(case) for case in group]


# Rows are independent processes that mostly wait (MPI start-up): run them three at a time. Rows writing the same
# -output_name ("output exists" after its first run) form one group, run in their order.
groups = {}
for case in cases:
    args = case[1]
    key = args[args.index("-output_name") + 1] if "-output_name" in args[:-1] else id(case)
    groups.setdefault(key, []).append(case)
with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
    results = [r for rows in pool.map(check_in_order, groups.values()) for r in rows]
failed = 0
for good, report in results:
    print(report)
    failed += 0 if good else 1
print("%d of %d rows failed" % (failed, len(results)))
sys.exit(1 if failed else 0)
