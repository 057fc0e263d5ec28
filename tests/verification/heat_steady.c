/* SPDX-License-Identifier: BSD-2-Clause
   heat_steady.c: steady permafrost under a cold surface and the geothermal flux (the initial state of the strait).

   Requirement: the steady solve (Newton on div(k(T) grad T) = 0, k varying with the unfrozen saturation) converges
   to the exact steady state of the same model with the L2 error decreasing at a fitted rate >= 1.9 (Q1) or >= 2.9
   (Q2) over 4 uniform refinements (rates 2 and 3 minus a 0.1 pre-asymptotic margin), and on the finest level the
   frozen thickness int (1 - S_w) dd is within 1e-5 (relative) of the exact one (observed 2e-7 with 640 Q1 cells, 1e-7
   with 320 Q2 cells: the frozen thickness integrates a smooth field, so it converges like the L2 error).
   Reference: with the surface at T_s and a flux q entering the base, the heat flux is q at every depth d, so
   k(T) dT/dd = q. Its solution T(d) is integrated here with RK4 on a 2 mm grid (error ~1e-12 K) and interpolated
   linearly (error < 1e-8 K); the frozen thickness is the integral of 1 - S_w(T(d)) on that grid. For comparison the
   sharp-front estimate of Lachenbruch, Z = k_f (T_f - T_s) / q, is printed (it ignores the unfrozen water near T_f).
   Material: coastal_sediment_onshore of data/materials.csv (k_u 2.0, k_f 3.4 W/m/K, T_f -0.2 degC, exponential curve
   w 0.3 K, S_res 0); T_s = -5 degC, q = 65 mW/m2 (bering_data.md); column 400 m.
   Usage: heat_steady -dim 2 -order 1 -levels 4 -n0 40 */
#include <petscdmplex.h>
#include "dio_heat.h"
#include "heat_common.h"

typedef struct {
  DioHeatMaterial m;
  PetscReal       Ts, q, depth, step;
  PetscInt        num_points;
  PetscReal      *T; /* [num_points] exact temperatures at depths i * step */
} SteadyContext;

static PetscReal Slope(const SteadyContext *s, PetscReal T)
{
  double k, dk;
  dio_heat_conductivity(&s->m, T, &k, &dk);
  return s->q / k;
}

static PetscErrorCode IntegrateExact(SteadyContext *s, PetscReal *frozen_thickness)
{
  PetscFunctionBegin;
  s->num_points = (PetscInt)(s->depth / s->step + 0.5) + 1;
  PetscCall(PetscMalloc1(s->num_points, &s->T));
  s->T[0]           = s->Ts;
  *frozen_thickness = 0;
  for (PetscInt i = 1; i < s->num_points; i++) {
    const PetscReal T = s->T[i - 1], h = s->step;
    const PetscReal k1 = Slope(s, T), k2 = Slope(s, T + 0.5 * h * k1), k3 = Slope(s, T + 0.5 * h * k2),
                    k4 = Slope(s, T + h * k3);
    double S0, S1, dS;
    s->T[i] = T + h * (k1 + 2 * k2 + 2 * k3 + k4) / 6;
    dio_heat_saturation(&s->m, T, &S0, &dS);
    dio_heat_saturation(&s->m, s->T[i], &S1, &dS);
    *frozen_thickness += 0.5 * h * ((1 - S0) + (1 - S1));
  }
  PetscFunctionReturn(0);
}

static void Exact(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  const SteadyContext *s = (const SteadyContext *)ctx;
  const PetscReal      d = PetscMin(PetscMax(-X[dim - 1], 0.0), s->depth) / s->step;
  const PetscInt       i = PetscMin((PetscInt)d, s->num_points - 2);
  *value                 = s->T[i] + (d - i) * (s->T[i + 1] - s->T[i]);
}

/* The initial guess: the frozen conductivity everywhere. */
static void Guess(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  const SteadyContext *s = (const SteadyContext *)ctx;
  *value                 = s->Ts - s->q * X[dim - 1] / s->m.conductivity_frozen;
}

