/* SPDX-License-Identifier: BSD-2-Clause
   stage_heat_options.c: the heat of the stages on an imported mesh described from the case's options (-analysis,
   -heat_*, the thermal conditions of the named boundaries, the thermal parameters of every region by name) and made
   from that description (DioStageHeatCreateFromDescription(), stage_heat.c). */
#include "stage_engine.h"

extern const char dio_embedded_materials_csv[];

const char *const DioAnalyses[] = {"mechanics", "heat", "thermal_stress", "thaw", "DioAnalysis", "DIO_ANALYSIS_", NULL};

/* Boundary b's thermal condition from -boundaries_<name>_temperature, _heat_flux or convection
   (_heat_transfer_coefficient with _ambient_temperature), checked. Collective. */
static PetscErrorCode ConditionFromOptions(MPI_Comm comm, const char name[], DioHeatCondition *c)
{
  char      key[4][300];
  PetscBool has[4];
  PetscReal temperature = 0, flux = 0;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(key[0], sizeof(key[0]), "-boundaries_%s_temperature", name));
  PetscCall(PetscSNPrintf(key[1], sizeof(key[1]), "-boundaries_%s_heat_flux", name));
  PetscCall(PetscSNPrintf(key[2], sizeof(key[2]), "-boundaries_%s_heat_transfer_coefficient", name));
  PetscCall(PetscSNPrintf(key[3], sizeof(key[3]), "-boundaries_%s_ambient_temperature", name));
  PetscOptionsBegin(comm, NULL, "Thermal condition of a boundary of the mesh file", "boundaries");
  PetscCall(PetscOptionsReal(key[0], "Temperature held on the boundary (degC); default none (insulated)", "",
                             temperature, &temperature, &has[0]));
  PetscCall(PetscOptionsReal(key[1], "Heat flux into the domain through the boundary (W/m2); default none (insulated)",
                             "", flux, &flux, &has[1]));
  PetscCall(PetscOptionsReal(
      key[2], "Convection: heat transfer coefficient h_c (W/m2/K), flux in h_c (T_ambient - T); default none", "",
      c->coefficient, &c->coefficient, &has[2]));
  PetscCall(PetscOptionsReal(key[3], "Convection: ambient temperature (degC); needed with the coefficient", "",
                             c->ambient, &c->ambient, &has[3]));
  PetscOptionsEnd();
  PetscCheck(has[2] == has[3], comm, PETSC_ERR_USER_INPUT, "%s: convection needs both %s (W/m2/K) and %s (degC)",
             has[3] ? key[3] : key[2], key[2], key[3]);
  PetscCheck(!has[2] || (c->coefficient > 0 && c->coefficient < 1e6 && c->ambient > -100 && c->ambient < 1000), comm,
             PETSC_ERR_USER_INPUT, "%s = %g, %s = %g: must be in (0, 1e6) W/m2/K and (-100, 1000) degC", key[2],
             (double)c->coefficient, key[3], (double)c->ambient);
  PetscCheck(has[0] + has[1] + has[2] <= 1, comm, PETSC_ERR_USER_INPUT,
             "%s: one thermal condition per boundary (%s%s%s)", has[0] ? key[0] : key[1], has[0] ? "temperature" : "",
             has[1] ? (has[0] ? ", heat flux" : "heat flux") : "", has[2] ? ", convection" : "");
  PetscCheck(!has[0] || (temperature > -100 && temperature < 1000), comm, PETSC_ERR_USER_INPUT,
             "%s = %g: must be in (-100, 1000) degC", key[0], (double)temperature);
  PetscCheck(!has[1] || PetscAbsReal(flux) < 1e6, comm, PETSC_ERR_USER_INPUT, "%s = %g: must be within +-1e6 W/m2",
             key[1], (double)flux);
  c->kind  = has[0]   ? DIO_HEAT_CONDITION_TEMPERATURE
             : has[1] ? DIO_HEAT_CONDITION_FLUX
             : has[2] ? DIO_HEAT_CONDITION_CONVECTION
                      : DIO_HEAT_CONDITION_NONE;
  c->value = has[0] ? temperature : flux;
  PetscFunctionReturn(0);
}

/* A time function on boundary c's temperature or heat flux (-boundaries_<name>_temperature_time_function or
   _heat_flux_time_function, inline or _file); without the value the table gives it in degC or W/m2. Collective. */
