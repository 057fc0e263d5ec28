/* SPDX-License-Identifier: BSD-2-Clause
   output_append.c: continuing a run's HDF5 file after a restart, so that the run keeps one time series: reopen the
   file, drop the steps written after the checkpoint, and write this run's rows (which may be partitioned for another
   number of ranks) into the file's numbering of the mesh. */
#include "dio_io.h"
#include "output_impl.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A vertex by its coordinates rounded to a micrometre, or a cell by its sorted file vertex numbers. */
typedef struct {
  PetscInt64 key[8];
  PetscInt   index;
} DioRowKey;

static int DioRowKeyCompare(const void *a, const void *b)
{
  const DioRowKey *p = (const DioRowKey *)a, *q = (const DioRowKey *)b;

  for (int d = 0; d < 8; d++) {
    if (p->key[d] != q->key[d]) return p->key[d] < q->key[d] ? -1 : 1;
  }
  return 0;
}

static int DioInt64Compare(const void *a, const void *b)
{
  const PetscInt64 p = *(const PetscInt64 *)a, q = *(const PetscInt64 *)b;

  return p < q ? -1 : (p > q ? 1 : 0);
}

static void DioVertexKey(const double X[3], PetscInt index, DioRowKey *k)
{
  for (int d = 0; d < 8; d++) k->key[d] = d < 3 ? (PetscInt64)llround(X[d] * 1e6) : 0;
  k->index = index;
}

/* The cell key: its vertex numbers sorted (unused entries -1). */
static void DioCellKey(const PetscInt64 vertices[], PetscInt nv, PetscInt index, DioRowKey *k)
{
  for (int d = 0; d < 8; d++) k->key[d] = d < nv ? vertices[d] : -1;
  qsort(k->key, (size_t)nv, sizeof(PetscInt64), DioInt64Compare);
  k->index = index;
}

/* Reads the whole dataset path ([n] or [n][m]) on this rank; *data is PetscMalloc'ed, the caller frees it. */
static PetscErrorCode DioOutputReadAll(DioOutput out, const char path[], hid_t mem_type, size_t item_bytes, hsize_t dims[2], void **data)
{
  hid_t   dataset, space;
  int     rank;
  herr_t  status;
  size_t  count;

  PetscFunctionBegin;
  dims[0] = dims[1] = 0;
  dataset = H5Dopen2(out->file, path, H5P_DEFAULT);
  DioCheckHDF5(out, dataset, "open dataset", path);
  space = H5Dget_space(dataset);
  DioCheckHDF5(out, space, "get dataspace of", path);
  rank = H5Sget_simple_extent_dims(space, dims, NULL);
  DioCheckHDF5(out, rank, "get dimensions of", path);
  count = (size_t)dims[0] * (rank > 1 ? (size_t)dims[1] : 1);
  PetscCall(PetscMalloc(item_bytes * (count + 1), data));
  if (count > 0) {
    status = H5Dread(dataset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, *data);
    DioCheckHDF5(out, status, "read", path);
  }
  status = H5Sclose(space);
  DioCheckHDF5(out, status, "close dataspace of", path);
  status = H5Dclose(dataset);
  DioCheckHDF5(out, status, "close dataset", path);
  PetscFunctionReturn(0);
}

static PetscErrorCode DioOutputAddFieldInfo(DioOutput out, const DioOutputFieldInfo *info)
{
  PetscFunctionBegin;
  if (out->num_fields == out->max_fields) {
    const PetscInt      max_fields = PetscMax(16, 2 * out->max_fields);
    DioOutputFieldInfo *fields;

    PetscCall(PetscMalloc1(max_fields, &fields));
    if (out->num_fields) PetscCall(PetscArraycpy(fields, out->fields, out->num_fields));
    PetscCall(PetscFree(out->fields));
    out->fields     = fields;
    out->max_fields = max_fields;
  }
  out->fields[out->num_fields++] = *info;
  PetscFunctionReturn(0);
}

typedef struct {
  DioOutput   out;
  const char *group;
  PetscInt    slot;
  PetscErrorCode error;
} DioFieldScan;

