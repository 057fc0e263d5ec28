/* SPDX-License-Identifier: BSD-2-Clause
   fe_common.c: shared by the elasticity and heat discretisations (see fe_common.h). */
#include <petscsf.h>
#include <petscbt.h>
#include "fe_common.h"
#include "dio_mesh.h"

PetscErrorCode DioPointCentroid_Internal(DM dm, PetscInt p, PetscSection coord_section, const PetscScalar coords[], PetscInt dim, PetscReal X[])
{
  PetscInt *closure = NULL, closure_size, count = 0, vStart, vEnd;

  PetscFunctionBegin;
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  for (PetscInt d = 0; d < dim; d++) X[d] = 0;
  PetscCall(DMPlexGetTransitiveClosure(dm, p, PETSC_TRUE, &closure_size, &closure));
  for (PetscInt i = 0; i < closure_size; i++) {
    const PetscInt q = closure[2 * i];
    PetscInt       off;
    if (q < vStart || q >= vEnd) continue;
    PetscCall(PetscSectionGetOffset(coord_section, q, &off));
    for (PetscInt d = 0; d < dim; d++) X[d] += PetscRealPart(coords[off + d]);
    count++;
  }
  PetscCall(DMPlexRestoreTransitiveClosure(dm, p, PETSC_TRUE, &closure_size, &closure));
  for (PetscInt d = 0; d < dim; d++) X[d] /= count;
  PetscFunctionReturn(0);
}

void DioFaceNodeCentroid_Internal(const DioElementTab *tab, const PetscReal x[], PetscInt face, PetscReal X[])
{
  const PetscInt dim = tab->dim, n1 = tab->order + 1, nn = tab->num_nodes, dir = face / 2,
                 idx   = (face % 2) ? n1 - 1 : 0;
  PetscInt       count = 0;
  for (PetscInt d = 0; d < dim; d++) X[d] = 0;
  for (PetscInt a = 0; a < nn; a++) {
    const PetscInt ijk[3] = {a % n1, (a / n1) % n1, a / (n1 * n1)};
    if (tab->simplex ? (a > dim || a == face) : ijk[dir] != idx) continue; /* simplex: the face's vertices */
    for (PetscInt d = 0; d < dim; d++) X[d] += x[a * dim + d];
    count++;
  }
  for (PetscInt d = 0; d < dim; d++) X[d] /= count;
}

PetscInt DioReferenceFaceOf_Internal(const DioElementTab *tab, const PetscReal x[], const PetscReal centroid[])
{
  PetscInt  best      = -1;
  PetscReal best_dist = PETSC_MAX_REAL;
  for (PetscInt face = 0; face < tab->num_faces; face++) {
    PetscReal X[3], dist = 0;
    DioFaceNodeCentroid_Internal(tab, x, face, X);
    for (PetscInt d = 0; d < tab->dim; d++) dist += PetscSqr(X[d] - centroid[d]);
    if (dist < best_dist) {
      best_dist = dist;
      best      = face;
    }
  }
  return best;
}

PetscErrorCode DioFEIsSimplex_Internal(DM dm, PetscBool *simplex)
{
  PetscInt cStart, cEnd, dim, local[3] = {0, 0, 0}, counts[3]; /* tensor, simplex, other */

  PetscFunctionBegin;
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  for (PetscInt c = cStart; c < cEnd; c++) {
    DMPolytopeType type;
    PetscCall(DMPlexGetCellType(dm, c, &type));
    if (type == DM_POLYTOPE_QUADRILATERAL || type == DM_POLYTOPE_HEXAHEDRON)
      local[0]++;
    else if (type == DM_POLYTOPE_TRIANGLE || type == DM_POLYTOPE_TETRAHEDRON)
      local[1]++;
    else
      local[2]++;
  }
  PetscCall(MPIU_Allreduce(local, counts, 3, MPIU_INT, MPI_SUM, PetscObjectComm((PetscObject)dm)));
  PetscCheck(counts[2] == 0 && (counts[0] == 0 || counts[1] == 0), PetscObjectComm((PetscObject)dm), PETSC_ERR_SUP,
             "mesh: %" PetscInt_FMT " %s, %" PetscInt_FMT " %s and %" PetscInt_FMT
             " other cells: one kind only (%s or %s) is supported",
             counts[0], dim == 2 ? "quadrilaterals" : "hexahedra", counts[1], dim == 2 ? "triangles" : "tetrahedra",
             counts[2], dim == 2 ? "quadrilaterals" : "hexahedra", dim == 2 ? "triangles" : "tetrahedra");
  *simplex = (PetscBool)(counts[1] > 0);
  PetscFunctionReturn(0);
}

