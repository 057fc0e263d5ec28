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
static const DioNumericColumn DioTimeFunctionColumns[2] = {
  {"time",   PETSC_FALSE},
  {"factor", PETSC_FALSE}
};

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

/*@
  DioTimeFunctionCreateFromFile: reads a time function from the CSV file at path on rank 0 and broadcasts it.

  Collective on comm. Format (DioNumericTableRead()): an optional UTF-8 byte-order mark; blank lines and lines whose
  first non-blank character is '#' are skipped; the first other line is the header time,factor (without regard to
  case); every later line holds two comma-separated finite numbers, the time (s) and the factor, with times strictly
  increasing; at least one row. key is the option that named the file (NULL: none), the first word of every message.
  A file that cannot be read is PETSC_ERR_FILE_OPEN; anything else wrong is PETSC_ERR_USER_INPUT with
  "key: path:LINE: column C (name): ..." in one line.
  Output: tf, free with DioTimeFunctionDestroy().
@*/
PetscErrorCode DioTimeFunctionCreateFromFile(MPI_Comm comm, const char key[], const char path[], DioTimeFunction *tf)
{
  PetscInt   width, n, *lines;
  PetscReal *rows;

  PetscFunctionBegin;
  *tf = NULL;
  PetscCall(DioNumericTableRead(comm, key, path, 2, DioTimeFunctionColumns, NULL, &width, &n, &rows, &lines));
  for (PetscInt i = 1; i < n; i++) {
    const PetscInt line = lines[i], previous_line = lines[i - 1];
    char           now[32], before[32]; /* %g as C prints it (PETSc's printf writes 10 as "10.") */

    if (rows[2 * i] > rows[2 * (i - 1)]) continue;
    snprintf(now, sizeof(now), "%g", (double)rows[2 * i]);
    snprintf(before, sizeof(before), "%g", (double)rows[2 * (i - 1)]);
    PetscCall(PetscFree(rows));
    PetscCall(PetscFree(lines));
    SETERRQ(comm, PETSC_ERR_USER_INPUT,
            "%s%s%s:%" PetscInt_FMT ": column 1 (time): %s is not after %s (line %" PetscInt_FMT "): times must increase",
            key ? key : "", key ? ": " : "", path, line, now, before, previous_line);
  }
  PetscCall(DioTimeFunctionCreate_Private(path, n, tf));
  for (PetscInt i = 0; i < n; i++) {
    (*tf)->time[i]   = rows[2 * i];
    (*tf)->factor[i] = rows[2 * i + 1];
  }
  PetscCall(PetscFree(rows));
  PetscCall(PetscFree(lines));
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

/* The comma-separated numbers of text (an inline table; blanks around them ignored) into values[*count]
   (PetscMalloc'd), or a message naming the option and the entry. */
static PetscErrorCode ParseInlineTable(const char key[], char text[], PetscInt *count, PetscReal **values,
                                       char message[], size_t size)
{
  PetscInt capacity = 1;

  PetscFunctionBegin;
  *count = 0;
  for (const char *c = text; *c; c++) capacity += *c == ',';
  PetscCall(PetscMalloc1(capacity, values));
  for (char *entry = text, *next; entry != NULL && !message[0]; entry = next) {
    char  *end, *field;
    double v;
    next = strchr(entry, ',');
    if (next) *next++ = '\0';
    field = DioTimeFunctionStrip(entry);
    errno = 0;
    v     = strtod(field, &end);
    if (field[0] == '\0' || *end != '\0')
      snprintf(message, size, "%s: entry %d ('%s') is not a number (pairs time (s), factor: t0,f0,t1,f1,...)", key,
               (int)(*count + 1), field);
    else if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0))
      snprintf(message, size, "%s: entry %d ('%s') is not a finite number", key, (int)(*count + 1), field);
    else
      (*values)[(*count)++] = (PetscReal)v;
  }
  PetscFunctionReturn(0);
}

/*@
  DioTimeFunctionCreateFromOptions: the time function of option key (with its '-'): inline pairs in -<key>
  (t0,f0,t1,f1,...; a YAML list gives them comma-separated) or a CSV file named by -<key>_file
  (DioTimeFunctionCreateFromFile()); both is an error. Either may be "none" (the default the help shows): *tf is NULL
  when neither gives a table.

  Collective on comm. help names what the factor multiplies, e.g. "the pressure value".
@*/
PetscErrorCode DioTimeFunctionCreateFromOptions(MPI_Comm comm, const char key[], const char help[], DioTimeFunction *tf)
{
  char file_key[256], path[PETSC_MAX_PATH_LEN] = "none", inline_help[512], file_help[512], title[300],
                      message[512] = "";
  char        *text;
  PetscInt     count  = 0;
  PetscReal   *values = NULL;
  PetscBool    has_inline, has_file, none;
  const size_t text_size = 65536;

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
  PetscCall(PetscMalloc1(text_size, &text));
  PetscCall(PetscStrncpy(text, "none", text_size));
  PetscOptionsBegin(comm, NULL, title, "time function");
  PetscCall(PetscOptionsString(key, inline_help, "", text, text, text_size, &has_inline));
  PetscCall(PetscOptionsString(file_key, file_help, "", path, path, sizeof(path), &has_file));
  PetscOptionsEnd();
  PetscCall(PetscStrcasecmp(text, "none", &none));
  has_inline = (PetscBool)(has_inline && !none);
  PetscCall(PetscStrcasecmp(path, "none", &none));
  has_file = (PetscBool)(has_file && !none);
  if (has_inline && !has_file) PetscCall(ParseInlineTable(key, text, &count, &values, message, sizeof(message)));
  PetscCall(PetscFree(text));
  if (message[0]) PetscCall(PetscFree(values));
  PetscCheck(!message[0], comm, PETSC_ERR_USER_INPUT, "%s", message);
  PetscCheck(!(has_inline && has_file), comm, PETSC_ERR_USER_INPUT,
             "%s and %s: give the time function inline or in a file, not both", key, file_key);
  if (has_inline)
    PetscCall(DioTimeFunctionCreateFromPairs(comm, key, count, values, tf)); /* an error leaves values: the run ends */
  PetscCall(PetscFree(values));
  if (has_file) {
    PetscCheck(path[0], comm, PETSC_ERR_USER_INPUT, "%s: empty file name", file_key);
    PetscCall(DioTimeFunctionCreateFromFile(comm, file_key, path, tf));
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
