/* SPDX-License-Identifier: BSD-2-Clause
   heat.h: pure kernels for transient heat conduction with freezing of the pore water, in enthalpy form, on Q1/Q2
   cells tabulated by fe_basis.h (2D: x along, y up; 3D: z up). Temperatures in degC; theta = T_f - T (K) is the
   depression below the freezing point, > 0 when frozen.

   Freezing characteristic curve (unfrozen water saturation, fraction of the pore water that is liquid):
     S_w(T) = 1 for T >= T_f, and below T_f
       exponential  S_w = S_res + (1 - S_res) exp(-(theta / w)^2)            (width w in K, residual S_res)
       power law    S_w = min(1, a theta^b), a > 0, -1 < b < 0               (Anderson & Tice 1972: a = alpha / w_total,
                                                                              alpha and w_total gravimetric)
       none         S_w = 1                                                   (conduction without phase change)
     ice saturation S_i = 1 - S_w.
   Volumetric heat capacity  C(T) = C_f + (C_u - C_f) S_w(T)  (J/m3/K; C_u - C_f = n (rho_w c_w - rho_i c_i)).
   Enthalpy (J/m3)           H(T) = C_f (T - T_f) + (C_u - C_f) int_{T_f}^{T} S_w(s) ds + L S_w(T),   L = n rho_w L_f,
                             dH/dT = C(T) + L dS_w/dT (the apparent heat capacity); H is continuous and strictly
                             increasing for C_f, C_u > 0, so the latent heat is released exactly once, whatever the
                             step. The integral is closed form (erf for the exponential curve).
   Conductivity (W/m/K)      k(T) = k_f^(1 - S_w) k_u^(S_w): the geometric mean of the constituents
                             k_s^(1-n) k_w^(n S_w) k_i^(n (1 - S_w)) (Johansen 1975) written with the bulk values
                             k_u = k_s^(1-n) k_w^n and k_f = k_s^(1-n) k_i^n that data/materials.csv lists.
   Balance, weak form for every test function v, backward Euler from t_n to t_{n+1} = t_n + dt:
       int v (H(T) - H(T_n)) / dt + int k(T) grad T . grad v = int v s + int_{Gamma_N} v q_in
   with q_in the heat flux into the domain (W/m2) and s a volumetric source (W/m3). The capacity term is lumped
   (nodal quadrature, M_a = int N_a > 0 for tensor Q1/Q2): the discrete energy is E = sum_a M_a H(T_a), a sharp
   front causes no oscillation, and the discrete energy balance is exact. dt_inv = 0 gives the steady problem. */
#pragma once
#include <math.h>
#include "dio_kernel_types.h"
#include "fe_basis.h"
#include "elasticity.h" /* DioFaceTab, dio_face_tab_init(): the face tabulation is shared with the load kernels */

typedef enum { DIO_HEAT_CURVE_NONE = 0, DIO_HEAT_CURVE_EXPONENTIAL = 1, DIO_HEAT_CURVE_POWER = 2 } DioHeatCurve;

/* Capacity tangent of the Newton matrix: the exact dH/dT at the iterate, or the secant slope per node between the
   iterate and a reference temperature (the previous iterate: a secant iteration on the capacity term), which sees
   the latent heat between the two wherever an update jumped across the freezing range. */
typedef enum { DIO_HEAT_TANGENT_NEWTON = 0, DIO_HEAT_TANGENT_SECANT = 1 } DioHeatTangent;

/* Thermal parameters of one layer (SI, temperatures in degC). */
typedef struct {
  int    curve;                 /* DioHeatCurve */
  double freezing_point;        /* T_f, degC */
  double curve_width;           /* exponential: w, K (> 0) */
  double residual_saturation;   /* exponential: S_res in [0, 1) */
  double power_coefficient;     /* power law: a (> 0), S_w = a theta^b with theta in K */
  double power_exponent;        /* power law: b in (-1, 0) */
  double conductivity_unfrozen; /* k_u, W/m/K */
  double conductivity_frozen;   /* k_f, W/m/K (fully frozen: S_w = 0) */
  double capacity_unfrozen;     /* C_u, J/m3/K */
  double capacity_frozen;       /* C_f, J/m3/K */
  double latent_heat;           /* L = n rho_w L_f, J/m3 (all pore water) */
  double heat_production;       /* s, W/m3 (radiogenic) */
} DioHeatMaterial;

