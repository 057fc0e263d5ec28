/* SPDX-License-Identifier: BSD-2-Clause
   segment.c: a 3D stretch of the tunnel with the TBM advancing (issue 3, view 2). Per stage the face moves one slice:
   the slice's core and ring cells are removed, the face support pressure acts on the new face, the tail grout
   pressure on the bore wall in the tail void behind the shield, and the lining ring is activated (no initial stress)
   behind the tail void. Pressures vary with elevation (slurry / grout unit weight). Output: the HDF5/XDMF time series
   (fields "excavated", stage number), <name>_longitudinal.csv (surface settlement along the axis ahead of and behind
   the face after every stage), <name>_lining.csv (thrust and bending moment around the ring at -tunnel_lining_section
   once it is lined, every stage) and the run summary.

   Model choices, stated in the output: lining bonded to the ground once active; pore pressure hydrostatic and kept;
   along the shield either no load (the ground is free to converge onto it; the default for elastic ground) or the
   support slurry in the shield's overcut gap at the face pressure (-tunnel_shield_gap_pressure; the default when a
   layer is elastoplastic). With the pore pressure kept, an unloaded bore wall carries an effective radial tension equal
   to the pore pressure (about 1 MPa at -100 m): elastic ground holds it, but a plastic ground with a smaller tension
   cut-off (metasediments 0.2 MPa) cannot, and the elastoplastic problem then has no equilibrium (Newton stalls at a
   load fraction < 1 however small the increments). A slurry shield does fill its gap from the excavation chamber, so
   the wall along the shield is loaded by about the face pressure (Bezuijen et al., Tunnelling and Underground Space
   Technology 19, 2004: field measurements of the pressures around a slurry shield).

   A preset of the stage engine: its keys write the stage list (segment_stages.c), and stage_engine.c runs it with the
   preset's pressures, outputs and probes; coupled (-flow_model consolidation), one stage per phase of its schedule
   (tunnel_schedule.c), with this file's undrained step, consolidation and standstills as the engine's hooks. */
#include <petsctime.h>
#include "segment_stages.h"

