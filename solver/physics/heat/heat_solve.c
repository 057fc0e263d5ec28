/* SPDX-License-Identifier: BSD-2-Clause
   heat_solve.c: the SNES (prefix heat_) set-up, one backward Euler step, the adaptive march to a target time, the
   steady-state solve, the energy bookkeeping, and what a user looks at afterwards (enthalpy, frozen volume, cell
   fields, vertex temperatures, the L2 error against an exact solution).

   Energy balance. Summing the step's residual over every node, the conduction terms cancel (the conductivity matrix
   annihilates constants), so
       (E(T_{n+1}) - E(T_n)) / dt = Q_flux + Q_source + sum_{Dirichlet a} R_a(T_{n+1}) + sum_{free a} R_a(T_{n+1})
   with E = sum_a M_a H(T_a). The last sum is the Newton residual (zero at convergence); the one before it is the
   heat that entered through the Dirichlet boundaries (the reactions of the discrete problem). DioHeatGetEnergy()
   reports both sides. */
#include <petsctime.h>
#include "heat_impl.h"
#include "fe_common.h"
#include "simplex_basis.h"

/*
  DioHeatSetUp - build the discretisation, the Jacobian's COO pattern and the SNES. Collective.

  Options (prefix heat_): every SNES, KSP and PC option (-heat_snes_monitor, -heat_snes_rtol, -heat_ksp_type,
  -heat_pc_type, -heat_snes_linesearch_type, ...). Defaults: Newton with backtracking line search, at most 25
  iterations, rtol 1e-8, atol 1e-10 and stol 1e-12 on the residual divided by the largest conductivity
  (units K m^(dim-2)); GMRES at rtol 1e-10 with BoomerAMG (hypre), or GAMG where PETSc has no hypre.
*/
PetscErrorCode DioHeatSetUp(DioHeat h)
{
  KSP      ksp;
  PC       pc;
  MPI_Comm comm = PetscObjectComm((PetscObject)h->dm);

  PetscFunctionBegin;
  if (h->setup) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(h->event_setup, 0, 0, 0, 0));
  PetscCall(DioHeatSetUpDiscretization_Internal(h));
  PetscCall(DioHeatCreateMatrix_Internal(h));
  PetscCall(DMCreateGlobalVector(h->dm_T, &h->R));
  PetscCall(VecDuplicate(h->R, &h->T_old));
  PetscCall(VecDuplicate(h->R, &h->T_trial));
  PetscCall(VecDuplicate(h->R, &h->R_balance));
  PetscCall(SNESCreate(comm, &h->snes));
  PetscCall(SNESSetOptionsPrefix(h->snes, "heat_"));
  PetscCall(SNESSetFunction(h->snes, h->R, DioHeatFormFunction_Internal, h));
  PetscCall(SNESSetJacobian(h->snes, h->J, h->J, DioHeatFormJacobian_Internal, h));
  PetscCall(SNESSetTolerances(h->snes, 1e-10, 1e-8, 1e-12, 25, -1));
  PetscCall(SNESGetKSP(h->snes, &ksp));
  PetscCall(KSPSetType(ksp, KSPGMRES));
  PetscCall(KSPGetPC(ksp, &pc));
#if defined(PETSC_HAVE_HYPRE)
  /* BoomerAMG: about 5 iterations per Newton step on the verification columns, where GAMG took 30-170 */
  PetscCall(PCSetType(pc, PCHYPRE));
#else
  PetscCall(PCSetType(pc, PCGAMG));
