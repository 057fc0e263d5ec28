/* SPDX-License-Identifier: BSD-2-Clause
   biot.h: pure element kernels of Biot's quasi-static poroelasticity on a Taylor-Hood cell: displacement on Q2
   nodes, pore pressure on the Q1 (corner) nodes of the same cell, both tabulated by fe_basis.h at the same tensor
   Gauss rule (3 points per direction); or on a triangle or tetrahedron, displacement P2 and pressure P1 (vertices),
   both tabulated by simplex_basis.h at the P2 element's rule (degree 4: the coupling, storage and Darcy integrands
   are of degree 2 at most on an affine cell, so exact). dio_biot_pressure_tab_init() gives the pressure's tabulation.

   Equations (tension positive, pore pressure p positive in compression, z or y up; Coussy 2004, Verruijt 2016):
     equilibrium     div(sigma' - alpha p I) + rho g = 0,        sigma' = lambda tr(eps) I + 2 mu eps
     storage + flow  d/dt (alpha div u + p / M) + div q = 0,      q = -kappa (grad p - rho_w g)   (Darcy)
   with Biot's coefficient alpha (-, in (porosity, 1]), Biot's modulus M (Pa),
     1 / M = porosity c_w + (alpha - porosity) c_s   (c_w, c_s: compressibilities of the water and the grains, 1/Pa),
   and the mobility kappa = k / mu_w = K / (rho_w g) per axis (K: hydraulic conductivity, m/s, horizontal in x (and y
   in 3D), vertical along the last axis). Weak form for test functions (v, w):
     int sigma'(u) : eps(v) - int alpha p div v = loads
     int w (alpha div du/dt + 1/M dp/dt) + int grad w . kappa grad p = 0   (no-flow boundaries: natural)
   Backward Euler over dt gives, per cell,
     Ke u - Qe p = Fe,      Qe^T (u - u_old) + Se (p - p_old) + dt He p = 0,
     Qe_(a,i),b = int alpha dNa/dx_i Pb,   Se_ab = int Pa Pb / M,   He_ab = int grad Pa . kappa grad Pb,
   N the Q2 (P2) basis (dof a * dim + i), P the Q1 (P1) basis. Pressures here are the excess over the hydrostatic
   p_h = rho_w g (z_w - z): rho_w g drops out of Darcy's law for them. */
#pragma once
#include <math.h>
#include "dio_kernel_types.h"
#include "fe_basis.h"
#include "elasticity.h" /* DioFaceTab, dio_face_qpoints() */
#include "simplex_basis.h"

/* The pressure's tabulation (simplex 0: Q1, 1: P1) at the rule of the displacement's Q2 (3 Gauss points per direction)
   or P2 (dio_simplex_default_degree(2)) element, so that the two share their points. Returns a DioKernelStatus. */
static inline int dio_biot_pressure_tab_init(int dim, int simplex, DioElementTab *restrict tab)
{
  return simplex ? dio_simplex_element_tab_init(dim, 1, dio_simplex_default_degree(2), tab)
                 : dio_element_tab_init(dim, 1, 3, tab);
}

/* The pressure's tabulation on reference face `face` of the cell (tensor: 2 * direction + side, 0 .. 2 dim - 1;
   simplex: opposite vertex `face`, 0 .. dim), exact for P_a P_b on a planar face (a leaky boundary's matrix). */
static inline int dio_biot_pressure_face_tab_init(int dim, int simplex, int face, DioFaceTab *restrict tab)
{
  return simplex ? dio_simplex_face_tab_init(dim, 1, 2, face, tab) : dio_face_tab_init(dim, 1, 3, face, tab);
}

/* Biot modulus M (Pa) from porosity n, Biot coefficient alpha and the water and grain compressibilities (1/Pa);
   returns 1 / M (0: water and grains incompressible). */
static inline double dio_biot_inverse_modulus(double porosity, double alpha, double water_compressibility,
                                              double grain_compressibility)
{
  return porosity * water_compressibility + (alpha - porosity) * grain_compressibility;
}

/* Skempton's B of an isotropic elastic skeleton (drained bulk modulus bulk_drained, Pa) with Biot alpha and 1/M:
   B = alpha M / (K_d + alpha^2 M) = alpha / (K_d / M + alpha^2). */
static inline double dio_biot_skempton_b(double bulk_drained, double alpha, double inverse_modulus)
{
  return alpha / (bulk_drained * inverse_modulus + alpha * alpha);
}

/* Element matrices of one cell with Q2 (P2) node coordinates x[nodes][dim] (geometry from the displacement's tabulation
   tab_u; tab_p: Q1 (P1) at the same rule, dio_biot_pressure_tab_init()): Qe[ndof_u][np], Se[np][np], He[np][np] and the
   cell's volume (overwritten). mobility[dim]: kappa per axis (m2/(Pa s)). Returns a DioKernelStatus. */
