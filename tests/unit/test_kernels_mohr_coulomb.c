/* SPDX-License-Identifier: BSD-2-Clause
   test_kernels_mohr_coulomb.c: the material-point kernels of solver/kernels/mohr_coulomb.h (Mohr-Coulomb with tension
   cut-off, matched Drucker-Prager) and the 3x3 eigen-solver of solver/kernels/eigen3.h: elastic steps, laboratory
   stress paths against the analytical strengths, consistency of the returned stress and of the plastic flow direction,
   the consistent tangent against central finite differences, objectivity, step-size independence, the batch wrapper.
   Pure functions: no MPI, no PETSc, so Check's default fork-per-test mode is used. Each tolerance says why next to it.

   Material throughout (unless a test changes it): E = 100 MPa, nu = 0.3, c = 100 kPa, phi = 30 deg, psi = 10 deg;
   stresses are then ~1e5-1e6 Pa and strains ~1e-3, the scales of a stiff seabed clay. With phi = 30 deg:
   sin phi = 1/2, UCS = 2 c cos phi / (1 - sin phi) = 2 sqrt(3) c, apex c cot phi = sqrt(3) c. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "dio_kernel_types.h"
#include "eigen3.h"
#include "mohr_coulomb.h"

static DioMCParams TestParams(void)
{
  DioMCParams p = {.youngs_modulus     = 1.0e8,
                   .poissons_ratio     = 0.3,
                   .cohesion           = 1.0e5,
                   .friction_angle     = dio_mc_deg_to_rad(30.0),
                   .dilation_angle     = dio_mc_deg_to_rad(10.0),
                   .tensile_strength   = HUGE_VAL,
                   .use_drucker_prager = 0,
                   .dp_match           = DIO_MC_DP_OUTER};
  return p;
}

/* Fixed 64-bit LCG (Knuth's MMIX constants): the same sequence on every system, unlike rand(). */
static double LcgUniform(uint64_t *state, double lo, double hi)
{
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  return lo + (hi - lo) * (double)(*state >> 11) * 0x1.0p-53;
}

/* Rotation R[3][3] (row-major) from three angles: Rz(a) Ry(b) Rx(g). */
static void Rotation(double a, double b, double g, double *R)
{
  const double ca = cos(a), sa = sin(a), cb = cos(b), sb = sin(b), cg = cos(g), sg = sin(g);
  R[0] = ca * cb;
  R[1] = ca * sb * sg - sa * cg;
  R[2] = ca * sb * cg + sa * sg;
  R[3] = sa * cb;
  R[4] = sa * sb * sg + ca * cg;
  R[5] = sa * sb * cg - ca * sg;
  R[6] = -sb;
  R[7] = cb * sg;
  R[8] = cb * cg;
}

static void VoigtToMatrix(const double *v, double *A)
{
  A[0] = v[0];
  A[1] = v[3];
  A[2] = v[5];
  A[3] = v[3];
  A[4] = v[1];
  A[5] = v[4];
  A[6] = v[5];
  A[7] = v[4];
  A[8] = v[2];
}

static void MatrixToVoigt(const double *A, double *v)
{
  v[0] = A[0];
  v[1] = A[4];
  v[2] = A[8];
  v[3] = 0.5 * (A[1] + A[3]);
  v[4] = 0.5 * (A[5] + A[7]);
  v[5] = 0.5 * (A[2] + A[6]);
}

/* out = R A R^T for a symmetric tensor in Voigt order (stress, or strain with tensor shear: the same rule). */
static void RotateVoigt(const double *R, const double *v, double *out)
{
  double A[9], B[9];
  VoigtToMatrix(v, A);
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < 3; j++) {
      B[i * 3 + j] = 0.0;
      for (int k = 0; k < 3; k++) {
        for (int l = 0; l < 3; l++) B[i * 3 + j] += R[i * 3 + k] * A[k * 3 + l] * R[j * 3 + l];
      }
    }
  }
  MatrixToVoigt(B, out);
}

/* Tensor R diag(x) R^T in Voigt order. */
static void FromPrincipal(const double *R, const double *x, double *v)
{
  const double d[6] = {x[0], x[1], x[2], 0.0, 0.0, 0.0};
  RotateVoigt(R, d, v);
}

/* Elastic strain (tensor shear) of a stress: the compliance D^-1. */
static void Compliance(const DioMCParams *p, const double *sigma, double *eps)
{
  const double E = p->youngs_modulus, nu = p->poissons_ratio;
  for (int k = 0; k < 3; k++) eps[k] = (sigma[k] - nu * (sigma[(k + 1) % 3] + sigma[(k + 2) % 3])) / E;
  for (int k = 3; k < 6; k++) eps[k] = sigma[k] * (1.0 + nu) / E;
}

static double MaxAbs(int n, const double *v)
{
  double m = 0.0;
  for (int i = 0; i < n; i++) m = fmax(m, fabs(v[i]));
  return m;
}

