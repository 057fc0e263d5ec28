/* SPDX-License-Identifier: BSD-2-Clause
   permafrost_heat.c: the heat of the permafrost_thaw preset (permafrost.c writes the stage list): its description
   for the stages' heat (stage_heat.c, which advances it and sets the frozen stiffness, thermal and thaw strains,
   dio_thaw.h), the initial temperature (the steady state without the tunnel), and the stage_end hook that writes each
   output step with its thaw measures, progress line and _thaw.csv (and the coupled thaw's, permafrost_flow.c). */
#include <petsctime.h>
#include "permafrost.h"

extern const char dio_embedded_materials_csv[];

/* The preset's heat as a stage heat description: thaw, the mechanics' element order, the thermal parameters of every
   layer of the material table (-materials_file or the embedded table; onshore, the section's ground surface above the
   water level: fresh pore water, with each layer's freezing_point_onshore where it has one; the section's surface is
   level, so every cell is on the same side), the ground surface at p->surface_C, the geothermal flux into the base and
   the tunnel wall (the lining's inner face) at the air temperature. Collective. */
static PetscErrorCode HeatDescription(DioSection *sec, DioPermafrostHeat *p, DioStageHeatDescription *d)
{
  const DioPermafrostOptions *o                        = p->o;
  char                        path[PETSC_MAX_PATH_LEN] = "";
  PetscBool                   has_file;
  DioTable                    table;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(d, sizeof(*d)));
  d->analysis       = DIO_ANALYSIS_THAW;
  d->no_eigenstrain = o->consolidation; /* the coupled thaw releases the frozen stress instead */
  d->thaw_points    = o->thaw_points;
  d->order          = sec->opts.order;
  d->num_conditions = DIO_PERMAFROST_NUM_CONDITIONS;
  PetscCall(PetscCalloc1(d->num_conditions, &d->conditions));
  d->conditions[0] = (DioHeatCondition){
      .id = DIO_BOUNDARY_SURFACE, .name = "surface", .kind = DIO_HEAT_CONDITION_TEMPERATURE, .value = p->surface_C};
  d->conditions[1] = (DioHeatCondition){
      .id = DIO_BOUNDARY_BASE, .name = "base", .kind = DIO_HEAT_CONDITION_FLUX, .value = o->geothermal_flux};
  d->conditions[DIO_PERMAFROST_CONDITION_WALL] = (DioHeatCondition){.id    = DIO_BOUNDARY_TUNNEL_WALL,
                                                                    .name  = "tunnel wall",
                                                                    .kind  = DIO_HEAT_CONDITION_TEMPERATURE,
                                                                    .value = o->air_temperature_C};
  PetscCall(DioMaterialTableGetNumLayers(sec->materials, &d->num_layers));
  PetscCall(PetscMalloc1(d->num_layers, &d->materials));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-materials_file", path, sizeof(path), &has_file));
  if (has_file)
    PetscCall(DioTableCreateFromFile(sec->comm, path, &table));
  else
    PetscCall(DioTableCreateFromString(sec->comm, "embedded:materials.csv", dio_embedded_materials_csv, &table));
  for (PetscInt l = 0; l < d->num_layers; l++) {
    const DioLayerMaterial *m;
    PetscCall(DioMaterialTableGetLayer(sec->materials, l, &m));
    PetscCall(DioHeatMaterialFromTable(table, m->name, o->curve, &d->materials[l]));
    if (p->onshore) PetscCall(DioHeatMaterialSetOnshore(table, m->name, &d->materials[l]));
  }
  PetscCall(DioTableDestroy(&table));
  PetscFunctionReturn(0);
}

/* Distance of X from the tunnel axis: 2D (x across, y up), 3D (x along, y across, z up). */
static PetscReal AxisDistance(PetscInt dim, const PetscReal X[], PetscReal axis)
{
  return PetscSqrtReal(PetscSqr(X[dim - 2]) + PetscSqr(X[dim - 1] - axis));
}

/* "Face Sets" = DIO_BOUNDARY_TUNNEL_WALL on the faces of the lining ring at its inner radius (DioSectionOnBoreWall()).
 */
