/* SPDX-License-Identifier: BSD-2-Clause
   stage_heat.c: the heat field of the stage engine from a description (DioStageHeatDescription: an imported mesh's
   options, stage_heat_options.c, for -analysis heat, thermal_stress or thaw): thermal parameters per layer id,
   temperature, heat flux or convection by boundary id, switched by stage, a uniform initial temperature, per stage a
   steady solve or backward Euler steps over the stage's duration (heat with freezing, dio_heat.h); for thermal_stress
   the thermal strain alpha dT at each quadrature point of the mechanics (the temperature interpolated there, alpha
   from -materials_<name>_thermal_expansion), for thaw the frozen stiffness of each cell and the thermal and thaw
   strains at the same quadrature points (dio_thaw.h), handed to the mechanics as the stage's stress-free strain: its
   increment since the last stage, since each stage's solve starts from the stress stored at the end of the last. */
#include <petsctime.h>
#include "stage_engine.h"
#include "dio_heat.h"
#include "dio_thaw.h"

/* DioHeatScalarFn of a condition with a time function (ctx: DioHeatCondition): its value times the factor at the
   time. */
static void ConditionValue(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  const DioHeatCondition *c = (const DioHeatCondition *)ctx;
  (void)dim;
  (void)X;
  *value = c->value * DioTimeFunctionValue(c->tf, time);
}

struct _n_DioStageHeat {
  DioStageHeatDescription d; /* owned: its materials, conditions and their time functions */
  DioHeat                 heat;
  Vec                     T;
  PetscReal              *saturation; /* [num_cells] */
  PetscBool              *on;         /* [num_conditions] the stage state the heat has; NULL: all on (set-up) */
  /* the mechanics' quadrature points (thermal_stress, thaw); thermal_stress: the temperature there now and at the
     last stage's end, the strain */
  PetscInt         num_qpoints;
  const PetscReal *xi; /* [num_qpoints][dim] reference points (borrowed from the elasticity) */
  PetscReal       *qpoint_T, *qpoint_T_committed, *eigenstrain; /* [num_cells][num_qpoints] ([..][6]) */
  PetscReal       *qpoint_T_reference;                          /* [num_cells][num_qpoints] the strain-free one */
  /* thaw: the coupling, its strain at the last stage's end and the increment since */
  DioThawCoupling coupling;
  PetscReal      *thaw_strain_committed, *thaw_strain_increment; /* [num_cells][num_qpoints][6] */
  /* checkpoints: the temperature nodes' coordinates (keys), the heat's next step and energy terms (HEAT_STATE_SIZE
     values on rank 0), thaw: the coupling's history (a view of its array, one value per quadrature point) */
  Vec T_coords, state, thaw_history;
  Vec T_file; /* -heat_temperature_field_file's values at the temperature nodes */
};

/* The thaw's history in the checkpoints: per cell its quadrature points' largest ice loss (the former per-cell
   "thaw_history" is refused). */
#define THAW_HISTORY "thaw_history_points"

/* The heat's state a restart goes on from besides the temperature: the next step and the energy terms. */
enum { HEAT_STATE_DT, HEAT_STATE_REALS, HEAT_STATE_INTS = HEAT_STATE_REALS + 9, HEAT_STATE_SIZE = HEAT_STATE_INTS + 4 };

/* The energy terms in the order of the checkpoint's heat_state. */
static void StateFields(DioHeatEnergy *e, PetscReal *reals[9], PetscInt *ints[4])
{
  PetscReal *r[9] = {&e->time,
                     &e->enthalpy,
                     &e->latent,
                     &e->enthalpy_initial,
                     &e->boundary_heat_in,
                     &e->dirichlet_heat_in,
                     &e->neumann_heat_in,
                     &e->source_heat,
                     &e->boundary_power};
  PetscInt  *i[4] = {&e->steps, &e->rejected_steps, &e->newton_iterations, &e->linear_iterations};
  for (PetscInt k = 0; k < 9; k++) reals[k] = r[k];
  for (PetscInt k = 0; k < 4; k++) ints[k] = i[k];
}

