/* SPDX-License-Identifier: BSD-2-Clause
   flow_impl.h: private state of DioFlow, shared with the Biot coupling (physics/coupling/biot_coupling.c). Flat
   arrays indexed by local cell c = cell - cStart, the layout the kernels read. */
#pragma once
#include "dio_flow.h"
#include "fe_basis.h"
#include "dio_mesh.h"

/* Per-layer constants of the kernels (kernels/biot.h). */
typedef struct {
  PetscReal biot_coefficient; /* alpha, - */
  PetscReal inverse_modulus;  /* 1 / M, 1/Pa */
  PetscReal mobility[3];      /* kappa per axis (x, y, z; vertical last), m2/(Pa s); 0 in an undrained layer */
  DioDrainage drainage;       /* -materials_<layer>_drainage (DEFAULT: consolidation) */
} DioFlowLayerParams;

struct _n_DioFlow {
  DM               dm;        /* the user's mesh (referenced) */
  DM               dm_p;      /* clone carrying the pore-pressure section (Q1: one dof per vertex) */
  DioMaterialTable materials; /* not owned */
  PetscReal        water_density;
  PetscInt         dim, num_layers;
  PetscBool        drained[DIO_BOUNDARY_COUNT + 1]; /* by DioBoundaryId */
  PetscBool        setup;

  DioElementTab       tab;   /* Q1 at 3 Gauss points per direction: the rule of the Q2 displacement */
  DioFlowLayerParams *layer; /* [num_layers] */
  PetscInt            cStart, num_cells, nodes_per_cell;
  PetscInt           *cell_local_dofs;  /* [num_cells][nodes_per_cell] offsets into a local vector */
  PetscInt           *cell_global_dofs; /* [num_cells][nodes_per_cell] global rows (of any rank) */
  PetscInt           *cell_layer;       /* [num_cells] */
  PetscReal          *cell_nodes;       /* [num_cells][nodes_per_cell][dim] corner coordinates, lexicographic */
  DioScalarFieldFn    source;           /* volumetric source (1/s) or NULL */
  void               *source_ctx;
  PetscInt           *local_drained; /* [local size] 1 where the excess pressure is held at zero */
};

/* The pressure p with its ghosts (a local vector of f->dm_p, read-only array); give back with the Restore. */
PetscErrorCode DioFlowGetLocalPressure_Internal(DioFlow f, Vec p, Vec *local, const PetscScalar *array[]);
PetscErrorCode DioFlowRestoreLocalPressure_Internal(DioFlow f, Vec *local, const PetscScalar *array[]);
