#!/usr/bin/env python3
"""Geostatic column verification: reads diomede's HDF5 output the way a user would.

Requirement: in a horizontally layered column with lateral rollers and a fixed base, the cell-average stresses equal
the analytical geostatic state within 1e-7 relative to the largest vertical stress, and the surface settlement
equals the integral of the vertical strain:
    sigma'_v(z) = -sum (gamma_i - gamma_w) h_i  (saturated layers under the sea; buoyant unit weight)
    p(z)        = gamma_w (z_w - z),   sigma_v = sigma'_v - p   (total = -(gamma_w h_w + sum gamma_i h_i))
    sigma'_h    = K0 sigma'_v,  K0 = nu / (1 - nu)  (lateral rollers: eps_h = 0)
    u_v(top)    = sum_i h_i sigma'_v,i / (lambda_i + 2 mu_i)   (oedometric strain, base fixed)
With --dry (pore pressure off) the skeleton carries the total weight and the sea pressure on the seabed.
Reference: DESIGN.md ("Verification we will hold the code to"); any soil-mechanics text (e.g. Craig, ch. 3).
Tolerance: the finite-element solution of this one-dimensional problem is exact for constant density per cell
(nodally exact displacements; the cell-average stress of a linear-in-z stress is its centroid value), so only
the solver tolerance (-mech_ksp_rtol 1e-12) and round-off remain: 1e-7 leaves a wide margin that a wrong
weight, a missing sea load or a wrong K0 (errors of 1e-2 and more) cannot pass.
"""
import re
import sys

import h5py
import numpy as np


def options_of(f):
    opts = f.attrs["options"]
    opts = opts.decode() if isinstance(opts, bytes) else str(opts)
    pairs = re.findall(r"-(\S+)(?:\s+([^-\s]\S*))?", opts)
    return {k.lower(): v for k, v in pairs}


def main(path, dry):
    f = h5py.File(path, "r")
    opts = options_of(f)
    names = dict(item.split("=") for item in str(f.attrs["layer_names"].decode() if isinstance(f.attrs["layer_names"], bytes) else f.attrs["layer_names"]).split(", "))
    g = float(opts.get("loads_gravity", 9.81))
    rho_w = float(opts.get("loads_water_density", 1025))
    verts = f["mesh/vertices"][:]
    cells = f["mesh/cells"][:]
    layer = f["fields/static/layer"][:].astype(int)
    step = f["fields/step_000000"]
    eff = step["effective_stress"][:]
    tot = step["stress"][:]
    pore = step["pore_pressure"][:]
    disp = step["displacement"][:]
    dim = 3 if cells.shape[1] == 8 else 2
    vz = dim - 1
    zc = verts[cells, vz]
    z_top, z_bot, z_mid = zc.max(axis=1), zc.min(axis=1), zc.mean(axis=1)
    surface = verts[:, vz].max()
    depth_w = max(0.0, 0.0 - surface)

    def param(lid, key):
        return float(opts["materials_%s_%s" % (names[str(lid)], key)])

    gamma = np.array([param(l, "density") * g for l in layer])
    nu = np.array([param(l, "poissons_ratio") for l in layer])
    E = np.array([param(l, "youngs_modulus") for l in layer])
    oed = E * (1 - nu) / ((1 + nu) * (1 - 2 * nu))
    gw = rho_w * g
    # every column is identical: order cells by their top elevation within one column of cell centroids
    xy = verts[cells][:, :, :vz].mean(axis=1)
    key = np.round(xy, 6)
    expected_v = np.zeros(len(cells))
    expected_p = np.zeros(len(cells))
    top_settlement = {}
    for k in np.unique(key, axis=0):
        idx = np.where((key == k).all(axis=1))[0]
        idx = idx[np.argsort(-z_top[idx])]
        above = 0.0 if not dry else -gw * depth_w
        settle = 0.0
        for c in idx:
            unit = gamma[c] - (0 if dry else gw)
            expected_v[c] = above - unit * (z_top[c] - z_mid[c])
            above -= unit * (z_top[c] - z_bot[c])
            expected_p[c] = 0.0 if dry else gw * (0.0 - z_mid[c])
            settle += (z_top[c] - z_bot[c]) * expected_v[c] / oed[c]
        top_settlement[tuple(k)] = settle
    scale = np.abs(expected_v - expected_p).max()
    K0 = nu / (1 - nu)
    errors = {
        "sigma'_v": np.abs(eff[:, vz] - expected_v).max() / scale,
        "sigma'_h": np.abs(eff[:, 0] - K0 * expected_v).max() / scale,
        "pore pressure": np.abs(pore - expected_p).max() / scale,
        "sigma_v total": np.abs(tot[:, vz] - (expected_v - expected_p)).max() / scale,
        "shear": np.abs(eff[:, 3:]).max() / scale,
    }
    if dim == 3:
        errors["sigma'_h across"] = np.abs(eff[:, 1] - K0 * expected_v).max() / scale
    top = np.where(np.isclose(verts[:, vz], surface))[0]
    expected_top = np.mean(list(top_settlement.values()))
    errors["surface settlement"] = np.abs(disp[top, vz] - expected_top).max() / abs(expected_top)
    ok = True
    print("geostatic column (%dD, %d cells, %s): max |sigma'_v| %.4g MPa, settlement %.4g m" % (dim, len(cells), "dry skeleton" if dry else "saturated", scale / 1e6, expected_top))
    for name, err in errors.items():
        good = err < 1e-7
        ok &= good
        print("  %-20s rel. error %.3e  %s" % (name, err, "ok" if good else "FAIL (> 1e-7)"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], "--dry" in sys.argv))
