/* SPDX-License-Identifier: BSD-2-Clause
   output.c: the per-run HDF5 file, written collectively with the MPI-IO driver; io/xdmf.c writes its index. */
#include "dio_io.h"
#include "output_impl.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Memory type of PetscReal for H5Dwrite(); the file always holds float64. */
#if defined(PETSC_USE_REAL_SINGLE)
  #define DIO_H5T_NATIVE_REAL H5T_NATIVE_FLOAT
#elif defined(PETSC_USE_REAL_DOUBLE)
  #define DIO_H5T_NATIVE_REAL H5T_NATIVE_DOUBLE
#else
  #error "io/output.c: PetscReal must be float or double"
#endif

static const char *const DioOutputCenterNames[] = {"vertex", "cell"};

/* mkdir -p: creates path and its missing parents; *err is 0 or the errno of the first failure (ENOTDIR when path
   exists but is not a directory). Called on one rank only, so it reports instead of raising. */
static PetscErrorCode DioMakeDirectories(const char path[], int *err)
{
  char        partial[PETSC_MAX_PATH_LEN];
  size_t      length;
  struct stat info;

  PetscFunctionBegin;
  *err = 0;
  PetscCall(PetscStrlen(path, &length));
  if (length >= sizeof(partial)) {
    *err = ENAMETOOLONG;
    PetscFunctionReturn(0);
  }
  for (size_t i = 1; i <= length; i++) {
    if (path[i] != '/' && path[i] != '\0') continue;
    PetscCall(PetscArraycpy(partial, path, i));
    partial[i] = '\0';
    if (mkdir(partial, 0777) != 0 && errno != EEXIST) {
      *err = errno;
      PetscFunctionReturn(0);
    }
  }
  if (stat(path, &info) != 0) *err = errno;
  else if (!S_ISDIR(info.st_mode)) *err = ENOTDIR;
  PetscFunctionReturn(0);
}

/* Writes the scalar attribute key = *value on object, replacing an existing one: file_type is the stored type,
   mem_type describes value. Every attribute of the output is written by it. */
static PetscErrorCode DioOutputWriteAttribute(DioOutput out, hid_t object, const char object_path[], const char key[],
                                              hid_t file_type, hid_t mem_type, const void *value)
{
  char   what[PETSC_MAX_PATH_LEN];
  hid_t  space, attribute;
  htri_t exists;
  herr_t status;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s@%s", object_path, key));
  exists = H5Aexists(object, key);
  DioCheckHDF5(out, exists, "query attribute", what);
  if (exists) {
    status = H5Adelete(object, key);
    DioCheckHDF5(out, status, "replace attribute", what);
  }
  space = H5Screate(H5S_SCALAR);
  DioCheckHDF5(out, space, "create dataspace for", what);
  attribute = H5Acreate2(object, key, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
  DioCheckHDF5(out, attribute, "create attribute", what);
  status = H5Awrite(attribute, mem_type, value);
  DioCheckHDF5(out, status, "write attribute", what);
  status = H5Aclose(attribute);
  DioCheckHDF5(out, status, "close attribute", what);
  status = H5Sclose(space);
  DioCheckHDF5(out, status, "close dataspace for", what);
  PetscFunctionReturn(0);
}

/* Writes the string attribute key = value on object (replacing an existing one), as a NUL-terminated UTF-8 string. */
static PetscErrorCode DioOutputWriteStringAttribute(DioOutput out, hid_t object, const char object_path[],
                                                    const char key[], const char value[])
{
  char   what[PETSC_MAX_PATH_LEN];
  size_t length;
  hid_t  type;
  herr_t status;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s@%s", object_path, key));
  PetscCall(PetscStrlen(value, &length));
  type = H5Tcopy(H5T_C_S1);
  DioCheckHDF5(out, type, "create string type for", what);
  status = H5Tset_size(type, length + 1);
  DioCheckHDF5(out, status, "size string type for", what);
  status = H5Tset_cset(type, H5T_CSET_UTF8);
  DioCheckHDF5(out, status, "set UTF-8 for", what);
  PetscCall(DioOutputWriteAttribute(out, object, object_path, key, type, type, value));
  status = H5Tclose(type);
  DioCheckHDF5(out, status, "close string type for", what);
  PetscFunctionReturn(0);
}

/* Writes this rank's part of dataset path with one collective H5Dwrite(): count (rank 1 or 2 dimensions) items of
   mem_type from buffer to the block at start of file_space; a rank with mine false selects nothing. */
static PetscErrorCode DioOutputWriteBlock(DioOutput out, const char path[], hid_t dataset, hid_t file_space, int rank,
                                          const hsize_t start[], const hsize_t count[], PetscBool mine, hid_t mem_type,
                                          const void *buffer)
{
  hid_t  mem_space;
  herr_t status;

  PetscFunctionBegin;
  mem_space = H5Screate_simple(rank, count, NULL);
  DioCheckHDF5(out, mem_space, "create memory dataspace for", path);
  if (mine) {
    status = H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, count, NULL);
    DioCheckHDF5(out, status, "select this rank's rows of", path);
  } else {
    status = H5Sselect_none(file_space);
    DioCheckHDF5(out, status, "select no rows of", path);
    status = H5Sselect_none(mem_space);
    DioCheckHDF5(out, status, "select no rows of", path);
  }
  status = H5Dwrite(dataset, mem_type, mem_space, file_space, out->dxpl, buffer);
  DioCheckHDF5(out, status, "write", path);
  status = H5Sclose(mem_space);
  DioCheckHDF5(out, status, "close memory dataspace for", path);
  PetscFunctionReturn(0);
}