static PetscErrorCode LabelTunnelWall(DioSection *sec, const PetscInt tunnel[], PetscReal inner_radius)
{
  const PetscReal axis = sec->mesh_opts.axis_elevation_m;
  DMLabel         label;
  PetscInt        cStart, n = 0, n_global;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    const PetscInt *cone;
    PetscInt        cone_size;
    if (tunnel[c] != DIO_TUNNEL_RING) continue;
    PetscCall(DMPlexGetConeSize(sec->dm, cStart + c, &cone_size));
    PetscCall(DMPlexGetCone(sec->dm, cStart + c, &cone));
    for (PetscInt k = 0; k < cone_size; k++) {
      PetscReal X[3];
      PetscCall(DMPlexComputeCellGeometryFVM(sec->dm, cone[k], NULL, X, NULL));
      if (DioSectionOnBoreWall(AxisDistance(sec->dim, X, axis), inner_radius)) {
        PetscCall(DMLabelSetValue(label, cone[k], DIO_BOUNDARY_TUNNEL_WALL));
        n++;
      }
    }
  }
  /* no wall face would leave the bore insulated: no thaw at all, silently */
  PetscCall(MPIU_Allreduce(&n, &n_global, 1, MPIU_INT, MPI_SUM, sec->comm));
  PetscCheck(n_global > 0, sec->comm, PETSC_ERR_PLIB, "permafrost: no bore-wall faces at radius %g m",
             (double)inner_radius);
  PetscFunctionReturn(0);
}

/* Ring cells become the lining in the "layer" label, which the heat reads (the elasticity holds its own copy: the
   engine replaces them when the stage list activates the ring). */
static PetscErrorCode RelabelRing(DioSection *sec, const PetscInt tunnel[])
{
  DMLabel  label;
  PetscInt cStart;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_LAYER, &label));
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    PetscInt old;
    if (tunnel[c] != DIO_TUNNEL_RING) continue;
    PetscCall(DMLabelGetValue(label, cStart + c, &old));
    if (old >= 0) PetscCall(DMLabelClearValue(label, cStart + c, old));
    PetscCall(DMLabelSetValue(label, cStart + c, sec->extra_layer));
  }
  PetscFunctionReturn(0);
}

typedef struct {
  PetscReal Ts, q, k;
} GuessContext;

/* Initial guess of the steady solve: the conductive geotherm with the frozen conductivity. */
static void Geotherm(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  const GuessContext *g = (const GuessContext *)ctx;
  (void)time;
  *value = g->Ts + g->q * PetscMax(0.0, -X[dim - 1]) / g->k;
}

/* The steady problem of the section without the tunnel: the description's conditions but the tunnel wall's (the
   wall faces are not labelled yet). Collective. */
static PetscErrorCode SteadyProblem(DioSection *sec, DioStageHeatDescription *d, DioHeat *heat)
{
  PetscFunctionBegin;
  PetscCall(DioHeatCreate(sec->dm, d->order, d->num_layers, d->materials, heat));
  for (PetscInt b = 0; b < d->num_conditions; b++)
    if (d->conditions[b].id != DIO_BOUNDARY_TUNNEL_WALL)
      PetscCall(DioStageHeatSetCondition(*heat, &d->conditions[b], PETSC_TRUE));
  PetscCall(DioHeatSetFromOptions(*heat));
  PetscCall(DioHeatSetUp(*heat));
  PetscFunctionReturn(0);
}

