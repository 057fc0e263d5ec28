/* SPDX-License-Identifier: BSD-2-Clause
   test_kernels_heat.c: the kernels of solver/kernels/heat.h: freezing-curve limits and monotonicity, dS_w/dT, dH/dT
   and dk/dT against central finite differences, the enthalpy continuous and strictly increasing with the closed-form
   integral equal to a Simpson quadrature of dH/dT, the secant capacity, the conductivity matrix (symmetric, constant
   null space, positive diagonal) and lumped weights on Q1/Q2 cells in 2D and 3D, the element Jacobian against finite
   differences of the element residual across the freezing range, the secant tangent, the element-level energy
   identity, the face flux load and the inverted-cell status. Pure functions: no MPI, no PETSc, so Check's default
   fork-per-test mode is used. Tolerances are stated with their reason next to each assertion. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include "dio_kernel_types.h"
#include "fe_basis.h"
#include "heat.h"

/* Seabed sediment of data/materials.csv (k, C, L, T_f) with a chosen curve. */
static DioHeatMaterial Sediment(int curve)
{
  DioHeatMaterial m       = {0};
  m.curve                 = curve;
  m.freezing_point        = -1.8;
  m.curve_width           = 0.3;
  m.residual_saturation   = 0.02;
  m.power_coefficient     = 0.1; /* alpha / w = 0.02 / 0.2 */
  m.power_exponent        = -0.5;
  m.conductivity_unfrozen = 2.1;
  m.conductivity_frozen   = 3.3;
  m.capacity_unfrozen     = 2.8e6;
  m.capacity_frozen       = 2.0e6;
  m.latent_heat           = 1.17e8;
  m.heat_production       = 0.0;
  return m;
}

static const int Curves[] = {DIO_HEAT_CURVE_NONE, DIO_HEAT_CURVE_EXPONENTIAL, DIO_HEAT_CURVE_POWER};
#define NUM_CURVES 3

/* Temperatures that sample every regime of the curves: far below, the knee of the power law (theta = 0.01 K),
   inside the exponential's width, and above T_f. */
static double SampleTemperature(int i, int n)
{
  return -1.8 - 6.0 + 8.0 * (double)i / (double)(n - 1);
}

START_TEST(test_curve_limits)
{
  for (int k = 0; k < NUM_CURVES; k++) {
    DioHeatMaterial m = Sediment(Curves[k]);
    double          S, dS;
    ck_assert_int_eq(dio_heat_material_check(&m), DIO_KERNEL_OK);
    /* unfrozen at and above the freezing point: exactly 1 with zero slope */
    for (double T = m.freezing_point; T < m.freezing_point + 10.0; T += 0.37) {
      dio_heat_saturation(&m, T, &S, &dS);
      ck_assert_double_eq(S, 1.0);
      ck_assert_double_eq(dS, 0.0);
    }
    /* bounded in [S_res, 1] (or [0, 1]) and non-decreasing in T */
    double S_prev = -1.0;
    for (int i = 0; i < 4001; i++) {
      const double T = m.freezing_point - 20.0 + 20.0 * i / 4000.0;
      dio_heat_saturation(&m, T, &S, &dS);
      ck_assert(S <= 1.0 && S >= 0.0 && dS >= 0.0);
      if (Curves[k] == DIO_HEAT_CURVE_EXPONENTIAL) ck_assert(S >= m.residual_saturation);
      ck_assert(S >= S_prev);
      S_prev = S;
    }
  }
  {
    /* exponential: S_res far below (theta = 20 w: exp(-400) underflows to 0 relative to S_res) */
    DioHeatMaterial m = Sediment(DIO_HEAT_CURVE_EXPONENTIAL);
    double          S, dS;
    dio_heat_saturation(&m, m.freezing_point - 20 * m.curve_width, &S, &dS);
    ck_assert_double_eq_tol(S, m.residual_saturation, 1e-15);
    /* at theta = w: S_res + (1 - S_res) e^-1 (definition) */
    dio_heat_saturation(&m, m.freezing_point - m.curve_width, &S, &dS);
    ck_assert_double_eq_tol(S, m.residual_saturation + (1 - m.residual_saturation) * exp(-1.0), 1e-15);
  }
  {
    /* power law: 1 up to the knee theta* = a^(-1/b) = 0.01 K, a theta^b beyond (continuous at the knee), -> 0 */
    DioHeatMaterial m = Sediment(DIO_HEAT_CURVE_POWER);
    double          S, dS;
    dio_heat_saturation(&m, m.freezing_point - 0.0099, &S, &dS);
    ck_assert_double_eq(S, 1.0);
    dio_heat_saturation(&m, m.freezing_point - 0.0101, &S, &dS);
    ck_assert_double_eq_tol(S, 0.1 / sqrt(0.0101), 1e-14);
    ck_assert(S > 0.99); /* continuity: 0.995 just past the knee */
    dio_heat_saturation(&m, m.freezing_point - 4.0, &S, &dS);
    ck_assert_double_eq_tol(S, 0.05, 1e-15); /* 0.1 * 4^-0.5 */
    dio_heat_saturation(&m, m.freezing_point - 1e6, &S, &dS);
    ck_assert(S < 1e-3);
  }
  {
    /* no phase change: S = 1 everywhere */
    DioHeatMaterial m = Sediment(DIO_HEAT_CURVE_NONE);
    double          S, dS;
    dio_heat_saturation(&m, -100.0, &S, &dS);
    ck_assert_double_eq(S, 1.0);
    ck_assert_double_eq(dS, 0.0);
  }
}
END_TEST

