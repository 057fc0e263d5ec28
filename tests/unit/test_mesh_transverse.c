/* SPDX-License-Identifier: BSD-2-Clause
   test_mesh_transverse.c: the transverse tunnel-section O-grid (mesh/transverse.c), on 1 rank and under mpiexec.
   Every check sums a partition-independent quantity over ranks:
   - area: the cells tile the rectangle exactly (every shared vertex is one vertex, every boundary vertex lies on the
     rectangle), so the shoelace areas sum to 2 half_width (surface - base) up to round-off, hence 1e-10 relative;
   - tunnel: the lining cells form the annulus between two regular N-gons inscribed in the circles R - t and R
     (N = cells_around 2^refine), of area (N / 2) (R^2 - (R - t)^2) sin(2 pi / N); the core and transition cells fill
     the inner N-gon, (N / 2) (R - t)^2 sin(2 pi / N). Both differ from the circles' areas by
     pi r^2 (2 pi / N)^2 / 6 + O(N^-4), so doubling N divides the error by 4 (to within 0.1 % at N = 48);
   - cells: each convex and counter-clockwise in closure order; cells_around cells_lining lining cells;
   - faces: each side of the rectangle split into cells_around / 4 faces on the side's line, of total length its side;
   - layers: every cell's label equals the stack's rule at its vertex-average elevation, after distribution. */
#include <check.h>
#include <string.h>
#include <petscdmplex.h>
#include <petscsf.h>
#include "dio_mesh.h"
#include "test_helpers.h"

/* Round-off of sums over at most 1e5 cells of O(1e2) m coordinates. */
#define AREA_RTOL 1e-10

/* The geometry a caller sets before DioTransverseOptionsSetFromOptions(). */
typedef struct {
  PetscReal base, surface, axis, radius, lining;
} Section;

/* A Kirsch-like square around a deep tunnel (half width = the default 100 m) and a shallow Bering-like section. */
static const Section Kirsch = {-100, 100, 0, 5, 0.5};
static const Section Bering = {-400, -50, -100, 6, 0.55};

/* Sets the geometry and the option pairs, reads them, then clears the options so the next test starts afresh. */
static PetscErrorCode OptionsFrom(const Section *section, const char *const pairs[], DioTransverseOptions *opts)
{
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(opts, sizeof(*opts)));
  opts->base_elevation_m    = section->base;
  opts->surface_elevation_m = section->surface;
  opts->axis_elevation_m    = section->axis;
  opts->radius_m            = section->radius;
  opts->lining_thickness_m  = section->lining;
  for (PetscInt i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
    PetscCall(PetscOptionsSetValue(NULL, pairs[i], pairs[i + 1]));
  ierr = DioTransverseOptionsSetFromOptions(PETSC_COMM_WORLD, opts);
  for (PetscInt i = 0; pairs != NULL && pairs[i] != NULL; i += 2) PetscCall(PetscOptionsClearValue(NULL, pairs[i]));
  PetscCall(ierr);
  PetscFunctionReturn(0);
}

/* Three layers: ids deliberately not 0, 1, 2; tops between cell centroids in general. */
static void ThreeLayers(const Section *section, DioLayerStack *layers)
{
  const PetscReal depth = section->surface - section->base;

  CK_PETSC(PetscMemzero(layers, sizeof(*layers)));
  layers->num_layers         = 3;
  layers->top_elevation_m[0] = section->surface;
  layers->top_elevation_m[1] = section->surface - 0.1237 * depth;
  layers->top_elevation_m[2] = section->surface - 0.3713 * depth;
  layers->layer_id[0]        = 7;
  layers->layer_id[1]        = 3;
  layers->layer_id[2]        = 5;
}

/* The layer rule of DioMeshCreateTransverse(), recomputed. */
static PetscInt ExpectedLayer(const DioLayerStack *layers, PetscReal y)
{
  PetscInt k = 0;

  while (k + 1 < layers->num_layers && y < layers->top_elevation_m[k + 1]) k++;
  return layers->layer_id[k];
}

typedef struct {
  PetscInt  num_cells, num_core, num_ring, num_unlabelled; /* global cell counts by tunnel label */
  PetscInt  bad_cells;                                     /* not convex or not counter-clockwise */
  PetscInt  bad_layers, bad_tunnel;                        /* wrong layer; tunnel label off its radii */
  PetscInt  layer_count[3];                                /* cells of each layer of ThreeLayers() */
  PetscInt  num_faces[5], off_side, foreign_faces;         /* faces per DioBoundaryId; off their line; not ours */
  PetscReal face_length[5];
  PetscReal area, core_area, ring_area; /* m^2 */
} Summary;

