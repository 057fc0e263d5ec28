/* SPDX-License-Identifier: BSD-2-Clause
   test_helpers.h: what the Check suites that run under PETSc share beyond dio_check.h's macros: their main() (PETSc
   set up, the suite run in-process, one verdict on every rank), their test cases from lists of tests, and their
   scratch files <suite>.d/np<size>/<name> under the working directory (one directory per rank count, so that the
   serial and MPI runs of a suite may run at the same time). Library dio_test_helpers (tests/unit/CMakeLists.txt);
   the kernel suites need no PETSc and do not use it. */
#pragma once
#include <stddef.h>
#include <check.h>
#include "dio_check.h"

void DioTestAddCase(Suite *suite, const char name[], const TTest *const tests[], size_t num_tests, double timeout_s);
int  DioTestMain(int *argc, char ***argv, Suite *suite);
void DioTestPath(const char suite[], const char name[], char path[], size_t size);
void DioTestWriteFile(const char suite[], const char name[], const char contents[], char path[], size_t size);
