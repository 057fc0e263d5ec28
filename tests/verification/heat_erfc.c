/* SPDX-License-Identifier: BSD-2-Clause
   heat_erfc.c: transient conduction without phase change against the semi-infinite solid with a step change of its
   surface temperature.

   Requirement: (1) at 7.5, 15 and 30 days the relative L2 error ||T_h - T|| / ||T - T_0|| on the finest level is
   below 1 %; (2) refining h and dt together (both halved per level, fixed steps) the error at 30 days converges with a
   fitted rate >= 0.9 in dt: backward Euler is first order in time (Thomee, Galerkin FEM for parabolic problems, Thm
   7.2: O(dt / t) at t > 0 even for step data), Q1 and Q2 are second order or better in space, so the time error
   dominates and the expected rate is 1 (0.1 pre-asymptotic margin, as for the MMS test).
   Reference: T(d, t) = T_0 + (T_s - T_0) erfc(d / (2 sqrt(alpha t))), d the depth below the surface, alpha = k / C
   (Carslaw & Jaeger, Conduction of heat in solids, 2nd ed., sect. 2.4); ||T - T_0||_L2^2 over a column of width W is
   W (T_s - T_0)^2 2 sqrt(alpha t) (2 - sqrt 2) / sqrt(pi) (the integral of erfc^2 over [0, inf)). The column depth
   (12 m) is 4.3 diffusion lengths 2 sqrt(alpha t) at 30 days: the insulated base changes T there by < 1e-8 K.
   Material: unfrozen seabed sediment of data/materials.csv (k 2.1 W/m/K, C 2.8e6 J/m3/K), no freezing curve.
   Usage: heat_erfc -dim 2 -order 1 -levels 5 -n0 24 -dt0_days 3 */
#include <petscdmplex.h>
#include "dio_heat.h"
#include "heat_common.h"

typedef struct {
  PetscReal T0, Ts, alpha;
} ErfcContext;

static void Exact(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  const ErfcContext *e     = (const ErfcContext *)ctx;
  const PetscReal    depth = -X[dim - 1];
  *value = time > 0 ? e->T0 + (e->Ts - e->T0) * erfc(depth / (2 * PetscSqrtReal(e->alpha * time))) : e->T0;
}

static void Initial(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  *value = ((const ErfcContext *)ctx)->T0;
}

