/* SPDX-License-Identifier: BSD-2-Clause
   mohr_coulomb.h: material-point update of elastic-perfectly-plastic Mohr-Coulomb (non-associated, with a Rankine
   tension cut-off) and of a matched Drucker-Prager cone, with the consistent algorithmic tangent. Pure header-only
   functions (see STYLE.md 2.7): the pointwise dio_mc_update() for unit tests and drivers, dio_mc_update_batch() over
   the quadrature points of one cell for the OpenMP assembly loop.

   Conventions (as elasticity.h). Stress and strain are 6-vectors (xx, yy, zz, xy, yz, xz), tension positive, tensor
   (not engineering) shear strain; plane strain is the caller's strain_increment with eps_zz = 0. State per quadrature
   point: stress (Pa) and accumulated plastic strain; the update is strain driven:
       sigma_trial = sigma_old + D : d_eps,   sigma_new = return of sigma_trial onto the yield surface.

   Mohr-Coulomb (de Souza Neto, Peric & Owen, Computational Methods for Plasticity, 2008, ch. 8; Clausen, Damkilde &
   Andersen, "Efficient return algorithms for associated plasticity with multiple yield planes", Int. J. Numer. Meth.
   Engng 2006, and their non-associated sequel in Computers & Structures 2007). With principal stresses
   s1 >= s2 >= s3 (tension positive):
       F(i,k) = (1 + sin phi) s_i - (1 - sin phi) s_k - 2 c cos phi <= 0         (six planes, i != k; F(1,3) binds)
       G(i,k) = (1 + sin psi) s_i - (1 - sin psi) s_k                            (plastic potential, psi <= phi)
       T(i)   = s_i - sigma_t <= 0                                               (tension cut-off, three planes)
   Uniaxial compressive strength 2 c cos phi / (1 - sin phi); apex at the mean stress c cot phi.
   Because elasticity is isotropic the return keeps the principal axes of sigma_trial, and because every surface is a
   plane in principal stresses the return onto a given set S of active planes is linear and exact (no iteration):
       s = x - sum_{j in S} dlambda_j D_p b_j,   a_i . s = r_i (i in S)  =>  A dlambda = f_S(x),  A_ij = a_i . D_p b_j
   with x the trial principal stresses, D_p the 3x3 principal block of D, a_i, r_i a plane and b_j = dG/ds.
   dio_mc_return_map() tries the sets of one, two and three planes among F(1,3), F(2,3), F(1,2), T(1), T(2), T(3) and
   accepts the first with dlambda >= 0 that satisfies all nine planes: a solution of this complementarity problem is
   the return, and it is unique because for psi <= phi the regions of trial stresses that return to a plane, an edge
   or a point partition the space (Clausen et al.; the unit test also checks it on random states). The sets that occur:
       plane F(1,3)                                       yield_indicator 1
       edge  F(1,3) + F(2,3): s1 = s2, triaxial compression meridian       2
       edge  F(1,3) + F(1,2): s2 = s3, triaxial extension meridian         2
       apex  F(1,3) + F(2,3) + F(1,2): s = c cot phi                       3
       any set with a tension plane (cut-off plane, its edges and corners) 4
   For psi = 0 the flow has no volumetric part and a trial mean stress beyond the apex has no solution of the equations
   above; such a trial returns to the apex (the subdifferential of G there contains a volumetric direction), as in
   de Souza Neto's apex return for perfect plasticity.

   Consistent tangent (d sigma_new / d d_eps, with the elastic tangent in the elastic case). sigma_new is an isotropic
   function of sigma_trial, so (derivative of an isotropic tensor function, de Souza Neto appendix A, for eigenvectors
   e_k of sigma_trial):
       d sigma_new = sum_ij (J D_p)_ij E_i (E_j : d_eps)
                   + sum_{i<j} 2 mu (y_i - y_j) / (x_i - x_j) (e_i . d_eps . e_j) (e_i e_j + e_j e_i)
   with E_k = e_k e_k, J = dy/dx = I - D_p B A^-1 a_S^T the principal Jacobian of the active set (zero on a point:
   apex and tension corners, where sigma_new does not move), and the spin ratio taken as its limit J_ii - J_ij where
   x_i = x_j. The tangent is non-symmetric for psi < phi.

   Drucker-Prager (use_drucker_prager = 1; de Souza Neto ch. 8): Phi = sqrt(J2) + eta p - xi c, p = tr(sigma) / 3
   tension positive, potential sqrt(J2) + eta_bar p, with eta, xi, eta_bar matched to (phi, psi) on the compression
   meridian (outer cone), on the extension meridian (inner cone) or for plane-strain collapse; apex at p = c cot phi for
   every match. Return to the cone, or to the apex where the cone return would give sqrt(J2) < 0; tangent in closed form
   on the cone, zero at the apex. The tension cut-off applies to Mohr-Coulomb only. */