/* The section SF maps every local dof (leaf) to its owner's entry in the global vector (root). */
PetscErrorCode DioSyncLocalDofs_Internal(DM dm, PetscInt values[], MPI_Op op)
{
  PetscSection global_section;
  PetscSF      sf;
  PetscInt     owned_size, *owned;

  PetscFunctionBegin;
  PetscCall(DMGetSectionSF(dm, &sf));
  PetscCall(DMGetGlobalSection(dm, &global_section));
  PetscCall(PetscSectionGetConstrainedStorageSize(global_section, &owned_size));
  PetscCall(PetscCalloc1(owned_size, &owned));
  PetscCall(PetscSFReduceBegin(sf, MPIU_INT, values, owned, op));
  PetscCall(PetscSFReduceEnd(sf, MPIU_INT, values, owned, op));
  PetscCall(PetscSFBcastBegin(sf, MPIU_INT, owned, values, MPI_REPLACE));
  PetscCall(PetscSFBcastEnd(sf, MPIU_INT, owned, values, MPI_REPLACE));
  PetscCall(PetscFree(owned));
  PetscFunctionReturn(0);
}

PetscErrorCode DioFETabulate_Internal(DM dm, PetscInt dim, PetscInt order, DioElementTab *tab, DioFaceTab face_tab[])
{
  MPI_Comm  comm = PetscObjectComm((PetscObject)dm);
  PetscBool simplex;

  PetscFunctionBegin;
  PetscCall(DioFEIsSimplex_Internal(dm, &simplex));
  if (simplex) {
    PetscCheck(!dio_simplex_element_tab_init((int)dim, (int)order, dio_simplex_default_degree((int)order), tab), comm,
               PETSC_ERR_PLIB, "cannot tabulate P%" PetscInt_FMT " in %" PetscInt_FMT "D", order, dim);
    for (PetscInt f = 0; f < tab->num_faces; f++)
      PetscCheck(!dio_simplex_face_tab_init((int)dim, (int)order, (int)order + 1, (int)f, &face_tab[f]), comm,
                 PETSC_ERR_PLIB, "cannot tabulate face %" PetscInt_FMT, f);
    PetscFunctionReturn(0);
  }
  PetscCheck(!dio_element_tab_init((int)dim, (int)order, (int)order + 1, tab), comm, PETSC_ERR_PLIB, "cannot tabulate Q%" PetscInt_FMT " in %" PetscInt_FMT "D",
             order, dim);
  for (PetscInt f = 0; f < 2 * dim; f++)
    PetscCheck(!dio_face_tab_init((int)dim, (int)order, (int)order + 1, (int)f, &face_tab[f]), comm, PETSC_ERR_PLIB, "cannot tabulate face %" PetscInt_FMT, f);
  PetscFunctionReturn(0);
}

