/* SPDX-License-Identifier: BSD-2-Clause
   mat_multiply.h: diomede's own MatMult / MatMultAdd for PETSc AIJ matrices (kernels/csr_multiply.h), installed in
   the operations of the sequential blocks, so that the matrix stays a plain AIJ for GAMG and PETSc keeps the ghost
   exchange of MPIAIJ. */
#pragma once
#include <petscmat.h>

typedef enum { DIO_MAT_MULTIPLY_DIOMEDE, DIO_MAT_MULTIPLY_PETSC } DioMatMultiplyType;
PETSC_EXTERN const char *const DioMatMultiplyTypes[];

/* Install (DIO_MAT_MULTIPLY_DIOMEDE) or give back PETSc's (DIO_MAT_MULTIPLY_PETSC) multiply of A, a MATSEQAIJ or
   MATMPIAIJ (any other type, or 64-bit indices: nothing is done). Preallocated A; call again after each
   MatAssemblyEnd (cheap, idempotent): what is installed survives MatZeroEntries and re-assembly, but a choice made
   before is re-applied from A itself. */
PetscErrorCode DioMatSetMultiply(Mat A, DioMatMultiplyType type);
/* The same with the type from the option -<A's prefix>mat_multiply diomede|petsc (default: `fallback`). */
PetscErrorCode DioMatSetMultiplyFromOptions(Mat A, DioMatMultiplyType fallback);
/* Re-apply after an assembly the choice last made on A (none made: nothing). */
PetscErrorCode DioMatMultiplyRefresh(Mat A);
/* The block size of the blocked layout found in the pattern of A's diagonal block at its last diomede multiply (1:
   scalar rows; 0: not multiplied yet or not diomede's). */
PetscErrorCode DioMatMultiplyGetBlockSize(Mat A, PetscInt *bs);
/* Whether diomede's multiply is what A's sequential blocks call now (PETSC_FALSE for any other type). */
PetscErrorCode DioMatMultiplyIsInstalled(Mat A, PetscBool *installed);