/* Owned points are those that are not leaves of the point SF; mask[p] is PETSC_TRUE for a leaf. */
static PetscErrorCode LeafMask(DM dm, PetscBool **mask)
{
  PetscSF         sf;
  const PetscInt *leaves;
  PetscInt        pStart, pEnd, num_leaves;

  PetscFunctionBegin;
  PetscCall(DMPlexGetChart(dm, &pStart, &pEnd));
  PetscCall(PetscCalloc1(pEnd, mask));
  PetscCall(DMGetPointSF(dm, &sf));
  PetscCall(PetscSFGetGraph(sf, NULL, &num_leaves, &leaves, NULL));
  for (PetscInt l = 0; l < num_leaves && num_leaves > 0; l++) (*mask)[leaves != NULL ? leaves[l] : l] = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode Summarize(DM dm, const DioTransverseOptions *opts, const DioLayerStack *layers, Summary *sum)
{
  MPI_Comm        comm = PetscObjectComm((PetscObject)dm);
  DM              cdm;
  PetscSection    cs;
  Vec             coordinates;
  DMLabel         layer_label, tunnel_label, boundary_label;
  PetscBool      *leaf;
  PetscInt        cStart, cEnd, counts[16] = {0}, counts_global[16];
  PetscReal       reals[8] = {0}, reals_global[8];
  const PetscReal inner    = opts->radius_m - opts->lining_thickness_m;
  const PetscReal rtol     = 1e-10 * (opts->radius_m + PetscAbsReal(opts->axis_elevation_m));
  const PetscReal tol = 1e-9 * PetscMax(2 * opts->half_width_m, opts->surface_elevation_m - opts->base_elevation_m);

  PetscFunctionBegin;
  PetscCall(PetscMemzero(sum, sizeof(*sum)));
  PetscCall(DMGetLabel(dm, DIO_LABEL_LAYER, &layer_label));
  PetscCall(DMGetLabel(dm, DIO_LABEL_TUNNEL, &tunnel_label));
  PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &boundary_label));
  ck_assert_ptr_nonnull(layer_label);
  ck_assert_ptr_nonnull(tunnel_label);
  ck_assert_ptr_nonnull(boundary_label);
  PetscCall(DMGetCoordinateDM(dm, &cdm));
  PetscCall(DMGetCoordinateSection(dm, &cs));
  PetscCall(DMGetCoordinatesLocal(dm, &coordinates));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(LeafMask(dm, &leaf));

  /* counts: 0 cells, 1 core, 2 ring, 3 unlabelled, 4 bad cells, 5 bad layers, 6 bad tunnel, 7-9 layers,
     10 off side, 11 foreign faces, 12-15 faces per id; reals: 0 area, 1 core, 2 ring, 3-7 face lengths per id */
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscScalar *x = NULL;
    PetscInt     n, layer, tunnel;
    PetscReal    v[4][2], area = 0, min_cross = PETSC_MAX_REAL, y = 0, r_min = PETSC_MAX_REAL, r_max = 0;

    if (leaf[c]) continue;
    PetscCall(DMPlexVecGetClosure(cdm, cs, coordinates, c, &n, &x));
    ck_assert_int_eq(n, 8);
    for (PetscInt k = 0; k < 4; k++) {
      v[k][0] = PetscRealPart(x[2 * k]);
      v[k][1] = PetscRealPart(x[2 * k + 1]);
    }
    PetscCall(DMPlexVecRestoreClosure(cdm, cs, coordinates, c, &n, &x));
    for (PetscInt k = 0; k < 4; k++) {
      const PetscReal *a = v[k], *b = v[(k + 1) % 4], *d = v[(k + 2) % 4];
      const PetscReal  r = PetscSqrtReal(PetscSqr(a[0]) + PetscSqr(a[1] - opts->axis_elevation_m));

      area += 0.5 * (a[0] * b[1] - b[0] * a[1]);
      min_cross = PetscMin(min_cross, (b[0] - a[0]) * (d[1] - b[1]) - (b[1] - a[1]) * (d[0] - b[0]));
      y += 0.25 * a[1];
      r_min = PetscMin(r_min, r);
      r_max = PetscMax(r_max, r);
    }
    counts[0]++;
    if (!(min_cross > 0) || !(area > 0)) counts[4]++;
    reals[0] += area;
    PetscCall(DMLabelGetValue(layer_label, c, &layer));
    if (layer != ExpectedLayer(layers, y)) counts[5]++;
    for (PetscInt k = 0; k < layers->num_layers && k < 3; k++)
      if (layer == layers->layer_id[k]) counts[7 + k]++;
    PetscCall(DMLabelGetValue(tunnel_label, c, &tunnel));
    if (tunnel == DIO_TUNNEL_CORE) {
      counts[1]++;
      reals[1] += area;
      if (r_max > inner + rtol) counts[6]++;
    } else if (tunnel == DIO_TUNNEL_RING) {
      counts[2]++;
      reals[2] += area;
      if (r_min < inner - rtol || r_max > opts->radius_m + rtol) counts[6]++;
    } else {
      counts[3]++;
      if (tunnel != -1 || r_min < opts->radius_m - rtol) counts[6]++;
    }
  }

  /* boundary faces: only ids 1..4, only on faces of one cell, on their side's line */
  {
    IS              values;
    const PetscInt *ids;
    PetscInt        num_ids, fStart, fEnd;

    PetscCall(DMPlexGetHeightStratum(dm, 1, &fStart, &fEnd));
    PetscCall(DMLabelGetValueIS(boundary_label, &values));
    PetscCall(ISGetLocalSize(values, &num_ids));
    PetscCall(ISGetIndices(values, &ids));
    for (PetscInt i = 0; i < num_ids; i++) {
      IS              stratum;
      const PetscInt *faces;
      PetscInt        num_faces;

      if (ids[i] < DIO_BOUNDARY_SURFACE || ids[i] > DIO_BOUNDARY_EAST) {
        counts[11]++;
        continue;
      }
      PetscCall(DMLabelGetStratumIS(boundary_label, ids[i], &stratum));
      PetscCall(ISGetLocalSize(stratum, &num_faces));
      PetscCall(ISGetIndices(stratum, &faces));
      for (PetscInt j = 0; j < num_faces; j++) {
        const PetscInt f = faces[j];
        PetscInt       support_size;
        PetscReal      length, centroid[3], off = 0;

        if (f < fStart || f >= fEnd) {
          counts[11]++;
          continue;
        }
        PetscCall(DMPlexGetSupportSize(dm, f, &support_size));
        if (support_size != 1) counts[11]++;
        if (leaf[f]) continue;
        PetscCall(DMPlexComputeCellGeometryFVM(dm, f, &length, centroid, NULL));
        switch (ids[i]) {
        case DIO_BOUNDARY_SURFACE:
          off = centroid[1] - opts->surface_elevation_m;
          break;
        case DIO_BOUNDARY_BASE:
          off = centroid[1] - opts->base_elevation_m;
          break;
        case DIO_BOUNDARY_WEST:
          off = centroid[0] + opts->half_width_m;
          break;
        default:
          off = centroid[0] - opts->half_width_m;
        }
        if (PetscAbsReal(off) > tol) counts[10]++;
        counts[12 + ids[i] - 1]++;
        reals[3 + ids[i] - 1] += length;
      }
      PetscCall(ISRestoreIndices(stratum, &faces));
      PetscCall(ISDestroy(&stratum));
    }
    PetscCall(ISRestoreIndices(values, &ids));
    PetscCall(ISDestroy(&values));
  }
  PetscCall(PetscFree(leaf));

  PetscCallMPI(MPI_Allreduce(counts, counts_global, 16, MPIU_INT, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(reals, reals_global, 8, MPIU_REAL, MPI_SUM, comm));
  sum->num_cells      = counts_global[0];
  sum->num_core       = counts_global[1];
  sum->num_ring       = counts_global[2];
  sum->num_unlabelled = counts_global[3];
  sum->bad_cells      = counts_global[4];
  sum->bad_layers     = counts_global[5];
  sum->bad_tunnel     = counts_global[6];
  for (PetscInt k = 0; k < 3; k++) sum->layer_count[k] = counts_global[7 + k];
  sum->off_side      = counts_global[10];
  sum->foreign_faces = counts_global[11];
  for (PetscInt b = 1; b <= 4; b++) {
    sum->num_faces[b]   = counts_global[12 + b - 1];
    sum->face_length[b] = reals_global[3 + b - 1];
  }
  sum->area      = reals_global[0];
  sum->core_area = reals_global[1];
  sum->ring_area = reals_global[2];
  PetscFunctionReturn(0);
}

