/* SPDX-License-Identifier: BSD-2-Clause
   drive_flow.c: groundwater in the longitudinal drive (issue 14, -problem longitudinal_drive -flow_model
   consolidation): the transverse section's Biot consolidation (section_flow.c: Q2 displacement, Q1 excess pore
   pressure, the field-split solver) with the excavation staged in time, as in the 3D segment. Each stage's strip is
   replaced by the smeared lining and responds undrained at the stage's start, then consolidates for the stage's
   duration (its advance over -tunnel_advance_rate) in -consolidation_stage_steps steps; -tunnel_standstill_after_stage
   stops the drive there for -tunnel_standstill_duration; after the drive the standstill lasts -consolidation_time_end.
   The stage loop is drive.c's.

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
  DioSection    *sec; /* borrowed */
  DioSectionFlow gw;
  PetscInt       stage_steps;      /* -consolidation_stage_steps */
  PetscInt       standstill_after; /* -tunnel_standstill_after_stage: 0 none */
  PetscReal      standstill;       /* -tunnel_standstill_duration (s) */
  Vec            du;               /* a step's displacement increment */
  PetscInt       step;             /* the next output step */
  PetscReal      time;             /* s since the drive's start: stages and standstills */
};

/* The drive's own keys of the coupled run, read whatever the flow model (an unused key would be refused). */
static PetscErrorCode DriveFlowOptions(MPI_Comm comm, DioDriveFlow d, PetscInt num_stages)
{
  PetscFunctionBegin;
  d->stage_steps = 3;
  PetscOptionsBegin(comm, NULL, "Groundwater in the longitudinal drive", "flow");
  PetscCall(PetscOptionsInt("-consolidation_stage_steps",
                            "-flow_model consolidation: time steps of the consolidation over each stage's duration, "
                            "stage length / advance rate (default 3)",
                            "", d->stage_steps, &d->stage_steps, NULL));
  PetscCall(PetscOptionsInt("-tunnel_standstill_after_stage",
                            "-flow_model consolidation: the drive stands still after this stage (1 .. stages - 1; "
                            "default 0: no standstill during the drive)",
                            "", d->standstill_after, &d->standstill_after, NULL));
  PetscCall(PetscOptionsReal("-tunnel_standstill_duration",
                             "Duration of that standstill (s; 86400 s = 1 day), in -consolidation_steps steps", "",
                             d->standstill, &d->standstill, NULL));
  PetscOptionsEnd();
  PetscCheck(d->stage_steps >= 1 && d->stage_steps <= 1000, comm, PETSC_ERR_USER_INPUT,
             "-consolidation_stage_steps = %" PetscInt_FMT ": must be in [1, 1000]", d->stage_steps);
  PetscCheck(d->standstill_after >= 0 && d->standstill_after < PetscMax(num_stages, 1), comm, PETSC_ERR_USER_INPUT,
             "-tunnel_standstill_after_stage = %" PetscInt_FMT ": must be in [0, %" PetscInt_FMT
             "] (0: none; a standstill after the last stage is -consolidation_time_end)",
             d->standstill_after, num_stages - 1);
  PetscCheck(d->standstill_after == 0 || d->standstill > 0, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_standstill_after_stage %" PetscInt_FMT " needs -tunnel_standstill_duration > 0 s (got %g)",
             d->standstill_after, (double)d->standstill);
  PetscFunctionReturn(0);
}

/* The coupled drive writes no checkpoint (they would lack the pore pressure): refuses -restart and an explicit
   -checkpoint_every or -checkpoint_minutes, and turns the default checkpoints off. Collective. */
static PetscErrorCode DriveFlowCheckpointsOff(DioSection *sec, PetscBool restart, PetscInt *every)
{
  PetscBool every_set;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasName(NULL, NULL, "-checkpoint_every", &every_set));
  PetscCheck(!restart, sec->comm, PETSC_ERR_USER_INPUT,
             "-restart: longitudinal_drive with -flow_model consolidation cannot restart (no checkpoint holds its pore "
             "pressure)");
  PetscCheck(!(every_set && *every > 0) && sec->checkpoint_minutes == 0, sec->comm, PETSC_ERR_USER_INPUT,
             "-checkpoint_every, -checkpoint_minutes: longitudinal_drive with -flow_model consolidation writes no "
             "checkpoint (they would lack the pore pressure)");
  *every = 0;
  PetscFunctionReturn(0);
}

