/* SPDX-License-Identifier: BSD-2-Clause
   stage_drainage.c: undrained regions on an imported mesh (-materials_<region>_drainage undrained, issue 14) in the
   stage engine: the water's stiffness alpha^2 M joins the region's bulk modulus from the first stage after the
   initial-stress stage on (drainage.c, as the built-in sections do after their initial state), and each output step
   carries the excess pore pressure of the undrained cells, p = -alpha M eps_v (Wang 2000, ch. 3: no water leaves, so
   the fluid content alpha eps_v + p / M stays zero), eps_v the volumetric strain since drainage began (or since the
   cell's region was activated). The stresses of an undrained cell are total-stress changes (skeleton and water).
   Checkpoints add eps_v per cell, so that a restart (on any number of ranks) continues the excess pore pressure. */
#include "stage_engine.h"
#include "biot.h"

struct _n_DioStageDrainage {
  PetscBool  applied;          /* the water's stiffness is in the operator */
  PetscReal *layer_alpha_m;    /* [num_layers] alpha M (Pa) of an undrained layer, 0 elsewhere */
  PetscReal *volumetric;       /* [num_local_cells] eps_v accumulated since drainage began (-) */
  Vec        volumetric_array; /* volumetric as the checkpoint array "undrained_volumetric_strain" */
};

/*
  DioStageDrainageCreate - *drain NULL when no region is undrained (every run without the key is unchanged) or one is
  set to consolidation (the coupled flow, stage_flow.c, then takes every region's drainage); else the undrained
  regions' alpha M, with what an undrained region cannot be combined with refused in one line: plane stress, an analysis
  other than mechanics (thermal strain or thaw would enter eps_v), an elastoplastic region. Collective; validates in
  check mode too.
*/
PetscErrorCode DioStageDrainageCreate(DioSection *sec, DioAnalysis analysis, DioStageDrainage *drain)
{
  const DioPoreWater *water;
  PetscInt            num_layers;
  PetscReal          *alpha_m;
  const char         *undrained = NULL;

  PetscFunctionBegin;
  *drain = NULL;
  PetscCall(DioMaterialTableGetNumLayers(sec->materials, &num_layers));
  PetscCall(DioMaterialTableGetPoreWater(sec->materials, &water));
  PetscCall(PetscCalloc1(num_layers + 1, &alpha_m));
  for (PetscInt l = 0; l < num_layers; l++) {
    const DioLayerMaterial *m;
    const DioLayerFlow     *f;
    PetscReal               inverse_modulus;

    PetscCall(DioMaterialTableGetLayer(sec->materials, l, &m));
    PetscCall(DioMaterialTableGetFlow(sec->materials, l, &f));
    if (f->drainage == DIO_DRAINAGE_CONSOLIDATION) { /* coupled flow: every region's drainage is stage_flow.c's */
      PetscCall(PetscFree(alpha_m));
      PetscFunctionReturn(0);
    }
    if (f->drainage != DIO_DRAINAGE_UNDRAINED) continue;
    PetscCheck(
        m->constitutive == DIO_MODEL_ELASTIC, sec->comm, PETSC_ERR_USER_INPUT,
        "-materials_%s_drainage = undrained: the region is elastoplastic (%s); an undrained region must be elastic",
        m->name, DioConstitutiveModels[m->constitutive]);
    inverse_modulus =
        dio_biot_inverse_modulus(f->porosity, f->biot_coefficient, water->compressibility, f->grain_compressibility);
    alpha_m[l] = f->biot_coefficient / inverse_modulus;
    undrained  = m->name;
  }
  if (undrained == NULL) {
    PetscCall(PetscFree(alpha_m));
    PetscFunctionReturn(0);
  }
  PetscCheck(!sec->imported->plane_stress, sec->comm, PETSC_ERR_USER_INPUT,
             "-materials_%s_drainage = undrained: not with -mech_plane_stress (plane strain or 3D)", undrained);
  PetscCheck(analysis == DIO_ANALYSIS_MECHANICS, sec->comm, PETSC_ERR_USER_INPUT,
             "-materials_%s_drainage = undrained: only with -analysis mechanics (here %s)", undrained,
             DioAnalyses[analysis]);
  PetscCall(PetscNew(drain));
  (*drain)->layer_alpha_m = alpha_m;
  PetscFunctionReturn(0);
}

