/* SPDX-License-Identifier: BSD-2-Clause
   heat_assembly.c: residual and Jacobian of one backward Euler step (or of the steady problem) in an OpenMP loop over
   cells, summed by PETSc (local-to-global for the residual; for the Jacobian, a matrix preallocated from the node
   adjacency of the cells, fe_matrix.c, filled with MatSetValues in bounded chunks as the elasticity's), and the loads of a step (fluxes at
   the boundary, volumetric sources) with the Dirichlet values at the end of the step.

   Dirichlet conditions: the unknown vector keeps the boundary nodes. Before each solve their values are set to the
   prescribed temperature, and their residual rows are replaced by D_a (T_a - g_a), D_a the sum of the element
   conduction diagonals (fixed at set-up); the Jacobian keeps that diagonal and drops every other entry of a Dirichlet
   row (not in the pattern, built once). The columns stay, so the matrix is the exact derivative of the residual
   (-heat_snes_test_jacobian agrees to finite-difference accuracy) and Newton stays exact even if a boundary value
   changes during the solve; the price is a non-symmetric matrix, which the conductivity's temperature dependence makes
   non-symmetric anyway (GMRES by default). Residual and Jacobian are divided by the largest conductivity
   (residual_scale). */
#include "heat_impl.h"
#include "fe_common.h"

/* Element Jacobians computed per chunk (all threads), then inserted (one thread): at most this many bytes of them. */
#define DIO_HEAT_CHUNK_BYTES (8 << 20)

/* The Jacobian, preallocated from the node adjacency of the cells (a Dirichlet row holds only its diagonal; the
   columns of Dirichlet nodes stay in the other rows); options prefix heat_ (-heat_mat_type ...). */
