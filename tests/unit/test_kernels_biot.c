/* SPDX-License-Identifier: BSD-2-Clause
   test_kernels_biot.c: the leakage matrix of a leaky face (kernels/biot.h, dio_biot_face_leakage()), which the 2D and
   3D leaky tunnel walls assemble, on tensor and simplex faces; and the Taylor-Hood P2-P1 cell of triangles and
   tetrahedra: the P1 pressure tabulated at the P2 rule, its gradients (Darcy velocity) and the coupling, storage and
   conductance matrices against closed forms on an affine cell (patch tests). Expected values are derived next to each
   assertion; the tolerances are round-off (every integrand is a polynomial the rule integrates exactly). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include "dio_kernel_types.h"
#include "fe_basis.h"
#include "biot.h"

/* A general affine simplex (not right-angled, away from the origin), vertices in positive orientation. */
static const double Vertices2[3 * 2] = {3.0, -2.0, 5.1, -1.6, 3.4, -0.3};
static const double Vertices3[4 * 3] = {3.0, -2.0, 1.0, 5.0, -1.7, 1.3, 3.3, -0.2, 0.8, 3.5, -1.1, 2.6};

/* The simplex of dimension dim: vertices V[dim + 1][dim], its P2 nodes x[nodes][dim] (vertices, then the edge midpoints
   in simplex_basis.h's order) and its measure (area, volume). */
static double SimplexCell(int dim, const double **V, double *x)
{
  const double *v = dim == 2 ? Vertices2 : Vertices3;
  double        J[9], det;
  for (int a = 0; a <= dim; a++)
    for (int d = 0; d < dim; d++) x[a * dim + d] = v[a * dim + d];
  for (int e = 0, ne = dim == 2 ? 3 : 6; e < ne; e++) {
    int ends[2] = {0, 0};
    dio_simplex_edge(dim, e, ends);
    for (int d = 0; d < dim; d++) x[(dim + 1 + e) * dim + d] = 0.5 * (v[ends[0] * dim + d] + v[ends[1] * dim + d]);
  }
  for (int i = 0; i < dim; i++)
    for (int j = 0; j < dim; j++) J[i * dim + j] = v[(j + 1) * dim + i] - v[i];
  det = dim == 2 ? J[0] * J[3] - J[1] * J[2]
                 : J[0] * (J[4] * J[8] - J[5] * J[7]) - J[1] * (J[3] * J[8] - J[5] * J[6]) +
                       J[2] * (J[3] * J[7] - J[4] * J[6]);
  *V  = v;
  return fabs(det) / (dim == 2 ? 2.0 : 6.0);
}

/* The pressure's tabulation shares the P2 element's points and weights (the kernels pair them point by point), has
   dim + 1 nodes, a partition of unity, and the Kronecker property at the vertices. */
START_TEST(test_pressure_tab_simplex)
{
  const int      dim   = _i + 2;
  DioElementTab *tab_u = malloc(sizeof(*tab_u)), *tab_p = malloc(sizeof(*tab_p));

  ck_assert_int_eq(dio_simplex_element_tab_init(dim, 2, dio_simplex_default_degree(2), tab_u), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_biot_pressure_tab_init(dim, 1, tab_p), DIO_KERNEL_OK);
  ck_assert_int_eq(tab_p->simplex, 1);
  ck_assert_int_eq(tab_p->num_nodes, dim + 1);
  ck_assert_int_eq(tab_p->num_qpoints, tab_u->num_qpoints);
  for (int q = 0; q < tab_p->num_qpoints; q++) {
    double sum = 0.0, dsum[3] = {0, 0, 0};
    ck_assert_double_eq(tab_p->weight[q], tab_u->weight[q]);
    for (int d = 0; d < dim; d++) ck_assert_double_eq(tab_p->xi[q * dim + d], tab_u->xi[q * dim + d]);
    for (int a = 0; a <= dim; a++) {
      sum += tab_p->N[q * (dim + 1) + a];
      for (int d = 0; d < dim; d++) dsum[d] += tab_p->dN[(q * (dim + 1) + a) * dim + d];
    }
    ck_assert_double_eq_tol(sum, 1.0, 1e-15);
    for (int d = 0; d < dim; d++) ck_assert_double_eq_tol(dsum[d], 0.0, 1e-15);
  }
  for (int c = 0; c <= dim; c++) {
    double xi[3], N[4], dN[12];
    for (int d = 0; d < dim; d++) xi[d] = c == d + 1 ? 1.0 : 0.0;
    ck_assert_int_eq(dio_simplex_basis(dim, 1, xi, N, dN), DIO_KERNEL_OK);
    for (int a = 0; a <= dim; a++) ck_assert_double_eq_tol(N[a], a == c ? 1.0 : 0.0, 1e-15);
  }
  free(tab_u);
  free(tab_p);
}
END_TEST

