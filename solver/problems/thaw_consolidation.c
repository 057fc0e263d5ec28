/* SPDX-License-Identifier: BSD-2-Clause
   thaw_consolidation.c: thaw consolidation of a permafrost column (issue 14): a column of one layer (mesh/column.c),
   frozen at -thaw_consolidation_initial_temperature, its surface held at -thaw_consolidation_surface_temperature from
   t = 0 (a step), the base insulated. Heat, thaw and groundwater are staggered per time step:
   1. the heat (dio_heat.h, Q1, adaptive backward Euler) is advanced to the end of the step;
   2. stiffness (dio_thaw.h), ice impedance of the conductivity and release of the frozen skeleton's effective stress
      (dio_thaw_consolidation.h) follow from the new temperature; the thaw and thermal strains of dio_thaw.h are not
      applied (an eigenstrain's undrained pressure is bounded by the skeleton's stiffness, not by the overburden that
      drives a thawing soil: docs/thaw_consolidation.md);
   3. one backward-Euler step of Biot's coupled displacement and excess pore pressure (dio_biot.h, Q2-Q1), the surface
      drained, the other boundaries impermeable; and, for comparison, the drained elastic solve of the same state
      (the settlement if the thawed ground drained at once: issue 5's model with the same stress release).
   The initial state is the geostatic one with the frozen stiffness (gravity, hydrostatic pore pressure to the
   -loads_water_level). Morgenstern & Nixon's (1971) one-dimensional thaw consolidation is posed with it
   (tests/verification/thaw_consolidation.yaml, docs/thaw_consolidation.md).
   Output per step: displacement (coupled) and displacement_drained, excess pore pressure, temperature, ice
   saturation, conductivity factor, released stress fraction, effective stress; <name>_thaw_consolidation.csv (time,
   thaw depth, both settlements, largest excess pore pressure); the run summary. */
#include <petsctime.h>
#include "section.h"
#include "dio_heat.h"
#include "dio_biot.h"
#include "dio_thaw_consolidation.h"

typedef struct {
  char      layer_name[64];
  PetscReal initial_C, surface_C; /* degC */
  PetscReal time_end;             /* s */
  PetscInt  steps;
  PetscBool release;
} ThawColumnOptions;

static PetscErrorCode ThawColumnOptionsSet(MPI_Comm comm, ThawColumnOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  PetscCall(PetscStrncpy(o->layer_name, "ice_rich_silt", sizeof(o->layer_name)));
  o->initial_C = -3;
  o->surface_C = 5;
  o->time_end  = 365.25 * 86400.0;
  o->steps     = 40;
  o->release   = PETSC_TRUE;
  PetscOptionsBegin(comm, "thaw_consolidation_",
                    "Thaw consolidation of a permafrost column (problem thaw_consolidation)", "thaw_consolidation");
  PetscCall(PetscOptionsString("-layer", "Material (a layer of the material table) of the column", "", o->layer_name,
                               o->layer_name, sizeof(o->layer_name), NULL));
  PetscCall(PetscOptionsReal("-initial_temperature",
                             "Uniform initial temperature, below the layer's freezing point (degC)", "", o->initial_C,
                             &o->initial_C, NULL));
  PetscCall(PetscOptionsReal("-surface_temperature", "Surface temperature from t = 0, above the freezing point (degC)",
                             "", o->surface_C, &o->surface_C, NULL));
  PetscCall(PetscOptionsReal("-time_end", "Duration (s)", "", o->time_end, &o->time_end, NULL));
  PetscCall(PetscOptionsInt(
      "-steps",
      "Coupled (Biot) time steps of equal length; the heat steps inside them adapt (at most a day by default)", "",
      o->steps, &o->steps, NULL));
  PetscCall(PetscOptionsBool(
      "-stress_release",
      "Thawing releases the frozen skeleton's effective stress (Morgenstern & Nixon: none left at the front)", "",
      o->release, &o->release, NULL));
  PetscOptionsEnd();
  PetscCheck(!PetscIsInfOrNanReal(o->time_end) && o->time_end > 0 && o->time_end <= 3.15576e11, comm,
             PETSC_ERR_USER_INPUT, "-thaw_consolidation_time_end = %g: must be in (0, 3.15576e11] s (10000 years)",
             (double)o->time_end);
  PetscCheck(o->initial_C > -100 && o->initial_C < 100 && o->surface_C > -100 && o->surface_C < 100, comm,
             PETSC_ERR_USER_INPUT,
             "-thaw_consolidation_initial_temperature = %g, -thaw_consolidation_surface_temperature = %g: must be in "
             "(-100, 100) degC",
             (double)o->initial_C, (double)o->surface_C);
  PetscCheck(o->steps >= 1 && o->steps <= 100000, comm, PETSC_ERR_USER_INPUT,
             "-thaw_consolidation_steps = %" PetscInt_FMT ": must be in [1, 100000]", o->steps);
  PetscFunctionReturn(0);
}

