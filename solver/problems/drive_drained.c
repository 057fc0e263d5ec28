/* SPDX-License-Identifier: BSD-2-Clause
   drive_drained.c: the drained longitudinal drive, a preset of the stage engine (issue 17): the keys write the stage
   list (DriveStages(): the geostatic initial state, then per stage its strip's region replaced in place by the smeared
   lining, each stage solved whole from the initial state), stage_engine.c runs it, and this file adds the smeared
   lining after the initial state, the output steps and probes, and the checkpoints numbered by excavation stage. */
#include "drive.h"

/*
  The drained drive's stages (DioDriveStageList_Internal()): stage k = 1 .. num_stages its strip replaced in place,
  solved whole from the initial state (secant: U = u, nothing stored), ending when its face is at
  DioDriveFaceX_Internal(k).
*/
static PetscErrorCode DriveStages(const DioDriveOptions *o, PetscInt num_stages, PetscInt lining_layer,
                                  DioStageList *list)
{
  PetscInt *activated;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(num_stages + 1, &activated));
  for (PetscInt s = 0; s <= num_stages; s++) activated[s] = s ? s : -1;
  PetscCall(DioDriveStageList_Internal(num_stages + 1, activated, num_stages, lining_layer, list));
  PetscCall(PetscFree(activated));
  for (PetscInt s = 1; s <= num_stages; s++) {
    DioStage *st = &list->stage[s];
    st->time_end = DioDriveStageTime_Internal(o, s);
    st->duration = st->time_end - list->stage[s - 1].time_end;
    st->secant   = PETSC_TRUE;
    PetscCall(DioDriveStageName_Internal(o, s, PETSC_TRUE, st));
  }
  PetscFunctionReturn(0);
}

/* What the drained drive adds to the engine's run: the smeared lining, its outputs, probes and checkpoints. */
typedef struct {
  const DioDriveOptions *o;
  DioDriveProbes        *probes;
  const PetscInt        *region;    /* [num_cells] 0 the ground, k the strip of stage k */
  PetscInt              *excavated; /* [num_cells] 1 on the strips replaced so far (they stay in as the lining) */
  const PetscInt        *stage;     /* [num_cells] the stage label (the output's excavation_stage) */
  DioOutput              out;       /* opened after the initial state (DioDriveOutputOpen_Internal()), or a restart's */
  PetscLogStage          stage_output;
  PetscInt               every;
  const char            *checkpoint_path;
} Drive;

/* After stage s: (the initial state) the undrained layers and the smeared lining from now on; output step s at the
   stage's end time with U, the displacement since the initial state; (an excavation stage) the probes. Every stage is
   solved whole from the initial state (nothing stored; U is zero after it), so U is also the increment the stresses
   are of: the output step takes U for both, which computes the cell fields once (with U and u, twice: the second
   set alive beside the first raised the drive's peak memory). */
static PetscErrorCode DriveStageEnd(DioSection *sec, DioOutput out, PetscInt s, Vec U, Vec u,
                                    const PetscInt excavated[], void *ctx)
{
  Drive *d = (Drive *)ctx;

  PetscFunctionBegin;
  (void)out;       /* the preset's own, d->out */
  (void)excavated; /* the engine's cells out of the model: none, the strips stay in */
  (void)u;         /* U (above) */
  if (s == 0) {
    PetscCall(DioDriveSmearedLining_Internal(sec, d->o, PETSC_TRUE));
    PetscCall(DioDriveOutputOpen_Internal(sec, d->stage, NULL, PETSC_FALSE, 0, d->probes, &d->out));
  }
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) d->excavated[c] = d->region[c] >= 1 && d->region[c] <= s;
  PetscCall(PetscLogStagePush(d->stage_output));
  PetscCall(DioSectionOutputStep(sec, d->out, U, U, s, DioDriveStageTime_Internal(d->o, s), d->excavated, NULL));
  if (s > 0)
    PetscCall(DioDriveStageProbes_Internal(sec, d->probes, U, s, DioDriveStageTime_Internal(d->o, s),
                                           DioDriveFaceX_Internal(d->o, s)));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(0);
}

/* After excavation stage s (none after the initial state): a checkpoint of U as after s stages when due, and *stop. */
static PetscErrorCode DriveStageDone(DioSection *sec, PetscInt s, Vec U, PetscBool *stop, void *ctx)
{
  Drive *d = (Drive *)ctx;

  PetscFunctionBegin;
  *stop = PETSC_FALSE;
  if (s > 0) PetscCall(DioSectionStageDone(sec, s, d->every, d->checkpoint_path, U, stop));
  PetscFunctionReturn(0);
}

