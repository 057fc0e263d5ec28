/* SPDX-License-Identifier: BSD-2-Clause
   main.c: the diomede executable.  diomede <command> [case.yaml] [-key value ...]
   The case file is read into PETSc's options database first; the command line overrides it. */
#include <ctype.h>
#include <signal.h>
#include <stdlib.h>
#include <strings.h>
#include <unistd.h>
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

/* Set by SIGTERM / SIGUSR1 (what schedulers send before the wall-time limit) and SIGINT (Ctrl-C): every problem stops
   at its next safe point (the staged ones after the current stage, with a checkpoint; the others after the current
   step or solve) and exits with 75. The only file-scope state: a signal handler has nowhere else. */
static volatile sig_atomic_t stop_requested = 0;

static void RequestStop(int signal_number)
{
  if (signal_number == SIGINT && stop_requested) {
    /* Ctrl-C a second time: stop now (the last checkpoint stays as it was) */
    (void)signal(SIGINT, SIG_DFL);
    (void)raise(SIGINT);
    return;
  }
  if (signal_number == SIGINT) {
    static const char note[] =
        "\ndiomede: interrupt: the run stops after the current stage or step (with a checkpoint where the problem has "
        "them; Ctrl-C again: stop now)\n";
    (void)!write(STDERR_FILENO, note, sizeof(note) - 1); /* async-signal-safe, unlike stdio */
  }
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
                            /* read when the elastoplastic state (plasticity_state.c) or the linear solver (linear_fallback.c) is created, which a check pass does not do */
                            "mech_load_increment_first", "mech_load_increment_min", "mech_load_increments_max", "mech_load_atol", "mech_load_monitor", "mech_load_cutbacks_max", "mech_plastic_pc_elastic",
                             "mech_plastic_linear_solver", "mech_fallback_max_dofs", "mech_direct_max_dofs", "mech_substructures",
                             /* the coupled solve of Biot consolidation (coupling/biot_coupling.c), created after the check pass */
                             "biot_ksp_", "biot_pc_", "biot_fieldsplit_", "biot_mat_",
                             /* read when the linear solver is created (elasticity_solve.c), at the first solve */
                             "mech_stage_reuse", "mech_stage_initial_guess", "mech_stage_rebuild_factor", "mech_stage_incremental"};
  for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
    PetscBool match;
    if (PetscStrncmp(name, prefixes[i], strlen(prefixes[i]), &match) == 0 && match) return PETSC_TRUE;
  }
  return PETSC_FALSE;
}

