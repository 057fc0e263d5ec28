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

/* The condition of boundary id, added (impermeable) in the order of the ids if it has none and `add`; else NULL. */
static PetscErrorCode ConditionGet(DioFlow f, PetscInt id, PetscBool add, DioFlowBoundaryCondition **bc)
{
  DioFlowBoundaryCondition *grown;
  PetscInt                  k = 0;

  PetscFunctionBegin;
  PetscCheck(id >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "flow: boundary id %" PetscInt_FMT ": must be >= 1",
             id);
  *bc = NULL;
  while (k < f->num_conditions && f->condition[k].id < id) k++;
  if (k < f->num_conditions && f->condition[k].id == id) *bc = &f->condition[k];
  if (*bc || !add) PetscFunctionReturn(0);
  PetscCall(PetscCalloc1(f->num_conditions + 1, &grown));
  PetscCall(PetscArraycpy(grown, f->condition, k));
  PetscCall(PetscArraycpy(&grown[k + 1], &f->condition[k], f->num_conditions - k));
  grown[k].id = id;
  PetscCall(PetscFree(f->condition));
  f->condition = grown;
  f->num_conditions++;
  *bc = &f->condition[k];
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowSetDrainedBoundary(DioFlow flow, PetscInt boundary_id, PetscBool drained)
{
  DioFlowBoundaryCondition *bc;

  PetscFunctionBegin;
  PetscCall(ConditionGet(flow, boundary_id, drained, &bc));
  if (bc) bc->drained = drained;
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowSetBoundaryPressure(DioFlow f, PetscInt boundary_id, DioScalarFieldFn pressure, void *ctx)
{
  DioFlowBoundaryCondition *bc;

  PetscFunctionBegin;
  PetscCall(ConditionGet(f, boundary_id, PETSC_TRUE, &bc));
  bc->drained      = PETSC_TRUE;
  bc->pressure     = pressure;
  bc->pressure_ctx = ctx;
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowSetLeakyBoundary(DioFlow f, PetscInt boundary_id, PetscReal leakage, DioScalarFieldFn outside,
                                       void *ctx)
{
  DioFlowBoundaryCondition *bc;

  PetscFunctionBegin;
  PetscCheck(leakage >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "leakage %g: must be >= 0 m/(Pa s)",
             (double)leakage);
  PetscCall(ConditionGet(f, boundary_id, (PetscBool)(leakage > 0), &bc));
  if (bc == NULL) PetscFunctionReturn(0);
  bc->leakage     = leakage;
  bc->outside     = outside;
  bc->outside_ctx = ctx;
  PetscFunctionReturn(0);
}

/* The condition of boundary id; NULL where none was given (impermeable). Not collective. */
PetscErrorCode DioFlowBoundaryConditionFind_Internal(DioFlow f, PetscInt id, const DioFlowBoundaryCondition **bc)
{
  DioFlowBoundaryCondition *found;

  PetscFunctionBegin;
  PetscCall(ConditionGet(f, id, PETSC_FALSE, &found));
  *bc = found;
  PetscFunctionReturn(0);
}

/* on[local size + 1]: the nodes of bc as the last set-up found them (drained or leaky), PETSC_TRUE; free with
   PetscFree(). Not collective. */
PetscErrorCode DioFlowBoundaryNodeFlags_Internal(DioFlow f, const DioFlowBoundaryCondition *bc, PetscBool *on[])
{
  PetscSection section;
  PetscInt     local_size;

  PetscFunctionBegin;
  PetscCall(DMGetLocalSection(f->dm_p, &section));
  PetscCall(PetscSectionGetStorageSize(section, &local_size));
  PetscCall(PetscCalloc1(local_size + 1, on));
  for (PetscInt i = 0; i < bc->num_nodes; i++) (*on)[bc->nodes[i]] = PETSC_TRUE;
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

/* The faces of leaky boundary bc beside an active local cell (one entry per active cell beside it: a wall between the
   ground and an excavated core has one), each with its leakage matrix (kernels/biot.h) and the outside pressure at
   its cell's nodes. face_tab[num_faces]: the pressure's basis (Q1, P1) on each reference face. */
static PetscErrorCode LeakyFacesAdd(DioFlow f, const DioFlowBoundaryCondition *bc, const DioFaceTab face_tab[],
                                    PetscInt capacity)
{
  const PetscInt  np = f->nodes_per_cell, dim = f->dim;
  DMLabel         label;
  IS              faces = NULL;
  const PetscInt *points;
  PetscInt        n, cStart, bad = -1;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(f->dm, DIO_LABEL_BOUNDARY, &label));
  if (label) PetscCall(DMLabelGetStratumIS(label, bc->id, &faces));
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
      if (dio_biot_face_leakage(&face_tab[ref], x, bc->leakage, &f->leaky_face_matrix[k * np * np])) {
        if (bad < 0) bad = c;
        continue;
      }
      f->leaky_face_cell[k] = c;
      for (PetscInt a = 0; a < np; a++)
        f->leaky_face_outside[k * np + a] = bc->outside ? bc->outside(dim, &x[a * dim], bc->outside_ctx) : 0.0;
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
  PetscCall(PetscCalloc1(local_size + 1, &f->local_prescribed));
  PetscCall(PetscMalloc1(local_size + 1, &mark));
  PetscCall(PetscMalloc1((local_size + 1) * f->dim, &node_x));
  PetscCall(DioFENodeCoordinates_Internal(f->dm, f->dm_p, f->dim, node_x));
  for (PetscInt k = 0; k < f->num_conditions; k++) { /* by increasing id: a node on two held boundaries takes the
                                                        larger id's pressure */
    DioFlowBoundaryCondition *bc      = &f->condition[k];
    const PetscBool           mask[1] = {PETSC_TRUE};
    if (!bc->drained && bc->leakage <= 0) continue;
    PetscCall(PetscArrayzero(mark, local_size + 1));
    PetscCall(DioFEMarkBoundaryNodes_Internal(f->dm, f->dm_p, bc->id, mask, 1, mark));
    PetscCall(DioSyncLocalDofs_Internal(f->dm_p, mark, MPI_MAX));
    for (PetscInt i = 0; i < local_size; i++) bc->num_nodes += mark[i] ? 1 : 0;
    PetscCall(PetscMalloc1(bc->num_nodes + 1, &bc->nodes));
    bc->num_nodes = 0;
    for (PetscInt i = 0; i < local_size; i++) {
      if (!mark[i]) continue;
      bc->nodes[bc->num_nodes++] = i;
      if (bc->drained) f->local_drained[i] = 1;
      if (bc->drained && bc->pressure)
        f->local_prescribed[i] = bc->pressure(f->dim, &node_x[i * f->dim], bc->pressure_ctx);
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
  for (PetscInt k = 0; k < f->num_conditions; k++) {
    DMLabel label;
    PetscCall(DMGetLabel(f->dm, DIO_LABEL_BOUNDARY, &label));
    if (f->condition[k].leakage > 0 && label) {
      PetscInt n;
      PetscCall(DMLabelGetStratumSize(label, f->condition[k].id, &n));
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
    for (PetscInt k = 0; k < f->num_conditions; k++)
      if (f->condition[k].leakage > 0) PetscCall(LeakyFacesAdd(f, &f->condition[k], face_tab, capacity));
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

/* The state of the last set-up (the conditions stay). */
PetscErrorCode DioFlowBoundaryDestroy_Internal(DioFlow f)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < f->num_conditions; k++) {
    PetscCall(PetscFree(f->condition[k].nodes));
    f->condition[k].num_nodes = 0;
  }
  PetscCall(PetscFree(f->local_prescribed));
  PetscCall(PetscFree3(f->leaky_face_cell, f->leaky_face_matrix, f->leaky_face_outside));
  PetscFunctionReturn(0);
}
