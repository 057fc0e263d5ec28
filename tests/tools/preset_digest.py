"""What a preset test compares (issue 17): a built-in problem that became a preset of the stage engine gives the
results stored from its own loop before the change. The digest of a run: its output steps and times, the run
summary's numbers (and strings), every field of every output step (Euclidean norm and largest magnitude; the sum of an
integer field), every column of its probe CSV files, and optionally log lines with their timings removed."""
import csv
import json
import os
import re
import sys

import numpy as np

import diorun

TIMING = re.compile(r"(wall|ETA|assembly|solve) [0-9.]+ s|[0-9.]+ s\b")


def arguments(reference_name):
    """The preset script's arguments OUTDIR [--write], OUTDIR created: (OUTDIR as an absolute path, whether to write
    the reference, the reference's path tests/verification/data/<reference_name>)."""
    outdir = os.path.abspath(sys.argv[1])
    os.makedirs(outdir, exist_ok=True)
    return outdir, "--write" in sys.argv[2:], diorun.source("tests", "verification", "data", reference_name)


def digest(outdir, name, summary_keys, csv_suffixes, summary_prefixes=(), log=None, log_patterns=()):
    """The numbers compared for the run <outdir>/<name>; log: its stdout, of which the lines containing one of
    log_patterns are kept without their timings."""
    import h5py
    base = os.path.join(outdir, name)
    d = {"summary": {}, "fields": {}, "csv": {}}
    summary = json.load(open(base + "_summary.json"))
    for key in list(summary_keys) + [k for k in summary if summary_prefixes and k.startswith(tuple(summary_prefixes))]:
        if key in summary and isinstance(summary[key], (int, float, str)):
            d["summary"][key] = summary[key]
    with h5py.File(base + ".h5", "r") as f:
        d["times"] = [float(t) for t in f["steps/time"][:]]
        for step in sorted(k for k in f["fields"] if k.startswith("step_")):
            for field, data in f["fields"][step].items():
                x = data[:]
                if np.issubdtype(x.dtype, np.integer):
                    d["fields"]["%s/%s" % (step, field)] = [int(x.sum())]
                else:
                    d["fields"]["%s/%s" % (step, field)] = [float(np.linalg.norm(x)), float(np.abs(x).max(initial=0))]
    for suffix in csv_suffixes:
        path = "%s_%s.csv" % (base, suffix)
        if os.path.exists(path):
            rows = [r for r in csv.reader(open(path)) if r]
            values = np.array(rows[1:], dtype=float).reshape(len(rows) - 1, len(rows[0]))
            d["csv"][suffix] = {"rows": len(rows) - 1,
                                "columns": {c: float(np.linalg.norm(values[:, k])) for k, c in enumerate(rows[0])}}
    if log is not None:
        d["log"] = [TIMING.sub("", line).rstrip() for line in log.splitlines() if any(p in line for p in log_patterns)]
    return d


def scale_of(fields, key):
    """A field's scale: its largest norm over the output steps."""
    name = key.split("/", 1)[1]
    return max(abs(v[0]) for k, v in fields.items() if k.split("/", 1)[1] == name)


def compare(case, got, ref, tol):
    """One ok/FAIL line (diorun.expect): the same steps, fields, summary keys and CSV rows, and every number within
    tol of its scale: a field's largest norm over the steps; a CSV column's norm, at least 1e-6 of the file's largest;
    a summary value's largest in the same unit (a settlement of 1e-13 m is round-off beside 1e-3 m; a relative error's
    scale is 1). Strings and kept
    log lines must be equal."""
    worst, where = 0.0, ""

    def diff(a, b, scale, what):
        nonlocal worst, where
        e = abs(a - b) / scale if scale > 0 else abs(a - b)
        if e > worst:
            worst, where = e, what

    same = len(got["times"]) == len(ref["times"]) and np.allclose(got["times"], ref["times"], rtol=1e-12, atol=0) \
        and sorted(got["fields"]) == sorted(ref["fields"]) and sorted(got["summary"]) == sorted(ref["summary"]) \
        and {k: v["rows"] for k, v in got["csv"].items()} == {k: v["rows"] for k, v in ref["csv"].items()}
    if not same:
        diorun.expect(False, "%s: the same steps %s, fields, summary keys and CSV rows as before (got steps %s)"
                      % (case, ref["times"], got["times"]))
        return
    numbers = {k: v for k, v in ref["summary"].items() if not isinstance(v, str)}
    for key, value in ref["summary"].items():
        if isinstance(value, str):
            diff(0.0 if got["summary"][key] == value else 1.0, 0.0, 1.0, "summary %s '%s'" % (key, got["summary"][key]))
            continue
        unit = key.rsplit("_", 1)[-1]
        scale = max(abs(v) for k, v in numbers.items() if k.rsplit("_", 1)[-1] == unit)
        # a relative error (the energy balance's, 1e-10) is round-off itself: its scale is 1, not its own size,
        # or another BLAS under the same solves (1e-15 apart) reads as a difference of 1e-5
        diff(got["summary"][key], value, 1.0 if unit == "error" else scale, "summary " + key)
    for key, value in ref["fields"].items():
        for a, b in zip(got["fields"][key], value):
            diff(a, b, scale_of(ref["fields"], key) if len(value) > 1 else max(abs(b), 1), key)
    for name, table in ref["csv"].items():
        largest = max(abs(v) for v in table["columns"].values())
        for column, value in table["columns"].items():
            diff(got["csv"][name]["columns"][column], value, max(abs(value), 1e-6 * largest), "%s.csv %s" % (name, column))
    diorun.expect(worst <= tol, "%s: %d steps, %d fields, %d summary values: largest difference %.1e (tol %.0e)%s"
                  % (case, len(ref["times"]), len(ref["fields"]), len(ref["summary"]), worst, tol, " at " + where if where else ""))
    if "log" in ref:
        changed = [(a, b) for a, b in zip(got.get("log", []), ref["log"]) if a != b]
        diorun.expect(len(got.get("log", [])) == len(ref["log"]) and not changed,
                      "%s: the log's %d key lines as before%s" % (case, len(ref["log"]), (": '%s' was '%s'" % changed[0]) if changed else ""))


def write_or_compare(results, reference_path, write, tol):
    """With write: store the digests as the reference and exit 0; else compare each case with the stored one and
    exit 1 on any failure."""
    if write:
        with open(reference_path, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)
        print("wrote", reference_path)
        sys.exit(0)
    reference = json.load(open(reference_path))
    for case in results:
        compare(case, results[case], reference[case], tol)
    sys.exit(1 if diorun.failures else 0)
