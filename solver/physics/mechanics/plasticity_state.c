/* SPDX-License-Identifier: BSD-2-Clause
   plasticity_state.c: the elastoplastic state per quadrature point (committed and trial stress, plastic strain,
   yield region) and the options of the load increments, created at set-up when a layer is elastoplastic; committed
   into the initial stress, averaged per cell for the output, lent to the checkpoints. The solve: plasticity.c. */
#include "elasticity_impl.h"

/* Early stops of a solve with no equilibrium (DioElasticitySolvePlastic). Without them, a stage whose ground cannot
   stand halves its increment from 1 down to -mech_load_increment_min 1e-4 (14 cut-backs), each Newton attempt to
   -mech_snes_max_it 30. Measured with -mech_load_monitor on every elastoplastic test (prandtl_footing, cavity,
   Verruijt-Booker, permafrost, segment, restart): a solve that recovers does so after at most 5 consecutive cut-backs
   (the footing at its collapse load), hence 8: at most 8 attempts (increment down to 1/128 of the one that failed
   first) where 14 were made. Newton's residual is no guide by default: converging attempts creep for up to 20
   iterations on line-search steps of 0.1 (residual x 0.9 per iteration) before the full steps converge, as failing
   ones do; a stagnation window of 5 (factor 0.5) would have stopped 5 to 7 converging increments of the footing tests,
   10 (0.7) none there but one of an unsupported cavity near its limit load. Opt-in: -mech_snes_stagnation_its 10. */
#define DIO_CUTBACKS_MAX_DEFAULT      8
#define DIO_STAGNATION_ITS_DEFAULT    0
#define DIO_STAGNATION_FACTOR_DEFAULT 0.7