static PetscErrorCode SegmentOptionsSet(MPI_Comm comm, const DioSection *sec, DioSegmentOptions *o)
{
  const PetscReal axis        = sec->mesh_opts.axis_elevation_m,
                  water       = sec->opts.loads.water_density * sec->opts.loads.gravity;
  const PetscReal hydrostatic = water * PetscMax(0.0, sec->opts.loads.water_level - axis);

  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->chainage_m              = 69000;
  o->diameter_m              = 12;
  o->lining_thickness_m      = 0.55;
  o->segment_length_m        = 72;
  o->stage_length_m          = 3;
  o->shield_length_m         = 9;
  o->grout_length_m          = 3;
  o->face_gradient_Pa_per_m  = 12000;
  o->grout_gradient_Pa_per_m = 15000;
  o->face_pressure_Pa        = hydrostatic + 1e5;
  o->grout_pressure_Pa       = o->face_pressure_Pa + 1e5;
  o->advance_rate_m_per_day  = 15;
  o->stage_steps             = 3;
  PetscOptionsBegin(comm, NULL, "Tunnel, 3D segment with the TBM advancing", "tunnel");
  PetscCall(PetscOptionsReal("-tunnel_chainage", "Distance along the alignment of the segment (m): its layers", "",
                             o->chainage_m, &o->chainage_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_diameter", "Bored diameter (m)", "", o->diameter_m, &o->diameter_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_lining_thickness", "Lining thickness (m); material -materials_lining_concrete_*",
                             "", o->lining_thickness_m, &o->lining_thickness_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_segment_length", "Length of the 3D segment along the drive (m)", "",
                             o->segment_length_m, &o->segment_length_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_stage_length", "Advance per stage, one mesh slice (m)", "", o->stage_length_m,
                             &o->stage_length_m, NULL));
  o->drive_length_m = o->segment_length_m - 2 * o->diameter_m;
  PetscCall(PetscOptionsReal("-tunnel_drive_length",
                             "Distance the face advances (m); default the segment length less 2 diameters", "",
                             o->drive_length_m, &o->drive_length_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_shield_length", "TBM shield length behind the face (m)", "", o->shield_length_m,
                             &o->shield_length_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_grout_length",
                             "Tail void with grout pressure behind the shield, before the lining acts (m)", "",
                             o->grout_length_m, &o->grout_length_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_face_pressure",
                             "Face support pressure at the axis (Pa); default hydrostatic + 0.1 MPa", "",
                             o->face_pressure_Pa, &o->face_pressure_Pa, NULL));
  PetscCall(PetscOptionsReal("-tunnel_face_pressure_gradient",
                             "Face pressure increase with depth (Pa/m, slurry unit weight)", "",
                             o->face_gradient_Pa_per_m, &o->face_gradient_Pa_per_m, NULL));
  o->grout_pressure_Pa = o->face_pressure_Pa + 1e5;
  PetscCall(PetscOptionsReal("-tunnel_grout_pressure",
                             "Tail grout pressure at the axis (Pa); default face pressure + 0.1 MPa", "",
                             o->grout_pressure_Pa, &o->grout_pressure_Pa, NULL));
  PetscCall(PetscOptionsReal("-tunnel_grout_pressure_gradient", "Grout pressure increase with depth (Pa/m)", "",
                             o->grout_gradient_Pa_per_m, &o->grout_gradient_Pa_per_m, NULL));
  PetscCall(PetscOptionsBool("-tunnel_shield_gap_pressure",
                             "Load the bore wall along the shield with the face pressure (slurry in the overcut gap); "
                             "default on if a layer is elastoplastic, else off",
                             "", o->shield_gap, &o->shield_gap, &o->shield_gap_set));
  PetscCall(PetscOptionsReal("-tunnel_advance_rate", "TBM advance rate (m/day): sets the time of each stage", "",
                             o->advance_rate_m_per_day, &o->advance_rate_m_per_day, NULL));
  PetscCall(PetscOptionsInt("-consolidation_stage_steps",
                            "-flow_model consolidation: time steps of the consolidation over each stage's duration, "
                            "stage length / advance rate (default 3)",
                            "", o->stage_steps, &o->stage_steps, NULL));
  o->lining_section_m = 0.5 * o->drive_length_m;
  PetscCall(PetscOptionsReal(
      "-tunnel_lining_section",
      "Section where the lining thrust and bending moment are taken (m along the drive); default half the drive length",
      "", o->lining_section_m, &o->lining_section_m, NULL));
  PetscOptionsEnd();
  PetscCheck(o->lining_section_m >= 0 && o->lining_section_m < o->segment_length_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_lining_section = %g: must be in [0, segment length %g) m", (double)o->lining_section_m,
             (double)o->segment_length_m);
  PetscCheck(o->stage_length_m > 0 && o->stage_length_m <= o->segment_length_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_stage_length = %g: must be in (0, segment length %g] m", (double)o->stage_length_m,
             (double)o->segment_length_m);
  /* slices (one per stage) counted as a real before the mesh casts them */
  PetscCheck(o->segment_length_m / o->stage_length_m < (PetscReal)PETSC_MAX_INT, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_stage_length = %g m: %.3g slices over the segment's %g m, more than PetscInt can count",
             (double)o->stage_length_m, (double)(o->segment_length_m / o->stage_length_m), (double)o->segment_length_m);
  PetscCheck(o->drive_length_m > 0 && o->drive_length_m <= o->segment_length_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_drive_length = %g: must be in (0, segment length %g] m", (double)o->drive_length_m,
             (double)o->segment_length_m);
  PetscCheck(
      o->shield_length_m >= 0 && o->grout_length_m >= 0 &&
          o->shield_length_m + o->grout_length_m <= o->segment_length_m,
      comm, PETSC_ERR_USER_INPUT,
      "-tunnel_shield_length = %g, -tunnel_grout_length = %g: must be >= 0 m, together at most the segment length %g m",
      (double)o->shield_length_m, (double)o->grout_length_m, (double)o->segment_length_m);
  /* physical ranges: support pressures up to 100 MPa, their gradients up to a fluid of 10 t/m3 */
  PetscCheck(o->face_pressure_Pa >= 0 && o->grout_pressure_Pa >= 0 && o->face_pressure_Pa <= 1e8 &&
                 o->grout_pressure_Pa <= 1e8,
             comm, PETSC_ERR_USER_INPUT,
             "-tunnel_face_pressure = %g, -tunnel_grout_pressure = %g: must be >= 0 Pa, in [0, 1e8] Pa",
             (double)o->face_pressure_Pa, (double)o->grout_pressure_Pa);
  PetscCheck(o->face_gradient_Pa_per_m >= 0 && o->grout_gradient_Pa_per_m >= 0 && o->face_gradient_Pa_per_m <= 1e5 &&
                 o->grout_gradient_Pa_per_m <= 1e5,
             comm, PETSC_ERR_USER_INPUT,
             "-tunnel_face_pressure_gradient = %g, -tunnel_grout_pressure_gradient = %g: must be in [0, 1e5] Pa/m",
             (double)o->face_gradient_Pa_per_m, (double)o->grout_gradient_Pa_per_m);
  PetscCheck(o->advance_rate_m_per_day > 0 && o->advance_rate_m_per_day <= 1000, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_advance_rate = %g: must be > 0 m/day, in (0, 1000] m/day", (double)o->advance_rate_m_per_day);
  PetscCheck(o->stage_steps >= 1 && o->stage_steps <= 1000, comm, PETSC_ERR_USER_INPUT,
             "-consolidation_stage_steps = %" PetscInt_FMT ": must be in [1, 1000]", o->stage_steps);
  PetscFunctionReturn(0);
}

/* The drained segment, a preset of the stage engine: the stages of list from the initial state, or with -restart from
   the checkpoint's stage on (its output and probe files continued). Collective. */
static PetscErrorCode SegmentDrained(DioSection *sec, DioSegment *seg, const DioStageList *list, PetscInt every,
                                     const char checkpoint_path[], PetscBool restart, const char restart_path[],
                                     const char assumptions[], Vec U)
{
  DioStageRun sr;
  DioOutput   out;
  Vec         zero;
  PetscInt    first_stage = 0, *inactive;
  PetscBool   appended    = PETSC_FALSE, stop, *active;

  PetscFunctionBegin;
  PetscCall(VecDuplicate(U, &zero));
  PetscCall(PetscMemzero(&sr, sizeof(sr)));
  sr.list        = list;
  sr.cell_region = seg->region;
  sr.analysis    = DIO_ANALYSIS_MECHANICS;
  PetscCall(DioSegmentPresetHooks(seg, every, checkpoint_path, &sr.preset));
  if (restart) {
    /* the cells removed and lined up to the checkpoint's stage, then its displacement and stress; undrained layers
       stiffened; the restored state's results (the summary of a restart after the last stage reports them) */
    PetscCall(DioSectionRestartStage(sec, restart_path, seg->num_stages, &first_stage));
    PetscCall(PetscMalloc2(sec->topology.num_cells + 1, &active, sec->topology.num_cells + 1, &inactive));
    PetscCall(DioStageEngineRestoreStages(sec, list, first_stage + 1, seg->region, active, inactive));
    PetscCall(PetscFree2(active, inactive));
    PetscCall(DioSegmentSetStage(sec, seg, first_stage));
    PetscCall(DioSectionCheckpointRead(sec, restart_path, &first_stage, U));
    PetscCall(DioSectionRestartReport(sec, restart_path, first_stage));
    PetscCall(DioSectionApplyDrainage(sec));
    PetscCall(DioSegmentProbes(sec, seg, U, zero, first_stage, first_stage * seg->o->stage_length_m, PETSC_FALSE));
    /* the run's own output and probe files continued after the checkpoint's stage (output step) */
    PetscCall(DioSectionOutputContinue(sec, seg->tunnel, first_stage, &out, &appended));
  } else
    PetscCall(DioSectionOutputOpen(sec, seg->tunnel, &out));
  PetscCall(DioOutputSetMetadata(out, "assumptions", assumptions));
  if (restart && !appended)
    PetscCall(DioSectionOutputStep(sec, out, U, zero, first_stage,
                                   first_stage * seg->o->stage_length_m / seg->o->advance_rate_m_per_day * 86400.0,
                                   seg->excavated, NULL));
  PetscCall(DioSegmentProbeFiles(sec, seg, restart, first_stage));
  PetscCall(DioStageEngineRunStages(sec, &sr, out, restart ? first_stage + 1 : 0, U, &stop, NULL));
  PetscCall(DioOutputDestroy(&out));
  PetscCall(VecDestroy(&zero));
  PetscFunctionReturn(0);
}

/*
  DioSegmentDriveRun - the 3D segment: geostatic state, then the TBM advancing slice by slice; with -flow_model
  consolidation each stage responds undrained, then consolidates for its duration (stage length / advance rate),
  standstills (-tunnel_standstill_after_stage) consolidate with no advance, and the drive ends with
  -consolidation_time_end of standstill (tunnel_schedule.c); checkpoints after its consolidation steps hold the pore
  pressure, and -restart continues from one. Collective.
*/
PetscErrorCode DioSegmentDriveRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection           sec;
  DioSegmentOptions    o;
  DioTransverseOptions topts;
  DioLayerStack        stack;
  DioSegment           seg;
  DioStageList         list;
  DM                   dm;
  Vec                  U;
  PetscInt             num_slices, num_stages, every;
  PetscBool            restart, plastic;
  char                 checkpoint_path[PETSC_MAX_PATH_LEN], restart_path[PETSC_MAX_PATH_LEN];
  DioSectionFlow       gw      = NULL;
  DioSegmentSupport    support = {PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, PETSC_MAX_REAL, 0, 0, PETSC_MAX_REAL};
  DioTunnelSchedule    schedule;
  PetscLogDouble       t0, t1;
  char                 what[256];

  PetscFunctionBegin;
  PetscCall(DioSectionFlowDefaults(comm));
  PetscCall(DioSectionCreate(comm, run, "tunnel, 3D segment with the TBM advancing", "lining_concrete", &sec));
  PetscCall(SegmentOptionsSet(comm, &sec, &o));
  PetscCall(DioSectionTunnelGeometry(&sec, o.chainage_m, o.diameter_m, o.lining_thickness_m, &stack, &topts));
  PetscCall(DioSectionTunnelGeometryValidate(&sec, o.chainage_m, &topts, PETSC_FALSE));
  PetscCall(DioTransverseOptionsSetFromOptions(comm, &topts));
  PetscCall(DioSectionFlowCreate(&sec, 3, o.diameter_m, o.lining_thickness_m, PETSC_TRUE, &stack, &gw));
  PetscCall(
      DioSectionCheckpointOptions(&sec, &every, checkpoint_path, sizeof(checkpoint_path), &restart, restart_path));
  num_slices = (PetscInt)PetscFloorReal(o.segment_length_m / o.stage_length_m + 0.5);
  num_stages = (PetscInt)PetscFloorReal(o.drive_length_m / o.stage_length_m + 0.5);
  {
    const PetscReal stage_duration = o.stage_length_m / o.advance_rate_m_per_day * 86400.0;
    PetscCall(DioTunnelScheduleCreate(&sec, (PetscBool)(gw != NULL), num_stages, stage_duration, stage_duration,
                                      o.stage_steps, DioSectionFlowTimeEnd(gw), DioSectionFlowNumSteps(gw), &schedule));
  }
  /* the coupled run checkpoints after its consolidation steps (-checkpoint_every output steps), and restarts there */
  PetscCall(DioTunnelScheduleRestartPoint(comm, gw, restart, restart_path, &schedule));
  {
    DioMeshCount   count;
    const PetscInt outputs = gw ? schedule.num_outputs : num_stages + 1;
    PetscCall(DioTransverseCount(comm, &topts, num_slices, &count));
    PetscCall(DioSectionRunSize(&sec, &count, num_stages, outputs, PETSC_FALSE, PETSC_TRUE));
  }
  if (run->check_only) {
    PetscCall(DioTunnelScheduleDestroy(&schedule));
    PetscCall(DioSectionFlowDestroy(&gw));
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscTime(&t0));
  PetscCall(DioMeshCreateSegment(comm, &topts, &stack, num_slices * o.stage_length_m, num_slices, &dm));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscSNPrintf(what, sizeof(what),
                          "segment at x = %.0f m, %.0f m long in %" PetscInt_FMT
                          " slices, surface %.1f m, axis %.1f m, D = %.2f m",
                          (double)o.chainage_m, (double)(num_slices * o.stage_length_m), num_slices,
                          (double)topts.surface_elevation_m, (double)topts.axis_elevation_m, (double)o.diameter_m));
  PetscCall(DioSectionSetUp(&sec, dm, what, t1 - t0));
  {
    const DioLayerMaterial *lining;
    PetscCall(DioMaterialTableGetLayer(sec.materials, sec.extra_layer, &lining));
    PetscCall(DioElasticitySetLayerElastic(sec.elas, sec.extra_layer, lining->youngs_modulus, lining->poissons_ratio,
                                           lining->density, PETSC_FALSE));
  }
  PetscCall(DioElasticityIsNonlinear(sec.elas, &plastic));
  if (!o.shield_gap_set) o.shield_gap = plastic;
  if (plastic && !o.shield_gap && o.shield_length_m > 0 && sec.opts.loads.pore_pressure) {
    const PetscReal pore = sec.opts.loads.water_density * sec.opts.loads.gravity *
                           PetscMax(0.0, sec.opts.loads.water_level - topts.axis_elevation_m);
    PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET,
                            "[tunnel]    warning: the wall along the shield is unloaded with the pore pressure kept: "
                            "effective radial tension %.3g Pa at the "
                            "axis; ground with a lower tension cut-off has no equilibrium there "
                            "(-tunnel_shield_gap_pressure true loads it)\n",
                            (double)pore));
  }
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                          "[tunnel]    face pressure %.3g Pa, grout %.3g Pa at the axis; shield %.1f m (%s), tail void "
                          "%.1f m; %" PetscInt_FMT " stages of %.1f m\n",
                          (double)o.face_pressure_Pa, (double)o.grout_pressure_Pa, (double)o.shield_length_m,
                          o.shield_gap ? "gap at the face pressure" : "no load", (double)o.grout_length_m, num_stages,
                          (double)o.stage_length_m));
  PetscCall(DioSegmentCreate(&sec, &o, topts.surface_elevation_m, num_slices, num_stages, &seg));
  PetscCall(DioSegmentStages(&seg, gw ? &schedule : NULL, sec.extra_layer, &list));
  PetscCall(PetscSNPrintf(
      what, sizeof(what), "%s; lining bonded once active; %s; %s", plastic ? "elastoplastic ground" : "linear elastic",
      o.shield_gap ? "bore wall along the shield at the face pressure (slurry in the gap)" : "shield carries no load",
      gw ? "Biot consolidation, each stage undrained then consolidating; wall condition on the lined length, face, "
           "shield, tail void impermeable; standstills consolidate"
         : "hydrostatic pore pressure kept"));
  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &U));
  if (gw)
    PetscCall(DioSegmentFlowRun(&sec, &seg, &list, gw, &schedule, restart, restart_path, what, &support, U));
  else
    PetscCall(SegmentDrained(&sec, &seg, &list, every, checkpoint_path, restart, restart_path, what, U));
  {
    DioSummary summary;
    PetscCall(DioSectionSummaryBegin(&sec, &summary));
    PetscCall(DioSummaryAddReal(summary, "stages", num_stages));
    PetscCall(DioSummaryAddReal(summary, "max_surface_settlement_m", seg.max_settlement));
    if (seg.section_lined) {
      /* the last stage's forces at the section (absent while the lining has not reached it) */
      PetscCall(DioSummaryAddReal(summary, "lining_section_x_m", seg.section_x0 + 0.5 * o.stage_length_m));
      PetscCall(DioSummaryAddReal(summary, "lining_thrust_min_N_per_m", seg.lining[0]));
      PetscCall(DioSummaryAddReal(summary, "lining_thrust_max_N_per_m", seg.lining[1]));
      PetscCall(DioSummaryAddReal(summary, "lining_moment_max_Nm_per_m", seg.lining[2]));
    }
    if (gw) {
      PetscCall(DioSummaryAddReal(summary, "advance_rate_m_per_day", o.advance_rate_m_per_day));
      PetscCall(DioSummaryAddReal(summary, "standstills", schedule.num_standstills));
      PetscCall(DioSectionFlowSummary(gw, summary));
      PetscCall(DioSegmentSupportSummary(&support, summary));
    }
    PetscCall(DioSummaryWriteAndDestroy(&summary));
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                          "[output]    %s/%s.h5, .xmf, _longitudinal.csv, _lining.csv%s, _summary.json\n",
                          sec.opts.output_dir, sec.opts.output_name, gw ? ", _inflow.csv, _lining_water.csv" : ""));
  PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec.t_start));
  PetscCall(DioSectionFlowDestroy(&gw));
  PetscCall(DioTunnelScheduleDestroy(&schedule));
  PetscCall(DioStageListDestroy(&list));
  PetscCall(DioSegmentDestroy(&seg));
  PetscCall(VecDestroy(&U));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
