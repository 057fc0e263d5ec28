/* SPDX-License-Identifier: BSD-2-Clause
   drive_flow.c: groundwater in the longitudinal drive (issue 14, -problem longitudinal_drive -flow_model
   consolidation): the transverse section's Biot consolidation (section_flow.c: Q2 displacement, Q1 excess pore
   pressure, the field-split solver) with the excavation staged in time, as in the 3D segment. Each stage's strip is
   replaced by the smeared lining and responds undrained at the stage's start, then consolidates for the stage's
   duration (its advance over -tunnel_advance_rate) in -consolidation_stage_steps steps; standstills and the standstill
   after the drive follow the segment's schedule and keys (tunnel_schedule.c: -tunnel_standstill_after_stage k1,k2,..,
   -tunnel_standstill_duration, -consolidation_standstill_steps; -consolidation_time_end). Checkpoints after the
   consolidation steps hold the displacement, the stored stress and the excess pore pressure; -restart continues from
   one on any number of ranks (the replaced strip and its wall rebuilt from the checkpoint's phase). The stages are
   drive.c's, run by the stage engine (stage_engine.c).

   The replaced strip carries no flow, and its boundary (the faces between the strip and the ground, labelled stage by
   stage: DioSectionLabelRemovedBoundary()) is watertight: the lined strip lets no water through, the water pressure
   stays on it and the lining carries it. A drained or leaky wall is refused: in a longitudinal plane-strain section the
   strip is a slab of infinite width, so a drained strip would draw down the whole cover above it like a drainage
   gallery; neither its inflow nor the drawdown settlement would be a tunnel's (those come from the transverse section
   and the 3D segment).

   The drained drive (drive.c) solves each stage for the displacement from the initial state, so its lining carries the
   strain since then; here each step adds an increment, so a strip replaced in stage k gets the stored stress
   D_lining eps(U) of the displacement so far: the drained limit is then the drained drive, stage by stage. */
#include "section.h"

struct _n_DioDriveFlow {
  DioSection       *sec; /* borrowed */
  DioSectionFlow    gw;
  DioTunnelSchedule schedule;
  Vec               du; /* a step's displacement increment */
};

/*
  DioDriveFlowCreate - the groundwater of the drive (*df NULL with -flow_model none, where a standstill is refused: the
  drained drive does not depend on time): the section's flow options over every layer of the profile, the schedule of
  num_stages stages of stage_duration (s; the last of last_duration) in -consolidation_stage_steps steps each, with its
  standstills (tunnel_schedule.c), the checkpoints of the consolidation steps on, and with -restart (restart_path) the
  checkpoint's place in the schedule. The wall is watertight by default; another is refused. After
  DioSectionCheckpointOptions(); in a check pass too. Collective.
*/
PetscErrorCode DioDriveFlowCreate(DioSection *sec, PetscReal diameter_m, PetscReal lining_thickness_m,
                                  PetscInt num_stages, PetscReal stage_duration, PetscReal last_duration,
                                  PetscBool restart, const char restart_path[], DioDriveFlow *df)
{
  DioDriveFlow  d;
  DioLayerStack stack;
  PetscBool     watertight, wall_set, coupled;
  PetscInt      stage_steps = 3;
  char          model[64]   = "";

  PetscFunctionBegin;
  *df = NULL;
  PetscOptionsBegin(sec->comm, NULL, "Groundwater in the longitudinal drive", "flow");
  PetscCall(PetscOptionsInt("-consolidation_stage_steps",
                            "-flow_model consolidation: time steps of the consolidation over each stage's duration, "
                            "stage length / advance rate (default 3)",
                            "", stage_steps, &stage_steps, NULL));
  PetscOptionsEnd();
  PetscCheck(stage_steps >= 1 && stage_steps <= 1000, sec->comm, PETSC_ERR_USER_INPUT,
             "-consolidation_stage_steps = %" PetscInt_FMT ": must be in [1, 1000]", stage_steps);
  PetscCall(PetscNew(&d));
  PetscCall(PetscMemzero(&stack, sizeof(stack)));
  PetscCall(DioMaterialTableGetNumLayers(sec->materials, &stack.num_layers));
  if (sec->extra_layer >= 0) stack.num_layers = PetscMin(stack.num_layers, sec->extra_layer); /* the lining's */
  PetscCheck(stack.num_layers <= 16, sec->comm, PETSC_ERR_USER_INPUT,
             "longitudinal_drive -flow_model consolidation: %" PetscInt_FMT " layers in the profile, at most 16",
             stack.num_layers);
  for (PetscInt l = 0; l < stack.num_layers; l++) stack.layer_id[l] = l;
  /* watertight is the coupled drive's default (set only then: the drained drive's options, and so its checkpoints'
     fingerprint, stay as given) */
  PetscCall(PetscOptionsGetString(NULL, NULL, "-flow_model", model, sizeof(model), NULL));
  PetscCall(PetscStrcasecmp(model, "consolidation", &coupled));
  PetscCall(PetscOptionsHasName(NULL, NULL, "-flow_tunnel_wall", &wall_set));
  if (coupled && !wall_set) PetscCall(PetscOptionsSetValue(NULL, "-flow_tunnel_wall", "watertight"));
  PetscCall(DioSectionFlowCreate(sec, 2, diameter_m, lining_thickness_m, PETSC_TRUE, &stack, &d->gw));
  PetscCall(DioTunnelScheduleCreate(sec, (PetscBool)(d->gw != NULL), num_stages, stage_duration, last_duration,
                                    stage_steps, DioSectionFlowTimeEnd(d->gw), DioSectionFlowNumSteps(d->gw),
                                    &d->schedule));
  if (d->gw == NULL) {
    PetscCall(DioDriveFlowDestroy(&d));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscStrcmp(DioSectionFlowWallName(d->gw), "watertight", &watertight));
  PetscCheck(watertight, sec->comm, PETSC_ERR_USER_INPUT,
             "-flow_tunnel_wall %s: longitudinal_drive takes watertight only (its strip is a slab of infinite width: a "
             "drained or leaky one would drain the whole cover, not a tunnel; use transverse_section or tbm_segment)",
             DioSectionFlowWallName(d->gw));
  PetscCall(DioTunnelScheduleRestartPoint(sec->comm, d->gw, restart, restart_path, &d->schedule));
  d->sec = sec;
  *df    = d;
  PetscFunctionReturn(0);
}

