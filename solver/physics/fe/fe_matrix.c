/* SPDX-License-Identifier: BSD-2-Clause
   fe_matrix.c: the nonzero counts of a finite-element matrix with bs components per node (bs x bs blocks), from the
   node adjacency of the cells, for MatXAIJSetPreallocation(); shared by the elasticity (bs = dim) and the heat
   (bs = 1). No COO index maps: the cost is one marker and the node -> cells map, O(nodes + cells). */
#include "fe_common.h"

/* The rank owning global block row g among the block ownership ranges[0..size]. */
static PetscMPIInt OwnerOf(PetscInt g, const PetscInt ranges[], PetscMPIInt size)
{
  PetscMPIInt lo = 0, hi = size;
  while (hi - lo > 1) {
    const PetscMPIInt mid = (lo + hi) / 2;
    if (g >= ranges[mid]) lo = mid;
    else hi = mid;
  }
  return lo;
}

/* node -> cells (CSR: the cells of local node i are node_cells[node_cell_start[i] .. node_cell_start[i + 1]]) and node
   -> global block; give back with PetscFree3(*node_cell_start, *node_cells, *node_global). */
static PetscErrorCode NodeCells(PetscInt bs, PetscInt num_nodes, PetscInt num_cells, PetscInt npc, const PetscInt cell_local_dofs[],
                                const PetscInt cell_global_dofs[], PetscInt **node_cell_start, PetscInt **node_cells, PetscInt **node_global)
{
  const PetscInt ndof = npc * bs;
  PetscInt      *start, *cells, *global;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(num_nodes + 1, &start, (size_t)num_cells * npc, &cells, num_nodes, &global));
  PetscCall(PetscArrayzero(start, num_nodes + 1));
  PetscCall(PetscArrayzero(global, num_nodes));
  for (PetscInt c = 0; c < num_cells; c++) {
    for (PetscInt a = 0; a < npc; a++) {
      const PetscInt node = cell_local_dofs[c * ndof + a * bs] / bs;
      start[node + 1]++;
      global[node] = cell_global_dofs[c * ndof + a * bs] / bs;
    }
  }
  for (PetscInt i = 0; i < num_nodes; i++) start[i + 1] += start[i];
  for (PetscInt c = 0; c < num_cells; c++) {
    for (PetscInt a = 0; a < npc; a++) {
      const PetscInt node = cell_local_dofs[c * ndof + a * bs] / bs;
      cells[start[node]++] = c;
    }
  }
  for (PetscInt i = num_nodes; i > 0; i--) start[i] = start[i - 1];
  start[0] = 0;
  *node_cell_start = start;
  *node_cells      = cells;
  *node_global     = global;
  PetscFunctionReturn(0);
}

