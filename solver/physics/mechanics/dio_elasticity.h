/* SPDX-License-Identifier: BSD-2-Clause
   dio_elasticity.h: linear elasticity (plane strain / 3D, Q1 / Q2) on a DMPlex of quads or hexes: discretisation,
   boundary conditions, gravity / pore-pressure / sea loads, COO assembly with an OpenMP cell loop, the CG + GAMG
   solve and the derived fields. Labels read: "layer", "permafrost", "Face Sets" (mesh/dio_mesh.h). */
#pragma once
#include <petscdmplex.h>
#include <petscsnes.h>
#include "dio_material.h"

typedef enum { DIO_BC_FREE, DIO_BC_ROLLER, DIO_BC_FIXED } DioBoundaryCondition;
PETSC_EXTERN const char *const DioBoundaryConditions[];

/* What a linear solve keeps of the previous one on the same DioElasticity (-mech_stage_reuse): nothing (GAMG set up
   again), GAMG's interpolation (coarse operators and smoothers set up again), or the whole preconditioner (set up
   again when the iterations grow past -mech_stage_rebuild_factor times those of the last fresh one, when the active
   cells change, or when a solve with it fails). */
typedef enum { DIO_STAGE_REUSE_NONE, DIO_STAGE_REUSE_INTERPOLATION, DIO_STAGE_REUSE_PRECONDITIONER } DioStageReuse;
PETSC_EXTERN const char *const DioStageReuses[];

/* Loads of the geostatic problem; SI units. */
typedef struct {
  PetscReal gravity;       /* m/s2, acting along -vertical */
  PetscReal water_density; /* kg/m3, sea and pore water */
  PetscReal water_level;   /* m, elevation of the sea surface (and the water table) */
  PetscBool sea_load;      /* pressure water_density g (water_level - z) on the surface below the water level */
  PetscBool pore_pressure; /* hydrostatic pore pressure in saturated, unfrozen cells below the water level */
} DioElasLoads;

/* A body force replacing gravity (manufactured solutions); called inside the OpenMP cell loop: must be pure. */
typedef void (*DioVectorFieldFn)(PetscInt dim, const PetscReal X[], PetscReal value[], void *ctx);

typedef struct {
  PetscInt  iterations;             /* KSP iterations (summed over Newton iterations when elastoplastic) */
  PetscReal residual_norm, rhs_norm;
  KSPConvergedReason reason;        /* of the (last) linear solve */
  PetscLogDouble     assembly_seconds, solve_seconds;
  PetscBool          preconditioner_kept; /* the linear solve kept the last solve's preconditioner (-mech_stage_reuse) */
  /* elastoplastic solves (zero / PETSC_FALSE when linear) */
  PetscBool            nonlinear, converged;
  PetscInt             newton_iterations, load_increments, cutbacks;
  PetscReal            load_fraction;  /* reached: 1 when converged */
  PetscReal            last_increment; /* size of the last increment tried */
  SNESConvergedReason  snes_reason;    /* of the last increment */
  PetscInt             consecutive_cutbacks; /* cut-backs since the last accepted increment (or the solve's start) */
  PetscBool            stagnated;      /* the last increment's Newton stopped stagnating (-mech_snes_stagnation_its) */
  PetscInt             yielded_points; /* quadrature points on the yield surface in the last increment (global) */
} DioSolveInfo;

/* Cell fields of one solution, one row per local cell (cStart..cEnd): six components xx, yy, zz, xy, yz, xz. */
typedef struct {
  PetscInt   num_cells;
  PetscReal *strain;           /* [num_cells][6] */
  PetscReal *effective_stress; /* [num_cells][6], Pa, tension positive */
  PetscReal *total_stress;     /* [num_cells][6], Pa: effective - pore_pressure I */
  PetscReal *pore_pressure;    /* [num_cells], Pa */
  PetscReal *volume;           /* [num_cells], m^dim */
  /* elastoplastic runs only (NULL otherwise) */
  PetscReal *plastic_strain;   /* [num_cells] equivalent plastic strain sqrt(2/3 eps_p : eps_p), cell average */
  PetscReal *yield_fraction;   /* [num_cells] fraction of the cell's quadrature points yielding in the last increment */
} DioElasCellFields;

typedef struct _n_DioElasticity *DioElasticity;

