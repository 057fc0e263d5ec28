/* SPDX-License-Identifier: BSD-2-Clause
   test_io_output.c: io/output.c, io/output_append.c and io/xdmf.c, the run's HDF5 file and its XDMF index.
   Requirement: a mesh and fields written in blocks by any number of ranks (some owning nothing) read back with the
   HDF5 C API bit for bit, with the documented shapes, types and attributes; the XDMF index is a temporal collection
   that lists every completed step and refers to the HDF5 file by its bare name; an existing output is never
   overwritten without overwrite; the output directory is created (mkdir -p); a file reopened after a restart keeps
   the steps up to the checkpoint, drops the later ones and continues with a well-formed index. Reference values: the
   formulas below (small integers and binary fractions, exact in float64). Run on 1 rank and, as mpi.test_io_output, on
   3: vertices on ranks 0-1, cells on ranks 1-2. */
#include <petscsys.h>
#include <check.h>
#include <errno.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dio_io.h"

#include "test_helpers.h"

/* The mesh: 2 x 1 quadrilaterals on [0, 2] x [0, 0.5], vertex v at (v % 3, 0.5 (v / 3)), cells counter-clockwise
   (VTK order):
     3---4---5
     | 0 | 1 |
     0---1---2 */
#define NUM_VERTICES 6
#define NUM_CELLS    2
static const PetscInt mesh_cells[NUM_CELLS][4] = {{0, 1, 4, 3}, {1, 2, 5, 4}};

static double VertexX(PetscInt v)
{
  return (double)(v % 3);
}
static double VertexY(PetscInt v)
{
  return 0.5 * (double)(v / 3);
}
static PetscInt Layer(PetscInt c)
{
  return 10 + c;
}
static double Depth(PetscInt v)
{
  return 1.0 - VertexY(v);
}
static double Displacement(PetscInt step, PetscInt v, PetscInt d)
{
  return (double)((step + 1) * (10 * v + d));
}
static double Stress(PetscInt step, PetscInt c, PetscInt j)
{
  return 1000.0 * (double)step + 10.0 * (double)c + (double)j + 0.5;
}
static double Pair(PetscInt c, PetscInt j)
{
  return (double)c - 0.25 * (double)j;
}

/* This rank's blocks: vertices over ranks 0 .. n-2, cells over ranks 1 .. n-1 (all on rank 0 when alone), so that
   with 3 ranks rank 2 owns no vertex and rank 0 no cell. */
typedef struct {
  PetscInt num_vertices, vertex_offset, num_cells, cell_offset;
} Blocks;

static void Split(PetscInt n, PetscMPIInt rank, PetscMPIInt first, PetscMPIInt used, PetscInt *offset, PetscInt *count)
{
  const PetscInt r = rank - first;

  *offset = 0;
  *count  = 0;
  if (r < 0 || r >= used) return;
  *count  = n / used + (r < n % used ? 1 : 0);
  *offset = r * (n / used) + PetscMin(r, n % used);
}

