#!/usr/bin/env python3
"""Parameter sweep: tunnel axis depth x relaxation (a stand-in for face/grout support until issue 3's 3D view lands)
on the transverse section, run as parallel jobs with unique output folders, collected into one CSV and one plot.

usage: examples/sweep/sweep.py [--jobs N] [--ranks R] [--out DIR] [--exe build/diomede]
Each run writes DIR/<name>/<name>_summary.json; the collected table is DIR/sweep.csv and DIR/sweep.png (if
matplotlib is installed). Standard library only, apart from the optional plot."""
import argparse
import concurrent.futures
import csv
import itertools
import json
import os
import subprocess
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--jobs", type=int, default=2)
ap.add_argument("--ranks", type=int, default=1)
ap.add_argument("--out", default="out/sweep")
ap.add_argument("--exe", default="build/diomede")
ap.add_argument("--case", default="examples/bering/transverse_landfall.yaml")
args = ap.parse_args()

axis_elevations = [-80, -100, -120]
relaxations = [0.2, 0.4, 0.6]
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMP_NUM_THREADS="1")


def run(axis, beta):
    name = "axis%d_beta%.1f" % (-axis, beta)
    outdir = os.path.join(args.out, name)
    cmd = ["mpiexec", "-n", str(args.ranks), "--oversubscribe", args.exe, "run", args.case, "-mesh_axis_elevation", str(axis),
           "-tunnel_relaxation", str(beta), "-output_dir", outdir, "-output_name", name, "-output_overwrite"]
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        return name, None, proc.stdout[-500:]
    with open(os.path.join(outdir, name + "_summary.json")) as f:
        return name, json.load(f), ""


rows = []
with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
    for name, summary, err in pool.map(lambda p: run(*p), itertools.product(axis_elevations, relaxations)):
        if summary is None:
            print("%s failed:\n%s" % (name, err), file=sys.stderr)
            continue
        rows.append({"run": name, "axis_elevation_m": summary["input_mesh_axis_elevation"], "relaxation": summary["input_tunnel_relaxation"],
                     "max_surface_settlement_m": summary["max_surface_settlement_m"], "vertical_convergence_m": summary["vertical_convergence_m"],
                     "lining_thrust_min_N_per_m": summary.get("lining_thrust_min_N_per_m"), "wall_time_s": summary["wall_time_s"]})
        print("%-18s settlement %.3f mm" % (name, 1e3 * summary["max_surface_settlement_m"]))
os.makedirs(args.out, exist_ok=True)
with open(os.path.join(args.out, "sweep.csv"), "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    writer.writerows(rows)
print("wrote", os.path.join(args.out, "sweep.csv"))
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    for axis in axis_elevations:
        sel = [r for r in rows if float(r["axis_elevation_m"]) == axis]
        plt.plot([float(r["relaxation"]) for r in sel], [1e3 * r["max_surface_settlement_m"] for r in sel], "o-", label="axis %d m" % axis)
    plt.xlabel("relaxation before lining (beta)")
    plt.ylabel("max surface settlement (mm)")
    plt.legend()
    plt.savefig(os.path.join(args.out, "sweep.png"), dpi=120)
    print("wrote", os.path.join(args.out, "sweep.png"))
except ImportError:
    print("matplotlib not installed: no plot (apt-get install python3-matplotlib)")
