/* SPDX-License-Identifier: BSD-2-Clause
   case.c: the case file, a YAML file inserted into PETSc's options database (nested keys joined with '_'). libyaml
   reads it first, event by event, because PETSc's loader reports a malformed file without a line number and takes
   without a word what is not one set of options: a repeated key (the last wins), a second document, an empty value
   (the option is then ignored), a top level that is a list. Each of those is refused here with file:line:column. */
#include "dio_io.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

typedef enum {
  DIO_CASE_OK,
  DIO_CASE_CANNOT_OPEN,
  DIO_CASE_MALFORMED
} DioCaseVerdict;

#define DIO_CASE_MAX_DEPTH 32
#define DIO_CASE_KEY_LEN   256

/* One key of the case file as the option it becomes ("mesh_dim" for mesh: {dim: ...}; sections too), and its line. */
typedef struct {
  char   option[DIO_CASE_KEY_LEN];
  size_t line, column;
} DioCaseKey;

/* The state of a walk through the events: the open mappings and lists, from the document's root down. */
typedef struct {
  struct {
    PetscBool is_list;                    /* a list: its items are the values of one key */
    PetscBool want_value;                 /* a mapping whose last key waits for its value */
    size_t    items;                      /* keys of a mapping, items of a list */
    char      option[DIO_CASE_KEY_LEN];   /* the key that opened it, as an option ("mesh"; "" for the root) */
    char      last_key[DIO_CASE_KEY_LEN]; /* a mapping's key that waits for its value, as an option ("mesh_dim") */
  } frame[DIO_CASE_MAX_DEPTH];
  int         depth; /* open frames; 0 at the document level */
  size_t      documents;
  DioCaseKey *keys; /* every key so far, to find repeats and to say where an option came from */
  size_t      num_keys, max_keys;
} DioCaseWalk;

static const char *DioCaseEventName(yaml_event_type_t type)
{
  return type == YAML_SEQUENCE_START_EVENT ? "a list" : type == YAML_MAPPING_START_EVENT ? "a mapping" : "a value";
}

/* Is text empty or YAML's null ('~', 'null')? PETSc's loader would set the option without a value, which a number
   or name option then ignores. */
static PetscBool DioCaseIsEmptyScalar(const yaml_event_t *event)
{
  const char *text = (const char *)event->data.scalar.value;

  if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return (PetscBool)(event->data.scalar.length == 0);
  return (PetscBool)(!strcmp(text, "") || !strcmp(text, "~") || !strcasecmp(text, "null"));
}

/* A value holding an option ("500 -mesh_refine 3"): blank, '-', a letter. Returns where the option starts, or NULL. */
static const char *DioCaseOptionInValue(const char text[])
{
  for (const char *c = text; *c; c++)
    if ((c[0] == ' ' || c[0] == '\t') && c[1] == '-' && isalpha((unsigned char)c[2])) return c + 1;
  return NULL;
}

/* Records key (joined onto the open mapping's prefix) at mark; a repeat of an earlier key (without regard to case,
   like PETSc's option names) is a problem in message. */
static PetscErrorCode DioCaseWalkAddKey(DioCaseWalk *walk, const char path[], const char key[], yaml_mark_t mark,
                                        char message[], size_t size)
{
  const char *parent = walk->frame[walk->depth - 1].option;
  char        option[DIO_CASE_KEY_LEN];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(option, sizeof(option), "%s%s%s", parent, parent[0] ? "_" : "", key));
  PetscCall(PetscStrncpy(walk->frame[walk->depth - 1].last_key, option, DIO_CASE_KEY_LEN));
  for (size_t k = 0; k < walk->num_keys; k++) {
    if (strcasecmp(walk->keys[k].option, option)) continue;
    PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: key '%s' (-%s) repeats line %zu: each key once (PETSc would keep the last)", path, mark.line + 1,
                            mark.column + 1, key, option, walk->keys[k].line));
    PetscFunctionReturn(0);
  }
  if (walk->num_keys == walk->max_keys) {
    walk->max_keys = walk->max_keys ? 2 * walk->max_keys : 64;
    PetscCall(PetscRealloc(walk->max_keys * sizeof(DioCaseKey), &walk->keys));
  }
  PetscCall(PetscStrncpy(walk->keys[walk->num_keys].option, option, DIO_CASE_KEY_LEN));
  walk->keys[walk->num_keys].line   = mark.line + 1;
  walk->keys[walk->num_keys].column = mark.column + 1;
  walk->num_keys++;
  PetscFunctionReturn(0);
}

