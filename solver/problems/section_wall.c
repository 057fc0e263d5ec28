/* SPDX-License-Identifier: BSD-2-Clause
   section_wall.c: boundaries a problem draws on its own mesh by cells, not by geometry: the faces between removed
   (excavated or replaced) cells and the ground that remains, as a "Face Sets" stratum (the tunnel wall of a
   longitudinal drive's strip, whatever its shape), and the owned vertices of a "Face Sets" stratum (probes). Both work
   on a distributed mesh: a face on a partition boundary has its cells on two ranks, so the sides are reduced over the
   point SF before a face is judged. */
#include "section.h"
#include <petscsf.h>

/* Per local point: the OR over every rank that holds it of mark[] (bits), in place. Collective. */
static PetscErrorCode PointsReduceOr(DM dm, PetscInt num_points, PetscInt mark[])
{
  PetscSF   sf;
  PetscInt *owner;

  PetscFunctionBegin;
  PetscCall(DMGetPointSF(dm, &sf));
  PetscCall(PetscMalloc1(num_points + 1, &owner));
  PetscCall(PetscArraycpy(owner, mark, num_points));
  PetscCall(PetscSFReduceBegin(sf, MPIU_INT, mark, owner, MPI_BOR));
  PetscCall(PetscSFReduceEnd(sf, MPIU_INT, mark, owner, MPI_BOR));
  /* owned points now hold the OR; the copies on other ranks get it from their owner */
  PetscCall(PetscArraycpy(mark, owner, num_points));
  PetscCall(PetscSFBcastBegin(sf, MPIU_INT, owner, mark, MPI_REPLACE));
  PetscCall(PetscSFBcastEnd(sf, MPIU_INT, owner, mark, MPI_REPLACE));
  PetscCall(PetscFree(owner));
  PetscFunctionReturn(0);
}

/*
  DioSectionLabelRemovedBoundary - "Face Sets" = boundary_id on the faces with a removed cell (removed[c] > 0, local
  cells) on one side and a remaining cell on the other, the previous stratum cleared; only faces whose centroid lies at
  x <= x_end (m, along the first axis; PETSC_MAX_REAL: all). The boundary of a drive's replaced strip, of a segment's
  excavated bore (the bore wall and the face), of the transverse section's tunnel. *num_faces: the faces labelled, over
  all ranks. Collective.
*/
PetscErrorCode DioSectionLabelRemovedBoundary(DioSection *sec, const PetscInt removed[], PetscInt boundary_id,
                                              PetscReal x_end, PetscInt *num_faces)
{
  DM              dm = sec->dm;
  DMLabel         label;
  PetscSF         sf;
  const PetscInt *leaves;
  PetscInt        pStart, pEnd, cStart, cEnd, fStart, fEnd, num_leaves, n = 0, *side;
  PetscBool      *is_leaf;

  PetscFunctionBegin;
  PetscCall(DMCreateLabel(dm, DIO_LABEL_BOUNDARY));
  PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMLabelClearStratum(label, boundary_id));
  PetscCall(DMPlexGetChart(dm, &pStart, &pEnd));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(DMPlexGetHeightStratum(dm, 1, &fStart, &fEnd));
  PetscCall(PetscCalloc2(pEnd - pStart + 1, &side, pEnd - pStart + 1, &is_leaf));
  /* bit 1: a removed cell beside the face, bit 2: a remaining one */
  for (PetscInt c = cStart; c < cEnd; c++) {
    const PetscInt *cone;
    PetscInt        cone_size;
    PetscCall(DMPlexGetConeSize(dm, c, &cone_size));
    PetscCall(DMPlexGetCone(dm, c, &cone));
    for (PetscInt k = 0; k < cone_size; k++) side[cone[k] - pStart] |= removed[c - cStart] > 0 ? 1 : 2;
  }
  PetscCall(PointsReduceOr(dm, pEnd - pStart, side));
  PetscCall(DMGetPointSF(dm, &sf));
  PetscCall(PetscSFGetGraph(sf, NULL, &num_leaves, &leaves, NULL));
  for (PetscInt i = 0; i < num_leaves && num_leaves > 0; i++) is_leaf[(leaves ? leaves[i] : i) - pStart] = PETSC_TRUE;
  for (PetscInt f = fStart; f < fEnd; f++) {
    PetscReal X[3];
    if (side[f - pStart] != 3) continue;
    PetscCall(DMPlexComputeCellGeometryFVM(dm, f, NULL, X, NULL));
    if (X[0] > x_end) continue;
    PetscCall(DMLabelSetValue(label, f, boundary_id));
    if (!is_leaf[f - pStart]) n++; /* each face counted by its owner */
  }
  PetscCall(PetscFree2(side, is_leaf));
  PetscCall(MPIU_Allreduce(&n, num_faces, 1, MPIU_INT, MPI_SUM, sec->comm));
  PetscFunctionReturn(0);
}

