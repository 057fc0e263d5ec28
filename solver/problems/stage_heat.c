/* SPDX-License-Identifier: BSD-2-Clause
   stage_heat.c: the heat field of the stage engine on an imported mesh (-analysis heat or thermal_stress): region
   thermal parameters by name (material table or case), temperature and heat flux on named boundaries, a uniform
   initial temperature, per stage a steady solve or backward Euler steps over the stage's duration (heat with
   freezing, dio_heat.h); for thermal_stress the thermal strain alpha dT at each quadrature point of the mechanics
   (the temperature interpolated there, alpha from -materials_<name>_thermal_expansion), for thaw the frozen stiffness,
   thermal and thaw strains of each cell (dio_thaw.h), handed to the mechanics as the stage's stress-free strain: its
   increment since the last stage, since each stage's solve starts from the stress stored at the end of the last. */
#include <petsctime.h>
#include "stage_engine.h"
#include "dio_heat.h"
#include "dio_thaw.h"

const char *const DioAnalyses[] = {"mechanics", "heat", "thermal_stress", "thaw", "DioAnalysis", "DIO_ANALYSIS_", NULL};

/* A thermal boundary value that varies in time: value (degC or W/m2) times the factor of tf at the time. */
typedef struct {
  DioTimeFunction tf; /* NULL: constant */
  PetscReal       value;
} DioHeatBoundaryHistory;

/* DioHeatScalarFn of a boundary history (ctx: DioHeatBoundaryHistory). */
static void BoundaryHistoryValue(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  const DioHeatBoundaryHistory *history = (const DioHeatBoundaryHistory *)ctx;
  (void)dim;
  (void)X;
  *value = history->value * DioTimeFunctionValue(history->tf, time);
}

struct _n_DioStageHeat {
  DioAnalysis      analysis;
  PetscBool        steady;
  PetscReal        initial_temperature; /* degC */
  PetscInt         num_layers, num_boundaries;
  PetscBool       *has_temperature, *has_flux, *has_convection; /* [num_boundaries] */
  PetscReal       *temperature, *flux;                          /* [num_boundaries] degC, W/m2 into the domain */
  PetscReal       *coefficient, *ambient;                       /* [num_boundaries] convection: W/m2/K, degC */
  DioHeatMaterial *materials;                                   /* [num_layers] */
  DioHeat          heat;
  Vec              T;
  PetscReal              *saturation; /* [num_cells] */
  DioHeatBoundaryHistory *history;    /* [num_boundaries]: time functions */
  PetscBool              *on;         /* [num_boundaries] the stage state the heat has; NULL: all on (set-up) */
  /* thermal_stress: temperature at the mechanics' quadrature points now and at the last stage's end, the strain */
  PetscInt         num_qpoints;
  const PetscReal *xi; /* [num_qpoints][dim] reference points (borrowed from the elasticity) */
  PetscReal       *qpoint_T, *qpoint_T_committed, *eigenstrain; /* [num_cells][num_qpoints] ([..][6]) */
  /* thaw: the coupling, the strain of its cells at the last stage's end and the increment since */
  DioThawCoupling coupling;
  PetscReal      *cell_strain_committed, *cell_strain_increment; /* [num_cells][6] */
  /* checkpoints: the temperature nodes' coordinates (keys), the heat's next step and energy terms (HEAT_STATE_SIZE
     values on rank 0), thaw: the coupling's history (a view of its array, one value per local cell) */
  Vec T_coords, state, thaw_history;
};

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

extern const char dio_embedded_materials_csv[];