/* P1 gradients through the P2 map: a linear pressure p = 3 + g . x at the vertices gives the Darcy velocity -kappa g
   exactly (anisotropic kappa), on a general affine cell. */
START_TEST(test_darcy_velocity_simplex)
{
  const int      dim  = _i + 2;
  const double   g[3] = {1.5e3, -2.5e3, 4.0e3}, mobility[3] = {2e-9, 3e-9, 5e-9};
  const double  *V;
  double         x[10 * 3], p[4], v[3];
  DioElementTab *tab_u = malloc(sizeof(*tab_u)), *tab_p = malloc(sizeof(*tab_p));

  SimplexCell(dim, &V, x);
  ck_assert_int_eq(dio_simplex_element_tab_init(dim, 2, dio_simplex_default_degree(2), tab_u), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_biot_pressure_tab_init(dim, 1, tab_p), DIO_KERNEL_OK);
  for (int a = 0; a <= dim; a++) {
    p[a] = 3.0;
    for (int d = 0; d < dim; d++) p[a] += g[d] * V[a * dim + d];
  }
  ck_assert_int_eq(dio_biot_darcy_velocity(tab_u, tab_p, x, mobility, p, v), DIO_KERNEL_OK);
  for (int d = 0; d < dim; d++) ck_assert_double_eq_tol(v[d], -mobility[d] * g[d], 1e-12 * fabs(mobility[d] * g[d]));
  free(tab_u);
  free(tab_p);
}
END_TEST

/* The P2-P1 cell matrices on a general affine cell of measure |T|, for a Biot coefficient alpha, 1 / M and an
   anisotropic kappa:
   - coupling (patch test): a linear displacement u = A x + c at the P2 nodes gives u . Qe[:, b] = int alpha div u P_b
     = alpha tr(A) |T| / (dim + 1) for every pressure node b (P1's integral over a simplex);
   - storage: the P1 consistent mass, Se_ab = |T| / M (1 + delta_ab) / ((dim + 1)(dim + 2));
   - conductance: He 1 = 0 (a uniform pressure drives no flow) and, for p = g . x, p . He p = |T| sum_k kappa_k g_k^2;
   - the volume |T|. A mismatch of the two tabulations (a Q1 pressure against a P2 displacement) is refused. */
