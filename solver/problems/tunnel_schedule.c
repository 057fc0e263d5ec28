/* SPDX-License-Identifier: BSD-2-Clause
   tunnel_schedule.c: the time schedule of a coupled tunnel drive (issue 14, -flow_model consolidation), shared by the
   3D segment and the longitudinal drive: its phases in order, each a drive stage (the excavation's undrained step, then
   consolidation over the stage's duration, its advance / advance rate) or a standstill (consolidation with no advance:
   -tunnel_standstill_after_stage, and the one after the drive, -consolidation_time_end), with their output steps and
   times; where in it a checkpoint's output step lies (a restart continues from there); and the steps of a phase that
   both drivers take the same way (consolidation from a restart's step, the stop point). The phases become stages of
   the stage engine in segment_flow.c and drive_coupled.c (one stage per phase). */
#include "section.h"

/* The time (s, standstills left out) at which `k` of n stages are done: stages of d, the last of `last` (k d when the
   last is a whole stage, as the segment always had it). */
static PetscReal StagesDone(PetscInt k, PetscInt n, PetscReal d, PetscReal last)
{
  return k < n || last == d ? k * d : (n - 1) * d + last;
}

/*
  DioTunnelScheduleCreate - the phases of a coupled drive: stages 1..num_stages of stage_duration (s; the last of
  last_duration, a drive that is no whole number of stages; stage_steps consolidation steps each), standstills after the
  stages -tunnel_standstill_after_stage (increasing, in [1, num_stages]; 0 alone: none) for
  -tunnel_standstill_duration (s, >= 0, one for all or one per stage) in -consolidation_standstill_steps steps, then
  final_duration (s) in final_steps after the drive. Output step 0 is the initial state. Without flow (-flow_model none)
  a standstill is refused: a drained run has nothing to consolidate (its state does not depend on time). Collective;
  free with DioTunnelScheduleDestroy().
*/
PetscErrorCode DioTunnelScheduleCreate(DioSection *sec, PetscBool flow, PetscInt num_stages, PetscReal stage_duration,
                                       PetscReal last_duration, PetscInt stage_steps, PetscReal final_duration,
                                       PetscInt final_steps, DioTunnelSchedule *s)
{
  PetscInt  after[DIO_TUNNEL_MAX_STANDSTILLS], n_after = DIO_TUNNEL_MAX_STANDSTILLS;
  PetscInt  n_duration = DIO_TUNNEL_MAX_STANDSTILLS, steps = 3, k = 0;
  PetscReal duration[DIO_TUNNEL_MAX_STANDSTILLS], paused = 0;
  PetscBool after_set, duration_set;
  MPI_Comm  comm = sec->comm;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(s, sizeof(*s)));
  s->restart_step = s->restart_phase = -1;
  after[0]                           = 0; /* -help shows the first entries: 0, none */
  duration[0]                        = 86400;
  PetscOptionsBegin(comm, NULL, "Tunnel: standstills of the drive (tbm_segment, longitudinal_drive)", "tunnel");
  PetscCall(
      PetscOptionsIntArray("-tunnel_standstill_after_stage",
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
    DioTunnelPhase *p = &s->phase[s->num_phases++];
    /* the drive's times as stage * duration (a schedule without standstills keeps the times it always had) */
    p->stage      = stage;
    p->advance    = PETSC_TRUE;
    p->first_step = s->num_outputs;
    p->steps      = stage_steps;
    p->time_start = StagesDone(stage - 1, num_stages, stage_duration, last_duration) + paused;
    p->duration   = stage < num_stages ? stage_duration : last_duration;
    s->num_outputs += 1 + stage_steps;
    if (k < n_after && after[k] == stage) {
      p             = &s->phase[s->num_phases++];
      p->stage      = stage;
      p->advance    = PETSC_FALSE;
      p->first_step = s->num_outputs;
      p->steps      = steps;
      p->time_start = StagesDone(stage, num_stages, stage_duration, last_duration) + paused;
      p->duration   = duration[k];
      s->num_outputs += steps;
      paused += duration[k++];
    }
  }
  {
    DioTunnelPhase *p = &s->phase[s->num_phases++];
    p->stage          = num_stages;
    p->advance        = PETSC_FALSE;
    p->first_step     = s->num_outputs;
    p->steps          = final_steps;
    p->time_start     = StagesDone(num_stages, num_stages, stage_duration, last_duration) + paused;
    p->duration       = final_duration;
    s->num_outputs += final_steps;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioTunnelScheduleDestroy(DioTunnelSchedule *s)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(s->phase));
  s->num_phases = 0;
  PetscFunctionReturn(0);
}

/* The output step of a phase's first consolidation step (after the excavation's undrained step, if any). */
PetscInt DioTunnelPhaseFirstConsolidation(const DioTunnelPhase *p)
{
  return p->first_step + (p->advance ? 1 : 0);
}