/*
  DioStageHeatCreate - the analysis (-analysis mechanics|heat|thermal_stress, default mechanics) and, with heat, its
  options: -heat_steady (each stage solves the steady state; default false: backward Euler over the stage's
  duration), -heat_initial_temperature (degC, default 0), -heat_curve none|exponential|power (default exponential),
  -boundaries_<name>_temperature (degC), -boundaries_<name>_heat_flux (W/m2 into the domain) or convection
  (-boundaries_<name>_heat_transfer_coefficient W/m2/K with _ambient_temperature degC; default none: insulated) on the
  named boundaries, a temperature or heat flux optionally times a time function
  (-boundaries_<name>_temperature_time_function or _heat_flux_time_function, inline or _file; without the value the
  table gives it), and the thermal parameters of every region (DioHeatMaterialSetFromOptions()).
  Checked in check mode too. Collective.
*/
PetscErrorCode DioStageHeatCreate(DioSection *sec, const DioStageList *list, DioStageHeat *heat)
{
  const DioMeshRegions *rg = &sec->imported->regions;
  DioStageHeat          h;
  DioHeatCurve          curve    = DIO_HEAT_CURVE_EXPONENTIAL;
  const char *const     curves[] = {"none", "exponential", "power", "DioHeatCurve", "DIO_HEAT_CURVE_", NULL};

  PetscFunctionBegin;
  PetscCall(PetscNew(&h));
  PetscOptionsBegin(sec->comm, NULL, "Analysis on an imported mesh", "analysis");
  PetscCall(PetscOptionsEnum(
      "-analysis",
      "What the stages compute: mechanics, heat (with freezing), thermal_stress (heat, then mechanics with alpha dT), "
      "thaw (heat, then mechanics with the frozen stiffness, thermal and thaw strains)",
      "", DioAnalyses, (PetscEnum)h->analysis, (PetscEnum *)&h->analysis, NULL));
  PetscOptionsEnd();
  *heat = h;
  if (h->analysis == DIO_ANALYSIS_MECHANICS) PetscFunctionReturn(0);
  h->num_layers     = rg->num_layers;
  h->num_boundaries = rg->num_boundaries;
  PetscOptionsBegin(sec->comm, NULL, "Heat on an imported mesh", "heat");
  PetscCall(PetscOptionsBool(
      "-heat_steady", "Each stage solves the steady temperature (default false: time steps over the stage's duration)",
      "", h->steady, &h->steady, NULL));
  PetscCall(PetscOptionsReal("-heat_initial_temperature",
                             "Uniform initial temperature, also the strain-free one (degC); default 0", "",
                             h->initial_temperature, &h->initial_temperature, NULL));
  PetscCall(PetscOptionsEnum("-heat_curve", "Freezing curve of every region: none, exponential, power", "", curves,
                             (PetscEnum)curve, (PetscEnum *)&curve, NULL));
  PetscOptionsEnd();
  PetscCheck(h->initial_temperature > -100 && h->initial_temperature < 1000, sec->comm, PETSC_ERR_USER_INPUT,
             "-heat_initial_temperature = %g: must be in (-100, 1000) degC", (double)h->initial_temperature);
  PetscCall(PetscCalloc4(h->num_boundaries + 1, &h->has_temperature, h->num_boundaries + 1, &h->has_flux,
                         h->num_boundaries + 1, &h->temperature, h->num_boundaries + 1, &h->flux));
  PetscCall(PetscCalloc3(h->num_boundaries + 1, &h->has_convection, h->num_boundaries + 1, &h->coefficient,
                         h->num_boundaries + 1, &h->ambient));
  for (PetscInt b = 0; b < h->num_boundaries; b++) {
    char      key[4][300];
    PetscBool has_ambient;
    PetscCall(PetscSNPrintf(key[0], sizeof(key[0]), "-boundaries_%s_temperature", rg->boundary_names[b]));
    PetscCall(PetscSNPrintf(key[1], sizeof(key[1]), "-boundaries_%s_heat_flux", rg->boundary_names[b]));
    PetscCall(PetscSNPrintf(key[2], sizeof(key[2]), "-boundaries_%s_heat_transfer_coefficient", rg->boundary_names[b]));
    PetscCall(PetscSNPrintf(key[3], sizeof(key[3]), "-boundaries_%s_ambient_temperature", rg->boundary_names[b]));
    PetscOptionsBegin(sec->comm, NULL, "Thermal condition of a boundary of the mesh file", "boundaries");
    PetscCall(PetscOptionsReal(key[0], "Temperature held on the boundary (degC); default none (insulated)", "",
                               h->temperature[b], &h->temperature[b], &h->has_temperature[b]));
    PetscCall(PetscOptionsReal(key[1],
                               "Heat flux into the domain through the boundary (W/m2); default none (insulated)", "",
                               h->flux[b], &h->flux[b], &h->has_flux[b]));
    PetscCall(PetscOptionsReal(
        key[2], "Convection: heat transfer coefficient h_c (W/m2/K), flux in h_c (T_ambient - T); default none", "",
        h->coefficient[b], &h->coefficient[b], &h->has_convection[b]));
    PetscCall(PetscOptionsReal(key[3], "Convection: ambient temperature (degC); needed with the coefficient", "",
                               h->ambient[b], &h->ambient[b], &has_ambient));
    PetscOptionsEnd();
    PetscCheck(h->has_convection[b] == has_ambient, sec->comm, PETSC_ERR_USER_INPUT,
               "%s: convection needs both %s (W/m2/K) and %s (degC)", has_ambient ? key[3] : key[2], key[2], key[3]);
    PetscCheck(!h->has_convection[b] ||
                   (h->coefficient[b] > 0 && h->coefficient[b] < 1e6 && h->ambient[b] > -100 && h->ambient[b] < 1000),
               sec->comm, PETSC_ERR_USER_INPUT, "%s = %g, %s = %g: must be in (0, 1e6) W/m2/K and (-100, 1000) degC",
               key[2], (double)h->coefficient[b], key[3], (double)h->ambient[b]);
    PetscCheck(h->has_temperature[b] + h->has_flux[b] + h->has_convection[b] <= 1, sec->comm, PETSC_ERR_USER_INPUT,
               "%s: one thermal condition per boundary (%s%s%s)", h->has_temperature[b] ? key[0] : key[1],
               h->has_temperature[b] ? "temperature" : "",
               h->has_flux[b] ? (h->has_temperature[b] ? ", heat flux" : "heat flux") : "",
               h->has_convection[b] ? ", convection" : "");
    PetscCheck(!h->has_temperature[b] || (h->temperature[b] > -100 && h->temperature[b] < 1000), sec->comm,
               PETSC_ERR_USER_INPUT, "%s = %g: must be in (-100, 1000) degC", key[0], (double)h->temperature[b]);
    PetscCheck(!h->has_flux[b] || PetscAbsReal(h->flux[b]) < 1e6, sec->comm, PETSC_ERR_USER_INPUT,
               "%s = %g: must be within +-1e6 W/m2", key[1], (double)h->flux[b]);
  }
  /* a time function on a temperature or heat flux (without the value, the table gives it in degC or W/m2) */
  PetscCall(PetscCalloc1(h->num_boundaries + 1, &h->history));
  for (PetscInt b = 0; b < h->num_boundaries; b++) {
    const char     *what[2] = {"temperature", "heat_flux"};
    char            key[2][320];
    DioTimeFunction tf[2];
    for (PetscInt k = 0; k < 2; k++) {
      PetscCall(PetscSNPrintf(key[k], sizeof(key[k]), "-boundaries_%s_%s_time_function", rg->boundary_names[b], what[k]));
      PetscCall(DioTimeFunctionCreateFromOptions(sec->comm, key[k], k ? "the heat flux (W/m2; without _heat_flux the table gives it)" : "the temperature (degC; without _temperature the table gives it)", &tf[k]));
    }
    if (tf[0] && tf[1]) PetscCall(DioTimeFunctionDestroy(&tf[1]));
    PetscCheck(!(tf[0] && h->has_flux[b]) && !(tf[1] && h->has_temperature[b]) && !(tf[0] && tf[1]), sec->comm, PETSC_ERR_USER_INPUT,
               "%s: a boundary holds a temperature or a heat flux, not both", tf[0] ? key[0] : key[1]);
    PetscCheck(!((tf[0] || tf[1]) && h->has_convection[b]), sec->comm, PETSC_ERR_USER_INPUT,
               "%s: a boundary with convection takes no temperature or heat-flux table", tf[0] ? key[0] : key[1]);
    for (PetscInt k = 0; k < 2; k++) {
      PetscBool *has   = k ? &h->has_flux[b] : &h->has_temperature[b];
      PetscReal *value = k ? &h->flux[b] : &h->temperature[b];
      if (!tf[k]) continue;
      if (!*has) *value = 1.0;
      *has                  = PETSC_TRUE;
      h->history[b].tf    = tf[k];
      h->history[b].value = *value;
    }
  }
  {
    char      path[PETSC_MAX_PATH_LEN] = "";
    PetscBool has_file;
    DioTable  table;
    PetscCall(PetscOptionsGetString(NULL, NULL, "-materials_file", path, sizeof(path), &has_file));
    if (has_file)
      PetscCall(DioTableCreateFromFile(sec->comm, path, &table));
    else
      PetscCall(DioTableCreateFromString(sec->comm, "embedded:materials.csv", dio_embedded_materials_csv, &table));
    PetscCall(PetscMalloc1(h->num_layers, &h->materials));
    for (PetscInt l = 0; l < h->num_layers; l++)
      PetscCall(DioHeatMaterialSetFromOptions(sec->comm, table, rg->layer_names[l], curve, &h->materials[l]));
    PetscCall(DioTableDestroy(&table));
  }
  for (PetscInt s = 0; s < list->num_stages; s++) {
    const DioStage *st = &list->stage[s];
    PetscCheck((h->analysis != DIO_ANALYSIS_THERMAL_STRESS && h->analysis != DIO_ANALYSIS_THAW) || st->steps == 1,
               sec->comm, PETSC_ERR_USER_INPUT,
               "-stages_%s_steps = %" PetscInt_FMT ": with -analysis %s a stage is one load step", st->name, st->steps,
               DioAnalyses[h->analysis]);
    PetscCheck(h->analysis != DIO_ANALYSIS_HEAT || st->initial == DIO_STAGE_INITIAL_NONE, sec->comm,
               PETSC_ERR_USER_INPUT, "-stages_%s_initial_stress: -analysis heat computes no stress", st->name);
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioStageHeatGetAnalysis(DioStageHeat h, DioAnalysis *analysis)
{
  PetscFunctionBegin;
  *analysis = h->analysis;
  PetscFunctionReturn(0);
}

/* Boundary b's thermal condition on the heat, or none (insulated: a stage switched it off). */
static PetscErrorCode SetBoundary(DioStageHeat h, PetscInt b, PetscBool on)
{
  PetscFunctionBegin;
  if (!on) PetscCall(DioHeatClearBoundary(h->heat, b + 1));
  else if (h->history[b].tf && h->has_temperature[b])
    PetscCall(DioHeatSetBoundaryTemperature(h->heat, b + 1, BoundaryHistoryValue, &h->history[b]));
  else if (h->history[b].tf) PetscCall(DioHeatSetBoundaryFlux(h->heat, b + 1, BoundaryHistoryValue, &h->history[b]));
  else if (h->has_temperature[b]) PetscCall(DioHeatSetBoundaryTemperatureConstant(h->heat, b + 1, h->temperature[b]));
  else if (h->has_flux[b]) PetscCall(DioHeatSetBoundaryFluxConstant(h->heat, b + 1, h->flux[b]));
  else if (h->has_convection[b])
    PetscCall(DioHeatSetBoundaryConvection(h->heat, b + 1, h->coefficient[b], h->ambient[b]));
  PetscFunctionReturn(0);
}

/* has[b]: boundary b carries a thermal condition a stage may switch (temperature, heat flux or convection). */
PetscErrorCode DioStageHeatGetSwitchable(DioStageHeat h, PetscBool has[])
{
  PetscFunctionBegin;
  for (PetscInt b = 0; h->analysis != DIO_ANALYSIS_MECHANICS && b < h->num_boundaries; b++)
    if (h->has_temperature[b] || h->has_flux[b] || h->has_convection[b]) has[b] = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* The thermal conditions of stage st's boundaries (-stages_<s>_apply / _remove; off: insulated), from its first time
   step on; the heat is set up with all on. Collective. */
static PetscErrorCode SwitchBoundaries(DioSection *sec, DioStageHeat h, const DioStage *st)
{
  PetscBool changed = PETSC_FALSE;

  PetscFunctionBegin;
  if (sec->imported == NULL) PetscFunctionReturn(0); /* a preset's boundaries are its own */
  if (h->on == NULL) {
    PetscCall(PetscMalloc1(h->num_boundaries + 1, &h->on));
    for (PetscInt b = 0; b < h->num_boundaries; b++) h->on[b] = PETSC_TRUE;
  }
  for (PetscInt b = 0; b < h->num_boundaries; b++) {
    if (st->boundary_on[b] == h->on[b]) continue;
    h->on[b] = st->boundary_on[b];
    if (!(h->has_temperature[b] || h->has_flux[b] || h->has_convection[b])) continue;
    PetscCall(SetBoundary(h, b, h->on[b]));
    changed = PETSC_TRUE;
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[heat]      boundary '%s' %s from stage '%s' on\n",
                            sec->imported->regions.boundary_names[b], h->on[b] ? "on" : "insulated", st->name));
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
  if (h->analysis == DIO_ANALYSIS_MECHANICS) PetscFunctionReturn(0);
  PetscCall(DioHeatCreate(sec->dm, 1, h->num_layers, h->materials, &h->heat));
  for (PetscInt b = 0; b < h->num_boundaries; b++) PetscCall(SetBoundary(h, b, PETSC_TRUE));
  PetscCall(DioHeatSetFromOptions(h->heat));
  PetscCall(DioHeatSetUp(h->heat));
  PetscCall(DioHeatGetNumDofs(h->heat, &num_dofs));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[setup]     heat: %" PetscInt_FMT " temperature dofs (order 1), %s, initial %.4g degC\n",
                          num_dofs, h->steady ? "steady state per stage" : "time steps over each stage's duration",
                          (double)h->initial_temperature));
  PetscCall(DioHeatCreateGlobalVector(h->heat, &h->T));
  PetscCall(VecSet(h->T, h->initial_temperature));
  PetscCall(DioHeatSetInitialState(h->heat, 0.0, h->T));
  PetscCall(PetscMalloc1(n + 1, &h->saturation));
  if (h->analysis == DIO_ANALYSIS_THERMAL_STRESS) {
    PetscCall(DioElasticityGetQuadratureRule(sec->elas, &h->num_qpoints, &h->xi));
    PetscCall(PetscMalloc3(n * h->num_qpoints + 1, &h->qpoint_T, n * h->num_qpoints + 1, &h->qpoint_T_committed,
                           6 * n * h->num_qpoints + 1, &h->eigenstrain));
    for (PetscInt i = 0; i < n * h->num_qpoints; i++) h->qpoint_T_committed[i] = h->initial_temperature;
  } else if (h->analysis == DIO_ANALYSIS_THAW) {
    /* the reference state of the thermal and thaw strains: the initial temperature */
    PetscCall(DioThawCouplingCreate(h->heat, sec->elas, sec->materials, &h->coupling));
    PetscCall(DioThawCouplingSetReference(h->coupling, h->T));
    PetscCall(PetscCalloc2(6 * n + 1, &h->cell_strain_committed, 6 * n + 1, &h->cell_strain_increment));
  }
  PetscFunctionReturn(0);
}

