/* SPDX-License-Identifier: BSD-2-Clause
   heat_energy.c: energy conservation of the transient heat solver with freezing and thawing.

   Requirement: after every accepted backward Euler step,
       | (E(t) - E(0)) - (Q_boundary(t) + Q_source(t)) | <= 1e-8 * max(|E(t) - E(0)|, |Q_Dirichlet|, |Q_flux|,
   |Q_source|) where E = sum_a M_a H(T_a) is the discrete enthalpy (sensible + latent) of the domain, Q_boundary the
   time integral of the heat that entered through the boundaries (Dirichlet reactions of the discrete balance plus the
   prescribed fluxes) and Q_source that of the radiogenic heat. Backward Euler with the lumped capacity conserves this
   exactly (heat_solve.c: the conduction terms sum to zero over the nodes); what remains is the Newton residual, driven
   to round-off here (-heat_snes_rtol 1e-12, -heat_ksp_rtol 1e-13), hence 1e-8. Two cases, both crossing the freezing
   range (the latent part of E changes by a large fraction of its value): mixed:   surface held at T_s(t) = -4 + 8 sin(2
   pi t / yr) degC (Dirichlet, seasons; with -across n > 1 cells across the column, plus 2 cos(pi x / W) so that heat
   also flows sideways), geothermal flux 65 mW/m2 into the base, insulated sides, 2 years of adaptive steps. The
   Dirichlet reactions are checked only through the balance. neumann: every boundary a prescribed flux: -10 W/m2 at the
   surface (cooling), +65 mW/m2 at the base. Then the heat that entered is known in closed form, Q = (q_surface +
   q_base) A t + s V t (A the cross-section, s V the radiogenic heat of the granite layer), so (E(t) - E(0)) is checked
   against it directly, independent of the solver's bookkeeping, with the same tolerance. Layers: top 10 m
   coastal_sediment_onshore (T_f -0.2 degC; exponential curve w 0.3 K in the mixed case, Anderson & Tice power law in
   the neumann case), granite below (T_f 0, 3e-6 W/m3), both from data/materials.csv; column 30 m deep. Usage:
   heat_energy -dim 2 -order 1 -cells 60 -across 1 */
#include <petscdmplex.h>
#include "dio_heat.h"
#include "heat_common.h"

typedef struct {
  PetscReal mean, amplitude, period, width, lateral;
} SeasonContext;

typedef struct {
  PetscReal worst;        /* largest relative balance error over the steps */
  PetscReal worst_closed; /* neumann case: largest relative error against the closed form */
  PetscReal closed_power; /* W (W/m in 2D): (q_surface + q_base) A + s V */
  PetscReal latent_min, latent_max;
} CheckContext;

static void SurfaceTemperature(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  const SeasonContext *s = (const SeasonContext *)ctx;
  *value                 = s->mean + s->amplitude * PetscSinReal(2 * PETSC_PI * time / s->period) +
           s->lateral * PetscCosReal(PETSC_PI * X[0] / s->width);
}

static void Initial(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  *value = 0.5 - 0.02 * X[dim - 1];
}

static PetscErrorCode CheckBalance(DioHeat heat, PetscInt step, PetscReal time, PetscReal dt, Vec T, void *ctx)
{
  CheckContext *check = (CheckContext *)ctx;
  DioHeatEnergy e;
  PetscReal     change, scale;

  PetscFunctionBegin;
  PetscCall(DioHeatGetEnergy(heat, &e));
  change       = e.enthalpy - e.enthalpy_initial;
  scale        = PetscMax(PetscMax(PetscAbsReal(change), PetscAbsReal(e.dirichlet_heat_in)),
                          PetscMax(PetscAbsReal(e.neumann_heat_in), PetscAbsReal(e.source_heat)));
  check->worst = PetscMax(check->worst, PetscAbsReal(change - e.boundary_heat_in - e.source_heat) / scale);
  if (check->closed_power != 0)
    check->worst_closed =
        PetscMax(check->worst_closed, PetscAbsReal(change - check->closed_power * time) / PetscAbsReal(change));
  check->latent_min = PetscMin(check->latent_min, e.latent);
  check->latent_max = PetscMax(check->latent_max, e.latent);
  PetscFunctionReturn(0);
}

