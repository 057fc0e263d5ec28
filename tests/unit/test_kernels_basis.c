/* SPDX-License-Identifier: BSD-2-Clause
   test_kernels_basis.c: the reference-element kernels of solver/kernels/fe_basis.h: Gauss-Legendre exactness (and
   that the degree 2n-1 is sharp), the Q1/Q2 tensor basis (Kronecker property, partition of unity, derivatives
   against finite differences), the tabulation of an element, and the isoparametric map (det J, physical
   gradients). Pure functions: no MPI, no PETSc, so Check's default fork-per-test mode is used.
   Expected values are derived in the comments next to each assertion. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include "dio_kernel_types.h"
#include "fe_basis.h"

/* Element kinds under test, one Check loop iteration each. */
typedef struct {
  int dim, order;
} ElementKind;

static const ElementKind Kinds[] = {{2, 1}, {2, 2}, {3, 1}, {3, 2}};
#define NUM_KINDS ((int)(sizeof(Kinds) / sizeof(Kinds[0])))

static int NumNodes(int dim, int order)
{
  int n = 1;
  for (int d = 0; d < dim; d++) n *= order + 1;
  return n;
}

/* Reference coordinates xi[dim] of lexicographic node a = i + (p+1) j + (p+1)^2 k. */
static void ReferenceNode(int dim, int order, int a, double *xi)
{
  for (int d = 0; d < dim; d++) {
    xi[d] = dio_lagrange_node_1d(order, a % (order + 1));
    a /= order + 1;
  }
}

/* Fixed 64-bit LCG (Knuth's MMIX constants): the same sequence on every system, unlike rand(). */
static double LcgUniform(uint64_t *state, double lo, double hi)
{
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  return lo + (hi - lo) * (double)(*state >> 11) * 0x1.0p-53;
}

/* Exact integral of x^k over [-1,1]. */
static double MonomialIntegral(int k) { return k % 2 ? 0.0 : 2.0 / (double)(k + 1); }

static double Factorial(int n)
{
  double f = 1.0;
  for (int i = 2; i <= n; i++) f *= (double)i;
  return f;
}

START_TEST(test_gauss_legendre_exactness)
{
  double points[4], weights[4];

  for (int n = 1; n <= 4; n++) {
    ck_assert_int_eq(dio_gauss_legendre(n, points, weights), DIO_KERNEL_OK);
    for (int k = 0; k <= 2 * n; k++) {
      double rule = 0.0;
      for (int q = 0; q < n; q++) rule += weights[q] * pow(points[q], (double)k);
      if (k <= 2 * n - 1) {
        /* exact up to round-off: n terms of size <= 2, points and weights correct to a few ulps */
        ck_assert_double_eq_tol(rule, MonomialIntegral(k), 1e-14);
      } else {
        /* degree 2n is not integrated exactly: the Gauss remainder for f = x^(2n), f^(2n) = (2n)!, is
           int f - Q f = 2^(2n+1) (n!)^4 / ((2n+1) ((2n)!)^2)  (2/3 for n = 1, 0.0116 for n = 4); round-off 1e-14 */
        const double remainder = pow(2.0, 2.0 * n + 1.0) * pow(Factorial(n), 4.0) / ((2.0 * n + 1.0) * pow(Factorial(2 * n), 2.0));
        ck_assert_double_eq_tol(MonomialIntegral(k) - rule, remainder, 1e-14);
        ck_assert(remainder > 1e-2);
      }
    }
  }
  ck_assert_int_eq(dio_gauss_legendre(0, points, weights), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_gauss_legendre(5, points, weights), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_gauss_legendre(-1, points, weights), DIO_KERNEL_BAD_ARGUMENT);
}
END_TEST

