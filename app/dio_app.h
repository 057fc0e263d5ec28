/* SPDX-License-Identifier: BSD-2-Clause
   dio_app.h: the executable's pieces: the error handler that turns user errors into one line, and exit codes. */
#pragma once
#include <petscsys.h>

/* Exit codes of the diomede executable (documented in the README). */
typedef enum {
  DIO_EXIT_OK    = 0,
  DIO_EXIT_INPUT = 1, /* bad case file, option, profile, material or mesh, or out of memory or disk space: one line */
  DIO_EXIT_NOT_CONVERGED = 2, /* a solver did not converge */
  DIO_EXIT_INTERNAL      = 3, /* a bug (PETSc traceback printed) or an HDF5 or MPI failure (one line) */
  DIO_EXIT_STOPPED = 75, /* stopped on SIGTERM / SIGUSR1 after writing a checkpoint: restart with -restart latest */
  DIO_EXIT_USAGE   = 64  /* unknown sub-command or missing argument */
} DioExitCode;

PetscErrorCode DioErrorHandlerPush(const char case_file[], const char valueless[]);
int            DioExitCodeFromError(PetscErrorCode ierr);
PetscBool      DioErrorNeedsAbort(PetscErrorCode ierr);
