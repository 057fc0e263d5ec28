#!/usr/bin/env python3
"""Prescribed displacements with Mohr-Coulomb ground: the Verruijt-Booker wall displacement of run_verruijt_booker.py
(weightless, unstressed half-plane, E 1 GPa, nu 0.3, R 6 m, h 30 m, eps 0.01, delta 0.005, fixed base and roller
ends, half width 5 h, Q2, refine 0) in an elastoplastic ground, where the prescribed values enter Newton's unknown
(set at each load increment, kept by the line search) instead of a lifting of the load.

Requirement 1 (verification): with a strength that never binds (cohesion and tension cut-off 1e12 Pa) the
elastoplastic solve is the linear one: no quadrature point yields and every field (displacement, strain, stress,
effective stress and its vertical and horizontal parts) and the settlement trough equal the elastic run's within
1e-8 relative to the field's largest value (both solves at rtol 1e-12; measured 1.4e-11). stress_ratio_h_v is left
out: a ratio of two stresses that vanish far from the bore, it amplifies round-off (1e-7).
Requirement 2 (sanity, alongside 1): with the rock's real strength (c 1 MPa, phi 42, psi 4 degrees, tension cut-off
0.2 MPa) Newton converges, the ground yields, and the bore wall keeps exactly its prescribed displacement (crown,
invert and springlines equal the elastic run's within 1e-9). The ground above the crown, unstressed and weightless,
cannot follow the crown in tension beyond the 0.2 MPa cut-off: the centreline settlement is far smaller than the
elastic 45.6 mm (measured 8.1 mm, the same with psi = 0: not dilation; checked: below half the elastic value).
Requirement 3 (parallel): the real-strength run on 2 ranks equals the 1-rank run (rows matched by coordinates):
displacement, stress and plastic strain within 1e-8 of their largest values (measured 1e-14 on 3 ranks).
usage: run_verruijt_booker_mc.py OUTDIR"""
import csv
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

outdir = sys.argv[1]
rock = "-materials_metasedimentary_rock_"
base = ["run", "-problem", "transverse_section", "-initial_stress", "uniform", "-initial_stress_components", "0,0,0", "-tunnel_diameter", "12",
        "-tunnel_depth", "30", "-tunnel_relaxation", "1", "-tunnel_lining", "false", "-tunnel_wall_displacement", "verruijt_booker",
        "-tunnel_ground_loss", "0.01", "-tunnel_ovalisation", "0.005", "-mesh_half_width", "150", "-mesh_refine", "0", "-bc_base", "fixed",
        "-bc_ends", "roller", rock + "youngs_modulus", "1e9", rock + "poissons_ratio", "0.3", "-mech_element_order", "2", "-mech_ksp_rtol", "1e-12",
        "-output_dir", outdir, "-output_overwrite", "-progress", "normal"]
mc = ["-materials_constitutive", "mohr_coulomb"]


def run(name, extra, np_=1):
    _, log = diorun.run(base + extra + ["-output_name", name], np=np_)
    newton = [line for line in log.splitlines() if "Newton" in line]
    with open(os.path.join(outdir, name + "_trough.csv")) as f:
        trough = np.array([[float(r["x_m"]), float(r["settlement_m"])] for r in csv.DictReader(f)])
    with open(os.path.join(outdir, name + "_tunnel.csv")) as f:
        tunnel = list(csv.DictReader(f))[-1]
    return newton, trough, tunnel


def yielding(newton):
    return int(newton[-1].split("cut back),")[1].split()[0]) if newton else -1


_, el_trough, el_tunnel = run("vbmc_elastic", [])
hc_newton, hc_trough, _ = run("vbmc_strong", mc + [rock + "cohesion", "1e12", rock + "tensile_strength", "1e12", "-mech_snes_rtol", "1e-12"])
worst, where = 0.0, ""
with h5py.File(os.path.join(outdir, "vbmc_elastic.h5"), "r") as fa, h5py.File(os.path.join(outdir, "vbmc_strong.h5"), "r") as fb:
    for field in ("displacement", "strain", "stress", "effective_stress", "effective_stress_vertical", "effective_stress_horizontal"):
        x, y = fa["fields/step_000001"][field][:], fb["fields/step_000001"][field][:]
        d = np.abs(x - y).max() / np.abs(x).max()
        if d > worst:
            worst, where = d, field