PetscErrorCode DioFETabulateErrorRule_Internal(const DioElementTab *tab, DioElementTab *error_tab)
{
  int status;

  PetscFunctionBegin;
  if (tab->simplex)
    status = dio_simplex_element_tab_init(tab->dim, tab->order, PetscMin(2 * tab->order + 2, 5), error_tab);
  else
    status = dio_element_tab_init(tab->dim, tab->order, tab->order + 2, error_tab);
  PetscCheck(!status, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cannot tabulate the error rule");
  PetscFunctionReturn(0);
}

/* The points of dm cell by cell (each cell's closure in turn, vertices first, the points not yet listed), as a
   permutation of [0, pEnd - pStart) for PetscSectionSetPermutation(). DMPlex lists its points stratum by stratum (all
   cells, then the vertices, faces, edges), so with Q2 a row's columns and the values of x it reads lie in four
   distant ranges; numbered cell by cell they are near each other: diomede's mat-vec on DB2 n = 256 (2D Q2) 14.5 ->
   10.1 ms, DB4 n = 24 (3D Q2) 40 -> 36 ms (benchmarks/README.md, observation 5). */
static PetscErrorCode CellMajorPermutation(DM dm, IS *perm)
{
  PetscInt  pStart, pEnd, cStart, cEnd, n = 0, *points;
  PetscBT   listed;

  PetscFunctionBegin;
  PetscCall(DMPlexGetChart(dm, &pStart, &pEnd));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(PetscMalloc1(pEnd - pStart, &points));
  PetscCall(PetscBTCreate(pEnd - pStart, &listed));
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscInt *closure = NULL, size;
    PetscCall(DMPlexGetTransitiveClosure(dm, c, PETSC_TRUE, &size, &closure));
    for (PetscInt i = size - 1; i >= 0; i--) { /* the closure lists the cell first, the vertices last */
      const PetscInt q = closure[2 * i] - pStart;
      if (!PetscBTLookupSet(listed, q)) points[n++] = q;
    }
    PetscCall(DMPlexRestoreTransitiveClosure(dm, c, PETSC_TRUE, &size, &closure));
  }
  for (PetscInt q = 0; q < pEnd - pStart; q++)
    if (!PetscBTLookupSet(listed, q)) points[n++] = q;
  PetscCall(PetscBTDestroy(&listed));
  PetscCall(ISCreateGeneral(PETSC_COMM_SELF, n, points, PETSC_OWN_POINTER, perm));
  PetscFunctionReturn(0);
}

PetscErrorCode DioFECreateFieldDM_Internal(DM dm, PetscInt order, PetscInt num_components, const char name[], DM *dm_f)
{
  PetscSection section;
  PetscInt     pStart, pEnd, dim;
  PetscBool    simplex;

  PetscFunctionBegin;
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DioFEIsSimplex_Internal(dm, &simplex));
  PetscCall(DMClone(dm, dm_f));
  PetscCall(PetscObjectSetName((PetscObject)*dm_f, name));
  PetscCall(DMPlexGetChart(dm, &pStart, &pEnd));
  PetscCall(PetscSectionCreate(PetscObjectComm((PetscObject)dm), &section));
  PetscCall(PetscSectionSetNumFields(section, 1));
  PetscCall(PetscSectionSetFieldName(section, 0, name));
  PetscCall(PetscSectionSetFieldComponents(section, 0, num_components));
  PetscCall(PetscSectionSetChart(section, pStart, pEnd));
  /* Q2 on tensor cells has exactly one node per vertex, edge, face and cell; P2 one per vertex and edge */
  for (PetscInt depth = 0; depth <= (order == 1 ? 0 : simplex ? 1 : dim); depth++) {
    PetscInt start, end;
    PetscCall(DMPlexGetDepthStratum(dm, depth, &start, &end));
    for (PetscInt p = start; p < end; p++) {
      PetscCall(PetscSectionSetDof(section, p, num_components));
      PetscCall(PetscSectionSetFieldDof(section, p, 0, num_components));
    }
  }
  if (order > 1) { /* Q1: only vertices carry dofs, already in DMPlex's (mesh) order */
    IS perm;
    PetscCall(CellMajorPermutation(dm, &perm));
    PetscCall(PetscSectionSetPermutation(section, perm));
    PetscCall(ISDestroy(&perm));
  }
  PetscCall(PetscSectionSetUp(section));
  PetscCall(DMSetLocalSection(*dm_f, section));
  PetscCall(PetscSectionDestroy(&section));
  /* closures in lexicographic (tensor) order, the node order of fe_basis.h; simplices: DioFECellMaps_Internal() */
  if (!simplex) PetscCall(DMPlexSetClosurePermutationTensor(*dm_f, PETSC_DETERMINE, NULL));
  PetscFunctionReturn(0);
}

/* A vertex's own coordinates, the centroid of its vertices for an edge, face or cell node (exact for the
   multilinear geometry of a Q1 map). */
