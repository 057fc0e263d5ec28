/* SPDX-License-Identifier: BSD-2-Clause
   table.c: long-format parameter tables (data/materials.csv): one header row whose first three columns are layer,
   parameter and value, then rows with as many fields as the header; further fields (unit, range, source) are read
   past. A value is a finite number or text that starts with a letter (a description); anything else is refused. */
#include "dio_io.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
  const char *name, *parameter, *value; /* into DioTable.text */
  PetscReal   real;                     /* the value when is_real */
  PetscBool   is_real;
  PetscInt    line; /* 1-based, in the source */
} DioTableRow;

/* The columns every table starts with, in this order (documented in data/README.md). */
static const char *const DioTableColumns[3] = {"layer", "parameter", "value"};

struct _n_DioTable {
  char        *source_name;
  char        *text; /* copy of the source, fields unquoted and NUL-terminated in place */
  PetscInt     num_rows;
  DioTableRow *rows;
};

static PetscBool DioTableIsBlank(char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

/* Splits the line [begin, end) into comma-separated fields, in place: each field is unquoted ("" inside quotes is
   one quote), stripped of surrounding blanks and NUL-terminated; fields[] receives the first max_fields of them and
   *num_fields counts them all. A quoted field must close on its line; a malformed line sets problem (else ""). */
static PetscErrorCode DioTableSplitLine(char *begin, char *end, char *fields[], PetscInt max_fields,
                                        PetscInt *num_fields, char problem[], size_t size)
{
  char *read = begin;

  PetscFunctionBegin;
  *num_fields = 0;
  problem[0]  = '\0';
  while (PETSC_TRUE) {
    char *start, *write;

    while (read < end && DioTableIsBlank(*read)) read++;
    start = write = read;
    if (read < end && *read == '"') {
      read++;
      while (read < end && !(*read == '"' && !(read + 1 < end && read[1] == '"'))) {
        if (*read == '"') read++; /* the first of "" */
        *write++ = *read++;
      }
      if (read == end) {
        PetscCall(PetscStrncpy(problem, "unterminated quote (a quoted field must close on its line)", size));
        PetscFunctionReturn(0);
      }
      read++;
      while (read < end && DioTableIsBlank(*read)) read++;
      if (read < end && *read != ',') {
        PetscCall(PetscSNPrintf(problem, size, "'%c' after a closing quote: expected ','", *read));
        PetscFunctionReturn(0);
      }
    } else {
      while (read < end && *read != ',') read++;
      write = read;
      while (write > start && DioTableIsBlank(write[-1])) write--;
    }
    if (*num_fields < max_fields) fields[*num_fields] = start;
    (*num_fields)++;
    if (read == end) {
      *write = '\0';
      break;
    }
    *write = '\0'; /* write <= read, and *read is the ',' just consumed */
    read++;
  }
  PetscFunctionReturn(0);
}

/* Fills table->rows from table->text, in place. Stops at the first problem and describes it in message
   ("source:LINE: ..."), else leaves message empty, so that the caller can free the table before raising. */
static PetscErrorCode DioTableParse(DioTable table, char message[], size_t size)
{
  const char *source = table->source_name;
  char       *cursor = table->text, problem[128];
  PetscInt    line = 0, header_fields = 0;
  PetscBool   header = PETSC_FALSE;

  PetscFunctionBegin;
  message[0] = '\0';
  if (!strncmp(cursor, "\xEF\xBB\xBF", 3)) cursor += 3; /* a UTF-8 byte-order mark, as spreadsheets write */
  while (*cursor) {
    char       *end = cursor, *next, *fields[3];
    PetscInt    num_fields;
    DioTableRow row;

    line++;
    while (*end && *end != '\n') end++;
    next = *end ? end + 1 : end;
    while (end > cursor && DioTableIsBlank(end[-1])) end--;
    while (cursor < end && DioTableIsBlank(*cursor)) cursor++;
    if (cursor == end || *cursor == '#') {
      cursor = next;
      continue;
    }
    PetscCall(DioTableSplitLine(cursor, end, fields, 3, &num_fields, problem, sizeof(problem)));
    cursor = next;
    if (problem[0]) {
      PetscCall(PetscSNPrintf(message, size, "%s:%" PetscInt_FMT ": %s", source, line, problem));
      PetscFunctionReturn(0);
    }
    if (num_fields < 3) {
      PetscCall(PetscSNPrintf(
          message, size, "%s:%" PetscInt_FMT ": %" PetscInt_FMT " field%s: expected at least 3 (layer,parameter,value)",
          source, line, num_fields, num_fields == 1 ? "" : "s"));
      PetscFunctionReturn(0);
    }
    if (!header) {
      for (PetscInt c = 0; c < 3; c++) {
        PetscBool same;

        PetscCall(PetscStrcasecmp(fields[c], DioTableColumns[c], &same));
        if (same) continue;
        PetscCall(PetscSNPrintf(message, size, "%s:%" PetscInt_FMT ": header column %" PetscInt_FMT " is '%s', expected '%s' (the header starts layer,parameter,value%s)",
                                source, line, c + 1, fields[c], DioTableColumns[c], c == 0 ? "; is the header row missing?" : ""));
        PetscFunctionReturn(0);
      }
      header        = PETSC_TRUE;
      header_fields = num_fields;
      continue;
    }
    if (num_fields != header_fields) {
      PetscCall(PetscSNPrintf(message, size, "%s:%" PetscInt_FMT ": %" PetscInt_FMT " fields, the header has %" PetscInt_FMT " (quote a field that holds a comma)",
                              source, line, num_fields, header_fields));
      PetscFunctionReturn(0);
    }
    if (!fields[0][0] || !fields[1][0]) {
      PetscCall(PetscSNPrintf(message, size, "%s:%" PetscInt_FMT ": empty name or parameter", source, line));
      PetscFunctionReturn(0);
    }
    for (PetscInt r = 0; r < table->num_rows; r++) {
      PetscBool same_name, same_parameter;

      PetscCall(PetscStrcasecmp(table->rows[r].name, fields[0], &same_name));
      PetscCall(PetscStrcasecmp(table->rows[r].parameter, fields[1], &same_parameter));
      if (same_name && same_parameter) {
        PetscCall(PetscSNPrintf(message, size, "%s:%" PetscInt_FMT ": '%s,%s' repeats line %" PetscInt_FMT, source,
                                line, fields[0], fields[1], table->rows[r].line));
        PetscFunctionReturn(0);
      }
    }
    row.name      = fields[0];
    row.parameter = fields[1];
    row.value     = fields[2];
    row.line      = line;
    {
      char  *parsed;
      double real;

      errno       = 0;
      real        = strtod(row.value, &parsed);
      row.is_real = (PetscBool)(parsed != row.value && *parsed == '\0');
      row.real    = row.is_real ? (PetscReal)real : 0.0;
      if (row.is_real && !isfinite(real)) {
        PetscCall(PetscSNPrintf(message, size, "%s:%" PetscInt_FMT ": column 3 (value): '%s' is not a finite number", source, line, row.value));
        PetscFunctionReturn(0);
      }
      if (row.is_real && errno == ERANGE) {
        PetscCall(PetscSNPrintf(message, size, "%s:%" PetscInt_FMT ": column 3 (value): '%s' underflows a double", source, line, row.value));
        PetscFunctionReturn(0);
      }
      /* text is a description: it starts with a letter; '12 MPa', '-5O', '' are numbers gone wrong */
      if (!row.is_real && !isalpha((unsigned char)row.value[0])) {
        PetscCall(PetscSNPrintf(message, size, "%s:%" PetscInt_FMT ": column 3 (value): '%s' is not a number%s", source, line, row.value,
                                row.value[0] ? " (no unit: the unit column gives it)" : ""));
        PetscFunctionReturn(0);
      }
    }
    table->rows[table->num_rows++] = row;
  }
  if (!header) PetscCall(PetscSNPrintf(message, size, "%s: no header row (layer,parameter,value,...)", source));
  PetscFunctionReturn(0);
}

/* Creates the table from text, taking ownership of it (freed with the table, or here on error). Collective. */
static PetscErrorCode DioTableCreate_Private(MPI_Comm comm, const char source_name[], char *text, DioTable *table)
{
  DioTable tab;
  PetscInt max_rows = 1;
  char     message[PETSC_MAX_PATH_LEN + 512];

  PetscFunctionBegin;
  PetscCall(PetscNew(&tab));
  tab->text = text;
  PetscCall(PetscStrallocpy(source_name, &tab->source_name));
  for (const char *c = text; *c; c++) max_rows += *c == '\n';
  PetscCall(PetscMalloc1(max_rows, &tab->rows));
  PetscCall(DioTableParse(tab, message, sizeof(message)));
  if (message[0]) PetscCall(DioTableDestroy(&tab));
  PetscCheck(!message[0], comm, PETSC_ERR_USER_INPUT, "%s", message);
  *table = tab;
  PetscFunctionReturn(0);
}

/*@
  DioTableCreateFromString: parses a long-format CSV table held in text (embedded defaults, tests).

  Collective on comm: every rank passes the same text and parses it, so that errors are raised on every rank.
  Format: an optional UTF-8 byte-order mark; lines whose first non-blank character is '#' and blank lines are skipped;
  the first other line is the header, whose first three columns are layer, parameter, value (without regard to case;
  more may follow); each later line is a row with as many fields as the header; fields are separated by ',' and may
  be quoted ("a, b" with "" for a quote) but not span lines. A value is a finite number, or text that starts with a
  letter (a description); nan, inf, 1e400, '12 MPa' and an empty value are errors. Names and parameters are compared
  without regard to case, like PETSc option names; a repeated (name, parameter) pair is an error, as are a header
  with other columns, a row with another number of fields and an unterminated quote ("source:LINE: ...",
  PETSC_ERR_USER_INPUT).
  Input: source_name, used in messages and returned by DioTableGetSource(); text is copied. Output: table, free with
  DioTableDestroy().
@*/
PetscErrorCode DioTableCreateFromString(MPI_Comm comm, const char source_name[], const char text[], DioTable *table)
{
  char *copy;

  PetscFunctionBegin;
  *table = NULL;
  PetscCall(PetscStrallocpy(text, &copy));
  PetscCall(DioTableCreate_Private(comm, source_name, copy, table));
  PetscFunctionReturn(0);
}

/*@
  DioTableCreateFromFile: reads the table at path on rank 0, broadcasts its text and parses it on every rank
  (DioTableCreateFromString(), with path as the source name).

  Collective on comm. A file that cannot be read is PETSC_ERR_FILE_OPEN, naming it. Output: table, free with
  DioTableDestroy().
@*/
PetscErrorCode DioTableCreateFromFile(MPI_Comm comm, const char path[], DioTable *table)
{
  PetscMPIInt rank;
  int         state[2] = {0, 0}; /* length in bytes (below INT_MAX), errno */
  char       *text     = NULL;

  PetscFunctionBegin;
  *table = NULL;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) {
    FILE       *file;
    struct stat info;

    errno = 0;
    file  = fopen(path, "rb");
    if (file == NULL) state[1] = errno;
    else if (fstat(fileno(file), &info) != 0) state[1] = errno;
    else if (!S_ISREG(info.st_mode)) state[1] = EISDIR;
    else if (info.st_size >= INT_MAX) state[1] = EFBIG;
    else {
      state[0] = (int)info.st_size; /* checked just above */
      PetscCall(PetscMalloc1(state[0] + 1, &text));
      if (fread(text, 1, (size_t)state[0], file) != (size_t)state[0]) state[1] = ferror(file) && errno ? errno : EIO;
      text[state[0]] = '\0';
    }
    if (file != NULL) (void)fclose(file);
  }
  PetscCallMPI(MPI_Bcast(state, 2, MPI_INT, 0, comm));
  if (state[1]) PetscCall(PetscFree(text));
  PetscCheck(!state[1], comm, PETSC_ERR_FILE_OPEN, "cannot read table '%s': %s", path, strerror(state[1]));
  if (rank != 0) PetscCall(PetscMalloc1(state[0] + 1, &text));
  PetscCallMPI(MPI_Bcast(text, state[0] + 1, MPI_CHAR, 0, comm));
  PetscCall(DioTableCreate_Private(comm, path, text, table));
  PetscFunctionReturn(0);
}