static void GetBlocks(Blocks *blocks)
{
  PetscMPIInt rank, size, used;

  CK_PETSC(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  CK_PETSC(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  used = size > 1 ? size - 1 : 1;
  Split(NUM_VERTICES, rank, 0, used, &blocks->vertex_offset, &blocks->num_vertices);
  Split(NUM_CELLS, rank, size > 1 ? 1 : 0, used, &blocks->cell_offset, &blocks->num_cells);
}

static void WriteMesh(DioOutput out, const Blocks *b)
{
  PetscReal coords[3 * NUM_VERTICES];
  PetscInt  cells[4 * NUM_CELLS];

  for (PetscInt v = 0; v < b->num_vertices; v++) {
    coords[3 * v]     = VertexX(b->vertex_offset + v);
    coords[3 * v + 1] = VertexY(b->vertex_offset + v);
    coords[3 * v + 2] = 0.0;
  }
  for (PetscInt c = 0; c < b->num_cells; c++) {
    for (PetscInt i = 0; i < 4; i++) cells[4 * c + i] = mesh_cells[b->cell_offset + c][i];
  }
  CK_PETSC(DioOutputWriteMesh(out, 2, b->num_vertices, b->vertex_offset, NUM_VERTICES, coords, b->num_cells,
                              b->cell_offset, NUM_CELLS, 4, cells));
}

static void WriteStaticFields(DioOutput out, const Blocks *b)
{
  PetscInt  layer[NUM_CELLS];
  PetscReal depth[NUM_VERTICES];

  for (PetscInt c = 0; c < b->num_cells; c++) layer[c] = Layer(b->cell_offset + c);
  for (PetscInt v = 0; v < b->num_vertices; v++) depth[v] = Depth(b->vertex_offset + v);
  CK_PETSC(DioOutputWriteIntField(out, "layer", DIO_OUTPUT_CELL, layer));
  CK_PETSC(DioOutputWriteField(out, "depth", DIO_OUTPUT_VERTEX, 1, "m", depth));
}

static void WriteStep(DioOutput out, const Blocks *b, PetscInt step, PetscReal time)
{
  PetscReal u[3 * NUM_VERTICES], stress[6 * NUM_CELLS], pair[2 * NUM_CELLS];

  for (PetscInt v = 0; v < b->num_vertices; v++) {
    for (PetscInt d = 0; d < 3; d++) u[3 * v + d] = Displacement(step, b->vertex_offset + v, d);
  }
  for (PetscInt c = 0; c < b->num_cells; c++) {
    for (PetscInt j = 0; j < 6; j++) stress[6 * c + j] = Stress(step, b->cell_offset + c, j);
    for (PetscInt j = 0; j < 2; j++) pair[2 * c + j] = Pair(b->cell_offset + c, j);
  }
  CK_PETSC(DioOutputBeginStep(out, step, time));
  CK_PETSC(DioOutputWriteField(out, "displacement", DIO_OUTPUT_VERTEX, 3, "m", u));
  CK_PETSC(DioOutputWriteField(out, "stress", DIO_OUTPUT_CELL, 6, "Pa", stress));
  if (step == 1) CK_PETSC(DioOutputWriteField(out, "pair", DIO_OUTPUT_CELL, 2, "-", pair));
  CK_PETSC(DioOutputEndStep(out));
}

/* Reads the whole dataset path after checking its stored type, rank and dimensions. */
static void ReadDataset(hid_t file, const char path[], hid_t file_type, hid_t mem_type, int rank, hsize_t dim0,
                        hsize_t dim1, void *buffer)
{
  hid_t   dataset = H5Dopen2(file, path, H5P_DEFAULT), space, type;
  hsize_t dims[2] = {0, 0};

  ck_assert_msg(dataset >= 0, "dataset %s is missing", path);
  type = H5Dget_type(dataset);
  ck_assert_msg(H5Tequal(type, file_type) > 0, "dataset %s has the wrong type", path);
  space = H5Dget_space(dataset);
  ck_assert_int_eq(H5Sget_simple_extent_ndims(space), rank);
  ck_assert(H5Sget_simple_extent_dims(space, dims, NULL) == rank);
  ck_assert_msg(dims[0] == dim0 && (rank == 1 || dims[1] == dim1), "dataset %s is [%llu][%llu], not [%llu][%llu]", path,
                (unsigned long long)dims[0], (unsigned long long)dims[1], (unsigned long long)dim0,
                (unsigned long long)dim1);
  if (dim0 > 0) ck_assert(H5Dread(dataset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer) >= 0);
  ck_assert(H5Tclose(type) >= 0);
  ck_assert(H5Sclose(space) >= 0);
  ck_assert(H5Dclose(dataset) >= 0);
}

static void CheckStringAttribute(hid_t file, const char object[], const char key[], const char expected[])
{
  char   value[256];
  hid_t  attribute = H5Aopen_by_name(file, object, key, H5P_DEFAULT, H5P_DEFAULT), type;
  size_t size;

  ck_assert_msg(attribute >= 0, "attribute %s of %s is missing", key, object);
  type = H5Aget_type(attribute);
  ck_assert(H5Tget_class(type) == H5T_STRING);
  size = H5Tget_size(type);
  ck_assert(size < sizeof(value));
  ck_assert(H5Aread(attribute, type, value) >= 0);
  value[size] = '\0';
  ck_assert_str_eq(value, expected);
  ck_assert(H5Tclose(type) >= 0);
  ck_assert(H5Aclose(attribute) >= 0);
}

static void CheckNumberAttribute(hid_t file, const char object[], const char key[], double expected)
{
  double value;
  hid_t  attribute = H5Aopen_by_name(file, object, key, H5P_DEFAULT, H5P_DEFAULT);

  ck_assert_msg(attribute >= 0, "attribute %s of %s is missing", key, object);
  ck_assert(H5Aread(attribute, H5T_NATIVE_DOUBLE, &value) >= 0);
  ck_assert(value == expected);
  ck_assert(H5Aclose(attribute) >= 0);
}

/* The whole text file at path, NUL-terminated; free with PetscFree(). */
static char *ReadText(const char path[])
{
  FILE *file = fopen(path, "rb");
  long  length;
  char *text;

  ck_assert_msg(file != NULL, "cannot open %s", path);
  ck_assert(fseek(file, 0, SEEK_END) == 0);
  length = ftell(file);
  ck_assert(length >= 0);
  ck_assert(fseek(file, 0, SEEK_SET) == 0);
  CK_PETSC(PetscMalloc1(length + 1, &text));
  ck_assert(fread(text, 1, (size_t)length, file) == (size_t)length);
  text[length] = '\0';
  ck_assert(fclose(file) == 0);
  return text;
}

static PetscInt CountOccurrences(const char text[], const char pattern[])
{
  PetscInt n = 0;

  for (const char *p = strstr(text, pattern); p != NULL; p = strstr(p + 1, pattern)) n++;
  return n;
}

START_TEST(test_output_steps)
{
  char        dir[PETSC_MAX_PATH_LEN], temporary[PETSC_MAX_PATH_LEN + 8];
  char        h5_copy[PETSC_MAX_PATH_LEN], xdmf_copy[PETSC_MAX_PATH_LEN];
  const char *h5_path, *xdmf_path;
  char       *xdmf;
  Blocks      b;
  DioOutput   out;
  hid_t       file;
  double      xyz[NUM_VERTICES][3], depth[NUM_VERTICES], u[NUM_VERTICES][3];
  double      stress[NUM_CELLS][6], pair[NUM_CELLS][2], times[2];
  int64_t     cells[NUM_CELLS][4], layer[NUM_CELLS], steps[2];

  GetBlocks(&b);
  DioTestPath("test_io_output", "steps", dir, sizeof(dir));
  CK_PETSC(DioOutputCreate(PETSC_COMM_WORLD, dir, "bering", PETSC_TRUE, &out));
  CK_PETSC(DioOutputGetPaths(out, &h5_path, &xdmf_path));
  CK_PETSC(DioOutputSetMetadata(out, "sign_convention", "tension positive"));
  WriteMesh(out, &b);
  WriteStaticFields(out, &b);
  WriteStep(out, &b, 0, 0.5);

  /* The index after one step lists it, and no other */
  xdmf = ReadText(xdmf_path);
  ck_assert_ptr_nonnull(strstr(xdmf, "<Time Value=\"0.5\"/>"));
  ck_assert_ptr_null(strstr(xdmf, "1.25"));
  CK_PETSC(PetscFree(xdmf));

  WriteStep(out, &b, 1, 1.25);
  CK_PETSC(DioOutputSetMetadata(out, "units", "SI"));
  CK_PETSC(DioOutputSetMetadata(out, "units", "SI (m, Pa, s)")); /* replaces */
  CK_PETSC(PetscSNPrintf(temporary, sizeof(temporary), "%s.tmp", xdmf_path));
  CK_PETSC(PetscStrncpy(h5_copy, h5_path, sizeof(h5_copy))); /* borrowed: gone with the output */
  CK_PETSC(PetscStrncpy(xdmf_copy, xdmf_path, sizeof(xdmf_copy)));
  CK_PETSC(DioOutputDestroy(&out));
  ck_assert_ptr_null(out);
  CK_PETSC(DioOutputDestroy(&out)); /* NULL: nothing to do */
  /* Every dataset, dataspace, group, attribute and the file itself is closed */
  ck_assert_int_eq(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);

  /* Read back on every rank with the serial driver */
  DioTestPath("test_io_output", "steps/bering.h5", dir, sizeof(dir));
  ck_assert_str_eq(h5_copy, dir);
  file = H5Fopen(dir, H5F_ACC_RDONLY, H5P_DEFAULT);
  ck_assert(file >= 0);
  CheckStringAttribute(file, "/", "sign_convention", "tension positive");
  CheckStringAttribute(file, "/", "units", "SI (m, Pa, s)");

  ReadDataset(file, "/mesh/vertices", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, NUM_VERTICES, 3, xyz);
  for (PetscInt v = 0; v < NUM_VERTICES; v++) {
    ck_assert(xyz[v][0] == VertexX(v) && xyz[v][1] == VertexY(v) && xyz[v][2] == 0.0);
  }
  CheckStringAttribute(file, "/mesh/vertices", "unit", "m");
  ReadDataset(file, "/mesh/cells", H5T_STD_I64LE, H5T_NATIVE_INT64, 2, NUM_CELLS, 4, cells);
  for (PetscInt c = 0; c < NUM_CELLS; c++) {
    for (PetscInt i = 0; i < 4; i++) ck_assert_int_eq(cells[c][i], mesh_cells[c][i]);
  }
  CheckStringAttribute(file, "/mesh/cells", "cell_type", "quadrilateral");

  ReadDataset(file, "/fields/static/layer", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, NUM_CELLS, 0, layer);
  for (PetscInt c = 0; c < NUM_CELLS; c++) ck_assert_int_eq(layer[c], Layer(c));
  CheckStringAttribute(file, "/fields/static/layer", "unit", "-");
  CheckStringAttribute(file, "/fields/static/layer", "center", "cell");
  ReadDataset(file, "/fields/static/depth", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, NUM_VERTICES, 0, depth);
  for (PetscInt v = 0; v < NUM_VERTICES; v++) ck_assert(depth[v] == Depth(v));
  CheckStringAttribute(file, "/fields/static/depth", "unit", "m");
  CheckStringAttribute(file, "/fields/static/depth", "center", "vertex");

  for (PetscInt step = 0; step < 2; step++) {
    char group[64], path[128];

    CK_PETSC(PetscSNPrintf(group, sizeof(group), "/fields/step_%06d", (int)step));
    CheckNumberAttribute(file, group, "step", (double)step);
    CheckNumberAttribute(file, group, "time", step == 0 ? 0.5 : 1.25);
    CK_PETSC(PetscSNPrintf(path, sizeof(path), "%s/displacement", group));
    ReadDataset(file, path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, NUM_VERTICES, 3, u);
    for (PetscInt v = 0; v < NUM_VERTICES; v++) {
      for (PetscInt d = 0; d < 3; d++) ck_assert(u[v][d] == Displacement(step, v, d));
    }
    CheckStringAttribute(file, path, "unit", "m");
    CheckStringAttribute(file, path, "center", "vertex");
    CheckStringAttribute(file, path, "components", "x,y,z");
    CK_PETSC(PetscSNPrintf(path, sizeof(path), "%s/stress", group));
    ReadDataset(file, path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, NUM_CELLS, 6, stress);
    for (PetscInt c = 0; c < NUM_CELLS; c++) {
      for (PetscInt j = 0; j < 6; j++) ck_assert(stress[c][j] == Stress(step, c, j));
    }
    CheckStringAttribute(file, path, "unit", "Pa");
    CheckStringAttribute(file, path, "center", "cell");
    CheckStringAttribute(file, path, "components", "xx,yy,zz,xy,yz,xz");
  }
  ReadDataset(file, "/fields/step_000001/pair", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, NUM_CELLS, 2, pair);
  for (PetscInt c = 0; c < NUM_CELLS; c++) {
    for (PetscInt j = 0; j < 2; j++) ck_assert(pair[c][j] == Pair(c, j));
  }
  ck_assert(H5Lexists(file, "/fields/step_000000/pair", H5P_DEFAULT) == 0);
  ReadDataset(file, "/steps/step", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, 2, 0, steps);
  ck_assert(steps[0] == 0 && steps[1] == 1);
  ReadDataset(file, "/steps/time", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, 2, 0, times);
  ck_assert(times[0] == 0.5 && times[1] == 1.25);
  ck_assert(H5Fclose(file) >= 0);

  /* The index: a temporal collection of the two steps, data referred to by the bare file name */
  DioTestPath("test_io_output", "steps/bering.xmf", dir, sizeof(dir));
  ck_assert_str_eq(xdmf_copy, dir);
  ck_assert(access(temporary, F_OK) != 0);
  xdmf = ReadText(dir);
  ck_assert_ptr_nonnull(strstr(xdmf, "<Xdmf Version=\"3.0\">"));
  ck_assert_ptr_nonnull(strstr(xdmf, "GridType=\"Collection\" CollectionType=\"Temporal\""));
  ck_assert_ptr_nonnull(strstr(xdmf, "<Time Value=\"0.5\"/>"));
  ck_assert_ptr_nonnull(strstr(xdmf, "<Time Value=\"1.25\"/>"));
  ck_assert_int_eq(CountOccurrences(xdmf, "GridType=\"Uniform\""), 2);
  ck_assert_int_eq(CountOccurrences(xdmf, "<Topology TopologyType=\"Quadrilateral\" NumberOfElements=\"2\">"), 2);
  ck_assert_int_eq(CountOccurrences(xdmf, "<Geometry GeometryType=\"XYZ\">"), 2);
  ck_assert_int_eq(CountOccurrences(xdmf, ">bering.h5:/mesh/vertices</DataItem>"), 2);
  ck_assert_int_eq(CountOccurrences(xdmf, ">bering.h5:/mesh/cells</DataItem>"), 2);
  ck_assert_ptr_null(strstr(xdmf, "test_io_output.d"));
  /* static fields in every step */
  ck_assert_int_eq(CountOccurrences(xdmf, "<Attribute Name=\"layer\" AttributeType=\"Scalar\" Center=\"Cell\">"), 2);
  ck_assert_int_eq(CountOccurrences(xdmf, ">bering.h5:/fields/static/depth</DataItem>"), 2);
  ck_assert_int_eq(CountOccurrences(xdmf, "<Attribute Name=\"displacement\" AttributeType=\"Vector\" Center=\"Node\">"),
                   2);
  ck_assert_int_eq(CountOccurrences(xdmf, "<Attribute Name=\"stress\" AttributeType=\"Tensor6\" Center=\"Cell\">"), 2);
  ck_assert_int_eq(CountOccurrences(xdmf, "<Attribute Name=\"pair\" AttributeType=\"Matrix\" Center=\"Cell\">"), 1);
  ck_assert_ptr_nonnull(strstr(xdmf, "<DataItem Dimensions=\"6 3\" NumberType=\"Float\" Precision=\"8\" "
                                     "Format=\"HDF\">bering.h5:/fields/step_000001/displacement</DataItem>"));
  ck_assert_ptr_nonnull(strstr(xdmf, "<DataItem Dimensions=\"2\" NumberType=\"Int\" Precision=\"8\" "
                                     "Format=\"HDF\">bering.h5:/fields/static/layer</DataItem>"));
  CK_PETSC(PetscFree(xdmf));
}
END_TEST

/* No step: the index shows the mesh and the static fields at time 0. Long metadata fit. */
START_TEST(test_output_static_only)
{
  const size_t long_length = 100000;
  char         dir[PETSC_MAX_PATH_LEN], *xdmf, *long_value;
  Blocks       b;
  DioOutput    out;
  hid_t        file, attribute, type;

  GetBlocks(&b);
  DioTestPath("test_io_output", "static", dir, sizeof(dir));
  CK_PETSC(DioOutputCreate(PETSC_COMM_WORLD, dir, "only", PETSC_TRUE, &out));
  WriteMesh(out, &b);
  WriteStaticFields(out, &b);
  /* Run metadata may exceed the 64 KiB that an attribute in HDF5's oldest format may hold */
  CK_PETSC(PetscMalloc1(long_length + 1, &long_value));
  for (size_t i = 0; i < long_length; i++) long_value[i] = (char)('a' + i % 26);
  long_value[long_length] = '\0';
  CK_PETSC(DioOutputSetMetadata(out, "options", long_value));
  CK_PETSC(PetscFree(long_value));
  CK_PETSC(DioOutputDestroy(&out));
  ck_assert_int_eq(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
  DioTestPath("test_io_output", "static/only.h5", dir, sizeof(dir));
  file = H5Fopen(dir, H5F_ACC_RDONLY, H5P_DEFAULT);
  ck_assert(file >= 0);
  attribute = H5Aopen(file, "options", H5P_DEFAULT);
  ck_assert(attribute >= 0);
  type = H5Aget_type(attribute);
  ck_assert_uint_eq(H5Tget_size(type), long_length + 1);
  ck_assert(H5Tclose(type) >= 0);
  ck_assert(H5Aclose(attribute) >= 0);
  ck_assert(H5Fclose(file) >= 0);
  DioTestPath("test_io_output", "static/only.xmf", dir, sizeof(dir));
  xdmf = ReadText(dir);
  ck_assert_int_eq(CountOccurrences(xdmf, "GridType=\"Uniform\""), 1);
  ck_assert_ptr_nonnull(strstr(xdmf, "CollectionType=\"Temporal\""));
  ck_assert_ptr_nonnull(strstr(xdmf, "<Time Value=\"0\"/>"));
  ck_assert_ptr_nonnull(strstr(xdmf, ">only.h5:/fields/static/layer</DataItem>"));
  ck_assert_ptr_nonnull(strstr(xdmf, ">only.h5:/fields/static/depth</DataItem>"));
  ck_assert_ptr_null(strstr(xdmf, "step_"));
  CK_PETSC(PetscFree(xdmf));
}
END_TEST

/* One unit hexahedron in VTK order (bottom face counter-clockwise, then the top face), all on the last rank. */
START_TEST(test_output_hexahedron)
{
  const PetscInt hex[8] = {0, 1, 3, 2, 4, 5, 7, 6}; /* vertex v at (v & 1, (v >> 1) & 1, (v >> 2) & 1) */
  char           dir[PETSC_MAX_PATH_LEN], *xdmf;
  PetscMPIInt    rank, size;
  PetscReal      coords[3 * 8];
  PetscInt       owned;
  double         xyz[8][3];
  int64_t        cells[1][8];
  DioOutput      out;
  hid_t          file;

  CK_PETSC(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  CK_PETSC(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  owned = rank == size - 1 ? 1 : 0;
  for (PetscInt v = 0; v < 8; v++) {
    for (PetscInt d = 0; d < 3; d++) coords[3 * v + d] = (PetscReal)((v >> d) & 1);
  }
  DioTestPath("test_io_output", "hexahedron", dir, sizeof(dir));
  CK_PETSC(DioOutputCreate(PETSC_COMM_WORLD, dir, "hex", PETSC_TRUE, &out));
  CK_PETSC(DioOutputWriteMesh(out, 3, 8 * owned, 0, 8, coords, owned, 0, 1, 8, hex));
  CK_PETSC(DioOutputDestroy(&out));

  DioTestPath("test_io_output", "hexahedron/hex.h5", dir, sizeof(dir));
  file = H5Fopen(dir, H5F_ACC_RDONLY, H5P_DEFAULT);
  ck_assert(file >= 0);
  ReadDataset(file, "/mesh/vertices", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, 8, 3, xyz);
  for (PetscInt v = 0; v < 8; v++) {
    for (PetscInt d = 0; d < 3; d++) ck_assert(xyz[v][d] == (double)((v >> d) & 1));
  }
  ReadDataset(file, "/mesh/cells", H5T_STD_I64LE, H5T_NATIVE_INT64, 2, 1, 8, cells);
  for (PetscInt i = 0; i < 8; i++) ck_assert_int_eq(cells[0][i], hex[i]);
  CheckStringAttribute(file, "/mesh/cells", "cell_type", "hexahedron");
  ck_assert(H5Fclose(file) >= 0);
  DioTestPath("test_io_output", "hexahedron/hex.xmf", dir, sizeof(dir));
  xdmf = ReadText(dir);
  ck_assert_ptr_nonnull(strstr(xdmf, "<Topology TopologyType=\"Hexahedron\" NumberOfElements=\"1\">"));
  ck_assert_ptr_nonnull(strstr(
      xdmf,
      "<DataItem Dimensions=\"1 8\" NumberType=\"Int\" Precision=\"8\" Format=\"HDF\">hex.h5:/mesh/cells</DataItem>"));
  CK_PETSC(PetscFree(xdmf));
}
END_TEST

/* Never overwrite silently: an existing .h5 or .xmf stops DioOutputCreate() unless overwrite is set. */
START_TEST(test_output_exists)
{
  char        dir[PETSC_MAX_PATH_LEN], expected[2 * PETSC_MAX_PATH_LEN];
  char        xdmf_only[PETSC_MAX_PATH_LEN], h5_only[PETSC_MAX_PATH_LEN];
  PetscMPIInt rank;
  DioOutput   out = NULL;

  CK_PETSC(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  DioTestPath("test_io_output", "exists", dir, sizeof(dir));
  CK_PETSC(DioOutputCreate(PETSC_COMM_WORLD, dir, "run", PETSC_TRUE, &out));
  CK_PETSC(DioOutputDestroy(&out));
  CK_PETSC(PetscSNPrintf(
      expected, sizeof(expected),
      "output '%s/run.h5' exists: choose another -output_dir or -output_name, or pass -output_overwrite", dir));
  CK_PETSC_ERROR(DioOutputCreate(PETSC_COMM_WORLD, dir, "run", PETSC_FALSE, &out), PETSC_ERR_USER_INPUT, expected);
  ck_assert_ptr_null(out);
  CK_PETSC(DioOutputCreate(PETSC_COMM_WORLD, dir, "run", PETSC_TRUE, &out));
  ck_assert_ptr_nonnull(out);
  CK_PETSC(DioOutputDestroy(&out));

  /* An index alone counts too (a trailing '/' on the directory is dropped) */
  CK_PETSC(PetscSNPrintf(xdmf_only, sizeof(xdmf_only), "%s/lonely.xmf", dir));
  CK_PETSC(PetscSNPrintf(h5_only, sizeof(h5_only), "%s/lonely.h5", dir));
  if (rank == 0) {
    FILE *file = fopen(xdmf_only, "w");

    ck_assert_ptr_nonnull(file);
    ck_assert(fclose(file) == 0);
    ck_assert(unlink(h5_only) == 0 || errno == ENOENT);
  }
  CK_PETSC(MPI_Barrier(PETSC_COMM_WORLD));
  CK_PETSC(PetscSNPrintf(expected, sizeof(expected), "output '%s' exists", xdmf_only));
  CK_PETSC(PetscStrlcat(dir, "/", sizeof(dir)));
  CK_PETSC_ERROR(DioOutputCreate(PETSC_COMM_WORLD, dir, "lonely", PETSC_FALSE, &out), PETSC_ERR_USER_INPUT, expected);
  /* Overwriting removes the stale index at once: until the mesh is written there is none */
  CK_PETSC(DioOutputCreate(PETSC_COMM_WORLD, dir, "lonely", PETSC_TRUE, &out));
  ck_assert(access(xdmf_only, F_OK) != 0);
  CK_PETSC(DioOutputDestroy(&out));
}
END_TEST

/* The directory is created with its parents; a path through a regular file is an error that names it. */
START_TEST(test_output_directory)
{
  char        base[PETSC_MAX_PATH_LEN], nested[PETSC_MAX_PATH_LEN], path[PETSC_MAX_PATH_LEN];
  char        blocked[PETSC_MAX_PATH_LEN], expected[2 * PETSC_MAX_PATH_LEN];
  const char *levels[] = {"a/b/c", "a/b", "a"};
  PetscMPIInt rank;
  DioOutput   out;
  struct stat info;

  CK_PETSC(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  DioTestPath("test_io_output", "mkdir", base, sizeof(base));
  CK_PETSC(PetscSNPrintf(nested, sizeof(nested), "%s/a/b/c", base));
  if (rank == 0) { /* remove what an earlier run left */
    CK_PETSC(PetscSNPrintf(path, sizeof(path), "%s/run.h5", nested));
    (void)unlink(path);
    for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
      CK_PETSC(PetscSNPrintf(path, sizeof(path), "%s/%s", base, levels[i]));
      (void)rmdir(path);
    }
  }
  CK_PETSC(MPI_Barrier(PETSC_COMM_WORLD));
  CK_PETSC(DioOutputCreate(PETSC_COMM_WORLD, nested, "run", PETSC_FALSE, &out));
  ck_assert(stat(nested, &info) == 0 && S_ISDIR(info.st_mode));
  CK_PETSC(DioOutputDestroy(&out));

  CK_PETSC(PetscSNPrintf(blocked, sizeof(blocked), "%s/a/b/c/run.h5/sub", base));
  CK_PETSC(PetscSNPrintf(expected, sizeof(expected), "cannot create output directory '%s'", blocked));
  CK_PETSC_ERROR(DioOutputCreate(PETSC_COMM_WORLD, blocked, "run", PETSC_TRUE, &out), PETSC_ERR_FILE_OPEN, expected);
}
END_TEST

/* Misuse is reported on every rank, and leaves the output usable. */
START_TEST(test_output_misuse)
{
  char      dir[PETSC_MAX_PATH_LEN];
  Blocks    b;
  DioOutput out;
  PetscReal none[1]  = {0};
  PetscInt  cells[1] = {0};

  GetBlocks(&b);
  DioTestPath("test_io_output", "misuse", dir, sizeof(dir));
  CK_PETSC_ERROR(DioOutputCreate(PETSC_COMM_WORLD, dir, "bad/name", PETSC_TRUE, &out), PETSC_ERR_USER_INPUT,
                 "output name 'bad/name'");
  CK_PETSC(DioOutputCreate(PETSC_COMM_WORLD, dir, "misuse", PETSC_TRUE, &out));
  CK_PETSC_ERROR(DioOutputWriteField(out, "early", DIO_OUTPUT_VERTEX, 1, "m", none), PETSC_ERR_ORDER,
                 "field 'early': write the mesh first");
  CK_PETSC_ERROR(DioOutputBeginStep(out, 0, 0.0), PETSC_ERR_ORDER, "write the mesh before step 0");
  CK_PETSC_ERROR(DioOutputWriteMesh(out, 2, 0, 0, 0, none, 0, 0, 0, 5, cells), PETSC_ERR_ARG_OUTOFRANGE,
                 "dim 2 with 5 vertices per cell");
  CK_PETSC_ERROR(DioOutputWriteMesh(out, 2, 0, 0, NUM_VERTICES, none, 0, 0, NUM_CELLS, 4, cells), PETSC_ERR_ARG_SIZ,
                 "the ranks hold 0 vertices and 0 cells, not 6 and 2");
  WriteMesh(out, &b);
  WriteStaticFields(out, &b);
  CK_PETSC_ERROR(DioOutputWriteIntField(out, "layer", DIO_OUTPUT_CELL, cells), PETSC_ERR_ARG_WRONG,
                 "field 'layer' is already written as a static field");
  CK_PETSC_ERROR(DioOutputWriteIntField(out, "bad name", DIO_OUTPUT_CELL, cells), PETSC_ERR_ARG_WRONG,
                 "field name 'bad name'");
  WriteStep(out, &b, 3, 1.0);
  CK_PETSC_ERROR(DioOutputWriteField(out, "late", DIO_OUTPUT_VERTEX, 1, "m", none), PETSC_ERR_ORDER,
                 "field 'late' after step 3 ended");
  CK_PETSC_ERROR(DioOutputBeginStep(out, 3, 2.0), PETSC_ERR_ARG_OUTOFRANGE,
                 "step 3: step numbers must be >= 0 and increase");
  CK_PETSC_ERROR(DioOutputEndStep(out), PETSC_ERR_ORDER, "DioOutputEndStep() without DioOutputBeginStep()");
  CK_PETSC(DioOutputBeginStep(out, 4, 2.0)); /* left open: DioOutputDestroy() ends it */
  CK_PETSC(DioOutputDestroy(&out));
  ck_assert_int_eq(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
}
END_TEST

/* Whether text is well-formed XML in the subset an XDMF index uses: a prolog of <?...?>, <!...> and comments, then one
   root element; every start tag closed by its own end tag or "/>", attribute values quoted, no markup or stray '&' in
   the text. *count receives the number of elements named name. */
static PetscBool XmlWellFormed(const char text[], const char name[], PetscInt *count)
{
  const char  name_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:";
  const char *open[64], *p           = text;
  size_t      open_length[64], depth = 0, roots = 0;

  *count = 0;
  while (*p) {
    const char *q, *tag;
    size_t      length;
    PetscBool   closing, empty;

    if (*p != '<') {
      if (depth == 0 && !(*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) return PETSC_FALSE;
      if (*p == '&' && (strchr(p, ';') == NULL || strchr(p, ';') - p > 8)) return PETSC_FALSE;
      p++;
      continue;
    }
    if (!strncmp(p, "<!--", 4) || !strncmp(p, "<?", 2) || !strncmp(p, "<!", 2)) {
      const char *end = !strncmp(p, "<!--", 4) ? "-->" : (p[1] == '?' ? "?>" : ">");

      if (p[1] != '!' || p[2] != '-') {
        if (depth > 0 || roots > 0) return PETSC_FALSE; /* declarations only before the root */
      }
      q = strstr(p + 2, end);
      if (q == NULL) return PETSC_FALSE;
      p = q + strlen(end);
      continue;
    }
    closing = (PetscBool)(p[1] == '/');
    tag     = p + 1 + closing;
    length  = strspn(tag, name_chars);
    if (length == 0) return PETSC_FALSE;
    q = tag + length;
    for (;;) { /* attributes: name="value" or name='value', separated by white space */
      const char *value_end;
      size_t      spaces = strspn(q, " \t\r\n");

      q += spaces;
      if (*q == '>' || (q[0] == '/' && q[1] == '>')) break;
      if (closing || spaces == 0 || strspn(q, name_chars) == 0) return PETSC_FALSE;
      q += strspn(q, name_chars);
      if (*q++ != '=' || (*q != '"' && *q != '\'')) return PETSC_FALSE;
      value_end = strchr(q + 1, *q);
      if (value_end == NULL || memchr(q + 1, '<', (size_t)(value_end - q - 1)) != NULL) return PETSC_FALSE;
      q = value_end + 1;
    }
    empty = (PetscBool)(*q == '/');
    if (closing && empty) return PETSC_FALSE;
    p = q + (empty ? 2 : 1);
    if (closing) {
      if (depth == 0 || open_length[depth - 1] != length || strncmp(open[depth - 1], tag, length)) return PETSC_FALSE;
      depth--;
      continue;
    }
    if (depth == 0 && roots++ > 0) return PETSC_FALSE;
    if (strlen(name) == length && !strncmp(tag, name, length)) (*count)++;
    if (!empty) {
      if (depth == sizeof(open) / sizeof(open[0])) return PETSC_FALSE;
      open[depth]          = tag;
      open_length[depth++] = length;
    }
  }
  return (PetscBool)(depth == 0 && roots == 1);
}

/* DioOutputReopen(), as a run restarted from the checkpoint of step 1 uses it: the file had steps 0, 1 and 2 (step 2
   written after the checkpoint); the continued file keeps 0 and 1, drops 2 and gets the new step 3, its records and
   its index listing exactly those three. A missing file is no error (*output NULL: the caller creates one); a file
   that is not HDF5, or that lacks the step, is an error on every rank. */
START_TEST(test_output_reopen)
{
  const double times[3] = {0.5, 1.25, 3.0}, old_time_2 = 2.0;
  const int    kept[3] = {0, 1, 3};
  char         dir[PETSC_MAX_PATH_LEN], path[PETSC_MAX_PATH_LEN], *xdmf;
  Blocks       b;
  DioOutput    out;
  hid_t        file;
  double       u[NUM_VERTICES][3], read_times[3];
  int64_t      steps[3], layer[NUM_CELLS];
  PetscInt     grids;
  PetscBool    well_formed;
  H5E_auto2_t  report;
  void        *report_data;

  /* the checker itself rejects what it must */
  ck_assert(XmlWellFormed("<?xml version=\"1.0\" ?>\n<a x=\"1\"><b/><b></b></a>\n", "b", &grids) && grids == 2);
  ck_assert(!XmlWellFormed("<a><b></a></b>", "b", &grids));
  ck_assert(!XmlWellFormed("<a><b>", "b", &grids));
  ck_assert(!XmlWellFormed("<a x=1/>", "a", &grids));
  ck_assert(!XmlWellFormed("<a/><a/>", "a", &grids));
  ck_assert(!XmlWellFormed("<a>x < y</a>", "a", &grids));

  GetBlocks(&b);
  DioTestPath("test_io_output", "reopen", dir, sizeof(dir));
  CK_PETSC(DioOutputCreate(PETSC_COMM_WORLD, dir, "run", PETSC_TRUE, &out));
  WriteMesh(out, &b);
  WriteStaticFields(out, &b);
  WriteStep(out, &b, 0, times[0]);
  WriteStep(out, &b, 1, times[1]);
  WriteStep(out, &b, 2, old_time_2);
  CK_PETSC(DioOutputDestroy(&out));

  CK_PETSC(DioOutputReopen(PETSC_COMM_WORLD, dir, "run", 1, &out));
  ck_assert_ptr_nonnull(out);
  WriteMesh(out, &b);
  WriteStep(out, &b, 3, times[2]);
  CK_PETSC(DioOutputDestroy(&out));
  ck_assert_int_eq(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);

  DioTestPath("test_io_output", "reopen/run.h5", path, sizeof(path));
  file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  ck_assert(file >= 0);
  ReadDataset(file, "/steps/step", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, 3, 0, steps);
  ReadDataset(file, "/steps/time", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, 3, 0, read_times);
  for (int s = 0; s < 3; s++) {
    char group[64], field[128];

    ck_assert_int_eq(steps[s], kept[s]);
    ck_assert(read_times[s] == times[s]);
    CK_PETSC(PetscSNPrintf(group, sizeof(group), "/fields/step_%06d", kept[s]));
    CheckNumberAttribute(file, group, "step", (double)kept[s]);
    CheckNumberAttribute(file, group, "time", times[s]);
    CK_PETSC(PetscSNPrintf(field, sizeof(field), "%s/displacement", group));
    ReadDataset(file, field, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 2, NUM_VERTICES, 3, u);
    for (PetscInt v = 0; v < NUM_VERTICES; v++) {
      for (PetscInt d = 0; d < 3; d++) ck_assert(u[v][d] == Displacement(kept[s], v, d));
    }
  }
  ck_assert(H5Lexists(file, "/fields/step_000002", H5P_DEFAULT) == 0);
  ReadDataset(file, "/fields/static/layer", H5T_STD_I64LE, H5T_NATIVE_INT64, 1, NUM_CELLS, 0, layer);
  for (PetscInt c = 0; c < NUM_CELLS; c++) ck_assert_int_eq(layer[c], Layer(c));
  ck_assert(H5Fclose(file) >= 0);

  DioTestPath("test_io_output", "reopen/run.xmf", path, sizeof(path));
  xdmf        = ReadText(path);
  well_formed = XmlWellFormed(xdmf, "Grid", &grids);
  ck_assert_msg(well_formed, "%s is not well-formed XML", path);
  ck_assert_int_eq(grids, 4); /* the temporal collection and its 3 steps */
  ck_assert_int_eq(CountOccurrences(xdmf, "GridType=\"Uniform\""), 3);
  ck_assert_int_eq(CountOccurrences(xdmf, "<Time Value="), 3);
  for (int s = 0; s < 3; s++) {
    char time_element[64];

    /* these times in their shortest form, as io/xdmf.c writes them (PetscSNPrintf() turns %g of 3 into "3.") */
    ck_assert(snprintf(time_element, sizeof(time_element), "<Time Value=\"%g\"/>", times[s]) > 0);
    ck_assert_msg(strstr(xdmf, time_element) != NULL, "%s lacks %s", path, time_element);
  }
  ck_assert_ptr_nonnull(strstr(xdmf, ">run.h5:/fields/step_000003/displacement</DataItem>"));
  ck_assert_ptr_null(strstr(xdmf, "step_000002"));
  CK_PETSC(PetscFree(xdmf));

  /* no such file: nothing to continue, no error */
  out = (DioOutput)&out;
  CK_PETSC(DioOutputReopen(PETSC_COMM_WORLD, dir, "missing", 1, &out));
  ck_assert_ptr_null(out);
  /* a file that is not HDF5 (a run killed while creating it, a stray file); HDF5's own report silenced */
  DioTestWriteFile("test_io_output", "reopen/corrupt.h5", "not an HDF5 file\n", path, sizeof(path));
  ck_assert(H5Eget_auto2(H5E_DEFAULT, &report, &report_data) >= 0);
  ck_assert(H5Eset_auto2(H5E_DEFAULT, NULL, NULL) >= 0);
  CK_PETSC_ERROR(DioOutputReopen(PETSC_COMM_WORLD, dir, "corrupt", 1, &out), PETSC_ERR_LIB,
                 "HDF5: cannot open file (to continue it)");
  ck_assert(H5Eset_auto2(H5E_DEFAULT, report, report_data) >= 0);
  ck_assert_ptr_null(out);
  /* the step to continue after was dropped (on this error path DioOutputReopen() leaves the file open: the run ends
     on the error; this check comes last for that reason) */
  CK_PETSC_ERROR(DioOutputReopen(PETSC_COMM_WORLD, dir, "run", 2, &out), PETSC_ERR_USER_INPUT,
                 "after step 2: it has no such step");
  ck_assert_ptr_null(out);
}
END_TEST

/* Steps at the same instant (a state and the undrained response to it): ParaView's XDMF reader shows nothing at a
   time two grids share, so the index gives the later one a time 1e-9 (at least 1e-9 s) after; the HDF5 file keeps
   the exact times. */
START_TEST(test_output_same_time)
{
  char        dir[PETSC_MAX_PATH_LEN];
  const char *h5_path, *xdmf_path;
  char       *xdmf;
  Blocks      b;
  DioOutput   out;
  hid_t       file;
  double      times[4];

  GetBlocks(&b);
  DioTestPath("test_io_output", "same_time", dir, sizeof(dir));
  CK_PETSC(DioOutputCreate(PETSC_COMM_WORLD, dir, "bering", PETSC_TRUE, &out));
  CK_PETSC(DioOutputGetPaths(out, &h5_path, &xdmf_path));
  WriteMesh(out, &b);
  WriteStep(out, &b, 0, 0.0);
  WriteStep(out, &b, 1, 0.0);
  WriteStep(out, &b, 2, 1e6);
  WriteStep(out, &b, 3, 1e6);
  xdmf = ReadText(xdmf_path);
  ck_assert_int_eq(CountOccurrences(xdmf, "<Time Value=\"0\"/>"), 1);
  ck_assert_ptr_nonnull(strstr(xdmf, "<Time Value=\"1e-09\"/>"));
  ck_assert_int_eq(CountOccurrences(xdmf, "<Time Value=\"1000000\"/>"), 1);
  ck_assert_ptr_nonnull(strstr(xdmf, "<Time Value=\"1000000.001\"/>"));
  CK_PETSC(PetscFree(xdmf));
  CK_PETSC(DioOutputDestroy(&out));
  DioTestPath("test_io_output", "same_time/bering.h5", dir, sizeof(dir));
  file = H5Fopen(dir, H5F_ACC_RDONLY, H5P_DEFAULT);
  ck_assert(file >= 0);
  ReadDataset(file, "/steps/time", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, 4, 0, times);
  ck_assert(times[0] == 0.0 && times[1] == 0.0 && times[2] == 1e6 && times[3] == 1e6);
  ck_assert(H5Fclose(file) >= 0);
}
END_TEST

int main(int argc, char **argv)
{
  const TTest *const tests[] = {test_output_steps,  test_output_static_only, test_output_hexahedron,
                                test_output_exists, test_output_directory,   test_output_misuse,
                                test_output_reopen, test_output_same_time};
  Suite             *suite   = suite_create("io_output");

  DioTestAddCase(suite, "output", tests, sizeof(tests) / sizeof(tests[0]), 0);
  return DioTestMain(&argc, &argv, suite);
}
