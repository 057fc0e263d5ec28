/* SPDX-License-Identifier: BSD-2-Clause
   dio_heat.h: transient heat conduction with freezing of the pore water (enthalpy form, kernels in heat.h) on a
   DMPlex of quads or hexes, Q1 or Q2: Dirichlet temperatures and Neumann fluxes on the "Face Sets" boundaries,
   backward Euler steps solved with SNES (prefix heat_) under an adaptive step size, a steady-state solve, and the
   energy bookkeeping (total enthalpy, heat that crossed the boundary). Labels read: "layer", "Face Sets"
   (mesh/dio_mesh.h). Units: SI, temperatures in degC, time in s; in 2D energies are per metre out of plane. */
#pragma once
#include <petscdmplex.h>
#include <petscsnes.h>
#include "dio_io.h"
#include "heat.h"

/* A scalar field of time (s) and position X[dim] (m): boundary temperature (degC), boundary flux into the domain
   (W/m2), initial or exact temperature. Called outside threaded regions; must not call PETSc collectives. */
typedef void (*DioHeatScalarFn)(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx);

/* Adaptive backward Euler steps: after a step that converged in at most fast_iterations Newton iterations the next
   step grows by growth (up to dt_max); a step whose Newton iteration fails is retried with dt * shrink; below dt_min
   the run stops with an error. growth = 1 gives fixed steps. Options -heat_dt_initial, -heat_dt_min, -heat_dt_max,
   -heat_dt_growth, -heat_dt_shrink, -heat_dt_fast_iterations (DioHeatSetFromOptions()). */
typedef struct {
  PetscReal dt_initial, dt_min, dt_max; /* s */
  PetscReal growth, shrink;             /* factors, growth >= 1, 0 < shrink < 1 */
  PetscInt  fast_iterations;
} DioHeatTimeStepping;

/* Energy bookkeeping since DioHeatSetInitialState(). Exact discrete balance of backward Euler with the lumped
   capacity: enthalpy - enthalpy_initial = boundary_heat_in + source_heat, up to the Newton residual. */
typedef struct {
  PetscReal time;              /* s */
  PetscReal enthalpy;          /* J: sum over nodes of M_a H(T_a), sensible + latent */
  PetscReal latent;            /* J: latent part, sum M_a L S_w(T_a) */
  PetscReal enthalpy_initial;  /* J: at DioHeatSetInitialState() */
  PetscReal boundary_heat_in;  /* J: time integral of the heat flow into the domain through every boundary */
  PetscReal dirichlet_heat_in; /* J: the part through the Dirichlet boundaries (reactions of the discrete balance) */
  PetscReal neumann_heat_in;   /* J: the part through the prescribed fluxes */
  PetscReal source_heat;       /* J: time integral of the volumetric sources */
  PetscReal boundary_power;    /* W: heat flow into the domain over the last step */
  PetscInt  steps, rejected_steps, newton_iterations, linear_iterations;
} DioHeatEnergy;

typedef struct _n_DioHeat *DioHeat;

/* Called after every accepted step of DioHeatAdvance(). */
typedef PetscErrorCode (*DioHeatMonitorFn)(DioHeat heat, PetscInt step, PetscReal time, PetscReal dt, Vec T, void *ctx);

PetscErrorCode DioHeatCreate(DM dm, PetscInt order, PetscInt num_layers, const DioHeatMaterial materials[],
                             DioHeat *heat);
PetscErrorCode DioHeatDestroy(DioHeat *heat);
PetscErrorCode DioHeatSetLayerMaterial(DioHeat heat, PetscInt layer, const DioHeatMaterial *material);
PetscErrorCode DioHeatSetBoundaryTemperature(DioHeat heat, PetscInt boundary_id, DioHeatScalarFn temperature,
                                             void *ctx);
PetscErrorCode DioHeatSetBoundaryTemperatureConstant(DioHeat heat, PetscInt boundary_id, PetscReal temperature_C);
PetscErrorCode DioHeatSetBoundaryFlux(DioHeat heat, PetscInt boundary_id, DioHeatScalarFn flux_in, void *ctx);
PetscErrorCode DioHeatSetBoundaryFluxConstant(DioHeat heat, PetscInt boundary_id, PetscReal flux_in_W_m2);
PetscErrorCode DioHeatSetBoundaryConvection(DioHeat heat, PetscInt boundary_id, PetscReal coefficient_W_m2K, PetscReal ambient_C);
/* The boundary conditions may be set again (or cleared: insulated) after DioHeatSetUp(); they take effect at
   DioHeatUpdateBoundaries() (collective), from the next step on. */
