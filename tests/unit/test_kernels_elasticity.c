/* SPDX-License-Identifier: BSD-2-Clause
   test_kernels_elasticity.c: the element kernels of solver/kernels/elasticity.h on Q1/Q2 cells in plane strain
   (2D) and 3D: stiffness symmetry, rigid-body null space, patch test, energy consistency, body and pore-pressure
   loads, hydrostatic face loads, the inverted-cell check, and the elastoplastic element tangent (elastoplastic.h:
   equal to the stiffness for an elastic D, consistent with the internal force by finite differences). Pure functions: no MPI, no PETSc, so Check's
   default fork-per-test mode is used. Every expected value is derived in the comment next to its assertion;
   tolerances are round-off bounds scaled by the size of the quantities summed. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dio_kernel_types.h"
#include "fe_basis.h"
#include "elasticity.h"
#include "elastoplastic.h"
#include "mohr_coulomb.h"

/* Cell kinds under test, one Check loop iteration each. curved: Q2 mid-edge/face/centre nodes moved off the
   multilinear map, so the cell is not a Q1 geometry in disguise. */
typedef struct {
  int dim, order, curved;
} CellKind;

static const CellKind Kinds[] = {{2, 1, 0}, {2, 2, 0}, {2, 2, 1}, {3, 1, 0}, {3, 2, 0}, {3, 2, 1}};
#define NUM_KINDS ((int)(sizeof(Kinds) / sizeof(Kinds[0])))

/* A distorted but valid (convex-faced) cell, corners in lexicographic order, away from the origin. */
static const double DistortedCorners2[4 * 2] = {3.0, -2.0, 5.0, -1.7, 3.2, -0.5, 5.4, -0.1};
static const double DistortedCorners3[8 * 3] = {3.0, -2.0, 1.0, 5.0, -1.9, 1.2, 3.15, -0.5, 0.9, 5.2, -0.3, 1.1,
                                                3.1, -2.1, 2.0, 4.9, -1.8, 2.3, 2.9,  -0.6, 2.1, 5.1, -0.4, 2.4};

/* Lame parameters of the material used throughout: E = 2.5, nu = 0.3 (order-one values keep the scales plain). */
static void TestLame(double *lambda, double *mu) { dio_elas_lame(2.5, 0.3, lambda, mu); }

static int NumNodes(int dim, int order)
{
  int n = 1;
  for (int d = 0; d < dim; d++) n *= order + 1;
  return n;
}

/* Reference coordinates xi[dim] and 1D indices idx[dim] of lexicographic node a = i + (p+1) j + (p+1)^2 k. */
static void ReferenceNode(int dim, int order, int a, double *xi, int *idx)
{
  for (int d = 0; d < dim; d++) {
    idx[d] = a % (order + 1);
    xi[d]  = dio_lagrange_node_1d(order, idx[d]);
    a /= order + 1;
  }
}

/* Fixed 64-bit LCG (Knuth's MMIX constants): the same sequence on every system, unlike rand(). */
static double LcgUniform(uint64_t *state, double lo, double hi)
{
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  return lo + (hi - lo) * (double)(*state >> 11) * 0x1.0p-53;
}

/* Node coordinates x[nodes][dim] of an order-p cell: the multilinear map of the Q1 corners evaluated at the
   order-p reference nodes; curved moves every non-corner node by a small fixed vector (3% of the cell size). */
static void MakeCell(int dim, int order, int curved, const double *corners, double *x)
{
  const int nn = NumNodes(dim, order);
  double    xi[DIO_MAX_DIM], N1[8], dN1[24];
  int       idx[DIO_MAX_DIM];

  for (int a = 0; a < nn; a++) {
    ReferenceNode(dim, order, a, xi, idx);
    ck_assert_int_eq(dio_tensor_basis(dim, 1, xi, N1, dN1), DIO_KERNEL_OK);
    int interior_directions = 0;
    for (int d = 0; d < dim; d++) interior_directions += xi[d] == 0.0;
    for (int i = 0; i < dim; i++) {
      x[a * dim + i] = 0.0;
      for (int c = 0; c < (1 << dim); c++) x[a * dim + i] += N1[c] * corners[c * dim + i];
      if (curved) x[a * dim + i] += 0.03 * (double)interior_directions * (i == 1 ? -1.0 : 1.0);
    }
  }
}

/* Guards the test data: det J > 0 on a 7^dim grid covering the closed reference cell. */
static void AssertValidCell(int dim, int order, const double *x)
{
  const int nn = NumNodes(dim, order), nz = dim > 2 ? 7 : 1;
  double    xi[DIO_MAX_DIM], N[DIO_MAX_NODES], dN[DIO_MAX_NODES * DIO_MAX_DIM], dNx[DIO_MAX_NODES * DIO_MAX_DIM], Jinv[9];

  for (int k = 0; k < nz; k++) {
    for (int j = 0; j < 7; j++) {
      for (int i = 0; i < 7; i++) {
        xi[0] = -1.0 + i / 3.0; xi[1] = -1.0 + j / 3.0; xi[2] = -1.0 + k / 3.0;
        ck_assert_int_eq(dio_tensor_basis(dim, order, xi, N, dN), DIO_KERNEL_OK);
        ck_assert_msg(dio_map_gradients(dim, nn, x, dN, Jinv, dNx) > 0.0, "test cell is not valid");
      }
    }
  }
}

/* The distorted test cell of one kind, checked valid, and its tabulation with order + 1 Gauss points. */
static void SetUpDistorted(const CellKind *kind, DioElementTab *tab, double *x)
{
  MakeCell(kind->dim, kind->order, kind->curved, kind->dim == 2 ? DistortedCorners2 : DistortedCorners3, x);
  AssertValidCell(kind->dim, kind->order, x);
  ck_assert_int_eq(dio_element_tab_init(kind->dim, kind->order, kind->order + 1, tab), DIO_KERNEL_OK);
}

static double MaxAbs(int n, const double *v)
{
  double m = 0.0;
  for (int i = 0; i < n; i++) m = fmax(m, fabs(v[i]));
  return m;
}

static double Norm2(int n, const double *v)
{
  double s = 0.0;
  for (int i = 0; i < n; i++) s += v[i] * v[i];
  return sqrt(s);
}