START_TEST(test_bad_parameters)
{
  DioHeatMaterial m = Sediment(DIO_HEAT_CURVE_EXPONENTIAL);
  m.curve_width     = 0.0;
  ck_assert_int_eq(dio_heat_material_check(&m), DIO_KERNEL_BAD_ARGUMENT);
  m                     = Sediment(DIO_HEAT_CURVE_EXPONENTIAL);
  m.residual_saturation = 1.0;
  ck_assert_int_eq(dio_heat_material_check(&m), DIO_KERNEL_BAD_ARGUMENT);
  m                = Sediment(DIO_HEAT_CURVE_POWER);
  m.power_exponent = -1.0;
  ck_assert_int_eq(dio_heat_material_check(&m), DIO_KERNEL_BAD_ARGUMENT);
  m                = Sediment(DIO_HEAT_CURVE_POWER);
  m.power_exponent = 0.1;
  ck_assert_int_eq(dio_heat_material_check(&m), DIO_KERNEL_BAD_ARGUMENT);
  m                     = Sediment(DIO_HEAT_CURVE_NONE);
  m.conductivity_frozen = -1.0;
  ck_assert_int_eq(dio_heat_material_check(&m), DIO_KERNEL_BAD_ARGUMENT);
  m                   = Sediment(DIO_HEAT_CURVE_NONE);
  m.capacity_unfrozen = 0.0;
  ck_assert_int_eq(dio_heat_material_check(&m), DIO_KERNEL_BAD_ARGUMENT);
  m             = Sediment(DIO_HEAT_CURVE_NONE);
  m.latent_heat = -1.0;
  ck_assert_int_eq(dio_heat_material_check(&m), DIO_KERNEL_BAD_ARGUMENT);
  m = Sediment(7);
  ck_assert_int_eq(dio_heat_material_check(&m), DIO_KERNEL_BAD_ARGUMENT);
}
END_TEST

/* Central differences with step eps: the truncation error is eps^2 f'''/6, round-off ~ 1e-16 |f| / eps. */
START_TEST(test_derivatives_finite_differences)
{
  const int       k   = _i;
  DioHeatMaterial m   = Sediment(Curves[k]);
  const double    eps = 1e-6; /* K: 1/300 of the curve width, eps^2 S''' ~ 1e-12 / w^3 ~ 4e-11 */
  for (int i = 0; i < 801; i++) {
    const double T     = SampleTemperature(i, 801);
    const double theta = m.freezing_point - T;
    double       S, dS, Sp, Sm, d, H, dH, Hp, Hm, k0, dk, kp, km;
    /* skip the two kinks: the power law's knee (S' jumps) and T_f (S'' jumps for the exponential, S' for the power law)
     */
    if (fabs(theta) < 2 * eps || fabs(theta - 0.01) < 2 * eps) continue;
    dio_heat_saturation(&m, T, &S, &dS);
    dio_heat_saturation(&m, T + eps, &Sp, &d);
    dio_heat_saturation(&m, T - eps, &Sm, &d);
    /* S' reaches ~2.4 /K (exponential) and ~5e3 /K at the power law's knee: tolerance relative to |S'| + 1 */
    ck_assert_double_eq_tol(dS, (Sp - Sm) / (2 * eps), 1e-5 * (fabs(dS) + 1.0));
    dio_heat_enthalpy(&m, T, &H, &dH, &S);
    dio_heat_enthalpy(&m, T + eps, &Hp, &d, &Sp);
    dio_heat_enthalpy(&m, T - eps, &Hm, &d, &Sm);
    /* H ~ 1e8 J/m3: round-off 1e-16 * 1e8 / 1e-6 = 1e-2 J/m3/K against dH >= 2e6 */
    ck_assert_double_eq_tol(dH, (Hp - Hm) / (2 * eps), 1e-5 * fabs(dH));
    dio_heat_conductivity(&m, T, &k0, &dk);
    dio_heat_conductivity(&m, T + eps, &kp, &d);
    dio_heat_conductivity(&m, T - eps, &km, &d);
    ck_assert_double_eq_tol(dk, (kp - km) / (2 * eps), 1e-5 * (fabs(dk) + 1e-3));
  }
}
END_TEST

