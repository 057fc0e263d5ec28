/* SPDX-License-Identifier: BSD-2-Clause
   checkpoint.c: restart files. A checkpoint is one HDF5 file of named arrays (PETSc Vecs, written collectively by
   PETSc's HDF5 viewer) and integer attributes, written to <path>.tmp and renamed once complete, so a kill at any
   moment leaves the previous checkpoint intact. An array that did not change since the run's previous checkpoint is
   an external link to a side file written once (checkpoint_side.c). Arrays are read back whole on every rank: the
   caller matches them to its own (possibly different) partition, so a restart may use another number of ranks. The
   root attribute "model" holds the fingerprint of the model (fingerprint.c), which a restart checks before reading
   anything else. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "checkpoint_impl.h"

/* The checkpoint's contents written to tmp (see DioCheckpointWrite()): array k, or the link (and patch) of plans[k]. */
static PetscErrorCode CheckpointWriteFile(MPI_Comm comm, const char tmp[], const char model[], PetscInt num_vecs,
                                          const char *const names[], Vec vecs[], const DioCheckpointArrayPlan plans[],
                                          PetscInt num_ints, const char *const int_names[], const PetscInt ints[])
{
  PetscViewer viewer;

  PetscFunctionBegin;
  PetscCall(PetscViewerHDF5Open(comm, tmp, FILE_MODE_WRITE, &viewer));
  for (PetscInt k = 0; k < num_vecs; k++) {
    if (plans[k].link)
      PetscCall(DioCheckpointLinkArray_Internal(comm, viewer, names[k], &plans[k]));
    else
      PetscCall(DioCheckpointArrayView_Internal(comm, viewer, names[k], vecs[k]));
  }
  for (PetscInt k = 0; k < num_ints; k++)
    PetscCall(PetscViewerHDF5WriteAttribute(viewer, "/", int_names[k], PETSC_INT, &ints[k]));
  PetscCall(PetscViewerHDF5WriteAttribute(viewer, "/", "model", PETSC_STRING, model));
  PetscCall(PetscViewerDestroy(&viewer));
  PetscFunctionReturn(0);
}

