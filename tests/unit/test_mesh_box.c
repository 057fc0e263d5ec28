/* SPDX-License-Identifier: BSD-2-Clause
   test_mesh_box.c: the structured box built in parallel (mesh/box.c), on 1 rank and under mpiexec (3 ranks). Every
   check is a partition-independent quantity summed over ranks, exact in integers or to round-off in reals:
   - counts: nx ny (nz) cells, (nx + 1)(ny + 1)(nz + 1) vertices owned once, faces per side as the box's side ids;
   - geometry: every cell of positive measure (DMPlexCheckGeometry), total measure the box's, to 1e-12 relative
     (a sum of at most 100 cells of O(1) measures);
   - topology: DMPlex's own checks (symmetric cones/supports, skeleton, faces, point SF, interface cones);
   - partition: a box long in x is cut across x only, so every rank holds whole columns (its cell count a multiple of
     the cells of one column) and the counts differ by at most one column. */
#include <check.h>
#include <petscdmplex.h>
#include <petscsf.h>
#include "dio_mesh.h"
#include "test_helpers.h"

#define MEASURE_RTOL 1e-12

typedef struct {
  PetscInt  cells, vertices, faces[7], min_cells, max_cells;
  PetscReal measure;
} BoxSummary;

static PetscErrorCode SummarizeBox(DM dm, BoxSummary *sum)
{
  MPI_Comm        comm = PetscObjectComm((PetscObject)dm);
  PetscSF         sf;
  const PetscInt *leaves;
  PetscInt        cStart, cEnd, vStart, vEnd, num_leaves, local[9] = {0}, global[9];
  PetscReal       measure = 0;

  PetscFunctionBegin;
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  PetscCall(DMGetPointSF(dm, &sf));
  PetscCall(PetscSFGetGraph(sf, NULL, &num_leaves, &leaves, NULL));
  local[0] = cEnd - cStart;
  local[1] = vEnd - vStart;
  for (PetscInt l = 0; l < num_leaves; l++) {
    const PetscInt p = leaves != NULL ? leaves[l] : l;

    if (p >= vStart && p < vEnd) local[1]--;
  }
  for (PetscInt id = 1; id <= 6; id++) PetscCall(DMGetStratumSize(dm, DIO_LABEL_BOUNDARY, id, &local[1 + id]));
  PetscCallMPI(MPI_Allreduce(local, global, 8, MPIU_INT, MPI_SUM, comm));
  sum->cells    = global[0];
  sum->vertices = global[1];
  for (PetscInt id = 1; id <= 6; id++) sum->faces[id] = global[1 + id];
  PetscCallMPI(MPI_Allreduce(&local[0], &sum->min_cells, 1, MPIU_INT, MPI_MIN, comm));
  PetscCallMPI(MPI_Allreduce(&local[0], &sum->max_cells, 1, MPIU_INT, MPI_MAX, comm));
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscReal volume;

    PetscCall(DMPlexComputeCellGeometryFVM(dm, c, &volume, NULL, NULL));
    measure += volume;
  }
  PetscCallMPI(MPI_Allreduce(&measure, &sum->measure, 1, MPIU_REAL, MPI_SUM, comm));
  PetscCall(DMPlexCheckSymmetry(dm));
  PetscCall(DMPlexCheckSkeleton(dm, 0));
  PetscCall(DMPlexCheckFaces(dm, 0));
  PetscCall(DMPlexCheckGeometry(dm));
  PetscCall(DMPlexCheckPointSF(dm, NULL, PETSC_FALSE));
  PetscCall(DMPlexCheckInterfaceCones(dm));
  PetscFunctionReturn(0);
}

