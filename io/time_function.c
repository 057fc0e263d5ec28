/* SPDX-License-Identifier: BSD-2-Clause
   time_function.c: piecewise-linear functions of time (load ramps, temperature histories) given inline as
   time,factor pairs or as a CSV table with the columns time,factor; validated (finite values, times increasing) with
   the file, line and column of a bad entry. Knows nothing of what the factor multiplies. */
#include "dio_io.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _n_DioTimeFunction {
  char      *source; /* the option or the file, for messages */
  PetscInt   n;      /* number of points, >= 1 */
  PetscReal *time;   /* [n] s, strictly increasing */
  PetscReal *factor; /* [n] */
};

/* The CSV's columns, in this order (documented in README.md, "Time functions"). */
static const char *const DioTimeFunctionColumns[2] = {"time", "factor"};

/* Longest CSV line read (a longer one is refused). */
#define DIO_TIME_FUNCTION_LINE 1024

static PetscErrorCode DioTimeFunctionCreate_Private(const char source[], PetscInt n, DioTimeFunction *tf)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(tf));
  PetscCall(PetscStrallocpy(source, &(*tf)->source));
  (*tf)->n = n;
  PetscCall(PetscMalloc2(n, &(*tf)->time, n, &(*tf)->factor));
  PetscFunctionReturn(0);
}

/* Strips blanks (and a carriage return) from both ends of s, in place; returns the first non-blank character. */
static char *DioTimeFunctionStrip(char *s)
{
  char *end = s + strlen(s);

  while (*s == ' ' || *s == '\t') s++;
  while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')) *--end = '\0';
  return s;
}

/* The finite number in text, or a message "source:LINE: column C (name): ..." when it is not one. */
static void DioTimeFunctionParseNumber(const char source[], long line, int column, char *text, PetscReal *value,
                                       char message[], size_t size)
{
  char  *end, *field = DioTimeFunctionStrip(text);
  double v;

  errno = 0;
  v     = strtod(field, &end);
  if (field[0] == '\0' || *end != '\0')
    snprintf(message, size, "%s:%ld: column %d (%s): '%s' is not a number", source, line, column,
             DioTimeFunctionColumns[column - 1], field);
  else if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0))
    snprintf(message, size, "%s:%ld: column %d (%s): '%s' is not a finite number", source, line, column,
             DioTimeFunctionColumns[column - 1], field);
  else
    *value = (PetscReal)v;
}

/* Rank 0: reads the CSV at path into times/factors (PetscMalloc'd, *n rows), or describes the first problem in
   message (then *n = 0 and nothing is allocated). */
