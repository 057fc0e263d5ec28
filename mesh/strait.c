/* SPDX-License-Identifier: BSD-2-Clause
   strait.c: the structured strait section (quads in 2D, hexahedra in 3D) following the profile's surface,
   graded towards the tunnel axis, with layer, permafrost and boundary labels, built in parallel (box.c). */
#include "dio_mesh.h"
#include "mesh_impl.h"

/* Largest ratio of neighbouring cell sizes in the graded zone below the band. */
#define DIO_GRADING_RATIO_MAX 1.2
/* The band must stay this fraction of its height below the surface (minimum cover). */
#define DIO_BAND_MIN_COVER_FRACTION 0.25
/* Each level multiplies the cell count by 4 (2D) or 8 (3D): beyond this nothing fits in memory. */
#define DIO_REFINE_MAX 8
/* shortest width and cell size accepted (m): below it cells are degenerate in double precision at strait coordinates */
#define DIO_MIN_LENGTH_M 1e-3

/* Layout of the columns shared by every column: counts, spacings and the graded levels below the band. */
typedef struct {
  PetscInt   dim;
  PetscInt   faces[3];                 /* cells along x, (y,) vertical; the box mesh's faces argument */
  PetscInt   n_below, n_band, n_above; /* vertical cells: graded, band, above the band */
  PetscReal  x_min, x_max, width;      /* m */
  PetscReal  band_bottom, band_top;    /* m, before the local clamp under a shallow surface */
  PetscReal  min_cover;                /* m, kept between the band top and the surface */
  PetscReal *z_below;                  /* [n_below + 1] level elevations, base to band bottom */
} StraitLayout;

/* Elevation of vertical level k (0 at the base, nz at the surface) in a column whose surface is at surface_m. */
static PetscReal StraitLevelElevation(const StraitLayout *layout, PetscReal surface_m, PetscInt k)
{
  const PetscReal band_top = PetscMin(layout->band_top, surface_m - layout->min_cover);
  const PetscInt  k_band = layout->n_below, k_above = layout->n_below + layout->n_band;

  if (k <= k_band) return layout->z_below[k];
  if (k <= k_above) return layout->band_bottom + (k - k_band) * (band_top - layout->band_bottom) / layout->n_band;
  if (k == k_above + layout->n_above) return surface_m;
  return band_top + (k - k_above) * (surface_m - band_top) / layout->n_above;
}

/* Position of vertex i of n uniform intervals on [lo, hi], exact at both ends. */
static PetscReal UniformNode(PetscReal lo, PetscReal hi, PetscInt i, PetscInt n)
{
  return i == n ? hi : lo + i * ((hi - lo) / n);
}

static PetscInt NearestIndex(PetscReal unit_coordinate, PetscInt n)
{
  return (PetscInt)PetscFloorReal(unit_coordinate * n + 0.5);
}

