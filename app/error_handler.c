/* SPDX-License-Identifier: BSD-2-Clause
   error_handler.c: one line on rank 0 for errors a user can fix (bad input, files, non-convergence); PETSc's
   traceback for everything else. */
#include <stdio.h>
#include <string.h>
#include "dio_app.h"

static PetscBool IsUserError(PetscErrorCode n)
{
  /* PETSC_ERR_USER: PETSc's own option parsing (an unknown enum value such as -problem tunel) */
  return (PetscBool)(n == PETSC_ERR_USER_INPUT || n == PETSC_ERR_USER || n == PETSC_ERR_FILE_OPEN || n == PETSC_ERR_FILE_READ || n == PETSC_ERR_FILE_WRITE ||
                     n == PETSC_ERR_FILE_UNEXPECTED || n == PETSC_ERR_ARG_OUTOFRANGE || n == PETSC_ERR_NOT_CONVERGED || n == PETSC_ERR_ARG_WRONG);
}

/* The case file of this run, to say where a value came from (NULL: options from the command line only). */
typedef struct {
  const char *case_file;
} DioErrorContext;

/* Is -name on the command line (else it came from the case file)? */
static PetscBool OnCommandLine(const char name[])
{
  int    argc = 0;
  char **argv = NULL;

  if (PetscGetArgs(&argc, &argv)) return PETSC_FALSE;
  for (int i = 1; i < argc; i++) {
    PetscBool same = PETSC_FALSE;

    if (argv[i][0] == '-' && !PetscStrcasecmp(argv[i] + 1, name, &same) && same) return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* The options whose value is `value` and which have been read (the option being converted when PETSc raised the
   error has been), as "-a" or "-a (or -b)"; empty when none. Where from: the case file unless on the command line. */
static void FindOptionsWithValue(const char value[], const char case_file[], char keys[], size_t size, char source[], size_t source_size)
{
  char  *all = NULL, *save = NULL, *previous = NULL;
  size_t count = 0;

  keys[0]   = '\0';
  source[0] = '\0';
  if (PetscOptionsGetAll(NULL, &all) || all == NULL) return;
  for (char *t = strtok_r(all, " ", &save); t != NULL; previous = t, t = strtok_r(NULL, " ", &save)) {
    PetscBool used = PETSC_FALSE, same = PETSC_FALSE;

    if (previous == NULL || previous[0] != '-' || PetscStrcmp(t, value, &same) || !same) continue;
    if (PetscOptionsUsed(NULL, previous + 1, &used) || !used) continue;
    if (count == 0) {
      (void)PetscStrncpy(keys, previous, size);
      (void)PetscStrncpy(source, OnCommandLine(previous + 1) || case_file == NULL ? "command line" : case_file, source_size);
    } else {
      (void)PetscStrlcat(keys, count == 1 ? " (or " : ", ", size);
      (void)PetscStrlcat(keys, previous, size);
    }
    count++;
  }
  if (count > 1) (void)PetscStrlcat(keys, ")", size);
  (void)PetscFree(all);
}

/* PETSc's own messages for a value of the wrong type name neither the key nor the file: rewritten as
   "<file or command line>: -key = value: must be ...". Returns PETSC_FALSE when mess is not one of them. */
static PetscBool RewriteTypeError(const char mess[], const char case_file[], char line[], size_t size)
{
  const char *const patterns[][2] = {
    {"Input string %255s has no integer value%n", "must be an integer"},
    {"Input string %255s has no numeric value%n", "must be a number"},
    {"Unknown logical value: %255s%n", "must be true or false (also yes/no, on/off, 1/0)"},
  };
  char value[256], keys[512], source[PETSC_MAX_PATH_LEN];

  if (mess == NULL) return PETSC_FALSE;
  for (size_t p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
    int matched = 0; /* %n: the whole pattern matched, not only the value */

    if (sscanf(mess, patterns[p][0], value, &matched) != 1 || matched == 0) continue;
    FindOptionsWithValue(value, case_file, keys, sizeof(keys), source, sizeof(source));
    if (keys[0] == '\0') return PETSC_FALSE;
    (void)PetscSNPrintf(line, size, "%s: %s = %s: %s", source, keys, value, patterns[p][1]);
    return PETSC_TRUE;
  }
  {
    /* enums: "Unknown option V for -KEY. Available options: a b c" names the key; say where it came from */
    char key[256];

    if (sscanf(mess, "Unknown option %255s for -%255[^.]", value, key) == 2) {
      const char *available = strstr(mess, "Available options:");
      size_t      length;

      (void)PetscSNPrintf(line, size, "%s: -%s = %s: must be one of:%s", OnCommandLine(key) || case_file == NULL ? "command line" : case_file, key, value,
                          available ? available + strlen("Available options:") : " (see diomede run -help)");
      for (length = strlen(line); length > 0 && line[length - 1] == ' '; length--) line[length - 1] = '\0';
      return PETSC_TRUE;
    }
  }
  return PETSC_FALSE;
}

static PetscErrorCode DioErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess,
                                      void *ctx)
{
  if (!IsUserError(n)) return PetscTraceBackErrorHandler(comm, line, fun, file, n, p, mess, NULL);
  if (p == PETSC_ERROR_INITIAL) {
    const DioErrorContext *context = (const DioErrorContext *)ctx;
    PetscMPIInt            rank    = 0;
    char                   rewritten[1024];

    /* input errors are raised on every rank (the options and inputs are replicated): print once */
    MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
    if (rank == 0) {
      if (RewriteTypeError(mess, context ? context->case_file : NULL, rewritten, sizeof(rewritten))) mess = rewritten;
      (void)PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR, "diomede: error: %s\n", mess ? mess : "(no message)");
    }
  }
  return n;
}

/* Installs the handler; case_file (may be NULL; borrowed, must outlive the run) names where a bad value came from. */
PetscErrorCode DioErrorHandlerPush(const char case_file[])
{
  static DioErrorContext context;

  PetscFunctionBegin;
  context.case_file = case_file;
  PetscCall(PetscPushErrorHandler(DioErrorHandler, &context));
  PetscFunctionReturn(0);
}

int DioExitCodeFromError(PetscErrorCode ierr)
{
  if (!ierr) return DIO_EXIT_OK;
  if (ierr == PETSC_ERR_NOT_CONVERGED) return DIO_EXIT_NOT_CONVERGED;
  if (IsUserError(ierr)) return DIO_EXIT_INPUT;
  return DIO_EXIT_INTERNAL;
}
