/* SPDX-License-Identifier: BSD-2-Clause
   transverse.c: the transverse section across a bored tunnel (2D quadrilaterals), an O-grid around the axis: a
   square core, a transition to the lining's inner circle, the lining ring, and graded ground out to a rectangle;
   labelled with layers, tunnel core/ring and boundary faces, then distributed. */
#include "dio_mesh.h"
#include "mesh_impl.h"

/* Half side of the core square as a fraction of the lining's inner radius. */
#define DIO_TRANSVERSE_CORE_FRACTION 0.45
/* Cover kept above the crown: at least this, and at least one lining thickness (m). */
#define DIO_TRANSVERSE_MIN_COVER 0.5
/* Each level multiplies the cell count by 4. */
#define DIO_TRANSVERSE_REFINE_MAX 8
#define DIO_TRANSVERSE_GROWTH_MAX 2.0

/* The O-grid as a square core of n x n cells and rings of N = 4 n vertices around it. Ring level 0 is the core's
   square, level n_transition the lining's inner circle, n_transition + n_lining the bored circle, and
   num_levels = n_transition + n_lining + n_ground the rectangle. Vertex i of every ring sits in direction
   -45 + 360 i / N degrees on the circles, at the fraction (i % n) / n of side i / n on the square, and on the
   rectangle as BoundaryPoint() says; i = 0, n, 2n, 3n are the corners (the 45-degree points on the circles). */
typedef struct {
  PetscInt   n, N;                             /* cells along a side of the core, cells around */
  PetscInt   n_transition, n_lining, n_ground; /* radial cells of each ring block */
  PetscInt   num_levels;                       /* radial cells from the square to the rectangle */
  PetscInt   num_vertices, num_cells;
  PetscReal  axis, half_core, inner_radius, radius; /* m */
  PetscReal  half_width, base, surface;             /* m */
  PetscReal *ray_ratio;                             /* [N] ratio of successive ground cells on ray i */
} TransverseLayout;

static PetscErrorCode TransverseOptionsValidate(MPI_Comm comm, const DioTransverseOptions *o)
{
  const PetscReal cover = PetscMax(DIO_TRANSVERSE_MIN_COVER, o->lining_thickness_m);

  PetscFunctionBegin;
  PetscCheck(o->radius_m > 0, comm, PETSC_ERR_USER_INPUT, "transverse mesh: radius_m = %g m: must be > 0",
             (double)o->radius_m);
  PetscCheck(o->lining_thickness_m > 0 && o->lining_thickness_m < o->radius_m, comm, PETSC_ERR_USER_INPUT,
             "transverse mesh: lining_thickness_m = %g m: must be in (0, radius_m = %g m)",
             (double)o->lining_thickness_m, (double)o->radius_m);
  PetscCheck(o->base_elevation_m < o->axis_elevation_m - 2 * o->radius_m, comm, PETSC_ERR_USER_INPUT,
             "transverse mesh: base_elevation_m = %g m: must be below axis_elevation_m - 2 radius_m = %g m",
             (double)o->base_elevation_m, (double)(o->axis_elevation_m - 2 * o->radius_m));
  PetscCheck(
      o->surface_elevation_m > o->axis_elevation_m + o->radius_m + cover, comm, PETSC_ERR_USER_INPUT,
      "transverse mesh: surface_elevation_m = %g m: must be above the crown (axis_elevation_m + radius_m = %g m) "
      "plus a cover of %g m (the larger of %g m and lining_thickness_m)",
      (double)o->surface_elevation_m, (double)(o->axis_elevation_m + o->radius_m), (double)cover,
      (double)DIO_TRANSVERSE_MIN_COVER);
  PetscCheck(o->half_width_m > 2 * o->radius_m, comm, PETSC_ERR_USER_INPUT,
             "-mesh_half_width %g m: must be > 2 radius_m = %g m", (double)o->half_width_m, (double)(2 * o->radius_m));
  PetscCheck(o->cells_around >= 16 && o->cells_around % 8 == 0, comm, PETSC_ERR_USER_INPUT,
             "-mesh_cells_around %" PetscInt_FMT ": must be a multiple of 8 and >= 16", o->cells_around);
  PetscCheck(o->cells_lining >= 1, comm, PETSC_ERR_USER_INPUT, "-mesh_cells_lining %" PetscInt_FMT ": must be >= 1",
             o->cells_lining);
  PetscCheck(o->growth >= 1 && o->growth <= DIO_TRANSVERSE_GROWTH_MAX, comm, PETSC_ERR_USER_INPUT,
             "-mesh_growth %g: must be in [1, %g]", (double)o->growth, (double)DIO_TRANSVERSE_GROWTH_MAX);
  PetscCheck(o->refine >= 0 && o->refine <= DIO_TRANSVERSE_REFINE_MAX, comm, PETSC_ERR_USER_INPUT,
             "-mesh_refine %" PetscInt_FMT ": must be in [0, %d]", o->refine, DIO_TRANSVERSE_REFINE_MAX);
  PetscFunctionReturn(0);
}

