/* SPDX-License-Identifier: BSD-2-Clause
   gmsh.c: a Gmsh mesh (.msh 2.2 or 4.1, ASCII or binary) read by DMPlex's reader, its named physical groups turned
   into diomede's labels (cell groups -> "layer" ids, face groups -> "Face Sets" ids), checked (cell types, every cell
   in a group, no inverted or degenerate cell) on rank 0 and distributed like the built-in meshes. */
#include <stdlib.h>
#include <string.h>
#include <petscviewer.h>
#include <petscsf.h>
#include "dio_mesh.h"
#include "mesh_impl.h"

/* Labels the reader makes that are no physical group. */
static PetscBool IsReaderLabel(const char name[])
{
  return (PetscBool)(!strcmp(name, "depth") || !strcmp(name, "celltype"));
}

/* A physical group's name becomes a case-file key (-materials_<name>_..., -boundaries_<name>_...): letters, digits and
   underscores only. */
static PetscBool IsKeyName(const char name[])
{
  if (!name[0]) return PETSC_FALSE;
  for (const char *c = name; *c; c++) {
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_'))
      return PETSC_FALSE;
  }
  return PETSC_TRUE;
}

/* Read the file on rank 0 with PETSc's Gmsh reader: the -dm_plex_gmsh_* options come from -mesh_dm_plex_gmsh_* (a
   private options database pushed for the call, so the reader's unprefixed options never clash with the user's), with
   -dm_plex_gmsh_use_regions false: the labels "Cell Sets" and "Face Sets" hold the physical tags, which
   ConvertRegions() maps to the names of the file's $PhysicalNames itself. */
static PetscErrorCode ReadGmsh(MPI_Comm comm, const char path[], DM *dm)
{
  PetscOptions reader_options;
  const char  *forwarded[] = {"spacedim", "periodic", "mark_vertices", "multiple_tags", "hybrid"};
  PetscBool    exists      = PETSC_FALSE;
  PetscMPIInt  rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) PetscCall(PetscTestFile(path, 'r', &exists));
  PetscCallMPI(MPI_Bcast(&exists, 1, MPIU_BOOL, 0, comm));
  PetscCheck(exists, comm, PETSC_ERR_FILE_OPEN, "-mesh_file '%s': cannot open the file", path);
  PetscCall(PetscOptionsCreate(&reader_options));
  PetscCall(PetscOptionsSetValue(reader_options, "-dm_plex_gmsh_use_regions", "false"));
  for (size_t k = 0; k < sizeof(forwarded) / sizeof(forwarded[0]); k++) {
    char      key[128], value[256];
    PetscBool set;
    PetscCall(PetscSNPrintf(key, sizeof(key), "-mesh_dm_plex_gmsh_%s", forwarded[k]));
    PetscCall(PetscOptionsGetString(NULL, NULL, key, value, sizeof(value), &set));
    if (set) PetscCall(PetscOptionsSetValue(reader_options, key + 5, value[0] ? value : NULL));
  }
  PetscCall(PetscOptionsPush(reader_options));
  PetscCall(DMPlexCreateFromFile(comm, path, "mesh", PETSC_TRUE, dm));
  PetscCall(PetscOptionsPop());
  PetscCall(PetscOptionsDestroy(&reader_options));
  PetscFunctionReturn(0);
}

/* Jacobian determinants at the corners of a tensor cell whose vertices x[][cdim] are in lexicographic order (x
   fastest): the derivative of the multilinear map along each reference direction at that corner. */
