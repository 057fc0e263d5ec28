/* SPDX-License-Identifier: BSD-2-Clause
   box.c: a structured box of quadrilaterals (2D) or hexahedra (3D) built in parallel: each rank creates its own
   block of the box (a block of a process grid chosen to cut the fewest faces), so no rank holds the whole mesh and
   nothing is distributed afterwards. The strait section, the column and the benchmark boxes are built on it. */
#include "dio_mesh.h"
#include "mesh_impl.h"

/* The process grid and the numbering of the box's cells and vertices. Block b of direction d holds the cells
   [start(b), start(b + 1)) of that direction and owns the vertices with the same indices, the last block also the
   vertex n. Ranks are numbered x fastest; a rank's owned vertices are numbered contiguously from its offset, in the
   axis order `order` (fastest first), which every rank knows, so any rank can name any vertex. */
typedef struct {
  PetscInt  dim, n[3], p[3];
  PetscInt  order[3];    /* axes from the fastest to the slowest index of a block's cells and vertices */
  PetscInt *rank_offset; /* [size + 1] first global vertex id of each rank */
} BoxGrid;

static PetscInt BlockStart(PetscInt n, PetscInt p, PetscInt b)
{
  return (PetscInt)(((PetscInt64)b * n) / p);
}

/* The block of direction d holding vertex (or cell) index i. */
static PetscInt BlockOf(const BoxGrid *g, PetscInt d, PetscInt i)
{
  PetscInt b;

  if (d >= g->dim) return 0;
  b = (PetscInt)(((PetscInt64)i * g->p[d]) / g->n[d]);

  if (b >= g->p[d]) b = g->p[d] - 1;
  while (b > 0 && BlockStart(g->n[d], g->p[d], b) > i) b--;
  while (b + 1 < g->p[d] && BlockStart(g->n[d], g->p[d], b + 1) <= i) b++;
  return b;
}

/* Owned vertices of block b along direction d. */
static PetscInt BlockVertices(const BoxGrid *g, PetscInt d, PetscInt b)
{
  if (d >= g->dim) return 1;
  return BlockStart(g->n[d], g->p[d], b + 1) - BlockStart(g->n[d], g->p[d], b) + (b == g->p[d] - 1 ? 1 : 0);
}

static void RankBlock(const BoxGrid *g, PetscInt rank, PetscInt block[3])
{
  block[0] = rank % g->p[0];
  block[1] = (rank / g->p[0]) % g->p[1];
  block[2] = rank / (g->p[0] * g->p[1]);
}

/* The process grid p[0] x p[1] (x p[2]) = size that cuts the fewest faces between blocks, preferring splits along x
   (a long strait section is cut across its length only); blocks without cells only where size exceeds the cells. */
static void BoxChooseProcessGrid(PetscInt dim, const PetscInt n[], PetscInt size, PetscInt p[])
{
  PetscReal best = PETSC_MAX_REAL;

  p[0] = size;
  p[1] = p[2] = 1;
  for (PetscInt p0 = size; p0 >= 1; p0--) {
    if (size % p0) continue;
    for (PetscInt p1 = size / p0; p1 >= 1; p1--) {
      const PetscInt q[3] = {p0, p1, size / p0 / p1};
      PetscReal      cut  = 0;
      PetscBool      fits = PETSC_TRUE;

      if ((size / p0) % p1 || (dim == 2 && q[2] != 1)) continue;
      for (PetscInt d = 0; d < dim; d++) {
        PetscReal across = 1;

        for (PetscInt e = 0; e < dim; e++)
          if (e != d) across *= n[e];
        cut += (q[d] - 1) * across;
        if (q[d] > n[d]) fits = PETSC_FALSE;
      }
      if (!fits) cut += 1e30; /* empty blocks: only if no grid avoids them */
      if (cut < best) {
        best = cut;
        for (PetscInt d = 0; d < 3; d++) p[d] = q[d];
      }
    }
  }
}

