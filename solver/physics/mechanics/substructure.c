/* SPDX-License-Identifier: BSD-2-Clause
   substructure.c: the Cholesky preconditioner of the linear mechanics solve (-mech_direct_max_dofs) computed by
   substructuring (-mech_substructures K, issue 16): an exact direct solve whose factorisations are kept from stage to
   stage where the stage left their part of the stiffness unchanged.

   The cells are split into K slabs of equal cell counts by the x coordinate of their centroids (cells with one
   centroid x stay together; slabs that would be empty are dropped). The interface Gamma is the set of dofs of nodes
   touching cells of two or more slabs; the interior I_k of slab k the other dofs of its cells, and G_k the interface
   dofs of its cells. Each slab belongs to one rank (slabs dealt out in turn) whatever the mesh partition: its
   rows K[I_k + G_k, I_k + G_k] are gathered from the assembled stiffness (MatCreateSubMatrices) and factored by a
   sequential MUMPS Cholesky with the Schur complement on G_k (MatFactorSetSchurIS), which gives
   C_k = K[G_k,I_k] K[I_k,I_k]^-1 K[I_k,G_k] as K[G_k,G_k] - Schur. The interface system
   S = K[Gamma,Gamma] - sum_k C_k is block tridiagonal by cut (cut j: the dofs of nodes touching slabs j and j + 1;
   C_k couples cuts k - 1 and k only): by default (-mech_substructures_interface blocks, interface_blocks.c) its dense
   blocks are held on every rank, the changed cuts summed over the ranks, and factored by a twisted block Cholesky
   (kernels/block_tridiagonal.h) again only where they changed, a drive stage's few cuts (0.6-0.8 s a stage at full
   size when MUMPS factored S whole); with -mech_substructures_interface mumps, or where the slabs do not give that
   structure (a node touching three slabs, a cut over 3000 dofs), S is assembled by COO and factored whole by MUMPS
   (parallel). Applying the preconditioner solves K x = b exactly (to round-off):
     g   = b_Gamma - sum_k K[G_k,I_k] A_kk^-1 b_Ik,   u_Gamma = S^-1 g,   x_Ik = A_kk^-1 (b_Ik - K[I_k,G_k] u_Gk),
   the interior solves by MUMPS with ICNTL(26) = 0 (the interior problem only), the couplings by the slab's matrix.
   After every assembly the slabs' rows are gathered again and only a slab whose interior rows changed (a 64-bit hash
   of their values: K[I_k,I_k] and K[I_k,G_k], all its factor and C_k depend on) is factored again; S is factored
   again when a C_k or K[Gamma,Gamma] changed. A drive stage changes the cells of a few slabs; the other slabs'
   factorisations are kept. A slab one cell thick has no interior and nothing to factor. The slabs are ordered by
   METIS and dealt out to the ranks in turn, so that the few neighbouring slabs a stage changes are factored in
   parallel. CG (elasticity_solve.c) tests the true residual with this preconditioner: one application per solve.

   Dirichlet rows (the diagonal kept, couplings zero: elasticity_matrix.c) and pinned dofs stay in their slab like any
   other; the matrix is symmetric positive definite, so are its slabs' blocks and S. */
#include "elasticity_impl.h"
#include "interface_blocks.h"

typedef struct {
  DioElasticity e;         /* not owned */
  PetscInt      num_slabs; /* K after empty slabs were dropped */
  PetscMPIInt   rank, size;
  PetscInt      num_own;   /* this rank's slabs: rank, rank + size, rank + 2 size ... (own slab k is slab rank + k size) */
  IS           *is_slab;   /* [num_own] global rows of I_k and G_k, sorted */
  Mat          *M;         /* [num_own] K[is_slab, is_slab] (sequential) */
  Mat          *factor;    /* [num_own] Cholesky (MUMPS) with the Schur complement on G_k */
  Vec          *y, *t, *w; /* [num_own] work of the slab's size; w: a view into W */
  PetscInt     *num_gamma; /* [num_own] |G_k| */
  PetscInt    **gamma_pos; /* [num_own][num_gamma] positions of G_k in is_slab */
  PetscBool   **on_gamma;  /* [num_own][slab size] the position is in G_k */
  PetscCount   *coo_offset; /* [num_own] of slab k's -C_k (num_gamma^2 values, row-major) in coo_values */
  PetscInt64   *hash;      /* [num_own] of the values the factor was computed from */
  PetscInt     *cell_slab; /* [num_cells] the slab of each local cell */
  PetscBool    *gathered;  /* [num_own] the slab's rows were gathered in this set-up */
  PetscInt      update_id; /* e->K_update_id of the stiffness gathered last */
  PetscInt     *w_offset;  /* [num_own + 1] of slab k in W */
  Vec           W;         /* sequential: every own slab's entries */
  VecScatter    scatter;   /* global vector -> W */
  Vec           r;         /* global work */
  IS            is_gamma;  /* the owned interface rows (global), the layout of S */
  PetscInt     *gamma_index; /* [global size] row of S of an interface dof, -1 for an interior one */
  PetscCount    num_coo, num_coo_slabs; /* COO entries of S: the slabs' C_k first, then K[Gamma,Gamma]'s owned rows */
  PetscScalar  *coo_values;
  PetscInt64    hash_gamma;
  Mat           S;
  KSP           ksp_S;     /* Cholesky (MUMPS) of S */
  Vec           u_gamma;
  PetscBool     setup;
  PetscInt      refactored, solves; /* slabs factored in the last set-up; set-ups */
  PetscInt     *gamma_cut;  /* [num_gamma] the cut of each row of S (slab j and j + 1: cut j); NULL: S not by blocks */
  DioInterfaceBlocks blocks; /* S by blocks by cut (interface_blocks.c); NULL: S and ksp_S (MUMPS) */
  PetscBool    *slab_changed; /* [num_own + 1] slab k factored in this set-up; the last: K[Gamma,Gamma] (always) */
  PetscInt      cuts_changed, blocks_factored; /* in the last set-up, by blocks */
  PetscBool     skip_negligible; /* -mech_substructures_skip_negligible: slabs of negligible right-hand side not solved */
  PetscInt    **coupled;   /* [num_own][1 + count] count, then the positions whose rows couple I_k and G_k */
  PetscBool    *dropped;   /* [num_own] the last condensation took b_Ik as zero (so does the expansion after it) */
  PetscLogEvent event_factor, event_interface, event_apply, event_condense, event_expand;
} Substructure;

static int CompareReal(const void *a, const void *b)
{
  const PetscReal x = *(const PetscReal *)a, y = *(const PetscReal *)b;
  return (x > y) - (x < y);
}

/* The slab of every local cell (cell_slab[num_cells]) and the number of slabs: cuts at the centroid x of the cells
   at ranks j N / K (N cells in all), repeated cuts dropped. Collective. */