#endif
  PetscCall(KSPSetTolerances(ksp, 1e-10, PETSC_DEFAULT, PETSC_DEFAULT, 500));
  PetscCall(SNESSetFromOptions(h->snes));
  h->setup = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(h->event_setup, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* The SNES (borrowed: do not destroy), e.g. to attach a monitor. */
PetscErrorCode DioHeatGetSNES(DioHeat heat, SNES *snes)
{
  PetscFunctionBegin;
  PetscCall(DioHeatSetUp(heat));
  *snes = heat->snes;
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatGetTime(DioHeat heat, PetscReal *time)
{
  PetscFunctionBegin;
  *time = heat->time;
  PetscFunctionReturn(0);
}

PetscErrorCode DioHeatGetEnergy(DioHeat heat, DioHeatEnergy *energy)
{
  PetscFunctionBegin;
  *energy = heat->energy;
  PetscFunctionReturn(0);
}

/* Element temperatures of T in a new array [num_cells][nodes_per_cell] (PetscFree() it). Collective. */
static PetscErrorCode GatherCellTemperatures(DioHeat h, Vec T, PetscReal **cell_T)
{
  PetscFunctionBegin;
  PetscCall(PetscMalloc1((size_t)h->num_cells * h->nodes_per_cell, cell_T));
  PetscCall(DioHeatGatherCells_Internal(h, T, *cell_T));
  PetscFunctionReturn(0);
}

/*
  DioHeatComputeEnthalpy - total enthalpy sum_a M_a H(T_a) of the domain and its latent part sum_a M_a L S_w(T_a)
  (J; J/m in 2D). H is relative to the frozen state at each layer's freezing point (H = L at T_f unfrozen).
  Collective.
*/
PetscErrorCode DioHeatComputeEnthalpy(DioHeat h, Vec T, PetscReal *enthalpy, PetscReal *latent)
{
  PetscReal     *cell_T, local[2] = {0, 0}, global[2];
  const PetscInt nn = h->nodes_per_cell;

  PetscFunctionBegin;
  PetscCheck(h->setup, PetscObjectComm((PetscObject)h->dm), PETSC_ERR_ORDER, "call DioHeatSetUp() first");
  PetscCall(GatherCellTemperatures(h, T, &cell_T));
  for (PetscInt c = 0; c < h->num_cells; c++) {
    double e, l;
    dio_heat_cell_energy((int)nn, &h->material[h->cell_layer[c]], &h->cell_mass[c * nn], &cell_T[c * nn], &e, &l);
    local[0] += e;
    local[1] += l;
  }
  PetscCall(PetscFree(cell_T));
  PetscCall(MPIU_Allreduce(local, global, 2, MPIU_REAL, MPI_SUM, PetscObjectComm((PetscObject)h->dm)));
  *enthalpy = global[0];
  if (latent) *latent = global[1];
  PetscFunctionReturn(0);
}

/* Frozen volume int (1 - S_w) dV with the lumped weights (m^dim; m^2 per metre in 2D): in a column frozen from the
   top with S_res = 0 it is the frozen depth times the width. Collective. */
PetscErrorCode DioHeatComputeFrozenVolume(DioHeat h, Vec T, PetscReal *frozen_volume)
{
  PetscReal     *cell_T, local = 0;
  const PetscInt nn = h->nodes_per_cell;

  PetscFunctionBegin;
  PetscCheck(h->setup, PetscObjectComm((PetscObject)h->dm), PETSC_ERR_ORDER, "call DioHeatSetUp() first");
  PetscCall(GatherCellTemperatures(h, T, &cell_T));
  for (PetscInt c = 0; c < h->num_cells; c++) {
    for (PetscInt a = 0; a < nn; a++) {
      double S, dS;
      dio_heat_saturation(&h->material[h->cell_layer[c]], cell_T[c * nn + a], &S, &dS);
      local += h->cell_mass[c * nn + a] * (1.0 - S);
    }
  }
  PetscCall(PetscFree(cell_T));
  PetscCall(MPIU_Allreduce(&local, frozen_volume, 1, MPIU_REAL, MPI_SUM, PetscObjectComm((PetscObject)h->dm)));
  PetscFunctionReturn(0);
}

/* Dirichlet values of the step being prepared written into T. Collective. */
static PetscErrorCode InsertDirichlet(DioHeat h, Vec T)
{
  Vec          T_local;
  PetscScalar *t;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(h->dm_T, &T_local));
  PetscCall(DMGlobalToLocal(h->dm_T, T, INSERT_VALUES, T_local));
  PetscCall(VecGetArray(T_local, &t));
  for (PetscInt i = 0; i < h->local_size; i++) {
    if (h->local_bc[i]) t[i] = h->local_dirichlet[i];
  }
  PetscCall(VecRestoreArray(T_local, &t));
  PetscCall(DMLocalToGlobal(h->dm_T, T_local, INSERT_VALUES, T));
  PetscCall(DMRestoreLocalVector(h->dm_T, &T_local));
  PetscFunctionReturn(0);
}

/*
  DioHeatSetInitialState - start the clock at time (s) with the temperatures T (degC) and reset the energy
  bookkeeping (the initial enthalpy is computed from T). Collective.
*/
PetscErrorCode DioHeatSetInitialState(DioHeat h, PetscReal time, Vec T)
{
  PetscFunctionBegin;
  PetscCall(DioHeatSetUp(h));
  h->time    = time;
  h->dt_next = h->stepping.dt_initial;
  PetscCall(PetscMemzero(&h->energy, sizeof(h->energy)));
  PetscCall(DioHeatComputeEnthalpy(h, T, &h->energy.enthalpy, &h->energy.latent));
  h->energy.enthalpy_initial = h->energy.enthalpy;
  h->energy.time             = time;
  PetscFunctionReturn(0);
}

/* The step (s) the next DioHeatAdvance() tries first: with the state and its energy terms, what a restart needs to go
   on as the run it continues (DioHeatResume()). Not collective. */
PetscErrorCode DioHeatGetNextStep(DioHeat h, PetscReal *dt_next)
{
  PetscFunctionBegin;
  *dt_next = h->dt_next;
  PetscFunctionReturn(0);
}

/*
  DioHeatResume - go on from a saved state as the run that saved it: the clock at time (s) with the temperatures T,
  the step the next DioHeatAdvance() tries first (dt_next, s, from DioHeatGetNextStep()) and the energy terms counted
  so far (from DioHeatGetEnergy() when T was saved). Collective.
*/
PetscErrorCode DioHeatResume(DioHeat h, PetscReal time, Vec T, PetscReal dt_next, const DioHeatEnergy *energy)
{
  PetscFunctionBegin;
  PetscCall(DioHeatSetInitialState(h, time, T));
  h->dt_next = dt_next;
  h->energy  = *energy;
  PetscFunctionReturn(0);
}

/* The energy terms of the step just accepted (state T at time_new, step length dt). */
static PetscErrorCode UpdateEnergy(DioHeat h, Vec T, PetscReal dt)
{
  PetscScalar reaction;
  PetscReal   convected; /* W: int h_c T dA, leaving through the convection faces */

  PetscFunctionBegin;
  PetscCall(DioHeatComputeBalanceResidual_Internal(h, T, h->R_balance));
  PetscCall(VecDot(h->R_balance, h->dirichlet_mask, &reaction));
  PetscCall(DioHeatConvectionPower_Internal(h, T, &convected));
  h->energy.dirichlet_heat_in += dt * PetscRealPart(reaction);
  h->energy.neumann_heat_in += dt * (h->power_flux - convected);
  h->energy.source_heat += dt * h->power_source;
  h->energy.boundary_heat_in = h->energy.dirichlet_heat_in + h->energy.neumann_heat_in;
  h->energy.boundary_power   = PetscRealPart(reaction) + h->power_flux - convected;
  h->energy.time             = h->time_new;
  PetscCall(DioHeatComputeEnthalpy(h, T, &h->energy.enthalpy, &h->energy.latent));
  PetscFunctionReturn(0);
}

/* One backward Euler step from heat->time to time_new, starting from T. */
static PetscErrorCode StepTo(DioHeat h, Vec T, PetscReal time_new, PetscBool *converged)
{
  SNESConvergedReason reason;
  PetscInt            its, linear_its;
  const PetscReal     dt = time_new - h->time;

  PetscFunctionBegin;
  PetscCheck(dt > 0, PetscObjectComm((PetscObject)h->dm), PETSC_ERR_ARG_OUTOFRANGE,
             "heat: step from t = %g s to %g s: the step must be positive", (double)h->time, (double)time_new);
  PetscCall(PetscLogEventBegin(h->event_step, T, 0, 0, 0));
  PetscCall(VecCopy(T, h->T_old));
  h->dt_inv = 1.0 / dt;
  PetscCall(DioHeatPrepareStep_Internal(h, time_new));
  PetscCall(VecCopy(T, h->T_trial));
  PetscCall(InsertDirichlet(h, h->T_trial));
  PetscCall(SNESSolve(h->snes, NULL, h->T_trial));
  PetscCall(SNESGetConvergedReason(h->snes, &reason));
  PetscCall(SNESGetIterationNumber(h->snes, &its));
  PetscCall(SNESGetLinearSolveIterations(h->snes, &linear_its));
  h->last_iterations        = its;
  h->last_linear_iterations = linear_its;
  h->energy.newton_iterations += its;
  h->energy.linear_iterations += linear_its;
  *converged = (PetscBool)(reason > 0);
  if (*converged) {
    PetscCall(VecCopy(h->T_trial, T));
    PetscCall(UpdateEnergy(h, T, dt));
    h->time = time_new;
    h->energy.steps++;
  } else
    h->energy.rejected_steps++;
  PetscCall(PetscLogEventEnd(h->event_step, T, 0, 0, 0));
  PetscFunctionReturn(0);
}

/*
  DioHeatStep - one backward Euler step of length dt (s) from the current time. Collective.

  T: in, the temperatures at the current time; out, at time + dt if converged, unchanged otherwise (the energy
  bookkeeping and the clock advance only on success). *converged reports the SNES converged reason.
*/
PetscErrorCode DioHeatStep(DioHeat heat, Vec T, PetscReal dt, PetscBool *converged)
{
  PetscFunctionBegin;
  PetscCall(DioHeatSetUp(heat));
  PetscCall(StepTo(heat, T, heat->time + dt, converged));
  PetscFunctionReturn(0);
}

/*
  DioHeatAdvance - march from the current time to time_end (s) with adaptive backward Euler steps. Collective.

  The step grows by -heat_dt_growth after a step converged in at most -heat_dt_fast_iterations Newton iterations
  (up to -heat_dt_max), is cut by -heat_dt_shrink and retried after a failed Newton iteration, and is clipped to land
  on time_end exactly. A step below -heat_dt_min is an error (PETSC_ERR_NOT_CONVERGED). The step size carries over to
  the next call. The monitor (DioHeatSetMonitor()) runs after every accepted step.
*/
PetscErrorCode DioHeatAdvance(DioHeat h, Vec T, PetscReal time_end)
{
  MPI_Comm       comm = PetscObjectComm((PetscObject)h->dm);
  PetscLogDouble wall_start;

  PetscFunctionBegin;
  PetscCall(DioHeatSetUp(h));
  PetscCall(PetscTime(&wall_start));
  while (h->time < time_end) {
    const PetscBool clipped  = (PetscBool)(h->time + h->dt_next >= time_end);
    const PetscReal time_new = clipped ? time_end : h->time + h->dt_next;
    const PetscReal dt       = time_new - h->time;
    PetscBool       converged;

    PetscCall(StepTo(h, T, time_new, &converged));
    if (!converged) {
      SNESConvergedReason reason;
      PetscCall(SNESGetConvergedReason(h->snes, &reason));
      h->dt_next = dt * h->stepping.shrink;
      PetscCheck(h->dt_next >= h->stepping.dt_min, comm, PETSC_ERR_NOT_CONVERGED,
                 "heat: time step %g s below -heat_dt_min %g s at t = %g s (Newton: %s after %" PetscInt_FMT
                 " iterations); try -heat_snes_monitor, "
                 "-heat_tangent secant, a smaller -heat_dt_min or a wider freezing curve",
                 (double)h->dt_next, (double)h->stepping.dt_min, (double)h->time, SNESConvergedReasons[reason],
                 h->last_iterations);
      continue;
    }
    if (!clipped || dt >= h->dt_next)
      h->dt_next = h->last_iterations <= h->stepping.fast_iterations
                       ? PetscMin(dt * h->stepping.growth, h->stepping.dt_max)
                       : dt;
    if (h->progress) {
      PetscLogDouble wall;
      PetscCall(PetscTime(&wall));
      PetscCall(PetscPrintf(comm,
                            "heat step %" PetscInt_FMT ": t = %.6e s of %.6e s, dt = %.3e s, Newton %" PetscInt_FMT
                            ", KSP %" PetscInt_FMT ", wall %.1f s, enthalpy %.9e J, heat in %.9e J\n",
                            h->energy.steps, (double)h->time, (double)time_end, (double)dt, h->last_iterations,
                            h->last_linear_iterations, wall - wall_start, (double)h->energy.enthalpy,
                            (double)h->energy.boundary_heat_in));
    }
    if (h->monitor) PetscCall(h->monitor(h, h->energy.steps, h->time, dt, T, h->monitor_ctx));
  }
  PetscFunctionReturn(0);
}

/*
  DioHeatSolveSteady - the steady state div(k(T) grad T) + s = 0 with the boundary conditions at `time` (s), by
  Newton from the initial guess T (degC), which is overwritten. Sets the clock to `time`; the energy bookkeeping is
  not touched (call DioHeatSetInitialState() to start a transient from the result). A Newton failure is an error.
  Collective.
*/
PetscErrorCode DioHeatSolveSteady(DioHeat h, PetscReal time, Vec T)
{
  SNESConvergedReason reason;
  PetscInt            its;
  MPI_Comm            comm = PetscObjectComm((PetscObject)h->dm);

  PetscFunctionBegin;
  PetscCall(DioHeatSetUp(h));
  PetscCall(PetscLogEventBegin(h->event_step, T, 0, 0, 0));
  h->dt_inv = 0.0;
  h->time   = time;
  PetscCall(VecCopy(T, h->T_old));
  PetscCall(DioHeatPrepareStep_Internal(h, time));
  PetscCall(InsertDirichlet(h, T));
  PetscCall(SNESSolve(h->snes, NULL, T));
  PetscCall(SNESGetConvergedReason(h->snes, &reason));
  PetscCall(SNESGetIterationNumber(h->snes, &its));
  h->last_iterations = its;
  PetscCall(PetscLogEventEnd(h->event_step, T, 0, 0, 0));
  PetscCheck(reason > 0, comm, PETSC_ERR_NOT_CONVERGED,
             "heat steady state did not converge: %s after %" PetscInt_FMT
             " Newton iterations; try -heat_snes_monitor, -heat_snes_max_it, a wider freezing "
             "curve, or march to steady state with DioHeatAdvance()",
             SNESConvergedReasons[reason], its);
  PetscFunctionReturn(0);
}

/* ||T_h - exact(time)||_L2 over the mesh (K m^(dim/2)), with the rule of DioFETabulateErrorRule_Internal(). Collective.
 */
PetscErrorCode DioHeatComputeL2Error(DioHeat h, Vec T, PetscReal time, DioHeatScalarFn exact, void *ctx,
                                     PetscReal *error)
{
  DioElementTab  tab;
  PetscReal     *cell_T, local = 0, global;
  const PetscInt nn = h->nodes_per_cell, dim = h->dim;

  PetscFunctionBegin;
  PetscCheck(h->setup, PetscObjectComm((PetscObject)h->dm), PETSC_ERR_ORDER, "call DioHeatSetUp() first");
  PetscCall(DioFETabulateErrorRule_Internal(&h->tab, &tab));
  PetscCall(GatherCellTemperatures(h, T, &cell_T));
  for (PetscInt c = 0; c < h->num_cells; c++) {
    double X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS];
    PetscCheck(!dio_elas_qpoints(&tab, &h->cell_nodes[c * nn * dim], X, wdet), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
               "inverted cell %" PetscInt_FMT, h->cStart + c);
    for (PetscInt q = 0; q < tab.num_qpoints; q++) {
      PetscReal Te, Th = 0;
      exact(dim, time, &X[q * dim], &Te, ctx);
      for (PetscInt a = 0; a < nn; a++) Th += tab.N[q * nn + a] * cell_T[c * nn + a];
      local += wdet[q] * PetscSqr(Th - Te);
    }
  }
  PetscCall(PetscFree(cell_T));
  PetscCall(MPIU_Allreduce(&local, &global, 1, MPIU_REAL, MPI_SUM, PetscObjectComm((PetscObject)h->dm)));
  *error = PetscSqrtReal(global);
  PetscFunctionReturn(0);
}