PetscErrorCode DioFENodeCoordinates_Internal(DM dm, DM dm_f, PetscInt dim, PetscReal node_x[])
{
  PetscSection       section, coord_section;
  Vec                coords;
  const PetscScalar *coord_array;
  PetscInt           pStart, pEnd, nc;

  PetscFunctionBegin;
  PetscCall(DMGetLocalSection(dm_f, &section));
  PetscCall(PetscSectionGetFieldComponents(section, 0, &nc));
  PetscCall(DMGetCoordinatesLocal(dm, &coords));
  PetscCall(DMGetCoordinateSection(dm, &coord_section));
  {
    /* the nodes are placed from the vertices: a mesh whose coordinates live elsewhere (DMPlex's Gmsh reader keeps a
       quadratic mesh's coordinates per cell unless -dm_plex_gmsh_highorder is false) cannot be read this way */
    PetscInt vStart, vEnd, missing = 0, missing_global, csStart, csEnd;
    PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
    PetscCall(PetscSectionGetChart(coord_section, &csStart, &csEnd));
    for (PetscInt v = vStart; v < vEnd && !missing; v++) {
      PetscInt dof = 0;
      if (v >= csStart && v < csEnd) PetscCall(PetscSectionGetDof(coord_section, v, &dof));
      missing = dof < dim;
    }
    PetscCall(MPIU_Allreduce(&missing, &missing_global, 1, MPIU_INT, MPI_MAX, PetscObjectComm((PetscObject)dm)));
    PetscCheck(!missing_global, PetscObjectComm((PetscObject)dm), PETSC_ERR_SUP,
               "mesh: the vertices carry no coordinates (a high-order geometry stored per cell, as DMPlex's Gmsh "
               "reader keeps a quadratic mesh); read "
               "it with straight-sided cells (-dm_plex_gmsh_highorder false)");
  }
  PetscCall(PetscSectionGetChart(section, &pStart, &pEnd));
  PetscCall(VecGetArrayRead(coords, &coord_array));
  for (PetscInt p = pStart; p < pEnd; p++) {
    PetscInt dof, off;
    PetscCall(PetscSectionGetDof(section, p, &dof));
    if (!dof) continue;
    PetscCall(PetscSectionGetOffset(section, p, &off));
    PetscCall(DioPointCentroid_Internal(dm, p, coord_section, coord_array, dim, &node_x[off / nc * dim]));
  }
  PetscCall(VecRestoreArrayRead(coords, &coord_array));
  PetscFunctionReturn(0);
}

/* Simplex closures come in DMPlex's order (the cell's edges, then its vertices; P1: only the vertices). node[k] (k over
   the closure's points that carry dofs) is the point's node in simplex_basis.h's numbering: the vertices in the order
   the closure lists them, then each edge at the position of its pair of vertices (dio_simplex_edge()). */
static PetscErrorCode SimplexClosureNodes(DM dm, PetscSection section, PetscInt cell, PetscInt dim, PetscInt num_nodes,
                                          PetscInt node[])
{
  PetscInt *closure = NULL, size, vStart, vEnd, vertices[4], num_vertices = 0, k = 0;

  PetscFunctionBegin;
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  PetscCall(DMPlexGetTransitiveClosure(dm, cell, PETSC_TRUE, &size, &closure));
  for (PetscInt i = 0; i < size; i++) {
    const PetscInt p = closure[2 * i];
    if (p >= vStart && p < vEnd && num_vertices < 4) vertices[num_vertices++] = p;
  }
  PetscCheck(num_vertices == dim + 1, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "cell %" PetscInt_FMT ": %" PetscInt_FMT " vertices in a simplex of dimension %" PetscInt_FMT, cell,
             num_vertices, dim);
  for (PetscInt i = 0; i < size; i++) {
    const PetscInt  p = closure[2 * i];
    const PetscInt *cone;
    PetscInt        dof, local[2] = {-1, -1};
    PetscCall(PetscSectionGetDof(section, p, &dof));
    if (!dof) continue;
    PetscCheck(k < num_nodes, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "cell %" PetscInt_FMT ": more than %" PetscInt_FMT " nodes in its closure", cell, num_nodes);
    if (p >= vStart && p < vEnd) {
      for (PetscInt v = 0; v <= dim; v++)
        if (vertices[v] == p) node[k] = v;
      k++;
      continue;
    }
    PetscCall(DMPlexGetCone(dm, p, &cone)); /* an edge: its two vertices */
    for (PetscInt e = 0; e < 2; e++)
      for (PetscInt v = 0; v <= dim; v++)
        if (vertices[v] == cone[e]) local[e] = v;
    node[k] = -1;
    for (int edge = 0; edge < (dim == 2 ? 3 : 6); edge++) {
      int ends[2] = {0, 0};
      dio_simplex_edge((int)dim, edge, ends);
      if ((ends[0] == local[0] && ends[1] == local[1]) || (ends[0] == local[1] && ends[1] == local[0]))
        node[k] = dim + 1 + edge;
    }
    PetscCheck(node[k] >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "cell %" PetscInt_FMT ": closure point %" PetscInt_FMT " is not an edge of its vertices", cell, p);
    k++;
  }
  PetscCall(DMPlexRestoreTransitiveClosure(dm, cell, PETSC_TRUE, &size, &closure));
  PetscCheck(k == num_nodes, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "cell %" PetscInt_FMT ": %" PetscInt_FMT " nodes in its closure, expected %" PetscInt_FMT, cell, k,
             num_nodes);
  PetscFunctionReturn(0);
}