static PetscErrorCode DioTimeFunctionReadCSV(const char path[], PetscInt *n, PetscReal **times, PetscReal **factors,
                                             char message[], size_t size)
{
  FILE     *file;
  char      line[DIO_TIME_FUNCTION_LINE + 2];
  long      line_number = 0, previous_line = 0;
  PetscInt  capacity = 16;
  PetscBool header   = PETSC_FALSE;

  PetscFunctionBegin;
  *n         = 0;
  message[0] = '\0';
  errno      = 0;
  file       = fopen(path, "r");
  if (file == NULL) {
    PetscCall(PetscSNPrintf(message, size, "cannot read time function '%s': %s", path, strerror(errno)));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscMalloc2(capacity, times, capacity, factors));
  while (!message[0] && fgets(line, sizeof(line), file) != NULL) {
    char *text = line, *fields[2], *comma, *extra;

    line_number++;
    if (strlen(line) > DIO_TIME_FUNCTION_LINE) {
      PetscCall(PetscSNPrintf(message, size, "%s:%ld: line longer than %d characters", path, line_number,
                              DIO_TIME_FUNCTION_LINE));
      break;
    }
    if (line_number == 1 && !strncmp(text, "\xEF\xBB\xBF", 3)) text += 3; /* UTF-8 byte-order mark */
    text = DioTimeFunctionStrip(text);
    if (text[0] == '\0' || text[0] == '#') continue;
    comma = strchr(text, ',');
    extra = comma ? strchr(comma + 1, ',') : NULL;
    if (comma == NULL || extra != NULL) {
      PetscInt count = 1;
      for (const char *c = text; *c; c++) count += *c == ',';
      PetscCall(PetscSNPrintf(message, size, "%s:%ld: %" PetscInt_FMT " field%s: expected 2 (%s)", path, line_number,
                              count, count == 1 ? "" : "s", header ? "time,factor" : "the header time,factor"));
      break;
    }
    *comma    = '\0';
    fields[0] = text;
    fields[1] = comma + 1;
    if (!header) {
      for (int c = 0; c < 2 && !message[0]; c++) {
        const char *name = DioTimeFunctionStrip(fields[c]);
        PetscBool   same;
        PetscCall(PetscStrcasecmp(name, DioTimeFunctionColumns[c], &same));
        if (!same)
          PetscCall(PetscSNPrintf(
              message, size, "%s:%ld: header column %d is '%s', expected '%s' (the header is time,factor%s)", path,
              line_number, c + 1, name, DioTimeFunctionColumns[c], c == 0 ? "; is the header row missing?" : ""));
      }
      header = PETSC_TRUE;
      continue;
    }
    if (*n == capacity) {
      PetscReal *t = *times, *f = *factors;
      PetscCall(PetscMalloc2(2 * capacity, times, 2 * capacity, factors));
      PetscCall(PetscArraycpy(*times, t, capacity));
      PetscCall(PetscArraycpy(*factors, f, capacity));
      PetscCall(PetscFree2(t, f));
      capacity *= 2;
    }
    DioTimeFunctionParseNumber(path, line_number, 1, fields[0], &(*times)[*n], message, size);
    if (!message[0]) DioTimeFunctionParseNumber(path, line_number, 2, fields[1], &(*factors)[*n], message, size);
    if (!message[0] && *n > 0 && !((*times)[*n] > (*times)[*n - 1]))
      snprintf(message, size, "%s:%ld: column 1 (time): %g is not after %g (line %ld): times must increase", path,
               line_number, (double)(*times)[*n], (double)(*times)[*n - 1], previous_line);
    previous_line = line_number;
    (*n)++;
  }
  if (!message[0] && ferror(file))
    PetscCall(PetscSNPrintf(message, size, "cannot read time function '%s': %s", path, strerror(errno ? errno : EIO)));
  if (!message[0] && !header) PetscCall(PetscSNPrintf(message, size, "%s: no header row (time,factor)", path));
  if (!message[0] && *n == 0)
    PetscCall(PetscSNPrintf(message, size,
                            "%s: no rows after the header: a time function needs at least one time,factor row", path));
  (void)fclose(file);
  if (message[0]) {
    PetscCall(PetscFree2(*times, *factors));
    *n = 0;
  }
  PetscFunctionReturn(0);
}

/*@
  DioTimeFunctionCreateFromFile: reads a time function from the CSV file at path on rank 0 and broadcasts it.

  Collective on comm. Format: an optional UTF-8 byte-order mark; blank lines and lines whose first non-blank character
  is '#' are skipped; the first other line is the header time,factor (without regard to case); every later line holds
  two comma-separated finite numbers, the time (s) and the factor, with times strictly increasing; at least one row. A
  file that cannot be read is PETSC_ERR_FILE_OPEN; anything else wrong is PETSC_ERR_USER_INPUT with
  "path:LINE: column C (name): ..." in one line.
  Output: tf, free with DioTimeFunctionDestroy().
@*/
PetscErrorCode DioTimeFunctionCreateFromFile(MPI_Comm comm, const char path[], DioTimeFunction *tf)
{
  PetscMPIInt rank;
  PetscInt    n     = 0;
  PetscReal  *times = NULL, *factors = NULL;
  char        message[PETSC_MAX_PATH_LEN + 256] = "";
  int         opened                            = 1;

  PetscFunctionBegin;
  *tf = NULL;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) {
    PetscCall(DioTimeFunctionReadCSV(path, &n, &times, &factors, message, sizeof(message)));
    opened = strncmp(message, "cannot read", 11) != 0;
  }
  PetscCallMPI(MPI_Bcast(message, (PetscMPIInt)sizeof(message), MPI_CHAR, 0, comm));
  PetscCallMPI(MPI_Bcast(&opened, 1, MPI_INT, 0, comm));
  PetscCheck(opened, comm, PETSC_ERR_FILE_OPEN, "%s", message);
  PetscCheck(!message[0], comm, PETSC_ERR_USER_INPUT, "%s", message);
  PetscCallMPI(MPI_Bcast(&n, 1, MPIU_INT, 0, comm));
  PetscCall(DioTimeFunctionCreate_Private(path, n, tf));
  if (rank == 0) {
    PetscCall(PetscArraycpy((*tf)->time, times, n));
    PetscCall(PetscArraycpy((*tf)->factor, factors, n));
    PetscCall(PetscFree2(times, factors));
  }
  PetscCallMPI(MPI_Bcast((*tf)->time, (PetscMPIInt)n, MPIU_REAL, 0, comm));
  PetscCallMPI(MPI_Bcast((*tf)->factor, (PetscMPIInt)n, MPIU_REAL, 0, comm));
  PetscFunctionReturn(0);
}

