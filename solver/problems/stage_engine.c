/* SPDX-License-Identifier: BSD-2-Clause
   stage_engine.c: runs the construction stages of an imported mesh (stage_list.c), the engineer's phases as in PLAXIS
   or FLAC: the first stage may set the initial stress (K0 procedure, gravity loading or given components; the
   displacement is then reset to zero), every later stage excavates or activates regions and switches boundary loads,
   applied in its load steps. Each solve is in total loads against the stress stored at the end of the last one, so
   a load that stays on does no further work and one switched off is released. One output step per stage, at the
   stage's end time. */
#include <petsctime.h>
#include "stage_engine.h"

/* The K0 procedure: sigma'_v = -g int_z^top rho dz' over horizontal layers, sigma'_h = K0 sigma'_v on the other
   normal components (plane strain: zz too), no shear. */
typedef struct {
  PetscInt   num_layers, vertical;
  PetscReal *zmin, *zmax, *density; /* [num_layers]; density 0 for a layer that takes its host's */
  PetscReal  gravity, k0;
} K0Field;

static void K0Stress(PetscInt layer, PetscInt dim, const PetscReal X[], PetscReal sig6[], void *ctx)
{
  const K0Field  *k      = (const K0Field *)ctx;
  const PetscReal z      = X[k->vertical];
  PetscReal       weight = 0;

  (void)layer;
  (void)dim;
  for (PetscInt l = 0; l < k->num_layers; l++)
    weight += k->density[l] * PetscMax(0.0, k->zmax[l] - PetscMax(k->zmin[l], z));
  for (PetscInt c = 0; c < 6; c++) sig6[c] = 0;
  sig6[0] = sig6[1] = sig6[2] = -k->k0 * k->gravity * weight;
  sig6[k->vertical]           = -k->gravity * weight;
}

/* The layers of the K0 procedure from the elevations of the active regions: a region within the elevations of another
   takes that one's weight and must have its density; the others must not overlap (horizontal layers). Collective. */
