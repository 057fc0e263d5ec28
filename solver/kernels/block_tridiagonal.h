/* SPDX-License-Identifier: BSD-2-Clause
   block_tridiagonal.h: the twisted (two-sided) block Cholesky factorisation of a symmetric positive definite block
   tridiagonal matrix, kept up to date block by block, and its solve (issue 16: the interface system of the
   substructured Cholesky, whose drive stages change only a few blocks).

   A has m blocks; block i has n[i] rows; D_i = A[i,i] (n_i x n_i) and E_i = A[i,i+1] (n_i x n_{i+1}, i < m - 1), both
   dense and row-major, block i's D_i then E_i stored one after the other from off[i] (off[m]: the total). The left
   sweep P_0 = D_0, P_i = D_i - E_{i-1}^T P_{i-1}^-1 E_{i-1} is valid for i < left, the right sweep
   Q_{m-1} = D_{m-1}, Q_i = D_i - E_i Q_{i+1}^-1 E_i^T for i >= right; the twist t has the middle block
   M_t = D_t - E_{t-1}^T P_{t-1}^-1 E_{t-1} - E_t Q_{t+1}^-1 E_t^T. Lower Cholesky factors of P_i, Q_i (at sq_off[i],
   n_i^2 each) and M_t are kept. A change of blocks a..b (D_i and E_i) leaves P_i valid for i < a and Q_i for i > b,
   so a new factorisation redoes only the blocks between the sweeps' ends and the twist.

   Pure functions over arrays the caller owns (no allocation, no PETSc); a status: 0, or 1 + the block whose pivot was
   not positive. Only the lower triangle of D_i is read. */
#pragma once
#include <math.h>
#include <stddef.h>

typedef struct {
  int              m;                  /* blocks */
  const int       *n;                  /* [m] rows of each block */
  const ptrdiff_t *off;                /* [m + 1] of D_i (E_i follows at off[i] + n_i^2) in A */
  const ptrdiff_t *sq_off;             /* [m + 1] of block i in LP and LQ (n_i^2 each) */
  const ptrdiff_t *vec_off;            /* [m + 1] of block i in a vector */
  int              n_max;              /* largest n_i */
  const double    *A;                  /* [off[m]] the blocks (not owned) */
  double          *LP, *LQ;            /* [sq_off[m]] factors of P_i and Q_i */
  double          *LM;                 /* [n_max^2] factor of M_twist */
  double          *work;               /* [n_max^2] */
  int              left, right, twist; /* P_i valid for i < left, Q_i for i >= right; twist: of LM, -1 if none */
  int              changed_last;       /* the last block changed since the last factorisation; -1: none */
} DioBlockTridiagonal;

/* A = L L^T in place (rows 0..n-1, row-major, lower triangle read and written). Returns 0 or 1 + the failed row. */
static inline int dio_dense_cholesky(int n, double *restrict a)
{
  for (int i = 0; i < n; i++) {
    double *restrict ri = a + (ptrdiff_t)i * n;
    for (int j = 0; j <= i; j++) {
      const double *restrict rj = a + (ptrdiff_t)j * n;
      double s                  = ri[j];
      for (int k = 0; k < j; k++) s -= ri[k] * rj[k];
      if (j < i)
        ri[j] = s / rj[j];
      else {
        if (!(s > 0)) return 1 + i;
        ri[i] = sqrt(s);
      }
    }
  }
  return 0;
}

/* X := L^-1 X: L lower n x n (row-major), X n x p (row-major). */
static inline void dio_dense_lower_solve(int n, const double *restrict l, int p, double *restrict x)
{
  for (int r = 0; r < n; r++) {
    const double *restrict lr = l + (ptrdiff_t)r * n;
    double *restrict xr       = x + (ptrdiff_t)r * p;
    for (int c = 0; c < r; c++) {
      const double f            = lr[c];
      const double *restrict xc = x + (ptrdiff_t)c * p;
      for (int j = 0; j < p; j++) xr[j] -= f * xc[j];
    }
    for (int j = 0; j < p; j++) xr[j] /= lr[r];
  }
}

/* x := L^-T x for one vector (L as above). */
static inline void dio_dense_lower_transpose_solve(int n, const double *restrict l, double *restrict x)
{
  for (int r = n - 1; r >= 0; r--) {
    const double *restrict lr = l + (ptrdiff_t)r * n;
    x[r] /= lr[r];
    for (int c = 0; c < r; c++) x[c] -= lr[c] * x[r];
  }
}

/* x := (L L^T)^-1 x. */
static inline void dio_dense_cholesky_solve(int n, const double *restrict l, double *restrict x)
{
  dio_dense_lower_solve(n, l, 1, x);
  dio_dense_lower_transpose_solve(n, l, x);
}