static void MatVec(int n, const double *K, const double *u, double *Ku)
{
  for (int i = 0; i < n; i++) {
    Ku[i] = 0.0;
    for (int j = 0; j < n; j++) Ku[i] += K[i * n + j] * u[j];
  }
}

static double Dot(int n, const double *u, const double *v)
{
  double s = 0.0;
  for (int i = 0; i < n; i++) s += u[i] * v[i];
  return s;
}

/* Rigid-body modes modes[m][ndof] at nodes x: dim translations, then infinitesimal rotations omega x r (one in 2D,
   three in 3D). Returns the number of modes. */
static int RigidModes(int dim, int nn, const double *x, double *modes)
{
  const int ndof = nn * dim;
  int       m    = 0;
  for (int t = 0; t < dim; t++, m++) {
    for (int a = 0; a < nn; a++) {
      for (int i = 0; i < dim; i++) modes[m * ndof + a * dim + i] = i == t ? 1.0 : 0.0;
    }
  }
  if (dim == 2) {
    for (int a = 0; a < nn; a++) {
      modes[m * ndof + a * 2 + 0] = -x[a * 2 + 1];
      modes[m * ndof + a * 2 + 1] = x[a * 2 + 0];
    }
    return m + 1;
  }
  for (int axis = 0; axis < 3; axis++, m++) {
    const int p = (axis + 1) % 3, q = (axis + 2) % 3; /* rotation about axis: u_p = -x_q, u_q = x_p */
    for (int a = 0; a < nn; a++) {
      modes[m * ndof + a * 3 + axis] = 0.0;
      modes[m * ndof + a * 3 + p]    = -x[a * 3 + q];
      modes[m * ndof + a * 3 + q]    = x[a * 3 + p];
    }
  }
  return m;
}

/* Number of pivots below rel_tol * (largest diagonal) in a diagonally pivoted Cholesky of the symmetric positive
   semidefinite K: its numerical nullity, without an eigensolver. */
static int Nullity(int n, const double *K, double rel_tol)
{
  double *A    = malloc(sizeof(double) * (size_t)(n * n));
  char   *used = calloc((size_t)n, 1);
  double  dmax = 0.0;
  int     rank = 0;

  ck_assert_ptr_nonnull(A);
  ck_assert_ptr_nonnull(used);
  memcpy(A, K, sizeof(double) * (size_t)(n * n));
  for (int i = 0; i < n; i++) dmax = fmax(dmax, A[i * n + i]);
  for (; rank < n; rank++) {
    int p = -1;
    for (int i = 0; i < n; i++) {
      if (!used[i] && (p < 0 || A[i * n + i] > A[p * n + p])) p = i;
    }
    if (A[p * n + p] <= rel_tol * dmax) break;
    used[p] = 1;
    for (int i = 0; i < n; i++) {
      if (used[i]) continue;
      const double f = A[i * n + p] / A[p * n + p];
      for (int j = 0; j < n; j++) {
        if (!used[j]) A[i * n + j] -= f * A[p * n + j];
      }
    }
  }
  free(A);
  free(used);
  return n - rank;
}

/* Linear field u = G x + c at nodes x; G, c fixed, non-symmetric G. */
static const double FieldG[9] = {0.31, -0.12, 0.07, 0.25, -0.18, 0.11, -0.05, 0.09, 0.22};
static const double FieldC[3] = {0.4, -0.7, 0.2};

static void LinearField(int dim, int nn, const double *x, double translation, double *u)
{
  for (int a = 0; a < nn; a++) {
    for (int i = 0; i < dim; i++) {
      u[a * dim + i] = translation * FieldC[i];
      for (int j = 0; j < dim; j++) u[a * dim + i] += FieldG[i * 3 + j] * x[a * dim + j];
    }
  }
}

/* Expected strain sym(G) and effective stress lambda tr(eps) I + 2 mu eps of the linear field, 6 components
   (xx, yy, zz, xy, yz, xz); in plane strain the z row and column of G are absent, so eps_zz = eps_yz = eps_xz = 0. */
