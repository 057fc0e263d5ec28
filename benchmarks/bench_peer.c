/* SPDX-License-Identifier: BSD-2-Clause
   bench_peer.c: the peer of diomede's elasticity benchmark: the same problem through PETSc's own finite elements
   (PetscFE Lagrange on the tensor cells, PetscDS pointwise functions, DMPlex residual and Jacobian assembly through
   SNES, DMCreateMatrix preallocation, essential conditions removed from the global system) and the same solver
   (CG + GAMG with the rigid-body near-null space, the same Chebyshev eigenvalue margin, the same tolerance).

   Weak form, as diomede's kernels: find u with u = 0 on the fixed faces such that for every test function v
     int grad v : sigma(u) dx - int v . b dx = 0,   sigma = lambda tr(eps) I + 2 mu eps,   b = -weight e_vertical.
   PETSc writes the residual as int v . f0 + grad v : f1, so f0 = -b and f1 = sigma; the Jacobian has only the
   gradient-gradient block g3 = d sigma / d grad u. All constants are divided by the modulus scale (see bench.h). */
#include <petscsnes.h>
#include <petscds.h>
#include "dio_solver.h"
#include "bench.h"

/* constants[] layout handed to the pointwise functions */
enum { PEER_LAMBDA, PEER_MU, PEER_WEIGHT, PEER_NUM_CONSTANTS };

/* f0 = -b: the body force acts downwards, along -e_(dim-1). */
static void PeerF0(PetscInt dim, PetscInt Nf, PetscInt NfAux, const PetscInt uOff[], const PetscInt uOff_x[],
                   const PetscScalar u[], const PetscScalar u_t[], const PetscScalar u_x[], const PetscInt aOff[],
                   const PetscInt aOff_x[], const PetscScalar a[], const PetscScalar a_t[], const PetscScalar a_x[],
                   PetscReal t, const PetscReal x[], PetscInt numConstants, const PetscScalar constants[],
                   PetscScalar f0[])
{
  for (PetscInt d = 0; d < dim; d++) f0[d] = 0.0;
  f0[dim - 1] = constants[PEER_WEIGHT];
}

/* f1[c][d] = sigma_cd = mu (u_c,d + u_d,c) + lambda div u delta_cd; u_x[c * dim + d] = d u_c / d x_d. */
static void PeerF1(PetscInt dim, PetscInt Nf, PetscInt NfAux, const PetscInt uOff[], const PetscInt uOff_x[],
                   const PetscScalar u[], const PetscScalar u_t[], const PetscScalar u_x[], const PetscInt aOff[],
                   const PetscInt aOff_x[], const PetscScalar a[], const PetscScalar a_t[], const PetscScalar a_x[],
                   PetscReal t, const PetscReal x[], PetscInt numConstants, const PetscScalar constants[],
                   PetscScalar f1[])
{
  const PetscScalar lambda = constants[PEER_LAMBDA], mu = constants[PEER_MU];
  PetscScalar       divergence = 0.0;

  for (PetscInt c = 0; c < dim; c++) divergence += u_x[c * dim + c];
  for (PetscInt c = 0; c < dim; c++) {
    for (PetscInt d = 0; d < dim; d++) f1[c * dim + d] = mu * (u_x[c * dim + d] + u_x[d * dim + c]);
    f1[c * dim + c] += lambda * divergence;
  }
}

/* g3[((fc * Nc + gc) * dim + df) * dim + dg] = d sigma_(fc,df) / d (u_gc,dg)
   = mu (delta_fc,gc delta_df,dg + delta_fc,dg delta_df,gc) + lambda delta_fc,df delta_gc,dg. */
