/* SPDX-License-Identifier: BSD-2-Clause
   dio_check.h: what the Check suites that call PETSc share: a call that must succeed, and a call that must fail
   with a given error code and a message containing a fragment (errors returned, not aborted). */
#pragma once
#include <string.h>
#include <check.h>
#include <petscsys.h>

#define CK_PETSC(call)                                                                \
  do {                                                                                \
    PetscErrorCode ierr_ck_ = (call);                                                 \
    ck_assert_msg(ierr_ck_ == 0, "%s returned PETSc error %d", #call, (int)ierr_ck_); \
  } while (0)

/* Runs call with errors returned instead of aborting, then checks the error code and that the error's message
   contains fragment. */
#define CK_PETSC_ERROR(call, expected, fragment)                                                             \
  do {                                                                                                       \
    PetscErrorCode code_ck_;                                                                                 \
    char          *message_ck_ = NULL;                                                                       \
    CK_PETSC(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));                                          \
    code_ck_ = (call);                                                                                       \
    CK_PETSC(PetscPopErrorHandler());                                                                        \
    ck_assert_int_eq(code_ck_, (expected));                                                                  \
    CK_PETSC(PetscErrorMessage(code_ck_, NULL, &message_ck_));                                               \
    ck_assert_msg(message_ck_ != NULL && strstr(message_ck_, (fragment)) != NULL, "message '%s' lacks '%s'", \
                  message_ck_ ? message_ck_ : "(none)", (fragment));                                         \
  } while (0)