static PetscErrorCode RunCase(MPI_Comm comm, PetscInt dim, PetscInt order, PetscInt across, PetscInt cells,
                              PetscBool neumann, PetscReal tolerance, PetscBool *pass)
{
  const PetscReal year = 365.25 * 86400.0, depth = 30.0, width = 1.0, interface_z = -10.0, q_base = 0.065,
                  q_surface = -10.0;
  DioHeatMaterial     layers[2];
  SeasonContext       season = {-4.0, 8.0, year, width, across > 1 ? 2.0 : 0.0};
  CheckContext        check  = {0, 0, 0, PETSC_MAX_REAL, 0};
  DM                  dm;
  DioHeat             heat;
  Vec                 T;
  DioHeatTimeStepping stepping;
  DioHeatEnergy       e;
  const PetscReal     t_end = neumann ? year : 2 * year;

  PetscFunctionBegin;
  PetscCall(DioHeatMaterialFromDefaultTable(comm, "coastal_sediment_onshore",
                                            neumann ? DIO_HEAT_CURVE_POWER : DIO_HEAT_CURVE_EXPONENTIAL, &layers[0]));
  PetscCall(DioHeatMaterialFromDefaultTable(comm, "granite", DIO_HEAT_CURVE_EXPONENTIAL, &layers[1]));
  PetscCall(HeatCreateBlock(comm, dim, across, cells, depth, width, interface_z, &dm));
  PetscCall(DioHeatCreate(dm, order, 2, layers, &heat));
  if (neumann) {
    PetscCall(DioHeatSetBoundaryFluxConstant(heat, DIO_BOUNDARY_SURFACE, q_surface));
    check.closed_power = (q_surface + q_base) * PetscPowReal(width, dim - 1) +
                         layers[1].heat_production * (depth + interface_z) * PetscPowReal(width, dim - 1);
  } else
    PetscCall(DioHeatSetBoundaryTemperature(heat, DIO_BOUNDARY_SURFACE, SurfaceTemperature, &season));
  PetscCall(DioHeatSetBoundaryFluxConstant(heat, DIO_BOUNDARY_BASE, q_base));
  PetscCall(DioHeatGetTimeStepping(heat, &stepping));
  stepping.dt_initial = 3600.0;
  stepping.dt_min     = 1.0;
  stepping.dt_max     = 10 * 86400.0;
  PetscCall(DioHeatSetTimeStepping(heat, &stepping));
  PetscCall(DioHeatSetFromOptions(heat));
  PetscCall(DioHeatSetMonitor(heat, CheckBalance, &check));
  PetscCall(DioHeatSetUp(heat));
  PetscCall(DioHeatCreateGlobalVector(heat, &T));
  PetscCall(DioHeatInterpolate(heat, Initial, NULL, 0.0, T));
  PetscCall(DioHeatSetInitialState(heat, 0.0, T));
  PetscCall(DioHeatGetEnergy(heat, &e));
  check.latent_min = check.latent_max = e.latent;
  PetscCall(DioHeatAdvance(heat, T, t_end));
  PetscCall(DioHeatGetEnergy(heat, &e));
  PetscCall(PetscPrintf(
      comm, "%s %dD Q%d, %d x %d cells, %.2f years: %d steps (%d rejected), %d Newton, %d linear iterations\n",
      neumann ? "neumann" : "mixed", (int)dim, (int)order, (int)across, (int)cells, (double)(t_end / year),
      (int)e.steps, (int)e.rejected_steps, (int)e.newton_iterations, (int)e.linear_iterations));
  PetscCall(PetscPrintf(comm, "  E(t) - E(0) = %.10e J, latent part from %.6e to %.6e J (range over the run)\n",
                        (double)(e.enthalpy - e.enthalpy_initial), (double)check.latent_min, (double)check.latent_max));
  PetscCall(PetscPrintf(comm, "  heat in: Dirichlet %.10e J, flux %.10e J, source %.10e J; balance error %.3e J\n",
                        (double)e.dirichlet_heat_in, (double)e.neumann_heat_in, (double)e.source_heat,
                        (double)(e.enthalpy - e.enthalpy_initial - e.boundary_heat_in - e.source_heat)));
  PetscCall(PetscPrintf(comm, "  largest relative balance error over the steps %.3e (required <= %.0e)\n",
                        (double)check.worst, (double)tolerance));
  *pass = (PetscBool)(check.worst <= tolerance);
  if (neumann) {
    PetscCall(PetscPrintf(comm,
                          "  against the closed form (q_surface + q_base) A t + s V t = %.10e J: largest relative "
                          "error %.3e (required <= %.0e)\n",
                          (double)(check.closed_power * t_end), (double)check.worst_closed, (double)tolerance));
    *pass = (PetscBool)(*pass && check.worst_closed <= tolerance && e.dirichlet_heat_in == 0.0);
  }
  /* the run must have frozen or thawed a good part of the pore water, or the test would not test the latent term */
  *pass = (PetscBool)(*pass && check.latent_max - check.latent_min > 0.1 * check.latent_max);
  PetscCall(VecDestroy(&T));
  PetscCall(DioHeatDestroy(&heat));
  PetscCall(DMDestroy(&dm));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscInt  dim = 2, order = 1, cells = 60, across = 1;
  PetscReal tolerance = 1e-8;
  PetscBool pass_mixed, pass_neumann;
  MPI_Comm  comm;

  PetscFunctionBeginUser;
  PetscCall(PetscInitialize(&argc, &argv, NULL, "energy conservation of the heat solver with phase change\n"));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-dim", &dim, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-order", &order, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-cells", &cells, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-across", &across, NULL));
  {
    /* Newton and Krylov to round-off, unless the command line says otherwise */
    const char *defaults[][2] = {
        {"-heat_snes_rtol", "1e-12"}, {"-heat_snes_atol", "1e-13"}, {"-heat_ksp_rtol", "1e-13"}};
    for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
      PetscBool set;
      PetscCall(PetscOptionsHasName(NULL, NULL, defaults[i][0], &set));
      if (!set) PetscCall(PetscOptionsSetValue(NULL, defaults[i][0], defaults[i][1]));
    }
  }
  PetscCall(RunCase(comm, dim, order, across, cells, PETSC_FALSE, tolerance, &pass_mixed));
  PetscCall(RunCase(comm, dim, order, across, cells, PETSC_TRUE, tolerance, &pass_neumann));
  PetscCall(PetscPrintf(comm, "energy conservation: %s\n", pass_mixed && pass_neumann ? "PASS" : "FAIL"));
  PetscCheck(pass_mixed && pass_neumann, comm, PETSC_ERR_NOT_CONVERGED,
             "energy balance violated (mixed %s, neumann %s): see the numbers above", pass_mixed ? "ok" : "FAILED",
             pass_neumann ? "ok" : "FAILED");
  PetscCall(PetscFinalize());
  return 0;
}