static PetscErrorCode LayerStackValidate(MPI_Comm comm, const DioLayerStack *layers)
{
  PetscFunctionBegin;
  PetscCheck(layers->num_layers >= 1 && layers->num_layers <= 16, comm, PETSC_ERR_USER_INPUT,
             "transverse mesh: layer stack num_layers = %" PetscInt_FMT ": must be in [1, 16]", layers->num_layers);
  for (PetscInt k = 0; k < layers->num_layers; k++) {
    PetscCheck(layers->layer_id[k] >= 0, comm, PETSC_ERR_USER_INPUT,
               "transverse mesh: layer stack layer_id[%" PetscInt_FMT "] = %" PetscInt_FMT ": must be >= 0", k,
               layers->layer_id[k]);
    /* equal tops are an empty layer (a zero thickness), which gets no cells */
    PetscCheck(k == 0 || layers->top_elevation_m[k] <= layers->top_elevation_m[k - 1], comm, PETSC_ERR_USER_INPUT,
               "transverse mesh: layer stack top_elevation_m[%" PetscInt_FMT "] = %g m: must not be above "
               "top_elevation_m[%" PetscInt_FMT "] = %g m (tops decrease downwards)",
               k, (double)layers->top_elevation_m[k], k - 1, (double)layers->top_elevation_m[k - 1]);
  }
  PetscFunctionReturn(0);
}

/*@
  DioTransverseOptionsSetFromOptions - Sets the mesh fields of opts to their defaults, reads the -mesh_ options
  over them, then validates the whole struct.

  Collective.

  Input: opts with the geometric fields set by the caller (base_elevation_m, surface_elevation_m, axis_elevation_m,
  radius_m, lining_thickness_m); these are left unchanged. The other fields are overwritten.

  Options (units, defaults):
+ -mesh_half_width <100>   - domain x in [-half_width, half_width], m
. -mesh_cells_around <48>  - cells around the circumference, a multiple of 8, >= 16
. -mesh_cells_lining <2>   - cells across the lining
. -mesh_growth <1.15>      - size ratio of successive ground cells away from the bore, in [1, 2]
- -mesh_refine <0>         - levels: cells_around, cells_lining and every radial count doubled per level

  Errors: PETSC_ERR_USER_INPUT naming the option or field, its value and the valid range.
@*/
PetscErrorCode DioTransverseOptionsSetFromOptions(MPI_Comm comm, DioTransverseOptions *opts)
{
  PetscFunctionBegin;
  opts->half_width_m = DIO_TRANSVERSE_HALF_WIDTH_DEFAULT;
  opts->cells_around = 48;
  opts->cells_lining = 2;
  opts->growth       = 1.15;
  opts->refine       = 0;
  PetscOptionsBegin(comm, NULL, "Transverse tunnel-section mesh options", "mesh");
  PetscCall(PetscOptionsReal("-mesh_half_width", "Half width of the section, tunnel axis at x = 0 (m); default 100",
                             "DioTransverseOptionsSetFromOptions", opts->half_width_m, &opts->half_width_m, NULL));
  PetscCall(PetscOptionsInt("-mesh_cells_around",
                            "Cells around the tunnel circumference, a multiple of 8 and >= 16; default 48",
                            "DioTransverseOptionsSetFromOptions", opts->cells_around, &opts->cells_around, NULL));
  PetscCall(PetscOptionsInt("-mesh_cells_lining", "Cells across the lining thickness; default 2",
                            "DioTransverseOptionsSetFromOptions", opts->cells_lining, &opts->cells_lining, NULL));
  PetscCall(PetscOptionsReal("-mesh_growth",
                             "Size ratio of successive ground cells away from the bore (-), in [1, 2]; default 1.15",
                             "DioTransverseOptionsSetFromOptions", opts->growth, &opts->growth, NULL));
  PetscCall(PetscOptionsInt("-mesh_refine",
                            "Refinement levels: cells around, across the lining and radially doubled per level; "
                            "default 0",
                            "DioTransverseOptionsSetFromOptions", opts->refine, &opts->refine, NULL));
  PetscOptionsEnd();
  PetscCall(TransverseOptionsValidate(comm, opts));
  PetscFunctionReturn(0);
}

