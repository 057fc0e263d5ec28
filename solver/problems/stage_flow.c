/* SPDX-License-Identifier: BSD-2-Clause
   stage_flow.c: coupled consolidation on an imported mesh (-materials_<region>_drainage consolidation, issue 14 on
   issue 17's engine): Biot's Q2 displacement / Q1 excess pore pressure (physics/coupling/dio_biot.h) on the mesh's
   quadrilaterals or hexahedra. After the initial-stress stage one coupled step at no change of load takes the
   geostatic state into the coupled model (zero to solver tolerance: logged); from then on every load step of a stage
   is an undrained coupled step (dt = 0) and the stage then consolidates over its duration in
   -stages_<s>_consolidation_steps backward-Euler steps. Face groups are impermeable unless drained, held at a total
   pore pressure (a time function read at each step's end time) or leaky (named_flow_boundaries.c), each switched on
   or off by the stages (off: impermeable; a switch changes the held nodes, so the coupled operators are assembled
   again). Every region
   takes part in the flow: consolidation (or no drainage key) needs porosity and conductivity, drained holds its
   excess pressure at 0, undrained lets no water through (physics/flow/flow_discretization.c). */
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
  PetscReal             time;                /* s: the end of the last step */
  PetscInt             *consolidation_steps; /* [num_stages] */
  DioFlow               flow;
  DioBiot               biot;
  Vec                   p;          /* excess pore pressure (Pa), flow's global vector */
  PetscReal             excess_max; /* Pa, the largest excess pore pressure written so far */
};

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
    for (PetscInt l = 0; l < list->num_layers; l++)
      PetscCheck(!st->region_excavated[l] && !st->region_activated[l], sec->comm, PETSC_ERR_USER_INPUT,
                 "-stages_%s_%s %s: regions are not excavated or activated in a consolidation run yet", st->name,
                 st->region_excavated[l] ? "excavate" : "activate", rg->layer_names[l]);
  }
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}

/*
  DioStageFlowCreate - *flow NULL unless a region is set to consolidation; else its options read and checked (also in
  check mode): quadrilaterals or hexahedra (the Q2-Q1 pair), -mech_element_order 2, no plane stress, elastic regions
  with their groundwater parameters, -analysis mechanics, a first stage that sets the initial stress, no restart.
  Collective.
*/
PetscErrorCode DioStageFlowCreate(DioSection *sec, const DioStageList *list, DioAnalysis analysis, PetscBool restart,
                                  DioStageFlow *flow)
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
  PetscCheck(rg->cell_type == DM_POLYTOPE_QUADRILATERAL || rg->cell_type == DM_POLYTOPE_HEXAHEDRON, sec->comm,
             PETSC_ERR_USER_INPUT,
             "-materials_%s_drainage = consolidation: '%s' has %s cells; coupled flow needs quadrilaterals or "
             "hexahedra (the Q2-Q1 pair)",
             coupled, sec->imported->path, DMPolytopeTypes[rg->cell_type]);
  PetscCheck(sec->opts.order == 2, sec->comm, PETSC_ERR_USER_INPUT,
             "-materials_%s_drainage = consolidation: needs -mech_element_order 2 (Q2 displacement with Q1 pressure)",
             coupled);
  PetscCheck(!sec->imported->plane_stress, sec->comm, PETSC_ERR_USER_INPUT,
             "-materials_%s_drainage = consolidation: not with -mech_plane_stress (plane strain or 3D)", coupled);
  PetscCheck(analysis == DIO_ANALYSIS_MECHANICS, sec->comm, PETSC_ERR_USER_INPUT,
             "-materials_%s_drainage = consolidation: only with -analysis mechanics (here %s)", coupled,
             DioAnalyses[analysis]);
  PetscCheck(!restart, sec->comm, PETSC_ERR_USER_INPUT,
             "-restart: a staged run with a consolidation region (-materials_%s_drainage) cannot be restarted yet",
             coupled);
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
  PetscCall(StageFlowOptions(sec, list, *flow));
  PetscFunctionReturn(0);
}

/* The Biot step of length dt (s) from u = 0, its boundary pressures at its end time, with the solver counts and a
   progress line. Collective. */
