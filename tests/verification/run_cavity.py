#!/usr/bin/env python3
"""Cylindrical cavity in an elastic-perfectly-plastic Mohr-Coulomb ground (issue 4): the transverse section in
uniform-stress mode, hydrostatic far field p0, bore excavated at once (relaxation 1, no lining) down to a support
pressure p_i on the wall, weightless, rollers at 50 R, Q2. Checked against the closed form (Salencon 1969; as in
Carranza-Torres & Fairhurst 1999, plane strain, small strain, elastic strains in the plastic zone, non-associated
flow with dilation angle psi), derived here (compression positive, u inward):
  K_p = (1 + sin phi) / (1 - sin phi), K_psi = (1 + sin psi) / (1 - sin psi), s = c cot phi,
  p0* = p0 + s, pi* = p_i + s;  plastic zone sigma_r* = pi* (r/R)^(K_p - 1), sigma_t* = K_p sigma_r*;
  R_pl = R (2 p0* / ((K_p + 1) pi*))^(1 / (K_p - 1));  elastic zone u = (p0* - 2 p0*/(K_p + 1)) R_pl^2 / (2 G r);
  plastic zone: the flow rule eps_r^p + K_psi eps_t^p = 0 removes the plastic strains from
  du/dr + K_psi u / r = eps_r^e + K_psi eps_t^e  (elastic strains from the stress change, plane strain),
  a linear ODE with a power-law right-hand side, integrated in closed form from u(R_pl) to the wall.
Cases: psi = 0 and psi = phi (associated), c = 1 MPa, phi = 30 deg, p0 = 10 MPa, p_i = 1 MPa, E = 1 GPa, nu = 0.25:
R_pl = 1.465 R, u_wall = 107.9 mm (psi = 0) / 179.3 mm (psi = phi).
Measured (refine 0 -> 1): wall displacement error 0.57 % -> 0.23 % (psi = 0), 0.94 % -> 0.39 % (psi = phi), the far
boundary adding about (R_pl / 50 R)^2 = 0.1 %; the plastic radius, located between the last yielded and the first
elastic ring of cells, within one ring width. Tolerances: u_wall 1.5 % (refine 0) and 0.6 % (refine 1), with the
error falling from refine 0 to 1; R_pl within the ring width there.
Newton: with -mech_snes_monitor, the scaled residuals e_k = r_k / r_0 of the last iterations satisfy
e_(k+1) <= 10 e_k^2 in the last iteration, reaching e < 1e-8 (quadratic convergence of Newton with the consistent
tangent; a linearly convergent iteration, e.g. with the elastic stiffness, fails this at small e_k; an earlier
iteration may be slower where a quadrature point changes region: plane, edge, apex).
The serial run uses a direct solver (-mech_pc_type lu) so that the Newton pattern is not blurred by the linear
tolerance and the test stays short; the parallel run (NP > 1) uses GMRES + GAMG (-mech_plastic_linear_solver iterative,
the 3D default) on refine 0 only.
usage: run_cavity.py OUTDIR NP"""
import math
import os
import re
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402


def salencon(R, p0, pi, E, nu, c, phi_deg, psi_deg):
    """(R_pl, inward wall displacement) of the cavity; compression positive."""
    G = E / (2 * (1 + nu))
    phi, psi = math.radians(phi_deg), math.radians(psi_deg)
    Kp, Kpsi = (1 + math.sin(phi)) / (1 - math.sin(phi)), (1 + math.sin(psi)) / (1 - math.sin(psi))
    s = c / math.tan(phi)
    p0s, pis = p0 + s, pi + s
    sig_rpl = 2 * p0s / (Kp + 1)
    if pis >= sig_rpl:
        return R, (p0 - pi) * R / (2 * G)
    Rpl = R * (sig_rpl / pis) ** (1 / (Kp - 1))
    m = Kp - 1
    A1 = (1 - nu) - nu * Kp + Kpsi * ((1 - nu) * Kp - nu)
    a = A1 * pis / (2 * G) / R ** m
    b = -p0s * (1 - 2 * nu) * (Kpsi + 1) / (2 * G)

    def particular(r):
        return b * r / (Kpsi + 1) + a * r ** (m + 1) / (m + 1 + Kpsi)

    u_pl = (p0s - sig_rpl) * Rpl / (2 * G)
    C = (u_pl - particular(Rpl)) * Rpl ** Kpsi
    return Rpl, particular(R) + C * R ** (-Kpsi)