/* Same checks on every rank from the same data, so every rank raises the same error. */
static PetscErrorCode StraitOptionsValidate(MPI_Comm comm, DioProfile profile, const DioStraitOptions *o)
{
  const char      *source;
  const PetscReal *row_x, *row_surface;
  PetscInt         num_rows;
  PetscReal        px_min, px_max, tol, band_bottom, min_cover;

  PetscFunctionBegin;
  PetscCall(DioProfileGetSource(profile, &source));
  PetscCall(DioProfileGetRange(profile, &px_min, &px_max));
  PetscCall(DioProfileGetRows_Internal(profile, &num_rows, &row_x, &row_surface));
  PetscCheck(o->dim == 2 || o->dim == 3, comm, PETSC_ERR_USER_INPUT, "-mesh_dim %" PetscInt_FMT ": must be 2 or 3",
             o->dim);
  PetscCheck(o->width_m > 0, comm, PETSC_ERR_USER_INPUT, "-mesh_width %g m: must be > 0", (double)o->width_m);
  PetscCheck(o->band_half_height_m > 0, comm, PETSC_ERR_USER_INPUT, "-mesh_band_half_height %g m: must be > 0",
             (double)o->band_half_height_m);
  PetscCheck(o->cell_size_fine_m > 0, comm, PETSC_ERR_USER_INPUT, "-mesh_cell_size_fine %g m: must be > 0",
             (double)o->cell_size_fine_m);
  PetscCheck(o->cell_size_coarse_m >= o->cell_size_fine_m, comm, PETSC_ERR_USER_INPUT,
             "-mesh_cell_size_coarse %g m: must be >= -mesh_cell_size_fine (%g m)", (double)o->cell_size_coarse_m,
             (double)o->cell_size_fine_m);
  PetscCheck(o->cell_size_x_m > 0, comm, PETSC_ERR_USER_INPUT, "-mesh_cell_size_x %g m: must be > 0",
             (double)o->cell_size_x_m);
  PetscCheck(o->cell_size_y_m > 0, comm, PETSC_ERR_USER_INPUT, "-mesh_cell_size_y %g m: must be > 0",
             (double)o->cell_size_y_m);
  PetscCheck(o->cells_above_band >= 1, comm, PETSC_ERR_USER_INPUT,
             "-mesh_cells_above_band %" PetscInt_FMT ": must be >= 1", o->cells_above_band);
  PetscCheck(o->weathered_thickness_m >= 0, comm, PETSC_ERR_USER_INPUT, "-mesh_weathered_thickness %g m: must be >= 0",
             (double)o->weathered_thickness_m);
  PetscCheck(o->refine >= 0 && o->refine <= DIO_REFINE_MAX, comm, PETSC_ERR_USER_INPUT,
             "-mesh_refine %" PetscInt_FMT ": must be in [0, %d]", o->refine, DIO_REFINE_MAX);
  /* a metre fraction of slack so that a range typed from the profile's km values is accepted */
  tol = 1e-9 * (px_max - px_min);
  PetscCheck(o->x_min_m >= px_min - tol && o->x_min_m < px_max, comm, PETSC_ERR_USER_INPUT,
             "-mesh_x_min %g m: must be in [%g, %g) m, the range of profile %s", (double)o->x_min_m, (double)px_min,
             (double)px_max, source);
  PetscCheck(o->x_max_m > px_min && o->x_max_m <= px_max + tol, comm, PETSC_ERR_USER_INPUT,
             "-mesh_x_max %g m: must be in (%g, %g] m, the range of profile %s", (double)o->x_max_m, (double)px_min,
             (double)px_max, source);
  PetscCheck(o->x_min_m < o->x_max_m, comm, PETSC_ERR_USER_INPUT,
             "-mesh_x_min %g m: must be less than -mesh_x_max %g m", (double)o->x_min_m, (double)o->x_max_m);
  PetscCheck(o->dim == 2 || o->width_m >= DIO_MIN_LENGTH_M, comm, PETSC_ERR_USER_INPUT,
             "-mesh_width %g m: must be >= %g m", (double)o->width_m, (double)DIO_MIN_LENGTH_M);
  PetscCheck(o->cell_size_fine_m >= DIO_MIN_LENGTH_M, comm, PETSC_ERR_USER_INPUT,
             "-mesh_cell_size_fine %g m: must be >= %g m", (double)o->cell_size_fine_m, (double)DIO_MIN_LENGTH_M);
  PetscCheck(o->cell_size_x_m >= DIO_MIN_LENGTH_M && o->cell_size_x_m <= o->x_max_m - o->x_min_m, comm,
             PETSC_ERR_USER_INPUT,
             "-mesh_cell_size_x %g m: must be in [%g, %g] m (the model's length, -mesh_x_max - -mesh_x_min)",
             (double)o->cell_size_x_m, (double)DIO_MIN_LENGTH_M, (double)(o->x_max_m - o->x_min_m));
  PetscCheck(o->dim == 2 || (o->cell_size_y_m >= DIO_MIN_LENGTH_M && o->cell_size_y_m <= o->width_m), comm,
             PETSC_ERR_USER_INPUT, "-mesh_cell_size_y %g m: must be in [%g, %g] m (the model's width, -mesh_width)",
             (double)o->cell_size_y_m, (double)DIO_MIN_LENGTH_M, (double)o->width_m);
  band_bottom = o->axis_elevation_m - o->band_half_height_m;
  PetscCheck(o->base_elevation_m < band_bottom, comm, PETSC_ERR_USER_INPUT,
             "-mesh_base_elevation %g m: must be below the band bottom %g m (-mesh_axis_elevation %g m minus "
             "-mesh_band_half_height %g m)",
             (double)o->base_elevation_m, (double)band_bottom, (double)o->axis_elevation_m,
             (double)o->band_half_height_m);
  /* The surface is piecewise linear, so its minimum over [x_min, x_max] is at a row or an end. */
  min_cover = DIO_BAND_MIN_COVER_FRACTION * 2 * o->band_half_height_m;
  for (PetscInt r = -1; r <= num_rows; r++) {
    PetscReal x = r < 0 ? o->x_min_m : (r == num_rows ? o->x_max_m : row_x[r]), surface;

    if (r >= 0 && r < num_rows) {
      if (x <= o->x_min_m || x >= o->x_max_m) continue;
      surface = row_surface[r];
    } else {
      DioProfileSample sample;

      PetscCall(DioProfileSampleAt(profile, x, &sample));
      surface = sample.surface_elevation_m;
    }
    PetscCheck(band_bottom < surface - min_cover, comm, PETSC_ERR_USER_INPUT,
               "-mesh_axis_elevation %g m, -mesh_band_half_height %g m: band bottom %g m is not %g m (a quarter of the "
               "band height) below the surface %g m at x = %g m; lower the axis or narrow the band",
               (double)o->axis_elevation_m, (double)o->band_half_height_m, (double)band_bottom, (double)min_cover,
               (double)surface, (double)x);
  }
  {
    /* counts as reals before any is cast to PetscInt: a tiny cell size must be refused, not wrapped (graded cells
       below the band: at least their length over the coarse size, plus the growth from the fine size) */
    const PetscReal levels = PetscPowReal(2.0, (PetscReal)o->refine);
    const PetscReal columns = (o->x_max_m - o->x_min_m) / o->cell_size_x_m * levels, rows = o->dim == 3 ? o->width_m / o->cell_size_y_m * levels : 1;
    const PetscReal layers = (2 * o->band_half_height_m / o->cell_size_fine_m + (o->axis_elevation_m - o->band_half_height_m - o->base_elevation_m) / o->cell_size_coarse_m) * levels +
                             (PetscReal)o->cells_above_band * levels + 64;
    const PetscReal points = columns * rows * layers * (o->dim == 3 ? 8 : 4), max_points = (PetscReal)PETSC_MAX_INT;

    PetscCheck(points < max_points, comm, PETSC_ERR_USER_INPUT,
               "strait mesh: %.3g columns x %.3g rows x %.3g layers of cells (-mesh_cell_size_x %g, _y %g, _fine %g, _coarse %g m, -mesh_refine %" PetscInt_FMT
               "): more mesh points than PetscInt can count (%.3g); raise the cell sizes or lower -mesh_refine",
               columns, rows, layers, (double)o->cell_size_x_m, (double)o->cell_size_y_m, (double)o->cell_size_fine_m, (double)o->cell_size_coarse_m,
               o->refine, max_points);
  }
  PetscFunctionReturn(0);
}