static PetscErrorCode BoxGridCreate(MPI_Comm comm, PetscInt dim, const PetscInt faces[], BoxGrid *g)
{
  PetscMPIInt size;
  PetscInt    block[3];

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMemzero(g, sizeof(*g)));
  g->dim = dim;
  for (PetscInt d = 0; d < 3; d++) g->n[d] = d < dim ? faces[d] : 1;
  BoxChooseProcessGrid(dim, g->n, size, g->p);
  /* the direction with the fewest cells per block fastest: neighbours' rows stay close in the matrix */
  for (PetscInt d = 0; d < 3; d++) g->order[d] = d;
  for (PetscInt i = 1; i < dim; i++)
    for (PetscInt j = i; j > 0 && g->n[g->order[j]] / g->p[g->order[j]] < g->n[g->order[j - 1]] / g->p[g->order[j - 1]];
         j--) {
      const PetscInt swap = g->order[j];

      g->order[j]     = g->order[j - 1];
      g->order[j - 1] = swap;
    }
  PetscCall(PetscMalloc1(size + 1, &g->rank_offset));
  g->rank_offset[0] = 0;
  for (PetscInt r = 0; r < size; r++) {
    PetscInt64 owned = 1;

    RankBlock(g, r, block);
    for (PetscInt d = 0; d < 3; d++) owned *= BlockVertices(g, d, block[d]);
    PetscCheck(g->rank_offset[r] + owned < PETSC_MAX_INT, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "box mesh: %" PetscInt_FMT " x %" PetscInt_FMT " x %" PetscInt_FMT
               " cells have more vertices than PetscInt counts",
               g->n[0], g->n[1], g->n[2]);
    g->rank_offset[r + 1] = g->rank_offset[r] + (PetscInt)owned;
  }
  PetscFunctionReturn(0);
}

/* Position of index[] in the box [lo, lo + extent) with the grid's axis order (fastest first). */
static PetscInt LocalIndex(const BoxGrid *g, const PetscInt index[], const PetscInt lo[], const PetscInt extent[])
{
  PetscInt local = 0;

  for (PetscInt k = 2; k >= 0; k--) local = local * extent[g->order[k]] + index[g->order[k]] - lo[g->order[k]];
  return local;
}

/* Global id of the vertex with indices v[] (0..n per direction). */
static PetscInt GlobalVertex(const BoxGrid *g, const PetscInt v[])
{
  PetscInt block[3], lo[3], extent[3], rank;

  for (PetscInt d = 0; d < 3; d++) {
    block[d]  = BlockOf(g, d, PetscMin(v[d], g->n[d] - 1));
    lo[d]     = BlockStart(g->n[d], g->p[d], block[d]);
    extent[d] = BlockVertices(g, d, block[d]);
  }
  rank = block[0] + g->p[0] * (block[1] + g->p[1] * block[2]);
  return g->rank_offset[rank] + LocalIndex(g, v, lo, extent);
}

/* Coordinate of vertex i of n uniform intervals on [lo, hi], exact at both ends. */
static PetscReal BoxNode(PetscReal lo, PetscReal hi, PetscInt i, PetscInt n)
{
  return i == n ? hi : lo + i * ((hi - lo) / n);
}

/* The vertices of a face or cell, in no particular order, gathered through cones: a transitive closure would also
   look up cell types for orientations not needed here, which dominates the build time of large meshes. */
PetscErrorCode DioMeshPointVertices_Internal(DM dm, PetscInt point, PetscInt vStart, PetscInt vEnd,
                                             PetscInt *num_vertices, PetscInt vertices[8])
{
  PetscInt stack[32], top = 0, n = 0;

  PetscFunctionBegin;
  stack[top++] = point;
  while (top > 0) {
    const PetscInt  q = stack[--top];
    const PetscInt *cone;
    PetscInt        cone_size, i;

    if (q >= vStart && q < vEnd) {
      for (i = 0; i < n && vertices[i] != q; i++) {}
      if (i == n) {
        PetscCheck(n < 8, PETSC_COMM_SELF, PETSC_ERR_PLIB, "mesh: point %" PetscInt_FMT " has over 8 vertices", point);
        vertices[n++] = q;
      }
      continue;
    }
    PetscCall(DMPlexGetConeSize(dm, q, &cone_size));
    PetscCall(DMPlexGetCone(dm, q, &cone));
    PetscCheck(top + cone_size <= 32, PETSC_COMM_SELF, PETSC_ERR_PLIB, "mesh: cone of point %" PetscInt_FMT " too deep",
               point);
    for (i = 0; i < cone_size; i++) stack[top++] = cone[i];
  }
  *num_vertices = n;
  PetscFunctionReturn(0);
}

