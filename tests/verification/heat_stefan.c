/* SPDX-License-Identifier: BSD-2-Clause
   heat_stefan.c: freezing of a semi-infinite medium against the two-phase Neumann solution.

   Requirement: for a sharp freezing curve (exponential, width w = 0.05 K, no residual water) on a column of 400 cells
   over 40 m, (1) the frozen depth X_h(t) = (frozen volume) / (column cross-section) at 1/16, 1/4 and 1 year is within
   2 % of X(t) = 2 lambda sqrt(alpha_f t); (2) X_h grows as sqrt(t): the fitted exponent of X_h against t is
   0.5 +- 0.01; (3) the temperature profile has a relative L2 error ||T_h - T|| / ||T - T_0|| below 2 % and a largest
   nodal error below 3 % of T_0 - T_s (0.36 K) at every check time. The tolerances cover (a) the smeared front: the
   latent heat of the curve is released over ~w below T_f (its centroid lies 0.56 w below T_f: 0.03 K against
   T_f - T_s = 8.2 K, 0.3 %), (b) the enthalpy method's O(h) front error (h = 0.1 m against X = 0.85-3.4 m): a node
   next to the front is off by up to ~h |dT/dd| / 4 (0.23 K at the first check, where the frozen-side gradient is
   9 K/m), (c) backward Euler with steps of at most 6 h (dt / t < 1.1 % at the first check). Observed on 400 cells:
   front errors 0.3-0.5 %, L2 errors 1.7 % / 0.5 % / 0.4 %, nodal errors 0.21 / 0.04 / 0.04 K.
   Reference: Neumann's solution (Carslaw & Jaeger, Conduction of heat in solids, 2nd ed., sect. 11.2; Lunardini,
   Heat transfer in cold climates, 1981, ch. 6). Surface held at T_s < T_f from t = 0, medium initially at T_0 > T_f:
     frozen   0 < d < X:  T = T_s + (T_f - T_s) erf(d / (2 sqrt(alpha_f t))) / erf(lambda)
     unfrozen d > X:      T = T_0 - (T_0 - T_f) erfc(d / (2 sqrt(alpha_u t))) / erfc(lambda nu),  nu = sqrt(alpha_f /
   alpha_u) with lambda the root of the Stefan condition k_f dT/dd|_X- - k_u dT/dd|_X+ = L dX/dt: k_f (T_f - T_s)
   e^(-lambda^2) / (erf(lambda) sqrt(pi alpha_f)) - k_u (T_0 - T_f) e^(-lambda^2 nu^2) / (erfc(lambda nu) sqrt(pi
   alpha_u)) = L lambda sqrt(alpha_f), found by bisection (the left side decreases and the right side increases in
   lambda, so the root is unique). Material: seabed sediment of data/materials.csv (k_u 2.1, k_f 3.3 W/m/K, C_u 2.8e6,
   C_f 2.0e6 J/m3/K, L 1.17e8 J/m3, T_f -1.8 degC); T_s = -10, T_0 = +2 degC. The column (40 m) is 8 unfrozen diffusion
   lengths at one year. Usage: heat_stefan -dim 2 -order 1 -cells 400 -width 0.05 */
#include <petscdmplex.h>
#include "dio_heat.h"
#include "heat_common.h"

typedef struct {
  PetscReal Ts, T0, Tf, kf, ku, alpha_f, alpha_u, latent, lambda;
} StefanContext;

/* Stefan condition: left minus right side, decreasing in lambda. */
static PetscReal StefanResidual(const StefanContext *s, PetscReal lambda)
{
  const PetscReal nu = PetscSqrtReal(s->alpha_f / s->alpha_u);
  const PetscReal frozen =
      s->kf * (s->Tf - s->Ts) * PetscExpReal(-lambda * lambda) / (erf(lambda) * PetscSqrtReal(PETSC_PI * s->alpha_f));
  const PetscReal unfrozen = s->ku * (s->T0 - s->Tf) * PetscExpReal(-lambda * lambda * nu * nu) /
                             (erfc(lambda * nu) * PetscSqrtReal(PETSC_PI * s->alpha_u));
  return frozen - unfrozen - s->latent * lambda * PetscSqrtReal(s->alpha_f);
}