PetscErrorCode DioElasticityCreate(DM dm, PetscInt order, DioMaterialTable materials, DioElasticity *elas);
PetscErrorCode DioElasticityDestroy(DioElasticity *elas);
PetscErrorCode DioElasticitySetBoundaryCondition(DioElasticity elas, PetscInt boundary_id, DioBoundaryCondition bc);
PetscErrorCode DioElasticitySetRollerAxis(DioElasticity elas, PetscInt boundary_id, PetscInt axis);
/* A roller along each node's normal, for inclined or curved boundaries (linear solves; inclined_roller.c). */
PetscErrorCode DioElasticitySetRollerInclined(DioElasticity elas, PetscInt boundary_id);
PetscErrorCode DioElasticitySetFixedComponents(DioElasticity elas, PetscInt boundary_id, PetscInt component_bits);
PetscErrorCode DioElasticitySetPlaneStress(DioElasticity elas, PetscBool plane_stress);
PetscErrorCode DioElasticitySetLoads(DioElasticity elas, const DioElasLoads *loads);
PetscErrorCode DioElasticitySetBodyForce(DioElasticity elas, DioVectorFieldFn force, void *ctx);
PetscErrorCode DioElasticitySetUp(DioElasticity elas);
PetscErrorCode DioElasticityGetNumDofs(DioElasticity elas, PetscInt *num_dofs_global);
PetscErrorCode DioElasticityCreateGlobalVector(DioElasticity elas, Vec *u);
PetscErrorCode DioElasticityCreateMatrix(DioElasticity elas, Mat *K);
PetscErrorCode DioElasticityAssemble(DioElasticity elas, Mat K, Vec F);
PetscErrorCode DioElasticitySolve(DioElasticity elas, Vec u, DioSolveInfo *info);
/* The default of -mech_direct_max_dofs (0 unless set): systems up to this many dofs are solved by CG preconditioned by a
   Cholesky factorisation (MUMPS) instead of GAMG. Before the first solve; the option still wins. */
PetscErrorCode DioElasticitySetDirectMaxDofs(DioElasticity elas, PetscInt max_dofs);
/* The default of -mech_substructures (0 unless set): that Cholesky factorisation computed by num_slabs slabs along x,
   each factored again only where a solve changed it; the default applies to systems of at least min_dofs dofs (the
   option to every size). Before the first solve. */
PetscErrorCode DioElasticitySetSubstructures(DioElasticity elas, PetscInt num_slabs, PetscInt min_dofs);
/* Elastoplastic solve (a layer is Mohr-Coulomb or Drucker-Prager) that does not raise an error when the load cannot
   be carried: info->converged, info->load_fraction say how far it got (collapse loads). DioElasticitySolve() calls it
   and raises the error. PETSC_TRUE in *nonlinear when a layer is elastoplastic. */
PetscErrorCode DioElasticitySolvePlastic(DioElasticity elas, Vec u, DioSolveInfo *info);
PetscErrorCode DioElasticityIsNonlinear(DioElasticity elas, PetscBool *nonlinear);
PetscErrorCode DioElasticityComputeCellFields(DioElasticity elas, Vec u, DioElasCellFields *fields);
PetscErrorCode DioElasCellFieldsDestroy(DioElasCellFields *fields);
PetscErrorCode DioElasticityComputeVertexStress(DioElasticity elas, Vec u, PetscInt num_vertices, const PetscInt vertex_points[], PetscReal stress[]);
PetscErrorCode DioElasticityGetVertexDisplacement(DioElasticity elas, Vec u, PetscInt num_vertices, const PetscInt vertex_points[], PetscReal displacement[]);
/* Staged construction: the effective stress of u (plus any earlier initial stress) becomes the initial stress at
   every quadrature point, and later solves give displacements relative to that state (reset to zero). */
PetscErrorCode DioElasticityStoreInitialStress(DioElasticity elas, Vec u);
/* active[num_local_cells]: PETSC_FALSE removes a cell (excavation): no stiffness, no load, no initial stress; dofs
   held by no active cell are pinned. NULL re-activates every cell. */
PetscErrorCode DioElasticitySetActiveCells(DioElasticity elas, const PetscBool active[]);
/* Replace the material of the masked cells (mask[num_local_cells]) by layer `layer` and clear their initial stress:
   excavated ground replaced by a lining-equivalent material. */
PetscErrorCode DioElasticityReplaceCells(DioElasticity elas, const PetscBool mask[], PetscInt layer);
/* Override the elastic constants of one layer (after DioElasticitySetUp()), e.g. a smeared lining-equivalent. */
PetscErrorCode DioElasticitySetLayerElastic(DioElasticity elas, PetscInt layer, PetscReal youngs_modulus, PetscReal poissons_ratio, PetscReal density,
                                            PetscBool saturated);
/* Adds bulk_modulus (Pa, >= 0) to layer `layer`'s drained bulk modulus, its shear modulus kept: the water's stiffness
   alpha^2 M of an undrained layer. Elastic layers of a plane-strain or 3D model only. Collective. */
PetscErrorCode DioElasticityAddLayerBulkModulus(DioElasticity elas, PetscInt layer, PetscReal bulk_modulus);
/* Uniform initial effective stress sig6 (xx, yy, zz, xy, yz, xz; Pa) in every cell: a far-field stress state. */
PetscErrorCode DioElasticitySetUniformInitialStress(DioElasticity elas, const PetscReal sig6[]);
/* An initial effective stress as a function of position: sig6 (xx, yy, zz, xy, yz, xz; Pa) at point X[dim] of a cell of
   layer `layer` (initial_stress_field.c; the K0 procedure). */
