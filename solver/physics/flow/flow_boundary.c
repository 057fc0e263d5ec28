/* SPDX-License-Identifier: BSD-2-Clause
   flow_boundary.c: the groundwater boundaries (issue 14, the tunnel wall): drained at zero excess pressure or not,
   a drained boundary held at a prescribed excess pressure (a wall at atmospheric pressure is minus the hydrostatic
   pressure there), a leaky boundary (Robin: a lining of given conductivity and thickness), and the cells that carry
   no flow (the excavated core, the lining ring), whose nodes outside every active cell are held at zero. */
#include "flow_impl.h"
#include "fe_common.h"

PetscErrorCode DioFlowSetDrainedBoundary(DioFlow flow, PetscInt boundary_id, PetscBool drained)
{
  PetscFunctionBegin;
  PetscCall(DioFECheckBoundaryId_Internal(boundary_id, DIO_BOUNDARY_COUNT));
  PetscCheck(!flow->setup, PETSC_COMM_SELF, PETSC_ERR_ORDER,
             "DioFlowSetDrainedBoundary() must come before DioFlowSetUp()");
  flow->drained[boundary_id] = drained;
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowSetBoundaryPressure(DioFlow f, PetscInt boundary_id, DioScalarFieldFn pressure, void *ctx)
{
  PetscFunctionBegin;
  PetscCall(DioFlowSetDrainedBoundary(f, boundary_id, PETSC_TRUE));
  f->boundary_pressure[boundary_id]     = pressure;
  f->boundary_pressure_ctx[boundary_id] = ctx;
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowSetLeakyBoundary(DioFlow f, PetscInt boundary_id, PetscReal leakage, DioScalarFieldFn outside,
                                       void *ctx)
{
  PetscFunctionBegin;
  PetscCall(DioFECheckBoundaryId_Internal(boundary_id, DIO_BOUNDARY_COUNT));
  PetscCheck(!f->setup, PETSC_COMM_SELF, PETSC_ERR_ORDER, "DioFlowSetLeakyBoundary() must come before DioFlowSetUp()");
  PetscCheck(f->dim == 2, PETSC_COMM_SELF, PETSC_ERR_SUP, "a leaky boundary is implemented in 2D only");
  PetscCheck(leakage > 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "leakage %g: must be > 0 m/(Pa s)",
             (double)leakage);
  f->leakage[boundary_id]              = leakage;
  f->leakage_pressure[boundary_id]     = outside;
  f->leakage_pressure_ctx[boundary_id] = ctx;
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowSetActiveCells(DioFlow f, const PetscBool active[])
{
  PetscInt cStart, cEnd;

  PetscFunctionBegin;
  PetscCheck(!f->setup, PETSC_COMM_SELF, PETSC_ERR_ORDER, "DioFlowSetActiveCells() must come before DioFlowSetUp()");
  PetscCall(PetscFree(f->cell_active));
  if (active == NULL) PetscFunctionReturn(0);
  PetscCall(DMPlexGetHeightStratum(f->dm, 0, &cStart, &cEnd));
  PetscCall(PetscMalloc1(cEnd - cStart + 1, &f->cell_active));
  PetscCall(PetscArraycpy(f->cell_active, active, cEnd - cStart));
  PetscFunctionReturn(0);
}

/* The local dof of vertex v in local cell c (-1 if the cell lacks it) and its global row. */
static PetscErrorCode CellNodeOf(DioFlow f, PetscSection section, PetscInt c, PetscInt v, PetscInt *local, PetscInt *row)
{
  PetscInt off;

  PetscFunctionBegin;
  PetscCall(PetscSectionGetOffset(section, v, &off));
  *local = *row = -1;
  for (PetscInt a = 0; a < f->nodes_per_cell; a++) {
    if (f->cell_local_dofs[c * f->nodes_per_cell + a] != off) continue;
    *local = off;
    *row   = f->cell_global_dofs[c * f->nodes_per_cell + a];
  }
  PetscFunctionReturn(0);
}

/* The segments of leaky boundary b beside an active local cell (one entry per active cell beside it). */
static PetscErrorCode LeakyFacesAdd(DioFlow f, PetscInt b, const PetscReal node_x[], PetscInt capacity)
{
  DMLabel         label;
  IS              faces = NULL;
  const PetscInt *points;
  PetscInt        n, cStart;
  PetscSection    section;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(f->dm, DIO_LABEL_BOUNDARY, &label));
  if (label) PetscCall(DMLabelGetStratumIS(label, b, &faces));
  if (faces == NULL) PetscFunctionReturn(0);
  PetscCall(DMGetLocalSection(f->dm_p, &section));
  PetscCall(DMPlexGetHeightStratum(f->dm, 0, &cStart, NULL));
  PetscCall(ISGetLocalSize(faces, &n));
  PetscCall(ISGetIndices(faces, &points));
  for (PetscInt i = 0; i < n; i++) {
    const PetscInt *support, *cone;
    PetscInt        support_size, cone_size;
    PetscCall(DMPlexGetConeSize(f->dm, points[i], &cone_size));
    if (cone_size != 2) continue; /* 2D: faces are edges */
    PetscCall(DMPlexGetCone(f->dm, points[i], &cone));
    PetscCall(DMPlexGetSupportSize(f->dm, points[i], &support_size));
    PetscCall(DMPlexGetSupport(f->dm, points[i], &support));
    for (PetscInt s = 0; s < support_size; s++) {
      const PetscInt c = support[s] - cStart, k = f->num_leaky_faces;
      PetscReal      length = 0;
      if (c < 0 || c >= f->num_cells || !DioFlowCellActive_Internal(f, c) || k >= capacity) continue;
      for (PetscInt j = 0; j < 2; j++) PetscCall(CellNodeOf(f, section, c, cone[j], &f->leaky_face_dofs[2 * k + j],
                                                            &f->leaky_face_rows[2 * k + j]));
      if (f->leaky_face_dofs[2 * k] < 0 || f->leaky_face_dofs[2 * k + 1] < 0) continue;
      for (PetscInt d = 0; d < f->dim; d++) {
        length += PetscSqr(node_x[f->leaky_face_dofs[2 * k] * f->dim + d] - node_x[f->leaky_face_dofs[2 * k + 1] * f->dim + d]);
      }
      f->leaky_face_length[k]  = PetscSqrtReal(length);
      f->leaky_face_leakage[k] = f->leakage[b];
      for (PetscInt j = 0; j < 2; j++) {
        const PetscReal *X = &node_x[f->leaky_face_dofs[2 * k + j] * f->dim];
        f->leaky_face_outside[2 * k + j] =
            f->leakage_pressure[b] ? f->leakage_pressure[b](f->dim, X, f->leakage_pressure_ctx[b]) : 0.0;
      }
      f->num_leaky_faces++;
    }
  }
  PetscCall(ISRestoreIndices(faces, &points));
  PetscCall(ISDestroy(&faces));
  PetscFunctionReturn(0);
}

/*
  DioFlowBoundarySetUp_Internal - after the cell maps and the drained marks of DioFlowSetUp(): the boundary of every
  node (bits), the held excess pressures, the nodes in no active cell (held at 0) and the leaky segments. Collective.
*/
PetscErrorCode DioFlowBoundarySetUp_Internal(DioFlow f, const PetscReal node_x[])
{
  PetscSection section;
  PetscInt     local_size, *mark, capacity = 0;

  PetscFunctionBegin;
  PetscCall(DMGetLocalSection(f->dm_p, &section));
  PetscCall(PetscSectionGetStorageSize(section, &local_size));
  PetscCall(PetscCalloc1(local_size + 1, &f->local_boundary));
  PetscCall(PetscCalloc1(local_size + 1, &f->local_prescribed));
  PetscCall(PetscMalloc1(local_size + 1, &mark));
  for (PetscInt b = 1; b <= DIO_BOUNDARY_COUNT; b++) {
    const PetscBool mask[1] = {PETSC_TRUE};
    if (!f->drained[b] && f->leakage[b] <= 0) continue;
    PetscCall(PetscArrayzero(mark, local_size + 1));
    PetscCall(DioFEMarkBoundaryNodes_Internal(f->dm, f->dm_p, b, mask, 1, mark));
    PetscCall(DioSyncLocalDofs_Internal(f->dm_p, mark, MPI_MAX));
    for (PetscInt i = 0; i < local_size; i++) {
      if (!mark[i]) continue;
      f->local_boundary[i] |= (PetscInt)1 << b;
      if (f->drained[b] && f->boundary_pressure[b])
        f->local_prescribed[i] = f->boundary_pressure[b](f->dim, &node_x[i * f->dim], f->boundary_pressure_ctx[b]);
    }
  }
  if (f->cell_active) {
    /* nodes that no active cell holds: held at zero (no equation there) */
    PetscCall(PetscArrayzero(mark, local_size + 1));
    for (PetscInt c = 0; c < f->num_cells; c++) {
      if (!f->cell_active[c]) continue;
      for (PetscInt a = 0; a < f->nodes_per_cell; a++) mark[f->cell_local_dofs[c * f->nodes_per_cell + a]] = 1;
    }
    PetscCall(DioSyncLocalDofs_Internal(f->dm_p, mark, MPI_MAX));
    for (PetscInt i = 0; i < local_size; i++) {
      if (mark[i]) continue;
      f->local_drained[i]    = 1;
      f->local_prescribed[i] = 0;
    }
  }
  PetscCall(PetscFree(mark));
  for (PetscInt b = 1; b <= DIO_BOUNDARY_COUNT; b++) {
    DMLabel label;
    PetscCall(DMGetLabel(f->dm, DIO_LABEL_BOUNDARY, &label));
    if (f->leakage[b] > 0 && label) {
      PetscInt n;
      PetscCall(DMLabelGetStratumSize(label, b, &n));
      capacity += 2 * n;
    }
  }
  PetscCall(PetscMalloc5(2 * capacity + 1, &f->leaky_face_dofs, 2 * capacity + 1, &f->leaky_face_rows, capacity + 1,
                         &f->leaky_face_length, capacity + 1, &f->leaky_face_leakage, 2 * capacity + 1,
                         &f->leaky_face_outside));
  f->num_leaky_faces = 0;
  for (PetscInt b = 1; b <= DIO_BOUNDARY_COUNT; b++)
    if (f->leakage[b] > 0) PetscCall(LeakyFacesAdd(f, b, node_x, capacity));
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowBoundaryDestroy_Internal(DioFlow f)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(f->cell_active));
  PetscCall(PetscFree(f->local_boundary));
  PetscCall(PetscFree(f->local_prescribed));
  PetscCall(PetscFree5(f->leaky_face_dofs, f->leaky_face_rows, f->leaky_face_length, f->leaky_face_leakage,
                       f->leaky_face_outside));
  PetscFunctionReturn(0);
}
