/* SPDX-License-Identifier: BSD-2-Clause
   test_kernels_simplex.c: the simplex kernels of solver/kernels/simplex_basis.h (P1/P2 triangles and tetrahedra) and
   the elasticity kernels of elasticity.h run on them: quadrature exactness (and that each rule's degree is sharp),
   the Kronecker property, partition of unity and derivatives against finite differences, the face tabulation,
   stiffness symmetry, rigid-body null space without spurious modes, the patch test, body and face loads (Archimedes
   on a closed cell), the inverted / degenerate cell check, and the extrapolation of quadrature-point values to the
   corners (fe_basis.h; tensor cells too). Pure functions: no MPI, no PETSc, so Check's default
   fork-per-test mode is used. Expected values are derived next to each assertion. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "dio_kernel_types.h"
#include "fe_basis.h"
#include "elasticity.h"
#include "simplex_basis.h"

typedef struct {
  int dim, order, curved;
} SimplexKind;

/* curved: the P2 edge nodes moved off the midpoints (2.5 % of the cell size), so the map is not affine */
static const SimplexKind Kinds[] = {{2, 1, 0}, {2, 2, 0}, {2, 2, 1}, {3, 1, 0}, {3, 2, 0}, {3, 2, 1}};
#define NUM_KINDS ((int)(sizeof(Kinds) / sizeof(Kinds[0])))

/* Rule degrees offered by dio_simplex_quadrature() (see its table), per dimension. */
static const int RuleDegrees2[] = {1, 2, 4, 5}, RuleDegrees3[] = {1, 2, 5};

/* A general (not right-angled, not unit) cell away from the origin; vertices in positive orientation. */
static const double Vertices2[3 * 2] = {3.0, -2.0, 5.1, -1.6, 3.4, -0.3};
static const double Vertices3[4 * 3] = {3.0, -2.0, 1.0, 5.0, -1.7, 1.3, 3.3, -0.2, 0.8, 3.5, -1.1, 2.6};

static void TestLame(double *lambda, double *mu)
{
  dio_elas_lame(2.5, 0.3, lambda, mu);
}

static double Factorial(int n)
{
  double f = 1.0;
  for (int i = 2; i <= n; i++) f *= (double)i;
  return f;
}

/* Exact integral of x^i y^j z^k over the reference simplex: i! j! k! / (i + j + k + dim)! (k = 0 in 2D). */
static double MonomialIntegral(int dim, int i, int j, int k)
{
  return Factorial(i) * Factorial(j) * Factorial(k) / Factorial(i + j + k + dim);
}

static double LcgUniform(uint64_t *state, double lo, double hi)
{
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  return lo + (hi - lo) * (double)(*state >> 11) * 0x1.0p-53;
}

/* Reference coordinates xi[dim] of node a (vertices, then edge midpoints). */
static void ReferenceNode(int dim, int a, double *xi)
{
  int v[2];
  for (int d = 0; d < dim; d++) xi[d] = 0.0;
  if (a >= 1 && a <= dim) xi[a - 1] = 1.0;
  if (a <= dim) return;
  ck_assert_int_eq(dio_simplex_edge(dim, a - dim - 1, v), DIO_KERNEL_OK);
  for (int e = 0; e < 2; e++)
    if (v[e] > 0) xi[v[e] - 1] += 0.5;
}

/* Node coordinates x[nodes][dim] of the test cell: the affine image of the reference nodes; curved moves edge
   node e by a small vector that differs per edge. */
static void MakeCell(const SimplexKind *kind, double *x)
{
  const int     dim = kind->dim, nn = dio_simplex_num_nodes(dim, kind->order);
  const double *V = dim == 2 ? Vertices2 : Vertices3;
  for (int a = 0; a < nn; a++) {
    double xi[3];
    ReferenceNode(dim, a, xi);
    for (int i = 0; i < dim; i++) {
      x[a * dim + i] = V[i];
      for (int d = 0; d < dim; d++) x[a * dim + i] += xi[d] * (V[(d + 1) * dim + i] - V[i]);
      if (kind->curved && a > dim) x[a * dim + i] += 0.05 * ((a + i) % 3 - 1);
    }
  }
}

