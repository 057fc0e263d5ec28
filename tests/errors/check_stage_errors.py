#!/usr/bin/env python3
"""Construction stages on an imported mesh (-stages_*): bad input gives one line naming the key, exit 1; also the
consolidation keys (-boundaries_<name>_flow, -stages_<s>_consolidation_steps) on tests/verification/terzaghi_mesh.yaml.

Requirement (issue 17): an unknown region or boundary name, a region excavated while inactive, a stage excavating in
the initial-stress stage, an initial stress after the first stage, a load switched on and off at once, a switched
support (without a flow condition), an empty list (on the command line and in a case file), a duplicated stage, a K0 out of range or with pore
pressure, a release out of range, heat keys without a heat analysis, a boundary with both temperature and flux, a
region without thermal parameters, a thaw stage in several load steps or under plane stress, a held pore pressure (or its time function) on
an impermeable boundary, a bad pore-pressure table, a head (or its table) with a pore pressure or its table, a leaky or watertight wall of an
excavation (-stages_<s>_wall_*) without its lining or with a held pressure, on an impermeable boundary or not finite, a leaky boundary without its lining or a lining without leaky; a
temperature field (-heat_temperature_field, -heat_initial_temperature_field) malformed, with a name it does not know, prescribed
with heat or thaw, with a thermal condition or table, with -heat_steady, not changing with t, with an initial field; an
initial field with a non-zero -heat_initial_temperature, in t, not finite at a node or out of range; a temperature
file (-heat_temperature_field_file) with a formula or a heat analysis, missing, with a wrong header, text or the
wrong number of coordinates: one `diomede: error:` line naming the key (and the case file's line for the case-file checks), no PETSc
trace. Runs `check` (`run` for the K0 checks, made on the built mesh) on tests/verification/staged_column.yaml (mesh made by gmsh; exit 77 without it).
usage: check_stage_errors.py OUTDIR"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir = os.path.abspath(sys.argv[1])
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
mesh = os.path.join(outdir, "staged_column.msh")
subprocess.run([gmsh, "-2", diorun.source("tests", "verification", "meshes", "staged_column.geo"), "-o", mesh], check=True, stdout=subprocess.DEVNULL)
case = ["check", diorun.source("tests", "verification", "staged_column.yaml"), "-mesh_file", mesh]
column = os.path.join(outdir, "freezing_column.msh")
subprocess.run([gmsh, "-2", "-setnumber", "n", "1", diorun.source("tests", "verification", "meshes", "freezing_column.geo"), "-o", column], check=True,
               stdout=subprocess.DEVNULL)
thaw = ["check", diorun.source("tests", "verification", "thaw_column.yaml"), "-mesh_file", column]
terzaghi_mesh = os.path.join(outdir, "terzaghi_column.msh")
subprocess.run([gmsh, "-2", "-setnumber", "n", "4", diorun.source("tests", "verification", "meshes", "terzaghi_column.geo"), "-o", terzaghi_mesh], check=True,
               stdout=subprocess.DEVNULL)
terzaghi = ["check", diorun.source("tests", "verification", "terzaghi_mesh.yaml"), "-mesh_file", terzaghi_mesh]
empty = os.path.join(outdir, "empty_stages.yaml")
with open(empty, "w") as f:
    f.write("problem: mesh\nmesh: {file: %s}\nstages:\n  order: []\n" % mesh)
thermal = case + ["-analysis", "thermal_stress"]
thermal_run = ["run"] + thermal[1:] + ["-stages_load_steps", "1"]  # the errors of a run's set-up
files = {}  # temperature files (-heat_temperature_field_file) with one fault each
fuzzed = (  # (name, content, what the message says after the file's name): one fault each, for the numeric CSV reader
    ("cut", "x,y,temperature\n0,0,1\n1,0\n", r":3: 2 fields: expected 3 \(x,y,temperature\)$"),
    ("nan", "x,y,temperature\n0,0,nan\n", r":2: column 3 \(temperature\): 'nan' is not a finite number$"),
    ("inf", "x,y,temperature\n0,inf,1\n", r":2: column 2 \(y\): 'inf' is not a finite number$"),
    ("long", "x,y,temperature\n0,0,1,2\n", r":2: 4 fields: expected 3 \(x,y,temperature\)$"),
    ("long_header", "x,y,z,temperature,unit\n", r":1: header column 5 is 'unit', one too many \(the header is x,y\[,z\],temperature\)$"),
    ("no_header", "0,0,1\n", r":1: header column 1 is '0', expected 'x' \(the header is x,y\[,z\],temperature; is the header row missing\?\)$"),
    ("empty", "", r": no header row \(x,y\[,z\],temperature\)$"),
    ("header_only", "x,y,temperature\n\n# no rows\n", r": no rows after the header \(x,y\[,z\],temperature\)$"),
    ("crlf", "\ufeffx,y,temperature\r\n0,0,1\r\n1,0,1\r\n1,1,1e999\r\n", r":4: column 3 \(temperature\): '1e999' is not a finite number$"),
)
for name, text in (("header", "a,b,c\n"), ("header3", "# x, y, T\nX, Y, T\n"), ("text", "# a field\nx,y,temperature\n0,0,warm\n"), ("dim", "x,y,z,temperature\n0,0,0,1\n")) + \
        tuple((name, text) for name, text, _ in fuzzed):
    files[name] = os.path.join(outdir, "temperature_%s.csv" % name)
    with open(files[name], "w", encoding="utf-8", newline="") as f:
        f.write(text)
prescribed = thermal + ["-heat_temperature_field", "t"]  # a valid prescribed temperature
cases = [
    # (name, arguments, message regex)
    ("unknown region", case + ["-stages_fill_activate", "fil"], r"-stages_fill_activate: no region 'fil' in .*staged_column\.msh \(its regions: lower, upper, fill\)"),
    ("unknown boundary", case + ["-stages_load_apply", "top"], r"-stages_load_apply: no boundary 'top' in .*\(its boundaries: .*surface"),
    ("excavating an inactive region", case + ["-stages_fill_excavate", "lower", "-stages_load_excavate", "lower"],
     r"-stages_load_excavate: region 'lower' is not active at stage 'load'"),
    ("activating an active region", case + ["-stages_unload_activate", "fill"], r"-stages_unload_activate: region 'fill' is already active at stage 'unload'"),
    ("excavating in the initial-stress stage", case + ["-stages_at_rest_excavate", "upper"],
     r"-stages_at_rest_excavate: the initial-stress stage 'at_rest' sets the state of the regions as they are"),
    ("initial stress after the first stage", case + ["-stages_fill_initial_stress", "gravity"],
     r"-stages_fill_initial_stress: only the first stage sets the initial stress \('fill' is stage 2\)"),
    ("load on and off at once", case + ["-stages_load_remove", "surface"], r"-stages_load_apply and -stages_load_remove both name boundary 'surface'"),
    ("switching a support", case + ["-stages_unload_remove", "left"], r"-stages_unload_remove: boundary 'left' is a support"),
    ("applying a load that is on", case + ["-stages_fill_apply", "surface"], r"-stages_load_apply: boundary 'surface' is already on at stage 'load'"),
    ("keys of a stage not in the list", case + ["-stages_order", "at_rest,fill,unload"], r"unknown keys -stages_load_apply, -stages_load_duration, -stages_load_steps"),
    ("empty list on the command line", case + ["-stages_order", ""], r"-stages_order: the list of stages is empty"),
    ("empty list in a case file", ["check", empty], r"empty_stages\.yaml:4:\d+: -stages_order is empty"),
    ("duplicated stage", case + ["-stages_order", "at_rest,fill,fill"], r"-stages_order: stage 'fill' is listed twice"),
    ("K0 out of range", case + ["-stages_at_rest_k0", "0"], r"-stages_at_rest_k0 = 0\.?: must be in \(0, 10\]"),
    ("K0 with pore pressure", ["run"] + case[1:] + ["-loads_pore_pressure", "true"], r"-stages_at_rest_initial_stress k0: region 'lower' is saturated and -loads_pore_pressure is on"),
    ("stage steps", case + ["-stages_load_steps", "0"], r"-stages_load_steps = 0: must be in \[1, 1000\]"),
    ("release out of range", case + ["-stages_fill_release", "1.5"], r"-stages_fill_release = 1\.5: must be in \(0, 1\]"),
    ("heat key without a heat analysis", case + ["-boundaries_surface_temperature", "5"], r"unknown key -boundaries_surface_temperature"),
    ("temperature and flux on one boundary", case + ["-analysis", "heat", "-boundaries_bottom_temperature", "0", "-boundaries_bottom_heat_flux", "0.1"],
     r"-boundaries_bottom_temperature: one thermal condition per boundary \(temperature, heat flux\)"),
    ("convection without its ambient temperature", case + ["-analysis", "heat", "-boundaries_bottom_heat_transfer_coefficient", "5"],
     r"-boundaries_bottom_heat_transfer_coefficient: convection needs both"),
    ("region without thermal parameters", case + ["-analysis", "heat"], r"-materials_lower_thermal_conductivity: region 'lower' needs a thermal conductivity"),
    ("components with one value", case + ["-stages_at_rest_initial_stress", "components", "-stages_at_rest_k0", "0.5"],
     r"-stages_at_rest_k0: only with -stages_at_rest_initial_stress k0"),
    ("thaw stage in load steps", thaw + ["-stages_quarter_steps", "2"], r"-stages_quarter_steps = 2: with -analysis thaw a stage is one load step"),
    ("thaw under plane stress", thaw + ["-mech_plane_stress"], r"-analysis thaw: not with -mech_plane_stress"),
    # the unstaged run's load steps are not the stage engine's clock: refused, never ignored
    ("load steps in a staged run", case + ["-time_steps", "3"], r"-time_steps: the load steps of a run without stages; with stages, -stages_<name>_duration and _steps set them"),
    # coupled consolidation on an imported mesh (stage_flow.c): flow boundaries by name, stage durations and steps
    ("flow on an unknown boundary", terzaghi + ["-boundaries_topp_flow", "drained"], r"unknown key -boundaries_topp_flow"),
    ("unknown flow condition", terzaghi + ["-boundaries_top_flow", "dry"], r"-boundaries_top_flow = dry: must be one of: impermeable drained"),
    ("negative duration of a consolidation stage", terzaghi + ["-stages_t1_duration", "-1"], r"-stages_t1_duration = -1\.?: must be in \[0, 1e12\) s"),
    ("held pore pressure on an impermeable boundary", terzaghi + ["-boundaries_base_pore_pressure", "0", "-boundaries_base_flow", "impermeable"],
     r"-boundaries_base_pore_pressure with -boundaries_base_flow impermeable: a held pore pressure drains the boundary"),
    ("consolidation steps out of range", terzaghi + ["-stages_t1_consolidation_steps", "0"], r"-stages_t1_consolidation_steps = 0: must be in \[1, 10000\]"),
    # time functions, leaky boundaries and stage switches of the flow conditions (named_flow_boundaries.c)
    ("pore pressure table on an impermeable boundary", terzaghi + ["-boundaries_base_pore_pressure_time_function", "0,0,1,1", "-boundaries_base_flow", "impermeable"],
     r"-boundaries_base_pore_pressure_time_function with -boundaries_base_flow impermeable: a held pore pressure drains the boundary"),
    ("pore pressure table with times not increasing", terzaghi + ["-boundaries_top_pore_pressure_time_function", "0,1,0,2"],
     r"-boundaries_top_pore_pressure_time_function.*increas"),
    ("leaky boundary without its lining", terzaghi + ["-boundaries_top_flow", "leaky", "-boundaries_top_lining_thickness", "0.3"],
     r"-boundaries_top_flow leaky needs -boundaries_top_lining_conductivity in \(0, 1\) m/s \(none given"),
    ("leaky lining of zero thickness", terzaghi + ["-boundaries_top_flow", "leaky", "-boundaries_top_lining_conductivity", "1e-8", "-boundaries_top_lining_thickness", "0"],
     r"-boundaries_top_flow leaky needs -boundaries_top_lining_thickness in \(0, 1000\) m \(got 0"),
    ("lining on a drained boundary", terzaghi + ["-boundaries_top_lining_conductivity", "1e-8"],
     r"-boundaries_top_lining_conductivity: only a leaky boundary \(-boundaries_top_flow leaky\) takes a lining"),
    # a boundary held at a hydraulic head (-boundaries_<name>_head, named_flow_boundaries.c)
    ("non-finite head", terzaghi + ["-boundaries_top_head", "inf"], r"-boundaries_top_head = inf: infinite: give a finite value"),
    ("head and pore pressure on one boundary", terzaghi + ["-boundaries_top_head", "10", "-boundaries_top_pore_pressure", "0"],
     r"-boundaries_top_head and -boundaries_top_pore_pressure: one held pore pressure per boundary"),
    ("head on an impermeable boundary", terzaghi + ["-boundaries_base_head", "10", "-boundaries_base_flow", "impermeable"],
     r"-boundaries_base_head with -boundaries_base_flow impermeable: a held pore pressure drains the boundary"),
    ("head with a pore pressure table", terzaghi + ["-boundaries_top_head", "10", "-boundaries_top_pore_pressure_time_function", "0,0,1,1"],
     r"-boundaries_top_pore_pressure_time_function multiplies -boundaries_top_pore_pressure, not -boundaries_top_head"),
    # a head's time function (-boundaries_<name>_head_time_function) and the wall an excavation exposes
    # (-stages_<s>_wall_*, stage_flow.c)
    ("pore pressure and head tables on one boundary", terzaghi + ["-boundaries_top_pore_pressure_time_function", "0,0,1,1", "-boundaries_top_head_time_function", "0,10,1,11"],
     r"-boundaries_top_pore_pressure_time_function and -boundaries_top_head_time_function: one time function per boundary"),
    ("head table with a pore pressure", terzaghi + ["-boundaries_top_pore_pressure", "0", "-boundaries_top_head_time_function", "0,10,1,11"],
     r"-boundaries_top_head_time_function and -boundaries_top_pore_pressure: one held pore pressure per boundary"),
    ("leaky wall without its lining", terzaghi + ["-stages_t1_wall_flow", "leaky"],
     r"-stages_t1_wall_flow leaky needs -stages_t1_wall_lining_conductivity in \(0, 1\) m/s \(none given"),
    ("held pressure on a watertight wall", terzaghi + ["-stages_t1_wall_flow", "impermeable", "-stages_t1_wall_pore_pressure", "0"],
     r"-stages_t1_wall_pore_pressure with -stages_t1_wall_flow impermeable: a held pore pressure drains the boundary"),
    ("switching a support without a thermal condition", thaw + ["-stages_year_remove", "base"],
     r"-stages_year_remove: boundary 'base' is a support: a stage switches .* a thermal condition \(with heat\)"),
    ("switching an impermeable support", terzaghi + ["-stages_t2_remove", "left"],
     r"-stages_t2_remove: boundary 'left' is a support: a stage switches a pressure, traction or displacement, a flow condition"),
    ("negative checkpoint interval within a consolidation", terzaghi + ["-checkpoint_consolidation_every", "-1"],
     r"-checkpoint_consolidation_every = -1: must be >= 0"),
    # temperature fields (expressions): syntax, misuse, values
    ("malformed temperature field", thermal + ["-heat_temperature_field", "t * (x + 1))"],
     r"-heat_temperature_field: unexpected '\)' at column 12 of 't \* \(x \+ 1\)\)'"),
    ("unknown name in a temperature field", thermal + ["-heat_temperature_field", "t * sinh(x)"],
     r"-heat_temperature_field: unknown name 'sinh' \(variables x, y, z, t; functions .*\) at column 5 of 't \* sinh\(x\)'"),
    ("prescribed temperature with a heat analysis", thaw + ["-heat_temperature_field", "t"],
     r"-heat_temperature_field: a prescribed temperature is for -analysis thermal_stress \(with thaw the heat is solved\)"),
    ("prescribed temperature with a thermal condition", prescribed + ["-boundaries_surface_temperature", "5"],
     r"-heat_temperature_field and -boundaries_surface_temperature: with a prescribed temperature no heat is solved"),
    ("prescribed temperature with a temperature table", prescribed + ["-boundaries_surface_temperature_time_function", "0,0,1,5"],
     r"-heat_temperature_field and -boundaries_surface_temperature_time_function: with a prescribed temperature"),
    ("prescribed temperature with a steady heat", prescribed + ["-heat_steady"],
     r"-heat_temperature_field and -heat_steady: with a prescribed temperature no heat is solved"),
    ("prescribed temperature not changing with t", thermal + ["-heat_temperature_field", "20 + 0.03 * (-y)"],
     r"-heat_temperature_field = '20 \+ 0\.03 \* \(-y\)' does not change with t: its value at t = 0 is the strain-free temperature"),
    ("prescribed temperature with an initial one", prescribed + ["-heat_initial_temperature_field", "1"],
     r"-heat_temperature_field and -heat_initial_temperature_field: the prescribed field at t = 0 is the initial"),
    ("initial field and initial temperature", thaw + ["-heat_initial_temperature_field", "-3 + 0.01 * y"],
     r"-heat_initial_temperature_field and -heat_initial_temperature = -3\.?: give the initial temperature once"),
    ("initial field in t", thaw + ["-heat_initial_temperature", "0", "-heat_initial_temperature_field", "t"],
     r"-heat_initial_temperature_field: 't' is not a variable here \(only x, y, z\) at column 1 of 't'"),
    ("temperature file and formula", prescribed + ["-heat_temperature_field_file", files["text"]],
     r"-heat_temperature_field and -heat_temperature_field_file: give the prescribed temperature once"),
    ("temperature file with a heat analysis", thaw + ["-heat_temperature_field_file", files["text"]],
     r"-heat_temperature_field_file: a prescribed temperature is for -analysis thermal_stress \(with thaw the heat is solved\)"),
    ("temperature file missing", thermal + ["-heat_temperature_field_file", "no_such_field.csv"],
     r"-heat_temperature_field_file: cannot read 'no_such_field\.csv': No such file or directory"),
    ("temperature file header", thermal + ["-heat_temperature_field_file", files["header"]],
     r"-heat_temperature_field_file: .*temperature_header\.csv:1: header column 1 is 'a', expected 'x' \(the header is x,y\[,z\],temperature; is"),
    ("temperature file header, column 3", thermal + ["-heat_temperature_field_file", files["header3"]],
     r"-heat_temperature_field_file: .*temperature_header3\.csv:2: header column 3 is 'T', expected 'z' or 'temperature' \(the header is x,y\[,z\],temperature\)$"),
    ("temperature file text", thermal + ["-heat_temperature_field_file", files["text"]],
     r"-heat_temperature_field_file: .*temperature_text\.csv:3: column 3 \(temperature\): 'warm' is not a number$"),
    ("temperature file of another dimension", thermal_run + ["-heat_temperature_field_file", files["dim"]],
     r"-heat_temperature_field_file: .*temperature_dim\.csv has 3 coordinates a row: the mesh has 2"),
] + [("temperature file, " + name, thermal + ["-heat_temperature_field_file", files[name]],
       r"^diomede: error: -heat_temperature_field_file: .*temperature_%s\.csv%s" % (name, pattern)) for name, _, pattern in fuzzed] + [
    ("initial field not finite at a node", ["run"] + thaw[1:] + ["-heat_initial_temperature", "0", "-heat_initial_temperature_field", "log(-y)"],
     r"-heat_initial_temperature_field = 'log\(-y\)': the value -?inf is not finite at x = [-0-9.e]+, y = 0, z = 0$"),
    ("initial field out of range", ["run"] + thaw[1:] + ["-heat_initial_temperature", "0", "-heat_initial_temperature_field", "2000 - y"],
     r"-heat_initial_temperature_field = '2000 - y': 2000\.? \.\. [0-9.e+]+ degC at t = 0\.? s: must be in \(-100, 1000\) degC"),
]
for name, args, pattern in cases:
    code, out = diorun.run(args + ["-output_dir", outdir], np=1, check=False)
    lines = [l for l in out.splitlines() if l.startswith("diomede: error:")]
    ok = code == 1 and len(lines) == 1 and re.search(pattern, lines[0]) is not None and "PETSC ERROR: #" not in out
    diorun.expect(ok, "%s (exit %d): %s" % (name, code, lines[0] if lines else out.strip().splitlines()[-1:] or ""))
sys.exit(1 if diorun.failures else 0)
