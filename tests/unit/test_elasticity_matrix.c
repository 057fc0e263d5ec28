/* SPDX-License-Identifier: BSD-2-Clause
   test_elasticity_matrix.c: the stiffness matrix of solver/physics/mechanics/elasticity_matrix.c on small boxes (2D and
   3D, Q1 and Q2, and P1 and P2 on the boxes cut into triangles / tetrahedra), base fixed and west side on rollers, on 1
   rank and under mpiexec:
   - the preallocation from the cell adjacency is enough: no malloc during the first assembly (an underestimate on
     any rank would also be an error, MAT_NEW_NONZERO_ALLOCATION_ERR);
   - the pattern is made of dense dim x dim blocks (every row of a block row has the same columns, a multiple of
     dim of them): what GAMG needs for its fast graph path (PETSc 3.18 MatCreateGraph_Simple_AIJ);
   - a node with every component fixed has exactly its diagonal block, with a positive diagonal and zeros;
   - a roller's constrained row holds only its diagonal value (explicit zeros elsewhere), its free row couples;
   - the matrix is symmetric (to round-off) and flagged so;
   - diomede's multiply (mat_multiply.c, kernels/csr_multiply.h) is installed, takes the blocked path (block size
     dim), and gives PETSc's MatMult and MatMultAdd (w != y and w == y) and MatMultTranspose to rounding; it is still
     installed after a bare MatAssemblyBegin/End, MatZeroEntries and a second assembly; a MatDuplicate multiplies
     the same; on matrices that are not blocked (a tridiagonal with block size 1, and with block size 3) the scalar
     path gives PETSc's product, with 2 OpenMP threads. */
#include <check.h>
#include <petscdmplex.h>
#include "test_helpers.h"
#include "dio_mesh.h"
#include "dio_material.h"
#include "dio_elasticity.h"
#include "mat_multiply.h"
#include "simplex_box.h"
#if defined(_OPENMP)
  #include <omp.h>
#endif

#define BOX_LAYER "box"

/* Unit box with n cells per direction (quads/hexes, or each cut into simplices): faces at the bottom (last coordinate
   0) DIO_BOUNDARY_BASE, at x = 0 (and not the bottom) DIO_BOUNDARY_WEST, in "Face Sets"; distributed. */
