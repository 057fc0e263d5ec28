/* SPDX-License-Identifier: BSD-2-Clause
   gmsh_highorder.c: the geometry of a quadratic Gmsh mesh (6-node triangles, 10-node tetrahedra, 9-node
   quadrilaterals, 27-node hexahedra). PETSc 3.18's reader keeps such a mesh's coordinates as a P2/Q2 field (per cell,
   discontinuous, on simplices; one node per vertex, edge, face and cell on tensor cells). diomede gives the mesh
   ordinary vertex coordinates taken from that field (what every vertex reader expects) and keeps the position of every
   mesh node (vertices, edges; faces and cells of tensor cells) aside, composed with the DM, for the quadratic
   elements: they are then isoparametric, curved where the mesh is. */
#include "mesh_impl.h"

#define NODE_SECTION_KEY "dio_mesh_node_section"
#define NODE_VECTOR_KEY  "dio_mesh_node_positions"

/* Node of the equispaced P2 lattice (PETSc's Lagrange order: the first coordinate fastest) at each simplex corner and
   at the middle of the edge between corners (i, j), i < j: triangle corners 0, 2, 5; tetrahedron 0, 2, 5, 9. */
static PetscInt LatticeCorner(PetscInt dim, PetscInt k)
{
  static const PetscInt tri[3] = {0, 2, 5}, tet[4] = {0, 2, 5, 9};
  return dim == 2 ? tri[k] : tet[k];
}
static PetscInt LatticeEdge(PetscInt dim, PetscInt i, PetscInt j)
{
  /* [i][j] for i < j */
  static const PetscInt tri[3][3] = {{-1, 1, 3}, {-1, -1, 4}, {-1, -1, -1}};
  static const PetscInt tet[4][4] = {{-1, 1, 3, 6}, {-1, -1, 4, 7}, {-1, -1, -1, 8}, {-1, -1, -1, -1}};
  if (i > j) {
    const PetscInt t = i;
    i                = j;
    j                = t;
  }
  return dim == 2 ? tri[i][j] : tet[i][j];
}

/* Copy x[cdim] into the node of point p (section ns, array a); a node written before must hold the same position
   (every cell around it copies the same mesh node): *mismatch is set otherwise. */