#pragma once
#include <math.h>
#include <stddef.h> /* NULL only: the tangent and temperature arrays are optional */
#include "dio_kernel_types.h"
#include "eigen3.h"

/* How a Drucker-Prager cone is matched to Mohr-Coulomb's (c, phi, psi). */
typedef enum {
  DIO_MC_DP_OUTER        = 0, /* through the compression meridian (circumscribes the hexagon) */
  DIO_MC_DP_INNER        = 1, /* through the extension meridian */
  DIO_MC_DP_PLANE_STRAIN = 2  /* same plane-strain collapse load as Mohr-Coulomb (exact for psi = phi) */
} DioMCDPMatch;

/* Where a return ended, written (as a double) to yield_indicator. */
typedef enum {
  DIO_MC_ELASTIC = 0, /* no plastic flow */
  DIO_MC_PLANE   = 1, /* one Mohr-Coulomb plane, or the Drucker-Prager cone */
  DIO_MC_EDGE    = 2, /* two Mohr-Coulomb planes: triaxial compression or extension meridian */
  DIO_MC_APEX    = 3, /* the apex (all three planes, or the cone's apex) */
  DIO_MC_TENSION = 4  /* the tension cut-off is active: its plane, its edges, its corners with Mohr-Coulomb */
} DioMCRegion;

/* Uniform material parameters of one layer. Valid ranges are those of dio_mc_params_check(). */
typedef struct {
  double youngs_modulus;     /* E (Pa), > 0 */
  double poissons_ratio;     /* nu, in (-1, 0.5) */
  double cohesion;           /* c (Pa), >= 0; c = 0 needs phi > 0 */
  double friction_angle;     /* phi (radians), in [0, pi/2) */
  double dilation_angle;     /* psi (radians), in [0, phi]; psi = phi is associated flow */
  double tensile_strength;   /* sigma_t (Pa) of the Rankine cut-off, >= 0; >= c cot phi (or HUGE_VAL) disables it */
  int    use_drucker_prager; /* 0 Mohr-Coulomb, 1 Drucker-Prager cone matched by dp_match */
  int    dp_match;           /* DioMCDPMatch */
} DioMCParams;

/* Degrees to radians, for friction_angle and dilation_angle given in degrees in case files. */
static inline double dio_mc_deg_to_rad(double degrees)
{
  return degrees * (3.14159265358979323846 / 180.0);
}

/* DIO_KERNEL_OK if the parameters are in the ranges documented in DioMCParams, else DIO_KERNEL_BAD_ARGUMENT. The
   update functions assume valid parameters: check once when the material table is built. */
static inline int dio_mc_params_check(const DioMCParams *restrict p)
{
  const double half_pi = 1.57079632679489661923;
  if (!(p->youngs_modulus > 0.0) || !(p->poissons_ratio > -1.0 && p->poissons_ratio < 0.5))
    return DIO_KERNEL_BAD_ARGUMENT;
  if (!(p->cohesion >= 0.0) || !isfinite(p->cohesion)) return DIO_KERNEL_BAD_ARGUMENT;
  if (!(p->friction_angle >= 0.0 && p->friction_angle < half_pi)) return DIO_KERNEL_BAD_ARGUMENT;
  if (!(p->dilation_angle >= 0.0 && p->dilation_angle <= p->friction_angle)) return DIO_KERNEL_BAD_ARGUMENT;
  if (!(p->cohesion > 0.0 || p->friction_angle > 0.0)) return DIO_KERNEL_BAD_ARGUMENT;
  if (!(p->tensile_strength >= 0.0)) return DIO_KERNEL_BAD_ARGUMENT;
  if (p->use_drucker_prager != 0 && p->use_drucker_prager != 1) return DIO_KERNEL_BAD_ARGUMENT;
  if (p->dp_match < DIO_MC_DP_OUTER || p->dp_match > DIO_MC_DP_PLANE_STRAIN) return DIO_KERNEL_BAD_ARGUMENT;
  return DIO_KERNEL_OK;
}

/* Lame parameters (Pa) of the elastic part. */
static inline void dio_mc_lame(const DioMCParams *restrict p, double *restrict lambda, double *restrict mu)
{
  *mu     = p->youngs_modulus / (2.0 * (1.0 + p->poissons_ratio));
  *lambda = p->youngs_modulus * p->poissons_ratio / ((1.0 + p->poissons_ratio) * (1.0 - 2.0 * p->poissons_ratio));
}

