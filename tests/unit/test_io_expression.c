/* SPDX-License-Identifier: BSD-2-Clause
   test_io_expression.c: io/expression.c, the formulas in x, y, z, t of option values (-heat_temperature_field).
   Requirement: numbers (1, .5, 2., 1e-3, 1.5E+2), the variables, + - * / with the usual precedence, ^ right-associative
   and above unary minus (-2^2 = -4, 2^3^2 = 512, 2^-1 = 0.5), parentheses, sqrt exp log log10 sin cos tan abs atan2
   min max pow and pi give the values C computes for the same formula (compared to 1e-15 relative); a formula not
   naming t is of x, y, z only; values that are not finite come out as such (sqrt(-1), log(0), 1/0) and
   DioExpressionEvaluatePoints() refuses them naming the key and the point. Malformed text is one error naming the
   key, what was found and its column. A fuzz: 20000 random strings over the formula alphabet and 2000 random printable
   strings each give a value or an error, never a crash (run under the sanitizers in the asan build). Runs on 1 rank
   and, as mpi.test_io_expression, on 2 (EvaluatePoints: the bad point of rank 1 is named on both). */
#include <petscsys.h>
#include <petscvec.h>
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "dio_io.h"

#include "test_helpers.h"

static const char suite_name[] = "io_expression";

static PetscReal Eval(const char text[], PetscReal x, PetscReal y, PetscReal z, PetscReal t)
{
  DioExpression   e;
  const PetscReal xyzt[4] = {x, y, z, t};
  PetscReal       v;

  CK_PETSC(DioExpressionCreate(PETSC_COMM_WORLD, "-test_field", text, PETSC_TRUE, &e));
  v = DioExpressionValue(e, xyzt);
  CK_PETSC(DioExpressionDestroy(&e));
  ck_assert_ptr_null(e);
  return v;
}

#define CHECK_VALUE(text, expected)                                                                                    \
  do {                                                                                                                 \
    const PetscReal x = 0.7, y = -1.3, z = 2.5, t = 86400.0;                                                           \
    const PetscReal v = Eval(text, x, y, z, t), w = (expected);                                                        \
    (void)x, (void)y, (void)z, (void)t;                                                                                \
    ck_assert_msg(fabs(v - w) <= 1e-15 * fmax(1.0, fabs(w)), "'%s' = %.17g, expected %.17g", text, (double)v,          \
                  (double)w);                                                                                          \
  } while (0)

START_TEST(test_expression_values)
{
  CHECK_VALUE("1", 1.0);
  CHECK_VALUE(".5 + 2. + 1e-3 + 1.5E+2 + 2e1", 0.5 + 2.0 + 1e-3 + 150.0 + 20.0);
  CHECK_VALUE("1 + 2 * 3 - 4 / 8", 6.5);
  CHECK_VALUE("-2^2", -4.0);
  CHECK_VALUE("2^3^2", 512.0);
  CHECK_VALUE("2^-1", 0.5);
  CHECK_VALUE("(1 + 2) * 3", 9.0);
  CHECK_VALUE("- -x", 0.7);
  CHECK_VALUE("+x - -y", 0.7 - 1.3);
  CHECK_VALUE("x - y - z", 0.7 + 1.3 - 2.5);
  CHECK_VALUE("x / y / z", 0.7 / -1.3 / 2.5);
  CHECK_VALUE("-2 + 0.03*(-z)", -2 - 0.03 * 2.5);
  CHECK_VALUE("sqrt(x^2 + y^2)", sqrt(0.49 + 1.69));
  CHECK_VALUE("exp(-t/86400) * log(z) + log10(1000)", exp(-1.0) * log(2.5) + 3.0);
  CHECK_VALUE("sin(pi*x) + cos(y) + tan(0.3)", sin(PETSC_PI * 0.7) + cos(-1.3) + tan(0.3));
  CHECK_VALUE("abs(y) + atan2(y, x) + min(x, y) + max(x, z) + pow(z, 1.5)",
              1.3 + atan2(-1.3, 0.7) + -1.3 + 2.5 + pow(2.5, 1.5));
  CHECK_VALUE("100 * log(2 / sqrt(x^2 + y^2)) / log(2)", 100 * log(2 / sqrt(0.49 + 1.69)) / log(2.0));
  CHECK_VALUE("  min( max(x,y) , ( z ) )\t", 0.7);
  CHECK_VALUE("((((((((((x))))))))))", 0.7);
  ck_assert(isnan(Eval("sqrt(-1)", 0, 0, 0, 0)));
  ck_assert(isinf(Eval("log(0)", 0, 0, 0, 0)));
  ck_assert(isinf(Eval("1/x", 0, 0, 0, 0)));
  ck_assert(isnan(Eval("min(sqrt(-1), 1)", 0, 0, 0, 0)));
  ck_assert(isnan(Eval("max(1, sqrt(-1))", 0, 0, 0, 0)));
}
END_TEST