static PetscErrorCode K0FieldCreate(DioSection *sec, const DioStage *st, const PetscInt cell_layer[], K0Field *k)
{
  const DioMeshTopology *topo = &sec->topology;
  const DioMeshRegions  *rg   = &sec->imported->regions;
  const PetscInt         n    = rg->num_layers;
  PetscReal             *lo, *hi, extent;

  PetscFunctionBegin;
  PetscCheck(sec->opts.loads.gravity > 0, sec->comm, PETSC_ERR_USER_INPUT,
             "-stages_%s_initial_stress k0: needs -loads_gravity > 0", st->name);
  k->num_layers = n;
  k->vertical   = sec->dim - 1;
  k->gravity    = sec->opts.loads.gravity;
  k->k0         = st->k0;
  PetscCall(PetscMalloc3(n + 1, &k->zmin, n + 1, &k->zmax, n + 1, &k->density));
  PetscCall(PetscMalloc2(n + 1, &lo, n + 1, &hi));
  for (PetscInt l = 0; l < n; l++) {
    lo[l] = PETSC_MAX_REAL;
    hi[l] = -PETSC_MAX_REAL;
  }
  {
    Vec          coordinates;
    DM           cdm;
    PetscSection csection;
    PetscInt     cStart;
    PetscCall(DMGetCoordinatesLocal(sec->dm, &coordinates));
    PetscCall(DMGetCoordinateDM(sec->dm, &cdm));
    PetscCall(DMGetLocalSection(cdm, &csection));
    PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
    for (PetscInt c = 0; c < topo->num_cells; c++) {
      const PetscInt l = cell_layer[c];
      PetscScalar   *X = NULL;
      PetscInt       size;
      PetscCall(DMPlexVecGetClosure(sec->dm, csection, coordinates, cStart + c, &size, &X));
      for (PetscInt i = k->vertical; i < size; i += sec->dim) {
        lo[l] = PetscMin(lo[l], PetscRealPart(X[i]));
        hi[l] = PetscMax(hi[l], PetscRealPart(X[i]));
      }
      PetscCall(DMPlexVecRestoreClosure(sec->dm, csection, coordinates, cStart + c, &size, &X));
    }
  }
  PetscCall(MPIU_Allreduce(lo, k->zmin, n, MPIU_REAL, MPI_MIN, sec->comm));
  PetscCall(MPIU_Allreduce(hi, k->zmax, n, MPIU_REAL, MPI_MAX, sec->comm));
  extent = 0;
  for (PetscInt l = 0; l < n; l++)
    if (st->region_active[l] && k->zmax[l] >= k->zmin[l]) extent = PetscMax(extent, k->zmax[l] - k->zmin[l]);
  for (PetscInt l = 0; l < n; l++) {
    const DioLayerMaterial *m;
    PetscCall(DioMaterialTableGetLayer(sec->materials, l, &m));
    PetscCheck(!(sec->opts.loads.pore_pressure && m->saturated && st->region_active[l]), sec->comm,
               PETSC_ERR_USER_INPUT,
               "-stages_%s_initial_stress k0: region '%s' is saturated and -loads_pore_pressure is on; the K0 "
               "procedure here is for dry (or total) stress: set "
               "loads: {pore_pressure: false} or use gravity",
               st->name, rg->layer_names[l]);
    k->density[l] = (st->region_active[l] && k->zmax[l] >= k->zmin[l]) ? m->density : 0.0;
  }
  for (PetscInt l = 0; l < n; l++) {
    const PetscReal tol = 1e-9 * extent;
    if (k->density[l] == 0) continue;
    for (PetscInt j = 0; j < n; j++) {
      PetscBool inside;
      if (j == l || k->density[j] == 0) continue;
      inside = (PetscBool)(k->zmin[l] >= k->zmin[j] - tol && k->zmax[l] <= k->zmax[j] + tol);
      if (inside && (k->zmin[l] > k->zmin[j] + tol || k->zmax[l] < k->zmax[j] - tol || j < l)) {
        const DioLayerMaterial *ml, *mj;
        PetscCall(DioMaterialTableGetLayer(sec->materials, l, &ml));
        PetscCall(DioMaterialTableGetLayer(sec->materials, j, &mj));
        PetscCheck(ml->density == mj->density, sec->comm, PETSC_ERR_USER_INPUT,
                   "-stages_%s_initial_stress k0: region '%s' lies within the elevations of '%s' with another density "
                   "(%g, %g kg/m3): the K0 procedure needs "
                   "horizontal layers; use gravity",
                   st->name, rg->layer_names[l], rg->layer_names[j], (double)ml->density, (double)mj->density);
        k->density[l] = 0; /* its weight is its host's */
        break;
      }
      PetscCheck(inside || PetscMin(k->zmax[l], k->zmax[j]) - PetscMax(k->zmin[l], k->zmin[j]) <= tol, sec->comm,
                 PETSC_ERR_USER_INPUT,
                 "-stages_%s_initial_stress k0: regions '%s' (z %g .. %g m) and '%s' (z %g .. %g m) overlap in "
                 "elevation: the K0 procedure needs horizontal layers; "
                 "use gravity",
                 st->name, rg->layer_names[l], (double)k->zmin[l], (double)k->zmax[l], rg->layer_names[j],
                 (double)k->zmin[j], (double)k->zmax[j]);
    }
  }
  PetscCall(PetscFree2(lo, hi));
  PetscFunctionReturn(0);
}

/* Which regions are active and which loads are on for stage s; activated regions start stress-free, with their own
   material or the one the list gives them (region_layer). The loads of an imported mesh's named boundaries are those at
   the stage's end time (their time functions). A prescribed displacement is a stage's increment: f(t_end) -
   f(t_previous) times its value (f its time function, 1 without one), from f = 0 in the stage that applies it (or the
   first stage): it reaches its value there and is held while it stays on. restored: a restart within stage s (its
   consolidation), whose activated regions hold the checkpoint's stress (an imported mesh's: their own material; a
   preset giving them another, region_layer, re-applied stage s itself before: DioStageEngineRestoreStages() through
   it). Collective. */
