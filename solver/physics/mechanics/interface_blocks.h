/* SPDX-License-Identifier: BSD-2-Clause
   interface_blocks.h: the interface system S of the substructured Cholesky (substructure.c) held as dense blocks by
   cut on every rank and factored by the twisted block Cholesky of kernels/block_tridiagonal.h, again only where a
   set-up changed its blocks (issue 16). Private to physics/mechanics. */
#pragma once
#include <petscsys.h>

#include <string.h>

/* FNV-1a over the 64-bit words of n values, continuing from h: a changed value changes the hash (but for a 2^-64
   chance, which CG's residual test would then catch). The slabs' values and S's entries are hashed alike. Pure. */
static inline PetscInt64 DioHashValues(PetscInt n, const PetscScalar v[], PetscInt64 h)
{
  uint64_t x = (uint64_t)h;
  for (PetscInt i = 0; i < n; i++) {
    uint64_t word;
    memcpy(&word, &v[i], sizeof(word));
    x = (x ^ word) * 1099511628211ULL;
  }
  return (PetscInt64)x;
}

typedef struct _n_DioInterfaceBlocks *DioInterfaceBlocks;

PetscErrorCode DioInterfaceBlocksCreate(MPI_Comm comm, PetscInt num_gamma, PetscInt num_cuts, const PetscInt cut_of[],
                                        DioInterfaceBlocks *ib);
PetscErrorCode DioInterfaceBlocksSetPattern(DioInterfaceBlocks ib, PetscInt num_segments,
                                            const PetscCount segment_start[], const PetscInt coo_i[],
                                            const PetscInt coo_j[], PetscBool *block_tridiagonal);
PetscErrorCode DioInterfaceBlocksUpdate(DioInterfaceBlocks ib, const PetscScalar coo_values[],
                                        const PetscBool segment_changed[], PetscInt *cuts_changed,
                                        PetscInt *blocks_factored);
PetscErrorCode DioInterfaceBlocksSolve(DioInterfaceBlocks ib, PetscInt first_row, PetscInt n_owned, PetscScalar u[]);
PetscErrorCode DioInterfaceBlocksGetSizes(DioInterfaceBlocks ib, PetscInt *num_cuts, PetscInt *largest_cut);
PetscErrorCode DioInterfaceBlocksDestroy(DioInterfaceBlocks *ib);
