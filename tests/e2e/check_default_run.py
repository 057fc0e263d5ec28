#!/usr/bin/env python3
"""End to end: the quick-start example (Bering Strait, embedded profile) runs on 2 ranks, and its HDF5/XDMF output
is read back and checked for names, sizes, metadata and a physically sensible stress state.
usage: check_default_run.py OUTDIR"""
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

outdir = sys.argv[1]
_, log = diorun.run(["run", "examples/bering/geostatic.yaml", "-output_dir", outdir, "-output_overwrite"], np=2)
print(log)


for word in ("[mesh]", "[step", "step   1/1", "KSP", "ETA", "wall", "[output]"):
    expect(word in log, "progress log shows %r" % word)

h5path, xmfpath = os.path.join(outdir, "bering.h5"), os.path.join(outdir, "bering.xmf")
f = h5py.File(h5path, "r")
for key in ("diomede_version", "petsc_version", "units", "sign_convention", "options", "layer_names", "axes", "mpi_ranks"):
    expect(key in f.attrs, "metadata attribute %s" % key)
verts, cells = f["mesh/vertices"][:], f["mesh/cells"][:]
nv, nc = len(verts), len(cells)
expect(verts.shape == (nv, 3) and cells.shape == (nc, 4), "2D mesh: vertices [N][3], quadrilateral cells [M][4]")
expect(cells.min() == 0 and cells.max() == nv - 1, "cells reference every vertex and nothing else")
expect(100_000 <= nc <= 600_000, "default section has a few hundred thousand cells (%d)" % nc)
expect(abs(verts[:, 0].min() + 11500) < 1 and abs(verts[:, 0].max() - 96000) < 1, "section spans the profile, x = -11.5 .. 96 km")
expect(abs(verts[:, 1].min() + 600) < 1e-6 and 600 < verts[:, 1].max() < 700, "base at -600 m, Dezhnev massif up to ~680 m")
static = f["fields/static"]
for name in ("layer", "permafrost", "rank", "youngs_modulus"):
    expect(name in static and static[name].shape[0] == nc, "static cell field %s [M]" % name)
expect(set(np.unique(static["rank"][:])) == {0, 1}, "cells owned by both ranks recorded")
step = f["fields/step_000000"]
shapes = {"displacement": (nv, 3), "stress": (nc, 6), "effective_stress": (nc, 6), "strain": (nc, 6), "pore_pressure": (nc,),
          "effective_stress_vertical": (nc,), "effective_stress_horizontal": (nc,), "stress_ratio_h_v": (nc,)}
for name, shape in shapes.items():
    expect(name in step and step[name].shape == shape, "field %s %s" % (name, shape))
    expect(name in step and np.isfinite(step[name][:]).all(), "field %s finite" % name)

sig_v = step["stress"][:, 1]
eff_v = step["effective_stress_vertical"][:]
pore = step["pore_pressure"][:]
layer = static["layer"][:]
ratio = step["stress_ratio_h_v"][:]
# heaviest column: ~1280 m of granite under the massif, 2650 kg/m3 -> ~33 MPa
expect(sig_v.max() < 0.05e6 and sig_v.min() > -40e6, "total vertical stress compressive, within -40 MPa (%.2f .. %.2f MPa)" % (sig_v.min() / 1e6, sig_v.max() / 1e6))
expect(5.5e6 < pore.max() <= 1025 * 9.81 * 600 * 1.0001, "pore pressure max near rho_w g 600 m = 6.03 MPa (%.3f MPa)" % (pore.max() / 1e6))
expect((eff_v > 1e3).mean() < 0.01, "effective vertical stress compressive in > 99 %% of cells")
names = dict(item.split("=") for item in (f.attrs["layer_names"].decode() if isinstance(f.attrs["layer_names"], bytes) else str(f.attrs["layer_names"])).split(", "))
sed = [int(k) for k, v in names.items() if v == "seabed_sediment"][0]
k_sed = np.median(ratio[(layer == sed) & (eff_v < -10e3)])
expect(0.35 < k_sed < 0.55, "seabed sediment sigma'_h/sigma'_v near K0 = nu/(1-nu) = 0.43 (median %.3f)" % k_sed)
uz = step["displacement"][:, 1]
expect(uz.min() < 0 and uz.max() < 1e-3, "gravity settles the section (u_y %.3g .. %.3g m)" % (uz.min(), uz.max()))

# the XDMF index points at datasets that exist, with matching sizes
root = ET.parse(xmfpath).getroot()
items = root.iter("DataItem")
for item in items:
    ref = item.text.strip()
    fname, dset = ref.split(":")
    expect(fname == "bering.h5", "XDMF refers to bering.h5 by a relative name (%s)" % fname)
    dims = tuple(int(d) for d in item.get("Dimensions").split())
    expect(dset in f and f[dset].shape == dims, "XDMF item %s %s" % (dset, dims))
expect(any(g.get("CollectionType") == "Temporal" for g in root.iter("Grid")), "XDMF is a temporal collection")
f.close()

pvbatch = shutil.which("pvbatch")
if pvbatch:
    script = os.path.join(os.path.dirname(__file__), "pv_open.py")
    proc = subprocess.run([pvbatch, script, xmfpath, str(nc)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(proc.stdout[-2000:])
    expect(proc.returncode == 0, "ParaView (pvbatch) opens bering.xmf with every cell and array")
else:
    print("skip  ParaView check: pvbatch not installed (scripts/install-deps.sh --with-paraview)")
sys.exit(1 if failures else 0)