def measure(path, R):
    f = h5py.File(path, "r")
    verts, cells = f["mesh/vertices"][:], f["mesh/cells"][:]
    last = f["fields/" + sorted(k for k in f["fields"].keys() if k.startswith("step_"))[-1]]
    axis = 0.5 * (verts[:, 1].max() + verts[:, 1].min())
    vr = np.hypot(verts[:, 0], verts[:, 1] - axis)
    wall = np.abs(vr - R) < 1e-6 * R
    disp = last["displacement"][:][wall]
    vt = np.arctan2(verts[wall, 1] - axis, verts[wall, 0])
    u_in = -(disp[:, 0] * np.cos(vt) + disp[:, 1] * np.sin(vt))
    cen = verts[cells].mean(axis=1)
    rc = np.hypot(cen[:, 0], cen[:, 1] - axis)
    ground = f["fields/static/excavation_stage"][:] <= 0
    yf = last["yield_fraction"][:]
    yielded, elastic = rc[ground & (yf >= 0.5)], rc[ground & (yf < 0.5)]
    r_last, r_next = yielded.max(), elastic[elastic > yielded.max()].min()
    return u_in.mean(), np.ptp(u_in), 0.5 * (r_last + r_next), r_next - r_last


def newton_ok(log):
    """Quadratic convergence in the last increment's residual history."""
    histories, current = [], []
    for line in log.splitlines():
        m = re.match(r"\s*(\d+) SNES Function norm ([0-9.eE+-]+)", line)
        if m:
            if int(m.group(1)) == 0 and current:
                histories.append(current)
                current = []
            current.append(float(m.group(2)))
    histories.append(current)
    r = histories[-1]
    e = [x / r[0] for x in r]
    print("  Newton residuals (scaled): " + " ".join("%.2e" % x for x in e))
    return len(e) >= 3 and e[-1] < 1e-8 and e[-1] <= 10 * e[-2] ** 2


outdir, np_ranks = sys.argv[1], int(sys.argv[2])
R, p0, pi, E, nu, c, phi = 6.0, 10e6, 1e6, 1e9, 0.25, 1e6, 30.0
failures = 0
for psi in (0.0, 30.0):
    Rpl, u_exact = salencon(R, p0, pi, E, nu, c, phi, psi)
    errs = {}
    for refine, tol in ((0, 0.015), (1, 0.006)) if np_ranks == 1 else ((0, 0.015),):
        name = "cavity_np%d_psi%d_r%d" % (np_ranks, psi, refine)
        rock = "-materials_metasedimentary_rock_"
        _, log = diorun.run(["run", "-problem", "transverse_section", "-initial_stress", "uniform", "-initial_stress_components", "%g,%g,%g" % (-p0, -p0, -p0),
                             "-tunnel_diameter", str(2 * R), "-tunnel_relaxation", "1", "-tunnel_lining", "false", "-tunnel_wall_pressure", str(pi),
                             "-bc_base", "roller", "-bc_ends", "roller", "-bc_surface", "roller", "-mesh_half_width", str(50 * R), "-loads_gravity", "0",
                             "-materials_constitutive", "mohr_coulomb", rock + "youngs_modulus", str(E), rock + "poissons_ratio", str(nu), rock + "cohesion", str(c),
                             rock + "friction_angle", str(phi), rock + "dilation_angle", str(psi), rock + "tensile_strength", "1e12", "-mech_element_order", "2",
                             "-mesh_refine", str(refine), "-mech_snes_monitor"] + (["-mech_pc_type", "lu"] if np_ranks == 1 else ["-mech_plastic_linear_solver", "iterative"]) + [ "-output_dir", outdir, "-output_name", name, "-output_overwrite"], np=np_ranks)
        u, spread, rpl, ring = measure(os.path.join(outdir, name + ".h5"), R)
        err = abs(u - u_exact) / u_exact
        errs[refine] = err
        ok_u, ok_r, ok_n = err < tol, abs(rpl - Rpl) <= ring, newton_ok(log)
        print("psi %2.0f refine %d: u_wall %.2f mm (exact %.2f, spread %.1e mm) error %.3e (tol %.1e) %s; R_pl %.3f m (exact %.3f, ring width %.3f) %s; "
              "Newton %s" % (psi, refine, 1e3 * u, 1e3 * u_exact, 1e3 * spread, err, tol, "ok" if ok_u else "FAIL", rpl, Rpl, ring, "ok" if ok_r else "FAIL",
                             "quadratic" if ok_n else "NOT QUADRATIC"))
        failures += (not ok_u) + (not ok_r) + (not ok_n)
    if 1 in errs and not errs[1] < errs[0]:
        print("psi %2.0f: error did not fall with refinement" % psi)
        failures += 1
sys.exit(1 if failures else 0)
