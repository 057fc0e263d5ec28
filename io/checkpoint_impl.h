/* SPDX-License-Identifier: BSD-2-Clause
   checkpoint_impl.h: what checkpoint.c uses of checkpoint_side.c (a checkpoint's arrays, written in place or kept in
   side files that the checkpoint links to; the atomic rename both use). Private to io/. */
#pragma once
#include <hdf5.h>
#include <petscviewerhdf5.h>
#include "dio_io.h"

/* The end of writing a file atomically to tmp: tmp removed where the write failed (write_error, on any rank), else
   renamed to path by rank 0; `what` names the file in the error. Collective on comm. */
PetscErrorCode DioCheckpointRenameTmp_Internal(MPI_Comm comm, PetscErrorCode write_error, const char tmp[],
                                               const char path[], const char what[]);
/* Array `name` (vec's values in rank order, as one array of the file) written by viewer. Collective on comm. */
PetscErrorCode DioCheckpointArrayView_Internal(MPI_Comm comm, PetscViewer viewer, const char name[], Vec vec);
/* How the checkpoint being written holds an array: its values (link NULL), or a link to the side file `link` with,
   where patch is not NULL, the values that differ from the side file's: patch at the (offset, length) pairs of
   patch_ranges, both in rank order. */
typedef struct {
  const char *link; /* not owned */
  Vec         patch, patch_ranges;
} DioCheckpointArrayPlan;

/* The side files of the checkpoint about to be written at path: plans[k] for array k (destroy its patch Vecs after
   the write); side files not yet written are written here. Collective. */
PetscErrorCode DioCheckpointSidesPrepare_Internal(DioCheckpointSides sides, const char path[], PetscInt num_vecs,
                                                  const char *const names[], Vec vecs[],
                                                  DioCheckpointArrayPlan plans[]);
/* Array `name` as plan says, in the file viewer writes (a link and the patch). Collective. */
PetscErrorCode DioCheckpointLinkArray_Internal(MPI_Comm comm, PetscViewer viewer, const char name[],
                                               const DioCheckpointArrayPlan *plan);
/* The patch of array `name` (see DioCheckpointArrayPlan), if the checkpoint viewer reads has one, applied to array
   (the whole array, read on this rank); path names the checkpoint in errors. Not collective. */
PetscErrorCode DioCheckpointApplyPatch_Internal(PetscViewer viewer, const char path[], const char name[], Vec array);
/* After the checkpoint prepared last is in place: the side files only its predecessor linked to are removed. */
PetscErrorCode DioCheckpointSidesCommit_Internal(DioCheckpointSides sides);
/* The first side file of checkpoint path (open as file) that is missing or damaged, or does not hold its array: *code
   (0: none) and a message after the checkpoint's name. `only`: that array alone, NULL: all. Not collective; quiet
   (HDF5's error printing must be off). */
void DioCheckpointSidesInspect_Internal(hid_t file, const char path[], const char only[], PetscErrorCode *code,
                                        char message[], size_t size);