int main(int argc, char **argv)
{
  PetscInt        dim = 2, order = 1, levels = 5, n0 = 24;
  PetscReal       dt0_days = 3.0, depth = 12.0, width = 0.5, min_rate = 0.9, tolerance = 0.01;
  const PetscReal day = 86400.0, times[3] = {7.5 * day, 15 * day, 30 * day};
  PetscReal       dt[8], err[8];
  ErfcContext     ctx = {2.0, -8.0, 0};
  DioHeatMaterial m;
  MPI_Comm        comm;
  PetscBool       pass = PETSC_TRUE;

  PetscFunctionBeginUser;
  PetscCall(
      PetscInitialize(&argc, &argv, NULL, "heat conduction against the erfc solution of the semi-infinite solid\n"));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-dim", &dim, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-order", &order, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-levels", &levels, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-n0", &n0, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-dt0_days", &dt0_days, NULL));
  PetscCheck(levels >= 2 && levels <= 8, comm, PETSC_ERR_ARG_OUTOFRANGE, "-levels must be in [2, 8]");
  PetscCall(DioHeatMaterialFromDefaultTable(comm, "seabed_sediment", DIO_HEAT_CURVE_NONE, &m));
  m.conductivity_frozen = m.conductivity_unfrozen; /* no phase change: one conductivity and capacity */
  m.capacity_frozen     = m.capacity_unfrozen;
  ctx.alpha             = m.conductivity_unfrozen / m.capacity_unfrozen;
  PetscCall(PetscPrintf(comm, "erfc %dD order %d: k %g W/m/K, C %g J/m3/K, T0 %g, Ts %g degC, column %g m\n", (int)dim,
                        (int)order, (double)m.conductivity_unfrozen, (double)m.capacity_unfrozen, (double)ctx.T0,
                        (double)ctx.Ts, (double)depth));
  PetscCall(PetscPrintf(comm, "%6s %10s %12s %12s %12s %8s %8s\n", "cells", "dt (s)", "err 7.5 d", "err 15 d",
                        "err 30 d", "rate", "Newton"));
  for (PetscInt l = 0; l < levels; l++) {
    const PetscInt      n = n0 << l;
    DM                  dm;
    DioHeat             heat;
    Vec                 T;
    DioHeatTimeStepping stepping;
    DioHeatEnergy       energy;
    PetscReal           rel[3];

    dt[l] = dt0_days * day / (1 << l);
    PetscCall(HeatCreateColumn(comm, dim, n, depth, width, -2 * depth, &dm));
    PetscCall(DioHeatCreate(dm, order, 1, &m, &heat));
    PetscCall(DioHeatSetBoundaryTemperatureConstant(heat, DIO_BOUNDARY_SURFACE, ctx.Ts));
    PetscCall(DioHeatGetTimeStepping(heat, &stepping));
    stepping.dt_initial = stepping.dt_max = dt[l];
    stepping.dt_min                       = dt[l] / 8;
    stepping.growth                       = 1.0; /* fixed steps */
    PetscCall(DioHeatSetTimeStepping(heat, &stepping));
    PetscCall(DioHeatSetFromOptions(heat));
    PetscCall(DioHeatSetUp(heat));
    PetscCall(DioHeatCreateGlobalVector(heat, &T));
    PetscCall(DioHeatInterpolate(heat, Initial, &ctx, 0.0, T));
    PetscCall(DioHeatSetInitialState(heat, 0.0, T));
    for (PetscInt k = 0; k < 3; k++) {
      PetscReal error, norm;
      PetscCall(DioHeatAdvance(heat, T, times[k]));
      PetscCall(DioHeatComputeL2Error(heat, T, times[k], Exact, &ctx, &error));
      norm = PetscAbsReal(ctx.Ts - ctx.T0) *
             PetscSqrtReal(PetscPowReal(width, dim - 1) * 2 * PetscSqrtReal(ctx.alpha * times[k]) *
                           (2 - PetscSqrtReal(2.0)) / PetscSqrtReal(PETSC_PI));
      rel[k] = error / norm;
    }
    err[l] = rel[2];
    PetscCall(DioHeatGetEnergy(heat, &energy));
    PetscCall(PetscPrintf(comm, "%6d %10.4g %12.4e %12.4e %12.4e %8.3f %8d\n", (int)n, (double)dt[l], (double)rel[0],
                          (double)rel[1], (double)rel[2],
                          l ? (double)(PetscLog2Real(err[l - 1] / err[l]) / PetscLog2Real(dt[l - 1] / dt[l])) : 0.0,
                          (int)energy.newton_iterations));
    if (l == levels - 1) {
      for (PetscInt k = 0; k < 3; k++) {
        if (!(rel[k] < tolerance)) pass = PETSC_FALSE;
      }
    }
    PetscCall(VecDestroy(&T));
    PetscCall(DioHeatDestroy(&heat));
    PetscCall(DMDestroy(&dm));
  }
  {
    const PetscReal rate = HeatFitRate(levels, dt, err);
    PetscCall(PetscPrintf(
        comm,
        "fitted rate in dt (h and dt halved together) %.3f (required >= %.1f); finest-level errors below %g: %s\n",
        (double)rate, (double)min_rate, (double)tolerance, rate >= min_rate && pass ? "PASS" : "FAIL"));
    PetscCheck(pass, comm, PETSC_ERR_NOT_CONVERGED, "erfc: relative L2 error on the finest level above %g",
               (double)tolerance);
    PetscCheck(rate >= min_rate, comm, PETSC_ERR_NOT_CONVERGED, "erfc: convergence rate %.3f below %.1f", (double)rate,
               (double)min_rate);
  }
  PetscCall(PetscFinalize());
  return 0;
}
