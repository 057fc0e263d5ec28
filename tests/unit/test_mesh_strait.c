/* SPDX-License-Identifier: BSD-2-Clause
   test_mesh_strait.c: the strait mesh (mesh/strait.c) and its output topology (mesh/topology.c), on 1 rank and
   under mpiexec. Every check compares a partition-independent quantity summed over ranks:
   - counts: nx * nz cells (2D), nx * ny * nz (3D); surface and base faces nx (* ny), side faces likewise;
   - geometry: top vertices lie on the profile surface; every cell built from the topology's VTK vertex lists has
     positive area (volume); the total area is the integral of (s(x) - base) for the surface s linear between the
     top vertices (a sum of trapezoids), exact up to round-off, hence 1e-9 relative; in 3D the volume is width times it;
   - labels: every cell has a layer in range, equal to the rule of DioMeshCreateStrait() applied to its centroid
     after distribution (so the labels travelled with the cells); boundary ids only on faces. */
#include <check.h>
#include <string.h>
#include <petscdmplex.h>
#include <petscsf.h>
#include "dio_mesh.h"
#include "test_helpers.h"

/* Round-off of sums over at most 1e6 cells of O(1e5) m coordinates. */
#define GEOMETRY_RTOL 1e-9

/* Options for the small test sections: 30-40 km crosses the sea and Big Diomede's west shore. */
static const char *const SmallOptions[] = {"-mesh_x_min",
                                           "30000",
                                           "-mesh_x_max",
                                           "40000",
                                           "-mesh_cell_size_x",
                                           "1000",
                                           "-mesh_cell_size_y",
                                           "50",
                                           "-mesh_cell_size_fine",
                                           "10",
                                           "-mesh_cell_size_coarse",
                                           "100",
                                           "-mesh_cells_above_band",
                                           "4",
                                           NULL};

/* Sets the option pairs, reads them, then clears them so the next test starts from the defaults. */
static PetscErrorCode OptionsFrom(DioProfile profile, const char *const pairs[], const char *const extra[],
                                  DioStraitOptions *opts)
{
  PetscFunctionBegin;
  for (PetscInt i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
    PetscCall(PetscOptionsSetValue(NULL, pairs[i], pairs[i + 1]));
  for (PetscInt i = 0; extra != NULL && extra[i] != NULL; i += 2)
    PetscCall(PetscOptionsSetValue(NULL, extra[i], extra[i + 1]));
  PetscCall(DioStraitOptionsSetFromOptions(PETSC_COMM_WORLD, profile, opts));
  for (PetscInt i = 0; pairs != NULL && pairs[i] != NULL; i += 2) PetscCall(PetscOptionsClearValue(NULL, pairs[i]));
  for (PetscInt i = 0; extra != NULL && extra[i] != NULL; i += 2) PetscCall(PetscOptionsClearValue(NULL, extra[i]));
  PetscFunctionReturn(0);
}

/* Global number of points with this label value that this rank owns (not a leaf of the point SF). */
static PetscErrorCode CountOwnedStratum(DM dm, const char name[], PetscInt value, PetscInt *count)
{
  PetscSF         sf;
  IS              is;
  const PetscInt *points, *leaves;
  PetscInt        n = 0, local = 0, num_leaves;

  PetscFunctionBegin;
  PetscCall(DMGetPointSF(dm, &sf));
  PetscCall(PetscSFGetGraph(sf, NULL, &num_leaves, &leaves, NULL));
  PetscCall(DMGetStratumIS(dm, name, value, &is));
  if (is != NULL) {
    PetscCall(ISGetLocalSize(is, &n));
    PetscCall(ISGetIndices(is, &points));
    for (PetscInt i = 0; i < n; i++) {
      PetscBool leaf = PETSC_FALSE;

      for (PetscInt l = 0; l < num_leaves && !leaf; l++)
        leaf = (leaves != NULL ? leaves[l] : l) == points[i] ? PETSC_TRUE : PETSC_FALSE;
      if (!leaf) local++;
    }
    PetscCall(ISRestoreIndices(is, &points));
    PetscCall(ISDestroy(&is));
  }
  PetscCallMPI(MPI_Allreduce(&local, count, 1, MPIU_INT, MPI_SUM, PetscObjectComm((PetscObject)dm)));
  PetscFunctionReturn(0);
}

/* Signed area of a quadrilateral given in VTK order (shoelace): positive when counter-clockwise. */
static PetscReal QuadArea(const PetscReal v[4][3])
{
  PetscReal a = 0;

  for (PetscInt i = 0; i < 4; i++) a += v[i][0] * v[(i + 1) % 4][1] - v[(i + 1) % 4][0] * v[i][1];
  return 0.5 * a;
}

static PetscReal Det3(const PetscReal a[3], const PetscReal b[3], const PetscReal c[3])
{
  return a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0]);
}