static PetscErrorCode ConditionHistoryFromOptions(MPI_Comm comm, const char name[], DioHeatCondition *c)
{
  const char                *what[2] = {"temperature", "heat_flux"};
  const DioHeatConditionKind kind[2] = {DIO_HEAT_CONDITION_TEMPERATURE, DIO_HEAT_CONDITION_FLUX};
  char                       key[2][320];
  DioTimeFunction            tf[2];
  PetscBool                  both;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < 2; k++) {
    PetscCall(PetscSNPrintf(key[k], sizeof(key[k]), "-boundaries_%s_%s_time_function", name, what[k]));
    PetscCall(DioTimeFunctionCreateFromOptions(comm, key[k],
                                               k ? "the heat flux (W/m2; without _heat_flux the table gives it)"
                                                 : "the temperature (degC; without _temperature the table gives it)",
                                               &tf[k]));
  }
  both = (PetscBool)(tf[0] && tf[1]);
  if (both) PetscCall(DioTimeFunctionDestroy(&tf[1]));
  PetscCheck(!both && !(tf[0] && c->kind == DIO_HEAT_CONDITION_FLUX) &&
                 !(tf[1] && c->kind == DIO_HEAT_CONDITION_TEMPERATURE),
             comm, PETSC_ERR_USER_INPUT, "%s: a boundary holds a temperature or a heat flux, not both",
             tf[0] ? key[0] : key[1]);
  PetscCheck(!((tf[0] || tf[1]) && c->kind == DIO_HEAT_CONDITION_CONVECTION), comm, PETSC_ERR_USER_INPUT,
             "%s: a boundary with convection takes no temperature or heat-flux table", tf[0] ? key[0] : key[1]);
  for (PetscInt k = 0; k < 2; k++) {
    if (!tf[k]) continue;
    if (c->kind == DIO_HEAT_CONDITION_NONE) c->value = 1.0;
    c->kind = kind[k];
    c->tf   = tf[k];
  }
  PetscFunctionReturn(0);
}

/* The temperature fields: -heat_initial_temperature_field (an expression in x, y, z; not with a non-zero
   -heat_initial_temperature, has_initial) and, for thermal_stress, -heat_temperature_field (in x, y, z, t: prescribed,
   no heat solved; its value at t = 0 the initial one, so it must change with t). Collective. */
static PetscErrorCode FieldsFromOptions(MPI_Comm comm, PetscBool has_initial, PetscBool has_curve,
                                        DioStageHeatDescription *d)
{
  PetscBool   uses[4], has_file, none;
  const char *text, *key;
  char        path[PETSC_MAX_PATH_LEN] = "none";

  PetscFunctionBegin;
  PetscCall(DioExpressionCreateFromOptions(
      comm, "-heat_initial_temperature_field",
      "Initial temperature T0(x, y, z), also the strain-free one (degC; an expression); default none: uniform",
      PETSC_FALSE, &d->initial_field));
  PetscCall(DioExpressionCreateFromOptions(
      comm, "-heat_temperature_field",
      "thermal_stress: the temperature T(x, y, z, t) (degC, t in s; an expression) at each stage's end, no heat "
      "solved; default none: solved",
      PETSC_TRUE, &d->field));
  PetscOptionsBegin(comm, NULL, "Prescribed temperature from a file", "heat");
  PetscCall(PetscOptionsString("-heat_temperature_field_file",
                               "thermal_stress: CSV x,y[,z],temperature (degC) at the mesh's nodes, the temperature at "
                               "every stage's end, no heat solved (strain-free: the initial one); default none",
                               "", path, path, sizeof(path), &has_file));
  PetscOptionsEnd();
  PetscCall(PetscStrcasecmp(path, "none", &none));
  if (has_file && !none) PetscCall(PetscStrallocpy(path, &d->field_file));
  PetscCheck(!(d->initial_field && has_initial), comm, PETSC_ERR_USER_INPUT,
             "-heat_initial_temperature_field and -heat_initial_temperature = %g: give the initial temperature once (a "
             "field or a uniform value)",
             (double)d->initial_temperature);
  if (d->field == NULL && d->field_file == NULL) PetscFunctionReturn(0);
  key = d->field ? "-heat_temperature_field" : "-heat_temperature_field_file";
  PetscCheck(!(d->field && d->field_file), comm, PETSC_ERR_USER_INPUT,
             "-heat_temperature_field and -heat_temperature_field_file: give the prescribed temperature once");
  PetscCheck(d->analysis == DIO_ANALYSIS_THERMAL_STRESS, comm, PETSC_ERR_USER_INPUT,
             "%s: a prescribed temperature is for -analysis thermal_stress (with %s the heat is solved)", key,
             DioAnalyses[d->analysis]);
  PetscCheck(!d->steady && !has_curve, comm, PETSC_ERR_USER_INPUT,
             "%s and %s: with a prescribed temperature no heat is solved", key,
             d->steady ? "-heat_steady" : "-heat_curve");
  if (d->field == NULL) { /* a file: read and checked (against the mesh's nodes when the heat is set up); its
                             strain-free temperature is the initial one */
    PetscInt num_coords;
    PetscCall(DioPointValuesCheckCSV(comm, "-heat_temperature_field_file", d->field_file, "temperature", &num_coords));
    PetscFunctionReturn(0);
  }
  PetscCheck(!d->initial_field && !has_initial, comm, PETSC_ERR_USER_INPUT,
             "-heat_temperature_field and %s: the prescribed field at t = 0 is the initial (strain-free) temperature",
             d->initial_field ? "-heat_initial_temperature_field" : "-heat_initial_temperature");
  PetscCall(DioExpressionGetVariables(d->field, uses));
  PetscCall(DioExpressionGetText(d->field, NULL, &text));
  PetscCheck(uses[3], comm, PETSC_ERR_USER_INPUT,
             "-heat_temperature_field = '%s' does not change with t: its value at t = 0 is the strain-free "
             "temperature, so it would strain nothing (write the change in t, e.g. min(t / 86400, 1) * (...))",
             text);
  PetscFunctionReturn(0);
}