static void LinearFieldStrainStress(int dim, double lambda, double mu, double eps6[6], double sig6[6])
{
  double G[3][3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
  for (int i = 0; i < dim; i++) {
    for (int j = 0; j < dim; j++) G[i][j] = FieldG[i * 3 + j];
  }
  eps6[0] = G[0][0];
  eps6[1] = G[1][1];
  eps6[2] = G[2][2];
  eps6[3] = 0.5 * (G[0][1] + G[1][0]);
  eps6[4] = 0.5 * (G[1][2] + G[2][1]);
  eps6[5] = 0.5 * (G[0][2] + G[2][0]);
  const double tr = G[0][0] + G[1][1] + G[2][2];
  for (int k = 0; k < 6; k++) sig6[k] = (k < 3 ? lambda * tr : 0.0) + 2.0 * mu * eps6[k];
}

START_TEST(test_lame)
{
  double lambda, mu;

  /* mu = E / (2 (1 + nu)) = 1 / 2.5 = 0.4; lambda = E nu / ((1 + nu)(1 - 2 nu)) = 0.25 / (1.25 * 0.5) = 0.4 */
  dio_elas_lame(1.0, 0.25, &lambda, &mu);
  ck_assert_double_eq_tol(lambda, 0.4, 1e-15); /* a few roundings of O(1) values */
  ck_assert_double_eq_tol(mu, 0.4, 1e-15);
  /* nu = 0: no lateral coupling, lambda = 0 and mu = E / 2 */
  dio_elas_lame(70e9, 0.0, &lambda, &mu);
  ck_assert_double_eq_tol(lambda, 0.0, 1e-15);
  ck_assert_double_eq_tol(mu, 35e9, 35e9 * 1e-15);
  /* inverse relations E = mu (3 lambda + 2 mu) / (lambda + mu), nu = lambda / (2 (lambda + mu)); round-off 1e-14 relative */
  dio_elas_lame(70e9, 0.3, &lambda, &mu);
  ck_assert_double_eq_tol(mu * (3.0 * lambda + 2.0 * mu) / (lambda + mu), 70e9, 70e9 * 1e-14);
  ck_assert_double_eq_tol(lambda / (2.0 * (lambda + mu)), 0.3, 1e-14);
}
END_TEST

START_TEST(test_stiffness_symmetric)
{
  const CellKind *kind = &Kinds[_i];
  const int       dim = kind->dim, nn = NumNodes(dim, kind->order), ndof = nn * dim;
  DioElementTab  *tab = malloc(sizeof(*tab));
  double         *K   = malloc(sizeof(double) * (size_t)(ndof * ndof));
  double          x[DIO_MAX_NODES * DIO_MAX_DIM], lambda, mu;

  ck_assert_ptr_nonnull(tab);
  ck_assert_ptr_nonnull(K);
  TestLame(&lambda, &mu);
  SetUpDistorted(kind, tab, x);
  ck_assert_int_eq(dio_elas_stiffness(tab, x, lambda, mu, K), DIO_KERNEL_OK);
  const double kmax = MaxAbs(ndof * ndof, K);
  ck_assert(kmax > 0.0);
  for (int r = 0; r < ndof; r++) {
    ck_assert_msg(K[r * ndof + r] > 0.0, "diagonal %d = %g is not positive", r, K[r * ndof + r]);
    /* same products summed in a different association order: round-off, 1e-12 relative to the largest entry */
    for (int c = 0; c < r; c++) ck_assert_double_eq_tol(K[r * ndof + c], K[c * ndof + r], 1e-12 * kmax);
  }
  free(K);
  free(tab);
}
END_TEST

START_TEST(test_stiffness_null_space)
{
  const CellKind *kind = &Kinds[_i];
  const int       dim = kind->dim, nn = NumNodes(dim, kind->order), ndof = nn * dim;
  DioElementTab  *tab   = malloc(sizeof(*tab));
  double         *K     = malloc(sizeof(double) * (size_t)(ndof * ndof));
  double         *modes = malloc(sizeof(double) * (size_t)(6 * ndof));
  double          x[DIO_MAX_NODES * DIO_MAX_DIM], Kr[DIO_MAX_ELEMENT_DOFS], u[DIO_MAX_ELEMENT_DOFS] = {0.0}, lambda, mu;
  uint64_t        state = 99u + (uint64_t)_i;

  ck_assert_ptr_nonnull(tab);
  ck_assert_ptr_nonnull(K);
  ck_assert_ptr_nonnull(modes);
  TestLame(&lambda, &mu);
  SetUpDistorted(kind, tab, x);
  ck_assert_int_eq(dio_elas_stiffness(tab, x, lambda, mu, K), DIO_KERNEL_OK);
  const double knorm = Norm2(ndof * ndof, K); /* Frobenius norm >= spectral norm */
  const int    num_modes = RigidModes(dim, nn, x, modes);
  ck_assert_int_eq(num_modes, dim == 2 ? 3 : 6);
  for (int m = 0; m < num_modes; m++) {
    const double *r = &modes[m * ndof];
    MatVec(ndof, K, r, Kr);
    /* rigid modes are interpolated exactly (linear in x) and have zero strain at every quadrature point;
       what remains is round-off of ndof-term sums: 1e-12 relative to ||K|| ||r|| */
    for (int i = 0; i < ndof; i++) ck_assert_double_eq_tol(Kr[i], 0.0, 1e-12 * knorm * Norm2(ndof, r));
  }
  /* uniform stretch u = x: eps = I, energy = V (lambda dim^2 + 2 mu dim) > 0; the energy test checks the value */
  for (int i = 0; i < ndof; i++) u[i] = x[i];
  MatVec(ndof, K, u, Kr);
  ck_assert(Dot(ndof, u, Kr) > 1e-3 * knorm);
  /* K = sum_q w |det J| B^T D B is positive semidefinite: random vectors (not rigid) give positive energy */
  for (int sample = 0; sample < 5; sample++) {
    for (int i = 0; i < ndof; i++) u[i] = LcgUniform(&state, -1.0, 1.0);
    MatVec(ndof, K, u, Kr);
    ck_assert(Dot(ndof, u, Kr) > 0.0);
  }
  /* with order + 1 Gauss points there are no spurious (hourglass) modes: the nullity is exactly the number of rigid
     modes. Pivots of the rank-deficient part are round-off, ~1e-15 relative; the smallest genuine pivot is >> 1e-8 */
  ck_assert_int_eq(Nullity(ndof, K, 1e-8), num_modes);
  free(modes);
  free(K);
  free(tab);
}
END_TEST

START_TEST(test_patch_linear_field)
{
  const CellKind *kind = &Kinds[_i];
  const int       dim = kind->dim, nn = NumNodes(dim, kind->order);
  DioElementTab  *tab  = malloc(sizeof(*tab));
  DioElementTab  *tab4 = malloc(sizeof(*tab4));
  double          x[DIO_MAX_NODES * DIO_MAX_DIM], u[DIO_MAX_ELEMENT_DOFS], eps6[6], sig6[6], eps_expected[6], sig_expected[6];
  double          lambda, mu, volume, volume4, eps4[6], sig4[6];

  ck_assert_ptr_nonnull(tab);
  ck_assert_ptr_nonnull(tab4);
  TestLame(&lambda, &mu);
  SetUpDistorted(kind, tab, x);
  LinearField(dim, nn, x, 1.0, u);
  LinearFieldStrainStress(dim, lambda, mu, eps_expected, sig_expected);
  ck_assert_int_eq(dio_elas_cell_average(tab, x, u, lambda, mu, eps6, sig6, &volume), DIO_KERNEL_OK);
  /* the isoparametric basis reproduces u = G x + c exactly, so grad u = G at every point, on any valid cell;
     round-off of node sums (|u_a| <= 2, |dNx| = O(1), 27 nodes) is far below 1e-12 */
  for (int k = 0; k < 6; k++) {
    ck_assert_double_eq_tol(eps6[k], eps_expected[k], 1e-12);
    ck_assert_double_eq_tol(sig6[k], sig_expected[k], 1e-12 * (lambda + 2.0 * mu));
  }
  if (dim == 2) {
    /* plane strain: eps_zz = 0 and sigma'_zz = lambda (eps_xx + eps_yy), same round-off bound */
    ck_assert_double_eq_tol(eps6[2], 0.0, 1e-12);
    ck_assert_double_eq_tol(sig6[2], lambda * (eps6[0] + eps6[1]), 1e-12 * (lambda + 2.0 * mu));
    ck_assert_double_eq_tol(eps6[4], 0.0, 1e-12);
    ck_assert_double_eq_tol(eps6[5], 0.0, 1e-12);
  }
  /* det J has degree <= dim p - 1 per direction (1, 2, 3, 5 for 2D/3D Q1/Q2), within the 2p + 1 that p + 1 Gauss
     points integrate exactly, so the volume equals the 4-point one up to round-off, 1e-13 relative */
  ck_assert_int_eq(dio_element_tab_init(dim, kind->order, 4, tab4), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_elas_cell_average(tab4, x, u, lambda, mu, eps4, sig4, &volume4), DIO_KERNEL_OK);
  ck_assert_double_eq_tol(volume, volume4, 1e-13 * volume4);
  if (dim == 2 && !kind->curved) {
    /* shoelace area of the straight-sided quadrilateral, corners taken in the order 0, 1, 3, 2 */
    const double *c = DistortedCorners2;
    const int     ring[4] = {0, 1, 3, 2};
    double        area = 0.0;
    for (int e = 0; e < 4; e++) {
      const int p = ring[e], q = ring[(e + 1) % 4];
      area += 0.5 * (c[2 * p] * c[2 * q + 1] - c[2 * q] * c[2 * p + 1]);
    }
    ck_assert_double_eq_tol(volume, area, 1e-13 * area); /* round-off, coordinates O(5) */
  }
  free(tab4);
  free(tab);
}
END_TEST

START_TEST(test_energy_linear_field)
{
  const CellKind *kind = &Kinds[_i];
  const int       dim = kind->dim, nn = NumNodes(dim, kind->order), ndof = nn * dim;
  DioElementTab  *tab = malloc(sizeof(*tab));
  double         *K   = malloc(sizeof(double) * (size_t)(ndof * ndof));
  double          x[DIO_MAX_NODES * DIO_MAX_DIM], u[DIO_MAX_ELEMENT_DOFS], Ku[DIO_MAX_ELEMENT_DOFS], eps6[6], sig6[6];
  double          lambda, mu, volume, avg_eps[6], avg_sig[6];

  ck_assert_ptr_nonnull(tab);
  ck_assert_ptr_nonnull(K);
  TestLame(&lambda, &mu);
  SetUpDistorted(kind, tab, x);
  ck_assert_int_eq(dio_elas_stiffness(tab, x, lambda, mu, K), DIO_KERNEL_OK);
  LinearField(dim, nn, x, 0.0, u);
  ck_assert_int_eq(dio_elas_cell_average(tab, x, u, lambda, mu, avg_eps, avg_sig, &volume), DIO_KERNEL_OK);
  LinearFieldStrainStress(dim, lambda, mu, eps6, sig6);
  /* sigma : eps with tensor shear components counted twice (xy and yx); in plane strain the zz term is 0 */
  double density = 0.0;
  for (int k = 0; k < 6; k++) density += (k < 3 ? 1.0 : 2.0) * sig6[k] * eps6[k];
  MatVec(ndof, K, u, Ku);
  /* strain is constant, so u^T K u = sum_q w |det J| sigma : eps = V sigma : eps with the same quadrature volume;
     round-off of the quadratic form is bounded by ~ndof eps ||K|| ||u||^2: 1e-12 of that */
  ck_assert_double_eq_tol(Dot(ndof, u, Ku), volume * density, 1e-12 * Norm2(ndof * ndof, K) * Dot(ndof, u, u));
  ck_assert(density > 0.0);
  /* uniform stretch u = x: eps = I_dim, sigma : eps = lambda dim^2 + 2 mu dim */
  for (int i = 0; i < ndof; i++) u[i] = x[i];
  MatVec(ndof, K, u, Ku);
  ck_assert_double_eq_tol(Dot(ndof, u, Ku), volume * (lambda * dim * dim + 2.0 * mu * dim),
                          1e-12 * Norm2(ndof * ndof, K) * Dot(ndof, u, u));
  free(K);
  free(tab);
}
END_TEST

START_TEST(test_body_load)
{
  const CellKind *kind = &Kinds[_i];
  const int       dim = kind->dim, nn = NumNodes(dim, kind->order), ndof = nn * dim;
  const double    f[3] = {0.3, -1.1, -19.6}; /* body force, N/m3 */
  DioElementTab  *tab  = malloc(sizeof(*tab));
  double          x[DIO_MAX_NODES * DIO_MAX_DIM], F[DIO_MAX_ELEMENT_DOFS];
  double          X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS];
  double          force[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], pressure[DIO_MAX_QUAD_POINTS];

  ck_assert_ptr_nonnull(tab);
  SetUpDistorted(kind, tab, x);
  ck_assert_int_eq(dio_elas_qpoints(tab, x, X, wdet), DIO_KERNEL_OK);
  double volume = 0.0, moment[3] = {0.0, 0.0, 0.0}, pressure_integral = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    volume += wdet[q];
    for (int j = 0; j < dim; j++) moment[j] += wdet[q] * X[q * dim + j];
    for (int i = 0; i < dim; i++) force[q * dim + i] = f[i];
    /* hydrostatic-like pore pressure, linear in the vertical coordinate, plus a horizontal gradient */
    pressure[q] = 1.0e4 * (3.0 - X[q * dim + dim - 1]) + 250.0 * X[q * dim];
    pressure_integral += wdet[q] * pressure[q];
  }
  ck_assert(volume > 0.0);

  /* constant force, no pressure: sum_a F_(a,i) = int f_i sum_a N_a = f_i V (partition of unity), and
     sum_a F_(a,i) x_(a,j) = int f_i x_j (sum_a N_a x_a = x); round-off 1e-13 relative */
  memset(pressure, 0, sizeof(pressure));
  ck_assert_int_eq(dio_elas_body_load(tab, x, force, pressure, F), DIO_KERNEL_OK);
  for (int i = 0; i < dim; i++) {
    double sum = 0.0;
    for (int a = 0; a < nn; a++) sum += F[a * dim + i];
    ck_assert_double_eq_tol(sum, f[i] * volume, 1e-13 * fabs(f[i]) * volume);
    for (int j = 0; j < dim; j++) {
      double first_moment = 0.0;
      for (int a = 0; a < nn; a++) first_moment += F[a * dim + i] * x[a * dim + j];
      ck_assert_double_eq_tol(first_moment, f[i] * moment[j], 1e-12 * MaxAbs(ndof, F) * MaxAbs(ndof, x) * nn);
    }
  }

  /* pressure, no force: sum_a F_(a,i) = int p d(sum_a N_a)/dx_i = 0 for any p; and sum_a F_(a,i) x_(a,j) =
     int p d(sum_a N_a x_(a,j))/dx_i = delta_ij int p. Round-off relative to the sum of |terms| */
  for (int q = 0; q < tab->num_qpoints; q++) {
    for (int i = 0; i < dim; i++) force[q * dim + i] = 0.0;
    pressure[q] = 1.0e4 * (3.0 - X[q * dim + dim - 1]) + 250.0 * X[q * dim];
  }
  ck_assert_int_eq(dio_elas_body_load(tab, x, force, pressure, F), DIO_KERNEL_OK);
  const double fscale = MaxAbs(ndof, F) * nn;
  ck_assert(fscale > 0.0);
  for (int i = 0; i < dim; i++) {
    double sum = 0.0;
    for (int a = 0; a < nn; a++) sum += F[a * dim + i];
    ck_assert_double_eq_tol(sum, 0.0, 1e-12 * fscale);
    for (int j = 0; j < dim; j++) {
      double first_moment = 0.0;
      for (int a = 0; a < nn; a++) first_moment += F[a * dim + i] * x[a * dim + j];
      ck_assert_double_eq_tol(first_moment, i == j ? pressure_integral : 0.0, 1e-12 * fscale * MaxAbs(ndof, x));
    }
  }
  free(tab);
}
END_TEST