/* Copy the closure's dof indices idx[] into cell_dofs[] in the kernel's node order (node[k] of closure node k; NULL:
   the closure order is the kernel's already). */
static void CopyClosureDofs(PetscInt ndof, PetscInt nc, const PetscInt node[], const PetscInt idx[],
                            PetscInt cell_dofs[])
{
  for (PetscInt k = 0; k < ndof / nc; k++)
    for (PetscInt i = 0; i < nc; i++) cell_dofs[(node ? node[k] : k) * nc + i] = idx[k * nc + i];
}

PetscErrorCode DioFECellMaps_Internal(DM dm, DM dm_f, PetscInt dim, PetscInt dofs_per_cell, PetscInt num_layers, const PetscReal node_x[],
                                      PetscInt cell_local_dofs[], PetscInt cell_global_dofs[], PetscReal cell_nodes[], PetscInt cell_layer[], PetscInt *bad_layer)
{
  PetscSection local_section, global_section;
  DMLabel      layer_label;
  PetscInt     cStart, cEnd, pStart, pEnd, nc, ndof = dofs_per_cell, bad = -1, local_size, *local_to_global, node[DIO_MAX_NODES];
  PetscBool    simplex;

  PetscFunctionBegin;
  PetscCall(DioFEIsSimplex_Internal(dm, &simplex));
  PetscCall(DMGetLocalSection(dm_f, &local_section));
  PetscCall(DMGetGlobalSection(dm_f, &global_section));
  PetscCall(PetscSectionGetFieldComponents(local_section, 0, &nc));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(DMGetLabel(dm, DIO_LABEL_LAYER, &layer_label));
  /* the global index of every local dof, point by point (a ghost point's global offset is stored as -(offset + 1);
     no section constraints here): one closure per cell instead of a local and a global one (issue 16: the
     closures were 83 % of DioElasticitySetUp) */
  PetscCall(PetscSectionGetStorageSize(local_section, &local_size));
  PetscCall(PetscSectionGetChart(local_section, &pStart, &pEnd));
  PetscCall(PetscMalloc1(local_size, &local_to_global));
  for (PetscInt p = pStart; p < pEnd; p++) {
    PetscInt dof, loff, goff;
    PetscCall(PetscSectionGetDof(local_section, p, &dof));
    if (!dof) continue;
    PetscCall(PetscSectionGetOffset(local_section, p, &loff));
    PetscCall(PetscSectionGetOffset(global_section, p, &goff));
    if (goff < 0) goff = -(goff + 1);
    for (PetscInt k = 0; k < dof; k++) local_to_global[loff + k] = goff + k;
  }
  for (PetscInt c = 0; c < cEnd - cStart; c++) {
    const PetscInt cell = cStart + c;
    PetscInt       n, *idx = NULL, layer = 0;

    PetscCall(DMPlexGetClosureIndices(dm_f, local_section, local_section, cell, PETSC_TRUE, &n, &idx, NULL, NULL));
    PetscCheck(n == ndof, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cell %" PetscInt_FMT ": closure has %" PetscInt_FMT " dofs, expected %" PetscInt_FMT, cell, n,
               ndof);
    if (simplex) PetscCall(SimplexClosureNodes(dm_f, local_section, cell, dim, ndof / nc, node));
    CopyClosureDofs(ndof, nc, simplex ? node : NULL, idx, &cell_local_dofs[c * ndof]);
    PetscCall(DMPlexRestoreClosureIndices(dm_f, local_section, local_section, cell, PETSC_TRUE, &n, &idx, NULL, NULL));
    /* the global rows in the same (kernel) order as the local ones */
    for (PetscInt i = 0; i < ndof; i++) cell_global_dofs[c * ndof + i] = local_to_global[cell_local_dofs[c * ndof + i]];
    /* node a's components are the closure entries a * nc .. a * nc + nc - 1 */
    for (PetscInt a = 0; a < ndof / nc; a++)
      for (PetscInt d = 0; d < dim; d++) cell_nodes[(c * (ndof / nc) + a) * dim + d] = node_x[cell_local_dofs[c * ndof + a * nc] / nc * dim + d];
    if (layer_label) PetscCall(DMLabelGetValue(layer_label, cell, &layer));
    cell_layer[c] = layer < 0 ? 0 : layer;
    if (cell_layer[c] >= num_layers && bad < 0) bad = cell_layer[c];
  }
  PetscCall(PetscFree(local_to_global));
  PetscCall(MPIU_Allreduce(&bad, bad_layer, 1, MPIU_INT, MPI_MAX, PetscObjectComm((PetscObject)dm)));
  PetscFunctionReturn(0);
}