PetscErrorCode DioFECountBlockNonzeros_Internal(DM dm_f, PetscInt bs, PetscInt num_cells, PetscInt nodes_per_cell, const PetscInt cell_local_dofs[],
                                               const PetscInt cell_global_dofs[], const PetscInt local_drop[], PetscInt n_owned_blocks, PetscInt *d_nnz,
                                               PetscInt *o_nnz, PetscInt *du_nnz, PetscInt *ou_nnz)
{
  const PetscInt dim = bs, ndof = nodes_per_cell * bs, npc = nodes_per_cell;
  MPI_Comm       comm = PetscObjectComm((PetscObject)dm_f);
  PetscMPIInt    size;
  PetscSection   local_section;
  PetscInt       local_size, num_nodes, *node_cell_start, *node_cells, *marker, *counts, *ranges, n_global_blocks, rstart_block;
  PetscInt      *node_global; /* [num_nodes] global block index */
  PetscInt      *drop;        /* [num_nodes] DIO_FE_DROP_* of the node */

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(DMGetLocalSection(dm_f, &local_section));
  PetscCall(PetscSectionGetStorageSize(local_section, &local_size));
  num_nodes = local_size / dim;
  PetscCall(PetscMalloc1(size + 1, &ranges));
  ranges[0] = 0;
  PetscCallMPI(MPI_Allgather(&n_owned_blocks, 1, MPIU_INT, &ranges[1], 1, MPIU_INT, comm));
  for (PetscMPIInt r = 0; r < size; r++) ranges[r + 1] += ranges[r];
  n_global_blocks = ranges[size];
  {
    PetscMPIInt rank;
    PetscCallMPI(MPI_Comm_rank(comm, &rank));
    rstart_block = ranges[rank];
  }
  PetscCall(NodeCells(bs, num_nodes, num_cells, nodes_per_cell, cell_local_dofs, cell_global_dofs, &node_cell_start, &node_cells, &node_global));

  /* per local dof (the SF works on dofs): d, o, d upper, o upper of its node, replicated on the node's dim dofs. A
     dropped node's row has its diagonal block only; DIO_FE_DROP_ROW_COLUMN: and its column is in no other row. */
  PetscCall(PetscMalloc2(num_nodes, &marker, num_nodes, &drop));
  for (PetscInt i = 0; i < num_nodes; i++) drop[i] = local_drop ? local_drop[i] : DIO_FE_DROP_NONE;
  PetscCall(PetscCalloc1((size_t)4 * local_size, &counts));
  for (PetscInt i = 0; i < num_nodes; i++) marker[i] = -1;
  for (PetscInt i = 0; i < num_nodes; i++) {
    const PetscInt    gi    = node_global[i];
    const PetscMPIInt owner = OwnerOf(gi, ranges, size);
    PetscInt          d = 0, o = 0, du = 0, ou = 0;
    for (PetscInt k = node_cell_start[i]; k < node_cell_start[i + 1]; k++) {
      const PetscInt c = node_cells[k];
      for (PetscInt b = 0; b < npc; b++) {
        const PetscInt j = cell_local_dofs[c * ndof + b * dim] / dim, gj = node_global[j];
        const PetscBool diag = (PetscBool)(gj >= ranges[owner] && gj < ranges[owner + 1]);
        if (marker[j] == i || (j != i && (drop[i] != DIO_FE_DROP_NONE || drop[j] == DIO_FE_DROP_ROW_COLUMN))) continue;
        marker[j] = i;
        if (diag) d++;
        else o++;
        if (gj >= gi) {
          if (diag) du++;
          else ou++;
        }
      }
    }
    for (PetscInt comp = 0; comp < dim; comp++) {
      counts[i * dim + comp]                  = d;
      counts[local_size + i * dim + comp]     = o;
      counts[2 * local_size + i * dim + comp] = du;
      counts[3 * local_size + i * dim + comp] = ou;
    }
  }
  for (PetscInt k = 0; k < 4; k++) PetscCall(DioSyncLocalDofs_Internal(dm_f, &counts[k * local_size], MPI_SUM));
  /* owned nodes, in global order; a count never exceeds the columns there are */
  for (PetscInt i = 0; i < num_nodes; i++) {
    const PetscInt row = node_global[i] - rstart_block;
    if (row < 0 || row >= n_owned_blocks) continue;
    d_nnz[row]  = PetscMin(counts[i * dim], n_owned_blocks);
    o_nnz[row]  = PetscMin(counts[local_size + i * dim], n_global_blocks - n_owned_blocks);
    du_nnz[row] = PetscMin(counts[2 * local_size + i * dim], n_owned_blocks);
    ou_nnz[row] = PetscMin(counts[3 * local_size + i * dim], n_global_blocks - n_owned_blocks);
  }
  PetscCall(PetscFree(counts));
  PetscCall(PetscFree2(marker, drop));
  PetscCall(PetscFree3(node_cell_start, node_cells, node_global));
  PetscCall(PetscFree(ranges));
  PetscFunctionReturn(0);
}