static void TensorCornerDeterminants(PetscInt dim, PetscInt cdim, const PetscScalar *x, PetscReal det[])
{
  const PetscInt nc = dim == 2 ? 4 : 8;
  for (PetscInt corner = 0; corner < nc; corner++) {
    PetscReal J[3][3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    for (PetscInt d = 0; d < dim; d++) {
      const PetscInt bit = 1 << d, low = corner & ~bit, high = corner | bit;
      for (PetscInt k = 0; k < dim && k < cdim; k++) J[k][d] = PetscRealPart(x[high * cdim + k] - x[low * cdim + k]);
    }
    if (dim == 2)
      det[corner] = J[0][0] * J[1][1] - J[0][1] * J[1][0];
    else
      det[corner] = J[0][0] * (J[1][1] * J[2][2] - J[1][2] * J[2][1]) -
                    J[0][1] * (J[1][0] * J[2][2] - J[1][2] * J[2][0]) +
                    J[0][2] * (J[1][0] * J[2][1] - J[1][1] * J[2][0]);
  }
}

/* Determinant of a simplex's edge vectors (vertices x[][cdim] in closure order). */
static PetscReal SimplexDeterminant(PetscInt dim, PetscInt cdim, const PetscScalar *x)
{
  PetscReal e[3][3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
  for (PetscInt v = 0; v < dim; v++) {
    for (PetscInt k = 0; k < dim && k < cdim; k++) e[v][k] = PetscRealPart(x[(v + 1) * cdim + k] - x[k]);
  }
  if (dim == 2) return e[0][0] * e[1][1] - e[0][1] * e[1][0];
  return e[0][0] * (e[1][1] * e[2][2] - e[1][2] * e[2][1]) - e[0][1] * (e[1][0] * e[2][2] - e[1][2] * e[2][0]) +
         e[0][2] * (e[1][0] * e[2][1] - e[1][1] * e[2][0]);
}

/* On rank 0 (the whole mesh): one cell type, and no cell whose corner Jacobians change sign (inverted, folded) or
   vanish against its size (degenerate: below 1e-10 of its bounding box's measure). The first bad cell goes into
   message (empty: all good). */
static PetscErrorCode CheckCells(DM dm, DMPolytopeType *cell_type, char message[], size_t size)
{
  Vec          coordinates;
  PetscSection coordinate_section, tensor_section;
  PetscInt     dim, cdim, cStart, cEnd;

  PetscFunctionBegin;
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DMGetCoordinateDim(dm, &cdim));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  *cell_type = DM_POLYTOPE_UNKNOWN;
  if (cEnd == cStart) PetscFunctionReturn(0);
  PetscCall(DMPlexGetCellType(dm, cStart, cell_type));
  for (PetscInt c = cStart; c < cEnd; c++) {
    DMPolytopeType type;
    PetscCall(DMPlexGetCellType(dm, c, &type));
    if (type != *cell_type) {
      PetscCall(PetscSNPrintf(message, size, "mixed cell types (%s and %s): one type per mesh",
                              DMPolytopeTypes[*cell_type], DMPolytopeTypes[type]));
      PetscFunctionReturn(0);
    }
  }
  PetscCheck(*cell_type == DM_POLYTOPE_QUADRILATERAL || *cell_type == DM_POLYTOPE_HEXAHEDRON ||
                 *cell_type == DM_POLYTOPE_TRIANGLE || *cell_type == DM_POLYTOPE_TETRAHEDRON,
             PETSC_COMM_SELF, PETSC_ERR_SUP, "unexpected cell type %s", DMPolytopeTypes[*cell_type]);
  /* the tensor closure permutation, on a copy of the coordinate section, lists a quad's or hexahedron's vertices
     lexicographically */
  PetscCall(DMGetCoordinatesLocal(dm, &coordinates));
  PetscCall(DMGetCoordinateSection(dm, &coordinate_section));
  /* on PETSC_COMM_SELF: an object made on the mesh's communicator takes a tag there on rank 0 alone */
  PetscCall(PetscSectionCreate(PETSC_COMM_SELF, &tensor_section));
  PetscCall(PetscSectionCopy(coordinate_section, tensor_section));
  if (*cell_type == DM_POLYTOPE_QUADRILATERAL || *cell_type == DM_POLYTOPE_HEXAHEDRON)
    PetscCall(DMPlexSetClosurePermutationTensor(dm, PETSC_DETERMINE, tensor_section));
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscScalar *x = NULL;
    PetscReal    det[8], lo[3] = {PETSC_MAX_REAL, PETSC_MAX_REAL, PETSC_MAX_REAL},
                      hi[3] = {-PETSC_MAX_REAL, -PETSC_MAX_REAL, -PETSC_MAX_REAL};
    PetscReal measure = 1, det_min = PETSC_MAX_REAL, det_max = -PETSC_MAX_REAL, centroid[3] = {0, 0, 0};
    PetscInt  n, nv, ndet;
    PetscCall(DMPlexVecGetClosure(dm, tensor_section, coordinates, c, &n, &x));
    nv = n / cdim;
    for (PetscInt v = 0; v < nv; v++) {
      for (PetscInt k = 0; k < cdim; k++) {
        const PetscReal xk = PetscRealPart(x[v * cdim + k]);
        lo[k]              = PetscMin(lo[k], xk);
        hi[k]              = PetscMax(hi[k], xk);
        centroid[k] += xk / nv;
      }
    }
    for (PetscInt k = 0; k < dim; k++) measure *= hi[k] - lo[k];
    if (nv == dim + 1) {
      det[0] = SimplexDeterminant(dim, cdim, x);
      ndet   = 1;
    } else {
      TensorCornerDeterminants(dim, cdim, x, det);
      ndet = nv;
    }
    PetscCall(DMPlexVecRestoreClosure(dm, tensor_section, coordinates, c, &n, &x));
    for (PetscInt k = 0; k < ndet; k++) {
      det_min = PetscMin(det_min, det[k]);
      det_max = PetscMax(det_max, det[k]);
    }
    if (PetscMin(PetscAbsReal(det_min), PetscAbsReal(det_max)) <= 1e-10 * measure || (det_min < 0 && det_max > 0)) {
      PetscCall(PetscSNPrintf(message, size, "%s cell %" PetscInt_FMT " at (%g, %g, %g) m: its Jacobian %s",
                              (det_min < 0 && det_max > 0) ? "inverted" : "degenerate", c - cStart, (double)centroid[0],
                              (double)centroid[1], cdim > 2 ? (double)centroid[2] : 0.0,
                              (det_min < 0 && det_max > 0) ? "changes sign inside it (a folded cell)"
                                                           : "vanishes (collapsed vertices or a zero-area cell)"));
      break;
    }
  }
  PetscCall(PetscSectionDestroy(&tensor_section));
  PetscFunctionReturn(0);
}

