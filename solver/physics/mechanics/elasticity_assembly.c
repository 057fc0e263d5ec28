/* SPDX-License-Identifier: BSD-2-Clause
   elasticity_assembly.c: element stiffness and loads in OpenMP loops over cells (the matrix itself, its pattern and
   the treatment of Dirichlet rows: elasticity_matrix.c), and the CG + GAMG solve with the rigid-body near-null space.

   A constrained dof keeps only its diagonal in K and gets a zero load (a prescribed non-zero value is lifted into the load
   of the linear solve: prescribed_displacement.c; the elastoplastic solve puts it into its unknown: plasticity.c). */
#include <petsctime.h>
#include "elasticity_impl.h"
#include "fe_common.h"

PetscErrorCode DioElasticitySetUp(DioElasticity e)
{
  PetscFunctionBegin;
  if (e->setup) PetscFunctionReturn(0);
  PetscCall(PetscLogEventBegin(e->event_setup, 0, 0, 0, 0));
  PetscCall(DioMaterialTableGetNumLayers(e->materials, &e->num_layers));
  PetscCall(PetscMalloc1(e->num_layers, &e->layer));
  e->modulus_scale = 0;
  for (PetscInt l = 0; l < e->num_layers; l++) {
    const DioLayerMaterial *m;
    double                  lambda, mu;
    PetscCall(DioMaterialTableGetLayer(e->materials, l, &m));
    dio_elas_lame(m->youngs_modulus, m->poissons_ratio, &lambda, &mu);
    /* plane stress: the in-plane response of sigma_zz = 0 is that of plane strain with lambda* = 2 lambda mu / (lambda + 2 mu) */
    if (e->plane_stress) lambda = 2.0 * lambda * mu / (lambda + 2.0 * mu);
    e->layer[l].lambda         = lambda;
    e->layer[l].mu             = mu;
    e->layer[l].density        = m->density;
    e->layer[l].density_frozen = m->density_frozen;
    e->layer[l].saturated      = m->saturated;
    e->modulus_scale           = PetscMax(e->modulus_scale, m->youngs_modulus);
  }
  PetscCall(DioElasticitySetUpDiscretization_Internal(e));
  PetscCall(DioPlasticityCreate_Internal(e));
  PetscCheck(!(e->plane_stress && e->plastic), PetscObjectComm((PetscObject)e->dm), PETSC_ERR_USER_INPUT,
             "plane stress with an elastoplastic layer is not supported (the return map is three-dimensional): use plane strain or an elastic material");
  e->setup = PETSC_TRUE;
  PetscCall(PetscLogEventEnd(e->event_setup, 0, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticityGetOperator_Internal(DioElasticity e, Mat *K)
{
  PetscFunctionBegin;
  if (e->K == NULL) {
    MatNullSpace rigid;
    PetscCall(DioElasticityCreateMatrix(e, &e->K));
    PetscCall(MatNullSpaceCreateRigidBody(e->node_coords, &rigid));
    PetscCall(MatSetNearNullSpace(e->K, rigid));
    PetscCall(MatNullSpaceDestroy(&rigid));
  }
  *K = e->K;
  PetscFunctionReturn(0);
}

/* Body force and pore pressure at the quadrature points of local cell c, then the element load. */
int DioElasticityCellLoad_Internal(const struct _n_DioElasticity *e, PetscInt c, PetscBool eigenstrain, double *restrict Fe)
{
  const DioElasLayerParams *layer = &e->layer[e->cell_layer[c]];
  const PetscInt            dim = e->dim, nq = e->tab.num_qpoints;
  const double             *x   = &e->cell_nodes[c * e->dofs_per_cell];
  const double              rho = e->cell_frozen[c] ? layer->density_frozen : layer->density;
  double                    X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS];
  double                    force[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], pressure[DIO_MAX_QUAD_POINTS];
  int                       status = dio_elas_qpoints(&e->tab, x, X, wdet);

  if (status) return status;
  for (PetscInt q = 0; q < nq; q++) {
    if (e->body_force) e->body_force(dim, &X[q * dim], &force[q * dim], e->body_force_ctx);
    else {
      for (PetscInt d = 0; d < dim; d++) force[q * dim + d] = 0.0;
      force[q * dim + dim - 1] = -rho * e->loads.gravity;
    }
    pressure[q] = DioElasticityPorePressure_Internal(e, c, X[q * dim + dim - 1]);
  }
  status = dio_elas_body_load(&e->tab, x, force, pressure, Fe);
  if (!status && eigenstrain && e->eigenstrain) status = DioElasticityCellEigenstrainLoad_Internal(e, c, Fe);
  if (status || !e->initial_stress) return status;
  {
    /* loads balanced by the initial stress do no work: subtract its internal force */
    double Fs[DIO_MAX_ELEMENT_DOFS];
    status = dio_elas_stress_load(&e->tab, x, &e->initial_stress[(size_t)c * nq * 6], Fs);
    for (PetscInt i = 0; i < e->dofs_per_cell; i++) Fe[i] -= Fs[i];
  }
  return status;
}

/* Raise, on every rank, the error for the first cell (global order of ranks) whose kernel failed. */
static PetscErrorCode CheckKernelStatus(DioElasticity e, PetscInt bad_cell, const char *what)
{
  PetscFunctionBegin;
  PetscCall(DioFECheckBadCell_Internal(e->dm, bad_cell, what, "check the mesh or the profile there"));
  PetscFunctionReturn(0);
}

/* Element stiffness of local cell c: an excavated cell adds nothing but a diagonal, with its own scale, to the dofs it
   alone held. */
static int CellStiffness(const struct _n_DioElasticity *e, PetscInt c, void *ctx, double *restrict Ke)
{
  double lambda, mu;
  int    status;

  (void)ctx;
  DioElasticityCellLame_Internal(e, c, &lambda, &mu);
  status = dio_elas_stiffness(&e->tab, &e->cell_nodes[c * e->dofs_per_cell], lambda, mu, Ke);
  if (!DioElasticityCellActive_Internal(e, c)) DioElasticityMaskInactiveCell_Internal(e, c, Ke);
  return status;
}

/*
  The global vector F (overwritten) of the element vectors Fe_all[num_cells][dofs_per_cell] times scale: they are summed
  into a local vector, `add` (NULL: nothing) adds what is not a cell vector (face loads), the rows of constrained and
  pinned dofs are zeroed, `lift` (NULL: nothing) adds what those rows carry (the lifting of prescribed values), and
  the local vector is summed into F. The load of the linear solve and the internal force of the elastoplastic one
  (plasticity.c) both end here. Collective.
*/
PetscErrorCode DioElasticityCellVectorsToGlobal_Internal(DioElasticity e, const PetscReal Fe_all[], PetscReal scale, DioElasLocalVectorFn add,
                                                         DioElasLocalVectorFn lift, Vec F)
{
  PetscInt     local_size;
  Vec          F_local;
  PetscScalar *f;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(e->dm_u, &F_local));
  PetscCall(VecSet(F_local, 0.0));
  PetscCall(VecGetArray(F_local, &f));
  for (PetscInt i = 0; i < e->num_cells * e->dofs_per_cell; i++) f[e->cell_local_dofs[i]] += scale * Fe_all[i];
  if (add) PetscCall(add(e, f));
  PetscCall(VecGetLocalSize(F_local, &local_size));
  DioElasticityRotateLocal_Internal(e, f, PETSC_TRUE, local_size); /* inclined rollers: R^T f */
  for (PetscInt i = 0; i < local_size; i++) if (e->local_constrained[i] || e->local_pinned[i]) f[i] = 0.0;
  if (lift) PetscCall(lift(e, f));
  PetscCall(VecRestoreArray(F_local, &f));
  PetscCall(VecSet(F, 0.0));
  PetscCall(DioFELocalToGlobal_Internal(e->dm_u, F_local, ADD_VALUES, F));
  PetscCall(DMRestoreLocalVector(e->dm_u, &F_local));
  PetscFunctionReturn(0);
}

/* Sea load on the surface faces and pressure faces of the active cells, scaled as the cell loads, into the local f. */
static PetscErrorCode AddFaceLoads(DioElasticity e, PetscScalar f[])
{
  const PetscInt ndof = e->dofs_per_cell;
  const double   load_scale = e->load_factor / e->modulus_scale;

  PetscFunctionBegin;
  if (e->loads.sea_load) {
    const double gamma_w = e->loads.water_density * e->loads.gravity;
    for (PetscInt k = 0; k < e->num_load_faces; k++) {
      const PetscInt c = e->load_face_cell[k];
      double         Fe[DIO_MAX_ELEMENT_DOFS];
      if (!DioElasticityCellActive_Internal(e, c)) continue;
      PetscCheck(!dio_elas_face_pressure_load(&e->face_tab[e->load_face_id[k]], &e->cell_nodes[c * ndof], gamma_w, e->loads.water_level, Fe),
                 PETSC_COMM_SELF, PETSC_ERR_PLIB, "degenerate surface face on cell %" PetscInt_FMT, e->cStart + c);
      for (PetscInt i = 0; i < ndof; i++) f[e->cell_local_dofs[c * ndof + i]] += load_scale * Fe[i];
    }
  }
  for (PetscInt k = 0; k < e->num_pressure_faces; k++) {
    const PetscInt c = e->pressure_face_cell[k];
    double         Fe[DIO_MAX_ELEMENT_DOFS];
    if (!DioElasticityCellActive_Internal(e, c)) continue;
    PetscCheck(!dio_elas_face_linear_pressure_load(&e->face_tab[e->pressure_face_id[k]], &e->cell_nodes[c * ndof], e->pressure_p0[k], e->pressure_gradient[k],
                                                   e->pressure_z0[k], Fe),
               PETSC_COMM_SELF, PETSC_ERR_PLIB, "degenerate loaded face on cell %" PetscInt_FMT, e->cStart + c);
    for (PetscInt i = 0; i < ndof; i++) f[e->cell_local_dofs[c * ndof + i]] += load_scale * Fe[i];
  }
  for (PetscInt k = 0; k < e->num_traction_faces; k++) {
    const PetscInt c = e->traction_face_cell[k];
    double         Fe[DIO_MAX_ELEMENT_DOFS];
    if (!DioElasticityCellActive_Internal(e, c)) continue;
    PetscCheck(!dio_elas_face_traction_load(&e->face_tab[e->traction_face_id[k]], &e->cell_nodes[c * ndof], &e->traction_value[3 * k], Fe), PETSC_COMM_SELF,
               PETSC_ERR_PLIB, "degenerate loaded face on cell %" PetscInt_FMT, e->cStart + c);
    for (PetscInt i = 0; i < ndof; i++) f[e->cell_local_dofs[c * ndof + i]] += load_scale * Fe[i];
  }
  PetscFunctionReturn(0);
}

/* The lifting of the prescribed values (prescribed_displacement.c), scaled as K. */
static PetscErrorCode LiftPrescribed(DioElasticity e, PetscScalar f[])
{
  PetscFunctionBegin;
  PetscCall(DioElasticityLiftPrescribed_Internal(e, 1.0 / e->modulus_scale, f));
  PetscFunctionReturn(0);
}

/* The load vector F (scaled as K) of the current loads; linear: with the lifting of the prescribed values and the
   eigenstrain load (the linear solve), or without (the elastoplastic solve puts the prescribed values in its unknown
   and subtracts the eigenstrain before the return map). Collective. */
PetscErrorCode DioElasticityAssembleLoad_Internal(DioElasticity e, PetscBool linear, Vec F)
{
  const PetscInt ndof = e->dofs_per_cell;
  PetscInt       bad_cell = PETSC_MAX_INT;
  double        *Fe_all;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1((size_t)e->num_cells * ndof, &Fe_all));
  #pragma omp parallel for schedule(static) reduction(min : bad_cell)
  for (PetscInt c = 0; c < e->num_cells; c++) {
    if (!DioElasticityCellActive_Internal(e, c)) {
      for (PetscInt i = 0; i < ndof; i++) Fe_all[c * ndof + i] = 0.0;
    } else if (DioElasticityCellLoad_Internal(e, c, linear, &Fe_all[c * ndof])) bad_cell = PetscMin(bad_cell, c);
  }
  PetscCall(CheckKernelStatus(e, bad_cell == PETSC_MAX_INT ? -1 : bad_cell, "loads"));
  PetscCall(DioElasticityCellVectorsToGlobal_Internal(e, Fe_all, e->load_factor / e->modulus_scale, AddFaceLoads, linear ? LiftPrescribed : NULL, F));
  PetscCall(PetscFree(Fe_all));
  PetscFunctionReturn(0);
}

