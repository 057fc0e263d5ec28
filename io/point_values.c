/* SPDX-License-Identifier: BSD-2-Clause
   point_values.c: values given at points in a CSV file (header x,y[,z],<name>: a temperature field exported from
   another program) and handed to the points of a mesh that sit at those coordinates. Read on rank 0 and broadcast;
   every rank matches its own points. Knows nothing of what the value means. */
#include "dio_io.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest line read (a longer one is refused). */
#define DIO_POINT_VALUES_LINE 1024

/* Splits text at commas in place into at most max fields (blanks around each stripped); returns the count (one more
   than max when there are more). */
static int SplitFields(char *text, char *fields[], int max)
{
  int n = 0;

  for (char *start = text;; n++) {
    char *comma = strchr(start, ','), *end;
    if (comma) *comma = '\0';
    while (*start == ' ' || *start == '\t') start++;
    end = start + strlen(start);
    while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')) *--end = '\0';
    if (n < max) fields[n] = start;
    if (comma == NULL) return n + 1;
    start = comma + 1;
  }
}

/* Rank 0: the rows of the file (*rows: [*n][width], width = the header's count, 3 or 4), or the first problem in
   message ("path:LINE: ..."; nothing allocated then). */
static PetscErrorCode ReadRows(const char path[], const char column[], PetscInt *width, PetscInt *n, PetscReal **rows,
                               char message[], size_t size)
{
  FILE    *file;
  char     line[DIO_POINT_VALUES_LINE + 2], shown[DIO_POINT_VALUES_LINE + 2], expected[128];
  long     number   = 0;
  PetscInt capacity = 0;

  PetscFunctionBegin;
  *n = *width = 0;
  *rows       = NULL;
  PetscCall(PetscSNPrintf(expected, sizeof(expected), "x,y,%s or x,y,z,%s", column, column));
  errno = 0;
  file  = fopen(path, "r");
  if (file == NULL) {
    PetscCall(PetscSNPrintf(message, size, "cannot read '%s': %s", path, strerror(errno)));
    PetscFunctionReturn(0);
  }
  while (!message[0] && fgets(line, sizeof(line), file) != NULL) {
    char *text = line, *fields[4];
    int   count;

    number++;
    if (strlen(line) > DIO_POINT_VALUES_LINE) {
      PetscCall(
          PetscSNPrintf(message, size, "%s:%ld: line longer than %d characters", path, number, DIO_POINT_VALUES_LINE));
      break;
    }
    if (number == 1 && !strncmp(text, "\xEF\xBB\xBF", 3)) text += 3; /* UTF-8 byte-order mark */
    while (isspace((unsigned char)*text)) text++;
    if (*text == '\0' || *text == '#') continue;
    if (*width == 0) { /* the header as written, for a message */
      PetscCall(PetscStrncpy(shown, text, sizeof(shown)));
      shown[strcspn(shown, "\r\n")] = '\0';
    }
    count = SplitFields(text, fields, 4);
    if (*width == 0) { /* the header */
      const char *names[4] = {"x", "y", count == 4 ? "z" : column, column};
      PetscBool   same     = (PetscBool)(count == 3 || count == 4);
      for (int c = 0; c < count && same; c++) PetscCall(PetscStrcasecmp(fields[c], names[c], &same));
      if (!same) {
        PetscCall(PetscSNPrintf(message, size, "%s:%ld: header '%s': expected %s", path, number, shown, expected));
        break;
      }
      *width = count;
      continue;
    }
    if (count != *width) {
      PetscCall(PetscSNPrintf(message, size, "%s:%ld: %d fields: expected %" PetscInt_FMT " (%s)", path, number, count,
                              *width, expected));
      break;
    }
    if (*n == capacity) {
      PetscReal *old = *rows;
      capacity       = capacity ? 2 * capacity : 1024;
      PetscCall(PetscMalloc1(capacity * *width, rows));
      if (old) PetscCall(PetscArraycpy(*rows, old, *n * *width));
      PetscCall(PetscFree(old));
    }
    for (int c = 0; c < count && !message[0]; c++) {
      char  *end;
      double v;
      errno = 0;
      v     = strtod(fields[c], &end);
      if (fields[c][0] == '\0' || *end != '\0' || !isfinite(v) || (errno == ERANGE && fabs(v) > 1.0))
        PetscCall(PetscSNPrintf(message, size, "%s:%ld: column %d: '%s' is not a finite number", path, number, c + 1,
                                fields[c]));
      (*rows)[*n * *width + c] = (PetscReal)v;
    }
    (*n)++;
  }
  if (!message[0] && ferror(file)) PetscCall(PetscSNPrintf(message, size, "cannot read '%s': %s", path, strerror(EIO)));
  if (!message[0] && *width == 0) PetscCall(PetscSNPrintf(message, size, "%s: no header row (%s)", path, expected));
  if (!message[0] && *n == 0) PetscCall(PetscSNPrintf(message, size, "%s: no rows after the header", path));
  (void)fclose(file);
  if (message[0]) PetscCall(PetscFree(*rows));
  PetscFunctionReturn(0);
}

/* Rows by their x (the first value of a row). */
static int CompareRows(const void *a, const void *b)
{
  const PetscReal *p = (const PetscReal *)a, *q = (const PetscReal *)b;
  return p[0] < q[0] ? -1 : p[0] > q[0];
}

/* The file's rows on every rank (sizes: the row width and count; rows: PetscMalloc'd, [count][width]); a problem is
   the error of every rank. Collective. */