/* Builds a section and asserts everything that holds for any valid one (tests 1, 3, 4, 5). */
static void CheckSection(const Section *section, const char *const pairs[], const char label[], Summary *sum)
{
  DioTransverseOptions opts;
  DioLayerStack        layers;
  DM                   dm;
  const char          *name;
  PetscInt             N, n_side;
  PetscReal            width, height;

  CK_PETSC(OptionsFrom(section, pairs, &opts));
  ThreeLayers(section, &layers);
  CK_PETSC(DioMeshCreateTransverse(PETSC_COMM_WORLD, &opts, &layers, &dm));
  CK_PETSC(PetscObjectGetName((PetscObject)dm, &name));
  ck_assert_str_eq(name, "transverse");
  CK_PETSC(Summarize(dm, &opts, &layers, sum));
  CK_PETSC(DMDestroy(&dm));

  N      = opts.cells_around << opts.refine;
  n_side = N / 4;
  width  = 2 * opts.half_width_m;
  height = opts.surface_elevation_m - opts.base_elevation_m;
  CK_PETSC(PetscPrintf(PETSC_COMM_WORLD,
                       "transverse %s: %" PetscInt_FMT " cells (%" PetscInt_FMT " core, %" PetscInt_FMT
                       " lining, %" PetscInt_FMT " ground), %" PetscInt_FMT " around\n",
                       label, sum->num_cells, sum->num_core, sum->num_ring, sum->num_unlabelled, N));
  /* 1: the O-grid tiles the rectangle */
  ck_assert_double_eq_tol(sum->area, width * height, AREA_RTOL * width * height);
  /* 3: valid cells, the lining's count */
  ck_assert_int_eq(sum->bad_cells, 0);
  ck_assert_int_eq(sum->num_ring, N * (opts.cells_lining << opts.refine));
  ck_assert_int_eq(sum->num_core + sum->num_ring + sum->num_unlabelled, sum->num_cells);
  ck_assert_int_gt(sum->num_core, (N / 4) * (N / 4));
  ck_assert_int_eq(sum->bad_tunnel, 0);
  /* 4: boundary faces */
  ck_assert_int_eq(sum->foreign_faces, 0);
  ck_assert_int_eq(sum->off_side, 0);
  ck_assert_int_eq(sum->num_faces[DIO_BOUNDARY_SURFACE], n_side);
  ck_assert_int_eq(sum->num_faces[DIO_BOUNDARY_BASE], n_side);
  ck_assert_int_eq(sum->num_faces[DIO_BOUNDARY_WEST], n_side);
  ck_assert_int_eq(sum->num_faces[DIO_BOUNDARY_EAST], n_side);
  ck_assert_double_eq_tol(sum->face_length[DIO_BOUNDARY_SURFACE], width, AREA_RTOL * width);
  ck_assert_double_eq_tol(sum->face_length[DIO_BOUNDARY_BASE], width, AREA_RTOL * width);
  ck_assert_double_eq_tol(sum->face_length[DIO_BOUNDARY_WEST], height, AREA_RTOL * height);
  ck_assert_double_eq_tol(sum->face_length[DIO_BOUNDARY_EAST], height, AREA_RTOL * height);
  /* 5: layers, each of the three present */
  ck_assert_int_eq(sum->bad_layers, 0);
  for (PetscInt k = 0; k < 3; k++) ck_assert_int_gt(sum->layer_count[k], 0);
  ck_assert_int_eq(sum->layer_count[0] + sum->layer_count[1] + sum->layer_count[2], sum->num_cells);
}

