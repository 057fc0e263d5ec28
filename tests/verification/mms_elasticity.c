/* SPDX-License-Identifier: BSD-2-Clause
   mms_elasticity.c: manufactured-solution convergence of the elasticity discretisation.

   Requirement: the L2 error of the displacement converges at the optimal rate, order + 1: a fitted rate >= 1.9 for
   Q1 and P1 and >= 2.9 for Q2 and P2 over successive uniform refinements (rates 2 and 3 minus a 0.1 pre-asymptotic
   margin). With -mesh_file the coarse mesh is a Gmsh mesh of the unit box (tests/data/unit_*.geo), refined uniformly
   for the finer levels (h halves; -n0 only labels the levels). With -simplex the box is cut into triangles (two per
   square) or tetrahedra (six per cube, Kuhn's subdivision, half of them of negative orientation), built from a cell
   list since Debian's PETSc has no mesh generator. Reference: the exact solution u_i = prod_d sin(k_id pi x_d) on the
   unit square/cube, zero on the boundary (fixed everywhere), with the body force f = -div sigma(u) = -(lambda + mu)
   grad div u - mu lap u derived analytically below; classical a priori estimate ||u - u_h||_L2 = O(h^(p+1)) (e.g.
   Brenner & Scott, Thm 5.4.8). With -patch it runs the patch test instead, on one mesh of n0 cells per direction whose
   interior vertices are moved off the lattice (by up to 0.2 h): the displacement u = G x + c prescribed on the whole
   boundary, no load; every element reproduces a linear field, so the discrete solution equals it at every node
   (vertices and P2/Q2 edge, face and cell nodes) up to the direct solver's round-off. Requirement: max nodal error <=
   1e-10 of max |u| (LU of a system with condition number below 1e6 leaves ~1e-16 * 1e6). Usage: mms_elasticity -dim 2
   -order 1 -levels 4 -n0 4 [-simplex | -mesh_file unit_square_tri.msh] [-unit_waves] [-patch] */
#include <petscdmplex.h>
#include "dio_mesh.h"
#include "dio_material.h"
#include "dio_elasticity.h"
#include "simplex_box.h"

typedef struct {
  PetscInt  k[3][3]; /* wave numbers per component and direction */
  PetscReal lambda, mu;
} MMSContext;

/* d^n/dx^n of sin(k pi x) for n = 0, 1, 2 */
static double SineDerivative(PetscInt k, double x, PetscInt n)
{
  const double a = (double)k * PETSC_PI;
  return n == 0 ? sin(a * x) : n == 1 ? a * cos(a * x) : -a * a * sin(a * x);
}

/* Derivative of u_i with derivative orders order[d] in each direction. */
static double ExactDerivative(const MMSContext *m, PetscInt dim, PetscInt i, const PetscInt order[], const PetscReal X[])
{
  double value = 1.0;
  for (PetscInt d = 0; d < dim; d++) value *= SineDerivative(m->k[i][d], X[d], order[d]);
  return value;
}

static void Exact(PetscInt dim, const PetscReal X[], PetscReal u[], void *ctx)
{
  const PetscInt none[3] = {0, 0, 0};
  for (PetscInt i = 0; i < dim; i++) u[i] = ExactDerivative((const MMSContext *)ctx, dim, i, none, X);
}

/* f_i = -(lambda + mu) sum_j d_i d_j u_j - mu sum_j d_j d_j u_i */
static void BodyForce(PetscInt dim, const PetscReal X[], PetscReal f[], void *ctx)
{
  const MMSContext *m = (const MMSContext *)ctx;
  for (PetscInt i = 0; i < dim; i++) {
    double grad_div = 0, laplacian = 0;
    for (PetscInt j = 0; j < dim; j++) {
      PetscInt o1[3] = {0, 0, 0}, o2[3] = {0, 0, 0};
      o1[i]++;
      o1[j]++;
      o2[j] += 2;
      grad_div += ExactDerivative(m, dim, j, o1, X);
      laplacian += ExactDerivative(m, dim, i, o2, X);
    }
    f[i] = -(m->lambda + m->mu) * grad_div - m->mu * laplacian;
  }
}

/* The patch test's linear field u = G x + c: non-symmetric G, so strain and rotation are both non-zero. */
static void PatchField(PetscInt dim, const PetscReal X[], PetscReal u[], void *ctx)
{
  const PetscReal G[3][3] = {{0.31, -0.12, 0.07}, {0.25, -0.18, 0.11}, {-0.05, 0.09, 0.22}}, c[3] = {0.4, -0.7, 0.2};
  (void)ctx;
  for (PetscInt i = 0; i < dim; i++) {
    u[i] = 1e-3 * c[i];
    for (PetscInt j = 0; j < dim; j++) u[i] += 1e-3 * G[i][j] * X[j];
  }
}