/* Sorts points by coordinates (x, then y, then z) for the lookup of EdgesToPoints(). */
typedef struct {
  PetscReal x[3];
  PetscInt  point;
} VertexByPosition;

static int CompareVertices(const void *a, const void *b)
{
  const VertexByPosition *u = (const VertexByPosition *)a, *v = (const VertexByPosition *)b;
  for (int d = 0; d < 3; d++) {
    if (u->x[d] < v->x[d]) return -1;
    if (u->x[d] > v->x[d]) return 1;
  }
  return 0;
}

/* The vertex at x (within tol in every coordinate) among sorted[n], or -1. */
static PetscInt FindVertex(const VertexByPosition sorted[], PetscInt n, const PetscReal x[], PetscReal tol)
{
  PetscInt lo = 0, hi = n;
  while (lo < hi) { /* first entry with x0 >= x[0] - tol */
    const PetscInt mid = (lo + hi) / 2;
    if (sorted[mid].x[0] < x[0] - tol)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (PetscInt k = lo; k < n && sorted[k].x[0] <= x[0] + tol; k++) {
    if (PetscAbsReal(sorted[k].x[1] - x[1]) <= tol && PetscAbsReal(sorted[k].x[2] - x[2]) <= tol)
      return sorted[k].point;
  }
  return -1;
}

/* On rank 0, a 3D mesh: the mesh edges of the line elements of physical group `tag` (named `name`; format 2.2 or 4.1,
   read by gmsh_edges.c), found by their end points' coordinates, get DIO_LABEL_BOUNDARY = id. */
static PetscErrorCode LabelEdges(DM dm, const char path[], const DioGmshGroups *groups, PetscInt g, DMLabel target,
                                 PetscInt id, char message[], size_t size)
{
  Vec                coordinates;
  PetscSection       coordinate_section;
  const PetscScalar *x;
  PetscInt           vStart, vEnd, cdim, num_edges = 0;
  PetscReal         *ends = NULL, lo[3] = {PETSC_MAX_REAL, PETSC_MAX_REAL, PETSC_MAX_REAL},
            hi[3] = {-PETSC_MAX_REAL, -PETSC_MAX_REAL, -PETSC_MAX_REAL}, tol = 0;
  VertexByPosition *sorted;

  PetscFunctionBegin;
  if (PetscAbsReal(groups->version - 2.2) > 0.05 && PetscAbsReal(groups->version - 4.1) > 0.05) {
    PetscCall(PetscSNPrintf(message, size,
                            "physical group '%s' names edges (dimension 1) of a 3D mesh: diomede reads them from "
                            "formats 2.2 and 4.1 (gmsh -format msh22 or msh41); this file is %g",
                            groups->name[g], (double)groups->version));
    PetscFunctionReturn(0);
  }
  PetscCall(DioGmshReadEdges_Internal(path, groups, groups->tag[g], &num_edges, &ends, message, size));
  if (message[0]) PetscFunctionReturn(0);
  PetscCall(DMGetCoordinateDim(dm, &cdim));
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  PetscCall(DMGetCoordinatesLocal(dm, &coordinates));
  PetscCall(DMGetCoordinateSection(dm, &coordinate_section));
  PetscCall(VecGetArrayRead(coordinates, &x));
  PetscCall(PetscMalloc1(vEnd - vStart + 1, &sorted));
  for (PetscInt v = 0; v < vEnd - vStart; v++) {
    PetscInt off;
    PetscCall(PetscSectionGetOffset(coordinate_section, vStart + v, &off));
    sorted[v].point = vStart + v;
    for (PetscInt d = 0; d < 3; d++) {
      sorted[v].x[d] = d < cdim ? PetscRealPart(x[off + d]) : 0.0;
      lo[d]          = PetscMin(lo[d], sorted[v].x[d]);
      hi[d]          = PetscMax(hi[d], sorted[v].x[d]);
    }
  }
  PetscCall(VecRestoreArrayRead(coordinates, &x));
  for (PetscInt d = 0; d < 3; d++) tol = PetscMax(tol, 1e-9 * (hi[d] - lo[d])); /* Gmsh writes 16 digits */
  qsort(sorted, (size_t)(vEnd - vStart), sizeof(*sorted), CompareVertices);
  for (PetscInt e = 0; e < num_edges && !message[0]; e++) {
    const PetscReal *a = &ends[6 * e], *b = &ends[6 * e + 3];
    PetscInt         pair[2], join_size;
    const PetscInt  *join;
    PetscBool        found = PETSC_FALSE;
    pair[0]                = FindVertex(sorted, vEnd - vStart, a, tol);
    pair[1]                = FindVertex(sorted, vEnd - vStart, b, tol);
    if (pair[0] >= 0 && pair[1] >= 0) {
      PetscCall(DMPlexGetJoin(dm, 2, pair, &join_size, &join));
      found = (PetscBool)(join_size == 1);
      if (found) PetscCall(DMLabelSetValue(target, join[0], id));
      PetscCall(DMPlexRestoreJoin(dm, 2, pair, &join_size, &join));
    }
    if (!found)
      PetscCall(PetscSNPrintf(
          message, size,
          "physical group '%s': the line from (%g, %g, %g) to (%g, %g, %g) m is no edge of the mesh's cells",
          groups->name[g], (double)a[0], (double)a[1], (double)a[2], (double)b[0], (double)b[1], (double)b[2]));
  }
  PetscCall(PetscFree(sorted));
  PetscCall(PetscFree(ends));
  PetscFunctionReturn(0);
}

/* On rank 0: the physical groups of the file (its $PhysicalNames, read by gmsh_groups.c) sorted into layers (groups of
   cells: the reader's "Cell Sets" stratum of their tag) and boundaries (groups of faces: the stratum of the reader's
   face label `reader_faces`; in 3D also groups of edges, see LabelEdges()), and the labels DIO_LABEL_LAYER (value =
   layer index) and DIO_LABEL_BOUNDARY (value = boundary index + 1) set from them. Groups are matched by dimension and
   tag, not through the reader's region labels: PETSc 3.18's put the faces of one group into the label of another when
   a volume's tag preceded the face tags (tests/verification/data/tag_order_box.geo). The first problem goes into
   message. */
static PetscErrorCode ConvertRegions(DM dm, const char path[], DMLabel reader_faces, DioMeshRegions *regions,
                                     char message[], size_t size)
{
  PetscInt      dim, cStart, cEnd, unlabelled = -1;
  DMLabel       layer_label, boundary_label, reader_cells;
  DioGmshGroups groups;

  PetscFunctionBegin;
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(DMGetLabel(dm, DIO_LABEL_LAYER, &layer_label));
  PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &boundary_label));
  PetscCall(DMGetLabel(dm, "Cell Sets", &reader_cells));
  PetscCall(DioGmshReadPhysicalNames_Internal(path, &groups, message, size));
  for (PetscInt g = 0; g < groups.num && !message[0]; g++) {
    const char    *name     = groups.name[g];
    PetscBool      is_layer = (PetscBool)(groups.dim[g] == dim);
    char        ***list     = is_layer ? &regions->layer_names : &regions->boundary_names;
    PetscInt      *count    = is_layer ? &regions->num_layers : &regions->num_boundaries;
    const PetscInt id       = is_layer ? regions->num_layers : regions->num_boundaries + 1;
    if (!IsKeyName(name)) {
      PetscCall(PetscSNPrintf(
          message, size,
          "physical group '%s': a name may hold only letters, digits and underscores (it becomes a case-file key)",
          name));
      break;
    }
    if (groups.dim[g] < dim - 1 && !(dim == 3 && groups.dim[g] == 1)) {
      PetscCall(PetscSNPrintf(message, size,
                              "physical group '%s' holds elements of dimension %" PetscInt_FMT " in a %" PetscInt_FMT
                              "D mesh: name only cells (dimension %" PetscInt_FMT
                              ", materials), faces (dimension %" PetscInt_FMT ", boundaries)%s",
                              name, groups.dim[g], dim, dim, dim - 1,
                              dim == 3 ? " and edges (dimension 1, boundaries)" : ""));
      break;
    }
    if (groups.dim[g] > dim) {
      PetscCall(PetscSNPrintf(message, size,
                              "physical group '%s' has dimension %" PetscInt_FMT " in a %" PetscInt_FMT "D mesh", name,
                              groups.dim[g], dim));
      break;
    }
    for (PetscInt k = 0; k < *count; k++) {
      PetscBool same;
      PetscCall(PetscStrcasecmp((*list)[k], name, &same));
      if (same)
        PetscCall(PetscSNPrintf(
            message, size, "physical groups '%s' and '%s' differ only in case (case-file keys ignore it): rename one",
            (*list)[k], name));
    }
    if (!is_layer && *count >= DIO_BOUNDARY_MAX)
      PetscCall(
          PetscSNPrintf(message, size, "physical group '%s': more than %d named boundaries", name, DIO_BOUNDARY_MAX));
    if (message[0]) break;
    PetscCall(PetscRealloc(sizeof(char *) * (size_t)(*count + 1), list));
    PetscCall(PetscStrallocpy(name, &(*list)[(*count)++]));
    if (groups.dim[g] == dim || groups.dim[g] == dim - 1) {
      DMLabel source = is_layer ? reader_cells : reader_faces;
      IS      points = NULL;
      if (source) PetscCall(DMLabelGetStratumIS(source, groups.tag[g], &points));
      if (points) PetscCall(DMLabelSetStratumIS(is_layer ? layer_label : boundary_label, id, points));
      PetscCall(ISDestroy(&points));
    } else
      PetscCall(LabelEdges(dm, path, &groups, g, boundary_label, id, message, size));
  }
  PetscCall(DioGmshGroupsDestroy_Internal(&groups));
  /* every cell in exactly one named group of cells */
  for (PetscInt c = cStart; c < cEnd && !message[0] && unlabelled < 0; c++) {
    PetscInt value;
    PetscCall(DMLabelGetValue(layer_label, c, &value));
    if (value < 0) unlabelled = c;
  }
  if (!message[0] && regions->num_layers == 0)
    PetscCall(PetscSNPrintf(
        message, size,
        "no named physical group of cells: name the materials' regions (Physical Surface/Volume(\"name\"))"));
  else if (!message[0] && unlabelled >= 0) {
    PetscReal centroid[3] = {0, 0, 0};
    PetscCall(DMPlexComputeCellGeometryFVM(dm, unlabelled, NULL, centroid, NULL));
    PetscCall(
        PetscSNPrintf(message, size,
                      "cell %" PetscInt_FMT
                      " at (%g, %g, %g) m is in no named physical group of cells (unnamed groups are dropped): name it",
                      unlabelled - cStart, (double)centroid[0], (double)centroid[1], (double)centroid[2]));
  }
  PetscFunctionReturn(0);
}

