/* SPDX-License-Identifier: BSD-2-Clause
   stage_flow.c: coupled consolidation on an imported mesh (-materials_<region>_drainage consolidation, issue 14 on
   issue 17's engine): Biot's Q2 displacement / Q1 excess pore pressure (physics/coupling/dio_biot.h; P2 / P1 on
   triangles, tetrahedra) on the mesh. After the initial-stress stage one coupled step at no change of load takes the
   geostatic state into the coupled model (zero to solver tolerance: logged); from then on every load step of a stage
   is an undrained coupled step (dt = 0) and the stage then consolidates over its duration in
   -stages_<s>_consolidation_steps backward-Euler steps. Face groups are impermeable unless drained, held at a total
   pore pressure (a time function read at each step's end time) or leaky (named_flow_boundaries.c), each switched on
   or off by the stages (off: impermeable; a switch changes the held nodes, so the coupled operators are assembled
   again). Every region
   takes part in the flow: consolidation (or no drainage key) needs porosity and conductivity, drained holds its
   excess pressure at 0, undrained lets no water through (physics/flow/flow_discretization.c). Checkpoints after each
   stage and each consolidation step hold, besides the section's displacement and stored stress, the excess pore
   pressure, the consolidation steps done in the stage and the solver's tolerance reference: a restart on any number of
   ranks continues where the run stopped.
   Regions excavated (or not yet activated) leave the flow: their pressure dofs are held, and the wall they expose (the
   faces between them and the active ground, "Face Sets" DIO_BOUNDARY_FLOW_WALL, beyond the mesh's groups) takes the
   stage's wall condition
   (-stages_<s>_wall_flow ..., named_flow_boundaries.c; by default drained at atmospheric pressure: the tunnel pumps;
   a stage without wall keys keeps the previous stage's). As the built-in section does (section_flow.c), a wall is
   impermeable in the undrained steps of the stage that exposes it (no water moves at dt = 0, and a wall held at once
   would put the first instant's pressure drop on its neighbours as an oscillation) and carries its condition from the
   next consolidation step on. An activated region joins the flow with its own drainage and conductivity, from the
   pore pressure its nodes have (the wall's where it was the wall, the hydrostatic excess 0 inside). */
#include <petsctime.h>
#include "stage_engine.h"
#include "dio_flow.h"
#include "dio_biot.h"
#include "named_flow_boundaries.h"

struct _n_DioStageFlow {
  PetscInt              num_boundaries;
  DioNamedFlowBoundary *boundaries;          /* [num_boundaries] (named_flow_boundaries.c) */
  PetscBool            *on;                  /* [num_boundaries] the stage state the flow has */
  PetscBool             varies;              /* a boundary has a time function: its pressure is set every step */
  const DioStageList   *list;                /* not owned */
  DioNamedFlowBoundary *walls;               /* [num_stages] the exposed wall's condition each stage gives */
  PetscInt             *wall_of;             /* [num_stages] the stage whose wall condition holds in each */
  PetscInt              stage;               /* the stage in progress (its wall condition) */
  PetscInt             *cell_region;         /* [num local cells] */
  PetscBool            *active;              /* [num_layers] the regions the flow is built on */
  PetscBool             has_wall, wall_held; /* a region is out of the flow; its wall carries its condition */
  PetscBool             has_inflow;          /* inflow holds the last consolidation step's */
  PetscReal             inflow;              /* m3/s through the wall into the excavation (2D: per metre) */
  Vec                   p_old, u_zero;       /* the step's start: excess pore pressure, zero displacement */
  PetscReal             time;                /* s: the end of the step solved next (its boundary pressures) */
  PetscInt             *consolidation_steps; /* [num_stages] */
  DioFlow               flow;
  DioBiot               biot;
  Vec                   p; /* excess pore pressure (Pa), flow's global vector */
  /* checkpoint arrays: p's node coordinates; "stage_flow_state" (rank 0): the consolidation steps done in the stage in
     progress (0 after a stage), its time (s) and the coupled solver's tolerance reference */
  Vec      p_coords, state;
  PetscInt checkpoint_steps; /* -checkpoint_consolidation_every: a checkpoint after every this many steps of a stage */
};

