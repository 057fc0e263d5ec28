/* SPDX-License-Identifier: BSD-2-Clause
   dio_flow.h: groundwater flow (Darcy) in a deformable saturated ground: the pore-pressure field on the Q1 (P1) nodes
   of a DMPlex of quads or hexes (triangles or tetrahedra), per-layer hydraulic parameters (Biot coefficient, Biot
   modulus, mobility per axis) and the drained boundaries where the excess pore pressure is zero. The coupling with the
   mechanics (Biot consolidation) is physics/coupling/dio_biot.h. Labels: "layer", "Face Sets" (mesh/dio_mesh.h). */
#pragma once
#include <petscdmplex.h>
#include "dio_material.h"

/* Conductivities K (m/s) are turned into mobilities K / (rho_w g_K) with this gravity whatever -loads_gravity (which a
   problem may set to 0 to leave out self-weight). */
#define DIO_FLOW_CONDUCTIVITY_GRAVITY 9.81

typedef struct _n_DioFlow *DioFlow;

/* A scalar field of position (a source, an exact solution); called inside cell loops: must be pure. */
typedef PetscReal (*DioScalarFieldFn)(PetscInt dim, const PetscReal X[], void *ctx);

/* water_density: kg/m3, of the pore water (-loads_water_density). */
PetscErrorCode DioFlowCreate(DM dm, DioMaterialTable materials, PetscReal water_density, DioFlow *flow);
PetscErrorCode DioFlowDestroy(DioFlow *flow);
/* Excess pore pressure zero on the faces with "Face Sets" value boundary_id (drained); every other boundary is
   impermeable (no flow). Any id >= 1 (a mesh's, or one a problem labels beyond them: DIO_BOUNDARY_FLOW_WALL). Before
   DioFlowSetUp(), or followed by DioFlowUpdateBoundaries(). */
PetscErrorCode DioFlowSetDrainedBoundary(DioFlow flow, PetscInt boundary_id, PetscBool drained);
/* flow_boundary.c (before DioFlowSetUp(), the boundaries also after it when followed by DioFlowUpdateBoundaries()):
   the excess pore pressure held at pressure(X) (Pa) on boundary_id (a drained boundary at a prescribed pressure, e.g.
   a tunnel wall at atmospheric pressure: minus the hydrostatic pressure); a leaky boundary whose outflow per area is
   leakage (m/(Pa s); 0: not leaky) times the excess pressure minus outside(X) (a lining of conductivity K and
   thickness t: leakage K / (t rho_w g)); the cells that carry flow (active[num local cells], PETSC_FALSE: excavated
   or lining; their nodes in no active cell are held at 0). */
PetscErrorCode DioFlowSetBoundaryPressure(DioFlow flow, PetscInt boundary_id, DioScalarFieldFn pressure, void *ctx);
PetscErrorCode DioFlowSetLeakyBoundary(DioFlow flow, PetscInt boundary_id, PetscReal leakage, DioScalarFieldFn outside,
                                       void *ctx);
PetscErrorCode DioFlowSetActiveCells(DioFlow flow, const PetscBool active[]);
PetscErrorCode DioFlowSetUp(DioFlow flow);
/* After DioFlowSetUp(): the boundaries as set now, their pressures evaluated again (a stage's switch, a time function);
   a change of the held nodes or leaky faces then needs DioBiotSetOperatorsChanged(). Collective. */
PetscErrorCode DioFlowUpdateBoundaries(DioFlow flow);
/* Error unless layer `layer` of the table has a porosity and a conductivity (or permeability). Collective. */
PetscErrorCode DioFlowCheckLayer(MPI_Comm comm, DioMaterialTable materials, PetscInt layer);
/* A volumetric source g(X) (1/s: water volume injected per volume of ground and second) in the mass balance, as
   the coupled step evaluates it at the end of the step (ctx may carry the time); NULL: none. */
PetscErrorCode DioFlowSetSource(DioFlow flow, DioScalarFieldFn source, void *ctx);
/* Per local cell, a factor (> 0) on the layer's mobility, e.g. the impedance of pore ice; borrowed: the array must
   outlive its use (its values are read at every assembly); NULL: 1. Not collective. */
PetscErrorCode DioFlowSetCellMobilityFactor(DioFlow flow, const PetscReal factor[]);
/* L2 norm of p - exact over the mesh and of exact (Pa m^(dim/2)), by the flow's rule (3^dim Gauss points, or the
   simplex rule of degree 4). Collective. */
PetscErrorCode DioFlowComputeL2Error(DioFlow flow, Vec p, DioScalarFieldFn exact, void *ctx, PetscReal *error,
                                     PetscReal *norm_exact);
PetscErrorCode DioFlowCreateGlobalVector(DioFlow flow, Vec *p);
PetscErrorCode DioFlowGetNumDofs(DioFlow flow, PetscInt *num_dofs_global);
/* Coordinates of the owned pressure nodes, dim per node in global-vector order (checkpoint keys). Collective. */
PetscErrorCode DioFlowCreateNodeCoordinates(DioFlow flow, Vec *coords);
/* Values of the global pressure vector p at the given local vertices (DMPlex points), e.g. for output. */
PetscErrorCode DioFlowGetVertexValues(DioFlow flow, Vec p, PetscInt num_vertices, const PetscInt vertex_points[],
                                      PetscReal values[]);
/* Hydrostatic pressure rho_w g (water_level - z), >= 0, at elevation z (m): what the excess pressure is added to. */
PetscErrorCode DioFlowHydrostaticPressure(DioFlow flow, PetscReal gravity, PetscReal water_level, PetscReal z,
                                          PetscReal *pressure);
