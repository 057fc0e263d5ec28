/* SPDX-License-Identifier: BSD-2-Clause
   fingerprint.c: the model a checkpoint belongs to, as text that a restart compares with its own. The fingerprint is
   every option in the database (case file and command line) except those a restart may change (the run-control list
   below: output, progress, checkpoint and restart, solver and PETSc run-time options), one "key value" line each,
   sorted, keys in lower case, a value with blanks (a formula) whole; an option whose value names a readable file
   (-mesh_profile, -materials_file) is recorded by a hash of the file's contents instead of its path, so a profile
   edited in place is caught and a profile moved elsewhere is not. Everything not in the list defines the model: a key
   added later is checked by default, which errs on the side of refusing a restart rather than continuing a different
   model. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dio_io.h"

/* Options a restart may change: where and how much is written, how the equations are solved, how PETSc runs.
   Prefixes; "restart" and "progress" are whole keys. The one place that decides what is not part of the model. */
static const char *const run_control_prefixes[] = {
    "output_", "progress", "checkpoint_", "restart",
    /* solvers (mech_element_order is not one: it is the discretisation) */
    "mech_ksp_", "mech_pc_", "mech_mg_", "mech_snes_", "mech_mat_", "mech_load_", "mech_plastic_", "mech_fallback_",
    "heat_ksp_", "heat_pc_", "heat_snes_", "biot_solver", "biot_ksp_", "biot_pc_", "biot_fieldsplit_",
    /* PETSc's run-time options and diagnostics */
    "log", "options_", "malloc", "help", "info", "petsc", "on_error", "fp_trap", "no_signal_handler", "check_pointer",
    "viewer", "memory_view", "history", "objects_dump", "skip_petscrc", "start_in_debugger", "debugger",
    "stop_for_debugger", "display", "tmp", "shared_tmp", "not_shared_tmp", "get_total_flops", "version", "mpi_",
    "use_gpu", "omp_", "sf_", "partitioner", "petscpartitioner", "bench_"};

static PetscBool IsRunControl(const char key[])
{
  for (size_t i = 0; i < sizeof(run_control_prefixes) / sizeof(run_control_prefixes[0]); i++)
    if (!strncmp(key, run_control_prefixes[i], strlen(run_control_prefixes[i]))) return PETSC_TRUE;
  return PETSC_FALSE;
}

static PetscBool IsKey(const char token[])
{
  return (PetscBool)(token != NULL && token[0] == '-' && isalpha((unsigned char)token[1]));
}

/* 1 or 0 for the words PETSc reads as a truth value (true/false, yes/no, on/off), -1 for anything else. */
static int TruthValue(const char text[])
{
  const char *const words[] = {"true", "yes", "on", "false", "no", "off"};
  PetscBool         same;

  for (int i = 0; i < 6; i++)
    if (!PetscStrcasecmp(text, words[i], &same) && same) return i < 3;
  return -1;
}

/* FNV-1a (64 bit) of the file's bytes; PETSC_FALSE if path is not a readable regular file, or is a number or a truth
   value (a file named "12" in the working folder does not make -tunnel_diameter 12 a file). */
static PetscBool HashFile(const char path[], unsigned long long *hash)
{
  FILE *file;
  char *end;
  int   c;

  if (TruthValue(path) >= 0 || (strtod(path, &end), end != path && *end == '\0')) return PETSC_FALSE;
  file = fopen(path, "rb");
  if (file == NULL) return PETSC_FALSE;
  *hash = 14695981039346656037ULL;
  while ((c = fgetc(file)) != EOF) *hash = (*hash ^ (unsigned char)c) * 1099511628211ULL;
  if (ferror(file)) {
    (void)fclose(file);
    return PETSC_FALSE;
  }
  (void)fclose(file);
  return PETSC_TRUE;
}

