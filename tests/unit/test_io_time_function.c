/* SPDX-License-Identifier: BSD-2-Clause
   test_io_time_function.c: io/time_function.c, the piecewise-linear time functions of boundary values.
   Requirement: inline pairs and CSV files (header time,factor, '#' comments, blank lines, a byte-order mark, CRLF)
   give the same function; it is linear between its times (exact at them, the mean at a midpoint: the values are
   binary fractions, so compared exactly), held before the first and after the last time; a NULL function is 1. Bad
   input names the source, line and column: a missing file, no or a wrong header, a row with 1 or 3 fields, a value
   that is not a finite number ('', 'abc', 'nan', '1e400'), a time not after the one before, no rows; inline: an odd
   count, non-finite values, times not increasing, an entry that is no number; "none" is no table. Runs on 1 rank and, as mpi.test_io_time_function, on 2 (rank 0
   reads, every rank raises the same error). */
#include <petscsys.h>
#include <check.h>
#include <math.h>
#include <string.h>
#include "dio_io.h"

#include "test_helpers.h"

static const char suite_name[] = "io_time_function";

/* t = 0, 10, 30 s: factors 0, 1, -0.5 */
static void CheckRamp(DioTimeFunction tf)
{
  const PetscReal at[]       = {-5.0, 0.0, 2.5, 10.0, 20.0, 30.0, 1e9};
  const PetscReal expected[] = {0.0, 0.0, 0.25, 1.0, 0.25, -0.5, -0.5};
  PetscReal       first, last;

  for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
    PetscReal f;
    CK_PETSC(DioTimeFunctionEvaluate(tf, at[k], &f));
    ck_assert_msg(f == expected[k], "f(%g) = %g, expected %g", (double)at[k], (double)f, (double)expected[k]);
  }
  CK_PETSC(DioTimeFunctionGetRange(tf, &first, &last));
  ck_assert(first == 0.0 && last == 30.0);
}

START_TEST(test_time_function_inline_and_file)
{
  const PetscReal pairs[] = {0, 0, 10, 1, 30, -0.5};
  DioTimeFunction tf      = NULL;
  PetscReal       f;
  char            path[PETSC_MAX_PATH_LEN];
  const char     *source;

  CK_PETSC(DioTimeFunctionCreateFromPairs(PETSC_COMM_WORLD, "-boundaries_top_time_function", 6, pairs, &tf));
  CheckRamp(tf);
  CK_PETSC(DioTimeFunctionGetSource(tf, &source));
  ck_assert_str_eq(source, "-boundaries_top_time_function");
  CK_PETSC(DioTimeFunctionDestroy(&tf));
  ck_assert_ptr_null(tf);
  CK_PETSC(DioTimeFunctionDestroy(&tf)); /* nothing on NULL */
  DioTestWriteFile(suite_name, "ramp.csv",
                   "\xEF\xBB\xBF# a load ramp\r\nTime , Factor\r\n\r\n0,0\r\n  # held at 1\n10, 1\n30,-0.5", path,
                   sizeof(path));
  CK_PETSC(DioTimeFunctionCreateFromFile(PETSC_COMM_WORLD, NULL, path, &tf));
  CheckRamp(tf);
  CK_PETSC(DioTimeFunctionDestroy(&tf));
  /* one point is a constant */
  DioTestWriteFile(suite_name, "one.csv", "time,factor\n5,2\n", path, sizeof(path));
  CK_PETSC(DioTimeFunctionCreateFromFile(PETSC_COMM_WORLD, NULL, path, &tf));
  CK_PETSC(DioTimeFunctionEvaluate(tf, 0.0, &f));
  ck_assert(f == 2.0);
  CK_PETSC(DioTimeFunctionDestroy(&tf));
  CK_PETSC(DioTimeFunctionEvaluate(NULL, 3.0, &f));
  ck_assert(f == 1.0);
}
END_TEST

