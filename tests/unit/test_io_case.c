/* SPDX-License-Identifier: BSD-2-Clause
   test_io_case.c: io/case.c, the YAML case file.
   Requirement: nested keys become '_'-joined options; malformed YAML fails with "file:LINE:COLUMN: problem" (libyaml's
   position of the problem, 1-based), and so does YAML that is not one mapping of options (a repeated key or section,
   also across spellings, a second document, an empty value, a top level that is not a mapping, no key at all, an
   option inside a value, a key that is no option name, aliases and tags); a missing file fails naming it; the command line wins over the case file
   (STYLE.md 2.8). Run as unit.test_io_case, unit.test_io_case_command_line (with -io_test_command_line
   from_command_line on its command line) and mpi.test_io_case (2 ranks: every rank must raise the same error). */
#include <petscsys.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "dio_io.h"

#include "test_helpers.h"

static void CheckString(const char option[], const char expected[])
{
  char      value[256];
  PetscBool set;

  CK_PETSC(PetscOptionsGetString(NULL, NULL, option, value, sizeof(value), &set));
  ck_assert_msg(set, "option %s is not set", option);
  ck_assert_str_eq(value, expected);
}

START_TEST(test_case_valid)
{
  char      path[PETSC_MAX_PATH_LEN];
  PetscReal modulus, ratio;
  PetscInt  refine;
  PetscBool set;

  DioTestWriteFile("test_io_case", "valid.yaml",
                   "# a diomede case (test_io_case.c)\n"
                   "materials: {granite: {youngs_modulus: 3e10}}\n"
                   "layers:\n"
                   "  sand:\n"
                   "    poissons_ratio: 0.3 # comment after a value\n"
                   "mesh:\n"
                   "  refine: 2\n"
                   "output:\n"
                   "  name: bering\n",
                   path, sizeof(path));
  CK_PETSC(DioCaseLoadWithArgs(PETSC_COMM_WORLD, path, 0, NULL));
  /* Values are decimal literals of the case file read with strtod(): compare exactly */
  CK_PETSC(PetscOptionsGetReal(NULL, NULL, "-materials_granite_youngs_modulus", &modulus, &set));
  ck_assert(set);
  ck_assert(modulus == 3e10);
  CK_PETSC(PetscOptionsGetReal(NULL, NULL, "-layers_sand_poissons_ratio", &ratio, &set));
  ck_assert(set);
  ck_assert(ratio == 0.3);
  CK_PETSC(PetscOptionsGetInt(NULL, NULL, "-mesh_refine", &refine, &set));
  ck_assert(set);
  ck_assert_int_eq(refine, 2);
  CheckString("-output_name", "bering");
}
END_TEST

START_TEST(test_case_malformed)
{
  char path[PETSC_MAX_PATH_LEN], expected[PETSC_MAX_PATH_LEN + 64];

  /* Line 4 is indented by 3, between its parent's 2 and its siblings' 4: libyaml stops at line 4, column 4 */
  DioTestWriteFile("test_io_case", "bad_indent.yaml",
                   "materials:\n"
                   "  granite:\n"
                   "    youngs_modulus: 3e10\n"
                   "   poissons_ratio: 0.25\n",
                   path, sizeof(path));
  CK_PETSC(PetscSNPrintf(expected, sizeof(expected), "%s:4:4: did not find expected key", path));
  CK_PETSC_ERROR(DioCaseLoad(PETSC_COMM_WORLD, path), PETSC_ERR_USER_INPUT, expected);

  /* The flow sequence opened on line 2 never closes: libyaml notices at the first token of line 3 */
  DioTestWriteFile("test_io_case", "unclosed.yaml",
                   "mesh:\n"
                   "  refine: [1, 2\n"
                   "output:\n"
                   "  name: bering\n",
                   path, sizeof(path));
  CK_PETSC(PetscSNPrintf(expected, sizeof(expected), "%s:3:", path));
  CK_PETSC_ERROR(DioCaseLoad(PETSC_COMM_WORLD, path), PETSC_ERR_USER_INPUT, expected);
  CK_PETSC_ERROR(DioCaseLoad(PETSC_COMM_WORLD, path), PETSC_ERR_USER_INPUT,
                 "(while parsing a flow sequence that starts at 2:11)");
}
END_TEST