static PetscErrorCode ApplyStageState(DioSection *sec, const DioStageList *list, PetscInt s,
                                      const PetscInt cell_region[], PetscBool active[], PetscInt excavated[],
                                      PetscBool restored)
{
  const DioStage  *st = &list->stage[s];
  DioImportedMesh *im = sec->imported;
  const PetscInt   n  = sec->topology.num_cells;
  PetscReal        held[DIO_BOUNDARY_MAX][3];
  DioTimeFunction  functions[DIO_BOUNDARY_MAX];

  PetscFunctionBegin;
  for (PetscInt l = 0; l < list->num_layers; l++) {
    PetscBool *mask;
    PetscInt   count = 0, count_global;
    if (!st->region_activated[l] || restored) continue;
    PetscCall(PetscMalloc1(n + 1, &mask));
    for (PetscInt c = 0; c < n; c++) count += (mask[c] = (PetscBool)(cell_region[c] == l));
    PetscCall(MPIU_Allreduce(&count, &count_global, 1, MPIU_INT, MPI_SUM, sec->comm));
    if (count_global)
      PetscCall(DioElasticityReplaceCells(sec->elas, mask, list->region_layer ? list->region_layer[l] : l));
    PetscCall(PetscFree(mask));
  }
  for (PetscInt c = 0; c < n; c++) {
    active[c]    = st->region_active[cell_region[c]];
    excavated[c] = !active[c];
  }
  if (im == NULL) {
    /* a built-in section: its preset sets its own loads (stage_loads); a stage that changes no region's activity
       keeps the active cells (setting them again rebuilds the preconditioner's hierarchy: the thaw's time stages, the
       drive's strips replaced in place) */
    PetscBool changed = (PetscBool)(s == 0);
    for (PetscInt l = 0; l < list->num_layers && !changed; l++)
      changed = (PetscBool)(st->region_active[l] != list->stage[s - 1].region_active[l]);
    if (changed) PetscCall(DioElasticitySetActiveCells(sec->elas, active));
    PetscFunctionReturn(0);
  }
  PetscCall(DioElasticitySetActiveCells(sec->elas, active));
  im->time = st->time_end; /* time functions of the boundary values: at the stage's end */
  for (PetscInt b = 0; b < im->regions.num_boundaries; b++) {
    DioNamedBoundary *nb = &im->boundaries[b];
    nb->switched_off     = (PetscBool)!st->boundary_on[b];
    functions[b]         = nb->time_function;
    for (PetscInt d = 0; d < 3; d++) held[b][d] = nb->value[d];
    if (nb->kind == DIO_NAMED_BC_DISPLACEMENT) {
      const PetscBool from_zero = (PetscBool)(st->boundary_applied[b] || s == 0);
      PetscReal       f_end, f_prev = 0;
      PetscCall(DioTimeFunctionEvaluate(nb->time_function, st->time_end, &f_end));
      if (!from_zero) PetscCall(DioTimeFunctionEvaluate(nb->time_function, list->stage[s - 1].time_end, &f_prev));
      for (PetscInt d = 0; d < 3; d++) nb->value[d] *= f_end - f_prev;
      nb->time_function = NULL;
    }
  }
  PetscCall(DioElasticitySetPrescribedDisplacement(sec->elas, 0, NULL, NULL, NULL));
  PetscCall(DioNamedBoundariesLoad(sec));
  for (PetscInt b = 0; b < im->regions.num_boundaries; b++) {
    im->boundaries[b].time_function = functions[b];
    for (PetscInt d = 0; d < 3; d++) im->boundaries[b].value[d] = held[b][d];
  }
  PetscFunctionReturn(0);
}

/* A restart's stages before first_stage: their regions (activated ones with their material) and loads, no solve (the
   checkpoint holds the state); active and excavated those of the last. Collective. */
PetscErrorCode DioStageEngineRestoreStages(DioSection *sec, const DioStageList *list, PetscInt first_stage,
                                           const PetscInt cell_region[], PetscBool active[], PetscInt excavated[])
{
  PetscFunctionBegin;
  for (PetscInt s = 0; s < first_stage; s++)
    PetscCall(ApplyStageState(sec, list, s, cell_region, active, excavated, PETSC_FALSE));
  PetscFunctionReturn(0);
}

/* The progress line of a stage's solves: its description, else its name. */
static const char *StageWhat(const DioStage *st)
{
  return st->description[0] ? st->description : st->name;
}

/* The first stage's initial stress: set (K0, components) or solved for (gravity), then brought to equilibrium by one
   solve whose displacement is dropped; components taken as given (as_given) are not solved for. Collective. */