/* The lower triangle of C (p x p) -= X^T X, X n x p (row-major). */
static inline void dio_dense_subtract_gram(int n, int p, const double *restrict x, double *restrict c)
{
  for (int r = 0; r < n; r++) {
    const double *restrict xr = x + (ptrdiff_t)r * p;
    for (int a = 0; a < p; a++) {
      const double f      = xr[a];
      double *restrict ca = c + (ptrdiff_t)a * p;
      for (int b = 0; b <= a; b++) ca[b] -= f * xr[b];
    }
  }
}

/* y -= E x (E rows x cols, row-major). */
static inline void dio_dense_subtract_product(int rows, int cols, const double *restrict e, const double *restrict x,
                                              double *restrict y)
{
  for (int r = 0; r < rows; r++) {
    const double *restrict er = e + (ptrdiff_t)r * cols;
    double s                  = 0;
    for (int c = 0; c < cols; c++) s += er[c] * x[c];
    y[r] -= s;
  }
}

/* y -= E^T x (E rows x cols, row-major; x of rows, y of cols). */
static inline void dio_dense_subtract_transpose_product(int rows, int cols, const double *restrict e,
                                                        const double *restrict x, double *restrict y)
{
  for (int r = 0; r < rows; r++) {
    const double *restrict er = e + (ptrdiff_t)r * cols;
    for (int c = 0; c < cols; c++) y[c] -= er[c] * x[r];
  }
}

static inline const double *dio_btd_diagonal(const DioBlockTridiagonal *f, int i)
{
  return f->A + f->off[i];
}
static inline const double *dio_btd_coupling(const DioBlockTridiagonal *f, int i)
{
  return f->A + f->off[i] + (ptrdiff_t)f->n[i] * f->n[i];
}

/* out (lower triangle, n_i x n_i) := D_i. */
static inline void dio_btd_copy_diagonal(const DioBlockTridiagonal *f, int i, double *restrict out)
{
  const int n              = f->n[i];
  const double *restrict d = dio_btd_diagonal(f, i);
  for (ptrdiff_t k = 0; k < (ptrdiff_t)n * n; k++) out[k] = d[k];
}

/* out -= E_{i-1}^T P_{i-1}^-1 E_{i-1} (lower triangle), i > 0, P_{i-1} valid. */
static inline void dio_btd_subtract_left(DioBlockTridiagonal *f, int i, double *restrict out)
{
  const int n = f->n[i - 1], p = f->n[i];
  const double *restrict e = dio_btd_coupling(f, i - 1);
  for (ptrdiff_t k = 0; k < (ptrdiff_t)n * p; k++) f->work[k] = e[k];
  dio_dense_lower_solve(n, f->LP + f->sq_off[i - 1], p, f->work);
  dio_dense_subtract_gram(n, p, f->work, out);
}

/* out -= E_i Q_{i+1}^-1 E_i^T (lower triangle), i < m - 1, Q_{i+1} valid. */
static inline void dio_btd_subtract_right(DioBlockTridiagonal *f, int i, double *restrict out)
{
  const int p = f->n[i], n = f->n[i + 1];
  const double *restrict e = dio_btd_coupling(f, i); /* p x n: work := E_i^T, n x p */
  for (int r = 0; r < p; r++)
    for (int c = 0; c < n; c++) f->work[(ptrdiff_t)c * p + r] = e[(ptrdiff_t)r * n + c];
  dio_dense_lower_solve(n, f->LQ + f->sq_off[i + 1], p, f->work);
  dio_dense_subtract_gram(n, p, f->work, out);
}

/* No factor valid (before the first factorisation). */
static inline void dio_btd_reset(DioBlockTridiagonal *f)
{
  f->left         = 0;
  f->right        = f->m;
  f->twist        = -1;
  f->changed_last = -1;
}

/* Blocks first..last (their D_i and E_i) changed: the sweeps are valid only outside them. */
static inline void dio_btd_changed(DioBlockTridiagonal *f, int first, int last)
{
  if (first < f->left) f->left = first;
  if (last + 1 > f->right) f->right = last + 1;
  if (last > f->changed_last) f->changed_last = last;
  f->twist = -1;
}

/* A twist that needs the fewest blocks factored now: where the sweeps overlap, the last twist if it is still valid, a
   twist between them otherwise; where they leave a gap every twist in it costs the same now, and the next change
   costs the blocks between it and the twist: the last block changed (a drive moves to larger x, and a stage changes
   the blocks just beyond the last stage's). */
static inline int dio_btd_choose_twist(const DioBlockTridiagonal *f)
{
  int lo = f->right - 1, hi = f->left;
  if (lo < 0) lo = 0;
  if (hi > f->m - 1) hi = f->m - 1;
  if (lo <= hi) return (f->twist >= lo && f->twist <= hi) ? f->twist : hi;
  if (f->changed_last < f->left) return f->left;
  if (f->changed_last > f->right - 1) return f->right - 1;
  return f->changed_last;
}