/* The pressure element's letter for the log: P (P1 on triangles, tetrahedra) or Q (Q1). */
static const char *PressureElement(const DioSection *sec)
{
  const DMPolytopeType type = sec->imported->regions.cell_type;
  return type == DM_POLYTOPE_TRIANGLE || type == DM_POLYTOPE_TETRAHEDRON ? "P" : "Q";
}

/* The values of "stage_flow_state". */
#define DIO_STAGE_FLOW_NUM_STATE 3

/* The flow keys of the named boundaries and the stages; what the coupled model cannot honour is refused. Collective. */
static PetscErrorCode StageFlowOptions(DioSection *sec, const DioStageList *list, DioStageFlow f)
{
  const DioMeshRegions *rg = &sec->imported->regions;
  char                  key[256];

  PetscFunctionBegin;
  f->num_boundaries = rg->num_boundaries;
  PetscCall(DioNamedFlowBoundariesRead(sec, &f->boundaries));
  PetscCall(PetscCalloc1(rg->num_boundaries + 1, &f->on));
  for (PetscInt b = 0; b < rg->num_boundaries; b++) {
    f->on[b] = list->stage[0].boundary_on[b]; /* the state the flow is set up in, after the initial-stress stage */
    if (f->boundaries[b].time_function) f->varies = PETSC_TRUE;
  }
  PetscOptionsBegin(sec->comm, NULL, "Groundwater on an imported mesh", "stages");
  for (PetscInt s = 0; s < list->num_stages; s++) {
    const DioStage *st        = &list->stage[s];
    f->consolidation_steps[s] = 10;
    PetscCall(PetscSNPrintf(key, sizeof(key), "-stages_%s_consolidation_steps", st->name));
    PetscCall(PetscOptionsInt(key, "Backward-Euler steps of the stage's consolidation over its duration; default 10",
                              "", f->consolidation_steps[s], &f->consolidation_steps[s], NULL));
    PetscCheck(f->consolidation_steps[s] >= 1 && f->consolidation_steps[s] <= 10000, sec->comm, PETSC_ERR_USER_INPUT,
               "%s = %" PetscInt_FMT ": must be in [1, 10000]", key, f->consolidation_steps[s]);
  }
  PetscOptionsEnd();
  PetscCall(PetscCalloc2(list->num_stages, &f->walls, list->num_stages, &f->wall_of));
  PetscCall(PetscCalloc1(list->num_layers + 1, &f->active));
  for (PetscInt s = 0; s < list->num_stages; s++) {
    const DioStage *st = &list->stage[s];
    PetscBool       given;
    PetscCall(DioNamedFlowWallRead(sec, st->name, &f->walls[s], &given));
    f->wall_of[s] = (given || s == 0) ? s : f->wall_of[s - 1];
    if (f->walls[s].time_function) f->varies = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

/* -checkpoint_consolidation_every (a run-control key: a restart may change it). Collective. */
static PetscErrorCode CheckpointOptions(DioSection *sec, DioStageFlow f)
{
  PetscFunctionBegin;
  PetscOptionsBegin(sec->comm, NULL, "Checkpoints within a consolidation on an imported mesh", "checkpoint");
  PetscCall(PetscOptionsInt("-checkpoint_consolidation_every",
                            "Within a stage's consolidation, also a checkpoint after every this many of its steps "
                            "(steps; 0: only after stages, -checkpoint_minutes and stop signals)",
                            "", f->checkpoint_steps, &f->checkpoint_steps, NULL));
  PetscOptionsEnd();
  PetscCheck(f->checkpoint_steps >= 0, sec->comm, PETSC_ERR_USER_INPUT,
             "-checkpoint_consolidation_every = %" PetscInt_FMT ": must be >= 0", f->checkpoint_steps);
  PetscFunctionReturn(0);
}

/*
  DioStageFlowCreate - *flow NULL unless a region is set to consolidation; else its options read and checked (also in
  check mode): quadrilaterals or hexahedra (Q2-Q1), triangles or tetrahedra (P2-P1), -mech_element_order 2, no plane
  stress, elastic regions with their groundwater parameters, -analysis mechanics, a first stage that sets the initial
  stress. Collective.
*/
PetscErrorCode DioStageFlowCreate(DioSection *sec, const DioStageList *list, DioAnalysis analysis, DioStageFlow *flow)
{
  const DioMeshRegions *rg = &sec->imported->regions;
  PetscInt              num_layers;
  const char           *coupled = NULL;

  PetscFunctionBegin;
  *flow = NULL;
  PetscCall(DioMaterialTableGetNumLayers(sec->materials, &num_layers));
  for (PetscInt l = 0; l < num_layers; l++) {
    const DioLayerMaterial *m;
    const DioLayerFlow     *f;
    PetscCall(DioMaterialTableGetLayer(sec->materials, l, &m));
    PetscCall(DioMaterialTableGetFlow(sec->materials, l, &f));
    if (f->drainage == DIO_DRAINAGE_CONSOLIDATION) coupled = m->name;
  }
  if (coupled == NULL) PetscFunctionReturn(0);
  PetscCheck(rg->cell_type == DM_POLYTOPE_QUADRILATERAL || rg->cell_type == DM_POLYTOPE_HEXAHEDRON ||
                 rg->cell_type == DM_POLYTOPE_TRIANGLE || rg->cell_type == DM_POLYTOPE_TETRAHEDRON,
             sec->comm, PETSC_ERR_USER_INPUT,
             "-materials_%s_drainage = consolidation: '%s' has %s cells; coupled flow needs quadrilaterals, "
             "hexahedra, triangles or tetrahedra (the Q2-Q1 or P2-P1 pair)",
             coupled, sec->imported->path, DMPolytopeTypes[rg->cell_type]);
  PetscCheck(sec->opts.order == 2, sec->comm, PETSC_ERR_USER_INPUT,
             "-materials_%s_drainage = consolidation: needs -mech_element_order 2 (Q2 or P2 displacement with Q1 or "
             "P1 pressure)",
             coupled);
  PetscCheck(!sec->imported->plane_stress, sec->comm, PETSC_ERR_USER_INPUT,
             "-materials_%s_drainage = consolidation: not with -mech_plane_stress (plane strain or 3D)", coupled);
  PetscCheck(analysis == DIO_ANALYSIS_MECHANICS, sec->comm, PETSC_ERR_USER_INPUT,
             "-materials_%s_drainage = consolidation: only with -analysis mechanics (here %s)", coupled,
             DioAnalyses[analysis]);
  PetscCheck(list->stage[0].initial != DIO_STAGE_INITIAL_NONE, sec->comm, PETSC_ERR_USER_INPUT,
             "-materials_%s_drainage = consolidation: the first stage must set the initial stress "
             "(-stages_<name>_initial_stress gravity, k0 or components)",
             coupled);
  for (PetscInt l = 0; l < num_layers; l++) {
    const DioLayerMaterial *m;
    const DioLayerFlow     *f;
    PetscCall(DioMaterialTableGetLayer(sec->materials, l, &m));
    PetscCall(DioMaterialTableGetFlow(sec->materials, l, &f));
    PetscCheck(m->constitutive == DIO_MODEL_ELASTIC, sec->comm, PETSC_ERR_USER_INPUT,
               "-materials_%s_constitutive = %s: a consolidation run takes elastic regions only", m->name,
               DioConstitutiveModels[m->constitutive]);
    if (f->drainage == DIO_DRAINAGE_DEFAULT || f->drainage == DIO_DRAINAGE_CONSOLIDATION)
      PetscCall(DioFlowCheckLayer(sec->comm, sec->materials, l));
  }
  PetscCall(DioBiotCheckOptions(sec->comm));
  PetscCall(PetscNew(flow));
  PetscCall(PetscMalloc1(list->num_stages, &(*flow)->consolidation_steps));
  (*flow)->list = list;
  PetscCall(StageFlowOptions(sec, list, *flow));
  PetscCall(CheckpointOptions(sec, *flow));
  PetscFunctionReturn(0);
}

/* The named boundaries as the stage has them and the exposed wall, on the flow at f->time. Not collective. */
static PetscErrorCode SetBoundaries(DioStageFlow f)
{
  PetscFunctionBegin;
  PetscCall(DioNamedFlowBoundariesSet(f->flow, f->num_boundaries, f->boundaries, f->on, f->time));
  if (f->has_wall) PetscCall(DioNamedFlowWallSet(f->flow, &f->walls[f->wall_of[f->stage]], f->wall_held, f->time));
  PetscFunctionReturn(0);
}

/* The flow on the regions f->active (the others held, their wall labelled), its boundaries, and a fresh coupling that
   keeps the solver's tolerance reference; *num_faces: the wall's faces over all ranks. Collective. */
static PetscErrorCode BuildFlow(DioSection *sec, DioStageFlow f, PetscInt *num_faces)
{
  const PetscInt n         = sec->topology.num_cells;
  PetscReal      reference = 0;

  PetscFunctionBegin;
  *num_faces = 0;
  if (f->biot) PetscCall(DioBiotGetReference(f->biot, &reference));
  PetscCall(DioBiotDestroy(&f->biot));
  PetscCall(DioFlowDestroy(&f->flow));
  PetscCall(DioFlowCreate(sec->dm, sec->materials, sec->opts.loads.water_density, &f->flow));
  f->has_wall = PETSC_FALSE;
  for (PetscInt l = 0; l < f->list->num_layers; l++)
    if (!f->active[l]) f->has_wall = PETSC_TRUE;
  if (f->has_wall) {
    PetscBool *active;
    PetscInt  *removed;
    PetscCall(PetscMalloc2(n + 1, &active, n + 1, &removed));
    for (PetscInt c = 0; c < n; c++) {
      active[c]  = f->active[f->cell_region[c]];
      removed[c] = !active[c];
    }
    PetscCall(DioSectionLabelRemovedBoundary(sec, removed, DIO_BOUNDARY_FLOW_WALL, PETSC_MAX_REAL, num_faces));
    PetscCall(DioFlowSetActiveCells(f->flow, active));
    PetscCall(PetscFree2(active, removed));
  }
  PetscCall(SetBoundaries(f));
  PetscCall(DioFlowSetUp(f->flow));
  PetscCall(DioBiotCreate(sec->elas, f->flow, &f->biot));
  if (reference > 0) PetscCall(DioBiotSetReference(f->biot, reference));
  PetscFunctionReturn(0);
}

/* The Biot step of length dt (s) from u = 0, its boundary pressures at its end time f->time, with the solver counts
   and a progress line. Collective. */
static PetscErrorCode Step(DioSection *sec, DioStageFlow f, PetscReal dt, Vec u, const char what[])
{
  DioBiotStepInfo info;
  PetscLogDouble  t0, t1;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  if (f->varies) {
    PetscCall(SetBoundaries(f));
    PetscCall(DioFlowUpdateBoundaries(f->flow)); /* the same held nodes: the operators stay */
  }
  PetscCall(VecSet(u, 0.0));
  PetscCall(DioBiotStep(f->biot, dt, u, f->p, &info));
  sec->total_iterations += info.iterations; /* the summary's solver counts */
  sec->num_solves++;
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(sec, DIO_LOG_VERBOSE, "            %s: KSP %" PetscInt_FMT " its, %.2f s\n", what,
                          info.iterations, t1 - t0));
  PetscFunctionReturn(0);
}

/* The flow on the section's mesh (the regions f->active), the coupling, and the arrays the checkpoints add; *num_p
   pressure dofs. Collective. */
static PetscErrorCode Build(DioSection *sec, DioStageFlow f, PetscInt *num_p)
{
  PetscInt num_faces;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(sec->topology.num_cells + 1, &f->cell_region));
  PetscCall(DioSectionCellLabelValues(sec, DIO_LABEL_LAYER, f->cell_region));
  PetscCall(BuildFlow(sec, f, &num_faces));
  PetscCall(DioFlowCreateGlobalVector(f->flow, &f->p));
  PetscCall(VecDuplicate(f->p, &f->p_old));
  PetscCall(DioFlowGetNumDofs(f->flow, num_p));
  sec->num_dofs += *num_p;
  PetscCall(DioFlowCreateNodeCoordinates(f->flow, &f->p_coords));
  PetscCall(DioSectionCheckpointAddArray(sec, "pressure_node_coordinates", f->p_coords));
  PetscCall(DioSectionCheckpointAddArray(sec, "excess_pore_pressure", f->p));
  PetscCall(DioSectionCheckpointValuesCreate(sec, "stage_flow_state", DIO_STAGE_FLOW_NUM_STATE, &f->state));
  PetscFunctionReturn(0);
}

