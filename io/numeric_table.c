/* SPDX-License-Identifier: BSD-2-Clause
   numeric_table.c: CSV files of named numeric columns (time functions, values at points): a header row checked
   against the expected names, then rows of finite numbers; read on rank 0 and broadcast as one plain array. Every
   error is one line naming the option that named the file, the file, its line and its column. */
#include "dio_io.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest line read (a longer one is refused). */
#define DIO_NUMERIC_TABLE_LINE 1024

/* Strips blanks, carriage returns and newlines from both ends of s, in place; returns the first kept character. */
static char *Strip(char *s)
{
  char *end = s + strlen(s);

  while (*s == ' ' || *s == '\t') s++;
  while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')) *--end = '\0';
  return s;
}

/* Splits text at commas in place into at most max fields, each stripped; returns how many there are (all of them). */
static PetscInt SplitFields(char *text, char *fields[], PetscInt max)
{
  PetscInt n = 0;

  for (char *start = text;; n++) {
    char *comma = strchr(start, ',');

    if (comma) *comma = '\0';
    if (n < max) fields[n] = Strip(start);
    if (comma == NULL) return n + 1;
    start = comma + 1;
  }
}

/* The header as the columns describe it, optional ones in brackets: "x,y[,z],temperature". */
static PetscErrorCode DescribeHeader(PetscInt num_columns, const DioNumericColumn columns[], char text[], size_t size)
{
  PetscFunctionBegin;
  text[0] = '\0';
  for (PetscInt c = 0; c < num_columns; c++) {
    const size_t used = strlen(text);

    PetscCall(PetscSNPrintf(text + used, size - used, "%s%s%s%s", columns[c].optional ? "[" : "", c ? "," : "",
                            columns[c].name, columns[c].optional ? "]" : ""));
  }
  PetscFunctionReturn(0);
}

/* Matches the header's fields to the columns in order (an optional column may be absent): present[c] says which are
   there and *width counts them; a mismatch is described in problem (else ""). */
static PetscErrorCode MatchHeader(PetscInt num_fields, char *fields[], PetscInt num_columns,
                                  const DioNumericColumn columns[], const char header[], PetscBool present[],
                                  PetscInt *width, char problem[], size_t size)
{
  char     skipped[256] = ""; /* the optional names passed over just before the column that failed */
  PetscInt f            = 0;

  PetscFunctionBegin;
  problem[0] = '\0';
  for (PetscInt c = 0; c < num_columns; c++) present[c] = PETSC_FALSE;
  for (PetscInt c = 0; c < num_columns; c++) {
    PetscBool same = PETSC_FALSE;

    if (f < num_fields) PetscCall(PetscStrcasecmp(fields[f], columns[c].name, &same));
    present[c] = same;
    if (same) {
      f++;
      skipped[0] = '\0';
      continue;
    }
    if (columns[c].optional) {
      const size_t used = strlen(skipped);
      PetscCall(PetscSNPrintf(skipped + used, sizeof(skipped) - used, "'%s' or ", columns[c].name));
      continue;
    }
    if (f < num_fields)
      PetscCall(PetscSNPrintf(
          problem, size, "header column %" PetscInt_FMT " is '%s', expected %s'%s' (the header is %s%s)", f + 1,
          fields[f], skipped, columns[c].name, header, f == 0 ? "; is the header row missing?" : ""));
    else
      PetscCall(PetscSNPrintf(problem, size,
                              "header column %" PetscInt_FMT " is missing, expected %s'%s' (the header is %s)", f + 1,
                              skipped, columns[c].name, header));
    PetscFunctionReturn(0);
  }
  if (f < num_fields)
    PetscCall(PetscSNPrintf(problem, size, "header column %" PetscInt_FMT " is '%s', one too many (the header is %s)",
                            f + 1, fields[f], header));
  *width = f;
  PetscFunctionReturn(0);
}

/* The finite number in field, column (1-based) named name, or a description of what is wrong in problem. */
static PetscErrorCode ParseNumber(const char field[], PetscInt column, const char name[], PetscReal *value,
                                  char problem[], size_t size)
{
  char  *end;
  double v;

  PetscFunctionBegin;
  errno = 0;
  v     = strtod(field, &end);
  if (field[0] == '\0' || *end != '\0')
    PetscCall(PetscSNPrintf(problem, size, "column %" PetscInt_FMT " (%s): '%s' is not a number", column, name, field));
  else if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0)) /* an underflow to 0 or a subnormal is kept */
    PetscCall(PetscSNPrintf(problem, size, "column %" PetscInt_FMT " (%s): '%s' is not a finite number", column, name,
                            field));
  else
    *value = (PetscReal)v;
  PetscFunctionReturn(0);
}

