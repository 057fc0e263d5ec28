/* SPDX-License-Identifier: BSD-2-Clause
   test_kernels_block_tridiagonal.c: the twisted block Cholesky of solver/kernels/block_tridiagonal.h against a dense
   Cholesky solve (written here, independently) of the same matrix: random symmetric positive definite block
   tridiagonal matrices of random block sizes (1 to 12, some 1x1), solved for every twist position, then after random
   changes of a few blocks (only the changed blocks reported, as the interface system does), the twist chosen by the
   kernel or forced. Requirement: relative 2-norm difference of the solutions <= 1e-12. Tolerance: both are backward
   stable Cholesky solves of matrices with condition numbers below about 1e3 (diagonal dominance margin 0.5 of the row
   sums), so they agree to about 1e-14; a stale block left in a sweep (a change not propagated) gives a difference of
   the order of the change (measured 1e-2 to 1). Pure functions: no MPI, no PETSc; Check's fork mode. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "block_tridiagonal.h"

#define MAX_BLOCKS 9
#define MAX_N      12

/* A deterministic generator (xorshift64*), the same on every system. */
static double Uniform(uint64_t *state)
{
  *state ^= *state >> 12;
  *state ^= *state << 25;
  *state ^= *state >> 27;
  return (double)((*state * 2685821657736338717ULL) >> 11) / 9007199254740992.0 * 2 - 1;
}

typedef struct {
  int                 m, n[MAX_BLOCKS], n_max, size;
  ptrdiff_t           off[MAX_BLOCKS + 1], sq_off[MAX_BLOCKS + 1], vec_off[MAX_BLOCKS + 1];
  double             *A, *LP, *LQ, *LM, *work;
  DioBlockTridiagonal f;
} Problem;

static void ProblemCreate(Problem *p, int m, uint64_t *state)
{
  memset(p, 0, sizeof(*p));
  p->m = m;
  for (int i = 0; i < m; i++) {
    p->n[i] = 1 + (int)((Uniform(state) + 1) * 0.5 * MAX_N);
    if (p->n[i] > MAX_N) p->n[i] = MAX_N;
    if (p->n[i] > p->n_max) p->n_max = p->n[i];
    p->sq_off[i + 1]  = p->sq_off[i] + (ptrdiff_t)p->n[i] * p->n[i];
    p->vec_off[i + 1] = p->vec_off[i] + p->n[i];
  }
  for (int i = 0; i < m; i++)
    p->off[i + 1] = p->off[i] + (ptrdiff_t)p->n[i] * p->n[i] + (i + 1 < m ? (ptrdiff_t)p->n[i] * p->n[i + 1] : 0);
  p->size = (int)p->vec_off[m];
  p->A    = calloc((size_t)p->off[m], sizeof(double));
  p->LP   = calloc((size_t)p->sq_off[m], sizeof(double));
  p->LQ   = calloc((size_t)p->sq_off[m], sizeof(double));
  p->LM   = calloc((size_t)p->n_max * p->n_max, sizeof(double));
  p->work = calloc((size_t)p->n_max * p->n_max, sizeof(double));
  p->f    = (DioBlockTridiagonal){.m       = m,
                                  .n       = p->n,
                                  .off     = p->off,
                                  .sq_off  = p->sq_off,
                                  .vec_off = p->vec_off,
                                  .n_max   = p->n_max,
                                  .A       = p->A,
                                  .LP      = p->LP,
                                  .LQ      = p->LQ,
                                  .LM      = p->LM,
                                  .work    = p->work};
  dio_btd_reset(&p->f);
}

static void ProblemDestroy(Problem *p)
{
  free(p->A);
  free(p->LP);
  free(p->LQ);
  free(p->LM);
  free(p->work);
}

/* The dense matrix (size x size, row-major) of the blocks. */
static void Dense(const Problem *p, double *full)
{
  memset(full, 0, sizeof(double) * (size_t)p->size * p->size);
  for (int i = 0; i < p->m; i++) {
    const ptrdiff_t r0 = p->vec_off[i];
    for (int a = 0; a < p->n[i]; a++)
      for (int b = 0; b < p->n[i]; b++) full[(r0 + a) * p->size + r0 + b] = p->A[p->off[i] + a * p->n[i] + b];
    if (i + 1 < p->m) {
      const ptrdiff_t c0 = p->vec_off[i + 1];
      const double   *e  = p->A + p->off[i] + p->n[i] * p->n[i];
      for (int a = 0; a < p->n[i]; a++)
        for (int b = 0; b < p->n[i + 1]; b++) {
          full[(r0 + a) * p->size + c0 + b] = e[a * p->n[i + 1] + b];
          full[(c0 + b) * p->size + r0 + a] = e[a * p->n[i + 1] + b];
        }
    }
  }
}