/*
  DioStageHeatDescriptionFromOptions - the analysis (-analysis mechanics|heat|thermal_stress|thaw, default mechanics)
  and, with heat, its options: -heat_steady (each stage solves the steady state; default false: backward Euler over the
  stage's duration), -heat_initial_temperature (degC, default 0), -heat_curve none|exponential|power (default
  exponential), -boundaries_<name>_temperature (degC), -boundaries_<name>_heat_flux (W/m2 into the domain) or
  convection (-boundaries_<name>_heat_transfer_coefficient W/m2/K with _ambient_temperature degC; default none:
  insulated) on the named boundaries (id: index + 1), a temperature or heat flux optionally times a time function
  (-boundaries_<name>_temperature_time_function or _heat_flux_time_function, inline or _file; without the value the
  table gives it), and the thermal parameters of every region (DioHeatMaterialSetFromOptions()); order 1; with thaw
  -thaw_strain_points (DioThawPointsFromOptions()); -heat_initial_temperature_field and, for thermal_stress,
  -heat_temperature_field or _file (FieldsFromOptions(): then no conditions, no thermal parameters). Checked in check
  mode too. Collective.
*/
PetscErrorCode DioStageHeatDescriptionFromOptions(DioSection *sec, DioStageHeatDescription *d)
{
  const DioMeshRegions *rg    = &sec->imported->regions;
  DioHeatCurve          curve = DIO_HEAT_CURVE_EXPONENTIAL;
  PetscBool             has_initial, has_curve;
  const char *const     curves[] = {"none", "exponential", "power", "DioHeatCurve", "DIO_HEAT_CURVE_", NULL};

  PetscFunctionBegin;
  PetscCall(PetscMemzero(d, sizeof(*d)));
  d->order = 1;
  PetscOptionsBegin(sec->comm, NULL, "Analysis on an imported mesh", "analysis");
  PetscCall(PetscOptionsEnum(
      "-analysis",
      "What the stages compute: mechanics, heat (with freezing), thermal_stress (heat, then mechanics with alpha dT), "
      "thaw (heat, then mechanics with the frozen stiffness, thermal and thaw strains)",
      "", DioAnalyses, (PetscEnum)d->analysis, (PetscEnum *)&d->analysis, NULL));
  PetscOptionsEnd();
  if (d->analysis == DIO_ANALYSIS_MECHANICS) PetscFunctionReturn(0);
  PetscOptionsBegin(sec->comm, NULL, "Heat on an imported mesh", "heat");
  PetscCall(PetscOptionsBool(
      "-heat_steady", "Each stage solves the steady temperature (default false: time steps over the stage's duration)",
      "", d->steady, &d->steady, NULL));
  PetscCall(PetscOptionsReal("-heat_initial_temperature",
                             "Uniform initial temperature, also the strain-free one (degC); default 0", "",
                             d->initial_temperature, &d->initial_temperature, &has_initial));
  PetscCall(PetscOptionsEnum("-heat_curve", "Freezing curve of every region: none, exponential, power", "", curves,
                             (PetscEnum)curve, (PetscEnum *)&curve, &has_curve));
  PetscOptionsEnd();
  PetscCall(FieldsFromOptions(sec->comm, (PetscBool)(has_initial && d->initial_temperature != 0), has_curve, d));
  PetscCheck(d->initial_temperature > -100 && d->initial_temperature < 1000, sec->comm, PETSC_ERR_USER_INPUT,
             "-heat_initial_temperature = %g: must be in (-100, 1000) degC", (double)d->initial_temperature);
  if (d->analysis == DIO_ANALYSIS_THAW) PetscCall(DioThawPointsFromOptions(sec->comm, &d->thaw_points));
  /* the thaw changes each cell's moduli, which the plane-stress reduction of lambda does not follow */
  PetscCheck(d->analysis != DIO_ANALYSIS_THAW || !sec->imported->plane_stress, sec->comm, PETSC_ERR_USER_INPUT,
             "-analysis thaw: not with -mech_plane_stress (plane strain or 3D; thermal_stress takes plane stress)");
  d->num_conditions = rg->num_boundaries;
  PetscCall(PetscCalloc1(d->num_conditions + 1, &d->conditions));
  for (PetscInt b = 0; b < d->num_conditions; b++) {
    d->conditions[b].id   = b + 1;
    d->conditions[b].name = rg->boundary_names[b];
    PetscCall(ConditionFromOptions(sec->comm, rg->boundary_names[b], &d->conditions[b]));
  }
  for (PetscInt b = 0; b < d->num_conditions; b++) {
    const DioHeatConditionKind kind = d->conditions[b].kind;
    PetscCall(ConditionHistoryFromOptions(sec->comm, rg->boundary_names[b], &d->conditions[b]));
    PetscCheck(!(d->field || d->field_file) || d->conditions[b].kind == DIO_HEAT_CONDITION_NONE, sec->comm,
               PETSC_ERR_USER_INPUT,
               "%s and -boundaries_%s_%s%s: with a prescribed temperature no heat is solved, a boundary takes no "
               "thermal condition",
               d->field ? "-heat_temperature_field" : "-heat_temperature_field_file", rg->boundary_names[b],
               d->conditions[b].kind == DIO_HEAT_CONDITION_TEMPERATURE ? "temperature"
               : d->conditions[b].kind == DIO_HEAT_CONDITION_FLUX      ? "heat_flux"
                                                                       : "heat_transfer_coefficient",
               kind == DIO_HEAT_CONDITION_NONE ? "_time_function" : "");
  }
  if (d->field ||
      d->field_file) { /* no heat solved: placeholder parameters for the discretisation (interpolation, output) */
    d->num_layers = rg->num_layers;
    PetscCall(PetscCalloc1(d->num_layers, &d->materials));
    for (PetscInt l = 0; l < d->num_layers; l++) {
      DioHeatMaterial *m       = &d->materials[l];
      m->conductivity_unfrozen = m->conductivity_frozen = 1;
      m->capacity_unfrozen = m->capacity_frozen = 1;
      m->curve                                  = (int)DIO_HEAT_CURVE_NONE;
      m->curve_width                            = 0.5;
    }
  } else {
    char      path[PETSC_MAX_PATH_LEN] = "";
    PetscBool has_file;
    DioTable  table;
    PetscCall(PetscOptionsGetString(NULL, NULL, "-materials_file", path, sizeof(path), &has_file));
    if (has_file)
      PetscCall(DioTableCreateFromFile(sec->comm, path, &table));
    else
      PetscCall(DioTableCreateFromString(sec->comm, "embedded:materials.csv", dio_embedded_materials_csv, &table));
    d->num_layers = rg->num_layers;
    PetscCall(PetscMalloc1(d->num_layers, &d->materials));
    for (PetscInt l = 0; l < d->num_layers; l++)
      PetscCall(DioHeatMaterialSetFromOptions(sec->comm, table, rg->layer_names[l], curve, &d->materials[l]));
    PetscCall(DioTableDestroy(&table));
  }
  PetscFunctionReturn(0);
}

