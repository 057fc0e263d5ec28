/* SPDX-License-Identifier: BSD-2-Clause
   expression.c: formulas in x, y, z (and t) given as option values (-heat_temperature_field '20 + 0.03*(-z)'),
   parsed once into a postfix program and evaluated many times. Syntax: numbers (1, 0.5, .5, 1e-3), the variables,
   + - * / ^ (^ right-associative and above unary minus: -2^2 = -4, 2^3^2 = 512), parentheses, the functions sqrt exp
   log log10 sin cos tan abs (one argument) atan2 min max pow (two), the constant pi; names in lower case. A syntax
   error names the key, what was found and its column. DioExpressionValue() is pure (no allocation, no PETSc call):
   threads may call it. Knows nothing of what the value means. */
#include "dio_io.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest text (characters) and deepest nesting (parentheses, signs, function calls; also the evaluation stack). */
#define DIO_EXPRESSION_MAX_LENGTH 1000
#define DIO_EXPRESSION_MAX_DEPTH  64

/* The instructions: a push, negation, the two-operand operations (OP_ADD .. OP_MAX, in binary_ops' order) and the
   one-argument functions (OP_SQRT .. OP_ABS, in unary_ops' order). */
typedef enum {
  OP_CONST,
  OP_VAR,
  OP_NEG,
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_DIV,
  OP_POW,
  OP_ATAN2,
  OP_MIN,
  OP_MAX,
  OP_SQRT,
  OP_EXP,
  OP_LOG,
  OP_LOG10,
  OP_SIN,
  OP_COS,
  OP_TAN,
  OP_ABS
} DioExpressionOp;

typedef struct {
  DioExpressionOp op;
  int             var;   /* OP_VAR: 0..3 (x, y, z, t) */
  PetscReal       value; /* OP_CONST */
} DioExpressionInstruction;

static const struct {
  const char     *name;
  DioExpressionOp op;
  int             num_args;
} functions[] = {{"sqrt", OP_SQRT, 1},   {"exp", OP_EXP, 1}, {"log", OP_LOG, 1}, {"log10", OP_LOG10, 1},
                 {"sin", OP_SIN, 1},     {"cos", OP_COS, 1}, {"tan", OP_TAN, 1}, {"abs", OP_ABS, 1},
                 {"atan2", OP_ATAN2, 2}, {"min", OP_MIN, 2}, {"max", OP_MAX, 2}, {"pow", OP_POW, 2}};

static const char variable_names[] = "xyzt";

struct _n_DioExpression {
  char                     *key, *text; /* the option (for messages) and the formula as given */
  int                       num_variables;
  DioExpressionInstruction *code;
  int                       length;
  PetscBool                 uses[4]; /* the formula names x, y, z, t */
};

/* The parser's state; the first problem found (message, 1-based column) stops it. */
typedef struct {
  const char               *s;
  size_t                    pos;
  int                       num_variables, nesting, depth, max_depth, length, capacity;
  DioExpressionInstruction *code;
  PetscBool                 uses[4];
  char                      message[256];
  size_t                    column;
} Parser;

static int Fail(Parser *p, size_t pos, const char *format, ...)
{
  va_list args;

  if (p->message[0]) return -1;
  va_start(args, format);
  vsnprintf(p->message, sizeof(p->message), format, args);
  va_end(args);
  p->column = pos + 1;
  return -1;
}

static char Peek(Parser *p)
{
  while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t') p->pos++;
  return p->s[p->pos];
}

/* What stands at pos, for a message. */
static void Found(Parser *p, char text[], size_t size)
{
  const char c = p->s[p->pos];
  if (c == '\0')
    snprintf(text, size, "end");
  else
    snprintf(text, size, "'%c'", c);
}

