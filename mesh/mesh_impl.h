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

/* Partitions, distributes (overlap 0), indexes, names and views a mesh built on rank 0; *mesh may be replaced (the
   migration SF and the original mesh returned where asked for, else NULL). */
PetscErrorCode DioMeshDistribute_Internal(const char name[], DM *mesh, PetscSF *migration, DM *source);
/* A quadratic mesh from PETSc's Gmsh reader: vertex coordinates, and the positions of all its nodes returned
   (gmsh_highorder.c; NULL for a linear mesh); then distributed with the mesh and composed with it. */
PetscErrorCode DioMeshSplitHighOrder_Internal(DM dm, const char path[], PetscSection *node_section, Vec *nodes);
PetscErrorCode DioMeshAttachNodes_Internal(DM source, PetscSF migration, PetscSection node_section, Vec nodes, DM dm);
/* Indexes, names and views a distributed mesh; turns off automatic distribution. */
PetscErrorCode DioMeshFinish_Internal(const char name[], DM mesh);
/* A box of quadrilaterals / hexahedra built in parallel with Face Sets on its sides (box.c), not finished. */
PetscErrorCode DioMeshCreateBox_Internal(MPI_Comm comm, PetscInt dim, const PetscInt faces[], const PetscReal lower[],
                                         const PetscReal upper[], const PetscInt side_ids[], DM *dm);
/* The distinct vertices of a point (face or cell) through its cones, at most 8. */
PetscErrorCode DioMeshPointVertices_Internal(DM dm, PetscInt point, PetscInt vStart, PetscInt vEnd,
                                             PetscInt *num_vertices, PetscInt vertices[8]);

/* The physical groups of a .msh file, read by gmsh_groups.c on rank 0: dimension, tag and name of each, in the order
   of $PhysicalNames; the file's format version and whether it is ASCII. */
typedef struct {
  PetscInt  num;
  PetscInt *dim, *tag;
  char    **name;
  PetscReal version;
  PetscBool ascii;
} DioGmshGroups;
PetscErrorCode DioGmshReadPhysicalNames_Internal(const char path[], DioGmshGroups *groups, char message[], size_t size);
PetscErrorCode DioGmshGroupsDestroy_Internal(DioGmshGroups *groups);
/* ends[num_edges][2][3]: both end points of each line element of physical group tag (format 2.2 or 4.1, ASCII or
   binary; gmsh_edges.c). */
PetscErrorCode DioGmshReadEdges_Internal(const char path[], const DioGmshGroups *groups, PetscInt tag,
                                         PetscInt *num_edges, PetscReal **ends, char message[], size_t size);
