/* SPDX-License-Identifier: BSD-2-Clause
   options_check.c: checks on every option value as a class, before any problem reads one: a value that reads as a
   number must be a finite, representable one. PETSc's own parser takes nan, inf and 1e400 (= inf) without a word, and
   a value such as 1e-400 silently as 0; each would run as a different model or fail deep inside a solve. */
#include "dio_io.h"
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The problem with one comma-separated entry [begin, end) of a value, or NULL when it is not a number (text, left to
   the option's reader) or a finite, representable one. */
static const char *DioOptionsNumberProblem(const char *begin, const char *end)
{
  char   entry[128], *parsed;
  size_t length;
  double value;

  while (begin < end && (*begin == ' ' || *begin == '\t')) begin++;
  while (end > begin && (end[-1] == ' ' || end[-1] == '\t')) end--;
  length = (size_t)(end - begin);
  if (length == 0 || length >= sizeof(entry)) return NULL;
  memcpy(entry, begin, length);
  entry[length] = '\0';
  errno         = 0;
  value         = strtod(entry, &parsed);
  if (parsed == entry || *parsed != '\0') return NULL; /* not a number: the reader checks its type */
  if (strspn(entry + (entry[0] == '-' || entry[0] == '+'), "0123456789") == length - (entry[0] == '-' || entry[0] == '+') && fabs(value) > (double)PETSC_MAX_INT)
    return "an integer literal beyond PETSc's integer range (an integer key would wrap around): write a real in exponent form (3e10)";
  if (isnan(value)) return "not a number (nan): give a finite value";
  if (isinf(value)) return errno == ERANGE ? "overflows a double (above 1.8e308): give a finite value in the option's range" : "infinite: give a finite value";
  if (errno == ERANGE && fabs(value) < DBL_MIN) return "underflows a double (below 2.2e-308 in magnitude): give 0 or a value in the option's range";
  return NULL;
}

/*@
  DioOptionsCheckNumbers: every option in PETSc's options database that has not been read yet (all of diomede's, the
  solvers', ...), each comma-separated entry of its value: one that reads as a number (strtod, whole entry) must be
  finite and representable: nan, inf, 1e400 and 1e-400 are refused with the option and where it was set
  ("case.yaml:LINE: -key = value: ..." or "command line: ..."). Text is left to the option's reader, which checks
  its type. Run it after DioCaseLoad() and before any problem reads an option.

  Collective on comm (every rank holds the same options; rank 0 finds where the option was set).
  Error: PETSC_ERR_USER_INPUT.
@*/
PetscErrorCode DioOptionsCheckNumbers(MPI_Comm comm, const char case_file[])
{
  PetscInt    n;
  char      **names, **values;
  char        message[PETSC_MAX_PATH_LEN + 1024] = "";
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  for (PetscInt i = 0; i < n && !message[0]; i++) {
    const char *value = values[i], *problem = NULL;

    for (const char *begin = value; value != NULL && problem == NULL;) {
      const char *comma = strchr(begin, ',');
      const char *end   = comma != NULL ? comma : begin + strlen(begin);

      problem = DioOptionsNumberProblem(begin, end);
      if (comma == NULL) break;
      begin = comma + 1;
    }
    if (problem != NULL) {
      char source[PETSC_MAX_PATH_LEN + 32] = "";

      if (rank == 0) PetscCall(DioCaseOptionSource(case_file, names[i], source, sizeof(source)));
      PetscCall(PetscSNPrintf(message, sizeof(message), "%s: -%s = %s: %s", source, names[i], value, problem));
    }
  }
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values));
  PetscCallMPI(MPI_Bcast(message, (PetscMPIInt)sizeof(message), MPI_CHAR, 0, comm));
  PetscCheck(!message[0], comm, PETSC_ERR_USER_INPUT, "%s", message);
  PetscFunctionReturn(0);
}

/* A tolerance or iteration limit of PETSc's solvers, after a prefix: its range, and whether it is an integer. */
typedef struct {
  const char *suffix;
  PetscReal   low, high;
  PetscBool   low_open, high_open, integer;
  const char *range; /* for the message */
} DioSolverLimit;