static PetscErrorCode Step(DioSection *sec, DioStageFlow f, PetscReal dt, Vec u, const char what[])
{
  DioBiotStepInfo info;
  PetscLogDouble  t0, t1;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  f->time += dt;
  if (f->varies && f->biot) {
    PetscCall(DioNamedFlowBoundariesSet(f->flow, f->num_boundaries, f->boundaries, f->on, f->time));
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
  PetscCall(DioFlowCreate(sec->dm, sec->materials, sec->opts.loads.water_density, &f->flow));
  PetscCall(DioNamedFlowBoundariesSet(f->flow, f->num_boundaries, f->boundaries, f->on, f->time));
  PetscCall(DioFlowSetUp(f->flow));
  PetscCall(DioFlowCreateGlobalVector(f->flow, &f->p));
  PetscCall(DioBiotCreate(sec->elas, f->flow, &f->biot));
  PetscCall(DioFlowGetNumDofs(f->flow, &num_p));
  sec->num_dofs += num_p;
  PetscCall(VecDuplicate(U, &u));
  PetscCall(Step(sec, f, 0.0, u, "the geostatic state in the coupled model"));
  PetscCall(VecNorm(u, NORM_INFINITY, &u_max));
  PetscCall(VecNorm(f->p, NORM_INFINITY, &p_max));
  PetscCall(VecAXPY(U, 1.0, u));
  PetscCall(DioElasticityStoreInitialStress(sec->elas, u));
  PetscCall(VecDestroy(&u));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[flow]      Biot consolidation: %" PetscInt_FMT
                          " pore-pressure dofs (Q1); the geostatic state in the coupled model: |u| %.2e m, "
                          "|p_excess| %.2e Pa\n",
                          num_p, (double)u_max, (double)p_max));
  PetscFunctionReturn(0);
}

/*
  DioStageFlowBeginStage - before stage s's load steps (s > 0, the flow set up): the flow conditions its boundaries
  switch (-stages_<s>_apply / _remove: off is impermeable) and the clock at the stage's start. Collective.
*/
PetscErrorCode DioStageFlowBeginStage(DioSection *sec, DioStageFlow f, const DioStageList *list, PetscInt s)
{
  PetscBool changed = PETSC_FALSE;

  PetscFunctionBegin;
  if (f == NULL || f->biot == NULL || s == 0) PetscFunctionReturn(0);
  f->time = list->stage[s - 1].time_end;
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
  if (!changed && !f->varies) PetscFunctionReturn(0);
  PetscCall(DioNamedFlowBoundariesSet(f->flow, f->num_boundaries, f->boundaries, f->on, f->time));
  PetscCall(DioFlowUpdateBoundaries(f->flow));
  if (changed) PetscCall(DioBiotSetOperatorsChanged(f->biot));
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

/* After stage s's load steps: its duration in consolidation steps, each added to U and stored. Collective. */
PetscErrorCode DioStageFlowConsolidate(DioSection *sec, DioStageFlow f, const DioStage *st, PetscInt s, Vec U, Vec u)
{
  const PetscInt steps = f ? f->consolidation_steps[s] : 0;

  PetscFunctionBegin;
  if (f == NULL || st->duration <= 0) PetscFunctionReturn(0);
  for (PetscInt k = 0; k < steps; k++) {
    PetscCall(Step(sec, f, st->duration / (PetscReal)steps, u, "consolidation"));
    PetscCall(VecAXPY(U, 1.0, u));
    PetscCall(DioElasticityStoreInitialStress(sec->elas, u));
  }
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "            consolidated %g s in %" PetscInt_FMT " steps (t = %g s)\n",
                          (double)st->duration, steps, (double)st->time_end));
  PetscFunctionReturn(0);
}

/* The output step's "excess_pore_pressure" (vertex, Pa; zero before the flow is set up). Collective. */
PetscErrorCode DioStageFlowWriteFields(DioSection *sec, DioStageFlow f, DioOutput out)
{
  const DioMeshTopology *topo = &sec->topology;
  PetscReal             *excess, lo, hi;

  PetscFunctionBegin;
  if (f == NULL) PetscFunctionReturn(0);
  PetscCall(PetscCalloc1(topo->num_vertices + 1, &excess));
  if (f->p) PetscCall(DioFlowGetVertexValues(f->flow, f->p, topo->num_vertices, topo->vertex_points, excess));
  PetscCall(DioOutputWriteField(out, "excess_pore_pressure", DIO_OUTPUT_VERTEX, 1, "Pa", excess));
  PetscCall(DioRangeOf(sec->comm, topo->num_vertices, 1, excess, &lo, &hi));
  f->excess_max = PetscMax(f->excess_max, hi);
  PetscCall(PetscFree(excess));
  PetscFunctionReturn(0);
}

/* The summary's "excess_pore_pressure_max_Pa": the largest excess pore pressure of any output step. */
PetscErrorCode DioStageFlowAddSummary(DioStageFlow f, DioSummary summary)
{
  PetscFunctionBegin;
  if (f == NULL) PetscFunctionReturn(0);
  PetscCall(DioSummaryAddReal(summary, "excess_pore_pressure_max_Pa", f->excess_max));
  PetscFunctionReturn(0);
}

PetscErrorCode DioStageFlowDestroy(DioStageFlow *flow)
{
  PetscFunctionBegin;
  if (*flow == NULL) PetscFunctionReturn(0);
  PetscCall(VecDestroy(&(*flow)->p));
  PetscCall(DioBiotDestroy(&(*flow)->biot));
  PetscCall(DioFlowDestroy(&(*flow)->flow));
  PetscCall(PetscFree((*flow)->consolidation_steps));
  PetscCall(DioNamedFlowBoundariesDestroy((*flow)->num_boundaries, &(*flow)->boundaries));
  PetscCall(PetscFree((*flow)->on));
  PetscCall(PetscFree(*flow));
  PetscFunctionReturn(0);
}
