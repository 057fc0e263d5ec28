/* SPDX-License-Identifier: BSD-2-Clause
   drive_coupled.c: the longitudinal drive with groundwater (-flow_model consolidation), a preset of the stage engine
   (issue 17): a stage per phase of its schedule (tunnel_schedule.c), the undrained instant its load step, the
   consolidation and standstills in its consolidate hook (as the coupled segment's), with its groundwater in
   drive_flow.c. */
#include "drive.h"

/*
  The coupled drive's stages (DioDriveStageList_Internal()), one per phase of its schedule: a drive stage's strip
  replaced in place, its undrained instant one load step (an increment, stored), then its consolidation (the preset's
  consolidate); a standstill changes nothing and has no load step. Numbered by drive stage (by_output_step) for the
  progress lines.
*/
static PetscErrorCode DriveCoupledStages(const DioDriveOptions *o, const DioTunnelSchedule *schedule,
                                         PetscInt num_stages, PetscInt lining_layer, DioStageList *list)
{
  PetscInt *activated;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(schedule->num_phases + 1, &activated));
  activated[0] = -1;
  for (PetscInt p = 0; p < schedule->num_phases; p++)
    activated[p + 1] = schedule->phase[p].advance ? schedule->phase[p].stage : -1;
  PetscCall(DioDriveStageList_Internal(schedule->num_phases + 1, activated, num_stages, lining_layer, list));
  PetscCall(PetscFree(activated));
  list->by_output_step = PETSC_TRUE;
  for (PetscInt p = 0; p < schedule->num_phases; p++) {
    const DioTunnelPhase *phase = &schedule->phase[p];
    DioStage             *st    = &list->stage[p + 1];
    st->time_end                = phase->time_start + phase->duration;
    st->duration                = phase->duration;
    st->steps                   = phase->advance ? 1 : 0;
    st->output_step             = phase->stage;
    PetscCall(DioDriveStageName_Internal(o, phase->stage, phase->advance, st));
  }
  PetscFunctionReturn(0);
}

/* What the coupled drive adds to the engine's run: the flow's set-up, the strips' stress, the undrained solve, the
   consolidation of each phase, outputs and probes. */
typedef struct {
  const DioDriveOptions   *o;
  DioDriveProbes          *probes;
  DioDriveFlow             df;
  const DioTunnelSchedule *schedule;
  const PetscInt          *stage;  /* [num_cells] the stage label (the output's excavation_stage) */
  DioOutput                out;    /* opened after the initial state (DioDriveOutputOpen_Internal()), or a restart's */
  Vec                      U;      /* the engine's (the displacement since the initial state) */
  const PetscInt          *region; /* [num_cells] 0 the ground, k the strip of stage k */
  PetscInt                *excavated;  /* [num_cells] 1 on the strips replaced so far */
  PetscBool               *strip;      /* [num_cells] work */
  PetscInt                 num_stages; /* the drive's */
  PetscInt                 resumed;    /* the stage a restart continues within (its checkpoint's), else -1 */
} DriveCoupled;

/* Before stage s's solve: a drive stage's strip (replaced by the engine) with the stored stress of the displacement so
   far and the wall around it (the stage a restart continues within has the checkpoint's). */
static PetscErrorCode DriveCoupledStageLoads(DioSection *sec, PetscInt s, void *ctx)
{
  DriveCoupled         *d = (DriveCoupled *)ctx;
  const DioTunnelPhase *phase;

  PetscFunctionBegin;
  if (s == 0) PetscFunctionReturn(0);
  phase = &d->schedule->phase[s - 1];
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    d->strip[c]     = (PetscBool)(phase->advance && d->region[c] == phase->stage);
    d->excavated[c] = d->region[c] >= 1 && d->region[c] <= phase->stage;
  }
  if (phase->advance && s != d->resumed) PetscCall(DioDriveFlowStripStress(d->df, d->strip, d->excavated, d->U));
  PetscFunctionReturn(0);
}

/* A drive stage's load step: its undrained response. */
static PetscErrorCode DriveCoupledSolve(DioSection *sec, PetscInt s, Vec u, PetscInt step, PetscInt num_steps,
                                        const char what[], void *ctx)
{
  DriveCoupled *d = (DriveCoupled *)ctx;

  PetscFunctionBegin;
  (void)sec;
  (void)step;
  (void)num_steps;
  PetscCall(DioDriveFlowSolveUndrained(d->df, u, &d->schedule->phase[s - 1], d->num_stages, what));
  PetscFunctionReturn(0);
}

/* After the initial state: the smeared lining and the coupled initial state (output step 0); after a drive stage's
   undrained step: its output step and probes. */
static PetscErrorCode DriveCoupledStageEnd(DioSection *sec, DioOutput out, PetscInt s, Vec U, Vec u,
                                           const PetscInt excavated[], void *ctx)
{
  DriveCoupled         *d = (DriveCoupled *)ctx;
  const DioTunnelPhase *phase;

  PetscFunctionBegin;
  (void)excavated; /* the engine's cells out of the model: none, the strips stay in */
  (void)out;       /* the preset's own, d->out */
  if (s == 0) {
    PetscCall(DioDriveSmearedLining_Internal(sec, d->o, PETSC_FALSE));
    PetscCall(DioDriveOutputOpen_Internal(sec, d->stage, d->df, PETSC_FALSE, 0, d->probes, &d->out));
    PetscCall(DioDriveFlowSetUp(d->df, d->out, d->excavated, d->probes->num_surface, d->probes->surface, U));
    PetscFunctionReturn(0);
  }
  phase = &d->schedule->phase[s - 1];
  PetscCall(DioDriveFlowWriteUndrained(d->df, d->out, U, u, phase, d->excavated));
  PetscCall(DioDriveStageProbes_Internal(sec, d->probes, U, phase->first_step, phase->time_start,
                                         DioDriveFaceX_Internal(d->o, phase->stage)));
  PetscFunctionReturn(0);
}

