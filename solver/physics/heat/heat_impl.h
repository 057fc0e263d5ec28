/* SPDX-License-Identifier: BSD-2-Clause
   heat_impl.h: private state of DioHeat, shared by heat_discretization.c, heat_assembly.c and heat_solve.c. Flat
   arrays indexed by local cell c = cell - cStart or by local dof (offset into a local vector), the layout the
   kernels read. */
#pragma once
#include "dio_heat.h"
#include "dio_mesh.h"
#include "fe_basis.h"
#include "heat.h"

/* Boundary condition of one "Face Sets" id. */
typedef enum { DIO_HEAT_BC_NONE = 0, DIO_HEAT_BC_TEMPERATURE, DIO_HEAT_BC_FLUX, DIO_HEAT_BC_CONVECTION } DioHeatBCKind;

typedef struct {
  DioHeatBCKind   kind;
  DioHeatScalarFn fn;       /* NULL: the constant value */
  void           *ctx;      /* not owned */
  PetscReal       constant; /* degC or W/m2; convection: the ambient temperature, degC */
  PetscReal       coefficient; /* convection: heat transfer coefficient h_c, W/m2/K */
} DioHeatBC;

struct _n_DioHeat {
  DM                  dm;   /* the user's mesh (referenced) */
  DM                  dm_T; /* clone carrying the temperature section */
  PetscInt            dim, order, num_layers;
  DioHeatMaterial    *material;                   /* [num_layers] */
  DioHeatBC           bc[DIO_BOUNDARY_MAX + 1]; /* by "Face Sets" id (1..DIO_BOUNDARY_MAX: built-in ids or named groups) */
  DioHeatTimeStepping stepping;
  DioHeatTangent      tangent;
  PetscReal           residual_scale; /* 1 / largest conductivity: residual and Jacobian are divided by it */
  DioHeatMonitorFn    monitor;
  void               *monitor_ctx;
  PetscBool           progress; /* -heat_progress: one line per accepted step on rank 0 */
  PetscBool           setup;

  DioElementTab tab; /* (order + 1)^dim Gauss points */
  DioFaceTab    face_tab[6];
  PetscInt      cStart, num_cells, nodes_per_cell, local_size;
  PetscInt     *cell_local_dofs;     /* [num_cells][nodes_per_cell] offsets into a local vector */
  PetscInt     *cell_global_dofs;    /* [num_cells][nodes_per_cell] global rows */
  PetscReal    *cell_nodes;          /* [num_cells][nodes_per_cell][dim] node coordinates, lexicographic */
  PetscReal    *cell_mass;           /* [num_cells][nodes_per_cell] lumped capacity weights int N_a (m^dim) */
  PetscReal    *cell_dirichlet_diag; /* [num_cells][nodes_per_cell] element diagonal of a Dirichlet row (scaled) */
  PetscInt     *cell_layer;          /* [num_cells] */
  PetscReal    *local_node_x;        /* [local_size][dim] coordinates of every local node */
  PetscInt     *local_bc;            /* [local_size] boundary id holding a Dirichlet temperature, 0 where free */
  PetscReal    *local_dirichlet;     /* [local_size] Dirichlet value at time_new */
  PetscInt      num_flux_faces; /* flux and convection faces */
  PetscBool     has_convection; /* some boundary id has a convection condition (on every rank) */
  PetscInt     *flux_face_cell; /* [num_flux_faces] local cell */
  PetscInt     *flux_face_ref;  /* [num_flux_faces] reference face 2 * direction + side */
  PetscInt     *flux_face_id;   /* [num_flux_faces] boundary id */
  Vec           dirichlet_mask; /* global: 1 at Dirichlet rows, 0 elsewhere */

  /* the step being solved: from time (T_old) to time_new, dt_inv = 1 / (time_new - time), 0 for steady state */
  PetscReal  time, time_new, dt_inv;
  Vec        T_old;      /* global, state at `time` */
  PetscReal *cell_T_old; /* [num_cells][nodes_per_cell] */
  PetscReal *cell_T_ref; /* [num_cells][nodes_per_cell] the previous Jacobian's iterate (secant tangent) */
  PetscReal *local_load; /* [local_size] fluxes and sources at time_new (W, unscaled) */
  PetscReal  power_flux, power_source; /* W: totals of the loads at time_new */

  PetscReal dt_next;                                 /* s: the step DioHeatAdvance() tries next */
  PetscInt  last_iterations, last_linear_iterations; /* of the last step */

  SNES         snes;
  Mat          J;
  Vec          R, T_trial, R_balance;
  PetscReal   *cell_residual; /* [num_cells][nodes_per_cell] */

  DioHeatEnergy energy;
  PetscLogEvent event_setup, event_residual, event_jacobian, event_step;
};

PetscErrorCode DioHeatSetUpDiscretization_Internal(DioHeat heat);
PetscErrorCode DioHeatCreateMatrix_Internal(DioHeat heat);
PetscErrorCode DioHeatPrepareStep_Internal(DioHeat heat, PetscReal time_new);
PetscErrorCode DioHeatGatherCells_Internal(DioHeat heat, Vec T, PetscReal cell_T[]);
PetscErrorCode DioHeatFormFunction_Internal(SNES snes, Vec T, Vec R, void *ctx);
PetscErrorCode DioHeatFormJacobian_Internal(SNES snes, Vec T, Mat J, Mat P, void *ctx);
/* Residual of every node without the Dirichlet rows replaced (W, unscaled), summed into the global vector R. */
PetscErrorCode DioHeatComputeBalanceResidual_Internal(DioHeat heat, Vec T, Vec R);
PetscErrorCode DioHeatCheckKernelStatus_Internal(DioHeat heat, PetscInt bad_cell, const char *what);
/* heat_convection.c */
PetscErrorCode DioHeatConvectionResidual_Internal(DioHeat heat, const PetscReal cell_T[], PetscBool replace_dirichlet, PetscScalar r_local[]);
PetscErrorCode DioHeatConvectionJacobian_Internal(DioHeat heat, Mat P);
PetscErrorCode DioHeatConvectionPower_Internal(DioHeat heat, Vec T, PetscReal *power);