/*@
  DioOptionsCheckSolverLimits: the tolerances and iteration limits of PETSc's solvers under each prefix
  (<prefix>ksp_rtol, _atol, _divtol, _max_it, <prefix>snes_rtol, _atol, _stol, _max_it, _max_funcs), checked in
  their ranges when the check pass runs, not when a solve is set up after the mesh is built: "-mech_ksp_rtol = 2:
  must be in [0, 1)" names the option and where it was set. PETSc's "default" (PETSC_DEFAULT) is left alone.

  Collective on comm. prefixes: num_prefixes solver prefixes ("mech_", "heat_", ...). Error: PETSC_ERR_USER_INPUT.
@*/
PetscErrorCode DioOptionsCheckSolverLimits(MPI_Comm comm, const char case_file[], PetscInt num_prefixes, const char *const prefixes[])
{
  static const DioSolverLimit limits[] = {
    {"ksp_rtol",       0, 1,               PETSC_FALSE, PETSC_TRUE,  PETSC_FALSE, "in [0, 1)"                     },
    {"ksp_atol",       0, PETSC_MAX_REAL,  PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, ">= 0"                          },
    {"ksp_divtol",     1, PETSC_MAX_REAL,  PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, ">= 1"                          },
    {"ksp_max_it",     0, PETSC_MAX_INT,   PETSC_FALSE, PETSC_FALSE, PETSC_TRUE,  ">= 0"                          },
    {"snes_rtol",      0, 1,               PETSC_FALSE, PETSC_TRUE,  PETSC_FALSE, "in [0, 1)"                     },
    {"snes_atol",      0, PETSC_MAX_REAL,  PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, ">= 0"                          },
    {"snes_stol",      0, PETSC_MAX_REAL,  PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, ">= 0"                          },
    {"snes_max_it",    0, PETSC_MAX_INT,   PETSC_FALSE, PETSC_FALSE, PETSC_TRUE,  ">= 0"                          },
    {"snes_max_funcs", -1, PETSC_MAX_INT,  PETSC_FALSE, PETSC_FALSE, PETSC_TRUE,  ">= -1 (-1: no limit)"          },
  };
  char        message[PETSC_MAX_PATH_LEN + 512] = "";
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  for (PetscInt p = 0; p < num_prefixes && !message[0]; p++) {
    for (size_t l = 0; l < sizeof(limits) / sizeof(limits[0]) && !message[0]; l++) {
      const DioSolverLimit *limit = &limits[l];
      char                  name[256];
      PetscReal             value = 0;
      PetscInt              count = 0;
      PetscBool             set, inside;

      PetscCall(PetscSNPrintf(name, sizeof(name), "-%s%s", prefixes[p], limit->suffix));
      if (limit->integer) {
        PetscCall(PetscOptionsGetInt(NULL, NULL, name, &count, &set));
        value = (PetscReal)count;
        if (set && count == PETSC_DEFAULT) continue;
      } else {
        PetscCall(PetscOptionsGetReal(NULL, NULL, name, &value, &set));
        if (set && value == (PetscReal)PETSC_DEFAULT) continue;
      }
      if (!set) continue;
      inside = (PetscBool)((limit->low_open ? value > limit->low : value >= limit->low) && (limit->high_open ? value < limit->high : value <= limit->high));
      if (!inside) {
        char source[PETSC_MAX_PATH_LEN + 32] = "";

        if (rank == 0) PetscCall(DioCaseOptionSource(case_file, name + 1, source, sizeof(source)));
        PetscCall(PetscSNPrintf(message, sizeof(message), "%s: %s = %g: must be %s", source, name, (double)value, limit->range));
      }
    }
  }
  PetscCallMPI(MPI_Bcast(message, (PetscMPIInt)sizeof(message), MPI_CHAR, 0, comm));
  PetscCheck(!message[0], comm, PETSC_ERR_USER_INPUT, "%s", message);
  PetscFunctionReturn(0);
}