/* K (scaled by 1 / largest modulus) and F (same scaling) for the current loads. Collective. */
PetscErrorCode DioElasticityAssemble(DioElasticity e, Mat K, Vec F)
{
  const PetscInt ndof = e->dofs_per_cell;
  PetscInt       bad_cell;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(e->event_assembly, K, F, 0, 0));
  if (K) {
    PetscCall(DioElasticityAssembleMatrix_Internal(e, CellStiffness, NULL, K, &bad_cell));
    PetscCall(CheckKernelStatus(e, bad_cell, "stiffness"));
    /* symmetric by construction (constrained rows and columns dropped alike): GAMG then skips symmetrizing its graph */
    PetscCall(MatSetOption(K, MAT_SYMMETRIC, PETSC_TRUE));
    PetscCall(PetscLogFlops((PetscLogDouble)e->num_cells * e->tab.num_qpoints * ndof * ndof * 8.0));
  }
  if (F) PetscCall(DioElasticityAssembleLoad_Internal(e, PETSC_TRUE, F));
  PetscCall(PetscLogEventEnd(e->event_assembly, K, F, 0, 0));
  PetscFunctionReturn(0);
}

/* GAMG's Chebyshev smoothers need a safe upper eigenvalue bound: with the default margin (1.1) the stiffness
   contrast of the strait (sediment 40 MPa next to granite 35 GPa) and flat cells give DIVERGED_INDEFINITE_PC. These
   defaults apply only where the user set nothing, and are recorded in the options database (and so in the output). */