/* The sweeps extended to meet at twist (0 <= twist < m) and M_twist factored; *factored: blocks factored. */
static inline int dio_btd_factor(DioBlockTridiagonal *f, int twist, int *factored)
{
  *factored = 0;
  for (int i = f->left; i < twist; i++) {
    double *lp = f->LP + f->sq_off[i];
    dio_btd_copy_diagonal(f, i, lp);
    if (i > 0) dio_btd_subtract_left(f, i, lp);
    if (dio_dense_cholesky(f->n[i], lp)) return 1 + i;
    f->left = i + 1;
    (*factored)++;
  }
  for (int i = f->right - 1; i > twist; i--) {
    double *lq = f->LQ + f->sq_off[i];
    dio_btd_copy_diagonal(f, i, lq);
    if (i < f->m - 1) dio_btd_subtract_right(f, i, lq);
    if (dio_dense_cholesky(f->n[i], lq)) return 1 + i;
    f->right = i;
    (*factored)++;
  }
  if (f->twist != twist) {
    f->twist = -1;
    dio_btd_copy_diagonal(f, twist, f->LM);
    if (twist > 0) dio_btd_subtract_left(f, twist, f->LM);
    if (twist < f->m - 1) dio_btd_subtract_right(f, twist, f->LM);
    if (dio_dense_cholesky(f->n[twist], f->LM)) return 1 + twist;
    f->twist = twist;
    (*factored)++;
  }
  f->changed_last = -1;
  return 0;
}

/* x := A^-1 x with the factors of twist f->twist (>= 0); w: [vec_off[m] + n_max] work. */
static inline void dio_btd_solve(const DioBlockTridiagonal *f, double *restrict x, double *restrict w)
{
  const int        t = f->twist, m = f->m;
  const ptrdiff_t *v   = f->vec_off;
  double *restrict tmp = w + v[m];

  /* eliminate towards the twist: w_i = P_i^-1 y_i (left), Q_i^-1 z_i (right), y and z kept in x */
  for (int i = 0; i < t; i++) {
    if (i > 0)
      dio_dense_subtract_transpose_product(f->n[i - 1], f->n[i], dio_btd_coupling(f, i - 1), w + v[i - 1], x + v[i]);
    for (int k = 0; k < f->n[i]; k++) w[v[i] + k] = x[v[i] + k];
    dio_dense_cholesky_solve(f->n[i], f->LP + f->sq_off[i], w + v[i]);
  }
  for (int i = m - 1; i > t; i--) {
    if (i < m - 1) dio_dense_subtract_product(f->n[i], f->n[i + 1], dio_btd_coupling(f, i), w + v[i + 1], x + v[i]);
    for (int k = 0; k < f->n[i]; k++) w[v[i] + k] = x[v[i] + k];
    dio_dense_cholesky_solve(f->n[i], f->LQ + f->sq_off[i], w + v[i]);
  }
  if (t > 0)
    dio_dense_subtract_transpose_product(f->n[t - 1], f->n[t], dio_btd_coupling(f, t - 1), w + v[t - 1], x + v[t]);
  if (t < m - 1) dio_dense_subtract_product(f->n[t], f->n[t + 1], dio_btd_coupling(f, t), w + v[t + 1], x + v[t]);
  dio_dense_cholesky_solve(f->n[t], f->LM, x + v[t]);
  /* back out: u_i = w_i - P_i^-1 E_i u_{i+1} (left), w_i - Q_i^-1 E_{i-1}^T u_{i-1} (right) */
  for (int i = t - 1; i >= 0; i--) {
    for (int k = 0; k < f->n[i]; k++) tmp[k] = 0;
    dio_dense_subtract_product(f->n[i], f->n[i + 1], dio_btd_coupling(f, i), x + v[i + 1], tmp);
    dio_dense_cholesky_solve(f->n[i], f->LP + f->sq_off[i], tmp);
    for (int k = 0; k < f->n[i]; k++) x[v[i] + k] = w[v[i] + k] + tmp[k];
  }
  for (int i = t + 1; i < m; i++) {
    for (int k = 0; k < f->n[i]; k++) tmp[k] = 0;
    dio_dense_subtract_transpose_product(f->n[i - 1], f->n[i], dio_btd_coupling(f, i - 1), x + v[i - 1], tmp);
    dio_dense_cholesky_solve(f->n[i], f->LQ + f->sq_off[i], tmp);
    for (int k = 0; k < f->n[i]; k++) x[v[i] + k] = w[v[i] + k] + tmp[k];
  }
}