/*
  DioPermafrostHeatCreate - the initial temperature: the steady state of the section without the tunnel (surface at
  the land or seabed temperature, geothermal flux into the base, sides insulated; its frozen thickness logged against
  the profile's permafrost base), then the stages' heat (stage_heat.c) from that state: the ring relabelled as the
  lining, its inner face at -tunnel_air_temperature. Destroy with DioPermafrostHeatDestroy(). Collective.
*/
PetscErrorCode DioPermafrostHeatCreate(DioSection *sec, const DioPermafrostOptions *o, const DioLayerStack *stack,
                                       const DioTransverseOptions *topts, const PetscInt tunnel[], DioPermafrostHeat *p)
{
  const PetscReal width = 2 * topts->half_width_m;
  DioHeat         steady;
  GuessContext    g;
  SNES            snes;
  PetscInt        its;
  PetscReal       frozen_area;
  PetscLogDouble  t0, t1;
  Vec             T;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(p, sizeof(*p)));
  p->o         = o;
  p->stack     = stack;
  p->tunnel    = tunnel;
  p->onshore   = (PetscBool)(topts->surface_elevation_m >= sec->opts.loads.water_level);
  p->surface_C = p->onshore ? o->surface_land_C : o->surface_seabed_C;
  /* per metre of tunnel: the 2D section is one metre thick, a 3D segment is segment_length_m long */
  p->per_metre = o->segment_length_m > 0 ? 1.0 / o->segment_length_m : 1.0;
  PetscCall(HeatDescription(sec, p, &p->desc));
  PetscCall(SteadyProblem(sec, &p->desc, &steady));
  PetscCall(DioHeatCreateGlobalVector(steady, &T));
  g.Ts = p->surface_C;
  g.q  = o->geothermal_flux;
  g.k  = 2.5;
  PetscCall(PetscTime(&t0));
  PetscCall(DioHeatInterpolate(steady, Geotherm, &g, 0.0, T));
  PetscCall(DioHeatSolveSteady(steady, 0.0, T));
  PetscCall(DioHeatGetSNES(steady, &snes));
  PetscCall(SNESGetIterationNumber(snes, &its));
  PetscCall(DioHeatComputeFrozenVolume(steady, T, &frozen_area));
  PetscCall(PetscTime(&t1));
  p->frozen_thickness_m = frozen_area * p->per_metre / width;
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[heat]      steady state: %s surface %.2f degC (%s pore water), geothermal flux %.1f mW/m2, "
                          "Newton %" PetscInt_FMT " its, %.2f s: frozen thickness %.1f m (ice-saturation integral / "
                          "width) against the profile's permafrost base %.1f m%s\n",
                          p->onshore ? "land" : "seabed", (double)p->surface_C, p->onshore ? "fresh" : "saline",
                          (double)(1e3 * o->geothermal_flux), its, t1 - t0, (double)p->frozen_thickness_m,
                          (double)stack->permafrost_base_depth_m,
                          p->frozen_thickness_m >= topts->surface_elevation_m - topts->base_elevation_m - 1e-6
                              ? " (frozen to the model base)"
                              : ""));

  /* the tunnel's heat problem, the stages' (stage_heat.c) from that state: lining material in the ring, its inner face
     at the air temperature (no heat step before the bore's end: stages 0 and 1 last no time) */
  PetscCall(RelabelRing(sec, tunnel));
  PetscCall(LabelTunnelWall(sec, tunnel, 0.5 * o->diameter_m - o->lining_thickness_m));
  PetscCall(DioHeatDestroy(&steady));
  p->desc.initial_state = T;
  p->desc.own_log       = PETSC_TRUE;
  PetscCall(DioStageHeatCreateFromDescription(&p->desc, &p->stage_heat));
  PetscCall(DioStageHeatSetUp(sec, p->stage_heat));
  PetscCall(DioStageHeatGetState(p->stage_heat, &p->heat, &p->T, &p->coupling));
  PetscFunctionReturn(0);
}

PetscErrorCode DioPermafrostHeatDestroy(DioPermafrostHeat *p)
{
  PetscFunctionBegin;
  PetscCall(DioCSVDestroy(&p->csv));
  PetscCall(DioPermafrostFlowDestroy(&p->flow));
  PetscCall(DioStageHeatDestroy(&p->stage_heat));
  PetscCall(DioStageHeatDescriptionDestroy(&p->desc));
  PetscCall(VecDestroy(&p->results));
  PetscFunctionReturn(0);
}

/* The columns of _thaw.csv. */
#define THAW_CSV_HEADER                                                                                                \
  "step,time_years,thaw_depth_from_wall_m,max_surface_settlement_m,enthalpy_change_J_per_m,boundary_heat_in_J_per_m"

/* The results of the last output step a restart after it reports: thaw depth, settlement, energy mismatch. */
enum { RESULT_THAW_DEPTH, RESULT_SETTLEMENT, RESULT_ENERGY_ERROR, NUM_RESULTS };