START_TEST(test_enthalpy_continuous_monotone)
{
  const int       k = _i;
  DioHeatMaterial m = Sediment(Curves[k]);
  double          H, dH, S, H_prev = -INFINITY;
  /* continuous at T_f: the jump over 2e-12 K is bounded by max dH/dT * 2e-12 (< 1e-3 J/m3 here) */
  {
    double Hl, Hr;
    dio_heat_enthalpy(&m, m.freezing_point - 1e-12, &Hl, &dH, &S);
    dio_heat_enthalpy(&m, m.freezing_point + 1e-12, &Hr, &dH, &S);
    ck_assert_double_eq_tol(Hl, Hr, 1e-3);
    ck_assert_double_eq_tol(Hr, m.latent_heat, 1e-3); /* H(T_f) = L by the choice of reference */
  }
  /* strictly increasing, derivative >= min(C_u, C_f) */
  for (int i = 0; i < 20001; i++) {
    const double T = m.freezing_point - 30.0 + 40.0 * i / 20000.0;
    dio_heat_enthalpy(&m, T, &H, &dH, &S);
    ck_assert(H > H_prev);
    ck_assert(dH >= m.capacity_frozen * (1 - 1e-15));
    H_prev = H;
  }
  /* above T_f: H = C_u (T - T_f) + L exactly */
  dio_heat_enthalpy(&m, m.freezing_point + 3.0, &H, &dH, &S);
  ck_assert_double_eq_tol(H, 3.0 * m.capacity_unfrozen + m.latent_heat, 1e-7);
  ck_assert_double_eq(dH, m.capacity_unfrozen);
}
END_TEST

/* H(b) - H(a) = int_a^b dH/dT: the closed-form integral of S_w (erf, power) against composite Simpson on dH/dT, with
   the interval split at the kinks (T_f and the power law's knee, 1e-12 K either side) so that Simpson sees smooth
   pieces; the slivers left out carry at most 1e-12 * 6e9 J/m3. */
START_TEST(test_enthalpy_is_integral_of_capacity)
{
  const int       k  = _i;
  DioHeatMaterial m  = Sediment(Curves[k]);
  const double    Tf = m.freezing_point, knee = pow(m.power_coefficient, -1.0 / m.power_exponent);
  const double    pieces[3][2] = {{Tf - 12.0, Tf - knee - 1e-12}, {Tf - knee + 1e-12, Tf}, {Tf, Tf + 2.0}};
  double          integral     = 0.0, Ha, Hb, d, S;
  for (int piece = 0; piece < 3; piece++) {
    const double a = pieces[piece][0], b = pieces[piece][1];
    const int    n     = 200000; /* even; Simpson's h^4 error with the theta^-1.5 slope at the knee: < 1e-9 relative */
    const double hstep = (b - a) / n;
    double       sum   = 0.0, H, dH;
    for (int i = 0; i <= n; i++) {
      dio_heat_enthalpy(&m, a + i * hstep, &H, &dH, &S);
      sum += dH * (i == 0 || i == n ? 1.0 : (i % 2 ? 4.0 : 2.0));
    }
    integral += sum * hstep / 3.0;
  }
  dio_heat_enthalpy(&m, pieces[0][0], &Ha, &d, &S);
  dio_heat_enthalpy(&m, pieces[2][1], &Hb, &d, &S);
  ck_assert_double_eq_tol((Hb - Ha), integral, 1e-9 * fabs(Hb - Ha));
}
END_TEST

START_TEST(test_secant_capacity)
{
  DioHeatMaterial m = Sediment(DIO_HEAT_CURVE_EXPONENTIAL);
  double          H, dH, S, H0, dH0, S0;
  const double    T0 = m.freezing_point + 1.0, T = m.freezing_point - 1.0;
  dio_heat_enthalpy(&m, T, &H, &dH, &S);
  dio_heat_enthalpy(&m, T0, &H0, &dH0, &S0);
  /* the chord over the whole freezing range holds the latent heat: (H - H0) / (T - T0), far above C */
  const double secant = dio_heat_capacity_tangent(&m, DIO_HEAT_TANGENT_SECANT, T, H, dH, T0, H0);
  ck_assert_double_eq_tol(secant, (H - H0) / (T - T0), 1e-9 * secant);
  ck_assert(secant > 0.4 * m.latent_heat / 2.0);
  ck_assert_double_eq(dio_heat_capacity_tangent(&m, DIO_HEAT_TANGENT_NEWTON, T, H, dH, T0, H0), dH);
  /* closer than 1e-6 K: the midpoint derivative (no 0/0) */
  {
    const double T1 = m.freezing_point - 0.2, T2 = T1 + 1e-9;
    double       H1, dH1, H2, dH2, Hm, dHm, Sm;
    dio_heat_enthalpy(&m, T1, &H1, &dH1, &S);
    dio_heat_enthalpy(&m, T2, &H2, &dH2, &S);
    dio_heat_enthalpy(&m, 0.5 * (T1 + T2), &Hm, &dHm, &Sm);
    ck_assert_double_eq(dio_heat_capacity_tangent(&m, DIO_HEAT_TANGENT_SECANT, T2, H2, dH2, T1, H1), dHm);
    ck_assert_double_eq(dio_heat_capacity_tangent(&m, DIO_HEAT_TANGENT_SECANT, T1, H1, dH1, T1, H1), dH1);
  }
}
END_TEST

