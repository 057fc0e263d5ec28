/* SPDX-License-Identifier: BSD-2-Clause
   drive.c: the tunnel drive along the whole strait on the longitudinal section (issue 3, view 3): the bore as a strip
   of cells removed stage by stage from the geostatic state, with the seabed settlement and the stress change along
   the alignment after every stage, as an HDF5/XDMF time series and CSV probes.

   Assumptions, stated in the output: plane strain in the longitudinal section (the strip stands for the bore); the
   geostatic stress is the initial stress and displacements are reset to zero before excavation; the excavated
   ground is removed at once per stage (no relaxation, no lining yet); pore pressure stays hydrostatic (undrained or
   sealed lining: water pressure acts on the bore wall). With -flow_model consolidation the pore pressure is coupled
   (Biot) and each stage responds undrained, then consolidates for its duration (drive_flow.c).

   A longitudinal plane-strain section cannot hold an empty strip: the ground above a removed 10 m slot tens of
   kilometres long would be a beam spanning the whole drive. As in 2D longitudinal models of practice, the excavated
   cells are replaced by a smeared lining-equivalent material: the lining's modulus and density times the lining's
   share of the bore's cross-section, f = 1 - (1 - 2 t / D)^2, with no initial stress. Releasing the ground's
   initial stress onto that softer, lighter strip gives the settlement. */
#include <petsctime.h>
#include "section.h"

typedef struct {
  DioTunnelStrip strip;
  PetscReal      advance_rate_m_per_day;
  PetscReal      lining_thickness_m;
} DriveOptions;

/* The bore inside the ground: below the surface with a lining thickness of cover over its crown along the whole
   drive, above the base, narrower than a 3D model; at least a cell across and a cell long per stage, so that every
   stage removes cells. Each message carries the numbers. */
static PetscErrorCode DriveGeometryValidate(MPI_Comm comm, const DioSection *sec, const DriveOptions *o)
{
  const DioStraitOptions *m      = &sec->mesh_opts;
  const PetscReal         scale  = PetscPowReal(0.5, (PetscReal)m->refine);
  const PetscReal cell_x = m->cell_size_x_m * scale, cell_fine = m->cell_size_fine_m * scale, D = o->strip.diameter_m;
  const PetscReal crown = o->strip.axis_elevation_m + 0.5 * D, invert = o->strip.axis_elevation_m - 0.5 * D;
  const PetscReal length = PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m);
  PetscReal       surface, x_surface;

  /* the band's cells are centred on the axis: a cell centroid lies on it (odd count) or half a cell off (even) */
  const PetscInt  n_band   = (PetscInt)PetscCeilReal(2 * m->band_half_height_m / cell_fine - 1e-9);
  const PetscReal offset   = n_band % 2 ? 0 : m->band_half_height_m / n_band;
  const PetscInt  n_y      = (PetscInt)PetscCeilReal(m->width_m / (m->cell_size_y_m * scale) - 1e-9);
  const PetscReal offset_y = m->dim == 3 && n_y % 2 == 0 ? 0.5 * m->width_m / n_y : 0;

  PetscFunctionBegin;
  PetscCheck(0.5 * D > offset && 0.5 * D > offset_y, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_diameter = %g m: no cell centroid lies within the bore, the nearest is %g m from the axis "
             "(cells of %g m in the band, -mesh_cell_size_fine / 2^-mesh_refine); the strip would hold no cells",
             (double)D, (double)PetscMax(offset, offset_y), (double)(2 * m->band_half_height_m / n_band));
  PetscCheck(o->strip.stage_length_m >= cell_x * (1 - 1e-9), comm, PETSC_ERR_USER_INPUT,
             "-tunnel_stage_length = %g m: shorter than a cell along the alignment (%g m: -mesh_cell_size_x / "
             "2^-mesh_refine); a stage would remove no cells",
             (double)o->strip.stage_length_m, (double)cell_x);
  PetscCheck(
      length >= cell_x * (1 - 1e-9), comm, PETSC_ERR_USER_INPUT,
      "-tunnel_x_start %g m to -tunnel_x_end %g m: a drive of %g m is shorter than a cell along the alignment (%g m)",
      (double)o->strip.x_start_m, (double)o->strip.x_end_m, (double)length, (double)cell_x);
  PetscCheck(invert > m->base_elevation_m, comm, PETSC_ERR_USER_INPUT,
             "-mesh_axis_elevation %g m, -tunnel_diameter %g m: the invert at %g m must lie above the model's base "
             "(-mesh_base_elevation %g m)",
             (double)o->strip.axis_elevation_m, (double)D, (double)invert, (double)m->base_elevation_m);
  PetscCall(DioProfileSurfaceMinimum(sec->profile, o->strip.x_start_m, o->strip.x_end_m, &surface, &x_surface));
  PetscCheck(crown + o->lining_thickness_m <= surface, comm, PETSC_ERR_USER_INPUT,
             "-mesh_axis_elevation %g m, -tunnel_diameter %g m: the crown at %g m needs %g m of cover (the lining "
             "thickness) below the surface, which lies at %g m at x = %g m on the drive; lower the axis",
             (double)o->strip.axis_elevation_m, (double)D, (double)crown, (double)o->lining_thickness_m,
             (double)surface, (double)x_surface);
  PetscCheck(m->dim == 2 || D < m->width_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_diameter = %g m: must be smaller than the model's width (-mesh_width %g m)", (double)D,
             (double)m->width_m);
  PetscFunctionReturn(0);
}