/* Elastic tangent D[6][6] for tensor shear strain: sigma_xy = 2 mu eps_xy. */
static inline void dio_mc_elastic_tangent(double lambda, double mu, double *restrict tangent)
{
  for (int a = 0; a < 6; a++) {
    for (int b = 0; b < 6; b++) tangent[a * 6 + b] = (a < 3 && b < 3 ? lambda : 0.0) + (a == b ? 2.0 * mu : 0.0);
  }
}

/* The yield planes' constants, computed once per update (the trigonometry is the costly part of a plane). */
typedef struct {
  double sin_phi, sin_psi;
  double mc_rhs;        /* 2 c cos phi (Pa) */
  double apex;          /* c cot phi (Pa), HUGE_VAL for phi = 0 */
  double tensile;       /* sigma_t (Pa) */
  int    tension_binds; /* 1 if sigma_t < c cot phi: the cut-off can be active */
} DioMCSurface;

static inline void dio_mc_surface(const DioMCParams *restrict p, DioMCSurface *restrict surf)
{
  const double cphi   = cos(p->friction_angle);
  surf->sin_phi       = sin(p->friction_angle);
  surf->sin_psi       = sin(p->dilation_angle);
  surf->mc_rhs        = 2.0 * p->cohesion * cphi;
  surf->apex          = surf->sin_phi > 0.0 ? p->cohesion * cphi / surf->sin_phi : HUGE_VAL;
  surf->tensile       = p->tensile_strength;
  surf->tension_binds = isfinite(p->tensile_strength) && p->tensile_strength * surf->sin_phi < p->cohesion * cphi;
}

/* 1 if the tension cut-off lies below the Mohr-Coulomb apex c cot phi (so that it can bind), else 0. */
static inline int dio_mc_tension_cutoff(const DioMCParams *restrict p)
{
  DioMCSurface surf;
  dio_mc_surface(p, &surf);
  return surf.tension_binds;
}

/* Plane j (0..8) in principal stresses s[3] (any order): f_j(s) = a . s - r, flow direction b = dG_j/ds.
   j = 0..5: Mohr-Coulomb F(i,k) for (i,k) = (1,3), (2,3), (1,2), (2,1), (3,1), (3,2) (1-based as in the header);
   j = 6..8: tension cut-off T(j - 5). The first three and the tension planes are the ones a sorted trial returns to;
   the other three keep an accepted return inside the sorted sector. */
static inline void dio_mc_plane(const DioMCSurface *restrict surf, int j, double *restrict a, double *restrict b,
                                double *restrict r)
{
  const int major[6] = {0, 1, 0, 1, 2, 2}, minor[6] = {2, 2, 1, 0, 0, 1};
  for (int k = 0; k < 3; k++) a[k] = b[k] = 0.0;
  if (j < 6) {
    a[major[j]] = 1.0 + surf->sin_phi;
    a[minor[j]] = -(1.0 - surf->sin_phi);
    b[major[j]] = 1.0 + surf->sin_psi;
    b[minor[j]] = -(1.0 - surf->sin_psi);
    *r          = surf->mc_rhs;
  } else {
    a[j - 6] = b[j - 6] = 1.0;
    *r                  = surf->tensile;
  }
}

/* Solve M[m][m] X = R[m][nrhs] (m <= 3, nrhs <= 4) in place by Gaussian elimination with partial pivoting; the
   solution overwrites R. Returns 1 if a pivot is below 1e-10 of the largest entry of M (a singular set), else 0. */
static inline int dio_mc_solve_small(int m, double M[3][3], int nrhs, double R[3][4])
{
  double scale = 0.0;
  for (int i = 0; i < m; i++) {
    for (int j = 0; j < m; j++) scale = fmax(scale, fabs(M[i][j]));
  }
  for (int k = 0; k < m; k++) {
    int piv = k;
    for (int i = k + 1; i < m; i++) {
      if (fabs(M[i][k]) > fabs(M[piv][k])) piv = i;
    }
    if (!(fabs(M[piv][k]) > 1e-10 * scale)) return 1;
    if (piv != k) {
      for (int j = 0; j < m; j++) {
        const double t = M[k][j];
        M[k][j]        = M[piv][j];
        M[piv][j]      = t;
      }
      for (int j = 0; j < nrhs; j++) {
        const double t = R[k][j];
        R[k][j]        = R[piv][j];
        R[piv][j]      = t;
      }
    }
    for (int i = k + 1; i < m; i++) {
      const double l = M[i][k] / M[k][k];
      for (int j = k; j < m; j++) M[i][j] -= l * M[k][j];
      for (int j = 0; j < nrhs; j++) R[i][j] -= l * R[k][j];
    }
  }
  for (int k = m - 1; k >= 0; k--) {
    for (int j = 0; j < nrhs; j++) {
      double s = R[k][j];
      for (int i = k + 1; i < m; i++) s -= M[k][i] * R[i][j];
      R[k][j] = s / M[k][k];
    }
  }
  return 0;
}