START_TEST(test_conductivity_limits)
{
  DioHeatMaterial m = Sediment(DIO_HEAT_CURVE_EXPONENTIAL);
  double          k, dk;
  m.residual_saturation = 0.0;
  dio_heat_conductivity(&m, m.freezing_point + 1.0, &k, &dk);
  ck_assert_double_eq_tol(k, m.conductivity_unfrozen, 1e-15 * k);
  ck_assert_double_eq(dk, 0.0);
  dio_heat_conductivity(&m, m.freezing_point - 30 * m.curve_width, &k, &dk);
  ck_assert_double_eq_tol(k, m.conductivity_frozen, 1e-15 * k);
  /* half frozen: the geometric mean sqrt(k_u k_f) */
  dio_heat_conductivity(&m, m.freezing_point - m.curve_width * sqrt(log(2.0)), &k, &dk);
  ck_assert_double_eq_tol(k, sqrt(m.conductivity_unfrozen * m.conductivity_frozen), 1e-14 * k);
}
END_TEST

/* Cells under test. */
typedef struct {
  int dim, order;
} CellKind;
static const CellKind Kinds[] = {{2, 1}, {2, 2}, {3, 1}, {3, 2}};
#define NUM_KINDS 4

static const double DistortedCorners2[4 * 2] = {3.0, -2.0, 5.0, -1.7, 3.2, -0.5, 5.4, -0.1};
static const double DistortedCorners3[8 * 3] = {3.0, -2.0, 1.0, 5.0, -1.9, 1.2, 3.15, -0.5, 0.9, 5.2, -0.3, 1.1,
                                                3.1, -2.1, 2.0, 4.9, -1.8, 2.3, 2.9,  -0.6, 2.1, 5.1, -0.4, 2.4};

/* Node coordinates x[nodes][dim] of an order-p cell: the multilinear map of the corners at the reference nodes. */
static int MakeCell(int dim, int order, double *x)
{
  const double *corners = dim == 2 ? DistortedCorners2 : DistortedCorners3;
  int           nn      = 1;
  for (int d = 0; d < dim; d++) nn *= order + 1;
  for (int a = 0; a < nn; a++) {
    double xi[3], N1[8], dN1[24];
    int    rest = a;
    for (int d = 0; d < dim; d++) {
      xi[d] = dio_lagrange_node_1d(order, rest % (order + 1));
      rest /= order + 1;
    }
    ck_assert_int_eq(dio_tensor_basis(dim, 1, xi, N1, dN1), DIO_KERNEL_OK);
    for (int i = 0; i < dim; i++) {
      x[a * dim + i] = 0.0;
      for (int c = 0; c < (1 << dim); c++) x[a * dim + i] += N1[c] * corners[c * dim + i];
    }
  }
  return nn;
}