PetscErrorCode DioHeatClearBoundary(DioHeat heat, PetscInt boundary_id);
PetscErrorCode DioHeatUpdateBoundaries(DioHeat heat);
PetscErrorCode DioHeatSetTimeStepping(DioHeat heat, const DioHeatTimeStepping *stepping);
PetscErrorCode DioHeatGetTimeStepping(DioHeat heat, DioHeatTimeStepping *stepping);
PetscErrorCode DioHeatSetTangent(DioHeat heat, DioHeatTangent tangent);
PetscErrorCode DioHeatSetMonitor(DioHeat heat, DioHeatMonitorFn monitor, void *ctx);
PetscErrorCode DioHeatSetFromOptions(DioHeat heat);
PetscErrorCode DioHeatSetUp(DioHeat heat);
PetscErrorCode DioHeatGetSNES(DioHeat heat, SNES *snes);
PetscErrorCode DioHeatGetNumDofs(DioHeat heat, PetscInt *num_dofs_global);
PetscErrorCode DioHeatCreateGlobalVector(DioHeat heat, Vec *T);
PetscErrorCode DioHeatInterpolate(DioHeat heat, DioHeatScalarFn field, void *ctx, PetscReal time, Vec T);

PetscErrorCode DioHeatSetInitialState(DioHeat heat, PetscReal time, Vec T);
PetscErrorCode DioHeatGetNextStep(DioHeat heat, PetscReal *dt_next);
PetscErrorCode DioHeatResume(DioHeat heat, PetscReal time, Vec T, PetscReal dt_next, const DioHeatEnergy *energy);
PetscErrorCode DioHeatStep(DioHeat heat, Vec T, PetscReal dt, PetscBool *converged);
PetscErrorCode DioHeatAdvance(DioHeat heat, Vec T, PetscReal time_end);
PetscErrorCode DioHeatSolveSteady(DioHeat heat, PetscReal time, Vec T);
PetscErrorCode DioHeatGetTime(DioHeat heat, PetscReal *time);
PetscErrorCode DioHeatGetEnergy(DioHeat heat, DioHeatEnergy *energy);

PetscErrorCode DioHeatComputeEnthalpy(DioHeat heat, Vec T, PetscReal *enthalpy, PetscReal *latent);
PetscErrorCode DioHeatComputeFrozenVolume(DioHeat heat, Vec T, PetscReal *frozen_volume);
PetscErrorCode DioHeatComputeL2Error(DioHeat heat, Vec T, PetscReal time, DioHeatScalarFn exact, void *ctx,
                                     PetscReal *error);
PetscErrorCode DioHeatComputeCellFields(DioHeat heat, Vec T, PetscReal temperature[], PetscReal unfrozen_saturation[],
                                        PetscReal conductivity[]);
/* Temperature at reference points xi[num_points][dim] of every local cell (another field's quadrature points):
   values[num_local_cells][num_points]. Collective. */
PetscErrorCode DioHeatInterpolateAtPoints(DioHeat heat, Vec T, PetscInt num_points, const PetscReal xi[],
                                          PetscReal values[]);
/* The same with the nodes' unfrozen saturation interpolated there (either output may be NULL). Collective. */
PetscErrorCode DioHeatInterpolateStateAtPoints(DioHeat heat, Vec T, PetscInt num_points, const PetscReal xi[],
                                               PetscReal temperature[], PetscReal unfrozen_saturation[]);
/* Coordinates of the owned temperature nodes (global Vec, block size dim): a checkpoint's keys. Collective. */
PetscErrorCode DioHeatCreateNodeCoordinates(DioHeat heat, Vec *coords);
PetscErrorCode DioHeatGetVertexTemperature(DioHeat heat, Vec T, PetscInt num_vertices, const PetscInt vertex_points[],
                                           PetscReal temperature[]);

/* Thermal parameters of one layer from a long-format material table (data/materials.csv layout). */
PetscErrorCode DioHeatMaterialFromTable(DioTable table, const char layer[], DioHeatCurve curve,
                                        DioHeatMaterial *material);
/* The same for a named region, overridden by -materials_<layer>_* (heat_material_options.c). Collective. */
PetscErrorCode DioHeatMaterialSetFromOptions(MPI_Comm comm, DioTable table, const char layer[], DioHeatCurve curve,
                                             DioHeatMaterial *material);
/* Under land (fresh pore water): the freezing point from the layer's freezing_point_onshore row where it has one. */
PetscErrorCode DioHeatMaterialSetOnshore(DioTable table, const char layer[], DioHeatMaterial *material);
/* The same from the table compiled into the library (data/materials.csv at build time). Collective. */
PetscErrorCode DioHeatMaterialFromDefaultTable(MPI_Comm comm, const char layer[], DioHeatCurve curve,
                                               DioHeatMaterial *material);