/* Volume of a trilinear hexahedron given in VTK order: 2x2x2 Gauss points integrate its Jacobian (degree <= 2 per
   direction) exactly. */
static PetscReal HexVolume(const PetscReal v[8][3])
{
  /* VTK corner i sits at reference (r, s, t) in {0, 1}^3 */
  const PetscInt  r[8] = {0, 1, 1, 0, 0, 1, 1, 0}, s[8] = {0, 0, 1, 1, 0, 0, 1, 1}, t[8] = {0, 0, 0, 0, 1, 1, 1, 1};
  const PetscReal g[2]   = {0.5 - 0.5 / PetscSqrtReal(3.0), 0.5 + 0.5 / PetscSqrtReal(3.0)};
  PetscReal       volume = 0;

  for (PetscInt q = 0; q < 8; q++) {
    const PetscReal xi[3]   = {g[q & 1], g[(q >> 1) & 1], g[(q >> 2) & 1]};
    PetscReal       J[3][3] = {{0}};

    for (PetscInt i = 0; i < 8; i++) {
      const PetscReal w[3]  = {r[i] ? xi[0] : 1 - xi[0], s[i] ? xi[1] : 1 - xi[1], t[i] ? xi[2] : 1 - xi[2]};
       const PetscReal dw[3] = {r[i] ? 1 : -1, s[i] ? 1 : -1, t[i] ? 1 : -1};
      const PetscReal dN[3] = {dw[0] * w[1] * w[2], w[0] * dw[1] * w[2], w[0] * w[1] * dw[2]};

      for (PetscInt d = 0; d < 3; d++)
        for (PetscInt k = 0; k < 3; k++) J[d][k] += dN[d] * v[i][k];
    }
    volume += Det3(J[0], J[1], J[2]) / 8;
  }
  return volume;
}

/* The layer rule of DioMeshCreateStrait(), recomputed from a centroid. */
static PetscErrorCode ExpectedLayer(DioProfile profile, const DioStraitOptions *opts, PetscReal x, PetscReal z,
                                    PetscInt *layer)
{
  DioProfileSample sample;
  PetscReal        depth;

  PetscFunctionBegin;
  PetscCall(DioProfileSampleAt(profile, x, &sample));
  depth = sample.surface_elevation_m - z;
  if (depth < sample.sediment_thickness_m)
    *layer = sample.surface_elevation_m < 0 ? DIO_LAYER_SEABED_SEDIMENT : DIO_LAYER_COASTAL_SEDIMENT;
  else if (depth < sample.sediment_thickness_m + opts->weathered_thickness_m) *layer = DIO_LAYER_WEATHERED_ROCK;
  else *layer = sample.bedrock_layer;
  PetscFunctionReturn(0);
}

typedef struct {
  PetscInt  num_cells, num_faces[DIO_BOUNDARY_COUNT + 1]; /* global */
  PetscInt  num_layer_values;                             /* distinct layer ids seen */
  PetscInt  bad_layers, bad_orientation, off_surface;     /* global counts of failures */
  PetscInt  num_permafrost;
  PetscReal measure; /* total area (2D) or volume (3D) */
  PetscReal expected_measure;
} StraitSummary;

