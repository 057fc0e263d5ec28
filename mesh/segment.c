/* SPDX-License-Identifier: BSD-2-Clause
   segment.c: a 3D stretch of the tunnel: the transverse O-grid section extruded along the drive. Axes: x along the
   drive (0 at the segment start), y across (axis at y = 0), z up. Labels as for the other meshes, plus the tunnel
   core / lining ring of every cell. */
#include "dio_mesh.h"

/* Remove a label if present (its values would describe the 2D section). */
static PetscErrorCode RemoveLabel(DM dm, const char name[])
{
  PetscBool has;

  PetscFunctionBegin;
  PetscCall(DMHasLabel(dm, name, &has));
  if (has) PetscCall(DMRemoveLabel(dm, name, NULL));
  PetscFunctionReturn(0);
}

/* (a, b, c) -> (c, a, b): extruded coordinate first. A cyclic permutation keeps every cell positively oriented. */
static PetscErrorCode PermuteCoordinates(DM dm)
{
  Vec          coords, permuted;
  PetscScalar *p;
  PetscInt     n;

  PetscFunctionBegin;
  PetscCall(DMGetCoordinatesLocal(dm, &coords));
  PetscCall(VecDuplicate(coords, &permuted));
  PetscCall(VecCopy(coords, permuted));
  PetscCall(VecGetLocalSize(permuted, &n));
  PetscCall(VecGetArray(permuted, &p));
  for (PetscInt i = 0; i < n; i += 3) {
    const PetscScalar a = p[i], b = p[i + 1], c = p[i + 2];
    p[i]     = c;
    p[i + 1] = a;
    p[i + 2] = b;
  }
  PetscCall(VecRestoreArray(permuted, &p));
  PetscCall(DMSetCoordinatesLocal(dm, permuted));
  PetscCall(VecDestroy(&permuted));
  PetscFunctionReturn(0);
}

/* Cell labels from geometry: layer by the vertex-average elevation, tunnel core / ring by the vertex radii about the
   axis (vertices lie exactly on the circles R - t and R, so the test is exact). */
static PetscErrorCode LabelCells(DM dm, const DioTransverseOptions *o, const DioLayerStack *layers)
{
  DMLabel         layer_label, tunnel_label, permafrost_label;
  Vec             coords;
  PetscSection    cs;
  const PetscScalar *x;
  PetscInt        cStart, cEnd, vStart, vEnd;
  const PetscReal R = o->radius_m, Ri = o->radius_m - o->lining_thickness_m, tol = 1e-6 * o->radius_m;

  PetscFunctionBegin;
  PetscCall(DMCreateLabel(dm, DIO_LABEL_LAYER));
  PetscCall(DMCreateLabel(dm, DIO_LABEL_TUNNEL));
  PetscCall(DMGetLabel(dm, DIO_LABEL_LAYER, &layer_label));
  PetscCall(DMGetLabel(dm, DIO_LABEL_TUNNEL, &tunnel_label));
  PetscCall(DMCreateLabel(dm, DIO_LABEL_PERMAFROST));
  PetscCall(DMGetLabel(dm, DIO_LABEL_PERMAFROST, &permafrost_label));
  PetscCall(DMGetCoordinatesLocal(dm, &coords));
  PetscCall(DMGetCoordinateSection(dm, &cs));
  PetscCall(VecGetArrayRead(coords, &x));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscInt *closure = NULL, n, count = 0, layer = layers->layer_id[layers->num_layers - 1];
    PetscReal z = 0, r_min = PETSC_MAX_REAL, r_max = 0;
    PetscCall(DMPlexGetTransitiveClosure(dm, c, PETSC_TRUE, &n, &closure));
    for (PetscInt i = 0; i < n; i++) {
      const PetscInt q = closure[2 * i];
      PetscInt       off;
      PetscReal      r;
      if (q < vStart || q >= vEnd) continue;
      PetscCall(PetscSectionGetOffset(cs, q, &off));
      r     = PetscSqrtReal(PetscSqr(PetscRealPart(x[off + 1])) + PetscSqr(PetscRealPart(x[off + 2]) - o->axis_elevation_m));
      r_min = PetscMin(r_min, r);
      r_max = PetscMax(r_max, r);
      z += PetscRealPart(x[off + 2]);
      count++;
    }
    PetscCall(DMPlexRestoreTransitiveClosure(dm, c, PETSC_TRUE, &n, &closure));
    z /= count;
    for (PetscInt k = layers->num_layers - 1; k >= 0; k--) {
      if (z <= layers->top_elevation_m[k]) {
        layer = layers->layer_id[k];
        break;
      }
    }
    PetscCall(DMLabelSetValue(layer_label, c, layer));
    if (layers->top_elevation_m[0] - z < layers->permafrost_base_depth_m) PetscCall(DMLabelSetValue(permafrost_label, c, 1));
    if (r_max <= Ri + tol) PetscCall(DMLabelSetValue(tunnel_label, c, DIO_TUNNEL_CORE));
    else if (r_min >= Ri - tol && r_max <= R + tol) PetscCall(DMLabelSetValue(tunnel_label, c, DIO_TUNNEL_RING));
  }
  PetscCall(VecRestoreArrayRead(coords, &x));
  PetscFunctionReturn(0);
}

