/* SPDX-License-Identifier: BSD-2-Clause
   interface_blocks.c: the interface system S = K[Gamma,Gamma] - sum_k C_k of the substructured Cholesky
   (substructure.c) as a block tridiagonal matrix by cut, factored by the twisted block Cholesky of
   kernels/block_tridiagonal.h (issue 16).

   A cut is the interface between slab j and slab j + 1 (its dofs: those of nodes whose cells lie in these two slabs);
   C_k couples cuts k - 1 and k only, and so does K[Gamma,Gamma] within slab k's cells, so S is block tridiagonal by
   cut (SetPattern checks it on the entries S is made of). Every rank holds every block D_i (cut i with itself) and
   E_i (cut i with cut i + 1), dense: each rank adds its own entries (its slabs' -C_k, its rows of K[Gamma,Gamma]) and
   the changed cuts are summed over the ranks (one MPI_Allreduce of those cuts' blocks). A cut changed where the
   values of one of its entries' segments (a slab's -C_k, or K[Gamma,Gamma]'s rows) changed, as a 64-bit hash of the
   segment's values per cut tells. Every rank then factors the changed blocks redundantly (no communication) and
   solves S u = g with the whole g, gathered by one MPI_Allreduce per solve. A drive stage changes the slabs around the
   face: 2-4 cuts, whose blocks and the middle block are factored again (a few 190^3 dense operations) instead of the
   whole S. */
#include "interface_blocks.h"
#include "block_tridiagonal.h"

struct _n_DioInterfaceBlocks {
  MPI_Comm            comm; /* not owned */
  PetscInt            num_gamma, num_cuts, largest;
  PetscInt           *cut_of;                 /* [num_gamma] the cut of each row of S */
  PetscInt           *pos;                    /* [num_gamma] the row's position in the vector ordered by cut */
  int                *n;                      /* [num_cuts] dofs of each cut */
  ptrdiff_t          *off, *sq_off, *vec_off; /* [num_cuts + 1] (block_tridiagonal.h) */
  PetscScalar        *A, *LP, *LQ, *LM, *work;
  DioBlockTridiagonal f;
  PetscInt            num_segments;
  PetscCount         *segment_start;         /* [num_segments + 1] of each segment's COO entries */
  PetscInt    *segment_first, *segment_last; /* [num_segments] the cuts its entries add to (last < first: none) */
  ptrdiff_t   *target;                       /* [num_coo] where in A each COO entry adds; -1: an entry of E_i^T */
  PetscInt64  *hash;                         /* [num_segments][num_cuts] of each segment's values per cut */
  PetscInt64  *hash_now;                     /* [num_cuts] */
  PetscInt    *changed;                      /* [num_cuts] */
  PetscBool    filled;                       /* A holds every cut's sum */
  PetscScalar *g, *w;                        /* [num_gamma], [num_gamma + largest]: the solve's vector and work */
};

