#!/usr/bin/env python3
"""Imported meshes: bad Gmsh files and bad boundary keys give one line naming the file, group, cell or key, exit 1.

Requirement (issue 17): unknown or missing names, elements of the wrong dimension (triangles where quadrilaterals are
needed), mixed cell types, cells of order 3 (16-node quadrilaterals), cells in no named group, inverted cells, an inclined roller with a prescribed displacement: a clear one-line error, on every rank
(the inverted cell is found on rank 0 and reported collectively: run on 2 ranks). Meshes: tests/errors/data/gmsh/.
usage: check_gmsh_errors.py OUTDIR"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir = sys.argv[1]
data = "tests/errors/data/gmsh/"
case = ["check", data + "two_squares.yaml"]
os.makedirs(outdir, exist_ok=True)
# time function files (-boundaries_slope_time_function_file) with one fault each: the reader of numeric CSV files
# (io/numeric_table.c) names the key, the file, the line and the column
ramps = {}
for name, text in (("cut", "time,factor\n0,0\n10\n"), ("text", "time,factor\n0,0\n10,full\n"), ("nan", "time,factor\n0,nan\n"),
                   ("inf", "time,factor\n0,0\n1e400,1\n"), ("long", "time,factor\n0,0,1\n"), ("no_header", "0,0\n10,1\n"), ("empty", ""),
                   ("header_only", "# nothing yet\ntime,factor\n"), ("crlf", "\ufefftime,factor\r\n\r\n0,0\r\n10,1 MPa\r\n")):
    ramps[name] = os.path.join(outdir, "ramp_%s.csv" % name)
    with open(ramps[name], "w", encoding="utf-8", newline="") as f:
        f.write(text)
consolidation = ["-materials_rock_drainage", "consolidation", "-materials_rock_porosity", "0.3", "-materials_rock_hydraulic_conductivity", "1e-8"]
cases = [
    # (name, arguments, ranks, message regex)
    ("group name with a space", case + ["-mesh_file", data + "badname.msh"], 1, r"badname\.msh': physical group 'left wall': a name may hold only letters"),
    ("cell in no named group", case + ["-mesh_file", data + "unlabelled.msh"], 2, r"unlabelled\.msh': cell \d+ at \([\d.]+, [\d.]+, 0\.?\) m is in no named physical group"),
    ("mixed cell types", case + ["-mesh_file", data + "mixed.msh"], 1, r"mixed\.msh': mixed cell types \(\w+ and \w+\): one type per mesh"),
    ("cubic cells", case + ["-mesh_file", data + "cubic.msh"], 2,
     r"cubic\.msh': quadrilaterals with 16 nodes \(a mesh of order 3 or more\): diomede reads linear and quadratic cells"),
    ("inverted cell", case + ["-mesh_file", data + "inverted.msh"], 2, r"inverted\.msh': inverted cell 0 at \(0\.25, 0\.25, 0\.?\) m: its Jacobian changes sign"),
    ("inclined roller with a prescribed displacement", case + ["-mesh_file", data + "inclined.msh", "-boundaries_slope_type", "roller",
     "-boundaries_base_type", "displacement", "-boundaries_base_value", "0,0"], 2,
     r"-boundaries_slope_type roller on inclined or curved faces and -boundaries_base_type displacement: not supported together yet"),
    ("unknown boundary name", case + ["-boundaries_slop_type", "fixed"], 1, r"unknown key -boundaries_slop_type"),
    ("unknown material name", case + ["-materials_rok_youngs_modulus", "1e9"], 1, r"unknown key -materials_rok_youngs_modulus"),
    ("pressure without a value", case + ["-boundaries_slope_type", "pressure"], 1, r"-boundaries_slope_value: pressure needs one value \(Pa\), 0 given"),
    ("traction with one component", case + ["-boundaries_slope_type", "traction", "-boundaries_slope_value", "1e5"], 1,
     r"-boundaries_slope_value: traction needs 2 components \(a 2D mesh\), 1 given"),
    ("components of a roller", case + ["-boundaries_left_components", "x"], 1, r"-boundaries_left_components: only a fixed boundary takes components"),
    ("unknown component", case + ["-boundaries_base_components", "w"], 1, r"-boundaries_base_components: 'w' is no component of a 2D mesh \(x, y\)"),
    ("value on a roller", case + ["-boundaries_left_value", "1"], 1, r"-boundaries_left_value: a roller boundary takes no value"),
    ("missing mesh file", case + ["-mesh_file", "no/such.msh"], 2, r"-mesh_file 'no/such\.msh': cannot open the file"),
    ("no mesh file", ["check", "-problem", "mesh"], 1, r"-problem mesh needs -mesh_file"),
    # drainage types on imported meshes (stage_drainage.c): undrained runs; what it cannot honour is refused
    ("consolidation region with Q1 displacement", case + consolidation, 1,
     r"-materials_rock_drainage = consolidation: needs -mech_element_order 2 \(Q2 or P2 displacement with Q1 or P1 pressure\)"),
    # triangles take part since P2-P1 (run_mesh_terzaghi_simplex.py); with P1 displacement refused alike
    ("consolidation region on P1 triangles", case + consolidation + ["-mesh_file", data + "good_triangles.msh"], 1,
     r"-materials_rock_drainage = consolidation: needs -mech_element_order 2 \(Q2 or P2 displacement with Q1 or P1 pressure\)"),
    ("consolidation region without an initial-stress stage", case + consolidation + ["-mech_element_order", "2"], 1,
     r"-materials_rock_drainage = consolidation: the first stage must set the initial stress"),
    ("undrained region in plane stress", case + ["-materials_rock_drainage", "undrained", "-materials_rock_porosity", "0.3", "-mech_plane_stress"], 1,
     r"-materials_rock_drainage = undrained: not with -mech_plane_stress"),
    ("undrained region with load steps", case + ["-materials_rock_drainage", "undrained", "-materials_rock_porosity", "0.3", "-time_steps", "2"], 1,
     r"-time_steps: a run with an undrained or consolidation region runs by stages"),
    ("undrained elastoplastic region", case + ["-materials_rock_drainage", "undrained", "-materials_rock_porosity", "0.3", "-materials_rock_constitutive",
     "mohr_coulomb", "-materials_rock_cohesion", "1e5", "-materials_rock_friction_angle", "30"], 1,
     r"-materials_rock_drainage = undrained: the region is elastoplastic \(mohr_coulomb\)"),
    ("inclined roller, elastoplastic layer", case + ["-mesh_file", data + "inclined.msh", "-boundaries_slope_type", "roller", "-materials_rock_constitutive",
     "mohr_coulomb", "-materials_rock_cohesion", "1e5", "-materials_rock_friction_angle", "30"], 1,
     r"-boundaries_slope_type roller on inclined or curved faces: elastic layers only, and 'rock' is mohr_coulomb"),
    # time functions (io/time_function.c, load_steps.c): pairs, increasing times, files checked by line and column
    ("time function, odd count", case + ["-boundaries_slope_type", "pressure", "-boundaries_slope_time_function", "0,0,10"], 1,
     r"-boundaries_slope_time_function: 3 values: a time function is pairs time \(s\), factor"),
    ("time function on a roller", case + ["-boundaries_left_time_function", "0,0,10,1"], 1,
     r"-boundaries_left_time_function: a roller boundary has no value to vary in time"),
    ("time function file, bad row", case + ["-boundaries_slope_type", "pressure", "-boundaries_slope_time_function_file", data + "bad_ramp.csv"], 2,
     r"bad_ramp\.csv:5: column 1 \(time\): 5 is not after 10 \(line 4\): times must increase"),
    # fuzz-like files: a cut row, text, NaN, an overflow, a long row, no header, nothing, a header only, CRLF after a byte-order mark
    ] + [("time function file, " + name, case + ["-boundaries_slope_type", "pressure", "-boundaries_slope_time_function_file", ramps[name]], 1,
          r"^diomede: error: -boundaries_slope_time_function_file: .*ramp_%s\.csv%s" % (name, pattern)) for name, pattern in (
        ("cut", r":3: 1 field: expected 2 \(time,factor\)$"),
        ("text", r":3: column 2 \(factor\): 'full' is not a number$"),
        ("nan", r":2: column 2 \(factor\): 'nan' is not a finite number$"),
        ("inf", r":3: column 1 \(time\): '1e400' is not a finite number$"),
        ("long", r":2: 3 fields: expected 2 \(time,factor\)$"),
        ("no_header", r":1: header column 1 is '0', expected 'time' \(the header is time,factor; is the header row missing\?\)$"),
        ("empty", r": no header row \(time,factor\)$"),
        ("header_only", r": no rows after the header \(time,factor\)$"),
        ("crlf", r":4: column 2 \(factor\): '1 MPa' is not a number$"))] + [
    ("load steps without an end time", case + ["-time_steps", "3"], 1, r"-time_steps = 3 needs -time_end > 0 s"),
    ("load steps with stages", case + ["-time_end", "10", "-stages_order", "a"], 1, r"-time_end: the load steps of a run without stages"),
]
for name, args, ranks, pattern in cases:
    code, out = diorun.run(args + ["-output_dir", outdir], np=ranks, check=False)
    lines = [l for l in out.splitlines() if l.startswith("diomede: error:")]
    ok = code == 1 and len(lines) == 1 and re.search(pattern, lines[0]) is not None and "PETSC ERROR: #" not in out
    diorun.expect(ok, "%s (exit %d): %s" % (name, code, lines[0] if lines else out.strip().splitlines()[-1:] or ""))
sys.exit(1 if diorun.failures else 0)
