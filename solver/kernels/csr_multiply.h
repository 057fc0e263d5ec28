/* SPDX-License-Identifier: BSD-2-Clause
   csr_multiply.h: y = A x and y = w + A x for a matrix in compressed sparse rows (PETSc's AIJ arrays: row starts ai,
   column indices aj, values aa), with a fast path for matrices made of dense bs x bs blocks (bs = 2, 3).

   Blocked layout (what dio_csr_is_blocked() checks): the rows come in groups of bs (rows bs k .. bs k + bs - 1) with
   the same column pattern, and every row's columns come in runs c, c + 1, ..., c + bs - 1 with c a multiple of bs.
   The stiffness of the elasticity has this layout (block size dim, dense dim x dim blocks; elasticity_matrix.c). The
   blocked kernels read the values from the AIJ arrays (which GAMG needs) but the columns from a block index made
   once per pattern (dio_csr_block_columns(): the first column of each block, block row starts bi), like PETSc's
   BAIJ: per nonzero 8 bytes of value + 4 / bs^2 of index instead of 8 + 4. Reading AIJ's own indices instead, one
   row in bs, moves nearly all of them anyway: the hardware prefetcher streams through the skipped runs (measured on
   DB3 n = 64: reading only the first row's runs took 82 % of the time of reading every index, 2.2x the time of the
   same runs stored contiguously), so the kernels moved about AIJ's 12 bytes per nonzero; the block index costs
   4 / bs^2 bytes per nonzero of memory (3.7 % of the AIJ matrix in 3D, 8 % in 2D) and took 14-21 % off the multiply
   (standalone on the dumped matrices; benchmarks/README.md, observation 5). The blocked kernels add in another order than PETSc's row loop
   (vectorised partial sums), so y equals PETSc's MatMult to rounding, not bit for bit.

   Pure functions over arrays (no PETSc, no allocation); a range of rows [k0, k1) (block rows for the blocked
   kernels), so a caller may split the rows among threads. On x86-64 with GCC or Clang each kernel is also compiled
   for x86-64-v3 (AVX2, FMA) and picked at load time (function multiversioning), with a generic fallback: the binary
   stays portable, no -march. */
#pragma once
#include <stddef.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(DIO_NO_MULTIVERSIONING)
  #define DIO_CSR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
  #define DIO_CSR_CLONES
#endif
#if defined(__GNUC__)
  #define DIO_CSR_PREFETCH(p) __builtin_prefetch(p)
#else
  #define DIO_CSR_PREFETCH(p) ((void)0)
#endif

/* 1 if the rows [0, m) of (ai, aj) have the blocked layout above for block size bs (m a multiple of bs), else 0. */
static inline int dio_csr_is_blocked(int m, int bs, const int *ai, const int *aj)
{
  if (bs < 2 || m % bs) return 0;
  for (int r0 = 0; r0 < m; r0 += bs) {
    const int len = ai[r0 + 1] - ai[r0];
    const int *c0 = &aj[ai[r0]];
    if (len % bs) return 0;
    for (int p = 0; p < len; p += bs) {
      if (c0[p] % bs) return 0;
      for (int t = 1; t < bs; t++) if (c0[p + t] != c0[p] + t) return 0;
    }
    for (int t = 1; t < bs; t++) {
      const int *ct = &aj[ai[r0 + t]];
      if (ai[r0 + t + 1] - ai[r0 + t] != len) return 0;
      for (int p = 0; p < len; p++) if (ct[p] != c0[p]) return 0;
    }
  }
  return 1;
}

/* The block index of a blocked matrix with m rows (m a multiple of bs): bi[k] .. bi[k + 1] - 1 are the blocks of block
   row k (bi has m / bs + 1 entries) and bj[b] the first column of block b (a multiple of bs). bj == NULL: only bi is
   filled, bi[m / bs] is the number of blocks (the length bj needs). */
static inline void dio_csr_block_columns(int m, int bs, const int *ai, const int *aj, int *bi, int *bj)
{
  bi[0] = 0;
  for (int k = 0; k < m / bs; k++) {
    const int nb = (ai[bs * k + 1] - ai[bs * k]) / bs;
    if (bj)
      for (int b = 0; b < nb; b++) bj[bi[k] + b] = aj[ai[bs * k] + bs * b];
    bi[k + 1] = bi[k] + nb;
  }
}

/* y[r] = (w ? w[r] : 0) + sum_p aa[p] x[aj[p]] for the rows r in [r0, r1): any CSR matrix. */
DIO_CSR_CLONES static void dio_csr_multiply(int r0, int r1, const int *restrict ai, const int *restrict aj, const double *restrict aa, const double *restrict x, const double *w, double *y)
{
  for (int r = r0; r < r1; r++) {
    double s = w ? w[r] : 0.0;
    for (int p = ai[r]; p < ai[r + 1]; p++) s += aa[p] * x[aj[p]];
    y[r] = s;
  }
}

