/* SPDX-License-Identifier: BSD-2-Clause
   main.c: the diomede executable.  diomede <command> [case.yaml] [-key value ...]
   The case file is read into PETSc's options database first; the command line overrides it. */
#include <petscsys.h>
#include "dio_app.h"
#include "dio_io.h"
#include "dio_solver.h"

static const char usage[] = "usage: diomede <command> [case.yaml] [-option value ...]\n"
                            "commands:\n"
                            "  run   [case.yaml]   compute the case (geostatic stress of the strait section) and write <output_dir>/<output_name>.h5/.xmf\n"
                            "  check [case.yaml]   validate the case (options, profile, materials, mesh parameters) without solving\n"
                            "  version             print the version\n"
                            "  help                this text; 'diomede run -help' lists every option with its default and unit\n"
                            "Every option can be set in the case file (nested YAML keys joined with '_') or on the command line, which wins.\n"
                            "MPI: mpiexec -n 4 diomede run ...; threads: OMP_NUM_THREADS (ranks x threads <= cores).\n";

/* Options set but never read are usually typos: say so at the end of a run. */
static PetscErrorCode WarnUnusedOptions(MPI_Comm comm)
{
  PetscInt n;
  char   **names, **values;

  PetscFunctionBegin;
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  for (PetscInt i = 0; i < n; i++) PetscCall(PetscPrintf(comm, "[warning]   option -%s %s was set but never used (misspelt?)\n", names[i], values[i] ? values[i] : ""));
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values));
  PetscFunctionReturn(0);
}

static PetscErrorCode RunCommand(const char command[], const char case_file[], const char command_line[])
{
  MPI_Comm   comm = PETSC_COMM_WORLD;
  DioRunInfo run  = {DIO_VERSION, command_line, case_file, PETSC_FALSE};
  PetscBool  is_run, is_check, help;

  PetscFunctionBeginUser;
  PetscCall(PetscStrcmp(command, "run", &is_run));
  PetscCall(PetscStrcmp(command, "check", &is_check));
  /* the case file goes in first, then the command line again, so the command line wins */
  if (case_file) PetscCall(DioCaseLoad(comm, case_file));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  run.check_only = (PetscBool)(is_check || help);
  PetscCall(DioProblemRun(comm, &run));
  if (is_check) PetscCall(PetscPrintf(comm, "[check]     %s: valid\n", case_file ? case_file : "(command-line options)"));
  if (is_run && !help) PetscCall(WarnUnusedOptions(comm));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char    *command = argc > 1 ? argv[1] : "help";
  const char    *case_file = NULL;
  char         **petsc_argv, command_line[4096] = "";
  int            petsc_argc = 0, first_option = 2;
  PetscErrorCode ierr;

  if (!strcmp(command, "version") || !strcmp(command, "--version")) {
    printf("diomede %s\n", DIO_VERSION);
    return DIO_EXIT_OK;
  }
  if (!strcmp(command, "help") || !strcmp(command, "--help") || !strcmp(command, "-h")) {
    fputs(usage, stdout);
    return DIO_EXIT_OK;
  }
  if (strcmp(command, "run") && strcmp(command, "check")) {
    fprintf(stderr, "diomede: error: unknown command '%s'\n%s", command, usage);
    return DIO_EXIT_USAGE;
  }
  if (argc > 2 && argv[2][0] != '-') {
    case_file    = argv[2];
    first_option = 3;
  }
  for (int i = 0; i < argc; i++) {
    strncat(command_line, argv[i], sizeof(command_line) - strlen(command_line) - 2);
    strncat(command_line, " ", sizeof(command_line) - strlen(command_line) - 1);
  }
  /* PETSc sees the program name and the options only: shift them down in argv itself */
  petsc_argv               = argv;
  petsc_argv[petsc_argc++] = argv[0];
  for (int i = first_option; i < argc; i++) petsc_argv[petsc_argc++] = argv[i];
  petsc_argv[petsc_argc] = NULL;

  ierr = PetscInitialize(&petsc_argc, &petsc_argv, NULL, usage);
  if (ierr) return DIO_EXIT_INTERNAL;
  ierr = DioErrorHandlerPush();
  if (!ierr) ierr = RunCommand(command, case_file, command_line);
  if (ierr && DioExitCodeFromError(ierr) == DIO_EXIT_INTERNAL) PETSCABORT(PETSC_COMM_WORLD, ierr);
  (void)PetscFinalize();
  return DioExitCodeFromError(ierr);
}
