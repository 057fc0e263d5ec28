/* SPDX-License-Identifier: BSD-2-Clause
   test_elasticity_matrix.c: the stiffness matrix of solver/physics/elasticity_matrix.c on small boxes (2D and 3D,
   Q1 and Q2), base fixed and west side on rollers, on 1 rank and under mpiexec:
   - the preallocation from the cell adjacency is enough: no malloc during the first assembly (an underestimate on
     any rank would also be an error, MAT_NEW_NONZERO_ALLOCATION_ERR);
   - the pattern is made of dense dim x dim blocks (every row of a block row has the same columns, a multiple of
     dim of them): what GAMG needs for its fast graph path (PETSc 3.18 MatCreateGraph_Simple_AIJ);
   - a node with every component fixed has exactly its diagonal block, with a positive diagonal and zeros;
   - a roller's constrained row holds only its diagonal value (explicit zeros elsewhere), its free row couples;
   - the matrix is symmetric (to round-off) and flagged so. */
#include <check.h>
#include <petscdmplex.h>
#include "test_helpers.h"
#include "dio_mesh.h"
#include "dio_material.h"
#include "dio_elasticity.h"

#define BOX_LAYER "box"

/* Unit box with n cells per direction: faces at the bottom (last coordinate 0) DIO_BOUNDARY_BASE, at x = 0 (and not
   the bottom) DIO_BOUNDARY_WEST, in "Face Sets"; distributed. */