/* Box [1,3] (x) x [0,1.5] (y, 3D only) x [z_bottom, z_top] (vertical, last coordinate), optionally with the top
   face tilted: z_top(x, y) = -0.5 + tilt[0] (x - 2) + tilt[1] (y - 0.75). */
static void MakeBox(int dim, int order, double z_bottom, const double tilt[2], double *x)
{
  double corners[8 * 3];
  for (int c = 0; c < (1 << dim); c++) {
    const int    ix = c & 1, iy = (c >> 1) & 1, top = (c >> (dim - 1)) & 1;
    const double px = ix ? 3.0 : 1.0, py = dim > 2 ? (iy ? 1.5 : 0.0) : 0.0;
    corners[c * dim + 0] = px;
    if (dim > 2) corners[c * dim + 1] = py;
    corners[c * dim + dim - 1] = top ? -0.5 + tilt[0] * (px - 2.0) + (dim > 2 ? tilt[1] * (py - 0.75) : 0.0) : z_bottom;
  }
  MakeCell(dim, order, 0, corners, x);
  AssertValidCell(dim, order, x);
}

/* Face load of face (2 direction + side) for hydrostatic pressure unit_weight * max(0, level - z); sum[dim] over nodes. */
static void FaceLoad(int dim, int order, int face, const double *x, double unit_weight, double level, double *F, double *sum)
{
  DioFaceTab *ftab = malloc(sizeof(*ftab));
  ck_assert_ptr_nonnull(ftab);
  ck_assert_int_eq(dio_face_tab_init(dim, order, order + 1, face, ftab), DIO_KERNEL_OK);
  ck_assert_int_eq(ftab->num_qpoints, dim == 2 ? order + 1 : (order + 1) * (order + 1));
  ck_assert_int_eq(dio_elas_face_pressure_load(ftab, x, unit_weight, level, F), DIO_KERNEL_OK);
  for (int i = 0; i < dim; i++) {
    sum[i] = 0.0;
    for (int a = 0; a < ftab->num_nodes; a++) sum[i] += F[a * dim + i];
  }
  free(ftab);
}