/* H5Literate() callback: one dataset of a field group into the field list (shape, type and the "center" attribute). */
static herr_t DioOutputScanField(hid_t group, const char name[], const H5L_info_t *info, void *ctx)
{
  DioFieldScan      *scan = (DioFieldScan *)ctx;
  DioOutputFieldInfo field;
  hid_t              dataset, space, type, attribute, attribute_type;
  hsize_t            dims[2] = {0, 0};
  char               center[16] = "";
  int                rank;
  size_t             size;

  (void)info;
  if (strlen(name) >= DIO_OUTPUT_NAME_MAX) return -1;
  dataset = H5Dopen2(group, name, H5P_DEFAULT);
  if (dataset < 0) return -1;
  space = H5Dget_space(dataset);
  type  = H5Dget_type(dataset);
  rank  = space >= 0 ? H5Sget_simple_extent_dims(space, dims, NULL) : -1;
  attribute      = H5Aopen(dataset, "center", H5P_DEFAULT);
  attribute_type = attribute >= 0 ? H5Aget_type(attribute) : -1;
  size           = attribute_type >= 0 ? H5Tget_size(attribute_type) : 0;
  if (size > 0 && size < sizeof(center)) (void)H5Aread(attribute, attribute_type, center);
  memset(&field, 0, sizeof(field));
  strcpy(field.name, name);
  field.step_slot = scan->slot;
  field.center    = strcmp(center, "vertex") == 0 ? DIO_OUTPUT_VERTEX : DIO_OUTPUT_CELL;
  field.ncomp     = rank > 1 ? (PetscInt)dims[1] : 1;
  field.is_int    = (PetscBool)(type >= 0 && H5Tget_class(type) == H5T_INTEGER);
  if (attribute_type >= 0) (void)H5Tclose(attribute_type);
  if (attribute >= 0) (void)H5Aclose(attribute);
  if (type >= 0) (void)H5Tclose(type);
  if (space >= 0) (void)H5Sclose(space);
  (void)H5Dclose(dataset);
  if (rank < 1 || (strcmp(center, "vertex") && strcmp(center, "cell"))) return -1;
  scan->error = DioOutputAddFieldInfo(scan->out, &field);
  return scan->error ? -1 : 0;
}

static PetscErrorCode DioOutputScanGroup(DioOutput out, const char path[], PetscInt slot)
{
  DioFieldScan scan = {out, path, slot, 0};
  hid_t        group;
  herr_t       status;

  PetscFunctionBegin;
  group = H5Gopen2(out->file, path, H5P_DEFAULT);
  DioCheckHDF5(out, group, "open group", path);
  status = H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, NULL, DioOutputScanField, &scan);
  PetscCall(scan.error);
  DioCheckHDF5(out, status, "list the fields (with their 'center') of", path);
  status = H5Gclose(group);
  DioCheckHDF5(out, status, "close group", path);
  PetscFunctionReturn(0);
}

typedef struct {
  PetscInt  last_step, num_later, max_later;
  PetscInt *later;
} DioLaterSteps;

/* H5Literate() callback: collects the step groups /fields/step_<k> with k > last_step. */
static herr_t DioOutputFindLaterStep(hid_t group, const char name[], const H5L_info_t *info, void *ctx)
{
  DioLaterSteps *later = (DioLaterSteps *)ctx;
  char          *end;
  long           step;

  (void)group;
  (void)info;
  if (strncmp(name, "step_", 5) != 0) return 0;
  step = strtol(name + 5, &end, 10);
  if (*end != '\0' || step <= later->last_step) return 0;
  if (later->num_later == later->max_later) return -1;
  later->later[later->num_later++] = (PetscInt)step;
  return 0;
}