START_TEST(test_expression_variables)
{
  DioExpression e;
  PetscBool     uses[4];
  const char   *key, *text;

  CK_PETSC(DioExpressionCreate(PETSC_COMM_WORLD, "-test_initial", "-2 + 0.03*(-z) + 0*x", PETSC_FALSE, &e));
  CK_PETSC(DioExpressionGetVariables(e, uses));
  ck_assert(uses[0] && !uses[1] && uses[2] && !uses[3]);
  CK_PETSC(DioExpressionGetText(e, &key, &text));
  ck_assert_str_eq(key, "-test_initial");
  ck_assert_str_eq(text, "-2 + 0.03*(-z) + 0*x");
  CK_PETSC(DioExpressionDestroy(&e));
  CK_PETSC(DioExpressionDestroy(&e)); /* nothing on NULL */
  CK_PETSC_ERROR(DioExpressionCreate(PETSC_COMM_WORLD, "-test_initial", "20 + t", PETSC_FALSE, &e),
                 PETSC_ERR_USER_INPUT,
                 "-test_initial: 't' is not a variable here (only x, y, z) at column 6 of '20 + t'");
  ck_assert_ptr_null(e);
  /* from the options: unset and "none" give none */
  CK_PETSC(DioExpressionCreateFromOptions(PETSC_COMM_WORLD, "-test_unset", "the value", PETSC_TRUE, &e));
  ck_assert_ptr_null(e);
  CK_PETSC(PetscOptionsSetValue(NULL, "-test_none", "None"));
  CK_PETSC(DioExpressionCreateFromOptions(PETSC_COMM_WORLD, "-test_none", "the value", PETSC_TRUE, &e));
  ck_assert_ptr_null(e);
  CK_PETSC(PetscOptionsSetValue(NULL, "-test_set", "x + 2 * t"));
  CK_PETSC(DioExpressionCreateFromOptions(PETSC_COMM_WORLD, "-test_set", "the value", PETSC_TRUE, &e));
  ck_assert_ptr_nonnull(e);
  {
    const PetscReal xyzt[4] = {1, 0, 0, 3};
    ck_assert(DioExpressionValue(e, xyzt) == 7.0);
  }
  CK_PETSC(DioExpressionDestroy(&e));
  CK_PETSC(PetscOptionsClearValue(NULL, "-test_none"));
  CK_PETSC(PetscOptionsClearValue(NULL, "-test_set"));
}
END_TEST

#define CHECK_ERROR(text, fragment)                                                                                    \
  do {                                                                                                                 \
    DioExpression e_ = NULL;                                                                                           \
    CK_PETSC_ERROR(DioExpressionCreate(PETSC_COMM_WORLD, "-heat_temperature_field", text, PETSC_TRUE, &e_),            \
                   PETSC_ERR_USER_INPUT, fragment);                                                                    \
    ck_assert_ptr_null(e_);                                                                                            \
  } while (0)

