/* SPDX-License-Identifier: BSD-2-Clause
   mat_multiply.c: diomede's MatMult / MatMultAdd for AIJ matrices made of dense bs x bs blocks (the stiffness).

   Why: GAMG in PETSc 3.18 refuses BAIJ and SELL, so the operator is AIJ; Debian's PETSc is compiled without -march
   and its AIJ product runs at 0.8-1.2 Gflop/s, compute-bound (benchmarks/README.md, observation 5). The kernels of
   kernels/csr_multiply.h read the values of the same arrays and one column index per block from a block index kept
   beside the matrix (4 / bs^2 bytes per nonzero), and are compiled with our flags (and an x86-64-v3 clone picked at
   load time).

   How: MatSetOperation() on the sequential blocks. MatMult_MPIAIJ calls its diagonal block's mult and its
   off-diagonal block's multadd through their operation tables, between the begin and end of the ghost scatter:
   overriding the mult and multadd of both blocks keeps PETSc's communication and its overlap. A MATSEQAIJ (one
   rank) gets the same two. Every other operation (MatMultTranspose, MatGetRow, GAMG's graph and products) is
   PETSc's. The functions read the CSR arrays of the matrix they are called on and nothing else, so a copy that
   inherits them (MatDuplicate) multiplies correctly too. Whether the pattern has the blocked layout is checked once
   per pattern (nonzero state and arrays, cached on the matrix with the block index); otherwise, or for another
   block size, a scalar CSR loop runs. Rows are split among OpenMP threads (OMP_NUM_THREADS; one thread under MPI with one core per rank). */
#include "mat_multiply.h"
#include "csr_multiply.h"
#if defined(_OPENMP)
  #include <omp.h>
#endif

const char *const DioMatMultiplyTypes[] = {"diomede", "petsc", "DioMatMultiplyType", "DIO_MAT_MULTIPLY_", NULL};

#define DIO_MULT_CHOICE "DioMatMultiplyChoice" /* composed on the matrix the user holds: the last choice */
#define DIO_MULT_CACHE "DioMatMultiplyLayout"  /* composed on each sequential block: its layout */
/* fewer rows per thread than this: one thread (a parallel region costs a few microseconds) */
#define DIO_MULT_MIN_ROWS_PER_THREAD 2048

typedef struct {
  PetscObjectState nonzero_state;
  const PetscInt  *ai, *aj;
  PetscInt         bs;                      /* the blocked layout holds for this bs; 1: scalar rows; 0: not checked */
  int             *bi, *bj;                 /* its block index (dio_csr_block_columns()), when bs > 1 */
  void (*petsc_mult)(void), (*petsc_multadd)(void); /* what the block had before diomede's (NULL: unknown) */
} DioCSRLayout;

static PetscErrorCode LayoutDestroy(void *ctx)
{
  DioCSRLayout *layout = (DioCSRLayout *)ctx;

  PetscFunctionBegin;
  PetscCall(PetscFree(layout->bi));
  PetscCall(PetscFree(layout->bj));
  PetscCall(PetscFree(layout));
  PetscFunctionReturn(0);
}

typedef struct {
  DioMatMultiplyType type;
} DioMultChoice;

/* The data diomede keeps on sequential block A (created empty if it has none, e.g. a MatDuplicate). */
static PetscErrorCode GetBlockData(Mat A, DioCSRLayout **layout)
{
  PetscContainer container;

  PetscFunctionBegin;
  PetscCall(PetscObjectQuery((PetscObject)A, DIO_MULT_CACHE, (PetscObject *)&container));
  if (container) PetscCall(PetscContainerGetPointer(container, (void **)layout));
  else {
    PetscCall(PetscNew(layout));
    PetscCall(PetscContainerCreate(PETSC_COMM_SELF, &container));
    PetscCall(PetscContainerSetPointer(container, *layout));
    PetscCall(PetscContainerSetUserDestroy(container, LayoutDestroy));
    PetscCall(PetscObjectCompose((PetscObject)A, DIO_MULT_CACHE, (PetscObject)container));
    PetscCall(PetscContainerDestroy(&container)); /* A holds it */
  }
  PetscFunctionReturn(0);
}

