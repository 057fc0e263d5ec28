/* SPDX-License-Identifier: BSD-2-Clause
   elasticity_solve.c: DioElasticitySolve, the mechanics solve: CG + GAMG with the rigid-body near-null space on the
   assembled K u = F, kept from stage to stage (-mech_stage_*), the direct fallback (linear_fallback.c), or the
   elastoplastic Newton (plasticity.c) where a layer is elastoplastic. */
#include <petsctime.h>
#include "elasticity_impl.h"

const char *const DioStageReuses[] = {"none",          "interpolation",    "preconditioner",
                                      "DioStageReuse", "DIO_STAGE_REUSE_", NULL};

/* The linear solver, created on the first solve and kept: CG + GAMG, the options under mech_, and what a later solve
   may keep of this one (-mech_stage_*). Collective. */
static PetscErrorCode CreateLinearSolver(DioElasticity e)
{
  MPI_Comm comm = PetscObjectComm((PetscObject)e->dm);
  PC       pc;

  PetscFunctionBegin;
  PetscCall(DioElasticityGetOperator_Internal(e, &e->K));
  PetscCall(KSPCreate(comm, &e->ksp));
  PetscCall(KSPSetOptionsPrefix(e->ksp, "mech_"));
  PetscCall(KSPSetType(e->ksp, KSPCG));
  PetscCall(KSPGetPC(e->ksp, &pc));
  PetscCall(PCSetType(pc, PCGAMG));
  PetscCall(KSPSetTolerances(e->ksp, 1e-8, 1e-50, PETSC_DEFAULT, 1000));
  PetscCall(DioElasticitySetDefaultOptions_Internal(comm));
  PetscCall(DioElasticityFallbackSetFromOptions_Internal(e));
  PetscCall(DioElasticityChoosePreconditioner_Internal(e, pc));
  /* substructured: CG tests the true residual, so that it stops after its one iteration without applying the
     preconditioner to the final residual (as much work as the solve: two interior solves of every slab) */
  if (e->substructured) PetscCall(KSPSetNormType(e->ksp, KSP_NORM_UNPRECONDITIONED));
  PetscCall(KSPSetFromOptions(e->ksp));
  e->pc_generation        = -1;
  e->stage_reuse          = DIO_STAGE_REUSE_INTERPOLATION;
  e->stage_initial_guess  = PETSC_TRUE;
  e->stage_rebuild_factor = 1.5;
  PetscOptionsBegin(comm, "mech_", "Linear solves in stages (issue 16)", "DioElasticitySolve");
  PetscCall(PetscOptionsEnum("-stage_reuse",
                             "What a solve keeps of the last one: none, interpolation (GAMG's), preconditioner", "",
                             DioStageReuses, (PetscEnum)e->stage_reuse, (PetscEnum *)&e->stage_reuse, NULL));
  PetscCall(PetscOptionsBool("-stage_initial_guess",
                             "CG starts from the displacement passed in (the last stage's), not from zero", "",
                             e->stage_initial_guess, &e->stage_initial_guess, NULL));
  PetscCall(PetscOptionsBool("-stage_incremental",
                             "A stage's stiffness by the rows of the nodes of the cells it changed, not in full", "",
                             e->stage_incremental, &e->stage_incremental, NULL));
  PetscCall(PetscOptionsBool("-stage_incremental_check",
                             "Check: compare every incrementally updated stiffness with a fresh assembly (prints the difference)",
                             "", e->stage_incremental_check, &e->stage_incremental_check, NULL));
  PetscCall(PetscOptionsReal("-stage_rebuild_factor",
                             "With -mech_stage_reuse preconditioner: set it up again after a solve that took more "
                             "than this times the iterations of the last fresh one (-)",
                             "", e->stage_rebuild_factor, &e->stage_rebuild_factor, NULL));
  PetscOptionsEnd();
  PetscCheck(e->stage_rebuild_factor >= 1 && PetscIsNormalReal(e->stage_rebuild_factor), comm, PETSC_ERR_USER_INPUT,
             "-mech_stage_rebuild_factor %g: must be a number >= 1", (double)e->stage_rebuild_factor);
  PetscFunctionReturn(0);
}

/* One KSP solve of K u = F with the preconditioner kept from the last solve (reuse) or set up again: GAMG's hierarchy
   rebuilt where K changed beyond its values (operator_generation), its interpolation kept otherwise
   (-mech_stage_reuse interpolation, preconditioner), or rebuilt every time (none). */
