/* SPDX-License-Identifier: BSD-2-Clause
   linear_fallback.c: keeping the linear mechanics solve K u = F converging from stage to stage (and the default options
   of GAMG's smoothers, which the elastoplastic solve's Krylov solves take too).

   1. The GAMG hierarchy is rebuilt when K changed beyond its values' scale: cells activated or removed, a material
      replaced, cell moduli changed, rows constrained. PETSc 3.18's GAMG keeps its prolongator by default
      (-pc_gamg_reuse_interpolation true) and with it the eigenvalue bounds of its Chebyshev smoothers, estimated by
      the smoothed aggregation on the operator it was built for (-pc_gamg_use_sa_esteig true). Kept from a stage with
      other active cells, those bounds are too low where the new stage added stiffness: the transverse section's
      lining (C50/60 in thin cells, none in the excavation stage the hierarchy came from) made the smoother
      indefinite and CG stopped with DIVERGED_INDEFINITE_PC (Q1, or 2 ranks), and needed twice the iterations where
      it did not (Q2: 137 against 64 rebuilt). A stage that changes only the loads keeps the hierarchy.
      -mech_pc_gamg_reuse_interpolation set by the user is left to the user.
   2. Where GAMG still does not converge (nearly incompressible layers, nu -> 0.5: the elastic operator's
      lambda / mu of 5000 at nu = 0.4999 is beyond what smoothed aggregation handles in 1000 iterations), the system
      is solved by an LU factorisation (MUMPS) instead, with one log line saying so, and every later solve of the
      run uses it too. Only systems of at most -mech_fallback_max_dofs dofs (default 2 000 000 in 2D, 200 000 in 3D:
      the factor's memory grows much faster in 3D) fall back; larger ones, or a PETSc without MUMPS, stop with
      exit code 2 as before.
   3. Up to -mech_direct_max_dofs dofs (default 0: never; the longitudinal drive sets 4 000 000 in 2D), CG is
      preconditioned by a Cholesky factorisation of K (MUMPS) instead of GAMG: one CG iteration, the same convergence
      test. On the strait's long thin 2D sections (107 km by 0.6 km, stiffness contrast of 900 between sediment and
      granite, cells 10 m by 1 m) the nested-dissection fill stays small, and a factorisation per stage costs a
      fraction of the 60-70 CG + GAMG iterations (issue 16, benchmarks/README.md). With -mech_substructures K the
      factorisation is computed by K slabs along x and a slab is factored again only where a solve changed its part
      of K (substructure.c). */
#include "elasticity_impl.h"
#include "fe_common.h"

/* GAMG's Chebyshev smoothers need a safe upper eigenvalue bound: with the default margin (1.1) the stiffness
   contrast of the strait (sediment 40 MPa next to granite 35 GPa) and flat cells give DIVERGED_INDEFINITE_PC. These
   defaults apply only where the user set nothing, and are recorded in the options database (and so in the output). */