/*
  DioDriveFlowCreate - the groundwater of the drive (*df NULL with -flow_model none, where a standstill during the drive
  is refused: the drained drive does not depend on time): the section's flow options over every layer of the profile,
  the drive's own, the checkpoints turned off (*every = 0; -restart refused). The wall is watertight by default; another
  is refused. After DioSectionCheckpointOptions(); in a check pass too. Collective.
*/
PetscErrorCode DioDriveFlowCreate(DioSection *sec, PetscReal diameter_m, PetscReal lining_thickness_m,
                                  PetscInt num_stages, PetscBool restart, PetscInt *every, DioDriveFlow *df)
{
  DioDriveFlow  d;
  DioLayerStack stack;
  PetscBool     watertight, wall_set, coupled;
  char          model[64] = "";

  PetscFunctionBegin;
  *df = NULL;
  PetscCall(PetscNew(&d));
  PetscCall(DriveFlowOptions(sec->comm, d, num_stages));
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
  if (d->gw == NULL) {
    PetscCheck(d->standstill_after == 0, sec->comm, PETSC_ERR_USER_INPUT,
               "-tunnel_standstill_after_stage %" PetscInt_FMT ": only with -flow_model consolidation (the drained "
               "drive does not depend on time)",
               d->standstill_after);
    PetscCall(PetscFree(d));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscStrcmp(DioSectionFlowWallName(d->gw), "watertight", &watertight));
  PetscCheck(watertight, sec->comm, PETSC_ERR_USER_INPUT,
             "-flow_tunnel_wall %s: longitudinal_drive takes watertight only (its strip is a slab of infinite width: a "
             "drained or leaky one would drain the whole cover, not a tunnel; use transverse_section or tbm_segment)",
             DioSectionFlowWallName(d->gw));
  PetscCall(DriveFlowCheckpointsOff(sec, restart, every));
  d->sec = sec;
  *df    = d;
  PetscFunctionReturn(0);
}

/* Output steps of the coupled drive: the initial state, each stage's undrained instant and consolidation, the
   standstills. */
PetscInt DioDriveFlowNumOutputSteps(DioDriveFlow d, PetscInt num_stages)
{
  return 1 + num_stages * (1 + d->stage_steps) + (d->standstill_after > 0 ? 2 : 1) * DioSectionFlowNumSteps(d->gw);
}

/*
  DioDriveFlowSetUp - after the geostatic state (stored as initial stress): the flow of the intact ground, the coupled
  model's initial state (DioSectionFlowSetUp(): added to U) written as output step 0, the surface the settlement is
  taken on (surface[num_surface], borrowed). excavated: > 0 on the replaced cells (borrowed, updated by the caller).
  Collective.
*/
PetscErrorCode DioDriveFlowSetUp(DioDriveFlow d, DioOutput out, const PetscInt excavated[], PetscInt num_surface,
                                 const PetscInt surface[], Vec U)
{
  PetscFunctionBegin;
  PetscCall(DioSectionFlowSetWallVertices(d->gw, 0, NULL));
  PetscCall(DioSectionFlowSetSurface(d->gw, num_surface, surface));
  PetscCall(DioSectionFlowSetUp(d->gw, excavated, excavated, U));
  PetscCall(VecDuplicate(U, &d->du));
  PetscCall(VecSet(d->du, 0.0));
  PetscCall(DioOutputSetMetadata(out, "time_axis",
                                 "s since the drive's start: each stage's undrained response at its start, its "
                                 "consolidation steps, the standstills"));
  PetscCall(DioSectionFlowOutputStep(d->gw, out, U, d->du, 0, 0.0, 0.0, 0.0, excavated));
  d->step = 1;
  PetscFunctionReturn(0);
}

/* The cells of replace[] get the lining and the stored stress D_lining eps(U); every other cell keeps its own. */
static PetscErrorCode ReplaceStrip(DioDriveFlow d, const PetscBool replace[], Vec U)
{
  DioSection *sec = d->sec;
  PetscInt    nq, num_cells;
  PetscReal  *stress, *kept;

  PetscFunctionBegin;
  PetscCall(DioElasticityReplaceCells(sec->elas, replace, sec->extra_layer));
  PetscCall(DioElasticityGetNumCells(sec->elas, &num_cells));
  PetscCall(DioElasticityGetInitialStress(sec->elas, &nq, &stress));
  PetscCall(PetscMalloc1((size_t)num_cells * nq * 6 + 1, &kept));
  PetscCall(PetscArraycpy(kept, stress, (size_t)num_cells * nq * 6));
  PetscCall(DioElasticityStoreInitialStress(sec->elas, U));
  PetscCall(DioElasticityGetInitialStress(sec->elas, &nq, &stress));
  for (PetscInt c = 0; c < num_cells; c++)
    if (!replace[c]) PetscCall(PetscArraycpy(&stress[(size_t)c * nq * 6], &kept[(size_t)c * nq * 6], nq * 6));
  PetscCall(PetscFree(kept));
  PetscFunctionReturn(0);
}

