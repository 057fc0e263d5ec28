/* SPDX-License-Identifier: BSD-2-Clause
   topology.c: owned vertices in a global order and cells as VTK vertex lists, for the output writer. */
#include "dio_mesh.h"
#include "mesh_impl.h"

/* VTK position -> lexicographic (x fastest) position: VTK walks each face around, lexicographic order zigzags. */
static const PetscInt VTKFromLexQuad[4]       = {0, 1, 3, 2};
static const PetscInt VTKFromLexHexahedron[8] = {0, 1, 3, 2, 4, 5, 7, 6};
/* A triangle's or tetrahedron's vertices in DMPlex's closure order are VTK's order. */
static const PetscInt VTKFromSimplex[4] = {0, 1, 2, 3};

/*@
  DioMeshTopologyCreate - Global vertex numbering and VTK cell connectivity of a distributed quad or hexahedral mesh.

  Collective.

  Owned vertices are numbered contiguously per rank (rank 0 first): a cloned DM carries one dof per vertex, and the
  offsets of its global section are the ids. Cells list their vertices in VTK order; with the tensor closure
  permutation DMPlexGetClosureIndices() returns them lexicographically (x fastest), which is reordered here.
  The closure applies each cell's cone orientations before the permutation, so no cell comes out reflected;
  test_mesh_strait checks positive VTK areas and volumes on 1 to 4 ranks.

  Output: topology, free with DioMeshTopologyDestroy(). vertex_coords has 3 components, z = 0 in 2D.
@*/
PetscErrorCode DioMeshTopologyCreate(DM dm, DioMeshTopology *topology)
{
  MPI_Comm           comm;
  DM                 vertex_dm;
  PetscSection       local_section, global_section, cs;
  Vec                coordinates;
  const PetscScalar *x;
  const PetscInt    *vtk_from_lex;
  PetscMPIInt        rank;
  PetscInt           dim, cdim, pStart, pEnd, vStart, vEnd, cStart, cEnd, n = 0;
  PetscBool          simplex;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(topology, sizeof(*topology)));
  PetscCall(PetscObjectGetComm((PetscObject)dm, &comm));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DMGetCoordinateDim(dm, &cdim));
  PetscCheck(dim == 2 || dim == 3, comm, PETSC_ERR_ARG_WRONG,
             "mesh topology: dimension %" PetscInt_FMT ", expected 2 or 3", dim);
  PetscCall(DMPlexGetChart(dm, &pStart, &pEnd));
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  /* closures are the cost here: make their cell-type lookups cheap */
  PetscCall(DioMeshIndexCellTypes_Internal(dm));
  {
    PetscInt count[3] = {0, 0, 0}, count_global[3]; /* tensor cells, simplices, other */

    /* a collective check: a mixed mesh fails on every rank, not only on those holding such cells */
    for (PetscInt c = cStart; c < cEnd; c++) {
      DMPolytopeType type;

      PetscCall(DMPlexGetCellType(dm, c, &type));
      if (type == (dim == 2 ? DM_POLYTOPE_QUADRILATERAL : DM_POLYTOPE_HEXAHEDRON)) count[0]++;
      else if (type == (dim == 2 ? DM_POLYTOPE_TRIANGLE : DM_POLYTOPE_TETRAHEDRON)) count[1]++;
      else count[2]++;
    }
    PetscCallMPI(MPI_Allreduce(count, count_global, 3, MPIU_INT, MPI_SUM, comm));
    simplex = (PetscBool)(count_global[1] > 0);
    PetscCheck(count_global[2] == 0, comm, PETSC_ERR_SUP, "mesh topology: %" PetscInt_FMT " cells are neither %s nor %s", count_global[2],
               dim == 2 ? "quadrilaterals" : "hexahedra", dim == 2 ? "triangles" : "tetrahedra");
    PetscCheck(count_global[0] == 0 || count_global[1] == 0, comm, PETSC_ERR_SUP,
               "mesh topology: %" PetscInt_FMT " tensor cells and %" PetscInt_FMT " simplices; one cell type per mesh is supported", count_global[0],
               count_global[1]);
  }
  topology->dim               = dim;
  topology->vertices_per_cell = simplex ? dim + 1 : (dim == 2 ? 4 : 8);
  vtk_from_lex                = simplex ? VTKFromSimplex : (dim == 2 ? VTKFromLexQuad : VTKFromLexHexahedron);

  /* a clone shares the topology but takes its own section, leaving the caller's DM untouched */
  PetscCall(DMClone(dm, &vertex_dm));
  PetscCall(PetscSectionCreate(comm, &local_section));
  PetscCall(PetscSectionSetNumFields(local_section, 1));
  PetscCall(PetscSectionSetFieldComponents(local_section, 0, 1));
  PetscCall(PetscSectionSetChart(local_section, pStart, pEnd));
  for (PetscInt v = vStart; v < vEnd; v++) {
    PetscCall(PetscSectionSetDof(local_section, v, 1));
    PetscCall(PetscSectionSetFieldDof(local_section, v, 0, 1));
  }
  PetscCall(PetscSectionSetUp(local_section));
  PetscCall(DMSetLocalSection(vertex_dm, local_section));
  if (!simplex) PetscCall(DMPlexSetClosurePermutationTensor(vertex_dm, PETSC_DETERMINE, NULL));
  PetscCall(DMGetGlobalSection(vertex_dm, &global_section));

  /* owned vertices have a non-negative global offset */
  for (PetscInt v = vStart; v < vEnd; v++) {
    PetscInt offset;

    PetscCall(PetscSectionGetOffset(global_section, v, &offset));
    if (offset >= 0) topology->num_vertices++;
  }
  PetscCallMPI(MPI_Exscan(&topology->num_vertices, &topology->vertex_offset, 1, MPIU_INT, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(&topology->num_vertices, &topology->num_vertices_global, 1, MPIU_INT, MPI_SUM, comm));
  /* MPI_Exscan leaves rank 0's result undefined */
  if (rank == 0) topology->vertex_offset = 0;
  PetscCall(PetscMalloc2(topology->num_vertices, &topology->vertex_points, 3 * topology->num_vertices,
                         &topology->vertex_coords));
  PetscCall(DMGetCoordinatesLocal(dm, &coordinates));
  PetscCall(DMGetCoordinateSection(dm, &cs));
  PetscCall(VecGetArrayRead(coordinates, &x));
  for (PetscInt v = vStart; v < vEnd; v++) {
    PetscInt offset, coordinate_offset;

    PetscCall(PetscSectionGetOffset(global_section, v, &offset));
    if (offset < 0) continue;
    PetscCheck(offset == topology->vertex_offset + n, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "mesh topology: vertex %" PetscInt_FMT " has global id %" PetscInt_FMT ", expected %" PetscInt_FMT, v,
               offset, topology->vertex_offset + n);
    PetscCall(PetscSectionGetOffset(cs, v, &coordinate_offset));
    topology->vertex_points[n] = v;
    for (PetscInt d = 0; d < 3; d++)
      topology->vertex_coords[3 * n + d] = d < cdim ? PetscRealPart(x[coordinate_offset + d]) : 0.0;
    n++;
  }
  PetscCall(VecRestoreArrayRead(coordinates, &x));

  topology->num_cells = cEnd - cStart;
  PetscCallMPI(MPI_Exscan(&topology->num_cells, &topology->cell_offset, 1, MPIU_INT, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(&topology->num_cells, &topology->num_cells_global, 1, MPIU_INT, MPI_SUM, comm));
  if (rank == 0) topology->cell_offset = 0;
  PetscCall(PetscMalloc1(topology->num_cells * topology->vertices_per_cell, &topology->cell_vertices));
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscInt *indices = NULL, num_indices;

    PetscCall(DMPlexGetClosureIndices(vertex_dm, local_section, global_section, c, PETSC_TRUE, &num_indices, &indices,
                                      NULL, NULL));
    PetscCheck(num_indices == topology->vertices_per_cell, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "mesh topology: cell %" PetscInt_FMT " has %" PetscInt_FMT " vertex indices", c, num_indices);
    for (PetscInt i = 0; i < num_indices; i++)
      topology->cell_vertices[(c - cStart) * num_indices + i] = indices[vtk_from_lex[i]];
    PetscCall(DMPlexRestoreClosureIndices(vertex_dm, local_section, global_section, c, PETSC_TRUE, &num_indices,
                                          &indices, NULL, NULL));
  }
  PetscCall(PetscSectionDestroy(&local_section));
  PetscCall(DMDestroy(&vertex_dm));
  PetscFunctionReturn(0);
}

/*@
  DioMeshTopologyDestroy - Frees the arrays of a topology from DioMeshTopologyCreate() and zeroes it. Not collective.
@*/
PetscErrorCode DioMeshTopologyDestroy(DioMeshTopology *topology)
{
  PetscFunctionBegin;
  if (topology == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree2(topology->vertex_points, topology->vertex_coords));
  PetscCall(PetscFree(topology->cell_vertices));
  PetscCall(PetscMemzero(topology, sizeof(*topology)));
  PetscFunctionReturn(0);
}
