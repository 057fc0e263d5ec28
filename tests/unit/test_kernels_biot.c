/* SPDX-License-Identifier: BSD-2-Clause
   test_kernels_biot.c: the leakage matrix of a leaky face (kernels/biot.h, dio_biot_face_leakage()), which the 2D and
   3D leaky tunnel walls assemble. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include "dio_kernel_types.h"
#include "fe_basis.h"
#include "biot.h"

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
  TCase   *face  = tcase_create("face");
  SRunner *runner;
  int      failed;

  tcase_add_loop_test(face, test_face_leakage_box, 0, 2);
  suite_add_tcase(suite, face);
  runner = srunner_create(suite);
  srunner_run_all(runner, CK_NORMAL);
  failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed == 0 ? 0 : 1;
}
