/* SPDX-License-Identifier: BSD-2-Clause
   biot_coupling.c: where the mechanics and the groundwater meet (issue 14). The coupled system of a backward-Euler
   step, in the unknowns u (m) and p^ = p / E_s (E_s: the largest Young's modulus, by which the elasticity already
   divides K and its loads, so that both blocks are of one scale):

       [ K / E_s       -Q        ] [ u  ]   [ F / E_s                          ]
       [ Q^T     E_s (S + dt H)  ] [ p^ ] = [ Q^T u_old + E_s S p^_old          ]

   (kernels/biot.h: Q coupling, S storage 1/M, H Darcy conductance); prescribed displacements g (the elasticity's,
   prescribed_displacement.c) are lifted into both rows, Q^T (u_old - g) in the second. The second row is the mass
   balance times dt; its sign makes the pressure Schur complement E_s (S + dt H) + Q^T (K / E_s)^-1 Q positive definite,
   which the default preconditioner approximates. Held dofs are eliminated as the elasticity does (elasticity_matrix.c):
   a constrained displacement keeps only its diagonal in K, a zero row in Q and a zero column in Q^T; a drained pressure
   keeps only a positive diagonal (the cell volumes around it, the scale of the Schur complement) and a zero right-hand
   side (the excess pressure there is zero).

   The matrix is a MATNEST of four AIJ blocks (K is the elasticity's own, with its rigid-body near-null space):
   PCFIELDSPLIT (Schur, upper factorisation) in FGMRES, CG + GAMG to 1e-2 on the displacement block and on the
   fixed-stress approximation of the pressure Schur complement, E_s (S + dt H + alpha^2 / K_b M_p) (M_p the pressure
   mass matrix, K_b the drained bulk modulus): robust from the undrained limit (dt = 0, 1 / M = 0) to the drained one
   and, the inner solves being accurate to a fixed ratio, under refinement. A diag(K)-based selfp approximation needed
   321 iterations for the undrained step of the Terzaghi column.
   -biot_solver direct converts the nest to one AIJ matrix and factors it with MUMPS. Where the fieldsplit solve of a
   step does not converge, that step is solved so (a system of at most -biot_fallback_max_dofs dofs), with one log
   line, and the next step goes back to fieldsplit: as the mechanics' fallback (linear_fallback.c, issue 15). */
#include <petsctime.h>
#include "dio_biot.h"
#include "elasticity_impl.h"
#include "flow_impl.h"
#include "fe_common.h"
#include "biot.h"
#include "biot_boundary.h"

typedef enum { DIO_BIOT_SOLVER_FIELDSPLIT, DIO_BIOT_SOLVER_DIRECT } DioBiotSolver;
static const char *const DioBiotSolvers[] = {"fieldsplit", "direct", "DioBiotSolver", "DIO_BIOT_SOLVER_", NULL};

struct _n_DioBiot {
  DioElasticity elas;           /* borrowed */
  DioFlow       flow;           /* borrowed */
  PetscReal     pressure_scale; /* E_s: p = E_s p^ */
  Mat           K, Q, Qt, C, S; /* blocks: K (the elasticity's, referenced), -Q, Q^T, E_s (S + dt H), E_s S */
  Mat           Qt_full;        /* Q^T with the columns of held displacements kept: the mass balance's old and
                                   prescribed displacements (right-hand side) */
  Vec           u_prescribed;   /* the prescribed displacements of the step, zero elsewhere */
  Vec           Q_sum;          /* (Q 1): per free displacement dof, the coupling to a uniform pressure (m2) */
  Vec           S_drained;      /* per free pressure node, the storage tied to the drained nodes (sum of S over them) */
  PetscReal     drained_pressure, drained_pressure_state; /* Pa: on the drained nodes, next step and in the state */
  Mat           P;              /* the fixed-stress approximation of the pressure Schur complement */
  Mat           A, A_direct;    /* the nest; its AIJ copy for -biot_solver direct and the fallback */
  IS            is[2];          /* rows of u and p^ in the nest */
  Vec           x, b, F;
  KSP           ksp;
  KSP           ksp_fallback; /* LU (MUMPS) for a step whose fieldsplit solve failed; created on first use */
  PetscInt      fallback_max_dofs;
  DioBiotSolver solver;
  PetscBool     coupling_assembled;
  PetscReal     dt_assembled;
  PetscReal     rtol, atol;    /* -biot_ksp_rtol, -biot_ksp_atol as set */
  PetscReal     rhs_reference; /* the largest right-hand side norm since creation: what rtol is relative to */
};

/* The inner solves: CG + GAMG to 1e-2 on the displacement block and on the fixed-stress pressure approximation (the
   latter through PCKSP: the Schur complement's own KSP stays preonly, so no product with the Schur complement is
   formed), at most 100 iterations each (PCFIELDSPLIT goes on with a solve that stops at its limit). One V-cycle each
   left the outer count growing with the mesh and with the stiffness contrast of a lined bore (Terzaghi 2D: 23 -> 46
   per step from 64 to 4096 cells; transverse section: 112-164 in its undrained stages); see benchmarks/README.md.
   GAMG sets up both blocks afresh when their matrix changes (a new dt changes the pressure block by orders of
   magnitude): PETSc 3.18's reuse of the interpolation kept the smoothers' eigenvalue bounds of the previous matrix,
   and the pressure block's CG stopped with an indefinite preconditioner on the first consolidation step after an
   undrained one (a Terzaghi column 8 cells across). */