/* Rank 0: the rows of the file at path into *rows ([*num_rows][*width], PetscMalloc'd) and their line numbers, or the
   first problem in message ("path:LINE: ...", nothing allocated then; *opened false when the file cannot be read). */
static PetscErrorCode ReadRows(const char path[], PetscInt num_columns, const DioNumericColumn columns[],
                               PetscBool present[], PetscInt *width, PetscInt *num_rows, PetscReal **rows,
                               PetscInt **lines, PetscBool *opened, char message[], size_t size)
{
  FILE       *file;
  char        line[DIO_NUMERIC_TABLE_LINE + 2], header[256], problem[DIO_NUMERIC_TABLE_LINE + 256] = "";
  const char *names[16]; /* of the columns the header has */
  PetscInt    number = 0, capacity = 0, found = 0;
  PetscBool   have_header = PETSC_FALSE;

  PetscFunctionBegin;
  *width = *num_rows = 0;
  *rows              = NULL;
  *lines             = NULL;
  *opened            = PETSC_TRUE;
  message[0]         = '\0';
  PetscCall(DescribeHeader(num_columns, columns, header, sizeof(header)));
  errno = 0;
  file  = fopen(path, "r");
  if (file == NULL) {
    *opened = PETSC_FALSE;
    PetscCall(PetscSNPrintf(message, size, "cannot read '%s': %s", path, strerror(errno)));
    PetscFunctionReturn(0);
  }
  while (!problem[0] && fgets(line, sizeof(line), file) != NULL) {
    char    *text = line, *fields[16];
    PetscInt count;

    number++;
    if (strlen(line) > DIO_NUMERIC_TABLE_LINE) {
      PetscCall(PetscSNPrintf(problem, sizeof(problem), "line longer than %d characters", DIO_NUMERIC_TABLE_LINE));
      break;
    }
    if (number == 1 && !strncmp(text, "\xEF\xBB\xBF", 3))
      text += 3; /* a UTF-8 byte-order mark, as spreadsheets write */
    while (isspace((unsigned char)*text)) text++;
    if (*text == '\0' || *text == '#') continue;
    count = SplitFields(text, fields, 16);
    if (!have_header) {
      PetscCall(MatchHeader(PetscMin(count, 16), fields, num_columns, columns, header, present, width, problem,
                            sizeof(problem)));
      for (PetscInt c = 0; c < num_columns && !problem[0]; c++)
        if (present[c]) names[found++] = columns[c].name;
      have_header = PETSC_TRUE;
      continue;
    }
    if (count != *width) {
      char shown[256] = "";
      for (PetscInt c = 0; c < *width; c++) {
        const size_t used = strlen(shown);
        PetscCall(PetscSNPrintf(shown + used, sizeof(shown) - used, "%s%s", c ? "," : "", names[c]));
      }
      PetscCall(PetscSNPrintf(problem, sizeof(problem), "%" PetscInt_FMT " field%s: expected %" PetscInt_FMT " (%s)",
                              count, count == 1 ? "" : "s", *width, shown));
      break;
    }
    if (*num_rows == capacity) {
      capacity = capacity ? 2 * capacity : 1024;
      PetscCall(PetscRealloc(sizeof(PetscReal) * capacity * *width, rows));
      PetscCall(PetscRealloc(sizeof(PetscInt) * capacity, lines));
    }
    for (PetscInt c = 0; c < count && !problem[0]; c++)
      PetscCall(ParseNumber(fields[c], c + 1, names[c], &(*rows)[*num_rows * *width + c], problem, sizeof(problem)));
    (*lines)[*num_rows] = number;
    (*num_rows)++;
  }
  if (problem[0])
    PetscCall(PetscSNPrintf(message, size, "%s:%" PetscInt_FMT ": %s", path, number, problem));
  else if (ferror(file)) {
    *opened = PETSC_FALSE;
    PetscCall(PetscSNPrintf(message, size, "cannot read '%s': %s", path, strerror(EIO)));
  } else if (!have_header)
    PetscCall(PetscSNPrintf(message, size, "%s: no header row (%s)", path, header));
  else if (*num_rows == 0)
    PetscCall(PetscSNPrintf(message, size, "%s: no rows after the header (%s)", path, header));
  (void)fclose(file);
  if (message[0]) {
    PetscCall(PetscFree(*rows));
    PetscCall(PetscFree(*lines));
    *num_rows = 0;
  }
  PetscFunctionReturn(0);
}