/* Random values in blocks first..last (D_i symmetric, E_i), then every diagonal made dominant again (the row sums
   changed in the neighbours too: blocks first - 1 .. last + 1 changed); returns the first and last changed block. */
static void Randomize(Problem *p, int first, int last, uint64_t *state, int *changed_first, int *changed_last)
{
  double *full;
  for (int i = first; i <= last; i++) {
    double *d = p->A + p->off[i];
    for (int a = 0; a < p->n[i]; a++)
      for (int b = 0; b <= a; b++) d[a * p->n[i] + b] = d[b * p->n[i] + a] = Uniform(state);
    if (i + 1 < p->m)
      for (int k = 0; k < p->n[i] * p->n[i + 1]; k++) p->A[p->off[i] + p->n[i] * p->n[i] + k] = Uniform(state);
  }
  *changed_first = first > 0 ? first - 1 : 0;
  *changed_last  = last + 1 < p->m ? last + 1 : last;
  full           = malloc(sizeof(double) * (size_t)p->size * p->size);
  Dense(p, full);
  for (int i = *changed_first; i <= *changed_last; i++)
    for (int a = 0; a < p->n[i]; a++) {
      const ptrdiff_t r   = p->vec_off[i] + a;
      double          sum = 0;
      for (int c = 0; c < p->size; c++)
        if (c != r) sum += fabs(full[r * p->size + c]);
      p->A[p->off[i] + a * p->n[i] + a] = sum + 0.5;
    }
  free(full);
}

/* x = A^-1 b by a dense Cholesky (the reference). */
static void DenseSolve(const Problem *p, const double *b, double *x)
{
  const int n = p->size;
  double   *l = malloc(sizeof(double) * (size_t)n * n);
  Dense(p, l);
  for (int j = 0; j < n; j++) {
    for (int k = 0; k < j; k++) l[j * n + j] -= l[j * n + k] * l[j * n + k];
    ck_assert(l[j * n + j] > 0);
    l[j * n + j] = sqrt(l[j * n + j]);
    for (int i = j + 1; i < n; i++) {
      for (int k = 0; k < j; k++) l[i * n + j] -= l[i * n + k] * l[j * n + k];
      l[i * n + j] /= l[j * n + j];
    }
  }
  for (int i = 0; i < n; i++) {
    x[i] = b[i];
    for (int k = 0; k < i; k++) x[i] -= l[i * n + k] * x[k];
    x[i] /= l[i * n + i];
  }
  for (int i = n - 1; i >= 0; i--) {
    for (int k = i + 1; k < n; k++) x[i] -= l[k * n + i] * x[k];
    x[i] /= l[i * n + i];
  }
  free(l);
}

/* The twisted solve at twist (or the kernel's choice for -1) against the dense one; the relative difference. */
static double SolveDifference(Problem *p, int twist, uint64_t *state)
{
  double *b = malloc(sizeof(double) * (size_t)p->size), *x = malloc(sizeof(double) * (size_t)p->size);
  double *ref = malloc(sizeof(double) * (size_t)p->size), *w = malloc(sizeof(double) * (size_t)(p->size + p->n_max));
  double  diff = 0, norm = 0;
  int     factored;
  for (int i = 0; i < p->size; i++) b[i] = x[i] = Uniform(state);
  if (twist < 0) twist = dio_btd_choose_twist(&p->f);
  ck_assert_int_eq(dio_btd_factor(&p->f, twist, &factored), 0);
  ck_assert_int_eq(p->f.twist, twist);
  ck_assert(p->f.left >= twist && p->f.right <= twist + 1);
  dio_btd_solve(&p->f, x, w);
  DenseSolve(p, b, ref);
  for (int i = 0; i < p->size; i++) {
    diff += (x[i] - ref[i]) * (x[i] - ref[i]);
    norm += ref[i] * ref[i];
  }
  free(b);
  free(x);
  free(ref);
  free(w);
  return sqrt(diff / norm);
}

START_TEST(test_every_twist)
{
  uint64_t state = 0x9e3779b97f4a7c15ULL;
  for (int m = 1; m <= MAX_BLOCKS; m++) {
    Problem p;
    int     a, b;
    ProblemCreate(&p, m, &state);
    Randomize(&p, 0, m - 1, &state, &a, &b);
    for (int t = 0; t < m; t++) {
      dio_btd_reset(&p.f);
      ck_assert_double_le(SolveDifference(&p, t, &state), 1e-12); /* see the file's head */
    }
    ProblemDestroy(&p);
  }
}
END_TEST

