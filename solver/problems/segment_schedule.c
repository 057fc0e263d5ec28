/* SPDX-License-Identifier: BSD-2-Clause
   segment_schedule.c: the time schedule of the coupled 3D segment (issue 14, -flow_model consolidation): its phases in
   order, each a drive stage (the excavation's undrained step, then consolidation over the stage's duration, stage
   length / advance rate) or a standstill (consolidation with no advance: -tunnel_standstill_after_stage, and the one
   after the drive, -consolidation_time_end), with their output steps and times; and where in it a checkpoint's output
   step lies (a restart continues from there). The stage loop is segment.c's. */
#include "section.h"

/*
  DioSegmentScheduleCreate - the phases of the coupled segment: stages 1..num_stages of stage_duration (s, stage_steps
  consolidation steps each), standstills after the stages -tunnel_standstill_after_stage (increasing, in [1,
  num_stages]) for -tunnel_standstill_duration (s, >= 0, one for all or one per stage) in -consolidation_standstill_steps steps, then
  final_duration (s) in final_steps after the drive (0 alone: none, as the drive's key). Output step 0 is the initial
  state. Without flow (-flow_model none) a standstill is refused: a drained run has nothing to consolidate (its state
  does not depend on time). Collective; free with DioSegmentScheduleDestroy().
*/
PetscErrorCode DioSegmentScheduleCreate(DioSection *sec, PetscBool flow, PetscInt num_stages, PetscReal stage_duration,
                                        PetscInt stage_steps, PetscReal final_duration, PetscInt final_steps,
                                        DioSegmentSchedule *s)
{
  PetscInt  after[DIO_SEGMENT_MAX_STANDSTILLS], n_after = DIO_SEGMENT_MAX_STANDSTILLS, n_duration = DIO_SEGMENT_MAX_STANDSTILLS;
  PetscInt  steps = 3, k = 0;
  PetscReal duration[DIO_SEGMENT_MAX_STANDSTILLS], paused = 0;
  PetscBool after_set, duration_set;
  MPI_Comm  comm = sec->comm;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(s, sizeof(*s)));
  after[0]    = 0; /* -help shows the first entries: 0, none (as the drive's key) */
  duration[0] = 86400;
  PetscOptionsBegin(comm, NULL, "Tunnel, 3D segment: standstills of the TBM", "tunnel");
  PetscCall(PetscOptionsIntArray("-tunnel_standstill_after_stage",
                                 "-flow_model consolidation: standstills (no advance, consolidation) after these stages "
                                 "(-; comma-separated, increasing, 1 to the number of stages; default 0: none)",
                                 "", after, &n_after, &after_set));
  PetscCall(PetscOptionsRealArray("-tunnel_standstill_duration",
                                  "Duration of the standstills (s, >= 0; one for all or one per stage listed; default "
                                  "86400 s = 1 day)",
                                  "", duration, &n_duration, &duration_set));
  PetscCall(PetscOptionsInt("-consolidation_standstill_steps",
                            "Time steps of each standstill's consolidation (default 3)", "", steps, &steps, NULL));
  PetscOptionsEnd();
  if (!after_set || (n_after == 1 && after[0] == 0)) n_after = 0;
  if (!duration_set) n_duration = 1; /* the default, for every standstill */
  PetscCheck(n_duration == 1 || n_duration == n_after, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_standstill_after_stage lists %" PetscInt_FMT " stages, -tunnel_standstill_duration %" PetscInt_FMT
             " durations: give one for all or one per stage",
             n_after, n_duration);
  PetscCheck(steps >= 1 && steps <= 1000, comm, PETSC_ERR_USER_INPUT,
             "-consolidation_standstill_steps = %" PetscInt_FMT ": must be in [1, 1000]", steps);
  for (PetscInt i = 0; i < n_after; i++)
    PetscCheck(after[i] >= 1 && after[i] <= num_stages && (i == 0 || after[i] > after[i - 1]), comm,
               PETSC_ERR_USER_INPUT,
               "-tunnel_standstill_after_stage = %" PetscInt_FMT ": must be in [1, %" PetscInt_FMT
               "] (the drive's stages), increasing",
               after[i], num_stages);
  for (PetscInt i = 0; i < n_duration; i++)
    PetscCheck(duration[i] >= 0 && duration[i] <= 1e15, comm, PETSC_ERR_USER_INPUT,
               "-tunnel_standstill_duration = %g: must be in [0, 1e15] s", (double)duration[i]);
  for (PetscInt i = n_duration; i < n_after; i++) duration[i] = duration[0];
  PetscCheck(flow || n_after == 0, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_standstill_after_stage: a standstill needs -flow_model consolidation (a drained run does not "
             "depend on time)");
  s->num_standstills = n_after;
  PetscCall(PetscMalloc1(2 * num_stages + 1, &s->phase));
  s->num_outputs = 1;
  for (PetscInt stage = 1; stage <= num_stages; stage++) {
    DioSegmentPhase *p = &s->phase[s->num_phases++];
    /* the drive's times as stage * duration (a schedule without standstills keeps the times it always had) */
    p->stage      = stage;
    p->advance    = PETSC_TRUE;
    p->first_step = s->num_outputs;
    p->steps      = stage_steps;
    p->time_start = (stage - 1) * stage_duration + paused;
    p->duration   = stage_duration;
    s->num_outputs += 1 + stage_steps;
    if (k < n_after && after[k] == stage) {
      p             = &s->phase[s->num_phases++];
      p->stage      = stage;
      p->advance    = PETSC_FALSE;
      p->first_step = s->num_outputs;
      p->steps      = steps;
      p->time_start = stage * stage_duration + paused;
      p->duration   = duration[k];
      s->num_outputs += steps;
      paused += duration[k++];
    }
  }
  {
    DioSegmentPhase *p = &s->phase[s->num_phases++];
    p->stage           = num_stages;
    p->advance         = PETSC_FALSE;
    p->first_step      = s->num_outputs;
    p->steps           = final_steps;
    p->time_start      = num_stages * stage_duration + paused;
    p->duration        = final_duration;
    s->num_outputs += final_steps;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioSegmentScheduleDestroy(DioSegmentSchedule *s)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(s->phase));
  s->num_phases = 0;
  PetscFunctionReturn(0);
}

