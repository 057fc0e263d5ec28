/* SPDX-License-Identifier: BSD-2-Clause
   flow_boundary.c: the groundwater boundaries (issue 14, the tunnel wall): drained at zero excess pressure or not,
   a drained boundary held at a prescribed excess pressure (a wall at atmospheric pressure is minus the hydrostatic
   pressure there), a leaky boundary (Robin: a lining of given conductivity and thickness), and the cells that carry
   no flow (the excavated core, the lining ring), whose nodes outside every active cell are held at zero; the layers'
   drainage types on the held nodes; all of it again when a stage or a time function changes the boundaries
   (DioFlowUpdateBoundaries()). */
#include "flow_impl.h"
#include "fe_common.h"
#include "biot.h"

PetscErrorCode DioFlowSetDrainedBoundary(DioFlow flow, PetscInt boundary_id, PetscBool drained)
{
  PetscFunctionBegin;
  PetscCall(DioFECheckBoundaryId_Internal(boundary_id, DIO_BOUNDARY_COUNT));
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
  PetscCheck(leakage >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "leakage %g: must be >= 0 m/(Pa s)",
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

/* The faces of leaky boundary b beside an active local cell (one entry per active cell beside it: a wall between the
   ground and an excavated core has one), each with its leakage matrix (kernels/biot.h) and the outside pressure at
   its cell's nodes. face_tab[num_faces]: the pressure's basis (Q1, P1) on each reference face. */
static PetscErrorCode LeakyFacesAdd(DioFlow f, PetscInt b, const DioFaceTab face_tab[], PetscInt capacity)
{
  const PetscInt  np = f->nodes_per_cell, dim = f->dim;
  DMLabel         label;
  IS              faces = NULL;
  const PetscInt *points;
  PetscInt        n, cStart, bad = -1;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(f->dm, DIO_LABEL_BOUNDARY, &label));
  if (label) PetscCall(DMLabelGetStratumIS(label, b, &faces));
  PetscCall(DMPlexGetHeightStratum(f->dm, 0, &cStart, NULL));
  /* a rank without faces of b goes on: the check of bad cells at the end is collective */
  n      = 0;
  points = NULL;
  if (faces) PetscCall(ISGetLocalSize(faces, &n));
  if (faces) PetscCall(ISGetIndices(faces, &points));
  for (PetscInt i = 0; i < n; i++) {
    const PetscInt *support;
    PetscInt        support_size, depth;
    PetscReal       centroid[3];
    PetscCall(DMPlexGetPointDepth(f->dm, points[i], &depth));
    if (depth != dim - 1) continue; /* faces only (2D: edges) */
    PetscCall(DMPlexComputeCellGeometryFVM(f->dm, points[i], NULL, centroid, NULL));
    PetscCall(DMPlexGetSupportSize(f->dm, points[i], &support_size));
    PetscCall(DMPlexGetSupport(f->dm, points[i], &support));
    for (PetscInt s = 0; s < support_size; s++) {
      const PetscInt   c = support[s] - cStart, k = f->num_leaky_faces;
      const PetscReal *x = &f->cell_nodes[c * np * dim];
      PetscInt         ref;
      if (c < 0 || c >= f->num_cells || !DioFlowCellActive_Internal(f, c) || k >= capacity) continue;
      ref = DioReferenceFaceOf_Internal(&f->tab, x, centroid);
      if (dio_biot_face_leakage(&face_tab[ref], x, f->leakage[b], &f->leaky_face_matrix[k * np * np])) {
        if (bad < 0) bad = c;
        continue;
      }
      f->leaky_face_cell[k] = c;
      for (PetscInt a = 0; a < np; a++)
        f->leaky_face_outside[k * np + a] =
            f->leakage_pressure[b] ? f->leakage_pressure[b](dim, &x[a * dim], f->leakage_pressure_ctx[b]) : 0.0;
      f->num_leaky_faces++;
    }
  }
  if (faces) PetscCall(ISRestoreIndices(faces, &points));
  PetscCall(ISDestroy(&faces));
  PetscCall(DioFECheckBadCell_Internal(f->dm, bad, "leaky boundary", "check the mesh there"));
  PetscFunctionReturn(0);
}

/* Drainage types per layer (-materials_<layer>_drainage): every node of a drained layer's cells is held at zero excess
   pressure (its water drains at once: the layer acts as a drain for its neighbours); an undrained layer lets no water
   through (mobility 0) nor out where a drained boundary cuts it: its nodes that no other layer's cell shares are
   free. */
static PetscErrorCode ApplyLayerDrainage(DioFlow f, PetscInt local_size)
{
  PetscInt *permeable, *drained;

  PetscFunctionBegin;
  PetscCall(PetscCalloc2(local_size + 1, &permeable, local_size + 1, &drained));
  for (PetscInt c = 0; c < f->num_cells; c++) {
    const DioDrainage drainage = f->layer[f->cell_layer[c]].drainage;
    for (PetscInt a = 0; a < f->nodes_per_cell; a++) {
      const PetscInt dof = f->cell_local_dofs[c * f->nodes_per_cell + a];
      if (drainage != DIO_DRAINAGE_UNDRAINED) permeable[dof] = 1;
      if (drainage == DIO_DRAINAGE_DRAINED) drained[dof] = 1;
    }
  }
  PetscCall(DioSyncLocalDofs_Internal(f->dm_p, permeable, MPI_MAX));
  PetscCall(DioSyncLocalDofs_Internal(f->dm_p, drained, MPI_MAX));
  for (PetscInt i = 0; i < local_size; i++)
    f->local_drained[i] = (drained[i] || (f->local_drained[i] && permeable[i])) ? 1 : 0;
  PetscCall(PetscFree2(permeable, drained));
  PetscFunctionReturn(0);
}

/*
  DioFlowBoundarySetUp_Internal - after the cell maps and the layer constants of DioFlowSetUp(), and again from
  DioFlowUpdateBoundaries(): the held dofs (drained boundaries, nodes in no active cell, drained layers), the boundary
  of every node (bits), the held excess pressures and the leaky faces. Collective.
*/
PetscErrorCode DioFlowBoundarySetUp_Internal(DioFlow f)
{
  PetscSection section;
  PetscInt     local_size, *mark, capacity = 0;
  PetscReal   *node_x;

  PetscFunctionBegin;
  PetscCall(DMGetLocalSection(f->dm_p, &section));
  PetscCall(PetscSectionGetStorageSize(section, &local_size));
  PetscCall(DioFlowBoundaryDestroy_Internal(f)); /* an update replaces the earlier state */
  PetscCall(PetscFree(f->local_drained));
  PetscCall(PetscCalloc1(local_size + 1, &f->local_drained));
  PetscCall(PetscCalloc1(local_size + 1, &f->local_boundary));
  PetscCall(PetscCalloc1(local_size + 1, &f->local_prescribed));
  PetscCall(PetscMalloc1(local_size + 1, &mark));
  PetscCall(PetscMalloc1((local_size + 1) * f->dim, &node_x));
  PetscCall(DioFENodeCoordinates_Internal(f->dm, f->dm_p, f->dim, node_x));
  for (PetscInt b = 1; b <= DIO_BOUNDARY_COUNT; b++) {
    const PetscBool mask[1] = {PETSC_TRUE};
    if (!f->drained[b] && f->leakage[b] <= 0) continue;
    PetscCall(PetscArrayzero(mark, local_size + 1));
    PetscCall(DioFEMarkBoundaryNodes_Internal(f->dm, f->dm_p, b, mask, 1, mark));
    PetscCall(DioSyncLocalDofs_Internal(f->dm_p, mark, MPI_MAX));
    for (PetscInt i = 0; i < local_size; i++) {
      if (!mark[i]) continue;
      f->local_boundary[i] |= (PetscInt)1 << b;
      if (f->drained[b]) f->local_drained[i] = 1;
      if (f->drained[b] && f->boundary_pressure[b])
        f->local_prescribed[i] = f->boundary_pressure[b](f->dim, &node_x[i * f->dim], f->boundary_pressure_ctx[b]);
    }
  }
  PetscCall(PetscFree(node_x));
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
  {
    const PetscInt np = f->nodes_per_cell;
    DioFaceTab    *face_tab;
    PetscCall(PetscMalloc3(capacity + 1, &f->leaky_face_cell, capacity * np * np + 1, &f->leaky_face_matrix,
                           capacity * np + 1, &f->leaky_face_outside));
    PetscCall(PetscMalloc1(f->tab.num_faces, &face_tab));
    for (PetscInt r = 0; r < f->tab.num_faces; r++)
      PetscCheck(!dio_biot_pressure_face_tab_init((int)f->dim, f->tab.simplex, (int)r, &face_tab[r]), PETSC_COMM_SELF,
                 PETSC_ERR_PLIB, "cannot tabulate the pressure on face %" PetscInt_FMT, r);
    f->num_leaky_faces = 0;
    for (PetscInt b = 1; b <= DIO_BOUNDARY_COUNT; b++)
      if (f->leakage[b] > 0) PetscCall(LeakyFacesAdd(f, b, face_tab, capacity));
    PetscCall(PetscFree(face_tab));
  }
  PetscCall(ApplyLayerDrainage(f, local_size));
  PetscFunctionReturn(0);
}

/*
  DioFlowUpdateBoundaries - after DioFlowSetUp(): the drained, held and leaky boundaries as set now (a stage switched
  them), the held and outside pressures evaluated again (their functions' context may carry the time). A change of
  which nodes are held or of the leaky faces changes the coupled operators: DioBiotSetOperatorsChanged(). Collective.
*/
PetscErrorCode DioFlowUpdateBoundaries(DioFlow f)
{
  PetscFunctionBegin;
  PetscCheck(f->setup, PetscObjectComm((PetscObject)f->dm), PETSC_ERR_ORDER,
             "DioFlowUpdateBoundaries() must come after DioFlowSetUp()");
  PetscCall(DioFlowBoundarySetUp_Internal(f));
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowBoundaryDestroy_Internal(DioFlow f)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(f->local_boundary));
  PetscCall(PetscFree(f->local_prescribed));
  PetscCall(PetscFree3(f->leaky_face_cell, f->leaky_face_matrix, f->leaky_face_outside));
  PetscFunctionReturn(0);
}
