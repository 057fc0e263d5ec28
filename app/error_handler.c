/* SPDX-License-Identifier: BSD-2-Clause
   error_handler.c: one line on rank 0 for errors a user can fix (bad input, files, non-convergence); PETSc's
   traceback for everything else. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "dio_app.h"
#include "dio_io.h"

static PetscBool IsUserError(PetscErrorCode n)
{
  /* PETSC_ERR_USER: PETSc's own option parsing (an unknown enum value such as -problem tunel) */
  return (PetscBool)(n == PETSC_ERR_USER_INPUT || n == PETSC_ERR_USER || n == PETSC_ERR_FILE_OPEN || n == PETSC_ERR_FILE_READ || n == PETSC_ERR_FILE_WRITE ||
                     n == PETSC_ERR_FILE_UNEXPECTED || n == PETSC_ERR_ARG_OUTOFRANGE || n == PETSC_ERR_NOT_CONVERGED || n == PETSC_ERR_ARG_WRONG);
}

/* The case file of this run, to say where a value came from (NULL: options from the command line only), and the
   options given without a value on the command line (" key1 key2 ", main.c's ScanArguments()): they read as true. */
typedef struct {
  const char *case_file;
  const char *valueless;
} DioErrorContext;

/* Was -name given without a value on the command line? */
static PetscBool IsValueless(const DioErrorContext *context, const char name[])
{
  char pattern[260];

  if (context == NULL || context->valueless == NULL) return PETSC_FALSE;
  (void)PetscSNPrintf(pattern, sizeof(pattern), " %s ", name);
  for (const char *c = context->valueless; *c; c++)
    if (!strncasecmp(c, pattern, strlen(pattern))) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* The options whose value is `value` and which have been read (the option being converted when PETSc raised the
   error has been), as "-a" or "-a (or -b)"; empty when none; *first the first's name (without '-'). Where from:
   "case.yaml:LINE" or "command line" (DioCaseOptionSource()). Values may hold blanks ("12 m"): each option's value
   is read whole. */
static void FindOptionsWithValue(const char value[], const DioErrorContext *context, char keys[], size_t size, char source[], size_t source_size,
                                 char first[], size_t first_size)
{
  char  *all = NULL, *save = NULL;
  size_t count = 0;

  keys[0] = source[0] = first[0] = '\0';
  if (PetscOptionsGetAll(NULL, &all) || all == NULL) return;
  for (char *t = strtok_r(all, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save)) {
    PetscBool used = PETSC_FALSE, set = PETSC_FALSE;
    char      held[1024];

    if (t[0] != '-' || !isalpha((unsigned char)t[1])) continue;
    if (PetscOptionsUsed(NULL, t + 1, &used) || !used) continue;
    if (PetscOptionsGetString(NULL, NULL, t, held, sizeof(held), &set) || !set || strcmp(held, value)) continue;
    if (strstr(keys, t) != NULL) continue; /* "-a -a": set twice */
    if (count == 0) {
      (void)PetscStrncpy(keys, t, size);
      (void)PetscStrncpy(first, t + 1, first_size);
      (void)DioCaseOptionSource(context ? context->case_file : NULL, t + 1, source, source_size);
    } else {
      (void)PetscStrlcat(keys, count == 1 ? " (or " : ", ", size);
      (void)PetscStrlcat(keys, t, size);
    }
    count++;
  }
  if (count > 1) (void)PetscStrlcat(keys, ")", size);
  (void)PetscFree(all);
}

/* PETSc's own messages for a value of the wrong type name neither the key nor the file: rewritten as
   "<file:line or command line>: -key = value: must be ...", or "-key has no value" for an option given without one.
   Returns PETSC_FALSE when mess is not one of them. */
static PetscBool RewriteTypeError(const char mess[], const DioErrorContext *context, char line[], size_t size)
{
  const char *const patterns[][3] = {
    {"Input string ", " has no integer value (do not include . in it)", "must be an integer"},
    {"Input string ", " has no integer value", "must be an integer"},
    {"Input string ", " has no numeric value", "must be a number (no unit: -help gives each key's)"},
    {"Unknown logical value: ", "", "must be true or false (also yes/no, on/off, 1/0)"},
  };
  char value[512], keys[512], source[PETSC_MAX_PATH_LEN + 32], first[256];

  if (mess == NULL) return PETSC_FALSE;
  for (size_t p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
    const size_t head = strlen(patterns[p][0]), tail = strlen(patterns[p][1]), length = strlen(mess);

    if (length <= head + tail || strncmp(mess, patterns[p][0], head) || strcmp(mess + length - tail, patterns[p][1])) continue;
    if (length - head - tail >= sizeof(value)) return PETSC_FALSE;
    memcpy(value, mess + head, length - head - tail);
    value[length - head - tail] = '\0';
    FindOptionsWithValue(value, context, keys, sizeof(keys), source, sizeof(source), first, sizeof(first));
    if (keys[0] == '\0') return PETSC_FALSE;
    if (!strcmp(value, "true") && IsValueless(context, first)) (void)PetscSNPrintf(line, size, "command line: -%s has no value (give one: -%s VALUE)", first, first);
    else (void)PetscSNPrintf(line, size, "%s: %s = %s: %s", source, keys, value, patterns[p][2]);
    return PETSC_TRUE;
  }
  {
    /* enums: "Unknown option V for -KEY. Available options: a b c" names the key; say where it came from */
    char key[256];

    if (sscanf(mess, "Unknown option %511s for -%255[^.]", value, key) == 2) {
      const char *available = strstr(mess, "Available options:");
      size_t      length;

      if (!strcmp(value, "true") && IsValueless(context, key)) {
        (void)PetscSNPrintf(line, size, "command line: -%s has no value (give one: -%s VALUE)", key, key);
        return PETSC_TRUE;
      }
      (void)DioCaseOptionSource(context ? context->case_file : NULL, key, source, sizeof(source));
      (void)PetscSNPrintf(line, size, "%s: -%s = %s: must be one of:%s", source, key, value, available ? available + strlen("Available options:") : " (see diomede run -help)");
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
      if (RewriteTypeError(mess, context, rewritten, sizeof(rewritten))) mess = rewritten;
      (void)PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR, "diomede: error: %s\n", mess ? mess : "(no message)");
    }
  }
  return n;
}

/* Installs the handler; case_file (may be NULL) names where a bad value came from, valueless (" key1 key2 ", may be
   NULL) the options given without a value on the command line; both borrowed, they must outlive the run. */
PetscErrorCode DioErrorHandlerPush(const char case_file[], const char valueless[])
{
  static DioErrorContext context;

  PetscFunctionBegin;
  context.case_file = case_file;
  context.valueless = valueless;
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