/* The local faces with "Face Sets" value boundary_id (none: *faces NULL, *n 0); give back with BoundaryFacesRestore(). */
static PetscErrorCode BoundaryFacesGet(DM dm, PetscInt boundary_id, IS *faces, PetscInt *n, const PetscInt **points)
{
  DMLabel label;

  PetscFunctionBegin;
  *faces  = NULL;
  *n      = 0;
  *points = NULL;
  PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &label));
  if (label) PetscCall(DMLabelGetStratumIS(label, boundary_id, faces));
  if (*faces == NULL) PetscFunctionReturn(0);
  PetscCall(ISGetLocalSize(*faces, n));
  PetscCall(ISGetIndices(*faces, points));
  PetscFunctionReturn(0);
}

static PetscErrorCode BoundaryFacesRestore(IS *faces, const PetscInt **points)
{
  PetscFunctionBegin;
  if (*faces == NULL) PetscFunctionReturn(0);
  PetscCall(ISRestoreIndices(*faces, points));
  PetscCall(ISDestroy(faces));
  PetscFunctionReturn(0);
}

PetscErrorCode DioFEMarkBoundaryNodes_Internal(DM dm, DM dm_f, PetscInt boundary_id, const PetscBool component_mask[], PetscInt value, PetscInt local[])
{
  PetscSection    section;
  IS              faces;
  const PetscInt *face_points;
  PetscInt        num_faces, nc;

  PetscFunctionBegin;
  PetscCall(BoundaryFacesGet(dm, boundary_id, &faces, &num_faces, &face_points));
  PetscCall(DMGetLocalSection(dm_f, &section));
  PetscCall(PetscSectionGetFieldComponents(section, 0, &nc));
  for (PetscInt f = 0; f < num_faces; f++) {
    PetscInt *closure = NULL, closure_size;
    PetscCall(DMPlexGetTransitiveClosure(dm, face_points[f], PETSC_TRUE, &closure_size, &closure));
    for (PetscInt i = 0; i < closure_size; i++) {
      PetscInt dof, off;
      PetscCall(PetscSectionGetDof(section, closure[2 * i], &dof));
      if (!dof) continue;
      PetscCall(PetscSectionGetOffset(section, closure[2 * i], &off));
      for (PetscInt k = 0; k < nc; k++)
        if (component_mask[k]) local[off + k] = PetscMax(local[off + k], value);
    }
    PetscCall(DMPlexRestoreTransitiveClosure(dm, face_points[f], PETSC_TRUE, &closure_size, &closure));
  }
  PetscCall(BoundaryFacesRestore(&faces, &face_points));
  PetscFunctionReturn(0);
}