/* The CSV contents must be refused with an error containing "-test_file: <path>:<fragment>" (the key first). */
static void ExpectFileError(const char name[], const char contents[], const char fragment[])
{
  DioTimeFunction tf = NULL;
  char            path[PETSC_MAX_PATH_LEN], expected[PETSC_MAX_PATH_LEN + 256];

  DioTestWriteFile(suite_name, name, contents, path, sizeof(path));
  CK_PETSC(PetscSNPrintf(expected, sizeof(expected), "-test_file: %s%s", path, fragment));
  CK_PETSC_ERROR(DioTimeFunctionCreateFromFile(PETSC_COMM_WORLD, "-test_file", path, &tf), PETSC_ERR_USER_INPUT,
                 expected);
  ck_assert_ptr_null(tf);
}

START_TEST(test_time_function_errors)
{
  static const char *const fuzzed[][3] = {
    /* an empty file, a header cut short or too long or not comma-separated, a row cut short, infinity; CRLF and a BOM */
    {"empty_file.csv",  "",                                         ": no header row (time,factor)"                                                 },
    {"one_name.csv",    "time\n0\n",                                ":1: header column 2 is missing, expected 'factor' (the header is time,factor)"},
    {"three_names.csv", "time,factor,unit\n0,0,1\n",                ":1: header column 3 is 'unit', one too many"                                  },
    {"semicolon.csv",   "time;factor\n0;0\n",                       ":1: header column 1 is 'time;factor', expected 'time'"                        },
    {"cut.csv",         "time,factor\r\n0,0\r\n10",                   ":3: 1 field: expected 2 (time,factor)"                                        },
    {"inf.csv",         "\xEF\xBB\xBFtime,factor\r\n0,-inf\r\n",          ":2: column 2 (factor): '-inf' is not a finite number"                         },
  };
  const PetscReal odd[] = {0, 0, 10}, back[] = {0, 0, 10, 1, 10, 2}, bad[] = {0, 0, 10, (PetscReal)INFINITY};
  DioTimeFunction tf = NULL;

  CK_PETSC_ERROR(DioTimeFunctionCreateFromFile(PETSC_COMM_WORLD, "-test_file", "no_such_ramp.csv", &tf),
                 PETSC_ERR_FILE_OPEN, "-test_file: cannot read 'no_such_ramp.csv': No such file or directory");
  ExpectFileError(
      "no_header.csv", "0,0\n10,1\n",
      ":1: header column 1 is '0', expected 'time' (the header is time,factor; is the header row missing?)");
  ExpectFileError("swapped.csv", "factor,time\n0,0\n", ":1: header column 1 is 'factor', expected 'time'");
  ExpectFileError("short.csv", "time,factor\n0,0\n\n10\n", ":4: 1 field: expected 2 (time,factor)");
  ExpectFileError("long.csv", "time,factor\n0,0,1\n", ":2: 3 fields: expected 2");
  ExpectFileError("empty.csv", "time,factor\n0,\n", ":2: column 2 (factor): '' is not a number");
  ExpectFileError("text.csv", "time,factor\nabc,1\n", ":2: column 1 (time): 'abc' is not a number");
  ExpectFileError("unit.csv", "time,factor\n0,1 MPa\n", ":2: column 2 (factor): '1 MPa' is not a number");
  ExpectFileError("nan.csv", "time,factor\n0,nan\n", ":2: column 2 (factor): 'nan' is not a finite number");
  ExpectFileError("overflow.csv", "time,factor\n1e400,0\n", ":2: column 1 (time): '1e400' is not a finite number");
  ExpectFileError("order.csv", "time,factor\n0,0\n# comment\n10,1\n10,2\n",
                  ":5: column 1 (time): 10 is not after 10 (line 4): times must increase");
  ExpectFileError("rows.csv", "# nothing\ntime,factor\n", ": no rows after the header (time,factor)");
  ExpectFileError("nothing.csv", "# nothing\n", ": no header row (time,factor)");
  for (size_t c = 0; c < sizeof(fuzzed) / sizeof(fuzzed[0]); c++) ExpectFileError(fuzzed[c][0], fuzzed[c][1], fuzzed[c][2]);
  CK_PETSC_ERROR(DioTimeFunctionCreateFromPairs(PETSC_COMM_WORLD, "-b_time_function", 3, odd, &tf),
                 PETSC_ERR_USER_INPUT, "-b_time_function: 3 values: a time function is pairs time (s), factor");
  CK_PETSC_ERROR(DioTimeFunctionCreateFromPairs(PETSC_COMM_WORLD, "-b_time_function", 6, back, &tf),
                 PETSC_ERR_USER_INPUT,
                 "-b_time_function: entry 5 (time 10) is not after entry 3 (time 10): times must increase");
  CK_PETSC_ERROR(DioTimeFunctionCreateFromPairs(PETSC_COMM_WORLD, "-b_time_function", 4, bad, &tf),
                 PETSC_ERR_USER_INPUT, "-b_time_function: entry 4 (factor) is not a finite number");
  ck_assert_ptr_null(tf);
}
END_TEST

