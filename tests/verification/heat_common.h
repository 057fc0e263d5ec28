/* SPDX-License-Identifier: BSD-2-Clause
   heat_common.h: what the heat verification drivers share: a vertical column of quads (2D, 1 x n cells) or hexes
   (3D, 1 x 1 x n) with the surface at z = 0 and the base at z = -depth, its "Face Sets" labelled by position with
   diomede's boundary ids, an optional "layer" label, and a least-squares rate fit. across > 1 cells in the
   horizontal directions make it a genuinely 2D / 3D block. With the driver option -simplex every square / cube is cut
   into triangles / tetrahedra (simplex_box.h). */
#pragma once
#include <petscdmplex.h>
#include "dio_mesh.h"
#include "simplex_box.h"

/* Column [0, width]^(dim-1) x [-depth, 0], n cells along the vertical and `across` in each horizontal direction,
   distributed. Cells whose centroid lies below interface_z get layer 1, the others layer 0 (interface_z <= -depth: one
   layer). */
static inline PetscErrorCode HeatCreateBlock(MPI_Comm comm, PetscInt dim, PetscInt across, PetscInt n, PetscReal depth,
                                             PetscReal width, PetscReal interface_z, DM *dm)
{
  PetscInt  faces[3] = {across, across, across};
  PetscReal lower[3] = {0, 0, 0}, upper[3] = {width, width, width};
  DM        dist = NULL;
  DMLabel   label, layer;
  PetscBool has, simplex = PETSC_FALSE;
  PetscInt  fStart, fEnd, cStart, cEnd;

  PetscFunctionBegin;
  faces[dim - 1] = n;
  lower[dim - 1] = -depth;
  upper[dim - 1] = 0.0;
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-simplex", &simplex, NULL));
  if (simplex)
    PetscCall(SimplexBoxCreate(comm, dim, faces, lower, upper, dm));
  else
    PetscCall(DMPlexCreateBoxMesh(comm, dim, PETSC_FALSE, faces, lower, upper, NULL, PETSC_TRUE, dm));
  PetscCall(DMHasLabel(*dm, DIO_LABEL_BOUNDARY, &has));
  if (has) PetscCall(DMRemoveLabel(*dm, DIO_LABEL_BOUNDARY, NULL));
  PetscCall(DMCreateLabel(*dm, DIO_LABEL_BOUNDARY));
  PetscCall(DMGetLabel(*dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMCreateLabel(*dm, DIO_LABEL_LAYER));
  PetscCall(DMGetLabel(*dm, DIO_LABEL_LAYER, &layer));
  PetscCall(DMPlexGetHeightStratum(*dm, 1, &fStart, &fEnd));
  for (PetscInt f = fStart; f < fEnd; f++) {
    PetscInt  support_size, id = 0;
    PetscReal x[3];
    PetscCall(DMPlexGetSupportSize(*dm, f, &support_size));
    if (support_size != 1) continue;
    PetscCall(DMPlexComputeCellGeometryFVM(*dm, f, NULL, x, NULL));
    if (PetscAbsReal(x[dim - 1]) < 1e-9 * depth)
      id = DIO_BOUNDARY_SURFACE;
    else if (PetscAbsReal(x[dim - 1] + depth) < 1e-9 * depth)
      id = DIO_BOUNDARY_BASE;
    else if (PetscAbsReal(x[0]) < 1e-9 * width)
      id = DIO_BOUNDARY_WEST;
    else if (PetscAbsReal(x[0] - width) < 1e-9 * width)
      id = DIO_BOUNDARY_EAST;
    else if (PetscAbsReal(x[1]) < 1e-9 * width)
      id = DIO_BOUNDARY_SOUTH;
    else
      id = DIO_BOUNDARY_NORTH;
    PetscCall(DMLabelSetValue(label, f, id));
  }
  PetscCall(DMPlexGetHeightStratum(*dm, 0, &cStart, &cEnd));
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscReal x[3];
    PetscCall(DMPlexComputeCellGeometryFVM(*dm, c, NULL, x, NULL));
    PetscCall(DMLabelSetValue(layer, c, x[dim - 1] < interface_z ? 1 : 0));
  }
  PetscCall(DMPlexDistribute(*dm, 0, NULL, &dist));
  if (dist) {
    PetscCall(DMDestroy(dm));
    *dm = dist;
  }
  PetscFunctionReturn(0);
}

static inline PetscErrorCode HeatCreateColumn(MPI_Comm comm, PetscInt dim, PetscInt n, PetscReal depth, PetscReal width,
                                              PetscReal interface_z, DM *dm)
{
  PetscFunctionBegin;
  PetscCall(HeatCreateBlock(comm, dim, 1, n, depth, width, interface_z, dm));
  PetscFunctionReturn(0);
}

/* Least-squares slope of log(y) against log(x). */
static inline PetscReal HeatFitRate(PetscInt n, const PetscReal x[], const PetscReal y[])
{
  PetscReal sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (PetscInt i = 0; i < n; i++) {
    const PetscReal lx = PetscLogReal(x[i]), ly = PetscLogReal(y[i]);
    sx += lx;
    sy += ly;
    sxx += lx * lx;
    sxy += lx * ly;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}