static PetscErrorCode SetDefaultOptions(void)
{
  const char *defaults[][2] = {{"-biot_fieldsplit_u_ksp_type", "cg"},
                               {"-biot_fieldsplit_u_ksp_rtol", "1e-2"},
                               {"-biot_fieldsplit_u_ksp_max_it", "100"},
                               {"-biot_fieldsplit_u_pc_type", "gamg"},
                               {"-biot_fieldsplit_u_mg_levels_ksp_chebyshev_esteig", "0,0.1,0,1.2"},
                               {"-biot_fieldsplit_u_pc_gamg_reuse_interpolation", "false"},
                               {"-biot_fieldsplit_p_ksp_type", "preonly"},
                               {"-biot_fieldsplit_p_pc_type", "ksp"},
                               {"-biot_fieldsplit_p_ksp_ksp_type", "cg"},
                               {"-biot_fieldsplit_p_ksp_ksp_rtol", "1e-2"},
                               {"-biot_fieldsplit_p_ksp_ksp_max_it", "100"},
                               {"-biot_fieldsplit_p_ksp_pc_type", "gamg"},
                               {"-biot_fieldsplit_p_ksp_pc_gamg_reuse_interpolation", "false"}};

  PetscFunctionBegin;
  PetscCall(DioFESetDefaultOptions_Internal(sizeof(defaults) / sizeof(defaults[0]), defaults));
  PetscFunctionReturn(0);
}

/* -biot_solver and -biot_fallback_max_dofs (default by dim, as the mechanics': the LU factor's memory grows much
   faster in 3D): what DioBiotCreate() uses, and what a check pass reads (DioBiotCheckOptions()). */
static PetscErrorCode SolverFromOptions(MPI_Comm comm, PetscInt dim, PetscEnum *solver, PetscInt *fallback_max_dofs)
{
  PetscFunctionBegin;
  *solver            = (PetscEnum)DIO_BIOT_SOLVER_FIELDSPLIT;
  *fallback_max_dofs = dim == 2 ? 2000000 : 200000;
  PetscOptionsBegin(comm, "biot_", "Biot consolidation: coupled solver", "biot");
  PetscCall(PetscOptionsEnum(
      "-solver", "Coupled solver: fieldsplit (FGMRES, Schur complement, GAMG on both blocks) or direct (LU, MUMPS)", "",
      DioBiotSolvers, *solver, solver, NULL));
  PetscCall(
      PetscOptionsInt("-fallback_max_dofs",
                      "Largest coupled system (global dofs) whose step is solved by LU (MUMPS) where the fieldsplit"
                      " solve does not converge; 0: none, stop with exit code 2 (default 2000000 in 2D, 200000 in 3D)",
                      "", *fallback_max_dofs, fallback_max_dofs, NULL));
  PetscOptionsEnd();
  PetscCheck(*fallback_max_dofs >= 0, comm, PETSC_ERR_USER_INPUT,
             "-biot_fallback_max_dofs = %" PetscInt_FMT ": must be >= 0", *fallback_max_dofs);
  PetscFunctionReturn(0);
}

/* Reads (and lists under -help, with the 2D defaults) the coupling's own keys without building anything: for a check
   pass. Collective. */
PetscErrorCode DioBiotCheckOptions(MPI_Comm comm)
{
  PetscEnum solver;
  PetscInt  fallback_max_dofs;

  PetscFunctionBegin;
  PetscCall(SolverFromOptions(comm, 2, &solver, &fallback_max_dofs));
  PetscFunctionReturn(0);
}

/* ksp: LU by MUMPS, for -biot_solver direct and the fallback. Collective. */
static PetscErrorCode SetDirectSolver(KSP ksp)
{
  PC pc;

  PetscFunctionBegin;
  PetscCall(KSPSetType(ksp, KSPPREONLY));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCLU));
  PetscCall(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS));
  PetscFunctionReturn(0);
}

/* ksp's operator: the nest converted to one AIJ matrix (b->A_direct), which MUMPS factors. Collective. */
static PetscErrorCode SetDirectOperator(DioBiot b, KSP ksp)
{
  PetscFunctionBegin;
  PetscCall(MatDestroy(&b->A_direct));
  PetscCall(MatConvert(b->A, MATAIJ, MAT_INITIAL_MATRIX, &b->A_direct));
  PetscCall(KSPSetOperators(ksp, b->A_direct, b->A_direct));
  PetscFunctionReturn(0);
}

/* The coupling block (u rows, p columns). On quadrilaterals and hexahedra preallocated with the most pressure nodes a
   displacement node can see, 3^dim (a Q2 vertex node shared by 2^dim cells); on triangles and tetrahedra a vertex has
   no such bound (an unstructured mesh: any number of cells around it), so the pattern is counted from the cells
   (MATPREALLOCATOR) and inserted. */
