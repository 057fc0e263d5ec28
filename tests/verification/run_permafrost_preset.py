#!/usr/bin/env python3
"""permafrost_thaw as a preset of the stage engine (issue 17) gives the results of its own loop.

Requirement: for each case below (the Wales landfall example: land surface, fresh pore water; an offshore section at
20 km: seabed, saline pore water, a warmer tunnel; the 3D segment, 6 m in 2 slices; a run stopped by SIGINT during its second output step,
whose output and _thaw.csv hold the steps done), the output's steps and times, the run summary (numbers and the pore
water), every field of every output step (Euclidean norm and largest magnitude, the sum of the integer fields), every
column of _thaw.csv and the log's key lines (steady state, thaw depth and energy per output time; timings removed)
equal the values stored from permafrost.c's own loop before it became a preset (data/permafrost_preset_reference.json,
written by this script with --write by the binary of commit b2a40df; its `strain` entries since the output gives the
strain of the displacement since the initial state, not of the last solve; the stopped run's [stop] line that of its
checkpoint since the preset has them, its folder written OUTDIR; the restart: mpi.permafrost_restart), with the thaw's strains per cell (-thaw_strain_points cells: the rule of that
loop; since issue 17 the default evaluates them at the quadrature points). The default rule's own digest,
landfall_points (the landfall case without -thaw_strain_points), was recorded by issue 17's commit with its argument
(verification.thaw_strain_points: per point and per cell converge to the same fields, their difference falling like
h^2 in the displacement; per point nearer the refined fields); on this 16-cells-around mesh it differs from the
per-cell landfall in the digest's norms by 0.35 % (displacement) and 1.2 % (stress), pointwise by up to 1.1 % of the
largest displacement and 5.6 % of the largest stress, the largest settlement at 2 years 16.351 mm against 16.310 mm;
its thaw_strain (the cell mean), thaw depth and temperature not at all. Tolerance: 1e-9 of the quantity's scale (the field's largest norm over
the steps, the column's norm, the summary's largest value in the same unit), with the mechanics solved to
-mech_ksp_rtol 1e-12: the preset makes the same solves in the same order, but CG starts the bore from the geostatic
displacement and the first thaw state from the bore's (the engine's one vector) where the former loop started them
from zero and from the geostatic displacement, so they differ within the solver's tolerance (measured: 6e-11 at most,
in the ratio of horizontal to vertical stress); a change of the stage sequence (the thaw solved incrementally instead
of from the post-excavation state, the wall temperature or a stage's stress lost) changes them by 1e-3 or more.
usage: run_permafrost_preset.py OUTDIR [--write]"""
import os
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import preset_digest  # noqa: E402

TOL = 1e-9
SMALL = ["-mesh_cells_around", "16", "-mesh_half_width", "40", "-thaw_years", "2", "-output_times", "1,2", "-mech_ksp_rtol", "1e-12"]
CASES = {
    "landfall": [diorun.source("examples", "bering", "permafrost_landfall.yaml")],
    "seabed": ["-problem", "permafrost_thaw", "-tunnel_chainage", "20000", "-tunnel_air_temperature", "15"],
    "segment": ["-problem", "permafrost_thaw", "-tunnel_segment_length", "6", "-tunnel_segment_slices", "2"],
    "stopped": ["-problem", "permafrost_thaw"],
    "landfall_points": [diorun.source("examples", "bering", "permafrost_landfall.yaml")],
}
PER_CELL = ["-thaw_strain_points", "cells"]  # the former loop's rule; landfall_points: the default, per point
SIGNAL = {"stopped": "1:%d" % signal.SIGINT}  # SIGINT as the solve of output step 1 starts: stops after it
SUMMARY = ["thaw_years", "pore_water", "steady_frozen_thickness_m", "profile_permafrost_base_depth_m",
           "thaw_depth_from_wall_m", "max_thaw_settlement_m", "energy_balance_relative_error", "cells", "dofs", "solves",
           "stopped_on_signal"]
LOG = ["[heat]", "thaw depth from the bore wall", "[stop]"]

outdir, write, reference_path = preset_digest.arguments("permafrost_preset_reference.json")
results = {}
for case, args in CASES.items():
    name = "preset_" + case
    if case in SIGNAL:
        os.environ["DIO_TEST_SIGNAL_IN_SOLVE"] = SIGNAL[case]
    rc, log = diorun.run(["run"] + args + SMALL + (PER_CELL if case != "landfall_points" else []) + ["-output_dir", outdir, "-output_name", name, "-output_overwrite"], check=case not in SIGNAL)
    os.environ.pop("DIO_TEST_SIGNAL_IN_SOLVE", None)
    diorun.expect(rc == (75 if case in SIGNAL else 0), "%s: exit code %d" % (case, rc))
    results[case] = preset_digest.digest(outdir, name, SUMMARY, ["thaw"], log=log.replace(outdir, "OUTDIR"), log_patterns=LOG)
preset_digest.write_or_compare(results, reference_path, write, TOL)