/*@
  DioStraitOptionsSetFromOptions - Fills opts with the defaults, then reads the -mesh_ options, then validates.

  Collective.

  Options (units, defaults):
+ -mesh_dim <2>                   - 2 (plane-strain section) or 3 (extruded)
. -mesh_x_min, -mesh_x_max <m>    - extent along the alignment; default the profile's range
. -mesh_width <200>               - 3D extrusion width, m
. -mesh_base_elevation <-600>     - bottom of the model, m
. -mesh_axis_elevation <-100>     - tunnel axis, the centre of the fine band, m
. -mesh_band_half_height <30>     - m
. -mesh_cell_size_fine <5>        - vertical size in the band, m
. -mesh_cell_size_coarse <50>     - vertical size reached towards the base, m
. -mesh_cell_size_x <25>          - size along the alignment, m
. -mesh_cell_size_y <25>          - 3D size across, m
. -mesh_cells_above_band <10>     - cells between the band top and the surface in every column
. -mesh_weathered_thickness <20>  - weathered rock below the sediment, m
- -mesh_refine <0>                - levels: every size halved, -mesh_cells_above_band doubled, per level

  Errors: PETSC_ERR_USER_INPUT naming the option, its value and the valid range.
@*/
PetscErrorCode DioStraitOptionsSetFromOptions(MPI_Comm comm, DioProfile profile, DioStraitOptions *opts)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(opts, sizeof(*opts)));
  PetscCall(DioProfileGetRange(profile, &opts->x_min_m, &opts->x_max_m));
  opts->dim                   = 2;
  opts->width_m               = 200;
  opts->base_elevation_m      = -600;
  opts->axis_elevation_m      = -100;
  opts->band_half_height_m    = 30;
  opts->cell_size_fine_m      = 5;
  opts->cell_size_coarse_m    = 50;
  opts->cell_size_x_m         = 25;
  opts->cell_size_y_m         = 25;
  opts->cells_above_band      = 10;
  opts->weathered_thickness_m = 20;
  opts->refine                = 0;
  PetscOptionsBegin(comm, NULL, "Strait mesh options", "mesh");
  PetscCall(PetscOptionsInt(
    "-mesh_dim", "Mesh dimension: 2 (plane-strain section, x along, y up) or 3 (extruded across, z up); default 2",
    "DioStraitOptionsSetFromOptions", opts->dim, &opts->dim, NULL));
  PetscCall(PetscOptionsReal("-mesh_x_min",
                             "Start of the mesh along the alignment (m); default the profile's first distance",
                             "DioStraitOptionsSetFromOptions", opts->x_min_m, &opts->x_min_m, NULL));
  PetscCall(PetscOptionsReal("-mesh_x_max",
                             "End of the mesh along the alignment (m); default the profile's last distance",
                             "DioStraitOptionsSetFromOptions", opts->x_max_m, &opts->x_max_m, NULL));
  PetscCall(PetscOptionsReal("-mesh_width", "3D: extrusion width across the alignment (m); default 200",
                             "DioStraitOptionsSetFromOptions", opts->width_m, &opts->width_m, NULL));
  PetscCall(PetscOptionsReal("-mesh_base_elevation", "Bottom of the model (m, sea level 0); default -600",
                             "DioStraitOptionsSetFromOptions", opts->base_elevation_m, &opts->base_elevation_m, NULL));
  PetscCall(PetscOptionsReal("-mesh_axis_elevation", "Tunnel axis elevation, centre of the fine band (m); default -100",
                             "DioStraitOptionsSetFromOptions", opts->axis_elevation_m, &opts->axis_elevation_m, NULL));
  PetscCall(PetscOptionsReal("-mesh_band_half_height", "Half height of the fine band around the axis (m); default 30",
                             "DioStraitOptionsSetFromOptions", opts->band_half_height_m, &opts->band_half_height_m,
                             NULL));
  PetscCall(PetscOptionsReal("-mesh_cell_size_fine", "Vertical cell size inside the band (m); default 5",
                             "DioStraitOptionsSetFromOptions", opts->cell_size_fine_m, &opts->cell_size_fine_m, NULL));
  PetscCall(PetscOptionsReal("-mesh_cell_size_coarse", "Vertical cell size reached towards the base (m); default 50",
                             "DioStraitOptionsSetFromOptions", opts->cell_size_coarse_m, &opts->cell_size_coarse_m,
                             NULL));
  PetscCall(PetscOptionsReal("-mesh_cell_size_x", "Cell size along the alignment (m); default 25",
                             "DioStraitOptionsSetFromOptions", opts->cell_size_x_m, &opts->cell_size_x_m, NULL));
  PetscCall(PetscOptionsReal("-mesh_cell_size_y", "3D: cell size across the alignment (m); default 25",
                             "DioStraitOptionsSetFromOptions", opts->cell_size_y_m, &opts->cell_size_y_m, NULL));
  PetscCall(PetscOptionsInt("-mesh_cells_above_band",
                            "Cells between the band top and the surface in every column; default 10",
                            "DioStraitOptionsSetFromOptions", opts->cells_above_band, &opts->cells_above_band, NULL));
  PetscCall(PetscOptionsReal(
    "-mesh_weathered_thickness", "Thickness of weathered rock below the sediment (m); default 20",
    "DioStraitOptionsSetFromOptions", opts->weathered_thickness_m, &opts->weathered_thickness_m, NULL));
  PetscCall(PetscOptionsInt(
    "-mesh_refine", "Refinement levels: every cell size halved and -mesh_cells_above_band doubled per level; default 0",
    "DioStraitOptionsSetFromOptions", opts->refine, &opts->refine, NULL));
  PetscOptionsEnd();
  PetscCall(StraitOptionsValidate(comm, profile, opts));
  PetscFunctionReturn(0);
}

