#!/usr/bin/env python3
"""permafrost_thaw's steady permafrost freezes the pore water at the layer's freezing_point_onshore under land (fresh)
and at its freezing_point under the seabed (saline).

Case: the permafrost_thaw problem on a level section (a two-point profile written here: ground at +10 m for the land
case, seabed at -50 m for the sea case; 10 m of sediment over metasedimentary_rock) with data/materials.csv whose
thermal rows of the ground layers are replaced by one uniform material: k = 2.5 W/m/K frozen and unfrozen, no
radiogenic heat, exponential freezing curve of width w = 0.3 K (S_res 0), freezing_point -1.8, freezing_point_onshore
0 degC. Surface -4 degC (land) or -3 degC (seabed, -surface_temperature_seabed), q = 65 mW/m2 into the base.
Reference: with one conductivity the steady temperature is linear, T(d) = T_s + q d / k, and the front of
Lachenbruch's estimate lies at Z = k (T_f - T_s) / q. The problem reports the ice-saturation integral over the
depth, int (1 - S_w) dd = (k / q) [(T_f - T_s) - w (sqrt(pi) / 2) erf((T_f - T_s) / w)], i.e. Z less the freezing
fringe k w sqrt(pi) / (2 q) = 10.2 m. Land: Z = 153.8 m, integral 143.6 m; with the saline value (the bug) 74.4 m.
Seabed: Z = 46.2 m, integral 35.9 m; with the fresh value 105.2 m.
Tolerance: Q1 holds the linear temperature exactly, so the error is the lumped (nodal) quadrature of 1 - S_w over
the cells of the fringe (11.5 m for 1 K), O(h^2) once they resolve it. Measured (relative) at -mesh_refine 0 and 1:
land 5.0e-3 -> 1.0e-4, seabed 1.4e-2 -> 9.3e-4 (the coarse cells at that depth are about as tall as the fringe, so
the first halving gains more than 4x). Required: <= 3e-2 coarse, <= 3e-3 refined and a fall by at least 4x; the
saline/fresh mix-up is off by 48 % on land and 190 % at sea. Mutation, measured: freezing_point_onshore ignored,
the land case gives 72.3 / 74.1 m (errors 0.50 / 0.48) and fails.
usage: run_permafrost_fresh_water.py OUTDIR"""
import csv
import io
import json
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

outdir = sys.argv[1]
os.makedirs(outdir, exist_ok=True)
k, q, w, tf_saline, tf_fresh = 2.5, 0.065, 0.3, -1.8, 0.0
ground = ("seabed_sediment", "coastal_sediment_onshore", "weathered_rock", "granite", "metasedimentary_rock")
thermal = ("thermal_conductivity", "volumetric_heat_capacity", "volumetric_latent_heat", "freezing_point", "radiogenic_heat_production",
           "unfrozen_water")
uniform = {"thermal_conductivity": k, "volumetric_heat_capacity": 2.0e6, "volumetric_latent_heat": 1.0e7, "freezing_point": tf_saline,
           "freezing_point_onshore": tf_fresh, "unfrozen_water_exp_width": w, "unfrozen_water_residual_saturation": 0.0}

# the material table: data/materials.csv with the ground layers' thermal rows replaced by the uniform material
materials = os.path.join(outdir, "fresh_water_materials.csv")
with open(diorun.source("data", "materials.csv")) as f:
    lines = f.read().splitlines()
header = [line for line in lines if line.startswith("#")]
rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("#")))))
with open(materials, "w", newline="") as f:
    f.write("\n".join(header) + "\n")
    out = csv.writer(f, lineterminator="\n")
    out.writerow(rows[0])
    for r in rows[1:]:
        if not (r[0] in ground and r[1].startswith(thermal)):
            out.writerow(r)
    for layer in ground:
        for name, value in uniform.items():
            out.writerow([layer, name, value, "-", "", "", "estimated", "test material (run_permafrost_fresh_water.py)"])


def profile(name, surface):
    path = os.path.join(outdir, name)
    with open(path, "w") as f:
        f.write("distance_km,surface_elevation_m,sediment_thickness_m,permafrost_base_depth_m,bedrock,flag,note\n")
        for x in (0.0, 1.0):
            f.write("%g,%g,10,0,metasedimentary_rock,E,level test section\n" % (x, surface))
    return path


def integral(ts, tf):
    dt = tf - ts
    return k / q * (dt - w * math.sqrt(math.pi) / 2 * math.erf(dt / w))


cases = (("land", profile("fresh_water_land.csv", 10.0), -4.0, tf_fresh, tf_saline),
         ("seabed", profile("fresh_water_seabed.csv", -50.0), -3.0, tf_saline, tf_fresh))
tolerance = (3e-2, 3e-3)
for site, path, ts, tf, tf_other in cases:
    exact, other = integral(ts, tf), integral(ts, tf_other)
    errors = []
    for refine in (0, 1):
        name = "fresh_water_%s_r%d" % (site, refine)
        diorun.run(["run", "-problem", "permafrost_thaw", "-mesh_profile", path, "-materials_file", materials, "-tunnel_chainage", "500",
                    "-mesh_axis_elevation", "-150", "-mesh_base_elevation", "-450", "-mesh_half_width", "100", "-mesh_cells_around", "32",
                    "-mesh_refine", str(refine), "-surface_temperature_land", "-4", "-surface_temperature_seabed", "-3", "-geothermal_flux",
                    str(q), "-thaw_years", "0.01", "-output_times", "0.01", "-output_dir", outdir, "-output_name", name, "-output_overwrite"])
        with open(os.path.join(outdir, name + "_summary.json")) as f:
            summary = json.load(f)
        z = summary["steady_frozen_thickness_m"]
        errors.append(abs(z - exact) / exact)
        expect(summary["pore_water"].startswith("fresh" if site == "land" else "saline"),
               "%s, refine %d: pore water '%s'" % (site, refine, summary["pore_water"]))
        expect(errors[-1] <= tolerance[refine],
               "%s, refine %d: frozen thickness %.3f m, exact %.3f m (T_f %g degC; %.1f m with T_f %g): relative error %.1e (tol %.1e)"
               % (site, refine, z, exact, tf, other, tf_other, errors[-1], tolerance[refine]))
    expect(errors[1] <= errors[0] / 4, "%s: the error falls with the mesh by >= 4x (%.1e -> %.1e, ratio %.1f)"
           % (site, errors[0], errors[1], errors[0] / max(errors[1], 1e-300)))
sys.exit(1 if failures else 0)