int main(int argc, char **argv)
{
  PetscInt      dim = 2, order = 1, levels = 4, n0 = 40;
  PetscReal     width = 1.0, h[8], err[8], frozen_exact = 0, frozen_h = 0, min_rate;
  SteadyContext s;
  MPI_Comm      comm;

  PetscFunctionBeginUser;
  PetscCall(PetscInitialize(&argc, &argv, NULL, "steady permafrost column against the exact steady state\n"));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-dim", &dim, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-order", &order, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-levels", &levels, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-n0", &n0, NULL));
  PetscCheck(levels >= 2 && levels <= 8, comm, PETSC_ERR_ARG_OUTOFRANGE, "-levels must be in [2, 8]");
  min_rate = order + 1 - 0.1;
  PetscCall(DioHeatMaterialFromDefaultTable(comm, "coastal_sediment_onshore", DIO_HEAT_CURVE_EXPONENTIAL, &s.m));
  s.Ts    = -5.0;
  s.q     = 0.065;
  s.depth = 400.0;
  s.step  = 0.002;
  PetscCall(IntegrateExact(&s, &frozen_exact));
  PetscCall(PetscPrintf(comm,
                        "steady %dD order %d: T_s %g degC, q %g W/m2, exact frozen thickness %.4f m (Lachenbruch sharp "
                        "front %.4f m), T(400 m) = %.6f degC\n",
                        (int)dim, (int)order, (double)s.Ts, (double)s.q, (double)frozen_exact,
                        (double)(s.m.conductivity_frozen * (s.m.freezing_point - s.Ts) / s.q),
                        (double)s.T[s.num_points - 1]));
  PetscCall(
      PetscPrintf(comm, "%8s %10s %12s %8s %14s %8s\n", "cells", "h (m)", "L2 error", "rate", "frozen (m)", "Newton"));
  for (PetscInt l = 0; l < levels; l++) {
    const PetscInt n = n0 << l;
    DM             dm;
    DioHeat        heat;
    Vec            T;
    SNES           snes;
    PetscInt       its;

    PetscCall(HeatCreateColumn(comm, dim, n, s.depth, width, -2 * s.depth, &dm));
    PetscCall(DioHeatCreate(dm, order, 1, &s.m, &heat));
    PetscCall(DioHeatSetBoundaryTemperatureConstant(heat, DIO_BOUNDARY_SURFACE, s.Ts));
    PetscCall(DioHeatSetBoundaryFluxConstant(heat, DIO_BOUNDARY_BASE, s.q));
    PetscCall(DioHeatSetFromOptions(heat));
    PetscCall(DioHeatSetUp(heat));
    PetscCall(DioHeatCreateGlobalVector(heat, &T));
    PetscCall(DioHeatInterpolate(heat, Guess, &s, 0.0, T));
    PetscCall(DioHeatSolveSteady(heat, 0.0, T));
    PetscCall(DioHeatGetSNES(heat, &snes));
    PetscCall(SNESGetIterationNumber(snes, &its));
    PetscCall(DioHeatComputeL2Error(heat, T, 0.0, Exact, &s, &err[l]));
    PetscCall(DioHeatComputeFrozenVolume(heat, T, &frozen_h));
    frozen_h /= PetscPowReal(width, dim - 1);
    h[l] = s.depth / n;
    PetscCall(PetscPrintf(comm, "%8d %10.4g %12.4e %8.3f %14.6f %8d\n", (int)n, (double)h[l], (double)err[l],
                          l ? (double)(PetscLog2Real(err[l - 1] / err[l]) / PetscLog2Real(h[l - 1] / h[l])) : 0.0,
                          (double)frozen_h, (int)its));
    PetscCall(VecDestroy(&T));
    PetscCall(DioHeatDestroy(&heat));
    PetscCall(DMDestroy(&dm));
  }
  {
    const PetscReal rate         = HeatFitRate(levels, h, err),
                    frozen_error = PetscAbsReal(frozen_h - frozen_exact) / frozen_exact;
    const PetscBool pass         = (PetscBool)(rate >= min_rate && frozen_error <= 1e-5);
    PetscCall(PetscPrintf(
        comm, "fitted L2 rate %.3f (required >= %.1f); frozen thickness error %.2e (required <= 1e-5): %s\n",
        (double)rate, (double)min_rate, (double)frozen_error, pass ? "PASS" : "FAIL"));
    PetscCheck(pass, comm, PETSC_ERR_NOT_CONVERGED,
               "steady column: rate %.3f or frozen thickness error %.2e outside the tolerance", (double)rate,
               (double)frozen_error);
  }
  PetscCall(PetscFree(s.T));
  PetscCall(PetscFinalize());
  return 0;
}
