#!/usr/bin/env python3
"""transverse_section as a preset of the stage engine (issue 17) gives the results of its own stage loop.

Requirement: for each case below (geostatic Bering landfall section with a support pressure and the lining; Kirsch's
uniform far field with the lining; an undrained rock; the Verruijt-Booker wall displacement; groundwater with Biot
consolidation; a Mohr-Coulomb ground), the output's steps and times, the run summary's results, every field of every
output step (its Euclidean norm and its largest magnitude, and the sum of the integer fields) and every column of the
probe CSV files equal the values stored from the transverse section's own stage loop before it became a preset
(data/transverse_preset_reference.json, written by this script with --write on the commit before it; its `strain`
entries since the output gives the strain of the displacement since the initial state, not of the last solve). Tolerance:
1e-7 of the quantity's scale (the field's largest norm over the steps; the column's norm, at least 1e-6 of the file's
largest; the summary's largest value in the same unit), ten times
the solvers' relative tolerance (KSP 1e-8): the preset makes the same solves in the same order, so the measured
differences are 0 on one rank; a change of the stage sequence (another load factor, a stage's stress stored twice or
not at all, a lost load) changes them by 1e-3 or more.
usage: run_transverse_preset.py OUTDIR [--write]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import preset_digest  # noqa: E402

TOL = 1e-7
SMALL = ["-mech_element_order", "1", "-mesh_cells_around", "24", "-mesh_cells_lining", "1"]
UNIFORM = ["-problem", "transverse_section", "-initial_stress", "uniform", "-tunnel_diameter", "12", "-mesh_half_width", "60",
           "-bc_base", "roller", "-bc_ends", "roller", "-bc_surface", "roller"]
CASES = {
    "geostatic": [diorun.source("examples", "bering", "transverse_landfall.yaml"), "-mesh_half_width", "60",
                  "-tunnel_wall_pressure", "2e5"],
    "uniform": UNIFORM + ["-initial_stress_components", "-2e6,-1e6,-0.75e6", "-tunnel_relaxation", "0.5"],
    "undrained": [diorun.source("tests", "verification", "kirsch_undrained.yaml"), "-mesh_half_width", "60",
                  "-initial_stress_components", "-2e6,-1e6,-0.75e6", "-tunnel_lining", "true", "-tunnel_relaxation", "0.3"],
    "verruijt_booker": UNIFORM + ["-initial_stress_components", "0,0,0", "-tunnel_depth", "30", "-tunnel_relaxation", "1",
                                  "-tunnel_lining", "false", "-tunnel_wall_displacement", "verruijt_booker", "-tunnel_ground_loss",
                                  "0.005", "-tunnel_ovalisation", "0.002", "-bc_base", "fixed", "-bc_surface", "free"],
    "groundwater": ["-problem", "transverse_section", "-mesh_half_width", "40", "-flow_model", "consolidation",
                    "-consolidation_steps", "2", "-biot_solver", "direct", "-tunnel_wall_pressure", "1e5", "-mech_element_order", "2",
                    "-mesh_cells_around", "16"],
    "mohr_coulomb": ["-problem", "transverse_section", "-tunnel_chainage", "69000", "-mesh_axis_elevation", "-100", "-mesh_half_width", "48",
                     "-loads_pore_pressure", "false", "-materials_constitutive", "mohr_coulomb", "-materials_metasedimentary_rock_cohesion",
                     "2e4", "-tunnel_wall_pressure", "5e4"],
}
SUMMARY = ["max_surface_settlement_m", "vertical_convergence_m", "horizontal_convergence_m", "lining_thrust_min_N_per_m",
           "lining_thrust_max_N_per_m", "lining_moment_max_Nm_per_m", "cells", "dofs", "solves", "max_plastic_strain"]
CSV = ["trough", "tunnel", "lining", "inflow", "lining_water"]

outdir, write, reference_path = preset_digest.arguments("transverse_preset_reference.json")
results = {}
for case, args in CASES.items():
    name = "preset_" + case
    case_file = args[:1] if args[0].endswith(".yaml") else []  # the case file first, then options (later ones win)
    diorun.run(["run"] + case_file + SMALL + args[len(case_file):] + ["-output_dir", outdir, "-output_name", name, "-output_overwrite", "-progress",
                                                                      "quiet"])
    results[case] = preset_digest.digest(outdir, name, SUMMARY, CSV, summary_prefixes=("inflow", "excess", "wall_water"))
preset_digest.write_or_compare(results, reference_path, write, TOL)
