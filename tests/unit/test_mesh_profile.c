/* SPDX-License-Identifier: BSD-2-Clause
   test_mesh_profile.c: the profile parser (mesh/profile.c): the embedded Bering profile, interpolation, and one
   malformed input per check, each giving its error code and a one-line message that names the line or column.
   Expected values are read off data/bering_profile.csv. */
#include <check.h>
#include <string.h>
#include <petscsys.h>
#include "dio_mesh.h"
#include "test_helpers.h"

/* Values in the CSV are given to at most 2 decimals; interpolation adds only round-off. */
#define VALUE_TOL 1e-9

static const char GoodHeader[] =
  "distance_km,surface_elevation_m,sediment_thickness_m,permafrost_base_depth_m,bedrock,flag,note\n";

/* Parses text with the error handler that only returns, so a malformed profile reports without aborting;
   checks the code and that the one-line message contains fragment. */
static void ExpectProfileError(const char text[], PetscErrorCode expected_code, const char fragment[])
{
  DioProfile     profile = NULL;
  PetscErrorCode ierr;
  char          *message = NULL;

  CK_PETSC(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = DioProfileCreateFromString(PETSC_COMM_WORLD, "bad.csv", text, &profile);
  CK_PETSC(PetscPopErrorHandler());
  ck_assert_int_eq(ierr, expected_code);
  ck_assert_ptr_null(profile);
  CK_PETSC(PetscErrorMessage(ierr, NULL, &message));
  ck_assert_ptr_nonnull(message);
  ck_assert_msg(strstr(message, fragment) != NULL, "message '%s' lacks '%s'", message, fragment);
  ck_assert_msg(strchr(message, '\n') == NULL, "message '%s' is not one line", message);
}

/* ExpectProfileError() on GoodHeader followed by rows. */
static void ExpectRowsError(const char rows[], PetscErrorCode expected_code, const char fragment[])
{
  char text[1024];

  CK_PETSC(PetscSNPrintf(text, sizeof(text), "%s%s", GoodHeader, rows));
  ExpectProfileError(text, expected_code, fragment);
}

START_TEST(test_embedded_default)
{
  DioProfile         profile;
  PetscInt           num_points, num_layers;
  PetscReal          x_min, x_max;
  const char        *source;
  const char *const *names;

  CK_PETSC(DioProfileCreateDefault(PETSC_COMM_WORLD, &profile));
  CK_PETSC(DioProfileGetNumPoints(profile, &num_points));
  ck_assert_int_eq(num_points, 79); /* data rows of data/bering_profile.csv */
  CK_PETSC(DioProfileGetRange(profile, &x_min, &x_max));
  ck_assert_double_eq_tol(x_min, -11500.0, VALUE_TOL);
  ck_assert_double_eq_tol(x_max, 96000.0, VALUE_TOL);
  CK_PETSC(DioProfileGetSource(profile, &source));
  ck_assert_str_eq(source, "embedded:bering_profile.csv");
  CK_PETSC(DioProfileGetLayers(profile, &num_layers, &names));
  ck_assert_int_eq(num_layers, 5);
  ck_assert_str_eq(names[DIO_LAYER_SEABED_SEDIMENT], "seabed_sediment");
  ck_assert_str_eq(names[DIO_LAYER_COASTAL_SEDIMENT], "coastal_sediment_onshore");
  ck_assert_str_eq(names[DIO_LAYER_WEATHERED_ROCK], "weathered_rock");
  ck_assert_str_eq(names[3], "granite");
  ck_assert_str_eq(names[4], "metasedimentary_rock");
  CK_PETSC(DioProfileDestroy(&profile));
  ck_assert_ptr_null(profile);
  CK_PETSC(DioProfileDestroy(&profile)); /* NULL handle: nothing to do */
}
END_TEST

START_TEST(test_interpolation)
{
  DioProfile       profile;
  DioProfileSample sample;

  CK_PETSC(DioProfileCreateDefault(PETSC_COMM_WORLD, &profile));
  /* midway between rows -11.50 (3, 15, 60) and -10.50 (20, 8, 120) */
  CK_PETSC(DioProfileSampleAt(profile, -11000.0, &sample));
  ck_assert_double_eq_tol(sample.surface_elevation_m, 11.5, VALUE_TOL);
  ck_assert_double_eq_tol(sample.sediment_thickness_m, 11.5, VALUE_TOL);
  ck_assert_double_eq_tol(sample.permafrost_base_depth_m, 90.0, VALUE_TOL);
  ck_assert_int_eq(sample.bedrock_layer, 3);
  /* rows 1.50 (granite) and 3.00 (metasedimentary_rock): the nearest row decides the bedrock */
  CK_PETSC(DioProfileSampleAt(profile, 2000.0, &sample));
  ck_assert_int_eq(sample.bedrock_layer, 3);
  ck_assert_double_eq_tol(sample.surface_elevation_m, -32.0 + (-38.0 + 32.0) / 3.0, VALUE_TOL);
  CK_PETSC(DioProfileSampleAt(profile, 2500.0, &sample));
  ck_assert_int_eq(sample.bedrock_layer, 4);
  /* at a row exactly: row 39.70 (0, 0, 30) */
  CK_PETSC(DioProfileSampleAt(profile, 39700.0, &sample));
  ck_assert_double_eq_tol(sample.surface_elevation_m, 0.0, VALUE_TOL);
  ck_assert_double_eq_tol(sample.permafrost_base_depth_m, 30.0, VALUE_TOL);
  /* outside the range the end rows hold: -11.50 (3, 15, 60, granite), 96.00 (15, 25, 180, metasedimentary_rock) */
  CK_PETSC(DioProfileSampleAt(profile, -50000.0, &sample));
  ck_assert_double_eq_tol(sample.surface_elevation_m, 3.0, VALUE_TOL);
  ck_assert_double_eq_tol(sample.sediment_thickness_m, 15.0, VALUE_TOL);
  ck_assert_double_eq_tol(sample.permafrost_base_depth_m, 60.0, VALUE_TOL);
  ck_assert_int_eq(sample.bedrock_layer, 3);
  CK_PETSC(DioProfileSampleAt(profile, 1.0e6, &sample));
  ck_assert_double_eq_tol(sample.surface_elevation_m, 15.0, VALUE_TOL);
  ck_assert_double_eq_tol(sample.sediment_thickness_m, 25.0, VALUE_TOL);
  ck_assert_double_eq_tol(sample.permafrost_base_depth_m, 180.0, VALUE_TOL);
  ck_assert_int_eq(sample.bedrock_layer, 4);
  CK_PETSC(DioProfileDestroy(&profile));
}
END_TEST

START_TEST(test_quoted_note_and_column_order)
{
  /* a byte-order mark, columns in another order, an unknown extra column, CRLF line ends, a quoted note with commas
     and quotes */
  const char text[] =
    "\xEF\xBB\xBF# comment after a byte-order mark (spreadsheets write one)\r\n"
    "\r\n"
    "note,bedrock,distance_km,extra,surface_elevation_m,sediment_thickness_m,permafrost_base_depth_m\r\n"
    "\"a, b, \"\"c\"\"\",basalt,1.0,x,-10,5,0\r\n"
    "  plain  , slate ,2.5,y,-20,7.5,0\r\n";
  DioProfile         profile;
  PetscInt           num_points, num_layers;
  PetscReal          x_min, x_max;
  const char *const *names;
  DioProfileSample   sample;

  CK_PETSC(DioProfileCreateFromString(PETSC_COMM_WORLD, "quoted.csv", text, &profile));
  CK_PETSC(DioProfileGetNumPoints(profile, &num_points));
  ck_assert_int_eq(num_points, 2);
  CK_PETSC(DioProfileGetRange(profile, &x_min, &x_max));
  ck_assert_double_eq_tol(x_min, 1000.0, VALUE_TOL);
  ck_assert_double_eq_tol(x_max, 2500.0, VALUE_TOL);
  CK_PETSC(DioProfileGetLayers(profile, &num_layers, &names));
  ck_assert_int_eq(num_layers, 5);
  ck_assert_str_eq(names[3], "basalt");
  ck_assert_str_eq(names[4], "slate");
  CK_PETSC(DioProfileSampleAt(profile, 1750.0, &sample));
  ck_assert_double_eq_tol(sample.surface_elevation_m, -15.0, VALUE_TOL);
  ck_assert_double_eq_tol(sample.sediment_thickness_m, 6.25, VALUE_TOL);
  CK_PETSC(DioProfileDestroy(&profile));
}
END_TEST

START_TEST(test_missing_file)
{
  DioProfile profile = NULL;

  CK_PETSC_ERROR(DioProfileCreateFromFile(PETSC_COMM_WORLD, DIO_TEST_DATA_DIR "/no_such_profile.csv", &profile),
                 PETSC_ERR_FILE_OPEN, "cannot open profile '" DIO_TEST_DATA_DIR "/no_such_profile.csv'");
}
END_TEST

START_TEST(test_missing_column)
{
  ExpectProfileError("distance_km,surface_elevation_m,permafrost_base_depth_m,bedrock\n0,1,0,granite\n1,1,0,granite\n",
                     PETSC_ERR_FILE_READ, "bad.csv:1: header has no column 'sediment_thickness_m'");
  ExpectProfileError("# no header\n0,-10,1,0,granite,A,\n1,-10,1,0,granite,A,\n", PETSC_ERR_FILE_READ,
                     "bad.csv:2: header has no column 'distance_km' (is the header row missing?)");
}
END_TEST

START_TEST(test_not_a_number)
{
  char text[1024];

  CK_PETSC(PetscSNPrintf(text, sizeof(text), "# comment\n%s0,-10,1,0,granite,A,\n1,abc,1,0,granite,A,\n", GoodHeader));
  ExpectProfileError(text, PETSC_ERR_FILE_READ, "bad.csv:4: column 2 (surface_elevation_m): 'abc' is not a number");
  ExpectRowsError("0,-10,1,0,granite,A,\n1,-10,,0,granite,A,\n", PETSC_ERR_FILE_READ,
                  "bad.csv:3: column 3 (sediment_thickness_m): '' is not a number");
  /* not finite, or beyond the physical range of its column */
  ExpectRowsError("0,-10,1,0,granite,A,\n1,nan,1,0,granite,A,\n", PETSC_ERR_FILE_READ, "bad.csv:3: column 2 (surface_elevation_m): 'nan' is not a finite number");
  ExpectRowsError("0,-10,1,0,granite,A,\n1e400,-10,1,0,granite,A,\n", PETSC_ERR_FILE_READ, "bad.csv:3: column 1 (distance_km): '1e400' is not a finite number");
  ExpectRowsError("0,-10,1,0,granite,A,\n1,-10,1,1e300,granite,A,\n", PETSC_ERR_USER_INPUT,
                  "bad.csv:3: column 4 (permafrost_base_depth_m): 1e300 is out of its range [0., 10000.]");
}
END_TEST

START_TEST(test_wrong_field_count)
{
  ExpectRowsError("0,-10,1,0,granite,A,\n1,-10,1,0,granite\n", PETSC_ERR_FILE_READ,
                  "bad.csv:3: 5 fields, the header has 7");
  /* an unquoted comma in the note makes one field too many */
  ExpectRowsError("0,-10,1,0,granite,A,a, b\n1,-10,1,0,granite,A,\n", PETSC_ERR_FILE_READ, "bad.csv:2: 8 fields");
  ExpectRowsError("0,-10,1,0,granite,A,\"open\n1,-10,1,0,granite,A,\n", PETSC_ERR_FILE_READ,
                  "bad.csv:2: unterminated quoted field");
}
END_TEST

START_TEST(test_distance_not_increasing)
{
  ExpectRowsError("10.0,-10,1,0,granite,A,\n12.0,-10,1,0,granite,A,\n12.0,-10,1,0,granite,A,\n", PETSC_ERR_USER_INPUT,
                  "bad.csv:4: distance_km 12.0 not greater than previous 12.0");
}
END_TEST

START_TEST(test_negative_thickness)
{
  ExpectRowsError("0,-10,1,0,granite,A,\n1,-10,-3,0,granite,A,\n", PETSC_ERR_USER_INPUT,
                  "bad.csv:3: column 3 (sediment_thickness_m): -3 is out of its range [0., 10000.]");
  ExpectRowsError("0,-10,1,-5,granite,A,\n1,-10,1,0,granite,A,\n", PETSC_ERR_USER_INPUT,
                  "bad.csv:2: column 4 (permafrost_base_depth_m): -5 is out of its range [0., 10000.]");
}
END_TEST

START_TEST(test_too_few_rows)
{
  ExpectRowsError("0,-10,1,0,granite,A,\n", PETSC_ERR_USER_INPUT, "bad.csv: 1 data row(s)");
  ExpectProfileError("# only comments\n", PETSC_ERR_FILE_READ, "bad.csv: no header line");
}
END_TEST

START_TEST(test_empty_bedrock)
{
  ExpectRowsError("0,-10,1,0,granite,A,\n1,-10,1,0,  ,A,\n", PETSC_ERR_USER_INPUT,
                  "bad.csv:3: column 'bedrock' is empty");
}
END_TEST

int main(int argc, char **argv)
{
  const TTest *const good[] = {test_embedded_default, test_interpolation, test_quoted_note_and_column_order};
  const TTest *const bad[]  = {test_missing_file,
                               test_missing_column,
                               test_not_a_number,
                               test_wrong_field_count,
                               test_distance_not_increasing,
                               test_negative_thickness,
                               test_too_few_rows,
                               test_empty_bedrock};
  Suite             *suite  = suite_create("mesh_profile");

  DioTestAddCase(suite, "parse", good, sizeof(good) / sizeof(good[0]), 0);
  DioTestAddCase(suite, "errors", bad, sizeof(bad) / sizeof(bad[0]), 0);
  return DioTestMain(&argc, &argv, suite);
}