static int CompareStrings(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The whole value of option name (without '-'; NULL: none) as the database holds it, without marking it used: an
   option not read yet from the unused ones' list (left_*), one read already from the database. */
static PetscErrorCode OptionValue(const char name[], PetscInt num_left, char *left_names[], char *left_values[],
                                  const char **value)
{
  char      option[260];
  PetscBool same, found;

  PetscFunctionBegin;
  *value = NULL;
  for (PetscInt k = 0; k < num_left; k++) {
    PetscCall(PetscStrcasecmp(name, left_names[k], &same));
    if (!same) continue;
    *value = left_values[k];
    PetscFunctionReturn(0);
  }
  PetscCall(PetscSNPrintf(option, sizeof(option), "-%s", name));
  PetscCall(PetscOptionsFindPair(NULL, NULL, option, value, &found));
  if (!found) *value = NULL;
  PetscFunctionReturn(0);
}

/* The blank-separated words of text (as strtok_r() splits PetscOptionsGetAll()'s string). */
static size_t WordCount(const char text[])
{
  size_t n = 0;
  for (const char *c = text; *c; c++)
    if (*c != ' ' && (c == text || c[-1] == ' ')) n++;
  return n;
}

/* The fingerprint text on this rank (rank 0 builds it; every rank reads the same options). */
static PetscErrorCode FingerprintBuild(const char problem[], char **text)
{
  char    *all, *save = NULL, **tokens, **lines, **left_names, **left_values;
  size_t   num_tokens = 0, num_lines = 0, length = 0, capacity;
  PetscInt num_left;
  PetscInt line_size = PETSC_MAX_PATH_LEN + 64;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetAll(NULL, &all));
  PetscCall(PetscOptionsLeftGet(NULL, &num_left, &left_names, &left_values));
  capacity = strlen(all) / 2 + 2;
  PetscCall(PetscMalloc2(capacity, &tokens, capacity, &lines));
  for (char *t = strtok_r(all, " ", &save); t != NULL && num_tokens < capacity; t = strtok_r(NULL, " ", &save))
    tokens[num_tokens++] = t;
  for (size_t i = 0; i < num_tokens; i++) {
    const char        *value = i + 1 < num_tokens && !IsKey(tokens[i + 1]) ? tokens[i + 1] : "true", *whole;
    char               key[256];
    unsigned long long hash;

    if (!IsKey(tokens[i])) continue;
    PetscCall(PetscStrncpy(key, tokens[i] + 1, sizeof(key)));
    /* a value with blanks (a formula: '20 + 0.1 * -z') is whole, and its words are no keys */
    PetscCall(OptionValue(key, num_left, left_names, left_values, &whole));
    if (whole && strchr(whole, ' ')) {
      value = whole;
      i += WordCount(whole);
    }
    for (char *k = key; *k; k++) *k = (char)tolower((unsigned char)*k);
    if (IsRunControl(key)) continue;
    PetscCall(PetscMalloc1(line_size, &lines[num_lines]));
    if (HashFile(value, &hash))
      PetscCall(PetscSNPrintf(lines[num_lines], line_size, "%s file:%016llx", key, hash));
    else
      PetscCall(PetscSNPrintf(lines[num_lines], line_size, "%s %s", key, value));
    length += strlen(lines[num_lines++]) + 1;
  }
  qsort(lines, num_lines, sizeof(char *), CompareStrings);
  length += strlen(problem) + 16;
  PetscCall(PetscMalloc1(length, text));
  PetscCall(PetscSNPrintf(*text, length, "(problem) %s\n", problem));
  for (size_t i = 0; i < num_lines; i++) {
    PetscCall(PetscStrlcat(*text, lines[i], length));
    PetscCall(PetscStrlcat(*text, "\n", length));
    PetscCall(PetscFree(lines[i]));
  }
  PetscCall(PetscFree2(tokens, lines));
  PetscCall(PetscOptionsLeftRestore(NULL, &num_left, &left_names, &left_values));
  PetscCall(PetscFree(all));
  PetscFunctionReturn(0);
}

/*
  DioModelFingerprintCreate - the fingerprint of the model this run computes (see the top of this file): problem is
  the problem's name; *text holds "key value" lines (free with PetscFree()). Built on rank 0 (the files it hashes are
  read once) and broadcast. Collective.
*/
PetscErrorCode DioModelFingerprintCreate(MPI_Comm comm, const char problem[], char **text)
{
  PetscMPIInt rank;
  int         length = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) {
    PetscCall(FingerprintBuild(problem, text));
    length = (int)strlen(*text) + 1;
  }
  PetscCallMPI(MPI_Bcast(&length, 1, MPI_INT, 0, comm));
  if (rank != 0) PetscCall(PetscMalloc1(length, text));
  PetscCallMPI(MPI_Bcast(*text, length, MPI_CHAR, 0, comm));
  PetscFunctionReturn(0);
}