static int Emit(Parser *p, DioExpressionOp op, int var, PetscReal value)
{
  if (p->length >= p->capacity) return Fail(p, p->pos, "too many terms");
  p->code[p->length].op    = op;
  p->code[p->length].var   = var;
  p->code[p->length].value = value;
  p->length++;
  if (op == OP_CONST || op == OP_VAR)
    p->depth++;
  else if (op >= OP_ADD && op <= OP_MAX)
    p->depth--;
  if (p->depth > p->max_depth) p->max_depth = p->depth;
  if (p->depth > DIO_EXPRESSION_MAX_DEPTH)
    return Fail(p, p->pos, "more than %d pending terms", DIO_EXPRESSION_MAX_DEPTH);
  return 0;
}

static int Enter(Parser *p)
{
  if (++p->nesting > DIO_EXPRESSION_MAX_DEPTH)
    return Fail(p, p->pos, "nested more than %d deep", DIO_EXPRESSION_MAX_DEPTH);
  return 0;
}

static int ParseSum(Parser *p);
static int ParseUnary(Parser *p);

static int ParseNumber(Parser *p)
{
  const size_t start = p->pos;
  char         text[64], *end;
  double       value;

  while (isdigit((unsigned char)p->s[p->pos])) p->pos++;
  if (p->s[p->pos] == '.') p->pos++;
  while (isdigit((unsigned char)p->s[p->pos])) p->pos++;
  if (p->s[p->pos] == 'e' || p->s[p->pos] == 'E') {
    size_t k = p->pos + 1;
    if (p->s[k] == '+' || p->s[k] == '-') k++;
    if (isdigit((unsigned char)p->s[k])) {
      p->pos = k;
      while (isdigit((unsigned char)p->s[p->pos])) p->pos++;
    }
  }
  if (p->pos - start >= sizeof(text)) return Fail(p, start, "number too long");
  memcpy(text, p->s + start, p->pos - start);
  text[p->pos - start] = '\0';
  errno                = 0;
  value                = strtod(text, &end);
  if (*end != '\0') return Fail(p, start, "malformed number '%s'", text);
  if (!isfinite(value) || errno == ERANGE) return Fail(p, start, "number '%s' out of range", text);
  return Emit(p, OP_CONST, 0, (PetscReal)value);
}

/* A function call name(args) from the '(' after its name (which starts at start). */
static int ParseCall(Parser *p, size_t start, int f)
{
  int count = 1;

  if (Peek(p) != '(') {
    char found[16];
    Found(p, found, sizeof(found));
    return Fail(p, p->pos, "expected '(' after '%s', found %s", functions[f].name, found);
  }
  if (Enter(p)) return -1;
  p->pos++;
  if (ParseSum(p)) return -1;
  while (Peek(p) == ',') {
    p->pos++;
    if (ParseSum(p)) return -1;
    count++;
  }
  if (Peek(p) != ')') {
    char found[16];
    Found(p, found, sizeof(found));
    return Fail(p, p->pos, "expected ',' or ')' in the arguments of '%s', found %s", functions[f].name, found);
  }
  p->pos++;
  p->nesting--;
  if (count != functions[f].num_args)
    return Fail(p, start, "'%s' takes %d argument%s, not %d", functions[f].name, functions[f].num_args,
                functions[f].num_args > 1 ? "s" : "", count);
  return Emit(p, functions[f].op, 0, 0);
}

static int ParseName(Parser *p)
{
  const size_t start = p->pos;
  size_t       n;

  while (isalnum((unsigned char)p->s[p->pos]) || p->s[p->pos] == '_') p->pos++;
  n = p->pos - start;
  if (n == 2 && !strncmp(p->s + start, "pi", 2)) return Emit(p, OP_CONST, 0, PETSC_PI);
  if (n == 1 && strchr(variable_names, p->s[start])) {
    const int v = (int)(strchr(variable_names, p->s[start]) - variable_names);
    if (v >= p->num_variables) return Fail(p, start, "'%c' is not a variable here (only x, y, z)", p->s[start]);
    p->uses[v] = PETSC_TRUE;
    return Emit(p, OP_VAR, v, 0);
  }
  for (int f = 0; f < (int)(sizeof(functions) / sizeof(functions[0])); f++)
    if (strlen(functions[f].name) == n && !strncmp(p->s + start, functions[f].name, n)) return ParseCall(p, start, f);
  return Fail(p, start,
              "unknown name '%.*s' (variables %s; functions sqrt, exp, log, log10, sin, cos, tan, abs, atan2, min, "
              "max, pow; constant pi)",
              (int)PetscMin(n, 32), p->s + start, p->num_variables > 3 ? "x, y, z, t" : "x, y, z");
}