/* Well-formed YAML that is not one mapping of options: each refused with file:line:column and what is wrong */
START_TEST(test_case_not_options)
{
  const struct {
    const char *name, *text, *fragment;
  } cases[] = {
    {"dup_key.yaml",      "mesh:\n  dim: 2\n  DIM: 3\n",          ":3:3: key 'DIM' (-mesh_DIM) repeats line 2"    },
    {"dup_section.yaml",  "mesh:\n  dim: 2\nmesh:\n  refine: 1\n", ":3:1: key 'mesh' (-mesh) repeats line 1"      },
    {"dup_joined.yaml",   "mesh_dim: 2\nmesh:\n  dim: 3\n",        ":3:3: key 'dim' (-mesh_dim) repeats line 1"    },
    {"two_docs.yaml",     "mesh_dim: 2\n---\nmesh_dim: 3\n",       ":2:1: a second YAML document"                  },
    {"empty_value.yaml",  "mesh:\n  dim:\n",                       ":2:7: -mesh_dim has no value"                  },
    {"null_value.yaml",   "mesh:\n  dim: ~\n",                     ":2:8: -mesh_dim has no value"                  },
    {"empty_list.yaml",   "output_times: []\n",                    ":1:16: -output_times is empty"                 },
    {"list_top.yaml",     "- mesh_dim: 2\n",                       ":1:1: the top level is a list"                 },
    {"scalar_top.yaml",   "mesh_dim\n",                            ":1:1: the top level is a value"                },
    {"comments.yaml",     "# nothing\n",                           ": no keys (an empty or comment-only case file)"},
    {"empty.yaml",        "",                                      ": no keys (an empty or comment-only case file)"},
    {"option_value.yaml", "mesh_cell_size_x: 500 -mesh_refine 3\n", ":1:19: -mesh_cell_size_x = 500 -mesh_refine 3: an option inside a value"},
    {"bad_key.yaml",      "mesh-dim: 2\n",                         ":1:1: key 'mesh-dim' is not an option name"    },
    {"alias.yaml",        "a: &x 1\nb: *x\n",                      ":2:4: YAML aliases"                            },
    {"tag.yaml",          "a: !include other.yaml\n",              ":1:4: YAML tags"                               },
  };

  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char path[PETSC_MAX_PATH_LEN], expected[PETSC_MAX_PATH_LEN + 128];

    DioTestWriteFile("test_io_case", cases[i].name, cases[i].text, path, sizeof(path));
    CK_PETSC(PetscSNPrintf(expected, sizeof(expected), "%s%s", path, cases[i].fragment));
    CK_PETSC_ERROR(DioCaseLoad(PETSC_COMM_WORLD, path), PETSC_ERR_USER_INPUT, expected);
  }
}
END_TEST

START_TEST(test_case_missing)
{
  CK_PETSC_ERROR(DioCaseLoad(PETSC_COMM_WORLD, "test_io_case.d/no_such_case.yaml"), PETSC_ERR_FILE_OPEN,
                 "cannot open case file 'test_io_case.d/no_such_case.yaml'");
}
END_TEST

START_TEST(test_case_precedence)
{
  char  path[PETSC_MAX_PATH_LEN];
  char  program[] = "diomede", key[] = "-io_test_precedence", value[] = "from_command_line";
  char *argv[] = {program, key, value, NULL};

  DioTestWriteFile("test_io_case", "precedence.yaml", "io_test:\n  precedence: from_case\n  case_only: kept\n", path,
                   sizeof(path));

  /* PetscInitialize() has put the command line in the database; a case file inserted after it would win ... */
  CK_PETSC(PetscOptionsSetValue(NULL, key, value));
  CK_PETSC(DioCaseLoadWithArgs(PETSC_COMM_WORLD, path, 1, argv));
  CheckString(key, "from_case");

  /* ... unless the command line is inserted again after it, as DioCaseLoadWithArgs() does with its arguments */
  CK_PETSC(PetscOptionsSetValue(NULL, key, value));
  CK_PETSC(DioCaseLoadWithArgs(PETSC_COMM_WORLD, path, 3, argv));
  CheckString(key, "from_command_line");
  CheckString("-io_test_case_only", "kept");
}
END_TEST

/* DioCaseLoad() takes the arguments from PetscInitialize(): unit.test_io_case_command_line passes
   "-io_test_command_line from_command_line", which must win over the case file's value. */
START_TEST(test_case_precedence_real_command_line)
{
  char      path[PETSC_MAX_PATH_LEN];
  int       argc;
  char    **argv;
  PetscBool on_command_line = PETSC_FALSE;

  CK_PETSC(PetscGetArgs(&argc, &argv));
  for (int i = 1; i < argc; i++)
    on_command_line = (PetscBool)(on_command_line || !strcmp(argv[i], "-io_test_command_line"));
  DioTestWriteFile("test_io_case", "command_line.yaml", "io_test:\n  command_line: from_case\n", path, sizeof(path));
  CK_PETSC(DioCaseLoad(PETSC_COMM_WORLD, path));
  CheckString("-io_test_command_line", on_command_line ? "from_command_line" : "from_case");
}
END_TEST

int main(int argc, char **argv)
{
  const TTest *const tests[] = {test_case_valid, test_case_malformed, test_case_not_options, test_case_missing, test_case_precedence,
                                test_case_precedence_real_command_line};
  Suite             *suite   = suite_create("io_case");

  DioTestAddCase(suite, "case", tests, sizeof(tests) / sizeof(tests[0]), 0);
  return DioTestMain(&argc, &argv, suite);
}
