/* SPDX-License-Identifier: BSD-2-Clause
   plasticity.c: the elastoplastic solve (Mohr-Coulomb / Drucker-Prager layers, mohr_coulomb.h): residual and
   consistent tangent for PETSc's SNES (Newton), load increments with automatic cut-back (the state per quadrature
   point and its options: plasticity_state.c).

   A solve moves the ground from its committed state (stress sigma_n at the quadrature points, displacement u_n since
   the last DioElasticityStoreInitialStress()) to equilibrium with the current loads, active cells and load factor:
       R(u; t) = int B^T (sigma(u) - sigma_0) - [G_n + t (F - G_n)] = 0,   t: 0 -> 1 in increments,
   with sigma(u) the return map of sigma_n + D (eps(u) - eps(u_n)), sigma_0 the initial stress, F the load vector of
   the linear solve (its right-hand side: loads minus the initial stress's internal force, times the load factor) and
   G_n = int B^T (sigma_n - sigma_0) over the active cells: at t = 0 the committed state solves R = 0 (whatever was
   excavated or loaded since), at t = 1 the loads are carried. For an elastic ground this is the linear solve.
   An increment that Newton cannot converge is halved and retried from the committed state, down to a minimum.
   Dirichlet and pinned (excavated) dofs keep their residual zero and the diagonal of the tangent, as the linear solve.
   A prescribed displacement g (prescribed_displacement.c) enters the unknown, not the load: at the start of an
   increment to t its dofs are set to u_n + t (g - u_n) and Newton's steps leave them there (the line search's
   pre-check zeroes them), so F holds no lifting; their residual rows are zero as for any constrained dof.
   Thaw coupling (elasticity_coupling.c): the cell's own elastic constants enter its material update, and the change
   of the stress-free strain eps* since the committed state, scaled like the loads (eps*_start + t (eps* - eps*_start)),
   is subtracted from the strain increment before the return map, so F holds no eigenstrain load. With moduli that
   change between solves the update is incremental (sigma_n + D_now d_eps), where the linear solve is secant
   (sigma_0 + D_now eps): the two agree on the first solve after DioElasticityStoreInitialStress().
   Scaling as the linear solve: residual and tangent are divided by the largest Young's modulus. */
#include <petsctime.h>
#include "elasticity_impl.h"
#include "elastoplastic.h"

PetscErrorCode DioElasticityIsNonlinear(DioElasticity e, PetscBool *nonlinear)
{
  PetscFunctionBegin;
  PetscCall(DioElasticitySetUp(e));
  *nonlinear = (PetscBool)(e->plastic != NULL);
  PetscFunctionReturn(0);
}

/* The stress-free strain at quadrature point q of local cell c at load fraction t: eps*_start + t (eps* - eps*_start)
   (eps* = 0 once cleared). */
static inline void EigenstrainAt(const struct _n_DioElasticity *e, PetscInt c, PetscInt q, PetscReal t,
                                 double eps_star[6])
{
  const DioPlasticity *pl  = e->plastic;
  const size_t         off = ((size_t)c * e->tab.num_qpoints + q) * 6;
  for (PetscInt k = 0; k < 6; k++) {
    const double start = pl->eigenstrain_start[off + k], now = e->eigenstrain ? e->eigenstrain[off + k] : 0.0;
    eps_star[k] = start + t * (now - start);
  }
}

/* Material update of the quadrature points of active cell c for the element displacement increment du (from the
   committed state), less the eigenstrain increment: trial stress, plastic strain and yield region, and the material
   tangents if asked. Pure. */