/* Position of vertex j of n uniform intervals on [lo, hi], exact at both ends. */
static PetscReal UniformNode(PetscReal lo, PetscReal hi, PetscInt j, PetscInt n)
{
  return j == n ? hi : lo + j * ((hi - lo) / n);
}

/* Ring vertex i on the boundary of the rectangle [-half_x, half_x] x [y_lo, y_hi] centred on x = 0, sides split
   into n intervals each, starting at the lower right corner and going counter-clockwise. */
static void RectanglePoint(PetscReal half_x, PetscReal y_lo, PetscReal y_hi, PetscInt n, PetscInt i, PetscReal xy[2])
{
  const PetscReal cx[5] = {half_x, half_x, -half_x, -half_x, half_x}, cy[5] = {y_lo, y_hi, y_hi, y_lo, y_lo};
  const PetscInt  side = i / n, j = i % n;

  xy[0] = UniformNode(cx[side], cx[side + 1], j, n);
  xy[1] = UniformNode(cy[side], cy[side + 1], j, n);
}

/* Ring vertex i on the outer rectangle, counter-clockwise from the lower right corner: side i / n, where the ray from
   the axis at the angle (i % n) / n of the way between the side's corners (as seen from the axis) meets it. In the
   symmetric case the ground rays are radial; off-centre, they stay close to normal to the bore wall, and a side's
   points are denser where it passes close to the tunnel. */
static void BoundaryPoint(const TransverseLayout *layout, PetscInt i, PetscReal xy[2])
{
  const PetscReal cx[5] = {layout->half_width, layout->half_width, -layout->half_width, -layout->half_width,
                           layout->half_width};
  const PetscReal cy[5] = {layout->base, layout->surface, layout->surface, layout->base, layout->base};
  const PetscInt  side = i / layout->n, j = i % layout->n;
  const PetscReal ax = cx[side], ay = cy[side] - layout->axis, ex = cx[side + 1] - cx[side],
                  ey = cy[side + 1] - cy[side];
  PetscReal phi_a = PetscAtan2Real(ay, ax), phi_b = PetscAtan2Real(ay + ey, ax + ex), phi, dx, dy, u;

  if (phi_b < phi_a) phi_b += 2 * PETSC_PI;
  phi = phi_a + j * (phi_b - phi_a) / layout->n;
  dx  = PetscCosReal(phi);
  dy  = PetscSinReal(phi);
  /* the fraction u of the side where axis + lambda (dx, dy) = corner + u (ex, ey) */
  u     = j == 0 ? 0 : (dx * ay - dy * ax) / (ex * dy - ey * dx);
  xy[0] = ex == 0 ? cx[side] : cx[side] + u * ex;
  xy[1] = ey == 0 ? cy[side] : cy[side] + u * ey;
}

static void CirclePoint(const TransverseLayout *layout, PetscReal rho, PetscInt i, PetscReal xy[2])
{
  const PetscReal theta = -0.25 * PETSC_PI + 2 * PETSC_PI * i / layout->N;

  xy[0] = rho * PetscCosReal(theta);
  xy[1] = layout->axis + rho * PetscSinReal(theta);
}

/* Fraction of the ray from the bore to the rectangle at ground level k of m, for successive cell ratio r. */
static PetscReal GroundFraction(PetscReal r, PetscInt k, PetscInt m)
{
  if (k == m) return 1;
  if (r - 1 < 1e-10) return (PetscReal)k / m;
  return (PetscPowReal(r, (PetscReal)k) - 1) / (PetscPowReal(r, (PetscReal)m) - 1);
}

