/* SPDX-License-Identifier: BSD-2-Clause
   dio_biot.h: Biot consolidation (issue 14): the mechanics (DioElasticity, Q2 or P2 displacement) and the groundwater
   (DioFlow, Q1 or P1 excess pore pressure) solved together, implicit (backward Euler) in time, Taylor-Hood Q2-Q1 on
   quadrilaterals and hexahedra, P2-P1 on triangles and tetrahedra (inf-sup stable: no pressure oscillations in the
   undrained limit). Equations: kernels/biot.h and docs/architecture.md. */
#pragma once
#include <petscksp.h>
#include "dio_elasticity.h"
#include "dio_flow.h"

typedef struct _n_DioBiot *DioBiot;

typedef struct {
  PetscInt           iterations; /* KSP iterations of the coupled solve */
  KSPConvergedReason reason;
  PetscReal          residual_norm; /* of the scaled system */
  PetscReal          rhs_norm;      /* of the step's right-hand side (scaled system) */
  PetscLogDouble     assembly_seconds, solve_seconds;
} DioBiotStepInfo;

/* elas (set up with -mech_element_order 2) and flow are borrowed and must outlive the coupling. Collective. */
PetscErrorCode DioBiotCreate(DioElasticity elas, DioFlow flow, DioBiot *biot);
PetscErrorCode DioBiotDestroy(DioBiot *biot);
/* Reads the coupling's own keys (-biot_solver) without building anything, for a check pass and -help. Collective. */
PetscErrorCode DioBiotCheckOptions(MPI_Comm comm);
/* One backward-Euler step of length dt (s; 0: the undrained response to a change of load): u (m, global vector of
   the elasticity, relative to its initial state) and p (Pa, excess pore pressure, global vector of the flow) hold the
   state at the start of the step on entry and at its end on return. The loads are the elasticity's current ones. The
   solve stops at -biot_ksp_rtol times the largest right-hand side norm of the coupling's steps so far (its reference,
   see DioBiotSetReference()), or -biot_ksp_atol if larger. A fieldsplit solve that does not converge is repeated
   by LU (MUMPS) for this step, with a log line, where the system has at most -biot_fallback_max_dofs dofs; a solve
   that still does not converge is an error (PETSC_ERR_NOT_CONVERGED). Collective. */
PetscErrorCode DioBiotStep(DioBiot biot, PetscReal dt, Vec u, Vec p, DioBiotStepInfo *info);
/* The reference of the tolerance (the largest right-hand side norm so far, scaled system): a restart sets the one its
   checkpoint holds, so that it solves to the uninterrupted run's tolerance. Not collective. */
PetscErrorCode DioBiotGetReference(DioBiot biot, PetscReal *rhs_reference);
PetscErrorCode DioBiotSetReference(DioBiot biot, PetscReal rhs_reference);
/* The excess pore pressure (Pa) on the drained boundaries from the next step on (default 0): uniform, e.g. rho_w g times
   the sea's rise above the mean level; state: p already holds it there (after a restart). Not collective. */
PetscErrorCode DioBiotSetDrainedPressure(DioBiot biot, PetscReal pressure, PetscBool state);
/* Per local cell: Darcy velocity (specific discharge, m/s) velocity[num_cells][3] (0 out of plane in 2D), the cell
   average of the excess pore pressure p (Pa) and the Biot coefficient alpha[num_cells] (NULL: not wanted). Collective.
 */
PetscErrorCode DioBiotCellFlowFields(DioBiot biot, Vec p, PetscReal velocity[], PetscReal pressure_average[],
                                     PetscReal alpha[]);
/* biot_boundary.c: the water leaving the ground through boundary boundary_id over a step of length dt (s) from
   (u_old, p_old) to (u, p): m3/s per metre in 2D, positive outwards (into a tunnel); 0 for dt = 0. Collective. */
PetscErrorCode DioBiotBoundaryInflow(DioElasticity elas, DioFlow flow, PetscInt boundary_id, PetscReal dt, Vec u_old,
                                     Vec u, Vec p_old, Vec p, PetscReal *inflow);
/* The stiffness or the mobilities changed (thaw): the next step assembles every block again. Collective. */
PetscErrorCode DioBiotSetOperatorsChanged(DioBiot biot);