/* The heat's next step and energy terms into h->state, as DioStageHeatRestart() reads them. */
static PetscErrorCode StatePack(DioStageHeat h)
{
  DioHeatEnergy e;
  PetscReal    *reals[9], v[HEAT_STATE_SIZE];
  PetscInt     *ints[4];

  PetscFunctionBegin;
  PetscCall(DioHeatGetEnergy(h->heat, &e));
  StateFields(&e, reals, ints);
  PetscCall(DioHeatGetNextStep(h->heat, &v[HEAT_STATE_DT]));
  for (PetscInt k = 0; k < 9; k++) v[HEAT_STATE_REALS + k] = *reals[k];
  for (PetscInt k = 0; k < 4; k++) v[HEAT_STATE_INTS + k] = (PetscReal)*ints[k];
  PetscCall(DioSectionCheckpointValuesStore(h->state, HEAT_STATE_SIZE, v));
  PetscFunctionReturn(0);
}

/* T = a field at time t at the temperature nodes: a description's expression, or (field NULL) the values of
   -heat_temperature_field_file (read the first time); in (-100, 1000) degC. Collective. */
static PetscErrorCode FieldAtNodes(DioStageHeat h, DioExpression field, PetscReal t)
{
  PetscReal   lo, hi;
  const char *key = "-heat_temperature_field_file", *text = h->d.field_file;

  PetscFunctionBegin;
  if (h->T_coords == NULL) PetscCall(DioHeatCreateNodeCoordinates(h->heat, &h->T_coords));
  if (field) {
    PetscCall(DioExpressionEvaluatePoints(field, h->T_coords, t, h->T));
    PetscCall(DioExpressionGetText(field, &key, &text));
  } else {
    if (h->T_file == NULL) {
      PetscCall(VecDuplicate(h->T, &h->T_file));
      PetscCall(DioPointValuesReadCSV(PetscObjectComm((PetscObject)h->T), key, text, "temperature", 1e-6, h->T_coords,
                                      h->T_file));
    }
    PetscCall(VecCopy(h->T_file, h->T));
  }
  PetscCall(VecMin(h->T, NULL, &lo));
  PetscCall(VecMax(h->T, NULL, &hi));
  PetscCheck(lo > -100 && hi < 1000, PetscObjectComm((PetscObject)h->T), PETSC_ERR_USER_INPUT,
             "%s = '%s': %g .. %g degC at t = %g s: must be in (-100, 1000) degC", key, text, (double)lo, (double)hi,
             (double)t);
  PetscFunctionReturn(0);
}

/*
  DioStageHeatCreateFromDescription - the heat of the stages as described; takes desc's arrays and time functions over
  (desc is zeroed). Set up with DioStageHeatSetUp(), destroy with DioStageHeatDestroy(). Not collective.
*/
PetscErrorCode DioStageHeatCreateFromDescription(DioStageHeatDescription *desc, DioStageHeat *heat)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(heat));
  (*heat)->d = *desc;
  PetscCall(PetscMemzero(desc, sizeof(*desc)));
  PetscFunctionReturn(0);
}

PetscErrorCode DioStageHeatGetAnalysis(DioStageHeat h, DioAnalysis *analysis)
{
  PetscFunctionBegin;
  *analysis = h->d.analysis;
  PetscFunctionReturn(0);
}

/* The thermal conditions, one per boundary of the stage list (a stage's boundary_on switches them by index). */
PetscErrorCode DioStageHeatGetNumConditions(DioStageHeat h, PetscInt *num_conditions)
{
  PetscFunctionBegin;
  *num_conditions = h->d.analysis == DIO_ANALYSIS_MECHANICS ? -1 : h->d.num_conditions;
  PetscFunctionReturn(0);
}

/* DioStageHeatSetCondition - condition c on the heat (before DioHeatSetUp(), or then DioHeatUpdateBoundaries()),
   or none (on false: insulated, a stage switched it off). c lives as long as the heat (a time function's context). */
