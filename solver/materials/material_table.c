/* SPDX-License-Identifier: BSD-2-Clause
   material_table.c: per-layer elastic parameters from the default table and the options database. */
#include "dio_material.h"
#include <petscviewer.h>
#include "dio_io.h"
#include "material_impl.h"

extern const char dio_embedded_materials_csv[];


const char *const DioConstitutiveModels[] = {"elastic", "mohr_coulomb", "drucker_prager", "DioConstitutiveModel", "DIO_MODEL_", NULL};
static const char *const DioDPMatches[]   = {"outer", "inner", "plane_strain", "DioMCDPMatch", "DIO_MC_DP_", NULL};

struct _n_DioMaterialTable {
  PetscInt          num_layers;
  DioLayerMaterial *layers; /* [num_layers] */
  DioLayerFrozen   *frozen; /* [num_layers] frozen_table.c */
  DioLayerFlow     *flow;   /* [num_layers] flow_table.c */
  DioPoreWater      water;  /* flow_table.c */
  char              source[PETSC_MAX_PATH_LEN];
};

/* First parameter of the list found in the table for this layer. */
static PetscErrorCode TableLookup(DioTable table, const char layer[], const char *const parameters[], PetscReal *value, PetscBool *found)
{
  PetscFunctionBegin;
  *found = PETSC_FALSE;
  for (PetscInt i = 0; parameters[i] && !*found; i++) PetscCall(DioTableGetReal(table, layer, parameters[i], value, found));
  PetscFunctionReturn(0);
}

/* Strength of one layer (table values, then -materials_<layer>_cohesion ...) and its checks, each naming the key. */
static PetscErrorCode LayerStrengthSet(MPI_Comm comm, DioTable csv, const char prefix[], PetscInt model, PetscInt dp_match, DioLayerMaterial *m)
{
  const char *const c_keys[] = {"cohesion", NULL}, *phi_keys[] = {"friction_angle", NULL}, *psi_keys[] = {"dilation_angle", NULL};
  const char *const t_keys[] = {"tensile_strength", NULL};
  PetscBool         has_c, has_phi, has_psi, has_t, set, model_set;

  PetscFunctionBegin;
  m->constitutive = model;
  m->dp_match     = dp_match;
  PetscCall(TableLookup(csv, m->name, c_keys, &m->cohesion, &has_c));
  PetscCall(TableLookup(csv, m->name, phi_keys, &m->friction_angle, &has_phi));
  PetscCall(TableLookup(csv, m->name, psi_keys, &m->dilation_angle, &has_psi));
  PetscCall(TableLookup(csv, m->name, t_keys, &m->tensile_strength, &has_t));
  if (!has_t) m->tensile_strength = PETSC_INFINITY;
  PetscOptionsBegin(comm, prefix, "Layer strength (Mohr-Coulomb / Drucker-Prager)", "materials");
  PetscCall(PetscOptionsEnum("-constitutive", "Constitutive model: elastic, mohr_coulomb, drucker_prager", "", DioConstitutiveModels, (PetscEnum)m->constitutive,
                             (PetscEnum *)&m->constitutive, &model_set));
  PetscCall(PetscOptionsReal("-cohesion", "Cohesion c (Pa)", "", m->cohesion, &m->cohesion, &set));
  has_c = (PetscBool)(has_c || set);
  PetscCall(PetscOptionsReal("-friction_angle", "Friction angle phi (degrees)", "", m->friction_angle, &m->friction_angle, &set));
  has_phi = (PetscBool)(has_phi || set);
  PetscCall(PetscOptionsReal("-dilation_angle", "Dilation angle psi (degrees, <= phi; psi = phi: associated flow)", "", m->dilation_angle, &m->dilation_angle, &set));
  has_psi = (PetscBool)(has_psi || set);
  PetscCall(PetscOptionsReal("-tensile_strength", "Tension cut-off (Pa); default none", "", m->tensile_strength, &m->tensile_strength, NULL));
  PetscOptionsEnd();
  /* the run-wide model applies to the layers with strength data; a layer without it (the lining) stays elastic
     unless its own -constitutive asks otherwise */
  if (!model_set && !(has_c && has_phi)) m->constitutive = DIO_MODEL_ELASTIC;
  if (m->constitutive == DIO_MODEL_ELASTIC) PetscFunctionReturn(0);
  PetscCheck(has_c && has_phi, comm, PETSC_ERR_USER_INPUT, "layer '%s' is %s but has no %s: set -%s%s", m->name, DioConstitutiveModels[m->constitutive],
             has_c ? "friction_angle" : "cohesion", prefix, has_c ? "friction_angle" : "cohesion");
  if (!has_psi) m->dilation_angle = 0.0;
  PetscCheck(m->cohesion >= 0 && PetscIsNormalReal(m->cohesion + 1.0), comm, PETSC_ERR_USER_INPUT, "-%scohesion = %g: must be >= 0 Pa", prefix, (double)m->cohesion);
  PetscCheck(m->friction_angle >= 0 && m->friction_angle < 90, comm, PETSC_ERR_USER_INPUT, "-%sfriction_angle = %g: must be in [0, 90) degrees", prefix,
             (double)m->friction_angle);
  PetscCheck(m->dilation_angle >= 0 && m->dilation_angle <= m->friction_angle, comm, PETSC_ERR_USER_INPUT,
             "-%sdilation_angle = %g: must be in [0, friction_angle = %g] degrees", prefix, (double)m->dilation_angle, (double)m->friction_angle);
  PetscCheck(m->cohesion > 0 || m->friction_angle > 0, comm, PETSC_ERR_USER_INPUT, "layer '%s': cohesion and friction angle are both zero (no strength): set -%scohesion",
             m->name, prefix);
  PetscCheck(m->tensile_strength >= 0, comm, PETSC_ERR_USER_INPUT, "-%stensile_strength = %g: must be >= 0 Pa", prefix, (double)m->tensile_strength);
  PetscFunctionReturn(0);
}

