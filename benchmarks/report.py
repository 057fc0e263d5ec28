#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Tables of diomede's benchmark results (benchmarks/README.md); Python standard library only.

  report.py                          the latest record in benchmarks/results/, with the change (%) of each run
                                     against the previous record of the same problem, size, ranks x threads, machine
  report.py --current FILE           that record (or JSON-lines file of runs) instead of the latest
  report.py --all                    every record, oldest first, each against its predecessor
  report.py --markdown               Markdown table (for the README)
  report.py --scaling                also the strong-scaling table of each problem run on more than one ranks x
                                     threads (always for the records of run.sh --scaling): speed-up and parallel
                                     efficiency against the 1x1 run, and the triad of the run's cores
  report.py --collect RUNS.jsonl --suite default --date D --machine M [--bind none|core] --out FILE
                                     wrap the JSON lines written by bench_elasticity into one record file
  report.py --attach-dolfinx RUNS.jsonl --dolfinx LINE.json
                                     add bench_dolfinx.py's run (last line of LINE.json) to the last diomede run of
                                     RUNS.jsonl with the ratios diomede / DOLFINx; exit 1 if the solutions disagree
  report.py --self-check             check the scaling arithmetic on made-up runs (times nothing)

The DOLFINx table (runs paired with bench_dolfinx.py): sys = mesh + setup + preallocation + assembly (the time to an
assembled system; DOLFINx's JIT apart, column jit), solve = GAMG set-up + CG, MB = peak resident memory of all ranks;
d/D = diomede / DOLFINx; targets (issue 16): sys <= 0.5, solve <= 0.8, memory <= 0.8, iterations no higher.
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
    if args.bind:
        record["bind"] = args.bind
    with open(args.out, "w") as f:
        json.dump(record, f, indent=1)
        f.write("\n")


# diomede and DOLFINx agree when their solution and load 2-norms agree within this (both solve to rtol 1e-8)
AGREEMENT_RTOL = 1e-6
TARGETS = {"system": 0.5, "solve": 0.8, "memory": 0.8}


def assembled_system_s(run):
    """mesh + set-up + preallocation + first assembly (K and F): the time to an assembled system."""
    return run["mesh_s"] + run["setup_s"] + run["prealloc_s"] + run["assembly_s"]


def peak_without_output_mb(run):
    """Peak memory of set-up + assembly and of the solve, the phases DOLFINx's peer has; records before the output was
    measured apart (no peak_output_mb) counted it in the solve's peak."""
    if run.get("peak_output_mb") is None:
        return run["peak_mb"]
    return max(run["peak_assembly_mb"], run["peak_solve_mb"])


def attach_dolfinx(runs_path, dolfinx_path):
    """Add the DOLFINx run to the last diomede run of runs_path (rewritten), with ratios and agreement."""
    with open(runs_path) as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    with open(dolfinx_path) as f:
        peer = json.loads([line for line in f.read().splitlines() if line.strip()][-1])
    run = json.loads(lines[-1])
    same = all(run[k] == peer[k] for k in ("problem", "n", "ranks", "dofs"))
    rel = lambda a, b: abs(a - b) / max(abs(a), 1e-300)
    agreement = {"solution_rel_diff": rel(run["solution_norm"], peer["solution_norm"]),
                 "rhs_rel_diff": rel(run["rhs_norm"], peer["rhs_norm"]), "tolerance": AGREEMENT_RTOL,
                 "same_problem": same}
    agreement["pass"] = bool(same and agreement["solution_rel_diff"] <= AGREEMENT_RTOL and
                             agreement["rhs_rel_diff"] <= AGREEMENT_RTOL)
    run["dolfinx"] = peer
    run["agreement_dolfinx"] = agreement
    run["ratio_dolfinx"] = {"system": assembled_system_s(run) / peer["assembled_system_s"],
                            "system_cpu": (run["assembled_system_cpu_s"] / peer["assembled_system_cpu_s"]
                                           if run.get("assembled_system_cpu_s") and peer.get("assembled_system_cpu_s")
                                           else None),
                            "solve": run["solve_s"] / peer["solve_s"],
                            "memory": peak_without_output_mb(run) / peer["peak_mb"],
                            "iterations": run["iterations"] - peer["iterations"]}
    lines[-1] = json.dumps(run)
    with open(runs_path, "w") as f:
        f.write("\n".join(lines) + "\n")
    if not agreement["pass"]:
        sys.exit("report.py: diomede and DOLFINx disagree on %s n=%d %dx%d: |u| %.2e, |F| %.2e (tolerance %.0e)%s" % (
            run["problem"], run["n"], run["ranks"], run["threads"], agreement["solution_rel_diff"],
            agreement["rhs_rel_diff"], AGREEMENT_RTOL, "" if same else ", or not the same problem (dofs differ)"))


def met(value, target):
    return "%.2f%s" % (value, "" if value <= target else "!")


DOLFINX_COLUMNS = [
    ("run", -13, lambda r: name(r)),
    ("dofs", 9, lambda r: "%d" % r["dofs"]),
    ("PxT", 4, lambda r: "%dx%d" % (r["ranks"], r["threads"])),
    ("sys", 6, lambda r: "%.2f" % assembled_system_s(r)),
    ("D.sys", 6, lambda r: "%.2f" % r["dolfinx"]["assembled_system_s"]),
    ("D.jit", 5, lambda r: "%.2f" % r["dolfinx"]["jit_s"]),
    ("solve", 6, lambda r: "%.2f" % r["solve_s"]),
    ("D.solv", 6, lambda r: "%.2f" % r["dolfinx"]["solve_s"]),
    ("its", 3, lambda r: "%d" % r["iterations"]),
    ("D.its", 5, lambda r: "%d" % r["dolfinx"]["iterations"]),
    ("MB", 6, lambda r: "%.0f" % peak_without_output_mb(r)),
    ("D.MB", 6, lambda r: "%.0f" % r["dolfinx"]["peak_mb"]),
    ("d/D sys", 7, lambda r: met(r["ratio_dolfinx"]["system"], TARGETS["system"])),
    ("cpu", 5, lambda r: met(r["ratio_dolfinx"]["system_cpu"], TARGETS["system"])
     if r["ratio_dolfinx"].get("system_cpu") else "-"),
    ("d/D sol", 7, lambda r: met(r["ratio_dolfinx"]["solve"], TARGETS["solve"])),
    ("d/D mem", 7, lambda r: met(r["ratio_dolfinx"]["memory"], TARGETS["memory"])),
    ("agree", 5, lambda r: "ok" if r["agreement_dolfinx"]["pass"] else "FAIL"),
    ("busy%", 5, lambda r: "%.0f" % (100 * (r["machine"].get("foreign_cpu_fraction") or 0))),
]


def print_dolfinx(current, markdown):
    runs = [r for r in current["runs"] if "dolfinx" in r]
    if not runs:
        return
    print("# against DOLFINx %s (bench_dolfinx.py, the same box, element, quadrature, BCs, load and solver): "
          "times in s, sys = mesh + setup + prealloc + asm, D.jit apart; d/D = diomede / DOLFINx, cpu = the same "
          "for sys in CPU time (what a shared machine does not distort); MB without diomede's output (DOLFINx writes "
          "none); '!' = issue 16's target (sys 0.5, solve 0.8, memory 0.8) missed" % runs[0]["dolfinx"].get("dolfinx", ""))
    print_table([c[0] for c in DOLFINX_COLUMNS], [c[1] for c in DOLFINX_COLUMNS],
                [[c[2](r) for c in DOLFINX_COLUMNS] for r in runs], markdown)
    more = [name(r) + " %dx%d" % (r["ranks"], r["threads"]) for r in runs if r["ratio_dolfinx"]["iterations"] > 0]
    print("# iterations above DOLFINx's: %s" % (", ".join(more) if more else "none"))


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
    print_table(headers, widths, rows, markdown)
    compared = {prev[1]["path"] for run in current["runs"] for prev in [previous.get(key(run))] if prev}
    if compared:
        print("# changes (%%) against %s" % ", ".join(sorted(os.path.basename(p) for p in compared)))
    else:
        print("# no earlier record of these runs on machine '%s': no changes to show" % current["machine"])
    busy = [r for r in current["runs"] if (r["machine"].get("foreign_cpu_fraction") or 0) > 0.1]
    if busy:
        print("# disturbed (other processes took > 10%% of the CPU): %s" % ", ".join(name(r) + " %dx%d" % (r["ranks"], r["threads"]) for r in busy))


# ---- strong scaling (run.sh --scaling; benchmarks/README.md, "Strong scaling") ----

def problem_key(run):
    """Runs of the same problem and size on the same machine: one strong-scaling series."""
    return (run["problem"], run["dim"], run["order"], run.get("n", 0), run["dofs"], run.get("label", ""),
            run["machine"].get("name", ""))


def total_s(run):
    """What a user pays for one solve: mesh + set-up (with the preallocation) + assembly + solve."""
    return run["mesh_s"] + setup_s(run) + run["assembly_s"] + run["solve_s"]


def triad_gb_per_s(run):
    """(GB/s, exact) aggregate STREAM triad of the run's ranks x threads.

    triad_gb_per_s is every rank with one thread (summed over the ranks); triad_all_cores_gb_per_s every rank with
    triad_all_cores_threads threads (cores / ranks). A hybrid run has its own triad only where that thread count is
    its own; otherwise the ranks x 1 triad is returned and exact is False."""
    if run["threads"] == 1:
        return run["triad_gb_per_s"], True
    if run.get("triad_all_cores_threads") == run["threads"]:
        return run["triad_all_cores_gb_per_s"], True
    return run["triad_gb_per_s"], False


def scaling_row(run, base):
    """The numbers of one row: times, and speed-ups / efficiencies against `base` (the 1x1 run) or None."""
    cores = run["ranks"] * run["threads"]
    triad, exact = triad_gb_per_s(run)
    row = {"ranks": run["ranks"], "threads": run["threads"], "cores": cores, "dofs": run["dofs"], "mesh": run["mesh_s"],
           "setup": setup_s(run), "asm": run["assembly_s"], "solve": run["solve_s"], "its": run["iterations"],
           "total": total_s(run), "triad": triad, "triad_exact": exact,
           "busy": 100 * (run["machine"].get("foreign_cpu_fraction") or 0)}
    if base is not None:
        for what, metric in (("asm", lambda r: r["assembly_s"]), ("solve", lambda r: r["solve_s"]), ("total", total_s)):
            row["S_" + what] = metric(base) / metric(run)
            row["E_" + what] = row["S_" + what] / cores
        row["S_triad"] = triad / triad_gb_per_s(base)[0]
        row["solve_over_triad"] = row["S_solve"] / row["S_triad"]
    return row


def scaling_series(records, current):
    """[(name, base run or None, base record path or None, rows)] for every problem of `current` run on more than
    one ranks x threads; the 1x1 run comes from `current`, else from the latest other record of the same machine."""
    groups = {}
    for run in current["runs"]:
        groups.setdefault(problem_key(run), []).append(run)
    others = sorted((r for r in records if r["path"] != current["path"]), key=lambda r: (r["date"], r["path"]))
    series = []
    for pkey, runs in groups.items():
        if len({(r["ranks"], r["threads"]) for r in runs}) < 2:
            continue
        base, base_path = None, None
        for run in runs:
            if run["ranks"] == 1 and run["threads"] == 1:
                base = run
        if base is None:
            for record in others:  # the latest wins
                for run in record["runs"]:
                    if problem_key(run) == pkey and run["ranks"] == 1 and run["threads"] == 1:
                        base, base_path = run, record["path"]
        runs = sorted(runs, key=lambda r: (r["threads"] > 1, r["ranks"] * r["threads"], -r["ranks"]))
        series.append((name(runs[0]), base, base_path, [scaling_row(r, base) for r in runs]))
    return series


SCALING_COLUMNS = [
    # header, width, value(row) -> str; speed-ups S and efficiencies E against the 1x1 run
    ("PxT", -5, lambda w: "%dx%d" % (w["ranks"], w["threads"])),
    ("dofs", 9, lambda w: "%d" % w["dofs"]),
    ("mesh", 6, lambda w: "%.2f" % w["mesh"]),
    ("setup", 6, lambda w: "%.2f" % w["setup"]),
    ("asm", 6, lambda w: "%.2f" % w["asm"]),
    ("solve", 6, lambda w: "%.2f" % w["solve"]),
    ("its", 3, lambda w: "%d" % w["its"]),
    ("total", 6, lambda w: "%.2f" % w["total"]),
    ("S.asm", 5, lambda w: "%.2f" % w["S_asm"] if "S_asm" in w else "-"),
    ("E.asm", 5, lambda w: "%.2f" % w["E_asm"] if "E_asm" in w else "-"),
    ("S.sol", 5, lambda w: "%.2f" % w["S_solve"] if "S_solve" in w else "-"),
    ("E.sol", 5, lambda w: "%.2f" % w["E_solve"] if "E_solve" in w else "-"),
    ("S.tot", 5, lambda w: "%.2f" % w["S_total"] if "S_total" in w else "-"),
    ("E.tot", 5, lambda w: "%.2f" % w["E_total"] if "E_total" in w else "-"),
    ("triad", 6, lambda w: "%.1f" % w["triad"] + ("" if w["triad_exact"] else "*")),
    ("S.tri", 5, lambda w: "%.2f" % w["S_triad"] if "S_triad" in w else "-"),
    ("sol/tri", 7, lambda w: "%.2f" % w["solve_over_triad"] if "solve_over_triad" in w else "-"),
    ("busy%", 5, lambda w: "%.0f" % w["busy"]),
]


def print_table(headers, widths, rows, markdown):
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


def print_scaling(records, current, markdown):
    series = scaling_series(records, current)
    if not series:
        print("# strong scaling: no problem of this record ran on more than one ranks x threads")
        return
    print("# strong scaling | %s | %s | %s cores | bind %s | times in s, triad in GB/s (all ranks x threads) | "
          "S: speed-up, E: S / (ranks x threads), against the 1x1 run | sol/tri: S.sol / S.tri" % (
              current["date"], current["machine"], current.get("cores", "?"),
              current.get("bind") or ("none" if current.get("suite") else "?")))
    inexact = False
    for title, base, base_path, rows in series:
        print("## %s%s" % (title, "" if base is not None else ": no 1x1 run of it on this machine, no speed-ups"))
        if base_path:
            print("# (the 1x1 run from %s)" % os.path.basename(base_path))
        print_table([c[0] for c in SCALING_COLUMNS], [c[1] for c in SCALING_COLUMNS],
                    [[c[2](w) for c in SCALING_COLUMNS] for w in rows], markdown)
        inexact = inexact or any(not w["triad_exact"] for w in rows)
    if inexact:
        print("# triad*: the run measured no triad at its own threads per rank (cores / ranks differs): ranks x 1 thread")


def self_check():
    """The scaling arithmetic on made-up runs: no timing, no files."""
    def made_up(ranks, threads, solve, triad, triad_all=None, triad_threads=None, dofs=1000, problem="DB1"):
        return {"problem": problem, "dim": 2, "order": 1, "n": 10, "dofs": dofs, "label": "", "ranks": ranks,
                "threads": threads, "mesh_s": 1.0, "setup_s": 0.5, "prealloc_s": 0.5, "assembly_s": 4.0 / (ranks * threads),
                "solve_s": solve, "iterations": 10, "triad_gb_per_s": triad,
                "triad_all_cores_gb_per_s": triad_all if triad_all is not None else triad,
                "triad_all_cores_threads": triad_threads if triad_threads is not None else 1,
                "machine": {"name": "m", "foreign_cpu_fraction": 0.0}}
    runs = [made_up(2, 1, 5.0, 20.0), made_up(1, 1, 8.0, 10.0, 18.0, 2), made_up(1, 2, 6.0, 10.0, 18.0, 2),
            made_up(4, 2, 2.0, 35.0, 60.0, 4), made_up(1, 1, 3.0, 10.0, problem="DB5", dofs=7),
            made_up(1, 1, 1.0, 10.0, dofs=99)]
    record = {"path": "/r", "date": "d", "machine": "m", "runs": runs}
    series = scaling_series([record], record)
    assert [s[0] for s in series] == ["DB1 n=10"], series  # single runs (DB5, the other size) make no series
    title, base, base_path, rows = series[0]
    assert base is runs[1] and base_path is None
    assert [(w["ranks"], w["threads"]) for w in rows] == [(1, 1), (2, 1), (1, 2), (4, 2)], rows
    one, two, hybrid, wide = rows
    close = lambda a, b: abs(a - b) < 1e-12
    assert close(one["S_solve"], 1) and close(one["E_total"], 1) and close(one["solve_over_triad"], 1)
    assert close(one["total"], 1 + 1 + 4 + 8)
    assert close(two["S_solve"], 8 / 5) and close(two["E_solve"], 0.8) and close(two["S_asm"], 2)
    assert close(two["E_asm"], 1) and close(two["S_total"], 14 / 9.0) and close(two["E_total"], 7 / 9.0)
    assert close(two["S_triad"], 2) and close(two["solve_over_triad"], 0.8)
    assert hybrid["triad_exact"] and close(hybrid["triad"], 18) and close(hybrid["S_triad"], 1.8)
    assert close(hybrid["E_solve"], 8 / 6.0 / 2)
    assert not wide["triad_exact"] and close(wide["triad"], 35) and close(wide["E_asm"], 1)
    # no 1x1 here: taken from the latest other record of the same machine (/r, not the older /q), same size
    older = {"path": "/q", "date": "c", "machine": "m", "runs": [made_up(1, 1, 16.0, 10.0)]}
    later = {"path": "/s", "date": "e", "machine": "m", "runs": [made_up(2, 1, 4.0, 20.0), made_up(1, 2, 6.0, 10.0)]}
    series = scaling_series([later, record, older], later)
    assert series[0][1] is runs[1] and series[0][2] == "/r", series
    assert close(series[0][3][0]["S_solve"], 2) and not series[0][3][1]["triad_exact"]
    other = {"path": "/t", "date": "e", "machine": "m", "runs": [dict(r, machine={"name": "x"}) for r in later["runs"]]}
    series = scaling_series([record, other], other)
    assert series[0][1] is None and "S_solve" not in series[0][3][0]  # another machine's 1x1 is never used
    print("report.py --self-check: ok")


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
    parser.add_argument("--bind", help="the binding of the runs (run.sh --bind): kept by --collect, shown otherwise")
    parser.add_argument("--scaling", action="store_true", help="also the strong-scaling table of each problem")
    parser.add_argument("--self-check", action="store_true", help="check the scaling arithmetic and exit")
    parser.add_argument("--attach-dolfinx", help="JSON lines of diomede runs: add --dolfinx's run to the last one")
    parser.add_argument("--dolfinx", help="bench_dolfinx.py's JSON line (with --attach-dolfinx)")
    args = parser.parse_args()
    if args.self_check:
        self_check()
        return
    if args.attach_dolfinx:
        if not args.dolfinx:
            sys.exit("report.py: --attach-dolfinx needs --dolfinx")
        attach_dolfinx(args.attach_dolfinx, args.dolfinx)
        return
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
        if args.bind and "bind" not in record:  # runs not recorded yet: run.sh says how they were bound
            record["bind"] = args.bind
        print_record(records, record, args.markdown)
        print_dolfinx(record, args.markdown)
        if args.scaling or record.get("suite", "").startswith("scaling"):
            print_scaling(records, record, args.markdown)


if __name__ == "__main__":
    main()