/* The same for the block rows [k0, k1) of a blocked matrix with bs = 2 (w may be y, or NULL), its block index bi, bj
   (dio_csr_block_columns()): as bs = 3 below, but the values are prefetched eight block rows ahead (a 2D Q1 block
   row is only 36 values, 288 bytes, so the prefetch must run about 2 KB ahead: on DB1 n = 1024 one row ahead gained
   nothing, two rows 3-5 %, eight rows another 6-8 %). */
#define DIO_CSR_STRETCH 384 /* a multiple of 2 and 3 */
#define DIO_CSR_AHEAD_B2 8
DIO_CSR_CLONES static void dio_csr_multiply_b2(int k0, int k1, const int *restrict ai, const int *restrict bi, const int *restrict bj,
                                                  const double *restrict aa, const double *restrict x, const double *w, double *y)
{
  double    xb[DIO_CSR_STRETCH];
  const int end = ai[2 * k1];
  for (int k = k0; k < k1; k++) {
    const int r = 2 * k, len = ai[r + 1] - ai[r];
    const int next = ai[k + DIO_CSR_AHEAD_B2 < k1 ? r + 2 * DIO_CSR_AHEAD_B2 : r + 2];
    double    s0 = 0.0, s1 = 0.0;
    for (int q = 0; q < len; q += DIO_CSR_STRETCH) {
      const int     n  = len - q < DIO_CSR_STRETCH ? len - q : DIO_CSR_STRETCH;
      const int    *c  = &bj[bi[k] + q / 2];
      const double *a0 = &aa[ai[r] + q], *a1 = &aa[ai[r + 1] + q];
      for (int p = 0, b = 0; p < n; p += 2, b++) {
        const double *xc = &x[c[b]];
        if (next + 2 * (p + q) + 8 < end) {
          DIO_CSR_PREFETCH(&aa[next + 2 * (p + q)]);
          DIO_CSR_PREFETCH(&aa[next + 2 * (p + q) + 8]);
        }
        xb[p]     = xc[0];
        xb[p + 1] = xc[1];
      }
      #pragma omp simd reduction(+ : s0, s1)
      for (int p = 0; p < n; p++) {
        s0 += a0[p] * xb[p];
        s1 += a1[p] * xb[p];
      }
    }
    if (w) {
      s0 += w[r];
      s1 += w[r + 1];
    }
    y[r]     = s0;
    y[r + 1] = s1;
  }
}

/* The same with bs = 3: the x values of each stretch of at most DIO_CSR_STRETCH columns are copied (one index per
   block) into a contiguous buffer, then the three rows are dot products with it, vectorised (omp simd: partial sums
   per lane, another order of the additions than PETSc's, rounding only). While it gathers, it prefetches the values of
   the next block row (they follow in aa; two cache lines per block, so the whole next block row when it is not longer
   than this one): on the benchmark's matrices (3D Q2, out of cache) 8-12 % less time than leaving the stream to the
   hardware prefetcher (benchmarks/README.md, observation 5). The prefetch addresses stay below ai[3 k1]. */
DIO_CSR_CLONES static void dio_csr_multiply_b3(int k0, int k1, const int *restrict ai, const int *restrict bi, const int *restrict bj,
                                                  const double *restrict aa, const double *restrict x, const double *w, double *y)
{
  double    xb[DIO_CSR_STRETCH];
  const int end = ai[3 * k1];
  for (int k = k0; k < k1; k++) {
    const int r = 3 * k, len = ai[r + 1] - ai[r], next = ai[r + 3];
    double    s0 = 0.0, s1 = 0.0, s2 = 0.0;
    for (int q = 0; q < len; q += DIO_CSR_STRETCH) {
      const int     n  = len - q < DIO_CSR_STRETCH ? len - q : DIO_CSR_STRETCH;
      const int    *c  = &bj[bi[k] + q / 3];
      const double *a0 = &aa[ai[r] + q], *a1 = &aa[ai[r + 1] + q], *a2 = &aa[ai[r + 2] + q];
      for (int p = 0, b = 0; p < n; p += 3, b++) {
        const double *xc = &x[c[b]];
        if (next + 3 * (p + q) + 8 < end) {
          DIO_CSR_PREFETCH(&aa[next + 3 * (p + q)]);
          DIO_CSR_PREFETCH(&aa[next + 3 * (p + q) + 8]);
        }
        xb[p]     = xc[0];
        xb[p + 1] = xc[1];
        xb[p + 2] = xc[2];
      }
      #pragma omp simd reduction(+ : s0, s1, s2)
      for (int p = 0; p < n; p++) {
        s0 += a0[p] * xb[p];
        s1 += a1[p] * xb[p];
        s2 += a2[p] * xb[p];
      }
    }
    if (w) {
      s0 += w[r];
      s1 += w[r + 1];
      s2 += w[r + 2];
    }
    y[r]     = s0;
    y[r + 1] = s1;
    y[r + 2] = s2;
  }
}
