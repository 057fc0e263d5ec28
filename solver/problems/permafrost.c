/* SPDX-License-Identifier: BSD-2-Clause
   permafrost.c: thaw of the permafrost around a warm tunnel at a landfall (issue 5), on the transverse section at
   -tunnel_chainage (mesh/transverse.c), heat coupled one way to the mechanics at every output time. With
   -tunnel_segment_length L > 0 the same problem runs in 3D on that section extruded over L (mesh/segment.c, x along
   the tunnel, -tunnel_segment_slices cells along it), bore and lining over the whole length, the ends insulated and
   held by -bc_ends (roller: plane strain, the 2D answer; test verification.permafrost_segment_vs_section).

   1. Initial temperature: the steady state of the section (no tunnel) under the mean ground surface temperature
      (-surface_temperature_land where the surface is above the water level, -surface_temperature_seabed below it) and
      the geothermal flux -geothermal_flux entering the base; the sides are insulated. Under land the pore water is
      fresh: each layer freezes at its freezing_point_onshore where the table has one, else (and under the seabed) at
      its freezing_point. The frozen thickness it gives is logged against the profile's permafrost_base_depth_m.
   2. Mechanics of that state: geostatic stress with the frozen stiffness of the initial temperature (dio_thaw.h),
      then the bore excavated with the lining in place (wished-in-place: the transverse_section problem has the
      convergence-confinement detail). Output step 0 (time 0) is that state; the reference of thermal and thaw
      strains is the initial temperature.
   3. From t = 0 the lining's inner face is held at -tunnel_air_temperature (the lining conducts, material
      lining_concrete); backward Euler heat steps with adaptive size (-heat_dt_*) up to every -output_times (years)
      until -thaw_years. At each output time the stiffness of every cell and the thermal and thaw strains at every
      quadrature point (-thaw_strain_points) follow from the temperature (dio_thaw.h) and the mechanics is solved
      again from the post-excavation state: displacements and stresses are those of the whole thaw so far.
   Output per step: temperature (vertex, for the 0 degC / freezing isotherm in ParaView), cell temperature, ice
   saturation, thaw strain, Young's modulus, displacement, stress; <name>_thaw.csv (time, thaw depth from the bore
   wall, maximum surface settlement, energy balance); the run summary.
   With -flow_model consolidation (2D) the thaw consolidates instead (permafrost_flow.c): -consolidation_steps Biot
   steps per output interval, the ice impedance of the conductivity and the release of the frozen skeleton's stress in
   place of the thermal and thaw strains; output adds the excess pore pressure and the drained comparison.

   A preset of the stage engine: the keys write the stage list (PermafrostStages(): the initial state, the bore and
   lining, one secant stage per output time), stage_engine.c runs it with the heat of stage_heat.c as
   permafrost_heat.c describes it, which adds the initial temperature and the outputs. */
#include <petsctime.h>
#include "permafrost.h"
#include "ring_preset.h"

#define MAX_OUTPUT_TIMES DIO_PERMAFROST_MAX_OUTPUT_TIMES