/* Creates the dataset path, [rows_global] when ncols is 0, else [rows_global][ncols], and writes this rank's rows
   [offset, offset + rows) from data (row-major, mem_type) with one collective H5Dwrite(); a rank without rows selects
   nothing. Adds the string attributes unit, center and components when they are not NULL. Collective. */
static PetscErrorCode DioOutputWriteDataset(DioOutput out, const char path[], hid_t file_type, hid_t mem_type,
                                            PetscInt rows_global, PetscInt ncols, PetscInt offset, PetscInt rows,
                                            const void *data, const char unit[], const char center[],
                                            const char components[])
{
  const int   rank     = ncols > 0 ? 2 : 1;
  const char  nothing  = 0;
  const void *buffer   = rows > 0 ? data : (const void *)&nothing; /* H5Dwrite() wants a buffer even for no rows */
  hsize_t     dims[2]  = {(hsize_t)rows_global, (hsize_t)ncols};
  hsize_t     start[2] = {(hsize_t)offset, 0};
  hsize_t     count[2] = {(hsize_t)rows, (hsize_t)ncols};
  hid_t       file_space, dataset;
  htri_t      exists;
  herr_t      status;

  PetscFunctionBegin;
  file_space = H5Screate_simple(rank, dims, NULL);
  DioCheckHDF5(out, file_space, "create file dataspace for", path);
  exists = out->append ? H5Lexists(out->file, path, H5P_DEFAULT) : 0;
  DioCheckHDF5(out, exists, "look up", path);
  if (exists) { /* a static field of the run being continued: replaced in place, so the index stays valid */
    hid_t   old_space;
    hsize_t old_dims[2] = {0, 0};
    int     old_rank;

    dataset = H5Dopen2(out->file, path, H5P_DEFAULT);
    DioCheckHDF5(out, dataset, "open dataset", path);
    old_space = H5Dget_space(dataset);
    DioCheckHDF5(out, old_space, "get dataspace of", path);
    old_rank = H5Sget_simple_extent_dims(old_space, old_dims, NULL);
    status   = H5Sclose(old_space);
    DioCheckHDF5(out, status, "close dataspace of", path);
    PetscCheck(old_rank == rank && old_dims[0] == dims[0] && old_dims[1] == (rank > 1 ? dims[1] : 0), out->comm, PETSC_ERR_FILE_UNEXPECTED,
               "'%s': dataset '%s' has another shape than the one written now", out->h5_path, path);
  } else {
    dataset = H5Dcreate2(out->file, path, file_type, file_space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    DioCheckHDF5(out, dataset, "create dataset", path);
  }
  PetscCall(
      DioOutputWriteBlock(out, path, dataset, file_space, rank, start, count, (PetscBool)(rows > 0), mem_type, buffer));
  if (unit != NULL) PetscCall(DioOutputWriteStringAttribute(out, dataset, path, "unit", unit));
  if (center != NULL) PetscCall(DioOutputWriteStringAttribute(out, dataset, path, "center", center));
  if (components != NULL) PetscCall(DioOutputWriteStringAttribute(out, dataset, path, "components", components));
  status = H5Sclose(file_space);
  DioCheckHDF5(out, status, "close file dataspace for", path);
  status = H5Dclose(dataset);
  DioCheckHDF5(out, status, "close dataset", path);
  PetscFunctionReturn(0);
}

/* Creates an empty, extendible 1-D dataset (the step records under /steps). */
static PetscErrorCode DioOutputCreateRecord(DioOutput out, const char path[], hid_t file_type)
{
  hsize_t dims = 0, max_dims = H5S_UNLIMITED, chunk = 64;
  hid_t   space, plist, dataset;
  herr_t  status;

  PetscFunctionBegin;
  space = H5Screate_simple(1, &dims, &max_dims);
  DioCheckHDF5(out, space, "create dataspace for", path);
  plist = H5Pcreate(H5P_DATASET_CREATE);
  DioCheckHDF5(out, plist, "create property list for", path);
  status = H5Pset_chunk(plist, 1, &chunk);
  DioCheckHDF5(out, status, "set chunks for", path);
  dataset = H5Dcreate2(out->file, path, file_type, space, H5P_DEFAULT, plist, H5P_DEFAULT);
  DioCheckHDF5(out, dataset, "create dataset", path);
  status = H5Dclose(dataset);
  DioCheckHDF5(out, status, "close dataset", path);
  status = H5Pclose(plist);
  DioCheckHDF5(out, status, "close property list for", path);
  status = H5Sclose(space);
  DioCheckHDF5(out, status, "close dataspace for", path);
  PetscFunctionReturn(0);
}

/* Appends *value (mem_type, the same on every rank) to the record path as entry out->num_steps; rank 0 writes it.
   Collective. */
static PetscErrorCode DioOutputAppendRecord(DioOutput out, const char path[], hid_t mem_type, const void *value)
{
  hsize_t start = (hsize_t)out->num_steps, count = 1, size = (hsize_t)out->num_steps + 1;
  hid_t   dataset, file_space;
  herr_t  status;

  PetscFunctionBegin;
  dataset = H5Dopen2(out->file, path, H5P_DEFAULT);
  DioCheckHDF5(out, dataset, "open dataset", path);
  status = H5Dset_extent(dataset, &size);
  DioCheckHDF5(out, status, "extend dataset", path);
  file_space = H5Dget_space(dataset);
  DioCheckHDF5(out, file_space, "get dataspace of", path);
  PetscCall(DioOutputWriteBlock(out, path, dataset, file_space, 1, &start, &count, (PetscBool)(out->rank == 0),
                                mem_type, value));
  status = H5Sclose(file_space);
  DioCheckHDF5(out, status, "close file dataspace for", path);
  status = H5Dclose(dataset);
  DioCheckHDF5(out, status, "close dataset", path);
  PetscFunctionReturn(0);
}

/* Creates the group path; the caller closes *group. */
static PetscErrorCode DioOutputCreateGroup(DioOutput out, const char path[], hid_t *group)
{
  PetscFunctionBegin;
  *group = H5Gcreate2(out->file, path, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  DioCheckHDF5(out, *group, "create group", path);
  PetscFunctionReturn(0);
}

/*@
  DioOutputCreate: creates the run's output pair <directory>/<run_name>.h5 and <directory>/<run_name>.xmf.

  Collective on comm. Creates directory and its parents (mkdir -p) on rank 0, then creates the HDF5 file collectively
  with the MPI-IO driver and the groups /mesh, /fields, /fields/static and the empty records /steps/step and
  /steps/time. The XDMF index is written at every DioOutputEndStep() and at DioOutputDestroy().

  Input: comm, directory (created if missing), run_name (letters, digits, '_', '-', '.'), overwrite (PETSC_FALSE: an
  existing .h5 or .xmf of that name is an error, PETSC_ERR_USER_INPUT; PETSC_TRUE: both are replaced).
  Output: output, owned by the caller; free it with DioOutputDestroy().
@*/
PetscErrorCode DioOutputCreate(MPI_Comm comm, const char directory[], const char run_name[], PetscBool overwrite,
                               DioOutput *output)
{
  int       state[3] = {0, 0, 0}; /* errno of mkdir -p, .h5 exists, .xmf exists */
  DioOutput out;
  hid_t     fapl, group;
  herr_t    status;

  PetscFunctionBegin;
  *output = NULL;
  PetscCall(DioOutputNew_Internal(comm, directory, run_name, &out));
  if (out->rank == 0) {
    PetscCall(DioMakeDirectories(out->dir, &state[0]));
    if (!state[0]) {
      state[1] = access(out->h5_path, F_OK) == 0;
      state[2] = access(out->xdmf_path, F_OK) == 0;
      /* The old index would point into the new file until the first step ends: remove it now */
      if (overwrite && state[2]) state[2] = unlink(out->xdmf_path) == 0 ? 0 : -errno;
    }
  }
  PetscCallMPI(MPI_Bcast(state, 3, MPI_INT, 0, comm));
  if (state[0] || (!overwrite && (state[1] || state[2])) || state[2] < 0) {
    char h5_path[PETSC_MAX_PATH_LEN], xdmf_path[PETSC_MAX_PATH_LEN], dir[PETSC_MAX_PATH_LEN];

    PetscCall(PetscStrncpy(h5_path, out->h5_path, sizeof(h5_path)));
    PetscCall(PetscStrncpy(xdmf_path, out->xdmf_path, sizeof(xdmf_path)));
    PetscCall(PetscStrncpy(dir, out->dir, sizeof(dir)));
    PetscCall(PetscCommDestroy(&out->comm));
    PetscCall(PetscFree(out));
    PetscCheck(!state[0], comm, PETSC_ERR_FILE_OPEN, "cannot create output directory '%s': %s", dir, strerror(state[0]));
    PetscCheck(overwrite || !state[1], comm, PETSC_ERR_USER_INPUT,
               "output '%s' exists: choose another -output_dir or -output_name, or pass -output_overwrite", h5_path);
    PetscCheck(overwrite || !state[2], comm, PETSC_ERR_USER_INPUT,
               "output '%s' exists: choose another -output_dir or -output_name, or pass -output_overwrite", xdmf_path);
    SETERRQ(comm, PETSC_ERR_FILE_WRITE, "cannot remove the old index '%s': %s", xdmf_path, strerror(-state[2]));
  }

  PetscCall(DioOutputFileAccess_Internal(out, &fapl));
  /* Without overwrite, H5F_ACC_EXCL also refuses a file that appeared since the check above */
  out->file = H5Fcreate(out->h5_path, overwrite ? H5F_ACC_TRUNC : H5F_ACC_EXCL, H5P_DEFAULT, fapl);
  DioCheckHDF5(out, out->file, "create file", out->h5_path);
  status = H5Pclose(fapl);
  DioCheckHDF5(out, status, "close file access list for", "/");

  {
    const char *const groups[] = {"/mesh", "/fields", "/fields/static", "/steps"};

    for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
      PetscCall(DioOutputCreateGroup(out, groups[g], &group));
      status = H5Gclose(group);
      DioCheckHDF5(out, status, "close group", groups[g]);
    }
  }
  PetscCall(DioOutputCreateRecord(out, "/steps/step", H5T_STD_I64LE));
  PetscCall(DioOutputCreateRecord(out, "/steps/time", H5T_IEEE_F64LE));
  *output = out;
  PetscFunctionReturn(0);
}

/*@
  DioOutputGetPaths: the paths of the HDF5 file and of its XDMF index, <directory>/<run_name>.h5 and .xmf.

  Not collective. Outputs are borrowed (valid until DioOutputDestroy()); either may be NULL.
@*/
PetscErrorCode DioOutputGetPaths(DioOutput output, const char *h5_path[], const char *xdmf_path[])
{
  PetscFunctionBegin;
  if (h5_path != NULL) *h5_path = output->h5_path;
  if (xdmf_path != NULL) *xdmf_path = output->xdmf_path;
  PetscFunctionReturn(0);
}

/*@
  DioOutputSetMetadata: stores key = value as a string attribute of the root group (run metadata: units, sign
  convention, code version, case file). Setting a key again replaces its value.

  Collective: every rank calls it with the same key and value (HDF5 requires identical metadata on every rank). May
  be called at any time between DioOutputCreate() and DioOutputDestroy().
@*/
PetscErrorCode DioOutputSetMetadata(DioOutput output, const char key[], const char value[])
{
  PetscFunctionBegin;
  PetscCheck(key[0], output->comm, PETSC_ERR_ARG_WRONG, "'%s': metadata key must not be empty", output->h5_path);
  PetscCall(DioOutputWriteStringAttribute(output, output->file, "/", key, value));
  PetscFunctionReturn(0);
}

/*@
  DioOutputWriteMesh: writes /mesh/vertices, float64 [num_vertices_global][3] in metres (z = 0 when dim is 2), and
  /mesh/cells, int64 [num_cells_global][vertices_per_cell] of global vertex numbers in VTK order.

  Collective, once per output, before any field. Each rank passes its contiguous blocks: vertex_coords
  [num_vertices][3] (z = 0 in 2D, as DioMeshTopology holds them) for global vertices [vertex_offset, vertex_offset + num_vertices), cell_vertices
  [num_cells][vertices_per_cell] for global cells [cell_offset, cell_offset + num_cells); a rank may own none.
  The blocks must tile [0, num_vertices_global) and [0, num_cells_global). Supported cells: quadrilaterals
  (dim 2, 4 vertices) and hexahedra (dim 3, 8 vertices). dim, the global sizes and vertices_per_cell are the same on
  every rank.
@*/
PetscErrorCode DioOutputWriteMesh(DioOutput output, PetscInt dim, PetscInt num_vertices, PetscInt vertex_offset,
                                  PetscInt num_vertices_global, const PetscReal vertex_coords[], PetscInt num_cells,
                                  PetscInt cell_offset, PetscInt num_cells_global, PetscInt vertices_per_cell,
                                  const PetscInt cell_vertices[])
{
  DioOutput   out      = output;
  int         bad[3]   = {0, 0, 0}; /* vertex block, cell block, vertex number out of range */
  PetscInt64  total[2] = {num_vertices, num_cells};
  double     *xyz;
  PetscInt64 *cells;

  PetscFunctionBegin;
  PetscCheck(!out->has_mesh || (out->append && out->row_sf[0] == NULL), out->comm, PETSC_ERR_ORDER, "'%s': the mesh is already written",
             out->h5_path);
  PetscCheck((dim == 2 && (vertices_per_cell == 4 || vertices_per_cell == 3)) || (dim == 3 && (vertices_per_cell == 8 || vertices_per_cell == 4)), out->comm,
             PETSC_ERR_ARG_OUTOFRANGE,
             "'%s': dim %" PetscInt_FMT " with %" PetscInt_FMT
             " vertices per cell: only quadrilaterals (2, 4), triangles (2, 3), hexahedra (3, 8) and tetrahedra (3, 4) are supported",
             out->h5_path, dim, vertices_per_cell);
  bad[0] = num_vertices < 0 || vertex_offset < 0 || vertex_offset + num_vertices > num_vertices_global;
  bad[1] = num_cells < 0 || cell_offset < 0 || cell_offset + num_cells > num_cells_global;
  for (PetscInt i = 0; !bad[1] && i < num_cells * vertices_per_cell; i++)
    bad[2] |= cell_vertices[i] < 0 || cell_vertices[i] >= num_vertices_global;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, bad, 3, MPI_INT, MPI_MAX, out->comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, total, 2, MPIU_INT64, MPI_SUM, out->comm));
  PetscCheck(!bad[0], out->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "'%s': a rank's vertex block lies outside [0, %" PetscInt_FMT ")", out->h5_path, num_vertices_global);
  PetscCheck(!bad[1], out->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "'%s': a rank's cell block lies outside [0, %" PetscInt_FMT ")", out->h5_path, num_cells_global);
  PetscCheck(!bad[2], out->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "'%s': a cell refers to a vertex outside [0, %" PetscInt_FMT ")", out->h5_path, num_vertices_global);
  PetscCheck(total[0] == num_vertices_global && total[1] == num_cells_global, out->comm, PETSC_ERR_ARG_SIZ,
             "'%s': the ranks hold %" PetscInt64_FMT " vertices and %" PetscInt64_FMT " cells, not %" PetscInt_FMT
             " and %" PetscInt_FMT,
             out->h5_path, total[0], total[1], num_vertices_global, num_cells_global);

  if (out->append) {
    /* the mesh is in the file already: check it is this one and map this run's rows to the file's */
    PetscCheck(dim == out->dim && vertices_per_cell == out->vertices_per_cell && num_vertices_global == out->num_vertices_global &&
                 num_cells_global == out->num_cells_global,
               out->comm, PETSC_ERR_USER_INPUT,
               "cannot continue '%s': it holds a mesh of %" PetscInt_FMT " vertices and %" PetscInt_FMT " cells, this run %" PetscInt_FMT
               " and %" PetscInt_FMT ": use the mesh options of the run being continued",
               out->h5_path, out->num_vertices_global, out->num_cells_global, num_vertices_global, num_cells_global);
    PetscCall(DioOutputMapMesh_Internal(out, num_vertices, vertex_offset, vertex_coords, num_cells, cell_vertices));
    out->num_vertices  = num_vertices;
    out->vertex_offset = vertex_offset;
    out->num_cells     = num_cells;
    out->cell_offset   = cell_offset;
    out->has_mesh      = PETSC_TRUE;
    PetscFunctionReturn(0);
  }
  PetscCall(PetscMalloc1(3 * num_vertices, &xyz));
  for (PetscInt v = 0; v < num_vertices; v++) {
    for (PetscInt d = 0; d < 3; d++) xyz[3 * v + d] = d < dim ? (double)vertex_coords[3 * v + d] : 0.0;
  }
  PetscCall(DioOutputWriteDataset(out, "/mesh/vertices", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, num_vertices_global, 3,
                                  vertex_offset, num_vertices, xyz, "m", NULL, "x,y,z"));
  PetscCall(PetscFree(xyz));
  PetscCall(PetscMalloc1(num_cells * vertices_per_cell, &cells));
  for (PetscInt i = 0; i < num_cells * vertices_per_cell; i++) cells[i] = cell_vertices[i];
  PetscCall(DioOutputWriteDataset(out, "/mesh/cells", H5T_STD_I64LE, H5T_NATIVE_INT64, num_cells_global,
                                  vertices_per_cell, cell_offset, num_cells, cells, NULL, NULL, NULL));
  PetscCall(PetscFree(cells));
  {
    hid_t  dataset = H5Dopen2(out->file, "/mesh/cells", H5P_DEFAULT);
    herr_t status;

    DioCheckHDF5(out, dataset, "open dataset", "/mesh/cells");
    PetscCall(DioOutputWriteStringAttribute(out, dataset, "/mesh/cells", "cell_type",
                                            vertices_per_cell == 8   ? "hexahedron"
                                            : vertices_per_cell == 3 ? "triangle"
                                            : dim == 3               ? "tetrahedron"
                                                                     : "quadrilateral"));
    status = H5Dclose(dataset);
    DioCheckHDF5(out, status, "close dataset", "/mesh/cells");
  }
  out->has_mesh            = PETSC_TRUE;
  out->dim                 = dim;
  out->vertices_per_cell   = vertices_per_cell;
  out->num_vertices        = num_vertices;
  out->vertex_offset       = vertex_offset;
  out->num_vertices_global = num_vertices_global;
  out->num_cells           = num_cells;
  out->cell_offset         = cell_offset;
  out->num_cells_global    = num_cells_global;
  out->xdmf_stale          = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*@
  DioOutputBeginStep: opens output step `step` at `time` (seconds): the fields written until DioOutputEndStep() go to
  /fields/step_<step, 6 digits>, whose attributes "step" and "time" record both.

  Collective, with the same step and time on every rank, after DioOutputWriteMesh(). Step numbers increase strictly.