static PetscErrorCode DriveOptionsSet(MPI_Comm comm, const DioSection *sec, DriveOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->strip.axis_elevation_m = sec->mesh_opts.axis_elevation_m;
  o->strip.axis_y_m         = 0.5 * sec->mesh_opts.width_m;
  o->strip.diameter_m       = 12.0;
  o->strip.x_start_m        = PetscMax(0.0, sec->mesh_opts.x_min_m);
  o->strip.x_end_m          = PetscMin(89100.0, sec->mesh_opts.x_max_m);
  o->strip.stage_length_m   = 5000.0;
  o->advance_rate_m_per_day = 15.0;
  o->lining_thickness_m     = 0.55;
  PetscOptionsBegin(comm, NULL, "Tunnel drive (longitudinal section)", "tunnel");
  PetscCall(PetscOptionsReal("-tunnel_diameter", "Bored diameter (m)", "", o->strip.diameter_m, &o->strip.diameter_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_x_start", "Drive starts at this distance along the alignment (m); default the Cape Dezhnev shore", "", o->strip.x_start_m,
                             &o->strip.x_start_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_x_end", "Drive ends here (m); default the Cape Prince of Wales shore", "", o->strip.x_end_m, &o->strip.x_end_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_stage_length", "Advance per excavation stage (m)", "", o->strip.stage_length_m, &o->strip.stage_length_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_advance_rate", "TBM advance rate (m/day): sets the time of each stage", "", o->advance_rate_m_per_day,
                             &o->advance_rate_m_per_day, NULL));
  PetscCall(PetscOptionsReal("-tunnel_lining_thickness", "Segmental lining thickness (m); material: -materials_lining_concrete_*", "", o->lining_thickness_m,
                             &o->lining_thickness_m, NULL));
  PetscOptionsEnd();
  PetscCheck(o->lining_thickness_m > 0 && 2 * o->lining_thickness_m < o->strip.diameter_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_lining_thickness = %g: must be in (0, diameter / 2 = %g) m", (double)o->lining_thickness_m, (double)(0.5 * o->strip.diameter_m));
  PetscCheck(o->advance_rate_m_per_day > 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_advance_rate = %g: must be > 0 m/day", (double)o->advance_rate_m_per_day);
  /* the stage count as a real before anything casts it (DioMeshLabelTunnelStrip() counts them) */
  PetscCheck(o->strip.stage_length_m > 0 && PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m) / o->strip.stage_length_m < (PetscReal)PETSC_MAX_INT, comm,
             PETSC_ERR_USER_INPUT, "-tunnel_stage_length = %g: must be > 0 m, with fewer stages than PetscInt can count over the drive's %g m",
             (double)o->strip.stage_length_m, (double)PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m));
  PetscCheck(o->strip.x_start_m >= sec->mesh_opts.x_min_m && o->strip.x_start_m <= sec->mesh_opts.x_max_m && o->strip.x_end_m >= sec->mesh_opts.x_min_m &&
               o->strip.x_end_m <= sec->mesh_opts.x_max_m,
             comm, PETSC_ERR_USER_INPUT, "-tunnel_x_start %g / -tunnel_x_end %g: must lie in the mesh, [%g, %g] m", (double)o->strip.x_start_m,
             (double)o->strip.x_end_m, (double)sec->mesh_opts.x_min_m, (double)sec->mesh_opts.x_max_m);
  PetscCall(DriveGeometryValidate(comm, sec, o));
  PetscFunctionReturn(0);
}