/* The state a checkpoint written now holds besides the fields: `done` consolidation steps of the stage in progress at
   `time` (s), and the solver's reference. Not collective. */
static PetscErrorCode StoreState(DioStageFlow f, PetscInt done, PetscReal time)
{
  PetscReal values[DIO_STAGE_FLOW_NUM_STATE];

  PetscFunctionBegin;
  values[0] = (PetscReal)done;
  values[1] = time;
  PetscCall(DioBiotGetReference(f->biot, &values[2]));
  PetscCall(DioSectionCheckpointValuesStore(f->state, DIO_STAGE_FLOW_NUM_STATE, values));
  PetscFunctionReturn(0);
}

/*
  DioStageFlowSetUp - after the initial-stress stage (its stress stored): the flow on the section's mesh, the coupling,
  and one coupled step at no change of load from the geostatic state, its (vanishing) displacement added to U and
  stored as a stage's; logged. Collective.
*/
PetscErrorCode DioStageFlowSetUp(DioSection *sec, DioStageFlow f, Vec U)
{
  Vec       u;
  PetscInt  num_p;
  PetscReal u_max, p_max;

  PetscFunctionBegin;
  if (f == NULL) PetscFunctionReturn(0);
  f->stage = 0;
  PetscCall(PetscArraycpy(f->active, f->list->stage[0].region_active, f->list->num_layers));
  PetscCall(Build(sec, f, &num_p));
  PetscCall(VecDuplicate(U, &u));
  PetscCall(Step(sec, f, 0.0, u, "the geostatic state in the coupled model"));
  PetscCall(VecNorm(u, NORM_INFINITY, &u_max));
  PetscCall(VecNorm(f->p, NORM_INFINITY, &p_max));
  PetscCall(VecAXPY(U, 1.0, u));
  PetscCall(DioElasticityStoreInitialStress(sec->elas, u));
  PetscCall(VecDestroy(&u));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[flow]      Biot consolidation: %" PetscInt_FMT
                          " pore-pressure dofs (%s1); the geostatic state in the coupled model: |u| %.2e m, "
                          "|p_excess| %.2e Pa\n",
                          num_p, PressureElement(sec), (double)u_max, (double)p_max));
  PetscFunctionReturn(0);
}

