/* SPDX-License-Identifier: BSD-2-Clause
   heat_discretization.c: DioHeat's life cycle and settings, the temperature section (Q1: one node per vertex; Q2: one
   per vertex, edge, face and cell), the per-cell maps the kernels need (dofs, node coordinates, lumped weights,
   layer) and the element temperatures gathered through them, the Dirichlet flags and the faces that carry a flux. */
#include "heat_impl.h"
#include "fe_common.h"

static const char *const DioHeatTangents[] = {"newton", "secant", "DioHeatTangent", "DIO_HEAT_TANGENT_", NULL};

/*
  DioHeatCreate - heat conduction with freezing on the cells of dm. Collective.

  Input: dm (quads or hexes, labels "layer" and "Face Sets"; referenced, not copied), order (1 or 2), num_layers and
  materials[num_layers] (copied; layer label value l uses materials[l], cells without the label use layer 0).
  Output: heat, destroyed with DioHeatDestroy().
*/
PetscErrorCode DioHeatCreate(DM dm, PetscInt order, PetscInt num_layers, const DioHeatMaterial materials[],
                             DioHeat *heat)
{
  DioHeat  h;
  MPI_Comm comm = PetscObjectComm((PetscObject)dm);

  PetscFunctionBegin;
  PetscCheck(order == 1 || order == 2, comm, PETSC_ERR_USER_INPUT,
             "heat: element order %" PetscInt_FMT ": must be 1 (linear) or 2 (quadratic)", order);
  PetscCheck(num_layers >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "heat: %" PetscInt_FMT " layers: need at least one material", num_layers);
  PetscCall(PetscNew(&h));
  PetscCall(PetscObjectReference((PetscObject)dm));
  h->dm         = dm;
  h->order      = order;
  h->num_layers = num_layers;
  PetscCall(DMGetDimension(dm, &h->dim));
  PetscCheck(h->dim == 2 || h->dim == 3, comm, PETSC_ERR_SUP,
             "mesh dimension %" PetscInt_FMT ": only 2 and 3 are supported", h->dim);
  PetscCall(PetscMalloc1(num_layers, &h->material));
  for (PetscInt l = 0; l < num_layers; l++) PetscCall(DioHeatSetLayerMaterial(h, l, &materials[l]));
  h->stepping.dt_initial      = 86400.0;
  h->stepping.dt_min          = 1.0;
  h->stepping.dt_max          = PETSC_MAX_REAL;
  h->stepping.growth          = 1.5;
  h->stepping.shrink          = 0.5;
  h->stepping.fast_iterations = 4;
  h->dt_next                  = h->stepping.dt_initial;
  h->tangent                  = DIO_HEAT_TANGENT_NEWTON;
  PetscCall(PetscLogEventRegister("DioHeatSetUp", DM_CLASSID, &h->event_setup));
  PetscCall(PetscLogEventRegister("DioHeatResidual", DM_CLASSID, &h->event_residual));
  PetscCall(PetscLogEventRegister("DioHeatJacobian", DM_CLASSID, &h->event_jacobian));
  PetscCall(PetscLogEventRegister("DioHeatStep", SNES_CLASSID, &h->event_step));
  *heat = h;
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatDestroy(DioHeat *heat)
{
  DioHeat h = *heat;

  PetscFunctionBegin;
  if (h == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree(h->material));
  PetscCall(PetscFree6(h->cell_local_dofs, h->cell_global_dofs, h->cell_nodes, h->cell_mass, h->cell_dirichlet_diag,
                       h->cell_layer));
  PetscCall(PetscFree3(h->local_node_x, h->local_bc, h->local_dirichlet));
  PetscCall(PetscFree3(h->flux_face_cell, h->flux_face_ref, h->flux_face_id));
  PetscCall(PetscFree4(h->cell_T_old, h->cell_T_ref, h->local_load, h->cell_residual));
  PetscCall(VecDestroy(&h->dirichlet_mask));
  PetscCall(VecDestroy(&h->T_old));
  PetscCall(VecDestroy(&h->R));
  PetscCall(VecDestroy(&h->T_trial));
  PetscCall(VecDestroy(&h->R_balance));
  PetscCall(MatDestroy(&h->J));
  PetscCall(SNESDestroy(&h->snes));
  PetscCall(DMDestroy(&h->dm_T));
  PetscCall(DMDestroy(&h->dm));
  PetscCall(PetscFree(*heat));
  PetscFunctionReturn(0);
}

/* Replace the parameters of one layer; allowed at any time (the next residual uses them). */
PetscErrorCode DioHeatSetLayerMaterial(DioHeat heat, PetscInt layer, const DioHeatMaterial *material)
{
  MPI_Comm comm = PetscObjectComm((PetscObject)heat->dm);

  PetscFunctionBegin;
  PetscCheck(layer >= 0 && layer < heat->num_layers, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "heat: layer %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")", layer, heat->num_layers);
  PetscCheck(
      !dio_heat_material_check(material), comm, PETSC_ERR_USER_INPUT,
      "heat: layer %" PetscInt_FMT
      ": invalid thermal parameters (curve %d, k_u %g, k_f %g W/m/K, C_u %g, C_f %g J/m3/K, L %g J/m3, width %g K, "
      "S_res %g, power law a %g, b %g): conductivities and capacities must be > 0, L >= 0, width > 0, S_res in [0, 1), "
      "a > 0, b in (-1, 0)",
      layer, material->curve, material->conductivity_unfrozen, material->conductivity_frozen,
      material->capacity_unfrozen, material->capacity_frozen, material->latent_heat, material->curve_width,
      material->residual_saturation, material->power_coefficient, material->power_exponent);
  heat->material[layer] = *material;
  PetscFunctionReturn(0);
}

static PetscErrorCode SetBoundary(DioHeat heat, PetscInt boundary_id, DioHeatBCKind kind, DioHeatScalarFn fn, void *ctx,
                                  PetscReal constant)
{
  MPI_Comm comm = PetscObjectComm((PetscObject)heat->dm);

  PetscFunctionBegin;
  PetscCheck(boundary_id >= 1 && boundary_id <= DIO_BOUNDARY_MAX, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "heat: boundary id %" PetscInt_FMT " not in [1, %d]", boundary_id, DIO_BOUNDARY_MAX);
  heat->bc[boundary_id].kind     = kind; /* after DioHeatSetUp(): from DioHeatUpdateBoundaries() on */
  heat->bc[boundary_id].fn       = fn;
  heat->bc[boundary_id].ctx      = ctx;
  heat->bc[boundary_id].constant = constant;
  PetscFunctionReturn(0);
}

/* Dirichlet temperature (degC) temperature(t, X) on the faces with "Face Sets" value boundary_id. A node on two
   Dirichlet boundaries takes the value of the smaller id. */
PetscErrorCode DioHeatSetBoundaryTemperature(DioHeat heat, PetscInt boundary_id, DioHeatScalarFn temperature, void *ctx)
{
  PetscFunctionBegin;
  PetscCall(SetBoundary(heat, boundary_id, DIO_HEAT_BC_TEMPERATURE, temperature, ctx, 0.0));
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatSetBoundaryTemperatureConstant(DioHeat heat, PetscInt boundary_id, PetscReal temperature_C)
{
  PetscFunctionBegin;
  PetscCall(SetBoundary(heat, boundary_id, DIO_HEAT_BC_TEMPERATURE, NULL, NULL, temperature_C));
  PetscFunctionReturn(0);
}

/* Convection on the faces with "Face Sets" value boundary_id: heat flux into the domain h_c (T_ambient - T), with
   coefficient h_c (W/m2/K, > 0) and ambient temperature (degC). */
PetscErrorCode DioHeatSetBoundaryConvection(DioHeat heat, PetscInt boundary_id, PetscReal coefficient_W_m2K, PetscReal ambient_C)
{
  PetscFunctionBegin;
  PetscCheck(coefficient_W_m2K > 0, PetscObjectComm((PetscObject)heat->dm), PETSC_ERR_ARG_OUTOFRANGE, "heat: convection coefficient %g: must be > 0 W/m2/K",
             (double)coefficient_W_m2K);
  PetscCall(SetBoundary(heat, boundary_id, DIO_HEAT_BC_CONVECTION, NULL, NULL, ambient_C));
  heat->bc[boundary_id].coefficient = coefficient_W_m2K;
  heat->has_convection              = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* Heat flux into the domain (W/m2, > 0 heats it: the geothermal flux at the base) flux_in(t, X) on the faces with
   "Face Sets" value boundary_id. Boundaries with no condition are insulated. */
PetscErrorCode DioHeatSetBoundaryFlux(DioHeat heat, PetscInt boundary_id, DioHeatScalarFn flux_in, void *ctx)
{
  PetscFunctionBegin;
  PetscCall(SetBoundary(heat, boundary_id, DIO_HEAT_BC_FLUX, flux_in, ctx, 0.0));
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatSetBoundaryFluxConstant(DioHeat heat, PetscInt boundary_id, PetscReal flux_in_W_m2)
{
  PetscFunctionBegin;
  PetscCall(SetBoundary(heat, boundary_id, DIO_HEAT_BC_FLUX, NULL, NULL, flux_in_W_m2));
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatSetTimeStepping(DioHeat heat, const DioHeatTimeStepping *s)
{
  MPI_Comm comm = PetscObjectComm((PetscObject)heat->dm);

  PetscFunctionBegin;
  PetscCheck(s->dt_min > 0 && s->dt_initial >= s->dt_min && s->dt_max >= s->dt_initial, comm, PETSC_ERR_USER_INPUT,
             "heat time steps: need 0 < dt_min <= dt_initial <= dt_max, got dt_min %g s, dt_initial %g s, dt_max %g s",
             (double)s->dt_min, (double)s->dt_initial, (double)s->dt_max);
  PetscCheck(
      s->growth >= 1 && s->shrink > 0 && s->shrink < 1 && s->fast_iterations >= 0, comm, PETSC_ERR_USER_INPUT,
      "heat time steps: need growth >= 1 (got %g), shrink in (0, 1) (got %g), fast_iterations >= 0 (got %" PetscInt_FMT
      ")",
      (double)s->growth, (double)s->shrink, s->fast_iterations);
  heat->stepping = *s;
  heat->dt_next  = s->dt_initial;
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatGetTimeStepping(DioHeat heat, DioHeatTimeStepping *stepping)
{
  PetscFunctionBegin;
  *stepping = heat->stepping;
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatSetTangent(DioHeat heat, DioHeatTangent tangent)
{
  PetscFunctionBegin;
  heat->tangent = tangent;
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatSetMonitor(DioHeat heat, DioHeatMonitorFn monitor, void *ctx)
{
  PetscFunctionBegin;
  heat->monitor     = monitor;
  heat->monitor_ctx = ctx;
  PetscFunctionReturn(0);
}

/*
  DioHeatSetFromOptions - read the time-step and tangent options. Collective.

  Options: -heat_dt_initial <s> (86400), -heat_dt_min <s> (1), -heat_dt_max <s> (no limit), -heat_dt_growth (1.5),
  -heat_dt_shrink (0.5), -heat_dt_fast_iterations (4), -heat_tangent newton|secant (newton), -heat_progress.
  The SNES/KSP options (-heat_snes_monitor, -heat_ksp_type, ...) are read by DioHeatSetUp().
*/
PetscErrorCode DioHeatSetFromOptions(DioHeat heat)
{
  DioHeatTimeStepping s           = heat->stepping;
  PetscBool           initial_set = PETSC_FALSE;
  PetscEnum           tangent     = (PetscEnum)heat->tangent;

  PetscFunctionBegin;
  PetscOptionsBegin(PetscObjectComm((PetscObject)heat->dm), "heat_", "Heat conduction with freezing", NULL);
  PetscCall(PetscOptionsReal("-dt_initial", "first time step (s)", "DioHeatSetTimeStepping", s.dt_initial,
                             &s.dt_initial, &initial_set));
  PetscCall(PetscOptionsReal("-dt_min", "smallest time step before the run stops with an error (s)",
                             "DioHeatSetTimeStepping", s.dt_min, &s.dt_min, NULL));
  PetscCall(PetscOptionsReal("-dt_max", "largest time step (s)", "DioHeatSetTimeStepping", s.dt_max, &s.dt_max, NULL));
  PetscCall(PetscOptionsReal("-dt_growth", "step growth factor after a fast Newton convergence (1 = fixed steps)",
                             "DioHeatSetTimeStepping", s.growth, &s.growth, NULL));
  PetscCall(PetscOptionsReal("-dt_shrink", "step reduction factor after a failed Newton iteration",
                             "DioHeatSetTimeStepping", s.shrink, &s.shrink, NULL));
  PetscCall(PetscOptionsInt("-dt_fast_iterations", "Newton iterations at or below which the step grows",
                            "DioHeatSetTimeStepping", s.fast_iterations, &s.fast_iterations, NULL));
  PetscCall(PetscOptionsEnum("-tangent", "capacity tangent of the Newton matrix", "DioHeatSetTangent", DioHeatTangents,
                             tangent, &tangent, NULL));
  PetscCall(PetscOptionsBool("-progress", "one line per accepted step", "DioHeatAdvance", heat->progress,
                             &heat->progress, NULL));
  PetscOptionsEnd();
  /* a bound given alone moves the first step inside it */
  if (!initial_set) s.dt_initial = PetscMin(PetscMax(s.dt_initial, s.dt_min), s.dt_max);
  PetscCall(DioHeatSetTimeStepping(heat, &s));
  heat->tangent = (DioHeatTangent)tangent;
  PetscFunctionReturn(0);
}



/* Dirichlet flags on local dofs, consistent across ranks: every rank that sees a node takes the smallest boundary id
   that any rank found for it (the section SF maps each local dof to its owner's global entry). */
static PetscErrorCode MarkDirichletDofs(DioHeat h)
{
  const PetscBool all[1] = {PETSC_TRUE};

  PetscFunctionBegin;
  /* stored as DIO_BOUNDARY_MAX + 1 - id so that MPI_MAX picks the smallest id */
  for (PetscInt b = 1; b <= DIO_BOUNDARY_MAX; b++)
    if (h->bc[b].kind == DIO_HEAT_BC_TEMPERATURE) PetscCall(DioFEMarkBoundaryNodes_Internal(h->dm, h->dm_T, b, all, DIO_BOUNDARY_MAX + 1 - b, h->local_bc));
  PetscCall(DioSyncLocalDofs_Internal(h->dm_T, h->local_bc, MPI_MAX));
  for (PetscInt i = 0; i < h->local_size; i++)
    h->local_bc[i] = h->local_bc[i] ? DIO_BOUNDARY_MAX + 1 - h->local_bc[i] : 0;
  {
    /* the global mask of Dirichlet rows, for the reaction (heat flow) through them */
    Vec          mask_local;
    PetscScalar *m;
    PetscCall(DMCreateGlobalVector(h->dm_T, &h->dirichlet_mask));
    PetscCall(DMGetLocalVector(h->dm_T, &mask_local));
    PetscCall(VecGetArray(mask_local, &m));
    for (PetscInt i = 0; i < h->local_size; i++) m[i] = h->local_bc[i] ? 1.0 : 0.0;
    PetscCall(VecRestoreArray(mask_local, &m));
    PetscCall(DMLocalToGlobal(h->dm_T, mask_local, INSERT_VALUES, h->dirichlet_mask));
    PetscCall(DMRestoreLocalVector(h->dm_T, &mask_local));
  }
  PetscFunctionReturn(0);
}

/* Boundary faces of this rank's cells that carry a flux condition. */
static PetscErrorCode FindFluxFaces(DioHeat h)
{
  DMLabel  label;
  PetscInt total = 0;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(h->dm, DIO_LABEL_BOUNDARY, &label));
  for (PetscInt b = 1; b <= DIO_BOUNDARY_MAX && label; b++) {
    PetscInt n;
    if (h->bc[b].kind != DIO_HEAT_BC_FLUX && h->bc[b].kind != DIO_HEAT_BC_CONVECTION) continue;
    PetscCall(DMLabelGetStratumSize(label, b, &n));
    total += n;
  }
  PetscCall(PetscMalloc3(total, &h->flux_face_cell, total, &h->flux_face_ref, total, &h->flux_face_id));
  h->num_flux_faces = 0;
  for (PetscInt b = 1; b <= DIO_BOUNDARY_MAX && label; b++) {
    const PetscInt first = h->num_flux_faces;
    if (h->bc[b].kind != DIO_HEAT_BC_FLUX && h->bc[b].kind != DIO_HEAT_BC_CONVECTION) continue;
    PetscCall(DioFEFindBoundaryFaces_Internal(h->dm, &h->tab, h->cell_nodes, b, &h->num_flux_faces, h->flux_face_cell,
                                              h->flux_face_ref));
    for (PetscInt i = first; i < h->num_flux_faces; i++) h->flux_face_id[i] = b;
  }
  PetscFunctionReturn(0);
}

/* No condition on the faces with "Face Sets" value boundary_id: insulated (a stage switched it off). */
PetscErrorCode DioHeatClearBoundary(DioHeat heat, PetscInt boundary_id)
{
  PetscFunctionBegin;
  PetscCall(SetBoundary(heat, boundary_id, DIO_HEAT_BC_NONE, NULL, NULL, 0.0));
  PetscFunctionReturn(0);
}

/*
  DioHeatUpdateBoundaries - after DioHeatSetUp(): the boundary conditions as set now (a stage switched them on or off)
  take effect from the next step: the held (Dirichlet) nodes, the flux and convection faces. Collective.
*/
PetscErrorCode DioHeatUpdateBoundaries(DioHeat h)
{
  PetscFunctionBegin;
  PetscCheck(h->setup, PetscObjectComm((PetscObject)h->dm), PETSC_ERR_ORDER, "call DioHeatSetUp() first");
  PetscCall(PetscArrayzero(h->local_bc, h->local_size));
  PetscCall(VecDestroy(&h->dirichlet_mask));
  PetscCall(MarkDirichletDofs(h));
  PetscCall(PetscFree3(h->flux_face_cell, h->flux_face_ref, h->flux_face_id));
  PetscCall(FindFluxFaces(h));
  h->has_convection = PETSC_FALSE; /* the conditions are the same on every rank */
  for (PetscInt b = 1; b <= DIO_BOUNDARY_MAX; b++)
    if (h->bc[b].kind == DIO_HEAT_BC_CONVECTION) h->has_convection = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatSetUpDiscretization_Internal(DioHeat h)
{
  PetscSection local_section;
  PetscInt     cEnd, dim = h->dim, nn, bad_layer;
  PetscInt     bad_cell = PETSC_MAX_INT;
  MPI_Comm     comm     = PetscObjectComm((PetscObject)h->dm);

  PetscFunctionBegin;
  PetscCall(DioFETabulate_Internal(h->dm, dim, h->order, &h->tab, h->face_tab));
  /* the row sums int N_a of a quadratic simplex vanish (triangle) or are negative (tetrahedron) at its vertices */
  PetscCheck(!(h->tab.simplex && h->order == 2), comm, PETSC_ERR_SUP,
             "heat: quadratic elements on triangles or tetrahedra have no positive lumped capacity; use linear "
             "elements (order 1) there");
  PetscCall(DioFECreateFieldDM_Internal(h->dm, h->order, 1, "temperature", &h->dm_T));
  PetscCall(DMGetLocalSection(h->dm_T, &local_section));
  PetscCall(PetscSectionGetStorageSize(local_section, &h->local_size));
  PetscCall(DMPlexGetHeightStratum(h->dm, 0, &h->cStart, &cEnd));
  h->num_cells      = cEnd - h->cStart;
  h->nodes_per_cell = nn = h->tab.num_nodes;

  PetscCall(PetscMalloc6(h->num_cells * nn, &h->cell_local_dofs, h->num_cells * nn, &h->cell_global_dofs,
                         h->num_cells * nn * dim, &h->cell_nodes, h->num_cells * nn, &h->cell_mass, h->num_cells * nn,
                         &h->cell_dirichlet_diag, h->num_cells, &h->cell_layer));
  PetscCall(PetscMalloc3(h->local_size * dim, &h->local_node_x, h->local_size, &h->local_bc, h->local_size,
                         &h->local_dirichlet));
  PetscCall(PetscArrayzero(h->local_bc, h->local_size));
  PetscCall(PetscArrayzero(h->local_dirichlet, h->local_size));
  PetscCall(PetscMalloc4(h->num_cells * nn, &h->cell_T_old, h->num_cells * nn, &h->cell_T_ref, h->local_size,
                         &h->local_load, h->num_cells * nn, &h->cell_residual));
  PetscCall(DioFENodeCoordinates_Internal(h->dm, h->dm_T, dim, h->local_node_x));
  PetscCall(DioFECellMaps_Internal(h->dm, h->dm_T, dim, nn, h->num_layers, h->local_node_x, h->cell_local_dofs, h->cell_global_dofs, h->cell_nodes,
                                   h->cell_layer, &bad_layer));
  PetscCheck(bad_layer < 0, comm, PETSC_ERR_USER_INPUT,
             "heat: mesh label '%s' has value %" PetscInt_FMT " but only %" PetscInt_FMT " thermal layers are given",
             DIO_LABEL_LAYER, bad_layer, h->num_layers);
  h->residual_scale = 0;
  for (PetscInt l = 0; l < h->num_layers; l++)
    h->residual_scale =
        PetscMax(h->residual_scale, PetscMax(h->material[l].conductivity_unfrozen, h->material[l].conductivity_frozen));
  h->residual_scale = 1.0 / h->residual_scale;

/* lumped weights, and the diagonal a Dirichlet row keeps: the element's conduction diagonal with k_u, scaled */
#pragma omp parallel for schedule(static) reduction(min : bad_cell)
  for (PetscInt c = 0; c < h->num_cells; c++) {
    double kq[DIO_MAX_QUAD_POINTS], Ke[DIO_MAX_NODES * DIO_MAX_NODES];
    for (PetscInt q = 0; q < h->tab.num_qpoints; q++)
      kq[q] = h->material[h->cell_layer[c]].conductivity_unfrozen * h->residual_scale;
    if (dio_heat_lumped_mass(&h->tab, &h->cell_nodes[c * nn * dim], &h->cell_mass[c * nn]) ||
        dio_heat_conductivity_matrix(&h->tab, &h->cell_nodes[c * nn * dim], kq, Ke)) {
      bad_cell = PetscMin(bad_cell, c);
      continue;
    }
    for (PetscInt a = 0; a < nn; a++) h->cell_dirichlet_diag[c * nn + a] = Ke[a * nn + a];
  }
  PetscCall(DioHeatCheckKernelStatus_Internal(h, bad_cell == PETSC_MAX_INT ? -1 : bad_cell, "heat set-up"));
  PetscCall(MarkDirichletDofs(h));
  PetscCall(FindFluxFaces(h));
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatGetNumDofs(DioHeat heat, PetscInt *num_dofs_global)
{
  PetscFunctionBegin;
  PetscCheck(heat->setup, PetscObjectComm((PetscObject)heat->dm), PETSC_ERR_ORDER, "call DioHeatSetUp() first");
  PetscCall(VecGetSize(heat->dirichlet_mask, num_dofs_global));
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatCreateGlobalVector(DioHeat heat, Vec *T)
{
  PetscFunctionBegin;
  PetscCheck(heat->setup, PetscObjectComm((PetscObject)heat->dm), PETSC_ERR_ORDER, "call DioHeatSetUp() first");
  PetscCall(DMCreateGlobalVector(heat->dm_T, T));
  PetscCall(PetscObjectSetName((PetscObject)*T, "temperature"));
  PetscFunctionReturn(0);
}

/* Nodal interpolation T_a = field(time, X_a) of a temperature field (degC). Collective. */
PetscErrorCode DioHeatInterpolate(DioHeat heat, DioHeatScalarFn field, void *ctx, PetscReal time, Vec T)
{
  Vec          T_local;
  PetscScalar *t;

  PetscFunctionBegin;
  PetscCheck(heat->setup, PetscObjectComm((PetscObject)heat->dm), PETSC_ERR_ORDER, "call DioHeatSetUp() first");
  PetscCall(DMGetLocalVector(heat->dm_T, &T_local));
  PetscCall(VecGetArray(T_local, &t));
  for (PetscInt i = 0; i < heat->local_size; i++) {
    PetscReal value;
    field(heat->dim, time, &heat->local_node_x[i * heat->dim], &value, ctx);
    t[i] = value;
  }
  PetscCall(VecRestoreArray(T_local, &t));
  PetscCall(DMLocalToGlobal(heat->dm_T, T_local, INSERT_VALUES, T));
  PetscCall(DMRestoreLocalVector(heat->dm_T, &T_local));
  PetscFunctionReturn(0);
}

/* Element temperatures cell_T[num_cells][nodes_per_cell] of a global vector. Collective. */
PetscErrorCode DioHeatGatherCells_Internal(DioHeat h, Vec T, PetscReal cell_T[])
{
  Vec                T_local;
  const PetscScalar *t;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(h->dm_T, &T_local));
  PetscCall(DMGlobalToLocal(h->dm_T, T, INSERT_VALUES, T_local));
  PetscCall(VecGetArrayRead(T_local, &t));
  for (PetscInt i = 0; i < h->num_cells * h->nodes_per_cell; i++) cell_T[i] = PetscRealPart(t[h->cell_local_dofs[i]]);
  PetscCall(VecRestoreArrayRead(T_local, &t));
  PetscCall(DMRestoreLocalVector(h->dm_T, &T_local));
  PetscFunctionReturn(0);
}

/* Raise, on every rank, the error for the first cell (global order of ranks) whose kernel failed. */
PetscErrorCode DioHeatCheckKernelStatus_Internal(DioHeat h, PetscInt bad_cell, const char *what)
{
  PetscFunctionBegin;
  PetscCall(DioFECheckBadCell_Internal(h->dm, bad_cell, what, "check the mesh there"));
  PetscFunctionReturn(0);
}
