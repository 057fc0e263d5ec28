/* SPDX-License-Identifier: BSD-2-Clause
   case.c: the case file, a YAML file inserted into PETSc's options database (nested keys joined with '_'). libyaml
   checks it first, because PETSc's loader reports a malformed file without a line number. */
#include "dio_io.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

typedef enum {
  DIO_CASE_OK,
  DIO_CASE_CANNOT_OPEN,
  DIO_CASE_MALFORMED
} DioCaseVerdict;

/* Parses path with libyaml, event by event, keeping nothing. Runs on rank 0 only, so it reports instead of raising:
 *verdict, and in message the reason (strerror) or the one-line "path:LINE:COLUMN: problem (context)". */
static PetscErrorCode DioCaseCheckSyntax(const char path[], int *verdict, char message[], size_t size)
{
  FILE         *file;
  yaml_parser_t parser;
  yaml_event_t  event;
  PetscBool     done = PETSC_FALSE;

  PetscFunctionBegin;
  *verdict   = DIO_CASE_OK;
  message[0] = '\0';
  errno      = 0;
  file       = fopen(path, "rb");
  if (file == NULL) {
    *verdict = DIO_CASE_CANNOT_OPEN;
    PetscCall(PetscStrncpy(message, strerror(errno), size));
    PetscFunctionReturn(0);
  }
  if (!yaml_parser_initialize(&parser)) {
    *verdict = DIO_CASE_MALFORMED;
    PetscCall(PetscSNPrintf(message, size, "%s: libyaml cannot create a parser", path));
    (void)fclose(file);
    PetscFunctionReturn(0);
  }
  yaml_parser_set_input_file(&parser, file);
  while (!done) {
    if (!yaml_parser_parse(&parser, &event)) {
      const char *problem = parser.problem != NULL ? parser.problem : "malformed YAML";

      *verdict = DIO_CASE_MALFORMED;
      if (parser.error == YAML_READER_ERROR) { /* undecodable bytes: libyaml knows the offset, not the line */
        PetscCall(PetscSNPrintf(message, size, "%s: byte %zu: %s", path, parser.problem_offset, problem));
      } else if (parser.context != NULL) {
        PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: %s (%s that starts at %zu:%zu)", path,
                                parser.problem_mark.line + 1, parser.problem_mark.column + 1, problem, parser.context,
                                parser.context_mark.line + 1, parser.context_mark.column + 1));
      } else {
        PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: %s", path, parser.problem_mark.line + 1,
                                parser.problem_mark.column + 1, problem));
      }
      break;
    }
    done = (PetscBool)(event.type == YAML_STREAM_END_EVENT);
    yaml_event_delete(&event);
  }
  yaml_parser_delete(&parser);
  (void)fclose(file);
  PetscFunctionReturn(0);
}

/*@
  DioCaseLoadWithArgs: inserts the YAML case file at path into PETSc's global options database, then inserts the
  command-line arguments argv[1 .. argc-1] again, so that the command line wins over the case file.

  Collective on comm. Rank 0 checks the file with libyaml first and broadcasts the verdict, so every rank raises the
  same error: a missing file is PETSC_ERR_FILE_OPEN ("cannot open case file 'x.yaml': ..."), malformed YAML is
  PETSC_ERR_USER_INPUT with a one-line "x.yaml:LINE:COLUMN: problem" (1-based). Nested keys become options joined
  with '_': materials: {granite: {youngs_modulus: 3e10}} is -materials_granite_youngs_modulus 3e10.
  Input: argc, argv as main() received them (argv[0], the program, is skipped); argc <= 1 inserts nothing after the
  case file. Options from the PETSC_OPTIONS environment variable are not inserted again: the case file wins over them.
@*/
PetscErrorCode DioCaseLoadWithArgs(MPI_Comm comm, const char path[], int argc, char *argv[])
{
  char        message[PETSC_MAX_PATH_LEN + 512];
  int         verdict = DIO_CASE_OK;
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) PetscCall(DioCaseCheckSyntax(path, &verdict, message, sizeof(message)));
  PetscCallMPI(MPI_Bcast(&verdict, 1, MPI_INT, 0, comm));
  PetscCallMPI(MPI_Bcast(message, (PetscMPIInt)sizeof(message), MPI_CHAR, 0, comm));
  PetscCheck(verdict != DIO_CASE_CANNOT_OPEN, comm, PETSC_ERR_FILE_OPEN, "cannot open case file '%s': %s", path,
             message);
  PetscCheck(verdict != DIO_CASE_MALFORMED, comm, PETSC_ERR_USER_INPUT, "%s", message);
  PetscCall(PetscOptionsInsertFileYAML(comm, NULL, path, PETSC_TRUE));
  if (argc > 1) PetscCall(PetscOptionsInsertArgs(NULL, argc - 1, argv + 1));
  PetscFunctionReturn(0);
}

/*@
  DioCaseLoad: DioCaseLoadWithArgs() with the arguments given to PetscInitialize() (PetscGetArgs()), so that the
  command line wins over the case file. Collective on comm; call it after PetscInitialize().
@*/
PetscErrorCode DioCaseLoad(MPI_Comm comm, const char path[])
{
  int    argc;
  char **argv;

  PetscFunctionBegin;
  PetscCall(PetscGetArgs(&argc, &argv));
  PetscCall(DioCaseLoadWithArgs(comm, path, argc, argv));
  PetscFunctionReturn(0);
}
