/* SPDX-License-Identifier: BSD-2-Clause
   mms_elasticity.c: manufactured-solution convergence of the elasticity discretisation.

   Requirement: the L2 error of the displacement converges at the optimal rate, order + 1: a fitted rate >= 1.9 for
   Q1 and >= 2.9 for Q2 over successive uniform refinements (rates 2 and 3 minus a 0.1 pre-asymptotic margin).
   Reference: the exact solution u_i = prod_d sin(k_id pi x_d) on the unit square/cube, zero on the boundary (fixed
   everywhere), with the body force f = -div sigma(u) = -(lambda + mu) grad div u - mu lap u derived analytically
   below; classical a priori estimate ||u - u_h||_L2 = O(h^(p+1)) (e.g. Brenner & Scott, Thm 5.4.8).
   Usage: mms_elasticity -dim 2 -order 1 -levels 4 -n0 4 */
#include <petscdmplex.h>
#include "dio_mesh.h"
#include "dio_material.h"
#include "dio_elasticity.h"

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

/* Unit square/cube with n cells per direction, every boundary face fixed. */
static PetscErrorCode CreateBox(MPI_Comm comm, PetscInt dim, PetscInt n, DM *dm)
{
  const PetscInt faces[3] = {n, n, n};
  DM             dist = NULL;
  DMLabel        label;
  PetscBool      has;

  PetscFunctionBegin;
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
  PetscCall(PetscPrintf(comm, "MMS %dD Q%d: u_i = prod sin(k pi x), all boundaries fixed\n%8s %12s %12s %8s %6s\n", (int)dim, (int)order, "cells/dir", "h",
                        "L2 rel err", "rate", "KSP"));
  for (PetscInt l = 0; l < levels; l++) {
    const PetscInt n = n0 << l;
    DM             dm;
    DioElasticity  elas;
    DioElasLoads   loads = {0, 0, 0, PETSC_FALSE, PETSC_FALSE};
    DioSolveInfo   info;
    Vec            u;
    PetscReal      error, norm;

    PetscCall(CreateBox(comm, dim, n, &dm));
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
