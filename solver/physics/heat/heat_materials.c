/* SPDX-License-Identifier: BSD-2-Clause
   heat_materials.c: the thermal parameters of a layer (DioHeatMaterial) from the long-format material table
   (data/materials.csv layout: layer, parameter, value, ...). */
#include "dio_heat.h"

extern const char dio_embedded_materials_csv[];

/* The first of the parameters that the table has for this layer. */
static PetscErrorCode Lookup(DioTable table, const char layer[], const char *const parameters[], PetscReal *value,
                             PetscBool *found)
{
  PetscFunctionBegin;
  *found = PETSC_FALSE;
  for (PetscInt i = 0; parameters[i] && !*found; i++)
    PetscCall(DioTableGetReal(table, layer, parameters[i], value, found));
  PetscFunctionReturn(0);
}

/*
  DioHeatMaterialFromTable - thermal parameters of one layer. Not collective (the table is on every rank).

  Rows read (SI, temperatures in degC), first match wins:
    conductivity   thermal_conductivity_unfrozen / _frozen, else thermal_conductivity for both (W/m/K)
    capacity       volumetric_heat_capacity_unfrozen / _frozen, else volumetric_heat_capacity for both, else from
                   density (bulk), specific_heat_solids and porosity with the pore_water and pore_ice rows:
                   C = (density - n rho_w) c_s + n rho_w c_w unfrozen, + n rho_i c_i frozen;
                   else density * specific_heat
    latent heat    volumetric_latent_heat, else porosity * pore_water density * latent_heat_fusion, else 0 (J/m3)
    freezing point freezing_point (default 0 degC): the pore water under the seabed (saline); under land
                   DioHeatMaterialSetOnshore() takes freezing_point_onshore where the layer has it
    heat production radiogenic_heat_production (default 0 W/m3)
    curve          exponential: unfrozen_water_exp_width (default 0.5 K where absent: an estimate, no data),
                   unfrozen_water_residual_saturation (default 0);
                   power law: unfrozen_water_powerlaw_alpha, _beta and gravimetric_water_content w (required):
                   S_w = min(1, (alpha / w) theta^beta), Anderson & Tice's w_u = alpha theta^beta as a fraction of w.
  A missing conductivity or capacity is an error naming the table, the layer and the rows looked for.
*/
PetscErrorCode DioHeatMaterialFromTable(DioTable table, const char layer[], DioHeatCurve curve, DioHeatMaterial *m)
{
  const char *source;
  PetscReal   value, porosity = 0;
  PetscBool   found, has_porosity;
  MPI_Comm    comm = PETSC_COMM_SELF;

  PetscFunctionBegin;
  PetscCall(DioTableGetSource(table, &source));
  PetscCall(PetscMemzero(m, sizeof(*m)));
  m->curve = (int)curve;
  {
    const char *unfrozen[] = {"thermal_conductivity_unfrozen", "thermal_conductivity", NULL};
    const char *frozen[]   = {"thermal_conductivity_frozen", "thermal_conductivity", NULL};
    PetscCall(Lookup(table, layer, unfrozen, &m->conductivity_unfrozen, &found));
    PetscCheck(found, comm, PETSC_ERR_USER_INPUT,
               "%s: layer '%s' has no thermal_conductivity_unfrozen or thermal_conductivity", source, layer);
    PetscCall(Lookup(table, layer, frozen, &m->conductivity_frozen, &found));
    PetscCheck(found, comm, PETSC_ERR_USER_INPUT,
               "%s: layer '%s' has no thermal_conductivity_frozen or thermal_conductivity", source, layer);
  }
  PetscCall(DioTableGetReal(table, layer, "porosity", &porosity, &has_porosity));
  {
    const char *unfrozen[] = {"volumetric_heat_capacity_unfrozen", "volumetric_heat_capacity", NULL};
    const char *frozen[]   = {"volumetric_heat_capacity_frozen", "volumetric_heat_capacity", NULL};
    PetscBool   found_u, found_f;
    PetscCall(Lookup(table, layer, unfrozen, &m->capacity_unfrozen, &found_u));
    PetscCall(Lookup(table, layer, frozen, &m->capacity_frozen, &found_f));
    if (!found_u || !found_f) {
      PetscReal density, c_solids, c_bulk, rho_w, c_w, rho_i, c_i;
      PetscBool has_density, has_solids, has_bulk, ok = PETSC_TRUE, f;
      PetscCall(DioTableGetReal(table, layer, "density", &density, &has_density));
      PetscCall(DioTableGetReal(table, layer, "specific_heat_solids", &c_solids, &has_solids));
      PetscCall(DioTableGetReal(table, layer, "specific_heat", &c_bulk, &has_bulk));
      if (has_density && has_solids && has_porosity) {
        PetscCall(DioTableGetReal(table, "pore_water", "density", &rho_w, &f));
        ok = (PetscBool)(ok && f);
        PetscCall(DioTableGetReal(table, "pore_water", "specific_heat", &c_w, &f));
        ok = (PetscBool)(ok && f);
        PetscCall(DioTableGetReal(table, "pore_ice", "density", &rho_i, &f));
        ok = (PetscBool)(ok && f);
        PetscCall(DioTableGetReal(table, "pore_ice", "specific_heat", &c_i, &f));
        ok = (PetscBool)(ok && f);
        PetscCheck(ok, comm, PETSC_ERR_USER_INPUT,
                   "%s: layer '%s': the heat capacity from porosity needs the pore_water and pore_ice density and "
                   "specific_heat rows",
                   source, layer);
        if (!found_u) m->capacity_unfrozen = (density - porosity * rho_w) * c_solids + porosity * rho_w * c_w;
        if (!found_f) m->capacity_frozen = (density - porosity * rho_w) * c_solids + porosity * rho_i * c_i;
      } else if (has_density && has_bulk) {
        if (!found_u) m->capacity_unfrozen = density * c_bulk;
        if (!found_f) m->capacity_frozen = density * c_bulk;
      } else
        SETERRQ(comm, PETSC_ERR_USER_INPUT,
                "%s: layer '%s' has no volumetric_heat_capacity[_unfrozen|_frozen], nor density with "
                "specific_heat_solids and porosity, nor density with "
                "specific_heat",
                source, layer);
    }
  }
  PetscCall(DioTableGetReal(table, layer, "volumetric_latent_heat", &m->latent_heat, &found));
  if (!found && has_porosity) {
    PetscReal rho_w, latent;
    PetscBool f1, f2;
    PetscCall(DioTableGetReal(table, "pore_water", "density", &rho_w, &f1));
    PetscCall(DioTableGetReal(table, "pore_water", "latent_heat_fusion", &latent, &f2));
    PetscCheck(f1 && f2, comm, PETSC_ERR_USER_INPUT,
               "%s: layer '%s': the latent heat from porosity needs pore_water density and latent_heat_fusion", source,
               layer);
    m->latent_heat = porosity * rho_w * latent;
  } else if (!found)
    m->latent_heat = 0.0;
  PetscCall(DioTableGetReal(table, layer, "freezing_point", &value, &found));
  m->freezing_point = found ? value : 0.0;
  PetscCall(DioTableGetReal(table, layer, "radiogenic_heat_production", &value, &found));
  m->heat_production = found ? value : 0.0;
  PetscCall(DioTableGetReal(table, layer, "unfrozen_water_exp_width", &value, &found));
  m->curve_width = found ? value : 0.5;
  PetscCall(DioTableGetReal(table, layer, "unfrozen_water_residual_saturation", &value, &found));
  m->residual_saturation = found ? value : 0.0;
  if (curve == DIO_HEAT_CURVE_POWER) {
    PetscReal alpha, beta, water_content;
    PetscBool f1, f2, f3;
    PetscCall(DioTableGetReal(table, layer, "unfrozen_water_powerlaw_alpha", &alpha, &f1));
    PetscCall(DioTableGetReal(table, layer, "unfrozen_water_powerlaw_beta", &beta, &f2));
    PetscCall(DioTableGetReal(table, layer, "gravimetric_water_content", &water_content, &f3));
    PetscCheck(f1 && f2 && f3, comm, PETSC_ERR_USER_INPUT,
               "%s: layer '%s': the power-law freezing curve needs unfrozen_water_powerlaw_alpha, "
               "unfrozen_water_powerlaw_beta and gravimetric_water_content "
               "(use the exponential curve for this layer)",
               source, layer);
    PetscCheck(water_content > 0, comm, PETSC_ERR_USER_INPUT,
               "%s: layer '%s': gravimetric_water_content = %g: must be > 0", source, layer, (double)water_content);
    m->power_coefficient = alpha / water_content;
    m->power_exponent    = beta;
  }
  PetscCheck(!dio_heat_material_check(m), comm, PETSC_ERR_USER_INPUT,
             "%s: layer '%s': invalid thermal parameters (k_u %g, k_f %g W/m/K, C_u %g, C_f %g J/m3/K, L %g J/m3, "
             "width %g K, S_res %g, power law a %g, b %g)",
             source, layer, (double)m->conductivity_unfrozen, (double)m->conductivity_frozen,
             (double)m->capacity_unfrozen, (double)m->capacity_frozen, (double)m->latent_heat, (double)m->curve_width,
             (double)m->residual_saturation, (double)m->power_coefficient, (double)m->power_exponent);
  PetscFunctionReturn(0);
}