START_TEST(test_kirsch)
{
  Summary sum;

  CheckSection(&Kirsch, NULL, "Kirsch square (defaults)", &sum);
}
END_TEST

START_TEST(test_bering)
{
  const char *const pairs[] = {"-mesh_half_width", "150", NULL};
  Summary           sum;

  CheckSection(&Bering, pairs, "Bering shallow", &sum);
}
END_TEST

START_TEST(test_options_read)
{
  const char *const    pairs[] = {"-mesh_half_width",
                                  "60",
                                  "-mesh_cells_around",
                                  "32",
                                  "-mesh_cells_lining",
                                  "3",
                                  "-mesh_growth",
                                  "1.3",
                                  "-mesh_refine",
                                  "1",
                                  NULL};
  DioTransverseOptions opts;
  Summary              sum;

  CK_PETSC(OptionsFrom(&Kirsch, pairs, &opts));
  ck_assert_double_eq(opts.half_width_m, 60);
  ck_assert_int_eq(opts.cells_around, 32);
  ck_assert_int_eq(opts.cells_lining, 3);
  ck_assert_double_eq(opts.growth, 1.3);
  ck_assert_int_eq(opts.refine, 1);
  /* the geometry stays as set */
  ck_assert_double_eq(opts.radius_m, Kirsch.radius);
  ck_assert_double_eq(opts.base_elevation_m, Kirsch.base);
  CheckSection(&Kirsch, pairs, "Kirsch 60 m, 32 around, 3 across, refined once", &sum);
  /* uniform ground cells and the smallest circumference */
  {
    const char *const uniform[] = {"-mesh_growth", "1", "-mesh_cells_around", "16", "-mesh_cells_lining", "1", NULL};

    CheckSection(&Bering, uniform, "Bering uniform ground, 16 around", &sum);
  }
}
END_TEST