static PetscErrorCode SlabsOfCells(DioElasticity e, PetscInt requested, PetscInt cell_slab[], PetscInt *num_slabs)
{
  MPI_Comm     comm = PetscObjectComm((PetscObject)e->dm);
  PetscMPIInt  size, n_local, *counts, *displs;
  PetscReal   *x_local, *x_all, *cuts;
  PetscInt     n_all = 0, num_cuts = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMPIIntCast(e->num_cells, &n_local));
  PetscCall(PetscMalloc3(e->num_cells, &x_local, size, &counts, size, &displs));
  for (PetscInt c = 0; c < e->num_cells; c++) {
    x_local[c] = 0;
    for (PetscInt a = 0; a < e->nodes_per_cell; a++) x_local[c] += e->cell_nodes[(c * e->nodes_per_cell + a) * e->dim];
    x_local[c] /= e->nodes_per_cell;
  }
  PetscCallMPI(MPI_Allgather(&n_local, 1, MPI_INT, counts, 1, MPI_INT, comm));
  for (PetscMPIInt p = 0; p < size; p++) {
    displs[p] = (PetscMPIInt)n_all;
    n_all += counts[p];
  }
  PetscCall(PetscMalloc2(n_all, &x_all, requested, &cuts));
  PetscCallMPI(MPI_Allgatherv(x_local, n_local, MPIU_REAL, x_all, counts, displs, MPIU_REAL, comm));
  qsort(x_all, (size_t)n_all, sizeof(PetscReal), CompareReal);
  for (PetscInt k = 1; k < requested; k++) {
    const PetscReal cut = x_all[(k * n_all) / requested];
    if (cut > x_all[0] && (num_cuts == 0 || cut > cuts[num_cuts - 1])) cuts[num_cuts++] = cut;
  }
  for (PetscInt c = 0; c < e->num_cells; c++) {
    PetscInt lo = 0, hi = num_cuts; /* the number of cuts <= x */
    while (lo < hi) {
      const PetscInt mid = (lo + hi) / 2;
      if (cuts[mid] <= x_local[c]) lo = mid + 1;
      else hi = mid;
    }
    cell_slab[c] = lo;
  }
  *num_slabs = num_cuts + 1;
  PetscCall(PetscFree2(x_all, cuts));
  PetscCall(PetscFree3(x_local, counts, displs));
  PetscFunctionReturn(0);
}

/* The cut of every interface dof (gamma_cut), where S is block tridiagonal by cut and its blocks are small enough to
   be held dense on every rank: every interface dof's nodes touch the cells of two consecutive slabs j, j + 1 (cut
   j), no cut is empty or has more than 3000 dofs (a 3D section's cuts may: S by MUMPS). gamma_cut stays NULL otherwise,
   or with -mech_substructures_interface mumps. dof_min, dof_max: the first and last slab of each dof, the same on
   every rank. Not collective. */
static PetscErrorCode InterfaceCuts(Substructure *sub, PetscInt N, const PetscInt dof_min[], const PetscInt dof_max[],
                                    PetscInt num_gamma)
{
  const PetscInt largest_cut = 3000; /* a cut's blocks and factors: 4 x 72 MB on every rank */
  const PetscInt num_cuts    = sub->num_slabs - 1;
  PetscInt      *cut_size;
  PetscBool      ok = (PetscBool)(!sub->e->substructures_mumps && num_gamma > 0);

  PetscFunctionBegin;
  if (!ok) PetscFunctionReturn(0);
  PetscCall(PetscMalloc1(num_gamma, &sub->gamma_cut));
  PetscCall(PetscCalloc1(num_cuts, &cut_size));
  for (PetscInt g = 0; g < N && ok; g++) {
    if (sub->gamma_index[g] < 0) continue;
    if (dof_max[g] != dof_min[g] + 1) ok = PETSC_FALSE;
    else {
      sub->gamma_cut[sub->gamma_index[g]] = dof_min[g];
      cut_size[dof_min[g]]++;
    }
  }
  for (PetscInt c = 0; c < num_cuts && ok; c++) ok = (PetscBool)(cut_size[c] > 0 && cut_size[c] <= largest_cut);
  if (!ok) PetscCall(PetscFree(sub->gamma_cut));
  PetscCall(PetscFree(cut_size));
  PetscFunctionReturn(0);
}