static int CellUpdate(const struct _n_DioElasticity *e, PetscInt c, const double *restrict du, double *restrict tangent_q)
{
  const DioPlasticity *pl     = e->plastic;
  const PetscInt       nq     = e->tab.num_qpoints, layer = e->cell_layer[c];
  const size_t         off    = (size_t)c * nq * 6;
  double              *sig    = &pl->stress_trial[off], *eps_p = &pl->plastic_strain_trial[off], *yield = &pl->yield_trial[(size_t)c * nq];
  double               eps[DIO_MAX_QUAD_POINTS * 6], lambda, mu;
  int                  status = dio_ep_qpoint_strain(&e->tab, &e->cell_nodes[c * e->dofs_per_cell], du, eps);

  if (status) return status;
  if (pl->eigenstrain_used) {
    for (PetscInt q = 0; q < nq; q++) {
      double eps_star[6];
      EigenstrainAt(e, c, q, pl->load_fraction, eps_star);
      for (PetscInt k = 0; k < 6; k++) eps[6 * q + k] -= eps_star[k] - pl->eigenstrain_committed[off + 6 * q + k];
    }
  }
  for (PetscInt i = 0; i < nq * 6; i++) eps_p[i] = pl->plastic_strain[off + i];
  DioElasticityCellLame_Internal(e, c, &lambda, &mu);
  if (pl->layer_plastic[layer]) {
    DioMCParams p = pl->layer_params[layer];
    if (e->cell_lame) {
      /* the cell's own constants (frozen ground): E and nu back from lambda and mu */
      p.youngs_modulus = mu * (3.0 * lambda + 2.0 * mu) / (lambda + mu);
      p.poissons_ratio = 0.5 * lambda / (lambda + mu);
    }
    return dio_mc_update_batch(&p, (int)nq, NULL, &pl->stress[off], eps, sig, eps_p, yield, tangent_q);
  }
  for (PetscInt q = 0; q < nq; q++) {
    const double *de = &eps[6 * q], tr = de[0] + de[1] + de[2];
    for (PetscInt k = 0; k < 6; k++) sig[6 * q + k] = pl->stress[off + 6 * q + k] + (k < 3 ? lambda * tr : 0.0) + 2.0 * mu * de[k];
    yield[q] = DIO_MC_ELASTIC;
    if (tangent_q) dio_mc_elastic_tangent(lambda, mu, &tangent_q[36 * q]);
  }
  return DIO_KERNEL_OK;
}

/* Element displacements [num_cells][dofs_per_cell] of the global vector v (local copy). */
static PetscErrorCode GatherCells(DioElasticity e, Vec v, PetscReal *v_cells)
{
  Vec                v_local;
  const PetscScalar *vl;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(e->dm_u, &v_local));
  PetscCall(DMGlobalToLocal(e->dm_u, v, INSERT_VALUES, v_local));
  PetscCall(VecGetArrayRead(v_local, &vl));
  for (PetscInt i = 0; i < e->num_cells * e->dofs_per_cell; i++) v_cells[i] = PetscRealPart(vl[e->cell_local_dofs[i]]);
  PetscCall(VecRestoreArrayRead(v_local, &vl));
  PetscCall(DMRestoreLocalVector(e->dm_u, &v_local));
  PetscFunctionReturn(0);
}

/* Internal force int B^T (stress - reference) / modulus_scale of a quadrature-point stress field over the active
   cells (reference: sigma_0, or NULL for none), zero on constrained and pinned rows, summed into the global vector F. */
static PetscErrorCode AssembleInternalForce(DioElasticity e, const PetscReal *stress, const PetscReal *reference, Vec F)
{
  const PetscInt ndof = e->dofs_per_cell, nq = e->tab.num_qpoints;
  PetscInt       bad_cell = PETSC_MAX_INT;
  PetscReal     *Fe_all;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1((size_t)e->num_cells * ndof, &Fe_all));
  #pragma omp parallel for schedule(static) reduction(min : bad_cell)
  for (PetscInt c = 0; c < e->num_cells; c++) {
    double  dsig[DIO_MAX_QUAD_POINTS * 6];
    double *Fe = &Fe_all[(size_t)c * ndof];
    if (!DioElasticityCellActive_Internal(e, c)) {
      for (PetscInt i = 0; i < ndof; i++) Fe[i] = 0.0;
      continue;
    }
    for (PetscInt i = 0; i < nq * 6; i++) dsig[i] = stress[(size_t)c * nq * 6 + i] - (reference ? reference[(size_t)c * nq * 6 + i] : 0.0);
    if (dio_elas_stress_load(&e->tab, &e->cell_nodes[c * ndof], dsig, Fe)) bad_cell = PetscMin(bad_cell, c);
  }
  PetscCheck(bad_cell == PETSC_MAX_INT, PETSC_COMM_SELF, PETSC_ERR_PLIB, "inverted cell %" PetscInt_FMT " in a mesh that assembled", e->cStart + bad_cell);
  PetscCall(DioElasticityCellVectorsToGlobal_Internal(e, Fe_all, 1.0 / e->modulus_scale, NULL, NULL, F));
  PetscCall(PetscFree(Fe_all));
  PetscFunctionReturn(0);
}

