/* SPDX-License-Identifier: BSD-2-Clause
   elasticity_matrix.c: the stiffness matrix of the elasticity (and the elastoplastic tangent): a CSR pattern
   preallocated from the node adjacency of the cells and, for AIJ, inserted at creation (each entry once); element
   matrices computed in bounded OpenMP chunks and added straight into the AIJ arrays (rows owned by another rank, and
   other matrix types, through MatSetValues).

   Dirichlet conditions are imposed by elimination: a constrained dof keeps the diagonal of every element matrix (so
   the row is scaled like its neighbours) and every off-diagonal value of its row and column is zero; its load is
   zero. The matrix stays symmetric positive definite with block size dim, and the pattern never changes (every entry
   of the pattern is inserted at every assembly, zero or not).
   The pattern is made of dense dim x dim blocks: a node with every component fixed keeps only its diagonal block and
   appears in no other row; a node with some components fixed (a roller) keeps all its blocks, with explicit zeros.
   Dense blocks let GAMG (PETSc 3.18, MatCreateGraph_Simple_AIJ) collapse the matrix to its node graph by the fast
   path; a single row of another length sends it, for the whole matrix, to a path 1.5-3x slower.

   Memory: the pattern costs what the matrix costs. PETSc's COO assembly, used before, kept two index maps of
   num_cells * ndof^2 entries and diomede a value slab of the same length (1.3-2x the peak memory of PETSc's own
   DMCreateMatrix path); the element matrices now live only in a chunk of at most DIO_ELAS_CHUNK_BYTES. */
#include "elasticity_impl.h"
#include "fe_common.h"
#include "mat_multiply.h"

/* Element matrices computed per chunk (all threads), then inserted (one thread). */
#define DIO_ELAS_CHUNK_BYTES (8 << 20)