extern const char dio_embedded_materials_csv[];

/* Thermal parameters of every layer: the material table's (-materials_file or the embedded one), overridden by
   -materials_<layer>_* (DioHeatMaterialSetFromOptions(): conductivities, capacities, latent heat, freezing point,
   freezing-curve width and residual saturation); exponential freezing curve. Collective. */
static PetscErrorCode ColumnHeatMaterials(DioSection *sec, const ThawColumnOptions *o, PetscInt layer,
                                          DioHeatMaterial **materials)
{
  char      path[PETSC_MAX_PATH_LEN] = "";
  PetscBool has_file;
  PetscInt  num_layers;
  DioTable  table;

  PetscFunctionBegin;
  PetscCall(DioMaterialTableGetNumLayers(sec->materials, &num_layers));
  PetscCall(PetscMalloc1(num_layers, materials));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-materials_file", path, sizeof(path), &has_file));
  if (has_file)
    PetscCall(DioTableCreateFromFile(sec->comm, path, &table));
  else
    PetscCall(DioTableCreateFromString(sec->comm, "embedded:materials.csv", dio_embedded_materials_csv, &table));
  for (PetscInt l = 0; l < num_layers; l++) {
    const DioLayerMaterial *m;
    PetscCall(DioMaterialTableGetLayer(sec->materials, l, &m));
    PetscCall(DioHeatMaterialSetFromOptions(sec->comm, table, m->name, DIO_HEAT_CURVE_EXPONENTIAL, &(*materials)[l]));
  }
  PetscCall(DioTableDestroy(&table));
  PetscCheck(o->initial_C < (*materials)[layer].freezing_point && o->surface_C > (*materials)[layer].freezing_point,
             sec->comm, PETSC_ERR_USER_INPUT,
             "-thaw_consolidation_initial_temperature = %g, -thaw_consolidation_surface_temperature = %g degC: the "
             "first must lie below, the second above "
             "the freezing point of '%s' (%g degC)",
             (double)o->initial_C, (double)o->surface_C, o->layer_name, (double)(*materials)[layer].freezing_point);
  PetscFunctionReturn(0);
}

static void UniformTemperature(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  (void)dim;
  (void)time;
  (void)X;
  *value = *(const PetscReal *)ctx;
}

/* Largest downward displacement of the surface vertices (m). Collective. */
static PetscErrorCode SurfaceSettlement(DioSection *sec, Vec u, PetscReal work[], PetscReal *settlement)
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscInt         up   = sec->dim - 1;
  PetscReal              top = -PETSC_MAX_REAL, top_global, local = -PETSC_MAX_REAL;

  PetscFunctionBegin;
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, u, topo->num_vertices, topo->vertex_points, work));
  for (PetscInt v = 0; v < topo->num_vertices; v++) top = PetscMax(top, topo->vertex_coords[3 * v + up]);
  PetscCall(MPIU_Allreduce(&top, &top_global, 1, MPIU_REAL, MPIU_MAX, sec->comm));
  for (PetscInt v = 0; v < topo->num_vertices; v++)
    if (PetscAbsReal(topo->vertex_coords[3 * v + up] - top_global) < 1e-9 * (1 + PetscAbsReal(top_global)))
      local = PetscMax(local, -work[3 * v + up]);
  PetscCall(MPIU_Allreduce(&local, settlement, 1, MPIU_REAL, MPIU_MAX, sec->comm));
  PetscFunctionReturn(0);
}

typedef struct {
  DioHeat              heat;
  DioFlow              flow;
  DioThawCoupling      thaw;
  DioThawConsolidation tc;
  Vec                  T, u, u_drained, p;
  PetscReal            freezing_C; /* freezing point of the column's layer */
} ThawColumn;

typedef struct {
  PetscReal thaw_depth, settlement, settlement_drained, excess_max;
} ThawColumnMeasures;

/* Depth of the thaw front below the surface (m): where the vertex temperature Tv crosses the freezing point
   freezing_C, linear between the deepest thawed vertex and the shallowest frozen one below the surface (the column is
   one-dimensional: vertices at one depth share a temperature). 0 before any thaw, the height when all is thawed.
   Collective. */
