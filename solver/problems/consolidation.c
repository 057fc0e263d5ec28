/* SPDX-License-Identifier: BSD-2-Clause
   consolidation.c: Biot consolidation of a column of one layer under a surface load (issue 14): the geostatic state
   (gravity, hydrostatic pore pressure) as the initial state, the load applied at t = 0 (undrained response), then
   backward-Euler steps of the coupled displacement / excess pore pressure (physics/coupling/dio_biot.h) up to
   -consolidation_time_end. Terzaghi's problem, undrained loading and the drained limit are posed with it. */
#include <petsctime.h>
#if defined(_OPENMP)
  #include <omp.h>
#endif
#include "section.h"
#include "dio_flow.h"
#include "dio_biot.h"

/* Boundary names of -flow_drained (in DioBoundaryId order after "none"). */
static const char *const DioDrainedBoundaries[] = {
    "none", "surface", "base", "west", "east", "south", "north", "DioDrainedBoundary", "DIO_DRAINED_", NULL};

typedef struct {
  char      layer_name[64]; /* -consolidation_layer */
  PetscReal load;           /* Pa, compressive surface pressure applied at t = 0 */
  PetscReal time_end;       /* s */
  PetscInt  steps;          /* consolidation steps after the undrained one */
  PetscReal growth;         /* ratio of successive time steps */
  PetscBool drained[DIO_BOUNDARY_COUNT + 1];
  DioTimeFunction sea_level; /* -flow_sea_level: the sea's rise above -loads_water_level (m) over time; NULL: none */
} DioConsolidationOptions;

static PetscErrorCode ConsolidationOptionsSet(MPI_Comm comm, DioConsolidationOptions *o)
{
  PetscEnum names[DIO_BOUNDARY_COUNT] = {(PetscEnum)0}; /* -help prints them: never uninitialised */
  PetscInt  num_names                 = DIO_BOUNDARY_COUNT;
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  PetscCall(PetscStrncpy(o->layer_name, "seabed_sediment", sizeof(o->layer_name)));
  o->load     = 1e5;
  o->time_end = 86400.0 * 365.0;
  o->steps    = 20;
  o->growth   = 1.0;
  PetscOptionsBegin(comm, NULL, "Consolidation of a column (problem consolidation)", "consolidation");
  PetscCall(PetscOptionsString("-consolidation_layer", "Material (a layer of the material table) of the column", "",
                               o->layer_name, o->layer_name, sizeof(o->layer_name), NULL));
  PetscCall(PetscOptionsReal("-consolidation_load", "Surface pressure applied at t = 0 (Pa, compression positive)", "",
                             o->load, &o->load, NULL));
  PetscCall(PetscOptionsReal("-consolidation_time_end", "Duration of the consolidation (s)", "", o->time_end,
                             &o->time_end, NULL));
  PetscCall(PetscOptionsInt("-consolidation_steps", "Time steps after the undrained response at t = 0", "", o->steps,
                            &o->steps, NULL));
  PetscCall(PetscOptionsReal("-consolidation_time_step_growth",
                             "Ratio of successive time steps (-; 1: uniform; > 1 resolves the early times)", "", o->growth,
                             &o->growth, NULL));
  PetscCall(PetscOptionsEnumArray(
      "-flow_drained",
      "Drained boundaries (excess pore pressure 0), comma-separated: surface, base, west, east, south, north; none: "
      "undrained. Others are impermeable",
      "", DioDrainedBoundaries, names, &num_names, &set));
  PetscOptionsEnd();
  if (!set) {
    names[0]  = (PetscEnum)DIO_BOUNDARY_SURFACE;
    num_names = 1;
  }
  for (PetscInt i = 0; i < num_names; i++) o->drained[names[i]] = (PetscBool)(names[i] != 0);
  PetscCall(DioTimeFunctionCreateFromOptions(
      comm, "-flow_sea_level",
      "the sea level above -loads_water_level (m; the seabed's head: the water's weight on the surface and the excess "
      "pore pressure of a drained surface follow it)",
      &o->sea_level));
  for (PetscInt b = 1; b <= DIO_BOUNDARY_COUNT && o->sea_level; b++)
    PetscCheck(!o->drained[b] || b == DIO_BOUNDARY_SURFACE, comm, PETSC_ERR_USER_INPUT,
               "-flow_sea_level with -flow_drained %s: the sea's head acts on the seabed (surface) only; drain only the "
               "surface, or leave out -flow_sea_level",
               DioDrainedBoundaries[b]);
  PetscCheck(o->time_end > 0, comm, PETSC_ERR_USER_INPUT, "-consolidation_time_end = %g: must be > 0 s",
             (double)o->time_end);
  PetscCheck(o->steps >= 1, comm, PETSC_ERR_USER_INPUT, "-consolidation_steps = %" PetscInt_FMT ": must be >= 1",
             o->steps);
  PetscCheck(o->growth >= 1 && o->growth <= 10, comm, PETSC_ERR_USER_INPUT,
             "-consolidation_time_step_growth = %g: must be in [1, 10]", (double)o->growth);
  PetscFunctionReturn(0);
}