/* Names from rank 0 to every rank. */
static PetscErrorCode BroadcastNames(MPI_Comm comm, PetscInt *count, char ***names)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Bcast(count, 1, MPIU_INT, 0, comm));
  if (rank != 0) PetscCall(PetscCalloc1(*count + 1, names));
  for (PetscInt k = 0; k < *count; k++) {
    char name[PETSC_MAX_PATH_LEN] = "";
    if (rank == 0) PetscCall(PetscStrncpy(name, (*names)[k], sizeof(name)));
    PetscCallMPI(MPI_Bcast(name, (PetscMPIInt)sizeof(name), MPI_CHAR, 0, comm));
    if (rank != 0) PetscCall(PetscStrallocpy(name, &(*names)[k]));
  }
  PetscFunctionReturn(0);
}

/*@
  DioMeshCreateFromGmsh - Reads a Gmsh mesh with named physical groups, labels and distributes it.

  Collective. Rank 0 reads the whole file (DMPlexCreateFromFile, physical tags in "Cell Sets"/"Face Sets"; the
  reader's other options as -mesh_dm_plex_gmsh_*) and its $PhysicalNames, sorts the named physical groups by dimension
  and tag into layers (groups of cells: label DIO_LABEL_LAYER = index in regions->layer_names, in the order of the
  file's $PhysicalNames) and boundaries (groups of faces, and in 3D of edges, format 2.2 or 4.1:
  DIO_LABEL_BOUNDARY = index in regions->boundary_names + 1), checks the mesh and distributes it with overlap 0.
  One-line errors, on every rank, for: a file that cannot be opened, a group of points, a group of 3D edges in another
  format (not 2.2 or 4.1) or whose lines are no mesh edges, a name that is no case-file key, no named group of cells, a
cell in none, mixed cell types, an inverted or degenerate cell (with its position).

  Output: dm; regions (names and the cell type), free with DioMeshRegionsDestroy().
@*/
PetscErrorCode DioMeshCreateFromGmsh(MPI_Comm comm, const char path[], DioMeshRegions *regions, DM *dm)
{
  DM           mesh;
  DMLabel      reader_faces = NULL;
  PetscSection node_section = NULL;
  Vec          nodes        = NULL;
  PetscMPIInt  rank;
  PetscInt     dim, cell_type = DM_POLYTOPE_UNKNOWN;
  char         message[PETSC_MAX_PATH_LEN + 512] = "";

  PetscFunctionBegin;
  PetscCall(PetscMemzero(regions, sizeof(*regions)));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(ReadGmsh(comm, path, &mesh));
  PetscCall(DMGetDimension(mesh, &dim));
  PetscCheck(dim == 2 || dim == 3, comm, PETSC_ERR_USER_INPUT,
             "-mesh_file '%s': a %" PetscInt_FMT "D mesh; diomede needs cells of dimension 2 or 3", path, dim);
  /* a quadratic mesh: vertex coordinates, its nodes kept for the quadratic elements (curved cells) */
  PetscCall(DioMeshSplitHighOrder_Internal(mesh, path, &node_section, &nodes));
  PetscCall(DMPlexDistributeSetDefault(mesh, PETSC_FALSE));
  /* every rank holds the same labels before the distribution (the reader's region labels are dropped below) */
  PetscCall(DMCreateLabel(mesh, DIO_LABEL_LAYER));
  PetscCall(DMRemoveLabel(mesh, DIO_LABEL_BOUNDARY, &reader_faces)); /* the reader's "Face Sets": physical tags */
  PetscCall(DMCreateLabel(mesh, DIO_LABEL_BOUNDARY));
  /* collective (a scatter): done here on every rank, not inside rank 0's checks */
  PetscCall(DMGetCoordinatesLocalSetUp(mesh));
  if (rank == 0) {
    DMPolytopeType type;
    PetscCall(CheckCells(mesh, &type, message, sizeof(message)));
    if (!message[0]) PetscCall(ConvertRegions(mesh, path, reader_faces, regions, message, sizeof(message)));
    if (!message[0]) cell_type = (PetscInt)type;
  }
  PetscCall(DMLabelDestroy(&reader_faces));
  PetscCallMPI(MPI_Bcast(message, (PetscMPIInt)sizeof(message), MPI_CHAR, 0, comm));
  if (message[0]) {
    PetscCall(DMDestroy(&mesh));
    PetscCall(PetscSectionDestroy(&node_section));
    PetscCall(VecDestroy(&nodes));
    PetscCall(DioMeshRegionsDestroy(regions));
    SETERRQ(comm, PETSC_ERR_USER_INPUT, "-mesh_file '%s': %s", path, message);
  }
  PetscCallMPI(MPI_Bcast(&cell_type, 1, MPIU_INT, 0, comm));
  regions->cell_type = (DMPolytopeType)cell_type;
  PetscCall(BroadcastNames(comm, &regions->num_layers, &regions->layer_names));
  PetscCall(BroadcastNames(comm, &regions->num_boundaries, &regions->boundary_names));
  {
    PetscInt num_labels, l = 0;
    PetscCall(DMGetNumLabels(mesh, &num_labels));
    while (l < num_labels) {
      const char *name;
      PetscCall(DMGetLabelName(mesh, l, &name));
      if (IsReaderLabel(name) || !strcmp(name, DIO_LABEL_LAYER) || !strcmp(name, DIO_LABEL_BOUNDARY))
        l++;
      else {
        char *copy;
        PetscCall(PetscStrallocpy(name, &copy));
        PetscCall(DMRemoveLabel(mesh, copy, NULL));
        PetscCall(PetscFree(copy));
        num_labels--;
      }
    }
  }

  {
    DM      source;
    PetscSF migration;
    PetscCall(DioMeshDistribute_Internal("gmsh", &mesh, &migration, &source));
    PetscCall(DioMeshAttachNodes_Internal(source, migration, node_section, nodes, mesh));
    PetscCall(PetscSFDestroy(&migration));
    PetscCall(DMDestroy(&source));
  }
  PetscCall(PetscSectionDestroy(&node_section));
  PetscCall(VecDestroy(&nodes));
  *dm = mesh;
  PetscFunctionReturn(0);
}