/* The trial state of every active cell for the iterate U; status of the first failing cell (local index) or -1. */
static PetscErrorCode UpdateState(DioElasticity e, Vec U, PetscInt *bad_cell_out, int *bad_status)
{
  DioPlasticity *pl   = e->plastic;
  const PetscInt ndof = e->dofs_per_cell;
  PetscInt       bad_cell = PETSC_MAX_INT;
  int            status   = DIO_KERNEL_OK;
  PetscReal     *du_cells;

  PetscFunctionBegin;
  PetscCall(VecWAXPY(pl->u_increment, -1.0, pl->u_committed, U));
  PetscCall(PetscMalloc1((size_t)e->num_cells * ndof, &du_cells));
  PetscCall(GatherCells(e, pl->u_increment, du_cells));
  #pragma omp parallel for schedule(static) reduction(min : bad_cell) reduction(max : status)
  for (PetscInt c = 0; c < e->num_cells; c++) {
    int s;
    if (!DioElasticityCellActive_Internal(e, c)) continue;
    s = CellUpdate(e, c, &du_cells[(size_t)c * ndof], NULL);
    if (s) {
      bad_cell = PetscMin(bad_cell, c);
      status   = s > status ? s : status;
    }
  }
  PetscCall(PetscFree(du_cells));
  *bad_cell_out = bad_cell == PETSC_MAX_INT ? -1 : bad_cell;
  *bad_status   = status;
  PetscFunctionReturn(0);
}

/* SNES residual R(U) at the current load fraction. A failed return map is a domain error (the increment is cut). */
static PetscErrorCode FormResidual(SNES snes, Vec U, Vec R, void *ctx)
{
  DioElasticity  e  = (DioElasticity)ctx;
  DioPlasticity *pl = e->plastic;
  PetscInt       bad_cell, any_bad;
  int            status;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(e->event_assembly, 0, R, 0, 0));
  PetscCall(UpdateState(e, U, &bad_cell, &status));
  PetscCheck(status != DIO_KERNEL_INVERTED_CELL, PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "inverted cell %" PetscInt_FMT " in the elastoplastic update", e->cStart + bad_cell);
  PetscCall(MPIU_Allreduce(&bad_cell, &any_bad, 1, MPIU_INT, MPI_MAX, PetscObjectComm((PetscObject)e->dm)));
  if (any_bad >= 0) {
    pl->domain_errors++;
    PetscCall(SNESSetFunctionDomainError(snes));
    PetscCall(PetscLogEventEnd(e->event_assembly, 0, R, 0, 0));
    PetscFunctionReturn(0);
  }
  PetscCall(AssembleInternalForce(e, pl->stress_trial, e->initial_stress, R));
  /* R -= G_n + t (F - G_n) */
  PetscCall(VecAXPY(R, -(1.0 - pl->load_fraction), pl->force_start));
  PetscCall(VecAXPY(R, -pl->load_fraction, pl->force_target));
  PetscCall(PetscLogEventEnd(e->event_assembly, 0, R, 0, 0));
  PetscFunctionReturn(0);
}

/* Element tangent of local cell c at the increment du_cells (ctx); an excavated cell contributes the masked elastic
   stiffness of its layer. Thread-safe. */
static int CellTangent(const struct _n_DioElasticity *e, PetscInt c, void *ctx, double *restrict Ke)
{
  const PetscInt  ndof     = e->dofs_per_cell;
  const PetscReal *du_cells = (const PetscReal *)ctx;
  double          tangent[DIO_MAX_QUAD_POINTS * 36];
  int             s;

  if (DioElasticityCellActive_Internal(e, c)) {
    s = CellUpdate(e, c, &du_cells[(size_t)c * ndof], tangent);
    if (!s) s = dio_ep_tangent_stiffness(&e->tab, &e->cell_nodes[c * ndof], tangent, Ke);
  } else {
    const DioElasLayerParams *layer = &e->layer[e->cell_layer[c]];
    s = dio_elas_stiffness(&e->tab, &e->cell_nodes[c * ndof], layer->lambda, layer->mu, Ke);
    DioElasticityMaskInactiveCell_Internal(e, c, Ke);
  }
  return s;
}