/* The layout of A's pattern (bs 1: not blocked; else its block index), from the cache or made now. */
static PetscErrorCode GetLayout(Mat A, PetscInt m, const PetscInt *ai, const PetscInt *aj,
                                const DioCSRLayout **layout_out)
{
  DioCSRLayout    *layout;
  PetscObjectState state;
  PetscInt         rbs, cbs;

  PetscFunctionBegin;
  PetscCall(MatGetNonzeroState(A, &state));
  PetscCall(GetBlockData(A, &layout));
  *layout_out = layout;
  if (layout->bs && layout->nonzero_state == state && layout->ai == ai && layout->aj == aj) PetscFunctionReturn(0);
  PetscCall(PetscFree(layout->bi));
  PetscCall(PetscFree(layout->bj));
  PetscCall(MatGetBlockSizes(A, &rbs, &cbs));
  layout->bs = 1;
  if ((rbs == 2 || rbs == 3) && dio_csr_is_blocked((int)m, (int)rbs, ai, aj)) {
    layout->bs = rbs;
    PetscCall(PetscMalloc1(m / rbs + 1, &layout->bi));
    dio_csr_block_columns((int)m, (int)rbs, ai, aj, layout->bi, NULL);
    PetscCall(PetscMalloc1(layout->bi[m / rbs], &layout->bj));
    dio_csr_block_columns((int)m, (int)rbs, ai, aj, layout->bi, layout->bj);
    PetscCall(PetscInfo(A, "diomede's multiply: %" PetscInt_FMT " x %" PetscInt_FMT " blocks, block index of %" PetscInt_FMT
                           " blocks (%.1f MB)\n",
                        rbs, rbs, (PetscInt)layout->bi[m / rbs],
                        (double)((m / rbs + 1 + layout->bi[m / rbs]) * sizeof(int)) / 1e6));
  }
  layout->nonzero_state = state;
  layout->ai            = ai;
  layout->aj            = aj;
  PetscFunctionReturn(0);
}

/* y = (w ? w : 0) + A x on A's arrays (w may be y). */
static PetscErrorCode Multiply(Mat A, const PetscScalar *x, const PetscScalar *w, PetscScalar *y)
{
  const PetscInt     *ai, *aj;
  PetscScalar        *aa;
  PetscMemType        mtype;
  PetscInt            m, n, bs, units;
  const DioCSRLayout *layout;
  int                 threads = 1;

  PetscFunctionBegin;
  PetscCall(MatGetLocalSize(A, &m, &n));
  PetscCall(MatSeqAIJGetCSRAndMemType(A, &ai, &aj, &aa, &mtype));
  PetscCheck(PetscMemTypeHost(mtype), PETSC_COMM_SELF, PETSC_ERR_SUP, "diomede's MatMult needs the matrix on the host (-mech_mat_multiply petsc)");
  PetscCall(GetLayout(A, m, ai, aj, &layout));
  bs    = layout->bs;
  units = m / bs; /* rows or block rows */
#if defined(_OPENMP)
  threads = (int)PetscMin((PetscInt)omp_get_max_threads(), PetscMax(1, m / DIO_MULT_MIN_ROWS_PER_THREAD));
#endif
  #pragma omp parallel for num_threads(threads) if (threads > 1) schedule(static, 1)
  for (int t = 0; t < threads; t++) {
    const int k0 = (int)(units * t / threads), k1 = (int)(units * (t + 1) / threads);
    if (bs == 3) dio_csr_multiply_b3(k0, k1, ai, layout->bi, layout->bj, aa, x, w, y);
    else if (bs == 2) dio_csr_multiply_b2(k0, k1, ai, layout->bi, layout->bj, aa, x, w, y);
    else dio_csr_multiply(k0, k1, ai, aj, aa, x, w, y);
  }
  PetscCall(PetscLogFlops(2.0 * ai[m] - (w ? 0 : m)));
  PetscFunctionReturn(0);
}

