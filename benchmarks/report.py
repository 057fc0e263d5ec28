#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Tables of diomede's benchmark results (benchmarks/README.md); Python standard library only.

  report.py                          the latest record in benchmarks/results/, with the change (%) of each run
                                     against the previous record of the same problem, size, ranks x threads, machine
  report.py --current FILE           that record (or JSON-lines file of runs) instead of the latest
  report.py --all                    every record, oldest first, each against its predecessor
  report.py --markdown               Markdown table (for the README)
  report.py --collect RUNS.jsonl --suite default --date D --machine M --out FILE
                                     wrap the JSON lines written by bench_elasticity into one record file
"""
import argparse
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load(path):
    """A record {date, machine, ..., runs: [...]} from a record file or a JSON-lines file of runs."""
    path = os.path.abspath(path)  # records are ordered by (date, path): one spelling of each path
    with open(path) as f:
        text = f.read()
    try:
        data = json.loads(text)
        if isinstance(data, dict) and "runs" in data:
            data["path"] = path
            return data
        runs = [data]
    except json.JSONDecodeError:
        runs = [json.loads(line) for line in text.splitlines() if line.strip()]
    first = runs[0] if runs else {}
    machine = first.get("machine", {})
    return {"path": path, "date": first.get("date", "")[:10], "machine": machine.get("name", ""), "cpu": machine.get("cpu", "?"),
            "cores": machine.get("cores", "?"), "commit": first.get("commit", ""), "tree_dirty": first.get("tree_dirty", False),
            "petsc": first.get("petsc", ""), "suite": "", "runs": runs}


def collect(args):
    runs = [json.loads(line) for line in open(args.collect) if line.strip()]
    if not runs:
        sys.exit("report.py: no runs in %s" % args.collect)
    first = runs[0]
    record = {
        "date": args.date, "machine": args.machine, "suite": args.suite, "commit": first["commit"],
        "tree_dirty": any(r.get("tree_dirty") for r in runs), "petsc": first["petsc"], "mpi": first["mpi"],
        "compiler": first["compiler"], "cpu": first["machine"]["cpu"], "cores": first["machine"]["cores"],
        "memory_gib": round(first["machine"]["memory_gib"], 1),
        "max_foreign_cpu_fraction": max(r["machine"].get("foreign_cpu_fraction", 0) or 0 for r in runs),
        "runs": runs,
    }
    with open(args.out, "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")


def key(run):
    return (run["problem"], run["dofs"], run["ranks"], run["threads"], run.get("label", ""))


def name(run):
    if run["problem"] == "DB5":
        text = "DB5 %dD Q%d" % (run["dim"], run["order"])
    else:
        text = "%s n=%d" % (run["problem"], run["n"])
    return text + (" " + run["label"] if run.get("label") else "")


def setup_s(run):
    return run["setup_s"] + run["prealloc_s"]


def peer_setup_s(run):
    return run["peer"]["setup_s"] + run["peer"]["prealloc_s"]


def change(current, previous, metric):
    if previous is None:
        return "-"
    a, b = metric(current), metric(previous)
    return "%+.0f" % (100.0 * (a - b) / b) if b else "-"


COLUMNS = [
    # header, width, value(run) -> str
    ("run", -13, name),
    ("dofs", 9, lambda r: "%d" % r["dofs"]),
    ("PxT", 4, lambda r: "%dx%d" % (r["ranks"], r["threads"])),
    ("mesh", 6, lambda r: "%.2f" % r["mesh_s"]),
    ("setup", 6, lambda r: "%.2f" % setup_s(r)),
    ("asm", 6, lambda r: "%.2f" % r["assembly_s"]),
    ("Mdof/s", 6, lambda r: "%.2f" % (r["assembly_dofs_per_s"] / 1e6)),
    ("solve", 6, lambda r: "%.2f" % r["solve_s"]),
    ("its", 3, lambda r: "%d" % r["iterations"]),
    ("outMB/s", 7, lambda r: "%.0f" % r["output_mb_per_s"]),
    ("kB/dof", 6, lambda r: "%.2f" % (r["bytes_per_dof"] / 1e3)),
    ("mv%", 8, lambda r: "%.0f" % (100 * r["matvec"]["fraction_of_triad"]) +
     ("/%.0f" % (100 * r["matvec_diomede"]["fraction_of_triad"]) if "matvec_diomede" in r else "") +
     ("/%.0f" % (100 * r["matvec_baij"]["fraction_of_triad"]) if "matvec_baij" in r else "")),
    ("p.set", 6, lambda r: "%.2f" % peer_setup_s(r) if "peer" in r else "-"),
    ("p.asm", 6, lambda r: "%.2f" % r["peer"]["assembly_s"] if "peer" in r else "-"),
    ("p.solv", 6, lambda r: "%.2f" % r["peer"]["solve_s"] if "peer" in r else "-"),
    ("d/p set", 7, lambda r: "%.2f" % r["ratio"]["setup"] if "ratio" in r else "-"),
    ("d/p asm", 7, lambda r: "%.2f" % r["ratio"]["assembly"] if "ratio" in r else "-"),
    ("d/p sol", 7, lambda r: "%.2f" % r["ratio"]["solve"] if "ratio" in r else "-"),
    ("agree", 5, lambda r: ("ok" if r["agreement"]["pass"] else "FAIL") if "agreement" in r else "-"),
    ("busy%", 5, lambda r: "%.0f" % (100 * (r["machine"].get("foreign_cpu_fraction") or 0))),
]
CHANGES = [
    ("Dset%", 5, setup_s),
    ("Dasm%", 5, lambda r: r["assembly_s"]),
    ("Dsol%", 5, lambda r: r["solve_s"]),
    ("Dmem%", 5, lambda r: r["bytes_per_dof"]),
]


def previous_runs(records, current):
    """For each run of `current`, the same run in the latest earlier record of the same machine."""
    earlier = [r for r in records if r["path"] != current["path"] and r["machine"] == current["machine"]
               and (current.get("unrecorded") or (r["date"], r["path"]) < (current["date"], current["path"]))]
    earlier.sort(key=lambda r: (r["date"], r["path"]))
    found = {}
    for record in earlier:  # later records overwrite earlier ones
        for run in record["runs"]:
            found[key(run)] = (run, record)
    return found


def print_record(records, current, markdown):
    previous = previous_runs(records, current)
    print("# %s | %s | %s, %s cores | %s | commit %s%s | suite %s" % (
        current["date"], current["machine"], current.get("cpu", "?"), current.get("cores", "?"),
        current.get("petsc", "?"), current.get("commit", "?"), " (+ uncommitted changes)" if current.get("tree_dirty") else "",
        current.get("suite", "") or "-"))
    headers = [c[0] for c in COLUMNS] + [c[0] for c in CHANGES]
    widths = [c[1] for c in COLUMNS] + [c[1] for c in CHANGES]
    rows = []
    for run in current["runs"]:
        prev = previous.get(key(run))
        cells = [c[2](run) for c in COLUMNS]
        cells += [change(run, prev[0], c[2]) if prev else "-" for c in CHANGES]
        rows.append(cells)
    if markdown:
        print("| " + " | ".join(headers) + " |")
        print("|" + "|".join("---" if w < 0 else "---:" for w in widths) + "|")
        for cells in rows:
            print("| " + " | ".join(cells) + " |")
    else:
        fmt = " ".join("%%%ds" % w for w in widths)
        print(fmt % tuple(headers))
        for cells in rows:
            print(fmt % tuple(cells))
    compared = {prev[1]["path"] for run in current["runs"] for prev in [previous.get(key(run))] if prev}
    if compared:
        print("# changes (%%) against %s" % ", ".join(sorted(os.path.basename(p) for p in compared)))
    else:
        print("# no earlier record of these runs on machine '%s': no changes to show" % current["machine"])
    busy = [r for r in current["runs"] if (r["machine"].get("foreign_cpu_fraction") or 0) > 0.1]
    if busy:
        print("# disturbed (other processes took > 10%% of the CPU): %s" % ", ".join(name(r) + " %dx%d" % (r["ranks"], r["threads"]) for r in busy))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", default=os.path.join(HERE, "results"), help="folder of record files")
    parser.add_argument("--current", help="record or JSON-lines file to show (default: the latest record)")
    parser.add_argument("--all", action="store_true", help="show every record")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--collect", help="JSON lines of runs to wrap into a record (needs --out)")
    parser.add_argument("--suite", default="default")
    parser.add_argument("--date", default="")
    parser.add_argument("--machine", default="")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.collect:
        if not (args.out and args.date and args.machine):
            sys.exit("report.py: --collect needs --out, --date and --machine")
        collect(args)
        return
    records = [load(p) for p in sorted(glob.glob(os.path.join(args.results, "*.json")))]
    if args.current:
        current = load(args.current)
        # a file outside the results folder is a run not recorded yet: every record is earlier
        current["unrecorded"] = not any(os.path.abspath(r["path"]) == os.path.abspath(current["path"]) for r in records)
        shown = [current]
    elif args.all:
        shown = sorted(records, key=lambda r: (r["date"], r["path"]))
    else:
        if not records:
            sys.exit("report.py: no records in %s" % args.results)
        shown = [max(records, key=lambda r: (r["date"], r["path"]))]
    for record in shown:
        print_record(records, record, args.markdown)


if __name__ == "__main__":
    main()
