/* SPDX-License-Identifier: BSD-2-Clause
   error_handler.c: one line on rank 0 for errors a user can fix (bad input, files, non-convergence); one line on the
   rank that meets it for a resource the run cannot get (out of memory, no space left on device: exit 1) and for a
   failure of HDF5 or MPI (exit 3); PETSc's traceback for everything else (a bug: exit 3). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/statvfs.h>
#include "dio_app.h"
#include "dio_io.h"

static PetscBool IsUserError(PetscErrorCode n)
{
  /* PETSC_ERR_USER: PETSc's own option parsing (an unknown enum value such as -problem tunel) */
  return (PetscBool)(n == PETSC_ERR_USER_INPUT || n == PETSC_ERR_USER || n == PETSC_ERR_FILE_OPEN || n == PETSC_ERR_FILE_READ || n == PETSC_ERR_FILE_WRITE ||
                     n == PETSC_ERR_FILE_UNEXPECTED || n == PETSC_ERR_ARG_OUTOFRANGE || n == PETSC_ERR_NOT_CONVERGED || n == PETSC_ERR_ARG_WRONG ||
                     /* a solver type that does not exist (-mech_pc_type nonexistent) */
                     n == PETSC_ERR_ARG_UNKNOWN_TYPE);
}

/* The case file of this run, to say where a value came from (NULL: options from the command line only), the
   options given without a value on the command line (" key1 key2 ", main.c's ScanArguments()): they read as true, and
   the exit code of the first error met (0 until then), classified when it was raised. */
typedef struct {
  const char *case_file;
  const char *valueless;
  int         exit_code;
  PetscBool   described; /* the first error was described in one line: no traceback for the frames above it */
} DioErrorContext;

static DioErrorContext error_context;

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

/* The last quoted path in mess ('...' holding a '/' or a '.'), copied to path; PETSC_FALSE when there is none. */
static PetscBool QuotedPath(const char mess[], char path[], size_t size)
{
  PetscBool found = PETSC_FALSE;

  for (const char *open = mess ? strchr(mess, '\'') : NULL; open != NULL;) {
    const char *close = strchr(open + 1, '\'');
    size_t      n;

    if (close == NULL) break;
    n = (size_t)(close - open - 1);
    if (n > 0 && n < size && strcspn(open + 1, "/.") < n) {
      memcpy(path, open + 1, n);
      path[n] = '\0';
      found   = PETSC_TRUE;
    }
    open = strchr(close + 1, '\'');
  }
  return found;
}

/* Is the file system that holds path (or would: its folder) full? Less than 64 MiB left for this user counts as
   full (a write that failed without saying why needed more than was left: HDF5 and MPI-IO do not always keep errno). */
static PetscBool FileSystemFull(const char path[])
{
  char           folder[PETSC_MAX_PATH_LEN];
  char          *slash;
  struct statvfs info;

  (void)PetscStrncpy(folder, path, sizeof(folder));
  slash = strrchr(folder, '/');
  if (slash == NULL)
    (void)PetscStrncpy(folder, ".", sizeof(folder));
  else if (slash == folder)
    folder[1] = '\0';
  else
    *slash = '\0';
  if (statvfs(folder, &info) != 0) return PETSC_FALSE;
  return (PetscBool)((double)info.f_bavail * (double)info.f_frsize < 64.0 * 1048576.0);
}

/* One line for a resource the run cannot get or a library that failed, and the exit code; PETSC_FALSE for an error
   that needs PETSc's traceback (a bug). errno_at_error: errno when the error was raised (a failed write's ENOSPC). */