/* The schedule of the coupled drive: its phases, output steps and the restart's place (borrowed). */
const DioTunnelSchedule *DioDriveFlowSchedule(DioDriveFlow d)
{
  return &d->schedule;
}

/* The output of the coupled drive: new, or with -restart the run's own continued after the checkpoint's step.
   Collective. */
PetscErrorCode DioDriveFlowOutputOpen(DioDriveFlow d, const PetscInt stage[], DioOutput *out)
{
  PetscFunctionBegin;
  if (d->schedule.restart_step >= 0)
    PetscCall(DioSectionFlowOutputContinue(d->gw, stage, out));
  else
    PetscCall(DioSectionOutputOpen(d->sec, stage, out));
  PetscFunctionReturn(0);
}

/* The wall around the replaced strip (excavated > 0), labelled and handed to the flow. Collective. */
static PetscErrorCode DriveFlowWall(DioDriveFlow d, const PetscInt excavated[])
{
  PetscInt num_faces, num_wall, *wall;

  PetscFunctionBegin;
  PetscCall(DioSectionLabelRemovedBoundary(d->sec, excavated, DIO_BOUNDARY_TUNNEL_WALL, PETSC_MAX_REAL, &num_faces));
  PetscCall(DioSectionBoundaryVertices(d->sec, DIO_BOUNDARY_TUNNEL_WALL, &num_wall, &wall));
  PetscCall(DioSectionFlowSetWallVertices(d->gw, num_wall, wall));
  PetscCall(PetscFree(wall));
  PetscFunctionReturn(0);
}

/*
  DioDriveFlowSetUp - after the geostatic state (stored as initial stress): the flow of the intact ground, the coupled
  model's initial state (DioSectionFlowSetUp(): added to U) written as output step 0, the surface the settlement is
  taken on (surface[num_surface], borrowed). excavated: > 0 on the replaced cells (borrowed, updated by the caller).
  With -restart, the strip of the checkpoint's phase replaced and marked in excavated[] by the caller: its wall, and
  the checkpoint's state (U, the stored stress, the excess pore pressure, the results so far) instead. Collective.
*/
PetscErrorCode DioDriveFlowSetUp(DioDriveFlow d, DioOutput out, const PetscInt excavated[], PetscInt num_surface,
                                 const PetscInt surface[], Vec U)
{
  const PetscBool restart = (PetscBool)(d->schedule.restart_step >= 0);

  PetscFunctionBegin;
  if (restart)
    PetscCall(DriveFlowWall(d, excavated));
  else
    PetscCall(DioSectionFlowSetWallVertices(d->gw, 0, NULL));
  PetscCall(DioSectionFlowSetSurface(d->gw, num_surface, surface));
  PetscCall(DioSectionFlowSetUp(d->gw, excavated, excavated, U));
  PetscCall(VecDuplicate(U, &d->du));
  PetscCall(VecSet(d->du, 0.0));
  PetscCall(DioOutputSetMetadata(out, "time_axis",
                                 "s since the drive's start: each stage's undrained response at its start, its "
                                 "consolidation steps, the standstills"));
  if (restart)
    PetscCall(DioTunnelScheduleRestore(d->gw, &d->schedule, out, U, d->du, excavated));
  else
    PetscCall(DioSectionFlowOutputStep(d->gw, out, U, d->du, 0, 0.0, 0.0, 0.0, excavated));
  PetscFunctionReturn(0);
}