/*
  DioElasticityCreateMatrix - the stiffness matrix with its pattern (block size dim), preallocated from the cells.
  Collective. Options prefix mech_ (-mech_mat_type aij, baij, sbaij ...). The pattern is fixed by the first
  assembly; inserting outside it later is an error.
*/
PetscErrorCode DioElasticityCreateMatrix(DioElasticity e, Mat *K)
{
  PetscInt     n_local, n_blocks, *d_nnz, *o_nnz, *du_nnz, *ou_nnz, *drop;
  PetscSection global_section;
  PetscBool    aij;

  PetscFunctionBegin;
  PetscCall(DioElasticitySetUp(e));
  PetscCall(DMGetGlobalSection(e->dm_u, &global_section));
  PetscCall(PetscSectionGetConstrainedStorageSize(global_section, &n_local));
  n_blocks = n_local / e->dim;
  PetscCall(PetscCalloc4(n_blocks, &d_nnz, n_blocks, &o_nnz, n_blocks, &du_nnz, n_blocks, &ou_nnz));
  {
    /* a node with every component fixed keeps only its diagonal block, in its row and in its column */
    PetscSection local_section;
    PetscInt     local_size, num_nodes;
    PetscCall(DMGetLocalSection(e->dm_u, &local_section));
    PetscCall(PetscSectionGetStorageSize(local_section, &local_size));
    num_nodes = local_size / e->dim;
    PetscCall(PetscMalloc1(num_nodes, &drop));
    for (PetscInt i = 0; i < num_nodes; i++) {
      drop[i] = DIO_FE_DROP_ROW_COLUMN;
      for (PetscInt comp = 0; comp < e->dim; comp++) if (!e->local_constrained[i * e->dim + comp]) drop[i] = DIO_FE_DROP_NONE;
    }
    PetscCall(DioFECountBlockNonzeros_Internal(e->dm_u, e->dim, e->num_cells, e->nodes_per_cell, e->cell_local_dofs, e->cell_global_dofs, drop, n_blocks,
                                               d_nnz, o_nnz, du_nnz, ou_nnz));
  }
  PetscCall(MatCreate(PetscObjectComm((PetscObject)e->dm), K));
  PetscCall(MatSetSizes(*K, n_local, n_local, PETSC_DETERMINE, PETSC_DETERMINE));
  PetscCall(MatSetBlockSize(*K, e->dim));
  PetscCall(MatSetType(*K, MATAIJ));
  PetscCall(MatSetOptionsPrefix(*K, "mech_"));
  PetscCall(MatSetFromOptions(*K));
  PetscCall(MatXAIJSetPreallocation(*K, e->dim, d_nnz, o_nnz, du_nnz, ou_nnz));
  {
    /* MatXAIJSetPreallocation() knows no SELL (-mech_mat_type sell, for mat-vec experiments): per-row counts */
    PetscBool sliced;
    PetscCall(PetscObjectTypeCompareAny((PetscObject)*K, &sliced, MATSEQSELL, MATMPISELL, ""));
    if (sliced) {
      PetscInt *d_rows, *o_rows;
      PetscCall(PetscMalloc2(n_local, &d_rows, n_local, &o_rows));
      for (PetscInt i = 0; i < n_local; i++) {
        d_rows[i] = d_nnz[i / e->dim] * e->dim;
        o_rows[i] = o_nnz[i / e->dim] * e->dim;
      }
      PetscCall(MatSeqSELLSetPreallocation(*K, 0, d_rows));
      PetscCall(MatMPISELLSetPreallocation(*K, 0, d_rows, 0, o_rows));
      PetscCall(PetscFree2(d_rows, o_rows));
    }
  }
  {
    PetscBool symmetric_storage;
    PetscCall(PetscObjectTypeCompareAny((PetscObject)*K, &symmetric_storage, MATSEQSBAIJ, MATMPISBAIJ, ""));
    if (symmetric_storage) PetscCall(MatSetOption(*K, MAT_IGNORE_LOWER_TRIANGULAR, PETSC_TRUE)); /* keep the upper triangle */
  }
  PetscCall(MatSetOption(*K, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
  /* AIJ: the pattern now, each entry once, so that every assembly adds into it directly (InsertDirect) */
  PetscCall(PetscObjectTypeCompareAny((PetscObject)*K, &aij, MATSEQAIJ, MATMPIAIJ, ""));
  if (aij) PetscCall(DioFEInsertBlockPattern_Internal(*K, e->dm_u, e->dim, e->num_cells, e->nodes_per_cell, e->cell_local_dofs, e->cell_global_dofs, drop));
  PetscCall(PetscFree(drop));
  /* -mech_mat_multiply diomede|petsc: the product of kernels/csr_multiply.h on the AIJ arrays (mat_multiply.c) */
  PetscCall(DioMatSetMultiplyFromOptions(*K, DIO_MAT_MULTIPLY_DIOMEDE));
  PetscCall(PetscFree4(d_nnz, o_nnz, du_nnz, ou_nnz));
  PetscFunctionReturn(0);
}

/* Adding element matrices straight into the arrays of an AIJ matrix whose pattern is final (DioElasticityCreateMatrix
   inserted it): the diagonal part (1 rank: the matrix) and the off-diagonal one of MPIAIJ; rows owned by another
   rank go through MatSetValues. Every dim x dim block is dense and the dim rows of a block row have the same
   columns, so a block is found once (binary search in its first row) for all its rows. */
typedef struct {
  Mat             part[2];    /* diagonal, off-diagonal (NULL on one rank) */
  const PetscInt *ia[2], *ja[2];
  PetscScalar    *va[2];
  PetscInt       *node_row;   /* [num_nodes] local row of the node's first dof, -1: a ghost row */
  PetscInt       *node_col;   /* [num_nodes] column in the diagonal part (>= 0) or -(column in the off-diagonal + 1) */
  PetscBool      *node_fixed; /* [num_nodes] every component constrained: only its diagonal block */
} DirectInsert;

static PetscErrorCode DirectInsertBegin(DioElasticity e, Mat K, DirectInsert *d)
{
  const PetscInt  dim = e->dim, ndof = e->dofs_per_cell;
  PetscInt        rstart, rend, num_nodes, local_size, n, num_garray = 0;
  const PetscInt *garray = NULL;
  PetscBool       mpi, done;
  PetscSection    local_section;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(d, sizeof(*d)));
  PetscCall(MatGetOwnershipRange(K, &rstart, &rend));
  PetscCall(PetscObjectTypeCompare((PetscObject)K, MATMPIAIJ, &mpi));
  if (mpi) {
    PetscCall(MatMPIAIJGetSeqAIJ(K, &d->part[0], &d->part[1], &garray));
    PetscCall(MatGetLocalSize(d->part[1], NULL, &num_garray));
  } else d->part[0] = K;
  for (PetscInt k = 0; k < 2; k++) {
    if (!d->part[k]) continue;
    PetscCall(MatGetRowIJ(d->part[k], 0, PETSC_FALSE, PETSC_FALSE, &n, &d->ia[k], &d->ja[k], &done));
    PetscCheck(done, PETSC_COMM_SELF, PETSC_ERR_PLIB, "no row structure of the stiffness matrix");
    PetscCall(MatSeqAIJGetArray(d->part[k], &d->va[k]));
  }
  PetscCall(DMGetLocalSection(e->dm_u, &local_section));
  PetscCall(PetscSectionGetStorageSize(local_section, &local_size));
  num_nodes = local_size / dim;
  PetscCall(PetscMalloc3(num_nodes, &d->node_row, num_nodes, &d->node_col, num_nodes, &d->node_fixed));
  for (PetscInt i = 0; i < num_nodes; i++) {
    d->node_row[i]   = -1;
    d->node_col[i]   = PETSC_MIN_INT; /* in no part: a node no owned row couples to */
    d->node_fixed[i] = PETSC_TRUE;
    for (PetscInt p = 0; p < dim; p++)
      if (!e->local_constrained[i * dim + p]) d->node_fixed[i] = PETSC_FALSE;
  }
  for (PetscInt c = 0; c < e->num_cells; c++) {
    for (PetscInt a = 0; a < e->nodes_per_cell; a++) {
      const PetscInt i = e->cell_local_dofs[c * ndof + a * dim] / dim, g = e->cell_global_dofs[c * ndof + a * dim];
      PetscInt       pos;
      if (g >= rstart && g < rend) {
        d->node_row[i] = g - rstart;
        d->node_col[i] = g - rstart;
      } else if (garray && d->node_col[i] == PETSC_MIN_INT) {
        PetscCall(PetscFindInt(g, num_garray, garray, &pos));
        if (pos >= 0) d->node_col[i] = -(pos + 1);
      }
    }
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode DirectInsertEnd(DirectInsert *d)
{
  PetscInt  n;
  PetscBool done;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < 2; k++) {
    if (!d->part[k]) continue;
    PetscCall(MatSeqAIJRestoreArray(d->part[k], &d->va[k]));
    PetscCall(MatRestoreRowIJ(d->part[k], 0, PETSC_FALSE, PETSC_FALSE, &n, &d->ia[k], &d->ja[k], &done));
  }
  PetscCall(PetscFree3(d->node_row, d->node_col, d->node_fixed));
  PetscFunctionReturn(0);
}

/* Ke (scaled, constrained couplings zeroed) of local cell c added into K: owned rows directly, ghost rows with
   MatSetValues; a fixed node keeps only its diagonal block, in its row and in its column. The cell's column blocks are
   visited in the order of their columns, so that each row is walked forward once from its start (blocks are dense:
   a block's first column every dim entries) instead of a binary search per block, which read the row's column
   indices from memory again for every block (issue 16: 45 % of the insertion on DB2). node_mark (NULL: every row):
   only the rows of the nodes marked. */
static PetscErrorCode DirectInsertCell(DioElasticity e, const DirectInsert *d, Mat K, PetscInt c, const double *Ke, const PetscInt node_mark[])
{
  const PetscInt  dim = e->dim, ndof = e->dofs_per_cell, npc = e->nodes_per_cell;
  const PetscInt *local = &e->cell_local_dofs[c * ndof], *global = &e->cell_global_dofs[c * ndof];
  PetscInt        order[DIO_MAX_NODES], part[DIO_MAX_NODES], column[DIO_MAX_NODES];

  PetscFunctionBegin;
  for (PetscInt b = 0; b < npc; b++) {
    /* the part (0 diagonal, 1 off-diagonal, 2 none: a fixed node no owned row couples to) and column of node b, the
       nodes sorted by both */
    const PetscInt col = d->node_col[local[b * dim] / dim];
    PetscInt       m   = b - 1;
    part[b]            = col == PETSC_MIN_INT ? 2 : col >= 0 ? 0 : 1;
    column[b]          = col == PETSC_MIN_INT ? 0 : col >= 0 ? col : -(col + 1);
    for (; m >= 0 && (part[order[m]] > part[b] || (part[order[m]] == part[b] && column[order[m]] > column[b])); m--)
      order[m + 1] = order[m];
    order[m + 1] = b;
  }
  for (PetscInt a = 0; a < npc; a++) {
    const PetscInt la = local[a * dim] / dim, r0 = d->node_row[la];
    PetscInt       next[2];
    if (node_mark && !node_mark[la]) continue; /* a row the update keeps */
    if (r0 < 0) { /* a ghost row: its owner adds it */
      PetscInt cols[DIO_MAX_ELEMENT_DOFS];
      for (PetscInt b = 0; b < npc; b++) {
        const PetscBool keep = (PetscBool)(b == a || (!d->node_fixed[la] && !d->node_fixed[local[b * dim] / dim]));
        for (PetscInt q = 0; q < dim; q++) cols[b * dim + q] = keep ? global[b * dim + q] : -1;
      }
      PetscCall(MatSetValues(K, dim, &global[a * dim], ndof, cols, &Ke[a * dim * ndof], ADD_VALUES));
      continue;
    }
    for (PetscInt k = 0; k < 2; k++) next[k] = d->part[k] ? d->ia[k][r0] : 0;
    for (PetscInt i = 0; i < npc; i++) {
      const PetscInt b = order[i], lb = local[b * dim] / dim, k = part[b];
      PetscInt       lo, end;
      if (b != a && (d->node_fixed[la] || d->node_fixed[lb])) continue;
      PetscCheck(k < 2 && d->part[k], PETSC_COMM_SELF, PETSC_ERR_PLIB,
                 "cell %" PetscInt_FMT ": a coupling outside the matrix pattern", c);
      lo  = next[k];
      end = d->ia[k][r0 + 1];
      while (lo < end && d->ja[k][lo] < column[b]) lo += dim;
      PetscCheck(lo < end && d->ja[k][lo] == column[b], PETSC_COMM_SELF, PETSC_ERR_PLIB,
                 "cell %" PetscInt_FMT ": a coupling outside the matrix pattern", c);
      next[k] = lo + dim;
      for (PetscInt p = 0; p < dim; p++) {
        PetscScalar  *v  = &d->va[k][d->ia[k][r0 + p] + (lo - d->ia[k][r0])];
        const double *ke = &Ke[(a * dim + p) * ndof + b * dim];
        for (PetscInt q = 0; q < dim; q++) v[q] += ke[q];
      }
    }
  }
  PetscFunctionReturn(0);
}

/* The element matrices kernel(e, c, ctx, Ke) of the cells cells[0..num) (NULL: every cell, in order) scaled, the
   couplings of constrained dofs zeroed, added into K (direct: into the AIJ arrays of d); node_mark (NULL: every row)
   keeps the rows of the unmarked nodes out. *bad: the least cell whose kernel failed (unchanged if none). */
static PetscErrorCode AssembleCells(DioElasticity e, DioElasCellMatrixFn kernel, void *ctx, Mat K, const DirectInsert *d, PetscInt num, const PetscInt cells[],
                                    const PetscInt node_mark[], PetscInt *bad_cell)
{
  const PetscInt ndof = e->dofs_per_cell, chunk = PetscMax(1, DIO_ELAS_CHUNK_BYTES / (PetscInt)(ndof * ndof * sizeof(double)));
  const PetscInt dim = e->dim;
  const double   scale = 1.0 / e->modulus_scale;
  PetscInt       bad = *bad_cell;
  double        *Ke_chunk;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1((size_t)PetscMin(chunk, PetscMax(num, 1)) * ndof * ndof, &Ke_chunk));
  for (PetscInt i0 = 0; i0 < num; i0 += chunk) {
    const PetscInt i1 = PetscMin(i0 + chunk, num);
    #pragma omp parallel for schedule(static) reduction(min : bad)
    for (PetscInt i = i0; i < i1; i++) {
      const PetscInt  c     = cells ? cells[i] : i;
      const PetscInt *local = &e->cell_local_dofs[c * ndof];
      double         *Ke    = &Ke_chunk[(size_t)(i - i0) * ndof * ndof];
      if (kernel(e, c, ctx, Ke)) bad = PetscMin(bad, c);
      DioElasticityRotateElementMatrix_Internal(e, c, Ke); /* inclined rollers: R^T Ke R */
      for (PetscInt r = 0; r < ndof; r++) {
        const PetscBool row_fixed = (PetscBool)(e->local_constrained[local[r]] != 0);
        for (PetscInt s = 0; s < ndof; s++) {
          const PetscBool dropped = (PetscBool)((row_fixed || e->local_constrained[local[s]]) && r != s);
          Ke[r * ndof + s] = dropped ? 0.0 : scale * Ke[r * ndof + s];
        }
      }
    }
    PetscCall(PetscLogEventBegin(e->event_insert, K, 0, 0, 0));
    for (PetscInt i = i0; d && i < i1; i++) PetscCall(DirectInsertCell(e, d, K, cells ? cells[i] : i, &Ke_chunk[(size_t)(i - i0) * ndof * ndof], node_mark));
    for (PetscInt c = i0; !d && c < i1; c++) {
      const PetscInt *local = &e->cell_local_dofs[c * ndof], *global = &e->cell_global_dofs[c * ndof];
      const double   *Ke    = &Ke_chunk[(size_t)(c - i0) * ndof * ndof];
      PetscInt        rows[DIO_MAX_ELEMENT_DOFS], num_fixed_nodes = 0;
      PetscBool       node_fixed[DIO_MAX_NODES];
      for (PetscInt a = 0; a < e->nodes_per_cell; a++) {
        node_fixed[a] = PETSC_TRUE;
        for (PetscInt d = 0; d < dim; d++) if (!e->local_constrained[local[a * dim + d]]) node_fixed[a] = PETSC_FALSE;
        for (PetscInt d = 0; d < dim; d++) rows[a * dim + d] = node_fixed[a] ? -1 : global[a * dim + d]; /* -1: ignored */
        if (node_fixed[a]) num_fixed_nodes++;
      }
      PetscCall(MatSetValues(K, ndof, rows, ndof, rows, Ke, ADD_VALUES));
      for (PetscInt a = 0; num_fixed_nodes && a < e->nodes_per_cell; a++) {
        double block[DIO_MAX_DIM * DIO_MAX_DIM]; /* diagonal block of a fixed node: its diagonal, explicit zeros */
        if (!node_fixed[a]) continue;
        for (PetscInt p = 0; p < dim; p++) {
          for (PetscInt q = 0; q < dim; q++) block[p * dim + q] = Ke[(a * dim + p) * ndof + a * dim + q];
        }
        PetscCall(MatSetValues(K, dim, &global[a * dim], dim, &global[a * dim], block, ADD_VALUES));
      }
    }
    PetscCall(PetscLogEventEnd(e->event_insert, K, 0, 0, 0));
  }
  PetscCall(PetscFree(Ke_chunk));
  *bad_cell = bad;
  PetscFunctionReturn(0);
}

/* The assembly's end: K assembled, its multiply restored. */
static PetscErrorCode AssemblyEnd(Mat K)
{
  PetscFunctionBegin;
  PetscCall(MatAssemblyBegin(K, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(K, MAT_FINAL_ASSEMBLY));
  PetscCall(DioMatMultiplyRefresh(K)); /* the multiply chosen at creation, whatever the assembly did to the ops */
  PetscFunctionReturn(0);
}

/*
  Assemble K from the element matrices kernel(e, c, ctx, Ke) (unscaled; multiplied here by 1 / modulus_scale).
  Collective. The kernels run in OpenMP chunks of at most DIO_ELAS_CHUNK_BYTES; each chunk is then inserted with
  MatSetValues (the couplings of constrained dofs zero, their diagonals kept). *bad_cell: the first local cell
  whose kernel failed, -1 if none; K is assembled in any case, so that every rank leaves together.
*/
PetscErrorCode DioElasticityAssembleMatrix_Internal(DioElasticity e, DioElasCellMatrixFn kernel, void *ctx, Mat K, PetscInt *bad_cell)
{
  PetscInt     bad = PETSC_MAX_INT;
  PetscBool    direct;
  DirectInsert d;

  PetscFunctionBegin;
  if (K == e->K) e->K_generation = -1; /* DioElasticityAssemble() records it again for the stiffness */
  PetscCall(MatZeroEntries(K));
  /* AIJ with its pattern in place (DioElasticityCreateMatrix): straight into its arrays; other types MatSetValues */
  {
    PetscBool aij, assembled;
    PetscCall(PetscObjectTypeCompareAny((PetscObject)K, &aij, MATSEQAIJ, MATMPIAIJ, ""));
    PetscCall(MatAssembled(K, &assembled));
    direct = (PetscBool)(aij && assembled);
  }
  if (direct) PetscCall(DirectInsertBegin(e, K, &d));
  PetscCall(AssembleCells(e, kernel, ctx, K, direct ? &d : NULL, e->num_cells, NULL, NULL, &bad));
  if (direct) PetscCall(DirectInsertEnd(&d));
  PetscCall(AssemblyEnd(K));
  *bad_cell = bad == PETSC_MAX_INT ? -1 : bad;
  PetscFunctionReturn(0);
}

/*
  DioElasticityUpdateMatrix_Internal - K (AIJ, assembled by DioElasticityAssembleMatrix_Internal() with the same
  kernel) brought up to date where the cells cell_changed[] changed, nothing else: the rows of every node of those
  cells (on every rank sharing it: e->K_node_marked) zeroed and summed again from every cell touching the node, in the
  order of the full assembly, so that K is the full assembly's (bitwise on one rank; to round-off where another rank
  adds to a row). *num_updated: the local cells computed again. Collective.
*/
PetscErrorCode DioElasticityUpdateMatrix_Internal(DioElasticity e, DioElasCellMatrixFn kernel, void *ctx, Mat K, const PetscBool cell_changed[],
                                                  PetscInt *num_updated, PetscInt *bad_cell)
{
  const PetscInt ndof = e->dofs_per_cell, dim = e->dim;
  PetscInt       local_size, num_nodes, *mark, *cells, num = 0, bad = PETSC_MAX_INT;
  PetscSection   local_section;
  DirectInsert   d;

  PetscFunctionBegin;
  PetscCall(DMGetLocalSection(e->dm_u, &local_section));
  PetscCall(PetscSectionGetStorageSize(local_section, &local_size));
  num_nodes = local_size / dim;
  PetscCall(PetscCalloc1(local_size + 1, &mark));
  for (PetscInt c = 0; c < e->num_cells; c++)
    for (PetscInt i = 0; cell_changed[c] && i < ndof; i++) mark[e->cell_local_dofs[c * ndof + i]] = 1;
  PetscCall(DioSyncLocalDofs_Internal(e->dm_u, mark, MPI_MAX)); /* the nodes other ranks' changed cells touch */
  for (PetscInt i = 0; i < num_nodes; i++) e->K_node_marked[i] = mark[i * dim];
  PetscCall(PetscFree(mark));
  PetscCall(PetscMalloc1(e->num_cells + 1, &cells));
  for (PetscInt c = 0; c < e->num_cells; c++) {
    PetscBool touched = PETSC_FALSE;
    for (PetscInt a = 0; a < e->nodes_per_cell && !touched; a++) touched = (PetscBool)(e->K_node_marked[e->cell_local_dofs[c * ndof + a * dim] / dim] != 0);
    if (touched) cells[num++] = c;
  }
  PetscCall(DirectInsertBegin(e, K, &d));
  for (PetscInt i = 0; i < num_nodes; i++) {
    const PetscInt r0 = d.node_row[i];
    if (r0 < 0 || !e->K_node_marked[i]) continue;
    for (PetscInt k = 0; k < 2; k++)
      for (PetscInt j = d.part[k] ? d.ia[k][r0] : 0; d.part[k] && j < d.ia[k][r0 + dim]; j++) d.va[k][j] = 0.0;
  }
  PetscCall(AssembleCells(e, kernel, ctx, K, &d, num, cells, e->K_node_marked, &bad));
  PetscCall(DirectInsertEnd(&d));
  PetscCall(AssemblyEnd(K));
  PetscCall(PetscFree(cells));
  *num_updated = num;
  *bad_cell    = bad == PETSC_MAX_INT ? -1 : bad;
  PetscFunctionReturn(0);
}