PetscErrorCode DioStageHeatSetCondition(DioHeat heat, DioHeatCondition *c, PetscBool on)
{
  PetscFunctionBegin;
  if (!on)
    PetscCall(DioHeatClearBoundary(heat, c->id));
  else if (c->kind == DIO_HEAT_CONDITION_TEMPERATURE && c->tf)
    PetscCall(DioHeatSetBoundaryTemperature(heat, c->id, ConditionValue, c));
  else if (c->kind == DIO_HEAT_CONDITION_FLUX && c->tf)
    PetscCall(DioHeatSetBoundaryFlux(heat, c->id, ConditionValue, c));
  else if (c->kind == DIO_HEAT_CONDITION_TEMPERATURE)
    PetscCall(DioHeatSetBoundaryTemperatureConstant(heat, c->id, c->value));
  else if (c->kind == DIO_HEAT_CONDITION_FLUX)
    PetscCall(DioHeatSetBoundaryFluxConstant(heat, c->id, c->value));
  else if (c->kind == DIO_HEAT_CONDITION_CONVECTION)
    PetscCall(DioHeatSetBoundaryConvection(heat, c->id, c->coefficient, c->ambient));
  PetscFunctionReturn(0);
}

/* Frees what a description holds (its materials, conditions and their time functions, the initial state). */
PetscErrorCode DioStageHeatDescriptionDestroy(DioStageHeatDescription *d)
{
  PetscFunctionBegin;
  for (PetscInt b = 0; d->conditions && b < d->num_conditions; b++)
    PetscCall(DioTimeFunctionDestroy(&d->conditions[b].tf));
  PetscCall(PetscFree(d->conditions));
  PetscCall(PetscFree(d->materials));
  PetscCall(VecDestroy(&d->initial_state));
  PetscCall(DioExpressionDestroy(&d->initial_field));
  PetscCall(DioExpressionDestroy(&d->field));
  PetscCall(PetscFree(d->field_file));
  PetscCall(PetscMemzero(d, sizeof(*d)));
  PetscFunctionReturn(0);
}

/* has[b]: boundary b carries a thermal condition a stage may switch (temperature, heat flux or convection). */
PetscErrorCode DioStageHeatGetSwitchable(DioStageHeat h, PetscBool has[])
{
  PetscFunctionBegin;
  for (PetscInt b = 0; h->d.analysis != DIO_ANALYSIS_MECHANICS && b < h->d.num_conditions; b++)
    if (h->d.conditions[b].kind != DIO_HEAT_CONDITION_NONE) has[b] = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* The thermal conditions of stage st's boundaries (-stages_<s>_apply / _remove; off: insulated), from its first time
   step on; the heat is set up with all on. Collective. */
static PetscErrorCode SwitchBoundaries(DioSection *sec, DioStageHeat h, const DioStage *st)
{
  PetscBool changed = PETSC_FALSE;

  PetscFunctionBegin;
  if (h->on == NULL) {
    PetscCall(PetscMalloc1(h->d.num_conditions + 1, &h->on));
    for (PetscInt b = 0; b < h->d.num_conditions; b++) h->on[b] = PETSC_TRUE;
  }
  for (PetscInt b = 0; b < h->d.num_conditions; b++) {
    if (st->boundary_on[b] == h->on[b]) continue;
    h->on[b] = st->boundary_on[b];
    if (h->d.conditions[b].kind == DIO_HEAT_CONDITION_NONE) continue;
    PetscCall(DioStageHeatSetCondition(h->heat, &h->d.conditions[b], h->on[b]));
    changed = PETSC_TRUE;
    if (!h->d.own_log)
      PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[heat]      boundary '%s' %s from stage '%s' on\n",
                              h->d.conditions[b].name, h->on[b] ? "on" : "insulated", st->name));
  }
  if (changed) PetscCall(DioHeatUpdateBoundaries(h->heat));
  PetscFunctionReturn(0);
}