static PetscErrorCode CreateBox(PetscInt dim, PetscInt n, DM *dm)
{
  const PetscInt faces[3] = {n, n, n};
  DM             distributed = NULL;
  DMLabel        label;
  PetscBool      has;
  PetscInt       fStart, fEnd;

  PetscFunctionBegin;
  PetscCall(DMPlexCreateBoxMesh(PETSC_COMM_WORLD, dim, PETSC_FALSE, faces, NULL, NULL, NULL, PETSC_TRUE, dm));
  PetscCall(DMHasLabel(*dm, DIO_LABEL_BOUNDARY, &has));
  if (has) PetscCall(DMRemoveLabel(*dm, DIO_LABEL_BOUNDARY, NULL));
  PetscCall(DMCreateLabel(*dm, DIO_LABEL_BOUNDARY));
  PetscCall(DMGetLabel(*dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMPlexGetHeightStratum(*dm, 1, &fStart, &fEnd));
  for (PetscInt f = fStart; f < fEnd; f++) {
    PetscInt  support_size;
    PetscReal centroid[3];
    PetscCall(DMPlexGetSupportSize(*dm, f, &support_size));
    if (support_size != 1) continue;
    PetscCall(DMPlexComputeCellGeometryFVM(*dm, f, NULL, centroid, NULL));
    if (PetscAbsReal(centroid[dim - 1]) < 1e-12) PetscCall(DMLabelSetValue(label, f, DIO_BOUNDARY_BASE));
    else if (PetscAbsReal(centroid[0]) < 1e-12) PetscCall(DMLabelSetValue(label, f, DIO_BOUNDARY_WEST));
  }
  PetscCall(DMPlexDistribute(*dm, 0, NULL, &distributed));
  if (distributed) {
    PetscCall(DMDestroy(dm));
    *dm = distributed;
  }
  PetscFunctionReturn(0);
}

static void CheckMatrix(PetscInt dim, PetscInt order, PetscInt n)
{
  const char      *names[] = {BOX_LAYER};
  DioMaterialTable materials;
  DioElasticity    elas;
  DioElasLoads     loads = {.gravity = 9.81, .water_density = 0, .water_level = 0, .sea_load = PETSC_FALSE, .pore_pressure = PETSC_FALSE};
  DM               dm;
  Mat              K;
  Vec              F, coords;
  MatInfo          info;
  PetscBool        symmetric, flagged, set;
  PetscInt         rstart, rend, fixed_rows = 0, roller_rows = 0, fixed_rows_global, roller_rows_global;
  const PetscScalar *x;

  CK_PETSC(PetscOptionsSetValue(NULL, "-materials_" BOX_LAYER "_youngs_modulus", "1e9"));
  CK_PETSC(PetscOptionsSetValue(NULL, "-materials_" BOX_LAYER "_poissons_ratio", "0.3"));
  CK_PETSC(PetscOptionsSetValue(NULL, "-materials_" BOX_LAYER "_density", "2000"));
  CK_PETSC(DioMaterialTableCreate(PETSC_COMM_WORLD, 1, names, &materials));
  CK_PETSC(CreateBox(dim, n, &dm));
  CK_PETSC(DioElasticityCreate(dm, order, materials, &elas));
  CK_PETSC(DioElasticitySetLoads(elas, &loads));
  CK_PETSC(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_BASE, DIO_BC_FIXED));
  CK_PETSC(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_WEST, DIO_BC_ROLLER));
  CK_PETSC(DioElasticityCreateMatrix(elas, &K));
  CK_PETSC(DioElasticityCreateGlobalVector(elas, &F));
  CK_PETSC(DioElasticityAssemble(elas, K, F));

  CK_PETSC(MatGetInfo(K, MAT_GLOBAL_SUM, &info));
  ck_assert_msg(info.mallocs == 0, "%g mallocs during the assembly: the preallocation is short", info.mallocs);
  CK_PETSC(MatIsSymmetric(K, 1e-12, &symmetric));
  ck_assert_msg(symmetric, "K is not symmetric");
  CK_PETSC(MatIsSymmetricKnown(K, &set, &flagged));
  ck_assert_msg(set && flagged, "K is not flagged symmetric");

  /* node coordinates: the same layout as K's rows */
  CK_PETSC(DioElasticityGetNodeCoordinates(elas, &coords));
  CK_PETSC(VecGetArrayRead(coords, &x));
  CK_PETSC(MatGetOwnershipRange(K, &rstart, &rend));
  for (PetscInt block = rstart; block < rend; block += dim) {
    const PetscReal *X      = &x[block - rstart];
    const PetscBool  base   = (PetscBool)(PetscAbsReal(X[dim - 1]) < 1e-12);
    const PetscBool  roller = (PetscBool)(!base && PetscAbsReal(X[0]) < 1e-12);
    const PetscInt  *cols0;
    PetscInt         ncols0, n0;
    PetscInt        *first;
    CK_PETSC(MatGetRow(K, block, &n0, &cols0, NULL));
    ncols0 = n0; /* MatRestoreRow() zeroes n0 */
    ck_assert_msg(ncols0 % dim == 0, "row %d: %d columns, not a multiple of %d", (int)block, (int)ncols0, (int)dim);
    CK_PETSC(PetscMalloc1(ncols0, &first));
    CK_PETSC(PetscArraycpy(first, cols0, ncols0));
    CK_PETSC(MatRestoreRow(K, block, &n0, &cols0, NULL));
    if (base) ck_assert_msg(ncols0 == dim, "fixed node at row %d: %d columns, expected its diagonal block", (int)block, (int)ncols0);
    for (PetscInt comp = 0; comp < dim; comp++) {
      const PetscInt     row = block + comp;
      const PetscInt    *cols;
      const PetscScalar *vals;
      PetscInt           ncols;
      PetscBool          constrained = (PetscBool)(base || (roller && comp == 0));
      PetscInt           off_diagonal = 0;
      CK_PETSC(MatGetRow(K, row, &ncols, &cols, &vals));
      ck_assert_msg(ncols == ncols0, "block row %d: row %d has %d columns, row %d has %d", (int)(block / dim), (int)row, (int)ncols, (int)block, (int)ncols0);
      for (PetscInt k = 0; k < ncols; k++) {
        ck_assert_msg(cols[k] == first[k], "block row %d: rows %d and %d differ in columns", (int)(block / dim), (int)block, (int)row);
        if (cols[k] == row) ck_assert_msg(PetscRealPart(vals[k]) > 0, "row %d: diagonal %g not positive", (int)row, (double)PetscRealPart(vals[k]));
        else if (vals[k] != 0.0) off_diagonal++;
      }
      CK_PETSC(MatRestoreRow(K, row, &ncols, &cols, &vals));
      if (constrained) ck_assert_msg(off_diagonal == 0, "constrained row %d has %d nonzero off-diagonal values", (int)row, (int)off_diagonal);
      else ck_assert_msg(off_diagonal > 0, "free row %d is decoupled", (int)row);
      if (base) fixed_rows++;
      if (roller && comp == 0) roller_rows++;
    }
    CK_PETSC(PetscFree(first));
  }
  CK_PETSC(VecRestoreArrayRead(coords, &x));
  /* the boundary conditions did reach the matrix: (order n + 1)^(dim - 1) base nodes, order n of them up the west side
     (per direction: the west face has n * order + 1 nodes per direction, less the base row) */
  ck_assert_int_eq(MPI_Allreduce(&fixed_rows, &fixed_rows_global, 1, MPIU_INT, MPI_SUM, PETSC_COMM_WORLD), MPI_SUCCESS);
  ck_assert_int_eq(MPI_Allreduce(&roller_rows, &roller_rows_global, 1, MPIU_INT, MPI_SUM, PETSC_COMM_WORLD), MPI_SUCCESS);
  {
    const PetscInt side = n * order + 1, base_nodes = dim == 2 ? side : side * side, west_nodes = dim == 2 ? side - 1 : side * (side - 1);
    ck_assert_int_eq(fixed_rows_global, base_nodes * dim);
    ck_assert_int_eq(roller_rows_global, west_nodes);
  }

  CK_PETSC(VecDestroy(&F));
  CK_PETSC(MatDestroy(&K));
  CK_PETSC(DioElasticityDestroy(&elas));
  CK_PETSC(DMDestroy(&dm));
  CK_PETSC(DioMaterialTableDestroy(&materials));
}

START_TEST(test_matrix_2d_q1) { CheckMatrix(2, 1, 6); }
END_TEST
START_TEST(test_matrix_2d_q2) { CheckMatrix(2, 2, 4); }
END_TEST
START_TEST(test_matrix_3d_q1) { CheckMatrix(3, 1, 4); }
END_TEST
START_TEST(test_matrix_3d_q2) { CheckMatrix(3, 2, 2); }
END_TEST

int main(int argc, char **argv)
{
  const TTest *const tests[] = {test_matrix_2d_q1, test_matrix_2d_q2, test_matrix_3d_q1, test_matrix_3d_q2};
  Suite             *suite   = suite_create("elasticity_matrix");

  DioTestAddCase(suite, "pattern", tests, sizeof(tests) / sizeof(tests[0]), 120);
  return DioTestMain(&argc, &argv, suite);
}