/* SNES Jacobian: the consistent tangent, in the fixed pattern of the stiffness (constrained couplings dropped). */
static PetscErrorCode FormJacobian(SNES snes, Vec U, Mat J, Mat P, void *ctx)
{
  DioElasticity  e    = (DioElasticity)ctx;
  DioPlasticity *pl   = e->plastic;
  const PetscInt ndof = e->dofs_per_cell, nq = e->tab.num_qpoints;
  PetscInt       bad_cell;
  PetscReal     *du_cells;

  PetscFunctionBegin;
  (void)snes;
  (void)P;
  PetscCall(PetscLogEventBegin(e->event_assembly, J, 0, 0, 0));
  PetscCall(VecWAXPY(pl->u_increment, -1.0, pl->u_committed, U));
  PetscCall(PetscMalloc1((size_t)e->num_cells * ndof, &du_cells));
  PetscCall(GatherCells(e, pl->u_increment, du_cells));
  /* the preconditioning matrix is the tangent, or the elastic stiffness assembled once per solve */
  PetscCall(DioElasticityAssembleMatrix_Internal(e, CellTangent, du_cells, J, &bad_cell));
  PetscCall(PetscFree(du_cells));
  /* the residual at U was evaluated (and succeeded) before the Jacobian: a failure here is a bug */
  PetscCheck(bad_cell < 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "tangent failed in cell %" PetscInt_FMT, e->cStart + bad_cell);
  /* the same Mat as the elastic stiffness, which is flagged symmetric; a non-associated tangent is not */
  PetscCall(MatSetOption(J, MAT_SYMMETRIC, PETSC_FALSE));
  PetscCall(PetscLogFlops((PetscLogDouble)e->num_cells * nq * ndof * ndof * 14.0));
  PetscCall(PetscLogEventEnd(e->event_assembly, J, 0, 0, 0));
  PetscFunctionReturn(0);
}