/* The heat discretisation on the set-up section's mesh (P1 / Q1), its boundaries and the initial state. Collective. */
PetscErrorCode DioStageHeatSetUp(DioSection *sec, DioStageHeat h)
{
  const PetscInt n = sec->topology.num_cells;
  PetscInt       num_dofs;

  PetscFunctionBegin;
  if (h->d.analysis == DIO_ANALYSIS_MECHANICS) PetscFunctionReturn(0);
  PetscCall(DioHeatCreate(sec->dm, h->d.order, h->d.num_layers, h->d.materials, &h->heat));
  for (PetscInt b = 0; b < h->d.num_conditions; b++)
    PetscCall(DioStageHeatSetCondition(h->heat, &h->d.conditions[b], PETSC_TRUE));
  PetscCall(DioHeatSetFromOptions(h->heat));
  PetscCall(DioHeatSetUp(h->heat));
  PetscCall(DioHeatGetNumDofs(h->heat, &num_dofs));
  if (!h->d.own_log) {
    const char *text = NULL;
    char        what[PETSC_MAX_PATH_LEN + 1100];
    if (h->d.field || h->d.initial_field)
      PetscCall(DioExpressionGetText(h->d.field ? h->d.field : h->d.initial_field, NULL, &text));
    if (h->d.field)
      PetscCall(PetscSNPrintf(what, sizeof(what), "no heat solved, prescribed T(x, y, z, t) = %s", text));
    else if (text)
      PetscCall(PetscSNPrintf(what, sizeof(what), "%s, initial %s",
                              h->d.field_file ? "no heat solved, prescribed from the file"
                              : h->d.steady   ? "steady state per stage"
                                              : "time steps over each stage's duration",
                              text));
    else
      PetscCall(PetscSNPrintf(what, sizeof(what), "%s, initial %.4g",
                              h->d.field_file ? "no heat solved, prescribed from the file"
                              : h->d.steady   ? "steady state per stage"
                                              : "time steps over each stage's duration",
                              (double)h->d.initial_temperature));
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                            "[setup]     heat: %" PetscInt_FMT " temperature dofs (order %" PetscInt_FMT "), %s degC\n",
                            num_dofs, h->d.order, what));
  }
  PetscCall(DioHeatCreateGlobalVector(h->heat, &h->T));
  if (h->d.initial_state)
    PetscCall(VecCopy(h->d.initial_state, h->T));
  else if (h->d.field || h->d.initial_field)
    PetscCall(FieldAtNodes(h, h->d.field ? h->d.field : h->d.initial_field, 0.0));
  else
    PetscCall(VecSet(h->T, h->d.initial_temperature));
  if (h->d.field_file) { /* read and checked now (the file's field, then the initial state back) */
    Vec initial;
    PetscCall(VecDuplicate(h->T, &initial));
    PetscCall(VecCopy(h->T, initial));
    PetscCall(FieldAtNodes(h, NULL, 0.0));
    PetscCall(VecCopy(initial, h->T));
    PetscCall(VecDestroy(&initial));
  }
  PetscCall(DioHeatSetInitialState(h->heat, 0.0, h->T));
  PetscCall(PetscMalloc1(n + 1, &h->saturation));
  if (h->d.analysis == DIO_ANALYSIS_THERMAL_STRESS) {
    PetscCall(DioElasticityGetQuadratureRule(sec->elas, &h->num_qpoints, &h->xi));
    PetscCall(PetscMalloc4(n * h->num_qpoints + 1, &h->qpoint_T, n * h->num_qpoints + 1, &h->qpoint_T_committed,
                           6 * n * h->num_qpoints + 1, &h->eigenstrain, n * h->num_qpoints + 1,
                           &h->qpoint_T_reference));
    for (PetscInt i = 0; i < n * h->num_qpoints; i++) h->qpoint_T_committed[i] = h->d.initial_temperature;
    if (h->d.field || h->d.initial_field) /* the strain-free temperature: the initial field there */
      PetscCall(DioHeatInterpolateAtPoints(h->heat, h->T, h->num_qpoints, h->xi, h->qpoint_T_committed));
    PetscCall(PetscArraycpy(h->qpoint_T_reference, h->qpoint_T_committed, n * h->num_qpoints));
  } else if (h->d.analysis == DIO_ANALYSIS_THAW) {
    /* the reference state of the thermal and thaw strains: the initial temperature */
    PetscCall(DioThawCouplingCreate(h->heat, sec->elas, sec->materials, &h->coupling));
    PetscCall(DioThawCouplingSetPoints(h->coupling, h->d.thaw_points));
    PetscCall(DioThawCouplingSetReference(h->coupling, h->T));
    PetscCall(DioElasticityGetQuadratureRule(sec->elas, &h->num_qpoints, &h->xi));
    PetscCall(PetscCalloc2(6 * n * h->num_qpoints + 1, &h->thaw_strain_committed, 6 * n * h->num_qpoints + 1,
                           &h->thaw_strain_increment));
  }
  PetscFunctionReturn(0);
}