START_TEST(test_cell_matrices_simplex)
{
  const int      dim = _i + 2, np = dim + 1, nu = dim == 2 ? 6 : 10, ndof = nu * dim;
  const double   A[9] = {1e-3, 2e-4, -3e-4, -5e-4, 2e-3, 1e-4, 4e-4, -2e-4, -1.5e-3}, c[3] = {0.1, -0.2, 0.3};
  const double   alpha = 0.8, inverse_modulus = 2e-10, mobility[3] = {2e-9, 3e-9, 5e-9}, g[3] = {1e3, -2e3, 3e3};
  const double  *V;
  double         x[10 * 3], u[30], Qe[30 * 4], Se[16], He[16], volume, trace = 0.0, exact_volume, flux = 0.0, pHp = 0.0;
  double         p[4];
  DioElementTab *tab_u = malloc(sizeof(*tab_u)), *tab_p = malloc(sizeof(*tab_p)), *tab_q = malloc(sizeof(*tab_q));

  exact_volume = SimplexCell(dim, &V, x);
  ck_assert_int_eq(dio_simplex_element_tab_init(dim, 2, dio_simplex_default_degree(2), tab_u), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_biot_pressure_tab_init(dim, 1, tab_p), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_biot_cell_matrices(tab_u, tab_p, x, alpha, inverse_modulus, mobility, Qe, Se, He, &volume),
                   DIO_KERNEL_OK);
  ck_assert_double_eq_tol(volume, exact_volume, 1e-13 * exact_volume);
  for (int i = 0; i < dim; i++) trace += A[i * 3 + i];
  for (int a = 0; a < nu; a++) {
    for (int i = 0; i < dim; i++) {
      u[a * dim + i] = c[i];
      for (int j = 0; j < dim; j++) u[a * dim + i] += A[i * 3 + j] * x[a * dim + j];
    }
  }
  for (int b = 0; b < np; b++) {
    double uQ = 0.0;
    for (int r = 0; r < ndof; r++) uQ += u[r] * Qe[r * np + b];
    ck_assert_double_eq_tol(uQ, alpha * trace * exact_volume / np, 1e-12 * fabs(alpha * trace * exact_volume));
  }
  for (int a = 0; a < np; a++) {
    p[a] = 0.0;
    for (int d = 0; d < dim; d++) p[a] += g[d] * V[a * dim + d];
    for (int b = 0; b < np; b++) {
      const double mass = exact_volume * inverse_modulus * (a == b ? 2.0 : 1.0) / ((dim + 1) * (dim + 2));
      double       row  = 0.0;
      ck_assert_double_eq_tol(Se[a * np + b], mass, 1e-13 * mass);
      for (int k = 0; k < np; k++) row += He[a * np + k];
      ck_assert_double_eq_tol(row, 0.0, 1e-13 * fabs(He[a * np + a]));
    }
  }
  for (int a = 0; a < np; a++)
    for (int b = 0; b < np; b++) pHp += p[a] * He[a * np + b] * p[b];
  for (int d = 0; d < dim; d++) flux += mobility[d] * g[d] * g[d];
  ck_assert_double_eq_tol(pHp, exact_volume * flux, 1e-12 * exact_volume * flux);
  /* the tensor pressure against the simplex displacement: refused, not integrated at mismatched points */
  ck_assert_int_eq(dio_biot_pressure_tab_init(dim, 0, tab_q), DIO_KERNEL_OK);
  ck_assert_int_eq(dio_biot_cell_matrices(tab_u, tab_q, x, alpha, inverse_modulus, mobility, Qe, Se, He, &volume),
                   DIO_KERNEL_BAD_ARGUMENT);
  free(tab_u);
  free(tab_p);
  free(tab_q);
}
END_TEST

/* The leakage matrix on every face of a general affine triangle (tetrahedron), P1 corners: the face's P1 mass times
   the leakage, area (1 + delta_ab) / (dim (dim + 1)) between the face's vertices (an edge: length / 6 (2 1); a
   triangle: area / 12 (2 1 1)), zero for the vertex off the face; its sum is leakage times the face's area. */
START_TEST(test_face_leakage_simplex)
{
  const int     dim = _i + 2, np = dim + 1;
  const double  leakage = 1.7e-9;
  const double *V;
  double        x[10 * 3], Le[16];

  SimplexCell(dim, &V, x);
  for (int face = 0; face <= dim; face++) {
    DioFaceTab *tab = malloc(sizeof(*tab));
    double      e[2][3], area, sum = 0.0;
    int         on[3], k = 0;
    for (int a = 0; a <= dim; a++)
      if (a != face) on[k++] = a;
    for (int j = 0; j < dim - 1; j++)
      for (int d = 0; d < dim; d++) e[j][d] = V[on[j + 1] * dim + d] - V[on[0] * dim + d];
    if (dim == 2)
      area = sqrt(e[0][0] * e[0][0] + e[0][1] * e[0][1]);
    else {
      const double n[3] = {e[0][1] * e[1][2] - e[0][2] * e[1][1], e[0][2] * e[1][0] - e[0][0] * e[1][2],
                           e[0][0] * e[1][1] - e[0][1] * e[1][0]};
      area              = 0.5 * sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    }
    ck_assert_int_eq(dio_biot_pressure_face_tab_init(dim, 1, face, tab), DIO_KERNEL_OK);
    ck_assert_int_eq(dio_biot_face_leakage(tab, V, leakage, Le), DIO_KERNEL_OK);
    for (int a = 0; a < np; a++) {
      for (int b = 0; b < np; b++) {
        const double expected =
            a == face || b == face ? 0.0 : leakage * area * (a == b ? 2.0 : 1.0) / (dim * (dim + 1));
        ck_assert_double_eq_tol(Le[a * np + b], expected, 1e-13 * leakage * area);
        sum += Le[a * np + b];
      }
    }
    ck_assert_double_eq_tol(sum, leakage * area, 1e-13 * leakage * area);
    free(tab);
  }
}
END_TEST