/*
  DioSectionBoreWallFaces - the faces of the ground's cells (tunnel[c] == 0) on a bore wall of radius R about the axis
  at -mesh_axis_elevation (out of plane in 2D, along x in 3D: DioSectionOnBoreWall()), local mesh points appended to
  points[] from *num on (points: room for every face of the mesh). Not collective.
*/
PetscErrorCode DioSectionBoreWallFaces(const DioSection *sec, const PetscInt tunnel[], PetscReal R, PetscInt points[],
                                       PetscInt *num)
{
  const PetscReal axis = sec->mesh_opts.axis_elevation_m;
  const PetscInt  d0 = sec->dim - 2, d1 = sec->dim - 1;
  PetscInt        cStart;

  PetscFunctionBegin;
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    const PetscInt *cone;
    PetscInt        cone_size;
    if (tunnel[c] > 0) continue;
    PetscCall(DMPlexGetConeSize(sec->dm, cStart + c, &cone_size));
    PetscCall(DMPlexGetCone(sec->dm, cStart + c, &cone));
    for (PetscInt k = 0; k < cone_size; k++) {
      PetscReal X[3];
      PetscCall(DMPlexComputeCellGeometryFVM(sec->dm, cone[k], NULL, X, NULL));
      if (DioSectionOnBoreWall(PetscSqrtReal(PetscSqr(X[d0]) + PetscSqr(X[d1] - axis)), R)) points[(*num)++] = cone[k];
    }
  }
  PetscFunctionReturn(0);
}

/*
  DioSectionBoundaryVertices - the owned vertices of the section's topology (indices into it) on the faces with "Face
  Sets" = boundary_id, wherever those faces are held (a face on another rank counts). *index: [*num], to PetscFree().
  Collective.
*/
PetscErrorCode DioSectionBoundaryVertices(const DioSection *sec, PetscInt boundary_id, PetscInt *num, PetscInt **index)
{
  const DioMeshTopology *topo = &sec->topology;
  DMLabel                label;
  IS                     faces = NULL;
  PetscInt               pStart, pEnd, vStart, vEnd, *on_boundary, num_faces = 0;
  const PetscInt        *face_points;

  PetscFunctionBegin;
  PetscCall(DMPlexGetChart(sec->dm, &pStart, &pEnd));
  PetscCall(DMPlexGetDepthStratum(sec->dm, 0, &vStart, &vEnd));
  PetscCall(PetscCalloc1(pEnd - pStart + 1, &on_boundary));
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_BOUNDARY, &label));
  if (label) PetscCall(DMLabelGetStratumIS(label, boundary_id, &faces));
  if (faces) {
    PetscCall(ISGetLocalSize(faces, &num_faces));
    PetscCall(ISGetIndices(faces, &face_points));
  }
  for (PetscInt f = 0; f < num_faces; f++) {
    PetscInt *closure = NULL, n;
    PetscCall(DMPlexGetTransitiveClosure(sec->dm, face_points[f], PETSC_TRUE, &n, &closure));
    for (PetscInt i = 0; i < n; i++)
      if (closure[2 * i] >= vStart && closure[2 * i] < vEnd) on_boundary[closure[2 * i] - pStart] = 1;
    PetscCall(DMPlexRestoreTransitiveClosure(sec->dm, face_points[f], PETSC_TRUE, &n, &closure));
  }
  if (faces) {
    PetscCall(ISRestoreIndices(faces, &face_points));
    PetscCall(ISDestroy(&faces));
  }
  PetscCall(PointsReduceOr(sec->dm, pEnd - pStart, on_boundary));
  *num = 0;
  PetscCall(PetscMalloc1(topo->num_vertices + 1, index));
  for (PetscInt v = 0; v < topo->num_vertices; v++)
    if (on_boundary[topo->vertex_points[v] - pStart]) (*index)[(*num)++] = v;
  PetscCall(PetscFree(on_boundary));
  PetscFunctionReturn(0);
}