/* Changes of a few blocks between factorisations, as drive stages make them: only the blocks between the sweeps' ends
   are factored again, and the solve still matches a fresh dense solve. */
START_TEST(test_updates)
{
  uint64_t state = 0x243f6a8885a308d3ULL;
  for (int trial = 0; trial < 40; trial++) {
    const int m = 2 + trial % (MAX_BLOCKS - 1);
    Problem   p;
    int       a, b;
    ProblemCreate(&p, m, &state);
    Randomize(&p, 0, m - 1, &state, &a, &b);
    ck_assert_double_le(SolveDifference(&p, trial % m, &state), 1e-12);
    for (int update = 0; update < 6; update++) {
      const int first = (int)((Uniform(&state) + 1) * 0.5 * m) % m;
      const int span  = (int)((Uniform(&state) + 1) * 1.5); /* 0 to 2 more blocks */
      const int last  = first + span < m ? first + span : m - 1;
      int       factored;
      Randomize(&p, first, last, &state, &a, &b);
      dio_btd_changed(&p.f, a, b);
      /* the kernel's twist (the cheapest) on even updates, a forced one on odd */
      ck_assert_double_le(SolveDifference(&p, update % 2 ? (int)((Uniform(&state) + 1) * 0.5 * m) % m : -1, &state),
                          1e-12);
      /* nothing changed: the same twist needs no block factored */
      ck_assert_int_eq(dio_btd_factor(&p.f, p.f.twist, &factored), 0);
      ck_assert_int_eq(factored, 0);
    }
    ProblemDestroy(&p);
  }
}
END_TEST

/* The cheapest twist after a change of blocks a..b factors only those blocks and the middle. */
START_TEST(test_cost)
{
  uint64_t state = 0x13198a2e03707344ULL;
  Problem  p;
  int      a, b, factored;
  ProblemCreate(&p, MAX_BLOCKS, &state);
  Randomize(&p, 0, MAX_BLOCKS - 1, &state, &a, &b);
  ck_assert_int_eq(dio_btd_factor(&p.f, dio_btd_choose_twist(&p.f), &factored), 0);
  ck_assert_int_eq(factored, MAX_BLOCKS);
  Randomize(&p, 4, 4, &state, &a, &b); /* blocks 3..5 changed */
  dio_btd_changed(&p.f, a, b);
  /* the first twist was the last block (no right sweep): blocks 3 to the end are factored, the twist at 5 */
  ck_assert_int_eq(dio_btd_factor(&p.f, dio_btd_choose_twist(&p.f), &factored), 0);
  ck_assert_int_eq(factored, MAX_BLOCKS - 3);
  ck_assert_int_eq(p.f.twist, 5);
  ck_assert_double_le(SolveDifference(&p, p.f.twist, &state), 1e-12);
  Randomize(&p, 4, 5, &state, &a, &b); /* blocks 3..6: around the last twist */
  dio_btd_changed(&p.f, a, b);
  ck_assert_int_eq(dio_btd_factor(&p.f, dio_btd_choose_twist(&p.f), &factored), 0);
  ck_assert_int_eq(factored, 4); /* 3..6: three sweep blocks and the middle */
  ck_assert_double_le(SolveDifference(&p, p.f.twist, &state), 1e-12);
  ProblemDestroy(&p);
}
END_TEST

/* A matrix that is not positive definite: the status names the block. */
START_TEST(test_not_positive)
{
  uint64_t state = 0xa4093822299f31d0ULL;
  Problem  p;
  int      a, b, factored;
  ProblemCreate(&p, 3, &state);
  Randomize(&p, 0, 2, &state, &a, &b);
  p.A[p.off[0]] = -1;
  ck_assert_int_eq(dio_btd_factor(&p.f, 2, &factored), 1);
  ProblemDestroy(&p);
}
END_TEST

int main(void)
{
  Suite   *s  = suite_create("block_tridiagonal");
  TCase   *tc = tcase_create("twisted");
  SRunner *sr;
  int      failed;
  tcase_add_test(tc, test_every_twist);
  tcase_add_test(tc, test_updates);
  tcase_add_test(tc, test_cost);
  tcase_add_test(tc, test_not_positive);
  suite_add_tcase(s, tc);
  sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