static void SetUp(const SimplexKind *kind, DioElementTab *tab, double *x)
{
  MakeCell(kind, x);
  ck_assert_int_eq(dio_simplex_element_tab_init(kind->dim, kind->order, dio_simplex_default_degree(kind->order), tab),
                   DIO_KERNEL_OK);
}

/* Volume of the straight-sided test cell: |det(V1 - V0, ...)| / dim!. */
static double AffineVolume(int dim)
{
  const double *V = dim == 2 ? Vertices2 : Vertices3;
  double        e[3][3];
  for (int k = 0; k < dim; k++)
    for (int i = 0; i < dim; i++) e[k][i] = V[(k + 1) * dim + i] - V[i];
  if (dim == 2) return fabs(e[0][0] * e[1][1] - e[0][1] * e[1][0]) / 2.0;
  return fabs(e[0][0] * (e[1][1] * e[2][2] - e[1][2] * e[2][1]) - e[0][1] * (e[1][0] * e[2][2] - e[1][2] * e[2][0]) +
              e[0][2] * (e[1][0] * e[2][1] - e[1][1] * e[2][0])) /
         6.0;
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

/* Numerical nullity of the symmetric positive semidefinite K: pivots below rel_tol * (largest diagonal) in a
   diagonally pivoted Cholesky. */
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
    for (int i = 0; i < n; i++)
      if (!used[i] && (p < 0 || A[i * n + i] > A[p * n + p])) p = i;
    if (A[p * n + p] <= rel_tol * dmax) break;
    used[p] = 1;
    for (int i = 0; i < n; i++) {
      if (used[i]) continue;
      const double f = A[i * n + p] / A[p * n + p];
      for (int j = 0; j < n; j++)
        if (!used[j]) A[i * n + j] -= f * A[p * n + j];
    }
  }
  free(A);
  free(used);
  return n - rank;
}

/* Largest |rule - exact| over the monomials of total degree exactly `degree`. */
static double MonomialError(int dim, int n, const double *points, const double *weights, int degree)
{
  double worst = 0.0;
  for (int i = 0; i <= degree; i++) {
    for (int j = 0; i + j <= degree; j++) {
      const int k = degree - i - j;
      if (dim == 2 && k != 0) continue;
      double rule = 0.0;
      for (int q = 0; q < n; q++)
        rule += weights[q] * pow(points[q * dim], i) * pow(points[q * dim + 1], j) *
                (dim == 3 ? pow(points[q * dim + 2], k) : 1.0);
      worst = fmax(worst, fabs(rule - MonomialIntegral(dim, i, j, k)));
    }
  }
  return worst;
}