/* h->eigenstrain = alpha (T - T_from) at the mechanics' quadrature points (thermal_stress). Not collective. */
static PetscErrorCode ThermalStrain(DioSection *sec, DioStageHeat h, const PetscReal T[], const PetscReal T_from[])
{
  const PetscInt nq = h->num_qpoints;
  DMLabel        label;
  PetscInt       cStart;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_LAYER, &label));
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    const DioLayerFrozen *f;
    PetscInt              layer;
    PetscCall(DMLabelGetValue(label, cStart + c, &layer));
    PetscCall(DioMaterialTableGetFrozen(sec->materials, layer, &f));
    for (PetscInt i = c * nq; i < (c + 1) * nq; i++) {
      for (PetscInt k = 0; k < 6; k++) h->eigenstrain[6 * i + k] = k < 3 ? f->thermal_expansion * (T[i] - T_from[i]) : 0.0;
    }
  }
  PetscFunctionReturn(0);
}

/* The thermal strain committed since the strain-free state, handed to the mechanics for the free eps_zz of plane
   stress (thermal_stress; after qpoint_T_committed changed). Collective. */
static PetscErrorCode CommitThermalStrain(DioSection *sec, DioStageHeat h)
{
  PetscFunctionBegin;
  PetscCall(ThermalStrain(sec, h, h->qpoint_T_committed, h->qpoint_T_reference));
  PetscCall(DioElasticitySetCommittedEigenstrain(sec->elas, h->eigenstrain));
  PetscFunctionReturn(0);
}

/* The temperature of stage st (index s of num_stages): the steady state, or time steps to its end time; then, with
   thermal_stress, the increment of alpha dT since the last stage at the mechanics' quadrature points as its
   stress-free strain; with thaw, the cells' stiffness and the change of the thermal and thaw strains at the same
   points. Collective. */
PetscErrorCode DioStageHeatAdvance(DioSection *sec, DioStageHeat h, const DioStage *st, PetscInt s, PetscInt num_stages)
{
  PetscReal      lo, hi, frozen;
  DioHeatEnergy  energy;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  if (h->d.analysis == DIO_ANALYSIS_MECHANICS) PetscFunctionReturn(0);
  PetscCall(SwitchBoundaries(sec, h, st));
  PetscCall(PetscTime(&t0));
  if (h->d.field || h->d.field_file) /* prescribed: its value at the stage's end */
    PetscCall(FieldAtNodes(h, h->d.field, st->time_end));
  else if (h->d.steady)
    PetscCall(DioHeatSolveSteady(h->heat, st->time_end, h->T));
  else if (st->duration > 0)
    PetscCall(DioHeatAdvance(h->heat, h->T, st->time_end));
  PetscCall(PetscTime(&t1));
  PetscCall(VecMin(h->T, NULL, &lo));
  PetscCall(VecMax(h->T, NULL, &hi));
  PetscCall(DioHeatComputeFrozenVolume(h->heat, h->T, &frozen));
  PetscCall(DioHeatGetEnergy(h->heat, &energy));
  if (h->d.field || h->d.field_file)
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                            "[temp %3" PetscInt_FMT "/%" PetscInt_FMT
                            "] t = %10.4g d  %-26s T %.4g .. %.4g degC (prescribed)\n",
                            s + 1, num_stages, (double)(st->time_end / 86400.0), st->name, (double)lo, (double)hi));
  else if (!h->d.own_log)
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                            "[heat %3" PetscInt_FMT "/%" PetscInt_FMT
                            "] t = %10.4g d  %-26s T %.4g .. %.4g degC, frozen volume %.4g m^%d, %" PetscInt_FMT
                            " steps so far, %.2f s\n",
                            s + 1, num_stages, (double)(st->time_end / 86400.0), st->name, (double)lo, (double)hi,
                            (double)frozen, (int)sec->dim, energy.steps, t1 - t0));
  PetscCall(DioHeatComputeCellFields(h->heat, h->T, NULL, h->saturation, NULL));
  if (h->d.analysis == DIO_ANALYSIS_THERMAL_STRESS) {
    PetscCall(DioHeatInterpolateAtPoints(h->heat, h->T, h->num_qpoints, h->xi, h->qpoint_T));
    PetscCall(ThermalStrain(sec, h, h->qpoint_T, h->qpoint_T_committed));
    PetscCall(DioElasticitySetQuadratureEigenstrain(sec->elas, h->eigenstrain));
  } else if (h->d.analysis == DIO_ANALYSIS_THAW && st->secant) {
    /* solved whole from the state last stored: the whole thermal and thaw strain since the reference */
    PetscCall(DioThawCouplingUpdate(h->coupling, h->T, (PetscBool)!h->d.no_eigenstrain));
  } else if (h->d.analysis == DIO_ANALYSIS_THAW) {
    DioThawCellFields f;
    PetscCall(DioThawCouplingUpdate(h->coupling, h->T, PETSC_FALSE));
    PetscCall(DioThawCouplingGetCellFields(h->coupling, &f));
    for (PetscInt i = 0; i < 6 * sec->topology.num_cells * h->num_qpoints; i++)
      h->thaw_strain_increment[i] = f.eigenstrain[i] - h->thaw_strain_committed[i];
    PetscCall(DioElasticitySetQuadratureEigenstrain(sec->elas, h->thaw_strain_increment));
  }
  PetscFunctionReturn(0);
}