static PetscErrorCode SetNode(PetscSection ns, PetscScalar a[], PetscBool written[], PetscInt p, PetscInt cdim,
                              const PetscScalar x[], PetscBool *mismatch)
{
  PetscInt off;

  PetscFunctionBegin;
  PetscCall(PetscSectionGetOffset(ns, p, &off));
  if (written[off / cdim]) {
    for (PetscInt d = 0; d < cdim; d++)
      if (PetscAbsScalar(a[off + d] - x[d]) > 1e-12 * (1 + PetscAbsScalar(x[d]))) *mismatch = PETSC_TRUE;
  }
  for (PetscInt d = 0; d < cdim; d++) a[off + d] = x[d];
  written[off / cdim] = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* The nodes of every local cell from the simplex coordinate field (cell dofs in lattice order): the vertices in closure
   order are the lattice corners of Gmsh's vertices, which PETSc's reader keeps for triangles and swaps (the first two)
   for tetrahedra, its orientation; each edge's node sits between the corners of its cone. */
static PetscErrorCode FillSimplexNodes(DM dm, PetscSection cs, const PetscScalar c[], PetscSection ns, PetscScalar a[],
                                       PetscBool written[], PetscInt cdim, PetscBool *mismatch)
{
  static const PetscInt tri_vertex[3] = {0, 1, 2}, tet_vertex[4] = {1, 0, 2, 3};
  PetscInt              dim, cStart, cEnd, vStart, vEnd, eStart, eEnd;
  const PetscInt       *gmsh_vertex;

  PetscFunctionBegin;
  PetscCall(DMGetDimension(dm, &dim));
  gmsh_vertex = dim == 2 ? tri_vertex : tet_vertex;
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  PetscCall(DMPlexGetDepthStratum(dm, 1, &eStart, &eEnd));
  for (PetscInt cell = cStart; cell < cEnd; cell++) {
    PetscInt *closure = NULL, size, vertices[4], nv = 0, off, dof;
    PetscCall(PetscSectionGetDof(cs, cell, &dof));
    PetscCall(PetscSectionGetOffset(cs, cell, &off));
    PetscCheck(dof == cdim * (dim == 2 ? 6 : 10), PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "quadratic mesh: cell %" PetscInt_FMT " holds %" PetscInt_FMT " coordinates", cell, dof);
    PetscCall(DMPlexGetTransitiveClosure(dm, cell, PETSC_TRUE, &size, &closure));
    for (PetscInt i = 0; i < size; i++)
      if (closure[2 * i] >= vStart && closure[2 * i] < vEnd && nv < 4) vertices[nv++] = closure[2 * i];
    for (PetscInt k = 0; k < nv; k++)
      PetscCall(
          SetNode(ns, a, written, vertices[k], cdim, &c[off + LatticeCorner(dim, gmsh_vertex[k]) * cdim], mismatch));
    for (PetscInt i = 0; i < size; i++) {
      const PetscInt  e = closure[2 * i];
      const PetscInt *cone;
      PetscInt        end[2] = {-1, -1};
      if (e < eStart || e >= eEnd) continue;
      PetscCall(DMPlexGetCone(dm, e, &cone));
      for (PetscInt k = 0; k < nv; k++) {
        if (vertices[k] == cone[0]) end[0] = gmsh_vertex[k];
        if (vertices[k] == cone[1]) end[1] = gmsh_vertex[k];
      }
      PetscCall(SetNode(ns, a, written, e, cdim, &c[off + LatticeEdge(dim, end[0], end[1]) * cdim], mismatch));
    }
    PetscCall(DMPlexRestoreTransitiveClosure(dm, cell, PETSC_TRUE, &size, &closure));
  }
  PetscFunctionReturn(0);
}

/* Whether the coordinates of dm are the reader's quadratic field: some point other than a vertex carries them, or a
   vertex has none. Collective. */
static PetscErrorCode IsHighOrder(DM dm, PetscBool *high_order)
{
  PetscSection cs;
  PetscInt     pStart, pEnd, vStart, vEnd, found = 0, any;

  PetscFunctionBegin;
  PetscCall(DMGetCoordinateSection(dm, &cs));
  PetscCall(PetscSectionGetChart(cs, &pStart, &pEnd));
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  for (PetscInt p = pStart; p < pEnd && !found; p++) {
    PetscInt dof;
    PetscCall(PetscSectionGetDof(cs, p, &dof));
    found = (p < vStart || p >= vEnd) ? dof > 0 : dof == 0;
  }
  PetscCall(MPIU_Allreduce(&found, &any, 1, MPIU_INT, MPI_MAX, PetscObjectComm((PetscObject)dm)));
  *high_order = any ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* Replace dm's coordinates by its vertices' positions (from the node array a of section ns), on a coordinate DM of
   the kind DMPlex makes for a linear mesh (a clone with a section on the vertices). */
static PetscErrorCode SetVertexCoordinates(DM dm, PetscSection ns, const PetscScalar a[], PetscInt cdim)
{
  DM           cdm;
  PetscSection vs;
  Vec          X;
  PetscScalar *x;
  PetscInt     vStart, vEnd;

  PetscFunctionBegin;
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  PetscCall(DMClone(dm, &cdm));
  PetscCall(PetscSectionCreate(PetscObjectComm((PetscObject)dm), &vs));
  PetscCall(PetscSectionSetNumFields(vs, 1));
  PetscCall(PetscSectionSetFieldComponents(vs, 0, cdim));
  PetscCall(PetscSectionSetChart(vs, vStart, vEnd));
  for (PetscInt v = vStart; v < vEnd; v++) {
    PetscCall(PetscSectionSetDof(vs, v, cdim));
    PetscCall(PetscSectionSetFieldDof(vs, v, 0, cdim));
  }
  PetscCall(PetscSectionSetUp(vs));
  PetscCall(DMSetLocalSection(cdm, vs));
  PetscCall(DMSetCoordinateDM(dm, cdm));
  PetscCall(DMDestroy(&cdm));
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, (vEnd - vStart) * cdim, &X));
  PetscCall(VecSetBlockSize(X, cdim));
  PetscCall(PetscObjectSetName((PetscObject)X, "coordinates"));
  PetscCall(VecGetArray(X, &x));
  for (PetscInt v = vStart; v < vEnd; v++) {
    PetscInt off, voff;
    PetscCall(PetscSectionGetOffset(ns, v, &off));
    PetscCall(PetscSectionGetOffset(vs, v, &voff));
    for (PetscInt d = 0; d < cdim; d++) x[voff + d] = a[off + d];
  }
  PetscCall(VecRestoreArray(X, &x));
  PetscCall(PetscSectionDestroy(&vs));
  PetscCall(DMSetCoordinatesLocal(dm, X));
  PetscCall(VecDestroy(&X));
  PetscFunctionReturn(0);
}