PetscErrorCode DioElasticitySetDefaultOptions_Internal(MPI_Comm comm)
{
  const char *defaults[][2] = {{"-mech_mg_levels_ksp_chebyshev_esteig", "0,0.1,0,1.2"}};

  PetscFunctionBegin;
  PetscCall(DioFESetDefaultOptions_Internal(sizeof(defaults) / sizeof(defaults[0]), defaults));
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticityRefreshPreconditioner_Internal(DioElasticity e, PC pc, PetscInt *pc_generation)
{
  PetscBool   user_set;
  PetscMPIInt rebuild = *pc_generation != e->operator_generation, rebuild_any;
  const char *prefix;

  PetscFunctionBegin;
  PetscCall(PCGetOptionsPrefix(pc, &prefix));
  /* collective: every rank decides alike even if a setter ran on some ranks only */
  PetscCallMPI(MPI_Allreduce(&rebuild, &rebuild_any, 1, MPI_INT, MPI_MAX, PetscObjectComm((PetscObject)pc)));
  PetscCall(PetscOptionsHasName(NULL, prefix, "-pc_gamg_reuse_interpolation", &user_set));
  /* a no-op unless the PC is GAMG */
  if (!user_set) PetscCall(PCGAMGSetReuseInterpolation(pc, rebuild_any ? PETSC_FALSE : PETSC_TRUE));
  *pc_generation = e->operator_generation;
  PetscFunctionReturn(0);
}

/*
  DioElasticityFallbackSetFromOptions_Internal - the fallback's options. Collective.

  Options:
. -mech_fallback_max_dofs <n> - largest system (global dofs) solved by LU (MUMPS) when the Krylov solve fails;
                                 0: none (the run stops with exit code 2). Default 2000000 in 2D, 200000 in 3D.
. -mech_substructures_interface <blocks|mumps> - the substructured factorisation's interface system by blocks by cut
                                 (default, where its structure allows) or factored whole by MUMPS.
*/
PetscErrorCode DioElasticityFallbackSetFromOptions_Internal(DioElasticity e)
{
  MPI_Comm  comm = PetscObjectComm((PetscObject)e->dm);
  PetscBool set, blocks;
  char      interface[16] = "blocks";

  PetscFunctionBegin;
  e->fallback_max_dofs = e->dim == 2 ? 2000000 : 200000;
  PetscOptionsBegin(comm, "mech_", "Mechanics: fallback of the linear solve", "");
  PetscCall(PetscOptionsInt("-fallback_max_dofs",
                            "Largest system (global dofs) solved by LU (MUMPS) where CG + GAMG does not converge; 0: none,"
                            " stop with exit code 2 (default 2000000 in 2D, 200000 in 3D)",
                            "", e->fallback_max_dofs, &e->fallback_max_dofs, NULL));
  PetscCall(PetscOptionsInt("-direct_max_dofs",
                            "Largest system (global dofs) whose CG is preconditioned by a Cholesky factorisation (MUMPS)"
                            " of K instead of GAMG; 0: GAMG always (default 0; the longitudinal drive: 4000000 in 2D)",
                            "", e->direct_max_dofs, &e->direct_max_dofs, NULL));
  PetscCall(PetscOptionsInt("-substructures",
                            "That Cholesky factorisation by this many slabs of equal cell counts along x, each factored"
                            " again only when a solve changed its part of K; 0: the whole K every solve (default 0)",
                            "", e->substructures, &e->substructures, &set));
  if (set) e->substructures_min_dofs = 0;
  PetscCall(PetscOptionsString("-substructures_interface",
                               "How the substructured factorisation solves its interface system: blocks (a block tridiagonal"
                               " Cholesky by cut, its changed blocks factored again; MUMPS where the slabs do not allow it) or"
                               " mumps (factored whole by MUMPS every time it changed) (default blocks)",
                               "", interface, interface, sizeof(interface), NULL));
  PetscOptionsEnd();
  PetscCall(PetscStrcmp(interface, "mumps", &e->substructures_mumps));
  PetscCall(PetscStrcmp(interface, "blocks", &blocks));
  PetscCheck(e->substructures_mumps || blocks, comm, PETSC_ERR_USER_INPUT, "-mech_substructures_interface = %s: must be blocks or mumps", interface);
  PetscCheck(e->direct_max_dofs >= 0, comm, PETSC_ERR_USER_INPUT, "-mech_direct_max_dofs = %" PetscInt_FMT ": must be >= 0",
             e->direct_max_dofs);
  PetscCheck(e->substructures >= 0, comm, PETSC_ERR_USER_INPUT, "-mech_substructures = %" PetscInt_FMT ": must be >= 0",
             e->substructures);
  PetscCheck(e->fallback_max_dofs >= 0, comm, PETSC_ERR_USER_INPUT, "-mech_fallback_max_dofs = %" PetscInt_FMT ": must be >= 0",
             e->fallback_max_dofs);
  PetscFunctionReturn(0);
}

/*
  DioElasticitySetDirectMaxDofs - the default of -mech_direct_max_dofs for this elasticity (0 unless set): the
  largest system (global dofs) whose CG is preconditioned by a Cholesky factorisation (MUMPS) instead of GAMG. Takes
  effect when the linear solver is created (the first solve); the option still wins. Not collective.
*/
PetscErrorCode DioElasticitySetDirectMaxDofs(DioElasticity e, PetscInt max_dofs)
{
  PetscFunctionBegin;
  PetscCheck(max_dofs >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "direct_max_dofs %" PetscInt_FMT ": must be >= 0",
             max_dofs);
  e->direct_max_dofs = max_dofs;
  PetscFunctionReturn(0);
}

/*
  DioElasticitySetSubstructures - the default of -mech_substructures for this elasticity (0 unless set): the Cholesky
  preconditioner of -mech_direct_max_dofs computed by num_slabs slabs along x (substructure.c), for systems of at least
  min_dofs global dofs (set by the option: every size). Takes effect when the linear solver is created. Not collective.
*/
PetscErrorCode DioElasticitySetSubstructures(DioElasticity e, PetscInt num_slabs, PetscInt min_dofs)
{
  PetscFunctionBegin;
  PetscCheck(num_slabs >= 0 && min_dofs >= 0, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "substructures %" PetscInt_FMT ", from %" PetscInt_FMT " dofs: must be >= 0", num_slabs, min_dofs);
  e->substructures          = num_slabs;
  e->substructures_min_dofs = min_dofs;
  PetscFunctionReturn(0);
}

/*
  DioElasticityChoosePreconditioner_Internal - CG's preconditioner pc: a Cholesky factorisation of K by MUMPS where K
  has at most -mech_direct_max_dofs global dofs, MUMPS is there and -mech_pc_type is not set; GAMG (as pc is on
  entry) otherwise. Sets elas->direct_pc. Before KSPSetFromOptions(), so that -mech_pc_* still apply. Collective.
*/
PetscErrorCode DioElasticityChoosePreconditioner_Internal(DioElasticity e, PC pc)
{
  PetscInt    num_dofs;
  PetscBool   has_mumps, user_set;
  const char *prefix;

  PetscFunctionBegin;
  PetscCall(MatGetSize(e->K, &num_dofs, NULL));
  PetscCall(MatGetFactorAvailable(e->K, MATSOLVERMUMPS, MAT_FACTOR_CHOLESKY, &has_mumps));
  PetscCall(PCGetOptionsPrefix(pc, &prefix));
  PetscCall(PetscOptionsHasName(NULL, prefix, "-pc_type", &user_set));
  e->direct_pc = (PetscBool)(num_dofs <= e->direct_max_dofs && has_mumps && !user_set);
  e->substructured = (PetscBool)(e->direct_pc && e->substructures > 0 && num_dofs >= e->substructures_min_dofs);
  if (e->substructured) PetscCall(DioElasticitySetSubstructurePC_Internal(e, e->substructures, pc));
  else if (e->direct_pc) {
    PetscCall(PCSetType(pc, PCCHOLESKY));
    PetscCall(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
  }
  PetscFunctionReturn(0);
}

/* The direct solver (LU by MUMPS), created on first use. Collective. */
static PetscErrorCode GetDirectSolver(DioElasticity e, KSP *ksp)
{
  PetscFunctionBegin;
  if (e->ksp_direct == NULL) {
    PC pc;
    PetscCall(KSPCreate(PetscObjectComm((PetscObject)e->dm), &e->ksp_direct));
    PetscCall(KSPSetType(e->ksp_direct, KSPPREONLY));
    PetscCall(KSPGetPC(e->ksp_direct, &pc));
    PetscCall(PCSetType(pc, PCLU));
    PetscCall(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
  }
  *ksp = e->ksp_direct;
  PetscFunctionReturn(0);
}

/*
  DioElasticitySolveFallback_Internal - K u = F by the direct solver, after the Krylov solve described by info
  failed (the first time: one log line), or for every solve after that. info is updated: reason, iterations (1),
  residual norm; left unchanged where no fallback is allowed (too large, no MUMPS). Collective.
*/
PetscErrorCode DioElasticitySolveFallback_Internal(DioElasticity e, Vec F, Vec u, DioSolveInfo *info)
{
  MPI_Comm  comm = PetscObjectComm((PetscObject)e->dm);
  PetscInt  num_dofs;
  PetscBool has_mumps;
  KSP       ksp = NULL;
  Vec       r;

  PetscFunctionBegin;
  PetscCall(MatGetSize(e->K, &num_dofs, NULL));
  PetscCall(MatGetFactorAvailable(e->K, MATSOLVERMUMPS, MAT_FACTOR_LU, &has_mumps));
  if (e->ksp_direct == NULL) {
    if (!has_mumps || num_dofs > e->fallback_max_dofs) PetscFunctionReturn(0);
    PetscCall(PetscPrintf(comm,
                          "            mechanics: the Krylov solve stopped (%s after %" PetscInt_FMT " iterations);"
                          " solving by LU (MUMPS) instead, here and in every later solve (%" PetscInt_FMT
                          " dofs, -mech_fallback_max_dofs %" PetscInt_FMT ")\n",
                          KSPConvergedReasons[info->reason], info->iterations, num_dofs, e->fallback_max_dofs));
  }
  PetscCall(GetDirectSolver(e, &ksp));
  PetscCall(KSPSetOperators(ksp, e->K, e->K));
  PetscCall(VecSet(u, 0.0));
  PetscCall(KSPSolve(ksp, F, u));
  PetscCall(KSPGetConvergedReason(ksp, &info->reason));
  info->iterations = 1;
  /* the true residual, as the Krylov solve reports it */
  PetscCall(VecDuplicate(F, &r));
  PetscCall(MatMult(e->K, u, r));
  PetscCall(VecAYPX(r, -1.0, F));
  PetscCall(VecNorm(r, NORM_2, &info->residual_norm));
  PetscCall(VecDestroy(&r));
  PetscFunctionReturn(0);
}