/* Face Sets: a boundary face (one cell) whose centroid lies on side 2 d (lower) or 2 d + 1 (upper) of the box gets
   side_ids[2 d (+ 1)] where that is > 0; faces between ranks have one local cell too but lie inside the box. */
static PetscErrorCode BoxLabelFaces(DM dm, PetscInt dim, const PetscInt faces[], const PetscReal lower[],
                                    const PetscReal upper[], const PetscInt side_ids[])
{
  DMLabel            label;
  PetscSection       cs;
  Vec                coordinates;
  const PetscScalar *x;
  PetscInt           fStart, fEnd, vStart, vEnd;

  PetscFunctionBegin;
  PetscCall(DMCreateLabel(dm, DIO_LABEL_BOUNDARY));
  PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMGetCoordinateSection(dm, &cs));
  PetscCall(DMGetCoordinatesLocal(dm, &coordinates));
  PetscCall(DMPlexGetHeightStratum(dm, 1, &fStart, &fEnd));
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  PetscCall(VecGetArrayRead(coordinates, &x));
  for (PetscInt f = fStart; f < fEnd; f++) {
    PetscInt  vertices[8], nv, support_size;
    PetscReal centroid[3] = {0, 0, 0};

    PetscCall(DMPlexGetSupportSize(dm, f, &support_size));
    if (support_size != 1) continue;
    PetscCall(DioMeshPointVertices_Internal(dm, f, vStart, vEnd, &nv, vertices));
    for (PetscInt i = 0; i < nv; i++) {
      PetscInt off;

      PetscCall(PetscSectionGetOffset(cs, vertices[i], &off));
      for (PetscInt d = 0; d < dim; d++) centroid[d] += PetscRealPart(x[off + d]) / nv;
    }
    for (PetscInt d = 0; d < dim; d++) {
      /* a quarter cell: far from any interior face, far above round-off */
      const PetscReal unit = (centroid[d] - lower[d]) / (upper[d] - lower[d]), tol = 0.25 / faces[d];

      if (PetscAbsReal(unit) < tol && side_ids[2 * d] > 0) PetscCall(DMLabelSetValue(label, f, side_ids[2 * d]));
      if (PetscAbsReal(unit - 1) < tol && side_ids[2 * d + 1] > 0)
        PetscCall(DMLabelSetValue(label, f, side_ids[2 * d + 1]));
    }
  }
  PetscCall(VecRestoreArrayRead(coordinates, &x));
  PetscFunctionReturn(0);
}