/* The slabs of this rank, their rows (I_k and G_k), the interface numbering and the scatter into W. Collective. */
static PetscErrorCode CreateSlabs(Substructure *sub, PetscInt requested)
{
  DioElasticity e    = sub->e;
  MPI_Comm      comm = PetscObjectComm((PetscObject)e->dm);
  PetscMPIInt   rank, size;
  PetscInt      N, rstart, rend, *cell_slab, *dof_min, *dof_max, *count, **rows, num_gamma = 0, total = 0;
  IS            is_w;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(MatGetSize(e->K, &N, NULL));
  PetscCall(MatGetOwnershipRange(e->K, &rstart, &rend));
  PetscCall(PetscMalloc1(e->num_cells + 1, &sub->cell_slab));
  PetscCall(PetscMalloc2(N, &dof_min, N, &dof_max));
  cell_slab = sub->cell_slab;
  PetscCall(SlabsOfCells(e, requested, cell_slab, &sub->num_slabs));
  /* the first and last slab touching each dof, over every rank's cells */
  for (PetscInt g = 0; g < N; g++) {
    dof_min[g] = PETSC_MAX_INT;
    dof_max[g] = -1;
  }
  for (PetscInt c = 0; c < e->num_cells; c++)
    for (PetscInt i = 0; i < e->dofs_per_cell; i++) {
      const PetscInt g = e->cell_global_dofs[c * e->dofs_per_cell + i];
      if (g < 0) continue;
      dof_min[g] = PetscMin(dof_min[g], cell_slab[c]);
      dof_max[g] = PetscMax(dof_max[g], cell_slab[c]);
    }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, dof_min, (PetscMPIInt)N, MPIU_INT, MPI_MIN, comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, dof_max, (PetscMPIInt)N, MPIU_INT, MPI_MAX, comm));
  PetscCall(PetscMalloc1(N, &sub->gamma_index));
  for (PetscInt g = 0; g < N; g++) {
    PetscCheck(dof_max[g] >= 0, comm, PETSC_ERR_PLIB, "substructures: dof %" PetscInt_FMT " belongs to no cell", g);
    sub->gamma_index[g] = dof_min[g] != dof_max[g] ? num_gamma++ : -1;
  }
  PetscCall(InterfaceCuts(sub, N, dof_min, dof_max, num_gamma));
  /* slabs dealt out in turn, so that the few neighbouring slabs a stage changes are factored on different ranks */
  sub->rank    = rank;
  sub->size    = size;
  sub->num_own = (sub->num_slabs - rank + size - 1) / size;
  PetscCall(PetscCalloc2(sub->num_own, &count, sub->num_own, &rows));
  PetscCall(PetscCalloc1(sub->num_own + 1, &sub->w_offset));
  for (PetscInt pass = 0; pass < 2; pass++) {
    for (PetscInt k = 0; k < sub->num_own; k++) {
      if (pass == 1) PetscCall(PetscMalloc1(count[k], &rows[k]));
      count[k] = 0;
    }
    for (PetscInt g = 0; g < N; g++) {
      for (PetscInt slab = dof_min[g]; slab <= dof_max[g]; slab++) {
        const PetscInt k = slab / size;
        if (slab % size != rank) continue;
        if (pass == 1) rows[k][count[k]] = g;
        count[k]++;
      }
    }
  }
  PetscCall(PetscMalloc5(sub->num_own, &sub->is_slab, sub->num_own, &sub->num_gamma, sub->num_own, &sub->gamma_pos, sub->num_own, &sub->on_gamma,
                         sub->num_own, &sub->coo_offset));
  for (PetscInt k = 0; k < sub->num_own; k++) {
    PetscInt ng = 0;
    PetscCall(PetscMalloc1(count[k], &sub->on_gamma[k]));
    for (PetscInt i = 0; i < count[k]; i++) {
      sub->on_gamma[k][i] = (PetscBool)(sub->gamma_index[rows[k][i]] >= 0);
      ng += sub->on_gamma[k][i];
    }
    sub->num_gamma[k] = ng;
    PetscCall(PetscMalloc1(ng, &sub->gamma_pos[k]));
    ng = 0;
    for (PetscInt i = 0; i < count[k]; i++) if (sub->on_gamma[k][i]) sub->gamma_pos[k][ng++] = i;
    sub->w_offset[k + 1] = sub->w_offset[k] + count[k];
    PetscCall(ISCreateGeneral(PETSC_COMM_SELF, count[k], rows[k], PETSC_OWN_POINTER, &sub->is_slab[k]));
  }
  total = sub->w_offset[sub->num_own];
  /* W and the scatter from a global vector into it (the slabs' rows one after the other) */
  {
    PetscInt *w_rows;
    Vec       x;
    PetscCall(PetscMalloc1(total, &w_rows));
    for (PetscInt k = 0; k < sub->num_own; k++) {
      const PetscInt *idx;
      PetscCall(ISGetIndices(sub->is_slab[k], &idx));
      PetscCall(PetscArraycpy(&w_rows[sub->w_offset[k]], idx, count[k]));
      PetscCall(ISRestoreIndices(sub->is_slab[k], &idx));
    }
    PetscCall(ISCreateGeneral(PETSC_COMM_SELF, total, w_rows, PETSC_OWN_POINTER, &is_w));
    PetscCall(VecCreateSeq(PETSC_COMM_SELF, total, &sub->W));
    PetscCall(MatCreateVecs(e->K, &x, &sub->r));
    PetscCall(VecScatterCreate(x, is_w, sub->W, NULL, &sub->scatter));
    PetscCall(VecDestroy(&x));
    PetscCall(ISDestroy(&is_w));
  }
  /* the owned interface rows: S's layout */
  {
    PetscInt *owned, n = 0;
    PetscCall(PetscMalloc1(rend - rstart, &owned));
    for (PetscInt g = rstart; g < rend; g++) if (sub->gamma_index[g] >= 0) owned[n++] = g;
    PetscCall(ISCreateGeneral(comm, n, owned, PETSC_OWN_POINTER, &sub->is_gamma));
  }
  PetscCall(PetscFree2(count, rows)); /* rows[k]: owned by is_slab[k] */
  PetscCall(PetscFree2(dof_min, dof_max));
  PetscFunctionReturn(0);
}

/* S's pattern: every own slab's G_k x G_k (its -C_k), then K[Gamma,Gamma] of the owned interface rows; the factor's
   solver. Collective. */