/* Stage s's regions on the flow, if they changed: the flow rebuilt on them (the pressure kept: the same layout), the
   wall they expose impermeable until the stage's consolidation; logged. *changed: they did. Collective. */
static PetscErrorCode BeginRegions(DioSection *sec, DioStageFlow f, PetscInt s, PetscBool *changed)
{
  const DioStage *st = &f->list->stage[s];
  PetscInt        num_faces, num_p;

  PetscFunctionBegin;
  *changed = PETSC_FALSE;
  for (PetscInt l = 0; l < f->list->num_layers; l++)
    if (st->region_active[l] != f->active[l]) *changed = PETSC_TRUE;
  if (!*changed) PetscFunctionReturn(0);
  PetscCall(PetscArraycpy(f->active, st->region_active, f->list->num_layers));
  f->wall_held = PETSC_FALSE;
  PetscCall(BuildFlow(sec, f, &num_faces));
  PetscCall(DioFlowGetNumDofs(f->flow, &num_p));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[flow]      stage '%s' changes the regions of the flow: its wall (%" PetscInt_FMT
                          " faces) impermeable in the undrained steps, then %s\n",
                          st->name, num_faces, DioFaceFlows[f->walls[f->wall_of[s]].kind]));
  PetscFunctionReturn(0);
}