START_TEST(test_basis_bad_arguments)
{
  double xi[3] = {0.1, 0.2, 0.3}, phi[4], dphi[4], N[DIO_MAX_NODES], dN[DIO_MAX_NODES * DIO_MAX_DIM];

  ck_assert_int_eq(dio_lagrange_1d(0, 0.0, phi, dphi), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_lagrange_1d(3, 0.0, phi, dphi), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_tensor_basis(0, 1, xi, N, dN), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_tensor_basis(4, 1, xi, N, dN), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_tensor_basis(2, 3, xi, N, dN), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_tensor_basis(3, 0, xi, N, dN), DIO_KERNEL_BAD_ARGUMENT);
}
END_TEST

START_TEST(test_tensor_basis_kronecker)
{
  const int dim = Kinds[_i].dim, order = Kinds[_i].order, nn = NumNodes(dim, order);
  double    xi[DIO_MAX_DIM], N[DIO_MAX_NODES], dN[DIO_MAX_NODES * DIO_MAX_DIM];

  ck_assert_double_eq_tol(dio_lagrange_node_1d(order, 0), -1.0, 1e-15); /* exact arithmetic: -1 + 0 */
  ck_assert_double_eq_tol(dio_lagrange_node_1d(order, order), 1.0, 1e-15);
  if (order == 2) ck_assert_double_eq_tol(dio_lagrange_node_1d(order, 1), 0.0, 1e-15);
  for (int b = 0; b < nn; b++) {
    ReferenceNode(dim, order, b, xi);
    ck_assert_int_eq(dio_tensor_basis(dim, order, xi, N, dN), DIO_KERNEL_OK);
    /* 1D factors at the nodes are products of exact values (0, +-1, 1/2): delta_ab up to one rounding */
    for (int a = 0; a < nn; a++) ck_assert_double_eq_tol(N[a], a == b ? 1.0 : 0.0, 1e-15);
  }
}
END_TEST

START_TEST(test_tensor_basis_unity_and_fd)
{
  const int    dim = Kinds[_i].dim, order = Kinds[_i].order, nn = NumNodes(dim, order);
  const double h   = 1e-3;
  uint64_t     state = 12345u + (uint64_t)_i;
  double       xi[DIO_MAX_DIM], N[DIO_MAX_NODES], dN[DIO_MAX_NODES * DIO_MAX_DIM];
  double       Np[DIO_MAX_NODES], Nm[DIO_MAX_NODES], scratch[DIO_MAX_NODES * DIO_MAX_DIM];

  for (int sample = 0; sample < 20; sample++) {
    for (int d = 0; d < dim; d++) xi[d] = LcgUniform(&state, -1.0, 1.0);
    ck_assert_int_eq(dio_tensor_basis(dim, order, xi, N, dN), DIO_KERNEL_OK);
    double sum = 0.0, dsum[DIO_MAX_DIM] = {0.0, 0.0, 0.0};
    for (int a = 0; a < nn; a++) {
      sum += N[a];
      for (int d = 0; d < dim; d++) dsum[d] += dN[a * dim + d];
    }
    /* sum of at most 27 terms, each |N| <= 1 and |dN| <= 1.5: round-off well below 1e-13 */
    ck_assert_double_eq_tol(sum, 1.0, 1e-13);
    for (int d = 0; d < dim; d++) ck_assert_double_eq_tol(dsum[d], 0.0, 1e-13);
    for (int d = 0; d < dim; d++) {
      double xp[DIO_MAX_DIM], xm[DIO_MAX_DIM];
      for (int e = 0; e < dim; e++) xp[e] = xm[e] = xi[e];
      xp[d] += h;
      xm[d] -= h;
      ck_assert_int_eq(dio_tensor_basis(dim, order, xp, Np, scratch), DIO_KERNEL_OK);
      ck_assert_int_eq(dio_tensor_basis(dim, order, xm, Nm, scratch), DIO_KERNEL_OK);
      for (int a = 0; a < nn; a++) {
        /* central difference error = h^2/6 d^3N/dxi_d^3 (zero here: N has degree <= 2 in each xi_d, and it would
           be below 2e-7 for any |N'''| <= 1) plus round-off ~ eps |N| / h ~ 1e-13: 1e-9 bounds both */
        ck_assert_double_eq_tol((Np[a] - Nm[a]) / (2.0 * h), dN[a * dim + d], 1e-9);
      }
    }
  }
}
END_TEST