d_trough = np.abs(hc_trough[:, 1] - el_trough[:, 1]).max() / np.abs(el_trough[:, 1]).max()
expect(yielding(hc_newton) == 0 and worst < 1e-8 and d_trough < 1e-8,
       "strength that never binds: %d points yield; fields equal the elastic run's within %.1e (%s), trough within %.1e (tol 1e-8)" %
       (yielding(hc_newton), worst, where, d_trough))

pl_newton, pl_trough, pl_tunnel = run("vbmc_real", mc)
keys = ("crown_uy_m", "invert_uy_m", "east_springline_ux_m", "west_springline_ux_m")
wall = max(abs(float(pl_tunnel[k]) - float(el_tunnel[k])) for k in keys) / abs(float(el_tunnel["crown_uy_m"]))
centre_el, centre_pl = el_trough[np.argmin(np.abs(el_trough[:, 0])), 1], pl_trough[np.argmin(np.abs(pl_trough[:, 0])), 1]
expect(yielding(pl_newton) > 0 and wall < 1e-9 and 0 < centre_pl < 0.5 * centre_el,
       "real strength: converged (%s), %d points yield, wall displacements as prescribed within %.1e (tol 1e-9), centreline settlement %.2f mm "
       "(elastic %.2f mm; the unstressed ground above the crown cannot follow it in tension)" %
       (pl_newton[-1].strip() if pl_newton else "no Newton line", yielding(pl_newton), wall, 1e3 * centre_pl, 1e3 * centre_el))

run("vbmc_real_np2", mc, 2)
worst, where = 0.0, ""
with h5py.File(os.path.join(outdir, "vbmc_real.h5"), "r") as fa, h5py.File(os.path.join(outdir, "vbmc_real_np2.h5"), "r") as fb:
    orders = []
    for f in (fa, fb):
        v, c = f["mesh/vertices"][:], f["mesh/cells"][:]
        orders.append((np.lexsort(np.round(v, 6).T[::-1]), np.lexsort(np.round(v[c].mean(1), 6).T[::-1])))
    for field, center in (("displacement", 0), ("stress", 1), ("plastic_strain", 1)):
        x = fa["fields/step_000001"][field][:][orders[0][center]]
        y = fb["fields/step_000001"][field][:][orders[1][center]]
        d = np.abs(x - y).max() / np.abs(x).max()
        if d > worst:
            worst, where = d, field
expect(worst < 1e-8, "real strength on 2 ranks equals 1 rank within %.1e (%s; tol 1e-8)" % (worst, where))

# Nothing to carry: the landfall section under gravity, the wall held where it is (no ground loss, no ovalisation).
# The residual left by the geostatic solve (rtol 1e-8 of its loads) cannot drop by another 1e-8: Newton must stop on
# -mech_load_atol (scaled by the internal force of the carried stress), not fail after cutting the load back to nothing.
_, log = diorun.run(["run", diorun.source("examples", "bering", "transverse_landfall.yaml"), "-tunnel_wall_displacement", "verruijt_booker",
                     "-tunnel_lining", "false", "-tunnel_ground_loss", "0", "-tunnel_ovalisation", "0", "-materials_constitutive", "mohr_coulomb",
                     "-output_dir", outdir, "-output_name", "vbmc_nothing", "-output_overwrite"], check=False)
with h5py.File(os.path.join(outdir, "vbmc_nothing.h5"), "r") as f:
    moved = np.abs(f["fields/step_000001/displacement"][:]).max() if "step_000001" in f["fields"] else float("nan")
expect("error" not in log and moved < 1e-9, "nothing to carry: the excavation step converges (%s), largest displacement %.1e m (tol 1e-9)" %
       ("no error" if "error" not in log else log.strip().splitlines()[-1], moved))
sys.exit(1 if failures else 0)