static void PeerG3(PetscInt dim, PetscInt Nf, PetscInt NfAux, const PetscInt uOff[], const PetscInt uOff_x[],
                   const PetscScalar u[], const PetscScalar u_t[], const PetscScalar u_x[], const PetscInt aOff[],
                   const PetscInt aOff_x[], const PetscScalar a[], const PetscScalar a_t[], const PetscScalar a_x[],
                   PetscReal t, PetscReal u_tShift, const PetscReal x[], PetscInt numConstants,
                   const PetscScalar constants[], PetscScalar g3[])
{
  const PetscScalar lambda = constants[PEER_LAMBDA], mu = constants[PEER_MU];
  const PetscInt    Nc = dim;

  for (PetscInt c = 0; c < Nc; c++) {
    for (PetscInt d = 0; d < dim; d++) {
      g3[((c * Nc + c) * dim + d) * dim + d] += mu;
      g3[((c * Nc + d) * dim + d) * dim + c] += mu;
      g3[((c * Nc + d) * dim + c) * dim + d] += lambda;
    }
  }
}

static PetscErrorCode PeerZero(PetscInt dim, PetscReal time, const PetscReal x[], PetscInt Nc, PetscScalar *u,
                               void *ctx)
{
  for (PetscInt c = 0; c < Nc; c++) u[c] = 0.0;
  return 0;
}

/* GAMG's Chebyshev smoothers get the margin diomede sets for its own solver (elasticity_assembly.c), unless set. */
static PetscErrorCode PeerSetDefaultOptions(void)
{
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasName(NULL, NULL, "-peer_mg_levels_ksp_chebyshev_esteig", &set));
  if (!set) PetscCall(PetscOptionsSetValue(NULL, "-peer_mg_levels_ksp_chebyshev_esteig", "0,0.1,0,1.2"));
  PetscFunctionReturn(0);
}