static double NormDiff(int n, const double *a, const double *b)
{
  double s = 0.0;
  for (int i = 0; i < n; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
  return sqrt(s);
}

static double Norm(int n, const double *a)
{
  double s = 0.0;
  for (int i = 0; i < n; i++) s += a[i] * a[i];
  return sqrt(s);
}

static void Principal(const double *stress, double *x)
{
  double vectors[9];
  ck_assert_int_eq(dio_eig3_sym(stress, x, vectors), DIO_KERNEL_OK);
}

/* One update from (stress_old, plastic_old) without touching them: the outputs of dio_mc_update(). */
static int Update(const DioMCParams *p, const double *stress_old, const double *plastic_old, const double *deps,
                  double *stress_new, double *plastic_new, double *indicator, double *tangent)
{
  memcpy(plastic_new, plastic_old, 6 * sizeof(double));
  return dio_mc_update(p, 0.0, stress_old, deps, stress_new, plastic_new, indicator, tangent);
}

/* One load step of a mixed-control element test: strain increment deps_fixed + u dir, the scalar u found by Newton
   with the consistent tangent so that stress[row] = target. Commits stress and plastic on success; returns the number
   of Newton iterations (the tangent is exact on each linear piece of the return, so a handful suffices), -1 if none
   converged. *u is the initial guess in and the solution out. */
static int MixedStep(const DioMCParams *p, double *stress, double *plastic, const double *deps_fixed, const double *dir,
                     int row, double target, double *u, double *indicator)
{
  double deps[6], sn[6], pn[6], T[36];
  for (int it = 0; it < 30; it++) {
    for (int k = 0; k < 6; k++) deps[k] = deps_fixed[k] + *u * dir[k];
    ck_assert_int_eq(Update(p, stress, plastic, deps, sn, pn, indicator, T), DIO_KERNEL_OK);
    const double r = sn[row] - target;
    /* converged to 1e-12 of the stress scale (c): far below any assertion on the path, above round-off */
    if (fabs(r) <= 1e-12 * (fabs(target) + MaxAbs(6, sn) + p->cohesion)) {
      memcpy(stress, sn, sizeof sn);
      memcpy(plastic, pn, sizeof pn);
      return it;
    }
    double slope = 0.0;
    for (int b = 0; b < 6; b++) slope += T[row * 6 + b] * dir[b];
    ck_assert(slope != 0.0);
    *u -= r / slope;
  }
  return -1;
}

/* Strain-driven laboratory test: num_steps steps of axial (zz) strain increment d_axial with the lateral stresses
   (xx = yy, by symmetry one unknown lateral strain) held at lateral_stress; the start state is stress[6]. Returns the
   most Newton iterations one step needed. */
static int AxialPath(const DioMCParams *p, double *stress, double *plastic, double lateral_stress, double d_axial,
                     int num_steps, double *indicator)
{
  const double deps_fixed[6] = {0.0, 0.0, d_axial, 0.0, 0.0, 0.0}, dir[6] = {1.0, 1.0, 0.0, 0.0, 0.0, 0.0};
  double       u    = -p->poissons_ratio * d_axial;
  int          most = 0;
  for (int step = 0; step < num_steps; step++) {
    const int its = MixedStep(p, stress, plastic, deps_fixed, dir, 0, lateral_stress, &u, indicator);
    ck_assert_msg(its >= 0, "mixed-control Newton did not converge at step %d", step);
    most = its > most ? its : most;
  }
  return most;
}

/* Central finite-difference tangent Tfd[6][6] = d stress_new / d deps at deps, step h per component (tensor shear). */
static void TangentFD(const DioMCParams *p, const double *stress_old, const double *deps, double h, double *Tfd)
{
  const double zero[6] = {0, 0, 0, 0, 0, 0};
  double       dp[6], dm[6], sp[6], sm[6], pl[6], ind;
  for (int b = 0; b < 6; b++) {
    memcpy(dp, deps, sizeof dp);
    memcpy(dm, deps, sizeof dm);
    dp[b] += h;
    dm[b] -= h;
    ck_assert_int_eq(Update(p, stress_old, zero, dp, sp, pl, &ind, NULL), DIO_KERNEL_OK);
    ck_assert_int_eq(Update(p, stress_old, zero, dm, sm, pl, &ind, NULL), DIO_KERNEL_OK);
    for (int a = 0; a < 6; a++) Tfd[a * 6 + b] = (sp[a] - sm[a]) / (2.0 * h);
  }
}

/* stress_old and strain increment whose trial stress is R diag(x) R^T, starting from a hydrostatic state -2c. */
static void TrialState(const DioMCParams *p, const double *R, const double *x, double *stress_old, double *deps)
{
  double trial[6], dsig[6];
  FromPrincipal(R, x, trial);
  for (int k = 0; k < 6; k++) {
    stress_old[k] = k < 3 ? -2.0 * p->cohesion : 0.0;
    dsig[k]       = trial[k] - stress_old[k];
  }
  Compliance(p, dsig, deps);
}

START_TEST(test_eigen_random)
{
  uint64_t seed = 42;
  for (int n = 0; n < 200; n++) {
    double       a6[6], w[3], V[9], A[9];
    const double magnitude = pow(10.0, LcgUniform(&seed, -3.0, 9.0));
    for (int k = 0; k < 6; k++) a6[k] = magnitude * LcgUniform(&seed, -1.0, 1.0);
    ck_assert_int_eq(dio_eig3_sym(a6, w, V), DIO_KERNEL_OK);
    VoigtToMatrix(a6, A);
    const double scale = Norm(6, a6);
    ck_assert(w[0] >= w[1] && w[1] >= w[2]);
    for (int k = 0; k < 3; k++) {
      for (int l = 0; l < 3; l++) {
        const double dot = V[3 * k] * V[3 * l] + V[3 * k + 1] * V[3 * l + 1] + V[3 * k + 2] * V[3 * l + 2];
        /* orthonormal to a few ulps: Jacobi rotations are exact rotations up to round-off */
        ck_assert_double_eq_tol(dot, k == l ? 1.0 : 0.0, 1e-14);
      }
      for (int i = 0; i < 3; i++) {
        double Av = 0.0;
        for (int j = 0; j < 3; j++) Av += A[i * 3 + j] * V[3 * k + j];
        /* backward stable: residual a few ulps of |A| */
        ck_assert_double_eq_tol(Av, w[k] * V[3 * k + i], 1e-14 * scale);
      }
    }
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double Aij = 0.0;
        for (int k = 0; k < 3; k++) Aij += w[k] * V[3 * k + i] * V[3 * k + j];
        ck_assert_double_eq_tol(Aij, A[i * 3 + j], 1e-14 * scale); /* reconstruction, same bound */
      }
    }
  }
}
END_TEST

START_TEST(test_eigen_repeated)
{
  /* exact spectra with repeated values, rotated: eigenvalues to a few ulps of |A|, vectors orthonormal, and the
     reconstruction exact to round-off (where the vectors of a repeated value are any basis of its space) */
  const double spectra[][3] = {{5.0, 2.0, 2.0}, {2.0, 2.0, -5.0},         {3.0, 3.0, 3.0},
                               {0.0, 0.0, 0.0}, {1.0, 1.0 + 1e-12, -1.0}, {1e6, 1e6 * (1 + 1e-15), 1e6}};
  double       R[9], a6[6], w[3], V[9], A[9];
  for (int s = 0; s < (int)(sizeof(spectra) / sizeof(spectra[0])); s++) {
    for (int r = 0; r < 3; r++) {
      Rotation(0.3 + r, -0.7 * r, 1.1 - 0.4 * r, R);
      FromPrincipal(R, spectra[s], a6);
      ck_assert_int_eq(dio_eig3_sym(a6, w, V), DIO_KERNEL_OK);
      VoigtToMatrix(a6, A);
      double sorted[3] = {spectra[s][0], spectra[s][1], spectra[s][2]};
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2 - i; j++) {
          if (sorted[j] < sorted[j + 1]) {
            const double t = sorted[j];
            sorted[j]      = sorted[j + 1];
            sorted[j + 1]  = t;
          }
        }
      }
      const double scale = fmax(MaxAbs(3, spectra[s]), 1e-300);
      /* the rotation of the test data adds a few ulps */
      for (int k = 0; k < 3; k++) ck_assert_double_eq_tol(w[k], sorted[k], 1e-14 * scale);
      for (int k = 0; k < 3; k++) {
        for (int l = 0; l < 3; l++) {
          const double dot = V[3 * k] * V[3 * l] + V[3 * k + 1] * V[3 * l + 1] + V[3 * k + 2] * V[3 * l + 2];
          ck_assert_double_eq_tol(dot, k == l ? 1.0 : 0.0, 1e-14); /* orthonormal even for a repeated value */
        }
      }
      for (int i = 0; i < 9; i++) {
        double Aij = 0.0;
        for (int k = 0; k < 3; k++) Aij += w[k] * V[3 * k + i / 3] * V[3 * k + i % 3];
        ck_assert_double_eq_tol(Aij, A[i], 1e-14 * scale);
      }
    }
  }
  const double bad[6] = {1.0, NAN, 0.0, 0.0, 0.0, 0.0};
  ck_assert_int_eq(dio_eig3_sym(bad, w, V), DIO_KERNEL_BAD_ARGUMENT);
}
END_TEST