static PetscErrorCode CreateInterface(Substructure *sub, Mat K)
{
  MPI_Comm        comm = PetscObjectComm((PetscObject)K);
  PetscInt       *coo_i, *coo_j, n_owned, num_gamma;
  const PetscInt *owned;
  PetscCount      n = 0;
  PC              pc;

  PetscFunctionBegin;
  PetscCall(ISGetLocalSize(sub->is_gamma, &n_owned));
  PetscCall(ISGetSize(sub->is_gamma, &num_gamma));
  PetscCall(ISGetIndices(sub->is_gamma, &owned));
  for (PetscInt k = 0; k < sub->num_own; k++) {
    sub->coo_offset[k] = n;
    n += (PetscCount)sub->num_gamma[k] * sub->num_gamma[k];
  }
  sub->num_coo_slabs = n;
  for (PetscInt i = 0; i < n_owned; i++) {
    PetscInt        nc;
    const PetscInt *cols;
    PetscCall(MatGetRow(K, owned[i], &nc, &cols, NULL));
    for (PetscInt j = 0; j < nc; j++) n += sub->gamma_index[cols[j]] >= 0;
    PetscCall(MatRestoreRow(K, owned[i], &nc, &cols, NULL));
  }
  sub->num_coo = n;
  PetscCall(PetscMalloc2(n, &coo_i, n, &coo_j));
  PetscCall(PetscMalloc1(n, &sub->coo_values));
  for (PetscInt k = 0; k < sub->num_own; k++) {
    const PetscInt *rows, ng = sub->num_gamma[k];
    PetscCount      o = sub->coo_offset[k];
    PetscCall(ISGetIndices(sub->is_slab[k], &rows));
    for (PetscInt a = 0; a < ng; a++)
      for (PetscInt b = 0; b < ng; b++) {
        coo_i[o + a * ng + b] = sub->gamma_index[rows[sub->gamma_pos[k][a]]];
        coo_j[o + a * ng + b] = sub->gamma_index[rows[sub->gamma_pos[k][b]]];
      }
    PetscCall(ISRestoreIndices(sub->is_slab[k], &rows));
  }
  n = sub->num_coo_slabs;
  for (PetscInt i = 0; i < n_owned; i++) {
    PetscInt        nc;
    const PetscInt *cols;
    PetscCall(MatGetRow(K, owned[i], &nc, &cols, NULL));
    for (PetscInt j = 0; j < nc; j++)
      if (sub->gamma_index[cols[j]] >= 0) {
        coo_i[n]   = sub->gamma_index[owned[i]];
        coo_j[n++] = sub->gamma_index[cols[j]];
      }
    PetscCall(MatRestoreRow(K, owned[i], &nc, &cols, NULL));
  }
  PetscCall(ISRestoreIndices(sub->is_gamma, &owned));
  if (sub->gamma_cut) {
    /* S by blocks where every entry couples a cut with itself or its neighbour (it should, by the cells' slabs) */
    PetscCount *segment_start;
    PetscBool   block_tridiagonal;
    PetscCall(PetscMalloc1(sub->num_own + 2, &segment_start));
    for (PetscInt k = 0; k < sub->num_own; k++) segment_start[k] = sub->coo_offset[k];
    segment_start[sub->num_own]     = sub->num_coo_slabs;
    segment_start[sub->num_own + 1] = sub->num_coo;
    PetscCall(DioInterfaceBlocksCreate(comm, num_gamma, sub->num_slabs - 1, sub->gamma_cut, &sub->blocks));
    PetscCall(
      DioInterfaceBlocksSetPattern(sub->blocks, sub->num_own + 1, segment_start, coo_i, coo_j, &block_tridiagonal));
    PetscCall(PetscFree(segment_start));
    if (!block_tridiagonal) PetscCall(DioInterfaceBlocksDestroy(&sub->blocks));
  }
  PetscCall(PetscMalloc1(sub->num_own + 1, &sub->slab_changed));
  if (sub->blocks) {
    PetscCall(PetscFree2(coo_i, coo_j));
    PetscCall(VecCreateMPI(comm, n_owned, num_gamma, &sub->u_gamma));
    PetscFunctionReturn(0);
  }
  PetscCall(MatCreate(comm, &sub->S));
  PetscCall(MatSetSizes(sub->S, n_owned, n_owned, num_gamma, num_gamma));
  PetscCall(MatSetType(sub->S, MATAIJ));
  PetscCall(MatSetPreallocationCOO(sub->S, sub->num_coo, coo_i, coo_j));
  PetscCall(PetscFree2(coo_i, coo_j));
  PetscCall(MatCreateVecs(sub->S, &sub->u_gamma, NULL));
  PetscCall(KSPCreate(comm, &sub->ksp_S));
  PetscCall(KSPSetType(sub->ksp_S, KSPPREONLY));
  PetscCall(KSPGetPC(sub->ksp_S, &pc));
  PetscCall(PCSetType(pc, PCCHOLESKY));
  PetscCall(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
  PetscFunctionReturn(0);
}

/* The Cholesky factorisation of slab k (symbolic the first time) and -C_k into coo_values; *failed: the slab's number
   where MUMPS failed (left as it is otherwise). Not collective. */
static PetscErrorCode FactorSlab(Substructure *sub, PetscInt k, PetscInt *failed)
{
  const PetscInt     ng = sub->num_gamma[k];
  MatFactorInfo      info;
  MatFactorError     error;
  PetscScalar       *C = &sub->coo_values[sub->coo_offset[k]];

  PetscFunctionBegin;
  if (ng == sub->w_offset[k + 1] - sub->w_offset[k]) {
    /* a slab one cell thick: no interior, nothing to factor, no correction (C_k = 0) */
    PetscCall(PetscArrayzero(C, ng * ng));
    PetscFunctionReturn(0);
  }
  PetscCall(MatFactorInfoInitialize(&info));
  if (sub->factor[k] == NULL) {
    IS rperm, cperm;
    PetscCall(MatGetFactor(sub->M[k], MATSOLVERMUMPS, MAT_FACTOR_CHOLESKY, &sub->factor[k]));
    if (ng > 0) {
      IS is_schur;
      PetscCall(ISCreateGeneral(PETSC_COMM_SELF, ng, sub->gamma_pos[k], PETSC_COPY_VALUES, &is_schur));
      PetscCall(MatFactorSetSchurIS(sub->factor[k], is_schur));
      PetscCall(ISDestroy(&is_schur));
    }
    /* METIS's nested dissection (MUMPS ICNTL(7) = 5; -mat_mumps_icntl_7 still wins): on the drive's slabs 30-40 %
       less time in the factorisations and the solves than MUMPS's automatic choice */
    PetscCall(MatMumpsSetIcntl(sub->factor[k], 7, 5));
    PetscCall(MatGetOrdering(sub->M[k], MATORDERINGNATURAL, &rperm, &cperm));
    PetscCall(MatCholeskyFactorSymbolic(sub->factor[k], sub->M[k], rperm, &info));
    PetscCall(ISDestroy(&rperm));
    PetscCall(ISDestroy(&cperm));
  }
  PetscCall(MatCholeskyFactorNumeric(sub->factor[k], sub->M[k], &info));
  PetscCall(MatFactorGetError(sub->factor[k], &error));
  if (error != MAT_FACTOR_NOERROR) {
    *failed = sub->rank + k * sub->size;
    PetscFunctionReturn(0);
  }
  if (ng > 0) {
    Mat                  schur;
    MatFactorSchurStatus status;
    const PetscScalar   *s;
    PetscInt             lda;
    PetscReal            lower = 0, upper = 0;
    PetscBool            use_lower;

    /* the interior problem only in MatSolve (MUMPS ICNTL(26) = 0): the couplings are applied by the slab's matrix */
    PetscCall(MatMumpsSetIcntl(sub->factor[k], 26, 0));
    PetscCall(MatGetValues(sub->M[k], ng, sub->gamma_pos[k], ng, sub->gamma_pos[k], C)); /* K[G_k,G_k], row-major */
    PetscCall(MatFactorGetSchurComplement(sub->factor[k], &schur, &status));
    PetscCall(MatDenseGetLDA(schur, &lda));
    PetscCall(MatDenseGetArrayRead(schur, &s));
    /* a symmetric factorisation may hand back one triangle only: take the one that is there */
    for (PetscInt j = 0; j < ng; j++)
      for (PetscInt i = 0; i < ng; i++) {
        if (i > j) lower += PetscAbsScalar(s[i + j * lda]);
        if (i < j) upper += PetscAbsScalar(s[i + j * lda]);
      }
    use_lower = (PetscBool)(lower >= upper);
    /* -C_k = Schur - K[G_k,G_k] */
    for (PetscInt i = 0; i < ng; i++)
      for (PetscInt j = 0; j < ng; j++) {
        const PetscScalar sij = ((i >= j) == use_lower) ? s[i + j * lda] : s[j + i * lda];
        C[i * ng + j]         = sij - C[i * ng + j];
      }
    PetscCall(MatDenseRestoreArrayRead(schur, &s));
    PetscCall(MatFactorRestoreSchurComplement(sub->factor[k], &schur, status));
  }
  PetscFunctionReturn(0);
}

/* K[Gamma,Gamma]'s owned rows into coo_values (after the slabs' part); *hash of them. Not collective. */
static PetscErrorCode InterfaceValues(Substructure *sub, Mat K, PetscInt64 *hash)
{
  PetscInt        n_owned;
  const PetscInt *owned;
  PetscCount      n = sub->num_coo_slabs;

  PetscFunctionBegin;
  PetscCall(ISGetLocalSize(sub->is_gamma, &n_owned));
  PetscCall(ISGetIndices(sub->is_gamma, &owned));
  for (PetscInt i = 0; i < n_owned; i++) {
    PetscInt           nc;
    const PetscInt    *cols;
    const PetscScalar *vals;
    PetscCall(MatGetRow(K, owned[i], &nc, &cols, &vals));
    for (PetscInt j = 0; j < nc; j++) if (sub->gamma_index[cols[j]] >= 0) sub->coo_values[n++] = vals[j];
    PetscCall(MatRestoreRow(K, owned[i], &nc, &cols, &vals));
  }
  PetscCall(ISRestoreIndices(sub->is_gamma, &owned));
  *hash = DioHashValues((PetscInt)(sub->num_coo - sub->num_coo_slabs), &sub->coo_values[sub->num_coo_slabs],
                        (PetscInt64)1469598103934665603LL);
  PetscFunctionReturn(0);
}

/* u_gamma := S^-1 u_gamma, by blocks or MUMPS. Collective. */
static PetscErrorCode InterfaceSolve(Substructure *sub)
{
  PetscScalar *u;
  PetscInt     first_row, end_row;

  PetscFunctionBegin;
  if (sub->blocks == NULL) {
    PetscCall(KSPSolve(sub->ksp_S, sub->u_gamma, sub->u_gamma));
    PetscFunctionReturn(0);
  }
  PetscCall(VecGetOwnershipRange(sub->u_gamma, &first_row, &end_row));
  PetscCall(VecGetArray(sub->u_gamma, &u));
  PetscCall(DioInterfaceBlocksSolve(sub->blocks, first_row, end_row - first_row, u));
  PetscCall(VecRestoreArray(sub->u_gamma, &u));
  PetscFunctionReturn(0);
}

/* The rows of the own slabs gathered again from K (MatCreateSubMatrices): where the last assembly updated K in the rows
   of some nodes only (DioElasticityUpdateMatrix_Internal) right after the one gathered last, only the slabs with a
   cell touching such a node (the other slabs' rows are unchanged, bit for bit); every slab otherwise. gathered[k]: the
   slab was gathered. Collective. */
static PetscErrorCode GatherSlabs(Substructure *sub, Mat K)
{
  DioElasticity e    = sub->e;
  MPI_Comm      comm = PetscObjectComm((PetscObject)K);
  PetscBool     partial = (PetscBool)(K == e->K && e->K_update_partial && e->K_update_id == sub->update_id + 1);
  PetscInt     *changed, n = 0;
  IS           *is;
  Mat          *M, *fresh;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &partial, 1, MPIU_BOOL, MPI_LAND, comm));
  sub->update_id = e->K_update_id;
  if (!partial) {
    for (PetscInt k = 0; k < sub->num_own; k++) sub->gathered[k] = PETSC_TRUE;
    PetscCall(MatCreateSubMatrices(K, sub->num_own, sub->is_slab, sub->is_slab, MAT_REUSE_MATRIX, &sub->M));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscCalloc1(sub->num_slabs, &changed));
  for (PetscInt c = 0; c < e->num_cells; c++)
    for (PetscInt a = 0; a < e->nodes_per_cell; a++)
      if (e->K_node_marked[e->cell_local_dofs[(c * e->nodes_per_cell + a) * e->dim] / e->dim]) changed[sub->cell_slab[c]] = 1;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, changed, (PetscMPIInt)sub->num_slabs, MPIU_INT, MPI_MAX, comm));
  PetscCall(PetscMalloc2(sub->num_own + 1, &is, sub->num_own + 1, &M));
  for (PetscInt k = 0; k < sub->num_own; k++) {
    sub->gathered[k] = (PetscBool)(changed[sub->rank + k * sub->size] != 0);
    if (!sub->gathered[k]) continue;
    is[n]  = sub->is_slab[k];
    M[n++] = sub->M[k];
  }
  PetscCall(MatCreateSubMatrices(K, n, is, is, MAT_INITIAL_MATRIX, &fresh));
  for (PetscInt i = 0; i < n; i++) PetscCall(MatCopy(fresh[i], M[i], SAME_NONZERO_PATTERN));
  PetscCall(MatDestroySubMatrices(n, &fresh));
  PetscCall(PetscFree2(is, M));
  PetscCall(PetscFree(changed));
  PetscFunctionReturn(0);
}