/* The cut whose blocks hold offset t of A. Pure. */
static PetscInt CutOfOffset(const DioInterfaceBlocks ib, ptrdiff_t t)
{
  PetscInt lo = 0, hi = ib->num_cuts - 1;
  while (lo < hi) {
    const PetscInt mid = (lo + hi + 1) / 2;
    if (ib->off[mid] <= t)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

/*
  DioInterfaceBlocksCreate - the block layout of S by cut: cut_of[num_gamma] the cut (0 .. num_cuts - 1) of each row
  of S, the same on every rank; within a cut the rows keep their order. Destroy with DioInterfaceBlocksDestroy().
  Not collective (comm: the one later calls reduce over; not owned).
*/
PetscErrorCode DioInterfaceBlocksCreate(MPI_Comm comm, PetscInt num_gamma, PetscInt num_cuts, const PetscInt cut_of[],
                                        DioInterfaceBlocks *ib)
{
  DioInterfaceBlocks b;
  PetscInt          *next;

  PetscFunctionBegin;
  PetscCall(PetscNew(&b));
  b->comm      = comm;
  b->num_gamma = num_gamma;
  b->num_cuts  = num_cuts;
  PetscCall(PetscMalloc2(num_gamma, &b->cut_of, num_gamma, &b->pos));
  PetscCall(PetscCalloc4(num_cuts, &b->n, num_cuts + 1, &b->off, num_cuts + 1, &b->sq_off, num_cuts + 1, &b->vec_off));
  PetscCall(PetscArraycpy(b->cut_of, cut_of, num_gamma));
  for (PetscInt r = 0; r < num_gamma; r++) {
    PetscCheck(cut_of[r] >= 0 && cut_of[r] < num_cuts, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "interface row %" PetscInt_FMT ": cut %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")", r, cut_of[r],
               num_cuts);
    b->n[cut_of[r]]++;
  }
  for (PetscInt c = 0; c < num_cuts; c++) {
    b->largest        = PetscMax(b->largest, b->n[c]);
    b->vec_off[c + 1] = b->vec_off[c] + b->n[c];
    b->sq_off[c + 1]  = b->sq_off[c] + (ptrdiff_t)b->n[c] * b->n[c];
    b->off[c + 1] =
        b->off[c] + (ptrdiff_t)b->n[c] * b->n[c] + (c + 1 < num_cuts ? (ptrdiff_t)b->n[c] * b->n[c + 1] : 0);
  }
  PetscCall(PetscMalloc1(num_cuts, &next));
  for (PetscInt c = 0; c < num_cuts; c++) next[c] = (PetscInt)b->vec_off[c];
  for (PetscInt r = 0; r < num_gamma; r++) b->pos[r] = next[cut_of[r]]++;
  PetscCall(PetscFree(next));
  *ib = b;
  PetscFunctionReturn(0);
}

/*
  DioInterfaceBlocksSetPattern - where each of S's COO entries (rows coo_i, columns coo_j, in num_segments segments:
  entries segment_start[s] .. segment_start[s + 1] - 1) adds to the blocks; *block_tridiagonal: every entry couples a
  cut with itself or a neighbouring cut on every rank (the blocks are then allocated; otherwise ib must not be used
  further but destroyed). Collective on ib's comm.
*/
PetscErrorCode DioInterfaceBlocksSetPattern(DioInterfaceBlocks ib, PetscInt num_segments,
                                            const PetscCount segment_start[], const PetscInt coo_i[],
                                            const PetscInt coo_j[], PetscBool *block_tridiagonal)
{
  const PetscCount num_coo = segment_start[num_segments];
  PetscBool        ok      = PETSC_TRUE;

  PetscFunctionBegin;
  ib->num_segments = num_segments;
  PetscCall(PetscMalloc4(num_segments + 1, &ib->segment_start, num_segments, &ib->segment_first, num_segments,
                         &ib->segment_last, num_coo, &ib->target));
  PetscCall(PetscArraycpy(ib->segment_start, segment_start, num_segments + 1));
  for (PetscInt s = 0; s < num_segments; s++) {
    ib->segment_first[s] = ib->num_cuts;
    ib->segment_last[s]  = -1;
    for (PetscCount e = segment_start[s]; e < segment_start[s + 1]; e++) {
      const PetscInt  row = coo_i[e], col = coo_j[e], cr = ib->cut_of[row], cc = ib->cut_of[col];
      const ptrdiff_t pr = ib->pos[row] - ib->vec_off[cr], pc = ib->pos[col] - ib->vec_off[cc];
      if (cc == cr)
        ib->target[e] = ib->off[cr] + pr * ib->n[cr] + pc;
      else if (cc == cr + 1)
        ib->target[e] = ib->off[cr] + (ptrdiff_t)ib->n[cr] * ib->n[cr] + pr * ib->n[cc] + pc;
      else {
        ib->target[e] = -1; /* E_cc^T: S is symmetric, the entry (col, row) adds E_cc */
        if (cc != cr - 1) ok = PETSC_FALSE;
        continue;
      }
      ib->segment_first[s] = PetscMin(ib->segment_first[s], cr);
      ib->segment_last[s]  = PetscMax(ib->segment_last[s], cr);
    }
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPIU_BOOL, MPI_LAND, ib->comm));
  *block_tridiagonal = ok;
  if (!ok) PetscFunctionReturn(0);
  PetscCall(PetscCalloc3(ib->off[ib->num_cuts], &ib->A, ib->sq_off[ib->num_cuts], &ib->LP, ib->sq_off[ib->num_cuts],
                         &ib->LQ));
  PetscCall(PetscMalloc4((size_t)ib->largest * ib->largest, &ib->LM, (size_t)ib->largest * ib->largest, &ib->work,
                         ib->num_gamma, &ib->g, ib->num_gamma + ib->largest, &ib->w));
  PetscCall(PetscMalloc3((size_t)num_segments * ib->num_cuts, &ib->hash, ib->num_cuts, &ib->hash_now, ib->num_cuts,
                         &ib->changed));
  ib->f = (DioBlockTridiagonal){.m       = (int)ib->num_cuts,
                                .n       = ib->n,
                                .off     = ib->off,
                                .sq_off  = ib->sq_off,
                                .vec_off = ib->vec_off,
                                .n_max   = (int)ib->largest,
                                .A       = ib->A,
                                .LP      = ib->LP,
                                .LQ      = ib->LQ,
                                .LM      = ib->LM,
                                .work    = ib->work};
  dio_btd_reset(&ib->f);
  PetscFunctionReturn(0);
}