/* DIO_KERNEL_OK if the parameters define a curve and positive capacities and conductivities. */
static inline int dio_heat_material_check(const DioHeatMaterial *restrict m)
{
  if (!(m->conductivity_unfrozen > 0.0) || !(m->conductivity_frozen > 0.0)) return DIO_KERNEL_BAD_ARGUMENT;
  if (!(m->capacity_unfrozen > 0.0) || !(m->capacity_frozen > 0.0) || !(m->latent_heat >= 0.0))
    return DIO_KERNEL_BAD_ARGUMENT;
  if (!isfinite(m->freezing_point) || !isfinite(m->heat_production)) return DIO_KERNEL_BAD_ARGUMENT;
  switch (m->curve) {
  case DIO_HEAT_CURVE_NONE:
    return DIO_KERNEL_OK;
  case DIO_HEAT_CURVE_EXPONENTIAL:
    return m->curve_width > 0.0 && m->residual_saturation >= 0.0 && m->residual_saturation < 1.0
               ? DIO_KERNEL_OK
               : DIO_KERNEL_BAD_ARGUMENT;
  case DIO_HEAT_CURVE_POWER:
    return m->power_coefficient > 0.0 && m->power_exponent > -1.0 && m->power_exponent < 0.0 ? DIO_KERNEL_OK
                                                                                             : DIO_KERNEL_BAD_ARGUMENT;
  default:
    return DIO_KERNEL_BAD_ARGUMENT;
  }
}

/* Unfrozen saturation S_w(T) and dS_w/dT (1/K, >= 0). */
static inline void dio_heat_saturation(const DioHeatMaterial *restrict m, double T, double *restrict S,
                                       double *restrict dS_dT)
{
  const double theta = m->freezing_point - T;
  *S                 = 1.0;
  *dS_dT             = 0.0;
  if (theta <= 0.0) return;
  if (m->curve == DIO_HEAT_CURVE_EXPONENTIAL) {
    const double r = theta / m->curve_width, e = exp(-r * r);
    *S     = m->residual_saturation + (1.0 - m->residual_saturation) * e;
    *dS_dT = (1.0 - m->residual_saturation) * e * 2.0 * r / m->curve_width;
  } else if (m->curve == DIO_HEAT_CURVE_POWER) {
    const double a = m->power_coefficient, b = m->power_exponent;
    const double theta_knee = pow(a, -1.0 / b); /* a theta^b = 1 */
    if (theta <= theta_knee) return;
    *S     = a * pow(theta, b);
    *dS_dT = -b * *S / theta;
  }
}

/* I(T) = int_{T_f}^{T} S_w(s) ds (K), closed form; = T - T_f above the freezing point. */
static inline double dio_heat_saturation_integral(const DioHeatMaterial *restrict m, double T)
{
  const double theta = m->freezing_point - T;
  if (theta <= 0.0 || m->curve == DIO_HEAT_CURVE_NONE) return T - m->freezing_point;
  if (m->curve == DIO_HEAT_CURVE_EXPONENTIAL) {
    const double w = m->curve_width, s_res = m->residual_saturation;
    const double half_sqrt_pi = 0.88622692545275801365; /* int_0^inf exp(-u^2) du */
    return -(s_res * theta + (1.0 - s_res) * w * half_sqrt_pi * erf(theta / w));
  }
  {
    const double a = m->power_coefficient, b = m->power_exponent;
    const double theta_knee = pow(a, -1.0 / b);
    if (theta <= theta_knee) return -theta;
    return -(theta_knee + a * (pow(theta, b + 1.0) - pow(theta_knee, b + 1.0)) / (b + 1.0));
  }
}

/* Enthalpy H(T) (J/m3), its derivative dH/dT (J/m3/K) and the unfrozen saturation S_w(T). */
static inline void dio_heat_enthalpy(const DioHeatMaterial *restrict m, double T, double *restrict H,
                                     double *restrict dH_dT, double *restrict S)
{
  double s, ds;
  dio_heat_saturation(m, T, &s, &ds);
  const double dC = m->capacity_unfrozen - m->capacity_frozen;
  *H     = m->capacity_frozen * (T - m->freezing_point) + dC * dio_heat_saturation_integral(m, T) + m->latent_heat * s;
  *dH_dT = m->capacity_frozen + dC * s + m->latent_heat * ds;
  *S     = s;
}

