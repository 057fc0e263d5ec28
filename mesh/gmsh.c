/* SPDX-License-Identifier: BSD-2-Clause
   gmsh.c: a Gmsh mesh (.msh 2.2 or 4.1, ASCII or binary) read by DMPlex's reader, its named physical groups turned
   into diomede's labels (cell groups -> "layer" ids, face groups -> "Face Sets" ids), checked (cell types, every cell
   in a group, no inverted or degenerate cell) on rank 0 and distributed like the built-in meshes. */
#include <string.h>
#include <petscviewer.h>
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
   private options database pushed for the call, so the reader's unprefixed options never clash with the user's), plus
   -dm_plex_gmsh_use_regions, which names a label after every physical group. */
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
  PetscCall(PetscOptionsSetValue(reader_options, "-dm_plex_gmsh_use_regions", "true"));
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

/* On rank 0: the physical groups (labels of the reader other than depth and celltype) sorted into layers (cells) and
   boundaries (faces), and the labels DIO_LABEL_LAYER (value = layer index) and DIO_LABEL_BOUNDARY (value = boundary
   index + 1) set from them. The first problem goes into message. */
static PetscErrorCode ConvertRegions(DM dm, DioMeshRegions *regions, char message[], size_t size)
{
  PetscInt dim, cStart, cEnd, fStart, fEnd, num_labels, unlabelled = -1;
  DMLabel  layer_label, boundary_label;
  char   **names;

  PetscFunctionBegin;
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(DMPlexGetHeightStratum(dm, 1, &fStart, &fEnd));
  PetscCall(DMGetNumLabels(dm, &num_labels));
  PetscCall(PetscCalloc1(num_labels + 1, &names));
  for (PetscInt l = 0; l < num_labels; l++) {
    const char *name;
    PetscCall(DMGetLabelName(dm, l, &name));
    PetscCall(PetscStrallocpy(name, &names[l]));
  }
  PetscCall(DMGetLabel(dm, DIO_LABEL_LAYER, &layer_label));
  PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &boundary_label));
  for (PetscInt l = 0; l < num_labels && !message[0]; l++) {
    DMLabel         label;
    IS              values;
    const PetscInt *value;
    PetscInt        num_values, cells = 0, faces = 0, other = -1;
    if (IsReaderLabel(names[l]) || !strcmp(names[l], DIO_LABEL_LAYER) || !strcmp(names[l], DIO_LABEL_BOUNDARY))
      continue;
    PetscCall(DMGetLabel(dm, names[l], &label));
    PetscCall(DMLabelGetValueIS(label, &values));
    PetscCall(ISGetLocalSize(values, &num_values));
    PetscCall(ISGetIndices(values, &value));
    for (PetscInt v = 0; v < num_values; v++) {
      IS              points;
      const PetscInt *point;
      PetscInt        n;
      PetscCall(DMLabelGetStratumIS(label, value[v], &points));
      PetscCall(ISGetLocalSize(points, &n));
      PetscCall(ISGetIndices(points, &point));
      for (PetscInt i = 0; i < n; i++) {
        if (point[i] >= cStart && point[i] < cEnd)
          cells++;
        else if (point[i] >= fStart && point[i] < fEnd)
          faces++;
        else if (other < 0)
          other = point[i];
      }
      PetscCall(ISRestoreIndices(points, &point));
      PetscCall(ISDestroy(&points));
    }
    PetscCall(ISRestoreIndices(values, &value));
    PetscCall(ISDestroy(&values));
    if (!IsKeyName(names[l])) {
      PetscCall(PetscSNPrintf(
          message, size,
          "physical group '%s': a name may hold only letters, digits and underscores (it becomes a case-file key)",
          names[l]));
    } else if (other >= 0) {
      PetscInt depth;
      PetscCall(DMPlexGetPointDepth(dm, other, &depth));
      PetscCall(PetscSNPrintf(message, size,
                              "physical group '%s' holds elements of dimension %" PetscInt_FMT " in a %" PetscInt_FMT
                              "D mesh: name only cells (dimension %" PetscInt_FMT
                              ", materials) and faces (dimension %" PetscInt_FMT ", boundaries)",
                              names[l], depth, dim, dim, dim - 1));
    } else if (cells && faces) {
      PetscCall(PetscSNPrintf(message, size, "physical group '%s' holds both cells and faces: give each its own name",
                              names[l]));
    } else {
      const PetscBool is_layer = (PetscBool)(cells > 0);
      const PetscInt  id       = is_layer ? regions->num_layers : regions->num_boundaries + 1;
      char         ***list     = is_layer ? &regions->layer_names : &regions->boundary_names;
      PetscInt       *count    = is_layer ? &regions->num_layers : &regions->num_boundaries;
      DMLabel         target   = is_layer ? layer_label : boundary_label;
      IS              points;
      for (PetscInt k = 0; k < *count; k++) {
        PetscBool same;
        PetscCall(PetscStrcasecmp((*list)[k], names[l], &same));
        if (same)
          PetscCall(PetscSNPrintf(
              message, size, "physical groups '%s' and '%s' differ only in case (case-file keys ignore it): rename one",
              (*list)[k], names[l]));
      }
      if (!is_layer && *count >= DIO_BOUNDARY_MAX)
        PetscCall(PetscSNPrintf(message, size, "physical group '%s': more than %d named boundaries", names[l],
                                DIO_BOUNDARY_MAX));
      if (message[0]) break;
      PetscCall(PetscRealloc(sizeof(char *) * (size_t)(*count + 1), list));
      PetscCall(PetscStrallocpy(names[l], &(*list)[(*count)++]));
      PetscCall(DMLabelGetValueIS(label, &values));
      PetscCall(ISGetLocalSize(values, &num_values));
      PetscCall(ISGetIndices(values, &value));
      for (PetscInt v = 0; v < num_values; v++) {
        PetscCall(DMLabelGetStratumIS(label, value[v], &points));
        if (points) PetscCall(DMLabelSetStratumIS(target, id, points));
        PetscCall(ISDestroy(&points));
      }
      PetscCall(ISRestoreIndices(values, &value));
      PetscCall(ISDestroy(&values));
    }
  }
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
  for (PetscInt l = 0; l < num_labels; l++) PetscCall(PetscFree(names[l]));
  PetscCall(PetscFree(names));
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

  Collective. Rank 0 reads the whole file (DMPlexCreateFromFile with -dm_plex_gmsh_use_regions; the reader's other
  options as -mesh_dm_plex_gmsh_*), sorts the named physical groups into layers (groups of cells: label
  DIO_LABEL_LAYER = index in regions->layer_names, in the order of the file's $PhysicalNames) and boundaries (groups
  of faces: DIO_LABEL_BOUNDARY = index in regions->boundary_names + 1), checks the mesh and distributes it with overlap
  0. One-line errors, on every rank, for: a file that cannot be opened, a group of points or (3D) edges, a group of
  both cells and faces, a name that is no case-file key, no named group of cells, a cell in none, mixed cell types, an
  inverted or degenerate cell (with its position).

  Output: dm; regions (names and the cell type), free with DioMeshRegionsDestroy().