/*
  DioStageFlowBeginStage - before stage s's load steps (s > 0, the flow set up): its regions (excavated ones leave the
  flow, activated ones join it: the flow rebuilt), the flow conditions its boundaries switch (-stages_<s>_apply /
  _remove: off is impermeable), its wall condition, and the clock at the stage's start. Collective.
*/
PetscErrorCode DioStageFlowBeginStage(DioSection *sec, DioStageFlow f, const DioStageList *list, PetscInt s)
{
  PetscBool changed = PETSC_FALSE, rebuilt;

  PetscFunctionBegin;
  if (f == NULL || f->biot == NULL || s == 0) PetscFunctionReturn(0);
  f->time = list->stage[s - 1].time_end;
  if (f->has_wall && f->wall_held && f->wall_of[s] != f->wall_of[f->stage]) changed = PETSC_TRUE; /* a new wall kind */
  f->stage = s;
  for (PetscInt b = 0; b < f->num_boundaries; b++) {
    const DioNamedFlowBoundary *nb = &f->boundaries[b];
    if (list->stage[s].boundary_on[b] == f->on[b]) continue;
    f->on[b] = list->stage[s].boundary_on[b];
    if (nb->kind == DIO_FACE_FLOW_IMPERMEABLE) continue;
    changed = PETSC_TRUE;
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[flow]      boundary '%s' %s from stage '%s' on\n",
                            sec->imported->regions.boundary_names[b], f->on[b] ? DioFaceFlows[nb->kind] : "impermeable",
                            list->stage[s].name));
  }
  PetscCall(BeginRegions(sec, f, s, &rebuilt)); /* the boundaries as switched above */
  if (rebuilt || (!changed && !f->varies)) PetscFunctionReturn(0);
  PetscCall(SetBoundaries(f));
  PetscCall(DioFlowUpdateBoundaries(f->flow));
  if (changed) PetscCall(DioBiotSetOperatorsChanged(f->biot));
  PetscFunctionReturn(0);
}