typedef void (*DioStressFieldFn)(PetscInt layer, PetscInt dim, const PetscReal X[], PetscReal sig6[], void *ctx);
PetscErrorCode DioElasticitySetInitialStressField(DioElasticity elas, DioStressFieldFn field, void *ctx);
/* Multiply every load by factor (convergence-confinement: release a fraction of the excavation forces). */
PetscErrorCode DioElasticitySetLoadFactor(DioElasticity elas, PetscReal factor);
/* Pressure loads on cell faces (face = 2 * direction + side of the reference cell of local cell cells[k]):
   p = max(0, p0[k] + gradient[k] (z0[k] - z)); replaces the previous list (n = 0 clears it). */
PetscErrorCode DioElasticitySetPressureFaces(DioElasticity elas, PetscInt n, const PetscInt cells[], const PetscInt faces[], const PetscReal p0[],
                                             const PetscReal gradient[], const PetscReal z0[]);
PetscErrorCode DioElasticitySetTractionFaces(DioElasticity elas, PetscInt n, const PetscInt cells[], const PetscInt faces[], const PetscReal traction[]);
PetscErrorCode DioElasticityGetBoundaryFaces(DioElasticity elas, PetscInt boundary_id, PetscInt *n, PetscInt **cells, PetscInt **faces);
/* Prescribe u = value(X) (m, relative to the initial state) at the nodes in the closure of the local mesh points
   points[0..n); replaces the previous set, n = 0 clears it (prescribed_displacement.c). */
PetscErrorCode DioElasticitySetPrescribedDisplacement(DioElasticity elas, PetscInt n, const PetscInt points[], DioVectorFieldFn value, void *ctx);
/* The same, adding to the set already prescribed (several boundaries, each with its own value). */
PetscErrorCode DioElasticityAddPrescribedDisplacement(DioElasticity elas, PetscInt n, const PetscInt points[], DioVectorFieldFn value, void *ctx);
/* Centroid X[dim] of reference face `face` of local cell c (to find the faces a load acts on). */
PetscErrorCode DioElasticityGetFaceCentroid(DioElasticity elas, PetscInt c, PetscInt face, PetscReal X[]);
/* Borrowed state for checkpoints: the node coordinates (global vector, same layout as u) and the initial stress
   [num_cells][num_qpoints][6] (allocated, zero, on first access). */
PetscErrorCode DioElasticityGetNodeCoordinates(DioElasticity elas, Vec *node_coords);
PetscErrorCode DioElasticityGetInitialStress(DioElasticity elas, PetscInt *num_qpoints, PetscReal **initial_stress);
/* Borrowed elastoplastic state for checkpoints (plasticity_state.c; NULL when every layer is elastic): committed
   stress and plastic strain [num_cells][num_qpoints][6], yield indicator [num_cells][num_qpoints], committed
   displacement. */
PetscErrorCode DioElasticityGetPlasticState(DioElasticity elas, PetscInt *num_qpoints, PetscReal **stress, PetscReal **plastic_strain, PetscReal **yield,
                                            Vec *u_committed);
PetscErrorCode DioElasticityComputeL2Error(DioElasticity elas, Vec u, DioVectorFieldFn exact, void *ctx, PetscReal *error, PetscReal *norm_exact);
/* Thermo-mechanical coupling (elasticity_coupling.c). A stress-free strain eps*[num_local_cells][6] (xx, yy, zz, xy,
   yz, xz; tensor shear; thermal alpha dT, thaw) per cell: the stress becomes D (eps - eps*), its load int B^T D eps*;
   NULL clears it. Copied. */
PetscErrorCode DioElasticitySetCellEigenstrain(DioElasticity elas, const PetscReal eigenstrain[]);
/* The same per quadrature point, eigenstrain[num_local_cells][num_qpoints][6] at the points of
   DioElasticityGetQuadratureRule() (reference coordinates xi[num_qpoints][dim], borrowed). */
PetscErrorCode DioElasticitySetQuadratureEigenstrain(DioElasticity elas, const PetscReal eigenstrain[]);
PetscErrorCode DioElasticitySetCommittedEigenstrain(DioElasticity elas, const PetscReal eigenstrain[]);
PetscErrorCode DioElasticityGetQuadratureRule(DioElasticity elas, PetscInt *num_qpoints, const PetscReal *xi[]);
/* Per-cell elastic constants overriding the layer's (frozen ground stiffening with the ice content): youngs_modulus
   and poissons_ratio [num_local_cells]; NULL clears the override. Copied. After DioElasticitySetUp(). */
PetscErrorCode DioElasticitySetCellElastic(DioElasticity elas, const PetscReal youngs_modulus[], const PetscReal poissons_ratio[]);
PetscErrorCode DioElasticityGetNumCells(DioElasticity elas, PetscInt *num_local_cells);
