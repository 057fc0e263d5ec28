/* SPDX-License-Identifier: BSD-2-Clause
   test_io_table.c: io/table.c, the long-format CSV tables (data/materials.csv).
   Requirement: quoted fields (commas, "" quotes) and a byte-order mark parse; numbers are found, text values are kept
   as text and are an error when asked for as a number; a missing file, a header without layer,parameter,value, a row
   shorter or longer than the header, a value that is not a finite number ('nan', '1e400', '2650 kg/m3', ''), an
   unterminated quote and a repeated pair are errors that name the source and line. Reference values: the literal table in this file and the rows of data/materials.csv quoted in
   comments. Runs on 1 rank and, as mpi.test_io_table, on 2 (rank 0 reads, every rank parses). */
#include <petscsys.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "dio_io.h"

#include "test_helpers.h"

/* The shapes found in data/materials.csv, plus the corner cases of the format. */
static const char embedded_table[] =
    "\xEF\xBB\xBF# a byte-order mark first (spreadsheets write one); a comment line, with a comma and a \"quote\n"
    "\n"
    "Layer,Parameter,Value,unit,source\n"
    "seawater,density,1025,kg/m3,\"standard seawater at S~32-33 psu, T~0 degC\"\n"
    "seabed_sediment,description,\"strait floor: gravel lag, relict sand\",-,\"Nelson & Hopkins 1972\"\n"
    "  # an indented comment\n"
    "granite,\"youngs_modulus\",3e+10,Pa,\"quoted \"\"inner\"\" quotes, commas\"\r\n"
    "granite,poisson_ratio, 0.25 ,-,\n"
    "granite,\"odd, parameter\",-1.5e-3,,\n"
    "last_row,without_newline,7,,";

START_TEST(test_table_embedded)
{
  DioTable    table;
  PetscReal   value;
  PetscBool   found;
  const char *text, *source;

  CK_PETSC(DioTableCreateFromString(PETSC_COMM_WORLD, "embedded.csv", embedded_table, &table));
  CK_PETSC(DioTableGetSource(table, &source));
  ck_assert_str_eq(source, "embedded.csv");

  /* Values are decimal literals of the table: strtod() gives the nearest double, so compare exactly */
  CK_PETSC(DioTableGetReal(table, "seawater", "density", &value, &found));
  ck_assert(found);
  ck_assert(value == 1025.0);
  CK_PETSC(DioTableGetReal(table, "granite", "youngs_modulus", &value, &found));
  ck_assert(found);
  ck_assert(value == 3e10);
  CK_PETSC(DioTableGetReal(table, "granite", "poisson_ratio", &value, &found));
  ck_assert(found);
  ck_assert(value == 0.25);
  CK_PETSC(DioTableGetReal(table, "granite", "odd, parameter", &value, &found));
  ck_assert(found);
  ck_assert(value == -1.5e-3);
  CK_PETSC(DioTableGetReal(table, "last_row", "without_newline", &value, &found));
  ck_assert(found);
  ck_assert(value == 7.0);
  /* Names compare without regard to case, as PETSc option names do */
  CK_PETSC(DioTableGetReal(table, "GRANITE", "Youngs_Modulus", &value, &found));
  ck_assert(found);
  ck_assert(value == 3e10);

  /* Absent pairs are not found, value stays untouched; a text value asked for as a number is an error naming its line */
  value = -42.0;
  CK_PETSC(DioTableGetReal(table, "granite", "density", &value, &found));
  ck_assert(!found);
  CK_PETSC(DioTableGetReal(table, "basalt", "density", &value, &found));
  ck_assert(!found);
  ck_assert(value == -42.0);
  CK_PETSC_ERROR(DioTableGetReal(table, "seabed_sediment", "description", &value, &found), PETSC_ERR_USER_INPUT,
                 "embedded.csv:5: column 3 (value) of seabed_sediment,description: 'strait floor: gravel lag, relict sand' is not a number");

  CK_PETSC(DioTableGetString(table, "seabed_sediment", "description", &text, &found));
  ck_assert(found);
  ck_assert_str_eq(text, "strait floor: gravel lag, relict sand");
  CK_PETSC(DioTableGetString(table, "granite", "missing", &text, &found));
  ck_assert(!found);
  ck_assert_ptr_null(text);

  CK_PETSC(DioTableDestroy(&table));
  ck_assert_ptr_null(table);
  CK_PETSC(DioTableDestroy(&table)); /* NULL: nothing to do */
}
END_TEST

START_TEST(test_table_materials_file)
{
  DioTable    table;
  PetscReal   value;
  PetscBool   found;
  const char *text, *source;

  CK_PETSC(DioTableCreateFromFile(PETSC_COMM_WORLD, DIO_DATA_DIR "/materials.csv", &table));
  CK_PETSC(DioTableGetSource(table, &source));
  ck_assert_str_eq(source, DIO_DATA_DIR "/materials.csv");
  /* "seawater,density,1025,kg/m3,..." */
  CK_PETSC(DioTableGetReal(table, "seawater", "density", &value, &found));
  ck_assert(found);
  ck_assert(value == 1025.0);
  /* "seabed_sediment,youngs_modulus,5e+07,Pa,..." */
  CK_PETSC(DioTableGetReal(table, "seabed_sediment", "youngs_modulus", &value, &found));
  ck_assert(found);
  ck_assert(value == 5e7);
  /* "seabed_sediment,frozen_ucs_sigma1,2.8e+06,Pa,...,\"sigma_c = sigma1*theta^m (theta in K), short-term ...\"" */
  CK_PETSC(DioTableGetReal(table, "seabed_sediment", "frozen_ucs_sigma1", &value, &found));
  ck_assert(found);
  ck_assert(value == 2.8e6);
  /* "seabed_sediment,description,\"strait floor: gravel lag over relict sand/silt, unfrozen, ...\"" */
  CK_PETSC(DioTableGetString(table, "seabed_sediment", "description", &text, &found));
  ck_assert(found);
  ck_assert_ptr_nonnull(strstr(text, "strait floor: gravel lag over relict sand/silt, unfrozen"));
  CK_PETSC(DioTableDestroy(&table));
}
END_TEST