/* changed[c] = 1 for every cut c where a segment whose values may have changed (segment_changed[s], or every segment
   before the blocks were first filled) holds other values than at the last update (its per-cut hash), on any rank.
   Collective. */
static PetscErrorCode FindChangedCuts(DioInterfaceBlocks ib, const PetscScalar coo_values[],
                                      const PetscBool segment_changed[])
{
  const PetscInt64 basis = (PetscInt64)1469598103934665603LL;

  PetscFunctionBegin;
  PetscCall(PetscArrayzero(ib->changed, ib->num_cuts));
  for (PetscInt s = 0; s < ib->num_segments; s++) {
    PetscInt64 *hash = &ib->hash[s * ib->num_cuts];
    if (ib->filled && !segment_changed[s]) continue;
    for (PetscInt c = ib->segment_first[s]; c <= ib->segment_last[s]; c++) ib->hash_now[c] = basis;
    for (PetscCount e = ib->segment_start[s]; e < ib->segment_start[s + 1]; e++) {
      PetscInt c;
      if (ib->target[e] < 0) continue;
      c               = CutOfOffset(ib, ib->target[e]);
      ib->hash_now[c] = DioHashValues(1, &coo_values[e], ib->hash_now[c]);
    }
    for (PetscInt c = ib->segment_first[s]; c <= ib->segment_last[s]; c++) {
      if (!ib->filled || hash[c] != ib->hash_now[c]) ib->changed[c] = 1;
      hash[c] = ib->hash_now[c];
    }
  }
  if (!ib->filled)
    for (PetscInt c = 0; c < ib->num_cuts; c++) ib->changed[c] = 1;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, ib->changed, (PetscMPIInt)ib->num_cuts, MPIU_INT, MPI_MAX, ib->comm));
  PetscFunctionReturn(0);
}

/* The blocks of the changed cuts: this rank's entries added up, summed over the ranks, into A. Collective. */
static PetscErrorCode SumChangedCuts(DioInterfaceBlocks ib, const PetscScalar coo_values[])
{
  ptrdiff_t   *packed, total = 0;
  PetscScalar *buffer;
  const size_t chunk = (size_t)1 << 27; /* MPI counts are int */

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(ib->num_cuts, &packed));
  for (PetscInt c = 0; c < ib->num_cuts; c++) {
    packed[c] = total;
    if (ib->changed[c]) total += ib->off[c + 1] - ib->off[c];
  }
  PetscCall(PetscCalloc1((size_t)total, &buffer));
  for (PetscInt s = 0; s < ib->num_segments; s++) {
    PetscBool touches = PETSC_FALSE;
    for (PetscInt c = ib->segment_first[s]; c <= ib->segment_last[s]; c++)
      touches = (PetscBool)(touches || ib->changed[c]);
    if (!touches) continue;
    for (PetscCount e = ib->segment_start[s]; e < ib->segment_start[s + 1]; e++) {
      PetscInt c;
      if (ib->target[e] < 0) continue;
      c = CutOfOffset(ib, ib->target[e]);
      if (ib->changed[c]) buffer[packed[c] + ib->target[e] - ib->off[c]] += coo_values[e];
    }
  }
  for (size_t start = 0; start < (size_t)total; start += chunk) {
    const size_t count = PetscMin(chunk, (size_t)total - start);
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, buffer + start, (PetscMPIInt)count, MPIU_SCALAR, MPIU_SUM, ib->comm));
  }
  for (PetscInt c = 0; c < ib->num_cuts; c++)
    if (ib->changed[c]) PetscCall(PetscArraycpy(ib->A + ib->off[c], buffer + packed[c], ib->off[c + 1] - ib->off[c]));
  PetscCall(PetscFree(buffer));
  PetscCall(PetscFree(packed));
  PetscFunctionReturn(0);
}