static PetscErrorCode InitialStress(DioSection *sec, const DioStage *st, const PetscInt cell_layer[], Vec u,
                                    PetscInt step, PetscInt num_steps)
{
  char what[160];

  PetscFunctionBegin;
  if (st->initial == DIO_STAGE_INITIAL_K0) {
    K0Field k;
    PetscCall(K0FieldCreate(sec, st, cell_layer, &k));
    PetscCall(DioElasticitySetInitialStressField(sec->elas, K0Stress, &k));
    PetscCall(PetscFree3(k.zmin, k.zmax, k.density));
  } else if (st->initial == DIO_STAGE_INITIAL_COMPONENTS) {
    PetscCall(DioElasticitySetUniformInitialStress(sec->elas, st->components));
    if (st->as_given) {
      PetscCall(DioSectionLog(
          sec, DIO_LOG_NORMAL,
          "[step %3" PetscInt_FMT "/%" PetscInt_FMT "] uniform initial stress xx %.4g, yy %.4g, zz %.4g Pa\n", step,
          num_steps, (double)st->components[0], (double)st->components[1], (double)st->components[2]));
      PetscFunctionReturn(0);
    }
  } else {
    /* a built-in section also carries the sea's weight */
    PetscCheck(sec->imported == NULL || sec->opts.loads.gravity > 0, sec->comm, PETSC_ERR_USER_INPUT,
               "-stages_%s_initial_stress gravity: needs -loads_gravity > 0", st->name);
  }
  if (st->description[0])
    PetscCall(PetscStrncpy(what, st->description, sizeof(what)));
  else
    PetscCall(PetscSNPrintf(what, sizeof(what), "%s: initial stress (%s)", st->name, DioStageInitials[st->initial]));
  PetscCall(DioSectionSolve(sec, u, step, num_steps, st->time_end, what));
  {
    PetscReal norm;
    PetscCall(VecNorm(u, NORM_INFINITY, &norm));
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                            "            displacement of the initial-stress solve up to %.3e m, reset to zero\n",
                            (double)norm));
  }
  PetscCall(DioElasticityStoreInitialStress(sec->elas, u));
  PetscFunctionReturn(0);
}

/* Output step `step` at `time`: the mechanical fields (heat: the excavated flags only), the excess pore pressure of
   undrained regions or of the coupled flow, and the heat's if any. Collective. */
static PetscErrorCode WriteStage(DioSection *sec, const DioStageRun *run, DioOutput out, PetscInt step, PetscReal time,
                                 Vec U, Vec zero, const PetscInt excavated[], PetscReal *settlement)
{
  PetscFunctionBegin;
  PetscCall(DioOutputBeginStep(out, step, time));
  if (run->analysis != DIO_ANALYSIS_HEAT)
    PetscCall(DioSectionWriteStepFields(sec, out, U, zero, excavated, settlement));
  else
    PetscCall(DioOutputWriteIntField(out, "excavated", DIO_OUTPUT_CELL, excavated));
  PetscCall(DioStageDrainageWriteFields(sec, run->drainage, run->excess, out, run->cell_region, excavated));
  PetscCall(DioStageFlowWriteFields(sec, run->flow, run->excess, out));
  if (run->heat) PetscCall(DioStageHeatWriteFields(sec, run->heat, out));
  PetscCall(DioOutputEndStep(out));
  PetscFunctionReturn(0);
}

/* The end of stage s's solves: a preset's output step and probes (u not yet stored as initial stress). */
static PetscErrorCode StageEnd(DioSection *sec, const DioStageRun *run, DioOutput out, PetscInt s, Vec U, Vec u,
                               const PetscInt excavated[])
{
  PetscFunctionBegin;
  if (run->preset.stage_end) PetscCall(run->preset.stage_end(sec, out, s, U, u, excavated, run->preset.ctx));
  PetscFunctionReturn(0);
}

/* Stage s's load steps (step, num_steps: its output step and their number, for the progress lines), each releasing its
   part of the out-of-balance force at the stage's start; each increment u added to U (a secant stage: U = U_stored +
   u) and, but for a secant stage, stored as initial stress; the preset's stage end after the last. Collective. */
