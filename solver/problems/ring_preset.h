/* SPDX-License-Identifier: BSD-2-Clause
   ring_preset.h: what the presets on the transverse O-grid share (private to solver/problems; ring_preset.c): the
   bore's keys, its three regions by the tunnel label with the lining as an elastic layer, and the frame of their stage
   list. transverse.c and permafrost.c write their own stages into that frame. */
#pragma once
#include "stage_engine.h"

/* The regions of a ring preset's stage list: the ground, the bore's core and its lining ring (DIO_LABEL_TUNNEL). */
enum { DIO_RING_REGION_GROUND, DIO_RING_REGION_CORE, DIO_RING_REGION_RING, DIO_RING_NUM_REGIONS };

PetscErrorCode DioRingOptionsAdd(PetscOptionItems *PetscOptionsObject, PetscReal *chainage_m, PetscReal *diameter_m,
                                 PetscReal *lining_thickness_m);
PetscErrorCode DioRingSetUp(DioSection *section, DM dm, const char what[], PetscLogDouble mesh_seconds,
                            PetscInt **tunnel, PetscInt **region);
PetscErrorCode DioStageListCreateRing(PetscInt num_stages, PetscInt num_boundaries, PetscInt lining_layer,
                                      DioStageList *list);
