/* SPDX-License-Identifier: BSD-2-Clause
   elasticity_impl.h: private state of DioElasticity, shared by the files of physics/mechanics/ and the couplings
   that reach into it (physics/coupling/). Flat arrays indexed by local cell c = cell - cStart, the layout the
   kernels read. */
#pragma once
#include "dio_elasticity.h"
#include "fe_basis.h"
#include "elasticity.h"
#include "mohr_coulomb.h"
#include "dio_mesh.h"

/* Per-layer constants the kernels use, derived from the material table. */
typedef struct {
  PetscReal lambda, mu, density, density_frozen;
  PetscBool saturated;
} DioElasLayerParams;

/* The element loads of the last linear assembly and the inputs of each (load_reuse.c, issue 16). */
typedef struct {
  PetscReal          *Fe;        /* [num_cells][dofs_per_cell] */
  PetscReal          *stress;    /* [num_cells][num_qpoints][6] the initial stress they were computed from */
  PetscInt           *layer;     /* [num_cells] */
  PetscBool          *frozen, *active; /* [num_cells] */
  DioElasLayerParams *layers;    /* [num_layers] */
  DioElasLoads        loads;
  PetscBool           has_stress, valid;
} DioElasLoadCache;

/* Elastoplastic state (plasticity_state.c), present when a layer is Mohr-Coulomb or Drucker-Prager. Quadrature-point
   arrays are [num_cells][num_qpoints][6] (yield: [num_cells][num_qpoints]); "committed" is the state at the end of the
   last converged load increment, "trial" the state of the Newton iterate. */
typedef struct {
  DioMCParams *layer_params;       /* [num_layers] */
  PetscBool   *layer_plastic;      /* [num_layers] */
  PetscReal   *stress, *plastic_strain, *yield;                   /* committed */
  PetscReal   *stress_trial, *plastic_strain_trial, *yield_trial; /* of the last residual evaluation */
  Vec          u_committed;        /* displacement since the last DioElasticityStoreInitialStress(), committed state */
  Vec          u_increment;        /* work: iterate - u_committed */
  Vec          force_start, force_target; /* internal force of the committed state and the loads of the solve */
  Vec          prescribed_target, prescribed_mask; /* prescribed values g (0 elsewhere) and 1 at the prescribed, unpinned dofs */
  PetscBool    any_prescribed; /* of the solve: some dof prescribed on some rank */
  PetscReal   *eigenstrain_committed,
      *eigenstrain_start; /* [num_cells][num_qpoints][6] eps* of the committed state, and at the solve's start */
  PetscBool    eigenstrain_used;   /* an eigenstrain was applied since the last DioElasticityStoreInitialStress() */
  PetscReal    load_fraction;      /* of the increment being solved */
  PetscReal    increment_first, increment_min; /* load increments as fractions of the solve's load change */
  PetscInt     increments_max, domain_errors;
  PetscReal    load_atol;          /* Newton also stops at ||R|| <= load_atol * (norm of the loads): nothing left to carry */
  PetscReal    snes_atol;          /* -mech_snes_atol as set by the user (the floor above is added per solve) */
  PetscBool    load_monitor;       /* -mech_load_monitor: one line per load increment tried */
  PetscInt     cutbacks_max;       /* -mech_load_cutbacks_max: consecutive cut-backs before the solve fails (0: down to increment_min only) */
  PetscInt     stagnation_its;     /* -mech_snes_stagnation_its: window w of the stagnation test (0: off) */
  PetscReal    stagnation_factor;  /* -mech_snes_stagnation_factor: Newton stops when ||R_k|| > factor ||R_(k-w)|| */
  PetscReal   *residual_history;   /* [stagnation_its + 1] the last residual norms of the Newton attempt, cyclic */
  PetscBool    stagnated;          /* the last Newton attempt stopped on the stagnation test */
  SNES         snes;               /* options prefix mech_ */
  PetscBool    direct;             /* Newton's linear solves by LU (MUMPS) of the tangent, not a Krylov method */
  PetscBool    precondition_elastic; /* iterative: GAMG on the elastic stiffness P (robust, built once per solve), not on the tangent */
  Mat          P;                  /* the elastic stiffness when precondition_elastic */
  PetscInt     pc_generation;      /* operator_generation the GAMG hierarchy on P was built for; -1: none yet */
} DioPlasticity;

