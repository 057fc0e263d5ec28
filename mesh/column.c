/* SPDX-License-Identifier: BSD-2-Clause
   column.c: a box of one layer (a soil column, a laboratory sample, an oedometer): the mesh of the verification
   problems of a single material (Terzaghi, undrained loading), with the boundary ids of the strait mesh. */
#include "mesh_impl.h"

/*@
  DioColumnOptionsSetFromOptions - Reads the column's geometry: -column_dim (2), -column_width (m, 1),
  -column_depth (m, 3D: extent across, default the width), -column_height (m, 10), -column_top_elevation (m, 0),
  -column_cells_horizontal (1), -column_cells_vertical (10), -mesh_refine (0: each level halves every cell), and
  validates them (one-line errors naming the key). Collective.
@*/
PetscErrorCode DioColumnOptionsSetFromOptions(MPI_Comm comm, DioColumnOptions *o)
{
  PetscBool set;

  PetscFunctionBegin;
  o->dim              = 2;
  o->width_m          = 1.0;
  o->depth_m          = 0.0;
  o->height_m         = 10.0;
  o->top_elevation_m  = 0.0;
  o->cells_horizontal = 1;
  o->cells_vertical   = 10;
  o->refine           = 0;
  PetscOptionsBegin(comm, NULL, "Column mesh (problem consolidation)", "mesh");
  PetscCall(PetscOptionsInt("-column_dim", "Dimension: 2 (plane strain, x across, y up) or 3 (x, y across, z up)", "",
                            o->dim, &o->dim, NULL));
  PetscCall(PetscOptionsReal("-column_width", "Extent along x (m)", "", o->width_m, &o->width_m, NULL));
  o->depth_m = o->width_m; /* -help shows the default, not an invalid 0 */
  PetscCall(PetscOptionsReal("-column_depth", "3D: extent along y (m); default the width", "", o->depth_m, &o->depth_m,
                             &set));
  PetscCall(PetscOptionsReal("-column_height", "Height (m)", "", o->height_m, &o->height_m, NULL));
  PetscCall(PetscOptionsReal("-column_top_elevation", "Elevation of the top face (m; sea level 0)", "",
                             o->top_elevation_m, &o->top_elevation_m, NULL));
  PetscCall(PetscOptionsInt("-column_cells_horizontal", "Cells across x (and y in 3D)", "", o->cells_horizontal,
                            &o->cells_horizontal, NULL));
  PetscCall(PetscOptionsInt("-column_cells_vertical", "Cells over the height", "", o->cells_vertical,
                            &o->cells_vertical, NULL));
  PetscCall(PetscOptionsInt("-mesh_refine", "Every cell halved in each direction this many times", "", o->refine,
                            &o->refine, NULL));
  PetscOptionsEnd();
  if (!set) o->depth_m = o->width_m;
  PetscCheck(o->dim == 2 || o->dim == 3, comm, PETSC_ERR_USER_INPUT, "-column_dim = %" PetscInt_FMT ": must be 2 or 3",
             o->dim);
  PetscCheck(o->width_m > 0 && o->depth_m > 0 && o->height_m > 0, comm, PETSC_ERR_USER_INPUT,
             "-column_width = %g, -column_depth = %g, -column_height = %g: must be > 0 m", (double)o->width_m,
             (double)o->depth_m, (double)o->height_m);
  PetscCheck(o->cells_horizontal >= 1 && o->cells_vertical >= 1, comm, PETSC_ERR_USER_INPUT,
             "-column_cells_horizontal = %" PetscInt_FMT ", -column_cells_vertical = %" PetscInt_FMT ": must be >= 1",
             o->cells_horizontal, o->cells_vertical);
  PetscCheck(o->refine >= 0 && o->refine <= 8, comm, PETSC_ERR_USER_INPUT,
             "-mesh_refine = %" PetscInt_FMT ": must be in [0, 8]", o->refine);
  PetscFunctionReturn(0);
}

/*@
  DioMeshCreateColumn - Builds the column [0, width] x [top - height, top] (2D) or [0, width] x [0, depth] x
  [top - height, top] (3D) of uniform quadrilaterals / hexahedra, every cell in layer `layer`, faces labelled
  surface (top), base, west/east (x), south/north (y, 3D). Built in parallel (DioMeshCreateBox_Internal()).

  Collective. Output: dm, named "column"; destroy with DMDestroy(). Honours -dm_view.
@*/
PetscErrorCode DioMeshCreateColumn(MPI_Comm comm, const DioColumnOptions *o, PetscInt layer, DM *dm)
{
  const PetscInt dim = o->dim, scale = (PetscInt)1 << o->refine;
  const PetscInt sides_2d[4] = {DIO_BOUNDARY_WEST, DIO_BOUNDARY_EAST, DIO_BOUNDARY_BASE, DIO_BOUNDARY_SURFACE};
  const PetscInt sides_3d[6] = {DIO_BOUNDARY_WEST,  DIO_BOUNDARY_EAST, DIO_BOUNDARY_SOUTH,
                                DIO_BOUNDARY_NORTH, DIO_BOUNDARY_BASE, DIO_BOUNDARY_SURFACE};
  PetscInt       faces[3], cStart, cEnd;
  PetscReal      lower[3] = {0, 0, 0}, upper[3] = {0, 0, 0};
  DM             box;
  DMLabel        label;

  PetscFunctionBegin;
  faces[0]       = o->cells_horizontal * scale;
  faces[1]       = dim == 3 ? o->cells_horizontal * scale : o->cells_vertical * scale;
  faces[2]       = o->cells_vertical * scale;
  upper[0]       = o->width_m;
  upper[1]       = dim == 3 ? o->depth_m : o->top_elevation_m;
  lower[dim - 1] = o->top_elevation_m - o->height_m;
  upper[dim - 1] = o->top_elevation_m;
  PetscCall(DioMeshCreateBox_Internal(comm, dim, faces, lower, upper, dim == 2 ? sides_2d : sides_3d, &box));
  PetscCall(DMCreateLabel(box, DIO_LABEL_LAYER));
  PetscCall(DMGetLabel(box, DIO_LABEL_LAYER, &label));
  PetscCall(DMPlexGetHeightStratum(box, 0, &cStart, &cEnd));
  for (PetscInt c = cStart; c < cEnd; c++) PetscCall(DMLabelSetValue(label, c, layer));
  PetscCall(DioMeshFinish_Internal("column", box));
  *dm = box;
  PetscFunctionReturn(0);
}