START_TEST(test_face_pressure_box)
{
  const CellKind *kind = &Kinds[_i];
  const int       dim = kind->dim, order = kind->order, nn = NumNodes(dim, order), up = dim - 1;
  const double    gamma = 1.0e4, flat[2] = {0.0, 0.0}, z_bottom = -2.0, z_top = -0.5, level = 0.0;
  const double    area_top = dim == 2 ? 2.0 : 2.0 * 1.5, area_side = dim == 2 ? 1.5 : 1.5 * 1.5; /* per unit thickness in 2D */
  double          x[DIO_MAX_NODES * DIO_MAX_DIM], F[DIO_MAX_ELEMENT_DOFS], sum[3], xi[DIO_MAX_DIM];
  int             idx[DIO_MAX_DIM];

  MakeBox(dim, order, z_bottom, flat, x);
  /* top face (outward normal +z) under p = gamma (level - z_top) = 5000 Pa: traction -p n pushes down, total
     -p A_top; no horizontal force. Round-off 1e-12 relative to p A */
  const double p_top = gamma * (level - z_top);
  FaceLoad(dim, order, 2 * up + 1, x, gamma, level, F, sum);
  ck_assert_double_eq_tol(sum[up], -p_top * area_top, 1e-12 * p_top * area_top);
  for (int i = 0; i < up; i++) ck_assert_double_eq_tol(sum[i], 0.0, 1e-12 * p_top * area_top);
  for (int a = 0; a < nn; a++) {
    ReferenceNode(dim, order, a, xi, idx);
    const int on_face = idx[up] == order;
    /* N_a vanishes on the face for nodes off it (exact zero factor); Q1 face corners share p A / 2^(dim-1) */
    if (!on_face) ck_assert_double_eq_tol(F[a * dim + up], 0.0, 1e-300);
    else if (order == 1) ck_assert_double_eq_tol(F[a * dim + up], -p_top * area_top / (dim == 2 ? 2.0 : 4.0), 1e-12 * p_top * area_top);
  }

  /* bottom face (outward normal -z) under p = gamma (level - z_bottom): total +p A, pointing up into the cell */
  const double p_bottom = gamma * (level - z_bottom);
  FaceLoad(dim, order, 2 * up, x, gamma, level, F, sum);
  ck_assert_double_eq_tol(sum[up], p_bottom * area_top, 1e-12 * p_bottom * area_top);
  for (int i = 0; i < up; i++) ck_assert_double_eq_tol(sum[i], 0.0, 1e-12 * p_bottom * area_top);

  /* side faces x = 3 (normal +x) and x = 1 (normal -x): p linear in z, integrated exactly by order + 1 >= 2 points:
     total -+gamma (level - z_mid) A_side along x */
  const double p_mid = gamma * (level - 0.5 * (z_bottom + z_top));
  FaceLoad(dim, order, 1, x, gamma, level, F, sum);
  ck_assert_double_eq_tol(sum[0], -p_mid * area_side, 1e-12 * p_mid * area_side);
  for (int i = 1; i < dim; i++) ck_assert_double_eq_tol(sum[i], 0.0, 1e-12 * p_mid * area_side);
  FaceLoad(dim, order, 0, x, gamma, level, F, sum);
  ck_assert_double_eq_tol(sum[0], p_mid * area_side, 1e-12 * p_mid * area_side);

  /* water level between the faces: the top face is dry (no load at all), the bottom face sees gamma * 1 m */
  FaceLoad(dim, order, 2 * up + 1, x, gamma, -1.0, F, sum);
  for (int i = 0; i < nn * dim; i++) ck_assert_double_eq_tol(F[i], 0.0, 1e-300); /* p = 0 exactly */
  FaceLoad(dim, order, 2 * up, x, gamma, -1.0, F, sum);
  ck_assert_double_eq_tol(sum[up], gamma * 1.0 * area_top, 1e-12 * gamma * area_top);
}
END_TEST