struct _n_DioElasticity {
  DM               dm;        /* the user's mesh (referenced) */
  DM               dm_u;      /* clone carrying the displacement section */
  DioMaterialTable materials; /* not owned */
  PetscInt         dim, order, num_layers;
  DioElasLayerParams *layer;  /* [num_layers] */
  PetscReal        modulus_scale; /* largest Young's modulus: K and F are divided by it (u unchanged) */
  PetscReal        load_factor;   /* multiplies F (1 by default) */
  DioElasLoads     loads;
  DioVectorFieldFn body_force;
  void            *body_force_ctx;
  DioBoundaryCondition bc[DIO_BOUNDARY_MAX + 1];      /* by boundary id (1..DIO_BOUNDARY_MAX) */
  PetscInt             roller_axis[DIO_BOUNDARY_MAX + 1]; /* component a roller holds; -1: by DioBoundaryId (RollerComponent) */
  PetscInt             fixed_components[DIO_BOUNDARY_MAX + 1]; /* components a fixed boundary holds (bits); 0: all */
  PetscBool            roller_inclined[DIO_BOUNDARY_MAX + 1];  /* a roller along each node's normal (inclined_roller.c) */
  PetscInt            *node_rotation; /* [local nodes]: index into rotation, -1 Cartesian; NULL: no inclined roller */
  PetscReal           *rotation;      /* [num_rotations][3][3], R[i][j]: component i of basis vector j (free ones first) */
  PetscInt             num_rotations;
  PetscBool            plane_stress; /* 2D: sigma_zz = 0 instead of eps_zz = 0 (layer lambda holds 2 lambda mu / (lambda + 2 mu)) */
  PetscBool        setup;

  DioElementTab tab;        /* stiffness rule: (order + 1)^dim Gauss points */
  DioFaceTab    face_tab[6];
  PetscInt      cStart, num_cells, nodes_per_cell, dofs_per_cell;
  PetscInt     *cell_local_dofs;  /* [num_cells][dofs_per_cell] offsets into a local vector */
  PetscInt     *cell_global_dofs; /* [num_cells][dofs_per_cell] global rows, -1 where constrained (for loads) */
  PetscReal    *cell_nodes;       /* [num_cells][nodes_per_cell][dim] node coordinates, lexicographic */
  PetscInt     *cell_layer;       /* [num_cells] */
  PetscBool    *cell_frozen;      /* [num_cells] permafrost label set */
  PetscInt      num_load_faces;
  PetscInt     *load_face_cell;   /* [num_load_faces] local cell index */
  PetscInt     *load_face_id;     /* [num_load_faces] reference face 2 * direction + side */
  PetscInt      num_pressure_faces;
  PetscInt     *pressure_face_cell, *pressure_face_id; /* [num_pressure_faces] */
  PetscReal    *pressure_p0, *pressure_gradient, *pressure_z0;
  PetscInt      num_traction_faces;
  PetscInt     *traction_face_cell, *traction_face_id; /* [num_traction_faces] */
  PetscReal    *traction_value;   /* [num_traction_faces][3] Pa */
  PetscInt     *local_constrained;/* [local size] DIO_DOF_* bits where a Dirichlet condition holds, 0 where free */
  PetscReal    *prescribed_value; /* [local size] value of the DIO_DOF_PRESCRIBED dofs (m); NULL: none yet */
  PetscInt      num_prescribed;   /* local dofs with DIO_DOF_PRESCRIBED */
  PetscInt     *local_pinned;     /* [local size] 1 where no active cell holds the dof (excavated ground) */
  PetscBool    *cell_active;      /* [num_cells] PETSC_FALSE once excavated; NULL: every cell active */
  PetscReal    *initial_stress;   /* [num_cells][num_qpoints][6] effective stress before the current loads; NULL: zero */
  PetscReal    *cell_lame;        /* [num_cells][2] lambda, mu overriding the layer's (elasticity_coupling.c); NULL: none */
  PetscReal    *eigenstrain; /* [num_cells][num_qpoints][6] stress-free strain (thermal, thaw; elasticity_coupling.c);
                                NULL: none */
  PetscReal    *free_strain_zz; /* plane stress: [num_cells] eps_zz of the stress-free strain committed so far, which
                                   the stored stress holds but no displacement shows; NULL: none */