START_TEST(test_element_tab)
{
  const int   dim = Kinds[_i].dim, order = Kinds[_i].order;
  DioElementTab *tab = malloc(sizeof(*tab));

  ck_assert_ptr_nonnull(tab);
  for (int points = 1; points <= 4; points++) {
    ck_assert_int_eq(dio_element_tab_init(dim, order, points, tab), DIO_KERNEL_OK);
    ck_assert_int_eq(tab->dim, dim);
    ck_assert_int_eq(tab->order, order);
    ck_assert_int_eq(tab->num_nodes, NumNodes(dim, order));
    ck_assert_int_eq(tab->num_qpoints, dim == 2 ? points * points : points * points * points);
    double wsum = 0.0;
    for (int q = 0; q < tab->num_qpoints; q++) {
      wsum += tab->weight[q];
      double usum = 0.0;
      for (int a = 0; a < tab->num_nodes; a++) usum += tab->N[q * tab->num_nodes + a];
      ck_assert_double_eq_tol(usum, 1.0, 1e-13); /* partition of unity, round-off of <= 27 terms */
    }
    ck_assert_double_eq_tol(wsum, dim == 2 ? 4.0 : 8.0, 1e-13); /* volume 2^dim of [-1,1]^dim; round-off of 64 terms */
    /* every monomial x^a y^b z^c with a, b, c <= 2 points - 1 is integrated exactly (product of 1D integrals) */
    const int kmax = 2 * points - 1, kz_max = dim > 2 ? kmax : 0;
    for (int kz = 0; kz <= kz_max; kz++) {
      for (int ky = 0; ky <= kmax; ky++) {
        for (int kx = 0; kx <= kmax; kx++) {
          double rule = 0.0;
          for (int q = 0; q < tab->num_qpoints; q++) {
            const double *x = &tab->xi[q * dim];
            rule += tab->weight[q] * pow(x[0], (double)kx) * pow(x[1], (double)ky) * (dim > 2 ? pow(x[2], (double)kz) : 1.0);
          }
          const double exact = MonomialIntegral(kx) * MonomialIntegral(ky) * (dim > 2 ? MonomialIntegral(kz) : 1.0);
          ck_assert_double_eq_tol(rule, exact, 1e-13); /* round-off: <= 64 terms of size <= 8 */
        }
      }
    }
    /* the tabulated basis is the tensor basis at the tabulated points */
    for (int q = 0; q < tab->num_qpoints; q++) {
      double N[DIO_MAX_NODES], dN[DIO_MAX_NODES * DIO_MAX_DIM];
      ck_assert_int_eq(dio_tensor_basis(dim, order, &tab->xi[q * dim], N, dN), DIO_KERNEL_OK);
      for (int a = 0; a < tab->num_nodes; a++) {
        ck_assert_double_eq_tol(tab->N[q * tab->num_nodes + a], N[a], 1e-15); /* same arithmetic: identical */
        for (int d = 0; d < dim; d++) ck_assert_double_eq_tol(tab->dN[(q * tab->num_nodes + a) * dim + d], dN[a * dim + d], 1e-15);
      }
    }
  }
  ck_assert_int_eq(dio_element_tab_init(dim, order, 0, tab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_element_tab_init(dim, order, 5, tab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_element_tab_init(dim, 0, 2, tab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_element_tab_init(dim, 3, 2, tab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_element_tab_init(1, order, 2, tab), DIO_KERNEL_BAD_ARGUMENT);
  ck_assert_int_eq(dio_element_tab_init(4, order, 2, tab), DIO_KERNEL_BAD_ARGUMENT);
  free(tab);
}
END_TEST

/* A = L U with L unit lower triangular and U upper triangular, so det A = prod diag(U) without using the
   determinant formula under test. sign = -1 mirrors the first row of U (a reflection: det A < 0). */
static void AffineMatrix(int dim, double sign, double A[9], double *det_A)
{
  const double L[3][3] = {{1.0, 0.0, 0.0}, {0.4, 1.0, 0.0}, {-0.3, 0.25, 1.0}};
  const double U[3][3] = {{1.5 * sign, 0.2 * sign, -0.35 * sign}, {0.0, 0.8, 0.3}, {0.0, 0.0, 1.2}};
  *det_A = 1.0;
  for (int i = 0; i < dim; i++) {
    *det_A *= U[i][i];
    for (int j = 0; j < dim; j++) {
      double s = 0.0;
      for (int k = 0; k < dim; k++) s += L[i][k] * U[k][j];
      A[i * dim + j] = s;
    }
  }
}

START_TEST(test_map_gradients_affine)
{
  const int    dim = Kinds[_i].dim, order = Kinds[_i].order, nn = NumNodes(dim, order);
  const double b[3] = {5.0, -3.0, 2.0}, c[3] = {0.7, -1.3, 2.1}; /* translation; gradient of f(x) = c . x + 4 */
  uint64_t     state = 777u + (uint64_t)_i;
  double       A[9], det_A, x[DIO_MAX_NODES * DIO_MAX_DIM], f[DIO_MAX_NODES], xi[DIO_MAX_DIM];
  double       N[DIO_MAX_NODES], dN[DIO_MAX_NODES * DIO_MAX_DIM], dNx[DIO_MAX_NODES * DIO_MAX_DIM], Jinv[9];

  for (int mirror = 0; mirror < 2; mirror++) {
    AffineMatrix(dim, mirror ? -1.0 : 1.0, A, &det_A);
    for (int a = 0; a < nn; a++) {
      ReferenceNode(dim, order, a, xi);
      f[a] = 4.0;
      for (int i = 0; i < dim; i++) {
        x[a * dim + i] = b[i];
        for (int j = 0; j < dim; j++) x[a * dim + i] += A[i * dim + j] * xi[j];
        f[a] += c[i] * x[a * dim + i];
      }
    }
    for (int sample = 0; sample < 10; sample++) {
      for (int d = 0; d < dim; d++) xi[d] = LcgUniform(&state, -1.0, 1.0);
      ck_assert_int_eq(dio_tensor_basis(dim, order, xi, N, dN), DIO_KERNEL_OK);
      const double det = dio_map_gradients(dim, nn, x, dN, Jinv, dNx);
      ck_assert_double_eq_tol(det, det_A, 1e-13 * fabs(det_A)); /* J = A exactly up to round-off of the node sums */
      /* Jinv A = I: round-off, entries of A and Jinv are O(1) */
      for (int i = 0; i < dim; i++) {
        for (int j = 0; j < dim; j++) {
          double s = 0.0;
          for (int k = 0; k < dim; k++) s += Jinv[i * dim + k] * A[k * dim + j];
          ck_assert_double_eq_tol(s, i == j ? 1.0 : 0.0, 1e-13);
        }
      }
      /* sum_a f_a grad N_a = c: f is linear in x, hence in the span of the basis; |f_a| <= 20, round-off 1e-12 */
      for (int k = 0; k < dim; k++) {
        double g = 0.0;
        for (int a = 0; a < nn; a++) g += f[a] * dNx[a * dim + k];
        ck_assert_double_eq_tol(g, c[k], 1e-12);
      }
      double X[DIO_MAX_DIM];
      dio_map_point(dim, nn, x, N, X);
      for (int i = 0; i < dim; i++) {
        double expected = b[i];
        for (int j = 0; j < dim; j++) expected += A[i * dim + j] * xi[j];
        ck_assert_double_eq_tol(X[i], expected, 1e-13); /* x = A xi + b, coordinates O(5) */
      }
    }
  }
}
END_TEST

/* On a distorted (non-affine) cell the isoparametric basis still reproduces linear functions of x exactly:
   sum_a x_a N_a = x, so sum_a x_(a,i) dN_a/dx_k = delta_ik at every point. */
START_TEST(test_map_gradients_distorted)
{
  const int    dim = Kinds[_i].dim, order = Kinds[_i].order, nn = NumNodes(dim, order);
  const double corners2[4][2] = {{0.0, 0.0}, {2.0, 0.3}, {0.2, 1.5}, {2.4, 1.9}};
  const double corners3[8][3] = {{0.0, 0.0, 0.0}, {2.0, 0.1, 0.2}, {0.15, 1.5, -0.1}, {2.2, 1.7, 0.1},
                                 {0.1, -0.1, 1.0}, {1.9, 0.2, 1.3}, {-0.1, 1.4, 1.1}, {2.1, 1.6, 1.4}};
  uint64_t     state = 4242u + (uint64_t)_i;
  double       x[DIO_MAX_NODES * DIO_MAX_DIM], xi[DIO_MAX_DIM], N1[8], dN1[24];
  double       N[DIO_MAX_NODES], dN[DIO_MAX_NODES * DIO_MAX_DIM], dNx[DIO_MAX_NODES * DIO_MAX_DIM], Jinv[9];

  for (int a = 0; a < nn; a++) {
    ReferenceNode(dim, order, a, xi);
    ck_assert_int_eq(dio_tensor_basis(dim, 1, xi, N1, dN1), DIO_KERNEL_OK);
    for (int i = 0; i < dim; i++) {
      x[a * dim + i] = 0.0;
      for (int c = 0; c < (dim == 2 ? 4 : 8); c++) x[a * dim + i] += N1[c] * (dim == 2 ? corners2[c][i] : corners3[c][i]);
      if (order == 2 && a % 2 == 1) x[a * dim + i] += 0.03 * (double)(i + 1); /* bend some edges: a curved Q2 cell */
    }
  }
  for (int sample = 0; sample < 10; sample++) {
    for (int d = 0; d < dim; d++) xi[d] = LcgUniform(&state, -1.0, 1.0);
    ck_assert_int_eq(dio_tensor_basis(dim, order, xi, N, dN), DIO_KERNEL_OK);
    const double det = dio_map_gradients(dim, nn, x, dN, Jinv, dNx);
    ck_assert(det > 0.0);
    for (int i = 0; i < dim; i++) {
      for (int k = 0; k < dim; k++) {
        double g = 0.0;
        for (int a = 0; a < nn; a++) g += x[a * dim + i] * dNx[a * dim + k];
        ck_assert_double_eq_tol(g, i == k ? 1.0 : 0.0, 1e-12); /* round-off of 27 terms, |x| <= 2.5, |dNx| = O(1) */
      }
    }
  }
}
END_TEST

static Suite *KernelsBasisSuite(void)
{
  Suite *suite     = suite_create("kernels_basis");
  TCase *quadrature = tcase_create("quadrature");
  TCase *basis      = tcase_create("basis");
  TCase *map        = tcase_create("map");

  tcase_add_test(quadrature, test_gauss_legendre_exactness);
  tcase_add_loop_test(quadrature, test_element_tab, 0, NUM_KINDS);
  tcase_add_test(basis, test_basis_bad_arguments);
  tcase_add_loop_test(basis, test_tensor_basis_kronecker, 0, NUM_KINDS);
  tcase_add_loop_test(basis, test_tensor_basis_unity_and_fd, 0, NUM_KINDS);
  tcase_add_loop_test(map, test_map_gradients_affine, 0, NUM_KINDS);
  tcase_add_loop_test(map, test_map_gradients_distorted, 0, NUM_KINDS);
  suite_add_tcase(suite, quadrature);
  suite_add_tcase(suite, basis);
  suite_add_tcase(suite, map);
  return suite;
}

int main(void)
{
  SRunner *runner = srunner_create(KernelsBasisSuite());
  int      failed;

  srunner_run_all(runner, CK_NORMAL);
  failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed == 0 ? 0 : 1;
}