/* A Q1 box [0, a] x [0, b] (x [0, c]) in lexicographic node order; every face: its leakage matrix sums to leakage times
   its area, is symmetric, zero off the face, and on a rectangle has the bilinear mass pattern area / 36 (4 2 2 1) (3D)
   or length / 6 (2 1) (2D); the tolerance is round-off (the rule is exact for the planar faces of a box). */
START_TEST(test_face_leakage_box)
{
  const int    dim = _i + 2, np = dim == 2 ? 4 : 8;
  const double len[3] = {2.0, 3.0, 5.0}, leakage = 1.7e-9;
  double       x[8 * 3], Le[64];

  for (int a = 0; a < np; a++)
    for (int d = 0; d < dim; d++) x[a * dim + d] = ((a >> d) & 1) ? len[d] : 0.0;
  for (int face = 0; face < 2 * dim; face++) {
    DioFaceTab *tab = malloc(sizeof(*tab));
    const int   dir = face / 2, side = face % 2;
    double      area = 1.0, sum = 0.0;
    for (int d = 0; d < dim; d++)
      if (d != dir) area *= len[d];
    ck_assert_int_eq(dio_face_tab_init(dim, 1, 3, face, tab), DIO_KERNEL_OK);
    ck_assert_int_eq(dio_biot_face_leakage(tab, x, leakage, Le), DIO_KERNEL_OK);
    for (int a = 0; a < np; a++) {
      const int on_a = ((a >> dir) & 1) == side;
      for (int b = 0; b < np; b++) {
        const int on_b = ((b >> dir) & 1) == side;
        sum += Le[a * np + b];
        ck_assert_double_eq_tol(Le[a * np + b], Le[b * np + a], 1e-14 * leakage * area);
        if (!on_a || !on_b) {
          ck_assert_double_eq_tol(Le[a * np + b], 0.0, 1e-14 * leakage * area);
          continue;
        }
        /* per direction along the face: 2 at the same end, 1 at opposite ends, over 6 */
        {
          double expected = leakage * area;
          for (int d = 0; d < dim; d++)
            if (d != dir) expected *= (((a >> d) & 1) == ((b >> d) & 1) ? 2.0 : 1.0) / 6.0;
          ck_assert_double_eq_tol(Le[a * np + b], expected, 1e-13 * leakage * area);
        }
      }
    }
    ck_assert_double_eq_tol(sum, leakage * area, 1e-13 * leakage * area);
    free(tab);
  }
}
END_TEST

int main(void)
{
  Suite   *suite = suite_create("kernels_biot");
  TCase   *face = tcase_create("face"), *simplex = tcase_create("simplex");
  SRunner *runner;
  int      failed;

  tcase_add_loop_test(face, test_face_leakage_box, 0, 2);
  tcase_add_loop_test(face, test_face_leakage_simplex, 0, 2);
  tcase_add_loop_test(simplex, test_pressure_tab_simplex, 0, 2);
  tcase_add_loop_test(simplex, test_darcy_velocity_simplex, 0, 2);
  tcase_add_loop_test(simplex, test_cell_matrices_simplex, 0, 2);
  suite_add_tcase(suite, face);
  suite_add_tcase(suite, simplex);
  runner = srunner_create(suite);
  srunner_run_all(runner, CK_NORMAL);
  failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed == 0 ? 0 : 1;
}