@*/
PetscErrorCode DioOutputBeginStep(DioOutput output, PetscInt step, PetscReal time)
{
  DioOutput  out = output;
  char       path[64];
  PetscInt64 step64 = step;
  double     time64 = (double)time;
  hid_t      group;
  herr_t     status;

  PetscFunctionBegin;
  PetscCheck(out->has_mesh, out->comm, PETSC_ERR_ORDER, "'%s': write the mesh before step %" PetscInt_FMT, out->h5_path,
             step);
  PetscCheck(!out->in_step, out->comm, PETSC_ERR_ORDER,
             "'%s': step %" PetscInt_FMT " is still open: call DioOutputEndStep() before step %" PetscInt_FMT,
             out->h5_path, out->step, step);
  PetscCheck(step >= 0 && (out->num_steps == 0 || step > out->step_numbers[out->num_steps - 1]), out->comm,
             PETSC_ERR_ARG_OUTOFRANGE, "'%s': step %" PetscInt_FMT ": step numbers must be >= 0 and increase",
             out->h5_path, step);
  PetscCheck(!PetscIsInfOrNanReal(time), out->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "'%s': step %" PetscInt_FMT ": time %g is not finite", out->h5_path, step, (double)time);
  PetscCall(PetscSNPrintf(path, sizeof(path), "/fields/step_%06" PetscInt_FMT, step));
  PetscCall(DioOutputCreateGroup(out, path, &group));
  PetscCall(DioOutputWriteAttribute(out, group, path, "step", H5T_STD_I64LE, H5T_NATIVE_INT64, &step64));
  PetscCall(DioOutputWriteAttribute(out, group, path, "time", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &time64));
  status = H5Gclose(group);
  DioCheckHDF5(out, status, "close group", path);
  out->in_step = PETSC_TRUE;
  out->stepped = PETSC_TRUE;
  out->step    = step;
  out->time    = time;
  PetscFunctionReturn(0);
}

