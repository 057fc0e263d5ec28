/* SPDX-License-Identifier: BSD-2-Clause
   checkpoint.c: restart files. A checkpoint is one HDF5 file of named arrays (PETSc Vecs, written collectively by
   PETSc's HDF5 viewer) and integer attributes, written to <path>.tmp and renamed once complete, so a kill at any
   moment leaves the previous checkpoint intact. Arrays are read back whole on every rank: the caller matches them to
   its own (possibly different) partition, so a restart may use another number of ranks. */
#include <stdio.h>
#include <petscviewerhdf5.h>
#include "dio_io.h"

/*
  DioCheckpointWrite - write arrays vecs[k] under names[k] and integers ints[k] under int_names[k] to path
  atomically. Collective on comm.
*/
PetscErrorCode DioCheckpointWrite(MPI_Comm comm, const char path[], PetscInt num_vecs, const char *const names[], Vec vecs[], PetscInt num_ints,
                                  const char *const int_names[], const PetscInt ints[])
{
  PetscViewer viewer;
  char        tmp[PETSC_MAX_PATH_LEN + 8];
  PetscMPIInt rank;
  int         ok = 1;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", path));
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
  for (PetscInt k = 0; k < num_ints; k++) PetscCall(PetscViewerHDF5WriteAttribute(viewer, "/", int_names[k], PETSC_INT, &ints[k]));
  PetscCall(PetscViewerDestroy(&viewer));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) ok = rename(tmp, path) == 0;
  PetscCallMPI(MPI_Bcast(&ok, 1, MPI_INT, 0, comm));
  PetscCheck(ok, comm, PETSC_ERR_FILE_WRITE, "cannot rename checkpoint '%s' to '%s'", tmp, path);
  PetscFunctionReturn(0);
}

/* Read the whole array `name` of checkpoint path into a new sequential Vec on every rank (destroy it after use). */
PetscErrorCode DioCheckpointReadArray(MPI_Comm comm, const char path[], const char name[], Vec *array)
{
  PetscViewer viewer;
  PetscBool   exists;

  PetscFunctionBegin;
  PetscCall(PetscTestFile(path, 'r', &exists));
  PetscCheck(exists, comm, PETSC_ERR_FILE_OPEN, "cannot open checkpoint '%s'", path);
  PetscCall(PetscViewerHDF5Open(PETSC_COMM_SELF, path, FILE_MODE_READ, &viewer));
  PetscCall(VecCreate(PETSC_COMM_SELF, array));
  PetscCall(PetscObjectSetName((PetscObject)*array, name));
  PetscCall(VecLoad(*array, viewer));
  PetscCall(PetscViewerDestroy(&viewer));
  PetscFunctionReturn(0);
}

PetscErrorCode DioCheckpointReadInt(MPI_Comm comm, const char path[], const char name[], PetscInt *value)
{
  PetscViewer viewer;
  PetscBool   exists;

  PetscFunctionBegin;
  PetscCall(PetscTestFile(path, 'r', &exists));
  PetscCheck(exists, comm, PETSC_ERR_FILE_OPEN, "cannot open checkpoint '%s'", path);
  PetscCall(PetscViewerHDF5Open(PETSC_COMM_SELF, path, FILE_MODE_READ, &viewer));
  PetscCall(PetscViewerHDF5ReadAttribute(viewer, "/", name, PETSC_INT, NULL, value));
  PetscCall(PetscViewerDestroy(&viewer));
  PetscFunctionReturn(0);
}

/* Does checkpoint path hold the array `name`? (A checkpoint of an elastic run holds no plastic state.) Every rank of comm calls. */
PetscErrorCode DioCheckpointHasArray(MPI_Comm comm, const char path[], const char name[], PetscBool *has)
{
  PetscViewer viewer;
  PetscBool   exists;
  char        dataset[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(PetscTestFile(path, 'r', &exists));
  PetscCheck(exists, comm, PETSC_ERR_FILE_OPEN, "cannot open checkpoint '%s'", path);
  PetscCall(PetscSNPrintf(dataset, sizeof(dataset), "/%s", name));
  PetscCall(PetscViewerHDF5Open(PETSC_COMM_SELF, path, FILE_MODE_READ, &viewer));
  PetscCall(PetscViewerHDF5HasDataset(viewer, dataset, has));
  PetscCall(PetscViewerDestroy(&viewer));
  PetscFunctionReturn(0);
}