static PetscErrorCode CreateCouplingMatrix(DioBiot b, PetscInt n_u, PetscInt n_p)
{
  DioElasticity  e  = b->elas;
  DioFlow        f  = b->flow;
  const PetscInt nz = e->dim == 2 ? 9 : 27, nu = e->dofs_per_cell, np = f->nodes_per_cell;
  MPI_Comm       comm = PetscObjectComm((PetscObject)e->dm);
  Mat            pattern;
  PetscScalar   *zeros;

  PetscFunctionBegin;
  if (!f->tab.simplex) {
    PetscCall(MatCreateAIJ(comm, n_u, n_p, PETSC_DETERMINE, PETSC_DETERMINE, nz, NULL, nz, NULL, &b->Q));
    PetscCall(MatSetOption(b->Q, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
    PetscFunctionReturn(0);
  }
  PetscCall(MatCreate(comm, &pattern));
  PetscCall(MatSetType(pattern, MATPREALLOCATOR));
  PetscCall(MatSetSizes(pattern, n_u, n_p, PETSC_DETERMINE, PETSC_DETERMINE));
  PetscCall(MatSetUp(pattern));
  PetscCall(PetscCalloc1(nu * np, &zeros));
  for (PetscInt c = 0; c < e->num_cells; c++)
    PetscCall(MatSetValues(pattern, nu, &e->cell_global_dofs[c * nu], np, &f->cell_global_dofs[c * np], zeros,
                           INSERT_VALUES));
  PetscCall(PetscFree(zeros));
  PetscCall(MatAssemblyBegin(pattern, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(pattern, MAT_FINAL_ASSEMBLY));
  PetscCall(MatCreate(comm, &b->Q));
  PetscCall(MatSetType(b->Q, MATAIJ));
  PetscCall(MatSetSizes(b->Q, n_u, n_p, PETSC_DETERMINE, PETSC_DETERMINE));
  PetscCall(MatPreallocatorPreallocate(pattern, PETSC_TRUE, b->Q));
  PetscCall(MatDestroy(&pattern));
  PetscCall(MatSetOption(b->Q, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* The pressure block, preallocated from the cells (node adjacency of the Q1 or P1 mesh). */
static PetscErrorCode CreatePressureMatrix(DioBiot b, PetscInt n_p)
{
  DioFlow   f = b->flow;
  PetscInt *d_nnz, *o_nnz, *du_nnz, *ou_nnz;

  PetscFunctionBegin;
  PetscCall(PetscCalloc4(n_p, &d_nnz, n_p, &o_nnz, n_p, &du_nnz, n_p, &ou_nnz));
  PetscCall(DioFECountBlockNonzeros_Internal(f->dm_p, 1, f->num_cells, f->nodes_per_cell, f->cell_local_dofs,
                                             f->cell_global_dofs, NULL, n_p, d_nnz, o_nnz, du_nnz, ou_nnz));
  PetscCall(MatCreate(PetscObjectComm((PetscObject)f->dm), &b->C));
  PetscCall(MatSetSizes(b->C, n_p, n_p, PETSC_DETERMINE, PETSC_DETERMINE));
  PetscCall(MatSetType(b->C, MATAIJ));
  PetscCall(MatXAIJSetPreallocation(b->C, 1, d_nnz, o_nnz, du_nnz, ou_nnz));
  PetscCall(MatSetOption(b->C, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
  PetscCall(MatDuplicate(b->C, MAT_DO_NOT_COPY_VALUES, &b->S));
  PetscCall(MatDuplicate(b->C, MAT_DO_NOT_COPY_VALUES, &b->P));
  PetscCall(PetscFree4(d_nnz, o_nnz, du_nnz, ou_nnz));
  PetscFunctionReturn(0);
}

/*
  DioBiotCreate - the coupled problem of elas and flow (both borrowed). Collective.

  Options (prefix biot_): -biot_solver fieldsplit|direct (default fieldsplit), and every KSP/PC option of the coupled
  solve (-biot_ksp_monitor, -biot_ksp_rtol (1e-10, relative to the largest right-hand side of the steps so far),
  -biot_fieldsplit_u_ksp_rtol (1e-2), -biot_fieldsplit_p_ksp_ksp_rtol (1e-2, the pressure block's inner CG) ...).
*/
PetscErrorCode DioBiotCreate(DioElasticity elas, DioFlow flow, DioBiot *biot)
{
  DioBiot   b;
  MPI_Comm  comm = PetscObjectComm((PetscObject)elas->dm);
  PetscInt  n_u, n_p, start;
  PC        pc;
  PetscEnum solver;

  PetscFunctionBegin;
  PetscCall(DioElasticitySetUp(elas));
  PetscCall(DioFlowSetUp(flow));
  PetscCheck(elas->order == 2, comm, PETSC_ERR_USER_INPUT,
             "-mech_element_order = %" PetscInt_FMT
             ": Biot consolidation needs 2 (Q2 or P2 displacement with Q1 or P1 pressure, inf-sup stable)",
             elas->order);
  /* the kernels integrate both fields at one rule: the flow tabulates its pressure at the displacement's */
  PetscCheck(flow->tab.simplex == elas->tab.simplex && flow->tab.num_qpoints == elas->tab.num_qpoints, comm,
             PETSC_ERR_PLIB, "Biot consolidation: the pressure and displacement tabulations differ");
  PetscCheck(elas->plastic == NULL, comm, PETSC_ERR_SUP,
             "Biot consolidation: elastoplastic layers are not supported yet (set -materials_constitutive elastic)");
  PetscCall(PetscNew(&b));
  PetscCall(SolverFromOptions(comm, elas->dim, &solver, &b->fallback_max_dofs));
  b->elas           = elas;
  b->flow           = flow;
  b->solver         = (DioBiotSolver)solver;
  b->pressure_scale = elas->modulus_scale;
  b->dt_assembled   = -1;
  PetscCall(DioElasticityGetOperator_Internal(elas, &b->K));
  PetscCall(PetscObjectReference((PetscObject)b->K));
  PetscCall(MatGetLocalSize(b->K, &n_u, NULL));
  {
    Vec p;
    PetscCall(DioFlowCreateGlobalVector(flow, &p));
    PetscCall(VecGetLocalSize(p, &n_p));
    PetscCall(VecDestroy(&p));
  }
  PetscCall(CreateCouplingMatrix(b, n_u, n_p));
  PetscCall(CreatePressureMatrix(b, n_p));
  PetscCall(VecCreateMPI(comm, n_u + n_p, PETSC_DETERMINE, &b->x));
  PetscCall(VecDuplicate(b->x, &b->b));
  PetscCall(VecGetOwnershipRange(b->x, &start, NULL));
  PetscCall(ISCreateStride(comm, n_u, start, 1, &b->is[0]));
  PetscCall(ISCreateStride(comm, n_p, start + n_u, 1, &b->is[1]));
  PetscCall(DioElasticityCreateGlobalVector(elas, &b->F));
  PetscCall(VecDuplicate(b->F, &b->u_prescribed));
  PetscCall(VecDuplicate(b->F, &b->Q_sum));
  PetscCall(DioFlowCreateGlobalVector(flow, &b->S_drained));

  PetscCall(KSPCreate(comm, &b->ksp));
  PetscCall(KSPSetOptionsPrefix(b->ksp, "biot_"));
  PetscCall(KSPGetPC(b->ksp, &pc));
  if (b->solver == DIO_BIOT_SOLVER_DIRECT)
    PetscCall(SetDirectSolver(b->ksp));
  else {
    PetscCall(KSPSetType(b->ksp, KSPFGMRES));
    PetscCall(KSPGMRESSetRestart(b->ksp, 100));
    PetscCall(PCSetType(pc, PCFIELDSPLIT));
    PetscCall(PCFieldSplitSetIS(pc, "u", b->is[0]));
    PetscCall(PCFieldSplitSetIS(pc, "p", b->is[1]));
    PetscCall(PCFieldSplitSetType(pc, PC_COMPOSITE_SCHUR));
    /* upper: one displacement solve per iteration instead of full's two, for one or two more iterations */
    PetscCall(PCFieldSplitSetSchurFactType(pc, PC_FIELDSPLIT_SCHUR_FACT_UPPER));
    PetscCall(PCFieldSplitSetSchurPre(pc, PC_FIELDSPLIT_SCHUR_PRE_USER, b->P));
    PetscCall(SetDefaultOptions());
  }
  /* the previous state is the initial guess; after a change of step its residual may exceed the right-hand side by
     far more than PETSc's divergence tolerance (1e5 ||b||): a long step's dt H acting on the previous pressure */
  PetscCall(KSPSetTolerances(b->ksp, 1e-10, 1e-50, 1e50, 500));
  PetscCall(KSPSetInitialGuessNonzero(b->ksp, (PetscBool)(b->solver != DIO_BIOT_SOLVER_DIRECT)));
  PetscCall(KSPSetFromOptions(b->ksp));
  PetscCall(KSPGetTolerances(b->ksp, &b->rtol, &b->atol, NULL, NULL));
  *biot = b;
  PetscFunctionReturn(0);
}

PetscErrorCode DioBiotDestroy(DioBiot *biot)
{
  DioBiot b = *biot;

  PetscFunctionBegin;
  if (b == NULL) PetscFunctionReturn(0);
  PetscCall(KSPDestroy(&b->ksp));
  PetscCall(KSPDestroy(&b->ksp_fallback));
  PetscCall(MatDestroy(&b->A));
  PetscCall(MatDestroy(&b->A_direct));
  PetscCall(MatDestroy(&b->K));
  PetscCall(MatDestroy(&b->Q));
  PetscCall(MatDestroy(&b->Qt));
  PetscCall(MatDestroy(&b->Qt_full));
  PetscCall(VecDestroy(&b->u_prescribed));
  PetscCall(VecDestroy(&b->Q_sum));
  PetscCall(VecDestroy(&b->S_drained));
  PetscCall(MatDestroy(&b->C));
  PetscCall(MatDestroy(&b->S));
  PetscCall(MatDestroy(&b->P));
  PetscCall(ISDestroy(&b->is[0]));
  PetscCall(ISDestroy(&b->is[1]));
  PetscCall(VecDestroy(&b->x));
  PetscCall(VecDestroy(&b->b));
  PetscCall(VecDestroy(&b->F));
  PetscCall(PetscFree(*biot));
  PetscFunctionReturn(0);
}

/* Element matrices computed per chunk of cells (all threads), then masked and inserted (one thread, in cell order, so
   the matrices do not depend on the thread count): at most this many bytes of them. */
#define DIO_BIOT_CHUNK_BYTES (8 << 20)

/* The coupling block -Q (and, when `pressure`, E_s (S + dt H) and E_s S) from every local cell; Dirichlet rows and
   columns eliminated. The kernels run in OpenMP chunks as the elasticity's (elasticity_matrix.c). *bad_cell: the first
   local cell whose kernel failed, -1 if none. Collective. */
static PetscErrorCode AssembleBlocks(DioBiot b, PetscReal dt, PetscBool coupling, PetscBool pressure,
                                     PetscInt *bad_cell)
{
  DioElasticity  e  = b->elas;
  DioFlow        f  = b->flow;
  const PetscInt nu = e->dofs_per_cell, np = f->nodes_per_cell, cell_size = nu * np + 2 * np * np + 1;
  const PetscInt chunk = PetscMax(1, DIO_BIOT_CHUNK_BYTES / (PetscInt)(cell_size * sizeof(double)));
  const double   scale = b->pressure_scale;
  PetscInt       bad   = PETSC_MAX_INT;
  double        *chunk_matrices;

  PetscFunctionBegin;
  if (coupling) {
    PetscCall(VecSet(b->Q_sum, 0.0));
    PetscCall(MatZeroEntries(b->Q));
    if (b->Qt_full == NULL)
      PetscCall(MatDuplicate(b->Q, MAT_DO_NOT_COPY_VALUES, &b->Qt_full));
    else
      PetscCall(MatZeroEntries(b->Qt_full));
  }
  if (pressure) {
    PetscCall(VecSet(b->S_drained, 0.0));
    PetscCall(MatZeroEntries(b->C));
    PetscCall(MatZeroEntries(b->S));
    PetscCall(MatZeroEntries(b->P));
  }
  PetscCall(PetscMalloc1((size_t)PetscMin(chunk, PetscMax(e->num_cells, 1)) * cell_size, &chunk_matrices));
  for (PetscInt c0 = 0; c0 < e->num_cells; c0 += chunk) {
    const PetscInt c1 = PetscMin(c0 + chunk, e->num_cells);
    /* per cell of the chunk: Qe[nu][np], Se[np][np], He[np][np], the volume */
    #pragma omp parallel for schedule(static) reduction(min : bad)
    for (PetscInt c = c0; c < c1; c++) {
      const DioFlowLayerParams *layer = &f->layer[f->cell_layer[c]];
      double                   *Qe = &chunk_matrices[(size_t)(c - c0) * cell_size], *Se = &Qe[nu * np], *He = &Se[np * np];
      double                    mobility[3];
      DioFlowCellMobility_Internal(f, c, mobility);
      if (dio_biot_cell_matrices(&e->tab, &f->tab, &e->cell_nodes[c * nu], layer->biot_coefficient,
                                 layer->inverse_modulus, mobility, Qe, Se, He, &He[np * np]))
        bad = PetscMin(bad, c);
    }
    for (PetscInt c = c0; c < c1 && bad == PETSC_MAX_INT; c++) {
      const DioFlowLayerParams *layer   = &f->layer[f->cell_layer[c]];
      const PetscInt           *u_local = &e->cell_local_dofs[c * nu], *p_local = &f->cell_local_dofs[c * np];
      const PetscInt           *u_global = &e->cell_global_dofs[c * nu], *p_global = &f->cell_global_dofs[c * np];
      double *Qe = &chunk_matrices[(size_t)(c - c0) * cell_size], *Se = &Qe[nu * np], *He = &Se[np * np];
      double  Ce[64], Pe[64], lambda, mu, bulk;
      const double volume = He[np * np];

      if (!DioFlowCellActive_Internal(f, c) || !DioElasticityCellActive_Internal(e, c)) {
        /* no coupling outside the ground that carries flow (biot_boundary.c); a cell outside the flow only holds */
        for (PetscInt i = 0; i < nu * np; i++) Qe[i] = 0.0;
        if (!DioFlowCellActive_Internal(f, c))
          for (PetscInt i = 0; i < np * np; i++) Se[i] = He[i] = 0.0;
      }
      if (coupling) {
        double Qe_full[DIO_MAX_ELEMENT_DOFS * 8], Qe_sum[DIO_MAX_ELEMENT_DOFS];
        for (PetscInt r = 0; r < nu; r++) {
          Qe_sum[r] = 0.0;
          for (PetscInt s = 0; s < np; s++) Qe_sum[r] += e->local_constrained[u_local[r]] ? 0.0 : Qe[r * np + s];
          for (PetscInt s = 0; s < np; s++) {
            Qe_full[r * np + s] = f->local_drained[p_local[s]] ? 0.0 : -Qe[r * np + s];
            Qe[r * np + s]      = e->local_constrained[u_local[r]] ? 0.0 : Qe_full[r * np + s];
          }
        }
        PetscCall(MatSetValues(b->Q, nu, u_global, np, p_global, Qe, ADD_VALUES));
        PetscCall(MatSetValues(b->Qt_full, nu, u_global, np, p_global, Qe_full,
                               ADD_VALUES)); /* (-Q) unmasked: transposed below */
        PetscCall(VecSetValues(b->Q_sum, nu, u_global, Qe_sum, ADD_VALUES));
      }
      if (pressure) {
        /* fixed stress: Q^T (K / E_s)^-1 Q ~ E_s alpha^2 / K_b times the pressure mass matrix, K_b = lambda + 2 mu / dim
           the drained bulk modulus (Mikelic & Wheeler 2013; the mass matrix is S / (1 / M), or its lumped form when 1 /
           M = 0) */
        double Se_drained[8];
        DioElasticityCellLame_Internal(e, c, &lambda, &mu);
        bulk = lambda + 2.0 * mu / e->dim;
        for (PetscInt r = 0; r < np; r++) {
          Se_drained[r] = 0.0;
          for (PetscInt s = 0; s < np; s++)
            if (!f->local_drained[p_local[r]] && f->local_drained[p_local[s]]) Se_drained[r] += Se[r * np + s];
        }
        for (PetscInt r = 0; r < np; r++) {
          for (PetscInt s = 0; s < np; s++) {
            const PetscBool held = (PetscBool)(f->local_drained[p_local[r]] || f->local_drained[p_local[s]]);
            const double    mass = !DioFlowCellActive_Internal(f, c) ? 0.0
                                   : layer->inverse_modulus > 0    ? Se[r * np + s] / layer->inverse_modulus
                                                                   : (r == s ? volume / np : 0.0);
            Ce[r * np + s] = held ? 0.0 : scale * (Se[r * np + s] + dt * He[r * np + s]);
            Pe[r * np + s] =
                held ? 0.0 : Ce[r * np + s] + scale * layer->biot_coefficient * layer->biot_coefficient / bulk * mass;
            Se[r * np + s] = held ? 0.0 : scale * Se[r * np + s];
          }
          if (f->local_drained[p_local[r]]) Ce[r * np + r] = Pe[r * np + r] = volume / np;
        }
        PetscCall(MatSetValues(b->C, np, p_global, np, p_global, Ce, ADD_VALUES));
        PetscCall(MatSetValues(b->S, np, p_global, np, p_global, Se, ADD_VALUES));
        PetscCall(MatSetValues(b->P, np, p_global, np, p_global, Pe, ADD_VALUES));
        PetscCall(VecSetValues(b->S_drained, np, p_global, Se_drained, ADD_VALUES));
      }
    }
  }
  PetscCall(PetscFree(chunk_matrices));
  if (pressure) PetscCall(DioBiotLeakageMatrix_Internal(f, scale * dt, b->C, b->P));
  if (coupling) {
    PetscCall(VecAssemblyBegin(b->Q_sum));
    PetscCall(VecAssemblyEnd(b->Q_sum));
    PetscCall(MatAssemblyBegin(b->Q, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(b->Q, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyBegin(b->Qt_full, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(b->Qt_full, MAT_FINAL_ASSEMBLY));
    /* Q^T = -(-Q)^T; the unmasked one in place */
    PetscCall(MatTranspose(b->Q, b->Qt ? MAT_REUSE_MATRIX : MAT_INITIAL_MATRIX, &b->Qt));
    PetscCall(MatScale(b->Qt, -1.0));
    PetscCall(MatTranspose(b->Qt_full, MAT_INPLACE_MATRIX, &b->Qt_full));
    PetscCall(MatScale(b->Qt_full, -1.0));
  }
  if (pressure) {
    PetscCall(VecAssemblyBegin(b->S_drained));
    PetscCall(VecAssemblyEnd(b->S_drained));
    PetscCall(MatAssemblyBegin(b->C, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyBegin(b->S, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyBegin(b->P, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(b->C, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(b->S, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(b->P, MAT_FINAL_ASSEMBLY));
  }
  *bad_cell = bad == PETSC_MAX_INT ? -1 : bad;
  PetscFunctionReturn(0);
}

/* The coupled matrix of a step of length dt: K and Q once, the pressure blocks when dt changes. Collective. */
static PetscErrorCode AssembleSystem(DioBiot b, PetscReal dt)
{
  PetscBool coupling = (PetscBool)!b->coupling_assembled, pressure = (PetscBool)(dt != b->dt_assembled);
  PetscInt  bad_cell;

  PetscFunctionBegin;
  if (!coupling && !pressure) PetscFunctionReturn(0);
  if (coupling) PetscCall(DioElasticityAssemble(b->elas, b->K, b->F));
  PetscCall(AssembleBlocks(b, dt, coupling, pressure, &bad_cell));
  PetscCall(DioFECheckBadCell_Internal(b->elas->dm, bad_cell, "Biot consolidation", "check the mesh there"));
  b->coupling_assembled = PETSC_TRUE;
  b->dt_assembled       = dt;
  if (b->A == NULL) {
    Mat blocks[4] = {b->K, b->Q, b->Qt, b->C};
    PetscCall(MatCreateNest(PetscObjectComm((PetscObject)b->K), 2, b->is, 2, b->is, blocks, &b->A));
  } else {
    /* new block values: the nest's state changes, so the preconditioner is set up again */
    PetscCall(MatAssemblyBegin(b->A, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(b->A, MAT_FINAL_ASSEMBLY));
  }
  if (b->solver == DIO_BIOT_SOLVER_DIRECT)
    PetscCall(SetDirectOperator(b, b->ksp));
  else
    PetscCall(KSPSetOperators(b->ksp, b->A, b->A));
  PetscFunctionReturn(0);
}

/* Adds dt int P_a g to the mass balance bp (global; drained rows stay zero) for the flow's source g, if any.
 * Collective. */
static PetscErrorCode AddSource(DioBiot b, PetscReal dt, Vec bp)
{
  DioElasticity  e  = b->elas;
  DioFlow        f  = b->flow;
  const PetscInt np = f->nodes_per_cell, nq = f->tab.num_qpoints, dim = f->dim;
  PetscInt       bad = -1;

  PetscFunctionBegin;
  if (f->source == NULL || dt == 0) PetscFunctionReturn(0);
  for (PetscInt c = 0; c < f->num_cells; c++) {
    double X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS], Ge[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    if (dio_elas_qpoints(&e->tab, &e->cell_nodes[c * e->dofs_per_cell], X, wdet)) {
      if (bad < 0) bad = c;
      continue;
    }
    for (PetscInt q = 0; q < nq; q++) {
      const double g = f->source(dim, &X[q * dim], f->source_ctx);
      for (PetscInt a = 0; a < np; a++) Ge[a] += dt * wdet[q] * f->tab.N[q * np + a] * g;
    }
    for (PetscInt a = 0; a < np; a++)
      if (f->local_drained[f->cell_local_dofs[c * np + a]]) Ge[a] = 0;
    PetscCall(VecSetValues(bp, np, &f->cell_global_dofs[c * np], Ge, ADD_VALUES));
  }
  PetscCall(VecAssemblyBegin(bp));
  PetscCall(VecAssemblyEnd(bp));
  PetscCall(DioFECheckBadCell_Internal(f->dm, bad, "Biot source", "check the mesh there"));
  PetscFunctionReturn(0);
}

/* g: the prescribed displacements of the elasticity (prescribed_displacement.c), zero elsewhere. Collective. */
static PetscErrorCode PrescribedDisplacement(DioBiot b, Vec g)
{
  DioElasticity e = b->elas;
  Vec           local;
  PetscScalar  *array;
  PetscInt      local_size;

  PetscFunctionBegin;
  PetscCall(VecSet(g, 0.0));
  if (e->prescribed_value == NULL) PetscFunctionReturn(0);
  PetscCall(DMGetLocalVector(e->dm_u, &local));
  PetscCall(VecGetLocalSize(local, &local_size));
  PetscCall(VecGetArray(local, &array));
  for (PetscInt i = 0; i < local_size; i++)
    array[i] = (e->local_constrained[i] & DIO_DOF_PRESCRIBED) && !e->local_pinned[i] ? e->prescribed_value[i] : 0.0;
  PetscCall(VecRestoreArray(local, &array));
  PetscCall(DMLocalToGlobal(e->dm_u, local, INSERT_VALUES, g));
  PetscCall(DMRestoreLocalVector(e->dm_u, &local));
  PetscFunctionReturn(0);
}

/* The step's system solved again by LU (MUMPS) after its fieldsplit solve, described by info, failed: where the
   system has at most -biot_fallback_max_dofs dofs and MUMPS is there, with one log line; info then describes the LU
   solve (iterations 1, the true residual); an LU that fails too is an error naming both. Left as it is otherwise
   (the caller stops). The next step starts with fieldsplit again. Collective. */
static PetscErrorCode SolveFallback(DioBiot b, DioBiotStepInfo *info)
{
  MPI_Comm                 comm                  = PetscObjectComm((PetscObject)b->K);
  const KSPConvergedReason fieldsplit_reason     = info->reason;
  const PetscInt           fieldsplit_iterations = info->iterations;
  PetscInt                 num_dofs;
  PetscBool                has_mumps;
  Vec                      r;

  PetscFunctionBegin;
  PetscCall(VecGetSize(b->x, &num_dofs));
  PetscCall(MatGetFactorAvailable(b->K, MATSOLVERMUMPS, MAT_FACTOR_LU, &has_mumps));
  if (!has_mumps || num_dofs > b->fallback_max_dofs) PetscFunctionReturn(0);
  PetscCall(PetscPrintf(comm,
                        "[biot]      fieldsplit solve did not converge (%s after %" PetscInt_FMT
                        " iterations); solving this step by LU (MUMPS) (%" PetscInt_FMT
                        " dofs, -biot_fallback_max_dofs %" PetscInt_FMT ")\n",
                        KSPConvergedReasons[info->reason], info->iterations, num_dofs, b->fallback_max_dofs));
  if (b->ksp_fallback == NULL) {
    PetscCall(KSPCreate(comm, &b->ksp_fallback));
    PetscCall(SetDirectSolver(b->ksp_fallback));
  }
  /* the matrix may have changed since the last fallback: converted afresh */
  PetscCall(SetDirectOperator(b, b->ksp_fallback));
  PetscCall(KSPSolve(b->ksp_fallback, b->b, b->x));
  PetscCall(KSPGetConvergedReason(b->ksp_fallback, &info->reason));
  PetscCheck(info->reason > 0, comm, PETSC_ERR_NOT_CONVERGED,
             "Biot consolidation solve did not converge: %s after %" PetscInt_FMT
             " iterations, and LU (MUMPS) failed too: %s (try -biot_ksp_monitor)",
             KSPConvergedReasons[fieldsplit_reason], fieldsplit_iterations, KSPConvergedReasons[info->reason]);
  info->iterations = 1;
  PetscCall(VecDuplicate(b->b, &r));
  PetscCall(MatMult(b->A, b->x, r));
  PetscCall(VecAYPX(r, -1.0, b->b));
  PetscCall(VecNorm(r, NORM_2, &info->residual_norm));
  PetscCall(VecDestroy(&r));
  PetscFunctionReturn(0);
}

PetscErrorCode DioBiotStep(DioBiot b, PetscReal dt, Vec u, Vec p, DioBiotStepInfo *info)
{
  Vec            xu, xp, bu, bp;
  PetscLogDouble t0, t1, t2;
  MPI_Comm       comm = PetscObjectComm((PetscObject)b->K);

  PetscFunctionBegin;
  PetscCheck(dt >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "time step %g s: must be >= 0", (double)dt);
  PetscCall(PetscMemzero(info, sizeof(*info)));
  PetscCall(PetscTime(&t0));
  PetscCall(AssembleSystem(b, dt));
  /* loads of this step (scaled by 1 / E_s) */
  PetscCall(DioElasticityAssembleLoad_Internal(b->elas, PETSC_TRUE, b->F));
  PetscCall(VecGetSubVector(b->x, b->is[0], &xu));
  PetscCall(VecGetSubVector(b->x, b->is[1], &xp));
  PetscCall(VecGetSubVector(b->b, b->is[0], &bu));
  PetscCall(VecGetSubVector(b->b, b->is[1], &bp));
  PetscCall(VecCopy(u, xu));
  PetscCall(VecCopy(p, xp));
  /* unknown p' = p - p_b (p_b the drained nodes' pressure of the step, uniform: no flow of its own), zero where
     drained: its loads are the coupling Q p_b 1 on the displacement and the storage change S (p_old - p_b 1), written
     with the masked S and the storage tied to the drained nodes (where p_old holds the state's p_b) */
  if (b->drained_pressure != 0 || b->drained_pressure_state != 0) PetscCall(VecShift(xp, -b->drained_pressure));
  PetscCall(VecScale(xp, 1.0 / b->pressure_scale));
  PetscCall(VecCopy(b->F, bu));
  if (b->drained_pressure != 0) PetscCall(VecAXPY(bu, b->drained_pressure / b->pressure_scale, b->Q_sum));
  /* mass balance: Q^T (u_old - g) + E_s S p^_old with g the step's prescribed displacements (the Q^T block of the
     matrix has their columns zeroed: Q^T u = Q^T_block u + Q^T g); drained rows zero in all three */
  PetscCall(PrescribedDisplacement(b, b->u_prescribed));
  PetscCall(VecAXPY(b->u_prescribed, -1.0, xu));
  PetscCall(MatMult(b->Qt_full, b->u_prescribed, bp));
  PetscCall(VecScale(bp, -1.0));
  PetscCall(MatMultAdd(b->S, xp, bp, bp));
  PetscCall(AddSource(b, dt, bp));
  /* the storage tied to the drained nodes: + S_drained p_old there (the boundary's right-hand side below, from the
     state p, which holds the state's p_b) - S_drained p_b of this step */
  if (b->drained_pressure != 0) PetscCall(VecAXPY(bp, -b->drained_pressure, b->S_drained));
  PetscCall(DioBiotBoundaryRightHandSide_Internal(b->elas, b->flow, b->pressure_scale, dt, p, bu, bp));
  PetscCall(VecRestoreSubVector(b->b, b->is[1], &bp));
  PetscCall(VecRestoreSubVector(b->b, b->is[0], &bu));
  PetscCall(VecRestoreSubVector(b->x, b->is[1], &xp));
  PetscCall(VecRestoreSubVector(b->x, b->is[0], &xu));
  PetscCall(PetscTime(&t1));

  /* rtol relative to the largest right-hand side of this coupling (the stage's load), not to this step's: as the
     consolidation ends the step's right-hand side vanishes with the pressure it carries, and a tolerance relative to
     it would ask ever more digits of an ever smaller increment (140 iterations per late step of a watertight lining) */
  PetscCall(VecNorm(b->b, NORM_2, &info->rhs_norm));
  b->rhs_reference = PetscMax(b->rhs_reference, info->rhs_norm);
  PetscCall(
      KSPSetTolerances(b->ksp, b->rtol, PetscMax(b->atol, b->rtol * b->rhs_reference), PETSC_DEFAULT, PETSC_DEFAULT));
  PetscCall(KSPSolve(b->ksp, b->b, b->x));
  PetscCall(KSPGetConvergedReason(b->ksp, &info->reason));
  PetscCall(KSPGetIterationNumber(b->ksp, &info->iterations));
  PetscCall(KSPGetResidualNorm(b->ksp, &info->residual_norm));
  if (info->reason <= 0 && b->solver == DIO_BIOT_SOLVER_FIELDSPLIT) PetscCall(SolveFallback(b, info));
  PetscCall(PetscTime(&t2));
  info->assembly_seconds = t1 - t0;
  info->solve_seconds    = t2 - t1;
  PetscCheck(info->reason > 0, comm, PETSC_ERR_NOT_CONVERGED,
             "Biot consolidation solve did not converge: %s after %" PetscInt_FMT
             " iterations (try -biot_ksp_monitor, -biot_solver direct)",
             KSPConvergedReasons[info->reason], info->iterations);
  PetscCall(VecGetSubVector(b->x, b->is[0], &xu));
  PetscCall(VecGetSubVector(b->x, b->is[1], &xp));
  PetscCall(VecCopy(xu, u));
  PetscCall(VecCopy(xp, p));
  PetscCall(VecScale(p, b->pressure_scale));
  if (b->drained_pressure != 0 || b->drained_pressure_state != 0) PetscCall(VecShift(p, b->drained_pressure));
  b->drained_pressure_state = b->drained_pressure;
  PetscCall(VecRestoreSubVector(b->x, b->is[1], &xp));
  PetscCall(VecRestoreSubVector(b->x, b->is[0], &xu));
  PetscFunctionReturn(0);
}

/*
  DioBiotSetDrainedPressure - the excess pore pressure (Pa, uniform) on the drained boundaries from the next step on
  (0 by default): a sea level above the mean raises it by rho_w g times the rise. With `state` the state p already
  holds it there (a restart): the next step starts from it. Not collective.
*/
PetscErrorCode DioBiotSetDrainedPressure(DioBiot b, PetscReal pressure, PetscBool state)
{
  PetscFunctionBegin;
  b->drained_pressure = pressure;
  if (state) b->drained_pressure_state = pressure;
  PetscFunctionReturn(0);
}

/*
  DioBiotGetReference - the largest right-hand side norm of the steps so far (scaled system), which -biot_ksp_rtol is
  relative to. Not collective.
*/
PetscErrorCode DioBiotGetReference(DioBiot b, PetscReal *rhs_reference)
{
  PetscFunctionBegin;
  *rhs_reference = b->rhs_reference;
  PetscFunctionReturn(0);
}

/*
  DioBiotSetReference - the reference of the tolerance from now on (a restart: its checkpoint's); the steps still raise
  it when their right-hand side is larger. Not collective.
*/
PetscErrorCode DioBiotSetReference(DioBiot b, PetscReal rhs_reference)
{
  PetscFunctionBegin;
  b->rhs_reference = rhs_reference;
  PetscFunctionReturn(0);
}

PetscErrorCode DioBiotCellFlowFields(DioBiot b, Vec p, PetscReal velocity[], PetscReal pressure_average[],
                                     PetscReal alpha[])
{
  DioElasticity      e  = b->elas;
  DioFlow            f  = b->flow;
  const PetscInt     np = f->nodes_per_cell;
  Vec                local;
  const PetscScalar *array;
  PetscInt           bad = -1;

  PetscFunctionBegin;
  PetscCall(DioFlowGetLocalPressure_Internal(f, p, &local, &array));
  for (PetscInt c = 0; c < f->num_cells; c++) {
    const DioFlowLayerParams *layer = &f->layer[f->cell_layer[c]];
    double                    pe[8], v[3] = {0, 0, 0}, sum = 0, mobility[3];
    DioFlowCellMobility_Internal(f, c, mobility);
    for (PetscInt a = 0; a < np; a++) {
      pe[a] = PetscRealPart(array[f->cell_local_dofs[c * np + a]]);
      sum += pe[a];
    }
    if (dio_biot_darcy_velocity(&e->tab, &f->tab, &e->cell_nodes[c * e->dofs_per_cell], mobility, pe, v) &&
        bad < 0)
      bad = c;
    if (velocity)
      for (PetscInt d = 0; d < 3; d++) velocity[3 * c + d] = v[d];
    if (pressure_average) pressure_average[c] = sum / np; /* the Q1 (P1) value at the cell centre */
    if (alpha) alpha[c] = layer->biot_coefficient;
  }
  PetscCall(DioFlowRestoreLocalPressure_Internal(f, &local, &array));
  PetscCall(DioFECheckBadCell_Internal(f->dm, bad, "Darcy velocity", "check the mesh there"));
  PetscFunctionReturn(0);
}

/*
  DioBiotSetOperatorsChanged - the elasticity's stiffness (per-cell moduli) or the flow's mobilities changed: the next
  DioBiotStep() assembles every block again. Collective (it destroys a matrix).
*/
PetscErrorCode DioBiotSetOperatorsChanged(DioBiot b)
{
  PetscFunctionBegin;
  b->coupling_assembled = PETSC_FALSE;
  b->dt_assembled       = -1;
  /* transposed in place by the last assembly: made again in the layout of Q */
  PetscCall(MatDestroy(&b->Qt_full));
  PetscFunctionReturn(0);
}