/*
  The drained drive, a preset of the stage engine (DriveStages()): output step 0 the initial state, step k the state
  after stage k; with -restart the strips replaced up to the checkpoint's stage, its state, and the run's output and
  probes continued after it. U: the displacement since the initial state on return. Collective.
*/
PetscErrorCode DioDriveDrainedRun_Internal(DioSection *sec, const DioDriveOptions *o, PetscInt num_stages,
                                           const PetscInt stage[], PetscInt every, const char checkpoint_path[],
                                           PetscBool restart, const char restart_path[], DioDriveProbes *p, Vec U)
{
  const PetscInt n = sec->topology.num_cells;
  DioStageList   list;
  DioStageRun    sr;
  Drive          d;
  PetscInt      *region, *excavated, first_stage = 0;
  PetscBool      appended = PETSC_FALSE, stop;
  Vec            U_start  = NULL;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(n + 1, &region, n + 1, &excavated));
  for (PetscInt c = 0; c < n; c++) {
    region[c]    = stage[c] >= 0 ? stage[c] + 1 : 0;
    excavated[c] = 0;
  }
  PetscCall(DriveStages(o, num_stages, sec->extra_layer, &list));
  PetscCall(PetscMemzero(&d, sizeof(d)));
  d.o               = o;
  d.probes          = p;
  d.region          = region;
  d.excavated       = excavated;
  d.stage           = stage;
  d.every           = every;
  d.checkpoint_path = checkpoint_path;
  PetscCall(DioLogStageGet("Output", &d.stage_output));
  PetscCall(PetscMemzero(&sr, sizeof(sr)));
  sr.list              = &list;
  sr.cell_region       = region;
  sr.analysis          = DIO_ANALYSIS_MECHANICS;
  sr.every             = every;
  sr.checkpoint_path   = checkpoint_path;
  sr.preset.ctx        = &d;
  sr.preset.stage_end  = DriveStageEnd;
  sr.preset.stage_done = DriveStageDone;
  if (restart) {
    /* the strips replaced up to the checkpoint's stage, then its state; the secant stages start from the initial
       state (the checkpoint holds the displacement since then) */
    PetscBool *active;
    PetscCall(DioDriveSmearedLining_Internal(sec, o, PETSC_TRUE));
    PetscCall(DioSectionRestartStage(sec, restart_path, num_stages, &first_stage));
    PetscCall(PetscMalloc1(n + 1, &active));
    PetscCall(DioStageEngineRestoreStages(sec, &list, first_stage + 1, region, active, excavated));
    PetscCall(PetscFree(active));
    for (PetscInt c = 0; c < n; c++) excavated[c] = region[c] >= 1 && region[c] <= first_stage;
    PetscCall(DioSectionCheckpointRead(sec, restart_path, &first_stage, U));
    PetscCall(DioSectionRestartReport(sec, restart_path, first_stage));
    /* the results of the restored state: the summary of a restart after the last stage (no stage left) reports them */
    PetscCall(DioDriveSurfaceSettlement_Internal(sec, p, U, first_stage, DioDriveStageTime_Internal(o, first_stage),
                                                 PETSC_FALSE));
    PetscCall(VecDuplicate(U, &U_start));
    PetscCall(VecSet(U_start, 0.0));
    sr.U_start = U_start;
    PetscCall(DioSectionOutputContinue(sec, stage, first_stage, &d.out, &appended));
    PetscCall(DioDriveAssumptions_Internal(d.out, NULL));
    if (!appended)
      PetscCall(DioSectionOutputStep(sec, d.out, U, U, first_stage, DioDriveStageTime_Internal(o, first_stage),
                                     excavated, NULL));
    PetscCall(DioDriveProbesOpen_Internal(sec, PETSC_TRUE, first_stage, p));
  }
  PetscCall(DioStageEngineRunStages(sec, &sr, d.out, restart ? first_stage + 1 : 0, U, &stop, NULL));
  PetscCall(DioOutputDestroy(&d.out));
  PetscCall(VecDestroy(&U_start));
  PetscCall(DioStageListDestroy(&list));
  PetscCall(PetscFree2(region, excavated));
  PetscFunctionReturn(0);
}