static PetscErrorCode ThawFront(DioSection *sec, const PetscReal Tv[], PetscReal freezing_C, PetscReal *front)
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscInt         up   = sec->dim - 1;
  PetscReal top = -PETSC_MAX_REAL, bottom = PETSC_MAX_REAL, depth[2], T[2] = {-PETSC_MAX_REAL, -PETSC_MAX_REAL},
            local[2], global[2];

  PetscFunctionBegin;
  for (PetscInt v = 0; v < topo->num_vertices; v++) {
    top    = PetscMax(top, topo->vertex_coords[3 * v + up]);
    bottom = PetscMin(bottom, topo->vertex_coords[3 * v + up]);
  }
  local[0] = top;
  local[1] = -bottom;
  PetscCall(MPIU_Allreduce(local, global, 2, MPIU_REAL, MPIU_MAX, sec->comm));
  top = global[0], bottom = -global[1];
  /* deepest thawed (depth[0]) and shallowest frozen (depth[1]) vertex */
  local[0] = 0;
  local[1] = -(top - bottom);
  for (PetscInt v = 0; v < topo->num_vertices; v++) {
    const PetscReal d = top - topo->vertex_coords[3 * v + up];
    if (Tv[v] >= freezing_C)
      local[0] = PetscMax(local[0], d);
    else
      local[1] = PetscMax(local[1], -d);
  }
  PetscCall(MPIU_Allreduce(local, depth, 2, MPIU_REAL, MPIU_MAX, sec->comm));
  depth[1] = -depth[1];
  for (PetscInt v = 0; v < topo->num_vertices; v++) {
    const PetscReal d = top - topo->vertex_coords[3 * v + up], tol = 1e-9 * (top - bottom);
    for (PetscInt k = 0; k < 2; k++)
      if (PetscAbsReal(d - depth[k]) < tol) T[k] = PetscMax(T[k], Tv[v]);
  }
  PetscCall(MPIU_Allreduce(T, local, 2, MPIU_REAL, MPIU_MAX, sec->comm));
  if (depth[1] <= depth[0] || local[0] < freezing_C)
    *front = depth[0]; /* nothing thawed, or all of it */
  else
    *front = depth[0] + (local[0] - freezing_C) / (local[0] - local[1]) * (depth[1] - depth[0]);
  PetscFunctionReturn(0);
}

/* Thaw front, both settlements and the largest excess pore pressure; with out, the step's fields. Collective. */
static PetscErrorCode MeasureAndWrite(DioSection *sec, ThawColumn *tcol, DioOutput out, PetscInt step, PetscReal time,
                                      ThawColumnMeasures *m)
{
  const DioMeshTopology         *topo = &sec->topology;
  DioThawCellFields              tf;
  DioThawConsolidationCellFields cf;
  DioElasCellFields              ef;
  PetscReal                     *work, *work_drained, *excess, *Tv, lo;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(3 * topo->num_vertices + 1, &work, 3 * topo->num_vertices + 1, &work_drained,
                         topo->num_vertices + 1, &excess, topo->num_vertices + 1, &Tv));
  PetscCall(DioThawCouplingGetCellFields(tcol->thaw, &tf));
  PetscCall(DioThawConsolidationGetCellFields(tcol->tc, &cf));
  PetscCall(DioHeatGetVertexTemperature(tcol->heat, tcol->T, topo->num_vertices, topo->vertex_points, Tv));
  PetscCall(ThawFront(sec, Tv, tcol->freezing_C, &m->thaw_depth));
  PetscCall(SurfaceSettlement(sec, tcol->u_drained, work_drained, &m->settlement_drained));
  PetscCall(SurfaceSettlement(sec, tcol->u, work, &m->settlement));
  PetscCall(DioFlowGetVertexValues(tcol->flow, tcol->p, topo->num_vertices, topo->vertex_points, excess));
  PetscCall(DioRangeOf(sec->comm, topo->num_vertices, 1, excess, &lo, &m->excess_max));
  if (out) {
    PetscCall(DioElasticityComputeCellFields(sec->elas, tcol->u, &ef));
    PetscCall(DioOutputBeginStep(out, step, time));
    PetscCall(DioOutputWriteField(out, "displacement", DIO_OUTPUT_VERTEX, 3, "m", work));
    PetscCall(DioOutputWriteField(out, "displacement_drained", DIO_OUTPUT_VERTEX, 3, "m", work_drained));
    PetscCall(DioOutputWriteField(out, "excess_pore_pressure", DIO_OUTPUT_VERTEX, 1, "Pa", excess));
    PetscCall(DioOutputWriteField(out, "temperature", DIO_OUTPUT_VERTEX, 1, "degC", Tv));
    PetscCall(DioOutputWriteField(out, "ice_saturation", DIO_OUTPUT_CELL, 1, "-", tf.ice_saturation));
    PetscCall(DioOutputWriteField(out, "conductivity_factor", DIO_OUTPUT_CELL, 1, "-", cf.mobility_factor));
    PetscCall(DioOutputWriteField(out, "stress_released", DIO_OUTPUT_CELL, 1, "-", cf.stress_released));
    PetscCall(DioOutputWriteField(out, "effective_stress", DIO_OUTPUT_CELL, 6, "Pa", ef.effective_stress));
    PetscCall(DioOutputEndStep(out));
    PetscCall(DioElasCellFieldsDestroy(&ef));
  }
  PetscCall(PetscFree4(work, work_drained, excess, Tv));
  PetscFunctionReturn(0);
}