/* Line-search pre-check: Newton's step Y leaves the prescribed dofs at their values. */
static PetscErrorCode KeepPrescribed(SNESLineSearch linesearch, Vec X, Vec Y, PetscBool *changed, void *ctx)
{
  DioElasticity      e  = (DioElasticity)ctx;
  DioPlasticity     *pl = e->plastic;
  const PetscScalar *mask;
  PetscScalar       *y;
  PetscInt           n;

  PetscFunctionBegin;
  (void)linesearch;
  (void)X;
  *changed = PETSC_FALSE;
  if (!pl->any_prescribed) PetscFunctionReturn(0);
  PetscCall(VecGetLocalSize(Y, &n));
  PetscCall(VecGetArrayRead(pl->prescribed_mask, &mask));
  PetscCall(VecGetArray(Y, &y));
  for (PetscInt i = 0; i < n; i++) if (PetscRealPart(mask[i]) != 0.0) y[i] = 0.0;
  PetscCall(VecRestoreArray(Y, &y));
  PetscCall(VecRestoreArrayRead(pl->prescribed_mask, &mask));
  *changed = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* The prescribed values g and their mask as global vectors (a dof that no active cell holds stays pinned at zero);
   pl->any_prescribed. Collective. */
static PetscErrorCode PrescribedTarget(DioElasticity e)
{
  DioPlasticity *pl = e->plastic;
  Vec            g_local, m_local;
  PetscScalar   *g, *m;
  PetscInt       local_size, n = 0, n_global;

  PetscFunctionBegin;
  PetscCall(VecSet(pl->prescribed_target, 0.0));
  PetscCall(VecSet(pl->prescribed_mask, 0.0));
  if (e->prescribed_value) {
    PetscCall(DMGetLocalVector(e->dm_u, &g_local));
    PetscCall(DMGetLocalVector(e->dm_u, &m_local));
    PetscCall(VecGetLocalSize(g_local, &local_size));
    PetscCall(VecGetArray(g_local, &g));
    PetscCall(VecGetArray(m_local, &m));
    for (PetscInt i = 0; i < local_size; i++) {
      const PetscBool prescribed = (PetscBool)((e->local_constrained[i] & DIO_DOF_PRESCRIBED) && !e->local_pinned[i]);
      g[i] = prescribed ? e->prescribed_value[i] : 0.0;
      m[i] = prescribed ? 1.0 : 0.0;
      n += prescribed;
    }
    PetscCall(VecRestoreArray(m_local, &m));
    PetscCall(VecRestoreArray(g_local, &g));
    /* every rank holding a dof has the same value and flag (prescribed_displacement.c): INSERT takes any */
    PetscCall(DMLocalToGlobal(e->dm_u, g_local, INSERT_VALUES, pl->prescribed_target));
    PetscCall(DMLocalToGlobal(e->dm_u, m_local, INSERT_VALUES, pl->prescribed_mask));
    PetscCall(DMRestoreLocalVector(e->dm_u, &m_local));
    PetscCall(DMRestoreLocalVector(e->dm_u, &g_local));
  }
  PetscCall(MPIU_Allreduce(&n, &n_global, 1, MPIU_INT, MPI_SUM, PetscObjectComm((PetscObject)e->dm)));
  pl->any_prescribed = (PetscBool)(n_global > 0);
  PetscFunctionReturn(0);
}

/* U = u_n + t (g - u_n) on the prescribed dofs, u_n elsewhere: the start of the increment to load fraction t. */
static PetscErrorCode StartIncrement(DioElasticity e, PetscReal t, Vec U)
{
  DioPlasticity     *pl = e->plastic;
  const PetscScalar *g, *m, *un;
  PetscScalar       *u;
  PetscInt           n;

  PetscFunctionBegin;
  PetscCall(VecCopy(pl->u_committed, U));
  if (!pl->any_prescribed) PetscFunctionReturn(0);
  PetscCall(VecGetLocalSize(U, &n));
  PetscCall(VecGetArrayRead(pl->prescribed_target, &g));
  PetscCall(VecGetArrayRead(pl->prescribed_mask, &m));
  PetscCall(VecGetArrayRead(pl->u_committed, &un));
  PetscCall(VecGetArray(U, &u));
  for (PetscInt i = 0; i < n; i++) if (PetscRealPart(m[i]) != 0.0) u[i] = un[i] + t * (g[i] - un[i]);
  PetscCall(VecRestoreArray(U, &u));
  PetscCall(VecRestoreArrayRead(pl->u_committed, &un));
  PetscCall(VecRestoreArrayRead(pl->prescribed_mask, &m));
  PetscCall(VecRestoreArrayRead(pl->prescribed_target, &g));
  PetscFunctionReturn(0);
}

/* PETSc's default test, and stagnation: after w = -mech_snes_stagnation_its iterations, an iterate whose residual is
   above -mech_snes_stagnation_factor times the one w iterations before ends the attempt (SNES_DIVERGED_MAX_IT, with
   pl->stagnated set), so that the increment is cut back before Newton's -mech_snes_max_it. */
static PetscErrorCode ConvergedOrStagnated(SNES snes, PetscInt it, PetscReal xnorm, PetscReal snorm, PetscReal fnorm, SNESConvergedReason *reason, void *ctx)
{
  DioPlasticity *pl = ((DioElasticity)ctx)->plastic;
  const PetscInt w  = pl->stagnation_its;

  PetscFunctionBegin;
  PetscCall(SNESConvergedDefault(snes, it, xnorm, snorm, fnorm, reason, NULL));
  if (w == 0) PetscFunctionReturn(0);
  if (*reason == SNES_CONVERGED_ITERATING && it >= w && fnorm > pl->stagnation_factor * pl->residual_history[(it - w) % (w + 1)]) {
    *reason       = SNES_DIVERGED_MAX_IT;
    pl->stagnated = PETSC_TRUE;
  }
  pl->residual_history[it % (w + 1)] = fnorm;
  PetscFunctionReturn(0);
}

/* Newton with the consistent tangent: GMRES + GAMG (CG where every plastic layer is associated, the tangent then
   being symmetric), the GAMG hierarchy kept across iterations. Options prefix mech_. */
static PetscErrorCode CreateSNES(DioElasticity e)
{
  DioPlasticity *pl   = e->plastic;
  MPI_Comm       comm = PetscObjectComm((PetscObject)e->dm);
  PetscBool      symmetric = PETSC_TRUE;
  Vec            R;
  Mat            K;
  KSP            ksp;
  PC             pc;
  SNESLineSearch linesearch;

  PetscFunctionBegin;
  for (PetscInt l = 0; l < e->num_layers; l++) {
    if (pl->layer_plastic[l] && pl->layer_params[l].dilation_angle < pl->layer_params[l].friction_angle) symmetric = PETSC_FALSE;
  }
  PetscCall(DioElasticityGetOperator_Internal(e, &K));
  PetscCall(SNESCreate(comm, &pl->snes));
  PetscCall(SNESSetOptionsPrefix(pl->snes, "mech_"));
  PetscCall(VecDuplicate(pl->u_committed, &R));
  PetscCall(SNESSetFunction(pl->snes, R, FormResidual, e));
  PetscCall(VecDestroy(&R));
  if (pl->precondition_elastic && !pl->direct) {
    PetscCall(DioElasticityCreateMatrix(e, &pl->P));
    {
      MatNullSpace rigid;
      PetscCall(MatNullSpaceCreateRigidBody(e->node_coords, &rigid));
      PetscCall(MatSetNearNullSpace(pl->P, rigid));
      PetscCall(MatNullSpaceDestroy(&rigid));
    }
  }
  PetscCall(SNESSetJacobian(pl->snes, K, pl->P ? pl->P : K, FormJacobian, e));
  PetscCall(SNESSetType(pl->snes, SNESNEWTONLS));
  PetscCall(SNESGetLineSearch(pl->snes, &linesearch));
  PetscCall(SNESLineSearchSetType(linesearch, SNESLINESEARCHBT));
  PetscCall(SNESLineSearchSetPreCheck(linesearch, KeepPrescribed, e));
  PetscCall(SNESSetTolerances(pl->snes, 1e-30, 1e-8, 0.0, 30, 1000));
  PetscCall(SNESGetKSP(pl->snes, &ksp));
  PetscCall(KSPGetPC(ksp, &pc));
  if (pl->direct) {
    PetscCall(KSPSetType(ksp, KSPPREONLY));
    PetscCall(PCSetType(pc, PCLU));
    PetscCall(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
  } else {
    PetscCall(KSPSetType(ksp, symmetric ? KSPCG : KSPGMRES));
    if (!symmetric) PetscCall(KSPGMRESSetRestart(ksp, 100));
    PetscCall(KSPSetTolerances(ksp, 1e-8, 1e-50, PETSC_DEFAULT, 1000));
    PetscCall(PCSetType(pc, PCGAMG));
    PetscCall(PCGAMGSetReuseInterpolation(pc, PETSC_TRUE));
    PetscCall(DioElasticitySetDefaultOptions_Internal(comm));
  }
  pl->pc_generation = -1;
  PetscCall(SNESSetConvergenceTest(pl->snes, ConvergedOrStagnated, e, NULL));
  PetscCall(SNESSetFromOptions(pl->snes));
  PetscCall(SNESGetTolerances(pl->snes, &pl->snes_atol, NULL, NULL, NULL, NULL));
  PetscFunctionReturn(0);
}

/* The trial state at U becomes the committed state. */
static PetscErrorCode Commit(DioElasticity e, Vec U)
{
  DioPlasticity *pl = e->plastic;
  PetscInt       bad_cell;
  int            status;

  PetscFunctionBegin;
  PetscCall(UpdateState(e, U, &bad_cell, &status));
  PetscCheck(bad_cell < 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "material update failed at a converged state (cell %" PetscInt_FMT ")", e->cStart + bad_cell);
  for (PetscInt c = 0; c < e->num_cells; c++) {
    const size_t nq = (size_t)e->tab.num_qpoints;
    if (!DioElasticityCellActive_Internal(e, c)) continue;
    PetscCall(PetscArraycpy(&pl->stress[c * nq * 6], &pl->stress_trial[c * nq * 6], nq * 6));
    PetscCall(PetscArraycpy(&pl->plastic_strain[c * nq * 6], &pl->plastic_strain_trial[c * nq * 6], nq * 6));
    PetscCall(PetscArraycpy(&pl->yield[c * nq], &pl->yield_trial[c * nq], nq));
    for (PetscInt q = 0; q < (PetscInt)nq && pl->eigenstrain_used; q++)
      EigenstrainAt(e, c, q, pl->load_fraction, &pl->eigenstrain_committed[(c * nq + q) * 6]);
  }
  PetscCall(VecCopy(U, pl->u_committed));
  PetscFunctionReturn(0);
}

static PetscErrorCode CountYielded(DioElasticity e, PetscInt *count)
{
  const DioPlasticity *pl = e->plastic;
  PetscInt             n  = 0;

  PetscFunctionBegin;
  for (PetscInt c = 0; c < e->num_cells; c++) {
    if (!DioElasticityCellActive_Internal(e, c)) continue;
    for (PetscInt q = 0; q < e->tab.num_qpoints; q++) n += pl->yield[(size_t)c * e->tab.num_qpoints + q] != DIO_MC_ELASTIC;
  }
  PetscCall(MPIU_Allreduce(&n, count, 1, MPIU_INT, MPI_SUM, PetscObjectComm((PetscObject)e->dm)));
  PetscFunctionReturn(0);
}

/*
  DioElasticitySolvePlastic - carry the current loads from the committed state, in load increments with Newton.
  u: on return the displacement since the last DioElasticityStoreInitialStress() at the last converged increment.
  Collective. Options (prefix mech_): -mech_snes_*, -mech_ksp_*, -mech_load_increment_first, -mech_load_increment_min,
  -mech_load_increments_max, -mech_load_monitor (a line per increment), -mech_load_atol (Newton also stops at ||R|| <= load_atol * max(||F||, ||int B^T sigma_n||)); -mech_snes_monitor shows the Newton residuals (quadratic near the solution).
  No equilibrium (collapse): the solve stops, not converged (info->load_fraction the fraction carried), when the
  increment falls below -mech_load_increment_min or after -mech_load_cutbacks_max (8; 0: no limit) consecutive
  cut-backs; -mech_snes_stagnation_its w (0: off) with -mech_snes_stagnation_factor f (0.7) ends a Newton attempt
  whose residual is above f times the one w iterations before (info->stagnated).
*/
PetscErrorCode DioElasticitySolvePlastic(DioElasticity e, Vec u, DioSolveInfo *info)
{
  DioPlasticity *pl;
  PetscReal      t = 0.0, dt;
  Vec            U;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(DioElasticitySetUp(e));
  pl = e->plastic;
  PetscCheck(pl, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_ARG_WRONGSTATE, "no elastoplastic layer: use DioElasticitySolve()");
  PetscCall(PetscMemzero(info, sizeof(*info)));
  info->nonlinear = PETSC_TRUE;
  PetscCall(PetscTime(&t0));
  if (!pl->snes) PetscCall(CreateSNES(e));
  /* the loads without the lifting of prescribed values: those enter U (StartIncrement) */
  PetscCall(DioElasticityAssemble(e, pl->P, NULL));
  if (pl->P) {
    KSP ksp;
    PC  pc;
    /* the elastic preconditioner's hierarchy rebuilt where cells or materials changed since it was built
       (linear_fallback.c) */
    PetscCall(SNESGetKSP(pl->snes, &ksp));
    PetscCall(KSPGetPC(ksp, &pc));
    PetscCall(DioElasticityRefreshPreconditioner_Internal(e, pc, &pl->pc_generation));
  }
  PetscCall(DioElasticityAssembleLoad_Internal(e, PETSC_FALSE, pl->force_target));
  /* the eigenstrain moves from the committed one to the current one as t goes to 1 */
  if (e->eigenstrain) pl->eigenstrain_used = PETSC_TRUE;
  PetscCall(
      PetscArraycpy(pl->eigenstrain_start, pl->eigenstrain_committed, 6 * (size_t)e->num_cells * e->tab.num_qpoints));
  PetscCall(AssembleInternalForce(e, pl->stress, e->initial_stress, pl->force_start));
  PetscCall(PrescribedTarget(e));
  PetscCall(VecDuplicate(pl->u_committed, &U));
  {
    Vec diff;
    PetscCall(VecDuplicate(U, &diff));
    PetscCall(VecWAXPY(diff, -1.0, pl->force_start, pl->force_target));
    PetscCall(VecNorm(diff, NORM_2, &info->rhs_norm));
    PetscCall(VecDestroy(&diff));
  }
  {
    /* rtol alone cannot converge when a solve has (almost) nothing to carry: the residual left by the last solve,
       about rtol times its loads, would have to drop by another rtol. An absolute floor ends it, scaled by the
       internal force of the whole committed stress (not its change: the stress the ground carries, the gravity it
       balances) and by this solve's loads */
    PetscReal norm_target, norm_carried, rtol, stol;
    PetscInt  maxit, maxf;
    Vec       carried;

    PetscCall(VecDuplicate(pl->force_start, &carried));
    PetscCall(AssembleInternalForce(e, pl->stress, NULL, carried));
    PetscCall(VecNorm(carried, NORM_2, &norm_carried));
    PetscCall(VecDestroy(&carried));
    PetscCall(VecNorm(pl->force_target, NORM_2, &norm_target));
    PetscCall(SNESGetTolerances(pl->snes, NULL, &rtol, &stol, &maxit, &maxf));
    PetscCall(SNESSetTolerances(pl->snes, PetscMax(pl->snes_atol, pl->load_atol * PetscMax(norm_target, norm_carried)), rtol, stol, maxit, maxf));
  }
  dt = pl->increment_first;
  while (t < 1.0) {
    SNESConvergedReason reason;
    PetscInt            its, lits;
    KSP                 ksp;

    dt                = PetscMin(dt, 1.0 - t);
    info->last_increment = dt;
    pl->load_fraction = t + dt;
    PetscCall(StartIncrement(e, pl->load_fraction, U));
    pl->stagnated = PETSC_FALSE;
    PetscCall(SNESSolve(pl->snes, NULL, U));
    PetscCall(SNESGetConvergedReason(pl->snes, &reason));
    PetscCall(SNESGetIterationNumber(pl->snes, &its));
    PetscCall(SNESGetLinearSolveIterations(pl->snes, &lits));
    PetscCall(SNESGetKSP(pl->snes, &ksp));
    PetscCall(KSPGetConvergedReason(ksp, &info->reason));
    info->snes_reason = reason;
    info->stagnated   = (PetscBool)(reason <= 0 && pl->stagnated);
    info->newton_iterations += its;
    info->iterations += lits;
    if (pl->load_monitor) {
      PetscLogDouble now;
      PetscCall(PetscTime(&now));
      PetscCall(PetscPrintf(PetscObjectComm((PetscObject)e->dm), "  load %.6g -> %.6g: %s in %" PetscInt_FMT " Newton its (%" PetscInt_FMT " KSP its)%s, wall %.1f s\n",
                            (double)t, (double)pl->load_fraction, reason > 0 ? "converged" : (info->stagnated ? "stagnated" : SNESConvergedReasons[reason]), its, lits,
                            reason > 0 ? "" : ": cut back", now - t0));
    }
    if (reason > 0) {
      PetscCall(Commit(e, U));
      t = pl->load_fraction;
      info->load_increments++;
      PetscCall(SNESGetFunctionNorm(pl->snes, &info->residual_norm));
      /* an easy increment lets the next one grow */
      if (its <= 4) dt *= 2.0;
      info->consecutive_cutbacks = 0;
    } else {
      info->cutbacks++;
      info->consecutive_cutbacks++;
      dt *= 0.5;
      if (dt < pl->increment_min * (1.0 - 1e-12)) break;
      /* no progress: cutbacks_max attempts in a row failed, the last 2^(cutbacks_max - 1) times smaller than the first */
      if (pl->cutbacks_max > 0 && info->consecutive_cutbacks >= pl->cutbacks_max) break;
    }
    if (info->load_increments + info->cutbacks >= pl->increments_max) break;
  }
  info->load_fraction = t;
  info->converged     = (PetscBool)(t >= 1.0);
  PetscCall(CountYielded(e, &info->yielded_points));
  PetscCall(VecCopy(pl->u_committed, u));
  PetscCall(VecDestroy(&U));
  PetscCall(PetscTime(&t1));
  info->solve_seconds = t1 - t0;
  PetscFunctionReturn(0);
}