START_TEST(test_conductivity_matrix)
{
  const CellKind kind = Kinds[_i];
  DioElementTab *tab  = malloc(sizeof(*tab));
  double         x[DIO_MAX_NODES * 3], kq[DIO_MAX_QUAD_POINTS], M[DIO_MAX_NODES], X[DIO_MAX_QUAD_POINTS * 3],
      wdet[DIO_MAX_QUAD_POINTS];
  double *K = malloc(sizeof(double) * DIO_MAX_NODES * DIO_MAX_NODES);
  ck_assert_int_eq(dio_element_tab_init(kind.dim, kind.order, kind.order + 1, tab), DIO_KERNEL_OK);
  const int nn = MakeCell(kind.dim, kind.order, x);
  /* a conductivity varying over the quadrature points */
  for (int q = 0; q < tab->num_qpoints; q++) kq[q] = 1.0 + 0.5 * q / tab->num_qpoints;
  ck_assert_int_eq(dio_heat_conductivity_matrix(tab, x, kq, K), DIO_KERNEL_OK);
  double kmax = 0.0;
  for (int i = 0; i < nn * nn; i++) kmax = fmax(kmax, fabs(K[i]));
  for (int a = 0; a < nn; a++) {
    double row = 0.0;
    ck_assert(K[a * nn + a] > 0.0);
    for (int b = 0; b < nn; b++) {
      ck_assert_double_eq_tol(K[a * nn + b], K[b * nn + a], 1e-14 * kmax); /* symmetric up to the order of summation */
      row += K[a * nn + b];
    }
    ck_assert_double_eq_tol(row, 0.0, 1e-13 * kmax); /* K 1 = 0: round-off of nn terms */
  }
  /* lumped weights: positive, summing to the cell volume */
  ck_assert_int_eq(dio_heat_lumped_mass(tab, x, M), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_elas_qpoints(tab, x, X, wdet), DIO_KERNEL_OK);
  double volume = 0.0, total = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) volume += wdet[q];
  for (int a = 0; a < nn; a++) {
    ck_assert(M[a] > 0.0);
    total += M[a];
  }
  ck_assert_double_eq_tol(total, volume, 1e-14 * volume);
  free(K);
  free(tab);
}
END_TEST

/* Element temperatures that straddle the freezing range: node a gets T_f + 1.5 cos(1.3 a) (some frozen, some not). */
static void ElementTemperatures(int nn, double Tf, double *T, double *T_old)
{
  for (int a = 0; a < nn; a++) {
    T[a]     = Tf + 0.5 * cos(1.3 * a) - 0.1;
    T_old[a] = Tf + 1.0 + 0.2 * sin(0.7 * a);
  }
}

START_TEST(test_element_jacobian_finite_differences)
{
  const CellKind  kind  = Kinds[_i % NUM_KINDS];
  const int       curve = _i / NUM_KINDS ? DIO_HEAT_CURVE_POWER : DIO_HEAT_CURVE_EXPONENTIAL;
  DioHeatMaterial m     = Sediment(curve);
  DioElementTab  *tab   = malloc(sizeof(*tab));
  double          x[DIO_MAX_NODES * 3], M[DIO_MAX_NODES], T[DIO_MAX_NODES], T_old[DIO_MAX_NODES], R[DIO_MAX_NODES],
      Rp[DIO_MAX_NODES], Rm[DIO_MAX_NODES];
  double      *J  = malloc(sizeof(double) * DIO_MAX_NODES * DIO_MAX_NODES);
  const double dt = 86400.0, eps = 1e-6;
  ck_assert_int_eq(dio_element_tab_init(kind.dim, kind.order, kind.order + 1, tab), DIO_KERNEL_OK);
  const int nn = MakeCell(kind.dim, kind.order, x);
  ck_assert_int_eq(dio_heat_lumped_mass(tab, x, M), DIO_KERNEL_OK);
  ElementTemperatures(nn, m.freezing_point, T, T_old);
  /* keep the nodes away from the kinks of the curve (T_f and the power law's knee) so that the FD step sees one branch
   */
  for (int a = 0; a < nn; a++) {
    const double theta = m.freezing_point - T[a];
    if (fabs(theta) < 0.02 || fabs(theta - 0.01) < 0.02) T[a] -= 0.05;
  }
  ck_assert_int_eq(dio_heat_element(tab, x, &m, M, T, T_old, NULL, 1.0 / dt, DIO_HEAT_TANGENT_NEWTON, R, J),
                   DIO_KERNEL_OK);
  double jmax = 0.0;
  for (int i = 0; i < nn * nn; i++) jmax = fmax(jmax, fabs(J[i]));
  for (int b = 0; b < nn; b++) {
    const double Tb = T[b];
    T[b]            = Tb + eps;
    ck_assert_int_eq(dio_heat_element(tab, x, &m, M, T, T_old, NULL, 1.0 / dt, DIO_HEAT_TANGENT_NEWTON, Rp, NULL),
                     DIO_KERNEL_OK);
    T[b] = Tb - eps;
    ck_assert_int_eq(dio_heat_element(tab, x, &m, M, T, T_old, NULL, 1.0 / dt, DIO_HEAT_TANGENT_NEWTON, Rm, NULL),
                     DIO_KERNEL_OK);
    T[b] = Tb;
    /* truncation eps^2 R''' and round-off 1e-16 |R| / eps, both ~1e-7 of the largest entry */
    for (int a = 0; a < nn; a++) ck_assert_double_eq_tol(J[a * nn + b], (Rp[a] - Rm[a]) / (2 * eps), 1e-6 * jmax);
  }
  /* steady (dt_inv = 0): same check without the capacity */
  ck_assert_int_eq(dio_heat_element(tab, x, &m, M, T, T_old, NULL, 0.0, DIO_HEAT_TANGENT_NEWTON, R, J), DIO_KERNEL_OK);
  jmax = 0.0;
  for (int i = 0; i < nn * nn; i++) jmax = fmax(jmax, fabs(J[i]));
  for (int b = 0; b < nn; b++) {
    const double Tb = T[b];
    T[b]            = Tb + eps;
    dio_heat_element(tab, x, &m, M, T, T_old, NULL, 0.0, DIO_HEAT_TANGENT_NEWTON, Rp, NULL);
    T[b] = Tb - eps;
    dio_heat_element(tab, x, &m, M, T, T_old, NULL, 0.0, DIO_HEAT_TANGENT_NEWTON, Rm, NULL);
    T[b] = Tb;
    for (int a = 0; a < nn; a++) ck_assert_double_eq_tol(J[a * nn + b], (Rp[a] - Rm[a]) / (2 * eps), 1e-6 * jmax);
  }
  free(J);
  free(tab);
}
END_TEST