/*@
  DioNumericTableRead - reads a CSV file of numeric columns on rank 0 and gives every rank its rows.

  Collective on comm. Format: an optional UTF-8 byte-order mark; blank lines and lines whose first non-blank character
  is '#' are skipped; CRLF line ends are accepted; lines are at most 1024 characters. The first other line is the
  header: the names of columns[] in that order, without regard to case, where an optional column may be absent; then
  at least one row of as many comma-separated finite numbers as the header has names (an underflow to 0 is kept).

  Input: key, the option that named the file (NULL: none), the first word of every message; path; columns[num_columns]
  (at most 16). Output: present[num_columns] (NULL when no column is optional), which columns the header has; width,
  how many; num_rows; rows, [num_rows][width] in the file's order, and lines, the 1-based line of each row (NULL: not
  wanted): free both with PetscFree() (lines may be NULL).
  Errors, one line "key: path:LINE: column C (name): ...": PETSC_ERR_FILE_OPEN when the file cannot be read,
  PETSC_ERR_USER_INPUT otherwise (no or another header, a row of another length, a value that is not a finite number,
  no rows).
@*/
PetscErrorCode DioNumericTableRead(MPI_Comm comm, const char key[], const char path[], PetscInt num_columns,
                                   const DioNumericColumn columns[], PetscBool present[], PetscInt *width,
                                   PetscInt *num_rows, PetscReal *rows[], PetscInt *lines[])
{
  char        message[PETSC_MAX_PATH_LEN + DIO_NUMERIC_TABLE_LINE + 512] = "";
  PetscMPIInt rank;
  PetscBool   here[16];
  PetscInt    sizes[2] = {0, 0}, *row_lines = NULL;
  PetscReal  *values = NULL;
  int         opened = 1;

  PetscFunctionBegin;
  PetscCheck(num_columns > 0 && num_columns <= 16, comm, PETSC_ERR_ARG_OUTOFRANGE, "%" PetscInt_FMT " columns: 1 to 16",
             num_columns);
  *rows = NULL;
  if (lines) *lines = NULL;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) {
    PetscBool readable;

    PetscCall(ReadRows(path, num_columns, columns, here, &sizes[0], &sizes[1], &values, &row_lines, &readable, message,
                       sizeof(message)));
    opened = readable;
  }
  PetscCallMPI(MPI_Bcast(message, (PetscMPIInt)sizeof(message), MPI_CHAR, 0, comm));
  PetscCallMPI(MPI_Bcast(&opened, 1, MPI_INT, 0, comm));
  PetscCheck(!message[0], comm, opened ? PETSC_ERR_USER_INPUT : PETSC_ERR_FILE_OPEN, "%s%s%s", key ? key : "",
             key ? ": " : "", message);
  PetscCallMPI(MPI_Bcast(sizes, 2, MPIU_INT, 0, comm));
  PetscCallMPI(MPI_Bcast(here, (PetscMPIInt)num_columns, MPIU_BOOL, 0, comm));
  if (rank != 0) PetscCall(PetscMalloc1(sizes[0] * sizes[1], &values));
  if (rank != 0 && lines) PetscCall(PetscMalloc1(sizes[1], &row_lines));
  PetscCallMPI(MPI_Bcast(values, (PetscMPIInt)(sizes[0] * sizes[1]), MPIU_REAL, 0, comm));
  if (lines) PetscCallMPI(MPI_Bcast(row_lines, (PetscMPIInt)sizes[1], MPIU_INT, 0, comm));
  *rows = values;
  if (lines)
    *lines = row_lines;
  else
    PetscCall(PetscFree(row_lines)); /* rank 0's */
  if (present) PetscCall(PetscArraycpy(present, here, num_columns));
  *width    = sizes[0];
  *num_rows = sizes[1];
  PetscFunctionReturn(0);
}