static PetscErrorCode LoadSteps(DioSection *sec, const DioStageRun *run, DioOutput out, PetscInt s, PetscInt step,
                                PetscInt num_steps, Vec U, Vec u, Vec U_stored, const PetscInt excavated[])
{
  const DioStage *st = &run->list->stage[s];
  char            what[PETSC_MAX_PATH_LEN + 64];

  PetscFunctionBegin;
  PetscCheck(!st->secant || (st->steps == 1 && st->release == 1), sec->comm, PETSC_ERR_PLIB,
             "stage '%s': a secant stage is one load step releasing all", st->name);
  for (PetscInt k = 0; k < st->steps; k++) {
    /* step k releases release/steps of the out-of-balance force F0 at the stage's start, of which 1 - k
       release/steps is left: the fraction (release/steps) / (1 - k release/steps) of what is left (1 / (steps - k)
       for release 1) */
    const PetscReal part = st->release / (PetscReal)st->steps;
    PetscCall(DioElasticitySetLoadFactor(sec->elas, part / (1.0 - (PetscReal)k * part)));
    if (st->steps > 1)
      PetscCall(PetscSNPrintf(what, sizeof(what), "%s, load step %" PetscInt_FMT "/%" PetscInt_FMT, StageWhat(st),
                              k + 1, st->steps));
    else
      PetscCall(PetscSNPrintf(what, sizeof(what), "%s", StageWhat(st)));
    if (run->preset.solve)
      PetscCall(run->preset.solve(sec, s, u, step, num_steps, what, run->preset.ctx));
    else if (run->flow)
      PetscCall(DioStageFlowSolve(sec, run->flow, u, step, num_steps, what));
    else
      PetscCall(DioSectionSolve(sec, u, step, num_steps, st->time_end, what));
    if (st->secant)
      PetscCall(VecWAXPY(U, 1.0, U_stored, u));
    else
      PetscCall(VecAXPY(U, 1.0, u));
    PetscCall(DioStageDrainageAccumulate(sec, run->drainage, u));
    if (k + 1 == st->steps) PetscCall(StageEnd(sec, run, out, s, U, u, excavated));
    if (!st->secant) PetscCall(DioElasticityStoreInitialStress(sec->elas, u));
  }
  PetscCall(DioElasticitySetLoadFactor(sec->elas, 1.0));
  PetscFunctionReturn(0);
}