/*@
  DioTimeFunctionCreateFromPairs: a time function from values[2 n] = t0, f0, t1, f1, ... (an inline table).

  Collective on comm (every rank passes the same values). The count must be even and at least 2, every value finite
  and the times strictly increasing, else PETSC_ERR_USER_INPUT naming source and the entry (1-based).
  Output: tf, free with DioTimeFunctionDestroy().
@*/
PetscErrorCode DioTimeFunctionCreateFromPairs(MPI_Comm comm, const char source[], PetscInt count,
                                              const PetscReal values[], DioTimeFunction *tf)
{
  PetscFunctionBegin;
  *tf = NULL;
  PetscCheck(count >= 2 && count % 2 == 0, comm, PETSC_ERR_USER_INPUT,
             "%s: %" PetscInt_FMT " value%s: a time function is pairs time (s), factor: t0,f0,t1,f1,...", source, count,
             count == 1 ? "" : "s");
  for (PetscInt k = 0; k < count; k++)
    PetscCheck(!PetscIsInfOrNanReal(values[k]), comm, PETSC_ERR_USER_INPUT,
               "%s: entry %" PetscInt_FMT " (%s) is not a finite number", source, k + 1, k % 2 ? "factor" : "time");
  for (PetscInt k = 2; k < count; k += 2) {
    char now[32], before[32]; /* %g as C prints it (PETSc's printf writes 10 as "10.") */
    snprintf(now, sizeof(now), "%g", (double)values[k]);
    snprintf(before, sizeof(before), "%g", (double)values[k - 2]);
    PetscCheck(values[k] > values[k - 2], comm, PETSC_ERR_USER_INPUT,
               "%s: entry %" PetscInt_FMT " (time %s) is not after entry %" PetscInt_FMT
               " (time %s): times must increase",
               source, k + 1, now, k - 1, before);
  }
  PetscCall(DioTimeFunctionCreate_Private(source, count / 2, tf));
  for (PetscInt k = 0; k < count / 2; k++) {
    (*tf)->time[k]   = values[2 * k];
    (*tf)->factor[k] = values[2 * k + 1];
  }
  PetscFunctionReturn(0);
}