/*
  DioStageHeatCreate - the heat of the stages on an imported mesh from the case's options
  (DioStageHeatDescriptionFromOptions()), its stages checked against the analysis. Collective.
*/
PetscErrorCode DioStageHeatCreate(DioSection *sec, const DioStageList *list, DioStageHeat *heat)
{
  DioStageHeatDescription d;
  DioAnalysis             analysis;

  PetscFunctionBegin;
  PetscCall(DioStageHeatDescriptionFromOptions(sec, &d));
  analysis = d.analysis;
  PetscCall(DioStageHeatCreateFromDescription(&d, heat));
  for (PetscInt s = 0; s < list->num_stages; s++) {
    const DioStage *st = &list->stage[s];
    PetscCheck((analysis != DIO_ANALYSIS_THERMAL_STRESS && analysis != DIO_ANALYSIS_THAW) || st->steps == 1, sec->comm,
               PETSC_ERR_USER_INPUT, "-stages_%s_steps = %" PetscInt_FMT ": with -analysis %s a stage is one load step",
               st->name, st->steps, DioAnalyses[analysis]);
    PetscCheck(analysis != DIO_ANALYSIS_HEAT || st->initial == DIO_STAGE_INITIAL_NONE, sec->comm, PETSC_ERR_USER_INPUT,
               "-stages_%s_initial_stress: -analysis heat computes no stress", st->name);
  }
  PetscFunctionReturn(0);
}