/*@
  DioOutputReopen: continues the output <directory>/<run_name>.h5 of a run restarted after step last_step: keeps the
  steps up to last_step, removes those written after it (a run killed after writing a step but before its
  checkpoint) and continues the file and its index, so that the run keeps one time series.

  Collective on comm. Order, so that a kill at any moment leaves a readable pair: the index is first rewritten
  (atomically) to list only the kept steps, then the later step groups are unlinked and the step records shortened.
  Then call DioOutputWriteMesh() with this run's mesh, which must be the one in the file (matched by coordinates; the
  number of ranks may differ), and DioOutputBeginStep() with steps after last_step. Static fields written again
  replace the file's (in place); metadata keys replace the file's.

  Output: *output NULL when the file does not exist (the caller creates a new one); otherwise the output, free it
  with DioOutputDestroy(). A file without step last_step is PETSC_ERR_USER_INPUT.
@*/
PetscErrorCode DioOutputReopen(MPI_Comm comm, const char directory[], const char run_name[], PetscInt last_step, DioOutput *output)
{
  DioOutput     out;
  int           exists = 0;
  hid_t         fapl, dataset;
  herr_t        status;
  hsize_t       dims[2], kept_size;
  PetscInt64   *steps;
  double       *times;
  PetscInt      kept = 0;
  DioLaterSteps later = {last_step, 0, 0, NULL};

  PetscFunctionBegin;
  *output = NULL;
  PetscCall(DioOutputNew_Internal(comm, directory, run_name, &out));
  if (out->rank == 0) exists = access(out->h5_path, F_OK) == 0;
  PetscCallMPI(MPI_Bcast(&exists, 1, MPI_INT, 0, comm));
  if (!exists) {
    PetscCall(PetscCommDestroy(&out->comm));
    PetscCall(PetscFree(out));
    PetscFunctionReturn(0);
  }
  PetscCall(DioOutputFileAccess_Internal(out, &fapl));
  out->file = H5Fopen(out->h5_path, H5F_ACC_RDWR, fapl);
  DioCheckHDF5(out, out->file, "open file (to continue it)", out->h5_path);
  status = H5Pclose(fapl);
  DioCheckHDF5(out, status, "close file access list for", "/");
  out->append = PETSC_TRUE;

  /* the mesh's sizes, for the index and for checking this run's mesh */
  {
    hid_t space;
    int   rank;

    dataset = H5Dopen2(out->file, "/mesh/vertices", H5P_DEFAULT);
    DioCheckHDF5(out, dataset, "open dataset", "/mesh/vertices");
    space = H5Dget_space(dataset);
    rank  = H5Sget_simple_extent_dims(space, dims, NULL);
    DioCheckHDF5(out, rank, "get dimensions of", "/mesh/vertices");
    out->num_vertices_global = (PetscInt)dims[0];
    status                   = H5Sclose(space);
    status                   = H5Dclose(dataset);
    DioCheckHDF5(out, status, "close dataset", "/mesh/vertices");
    dataset = H5Dopen2(out->file, "/mesh/cells", H5P_DEFAULT);
    DioCheckHDF5(out, dataset, "open dataset", "/mesh/cells");
    space = H5Dget_space(dataset);
    rank  = H5Sget_simple_extent_dims(space, dims, NULL);
    DioCheckHDF5(out, rank == 2 ? 0 : -1, "get dimensions of", "/mesh/cells");
    out->num_cells_global  = (PetscInt)dims[0];
    out->vertices_per_cell = (PetscInt)dims[1];
    out->dim               = dims[1] == 8 ? 3 : 2;
    {
      /* 4 vertices: a quadrilateral or a tetrahedron, as the cell_type attribute says */
      hid_t attribute     = H5Aopen(dataset, "cell_type", H5P_DEFAULT), attribute_type;
      char  cell_type[16] = "";
      if (attribute >= 0) {
        attribute_type = H5Aget_type(attribute);
        if (attribute_type >= 0 && H5Tget_size(attribute_type) < sizeof(cell_type))
          (void)H5Aread(attribute, attribute_type, cell_type);
        if (attribute_type >= 0) (void)H5Tclose(attribute_type);
        (void)H5Aclose(attribute);
      }
      if (!strcmp(cell_type, "tetrahedron")) out->dim = 3;
    }
    status                 = H5Sclose(space);
    status                 = H5Dclose(dataset);
    DioCheckHDF5(out, status, "close dataset", "/mesh/cells");
    out->has_mesh = PETSC_TRUE; /* for the index; DioOutputWriteMesh() maps this run's rows */
  }

  /* the steps kept: those up to last_step, which must be there */
  PetscCall(DioOutputReadAll(out, "/steps/step", H5T_NATIVE_INT64, sizeof(PetscInt64), dims, (void **)&steps));
  PetscCall(DioOutputReadAll(out, "/steps/time", H5T_NATIVE_DOUBLE, sizeof(double), dims, (void **)&times));
  while (kept < (PetscInt)dims[0] && steps[kept] <= last_step) kept++;
  if (kept == 0 || steps[kept - 1] != last_step) {
    char h5_path[sizeof(out->h5_path)];

    PetscCall(PetscFree(steps));
    PetscCall(PetscFree(times));
    /* release the output without DioOutputDestroy(): that would rewrite the run's index with no steps */
    PetscCall(PetscStrncpy(h5_path, out->h5_path, sizeof(h5_path)));
    (void)H5Pclose(out->dxpl);
    (void)H5Fclose(out->file);
    PetscCall(PetscCommDestroy(&out->comm));
    PetscCall(PetscFree(out));
    SETERRQ(comm, PETSC_ERR_USER_INPUT, "cannot continue '%s' after step %" PetscInt_FMT ": it has no such step; remove it or choose another -output_name",
            h5_path, last_step);
  }
  out->max_steps = PetscMax(16, 2 * kept);
  PetscCall(PetscMalloc2(out->max_steps, &out->step_numbers, out->max_steps, &out->step_times));
  for (PetscInt s = 0; s < kept; s++) {
    out->step_numbers[s] = (PetscInt)steps[s];
    out->step_times[s]   = (PetscReal)times[s];
  }
  out->num_steps = kept;
  out->step      = last_step;
  out->time      = out->step_times[kept - 1];
  PetscCall(PetscFree(steps));
  PetscCall(PetscFree(times));

  /* the fields of the kept steps, then the index that lists only them */
  PetscCall(DioOutputScanGroup(out, "/fields/static", -1));
  for (PetscInt s = 0; s < kept; s++) {
    char path[64];

    PetscCall(PetscSNPrintf(path, sizeof(path), "/fields/step_%06" PetscInt_FMT, out->step_numbers[s]));
    PetscCall(DioOutputScanGroup(out, path, s));
  }
  PetscCall(DioOutputWriteXdmf_Internal(out));

  /* now the later steps can go: their groups (complete or not) and their records */
  {
    hid_t group = H5Gopen2(out->file, "/fields", H5P_DEFAULT);
    hsize_t num_links;
    H5G_info_t info;

    DioCheckHDF5(out, group, "open group", "/fields");
    status = H5Gget_info(group, &info);
    DioCheckHDF5(out, status, "count the groups in", "/fields");
    num_links       = info.nlinks;
    later.max_later = (PetscInt)num_links;
    PetscCall(PetscMalloc1(later.max_later + 1, &later.later));
    status = H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, NULL, DioOutputFindLaterStep, &later);
    DioCheckHDF5(out, status, "list the steps in", "/fields");
    for (PetscInt i = 0; i < later.num_later; i++) {
      char name[64];

      PetscCall(PetscSNPrintf(name, sizeof(name), "step_%06" PetscInt_FMT, later.later[i]));
      status = H5Ldelete(group, name, H5P_DEFAULT);
      DioCheckHDF5(out, status, "remove the later step", name);
    }
    PetscCall(PetscFree(later.later));
    status = H5Gclose(group);
    DioCheckHDF5(out, status, "close group", "/fields");
  }
  kept_size = (hsize_t)kept;
  for (int r = 0; r < 2; r++) {
    const char *path = r == 0 ? "/steps/step" : "/steps/time";

    dataset = H5Dopen2(out->file, path, H5P_DEFAULT);
    DioCheckHDF5(out, dataset, "open dataset", path);
    status = H5Dset_extent(dataset, &kept_size);
    DioCheckHDF5(out, status, "shorten", path);
    status = H5Dclose(dataset);
    DioCheckHDF5(out, status, "close dataset", path);
  }
  PetscCall(DioOutputCommit_Internal(out));
  if (later.num_later > 0 && out->rank == 0)
    PetscCall(PetscInfo(NULL, "%s: removed %" PetscInt_FMT " steps after step %" PetscInt_FMT "\n", out->h5_path, later.num_later, last_step));
  *output = out;
  PetscFunctionReturn(0);
}