static PetscBool DescribeEnvironmentError(PetscErrorCode n, const char fun[], const char mess[], int errno_at_error,
                                          char line[], size_t size, int *exit_code)
{
  char path[PETSC_MAX_PATH_LEN], open_files[1024] = "", with_files[1536];

  if (mess == NULL) mess = "(no message)";
  if (n == PETSC_ERR_LIB && strstr(mess, "HDF5") != NULL && !QuotedPath(mess, path, sizeof(path))) {
    /* PETSc's HDF5 viewer names the call, not the file: the files open are the candidates */
    DioIOOpenHDF5Files(open_files, sizeof(open_files));
    if (open_files[0]) {
      (void)PetscSNPrintf(with_files, sizeof(with_files), "%s, writing %s", mess, open_files);
      mess = with_files;
    }
  }
  if ((n == PETSC_ERR_LIB || n == PETSC_ERR_FILE_WRITE || n == PETSC_ERR_FILE_OPEN || n == PETSC_ERR_SYS) &&
      (errno_at_error == ENOSPC || errno_at_error == EDQUOT ||
       (QuotedPath(mess, path, sizeof(path)) && FileSystemFull(path)))) {
    *exit_code = DIO_EXIT_INPUT;
    (void)PetscSNPrintf(line, size,
                        "no space left on device (%s): free space or choose another -output_dir, then run again "
                        "(-restart latest continues from the "
                        "last checkpoint)",
                        mess);
    return PETSC_TRUE;
  }
  /* PETSc 3.18's PetscMallocAlign() raises its error with the caller's line number as the error code: known by name */
  if (n == PETSC_ERR_MEM || (fun != NULL && !strcmp(fun, "PetscMallocAlign"))) {
    *exit_code       = DIO_EXIT_INPUT;
    PetscMPIInt rank = 0;

    MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
    (void)PetscSNPrintf(line, size,
                        "out of memory on rank %d (%s%s): use a coarser mesh, more nodes, or fewer ranks per node",
                        (int)rank, n == PETSC_ERR_MEM ? "" : "allocating in ", mess);
    return PETSC_TRUE;
  }
  if (n == PETSC_ERR_LIB && strstr(mess, "HDF5") != NULL) {
    *exit_code = DIO_EXIT_INTERNAL;
    (void)PetscSNPrintf(line, size, "HDF5 failure: %s", mess);
    return PETSC_TRUE;
  }
  if (n == PETSC_ERR_MPI) {
    *exit_code = DIO_EXIT_INTERNAL;
    (void)PetscSNPrintf(line, size, "MPI failure: %s", mess);
    return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

static PetscErrorCode DioErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess,
                                      void *ctx)
{
  DioErrorContext *context        = (DioErrorContext *)ctx;
  const int        errno_at_error = errno;
  PetscMPIInt      rank           = 0;
  char             described[2048];
  int              exit_code;

  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  if (p == PETSC_ERROR_INITIAL && !context->exit_code &&
      (!IsUserError(n) || n == PETSC_ERR_FILE_WRITE || n == PETSC_ERR_FILE_OPEN) &&
      DescribeEnvironmentError(n, fun, mess, errno_at_error, described, sizeof(described), &exit_code)) {
    context->exit_code = exit_code;
    context->described = PETSC_TRUE;
    /* file errors are raised on every rank (the outcome is broadcast): print once; others where they happen */
    if (rank == 0 || !IsUserError(n))
      (void)PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR, "diomede: error: %s\n", described);
    return n;
  }
  if (context->described) return n; /* the frames above an error already described */
  if (!IsUserError(n)) {
    if (!context->exit_code) context->exit_code = DIO_EXIT_INTERNAL;
    return PetscTraceBackErrorHandler(comm, line, fun, file, n, p, mess, NULL);
  }
  if (p == PETSC_ERROR_INITIAL) {
    char rewritten[1024];

    if (!context->exit_code)
      context->exit_code = n == PETSC_ERR_NOT_CONVERGED ? DIO_EXIT_NOT_CONVERGED : DIO_EXIT_INPUT;
    /* input errors are raised on every rank (the options and inputs are replicated): print once */
    if (rank == 0) {
      if (RewriteTypeError(mess, context, rewritten, sizeof(rewritten))) mess = rewritten;
      (void)PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR, "diomede: error: %s\n", mess ? mess : "(no message)");
    }
  }
  return n;
}

/* MPI's own errors (a failed rank or network) on the communicators diomede uses: one line, then every rank stops with
   exit code 3 (instead of PETSc's abort with MPI's error number as the exit code). */
static void DioMPIErrorHandler(MPI_Comm *comm, int *code, ...)
{
  char text[MPI_MAX_ERROR_STRING];
  int  length = 0;

  (void)comm;
  if (MPI_Error_string(*code, text, &length) != MPI_SUCCESS)
    (void)PetscStrncpy(text, "unknown MPI error", sizeof(text));
  (void)fprintf(stderr, "diomede: error: MPI failure: %s\n", text);
  (void)fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, DIO_EXIT_INTERNAL);
}

/* Installs the handlers (PETSc's errors and MPI's on PETSC_COMM_WORLD, inherited by every communicator PETSc
   duplicates from it later); case_file (may be NULL) names where a bad value came from, valueless (" key1 key2 ", may
   be NULL) the options given without a value on the command line; both borrowed, they must outlive the run. */
PetscErrorCode DioErrorHandlerPush(const char case_file[], const char valueless[])
{
  MPI_Errhandler mpi_handler;

  PetscFunctionBegin;
  error_context.case_file = case_file;
  error_context.valueless = valueless;
  PetscCall(PetscPushErrorHandler(DioErrorHandler, &error_context));
  PetscCallMPI(MPI_Comm_create_errhandler(DioMPIErrorHandler, &mpi_handler));
  PetscCallMPI(MPI_Comm_set_errhandler(PETSC_COMM_WORLD, mpi_handler));
  PetscCallMPI(MPI_Comm_set_errhandler(MPI_COMM_SELF, mpi_handler));
  PetscCallMPI(MPI_Errhandler_free(&mpi_handler));
  PetscFunctionReturn(0);
}

/* The exit code of a run that ended with error ierr (decided when the error was raised). */
int DioExitCodeFromError(PetscErrorCode ierr)
{
  if (!ierr) return DIO_EXIT_OK;
  if (error_context.exit_code) return error_context.exit_code;
  if (ierr == PETSC_ERR_NOT_CONVERGED) return DIO_EXIT_NOT_CONVERGED;
  if (IsUserError(ierr)) return DIO_EXIT_INPUT;
  return DIO_EXIT_INTERNAL;
}

/* Must the run end with MPI_Abort (the error may have been raised on some ranks only, which the others would wait
   for), rather than PetscFinalize (input errors, raised on every rank alike)? */
PetscBool DioErrorNeedsAbort(PetscErrorCode ierr)
{
  return (PetscBool)(ierr && !IsUserError(ierr));
}