/* Coordinates of ring vertex i (0..N-1) at radial level (0..num_levels). */
static void RingPoint(const TransverseLayout *layout, PetscInt level, PetscInt i, PetscReal xy[2])
{
  const PetscInt lining = layout->n_transition, bore = lining + layout->n_lining;

  if (level < lining) {
    PetscReal       square[2], circle[2];
    const PetscReal s = (PetscReal)level / layout->n_transition;

    RectanglePoint(layout->half_core, layout->axis - layout->half_core, layout->axis + layout->half_core, layout->n, i,
                   square);
    CirclePoint(layout, layout->inner_radius, i, circle);
    for (PetscInt d = 0; d < 2; d++) xy[d] = level == 0 ? square[d] : (1 - s) * square[d] + s * circle[d];
  } else if (level <= bore) {
    CirclePoint(layout, UniformNode(layout->inner_radius, layout->radius, level - lining, layout->n_lining), i, xy);
  } else {
    PetscReal       bore_point[2], side_point[2];
    const PetscReal s = GroundFraction(layout->ray_ratio[i], level - bore, layout->n_ground);

    CirclePoint(layout, layout->radius, i, bore_point);
    BoundaryPoint(layout, i, side_point);
    for (PetscInt d = 0; d < 2; d++) xy[d] = s == 1 ? side_point[d] : (1 - s) * bore_point[d] + s * side_point[d];
  }
}

static PetscInt RingVertex(const TransverseLayout *layout, PetscInt level, PetscInt i)
{
  return (layout->n - 1) * (layout->n - 1) + level * layout->N + (i % layout->N);
}

/* Vertex (p, q), 0 <= p, q <= n, of the core grid (x then y); its boundary vertices belong to ring level 0. */
static PetscInt CoreVertex(const TransverseLayout *layout, PetscInt p, PetscInt q)
{
  const PetscInt n = layout->n;

  if (p > 0 && p < n && q > 0 && q < n) return (q - 1) * (n - 1) + (p - 1);
  if (q == 0 && p < n) return RingVertex(layout, 0, 3 * n + p); /* bottom side, left to right */
  if (p == n && q < n) return RingVertex(layout, 0, q);         /* right side, upwards */
  if (q == n && p > 0) return RingVertex(layout, 0, 2 * n - p); /* top side, right to left */
  return RingVertex(layout, 0, 3 * n - q);                      /* left side, downwards */
}

/* Total length of m cells growing by r from first_size. */
static PetscReal GeometricLength(PetscReal first_size, PetscReal r, PetscInt m)
{
  PetscReal sum = 0, h = first_size;

  for (PetscInt k = 0; k < m; k++) {
    sum += h;
    h *= r;
  }
  return sum;
}

/* Refuses num_points mesh points (cells, edges, vertices) beyond what PetscInt can index. */
static PetscErrorCode TransverseCheckPoints(MPI_Comm comm, PetscReal num_points)
{
  PetscFunctionBegin;
  PetscCheck(num_points < (PetscReal)PETSC_MAX_INT, comm, PETSC_ERR_USER_INPUT,
             "transverse mesh: %g mesh points are more than PetscInt (%d bytes) can index; lower -mesh_refine, "
             "-mesh_cells_around or -mesh_half_width, or raise -mesh_growth",
             (double)num_points, (int)sizeof(PetscInt));
  PetscFunctionReturn(0);
}

/* Counts from the options, refinement applied, and the grading ratio of every ground ray. The ground count m0 is the
   fewest cells growing by `growth` from the arc spacing that reach the farthest corner on the unrefined grid; each ray
   then gets the ratio r_i in [1, growth] for which m0 cells from the arc spacing reach its boundary point exactly
   (uniform cells where even r_i = 1 overshoots). Refinement splits every cell in two: m0 2^refine cells of ratio
   r_i^(1 / 2^refine), which keeps the unrefined nodes. Free layout->ray_ratio with PetscFree(). */