/* Cell averages with the lumped weights (the averages the energy uses), one entry per local cell; any output may be
   NULL: temperature (degC), unfrozen saturation S_w (-), conductivity (W/m/K). Collective (a global-to-local scatter).
 */
PetscErrorCode DioHeatComputeCellFields(DioHeat h, Vec T, PetscReal temperature[], PetscReal unfrozen_saturation[],
                                        PetscReal conductivity[])
{
  PetscReal     *cell_T;
  const PetscInt nn = h->nodes_per_cell;

  PetscFunctionBegin;
  PetscCheck(h->setup, PetscObjectComm((PetscObject)h->dm), PETSC_ERR_ORDER, "call DioHeatSetUp() first");
  PetscCall(GatherCellTemperatures(h, T, &cell_T));
  for (PetscInt c = 0; c < h->num_cells; c++) {
    const DioHeatMaterial *m   = &h->material[h->cell_layer[c]];
    double                 vol = 0, sums[3] = {0, 0, 0};
    for (PetscInt a = 0; a < nn; a++) {
      const double M = h->cell_mass[c * nn + a], Ta = cell_T[c * nn + a];
      double       S, dS, k, dk;
      dio_heat_saturation(m, Ta, &S, &dS);
      dio_heat_conductivity(m, Ta, &k, &dk);
      vol += M;
      sums[0] += M * Ta;
      sums[1] += M * S;
      sums[2] += M * k;
    }
    if (temperature) temperature[c] = sums[0] / vol;
    if (unfrozen_saturation) unfrozen_saturation[c] = sums[1] / vol;
    if (conductivity) conductivity[c] = sums[2] / vol;
  }
  PetscCall(PetscFree(cell_T));
  PetscFunctionReturn(0);
}

