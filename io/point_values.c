/* SPDX-License-Identifier: BSD-2-Clause
   point_values.c: values given at points in a CSV file (header x,y[,z],<name>: a temperature field exported from
   another program) and handed to the points of a mesh that sit at those coordinates. Read on rank 0 and broadcast;
   every rank matches its own points. Knows nothing of what the value means. */
#include "dio_io.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows by their x (the first value of a row). */
static int CompareRows(const void *a, const void *b)
{
  const PetscReal *p = (const PetscReal *)a, *q = (const PetscReal *)b;
  return p[0] < q[0] ? -1 : p[0] > q[0];
}

/* The file's rows on every rank (sizes: the row width and count; rows: PetscMalloc'd, [count][width]): header
   x,y,<column> or x,y,z,<column> (DioNumericTableRead()); a problem is the error of every rank. Collective. */
static PetscErrorCode ReadBroadcast(MPI_Comm comm, const char key[], const char path[], const char column[],
                                    PetscInt sizes[2], PetscReal **rows)
{
  const DioNumericColumn columns[4] = {
    {"x",    PETSC_FALSE},
    {"y",    PETSC_FALSE},
    {"z",    PETSC_TRUE },
    {column, PETSC_FALSE}
  };

  PetscFunctionBegin;
  PetscCall(DioNumericTableRead(comm, key, path, 4, columns, NULL, &sizes[0], &sizes[1], rows, NULL));
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