/*
  DioPermafrostHeatCheckpointSetUp - the stage checkpoints hold the heat's state (stage_heat.c: the temperature, the
  initial steady state as the thaw's reference, the heat's next step and energy terms, the thaw's history) and the
  results of the last output step. Collective.
*/
PetscErrorCode DioPermafrostHeatCheckpointSetUp(DioSection *sec, DioPermafrostHeat *p)
{
  PetscFunctionBegin;
  PetscCall(DioStageHeatCheckpointSetUp(sec, p->stage_heat));
  PetscCall(DioSectionCheckpointValuesCreate(sec, "permafrost_results", NUM_RESULTS, &p->results));
  PetscFunctionReturn(0);
}

/*
  DioPermafrostHeatRestart - a restart after stage first_stage - 1 of list: the heat's state from the checkpoint `path`
  (its temperature, not the steady state just computed), and after a thaw stage the results of its output step and
  _thaw.csv continued after that step (the rows the interrupted run wrote later dropped). Collective.
*/
PetscErrorCode DioPermafrostHeatRestart(DioSection *sec, DioPermafrostHeat *p, const char path[],
                                        const DioStageList *list, PetscInt first_stage)
{
  PetscReal v[NUM_RESULTS];
  char      csv[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(DioStageHeatRestart(sec, p->stage_heat, path, first_stage > 0 ? list->stage[first_stage - 1].time_end : 0));
  if (first_stage < 2) PetscFunctionReturn(0); /* the bore's stage end starts _thaw.csv */
  PetscCall(DioSectionCheckpointValuesLoad(sec, path, "permafrost_results", NUM_RESULTS, v));
  p->thaw_depth   = v[RESULT_THAW_DEPTH];
  p->settlement   = v[RESULT_SETTLEMENT];
  p->energy_error = v[RESULT_ENERGY_ERROR];
  PetscCall(PetscSNPrintf(csv, sizeof(csv), "%s/%s_thaw.csv", sec->opts.output_dir, sec->opts.output_name));
  PetscCall(DioCSVReopen(sec->comm, csv, THAW_CSV_HEADER, list->stage[first_stage - 1].output_step, &p->csv));
  PetscCall(DioHeatGetEnergy(p->heat, &p->last));
  PetscCall(PetscTime(&p->t_loop));
  PetscFunctionReturn(0);
}

/* The progress line of thaw stage s (output step k = s - 1 of n): the heat's steps, Newton and KSP iterations since
   the last stage (p->last), wall time and the time left at this pace. */
static PetscErrorCode HeatLog(DioSection *sec, DioPermafrostHeat *p, PetscInt k)
{
  const DioPermafrostOptions *o     = p->o;
  const PetscInt              n     = o->num_outputs;
  const PetscReal             t_end = o->output_years[k - 1] * DIO_SECONDS_PER_YEAR;
  DioHeatEnergy               e;
  PetscLogDouble              now;

  PetscFunctionBegin;
  PetscCall(DioHeatGetEnergy(p->heat, &e));
  PetscCall(PetscTime(&now));
  PetscCall(
      DioSectionLog(sec, DIO_LOG_NORMAL,
                    "[heat %3" PetscInt_FMT "/%" PetscInt_FMT "] t = %8.3f yr  %4" PetscInt_FMT " steps (%" PetscInt_FMT
                    " rejected), Newton %4" PetscInt_FMT " its, KSP %5" PetscInt_FMT " its, wall %.1f s, ETA %.0f s\n",
                    k, n, (double)(t_end / DIO_SECONDS_PER_YEAR), e.steps - p->last.steps,
                    e.rejected_steps - p->last.rejected_steps, e.newton_iterations - p->last.newton_iterations,
                    e.linear_iterations - p->last.linear_iterations, now - sec->t_start,
                    (double)((now - p->t_loop) / t_end * (o->output_years[n - 1] * DIO_SECONDS_PER_YEAR - t_end))));
  p->last = e;
  PetscFunctionReturn(0);
}

/* Thaw depth from the bore wall (largest distance from the lining's outer face of a ground cell whose centroid has
   lost at least half its initial ice, initially at least half frozen) and the largest surface settlement of u.
   Collective. */
static PetscErrorCode ThawMeasures(DioSection *sec, Vec u, const PetscInt tunnel[], const PetscReal ice0[],
                                   const DioThawCellFields *f, PetscReal R, PetscReal *thaw_depth,
                                   PetscReal *settlement)
{
  const DioMeshTopology *topo  = &sec->topology;
  const PetscReal        axis  = sec->mesh_opts.axis_elevation_m;
  const PetscInt         up    = sec->dim - 1;
  PetscReal              depth = 0, top = -PETSC_MAX_REAL, top_global, smax = 0, *disp;
  PetscInt               cStart;

  PetscFunctionBegin;
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < topo->num_cells; c++) {
    PetscReal X[3];
    if (tunnel[c] > 0 || ice0[c] < 0.5 || ice0[c] - f->ice_saturation[c] < 0.5) continue;
    PetscCall(DMPlexComputeCellGeometryFVM(sec->dm, cStart + c, NULL, X, NULL));
    depth = PetscMax(depth, AxisDistance(sec->dim, X, axis) - R);
  }
  PetscCall(MPIU_Allreduce(&depth, thaw_depth, 1, MPIU_REAL, MPI_MAX, sec->comm));
  PetscCall(PetscMalloc1(3 * topo->num_vertices + 1, &disp));
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, u, topo->num_vertices, topo->vertex_points, disp));
  for (PetscInt i = 0; i < topo->num_vertices; i++) top = PetscMax(top, topo->vertex_coords[3 * i + up]);
  PetscCall(MPIU_Allreduce(&top, &top_global, 1, MPIU_REAL, MPI_MAX, sec->comm));
  for (PetscInt i = 0; i < topo->num_vertices; i++) {
    if (PetscAbsReal(topo->vertex_coords[3 * i + up] - top_global) > 1e-9 * (1 + PetscAbsReal(top_global))) continue;
    smax = PetscMax(smax, -disp[3 * i + up]);
  }
  PetscCall(MPIU_Allreduce(&smax, settlement, 1, MPIU_REAL, MPI_MAX, sec->comm));
  PetscCall(PetscFree(disp));
  PetscFunctionReturn(0);
}

