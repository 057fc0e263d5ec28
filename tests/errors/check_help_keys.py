#!/usr/bin/env python3
"""What the help says exists is accepted (issue 15).

Requirement: for every problem, `diomede run -problem P -help` exits 0, and every key its diomede part names (the
lines from "Problem:" on: the keys it lists and the keys their texts and the closing note mention) is accepted by
`diomede check -problem P` with a valid value: a listed key with the value the help shows for it (its current value;
booleans as true/false; a key whose value is empty, or a sentinel such as -run_memory_limit's -1 (the machine's) or
a layer's groundwater parameters where the table has none (0), gets a valid one), a key mentioned but not listed with the value
another problem's help shows for it, or, for solver keys the check pass does not create, a value from the table
below. A mention ending in `_*` must be the prefix of a listed key. A key that is not accepted fails the test,
named. Every key whose value is a real (a physical quantity) names its unit in parentheses ("(m)", "(Pa, ...)", "(-)"
when it has none) and its default (PETSc's "<now : default>", or "default" in its text); -problem mesh (help
read with a case file naming a mesh) is checked for that only. Also: `-initial_stress uniform` without `-initial_stress_components` is an input error (exit 1) naming that
key. PETSc's own part of the help (before "Problem:") is PETSc's and is not tried.
usage: check_help_keys.py [PROBLEM ...]"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

problems = sys.argv[1:] or ["geostatic", "longitudinal_drive", "transverse_section", "tbm_segment", "permafrost_thaw", "thaw_consolidation",
                            "consolidation", "mesh"]
# the help of these is checked for units only: -problem mesh's lists PETSc's mesh-reader keys (-dm_view, ...) after
# "Problem:" and placeholders for a named boundary's components that its condition type decides
units_only = {"mesh"}
# a problem's help lists the keys of its inputs: an imported mesh's names come from the mesh (a case file names one)
cases = {"mesh": ["tests/errors/data/gmsh/two_squares.yaml"]}
# valid values for keys whose help shows an empty value, and for the solver keys read only when a solve starts
# (-initial_stress_components: the help shows the first of its three values), and a key for each PETSc solver prefix
known = {"mesh_profile": "data/bering_profile.csv", "materials_file": "data/materials.csv", "restart": None, "help": None,
         "initial_stress_components": "0,0,0", "mech_fallback_max_dofs": "1000"}
# keys whose help shows a sentinel, not a value (the machine's memory; a layer without groundwater data): a valid one
known["run_memory_limit"] = "64"
known["column_depth"] = "1"  # 0: the column's width
# the tide (a time function: empty unless given): pairs inline; its CSV form is the alternative (both together is an
# error), skipped here as -help is (the file reader: the io_time_function unit tests)
known["flow_sea_level"] = "0,0,3600,1"
known["flow_sea_level_file"] = None
# keys a problem lists from a block it shares with others but refuses, as its README entry says: the longitudinal
# drive's strip is watertight only, and a wall head needs a drained wall
refused = {("longitudinal_drive", "flow_tunnel_head")}
sentinel_suffixes = (("_porosity", "0.3"), ("_hydraulic_conductivity", "1e-7"), ("_hydraulic_conductivity_horizontal", "1e-7"),
                     ("_hydraulic_conductivity_vertical", "1e-7"))
solver_prefixes = {"mech_ksp_": ("mech_ksp_rtol", "1e-9"), "mech_pc_": ("mech_pc_type", "gamg"), "mech_snes_": ("mech_snes_rtol", "1e-9")}
line_re = re.compile(r"^  -([a-z][a-z0-9_]*)(:?) <(?:now )?([^:>]*?)(?: : (?:formerly )?[^>]*)?>:? ?(.*)$")
mention_re = re.compile(r"(?<![\w-])-([a-z][a-z0-9_]*[a-z0-9])(_\*)?")


def parse(text):
    """The listed keys with their shown values and the mentioned keys (with _* prefixes) of diomede's help part."""
    listed, mentioned, prefixes = {}, set(), set()
    part = text[text.index("\nProblem:"):]
    for line in part.splitlines():
        m = line_re.match(line)
        if m:
            key, is_bool, value, rest = m.groups()
            listed[key] = value.strip().lower() if is_bool else value.strip()
            line = rest
        for mm in mention_re.finditer(line):
            (prefixes if mm.group(2) else mentioned).add(mm.group(1) + ("_" if mm.group(2) else ""))
    return listed, mentioned, prefixes