/*
  DioHeatMaterialSetOnshore - the layer under land, where its pore water is fresh: the freezing point becomes the
  table's freezing_point_onshore row for the layer where it has one (else freezing_point stays). Call after
  DioHeatMaterialFromTable() with the same table. Not collective.
*/
PetscErrorCode DioHeatMaterialSetOnshore(DioTable table, const char layer[], DioHeatMaterial *m)
{
  PetscReal value;
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(DioTableGetReal(table, layer, "freezing_point_onshore", &value, &found));
  if (found) {
    const char *source;
    PetscCall(DioTableGetSource(table, &source));
    PetscCheck(!PetscIsInfOrNanReal(value), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
               "%s: layer '%s': freezing_point_onshore = %g: must be a finite temperature (degC)", source, layer,
               (double)value);
    m->freezing_point = value;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatMaterialFromDefaultTable(MPI_Comm comm, const char layer[], DioHeatCurve curve,
                                               DioHeatMaterial *material)
{
  DioTable table;

  PetscFunctionBegin;
  PetscCall(DioTableCreateFromString(comm, "embedded:materials.csv", dio_embedded_materials_csv, &table));
  PetscCall(DioHeatMaterialFromTable(table, layer, curve, material));
  PetscCall(DioTableDestroy(&table));
  PetscFunctionReturn(0);
}
