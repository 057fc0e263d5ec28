#!/usr/bin/env python3
"""Iteration counts of the coupled Biot solve under mesh refinement (issue 14; benchmarks/README.md, "Biot: iterations
under refinement"). Python standard library only.

The consolidation problem's coupled solve is linear: one FGMRES solve per time step (no Newton), preconditioned by
PCFIELDSPLIT (Schur, full factorisation) with one GAMG V-cycle on the displacement block and one on the fixed-stress
pressure approximation (-biot_fieldsplit_{u,p}_ksp_type preonly: each inner solve is exactly one application, so the
inner count is 1 by construction and the outer FGMRES count is the measure). This script runs Terzaghi's column
(tests/verification/terzaghi.yaml, a square 10 x 10 m column in 2D, a 10 m cube in 3D) at successive -mesh_refine
levels and records, per level, the cells, dofs and the FGMRES iterations of every step (step 0: the undrained
response; then the consolidation steps, growing by 2), to benchmarks/results/biot_iterations/<date>-<machine>.json.

usage: biot_iterations.py [--exe build/diomede] [--np 1] [--quick] [--out FILE]
  --quick: 2D levels 0-2 and 3D levels 0-1 only."""
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

CASES = {
    "2d": ["-column_dim", "2", "-column_width", "10", "-column_cells_horizontal", "8", "-column_cells_vertical", "8"],
    "3d": ["-column_dim", "3", "-column_width", "10", "-column_cells_horizontal", "4", "-column_cells_vertical", "4"],
}
COMMON = ["-consolidation_steps", "8", "-consolidation_time_step_growth", "2", "-progress", "normal", "-checkpoint_every", "0"]


def run(exe, np_ranks, case, refine, outdir):
    cmd = [exe, "run", os.path.join(ROOT, "tests", "verification", "terzaghi.yaml")] + CASES[case] + COMMON + \
          ["-mesh_refine", str(refine), "-output_dir", outdir, "-output_name", "%s_r%d" % (case, refine), "-output_overwrite"]
    if np_ranks > 1:
        cmd = ["mpiexec", "-n", str(np_ranks), "--oversubscribe", "--bind-to", "none"] + cmd
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        sys.stdout.write(proc.stdout[-3000:])
        sys.exit("biot_iterations.py: diomede failed (exit %d)" % proc.returncode)
    log = proc.stdout
    dofs = re.search(r"\[setup\]\s+(\d+) displacement dofs \(Q2\) \+ (\d+) pore-pressure dofs", log)
    cells = re.search(r"\[mesh\].*?: (\d+) cells", log)
    its = [int(m) for m in re.findall(r"\[step\s+\d+/\d+\].*?(?:undrained|consolidate)\s+KSP\s+(\d+) its", log)]
    wall = re.search(r"\[done\]\s+wall ([\d.]+) s", log)
    return {"case": case, "refine": refine, "cells": int(cells.group(1)) if cells else None,
            "dofs_u": int(dofs.group(1)), "dofs_p": int(dofs.group(2)), "fgmres_iterations": its,
            "inner_iterations_per_application": 1, "wall_s": float(wall.group(1)) if wall else None}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", default=os.path.join(ROOT, "build", "diomede"))
    parser.add_argument("--np", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out")
    args = parser.parse_args()
    levels = {"2d": range(3) if args.quick else range(4), "3d": range(2) if args.quick else range(3)}
    rows = []
    with tempfile.TemporaryDirectory() as outdir:
        for case in ("2d", "3d"):
            for refine in levels[case]:
                row = run(args.exe, args.np, case, refine, outdir)
                rows.append(row)
                its = row["fgmres_iterations"]
                print("%s refine %d: %6d cells, %8d + %6d dofs, FGMRES its per step: undrained %d, then %s (max %d), wall %.1f s" %
                      (case, refine, row["cells"], row["dofs_u"], row["dofs_p"], its[0], " ".join(map(str, its[1:])), max(its), row["wall_s"]))
                sys.stdout.flush()
    machine = re.sub(r"[^a-z0-9]+", "-", platform.node().lower()).strip("-") or "machine"
    out = args.out or os.path.join(HERE, "results", "biot_iterations", "%s-%s.json" % (datetime.date.today().isoformat(), machine))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump({"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "ranks": args.np,
                   "options": COMMON, "runs": rows}, f, indent=1)
    print("recorded %s" % out)


if __name__ == "__main__":
    main()