static PetscReal SolveLambda(const StefanContext *s)
{
  PetscReal lo = 1e-8, hi = 5.0;
  for (PetscInt i = 0; i < 200; i++) {
    const PetscReal mid = 0.5 * (lo + hi);
    if (StefanResidual(s, mid) > 0)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

static void Exact(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  const StefanContext *s     = (const StefanContext *)ctx;
  const PetscReal      depth = -X[dim - 1];
  if (time <= 0) {
    *value = s->T0;
    return;
  }
  const PetscReal front = 2 * s->lambda * PetscSqrtReal(s->alpha_f * time);
  if (depth < front)
    *value = s->Ts + (s->Tf - s->Ts) * erf(depth / (2 * PetscSqrtReal(s->alpha_f * time))) / erf(s->lambda);
  else
    *value = s->T0 - (s->T0 - s->Tf) * erfc(depth / (2 * PetscSqrtReal(s->alpha_u * time))) /
                         erfc(s->lambda * PetscSqrtReal(s->alpha_f / s->alpha_u));
}

/* T - T_0 of the exact solution: its L2 norm (against a zero field) scales the profile error. */
static void ExactChange(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  Exact(dim, time, X, value, ctx);
  *value -= ((const StefanContext *)ctx)->T0;
}

static void Initial(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  *value = ((const StefanContext *)ctx)->T0;
}

int main(int argc, char **argv)
{
  PetscInt            dim = 2, order = 1, cells = 400;
  PetscReal           depth = 40.0, width = 0.1, curve_width = 0.05;
  const PetscReal     year = 365.25 * 86400.0, times[3] = {year / 16, year / 4, year};
  PetscReal           front_h[3], front[3];
  StefanContext       s;
  DioHeatMaterial     m;
  DM                  dm;
  DioHeat             heat;
  Vec                 T, T_exact, zero;
  DioHeatTimeStepping stepping;
  DioHeatEnergy       energy;
  MPI_Comm            comm;
  PetscBool           pass = PETSC_TRUE;

  PetscFunctionBeginUser;
  PetscCall(PetscInitialize(&argc, &argv, NULL, "freezing front against the two-phase Neumann solution\n"));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-dim", &dim, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-order", &order, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-cells", &cells, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-width", &curve_width, NULL));
  PetscCall(DioHeatMaterialFromDefaultTable(comm, "seabed_sediment", DIO_HEAT_CURVE_EXPONENTIAL, &m));
  m.curve_width         = curve_width;
  m.residual_saturation = 0.0;
  s.Ts                  = -10.0;
  s.T0                  = 2.0;
  s.Tf                  = m.freezing_point;
  s.kf                  = m.conductivity_frozen;
  s.ku                  = m.conductivity_unfrozen;
  s.alpha_f             = m.conductivity_frozen / m.capacity_frozen;
  s.alpha_u             = m.conductivity_unfrozen / m.capacity_unfrozen;
  s.latent              = m.latent_heat;
  s.lambda              = SolveLambda(&s);
  PetscCall(PetscPrintf(comm,
                        "Stefan %dD Q%d, %d cells over %g m, curve width %g K: lambda = %.10f (Stefan condition "
                        "residual %.2e W/m2 s^1/2)\n",
                        (int)dim, (int)order, (int)cells, (double)depth, (double)curve_width, (double)s.lambda,
                        (double)StefanResidual(&s, s.lambda)));

  PetscCall(HeatCreateColumn(comm, dim, cells, depth, width, -2 * depth, &dm));
  PetscCall(DioHeatCreate(dm, order, 1, &m, &heat));
  PetscCall(DioHeatSetBoundaryTemperatureConstant(heat, DIO_BOUNDARY_SURFACE, s.Ts));
  PetscCall(DioHeatGetTimeStepping(heat, &stepping));
  stepping.dt_initial = 60.0;
  stepping.dt_min     = 1e-3;
  stepping.dt_max     = 6 * 3600.0;
  PetscCall(DioHeatSetTimeStepping(heat, &stepping));
  PetscCall(DioHeatSetFromOptions(heat));
  PetscCall(DioHeatSetUp(heat));
  PetscCall(DioHeatCreateGlobalVector(heat, &T));
  PetscCall(VecDuplicate(T, &T_exact));
  PetscCall(VecDuplicate(T, &zero));
  PetscCall(VecSet(zero, 0.0));
  PetscCall(DioHeatInterpolate(heat, Initial, &s, 0.0, T));
  PetscCall(DioHeatSetInitialState(heat, 0.0, T));
  PetscCall(PetscPrintf(comm, "%10s %12s %12s %10s %12s %12s\n", "t (days)", "front (m)", "exact (m)", "rel err",
                        "L2 rel err", "max err (K)"));
  for (PetscInt k = 0; k < 3; k++) {
    PetscReal volume, error, norm, max_error;
    PetscCall(DioHeatAdvance(heat, T, times[k]));
    PetscCall(DioHeatComputeFrozenVolume(heat, T, &volume));
    front_h[k] = volume / PetscPowReal(width, dim - 1);
    front[k]   = 2 * s.lambda * PetscSqrtReal(s.alpha_f * times[k]);
    PetscCall(DioHeatComputeL2Error(heat, T, times[k], Exact, &s, &error));
    PetscCall(DioHeatComputeL2Error(heat, zero, times[k], ExactChange, &s, &norm));
    PetscCall(DioHeatInterpolate(heat, Exact, &s, times[k], T_exact));
    PetscCall(VecAXPY(T_exact, -1.0, T));
    PetscCall(VecNorm(T_exact, NORM_INFINITY, &max_error));
    PetscCall(PetscPrintf(comm, "%10.3f %12.6f %12.6f %10.2e %12.4e %12.4e\n", (double)(times[k] / 86400),
                          (double)front_h[k], (double)front[k], (double)((front_h[k] - front[k]) / front[k]),
                          (double)(error / norm), (double)max_error));
    if (!(PetscAbsReal(front_h[k] - front[k]) <= 0.02 * front[k])) pass = PETSC_FALSE;
    if (!(error <= 0.02 * norm) || !(max_error <= 0.03 * (s.T0 - s.Ts))) pass = PETSC_FALSE;
  }
  {
    const PetscReal exponent = HeatFitRate(3, times, front_h);
    PetscCall(DioHeatGetEnergy(heat, &energy));
    PetscCall(PetscPrintf(comm,
                          "front ~ t^%.4f (required 0.5 +- 0.01); %d steps (%d rejected), %d Newton, %d linear "
                          "iterations; energy balance %.2e J/m of %.4e J/m: %s\n",
                          (double)exponent, (int)energy.steps, (int)energy.rejected_steps,
                          (int)energy.newton_iterations, (int)energy.linear_iterations,
                          (double)(energy.enthalpy - energy.enthalpy_initial - energy.boundary_heat_in),
                          (double)(energy.enthalpy - energy.enthalpy_initial),
                          pass && PetscAbsReal(exponent - 0.5) <= 0.01 ? "PASS" : "FAIL"));
    PetscCheck(PetscAbsReal(exponent - 0.5) <= 0.01, comm, PETSC_ERR_NOT_CONVERGED,
               "Stefan: front grows as t^%.4f, not t^0.5", (double)exponent);
  }
  PetscCheck(pass, comm, PETSC_ERR_NOT_CONVERGED,
             "Stefan: front position or temperature profile outside the tolerance (see the table above)");
  PetscCall(VecDestroy(&zero));
  PetscCall(VecDestroy(&T_exact));
  PetscCall(VecDestroy(&T));
  PetscCall(DioHeatDestroy(&heat));
  PetscCall(DMDestroy(&dm));
  PetscCall(PetscFinalize());
  return 0;
}