/*
  DioDriveFlowStageUndrained - stage k (0-based) of num_stages: the cells of replace[] (marked in excavated[] already)
  replaced, the wall relabelled around the strip, the undrained response (dt = 0) at the stage's start added to U and
  stored, and written as the next output step. *step, *time: that step and its time (s). Collective.
*/
PetscErrorCode DioDriveFlowStageUndrained(DioDriveFlow d, DioOutput out, Vec U, const PetscBool replace[],
                                          const PetscInt excavated[], PetscInt k, PetscInt num_stages,
                                          const char what[], PetscInt *step, PetscReal *time)
{
  DioSection *sec = d->sec;
  PetscInt    num_faces, num_wall, *wall;

  PetscFunctionBegin;
  PetscCall(ReplaceStrip(d, replace, U));
  PetscCall(DioSectionLabelRemovedBoundary(sec, excavated, DIO_BOUNDARY_TUNNEL_WALL, PETSC_MAX_REAL, &num_faces));
  PetscCall(DioSectionBoundaryVertices(sec, DIO_BOUNDARY_TUNNEL_WALL, &num_wall, &wall));
  PetscCall(DioSectionFlowSetWallVertices(d->gw, num_wall, wall));
  PetscCall(PetscFree(wall));
  PetscCall(DioSectionFlowSolveStage(d->gw, NULL, PETSC_TRUE, d->du, k + 1, num_stages, what));
  PetscCall(VecAXPY(U, 1.0, d->du));
  PetscCall(DioSectionFlowOutputStep(d->gw, out, U, d->du, d->step, d->time, d->time, 0.0, excavated));
  PetscCall(DioElasticityStoreInitialStress(sec->elas, d->du));
  *step = d->step++;
  *time = d->time;
  PetscFunctionReturn(0);
}

/*
  DioDriveFlowConsolidate - the consolidation after stage `stage` (1-based) for `duration` (s) in `steps` steps
  (-consolidation_stage_steps); with stage = -tunnel_standstill_after_stage the standstill follows, and with stage 0
  the standstill after the drive (-consolidation_time_end, -consolidation_steps). Every increment is in U and stored.
  *step, *time: the last output step and its time (s); *stop: a stop signal arrived. Collective.
*/
PetscErrorCode DioDriveFlowConsolidate(DioDriveFlow d, DioOutput out, Vec U, const PetscInt excavated[], PetscInt stage,
                                       PetscReal duration, PetscInt *step, PetscReal *time, PetscBool *stop)
{
  const PetscInt n_end = DioSectionFlowNumSteps(d->gw);

  PetscFunctionBegin;
  if (stage > 0) {
    PetscCall(DioSectionFlowConsolidateStage(d->gw, out, U, d->du, d->step, d->time, duration, d->stage_steps,
                                             excavated, stop));
    d->step += d->stage_steps;
    d->time += duration;
  }
  if (!*stop && (stage == 0 || stage == d->standstill_after)) {
    const PetscReal standstill = stage == 0 ? DioSectionFlowTimeEnd(d->gw) : d->standstill;
    PetscCall(
        DioSectionLog(d->sec, DIO_LOG_NORMAL, "[tunnel]    standstill of %.4g days\n", (double)(standstill / 86400.0)));
    PetscCall(
        DioSectionFlowConsolidateStage(d->gw, out, U, d->du, d->step, d->time, standstill, n_end, excavated, stop));
    d->step += n_end;
    d->time += standstill;
  }
  PetscCall(VecSet(d->du, 0.0));
  *step = d->step - 1;
  *time = d->time;
  PetscFunctionReturn(0);
}

/* The log's stress ranges of the final state (its increments all stored), the groundwater's summary keys and the
   drive's (advance rate, standstill). Collective. */
PetscErrorCode DioDriveFlowSummary(DioDriveFlow d, PetscReal advance_rate_m_per_day, DioSummary summary)
{
  PetscFunctionBegin;
  PetscCall(VecSet(d->du, 0.0));
  PetscCall(DioSectionPrintSummary(d->sec, d->du));
  PetscCall(DioSummaryAddReal(summary, "advance_rate_m_per_day", advance_rate_m_per_day));
  if (d->standstill_after > 0) {
    PetscCall(DioSummaryAddReal(summary, "standstill_after_stage", d->standstill_after));
    PetscCall(DioSummaryAddReal(summary, "standstill_duration_s", d->standstill));
  }
  PetscCall(DioSectionFlowSummary(d->gw, summary));
  PetscFunctionReturn(0);
}

PetscErrorCode DioDriveFlowDestroy(DioDriveFlow *df)
{
  PetscFunctionBegin;
  if (*df == NULL) PetscFunctionReturn(0);
  PetscCall(DioSectionFlowDestroy(&(*df)->gw));
  PetscCall(VecDestroy(&(*df)->du));
  PetscCall(PetscFree(*df));
  PetscFunctionReturn(0);
}