/* PCSetUp: the slabs' rows gathered again, the slabs whose values changed factored again, S with them. Collective. */
static PetscErrorCode SubstructureSetUp(PC pc)
{
  Substructure *sub;
  Mat           K;
  PetscInt      flags[2] = {0, -1}; /* changed, a slab whose factorisation failed */
  PetscInt64    hash_gamma = 0;
  PetscLogDouble t0, t1, t2, t3, t_wait = 0, t_assembled = 0;

  PetscFunctionBegin;
  PetscCall(PCShellGetContext(pc, &sub));
  PetscCall(PCGetOperators(pc, NULL, &K));
  PetscCall(PetscLogEventBegin(sub->event_factor, pc, 0, 0, 0));
  PetscCall(PetscTime(&t0));
  if (!sub->setup) {
    PetscCall(CreateSlabs(sub, sub->num_slabs));
    PetscCall(MatCreateSubMatrices(K, sub->num_own, sub->is_slab, sub->is_slab, MAT_INITIAL_MATRIX, &sub->M));
    PetscCall(CreateInterface(sub, K));
    PetscCall(PetscCalloc5(sub->num_own, &sub->factor, sub->num_own, &sub->hash, sub->num_own, &sub->y, sub->num_own, &sub->t, sub->num_own, &sub->w));
    PetscCall(PetscMalloc1(sub->num_own + 1, &sub->gathered));
    for (PetscInt k = 0; k < sub->num_own; k++) sub->gathered[k] = PETSC_TRUE;
    sub->update_id = sub->e->K_update_id;
    for (PetscInt k = 0; k < sub->num_own; k++) {
      PetscCall(MatCreateVecs(sub->M[k], &sub->y[k], &sub->t[k]));
      PetscCall(VecCreateSeqWithArray(PETSC_COMM_SELF, 1, sub->w_offset[k + 1] - sub->w_offset[k], NULL, &sub->w[k]));
    }
  } else PetscCall(GatherSlabs(sub, K));
  sub->refactored = 0;
  for (PetscInt k = 0; k < sub->num_own; k++) sub->slab_changed[k] = PETSC_FALSE;
  sub->slab_changed[sub->num_own] = PETSC_TRUE; /* K[Gamma,Gamma]: its hash per cut tells */
  PetscCall(PetscTime(&t1));
  for (PetscInt k = 0; k < sub->num_own; k++) {
    const PetscScalar *v;
    PetscInt           n;
    const PetscInt    *ia, *ja;
    PetscBool          done;
    PetscInt64         hash = (PetscInt64)1469598103934665603LL;
    if (sub->setup && !sub->gathered[k]) continue; /* its rows are those it was factored from */
    /* the rows of I_k hold K[I_k,I_k] and K[I_k,G_k] (and its transpose), all the factor and C_k depend on;
       K[G_k,G_k] enters S directly (InterfaceValues), so a change there alone keeps the slab's factor */
    PetscCall(MatGetRowIJ(sub->M[k], 0, PETSC_FALSE, PETSC_FALSE, &n, &ia, &ja, &done));
    PetscCall(MatSeqAIJGetArrayRead(sub->M[k], &v));
    for (PetscInt i = 0; i < n; i++) if (!sub->on_gamma[k][i]) hash = DioHashValues(ia[i + 1] - ia[i], &v[ia[i]], hash);
    PetscCall(MatSeqAIJRestoreArrayRead(sub->M[k], &v));
    PetscCall(MatRestoreRowIJ(sub->M[k], 0, PETSC_FALSE, PETSC_FALSE, &n, &ia, &ja, &done));
    if (sub->setup && hash == sub->hash[k]) continue;
    PetscCall(FactorSlab(sub, k, &flags[1]));
    sub->slab_changed[k] = PETSC_TRUE;
    sub->hash[k] = hash;
    sub->refactored++;
    flags[0] = 1;
  }
  PetscCall(PetscLogEventEnd(sub->event_factor, pc, 0, 0, 0));
  PetscCall(PetscTime(&t2));
  PetscCall(PetscLogEventBegin(sub->event_interface, pc, 0, 0, 0));
  PetscCall(InterfaceValues(sub, K, &hash_gamma));
  if (!sub->setup || hash_gamma != sub->hash_gamma) flags[0] = 1;
  sub->hash_gamma = hash_gamma;
  /* collective: every rank stops alike where one slab failed */
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, flags, 2, MPIU_INT, MPI_MAX, PetscObjectComm((PetscObject)pc)));
  PetscCall(PetscTime(&t_wait));
  PetscCheck(flags[1] < 0, PetscObjectComm((PetscObject)pc), PETSC_ERR_NOT_CONVERGED,
             "-mech_substructures: the Cholesky factorisation (MUMPS) of slab %" PetscInt_FMT "'s interior failed",
             flags[1]);
  sub->cuts_changed = sub->blocks_factored = 0;
  if (flags[0] && sub->blocks) {
    PetscCall(PetscTime(&t_assembled));
    PetscCall(DioInterfaceBlocksUpdate(sub->blocks, sub->coo_values, sub->slab_changed, &sub->cuts_changed,
                                       &sub->blocks_factored));
  } else if (flags[0]) {
    PetscCall(MatSetValuesCOO(sub->S, sub->coo_values, INSERT_VALUES));
    PetscCall(PetscTime(&t_assembled));
    PetscCall(KSPSetOperators(sub->ksp_S, sub->S, sub->S));
    PetscCall(KSPSetUp(sub->ksp_S));
  }
  PetscCall(PetscLogEventEnd(sub->event_interface, pc, 0, 0, 0));
  PetscCall(PetscTime(&t3));
  {
    PetscInt counts[2] = {sub->refactored, 0}, refactored, num_gamma, num_cuts = 0, largest_cut = 0;
    char     how[128];
    for (PetscInt k = 0; k < sub->num_own; k++) counts[1] += sub->gathered[k];
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, counts, 2, MPIU_INT, MPI_SUM, PetscObjectComm((PetscObject)pc)));
    refactored = counts[0];
    PetscCall(ISGetSize(sub->is_gamma, &num_gamma));
    if (sub->blocks) PetscCall(DioInterfaceBlocksGetSizes(sub->blocks, &num_cuts, &largest_cut));
    if (sub->blocks)
      PetscCall(PetscSNPrintf(how, sizeof(how),
                              "blocks: %" PetscInt_FMT " cuts of at most %" PetscInt_FMT " dofs, %" PetscInt_FMT
                              " changed, %" PetscInt_FMT " blocks factored",
                              num_cuts, largest_cut, sub->cuts_changed, sub->blocks_factored));
    else PetscCall(PetscSNPrintf(how, sizeof(how), "MUMPS"));
    PetscCall(PetscInfo(pc,
                        "substructures: %" PetscInt_FMT " of %" PetscInt_FMT " slabs factored, interface %" PetscInt_FMT
                        " dofs (%s); rows of %" PetscInt_FMT " slabs gathered %.3f s, slabs factored %.3f s, interface rows and waiting for the other"
                        " ranks %.3f s, interface assembled %.3f s and factored %.3f s (rank 0)\n",
                        refactored, sub->num_slabs, num_gamma, how, counts[1], t1 - t0, t2 - t1, t_wait - t2,
                        t_assembled > 0 ? t_assembled - t_wait : 0, t_assembled > 0 ? t3 - t_assembled : 0));
    sub->refactored = refactored;
  }
  sub->setup = PETSC_TRUE;
  sub->solves++;
  PetscFunctionReturn(0);
}