START_TEST(test_params)
{
  DioMCParams p = TestParams();
  ck_assert_double_eq_tol(dio_mc_deg_to_rad(180.0), 4.0 * atan(1.0), 1e-15); /* one rounding */
  ck_assert_int_eq(dio_mc_params_check(&p), DIO_KERNEL_OK);
  p.dilation_angle = p.friction_angle + 0.01; /* psi > phi */
  ck_assert_int_eq(dio_mc_params_check(&p), DIO_KERNEL_BAD_ARGUMENT);
  p                = TestParams();
  p.poissons_ratio = 0.5;
  ck_assert_int_eq(dio_mc_params_check(&p), DIO_KERNEL_BAD_ARGUMENT);
  p                = TestParams();
  p.cohesion       = 0.0;
  p.friction_angle = p.dilation_angle = 0.0;
  ck_assert_int_eq(dio_mc_params_check(&p), DIO_KERNEL_BAD_ARGUMENT);
  p                  = TestParams();
  p.tensile_strength = -1.0;
  ck_assert_int_eq(dio_mc_params_check(&p), DIO_KERNEL_BAD_ARGUMENT);
  p          = TestParams();
  p.dp_match = 3;
  ck_assert_int_eq(dio_mc_params_check(&p), DIO_KERNEL_BAD_ARGUMENT);
  p                  = TestParams();
  p.tensile_strength = 0.5 * p.cohesion;
  ck_assert_int_eq(dio_mc_tension_cutoff(&p), 1);
  p.tensile_strength = 2.0 * p.cohesion; /* above c cot phi = 1.73 c: never binds */
  ck_assert_int_eq(dio_mc_tension_cutoff(&p), 0);
}
END_TEST

/* Requirement 1: a step inside the surface gives stress_old + D : d_eps, the elastic tangent, no plastic strain. */
START_TEST(test_elastic_step)
{
  DioMCParams  p = TestParams();
  double       lambda, mu, D[36], R[9], stress_old[6], deps[6], sn[6], pn[6], T[36], expect[6], ind;
  const double plastic_old[6] = {1e-4, -2e-4, 3e-4, 1e-5, -2e-5, 3e-5};
  const double x[3]           = {-1.0e5, -1.5e5, -2.0e5};
  p.use_drucker_prager        = _i;
  dio_mc_lame(&p, &lambda, &mu);
  dio_mc_elastic_tangent(lambda, mu, D);
  Rotation(0.4, 0.2, -0.9, R);
  FromPrincipal(R, x, stress_old);
  const double deps_in[6] = {-1e-4, 2e-4, -5e-5, 3e-5, -4e-5, 1e-5};
  memcpy(deps, deps_in, sizeof deps);
  ck_assert_int_eq(Update(&p, stress_old, plastic_old, deps, sn, pn, &ind, T), DIO_KERNEL_OK);
  ck_assert_double_eq(ind, 0.0);
  for (int a = 0; a < 6; a++) {
    expect[a] = stress_old[a];
    for (int b = 0; b < 6; b++) expect[a] += D[a * 6 + b] * deps[b];
  }
  for (int a = 0; a < 6; a++) {
    ck_assert_double_eq_tol(sn[a], expect[a], 1e-15 * MaxAbs(6, expect)); /* same sums in another order: a few ulps */
    ck_assert_double_eq(pn[a], plastic_old[a]);
  }
  for (int i = 0; i < 36; i++) ck_assert_double_eq(T[i], D[i]);
  ck_assert_double_eq_tol(D[3 * 6 + 3], 2.0 * mu, 1e-16 * mu); /* tensor shear: sigma_xy = 2 mu eps_xy */
}
END_TEST

/* Requirement 2: uniaxial compression reaches UCS = 2 c cos phi / (1 - sin phi) on the triaxial compression edge
   (s1 = s2 = 0); Drucker-Prager matched on the compression meridian (outer cone) reaches the same value on its cone. */
START_TEST(test_uniaxial_compression)
{
  DioMCParams p         = TestParams();
  double      stress[6] = {0, 0, 0, 0, 0, 0}, plastic[6] = {0, 0, 0, 0, 0, 0}, ind, x[3], f;
  p.use_drucker_prager = _i;
  const double sphi = sin(p.friction_angle), ucs = 2.0 * p.cohesion * cos(p.friction_angle) / (1.0 - sphi);
  /* 30 steps of -5e-4: about 4x the yield strain UCS/E = 3.5e-3 */
  const int most = AxialPath(&p, stress, plastic, 0.0, -5e-4, 30, &ind);
  ck_assert_int_le(most, 6); /* piecewise-linear response with its exact tangent: a few Newton iterations */
  ck_assert_double_eq_tol(stress[2], -ucs, 1e-10 * ucs); /* the return is exact: round-off of ~1e-16 c per step */
  ck_assert_double_eq_tol(stress[0], 0.0, 1e-10 * ucs);
  ck_assert_double_eq_tol(stress[1], 0.0, 1e-10 * ucs);
  ck_assert_double_eq(ind, _i ? (double)DIO_MC_PLANE : (double)DIO_MC_EDGE);
  Principal(stress, x);
  ck_assert_double_eq_tol(x[0], x[1], 1e-10 * ucs); /* on the compression meridian s1 = s2 */
  ck_assert_int_eq(dio_mc_yield_function(&p, stress, &f), DIO_KERNEL_OK);
  ck_assert_double_le(fabs(f), 1e-10 * p.cohesion);
  ck_assert_double_gt(plastic[1], 0.0); /* lateral plastic expansion: dilatant flow */
}
END_TEST

/* Requirement 2: triaxial compression with confining pressure s3 reaches s1 = s3 (1 + sin)/(1 - sin) + UCS. */
START_TEST(test_triaxial_compression)
{
  DioMCParams  p  = TestParams();
  const double s3 = 2.0 * p.cohesion, sphi = sin(p.friction_angle);
  const double s1        = s3 * (1.0 + sphi) / (1.0 - sphi) + 2.0 * p.cohesion * cos(p.friction_angle) / (1.0 - sphi);
  double       stress[6] = {-s3, -s3, -s3, 0, 0, 0}, plastic[6] = {0, 0, 0, 0, 0, 0}, ind, f;
  AxialPath(&p, stress, plastic, -s3, -5e-4, 40, &ind); /* 2e-2: about 3x the strain to failure */
  ck_assert_double_eq_tol(stress[2], -s1, 1e-10 * s1);  /* exact return, round-off only */
  ck_assert_double_eq_tol(stress[0], -s3, 1e-10 * s1);
  ck_assert_double_eq(ind, DIO_MC_EDGE);
  ck_assert_int_eq(dio_mc_yield_function(&p, stress, &f), DIO_KERNEL_OK);
  ck_assert_double_le(fabs(f), 1e-10 * p.cohesion);
}
END_TEST

/* Requirement 2: triaxial extension (axial unloading at confining s3) reaches the extension meridian s2 = s3:
   (1 + sin) s_zz - (1 - sin)(-s3) = 2 c cos. The inner Drucker-Prager cone passes through that meridian. */
START_TEST(test_triaxial_extension)
{
  DioMCParams  p  = TestParams();
  const double s3 = 4.0 * p.cohesion, sphi = sin(p.friction_angle);
  const double szz       = (2.0 * p.cohesion * cos(p.friction_angle) - (1.0 - sphi) * s3) / (1.0 + sphi);
  double       stress[6] = {-s3, -s3, -s3, 0, 0, 0}, plastic[6] = {0, 0, 0, 0, 0, 0}, ind, x[3], f;
  p.use_drucker_prager = _i;
  p.dp_match           = DIO_MC_DP_INNER;
  AxialPath(&p, stress, plastic, -s3, 2e-4, 40, &ind); /* 8e-3: about 2x the strain to failure */
  ck_assert_double_eq_tol(stress[2], szz, 1e-10 * s3); /* exact return, round-off only */
  ck_assert_double_eq_tol(stress[0], -s3, 1e-10 * s3);
  ck_assert_double_eq(ind, _i ? (double)DIO_MC_PLANE : (double)DIO_MC_EDGE);
  Principal(stress, x);
  ck_assert_double_eq_tol(x[1], x[2], 1e-10 * s3); /* extension meridian: s2 = s3 */
  ck_assert_int_eq(dio_mc_yield_function(&p, stress, &f), DIO_KERNEL_OK);
  ck_assert_double_le(fabs(f), 1e-10 * p.cohesion); /* on the surface, to round-off */
}
END_TEST