/* The heat field's energy terms into the run summary (J; per metre out of plane in 2D): the enthalpy change since the
   initial state, the heat in through the boundaries (held temperatures, fluxes, convection) and from sources. */
PetscErrorCode DioStageHeatAddSummary(DioStageHeat h, DioSummary summary)
{
  DioHeatEnergy e;

  PetscFunctionBegin;
  if (h->d.analysis == DIO_ANALYSIS_MECHANICS || h->d.field || h->d.field_file) PetscFunctionReturn(0); /* prescribed */
  PetscCall(DioHeatGetEnergy(h->heat, &e));
  PetscCall(DioSummaryAddReal(summary, "heat_enthalpy_change_J", e.enthalpy - e.enthalpy_initial));
  PetscCall(DioSummaryAddReal(summary, "heat_boundary_in_J", e.boundary_heat_in));
  PetscCall(DioSummaryAddReal(summary, "heat_source_J", e.source_heat));
  PetscCall(DioSummaryAddReal(summary, "heat_steps", (PetscReal)e.steps));
  PetscFunctionReturn(0);
}

/* After the stage's mechanics solve stored its stress: the thermal (and thaw) strain is in it, the next stage starts
   from here. A secant stage stored nothing: its strain stays set (its output's stress), nothing committed. */
PetscErrorCode DioStageHeatCommit(DioSection *sec, DioStageHeat h, const DioStage *st)
{
  PetscFunctionBegin;
  if (h->state) PetscCall(StatePack(h)); /* the next checkpoint's */
  if (st->secant && h->d.analysis == DIO_ANALYSIS_THAW) PetscFunctionReturn(0);
  if (h->d.analysis == DIO_ANALYSIS_THERMAL_STRESS) {
    PetscCall(PetscArraycpy(h->qpoint_T_committed, h->qpoint_T, sec->topology.num_cells * h->num_qpoints));
    PetscCall(CommitThermalStrain(sec, h));
  } else if (h->d.analysis == DIO_ANALYSIS_THAW) {
    DioThawCellFields f;
    PetscCall(DioThawCouplingGetCellFields(h->coupling, &f));
    PetscCall(PetscArraycpy(h->thaw_strain_committed, f.eigenstrain, 6 * sec->topology.num_cells * h->num_qpoints));
  } else
    PetscFunctionReturn(0);
  PetscCall(DioElasticitySetCellEigenstrain(sec->elas, NULL));
  PetscFunctionReturn(0);
}

/* The heat, its temperature and (thaw) the coupling, borrowed: what a preset's outputs read. */
PetscErrorCode DioStageHeatGetState(DioStageHeat h, DioHeat *heat, Vec *T, DioThawCoupling *coupling)
{
  PetscFunctionBegin;
  if (heat) *heat = h->heat;
  if (T) *T = h->T;
  if (coupling) *coupling = h->coupling;
  PetscFunctionReturn(0);
}