/* Capacity slope for the Newton matrix: dH/dT at T (DIO_HEAT_TANGENT_NEWTON), or the secant slope
   (H(T) - H(T_ref)) / (T - T_ref) (DIO_HEAT_TANGENT_SECANT) with dH/dT at the midpoint when the two are closer than
   1e-6 K (there the difference of two O(L) numbers would lose the slope to round-off: the secant is safe at
   T = T_ref). H is increasing, so both are >= min(C_u, C_f) > 0. */
static inline double dio_heat_capacity_tangent(const DioHeatMaterial *restrict m, int tangent, double T, double H,
                                               double dH_dT, double T_ref, double H_ref)
{
  if (tangent == DIO_HEAT_TANGENT_SECANT) {
    if (fabs(T - T_ref) > 1e-6) return (H - H_ref) / (T - T_ref);
    {
      double Hm, dHm, S;
      dio_heat_enthalpy(m, 0.5 * (T + T_ref), &Hm, &dHm, &S);
      return dHm;
    }
  }
  return dH_dT;
}

/* Conductivity k(T) = k_f^(1 - S_w) k_u^S_w (W/m/K) and dk/dT. */
static inline void dio_heat_conductivity(const DioHeatMaterial *restrict m, double T, double *restrict k,
                                         double *restrict dk_dT)
{
  double       S, dS;
  const double log_ratio = log(m->conductivity_unfrozen / m->conductivity_frozen);
  dio_heat_saturation(m, T, &S, &dS);
  *k     = m->conductivity_frozen * exp(S * log_ratio);
  *dk_dT = *k * log_ratio * dS;
}

/* Lumped capacity weights M[num_nodes] = int N_a (m^dim) of one cell with node coordinates x[num_nodes][dim]; every
   weight must be positive (tensor Q1 and Q2 on valid cells: products of trapezoid / Simpson weights). */
static inline int dio_heat_lumped_mass(const DioElementTab *restrict tab, const double *restrict x, double *restrict M)
{
  const int dim = tab->dim, nn = tab->num_nodes;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], det_first = 0.0;
  for (int a = 0; a < nn; a++) M[a] = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    if (dio_det_check(tab, x, q, det, &det_first)) return DIO_KERNEL_INVERTED_CELL;
    for (int a = 0; a < nn; a++) M[a] += tab->weight[q] * fabs(det) * tab->N[q * nn + a];
  }
  for (int a = 0; a < nn; a++) {
    if (!(M[a] > 0.0)) return DIO_KERNEL_INVERTED_CELL;
  }
  return DIO_KERNEL_OK;
}

/* Conductivity matrix Ke[nn][nn] (overwritten) for a conductivity kq[num_qpoints] (W/m/K) given at the quadrature
   points: K_ab = int k grad N_a . grad N_b. Symmetric, and K 1 = 0 (constant temperatures carry no flux). */
static inline int dio_heat_conductivity_matrix(const DioElementTab *restrict tab, const double *restrict x,
                                               const double *restrict kq, double *restrict Ke)
{
  const int dim = tab->dim, nn = tab->num_nodes;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], det_first = 0.0;
  for (int i = 0; i < nn * nn; i++) Ke[i] = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    if (dio_det_check(tab, x, q, det, &det_first)) return DIO_KERNEL_INVERTED_CELL;
    const double wk = tab->weight[q] * fabs(det) * kq[q];
    for (int a = 0; a < nn; a++) {
      for (int b = 0; b < nn; b++) {
        double dot = 0.0;
        for (int d = 0; d < dim; d++) dot += dNx[a * dim + d] * dNx[b * dim + d];
        Ke[a * nn + b] += wk * dot;
      }
    }
  }
  return DIO_KERNEL_OK;
}

/* Residual Re[nn] (overwritten) and, if Je != NULL, its derivative Je[nn][nn] = dRe_a / dT_b of one cell:
     Re_a = M_a dt_inv (H(T_a) - H(T_old_a)) + int k(T_h) grad T_h . grad N_a
     Je_ab = delta_ab M_a dt_inv H'_a + int k grad N_a . grad N_b + int k'(T_h) N_b grad T_h . grad N_a
   with T[nn], T_old[nn] the element temperatures, M[nn] the lumped weights of dio_heat_lumped_mass(), H'_a the
   capacity tangent of dio_heat_capacity_tangent() (secant from T_ref[nn], the previous iterate; NULL: T_old), and
   T_h = sum_b N_b T_b at the quadrature points (conductivity from the interpolated temperature). Sources and boundary
   fluxes are separate loads. Not symmetric where k varies with T. */