/* Boundary faces by their centroid on the box [0, length] x [-w, w] x [base, surface]. */
static PetscErrorCode LabelFaces(DM dm, const DioTransverseOptions *o, PetscReal length)
{
  DMLabel         label;
  PetscInt        fStart, fEnd;
  const PetscReal tol = 1e-8 * (length + o->half_width_m + o->surface_elevation_m - o->base_elevation_m);

  PetscFunctionBegin;
  PetscCall(DMCreateLabel(dm, DIO_LABEL_BOUNDARY));
  PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMPlexGetHeightStratum(dm, 1, &fStart, &fEnd));
  for (PetscInt f = fStart; f < fEnd; f++) {
    PetscReal c[3];
    PetscInt  id = 0;
    PetscCall(DMPlexComputeCellGeometryFVM(dm, f, NULL, c, NULL));
    if (PetscAbsReal(c[0]) < tol) id = DIO_BOUNDARY_WEST;
    else if (PetscAbsReal(c[0] - length) < tol) id = DIO_BOUNDARY_EAST;
    else if (PetscAbsReal(c[1] + o->half_width_m) < tol) id = DIO_BOUNDARY_SOUTH;
    else if (PetscAbsReal(c[1] - o->half_width_m) < tol) id = DIO_BOUNDARY_NORTH;
    else if (PetscAbsReal(c[2] - o->base_elevation_m) < tol) id = DIO_BOUNDARY_BASE;
    else if (PetscAbsReal(c[2] - o->surface_elevation_m) < tol) id = DIO_BOUNDARY_SURFACE;
    if (id) PetscCall(DMLabelSetValue(label, f, id));
  }
  PetscFunctionReturn(0);
}

/*
  DioMeshCreateSegment - the transverse section (DioMeshCreateTransverse) extruded over length_m in num_slices
  slices of hexahedra: x along the drive, y across, z up. Labels DIO_LABEL_LAYER, DIO_LABEL_TUNNEL, and the boundary
  faces (WEST x = 0, EAST x = length, SOUTH/NORTH y = -+ half width, BASE, SURFACE). Collective.
*/
PetscErrorCode DioMeshCreateSegment(MPI_Comm comm, const DioTransverseOptions *opts, const DioLayerStack *layers, PetscReal length_m, PetscInt num_slices,
                                    DM *dm)
{
  DM section;

  PetscFunctionBegin;
  PetscCheck(length_m > 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_segment_length = %g: must be > 0 m", (double)length_m);
  PetscCheck(num_slices >= 1, comm, PETSC_ERR_USER_INPUT, "segment: %" PetscInt_FMT " slices: need at least 1", num_slices);
  PetscCall(DioMeshCreateTransverse(comm, opts, layers, &section));
  PetscCall(DMPlexExtrude(section, num_slices, length_m, PETSC_FALSE, PETSC_FALSE, NULL, NULL, dm));
  PetscCall(DMDestroy(&section));
  PetscCall(PermuteCoordinates(*dm));
  PetscCall(RemoveLabel(*dm, DIO_LABEL_LAYER));
  PetscCall(RemoveLabel(*dm, DIO_LABEL_TUNNEL));
  PetscCall(RemoveLabel(*dm, DIO_LABEL_PERMAFROST));
  PetscCall(RemoveLabel(*dm, DIO_LABEL_BOUNDARY));
  PetscCall(LabelCells(*dm, opts, layers));
  PetscCall(LabelFaces(*dm, opts, length_m));
  PetscCall(PetscObjectSetName((PetscObject)*dm, "segment"));
  PetscCall(DMViewFromOptions(*dm, NULL, "-dm_view"));
  PetscFunctionReturn(0);
}