static PetscErrorCode DioOutputWriteField_Private(DioOutput out, const char name[], DioOutputCenter center,
                                                  PetscInt ncomp, const char unit[], PetscBool is_int, const void *data)
{
  const PetscInt slot = out->in_step ? out->num_steps : -1;
  char           path[64 + DIO_OUTPUT_NAME_MAX];
  PetscInt       rows, offset, rows_global;
  const char    *components = ncomp == 3 ? "x,y,z" : (ncomp == 6 ? "xx,yy,zz,xy,yz,xz" : NULL);
  PetscBool      replaced   = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(DioOutputCheckName_Internal(out->comm, PETSC_ERR_ARG_WRONG, "field name", name, DIO_OUTPUT_NAME_MAX));
  PetscCheck(out->has_mesh, out->comm, PETSC_ERR_ORDER, "'%s': field '%s': write the mesh first", out->h5_path, name);
  PetscCheck(center == DIO_OUTPUT_VERTEX || center == DIO_OUTPUT_CELL, out->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "'%s': field '%s': center %d is neither DIO_OUTPUT_VERTEX nor DIO_OUTPUT_CELL", out->h5_path, name,
             (int)center);
  PetscCheck(ncomp >= 1, out->comm, PETSC_ERR_ARG_OUTOFRANGE,
             "'%s': field '%s': %" PetscInt_FMT " components, must be >= 1", out->h5_path, name, ncomp);
  PetscCheck(!out->stepped || out->in_step, out->comm, PETSC_ERR_ORDER,
             "'%s': field '%s' after step %" PetscInt_FMT " ended: call DioOutputBeginStep() first", out->h5_path, name,
             out->step);
  PetscCheck(!out->append || out->row_sf[0] != NULL, out->comm, PETSC_ERR_ORDER,
             "'%s': field '%s': pass this run's mesh to DioOutputWriteMesh() first", out->h5_path, name);
  for (PetscInt f = 0; f < out->num_fields; f++) {
    PetscBool same;

    if (out->fields[f].step_slot != -1 && out->fields[f].step_slot != slot) continue;
    PetscCall(PetscStrcmp(out->fields[f].name, name, &same));
    if (same && out->append && slot == -1) { /* a static field of the continued run: replaced */
      PetscCheck(out->fields[f].center == center && out->fields[f].ncomp == ncomp && out->fields[f].is_int == is_int, out->comm,
                 PETSC_ERR_FILE_UNEXPECTED, "'%s': static field '%s' has another shape in the file", out->h5_path, name);
      replaced = PETSC_TRUE;
      continue;
    }
    PetscCheck(!same, out->comm, PETSC_ERR_ARG_WRONG, "'%s': field '%s' is already written %s", out->h5_path, name,
               out->fields[f].step_slot == -1 ? "as a static field" : "in this step");
  }
  if (out->in_step)
    PetscCall(PetscSNPrintf(path, sizeof(path), "/fields/step_%06" PetscInt_FMT "/%s", out->step, name));
  else PetscCall(PetscSNPrintf(path, sizeof(path), "/fields/static/%s", name));
  rows        = center == DIO_OUTPUT_VERTEX ? out->num_vertices : out->num_cells;
  offset      = center == DIO_OUTPUT_VERTEX ? out->vertex_offset : out->cell_offset;
  rows_global = center == DIO_OUTPUT_VERTEX ? out->num_vertices_global : out->num_cells_global;
  if (is_int) {
    const PetscInt *values = (const PetscInt *)data;
    PetscInt64     *values64;
    void           *file_rows = NULL;

    PetscCall(PetscMalloc1(rows, &values64));
    for (PetscInt i = 0; i < rows; i++) values64[i] = values[i];
    if (out->row_sf[center] != NULL) {
      PetscCall(DioOutputMapRows_Internal(out, center, MPIU_INT64, sizeof(PetscInt64), values64, &file_rows));
      PetscCall(PetscFree(values64));
      values64 = (PetscInt64 *)file_rows;
      rows     = out->file_rows[center];
      offset   = out->file_offset[center];
    }
    PetscCall(DioOutputWriteDataset(out, path, H5T_STD_I64LE, H5T_NATIVE_INT64, rows_global, 0, offset, rows, values64,
                                    unit, DioOutputCenterNames[center], NULL));
    PetscCall(PetscFree(values64));
  } else {
    MPI_Datatype row_type;
    void        *file_rows = NULL;

    if (out->row_sf[center] != NULL) {
      PetscCallMPI(MPI_Type_contiguous((PetscMPIInt)ncomp, MPIU_REAL, &row_type));
      PetscCallMPI(MPI_Type_commit(&row_type));
      PetscCall(DioOutputMapRows_Internal(out, center, row_type, (size_t)ncomp * sizeof(PetscReal), data, &file_rows));
      PetscCallMPI(MPI_Type_free(&row_type));
      data   = file_rows;
      rows   = out->file_rows[center];
      offset = out->file_offset[center];
    }
    PetscCall(DioOutputWriteDataset(out, path, H5T_IEEE_F64LE, DIO_H5T_NATIVE_REAL, rows_global, ncomp > 1 ? ncomp : 0,
                                    offset, rows, data, unit, DioOutputCenterNames[center], components));
    PetscCall(PetscFree(file_rows));
  }
  if (out->in_step && out->rank == 0 && getenv("DIO_TEST_KILL_IN_STEP") != NULL && atol(getenv("DIO_TEST_KILL_IN_STEP")) == (long)out->step) {
    /* Test hook (tests/mpi/check_restart.py): a kill in the middle of a step's output, after its first field */
    (void)raise(SIGKILL);
  }
  if (replaced) PetscFunctionReturn(0);

  if (out->num_fields == out->max_fields) {
    const PetscInt      max_fields = PetscMax(16, 2 * out->max_fields);
    DioOutputFieldInfo *fields;

    PetscCall(PetscMalloc1(max_fields, &fields));
    PetscCall(PetscArraycpy(fields, out->fields, out->num_fields));
    PetscCall(PetscFree(out->fields));
    out->fields     = fields;
    out->max_fields = max_fields;
  }
  PetscCall(PetscStrncpy(out->fields[out->num_fields].name, name, DIO_OUTPUT_NAME_MAX));
  out->fields[out->num_fields].step_slot = slot;
  out->fields[out->num_fields].center    = center;
  out->fields[out->num_fields].ncomp     = ncomp;
  out->fields[out->num_fields].is_int    = is_int;
  out->num_fields++;
  if (!out->in_step) out->xdmf_stale = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*@
  DioOutputWriteField: writes a float64 field, [N] for ncomp 1, else [N][ncomp], where N is the global number of
  vertices or cells (center). Before the first DioOutputBeginStep() it goes to /fields/static/<name> and is shown at
  every step; inside a step, to /fields/step_<k>/<name>. Attributes: "unit", "center" ("vertex" or "cell") and, for
  3 and 6 components, "components".

  Collective, after DioOutputWriteMesh(). name: letters, digits, '_', '-', '.' (at most 63), unique among the static
  fields and the step's fields. ncomp: 1 scalar, 3 vector (x, y, z), 6 symmetric tensor (xx, yy, zz, xy, yz, xz, the
  order ParaView names the components of a 6-component array), any other count a matrix. unit: e.g. "m", "Pa", "-".
  data: [rows][ncomp] for this rank's block of the mesh (the vertex or cell block given to DioOutputWriteMesh()).