/* The heat fields of an output step: temperature at the vertices, unfrozen water saturation of the cells. */
PetscErrorCode DioStageHeatWriteFields(DioSection *sec, DioStageHeat h, DioOutput out)
{
  const DioMeshTopology *topo = &sec->topology;
  PetscReal             *T;

  PetscFunctionBegin;
  if (h->d.analysis == DIO_ANALYSIS_MECHANICS) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(topo->num_vertices + 1, &T));
  PetscCall(DioHeatGetVertexTemperature(h->heat, h->T, topo->num_vertices, topo->vertex_points, T));
  PetscCall(DioOutputWriteField(out, "temperature", DIO_OUTPUT_VERTEX, 1, "degC", T));
  if (!h->d.field && !h->d.field_file) /* prescribed: no freezing computed */
    PetscCall(DioOutputWriteField(out, "unfrozen_saturation", DIO_OUTPUT_CELL, 1, "-", h->saturation));
  if (h->coupling) {
    DioThawCellFields f;
    PetscCall(DioThawCouplingGetCellFields(h->coupling, &f));
    PetscCall(DioOutputWriteField(out, "thaw_strain", DIO_OUTPUT_CELL, 1, "-", f.thaw_strain));
    PetscCall(DioOutputWriteField(out, "youngs_modulus_current", DIO_OUTPUT_CELL, 1, "Pa", f.youngs_modulus));
  }
  PetscCall(PetscFree(T));
  PetscFunctionReturn(0);
}

/* The temperature into the stage checkpoints with its nodes' coordinates, the heat's next step and energy terms, and
   (thaw) the largest ice loss so far at every quadrature point of the mechanics (thaw_history_points, num_qpoints
   values a cell, matched by cell centroids): the state a restart needs besides the mechanics'. Collective. */
PetscErrorCode DioStageHeatCheckpointSetUp(DioSection *sec, DioStageHeat h)
{
  PetscFunctionBegin;
  if (h->d.analysis == DIO_ANALYSIS_MECHANICS) PetscFunctionReturn(0);
  if (h->T_coords == NULL) PetscCall(DioHeatCreateNodeCoordinates(h->heat, &h->T_coords));
  PetscCall(DioSectionCheckpointAddArray(sec, "temperature_node_coordinates", h->T_coords));
  PetscCall(DioSectionCheckpointAddArray(sec, "temperature", h->T));
  PetscCall(DioSectionCheckpointValuesCreate(sec, "heat_state", HEAT_STATE_SIZE, &h->state));
  /* a preset's computed initial state (permafrost's steady one) is the thaw's reference: kept, not solved again */
  if (h->d.initial_state) PetscCall(DioSectionCheckpointAddArray(sec, "temperature_initial", h->d.initial_state));
  if (h->coupling) {
    const PetscReal *thawed;
    PetscInt         nq;
    PetscCall(DioThawCouplingGetHistory(h->coupling, &nq, &thawed));
    PetscCall(
        VecCreateMPIWithArray(sec->comm, nq, sec->topology.num_cells * nq, PETSC_DECIDE, thawed, &h->thaw_history));
    PetscCall(DioSectionCheckpointAddArray(sec, THAW_HISTORY, h->thaw_history));
  }
  PetscFunctionReturn(0);
}

/* A restart after the stage that ended at `time` (s): the checkpoint's temperature (nodes matched by coordinates, any
   number of ranks), the heat's next step and energy terms, so that it goes on as the run that wrote it; with
   thermal_stress the temperature the next stage's thermal strain starts from, with thaw the coupling's reference (a
   given initial state's), history and the stiffness and strains of the cells at that temperature (the strain the next
   stage's increment starts from). Collective. */