/* Mohr-Coulomb return map in principal stresses (the heart of dio_mc_update()).
   In:  x[3] trial principal stresses, sorted x[0] >= x[1] >= x[2] (Pa).
   Out: y[3] returned principal stresses (same axes, still sorted); plastic[3] principal plastic strain increments;
        jac[3][3] = dy/dx (row-major); spin[3] the spin ratios (y_i - y_j)/(x_i - x_j) for the pairs (0,1), (1,2), (0,2)
        (the shear order xy, yz, xz of a stress in its principal axes), their limit where x_i = x_j;
        *region a DioMCRegion.
   Returns DIO_KERNEL_OK, or DIO_KERNEL_RETURN_MAP_FAILED if no active set satisfies the conditions (not seen for
   valid parameters; kept so that a caller can report the point instead of using a wrong stress). */
static inline int dio_mc_return_map(const DioMCParams *restrict p, const double *restrict x, double *restrict y,
                                    double *restrict plastic, double *restrict jac, double *restrict spin,
                                    int *restrict region)
{
  const int    cand[6] = {0, 1, 2, 6, 7, 8}; /* planes a sorted trial may return to */
  double       lambda, mu, a[9][3], b[9][3], r[9], rD[9][3], rD_norm[9], D_p[3][3];
  DioMCSurface surf;

  dio_mc_surface(p, &surf);
  const int tension    = surf.tension_binds;
  const int num_planes = tension ? 9 : 6;
  /* Tolerance on plane values (Pa): round-off of a . s for |s| ~ scale with |a| <= 2 is a few 1e-16 scale. */
  const double stress_scale = fabs(x[0]) + fabs(x[1]) + fabs(x[2]) + surf.mc_rhs;
  /* a cut-off far above the stresses (phi = 0 with any finite sigma_t "binds") must not blow up the tolerance */
  const double scale = stress_scale + (tension ? fmin(surf.tensile, stress_scale) : 0.0);
  const double tol   = 1e-12 * scale;

  for (int i = 0; i < 9; i++) jac[i] = (i % 4 == 0) ? 1.0 : 0.0;
  for (int k = 0; k < 3; k++) {
    y[k]       = x[k];
    plastic[k] = 0.0;
    spin[k]    = 1.0;
  }
  *region = DIO_MC_ELASTIC;
  /* x sorted: F(1,3) and T(1) are the largest of their families */
  if ((1.0 + surf.sin_phi) * x[0] - (1.0 - surf.sin_phi) * x[2] - surf.mc_rhs <= tol &&
      (!tension || x[0] - surf.tensile <= tol))
    return DIO_KERNEL_OK;

  dio_mc_lame(p, &lambda, &mu);
  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < 3; j++) D_p[i][j] = lambda + (i == j ? 2.0 * mu : 0.0);
  }
  for (int j = 0; j < num_planes; j++) {
    dio_mc_plane(&surf, j, a[j], b[j], &r[j]);
    rD_norm[j] = 0.0;
    for (int i = 0; i < 3; i++) {
      rD[j][i] = D_p[i][0] * b[j][0] + D_p[i][1] * b[j][1] + D_p[i][2] * b[j][2];
      rD_norm[j] += rD[j][i] * rD[j][i];
    }
    rD_norm[j] = sqrt(rD_norm[j]);
  }

  int    found = 0, best_mask = 0, m = 0;
  int    idx[3];
  double best_violation = HUGE_VAL, dl[3] = {0.0, 0.0, 0.0};
  for (int pass = 0; pass < 2 && !found; pass++) {
    /* pass 0: all sets by size, first admissible wins; pass 1: the least violating set if within 1e-8 scale */
    for (int size = 1; size <= 3 && !found; size++) {
      for (int mask = 1; mask < 64 && !found; mask++) {
        if (pass == 1 && mask != best_mask) continue;
        if (!tension && (mask & 0x38)) continue;
        int count = 0;
        for (int c = 0; c < 6; c++) count += (mask >> c) & 1;
        if (count != size) continue;
        m = 0;
        for (int c = 0; c < 6; c++) {
          if (mask & (1 << c)) idx[m++] = cand[c];
        }
        double A[3][3], R[3][4];
        for (int i = 0; i < m; i++) {
          const int ji = idx[i];
          for (int c = 0; c < m; c++)
            A[i][c] = a[ji][0] * rD[idx[c]][0] + a[ji][1] * rD[idx[c]][1] + a[ji][2] * rD[idx[c]][2];
          R[i][0] = a[ji][0] * x[0] + a[ji][1] * x[1] + a[ji][2] * x[2] - r[ji];
        }
        if (dio_mc_solve_small(m, A, 1, R)) continue;
        double violation = -HUGE_VAL, s[3] = {x[0], x[1], x[2]};
        for (int c = 0; c < m; c++) {
          dl[c]     = R[c][0];
          violation = fmax(violation, -dl[c] * rD_norm[idx[c]]);
          for (int k = 0; k < 3; k++) s[k] -= dl[c] * rD[idx[c]][k];
        }
        for (int j = 0; j < num_planes; j++)
          violation = fmax(violation, a[j][0] * s[0] + a[j][1] * s[1] + a[j][2] * s[2] - r[j]);
        if (pass == 0 && violation < best_violation) {
          best_violation = violation;
          best_mask      = mask;
        }
        if (violation <= (pass == 0 ? tol : 1e-8 * scale)) {
          found = 1;
          for (int k = 0; k < 3; k++) y[k] = s[k];
        }
      }
    }
    if (!found && pass == 0) {
      /* psi = 0 (or psi so small that the apex set is singular): a trial beyond the apex returns to the apex */
      if (!tension && surf.sin_phi > 0.0 && (x[0] + x[1] + x[2]) / 3.0 >= surf.apex - tol) {
        const double apex = surf.apex;
        for (int k = 0; k < 3; k++) {
          y[k] = apex;
          plastic[k] =
              ((x[k] - apex) - p->poissons_ratio * (x[(k + 1) % 3] + x[(k + 2) % 3] - 2.0 * apex)) / p->youngs_modulus;
          spin[k] = 0.0;
        }
        for (int i = 0; i < 9; i++) jac[i] = 0.0;
        *region = DIO_MC_APEX;
        return DIO_KERNEL_OK;
      }
    }
  }
  if (!found) return DIO_KERNEL_RETURN_MAP_FAILED;

  int has_tension = 0;
  for (int c = 0; c < m; c++) {
    has_tension |= idx[c] >= 6;
    for (int k = 0; k < 3; k++) plastic[k] += dl[c] * b[idx[c]][k];
  }
  *region = has_tension ? DIO_MC_TENSION : (m == 1 ? DIO_MC_PLANE : (m == 2 ? DIO_MC_EDGE : DIO_MC_APEX));

  /* J = I - (D_p B) A^-1 a_S^T; on three independent planes s is a point and J = 0 */
  if (m == 3) {
    for (int i = 0; i < 9; i++) jac[i] = 0.0;
  } else {
    double A[3][3], Z[3][4];
    for (int i = 0; i < m; i++) {
      for (int c = 0; c < m; c++)
        A[i][c] = a[idx[i]][0] * rD[idx[c]][0] + a[idx[i]][1] * rD[idx[c]][1] + a[idx[i]][2] * rD[idx[c]][2];
      for (int k = 0; k < 3; k++) Z[i][k] = a[idx[i]][k];
    }
    dio_mc_solve_small(m, A, 3, Z); /* nonsingular: it passed above */
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        for (int c = 0; c < m; c++) jac[i * 3 + k] -= rD[idx[c]][i] * Z[c][k];
      }
    }
  }
  /* Spin ratios: y_i - y_j = (x_i - x_j) - 2 mu sum_c dl_c (b_ci - b_cj) (the lambda tr b part of D_p b cancels), which
     keeps full relative accuracy where the gap is small; at a repeated trial eigenvalue use the limit J_ii - J_ij. */
  for (int pair = 0; pair < 3; pair++) {
    const int    i = pair == 1 ? 1 : 0, j = pair == 0 ? 1 : 2;
    const double gap = x[i] - x[j];
    if (fabs(gap) > 1e-13 * scale) {
      double flow = 0.0;
      for (int c = 0; c < m; c++) flow += dl[c] * (b[idx[c]][i] - b[idx[c]][j]);
      spin[pair] = 1.0 - 2.0 * mu * flow / gap;
    } else {
      spin[pair] = jac[i * 3 + i] - jac[i * 3 + j];
    }
  }
  return DIO_KERNEL_OK;
}