START_TEST(test_quadrature_exactness)
{
  for (int dim = 2; dim <= 3; dim++) {
    const int *degrees = dim == 2 ? RuleDegrees2 : RuleDegrees3, num = dim == 2 ? 4 : 3;
    for (int r = 0; r < num; r++) {
      double points[DIO_MAX_QUAD_POINTS * 3], weights[DIO_MAX_QUAD_POINTS];
      int    n;
      ck_assert_int_eq(dio_simplex_quadrature(dim, degrees[r], points, weights, &n), DIO_KERNEL_OK);
      for (int q = 0; q < n; q++) {
        /* positive weights, points strictly inside */
        double L0 = 1.0;
        ck_assert(weights[q] > 0.0);
        for (int d = 0; d < dim; d++) {
          ck_assert(points[q * dim + d] > 0.0);
          L0 -= points[q * dim + d];
        }
        ck_assert(L0 > 0.0);
      }
      /* exact to round-off (n terms of size <= 1/2, constants to a few ulps) for every monomial up to the degree */
      for (int p = 0; p <= degrees[r]; p++)
        ck_assert_msg(MonomialError(dim, n, points, weights, p) < 1e-15, "dim %d rule %d degree %d", dim, degrees[r],
                      p);
      /* and not one degree more: the stated degree is the rule's (errors 1e-4 .. 1e-2 of integrals ~1e-3) */
      ck_assert_msg(MonomialError(dim, n, points, weights, degrees[r] + 1) > 1e-7,
                    "dim %d rule %d exact beyond its degree", dim, degrees[r]);
      /* the degrees between two rules take the larger one */
      if (r + 1 < num && degrees[r + 1] > degrees[r] + 1) {
        int n2;
        ck_assert_int_eq(dio_simplex_quadrature(dim, degrees[r] + 1, points, weights, &n2), DIO_KERNEL_OK);
        ck_assert(n2 > n);
        ck_assert(MonomialError(dim, n2, points, weights, degrees[r] + 1) < 1e-15);
      }
    }
    {
      double points[DIO_MAX_QUAD_POINTS * 3], weights[DIO_MAX_QUAD_POINTS];
      int    n;
      ck_assert_int_eq(dio_simplex_quadrature(dim, 6, points, weights, &n), DIO_KERNEL_BAD_ARGUMENT);
      ck_assert_int_eq(dio_simplex_quadrature(dim, -1, points, weights, &n), DIO_KERNEL_BAD_ARGUMENT);
      /* point counts from the table in simplex_basis.h */
      ck_assert_int_eq(dio_simplex_quadrature(dim, 2, points, weights, &n), DIO_KERNEL_OK);
      ck_assert_int_eq(n, dim + 1);
      ck_assert_int_eq(dio_simplex_quadrature(dim, 5, points, weights, &n), DIO_KERNEL_OK);
      ck_assert_int_eq(n, dim == 2 ? 7 : 14);
    }
  }
  {
    double points[DIO_MAX_QUAD_POINTS * 3], weights[DIO_MAX_QUAD_POINTS];
    int    n;
    ck_assert_int_eq(dio_simplex_quadrature(1, 2, points, weights, &n), DIO_KERNEL_BAD_ARGUMENT);
    ck_assert_int_eq(dio_simplex_quadrature(4, 2, points, weights, &n), DIO_KERNEL_BAD_ARGUMENT);
  }
}
END_TEST

START_TEST(test_basis_kronecker_partition)
{
  const SimplexKind *kind = &Kinds[_i];
  const int          dim = kind->dim, order = kind->order, nn = dio_simplex_num_nodes(dim, order);
  double             xi[3], N[DIO_MAX_NODES], dN[DIO_MAX_NODES * 3], Np[DIO_MAX_NODES], dNp[DIO_MAX_NODES * 3];
  uint64_t           state = 7u + (uint64_t)_i;

  ck_assert_int_eq(nn, order == 1 ? dim + 1 : (dim == 2 ? 6 : 10));
  for (int a = 0; a < nn; a++) {
    ReferenceNode(dim, a, xi);
    ck_assert_int_eq(dio_simplex_basis(dim, order, xi, N, dN), DIO_KERNEL_OK);
    /* Lagrange basis: N_b(node a) = delta_ab; the values are exact sums of halves */
    for (int b = 0; b < nn; b++) ck_assert_double_eq_tol(N[b], a == b ? 1.0 : 0.0, 1e-15);
  }
  for (int sample = 0; sample < 20; sample++) {
    double sum = 0.0, grad_sum[3] = {0, 0, 0};
    for (int d = 0; d < dim; d++) xi[d] = LcgUniform(&state, 0.0, 1.0 / dim);
    ck_assert_int_eq(dio_simplex_basis(dim, order, xi, N, dN), DIO_KERNEL_OK);
    for (int a = 0; a < nn; a++) {
      sum += N[a];
      for (int d = 0; d < dim; d++) grad_sum[d] += dN[a * dim + d];
    }
    /* partition of unity, and so the gradients sum to zero; O(1) terms, round-off 1e-14 */
    ck_assert_double_eq_tol(sum, 1.0, 1e-14);
    for (int d = 0; d < dim; d++) ck_assert_double_eq_tol(grad_sum[d], 0.0, 1e-14);
    /* reproduction of x: sum_a N_a xi_a = xi (the isoparametric map of the reference cell is the identity) */
    for (int d = 0; d < dim; d++) {
      double x = 0.0, node[3];
      for (int a = 0; a < nn; a++) {
        ReferenceNode(dim, a, node);
        x += N[a] * node[d];
      }
      ck_assert_double_eq_tol(x, xi[d], 1e-14);
    }
    /* derivatives against central differences: N is quadratic, so the difference is exact up to round-off
       (1e-16 / h = 1e-10 with h = 1e-6) */
    for (int d = 0; d < dim; d++) {
      double xp[3], xm[3], Nm[DIO_MAX_NODES];
      for (int k = 0; k < dim; k++) xp[k] = xm[k] = xi[k];
      xp[d] += 1e-6;
      xm[d] -= 1e-6;
      dio_simplex_basis(dim, order, xp, Np, dNp);
      dio_simplex_basis(dim, order, xm, Nm, dNp);
      for (int a = 0; a < nn; a++) ck_assert_double_eq_tol(dN[a * dim + d], (Np[a] - Nm[a]) / 2e-6, 1e-8);
    }
  }
  ck_assert_int_eq(dio_simplex_basis(dim, 3, xi, N, dN), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_simplex_basis(1, order, xi, N, dN), DIO_KERNEL_BAD_ARGUMENT);
}
END_TEST