/* Requirement 2: uniaxial tension stops at the cut-off sigma_t (below the Mohr-Coulomb tensile strength
   2 c cos / (1 + sin) = 1.15 c), with the lateral stresses still zero. */
START_TEST(test_uniaxial_tension)
{
  DioMCParams p         = TestParams();
  double      stress[6] = {0, 0, 0, 0, 0, 0}, plastic[6] = {0, 0, 0, 0, 0, 0}, ind, f;
  p.tensile_strength = 0.5 * p.cohesion;
  AxialPath(&p, stress, plastic, 0.0, 1e-4, 10, &ind);                        /* 1e-3: twice sigma_t / E */
  ck_assert_double_eq_tol(stress[2], p.tensile_strength, 1e-10 * p.cohesion); /* exact return */
  ck_assert_double_eq_tol(stress[0], 0.0, 1e-10 * p.cohesion);
  ck_assert_double_eq(ind, DIO_MC_TENSION);
  ck_assert_int_eq(dio_mc_yield_function(&p, stress, &f), DIO_KERNEL_OK);
  ck_assert_double_le(fabs(f), 1e-10 * p.cohesion);
  /* Rankine flow: plastic strain along zz only */
  ck_assert_double_gt(plastic[2], 0.0);
  ck_assert_double_le(fabs(plastic[0]) + fabs(plastic[1]), 1e-12 * plastic[2]);
}
END_TEST

/* Requirement 2: hydrostatic tension ends at the apex p = c cot phi (Mohr-Coulomb with psi = 10 deg or psi = 0, and
   Drucker-Prager), or at the cut-off p = sigma_t; the apex tangent is zero: the stress no longer moves. */
START_TEST(test_hydrostatic_tension)
{
  const int    variant   = _i; /* 0 MC, 1 MC psi = 0, 2 MC with cut-off, 3 DP outer, 4 DP inner */
  DioMCParams  p         = TestParams();
  double       stress[6] = {0, 0, 0, 0, 0, 0}, plastic[6] = {0, 0, 0, 0, 0, 0}, sn[6], pn[6], T[36], ind;
  const double deps[6] = {2e-4, 2e-4, 2e-4, 0, 0, 0};
  if (variant == 1) p.dilation_angle = 0.0;
  if (variant == 2) p.tensile_strength = 0.5 * p.cohesion;
  if (variant >= 3) p.use_drucker_prager = 1, p.dp_match = variant == 3 ? DIO_MC_DP_OUTER : DIO_MC_DP_INNER;
  const double target = variant == 2 ? p.tensile_strength : p.cohesion / tan(p.friction_angle);
  for (int step = 0; step < 10; step++) { /* mean trial stress up to K 3 * 2e-3 = 5e5 Pa, beyond the apex 1.73e5 Pa */
    ck_assert_int_eq(Update(&p, stress, plastic, deps, sn, pn, &ind, T), DIO_KERNEL_OK);
    memcpy(stress, sn, sizeof sn);
    memcpy(plastic, pn, sizeof pn);
  }
  /* the apex is a point: exact up to round-off */
  for (int k = 0; k < 3; k++) ck_assert_double_eq_tol(stress[k], target, 1e-12 * target);
  for (int k = 3; k < 6; k++) ck_assert_double_eq_tol(stress[k], 0.0, 1e-12 * target);
  ck_assert_double_eq(ind, variant == 2 ? (double)DIO_MC_TENSION : (double)DIO_MC_APEX);
  /* a fixed point: no response */
  for (int i = 0; i < 36; i++) ck_assert_double_eq_tol(T[i], 0.0, 1e-12 * p.youngs_modulus);
  /* the total volumetric strain beyond the apex is plastic: 10 * 6e-4 - 3 target / (3K) */
  const double K = p.youngs_modulus / (3.0 * (1.0 - 2.0 * p.poissons_ratio));
  ck_assert_double_eq_tol(plastic[0] + plastic[1] + plastic[2], 6e-3 - target / K, 1e-12);
}
END_TEST

/* Requirement 3: the returned stress is on the surface, |f| / c < 1e-10, and the plastic strain increment is the
   potential gradient: principal values dlambda (1 + sin psi, 0, -(1 - sin psi)) on a plane, so that
   tr(d_eps_p) / (d_eps_p1 - d_eps_p3) = sin psi, coaxial with the stress; for Drucker-Prager
   tr(d_eps_p) / |dev d_eps_p| = sqrt2 eta_bar. Several rotations of trial states on the plane. */
START_TEST(test_consistency)
{
  DioMCParams  p               = TestParams();
  const double zero[6]         = {0, 0, 0, 0, 0, 0};
  const double mc_planes[3][3] = {{1e5, -1e5, -1.5e5}, {4e5, -1e5, -3e5}, {-1e5, -6e5, -6.5e5}};
  const double dp_planes[3][3] = {{4e5, -1e5, -3e5}, {2e5, -3e5, -8e5}, {1e5, -2e5, -6e5}};
  double       R[9], stress_old[6], deps[6], sn[6], pn[6], ind, f, e[3], vectors[9];
  p.use_drucker_prager = _i;
  for (int c = 0; c < 3; c++) {
    for (int r = 0; r < 4; r++) {
      Rotation(0.7 * r, 0.3 - 0.5 * r, 1.3 * r, R);
      TrialState(&p, R, _i ? dp_planes[c] : mc_planes[c], stress_old, deps);
      ck_assert_int_eq(Update(&p, stress_old, zero, deps, sn, pn, &ind, NULL), DIO_KERNEL_OK);
      ck_assert_double_eq(ind, DIO_MC_PLANE);
      ck_assert_int_eq(dio_mc_yield_function(&p, sn, &f), DIO_KERNEL_OK);
      ck_assert_double_le(fabs(f), 1e-10 * p.cohesion); /* the requirement; the exact return gives ~1e-16 |sigma| */
      ck_assert_int_eq(dio_eig3_sym(pn, e, vectors), DIO_KERNEL_OK);
      const double tr = e[0] + e[1] + e[2];
      if (_i == 0) {
        /* principal plastic strains to 1e-10 of their size (eigen-decomposition round-off ~1e-15) */
        ck_assert_double_eq_tol(e[1], 0.0, 1e-10 * e[0]);
        ck_assert_double_eq_tol(tr / (e[0] - e[2]), sin(p.dilation_angle), 1e-10);
        ck_assert_double_eq_tol(-e[2] / e[0], (1.0 - sin(p.dilation_angle)) / (1.0 + sin(p.dilation_angle)), 1e-10);
      } else {
        double eta, xi, eta_bar, dev = 0.0;
        dio_mc_dp_coefficients(&p, &eta, &xi, &eta_bar);
        for (int k = 0; k < 3; k++) dev += (e[k] - tr / 3.0) * (e[k] - tr / 3.0);
        ck_assert_double_eq_tol(tr / sqrt(dev), sqrt(2.0) * eta_bar, 1e-10);
      }
      /* coaxial: sigma d_eps_p = d_eps_p sigma */
      double S[9], P[9];
      VoigtToMatrix(sn, S);
      VoigtToMatrix(pn, P);
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          double sp = 0.0, ps = 0.0;
          for (int k = 0; k < 3; k++) sp += S[i * 3 + k] * P[k * 3 + j], ps += P[i * 3 + k] * S[k * 3 + j];
          ck_assert_double_eq_tol(sp, ps, 1e-12 * MaxAbs(6, sn) * MaxAbs(6, pn)); /* round-off of the products */
        }
      }
    }
  }
}
END_TEST