/*@
  DioMeshCreateBox_Internal - Builds the box [lower, upper] of faces[d] cells per direction in parallel, with faces
  and edges, coordinates and DIO_LABEL_BOUNDARY on its sides; not named, not indexed, not viewed.

  Collective. Each rank builds the cells of its block of the process grid (BoxChooseProcessGrid) and owns the
  vertices of that block; DMPlexCreateFromCellListParallelPetsc() matches the shared vertices and DMPlexInterpolate()
  the shared faces and edges. Cells are numbered in the grid's axis order within each rank.

  Input: side_ids[2 dim], the Face Sets value of the faces on x = lower, x = upper, y = lower, ... (0: none).
  Output: dm, destroy with DMDestroy().
@*/
PetscErrorCode DioMeshCreateBox_Internal(MPI_Comm comm, PetscInt dim, const PetscInt faces[], const PetscReal lower[],
                                         const PetscReal upper[], const PetscInt side_ids[], DM *dm)
{
  static const PetscInt QuadCorners[4][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}};
  /* DMPlex's hexahedron: the bottom face seen from inside, then the top face seen from outside */
  static const PetscInt HexCorners[8][3] = {{0, 0, 0}, {0, 1, 0}, {1, 1, 0}, {1, 0, 0},
                                            {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};
  const PetscInt(*corners)[3]            = dim == 2 ? QuadCorners : HexCorners;
  const PetscInt num_corners             = 1 << dim;
  BoxGrid        g;
  PetscMPIInt    rank;
  PetscInt       block[3], lo[3], cell_extent[3], vertex_extent[3], num_cells = 1, num_vertices = 1, *cells;
  PetscReal     *coords;

  PetscFunctionBegin;
  for (PetscInt d = 0; d < dim; d++)
    PetscCheck(faces[d] >= 1 && upper[d] > lower[d], comm, PETSC_ERR_ARG_OUTOFRANGE,
               "box mesh: direction %" PetscInt_FMT ": %" PetscInt_FMT " cells on [%g, %g]", d, faces[d],
               (double)lower[d], (double)upper[d]);
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(BoxGridCreate(comm, dim, faces, &g));
  RankBlock(&g, rank, block);
  for (PetscInt d = 0; d < 3; d++) {
    lo[d]            = BlockStart(g.n[d], g.p[d], block[d]);
    cell_extent[d]   = d < dim ? BlockStart(g.n[d], g.p[d], block[d] + 1) - lo[d] : 1;
    vertex_extent[d] = d < dim ? BlockVertices(&g, d, block[d]) : 1;
    num_cells *= cell_extent[d];
    num_vertices *= vertex_extent[d];
  }
  PetscCall(PetscMalloc2(num_cells * num_corners, &cells, num_vertices * dim, &coords));
  for (PetscInt c = 0; c < num_cells; c++) {
    PetscInt index[3] = {0, 0, 0}, rest = c;

    for (PetscInt k = 0; k < 3; k++) {
      index[g.order[k]] = lo[g.order[k]] + rest % cell_extent[g.order[k]];
      rest /= cell_extent[g.order[k]];
    }
    for (PetscInt i = 0; i < num_corners; i++) {
      PetscInt v[3];

      for (PetscInt d = 0; d < 3; d++) v[d] = index[d] + (d < dim ? corners[i][d] : 0);
      cells[c * num_corners + i] = GlobalVertex(&g, v);
    }
  }
  for (PetscInt v = 0; v < num_vertices; v++) {
    PetscInt index[3] = {0, 0, 0}, rest = v;

    for (PetscInt k = 0; k < 3; k++) {
      index[g.order[k]] = lo[g.order[k]] + rest % vertex_extent[g.order[k]];
      rest /= vertex_extent[g.order[k]];
    }
    for (PetscInt d = 0; d < dim; d++) coords[v * dim + d] = BoxNode(lower[d], upper[d], index[d], faces[d]);
  }
  PetscCall(DMPlexCreateFromCellListParallelPetsc(comm, dim, num_cells, num_vertices,
                                                  g.rank_offset[g.p[0] * g.p[1] * g.p[2]], num_corners, PETSC_TRUE,
                                                  cells, dim, coords, NULL, NULL, dm));
  PetscCall(PetscFree2(cells, coords));
  PetscCall(PetscFree(g.rank_offset));
  PetscCall(BoxLabelFaces(*dm, dim, faces, lower, upper, side_ids));
  PetscFunctionReturn(0);
}

/*@
  DioMeshCreateBox - Builds the box [lower, upper] of faces[d] quadrilaterals (dim 2) or hexahedra (dim 3) per
  direction in parallel (no rank holds the whole mesh, nothing is distributed afterwards).

  Collective.

  Input: side_ids[2 dim], the DIO_LABEL_BOUNDARY value of the faces on x = lower[0], x = upper[0], y = lower[1], ...
  (0: unlabelled).
  Output: dm, named "box", destroy with DMDestroy(). Honours -dm_view.
@*/
PetscErrorCode DioMeshCreateBox(MPI_Comm comm, PetscInt dim, const PetscInt faces[], const PetscReal lower[],
                                const PetscReal upper[], const PetscInt side_ids[], DM *dm)
{
  PetscFunctionBegin;
  PetscCall(DioMeshCreateBox_Internal(comm, dim, faces, lower, upper, side_ids, dm));
  PetscCall(DioMeshFinish_Internal("box", *dm));
  PetscFunctionReturn(0);
}