/* Summed over the nodes of a cell, the conduction terms cancel: sum_a Re_a = dt_inv sum_a M_a (H(T_a) - H(T_old_a)),
   the element form of the energy balance that DioHeat's bookkeeping relies on. With uniform T (any k) the element
   Jacobian without capacity is the conductivity matrix: symmetric with the constant null space. */
START_TEST(test_element_energy_identity)
{
  const CellKind  kind = Kinds[_i];
  DioHeatMaterial m    = Sediment(DIO_HEAT_CURVE_EXPONENTIAL);
  DioElementTab  *tab  = malloc(sizeof(*tab));
  double          x[DIO_MAX_NODES * 3], M[DIO_MAX_NODES], T[DIO_MAX_NODES], T_old[DIO_MAX_NODES], R[DIO_MAX_NODES];
  double         *J      = malloc(sizeof(double) * DIO_MAX_NODES * DIO_MAX_NODES);
  const double    dt_inv = 1.0 / 3600.0;
  ck_assert_int_eq(dio_element_tab_init(kind.dim, kind.order, kind.order + 1, tab), DIO_KERNEL_OK);
  const int nn = MakeCell(kind.dim, kind.order, x);
  ck_assert_int_eq(dio_heat_lumped_mass(tab, x, M), DIO_KERNEL_OK);
  ElementTemperatures(nn, m.freezing_point, T, T_old);
  ck_assert_int_eq(dio_heat_element(tab, x, &m, M, T, T_old, NULL, dt_inv, DIO_HEAT_TANGENT_SECANT, R, J),
                   DIO_KERNEL_OK);
  double sum = 0.0, change = 0.0, E, L, E_old, L_old, scale = 0.0;
  for (int a = 0; a < nn; a++) {
    sum += R[a];
    scale += fabs(R[a]);
  }
  dio_heat_cell_energy(nn, &m, M, T, &E, &L);
  dio_heat_cell_energy(nn, &m, M, T_old, &E_old, &L_old);
  change = dt_inv * (E - E_old);
  ck_assert_double_eq_tol(sum, change, 1e-13 * scale); /* round-off of nn terms of size |R_a| */
  ck_assert(L < L_old);                                /* part of the water froze */
  /* uniform T: no gradient, so the dk/dT term vanishes */
  for (int a = 0; a < nn; a++) T[a] = m.freezing_point - 0.2;
  ck_assert_int_eq(dio_heat_element(tab, x, &m, M, T, T_old, NULL, 0.0, DIO_HEAT_TANGENT_NEWTON, R, J), DIO_KERNEL_OK);
  double jmax = 0.0;
  for (int i = 0; i < nn * nn; i++) jmax = fmax(jmax, fabs(J[i]));
  for (int a = 0; a < nn; a++) {
    double row = 0.0;
    ck_assert_double_eq_tol(R[a], 0.0, 1e-13 * jmax); /* no gradient, no flux */
    for (int b = 0; b < nn; b++) {
      ck_assert_double_eq_tol(J[a * nn + b], J[b * nn + a], 1e-14 * jmax);
      row += J[a * nn + b];
    }
    ck_assert_double_eq_tol(row, 0.0, 1e-13 * jmax);
  }
  free(J);
  free(tab);
}
END_TEST

/* A constant flux q on each face of a parallelogram / parallelepiped cell: sum_a Fe_a = q * face area, and the
   quadrature points lie on the face. */