/* 12 x 3 cells on [0, 6] x [-1.5, 0]: sides west/east/base/surface as the strait's. */
START_TEST(test_box_2d)
{
  const PetscInt faces[2]  = {12, 3},
                 sides[4]  = {DIO_BOUNDARY_WEST, DIO_BOUNDARY_EAST, DIO_BOUNDARY_BASE, DIO_BOUNDARY_SURFACE};
  const PetscReal lower[2] = {0, -1.5}, upper[2] = {6, 0};
  DM              dm;
  BoxSummary      sum;

  CK_PETSC(DioMeshCreateBox(PETSC_COMM_WORLD, 2, faces, lower, upper, sides, &dm));
  CK_PETSC(SummarizeBox(dm, &sum));
  ck_assert_int_eq(sum.cells, 36);
  ck_assert_int_eq(sum.vertices, 13 * 4);
  ck_assert_int_eq(sum.faces[DIO_BOUNDARY_WEST], 3);
  ck_assert_int_eq(sum.faces[DIO_BOUNDARY_EAST], 3);
  ck_assert_int_eq(sum.faces[DIO_BOUNDARY_BASE], 12);
  ck_assert_int_eq(sum.faces[DIO_BOUNDARY_SURFACE], 12);
  ck_assert_int_eq(sum.faces[DIO_BOUNDARY_SOUTH] + sum.faces[DIO_BOUNDARY_NORTH], 0);
  ck_assert_int_eq(sum.min_cells % 3, 0); /* whole columns */
  ck_assert_int_le(sum.max_cells - sum.min_cells, 3);
  ck_assert_double_eq_tol(sum.measure, 9.0, MEASURE_RTOL * 9.0);
  CK_PETSC(DMDestroy(&dm));
}
END_TEST

/* 5 x 4 x 3 hexahedra on [0, 1] x [0, 2] x [0, 3]; the y sides unlabelled (id 0). */
START_TEST(test_box_3d)
{
  const PetscInt faces[3]  = {5, 4, 3},
                 sides[6]  = {DIO_BOUNDARY_WEST, DIO_BOUNDARY_EAST, 0, 0, DIO_BOUNDARY_BASE, DIO_BOUNDARY_SURFACE};
  const PetscReal lower[3] = {0, 0, 0}, upper[3] = {1, 2, 3};
  DM              dm;
  BoxSummary      sum;

  CK_PETSC(DioMeshCreateBox(PETSC_COMM_WORLD, 3, faces, lower, upper, sides, &dm));
  CK_PETSC(SummarizeBox(dm, &sum));
  ck_assert_int_eq(sum.cells, 60);
  ck_assert_int_eq(sum.vertices, 6 * 5 * 4);
  ck_assert_int_eq(sum.faces[DIO_BOUNDARY_WEST], 12);
  ck_assert_int_eq(sum.faces[DIO_BOUNDARY_EAST], 12);
  ck_assert_int_eq(sum.faces[DIO_BOUNDARY_BASE], 20);
  ck_assert_int_eq(sum.faces[DIO_BOUNDARY_SURFACE], 20);
  ck_assert_int_eq(sum.faces[DIO_BOUNDARY_SOUTH] + sum.faces[DIO_BOUNDARY_NORTH], 0);
  ck_assert_double_eq_tol(sum.measure, 6.0, MEASURE_RTOL * 6.0);
  CK_PETSC(DMDestroy(&dm));
}
END_TEST

/* More ranks than cells along x (1 x 2 x 2 cells): the process grid cuts another direction, no rank left empty where
   the cells suffice. */
START_TEST(test_box_thin)
{
  const PetscInt  faces[3] = {1, 2, 2}, sides[6] = {1, 1, 1, 1, 1, 1};
  const PetscReal lower[3] = {0, 0, 0}, upper[3] = {1, 1, 1};
  DM              dm;
  BoxSummary      sum;
  PetscMPIInt     size;

  CK_PETSC(DioMeshCreateBox(PETSC_COMM_WORLD, 3, faces, lower, upper, sides, &dm));
  CK_PETSC(SummarizeBox(dm, &sum));
  ck_assert_int_eq(MPI_Comm_size(PETSC_COMM_WORLD, &size), MPI_SUCCESS);
  ck_assert_int_eq(sum.cells, 4);
  ck_assert_int_eq(sum.faces[1], 2 * (2 + 2 + 4));
  if (size <= 4 && 4 % size == 0) ck_assert_int_eq(sum.min_cells, 4 / size);
  ck_assert_double_eq_tol(sum.measure, 1.0, MEASURE_RTOL);
  CK_PETSC(DMDestroy(&dm));
}
END_TEST

int main(int argc, char **argv)
{
  const TTest *const tests[] = {test_box_2d, test_box_3d, test_box_thin};
  Suite             *suite   = suite_create("mesh_box");

  DioTestAddCase(suite, "box", tests, sizeof(tests) / sizeof(tests[0]), 0);
  return DioTestMain(&argc, &argv, suite);
}