/* The output step of a phase's first consolidation step (after the excavation's undrained step, if any). */
PetscInt DioSegmentPhaseFirstConsolidation(const DioSegmentPhase *p)
{
  return p->first_step + (p->advance ? 1 : 0);
}

/*
  DioSegmentScheduleFind - the phase whose consolidation step `step` is, and its steps done (1..steps) once `step` is
  written; a step that is no consolidation step (the initial state, an excavation's undrained response: the schedule
  checkpoints neither) or beyond the schedule is an error naming the checkpoint file. Collective.
*/
PetscErrorCode DioSegmentScheduleFind(MPI_Comm comm, const DioSegmentSchedule *s, const char path[], PetscInt step,
                                      PetscInt *phase, PetscInt *done)
{
  PetscFunctionBegin;
  *phase = -1;
  *done  = 0;
  for (PetscInt i = 0; i < s->num_phases; i++) {
    const PetscInt first = DioSegmentPhaseFirstConsolidation(&s->phase[i]);
    if (step >= first && step < first + s->phase[i].steps) {
      *phase = i;
      *done  = step - first + 1;
    }
  }
  PetscCheck(*phase >= 0, comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' is after output step %" PetscInt_FMT
             ": the coupled segment restarts from a consolidation step of its schedule (1 to %" PetscInt_FMT
             ", not an excavation's undrained step); use the options of the run that wrote it",
             path, step, s->num_outputs - 1);
  PetscFunctionReturn(0);
}