static int ParsePrimary(Parser *p)
{
  const char c = Peek(p);

  if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)p->s[p->pos + 1]))) return ParseNumber(p);
  if (isalpha((unsigned char)c) || c == '_') return ParseName(p);
  if (c == '(') {
    if (Enter(p)) return -1;
    p->pos++;
    if (ParseSum(p)) return -1;
    if (Peek(p) != ')') {
      char found[16];
      Found(p, found, sizeof(found));
      return Fail(p, p->pos, "expected ')', found %s", found);
    }
    p->pos++;
    p->nesting--;
    return 0;
  }
  if (c == '\0') return Fail(p, p->pos, "unexpected end (expected a number, a name or '(')");
  return Fail(p, p->pos, "unexpected '%c'", c);
}

/* primary [^ unary]: right-associative, the exponent may carry a sign (2^-1) */
static int ParsePower(Parser *p)
{
  if (ParsePrimary(p)) return -1;
  if (Peek(p) != '^') return 0;
  p->pos++;
  if (Enter(p) || ParseUnary(p)) return -1;
  p->nesting--;
  return Emit(p, OP_POW, 0, 0);
}

static int ParseUnary(Parser *p)
{
  const char c = Peek(p);

  if (c != '-' && c != '+') return ParsePower(p);
  p->pos++;
  if (Enter(p) || ParseUnary(p)) return -1;
  p->nesting--;
  return c == '-' ? Emit(p, OP_NEG, 0, 0) : 0;
}

/* Left-associative operands joined by level 0's + - (sums) or level 1's * / (products, of unary terms). */
static int ParseLeft(Parser *p, int level)
{
  static const char            symbols[2][2] = {{'+', '-'}, {'*', '/'}};
  static const DioExpressionOp ops[2][2]     = {{OP_ADD, OP_SUB}, {OP_MUL, OP_DIV}};

  if (level ? ParseUnary(p) : ParseLeft(p, 1)) return -1;
  for (char c = Peek(p); c == symbols[level][0] || c == symbols[level][1]; c = Peek(p)) {
    p->pos++;
    if ((level ? ParseUnary(p) : ParseLeft(p, 1)) || Emit(p, ops[level][c == symbols[level][1]], 0, 0)) return -1;
  }
  return 0;
}

static int ParseSum(Parser *p)
{
  return ParseLeft(p, 0);
}