/* The temperature of stage st (index s of num_stages): the steady state, or time steps to its end time; then, with
   thermal_stress, the increment of alpha dT since the last stage at the mechanics' quadrature points as its
   stress-free strain; with thaw, the cells' stiffness and the change of their thermal and thaw strains. Collective. */
PetscErrorCode DioStageHeatAdvance(DioSection *sec, DioStageHeat h, const DioStage *st, PetscInt s, PetscInt num_stages)
{
  PetscReal      lo, hi, frozen;
  DioHeatEnergy  energy;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  if (h->analysis == DIO_ANALYSIS_MECHANICS) PetscFunctionReturn(0);
  PetscCall(SwitchBoundaries(sec, h, st));
  PetscCall(PetscTime(&t0));
  if (h->steady)
    PetscCall(DioHeatSolveSteady(h->heat, st->time_end, h->T));
  else if (st->duration > 0)
    PetscCall(DioHeatAdvance(h->heat, h->T, st->time_end));
  PetscCall(PetscTime(&t1));
  PetscCall(VecMin(h->T, NULL, &lo));
  PetscCall(VecMax(h->T, NULL, &hi));
  PetscCall(DioHeatComputeFrozenVolume(h->heat, h->T, &frozen));
  PetscCall(DioHeatGetEnergy(h->heat, &energy));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[heat %3" PetscInt_FMT "/%" PetscInt_FMT
                          "] t = %10.4g d  %-26s T %.4g .. %.4g degC, frozen volume %.4g m^%d, %" PetscInt_FMT
                          " steps so far, %.2f s\n",
                          s + 1, num_stages, (double)(st->time_end / 86400.0), st->name, (double)lo, (double)hi,
                          (double)frozen, (int)sec->dim, energy.steps, t1 - t0));
  PetscCall(DioHeatComputeCellFields(h->heat, h->T, NULL, h->saturation, NULL));
  if (h->analysis == DIO_ANALYSIS_THERMAL_STRESS) {
    const PetscInt nq = h->num_qpoints;
    DMLabel        label;
    PetscInt       cStart;
    PetscCall(DioHeatInterpolateAtPoints(h->heat, h->T, nq, h->xi, h->qpoint_T));
    PetscCall(DMGetLabel(sec->dm, DIO_LABEL_LAYER, &label));
    PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
    for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
      const DioLayerFrozen *f;
      PetscInt              layer;
      PetscCall(DMLabelGetValue(label, cStart + c, &layer));
      PetscCall(DioMaterialTableGetFrozen(sec->materials, layer, &f));
      for (PetscInt i = c * nq; i < (c + 1) * nq; i++) {
        for (PetscInt k = 0; k < 6; k++)
          h->eigenstrain[6 * i + k] = k < 3 ? f->thermal_expansion * (h->qpoint_T[i] - h->qpoint_T_committed[i]) : 0.0;
      }
    }
    PetscCall(DioElasticitySetQuadratureEigenstrain(sec->elas, h->eigenstrain));
  } else if (h->analysis == DIO_ANALYSIS_THAW) {
    DioThawCellFields f;
    PetscCall(DioThawCouplingUpdate(h->coupling, h->T, PETSC_FALSE));
    PetscCall(DioThawCouplingGetCellFields(h->coupling, &f));
    for (PetscInt i = 0; i < 6 * sec->topology.num_cells; i++)
      h->cell_strain_increment[i] = f.eigenstrain[i] - h->cell_strain_committed[i];
    PetscCall(DioElasticitySetCellEigenstrain(sec->elas, h->cell_strain_increment));
  }
  PetscFunctionReturn(0);
}