/* The per-cell volumetric strain, zero (after DioSectionSetUp()), and its checkpoint array. Collective. */
PetscErrorCode DioStageDrainageSetUp(DioSection *sec, DioStageDrainage drain)
{
  PetscFunctionBegin;
  if (drain == NULL) PetscFunctionReturn(0);
  PetscCall(PetscCalloc1(sec->topology.num_cells + 1, &drain->volumetric));
  PetscCall(VecCreateMPIWithArray(sec->comm, 1, sec->topology.num_cells, PETSC_DECIDE, drain->volumetric,
                                  &drain->volumetric_array));
  PetscCall(DioSectionCheckpointAddArray(sec, "undrained_volumetric_strain", drain->volumetric_array));
  PetscFunctionReturn(0);
}

/* A restart: the per-cell volumetric strain of checkpoint `path` (cells matched by centroid). Collective. */
PetscErrorCode DioStageDrainageRestart(DioSection *sec, DioStageDrainage drain, const char path[])
{
  PetscFunctionBegin;
  if (drain == NULL) PetscFunctionReturn(0);
  PetscCall(DioSectionCheckpointReadCellArray(sec, path, "undrained_volumetric_strain", 1, drain->volumetric));
  PetscFunctionReturn(0);
}

/* The water's stiffness into the undrained regions (once; logged by DioSectionApplyDrainage()). Collective. */
PetscErrorCode DioStageDrainageApply(DioSection *sec, DioStageDrainage drain)
{
  PetscFunctionBegin;
  if (drain == NULL || drain->applied) PetscFunctionReturn(0);
  PetscCall(DioSectionApplyDrainage(sec));
  drain->applied = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* A region activated by a stage starts stress-free: its cells' eps_v from zero. */
PetscErrorCode DioStageDrainageActivate(DioStageDrainage drain, const DioStage *stage, PetscInt num_cells,
                                        const PetscInt cell_region[])
{
  PetscFunctionBegin;
  if (drain == NULL) PetscFunctionReturn(0);
  for (PetscInt c = 0; c < num_cells; c++)
    if (stage->region_activated[cell_region[c]]) drain->volumetric[c] = 0;
  PetscFunctionReturn(0);
}

/* After a solve with the water's stiffness on: eps_v of its increment u joins every cell's. Collective. */
PetscErrorCode DioStageDrainageAccumulate(DioSection *sec, DioStageDrainage drain, Vec u)
{
  DioElasCellFields cf;

  PetscFunctionBegin;
  if (drain == NULL || !drain->applied) PetscFunctionReturn(0);
  PetscCall(DioElasticityComputeCellFields(sec->elas, u, &cf));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++)
    drain->volumetric[c] += cf.strain[6 * c] + cf.strain[6 * c + 1] + cf.strain[6 * c + 2];
  PetscCall(DioElasCellFieldsDestroy(&cf));
  PetscFunctionReturn(0);
}

/* The output step's "excess_pore_pressure" (cell, Pa; zero in drained and excavated cells). Collective. */
PetscErrorCode DioStageDrainageWriteFields(DioSection *sec, DioStageDrainage drain, DioStageExcess excess,
                                           DioOutput out, const PetscInt cell_layer[], const PetscInt excavated[])
{
  PetscReal *values;

  PetscFunctionBegin;
  if (drain == NULL) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(sec->topology.num_cells + 1, &values));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++)
    values[c] = excavated[c] ? 0.0 : -drain->layer_alpha_m[cell_layer[c]] * drain->volumetric[c];
  PetscCall(DioStageExcessWrite(sec, excess, out, DIO_OUTPUT_CELL, sec->topology.num_cells, values));
  PetscCall(PetscFree(values));
  PetscFunctionReturn(0);
}

PetscErrorCode DioStageDrainageDestroy(DioStageDrainage *drain)
{
  PetscFunctionBegin;
  if (*drain == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree((*drain)->layer_alpha_m));
  PetscCall(VecDestroy(&(*drain)->volumetric_array));
  PetscCall(PetscFree((*drain)->volumetric));
  PetscCall(PetscFree(*drain));
  PetscFunctionReturn(0);
}
