/* SPDX-License-Identifier: BSD-2-Clause
   flow_discretization.c: the pore-pressure section (Q1 or P1: one dof per vertex), the per-cell maps the kernels need,
   the per-layer Biot and Darcy constants from the material table, and the drained (zero excess pressure) dofs. */
#include "flow_impl.h"
#include "fe_common.h"
#include "biot.h"

/*
  DioFlowCreate - the groundwater field on dm (referenced) with the layers of `materials` (not owned; must outlive
  the flow). water_density (kg/m3) converts conductivities into mobilities. Collective. Destroy with DioFlowDestroy().
*/
PetscErrorCode DioFlowCreate(DM dm, DioMaterialTable materials, PetscReal water_density, DioFlow *flow)
{
  DioFlow  f;
  MPI_Comm comm = PetscObjectComm((PetscObject)dm);

  PetscFunctionBegin;
  PetscCheck(water_density > 0, comm, PETSC_ERR_USER_INPUT,
             "-loads_water_density = %g: the pore water needs a density > 0 kg/m3", (double)water_density);
  PetscCall(PetscNew(&f));
  PetscCall(PetscObjectReference((PetscObject)dm));
  f->dm            = dm;
  f->materials     = materials;
  f->water_density = water_density;
  PetscCall(DMGetDimension(dm, &f->dim));
  PetscCheck(f->dim == 2 || f->dim == 3, comm, PETSC_ERR_SUP,
             "mesh dimension %" PetscInt_FMT ": only 2 and 3 are supported", f->dim);
  *flow = f;
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowDestroy(DioFlow *flow)
{
  DioFlow f = *flow;

  PetscFunctionBegin;
  if (f == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree(f->layer));
  PetscCall(PetscFree4(f->cell_local_dofs, f->cell_global_dofs, f->cell_layer, f->cell_nodes));
  PetscCall(PetscFree(f->local_drained));
  PetscCall(DioFlowBoundaryDestroy_Internal(f));
  PetscCall(PetscFree(f->condition));
  PetscCall(PetscFree(f->cell_active));
  PetscCall(DMDestroy(&f->dm_p));
  PetscCall(DMDestroy(&f->dm));
  PetscCall(PetscFree(*flow));
  PetscFunctionReturn(0);
}

/*
  DioFlowCheckLayer - error (on every rank) when layer `layer` lacks the groundwater parameters a coupled model needs:
  a porosity and a hydraulic conductivity (or permeability). Collective; for a check pass before any work, and for
  every layer a cell uses at set-up.
*/
PetscErrorCode DioFlowCheckLayer(MPI_Comm comm, DioMaterialTable materials, PetscInt layer)
{
  const DioLayerMaterial *m;
  const DioLayerFlow     *p;

  PetscFunctionBegin;
  PetscCall(DioMaterialTableGetLayer(materials, layer, &m));
  PetscCall(DioMaterialTableGetFlow(materials, layer, &p));
  /* a drained layer needs no flow parameter, an undrained one only its porosity (checked with the table) */
  if (p->drainage == DIO_DRAINAGE_DRAINED || p->drainage == DIO_DRAINAGE_UNDRAINED) PetscFunctionReturn(0);
  PetscCheck(
      p->has_flow, comm, PETSC_ERR_USER_INPUT,
      "materials: layer '%s' lacks groundwater parameters for Biot consolidation: set -materials_%s_porosity (-) and "
      "-materials_%s_hydraulic_conductivity (m/s)",
      m->name, m->name, m->name);
  PetscFunctionReturn(0);
}

/* Biot coefficient, Biot modulus and mobilities of every layer a local cell uses; a used layer without porosity or
   conductivity is an error on every rank. */
static PetscErrorCode LayerParamsSet(DioFlow f)
{
  const DioPoreWater *water;
  PetscInt           *used_local, *used;
  MPI_Comm            comm = PetscObjectComm((PetscObject)f->dm);

  PetscFunctionBegin;
  PetscCall(DioMaterialTableGetPoreWater(f->materials, &water));
  PetscCall(PetscCalloc2(f->num_layers, &used_local, f->num_layers, &used));
  for (PetscInt c = 0; c < f->num_cells; c++)
    if (DioFlowCellActive_Internal(f, c)) used_local[f->cell_layer[c]] = 1;
  PetscCall(MPIU_Allreduce(used_local, used, f->num_layers, MPIU_INT, MPI_MAX, comm));
  PetscCall(PetscMalloc1(f->num_layers, &f->layer));
  for (PetscInt l = 0; l < f->num_layers; l++) {
    const DioLayerMaterial *m;
    const DioLayerFlow     *p;
    DioFlowLayerParams     *q = &f->layer[l];
    PetscCall(DioMaterialTableGetLayer(f->materials, l, &m));
    PetscCall(DioMaterialTableGetFlow(f->materials, l, &p));
    if (used[l]) PetscCall(DioFlowCheckLayer(comm, f->materials, l));
    q->biot_coefficient = p->biot_coefficient;
    q->inverse_modulus =
        dio_biot_inverse_modulus(p->porosity, p->biot_coefficient, water->compressibility, p->grain_compressibility);
    for (PetscInt d = 0; d < 3; d++) {
      const PetscReal conductivity =
          d == f->dim - 1 ? p->hydraulic_conductivity_vertical : p->hydraulic_conductivity_horizontal;
      q->mobility[d] = p->permeability > 0 ? p->permeability / water->viscosity
                                           : conductivity / (f->water_density * DIO_FLOW_CONDUCTIVITY_GRAVITY);
      if (p->drainage == DIO_DRAINAGE_UNDRAINED || !p->has_flow) q->mobility[d] = 0; /* no flow (or held: drained) */
    }
    q->drainage = p->drainage;
  }
  PetscCall(PetscFree2(used_local, used));
  PetscFunctionReturn(0);
}

/*
  DioFlowSetUp - the pressure section, the cell maps, the layer constants and the drained dofs. Collective.
*/
PetscErrorCode DioFlowSetUp(DioFlow f)
{
  PetscSection section;
  PetscInt     cEnd, local_size, bad_layer;
  PetscReal   *node_x;
  PetscBool    simplex;
  MPI_Comm     comm = PetscObjectComm((PetscObject)f->dm);

  PetscFunctionBegin;
  if (f->setup) PetscFunctionReturn(0);
  PetscCall(DioMaterialTableGetNumLayers(f->materials, &f->num_layers));
  /* Q1 (P1) tabulated at the Q2 (P2) rule: the pressure and displacement terms share the points */
  PetscCall(DioFEIsSimplex_Internal(f->dm, &simplex));
  PetscCheck(!dio_biot_pressure_tab_init((int)f->dim, (int)simplex, &f->tab), comm, PETSC_ERR_PLIB,
             "cannot tabulate %c1 in %" PetscInt_FMT "D", simplex ? 'P' : 'Q', f->dim);
  PetscCall(DioFECreateFieldDM_Internal(f->dm, 1, 1, "pore_pressure", &f->dm_p));
  PetscCall(DMGetLocalSection(f->dm_p, &section));
  PetscCall(PetscSectionGetStorageSize(section, &local_size));
  PetscCall(DMPlexGetHeightStratum(f->dm, 0, &f->cStart, &cEnd));
  f->num_cells      = cEnd - f->cStart;
  f->nodes_per_cell = f->tab.num_nodes;
  PetscCall(PetscMalloc4(f->num_cells * f->nodes_per_cell, &f->cell_local_dofs, f->num_cells * f->nodes_per_cell,
                         &f->cell_global_dofs, f->num_cells, &f->cell_layer,
                         (f->num_cells * f->nodes_per_cell + 1) * f->dim, &f->cell_nodes));
  PetscCall(PetscMalloc1((local_size + 1) * f->dim, &node_x));
  PetscCall(DioFENodeCoordinates_Internal(f->dm, f->dm_p, f->dim, node_x));
  PetscCall(DioFECellMaps_Internal(f->dm, f->dm_p, f->dim, f->nodes_per_cell, f->num_layers, node_x, f->cell_local_dofs,
                                   f->cell_global_dofs, f->cell_nodes, f->cell_layer, &bad_layer));
  PetscCheck(bad_layer < 0, comm, PETSC_ERR_USER_INPUT,
             "mesh label '%s' has value %" PetscInt_FMT " but the material table has %" PetscInt_FMT " layers",
             DIO_LABEL_LAYER, bad_layer, f->num_layers);
  PetscCall(PetscFree(node_x));
  PetscCall(LayerParamsSet(f));
  PetscCall(DioFlowBoundarySetUp_Internal(f));
  f->setup = PETSC_TRUE;
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowCreateGlobalVector(DioFlow f, Vec *p)
{
  PetscFunctionBegin;
  PetscCall(DioFlowSetUp(f));
  PetscCall(DMCreateGlobalVector(f->dm_p, p));
  PetscFunctionReturn(0);
}

/*
  DioFlowCreateNodeCoordinates - the coordinates (m) of the pressure nodes this rank owns, dim per node, in the order of
  the flow's global vector: the keys by which a checkpoint's pressure is found again on any number of ranks.
  Collective. Destroy *coords with VecDestroy().
*/
PetscErrorCode DioFlowCreateNodeCoordinates(DioFlow f, Vec *coords)
{
  PetscFunctionBegin;
  PetscCall(DioFlowSetUp(f));
  PetscCall(DioFECreateNodeCoordinates_Internal(f->dm, f->dm_p, f->dim, coords));
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowGetNumDofs(DioFlow f, PetscInt *num_dofs_global)
{
  Vec p;

  PetscFunctionBegin;
  PetscCall(DMGetGlobalVector(f->dm_p, &p));
  PetscCall(VecGetSize(p, num_dofs_global));
  PetscCall(DMRestoreGlobalVector(f->dm_p, &p));
  PetscFunctionReturn(0);
}

/* Collective (a global-to-local scatter). The pressure p with its ghosts: a local vector of f->dm_p and its array, to
   give back with DioFlowRestoreLocalPressure_Internal(). */
PetscErrorCode DioFlowGetLocalPressure_Internal(DioFlow f, Vec p, Vec *local, const PetscScalar *array[])
{
  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(f->dm_p, local));
  PetscCall(DMGlobalToLocal(f->dm_p, p, INSERT_VALUES, *local));
  PetscCall(VecGetArrayRead(*local, array));
  PetscFunctionReturn(0);
}

/* Not collective. Gives back what DioFlowGetLocalPressure_Internal() lent. */
PetscErrorCode DioFlowRestoreLocalPressure_Internal(DioFlow f, Vec *local, const PetscScalar *array[])
{
  PetscFunctionBegin;
  PetscCall(VecRestoreArrayRead(*local, array));
  PetscCall(DMRestoreLocalVector(f->dm_p, local));
  PetscFunctionReturn(0);
}

/* Collective (a global-to-local scatter). */
PetscErrorCode DioFlowGetVertexValues(DioFlow f, Vec p, PetscInt num_vertices, const PetscInt vertex_points[],
                                      PetscReal values[])
{
  PetscSection       section;
  Vec                local;
  const PetscScalar *array;

  PetscFunctionBegin;
  PetscCall(DMGetLocalSection(f->dm_p, &section));
  PetscCall(DioFlowGetLocalPressure_Internal(f, p, &local, &array));
  for (PetscInt i = 0; i < num_vertices; i++) {
    PetscInt off;
    PetscCall(PetscSectionGetOffset(section, vertex_points[i], &off));
    values[i] = PetscRealPart(array[off]);
  }
  PetscCall(DioFlowRestoreLocalPressure_Internal(f, &local, &array));
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowHydrostaticPressure(DioFlow f, PetscReal gravity, PetscReal water_level, PetscReal z,
                                          PetscReal *pressure)
{
  PetscFunctionBegin;
  *pressure = PetscMax(0.0, f->water_density * gravity * (water_level - z));
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowSetSource(DioFlow f, DioScalarFieldFn source, void *ctx)
{
  PetscFunctionBegin;
  f->source     = source;
  f->source_ctx = ctx;
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowComputeL2Error(DioFlow f, Vec p, DioScalarFieldFn exact, void *ctx, PetscReal *error,
                                     PetscReal *norm_exact)
{
  const PetscInt     np = f->nodes_per_cell, nq = f->tab.num_qpoints, dim = f->dim;
  Vec                local;
  const PetscScalar *array;
  PetscReal          sums_local[2] = {0, 0}, sums[2];
  PetscInt           bad           = -1;

  PetscFunctionBegin;
  PetscCall(DioFlowGetLocalPressure_Internal(f, p, &local, &array));
  for (PetscInt c = 0; c < f->num_cells; c++) {
    double X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS];
    if (dio_elas_qpoints(&f->tab, &f->cell_nodes[c * np * dim], X, wdet)) {
      if (bad < 0) bad = c;
      continue;
    }
    for (PetscInt q = 0; q < nq; q++) {
      const PetscReal value = exact(dim, &X[q * dim], ctx);
      PetscReal       ph    = 0;
      for (PetscInt a = 0; a < np; a++)
        ph += f->tab.N[q * np + a] * PetscRealPart(array[f->cell_local_dofs[c * np + a]]);
      sums_local[0] += wdet[q] * PetscSqr(ph - value);
      sums_local[1] += wdet[q] * PetscSqr(value);
    }
  }
  PetscCall(DioFlowRestoreLocalPressure_Internal(f, &local, &array));
  PetscCall(DioFECheckBadCell_Internal(f->dm, bad, "pore-pressure L2 error", "check the mesh there"));
  PetscCall(MPIU_Allreduce(sums_local, sums, 2, MPIU_REAL, MPIU_SUM, PetscObjectComm((PetscObject)f->dm)));
  *error      = PetscSqrtReal(sums[0]);
  *norm_exact = PetscSqrtReal(sums[1]);
  PetscFunctionReturn(0);
}

PetscErrorCode DioFlowSetCellMobilityFactor(DioFlow f, const PetscReal factor[])
{
  PetscFunctionBegin;
  f->cell_mobility_factor = factor;
  PetscFunctionReturn(0);
}