/*@
  DioExpressionCreate - parses text, the value of option key (with its '-', for messages), into an expression of
  x, y, z and, with with_time, t. A syntax error is one line naming the key, what was found, its column and the text
  ("-heat_temperature_field: unexpected ')' at column 14 of 'x + (y - 1))'"). Destroy with DioExpressionDestroy().

  Not collective: every rank parses the same text and raises the same error (comm is the error's).
  Error: PETSC_ERR_USER_INPUT.
@*/
PetscErrorCode DioExpressionCreate(MPI_Comm comm, const char key[], const char text[], PetscBool with_time,
                                   DioExpression *expr)
{
  Parser       p;
  const size_t n = strlen(text);

  PetscFunctionBegin;
  *expr = NULL;
  PetscCheck(n <= DIO_EXPRESSION_MAX_LENGTH, comm, PETSC_ERR_USER_INPUT,
             "%s: the expression is %zu characters long: at most %d", key, n, DIO_EXPRESSION_MAX_LENGTH);
  for (size_t i = 0; i < n; i++)
    PetscCheck(isprint((unsigned char)text[i]) || text[i] == '\t', comm, PETSC_ERR_USER_INPUT,
               "%s: character code %d at column %zu of the expression is not printable", key,
               (int)(unsigned char)text[i], i + 1);
  PetscCall(PetscMemzero(&p, sizeof(p)));
  p.s             = text;
  p.num_variables = with_time ? 4 : 3;
  p.capacity      = (int)n + 1;
  PetscCall(PetscMalloc1(p.capacity, &p.code));
  if (!ParseSum(&p) && Peek(&p) != '\0') {
    if (p.s[p.pos] == ')')
      (void)Fail(&p, p.pos, "unexpected ')'");
    else
      (void)Fail(&p, p.pos, "unexpected '%c' (expected an operator + - * / ^)", p.s[p.pos]);
  }
  if (p.message[0]) PetscCall(PetscFree(p.code));
  PetscCheck(!p.message[0], comm, PETSC_ERR_USER_INPUT, "%s: %s at column %zu of '%s'", key, p.message, p.column, text);
  PetscCall(PetscNew(expr));
  PetscCall(PetscStrallocpy(key, &(*expr)->key));
  PetscCall(PetscStrallocpy(text, &(*expr)->text));
  (*expr)->num_variables = p.num_variables;
  (*expr)->code          = p.code;
  (*expr)->length        = p.length;
  for (int v = 0; v < 4; v++) (*expr)->uses[v] = p.uses[v];
  PetscFunctionReturn(0);
}

/*@
  DioExpressionCreateFromOptions - the expression of option key (with its '-'; help says what it gives), NULL in
  *expr when the option is not set or is "none" (the default the help shows). Collective.
@*/
PetscErrorCode DioExpressionCreateFromOptions(MPI_Comm comm, const char key[], const char help[], PetscBool with_time,
                                              DioExpression *expr)
{
  char      text[DIO_EXPRESSION_MAX_LENGTH + 2] = "none", title[300];
  PetscBool set, none;

  PetscFunctionBegin;
  *expr = NULL;
  PetscCall(PetscSNPrintf(title, sizeof(title), "Expression %s", key));
  PetscOptionsBegin(comm, NULL, title, "expression");
  PetscCall(PetscOptionsString(key, help, "", text, text, sizeof(text), &set));
  PetscOptionsEnd();
  PetscCall(PetscStrcasecmp(text, "none", &none));
  if (set && !none) PetscCall(DioExpressionCreate(comm, key, text, with_time, expr));
  PetscFunctionReturn(0);
}

static double Add(double a, double b)
{
  return a + b;
}
static double Subtract(double a, double b)
{
  return a - b;
}
static double Multiply(double a, double b)
{
  return a * b;
}
static double Divide(double a, double b)
{
  return a / b;
}
static double Min(double a, double b) /* a nan stays (fmin() would drop it) */
{
  return (a < b || isnan(a)) ? a : b;
}
static double Max(double a, double b)
{
  return (a > b || isnan(a)) ? a : b;
}
static double (*const binary_ops[])(double, double) = {Add, Subtract, Multiply, Divide, pow, atan2, Min, Max};
static double (*const unary_ops[])(double)          = {sqrt, exp, log, log10, sin, cos, tan, fabs};

/* The value at xyzt = (x, y, z, t) (t ignored without time); not finite where the formula is not (sqrt(-1),
   log(0), 1/0). Pure: no allocation, no PETSc call. */
PetscReal DioExpressionValue(DioExpression expr, const PetscReal xyzt[4])
{
  PetscReal s[DIO_EXPRESSION_MAX_DEPTH + 1];
  int       n = 0;

  for (int i = 0; i < expr->length; i++) {
    const DioExpressionInstruction *in = &expr->code[i];
    if (in->op == OP_CONST)
      s[n++] = in->value;
    else if (in->op == OP_VAR)
      s[n++] = xyzt[in->var];
    else if (in->op == OP_NEG)
      s[n - 1] = -s[n - 1];
    else if (in->op <= OP_MAX) {
      n--;
      s[n - 1] = binary_ops[in->op - OP_ADD](s[n - 1], s[n]);
    } else
      s[n - 1] = unary_ops[in->op - OP_SQRT](s[n - 1]);
  }
  return s[0];
}