/* The sea's rise (m) above the mean level at time t, 0 without -flow_sea_level. */
static PetscReal SeaLevel(const DioConsolidationOptions *o, PetscReal t)
{
  PetscReal rise = 0;
  if (o->sea_level) (void)DioTimeFunctionEvaluate(o->sea_level, t, &rise);
  return rise;
}

/* Time t_k (s) at the end of step k = 0..steps: t_0 = 0 (the undrained step), steps growing by `growth`. */
static PetscReal StepTime(const DioConsolidationOptions *o, PetscInt k)
{
  if (o->growth == 1) return o->time_end * k / o->steps;
  return o->time_end * (PetscPowReal(o->growth, (PetscReal)k) - 1) / (PetscPowReal(o->growth, (PetscReal)o->steps) - 1);
}

/* The surface load as pressure faces of the elasticity (every local cell face labelled surface). */
static PetscErrorCode SetSurfaceLoad(DioSection *sec, PetscReal load)
{
  DMLabel         label;
  IS              faces  = NULL;
  const PetscInt *points = NULL;
  PetscInt        n = 0, count = 0, cStart, *cells, *ids;
  PetscReal      *p0, *zero;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMLabelGetStratumIS(label, DIO_BOUNDARY_SURFACE, &faces));
  if (faces) {
    PetscCall(ISGetLocalSize(faces, &n));
    PetscCall(ISGetIndices(faces, &points));
  }
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  PetscCall(PetscMalloc4(n, &cells, n, &ids, n, &p0, n, &zero));
  for (PetscInt i = 0; i < n; i++) {
    const PetscInt *support;
    PetscInt        support_size, best  = -1;
    PetscReal       X[3], best_distance = PETSC_MAX_REAL;
    PetscCall(DMPlexGetSupportSize(sec->dm, points[i], &support_size));
    if (support_size != 1) continue;
    PetscCall(DMPlexGetSupport(sec->dm, points[i], &support));
    PetscCall(DMPlexComputeCellGeometryFVM(sec->dm, points[i], NULL, X, NULL));
    for (PetscInt face = 0; face < 2 * sec->dim; face++) {
      PetscReal Y[3], distance = 0;
      PetscCall(DioElasticityGetFaceCentroid(sec->elas, support[0] - cStart, face, Y));
      for (PetscInt d = 0; d < sec->dim; d++) distance += PetscSqr(X[d] - Y[d]);
      if (distance < best_distance) {
        best_distance = distance;
        best          = face;
      }
    }
    cells[count] = support[0] - cStart;
    ids[count]   = best;
    p0[count]    = load;
    zero[count]  = 0;
    count++;
  }
  PetscCall(DioElasticitySetPressureFaces(sec->elas, count, cells, ids, p0, zero, zero));
  PetscCall(PetscFree4(cells, ids, p0, zero));
  if (faces) {
    PetscCall(ISRestoreIndices(faces, &points));
    PetscCall(ISDestroy(&faces));
  }
  PetscFunctionReturn(0);
}

/* One output step: displacement, total and excess pore pressure, hydraulic head, Darcy velocity, effective and total
   stress. Returns the settlement (largest downward displacement of the surface, m) and the largest excess pressure. */