static inline int dio_biot_cell_matrices(const DioElementTab *restrict tab_u, const DioElementTab *restrict tab_p,
                                         const double *restrict x, double alpha, double inverse_modulus,
                                         const double *restrict mobility, double *restrict Qe, double *restrict Se,
                                         double *restrict He, double *restrict volume)
{
  const int dim = tab_u->dim, nu = tab_u->num_nodes, np = tab_p->num_nodes, ndof       = nu * dim;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], dPx[8 * DIO_MAX_DIM], det_first = 0.0;
  if (tab_p->num_qpoints != tab_u->num_qpoints || tab_p->dim != dim || tab_p->simplex != tab_u->simplex || np > 8)
    return DIO_KERNEL_BAD_ARGUMENT;
  for (int i = 0; i < ndof * np; i++) Qe[i] = 0.0;
  for (int i = 0; i < np * np; i++) Se[i] = He[i] = 0.0;
  *volume = 0.0;
  for (int q = 0; q < tab_u->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nu, x, &tab_u->dN[q * nu * dim], Jinv, dNx);
    if (dio_det_check(tab_u, x, q, det, &det_first)) return DIO_KERNEL_INVERTED_CELL;
    const double  wdet = tab_u->weight[q] * fabs(det);
    const double *P = &tab_p->N[q * np], *dP = &tab_p->dN[q * np * dim];
    *volume += wdet;
    /* grad P = dP/dxi J^{-1}, with the Jacobian of the (isoparametric) Q2 or P2 map */
    for (int b = 0; b < np; b++) {
      for (int k = 0; k < dim; k++) {
        double s = 0.0;
        for (int j = 0; j < dim; j++) s += dP[b * dim + j] * Jinv[j * dim + k];
        dPx[b * dim + k] = s;
      }
    }
    for (int a = 0; a < nu; a++) {
      for (int i = 0; i < dim; i++) {
        double *row = &Qe[(a * dim + i) * np];
        for (int b = 0; b < np; b++) row[b] += wdet * alpha * dNx[a * dim + i] * P[b];
      }
    }
    for (int a = 0; a < np; a++) {
      for (int b = 0; b < np; b++) {
        double flow = 0.0;
        for (int k = 0; k < dim; k++) flow += mobility[k] * dPx[a * dim + k] * dPx[b * dim + k];
        Se[a * np + b] += wdet * inverse_modulus * P[a] * P[b];
        He[a * np + b] += wdet * flow;
      }
    }
  }
  return DIO_KERNEL_OK;
}

/* Cell-average Darcy velocity (specific discharge, m/s) v[dim] = -kappa grad p of the excess pressure p[np] (Pa) at
   the Q1 (P1) nodes, averaged over the cell (Q2 (P2) geometry x, tabulations as above). Returns a DioKernelStatus. */
static inline int dio_biot_darcy_velocity(const DioElementTab *restrict tab_u, const DioElementTab *restrict tab_p,
                                          const double *restrict x, const double *restrict mobility,
                                          const double *restrict p, double *restrict v)
{
  const int dim = tab_u->dim, nu = tab_u->num_nodes, np          = tab_p->num_nodes;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], det_first = 0.0, volume = 0.0;
  for (int k = 0; k < dim; k++) v[k] = 0.0;
  for (int q = 0; q < tab_u->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nu, x, &tab_u->dN[q * nu * dim], Jinv, dNx);
    if (dio_det_check(tab_u, x, q, det, &det_first)) return DIO_KERNEL_INVERTED_CELL;
    const double  wdet = tab_u->weight[q] * fabs(det);
    const double *dP   = &tab_p->dN[q * np * dim];
    for (int k = 0; k < dim; k++) {
      double gradient = 0.0;
      for (int b = 0; b < np; b++) {
        for (int j = 0; j < dim; j++) gradient += p[b] * dP[b * dim + j] * Jinv[j * dim + k];
      }
      v[k] -= wdet * mobility[k] * gradient;
    }
    volume += wdet;
  }
  for (int k = 0; k < dim; k++) v[k] /= volume;
  return DIO_KERNEL_OK;
}

/* Leakage matrix Le[np][np] (overwritten) of one face of a cell with Q1 (P1) corners x[np][dim], tab: the pressure's
   basis on that reference face (dio_biot_pressure_face_tab_init()): Le_ab = int_face leakage P_a P_b dA (leakage in
   m/(Pa s); the nodes off the face get zero rows and columns). A leaky boundary's outflow per area is leakage (p -
   p_out): Le enters the mass balance as dt Le. Returns a DioKernelStatus. */
static inline int dio_biot_face_leakage(const DioFaceTab *restrict tab, const double *restrict x, double leakage,
                                        double *restrict Le)
{
  const int np = tab->num_nodes;
  double    X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdA[DIO_MAX_QUAD_POINTS];
  const int status = dio_face_qpoints(tab, x, X, wdA);
  for (int i = 0; i < np * np; i++) Le[i] = 0.0;
  for (int q = 0; !status && q < tab->num_qpoints; q++) {
    for (int a = 0; a < np; a++) {
      for (int b = 0; b < np; b++) Le[a * np + b] += wdA[q] * leakage * tab->N[q * np + a] * tab->N[q * np + b];
    }
  }
  return status;
}
