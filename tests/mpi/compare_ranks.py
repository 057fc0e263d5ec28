#!/usr/bin/env python3
"""MPI: the same case on 1, 2 and 3 ranks gives the same fields (of its last output step).

Requirement: displacement (per vertex) and stresses (per cell) agree across rank counts within 1e-6 relative to
the field's largest magnitude, after sorting vertices and cells by coordinates (the partition changes the order,
never the answer). Tolerance: the solves stop at -mech_ksp_rtol 1e-10; GAMG's aggregates differ per partition, so
the solutions differ by about rtol times the condition-number growth, far below 1e-6 relative; a wrong ghost
exchange or a lost boundary condition gives errors of order 1. Elastoplastic runs: the equivalent plastic strain per
cell as well (Newton converges quadratically, so its last iterate is far below -mech_snes_rtol); with
--require-yield the 1-rank run must have yielding cells (the comparison then covers the plastic state).
usage: compare_ranks.py OUTDIR [--require-yield] [diomede run arguments...]"""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir = sys.argv[1]
args = sys.argv[2:]
require_yield = "--require-yield" in args
args = [a for a in args if a != "--require-yield"]


def load(np_):
    name = "ranks_%d" % np_
    _, log = diorun.run(["run"] + args + ["-output_dir", outdir, "-output_name", name, "-output_overwrite", "-mech_ksp_rtol", "1e-10"], np=np_)
    print(log.strip().splitlines()[-6] if log else "")
    f = h5py.File(os.path.join(outdir, name + ".h5"), "r")
    verts = f["mesh/vertices"][:]
    cells = f["mesh/cells"][:]
    last = sorted(k for k in f["fields"].keys() if k.startswith("step_"))[-1]
    step = f["fields/" + last]
    vorder = np.lexsort(np.round(verts, 6).T[::-1])
    centroids = verts[cells].mean(axis=1)
    corder = np.lexsort(np.round(centroids, 6).T[::-1])
    ranks = f["fields/static/rank"][:]
    return {
        "vertices": verts[vorder],
        "centroids": centroids[corder],
        "displacement": step["displacement"][:][vorder],
        "stress": step["stress"][:][corder],
        "effective_stress": step["effective_stress"][:][corder],
        "pore_pressure": step["pore_pressure"][:][corder],
        "layer": f["fields/static/layer"][:][corder],
        # coupled heat problems: the temperature (vertex) and ice saturation (cell) as well
        "temperature": step["temperature"][:][vorder] if "temperature" in step else None,
        "ice_saturation": step["ice_saturation"][:][corder] if "ice_saturation" in step else None,
        # elastoplastic layers: the equivalent plastic strain and yield fraction (cell)
        "plastic_strain": step["plastic_strain"][:][corder] if "plastic_strain" in step else None,
        "yield_fraction": step["yield_fraction"][:][corder] if "yield_fraction" in step else None,
        "num_ranks": len(np.unique(ranks)),
    }


runs = {n: load(n) for n in (1, 2, 3)}
ok = True
for n in (2, 3):
    if runs[n]["num_ranks"] != n:
        print("run on %d ranks wrote cells owned by %d ranks" % (n, runs[n]["num_ranks"]))
        ok = False
    for name in ("vertices", "centroids", "layer"):
        if runs[n][name].shape != runs[1][name].shape or not np.allclose(runs[n][name], runs[1][name], rtol=0, atol=1e-9):
            print("%d ranks: %s differ from 1 rank" % (n, name))
            ok = False
    for name in ("displacement", "stress", "effective_stress", "pore_pressure", "temperature", "ice_saturation", "plastic_strain"):
        ref = runs[1][name]
        if ref is None:
            continue
        err = np.abs(runs[n][name] - ref).max() / max(np.abs(ref).max(), 1e-300)
        good = err < 1e-6
        ok &= good
        print("%d ranks vs 1: %-18s max rel. difference %.2e %s" % (n, name, err, "ok" if good else "FAIL (> 1e-6)"))
if require_yield:
    yielded = 0 if runs[1]["yield_fraction"] is None else int((runs[1]["yield_fraction"] > 0).sum())
    print("1 rank: %d cells yield %s" % (yielded, "ok" if yielded > 0 else "FAIL (--require-yield)"))
    ok &= yielded > 0
sys.exit(0 if ok else 1)