  Vec          node_coords;       /* global vector of node coordinates (block size dim) for the rigid-body modes */
  Mat          K;                 /* the stiffness, created on the first solve and kept (pattern fixed) */
  KSP          ksp;               /* its solver, options prefix mech_ */
  PetscInt     operator_generation; /* incremented whenever K changes beyond its loads: active cells, materials, rows */
  /* the incremental assembly of K (elasticity_matrix.c, issue 16): cells whose element matrix a stage changed since K
     was last assembled (DioElasticityReplaceCells, DioElasticitySetActiveCells), and what else K depends on then */
  PetscBool   *cell_changed;      /* [num_cells]; NULL: none marked yet */
  PetscInt     tracked_generation; /* operator_generation increments that cell_changed accounts for since K_generation */
  PetscInt     K_generation;      /* operator_generation when e->K was last assembled; -1: never (or not by cells) */
  PetscInt    *K_constrained;     /* [local size] local_constrained then */
  PetscInt     K_update_id;       /* assemblies of e->K so far */
  PetscBool    K_update_partial;  /* the last one updated the rows of the marked nodes only */
  PetscInt    *K_node_marked;     /* [local size / dim] the nodes whose rows it updated (every rank sharing them) */
  PetscBool    stage_incremental; /* -mech_stage_incremental: a stage's K by its changed rows (default true) */
  PetscBool    stage_incremental_check; /* -mech_stage_incremental_check: compare it with a fresh assembly */
  DioElasLoadCache *load_cache;  /* -mech_stage_incremental: the element loads kept (load_reuse.c); NULL: none yet */
  PetscInt     pc_generation;     /* operator_generation the GAMG hierarchy of ksp was built for; -1: none yet */
  PetscInt     fallback_max_dofs; /* -mech_fallback_max_dofs: largest system the direct fallback factors (0: none) */
  KSP          ksp_direct;        /* the fallback: LU by MUMPS, created on the first failure */
  PetscInt     direct_max_dofs;   /* -mech_direct_max_dofs: largest system CG preconditions by Cholesky (0: GAMG always) */
  PetscBool    direct_pc;         /* ksp's preconditioner is that Cholesky factorisation (MUMPS), not GAMG */
  PetscInt     substructures;     /* -mech_substructures: the factorisation by this many slabs along x (0: whole) */
  PetscInt     substructures_min_dofs; /* a default K (DioElasticitySetSubstructures) applies from this many dofs */
  PetscBool    substructured;     /* ksp's preconditioner is the factorisation by slabs (substructure.c) */
  PetscBool    substructures_mumps; /* -mech_substructures_interface mumps: S factored whole by MUMPS, not by blocks */
  /* what a linear solve keeps of the last one (-mech_stage_reuse, -mech_stage_initial_guess; issue 16) */
  DioStageReuse stage_reuse;
  PetscBool     stage_initial_guess; /* CG starts from the u passed in (the last stage's solution) */
  PetscReal     stage_rebuild_factor;
  PetscInt      fresh_iterations;    /* iterations of the last solve with a freshly set-up preconditioner; -1: none */
  PetscBool     pc_stale;            /* active cells changed since the preconditioner was set up: set it up again */
  DioPlasticity *plastic;         /* NULL: every layer elastic */
  PetscLogEvent event_setup, event_assembly, event_insert, event_solve, event_fields;
};

/* Bits of local_constrained: a zero condition (roller, fixed), a prescribed value (prescribed_displacement.c). */
enum { DIO_DOF_CONSTRAINED = 1, DIO_DOF_PRESCRIBED = 2 };

