/* SPDX-License-Identifier: BSD-2-Clause
   prescribed_displacement.c: non-zero Dirichlet values (a wall displacement, a far field) on top of the elimination
   that elasticity_assembly.c does for zero conditions.

   A prescribed dof is marked in local_constrained (bit DIO_DOF_PRESCRIBED, beside the boundary conditions' bit), so
   the COO pattern drops its off-diagonal entries like any constrained dof and the matrix stays symmetric. Its value
   g enters by lifting: a free row r gets F_r -= sum_s K_rs g_s, the prescribed row F_r = K_rr g_r, where K_rr is
   the sum of the element diagonals that the matrix holds. Both sums are taken element by element over the active
   cells and added up through the local-to-global map, so they match the assembled matrix on any number of ranks. */
#include "elasticity_impl.h"
#include "fe_common.h"

static PetscErrorCode MarkPrescribed(DioElasticity e, PetscInt n, const PetscInt points[], DioVectorFieldFn value, void *ctx, PetscBool replace);

/*
  DioElasticitySetPrescribedDisplacement - prescribe u = value(X) at every node in the closure of the mesh points
  points[0..n) (vertices, edges, faces: e.g. the faces of a bore wall or of an outer boundary). Replaces the previous
  set; n = 0 clears it. The value is the displacement of the next solves, relative to the initial state (the solve's
  unknown); the load factor does not scale it. The linear solve lifts it into the load; the elastoplastic one puts
  it into its unknown, in step with the load increments (plasticity.c). A prescribed value overrides a roller or fixed condition on the same
  dof; a dof that no active cell holds stays pinned at zero. Collective (every rank calls, with its own points).

  Input: points[] are local DMPlex points of the mesh given to DioElasticityCreate(); value(dim, X, u, ctx) gives
  u[dim] (m) at the node position X; it is called on every rank that holds the node, so it must be a pure function
  of X.
*/
PetscErrorCode DioElasticitySetPrescribedDisplacement(DioElasticity e, PetscInt n, const PetscInt points[], DioVectorFieldFn value, void *ctx)
{
  PetscFunctionBegin;
  PetscCall(MarkPrescribed(e, n, points, value, ctx, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* DioElasticitySetPrescribedDisplacement() that keeps the dofs prescribed before (their values too, unless a node of
   points[] holds them: then value(X) wins). Collective. */
PetscErrorCode DioElasticityAddPrescribedDisplacement(DioElasticity e, PetscInt n, const PetscInt points[], DioVectorFieldFn value, void *ctx)
{
  PetscFunctionBegin;
  PetscCall(MarkPrescribed(e, n, points, value, ctx, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/* Flag and set the nodes in the closure of points[], clearing the earlier set first when `replace`. */
static PetscErrorCode MarkPrescribed(DioElasticity e, PetscInt n, const PetscInt points[], DioVectorFieldFn value, void *ctx, PetscBool replace)
{
  PetscSection       section;
  Vec                coords_local;
  const PetscScalar *X;
  PetscInt           local_size, dim = e->dim, *flag;

  PetscFunctionBegin;
  PetscCheck(e->setup, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_ORDER, "call DioElasticitySetUp() first");
  PetscCheck(n == 0 || value != NULL, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "prescribed displacement: no value function");
  PetscCall(DMGetLocalSection(e->dm_u, &section));
  PetscCall(PetscSectionGetStorageSize(section, &local_size));
  if (e->prescribed_value == NULL) PetscCall(PetscCalloc1(local_size, &e->prescribed_value));
  PetscCall(PetscCalloc1(local_size, &flag));
  for (PetscInt k = 0; k < n; k++) {
    PetscInt *closure = NULL, closure_size;
    PetscCall(DMPlexGetTransitiveClosure(e->dm, points[k], PETSC_TRUE, &closure_size, &closure));
    for (PetscInt i = 0; i < closure_size; i++) {
      PetscInt dof, off;
      PetscCall(PetscSectionGetDof(section, closure[2 * i], &dof));
      if (!dof) continue;
      PetscCall(PetscSectionGetOffset(section, closure[2 * i], &off));
      for (PetscInt d = 0; d < dim; d++) flag[off + d] = 1;
    }
    PetscCall(DMPlexRestoreTransitiveClosure(e->dm, points[k], PETSC_TRUE, &closure_size, &closure));
  }
  /* a node on a partition boundary is prescribed on every rank that holds it */
  PetscCall(DioSyncLocalDofs_Internal(e->dm_u, flag, MPI_MAX));
  PetscCall(DMGetLocalVector(e->dm_u, &coords_local));
  PetscCall(DMGlobalToLocal(e->dm_u, e->node_coords, INSERT_VALUES, coords_local));
  PetscCall(VecGetArrayRead(coords_local, &X));
  if (replace) e->num_prescribed = 0;
  for (PetscInt i = 0; i < local_size; i += dim) {
    PetscReal x[3], u[3] = {0, 0, 0};
    if (replace)
      for (PetscInt d = 0; d < dim; d++) e->local_constrained[i + d] &= ~DIO_DOF_PRESCRIBED;
    if (!flag[i]) continue;
    if (e->local_constrained[i] & DIO_DOF_PRESCRIBED) e->num_prescribed -= dim; /* counted again below */
    for (PetscInt d = 0; d < dim; d++) x[d] = PetscRealPart(X[i + d]);
    value(dim, x, u, ctx);
    for (PetscInt d = 0; d < dim; d++) {
      e->local_constrained[i + d] |= DIO_DOF_PRESCRIBED;
      e->prescribed_value[i + d] = u[d];
    }
    e->num_prescribed += dim;
  }
  PetscCall(VecRestoreArrayRead(coords_local, &X));
  PetscCall(DMRestoreLocalVector(e->dm_u, &coords_local));
  PetscCall(PetscFree(flag));
  /* the constrained set shapes the COO pattern: the next solve builds the matrix and its solver again */
  PetscCall(KSPDestroy(&e->ksp));
  PetscCall(MatDestroy(&e->K));
  e->K_generation = -1; /* the new matrix is assembled in full */
  if (e->plastic) {
    PetscCall(SNESDestroy(&e->plastic->snes));
    PetscCall(MatDestroy(&e->plastic->P));
  }
  PetscFunctionReturn(0);
}

/* Lifting of the prescribed values into the local load f (scaled like K by `scale`), after the constrained rows of f
   were zeroed. Not collective. */
PetscErrorCode DioElasticityLiftPrescribed_Internal(DioElasticity e, PetscReal scale, PetscScalar f[])
{
  const PetscInt  ndof = e->dofs_per_cell;
  const PetscInt *constrained = e->local_constrained;
  PetscInt        num_prescribed_local = e->num_prescribed, bad_cell = -1;
  double         *Ke;

  PetscFunctionBegin;
  if (num_prescribed_local == 0) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(ndof * ndof, &Ke));
  for (PetscInt c = 0; c < e->num_cells && bad_cell < 0; c++) {
    const PetscInt *dofs = &e->cell_local_dofs[c * ndof];
    PetscBool       touched = PETSC_FALSE;
    if (!DioElasticityCellActive_Internal(e, c)) continue;
    for (PetscInt i = 0; i < ndof && !touched; i++) touched = (PetscBool)((constrained[dofs[i]] & DIO_DOF_PRESCRIBED) != 0);
    if (!touched) continue;
    if (dio_elas_stiffness(&e->tab, &e->cell_nodes[c * ndof], e->layer[e->cell_layer[c]].lambda, e->layer[e->cell_layer[c]].mu, Ke)) {
      bad_cell = c;
      break;
    }
    for (PetscInt r = 0; r < ndof; r++) {
      const PetscInt row = dofs[r];
      if (e->local_pinned[row]) continue;
      if (constrained[row] & DIO_DOF_PRESCRIBED) f[row] += scale * Ke[r * ndof + r] * e->prescribed_value[row];
      else if (!constrained[row]) {
        for (PetscInt s = 0; s < ndof; s++) {
          const PetscInt col = dofs[s];
          if ((constrained[col] & DIO_DOF_PRESCRIBED) && !e->local_pinned[col]) f[row] -= scale * Ke[r * ndof + s] * e->prescribed_value[col];
        }
      }
    }
  }
  PetscCall(PetscFree(Ke));
  PetscCheck(bad_cell < 0, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "prescribed displacement: inverted or degenerate cell %" PetscInt_FMT, e->cStart + bad_cell);
  PetscFunctionReturn(0);
}