/*
  DioStageEngineRunStages - runs the stages of run->list from first_stage on (a restart has set the regions of the
  stages before it and read its checkpoint) on a section set up, adding each stage's displacement to U: the regions of
  each stage, the preset's loads, the initial stress (first stage) or the stage's load steps, each releasing its part of
  the out-of-balance force and stored as initial stress (a secant stage: one solve from the state last stored, U =
  that state's U + u, nothing stored); one output step per stage (the engine's mechanical fields at
  the stage's end time, or the preset's stage_end), then a checkpoint when due or a stop point (or the preset's
  stage_done). *stop: a signal ended the run early; *settlement: the smallest vertical displacement of the engine's
  last output step. run->state_only: the regions and loads only (a preset's restart); run->U_start: a restart's state
  the secant stages start from (else U). Collective.
*/
PetscErrorCode DioStageEngineRunStages(DioSection *sec, const DioStageRun *run, DioOutput out, PetscInt first_stage,
                                       Vec U, PetscBool *stop, PetscReal *settlement)
{
  const DioStageList *list       = run->list;
  const PetscInt      first_step = list->from_zero ? 0 : 1;
  const DioStage     *last       = &list->stage[list->num_stages - 1];
  const PetscInt      num_steps  = list->by_output_step ? last->output_step : list->num_stages - 1 + first_step;
  const PetscInt      n          = sec->topology.num_cells;
  Vec                 u, zero, U_stored;
  PetscBool          *active;
  PetscInt           *excavated;
  char                what[PETSC_MAX_PATH_LEN + 64];

  PetscFunctionBegin;
  PetscCall(VecDuplicate(U, &u));
  PetscCall(VecDuplicate(U, &zero));
  PetscCall(VecDuplicate(U, &U_stored)); /* U at the end of the last stage that stored its stress */
  PetscCall(VecCopy(run->U_start ? run->U_start : U, U_stored));
  if (run->U_start) PetscCall(VecWAXPY(u, -1.0, U_stored, U)); /* CG's first guess: the restored stage's increment */
  PetscCall(PetscMalloc2(n + 1, &active, n + 1, &excavated));
  if (run->heat) { /* a stage switches the heat's conditions by the list's boundary index */
    PetscInt num_conditions;
    PetscCall(DioStageHeatGetNumConditions(run->heat, &num_conditions));
    PetscCheck(num_conditions < 0 || num_conditions == list->num_boundaries, sec->comm, PETSC_ERR_PLIB,
               "stage engine: %" PetscInt_FMT " thermal conditions for %" PetscInt_FMT " boundaries of the stage list",
               num_conditions, list->num_boundaries);
  }
  *stop = PETSC_FALSE;
  for (PetscInt s = first_stage; s < list->num_stages && !*stop; s++) {
    const DioStage *st   = &list->stage[s];
    const PetscInt  step = list->by_output_step ? st->output_step : s + first_step;
    const PetscInt  done = s == first_stage ? run->resume_done : 0; /* consolidation steps restored */
    PetscCall(ApplyStageState(sec, list, s, run->cell_region, active, excavated, (PetscBool)(done > 0)));
    if (done == 0) PetscCall(DioStageDrainageActivate(run->drainage, st, n, run->cell_region));
    PetscCall(DioStageFlowBeginStage(sec, run->flow, list, s));
    /* undrained from the first stage after the initial-stress stage on (or from the start without one) */
    if (s > 0 || st->initial == DIO_STAGE_INITIAL_NONE) PetscCall(DioStageDrainageApply(sec, run->drainage));
    if (run->preset.stage_loads) PetscCall(run->preset.stage_loads(sec, s, run->preset.ctx));
    if (run->state_only) {
      if (s == 0 && st->initial == DIO_STAGE_INITIAL_COMPONENTS && st->as_given)
        PetscCall(InitialStress(sec, st, run->cell_region, u, step, num_steps)); /* no solve */
      continue;
    }
    if (run->heat) PetscCall(DioStageHeatAdvance(sec, run->heat, st, s, list->num_stages));
    if (run->analysis == DIO_ANALYSIS_HEAT) {
      PetscCall(StageEnd(sec, run, out, s, U, zero, excavated)); /* no mechanics */
    } else if (s == 0 && st->initial != DIO_STAGE_INITIAL_NONE) {
      PetscCall(InitialStress(sec, st, run->cell_region, u, step, num_steps));
      PetscCall(DioStageFlowSetUp(sec, run->flow, U)); /* the geostatic state into the coupled model */
      PetscCall(StageEnd(sec, run, out, s, U, zero, excavated));
    } else {
      /* a restart within the stage's consolidation has its load steps done */
      if (done == 0) PetscCall(LoadSteps(sec, run, out, s, step, num_steps, U, u, U_stored, excavated));
      PetscCall(DioStageFlowConsolidate(sec, run->flow, st, s, done, U, u, run->checkpoint_path, stop));
      if (run->preset.consolidate && !*stop)
        PetscCall(run->preset.consolidate(sec, out, s, done, U, u, stop, run->preset.ctx));
      if (*stop) break; /* within the consolidation: its checkpoint is written, the stage's output step is not */
      if (!st->secant) PetscCall(VecCopy(U, U_stored));
    }
    if (run->heat) PetscCall(DioStageHeatCommit(sec, run->heat, st));
    if (run->preset.stage_end == NULL)
      PetscCall(WriteStage(sec, run, out, s, st->time_end, U, zero, excavated, settlement));
    /* checkpoints of the mechanical state and the heat's (presets without restart: none; a stop signal still ends
       the run after the stage); after a secant stage the state it was solved from, which the next one starts from
       (its stress is not stored either) */
    if (run->preset.stage_done) {
      PetscCall(run->preset.stage_done(sec, s, U, stop, run->preset.ctx));
    } else if (run->preset.consolidate) {
      /* none of the engine's: a preset's consolidation writes its checkpoints and stop points itself */
    } else if (run->checkpoint_path) {
      PetscCall(DioStageFlowStageDone(run->flow, st->time_end));
      PetscCall(DioSectionStageDone(sec, s + 1, run->every, run->checkpoint_path, U_stored, stop));
    } else {
      if (list->from_zero)
        PetscCall(PetscSNPrintf(what, sizeof(what), "stage %" PetscInt_FMT " (%s)", step, st->name));
      else
        PetscCall(PetscSNPrintf(what, sizeof(what), "%s", st->name));
      PetscCall(DioSectionStopPoint(sec, what, stop));
    }
    if (*stop && sec->run->stopped) *sec->run->stopped = PETSC_TRUE;
  }
  PetscCall(PetscFree2(active, excavated));
  PetscCall(VecDestroy(&U_stored));
  PetscCall(VecDestroy(&zero));
  PetscCall(VecDestroy(&u));
  PetscFunctionReturn(0);
}

/* The summary's settlement of a restored state: the smallest vertical displacement of U at the vertices (a restart
   after the last stage writes no output step that would give it). Collective. */