/* Output step `step` at `time`: the mechanical fields of U (u the increment the stress is computed with), the vertex
   temperature and the coupling's cell fields. Collective. */
static PetscErrorCode WriteStep(DioSection *sec, DioPermafrostHeat *p, DioOutput out, PetscInt step, PetscReal time,
                                Vec U, Vec u, const PetscInt excavated[])
{
  const DioMeshTopology *topo = &sec->topology;
  DioThawCellFields      f;
  PetscReal             *Tv;

  PetscFunctionBegin;
  PetscCall(DioOutputBeginStep(out, step, time));
  PetscCall(DioSectionWriteStepFields(sec, out, U, u, excavated, NULL));
  PetscCall(PetscMalloc1(topo->num_vertices + 1, &Tv));
  PetscCall(DioHeatGetVertexTemperature(p->heat, p->T, topo->num_vertices, topo->vertex_points, Tv));
  PetscCall(DioThawCouplingGetCellFields(p->coupling, &f));
  PetscCall(DioOutputWriteField(out, "temperature", DIO_OUTPUT_VERTEX, 1, "degC", Tv));
  PetscCall(DioOutputWriteField(out, "temperature_cell", DIO_OUTPUT_CELL, 1, "degC", f.temperature));
  PetscCall(DioOutputWriteField(out, "ice_saturation", DIO_OUTPUT_CELL, 1, "-", f.ice_saturation));
  if (p->flow == NULL) PetscCall(DioOutputWriteField(out, "thaw_strain", DIO_OUTPUT_CELL, 1, "-", f.thaw_strain));
  PetscCall(DioOutputWriteField(out, "youngs_modulus_current", DIO_OUTPUT_CELL, 1, "Pa", f.youngs_modulus));
  if (p->flow) PetscCall(DioPermafrostFlowWriteFields(p->flow, out, U, u));
  PetscCall(DioOutputEndStep(out));
  PetscCall(PetscFree(Tv));
  PetscFunctionReturn(0);
}

