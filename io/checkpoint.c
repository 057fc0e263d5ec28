/* SPDX-License-Identifier: BSD-2-Clause
   checkpoint.c: restart files. A checkpoint is one HDF5 file of named arrays (PETSc Vecs, written collectively by
   PETSc's HDF5 viewer) and integer attributes, written to <path>.tmp and renamed once complete, so a kill at any
   moment leaves the previous checkpoint intact. Arrays are read back whole on every rank: the caller matches them to
   its own (possibly different) partition, so a restart may use another number of ranks. The root attribute "model"
   holds the fingerprint of the model (fingerprint.c), which a restart checks before reading anything else. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <hdf5.h>
#include <petscviewerhdf5.h>
#include "dio_io.h"

/* The checkpoint's contents written to tmp (see DioCheckpointWrite()). */
static PetscErrorCode CheckpointWriteFile(MPI_Comm comm, const char tmp[], const char model[], PetscInt num_vecs,
                                          const char *const names[], Vec vecs[], PetscInt num_ints,
                                          const char *const int_names[], const PetscInt ints[])
{
  PetscViewer viewer;

  PetscFunctionBegin;
  PetscCall(PetscViewerHDF5Open(comm, tmp, FILE_MODE_WRITE, &viewer));
  for (PetscInt k = 0; k < num_vecs; k++) {
    /* a plain view of the values: a Vec from a DM would be written by the DM's own layout under /fields */
    Vec                plain;
    const PetscScalar *values;
    PetscInt           n;
    PetscCall(VecGetLocalSize(vecs[k], &n));
    PetscCall(VecGetArrayRead(vecs[k], &values));
    PetscCall(VecCreateMPIWithArray(comm, 1, n, PETSC_DECIDE, values, &plain));
    PetscCall(PetscObjectSetName((PetscObject)plain, names[k]));
    PetscCall(VecView(plain, viewer));
    PetscCall(VecDestroy(&plain));
    PetscCall(VecRestoreArrayRead(vecs[k], &values));
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
  (a full disk) removes <path>.tmp and leaves the previous checkpoint as it was. Collective on comm.
*/
PetscErrorCode DioCheckpointWrite(MPI_Comm comm, const char path[], const char model[], PetscInt num_vecs,
                                  const char *const names[], Vec vecs[], PetscInt num_ints,
                                  const char *const int_names[], const PetscInt ints[])
{
  char           tmp[PETSC_MAX_PATH_LEN + 8];
  PetscMPIInt    rank;
  PetscErrorCode ierr;
  int            ok = 1;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", path));
  ierr = CheckpointWriteFile(comm, tmp, model, num_vecs, names, vecs, num_ints, int_names, ints);
  if (ierr) (void)remove(tmp); /* on any rank that failed: it may be the only one, and be stopped next */
  PetscCall(ierr);
  if (rank == 0) ok = rename(tmp, path) == 0;
  PetscCallMPI(MPI_Bcast(&ok, 1, MPI_INT, 0, comm));
  PetscCheck(ok, comm, PETSC_ERR_FILE_WRITE, "cannot rename checkpoint '%s' to '%s'", tmp, path);
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

/* Read the whole array `name` of checkpoint path into a new sequential Vec on every rank (destroy it after use). */
PetscErrorCode DioCheckpointReadArray(MPI_Comm comm, const char path[], const char name[], Vec *array)
{
  PetscViewer viewer;

  PetscFunctionBegin;
  PetscCall(CheckpointOpenRead(comm, path, &viewer));
  PetscCall(VecCreate(PETSC_COMM_SELF, array));
  PetscCall(PetscObjectSetName((PetscObject)*array, name));
  PetscCall(VecLoad(*array, viewer));
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
  }
  if (type >= 0) (void)H5Tclose(type);
  if (attribute >= 0) (void)H5Aclose(attribute);
  if (file >= 0) (void)H5Fclose(file);
  (void)H5Eset_auto2(H5E_DEFAULT, print, print_data);
}

/*
  DioCheckpointCheck - may this run restart from path? An error naming the file when it is missing, empty, not HDF5,
  truncated, not a checkpoint (a results file), or of another model than `model` (this run's fingerprint, from
  DioModelFingerprintCreate(): the message names the keys that differ with both values). Rank 0 looks; collective.
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