/*
  DioHeatInterpolateStateAtPoints - the temperature of T inside every local cell at num_points reference points
  xi[][dim] (tensor cells on [-1, 1]^dim, simplices on the unit simplex, in the kernels' node order that every field on
  the mesh shares: another field's quadrature points), from the cell's own basis: temperature[num_local_cells]
  [num_points] (degC), and the unfrozen saturation of its nodes interpolated there, sum_a N_a S_w(T_a) (-; the water
  the lumped enthalpy holds, whose cell mean is DioHeatComputeCellFields()'s). Either output may be NULL. Collective
  (a global-to-local scatter).
*/
PetscErrorCode DioHeatInterpolateStateAtPoints(DioHeat h, Vec T, PetscInt num_points, const PetscReal xi[],
                                               PetscReal temperature[], PetscReal unfrozen_saturation[])
{
  PetscReal     *cell_T, *N;
  const PetscInt nn = h->nodes_per_cell, dim = h->dim;

  PetscFunctionBegin;
  PetscCheck(h->setup, PetscObjectComm((PetscObject)h->dm), PETSC_ERR_ORDER, "call DioHeatSetUp() first");
  PetscCall(PetscMalloc1((size_t)num_points * nn + 1, &N));
  for (PetscInt q = 0; q < num_points; q++) {
    double dN[DIO_MAX_NODES * DIO_MAX_DIM];
    if (h->tab.simplex)
      dio_simplex_basis((int)dim, (int)h->order, &xi[q * dim], &N[q * nn], dN);
    else
      dio_tensor_basis((int)dim, (int)h->order, &xi[q * dim], &N[q * nn], dN);
  }
  PetscCall(GatherCellTemperatures(h, T, &cell_T));
  for (PetscInt c = 0; c < h->num_cells; c++) {
    const DioHeatMaterial *m = &h->material[h->cell_layer[c]];
    double                 S[DIO_MAX_NODES], dS;
    for (PetscInt a = 0; unfrozen_saturation && a < nn; a++) dio_heat_saturation(m, cell_T[c * nn + a], &S[a], &dS);
    for (PetscInt q = 0; q < num_points; q++) {
      PetscReal v = 0, w = 0;
      for (PetscInt a = 0; a < nn; a++) {
        v += N[q * nn + a] * cell_T[c * nn + a];
        if (unfrozen_saturation) w += N[q * nn + a] * S[a];
      }
      if (temperature) temperature[c * num_points + q] = v;
      if (unfrozen_saturation) unfrozen_saturation[c * num_points + q] = w;
    }
  }
  PetscCall(PetscFree(cell_T));
  PetscCall(PetscFree(N));
  PetscFunctionReturn(0);
}