START_TEST(test_face_flux)
{
  const CellKind kind = Kinds[_i];
  const int      dim  = kind.dim;
  double         x[DIO_MAX_NODES * 3];
  /* an affine cell: corners of a sheared box, so that each face is planar with a known area */
  const double A[3][3] = {{2.0, 0.3, 0.1}, {0.0, 1.5, 0.2}, {0.0, 0.0, 1.2}}; /* x = x0 + A (xi + 1) / 2 */
  int          nn      = 1;
  for (int d = 0; d < dim; d++) nn *= kind.order + 1;
  for (int a = 0; a < nn; a++) {
    int    rest = a;
    double xi[3];
    for (int d = 0; d < dim; d++) {
      xi[d] = dio_lagrange_node_1d(kind.order, rest % (kind.order + 1));
      rest /= kind.order + 1;
    }
    for (int i = 0; i < dim; i++) {
      x[a * dim + i] = 1.0;
      for (int j = 0; j < dim; j++) x[a * dim + i] += A[i][j] * 0.5 * (xi[j] + 1.0);
    }
  }
  for (int face = 0; face < 2 * dim; face++) {
    DioFaceTab *tab = malloc(sizeof(*tab));
    double      X[DIO_MAX_QUAD_POINTS * 3], wdA[DIO_MAX_QUAD_POINTS], q[DIO_MAX_QUAD_POINTS], Fe[DIO_MAX_NODES],
        area = 0.0, sum = 0.0, expected;
    const int dir = face / 2;
    ck_assert_int_eq(dio_face_tab_init(dim, kind.order, kind.order + 1, face, tab), DIO_KERNEL_OK);
    ck_assert_int_eq(dio_heat_face_qpoints(tab, x, X, wdA), DIO_KERNEL_OK);
    for (int p = 0; p < tab->num_qpoints; p++) {
      q[p] = 0.065;
      area += wdA[p];
    }
    dio_heat_face_flux_load(tab, wdA, q, Fe);
    for (int a = 0; a < nn; a++) sum += Fe[a];
    /* the face spans the columns of A other than dir: its length (2D) or the norm of the cross product (3D) */
    if (dim == 2) {
      const int o = 1 - dir;
      expected    = hypot(A[0][o], A[1][o]);
    } else {
      const int o1 = (dir + 1) % 3, o2 = (dir + 2) % 3;
      double    c[3];
      c[0]     = A[1][o1] * A[2][o2] - A[2][o1] * A[1][o2];
      c[1]     = A[2][o1] * A[0][o2] - A[0][o1] * A[2][o2];
      c[2]     = A[0][o1] * A[1][o2] - A[1][o1] * A[0][o2];
      expected = sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    }
    ck_assert_double_eq_tol(area, expected, 1e-14 * expected);
    ck_assert_double_eq_tol(sum, 0.065 * expected, 1e-14 * expected);
    free(tab);
  }
}
END_TEST

/* The secant tangent changes only the capacity diagonal: J_secant - J_newton = diag(M_a dt_inv (s_a - H'(T_a))) with
   s_a = (H(T_a) - H(T_ref_a)) / (T_a - T_ref_a); the residual does not depend on the tangent. */
START_TEST(test_element_secant_tangent)
{
  const CellKind  kind = Kinds[_i];
  DioHeatMaterial m    = Sediment(DIO_HEAT_CURVE_EXPONENTIAL);
  DioElementTab  *tab  = malloc(sizeof(*tab));
  double          x[DIO_MAX_NODES * 3], M[DIO_MAX_NODES], T[DIO_MAX_NODES], T_old[DIO_MAX_NODES], T_ref[DIO_MAX_NODES],
      R1[DIO_MAX_NODES], R2[DIO_MAX_NODES];
  double *J1          = malloc(sizeof(double) * DIO_MAX_NODES * DIO_MAX_NODES),
         *J2          = malloc(sizeof(double) * DIO_MAX_NODES * DIO_MAX_NODES);
  const double dt_inv = 1.0 / 3600.0;
  ck_assert_int_eq(dio_element_tab_init(kind.dim, kind.order, kind.order + 1, tab), DIO_KERNEL_OK);
  const int nn = MakeCell(kind.dim, kind.order, x);
  ck_assert_int_eq(dio_heat_lumped_mass(tab, x, M), DIO_KERNEL_OK);
  ElementTemperatures(nn, m.freezing_point, T, T_old);
  for (int a = 0; a < nn; a++)
    T_ref[a] = T[a] + (a % 2 ? 0.4 : 1e-9); /* some nodes closer than 1e-6 K: the midpoint slope */
  ck_assert_int_eq(dio_heat_element(tab, x, &m, M, T, T_old, T_ref, dt_inv, DIO_HEAT_TANGENT_NEWTON, R1, J1),
                   DIO_KERNEL_OK);
  ck_assert_int_eq(dio_heat_element(tab, x, &m, M, T, T_old, T_ref, dt_inv, DIO_HEAT_TANGENT_SECANT, R2, J2),
                   DIO_KERNEL_OK);
  double jmax = 0.0;
  for (int i = 0; i < nn * nn; i++) jmax = fmax(jmax, fabs(J1[i]));
  for (int a = 0; a < nn; a++) {
    double H, dH, S, Hr, dHr, Sr;
    ck_assert_double_eq(R1[a], R2[a]);
    dio_heat_enthalpy(&m, T[a], &H, &dH, &S);
    dio_heat_enthalpy(&m, T_ref[a], &Hr, &dHr, &Sr);
    const double slope = dio_heat_capacity_tangent(&m, DIO_HEAT_TANGENT_SECANT, T[a], H, dH, T_ref[a], Hr);
    if (a % 2) ck_assert_double_eq_tol(slope, (H - Hr) / (T[a] - T_ref[a]), 1e-12 * slope);
    for (int b = 0; b < nn; b++) {
      const double expected = a == b ? M[a] * dt_inv * (slope - dH) : 0.0;
      ck_assert_double_eq_tol((J2[a * nn + b] - J1[a * nn + b]), expected, 1e-13 * jmax); /* round-off of the sums */
    }
  }
  free(J1);
  free(J2);
  free(tab);
}
END_TEST

