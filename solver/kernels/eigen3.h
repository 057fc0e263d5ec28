/* SPDX-License-Identifier: BSD-2-Clause
   eigen3.h: eigenvalues and orthonormal eigenvectors of a symmetric 3x3 matrix by cyclic Jacobi rotations. Pure
   header-only function (see STYLE.md 2.7).

   Why Jacobi rather than the closed-form (trigonometric) cubic solution: Jacobi is backward stable (V diag(w) V^T
   reproduces A to a few ulps of |A|), it always returns an orthonormal basis, also for repeated eigenvalues, where the
   closed form loses half the digits of the vectors, and on a 3x3 matrix it converges quadratically in 3-6 sweeps. */
#pragma once
#include <math.h>
#include "dio_kernel_types.h"

/* Eigen-decomposition of the symmetric matrix given in Voigt order a6[6] = (xx, yy, zz, xy, yz, xz):
   eigenvalues[3] sorted in descending order, vectors[3][3] with vectors[k][i] = component i of the unit eigenvector
   of eigenvalue k (row k, so &vectors[3 * k] is eigenvector k); A = sum_k w_k v_k v_k^T.
   Returns DIO_KERNEL_BAD_ARGUMENT for a non-finite entry, DIO_KERNEL_OK otherwise. */
static inline int dio_eig3_sym(const double *restrict a6, double *restrict eigenvalues, double *restrict vectors)
{
  double a[3][3] = {{a6[0], a6[3], a6[5]}, {a6[3], a6[1], a6[4]}, {a6[5], a6[4], a6[2]}};
  double v[3][3] = {{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}, {0.0, 0.0, 1.0}}; /* v[i][k]: component i of vector k */
  double norm    = 0.0;

  for (int i = 0; i < 3; i++) {
    for (int j = 0; j < 3; j++) norm += a[i][j] * a[i][j];
  }
  if (!isfinite(norm)) return DIO_KERNEL_BAD_ARGUMENT;
  norm = sqrt(norm);
  /* Each rotation zeroes one off-diagonal entry; an entry below 1e-18 |A| (far below the ulp of the largest
     eigenvalue) is set to zero, so the sweeps end with an exactly diagonal matrix. 50 sweeps is a guard that a finite
     input never reaches. */
  for (int sweep = 0; sweep < 50; sweep++) {
    if (a[0][1] == 0.0 && a[0][2] == 0.0 && a[1][2] == 0.0) break;
    for (int pq = 0; pq < 3; pq++) {
      const int p = pq == 2 ? 1 : 0, q = pq == 0 ? 1 : 2;
      if (fabs(a[p][q]) <= 1e-18 * norm) {
        a[p][q] = a[q][p] = 0.0;
        continue;
      }
      /* tan of the rotation angle, the smaller root of t^2 + 2 theta t - 1 = 0 (Golub & Van Loan 8.5.2) */
      const double theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
      const double t     = (theta >= 0.0 ? 1.0 : -1.0) / (fabs(theta) + hypot(theta, 1.0));
      const double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
      const int    r   = 3 - p - q;
      const double arp = a[r][p], arq = a[r][q];
      a[p][p] -= t * a[p][q];
      a[q][q] += t * a[p][q];
      a[p][q] = a[q][p] = 0.0;
      a[r][p] = a[p][r] = c * arp - s * arq;
      a[r][q] = a[q][r] = s * arp + c * arq;
      for (int i = 0; i < 3; i++) {
        const double vip = v[i][p], viq = v[i][q];
        v[i][p] = c * vip - s * viq;
        v[i][q] = s * vip + c * viq;
      }
    }
  }
  int order[3] = {0, 1, 2};
  for (int i = 0; i < 2; i++) {
    for (int j = 0; j < 2 - i; j++) {
      if (a[order[j]][order[j]] < a[order[j + 1]][order[j + 1]]) {
        const int tmp = order[j];
        order[j]      = order[j + 1];
        order[j + 1]  = tmp;
      }
    }
  }
  for (int k = 0; k < 3; k++) {
    eigenvalues[k] = a[order[k]][order[k]];
    for (int i = 0; i < 3; i++) vectors[3 * k + i] = v[i][order[k]];
  }
  return DIO_KERNEL_OK;
}