static PetscErrorCode LinearSolve(DioElasticity e, Vec F, Vec u, PetscBool reuse, PetscBool nonzero_guess,
                                  DioSolveInfo *info)
{
  PC pc;

  PetscFunctionBegin;
  PetscCall(KSPSetOperators(e->ksp, e->K, e->K));
  PetscCall(KSPGetPC(e->ksp, &pc));
  if (e->stage_reuse == DIO_STAGE_REUSE_NONE)
    PetscCall(PCGAMGSetReuseInterpolation(pc, PETSC_FALSE));
  else if (!reuse)
    PetscCall(DioElasticityRefreshPreconditioner_Internal(e, pc, &e->pc_generation));
  PetscCall(KSPSetReusePreconditioner(e->ksp, reuse));
  /* with the Cholesky preconditioner the guess saves nothing (one iteration either way) and costs a triangular
     solve more: the test measures against the preconditioned right-hand side, which PETSc then applies P to. The
     substructured one tests the true residual (a matrix product more, no solve), and the guess leaves a residual
     only near the cells the stage changed, so that the slabs far from them need no solve (substructure.c) */
  PetscCall(KSPSetInitialGuessNonzero(e->ksp, (PetscBool)(nonzero_guess && (!e->direct_pc || e->substructured))));
  PetscCall(KSPSolve(e->ksp, F, u));
  PetscCall(KSPGetConvergedReason(e->ksp, &info->reason));
  PetscCall(KSPGetIterationNumber(e->ksp, &info->iterations));
  PetscCall(KSPGetResidualNorm(e->ksp, &info->residual_norm));
  PetscFunctionReturn(0);
}