/*
  BenchPeerRun - solve the benchmark problem through PETSc's FE path and time its phases. Collective on dm.

  Input: dm, the mesh diomede used (only cloned: its sections are untouched); setup, the problem (bench.h).
  Output: result, timings (slowest rank), iterations and the norms to compare with diomede's.
  Options: prefix peer_ for the KSP and PC (-peer_ksp_monitor, -peer_pc_type ...).
*/
PetscErrorCode BenchPeerRun(DM dm, const BenchPeerSetup *setup, BenchPeerResult *result)
{
  MPI_Comm       comm = PetscObjectComm((PetscObject)dm);
  DM             peer_dm;
  PetscFE        fe;
  PetscDS        ds;
  SNES           snes;
  KSP            ksp;
  PC             pc;
  Mat            J;
  Vec            u, residual, du;
  MatNullSpace   rigid;
  MatInfo        info;
  PetscInt       dim;
  PetscScalar    constants[PEER_NUM_CONSTANTS];
  PetscLogDouble t0;
  PetscLogStage  stage_assembly, stage_solve;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(result, sizeof(*result)));
  PetscCall(DioLogStageGet("Peer Assembly", &stage_assembly));
  PetscCall(DioLogStageGet("Peer Solve", &stage_solve));
  PetscCall(BenchPeakMemoryReset(comm, NULL));
  PetscCall(PetscLogStagePush(stage_assembly));

  PetscCall(BenchTime(comm, &t0));
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DMClone(dm, &peer_dm));
  PetscCall(PetscObjectSetName((PetscObject)peer_dm, "peer"));
  PetscCall(PetscFECreateLagrange(comm, dim, dim, PETSC_FALSE, setup->order, PETSC_DETERMINE, &fe));
  PetscCall(PetscObjectSetName((PetscObject)fe, "displacement"));
  PetscCall(DMSetField(peer_dm, 0, NULL, (PetscObject)fe));
  PetscCall(DMCreateDS(peer_dm));
  PetscCall(DMGetDS(peer_dm, &ds));
  constants[PEER_LAMBDA] = setup->lambda;
  constants[PEER_MU]     = setup->mu;
  constants[PEER_WEIGHT] = setup->weight;
  PetscCall(PetscDSSetConstants(ds, PEER_NUM_CONSTANTS, constants));
  PetscCall(PetscDSSetResidual(ds, 0, PeerF0, PeerF1));
  PetscCall(PetscDSSetJacobian(ds, 0, 0, NULL, NULL, NULL, PeerG3));
  PetscCall(DMAddBoundary(peer_dm, DM_BC_ESSENTIAL, "fixed", setup->boundary, 1, &setup->boundary_id, 0, 0, NULL,
                          (void (*)(void))PeerZero, NULL, NULL, NULL));
  PetscCall(DMCreateGlobalVector(peer_dm, &u));
  PetscCall(VecSet(u, 0.0));
  PetscCall(VecGetSize(u, &result->num_dofs));
  PetscCall(BenchElapsed(comm, t0, &result->setup_seconds));

  PetscCall(BenchTime(comm, &t0));
  PetscCall(DMCreateMatrix(peer_dm, &J));
  PetscCall(BenchElapsed(comm, t0, &result->prealloc_seconds));

  PetscCall(SNESCreate(comm, &snes));
  PetscCall(SNESSetOptionsPrefix(snes, "peer_"));
  PetscCall(SNESSetDM(snes, peer_dm));
  PetscCall(DMPlexSetSNESLocalFEM(peer_dm, (void *)setup, (void *)setup, (void *)setup));
  PetscCall(VecDuplicate(u, &residual));
  PetscCall(BenchTime(comm, &t0));
  PetscCall(SNESComputeFunction(snes, u, residual));
  PetscCall(BenchElapsed(comm, t0, &result->residual_seconds));

  result->jacobian_seconds = PETSC_MAX_REAL;
  for (PetscInt k = 0; k < 1 + setup->jacobian_repeats; k++) {
    PetscLogDouble seconds;

    PetscCall(BenchTime(comm, &t0));
    PetscCall(SNESComputeJacobian(snes, u, J, J));
    PetscCall(BenchElapsed(comm, t0, &seconds));
    if (k == 0) result->jacobian_first_seconds = seconds;
    result->jacobian_seconds = PetscMin(result->jacobian_seconds, seconds);
  }
  PetscCall(DMPlexCreateRigidBody(peer_dm, 0, &rigid));
  PetscCall(MatSetNearNullSpace(J, rigid));
  PetscCall(MatNullSpaceDestroy(&rigid));
  PetscCall(MatGetInfo(J, MAT_GLOBAL_SUM, &info));
  result->matrix_nonzeros = info.nz_used;
  PetscCall(PetscLogStagePop());

  /* J du = -F(0): the right-hand side is the load vector */
  PetscCall(PetscLogStagePush(stage_solve));
  PetscCall(VecScale(residual, -1.0));
  PetscCall(VecNorm(residual, NORM_2, &result->rhs_norm));
  PetscCall(VecDuplicate(u, &du));
  PetscCall(PeerSetDefaultOptions());
  PetscCall(BenchTime(comm, &t0));
  PetscCall(KSPCreate(comm, &ksp));
  PetscCall(KSPSetOptionsPrefix(ksp, "peer_"));
  PetscCall(KSPSetOperators(ksp, J, J));
  PetscCall(KSPSetType(ksp, KSPCG));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCGAMG));
  PetscCall(KSPSetTolerances(ksp, setup->rtol, 1e-50, PETSC_DEFAULT, 1000));
  PetscCall(KSPSetFromOptions(ksp));
  PetscCall(KSPSolve(ksp, residual, du));
  PetscCall(BenchElapsed(comm, t0, &result->solve_seconds));
  PetscCall(KSPGetConvergedReason(ksp, &result->reason));
  PetscCall(KSPGetIterationNumber(ksp, &result->iterations));
  PetscCall(VecNorm(du, NORM_2, &result->solution_norm));
  PetscCall(PetscLogStagePop());
  PetscCall(BenchPeakMemoryGet(comm, &result->peak_bytes));

  PetscCall(KSPDestroy(&ksp));
  PetscCall(SNESDestroy(&snes));
  PetscCall(VecDestroy(&du));
  PetscCall(VecDestroy(&residual));
  PetscCall(VecDestroy(&u));
  PetscCall(MatDestroy(&J));
  PetscCall(PetscFEDestroy(&fe));
  PetscCall(DMDestroy(&peer_dm));
  PetscCheck(result->reason > 0, comm, PETSC_ERR_NOT_CONVERGED,
             "peer solve did not converge: %s after %" PetscInt_FMT " iterations", KSPConvergedReasons[result->reason],
             result->iterations);
  PetscFunctionReturn(0);
}