/* Symmetric dyads in Voigt order (tensor components): E[k] = e_k e_k and M[pair] = (e_i e_j + e_j e_i) / 2 for the
   pairs (0,1), (1,2), (0,2), from vectors[3][3] (row k = e_k). */
static inline void dio_mc_dyads(const double *restrict vectors, double E[3][6], double M[3][6])
{
  for (int k = 0; k < 3; k++) {
    const double *e = &vectors[3 * k];
    E[k][0]         = e[0] * e[0];
    E[k][1]         = e[1] * e[1];
    E[k][2]         = e[2] * e[2];
    E[k][3]         = e[0] * e[1];
    E[k][4]         = e[1] * e[2];
    E[k][5]         = e[0] * e[2];
  }
  for (int pair = 0; pair < 3; pair++) {
    const double *u = &vectors[3 * (pair == 1 ? 1 : 0)], *v = &vectors[3 * (pair == 0 ? 1 : 2)];
    M[pair][0] = u[0] * v[0];
    M[pair][1] = u[1] * v[1];
    M[pair][2] = u[2] * v[2];
    M[pair][3] = 0.5 * (u[0] * v[1] + v[0] * u[1]);
    M[pair][4] = 0.5 * (u[1] * v[2] + v[1] * u[2]);
    M[pair][5] = 0.5 * (u[0] * v[2] + v[0] * u[2]);
  }
}