static inline int dio_heat_element(const DioElementTab *restrict tab, const double *restrict x,
                                   const DioHeatMaterial *restrict m, const double *restrict M,
                                   const double *restrict T, const double *restrict T_old, const double *restrict T_ref,
                                   double dt_inv, int tangent, double *restrict Re, double *restrict Je)
{
  const int dim = tab->dim, nn = tab->num_nodes;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], det_first = 0.0;
  for (int a = 0; a < nn; a++) Re[a] = 0.0;
  if (Je) {
    for (int i = 0; i < nn * nn; i++) Je[i] = 0.0;
  }
  if (dt_inv > 0.0) {
    for (int a = 0; a < nn; a++) {
      double H, dH, S, H_old, dH_old, S_old;
      dio_heat_enthalpy(m, T[a], &H, &dH, &S);
      dio_heat_enthalpy(m, T_old[a], &H_old, &dH_old, &S_old);
      Re[a] = M[a] * dt_inv * (H - H_old);
      if (Je) {
        double H_ref = H_old, dH_ref, S_ref;
        if (T_ref && tangent == DIO_HEAT_TANGENT_SECANT) dio_heat_enthalpy(m, T_ref[a], &H_ref, &dH_ref, &S_ref);
        Je[a * nn + a] =
            M[a] * dt_inv * dio_heat_capacity_tangent(m, tangent, T[a], H, dH, T_ref ? T_ref[a] : T_old[a], H_ref);
      }
    }
  }
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double *N   = &tab->N[q * nn];
    const double  det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    double        Tq = 0.0, gradT[DIO_MAX_DIM] = {0.0, 0.0, 0.0}, k, dk;
    if (dio_det_check(tab, x, q, det, &det_first)) return DIO_KERNEL_INVERTED_CELL;
    const double wdet = tab->weight[q] * fabs(det);
    for (int b = 0; b < nn; b++) {
      Tq += N[b] * T[b];
      for (int d = 0; d < dim; d++) gradT[d] += dNx[b * dim + d] * T[b];
    }
    dio_heat_conductivity(m, Tq, &k, &dk);
    for (int a = 0; a < nn; a++) {
      double ga_gradT = 0.0;
      for (int d = 0; d < dim; d++) ga_gradT += dNx[a * dim + d] * gradT[d];
      Re[a] += wdet * k * ga_gradT;
      if (!Je) continue;
      for (int b = 0; b < nn; b++) {
        double dot = 0.0;
        for (int d = 0; d < dim; d++) dot += dNx[a * dim + d] * dNx[b * dim + d];
        Je[a * nn + b] += wdet * (k * dot + dk * N[b] * ga_gradT);
      }
    }
  }
  return DIO_KERNEL_OK;
}

/* Energy of one cell with lumped weights M[nn] and temperatures T[nn]: total enthalpy sum M_a H(T_a) and its latent
   part sum M_a L S_w(T_a) (J, or J/m in 2D). */
static inline void dio_heat_cell_energy(int num_nodes, const DioHeatMaterial *restrict m, const double *restrict M,
                                        const double *restrict T, double *restrict enthalpy, double *restrict latent)
{
  *enthalpy = 0.0;
  *latent   = 0.0;
  for (int a = 0; a < num_nodes; a++) {
    double H, dH, S;
    dio_heat_enthalpy(m, T[a], &H, &dH, &S);
    *enthalpy += M[a] * H;
    *latent += M[a] * m->latent_heat * S;
  }
}

/* Quadrature points and area weights of one face of a cell (dio_face_qpoints(), shared with the flow's leaky faces). */
static inline int dio_heat_face_qpoints(const DioFaceTab *restrict tab, const double *restrict x, double *restrict X,
                                        double *restrict wdA)
{
  return dio_face_qpoints(tab, x, X, wdA);
}

/* Boundary load Fe[num_nodes] (overwritten) of a flux into the domain q[num_qpoints] (W/m2) at the face quadrature
   points: Fe_a = int_face N_a q dA, with the area weights of dio_heat_face_qpoints(). */
static inline void dio_heat_face_flux_load(const DioFaceTab *restrict tab, const double *restrict wdA,
                                           const double *restrict q, double *restrict Fe)
{
  const int nn = tab->num_nodes;
  for (int a = 0; a < nn; a++) Fe[a] = 0.0;
  for (int p = 0; p < tab->num_qpoints; p++) {
    for (int a = 0; a < nn; a++) Fe[a] += wdA[p] * q[p] * tab->N[p * nn + a];
  }
}
