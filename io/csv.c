/* SPDX-License-Identifier: BSD-2-Clause
   csv.c: probe files (CSV) for sweeps and plots: rows gathered from every rank, written by rank 0 and flushed at once
   so a killed run keeps every row already appended. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dio_io.h"

struct _n_DioCSV {
  MPI_Comm comm;
  FILE    *file; /* rank 0 only */
  char     path[PETSC_MAX_PATH_LEN];
};

/* Rank 0: creates path (replacing it) with the header line. Returns errno or 0. */
static int DioCSVWriteHeader(const char path[], const char header[], FILE **file)
{
  *file = fopen(path, "w");
  if (*file == NULL || fprintf(*file, "%s\n", header) < 0 || fflush(*file) != 0) return errno ? errno : EIO;
  return 0;
}

/* Rank 0: rewrites path keeping its first line and the rows whose first column is <= last_step (through <path>.tmp,
   renamed over path), then opens it for appending; a missing file is created with the header. Returns errno or 0. */
static int DioCSVKeepRows(const char path[], const char header[], PetscInt last_step, FILE **file)
{
  char  temporary[PETSC_MAX_PATH_LEN + 8], line[4096];
  FILE *in, *tmp;
  int   err = 0, first = 1;

  *file = NULL;
  in    = fopen(path, "r");
  if (in == NULL) {
    if (errno != ENOENT) return errno;
    return DioCSVWriteHeader(path, header, file);
  }
  snprintf(temporary, sizeof(temporary), "%s.tmp", path);
  tmp = fopen(temporary, "w");
  if (tmp == NULL) err = errno;
  while (!err && fgets(line, sizeof(line), in) != NULL) {
    char  *end;
    double step = strtod(line, &end);

    /* the header, and complete rows of the kept steps (a row cut by a kill has no newline) */
    if (first || (end != line && step <= (double)last_step && strchr(line, '\n') != NULL))
      if (fputs(line, tmp) < 0) err = errno ? errno : EIO;
    first = 0;
  }
  (void)fclose(in);
  if (tmp != NULL && fclose(tmp) != 0 && !err) err = errno ? errno : EIO;
  if (!err && rename(temporary, path) != 0) err = errno;
  if (err) {
    (void)unlink(temporary);
    return err;
  }
  *file = fopen(path, "a");
  return *file == NULL ? (errno ? errno : EIO) : 0;
}

/* Both openings: rank 0 writes a new file (keep false) or keeps the rows up to last_step; errors name the file. */
static PetscErrorCode DioCSVOpen(MPI_Comm comm, const char path[], const char header[], PetscBool keep,
                                 PetscInt last_step, DioCSV *csv)
{
  DioCSV      c;
  PetscMPIInt rank;
  int         err = 0;

  PetscFunctionBegin;
  PetscCall(PetscNew(&c));
  c->comm = comm;
  PetscCall(PetscStrncpy(c->path, path, sizeof(c->path)));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0)
    err = keep ? DioCSVKeepRows(path, header, last_step, &c->file) : DioCSVWriteHeader(path, header, &c->file);
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, comm));
  if (err) {
    if (c->file) (void)fclose(c->file);
    PetscCall(PetscFree(c));
  }
  PetscCheck(!err, comm, PETSC_ERR_FILE_WRITE, "cannot %s probe file '%s': %s", keep ? "continue" : "write", path,
             strerror(err));
  *csv = c;
  PetscFunctionReturn(0);
}

/*
  DioCSVCreate - open <path> (replaced if present: it belongs to a run whose HDF5 file was just created) and write
  the header line. Collective.
*/
PetscErrorCode DioCSVCreate(MPI_Comm comm, const char path[], const char header[], DioCSV *csv)
{
  PetscFunctionBegin;
  PetscCall(DioCSVOpen(comm, path, header, PETSC_FALSE, 0, csv));
  PetscFunctionReturn(0);
}

/*
  DioCSVReopen - continue the probe file <path> of a run restarted after step last_step: rows of later steps (written
  after the checkpoint by the interrupted run) are dropped, the file is rewritten atomically and opened for appending.
  A missing file is created with header. Collective.
*/
PetscErrorCode DioCSVReopen(MPI_Comm comm, const char path[], const char header[], PetscInt last_step, DioCSV *csv)
{
  PetscFunctionBegin;
  PetscCall(DioCSVOpen(comm, path, header, PETSC_TRUE, last_step, csv));
  PetscFunctionReturn(0);
}

/* Append rows [num_rows][num_columns] from every rank (collective), sorted by column sort_column (-1: in rank order).
 */
PetscErrorCode DioCSVAppendRows(DioCSV csv, PetscInt num_rows, PetscInt num_columns, const PetscReal rows[],
                                PetscInt sort_column)
{
  PetscMPIInt rank, size, count = (PetscMPIInt)(num_rows * num_columns), *counts = NULL, *displs = NULL;
  PetscReal  *all = NULL;
  int         ok  = 1;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(csv->comm, &rank));
  PetscCallMPI(MPI_Comm_size(csv->comm, &size));
  if (rank == 0) PetscCall(PetscMalloc2(size, &counts, size, &displs));
  PetscCallMPI(MPI_Gather(&count, 1, MPI_INT, counts, 1, MPI_INT, 0, csv->comm));
  if (rank == 0) {
    PetscInt total = 0;
    for (PetscMPIInt r = 0; r < size; r++) {
      displs[r] = (PetscMPIInt)total;
      total += counts[r];
    }
    PetscCall(PetscMalloc1(total + 1, &all));
    displs[0] = 0;
    count     = (PetscMPIInt)total;
  }
  PetscCallMPI(MPI_Gatherv(rows, (PetscMPIInt)(num_rows * num_columns), MPIU_REAL, all, counts, displs, MPIU_REAL, 0,
                           csv->comm));
  if (rank == 0) {
    const PetscInt n = count / num_columns;
    PetscReal     *key;
    PetscInt      *order;
    PetscCall(PetscMalloc2(n, &key, n, &order));
    for (PetscInt i = 0; i < n; i++) {
      key[i]   = sort_column >= 0 ? all[i * num_columns + sort_column] : (PetscReal)i;
      order[i] = i;
    }
    PetscCall(PetscSortRealWithArrayInt(n, key, order));
    for (PetscInt i = 0; i < n && ok; i++) {
      for (PetscInt j = 0; j < num_columns && ok; j++)
        ok = fprintf(csv->file, j ? ",%.10g" : "%.10g", (double)all[order[i] * num_columns + j]) > 0;
      ok = ok && fputc('\n', csv->file) != EOF;
    }
    ok = ok && fflush(csv->file) == 0;
    PetscCall(PetscFree2(key, order));
    PetscCall(PetscFree(all));
    PetscCall(PetscFree2(counts, displs));
  }
  PetscCallMPI(MPI_Bcast(&ok, 1, MPI_INT, 0, csv->comm));
  PetscCheck(ok, csv->comm, PETSC_ERR_FILE_WRITE, "cannot write to probe file '%s'", csv->path);
  PetscFunctionReturn(0);
}

PetscErrorCode DioCSVDestroy(DioCSV *csv)
{
  PetscFunctionBegin;
  if (*csv == NULL) PetscFunctionReturn(0);
  if ((*csv)->file) (void)fclose((*csv)->file);
  PetscCall(PetscFree(*csv));
  PetscFunctionReturn(0);
}