/* After stage s's load step (its undrained output step written, its increment stored; a standstill has none): the
   phase's consolidation steps (from a restart's step; they checkpoint), the probes at its end and the stop point;
   *stop: a stop signal ended the run (mid-phase: a restart continues it). The engine's hook of the coupled segment
   too (segment_flow.c). Collective. */
static PetscErrorCode DriveCoupledConsolidate(DioSection *sec, DioOutput out, PetscInt s, PetscInt done, Vec U, Vec u,
                                              PetscBool *stop, void *ctx)
{
  DriveCoupled         *d      = (DriveCoupled *)ctx;
  const DioTunnelPhase *phase  = &d->schedule->phase[s - 1];
  const PetscReal       face_x = DioDriveFaceX_Internal(d->o, phase->stage);

  PetscFunctionBegin;
  (void)out;  /* the preset's own, d->out */
  (void)done; /* the schedule's restart step (DioTunnelPhaseConsolidate()) */
  (void)u;    /* the flow's own increment */
  if (!phase->advance && DioTunnelPhaseFirstStep(d->schedule, s - 1) == 1)
    PetscCall(DioTunnelPhaseLogStandstill(sec, phase, face_x));
  PetscCall(DioDriveFlowConsolidate(d->df, d->out, U, d->excavated, s - 1, stop));
  if (*stop) PetscFunctionReturn(0);
  PetscCall(DioDriveStageProbes_Internal(sec, d->probes, U, DioTunnelPhaseFirstConsolidation(phase) + phase->steps - 1,
                                         phase->time_start + phase->duration, face_x));
  PetscCall(DioTunnelPhaseStopPoint(sec, phase, stop));
  PetscFunctionReturn(0);
}

/*
  The coupled drive (-flow_model consolidation, drive_flow.c), a preset of the stage engine too (DriveCoupledStages()):
  output step 0 the coupled initial state, then per stage its undrained instant and its consolidation steps, the
  standstills; the probes at each stage's undrained instant and at every phase's end. With -restart (from a
  consolidation step) the stages before the checkpoint's re-applied, its state, and the run continued within its
  phase. Collective.
*/
PetscErrorCode DioDriveCoupledRun_Internal(DioSection *sec, const DioDriveOptions *o, DioDriveFlow df,
                                           PetscInt num_stages, const PetscInt stage[], PetscBool restart,
                                           DioDriveProbes *p, Vec U)
{
  const DioTunnelSchedule *schedule = DioDriveFlowSchedule(df);
  const PetscInt           n        = sec->topology.num_cells;
  DioStageList             list;
  DioStageRun              sr;
  DriveCoupled             d;
  PetscInt                *region, *excavated, first_stage = 0;
  PetscBool               *strip, stop;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(n + 1, &region, n + 1, &excavated, n + 1, &strip));
  for (PetscInt c = 0; c < n; c++) {
    region[c]    = stage[c] >= 0 ? stage[c] + 1 : 0;
    excavated[c] = 0;
  }
  PetscCall(DriveCoupledStages(o, schedule, num_stages, sec->extra_layer, &list));
  PetscCall(PetscMemzero(&d, sizeof(d)));
  d.o          = o;
  d.probes     = p;
  d.df         = df;
  d.schedule   = schedule;
  d.U          = U;
  d.stage      = stage;
  d.region     = region;
  d.excavated  = excavated;
  d.strip      = strip;
  d.num_stages = num_stages;
  d.resumed    = -1;
  PetscCall(PetscMemzero(&sr, sizeof(sr)));
  sr.list               = &list;
  sr.cell_region        = region;
  sr.analysis           = DIO_ANALYSIS_MECHANICS;
  sr.preset.ctx         = &d;
  sr.preset.stage_loads = DriveCoupledStageLoads;
  sr.preset.solve       = DriveCoupledSolve;
  sr.preset.stage_end   = DriveCoupledStageEnd;
  sr.preset.consolidate = DriveCoupledConsolidate;
  if (restart) {
    /* the stages up to the checkpoint's (its strip replaced) re-applied, then its state: the wall, the flow and the
       checkpoint's displacement, stress and pressure (DioDriveFlowSetUp()); the engine continues within that stage,
       its load step done */
    const DioTunnelPhase *phase;
    PetscBool            *active;
    first_stage    = schedule->restart_phase + 1;
    phase          = &schedule->phase[schedule->restart_phase];
    d.resumed      = first_stage;
    sr.resume_done = schedule->restart_done;
    PetscCall(DioDriveSmearedLining_Internal(sec, o, PETSC_FALSE));
    PetscCall(PetscMalloc1(n + 1, &active));
    PetscCall(DioStageEngineRestoreStages(sec, &list, first_stage + 1, region, active, excavated));
    PetscCall(PetscFree(active));
    for (PetscInt c = 0; c < n; c++) excavated[c] = region[c] >= 1 && region[c] <= phase->stage;
    /* a restart keeps the probe rows before its checkpoint's step (the rows of a phase's end are written again) */
    PetscCall(DioDriveOutputOpen_Internal(sec, stage, df, PETSC_TRUE, schedule->restart_step - 1, p, &d.out));
    PetscCall(DioDriveFlowSetUp(df, d.out, excavated, p->num_surface, p->surface, U));
  }
  PetscCall(DioStageEngineRunStages(sec, &sr, d.out, first_stage, U, &stop, NULL));
  PetscCall(DioOutputDestroy(&d.out));
  PetscCall(DioStageListDestroy(&list));
  PetscCall(PetscFree3(region, excavated, strip));
  PetscFunctionReturn(0);
}
