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
   initial stress onto that softer, lighter strip gives the settlement.

   Both are presets of the stage engine (issue 17): this file reads the keys and runs the drained preset
   (drive_drained.c) or the coupled one (drive_coupled.c); what they share is drive_shared.c. */
#include <petsctime.h>
#include "drive.h"

/* The bore inside the ground: below the surface with a lining thickness of cover over its crown along the whole
   drive, above the base, narrower than a 3D model; at least a cell across and a cell long per stage, so that every
   stage removes cells. Each message carries the numbers. */
static PetscErrorCode DriveGeometryValidate(MPI_Comm comm, const DioSection *sec, const DioDriveOptions *o)
{
  const DioStraitOptions *m     = &sec->mesh_opts;
  const PetscReal         scale = PetscPowReal(0.5, (PetscReal)m->refine);
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

static PetscErrorCode DriveOptionsSet(MPI_Comm comm, const DioSection *sec, DioDriveOptions *o)
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
  PetscCall(
      PetscOptionsReal("-tunnel_diameter", "Bored diameter (m)", "", o->strip.diameter_m, &o->strip.diameter_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_x_start",
                             "Drive starts at this distance along the alignment (m); default the Cape Dezhnev shore",
                             "", o->strip.x_start_m, &o->strip.x_start_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_x_end", "Drive ends here (m); default the Cape Prince of Wales shore", "",
                             o->strip.x_end_m, &o->strip.x_end_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_stage_length", "Advance per excavation stage (m)", "", o->strip.stage_length_m,
                             &o->strip.stage_length_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_advance_rate", "TBM advance rate (m/day): sets the time of each stage", "",
                             o->advance_rate_m_per_day, &o->advance_rate_m_per_day, NULL));
  PetscCall(PetscOptionsReal("-tunnel_lining_thickness",
                             "Segmental lining thickness (m); material: -materials_lining_concrete_*", "",
                             o->lining_thickness_m, &o->lining_thickness_m, NULL));
  PetscOptionsEnd();
  PetscCheck(o->lining_thickness_m > 0 && 2 * o->lining_thickness_m < o->strip.diameter_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_lining_thickness = %g: must be in (0, diameter / 2 = %g) m", (double)o->lining_thickness_m,
             (double)(0.5 * o->strip.diameter_m));
  PetscCheck(o->advance_rate_m_per_day > 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_advance_rate = %g: must be > 0 m/day",
             (double)o->advance_rate_m_per_day);
  /* the stage count as a real before anything casts it (DioMeshLabelTunnelStrip() counts them) */
  PetscCheck(
      o->strip.stage_length_m > 0 &&
          PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m) / o->strip.stage_length_m < (PetscReal)PETSC_MAX_INT,
      comm, PETSC_ERR_USER_INPUT,
      "-tunnel_stage_length = %g: must be > 0 m, with fewer stages than PetscInt can count over the drive's %g m",
      (double)o->strip.stage_length_m, (double)PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m));
  PetscCheck(o->strip.x_start_m >= sec->mesh_opts.x_min_m && o->strip.x_start_m <= sec->mesh_opts.x_max_m &&
                 o->strip.x_end_m >= sec->mesh_opts.x_min_m && o->strip.x_end_m <= sec->mesh_opts.x_max_m,
             comm, PETSC_ERR_USER_INPUT, "-tunnel_x_start %g / -tunnel_x_end %g: must lie in the mesh, [%g, %g] m",
             (double)o->strip.x_start_m, (double)o->strip.x_end_m, (double)sec->mesh_opts.x_min_m,
             (double)sec->mesh_opts.x_max_m);
  PetscCall(DriveGeometryValidate(comm, sec, o));
  PetscFunctionReturn(0);
}

