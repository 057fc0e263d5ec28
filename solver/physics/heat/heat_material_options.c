/* SPDX-License-Identifier: BSD-2-Clause
   heat_material_options.c: the thermal parameters of a named region from the case file (-materials_<name>_*), over
   those of the material table where it has the region (regions of an imported mesh). */
#include "dio_heat.h"

/*
  DioHeatMaterialSetFromOptions - thermal parameters of region `layer`: the table's (DioHeatMaterialFromTable()) when
  the table has a thermal conductivity for it, else none, then the options -materials_<layer>_thermal_conductivity
  (W/m/K, both states), _thermal_conductivity_unfrozen, _thermal_conductivity_frozen, _volumetric_heat_capacity
  (J/m3/K, both states), _volumetric_heat_capacity_unfrozen, _volumetric_heat_capacity_frozen,
  _volumetric_latent_heat (J/m3, all pore water; default 0), _freezing_point (degC, default 0),
  _unfrozen_water_exp_width (K, exponential curve, default 0.5), _unfrozen_water_residual_saturation (-, default 0),
  _radiogenic_heat_production (W/m3, default 0). A missing or invalid parameter is an error naming the key.
  Collective.
*/
PetscErrorCode DioHeatMaterialSetFromOptions(MPI_Comm comm, DioTable table, const char layer[], DioHeatCurve curve,
                                             DioHeatMaterial *m)
{
  char      prefix[320];
  PetscReal k = 0, C = 0;
  PetscBool in_table, has_k, has_C;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(m, sizeof(*m)));
  m->curve       = (int)curve;
  m->curve_width = 0.5;
  {
    PetscReal value;
    PetscBool found;
    PetscCall(DioTableGetReal(table, layer, "thermal_conductivity_unfrozen", &value, &in_table));
    PetscCall(DioTableGetReal(table, layer, "thermal_conductivity", &value, &found));
    in_table = (PetscBool)(in_table || found);
  }
  if (in_table) PetscCall(DioHeatMaterialFromTable(table, layer, curve, m));
  PetscCall(PetscSNPrintf(prefix, sizeof(prefix), "materials_%s_", layer));
  PetscOptionsBegin(comm, prefix,
                    "Region thermal parameters (defaults from the material table where it has the region)",
                    "materials");
  PetscCall(PetscOptionsReal("-thermal_conductivity",
                             "Thermal conductivity, unfrozen and frozen (W/m/K); default the table's", "", k, &k,
                             &has_k));
  if (has_k) m->conductivity_unfrozen = m->conductivity_frozen = k;
  PetscCall(PetscOptionsReal("-thermal_conductivity_unfrozen", "Unfrozen thermal conductivity (W/m/K)", "",
                             m->conductivity_unfrozen, &m->conductivity_unfrozen, NULL));
  PetscCall(PetscOptionsReal("-thermal_conductivity_frozen", "Frozen thermal conductivity (W/m/K)", "",
                             m->conductivity_frozen, &m->conductivity_frozen, NULL));
  PetscCall(PetscOptionsReal("-volumetric_heat_capacity",
                             "Volumetric heat capacity, unfrozen and frozen (J/m3/K); default the table's", "", C, &C,
                             &has_C));
  if (has_C) m->capacity_unfrozen = m->capacity_frozen = C;
  PetscCall(PetscOptionsReal("-volumetric_heat_capacity_unfrozen", "Unfrozen volumetric heat capacity (J/m3/K)", "",
                             m->capacity_unfrozen, &m->capacity_unfrozen, NULL));
  PetscCall(PetscOptionsReal("-volumetric_heat_capacity_frozen", "Frozen volumetric heat capacity (J/m3/K)", "",
                             m->capacity_frozen, &m->capacity_frozen, NULL));
  PetscCall(PetscOptionsReal("-volumetric_latent_heat",
                             "Latent heat of all the pore water (J/m3); default the table's, else 0", "",
                             m->latent_heat, &m->latent_heat, NULL));
  PetscCall(PetscOptionsReal("-freezing_point", "Freezing point of the pore water (degC); default the table's, else 0",
                             "", m->freezing_point, &m->freezing_point, NULL));
  PetscCall(PetscOptionsReal("-unfrozen_water_exp_width",
                             "Exponential freezing curve: width w (K); default the table's, else 0.5", "",
                             m->curve_width, &m->curve_width, NULL));
  PetscCall(PetscOptionsReal("-unfrozen_water_residual_saturation",
                             "Exponential freezing curve: residual unfrozen saturation (-); default 0", "",
                             m->residual_saturation, &m->residual_saturation, NULL));
  PetscCall(PetscOptionsReal("-radiogenic_heat_production", "Heat production (W/m3); default the table's, else 0", "",
                             m->heat_production, &m->heat_production, NULL));
  PetscOptionsEnd();
  PetscCheck(m->conductivity_unfrozen > 0 && m->conductivity_frozen > 0 && m->conductivity_unfrozen < 1e3 &&
                 m->conductivity_frozen < 1e3,
             comm, PETSC_ERR_USER_INPUT,
             "-%sthermal_conductivity: region '%s' needs a thermal conductivity in (0, 1000) W/m/K (unfrozen %g, "
             "frozen %g; from the case or the material table)",
             prefix, layer, (double)m->conductivity_unfrozen, (double)m->conductivity_frozen);
  PetscCheck(m->capacity_unfrozen > 0 && m->capacity_frozen > 0 && m->capacity_unfrozen < 1e9 &&
                 m->capacity_frozen < 1e9,
             comm, PETSC_ERR_USER_INPUT,
             "-%svolumetric_heat_capacity: region '%s' needs a volumetric heat capacity in (0, 1e9) J/m3/K (unfrozen "
             "%g, frozen %g; from the case or the material "
             "table)",
             prefix, layer, (double)m->capacity_unfrozen, (double)m->capacity_frozen);
  PetscCheck(!dio_heat_material_check(m), comm, PETSC_ERR_USER_INPUT,
             "-%s*: region '%s': invalid thermal parameters (latent heat %g J/m3 must be >= 0, curve width %g K > 0, "
             "residual saturation %g in [0, 1))",
             prefix, layer, (double)m->latent_heat, (double)m->curve_width, (double)m->residual_saturation);
  PetscFunctionReturn(0);
}