/* Trial states for the tangent check: principal trial stress x (Pa), material variant, expected region. */
typedef struct {
  double x[3];
  /* variant: 0 MC psi = 10 deg, 1 MC associated, 2 MC with cut-off 0.5 c, 3 DP outer, 4 DP inner, 5 DP plane strain,
     6 DP outer associated, 7 MC like the metasediments (phi 42, psi 4 deg, nu 0.27, cut-off 0.2 c) */
  int variant;
  int region;
  int rotate;
  int point; /* the return is a point whose principal values are all equal: tangent zero */
} TangentCase;

static const TangentCase TangentCases[] = {
    {{1e5, -1e5, -1.5e5}, 0, DIO_MC_PLANE, 1, 0},            /* plane, distinct */
    {{4e5, -1e5, -3e5}, 0, DIO_MC_PLANE, 1, 0},              /* plane, deep */
    {{4e5, -1e5, -3e5}, 1, DIO_MC_PLANE, 1, 0},              /* plane, associated */
    {{-1e5, -1.2e5, -12e5}, 0, DIO_MC_EDGE, 1, 0},           /* compression edge s1 = s2 */
    {{-1e5, -1e5 * (1 + 1e-4), -8e5}, 0, DIO_MC_EDGE, 1, 0}, /* compression edge, two nearly equal trial values */
    {{-1e5, -1e5, -8e5}, 0, DIO_MC_EDGE, 0, 0},  /* compression edge, two equal trial values, principal axes */
    {{1e5, -6e5, -6.2e5}, 0, DIO_MC_EDGE, 1, 0}, /* extension edge s2 = s3 */
    {{1e5, -6e5, -6e5 * (1 + 1e-4)}, 1, DIO_MC_EDGE, 1, 0}, /* extension edge, associated, nearly equal */
    {{3e5, 2.9e5, 2.8e5}, 0, DIO_MC_APEX, 1, 1},            /* apex */
    {{3e5, 3e5, 3e5}, 1, DIO_MC_APEX, 1, 1},                /* apex, associated, on the hydrostatic axis */
    {{1e5, -1e5, -1.5e5}, 2, DIO_MC_TENSION, 1, 0},         /* cut-off plane */
    {{2e5, -3e4, -3e4}, 2, DIO_MC_TENSION, 0, 0},           /* cut-off plane, two equal trial values */
    {{2e5, -3e4, -3e4 * (1 + 1e-4)}, 2, DIO_MC_TENSION, 1, 0},
    {{1.5e5, 1.4e5, -2e4}, 2, DIO_MC_TENSION, 1, 0}, /* cut-off edge s1 = s2 = sigma_t */
    {{4e5, -1e5, -3e5}, 2, DIO_MC_TENSION, 1, 0},    /* corner of the cut-off and the Mohr-Coulomb plane */
    {{3e5, 2.9e5, 2.8e5}, 2, DIO_MC_TENSION, 1, 1},  /* cut-off apex */
    {{4e5, -1e5, -3e5}, 3, DIO_MC_PLANE, 1, 0},      /* Drucker-Prager cones */
    {{4e5, -1e5, -3e5}, 4, DIO_MC_PLANE, 1, 0},
    {{4e5, -1e5, -3e5}, 5, DIO_MC_PLANE, 1, 0},
    {{4e5, -1e5, -3e5}, 6, DIO_MC_PLANE, 1, 0},
    {{-1e5, -1e5 * (1 + 1e-4), -8e5}, 3, DIO_MC_PLANE, 1, 0},
    {{3e5, 2.9e5, 2.8e5}, 3, DIO_MC_APEX, 1, 1}, /* Drucker-Prager apex */
    /* the states of the 3D TBM drive's tension zone (metasediments): cut-off plane, its edge with F(1,3) (s1 = sigma_t,
       s3 = -3.48 c; the state that stalled Newton there, whose cause was the load, not the tangent), cut-off corner */
    {{6e4, -3e4, -1e5}, 7, DIO_MC_TENSION, 1, 0},
    {{1.5e5, -5e4, -4e5}, 7, DIO_MC_TENSION, 1, 0},
    {{1.2e5, 1.1e5, -3e5}, 7, DIO_MC_TENSION, 1, 0},
};
#define NUM_TANGENT_CASES ((int)(sizeof(TangentCases) / sizeof(TangentCases[0])))

static DioMCParams VariantParams(int variant)
{
  DioMCParams p = TestParams();
  if (variant == 1) p.dilation_angle = p.friction_angle;
  if (variant == 2) p.tensile_strength = 0.5 * p.cohesion;
  if (variant >= 3 && variant <= 6) p.use_drucker_prager = 1, p.dp_match = variant == 6 ? DIO_MC_DP_OUTER : variant - 3;
  if (variant == 6) p.dilation_angle = p.friction_angle;
  if (variant == 7) {
    p.poissons_ratio   = 0.27;
    p.friction_angle   = dio_mc_deg_to_rad(42.0);
    p.dilation_angle   = dio_mc_deg_to_rad(4.0);
    p.tensile_strength = 0.2 * p.cohesion;
  }
  return p;
}

/* Requirement 4: the consistent tangent equals central finite differences of dio_mc_update(). Step h = 1e-8 of the
   strain size |d_eps| ~ 1e-3: truncation is O(h^2) relative to 1 / gap^2 of the trial eigenvalues (< 1e-8 here, the
   smallest gap being 1e-4 |sigma|), round-off is ~1e-16 |sigma| / h ~ 1e-8 |D|; so the relative error
   |T - T_fd| / |T| must be < 1e-6, with |D| in place of |T| where T = 0 (apex). */
START_TEST(test_tangent_fd)
{
  const TangentCase *tc      = &TangentCases[_i];
  DioMCParams        p       = VariantParams(tc->variant);
  const double       zero[6] = {0, 0, 0, 0, 0, 0};
  double             R[9], stress_old[6], deps[6], sn[6], pn[6], T[36], Tfd[36], D[36], lambda, mu, ind;
  if (tc->rotate)
    Rotation(0.5, -0.8, 1.9, R);
  else
    Rotation(0.0, 0.0, 0.0, R);
  TrialState(&p, R, tc->x, stress_old, deps);
  ck_assert_int_eq(Update(&p, stress_old, zero, deps, sn, pn, &ind, T), DIO_KERNEL_OK);
  ck_assert_msg(ind == tc->region, "case %d: region %g, expected %d", _i, ind, tc->region);
  TangentFD(&p, stress_old, deps, 1e-8 * MaxAbs(6, deps), Tfd);
  dio_mc_lame(&p, &lambda, &mu);
  dio_mc_elastic_tangent(lambda, mu, D);
  const double ref = tc->point ? Norm(36, D) : Norm(36, T);
  ck_assert_msg(NormDiff(36, T, Tfd) < 1e-6 * ref, "case %d: |T - T_fd| / |T| = %g", _i, NormDiff(36, T, Tfd) / ref);
  /* an apex is a fixed point: zero up to the round-off of the spin ratios (0 / gap computed as 1 - 1) */
  if (tc->point) ck_assert_double_le(Norm(36, T), 1e-12 * Norm(36, D));
}
END_TEST