/* Drucker-Prager coefficients eta, xi (yield) and eta_bar (potential) matched to (phi, psi) by p->dp_match
   (de Souza Neto et al. 2008, ch. 6, Drucker-Prager approximations of Mohr-Coulomb): outer 6 sin/(sqrt3 (3 - sin)), 6
   cos/(sqrt3 (3 - sin)); inner the same with 3 + sin; plane strain 3 tan/sqrt(9 + 12 tan^2), 3/sqrt(9 + 12 tan^2). */
static inline void dio_mc_dp_coefficients(const DioMCParams *restrict p, double *restrict eta, double *restrict xi,
                                          double *restrict eta_bar)
{
  const double sphi = sin(p->friction_angle), cphi = cos(p->friction_angle), spsi = sin(p->dilation_angle);
  const double sqrt3 = 1.73205080756887729353;
  switch (p->dp_match) {
  case DIO_MC_DP_INNER:
    *eta     = 6.0 * sphi / (sqrt3 * (3.0 + sphi));
    *xi      = 6.0 * cphi / (sqrt3 * (3.0 + sphi));
    *eta_bar = 6.0 * spsi / (sqrt3 * (3.0 + spsi));
    break;
  case DIO_MC_DP_PLANE_STRAIN: {
    const double tphi = tan(p->friction_angle), tpsi = tan(p->dilation_angle);
    *eta     = 3.0 * tphi / sqrt(9.0 + 12.0 * tphi * tphi);
    *xi      = 3.0 / sqrt(9.0 + 12.0 * tphi * tphi);
    *eta_bar = 3.0 * tpsi / sqrt(9.0 + 12.0 * tpsi * tpsi);
  } break;
  default:
    *eta     = 6.0 * sphi / (sqrt3 * (3.0 - sphi));
    *xi      = 6.0 * cphi / (sqrt3 * (3.0 - sphi));
    *eta_bar = 6.0 * spsi / (sqrt3 * (3.0 - spsi));
    break;
  }
}

/* Drucker-Prager return of trial[6] (the Drucker-Prager half of dio_mc_update(); same outputs). Cone (de Souza Neto
   2008 ch. 8, perfect plasticity): dgamma = Phi_trial / (G + K eta eta_bar), s = (1 - G dgamma / q_trial) s_trial,
   p = p_trial - K eta_bar dgamma, d_eps_p = dgamma (s_trial / (2 q_trial) + eta_bar / 3 I), q = sqrt(J2); tangent, with
   n = s_trial / |s_trial|, beta = G dgamma / q_trial, A = 1 / (G + K eta eta_bar):
     C = 2G (1 - beta) I_dev + (2G beta - 2G^2 A) n n - sqrt2 G A K (eta n I + eta_bar I n)
         + K (1 - K eta eta_bar A) I I.
   Apex where q_trial - G dgamma < 0: s = 0, p = c cot phi, tangent zero. */