/*@
  DioTableDestroy: frees the table and sets *table to NULL; does nothing when *table is NULL. Not collective.
@*/
PetscErrorCode DioTableDestroy(DioTable *table)
{
  PetscFunctionBegin;
  if (*table == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree((*table)->rows));
  PetscCall(PetscFree((*table)->text));
  PetscCall(PetscFree((*table)->source_name));
  PetscCall(PetscFree(*table));
  PetscFunctionReturn(0);
}

static PetscErrorCode DioTableFind(DioTable table, const char name[], const char parameter[], const DioTableRow **row)
{
  PetscFunctionBegin;
  *row = NULL;
  for (PetscInt r = 0; r < table->num_rows && *row == NULL; r++) {
    PetscBool same_name, same_parameter;

    PetscCall(PetscStrcasecmp(table->rows[r].name, name, &same_name));
    if (!same_name) continue;
    PetscCall(PetscStrcasecmp(table->rows[r].parameter, parameter, &same_parameter));
    if (same_parameter) *row = &table->rows[r];
  }
  PetscFunctionReturn(0);
}

/*@
  DioTableGetReal: the numeric value of (name, parameter), compared without regard to case. Not collective (every
  rank holds the same table, so every rank raises the same error).

  Output: value (unchanged when not found), found = PETSC_FALSE when the pair is absent. A value that is text (a
  description) is an error naming the source, line and column (PETSC_ERR_USER_INPUT): the caller wants a number.
@*/
PetscErrorCode DioTableGetReal(DioTable table, const char name[], const char parameter[], PetscReal *value,
                               PetscBool *found)
{
  const DioTableRow *row;

  PetscFunctionBegin;
  PetscCall(DioTableFind(table, name, parameter, &row));
  PetscCheck(row == NULL || row->is_real, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "%s:%" PetscInt_FMT ": column 3 (value) of %s,%s: '%s' is not a number",
             table->source_name, row->line, name, parameter, row->value);
  *found = (PetscBool)(row != NULL);
  if (*found) *value = row->real;
  PetscFunctionReturn(0);
}

/*@
  DioTableGetString: the value of (name, parameter) as text, numeric or not (a description). Not collective.

  Output: value, borrowed from the table (valid until DioTableDestroy()), NULL when not found; found.
@*/
PetscErrorCode DioTableGetString(DioTable table, const char name[], const char parameter[], const char *value[],
                                 PetscBool *found)
{
  const DioTableRow *row;

  PetscFunctionBegin;
  PetscCall(DioTableFind(table, name, parameter, &row));
  *found = (PetscBool)(row != NULL);
  *value = row != NULL ? row->value : NULL;
  PetscFunctionReturn(0);
}

/*@
  DioTableGetSource: the source name given at creation (the file path for DioTableCreateFromFile()). Not collective.
  Output: source_name, borrowed from the table.
@*/
PetscErrorCode DioTableGetSource(DioTable table, const char *source_name[])
{
  PetscFunctionBegin;
  *source_name = table->source_name;
  PetscFunctionReturn(0);
}