/* The water a consolidation step of length dt (s; u its displacement, f->p_old the pressure at its start) lets
   through the wall into the excavation, where the wall alone drains it: a drained wall, or a leaky one when no named
   boundary is leaky (the leaky faces' outflow is summed over every leaky boundary). Collective. */
static PetscErrorCode WallInflow(DioSection *sec, DioStageFlow f, PetscReal dt, Vec u)
{
  const DioFaceFlow kind  = f->walls[f->wall_of[f->stage]].kind;
  PetscBool         other = PETSC_FALSE;

  PetscFunctionBegin;
  for (PetscInt b = 0; b < f->num_boundaries; b++)
    if (f->on[b] && f->boundaries[b].kind == DIO_FACE_FLOW_LEAKY) other = PETSC_TRUE;
  f->has_inflow = (PetscBool)(f->has_wall && f->wall_held &&
                              (kind == DIO_FACE_FLOW_DRAINED || (kind == DIO_FACE_FLOW_LEAKY && !other)));
  if (!f->has_inflow) PetscFunctionReturn(0);
  if (f->u_zero == NULL) PetscCall(VecDuplicate(u, &f->u_zero));
  PetscCall(
      DioBiotBoundaryInflow(sec->elas, f->flow, DIO_BOUNDARY_FLOW_WALL, dt, f->u_zero, u, f->p_old, f->p, &f->inflow));
  PetscFunctionReturn(0);
}

/* The exposed wall carries its condition from the first consolidation step after its stage's undrained steps. */
static PetscErrorCode HoldWall(DioSection *sec, DioStageFlow f)
{
  PetscFunctionBegin;
  if (!f->has_wall || f->wall_held) PetscFunctionReturn(0);
  f->wall_held = PETSC_TRUE;
  PetscCall(SetBoundaries(f));
  PetscCall(DioFlowUpdateBoundaries(f->flow));
  PetscCall(DioBiotSetOperatorsChanged(f->biot));
  PetscCall(DioSectionLog(sec, DIO_LOG_VERBOSE, "            the exposed wall %s from now on\n",
                          DioFaceFlows[f->walls[f->wall_of[f->stage]].kind]));
  PetscFunctionReturn(0);
}

/* has[b]: boundary b carries a flow condition a stage may switch (not impermeable). */
PetscErrorCode DioStageFlowGetSwitchable(DioStageFlow f, PetscBool has[])
{
  PetscFunctionBegin;
  for (PetscInt b = 0; f && b < f->num_boundaries; b++)
    if (f->boundaries[b].kind != DIO_FACE_FLOW_IMPERMEABLE) has[b] = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* A load step of a stage: the undrained coupled response (dt = 0), its displacement increment in u. Collective. */
PetscErrorCode DioStageFlowSolve(DioSection *sec, DioStageFlow f, Vec u, PetscInt step, PetscInt num_steps,
                                 const char what[])
{
  PetscFunctionBegin;
  PetscCall(Step(sec, f, 0.0, u, what));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[step %3" PetscInt_FMT "/%" PetscInt_FMT "] %s, undrained\n", step,
                          num_steps, what));
  PetscFunctionReturn(0);
}

