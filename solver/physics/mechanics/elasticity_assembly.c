/* SPDX-License-Identifier: BSD-2-Clause
   elasticity_assembly.c: element stiffness and loads in OpenMP loops over cells (the matrix itself, its pattern and
   the treatment of Dirichlet rows: elasticity_matrix.c; the solve: elasticity_solve.c).

   A constrained dof keeps only its diagonal in K and gets a zero load (a prescribed non-zero value is lifted into the
   load of the linear solve: prescribed_displacement.c; the elastoplastic solve puts it into its unknown:
   plasticity.c). */
#include "elasticity_impl.h"
#include "fe_common.h"

PetscErrorCode DioElasticityGetOperator_Internal(DioElasticity e, Mat *K)
{
  PetscFunctionBegin;
  if (e->K == NULL) {
    MatNullSpace rigid;
    PetscCall(DioElasticityCreateMatrix(e, &e->K));
    e->K_generation = -1; /* assembled in full first */
    PetscCall(MatNullSpaceCreateRigidBody(e->node_coords, &rigid));
    PetscCall(MatSetNearNullSpace(e->K, rigid));
    PetscCall(MatNullSpaceDestroy(&rigid));
  }
  *K = e->K;
  PetscFunctionReturn(0);
}

/* Raise, on every rank, the error for the first cell (global order of ranks) whose kernel failed. */
static PetscErrorCode CheckKernelStatus(DioElasticity e, PetscInt bad_cell, const char *what)
{
  PetscFunctionBegin;
  PetscCall(DioFECheckBadCell_Internal(e->dm, bad_cell, what, "check the mesh or the profile there"));
  PetscFunctionReturn(0);
}

/* Element stiffness of local cell c: an excavated cell adds nothing but a diagonal, with its own scale, to the dofs it
   alone held. */
static int CellStiffness(const struct _n_DioElasticity *e, PetscInt c, void *ctx, double *restrict Ke)
{
  double lambda, mu;
  int    status;

  (void)ctx;
  DioElasticityCellLame_Internal(e, c, &lambda, &mu);
  status = dio_elas_stiffness(&e->tab, &e->cell_nodes[c * e->dofs_per_cell], lambda, mu, Ke);
  if (!DioElasticityCellActive_Internal(e, c)) DioElasticityMaskInactiveCell_Internal(e, c, Ke);
  return status;
}

/*
  The global vector F (overwritten) of the element vectors Fe_all[num_cells][dofs_per_cell] times scale: they are summed
  into a local vector, `add` (NULL: nothing) adds what is not a cell vector (face loads), the rows of constrained and
  pinned dofs are zeroed, `lift` (NULL: nothing) adds what those rows carry (the lifting of prescribed values), and
  the local vector is summed into F. The load of the linear solve and the internal force of the elastoplastic one
  (plasticity.c) both end here. Collective.
*/
PetscErrorCode DioElasticityCellVectorsToGlobal_Internal(DioElasticity e, const PetscReal Fe_all[], PetscReal scale, DioElasLocalVectorFn add,
                                                         DioElasLocalVectorFn lift, Vec F)
{
  PetscInt     local_size;
  Vec          F_local;
  PetscScalar *f;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(e->dm_u, &F_local));
  PetscCall(VecSet(F_local, 0.0));
  PetscCall(VecGetArray(F_local, &f));
  for (PetscInt i = 0; i < e->num_cells * e->dofs_per_cell; i++) f[e->cell_local_dofs[i]] += scale * Fe_all[i];
  if (add) PetscCall(add(e, f));
  PetscCall(VecGetLocalSize(F_local, &local_size));
  DioElasticityRotateLocal_Internal(e, f, PETSC_TRUE, local_size); /* inclined rollers: R^T f */
  for (PetscInt i = 0; i < local_size; i++) if (e->local_constrained[i] || e->local_pinned[i]) f[i] = 0.0;
  if (lift) PetscCall(lift(e, f));
  PetscCall(VecRestoreArray(F_local, &f));
  PetscCall(VecSet(F, 0.0));
  PetscCall(DioFELocalToGlobal_Internal(e->dm_u, F_local, ADD_VALUES, F));
  PetscCall(DMRestoreLocalVector(e->dm_u, &F_local));
  PetscFunctionReturn(0);
}