/* Equal tops make an empty layer (a zero weathered thickness, say): it builds and the layer has no cells. */
START_TEST(test_empty_layer)
{
  DioTransverseOptions opts;
  DioLayerStack        layers;
  DM                   dm;
  Summary              sum;

  CK_PETSC(OptionsFrom(&Bering, NULL, &opts));
  ThreeLayers(&Bering, &layers);
  layers.top_elevation_m[2] = layers.top_elevation_m[1];
  CK_PETSC(DioMeshCreateTransverse(PETSC_COMM_WORLD, &opts, &layers, &dm));
  CK_PETSC(Summarize(dm, &opts, &layers, &sum));
  CK_PETSC(DMDestroy(&dm));
  ck_assert_int_eq(sum.bad_layers, 0);
  ck_assert_int_eq(sum.layer_count[1], 0);
  ck_assert_int_eq(sum.layer_count[0] + sum.layer_count[2], sum.num_cells);
}
END_TEST

/* 2: the tunnel's areas are those of the inscribed polygons, and converge to the circles' at second order. */
START_TEST(test_tunnel_area_convergence)
{
  const PetscReal R = Kirsch.radius, Ri = Kirsch.radius - Kirsch.lining;
  PetscReal       ring_error[2], core_error[2];

  for (PetscInt refine = 0; refine < 2; refine++) {
    const char *const pairs[] = {"-mesh_refine", refine == 0 ? "0" : "1", NULL};
    Summary           sum;
    PetscReal         N, polygon;

    CheckSection(&Kirsch, pairs, refine == 0 ? "Kirsch refine 0" : "Kirsch refine 1", &sum);
    N       = 48 << refine;
    polygon = 0.5 * N * PetscSinReal(2 * PETSC_PI / N);
    ck_assert_double_eq_tol(sum.ring_area, polygon * (R * R - Ri * Ri), 1e-12 * R * R);
    ck_assert_double_eq_tol(sum.core_area, polygon * Ri * Ri, 1e-12 * R * R);
    ring_error[refine] = PETSC_PI * (R * R - Ri * Ri) - sum.ring_area;
    core_error[refine] = PETSC_PI * Ri * Ri - sum.core_area;
    ck_assert_double_gt(ring_error[refine], 0);
    ck_assert_double_gt(core_error[refine], 0);
  }
  CK_PETSC(PetscPrintf(PETSC_COMM_WORLD, "tunnel area errors: ring %g -> %g (ratio %.4f), core %g -> %g (ratio %.4f)\n",
                       (double)ring_error[0], (double)ring_error[1], (double)(ring_error[0] / ring_error[1]),
                       (double)core_error[0], (double)core_error[1], (double)(core_error[0] / core_error[1])));
  ck_assert_double_eq_tol(ring_error[0] / ring_error[1], 4, 0.01);
  ck_assert_double_eq_tol(core_error[0] / core_error[1], 4, 0.01);
}
END_TEST

/* Expects DioTransverseOptionsSetFromOptions() (layers == NULL) or DioMeshCreateTransverse() to fail with
   PETSC_ERR_USER_INPUT and a message containing fragment. */