/* The 2-norm of w's entries at the interior positions of slab k (I_k). Not collective. */
static PetscReal InteriorNorm(const Substructure *sub, PetscInt k, const PetscScalar w[])
{
  const PetscInt n   = sub->w_offset[k + 1] - sub->w_offset[k];
  PetscReal      sum = 0;

  for (PetscInt i = 0; i < n; i++) if (!sub->on_gamma[k][i]) sum += PetscRealPart(w[i] * PetscConj(w[i]));
  return PetscSqrtReal(sum);
}

/* coupled[k]: the positions of slab k whose row of M couples I_k and G_k (every row of G_k with an interior
   neighbour, the interior rows next to G_k): a few layers of nodes, where a product by all of M would read every row.
   From M's pattern, which no assembly changes. Not collective. */
static PetscErrorCode CoupledRows(Substructure *sub, PetscInt k)
{
  const PetscBool *on_gamma = sub->on_gamma[k];
  const PetscInt  *ia, *ja;
  PetscInt         n, count = 0;
  PetscBool        done;

  PetscFunctionBegin;
  PetscCall(MatGetRowIJ(sub->M[k], 0, PETSC_FALSE, PETSC_FALSE, &n, &ia, &ja, &done));
  PetscCheck(done, PETSC_COMM_SELF, PETSC_ERR_SUP, "substructures: slab matrix without row access");
  for (PetscInt pass = 0; pass < 2; pass++) {
    if (pass == 1) PetscCall(PetscMalloc1(count + 1, &sub->coupled[k]));
    count = 0;
    for (PetscInt i = 0; i < n; i++) {
      PetscBool couples = PETSC_FALSE;
      for (PetscInt p = ia[i]; p < ia[i + 1] && !couples; p++) couples = (PetscBool)(on_gamma[ja[p]] != on_gamma[i]);
      if (couples && pass == 1) sub->coupled[k][1 + count] = i;
      count += couples;
    }
  }
  sub->coupled[k][0] = count;
  PetscCall(MatRestoreRowIJ(sub->M[k], 0, PETSC_FALSE, PETSC_FALSE, &n, &ia, &ja, &done));
  PetscFunctionReturn(0);
}

/* out_i -= sum_j M_ij in_j over the coupled rows i of slab k on G_k (to_gamma: out_G -= K[G_k,I_k] in_I) or off it
   (out_I -= K[I_k,G_k] in_G); the other positions of out are left as they are. Not collective. */
static PetscErrorCode SubtractCoupling(Substructure *sub, PetscInt k, PetscBool to_gamma, const PetscScalar in[],
                                       PetscScalar out[])
{
  const PetscBool   *on_gamma = sub->on_gamma[k];
  const PetscInt    *ia, *ja;
  const PetscScalar *v;
  PetscInt           n;
  PetscBool          done;

  PetscFunctionBegin;
  if (sub->coupled[k] == NULL) PetscCall(CoupledRows(sub, k));
  PetscCall(MatGetRowIJ(sub->M[k], 0, PETSC_FALSE, PETSC_FALSE, &n, &ia, &ja, &done));
  PetscCall(MatSeqAIJGetArrayRead(sub->M[k], &v));
  for (PetscInt c = 1; c <= sub->coupled[k][0]; c++) {
    const PetscInt i   = sub->coupled[k][c];
    PetscScalar    sum = 0;
    if (on_gamma[i] != to_gamma) continue;
    for (PetscInt p = ia[i]; p < ia[i + 1]; p++) if (on_gamma[ja[p]] != to_gamma) sum += v[p] * in[ja[p]];
    out[i] -= sum;
  }
  PetscCall(MatSeqAIJRestoreArrayRead(sub->M[k], &v));
  PetscCall(MatRestoreRowIJ(sub->M[k], 0, PETSC_FALSE, PETSC_FALSE, &n, &ia, &ja, &done));
  PetscFunctionReturn(0);
}