/* Counts and graded levels from the options, refinement applied. Free layout->z_below with PetscFree(). */
static PetscErrorCode StraitLayoutCreate(MPI_Comm comm, const DioStraitOptions *o, StraitLayout *layout)
{
  const PetscReal scale = PetscPowReal(0.5, (PetscReal)o->refine);
  const PetscReal fine = o->cell_size_fine_m * scale, coarse = o->cell_size_coarse_m * scale;
  /* a ratio a hair above an integer must not add a sliver cell */
  const PetscReal slack = 1e-9;
  PetscReal      *below_sizes, band_cell, num_cells, num_points;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(layout, sizeof(*layout)));
  layout->dim         = o->dim;
  layout->x_min       = o->x_min_m;
  layout->x_max       = o->x_max_m;
  layout->width       = o->width_m;
  layout->band_bottom = o->axis_elevation_m - o->band_half_height_m;
  layout->band_top    = o->axis_elevation_m + o->band_half_height_m;
  layout->min_cover   = DIO_BAND_MIN_COVER_FRACTION * 2 * o->band_half_height_m;
  layout->n_band      = (PetscInt)PetscCeilReal(2 * o->band_half_height_m / fine - slack);
  layout->n_above     = o->cells_above_band << o->refine;
  band_cell           = 2 * o->band_half_height_m / layout->n_band;
  PetscCall(DioMeshGradedSizes_Internal(layout->band_bottom - o->base_elevation_m, band_cell,
                                        PetscMax(coarse, band_cell), DIO_GRADING_RATIO_MAX, &layout->n_below,
                                        &below_sizes));
  PetscCall(PetscMalloc1(layout->n_below + 1, &layout->z_below));
  /* accumulate downwards from the band so the band bottom is exact; the base is set exactly */
  layout->z_below[layout->n_below] = layout->band_bottom;
  for (PetscInt k = layout->n_below - 1; k >= 0; k--)
    layout->z_below[k] = layout->z_below[k + 1] - below_sizes[layout->n_below - 1 - k];
  layout->z_below[0] = o->base_elevation_m;
  PetscCall(PetscFree(below_sizes));
  layout->faces[0] =
    PetscMax(1, (PetscInt)PetscCeilReal((o->x_max_m - o->x_min_m) / (o->cell_size_x_m * scale) - slack));
  if (layout->dim == 3)
    layout->faces[1] = PetscMax(1, (PetscInt)PetscCeilReal(o->width_m / (o->cell_size_y_m * scale) - slack));
  layout->faces[layout->dim - 1] = layout->n_below + layout->n_band + layout->n_above;
  num_cells = (PetscReal)layout->faces[0] * layout->faces[1] * (layout->dim == 3 ? layout->faces[2] : 1);
  /* a quad mesh has about 4 points (cells, edges, vertices) per cell, a hexahedral mesh about 8 */
  num_points = num_cells * (layout->dim == 3 ? 8 : 4);
  PetscCheck(num_points < (PetscReal)PETSC_MAX_INT, comm, PETSC_ERR_USER_INPUT,
             "strait mesh: %g cells are more than PetscInt (%d bytes) can index; lower -mesh_refine or raise the "
             "-mesh_cell_size_ options",
             (double)num_cells, (int)sizeof(PetscInt));
  PetscFunctionReturn(0);
}