/* Solve the 6x6 system A x = b in place (Gaussian elimination with partial pivoting); b becomes x. */
static void Solve6(double *A, double *b)
{
  for (int k = 0; k < 6; k++) {
    int piv = k;
    for (int i = k + 1; i < 6; i++) {
      if (fabs(A[i * 6 + k]) > fabs(A[piv * 6 + k])) piv = i;
    }
    for (int j = 0; j < 6; j++) {
      const double t = A[k * 6 + j];
      A[k * 6 + j]   = A[piv * 6 + j];
      A[piv * 6 + j] = t;
    }
    const double t = b[k];
    b[k]           = b[piv];
    b[piv]         = t;
    for (int i = k + 1; i < 6; i++) {
      const double l = A[i * 6 + k] / A[k * 6 + k];
      for (int j = k; j < 6; j++) A[i * 6 + j] -= l * A[k * 6 + j];
      b[i] -= l * b[k];
    }
  }
  for (int k = 5; k >= 0; k--) {
    for (int j = k + 1; j < 6; j++) b[k] -= A[k * 6 + j] * b[j];
    b[k] /= A[k * 6 + k];
  }
}

/* The tangent makes Newton converge quadratically: a material point in series with elastic springs of a different
   stiffness k_a = (0.05 .. 0.3) E per Voigt component, loaded by a strain g whose principal axes differ from those of
   stress_old, so that the principal axes rotate from iterate to iterate and the spin terms matter:
   r(d) = sigma_new(d) + k (d - g) = 0, Jacobian T + diag(k). Quadratic: once |r| < 1e-2 |r_0|, each
   |r_{n+1}| <= 10 |r_n|^2 / |r_0| (observed constant ~1-2) until round-off (1e-12 |r_0|) is reached. */
START_TEST(test_newton_quadratic)
{
  DioMCParams   p       = VariantParams(_i);
  const double  zero[6] = {0, 0, 0, 0, 0, 0}, x[3] = {-1e5, -2e5, -3e5};
  const double  goal_shear[3] = {1.2e-2, -3e-3, -1.8e-2}, goal_tension[3] = {6e-3, 1e-3, -2e-3};
  const double *goal = _i == 2 ? goal_tension : goal_shear;
  double        R[9], so[6], g[6], d[6] = {0, 0, 0, 0, 0, 0}, sn[6], pn[6], T[36], ind, r[6], history[31];
  const double  k[6] = {0.1 * p.youngs_modulus,  0.3 * p.youngs_modulus,  0.2 * p.youngs_modulus,
                        0.05 * p.youngs_modulus, 0.15 * p.youngs_modulus, 0.25 * p.youngs_modulus};
  Rotation(0.0, 0.0, 0.0, R);
  FromPrincipal(R, x, so);
  Rotation(0.4, -0.3, 0.7, R);
  FromPrincipal(R, goal, g);
  int n;
  for (n = 0; n < 30; n++) {
    ck_assert_int_eq(Update(&p, so, zero, d, sn, pn, &ind, T), DIO_KERNEL_OK);
    for (int a = 0; a < 6; a++) r[a] = sn[a] + k[a] * (d[a] - g[a]);
    history[n] = Norm(6, r);
    if (history[n] <= 1e-12 * history[0]) break;
    for (int a = 0; a < 6; a++) T[a * 6 + a] += k[a];
    for (int a = 0; a < 6; a++) r[a] = -r[a];
    Solve6(T, r);
    for (int a = 0; a < 6; a++) d[a] += r[a];
  }
  ck_assert_msg(ind != DIO_MC_ELASTIC, "the test must end plastic");
  ck_assert_int_le(n, 8);
  for (int m = 0; m + 1 <= n; m++) {
    if (history[m] < 1e-2 * history[0] && history[m + 1] > 1e-12 * history[0])
      ck_assert_msg(history[m + 1] <= 10.0 * history[m] * history[m] / history[0], "not quadratic at iteration %d", m);
  }
}
END_TEST

/* Requirement 5: objectivity. Rotating stress_old and the increment by R rotates stress_new and the plastic strain,
   and the tangent transforms as T'(R e R^T) = R (T e) R^T; round-off only (1e-12 relative). */
START_TEST(test_objectivity)
{
  const int    ncase = _i % 5, dp = _i / 5;
  const double xs[5][3] = {
      {4e5, -1e5, -3e5}, {-1e5, -1.2e5, -12e5}, {1e5, -6e5, -6.2e5}, {1.5e5, 1.4e5, -2e4}, {-1e5, -1.5e5, -2e5}};
  DioMCParams  p       = VariantParams(dp ? 3 : (ncase == 3 ? 2 : 0));
  const double zero[6] = {0, 0, 0, 0, 0, 0};
  double       R0[9], R[9], so[6], de[6], sn[6], pn[6], T[36], ind, so_r[6], de_r[6], sn_r[6], pn_r[6], T_r[36], ind_r,
      expect[6];
  Rotation(0.3, 0.9, -0.2, R0);
  TrialState(&p, R0, xs[ncase], so, de);
  Rotation(2.1, -0.6, 0.8, R);
  RotateVoigt(R, so, so_r);
  RotateVoigt(R, de, de_r);
  ck_assert_int_eq(Update(&p, so, zero, de, sn, pn, &ind, T), DIO_KERNEL_OK);
  ck_assert_int_eq(Update(&p, so_r, zero, de_r, sn_r, pn_r, &ind_r, T_r), DIO_KERNEL_OK);
  ck_assert_double_eq(ind, ind_r);
  RotateVoigt(R, sn, expect);
  for (int a = 0; a < 6; a++) ck_assert_double_eq_tol(sn_r[a], expect[a], 1e-12 * MaxAbs(6, sn));
  RotateVoigt(R, pn, expect);
  for (int a = 0; a < 6; a++) ck_assert_double_eq_tol(pn_r[a], expect[a], 1e-12 * fmax(MaxAbs(6, pn), 1e-3));
  uint64_t seed = 7;
  for (int n = 0; n < 3; n++) {
    double e[6], e_r[6], Te[6], Te_r[6];
    for (int k = 0; k < 6; k++) e[k] = LcgUniform(&seed, -1.0, 1.0);
    RotateVoigt(R, e, e_r);
    for (int a = 0; a < 6; a++) {
      Te[a] = Te_r[a] = 0.0;
      for (int b = 0; b < 6; b++) Te[a] += T[a * 6 + b] * e[b], Te_r[a] += T_r[a * 6 + b] * e_r[b];
    }
    RotateVoigt(R, Te, expect);
    for (int a = 0; a < 6; a++) ck_assert_double_eq_tol(Te_r[a], expect[a], 1e-12 * p.youngs_modulus);
  }
}
END_TEST

/* Requirement 6: proportional loading with fixed principal axes onto the plane (MC) or cone (DP): the final stress
   after 1 or 10 equal substeps agrees to 1e-8 relative (perfect plasticity on a flat face is path independent along a
   straight strain path; the difference is round-off, ~1e-15). */