/*
  DioThawConsolidationRun - thaw consolidation of a permafrost column (see the file comment). Collective.
  Options: -thaw_consolidation_*, -column_*, -materials_* (groundwater keys, ice_impedance), -heat_dt_*, -biot_*,
  -mech_*, -loads_*, -bc_*, -output_*.
*/
PetscErrorCode DioThawConsolidationRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection         sec;
  ThawColumnOptions  o;
  DioColumnOptions   col;
  ThawColumn         tcol;
  DioHeatMaterial   *hmat = NULL;
  DioBiot            biot = NULL;
  DioOutput          out;
  DioCSV             csv;
  DM                 dm;
  PetscInt           layer, num_layers, iterations = 0, steps_done = 0;
  PetscReal          gamma_buoyant;
  ThawColumnMeasures m = {0, 0, 0, 0};
  PetscLogDouble     t0, t1;
  PetscBool          set, stop = PETSC_FALSE;
  char               what[256], path[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(PetscMemzero(&tcol, sizeof(tcol)));
  PetscCall(PetscOptionsHasName(NULL, NULL, "-mech_element_order", &set));
  if (!set) PetscCall(PetscOptionsSetValue(NULL, "-mech_element_order", "2"));
  /* the column's material: the section's table (the profile's layers) with the chosen layer added after them */
  PetscCall(ThawColumnOptionsSet(comm, &o));
  PetscCall(DioSectionCreate(comm, run, "thaw_consolidation", o.layer_name, &sec));
  PetscCall(DioColumnOptionsSetFromOptions(comm, &col));
  layer = sec.extra_layer;
  PetscCheck(sec.opts.order == 2, comm, PETSC_ERR_USER_INPUT,
             "-mech_element_order = %" PetscInt_FMT ": thaw consolidation needs 2 (Q2 displacement, Q1 pressure)",
             sec.opts.order);
  PetscCall(DioFlowCheckLayer(comm, sec.materials, layer));
  PetscCall(DioBiotCheckOptions(comm));
  PetscCall(DioMaterialTableGetNumLayers(sec.materials, &num_layers));
  PetscCall(ColumnHeatMaterials(&sec, &o, layer, &hmat));
  tcol.freezing_C = hmat[layer].freezing_point;
  {
    const PetscReal nx = (PetscReal)col.cells_horizontal * PetscPowInt(2, col.refine),
                    nz = (PetscReal)col.cells_vertical * PetscPowInt(2, col.refine);
    DioMeshCount count = {.dim         = col.dim,
                          .cells_2d    = col.dim == 3 ? nx * nx : nx * nz,
                          .vertices_2d = col.dim == 3 ? (nx + 1) * (nx + 1) : (nx + 1) * (nz + 1),
                          .num_slices  = col.dim == 3 ? nz : 0};
    PetscCall(DioSectionRunSize(&sec, &count, o.steps + 1, o.steps + 1, PETSC_TRUE, PETSC_FALSE));
  }
  if (run->check_only) {
    PetscCall(PetscFree(hmat));
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscTime(&t0));
  PetscCall(DioMeshCreateColumn(comm, &col, layer, &dm));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscSNPrintf(what, sizeof(what), "thawing column %g x %g m of %s", (double)col.width_m,
                          (double)col.height_m, o.layer_name));
  PetscCall(DioSectionSetUp(&sec, dm, what, t1 - t0));

  /* heat: frozen at the initial temperature, the surface warm from t = 0, base and sides insulated */
  PetscCall(DioHeatCreate(sec.dm, 1, num_layers, hmat, &tcol.heat));
  PetscCall(DioHeatSetBoundaryTemperatureConstant(tcol.heat, DIO_BOUNDARY_SURFACE, o.surface_C));
  {
    DioHeatTimeStepping stepping;
    PetscCall(DioHeatGetTimeStepping(tcol.heat, &stepping));
    stepping.dt_initial = PetscMin(600.0, o.time_end / o.steps);
    stepping.dt_max     = PetscMin(86400.0, o.time_end / o.steps);
    PetscCall(DioHeatSetTimeStepping(tcol.heat, &stepping));
  }
  PetscCall(DioHeatSetFromOptions(tcol.heat));
  PetscCall(DioHeatSetUp(tcol.heat));
  PetscCall(DioHeatCreateGlobalVector(tcol.heat, &tcol.T));
  PetscCall(DioHeatInterpolate(tcol.heat, UniformTemperature, &o.initial_C, 0.0, tcol.T));
  PetscCall(DioHeatSetInitialState(tcol.heat, 0.0, tcol.T));

  /* groundwater: drained at the surface (p = 0), impermeable elsewhere */
  PetscCall(DioFlowCreate(sec.dm, sec.materials, sec.opts.loads.water_density, &tcol.flow));
  PetscCall(DioFlowSetDrainedBoundary(tcol.flow, DIO_BOUNDARY_SURFACE, PETSC_TRUE));
  PetscCall(DioFlowSetUp(tcol.flow));

  /* the frozen geostatic state: the reference of the thaw and of the released stress */
  PetscCall(DioThawCouplingCreate(tcol.heat, sec.elas, sec.materials, &tcol.thaw));
  PetscCall(DioThawCouplingSetReference(tcol.thaw, tcol.T));
  PetscCall(DioThawCouplingUpdate(tcol.thaw, tcol.T, PETSC_FALSE));
  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &tcol.u));
  PetscCall(VecDuplicate(tcol.u, &tcol.u_drained));
  PetscCall(DioFlowCreateGlobalVector(tcol.flow, &tcol.p));
  PetscCall(DioSectionSolve(&sec, tcol.u, 0, o.steps, 0.0, "geostatic (frozen stiffness)"));
  PetscCall(DioElasticityStoreInitialStress(sec.elas, tcol.u));
  PetscCall(VecSet(tcol.u, 0.0));
  PetscCall(VecSet(tcol.u_drained, 0.0));
  PetscCall(VecSet(tcol.p, 0.0));
  PetscCall(DioThawConsolidationCreate(tcol.thaw, sec.elas, tcol.flow, sec.materials, o.release, &tcol.tc));
  PetscCall(DioThawConsolidationSetReference(tcol.tc));
  PetscCall(DioThawConsolidationUpdate(tcol.tc));
  PetscCall(DioBiotCreate(sec.elas, tcol.flow, &biot));
  {
    const DioLayerFrozen *frozen;
    PetscCall(DioMaterialTableGetFrozen(sec.materials, layer, &frozen));
    if (frozen->thaw_strain > 0 || frozen->thermal_expansion > 0)
      PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                              "[thaw]      %s: thaw_strain %g and thermal_expansion %g are not applied: the settlement "
                              "is the consolidation of "
                              "the thawed soil under the released stress (docs/thaw_consolidation.md)\n",
                              o.layer_name, (double)frozen->thaw_strain, (double)frozen->thermal_expansion));
  }
  {
    const DioLayerMaterial *lm;
    PetscCall(DioMaterialTableGetLayer(sec.materials, layer, &lm));
    gamma_buoyant = (lm->density - sec.opts.loads.water_density) * sec.opts.loads.gravity;
  }

  PetscCall(DioSectionOutputOpen(&sec, NULL, &out));
  PetscCall(DioOutputSetMetadata(out, "time_axis", "seconds since the surface temperature step"));
  PetscCall(
      PetscSNPrintf(path, sizeof(path), "%s/%s_thaw_consolidation.csv", sec.opts.output_dir, sec.opts.output_name));
  PetscCall(DioCSVCreate(
      comm, path,
      "step,time_s,time_days,thaw_depth_m,settlement_consolidation_m,settlement_drained_m,excess_pore_pressure_max_pa",
      &csv));
  PetscCall(MeasureAndWrite(&sec, &tcol, out, 0, 0.0, &m));
  for (PetscInt k = 1; k <= o.steps && !stop; k++) {
    const PetscReal time = o.time_end * k / o.steps, dt = o.time_end / o.steps;
    DioBiotStepInfo info;
    DioSolveInfo    drained;
    PetscLogDouble  now;
    PetscLogStage   stage_solve;
    PetscMPIInt     rank;

    PetscCall(DioHeatAdvance(tcol.heat, tcol.T, time));
    PetscCall(DioThawCouplingUpdate(tcol.thaw, tcol.T, PETSC_FALSE));
    PetscCall(DioThawConsolidationUpdate(tcol.tc));
    PetscCall(DioLogStageGet("Solve", &stage_solve));
    PetscCall(PetscLogStagePush(stage_solve));
    PetscCall(DioElasticitySolve(sec.elas, tcol.u_drained, &drained));
    PetscCall(DioBiotSetOperatorsChanged(biot));
    PetscCall(DioBiotStep(biot, dt, tcol.u, tcol.p, &info));
    PetscCall(PetscLogStagePop());
    iterations += info.iterations + drained.iterations;
    PetscCall(MeasureAndWrite(&sec, &tcol, out, k, time, &m));
    {
      const PetscReal row[7] = {(PetscReal)k,         time,        time / 86400.0, m.thaw_depth, m.settlement,
                                m.settlement_drained, m.excess_max};
      PetscCallMPI(MPI_Comm_rank(comm, &rank));
      PetscCall(DioCSVAppendRows(csv, rank == 0 ? 1 : 0, 7, row, -1));
    }
    PetscCall(PetscTime(&now));
    PetscCall(DioSectionLog(
        &sec, DIO_LOG_NORMAL,
        "[step %3" PetscInt_FMT "/%" PetscInt_FMT
        "] t = %8.2f d  thaw depth %.3f m, settlement %.4g m (drained at once %.4g m), excess pore "
        "pressure <= %.4g kPa (%.3f gamma' X), KSP %" PetscInt_FMT " its, wall %.1f s\n",
        k, o.steps, (double)(time / 86400.0), (double)m.thaw_depth, (double)m.settlement, (double)m.settlement_drained,
        (double)(m.excess_max / 1e3),
        (double)(m.thaw_depth > 0 && gamma_buoyant > 0 ? m.excess_max / (gamma_buoyant * m.thaw_depth) : 0.0),
        info.iterations, now - sec.t_start));
    steps_done = k;
    {
      char after[64];
      PetscCall(PetscSNPrintf(after, sizeof(after), "time step %" PetscInt_FMT " of %" PetscInt_FMT, k, o.steps));
      PetscCall(DioSectionStopPoint(&sec, after, &stop));
    }
  }
  sec.total_iterations += iterations;
  sec.num_solves += 2 * steps_done + 1;
  {
    DioSummary summary;
    PetscCall(DioSectionSummaryBegin(&sec, &summary));
    PetscCall(DioSummaryAddReal(summary, "thaw_depth_m", m.thaw_depth));
    PetscCall(DioSummaryAddReal(summary, "settlement_consolidation_m", m.settlement));
    PetscCall(DioSummaryAddReal(summary, "settlement_drained_m", m.settlement_drained));
    PetscCall(DioSummaryAddReal(summary, "excess_pore_pressure_max_pa", m.excess_max));
    PetscCall(DioSummaryAddReal(summary, "buoyant_unit_weight_n_m3", gamma_buoyant));
    PetscCall(DioSummaryWriteAndDestroy(&summary));
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[output]    %s/%s.h5, .xmf, _thaw_consolidation.csv, _summary.json\n",
                          sec.opts.output_dir, sec.opts.output_name));
  PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec.t_start));
  PetscCall(DioCSVDestroy(&csv));
  PetscCall(DioOutputDestroy(&out));
  PetscCall(DioBiotDestroy(&biot));
  PetscCall(DioThawConsolidationDestroy(&tcol.tc));
  PetscCall(DioThawCouplingDestroy(&tcol.thaw));
  PetscCall(VecDestroy(&tcol.T));
  PetscCall(VecDestroy(&tcol.u));
  PetscCall(VecDestroy(&tcol.u_drained));
  PetscCall(VecDestroy(&tcol.p));
  PetscCall(DioFlowDestroy(&tcol.flow));
  PetscCall(DioHeatDestroy(&tcol.heat));
  PetscCall(PetscFree(hmat));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