PetscErrorCode DioElasticitySetUpDiscretization_Internal(DioElasticity elas);
/* The stiffness / tangent matrix with its pattern and the rigid-body near-null space, created on first use. */
PetscErrorCode DioElasticityGetOperator_Internal(DioElasticity elas, Mat *K);
/* linear_fallback.c: the default options of GAMG's smoothers (where the user set none); the GAMG hierarchy of pc
   rebuilt when K changed beyond its values (*pc_generation is not elas->operator_generation), kept otherwise; the
   fallback options; the Cholesky preconditioner in place of GAMG (-mech_direct_max_dofs); the solve after a failed
   Krylov solve. */
PetscErrorCode DioElasticitySetDefaultOptions_Internal(MPI_Comm comm);
PetscErrorCode DioElasticityRefreshPreconditioner_Internal(DioElasticity elas, PC pc, PetscInt *pc_generation);
PetscErrorCode DioElasticityFallbackSetFromOptions_Internal(DioElasticity elas);
PetscErrorCode DioElasticityChoosePreconditioner_Internal(DioElasticity elas, PC pc);
PetscErrorCode DioElasticitySolveFallback_Internal(DioElasticity elas, Vec F, Vec u, DioSolveInfo *info);
/* substructure.c: pc becomes that Cholesky factorisation computed by num_slabs slabs along x, whose factors are kept
   while their part of K does not change (-mech_substructures). */
PetscErrorCode DioElasticitySetSubstructurePC_Internal(DioElasticity elas, PetscInt num_slabs, PC pc);
/* Element matrix of local cell c into Ke[ndof][ndof] (overwritten; unscaled). Thread-safe, calls no PETSc; returns a
   DioKernelStatus. */
typedef int (*DioElasCellMatrixFn)(const struct _n_DioElasticity *elas, PetscInt c, void *ctx, double *restrict Ke);
/* elasticity_matrix.c: K from the element matrices of every local cell; *bad_cell the first failed cell or -1. */
PetscErrorCode DioElasticityAssembleMatrix_Internal(DioElasticity elas, DioElasCellMatrixFn kernel, void *ctx, Mat K, PetscInt *bad_cell);
/* The element loads of the linear solve (with the lifting's eigenstrain, as DioElasticityAssembleLoad_Internal's),
   computed again only for the cells whose inputs changed (load_reuse.c). */
PetscErrorCode DioElasticityKeptCellLoads_Internal(DioElasticity elas, const PetscReal **Fe_all, PetscInt *num_computed, PetscInt *bad_cell);
/* K brought up to date where the cells cell_changed[] changed: their nodes' rows summed again (elasticity_matrix.c). */
PetscErrorCode DioElasticityUpdateMatrix_Internal(DioElasticity elas, DioElasCellMatrixFn kernel, void *ctx, Mat K, const PetscBool cell_changed[],
                                                  PetscInt *num_updated, PetscInt *bad_cell);
/* elasticity_assembly.c: F (overwritten) from the element vectors Fe_all[num_cells][dofs_per_cell] times scale, through
   a local vector: `add` adds to it before the constrained and pinned rows are zeroed, `lift` after (either NULL). */
typedef PetscErrorCode (*DioElasLocalVectorFn)(DioElasticity elas, PetscScalar f[]);
PetscErrorCode DioElasticityCellVectorsToGlobal_Internal(DioElasticity elas, const PetscReal Fe_all[], PetscReal scale, DioElasLocalVectorFn add,
                                                         DioElasLocalVectorFn lift, Vec F);
/* The load vector of the current loads (scaled as K); linear: PETSC_FALSE leaves out the lifting of prescribed values
   and the eigenstrain load (the elastoplastic solve carries both in its unknown and its stress update). */