/* Move the interior vertices of the unit box (n cells per direction) by delta_d = 0.2 h prod_k sin(pi x_k) cos(3 pi
   x_(d+1) + d), zero on the boundary; a pure function of the position, so every rank moves its copies alike. */
static PetscErrorCode DistortInterior(DM dm, PetscInt n)
{
  Vec          coords, moved;
  PetscScalar *x;
  PetscInt     dim, size;

  PetscFunctionBegin;
  PetscCall(DMGetCoordinateDim(dm, &dim));
  PetscCall(DMGetCoordinatesLocal(dm, &coords));
  PetscCall(VecDuplicate(coords, &moved));
  PetscCall(VecCopy(coords, moved));
  PetscCall(VecGetLocalSize(moved, &size));
  PetscCall(VecGetArray(moved, &x));
  for (PetscInt v = 0; v < size / dim; v++) {
    PetscReal X[3], bump = 0.2 / n;
    for (PetscInt d = 0; d < dim; d++) X[d] = PetscRealPart(x[v * dim + d]);
    for (PetscInt d = 0; d < dim; d++) bump *= PetscSinReal(PETSC_PI * X[d]);
    for (PetscInt d = 0; d < dim; d++) x[v * dim + d] += bump * PetscCosReal(3 * PETSC_PI * X[(d + 1) % dim] + d);
  }
  PetscCall(VecRestoreArray(moved, &x));
  PetscCall(DMSetCoordinatesLocal(dm, moved));
  PetscCall(VecDestroy(&moved));
  PetscFunctionReturn(0);
}

/* The patch test (see the top): max over the nodes of |u_h - u| / max |u|. */
static PetscErrorCode RunPatchTest(MPI_Comm comm, DM dm, PetscInt order, DioMaterialTable materials, PetscReal *error)
{
  DioElasticity      elas;
  DioElasLoads       loads = {0, 0, 0, PETSC_FALSE, PETSC_FALSE};
  DioSolveInfo       info;
  DMLabel            label;
  IS                 faces;
  const PetscInt    *points;
  PetscInt           n_faces = 0, size, dim;
  Vec                u, node_coords;
  const PetscScalar *uh, *X;
  PetscReal          local[2] = {0, 0}, global[2];

  PetscFunctionBegin;
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DioElasticityCreate(dm, order, materials, &elas));
  PetscCall(DioElasticitySetLoads(elas, &loads));
  PetscCall(DioElasticitySetUp(elas));
  PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMLabelGetStratumIS(label, DIO_BOUNDARY_BASE, &faces));
  if (faces) PetscCall(ISGetLocalSize(faces, &n_faces));
  if (faces) PetscCall(ISGetIndices(faces, &points));
  PetscCall(DioElasticitySetPrescribedDisplacement(elas, n_faces, faces ? points : NULL, PatchField, NULL));
  if (faces) PetscCall(ISRestoreIndices(faces, &points));
  PetscCall(ISDestroy(&faces));
  PetscCall(DioElasticityCreateGlobalVector(elas, &u));
  PetscCall(DioElasticitySolve(elas, u, &info));
  PetscCall(DioElasticityGetNodeCoordinates(elas, &node_coords));
  PetscCall(VecGetLocalSize(u, &size));
  PetscCall(VecGetArrayRead(u, &uh));
  PetscCall(VecGetArrayRead(node_coords, &X));
  for (PetscInt a = 0; a < size / dim; a++) {
    PetscReal Xa[3] = {0, 0, 0}, ue[3];
    for (PetscInt d = 0; d < dim; d++) Xa[d] = PetscRealPart(X[a * dim + d]);
    PatchField(dim, Xa, ue, NULL);
    for (PetscInt d = 0; d < dim; d++) {
      local[0] = PetscMax(local[0], PetscAbsReal(PetscRealPart(uh[a * dim + d]) - ue[d]));
      local[1] = PetscMax(local[1], PetscAbsReal(ue[d]));
    }
  }
  PetscCall(VecRestoreArrayRead(node_coords, &X));
  PetscCall(VecRestoreArrayRead(u, &uh));
  PetscCall(MPIU_Allreduce(local, global, 2, MPIU_REAL, MPIU_MAX, comm));
  *error = global[0] / global[1];
  PetscCall(VecDestroy(&u));
  PetscCall(DioElasticityDestroy(&elas));
  PetscFunctionReturn(0);
}