/*
  DioDriveFlowStripStress - the start of a stage: the cells of strip[] (replaced by the lining already, marked in
  excavated[]) get the stored stress D_lining eps(U) of the displacement so far, every other cell keeps its own; the
  wall relabelled around the replaced cells. Collective.
*/
PetscErrorCode DioDriveFlowStripStress(DioDriveFlow d, const PetscBool strip[], const PetscInt excavated[], Vec U)
{
  DioSection *sec = d->sec;
  PetscInt    nq, num_cells;
  PetscReal  *stress, *kept;

  PetscFunctionBegin;
  PetscCall(DioElasticityGetNumCells(sec->elas, &num_cells));
  PetscCall(DioElasticityGetInitialStress(sec->elas, &nq, &stress));
  PetscCall(PetscMalloc1((size_t)num_cells * nq * 6 + 1, &kept));
  PetscCall(PetscArraycpy(kept, stress, (size_t)num_cells * nq * 6));
  PetscCall(DioElasticityStoreInitialStress(sec->elas, U));
  PetscCall(DioElasticityGetInitialStress(sec->elas, &nq, &stress));
  for (PetscInt c = 0; c < num_cells; c++)
    if (!strip[c]) PetscCall(PetscArraycpy(&stress[(size_t)c * nq * 6], &kept[(size_t)c * nq * 6], nq * 6));
  PetscCall(PetscFree(kept));
  PetscCall(DriveFlowWall(d, excavated));
  PetscFunctionReturn(0);
}

/* The undrained response (dt = 0) of the stage of `phase` (of num_stages) into u. Collective. */
PetscErrorCode DioDriveFlowSolveUndrained(DioDriveFlow d, Vec u, const DioTunnelPhase *phase, PetscInt num_stages,
                                          const char what[])
{
  PetscFunctionBegin;
  PetscCall(DioSectionFlowSolveStage(d->gw, NULL, PETSC_TRUE, u, phase->stage, num_stages, what));
  PetscFunctionReturn(0);
}

/* The undrained instant of phase's stage (U with its increment u, not yet stored) as the phase's first output step.
   Collective. */
PetscErrorCode DioDriveFlowWriteUndrained(DioDriveFlow d, DioOutput out, Vec U, Vec u, const DioTunnelPhase *phase,
                                          const PetscInt excavated[])
{
  PetscFunctionBegin;
  PetscCall(DioSectionFlowOutputStep(d->gw, out, U, u, phase->first_step, phase->time_start, phase->time_start, 0.0,
                                     excavated));
  PetscFunctionReturn(0);
}

/*
  DioDriveFlowConsolidate - the consolidation steps of phase p of the schedule (DioTunnelPhaseConsolidate(): from the
  restart's step in its phase), each increment in U and stored; they checkpoint. *stop: a stop signal arrived mid-phase.
  Collective.
*/
PetscErrorCode DioDriveFlowConsolidate(DioDriveFlow d, DioOutput out, Vec U, const PetscInt excavated[], PetscInt p,
                                       PetscBool *stop)
{
  PetscFunctionBegin;
  PetscCall(DioTunnelPhaseConsolidate(d->gw, &d->schedule, p, out, U, d->du, excavated, stop));
  PetscCall(VecSet(d->du, 0.0));
  PetscFunctionReturn(0);
}

/* The log's stress ranges of the final state (its increments all stored), the groundwater's summary keys and the
   drive's (advance rate, standstills). Collective. */
PetscErrorCode DioDriveFlowSummary(DioDriveFlow d, PetscReal advance_rate_m_per_day, DioSummary summary)
{
  PetscFunctionBegin;
  PetscCall(VecSet(d->du, 0.0));
  PetscCall(DioSectionPrintSummary(d->sec, d->du));
  PetscCall(DioSummaryAddReal(summary, "advance_rate_m_per_day", advance_rate_m_per_day));
  PetscCall(DioSummaryAddReal(summary, "standstills", d->schedule.num_standstills));
  PetscCall(DioSectionFlowSummary(d->gw, summary));
  PetscFunctionReturn(0);
}

PetscErrorCode DioDriveFlowDestroy(DioDriveFlow *df)
{
  PetscFunctionBegin;
  if (*df == NULL) PetscFunctionReturn(0);
  PetscCall(DioSectionFlowDestroy(&(*df)->gw));
  PetscCall(DioTunnelScheduleDestroy(&(*df)->schedule));
  PetscCall(VecDestroy(&(*df)->du));
  PetscCall(PetscFree(*df));
  PetscFunctionReturn(0);
}