/*
  DioStageFlowConsolidate - after stage s's load steps (or, restarted within the stage, after its first `done`
  consolidation steps): the rest of its duration in consolidation steps, each added to U and stored. After each step
  but the last, a checkpoint when due (-checkpoint_consolidation_every steps of the stage; -checkpoint_minutes; a stop
  signal, which sets *stop and ends the stage there); checkpoint_path NULL: none. Collective.
*/
PetscErrorCode DioStageFlowConsolidate(DioSection *sec, DioStageFlow f, const DioStage *st, PetscInt s, PetscInt done,
                                       Vec U, Vec u, const char checkpoint_path[], PetscBool *stop)
{
  const PetscInt  steps = f ? f->consolidation_steps[s] : 0;
  const PetscReal dt    = f ? st->duration / (PetscReal)steps : 0;
  char            what[160];

  PetscFunctionBegin;
  *stop = PETSC_FALSE;
  if (f == NULL || st->duration <= 0) PetscFunctionReturn(0);
  PetscCall(HoldWall(sec, f));
  for (PetscInt k = done + 1; k <= steps && !*stop; k++) {
    const PetscReal time = st->time_end - st->duration + (PetscReal)k * dt;
    f->time              = time;
    PetscCall(VecCopy(f->p, f->p_old));
    PetscCall(Step(sec, f, dt, u, "consolidation"));
    PetscCall(WallInflow(sec, f, dt, u));
    PetscCall(VecAXPY(U, 1.0, u));
    PetscCall(DioElasticityStoreInitialStress(sec->elas, u));
    if (k == steps || checkpoint_path == NULL) continue; /* the stage's end: the engine's checkpoint */
    PetscCall(StoreState(f, k, time));
    PetscCall(PetscSNPrintf(what, sizeof(what),
                            "consolidation step %" PetscInt_FMT "/%" PetscInt_FMT " of stage %s (t = %g s)", k, steps,
                            st->name, (double)time));
    PetscCall(DioSectionCheckpointPoint(sec, k, f->checkpoint_steps, checkpoint_path, s, what, U, stop));
  }
  if (*stop) PetscFunctionReturn(0);
  if (f->has_inflow)
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                            "            consolidated %g s in %" PetscInt_FMT
                            " steps (t = %g s), inflow %.4g m3/day%s\n",
                            (double)st->duration, steps, (double)st->time_end, (double)(f->inflow * 86400.0),
                            sec->dim == 2 ? " per m" : ""));
  else
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                            "            consolidated %g s in %" PetscInt_FMT " steps (t = %g s)\n",
                            (double)st->duration, steps, (double)st->time_end));
  PetscFunctionReturn(0);
}

/* Before the checkpoint after a stage ending at `time` (s): no consolidation step of a stage in progress. */
PetscErrorCode DioStageFlowStageDone(DioStageFlow f, PetscReal time)
{
  PetscFunctionBegin;
  if (f == NULL) PetscFunctionReturn(0);
  PetscCall(StoreState(f, 0, time));
  PetscFunctionReturn(0);
}

/*
  DioStageFlowRestart - with -restart, after the stages before the checkpoint's are set and its displacement and stress
  read (DioSectionCheckpointRead(), which needs no flow): the flow built, its excess pore pressure (nodes matched by
  coordinates, on any number of ranks) and the solver's reference read; *done: the consolidation steps done in the
  stage in progress (0: the checkpoint is after a stage); logged. Collective.
*/
PetscErrorCode DioStageFlowRestart(DioSection *sec, DioStageFlow f, const char path[], PetscInt first_stage,
                                   PetscInt *done)
{
  PetscInt  num_p, last = PetscMax(first_stage - 1, 0), exposed = 0;
  PetscReal values[DIO_STAGE_FLOW_NUM_STATE];

  PetscFunctionBegin;
  *done = 0;
  if (f == NULL) PetscFunctionReturn(0);
  /* the regions of the last stage done; its wall held if a consolidation followed the last change of the regions (the
     stage in progress changes them again if it does: DioStageFlowBeginStage()) */
  f->stage = last;
  PetscCall(PetscArraycpy(f->active, f->list->stage[last].region_active, f->list->num_layers));
  for (PetscInt s = 1; s <= last; s++)
    for (PetscInt l = 0; l < f->list->num_layers; l++)
      if (f->list->stage[s].region_active[l] != f->list->stage[s - 1].region_active[l]) exposed = s;
  for (PetscInt s = PetscMax(exposed, 1); s <= last; s++)
    if (f->list->stage[s].duration > 0) f->wall_held = PETSC_TRUE;
  PetscCall(Build(sec, f, &num_p));
  PetscCall(DioSectionCheckpointReadNodeArray(sec, path, "pressure_node_coordinates", "excess_pore_pressure",
                                              f->p_coords, 1, f->p));
  PetscCall(DioSectionCheckpointValuesLoad(sec, path, "stage_flow_state", DIO_STAGE_FLOW_NUM_STATE, values));
  PetscCall(DioBiotSetReference(f->biot, values[2]));
  PetscCall(DioSectionCheckpointValuesStore(f->state, DIO_STAGE_FLOW_NUM_STATE, values));
  *done = (PetscInt)values[0];
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[flow]      Biot consolidation: %" PetscInt_FMT
                          " pore-pressure dofs (%s1); restarted at t = %g s%s\n",
                          num_p, PressureElement(sec), (double)values[1],
                          *done ? ", within a stage's consolidation" : ""));
  PetscFunctionReturn(0);
}