START_TEST(test_expression_errors)
{
  char long_text[1100], deep[200];

  CHECK_ERROR("x + (y - 1))", "-heat_temperature_field: unexpected ')' at column 12 of 'x + (y - 1))'");
  CHECK_ERROR("x + (y - 1", "-heat_temperature_field: expected ')', found end at column 11 of 'x + (y - 1'");
  CHECK_ERROR("", "-heat_temperature_field: unexpected end (expected a number, a name or '(') at column 1 of ''");
  CHECK_ERROR("x +", "unexpected end (expected a number, a name or '(') at column 4 of 'x +'");
  CHECK_ERROR("2x", "unexpected 'x' (expected an operator + - * / ^) at column 2 of '2x'");
  CHECK_ERROR("1.2.3", "unexpected '.' (expected an operator + - * / ^) at column 4");
  CHECK_ERROR("1e", "unexpected 'e' (expected an operator + - * / ^) at column 2");
  CHECK_ERROR("1e400 * x", "number '1e400' out of range at column 1");
  CHECK_ERROR("1e-400 * x", "number '1e-400' out of range at column 1");
  CHECK_ERROR("q + 1", "unknown name 'q' (variables x, y, z, t; functions sqrt");
  CHECK_ERROR("X + 1", "unknown name 'X'");
  CHECK_ERROR("inf", "unknown name 'inf'");
  CHECK_ERROR("nan", "unknown name 'nan'");
  CHECK_ERROR("sin x", "expected '(' after 'sin', found 'x' at column 5");
  CHECK_ERROR("sin(x, y)", "'sin' takes 1 argument, not 2 at column 1 of 'sin(x, y)'");
  CHECK_ERROR("1 + atan2(y)", "'atan2' takes 2 arguments, not 1 at column 5");
  CHECK_ERROR("max(x; y)", "expected ',' or ')' in the arguments of 'max', found ';' at column 6");
  CHECK_ERROR("x ** 2", "unexpected '*' at column 4");
  CHECK_ERROR("x = 2", "unexpected '=' (expected an operator + - * / ^) at column 3");
  CHECK_ERROR("x, y", "unexpected ',' (expected an operator + - * / ^) at column 2");
  CHECK_ERROR("x\ny", "-heat_temperature_field: character code 10 at column 2 of the expression is not printable");
  memset(long_text, '1', 1001);
  long_text[1001] = '\0';
  CHECK_ERROR(long_text, "-heat_temperature_field: the expression is 1001 characters long: at most 1000");
  memset(deep, '(', 70);
  strcpy(deep + 70, "x");
  CHECK_ERROR(deep, "nested more than 64 deep at column 65");
  memset(deep, '-', 70);
  strcpy(deep + 70, "x");
  CHECK_ERROR(deep, "nested more than 64 deep");
}
END_TEST