/* Takes one event of the walk; a case file that is not one mapping of options gives a problem in message. */
static PetscErrorCode DioCaseWalkEvent(DioCaseWalk *walk, const char path[], const yaml_event_t *event, char message[], size_t size)
{
  const size_t line = event->start_mark.line + 1, column = event->start_mark.column + 1;
  const int    depth = walk->depth;

  PetscFunctionBegin;
  if (event->type == YAML_DOCUMENT_START_EVENT) {
    if (++walk->documents > 1)
      PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: a second YAML document ('---'): a case file holds one (run the cases one by one)", path, line, column));
    PetscFunctionReturn(0);
  }
  if (event->type == YAML_ALIAS_EVENT) {
    PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: YAML aliases (*name, <<) are not supported: write the keys out", path, line, column));
    PetscFunctionReturn(0);
  }
  if ((event->type == YAML_SCALAR_EVENT && event->data.scalar.tag != NULL && !event->data.scalar.plain_implicit && !event->data.scalar.quoted_implicit) ||
      (event->type == YAML_MAPPING_START_EVENT && event->data.mapping_start.tag != NULL && !event->data.mapping_start.implicit) ||
      (event->type == YAML_SEQUENCE_START_EVENT && event->data.sequence_start.tag != NULL && !event->data.sequence_start.implicit)) {
    PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: YAML tags (!name, !include) are not supported", path, line, column));
    PetscFunctionReturn(0);
  }
  if (event->type != YAML_SCALAR_EVENT && event->type != YAML_MAPPING_START_EVENT && event->type != YAML_SEQUENCE_START_EVENT &&
      event->type != YAML_MAPPING_END_EVENT && event->type != YAML_SEQUENCE_END_EVENT)
    PetscFunctionReturn(0);
  if (depth == 0) { /* the document's root */
    if (event->type == YAML_MAPPING_START_EVENT) {
      walk->frame[0].is_list = walk->frame[0].want_value = PETSC_FALSE;
      walk->frame[0].items                                 = 0;
      walk->frame[0].option[0]                             = '\0';
      walk->depth                                          = 1;
    } else if (event->type == YAML_SCALAR_EVENT && DioCaseIsEmptyScalar(event)) {
      /* an empty document ('---' alone): found empty at the end */
    } else {
      PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: the top level is %s: a case file is a mapping of keys (mesh: {refine: 1}, loads: ...)", path, line,
                              column, DioCaseEventName(event->type)));
    }
    PetscFunctionReturn(0);
  }
  if (event->type == YAML_MAPPING_END_EVENT || event->type == YAML_SEQUENCE_END_EVENT) {
    const PetscBool empty = (PetscBool)(walk->frame[depth - 1].items == 0);

    walk->depth--;
    if (empty && depth > 1)
      PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: -%s is empty: give a value or remove the key", path, line, column, walk->frame[depth - 1].option));
    PetscFunctionReturn(0);
  }
  if (walk->frame[depth - 1].is_list) { /* an item of a list: values only (output_times: [1, 2, 5]) */
    if (event->type != YAML_SCALAR_EVENT) {
      PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: -%s: a list may hold values only, not %s", path, line, column, walk->frame[depth - 1].option,
                              DioCaseEventName(event->type)));
    } else if (DioCaseIsEmptyScalar(event)) {
      PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: -%s: empty item in the list", path, line, column, walk->frame[depth - 1].option));
    }
    walk->frame[depth - 1].items++;
    PetscFunctionReturn(0);
  }
  if (!walk->frame[depth - 1].want_value) { /* a key */
    const char *key = (const char *)(event->type == YAML_SCALAR_EVENT ? event->data.scalar.value : NULL);
    PetscBool   name_ok = (PetscBool)(key != NULL && isalpha((unsigned char)key[0]));

    for (const char *c = key; name_ok && *c; c++) name_ok = (PetscBool)(isalnum((unsigned char)*c) || *c == '_');
    if (!name_ok) {
      PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: key '%s' is not an option name (a letter, then letters, digits and '_')", path, line, column,
                              key != NULL ? key : DioCaseEventName(event->type)));
      PetscFunctionReturn(0);
    }
    PetscCall(DioCaseWalkAddKey(walk, path, key, event->start_mark, message, size));
    walk->frame[depth - 1].want_value = PETSC_TRUE;
    walk->frame[depth - 1].items++;
    PetscFunctionReturn(0);
  }
  /* the value of the mapping's last key */
  walk->frame[depth - 1].want_value = PETSC_FALSE;
  if (event->type == YAML_SCALAR_EVENT) {
    const char *option_inside = DioCaseOptionInValue((const char *)event->data.scalar.value);

    if (DioCaseIsEmptyScalar(event)) {
      PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: -%s has no value", path, line, column, walk->frame[depth - 1].last_key));
    } else if (option_inside != NULL) {
      PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: -%s = %s: an option inside a value (one value per key; '%s' belongs on a line of its own)", path, line,
                              column, walk->frame[depth - 1].last_key, (const char *)event->data.scalar.value, option_inside));
    }
    PetscFunctionReturn(0);
  }
  if (depth == DIO_CASE_MAX_DEPTH) {
    PetscCall(PetscSNPrintf(message, size, "%s:%zu:%zu: keys nested deeper than %d levels", path, line, column, DIO_CASE_MAX_DEPTH));
    PetscFunctionReturn(0);
  }
  walk->frame[depth].is_list    = (PetscBool)(event->type == YAML_SEQUENCE_START_EVENT);
  walk->frame[depth].want_value = PETSC_FALSE;
  walk->frame[depth].items      = 0;
  PetscCall(PetscStrncpy(walk->frame[depth].option, walk->frame[depth - 1].last_key, DIO_CASE_KEY_LEN));
  walk->depth++;
  PetscFunctionReturn(0);
}