/*
  DioLongitudinalDriveRun - geostatic state, then the drive in stages along the strait; output step 0 is the initial
  state (zero displacement), step k the state after stage k (DioDriveDrainedRun_Internal(), a preset of the stage
  engine). Probes: <name>_settlement.csv (step, time, x, settlement along the surface) and <name>_drive.csv (step, time,
  face position, largest settlement and where). With -flow_model consolidation (DioDriveCoupledRun_Internal(),
  drive_flow.c) output step 0 is the coupled initial state, then per stage its undrained instant and its consolidation
  steps, the standstills; the probes at each stage's undrained instant and end. Collective.
*/
PetscErrorCode DioLongitudinalDriveRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection      sec;
  DioDriveOptions opts;
  DioDriveProbes  probes;
  Vec             U;
  PetscInt        num_stages, *stage, every;
  PetscBool       restart;
  char            checkpoint_path[PETSC_MAX_PATH_LEN], restart_path[PETSC_MAX_PATH_LEN];
  PetscLogDouble  t1;
  DioDriveFlow    df = NULL;

  PetscFunctionBegin;
  PetscCall(DioSectionFlowDefaults(comm));
  PetscCall(DioSectionCreate(comm, run, "tunnel drive, longitudinal section", "lining_concrete", &sec));
  PetscCall(DriveOptionsSet(comm, &sec, &opts));
  PetscCall(
      DioSectionCheckpointOptions(&sec, &every, checkpoint_path, sizeof(checkpoint_path), &restart, restart_path));
  {
    DioMeshCount   count;
    const PetscInt stages = (PetscInt)PetscCeilReal(
        PetscAbsReal(opts.strip.x_end_m - opts.strip.x_start_m) / opts.strip.stage_length_m - 1e-9);
    /* stages of the stage length's time; the last of what is left of the drive */
    PetscCall(
        DioDriveFlowCreate(&sec, opts.strip.diameter_m, opts.lining_thickness_m, stages,
                           opts.strip.stage_length_m / opts.advance_rate_m_per_day * 86400.0,
                           DioDriveStageTime_Internal(&opts, stages) - DioDriveStageTime_Internal(&opts, stages - 1),
                           restart, restart_path, &df));
    PetscCall(DioStraitCount(comm, &sec.mesh_opts, &count));
    PetscCall(DioSectionRunSize(&sec, &count, stages, df ? DioDriveFlowSchedule(df)->num_outputs : stages + 1,
                                PETSC_FALSE, PETSC_TRUE));
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
  /* and on large sections that factorisation by slabs half a stage long, of which a stage factors only the few it
     changes (-mech_substructures; issue 16, benchmarks/README.md "Staged drive") */
  if (sec.dim == 2) {
    PetscReal lo[3], hi[3];
    PetscCall(DMGetBoundingBox(sec.dm, lo, hi));
    PetscCall(DioElasticitySetSubstructures(sec.elas, (PetscInt)PetscCeilReal(2 * (hi[0] - lo[0]) / opts.strip.stage_length_m), 200000));
  }
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                          "[tunnel]    diameter %.2f m, axis %.1f m, x = %.0f .. %.0f m in %" PetscInt_FMT
                          " stages of %.0f m at %.1f m/day\n",
                          (double)opts.strip.diameter_m, (double)opts.strip.axis_elevation_m,
                          (double)opts.strip.x_start_m, (double)opts.strip.x_end_m, num_stages,
                          (double)opts.strip.stage_length_m, (double)opts.advance_rate_m_per_day));
  PetscCall(PetscMalloc1(sec.topology.num_cells + 1, &stage));
  PetscCall(DioSectionCellLabelValues(&sec, DIO_LABEL_STAGE, stage));
  PetscCall(DioDriveProbesCreate_Internal(&sec, &probes));
  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &U));
  if (df)
    PetscCall(DioDriveCoupledRun_Internal(&sec, &opts, df, num_stages, stage, restart, &probes, U));
  else {
    PetscCall(DioDriveDrainedRun_Internal(&sec, &opts, num_stages, stage, every, checkpoint_path, restart, restart_path,
                                          &probes, U));
    PetscCall(DioSectionPrintSummary(&sec, U));
  }
  {
    DioSummary summary;
    PetscCall(DioSectionSummaryBegin(&sec, &summary));
    PetscCall(DioSummaryAddReal(summary, "stages", num_stages));
    PetscCall(DioSummaryAddReal(summary, "max_settlement_m", probes.max_settlement));
    PetscCall(DioSummaryAddReal(summary, "x_of_max_settlement_m", probes.x_of_max));
    if (df) PetscCall(DioDriveFlowSummary(df, opts.advance_rate_m_per_day, summary));
    PetscCall(DioSummaryWriteAndDestroy(&summary));
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[output]    %s/%s.h5, .xmf, _settlement.csv, _drive.csv%s\n",
                          sec.opts.output_dir, sec.opts.output_name, df ? ", _inflow.csv, _lining_water.csv" : ""));
  PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec.t_start));
  PetscCall(DioDriveProbesDestroy_Internal(&probes));
  PetscCall(DioDriveFlowDestroy(&df));
  PetscCall(PetscFree(stage));
  PetscCall(VecDestroy(&U));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