static inline int dio_mc_dp_return_map(const DioMCParams *restrict p, double lambda, double mu,
                                       const double *restrict trial, double *restrict stress_new,
                                       double *restrict plastic_strain, double *restrict yield_indicator,
                                       double *restrict tangent)
{
  double       eta, xi, eta_bar, s[6];
  const double K = lambda + 2.0 * mu / 3.0, G = mu;

  dio_mc_dp_coefficients(p, &eta, &xi, &eta_bar);
  const double p_trial = (trial[0] + trial[1] + trial[2]) / 3.0;
  for (int a = 0; a < 6; a++) s[a] = trial[a] - (a < 3 ? p_trial : 0.0);
  const double ss = s[0] * s[0] + s[1] * s[1] + s[2] * s[2] + 2.0 * (s[3] * s[3] + s[4] * s[4] + s[5] * s[5]);
  if (!isfinite(ss) || !isfinite(p_trial)) return DIO_KERNEL_BAD_ARGUMENT;
  const double q_trial = sqrt(0.5 * ss);
  const double phi     = q_trial + eta * p_trial - xi * p->cohesion;
  if (phi <= 1e-12 * (fabs(p_trial) + q_trial + xi * p->cohesion)) {
    for (int a = 0; a < 6; a++) stress_new[a] = trial[a];
    if (tangent != NULL) dio_mc_elastic_tangent(lambda, mu, tangent);
    *yield_indicator = DIO_MC_ELASTIC;
    return DIO_KERNEL_OK;
  }
  const double A      = 1.0 / (G + K * eta * eta_bar);
  const double dgamma = phi * A;
  if (q_trial - G * dgamma >= 0.0) {
    const double beta = G * dgamma / q_trial, p_new = p_trial - K * eta_bar * dgamma, norm_s = sqrt(ss);
    double       n[6];
    for (int a = 0; a < 6; a++) {
      const double delta = a < 3 ? 1.0 : 0.0;
      stress_new[a]      = (1.0 - beta) * s[a] + p_new * delta;
      plastic_strain[a] += dgamma * (s[a] / (2.0 * q_trial) + eta_bar / 3.0 * delta);
      n[a] = s[a] / norm_s;
    }
    if (tangent != NULL) {
      const double sqrt2 = 1.41421356237309504880;
      const double c_nn = 2.0 * G * beta - 2.0 * G * G * A, c_nI = -sqrt2 * G * A * K * eta,
                   c_In = -sqrt2 * G * A * K * eta_bar;
      const double c_II = K * (1.0 - K * eta * eta_bar * A);
      for (int a = 0; a < 6; a++) {
        const double da = a < 3 ? 1.0 : 0.0;
        for (int b = 0; b < 6; b++) {
          const double db = b < 3 ? 1.0 : 0.0, wb = b < 3 ? 1.0 : 2.0; /* wb: eps_xy enters e : eps twice */
          const double dev   = (a == b ? 1.0 : 0.0) - da * db / 3.0;
          tangent[a * 6 + b] = 2.0 * G * (1.0 - beta) * dev + c_nn * n[a] * n[b] * wb + c_nI * n[a] * db +
                               c_In * da * n[b] * wb + c_II * da * db;
        }
      }
    }
    *yield_indicator = DIO_MC_PLANE;
  } else {
    const double p_apex = xi * p->cohesion / eta; /* eta > 0 here: with eta = 0 the cone return never fails */
    for (int a = 0; a < 6; a++) {
      const double delta = a < 3 ? 1.0 : 0.0;
      stress_new[a]      = p_apex * delta;
      plastic_strain[a] += s[a] / (2.0 * G) + (p_trial - p_apex) / (3.0 * K) * delta;
    }
    if (tangent != NULL) {
      for (int i = 0; i < 36; i++) tangent[i] = 0.0;
    }
    *yield_indicator = DIO_MC_APEX;
  }
  return DIO_KERNEL_OK;
}

/* Material-point update of one quadrature point, elastic-perfectly-plastic Mohr-Coulomb or Drucker-Prager.
   In:  p             parameters (valid per dio_mc_params_check());
        temperature   (deg C) ignored for now: frozen-soil laws will use it;
        stress_old[6] committed stress (Pa);
        strain_increment[6] total strain increment of the step (tensor shear);
   Out: stress_new[6] returned stress (Pa; must not alias stress_old);
        plastic_strain[6] accumulated plastic strain, in/out: the step's plastic increment is added;
        yield_indicator a DioMCRegion as a double (0 elastic, 1 plane/cone, 2 edge, 3 apex, 4 tension cut-off);
        tangent[6][6] consistent tangent d stress_new[a] / d strain_increment[b] (row a, column b, tensor shear in b),
                      non-symmetric for psi < phi; may be NULL (residual-only evaluations).
   Returns DIO_KERNEL_OK, DIO_KERNEL_BAD_ARGUMENT (non-finite input) or DIO_KERNEL_RETURN_MAP_FAILED. */