/* The heat field's energy terms into the run summary (J; per metre out of plane in 2D): the enthalpy change since the
   initial state, the heat in through the boundaries (held temperatures, fluxes, convection) and from sources. */
PetscErrorCode DioStageHeatAddSummary(DioStageHeat h, DioSummary summary)
{
  DioHeatEnergy e;

  PetscFunctionBegin;
  if (h->analysis == DIO_ANALYSIS_MECHANICS) PetscFunctionReturn(0);
  PetscCall(DioHeatGetEnergy(h->heat, &e));
  PetscCall(DioSummaryAddReal(summary, "heat_enthalpy_change_J", e.enthalpy - e.enthalpy_initial));
  PetscCall(DioSummaryAddReal(summary, "heat_boundary_in_J", e.boundary_heat_in));
  PetscCall(DioSummaryAddReal(summary, "heat_source_J", e.source_heat));
  PetscCall(DioSummaryAddReal(summary, "heat_steps", (PetscReal)e.steps));
  PetscFunctionReturn(0);
}

/* After the stage's mechanics solve stored its stress: the thermal (and thaw) strain is in it, the next stage starts
   from here. */
PetscErrorCode DioStageHeatCommit(DioSection *sec, DioStageHeat h)
{
  PetscFunctionBegin;
  if (h->state) PetscCall(StatePack(h)); /* the next checkpoint's */
  if (h->analysis == DIO_ANALYSIS_THERMAL_STRESS)
    PetscCall(PetscArraycpy(h->qpoint_T_committed, h->qpoint_T, sec->topology.num_cells * h->num_qpoints));
  else if (h->analysis == DIO_ANALYSIS_THAW) {
    DioThawCellFields f;
    PetscCall(DioThawCouplingGetCellFields(h->coupling, &f));
    PetscCall(PetscArraycpy(h->cell_strain_committed, f.eigenstrain, 6 * sec->topology.num_cells));
  } else
    PetscFunctionReturn(0);
  PetscCall(DioElasticitySetCellEigenstrain(sec->elas, NULL));
  PetscFunctionReturn(0);
}