/*@
  DioMeshSplitHighOrder_Internal - Gives a mesh fresh from PETSc's Gmsh reader (not distributed) ordinary vertex
  coordinates and returns the positions of all its quadratic nodes.

  Collective. Nothing is done for a linear mesh (*node_section and *nodes NULL). For a quadratic one, *node_section has
  cdim dofs on every point that carries a node (vertices and edges of simplices; every point of tensor cells) and
  *nodes (a sequential Vec) their positions; destroy both. A node shared by cells whose copies differ (a layout of the
  reader other than the one described above) is an error; so are cells of order 3 or more (a one-line error naming
  path, the file, the cell type and its number of nodes).
@*/
PetscErrorCode DioMeshSplitHighOrder_Internal(DM dm, const char path[], PetscSection *node_section, Vec *nodes)
{
  PetscSection       cs, ns;
  Vec                X;
  const PetscScalar *c;
  PetscScalar       *a;
  PetscBool          high_order = PETSC_FALSE, simplex, *written, mismatch = PETSC_FALSE, any;
  PetscInt           dim, cdim, pStart, pEnd, n;

  PetscFunctionBegin;
  *node_section = NULL;
  *nodes        = NULL;
  PetscCall(IsHighOrder(dm, &high_order));
  if (!high_order) PetscFunctionReturn(0);
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DMGetCoordinateDim(dm, &cdim));
  {
    /* the cells are all on rank 0 before the distribution: its answer for every rank */
    PetscInt cStart, cEnd, local, global;
    PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
    PetscCall(DMPlexIsSimplex(dm, &simplex));
    local = cStart < cEnd && simplex ? 1 : 0;
    PetscCall(MPIU_Allreduce(&local, &global, 1, MPIU_INT, MPI_MAX, PetscObjectComm((PetscObject)dm)));
    simplex = global ? PETSC_TRUE : PETSC_FALSE;
  }
  PetscCall(DMGetCoordinateSection(dm, &cs));
  PetscCall(DMGetCoordinatesLocal(dm, &X));
  PetscCall(DMPlexGetChart(dm, &pStart, &pEnd));
  {
    /* P2 / Q2 only (8-node quadrilaterals and 20-node hexahedra come completed to 9 and 27 nodes by the reader) */
    const PetscInt expected = simplex ? (dim == 2 ? 6 : 10) : (dim == 2 ? 9 : 27);
    PetscInt       cStart, cEnd, nodes_per_cell = 0, max_nodes;
    PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
    if (cStart < cEnd) {
      PetscInt *closure = NULL, size;
      PetscCall(DMPlexGetTransitiveClosure(dm, cStart, PETSC_TRUE, &size, &closure));
      for (PetscInt i = 0; i < size; i++) {
        PetscInt dof;
        PetscCall(PetscSectionGetDof(cs, closure[2 * i], &dof));
        nodes_per_cell += dof / cdim;
      }
      PetscCall(DMPlexRestoreTransitiveClosure(dm, cStart, PETSC_TRUE, &size, &closure));
    }
    PetscCall(MPIU_Allreduce(&nodes_per_cell, &max_nodes, 1, MPIU_INT, MPI_MAX, PetscObjectComm((PetscObject)dm)));
    PetscCheck(max_nodes == expected, PetscObjectComm((PetscObject)dm), PETSC_ERR_USER_INPUT,
               "-mesh_file '%s': %s with %" PetscInt_FMT " nodes (a mesh of order 3 or more): diomede reads linear and "
               "quadratic cells (gmsh -order 1 or 2)",
               path, simplex ? (dim == 2 ? "triangles" : "tetrahedra") : (dim == 2 ? "quadrilaterals" : "hexahedra"),
               max_nodes);
  }
  PetscCall(PetscSectionCreate(PETSC_COMM_SELF, &ns));
  PetscCall(PetscSectionSetChart(ns, pStart, pEnd));
  for (PetscInt depth = 0; depth <= (simplex ? 1 : dim); depth++) {
    PetscInt start, end;
    PetscCall(DMPlexGetDepthStratum(dm, depth, &start, &end));
    for (PetscInt p = start; p < end; p++) PetscCall(PetscSectionSetDof(ns, p, cdim));
  }
  PetscCall(PetscSectionSetUp(ns));
  PetscCall(PetscSectionGetStorageSize(ns, &n));
  PetscCall(VecCreateSeq(PETSC_COMM_SELF, n, nodes));
  PetscCall(VecSetBlockSize(*nodes, cdim));
  PetscCall(PetscCalloc1(n / cdim, &written));
  PetscCall(VecGetArray(*nodes, &a));
  PetscCall(VecGetArrayRead(X, &c));
  if (simplex)
    PetscCall(FillSimplexNodes(dm, cs, c, ns, a, written, cdim, &mismatch));
  else {
    for (PetscInt p = pStart; p < pEnd; p++) { /* Q2: the reader's continuous field has one node on every point */
      PetscInt dof, off;
      PetscCall(PetscSectionGetDof(ns, p, &dof));
      if (!dof) continue;
      PetscCall(PetscSectionGetDof(cs, p, &dof));
      PetscCall(PetscSectionGetOffset(cs, p, &off));
      if (dof == cdim) PetscCall(SetNode(ns, a, written, p, cdim, &c[off], &mismatch));
    }
  }
  for (PetscInt k = 0; k < n / cdim; k++)
    if (!written[k]) mismatch = PETSC_TRUE;
  PetscCall(VecRestoreArrayRead(X, &c));
  PetscCall(MPIU_Allreduce(&mismatch, &any, 1, MPIU_BOOL, MPI_LOR, PetscObjectComm((PetscObject)dm)));
  PetscCheck(!any, PetscObjectComm((PetscObject)dm), PETSC_ERR_PLIB,
             "quadratic mesh: the reader's coordinate field is not laid out as diomede expects (a node missing, or "
             "its copies in two cells differ)");
  PetscCall(SetVertexCoordinates(dm, ns, a, cdim));
  PetscCall(VecRestoreArray(*nodes, &a));
  PetscCall(PetscFree(written));
  *node_section = ns;
  PetscFunctionReturn(0);
}

