/* SPDX-License-Identifier: BSD-2-Clause
   fe_closure.c: transitive closures of an interpolated DMPlex, the same points in the same order with the same
   orientations as DMPlexGetTransitiveClosure(), read from an array of cell types made once. DMPlex looks up the cell
   type of every point of every closure in its "celltype" label (a search over the label's strata per point): with Q2
   these lookups were most of the set-up (issue 16). */
#include "fe_common.h"

/* Unset entry of the type array. */
#define DIO_FE_TYPE_UNSET 255

/* The type of every point from the "celltype" label's strata; PETSC_FALSE in *complete if some point has none. */
static PetscErrorCode TypesFromLabel(DMLabel label, PetscInt pStart, PetscInt pEnd, unsigned char type[],
                                     PetscBool *complete)
{
  PetscFunctionBegin;
  for (PetscInt p = pStart; p < pEnd; p++) type[p - pStart] = DIO_FE_TYPE_UNSET;
  for (PetscInt t = 0; t < DM_NUM_POLYTOPES; t++) {
    IS              stratum;
    const PetscInt *points;
    PetscInt        n;
    PetscCall(DMLabelGetStratumIS(label, t, &stratum));
    if (stratum == NULL) continue;
    PetscCall(ISGetLocalSize(stratum, &n));
    PetscCall(ISGetIndices(stratum, &points));
    for (PetscInt i = 0; i < n; i++)
      if (points[i] >= pStart && points[i] < pEnd) type[points[i] - pStart] = (unsigned char)t;
    PetscCall(ISRestoreIndices(stratum, &points));
    PetscCall(ISDestroy(&stratum));
  }
  *complete = PETSC_TRUE;
  for (PetscInt p = pStart; p < pEnd; p++)
    if (type[p - pStart] == DIO_FE_TYPE_UNSET) *complete = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* Without a "celltype" label (DMPlex computes it on the first closure, 8 % of a Q1 set-up): the type of every point of
   an interpolated mesh from its depth and cone size, as DMPlexComputeCellTypes() finds it for points, segments,
   triangles, quadrilaterals, tetrahedra and hexahedra; PETSC_FALSE in *complete for anything else. A tensor prism
   (DMPlexExtrude(..., tensor = PETSC_TRUE)) has a quadrilateral's cone size and is not told apart: such meshes carry
   the label, and the check in DioFEClosureCreate_Internal() would catch one on a small mesh. */
static PetscErrorCode TypesFromCones(DM dm, PetscInt depth, PetscInt pStart, unsigned char type[], PetscBool *complete)
{
  PetscFunctionBegin;
  *complete = PETSC_TRUE;
  for (PetscInt d = 0; d <= depth; d++) {
    PetscInt start, end;
    PetscCall(DMPlexGetDepthStratum(dm, d, &start, &end));
    for (PetscInt p = start; p < end; p++) {
      PetscInt       cone_size;
      DMPolytopeType t = DM_POLYTOPE_UNKNOWN;
      PetscCall(DMPlexGetConeSize(dm, p, &cone_size));
      if (d == 0 && cone_size == 0)
        t = DM_POLYTOPE_POINT;
      else if (d == 1 && cone_size == 2)
        t = DM_POLYTOPE_SEGMENT;
      else if (d == 2)
        t = cone_size == 3 ? DM_POLYTOPE_TRIANGLE : cone_size == 4 ? DM_POLYTOPE_QUADRILATERAL : DM_POLYTOPE_UNKNOWN;
      else if (d == 3)
        t = cone_size == 4 ? DM_POLYTOPE_TETRAHEDRON : cone_size == 6 ? DM_POLYTOPE_HEXAHEDRON : DM_POLYTOPE_UNKNOWN;
      if (t == DM_POLYTOPE_UNKNOWN) *complete = PETSC_FALSE;
      type[p - pStart] = (unsigned char)t;
    }
  }
  PetscFunctionReturn(0);
}

/* The "celltype" label from types read from the cones, one sorted index set per type (a stride where the points are
   contiguous, as a depth stratum is): DMPlex would make the same label on the first closure, point by point into hash
   sets (3-8 % of a set-up, issue 16). */
static PetscErrorCode CreateTypeLabel(DM dm, PetscInt pStart, PetscInt pEnd, const unsigned char type[])
{
  DMLabel  label;
  PetscInt count[DM_NUM_POLYTOPES];

  PetscFunctionBegin;
  PetscCall(PetscArrayzero(count, DM_NUM_POLYTOPES));
  for (PetscInt p = pStart; p < pEnd; p++) count[type[p - pStart]]++;
  PetscCall(DMCreateLabel(dm, "celltype"));
  PetscCall(DMGetLabel(dm, "celltype", &label));
  for (PetscInt t = 0; t < DM_NUM_POLYTOPES; t++) {
    PetscInt *points, n = 0;
    IS        stratum;
    if (!count[t]) continue;
    PetscCall(PetscMalloc1(count[t], &points));
    for (PetscInt p = pStart; p < pEnd; p++)
      if (type[p - pStart] == t) points[n++] = p;
    if (points[n - 1] - points[0] == n - 1) {
      PetscCall(ISCreateStride(PETSC_COMM_SELF, n, points[0], 1, &stratum));
      PetscCall(PetscFree(points));
    } else
      PetscCall(ISCreateGeneral(PETSC_COMM_SELF, n, points, PETSC_OWN_POINTER, &stratum));
    PetscCall(DMLabelSetStratumIS(label, t, stratum));
    PetscCall(ISDestroy(&stratum));
  }
  PetscFunctionReturn(0);
}

/* Whether DMPlexGetTransitiveClosure() treats type t as our breadth-first walk does (tensor prisms and ghosts have
   their own paths there). */
static PetscBool PlainType(unsigned char t)
{
  return (PetscBool)(t == DM_POLYTOPE_POINT || t == DM_POLYTOPE_SEGMENT || t == DM_POLYTOPE_TRIANGLE ||
                     t == DM_POLYTOPE_QUADRILATERAL || t == DM_POLYTOPE_TETRAHEDRON || t == DM_POLYTOPE_HEXAHEDRON ||
                     t == DM_POLYTOPE_TRI_PRISM || t == DM_POLYTOPE_PYRAMID);
}

/* Compare the closure of every cell (a mesh of up to DIO_FE_CHECK_CLOSURES_MAX_CELLS cells on this rank: every test
   mesh) with DMPlexGetTransitiveClosure(). */
static PetscErrorCode CheckClosures(const DioFEClosure *cl)
{
  PetscInt cStart, cEnd, mine[2 * DIO_FE_MAX_CLOSURE_POINTS];

  PetscFunctionBegin;
  PetscCall(DMPlexGetHeightStratum(cl->dm, 0, &cStart, &cEnd));
  if (cEnd - cStart > DIO_FE_CHECK_CLOSURES_MAX_CELLS) PetscFunctionReturn(0);
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscInt *closure = NULL, n, m;
    PetscCall(DioFEClosureGet_Internal(cl, c, &m, mine));
    PetscCall(DMPlexGetTransitiveClosure(cl->dm, c, PETSC_TRUE, &n, &closure));
    PetscCheck(n == m, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "cell %" PetscInt_FMT ": %" PetscInt_FMT " closure points, DMPlex has %" PetscInt_FMT, c, m, n);
    for (PetscInt i = 0; i < 2 * n; i++)
      PetscCheck(closure[i] == mine[i], PETSC_COMM_SELF, PETSC_ERR_PLIB,
                 "cell %" PetscInt_FMT ": its closure differs from DMPlex's at entry %" PetscInt_FMT, c, i);
    PetscCall(DMPlexRestoreTransitiveClosure(cl->dm, c, PETSC_TRUE, &n, &closure));
  }
  PetscFunctionReturn(0);
}

