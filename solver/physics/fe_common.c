/* SPDX-License-Identifier: BSD-2-Clause
   fe_common.c: shared by the elasticity and heat discretisations (see fe_common.h). */
#include <petscsf.h>
#include "fe_common.h"

PetscErrorCode DioPointCentroid_Internal(DM dm, PetscInt p, PetscSection coord_section, const PetscScalar coords[], PetscInt dim, PetscReal X[])
{
  PetscInt *closure = NULL, closure_size, count = 0, vStart, vEnd;

  PetscFunctionBegin;
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  for (PetscInt d = 0; d < dim; d++) X[d] = 0;
  PetscCall(DMPlexGetTransitiveClosure(dm, p, PETSC_TRUE, &closure_size, &closure));
  for (PetscInt i = 0; i < closure_size; i++) {
    const PetscInt q = closure[2 * i];
    PetscInt       off;
    if (q < vStart || q >= vEnd) continue;
    PetscCall(PetscSectionGetOffset(coord_section, q, &off));
    for (PetscInt d = 0; d < dim; d++) X[d] += PetscRealPart(coords[off + d]);
    count++;
  }
  PetscCall(DMPlexRestoreTransitiveClosure(dm, p, PETSC_TRUE, &closure_size, &closure));
  for (PetscInt d = 0; d < dim; d++) X[d] /= count;
  PetscFunctionReturn(0);
}

void DioFaceNodeCentroid_Internal(PetscInt dim, PetscInt order, const PetscReal x[], PetscInt face, PetscReal X[])
{
  const PetscInt n1 = order + 1, nn = dim == 2 ? n1 * n1 : n1 * n1 * n1, dir = face / 2, idx = (face % 2) ? n1 - 1 : 0;
  PetscInt       count = 0;
  for (PetscInt d = 0; d < dim; d++) X[d] = 0;
  for (PetscInt a = 0; a < nn; a++) {
    const PetscInt ijk[3] = {a % n1, (a / n1) % n1, a / (n1 * n1)};
    if (ijk[dir] != idx) continue;
    for (PetscInt d = 0; d < dim; d++) X[d] += x[a * dim + d];
    count++;
  }
  for (PetscInt d = 0; d < dim; d++) X[d] /= count;
}

PetscInt DioReferenceFaceOf_Internal(PetscInt dim, PetscInt order, const PetscReal x[], const PetscReal centroid[])
{
  PetscInt  best      = -1;
  PetscReal best_dist = PETSC_MAX_REAL;
  for (PetscInt face = 0; face < 2 * dim; face++) {
    PetscReal X[3], dist = 0;
    DioFaceNodeCentroid_Internal(dim, order, x, face, X);
    for (PetscInt d = 0; d < dim; d++) dist += PetscSqr(X[d] - centroid[d]);
    if (dist < best_dist) {
      best_dist = dist;
      best      = face;
    }
  }
  return best;
}

/* The section SF maps every local dof (leaf) to its owner's entry in the global vector (root). */
PetscErrorCode DioSyncLocalDofs_Internal(DM dm, PetscInt values[], MPI_Op op)
{
  PetscSection global_section;
  PetscSF      sf;
  PetscInt     owned_size, *owned;

  PetscFunctionBegin;
  PetscCall(DMGetSectionSF(dm, &sf));
  PetscCall(DMGetGlobalSection(dm, &global_section));
  PetscCall(PetscSectionGetConstrainedStorageSize(global_section, &owned_size));
  PetscCall(PetscCalloc1(owned_size, &owned));
  PetscCall(PetscSFReduceBegin(sf, MPIU_INT, values, owned, op));
  PetscCall(PetscSFReduceEnd(sf, MPIU_INT, values, owned, op));
  PetscCall(PetscSFBcastBegin(sf, MPIU_INT, owned, values, MPI_REPLACE));
  PetscCall(PetscSFBcastEnd(sf, MPIU_INT, owned, values, MPI_REPLACE));
  PetscCall(PetscFree(owned));
  PetscFunctionReturn(0);
}