static PetscErrorCode PermafrostOptionsSet(MPI_Comm comm, DioPermafrostOptions *o)
{
  const char *const curves[] = {"none", "exponential", "power", "DioHeatCurve", "DIO_HEAT_CURVE_", NULL};
  const char *const models[] = {"none", "consolidation", "DioFlowModel", "DIO_FLOW_MODEL_", NULL};
  PetscEnum         model    = (PetscEnum)0;
  PetscReal         given[MAX_OUTPUT_TIMES];
  PetscInt          n_given = MAX_OUTPUT_TIMES;
  PetscBool         has_times;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->chainage_m         = 91700;
  o->diameter_m         = 12;
  o->lining_thickness_m = 0.55;
  o->air_temperature_C  = 10;
  o->thaw_years         = 20;
  o->surface_land_C     = -4;
  o->surface_seabed_C   = 0.5;
  o->geothermal_flux    = 0.065;
  o->curve              = DIO_HEAT_CURVE_EXPONENTIAL;
  PetscOptionsBegin(comm, NULL, "Permafrost thaw around the tunnel", "permafrost");
  PetscCall(DioRingOptionsAdd(PetscOptionsObject, &o->chainage_m, &o->diameter_m, &o->lining_thickness_m));
  PetscCall(PetscOptionsReal("-tunnel_air_temperature",
                             "Air temperature in the tunnel, held on the lining's inner face from excavation (degC)",
                             "", o->air_temperature_C, &o->air_temperature_C, NULL));
  PetscCall(PetscOptionsReal("-thaw_years", "Years of tunnel operation simulated (years)", "", o->thaw_years,
                             &o->thaw_years, NULL));
  given[0] = 1; /* -help shows the first entry: the first default time, not an invalid 0 */
  PetscCall(PetscOptionsRealArray(
      "-output_times",
      "Output times after excavation (years, increasing); default 1, 2, 5, 10, 20, 50, 100 up to -thaw_years", "",
      given, &n_given, &has_times));
  PetscCall(PetscOptionsReal("-surface_temperature_land",
                             "Mean annual ground surface temperature where the surface is above the water level (degC)",
                             "", o->surface_land_C, &o->surface_land_C, NULL));
  PetscCall(PetscOptionsReal("-surface_temperature_seabed", "Mean annual seabed temperature (degC)", "",
                             o->surface_seabed_C, &o->surface_seabed_C, NULL));
  PetscCall(PetscOptionsReal("-geothermal_flux", "Geothermal heat flux into the base (W/m2)", "", o->geothermal_flux,
                             &o->geothermal_flux, NULL));
  PetscCall(PetscOptionsReal("-tunnel_segment_length",
                             "3D: length of a segment of the section extruded along the tunnel (m), bore and lining "
                             "over its whole length; 0: the 2D section",
                             "", o->segment_length_m, &o->segment_length_m, NULL));
  o->segment_slices = PetscMax(1, (PetscInt)PetscCeilReal(o->segment_length_m / 3.0 - 1e-9));
  PetscCall(PetscOptionsInt("-tunnel_segment_slices", "3D: cells along the segment; default one per 3 m", "",
                            o->segment_slices, &o->segment_slices, NULL));
  PetscCall(PetscOptionsEnum("-heat_curve", "Freezing curve of every layer: none, exponential, power", "", curves,
                             (PetscEnum)o->curve, (PetscEnum *)&o->curve, NULL));
  PetscCall(PetscOptionsEnum("-flow_model",
                             "Groundwater: none (the drained thaw) or consolidation (thaw consolidation, coupled Biot "
                             "Q2-Q1, 2D)",
                             "", models, model, &model, NULL));
  PetscOptionsEnd();
  PetscCall(DioThawPointsFromOptions(comm, &o->thaw_points));
  o->consolidation = (PetscBool)(model == (PetscEnum)1);
  PetscCheck(!PetscIsInfOrNanReal(o->thaw_years) && o->thaw_years > 0 && o->thaw_years <= 1e4, comm,
             PETSC_ERR_USER_INPUT, "-thaw_years = %g: must be in (0, 10000] years", (double)o->thaw_years);
  PetscCheck(!PetscIsInfOrNanReal(o->air_temperature_C) && o->air_temperature_C > -100 && o->air_temperature_C < 100,
             comm, PETSC_ERR_USER_INPUT, "-tunnel_air_temperature = %g: must be a temperature in (-100, 100) degC",
             (double)o->air_temperature_C);
  PetscCheck(!PetscIsInfOrNanReal(o->surface_land_C) && o->surface_land_C > -100 && o->surface_land_C < 100, comm,
             PETSC_ERR_USER_INPUT, "-surface_temperature_land = %g: must be in (-100, 100) degC",
             (double)o->surface_land_C);
  PetscCheck(!PetscIsInfOrNanReal(o->surface_seabed_C) && o->surface_seabed_C > -100 && o->surface_seabed_C < 100, comm,
             PETSC_ERR_USER_INPUT, "-surface_temperature_seabed = %g: must be in (-100, 100) degC",
             (double)o->surface_seabed_C);
  PetscCheck(!PetscIsInfOrNanReal(o->geothermal_flux) && o->geothermal_flux >= 0 && o->geothermal_flux < 10, comm,
             PETSC_ERR_USER_INPUT, "-geothermal_flux = %g: must be in [0, 10) W/m2", (double)o->geothermal_flux);
  PetscCheck(!PetscIsInfOrNanReal(o->segment_length_m) && o->segment_length_m >= 0, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_segment_length = %g: must be >= 0 m (0: the 2D section)", (double)o->segment_length_m);
  PetscCheck(o->segment_slices >= 1 && o->segment_slices <= 10000, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_segment_slices = %" PetscInt_FMT ": must be in [1, 10000]", o->segment_slices);
  PetscCheck(o->diameter_m > 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_diameter = %g: must be > 0 m",
             (double)o->diameter_m);
  if (has_times) {
    for (PetscInt i = 0; i < n_given; i++) {
      PetscCheck(!PetscIsInfOrNanReal(given[i]) && given[i] > 0 && given[i] <= o->thaw_years &&
                     (i == 0 || given[i] > given[i - 1]),
                 comm, PETSC_ERR_USER_INPUT,
                 "-output_times: entry %" PetscInt_FMT
                 " = %g: times must increase and lie in (0, -thaw_years = %g] years",
                 i + 1, (double)given[i], (double)o->thaw_years);
      o->output_years[o->num_outputs++] = given[i];
    }
  } else {
    const PetscReal defaults[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
      if (defaults[i] < o->thaw_years) o->output_years[o->num_outputs++] = defaults[i];
  }
  if (o->num_outputs == 0 || o->output_years[o->num_outputs - 1] < o->thaw_years) {
    PetscCheck(o->num_outputs < MAX_OUTPUT_TIMES, comm, PETSC_ERR_USER_INPUT, "-output_times: at most %d times",
               MAX_OUTPUT_TIMES - 1);
    o->output_years[o->num_outputs++] = o->thaw_years;
  }
  PetscFunctionReturn(0);
}

/*
  The stages the keys describe, numbered by output step: 0 the initial state (gravity with the frozen stiffness of
  the initial temperature), 1 the bore (the core excavated, the ring activated as the lining, the extra layer; output
  step 0 at time 0), then for each output time t_k (k = 1 .. num_outputs) a stage of duration t_k - t_(k-1) that
  changes no region and is solved whole from the state after the bore (secant: the stiffness and strains of the
  temperature at t_k; output step k). With substeps > 1 (the coupled thaw) each output interval is
  that many stages of equal duration, all of output step k. Destroy with DioStageListDestroy().
*/
static PetscErrorCode PermafrostStages(const DioPermafrostOptions *o, PetscInt substeps, PetscInt lining_layer,
                                       DioStageList *list)
{
  DioStage *st;

  PetscFunctionBegin;
  PetscCall(DioStageListCreateRing(o->num_outputs * substeps + 2, DIO_PERMAFROST_NUM_CONDITIONS, lining_layer, list));
  list->by_output_step = PETSC_TRUE;
  for (PetscInt s = 0; s < list->num_stages; s++) {
    /* k: the output step of a thaw stage, i: its place in the output interval (1 .. substeps) */
    const PetscInt k = s < 2 ? s - 1 : (s - 2) / substeps + 1, i = s < 2 ? 0 : (s - 2) % substeps + 1;
    st                                        = &list->stage[s];
    st->region_active[DIO_RING_REGION_GROUND] = PETSC_TRUE;
    st->region_active[DIO_RING_REGION_RING]   = PETSC_TRUE;
    st->region_active[DIO_RING_REGION_CORE]   = (PetscBool)(s == 0);
    st->output_step                           = PetscMax(0, k);
    st->secant                                = (PetscBool)(s >= 2);
    /* the heat's conditions (permafrost_heat.c): surface and base throughout, the tunnel wall from the bore's end */
    for (PetscInt b = 0; b < DIO_PERMAFROST_NUM_CONDITIONS; b++)
      st->boundary_on[b] = (PetscBool)(b != DIO_PERMAFROST_CONDITION_WALL || s >= 2);
    if (s < 2) continue;
    {
      const PetscReal t0 = k < 2 ? 0 : o->output_years[k - 2], t1 = o->output_years[k - 1]; /* years */
      st->time_end = (i == substeps ? t1 : t0 + (t1 - t0) * (PetscReal)i / (PetscReal)substeps) * DIO_SECONDS_PER_YEAR;
      st->duration = st->time_end - list->stage[s - 1].time_end;
    }
    PetscCall(
        PetscSNPrintf(st->description, sizeof(st->description), "thaw, %.3g years", (double)o->output_years[k - 1]));
    if (i == substeps)
      PetscCall(PetscSNPrintf(st->name, sizeof(st->name), "%.3g years", (double)o->output_years[k - 1]));
    else
      PetscCall(PetscSNPrintf(st->name, sizeof(st->name), "%.3g years, step %" PetscInt_FMT "/%" PetscInt_FMT,
                              (double)o->output_years[k - 1], i, substeps));
  }
  st = &list->stage[0];
  PetscCall(PetscStrncpy(st->description, "geostatic (frozen stiffness)", sizeof(st->description)));
  st->initial = DIO_STAGE_INITIAL_GRAVITY;
  st          = &list->stage[1];
  PetscCall(PetscStrncpy(st->name, "bore and lining", sizeof(st->name)));
  st->region_excavated[DIO_RING_REGION_CORE] = PETSC_TRUE;
  st->region_activated[DIO_RING_REGION_RING] = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*
  DioPermafrostThawRun - steady permafrost, tunnel, years of thaw with the mechanics at every output time (see the
  file comment), a preset of the stage engine. Output <dir>/<name>.h5/.xmf (time in s), <name>_thaw.csv,
  <name>_summary.json. Collective.
*/
PetscErrorCode DioPermafrostThawRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection           sec;
  DioPermafrostOptions o;
  DioTransverseOptions topts;
  DioLayerStack        stack;
  DioStageList         list;
  DioStageRun          sr;
  DioPermafrostHeat    ph;
  DioPermafrostFlow    flow;
  DioOutput            out;
  DM                   dm;
  Vec                  U;
  PetscInt            *tunnel, *region, every, first_stage = 0;
  PetscBool            restart, stop = PETSC_FALSE;
  PetscLogDouble       t0, t1;
  char                 what[256], checkpoint_path[PETSC_MAX_PATH_LEN], restart_path[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(PermafrostOptionsSet(comm, &o));
  PetscCall(DioSectionFlowDefaults(comm)); /* Q2 displacement with consolidation */
  PetscCall(DioSectionCreate(
      comm, run, o.segment_length_m > 0 ? "permafrost thaw, 3D segment" : "permafrost thaw, transverse section",
      "lining_concrete", &sec));
  PetscCall(
      DioSectionCheckpointOptions(&sec, &every, checkpoint_path, sizeof(checkpoint_path), &restart, restart_path));
  PetscCall(DioSectionTunnelGeometry(&sec, o.chainage_m, o.diameter_m, o.lining_thickness_m, &stack, &topts));
  PetscCall(DioSectionTunnelGeometryValidate(&sec, o.chainage_m, &topts, PETSC_FALSE));
  PetscCall(DioTransverseOptionsSetFromOptions(comm, &topts));
  PetscCall(DioPermafrostFlowCreate(&sec, &o, &stack, restart, &flow));
  {
    DioMeshCount count;
    PetscCall(DioTransverseCount(comm, &topts, o.segment_length_m > 0 ? o.segment_slices : 0, &count));
    PetscCall(DioSectionRunSize(&sec, &count, o.num_outputs * DioPermafrostFlowSteps(flow), o.num_outputs + 1,
                                PETSC_TRUE, PETSC_FALSE));
  }
  if (run->check_only) {
    PetscCall(DioPermafrostFlowDestroy(&flow));
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscTime(&t0));
  if (o.segment_length_m > 0)
    PetscCall(DioMeshCreateSegment(comm, &topts, &stack, o.segment_length_m, o.segment_slices, &dm));
  else
    PetscCall(DioMeshCreateTransverse(comm, &topts, &stack, &dm));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "%s at x = %.0f m, surface %.1f m, axis %.1f m, D = %.2f m, permafrost base %.1f m deep",
                          o.segment_length_m > 0 ? "3D segment" : "transverse section", (double)o.chainage_m,
                          (double)topts.surface_elevation_m, (double)topts.axis_elevation_m, (double)o.diameter_m,
                          (double)stack.permafrost_base_depth_m));
  if (o.segment_length_m > 0) {
    const size_t len = strlen(what);
    PetscCall(PetscSNPrintf(what + len, sizeof(what) - len, ", %.1f m long in %" PetscInt_FMT " slices",
                            (double)o.segment_length_m, o.segment_slices));
  }
  PetscCall(DioRingSetUp(&sec, dm, what, t1 - t0, &tunnel, &region));
  PetscCall(PermafrostStages(&o, DioPermafrostFlowSteps(flow), sec.extra_layer, &list));
  /* the initial temperature and the tunnel's heat problem (the ring relabelled as the lining for the output too) */
  PetscCall(DioPermafrostHeatCreate(&sec, &o, &stack, &topts, tunnel, &ph));
  ph.list = &list;
  ph.flow = flow; /* ph owns it from here */

  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &U));
  PetscCall(DioPermafrostHeatCheckpointSetUp(&sec, &ph));
  PetscCall(PetscMemzero(&sr, sizeof(sr)));
  sr.list             = &list;
  sr.cell_region      = region;
  sr.analysis         = DIO_ANALYSIS_THAW;
  sr.preset.ctx       = &ph;
  sr.heat             = ph.stage_heat;
  sr.preset.stage_end = DioPermafrostStageEnd;
  sr.every            = every;
  sr.checkpoint_path  = checkpoint_path;
  if (flow) {
    sr.preset.stage_loads = DioPermafrostFlowStageLoads;
    sr.preset.solve       = DioPermafrostFlowSolve;
  }
  if (restart) {
    /* the regions of the stages before the checkpoint (the ring as the lining), then its state: displacement, stress,
       temperature, the thaw's reference and history */
    PetscBool *active;
    PetscInt  *excavated;
    PetscCall(DioSectionRestartStage(&sec, restart_path, list.num_stages, &first_stage));
    PetscCall(PetscMalloc2(sec.topology.num_cells + 1, &active, sec.topology.num_cells + 1, &excavated));
    PetscCall(DioStageEngineRestoreStages(&sec, &list, first_stage, region, active, excavated));
    PetscCall(PetscFree2(active, excavated));
    PetscCall(DioSectionCheckpointRead(&sec, restart_path, &first_stage, U));
    PetscCall(DioPermafrostHeatRestart(&sec, &ph, restart_path, &list, first_stage));
    PetscCall(DioPermafrostFlowRestart(&ph, restart_path, first_stage));
    PetscCall(DioSectionRestartReport(&sec, restart_path, first_stage));
  }
  if (restart && first_stage >= 2) {
    PetscBool appended; /* a new output from a checkpoint of another run lacks the steps before it */
    PetscInt  k = list.stage[first_stage - 1].output_step;
    /* within a coupled thaw's output interval its step is not written yet */
    if (first_stage < list.num_stages && list.stage[first_stage].output_step == k) k--;
    PetscCall(DioSectionOutputContinue(&sec, tunnel, k, &out, &appended));
  } else {
    /* after the initial state no step is written yet: the run's own output is replaced */
    if (restart) sec.opts.output_overwrite = PETSC_TRUE;
    PetscCall(DioSectionOutputOpen(&sec, tunnel, &out));
  }
  PetscCall(DioOutputSetMetadata(out, "time_axis",
                                 "seconds since the excavation; step 0: initial permafrost, bore and lining"));
  PetscCall(DioStageEngineRunStages(&sec, &sr, out, first_stage, U, &stop, NULL));
  {
    DioSummary summary;
    PetscCall(DioSectionSummaryBegin(&sec, &summary));
    PetscCall(DioSummaryAddReal(summary, "thaw_years", o.thaw_years));
    PetscCall(DioSummaryAddString(summary, "pore_water",
                                  ph.onshore ? "fresh (freezing_point_onshore)" : "saline (freezing_point)"));
    PetscCall(DioSummaryAddReal(summary, "steady_frozen_thickness_m", ph.frozen_thickness_m));
    PetscCall(DioSummaryAddReal(summary, "profile_permafrost_base_depth_m", stack.permafrost_base_depth_m));
    PetscCall(DioSummaryAddReal(summary, "thaw_depth_from_wall_m", ph.thaw_depth));
    PetscCall(DioSummaryAddReal(summary, "max_thaw_settlement_m", ph.settlement));
    PetscCall(DioSummaryAddReal(summary, "energy_balance_relative_error", ph.energy_error));
    if (ph.flow) PetscCall(DioPermafrostFlowSummary(ph.flow, summary));
    PetscCall(DioSummaryWriteAndDestroy(&summary));
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[output]    %s/%s.h5, .xmf, _thaw.csv%s, _summary.json\n",
                          sec.opts.output_dir, sec.opts.output_name, ph.flow ? ", _thaw_consolidation.csv" : ""));
  PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec.t_start));
  PetscCall(DioOutputDestroy(&out));
  PetscCall(DioPermafrostHeatDestroy(&ph));
  PetscCall(DioStageListDestroy(&list));
  PetscCall(PetscFree2(tunnel, region));
  PetscCall(VecDestroy(&U));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