static PetscErrorCode TransverseLayoutCreate(MPI_Comm comm, const DioTransverseOptions *o, TransverseLayout *layout)
{
  const PetscInt  scale = (PetscInt)1 << o->refine, n0 = o->cells_around / 4;
  const PetscReal first_size = 2 * PETSC_PI * o->radius_m / o->cells_around;
  PetscReal       farthest   = 0, num_points, m_estimate;
  PetscInt        m0         = 1;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(layout, sizeof(*layout)));
  layout->axis         = o->axis_elevation_m;
  layout->radius       = o->radius_m;
  layout->inner_radius = o->radius_m - o->lining_thickness_m;
  layout->half_core    = DIO_TRANSVERSE_CORE_FRACTION * layout->inner_radius;
  layout->half_width   = o->half_width_m;
  layout->base         = o->base_elevation_m;
  layout->surface      = o->surface_elevation_m;
  layout->n            = n0;
  layout->N            = 4 * n0;
  /* the core alone (n0^2 cells, 4 points each) first: a huge -mesh_cells_around is refused before the loop below */
  PetscCall(TransverseCheckPoints(comm, 4 * (PetscReal)n0 * n0 * scale * scale));
  /* the farthest boundary point from its arc point on the unrefined grid sets the ground count */
  for (PetscInt i = 0; i < layout->N; i++) {
    PetscReal a[2], b[2];

    CirclePoint(layout, layout->radius, i, a);
    BoundaryPoint(layout, i, b);
    farthest = PetscMax(farthest, PetscSqrtReal(PetscSqr(b[0] - a[0]) + PetscSqr(b[1] - a[1])));
  }
  /* the count m0 in closed form first, to check it before counting; about 4 points (cell, edges, vertices) per cell,
     in reals, as the counts may not fit a PetscInt */
  m_estimate = o->growth == 1 ? farthest / first_size
                              : PetscLogReal(1 + farthest * (o->growth - 1) / first_size) / PetscLogReal(o->growth);
  num_points = 4 * ((PetscReal)n0 * n0 + 4.0 * n0 * (PetscMax(2, n0 / 3) + (PetscReal)o->cells_lining + m_estimate)) *
               scale * scale;
  PetscCall(TransverseCheckPoints(comm, num_points));
  for (PetscReal reach = first_size, size = first_size; reach < farthest; m0++) {
    size *= o->growth;
    reach += size;
  }
  layout->n            = n0 * scale;
  layout->N            = 4 * layout->n;
  layout->n_transition = PetscMax(2, n0 / 3) * scale;
  layout->n_lining     = o->cells_lining * scale;
  layout->n_ground     = m0 * scale;
  layout->num_levels   = layout->n_transition + layout->n_lining + layout->n_ground;
  layout->num_vertices = (layout->n - 1) * (layout->n - 1) + (layout->num_levels + 1) * layout->N;
  layout->num_cells    = layout->n * layout->n + layout->num_levels * layout->N;

  PetscCall(PetscMalloc1(layout->N, &layout->ray_ratio));
  for (PetscInt i = 0; i < layout->N; i++) {
    PetscReal a[2], b[2], length, lo = 1, hi = o->growth;

    CirclePoint(layout, layout->radius, i, a);
    BoundaryPoint(layout, i, b);
    length = PetscSqrtReal(PetscSqr(b[0] - a[0]) + PetscSqr(b[1] - a[1]));
    /* uniform cells where even ratio 1 reaches the boundary point; otherwise GeometricLength, which grows with the
       ratio, has GeometricLength(lo) < length <= GeometricLength(hi) */
    if (m0 * first_size >= length) lo = hi = 1;
    for (PetscInt it = 0; it < 200 && hi - lo > 1e-15; it++) {
      const PetscReal mid = 0.5 * (lo + hi);

      if (GeometricLength(first_size, mid, m0) < length)
        lo = mid;
      else
        hi = mid;
    }
    layout->ray_ratio[i] = PetscPowReal(hi, 1.0 / scale);
  }
  PetscFunctionReturn(0);
}

/*@
  DioTransverseCount - The size of the transverse section (num_slices 0) or of the 3D segment that extrudes it into
  num_slices slices, counted from the layout without building it.

  Not collective: every rank computes the same counts.

  Input: opts as DioTransverseOptionsSetFromOptions() leaves them (validated); num_slices >= 0.
@*/
PetscErrorCode DioTransverseCount(MPI_Comm comm, const DioTransverseOptions *opts, PetscInt num_slices,
                                  DioMeshCount *count)
{
  TransverseLayout layout;

  PetscFunctionBegin;
  PetscCall(TransverseLayoutCreate(comm, opts, &layout));
  count->dim         = num_slices > 0 ? 3 : 2;
  count->cells_2d    = (PetscReal)layout.num_cells;
  count->vertices_2d = (PetscReal)layout.num_vertices;
  count->num_slices  = (PetscReal)num_slices;
  PetscCall(PetscFree(layout.ray_ratio));
  PetscFunctionReturn(0);
}