/*
  DioCheckpointWrite - write arrays vecs[k] under names[k], integers ints[k] under int_names[k] and the model's
  fingerprint (DioModelFingerprintCreate()) to path atomically: written to <path>.tmp and renamed; a write that fails
  (a full disk) removes <path>.tmp and leaves the previous checkpoint as it was. With sides (the run's, from
  DioCheckpointSidesCreate(); NULL: every array in the file), an array that did not change since the run's previous
  checkpoint is a link to a side file written once (with a patch of the blocks that changed, when few did), and the
  side files the new checkpoint no longer links to are removed once it is in place. Collective on comm.
*/
PetscErrorCode DioCheckpointWrite(MPI_Comm comm, const char path[], DioCheckpointSides sides, const char model[],
                                  PetscInt num_vecs, const char *const names[], Vec vecs[], PetscInt num_ints,
                                  const char *const int_names[], const PetscInt ints[])
{
  char                    tmp[PETSC_MAX_PATH_LEN + 8];
  DioCheckpointArrayPlan *plans;
  PetscLogEvent           event;
  PetscErrorCode          ierr;

  PetscFunctionBegin;
  PetscCall(PetscLogEventRegister("DioCkptWrite", VEC_CLASSID, &event)); /* the registered one after the first */
  PetscCall(PetscLogEventBegin(event, 0, 0, 0, 0));
  PetscCall(PetscCalloc1(num_vecs + 1, &plans));
  if (sides) PetscCall(DioCheckpointSidesPrepare_Internal(sides, path, num_vecs, names, vecs, plans));
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", path));
  ierr = CheckpointWriteFile(comm, tmp, model, num_vecs, names, vecs, plans, num_ints, int_names, ints);
  for (PetscInt k = 0; k < num_vecs; k++) {
    PetscCall(VecDestroy(&plans[k].patch));
    PetscCall(VecDestroy(&plans[k].patch_ranges));
  }
  PetscCall(PetscFree(plans));
  PetscCall(DioCheckpointRenameTmp_Internal(comm, ierr, tmp, path, "checkpoint"));
  if (sides) PetscCall(DioCheckpointSidesCommit_Internal(sides));
  PetscCall(PetscLogEventEnd(event, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Opens checkpoint path for reading on this rank; a missing file is an error on comm. */
static PetscErrorCode CheckpointOpenRead(MPI_Comm comm, const char path[], PetscViewer *viewer)
{
  PetscBool exists;

  PetscFunctionBegin;
  PetscCall(PetscTestFile(path, 'r', &exists));
  PetscCheck(exists, comm, PETSC_ERR_FILE_OPEN, "cannot open checkpoint '%s'", path);
  PetscCall(PetscViewerHDF5Open(PETSC_COMM_SELF, path, FILE_MODE_READ, viewer));
  PetscFunctionReturn(0);
}

/* Is array `name` of the checkpoint that viewer reads in a side file that is missing or damaged? An error naming the
   side file, raised on comm (every rank reads the same files), rather than HDF5's error stack. Collective. */
static PetscErrorCode CheckpointCheckSide(MPI_Comm comm, PetscViewer viewer, const char path[], const char name[])
{
  H5E_auto2_t    print;
  void          *print_data;
  hid_t          file;
  PetscErrorCode code, worst;
  char           message[1024];

  PetscFunctionBegin;
  PetscCall(PetscViewerHDF5GetFileId(viewer, &file));
  (void)H5Eget_auto2(H5E_DEFAULT, &print, &print_data);
  (void)H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  DioCheckpointSidesInspect_Internal(file, path, name, &code, message, sizeof(message));
  (void)H5Eset_auto2(H5E_DEFAULT, print, print_data);
  PetscCallMPI(MPI_Allreduce(&code, &worst, 1, MPI_INT, MPI_MAX, comm));
  PetscCheck(worst == 0, comm, worst, "checkpoint '%s' %s", path,
             code ? message : "has a damaged side file (on another rank)");
  PetscFunctionReturn(0);
}

/* Read the whole array `name` of checkpoint path into a new sequential Vec on every rank (destroy it after use). */
PetscErrorCode DioCheckpointReadArray(MPI_Comm comm, const char path[], const char name[], Vec *array)
{
  PetscViewer viewer;

  PetscFunctionBegin;
  PetscCall(CheckpointOpenRead(comm, path, &viewer));
  PetscCall(CheckpointCheckSide(comm, viewer, path, name));
  PetscCall(VecCreate(PETSC_COMM_SELF, array));
  PetscCall(PetscObjectSetName((PetscObject)*array, name));
  PetscCall(VecLoad(*array, viewer));
  PetscCall(DioCheckpointApplyPatch_Internal(viewer, path, name, *array));
  PetscCall(PetscViewerDestroy(&viewer));
  PetscFunctionReturn(0);
}

PetscErrorCode DioCheckpointReadInt(MPI_Comm comm, const char path[], const char name[], PetscInt *value)
{
  PetscViewer viewer;

  PetscFunctionBegin;
  PetscCall(CheckpointOpenRead(comm, path, &viewer));
  PetscCall(PetscViewerHDF5ReadAttribute(viewer, "/", name, PETSC_INT, NULL, value));
  PetscCall(PetscViewerDestroy(&viewer));
  PetscFunctionReturn(0);
}

/* Does checkpoint path hold the array `name`? (A checkpoint of an elastic run holds no plastic state.) Every rank of
 * comm calls. */
PetscErrorCode DioCheckpointHasArray(MPI_Comm comm, const char path[], const char name[], PetscBool *has)
{
  PetscViewer viewer;
  char        dataset[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(dataset, sizeof(dataset), "/%s", name));
  PetscCall(CheckpointOpenRead(comm, path, &viewer));
  PetscCall(PetscViewerHDF5HasDataset(viewer, dataset, has));
  PetscCall(PetscViewerDestroy(&viewer));
  PetscFunctionReturn(0);
}

/* The verdict on a restart file, found on rank 0 (messages after the file's name). */
static void CheckpointInspect(const char path[], const char model[], PetscErrorCode *code, char message[], size_t size)
{
  struct stat info;
  H5E_auto2_t print;
  void       *print_data;
  hid_t       file = H5I_INVALID_HID, attribute = H5I_INVALID_HID, type = H5I_INVALID_HID;
  htri_t      is_hdf5;

  *code      = 0;
  message[0] = '\0';
  if (stat(path, &info) != 0) {
    *code = PETSC_ERR_FILE_OPEN;
    (void)PetscSNPrintf(message, size, "cannot open: %s", strerror(errno));
    return;
  }
  if (!S_ISREG(info.st_mode) || info.st_size == 0) {
    *code = PETSC_ERR_FILE_UNEXPECTED;
    (void)PetscStrncpy(message, S_ISREG(info.st_mode) ? "is empty" : "is not a file", size);
    return;
  }
  /* HDF5 prints its error stack for every failed call: quiet while probing a file that may be anything */
  (void)H5Eget_auto2(H5E_DEFAULT, &print, &print_data);
  (void)H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  is_hdf5 = H5Fis_hdf5(path);
  if (is_hdf5 <= 0) {
    *code = PETSC_ERR_FILE_UNEXPECTED;
    (void)PetscStrncpy(message, "is not an HDF5 file, so not a diomede checkpoint", size);
  } else if ((file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT)) < 0) {
    *code = PETSC_ERR_FILE_READ;
    (void)PetscStrncpy(message, "cannot be read as HDF5 (truncated or damaged)", size);
  } else if (H5Aexists(file, "model") <= 0) {
    *code = PETSC_ERR_FILE_UNEXPECTED;
    if (H5Aexists(file, "stage") > 0)
      (void)PetscStrncpy(message,
                         "was written by an older diomede without the model's fingerprint: start the run again", size);
    else
      (void)PetscStrncpy(
          message,
          "is not a diomede checkpoint (a results file? the checkpoint is <output_dir>/<output_name>.checkpoint.h5)",
          size);
  } else {
    char  *stored = NULL;
    size_t length = 0;

    attribute = H5Aopen(file, "model", H5P_DEFAULT);
    type      = attribute >= 0 ? H5Aget_type(attribute) : H5I_INVALID_HID;
    if (type >= 0 && H5Tget_class(type) == H5T_STRING && !H5Tis_variable_str(type)) length = H5Tget_size(type);
    if (length > 0 && !PetscMalloc1(length + 1, &stored)) {
      if (H5Aread(attribute, type, stored) < 0) length = 0;
      stored[length] = '\0';
    }
    if (length == 0) {
      *code = PETSC_ERR_FILE_READ;
      (void)PetscStrncpy(message, "cannot be read (its model fingerprint is damaged)", size);
    } else {
      PetscInt count;
      char     differences[1024];

      if (DioModelFingerprintCompare(stored, model, &count, differences, sizeof(differences))) count = -1;
      if (count != 0) {
        *code         = PETSC_ERR_USER_INPUT;
        char more[32] = "";

        if (count > 3) (void)PetscSNPrintf(more, sizeof(more), "; %" PetscInt_FMT " more", count - 3);
        (void)PetscSNPrintf(
            message, size,
            "is of another model: %s%s (a restart may change only output, progress, checkpoint and solver options)",
            count < 0 ? "cannot compare" : differences, more);
      }
    }
    (void)PetscFree(stored);
    if (*code == 0) DioCheckpointSidesInspect_Internal(file, path, NULL, code, message, size);
  }
  if (type >= 0) (void)H5Tclose(type);
  if (attribute >= 0) (void)H5Aclose(attribute);
  if (file >= 0) (void)H5Fclose(file);
  (void)H5Eset_auto2(H5E_DEFAULT, print, print_data);
}

/*
  DioCheckpointCheck - may this run restart from path? An error naming the file when it is missing, empty, not HDF5,
  truncated, not a checkpoint (a results file), or of another model than `model` (this run's fingerprint, from
  DioModelFingerprintCreate(): the message names the keys that differ with both values), or naming a side file of it
  that is missing or damaged. Rank 0 looks; collective.
*/
PetscErrorCode DioCheckpointCheck(MPI_Comm comm, const char path[], const char model[])
{
  PetscMPIInt    rank;
  PetscErrorCode code = 0;
  char           message[1536];

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) CheckpointInspect(path, model, &code, message, sizeof(message));
  PetscCallMPI(MPI_Bcast(&code, 1, MPI_INT, 0, comm));
  PetscCallMPI(MPI_Bcast(message, sizeof(message), MPI_CHAR, 0, comm));
  PetscCheck(code == 0, comm, code, "-restart: checkpoint '%s' %s", path, message);
  PetscFunctionReturn(0);
}