/*@
  DioStraitCount - The size of the strait mesh that opts describe, counted from the layout without building it.

  Not collective: every rank computes the same counts.

  Input: opts as DioStraitOptionsSetFromOptions() leaves them (validated).
  Output: count, the x-vertical base mesh and, in 3D, its extrusion across the alignment.
@*/
PetscErrorCode DioStraitCount(MPI_Comm comm, const DioStraitOptions *opts, DioMeshCount *count)
{
  StraitLayout layout;

  PetscFunctionBegin;
  PetscCall(StraitLayoutCreate(comm, opts, &layout));
  count->dim         = layout.dim;
  count->cells_2d    = (PetscReal)layout.faces[0] * layout.faces[layout.dim - 1];
  count->vertices_2d = (layout.faces[0] + 1.0) * (layout.faces[layout.dim - 1] + 1.0);
  count->num_slices  = layout.dim == 3 ? (PetscReal)layout.faces[1] : 0;
  PetscCall(PetscFree(layout.z_below));
  PetscFunctionReturn(0);
}

/* Maps the unit box onto the section: x and y uniform, the vertical levels of every column between base and surface. */
static PetscErrorCode StraitMapCoordinates(DM dm, DioProfile profile, const StraitLayout *layout)
{
  Vec            coordinates;
  PetscSection   cs;
  PetscScalar   *x;
  PetscInt       vStart, vEnd;
  const PetscInt dim = layout->dim, nz = layout->faces[dim - 1];

  PetscFunctionBegin;
  PetscCall(DMGetCoordinatesLocal(dm, &coordinates));
  PetscCall(DMGetCoordinateSection(dm, &cs));
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  PetscCall(VecGetArray(coordinates, &x));
  for (PetscInt v = vStart; v < vEnd; v++) {
    DioProfileSample sample;
    PetscInt         off, ix, kz;
    PetscReal        xm;

    PetscCall(PetscSectionGetOffset(cs, v, &off));
    ix = NearestIndex(PetscRealPart(x[off]), layout->faces[0]);
    kz = NearestIndex(PetscRealPart(x[off + dim - 1]), nz);
    xm = UniformNode(layout->x_min, layout->x_max, ix, layout->faces[0]);
    PetscCall(DioProfileSampleAt(profile, xm, &sample));
    x[off] = xm;
    if (dim == 3)
      x[off + 1] =
        UniformNode(0, layout->width, NearestIndex(PetscRealPart(x[off + 1]), layout->faces[1]), layout->faces[1]);
    x[off + dim - 1] = StraitLevelElevation(layout, sample.surface_elevation_m, kz);
  }
  PetscCall(VecRestoreArray(coordinates, &x));
  /* setting the local vector again drops any global coordinate vector made from the unit box */
  PetscCall(DMSetCoordinatesLocal(dm, coordinates));
  PetscFunctionReturn(0);
}