/* Cross products of successive edges of a quadrilateral: all positive when it is convex and counter-clockwise. */
static PetscReal QuadMinCorner(const PetscReal x[4][2])
{
  PetscReal min_cross = PETSC_MAX_REAL;

  for (PetscInt k = 0; k < 4; k++) {
    const PetscReal *a = x[k], *b = x[(k + 1) % 4], *c = x[(k + 2) % 4];

    min_cross = PetscMin(min_cross, (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]));
  }
  return min_cross;
}

/* Rank 0's vertex coordinates [num_vertices][2] and counter-clockwise cells [num_cells][4]: the core row by row,
   then the rings level by level outwards, each counter-clockwise from the lower right corner. */
static PetscErrorCode TransverseBuild(const TransverseLayout *layout, PetscReal coords[], PetscInt cells[])
{
  const PetscInt n = layout->n;
  PetscInt       c = 0;

  PetscFunctionBegin;
  for (PetscInt q = 1; q < n; q++) {
    for (PetscInt p = 1; p < n; p++) {
      const PetscInt v = CoreVertex(layout, p, q);

      coords[2 * v]     = UniformNode(-layout->half_core, layout->half_core, p, n);
      coords[2 * v + 1] = UniformNode(layout->axis - layout->half_core, layout->axis + layout->half_core, q, n);
    }
  }
  for (PetscInt level = 0; level <= layout->num_levels; level++)
    for (PetscInt i = 0; i < layout->N; i++) RingPoint(layout, level, i, &coords[2 * RingVertex(layout, level, i)]);
  for (PetscInt q = 0; q < n; q++) {
    for (PetscInt p = 0; p < n; p++, c++) {
      cells[4 * c]     = CoreVertex(layout, p, q);
      cells[4 * c + 1] = CoreVertex(layout, p + 1, q);
      cells[4 * c + 2] = CoreVertex(layout, p + 1, q + 1);
      cells[4 * c + 3] = CoreVertex(layout, p, q + 1);
    }
  }
  for (PetscInt level = 0; level < layout->num_levels; level++) {
    for (PetscInt i = 0; i < layout->N; i++, c++) {
      cells[4 * c]     = RingVertex(layout, level, i);
      cells[4 * c + 1] = RingVertex(layout, level + 1, i);
      cells[4 * c + 2] = RingVertex(layout, level + 1, i + 1);
      cells[4 * c + 3] = RingVertex(layout, level, i + 1);
    }
  }
  PetscCheck(c == layout->num_cells, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "transverse mesh: built %" PetscInt_FMT " cells, expected %" PetscInt_FMT, c, layout->num_cells);
  PetscFunctionReturn(0);
}

/* Layer of an elevation: layer k holds [top[k+1], top[k]]; above top[1] is layer 0, below the last top the last. */
static PetscInt LayerAt(const DioLayerStack *layers, PetscReal y)
{
  PetscInt k = 0;

  while (k + 1 < layers->num_layers && y < layers->top_elevation_m[k + 1]) k++;
  return layers->layer_id[k];
}

