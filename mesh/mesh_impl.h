/* SPDX-License-Identifier: BSD-2-Clause
   mesh_impl.h: helpers shared by the files of mesh/ only; never included outside the module. */
#pragma once
#include "dio_mesh.h"

/* The profile's rows, borrowed (do not free): distances and surface elevations in m. */
PetscErrorCode DioProfileGetRows_Internal(DioProfile profile, PetscInt *num_points, const PetscReal *x_m[],
                                          const PetscReal *surface_m[]);

PetscErrorCode DioMeshGradedSizes_Internal(PetscReal length, PetscReal size_start, PetscReal size_max,
                                           PetscReal ratio_max, PetscInt *num_cells, PetscReal *sizes[]);

PetscErrorCode DioMeshIndexCellTypes_Internal(DM dm);

/* Partitions, distributes (overlap 0), indexes, names and views a mesh built on rank 0; *mesh may be replaced. */
PetscErrorCode DioMeshDistribute_Internal(const char name[], DM *mesh);