/*@
  DioMeshAttachNodes_Internal - Distributes the node positions of DioMeshSplitHighOrder_Internal() with the mesh (the
  migration SF of DMPlexDistribute(); NULL: dm is the mesh they were read on) and composes them with dm, where
  DioMeshGetNodePositions() finds them.

  Collective. Does nothing when node_section is NULL (a linear mesh).
@*/
PetscErrorCode DioMeshAttachNodes_Internal(DM source, PetscSF migration, PetscSection node_section, Vec nodes, DM dm)
{
  PetscSection section   = node_section;
  Vec          positions = nodes;
  PetscInt     cdim;

  PetscFunctionBegin;
  if (node_section == NULL) PetscFunctionReturn(0);
  PetscCall(VecGetBlockSize(nodes, &cdim));
  if (migration != NULL) {
    PetscCall(PetscSectionCreate(PETSC_COMM_SELF, &section));
    PetscCall(VecCreate(PETSC_COMM_SELF, &positions));
    PetscCall(DMPlexDistributeField(source, migration, node_section, nodes, section, positions));
    PetscCall(VecSetBlockSize(positions, cdim));
  }
  PetscCall(PetscObjectCompose((PetscObject)dm, NODE_SECTION_KEY, (PetscObject)section));
  PetscCall(PetscObjectCompose((PetscObject)dm, NODE_VECTOR_KEY, (PetscObject)positions));
  if (migration != NULL) {
    PetscCall(PetscSectionDestroy(&section));
    PetscCall(VecDestroy(&positions));
  }
  PetscFunctionReturn(0);
}

/*@
  DioMeshGetNodePositions - The positions (m) of the nodes of a quadratic imported mesh on this rank's points.

  Not collective. Output (borrowed, do not destroy): *section, cdim dofs on every point that carries a mesh node, and
  *positions, a sequential Vec of them; both NULL for a mesh read without them (linear meshes, built-in meshes).
@*/
PetscErrorCode DioMeshGetNodePositions(DM dm, PetscSection *section, Vec *positions)
{
  PetscFunctionBegin;
  PetscCall(PetscObjectQuery((PetscObject)dm, NODE_SECTION_KEY, (PetscObject *)section));
  PetscCall(PetscObjectQuery((PetscObject)dm, NODE_VECTOR_KEY, (PetscObject *)positions));
  if (*section == NULL || *positions == NULL) {
    *section   = NULL;
    *positions = NULL;
  }
  PetscFunctionReturn(0);
}