/* The heat fields of an output step: temperature at the vertices, unfrozen water saturation of the cells. */
PetscErrorCode DioStageHeatWriteFields(DioSection *sec, DioStageHeat h, DioOutput out)
{
  const DioMeshTopology *topo = &sec->topology;
  PetscReal             *T;

  PetscFunctionBegin;
  if (h->analysis == DIO_ANALYSIS_MECHANICS) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(topo->num_vertices + 1, &T));
  PetscCall(DioHeatGetVertexTemperature(h->heat, h->T, topo->num_vertices, topo->vertex_points, T));
  PetscCall(DioOutputWriteField(out, "temperature", DIO_OUTPUT_VERTEX, 1, "degC", T));
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
   (thaw) the largest ice loss of every cell so far: the state a restart needs besides the mechanics'. Collective. */
PetscErrorCode DioStageHeatCheckpointSetUp(DioSection *sec, DioStageHeat h)
{
  PetscFunctionBegin;
  if (h->analysis == DIO_ANALYSIS_MECHANICS) PetscFunctionReturn(0);
  PetscCall(DioHeatCreateNodeCoordinates(h->heat, &h->T_coords));
  PetscCall(DioSectionCheckpointAddArray(sec, "temperature_node_coordinates", h->T_coords));
  PetscCall(DioSectionCheckpointAddArray(sec, "temperature", h->T));
  PetscCall(DioSectionCheckpointValuesCreate(sec, "heat_state", HEAT_STATE_SIZE, &h->state));
  if (h->coupling) {
    const PetscReal *thawed;
    PetscCall(DioThawCouplingGetHistory(h->coupling, &thawed));
    PetscCall(VecCreateMPIWithArray(sec->comm, 1, sec->topology.num_cells, PETSC_DECIDE, thawed, &h->thaw_history));
    PetscCall(DioSectionCheckpointAddArray(sec, "thaw_history", h->thaw_history));
  }
  PetscFunctionReturn(0);
}

