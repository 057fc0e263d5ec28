/* SPDX-License-Identifier: BSD-2-Clause
   dio_thaw_consolidation.h: thaw consolidation (issue 14): the thaw coupling (dio_thaw.h: stiffness, thermal and thaw
   strain from the temperature) extended to the groundwater of a Biot model (dio_biot.h), per cell from the ice
   saturation S_i = 1 - S_w of the last heat state:
   - pore ice blocks the flow: the mobility is the layer's times 10^(-Omega S_i), Omega the layer's ice_impedance
     (impedance factor of Hansson et al. 2004, Vadose Zone J. 3:693-704; default 7): frozen ground is nearly
     impermeable, thawed ground drains;
   - thawing releases the load the ice-bonded skeleton carried: the initial effective stress of the reference (frozen)
     state is scaled by 1 - r, r = the largest fraction of the reference ice lost so far (irreversible). The weight of
     the thawed soil passes to the pore water (excess pore pressure at the thaw front) and then to the thawed skeleton
     as the water drains: Morgenstern & Nixon's (1971) thaw consolidation with zero residual effective stress at the
     front. The thaw strain of dio_thaw.h is left to the caller: as an eigenstrain under Biot its undrained pressure
     would be bounded by the skeleton's stiffness, not by the overburden (thaw_consolidation.c leaves it out).
   Staggered: the heat is advanced over a step, then this update, then one backward-Euler Biot step. */
#pragma once
#include "dio_thaw.h"
#include "dio_flow.h"

typedef struct _n_DioThawConsolidation *DioThawConsolidation;

/* Cell fields of the last update, one entry per local cell (borrowed, valid until the next update). */
typedef struct {
  const PetscReal *mobility_factor; /* -, 10^(-Omega S_i) */
  const PetscReal *stress_released; /* -, r in [0, 1]: fraction of the reference effective stress released */
} DioThawConsolidationCellFields;

/* thaw, elas and flow (on the same mesh) are borrowed and must outlive the object; release: PETSC_FALSE keeps the
   reference effective stress (only the thaw strain and the impedance act). Not collective. */
PetscErrorCode DioThawConsolidationCreate(DioThawCoupling thaw, DioElasticity elas, DioFlow flow,
                                          DioMaterialTable materials, PetscBool release, DioThawConsolidation *tc);
PetscErrorCode DioThawConsolidationDestroy(DioThawConsolidation *tc);
PetscErrorCode DioThawConsolidationSetReference(DioThawConsolidation tc);
PetscErrorCode DioThawConsolidationUpdate(DioThawConsolidation tc);
PetscErrorCode DioThawConsolidationGetCellFields(DioThawConsolidation tc, DioThawConsolidationCellFields *fields);
/* The history a checkpoint holds (borrowed, writable: a restart puts its checkpoint's back): per cell the reference ice
   saturation ice0[num_cells], the released fraction released[num_cells] (the largest so far) and the reference stress
   stress0[num_cells][num_qpoints][6]. */
PetscErrorCode DioThawConsolidationGetState(DioThawConsolidation tc, PetscInt *num_qpoints, PetscReal **ice0, PetscReal **released, PetscReal **stress0);