/* Labels on rank 0's undistributed mesh, whose cell c is cell c of the list built by TransverseBuild(). */
static PetscErrorCode TransverseLabel(DM dm, const TransverseLayout *layout, const DioLayerStack *layers,
                                      const PetscReal coords[], const PetscInt cells[])
{
  MPI_Comm           comm;
  DMLabel            layer_label, tunnel_label, boundary_label, permafrost_label;
  PetscSection       cs;
  Vec                coordinates;
  const PetscScalar *x;
  PetscInt           cStart, cEnd, fStart, fEnd, unclassified = 0, unclassified_global;
  const PetscInt     core_end = layout->n * layout->n + layout->n_transition * layout->N;
  const PetscInt     ring_end = core_end + layout->n_lining * layout->N;
  const PetscReal    tol      = 1e-9 * PetscMax(2 * layout->half_width, layout->surface - layout->base);

  PetscFunctionBegin;
  PetscCall(PetscObjectGetComm((PetscObject)dm, &comm));
  PetscCall(DMCreateLabel(dm, DIO_LABEL_LAYER));
  PetscCall(DMGetLabel(dm, DIO_LABEL_LAYER, &layer_label));
  PetscCall(DMCreateLabel(dm, DIO_LABEL_TUNNEL));
  PetscCall(DMGetLabel(dm, DIO_LABEL_TUNNEL, &tunnel_label));
  PetscCall(DMCreateLabel(dm, DIO_LABEL_BOUNDARY));
  PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &boundary_label));
  PetscCall(DMCreateLabel(dm, DIO_LABEL_PERMAFROST));
  PetscCall(DMGetLabel(dm, DIO_LABEL_PERMAFROST, &permafrost_label));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscReal y = 0;

    for (PetscInt k = 0; k < 4; k++) y += 0.25 * coords[2 * cells[4 * (c - cStart) + k] + 1];
    PetscCall(DMLabelSetValue(layer_label, c, LayerAt(layers, y)));
    if (layers->top_elevation_m[0] - y < layers->permafrost_base_depth_m) PetscCall(DMLabelSetValue(permafrost_label, c, 1));
    /* by construction: the core and the transition fill r < R - t, the lining rings R - t .. R */
    if (c - cStart < core_end)
      PetscCall(DMLabelSetValue(tunnel_label, c, DIO_TUNNEL_CORE));
    else if (c - cStart < ring_end)
      PetscCall(DMLabelSetValue(tunnel_label, c, DIO_TUNNEL_RING));
  }
  PetscCall(DMGetCoordinateSection(dm, &cs));
  PetscCall(DMGetCoordinatesLocal(dm, &coordinates));
  PetscCall(VecGetArrayRead(coordinates, &x));
  PetscCall(DMPlexGetHeightStratum(dm, 1, &fStart, &fEnd));
  for (PetscInt f = fStart; f < fEnd; f++) {
    const PetscInt *cone;
    PetscInt        support_size, off[2];
    PetscReal       centroid[2];

    PetscCall(DMPlexGetSupportSize(dm, f, &support_size));
    if (support_size != 1) continue;
    PetscCall(DMPlexGetCone(dm, f, &cone));
    PetscCall(PetscSectionGetOffset(cs, cone[0], &off[0]));
    PetscCall(PetscSectionGetOffset(cs, cone[1], &off[1]));
    for (PetscInt d = 0; d < 2; d++) centroid[d] = 0.5 * (PetscRealPart(x[off[0] + d]) + PetscRealPart(x[off[1] + d]));
    if (PetscAbsReal(centroid[1] - layout->surface) < tol)
      PetscCall(DMLabelSetValue(boundary_label, f, DIO_BOUNDARY_SURFACE));
    else if (PetscAbsReal(centroid[1] - layout->base) < tol)
      PetscCall(DMLabelSetValue(boundary_label, f, DIO_BOUNDARY_BASE));
    else if (PetscAbsReal(centroid[0] + layout->half_width) < tol)
      PetscCall(DMLabelSetValue(boundary_label, f, DIO_BOUNDARY_WEST));
    else if (PetscAbsReal(centroid[0] - layout->half_width) < tol)
      PetscCall(DMLabelSetValue(boundary_label, f, DIO_BOUNDARY_EAST));
    else
      unclassified++;
  }
  PetscCall(VecRestoreArrayRead(coordinates, &x));
  PetscCallMPI(MPI_Allreduce(&unclassified, &unclassified_global, 1, MPIU_INT, MPI_SUM, comm));
  PetscCheck(unclassified_global == 0, comm, PETSC_ERR_PLIB,
             "transverse mesh: %" PetscInt_FMT " boundary faces off the rectangle", unclassified_global);
  PetscFunctionReturn(0);
}