static void ExpectError(const Section *section, const char *const pairs[], const DioLayerStack *layers,
                        const char fragment[])
{
  DioTransverseOptions opts;
  DM                   dm = NULL;
  PetscErrorCode       ierr;
  char                *message = NULL;

  if (layers != NULL) CK_PETSC(OptionsFrom(section, pairs, &opts));
  CK_PETSC(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  if (layers == NULL)
    ierr = OptionsFrom(section, pairs, &opts);
  else
    ierr = DioMeshCreateTransverse(PETSC_COMM_WORLD, &opts, layers, &dm);
  CK_PETSC(PetscPopErrorHandler());
  ck_assert_ptr_null(dm);
  ck_assert_int_eq(ierr, PETSC_ERR_USER_INPUT);
  CK_PETSC(PetscErrorMessage(ierr, NULL, &message));
  ck_assert_msg(strstr(message, fragment) != NULL, "message '%s' lacks '%s'", message, fragment);
}

/* 6 */
START_TEST(test_errors)
{
  const char *const around[] = {"-mesh_cells_around", "50", NULL};
  const char *const small[]  = {"-mesh_cells_around", "8", NULL};
  const char *const lining[] = {"-mesh_cells_lining", "0", NULL};
  const char *const growth[] = {"-mesh_growth", "2.5", NULL};
  const char *const width[]  = {"-mesh_half_width", "9", NULL};
  const char *const refine[] = {"-mesh_refine", "-1", NULL};
  const char *const huge[]   = {"-mesh_refine", "8", "-mesh_cells_around", "4096", NULL};
  Section           thick = Kirsch, no_cover = Kirsch, high_base = Kirsch, no_radius = Kirsch;
  DioLayerStack     layers;

  thick.lining = thick.radius;
  ExpectError(&thick, NULL, NULL, "lining_thickness_m = 5");
  no_radius.radius = 0;
  ExpectError(&no_radius, NULL, NULL, "radius_m = 0");
  /* crown at 5 m: the cover must be at least max(0.5 m, 0.5 m) */
  no_cover.surface = 5.4;
  ExpectError(&no_cover, NULL, NULL, "surface_elevation_m = 5.4");
  high_base.base = -9;
  ExpectError(&high_base, NULL, NULL, "base_elevation_m = -9");
  ExpectError(&Kirsch, around, NULL, "-mesh_cells_around 50: must be a multiple of 8 and >= 16");
  ExpectError(&Kirsch, small, NULL, "-mesh_cells_around 8");
  ExpectError(&Kirsch, lining, NULL, "-mesh_cells_lining 0: must be >= 1");
  ExpectError(&Kirsch, growth, NULL, "-mesh_growth 2.5");
  ExpectError(&Kirsch, width, NULL, "-mesh_half_width 9");
  ExpectError(&Kirsch, refine, NULL, "-mesh_refine -1");

  ThreeLayers(&Kirsch, &layers);
  layers.top_elevation_m[2] = layers.top_elevation_m[1] + 1;
  ExpectError(&Kirsch, NULL, &layers, "top_elevation_m[2]");
  ThreeLayers(&Kirsch, &layers);
  layers.num_layers = 0;
  ExpectError(&Kirsch, NULL, &layers, "num_layers = 0");
  layers.num_layers = 17;
  ExpectError(&Kirsch, NULL, &layers, "num_layers = 17");
  ThreeLayers(&Kirsch, &layers);
  layers.layer_id[1] = -1;
  ExpectError(&Kirsch, NULL, &layers, "layer_id[1] = -1");
  /* valid options, but 4 (1024^2 + 4096 (341 + 2 + 56)) 4^8 = 7e11 points: refused before anything is allocated */
  ThreeLayers(&Kirsch, &layers);
  ExpectError(&Kirsch, huge, &layers, "mesh points are more than PetscInt");
}
END_TEST

int main(int argc, char **argv)
{
  const TTest *const tests[] = {test_kirsch,      test_bering, test_options_read, test_tunnel_area_convergence,
                                test_empty_layer, test_errors};
  Suite             *suite   = suite_create("mesh_transverse");

  DioTestAddCase(suite, "transverse", tests, sizeof(tests) / sizeof(tests[0]), 120);
  return DioTestMain(&argc, &argv, suite);
}
