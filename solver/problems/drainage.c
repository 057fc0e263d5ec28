/* SPDX-License-Identifier: BSD-2-Clause
   drainage.c: the drainage type of every layer (-materials_<layer>_drainage, issue 14) in the mechanics problems
   (transverse section, TBM segment, longitudinal drive): drained layers keep today's effective-stress model; an
   undrained layer's water adds its stiffness alpha^2 M to the drained bulk modulus (K_u = K + alpha^2 M, Gassmann /
   Biot; shear modulus unchanged), from the initial state on; coupled consolidation is the consolidation problem's. */
#include "section.h"
#include "biot.h"

/*
  DioSectionApplyDrainage - after the initial (geostatic) state: every layer whose drainage is undrained gets the water's
  stiffness added to its bulk modulus, with a log line giving K, K_u, nu and the undrained nu_u; a layer set to
  consolidation is refused (one line naming the key: coupled flow is -problem consolidation's). Layers left at the
  default or drained are untouched, so an all-drained run is today's, bit for bit. Collective.
*/
PetscErrorCode DioSectionApplyDrainage(DioSection *sec)
{
  const DioPoreWater *water;
  PetscInt            num_layers;

  PetscFunctionBegin;
  PetscCall(DioMaterialTableGetNumLayers(sec->materials, &num_layers));
  PetscCall(DioMaterialTableGetPoreWater(sec->materials, &water));
  for (PetscInt l = 0; l < num_layers; l++) {
    const DioLayerMaterial *m;
    const DioLayerFlow     *f;
    PetscReal               inverse_modulus, added, lambda, mu, bulk, bulk_u, nu_u;

    PetscCall(DioMaterialTableGetLayer(sec->materials, l, &m));
    PetscCall(DioMaterialTableGetFlow(sec->materials, l, &f));
    PetscCheck(f->drainage != DIO_DRAINAGE_CONSOLIDATION, sec->comm, PETSC_ERR_USER_INPUT,
               "-materials_%s_drainage = consolidation: coupled flow runs in -problem consolidation; here a layer is drained or undrained", m->name);
    if (f->drainage != DIO_DRAINAGE_UNDRAINED) continue;
    inverse_modulus = dio_biot_inverse_modulus(f->porosity, f->biot_coefficient, water->compressibility, f->grain_compressibility);
    added           = f->biot_coefficient * f->biot_coefficient / inverse_modulus; /* > 0: checked by flow_table.c */
    PetscCall(DioElasticityAddLayerBulkModulus(sec->elas, l, added));
    mu     = m->youngs_modulus / (2 * (1 + m->poissons_ratio));
    lambda = m->youngs_modulus * m->poissons_ratio / ((1 + m->poissons_ratio) * (1 - 2 * m->poissons_ratio));
    bulk   = lambda + 2 * mu / 3;
    bulk_u = bulk + added;
    nu_u   = (3 * bulk_u - 2 * mu) / (2 * (3 * bulk_u + mu));
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                            "[drainage]  %s undrained: bulk modulus %.4g -> %.4g Pa (alpha %.3g, M %.4g Pa), Poisson's ratio %.4g -> %.4g, "
                            "Skempton's B %.4f\n",
                            m->name, (double)bulk, (double)bulk_u, (double)f->biot_coefficient, (double)(1 / inverse_modulus), (double)m->poissons_ratio,
                            (double)nu_u, (double)dio_biot_skempton_b(bulk, f->biot_coefficient, inverse_modulus)));
  }
  PetscFunctionReturn(0);
}

/*
  DioSectionHasDrainage - *any: a layer is set undrained or consolidation (an imported mesh then runs through the stage
  engine, stage_drainage.c, which applies or refuses it). Not collective (every rank holds the same table).
*/
PetscErrorCode DioSectionHasDrainage(DioSection *sec, PetscBool *any)
{
  PetscInt num_layers;

  PetscFunctionBegin;
  *any = PETSC_FALSE;
  PetscCall(DioMaterialTableGetNumLayers(sec->materials, &num_layers));
  for (PetscInt l = 0; l < num_layers; l++) {
    const DioLayerFlow *f;

    PetscCall(DioMaterialTableGetFlow(sec->materials, l, &f));
    if (f->drainage == DIO_DRAINAGE_UNDRAINED || f->drainage == DIO_DRAINAGE_CONSOLIDATION) *any = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}