/* The time at which `stages` stages are complete (s): the advance over the advance rate. */
static PetscReal StageTime(const DriveOptions *o, PetscInt stages)
{
  const PetscReal advance = PetscMin(stages * o->strip.stage_length_m, PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m));

  return advance / o->advance_rate_m_per_day * 86400.0;
}

/* The face's position (m along the alignment) once `stages` stages are complete. */
static PetscReal FaceX(const DriveOptions *o, PetscInt stages)
{
  const PetscReal direction = o->strip.x_end_m >= o->strip.x_start_m ? 1.0 : -1.0;
  const PetscReal advance =
      PetscMin(stages * o->strip.stage_length_m, PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m));

  return o->strip.x_start_m + direction * advance;
}

/* The largest seabed/ground settlement (*max_settlement, every rank) and, among the ranks that hold it, its westernmost
   position *x_of_max, from the displacement u after `step` at `time`; the surface's rows appended to csv unless NULL.
   disp: work array [3 Nv]. Collective. */
static PetscErrorCode SurfaceSettlement(DioSection *sec, PetscInt num_surface, const PetscInt surface[], Vec u,
                                        PetscReal disp[], PetscInt step, PetscReal time, DioCSV csv,
                                        PetscReal *max_settlement, PetscReal *x_of_max)
{
  PetscReal max_local = 0, x_local = PETSC_MAX_REAL, *csv_rows;

  PetscFunctionBegin;
  PetscCall(
      DioElasticityGetVertexDisplacement(sec->elas, u, sec->topology.num_vertices, sec->topology.vertex_points, disp));
  PetscCall(PetscMalloc1(4 * num_surface + 1, &csv_rows));
  for (PetscInt i = 0; i < num_surface; i++) {
    const PetscInt  v   = surface[i];
    const PetscReal s   = -disp[3 * v + sec->dim - 1]; /* settlement positive downwards */
    csv_rows[4 * i + 0] = step;
    csv_rows[4 * i + 1] = time;
    csv_rows[4 * i + 2] = sec->topology.vertex_coords[3 * v];
    csv_rows[4 * i + 3] = s;
    if (s > max_local) {
      max_local = s;
      x_local   = sec->topology.vertex_coords[3 * v];
    }
  }
  if (csv) PetscCall(DioCSVAppendRows(csv, num_surface, 4, csv_rows, 2));
  PetscCall(PetscFree(csv_rows));
  PetscCall(MPIU_Allreduce(&max_local, max_settlement, 1, MPIU_REAL, MPI_MAX, sec->comm));
  if (max_local < *max_settlement) x_local = PETSC_MAX_REAL;
  PetscCall(MPIU_Allreduce(&x_local, x_of_max, 1, MPIU_REAL, MPI_MIN, sec->comm));
  PetscFunctionReturn(0);
}

