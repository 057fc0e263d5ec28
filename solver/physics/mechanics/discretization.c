/* SPDX-License-Identifier: BSD-2-Clause
   discretization.c: DioElasticity's life cycle (create, settings, set-up, destroy), the displacement section (Q1: dofs
   on vertices; Q2: one node on every vertex, edge, face and cell), the per-cell maps the kernels need (dof indices,
   node coordinates, layer), Dirichlet flags and the faces that carry the sea load. */
#include "elasticity_impl.h"
#include "fe_common.h"
#include "dio_mesh.h"

const char *const DioBoundaryConditions[] = {"free", "roller", "fixed", "DioBoundaryCondition", "DIO_BC_", NULL};

PetscErrorCode DioElasticityCreate(DM dm, PetscInt order, DioMaterialTable materials, DioElasticity *elas)
{
  DioElasticity e;
  MPI_Comm      comm = PetscObjectComm((PetscObject)dm);

  PetscFunctionBegin;
  PetscCheck(order == 1 || order == 2, comm, PETSC_ERR_USER_INPUT, "-mech_element_order = %" PetscInt_FMT ": must be 1 (linear) or 2 (quadratic)", order);
  PetscCall(PetscNew(&e));
  PetscCall(PetscObjectReference((PetscObject)dm));
  e->dm        = dm;
  e->order     = order;
  e->materials = materials;
  PetscCall(DMGetDimension(dm, &e->dim));
  PetscCheck(e->dim == 2 || e->dim == 3, comm, PETSC_ERR_SUP, "mesh dimension %" PetscInt_FMT ": only 2 and 3 are supported", e->dim);
  for (PetscInt b = 0; b <= DIO_BOUNDARY_MAX; b++) {
    e->bc[b]          = DIO_BC_FREE;
    e->roller_axis[b] = -1;
  }
  e->fresh_iterations = -1;
  e->loads.gravity       = 9.81;
  e->loads.water_density = 1025.0;
  e->loads.water_level   = 0.0;
  e->loads.sea_load      = PETSC_TRUE;
  e->loads.pore_pressure = PETSC_TRUE;
  e->load_factor         = 1.0;
  e->pc_generation       = -1;
  e->K_generation        = -1;
  e->stage_incremental   = PETSC_TRUE;
  PetscCall(PetscLogEventRegister("DioElasSetUp", DM_CLASSID, &e->event_setup));
  PetscCall(PetscLogEventRegister("DioElasAssemble", DM_CLASSID, &e->event_assembly));
  PetscCall(PetscLogEventRegister("DioElasInsert", DM_CLASSID, &e->event_insert));
  PetscCall(PetscLogEventRegister("DioElasSolve", KSP_CLASSID, &e->event_solve));
  PetscCall(PetscLogEventRegister("DioElasFields", DM_CLASSID, &e->event_fields));
  *elas = e;
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticityDestroy(DioElasticity *elas)
{
  DioElasticity e = *elas;

  PetscFunctionBegin;
  if (e == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree(e->layer));
  PetscCall(PetscFree5(e->cell_local_dofs, e->cell_global_dofs, e->cell_nodes, e->cell_layer, e->cell_frozen));
  PetscCall(PetscFree2(e->load_face_cell, e->load_face_id));
  PetscCall(PetscFree(e->local_constrained));
  PetscCall(PetscFree(e->prescribed_value));
  PetscCall(PetscFree(e->local_pinned));
  PetscCall(PetscFree(e->node_rotation));
  PetscCall(PetscFree(e->rotation));
  PetscCall(PetscFree5(e->pressure_face_cell, e->pressure_face_id, e->pressure_p0, e->pressure_gradient, e->pressure_z0));
  PetscCall(PetscFree3(e->traction_face_cell, e->traction_face_id, e->traction_value));
  PetscCall(PetscFree(e->cell_active));
  PetscCall(PetscFree(e->cell_changed));
  if (e->load_cache) {
    PetscCall(PetscFree5(e->load_cache->Fe, e->load_cache->stress, e->load_cache->layer, e->load_cache->frozen, e->load_cache->active));
    PetscCall(PetscFree(e->load_cache->layers));
    PetscCall(PetscFree(e->load_cache));
  }
  PetscCall(PetscFree2(e->K_constrained, e->K_node_marked));
  PetscCall(PetscFree(e->initial_stress));
  PetscCall(PetscFree(e->cell_lame));
  PetscCall(PetscFree(e->eigenstrain));
  PetscCall(PetscFree(e->free_strain_zz));
  PetscCall(DioPlasticityDestroy_Internal(e));
  PetscCall(VecDestroy(&e->node_coords));
  PetscCall(KSPDestroy(&e->ksp));
  PetscCall(KSPDestroy(&e->ksp_direct));
  PetscCall(MatDestroy(&e->K));
  PetscCall(DMDestroy(&e->dm_u));
  PetscCall(DMDestroy(&e->dm));
  PetscCall(PetscFree(*elas));
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticitySetBoundaryCondition(DioElasticity elas, PetscInt boundary_id, DioBoundaryCondition bc)
{
  PetscFunctionBegin;
  PetscCall(DioFECheckBoundaryId_Internal(boundary_id, DIO_BOUNDARY_MAX));
  elas->bc[boundary_id] = bc;
  PetscFunctionReturn(0);
}

/* The component (0 .. dim-1) a roller on boundary_id holds, instead of the one its DioBoundaryId implies (an imported
   mesh's boundaries: the axis its faces are normal to, DioMeshBoundaryNormalAxis()). Before DioElasticitySetUp(). */
PetscErrorCode DioElasticitySetRollerAxis(DioElasticity elas, PetscInt boundary_id, PetscInt axis)
{
  PetscFunctionBegin;
  PetscCall(DioFECheckBoundaryId_Internal(boundary_id, DIO_BOUNDARY_MAX));
  PetscCheck(axis >= 0 && axis < elas->dim, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "roller axis %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")", axis, elas->dim);
  elas->roller_axis[boundary_id] = axis;
  PetscFunctionReturn(0);
}

/* The components (bit d: component d) a fixed condition on boundary_id holds; 0 (the default) holds all. Before
   DioElasticitySetUp(). */
PetscErrorCode DioElasticitySetFixedComponents(DioElasticity elas, PetscInt boundary_id, PetscInt component_bits)
{
  PetscFunctionBegin;
  PetscCall(DioFECheckBoundaryId_Internal(boundary_id, DIO_BOUNDARY_MAX));
  elas->fixed_components[boundary_id] = component_bits;
  PetscFunctionReturn(0);
}

/* 2D plane stress (sigma_zz = 0; the default is plane strain, eps_zz = 0). Before DioElasticitySetUp(); refused
   there with elastoplastic layers, and by the thermal coupling (DioElasticitySetCellEigenstrain / SetCellElastic). */
PetscErrorCode DioElasticitySetPlaneStress(DioElasticity elas, PetscBool plane_stress)
{
  PetscFunctionBegin;
  PetscCheck(!plane_stress || elas->dim == 2, PetscObjectComm((PetscObject)elas->dm), PETSC_ERR_USER_INPUT,
             "plane stress needs a 2D mesh (this one is %" PetscInt_FMT "D)", elas->dim);
  elas->plane_stress = plane_stress;
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticitySetLoads(DioElasticity elas, const DioElasLoads *loads)
{
  PetscFunctionBegin;
  elas->loads = *loads;
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticitySetBodyForce(DioElasticity elas, DioVectorFieldFn force, void *ctx)
{
  PetscFunctionBegin;
  elas->body_force     = force;
  elas->body_force_ctx = ctx;
  PetscFunctionReturn(0);
}

/* The component a roller holds: the normal of that boundary. */
static PetscInt RollerComponent(PetscInt dim, PetscInt boundary_id)
{
  switch (boundary_id) {
  case DIO_BOUNDARY_WEST:
  case DIO_BOUNDARY_EAST:
    return 0;
  case DIO_BOUNDARY_SOUTH:
  case DIO_BOUNDARY_NORTH:
    return 1;
  default:
    return dim - 1; /* surface, base: vertical */
  }
}



/* Dirichlet flags on local dofs, made consistent across ranks through the section SF (a dof held by a boundary face
   on one rank is held on every rank that sees it). */
static PetscErrorCode MarkConstrainedDofs(DioElasticity e)
{
  PetscSection section;
  PetscInt     local_size;

  PetscFunctionBegin;
  PetscCall(DMGetLocalSection(e->dm_u, &section));
  PetscCall(PetscSectionGetStorageSize(section, &local_size));
  PetscCall(PetscCalloc1(local_size, &e->local_constrained));
  PetscCall(PetscCalloc1(local_size, &e->local_pinned));
  for (PetscInt b = 1; b <= DIO_BOUNDARY_MAX; b++) {
    PetscBool mask[3];
    PetscInt  axis = e->roller_axis[b] >= 0 ? e->roller_axis[b] : RollerComponent(e->dim, b);
    if (e->bc[b] == DIO_BC_FREE) continue;
    /* fixed: every component; roller: the boundary's normal */
    for (PetscInt d = 0; d < e->dim; d++) mask[d] = (PetscBool)(e->bc[b] == DIO_BC_FIXED || d == axis);
    if (e->bc[b] == DIO_BC_FIXED && e->fixed_components[b])
      for (PetscInt d = 0; d < e->dim; d++) mask[d] = (PetscBool)((e->fixed_components[b] >> d) & 1);
    if (e->bc[b] == DIO_BC_ROLLER && e->roller_inclined[b]) continue; /* DioElasticityMarkInclinedRollers_Internal() */
    PetscCall(DioFEMarkBoundaryNodes_Internal(e->dm, e->dm_u, b, mask, DIO_DOF_CONSTRAINED, e->local_constrained));
  }
  PetscCall(DioSyncLocalDofs_Internal(e->dm_u, e->local_constrained, MPI_MAX));
  PetscCall(DioElasticityMarkInclinedRollers_Internal(e));
  PetscFunctionReturn(0);
}

static PetscErrorCode FindLoadFaces(DioElasticity e)
{
  DMLabel  label;
  PetscInt num_faces = 0;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(e->dm, DIO_LABEL_BOUNDARY, &label));
  if (label) PetscCall(DMLabelGetStratumSize(label, DIO_BOUNDARY_SURFACE, &num_faces));
  PetscCall(PetscMalloc2(num_faces, &e->load_face_cell, num_faces, &e->load_face_id));
  e->num_load_faces = 0;
  PetscCall(DioFEFindBoundaryFaces_Internal(e->dm, &e->tab, e->cell_nodes, DIO_BOUNDARY_SURFACE, &e->num_load_faces, e->load_face_cell,
                                            e->load_face_id));
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticitySetUpDiscretization_Internal(DioElasticity e)
{
  PetscSection local_section;
  Vec          node_coords_local;
  DMLabel      frozen_label;
  PetscInt     cEnd, dim = e->dim, ndof, local_size, bad_layer;
  PetscReal   *node_x;
  PetscScalar *nodes;
  MPI_Comm     comm = PetscObjectComm((PetscObject)e->dm);

  PetscFunctionBegin;
  PetscCall(DioFETabulate_Internal(e->dm, dim, e->order, &e->tab, e->face_tab));
  PetscCall(DioFECreateFieldDM_Internal(e->dm, e->order, dim, "displacement", &e->dm_u));
  PetscCall(DMGetLocalSection(e->dm_u, &local_section));
  PetscCall(PetscSectionGetStorageSize(local_section, &local_size));
  PetscCall(DMPlexGetHeightStratum(e->dm, 0, &e->cStart, &cEnd));
  e->num_cells      = cEnd - e->cStart;
  e->nodes_per_cell = e->tab.num_nodes;
  e->dofs_per_cell  = ndof = e->tab.num_nodes * dim;

  PetscCall(PetscMalloc5(e->num_cells * ndof, &e->cell_local_dofs, e->num_cells * ndof, &e->cell_global_dofs, e->num_cells * ndof, &e->cell_nodes,
                         e->num_cells, &e->cell_layer, e->num_cells, &e->cell_frozen));
  /* node coordinates: one dim-vector per node, the layout of the local displacement vector */
  PetscCall(PetscMalloc1(local_size + 1, &node_x));
  PetscCall(DioFENodeCoordinates_Internal(e->dm, e->dm_u, dim, node_x));
  PetscCall(DioFECellMaps_Internal(e->dm, e->dm_u, dim, ndof, e->num_layers, node_x, e->cell_local_dofs, e->cell_global_dofs, e->cell_nodes, e->cell_layer,
                                   &bad_layer));
  PetscCheck(bad_layer < 0, comm, PETSC_ERR_USER_INPUT, "mesh label '%s' has value %" PetscInt_FMT " but the material table has %" PetscInt_FMT " layers",
             DIO_LABEL_LAYER, bad_layer, e->num_layers);
  PetscCall(DMGetLabel(e->dm, DIO_LABEL_PERMAFROST, &frozen_label));
  {
    PetscInt *frozen;
    PetscCall(PetscMalloc1(e->num_cells, &frozen));
    PetscCall(DioFECellLabelValues_Internal(e->dm, frozen_label, -1, frozen));
    for (PetscInt c = 0; c < e->num_cells; c++) e->cell_frozen[c] = (PetscBool)(frozen[c] == 1);
    PetscCall(PetscFree(frozen));
  }
  PetscCall(DMCreateLocalVector(e->dm_u, &node_coords_local));
  PetscCall(VecGetArray(node_coords_local, &nodes));
  for (PetscInt i = 0; i < local_size; i++) nodes[i] = node_x[i];
  PetscCall(VecRestoreArray(node_coords_local, &nodes));
  PetscCall(PetscFree(node_x));
  PetscCall(MarkConstrainedDofs(e));
  PetscCall(FindLoadFaces(e));
  PetscCall(DMCreateGlobalVector(e->dm_u, &e->node_coords));
  PetscCall(DioFELocalToGlobal_Internal(e->dm_u, node_coords_local, INSERT_VALUES, e->node_coords));
  PetscCall(VecSetBlockSize(e->node_coords, dim));
  PetscCall(VecDestroy(&node_coords_local));

  PetscFunctionReturn(0);
}

/* The layers' constants from the material table, the discretisation, the elastoplastic state (if any layer is
   elastoplastic); once, before the first assembly. Collective. */
PetscErrorCode DioElasticitySetUp(DioElasticity e)
{
  PetscFunctionBegin;
  if (e->setup) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(e->event_setup, 0, 0, 0, 0));
  PetscCall(DioMaterialTableGetNumLayers(e->materials, &e->num_layers));
  PetscCall(PetscMalloc1(e->num_layers, &e->layer));
  e->modulus_scale = 0;
  for (PetscInt l = 0; l < e->num_layers; l++) {
    const DioLayerMaterial *m;
    double                  lambda, mu;
    PetscCall(DioMaterialTableGetLayer(e->materials, l, &m));
    dio_elas_lame(m->youngs_modulus, m->poissons_ratio, &lambda, &mu);
    /* plane stress: the in-plane response of sigma_zz = 0 is that of plane strain with
       lambda* = 2 lambda mu / (lambda + 2 mu) */
    if (e->plane_stress) lambda = 2.0 * lambda * mu / (lambda + 2.0 * mu);
    e->layer[l].lambda         = lambda;
    e->layer[l].mu             = mu;
    e->layer[l].density        = m->density;
    e->layer[l].density_frozen = m->density_frozen;
    e->layer[l].saturated      = m->saturated;
    e->modulus_scale           = PetscMax(e->modulus_scale, m->youngs_modulus);
  }
  PetscCall(DioElasticitySetUpDiscretization_Internal(e));
  PetscCall(DioPlasticityCreate_Internal(e));
  PetscCheck(!(e->plane_stress && e->plastic), PetscObjectComm((PetscObject)e->dm), PETSC_ERR_USER_INPUT,
             "plane stress with an elastoplastic layer is not supported (the return map is three-dimensional): use "
             "plane strain or an elastic material");
  e->setup = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(e->event_setup, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticityGetNumDofs(DioElasticity elas, PetscInt *num_dofs_global)
{
  PetscFunctionBegin;
  PetscCall(VecGetSize(elas->node_coords, num_dofs_global));
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticityCreateGlobalVector(DioElasticity elas, Vec *u)
{
  PetscFunctionBegin;
  PetscCall(DMCreateGlobalVector(elas->dm_u, u));
  PetscCall(VecSetBlockSize(*u, elas->dim));
  PetscFunctionReturn(0);
}

/* The cells whose element matrix changes (mask[c]; with layer >= 0 the cells of that layer; else a change of activity
   to active[]: NULL every cell active), for the incremental assembly of K (elasticity_matrix.c); one
   operator_generation increment accounted for. Not collective. */
static PetscErrorCode MarkChangedCells(DioElasticity e, const PetscBool mask[], PetscInt layer, const PetscBool active[])
{
  PetscFunctionBegin;
  if (e->cell_changed == NULL) PetscCall(PetscCalloc1(e->num_cells + 1, &e->cell_changed));
  for (PetscInt c = 0; c < e->num_cells; c++) {
    const PetscBool now = active ? active[c] : PETSC_TRUE;
    if (mask ? mask[c] : layer >= 0 ? e->cell_layer[c] == layer : now != DioElasticityCellActive_Internal(e, c)) e->cell_changed[c] = PETSC_TRUE;
  }
  e->tracked_generation++;
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticitySetActiveCells(DioElasticity e, const PetscBool active[])
{
  const PetscInt ndof = e->dofs_per_cell;
  PetscInt       local_size, *count;
  PetscSection   section;

  PetscFunctionBegin;
  PetscCheck(e->setup, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_ORDER, "call DioElasticitySetUp() first");
  PetscCall(DMGetLocalSection(e->dm_u, &section));
  PetscCall(PetscSectionGetStorageSize(section, &local_size));
  e->operator_generation++;
  PetscCall(MarkChangedCells(e, NULL, -1, active));
  if (active == NULL) {
    e->pc_stale = (PetscBool)(e->pc_stale || e->cell_active != NULL);
    PetscCall(PetscFree(e->cell_active));
    PetscCall(PetscArrayzero(e->local_pinned, local_size));
    PetscFunctionReturn(0);
  }
  if (e->cell_active == NULL) PetscCall(PetscMalloc1(e->num_cells, &e->cell_active));
  PetscCall(PetscArraycpy(e->cell_active, active, e->num_cells));
  e->pc_stale = PETSC_TRUE; /* other dofs pinned: nothing of the last preconditioner is kept (-mech_stage_reuse) */
  /* a dof that no active cell holds, on any rank, is pinned */
  PetscCall(PetscCalloc1(local_size, &count));
  for (PetscInt c = 0; c < e->num_cells; c++) {
    if (!active[c]) continue;
    for (PetscInt i = 0; i < ndof; i++) count[e->cell_local_dofs[c * ndof + i]]++;
  }
  PetscCall(DioSyncLocalDofs_Internal(e->dm_u, count, MPI_SUM));
  for (PetscInt i = 0; i < local_size; i++) e->local_pinned[i] = count[i] == 0;
  PetscCall(PetscFree(count));
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticityReplaceCells(DioElasticity e, const PetscBool mask[], PetscInt layer)
{
  const PetscInt nq = e->tab.num_qpoints;

  PetscFunctionBegin;
  PetscCheck(e->setup, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_ORDER, "call DioElasticitySetUp() first");
  PetscCheck(layer >= 0 && layer < e->num_layers, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "layer %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")", layer,
             e->num_layers);
  e->operator_generation++;
  PetscCall(MarkChangedCells(e, mask, -1, NULL));
  for (PetscInt c = 0; c < e->num_cells; c++) {
    if (!mask[c]) continue;
    e->cell_layer[c]  = layer;
    e->cell_frozen[c] = PETSC_FALSE;
    if (e->initial_stress) PetscCall(PetscArrayzero(&e->initial_stress[(size_t)c * nq * 6], nq * 6));
    if (e->plastic) {
      /* new material, no history: it carries only what happens after it is placed */
      PetscCall(PetscArrayzero(&e->plastic->stress[(size_t)c * nq * 6], nq * 6));
      PetscCall(PetscArrayzero(&e->plastic->plastic_strain[(size_t)c * nq * 6], nq * 6));
      PetscCall(PetscArrayzero(&e->plastic->yield[(size_t)c * nq], nq));
    }
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticitySetLayerElastic(DioElasticity e, PetscInt layer, PetscReal youngs_modulus, PetscReal poissons_ratio, PetscReal density,
                                            PetscBool saturated)
{
  double lambda, mu;

  PetscFunctionBegin;
  PetscCheck(e->setup, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_ORDER, "call DioElasticitySetUp() first");
  PetscCheck(layer >= 0 && layer < e->num_layers, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "layer %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")", layer,
             e->num_layers);
  dio_elas_lame(youngs_modulus, poissons_ratio, &lambda, &mu);
  e->operator_generation++;
  PetscCall(MarkChangedCells(e, NULL, layer, NULL));
  e->layer[layer].lambda         = lambda;
  e->layer[layer].mu             = mu;
  e->layer[layer].density        = density;
  e->layer[layer].density_frozen = density;
  e->layer[layer].saturated      = saturated;
  if (e->plastic) e->plastic->layer_plastic[layer] = PETSC_FALSE; /* elastic, as the name says */
  PetscFunctionReturn(0);
}

/*
  DioElasticityAddLayerBulkModulus - the layer's bulk modulus K + bulk_modulus with its shear modulus kept (lambda grows
  by bulk_modulus): an undrained layer's water stiffness. Refused for an elastoplastic layer (its return map works in
  effective stress), per-cell moduli (thaw) and plane stress. Collective.
*/
PetscErrorCode DioElasticityAddLayerBulkModulus(DioElasticity e, PetscInt layer, PetscReal bulk_modulus)
{
  MPI_Comm comm = PetscObjectComm((PetscObject)e->dm);

  PetscFunctionBegin;
  PetscCheck(e->setup, comm, PETSC_ERR_ORDER, "call DioElasticitySetUp() first");
  PetscCheck(layer >= 0 && layer < e->num_layers, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "layer %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")", layer,
             e->num_layers);
  PetscCheck(bulk_modulus >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "added bulk modulus %g Pa: must be >= 0", (double)bulk_modulus);
  PetscCheck(e->plastic == NULL || !e->plastic->layer_plastic[layer], comm, PETSC_ERR_SUP,
             "undrained elastoplastic layers are not supported (the return map works in effective stress): set the layer's drainage to drained or "
             "-materials_constitutive elastic");
  PetscCheck(e->cell_lame == NULL && !e->plane_stress, comm, PETSC_ERR_SUP, "undrained layers: not with per-cell moduli (thaw) or plane stress");
  e->operator_generation++;
  PetscCall(MarkChangedCells(e, NULL, layer, NULL));
  e->layer[layer].lambda += bulk_modulus;
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticitySetUniformInitialStress(DioElasticity e, const PetscReal sig6[])
{
  const PetscInt nq = e->tab.num_qpoints;

  PetscFunctionBegin;
  PetscCheck(e->setup, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_ORDER, "call DioElasticitySetUp() first");
  if (e->initial_stress == NULL) PetscCall(PetscMalloc1((size_t)e->num_cells * nq * 6, &e->initial_stress));
  for (PetscInt i = 0; i < e->num_cells * nq; i++) {
    for (PetscInt k = 0; k < 6; k++) e->initial_stress[6 * i + k] = sig6[k];
  }
  if (e->plastic) PetscCall(PetscArraycpy(e->plastic->stress, e->initial_stress, (size_t)e->num_cells * nq * 6));
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticitySetLoadFactor(DioElasticity e, PetscReal factor)
{
  PetscFunctionBegin;
  e->load_factor = factor;
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticityGetFaceCentroid(DioElasticity e, PetscInt c, PetscInt face, PetscReal X[])
{
  PetscFunctionBegin;
  PetscCheck(c >= 0 && c < e->num_cells && face >= 0 && face < e->tab.num_faces, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "cell %" PetscInt_FMT " face %" PetscInt_FMT " out of range", c, face);
  DioFaceNodeCentroid_Internal(&e->tab, &e->cell_nodes[c * e->dofs_per_cell], face, X);
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticitySetPressureFaces(DioElasticity e, PetscInt n, const PetscInt cells[], const PetscInt faces[], const PetscReal p0[],
                                             const PetscReal gradient[], const PetscReal z0[])
{
  PetscFunctionBegin;
  PetscCall(PetscFree5(e->pressure_face_cell, e->pressure_face_id, e->pressure_p0, e->pressure_gradient, e->pressure_z0));
  e->num_pressure_faces = n;
  PetscCall(PetscMalloc5(n, &e->pressure_face_cell, n, &e->pressure_face_id, n, &e->pressure_p0, n, &e->pressure_gradient, n, &e->pressure_z0));
  PetscCall(PetscArraycpy(e->pressure_face_cell, cells, n));
  PetscCall(PetscArraycpy(e->pressure_face_id, faces, n));
  PetscCall(PetscArraycpy(e->pressure_p0, p0, n));
  PetscCall(PetscArraycpy(e->pressure_gradient, gradient, n));
  PetscCall(PetscArraycpy(e->pressure_z0, z0, n));
  PetscFunctionReturn(0);
}

/* Uniform tractions traction[k][3] (Pa; components beyond dim ignored) on reference face faces[k] of local cell
   cells[k]; replaces the previous list (n = 0 clears it). Scaled by the load factor like every load. */
PetscErrorCode DioElasticitySetTractionFaces(DioElasticity e, PetscInt n, const PetscInt cells[], const PetscInt faces[], const PetscReal traction[])
{
  PetscFunctionBegin;
  PetscCall(PetscFree3(e->traction_face_cell, e->traction_face_id, e->traction_value));
  e->num_traction_faces = n;
  PetscCall(PetscMalloc3(n, &e->traction_face_cell, n, &e->traction_face_id, 3 * n, &e->traction_value));
  PetscCall(PetscArraycpy(e->traction_face_cell, cells, n));
  PetscCall(PetscArraycpy(e->traction_face_id, faces, n));
  PetscCall(PetscArraycpy(e->traction_value, traction, 3 * n));
  PetscFunctionReturn(0);
}

/* This rank's faces of boundary boundary_id ("Face Sets" value) as local cells and reference faces, for
   DioElasticitySetPressureFaces() and DioElasticitySetTractionFaces(); *cells and *faces allocated (PetscFree2). */
PetscErrorCode DioElasticityGetBoundaryFaces(DioElasticity e, PetscInt boundary_id, PetscInt *n, PetscInt **cells, PetscInt **faces)
{
  DMLabel  label;
  PetscInt size = 0;

  PetscFunctionBegin;
  PetscCheck(e->setup, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_ORDER, "call DioElasticitySetUp() first");
  PetscCall(DMGetLabel(e->dm, DIO_LABEL_BOUNDARY, &label));
  if (label) PetscCall(DMLabelGetStratumSize(label, boundary_id, &size));
  PetscCall(PetscMalloc2(size + 1, cells, size + 1, faces));
  *n = 0;
  PetscCall(DioFEFindBoundaryFaces_Internal(e->dm, &e->tab, e->cell_nodes, boundary_id, n, *cells, *faces));
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticityGetNodeCoordinates(DioElasticity e, Vec *node_coords)
{
  PetscFunctionBegin;
  *node_coords = e->node_coords;
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticityGetInitialStress(DioElasticity e, PetscInt *num_qpoints, PetscReal **initial_stress)
{
  PetscFunctionBegin;
  PetscCheck(e->setup, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_ORDER, "call DioElasticitySetUp() first");
  if (e->initial_stress == NULL) PetscCall(PetscCalloc1((size_t)e->num_cells * e->tab.num_qpoints * 6, &e->initial_stress));
  *num_qpoints    = e->tab.num_qpoints;
  *initial_stress = e->initial_stress;
  PetscFunctionReturn(0);
}
