#!/usr/bin/env python3
"""longitudinal_drive as a preset of the stage engine (issue 17) gives the results of its own stage loop.

Requirement: for each case below (the Bering drive example on a coarse section; the layered column of
verification.replaced_strip with Q2 elements, in 3D, and with undrained sediment; a run stopped by SIGINT during its
third output step, then its -restart on 2 ranks; the coupled drive (-flow_model consolidation) of
examples/bering/drive_consolidation.yaml on a small section, with a standstill, and the same killed within stage 1's
consolidation then restarted on 2 ranks; its restart within a standstill: mpi.drive_flow_restart),
the output's steps and times, the run summary's results, every field of every output step (Euclidean norm and largest
magnitude, the sum of the integer fields), every column of _settlement.csv, _drive.csv (and _inflow.csv,
_lining_water.csv), and the log's progress, probe, checkpoint and standstill lines (CG's iteration counts removed)
equal the values stored from drive.c's own stage loops before they became presets (data/drive_preset_reference.json, written by this script with
--write by the binary of the commit before it; since session 12 the position of the largest settlement is the
westernmost of the points within 1e-9 of it, so where the whole column ties (column_q2, undrained) it is x = 0, not
the point round-off had picked). Tolerance: 1e-9 of the quantity's scale (the field's largest norm over
the steps; the column's norm, at least 1e-6 of the file's largest; the summary's largest value in the same unit) with
the mechanics solved to -mech_ksp_rtol 1e-12: the preset makes the same solves in the same order; in 2D each is a
Cholesky factorisation (measured difference 0), in 3D CG starts the first excavation stage from the geostatic
displacement (the engine's one vector) where the former loop started it from zero, a difference within the solver's
tolerance; a change of the stage sequence (a stage solved incrementally instead of from the geostatic state, a strip
replaced twice or with its stress) changes them by 1e-3 or more.
usage: run_drive_preset.py OUTDIR [--write]"""
import os
import re
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import preset_digest  # noqa: E402

TOL = 1e-9
COLUMN = [diorun.source("tests", "verification", "geostatic_column.yaml"), "-problem", "longitudinal_drive", "-tunnel_x_start", "0",
          "-tunnel_x_end", "1000", "-tunnel_stage_length", "250", "-tunnel_diameter", "12"]
EXAMPLE = [diorun.source("examples", "bering", "drive_longitudinal.yaml"), "-mesh_cell_size_x", "1000", "-mesh_cell_size_fine", "10",
           "-mesh_base_elevation", "-400", "-tunnel_stage_length", "20000", "-mech_ksp_rtol", "1e-12"]
STOPPED = ["-problem", "longitudinal_drive", "-mesh_x_min", "30000", "-mesh_x_max", "34000", "-mesh_cell_size_x", "500",
           "-tunnel_x_start", "30000", "-tunnel_x_end", "34000", "-tunnel_stage_length", "1000", "-checkpoint_every", "1"]
COUPLED = [diorun.source("examples", "bering", "drive_consolidation.yaml"), "-mesh_x_min", "66000", "-mesh_x_max", "72000",
           "-mesh_cell_size_x", "250", "-mesh_cell_size_fine", "6", "-mesh_base_elevation", "-300", "-mesh_cells_above_band", "4",
           "-tunnel_x_start", "67000", "-tunnel_x_end", "71000", "-consolidation_stage_steps", "1", "-consolidation_time_end", "864000",
           "-consolidation_steps", "1", "-mech_ksp_rtol", "1e-12", "-biot_solver", "direct", "-consolidation_standstill_steps", "2"]
CASES = {
    "example": EXAMPLE,
    "column_q2": COLUMN + ["-mech_element_order", "2"],
    "column_3d": COLUMN + ["-mesh_dim", "3", "-mesh_cell_size_y", "500"],
    "undrained": COLUMN + ["-materials_seabed_sediment_drainage", "undrained", "-materials_seabed_sediment_porosity", "0.4"],
    "stopped": STOPPED,
    "coupled": COUPLED,
    "coupled_killed": COUPLED + ["-consolidation_stage_steps", "2"],
}
SIGNAL = {"stopped": "3:%d" % signal.SIGINT}  # SIGINT as the solve of output step 3 starts: stops after it
KILL = {"coupled_killed": "3"}  # killed while writing output step 3, stage 1's second consolidation step
SUMMARY = ["stages", "max_settlement_m", "x_of_max_settlement_m", "cells", "dofs", "solves", "stopped_on_signal",
           "advance_rate_m_per_day", "standstills", "flow_tunnel_wall", "consolidation_settlement_m", "consolidation_time_end_s"]
PREFIXES = ("tunnel_inflow", "excess_pore_pressure", "lining_water", "surface_settlement")
LOG = ["face at x", "max seabed/ground settlement", "[stop]", "[restart]", "[checkpoint]", "[standstill]"]

outdir, write, reference_path = preset_digest.arguments("drive_preset_reference.json")
results = {}


def digest(name, log):
    """The run's digest; its log without CG's iteration counts (3D: the first guess differs, see above)."""
    log = re.sub(r"KSP +[0-9]+ its", "KSP its", log.replace(outdir, "OUTDIR"))
    return preset_digest.digest(outdir, name, SUMMARY, ["settlement", "drive", "inflow", "lining_water"], summary_prefixes=PREFIXES, log=log,
                                log_patterns=LOG)


for case, args in CASES.items():
    name = "preset_" + case
    case_file = args[:1] if args[0].endswith(".yaml") else []  # the case file first, then options (later ones win)
    run = ["run"] + case_file + args[len(case_file):] + ["-output_dir", outdir, "-output_name", name, "-output_overwrite"]
    if case in SIGNAL:
        os.environ["DIO_TEST_SIGNAL_IN_SOLVE"] = SIGNAL[case]
    if case in KILL:
        os.environ["DIO_TEST_KILL_IN_STEP"] = KILL[case]
    rc, log = diorun.run(run, check=case not in SIGNAL and case not in KILL)
    os.environ.pop("DIO_TEST_SIGNAL_IN_SOLVE", None)
    os.environ.pop("DIO_TEST_KILL_IN_STEP", None)
    diorun.expect(rc != 0 if case in KILL else rc == (75 if case in SIGNAL else 0), "%s: exit code %d" % (case, rc))
    if case not in KILL:
        results[case] = digest(name, log)
    if case in SIGNAL or case in KILL:
        # the stopped (killed) run continued from its checkpoint on 2 ranks: its output and probes continued to the end
        _, log = diorun.run(run + ["-restart", "latest"], np=2)
        results[case + "_restart"] = digest(name, log)
preset_digest.write_or_compare(results, reference_path, write, TOL)