@*/
PetscErrorCode DioOutputWriteField(DioOutput output, const char name[], DioOutputCenter center, PetscInt ncomp,
                                   const char unit[], const PetscReal data[])
{
  PetscFunctionBegin;
  PetscCall(DioOutputWriteField_Private(output, name, center, ncomp, unit, PETSC_FALSE, data));
  PetscFunctionReturn(0);
}

/*@
  DioOutputWriteIntField: writes an integer scalar field (layer ids, stages, ranks) as int64 [N], unit "-"; otherwise
  as DioOutputWriteField() with ncomp 1.

  Collective. data: [rows] for this rank's vertex or cell block.
@*/
PetscErrorCode DioOutputWriteIntField(DioOutput output, const char name[], DioOutputCenter center,
                                      const PetscInt data[])
{
  PetscFunctionBegin;
  PetscCall(DioOutputWriteField_Private(output, name, center, 1, "-", PETSC_TRUE, data));
  PetscFunctionReturn(0);
}

/*@
  DioOutputEndStep: closes the open step: appends it to /steps/step and /steps/time, commits the file (closed and
  opened again: DioOutputCommit_Internal()), then rewrites the XDMF index (rank 0 writes <name>.xmf.tmp and renames it
  over <name>.xmf). A run killed between steps thus leaves an index that lists only complete steps of a closed file.

  Collective.
@*/
PetscErrorCode DioOutputEndStep(DioOutput output)
{
  DioOutput  out = output;
  PetscInt64 step64;
  double     time64;

  PetscFunctionBegin;
  PetscCheck(out->in_step, out->comm, PETSC_ERR_ORDER, "'%s': DioOutputEndStep() without DioOutputBeginStep()",
             out->h5_path);
  step64 = out->step;
  time64 = (double)out->time;
  PetscCall(DioOutputAppendRecord(out, "/steps/step", H5T_NATIVE_INT64, &step64));
  PetscCall(DioOutputAppendRecord(out, "/steps/time", H5T_NATIVE_DOUBLE, &time64));
  if (out->num_steps == out->max_steps) {
    const PetscInt max_steps = PetscMax(16, 2 * out->max_steps);
    PetscInt      *numbers;
    PetscReal     *times;

    PetscCall(PetscMalloc2(max_steps, &numbers, max_steps, &times));
    PetscCall(PetscArraycpy(numbers, out->step_numbers, out->num_steps));
    PetscCall(PetscArraycpy(times, out->step_times, out->num_steps));
    PetscCall(PetscFree2(out->step_numbers, out->step_times));
    out->step_numbers = numbers;
    out->step_times   = times;
    out->max_steps    = max_steps;
  }
  out->step_numbers[out->num_steps] = out->step;
  out->step_times[out->num_steps]   = out->time;
  out->num_steps++;
  out->in_step = PETSC_FALSE;
  PetscCall(DioOutputCommit_Internal(out));
  out->xdmf_stale = PETSC_TRUE;
  PetscCall(DioOutputWriteXdmf_Internal(out));
  PetscFunctionReturn(0);
}