static PetscErrorCode OutputStep(DioSection *sec, DioFlow flow, DioBiot biot, DioOutput out, Vec u, Vec p,
                                 PetscInt step, PetscReal time, PetscReal *settlement, PetscReal *excess_max)
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscInt         dim  = sec->dim;
  DioElasCellFields      cf;
  PetscReal *displacement, *excess, *total, *head, *velocity, *p_cell, *alpha, *stress, lo, hi, z_top = -PETSC_MAX_REAL,
                                                                                                top_local;

  PetscFunctionBegin;
  PetscCall(PetscMalloc4(3 * topo->num_vertices, &displacement, topo->num_vertices, &excess, topo->num_vertices, &total,
                         topo->num_vertices, &head));
  PetscCall(PetscMalloc4(3 * topo->num_cells, &velocity, topo->num_cells, &p_cell, topo->num_cells, &alpha,
                         6 * topo->num_cells, &stress));
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, u, topo->num_vertices, topo->vertex_points, displacement));
  PetscCall(DioFlowGetVertexValues(flow, p, topo->num_vertices, topo->vertex_points, excess));
  for (PetscInt v = 0; v < topo->num_vertices; v++) {
    const PetscReal z = topo->vertex_coords[3 * v + dim - 1];
    PetscReal       hydrostatic;
    PetscCall(DioFlowHydrostaticPressure(flow, sec->opts.loads.gravity, sec->opts.loads.water_level, z, &hydrostatic));
    total[v] = hydrostatic + excess[v];
    /* head above sea level: elevation + pressure head (the conductivity's gravity when -loads_gravity is 0) */
    head[v] = z + total[v] / (sec->opts.loads.water_density * DIO_FLOW_CONDUCTIVITY_GRAVITY);
  }
  PetscCall(DioBiotCellFlowFields(biot, p, velocity, p_cell, alpha));
  PetscCall(DioElasticityComputeCellFields(sec->elas, u, &cf));
  for (PetscInt c = 0; c < topo->num_cells; c++) {
    /* Biot's total stress sigma' - alpha p I with the hydrostatic part the elasticity carries (cf.pore_pressure) */
    for (PetscInt k = 0; k < 6; k++)
      stress[6 * c + k] = cf.effective_stress[6 * c + k] - (k < 3 ? alpha[c] * (cf.pore_pressure[c] + p_cell[c]) : 0.0);
  }
  PetscCall(DioOutputBeginStep(out, step, time));
  PetscCall(DioOutputWriteField(out, "displacement", DIO_OUTPUT_VERTEX, 3, "m", displacement));
  PetscCall(DioOutputWriteField(out, "pore_pressure", DIO_OUTPUT_VERTEX, 1, "Pa", total));
  PetscCall(DioOutputWriteField(out, "excess_pore_pressure", DIO_OUTPUT_VERTEX, 1, "Pa", excess));
  PetscCall(DioOutputWriteField(out, "hydraulic_head", DIO_OUTPUT_VERTEX, 1, "m", head));
  PetscCall(DioOutputWriteField(out, "darcy_velocity", DIO_OUTPUT_CELL, 3, "m/s", velocity));
  PetscCall(DioOutputWriteField(out, "effective_stress", DIO_OUTPUT_CELL, 6, "Pa", cf.effective_stress));
  PetscCall(DioOutputWriteField(out, "stress", DIO_OUTPUT_CELL, 6, "Pa", stress));
  PetscCall(DioOutputWriteField(out, "strain", DIO_OUTPUT_CELL, 6, "-", cf.strain));
  PetscCall(DioOutputEndStep(out));
  /* settlement: the surface vertices' vertical displacement, downwards positive */
  top_local = -PETSC_MAX_REAL;
  for (PetscInt v = 0; v < topo->num_vertices; v++)
    top_local = PetscMax(top_local, topo->vertex_coords[3 * v + dim - 1]);
  PetscCall(MPIU_Allreduce(&top_local, &z_top, 1, MPIU_REAL, MPIU_MAX, sec->comm));
  {
    PetscReal local = -PETSC_MAX_REAL;
    for (PetscInt v = 0; v < topo->num_vertices; v++)
      if (PetscAbsReal(topo->vertex_coords[3 * v + dim - 1] - z_top) < 1e-9 * (1 + PetscAbsReal(z_top)))
        local = PetscMax(local, -displacement[3 * v + dim - 1]);
    PetscCall(MPIU_Allreduce(&local, settlement, 1, MPIU_REAL, MPIU_MAX, sec->comm));
  }
  PetscCall(DioRangeOf(sec->comm, topo->num_vertices, 1, excess, &lo, &hi));
  *excess_max = hi;
  PetscCall(DioElasCellFieldsDestroy(&cf));
  PetscCall(PetscFree4(velocity, p_cell, alpha, stress));
  PetscCall(PetscFree4(displacement, excess, total, head));
  PetscFunctionReturn(0);
}

