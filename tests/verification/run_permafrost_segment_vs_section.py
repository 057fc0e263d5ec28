#!/usr/bin/env python3
"""3D permafrost thaw against the 2D section: plane strain and no heat flow along the tunnel are the limit of the 3D run.

Requirement: -problem permafrost_thaw with -tunnel_segment_length (the section extruded along the tunnel, bore, lining
and warm wall over the whole length, ends insulated and on rollers) has, in every section, the temperature, ice
saturation and displacement of the 2D transverse section with the same mesh, layers, loads and time steps within
1e-6 relative to each field's largest magnitude, no displacement along the tunnel, and the same _thaw.csv rows (thaw
depth, surface settlement, enthalpy change and heat in per metre of tunnel). Reference: the 2D solution itself: a Q1
hexahedral mesh extruded from the Q1 quadrilateral section reproduces the 2D discrete heat and plane-strain solutions
exactly when nothing varies along the axis (tensor-product basis and quadrature; the along-tunnel roller removes the
end equations that carry sigma_xx), so only the solver tolerances (heat Newton, -mech_ksp_rtol 1e-11)
separate them (the heat's Newton takes the same steps in 2D and 3D). Measured on 1 and 2 ranks: temperature, ice
saturation, thaw strain 1e-14, displacement 2e-10 to 4e-10, u_x 6e-12, _thaw.csv rows identical as written. A wall temperature on the wrong faces,
heat lost through the ends, a thaw strain on the wrong axis or energy not per metre changes them by percent or more.
usage: run_permafrost_segment_vs_section.py OUTDIR NP"""
import csv
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, np_ = sys.argv[1], int(sys.argv[2])
case = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "bering", "permafrost_landfall.yaml")
common = [case, "-thaw_years", "2", "-output_times", "1,2", "-mech_ksp_rtol", "1e-11", "-output_dir", outdir,
          "-output_overwrite"]
diorun.run(["run"] + common + ["-output_name", "plane"], np=1)
diorun.run(["run"] + common + ["-tunnel_segment_length", "6", "-tunnel_segment_slices", "2", "-bc_ends", "roller", "-output_name", "segment"], np=np_)


def last(f):
    return f["fields/" + sorted(k for k in f["fields"] if k.startswith("step_"))[-1]]


f2, f3 = h5py.File(os.path.join(outdir, "plane.h5"), "r"), h5py.File(os.path.join(outdir, "segment.h5"), "r")
s2, s3 = last(f2), last(f3)
v2, v3 = f2["mesh/vertices"][:], f3["mesh/vertices"][:]
c2 = v2[f2["mesh/cells"][:]].mean(axis=1)
c3 = v3[f3["mesh/cells"][:]].mean(axis=1)


def match(points3, points2):
    """Index into the 2D points of every 3D point's (y, z) = 2D (x, y)."""
    key = {(round(x, 5), round(y, 5)): i for i, (x, y) in enumerate(points2[:, :2])}
    idx = np.array([key.get((round(y, 5), round(z, 5)), -1) for y, z in points3[:, 1:3]])
    assert (idx >= 0).all(), "3D sections differ from the 2D section"
    return idx


iv, ic = match(v3, v2), match(c3, c2)
ok = True


def compare(name, a3, a2):
    global ok
    err = np.abs(a3 - a2).max() / max(np.abs(a2).max(), 1e-300)
    good = err < 1e-6
    ok &= good
    print("%-16s 3D vs 2D max rel. difference %.2e %s" % (name, err, "ok" if good else "FAIL (> 1e-6)"))


print("%d 3D vertices on %d sections, %d 3D cells, %d ranks" % (len(v3), len(np.unique(np.round(v3[:, 0], 6))), len(c3), np_))
compare("temperature", s3["temperature"][:], s2["temperature"][:][iv])
compare("ice_saturation", s3["ice_saturation"][:], s2["ice_saturation"][:][ic])
compare("thaw_strain", s3["thaw_strain"][:], s2["thaw_strain"][:][ic])
u2, u3 = s2["displacement"][:], s3["displacement"][:]
compare("displacement", u3[:, 1:3], u2[iv][:, :2])
along = np.abs(u3[:, 0]).max() / np.abs(u2).max()
ok &= along < 1e-6
print("%-16s |u_x| / max |u| %.2e %s" % ("along tunnel", along, "ok" if along < 1e-6 else "FAIL (> 1e-6)"))


def rows(name):
    with open(os.path.join(outdir, name + "_thaw.csv")) as f:
        return np.array([[float(r[k]) for k in r if k != "step"] for r in csv.DictReader(f)])


r2, r3 = rows("plane"), rows("segment")
err = np.abs(r3 - r2).max(axis=0) / np.maximum(np.abs(r2).max(axis=0), 1e-300)
good = r2.shape == r3.shape and (err < 1e-6).all() and r2[-1, 1] > 1.0
ok &= good
print("_thaw.csv: %d rows, thaw depth %.3f m, settlement %.2f mm, enthalpy change %.4e J/m; max rel. difference per column %s %s"
      % (len(r2), r2[-1, 1], 1e3 * r2[-1, 2], r2[-1, 3], " ".join("%.1e" % e for e in err), "ok" if good else "FAIL"))
sys.exit(0 if ok else 1)