/* DioHeatInterpolateAtPoints - the temperature only (DioHeatInterpolateStateAtPoints()): values[num_local_cells]
   [num_points] (degC). Collective. */
PetscErrorCode DioHeatInterpolateAtPoints(DioHeat h, Vec T, PetscInt num_points, const PetscReal xi[],
                                          PetscReal values[])
{
  PetscFunctionBegin;
  PetscCall(DioHeatInterpolateStateAtPoints(h, T, num_points, xi, values, NULL));
  PetscFunctionReturn(0);
}

/* The coordinates (m) of the temperature nodes this rank owns, dim per node, in the order of the global vector: the
   keys of a checkpoint's temperature. Collective. Destroy *coords with VecDestroy(). */
PetscErrorCode DioHeatCreateNodeCoordinates(DioHeat h, Vec *coords)
{
  PetscFunctionBegin;
  PetscCheck(h->setup, PetscObjectComm((PetscObject)h->dm), PETSC_ERR_ORDER, "call DioHeatSetUp() first");
  PetscCall(DioFECreateNodeCoordinates_Internal(h->dm, h->dm_T, h->dim, coords));
  PetscFunctionReturn(0);
}

/* temperature[num_vertices] (degC) at the given vertex points, for output. Collective (a global-to-local scatter). */
PetscErrorCode DioHeatGetVertexTemperature(DioHeat h, Vec T, PetscInt num_vertices, const PetscInt vertex_points[],
                                           PetscReal temperature[])
{
  Vec                T_local;
  const PetscScalar *t;
  PetscSection       section;

  PetscFunctionBegin;
  PetscCheck(h->setup, PetscObjectComm((PetscObject)h->dm), PETSC_ERR_ORDER, "call DioHeatSetUp() first");
  PetscCall(DMGetLocalSection(h->dm_T, &section));
  PetscCall(DMGetLocalVector(h->dm_T, &T_local));
  PetscCall(DMGlobalToLocal(h->dm_T, T, INSERT_VALUES, T_local));
  PetscCall(VecGetArrayRead(T_local, &t));
  for (PetscInt v = 0; v < num_vertices; v++) {
    PetscInt off;
    PetscCall(PetscSectionGetOffset(section, vertex_points[v], &off));
    temperature[v] = PetscRealPart(t[off]);
  }
  PetscCall(VecRestoreArrayRead(T_local, &t));
  PetscCall(DMRestoreLocalVector(h->dm_T, &T_local));
  PetscFunctionReturn(0);
}