/* Sea load on the surface faces and pressure faces of the active cells, scaled as the cell loads, into the local f. */
static PetscErrorCode AddFaceLoads(DioElasticity e, PetscScalar f[])
{
  const PetscInt ndof = e->dofs_per_cell;
  const double   load_scale = e->load_factor / e->modulus_scale;

  PetscFunctionBegin;
  if (e->loads.sea_load) {
    const double gamma_w = e->loads.water_density * e->loads.gravity;
    for (PetscInt k = 0; k < e->num_load_faces; k++) {
      const PetscInt c = e->load_face_cell[k];
      double         Fe[DIO_MAX_ELEMENT_DOFS];
      if (!DioElasticityCellActive_Internal(e, c)) continue;
      PetscCheck(!dio_elas_face_pressure_load(&e->face_tab[e->load_face_id[k]], &e->cell_nodes[c * ndof], gamma_w, e->loads.water_level, Fe),
                 PETSC_COMM_SELF, PETSC_ERR_PLIB, "degenerate surface face on cell %" PetscInt_FMT, e->cStart + c);
      for (PetscInt i = 0; i < ndof; i++) f[e->cell_local_dofs[c * ndof + i]] += load_scale * Fe[i];
    }
  }
  for (PetscInt k = 0; k < e->num_pressure_faces; k++) {
    const PetscInt c = e->pressure_face_cell[k];
    double         Fe[DIO_MAX_ELEMENT_DOFS];
    if (!DioElasticityCellActive_Internal(e, c)) continue;
    PetscCheck(!dio_elas_face_linear_pressure_load(&e->face_tab[e->pressure_face_id[k]], &e->cell_nodes[c * ndof], e->pressure_p0[k], e->pressure_gradient[k],
                                                   e->pressure_z0[k], Fe),
               PETSC_COMM_SELF, PETSC_ERR_PLIB, "degenerate loaded face on cell %" PetscInt_FMT, e->cStart + c);
    for (PetscInt i = 0; i < ndof; i++) f[e->cell_local_dofs[c * ndof + i]] += load_scale * Fe[i];
  }
  for (PetscInt k = 0; k < e->num_traction_faces; k++) {
    const PetscInt c = e->traction_face_cell[k];
    double         Fe[DIO_MAX_ELEMENT_DOFS];
    if (!DioElasticityCellActive_Internal(e, c)) continue;
    PetscCheck(!dio_elas_face_traction_load(&e->face_tab[e->traction_face_id[k]], &e->cell_nodes[c * ndof], &e->traction_value[3 * k], Fe), PETSC_COMM_SELF,
               PETSC_ERR_PLIB, "degenerate loaded face on cell %" PetscInt_FMT, e->cStart + c);
    for (PetscInt i = 0; i < ndof; i++) f[e->cell_local_dofs[c * ndof + i]] += load_scale * Fe[i];
  }
  PetscFunctionReturn(0);
}

/* The lifting of the prescribed values (prescribed_displacement.c), scaled as K. */
static PetscErrorCode LiftPrescribed(DioElasticity e, PetscScalar f[])
{
  PetscFunctionBegin;
  PetscCall(DioElasticityLiftPrescribed_Internal(e, 1.0 / e->modulus_scale, f));
  PetscFunctionReturn(0);
}

/* The load vector F (scaled as K) of the current loads; linear: with the lifting of the prescribed values and the
   eigenstrain load (the linear solve), or without (the elastoplastic solve puts the prescribed values in its unknown
   and subtracts the eigenstrain before the return map). Collective. */