static PetscErrorCode MatMult_Dio(Mat A, Vec xx, Vec yy)
{
  const PetscScalar *x;
  PetscScalar       *y;

  PetscFunctionBegin;
  PetscCall(VecGetArrayRead(xx, &x));
  PetscCall(VecGetArrayWrite(yy, &y));
  PetscCall(Multiply(A, x, NULL, y));
  PetscCall(VecRestoreArrayWrite(yy, &y));
  PetscCall(VecRestoreArrayRead(xx, &x));
  PetscFunctionReturn(0);
}

static PetscErrorCode MatMultAdd_Dio(Mat A, Vec xx, Vec ww, Vec yy)
{
  const PetscScalar *x, *w;
  PetscScalar       *y;

  PetscFunctionBegin;
  PetscCall(VecGetArrayRead(xx, &x));
  if (ww == yy) {
    PetscCall(VecGetArray(yy, &y));
    PetscCall(Multiply(A, x, y, y));
    PetscCall(VecRestoreArray(yy, &y));
  } else {
    PetscCall(VecGetArrayRead(ww, &w));
    PetscCall(VecGetArrayWrite(yy, &y));
    PetscCall(Multiply(A, x, w, y));
    PetscCall(VecRestoreArrayWrite(yy, &y));
    PetscCall(VecRestoreArrayRead(ww, &w));
  }
  PetscCall(VecRestoreArrayRead(xx, &x));
  PetscFunctionReturn(0);
}

