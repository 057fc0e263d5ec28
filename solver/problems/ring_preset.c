/* SPDX-License-Identifier: BSD-2-Clause
   ring_preset.c: the part the presets on the transverse O-grid (transverse_section, permafrost_thaw) share: the bore's
   keys, the section set up with the lining as an elastic layer and its cells in the three regions, and a stage list
   over those regions. */
#include "ring_preset.h"

/*
  DioRingOptionsAdd - inside the caller's PetscOptionsBegin/End: -tunnel_chainage, -tunnel_diameter and
  -tunnel_lining_thickness (m), each value's default the one given. Collective.
*/
PetscErrorCode DioRingOptionsAdd(PetscOptionItems *PetscOptionsObject, PetscReal *chainage_m, PetscReal *diameter_m,
                                 PetscReal *lining_thickness_m)
{
  PetscFunctionBegin;
  PetscCall(PetscOptionsReal("-tunnel_chainage", "Distance along the alignment of the section (m)", "", *chainage_m,
                             chainage_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_diameter", "Bored diameter (m)", "", *diameter_m, diameter_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_lining_thickness", "Lining thickness (m); material -materials_lining_concrete_*",
                             "", *lining_thickness_m, lining_thickness_m, NULL));
  PetscFunctionReturn(0);
}

/*
  DioRingSetUp - DioSectionSetUp() on the O-grid dm (taken), the lining (the section's extra layer) elastic whatever
  the ground's constitutive model, and per local cell its tunnel label value (tunnel: DIO_TUNNEL_CORE,
  DIO_TUNNEL_RING, else ground) and its region (DIO_RING_REGION_*). Free both with PetscFree2(*tunnel, *region).
  Collective.
*/
PetscErrorCode DioRingSetUp(DioSection *sec, DM dm, const char what[], PetscLogDouble mesh_seconds, PetscInt **tunnel,
                            PetscInt **region)
{
  const DioLayerMaterial *lining;

  PetscFunctionBegin;
  PetscCall(DioSectionSetUp(sec, dm, what, mesh_seconds));
  PetscCall(DioMaterialTableGetLayer(sec->materials, sec->extra_layer, &lining));
  PetscCall(DioElasticitySetLayerElastic(sec->elas, sec->extra_layer, lining->youngs_modulus, lining->poissons_ratio,
                                         lining->density, PETSC_FALSE));
  PetscCall(PetscMalloc2(sec->topology.num_cells + 1, tunnel, sec->topology.num_cells + 1, region));
  PetscCall(DioSectionCellLabelValues(sec, DIO_LABEL_TUNNEL, *tunnel));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++)
    (*region)[c] = (*tunnel)[c] == DIO_TUNNEL_CORE   ? DIO_RING_REGION_CORE
                   : (*tunnel)[c] == DIO_TUNNEL_RING ? DIO_RING_REGION_RING
                                                     : DIO_RING_REGION_GROUND;
  PetscFunctionReturn(0);
}

/*
  DioStageListCreateRing - num_stages stages over the ring presets' regions and num_boundaries boundaries (a preset's
  heat conditions, off), numbered from stage 0 (the presets' log): the ring activated as the lining_layer (ground and
  core never activated), each stage one load step releasing all, stage 0 named "initial state"; the caller sets what
  each stage changes. Destroy with DioStageListDestroy().
*/
PetscErrorCode DioStageListCreateRing(PetscInt num_stages, PetscInt num_boundaries, PetscInt lining_layer,
                                      DioStageList *list)
{
  PetscFunctionBegin;
  PetscCall(DioStageListCreate(num_stages, DIO_RING_NUM_REGIONS, num_boundaries, list));
  list->from_zero = PETSC_TRUE;
  PetscCall(PetscMalloc1(DIO_RING_NUM_REGIONS, &list->region_layer));
  list->region_layer[DIO_RING_REGION_GROUND] = list->region_layer[DIO_RING_REGION_CORE] = -1;
  list->region_layer[DIO_RING_REGION_RING]                                              = lining_layer;
  for (PetscInt s = 0; s < num_stages; s++) {
    list->stage[s].steps   = 1;
    list->stage[s].release = 1;
  }
  PetscCall(PetscStrncpy(list->stage[0].name, "initial state", sizeof(list->stage[0].name)));
  PetscFunctionReturn(0);
}