static PetscErrorCode CreateBox(PetscInt dim, PetscInt n, PetscBool simplex, DM *dm)
{
  const PetscInt  faces[3] = {n, n, n};
  const PetscReal lower[3] = {0, 0, 0}, upper[3] = {1, 1, 1};
  DM             distributed = NULL;
  DMLabel        label;
  PetscBool      has;
  PetscInt       fStart, fEnd;

  PetscFunctionBegin;
  if (simplex) PetscCall(SimplexBoxCreate(PETSC_COMM_WORLD, dim, faces, lower, upper, dm));
  else PetscCall(DMPlexCreateBoxMesh(PETSC_COMM_WORLD, dim, PETSC_FALSE, faces, NULL, NULL, NULL, PETSC_TRUE, dm));
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

/* max |y_diomede - y_petsc| for y = A x, A x + w, A x + y (in place), A^T x (symmetric A: against A x), against the
   rounding bound 1e-13 ||A||_inf ||x||_inf (PETSc sums in another order: the difference is a few ulps of the row's
   largest term times the row length, here < 100). A must have diomede's multiply installed. */
static void CompareMultiply(Mat A, PetscBool symmetric)
{
  Vec         x, w, y_dio, y_pet, z_dio, z_pet;
  PetscRandom rnd;
  PetscReal   norm_a, norm_x, diff, bound;

  CK_PETSC(MatCreateVecs(A, &x, &y_dio));
  CK_PETSC(VecDuplicate(y_dio, &y_pet));
  CK_PETSC(VecDuplicate(y_dio, &w));
  CK_PETSC(VecDuplicate(y_dio, &z_dio));
  CK_PETSC(VecDuplicate(y_dio, &z_pet));
  CK_PETSC(PetscRandomCreate(PETSC_COMM_WORLD, &rnd));
  CK_PETSC(PetscRandomSetInterval(rnd, -1.0, 1.0));
  CK_PETSC(VecSetRandom(x, rnd));
  CK_PETSC(VecSetRandom(w, rnd));
  CK_PETSC(PetscRandomDestroy(&rnd));
  CK_PETSC(MatNorm(A, NORM_INFINITY, &norm_a));
  CK_PETSC(VecNorm(x, NORM_INFINITY, &norm_x));
  bound = 1e-13 * norm_a * PetscMax(norm_x, 1.0);

  for (int op = 0; op < 4; op++) {
    for (int pass = 0; pass < 2; pass++) { /* 0: diomede's, 1: PETSc's */
      Vec y = pass == 0 ? y_dio : y_pet;
      CK_PETSC(DioMatSetMultiply(A, pass == 0 ? DIO_MAT_MULTIPLY_DIOMEDE : DIO_MAT_MULTIPLY_PETSC));
      if (op == 0) CK_PETSC(MatMult(A, x, y));
      else if (op == 1) CK_PETSC(MatMultAdd(A, x, w, y));
      else if (op == 2) {
        CK_PETSC(VecCopy(w, y));
        CK_PETSC(MatMultAdd(A, x, y, y));
      } else CK_PETSC(symmetric ? MatMultTranspose(A, x, y) : MatMult(A, x, y));
    }
    CK_PETSC(VecWAXPY(z_dio, -1.0, y_pet, y_dio));
    CK_PETSC(VecNorm(z_dio, NORM_INFINITY, &diff));
    ck_assert_msg(diff <= bound, "product %d: diomede and PETSc differ by %g (bound %g)", op, (double)diff, (double)bound);
    if (op == 0) CK_PETSC(VecCopy(y_pet, z_pet)); /* A x, for the transpose */
    if (op == 3) {
      CK_PETSC(VecWAXPY(z_dio, -1.0, z_pet, y_pet));
      CK_PETSC(VecNorm(z_dio, NORM_INFINITY, &diff));
      ck_assert_msg(diff <= bound, "A^T x and A x differ by %g", (double)diff);
    }
  }
  CK_PETSC(DioMatSetMultiply(A, DIO_MAT_MULTIPLY_DIOMEDE));
  CK_PETSC(VecDestroy(&x));
  CK_PETSC(VecDestroy(&w));
  CK_PETSC(VecDestroy(&y_dio));
  CK_PETSC(VecDestroy(&y_pet));
  CK_PETSC(VecDestroy(&z_dio));
  CK_PETSC(VecDestroy(&z_pet));
}

static void AssertInstalled(Mat A, const char when[])
{
  PetscBool installed;
  CK_PETSC(DioMatMultiplyIsInstalled(A, &installed));
  ck_assert_msg(installed, "diomede's multiply is not installed %s", when);
}

/* The multiply on the assembled stiffness K of elas (dim x dim blocks). */
static void CheckMultiply(DioElasticity elas, Mat K, Vec F, PetscInt dim)
{
  Mat      D;
  Vec      x, y, z;
  PetscInt bs;
  PetscReal diff;

  AssertInstalled(K, "after the assembly");
  CompareMultiply(K, PETSC_TRUE);
  CK_PETSC(DioMatMultiplyGetBlockSize(K, &bs));
  ck_assert_msg(bs == dim, "the blocked path was not taken: block size %d, expected %d", (int)bs, (int)dim);
  /* PETSc's own assembly and zeroing, without diomede's refresh, keep it */
  CK_PETSC(MatAssemblyBegin(K, MAT_FINAL_ASSEMBLY));
  CK_PETSC(MatAssemblyEnd(K, MAT_FINAL_ASSEMBLY));
  AssertInstalled(K, "after MatAssemblyEnd");
  CK_PETSC(MatDuplicate(K, MAT_COPY_VALUES, &D));
  CK_PETSC(MatZeroEntries(K));
  AssertInstalled(K, "after MatZeroEntries");
  CK_PETSC(DioElasticityAssemble(elas, K, F));
  AssertInstalled(K, "after a second assembly");
  CompareMultiply(K, PETSC_TRUE);
  /* the copy multiplies like K, whatever it inherited */
  CK_PETSC(MatCreateVecs(K, &x, &y));
  CK_PETSC(VecDuplicate(y, &z));
  CK_PETSC(VecSet(x, 1.0));
  CK_PETSC(MatMult(K, x, y));
  CK_PETSC(MatMult(D, x, z));
  CK_PETSC(VecAXPY(z, -1.0, y));
  CK_PETSC(VecNorm(z, NORM_INFINITY, &diff));
  ck_assert_msg(diff <= 1e-12, "MatDuplicate multiplies differently: %g", (double)diff);
  CK_PETSC(VecDestroy(&x));
  CK_PETSC(VecDestroy(&y));
  CK_PETSC(VecDestroy(&z));
  CK_PETSC(MatDestroy(&D));
}

/* A tridiagonal (2, -1 off the diagonal, and a coupling to row i + 5 so that not every block is dense) of n rows with
   block size bs: not blocked, so diomede's scalar path; 2 OpenMP threads where OpenMP is on. */
static void CheckScalarPath(PetscInt bs)
{
  const PetscInt n = 3 * 4000;
  Mat            A;
  PetscInt       rstart, rend, found;
  int            threads = 1;

  CK_PETSC(MatCreate(PETSC_COMM_WORLD, &A));
  CK_PETSC(MatSetSizes(A, PETSC_DECIDE, PETSC_DECIDE, n, n));
  CK_PETSC(MatSetBlockSize(A, bs));
  CK_PETSC(MatSetType(A, MATAIJ));
  CK_PETSC(MatSeqAIJSetPreallocation(A, 4, NULL));
  CK_PETSC(MatMPIAIJSetPreallocation(A, 4, NULL, 4, NULL));
  CK_PETSC(MatGetOwnershipRange(A, &rstart, &rend));
  for (PetscInt i = rstart; i < rend; i++) {
    CK_PETSC(MatSetValue(A, i, i, 2.0 + i % 7, INSERT_VALUES));
    if (i > 0) CK_PETSC(MatSetValue(A, i, i - 1, -1.0, INSERT_VALUES));
    if (i + 1 < n) CK_PETSC(MatSetValue(A, i, i + 1, -1.0, INSERT_VALUES));
    if (i + 5 < n) CK_PETSC(MatSetValue(A, i, i + 5, 0.5, INSERT_VALUES));
  }
  CK_PETSC(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  CK_PETSC(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
#if defined(_OPENMP)
  threads = omp_get_max_threads();
  omp_set_num_threads(2);
#endif
  CK_PETSC(DioMatSetMultiply(A, DIO_MAT_MULTIPLY_DIOMEDE));
  AssertInstalled(A, "on the tridiagonal");
  CompareMultiply(A, PETSC_FALSE);
  CK_PETSC(DioMatMultiplyGetBlockSize(A, &found));
  ck_assert_msg(found == 1, "a matrix that is not blocked took the blocked path (%d)", (int)found);
#if defined(_OPENMP)
  omp_set_num_threads(threads);
#endif
  CK_PETSC(MatDestroy(&A));
}

static void CheckMatrix(PetscInt dim, PetscInt order, PetscInt n, PetscBool simplex)
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
  CK_PETSC(CreateBox(dim, n, simplex, &dm));
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

  CheckMultiply(elas, K, F, dim);

  CK_PETSC(VecDestroy(&F));
  CK_PETSC(MatDestroy(&K));
  CK_PETSC(DioElasticityDestroy(&elas));
  CK_PETSC(DMDestroy(&dm));
  CK_PETSC(DioMaterialTableDestroy(&materials));
}

START_TEST(test_matrix_2d_q1) { CheckMatrix(2, 1, 6, PETSC_FALSE); }
END_TEST
START_TEST(test_matrix_2d_q2) { CheckMatrix(2, 2, 4, PETSC_FALSE); }
END_TEST
START_TEST(test_matrix_3d_q1) { CheckMatrix(3, 1, 4, PETSC_FALSE); }
END_TEST
START_TEST(test_matrix_3d_q2) { CheckMatrix(3, 2, 2, PETSC_FALSE); }
END_TEST
START_TEST(test_matrix_2d_p1) { CheckMatrix(2, 1, 6, PETSC_TRUE); }
END_TEST
START_TEST(test_matrix_2d_p2) { CheckMatrix(2, 2, 4, PETSC_TRUE); }
END_TEST
START_TEST(test_matrix_3d_p1) { CheckMatrix(3, 1, 4, PETSC_TRUE); }
END_TEST
START_TEST(test_matrix_3d_p2) { CheckMatrix(3, 2, 2, PETSC_TRUE); }
END_TEST
START_TEST(test_multiply_scalar_bs1) { CheckScalarPath(1); }
END_TEST
START_TEST(test_multiply_scalar_bs3) { CheckScalarPath(3); }
END_TEST

int main(int argc, char **argv)
{
  const TTest *const tests[] = {test_matrix_2d_q1, test_matrix_2d_q2, test_matrix_3d_q1,        test_matrix_3d_q2,
                                test_matrix_2d_p1, test_matrix_2d_p2, test_matrix_3d_p1,        test_matrix_3d_p2,
                                test_multiply_scalar_bs1, test_multiply_scalar_bs3};
  Suite             *suite   = suite_create("elasticity_matrix");

  DioTestAddCase(suite, "pattern", tests, sizeof(tests) / sizeof(tests[0]), 120);
  return DioTestMain(&argc, &argv, suite);
}