/*
  DioConsolidationRun - Biot consolidation of a column under a surface load. Collective.
  Options: -column_* (mesh/column.c), -consolidation_* (layer, load, time), -flow_drained, -materials_* (including the
  groundwater keys of flow_table.c), -bc_*, -loads_*, -mech_* (the geostatic solve), -biot_* (the coupled solve),
  -output_*, -checkpoint_every (steps; a checkpoint after each by default) and -restart <file|latest>: a restart continues
  after the checkpoint's step with the same pressure and displacement state (section.c).
*/
PetscErrorCode DioConsolidationRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection              sec;
  DioConsolidationOptions o;
  DioColumnOptions        col;
  DioFlow                 flow = NULL;
  DioBiot                 biot = NULL;
  DioOutput               out;
  Vec                     u, p;
  DM                      dm;
  Vec                     p_coords, results;
  PetscInt                layer = -1, num_layers, every, first_step = 0, last_step;
  PetscReal               settlement = 0, settlement_undrained = 0, excess_max = 0, excess_undrained = 0;
  PetscLogDouble          t0, t1;
  PetscBool               set, restart, stop = PETSC_FALSE, appended = PETSC_FALSE;
  char                    what[256], checkpoint_path[PETSC_MAX_PATH_LEN], restart_path[PETSC_MAX_PATH_LEN];
  PetscMPIInt             rank;

  PetscFunctionBegin;
  /* Taylor-Hood: the displacement is Q2 unless the user asks otherwise (and is then refused by DioBiotCreate) */
  PetscCall(PetscOptionsHasName(NULL, NULL, "-mech_element_order", &set));
  if (!set) PetscCall(PetscOptionsSetValue(NULL, "-mech_element_order", "2"));
  PetscCall(DioSectionCreate(comm, run, "consolidation", NULL, &sec));
  PetscCall(ConsolidationOptionsSet(comm, &o));
  PetscCall(DioColumnOptionsSetFromOptions(comm, &col));
  PetscCall(DioMaterialTableGetNumLayers(sec.materials, &num_layers));
  for (PetscInt l = 0; l < num_layers; l++) {
    const DioLayerMaterial *m;
    PetscBool               same;
    PetscCall(DioMaterialTableGetLayer(sec.materials, l, &m));
    PetscCall(PetscStrcasecmp(m->name, o.layer_name, &same));
    if (same) layer = l;
  }
  PetscCheck(layer >= 0, comm, PETSC_ERR_USER_INPUT,
             "-consolidation_layer = %s: not a layer of the material table (e.g. seabed_sediment, granite)",
             o.layer_name);
  PetscCheck(sec.opts.order == 2, comm, PETSC_ERR_USER_INPUT,
             "-mech_element_order = %" PetscInt_FMT
             ": Biot consolidation needs 2 (Q2 displacement with Q1 pressure, inf-sup stable)",
             sec.opts.order);
  PetscCall(DioFlowCheckLayer(comm, sec.materials, layer));
  PetscCall(DioBiotCheckOptions(comm));
  PetscCall(DioSectionCheckpointOptions(&sec, &every, checkpoint_path, sizeof(checkpoint_path), &restart, restart_path));
  {
    /* the column's uniform grid: nx (x nx in 3D) base cells, extruded over nz slices in 3D; the Q1 pressure counted as
       a second field of the displacement's order (an overestimate); stages: geostatic, undrained, the time steps */
    const PetscReal nx = (PetscReal)col.cells_horizontal * PetscPowInt(2, col.refine);
    const PetscReal nz = (PetscReal)col.cells_vertical * PetscPowInt(2, col.refine);
    DioMeshCount    count;

    count.dim         = col.dim;
    count.cells_2d    = col.dim == 3 ? nx * nx : nx * nz;
    count.vertices_2d = col.dim == 3 ? (nx + 1) * (nx + 1) : (nx + 1) * (nz + 1);
    count.num_slices  = col.dim == 3 ? nz : 0;
    PetscCall(DioSectionRunSize(&sec, &count, o.steps + 2, o.steps + 1, PETSC_TRUE, PETSC_FALSE));
  }
  if (run->check_only) {
    PetscCall(DioTimeFunctionDestroy(&o.sea_level));
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscTime(&t0));
  PetscCall(DioMeshCreateColumn(comm, &col, layer, &dm));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscSNPrintf(what, sizeof(what), "column %g x %g m of %s", (double)col.width_m, (double)col.height_m,
                          o.layer_name));
  PetscCall(DioSectionSetUp(&sec, dm, what, t1 - t0));
  PetscCall(DioFlowCreate(sec.dm, sec.materials, sec.opts.loads.water_density, &flow));
  for (PetscInt b = 1; b <= DIO_BOUNDARY_COUNT; b++) PetscCall(DioFlowSetDrainedBoundary(flow, b, o.drained[b]));
  PetscCall(DioFlowSetUp(flow));
  {
    PetscInt num_p;
    PetscCall(DioFlowGetNumDofs(flow, &num_p));
    PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                            "[setup]     %" PetscInt_FMT " displacement dofs (Q2) + %" PetscInt_FMT
                            " pore-pressure dofs (Q1)\n",
                            sec.num_dofs, num_p));
    sec.num_dofs += num_p;
  }

  /* the initial state: today's geostatic solve (gravity, hydrostatic pore pressure), kept as initial stress */
  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &u));
  PetscCall(DioFlowCreateGlobalVector(flow, &p));
  if (!restart) {
    PetscCall(DioSectionSolve(&sec, u, 0, o.steps, 0.0, "geostatic (initial state)"));
    PetscCall(DioElasticityStoreInitialStress(sec.elas, u));
  }
  PetscCall(VecSet(u, 0.0));
  PetscCall(VecSet(p, 0.0));
  PetscCall(SetSurfaceLoad(&sec, o.load));
  PetscCall(DioBiotCreate(sec.elas, flow, &biot));
  /* a checkpoint after step k (its stage k) holds, besides the section's displacement and initial stress, the excess
     pore pressure at its nodes and the run's results so far (rank 0: settlement and largest excess pressure,
     undrained and latest) */
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(DioFlowCreateNodeCoordinates(flow, &p_coords));
  PetscCall(VecCreateMPI(comm, rank == 0 ? 4 : 0, 4, &results));
  sec.num_checkpoint_extra       = 3;
  sec.checkpoint_extra_names[0]  = "pressure_node_coordinates";
  sec.checkpoint_extra_names[1]  = "excess_pore_pressure";
  sec.checkpoint_extra_names[2]  = "consolidation_results";
  sec.checkpoint_extra[0]        = p_coords;
  sec.checkpoint_extra[1]        = p;
  sec.checkpoint_extra[2]        = results;
  if (restart) {
    Vec                all;
    const PetscScalar *values;
    PetscCall(DioSectionRestartStage(&sec, restart_path, o.steps, &first_step));
    PetscCall(DioSectionCheckpointRead(&sec, restart_path, &first_step, u));
    first_step++;
    PetscCall(DioSectionCheckpointReadNodeArray(&sec, restart_path, "pressure_node_coordinates", "excess_pore_pressure",
                                                p_coords, 1, p));
    PetscCall(DioCheckpointReadArray(comm, restart_path, "consolidation_results", &all));
    PetscCall(VecGetArrayRead(all, &values));
    settlement_undrained = PetscRealPart(values[0]);
    excess_undrained     = PetscRealPart(values[1]);
    settlement           = PetscRealPart(values[2]);
    excess_max           = PetscRealPart(values[3]);
    PetscCall(VecRestoreArrayRead(all, &values));
    PetscCall(VecDestroy(&all));
    PetscCall(DioSectionRestartReport(&sec, restart_path, first_step - 1));
    PetscCall(DioBiotSetDrainedPressure(biot,
                                        sec.opts.loads.water_density * DIO_FLOW_CONDUCTIVITY_GRAVITY *
                                            SeaLevel(&o, StepTime(&o, first_step - 1)),
                                        PETSC_TRUE));
    /* the run's own output continues after the checkpoint's step (first_step - 1) */
    PetscCall(DioSectionOutputContinue(&sec, NULL, first_step - 1, &out, &appended));
    if (!appended)
      PetscCall(OutputStep(&sec, flow, biot, out, u, p, first_step - 1, StepTime(&o, first_step - 1), &settlement,
                           &excess_max));
  } else PetscCall(DioSectionOutputOpen(&sec, NULL, &out));
  last_step = first_step - 1;
  for (PetscInt k = first_step; k <= o.steps && !stop; k++) {
    const PetscReal time = StepTime(&o, k), dt = k == 0 ? 0.0 : time - StepTime(&o, k - 1);
    DioBiotStepInfo info;
    PetscLogDouble  s0, s1;
    PetscLogStage   stage_solve;

    PetscCall(PetscTime(&s0));
    if (o.sea_level) {
      /* the sea's rise: its weight on the seabed and, where drained, the seabed's excess pore pressure */
      const PetscReal rise = SeaLevel(&o, time), gamma_w = sec.opts.loads.water_density * DIO_FLOW_CONDUCTIVITY_GRAVITY;
      PetscCall(SetSurfaceLoad(&sec, o.load + gamma_w * rise));
      PetscCall(DioBiotSetDrainedPressure(biot, gamma_w * rise, PETSC_FALSE));
      PetscCall(DioSectionLog(&sec, DIO_LOG_VERBOSE, "            sea level %+.4g m: seabed load %.6g Pa\n", (double)rise,
                              (double)(o.load + gamma_w * rise)));
    }
    PetscCall(DioLogStageGet("Solve", &stage_solve));
    PetscCall(PetscLogStagePush(stage_solve));
    PetscCall(DioBiotStep(biot, dt, u, p, &info));
    PetscCall(PetscLogStagePop());
    sec.total_iterations += info.iterations;
    sec.num_solves++;
    PetscCall(OutputStep(&sec, flow, biot, out, u, p, k, time, &settlement, &excess_max));
    if (k == 0) {
      settlement_undrained = settlement;
      excess_undrained     = excess_max;
    }
    PetscCall(PetscTime(&s1));
    PetscCall(DioSectionLog(
        &sec, DIO_LOG_NORMAL,
        "[step %3" PetscInt_FMT "/%" PetscInt_FMT "] t = %10.4g s (%8.3g d)  %-10s KSP %3" PetscInt_FMT
        " its, settlement %.4g m, excess pore pressure "
        "<= %.4g kPa, wall %.1f s, ETA %.0f s\n",
        k, o.steps, (double)time, (double)(time / 86400.0), k == 0 ? "undrained" : "consolidate", info.iterations,
        (double)settlement, (double)(excess_max / 1e3), s1 - sec.t_start, (double)(o.steps - k) * (s1 - s0)));
    PetscCall(DioSectionLog(
        &sec, DIO_LOG_VERBOSE, "            KSP %s: residual %.3e (scaled system); assembly %.2f s, solve %.2f s\n",
        KSPConvergedReasons[info.reason], (double)info.residual_norm, info.assembly_seconds, info.solve_seconds));
    if (rank == 0) {
      PetscScalar *r;
      PetscCall(VecGetArray(results, &r));
      r[0] = settlement_undrained;
      r[1] = excess_undrained;
      r[2] = settlement;
      r[3] = excess_max;
      PetscCall(VecRestoreArray(results, &r));
    }
    last_step = k;
    PetscCall(DioSectionStageDone(&sec, k, every, checkpoint_path, u, &stop));
  }
  {
    const char *h5, *xmf;
    PetscCall(DioOutputGetPaths(out, &h5, &xmf));
    PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[output]    %s and %s\n", h5, xmf));
  }
  PetscCall(DioOutputDestroy(&out));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                          "[result]    settlement %.4g m undrained, %.4g m at t = %g s; excess pore pressure %.4g kPa "
                          "undrained, %.4g kPa at the end\n",
                          (double)settlement_undrained, (double)settlement, (double)StepTime(&o, PetscMax(last_step, 0)),
                          (double)(excess_undrained / 1e3), (double)(excess_max / 1e3)));
  {
    DioSummary summary;
    PetscCall(DioSectionSummaryBegin(&sec, &summary));
    PetscCall(DioSummaryAddReal(summary, "settlement_undrained_m", settlement_undrained));
    PetscCall(DioSummaryAddReal(summary, "settlement_final_m", settlement));
    PetscCall(DioSummaryAddReal(summary, "excess_pore_pressure_undrained_max_pa", excess_undrained));
    PetscCall(DioSummaryAddReal(summary, "excess_pore_pressure_final_max_pa", excess_max));
    {
      int threads = 1; /* of the element kernels (elasticity and Biot assembly) */
#if defined(_OPENMP)
      threads = omp_get_max_threads();
#endif
      PetscCall(DioSummaryAddReal(summary, "openmp_threads", threads));
    }
    PetscCall(DioSummaryWriteAndDestroy(&summary));
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec.t_start));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&p));
  PetscCall(VecDestroy(&p_coords));
  PetscCall(VecDestroy(&results));
  PetscCall(DioBiotDestroy(&biot));
  PetscCall(DioTimeFunctionDestroy(&o.sea_level));
  PetscCall(DioFlowDestroy(&flow));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