/* W's slab k: its positions in I_k set to the interior solve's x_I, those in G_k to -(K[G_k,I_k] x_I) (mode 0, the
   condensation) or left as they are (mode 1, the expansion). Where the condensation finds b_I of a 2-norm of at most
   negligible, b_I is taken as zero in both (dropped[k]: no solve); where the expansion finds its right-hand side
   b_I - K[I_k,G_k] u_G (-K[I_k,G_k] u_G if dropped) of at most negligible, x_I = 0 (no solve). *skipped: no solve.
   Not collective. */
static PetscErrorCode SlabSolve(Substructure *sub, PetscInt k, PetscScalar w[], PetscInt mode, PetscReal negligible,
                                PetscBool *skipped)
{
  const PetscInt     n = sub->w_offset[k + 1] - sub->w_offset[k];
  const PetscScalar *x;
  PetscScalar       *z;

  PetscFunctionBegin;
  *skipped = PETSC_FALSE;
  if (sub->factor[k] == NULL) { /* no interior: nothing to condense or expand */
    if (mode == 0) PetscCall(PetscArrayzero(w, n));
    PetscFunctionReturn(0);
  }
  if (mode == 1) {
    /* the right-hand side z_I = b_I - K[I_k,G_k] u_G, z_G = 0 */
    PetscCall(VecGetArray(sub->y[k], &z));
    for (PetscInt i = 0; i < n; i++) z[i] = sub->on_gamma[k][i] || sub->dropped[k] ? 0 : w[i];
    PetscCall(SubtractCoupling(sub, k, PETSC_FALSE, w, z));
    *skipped = (PetscBool)(InteriorNorm(sub, k, z) <= negligible);
    PetscCall(VecRestoreArray(sub->y[k], &z));
    if (*skipped) {
      for (PetscInt i = 0; i < n; i++) if (!sub->on_gamma[k][i]) w[i] = 0;
      PetscFunctionReturn(0);
    }
    PetscCall(MatSolve(sub->factor[k], sub->y[k], sub->t[k])); /* t_I = A^-1 (b_I - B u_G) */
    PetscCall(VecGetArrayRead(sub->t[k], &x));
    for (PetscInt i = 0; i < n; i++) if (!sub->on_gamma[k][i]) w[i] = x[i];
    PetscCall(VecRestoreArrayRead(sub->t[k], &x));
  } else {
    sub->dropped[k] = (PetscBool)(InteriorNorm(sub, k, w) <= negligible);
    *skipped        = sub->dropped[k];
    if (*skipped) {
      PetscCall(PetscArrayzero(w, n));
      PetscFunctionReturn(0);
    }
    PetscCall(VecPlaceArray(sub->w[k], w));
    PetscCall(MatSolve(sub->factor[k], sub->w[k], sub->y[k])); /* y_I = A^-1 b_I, y_G = 0 */
    PetscCall(VecResetArray(sub->w[k]));
    PetscCall(PetscArrayzero(w, n));
    PetscCall(VecGetArrayRead(sub->y[k], &x));
    PetscCall(SubtractCoupling(sub, k, PETSC_TRUE, x, w)); /* w_G = -K[G_k,I_k] y_I */
    PetscCall(VecRestoreArrayRead(sub->y[k], &x));
  }
  PetscFunctionReturn(0);
}

