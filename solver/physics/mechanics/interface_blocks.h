/* SPDX-License-Identifier: BSD-2-Clause
   interface_blocks.h: the interface system S of the substructured Cholesky (substructure.c) held as dense blocks by
   cut on every rank and factored by the twisted block Cholesky of kernels/block_tridiagonal.h, again only where a
   set-up changed its blocks (issue 16). Private to physics/mechanics. */
#pragma once
#include <petscsys.h>

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