/* The probes of output step `step` at `time` (s) with the face at face_x: the settlement along the surface, the
   drive's row (largest settlement and where) and the log line; *max_settlement, *x_of_max as SurfaceSettlement().
   Collective. */
static PetscErrorCode StageProbes(DioSection *sec, PetscInt num_surface, const PetscInt surface[], Vec u,
                                  PetscReal disp[], PetscInt step, PetscReal time, PetscReal face_x,
                                  DioCSV settlement_csv, DioCSV drive_csv, PetscReal *max_settlement,
                                  PetscReal *x_of_max)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCall(
      SurfaceSettlement(sec, num_surface, surface, u, disp, step, time, settlement_csv, max_settlement, x_of_max));
  {
    PetscReal row[5] = {(PetscReal)step, time, face_x, *max_settlement, *x_of_max};
    PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
    PetscCall(DioCSVAppendRows(drive_csv, rank == 0 ? 1 : 0, 5, row, -1));
  }
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "            max seabed/ground settlement %.2f mm at x = %.0f m\n",
                          (double)(1e3 * *max_settlement), (double)*x_of_max));
  PetscFunctionReturn(0);
}

/*
  DioLongitudinalDriveRun - geostatic state, then the drive in stages along the strait; output step 0 is the initial
  state (zero displacement), step k the state after stage k. Probes: <name>_settlement.csv (step, time, x, settlement
  along the surface) and <name>_drive.csv (step, time, face position, largest settlement and where). With -flow_model
  consolidation (drive_flow.c) output step 0 is the coupled initial state, then per stage its undrained instant and its
  consolidation steps, the standstills; the probes at each stage's undrained instant and end. Collective.
*/
PetscErrorCode DioLongitudinalDriveRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection      sec;
  DriveOptions    opts;
  DioOutput       out;
  DioCSV          settlement_csv, drive_csv;
  Vec             u;
  DMLabel         stage_label;
  PetscInt        num_stages, cStart, num_surface = 0, *surface, *stage, *excavated, every, first_stage = 0;
  PetscBool       restart, stop = PETSC_FALSE, appended = PETSC_FALSE;
  char            checkpoint_path[PETSC_MAX_PATH_LEN], restart_path[PETSC_MAX_PATH_LEN];
  PetscBool      *replace;
  PetscReal      *disp, max_global = 0, final_x = 0;
  char            path[PETSC_MAX_PATH_LEN];
  PetscLogStage   stage_output;
  PetscLogDouble  t1;
  DioDriveFlow    df = NULL;
  const DioTunnelSchedule *schedule = NULL; /* the coupled drive's (df's) */

  PetscFunctionBegin;
  PetscCall(DioSectionFlowDefaults(comm));
  PetscCall(DioSectionCreate(comm, run, "tunnel drive, longitudinal section", "lining_concrete", &sec));
  PetscCall(DriveOptionsSet(comm, &sec, &opts));
  PetscCall(DioSectionCheckpointOptions(&sec, &every, checkpoint_path, sizeof(checkpoint_path), &restart, restart_path));
  {
    DioMeshCount   count;
    const PetscInt stages = (PetscInt)PetscCeilReal(
        PetscAbsReal(opts.strip.x_end_m - opts.strip.x_start_m) / opts.strip.stage_length_m - 1e-9);
    /* stages of the stage length's time; the last of what is left of the drive */
    PetscCall(DioDriveFlowCreate(&sec, opts.strip.diameter_m, opts.lining_thickness_m, stages,
                                 opts.strip.stage_length_m / opts.advance_rate_m_per_day * 86400.0,
                                 StageTime(&opts, stages) - StageTime(&opts, stages - 1), restart, restart_path, &df));
    if (df) schedule = DioDriveFlowSchedule(df);
    PetscCall(DioStraitCount(comm, &sec.mesh_opts, &count));
    PetscCall(DioSectionRunSize(&sec, &count, stages, schedule ? schedule->num_outputs : stages + 1, PETSC_FALSE,
                                PETSC_TRUE));
  }
  if (run->check_only) {
    PetscCall(DioDriveFlowDestroy(&df));
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(DioSectionBuild(&sec));
  PetscCall(DioMeshLabelTunnelStrip(sec.dm, &opts.strip, &num_stages));
  /* a long thin section: a Cholesky factorisation per stage is cheaper than CG + GAMG's 60-70 iterations (issue 16) */
  if (sec.dim == 2) PetscCall(DioElasticitySetDirectMaxDofs(sec.elas, 4000000));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[tunnel]    diameter %.2f m, axis %.1f m, x = %.0f .. %.0f m in %" PetscInt_FMT " stages of %.0f m at %.1f m/day\n",
                        (double)opts.strip.diameter_m, (double)opts.strip.axis_elevation_m, (double)opts.strip.x_start_m, (double)opts.strip.x_end_m, num_stages,
                        (double)opts.strip.stage_length_m, (double)opts.advance_rate_m_per_day));

  PetscCall(DMGetLabel(sec.dm, DIO_LABEL_STAGE, &stage_label));
  PetscCall(DMPlexGetHeightStratum(sec.dm, 0, &cStart, NULL));
  PetscCall(PetscMalloc3(sec.topology.num_cells, &stage, sec.topology.num_cells, &excavated, sec.topology.num_cells, &replace));
  for (PetscInt c = 0; c < sec.topology.num_cells; c++) {
    PetscCall(DMLabelGetValue(stage_label, cStart + c, &stage[c]));
    excavated[c] = 0;
  }

  /* stage 0: the geostatic state becomes the initial stress; displacements start from zero */
  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &u));
  if (!restart) {
    /* a coupled restart takes its state from the checkpoint (DioDriveFlowSetUp()) */
    PetscCall(DioSectionSolve(&sec, u, 0, num_stages, 0.0, "geostatic (initial state)"));
    PetscCall(DioElasticityStoreInitialStress(sec.elas, u));
  }
  /* undrained layers from the initial state on; the coupled flow takes each layer's drainage type */
  if (!df) PetscCall(DioSectionApplyDrainage(&sec));
  PetscCall(VecSet(u, 0.0));
  {
    /* the smeared lining: its share f of the bore's cross-section */
    const DioLayerMaterial *lining;
    const PetscReal         ratio = 1.0 - 2.0 * opts.lining_thickness_m / opts.strip.diameter_m, f = 1.0 - ratio * ratio;
    PetscCall(DioMaterialTableGetLayer(sec.materials, sec.extra_layer, &lining));
    PetscCall(DioElasticitySetLayerElastic(sec.elas, sec.extra_layer, f * lining->youngs_modulus, lining->poissons_ratio, f * lining->density, PETSC_FALSE));
    PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[tunnel]    excavated strip replaced by lining-equivalent: E %.3g Pa, density %.0f kg/m3 (lining share %.3f)\n",
                          (double)(f * lining->youngs_modulus), (double)(f * lining->density), (double)f));
  }
  if (restart && df) {
    /* the strip replaced up to the checkpoint's phase; its state after the flow's set-up */
    first_stage = schedule->phase[schedule->restart_phase].stage;
    for (PetscInt c = 0; c < sec.topology.num_cells; c++) {
      replace[c]   = (PetscBool)(stage[c] >= 0 && stage[c] < first_stage);
      excavated[c] = replace[c];
    }
    PetscCall(DioElasticityReplaceCells(sec.elas, replace, sec.extra_layer));
  } else if (restart) {
    /* the strip replaced up to the checkpoint's stage, then its stress state */
    PetscCall(DioSectionRestartStage(&sec, restart_path, num_stages, &first_stage));
    for (PetscInt c = 0; c < sec.topology.num_cells; c++) {
      replace[c]   = (PetscBool)(stage[c] >= 0 && stage[c] < first_stage);
      excavated[c] = replace[c];
    }
    PetscCall(DioElasticityReplaceCells(sec.elas, replace, sec.extra_layer));
    PetscCall(DioSectionCheckpointRead(&sec, restart_path, &first_stage, u));
    PetscCall(DioSectionRestartReport(&sec, restart_path, first_stage));
  }
  PetscCall(DioSectionBoundaryVertices(&sec, DIO_BOUNDARY_SURFACE, &num_surface, &surface));
  PetscCall(PetscMalloc1(3 * sec.topology.num_vertices, &disp));
  /* the results of the restored state: the summary of a restart after the last stage (no stage left) reports them */
  if (restart && !df)
    PetscCall(SurfaceSettlement(&sec, num_surface, surface, u, disp, first_stage, StageTime(&opts, first_stage), NULL,
                                &max_global, &final_x));

  PetscCall(DioLogStageGet("Output", &stage_output));
  /* a restart continues the run's own output and probe files after the checkpoint's stage */
  if (df)
    PetscCall(DioDriveFlowOutputOpen(df, stage, &out));
  else if (restart)
    PetscCall(DioSectionOutputContinue(&sec, stage, first_stage, &out, &appended));
  else PetscCall(DioSectionOutputOpen(&sec, stage, &out));
  PetscCall(DioOutputSetMetadata(out, "assumptions",
                                 df ? "plane strain longitudinal section; geostatic stress as initial stress, "
                                      "displacement reset to zero; each stage replaced at once; Biot consolidation, "
                                      "each stage undrained then consolidating for its duration; the replaced strip "
                                      "carries no flow and its boundary is watertight (the lining carries the water "
                                      "pressure)"
                                    : "plane strain longitudinal section; geostatic stress as initial stress, "
                                      "displacement reset to zero; each stage removed at once; hydrostatic pore "
                                      "pressure kept (water pressure on the bore wall)"));
  if (df)
    PetscCall(DioDriveFlowSetUp(df, out, excavated, num_surface, surface, u));
  else if (!appended)
    PetscCall(DioSectionOutputStep(&sec, out, u, u, first_stage, StageTime(&opts, first_stage), excavated, NULL));
  {
    /* a restart keeps the probe rows before its checkpoint's step (the coupled run writes those of a phase's end
       again) */
    const PetscInt kept = df ? (schedule->restart_step >= 0 ? schedule->restart_step - 1 : -1) : first_stage;
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_settlement.csv", sec.opts.output_dir, sec.opts.output_name));
    if (restart)
      PetscCall(DioCSVReopen(comm, path, "step,time_s,x_m,settlement_m", kept, &settlement_csv));
    else
      PetscCall(DioCSVCreate(comm, path, "step,time_s,x_m,settlement_m", &settlement_csv));
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_drive.csv", sec.opts.output_dir, sec.opts.output_name));
    if (restart)
      PetscCall(DioCSVReopen(comm, path, "step,time_s,face_x_m,max_settlement_m,x_of_max_m", kept, &drive_csv));
    else
      PetscCall(DioCSVCreate(comm, path, "step,time_s,face_x_m,max_settlement_m,x_of_max_m", &drive_csv));
  }

  for (PetscInt p = df ? PetscMax(schedule->restart_phase, 0) : 0; df && p < schedule->num_phases && !stop; p++) {
    /* the coupled drive, phase by phase: a stage undrained at its start, then consolidating for its duration, or a
       standstill; probes at a stage's undrained instant and at every phase's end (a restart: from the step after its
       checkpoint's) */
    const DioTunnelPhase *phase  = &schedule->phase[p];
    const PetscReal       face_x = FaceX(&opts, phase->stage);
    const PetscInt        last   = DioTunnelPhaseFirstConsolidation(phase) + phase->steps - 1;

    if (DioTunnelPhaseFirstStep(schedule, p) == 1 && phase->advance) {
      char what[64];
      for (PetscInt c = 0; c < sec.topology.num_cells; c++) {
        replace[c] = (PetscBool)(stage[c] == phase->stage - 1);
        if (replace[c]) excavated[c] = 1;
      }
      PetscCall(PetscSNPrintf(what, sizeof(what), "face at x = %.0f m", (double)face_x));
      PetscCall(DioDriveFlowStageUndrained(df, out, u, replace, excavated, phase, num_stages, what));
      PetscCall(StageProbes(&sec, num_surface, surface, u, disp, phase->first_step, phase->time_start, face_x,
                            settlement_csv, drive_csv, &max_global, &final_x));
    } else if (DioTunnelPhaseFirstStep(schedule, p) == 1)
      PetscCall(DioTunnelPhaseLogStandstill(&sec, phase, face_x));
    PetscCall(DioDriveFlowConsolidate(df, out, u, excavated, p, &stop));
    if (stop) break; /* mid-phase: a restart continues the phase and writes its end */
    PetscCall(StageProbes(&sec, num_surface, surface, u, disp, last, phase->time_start + phase->duration, face_x,
                          settlement_csv, drive_csv, &max_global, &final_x));
    PetscCall(DioTunnelPhaseStopPoint(&sec, phase, &stop));
  }
  for (PetscInt k = first_stage; !df && k < num_stages && !stop; k++) {
    const PetscReal face_x = FaceX(&opts, k + 1), time = StageTime(&opts, k + 1);
    char            what[64];

    for (PetscInt c = 0; c < sec.topology.num_cells; c++) {
      replace[c] = (PetscBool)(stage[c] == k);
      if (replace[c]) excavated[c] = 1;
    }
    PetscCall(PetscSNPrintf(what, sizeof(what), "face at x = %.0f m", (double)face_x));
    PetscCall(DioElasticityReplaceCells(sec.elas, replace, sec.extra_layer));
    PetscCall(DioSectionSolve(&sec, u, k + 1, num_stages, time, what));

    PetscCall(PetscLogStagePush(stage_output));
    PetscCall(DioSectionOutputStep(&sec, out, u, u, k + 1, time, excavated, NULL));
    PetscCall(StageProbes(&sec, num_surface, surface, u, disp, k + 1, time, face_x, settlement_csv, drive_csv,
                          &max_global, &final_x));
    PetscCall(PetscLogStagePop());
    PetscCall(DioSectionStageDone(&sec, k + 1, every, checkpoint_path, u, &stop));
  }
  if (!df) PetscCall(DioSectionPrintSummary(&sec, u));
  {
    DioSummary summary;
    PetscCall(DioSectionSummaryBegin(&sec, &summary));
    PetscCall(DioSummaryAddReal(summary, "stages", num_stages));
    PetscCall(DioSummaryAddReal(summary, "max_settlement_m", max_global));
    PetscCall(DioSummaryAddReal(summary, "x_of_max_settlement_m", final_x));
    if (df) PetscCall(DioDriveFlowSummary(df, opts.advance_rate_m_per_day, summary));
    PetscCall(DioSummaryWriteAndDestroy(&summary));
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[output]    %s/%s.h5, .xmf, _settlement.csv, _drive.csv%s\n",
                          sec.opts.output_dir, sec.opts.output_name, df ? ", _inflow.csv, _lining_water.csv" : ""));
  PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec.t_start));
  PetscCall(DioCSVDestroy(&settlement_csv));
  PetscCall(DioCSVDestroy(&drive_csv));
  PetscCall(DioDriveFlowDestroy(&df));
  PetscCall(DioOutputDestroy(&out));
  PetscCall(PetscFree(disp));
  PetscCall(PetscFree(surface));
  PetscCall(PetscFree3(stage, excavated, replace));
  PetscCall(VecDestroy(&u));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