/* The root of each leaf row (its row in the file), as an SF onto blocks of the file's rows; every file row must be
   reached exactly once. */
static PetscErrorCode DioOutputRowSF(DioOutput out, DioOutputCenter center, PetscInt num_rows, const PetscInt file_row[])
{
  const PetscInt global = center == DIO_OUTPUT_VERTEX ? out->num_vertices_global : out->num_cells_global;
  PetscLayout    layout;
  PetscSF        sf;
  PetscInt      *ones, *hits, bad = 0, bad_any, rstart;

  PetscFunctionBegin;
  PetscCall(PetscLayoutCreateFromSizes(out->comm, PETSC_DECIDE, global, 1, &layout));
  PetscCall(PetscSFCreate(out->comm, &sf));
  PetscCall(PetscSFSetGraphLayout(sf, layout, num_rows, NULL, PETSC_COPY_VALUES, file_row));
  PetscCall(PetscSFSetUp(sf));
  PetscCall(PetscLayoutGetLocalSize(layout, &out->file_rows[center]));
  PetscCall(PetscLayoutGetRange(layout, &rstart, NULL));
  out->file_offset[center] = rstart;
  PetscCall(PetscMalloc2(num_rows + 1, &ones, out->file_rows[center] + 1, &hits));
  for (PetscInt i = 0; i < num_rows; i++) ones[i] = 1;
  for (PetscInt i = 0; i < out->file_rows[center]; i++) hits[i] = 0;
  PetscCall(PetscSFReduceBegin(sf, MPIU_INT, ones, hits, MPI_SUM));
  PetscCall(PetscSFReduceEnd(sf, MPIU_INT, ones, hits, MPI_SUM));
  for (PetscInt i = 0; i < out->file_rows[center]; i++) bad += hits[i] != 1;
  PetscCall(PetscFree2(ones, hits));
  PetscCall(PetscLayoutDestroy(&layout));
  PetscCall(MPIU_Allreduce(&bad, &bad_any, 1, MPIU_INT, MPI_SUM, out->comm));
  if (bad_any) PetscCall(PetscSFDestroy(&sf));
  PetscCheck(!bad_any, out->comm, PETSC_ERR_USER_INPUT,
             "cannot continue '%s': %" PetscInt_FMT " of its %s are not matched once by this run's mesh: use the mesh options of the run being continued",
             out->h5_path, bad_any, center == DIO_OUTPUT_VERTEX ? "vertices" : "cells");
  out->row_sf[center] = sf;
  PetscFunctionReturn(0);
}