/*@
  DioOutputDestroy: ends a step left open, closes the HDF5 file, writes the XDMF index if it is not up to date, and
  frees the output; *output becomes NULL. Does nothing when *output is NULL.

  Collective on the communicator given to DioOutputCreate().
@*/
PetscErrorCode DioOutputDestroy(DioOutput *output)
{
  DioOutput out;
  herr_t    status;

  PetscFunctionBegin;
  out = *output;
  if (out == NULL) PetscFunctionReturn(0);
  if (out->in_step) PetscCall(DioOutputEndStep(out));
  status = H5Pclose(out->dxpl);
  DioCheckHDF5(out, status, "close transfer list for", "/");
  status = H5Fclose(out->file);
  DioCheckHDF5(out, status, "close file", out->h5_path);
  PetscCall(PetscSFDestroy(&out->row_sf[0]));
  PetscCall(PetscSFDestroy(&out->row_sf[1]));
  if (out->xdmf_stale) PetscCall(DioOutputWriteXdmf_Internal(out));
  PetscCall(PetscCommDestroy(&out->comm));
  PetscCall(PetscFree2(out->step_numbers, out->step_times));
  PetscCall(PetscFree(out->fields));
  PetscCall(PetscFree(*output));
  PetscFunctionReturn(0);
}