START_TEST(test_face_pressure_tilted)
{
  const CellKind *kind = &Kinds[_i];
  const int       dim = kind->dim, order = kind->order, up = dim - 1;
  const double    gamma = 1.0e4, tilt[2] = {0.3, 0.2}, level = 0.0, z_centre = -0.5;
  double          x[DIO_MAX_NODES * DIO_MAX_DIM], F[DIO_MAX_ELEMENT_DOFS], sum[3], area_normal[3];

  MakeBox(dim, order, -2.0, tilt, x);
  /* the top face is the plane z = -0.5 + tilt . (x - centre) over the rectangle [1,3] (x [0,1.5]): its outward area
     vector is (-tilt_x, (-tilt_y,) 1) times the projected area. p is linear over a flat face with an affine
     parametrisation, so the total force -int p n dA = -p(centre) (area vector), exact with order + 1 points */
  const double projected = dim == 2 ? 2.0 : 2.0 * 1.5;
  for (int i = 0; i < up; i++) area_normal[i] = -tilt[i] * projected;
  area_normal[up] = projected;
  const double p_centre = gamma * (level - z_centre);
  const double scale    = p_centre * Norm2(dim, area_normal);
  FaceLoad(dim, order, 2 * up + 1, x, gamma, level, F, sum);
  for (int i = 0; i < dim; i++) ck_assert_double_eq_tol(sum[i], -p_centre * area_normal[i], 1e-12 * scale); /* round-off */
}
END_TEST