PetscErrorCode DioHeatCreateMatrix_Internal(DioHeat h)
{
  PetscInt    *d_nnz, *o_nnz, *du_nnz, *ou_nnz, *drop, n_local;
  PetscSection global_section;

  PetscFunctionBegin;
  PetscCall(DMGetGlobalSection(h->dm_T, &global_section));
  PetscCall(PetscSectionGetConstrainedStorageSize(global_section, &n_local));
  PetscCall(PetscCalloc4(n_local, &d_nnz, n_local, &o_nnz, n_local, &du_nnz, n_local, &ou_nnz));
  PetscCall(PetscMalloc1(h->local_size, &drop));
  for (PetscInt i = 0; i < h->local_size; i++) drop[i] = h->local_bc[i] ? DIO_FE_DROP_ROW : DIO_FE_DROP_NONE;
  PetscCall(DioFECountBlockNonzeros_Internal(h->dm_T, 1, h->num_cells, h->nodes_per_cell, h->cell_local_dofs, h->cell_global_dofs, drop, n_local, d_nnz, o_nnz,
                                             du_nnz, ou_nnz));
  PetscCall(PetscFree(drop));
  PetscCall(MatCreate(PetscObjectComm((PetscObject)h->dm), &h->J));
  PetscCall(MatSetSizes(h->J, n_local, n_local, PETSC_DETERMINE, PETSC_DETERMINE));
  PetscCall(MatSetType(h->J, MATAIJ));
  PetscCall(MatSetOptionsPrefix(h->J, "heat_"));
  PetscCall(MatSetFromOptions(h->J));
  PetscCall(MatXAIJSetPreallocation(h->J, 1, d_nnz, o_nnz, du_nnz, ou_nnz));
  PetscCall(MatSetOption(h->J, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
  PetscCall(PetscFree4(d_nnz, o_nnz, du_nnz, ou_nnz));
  PetscFunctionReturn(0);
}

static PetscReal BoundaryValue(const DioHeatBC *bc, PetscInt dim, PetscReal time, const PetscReal X[])
{
  PetscReal value = bc->constant;
  if (bc->fn) bc->fn(dim, time, X, &value, bc->ctx);
  return value;
}

/*
  DioHeatPrepareStep_Internal - set up the step ending at time_new: the Dirichlet values there, the loads (fluxes and
  sources at time_new, backward Euler), and the element temperatures at the start (from T_old). Collective.
  heat->dt_inv must be set by the caller (0 for the steady problem).
*/
PetscErrorCode DioHeatPrepareStep_Internal(DioHeat h, PetscReal time_new)
{
  const PetscInt nn = h->nodes_per_cell, dim = h->dim;
  PetscReal      power[2] = {0, 0}, power_global[2];
  PetscInt       bad_face = -1, bad_global;
  MPI_Comm       comm     = PetscObjectComm((PetscObject)h->dm);

  PetscFunctionBegin;
  h->time_new = time_new;
  for (PetscInt i = 0; i < h->local_size; i++) {
    if (h->local_bc[i])
      h->local_dirichlet[i] = BoundaryValue(&h->bc[h->local_bc[i]], dim, time_new, &h->local_node_x[i * dim]);
  }
  PetscCall(PetscArrayzero(h->local_load, h->local_size));
  for (PetscInt c = 0; c < h->num_cells; c++) {
    const PetscReal s = h->material[h->cell_layer[c]].heat_production;
    if (s == 0.0) continue;
    for (PetscInt a = 0; a < nn; a++) {
      h->local_load[h->cell_local_dofs[c * nn + a]] += h->cell_mass[c * nn + a] * s;
      power[1] += h->cell_mass[c * nn + a] * s;
    }
  }
  for (PetscInt f = 0; f < h->num_flux_faces; f++) {
    const PetscInt    c   = h->flux_face_cell[f];
    const DioFaceTab *tab = &h->face_tab[h->flux_face_ref[f]];
    double X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdA[DIO_MAX_QUAD_POINTS], q[DIO_MAX_QUAD_POINTS], Fe[DIO_MAX_NODES];
    if (dio_heat_face_qpoints(tab, &h->cell_nodes[c * nn * dim], X, wdA)) {
      bad_face = h->cStart + c;
      continue;
    }
    for (PetscInt p = 0; p < tab->num_qpoints; p++) {
      const DioHeatBC *bc = &h->bc[h->flux_face_id[f]];
      /* convection: the h_c T_ambient part (the -h_c T part is in the residual) */
      q[p] = BoundaryValue(bc, dim, time_new, &X[p * dim]) * (bc->kind == DIO_HEAT_BC_CONVECTION ? bc->coefficient : 1.0);
      power[0] += wdA[p] * q[p];
    }
    dio_heat_face_flux_load(tab, wdA, q, Fe);
    for (PetscInt a = 0; a < nn; a++) h->local_load[h->cell_local_dofs[c * nn + a]] += Fe[a];
  }
  PetscCall(MPIU_Allreduce(&bad_face, &bad_global, 1, MPIU_INT, MPI_MAX, comm));
  PetscCheck(bad_global < 0, comm, PETSC_ERR_USER_INPUT, "heat: degenerate boundary face on cell %" PetscInt_FMT,
             bad_global);
  PetscCall(MPIU_Allreduce(power, power_global, 2, MPIU_REAL, MPI_SUM, comm));
  h->power_flux   = power_global[0];
  h->power_source = power_global[1];
  PetscCall(DioHeatGatherCells_Internal(h, h->T_old, h->cell_T_old));
  PetscCall(PetscArraycpy(h->cell_T_ref, h->cell_T_old, h->num_cells * nn));
  PetscFunctionReturn(0);
}

/* Residual (scaled) of every node into the global R. replace_dirichlet: Dirichlet rows become D_a (T_a - g_a) (the
   Newton system); otherwise every row is the physical balance (for the reactions). */
static PetscErrorCode AssembleResidual(DioHeat h, Vec T, Vec R, PetscBool replace_dirichlet, PetscBool *domain_error)
{
  const PetscInt nn = h->nodes_per_cell, dim = h->dim;
  const double   scale = h->residual_scale;
  PetscReal     *cell_T;
  PetscInt       bad_cell = PETSC_MAX_INT, nonfinite = 0, nonfinite_global;
  Vec            R_local;
  PetscScalar   *r;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1((size_t)h->num_cells * nn, &cell_T));
  PetscCall(DioHeatGatherCells_Internal(h, T, cell_T));
  for (PetscInt i = 0; i < h->num_cells * nn; i++) {
    if (PetscIsInfOrNanReal(cell_T[i])) nonfinite = 1;
  }
  PetscCall(MPIU_Allreduce(&nonfinite, &nonfinite_global, 1, MPIU_INT, MPI_MAX, PetscObjectComm((PetscObject)h->dm)));
  *domain_error = (PetscBool)(nonfinite_global != 0);
  if (*domain_error) {
    PetscCall(PetscFree(cell_T));
    PetscFunctionReturn(0);
  }
#pragma omp parallel for schedule(static) reduction(min : bad_cell)
  for (PetscInt c = 0; c < h->num_cells; c++) {
    double *Re = &h->cell_residual[c * nn];
    if (dio_heat_element(&h->tab, &h->cell_nodes[c * nn * dim], &h->material[h->cell_layer[c]], &h->cell_mass[c * nn],
                         &cell_T[c * nn], &h->cell_T_old[c * nn], NULL, h->dt_inv, h->tangent, Re, NULL)) {
      bad_cell = PetscMin(bad_cell, c);
      continue;
    }
    for (PetscInt a = 0; a < nn; a++) {
      const PetscInt dof = h->cell_local_dofs[c * nn + a];
      if (replace_dirichlet && h->local_bc[dof])
        Re[a] = h->cell_dirichlet_diag[c * nn + a] * (cell_T[c * nn + a] - h->local_dirichlet[dof]);
      else
        Re[a] *= scale;
    }
  }
  PetscCall(DioHeatCheckKernelStatus_Internal(h, bad_cell == PETSC_MAX_INT ? -1 : bad_cell, "heat residual"));
  PetscCall(DMGetLocalVector(h->dm_T, &R_local));
  PetscCall(VecGetArray(R_local, &r));
  for (PetscInt i = 0; i < h->local_size; i++)
    r[i] = (replace_dirichlet && h->local_bc[i]) ? 0.0 : -scale * h->local_load[i];
  for (PetscInt i = 0; i < h->num_cells * nn; i++) r[h->cell_local_dofs[i]] += h->cell_residual[i];
  PetscCall(DioHeatConvectionResidual_Internal(h, cell_T, replace_dirichlet, r));
  PetscCall(PetscFree(cell_T));
  PetscCall(VecRestoreArray(R_local, &r));
  PetscCall(VecSet(R, 0.0));
  PetscCall(DMLocalToGlobal(h->dm_T, R_local, ADD_VALUES, R));
  PetscCall(DMRestoreLocalVector(h->dm_T, &R_local));
  PetscCall(PetscLogFlops((PetscLogDouble)h->num_cells * h->tab.num_qpoints * nn * (4.0 * dim + 4.0)));
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatFormFunction_Internal(SNES snes, Vec T, Vec R, void *ctx)
{
  DioHeat   h = (DioHeat)ctx;
  PetscBool domain_error;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(h->event_residual, T, R, 0, 0));
  PetscCall(AssembleResidual(h, T, R, PETSC_TRUE, &domain_error));
  /* a non-finite temperature (a diverging iterate) lets the line search back off */
  if (domain_error) PetscCall(SNESSetFunctionDomainError(snes));
  PetscCall(PetscLogEventEnd(h->event_residual, T, R, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatComputeBalanceResidual_Internal(DioHeat h, Vec T, Vec R)
{
  PetscBool domain_error;

  PetscFunctionBegin;
  PetscCall(AssembleResidual(h, T, R, PETSC_FALSE, &domain_error));
  PetscCheck(!domain_error, PetscObjectComm((PetscObject)h->dm), PETSC_ERR_FP,
             "heat: non-finite temperature in a converged state");
  PetscCall(VecScale(R, 1.0 / h->residual_scale));
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatFormJacobian_Internal(SNES snes, Vec T, Mat J, Mat P, void *ctx)
{
  DioHeat        h  = (DioHeat)ctx;
  const PetscInt nn = h->nodes_per_cell, dim = h->dim;
  const PetscInt chunk = PetscMax(1, DIO_HEAT_CHUNK_BYTES / (PetscInt)(nn * nn * sizeof(double)));
  const double   scale = h->residual_scale;
  PetscReal     *cell_T;
  double        *Je_chunk;
  PetscInt       bad_cell = PETSC_MAX_INT;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(h->event_jacobian, T, P, 0, 0));
  PetscCall(PetscMalloc1((size_t)h->num_cells * nn, &cell_T));
  PetscCall(PetscMalloc1((size_t)PetscMin(chunk, PetscMax(h->num_cells, 1)) * nn * nn, &Je_chunk));
  PetscCall(DioHeatGatherCells_Internal(h, T, cell_T));
  PetscCall(MatZeroEntries(P));
  for (PetscInt c0 = 0; c0 < h->num_cells; c0 += chunk) {
    const PetscInt c1 = PetscMin(c0 + chunk, h->num_cells);
    PetscInt       bad = PETSC_MAX_INT;
#pragma omp parallel for schedule(static) reduction(min : bad)
    for (PetscInt c = c0; c < c1; c++) {
      double  Re[DIO_MAX_NODES];
      double *Je = &Je_chunk[(size_t)(c - c0) * nn * nn];
      if (dio_heat_element(&h->tab, &h->cell_nodes[c * nn * dim], &h->material[h->cell_layer[c]], &h->cell_mass[c * nn], &cell_T[c * nn], &h->cell_T_old[c * nn],
                           &h->cell_T_ref[c * nn], h->dt_inv, h->tangent, Re, Je)) {
        bad = PetscMin(bad, c);
        for (PetscInt i = 0; i < nn * nn; i++) Je[i] = 0.0; /* inserted all the same: every rank assembles */
        continue;
      }
      for (PetscInt i = 0; i < nn * nn; i++) Je[i] *= scale;
    }
    bad_cell = PetscMin(bad_cell, bad);
    /* Dirichlet rows keep D_a (inserted alone) and nothing else: their rows are -1 (ignored) in the element block */
    for (PetscInt c = c0; c < c1; c++) {
      const PetscInt *local = &h->cell_local_dofs[c * nn], *global = &h->cell_global_dofs[c * nn];
      const double   *Je    = &Je_chunk[(size_t)(c - c0) * nn * nn];
      PetscInt        rows[DIO_MAX_NODES], num_fixed = 0;
      for (PetscInt a = 0; a < nn; a++) {
        rows[a] = h->local_bc[local[a]] ? -1 : global[a];
        if (rows[a] < 0) num_fixed++;
      }
      PetscCall(MatSetValues(P, nn, rows, nn, global, Je, ADD_VALUES));
      for (PetscInt a = 0; num_fixed && a < nn; a++) {
        if (rows[a] < 0) PetscCall(MatSetValue(P, global[a], global[a], h->cell_dirichlet_diag[c * nn + a], ADD_VALUES));
      }
    }
  }
  /* the next secant slope starts from this iterate */
  if (h->tangent == DIO_HEAT_TANGENT_SECANT) PetscCall(PetscArraycpy(h->cell_T_ref, cell_T, h->num_cells * nn));
  PetscCall(PetscFree(Je_chunk));
  PetscCall(PetscFree(cell_T));
  PetscCall(DioHeatConvectionJacobian_Internal(h, P));
  PetscCall(MatAssemblyBegin(P, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(P, MAT_FINAL_ASSEMBLY));
  PetscCall(DioHeatCheckKernelStatus_Internal(h, bad_cell == PETSC_MAX_INT ? -1 : bad_cell, "heat Jacobian"));
  if (J != P) {
    PetscCall(MatAssemblyBegin(J, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(J, MAT_FINAL_ASSEMBLY));
  }
  PetscCall(PetscLogFlops((PetscLogDouble)h->num_cells * h->tab.num_qpoints * nn * nn * (2.0 * dim + 5.0)));
  PetscCall(PetscLogEventEnd(h->event_jacobian, T, P, 0, 0));
  PetscFunctionReturn(0);
}
