/* SPDX-License-Identifier: BSD-2-Clause
   frozen_table.c: the frozen-ground and thaw parameters of every layer (issue 5), kept apart from the elastic and
   strength parameters so that each block reads and validates its own keys. */
#include "material_impl.h"

/*
  DioMaterialFrozenCreate_Internal - per layer, from the table rows frozen_E0, frozen_E1, frozen_poisson_ratio,
  thaw_strain, thermal_expansion (absent rows: 0, and the thawed Poisson's ratio), overridden by the options
  -materials_<layer>_frozen_youngs_modulus (Pa), _frozen_youngs_modulus_slope (Pa/K), _frozen_poissons_ratio (-),
  _thaw_strain (-), _thermal_expansion (1/K), _ice_impedance (-, row ice_impedance, default 7: Hansson et al. 2004, Vadose
  Zone J. 3:693-704, fitted Omega = 7). Collective. Errors name the option, the value and the valid range.
*/
PetscErrorCode DioMaterialFrozenCreate_Internal(MPI_Comm comm, DioTable csv, PetscInt num_layers, const DioLayerMaterial layers[], DioLayerFrozen **frozen)
{
  DioLayerFrozen *f;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(num_layers + 1, &f));
  for (PetscInt l = 0; l < num_layers; l++) {
    DioLayerFrozen *p = &f[l];
    char            prefix[DIO_MATERIAL_NAME_LEN + 16];
    PetscBool       found;
    struct {
      const char *row;
      PetscReal  *value;
    } rows[] = {
      {"frozen_E0",            &p->frozen_youngs_modulus      },
      {"frozen_E1",            &p->frozen_youngs_modulus_slope},
      {"frozen_poisson_ratio", &p->frozen_poissons_ratio      },
      {"thaw_strain",          &p->thaw_strain                },
      {"thermal_expansion",    &p->thermal_expansion          },
      {"ice_impedance",        &p->ice_impedance              }
    };

    p->frozen_poissons_ratio = layers[l].poissons_ratio;
    p->ice_impedance         = DIO_ICE_IMPEDANCE_DEFAULT;
    for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
      PetscReal value;
      PetscCall(DioTableGetReal(csv, layers[l].name, rows[k].row, &value, &found));
      if (found) *rows[k].value = value;
    }
    PetscCall(PetscSNPrintf(prefix, sizeof(prefix), "materials_%s_", layers[l].name));
    PetscOptionsBegin(comm, prefix, "Layer frozen-ground and thaw parameters (defaults from the material table)", "materials");
    PetscCall(PetscOptionsReal("-frozen_youngs_modulus", "Frozen Young's modulus at the freezing point (Pa); 0: no frozen stiffening", "", p->frozen_youngs_modulus,
                               &p->frozen_youngs_modulus, NULL));
    PetscCall(PetscOptionsReal("-frozen_youngs_modulus_slope", "Increase of the frozen modulus per K below the freezing point (Pa/K)", "",
                               p->frozen_youngs_modulus_slope, &p->frozen_youngs_modulus_slope, NULL));
    PetscCall(PetscOptionsReal("-frozen_poissons_ratio", "Frozen Poisson's ratio (-), in (-1, 0.5)", "", p->frozen_poissons_ratio, &p->frozen_poissons_ratio, NULL));
    PetscCall(PetscOptionsReal("-thaw_strain", "Vertical compression when all the pore ice melts (-), in [0, 1)", "", p->thaw_strain, &p->thaw_strain, NULL));
    PetscCall(PetscOptionsReal("-thermal_expansion", "Linear thermal expansion coefficient (1/K), >= 0", "", p->thermal_expansion, &p->thermal_expansion, NULL));
    PetscCall(PetscOptionsReal("-ice_impedance", "Impedance factor Omega of pore ice (-), in [0, 20]: K = K_unfrozen 10^(-Omega S_i) (thaw consolidation)", "",
                               p->ice_impedance, &p->ice_impedance, NULL));
    PetscOptionsEnd();
    PetscCheck(p->ice_impedance >= 0 && p->ice_impedance <= 20, comm, PETSC_ERR_USER_INPUT, "-%sice_impedance = %g: must be in [0, 20]", prefix,
               (double)p->ice_impedance);
    PetscCheck((p->frozen_youngs_modulus == 0 || (p->frozen_youngs_modulus >= DIO_YOUNGS_MODULUS_MIN && p->frozen_youngs_modulus <= DIO_YOUNGS_MODULUS_MAX)) &&
                 p->frozen_youngs_modulus_slope >= 0 && p->frozen_youngs_modulus_slope <= DIO_YOUNGS_MODULUS_MAX,
               comm, PETSC_ERR_USER_INPUT,
               "-%sfrozen_youngs_modulus = %g, -%sfrozen_youngs_modulus_slope = %g: must be 0 or in [%g, %g] Pa, and in [0, %g] Pa/K", prefix,
               (double)p->frozen_youngs_modulus, prefix, (double)p->frozen_youngs_modulus_slope, DIO_YOUNGS_MODULUS_MIN, DIO_YOUNGS_MODULUS_MAX,
               DIO_YOUNGS_MODULUS_MAX);
    PetscCheck(p->frozen_poissons_ratio > -1 && p->frozen_poissons_ratio < 0.5, comm, PETSC_ERR_USER_INPUT, "-%sfrozen_poissons_ratio = %g: must be in (-1, 0.5)",
               prefix, (double)p->frozen_poissons_ratio);
    PetscCheck(p->thaw_strain >= 0 && p->thaw_strain < 1, comm, PETSC_ERR_USER_INPUT, "-%sthaw_strain = %g: must be in [0, 1)", prefix, (double)p->thaw_strain);
    PetscCheck(p->thermal_expansion >= 0 && p->thermal_expansion < 1e-3, comm, PETSC_ERR_USER_INPUT, "-%sthermal_expansion = %g: must be in [0, 1e-3) 1/K", prefix,
               (double)p->thermal_expansion);
  }
  *frozen = f;
  PetscFunctionReturn(0);
}
