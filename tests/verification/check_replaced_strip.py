#!/usr/bin/env python3
"""Longitudinal drive, replaced strip in a layered column: the drive's staged construction against a closed form.

Requirement: after every stage of a drive spanning the whole width of the flat geostatic column
(tests/verification/geostatic_column.yaml), with the strip replaced by the smeared lining-equivalent material
(modulus and density times f = 1 - (1 - 2t/D)^2, no initial stress, dry), the fields equal the one-dimensional
solution within 1e-7 relative:
  - strip (dry, new material): sigma_v(z) = -(S_top + rho_eq g (z_top - z)), S_top the geostatic total vertical
    stress at the strip top (sea load + overburden);
  - ground above the strip: stresses unchanged from the initial state (step 0);
  - ground below: effective vertical stress changed by +(rho_strip - rho_eq) g h (unloading), horizontal by K0 times;
  - displacement (reset to zero at step 0): the base is fixed, the ground below heaves by the integral of the
    oedometric strain of that unloading, the strip shortens by the integral of sigma_v / M_eq, the ground above
    moves rigidly: u_surface = u(strip bottom) - strip shortening.
Reference: the geostatic column (check_geostatic_column.py) and the oedometric response of a layered column.
Tolerance: as for the geostatic column, the FE solution is exact for this 1D problem; only the solver tolerance
(-mech_ksp_rtol 1e-12) remains; a lost initial stress, a wrong equivalent material or a missing interface pressure
change the answer by percent.
usage: check_replaced_strip.py FILE.h5"""
import re
import sys

import h5py
import numpy as np

f = h5py.File(sys.argv[1], "r")
opts = dict((k.lower(), v) for k, v in re.findall(r"-(\S+)(?:\s+([^-\s]\S*))?", f.attrs["options"].decode() if isinstance(f.attrs["options"], bytes) else str(f.attrs["options"])))
names = dict(item.split("=") for item in (f.attrs["layer_names"].decode() if isinstance(f.attrs["layer_names"], bytes) else str(f.attrs["layer_names"])).split(", "))
g, rho_w = float(opts["loads_gravity"]), float(opts["loads_water_density"])
D, t = float(opts["tunnel_diameter"]), float(opts["tunnel_lining_thickness"])
fshare = 1 - (1 - 2 * t / D) ** 2


def param(lid, key):
    return float(opts["materials_%s_%s" % (names[str(lid)], key)])


def oedometric(E, nu):
    return E * (1 - nu) / ((1 + nu) * (1 - 2 * nu))


verts, cells = f["mesh/vertices"][:], f["mesh/cells"][:]
dim = 3 if cells.shape[1] == 8 else 2
vz = dim - 1
layer = f["fields/static/layer"][:]
stage = f["fields/static/excavation_stage"][:]
steps = sorted(k for k in f["fields"].keys() if k.startswith("step_"))
first, last = f["fields/" + steps[0]], f["fields/" + steps[-1]]
assert (last["excavated"][:] == (stage >= 0)).all(), "excavated flag differs from the stage label"
zc = verts[cells, vz]
z_top, z_bot, z_mid = zc.max(1), zc.min(1), zc.mean(1)
strip = stage >= 0
E_eq, nu_eq, rho_eq = fshare * param(len(names) - 1, "youngs_modulus"), param(len(names) - 1, "poissons_ratio"), fshare * param(len(names) - 1, "density")
M_eq = oedometric(E_eq, nu_eq)
strip_top, strip_bot = z_top[strip].max(), z_bot[strip].min()
h_strip = strip_top - strip_bot
surface = verts[:, vz].max()
# the initial total vertical stress is the geostatic one (checked by the column test): read it at step 0
S0 = first["stress"][:, vz]
rho = np.array([param(l, "density") for l in layer])
above, below = z_bot >= strip_top - 1e-9, z_top <= strip_bot + 1e-9
# total vertical stress at the strip top: that of the lowest cell above, continued to its bottom
lowest_above = np.where(above)[0][np.argmin(z_bot[above])]
S_top = -(S0[lowest_above] - rho[lowest_above] * g * (z_mid[lowest_above] - z_bot[lowest_above]))
rho_strip = rho[strip][0]
expected_strip = -(S_top + rho_eq * g * (strip_top - z_mid[strip]))
dsig_below = (rho_strip - rho_eq) * g * h_strip
E, nu = np.array([param(l, "youngs_modulus") for l in layer]), np.array([param(l, "poissons_ratio") for l in layer])
M = oedometric(E, nu)
K0 = nu / (1 - nu)
eff0, eff = first["effective_stress"][:], last["effective_stress"][:]
scale = np.abs(S0).max()
# displacement: heave of the ground below, one column of cells
column = np.isclose(verts[cells][:, :, :vz].mean(1)[:, 0], verts[cells][:, :, :vz].mean(1)[0, 0])
heave = np.sum(((z_top - z_bot) * dsig_below / M)[below & column])
in_column = column[strip]
shortening = np.sum(((z_top - z_bot)[strip] * -expected_strip / M_eq)[in_column])
u_surface_expected = heave - shortening
top = np.isclose(verts[:, vz], surface)
u_surface = last["displacement"][:, vz][top]
errors = {
    "strip sigma_v": np.abs(last["stress"][:, vz][strip] - expected_strip).max() / scale,
    "strip pore pressure": np.abs(last["pore_pressure"][:][strip]).max() / scale,
    "above: unchanged": np.abs(eff[above] - eff0[above]).max() / scale,
    "below: sigma'_v change": np.abs(eff[below, vz] - eff0[below, vz] - dsig_below).max() / scale,
    "below: sigma'_h change": np.abs(eff[below, 0] - eff0[below, 0] - K0[below] * dsig_below).max() / scale,
    "surface displacement": np.abs(u_surface - u_surface_expected).max() / abs(u_surface_expected),
    "step 0 displacement zero": np.abs(first["displacement"][:]).max(),
}
print("replaced strip %.1f m thick at %.1f m, lining share %.3f, E_eq %.3g Pa: surface %.4g mm (heave %.4g, shortening %.4g)"
      % (h_strip, 0.5 * (strip_top + strip_bot), fshare, E_eq, 1e3 * u_surface_expected, 1e3 * heave, 1e3 * shortening))
ok = True
for name, err in errors.items():
    good = err < 1e-7
    ok &= good
    print("  %-26s rel. error %.3e  %s" % (name, err, "ok" if good else "FAIL (> 1e-7)"))
sys.exit(0 if ok else 1)