# a unit in parentheses, first or after "; " or ", " ("(m)", "(Pa, compression negative)", "(-; 1: uniform)")
unit_re = re.compile(r"\((?:[^()]*?[;,] )?(-|%|m|m2|mm|km|Pa|kPa|MPa|GPa|N/m|Nm/m|kg/m3|degC|K|1/K|1/Pa|Pa/K|Pa/m|s|d|min|years?|m/s|m/s2|m/day"
                     r"|W/m/K|W/m2|mW/m2|J/kg/K|J/m3/K|J/m3|J/kg|W/m3|GB|degrees|Pa s)(?=[),; ])")
real_re = re.compile(r"^-?(\d+\.\d*|\d*\.\d+|\d+(\.\d*)?e[-+]?\d+|inf|nan)(,.*)?$", re.I)


def units(problem, text):
    """Every key of diomede's help whose value is a real (a physical quantity) names its unit and its default: PETSc's
    "<now : default>" or the word in the text. A key's text may go on over indented lines."""
    entries, missing = [], []
    for line in text[text.index("\nProblem:"):].splitlines():
        m = line_re.match(line)
        if m:
            entries.append([m.group(1), m.group(2), m.group(3), " : " in line.split(">")[0], m.group(4)])
        elif entries and line.startswith("    "):
            entries[-1][4] += " " + line.strip()
    checked = 0
    for key, is_bool, value, shows_default, rest in entries:
        if is_bool or not real_re.match(value.strip()):
            continue
        checked += 1
        if unit_re.search(rest) is None:
            missing.append("-%s names no unit: '%s'" % (key, rest[:100]))
        if not shows_default and "default" not in rest:
            missing.append("-%s names no default: '%s'" % (key, rest[:100]))
    expect(checked > 20 and not missing, "%s: %d real-valued keys name their unit and default%s" % (problem, checked, "".join("\n      " + m for m in missing)))


helps = {}
for problem in problems:
    rc, text = diorun.run(["run"] + cases.get(problem, []) + ["-problem", problem, "-help"], check=False)
    expect(rc == 0 and "\nProblem:" in text, "%s: -help exits 0 (%d) and lists diomede's keys" % (problem, rc))
    if rc == 0 and "\nProblem:" in text:
        helps[problem] = parse(text)
        units(problem, text)
all_listed = {}
for listed, _, _ in helps.values():
    for key, value in listed.items():
        all_listed.setdefault(key, value)

for problem, (listed, mentioned, prefixes) in helps.items():
    if problem in units_only:
        continue
    values = {}
    for key in sorted(set(listed) | mentioned):
        value = known[key] if key in known else listed.get(key, all_listed.get(key))
        value = next((v for suffix, v in sentinel_suffixes if key.endswith(suffix)), value)
        if key in known and value is None:
            continue  # -help is a flag; -restart needs a checkpoint of this run: tested by mpi.checkpoint_restart
        if (problem, key) in refused:
            continue
        if value is None or value == "":
            expect(False, "%s: -%s is named in the help but no help line shows a value for it" % (problem, key))
            continue
        values[key] = value
    for prefix in sorted(prefixes):
        if prefix in solver_prefixes:
            values[solver_prefixes[prefix][0]] = solver_prefixes[prefix][1]
        else:
            expect(any(k.startswith(prefix) for k in all_listed), "%s: -%s* names listed keys" % (problem, prefix))
    # all together; a refusal names its key: that key fails, and the rest is tried again without it
    while True:
        args = ["check"] + cases.get(problem, []) + ["-problem", problem]
        for key, value in values.items():
            if key != "problem":
                args += ["-" + key, value]
        rc, out = diorun.run(args, check=False)
        if rc == 0:
            expect(True, "%s: all %d keys named in the help accepted together" % (problem, len(values)))
            break
        error = ([line for line in out.splitlines() if "error:" in line] or [out.strip()[-200:]])[0]
        named = [k for k in values if re.search(r"-%s\b" % re.escape(k), error)]
        expect(False, "%s: -%s refused with the value the help shows: %s" % (problem, max(named, key=len) if named else "?", error))
        if not named:
            break
        del values[max(named, key=len)]


rc, out = diorun.run(["check", "-problem", "transverse_section", "-initial_stress", "uniform"], check=False)
expect(rc == 1 and re.search(r"diomede: error: -initial_stress uniform needs -initial_stress_components", out) is not None,
       "-initial_stress uniform without its components: exit %d (1 expected), message names -initial_stress_components" % rc)
rc, out = diorun.run(["check", "-problem", "transverse_section", "-initial_stress", "uniform", "-initial_stress_components", "-1e6,-2e6"], check=False)
expect(rc == 1 and "-initial_stress_components: 2 values given, 3 needed" in out, "-initial_stress_components with 2 values: exit %d (1 expected)" % rc)
sys.exit(1 if failures else 0)