/* A cell with two neighbouring corners swapped is tangled (a bow tie): every element kernel reports it instead of
 * integrating garbage. */
START_TEST(test_inverted_cell)
{
  const CellKind  kind = Kinds[_i];
  DioHeatMaterial m    = Sediment(DIO_HEAT_CURVE_EXPONENTIAL);
  DioElementTab  *tab  = malloc(sizeof(*tab));
  double          x[DIO_MAX_NODES * 3], M[DIO_MAX_NODES], T[DIO_MAX_NODES], T_old[DIO_MAX_NODES], R[DIO_MAX_NODES],
      kq[DIO_MAX_QUAD_POINTS];
  double *J = malloc(sizeof(double) * DIO_MAX_NODES * DIO_MAX_NODES);
  ck_assert_int_eq(dio_element_tab_init(kind.dim, kind.order, kind.order + 1, tab), DIO_KERNEL_OK);
  const int nn   = MakeCell(kind.dim, kind.order, x);
  const int last = kind.order; /* the next corner along x: swapping it with node 0 folds the cell */
  for (int i = 0; i < kind.dim; i++) {
    const double tmp       = x[i];
    x[i]                   = x[last * kind.dim + i];
    x[last * kind.dim + i] = tmp;
  }
  for (int q = 0; q < tab->num_qpoints; q++) kq[q] = 1.0;
  for (int a = 0; a < nn; a++) M[a] = 1.0;
  ElementTemperatures(nn, m.freezing_point, T, T_old);
  ck_assert_int_eq(dio_heat_lumped_mass(tab, x, M), DIO_KERNEL_INVERTED_CELL);
  ck_assert_int_eq(dio_heat_conductivity_matrix(tab, x, kq, J), DIO_KERNEL_INVERTED_CELL);
  ck_assert_int_eq(dio_heat_element(tab, x, &m, M, T, T_old, NULL, 1.0, DIO_HEAT_TANGENT_NEWTON, R, J),
                   DIO_KERNEL_INVERTED_CELL);
  free(J);
  free(tab);
}
END_TEST

static Suite *KernelsHeatSuite(void)
{
  Suite *suite   = suite_create("kernels_heat");
  TCase *curve   = tcase_create("curve");
  TCase *element = tcase_create("element");

  tcase_add_test(curve, test_curve_limits);
  tcase_add_test(curve, test_bad_parameters);
  tcase_add_loop_test(curve, test_derivatives_finite_differences, 0, NUM_CURVES);
  tcase_add_loop_test(curve, test_enthalpy_continuous_monotone, 0, NUM_CURVES);
  tcase_add_loop_test(curve, test_enthalpy_is_integral_of_capacity, 0, NUM_CURVES);
  tcase_add_test(curve, test_secant_capacity);
  tcase_add_test(curve, test_conductivity_limits);
  tcase_add_loop_test(element, test_conductivity_matrix, 0, NUM_KINDS);
  tcase_add_loop_test(element, test_element_jacobian_finite_differences, 0, 2 * NUM_KINDS);
  tcase_add_loop_test(element, test_element_energy_identity, 0, NUM_KINDS);
  tcase_add_loop_test(element, test_face_flux, 0, NUM_KINDS);
  tcase_add_loop_test(element, test_inverted_cell, 0, NUM_KINDS);
  tcase_add_loop_test(element, test_element_secant_tangent, 0, NUM_KINDS);
  suite_add_tcase(suite, curve);
  suite_add_tcase(suite, element);
  return suite;
}

int main(void)
{
  SRunner *runner = srunner_create(KernelsHeatSuite());
  int      failed;

  srunner_run_all(runner, CK_NORMAL);
  failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed == 0 ? 0 : 1;
}