/*
  DioFEClosureCreate_Internal - the cell types of every point of dm, for DioFEClosureGet_Internal(). Not collective.
  Where they cannot be read (no interpolated mesh, other cell types) the closures are DMPlex's own. Destroy with
  DioFEClosureDestroy_Internal().
*/
PetscErrorCode DioFEClosureCreate_Internal(DM dm, DioFEClosure *cl)
{
  DMLabel   label;
  PetscInt  depth, dim;
  PetscBool complete = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(cl, sizeof(*cl)));
  cl->dm = dm;
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DMPlexGetDepth(dm, &depth));
  if (depth != dim || depth < 2) PetscFunctionReturn(0); /* DMPlex's closure of a depth-1 mesh takes another path */
  PetscCall(DMPlexGetChart(dm, &cl->pStart, &cl->pEnd));
  PetscCall(PetscMalloc1(cl->pEnd - cl->pStart, &cl->type));
  PetscCall(DMGetLabel(dm, "celltype", &label));
  if (label)
    PetscCall(TypesFromLabel(label, cl->pStart, cl->pEnd, cl->type, &complete));
  else
    PetscCall(TypesFromCones(dm, depth, cl->pStart, cl->type, &complete));
  for (PetscInt p = cl->pStart; complete && p < cl->pEnd; p++) complete = PlainType(cl->type[p - cl->pStart]);
  if (!complete) {
    PetscCall(PetscFree(cl->type));
    PetscFunctionReturn(0);
  }
  /* checked against DMPlex's types (a small mesh: the check makes DMPlex compute them) before we give it ours */
  PetscCall(CheckClosures(cl));
  PetscCall(DMGetLabel(dm, "celltype", &label));
  if (!label) PetscCall(CreateTypeLabel(dm, cl->pStart, cl->pEnd, cl->type));
  PetscFunctionReturn(0);
}