/*
  DioElasticitySolve - assemble and solve K u = F. Collective.

  u: on entry the initial guess of CG (-mech_stage_initial_guess, default true: a staged run passes the last
  stage's solution; a fresh vector is zero); on exit the solution.
  Options (prefix mech_): every KSP/PC option, e.g. -mech_ksp_monitor, -mech_ksp_rtol, -mech_pc_type lu.
  Defaults: CG, GAMG with the rigid-body near-null space, relative tolerance 1e-8 (of the preconditioned right-hand
  side, whatever the initial guess); -mech_stage_reuse interpolation: GAMG's hierarchy rebuilt where K changed beyond
  its values (active cells, materials, rows: operator_generation), its interpolation kept otherwise;
  -mech_stage_reuse preconditioner (opt-in): a later solve keeps the whole preconditioner while its iterations stay
  within -mech_stage_rebuild_factor (1.5) times those of the last solve that set it up, sets it up again after one
  that took more, when the active cells change, or at once when a solve with the kept one fails; none: a fresh GAMG
  every solve. Up to -mech_direct_max_dofs dofs, CG preconditioned by a Cholesky factorisation (MUMPS) instead of GAMG
  (one iteration; no initial guess, but for the substructured one: -mech_substructures). An LU by MUMPS where the
  Krylov solve fails (-mech_fallback_max_dofs; linear_fallback.c).
  A solve that does not converge even so is an error (PETSC_ERR_NOT_CONVERGED) naming the reason and iterations.
*/
PetscErrorCode DioElasticitySolve(DioElasticity e, Vec u, DioSolveInfo *info)
{
  Vec            F;
  PetscBool      reuse = PETSC_FALSE;
  PetscLogDouble t0, t1, t2;
  MPI_Comm       comm = PetscObjectComm((PetscObject)e->dm);

  PetscFunctionBegin;
  PetscCall(DioElasticitySetUp(e));
  PetscCall(PetscMemzero(info, sizeof(*info)));
  PetscCall(PetscTime(&t0));
  if (e->plastic) {
    for (PetscInt b = 1; b <= DIO_BOUNDARY_MAX; b++)
      PetscCheck(!(e->bc[b] == DIO_BC_ROLLER && e->roller_inclined[b]), comm, PETSC_ERR_USER_INPUT,
                 "boundary %" PetscInt_FMT ": a roller on inclined or curved faces is supported with elastic layers "
                 "only (this run has an elastoplastic one)",
                 b);
    PetscCall(DioElasticitySolvePlastic(e, u, info));
    PetscCheck(info->converged, comm, PETSC_ERR_NOT_CONVERGED,
               "mechanics (elastoplastic) solve failed at load fraction %.4g: %s after %" PetscInt_FMT
               " load increments (%" PetscInt_FMT " cut back, the last %" PetscInt_FMT
               " in a row down to increment %.3g): no equilibrium, the ground may be collapsing (check strength "
               "parameters and supports);"
               " -mech_load_monitor -mech_snes_monitor show the attempts, -mech_load_cutbacks_max 0 "
               "-mech_load_increment_min 1e-6 search further",
               (double)info->load_fraction,
               info->stagnated ? "Newton stagnated" : SNESConvergedReasons[info->snes_reason], info->load_increments,
               info->cutbacks, info->consecutive_cutbacks, (double)info->last_increment);
    PetscFunctionReturn(0);
  }
  /* the matrix, its pattern and the solver are built once and kept for every later stage (DESIGN.md): an
     excavated cell changes values, never the pattern; other pinned dofs start a new solver (nothing kept) */
  if (e->ksp && e->pc_stale && e->stage_reuse == DIO_STAGE_REUSE_PRECONDITIONER) {
    PetscCall(KSPDestroy(&e->ksp));
    e->fresh_iterations = -1;
  }
  e->pc_stale = PETSC_FALSE;
  if (e->ksp == NULL) PetscCall(CreateLinearSolver(e));
  PetscCall(VecDuplicate(u, &F));
  PetscCall(DioElasticityAssemble(e, e->K, F));
  PetscCall(PetscTime(&t1));

  PetscCall(PetscLogEventBegin(e->event_solve, e->K, F, u, 0));
  if (!e->stage_initial_guess) PetscCall(VecSet(u, 0.0));
  PetscCall(DioElasticityRotateGlobal_Internal(e, u, PETSC_TRUE)); /* inclined rollers: the unknown is R^T u there */
  if (e->ksp_direct == NULL) {
    reuse = (PetscBool)(e->stage_reuse == DIO_STAGE_REUSE_PRECONDITIONER && e->fresh_iterations >= 0);
    PetscCall(LinearSolve(e, F, u, reuse, e->stage_initial_guess, info));
    if (reuse && info->reason <= 0) {
      /* the kept preconditioner failed on the new values: set it up again and start over from zero */
      PetscCall(PetscInfo(e->ksp, "kept preconditioner: %s after %" PetscInt_FMT " iterations; set up again\n",
                          KSPConvergedReasons[info->reason], info->iterations));
      reuse = PETSC_FALSE;
      PetscCall(LinearSolve(e, F, u, PETSC_FALSE, PETSC_FALSE, info));
    }
    if (!reuse && info->reason <= 0 && e->stage_initial_guess) {
      /* the last stage's solution is a poor start for a stage with (almost) nothing left to carry (a lining activated
         stress-free): the default test measures the residual against |F| and stops at DTOL at once; start from zero */
      PetscCall(PetscInfo(e->ksp, "from the last stage's solution: %s after %" PetscInt_FMT " iterations; from zero\n",
                          KSPConvergedReasons[info->reason], info->iterations));
      PetscCall(VecSet(u, 0.0));
      PetscCall(LinearSolve(e, F, u, PETSC_FALSE, PETSC_FALSE, info));
    }
    if (!reuse) e->fresh_iterations = info->iterations;
    /* slower than the fresh one by more than the factor: the next solve sets it up again */
    else if (info->iterations > e->stage_rebuild_factor * e->fresh_iterations)
      e->fresh_iterations = -1;
  }
  /* where the Krylov solve failed (once: for the rest of the run), a direct solve if the system is small enough */
  if (e->ksp_direct != NULL || info->reason <= 0) PetscCall(DioElasticitySolveFallback_Internal(e, F, u, info));
  PetscCall(DioElasticityRotateGlobal_Internal(e, u, PETSC_FALSE));
  PetscCall(VecNorm(F, NORM_2, &info->rhs_norm));
  PetscCall(PetscLogEventEnd(e->event_solve, e->K, F, u, 0));
  PetscCall(PetscTime(&t2));
  info->assembly_seconds    = t1 - t0;
  info->solve_seconds       = t2 - t1;
  info->converged           = (PetscBool)(info->reason > 0);
  info->load_fraction       = 1.0;
  info->preconditioner_kept = reuse;
  PetscCall(VecDestroy(&F));
  PetscCheck(info->reason > 0, comm, PETSC_ERR_NOT_CONVERGED,
             "mechanics solve did not converge: %s after %" PetscInt_FMT " iterations, and no direct fallback"
             " (-mech_fallback_max_dofs %" PetscInt_FMT ", MUMPS needed; try -mech_ksp_monitor, -mech_pc_type lu)",
             KSPConvergedReasons[info->reason], info->iterations, e->fallback_max_dofs);
  PetscFunctionReturn(0);
}
