/* SPDX-License-Identifier: BSD-2-Clause
   fe_common.h: the pieces every field on a DMPlex of quads/hexes needs, whatever its physics (elasticity, heat):
   node positions, the reference face a boundary face is, and combining per-dof flags across ranks. */
#pragma once
#include <petscdmplex.h>

/* Centroid X[dim] of the vertices in the closure of point p (a vertex, edge, face or cell node of Q1/Q2). */
PetscErrorCode DioPointCentroid_Internal(DM dm, PetscInt p, PetscSection coord_section, const PetscScalar coords[], PetscInt dim, PetscReal X[]);
/* Centroid of the nodes of reference face `face` (2 * direction + side) of a cell with lexicographic nodes x[][dim]. */
void DioFaceNodeCentroid_Internal(PetscInt dim, PetscInt order, const PetscReal x[], PetscInt face, PetscReal X[]);
/* The reference face of that cell whose node centroid is closest to `centroid`. */
PetscInt DioReferenceFaceOf_Internal(PetscInt dim, PetscInt order, const PetscReal x[], const PetscReal centroid[]);
/* Combine a per-local-dof integer over every rank that sees the dof (MPI_MAX, MPI_SUM) and give every copy the result. */
PetscErrorCode DioSyncLocalDofs_Internal(DM dm, PetscInt values[], MPI_Op op);
