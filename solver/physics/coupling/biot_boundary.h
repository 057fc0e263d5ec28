/* SPDX-License-Identifier: BSD-2-Clause
   biot_boundary.h: private to physics/coupling: the held pressures and leaky boundaries of the flow in the coupled
   Biot system (biot_boundary.c), called by biot_coupling.c. */
#pragma once
#include "dio_elasticity.h"
#include "dio_flow.h"

/* Adds factor times the leaky boundaries' matrix int leakage N_a N_b to C and P (before their assembly; held rows and
   columns left out). Not collective. */
PetscErrorCode DioBiotLeakageMatrix_Internal(DioFlow flow, PetscReal factor, Mat C, Mat P);
/* Adds the lifting of the held pressures and the leaky boundaries' outside pressure to the step's right-hand side bu
   (displacement rows, scaled by 1 / scale as the elasticity's loads) and bp (mass-balance rows); p_old: the excess
   pressure at the start of the step. Collective. */
PetscErrorCode DioBiotBoundaryRightHandSide_Internal(DioElasticity elas, DioFlow flow, PetscReal scale, PetscReal dt,
                                                     Vec p_old, Vec bu, Vec bp);