START_TEST(test_table_errors)
{
  DioTable table = NULL;

  CK_PETSC_ERROR(DioTableCreateFromFile(PETSC_COMM_WORLD, DIO_TEST_DATA_DIR "/io_no_such_table.csv", &table),
                 PETSC_ERR_FILE_OPEN, "cannot read table '" DIO_TEST_DATA_DIR "/io_no_such_table.csv'");
  ck_assert_ptr_null(table);
  /* tests/data/io_table_short_row.csv: line 4 is "granite,density" */
  CK_PETSC_ERROR(DioTableCreateFromFile(PETSC_COMM_WORLD, DIO_TEST_DATA_DIR "/io_table_short_row.csv", &table),
                 PETSC_ERR_USER_INPUT, DIO_TEST_DATA_DIR "/io_table_short_row.csv:4: 2 fields: expected at least 3");
  ck_assert_ptr_null(table);
  CK_PETSC_ERROR(DioTableCreateFromString(PETSC_COMM_WORLD, "quote.csv",
                                          "layer,parameter,value\ngranite,density,2650\ngranite,source,\"open\n",
                                          &table),
                 PETSC_ERR_USER_INPUT, "quote.csv:3: unterminated quote");
  CK_PETSC_ERROR(DioTableCreateFromString(PETSC_COMM_WORLD, "repeat.csv",
                                          "layer,parameter,value\ngranite,density,2650\n\nGranite,Density,2700\n",
                                          &table),
                 PETSC_ERR_USER_INPUT, "repeat.csv:4: 'Granite,Density' repeats line 2");
  CK_PETSC_ERROR(DioTableCreateFromString(PETSC_COMM_WORLD, "after_quote.csv",
                                          "layer,parameter,value\ngranite,\"density\"x,2650\n", &table),
                 PETSC_ERR_USER_INPUT, "after_quote.csv:2: 'x' after a closing quote");
  CK_PETSC_ERROR(DioTableCreateFromString(PETSC_COMM_WORLD, "empty.csv", "# only a comment\n", &table),
                 PETSC_ERR_USER_INPUT, "empty.csv: no header row");
  /* the header's columns by name (a swapped or missing one is named), rows as long as the header, values numbers */
  CK_PETSC_ERROR(DioTableCreateFromString(PETSC_COMM_WORLD, "swapped.csv", "layer,value,parameter\ngranite,2650,density\n", &table),
                 PETSC_ERR_USER_INPUT, "swapped.csv:1: header column 2 is 'value', expected 'parameter'");
  CK_PETSC_ERROR(DioTableCreateFromString(PETSC_COMM_WORLD, "no_header.csv", "granite,density,2650\n", &table), PETSC_ERR_USER_INPUT,
                 "no_header.csv:1: header column 1 is 'granite', expected 'layer' (the header starts layer,parameter,value; is the header row missing?)");
  CK_PETSC_ERROR(DioTableCreateFromString(PETSC_COMM_WORLD, "long_row.csv", "layer,parameter,value,unit\ngranite,density,2650,kg/m3,extra\n", &table),
                 PETSC_ERR_USER_INPUT, "long_row.csv:2: 5 fields, the header has 4");
  CK_PETSC_ERROR(DioTableCreateFromString(PETSC_COMM_WORLD, "nan.csv", "layer,parameter,value\ngranite,density,nan\n", &table), PETSC_ERR_USER_INPUT,
                 "nan.csv:2: column 3 (value): 'nan' is not a finite number");
  CK_PETSC_ERROR(DioTableCreateFromString(PETSC_COMM_WORLD, "overflow.csv", "layer,parameter,value\ngranite,density,1e400\n", &table), PETSC_ERR_USER_INPUT,
                 "overflow.csv:2: column 3 (value): '1e400' is not a finite number");
  CK_PETSC_ERROR(DioTableCreateFromString(PETSC_COMM_WORLD, "unit.csv", "layer,parameter,value\ngranite,density,2650 kg/m3\n", &table), PETSC_ERR_USER_INPUT,
                 "unit.csv:2: column 3 (value): '2650 kg/m3' is not a number (no unit: the unit column gives it)");
  CK_PETSC_ERROR(DioTableCreateFromString(PETSC_COMM_WORLD, "empty_value.csv", "layer,parameter,value\ngranite,density,\n", &table), PETSC_ERR_USER_INPUT,
                 "empty_value.csv:2: column 3 (value): '' is not a number");
}
END_TEST

int main(int argc, char **argv)
{
  const TTest *const tests[] = {test_table_embedded, test_table_materials_file, test_table_errors};
  Suite             *suite   = suite_create("io_table");

  DioTestAddCase(suite, "table", tests, sizeof(tests) / sizeof(tests[0]), 0);
  return DioTestMain(&argc, &argv, suite);
}