PetscErrorCode DioElasticitySetDefaultOptions_Internal(MPI_Comm comm)
{
  const char *defaults[][2] = {
    {"-mech_mg_levels_ksp_chebyshev_esteig", "0,0.1,0,1.2"}
  };

  PetscFunctionBegin;
  PetscCall(DioFESetDefaultOptions_Internal(sizeof(defaults) / sizeof(defaults[0]), defaults));
  PetscFunctionReturn(0);
}

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
  if (e->stage_reuse == DIO_STAGE_REUSE_NONE) PetscCall(PCGAMGSetReuseInterpolation(pc, PETSC_FALSE));
  else if (!reuse) PetscCall(DioElasticityRefreshPreconditioner_Internal(e, pc, &e->pc_generation));
  PetscCall(KSPSetReusePreconditioner(e->ksp, reuse));
  /* with the Cholesky preconditioner the guess saves nothing (one iteration either way) and costs a triangular
     solve more: the test measures against the preconditioned right-hand side, which PETSc then applies P to */
  PetscCall(KSPSetInitialGuessNonzero(e->ksp, (PetscBool)(nonzero_guess && !e->direct_pc)));
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
  (one iteration; no initial guess). An LU by MUMPS where the Krylov solve fails (-mech_fallback_max_dofs;
  linear_fallback.c).
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
                 "boundary %" PetscInt_FMT ": a roller on inclined or curved faces is supported with elastic layers only (this run has an elastoplastic one)", b);
    PetscCall(DioElasticitySolvePlastic(e, u, info));
    PetscCheck(info->converged, comm, PETSC_ERR_NOT_CONVERGED,
               "mechanics (elastoplastic) solve failed at load fraction %.4g: %s after %" PetscInt_FMT " load increments (%" PetscInt_FMT
               " cut back, the last %" PetscInt_FMT " in a row down to increment %.3g): no equilibrium, the ground may be collapsing (check strength parameters and supports);"
               " -mech_load_monitor -mech_snes_monitor show the attempts, -mech_load_cutbacks_max 0 -mech_load_increment_min 1e-6 search further",
               (double)info->load_fraction, info->stagnated ? "Newton stagnated" : SNESConvergedReasons[info->snes_reason], info->load_increments, info->cutbacks,
               info->consecutive_cutbacks, (double)info->last_increment);
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
    else if (info->iterations > e->stage_rebuild_factor * e->fresh_iterations) e->fresh_iterations = -1;
  }
  /* where the Krylov solve failed (once: for the rest of the run), a direct solve if the system is small enough */
  if (e->ksp_direct != NULL || info->reason <= 0) PetscCall(DioElasticitySolveFallback_Internal(e, F, u, info));
  PetscCall(DioElasticityRotateGlobal_Internal(e, u, PETSC_FALSE));
  PetscCall(VecNorm(F, NORM_2, &info->rhs_norm));
  PetscCall(PetscLogEventEnd(e->event_solve, e->K, F, u, 0));
  PetscCall(PetscTime(&t2));
  info->assembly_seconds = t1 - t0;
  info->solve_seconds    = t2 - t1;
  info->converged        = (PetscBool)(info->reason > 0);
  info->load_fraction    = 1.0;
  info->preconditioner_kept = reuse;
  PetscCall(VecDestroy(&F));
  PetscCheck(info->reason > 0, comm, PETSC_ERR_NOT_CONVERGED,
             "mechanics solve did not converge: %s after %" PetscInt_FMT " iterations, and no direct fallback"
             " (-mech_fallback_max_dofs %" PetscInt_FMT ", MUMPS needed; try -mech_ksp_monitor, -mech_pc_type lu)",
             KSPConvergedReasons[info->reason], info->iterations, e->fallback_max_dofs);
  PetscFunctionReturn(0);
}