static PetscErrorCode RestoredSettlement(DioSection *sec, Vec U, PetscReal *settlement)
{
  const DioMeshTopology *topo = &sec->topology;
  PetscReal             *displacement, hi;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(3 * topo->num_vertices + 1, &displacement));
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, U, topo->num_vertices, topo->vertex_points, displacement));
  PetscCall(DioRangeOf(sec->comm, topo->num_vertices, 3, displacement + (sec->dim - 1), settlement, &hi));
  PetscCall(PetscFree(displacement));
  PetscFunctionReturn(0);
}

/*
  DioStageEngineRun - -problem mesh with -stages_order or -analysis: the stages on the imported mesh (without
  -stages_order one stage, after -initial_stress_components if given, as the single-step run), heat first where the
  analysis has it, one output step per stage
  (<output_dir>/<output_name>.h5/.xmf, time = the stage's end time in s), a summary. Collective.
*/
PetscErrorCode DioStageEngineRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection     sec;
  DioStageList   list;
  DioStageHeat   heat;
  DioStageRun    sr;
  DioAnalysis    analysis;
  DioOutput      out;
  Vec            U, zero;
  PetscInt      *cell_layer, *excavated, *excavation_stage;
  PetscBool     *active, given, restart, stop = PETSC_FALSE;
  PetscInt       every, first_stage = 0;
  char           checkpoint_path[PETSC_MAX_PATH_LEN], restart_path[PETSC_MAX_PATH_LEN];
  PetscReal      settlement = 0;
  PetscLogDouble t0;
  char           what[PETSC_MAX_PATH_LEN + 64];
  DM             dm;

  PetscFunctionBegin;
  PetscCall(DioSectionCreateImported(comm, run, "mesh (staged)", &sec));
  PetscCall(DioStageListRead(comm, sec.imported, &list, &given));
  if (!given) PetscCall(DioStageListDefault(sec.imported, &list));
  PetscCall(DioStageHeatCreate(&sec, &list, &heat));
  PetscCall(DioStageHeatGetAnalysis(heat, &analysis));
  PetscCall(
      DioSectionCheckpointOptions(&sec, &every, checkpoint_path, sizeof(checkpoint_path), &restart, restart_path));
  PetscCheck(!given || !sec.imported->has_initial_stress, comm, PETSC_ERR_USER_INPUT,
             "-initial_stress_components: with -stages_order the first stage sets the initial stress "
             "(-stages_<name>_initial_stress components)");
  PetscCall(PetscMemzero(&sr, sizeof(sr)));
  PetscCall(DioStageDrainageCreate(&sec, analysis, &sr.drainage));
  PetscCall(DioStageFlowCreate(&sec, &list, analysis, &sr.flow));
  {
    PetscBool *switchable; /* the boundaries a stage may switch besides their loads */
    PetscCall(PetscCalloc1(list.num_boundaries + 1, &switchable));
    PetscCall(DioStageFlowGetSwitchable(sr.flow, switchable));
    PetscCall(DioStageHeatGetSwitchable(heat, switchable));
    PetscCall(DioStageListCheckSwitched(comm, sec.imported, &list, switchable));
    PetscCall(PetscFree(switchable));
  }
  PetscCall(DioSectionRunSizeImported(&sec, list.num_stages, list.num_stages,
                                      (PetscBool)(analysis != DIO_ANALYSIS_MECHANICS)));
  if (run->check_only) {
    PetscCall(DioStageDrainageDestroy(&sr.drainage));
    PetscCall(DioStageFlowDestroy(&sr.flow));
    PetscCall(DioStageHeatDestroy(&heat));
    PetscCall(DioStageListDestroy(&list));
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscTime(&t0));
  dm               = sec.imported->dm;
  sec.imported->dm = NULL;
  PetscCall(PetscSNPrintf(what, sizeof(what), "mesh %s (%s%s), %" PetscInt_FMT " stages", sec.imported->path,
                          DMPolytopeTypes[sec.imported->regions.cell_type],
                          sec.imported->plane_stress ? ", plane stress" : "", list.num_stages));
  PetscCall(DioSectionSetUp(&sec, dm, what, t0 - sec.t_start));
  PetscCall(DioStageHeatSetUp(&sec, heat));
  PetscCall(DioStageHeatCheckpointSetUp(&sec, heat));
  PetscCall(DioStageDrainageSetUp(&sec, sr.drainage));
  if (sr.drainage || sr.flow) PetscCall(DioStageExcessCreate(&sec, &sr.excess));

  PetscCall(PetscMalloc4(sec.topology.num_cells + 1, &cell_layer, sec.topology.num_cells + 1, &excavated,
                         sec.topology.num_cells + 1, &excavation_stage, sec.topology.num_cells + 1, &active));
  PetscCall(DioSectionCellLabelValues(&sec, DIO_LABEL_LAYER, cell_layer));
  for (PetscInt c = 0; c < sec.topology.num_cells; c++) {
    excavation_stage[c] = 0;
    for (PetscInt s = list.num_stages - 1; s >= 0; s--)
      if (list.stage[s].region_excavated[cell_layer[c]]) excavation_stage[c] = s + 1;
  }
  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &U));
  PetscCall(VecDuplicate(U, &zero));
  sr.list            = &list;
  sr.cell_region     = cell_layer;
  sr.heat            = heat;
  sr.analysis        = analysis;
  sr.every           = every;
  sr.checkpoint_path = checkpoint_path;
  if (restart) {
    /* the regions and loads of the stages before the checkpoint, then its displacement and stress */
    PetscBool appended;
    PetscCall(DioSectionRestartStage(&sec, restart_path, list.num_stages, &first_stage));
    PetscCall(DioStageEngineRestoreStages(&sec, &list, first_stage, cell_layer, active, excavated));
    PetscCall(DioSectionCheckpointRead(&sec, restart_path, &first_stage, U));
    PetscCall(
        DioStageHeatRestart(&sec, heat, restart_path, first_stage > 0 ? list.stage[first_stage - 1].time_end : 0));
    PetscCall(DioStageDrainageRestart(&sec, sr.drainage, restart_path));
    PetscCall(DioStageFlowRestart(&sec, sr.flow, restart_path, first_stage, &sr.resume_done));
    PetscCall(DioStageExcessRestart(&sec, sr.excess, restart_path));
    PetscCall(DioSectionRestartReport(&sec, restart_path, first_stage));
    if (sr.resume_done)
      PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET,
                              "[restart]   within the consolidation of stage %s, after %" PetscInt_FMT
                              " of its steps\n",
                              list.stage[first_stage].name, sr.resume_done));
    PetscCall(DioSectionOutputContinue(&sec, excavation_stage, first_stage - 1, &out, &appended));
    /* no output to continue: the restored state of a stage's end is the new output's first step (a state within a
       stage's consolidation has no output step of its own) */
    if (analysis != DIO_ANALYSIS_HEAT) PetscCall(RestoredSettlement(&sec, U, &settlement)); /* no stage may be left */
    if (!appended && first_stage > 0 && sr.resume_done == 0)
      PetscCall(WriteStage(&sec, &sr, out, first_stage - 1, list.stage[first_stage - 1].time_end, U, zero, excavated,
                           &settlement));
  } else
    PetscCall(DioSectionOutputOpen(&sec, excavation_stage, &out));
  PetscCall(DioOutputSetMetadata(out, "time_axis", "end time of each stage of -stages_order (s), one step per stage"));
  PetscCall(DioStageEngineRunStages(&sec, &sr, out, first_stage, U, &stop, &settlement));
  {
    DioSummary     summary;
    PetscLogDouble t1;
    PetscCall(DioSectionSummaryBegin(&sec, &summary));
    if (analysis != DIO_ANALYSIS_HEAT) PetscCall(DioSummaryAddReal(summary, "displacement_vertical_min_m", settlement));
    PetscCall(DioStageHeatAddSummary(heat, summary));
    PetscCall(DioStageExcessAddSummary(sr.excess, summary));
    PetscCall(DioStageFlowAddSummary(&sec, sr.flow, summary));
    PetscCall(DioSummaryWriteAndDestroy(&summary));
    PetscCall(PetscTime(&t1));
    PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                            "[output]    %s/%s.h5, .xmf: %" PetscInt_FMT " steps, one per stage\n", sec.opts.output_dir,
                            sec.opts.output_name, list.num_stages));
    PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec.t_start));
  }
  PetscCall(DioOutputDestroy(&out));
  PetscCall(PetscFree4(cell_layer, excavated, excavation_stage, active));
  PetscCall(VecDestroy(&zero));
  PetscCall(VecDestroy(&U));
  PetscCall(DioStageExcessDestroy(&sr.excess));
  PetscCall(DioStageDrainageDestroy(&sr.drainage));
  PetscCall(DioStageFlowDestroy(&sr.flow));
  PetscCall(DioStageHeatDestroy(&heat));
  PetscCall(DioStageListDestroy(&list));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
