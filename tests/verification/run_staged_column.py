#!/usr/bin/env python3
"""Construction stages on an imported soil column (tests/verification/staged_column.yaml, meshes/staged_column.geo:
layers "lower" (z -20..-8 m) and "upper" (-8..0 m), a fill (0..2 m) activated by a stage; rollers on the sides, fixed
base, Q2, one cell per metre), every stage against the one-dimensional closed forms (g = 9.81 m/s2, rho, E, nu of
the case; M = E (1 - nu) / ((1 + nu) (1 - 2 nu)) the constrained modulus, K_a = nu / (1 - nu)):
- at_rest (K0 procedure, K0 = 0.6): sigma_v = -g sum(rho h) over the layers above, sigma_h = sigma_zz = K0 sigma_v;
  the fill (activated later) weighs nothing; zero displacement;
- fill (activated stress-free, loaded by its own weight): in the fill sigma_v = -rho_f g (2 - z), sigma_h = K_a
  sigma_v; below it sigma_v gains -rho_f g 2 m and sigma_h K_a of that; the top of the column settles by
  sum(rho_f g 2 h_l / M_l);
- load (apply p = 100 kPa on the surface, two load steps): every cell gains sigma_v -p, sigma_h -K_a p; the surface
  settles by the fill's and the layers' p h / M more;
- unload (remove it): back to the stresses and displacements of the fill stage;
- the strain since the initial state in every stage: eps_yy = (change of sigma_v) / M, eps_xx = 0;
- restart: a run checkpointed after stage 3 (-checkpoint_every 3) and restarted from that checkpoint continues its
  output and ends with the uninterrupted run's fields (to 1e-9); the same on a box of tetrahedra (tet_patch.yaml, its
  traction removed and applied again: a continued output of 3D simplices).
The stresses are linear in z inside each cell and the displacements quadratic: Q2 represents them, so the tolerance is
the solver's (KSP rtol 1e-12): 1e-7 of the largest stress and displacement. Exit 77 (skipped) without gmsh.
usage: run_staged_column.py OUTDIR NP"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir, np_ranks = sys.argv[1], int(sys.argv[2])
gmsh = diorun.gmsh_or_skip()
os.makedirs(outdir, exist_ok=True)
h5 = diorun.run_on_gmsh_mesh(gmsh, "staged_column.geo", 1, os.path.abspath(os.path.join(outdir, "staged_column.msh")), "staged_column.yaml", outdir,
                             "staged_column_np%d" % np_ranks, np=np_ranks)
g, K0, p = 9.81, 0.6, 1e5
layers = {"lower": (-20.0, -8.0, 2100.0, 5e7, 0.25), "upper": (-8.0, 0.0, 1800.0, 2e7, 0.3), "fill": (0.0, 2.0, 2000.0, 3e7, 0.35)}
names = ["lower", "upper", "fill"]  # the mesh's region ids, in order of the physical groups


def M(E, nu):
    return E * (1 - nu) / ((1 + nu) * (1 - 2 * nu))


def weight_above(z, active):
    return sum(rho * max(0.0, top - max(bot, z)) for n_, (bot, top, rho, E, nu) in layers.items() if n_ in active)


f, steps, _, _ = diorun.open_series(h5)
diorun.expect(len(steps) == 4 and list(f["steps/time"][:]) == [0, 86400, 172800, 259200], "four stages, end times %s s" % list(f["steps/time"][:]))
v, c = f["mesh/vertices"][:], f["mesh/cells"][:]
zc = v[c].mean(axis=1)[:, 1]
layer = f["fields/static/layer"][:]
nu_c = np.array([layers[names[l]][4] for l in layer])
Ka = nu_c / (1 - nu_c)
in_fill = layer == 2
rho_f, h_f = 2000.0, 2.0
# expected stresses per stage (xx, yy, zz)
sv0 = np.array([-g * weight_above(z, ("lower", "upper")) for z in zc])
sv_fill = np.where(in_fill, -rho_f * g * (h_f - zc), sv0 - rho_f * g * h_f)
sh_fill = np.where(in_fill, Ka * sv_fill, K0 * sv0 + Ka * (-rho_f * g * h_f))
expected = {0: (K0 * sv0, sv0), 1: (sh_fill, sv_fill), 2: (sh_fill - Ka * p, sv_fill - p), 3: (sh_fill, sv_fill)}
scale = np.abs(sv0).max()
for k, name in enumerate(("at_rest", "fill", "load", "unload")):
    s = f["fields/" + steps[k]]["stress"][:]
    sel = np.ones(len(c), bool) if k else ~in_fill
    sh, sv = expected[k]
    err = max(np.abs(s[sel, 1] - sv[sel]).max(), np.abs(s[sel, 0] - sh[sel]).max(), np.abs(s[sel, 2] - sh[sel]).max()) / scale
    diorun.expect(err < 1e-7, "stage %s: sigma_v, sigma_h, sigma_zz against the closed form, largest error %.1e of %.3g Pa" % (name, err, scale))
    exc = f["fields/" + steps[k]]["excavated"][:]
    diorun.expect(np.array_equal(exc == 1, in_fill) if k == 0 else exc.sum() == 0, "stage %s: excavated flags (inactive fill before its stage)" % name)
# the strain of the displacement since the initial state (not of a stage's last load step): oedometric, eps_yy the
# change of sigma_v over the constrained modulus (the fill's from its activation, stress-free), eps_xx = 0
M_c = np.array([M(layers[names[l]][3], layers[names[l]][4]) for l in layer])
for k, name in ((1, "fill"), (2, "load"), (3, "unload")):
    eps = f["fields/" + steps[k]]["strain"][:]
    want = np.where(in_fill, expected[k][1], expected[k][1] - sv0) / M_c
    err = max(np.abs(eps[:, 1] - want).max(), np.abs(eps[:, 0]).max()) / np.abs(want).max()
    diorun.expect(err < 1e-7, "stage %s: strain since the initial state against the oedometric closed form, largest error %.1e of %.3g"
                  % (name, err, np.abs(want).max()))
# settlement of the column's top (z = 0) and of the surface (z = 2)
settle_fill = sum(rho_f * g * h_f * (top - bot) / M(E, nu) for n_, (bot, top, rho, E, nu) in layers.items() if n_ != "fill")
settle_load_top = sum(p * (top - bot) / M(E, nu) for n_, (bot, top, rho, E, nu) in layers.items() if n_ != "fill")
bot, top, rho, E, nu = layers["fill"]
# the fill's own weight compresses it: int_0^2 rho g (2 - z) / M dz = rho g 2^2 / (2 M)
settle_surface_fill = settle_fill + rho * g * h_f ** 2 / (2 * M(E, nu))
settle_surface_load = settle_surface_fill + settle_load_top + p * h_f / M(E, nu)
top_v, surf_v = np.abs(v[:, 1]) < 1e-9, np.abs(v[:, 1] - 2) < 1e-9
for k, name, want_top, want_surf in ((0, "at_rest", 0.0, 0.0), (1, "fill", settle_fill, settle_surface_fill),
                                     (2, "load", settle_fill + settle_load_top, settle_surface_load), (3, "unload", settle_fill, settle_surface_fill)):
    u = f["fields/" + steps[k]]["displacement"][:]
    got_top = -u[top_v, 1].mean()
    got_surf = -u[surf_v, 1].mean() if k else 0.0
    err = max(abs(got_top - want_top), abs(got_surf - want_surf)) / settle_surface_load
    diorun.expect(err < 1e-7, "stage %s: settlement of the column's top %.4f mm (exact %.4f), of the surface %.4f mm (exact %.4f)"
                  % (name, 1e3 * got_top, 1e3 * want_top, 1e3 * got_surf, 1e3 * want_surf))
# checkpoint after stage 3, restart from it: the same fields as the run above
mesh = os.path.abspath(os.path.join(outdir, "staged_column.msh"))
base = ["run", diorun.source("tests", "verification", "staged_column.yaml"), "-mesh_file", mesh, "-output_dir", outdir, "-output_name", "staged_column_restart"]
diorun.run(base + ["-checkpoint_every", "3"], np=np_ranks)
os.replace(os.path.join(outdir, "staged_column_restart.checkpoint.h5"), os.path.join(outdir, "staged_column_after3.h5"))
code, out = diorun.run(base + ["-restart", os.path.join(outdir, "staged_column_after3.h5")], np=np_ranks)
_, _, same_steps, same_times, worst, where, fields = diorun.compare_series(h5, os.path.join(outdir, "staged_column_restart.h5"))
diorun.expect("after stage 3" in out and same_steps and same_times and worst < 1e-9,
              "restart after stage 3: same steps and times, largest difference %.1e (%s) over %d fields" % (worst, where, fields))
# the same on tetrahedra (tet_patch.yaml's box; the traction removed and applied again): a continued output file of
# simplices is read back as 3D (its cells have 4 vertices, as a quadrilateral's)
base = ["run", diorun.source("tests", "verification", "tet_patch.yaml"), "-stages_order", "loaded,unloaded,reloaded", "-stages_unloaded_remove", "right",
        "-stages_reloaded_apply", "right", "-output_dir", outdir, "-output_name", "tet_restart", "-output_overwrite", "true"]
uninterrupted, h5, out = diorun.restart_after(base, 2, np=np_ranks)
fa, fb, same_steps, same_times, _, _, _ = diorun.compare_series(uninterrupted, h5)
# the box is in uniaxial tension: sigma_zz, the vertical components, are round-off; compare the fields that carry it
worst = max(np.abs(fa["fields/step_000002/" + k][:] - fb["fields/step_000002/" + k][:]).max() / np.abs(fa["fields/step_000002/" + k][:]).max()
            for k in ("displacement", "stress", "effective_stress_vertex"))
diorun.expect("after stage 2" in out and same_steps and same_times and worst < 1e-9,
              "tetrahedra, restart after stage 2: same steps and times, displacement and stresses of the last within %.1e" % worst)
sys.exit(1 if diorun.failures else 0)