START_TEST(test_time_function_options)
{
  DioTimeFunction tf = NULL;
  char            path[PETSC_MAX_PATH_LEN];

  CK_PETSC(DioTimeFunctionCreateFromOptions(PETSC_COMM_WORLD, "-tf_test_unset", "the value", &tf));
  ck_assert_ptr_null(tf);
  CK_PETSC(PetscOptionsSetValue(NULL, "-tf_test_ramp", "0,0,10,1,30,-0.5"));
  CK_PETSC(DioTimeFunctionCreateFromOptions(PETSC_COMM_WORLD, "-tf_test_ramp", "the value", &tf));
  CheckRamp(tf);
  CK_PETSC(DioTimeFunctionDestroy(&tf));
  DioTestWriteFile(suite_name, "options.csv", "time,factor\n0,0\n10,1\n30,-0.5\n", path, sizeof(path));
  CK_PETSC(PetscOptionsSetValue(NULL, "-tf_test_csv_file", path));
  CK_PETSC(DioTimeFunctionCreateFromOptions(PETSC_COMM_WORLD, "-tf_test_csv", "the value", &tf));
  CheckRamp(tf);
  CK_PETSC(DioTimeFunctionDestroy(&tf));
  /* "none" (the default the help shows) is no table; a bad entry is named */
  CK_PETSC(PetscOptionsSetValue(NULL, "-tf_test_none", "none"));
  CK_PETSC(PetscOptionsSetValue(NULL, "-tf_test_none_file", "None"));
  CK_PETSC(DioTimeFunctionCreateFromOptions(PETSC_COMM_WORLD, "-tf_test_none", "the value", &tf));
  ck_assert_ptr_null(tf);
  CK_PETSC(PetscOptionsSetValue(NULL, "-tf_test_bad", "0, 0, 10 s, 1"));
  CK_PETSC_ERROR(DioTimeFunctionCreateFromOptions(PETSC_COMM_WORLD, "-tf_test_bad", "the value", &tf), PETSC_ERR_USER_INPUT,
                 "-tf_test_bad: entry 3 ('10 s') is not a number");
  CK_PETSC(PetscOptionsClearValue(NULL, "-tf_test_none"));
  CK_PETSC(PetscOptionsClearValue(NULL, "-tf_test_none_file"));
  CK_PETSC(PetscOptionsClearValue(NULL, "-tf_test_bad"));
  CK_PETSC(PetscOptionsSetValue(NULL, "-tf_test_ramp_file", path));
  CK_PETSC_ERROR(DioTimeFunctionCreateFromOptions(PETSC_COMM_WORLD, "-tf_test_ramp", "the value", &tf),
                 PETSC_ERR_USER_INPUT,
                 "-tf_test_ramp and -tf_test_ramp_file: give the time function inline or in a file, not both");
  CK_PETSC(PetscOptionsClearValue(NULL, "-tf_test_ramp"));
  CK_PETSC(PetscOptionsClearValue(NULL, "-tf_test_ramp_file"));
  CK_PETSC(PetscOptionsClearValue(NULL, "-tf_test_csv_file"));
}
END_TEST

int main(int argc, char **argv)
{
  const TTest *const tests[] = {test_time_function_inline_and_file, test_time_function_errors,
                                test_time_function_options};
  Suite             *suite   = suite_create(suite_name);

  DioTestAddCase(suite, "time_function", tests, sizeof(tests) / sizeof(tests[0]), 0);
  return DioTestMain(&argc, &argv, suite);
}
