/* SPDX-License-Identifier: BSD-2-Clause
   test_io_numeric_table.c: io/numeric_table.c, the reader of CSV files of named numeric columns.
   Requirement: a byte-order mark, CRLF, '#' comments, blank lines and blanks around fields are read past; the header is
   matched without regard to case, an optional column may be absent (present[] and the width say so); rows come back
   in the file's order with their 1-based lines, the numbers exactly as strtod reads them (an underflow kept). Bad input
   is one line "key: path:LINE: ..." naming the column: a cut or long row, text, '', nan, inf, 1e400, a header cut
   short, one name too many, a wrong name (with the optional name it could also have been), no header, an empty file,
   a header only, a line over 1024 characters; a missing file is PETSC_ERR_FILE_OPEN. Runs on 1 rank and, as
   mpi.test_io_numeric_table, on 2 (rank 0 reads, every rank gets the rows or raises the same error). */
#include <petscsys.h>
#include <check.h>
#include <string.h>
#include "dio_io.h"

#include "test_helpers.h"

static const char suite_name[] = "io_numeric_table";

/* x, y, optional z, then the value */
static const DioNumericColumn PointColumns[4] = {
    {"x", PETSC_FALSE}, {"y", PETSC_FALSE}, {"z", PETSC_TRUE}, {"value", PETSC_FALSE}};

START_TEST(test_numeric_table_rows)
{
  char       path[PETSC_MAX_PATH_LEN];
  PetscBool  present[4];
  PetscInt   width, num_rows, *lines;
  PetscReal *rows;

  DioTestWriteFile(suite_name, "plane.csv",
                   "\xEF\xBB\xBF# exported\r\n X , Y,Value\r\n\r\n0.5,-1e-400,3\r\n  # gap\n1, 2 ,-0.25", path,
                   sizeof(path));
  CK_PETSC(DioNumericTableRead(PETSC_COMM_WORLD, "-test_file", path, 4, PointColumns, present, &width, &num_rows, &rows,
                               &lines));
  ck_assert_int_eq(width, 3);
  ck_assert_int_eq(num_rows, 2);
  ck_assert(present[0] && present[1] && !present[2] && present[3]);
  ck_assert(rows[0] == 0.5 && rows[1] == 0.0 && rows[2] == 3.0 && rows[3] == 1.0 && rows[4] == 2.0 && rows[5] == -0.25);
  ck_assert_int_eq(lines[0], 4);
  ck_assert_int_eq(lines[1], 6);
  CK_PETSC(PetscFree(rows));
  CK_PETSC(PetscFree(lines));
  DioTestWriteFile(suite_name, "space.csv", "x,y,z,value\n1,2,3,0.1\n", path, sizeof(path));
  CK_PETSC(DioNumericTableRead(PETSC_COMM_WORLD, NULL, path, 4, PointColumns, present, &width, &num_rows, &rows, NULL));
  ck_assert_int_eq(width, 4);
  ck_assert_int_eq(num_rows, 1);
  ck_assert(present[2]);
  ck_assert(rows[0] == 1.0 && rows[1] == 2.0 && rows[2] == 3.0 && rows[3] == 0.1);
  CK_PETSC(PetscFree(rows));
}
END_TEST

/* The contents must be refused with PETSC_ERR_USER_INPUT and a message containing "-test_file: <path><fragment>". */
static void ExpectError(const char name[], const char contents[], const char fragment[])
{
  char       path[PETSC_MAX_PATH_LEN], expected[PETSC_MAX_PATH_LEN + 256];
  PetscInt   width, num_rows;
  PetscReal *rows = NULL;

  DioTestWriteFile(suite_name, name, contents, path, sizeof(path));
  CK_PETSC(PetscSNPrintf(expected, sizeof(expected), "-test_file: %s%s", path, fragment));
  CK_PETSC_ERROR(
      DioNumericTableRead(PETSC_COMM_WORLD, "-test_file", path, 4, PointColumns, NULL, &width, &num_rows, &rows, NULL),
      PETSC_ERR_USER_INPUT, expected);
  ck_assert_ptr_null(rows);
}

START_TEST(test_numeric_table_errors)
{
  static const char *const cases[][3] = {
      /* file, contents, what the message says after the file's name */
      {"cut.csv", "x,y,value\n0,0,1\n1,0\n", ":3: 2 fields: expected 3 (x,y,value)"},
      {"long.csv", "x,y,z,value\n0,0,0,1,2\n", ":2: 5 fields: expected 4 (x,y,z,value)"},
      {"text.csv", "x,y,value\n0,0,warm\n", ":2: column 3 (value): 'warm' is not a number"},
      {"blank.csv", "x,y,value\n0,,1\n", ":2: column 2 (y): '' is not a number"},
      {"nan.csv", "x,y,value\n0,0,NaN\n", ":2: column 3 (value): 'NaN' is not a finite number"},
      {"inf.csv", "x,y,value\n-inf,0,1\n", ":2: column 1 (x): '-inf' is not a finite number"},
      {"overflow.csv", "x,y,value\r\n0,1e400,1\r\n", ":2: column 2 (y): '1e400' is not a finite number"},
      {"short_head.csv", "x,y\n0,0\n", ":1: header column 3 is missing, expected 'z' or 'value'"},
      {"long_head.csv", "x,y,z,value,unit\n",
       ":1: header column 5 is 'unit', one too many (the header is x,y[,z],value)"},
      {"wrong_head.csv", "x,y,T\n0,0,1\n", ":1: header column 3 is 'T', expected 'z' or 'value'"},
      {"no_head.csv", "# data\n0,0,1\n",
       ":2: header column 1 is '0', expected 'x' (the header is x,y[,z],value; is the header row missing?)"},
      {"empty.csv", "", ": no header row (x,y[,z],value)"},
      {"head_only.csv", "\xEF\xBB\xBFx,y,value\r\n\r\n", ": no rows after the header (x,y[,z],value)"},
  };
  char       line[1100];
  PetscInt   width, num_rows;
  PetscReal *rows = NULL;

  for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) ExpectError(cases[c][0], cases[c][1], cases[c][2]);
  memset(line, '1', sizeof(line) - 1);
  line[sizeof(line) - 1] = '\0';
  ExpectError("line.csv", line, ":1: line longer than 1024 characters");
  CK_PETSC_ERROR(DioNumericTableRead(PETSC_COMM_WORLD, "-test_file", "no_such_table.csv", 4, PointColumns, NULL, &width,
                                     &num_rows, &rows, NULL),
                 PETSC_ERR_FILE_OPEN, "-test_file: cannot read 'no_such_table.csv': No such file or directory");
}
END_TEST

int main(int argc, char **argv)
{
  const TTest *const tests[] = {test_numeric_table_rows, test_numeric_table_errors};
  Suite             *suite   = suite_create(suite_name);

  DioTestAddCase(suite, "numeric_table", tests, sizeof(tests) / sizeof(tests[0]), 0);
  return DioTestMain(&argc, &argv, suite);
}