/* Unit square/cube with n cells per direction (quads/hexes, or simplices), or the unit box of mesh_file (a Gmsh mesh,
   when not empty) refined `level` times (each triangle into 4, each tetrahedron into 8); every boundary face fixed. */
static PetscErrorCode CreateBox(MPI_Comm comm, PetscInt dim, PetscInt n, PetscBool simplex, const char mesh_file[],
                                PetscInt level, DM *dm)
{
  const PetscInt faces[3] = {n, n, n};
  DM             dist = NULL;
  DMLabel        label;
  PetscBool      has;

  PetscFunctionBegin;
  if (mesh_file[0]) {
    PetscInt file_dim;
    PetscCall(DMPlexCreateFromFile(comm, mesh_file, "mms", PETSC_TRUE, dm));
    PetscCall(DMGetDimension(*dm, &file_dim));
    PetscCheck(file_dim == dim, comm, PETSC_ERR_USER_INPUT, "%s: a %" PetscInt_FMT "D mesh, -dim is %" PetscInt_FMT,
               mesh_file, file_dim, dim);
    for (PetscInt l = 0; l < level; l++) {
      DM refined;
      PetscCall(DMRefine(*dm, comm, &refined));
      PetscCall(DMDestroy(dm));
      *dm = refined;
    }
  } else if (simplex) {
    const PetscInt  cells[3] = {n, n, n};
    const PetscReal lower[3] = {0, 0, 0}, upper[3] = {1, 1, 1};
    PetscCall(SimplexBoxCreate(comm, dim, cells, lower, upper, dm));
  } else
    PetscCall(DMPlexCreateBoxMesh(comm, dim, PETSC_FALSE, faces, NULL, NULL, NULL, PETSC_TRUE, dm));
  /* replace the box mesh's own face numbering by ours */
  PetscCall(DMHasLabel(*dm, DIO_LABEL_BOUNDARY, &has));
  if (has) PetscCall(DMRemoveLabel(*dm, DIO_LABEL_BOUNDARY, NULL));
  PetscCall(DMCreateLabel(*dm, DIO_LABEL_BOUNDARY));
  PetscCall(DMGetLabel(*dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMPlexMarkBoundaryFaces(*dm, DIO_BOUNDARY_BASE, label));
  PetscCall(DMPlexDistribute(*dm, 0, NULL, &dist));
  if (dist) {
    PetscCall(DMDestroy(dm));
    *dm = dist;
  }
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscInt         dim = 2, order = 1, levels = 4, n0 = 4;
  PetscReal        min_rate, h[8], err[8], rate;
  PetscBool        simplex = PETSC_FALSE, unit_waves = PETSC_FALSE, patch = PETSC_FALSE;
  char             mesh_file[PETSC_MAX_PATH_LEN] = "";
  MMSContext       mms = {{{1, 1, 1}, {2, 1, 1}, {1, 1, 2}}, 0, 0};
  const char      *names[] = {"mms"};
  DioMaterialTable materials;
  MPI_Comm         comm;

  PetscCall(PetscInitialize(&argc, &argv, NULL, "manufactured-solution convergence of diomede's elasticity\n"));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-dim", &dim, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-order", &order, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-levels", &levels, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-n0", &n0, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-simplex", &simplex, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-unit_waves", &unit_waves, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-patch", &patch, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-mesh_file", mesh_file, sizeof(mesh_file), NULL));
  if (unit_waves) { /* every wave number 1: the same solution in each component, resolved on coarser meshes */
    for (PetscInt i = 0; i < 3; i++)
      for (PetscInt d = 0; d < 3; d++) mms.k[i][d] = 1;
  }
  PetscCheck(levels >= 2 && levels <= 8, comm, PETSC_ERR_ARG_OUTOFRANGE, "-levels must be in [2, 8]");
  min_rate = order + 1 - 0.1;
  /* a soft rock-like material in SI: the solver's modulus scaling is exercised too */
  PetscCall(PetscOptionsSetValue(NULL, "-materials_mms_youngs_modulus", "2e9"));
  PetscCall(PetscOptionsSetValue(NULL, "-materials_mms_poissons_ratio", "0.3"));
  PetscCall(PetscOptionsSetValue(NULL, "-materials_mms_density", "2000"));
  PetscCall(PetscOptionsSetValue(NULL, "-mech_ksp_rtol", "1e-12"));
  PetscCall(DioMaterialTableCreate(comm, 1, names, &materials));
  {
    const DioLayerMaterial *m;
    PetscCall(DioMaterialTableGetLayer(materials, 0, &m));
    mms.mu     = m->youngs_modulus / (2 * (1 + m->poissons_ratio));
    mms.lambda = m->youngs_modulus * m->poissons_ratio / ((1 + m->poissons_ratio) * (1 - 2 * m->poissons_ratio));
  }
  if (patch) {
    const PetscReal tol = 1e-10;
    DM              dm;
    PetscReal       error = 0;
    PetscCall(PetscOptionsSetValue(NULL, "-mech_ksp_type", "gmres")); /* LU-preconditioned: one iteration, any guess */
    PetscCall(PetscOptionsSetValue(NULL, "-mech_pc_type", "lu"));
    PetscCall(CreateBox(comm, dim, n0, simplex, mesh_file, 0, &dm));
    PetscCall(DistortInterior(dm, n0));
    PetscCall(RunPatchTest(comm, dm, order, materials, &error));
    PetscCall(PetscPrintf(
        comm, "patch test %dD %s%d, %s, distorted: max nodal error %.3e of max |u| (required <= %.0e): %s\n", (int)dim,
        simplex || mesh_file[0] ? "P" : "Q", (int)order, mesh_file[0] ? mesh_file : "box", (double)error, (double)tol,
        error <= tol ? "PASS" : "FAIL"));
    PetscCall(DMDestroy(&dm));
    PetscCall(DioMaterialTableDestroy(&materials));
    PetscCheck(error <= tol, comm, PETSC_ERR_NOT_CONVERGED, "patch test: nodal error %.3e above %.0e", (double)error,
               (double)tol);
    PetscCall(PetscFinalize());
    return 0;
  }
  PetscCall(PetscPrintf(comm, "MMS %dD %s%d%s%s: u_i = prod sin(k pi x), all boundaries fixed\n%8s %12s %12s %8s %6s\n",
                        (int)dim, simplex || mesh_file[0] ? "P" : "Q", (int)order, mesh_file[0] ? " on " : "",
                        mesh_file, "cells/dir", "h", "L2 rel err", "rate", "KSP"));
  for (PetscInt l = 0; l < levels; l++) {
    const PetscInt n = n0 << l;
    DM             dm;
    DioElasticity  elas;
    DioElasLoads   loads = {0, 0, 0, PETSC_FALSE, PETSC_FALSE};
    DioSolveInfo   info;
    Vec            u;
    PetscReal      error, norm;

    PetscCall(CreateBox(comm, dim, n, simplex, mesh_file, l, &dm));
    PetscCall(DioElasticityCreate(dm, order, materials, &elas));
    PetscCall(DioElasticitySetLoads(elas, &loads));
    PetscCall(DioElasticitySetBodyForce(elas, BodyForce, &mms));
    PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_BASE, DIO_BC_FIXED));
    PetscCall(DioElasticitySetUp(elas));
    PetscCall(DioElasticityCreateGlobalVector(elas, &u));
    PetscCall(DioElasticitySolve(elas, u, &info));
    PetscCall(DioElasticityComputeL2Error(elas, u, Exact, &mms, &error, &norm));
    h[l]   = 1.0 / n;
    err[l] = error / norm;
    rate   = l ? PetscLog2Real(err[l - 1] / err[l]) / PetscLog2Real(h[l - 1] / h[l]) : 0;
    PetscCall(PetscPrintf(comm, "%8d %12.4e %12.4e %8.3f %6d\n", (int)n, (double)h[l], (double)err[l], (double)rate, (int)info.iterations));
    PetscCall(VecDestroy(&u));
    PetscCall(DioElasticityDestroy(&elas));
    PetscCall(DMDestroy(&dm));
  }
  {
    /* least-squares slope of log(err) against log(h) */
    PetscReal sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (PetscInt l = 0; l < levels; l++) {
      const PetscReal x = PetscLogReal(h[l]), y = PetscLogReal(err[l]);
      sx += x; sy += y; sxx += x * x; sxy += x * y;
    }
    rate = (levels * sxy - sx * sy) / (levels * sxx - sx * sx);
  }
  PetscCall(PetscPrintf(comm, "fitted L2 rate %.3f (required >= %.1f): %s\n", (double)rate, (double)min_rate, rate >= min_rate ? "PASS" : "FAIL"));
  PetscCall(DioMaterialTableDestroy(&materials));
  PetscCheck(rate >= min_rate, comm, PETSC_ERR_NOT_CONVERGED, "L2 convergence rate %.3f below %.1f", (double)rate, (double)min_rate);
  PetscCall(PetscFinalize());
  return 0;
}