/* Everything the tests assert, reduced over the ranks. */
static PetscErrorCode SummarizeStrait(DM dm, DioProfile profile, const DioStraitOptions *opts, StraitSummary *sum)
{
  MPI_Comm        comm = PetscObjectComm((PetscObject)dm);
  DioMeshTopology topo;
  DM              cdm;
  PetscSection    cs;
  Vec             coordinates;
  DMLabel         layer_label;
  PetscReal      *all_coords, local_measure = 0, dx;
  PetscInt        num_layers, cStart, cEnd, fStart, fEnd, nx, local[4] = {0, 0, 0, 0}, global[4], seen[64] = {0},
                                                       seen_global[64];
  PetscMPIInt    size, *counts, *displs;
  const PetscInt dim = opts->dim;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(sum, sizeof(*sum)));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(DioProfileGetLayers(profile, &num_layers, NULL));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(DMPlexGetHeightStratum(dm, 1, &fStart, &fEnd));
  for (PetscInt b = 1; b <= DIO_BOUNDARY_COUNT; b++)
    PetscCall(CountOwnedStratum(dm, DIO_LABEL_BOUNDARY, b, &sum->num_faces[b]));
  PetscCall(CountOwnedStratum(dm, DIO_LABEL_PERMAFROST, 1, &sum->num_permafrost));

  /* boundary ids only on faces, only ours */
  {
    DMLabel         label;
    IS              values;
    PetscInt        n;
    const PetscInt *v;

    PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &label));
    PetscCall(DMLabelGetValueIS(label, &values));
    PetscCall(ISGetLocalSize(values, &n));
    PetscCall(ISGetIndices(values, &v));
    for (PetscInt i = 0; i < n; i++) {
      PetscInt pStart, pEnd;

      if (v[i] < 1 || v[i] > (dim == 2 ? DIO_BOUNDARY_EAST : DIO_BOUNDARY_NORTH)) local[0]++;
      PetscCall(DMLabelGetStratumBounds(label, v[i], &pStart, &pEnd));
      if (pEnd > pStart && (pStart < fStart || pEnd > fEnd)) local[0]++;
    }
    PetscCall(ISRestoreIndices(values, &v));
    PetscCall(ISDestroy(&values));
  }

  /* layers: in range and equal to the rule at the centroid computed here, after distribution */
  PetscCall(DMGetLabel(dm, DIO_LABEL_LAYER, &layer_label));
  PetscCall(DMGetCoordinateDM(dm, &cdm));
  PetscCall(DMGetCoordinateSection(dm, &cs));
  PetscCall(DMGetCoordinatesLocal(dm, &coordinates));
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscScalar *x = NULL;
    PetscInt     n, layer, expected = -1;
    PetscReal    centroid[3] = {0, 0, 0};

    PetscCall(DMPlexVecGetClosure(cdm, cs, coordinates, c, &n, &x));
    for (PetscInt i = 0; i < n; i++) centroid[i % dim] += PetscRealPart(x[i]) * dim / n;
    PetscCall(DMPlexVecRestoreClosure(cdm, cs, coordinates, c, &n, &x));
    PetscCall(DMLabelGetValue(layer_label, c, &layer));
    PetscCall(ExpectedLayer(profile, opts, centroid[0], centroid[dim - 1], &expected));
    if (layer < 0 || layer >= num_layers || layer != expected) local[1]++;
    else if (layer < 64) seen[layer] = 1;
  }

  /* top vertices on the profile surface */
  {
    IS              faces;
    const PetscInt *f;
    PetscInt        n = 0;

    PetscCall(DMGetStratumIS(dm, DIO_LABEL_BOUNDARY, DIO_BOUNDARY_SURFACE, &faces));
    if (faces != NULL) {
      PetscCall(ISGetLocalSize(faces, &n));
      PetscCall(ISGetIndices(faces, &f));
    }
    for (PetscInt i = 0; i < n; i++) {
      PetscScalar *x = NULL;
      PetscInt     nc;

      PetscCall(DMPlexVecGetClosure(cdm, cs, coordinates, f[i], &nc, &x));
      for (PetscInt v = 0; v < nc / dim; v++) {
        DioProfileSample sample;

        PetscCall(DioProfileSampleAt(profile, PetscRealPart(x[v * dim]), &sample));
        if (PetscAbsReal(PetscRealPart(x[v * dim + dim - 1]) - sample.surface_elevation_m) >
            1e-9 * (1 + PetscAbsReal(sample.surface_elevation_m)))
          local[2]++;
      }
      PetscCall(DMPlexVecRestoreClosure(cdm, cs, coordinates, f[i], &nc, &x));
    }
    if (faces != NULL) {
      PetscCall(ISRestoreIndices(faces, &f));
      PetscCall(ISDestroy(&faces));
    }
  }

  /* orientation and measure from the topology; every rank needs all coordinates to resolve global ids */
  PetscCall(DioMeshTopologyCreate(dm, &topo));
  ck_assert_int_eq(topo.dim, dim);
  ck_assert_int_eq(topo.num_cells, cEnd - cStart);
  PetscCall(PetscMalloc3(3 * topo.num_vertices_global, &all_coords, size, &counts, size, &displs));
  {
    PetscMPIInt n = (PetscMPIInt)(3 * topo.num_vertices), offset = (PetscMPIInt)(3 * topo.vertex_offset);

    PetscCallMPI(MPI_Allgather(&n, 1, MPI_INT, counts, 1, MPI_INT, comm));
    PetscCallMPI(MPI_Allgather(&offset, 1, MPI_INT, displs, 1, MPI_INT, comm));
    PetscCallMPI(MPI_Allgatherv(topo.vertex_coords, n, MPIU_REAL, all_coords, counts, displs, MPIU_REAL, comm));
  }
  for (PetscInt c = 0; c < topo.num_cells; c++) {
    PetscReal v[8][3];

    for (PetscInt i = 0; i < topo.vertices_per_cell; i++) {
      const PetscInt id = topo.cell_vertices[c * topo.vertices_per_cell + i];

      ck_assert_int_ge(id, 0);
      ck_assert_int_lt(id, topo.num_vertices_global);
      for (PetscInt d = 0; d < 3; d++) v[i][d] = all_coords[3 * id + d];
    }
    if (dim == 2) {
      const PetscReal area = QuadArea((const PetscReal(*)[3])v);

      if (!(area > 0)) local[3]++;
      local_measure += area;
    } else {
      /* the Jacobian at VTK vertex 0 spans the edges to vertices 1, 3 and 4 */
      PetscReal e1[3], e3[3], e4[3];

      for (PetscInt d = 0; d < 3; d++) {
        e1[d] = v[1][d] - v[0][d];
        e3[d] = v[3][d] - v[0][d];
        e4[d] = v[4][d] - v[0][d];
      }
      if (!(Det3(e1, e3, e4) > 0) || !(HexVolume((const PetscReal(*)[3])v) > 0)) local[3]++;
      local_measure += HexVolume((const PetscReal(*)[3])v);
    }
  }
  sum->num_cells = topo.num_cells_global;
  PetscCall(PetscFree3(all_coords, counts, displs));
  PetscCall(DioMeshTopologyDestroy(&topo));

  PetscCallMPI(MPI_Allreduce(local, global, 4, MPIU_INT, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(seen, seen_global, 64, MPIU_INT, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(&local_measure, &sum->measure, 1, MPIU_REAL, MPI_SUM, comm));
  ck_assert_int_eq(global[0], 0); /* foreign boundary ids or non-face points in the boundary label */
  sum->bad_layers      = global[1];
  sum->off_surface     = global[2];
  sum->bad_orientation = global[3];
  for (PetscInt l = 0; l < 64; l++) sum->num_layer_values += seen_global[l];

  /* trapezoids between the top vertices x_i = x_min + i dx */
  nx = (PetscInt)PetscCeilReal(
    (opts->x_max_m - opts->x_min_m) / (opts->cell_size_x_m * PetscPowReal(0.5, (PetscReal)opts->refine)) - 1e-9);
  dx = (opts->x_max_m - opts->x_min_m) / nx;
  for (PetscInt i = 0; i < nx; i++) {
    DioProfileSample a, b;

    PetscCall(DioProfileSampleAt(profile, opts->x_min_m + i * dx, &a));
    PetscCall(DioProfileSampleAt(profile, i + 1 == nx ? opts->x_max_m : opts->x_min_m + (i + 1) * dx, &b));
    sum->expected_measure += 0.5 * dx * (a.surface_elevation_m + b.surface_elevation_m - 2 * opts->base_elevation_m);
  }
  if (dim == 3) sum->expected_measure *= opts->width_m;
  PetscFunctionReturn(0);
}

static void CheckSmallStrait(PetscInt dim, const char *const extra[])
{
  DioProfile       profile;
  DioStraitOptions opts;
  DM               dm;
  StraitSummary    sum;
  const char      *name;
  PetscInt         nx, ny = 1, nz, n_band, n_above;

  CK_PETSC(DioProfileCreateDefault(PETSC_COMM_WORLD, &profile));
  CK_PETSC(OptionsFrom(profile, SmallOptions, extra, &opts));
  opts.dim = dim; /* set directly, as a caller may */
  CK_PETSC(DioMeshCreateStrait(PETSC_COMM_WORLD, profile, &opts, &dm));
  CK_PETSC(PetscObjectGetName((PetscObject)dm, &name));
  ck_assert_str_eq(name, "strait");
  CK_PETSC(SummarizeStrait(dm, profile, &opts, &sum));

  nx = 10;              /* 10 km / 1000 m */
  if (dim == 3) ny = 4; /* 200 m / 50 m */
  ck_assert_int_eq(sum.num_faces[DIO_BOUNDARY_SURFACE], nx * ny);
  ck_assert_int_eq(sum.num_faces[DIO_BOUNDARY_BASE], nx * ny);
  nz = sum.num_faces[DIO_BOUNDARY_WEST] / ny;
  ck_assert_int_eq(sum.num_faces[DIO_BOUNDARY_WEST], ny * nz);
  ck_assert_int_eq(sum.num_faces[DIO_BOUNDARY_EAST], ny * nz);
  ck_assert_int_eq(sum.num_faces[DIO_BOUNDARY_SOUTH], dim == 3 ? nx * nz : 0);
  ck_assert_int_eq(sum.num_faces[DIO_BOUNDARY_NORTH], dim == 3 ? nx * nz : 0);
  ck_assert_int_eq(sum.num_cells, nx * ny * nz);
  /* the band holds 2 * half height / fine cells, above it cells_above_band; the graded zone between band bottom and
     base (470 m by default) has at least 470 / coarse and at most 470 / fine cells */
  n_band  = (PetscInt)(2 * opts.band_half_height_m / opts.cell_size_fine_m + 0.5);
  n_above = opts.cells_above_band;
  ck_assert_int_ge(nz - n_band - n_above, (PetscInt)PetscCeilReal(470.0 / opts.cell_size_coarse_m));
  ck_assert_int_le(nz - n_band - n_above, (PetscInt)(470.0 / opts.cell_size_fine_m));
  ck_assert_int_eq(sum.bad_layers, 0);
  ck_assert_int_ge(sum.num_layer_values, 2);
  ck_assert_int_gt(sum.num_permafrost, 0); /* under Big Diomede's shore */
  ck_assert_int_eq(sum.off_surface, 0);
  ck_assert_int_eq(sum.bad_orientation, 0);
  ck_assert_double_eq_tol(sum.measure, sum.expected_measure, GEOMETRY_RTOL * sum.expected_measure);
  CK_PETSC(DMDestroy(&dm));
  CK_PETSC(DioProfileDestroy(&profile));
}

START_TEST(test_strait_2d)
{
  CheckSmallStrait(2, NULL);
}
END_TEST

START_TEST(test_strait_3d)
{
  CheckSmallStrait(3, NULL);
}
END_TEST

/* A band top above the shallowest seabed (-45.7 m at 30 km) less the cover is clamped there; cells stay valid. */
START_TEST(test_strait_band_clamped)
{
  const char *const extra[] = {"-mesh_axis_elevation", "-80", NULL};

  CheckSmallStrait(2, extra);
}
END_TEST

START_TEST(test_strait_refined)
{
  const char *const extra[] = {"-mesh_refine", "1", NULL};

  DioProfile       profile;
  DioStraitOptions opts;
  DM               dm;
  StraitSummary    sum;

  CK_PETSC(DioProfileCreateDefault(PETSC_COMM_WORLD, &profile));
  CK_PETSC(OptionsFrom(profile, SmallOptions, extra, &opts));
  ck_assert_int_eq(opts.refine, 1);
  CK_PETSC(DioMeshCreateStrait(PETSC_COMM_WORLD, profile, &opts, &dm));
  CK_PETSC(SummarizeStrait(dm, profile, &opts, &sum));
  ck_assert_int_eq(sum.num_faces[DIO_BOUNDARY_SURFACE], 20); /* 10 km / 500 m */
  ck_assert_int_eq(sum.bad_orientation, 0);
  ck_assert_double_eq_tol(sum.measure, sum.expected_measure, GEOMETRY_RTOL * sum.expected_measure);
  CK_PETSC(DMDestroy(&dm));
  CK_PETSC(DioProfileDestroy(&profile));
}
END_TEST

static void ExpectOptionsError(const char *const extra[], const char fragment[])
{
  DioProfile       profile;
  DioStraitOptions opts;
  PetscErrorCode   ierr;
  char            *message = NULL;

  CK_PETSC(DioProfileCreateDefault(PETSC_COMM_WORLD, &profile));
  CK_PETSC(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = OptionsFrom(profile, SmallOptions, extra, &opts);
  CK_PETSC(PetscPopErrorHandler());
  /* an error leaves the options set: clear them for the next test */
  for (PetscInt i = 0; SmallOptions[i] != NULL; i += 2) CK_PETSC(PetscOptionsClearValue(NULL, SmallOptions[i]));
  for (PetscInt i = 0; extra[i] != NULL; i += 2) CK_PETSC(PetscOptionsClearValue(NULL, extra[i]));
  ck_assert_int_eq(ierr, PETSC_ERR_USER_INPUT);
  CK_PETSC(PetscErrorMessage(ierr, NULL, &message));
  ck_assert_msg(strstr(message, fragment) != NULL, "message '%s' lacks '%s'", message, fragment);
  CK_PETSC(DioProfileDestroy(&profile));
}

START_TEST(test_options_errors)
{
  const char *const dim[]   = {"-mesh_dim", "4", NULL};
  const char *const size[]  = {"-mesh_cell_size_x", "-1", NULL};
  const char *const range[] = {"-mesh_x_max", "200000", NULL};
  const char *const base[]  = {"-mesh_base_elevation", "-120", NULL};
  const char *const axis[]  = {"-mesh_axis_elevation", "-20", NULL};

  ExpectOptionsError(dim, "-mesh_dim 4: must be 2 or 3");
  /* PETSc prints %g with a decimal point ("-1."): match up to the number */
  ExpectOptionsError(size, "-mesh_cell_size_x -1");
  ExpectOptionsError(range, "-mesh_x_max 200000");
  ExpectOptionsError(base, "-mesh_base_elevation -120");
  /* band bottom -50 m, surface at 30 km -45.67 m: the first violation is the west end */
  ExpectOptionsError(axis, "at x = 30000");
}
END_TEST

/* The default section: the whole profile with default options. Its size and build time go to stderr for the record;
   nothing is asserted on time. */
START_TEST(test_strait_default)
{
  DioProfile       profile;
  DioStraitOptions opts;
  DM               dm;
  DioMeshTopology  topo;
  PetscLogDouble   start, end;

  CK_PETSC(DioProfileCreateDefault(PETSC_COMM_WORLD, &profile));
  CK_PETSC(DioStraitOptionsSetFromOptions(PETSC_COMM_WORLD, profile, &opts));
  CK_PETSC(PetscTime(&start));
  CK_PETSC(DioMeshCreateStrait(PETSC_COMM_WORLD, profile, &opts, &dm));
  CK_PETSC(PetscTime(&end));
  CK_PETSC(DioMeshTopologyCreate(dm, &topo));
  CK_PETSC(PetscFPrintf(PETSC_COMM_WORLD, PETSC_STDERR,
                        "default 2D strait: %" PetscInt_FMT " cells, %" PetscInt_FMT " vertices, built in %.2f s\n",
                        topo.num_cells_global, topo.num_vertices_global, end - start));
  ck_assert_int_ge(topo.num_cells_global, 100000);
  ck_assert_int_le(topo.num_cells_global, 600000);
  CK_PETSC(DioMeshTopologyDestroy(&topo));
  CK_PETSC(DMDestroy(&dm));
  CK_PETSC(DioProfileDestroy(&profile));
}
END_TEST

int main(int argc, char **argv)
{
  const TTest *const small[] = {test_strait_2d, test_strait_3d, test_strait_band_clamped, test_strait_refined,
                                test_options_errors};
  const TTest *const large[] = {test_strait_default};
  Suite             *suite   = suite_create("mesh_strait");

  DioTestAddCase(suite, "small", small, sizeof(small) / sizeof(small[0]), 0);
  DioTestAddCase(suite, "default", large, sizeof(large) / sizeof(large[0]), 120);
  return DioTestMain(&argc, &argv, suite);
}