/* A restart after the stage that ended at `time` (s): the checkpoint's temperature (nodes matched by coordinates, any
   number of ranks), the heat's next step and energy terms, so that it goes on as the run that wrote it; with
   thermal_stress the temperature the next stage's thermal strain starts from, with thaw the coupling's history and the
   stiffness and strains of the cells at that temperature (the strain the next stage's increment starts from).
   Collective. */
PetscErrorCode DioStageHeatRestart(DioSection *sec, DioStageHeat h, const char path[], PetscReal time)
{
  DioHeatEnergy e;
  PetscReal    *reals[9], v[HEAT_STATE_SIZE];
  PetscInt     *ints[4];
  PetscBool     has;

  PetscFunctionBegin;
  if (h->T_coords == NULL) PetscFunctionReturn(0);
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
  if (h->analysis == DIO_ANALYSIS_THERMAL_STRESS)
    PetscCall(DioHeatInterpolateAtPoints(h->heat, h->T, h->num_qpoints, h->xi, h->qpoint_T_committed));
  else if (h->coupling) {
    DioThawCellFields f;
    PetscReal        *thawed;
    PetscCall(PetscMalloc1(sec->topology.num_cells + 1, &thawed));
    PetscCall(DioSectionCheckpointReadCellArray(sec, path, "thaw_history", 1, thawed));
    PetscCall(DioThawCouplingSetHistory(h->coupling, thawed));
    PetscCall(PetscFree(thawed));
    PetscCall(DioThawCouplingUpdate(h->coupling, h->T, PETSC_FALSE));
    PetscCall(DioThawCouplingGetCellFields(h->coupling, &f));
    PetscCall(PetscArraycpy(h->cell_strain_committed, f.eigenstrain, 6 * sec->topology.num_cells));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioStageHeatDestroy(DioStageHeat *heat)
{
  DioStageHeat h = *heat;

  PetscFunctionBegin;
  if (h == NULL) PetscFunctionReturn(0);
  for (PetscInt b = 0; h->history && b < h->num_boundaries; b++) PetscCall(DioTimeFunctionDestroy(&h->history[b].tf));
  PetscCall(PetscFree(h->history));
  PetscCall(PetscFree(h->on));
  if (h->has_temperature) PetscCall(PetscFree4(h->has_temperature, h->has_flux, h->temperature, h->flux));
  if (h->has_convection) PetscCall(PetscFree3(h->has_convection, h->coefficient, h->ambient));
  PetscCall(PetscFree(h->materials));
  PetscCall(PetscFree(h->saturation));
  if (h->qpoint_T) PetscCall(PetscFree3(h->qpoint_T, h->qpoint_T_committed, h->eigenstrain));
  if (h->cell_strain_committed) PetscCall(PetscFree2(h->cell_strain_committed, h->cell_strain_increment));
  PetscCall(DioThawCouplingDestroy(&h->coupling));
  PetscCall(VecDestroy(&h->T));
  PetscCall(VecDestroy(&h->T_coords));
  PetscCall(VecDestroy(&h->state));
  PetscCall(VecDestroy(&h->thaw_history));
  PetscCall(DioHeatDestroy(&h->heat));
  PetscCall(PetscFree(*heat));
  PetscFunctionReturn(0);
}
