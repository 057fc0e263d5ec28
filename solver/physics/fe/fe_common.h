/* SPDX-License-Identifier: BSD-2-Clause
   fe_common.h: the finite-element space every field on a DMPlex of quads/hexes (Q1, Q2) or triangles/tetrahedra
   (P1, P2) needs, whatever its physics (elasticity, heat): the field's section on a clone of the mesh, node positions,
   per-cell dof maps in the kernels' node order (lexicographic on tensor cells, simplex_basis.h's on simplices), cell
   layers, boundary nodes and faces, the reference face a boundary face is, combining per-dof flags across ranks, and
   the error for a bad cell. */
#pragma once
#include <petscdmplex.h>
#include "fe_basis.h"
#include "elasticity.h" /* DioFaceTab, dio_face_tab_init() */
#include "simplex_basis.h"

/* Closures of the cells of a mesh: up to this many points (a hexahedron has 27). */
#define DIO_FE_MAX_CLOSURE_POINTS 32
/* Meshes of up to this many cells (per rank) have every cell's closure (and Q1 vertices read from the cones) compared
   with DMPlex's. */
#define DIO_FE_CHECK_CLOSURES_MAX_CELLS 20000
/* Transitive closures read with an array of cell types (fe_closure.c): DMPlex's, without its per-point lookups. */
typedef struct {
  DM             dm;           /* not owned */
  PetscInt       pStart, pEnd; /* chart of dm */
  unsigned char *type;         /* [pEnd - pStart] DMPolytopeType of each point; NULL: DMPlexGetTransitiveClosure() */
} DioFEClosure;
PetscErrorCode DioFEClosureCreate_Internal(DM dm, DioFEClosure *cl);
PetscErrorCode DioFEClosureDestroy_Internal(DioFEClosure *cl);
/* The closure of p as DMPlexGetTransitiveClosure(dm, p, PETSC_TRUE, n, &points) gives it, into points[2 *
   DIO_FE_MAX_CLOSURE_POINTS]. */
PetscErrorCode DioFEClosureGet_Internal(const DioFEClosure *cl, PetscInt p, PetscInt *n, PetscInt points[]);

/* Centroid X[dim] of the vertices in the closure of point p (a vertex, edge, face or cell node of Q1/Q2, P1/P2). */
PetscErrorCode DioPointCentroid_Internal(const DioFEClosure *cl, PetscInt p, PetscSection coord_section,
                                         const PetscScalar coords[], PetscInt dim, PetscReal X[]);
/* Centroid of the nodes of reference face `face` (tensor: 2 * direction + side; simplex: opposite vertex `face`) of a
   cell of tab's kind with nodes x[][dim] in the kernel's order. */
void DioFaceNodeCentroid_Internal(const DioElementTab *tab, const PetscReal x[], PetscInt face, PetscReal X[]);
/* The reference face of that cell whose node centroid is closest to `centroid`. */
PetscInt DioReferenceFaceOf_Internal(const DioElementTab *tab, const PetscReal x[], const PetscReal centroid[]);
/* Whether every cell of dm is a triangle or tetrahedron (PETSC_TRUE) or a quadrilateral or hexahedron (PETSC_FALSE); a
   mesh with both, or with other cells (prisms, pyramids), is refused with an error naming the counts. Collective. */
PetscErrorCode DioFEIsSimplex_Internal(DM dm, PetscBool *simplex);
/* Combine a per-local-dof integer over every rank that sees the dof (MPI_MAX, MPI_SUM) and give every copy the result. */
PetscErrorCode DioSyncLocalDofs_Internal(DM dm, PetscInt values[], MPI_Op op);

/* DMLocalToGlobal(dm, local, mode, global) for INSERT_VALUES and ADD_VALUES; on one rank a copy or a sum. */
PetscErrorCode DioFELocalToGlobal_Internal(DM dm, Vec local, InsertMode mode, Vec global);

/* FE space set-up, shared by DioElasticity and DioHeat, in the order they call it. */
/* Tabulation of the cells of dm and their faces (tab->num_faces of face_tab[]): Q<order> with (order + 1)^dim Gauss
   points, or P<order> with the rule of degree dio_simplex_default_degree(order) and faces of degree order + 1. */
PetscErrorCode DioFETabulate_Internal(DM dm, PetscInt dim, PetscInt order, DioElementTab *tab, DioFaceTab face_tab[]);
/* The rule an L2 error is integrated with on cells of tab's kind: Q, order + 2 Gauss points per direction; P, degree
   2 order + 2 (at most 5, the highest simplex rule). */
PetscErrorCode DioFETabulateErrorRule_Internal(const DioElementTab *tab, DioElementTab *error_tab);
/* A clone of dm carrying field `name` with num_components dofs on every Q<order> node (closures lexicographic), or on
   every P<order> node (vertices, and edges for P2; closures in DMPlex's order, mapped by DioFECellMaps_Internal()). */
PetscErrorCode DioFECreateFieldDM_Internal(DM dm, PetscInt order, PetscInt num_components, const char name[], DM *dm_f);
/* Coordinates of the owned nodes of the scalar field on dm_f, a global Vec (block size dim) in the field's global
   order: checkpoint keys. */