START_TEST(test_face_bad_arguments)
{
  DioFaceTab *ftab = malloc(sizeof(*ftab));

  ck_assert_ptr_nonnull(ftab);
  ck_assert_int_eq(dio_face_tab_init(2, 1, 2, -1, ftab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_face_tab_init(2, 1, 2, 4, ftab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_face_tab_init(3, 1, 2, 6, ftab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_face_tab_init(1, 1, 2, 0, ftab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_face_tab_init(4, 1, 2, 0, ftab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_face_tab_init(3, 1, 0, 0, ftab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_face_tab_init(3, 1, 5, 0, ftab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_face_tab_init(3, 3, 2, 0, ftab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_face_tab_init(2, 0, 2, 0, ftab), DIO_KERNEL_BAD_ARGUMENT);
  free(ftab);
}
END_TEST

START_TEST(test_inverted_cell)
{
  const CellKind *kind = &Kinds[_i];
  const int       dim = kind->dim, order = kind->order, nn = NumNodes(dim, order), ndof = nn * dim;
  DioElementTab  *tab = malloc(sizeof(*tab));
  double         *K   = malloc(sizeof(double) * (size_t)(ndof * ndof));
  double          x[DIO_MAX_NODES * DIO_MAX_DIM], u[DIO_MAX_ELEMENT_DOFS], F[DIO_MAX_ELEMENT_DOFS], lambda, mu;
  double          X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS], eps6[6], sig6[6], volume;
  double          force[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM] = {0.0}, pressure[DIO_MAX_QUAD_POINTS] = {0.0};

  ck_assert_ptr_nonnull(tab);
  ck_assert_ptr_nonnull(K);
  TestLame(&lambda, &mu);
  SetUpDistorted(kind, tab, x);
  LinearField(dim, nn, x, 1.0, u);
  /* swap the first two corners along x (nodes 0 and p): the edge between them is reversed and the cell is tangled,
     det J < 0 at corner 0 and > 0 at the far corner. For most kinds the Gauss points see both signs too; for the 3D Q2
     cell on the multilinear map all 27 Gauss points keep det J > 0 (0.0013 to 0.58) while det J = -0.37 and -0.44 at
     corners 0 and 1, so a check at the Gauss points alone cannot see it */
  for (int i = 0; i < dim; i++) {
    const double t = x[i];
    x[i]               = x[order * dim + i];
    x[order * dim + i] = t;
  }
  {
    double corner[DIO_MAX_DIM], N[DIO_MAX_NODES], dN[DIO_MAX_NODES * DIO_MAX_DIM], Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM];
    for (int d = 0; d < dim; d++) corner[d] = -1.0;
    ck_assert_int_eq(dio_tensor_basis(dim, order, corner, N, dN), DIO_KERNEL_OK);
    ck_assert(dio_map_gradients(dim, nn, x, dN, Jinv, dNx) < 0.0); /* the test cell really is tangled */
    for (int d = 0; d < dim; d++) corner[d] = 1.0;
    ck_assert_int_eq(dio_tensor_basis(dim, order, corner, N, dN), DIO_KERNEL_OK);
    ck_assert(dio_map_gradients(dim, nn, x, dN, Jinv, dNx) > 0.0);
  }
  ck_assert_int_eq(dio_elas_stiffness(tab, x, lambda, mu, K), DIO_KERNEL_INVERTED_CELL);
  ck_assert_int_eq(dio_elas_qpoints(tab, x, X, wdet), DIO_KERNEL_INVERTED_CELL);
  ck_assert_int_eq(dio_elas_body_load(tab, x, force, pressure, F), DIO_KERNEL_INVERTED_CELL);
  ck_assert_int_eq(dio_elas_cell_average(tab, x, u, lambda, mu, eps6, sig6, &volume), DIO_KERNEL_INVERTED_CELL);
  /* a flat cell (all vertical coordinates equal) has det J = 0 everywhere */
  SetUpDistorted(kind, tab, x);
  for (int a = 0; a < nn; a++) x[a * dim + dim - 1] = 0.0;
  ck_assert_int_eq(dio_elas_stiffness(tab, x, lambda, mu, K), DIO_KERNEL_INVERTED_CELL);
  free(K);
  free(tab);
}
END_TEST

START_TEST(test_mirrored_cell)
{
  const CellKind *kind = &Kinds[_i];
  const int       dim = kind->dim, order = kind->order, nn = NumNodes(dim, order), ndof = nn * dim;
  DioElementTab  *tab = malloc(sizeof(*tab));
  double         *K   = malloc(sizeof(double) * (size_t)(ndof * ndof));
  double         *Km  = malloc(sizeof(double) * (size_t)(ndof * ndof));
  double          x[DIO_MAX_NODES * DIO_MAX_DIM], xm[DIO_MAX_NODES * DIO_MAX_DIM] = {0.0}, xi[DIO_MAX_DIM], lambda, mu;
  double          F[DIO_MAX_ELEMENT_DOFS], Fm[DIO_MAX_ELEMENT_DOFS], sum[3], summ[3];
  int             perm[DIO_MAX_NODES], idx[DIO_MAX_DIM] = {0};

  ck_assert_ptr_nonnull(tab);
  ck_assert_ptr_nonnull(K);
  ck_assert_ptr_nonnull(Km);
  TestLame(&lambda, &mu);
  SetUpDistorted(kind, tab, x);
  ck_assert_int_eq(dio_elas_stiffness(tab, x, lambda, mu, K), DIO_KERNEL_OK);
  const double kmax = MaxAbs(ndof * ndof, K);

  /* the same physical cell numbered with the reference x direction reversed (node i -> p - i): det J < 0 at every
     point, a valid reflected lattice. The Gauss rule is symmetric, so K is the same up to the node permutation and
     the order of the sums: 1e-12 relative to the largest entry */
  for (int a = 0; a < nn; a++) {
    ReferenceNode(dim, order, a, xi, idx);
    perm[a] = a - idx[0] + (order - idx[0]);
    for (int i = 0; i < dim; i++) xm[perm[a] * dim + i] = x[a * dim + i];
  }
  ck_assert_int_eq(dio_elas_stiffness(tab, xm, lambda, mu, Km), DIO_KERNEL_OK);
  for (int a = 0; a < nn; a++) {
    for (int b = 0; b < nn; b++) {
      for (int i = 0; i < dim; i++) {
        for (int j = 0; j < dim; j++) {
          ck_assert_double_eq_tol(Km[(perm[a] * dim + i) * ndof + perm[b] * dim + j], K[(a * dim + i) * ndof + b * dim + j], 1e-12 * kmax);
        }
      }
    }
  }

  /* the cell reflected in space (x -> -x, numbering kept): K'_(a,i)(b,j) = s_i s_j K_(a,i)(b,j), s = (-1, 1, 1) */
  for (int a = 0; a < nn; a++) {
    for (int i = 0; i < dim; i++) xm[a * dim + i] = i == 0 ? -x[a * dim + i] : x[a * dim + i];
  }
  ck_assert_int_eq(dio_elas_stiffness(tab, xm, lambda, mu, Km), DIO_KERNEL_OK);
  for (int r = 0; r < ndof; r++) {
    for (int c = 0; c < ndof; c++) {
      const double s = ((r % dim == 0) != (c % dim == 0)) ? -1.0 : 1.0;
      ck_assert_double_eq_tol(Km[r * ndof + c], s * K[r * ndof + c], 1e-12 * kmax);
    }
  }

  /* the face load of a reversed-numbering box: |det J| J^-T keeps the top face's area vector pointing out (+z), so
     the load is the permuted load of the plain box, still pointing down */
  const double flat[2] = {0.0, 0.0};
  MakeBox(dim, order, -2.0, flat, x);
  for (int a = 0; a < nn; a++) {
    for (int i = 0; i < dim; i++) xm[perm[a] * dim + i] = x[a * dim + i];
  }
  FaceLoad(dim, order, 2 * (dim - 1) + 1, x, 1.0e4, 0.0, F, sum);
  FaceLoad(dim, order, 2 * (dim - 1) + 1, xm, 1.0e4, 0.0, Fm, summ);
  ck_assert(sum[dim - 1] < 0.0);
  for (int a = 0; a < nn; a++) {
    for (int i = 0; i < dim; i++) ck_assert_double_eq_tol(Fm[perm[a] * dim + i], F[a * dim + i], 1e-12 * fabs(sum[dim - 1])); /* round-off */
  }
  free(Km);
  free(K);
  free(tab);
}
END_TEST


/* elastoplastic.h: with the elastic material tangent D = lambda 1 x 1 + 2 mu I at every point, the tangent
   stiffness int W B^T D B is the elastic stiffness (same integrand regrouped): equal to round-off. */
START_TEST(test_ep_tangent_elastic)
{
  const CellKind *kind = &Kinds[_i];
  DioElementTab   tab;
  double          x[DIO_MAX_NODES * DIO_MAX_DIM], lambda, mu, D[DIO_MAX_QUAD_POINTS * 36];
  static double   K[DIO_MAX_ELEMENT_DOFS * DIO_MAX_ELEMENT_DOFS], Kep[DIO_MAX_ELEMENT_DOFS * DIO_MAX_ELEMENT_DOFS];
  double          norm = 0.0, diff = 0.0;

  SetUpDistorted(kind, &tab, x);
  TestLame(&lambda, &mu);
  for (int q = 0; q < tab.num_qpoints; q++) dio_mc_elastic_tangent(lambda, mu, &D[36 * q]);
  ck_assert_int_eq(dio_elas_stiffness(&tab, x, lambda, mu, K), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_ep_tangent_stiffness(&tab, x, D, Kep), DIO_KERNEL_OK);
  for (int i = 0; i < tab.num_nodes * kind->dim * tab.num_nodes * kind->dim; i++) {
    norm = fmax(norm, fabs(K[i]));
    diff = fmax(diff, fabs(K[i] - Kep[i]));
  }
  ck_assert_msg(diff <= 1e-13 * norm, "tangent with elastic D differs from the stiffness by %g (max |K| %g)", diff, norm);
}
END_TEST

/* Element internal force F(du) = int W B^T sigma(du) with sigma the Mohr-Coulomb return of sigma_n + D eps(du):
   the element tangent from the consistent material tangents is dF/d(du). Checked against central differences
   along random directions v at a state where points have yielded (asserted): relative error below 1e-6, the
   difference error being O(h^2) ~ 1e-10 here and round-off 1e-16 / h ~ 1e-9. */
static void ElementForce(const DioElementTab *tab, const double *x, const DioMCParams *p, const double *sig_n, const double *du, double *F, double *Ke,
                         int *num_yielded)
{
  double eps[DIO_MAX_QUAD_POINTS * 6], sig[DIO_MAX_QUAD_POINTS * 6], ep[DIO_MAX_QUAD_POINTS * 6] = {0}, yield[DIO_MAX_QUAD_POINTS];
  double D[DIO_MAX_QUAD_POINTS * 36];
  ck_assert_int_eq(dio_ep_qpoint_strain(tab, x, du, eps), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_mc_update_batch(p, tab->num_qpoints, NULL, sig_n, eps, sig, ep, yield, D), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_elas_stress_load(tab, x, sig, F), DIO_KERNEL_OK);
  if (Ke) ck_assert_int_eq(dio_ep_tangent_stiffness(tab, x, D, Ke), DIO_KERNEL_OK);
  if (num_yielded) {
    *num_yielded = 0;
    for (int q = 0; q < tab->num_qpoints; q++) *num_yielded += yield[q] != DIO_MC_ELASTIC;
  }
}

START_TEST(test_ep_tangent_finite_difference)
{
  const CellKind *kind = &Kinds[_i];
  const int       dim  = kind->dim;
  DioElementTab   tab;
  DioMCParams     p = {2.5, 0.3, 0.01, dio_mc_deg_to_rad(30.0), dio_mc_deg_to_rad(10.0), HUGE_VAL, 0, 0};
  double          x[DIO_MAX_NODES * DIO_MAX_DIM], sig_n[DIO_MAX_QUAD_POINTS * 6], du[DIO_MAX_ELEMENT_DOFS], v[DIO_MAX_ELEMENT_DOFS];
  double          w[DIO_MAX_ELEMENT_DOFS], Fp[DIO_MAX_ELEMENT_DOFS], Fm[DIO_MAX_ELEMENT_DOFS], F0[DIO_MAX_ELEMENT_DOFS];
  static double   Ke[DIO_MAX_ELEMENT_DOFS * DIO_MAX_ELEMENT_DOFS];
  const double    h = 1e-7;
  uint64_t        state = 2026 + (uint64_t)_i;
  int             ndof, yielded;

  SetUpDistorted(kind, &tab, x);
  ndof = tab.num_nodes * dim;
  for (int q = 0; q < tab.num_qpoints; q++) {
    const double s0[6] = {-0.1, -0.05, -0.07, 0.01, dim == 3 ? 0.005 : 0.0, dim == 3 ? -0.004 : 0.0};
    for (int k = 0; k < 6; k++) sig_n[6 * q + k] = s0[k];
  }
  for (int i = 0; i < ndof; i++) du[i] = LcgUniform(&state, -0.03, 0.03);
  ElementForce(&tab, x, &p, sig_n, du, F0, Ke, &yielded);
  ck_assert_msg(yielded > 0, "no point yielded: the test state checks nothing plastic");
  for (int trial = 0; trial < 3; trial++) {
    double dmax = 0.0, scale = 0.0, up[DIO_MAX_ELEMENT_DOFS], um[DIO_MAX_ELEMENT_DOFS];
    for (int i = 0; i < ndof; i++) v[i] = LcgUniform(&state, -1.0, 1.0);
    for (int i = 0; i < ndof; i++) {
      up[i] = du[i] + h * v[i];
      um[i] = du[i] - h * v[i];
    }
    ElementForce(&tab, x, &p, sig_n, up, Fp, NULL, NULL);
    ElementForce(&tab, x, &p, sig_n, um, Fm, NULL, NULL);
    for (int r = 0; r < ndof; r++) {
      w[r] = 0.0;
      for (int c = 0; c < ndof; c++) w[r] += Ke[r * ndof + c] * v[c];
      dmax  = fmax(dmax, fabs(w[r] - (Fp[r] - Fm[r]) / (2 * h)));
      scale = fmax(scale, fabs(w[r]));
    }
    ck_assert_msg(dmax <= 1e-6 * scale, "kind %d: tangent vs finite difference %g (scale %g), %d points yielded", _i, dmax, scale, yielded);
  }
}
END_TEST

static Suite *KernelsElasticitySuite(void)
{
  Suite *suite     = suite_create("kernels_elasticity");
  TCase *stiffness = tcase_create("stiffness");
  TCase *loads     = tcase_create("loads");
  TCase *cells     = tcase_create("cells");

  tcase_add_test(stiffness, test_lame);
  tcase_add_loop_test(stiffness, test_stiffness_symmetric, 0, NUM_KINDS);
  tcase_add_loop_test(stiffness, test_stiffness_null_space, 0, NUM_KINDS);
  tcase_add_loop_test(stiffness, test_patch_linear_field, 0, NUM_KINDS);
  tcase_add_loop_test(stiffness, test_energy_linear_field, 0, NUM_KINDS);
  tcase_add_loop_test(loads, test_body_load, 0, NUM_KINDS);
  tcase_add_loop_test(loads, test_face_pressure_box, 0, NUM_KINDS);
  tcase_add_loop_test(loads, test_face_pressure_tilted, 0, NUM_KINDS);
  tcase_add_test(loads, test_face_bad_arguments);
  tcase_add_loop_test(cells, test_inverted_cell, 0, NUM_KINDS);
  tcase_add_loop_test(cells, test_mirrored_cell, 0, NUM_KINDS);
  tcase_add_loop_test(stiffness, test_ep_tangent_elastic, 0, NUM_KINDS);
  tcase_add_loop_test(stiffness, test_ep_tangent_finite_difference, 0, NUM_KINDS);
  suite_add_tcase(suite, stiffness);
  suite_add_tcase(suite, loads);
  suite_add_tcase(suite, cells);
  return suite;
}

int main(void)
{
  SRunner *runner = srunner_create(KernelsElasticitySuite());
  int      failed;

  srunner_run_all(runner, CK_NORMAL);
  failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed == 0 ? 0 : 1;
}
