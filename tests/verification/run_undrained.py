#!/usr/bin/env python3
"""Undrained loading and the drained limit of a Biot sample (tests/verification/biot_sample.yaml).
usage: run_undrained.py OUTDIR NAME NP undrained|drained|undrained_layer|drained_layer [diomede options...]

Requirement (Wang 2000, ch. 3; biot_reference.py): a sample under a uniaxial total stress sigma_zz = -q, uniform, with
rollers on three faces and the others free:
  undrained (no drained face, the response at t = 0): the excess pore pressure is B q / 3 everywhere (mean stress q / 3,
    Skempton's B = alpha / (K_d / M + alpha^2)) and the lateral strain is -nu_u times the axial one, nu_u the undrained
    Poisson's ratio (3 K_u - 2 G) / (2 (3 K_u + G)), K_u = K_d + alpha^2 M; the values stay so at the later step
    (nothing drains);
  drained (top drained, one backward-Euler step of 1e12 s, T ~ 1e9): the excess pressure vanishes and the displacement
    is today's elastic one, u_z(top) = -q H / E, u_x(x = W) = nu q W / E.
Tolerance: a uniform stress and a constant pressure lie in the Q2-Q1 spaces, so the discrete solution is exact up to
the solver tolerance (-biot_ksp_rtol 1e-12 here) and round-off: 1e-6 relative at t = 0. The later step of 1e12 s
weighs the conductance dt H some 1e7 times above the storage: its round-off left 4e-6 (measured) in the undrained
pressure, so that step is held to 1e-4. With the case's stiff skeleton (E = 1 GPa, alpha = 0.9, compressible water
and grains) B = 0.956 and nu_u = 0.459 (0.25 drained): a storage or coupling term wrong by 1 % fails.
Drainage types per layer (-materials_<layer>_drainage, issue 14): undrained_layer (the layer undrained and its top
  face drained: no water leaves an undrained layer, so every step is the undrained response above, same bounds);
  drained_layer (the layer drained, no face drained: its pressure is held at zero, so every step, t = 0 included, is
  the drained elastic solution, to 1e-6)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
sys.path.insert(0, os.path.dirname(__file__))
import diorun  # noqa: E402
import biot_reference as ref  # noqa: E402

outdir, name, np_ranks, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
extra = sys.argv[5:] + {"drained": ["-flow_drained", "surface"], "undrained": [],
                         "undrained_layer": ["-flow_drained", "surface", "-materials_seabed_sediment_drainage", "undrained"],
                         "drained_layer": ["-materials_seabed_sediment_drainage", "drained"]}[mode]
kind = mode.split("_")[0]
_, log = diorun.run(["run", diorun.source("tests/verification/biot_sample.yaml"), "-output_dir", outdir, "-output_name", name, "-output_overwrite",
                     "-biot_ksp_rtol", "1e-12"] + extra, np=np_ranks)
print(log)
import h5py  # noqa: E402

f = h5py.File(os.path.join(outdir, name + ".h5"), "r")
opts = ref.options_of(f)
layer = ref.Layer(opts)
q, H, W = float(opts["consolidation_load"]), float(opts["column_height"]), float(opts["column_width"])
v = f["mesh/vertices"][:]
steps = sorted(k for k in f["fields"] if k.startswith("step_"))
top, east = np.isclose(v[:, 2], v[:, 2].max()), np.isclose(v[:, 0], W)
for k, step in enumerate(steps):
    g = f["fields"][step]
    u, p = g["displacement"][:], g["excess_pore_pressure"][:]
    eps_zz, eps_xx = u[top, 2].mean() / H, u[east, 0].mean() / W
    spread = max(np.ptp(u[top, 2]), np.ptp(u[east, 0])) / abs(u[top, 2].mean())
    if kind == "undrained":
        B, nu_u = layer.undrained()
        print("step %d: p %.8g .. %.8g Pa against B q / 3 = %.8g Pa (B = %.5f); nu_u %.6f against %.6f" % (k, p.min(), p.max(), B * q / 3, B, -eps_xx / eps_zz, nu_u))
        tol = 1e-6 if k == 0 else 1e-4
        diorun.expect(np.max(abs(p - B * q / 3)) < tol * B * q / 3, "step %d: excess pore pressure = Skempton's B q / 3 to %g" % (k, tol))
        diorun.expect(abs(-eps_xx / eps_zz - nu_u) < tol, "step %d: undrained Poisson's ratio %.6f = %.6f to %g" % (k, -eps_xx / eps_zz, nu_u, tol))
    elif k == len(steps) - 1 or mode == "drained_layer":
        uz, ux = -q * H / layer.E, layer.nu * q * W / layer.E
        print("drained: u_z(top) %.8g m against %.8g m, u_x(east) %.8g m against %.8g m, |p| <= %.3g Pa" % (u[top, 2].mean(), uz, u[east, 0].mean(), ux, abs(p).max()))
        diorun.expect(abs(u[top, 2].mean() - uz) < 1e-6 * abs(uz), "step %d: drained settlement = q H / E to 1e-6" % k)
        diorun.expect(abs(u[east, 0].mean() - ux) < 1e-6 * abs(ux), "drained lateral expansion = nu q W / E to 1e-6")
        diorun.expect(abs(p).max() < 1e-6 * q, "drained excess pore pressure < 1e-6 q")
    if kind == "undrained" or mode == "drained_layer" or k == len(steps) - 1:  # drained, the undrained step drains at the top at once: not uniform
        diorun.expect(spread < 1e-6, "step %d: uniform strain (spread %.1e of the displacements on a face)" % (k, spread))
sys.exit(1 if diorun.failures else 0)