/*
  DioMaterialTableCreate - the parameters of every layer named by the mesh. Collective.

  Options (per layer, prefix materials_<layer>_): youngs_modulus (Pa), poissons_ratio (-), density (kg/m3),
  density_frozen (kg/m3), saturated (bool); constitutive (elastic, mohr_coulomb, drucker_prager), cohesion (Pa),
  friction_angle, dilation_angle (degrees), tensile_strength (Pa). -materials_file <csv> replaces the embedded default
  table; -materials_constitutive sets the model of every layer (default elastic), -materials_dp_match how a
  Drucker-Prager cone is fitted to Mohr-Coulomb (outer, inner, plane_strain).
  A layer absent from the table must get every value from options, else the error names the missing key.
*/
PetscErrorCode DioMaterialTableCreate(MPI_Comm comm, PetscInt num_layers, const char *const layer_names[], DioMaterialTable *table)
{
  DioMaterialTable t;
  DioTable         csv;
  char             path[PETSC_MAX_PATH_LEN] = "";
  PetscBool        has_file;
  const char      *source;
  PetscEnum        model = (PetscEnum)DIO_MODEL_ELASTIC, dp_match = (PetscEnum)2; /* DIO_MC_DP_PLANE_STRAIN */

  PetscFunctionBegin;
  PetscCall(PetscNew(&t));
  t->num_layers = num_layers;
  PetscCall(PetscCalloc1(num_layers, &t->layers));
  PetscOptionsBegin(comm, NULL, "Material table", "materials");
  PetscCall(PetscOptionsString("-materials_file", "Long-format CSV of layer parameters (layer,parameter,value,...)", "", path, path, sizeof(path), &has_file));
  PetscCall(PetscOptionsEnum("-materials_constitutive", "Constitutive model of every layer (elastic, mohr_coulomb, drucker_prager)", "", DioConstitutiveModels, model,
                             &model, NULL));
  PetscCall(PetscOptionsEnum("-materials_dp_match", "Drucker-Prager fitted to Mohr-Coulomb: outer, inner or plane_strain (same plane-strain collapse load)", "",
                             DioDPMatches, dp_match, &dp_match, NULL));
  PetscOptionsEnd();
  if (has_file) PetscCall(DioTableCreateFromFile(comm, path, &csv));
  else PetscCall(DioTableCreateFromString(comm, "embedded:materials.csv", dio_embedded_materials_csv, &csv));
  PetscCall(DioTableGetSource(csv, &source));
  PetscCall(PetscStrncpy(t->source, source, sizeof(t->source)));

  for (PetscInt l = 0; l < num_layers; l++) {
    DioLayerMaterial  *m = &t->layers[l];
    const char *const  E_keys[] = {"youngs_modulus", NULL}, *nu_keys[] = {"poisson_ratio", "poissons_ratio", NULL};
    const char *const  rho_keys[] = {"density_saturated", "density", "density_unfrozen", NULL}, *rhof_keys[] = {"density_frozen", NULL};
    char               prefix[DIO_MATERIAL_NAME_LEN + 16], key[DIO_MATERIAL_NAME_LEN + 48];
    PetscBool          has_E, has_nu, has_rho, has_rhof, set;

    PetscCall(PetscStrncpy(m->name, layer_names[l], sizeof(m->name)));
    PetscCall(TableLookup(csv, m->name, E_keys, &m->youngs_modulus, &has_E));
    PetscCall(TableLookup(csv, m->name, nu_keys, &m->poissons_ratio, &has_nu));
    PetscCall(TableLookup(csv, m->name, rho_keys, &m->density, &has_rho));
    PetscCall(TableLookup(csv, m->name, rhof_keys, &m->density_frozen, &has_rhof));
    m->saturated = PETSC_TRUE;
    PetscCall(PetscSNPrintf(prefix, sizeof(prefix), "materials_%s_", m->name));
    PetscOptionsBegin(comm, prefix, "Layer material (defaults from the material table)", "materials");
    PetscCall(PetscOptionsReal("-youngs_modulus", "Young's modulus (Pa)", "", m->youngs_modulus, &m->youngs_modulus, &set));
    has_E = (PetscBool)(has_E || set);
    PetscCall(PetscOptionsReal("-poissons_ratio", "Poisson's ratio (-), in (-1, 0.5)", "", m->poissons_ratio, &m->poissons_ratio, &set));
    has_nu = (PetscBool)(has_nu || set);
    PetscCall(PetscOptionsReal("-density", "Bulk density, saturated below the water level (kg/m3)", "", m->density, &m->density, &set));
    has_rho = (PetscBool)(has_rho || set);
    if (!has_rhof) m->density_frozen = m->density;
    PetscCall(PetscOptionsReal("-density_frozen", "Bulk density in permafrost (kg/m3)", "", m->density_frozen, &m->density_frozen, NULL));
    PetscCall(PetscOptionsBool("-saturated", "Hydrostatic pore pressure below the water level (effective stress, buoyant weight)", "", m->saturated, &m->saturated, NULL));
    PetscOptionsEnd();

    PetscCall(PetscSNPrintf(key, sizeof(key), "-%syoungs_modulus", prefix));
    PetscCheck(has_E, comm, PETSC_ERR_USER_INPUT, "%s: layer '%s' has no youngs_modulus: set %s", t->source, m->name, key);
    PetscCheck(m->youngs_modulus >= DIO_YOUNGS_MODULUS_MIN && m->youngs_modulus <= DIO_YOUNGS_MODULUS_MAX, comm, PETSC_ERR_USER_INPUT,
               "%s = %g: Young's modulus must be > 0, in [%g, %g] Pa (peat to diamond)", key, (double)m->youngs_modulus, DIO_YOUNGS_MODULUS_MIN,
               DIO_YOUNGS_MODULUS_MAX);
    PetscCall(PetscSNPrintf(key, sizeof(key), "-%spoissons_ratio", prefix));
    PetscCheck(has_nu, comm, PETSC_ERR_USER_INPUT, "%s: layer '%s' has no poisson_ratio: set %s", t->source, m->name, key);
    PetscCheck(m->poissons_ratio > -1.0 && m->poissons_ratio < 0.5, comm, PETSC_ERR_USER_INPUT, "%s = %g: must be in (-1, 0.5)", key,
               (double)m->poissons_ratio);
    PetscCall(PetscSNPrintf(key, sizeof(key), "-%sdensity", prefix));
    PetscCheck(has_rho, comm, PETSC_ERR_USER_INPUT, "%s: layer '%s' has no density: set %s", t->source, m->name, key);
    PetscCheck(m->density >= DIO_DENSITY_MIN && m->density <= DIO_DENSITY_MAX, comm, PETSC_ERR_USER_INPUT, "%s = %g: density must be > 0, in [%g, %g] kg/m3",
               key, (double)m->density, DIO_DENSITY_MIN, DIO_DENSITY_MAX);
    PetscCheck(m->density_frozen >= DIO_DENSITY_MIN && m->density_frozen <= DIO_DENSITY_MAX, comm, PETSC_ERR_USER_INPUT,
               "-%sdensity_frozen = %g: density must be > 0, in [%g, %g] kg/m3", prefix, (double)m->density_frozen, DIO_DENSITY_MIN, DIO_DENSITY_MAX);
    PetscCall(LayerStrengthSet(comm, csv, prefix, (PetscInt)model, (PetscInt)dp_match, m));
  }
  PetscCall(DioMaterialFrozenCreate_Internal(comm, csv, num_layers, t->layers, &t->frozen));
  PetscCall(DioMaterialFlowCreate_Internal(comm, csv, num_layers, t->layers, &t->flow, &t->water));
  PetscCall(DioTableDestroy(&csv));
  *table = t;
  PetscFunctionReturn(0);
}