PetscErrorCode DioElasticityAssembleLoad_Internal(DioElasticity elas, PetscBool linear, Vec F);
/* plasticity_state.c */
PetscErrorCode DioPlasticityCreate_Internal(DioElasticity elas);
PetscErrorCode DioPlasticityDestroy_Internal(DioElasticity elas);
PetscErrorCode DioPlasticityStoreInitialStress_Internal(DioElasticity elas);
PetscErrorCode DioPlasticityCellFields_Internal(DioElasticity elas, DioElasCellFields *fields);
/* An excavated cell's element matrix keeps only the diagonal of the dofs no active cell holds (pinned). */
static inline void DioElasticityMaskInactiveCell_Internal(const struct _n_DioElasticity *e, PetscInt c, double *restrict Ke)
{
  const PetscInt ndof = e->dofs_per_cell;
  for (PetscInt r = 0; r < ndof; r++) {
    for (PetscInt s = 0; s < ndof; s++) {
      if (r != s || !e->local_pinned[e->cell_local_dofs[c * ndof + r]]) Ke[r * ndof + s] = 0.0;
    }
  }
}
/* Add the lifting of the prescribed values to the local load f (prescribed_displacement.c). */
PetscErrorCode DioElasticityLiftPrescribed_Internal(DioElasticity elas, PetscReal scale, PetscScalar f[]);
/* Element load of local cell c (gravity or the body force, pore pressure; the eigenstrain's if asked); thread-safe,
   calls no PETSc. Returns a DioKernelStatus. */
int DioElasticityCellLoad_Internal(const struct _n_DioElasticity *elas, PetscInt c, PetscBool eigenstrain, double *restrict Fe);
/* Eigenstrain (elasticity_coupling.c): adds int B^T D eps* of local cell c to Fe; D eps* at its quadrature point q.
   Thread-safe. */
int  DioElasticityCellEigenstrainLoad_Internal(const struct _n_DioElasticity *elas, PetscInt c, double *restrict Fe);
void DioElasticityEigenstress_Internal(const struct _n_DioElasticity *elas, PetscInt c, PetscInt q, double sig6[6]);
/* Lame constants of local cell c: the per-cell override (DioElasticitySetCellElastic()) or the layer's. */
static inline void DioElasticityCellLame_Internal(const struct _n_DioElasticity *e, PetscInt c, double *lambda, double *mu)
{
  if (e->cell_lame) {
    *lambda = e->cell_lame[2 * c];
    *mu     = e->cell_lame[2 * c + 1];
  } else {
    *lambda = e->layer[e->cell_layer[c]].lambda;
    *mu     = e->layer[e->cell_layer[c]].mu;
  }
}
/* Plane stress: the zz components of a strain and stress computed as plane strain with the layer's lambda* (= 2 lambda
   mu / (lambda + 2 mu)): sigma_zz = 0 and eps_zz = -lambda / (lambda + 2 mu) (eps_xx + eps_yy) = -lambda* / (2 mu) (...). */
static inline void DioElasticityPlaneStressZZ_Internal(double lambda_star, double mu, double eps6[6], double sig6[6])
{
  eps6[2] = -lambda_star / (2.0 * mu) * (eps6[0] + eps6[1]);
  sig6[2] = 0.0;
}
/* Pore pressure (Pa) at elevation z in local cell c. */
static inline PetscBool DioElasticityCellActive_Internal(const struct _n_DioElasticity *e, PetscInt c)
{
  return e->cell_active ? e->cell_active[c] : PETSC_TRUE;
}
static inline double DioElasticityPorePressure_Internal(const struct _n_DioElasticity *e, PetscInt c, double z)
{
  const DioElasLayerParams *layer = &e->layer[e->cell_layer[c]];
  const double              depth = e->loads.water_level - z;
  if (!e->loads.pore_pressure || !layer->saturated || e->cell_frozen[c] || depth <= 0) return 0.0;
  return e->loads.water_density * e->loads.gravity * depth;
}

/* inclined_roller.c: rollers on inclined or curved boundaries by a local rotation of their nodes' dofs. */
PetscErrorCode DioElasticityMarkInclinedRollers_Internal(DioElasticity e);
void           DioElasticityRotateElementMatrix_Internal(const struct _n_DioElasticity *e, PetscInt c, double Ke[]);
void           DioElasticityRotateLocal_Internal(const struct _n_DioElasticity *e, PetscScalar v[], PetscBool to_rotated, PetscInt local_size);
PetscErrorCode DioElasticityRotateGlobal_Internal(DioElasticity e, Vec u, PetscBool to_rotated);