/* Options of diomede's whose value is a name (a file, a directory): given without a value they would be empty. */
static PetscBool IsNameOption(const char name[])
{
  const char *names[] = {"output_dir", "output_name", "mesh_profile", "materials_file", "restart"};

  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if (!strcasecmp(name, names[i])) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* Is the argument an option name (-key), not a value (-3e9, -inf, a word)? */
static PetscBool IsOptionName(const char argument[])
{
  char *end;

  if (argument[0] != '-' || !isalpha((unsigned char)argument[1])) return PETSC_FALSE;
  (void)strtod(argument, &end);
  return (PetscBool)(*end != '\0'); /* -inf, -nan: a (non-finite) number, refused later as such */
}

static PetscBool IsCaseFileName(const char argument[])
{
  size_t n = strlen(argument);

  return (PetscBool)((n > 5 && !strcasecmp(argument + n - 5, ".yaml")) || (n > 4 && !strcasecmp(argument + n - 4, ".yml")));
}

/* The options after the command (and case file), argv[first ..]: each -key takes at most one value. Fills problem
   with a one-line description of the first word that is neither (a second case file, a unit after a value: PETSc
   would skip it without a word), and valueless with " key1 key2 " (" " for none) for diomede's options given without a value (a
   boolean's true; any other type is refused when read, see RunCommand). Pure: runs before PetscInitialize(). */
static void ScanArguments(int argc, char **argv, int first, char valueless[], size_t valueless_size, char problem[], size_t problem_size)
{
  const char *option = NULL;
  int         values = 0;

  problem[0] = '\0';
  snprintf(valueless, valueless_size, " ");
  for (int i = first; i <= argc && !problem[0]; i++) {
    if (i == argc || IsOptionName(argv[i])) {
      if (option != NULL && values == 0 && !IsPetscOption(option + 1)) {
        if (IsNameOption(option + 1)) snprintf(problem, problem_size, "command line: %s has no value (it takes a name: %s VALUE)", option, option);
        else if (strlen(valueless) + strlen(option) + 2 < valueless_size) {
          strcat(valueless, option + 1);
          strcat(valueless, " ");
        }
      }
      option = i < argc ? argv[i] : NULL;
      values = 0;
    } else if (IsCaseFileName(argv[i])) {
      snprintf(problem, problem_size, "command line: '%s': %s", argv[i],
               option == NULL && first == 3 ? "a second case file: give one per run (set further keys on the command line: -key value)"
                                            : "a case file goes right after the command (diomede run case.yaml -key value ...)");
    } else if (option == NULL) {
      snprintf(problem, problem_size, "command line: '%s' is not an option (-key value)%s", argv[i], first == 3 ? "" : " nor a case file (.yaml)");
    } else if (values++ > 0) {
      snprintf(problem, problem_size, "command line: %s %s %s: one value per option; '%s' is left over (values take no unit: -help gives each key's)", option,
               argv[i - 1], argv[i], argv[i]);
    }
  }
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

/* The options prefixes of diomede's solvers (solver/physics: mechanics, heat, Biot coupling). */
static const char *const solver_prefixes[] = {"mech_", "heat_", "biot_"};

static PetscErrorCode RunCommand(const char command[], const char case_file[], const char command_line[], const char argument_problem[],
                                 const char valueless[], PetscBool *stopped)
{
  MPI_Comm   comm = PETSC_COMM_WORLD;
  DioRunInfo run  = {DIO_VERSION, command_line, case_file, PETSC_FALSE, &stop_requested, stopped, PETSC_FALSE};
  PetscBool  is_run, is_check, help;

  PetscFunctionBeginUser;
  PetscCall(PetscStrcmp(command, "run", &is_run));
  PetscCall(PetscStrcmp(command, "check", &is_check));
  PetscCheck(!argument_problem[0], comm, PETSC_ERR_USER_INPUT, "%s", argument_problem);
  /* the case file goes in first, then the command line again, so the command line wins */
  if (case_file) PetscCall(DioCaseLoad(comm, case_file));
  /* an option of diomede's given without a value reads as true: a boolean's meaning; any other type then fails when
     read, and the error handler says the value is missing (valueless) */
  for (const char *name = valueless; *name;) {
    char option[256];
    int  length;

    while (*name == ' ') name++;
    for (length = 0; name[length] && name[length] != ' '; length++) {}
    if (length == 0) break;
    PetscCall(PetscSNPrintf(option, sizeof(option), "-%.*s", length, name));
    PetscCall(PetscOptionsSetValue(NULL, option, "true"));
    name += length;
  }
  /* every number in every value finite, before anything reads one; the solvers' limits, which PETSc reads only when a
     solve is set up, after the mesh is built */
  PetscCall(DioOptionsCheckNumbers(comm, case_file));
  PetscCall(DioOptionsCheckSolverLimits(comm, case_file, sizeof(solver_prefixes) / sizeof(solver_prefixes[0]), solver_prefixes));
  PetscCall(PetscOptionsHasHelp(NULL, &help));
  /* a check pass reads and validates every input of the problem before any work */
  run.check_only    = PETSC_TRUE;
  run.check_command = (PetscBool)(is_check && !help);
  PetscCall(DioProblemRun(comm, &run));
  if (help) {
    PetscBool chosen;
    PetscCall(PetscOptionsHasName(NULL, NULL, "-problem", &chosen));
    PetscCall(PetscPrintf(comm, "\ndiomede: the keys above are those of the %s problem; each problem adds its own (tunnel_, checkpoint_, restart):\n"
                                "  diomede run -problem geostatic|longitudinal_drive|transverse_section|tbm_segment|permafrost_thaw -help\n"
                                "solver keys (prefix mech_), read when the first solve starts: PETSc's -mech_ksp_*, -mech_pc_*, -mech_snes_* and\n"
                                "  -mech_fallback_max_dofs <n>: largest system (dofs) solved by LU (MUMPS) where CG + GAMG does not converge\n"
                                "    (default 2000000 in 2D, 200000 in 3D; 0: none, stop with exit code 2)\n"
                                "  -mech_direct_max_dofs <n>: largest system (dofs) whose CG is preconditioned by a Cholesky factorisation\n"
                                "    (MUMPS) instead of GAMG (default 0: GAMG always; longitudinal_drive: 4000000 in 2D)\n"
                                "  -mech_substructures <K>: that factorisation by K slabs along x, a slab factored again only where a solve\n"
                                "    changed its part of the stiffness (default 0: the whole stiffness every solve; longitudinal_drive in 2D from\n"
                                "    200000 dofs: 2 x section length / stage length)\n"
                                "  -mech_substructures_interface <blocks>: its interface system by a block tridiagonal Cholesky by cut, only\n"
                                "    the blocks a solve changed factored again (where every interface node touches two neighbouring slabs and\n"
                                "    no cut exceeds 3000 dofs; MUMPS otherwise), or mumps: factored whole by MUMPS whenever it changed\n"
                                "  -mech_substructures_skip_negligible <true>: with substructures, a slab whose interior right-hand side is\n"
                                "    at most 1e-3 x the relative tolerance of CG x |F| is not solved (false: every slab, twice per solve)\n"
                                "  -mech_stage_initial_guess <true>: a stage's CG starts from the last stage's displacement\n"
                                "  -mech_stage_incremental <true>: a stage's stiffness updated in the rows of the nodes of the cells it changed\n"
                                "    and its element loads kept where their inputs did not change (false: both in full)\n"
                                "  -mech_stage_incremental_check <false>: print each updated stiffness's difference from a fresh assembly\n"
                                "  -mech_stage_reuse <interpolation>: what a stage keeps of the last one's GAMG: none, interpolation, preconditioner\n"
                                "  -mech_stage_rebuild_factor <1.5>: with preconditioner, set it up again after a stage that took more than this\n"
                                "    times the iterations of the last fresh set-up (-; default 1.5)\n",
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
  const char    *command = argc > 1 ? argv[1] : NULL;
  const char    *case_file = NULL;
  char         **petsc_argv, command_line[4096] = "", valueless[1024], argument_problem[1024];
  int            petsc_argc = 0, first_option = 2;
  PetscErrorCode ierr;
  PetscBool      stopped = PETSC_FALSE;

  if (command == NULL) {
    fprintf(stderr, "diomede: error: no command\n%s", usage);
    return DIO_EXIT_USAGE;
  }
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
  ScanArguments(argc, argv, first_option, valueless, sizeof(valueless), argument_problem, sizeof(argument_problem));
  /* recorded in the output's metadata: a longer command line is cut there (before, its length underflowed strncat's
     bound: a crash with a few hundred options) */
  for (int i = 0; i < argc; i++) {
    const size_t used = strlen(command_line);
    if (used + 2 >= sizeof(command_line)) break;
    strncat(command_line, argv[i], sizeof(command_line) - used - 2);
    strcat(command_line, " ");
  }
  /* PETSc sees the program name and the options only: shift them down in argv itself */
  petsc_argv               = argv;
  petsc_argv[petsc_argc++] = argv[0];
  for (int i = first_option; i < argc; i++) petsc_argv[petsc_argc++] = argv[i];
  petsc_argv[petsc_argc] = NULL;

  ierr = PetscInitialize(&petsc_argc, &petsc_argv, NULL, usage);
  if (ierr) return DIO_EXIT_INTERNAL;
  ierr = DioErrorHandlerPush(case_file, valueless);
  if (!ierr) ierr = DioIOInitialize();
  /* after PetscInitialize, which installs its own handlers for other signals */
  signal(SIGTERM, RequestStop);
  signal(SIGUSR1, RequestStop);
  signal(SIGINT, RequestStop);
  if (!ierr) ierr = RunCommand(command, case_file, command_line, argument_problem, valueless, &stopped);
  /* an error some ranks may not have met: stop them all, with a documented exit code (not PETSc's error number) */
  if (DioErrorNeedsAbort(ierr)) {
    PetscMPIInt size = 1;

    (void)MPI_Comm_size(PETSC_COMM_WORLD, &size);
    if (size > 1) MPI_Abort(PETSC_COMM_WORLD, DioExitCodeFromError(ierr));
    /* alone: no MPI_Abort banner under the one line; _exit, not exit: HDF5's exit handler would flush its open files
       again (to a full disk) */
    (void)fflush(NULL);
    _exit(DioExitCodeFromError(ierr));
  }
  (void)PetscFinalize();
  if (!ierr && stopped) return DIO_EXIT_STOPPED;
  return DioExitCodeFromError(ierr);
}