PetscErrorCode DioMaterialTableDestroy(DioMaterialTable *table)
{
  PetscFunctionBegin;
  if (*table == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree((*table)->layers));
  PetscCall(PetscFree((*table)->frozen));
  PetscCall(PetscFree((*table)->flow));
  PetscCall(PetscFree(*table));
  PetscFunctionReturn(0);
}

/* A layer id out of range is a programming error (ids come from the table's own lookups). */
static PetscErrorCode MaterialTableCheckLayer(DioMaterialTable table, PetscInt layer)
{
  PetscFunctionBegin;
  PetscCheck(layer >= 0 && layer < table->num_layers, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "layer id %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")", layer, table->num_layers);
  PetscFunctionReturn(0);
}

PetscErrorCode DioMaterialTableGetLayer(DioMaterialTable table, PetscInt layer, const DioLayerMaterial **material)
{
  PetscFunctionBegin;
  PetscCall(MaterialTableCheckLayer(table, layer));
  *material = &table->layers[layer];
  PetscFunctionReturn(0);
}

PetscErrorCode DioMaterialTableGetNumLayers(DioMaterialTable table, PetscInt *num_layers)
{
  PetscFunctionBegin;
  *num_layers = table->num_layers;
  PetscFunctionReturn(0);
}

/* One line per layer: what a user checks in the batch log before trusting a run. */
PetscErrorCode DioMaterialTableView(DioMaterialTable table, PetscViewer viewer)
{
  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIPrintf(viewer, "materials (defaults from %s):\n", table->source));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  %-26s %12s %6s %10s %10s %s\n", "layer", "E [Pa]", "nu", "rho", "rho_frozen", "saturated"));
  for (PetscInt l = 0; l < table->num_layers; l++) {
    const DioLayerMaterial *m = &table->layers[l];
    PetscCall(PetscViewerASCIIPrintf(viewer, "  %-26s %12.4g %6.3f %10.1f %10.1f %s\n", m->name, (double)m->youngs_modulus, (double)m->poissons_ratio,
                                     (double)m->density, (double)m->density_frozen, m->saturated ? "yes" : "no"));
    if (m->constitutive != DIO_MODEL_ELASTIC)
      PetscCall(PetscViewerASCIIPrintf(viewer, "  %-26s %s: c %g Pa, phi %g deg, psi %g deg, tension cut-off %g Pa\n", "", DioConstitutiveModels[m->constitutive],
                                       (double)m->cohesion, (double)m->friction_angle, (double)m->dilation_angle, (double)m->tensile_strength));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioMaterialTableGetFrozen(DioMaterialTable table, PetscInt layer, const DioLayerFrozen **frozen)
{
  PetscFunctionBegin;
  PetscCall(MaterialTableCheckLayer(table, layer));
  *frozen = &table->frozen[layer];
  PetscFunctionReturn(0);
}

PetscErrorCode DioMaterialTableGetFlow(DioMaterialTable table, PetscInt layer, const DioLayerFlow **flow)
{
  PetscFunctionBegin;
  PetscCall(MaterialTableCheckLayer(table, layer));
  *flow = &table->flow[layer];
  PetscFunctionReturn(0);
}

PetscErrorCode DioMaterialTableGetPoreWater(DioMaterialTable table, const DioPoreWater **water)
{
  PetscFunctionBegin;
  *water = &table->water;
  PetscFunctionReturn(0);
}