/* The value of key in a fingerprint, copied to value (empty and PETSC_FALSE when absent). */
static PetscBool FingerprintLookup(const char text[], const char key[], char value[], size_t size)
{
  const size_t n = strlen(key);

  value[0] = '\0';
  for (const char *line = text; line != NULL && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    if (!strncmp(line, key, n) && line[n] == ' ') {
      const char *end = strchr(line + n + 1, '\n');
      size_t      len = end ? (size_t)(end - line - n - 1) : strlen(line + n + 1);

      if (len >= size) len = size - 1;
      memcpy(value, line + n + 1, len);
      value[len] = '\0';
      return PETSC_TRUE;
    }
  }
  return PETSC_FALSE;
}

/* Same value: equal numbers (1e9 and 1000000000), equal truth values (true and yes), else the same text. */
static PetscBool SameValue(const char a[], const char b[])
{
  char     *end_a, *end_b;
  double    x = strtod(a, &end_a), y = strtod(b, &end_b);
  PetscBool same;

  if (end_a != a && *end_a == '\0' && end_b != b && *end_b == '\0') return (PetscBool)(x == y);
  if (TruthValue(a) >= 0 && TruthValue(b) >= 0) return (PetscBool)(TruthValue(a) == TruthValue(b));
  if (PetscStrcasecmp(a, b, &same)) return PETSC_FALSE;
  return same;
}

/* Appends one difference "-key = A there, B here" (file contents and absent keys spelled out). */
static void DescribeDifference(const char key[], PetscBool in_old, const char old_value[], PetscBool in_new,
                               const char new_value[], char message[], size_t size)
{
  char item[2 * PETSC_MAX_PATH_LEN];

  if (!strcmp(key, "(problem)"))
    (void)PetscSNPrintf(item, sizeof(item), "the problem is '%s' in the checkpoint's run, '%s' in this one", old_value,
                        new_value);
  else if (!strncmp(old_value, "file:", 5) && !strncmp(new_value, "file:", 5))
    (void)PetscSNPrintf(item, sizeof(item), "-%s: the file's contents differ", key);
  else
    (void)PetscSNPrintf(item, sizeof(item), "-%s = %s in the checkpoint's run, %s in this one", key,
                        in_old ? old_value : "not set (default)", in_new ? new_value : "not set (default)");
  if (message[0]) (void)PetscStrlcat(message, "; ", size);
  (void)PetscStrlcat(message, item, size);
}

/*
  DioModelFingerprintCompare - the differences between the fingerprint of a checkpoint (old) and this run's (new):
  *count of them, and the first three described in message ("-key = A in the checkpoint's run, B in this one; ...").
  Not collective.
*/
PetscErrorCode DioModelFingerprintCompare(const char old_text[], const char new_text[], PetscInt *count, char message[],
                                          size_t size)
{
  const char *texts[2] = {old_text, new_text};

  PetscFunctionBegin;
  *count     = 0;
  message[0] = '\0';
  /* every key of old (then the keys only new has) */
  for (int pass = 0; pass < 2; pass++) {
    for (const char *line = texts[pass]; line != NULL && *line;) {
      const char *next = strchr(line, '\n');
      char        key[256], old_value[PETSC_MAX_PATH_LEN], new_value[PETSC_MAX_PATH_LEN];
      size_t      n = strcspn(line, " \n");
      PetscBool   in_old, in_new;

      if (n >= sizeof(key)) n = sizeof(key) - 1;
      memcpy(key, line, n);
      key[n] = '\0';
      line   = next ? next + 1 : NULL;
      if (n == 0) continue;
      in_old = FingerprintLookup(old_text, key, old_value, sizeof(old_value));
      in_new = FingerprintLookup(new_text, key, new_value, sizeof(new_value));
      if (pass == 1 && in_old) continue; /* compared in the first pass */
      if (in_old && in_new && SameValue(old_value, new_value)) continue;
      if ((*count)++ < 3) DescribeDifference(key, in_old, old_value, in_new, new_value, message, size);
    }
  }
  PetscFunctionReturn(0);
}