/* Signed volume factor of the trilinear (bilinear) cell at each corner; lex[] holds the vertex coordinates in
   lexicographic order (x fastest). Returns the smallest corner Jacobian determinant. */
static PetscReal CellMinCornerJacobian(PetscInt dim, const PetscReal lex[][3])
{
  PetscReal min_det = PETSC_MAX_REAL;

  for (PetscInt c = 0; c < (1 << dim); c++) {
    PetscReal e[3][3] = {{0}}, det;

    for (PetscInt d = 0; d < dim; d++) {
      const PetscInt  other = c ^ (1 << d);
      const PetscReal sign  = (c >> d) & 1 ? -1.0 : 1.0;

      for (PetscInt k = 0; k < dim; k++) e[d][k] = sign * (lex[other][k] - lex[c][k]);
    }
    if (dim == 2) det = e[0][0] * e[1][1] - e[0][1] * e[1][0];
    else
      det = e[0][0] * (e[1][1] * e[2][2] - e[1][2] * e[2][1]) - e[0][1] * (e[1][0] * e[2][2] - e[1][2] * e[2][0]) +
            e[0][2] * (e[1][0] * e[2][1] - e[1][1] * e[2][0]);
    min_det = PetscMin(min_det, det);
  }
  return min_det;
}

/* Checks every cell's orientation and labels its layer and permafrost by its centroid. Collective. */
static PetscErrorCode StraitLabelCells(DM dm, DioProfile profile, const DioStraitOptions *o, const StraitLayout *layout,
                                       Vec unit_coordinates)
{
  MPI_Comm           comm;
  DMLabel            layer_label, permafrost_label;
  PetscSection       cs;
  Vec                coordinates;
  const PetscScalar *u, *x;
  PetscInt           cStart, cEnd, vStart, vEnd;
  PetscMPIInt        rank, size, first_bad, candidate;
  PetscReal          bad_centroid[3] = {0, 0, 0};
  PetscBool          bad             = PETSC_FALSE;
  const PetscInt     dim             = layout->dim;

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)dm, &comm));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(DMGetCoordinateSection(dm, &cs));
  PetscCall(DMGetCoordinatesLocal(dm, &coordinates));
  PetscCall(DMCreateLabel(dm, DIO_LABEL_LAYER));
  PetscCall(DMGetLabel(dm, DIO_LABEL_LAYER, &layer_label));
  PetscCall(DMCreateLabel(dm, DIO_LABEL_PERMAFROST));
  PetscCall(DMGetLabel(dm, DIO_LABEL_PERMAFROST, &permafrost_label));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(DMPlexGetDepthStratum(dm, 0, &vStart, &vEnd));
  PetscCall(VecGetArrayRead(unit_coordinates, &u));
  PetscCall(VecGetArrayRead(coordinates, &x));
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscInt         vertices[8], offsets[8], nv, min_index[3] = {PETSC_MAX_INT, PETSC_MAX_INT, PETSC_MAX_INT}, layer;
    PetscReal        lex[8][3] = {{0}}, centroid[3] = {0, 0, 0}, depth;
    DioProfileSample sample;

    PetscCall(DioMeshPointVertices_Internal(dm, c, vStart, vEnd, &nv, vertices));
    PetscCheck(nv == (1 << dim), PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "strait mesh: cell %" PetscInt_FMT " has %" PetscInt_FMT " vertices, expected %d", c, nv, 1 << dim);
    /* the unit-box indices put the vertices in lexicographic order */
    for (PetscInt v = 0; v < nv; v++) {
      PetscCall(PetscSectionGetOffset(cs, vertices[v], &offsets[v]));
      for (PetscInt d = 0; d < dim; d++)
        min_index[d] = PetscMin(min_index[d], NearestIndex(PetscRealPart(u[offsets[v] + d]), layout->faces[d]));
    }
    for (PetscInt v = 0; v < nv; v++) {
      PetscInt pos = 0;

      for (PetscInt d = 0; d < dim; d++)
        pos += (NearestIndex(PetscRealPart(u[offsets[v] + d]), layout->faces[d]) - min_index[d]) << d;
      for (PetscInt d = 0; d < dim; d++) {
        lex[pos][d] = PetscRealPart(x[offsets[v] + d]);
        centroid[d] += lex[pos][d] / nv;
      }
    }
    if (!bad && !(CellMinCornerJacobian(dim, (const PetscReal(*)[3])lex) > 0)) {
      bad = PETSC_TRUE;
      for (PetscInt d = 0; d < 3; d++) bad_centroid[d] = centroid[d];
    }
    PetscCall(DioProfileSampleAt(profile, centroid[0], &sample));
    depth = sample.surface_elevation_m - centroid[dim - 1];
    if (depth < sample.sediment_thickness_m)
      layer = sample.surface_elevation_m < 0 ? DIO_LAYER_SEABED_SEDIMENT : DIO_LAYER_COASTAL_SEDIMENT;
    else if (depth < sample.sediment_thickness_m + o->weathered_thickness_m) layer = DIO_LAYER_WEATHERED_ROCK;
    else layer = sample.bedrock_layer;
    PetscCall(DMLabelSetValue(layer_label, c, layer));
    if (depth < sample.permafrost_base_depth_m) PetscCall(DMLabelSetValue(permafrost_label, c, 1));
  }
  PetscCall(VecRestoreArrayRead(coordinates, &x));
  PetscCall(VecRestoreArrayRead(unit_coordinates, &u));
  /* the first rank with an inverted cell names it, on every rank */
  candidate = bad ? rank : size;
  PetscCallMPI(MPI_Allreduce(&candidate, &first_bad, 1, MPI_INT, MPI_MIN, comm));
  if (first_bad < size) {
    PetscCallMPI(MPI_Bcast(bad_centroid, 3, MPIU_REAL, first_bad, comm));
    SETERRQ(comm, PETSC_ERR_USER_INPUT,
            "strait mesh: inverted cell at x = %g m, %s = %g m; check the -mesh_ options against the profile",
            (double)bad_centroid[0], dim == 2 ? "y" : "z", (double)bad_centroid[dim - 1]);
  }
  PetscFunctionReturn(0);
}