/* Reads path with libyaml, event by event, keeping only the keys (in walk, with their lines). Runs on rank 0 only, so
   it reports instead of raising: *verdict, and in message the reason (strerror) or the one-line
   "path:LINE:COLUMN: problem". A file without a key (empty, comments only) is malformed: nothing would be set. */
static PetscErrorCode DioCaseRead(const char path[], DioCaseWalk *walk, int *verdict, char message[], size_t size)
{
  FILE         *file;
  yaml_parser_t parser;
  yaml_event_t  event;
  PetscBool     done = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(walk, sizeof(*walk)));
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
  while (!done && !message[0]) {
    if (!yaml_parser_parse(&parser, &event)) {
      const char *problem = parser.problem != NULL ? parser.problem : "malformed YAML";

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
    PetscCall(DioCaseWalkEvent(walk, path, &event, message, size));
    done = (PetscBool)(event.type == YAML_STREAM_END_EVENT);
    yaml_event_delete(&event);
  }
  yaml_parser_delete(&parser);
  (void)fclose(file);
  if (!message[0] && walk->num_keys == 0)
    PetscCall(PetscSNPrintf(message, size, "%s: no keys (an empty or comment-only case file): nothing to run; see examples/bering/*.yaml", path));
  if (message[0]) *verdict = DIO_CASE_MALFORMED;
  PetscFunctionReturn(0);
}

/*@
  DioCaseLoadWithArgs: inserts the YAML case file at path into PETSc's global options database, then inserts the
  command-line arguments argv[1 .. argc-1] again, so that the command line wins over the case file.

  Collective on comm. Rank 0 reads the file with libyaml first and broadcasts the verdict, so every rank raises the
  same error: a missing file is PETSC_ERR_FILE_OPEN ("cannot open case file 'x.yaml': ..."); malformed YAML, and a
  file that is not one mapping of options, is PETSC_ERR_USER_INPUT with a one-line "x.yaml:LINE:COLUMN: problem"
  (1-based): a repeated key or section, a second document, an empty value, a top level that is not a mapping, a key
  that is not an option name, a value holding an option ("500 -mesh_refine 3"), aliases and tags, no key at all.
  Nested keys become options joined with '_': materials: {granite: {youngs_modulus: 3e10}} is
  -materials_granite_youngs_modulus 3e10.
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
  if (rank == 0) {
    DioCaseWalk walk;

    PetscCall(DioCaseRead(path, &walk, &verdict, message, sizeof(message)));
    PetscCall(PetscFree(walk.keys));
  }
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

/*@
  DioCaseOptionSource: where the option name (without '-') was set, for a message: "command line" when it is among
  the arguments given to PetscInitialize() (they win), else "case_file:LINE" (the line of its key), else case_file.
  case_file may be NULL (no case file: "command line"). Not collective: reads the case file again, so call it on the
  rank that prints, after DioCaseLoad() accepted the file.
@*/
PetscErrorCode DioCaseOptionSource(const char case_file[], const char name[], char source[], size_t size)
{
  int         argc = 0, verdict;
  char      **argv = NULL, message[PETSC_MAX_PATH_LEN + 512];
  DioCaseWalk walk;

  PetscFunctionBegin;
  PetscCall(PetscStrncpy(source, "command line", size));
  if (case_file == NULL) PetscFunctionReturn(0);
  PetscCall(PetscGetArgs(&argc, &argv));
  for (int i = 1; i < argc; i++)
    if (argv[i][0] == '-' && !strcasecmp(argv[i] + 1, name)) PetscFunctionReturn(0);
  PetscCall(PetscStrncpy(source, case_file, size));
  PetscCall(DioCaseRead(case_file, &walk, &verdict, message, sizeof(message)));
  for (size_t k = 0; k < walk.num_keys; k++)
    if (!strcasecmp(walk.keys[k].option, name)) PetscCall(PetscSNPrintf(source, size, "%s:%zu", case_file, walk.keys[k].line));
  PetscCall(PetscFree(walk.keys));
  PetscFunctionReturn(0);
}