/*
  DioTunnelScheduleFind - the phase whose consolidation step `step` is, and its steps done (1..steps) once `step` is
  written; a step that is no consolidation step (the initial state, an excavation's undrained response: the schedule
  checkpoints neither) or beyond the schedule is an error naming the checkpoint file. Collective.
*/
PetscErrorCode DioTunnelScheduleFind(MPI_Comm comm, const DioTunnelSchedule *s, const char path[], PetscInt step,
                                     PetscInt *phase, PetscInt *done)
{
  PetscFunctionBegin;
  *phase = -1;
  *done  = 0;
  for (PetscInt i = 0; i < s->num_phases; i++) {
    const PetscInt first = DioTunnelPhaseFirstConsolidation(&s->phase[i]);
    if (step >= first && step < first + s->phase[i].steps) {
      *phase = i;
      *done  = step - first + 1;
    }
  }
  PetscCheck(*phase >= 0, comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' is after output step %" PetscInt_FMT
             ": the coupled drive restarts from a consolidation step of its schedule (1 to %" PetscInt_FMT
             ", not an excavation's undrained step); use the options of the run that wrote it",
             path, step, s->num_outputs - 1);
  PetscFunctionReturn(0);
}

/*
  DioTunnelScheduleRestartPoint - with the flow (gw not NULL): the consolidation's checkpoints turned on (after every
  -checkpoint_every output steps of consolidation), and with -restart from checkpoint `path` its output step, phase and
  steps of that phase done into s->restart_step, restart_phase, restart_done (-1, -1, 0 otherwise). After
  DioTunnelScheduleCreate(), in a check pass too. Collective.
*/
PetscErrorCode DioTunnelScheduleRestartPoint(MPI_Comm comm, DioSectionFlow gw, PetscBool restart, const char path[],
                                             DioTunnelSchedule *s)
{
  PetscFunctionBegin;
  s->restart_step  = -1;
  s->restart_phase = -1;
  s->restart_done  = 0;
  if (gw == NULL) PetscFunctionReturn(0);
  PetscCall(DioSectionFlowCheckpointsOn(gw, &s->restart_step));
  if (restart) PetscCall(DioTunnelScheduleFind(comm, s, path, s->restart_step, &s->restart_phase, &s->restart_done));
  PetscFunctionReturn(0);
}

/* The first consolidation step (1..steps + 1) phase p runs: 1, or the one after the restart's checkpoint. */
PetscInt DioTunnelPhaseFirstStep(const DioTunnelSchedule *s, PetscInt p)
{
  return p == s->restart_phase ? s->restart_done + 1 : 1;
}

/*
  DioTunnelScheduleRestore - with -restart, once the driver has set the cells, loads and wall of the checkpoint's phase:
  the checkpoint's state (DioSectionFlowRestore()) at its time in the schedule. u: work vector, 0 on return. Collective.
*/
PetscErrorCode DioTunnelScheduleRestore(DioSectionFlow gw, const DioTunnelSchedule *s, DioOutput out, Vec U, Vec u,
                                        const PetscInt excavated[])
{
  const DioTunnelPhase *phase = &s->phase[s->restart_phase];

  PetscFunctionBegin;
  PetscCall(DioSectionFlowRestore(
      gw, out, U, u, phase->time_start + DioSectionFlowStepTime(gw, phase->duration, phase->steps, s->restart_done),
      excavated));
  PetscFunctionReturn(0);
}

/* A standstill's log line, the face at x_face (m). Collective. */
PetscErrorCode DioTunnelPhaseLogStandstill(const DioSection *sec, const DioTunnelPhase *phase, PetscReal x_face)
{
  PetscFunctionBegin;
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[standstill] after stage %" PetscInt_FMT
                          " (face at x = %.1f m): %.4g s (%.4g d) of consolidation in %" PetscInt_FMT " steps\n",
                          phase->stage, (double)x_face, (double)phase->duration, (double)(phase->duration / 86400.0),
                          phase->steps));
  PetscFunctionReturn(0);
}

/*
  DioTunnelPhaseConsolidate - the consolidation steps of phase p (from DioTunnelPhaseFirstStep(): a restart continues
  its phase) with the wall where the driver put it (DioSectionFlowConsolidateStageFrom()); they checkpoint. *stop: a
  stop signal arrived mid-phase (a restart continues the phase and writes its end). Collective.
*/
PetscErrorCode DioTunnelPhaseConsolidate(DioSectionFlow gw, const DioTunnelSchedule *s, PetscInt p, DioOutput out,
                                         Vec U, Vec u, const PetscInt excavated[], PetscBool *stop)
{
  const DioTunnelPhase *phase = &s->phase[p];

  PetscFunctionBegin;
  PetscCall(DioSectionFlowConsolidateStageFrom(gw, out, U, u, DioTunnelPhaseFirstConsolidation(phase),
                                               DioTunnelPhaseFirstStep(s, p), phase->time_start, phase->duration,
                                               phase->steps, excavated, stop));
  PetscFunctionReturn(0);
}

/* After phase's end (its probes written): a stop signal ends the run here, naming the phase. Collective. */
PetscErrorCode DioTunnelPhaseStopPoint(DioSection *sec, const DioTunnelPhase *phase, PetscBool *stop)
{
  char where[96];

  PetscFunctionBegin;
  if (phase->advance)
    PetscCall(PetscSNPrintf(where, sizeof(where), "stage %" PetscInt_FMT, phase->stage));
  else
    PetscCall(PetscSNPrintf(where, sizeof(where), "the standstill after stage %" PetscInt_FMT, phase->stage));
  PetscCall(DioSectionStopPoint(sec, where, stop));
  PetscFunctionReturn(0);
}