PetscErrorCode DioFEClosureDestroy_Internal(DioFEClosure *cl)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(cl->type));
  PetscFunctionReturn(0);
}

/*
  DioFEClosureGet_Internal - the transitive closure of point p as DMPlexGetTransitiveClosure(dm, p, PETSC_TRUE, ...)
  gives it: *n points, points[2 i] the point and points[2 i + 1] its orientation, breadth first from p (orientation
  0), each cone in the arrangement of its point's orientation, every point once. points[] holds
  2 DIO_FE_MAX_CLOSURE_POINTS entries. Not collective.
*/
PetscErrorCode DioFEClosureGet_Internal(const DioFEClosure *cl, PetscInt p, PetscInt *n, PetscInt points[])
{
  PetscInt fifo[3 * DIO_FE_MAX_CLOSURE_POINTS], head = 0, tail = 0, size = 0;

  PetscFunctionBegin;
  if (cl->type == NULL) {
    PetscInt *closure = NULL;
    PetscCall(DMPlexGetTransitiveClosure(cl->dm, p, PETSC_TRUE, n, &closure));
    PetscCheck(*n <= DIO_FE_MAX_CLOSURE_POINTS, PETSC_COMM_SELF, PETSC_ERR_SUP,
               "point %" PetscInt_FMT ": %" PetscInt_FMT " points in its closure, at most %d", p, *n,
               DIO_FE_MAX_CLOSURE_POINTS);
    PetscCall(PetscArraycpy(points, closure, 2 * *n));
    PetscCall(DMPlexRestoreTransitiveClosure(cl->dm, p, PETSC_TRUE, n, &closure));
    PetscFunctionReturn(0);
  }
  points[size++] = p;
  points[size++] = 0;
  fifo[tail++]   = p;
  fifo[tail++]   = 0;
  fifo[tail++]   = cl->type[p - cl->pStart];
  while (head < tail) {
    const PetscInt  q = fifo[head], o = fifo[head + 1];
    const PetscInt *arrangement = DMPolytopeTypeGetArrangment((DMPolytopeType)fifo[head + 2], o), *cone,
                   *cone_orientation;
    PetscInt cone_size;
    head += 3;
    PetscCall(DMPlexGetConeSize(cl->dm, q, &cone_size));
    PetscCall(DMPlexGetCone(cl->dm, q, &cone));
    PetscCall(DMPlexGetConeOrientation(cl->dm, q, &cone_orientation));
    for (PetscInt t = 0; t < cone_size; t++) {
      const PetscInt ip = arrangement ? arrangement[2 * t] : t, io = arrangement ? arrangement[2 * t + 1] : 0,
                     cp       = cone[ip];
      const DMPolytopeType ct = (DMPolytopeType)cl->type[cp - cl->pStart];
      const PetscInt       co = DMPolytopeTypeComposeOrientation(ct, io, cone_orientation[ip]);
      PetscInt             k  = 0;
      while (k < size && points[k] != cp) k += 2;
      if (k < size) continue;
      PetscCheck(size < 2 * DIO_FE_MAX_CLOSURE_POINTS, PETSC_COMM_SELF, PETSC_ERR_SUP,
                 "point %" PetscInt_FMT ": more than %d points in its closure", p, DIO_FE_MAX_CLOSURE_POINTS);
      points[size++] = cp;
      points[size++] = co;
      fifo[tail++]   = cp;
      fifo[tail++]   = co;
      fifo[tail++]   = ct;
    }
  }
  *n = size / 2;
  PetscFunctionReturn(0);
}