static inline int dio_mc_update(const DioMCParams *restrict p, double temperature, const double *restrict stress_old,
                                const double *restrict strain_increment, double *restrict stress_new,
                                double *restrict plastic_strain, double *restrict yield_indicator,
                                double *restrict tangent)
{
  double lambda, mu, trial[6], x[3], vectors[9], y[3], plastic[3], jac[9], spin[3], E[3][6], M[3][6];
  int    region, status;

  (void)temperature;
  dio_mc_lame(p, &lambda, &mu);
  const double tr = strain_increment[0] + strain_increment[1] + strain_increment[2];
  for (int a = 0; a < 6; a++) trial[a] = stress_old[a] + (a < 3 ? lambda * tr : 0.0) + 2.0 * mu * strain_increment[a];
  if (p->use_drucker_prager)
    return dio_mc_dp_return_map(p, lambda, mu, trial, stress_new, plastic_strain, yield_indicator, tangent);

  if ((status = dio_eig3_sym(trial, x, vectors))) return status;
  if ((status = dio_mc_return_map(p, x, y, plastic, jac, spin, &region))) return status;
  *yield_indicator = region;
  if (region == DIO_MC_ELASTIC) {
    for (int a = 0; a < 6; a++) stress_new[a] = trial[a];
    if (tangent != NULL) dio_mc_elastic_tangent(lambda, mu, tangent);
    return DIO_KERNEL_OK;
  }
  dio_mc_dyads(vectors, E, M);
  for (int a = 0; a < 6; a++) {
    stress_new[a] = y[0] * E[0][a] + y[1] * E[1][a] + y[2] * E[2][a];
    plastic_strain[a] += plastic[0] * E[0][a] + plastic[1] * E[1][a] + plastic[2] * E[2][a];
  }
  if (tangent != NULL) {
    double CP[3][3]; /* (dy/dx) D_p: principal stress response to principal strains */
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        CP[i][j] = 0.0;
        for (int k = 0; k < 3; k++) CP[i][j] += jac[i * 3 + k] * (lambda + (k == j ? 2.0 * mu : 0.0));
      }
    }
    for (int a = 0; a < 6; a++) {
      double PE[3]; /* PE[j] = sum_i CP[i][j] E_i[a] */
      for (int j = 0; j < 3; j++) PE[j] = CP[0][j] * E[0][a] + CP[1][j] * E[1][a] + CP[2][j] * E[2][a];
      for (int b = 0; b < 6; b++) {
        const double wb = b < 3 ? 1.0 : 2.0; /* e_i . d_eps . e_j counts the tensor shear d_eps_xy twice */
        double       t  = PE[0] * E[0][b] + PE[1] * E[1][b] + PE[2] * E[2][b];
        for (int pair = 0; pair < 3; pair++) t += 4.0 * mu * spin[pair] * M[pair][a] * M[pair][b];
        tangent[a * 6 + b] = t * wb;
      }
    }
  }
  return DIO_KERNEL_OK;
}

/* Yield function f (Pa) at stress[6]: the largest of the Mohr-Coulomb planes and (if it binds) the tension cut-off,
   or the Drucker-Prager Phi. f <= 0 is admissible. Returns the status of the eigen-decomposition. */
static inline int dio_mc_yield_function(const DioMCParams *restrict p, const double *restrict stress,
                                        double *restrict f)
{
  double       a[3], b[3], r, x[3], vectors[9];
  int          status;
  DioMCSurface surf;

  if (p->use_drucker_prager) {
    double eta, xi, eta_bar;
    dio_mc_dp_coefficients(p, &eta, &xi, &eta_bar);
    const double pm = (stress[0] + stress[1] + stress[2]) / 3.0;
    double       ss = 0.0;
    for (int k = 0; k < 6; k++)
      ss += (k < 3 ? 1.0 : 2.0) * (stress[k] - (k < 3 ? pm : 0.0)) * (stress[k] - (k < 3 ? pm : 0.0));
    *f = sqrt(0.5 * ss) + eta * pm - xi * p->cohesion;
    return DIO_KERNEL_OK;
  }
  if ((status = dio_eig3_sym(stress, x, vectors))) return status;
  dio_mc_surface(p, &surf);
  *f = -HUGE_VAL;
  for (int j = 0; j < (surf.tension_binds ? 9 : 6); j++) {
    dio_mc_plane(&surf, j, a, b, &r);
    *f = fmax(*f, a[0] * x[0] + a[1] * x[1] + a[2] * x[2] - r);
  }
  return DIO_KERNEL_OK;
}

/* Batch update over the num_points quadrature points of one cell (or a chunk of points), for the OpenMP cell loop:
   temperature[num_points] (may be NULL), stress_old[num_points][6], strain_increment[num_points][6],
   stress_new[num_points][6], plastic_strain[num_points][6] (in/out), yield_indicator[num_points],
   tangent[num_points][36] (may be NULL); point q is dio_mc_update() on the q-th rows. Every point is updated; returns
   the first non-zero status met (the caller names the cell), else DIO_KERNEL_OK. */
static inline int dio_mc_update_batch(const DioMCParams *restrict p, int num_points, const double *restrict temperature,
                                      const double *restrict stress_old, const double *restrict strain_increment,
                                      double *restrict stress_new, double *restrict plastic_strain,
                                      double *restrict yield_indicator, double *restrict tangent)
{
  int status = DIO_KERNEL_OK;
  for (int q = 0; q < num_points; q++) {
    const int s = dio_mc_update(p, temperature != NULL ? temperature[q] : 0.0, &stress_old[6 * q],
                                &strain_increment[6 * q], &stress_new[6 * q], &plastic_strain[6 * q],
                                &yield_indicator[q], tangent != NULL ? &tangent[36 * q] : NULL);
    if (s && !status) status = s;
  }
  return status;
}