/* PCApply: x = K^-1 b by the slabs' factors and S's. Collective. */
static PetscErrorCode SubstructureApply(PC pc, Vec b, Vec x)
{
  Substructure *sub;
  PetscScalar  *w;
  PetscInt      num_gamma, skipped[2] = {0, 0}; /* slabs whose condensation, expansion was skipped */
  PetscReal     negligible = -1;
  PetscBool     skip;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(PCShellGetContext(pc, &sub));
  PetscCall(PetscLogEventBegin(sub->event_apply, pc, b, x, 0));
  PetscCall(PetscTime(&t0));
  PetscCall(ISGetSize(sub->is_gamma, &num_gamma));
  if (sub->coupled == NULL) PetscCall(PetscCalloc2(sub->num_own + 1, &sub->coupled, sub->num_own + 1, &sub->dropped));
  if (sub->skip_negligible) {
    PetscReal rtol, norm_b, norm_F;
    Vec       F;
    /* b_Ik taken as zero (a slab's condensation skipped) gives the exact solution for b less b_Ik: a residual of
       b_Ik. x_Ik taken as zero (its expansion skipped) leaves a residual of its right-hand side c_k on I_k and the
       interface reactions K[G_k,I_k] A_kk^-1 c_k, of its size (they carry its load to the interface). CG stops at
       rtol |F| (the true residual against the solve's right-hand side F, elasticity_solve.c; against |b|, its
       initial residual, with -mech_ksp_converged_use_initial_residual_norm): 1e-3 rtol min(|b|, |F|) per slab keeps
       the sum over K slabs (in quadrature) below that for K up to 10^6 with room for the factor, so that CG still
       stops after its one iteration and the solve is as accurate as its test asks. A stage's b (F - K u of the last
       stage's u) is large only in the slabs near the cells it changed: the others skip the condensation, and those
       far enough that the interface displacement has decayed below that (a factor 30-50 per slab of 2 km) the
       expansion. What a skip leaves is the next stage's b there, and its interface reactions come back through S as
       that stage's interface displacement: a far slab skips its expansion about every other stage (measured on the
       drive). b_Ik is dropped in the expansion too: added to its right-hand side, that residual kept every later
       expansion above the threshold */
    PetscCall(KSPGetTolerances(sub->e->ksp, &rtol, NULL, NULL, NULL));
    PetscCall(KSPGetRhs(sub->e->ksp, &F));
    PetscCall(VecNorm(b, NORM_2, &norm_b));
    norm_F = norm_b; /* applied outside a solve of e->ksp (none does now): |b| alone */
    if (F != NULL) PetscCall(VecNorm(F, NORM_2, &norm_F));
    negligible = 1e-3 * rtol * PetscMin(norm_b, norm_F);
  }
  /* condensation: r = b with r_Gamma = b_Gamma - sum_k K[G_k,I_k] A_kk^-1 b_Ik */
  PetscCall(VecScatterBegin(sub->scatter, b, sub->W, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecScatterEnd(sub->scatter, b, sub->W, INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(VecCopy(b, x));
  if (num_gamma > 0) {
    PetscCall(PetscLogEventBegin(sub->event_condense, pc, b, 0, 0));
    PetscCall(VecGetArray(sub->W, &w));
    for (PetscInt k = 0; k < sub->num_own; k++) {
      PetscCall(SlabSolve(sub, k, &w[sub->w_offset[k]], 0, negligible, &skip));
      skipped[0] += skip;
    }
    PetscCall(VecRestoreArray(sub->W, &w));
    PetscCall(PetscLogEventEnd(sub->event_condense, pc, b, 0, 0));
    PetscCall(VecCopy(b, sub->r));
    PetscCall(VecScatterBegin(sub->scatter, sub->W, sub->r, ADD_VALUES, SCATTER_REVERSE));
    PetscCall(VecScatterEnd(sub->scatter, sub->W, sub->r, ADD_VALUES, SCATTER_REVERSE));
    /* the interface: u_Gamma = S^-1 r_Gamma, into x */
    PetscCall(VecISCopy(sub->r, sub->is_gamma, SCATTER_REVERSE, sub->u_gamma));
    PetscCall(InterfaceSolve(sub));
    PetscCall(VecISCopy(x, sub->is_gamma, SCATTER_FORWARD, sub->u_gamma));
    PetscCall(VecScatterBegin(sub->scatter, x, sub->W, INSERT_VALUES, SCATTER_FORWARD));
    PetscCall(VecScatterEnd(sub->scatter, x, sub->W, INSERT_VALUES, SCATTER_FORWARD));
  } else
    for (PetscInt k = 0; k < sub->num_own; k++) sub->dropped[k] = PETSC_FALSE;
  /* expansion: x_Ik = A_kk^-1 (b_Ik - K[I_k,G_k] u_Gk) (W holds b_I and u_G) */
  PetscCall(PetscLogEventBegin(sub->event_expand, pc, x, 0, 0));
  PetscCall(VecGetArray(sub->W, &w));
  for (PetscInt k = 0; k < sub->num_own; k++) {
    PetscCall(SlabSolve(sub, k, &w[sub->w_offset[k]], 1, negligible, &skip));
    skipped[1] += skip;
  }
  PetscCall(VecRestoreArray(sub->W, &w));
  PetscCall(PetscLogEventEnd(sub->event_expand, pc, x, 0, 0));
  PetscCall(VecScatterBegin(sub->scatter, sub->W, x, INSERT_VALUES, SCATTER_REVERSE));
  PetscCall(VecScatterEnd(sub->scatter, sub->W, x, INSERT_VALUES, SCATTER_REVERSE));
  PetscCall(PetscTime(&t1));
  if (sub->skip_negligible)
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, skipped, 2, MPIU_INT, MPI_SUM, PetscObjectComm((PetscObject)pc)));
  PetscCall(PetscInfo(pc,
                      "substructures: condensation of %" PetscInt_FMT ", expansion of %" PetscInt_FMT " of %"
                      PetscInt_FMT " slabs skipped (interior right-hand side at most %.3g); applied in %.3f s (rank 0)\n",
                      skipped[0], skipped[1], sub->num_slabs, (double)negligible, t1 - t0));
  PetscCall(PetscLogEventEnd(sub->event_apply, pc, b, x, 0));
  PetscFunctionReturn(0);
}

static PetscErrorCode SubstructureDestroy(PC pc)
{
  Substructure *sub;

  PetscFunctionBegin;
  PetscCall(PCShellGetContext(pc, &sub));
  if (sub->setup) {
    for (PetscInt k = 0; k < sub->num_own; k++) {
      PetscCall(MatDestroy(&sub->factor[k]));
      PetscCall(VecDestroy(&sub->y[k]));
      PetscCall(VecDestroy(&sub->t[k]));
      PetscCall(VecDestroy(&sub->w[k]));
      PetscCall(PetscFree(sub->gamma_pos[k]));
      PetscCall(PetscFree(sub->on_gamma[k]));
      PetscCall(ISDestroy(&sub->is_slab[k]));
    }
    PetscCall(MatDestroySubMatrices(sub->num_own, &sub->M));
    PetscCall(PetscFree5(sub->factor, sub->hash, sub->y, sub->t, sub->w));
    PetscCall(PetscFree5(sub->is_slab, sub->num_gamma, sub->gamma_pos, sub->on_gamma, sub->coo_offset));
    PetscCall(PetscFree(sub->w_offset));
    PetscCall(PetscFree(sub->gamma_index));
    PetscCall(PetscFree(sub->gamma_cut));
    PetscCall(PetscFree(sub->cell_slab));
    PetscCall(PetscFree(sub->gathered));
    for (PetscInt k = 0; sub->coupled != NULL && k < sub->num_own; k++) PetscCall(PetscFree(sub->coupled[k]));
    PetscCall(PetscFree2(sub->coupled, sub->dropped));
    PetscCall(PetscFree(sub->coo_values));
    PetscCall(VecDestroy(&sub->W));
    PetscCall(VecDestroy(&sub->r));
    PetscCall(VecDestroy(&sub->u_gamma));
    PetscCall(VecScatterDestroy(&sub->scatter));
    PetscCall(ISDestroy(&sub->is_gamma));
    PetscCall(MatDestroy(&sub->S));
    PetscCall(KSPDestroy(&sub->ksp_S));
    PetscCall(DioInterfaceBlocksDestroy(&sub->blocks));
    PetscCall(PetscFree(sub->slab_changed));
  }
  PetscCall(PetscFree(sub));
  PetscFunctionReturn(0);
}

/*
  DioElasticitySetSubstructurePC_Internal - pc becomes the substructured Cholesky factorisation of K (this file's
  head): num_slabs slabs along x, each factored by MUMPS and kept while its values do not change. The slabs are made
  at the first set-up (the matrix must then be assembled). The context is owned by pc. Collective.
*/
PetscErrorCode DioElasticitySetSubstructurePC_Internal(DioElasticity e, PetscInt num_slabs, PC pc)
{
  Substructure *sub;

  PetscFunctionBegin;
  PetscCall(PetscNew(&sub));
  sub->e         = e;
  sub->num_slabs = num_slabs;
  PetscCall(PetscLogEventRegister("DioSubFactor", PC_CLASSID, &sub->event_factor));
  PetscCall(PetscLogEventRegister("DioSubInterface", PC_CLASSID, &sub->event_interface));
  PetscCall(PetscLogEventRegister("DioSubApply", PC_CLASSID, &sub->event_apply));
  PetscCall(PetscLogEventRegister("DioSubCondense", PC_CLASSID, &sub->event_condense));
  PetscCall(PetscLogEventRegister("DioSubExpand", PC_CLASSID, &sub->event_expand));
  sub->skip_negligible = PETSC_TRUE;
  PetscOptionsBegin(PetscObjectComm((PetscObject)pc), "mech_", "Substructured Cholesky preconditioner", "");
  PetscCall(PetscOptionsBool("-substructures_skip_negligible",
                             "A slab whose interior right-hand side is at most 1e-3 x rtol x |F| is not solved",
                             "", sub->skip_negligible, &sub->skip_negligible, NULL));
  PetscOptionsEnd();
  PetscCall(PCSetType(pc, PCSHELL));
  PetscCall(PCShellSetContext(pc, sub));
  PetscCall(PCShellSetName(pc, "substructured Cholesky (MUMPS), -mech_substructures"));
  PetscCall(PCShellSetSetUp(pc, SubstructureSetUp));
  PetscCall(PCShellSetApply(pc, SubstructureApply));
  PetscCall(PCShellSetDestroy(pc, SubstructureDestroy));
  PetscFunctionReturn(0);
}