/* The sequential blocks of A (1 or 2) whose mult and multadd are replaced; 0 for a type left alone. */
static PetscErrorCode GetSeqBlocks(Mat A, PetscInt *n, Mat blocks[2])
{
  PetscBool seq, mpi;

  PetscFunctionBegin;
  *n = 0;
#if defined(PETSC_USE_64BIT_INDICES) || defined(PETSC_USE_COMPLEX) || !defined(PETSC_USE_REAL_DOUBLE)
  PetscFunctionReturn(0); /* the kernels take int indices and double values */
#endif
  PetscCall(PetscObjectTypeCompare((PetscObject)A, MATSEQAIJ, &seq));
  PetscCall(PetscObjectTypeCompare((PetscObject)A, MATMPIAIJ, &mpi));
  if (seq) {
    blocks[0] = A;
    *n        = 1;
  } else if (mpi) {
    PetscCall(MatMPIAIJGetSeqAIJ(A, &blocks[0], &blocks[1], NULL));
    *n = 2;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioMatSetMultiply(Mat A, DioMatMultiplyType type)
{
  Mat            blocks[2];
  PetscInt       n;
  PetscContainer container;
  DioMultChoice *choice;

  PetscFunctionBegin;
  PetscCall(GetSeqBlocks(A, &n, blocks));
  for (PetscInt b = 0; b < n; b++) {
    PetscBool     seq;
    DioCSRLayout *data;
    void (*mult)(void), (*multadd)(void);
    PetscCall(PetscObjectTypeCompare((PetscObject)blocks[b], MATSEQAIJ, &seq));
    if (!seq) continue;
    PetscCall(GetBlockData(blocks[b], &data));
    PetscCall(MatGetOperation(blocks[b], MATOP_MULT, &mult));
    PetscCall(MatGetOperation(blocks[b], MATOP_MULT_ADD, &multadd));
    if (mult != (void (*)(void))MatMult_Dio) data->petsc_mult = mult; /* PETSc's, as the type set it */
    if (multadd != (void (*)(void))MatMultAdd_Dio) data->petsc_multadd = multadd;
    if (type == DIO_MAT_MULTIPLY_DIOMEDE) {
      PetscCall(MatSetOperation(blocks[b], MATOP_MULT, (void (*)(void))MatMult_Dio));
      PetscCall(MatSetOperation(blocks[b], MATOP_MULT_ADD, (void (*)(void))MatMultAdd_Dio));
    } else {
      PetscCheck(data->petsc_mult && data->petsc_multadd, PETSC_COMM_SELF, PETSC_ERR_ORDER, "PETSc's multiply of this matrix is unknown");
      PetscCall(MatSetOperation(blocks[b], MATOP_MULT, data->petsc_mult));
      PetscCall(MatSetOperation(blocks[b], MATOP_MULT_ADD, data->petsc_multadd));
    }
  }
  if (n == 0) PetscFunctionReturn(0);
  PetscCall(PetscObjectQuery((PetscObject)A, DIO_MULT_CHOICE, (PetscObject *)&container));
  if (!container) {
    PetscCall(PetscNew(&choice));
    PetscCall(PetscContainerCreate(PETSC_COMM_SELF, &container));
    PetscCall(PetscContainerSetPointer(container, choice));
    PetscCall(PetscContainerSetUserDestroy(container, PetscContainerUserDestroyDefault));
    PetscCall(PetscObjectCompose((PetscObject)A, DIO_MULT_CHOICE, (PetscObject)container));
    PetscCall(PetscContainerDestroy(&container));
  } else PetscCall(PetscContainerGetPointer(container, (void **)&choice));
  choice->type = type;
  PetscFunctionReturn(0);
}

PetscErrorCode DioMatSetMultiplyFromOptions(Mat A, DioMatMultiplyType fallback)
{
  PetscInt    type = (PetscInt)fallback;
  const char *prefix;

  PetscFunctionBegin;
  PetscCall(MatGetOptionsPrefix(A, &prefix));
  PetscOptionsBegin(PetscObjectComm((PetscObject)A), prefix, "Matrix multiply", "Mat");
  PetscCall(PetscOptionsEList("-mat_multiply", "Kernel of MatMult on AIJ: diomede (blocked, kernels/csr_multiply.h) or petsc", "DioMatSetMultiply", DioMatMultiplyTypes, 2,
                              DioMatMultiplyTypes[type], &type, NULL));
  PetscOptionsEnd();
  PetscCall(DioMatSetMultiply(A, (DioMatMultiplyType)type));
  PetscFunctionReturn(0);
}

PetscErrorCode DioMatMultiplyRefresh(Mat A)
{
  PetscContainer container;
  DioMultChoice *choice;

  PetscFunctionBegin;
  PetscCall(PetscObjectQuery((PetscObject)A, DIO_MULT_CHOICE, (PetscObject *)&container));
  if (!container) PetscFunctionReturn(0);
  PetscCall(PetscContainerGetPointer(container, (void **)&choice));
  PetscCall(DioMatSetMultiply(A, choice->type));
  PetscFunctionReturn(0);
}

PetscErrorCode DioMatMultiplyIsInstalled(Mat A, PetscBool *installed)
{
  Mat      blocks[2];
  PetscInt n;

  PetscFunctionBegin;
  PetscCall(GetSeqBlocks(A, &n, blocks));
  *installed = (PetscBool)(n > 0);
  for (PetscInt b = 0; b < n; b++) {
    void (*mult)(void), (*multadd)(void);
    PetscCall(MatGetOperation(blocks[b], MATOP_MULT, &mult));
    PetscCall(MatGetOperation(blocks[b], MATOP_MULT_ADD, &multadd));
    if (mult != (void (*)(void))MatMult_Dio || multadd != (void (*)(void))MatMultAdd_Dio) *installed = PETSC_FALSE;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioMatMultiplyGetBlockSize(Mat A, PetscInt *bs)
{
  Mat            blocks[2];
  PetscInt       n;
  PetscContainer container;

  PetscFunctionBegin;
  *bs = 0;
  PetscCall(GetSeqBlocks(A, &n, blocks));
  if (n == 0) PetscFunctionReturn(0);
  PetscCall(PetscObjectQuery((PetscObject)blocks[0], DIO_MULT_CACHE, (PetscObject *)&container));
  if (container) {
    DioCSRLayout *layout;
    PetscCall(PetscContainerGetPointer(container, (void **)&layout));
    *bs = layout->bs;
  }
  PetscFunctionReturn(0);
}
