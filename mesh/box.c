/* SPDX-License-Identifier: BSD-2-Clause
   box.c: a structured box of quadrilaterals (2D) or hexahedra (3D) built in parallel: each rank creates its own
   block of the box (a block of a process grid chosen to cut the fewest faces) with DMPlexCreateBoxMesh() on its own
   communicator, copies it onto the mesh's communicator and matches the points it shares with its neighbours, so no
   rank holds the whole mesh and nothing is distributed afterwards. The strait section, the column and the benchmark
   boxes are built on it. */
#include "dio_mesh.h"
#include "mesh_impl.h"
#include <petscsf.h>

/* The process grid. Block b of direction d holds the cells [start(b), start(b + 1)) of that direction and owns the
   points between them and on its lower side, the last block also those on its upper side. Ranks are numbered x
   fastest. */
typedef struct {
  PetscInt dim, n[3], p[3];
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

/* The owner of the point whose doubled index coordinates (2 i at a vertex plane, 2 i + 1 across a cell) are key[]. */
static PetscInt KeyOwner(const BoxGrid *g, const PetscInt key[])
{
  PetscInt block[3];

  for (PetscInt d = 0; d < 3; d++) block[d] = BlockOf(g, d, PetscMin(key[d] / 2, g->n[d] - 1));
  return block[0] + g->p[0] * (block[1] + g->p[1] * block[2]);
}

/* A copy of the serial mesh local (its points, cones, orientations) on comm, with the vertex coordinates coords. */
static PetscErrorCode BoxCopyToComm(MPI_Comm comm, PetscInt dim, DM local, const PetscScalar coords[], DM *dm)
{
  PetscInt  pStart = 0, pEnd = 0, depth = dim, num_points[4] = {0, 0, 0, 0}, *cone_sizes, empty = 0;
  PetscInt *cones = &empty, *orientations = &empty;

  PetscFunctionBegin;
  if (local != NULL) {
    PetscCall(DMPlexGetChart(local, &pStart, &pEnd));
    for (PetscInt d = 0; d <= dim; d++) {
      PetscInt start, end;

      PetscCall(DMPlexGetDepthStratum(local, d, &start, &end));
      num_points[d] = end - start;
    }
    PetscCall(DMPlexGetCones(local, &cones));
    PetscCall(DMPlexGetConeOrientations(local, &orientations));
  }
  PetscCall(PetscMalloc1(pEnd - pStart, &cone_sizes));
  for (PetscInt p = pStart; p < pEnd; p++) PetscCall(DMPlexGetConeSize(local, p, &cone_sizes[p - pStart]));
  PetscCall(DMCreate(comm, dm));
  PetscCall(DMSetType(*dm, DMPLEX));
  PetscCall(DMSetDimension(*dm, dim));
  PetscCall(DMSetCoordinateDim(*dm, dim));
  PetscCall(DMPlexCreateFromDAG(*dm, depth, num_points, cone_sizes, cones, orientations, coords));
  PetscCall(PetscFree(cone_sizes));
  PetscFunctionReturn(0);
}

/* The cell-type label from the strata (points, segments, quadrilaterals, hexahedra), as stride index sets:
   DMPlexComputeCellTypes() would classify every point through a hash set, which costs more than the box itself. */
static PetscErrorCode BoxSetCellTypes(DM dm, PetscInt dim)
{
  const DMPolytopeType types[4] = {DM_POLYTOPE_POINT, DM_POLYTOPE_SEGMENT, DM_POLYTOPE_QUADRILATERAL,
                                   DM_POLYTOPE_HEXAHEDRON};
  DMLabel              label;

  PetscFunctionBegin;
  PetscCall(DMCreateLabel(dm, "celltype"));
  PetscCall(DMPlexGetCellTypeLabel(dm, &label));
  for (PetscInt d = 0; d <= dim; d++) {
    IS       stratum;
    PetscInt start, end;

    PetscCall(DMPlexGetDepthStratum(dm, d, &start, &end));
    if (end <= start) continue;
    PetscCall(ISCreateStride(PETSC_COMM_SELF, end - start, start, 1, &stratum));
    PetscCall(DMLabelSetStratumIS(label, types[d], stratum));
    PetscCall(ISDestroy(&stratum));
  }
  PetscFunctionReturn(0);
}

/* The point SF: every point on the side of the block that a neighbour owns is a leaf of the owner's point, found by
   its key (PetscSFCreateByMatchingIndices()). vertex_index[v][3] holds the global indices of local vertex v. */
static PetscErrorCode BoxSetPointSF(DM dm, const BoxGrid *g, const PetscInt lo[], const PetscInt extent[],
                                    const PetscInt block[], const PetscInt vertex_index[])
{
  MPI_Comm           comm = PetscObjectComm((PetscObject)dm);
  PetscMPIInt        rank;
  PetscLayout        layout;
  PetscSF            matched, point_sf;
  PetscInt           pStart, pEnd, vStart, vEnd, cStart, cEnd, num_roots = 0, num_leaves = 0, num_matched;
  PetscInt          *root_keys, *root_points, *leaf_keys, *leaf_points, *local;
  const PetscInt    *matched_local;
  const PetscSFNode *matched_remote;
  PetscSFNode       *remote;
  PetscInt64         num_keys = 1;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  for (PetscInt d = 0; d < 3; d++) num_keys *= 2 * g->n[d] + 1;
  PetscCheck(num_keys < PETSC_MAX_INT, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "box mesh: %" PetscInt_FMT " x %" PetscInt_FMT " x %" PetscInt_FMT " cells: too many points for PetscInt",
             g->n[0], g->n[1], g->n[2]);
  PetscCall(DMPlexGetChart(dm, &pStart, &pEnd));
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(PetscMalloc4(pEnd - pStart, &root_keys, pEnd - pStart, &root_points, pEnd - pStart, &leaf_keys,
                         pEnd - pStart, &leaf_points));
  for (PetscInt p = pStart; p < pEnd; p++) {
    PetscInt  vertices[8], nv, key[3] = {0, 0, 0}, owner, key_index;
    PetscBool side = PETSC_FALSE;

    if (p >= cStart && p < cEnd) continue; /* a cell is never shared */
    PetscCall(DioMeshPointVertices_Internal(dm, p, vStart, vEnd, &nv, vertices));
    for (PetscInt d = 0; d < g->dim; d++) {
      for (PetscInt i = 0; i < nv; i++) key[d] += 2 * vertex_index[3 * (vertices[i] - vStart) + d];
      key[d] /= nv;
      if ((key[d] == 2 * lo[d] && block[d] > 0) || (key[d] == 2 * (lo[d] + extent[d]) && block[d] < g->p[d] - 1))
        side = PETSC_TRUE;
    }
    if (!side) continue;
    owner     = KeyOwner(g, key);
    key_index = key[0] + (2 * g->n[0] + 1) * (key[1] + (2 * g->n[1] + 1) * key[2]);
    if (owner == rank) {
      root_keys[num_roots]     = key_index;
      root_points[num_roots++] = p;
    } else {
      leaf_keys[num_leaves]     = key_index;
      leaf_points[num_leaves++] = p;
    }
  }
  PetscCall(PetscLayoutCreate(comm, &layout));
  PetscCall(PetscLayoutSetSize(layout, (PetscInt)num_keys));
  PetscCall(PetscLayoutSetLocalSize(layout, PETSC_DECIDE));
  PetscCall(PetscLayoutSetBlockSize(layout, 1));
  PetscCall(PetscSFCreateByMatchingIndices(layout, num_roots, root_keys, root_points, 0, num_leaves, leaf_keys,
                                           leaf_points, 0, NULL, &matched));
  PetscCall(PetscLayoutDestroy(&layout));
  PetscCall(PetscFree4(root_keys, root_points, leaf_keys, leaf_points));
  /* the same graph over the whole chart (the matched SF counts only its roots); leaves are in point order */
  PetscCall(PetscSFGetGraph(matched, NULL, &num_matched, &matched_local, &matched_remote));
  PetscCall(PetscMalloc1(num_matched, &local));
  PetscCall(PetscMalloc1(num_matched, &remote));
  for (PetscInt l = 0; l < num_matched; l++) {
    local[l]  = matched_local != NULL ? matched_local[l] : l;
    remote[l] = matched_remote[l];
  }
  PetscCall(PetscSFDestroy(&matched));
  PetscCall(PetscSFCreate(comm, &point_sf));
  PetscCall(PetscSFSetGraph(point_sf, pEnd - pStart, num_matched, local, PETSC_OWN_POINTER, remote, PETSC_OWN_POINTER));
  PetscCall(DMSetPointSF(dm, point_sf));
  PetscCall(PetscSFDestroy(&point_sf));
  PetscFunctionReturn(0);
}

/*@
  DioMeshCreateBox_Internal - Builds the box [lower, upper] of faces[d] cells per direction in parallel, with faces
  and edges, coordinates and DIO_LABEL_BOUNDARY on its sides; not named, not indexed, not viewed.

  Collective. Each rank builds the cells of its block of the process grid (BoxChooseProcessGrid) with
  DMPlexCreateBoxMesh() on PETSC_COMM_SELF (interpolated directly, cells and vertices x fastest), copies it onto comm
  (DMPlexCreateFromDAG(); on one rank the box is built on comm and kept), sets every vertex from its global indices
  (so shared vertices agree to the bit) and matches the points on its sides with the neighbours that own them
  (BoxSetPointSF).

  Input: side_ids[2 dim], the Face Sets value of the faces on x = lower, x = upper, y = lower, ... (0: none).
  Output: dm, destroy with DMDestroy().
@*/
PetscErrorCode DioMeshCreateBox_Internal(MPI_Comm comm, PetscInt dim, const PetscInt faces[], const PetscReal lower[],
                                         const PetscReal upper[], const PetscInt side_ids[], DM *dm)
{
  BoxGrid      g;
  DM           local = NULL;
  PetscMPIInt  rank, size;
  PetscInt     block[3], lo[3], extent[3], num_cells = 1, num_vertices = 0, *vertex_index = NULL;
  PetscReal    block_lower[3], block_upper[3];
  PetscScalar *coords = NULL;

  PetscFunctionBegin;
  for (PetscInt d = 0; d < dim; d++)
    PetscCheck(faces[d] >= 1 && upper[d] > lower[d], comm, PETSC_ERR_ARG_OUTOFRANGE,
               "box mesh: direction %" PetscInt_FMT ": %" PetscInt_FMT " cells on [%g, %g]", d, faces[d],
               (double)lower[d], (double)upper[d]);
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMemzero(&g, sizeof(g)));
  g.dim = dim;
  for (PetscInt d = 0; d < 3; d++) g.n[d] = d < dim ? faces[d] : 1;
  BoxChooseProcessGrid(dim, g.n, size, g.p);
  RankBlock(&g, rank, block);
  for (PetscInt d = 0; d < 3; d++) {
    lo[d]     = BlockStart(g.n[d], g.p[d], block[d]);
    extent[d] = BlockStart(g.n[d], g.p[d], block[d] + 1) - lo[d];
    num_cells *= extent[d];
    if (d < dim) {
      block_lower[d] = BoxNode(lower[d], upper[d], lo[d], faces[d]);
      block_upper[d] = BoxNode(lower[d], upper[d], lo[d] + extent[d], faces[d]);
    }
  }
  if (num_cells > 0) {
    Vec                local_coordinates;
    const PetscScalar *x;
    PetscInt           vStart, vEnd;

    PetscCall(DMPlexCreateBoxMesh(size == 1 ? comm : PETSC_COMM_SELF, dim, PETSC_FALSE, extent, block_lower,
                                  block_upper, NULL, PETSC_TRUE, &local));
    PetscCall(DMPlexGetDepthStratum(local, 0, &vStart, &vEnd));
    num_vertices = vEnd - vStart;
    PetscCall(PetscMalloc2(3 * num_vertices, &vertex_index, dim * num_vertices, &coords));
    /* the global indices of each vertex from its block coordinates, then its coordinates from the indices */
    PetscCall(DMGetCoordinatesLocal(local, &local_coordinates));
    PetscCall(VecGetArrayRead(local_coordinates, &x));
    for (PetscInt v = 0; v < num_vertices; v++) {
      for (PetscInt d = 0; d < 3; d++) {
        PetscInt i = 0;

        if (d < dim) {
          const PetscReal unit = (PetscRealPart(x[v * dim + d]) - block_lower[d]) / (block_upper[d] - block_lower[d]);

          i                   = lo[d] + (PetscInt)PetscFloorReal(unit * extent[d] + 0.5);
          coords[v * dim + d] = BoxNode(lower[d], upper[d], i, faces[d]);
        }
        vertex_index[3 * v + d] = i;
      }
    }
    PetscCall(VecRestoreArrayRead(local_coordinates, &x));
  }
  if (size == 1) {
    Vec          coordinates;
    PetscScalar *x;
    DMLabel      label;

    /* one block: the box itself, with its coordinates from the indices and without its own boundary labels */
    *dm = local;
    PetscCall(DMGetCoordinatesLocal(*dm, &coordinates));
    PetscCall(VecGetArray(coordinates, &x));
    for (PetscInt i = 0; i < dim * num_vertices; i++) x[i] = coords[i];
    PetscCall(VecRestoreArray(coordinates, &x));
    PetscCall(DMSetCoordinatesLocal(*dm, coordinates));
    for (PetscInt k = 0; k < 2; k++) {
      PetscCall(DMRemoveLabel(*dm, k == 0 ? DIO_LABEL_BOUNDARY : "marker", &label));
      PetscCall(DMLabelDestroy(&label));
    }
  } else {
    PetscCall(BoxCopyToComm(comm, dim, local, coords, dm));
    PetscCall(DMDestroy(&local));
  }
  PetscCall(BoxSetCellTypes(*dm, dim));
  if (size > 1) PetscCall(BoxSetPointSF(*dm, &g, lo, extent, block, vertex_index));
  PetscCall(PetscFree2(vertex_index, coords));
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