START_TEST(test_face_tab)
{
  const SimplexKind *kind = &Kinds[_i];
  const int          dim = kind->dim, order = kind->order;
  DioFaceTab        *tab = malloc(sizeof(*tab));

  ck_assert_ptr_nonnull(tab);
  for (int face = 0; face <= dim; face++) {
    ck_assert_int_eq(dio_simplex_face_tab_init(dim, order, order + 1, face, tab), DIO_KERNEL_OK);
    double measure = 0.0, normal2 = 0.0;
    for (int q = 0; q < tab->num_qpoints; q++) {
      const double *N = &tab->N[q * tab->num_nodes];
      measure += tab->weight[q];
      /* the points lie on the face: the basis of the opposite vertex vanishes there (P1: L_f = 0; P2: L_f (2 L_f - 1) =
       * 0) */
      ck_assert_double_eq_tol(N[face], 0.0, 1e-15);
    }
    /* weights integrate over the face: length sqrt 2 or 1 (triangle), area sqrt 3 / 2 or 1/2 (tetrahedron) */
    ck_assert_double_eq_tol(measure, face == 0 ? (dim == 2 ? sqrt(2.0) : sqrt(3.0) / 2.0) : (dim == 2 ? 1.0 : 0.5),
                            1e-14);
    for (int d = 0; d < dim; d++) normal2 += tab->normal[d] * tab->normal[d];
    ck_assert_double_eq_tol(normal2, 1.0, 1e-15);
    /* outward: the normal points away from the opposite vertex, n . (face point - vertex f) > 0 */
    double xi_face[3], xi_vertex[3], dot = 0.0;
    ReferenceNode(dim, face == 0 ? 1 : 0, xi_face); /* a vertex of the face */
    ReferenceNode(dim, face, xi_vertex);
    for (int d = 0; d < dim; d++) dot += tab->normal[d] * (xi_face[d] - xi_vertex[d]);
    ck_assert(dot > 0.0);
  }
  ck_assert_int_eq(dio_simplex_face_tab_init(dim, order, order + 1, dim + 1, tab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_simplex_face_tab_init(dim, order, order + 1, -1, tab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_simplex_face_tab_init(dim, order, dim == 2 ? 8 : 6, 0, tab),
                   DIO_KERNEL_BAD_ARGUMENT); /* beyond 4 Gauss points, degree 5 */
  free(tab);
}
END_TEST

START_TEST(test_stiffness_symmetry_null_space)
{
  const SimplexKind *kind = &Kinds[_i];
  const int          dim = kind->dim, nn = dio_simplex_num_nodes(dim, kind->order), ndof = nn * dim;
  DioElementTab     *tab = malloc(sizeof(*tab));
  double            *K   = malloc(sizeof(double) * (size_t)(ndof * ndof));
  double             x[DIO_MAX_NODES * 3], r[DIO_MAX_ELEMENT_DOFS], Kr[DIO_MAX_ELEMENT_DOFS], lambda, mu;

  ck_assert_ptr_nonnull(tab);
  ck_assert_ptr_nonnull(K);
  TestLame(&lambda, &mu);
  SetUp(kind, tab, x);
  ck_assert_int_eq(dio_elas_stiffness(tab, x, lambda, mu, K), DIO_KERNEL_OK);
  const double knorm = Norm2(ndof * ndof, K);
  /* symmetric by construction (D symmetric), round-off of identical sums in another order: 1e-14 ||K|| */
  for (int i = 0; i < ndof; i++)
    for (int j = 0; j < i; j++) ck_assert_double_eq_tol(K[i * ndof + j], K[j * ndof + i], 1e-14 * knorm);
  /* translations and infinitesimal rotations are interpolated exactly and strain-free: K r = 0 up to round-off */
  const int num_modes = dim == 2 ? 3 : 6;
  for (int m = 0; m < num_modes; m++) {
    for (int a = 0; a < nn; a++) {
      for (int i = 0; i < dim; i++) r[a * dim + i] = m < dim ? (i == m ? 1.0 : 0.0) : 0.0;
      if (m >= dim) { /* rotation about axis m - dim (2D: about z) */
        const int axis = dim == 2 ? 2 : m - dim, p = (axis + 1) % 3, q = (axis + 2) % 3;
        if (p < dim) r[a * dim + p] = q < dim ? -x[a * dim + q] : 0.0;
        if (q < dim) r[a * dim + q] = p < dim ? x[a * dim + p] : 0.0;
      }
    }
    MatVec(ndof, K, r, Kr);
    for (int i = 0; i < ndof; i++) ck_assert_double_eq_tol(Kr[i], 0.0, 1e-12 * knorm * Norm2(ndof, r));
  }
  /* the rule (degree 2 for P1, 4 for P2) integrates B^T D B exactly on an affine cell: no spurious zero-energy
     modes, the nullity is exactly the rigid modes (round-off pivots ~1e-15, genuine ones >> 1e-8) */
  ck_assert_int_eq(Nullity(ndof, K, 1e-8), num_modes);
  free(K);
  free(tab);
}
END_TEST

START_TEST(test_patch_linear_field)
{
  const SimplexKind *kind = &Kinds[_i];
  const int          dim = kind->dim, nn = dio_simplex_num_nodes(dim, kind->order), ndof = nn * dim;
  const double       G[3][3] = {{0.31, -0.12, 0.07}, {0.25, -0.18, 0.11}, {-0.05, 0.09, 0.22}}, c[3] = {0.4, -0.7, 0.2};
  DioElementTab     *tab = malloc(sizeof(*tab));
  double            *K   = malloc(sizeof(double) * (size_t)(ndof * ndof));
  double x[DIO_MAX_NODES * 3], u[DIO_MAX_ELEMENT_DOFS], Ku[DIO_MAX_ELEMENT_DOFS], Fs[DIO_MAX_ELEMENT_DOFS], eps6[6],
      sig6[6], volume, lambda, mu;
  double sig_q[DIO_MAX_QUAD_POINTS * 6];

  ck_assert_ptr_nonnull(tab);
  ck_assert_ptr_nonnull(K);
  TestLame(&lambda, &mu);
  SetUp(kind, tab, x);
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < dim; i++) {
      u[a * dim + i] = c[i];
      for (int j = 0; j < dim; j++) u[a * dim + i] += G[i][j] * x[a * dim + j];
    }
  ck_assert_int_eq(dio_elas_cell_average(tab, x, u, lambda, mu, eps6, sig6, &volume), DIO_KERNEL_OK);
  /* the isoparametric basis reproduces u = G x + c exactly (also on the curved cell): eps = sym G everywhere */
  const double tr              = G[0][0] + G[1][1] + (dim == 3 ? G[2][2] : 0.0);
  const double eps_expected[6] = {G[0][0],
                                  G[1][1],
                                  dim == 3 ? G[2][2] : 0.0,
                                  0.5 * (G[0][1] + G[1][0]),
                                  dim == 3 ? 0.5 * (G[1][2] + G[2][1]) : 0.0,
                                  dim == 3 ? 0.5 * (G[0][2] + G[2][0]) : 0.0};
  for (int k = 0; k < 6; k++) {
    ck_assert_double_eq_tol(eps6[k], eps_expected[k], 1e-12);
    ck_assert_double_eq_tol(sig6[k], (k < 3 ? lambda * tr : 0.0) + 2.0 * mu * eps_expected[k],
                            1e-12 * (lambda + 2.0 * mu));
  }
  /* volume: exact for the affine cell (|det J| / dim!, the rule integrates constants exactly) */
  if (!kind->curved) ck_assert_double_eq_tol(volume, AffineVolume(dim), 1e-13 * volume);
  /* K u equals the internal force of the constant stress at the quadrature points (dio_elas_stress_load): both are
     int B^T sigma; for the patch test this is the nodal force of a uniform stress, which sums to zero */
  ck_assert_int_eq(dio_elas_qpoint_stress(tab, x, u, lambda, mu, sig_q), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_elas_stress_load(tab, x, sig_q, Fs), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_elas_stiffness(tab, x, lambda, mu, K), DIO_KERNEL_OK);
  MatVec(ndof, K, u, Ku);
  const double scale = Norm2(ndof * ndof, K) * Norm2(ndof, u);
  for (int i = 0; i < ndof; i++) ck_assert_double_eq_tol(Ku[i], Fs[i], 1e-12 * scale);
  for (int i = 0; i < dim; i++) {
    double total = 0.0;
    for (int a = 0; a < nn; a++) total += Ku[a * dim + i];
    ck_assert_double_eq_tol(total, 0.0, 1e-12 * scale);
  }
  free(K);
  free(tab);
}
END_TEST

START_TEST(test_loads)
{
  const SimplexKind *kind = &Kinds[_i];
  const int          dim = kind->dim, order = kind->order, nn = dio_simplex_num_nodes(dim, order);
  const double       f[3] = {0.3, -1.1, -19.6}, p0 = 50.0, gradient = 10.0, z0 = 1.0; /* N/m3; Pa, Pa/m, m */
  DioElementTab     *tab  = malloc(sizeof(*tab));
  DioFaceTab        *ftab = malloc(sizeof(*ftab));
  double x[DIO_MAX_NODES * 3], F[DIO_MAX_ELEMENT_DOFS], X[DIO_MAX_QUAD_POINTS * 3], wdet[DIO_MAX_QUAD_POINTS],
      force[DIO_MAX_QUAD_POINTS * 3];
  double pressure[DIO_MAX_QUAD_POINTS] = {0.0}, volume = 0.0, total[3] = {0, 0, 0};

  ck_assert_ptr_nonnull(tab);
  ck_assert_ptr_nonnull(ftab);
  SetUp(kind, tab, x);
  ck_assert_int_eq(dio_elas_qpoints(tab, x, X, wdet), DIO_KERNEL_OK);
  for (int q = 0; q < tab->num_qpoints; q++) {
    volume += wdet[q];
    for (int i = 0; i < dim; i++) force[q * dim + i] = f[i];
  }
  ck_assert_int_eq(dio_elas_body_load(tab, x, force, pressure, F), DIO_KERNEL_OK);
  /* a uniform body force: the nodal forces sum to f V (partition of unity); round-off 1e-13 relative */
  for (int i = 0; i < dim; i++) {
    double sum = 0.0;
    for (int a = 0; a < nn; a++) sum += F[a * dim + i];
    ck_assert_double_eq_tol(sum, f[i] * volume, 1e-13 * fabs(f[i]) * volume + 1e-15);
  }
  /* Archimedes on the closed cell: the pressure p = p0 + gradient (z0 - z) (positive on the cell) on every face
     gives the total force -oint p n dA = -int grad p dV = gradient V e_z. Each face rule (degree order + 1) is exact
     for p N_a on the straight faces; on the curved cell the face map is quadratic and the sum is exact only to the
     rules' order, so the check is kept to the straight cells there and the force balance to 1e-3 */
  for (int face = 0; face <= dim; face++) {
    ck_assert_int_eq(dio_simplex_face_tab_init(dim, order, order + 1, face, ftab), DIO_KERNEL_OK);
    ck_assert_int_eq(dio_elas_face_linear_pressure_load(ftab, x, p0, gradient, z0, F), DIO_KERNEL_OK);
    for (int i = 0; i < dim; i++)
      for (int a = 0; a < nn; a++) total[i] += F[a * dim + i];
  }
  for (int i = 0; i < dim; i++) {
    const double expected = i == dim - 1 ? gradient * volume : 0.0, tol = kind->curved ? 1e-3 * p0 : 1e-12 * p0;
    ck_assert_msg(fabs(total[i] - expected) <= tol, "component %d: %g, expected %g", i, total[i], expected);
  }
  free(ftab);
  free(tab);
}
END_TEST

START_TEST(test_inverted_and_mirrored)
{
  const SimplexKind *kind = &Kinds[_i];
  const int          dim = kind->dim, nn = dio_simplex_num_nodes(dim, kind->order), ndof = nn * dim;
  DioElementTab     *tab = malloc(sizeof(*tab));
  double            *K   = malloc(sizeof(double) * (size_t)(ndof * ndof));
  double            *Km  = malloc(sizeof(double) * (size_t)(ndof * ndof));
  double             x[DIO_MAX_NODES * 3], xm[DIO_MAX_NODES * 3], lambda, mu;

  ck_assert_ptr_nonnull(tab);
  ck_assert_ptr_nonnull(K);
  ck_assert_ptr_nonnull(Km);
  TestLame(&lambda, &mu);
  SetUp(kind, tab, x);
  ck_assert_int_eq(dio_elas_stiffness(tab, x, lambda, mu, K), DIO_KERNEL_OK);
  /* a mirrored cell (x -> -x: negative orientation throughout, as DMPlex and Gmsh give some cells) is valid, and its
     stiffness is K with the x rows and columns negated */
  for (int a = 0; a < nn; a++)
    for (int i = 0; i < dim; i++) xm[a * dim + i] = i == 0 ? -x[a * dim + i] : x[a * dim + i];
  ck_assert_int_eq(dio_elas_stiffness(tab, xm, lambda, mu, Km), DIO_KERNEL_OK);
  const double knorm = Norm2(ndof * ndof, K);
  for (int r = 0; r < ndof; r++)
    for (int s = 0; s < ndof; s++) {
      const double sign = ((r % dim == 0) != (s % dim == 0)) ? -1.0 : 1.0;
      ck_assert_double_eq_tol(Km[r * ndof + s], sign * K[r * ndof + s], 1e-13 * knorm);
    }
  /* degenerate: the last vertex moved onto the plane (line) of the others; its own nodes follow (midpoints) */
  {
    SimplexKind flat = *kind;
    double      xd[DIO_MAX_NODES * 3];
    flat.curved = 0;
    MakeCell(&flat, xd);
    /* vertex dim onto the line of vertices 0, 1 (2D) or the plane of 0, 1, 2 (3D), off it by round-off only */
    for (int i = 0; i < dim; i++) {
      double mean = 0.0;
      for (int v = 0; v < dim; v++) mean += xd[v * dim + i] / dim;
      xd[dim * dim + i] = mean + 1e-14 * (i + 1);
    }
    if (kind->order == 2)
      for (int e = 0; e < (dim == 2 ? 3 : 6); e++) {
        int v[2] = {0, 0};
        ck_assert_int_eq(dio_simplex_edge(dim, e, v), DIO_KERNEL_OK);
        for (int i = 0; i < dim; i++) xd[(dim + 1 + e) * dim + i] = 0.5 * (xd[v[0] * dim + i] + xd[v[1] * dim + i]);
      }
    ck_assert_int_eq(dio_elas_stiffness(tab, xd, lambda, mu, K), DIO_KERNEL_INVERTED_CELL);
  }
  /* inverted: P1, a vertex pushed through the opposite face changes nothing (one sign over the cell) but the
     tangled P2 cell does: the node of edge (0, 1) pushed past vertex 2 folds the cell, det J changes sign */
  if (kind->order == 2) {
    double xt[DIO_MAX_NODES * 3];
    memcpy(xt, x, sizeof(double) * (size_t)ndof);
    for (int i = 0; i < dim; i++)
      xt[(dim + 1) * dim + i] = x[2 * dim + i] + 0.6 * (x[2 * dim + i] - 0.5 * (x[i] + x[dim + i]));
    ck_assert_int_eq(dio_elas_stiffness(tab, xt, lambda, mu, K), DIO_KERNEL_INVERTED_CELL);
  }
  free(Km);
  free(K);
  free(tab);
}
END_TEST

/* dio_qpoint_corner_extrapolation (fe_basis.h) on Q1/Q2 and P1/P2 cells of both dimensions: values at the quadrature
   points of a field of the element's space (random nodal coefficients, fixed seed) extrapolate to its corner values
   exactly (to round-off of the normal equations: 1e-10), and the rows of E sum to 1 (a constant is kept). */
START_TEST(test_corner_extrapolation)
{
  static const int kinds[8][3] = {{2, 1, 0}, {2, 2, 0}, {3, 1, 0}, {3, 2, 0},
                                  {2, 1, 1}, {2, 2, 1}, {3, 1, 1}, {3, 2, 1}};
  const int        dim = kinds[_i][0], order = kinds[_i][1], simplex = kinds[_i][2];
  DioElementTab   *tab = malloc(sizeof(*tab));
  double N_corner[8 * DIO_MAX_NODES], dN[DIO_MAX_NODES * DIO_MAX_DIM], E[8 * DIO_MAX_QUAD_POINTS], coef[DIO_MAX_NODES];
  unsigned seed = 17;

  ck_assert_ptr_nonnull(tab);
  if (simplex)
    ck_assert_int_eq(dio_simplex_element_tab_init(dim, order, dio_simplex_default_degree(order), tab), DIO_KERNEL_OK);
  else
    ck_assert_int_eq(dio_element_tab_init(dim, order, order + 1, tab), DIO_KERNEL_OK);
  for (int k = 0; k < tab->num_corners; k++) {
    double xi[3];
    for (int d = 0; d < dim; d++) xi[d] = simplex ? (k == d + 1 ? 1.0 : 0.0) : ((k >> d) & 1 ? 1.0 : -1.0);
    if (simplex)
      dio_simplex_basis(dim, order, xi, &N_corner[k * tab->num_nodes], dN);
    else
      dio_tensor_basis(dim, order, xi, &N_corner[k * tab->num_nodes], dN);
  }
  ck_assert_int_eq(dio_qpoint_corner_extrapolation(tab, N_corner, E), DIO_KERNEL_OK);
  for (int a = 0; a < tab->num_nodes; a++) {
    seed    = seed * 1103515245u + 12345u;
    coef[a] = (double)(seed >> 16) / 65536.0 - 0.5;
  }
  for (int k = 0; k < tab->num_corners; k++) {
    double exact = 0, extrapolated = 0, row = 0;
    for (int a = 0; a < tab->num_nodes; a++) exact += N_corner[k * tab->num_nodes + a] * coef[a];
    for (int q = 0; q < tab->num_qpoints; q++) {
      double value = 0;
      for (int a = 0; a < tab->num_nodes; a++) value += tab->N[q * tab->num_nodes + a] * coef[a];
      extrapolated += E[k * tab->num_qpoints + q] * value;
      row += E[k * tab->num_qpoints + q];
    }
    ck_assert_double_eq_tol(extrapolated, exact, 1e-10);
    ck_assert_double_eq_tol(row, 1.0, 1e-10);
  }
  free(tab);
}
END_TEST

static Suite *KernelsSimplexSuite(void)
{
  Suite *suite = suite_create("kernels_simplex");
  TCase *basis = tcase_create("basis");
  TCase *elas  = tcase_create("elasticity");

  tcase_add_test(basis, test_quadrature_exactness);
  tcase_add_loop_test(basis, test_basis_kronecker_partition, 0, NUM_KINDS);
  tcase_add_loop_test(basis, test_face_tab, 0, NUM_KINDS);
  tcase_add_loop_test(basis, test_corner_extrapolation, 0, 8);
  tcase_add_loop_test(elas, test_stiffness_symmetry_null_space, 0, NUM_KINDS);
  tcase_add_loop_test(elas, test_patch_linear_field, 0, NUM_KINDS);
  tcase_add_loop_test(elas, test_loads, 0, NUM_KINDS);
  tcase_add_loop_test(elas, test_inverted_and_mirrored, 0, NUM_KINDS);
  suite_add_tcase(suite, basis);
  suite_add_tcase(suite, elas);
  return suite;
}

int main(void)
{
  SRunner *runner = srunner_create(KernelsSimplexSuite());
  int      failed;

  srunner_run_all(runner, CK_NORMAL);
  failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed == 0 ? 0 : 1;
}
