/* SPDX-License-Identifier: BSD-2-Clause
   flow_table.c: the groundwater parameters of every layer (issue 14: Biot poroelasticity), kept apart from the
   elastic, strength and frozen-ground blocks so that each reads and validates its own keys. */
#include "material_impl.h"

const char *const DioDrainageTypes[] = {"default", "drained", "undrained", "consolidation", "DioDrainage", "DIO_DRAINAGE_", NULL};

/*
  DioMaterialFlowCreate_Internal - per layer, from the table rows porosity, hydraulic_conductivity (both axes),
  hydraulic_conductivity_horizontal, hydraulic_conductivity_vertical, permeability, biot_coefficient,
  grain_compressibility, overridden by the options -materials_<layer>_<same name>; the pore water's viscosity (Pa s)
  and compressibility (1/Pa) from the rows pore_water,viscosity and pore_water,compressibility, overridden by
  -materials_pore_water_viscosity and -materials_pore_water_compressibility. Units: conductivity m/s,
  permeability m2, compressibility 1/Pa. Collective. A value given anywhere is validated here (conductivity and
  permeability > 0, porosity in (0, 1), Biot coefficient in (porosity, 1], compressibility >= 0); a missing one only
  where a coupled model uses the layer (has_flow).
*/
PetscErrorCode DioMaterialFlowCreate_Internal(MPI_Comm comm, DioTable csv, PetscInt num_layers,
                                              const DioLayerMaterial layers[], DioLayerFlow **flow, DioPoreWater *water)
{
  DioLayerFlow *f;
  PetscBool     found;

  PetscFunctionBegin;
  water->viscosity       = 1.8e-3;
  water->compressibility = 4.6e-10;
  PetscCall(DioTableGetReal(csv, "pore_water", "viscosity", &water->viscosity, &found));
  if (!found) water->viscosity = 1.8e-3;
  PetscCall(DioTableGetReal(csv, "pore_water", "compressibility", &water->compressibility, &found));
  if (!found) water->compressibility = 4.6e-10;
  PetscOptionsBegin(comm, "materials_pore_water_", "Pore water (Biot consolidation; defaults from the material table)",
                    "materials");
  PetscCall(PetscOptionsReal("-viscosity", "Dynamic viscosity of the pore water (Pa s), > 0", "", water->viscosity,
                             &water->viscosity, NULL));
  PetscCall(PetscOptionsReal("-compressibility", "Compressibility of the pore water, 1 / bulk modulus (1/Pa), >= 0", "",
                             water->compressibility, &water->compressibility, NULL));
  PetscOptionsEnd();
  PetscCheck(water->viscosity > 0, comm, PETSC_ERR_USER_INPUT, "-materials_pore_water_viscosity = %g: must be > 0 Pa s",
             (double)water->viscosity);
  PetscCheck(water->compressibility >= 0, comm, PETSC_ERR_USER_INPUT,
             "-materials_pore_water_compressibility = %g: must be >= 0 1/Pa", (double)water->compressibility);
  PetscCall(PetscCalloc1(num_layers + 1, &f));
  for (PetscInt l = 0; l < num_layers; l++) {
    DioLayerFlow *p = &f[l];
    char          prefix[DIO_MATERIAL_NAME_LEN + 16];
    PetscReal     conductivity = 0, horizontal = 0, vertical = 0;
    PetscBool     has_porosity, has_k, has_kh, has_kv, has_alpha, set;
    PetscEnum     drainage = (PetscEnum)DIO_DRAINAGE_DEFAULT;
    struct {
      const char *row;
      PetscReal  *value;
      PetscBool  *found;
    } rows[] = {{"porosity", &p->porosity, &has_porosity},
                {"hydraulic_conductivity", &conductivity, &has_k},
                {"hydraulic_conductivity_horizontal", &horizontal, &has_kh},
                {"hydraulic_conductivity_vertical", &vertical, &has_kv},
                {"biot_coefficient", &p->biot_coefficient, &has_alpha},
                {"grain_compressibility", &p->grain_compressibility, &set},
                {"permeability", &p->permeability, &set}};

    for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
      PetscReal value;
      PetscCall(DioTableGetReal(csv, layers[l].name, rows[k].row, &value, rows[k].found));
      if (*rows[k].found) *rows[k].value = value;
    }
    PetscCall(PetscSNPrintf(prefix, sizeof(prefix), "materials_%s_", layers[l].name));
    PetscOptionsBegin(comm, prefix,
                      "Layer groundwater parameters (Biot consolidation; defaults from the material table)",
                      "materials");
    PetscCall(PetscOptionsReal("-porosity", "Porosity n (-), in (0, 1)", "", p->porosity, &p->porosity, &set));
    has_porosity = (PetscBool)(has_porosity || set);
    PetscCall(PetscOptionsReal("-hydraulic_conductivity", "Hydraulic conductivity K of both axes (m/s), > 0", "",
                               conductivity, &conductivity, &set));
    has_k = (PetscBool)(has_k || set);
    /* their defaults, as -help shows them: the conductivity of both axes (not an invalid 0) */
    if (!has_kh) horizontal = conductivity;
    if (!has_kv) vertical = conductivity;
    PetscCall(PetscOptionsReal("-hydraulic_conductivity_horizontal",
                               "Horizontal hydraulic conductivity (m/s); default hydraulic_conductivity", "",
                               horizontal, &horizontal, &set));
    has_kh = (PetscBool)(has_kh || set);
    PetscCall(PetscOptionsReal("-hydraulic_conductivity_vertical",
                               "Vertical hydraulic conductivity (m/s); default hydraulic_conductivity", "", vertical,
                               &vertical, &set));
    has_kv = (PetscBool)(has_kv || set);
    PetscCall(PetscOptionsReal(
        "-permeability",
        "Intrinsic permeability k (m2), replaces the conductivities: K = k rho_w g / mu_w; 0: not given", "",
        p->permeability, &p->permeability, NULL));
    PetscCall(PetscOptionsReal("-biot_coefficient", "Biot coefficient alpha (-), in (porosity, 1]; default 1", "",
                               has_alpha ? p->biot_coefficient : 1.0, &p->biot_coefficient, &set));
    if (!has_alpha && !set) p->biot_coefficient = 1.0;
    PetscCall(PetscOptionsReal("-grain_compressibility",
                               "Compressibility of the solid grains c_s (1/Pa), >= 0; default 0 (incompressible)", "",
                               p->grain_compressibility, &p->grain_compressibility, NULL));
    PetscCall(PetscOptionsEnum("-drainage",
                               "Drainage type: drained (pore pressure hydrostatic), undrained (water stiffness added to the "
                               "bulk modulus; needs porosity), consolidation (coupled flow; needs porosity and conductivity); "
                               "default: the problem's (drained; consolidation in -problem consolidation)",
                               "", DioDrainageTypes, drainage, &drainage, NULL));
    PetscOptionsEnd();
    p->drainage = (DioDrainage)drainage;
    p->hydraulic_conductivity_horizontal = has_kh ? horizontal : conductivity;
    p->hydraulic_conductivity_vertical   = has_kv ? vertical : conductivity;
    p->has_flow = (PetscBool)(has_porosity && (p->permeability > 0 || ((has_k || has_kh) && (has_k || has_kv))));
    PetscCheck(!has_porosity || (p->porosity > 0 && p->porosity < 1), comm, PETSC_ERR_USER_INPUT,
               "-%sporosity = %g: must be in (0, 1)", prefix, (double)p->porosity);
    PetscCheck(!has_k || conductivity > 0, comm, PETSC_ERR_USER_INPUT,
               "-%shydraulic_conductivity = %g: must be > 0 m/s", prefix, (double)conductivity);
    PetscCheck(!(has_k || has_kh) || p->hydraulic_conductivity_horizontal > 0, comm, PETSC_ERR_USER_INPUT,
               "-%shydraulic_conductivity_horizontal = %g: must be > 0 m/s", prefix,
               (double)p->hydraulic_conductivity_horizontal);
    PetscCheck(!(has_k || has_kv) || p->hydraulic_conductivity_vertical > 0, comm, PETSC_ERR_USER_INPUT,
               "-%shydraulic_conductivity_vertical = %g: must be > 0 m/s", prefix,
               (double)p->hydraulic_conductivity_vertical);
    PetscCheck(p->permeability >= 0, comm, PETSC_ERR_USER_INPUT,
               "-%spermeability = %g: must be > 0 m2 (0: use the hydraulic conductivity)", prefix,
               (double)p->permeability);
    PetscCheck(p->biot_coefficient <= 1 && (!has_porosity || p->biot_coefficient > p->porosity) &&
                   p->biot_coefficient > 0,
               comm, PETSC_ERR_USER_INPUT, "-%sbiot_coefficient = %g: must be in (porosity, 1] = (%g, 1]", prefix,
               (double)p->biot_coefficient, (double)p->porosity);
    PetscCheck(p->grain_compressibility >= 0, comm, PETSC_ERR_USER_INPUT,
               "-%sgrain_compressibility = %g: must be >= 0 1/Pa", prefix, (double)p->grain_compressibility);
    PetscCheck(p->drainage != DIO_DRAINAGE_UNDRAINED || has_porosity, comm, PETSC_ERR_USER_INPUT,
               "-%sdrainage = undrained: layer '%s' lacks -%sporosity (-), which the water's stiffness (Biot modulus) needs",
               prefix, layers[l].name, prefix);
    PetscCheck(p->drainage != DIO_DRAINAGE_CONSOLIDATION || p->has_flow, comm, PETSC_ERR_USER_INPUT,
               "-%sdrainage = consolidation: layer '%s' lacks -%sporosity (-) or -%shydraulic_conductivity (m/s)", prefix,
               layers[l].name, prefix, prefix);
    PetscCheck(p->drainage != DIO_DRAINAGE_UNDRAINED ||
                   p->porosity * water->compressibility + (p->biot_coefficient - p->porosity) * p->grain_compressibility > 0,
               comm, PETSC_ERR_USER_INPUT,
               "-%sdrainage = undrained: water and grains both incompressible (-materials_pore_water_compressibility and "
               "-%sgrain_compressibility 0) make the undrained layer rigid in volume; give a compressibility",
               prefix, prefix);
  }
  *flow = f;
  PetscFunctionReturn(0);
}