/* The output step's "excess_pore_pressure" (vertex, Pa; zero before the flow is set up). Collective. */
PetscErrorCode DioStageFlowWriteFields(DioSection *sec, DioStageFlow f, DioStageExcess excess, DioOutput out)
{
  const DioMeshTopology *topo = &sec->topology;
  PetscReal             *values;

  PetscFunctionBegin;
  if (f == NULL) PetscFunctionReturn(0);
  PetscCall(PetscCalloc1(topo->num_vertices + 1, &values));
  if (f->p) PetscCall(DioFlowGetVertexValues(f->flow, f->p, topo->num_vertices, topo->vertex_points, values));
  PetscCall(DioStageExcessWrite(sec, excess, out, DIO_OUTPUT_VERTEX, topo->num_vertices, values));
  PetscCall(PetscFree(values));
  PetscFunctionReturn(0);
}

/* The summary's inflow through the excavation's wall at the last consolidation step (where WallInflow() gives it). */
PetscErrorCode DioStageFlowAddSummary(DioSection *sec, DioStageFlow f, DioSummary summary)
{
  PetscFunctionBegin;
  if (f == NULL || !f->has_inflow) PetscFunctionReturn(0);
  if (sec->dim == 2) {
    PetscCall(DioSummaryAddReal(summary, "tunnel_inflow_m3_per_s_per_m", f->inflow));
    PetscCall(DioSummaryAddReal(summary, "tunnel_inflow_m3_per_day_per_m", f->inflow * 86400.0));
  } else {
    PetscCall(DioSummaryAddReal(summary, "tunnel_inflow_total_m3_per_s", f->inflow));
    PetscCall(DioSummaryAddReal(summary, "tunnel_inflow_total_m3_per_day", f->inflow * 86400.0));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioStageFlowDestroy(DioStageFlow *flow)
{
  PetscFunctionBegin;
  if (*flow == NULL) PetscFunctionReturn(0);
  PetscCall(VecDestroy(&(*flow)->p));
  PetscCall(VecDestroy(&(*flow)->p_old));
  PetscCall(VecDestroy(&(*flow)->u_zero));
  PetscCall(VecDestroy(&(*flow)->p_coords));
  PetscCall(VecDestroy(&(*flow)->state));
  PetscCall(DioBiotDestroy(&(*flow)->biot));
  PetscCall(DioFlowDestroy(&(*flow)->flow));
  PetscCall(PetscFree((*flow)->consolidation_steps));
  PetscCall(DioNamedFlowBoundariesDestroy((*flow)->num_boundaries, &(*flow)->boundaries));
  for (PetscInt s = 0; (*flow)->walls && s < (*flow)->list->num_stages; s++)
    PetscCall(DioTimeFunctionDestroy(&(*flow)->walls[s].time_function));
  PetscCall(PetscFree2((*flow)->walls, (*flow)->wall_of));
  PetscCall(PetscFree((*flow)->active));
  PetscCall(PetscFree((*flow)->cell_region));
  PetscCall(PetscFree((*flow)->on));
  PetscCall(PetscFree(*flow));
  PetscFunctionReturn(0);
}