@*/
PetscErrorCode DioMeshCreateFromGmsh(MPI_Comm comm, const char path[], DioMeshRegions *regions, DM *dm)
{
  DM          mesh;
  PetscMPIInt rank;
  PetscInt    dim, cell_type = DM_POLYTOPE_UNKNOWN;
  char        message[PETSC_MAX_PATH_LEN + 512] = "";

  PetscFunctionBegin;
  PetscCall(PetscMemzero(regions, sizeof(*regions)));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(ReadGmsh(comm, path, &mesh));
  PetscCall(DMGetDimension(mesh, &dim));
  PetscCheck(dim == 2 || dim == 3, comm, PETSC_ERR_USER_INPUT,
             "-mesh_file '%s': a %" PetscInt_FMT "D mesh; diomede needs cells of dimension 2 or 3", path, dim);
  PetscCall(DMPlexDistributeSetDefault(mesh, PETSC_FALSE));
  /* every rank holds the same labels before the distribution (the reader's region labels are dropped below) */
  PetscCall(DMCreateLabel(mesh, DIO_LABEL_LAYER));
  PetscCall(DMCreateLabel(mesh, DIO_LABEL_BOUNDARY));
  /* collective (a scatter): done here on every rank, not inside rank 0's checks */
  PetscCall(DMGetCoordinatesLocalSetUp(mesh));
  if (rank == 0) {
    DMPolytopeType type;
    PetscCall(CheckCells(mesh, &type, message, sizeof(message)));
    if (!message[0]) PetscCall(ConvertRegions(mesh, regions, message, sizeof(message)));
    if (!message[0]) cell_type = (PetscInt)type;
  }
  PetscCallMPI(MPI_Bcast(message, (PetscMPIInt)sizeof(message), MPI_CHAR, 0, comm));
  if (message[0]) {
    PetscCall(DMDestroy(&mesh));
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

  PetscCall(DioMeshDistribute_Internal("gmsh", &mesh));
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