START_TEST(test_step_splitting)
{
  DioMCParams  p        = TestParams();
  const double xgoal[3] = {4e5, -1e5, -3e5};
  double       R[9], so[6], de[6], sub[6], s1[6], p1[6], s10[6], p10[6], pl0[6] = {0, 0, 0, 0, 0, 0}, ind, sn[6], pn[6];
  p.use_drucker_prager = _i;
  Rotation(0.6, -0.3, 0.45, R);
  TrialState(&p, R, xgoal, so, de);
  ck_assert_int_eq(Update(&p, so, pl0, de, s1, p1, &ind, NULL), DIO_KERNEL_OK);
  ck_assert_double_eq(ind, DIO_MC_PLANE);
  memcpy(s10, so, sizeof s10);
  memcpy(p10, pl0, sizeof p10);
  for (int k = 0; k < 6; k++) sub[k] = 0.1 * de[k];
  for (int step = 0; step < 10; step++) {
    ck_assert_int_eq(Update(&p, s10, p10, sub, sn, pn, &ind, NULL), DIO_KERNEL_OK);
    ck_assert(ind == DIO_MC_ELASTIC || ind == DIO_MC_PLANE);
    memcpy(s10, sn, sizeof sn);
    memcpy(p10, pn, sizeof pn);
  }
  ck_assert_double_eq(ind, DIO_MC_PLANE);
  ck_assert_double_le(NormDiff(6, s10, s1), 1e-8 * Norm(6, s1));
  ck_assert_double_le(NormDiff(6, p10, p1), 1e-8 * Norm(6, p1));
}
END_TEST

/* psi = 0 (isochoric flow): deviatoric returns keep the mean stress; a trial beyond the apex goes to the apex. */
START_TEST(test_zero_dilation)
{
  DioMCParams  p       = TestParams();
  const double zero[6] = {0, 0, 0, 0, 0, 0}, x[3] = {2e5, -3e5, -8e5};
  double       R[9], so[6], de[6], sn[6], pn[6], ind, trial[6], lambda, mu, T[36], Tfd[36];
  p.dilation_angle = 0.0;
  Rotation(0.2, 0.4, 0.6, R);
  TrialState(&p, R, x, so, de);
  FromPrincipal(R, x, trial);
  ck_assert_int_eq(Update(&p, so, zero, de, sn, pn, &ind, T), DIO_KERNEL_OK);
  ck_assert_double_eq(ind, DIO_MC_PLANE);
  dio_mc_lame(&p, &lambda, &mu);
  /* isochoric flow keeps the mean stress, to round-off */
  ck_assert_double_eq_tol(sn[0] + sn[1] + sn[2], trial[0] + trial[1] + trial[2], 1e-12 * MaxAbs(6, trial));
  ck_assert_double_eq_tol(pn[0] + pn[1] + pn[2], 0.0, 1e-12 * MaxAbs(6, pn));
  TangentFD(&p, so, de, 1e-8 * MaxAbs(6, de), Tfd);
  ck_assert_double_le(NormDiff(36, T, Tfd), 1e-6 * Norm(36, T)); /* as test_tangent_fd */
}
END_TEST

/* Tresca (phi = 0) with a finite but huge tension cut-off (PETSC_INFINITY is PETSC_MAX_REAL / 4, not an infinity):
   the cut-off "binds" (apex at infinity) but must not inflate the yield tolerance; a trial with s1 - s3 = 4 c
   returns to s1 - s3 = 2 c (regression: the footing verification saw every point elastic). */
START_TEST(test_tresca_huge_cutoff)
{
  DioMCParams  p       = TestParams();
  const double zero[6] = {0, 0, 0, 0, 0, 0}, x[3] = {2e5, 0, -2e5};
  double       R[9], so[6], de[6], sn[6], pn[6], ind, T[36], y[3], vec[9];
  p.friction_angle = p.dilation_angle = 0.0;
  p.tensile_strength = 4.49423283715578976e307;
  Rotation(0.3, 0.1, 0.5, R);
  TrialState(&p, R, x, so, de);
  ck_assert_int_eq(Update(&p, so, zero, de, sn, pn, &ind, T), DIO_KERNEL_OK);
  ck_assert_double_eq(ind, DIO_MC_PLANE);
  ck_assert_int_eq(dio_eig3_sym(sn, y, vec), DIO_KERNEL_OK);
  ck_assert_double_eq_tol(y[0] - y[2], 2.0 * p.cohesion, 1e-9 * p.cohesion);
}
END_TEST

/* The batch wrapper is the pointwise update row by row; NULL tangent and temperature are allowed; a non-finite point
   reports DIO_KERNEL_BAD_ARGUMENT while the other points are still updated. */