/* The state, if any layer is elastoplastic; options -mech_load_increment_first, _min, -mech_load_increments_max. */
PetscErrorCode DioPlasticityCreate_Internal(DioElasticity e)
{
  DioPlasticity *pl;
  PetscBool      any  = PETSC_FALSE;
  const size_t   nqc  = (size_t)e->num_cells * e->tab.num_qpoints;
  MPI_Comm       comm = PetscObjectComm((PetscObject)e->dm);

  PetscFunctionBegin;
  for (PetscInt l = 0; l < e->num_layers; l++) {
    const DioLayerMaterial *m;
    PetscCall(DioMaterialTableGetLayer(e->materials, l, &m));
    if (m->constitutive != DIO_MODEL_ELASTIC) any = PETSC_TRUE;
  }
  if (!any) PetscFunctionReturn(0);
  PetscCall(PetscNew(&pl));
  PetscCall(PetscMalloc2(e->num_layers, &pl->layer_params, e->num_layers, &pl->layer_plastic));
  for (PetscInt l = 0; l < e->num_layers; l++) {
    const DioLayerMaterial *m;
    DioMCParams            *p = &pl->layer_params[l];
    PetscCall(DioMaterialTableGetLayer(e->materials, l, &m));
    pl->layer_plastic[l] = (PetscBool)(m->constitutive != DIO_MODEL_ELASTIC);
    p->youngs_modulus    = m->youngs_modulus;
    p->poissons_ratio    = m->poissons_ratio;
    p->cohesion          = m->cohesion;
    p->friction_angle    = dio_mc_deg_to_rad(m->friction_angle);
    p->dilation_angle    = dio_mc_deg_to_rad(m->dilation_angle);
    /* PETSC_INFINITY (no cut-off) is finite (PETSC_MAX_REAL / 4), not an IEEE infinity: PetscIsInfReal() missed it and
       with phi = 0 the kernel took 4.5e307 Pa for a binding cut-off (see dio_mc_surface) */
    p->tensile_strength   = m->tensile_strength >= PETSC_INFINITY ? HUGE_VAL : m->tensile_strength;
    p->use_drucker_prager = m->constitutive == DIO_MODEL_DRUCKER_PRAGER;
    p->dp_match           = (int)m->dp_match;
    PetscCheck(!pl->layer_plastic[l] || dio_mc_params_check(p) == DIO_KERNEL_OK, comm, PETSC_ERR_USER_INPUT,
               "layer '%s': strength parameters out of range (c %g Pa, phi %g, psi %g degrees)", m->name,
               (double)m->cohesion, (double)m->friction_angle, (double)m->dilation_angle);
  }
  PetscCall(PetscCalloc3(nqc * 6, &pl->stress, nqc * 6, &pl->plastic_strain, nqc, &pl->yield));
  PetscCall(PetscCalloc3(nqc * 6, &pl->stress_trial, nqc * 6, &pl->plastic_strain_trial, nqc, &pl->yield_trial));
  PetscCall(PetscCalloc2(nqc * 6 + 1, &pl->eigenstrain_committed, nqc * 6 + 1, &pl->eigenstrain_start));
  if (e->initial_stress) PetscCall(PetscArraycpy(pl->stress, e->initial_stress, nqc * 6));
  PetscCall(DMCreateGlobalVector(e->dm_u, &pl->u_committed));
  PetscCall(VecDuplicate(pl->u_committed, &pl->u_increment));
  PetscCall(VecDuplicate(pl->u_committed, &pl->force_start));
  PetscCall(VecDuplicate(pl->u_committed, &pl->force_target));
  PetscCall(VecDuplicate(pl->u_committed, &pl->prescribed_target));
  PetscCall(VecDuplicate(pl->u_committed, &pl->prescribed_mask));
  pl->increment_first      = 1.0;
  pl->increment_min        = 1e-4;
  pl->increments_max       = 1000;
  pl->load_atol            = 1e-10;
  pl->cutbacks_max         = DIO_CUTBACKS_MAX_DEFAULT;
  pl->stagnation_its       = DIO_STAGNATION_ITS_DEFAULT;
  pl->stagnation_factor    = DIO_STAGNATION_FACTOR_DEFAULT;
  pl->precondition_elastic = PETSC_TRUE;
  PetscOptionsBegin(comm, "mech_", "Elastoplastic solve: load increments", "elasticity");
  {
    /* Where many points sit on the yield surface's corners (tension cut-off) the elastic stiffness stops being a
       good preconditioner of the tangent (the 2D landfall section's lining stage: 3600 GMRES iterations, 88 s), and
       GAMG on the tangent itself is worse; an LU of the tangent takes 2.4 s there. 2D sections are small enough to
       factor; 3D models are not, by default. */
    const char *const solvers[] = {"auto", "direct", "iterative", "DioPlasticLinearSolver", "", NULL};
    PetscEnum         solver    = (PetscEnum)0;

    PetscCall(PetscOptionsEnum(
        "-plastic_linear_solver",
        "Newton's linear solves: direct (MUMPS LU of the tangent), iterative (Krylov + GAMG), auto (direct in 2D)", "",
        solvers, solver, &solver, NULL));
    pl->direct = (PetscBool)(solver == 1 || (solver == 0 && e->dim == 2));
  }
  PetscCall(PetscOptionsReal("-load_increment_first",
                             "First load increment, as a fraction of a solve's load change (-)", "",
                             pl->increment_first, &pl->increment_first, NULL));
  PetscCall(PetscOptionsReal("-load_increment_min", "Smallest increment after cut-backs before the solve fails (-)", "",
                             pl->increment_min, &pl->increment_min, NULL));
  PetscCall(PetscOptionsBool(
      "-plastic_pc_elastic",
      "Precondition Newton's linear solves with the elastic stiffness (built once per solve) instead of the tangent",
      "", pl->precondition_elastic, &pl->precondition_elastic, NULL));
  PetscCall(PetscOptionsInt("-load_increments_max", "Most increments in one solve", "", pl->increments_max,
                            &pl->increments_max, NULL));
  PetscCall(PetscOptionsReal(
      "-load_atol", "Newton also converges when the residual norm is below this times the norm of the loads (-)", "",
      pl->load_atol, &pl->load_atol, NULL));
  PetscCall(PetscOptionsBool("-load_monitor",
                             "One line per load increment tried (accepted or cut back), with the wall time", "",
                             pl->load_monitor, &pl->load_monitor, NULL));
  PetscCall(PetscOptionsInt("-load_cutbacks_max",
                            "Consecutive cut-backs (no increment accepted in between) before the solve fails; 0: halve "
                            "down to -mech_load_increment_min",
                            "", pl->cutbacks_max, &pl->cutbacks_max, NULL));
  PetscCall(PetscOptionsInt("-snes_stagnation_its",
                            "Newton stops (cut-back) when the residual has not fallen by -mech_snes_stagnation_factor "
                            "over this many iterations; 0: off",
                            "", pl->stagnation_its, &pl->stagnation_its, NULL));
  PetscCall(PetscOptionsReal(
      "-snes_stagnation_factor",
      "Fall of the residual over -mech_snes_stagnation_its iterations below which Newton is stagnating (-)", "",
      pl->stagnation_factor, &pl->stagnation_factor, NULL));
  PetscOptionsEnd();
  PetscCheck(pl->cutbacks_max >= 0, comm, PETSC_ERR_USER_INPUT,
             "-mech_load_cutbacks_max = %" PetscInt_FMT ": must be >= 0", pl->cutbacks_max);
  PetscCheck(pl->stagnation_its >= 0, comm, PETSC_ERR_USER_INPUT,
             "-mech_snes_stagnation_its = %" PetscInt_FMT ": must be >= 0", pl->stagnation_its);
  PetscCheck(pl->stagnation_factor > 0 && pl->stagnation_factor < 1, comm, PETSC_ERR_USER_INPUT,
             "-mech_snes_stagnation_factor = %g: must be in (0, 1)", (double)pl->stagnation_factor);
  PetscCall(PetscMalloc1(pl->stagnation_its + 1, &pl->residual_history));
  PetscCheck(pl->load_atol >= 0 && pl->load_atol < 1, comm, PETSC_ERR_USER_INPUT,
             "-mech_load_atol = %g: must be in [0, 1)", (double)pl->load_atol);
  PetscCheck(pl->increment_first > 0 && pl->increment_first <= 1, comm, PETSC_ERR_USER_INPUT,
             "-mech_load_increment_first = %g: must be in (0, 1]", (double)pl->increment_first);
  PetscCheck(pl->increment_min > 0 && pl->increment_min <= pl->increment_first, comm, PETSC_ERR_USER_INPUT,
             "-mech_load_increment_min = %g: must be in (0, -mech_load_increment_first]", (double)pl->increment_min);
  PetscCheck(pl->increments_max > 0, comm, PETSC_ERR_USER_INPUT,
             "-mech_load_increments_max = %" PetscInt_FMT ": must be > 0", pl->increments_max);
  e->plastic = pl;
  PetscFunctionReturn(0);
}

