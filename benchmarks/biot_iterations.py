#!/usr/bin/env python3
"""Iteration counts of the coupled Biot solve under mesh refinement (issue 14; benchmarks/README.md, "Biot: iterations
under refinement"). Python standard library only.

The coupled solve is linear: one FGMRES solve per time step (no Newton), preconditioned by PCFIELDSPLIT (Schur, full
factorisation) with one GAMG V-cycle on the displacement block and one on the fixed-stress pressure approximation
(-biot_fieldsplit_{u,p}_ksp_type preonly: each inner solve is exactly one application, so the outer FGMRES count is
the measure). Cases, each at three mesh sizes (two with --quick):
  terzaghi_2d, terzaghi_3d  Terzaghi's column (tests/verification/terzaghi.yaml: 10 x 10 m in 2D, a 10 m cube in 3D, 8 x 8
                            / 4 x 4 x 4 cells times 2^refine), the undrained step then 8 steps growing by 2;
  mandel                    Mandel's problem (tests/verification/biot_mandel.c, -n0 n: n x n cells, 30 steps growing by
                            1.25; the driver's second, doubled resolution is run too but not recorded);
  section_drained,          the shipped example examples/bering/transverse_groundwater.yaml (the transverse section
  section_watertight        under 55 m of sea, 12 consolidation steps over a year) at -mesh_cells_around 16, 32, 64,
                            drained wall and watertight lining.
Records, per run, the cells, dofs and the FGMRES iterations of every coupled step (the undrained step(s) first, then
the consolidation steps) in benchmarks/results/biot_iterations/<date>-<machine>.json.

usage: biot_iterations.py [--build build] [--np 1] [--quick] [--cases a,b] [--out FILE] [-- extra diomede options]"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

TERZAGHI = {
    "terzaghi_2d": ["-column_dim", "2", "-column_width", "10", "-column_cells_horizontal", "8", "-column_cells_vertical", "8"],
    "terzaghi_3d": ["-column_dim", "3", "-column_width", "10", "-column_cells_horizontal", "4", "-column_cells_vertical", "4"],
}
SIZES = {"terzaghi_2d": [1, 2, 3], "terzaghi_3d": [0, 1, 2], "mandel": [8, 16, 32], "section_drained": [16, 32, 64],
         "section_watertight": [16, 32, 64]}
STEP = re.compile(r"\[step\s+\d+(?:/\d+)?\].*?(?:undrained|consolidate):?\s+KSP\s+(\d+) its")


def launch(cmd, np_ranks):
    if np_ranks > 1:
        cmd = ["mpiexec", "-n", str(np_ranks), "--oversubscribe", "--bind-to", "none"] + cmd
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout[-3000:])
        sys.exit("biot_iterations.py: %s failed (exit %d)" % (" ".join(cmd), proc.returncode))
    return proc.stdout


def run_diomede(args, case, size, outdir, extra):
    name = "%s_%d" % (case, size)
    if case in TERZAGHI:
        cmd = ["run", os.path.join(ROOT, "tests", "verification", "terzaghi.yaml")] + TERZAGHI[case] + \
              ["-consolidation_steps", "8", "-consolidation_time_step_growth", "2", "-mesh_refine", str(size)]
    else:
        cmd = ["run", os.path.join(ROOT, "examples", "bering", "transverse_groundwater.yaml"), "-mesh_cells_around", str(size),
               "-flow_tunnel_wall", case.split("_")[1]]
    cmd = [os.path.join(args.build, "diomede")] + cmd + ["-progress", "normal", "-checkpoint_every", "0", "-output_dir", outdir,
                                                         "-output_name", name, "-output_overwrite"] + extra
    log = launch(cmd, args.np)
    with open(os.path.join(outdir, name + "_summary.json")) as f:
        summary = json.load(f)
    its = [int(m) for m in STEP.findall(log)]
    return {"cells": int(summary["cells"]), "dofs": int(summary["dofs"]), "fgmres_iterations": its, "wall_s": summary.get("wall_time_s")}


def run_mandel(args, size, extra):
    log = launch([os.path.join(args.build, "tests", "verification", "biot_mandel"), "-n0", str(size)] + extra, args.np)
    its = [int(k) for n, k in re.findall(r"n\s+(\d+) step\s+\d+ .*?KSP (\d+)", log) if int(n) == size]
    q2, q1 = (2 * size + 1) ** 2, (size + 1) ** 2
    return {"cells": size * size, "dofs": 2 * q2 + q1, "fgmres_iterations": its, "wall_s": None}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--np", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--cases", default=",".join(SIZES))
    parser.add_argument("--out")
    parser.add_argument("extra", nargs="*", help="options added to every run (after --)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as outdir:
        for case in args.cases.split(","):
            for size in SIZES[case][:2] if args.quick else SIZES[case]:
                row = run_mandel(args, size, args.extra) if case == "mandel" else run_diomede(args, case, size, outdir, args.extra)
                row.update({"case": case, "size": size})
                rows.append(row)
                its = row["fgmres_iterations"]
                print("%-18s %3d: %7d cells, %8d dofs, FGMRES its per step %s (max %d)" %
                      (case, size, row["cells"], row["dofs"], " ".join(map(str, its)), max(its)))
                sys.stdout.flush()
    machine = re.sub(r"[^a-z0-9]+", "-", platform.node().lower()).strip("-") or "machine"
    out = args.out or os.path.join(HERE, "results", "biot_iterations", "%s-%s.json" % (datetime.date.today().isoformat(), machine))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump({"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "ranks": args.np,
                   "options": args.extra, "runs": rows}, f, indent=1)
    print("recorded %s" % out)


if __name__ == "__main__":
    main()