PetscErrorCode DioElasticityAssembleLoad_Internal(DioElasticity e, PetscBool linear, Vec F)
{
  const PetscInt ndof = e->dofs_per_cell;
  PetscInt       bad_cell = PETSC_MAX_INT;
  double        *Fe_all;

  PetscFunctionBegin;
  if (linear && e->stage_incremental) {
    /* -mech_stage_incremental: the element loads whose inputs a stage left alone are kept (load_reuse.c) */
    const PetscReal *Fe_kept;
    PetscInt         num_computed, bad;
    PetscCall(DioElasticityKeptCellLoads_Internal(e, &Fe_kept, &num_computed, &bad));
    PetscCall(CheckKernelStatus(e, bad, "loads"));
    PetscCall(DioElasticityCellVectorsToGlobal_Internal(e, Fe_kept, e->load_factor / e->modulus_scale, AddFaceLoads, LiftPrescribed, F));
    PetscCall(PetscInfo(F, "loads: %" PetscInt_FMT " of %" PetscInt_FMT " local cells computed\n", num_computed, e->num_cells));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscMalloc1((size_t)e->num_cells * ndof, &Fe_all));
  #pragma omp parallel for schedule(static) reduction(min : bad_cell)
  for (PetscInt c = 0; c < e->num_cells; c++) {
    if (!DioElasticityCellActive_Internal(e, c)) {
      for (PetscInt i = 0; i < ndof; i++) Fe_all[c * ndof + i] = 0.0;
    } else if (DioElasticityCellLoad_Internal(e, c, linear, &Fe_all[c * ndof])) bad_cell = PetscMin(bad_cell, c);
  }
  PetscCall(CheckKernelStatus(e, bad_cell == PETSC_MAX_INT ? -1 : bad_cell, "loads"));
  PetscCall(DioElasticityCellVectorsToGlobal_Internal(e, Fe_all, e->load_factor / e->modulus_scale, AddFaceLoads, linear ? LiftPrescribed : NULL, F));
  PetscCall(PetscFree(Fe_all));
  PetscFunctionReturn(0);
}

/* The stiffness into K: where K is e->K, assembled before by this kernel, and only the cells marked since changed it
   (DioElasticityReplaceCells, DioElasticitySetActiveCells: cell_changed, with nothing else, -mech_stage_incremental),
   their nodes' rows only (issue 16: a drive stage changes one strip of a million cells); in full otherwise.
   Collective. */
