/* SPDX-License-Identifier: BSD-2-Clause
   summary.c: a small JSON file per run (<dir>/<name>_summary.json) with the inputs the user set and the key results,
   so a sweep is collected with one line of shell or Python. Written by rank 0 to a temporary name, then renamed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "dio_io.h"

/* every option of the database is an item: a case with many keys, plus the solvers' defaults */
#define DIO_SUMMARY_MAX_ITEMS 256

struct _n_DioSummary {
  MPI_Comm comm;
  char     path[PETSC_MAX_PATH_LEN];
  PetscInt num_items;
  char     key[DIO_SUMMARY_MAX_ITEMS][64];
  char     value[DIO_SUMMARY_MAX_ITEMS][256]; /* JSON text: a number or a quoted string */
};

PetscErrorCode DioSummaryCreate(MPI_Comm comm, const char directory[], const char run_name[], DioSummary *summary)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(summary));
  (*summary)->comm = comm;
  PetscCall(PetscSNPrintf((*summary)->path, sizeof((*summary)->path), "%s/%s_summary.json", directory, run_name));
  PetscFunctionReturn(0);
}

static PetscErrorCode AddItem(DioSummary s, const char key[], const char json[])
{
  PetscFunctionBegin;
  PetscCheck(s->num_items < DIO_SUMMARY_MAX_ITEMS, s->comm, PETSC_ERR_ARG_OUTOFRANGE, "run summary: more than %d items", DIO_SUMMARY_MAX_ITEMS);
  PetscCall(PetscStrncpy(s->key[s->num_items], key, sizeof(s->key[0])));
  PetscCall(PetscStrncpy(s->value[s->num_items], json, sizeof(s->value[0])));
  s->num_items++;
  PetscFunctionReturn(0);
}

PetscErrorCode DioSummaryAddReal(DioSummary s, const char key[], PetscReal value)
{
  char json[64];

  PetscFunctionBegin;
  if (PetscIsInfOrNanReal(value)) PetscCall(PetscStrncpy(json, "null", sizeof(json)));
  else PetscCall(PetscSNPrintf(json, sizeof(json), "%.10e", (double)value));
  PetscCall(AddItem(s, key, json));
  PetscFunctionReturn(0);
}

/* A string value; characters JSON would need escaped are replaced by '_' (options and paths rarely hold them). */
PetscErrorCode DioSummaryAddString(DioSummary s, const char key[], const char value[])
{
  char   json[256];
  size_t n = 0;

  PetscFunctionBegin;
  json[n++] = '"';
  for (size_t i = 0; value[i] && n < sizeof(json) - 2; i++) json[n++] = (value[i] == '"' || value[i] == '\\' || (unsigned char)value[i] < 32) ? '_' : value[i];
  json[n++] = '"';
  json[n]   = 0;
  PetscCall(AddItem(s, key, json));
  PetscFunctionReturn(0);
}

static PetscBool IsKey(const char *token)
{
  return (PetscBool)(token && token[0] == '-' && ((token[1] >= 'a' && token[1] <= 'z') || (token[1] >= 'A' && token[1] <= 'Z')));
}

/* Every option in the database (case file and command line), as "input_<key>": the inputs of this run. */
PetscErrorCode DioSummaryAddOptions(DioSummary s)
{
  char  *all, *save = NULL, *tokens[2 * DIO_SUMMARY_MAX_ITEMS];
  size_t n = 0;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetAll(NULL, &all));
  for (char *t = strtok_r(all, " ", &save); t && n < sizeof(tokens) / sizeof(tokens[0]); t = strtok_r(NULL, " ", &save)) tokens[n++] = t;
  for (size_t i = 0; i < n; i++) {
    char key[64];
    if (!IsKey(tokens[i])) continue;
    PetscCall(PetscSNPrintf(key, sizeof(key), "input_%s", tokens[i] + 1));
    PetscCall(DioSummaryAddString(s, key, i + 1 < n && !IsKey(tokens[i + 1]) ? tokens[i + 1] : "true"));
  }
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

/* Write the JSON (rank 0, temporary name then rename) and free. Collective. */
PetscErrorCode DioSummaryWriteAndDestroy(DioSummary *summary)
{
  DioSummary  s = *summary;
  PetscMPIInt rank;
  int         ok = 1, err = 0;
  char        tmp[PETSC_MAX_PATH_LEN + 8];

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(s->comm, &rank));
  if (rank == 0) {
    FILE *f;
    PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", s->path));
    errno = 0;
    f     = fopen(tmp, "w");
    ok    = f != NULL;
    if (ok) {
      ok = fprintf(f, "{\n") > 0;
      for (PetscInt i = 0; i < s->num_items && ok; i++) ok = fprintf(f, "  \"%s\": %s%s\n", s->key[i], s->value[i], i + 1 < s->num_items ? "," : "") > 0;
      ok = ok && fprintf(f, "}\n") > 0;
      ok = (fclose(f) == 0) && ok;
      ok = ok && rename(tmp, s->path) == 0;
    }
    if (!ok) {
      err = errno ? errno : EIO;
      (void)remove(tmp); /* no stale temporary file */
    }
  }
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, s->comm));
  PetscCheck(!err, s->comm, PETSC_ERR_FILE_WRITE, "cannot write run summary '%s': %s", s->path, strerror(err));
  PetscCall(PetscFree(*summary));
  PetscFunctionReturn(0);
}
