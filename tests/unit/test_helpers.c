/* SPDX-License-Identifier: BSD-2-Clause
   test_helpers.c: the main() and the scratch files of the Check suites that run under PETSc (test_helpers.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <petscsys.h>
#include "test_helpers.h"

/* DioTestAddCase: adds to suite the test case name running tests[0 .. num_tests) (START_TEST names) in that order,
   each with a time limit of timeout_s seconds (0: Check's default). */
void DioTestAddCase(Suite *suite, const char name[], const TTest *const tests[], size_t num_tests, double timeout_s)
{
  TCase *tcase = tcase_create(name);

  for (size_t t = 0; t < num_tests; t++) tcase_add_test(tcase, tests[t]);
  if (timeout_s > 0) tcase_set_timeout(tcase, timeout_s);
  suite_add_tcase(suite, tcase);
}

/*
  DioTestMain: the whole main() of a suite: initialises PETSc (with the command line), runs suite in this process
  (MPI processes must not fork) and finalises PETSc. Returns EXIT_FAILURE on every rank when a test failed on any
  rank, else EXIT_SUCCESS. Collective on PETSC_COMM_WORLD.
*/
int DioTestMain(int *argc, char ***argv, Suite *suite)
{
  SRunner *runner;
  int      failed;

  PetscCall(PetscInitialize(argc, argv, NULL, NULL));
  runner = srunner_create(suite);
  srunner_set_fork_status(runner, CK_NOFORK);
  srunner_run_all(runner, CK_NORMAL);
  failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MAX, PETSC_COMM_WORLD));
  PetscCall(PetscFinalize());
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* DioTestPath: path receives <suite>.d/np<size>/<name> (the directory itself when name is ""). Not collective. */
void DioTestPath(const char suite[], const char name[], char path[], size_t size)
{
  PetscMPIInt nranks;

  CK_PETSC(MPI_Comm_size(PETSC_COMM_WORLD, &nranks));
  CK_PETSC(PetscSNPrintf(path, size, "%s.d/np%d%s%s", suite, nranks, name[0] ? "/" : "", name));
}

/*
  DioTestWriteFile: rank 0 writes contents to <suite>.d/np<size>/<name>, creating both directories; path receives the
  file's path. Collective on PETSC_COMM_WORLD: every rank returns once the file is there.
*/
void DioTestWriteFile(const char suite[], const char name[], const char contents[], char path[], size_t size)
{
  PetscMPIInt rank;
  char        top[PETSC_MAX_PATH_LEN], dir[PETSC_MAX_PATH_LEN];

  CK_PETSC(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  CK_PETSC(PetscSNPrintf(top, sizeof(top), "%s.d", suite));
  DioTestPath(suite, "", dir, sizeof(dir));
  DioTestPath(suite, name, path, size);
  if (rank == 0) {
    FILE *file;

    ck_assert(mkdir(top, 0777) == 0 || errno == EEXIST);
    ck_assert(mkdir(dir, 0777) == 0 || errno == EEXIST);
    file = fopen(path, "w");
    ck_assert_msg(file != NULL, "cannot write '%s'", path);
    ck_assert(fputs(contents, file) >= 0);
    ck_assert(fclose(file) == 0);
  }
  CK_PETSC(MPI_Barrier(PETSC_COMM_WORLD));
}