/* A random string from alphabet: a value or an error, never a crash; the error is one line naming the key. */
static void FuzzOne(const char alphabet[], size_t max_length)
{
  const size_t   na = strlen(alphabet), n = (size_t)rand() % (max_length + 1);
  char           text[300];
  DioExpression  e = NULL;
  PetscErrorCode code;

  for (size_t i = 0; i < n; i++) text[i] = alphabet[rand() % (int)na];
  text[n] = '\0';
  CK_PETSC(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  code = DioExpressionCreate(PETSC_COMM_SELF, "-fuzz", text, PETSC_TRUE, &e);
  CK_PETSC(PetscPopErrorHandler());
  if (code) {
    char *message = NULL;
    ck_assert_int_eq(code, PETSC_ERR_USER_INPUT);
    ck_assert_ptr_null(e);
    CK_PETSC(PetscErrorMessage(code, NULL, &message));
    ck_assert_msg(message != NULL && !strncmp(message, "-fuzz: ", 7) && !strchr(message, '\n'), "'%s': '%s'", text,
                  message ? message : "(none)");
  } else {
    const PetscReal    xyzt[4] = {0.5, -2, 3, 10};
    volatile PetscReal v       = DioExpressionValue(e, xyzt);
    (void)v;
    CK_PETSC(DioExpressionDestroy(&e));
  }
}

START_TEST(test_expression_fuzz)
{
  static const char formula[] = "0123456789.eE+-*/^(),xyzt pisqrtexplog10sincostanabsatan2minmaxpow\t";
  char              printable[96];
  int               values = 0;

  for (int c = 32; c < 127; c++) printable[c - 32] = (char)c;
  printable[95] = '\0';
  srand(17);
  for (int i = 0; i < 20000; i++) FuzzOne(formula, 40);
  for (int i = 0; i < 2000; i++) FuzzOne(printable, 200);
  /* mutations of a valid formula: one character replaced or removed */
  for (int i = 0; i < 3000; i++) {
    const char    *base = "100 * log(2 / sqrt(x^2 + y^2)) / log(2) * min(t, 1) - pow(-z, 0.5e0)";
    char           text[128];
    const size_t   n = strlen(base), k = (size_t)rand() % n;
    DioExpression  e = NULL;
    PetscErrorCode code;
    strcpy(text, base);
    if (i % 2)
      memmove(text + k, text + k + 1, n - k);
    else
      text[k] = formula[rand() % (int)(sizeof(formula) - 1)];
    CK_PETSC(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
    code = DioExpressionCreate(PETSC_COMM_SELF, "-fuzz", text, PETSC_TRUE, &e);
    CK_PETSC(PetscPopErrorHandler());
    ck_assert(code == 0 || code == PETSC_ERR_USER_INPUT);
    if (code == 0) {
      const PetscReal    xyzt[4] = {0.5, -2, 3, 10};
      volatile PetscReal v       = DioExpressionValue(e, xyzt);
      (void)v;
      values++;
      CK_PETSC(DioExpressionDestroy(&e));
    }
  }
  ck_assert(values > 0);
}
END_TEST

START_TEST(test_expression_points)
{
  DioExpression e;
  Vec           points, values;
  PetscMPIInt   rank, size;
  PetscScalar  *p;
  PetscReal     lo, hi;

  CK_PETSC(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  CK_PETSC(MPI_Comm_size(PETSC_COMM_WORLD, &size));
  /* three 2D points per rank: (rank, 0), (rank, 1), (rank, 2) */
  CK_PETSC(VecCreateMPI(PETSC_COMM_WORLD, 6, PETSC_DETERMINE, &points));
  CK_PETSC(VecSetBlockSize(points, 2));
  CK_PETSC(VecCreateMPI(PETSC_COMM_WORLD, 3, PETSC_DETERMINE, &values));
  CK_PETSC(VecGetArray(points, &p));
  for (int i = 0; i < 3; i++) {
    p[2 * i]     = rank;
    p[2 * i + 1] = i;
  }
  CK_PETSC(VecRestoreArray(points, &p));
  CK_PETSC(DioExpressionCreate(PETSC_COMM_WORLD, "-test_field", "10*x + y + z + t", PETSC_TRUE, &e));
  CK_PETSC(DioExpressionEvaluatePoints(e, points, 100, values));
  CK_PETSC(VecMin(values, NULL, &lo));
  CK_PETSC(VecMax(values, NULL, &hi));
  ck_assert(lo == 100 && hi == 10 * (size - 1) + 2 + 100);
  CK_PETSC(DioExpressionDestroy(&e));
  /* the last rank's point (size - 1, 1) is bad: named on every rank */
  {
    char text[128], fragment[256];
    CK_PETSC(PetscSNPrintf(text, sizeof(text), "1 / ((x - %d)^2 + (y - 1)^2)", size - 1));
    CK_PETSC(DioExpressionCreate(PETSC_COMM_WORLD, "-test_field", text, PETSC_TRUE, &e));
    CK_PETSC(PetscSNPrintf(fragment, sizeof(fragment),
                           "-test_field = '%s': the value inf is not finite at x = %d, y = 1, z = 0, t = 5 s", text,
                           size - 1));
    CK_PETSC_ERROR(DioExpressionEvaluatePoints(e, points, 5, values), PETSC_ERR_USER_INPUT, fragment);
    CK_PETSC(DioExpressionDestroy(&e));
  }
  CK_PETSC(DioExpressionCreate(PETSC_COMM_WORLD, "-test_initial", "sqrt(y - 1)", PETSC_FALSE, &e));
  CK_PETSC_ERROR(DioExpressionEvaluatePoints(e, points, 0, values), PETSC_ERR_USER_INPUT,
                 "is not finite at x = 0, y = 0, z = 0");
  CK_PETSC(DioExpressionDestroy(&e));
  CK_PETSC(VecDestroy(&points));
  CK_PETSC(VecDestroy(&values));
}
END_TEST

int main(int argc, char **argv)
{
  const TTest *const tests[] = {test_expression_values, test_expression_variables, test_expression_errors,
                                test_expression_fuzz, test_expression_points};
  Suite             *suite   = suite_create(suite_name);

  DioTestAddCase(suite, "expression", tests, sizeof(tests) / sizeof(tests[0]), 0);
  return DioTestMain(&argc, &argv, suite);
}