static PetscErrorCode AssembleStiffness(DioElasticity e, Mat K, PetscInt *bad_cell)
{
  MPI_Comm  comm = PetscObjectComm((PetscObject)e->dm);
  PetscInt  local_size, num_updated = e->num_cells;
  PetscBool partial = PETSC_FALSE;

  PetscFunctionBegin;
  {
    PetscSection section;
    PetscCall(DMGetLocalSection(e->dm_u, &section));
    PetscCall(PetscSectionGetStorageSize(section, &local_size));
  }
  if (K == e->K && e->stage_incremental && e->K_generation >= 0 && e->operator_generation - e->K_generation == e->tracked_generation) {
    PetscBool aij;
    PetscCall(PetscObjectTypeCompareAny((PetscObject)K, &aij, MATSEQAIJ, MATMPIAIJ, ""));
    partial = (PetscBool)(aij && e->cell_changed != NULL && !memcmp(e->K_constrained, e->local_constrained, (size_t)local_size * sizeof(PetscInt)));
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &partial, 1, MPIU_BOOL, MPI_LAND, comm));
  if (partial) PetscCall(DioElasticityUpdateMatrix_Internal(e, CellStiffness, NULL, K, e->cell_changed, &num_updated, bad_cell));
  else PetscCall(DioElasticityAssembleMatrix_Internal(e, CellStiffness, NULL, K, bad_cell));
  if (partial && e->stage_incremental_check) {
    /* -mech_stage_incremental_check: the updated K against a fresh assembly of the same stiffness */
    Mat       fresh;
    PetscInt  bad;
    PetscReal norm, diff;
    PetscCall(MatDuplicate(K, MAT_DO_NOT_COPY_VALUES, &fresh));
    PetscCall(DioElasticityAssembleMatrix_Internal(e, CellStiffness, NULL, fresh, &bad));
    PetscCall(MatNorm(fresh, NORM_FROBENIUS, &norm));
    PetscCall(MatAXPY(fresh, -1.0, K, SAME_NONZERO_PATTERN));
    PetscCall(MatNorm(fresh, NORM_FROBENIUS, &diff));
    PetscCall(MatDestroy(&fresh));
    PetscCall(PetscPrintf(comm, "incremental stiffness: %" PetscInt_FMT " of %" PetscInt_FMT " local cells computed again (rank 0), |K - K_fresh| = %.3e |K_fresh|\n",
                          num_updated, e->num_cells, norm > 0 ? (double)(diff / norm) : (double)diff));
  }
  if (K == e->K) {
    if (e->K_constrained == NULL) PetscCall(PetscMalloc2(local_size + 1, &e->K_constrained, local_size / e->dim + 1, &e->K_node_marked));
    PetscCall(PetscArraycpy(e->K_constrained, e->local_constrained, local_size));
    if (e->cell_changed) PetscCall(PetscArrayzero(e->cell_changed, e->num_cells));
    e->K_generation       = e->operator_generation;
    e->tracked_generation = 0;
    e->K_update_partial   = partial;
    e->K_update_id++;
  }
  PetscCall(PetscInfo(K, "stiffness: %" PetscInt_FMT " of %" PetscInt_FMT " local cells computed (%s)\n", num_updated, e->num_cells,
                      partial ? "the changed nodes' rows" : "in full"));
  PetscFunctionReturn(0);
}

/* K (scaled by 1 / largest modulus) and F (same scaling) for the current loads. Collective. */
PetscErrorCode DioElasticityAssemble(DioElasticity e, Mat K, Vec F)
{
  const PetscInt ndof = e->dofs_per_cell;
  PetscInt       bad_cell;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(e->event_assembly, K, F, 0, 0));
  if (K) {
    PetscCall(AssembleStiffness(e, K, &bad_cell));
    PetscCall(CheckKernelStatus(e, bad_cell, "stiffness"));
    /* symmetric by construction (constrained rows and columns dropped alike): GAMG then skips symmetrizing its graph */
    PetscCall(MatSetOption(K, MAT_SYMMETRIC, PETSC_TRUE));
    PetscCall(PetscLogFlops((PetscLogDouble)e->num_cells * e->tab.num_qpoints * ndof * ndof * 8.0));
  }
  if (F) PetscCall(DioElasticityAssembleLoad_Internal(e, PETSC_TRUE, F));
  if (F && e->stage_incremental && e->stage_incremental_check) {
    /* -mech_stage_incremental_check: the load from the kept element loads against one computed in full */
    Vec       fresh;
    PetscReal norm, diff;
    PetscCall(VecDuplicate(F, &fresh));
    e->stage_incremental = PETSC_FALSE;
    PetscCall(DioElasticityAssembleLoad_Internal(e, PETSC_TRUE, fresh));
    e->stage_incremental = PETSC_TRUE;
    PetscCall(VecNorm(fresh, NORM_2, &norm));
    PetscCall(VecAXPY(fresh, -1.0, F));
    PetscCall(VecNorm(fresh, NORM_2, &diff));
    PetscCall(VecDestroy(&fresh));
    PetscCall(PetscPrintf(PetscObjectComm((PetscObject)F), "incremental load: |F - F_fresh| = %.3e |F_fresh|\n", norm > 0 ? (double)(diff / norm) : (double)diff));
  }
  PetscCall(PetscLogEventEnd(e->event_assembly, K, F, 0, 0));
  PetscFunctionReturn(0);
}