static PetscErrorCode ReadBroadcast(MPI_Comm comm, const char key[], const char path[], const char column[],
                                    PetscInt sizes[2], PetscReal **rows)
{
  char        message[PETSC_MAX_PATH_LEN + 512] = "";
  PetscMPIInt rank;
  int         opened = 1;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  sizes[0] = sizes[1] = 0;
  *rows               = NULL;
  if (rank == 0) {
    PetscCall(ReadRows(path, column, &sizes[0], &sizes[1], rows, message, sizeof(message)));
    opened = strncmp(message, "cannot read", 11) != 0;
  }
  PetscCallMPI(MPI_Bcast(message, sizeof(message), MPI_CHAR, 0, comm));
  PetscCallMPI(MPI_Bcast(&opened, 1, MPI_INT, 0, comm));
  PetscCheck(!message[0], comm, opened ? PETSC_ERR_USER_INPUT : PETSC_ERR_FILE_OPEN, "%s: %s", key, message);
  PetscCallMPI(MPI_Bcast(sizes, 2, MPIU_INT, 0, comm));
  if (rank != 0) PetscCall(PetscMalloc1(sizes[0] * sizes[1], rows));
  PetscCallMPI(MPI_Bcast(*rows, (PetscMPIInt)(sizes[0] * sizes[1]), MPIU_REAL, 0, comm));
  PetscFunctionReturn(0);
}

/*@
  DioPointValuesCheckCSV - the file of DioPointValuesReadCSV() read and checked (format and values, not yet against
  any points; the check pass): num_coords, the coordinates a row (2 or 3). Collective.
@*/
PetscErrorCode DioPointValuesCheckCSV(MPI_Comm comm, const char key[], const char path[], const char column[],
                                      PetscInt *num_coords)
{
  PetscInt   sizes[2];
  PetscReal *rows;

  PetscFunctionBegin;
  PetscCall(ReadBroadcast(comm, key, path, column, sizes, &rows));
  PetscCall(PetscFree(rows));
  *num_coords = sizes[0] - 1;
  PetscFunctionReturn(0);
}

/*@
  DioPointValuesReadCSV - values[i] = the value of the row of the CSV file at path at point i of points (a Vec of
  coordinates, block size 2 or 3): the header is x,y,<column> (2D) or x,y,z,<column> (3D; the file's count must be the
  points'), without regard to case; '#' lines and blank lines skipped, a UTF-8 byte-order mark and CRLF accepted;
  every row finite numbers. A point matches the first row within tol (m) in every coordinate. A point with no row is
  an error naming key, the file and the point (the first of the lowest rank that has one). Rows no point takes are
  ignored. Read on rank 0, broadcast. Collective.
  Errors: PETSC_ERR_FILE_OPEN (cannot read), PETSC_ERR_USER_INPUT (anything else), one line.
@*/
PetscErrorCode DioPointValuesReadCSV(MPI_Comm comm, const char key[], const char path[], const char column[],
                                     PetscReal tol, Vec points, Vec values)
{
  char               message[PETSC_MAX_PATH_LEN + 512];
  PetscMPIInt        rank, size, first;
  PetscInt           sizes[2], bs, m, bad = -1;
  PetscReal         *rows, where[3] = {0, 0, 0};
  const PetscScalar *x;
  PetscScalar       *v;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(ReadBroadcast(comm, key, path, column, sizes, &rows));
  PetscCall(VecGetBlockSize(points, &bs));
  PetscCall(VecGetLocalSize(values, &m));
  if (sizes[0] != bs + 1) PetscCall(PetscFree(rows));
  PetscCheck(sizes[0] == bs + 1, comm, PETSC_ERR_USER_INPUT,
             "%s: %s has %" PetscInt_FMT " coordinates a row: the mesh has %" PetscInt_FMT, key, path, sizes[0] - 1,
             bs);
  qsort(rows, (size_t)sizes[1], (size_t)sizes[0] * sizeof(PetscReal), CompareRows);
  PetscCall(VecGetArrayRead(points, &x));
  PetscCall(VecGetArray(values, &v));
  for (PetscInt i = 0; i < m; i++) {
    const PetscScalar *p  = &x[i * bs];
    PetscInt           lo = 0, hi = sizes[1], r;
    while (lo < hi) { /* the first row with x >= x_i - tol */
      const PetscInt mid = (lo + hi) / 2;
      if (rows[mid * sizes[0]] < PetscRealPart(p[0]) - tol)
        lo = mid + 1;
      else
        hi = mid;
    }
    for (r = lo; r < sizes[1] && rows[r * sizes[0]] <= PetscRealPart(p[0]) + tol; r++) {
      PetscBool same = PETSC_TRUE;
      for (PetscInt d = 1; d < bs; d++)
        same = (PetscBool)(same && PetscAbsReal(rows[r * sizes[0] + d] - PetscRealPart(p[d])) <= tol);
      if (same) break;
    }
    if (r < sizes[1] && rows[r * sizes[0]] <= PetscRealPart(p[0]) + tol)
      v[i] = rows[r * sizes[0] + bs];
    else if (bad < 0) {
      bad = i;
      for (PetscInt d = 0; d < bs; d++) where[d] = PetscRealPart(p[d]);
    }
  }
  PetscCall(VecRestoreArray(values, &v));
  PetscCall(VecRestoreArrayRead(points, &x));
  PetscCall(PetscFree(rows));
  first = bad >= 0 ? rank : size;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &first, 1, MPI_INT, MPI_MIN, comm));
  if (first == size) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Bcast(where, 3, MPIU_REAL, first, comm));
  snprintf(message, sizeof(message), "x = %.9g, y = %.9g", (double)where[0], (double)where[1]); /* C's %g */
  if (bs > 2) snprintf(message + strlen(message), sizeof(message) - strlen(message), ", z = %.9g", (double)where[2]);
  SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s: %s has no row at the node %s (within %g m)", key, path, message,
          (double)tol);
}