PetscErrorCode DioPlasticityDestroy_Internal(DioElasticity e)
{
  DioPlasticity *pl = e->plastic;

  PetscFunctionBegin;
  if (!pl) PetscFunctionReturn(0);
  PetscCall(PetscFree2(pl->layer_params, pl->layer_plastic));
  PetscCall(PetscFree3(pl->stress, pl->plastic_strain, pl->yield));
  PetscCall(PetscFree3(pl->stress_trial, pl->plastic_strain_trial, pl->yield_trial));
  PetscCall(PetscFree2(pl->eigenstrain_committed, pl->eigenstrain_start));
  PetscCall(PetscFree(pl->residual_history));
  PetscCall(VecDestroy(&pl->u_committed));
  PetscCall(VecDestroy(&pl->u_increment));
  PetscCall(VecDestroy(&pl->force_start));
  PetscCall(VecDestroy(&pl->force_target));
  PetscCall(VecDestroy(&pl->prescribed_target));
  PetscCall(VecDestroy(&pl->prescribed_mask));
  PetscCall(SNESDestroy(&pl->snes));
  PetscCall(MatDestroy(&pl->P));
  PetscCall(PetscFree(e->plastic));
  PetscFunctionReturn(0);
}

/* The committed state becomes the initial state of the next solves: stress kept, displacement reset to zero. */
PetscErrorCode DioPlasticityStoreInitialStress_Internal(DioElasticity e)
{
  const size_t n = (size_t)e->num_cells * e->tab.num_qpoints * 6;

  PetscFunctionBegin;
  if (e->initial_stress == NULL) PetscCall(PetscMalloc1(n, &e->initial_stress));
  PetscCall(PetscArraycpy(e->initial_stress, e->plastic->stress, n));
  PetscCall(VecSet(e->plastic->u_committed, 0.0));
  /* as the linear solve: the next solve applies the eigenstrain from this state on */
  PetscCall(PetscArrayzero(e->plastic->eigenstrain_committed, n));
  e->plastic->eigenstrain_used = PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* Cell averages of the committed stress (replacing the elastic ones), equivalent plastic strain, yield fraction. */
PetscErrorCode DioPlasticityCellFields_Internal(DioElasticity e, DioElasCellFields *fields)
{
  const DioPlasticity *pl = e->plastic;
  const PetscInt       nq = e->tab.num_qpoints, ndof = e->dofs_per_cell;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(e->num_cells, &fields->plastic_strain, e->num_cells, &fields->yield_fraction));
#pragma omp parallel for schedule(static)
  for (PetscInt c = 0; c < e->num_cells; c++) {
    double X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS], vol = 0, sig[6] = {0, 0, 0, 0, 0, 0},
                                                                            eq = 0, yielded = 0;
    fields->plastic_strain[c] = fields->yield_fraction[c] = 0.0;
    if (!DioElasticityCellActive_Internal(e, c) || dio_elas_qpoints(&e->tab, &e->cell_nodes[c * ndof], X, wdet))
      continue;
    for (PetscInt q = 0; q < nq; q++) {
      const double *s = &pl->stress[((size_t)c * nq + q) * 6], *ep = &pl->plastic_strain[((size_t)c * nq + q) * 6];
      double        norm2 = 0;
      for (PetscInt k = 0; k < 6; k++) {
        sig[k] += wdet[q] * s[k];
        norm2 += (k < 3 ? 1.0 : 2.0) * ep[k] * ep[k];
      }
      eq += wdet[q] * PetscSqrtReal(2.0 / 3.0 * norm2);
      yielded += pl->yield[(size_t)c * nq + q] != DIO_MC_ELASTIC;
      vol += wdet[q];
    }
    for (PetscInt k = 0; k < 6; k++) {
      fields->effective_stress[6 * c + k] = sig[k] / vol;
      fields->total_stress[6 * c + k]     = sig[k] / vol - (k < 3 ? fields->pore_pressure[c] : 0.0);
    }
    fields->plastic_strain[c] = eq / vol;
    fields->yield_fraction[c] = yielded / nq;
  }
  PetscFunctionReturn(0);
}

/*
  DioElasticityGetPlasticState - borrow the committed elastoplastic state, for checkpoints: per quadrature point the
  stress and plastic strain [num_cells][num_qpoints][6] and the yield indicator [num_cells][num_qpoints], and the
  committed displacement (a global vector, layout of u: the start of the next solve). All NULL (and *num_qpoints 0)
  when every layer is elastic. Writable: a restart overwrites them (then the next solve starts from that state). Not
  collective.
*/
PetscErrorCode DioElasticityGetPlasticState(DioElasticity e, PetscInt *num_qpoints, PetscReal **stress,
                                            PetscReal **plastic_strain, PetscReal **yield, Vec *u_committed)
{
  PetscFunctionBegin;
  PetscCheck(e->setup, PETSC_COMM_SELF, PETSC_ERR_ORDER, "call DioElasticitySetUp() first");
  *num_qpoints    = e->plastic ? e->tab.num_qpoints : 0;
  *stress         = e->plastic ? e->plastic->stress : NULL;
  *plastic_strain = e->plastic ? e->plastic->plastic_strain : NULL;
  *yield          = e->plastic ? e->plastic->yield : NULL;
  *u_committed    = e->plastic ? e->plastic->u_committed : NULL;
  PetscFunctionReturn(0);
}