/*@
  DioExpressionEvaluatePoints - values[i] = the expression at point i of points (block size 1 to 3: x[, y[, z]], the
  others 0) and time t. A value that is not finite is an error naming the key, the text and the point (the first
  such point of the lowest rank that has one). values has one entry per point, in the same layout. Collective.
@*/
PetscErrorCode DioExpressionEvaluatePoints(DioExpression expr, Vec points, PetscReal t, Vec values)
{
  MPI_Comm           comm;
  const PetscScalar *x;
  PetscScalar       *v;
  PetscInt           bs, n, m, bad = -1;
  PetscMPIInt        rank, size, first;
  PetscReal          where[5] = {0, 0, 0, t, 0};
  char               point[256];

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)points, &comm));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(VecGetBlockSize(points, &bs));
  PetscCall(VecGetLocalSize(points, &n));
  PetscCall(VecGetLocalSize(values, &m));
  PetscCheck(bs >= 1 && bs <= 3 && n == m * bs, PETSC_COMM_SELF, PETSC_ERR_ARG_SIZ,
             "%s: %" PetscInt_FMT " coordinates (block size %" PetscInt_FMT ") for %" PetscInt_FMT " values", expr->key,
             n, bs, m);
  PetscCall(VecGetArrayRead(points, &x));
  PetscCall(VecGetArray(values, &v));
  for (PetscInt i = 0; i < m; i++) {
    PetscReal xyzt[4] = {0, 0, 0, t};
    for (PetscInt d = 0; d < bs; d++) xyzt[d] = PetscRealPart(x[i * bs + d]);
    v[i] = DioExpressionValue(expr, xyzt);
    if (bad < 0 && PetscIsInfOrNanReal(PetscRealPart(v[i]))) {
      bad = i;
      for (PetscInt d = 0; d < 4; d++) where[d] = xyzt[d];
      where[4] = PetscRealPart(v[i]);
    }
  }
  PetscCall(VecRestoreArray(values, &v));
  PetscCall(VecRestoreArrayRead(points, &x));
  first = bad >= 0 ? rank : size;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &first, 1, MPI_INT, MPI_MIN, comm));
  if (first == size) PetscFunctionReturn(0);
  PetscCallMPI(MPI_Bcast(where, 5, MPIU_REAL, first, comm));
  /* C's %g (PETSc's adds a '.' to whole numbers) */
  snprintf(point, sizeof(point), "the value %g is not finite at x = %.9g, y = %.9g, z = %.9g", (double)where[4],
           (double)where[0], (double)where[1], (double)where[2]);
  if (expr->num_variables > 3)
    snprintf(point + strlen(point), sizeof(point) - strlen(point), ", t = %.9g s", (double)where[3]);
  SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s = '%s': %s", expr->key, expr->text, point);
}

/* uses[v]: the formula names variable v (0..3: x, y, z, t). */
PetscErrorCode DioExpressionGetVariables(DioExpression expr, PetscBool uses[4])
{
  PetscFunctionBegin;
  for (int v = 0; v < 4; v++) uses[v] = expr->uses[v];
  PetscFunctionReturn(0);
}

/* The key and the text as given (borrowed). */
PetscErrorCode DioExpressionGetText(DioExpression expr, const char *key[], const char *text[])
{
  PetscFunctionBegin;
  if (key) *key = expr->key;
  if (text) *text = expr->text;
  PetscFunctionReturn(0);
}

PetscErrorCode DioExpressionDestroy(DioExpression *expr)
{
  PetscFunctionBegin;
  if (*expr == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree((*expr)->key));
  PetscCall(PetscFree((*expr)->text));
  PetscCall(PetscFree((*expr)->code));
  PetscCall(PetscFree(*expr));
  PetscFunctionReturn(0);
}