PetscErrorCode DioFECreateNodeCoordinates_Internal(DM dm, DM dm_f, PetscInt dim, Vec *coords);
/* Coordinates of every local node of dm_f: node_x[(offset / num_components) * dim + d]. */
PetscErrorCode DioFENodeCoordinates_Internal(DM dm, DM dm_f, PetscInt dim, PetscReal node_x[]);
/* Per local cell c (cell cStart + c), in the kernels' node order: local and global dof indices [dofs_per_cell]
   (checked), node coordinates [nodes_per_cell][dim] (from node_x), and the "layer" label value (0 where unset); the
   largest value >= num_layers found on any rank in *bad_layer (-1: none). Collective. */
PetscErrorCode DioFECellMaps_Internal(DM dm, DM dm_f, PetscInt dim, PetscInt dofs_per_cell, PetscInt num_layers, const PetscReal node_x[],
                                      PetscInt cell_local_dofs[], PetscInt cell_global_dofs[], PetscReal cell_nodes[], PetscInt cell_layer[], PetscInt *bad_layer);
/* The values of label (NULL: none) on the local cells, value[c] for cell cStart + c: the label's default where unset
   (default_value without a label); a cell in several strata gets the first (as DMLabelGetValue()). */
PetscErrorCode DioFECellLabelValues_Internal(DM dm, DMLabel label, PetscInt default_value, PetscInt value[]);
/* For every node in the closure of the faces with "Face Sets" value boundary_id: local[offset + k] = max(local[offset
   + k], value) for the components k with component_mask[k]. Local to this rank: combine with DioSyncLocalDofs_Internal(). */
PetscErrorCode DioFEMarkBoundaryNodes_Internal(DM dm, DM dm_f, PetscInt boundary_id, const PetscBool component_mask[], PetscInt value, PetscInt local[]);
/* Append to cells[], refs[] (from index *n) the local cell and reference face of every boundary face of this rank's
   cells with "Face Sets" value boundary_id; room for the label's stratum size is needed. */
PetscErrorCode DioFEFindBoundaryFaces_Internal(DM dm, const DioElementTab *tab, const PetscReal cell_nodes[],
                                               PetscInt boundary_id, PetscInt *n, PetscInt cells[], PetscInt refs[]);
/* Raise, on every rank, "<what>: inverted or degenerate cell at (x, y, z) m: <hint>" for the first local cell
   bad_cell (global order of ranks, -1 on a rank without one); nothing when no rank has one. Collective. */
PetscErrorCode DioFECheckBadCell_Internal(DM dm, PetscInt bad_cell, const char what[], const char hint[]);

/* Dropped couplings of a node in DioFECountBlockNonzeros_Internal(). */
enum { DIO_FE_DROP_NONE = 0, DIO_FE_DROP_ROW = 1, DIO_FE_DROP_ROW_COLUMN = 2 };
/* Block (node) nonzeros of every owned block row of a matrix with bs dofs per node (interleaved: node a's dofs at
   a * bs .. a * bs + bs - 1 of cell_local_dofs / cell_global_dofs [num_cells][nodes_per_cell * bs]), counted from the
   cells every rank holds: for each local node, the distinct nodes of the cells around it, split into the row owner's
   diagonal and off-diagonal parts (and the upper triangle, for SBAIJ); the counts of ghost nodes are summed on their
   owner. local_drop[local node] (NULL: none): DIO_FE_DROP_ROW, the node's row holds only its diagonal block;
   DIO_FE_DROP_ROW_COLUMN, and no other row holds its columns. A coupling seen by two ranks (along a partition
   boundary) is counted twice: an overestimate only, squeezed out by the first MatAssemblyEnd. Collective. */
PetscErrorCode DioFECountBlockNonzeros_Internal(DM dm_f, PetscInt bs, PetscInt num_cells, PetscInt nodes_per_cell, const PetscInt cell_local_dofs[],
                                               const PetscInt cell_global_dofs[], const PetscInt local_drop[], PetscInt n_owned_blocks, PetscInt *d_nnz,
                                               PetscInt *o_nnz, PetscInt *du_nnz, PetscInt *ou_nnz);
/* The pattern of DioFECountBlockNonzeros_Internal() (the same drop rules) inserted into the preallocated K as explicit
   zeros, each local node's block row once with its columns sorted (ghost rows go to their owner), then K assembled:
   its pattern is final before the first element is added (issue 16: the first assembly inserted every entry once per
   cell into empty rows). Collective. */
PetscErrorCode DioFEInsertBlockPattern_Internal(Mat K, DM dm_f, PetscInt bs, PetscInt num_cells, PetscInt nodes_per_cell, const PetscInt cell_local_dofs[],
                                               const PetscInt cell_global_dofs[], const PetscInt local_drop[]);
/* Set each option defaults[i][0] to defaults[i][1] in the global options database where the user did not set it. */
PetscErrorCode DioFESetDefaultOptions_Internal(size_t num_defaults, const char *defaults[][2]);
/* Refuses a boundary id outside [1, max_id]: setters index per-boundary arrays of max_id + 1 entries with it. */
PetscErrorCode DioFECheckBoundaryId_Internal(PetscInt boundary_id, PetscInt max_id);