START_TEST(test_batch)
{
  DioMCParams  p        = VariantParams(2);
  const double xs[4][3] = {{4e5, -1e5, -3e5}, {-1e5, -1.5e5, -2e5}, {1.5e5, 1.4e5, -2e4}, {3e5, 2.9e5, 2.8e5}};
  double so[4 * 6], de[4 * 6], sn[4 * 6], pl[4 * 6], ind[4], T[4 * 36], temperature[4] = {-2.0, -1.0, 0.0, 1.0}, R[9];
  for (int q = 0; q < 4; q++) {
    Rotation(0.3 * q, 0.1, -0.2 * q, R);
    TrialState(&p, R, xs[q], &so[6 * q], &de[6 * q]);
    for (int k = 0; k < 6; k++) pl[6 * q + k] = 1e-5 * k;
  }
  double pl_in[4 * 6];
  memcpy(pl_in, pl, sizeof pl);
  ck_assert_int_eq(dio_mc_update_batch(&p, 4, temperature, so, de, sn, pl, ind, T), DIO_KERNEL_OK);
  for (int q = 0; q < 4; q++) {
    double s1[6], p1[6], i1, T1[36];
    ck_assert_int_eq(Update(&p, &so[6 * q], &pl_in[6 * q], &de[6 * q], s1, p1, &i1, T1), DIO_KERNEL_OK);
    for (int k = 0; k < 6; k++) ck_assert_double_eq(sn[6 * q + k], s1[k]); /* same code path: bitwise */
    for (int k = 0; k < 6; k++) ck_assert_double_eq(pl[6 * q + k], p1[k]);
    for (int k = 0; k < 36; k++) ck_assert_double_eq(T[36 * q + k], T1[k]);
    ck_assert_double_eq(ind[q], i1);
  }
  ck_assert_double_eq(ind[0], DIO_MC_TENSION);
  ck_assert_double_eq(ind[1], DIO_MC_ELASTIC);
  memcpy(pl, pl_in, sizeof pl);
  de[6 * 1 + 2] = NAN;
  ck_assert_int_eq(dio_mc_update_batch(&p, 4, NULL, so, de, sn, pl, ind, NULL), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_double_eq(ind[3], DIO_MC_TENSION); /* later points were still updated */
}
END_TEST

/* Plane-strain match of Drucker-Prager: with associated flow, once the out-of-plane stress has settled (plastic
   d_eps_zz = 0) the in-plane collapse stress equals Mohr-Coulomb's, here a biaxial test with s_xx = -p0 held and yy
   compressed: s_yy = -(p0 (1 + sin)/(1 - sin) + UCS). Mohr-Coulomb (s_zz intermediate) reaches it too. */
START_TEST(test_plane_strain_match)
{
  DioMCParams  p  = TestParams();
  const double p0 = 2.0 * p.cohesion, sphi = sin(p.friction_angle);
  const double collapse = -(p0 * (1.0 + sphi) / (1.0 - sphi) + 2.0 * p.cohesion * cos(p.friction_angle) / (1.0 - sphi));
  double       stress[6] = {-p0, -p0, -p0, 0, 0, 0}, plastic[6] = {0, 0, 0, 0, 0, 0}, ind, u = 0.0;
  const double deps_fixed[6] = {0.0, -2e-4, 0.0, 0.0, 0.0, 0.0}, dir[6] = {1.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  p.dilation_angle     = p.friction_angle;
  p.use_drucker_prager = _i;
  p.dp_match           = DIO_MC_DP_PLANE_STRAIN;
  for (int step = 0; step < 400; step++)
    ck_assert_int_ge(MixedStep(&p, stress, plastic, deps_fixed, dir, 0, -p0, &u, &ind), 0);
  /* 8e-2 of compression, ~10x the strain to first yield: s_zz converges geometrically to its steady value; the
     remaining gap is below 1e-9 relative (MC: exact once s_zz is between s_xx and s_yy) */
  ck_assert_double_eq_tol(stress[1], collapse, 1e-9 * fabs(collapse));
}
END_TEST

/* Robustness on random states: random parameters (phi 0-55 deg, psi = 0, phi or in between, nu -0.2-0.49, c 0-200 kPa,
   cut-off off, 0 or below the apex) and random trial stresses over three decades, a tenth of them with two or three
   equal principal values: every return succeeds, lies inside the surface (1e-10 of the stress scale: the return is
   exact up to round-off ~1e-15) and its plastic strain increment is the one that removes sigma_trial - sigma_new.
   A denser offline sweep (2e6 states, brute force over all active sets) found every
   admissible set giving the same stress, i.e. the return is unique. */
START_TEST(test_random_states)
{
  uint64_t seed = 2024;
  for (int n = 0; n < 20000; n++) {
    DioMCParams p     = TestParams();
    p.poissons_ratio  = LcgUniform(&seed, -0.2, 0.49);
    p.cohesion        = LcgUniform(&seed, 0.0, 2e5);
    p.friction_angle  = dio_mc_deg_to_rad(LcgUniform(&seed, 0.0, 55.0));
    const double pick = LcgUniform(&seed, 0.0, 1.0);
    p.dilation_angle =
        pick < 0.15 ? 0.0 : (pick < 0.3 ? p.friction_angle : LcgUniform(&seed, 0.0, 1.0) * p.friction_angle);
    if (p.cohesion < 1e3 && p.friction_angle < 0.05) p.cohesion = 1e4;
    const double cut = LcgUniform(&seed, 0.0, 1.0);
    p.tensile_strength =
        cut < 0.3 ? HUGE_VAL
                  : (cut < 0.4 ? 0.0 : LcgUniform(&seed, 0.0, 1.0) * p.cohesion / tan(fmax(p.friction_angle, 1e-3)));
    p.use_drucker_prager = LcgUniform(&seed, 0.0, 1.0) < 0.2;
    p.dp_match           = (int)LcgUniform(&seed, 0.0, 2.999);
    ck_assert_int_eq(dio_mc_params_check(&p), DIO_KERNEL_OK);
    const double scale = pow(10.0, LcgUniform(&seed, 4.0, 7.0));
    double x[3], R[9], so[6], de[6], sn[6], pn[6] = {0, 0, 0, 0, 0, 0}, zero[6] = {0, 0, 0, 0, 0, 0}, ind, f, lambda,
                                            mu;
    for (int k = 0; k < 3; k++) x[k] = scale * LcgUniform(&seed, -1.0, 1.0);
    if (LcgUniform(&seed, 0.0, 1.0) < 0.1) x[1] = x[0];
    if (LcgUniform(&seed, 0.0, 1.0) < 0.1) x[2] = x[1];
    Rotation(LcgUniform(&seed, 0.0, 6.3), LcgUniform(&seed, 0.0, 6.3), LcgUniform(&seed, 0.0, 6.3), R);
    TrialState(&p, R, x, so, de);
    ck_assert_int_eq(Update(&p, so, zero, de, sn, pn, &ind, NULL), DIO_KERNEL_OK);
    ck_assert_int_eq(dio_mc_yield_function(&p, sn, &f), DIO_KERNEL_OK);
    ck_assert_double_le(f, 1e-10 * (scale + p.cohesion));
    /* the plastic strain accounts for the stress removed: sigma_trial - sigma_new = D : d_eps_p (round-off of the
       trial, ~1e-15 of the stress scale), and it does non-negative work d_eps_p : D : d_eps_p */
    double trial[6], work = 0.0;
    dio_mc_lame(&p, &lambda, &mu);
    FromPrincipal(R, x, trial);
    const double tr = pn[0] + pn[1] + pn[2];
    for (int k = 0; k < 6; k++) {
      ck_assert_double_eq_tol(trial[k] - sn[k], (k < 3 ? lambda * tr : 0.0) + 2.0 * mu * pn[k],
                              1e-10 * (scale + p.cohesion));
      work += (k < 3 ? 1.0 : 2.0) * pn[k] * (trial[k] - sn[k]);
    }
    ck_assert_double_ge(work, -1e-12 * scale * MaxAbs(6, pn));
  }
}
END_TEST

static Suite *KernelsMohrCoulombSuite(void)
{
  Suite *suite   = suite_create("kernels_mohr_coulomb");
  TCase *eigen   = tcase_create("eigen");
  TCase *paths   = tcase_create("paths");
  TCase *tangent = tcase_create("tangent");
  TCase *props   = tcase_create("properties");

  tcase_add_test(eigen, test_eigen_random);
  tcase_add_test(eigen, test_eigen_repeated);
  tcase_add_test(paths, test_params);
  tcase_add_loop_test(paths, test_elastic_step, 0, 2);
  tcase_add_loop_test(paths, test_uniaxial_compression, 0, 2);
  tcase_add_test(paths, test_triaxial_compression);
  tcase_add_loop_test(paths, test_triaxial_extension, 0, 2);
  tcase_add_test(paths, test_uniaxial_tension);
  tcase_add_loop_test(paths, test_hydrostatic_tension, 0, 5);
  tcase_add_loop_test(paths, test_consistency, 0, 2);
  tcase_add_loop_test(paths, test_plane_strain_match, 0, 2);
  tcase_add_test(paths, test_zero_dilation);
  tcase_add_test(paths, test_tresca_huge_cutoff);
  tcase_add_loop_test(tangent, test_tangent_fd, 0, NUM_TANGENT_CASES);
  tcase_add_loop_test(tangent, test_newton_quadratic, 0, 6);
  tcase_add_loop_test(props, test_objectivity, 0, 10);
  tcase_add_loop_test(props, test_step_splitting, 0, 2);
  tcase_add_test(props, test_batch);
  tcase_add_test(props, test_random_states);
  suite_add_tcase(suite, eigen);
  suite_add_tcase(suite, paths);
  suite_add_tcase(suite, tangent);
  suite_add_tcase(suite, props);
  return suite;
}

int main(void)
{
  SRunner *runner = srunner_create(KernelsMohrCoulombSuite());
  int      failed;

  srunner_run_all(runner, CK_NORMAL);
  failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed == 0 ? 0 : 1;
}
