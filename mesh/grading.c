/* SPDX-License-Identifier: BSD-2-Clause
   grading.c: cell sizes that grow geometrically away from the finely meshed band. */
#include "mesh_impl.h"

/* Total length of n cells h_k = min(size_start * ratio^k, size_max), k = 1..n. */
static PetscReal GradedLength(PetscInt n, PetscReal size_start, PetscReal size_max, PetscReal ratio)
{
  PetscReal sum = 0, h = size_start;

  for (PetscInt k = 0; k < n; k++) {
    h *= ratio;
    sum += PetscMin(h, size_max);
  }
  return sum;
}

/*@
  DioMeshGradedSizes_Internal - Sizes of cells that fill length, growing away from a region of cells of size_start:
  h_k = min(size_start * r^k, size_max) for k = 1..n, rescaled to sum to length exactly.

  Not collective; deterministic, so every rank computes the same sizes.

  Input: length (m, > 0), size_start (m, the neighbouring fine cell), size_max (m, >= size_start), ratio_max (> 1).
  Output: num_cells, the fewest for which r = ratio_max covers length; sizes[num_cells], sizes[0] next to the fine
  region (free with PetscFree()). r in [1, ratio_max] comes from bisection, so neighbouring cells never differ by more
  than ratio_max; when even r = 1 overshoots, the cells are uniform and no larger than size_start.
@*/
PetscErrorCode DioMeshGradedSizes_Internal(PetscReal length, PetscReal size_start, PetscReal size_max,
                                           PetscReal ratio_max, PetscInt *num_cells, PetscReal *sizes[])
{
  PetscInt  n   = 0;
  PetscReal sum = 0, h = size_start, lo = 1, hi = ratio_max, total = 0;

  PetscFunctionBegin;
  PetscCheck(length > 0 && size_start > 0 && size_max >= size_start && ratio_max > 1, PETSC_COMM_SELF,
             PETSC_ERR_ARG_OUTOFRANGE, "grading: length %g, sizes %g..%g, ratio %g", (double)length, (double)size_start,
             (double)size_max, (double)ratio_max);
  while (sum < length) {
    h *= ratio_max;
    sum += PetscMin(h, size_max);
    n++;
  }
  PetscCall(PetscMalloc1(n, sizes));
  if (n * size_start >= length) {
    for (PetscInt k = 0; k < n; k++) (*sizes)[k] = length / n;
    *num_cells = n;
    PetscFunctionReturn(0);
  }
  /* GradedLength is nondecreasing in the ratio: GradedLength(lo) < length <= GradedLength(hi) */
  for (PetscInt it = 0; it < 100 && hi - lo > 1e-14; it++) {
    const PetscReal mid = 0.5 * (lo + hi);

    if (GradedLength(n, size_start, size_max, mid) < length) lo = mid;
    else hi = mid;
  }
  h = size_start;
  for (PetscInt k = 0; k < n; k++) {
    h *= hi;
    (*sizes)[k] = PetscMin(h, size_max);
    total += (*sizes)[k];
  }
  for (PetscInt k = 0; k < n; k++) (*sizes)[k] *= length / total;
  *num_cells = n;
  PetscFunctionReturn(0);
}
