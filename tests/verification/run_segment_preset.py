#!/usr/bin/env python3
"""tbm_segment as a preset of the stage engine (issue 17) gives the results of its own stage loop.

Requirement: for each case below (the drained segment in elastic ground, with the lining reaching the section of its
lining forces; Mohr-Coulomb ground with the shield gap's pressure; the coupled segment, -flow_model consolidation, one stage lined at
once with a standstill after it), the output's steps and times, the run summary's results, every field of every
output step (its Euclidean norm and its largest magnitude, and the sum of the integer fields) and every column of the
probe CSV files (_longitudinal, _lining, _inflow, _lining_water) equal the values stored from the segment's own stage
loop before it became a preset (data/segment_preset_reference.json, written by this script with --write on the commit
before it). Tolerance: 1e-7 of the quantity's scale (the field's largest norm over the steps; the column's norm, at
least 1e-6 of the file's largest; the summary's largest value in the same unit), ten times the solvers' relative
tolerance (KSP 1e-8): the preset makes the same solves in the same order; a change of the stage sequence (a ring lined
a stage early or late, a pressure face lost, a stage's stress stored twice) changes them by 1e-3 or more.
usage: run_segment_preset.py OUTDIR [--write]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import preset_digest  # noqa: E402

TOL = 1e-7
DRAINED = [diorun.source("examples", "bering", "tbm_segment.yaml"), "-mesh_cells_around", "16", "-mesh_cells_lining", "1",
           "-mesh_half_width", "24", "-mesh_growth", "2", "-tunnel_segment_length", "24", "-tunnel_stage_length", "6",
           "-tunnel_drive_length", "18", "-tunnel_shield_length", "3", "-tunnel_grout_length", "3"]
CASES = {
    # the section at 9 m (slice 1) lined in stage 3
    "elastic": DRAINED,
    "mohr_coulomb": DRAINED + ["-materials_constitutive", "mohr_coulomb", "-mech_load_increments_max", "100"],
    # one 6 m stage lined at once (no shield, no tail void), a day's standstill after it, 30 days after the drive
    "consolidation": [diorun.source("examples", "bering", "tbm_segment_consolidation.yaml"), "-mesh_cells_around", "16",
                      "-mesh_cells_lining", "1", "-mesh_half_width", "24", "-mesh_growth", "2", "-tunnel_segment_length", "12",
                      "-tunnel_stage_length", "6", "-tunnel_drive_length", "6", "-tunnel_shield_length", "0",
                      "-tunnel_grout_length", "0", "-consolidation_stage_steps", "1", "-consolidation_steps", "1",
                      "-tunnel_standstill_after_stage", "1", "-consolidation_standstill_steps", "1", "-biot_solver", "direct"],
}
SUMMARY = ["stages", "max_surface_settlement_m", "lining_section_x_m", "lining_thrust_min_N_per_m", "lining_thrust_max_N_per_m",
           "lining_moment_max_Nm_per_m", "cells", "dofs", "solves", "max_plastic_strain", "standstills"]
CSV = ["longitudinal", "lining", "inflow", "lining_water"]

outdir, write, reference_path = preset_digest.arguments("segment_preset_reference.json")
results = {}
for case, args in CASES.items():
    name = "preset_" + case
    diorun.run(["run"] + args + ["-output_dir", outdir, "-output_name", name, "-output_overwrite", "-progress", "quiet"])
    results[case] = preset_digest.digest(outdir, name, SUMMARY, CSV,
                                         summary_prefixes=("inflow", "excess", "wall_water", "face_", "grout_", "consolidation"))
preset_digest.write_or_compare(results, reference_path, write, TOL)