/*@
  DioTimeFunctionCreateFromOptions: the time function of option key (with its '-'): inline pairs in -<key>
  (t0,f0,t1,f1,..., at most 1024 pairs) or a CSV file named by -<key>_file (DioTimeFunctionCreateFromFile()); both is
  an error. *tf is NULL when neither is set.

  Collective on comm. The option's help names what the factor multiplies (help), e.g. "the pressure value".
@*/
PetscErrorCode DioTimeFunctionCreateFromOptions(MPI_Comm comm, const char key[], const char help[], DioTimeFunction *tf)
{
  char       file_key[256], path[PETSC_MAX_PATH_LEN] = "", inline_help[512], file_help[512], title[300];
  PetscInt   count = 2 * 1024;
  PetscReal *values;
  PetscBool  has_inline, has_file;

  PetscFunctionBegin;
  *tf = NULL;
  PetscCall(PetscSNPrintf(file_key, sizeof(file_key), "%s_file", key));
  PetscCall(PetscSNPrintf(inline_help, sizeof(inline_help),
                          "Time function: pairs time (s), factor t0,f0,t1,f1,... multiplying %s, linear between the "
                          "times, held before the first and "
                          "after the last (default none: constant)",
                          help));
  PetscCall(PetscSNPrintf(
      file_help, sizeof(file_help),
      "Time function from a CSV file with the header time,factor (s, factor multiplying %s; default none)", help));
  PetscCall(PetscSNPrintf(title, sizeof(title), "Time function %s", key));
  PetscCall(PetscMalloc1(count, &values));
  PetscOptionsBegin(comm, NULL, title, "time function");
  PetscCall(PetscOptionsRealArray(key, inline_help, "", values, &count, &has_inline));
  PetscCall(PetscOptionsString(file_key, file_help, "", path, path, sizeof(path), &has_file));
  PetscOptionsEnd();
  if (has_inline && has_file) PetscCall(PetscFree(values));
  PetscCheck(!(has_inline && has_file), comm, PETSC_ERR_USER_INPUT,
             "%s and %s: give the time function inline or in a file, not both", key, file_key);
  if (has_inline) PetscCall(DioTimeFunctionCreateFromPairs(comm, key, count, values, tf));
  PetscCall(PetscFree(values));
  if (has_file) {
    PetscCheck(path[0], comm, PETSC_ERR_USER_INPUT, "%s: empty file name", file_key);
    PetscCall(DioTimeFunctionCreateFromFile(comm, path, tf));
  }
  PetscFunctionReturn(0);
}

/*@
  DioTimeFunctionValue: the factor at time t (s): linear between the table's times, the first factor before the first
  time and the last after the last; a NULL tf is the constant 1. Pure (no PETSc call): callable from callbacks that
  run inside cell loops. Not collective.
@*/
PetscReal DioTimeFunctionValue(DioTimeFunction tf, PetscReal t)
{
  PetscInt lo = 0, hi;

  if (tf == NULL) return 1.0;
  hi = tf->n - 1;
  if (t <= tf->time[0]) return tf->factor[0];
  if (t >= tf->time[hi]) return tf->factor[hi];
  while (hi - lo > 1) { /* time[lo] < t < time[hi] */
    const PetscInt mid = (lo + hi) / 2;
    if (tf->time[mid] <= t)
      lo = mid;
    else
      hi = mid;
  }
  return tf->factor[lo] + (tf->factor[hi] - tf->factor[lo]) * (t - tf->time[lo]) / (tf->time[hi] - tf->time[lo]);
}

/*@
  DioTimeFunctionEvaluate: DioTimeFunctionValue() as a PETSc call. Not collective.
@*/
PetscErrorCode DioTimeFunctionEvaluate(DioTimeFunction tf, PetscReal t, PetscReal *factor)
{
  PetscFunctionBegin;
  *factor = DioTimeFunctionValue(tf, t);
  PetscFunctionReturn(0);
}

/*@
  DioTimeFunctionGetRange: the first and last time of the table (s); 0, 0 for a NULL tf. Not collective.
@*/
PetscErrorCode DioTimeFunctionGetRange(DioTimeFunction tf, PetscReal *first, PetscReal *last)
{
  PetscFunctionBegin;
  *first = tf ? tf->time[0] : 0.0;
  *last  = tf ? tf->time[tf->n - 1] : 0.0;
  PetscFunctionReturn(0);
}

/*@
  DioTimeFunctionGetSource: the option or file the function came from (borrowed), for messages. Not collective.
@*/
PetscErrorCode DioTimeFunctionGetSource(DioTimeFunction tf, const char *source[])
{
  PetscFunctionBegin;
  *source = tf ? tf->source : NULL;
  PetscFunctionReturn(0);
}

/*@
  DioTimeFunctionDestroy: frees tf and sets it to NULL; nothing on NULL. Not collective.
@*/
PetscErrorCode DioTimeFunctionDestroy(DioTimeFunction *tf)
{
  PetscFunctionBegin;
  if (*tf == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree2((*tf)->time, (*tf)->factor));
  PetscCall(PetscFree((*tf)->source));
  PetscCall(PetscFree(*tf));
  PetscFunctionReturn(0);
}