/*
  DioPermafrostStageEnd - the engine's stage_end hook (ctx: DioPermafrostHeat): after the bore (stage 1) output step 0
  (the initial permafrost, bore and lining; the thaw depth's reference is the coupling's, its ice saturation) and the
  heat's start at t = 0; after the last thaw stage of output step k the thaw depth, surface settlement and energy
  balance (log, _thaw.csv; the coupled thaw's probe) and output step k at the stage's end. U: the displacement since
  the initial state, u: since the excavation. Collective.
*/
PetscErrorCode DioPermafrostStageEnd(DioSection *sec, DioOutput out, PetscInt s, Vec U, Vec u,
                                     const PetscInt excavated[], void *ctx)
{
  DioPermafrostHeat          *p = (DioPermafrostHeat *)ctx;
  const DioPermafrostOptions *o = p->o;
  const PetscInt              k = p->list->stage[s].output_step;
  DioThawCellFields           f;
  DioHeatEnergy               e;
  const PetscReal            *ice0;
  PetscMPIInt                 rank;
  char                        path[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  if (s == 0) PetscFunctionReturn(0);
  /* a coupled thaw's stage within the output interval: no output */
  if (s + 1 < p->list->num_stages && p->list->stage[s + 1].output_step == k) {
    PetscCall(DioPermafrostFlowStageDone(p->flow));
    PetscFunctionReturn(0);
  }
  PetscCall(DioThawCouplingGetCellFields(p->coupling, &f));
  if (s == 1) {
    PetscCall(WriteStep(sec, p, out, 0, 0.0, U, u, excavated));
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_thaw.csv", sec->opts.output_dir, sec->opts.output_name));
    PetscCall(DioCSVCreate(sec->comm, path, THAW_CSV_HEADER, &p->csv));
    PetscCall(DioHeatGetEnergy(p->heat, &p->last));
    PetscCall(PetscTime(&p->t_loop));
    PetscFunctionReturn(0);
  }
  PetscCall(HeatLog(sec, p, k));
  PetscCall(DioHeatGetEnergy(p->heat, &e));
  PetscCall(DioThawCouplingGetReferenceIce(p->coupling, &ice0));
  PetscCall(ThawMeasures(sec, u, p->tunnel, ice0, &f, 0.5 * o->diameter_m, &p->thaw_depth, &p->settlement));
  p->energy_error = PetscAbsReal((e.enthalpy - e.enthalpy_initial) - (e.boundary_heat_in + e.source_heat)) /
                    PetscMax(PetscAbsReal(e.enthalpy - e.enthalpy_initial), PETSC_SMALL);
  if (p->results) {
    const PetscReal v[NUM_RESULTS] = {p->thaw_depth, p->settlement, p->energy_error};
    PetscCall(DioSectionCheckpointValuesStore(p->results, NUM_RESULTS, v));
  }
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "            thaw depth from the bore wall %.2f m, surface settlement %.2f mm; energy: "
                          "enthalpy change %.4e J/m, heat in %.4e J/m "
                          "(relative mismatch %.1e)\n",
                          (double)p->thaw_depth, (double)(1e3 * p->settlement),
                          (double)((e.enthalpy - e.enthalpy_initial) * p->per_metre),
                          (double)((e.boundary_heat_in + e.source_heat) * p->per_metre), (double)p->energy_error));
  {
    PetscReal row[6] = {(PetscReal)k,
                        o->output_years[k - 1],
                        p->thaw_depth,
                        p->settlement,
                        (e.enthalpy - e.enthalpy_initial) * p->per_metre,
                        (e.boundary_heat_in + e.source_heat) * p->per_metre};
    PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
    PetscCall(DioCSVAppendRows(p->csv, rank == 0 ? 1 : 0, 6, row, -1));
  }
  PetscCall(WriteStep(sec, p, out, k, o->output_years[k - 1] * DIO_SECONDS_PER_YEAR, U, u, excavated));
  if (p->flow) PetscCall(DioPermafrostFlowProbe(p->flow, k, o->output_years[k - 1], p->thaw_depth));
  PetscCall(DioPermafrostFlowStageDone(p->flow));
  PetscFunctionReturn(0);
}
