/* SPDX-License-Identifier: BSD-2-Clause
   section_checkpoint_values.c: arrays a problem adds to the section's checkpoints (DioSectionCheckpointWrite() writes
   them with its own), and the small one of a run's running values (maxima, counters, a solver's reference) that rank 0
   holds and every rank reads back on a restart. */
#include "section.h"

/* Array `name` joins every later checkpoint (borrowed: the caller keeps it alive and current). Collective. */
PetscErrorCode DioSectionCheckpointAddArray(DioSection *sec, const char name[], Vec array)
{
  PetscFunctionBegin;
  PetscCheck(sec->num_checkpoint_extra < (PetscInt)PETSC_STATIC_ARRAY_LENGTH(sec->checkpoint_extra), sec->comm,
             PETSC_ERR_PLIB, "too many checkpoint arrays (adding %s)", name);
  sec->checkpoint_extra_names[sec->num_checkpoint_extra] = name;
  sec->checkpoint_extra[sec->num_checkpoint_extra++]     = array;
  PetscFunctionReturn(0);
}

/* A checkpoint array `name` of n running values held by rank 0, zero, added to the checkpoints; the caller destroys
   it after the run and keeps it current with DioSectionCheckpointValuesStore(). Collective. */
PetscErrorCode DioSectionCheckpointValuesCreate(DioSection *sec, const char name[], PetscInt n, Vec *values)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
  PetscCall(VecCreateMPI(sec->comm, rank == 0 ? n : 0, n, values));
  PetscCall(VecSet(*values, 0.0));
  PetscCall(DioSectionCheckpointAddArray(sec, name, *values));
  PetscFunctionReturn(0);
}

/* The n running values v into their checkpoint array (rank 0's part; the others hold none). Not collective. */
PetscErrorCode DioSectionCheckpointValuesStore(Vec values, PetscInt n, const PetscReal v[])
{
  PetscScalar *a;
  PetscInt     local;

  PetscFunctionBegin;
  PetscCall(VecGetLocalSize(values, &local));
  PetscCall(VecGetArray(values, &a));
  for (PetscInt i = 0; i < PetscMin(local, n); i++) a[i] = v[i];
  PetscCall(VecRestoreArray(values, &a));
  PetscFunctionReturn(0);
}

/* The n running values of checkpoint array `name` in `path`, on every rank; another count is an error naming the
   file. Collective. */
PetscErrorCode DioSectionCheckpointValuesLoad(DioSection *sec, const char path[], const char name[], PetscInt n,
                                              PetscReal v[])
{
  Vec                all;
  const PetscScalar *a;
  PetscInt           size;

  PetscFunctionBegin;
  PetscCall(DioCheckpointReadArray(sec->comm, path, name, &all));
  PetscCall(VecGetSize(all, &size));
  PetscCheck(size == n, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s': %s holds %" PetscInt_FMT " values, this version expects %" PetscInt_FMT
             ": not a checkpoint of this diomede",
             path, name, size, n);
  PetscCall(VecGetArrayRead(all, &a));
  for (PetscInt i = 0; i < n; i++) v[i] = PetscRealPart(a[i]);
  PetscCall(VecRestoreArrayRead(all, &a));
  PetscCall(VecDestroy(&all));
  PetscFunctionReturn(0);
}