/*@
  DioMeshCreateTransverse - Builds the transverse section across a bored tunnel as an O-grid of quadrilaterals,
  labels it and distributes it.

  Collective. The mesh is built whole on rank 0 (DMPlexCreateFromCellListPetsc), labelled there and distributed with
  overlap 0, so the labels travel with the cells.

  Geometry (x across, y up, the tunnel axis at (0, axis_elevation_m)), with n = cells_around / 4 and N = cells_around,
  both times 2^refine:
  - a square core |x|, |y - axis| <= 0.45 (R - t) of n x n cells;
  - a transition of max(2, n / 3) cells (times 2^refine) from the square to the circle r = R - t, along straight rays
    from the square's points (uniform along each side) to the circle's (uniform in angle; the square's corners go to
    45, 135, 225 and 315 degrees);
  - the lining R - t .. R: N x cells_lining cells with vertices on circles;
  - the ground: N rays from the circle r = R to the rectangle [-half_width, half_width] x [base, surface], straight
    from the 45-degree points to the corners, the rectangle's sides split uniformly; m cells along every ray (the same
    m for all), graded from the arc spacing 2 pi R / cells_around by a per-ray ratio <= growth.
  Every vertex is made once (no duplicates to merge); every cell is listed counter-clockwise.

  Labels: DIO_LABEL_LAYER on every cell from its vertex-average elevation against layers; DIO_LABEL_TUNNEL
  DIO_TUNNEL_CORE on the core and transition cells (inside r = R - t), DIO_TUNNEL_RING on the lining cells; the ground
  has no tunnel label. DIO_LABEL_BOUNDARY on the rectangle's faces (SURFACE top, BASE, WEST x = -half_width, EAST);
  the bore wall is interior and unlabelled.

  Errors: PETSC_ERR_USER_INPUT for invalid options or layers, or when a ground cell comes out non-convex (too little
  cover for the half width).

  Output: dm, named "transverse", destroy with DMDestroy(). Honours -dm_view.
@*/
PetscErrorCode DioMeshCreateTransverse(MPI_Comm comm, const DioTransverseOptions *opts, const DioLayerStack *layers,
                                       DM *dm)
{
  TransverseLayout layout;
  DM               mesh;
  PetscMPIInt      rank;
  PetscReal       *coords = NULL;
  PetscInt        *cells = NULL, num_cells = 0, num_vertices = 0, bad_cell = -1, bad_global;
  PetscReal        bad_point[2] = {0, 0};

  PetscFunctionBegin;
  PetscCall(TransverseOptionsValidate(comm, opts));
  PetscCall(LayerStackValidate(comm, layers));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(TransverseLayoutCreate(comm, opts, &layout));
  if (rank == 0) {
    num_cells    = layout.num_cells;
    num_vertices = layout.num_vertices;
    PetscCall(PetscMalloc2(2 * num_vertices, &coords, 4 * num_cells, &cells));
    PetscCall(TransverseBuild(&layout, coords, cells));
    for (PetscInt c = 0; c < num_cells && bad_cell < 0; c++) {
      PetscReal x[4][2];

      for (PetscInt k = 0; k < 4; k++)
        for (PetscInt d = 0; d < 2; d++) x[k][d] = coords[2 * cells[4 * c + k] + d];
      if (!(QuadMinCorner((const PetscReal(*)[2])x) > 0)) {
        bad_cell     = c;
        bad_point[0] = 0.25 * (x[0][0] + x[1][0] + x[2][0] + x[3][0]);
        bad_point[1] = 0.25 * (x[0][1] + x[1][1] + x[2][1] + x[3][1]);
      }
    }
  }
  PetscCall(PetscFree(layout.ray_ratio));
  bad_global = bad_cell;
  PetscCallMPI(MPI_Bcast(&bad_global, 1, MPIU_INT, 0, comm));
  PetscCallMPI(MPI_Bcast(bad_point, 2, MPIU_REAL, 0, comm));
  if (bad_global >= 0) {
    PetscCall(PetscFree2(coords, cells));
    SETERRQ(comm, PETSC_ERR_USER_INPUT,
            "transverse mesh: cell %" PetscInt_FMT " at x = %g m, y = %g m is not convex; the ground between the bore "
            "and the rectangle is too distorted: raise -mesh_half_width or the cover (surface_elevation_m %g m - "
            "axis_elevation_m %g m - radius_m %g m), or lower -mesh_growth",
            bad_global, (double)bad_point[0], (double)bad_point[1], (double)opts->surface_elevation_m,
            (double)opts->axis_elevation_m, (double)opts->radius_m);
  }
  PetscCall(DMPlexCreateFromCellListPetsc(comm, 2, num_cells, num_vertices, 4, PETSC_TRUE, cells, 2, coords, &mesh));
  PetscCall(DMPlexDistributeSetDefault(mesh, PETSC_FALSE));
  PetscCall(TransverseLabel(mesh, &layout, layers, coords, cells));
  PetscCall(PetscFree2(coords, cells));

  PetscCall(DioMeshDistribute_Internal("transverse", &mesh, NULL, NULL));
  *dm = mesh;
  PetscFunctionReturn(0);
}
