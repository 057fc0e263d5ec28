/* SPDX-License-Identifier: BSD-2-Clause
   error_handler.c: one line on rank 0 for errors a user can fix (bad input, files, non-convergence); PETSc's
   traceback for everything else. */
#include "dio_app.h"

static PetscBool IsUserError(PetscErrorCode n)
{
  /* PETSC_ERR_USER: PETSc's own option parsing (an unknown enum value such as -problem tunel) */
  return (PetscBool)(n == PETSC_ERR_USER_INPUT || n == PETSC_ERR_USER || n == PETSC_ERR_FILE_OPEN || n == PETSC_ERR_FILE_READ || n == PETSC_ERR_FILE_WRITE ||
                     n == PETSC_ERR_FILE_UNEXPECTED || n == PETSC_ERR_ARG_OUTOFRANGE || n == PETSC_ERR_NOT_CONVERGED || n == PETSC_ERR_ARG_WRONG);
}

static PetscErrorCode DioErrorHandler(MPI_Comm comm, int line, const char *fun, const char *file, PetscErrorCode n, PetscErrorType p, const char *mess,
                                      void *ctx)
{
  if (!IsUserError(n)) return PetscTraceBackErrorHandler(comm, line, fun, file, n, p, mess, ctx);
  if (p == PETSC_ERROR_INITIAL) {
    PetscMPIInt rank = 0;
    /* input errors are raised on every rank (the options and inputs are replicated): print once */
    MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
    if (rank == 0) (void)PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR, "diomede: error: %s\n", mess ? mess : "(no message)");
  }
  return n;
}

PetscErrorCode DioErrorHandlerPush(void)
{
  PetscFunctionBegin;
  PetscCall(PetscPushErrorHandler(DioErrorHandler, NULL));
  PetscFunctionReturn(0);
}

int DioExitCodeFromError(PetscErrorCode ierr)
{
  if (!ierr) return DIO_EXIT_OK;
  if (ierr == PETSC_ERR_NOT_CONVERGED) return DIO_EXIT_NOT_CONVERGED;
  if (IsUserError(ierr)) return DIO_EXIT_INPUT;
  return DIO_EXIT_INTERNAL;
}