PetscErrorCode DioStageHeatRestart(DioSection *sec, DioStageHeat h, const char path[], PetscReal time)
{
  DioHeatEnergy e;
  PetscReal    *reals[9], v[HEAT_STATE_SIZE];
  PetscInt     *ints[4];
  PetscBool     has;

  PetscFunctionBegin;
  if (h->T_coords == NULL) PetscFunctionReturn(0);
  if (h->d.field || h->d.field_file) { /* prescribed: its value at the checkpoint's time (the model's fingerprint
                                            holds the formula, or the file by its contents) */
    PetscCall(FieldAtNodes(h, h->d.field, time));
    PetscCall(DioHeatInterpolateAtPoints(h->heat, h->T, h->num_qpoints, h->xi, h->qpoint_T_committed));
    PetscCall(CommitThermalStrain(sec, h));
    PetscFunctionReturn(0);
  }
  PetscCall(DioSectionCheckpointReadNodeArray(sec, path, "temperature_node_coordinates", "temperature", h->T_coords, 1,
                                              h->T));
  PetscCall(DioCheckpointHasArray(sec->comm, path, "heat_state", &has));
  PetscCheck(has, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' holds no heat_state (written by an older diomede): run again from the start", path);
  PetscCall(DioSectionCheckpointValuesLoad(sec, path, "heat_state", HEAT_STATE_SIZE, v));
  StateFields(&e, reals, ints);
  for (PetscInt k = 0; k < 9; k++) *reals[k] = v[HEAT_STATE_REALS + k];
  for (PetscInt k = 0; k < 4; k++) *ints[k] = (PetscInt)v[HEAT_STATE_INTS + k];
  PetscCall(DioHeatResume(h->heat, time, h->T, v[HEAT_STATE_DT], &e));
  PetscCall(DioHeatComputeCellFields(h->heat, h->T, NULL, h->saturation, NULL));
  if (h->d.analysis == DIO_ANALYSIS_THERMAL_STRESS) {
    PetscCall(DioHeatInterpolateAtPoints(h->heat, h->T, h->num_qpoints, h->xi, h->qpoint_T_committed));
    PetscCall(CommitThermalStrain(sec, h));
  } else if (h->coupling) {
    DioThawCellFields f;
    PetscReal        *thawed;
    if (h->d.initial_state) { /* the reference the run had (setting it clears the history read next) */
      PetscCall(DioSectionCheckpointReadNodeArray(sec, path, "temperature_node_coordinates", "temperature_initial",
                                                  h->T_coords, 1, h->d.initial_state));
      PetscCall(DioThawCouplingSetReference(h->coupling, h->d.initial_state));
    }
    PetscCall(DioCheckpointHasArray(sec->comm, path, THAW_HISTORY, &has));
    PetscCheck(has, sec->comm, PETSC_ERR_USER_INPUT,
               "checkpoint '%s' holds no %s (written by an older diomede, per cell): run again from the start", path,
               THAW_HISTORY);
    PetscCall(PetscMalloc1(sec->topology.num_cells * h->num_qpoints + 1, &thawed));
    PetscCall(DioSectionCheckpointReadCellArray(sec, path, THAW_HISTORY, h->num_qpoints, thawed));
    PetscCall(DioThawCouplingSetHistory(h->coupling, thawed));
    PetscCall(PetscFree(thawed));
    PetscCall(DioThawCouplingUpdate(h->coupling, h->T, PETSC_FALSE));
    PetscCall(DioThawCouplingGetCellFields(h->coupling, &f));
    PetscCall(PetscArraycpy(h->thaw_strain_committed, f.eigenstrain, 6 * sec->topology.num_cells * h->num_qpoints));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioStageHeatDestroy(DioStageHeat *heat)
{
  DioStageHeat h = *heat;

  PetscFunctionBegin;
  if (h == NULL) PetscFunctionReturn(0);
  PetscCall(DioStageHeatDescriptionDestroy(&h->d));
  PetscCall(PetscFree(h->on));
  PetscCall(PetscFree(h->saturation));
  if (h->qpoint_T) PetscCall(PetscFree4(h->qpoint_T, h->qpoint_T_committed, h->eigenstrain, h->qpoint_T_reference));
  if (h->thaw_strain_committed) PetscCall(PetscFree2(h->thaw_strain_committed, h->thaw_strain_increment));
  PetscCall(DioThawCouplingDestroy(&h->coupling));
  PetscCall(VecDestroy(&h->T));
  PetscCall(VecDestroy(&h->T_coords));
  PetscCall(VecDestroy(&h->state));
  PetscCall(VecDestroy(&h->thaw_history));
  PetscCall(VecDestroy(&h->T_file));
  PetscCall(DioHeatDestroy(&h->heat));
  PetscCall(PetscFree(*heat));
  PetscFunctionReturn(0);
}