/*@
  DioMeshCreateStrait - Builds the strait section as a structured mesh of quadrilaterals (2D) or hexahedra (3D)
  in columns, labels it, in parallel.

  Collective. Each rank builds its block of columns of the unit box (DioMeshCreateBox_Internal(): split along x on a
  long section), maps it onto the section and labels its cells; nothing is distributed afterwards.

  Every column has the same vertical levels: from the base, cells graded geometrically (ratio <= 1.2) from the
  coarse size up to the fine size at the band, uniform fine cells in the band around the tunnel axis, and
  cells_above_band uniform cells from the band top to the surface of that column. Where the surface is shallow
  the band top is lowered to keep a cover of a quarter of the band height.

  Labels: DIO_LABEL_LAYER (every cell, by its centroid's depth below the surface: sediment, weathered rock, the
  profile's bedrock), DIO_LABEL_PERMAFROST (1 above the permafrost base), DIO_LABEL_BOUNDARY on faces (DioBoundaryId).

  Output: dm, named "strait", destroy with DMDestroy(). Honours -dm_view.
@*/
PetscErrorCode DioMeshCreateStrait(MPI_Comm comm, DioProfile profile, const DioStraitOptions *opts, DM *dm)
{
  StraitLayout    layout;
  DM              box;
  Vec             box_coordinates, unit_coordinates;
  const PetscReal lower[3] = {0, 0, 0}, upper[3] = {1, 1, 1};
  const PetscInt  sides_2d[4] = {DIO_BOUNDARY_WEST, DIO_BOUNDARY_EAST, DIO_BOUNDARY_BASE, DIO_BOUNDARY_SURFACE};
  const PetscInt  sides_3d[6] = {DIO_BOUNDARY_WEST,  DIO_BOUNDARY_EAST, DIO_BOUNDARY_SOUTH,
                                 DIO_BOUNDARY_NORTH, DIO_BOUNDARY_BASE, DIO_BOUNDARY_SURFACE};

  PetscFunctionBegin;
  PetscCall(StraitOptionsValidate(comm, profile, opts));
  PetscCall(StraitLayoutCreate(comm, opts, &layout));
  PetscCall(DioMeshCreateBox_Internal(comm, layout.dim, layout.faces, lower, upper,
                                      layout.dim == 2 ? sides_2d : sides_3d, &box));
  /* keep the unit-box coordinates: they give each vertex its integer (i, j, k) after the mapping */
  PetscCall(DMGetCoordinatesLocal(box, &box_coordinates));
  PetscCall(VecDuplicate(box_coordinates, &unit_coordinates));
  PetscCall(VecCopy(box_coordinates, unit_coordinates));
  PetscCall(StraitMapCoordinates(box, profile, &layout));
  PetscCall(StraitLabelCells(box, profile, opts, &layout, unit_coordinates));
  PetscCall(VecDestroy(&unit_coordinates));
  PetscCall(PetscFree(layout.z_below));
  PetscCall(DioMeshFinish_Internal("strait", box));
  *dm = box;
  PetscFunctionReturn(0);
}