PetscErrorCode DioFEInsertBlockPattern_Internal(Mat K, DM dm_f, PetscInt bs, PetscInt num_cells, PetscInt nodes_per_cell, const PetscInt cell_local_dofs[],
                                               const PetscInt cell_global_dofs[], const PetscInt local_drop[])
{
  const PetscInt ndof = nodes_per_cell * bs;
  PetscSection   local_section;
  PetscInt       local_size, num_nodes, *node_cell_start, *node_cells, *node_global, *marker, *blocks, *rows, *cols, max_blocks = 0;
  PetscScalar   *zeros;
  PetscBool      seq;

  PetscFunctionBegin;
  /* one rank: every row once, whole and sorted, into exact preallocation: PETSc copies it (MAT_SORTED_FULL) */
  PetscCall(PetscObjectTypeCompare((PetscObject)K, MATSEQAIJ, &seq));
  if (seq) PetscCall(MatSetOption(K, MAT_SORTED_FULL, PETSC_TRUE));
  PetscCall(DMGetLocalSection(dm_f, &local_section));
  PetscCall(PetscSectionGetStorageSize(local_section, &local_size));
  num_nodes = local_size / bs;
  PetscCall(NodeCells(bs, num_nodes, num_cells, nodes_per_cell, cell_local_dofs, cell_global_dofs, &node_cell_start, &node_cells, &node_global));
  for (PetscInt i = 0; i < num_nodes; i++) max_blocks = PetscMax(max_blocks, (node_cell_start[i + 1] - node_cell_start[i]) * nodes_per_cell);
  max_blocks = PetscMax(max_blocks, 1);
  PetscCall(PetscMalloc5(num_nodes, &marker, max_blocks, &blocks, bs, &rows, max_blocks * bs, &cols, max_blocks * bs * bs, &zeros));
  PetscCall(PetscArrayzero(zeros, max_blocks * bs * bs));
  for (PetscInt i = 0; i < num_nodes; i++) marker[i] = -1;
  for (PetscInt i = 0; i < num_nodes; i++) {
    const PetscInt drop_i = local_drop ? local_drop[i] : DIO_FE_DROP_NONE;
    PetscInt       n      = 0;
    if (node_cell_start[i + 1] == node_cell_start[i]) continue; /* a node of no local cell: nothing from this rank */
    for (PetscInt k = node_cell_start[i]; k < node_cell_start[i + 1]; k++) {
      const PetscInt c = node_cells[k];
      for (PetscInt b = 0; b < nodes_per_cell; b++) {
        const PetscInt j = cell_local_dofs[c * ndof + b * bs] / bs;
        if (marker[j] == i || (j != i && (drop_i != DIO_FE_DROP_NONE || (local_drop && local_drop[j] == DIO_FE_DROP_ROW_COLUMN)))) continue;
        marker[j]   = i;
        blocks[n++] = node_global[j];
      }
    }
    for (PetscInt k = 1; k < n; k++) { /* insertion sort: a few dozen blocks, nearly in order */
      const PetscInt key = blocks[k];
      PetscInt       m   = k - 1;
      for (; m >= 0 && blocks[m] > key; m--) blocks[m + 1] = blocks[m];
      blocks[m + 1] = key;
    }
    for (PetscInt p = 0; p < bs; p++) rows[p] = node_global[i] * bs + p;
    for (PetscInt k = 0; k < n; k++)
      for (PetscInt q = 0; q < bs; q++) cols[k * bs + q] = blocks[k] * bs + q;
    PetscCall(MatSetValues(K, bs, rows, n * bs, cols, zeros, seq ? INSERT_VALUES : ADD_VALUES));
  }
  if (seq) PetscCall(MatSetOption(K, MAT_SORTED_FULL, PETSC_FALSE));
  PetscCall(PetscFree5(marker, blocks, rows, cols, zeros));
  PetscCall(PetscFree3(node_cell_start, node_cells, node_global));
  PetscCall(MatAssemblyBegin(K, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(K, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}