PetscErrorCode DioFEFindBoundaryFaces_Internal(DM dm, const DioElementTab *tab, const PetscReal cell_nodes[],
                                               PetscInt boundary_id, PetscInt *n, PetscInt cells[], PetscInt refs[])
{
  IS              faces;
  const PetscInt *face_points;
  PetscInt        num_faces, cStart;

  PetscFunctionBegin;
  PetscCall(BoundaryFacesGet(dm, boundary_id, &faces, &num_faces, &face_points));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, NULL));
  for (PetscInt f = 0; f < num_faces; f++) {
    const PetscInt *support;
    PetscInt        support_size, c;
    PetscReal       centroid[3];
    PetscCall(DMPlexGetSupportSize(dm, face_points[f], &support_size));
    if (support_size != 1) continue; /* not a boundary face of this rank's cells */
    PetscCall(DMPlexGetSupport(dm, face_points[f], &support));
    PetscCall(DMPlexComputeCellGeometryFVM(dm, face_points[f], NULL, centroid, NULL));
    c          = support[0] - cStart;
    cells[*n] = c;
    refs[*n]   = DioReferenceFaceOf_Internal(tab, &cell_nodes[c * tab->num_nodes * tab->dim], centroid);
    (*n)++;
  }
  PetscCall(BoundaryFacesRestore(&faces, &face_points));
  PetscFunctionReturn(0);
}

PetscErrorCode DioFECheckBadCell_Internal(DM dm, PetscInt bad_cell, const char what[], const char hint[])
{
  MPI_Comm    comm = PetscObjectComm((PetscObject)dm);
  PetscMPIInt rank, bad_rank_local, bad_rank;
  PetscReal   centroid[3] = {0, 0, 0};
  PetscInt    cStart;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  bad_rank_local = bad_cell >= 0 ? rank : PETSC_MPI_INT_MAX;
  PetscCallMPI(MPI_Allreduce(&bad_rank_local, &bad_rank, 1, MPI_INT, MPI_MIN, comm));
  if (bad_rank == PETSC_MPI_INT_MAX) PetscFunctionReturn(0);
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, NULL));
  if (rank == bad_rank) PetscCall(DMPlexComputeCellGeometryFVM(dm, cStart + bad_cell, NULL, centroid, NULL));
  PetscCallMPI(MPI_Bcast(centroid, 3, MPIU_REAL, bad_rank, comm));
  SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s: inverted or degenerate cell at (%g, %g, %g) m: %s", what, (double)centroid[0], (double)centroid[1],
          (double)centroid[2], hint);
}

/* Not collective (the options database is per process; every rank calls it alike). Gives solver defaults that apply
   only where the user set nothing, and are recorded in the options database (and so in the output). */
PetscErrorCode DioFESetDefaultOptions_Internal(size_t num_defaults, const char *defaults[][2])
{
  PetscFunctionBegin;
  for (size_t i = 0; i < num_defaults; i++) {
    PetscBool set;
    PetscCall(PetscOptionsHasName(NULL, NULL, defaults[i][0], &set));
    if (!set) PetscCall(PetscOptionsSetValue(NULL, defaults[i][0], defaults[i][1]));
  }
  PetscFunctionReturn(0);
}

/* Not collective. An error naming the id and the valid range when boundary_id is outside [1, max_id] (the mechanics
   setters: DIO_BOUNDARY_MAX; flow: DIO_BOUNDARY_COUNT). */
PetscErrorCode DioFECheckBoundaryId_Internal(PetscInt boundary_id, PetscInt max_id)
{
  PetscFunctionBegin;
  PetscCheck(boundary_id >= 1 && boundary_id <= max_id, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "boundary id %" PetscInt_FMT " not in [1, %" PetscInt_FMT "]",
             boundary_id, max_id);
  PetscFunctionReturn(0);
}