PetscErrorCode DioMeshRegionsDestroy(DioMeshRegions *regions)
{
  PetscFunctionBegin;
  for (PetscInt k = 0; k < regions->num_layers; k++) PetscCall(PetscFree(regions->layer_names[k]));
  for (PetscInt k = 0; k < regions->num_boundaries; k++) PetscCall(PetscFree(regions->boundary_names[k]));
  PetscCall(PetscFree(regions->layer_names));
  PetscCall(PetscFree(regions->boundary_names));
  PetscCall(PetscMemzero(regions, sizeof(*regions)));
  PetscFunctionReturn(0);
}

/*@
  DioMeshBoundaryNormalAxis - The coordinate axis a boundary's faces are normal to, for a roller.

  Collective. *axis is k when every face of DIO_LABEL_BOUNDARY value boundary_id (on every rank) has its unit normal
  within 1e-6 of +-e_k, -1 when they are not all normal to one axis (an inclined or curved boundary), -2 when no rank
  has a face of it.
@*/
PetscErrorCode DioMeshBoundaryNormalAxis(DM dm, PetscInt boundary_id, PetscInt *axis)
{
  DMLabel  label;
  IS       faces = NULL;
  PetscInt dim, n = 0, local[4] = {0, 0, 0, 0}, global[4]; /* faces normal to x, y, z; all faces */

  PetscFunctionBegin;
  PetscCall(DMGetCoordinateDim(dm, &dim));
  PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &label));
  if (label) PetscCall(DMLabelGetStratumIS(label, boundary_id, &faces));
  if (faces) PetscCall(ISGetLocalSize(faces, &n));
  for (PetscInt i = 0; i < n; i++) {
    const PetscInt *face;
    PetscReal       normal[3] = {0, 0, 0}, centroid[3], length = 0;
    PetscCall(ISGetIndices(faces, &face));
    PetscCall(DMPlexComputeCellGeometryFVM(dm, face[i], NULL, centroid, normal));
    PetscCall(ISRestoreIndices(faces, &face));
    for (PetscInt k = 0; k < dim; k++) length += normal[k] * normal[k];
    length = PetscSqrtReal(length);
    for (PetscInt k = 0; k < dim; k++) {
      if (length > 0 && PetscAbsReal(normal[k]) / length > 1.0 - 1e-6) local[k]++;
    }
    local[3]++;
  }
  PetscCall(ISDestroy(&faces));
  PetscCallMPI(MPI_Allreduce(local, global, 4, MPIU_INT, MPI_SUM, PetscObjectComm((PetscObject)dm)));
  *axis = global[3] == 0 ? -2 : -1;
  for (PetscInt k = 0; k < dim; k++) {
    if (global[3] > 0 && global[k] == global[3]) *axis = k;
  }
  PetscFunctionReturn(0);
}