/*
  DioInterfaceBlocksUpdate - the blocks brought up to date with this rank's COO values of S (coo_values, in the
  pattern's order; segment_changed[s]: segment s may hold other values than at the last update, ignored at the first)
  and factored again where they changed. *cuts_changed, *blocks_factored: how many (the same on every rank).
  Collective on ib's comm.
*/
PetscErrorCode DioInterfaceBlocksUpdate(DioInterfaceBlocks ib, const PetscScalar coo_values[],
                                        const PetscBool segment_changed[], PetscInt *cuts_changed,
                                        PetscInt *blocks_factored)
{
  int      factored    = 0, status;
  PetscInt num_changed = 0;

  PetscFunctionBegin;
  PetscCall(FindChangedCuts(ib, coo_values, segment_changed));
  for (PetscInt c = 0; c < ib->num_cuts; c++) num_changed += ib->changed[c];
  if (num_changed > 0) PetscCall(SumChangedCuts(ib, coo_values));
  ib->filled = PETSC_TRUE;
  for (PetscInt c = 0; c < ib->num_cuts; c++)
    if (ib->changed[c]) dio_btd_changed(&ib->f, (int)c, (int)c);
  status = dio_btd_factor(&ib->f, dio_btd_choose_twist(&ib->f), &factored);
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &status, 1, MPI_INT, MPI_MAX, ib->comm));
  PetscCheck(status == 0, ib->comm, PETSC_ERR_NOT_CONVERGED,
             "-mech_substructures: the interface system's block Cholesky failed at cut %d (not positive definite)",
             status - 1);
  {
    /* about 7/3 n^3 per block factored (the Cholesky, the triangular solve and the product of its neighbour) */
    const PetscLogDouble n = (PetscLogDouble)ib->largest;
    PetscCall(PetscLogFlops(factored * 7.0 / 3.0 * n * n * n));
  }
  *cuts_changed    = num_changed;
  *blocks_factored = factored;
  PetscFunctionReturn(0);
}

/*
  DioInterfaceBlocksSolve - u := S^-1 u, u the rows first_row .. first_row + n_owned - 1 of S (this rank's), the
  right-hand side gathered from every rank by one reduction. Collective on ib's comm.
*/
PetscErrorCode DioInterfaceBlocksSolve(DioInterfaceBlocks ib, PetscInt first_row, PetscInt n_owned, PetscScalar u[])
{
  PetscFunctionBegin;
  PetscCall(PetscArrayzero(ib->g, ib->num_gamma));
  for (PetscInt i = 0; i < n_owned; i++) ib->g[ib->pos[first_row + i]] = u[i];
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, ib->g, (PetscMPIInt)ib->num_gamma, MPIU_SCALAR, MPIU_SUM, ib->comm));
  dio_btd_solve(&ib->f, ib->g, ib->w);
  for (PetscInt i = 0; i < n_owned; i++) u[i] = ib->g[ib->pos[first_row + i]];
  PetscCall(PetscLogFlops(6.0 * (PetscLogDouble)ib->largest * (PetscLogDouble)ib->num_gamma));
  PetscFunctionReturn(0);
}

/* DioInterfaceBlocksGetSizes - the number of cuts and the dofs of the largest. Not collective. */
PetscErrorCode DioInterfaceBlocksGetSizes(DioInterfaceBlocks ib, PetscInt *num_cuts, PetscInt *largest_cut)
{
  PetscFunctionBegin;
  *num_cuts    = ib->num_cuts;
  *largest_cut = ib->largest;
  PetscFunctionReturn(0);
}

/* DioInterfaceBlocksDestroy - frees what DioInterfaceBlocksCreate() and SetPattern made; nulls *ib. Not collective. */
PetscErrorCode DioInterfaceBlocksDestroy(DioInterfaceBlocks *ib)
{
  DioInterfaceBlocks b = *ib;

  PetscFunctionBegin;
  if (b == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree2(b->cut_of, b->pos));
  PetscCall(PetscFree4(b->n, b->off, b->sq_off, b->vec_off));
  if (b->segment_start) PetscCall(PetscFree4(b->segment_start, b->segment_first, b->segment_last, b->target));
  if (b->A) {
    PetscCall(PetscFree3(b->A, b->LP, b->LQ));
    PetscCall(PetscFree4(b->LM, b->work, b->g, b->w));
    PetscCall(PetscFree3(b->hash, b->hash_now, b->changed));
  }
  PetscCall(PetscFree(b));
  *ib = NULL;
  PetscFunctionReturn(0);
}
