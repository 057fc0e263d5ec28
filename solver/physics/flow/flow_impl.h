/* SPDX-License-Identifier: BSD-2-Clause
   flow_impl.h: private state of DioFlow, shared with the Biot coupling (physics/coupling/biot_coupling.c). Flat
   arrays indexed by local cell c = cell - cStart, the layout the kernels read. */
#pragma once
#include "dio_flow.h"
#include "fe_basis.h"
#include "dio_mesh.h"

/* One boundary's groundwater condition (flow_boundary.c), by "Face Sets" value: any id >= 1 (the built-in ids, a
   mesh's named groups, the wall a problem labels beyond them: DIO_BOUNDARY_FLOW_WALL). */
typedef struct {
  PetscInt         id;
  PetscBool        drained;  /* the excess pressure held on its nodes */
  DioScalarFieldFn pressure; /* the held excess pressure (Pa) where drained; NULL: 0 */
  void            *pressure_ctx;
  PetscReal        leakage; /* m/(Pa s) of a leaky boundary; 0: not leaky */
  DioScalarFieldFn outside; /* excess pressure beyond the leaky boundary; NULL: 0 */
  void            *outside_ctx;
  PetscInt         num_nodes; /* after set-up, drained or leaky: its nodes, local dofs (ghosts included) */
  PetscInt        *nodes;
} DioFlowBoundaryCondition;

/* Per-layer constants of the kernels (kernels/biot.h). */
typedef struct {
  PetscReal biot_coefficient; /* alpha, - */
  PetscReal inverse_modulus;  /* 1 / M, 1/Pa */
  PetscReal mobility[3];      /* kappa per axis (x, y, z; vertical last), m2/(Pa s); 0 in an undrained layer */
  DioDrainage drainage;       /* -materials_<layer>_drainage (DEFAULT: consolidation) */
} DioFlowLayerParams;

struct _n_DioFlow {
  DM               dm;        /* the user's mesh (referenced) */
  DM               dm_p;      /* clone carrying the pore-pressure section (Q1 or P1: one dof per vertex) */
  DioMaterialTable materials; /* not owned */
  PetscReal        water_density;
  PetscInt         dim, num_layers;
  PetscBool        setup;

  DioElementTab       tab;   /* Q1 (P1) at the rule of the Q2 (P2) displacement: dio_biot_pressure_tab_init() */
  DioFlowLayerParams *layer; /* [num_layers] */
  PetscInt            cStart, num_cells, nodes_per_cell;
  PetscInt           *cell_local_dofs;  /* [num_cells][nodes_per_cell] offsets into a local vector */
  PetscInt           *cell_global_dofs; /* [num_cells][nodes_per_cell] global rows (of any rank) */
  PetscInt           *cell_layer;       /* [num_cells] */
  PetscReal          *cell_nodes;       /* [num_cells][nodes_per_cell][dim] corner coordinates, kernel order */
  DioScalarFieldFn    source;           /* volumetric source (1/s) or NULL */
  void               *source_ctx;
  PetscInt           *local_drained; /* [local size] 1 where the excess pressure is held (drained, prescribed, or in
                                        no active cell) */
  /* flow_boundary.c: prescribed pressures, leaky boundaries and cells outside the flow (issue 14, tunnel wall) */
  PetscBool        *cell_active;                                /* [num_cells] NULL: every cell carries flow */
  PetscInt                  num_conditions;     /* the boundaries given a condition (a drained or leaky one once) */
  DioFlowBoundaryCondition *condition;          /* [num_conditions] by increasing id */
  PetscReal                *local_prescribed;   /* [local size] the held excess pressure (Pa); NULL: all 0 */
  PetscInt          num_leaky_faces;    /* faces (2D: edges) of leaky boundaries, once per active cell beside one */
  PetscInt         *leaky_face_cell;    /* [num_leaky_faces] local cell */
  PetscReal        *leaky_face_matrix;  /* [num_leaky_faces][np][np] int leakage P_a P_b dA over the face, m3/(Pa s) */
  PetscReal        *leaky_face_outside; /* [num_leaky_faces][np] excess pressure beyond, at the cell's nodes, Pa */
  const PetscReal    *cell_mobility_factor; /* [num_cells] multiplies the layer's mobility (pore ice,
                                               coupling/thaw_consolidation.c); NULL: 1. Not owned */
};

/* 1 if local cell c carries flow (not excavated, not a lining). */
static inline PetscBool DioFlowCellActive_Internal(const struct _n_DioFlow *f, PetscInt c)
{
  return f->cell_active ? f->cell_active[c] : PETSC_TRUE;
}
/* flow_boundary.c: from DioFlowSetUp() and DioFlowUpdateBoundaries(): the held dofs and values, the leaky faces. */
PetscErrorCode DioFlowBoundarySetUp_Internal(DioFlow f);
PetscErrorCode DioFlowBoundaryDestroy_Internal(DioFlow f);
/* The condition of boundary id (NULL: none, impermeable), and its nodes as set up as flags; flow_boundary.c. */
PetscErrorCode DioFlowBoundaryConditionFind_Internal(DioFlow f, PetscInt id, const DioFlowBoundaryCondition **bc);
PetscErrorCode DioFlowBoundaryNodeFlags_Internal(DioFlow f, const DioFlowBoundaryCondition *bc, PetscBool *on[]);

/* Mobility kappa[3] of local cell c: the layer's, times the cell's factor if any. */
static inline void DioFlowCellMobility_Internal(const struct _n_DioFlow *f, PetscInt c, double mobility[3])
{
  const double factor = f->cell_mobility_factor ? f->cell_mobility_factor[c] : 1.0;
  for (PetscInt d = 0; d < 3; d++) mobility[d] = factor * f->layer[f->cell_layer[c]].mobility[d];
}

/* The pressure p with its ghosts (a local vector of f->dm_p, read-only array); give back with the Restore. */
PetscErrorCode DioFlowGetLocalPressure_Internal(DioFlow f, Vec p, Vec *local, const PetscScalar *array[]);
PetscErrorCode DioFlowRestoreLocalPressure_Internal(DioFlow f, Vec *local, const PetscScalar *array[]);
