/* SPDX-License-Identifier: BSD-2-Clause
   main.c: the diomede executable.  diomede <command> [case.yaml] [-key value ...]
   The case file is read into PETSc's options database first; the command line overrides it. */
#include <signal.h>
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

/* Set by SIGTERM / SIGUSR1 (what schedulers send before the wall-time limit): the staged problems write a
   checkpoint after the current stage and stop. The only file-scope state: a signal handler has nowhere else. */
static volatile sig_atomic_t stop_requested = 0;

static void RequestStop(int signal_number)
{
  (void)signal_number;
  stop_requested = 1;
}

/* Options PETSc itself reads (at start-up, or on solver objects a check pass does not create). */
static PetscBool IsPetscOption(const char name[])
{
  const char *prefixes[] = {"mech_ksp_", "mech_pc_", "mech_mat_", "mech_mg_", "mech_snes_", "heat_", "log", "options_", "malloc", "help", "info", "dm_",
                            "petsc", "on_error", "fp_trap", "no_signal_handler", "check_pointer", "viewer", "vec_", "mat_", "ksp_", "pc_", "snes_", "ts_",
                            "device", "memory_view", "history", "objects_dump", "skip_petscrc", "start_in_debugger", "debugger", "stop_for_debugger",
                            "display", "tmp", "shared_tmp", "not_shared_tmp", "get_total_flops", "version", "mpi_", "use_gpu", "omp_", "sf_", "partitioner",
                            "petscpartitioner", "mg_", "pc_gamg",
                            /* read when the elastoplastic solve is created (plasticity.c), which a check pass does not do */
                            "mech_load_increment_first", "mech_load_increment_min", "mech_load_increments_max", "mech_load_atol", "mech_load_monitor", "mech_load_cutbacks_max", "mech_plastic_pc_elastic",
                            "mech_plastic_linear_solver",
                            /* read when the linear solver is created (elasticity_assembly.c), at the first solve */
                            "mech_stage_reuse", "mech_stage_initial_guess", "mech_stage_rebuild_factor"};
  for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
    PetscBool match;
    if (PetscStrncmp(name, prefixes[i], strlen(prefixes[i]), &match) == 0 && match) return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* After a check pass has read every key of the problem, an option nobody read is unknown: a typo or a key of another
   problem. Rejected before any work, naming the key and where it came from. */
static PetscErrorCode RejectUnknownOptions(MPI_Comm comm, const char case_file[])
{
  PetscInt n;
  char   **names, **values;
  char     unknown[1024] = "";
  PetscInt count = 0;

  PetscFunctionBegin;
  PetscCall(PetscOptionsLeftGet(NULL, &n, &names, &values));
  for (PetscInt i = 0; i < n; i++) {
    if (IsPetscOption(names[i])) continue;
    if (count++ < 4) {
      PetscCall(PetscStrlcat(unknown, count > 1 ? ", -" : "-", sizeof(unknown)));
      PetscCall(PetscStrlcat(unknown, names[i], sizeof(unknown)));
    }
  }
  PetscCall(PetscOptionsLeftRestore(NULL, &n, &names, &values));
  PetscCheck(count == 0, comm, PETSC_ERR_USER_INPUT, "%s%s: unknown key%s %s%s (diomede run -help lists every key)", case_file ? case_file : "command line",
             case_file ? " or command line" : "", count > 1 ? "s" : "", unknown, count > 4 ? ", ..." : "");
  PetscFunctionReturn(0);
}

static PetscErrorCode RunCommand(const char command[], const char case_file[], const char command_line[], PetscBool *stopped)
{
  MPI_Comm   comm = PETSC_COMM_WORLD;
  DioRunInfo run  = {DIO_VERSION, command_line, case_file, PETSC_FALSE, &stop_requested, stopped};
  PetscBool  is_run, is_check, help;

  PetscFunctionBeginUser;
  PetscCall(PetscStrcmp(command, "run", &is_run));
  PetscCall(PetscStrcmp(command, "check", &is_check));
  /* the case file goes in first, then the command line again, so the command line wins */
  if (case_file) PetscCall(DioCaseLoad(comm, case_file));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  /* a check pass reads and validates every input of the problem before any work */
  run.check_only = PETSC_TRUE;
  PetscCall(DioProblemRun(comm, &run));
  if (help) {
    PetscBool chosen;
    PetscCall(PetscOptionsHasName(NULL, NULL, "-problem", &chosen));
    PetscCall(PetscPrintf(comm, "\ndiomede: the keys above are those of the %s problem; each problem adds its own (tunnel_, checkpoint_, restart):\n"
                                "  diomede run -problem geostatic|longitudinal_drive|transverse_section|tbm_segment -help\n",
                          chosen ? "chosen" : "default (geostatic)"));
    PetscFunctionReturn(0);
  }
  PetscCall(RejectUnknownOptions(comm, case_file));
  if (is_check) PetscCall(PetscPrintf(comm, "[check]     %s: valid\n", case_file ? case_file : "(command-line options)"));
  if (is_run) {
    run.check_only = PETSC_FALSE;
    PetscCall(DioProblemRun(comm, &run));
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  const char    *command = argc > 1 ? argv[1] : "help";
  const char    *case_file = NULL;
  char         **petsc_argv, command_line[4096] = "";
  int            petsc_argc = 0, first_option = 2;
  PetscErrorCode ierr;
  PetscBool      stopped = PETSC_FALSE;

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
  ierr = DioErrorHandlerPush(case_file);
  /* after PetscInitialize, which installs its own handlers for other signals */
  signal(SIGTERM, RequestStop);
  signal(SIGUSR1, RequestStop);
  if (!ierr) ierr = RunCommand(command, case_file, command_line, &stopped);
  if (ierr && DioExitCodeFromError(ierr) == DIO_EXIT_INTERNAL) PETSCABORT(PETSC_COMM_WORLD, ierr);
  (void)PetscFinalize();
  if (!ierr && stopped) return DIO_EXIT_STOPPED;
  return DioExitCodeFromError(ierr);
}