/*
  DioOutputMapMesh_Internal: matches this rank's vertices (by coordinates) and cells (by their vertices) to the rows of
  the mesh in a continued file, and builds the SFs that carry this run's rows to blocks of the file's rows. Every rank
  reads the file's mesh whole. Collective.
*/
PetscErrorCode DioOutputMapMesh_Internal(DioOutput out, PetscInt num_vertices, PetscInt vertex_offset, const PetscReal vertex_coords[], PetscInt num_cells,
                                         const PetscInt cell_vertices[])
{
  const PetscInt nvc = out->vertices_per_cell;
  hsize_t        dims[2];
  double        *file_xyz;
  PetscInt64    *file_cells, tuple[8];
  DioRowKey     *keys, key;
  PetscInt      *vertex_row, *cell_row, *all_rows, missing[2] = {0, 0}, missing_any[2];
  PetscMPIInt    size, *counts, *displs, count = (PetscMPIInt)num_vertices, offset = (PetscMPIInt)vertex_offset;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(out->comm, &size));
  /* vertices by coordinates */
  PetscCall(DioOutputReadAll(out, "/mesh/vertices", H5T_NATIVE_DOUBLE, sizeof(double), dims, (void **)&file_xyz));
  PetscCall(PetscMalloc1(out->num_vertices_global + 1, &keys));
  for (PetscInt v = 0; v < out->num_vertices_global; v++) DioVertexKey(&file_xyz[3 * v], v, &keys[v]);
  qsort(keys, (size_t)out->num_vertices_global, sizeof(DioRowKey), DioRowKeyCompare);
  PetscCall(PetscMalloc1(num_vertices + 1, &vertex_row));
  for (PetscInt v = 0; v < num_vertices; v++) {
    const double X[3] = {(double)vertex_coords[3 * v], (double)vertex_coords[3 * v + 1], out->dim > 2 ? (double)vertex_coords[3 * v + 2] : 0.0};
    DioRowKey   *hit;

    DioVertexKey(X, v, &key);
    hit           = (DioRowKey *)bsearch(&key, keys, (size_t)out->num_vertices_global, sizeof(DioRowKey), DioRowKeyCompare);
    vertex_row[v] = hit ? hit->index : -1;
    if (!hit) missing[0]++;
  }
  PetscCall(PetscFree(keys));
  PetscCall(PetscFree(file_xyz));
  PetscCall(MPIU_Allreduce(missing, missing_any, 2, MPIU_INT, MPI_SUM, out->comm));
  if (missing_any[0]) PetscCall(PetscFree(vertex_row));
  PetscCheck(!missing_any[0], out->comm, PETSC_ERR_USER_INPUT,
             "cannot continue '%s': %" PetscInt_FMT " of this run's vertices are not in it: use the mesh options of the run being continued", out->h5_path,
             missing_any[0]);

  /* the file row of every vertex in this run's global numbering, then cells by their vertices */
  PetscCall(PetscMalloc3(out->num_vertices_global + 1, &all_rows, size, &counts, size, &displs));
  PetscCallMPI(MPI_Allgather(&count, 1, MPI_INT, counts, 1, MPI_INT, out->comm));
  PetscCallMPI(MPI_Allgather(&offset, 1, MPI_INT, displs, 1, MPI_INT, out->comm));
  PetscCallMPI(MPI_Allgatherv(vertex_row, count, MPIU_INT, all_rows, counts, displs, MPIU_INT, out->comm));
  PetscCall(DioOutputReadAll(out, "/mesh/cells", H5T_NATIVE_INT64, sizeof(PetscInt64), dims, (void **)&file_cells));
  PetscCall(PetscMalloc1(out->num_cells_global + 1, &keys));
  for (PetscInt c = 0; c < out->num_cells_global; c++) DioCellKey(&file_cells[nvc * c], nvc, c, &keys[c]);
  qsort(keys, (size_t)out->num_cells_global, sizeof(DioRowKey), DioRowKeyCompare);
  PetscCall(PetscMalloc1(num_cells + 1, &cell_row));
  for (PetscInt c = 0; c < num_cells; c++) {
    DioRowKey *hit;

    for (PetscInt k = 0; k < nvc; k++) tuple[k] = all_rows[cell_vertices[nvc * c + k]];
    DioCellKey(tuple, nvc, c, &key);
    hit         = (DioRowKey *)bsearch(&key, keys, (size_t)out->num_cells_global, sizeof(DioRowKey), DioRowKeyCompare);
    cell_row[c] = hit ? hit->index : -1;
    if (!hit) missing[1]++;
  }
  PetscCall(PetscFree(keys));
  PetscCall(PetscFree(file_cells));
  PetscCall(PetscFree3(all_rows, counts, displs));
  PetscCall(MPIU_Allreduce(missing, missing_any, 2, MPIU_INT, MPI_SUM, out->comm));
  if (missing_any[1]) {
    PetscCall(PetscFree(vertex_row));
    PetscCall(PetscFree(cell_row));
  }
  PetscCheck(!missing_any[1], out->comm, PETSC_ERR_USER_INPUT,
             "cannot continue '%s': %" PetscInt_FMT " of this run's cells are not in it: use the mesh options of the run being continued", out->h5_path,
             missing_any[1]);
  PetscCall(DioOutputRowSF(out, DIO_OUTPUT_VERTEX, num_vertices, vertex_row));
  PetscCall(DioOutputRowSF(out, DIO_OUTPUT_CELL, num_cells, cell_row));
  PetscCall(PetscFree(vertex_row));
  PetscCall(PetscFree(cell_row));
  PetscFunctionReturn(0);
}

/*
  DioOutputMapRows_Internal: this rank's rows (row_type, row_bytes each) sent to this rank's block of the file's rows,
  *file_rows (PetscMalloc'ed, out->file_rows[center] rows; the caller frees it). Collective.
*/
PetscErrorCode DioOutputMapRows_Internal(DioOutput out, DioOutputCenter center, MPI_Datatype row_type, size_t row_bytes, const void *rows, void **file_rows)
{
  PetscFunctionBegin;
  PetscCall(PetscMalloc(row_bytes * (size_t)(out->file_rows[center] + 1), file_rows));
  PetscCall(PetscSFReduceBegin(out->row_sf[center], row_type, rows, *file_rows, MPI_REPLACE));
  PetscCall(PetscSFReduceEnd(out->row_sf[center], row_type, rows, *file_rows, MPI_REPLACE));
  PetscFunctionReturn(0);
}
