/* SPDX-License-Identifier: BSD-2-Clause
   fe_common.c: shared by the elasticity and heat discretisations (see fe_common.h). */
#include <petscsf.h>
#include <petscbt.h>
#include "fe_common.h"
#include "dio_mesh.h"

PetscErrorCode DioPointCentroid_Internal(const DioFEClosure *cl, PetscInt p, PetscSection coord_section,
                                         const PetscScalar coords[], PetscInt dim, PetscReal X[])
{
  PetscInt closure[2 * DIO_FE_MAX_CLOSURE_POINTS], closure_size, count = 0, vStart, vEnd;

  PetscFunctionBegin;
  PetscCall(DMPlexGetDepthStratum(cl->dm, 0, &vStart, &vEnd));
  for (PetscInt d = 0; d < dim; d++) X[d] = 0;
  PetscCall(DioFEClosureGet_Internal(cl, p, &closure_size, closure));
  for (PetscInt i = 0; i < closure_size; i++) {
    const PetscInt q = closure[2 * i];
    PetscInt       off;
    if (q < vStart || q >= vEnd) continue;
    PetscCall(PetscSectionGetOffset(coord_section, q, &off));
    for (PetscInt d = 0; d < dim; d++) X[d] += PetscRealPart(coords[off + d]);
    count++;
  }
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
  DMLabel  cell_types;

  PetscFunctionBegin;
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  /* counted from the cell-type label's strata (only cells have the types of dimension dim; a lookup per cell was 7 % of
     the set-up), or where DMPlex has not computed the cell types (8 % of the set-up: a fresh serial mesh), from the
     cones of an interpolated mesh: dim + 1 faces a simplex, 2 dim a tensor cell (issue 16) */
  PetscCall(DMGetLabel(dm, "celltype", &cell_types));
  if (cell_types) {
    PetscCall(DMLabelGetStratumSize(cell_types, dim == 2 ? DM_POLYTOPE_QUADRILATERAL : DM_POLYTOPE_HEXAHEDRON, &local[0]));
    PetscCall(DMLabelGetStratumSize(cell_types, dim == 2 ? DM_POLYTOPE_TRIANGLE : DM_POLYTOPE_TETRAHEDRON, &local[1]));
    local[2] = (cEnd - cStart) - local[0] - local[1];
  } else {
    PetscInt depth;
    PetscCall(DMPlexGetDepth(dm, &depth));
    for (PetscInt c = cStart; c < cEnd; c++) {
      PetscInt cone_size;
      PetscCall(DMPlexGetConeSize(dm, c, &cone_size));
      local[depth != dim ? 2 : cone_size == 2 * dim ? 0 : cone_size == dim + 1 ? 1 : 2]++;
    }
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

/* The section SF maps every local dof (leaf) to its owner's entry in the global vector (root). On one rank every dof
   is its own owner: nothing to combine, and no section SF to build (issue 16). */
PetscErrorCode DioSyncLocalDofs_Internal(DM dm, PetscInt values[], MPI_Op op)
{
  PetscSection global_section;
  PetscSF      sf;
  PetscInt     owned_size, *owned;
  PetscMPIInt  size;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(PetscObjectComm((PetscObject)dm), &size));
  if (size == 1) PetscFunctionReturn(0);
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

/* DMLocalToGlobal() (INSERT_VALUES or ADD_VALUES) of a field of dm. On one rank the local and global vectors have one
   layout (no ghosts, no constraints): a copy or a sum, without the section SF DMPlex builds for the scatter (sorting
   its graph was 3 % of a one-rank set-up, issue 16). */
PetscErrorCode DioFELocalToGlobal_Internal(DM dm, Vec local, InsertMode mode, Vec global)
{
  PetscMPIInt size;
  PetscInt    local_size, global_size;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(PetscObjectComm((PetscObject)dm), &size));
  PetscCall(VecGetLocalSize(local, &local_size));
  PetscCall(VecGetLocalSize(global, &global_size));
  if (size > 1 || local_size != global_size || (mode != INSERT_VALUES && mode != ADD_VALUES)) {
    PetscCall(DMLocalToGlobal(dm, local, mode, global));
    PetscFunctionReturn(0);
  }
  if (mode == INSERT_VALUES)
    PetscCall(VecCopy(local, global));
  else
    PetscCall(VecAXPY(global, 1.0, local));
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
  PetscInt     pStart, pEnd, cStart, cEnd, n = 0, *points;
  PetscBT      listed;
  DioFEClosure cl;

  PetscFunctionBegin;
  PetscCall(DioFEClosureCreate_Internal(dm, &cl));
  PetscCall(DMPlexGetChart(dm, &pStart, &pEnd));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(PetscMalloc1(pEnd - pStart, &points));
  PetscCall(PetscBTCreate(pEnd - pStart, &listed));
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscInt closure[2 * DIO_FE_MAX_CLOSURE_POINTS], size;
    PetscCall(DioFEClosureGet_Internal(&cl, c, &size, closure));
    for (PetscInt i = size - 1; i >= 0; i--) { /* the closure lists the cell first, the vertices last */
      const PetscInt q = closure[2 * i] - pStart;
      if (!PetscBTLookupSet(listed, q)) points[n++] = q;
    }
  }
  PetscCall(DioFEClosureDestroy_Internal(&cl));
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

/* A vertex's own coordinates; an edge, face or cell node at the mesh's own node where the mesh carries one (a
   quadratic imported mesh: DioMeshGetNodePositions(), isoparametric cells), else at the centroid of its vertices
   (exact for the multilinear geometry of a Q1 map: straight-sided cells). */
PetscErrorCode DioFENodeCoordinates_Internal(DM dm, DM dm_f, PetscInt dim, PetscReal node_x[])
{
  PetscSection       section, coord_section, mesh_node_section;
  Vec                coords, mesh_nodes;
  const PetscScalar *coord_array, *mesh_node_array = NULL;
  PetscInt           pStart, pEnd, nc, vStart, vEnd, num_mesh_nodes = 0;
  DioFEClosure       cl;

  PetscFunctionBegin;
  PetscCall(DMGetLocalSection(dm_f, &section));
  PetscCall(PetscSectionGetFieldComponents(section, 0, &nc));
  PetscCall(DMGetCoordinatesLocal(dm, &coords));
  PetscCall(DMGetCoordinateSection(dm, &coord_section));
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  {
    /* the vertices must carry the coordinates: DMPlex's Gmsh reader keeps a quadratic mesh's as a field per cell,
       which DioMeshCreateFromGmsh() turns into vertex coordinates and node positions; a DM read otherwise is refused */
    PetscInt missing = 0, missing_global, csStart, csEnd;
    PetscCall(PetscSectionGetChart(coord_section, &csStart, &csEnd));
    for (PetscInt v = vStart; v < vEnd && !missing; v++) {
      PetscInt dof = 0;
      if (v >= csStart && v < csEnd) PetscCall(PetscSectionGetDof(coord_section, v, &dof));
      missing = dof < dim;
    }
    PetscCall(MPIU_Allreduce(&missing, &missing_global, 1, MPIU_INT, MPI_MAX, PetscObjectComm((PetscObject)dm)));
    PetscCheck(!missing_global, PetscObjectComm((PetscObject)dm), PETSC_ERR_SUP,
               "mesh: the vertices carry no coordinates (a quadratic Gmsh mesh read by DMPlex itself, not by "
               "DioMeshCreateFromGmsh(); or read it with straight-sided cells, -dm_plex_gmsh_highorder false)");
  }
  PetscCall(DioMeshGetNodePositions(dm, &mesh_node_section, &mesh_nodes));
  if (mesh_nodes != NULL) PetscCall(VecGetArrayRead(mesh_nodes, &mesh_node_array));
  PetscCall(PetscSectionGetChart(section, &pStart, &pEnd));
  PetscCall(PetscMemzero(&cl, sizeof(cl)));
  PetscCall(VecGetArrayRead(coords, &coord_array));
  for (PetscInt p = pStart; p < pEnd; p++) {
    PetscInt dof, off;
    PetscCall(PetscSectionGetDof(section, p, &dof));
    if (!dof) continue;
    PetscCall(PetscSectionGetOffset(section, p, &off));
    if (p >= vStart && p < vEnd) { /* a vertex: its own coordinates (what its one-point closure gives) */
      PetscInt coord_off;
      PetscCall(PetscSectionGetOffset(coord_section, p, &coord_off));
      for (PetscInt d = 0; d < dim; d++) node_x[off / nc * dim + d] = PetscRealPart(coord_array[coord_off + d]);
      continue;
    }
    if (mesh_node_array != NULL) {
      PetscInt node_dof = 0, node_off, nsStart, nsEnd;
      PetscCall(PetscSectionGetChart(mesh_node_section, &nsStart, &nsEnd));
      if (p >= nsStart && p < nsEnd) PetscCall(PetscSectionGetDof(mesh_node_section, p, &node_dof));
      if (node_dof >= dim) {
        PetscCall(PetscSectionGetOffset(mesh_node_section, p, &node_off));
        for (PetscInt d = 0; d < dim; d++) node_x[off / nc * dim + d] = PetscRealPart(mesh_node_array[node_off + d]);
        num_mesh_nodes++;
        continue;
      }
    }
    if (cl.dm == NULL) PetscCall(DioFEClosureCreate_Internal(dm, &cl)); /* the first node off a vertex (Q2, P2) */
    PetscCall(DioPointCentroid_Internal(&cl, p, coord_section, coord_array, dim, &node_x[off / nc * dim]));
  }
  PetscCall(VecRestoreArrayRead(coords, &coord_array));
  if (mesh_nodes != NULL) PetscCall(VecRestoreArrayRead(mesh_nodes, &mesh_node_array));
  if (mesh_nodes != NULL) PetscCall(PetscInfo(dm, "%" PetscInt_FMT " nodes off the vertices placed at the mesh's own nodes\n", num_mesh_nodes));
  PetscCall(DioFEClosureDestroy_Internal(&cl));
  PetscFunctionReturn(0);
}

/* Simplex closures come in DMPlex's order (the cell's edges, then its vertices; P1: only the vertices). node[k] (k over
   the closure's points that carry dofs) is the point's node in simplex_basis.h's numbering: the vertices in the order
   the closure lists them, then each edge at the position of its pair of vertices (dio_simplex_edge()). */
static PetscErrorCode SimplexClosureNodes(const DioFEClosure *cl, PetscSection section, PetscInt cell, PetscInt dim,
                                          PetscInt num_nodes, PetscInt node[])
{
  DM       dm = cl->dm;
  PetscInt closure[2 * DIO_FE_MAX_CLOSURE_POINTS], size, vStart, vEnd, vertices[4], num_vertices = 0, k = 0;

  PetscFunctionBegin;
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  PetscCall(DioFEClosureGet_Internal(cl, cell, &size, closure));
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

/* The values of label on the cells [cStart, cEnd) of dm, value[c - cStart] (the label's default where unset,
   default_value without a label; a cell in several strata gets the first, as DMLabelGetValue()), stratum by stratum
   instead of a lookup per cell. */
PetscErrorCode DioFECellLabelValues_Internal(DM dm, DMLabel label, PetscInt default_value, PetscInt value[])
{
  PetscInt        cStart, cEnd, num_values = 0;
  IS              values_is = NULL;
  const PetscInt *values    = NULL;

  PetscFunctionBegin;
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  for (PetscInt c = 0; c < cEnd - cStart; c++) value[c] = PETSC_MIN_INT;
  if (label) {
    PetscCall(DMLabelGetDefaultValue(label, &default_value));
    PetscCall(DMLabelGetValueIS(label, &values_is));
    PetscCall(ISGetLocalSize(values_is, &num_values));
    PetscCall(ISGetIndices(values_is, &values));
  }
  for (PetscInt v = 0; v < num_values; v++) {
    IS              stratum;
    const PetscInt *points;
    PetscInt        n;
    PetscCall(DMLabelGetStratumIS(label, values[v], &stratum));
    if (!stratum) continue;
    PetscCall(ISGetLocalSize(stratum, &n));
    PetscCall(ISGetIndices(stratum, &points));
    for (PetscInt i = 0; i < n; i++)
      if (points[i] >= cStart && points[i] < cEnd && value[points[i] - cStart] == PETSC_MIN_INT) value[points[i] - cStart] = values[v];
    PetscCall(ISRestoreIndices(stratum, &points));
    PetscCall(ISDestroy(&stratum));
  }
  if (label) {
    PetscCall(ISRestoreIndices(values_is, &values));
    PetscCall(ISDestroy(&values_is));
  }
  for (PetscInt c = 0; c < cEnd - cStart; c++)
    if (value[c] == PETSC_MIN_INT) value[c] = default_value;
  PetscFunctionReturn(0);
}

/* The local dofs of the closure of cell, in closure order (before the closure permutation), from the local offset of
   every point (point_offset[p - pStart], -1 where the point has no dof); *n of them. */
static PetscErrorCode ClosureDofs(const DioFEClosure *cl, PetscInt cell, PetscInt pStart, const PetscInt point_offset[],
                                  PetscInt nc, PetscInt max_dofs, PetscInt dofs[], PetscInt *n)
{
  PetscInt closure[2 * DIO_FE_MAX_CLOSURE_POINTS], size;

  PetscFunctionBegin;
  *n = 0;
  PetscCall(DioFEClosureGet_Internal(cl, cell, &size, closure));
  for (PetscInt i = 0; i < size; i++) {
    const PetscInt off = point_offset[closure[2 * i] - pStart];
    if (off < 0) continue;
    PetscCheck(*n + nc <= max_dofs, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cell %" PetscInt_FMT ": more than %" PetscInt_FMT " dofs in its closure", cell,
               max_dofs);
    for (PetscInt k = 0; k < nc; k++) dofs[(*n)++] = off + k;
  }
  PetscFunctionReturn(0);
}

/* perm[j] = the position in the closure order (ClosureDofs) of the j-th dof that DMPlexGetClosureIndices() gives (with
   the closure permutation of the section: tensor order on tensor cells). The permutation depends only on the closure's
   size, the same for every cell of one type; check = PETSC_TRUE only compares perm with what the cell gives. */
static PetscErrorCode ClosurePermutation(DM dm_f, PetscSection local_section, PetscInt cell, PetscInt ndof, const PetscInt raw[], PetscBool check,
                                         PetscInt perm[])
{
  PetscInt n, *idx = NULL;

  PetscFunctionBegin;
  PetscCall(DMPlexGetClosureIndices(dm_f, local_section, local_section, cell, PETSC_TRUE, &n, &idx, NULL, NULL));
  PetscCheck(n == ndof, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cell %" PetscInt_FMT ": closure has %" PetscInt_FMT " dofs, expected %" PetscInt_FMT, cell, n,
             ndof);
  for (PetscInt j = 0; j < ndof; j++) {
    PetscInt found = -1;
    for (PetscInt i = 0; i < ndof && found < 0; i++)
      if (raw[i] == idx[j]) found = i;
    PetscCheck(found >= 0 && (!check || found == perm[j]), PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "cell %" PetscInt_FMT ": its closure is not in the order of the first cell's", cell);
    perm[j] = found;
  }
  PetscCall(DMPlexRestoreClosureIndices(dm_f, local_section, local_section, cell, PETSC_TRUE, &n, &idx, NULL, NULL));
  PetscFunctionReturn(0);
}

/* idx[ndof] must be what DMPlexGetClosureIndices() gives for cell. */
static PetscErrorCode CheckClosureIndices(DM dm_f, PetscSection local_section, PetscInt cell, PetscInt ndof, const PetscInt idx[])
{
  PetscInt n, *closure_idx = NULL;

  PetscFunctionBegin;
  PetscCall(DMPlexGetClosureIndices(dm_f, local_section, local_section, cell, PETSC_TRUE, &n, &closure_idx, NULL, NULL));
  PetscCheck(n == ndof, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cell %" PetscInt_FMT ": closure has %" PetscInt_FMT " dofs, expected %" PetscInt_FMT, cell, n, ndof);
  for (PetscInt j = 0; j < ndof; j++)
    PetscCheck(idx[j] == closure_idx[j], PETSC_COMM_SELF, PETSC_ERR_PLIB, "cell %" PetscInt_FMT ": its vertices from the cones are not in DMPlex's closure order",
               cell);
  PetscCall(DMPlexRestoreClosureIndices(dm_f, local_section, local_section, cell, PETSC_TRUE, &n, &closure_idx, NULL, NULL));
  PetscFunctionReturn(0);
}

/* The vertices of quadrilateral q in DMPlex's closure order (q's own orientation 0): the first vertex of each of its
   oriented edges; with orientation o, in the order of DMPolytopeTypeGetVertexArrangment(). */
static PetscErrorCode QuadVertices(DM dm, PetscInt q, PetscInt o, PetscInt v[4])
{
  const PetscInt *cone, *ornt, *arrangement;
  PetscInt        own[4];

  PetscFunctionBegin;
  PetscCall(DMPlexGetCone(dm, q, &cone));
  PetscCall(DMPlexGetConeOrientation(dm, q, &ornt));
  for (PetscInt i = 0; i < 4; i++) {
    const PetscInt *ends;
    PetscCall(DMPlexGetCone(dm, cone[i], &ends));
    own[i] = ornt[i] >= 0 ? ends[0] : ends[1];
  }
  arrangement = DMPolytopeTypeGetVertexArrangment(DM_POLYTOPE_QUADRILATERAL, o);
  for (PetscInt i = 0; i < 4; i++) v[i] = own[arrangement[i]];
  PetscFunctionReturn(0);
}

/* The vertices of a tensor cell (quadrilateral or hexahedron: bottom face, then top face, DMPlex's closure order)
   from the cones alone: no closure, no cell types (issue 16: DMPlex's closures and the cell types they need were
   a third of the Q1 set-up). DioFECellMaps_Internal() compares the result with DMPlexGetClosureIndices() on every
   cell of a small mesh (every test mesh). */
static PetscErrorCode TensorCellVertices(DM dm, PetscInt dim, PetscInt cell, PetscInt v[8])
{
  PetscFunctionBegin;
  if (dim == 2) PetscCall(QuadVertices(dm, cell, 0, v));
  else {
    const PetscInt *cone, *ornt;
    PetscCall(DMPlexGetCone(dm, cell, &cone));
    PetscCall(DMPlexGetConeOrientation(dm, cell, &ornt));
    PetscCall(QuadVertices(dm, cone[0], ornt[0], &v[0]));
    PetscCall(QuadVertices(dm, cone[1], ornt[1], &v[4]));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioFECellMaps_Internal(DM dm, DM dm_f, PetscInt dim, PetscInt dofs_per_cell, PetscInt num_layers, const PetscReal node_x[],
                                      PetscInt cell_local_dofs[], PetscInt cell_global_dofs[], PetscReal cell_nodes[], PetscInt cell_layer[], PetscInt *bad_layer)
{
  PetscSection local_section, global_section;
  DMLabel      layer_label;
  PetscInt     cStart, cEnd, pStart, pEnd, nc, ndof = dofs_per_cell, bad = -1, local_size, *local_to_global, *point_offset, node[DIO_MAX_NODES],
           perm[DIO_MAX_ELEMENT_DOFS], raw[DIO_MAX_ELEMENT_DOFS], idx[DIO_MAX_ELEMENT_DOFS];
  PetscBool    simplex, q1_cones;
  DioFEClosure cl;

  PetscFunctionBegin;
  PetscCheck(ndof <= DIO_MAX_ELEMENT_DOFS, PETSC_COMM_SELF, PETSC_ERR_PLIB, "%" PetscInt_FMT " dofs per cell: at most %d", ndof, DIO_MAX_ELEMENT_DOFS);
  PetscCall(DioFEIsSimplex_Internal(dm, &simplex));
  PetscCall(DMGetLocalSection(dm_f, &local_section));
  PetscCall(DMGetGlobalSection(dm_f, &global_section));
  PetscCall(PetscSectionGetFieldComponents(local_section, 0, &nc));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(DMGetLabel(dm, DIO_LABEL_LAYER, &layer_label));
  /* the global index of every local dof, point by point (a ghost point's global offset is stored as -(offset + 1);
     no section constraints here), and the local offset of every point: one closure per cell, read directly instead of
     through DMPlexGetClosureIndices() (issue 16: the closures were 83 % of DioElasticitySetUp, then half of it) */
  PetscCall(PetscSectionGetStorageSize(local_section, &local_size));
  PetscCall(PetscSectionGetChart(local_section, &pStart, &pEnd));
  PetscCall(PetscMalloc2(local_size, &local_to_global, pEnd - pStart, &point_offset));
  for (PetscInt p = pStart; p < pEnd; p++) {
    PetscInt dof, loff, goff;
    point_offset[p - pStart] = -1;
    PetscCall(PetscSectionGetDof(local_section, p, &dof));
    if (!dof) continue;
    PetscCall(PetscSectionGetOffset(local_section, p, &loff));
    PetscCall(PetscSectionGetOffset(global_section, p, &goff));
    if (goff < 0) goff = -(goff + 1);
    point_offset[p - pStart] = loff;
    for (PetscInt k = 0; k < dof; k++) local_to_global[loff + k] = goff + k;
  }
  {
    PetscInt depth;
    PetscCall(DMPlexGetDepth(dm, &depth));
    /* Q1 on an interpolated tensor mesh: the vertices from the cones, in the tensor order of DMPlexSetClosurePermutationTensor() */
    q1_cones = (PetscBool)(!simplex && depth == dim && ndof == (dim == 2 ? 4 : 8) * nc);
  }
  /* the other elements read each cell's closure (without DMPlex's cell-type lookups: fe_closure.c) */
  if (q1_cones)
    PetscCall(PetscMemzero(&cl, sizeof(cl)));
  else
    PetscCall(DioFEClosureCreate_Internal(dm_f, &cl));
  for (PetscInt c = 0; c < cEnd - cStart; c++) {
    const PetscInt cell = cStart + c;
    PetscInt       n;

    if (q1_cones) {
      /* lexicographic node k is DMPlex's closure vertex tensor[k] (a hexahedron's bottom face is seen from inside) */
      static const PetscInt quad_tensor[4] = {0, 1, 3, 2}, hex_tensor[8] = {0, 3, 1, 2, 4, 5, 7, 6};
      const PetscInt       *tensor         = dim == 2 ? quad_tensor : hex_tensor;
      PetscInt              v[8];
      PetscCall(TensorCellVertices(dm_f, dim, cell, v));
      for (PetscInt k = 0; k < ndof / nc; k++) {
        const PetscInt off = point_offset[v[tensor[k]] - pStart];
        PetscCheck(off >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cell %" PetscInt_FMT ": a vertex without dofs", cell);
        for (PetscInt i = 0; i < nc; i++) idx[k * nc + i] = off + i;
      }
      /* every cell of a small mesh (every test mesh) checked against DMPlex's closure */
      if (cEnd - cStart <= DIO_FE_CHECK_CLOSURES_MAX_CELLS) PetscCall(CheckClosureIndices(dm_f, local_section, cell, ndof, idx));
    } else {
      PetscCall(ClosureDofs(&cl, cell, pStart, point_offset, nc, DIO_MAX_ELEMENT_DOFS, raw, &n));
      PetscCheck(n == ndof, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cell %" PetscInt_FMT ": closure has %" PetscInt_FMT " dofs, expected %" PetscInt_FMT, cell, n,
                 ndof);
      /* the first cell gives the closure permutation; every 1024th is checked against DMPlexGetClosureIndices() */
      if (c == 0 || c % 1024 == 0) PetscCall(ClosurePermutation(dm_f, local_section, cell, ndof, raw, (PetscBool)(c > 0), perm));
      for (PetscInt j = 0; j < ndof; j++) idx[j] = raw[perm[j]];
    }
    if (simplex) PetscCall(SimplexClosureNodes(&cl, local_section, cell, dim, ndof / nc, node));
    CopyClosureDofs(ndof, nc, simplex ? node : NULL, idx, &cell_local_dofs[c * ndof]);
    /* the global rows in the same (kernel) order as the local ones */
    for (PetscInt i = 0; i < ndof; i++) cell_global_dofs[c * ndof + i] = local_to_global[cell_local_dofs[c * ndof + i]];
    /* node a's components are the closure entries a * nc .. a * nc + nc - 1 */
    for (PetscInt a = 0; a < ndof / nc; a++)
      for (PetscInt d = 0; d < dim; d++) cell_nodes[(c * (ndof / nc) + a) * dim + d] = node_x[cell_local_dofs[c * ndof + a * nc] / nc * dim + d];
  }
  PetscCall(PetscFree2(local_to_global, point_offset));
  PetscCall(DioFEClosureDestroy_Internal(&cl));
  PetscCall(DioFECellLabelValues_Internal(dm, layer_label, 0, cell_layer));
  for (PetscInt c = 0; c < cEnd - cStart; c++) {
    if (cell_layer[c] < 0) cell_layer[c] = 0;
    if (cell_layer[c] >= num_layers && bad < 0) bad = cell_layer[c];
  }
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

/* Mark the nodes of p and of every point below it (its cones, recursively; each point may be reached more than once):
   no closure, so no cell types (issue 16). */
static PetscErrorCode MarkPointNodes(DM dm, PetscSection section, PetscInt p, PetscInt nc, const PetscBool component_mask[], PetscInt value, PetscInt local[])
{
  const PetscInt *cone;
  PetscInt        dof, cone_size;

  PetscFunctionBegin;
  PetscCall(PetscSectionGetDof(section, p, &dof));
  if (dof) {
    PetscInt off;
    PetscCall(PetscSectionGetOffset(section, p, &off));
    for (PetscInt k = 0; k < nc; k++)
      if (component_mask[k]) local[off + k] = PetscMax(local[off + k], value);
  }
  PetscCall(DMPlexGetConeSize(dm, p, &cone_size));
  PetscCall(DMPlexGetCone(dm, p, &cone));
  for (PetscInt i = 0; i < cone_size; i++) PetscCall(MarkPointNodes(dm, section, cone[i], nc, component_mask, value, local));
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
  for (PetscInt f = 0; f < num_faces; f++) PetscCall(MarkPointNodes(dm, section, face_points[f], nc, component_mask, value, local));
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
   setters: DIO_BOUNDARY_MAX). */
PetscErrorCode DioFECheckBoundaryId_Internal(PetscInt boundary_id, PetscInt max_id)
{
  PetscFunctionBegin;
  PetscCheck(boundary_id >= 1 && boundary_id <= max_id, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "boundary id %" PetscInt_FMT " not in [1, %" PetscInt_FMT "]",
             boundary_id, max_id);
  PetscFunctionReturn(0);
}

/* The coordinates (m) of the nodes of the scalar field on dm_f that this rank owns, dim per node, in the order of the
   field's global vector: the keys by which a checkpoint's values are found again on any number of ranks. Collective.
   Destroy *coords with VecDestroy(). */
PetscErrorCode DioFECreateNodeCoordinates_Internal(DM dm, DM dm_f, PetscInt dim, Vec *coords)
{
  PetscSection section, global_section;
  PetscReal   *node_x;
  PetscScalar *array;
  PetscInt     pStart, pEnd, local_size, start, n_owned;
  Vec          v;

  PetscFunctionBegin;
  PetscCall(DMGetLocalSection(dm_f, &section));
  PetscCall(DMGetGlobalSection(dm_f, &global_section));
  PetscCall(PetscSectionGetStorageSize(section, &local_size));
  PetscCall(PetscMalloc1((local_size + 1) * dim, &node_x));
  PetscCall(DioFENodeCoordinates_Internal(dm, dm_f, dim, node_x));
  PetscCall(DMGetGlobalVector(dm_f, &v));
  PetscCall(VecGetOwnershipRange(v, &start, NULL));
  PetscCall(VecGetLocalSize(v, &n_owned));
  PetscCall(DMRestoreGlobalVector(dm_f, &v));
  PetscCall(VecCreateMPI(PetscObjectComm((PetscObject)dm), dim * n_owned, PETSC_DETERMINE, coords));
  PetscCall(VecSetBlockSize(*coords, dim));
  PetscCall(VecGetArray(*coords, &array));
  PetscCall(PetscSectionGetChart(section, &pStart, &pEnd));
  for (PetscInt pt = pStart; pt < pEnd; pt++) {
    PetscInt dof, off, goff;
    PetscCall(PetscSectionGetDof(section, pt, &dof));
    if (!dof) continue;
    PetscCall(PetscSectionGetOffset(global_section, pt, &goff));
    if (goff < 0) continue; /* a ghost: owned elsewhere */
    PetscCall(PetscSectionGetOffset(section, pt, &off));
    for (PetscInt d = 0; d < dim; d++) array[(goff - start) * dim + d] = node_x[off * dim + d];
  }
  PetscCall(VecRestoreArray(*coords, &array));
  PetscCall(PetscFree(node_x));
  PetscFunctionReturn(0);
}
