/* SPDX-License-Identifier: BSD-2-Clause
   biot_boundary.c: what the groundwater boundaries of physics/flow/flow_boundary.c add to the coupled Biot step of
   biot_coupling.c (issue 14, the tunnel wall), and the water they let through.

   Held pressures g (drained at a prescribed excess pressure; nodes in no active cell at 0) are lifted: with the
   system of biot_coupling.c (rows u scaled by 1 / E_s, p^ = p / E_s),
     u rows (free):   + Q g / E_s
     p rows (free):   - (S + dt H) g + S p_old      (the held columns of the masked S, C)
     p rows (held):   (sum of volume / np of the cells around) g / E_s   (the held row's diagonal, biot_coupling.c)
   (A uniform drained pressure of the coupling, the tide's DioBiotSetDrainedPressure(), shifts the unknown on its own:
   the two are not meant to be combined.) A leaky boundary adds outflow per area leakage (p - p_out) to the mass
   balance: dt Lambda to the pressure block (Lambda_ab = int leakage P_a P_b over its faces, kernels/biot.h: edges in
   2D, the quadrilaterals or triangles of a hexahedral or tetrahedral mesh in 3D) and dt Lambda p_out to the right-hand
   side. */
#include "dio_biot.h"
#include "biot_boundary.h"
#include "elasticity_impl.h"
#include "flow_impl.h"
#include "fe_common.h"
#include "biot.h"

/* The leakage matrix of leaky face k times factor into Le[np][np], the held nodes' rows and columns zeroed (their
   equation is the held value); rows[np] the global rows of its cell's nodes. */
static void LeakyFaceMatrix(const struct _n_DioFlow *f, PetscInt k, PetscReal factor, PetscReal Le[],
                            const PetscInt **rows)
{
  const PetscInt  np    = f->nodes_per_cell;
  const PetscInt *local = &f->cell_local_dofs[f->leaky_face_cell[k] * np];
  for (PetscInt a = 0; a < np; a++) {
    for (PetscInt b = 0; b < np; b++)
      Le[a * np + b] = f->local_drained[local[a]] || f->local_drained[local[b]]
                           ? 0.0
                           : factor * f->leaky_face_matrix[(k * np + a) * np + b];
  }
  *rows = &f->cell_global_dofs[f->leaky_face_cell[k] * np];
}

PetscErrorCode DioBiotLeakageMatrix_Internal(DioFlow f, PetscReal factor, Mat C, Mat P)
{
  const PetscInt np = f->nodes_per_cell;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < f->num_leaky_faces; k++) {
    PetscReal       Le[64];
    const PetscInt *rows;
    LeakyFaceMatrix(f, k, factor, Le, &rows);
    PetscCall(MatSetValues(C, np, rows, np, rows, Le, ADD_VALUES));
    PetscCall(MatSetValues(P, np, rows, np, rows, Le, ADD_VALUES));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioBiotBoundaryRightHandSide_Internal(DioElasticity e, DioFlow f, PetscReal scale, PetscReal dt,
                                                     Vec p_old, Vec bu, Vec bp)
{
  const PetscInt     nu = e->dofs_per_cell, np = f->nodes_per_cell;
  Vec                local;
  const PetscScalar *old;
  PetscInt           bad = -1;

  PetscFunctionBegin;
  PetscCall(DioFlowGetLocalPressure_Internal(f, p_old, &local, &old));
  for (PetscInt c = 0; c < f->num_cells; c++) {
    const DioFlowLayerParams *layer   = &f->layer[f->cell_layer[c]];
    const PetscInt           *p_local = &f->cell_local_dofs[c * np], *u_local = &e->cell_local_dofs[c * nu];
    const PetscBool           flow = DioFlowCellActive_Internal(f, c), mech = DioElasticityCellActive_Internal(e, c);
    double                    Qe[DIO_MAX_ELEMENT_DOFS * 8], Se[64], He[64], volume, Fu[DIO_MAX_ELEMENT_DOFS], Fp[8], mobility[3];
    PetscBool                 any = PETSC_FALSE;

    for (PetscInt a = 0; a < np; a++) any = (PetscBool)(any || f->local_drained[p_local[a]]);
    if (!any) continue;
    DioFlowCellMobility_Internal(f, c, mobility);
    if (dio_biot_cell_matrices(&e->tab, &f->tab, &e->cell_nodes[c * nu], layer->biot_coefficient,
                               layer->inverse_modulus, mobility, Qe, Se, He, &volume)) {
      if (bad < 0) bad = c;
      continue;
    }
    for (PetscInt r = 0; r < nu; r++) Fu[r] = 0;
    for (PetscInt r = 0; r < np; r++) Fp[r] = 0;
    for (PetscInt s = 0; s < np; s++) {
      const double g = f->local_prescribed[p_local[s]];
      if (!f->local_drained[p_local[s]]) continue;
      Fp[s] += volume / np * g / scale; /* the held row */
      if (!flow) continue;
      for (PetscInt r = 0; r < np; r++) {
        if (f->local_drained[p_local[r]]) continue;
        Fp[r] += -(Se[r * np + s] + dt * He[r * np + s]) * g + Se[r * np + s] * PetscRealPart(old[p_local[s]]);
      }
      if (!mech) continue;
      for (PetscInt r = 0; r < nu; r++) {
        if (e->local_constrained[u_local[r]] || e->local_pinned[u_local[r]]) continue;
        Fu[r] += Qe[r * np + s] * g / scale;
      }
    }
    PetscCall(VecSetValues(bp, np, &f->cell_global_dofs[c * np], Fp, ADD_VALUES));
    PetscCall(VecSetValues(bu, nu, &e->cell_global_dofs[c * nu], Fu, ADD_VALUES));
  }
  PetscCall(DioFlowRestoreLocalPressure_Internal(f, &local, &old));
  for (PetscInt k = 0; k < f->num_leaky_faces && dt > 0; k++) {
    PetscReal       Le[64], F[8];
    const PetscInt *rows;
    LeakyFaceMatrix(f, k, dt, Le, &rows);
    for (PetscInt a = 0; a < np; a++) {
      F[a] = 0;
      for (PetscInt b = 0; b < np; b++) F[a] += Le[a * np + b] * f->leaky_face_outside[k * np + b];
    }
    PetscCall(VecSetValues(bp, np, rows, F, ADD_VALUES));
  }
  PetscCall(VecAssemblyBegin(bp));
  PetscCall(VecAssemblyEnd(bp));
  PetscCall(VecAssemblyBegin(bu));
  PetscCall(VecAssemblyEnd(bu));
  PetscCall(DioFECheckBadCell_Internal(f->dm, bad, "Biot boundary", "check the mesh there"));
  PetscFunctionReturn(0);
}

/*
  DioBiotBoundaryInflow - the water that leaves the ground through boundary boundary_id over a step of length dt > 0
  (s) from (u_old, p_old) to (u, p), as a rate (m3/s per metre of a 2D section, m3/s in 3D; positive out of the
  ground, e.g. into a tunnel). A drained (held) boundary gives the consistent flux, the reaction of the mass balance at
  its nodes, -sum_a [Q^T (u - u_old) / dt + S (p - p_old) / dt + H p]_a, exact for the discrete balance; a leaky one
  sum over its segments of int leakage (p - p_out); an impermeable one 0. dt = 0 (an undrained step): 0. Collective.
*/
PetscErrorCode DioBiotBoundaryInflow(DioElasticity e, DioFlow f, PetscInt boundary_id, PetscReal dt, Vec u_old, Vec u,
                                     Vec p_old, Vec p, PetscReal *inflow)
{
  const PetscInt                  nu = e->dofs_per_cell, np = f->nodes_per_cell;
  const DioFlowBoundaryCondition *bc;
  PetscBool                      *on   = NULL; /* the boundary's nodes */
  PetscReal          sum = 0;
  PetscInt           bad = -1;
  MPI_Comm           comm = PetscObjectComm((PetscObject)f->dm);
  Vec                lp, lp_old, lu, lu_old;
  const PetscScalar *ap, *ap_old, *au, *au_old;

  PetscFunctionBegin;
  *inflow = 0;
  if (dt <= 0) PetscFunctionReturn(0);
  PetscCall(DioFlowBoundaryConditionFind_Internal(f, boundary_id, &bc));
  PetscCall(DioFlowGetLocalPressure_Internal(f, p, &lp, &ap));
  PetscCall(DioFlowGetLocalPressure_Internal(f, p_old, &lp_old, &ap_old));
  PetscCall(DMGetLocalVector(e->dm_u, &lu));
  PetscCall(DMGetLocalVector(e->dm_u, &lu_old));
  PetscCall(DMGlobalToLocal(e->dm_u, u, INSERT_VALUES, lu));
  PetscCall(DMGlobalToLocal(e->dm_u, u_old, INSERT_VALUES, lu_old));
  PetscCall(VecGetArrayRead(lu, &au));
  PetscCall(VecGetArrayRead(lu_old, &au_old));
  if (bc && bc->drained) {
    PetscCall(DioFlowBoundaryNodeFlags_Internal(f, bc, &on));
    for (PetscInt c = 0; c < f->num_cells; c++) {
      const DioFlowLayerParams *layer   = &f->layer[f->cell_layer[c]];
      const PetscInt           *p_local = &f->cell_local_dofs[c * np], *u_local = &e->cell_local_dofs[c * nu];
      double                    Qe[DIO_MAX_ELEMENT_DOFS * 8], Se[64], He[64], volume, mobility[3];
      PetscBool                 any = PETSC_FALSE;

      if (!DioFlowCellActive_Internal(f, c)) continue;
      for (PetscInt a = 0; a < np; a++) any = (PetscBool)(any || on[p_local[a]]);
      if (!any) continue;
      DioFlowCellMobility_Internal(f, c, mobility);
      if (dio_biot_cell_matrices(&e->tab, &f->tab, &e->cell_nodes[c * nu], layer->biot_coefficient,
                                 layer->inverse_modulus, mobility, Qe, Se, He, &volume)) {
        if (bad < 0) bad = c;
        continue;
      }
      for (PetscInt a = 0; a < np; a++) {
        double reaction = 0;
        if (!on[p_local[a]]) continue;
        for (PetscInt b = 0; b < np; b++) {
          const double pb = PetscRealPart(ap[p_local[b]]), pb_old = PetscRealPart(ap_old[p_local[b]]);
          reaction += He[a * np + b] * pb + Se[a * np + b] * (pb - pb_old) / dt;
        }
        if (DioElasticityCellActive_Internal(e, c)) {
          for (PetscInt r = 0; r < nu; r++)
            reaction += Qe[r * np + a] * PetscRealPart(au[u_local[r]] - au_old[u_local[r]]) / dt;
        }
        sum -= reaction;
      }
    }
    PetscCall(PetscFree(on));
  } else if (bc && bc->leakage > 0) {
    for (PetscInt k = 0; k < f->num_leaky_faces; k++) {
      const PetscInt  *local = &f->cell_local_dofs[f->leaky_face_cell[k] * np];
      const PetscReal *Le    = &f->leaky_face_matrix[k * np * np];
      for (PetscInt a = 0; a < np; a++) {
        for (PetscInt b = 0; b < np; b++)
          sum += Le[a * np + b] * (PetscRealPart(ap[local[b]]) - f->leaky_face_outside[k * np + b]);
      }
    }
  }
  PetscCall(VecRestoreArrayRead(lu, &au));
  PetscCall(VecRestoreArrayRead(lu_old, &au_old));
  PetscCall(DMRestoreLocalVector(e->dm_u, &lu));
  PetscCall(DMRestoreLocalVector(e->dm_u, &lu_old));
  PetscCall(DioFlowRestoreLocalPressure_Internal(f, &lp_old, &ap_old));
  PetscCall(DioFlowRestoreLocalPressure_Internal(f, &lp, &ap));
  PetscCall(DioFECheckBadCell_Internal(f->dm, bad, "tunnel inflow", "check the mesh there"));
  PetscCall(MPIU_Allreduce(&sum, inflow, 1, MPIU_REAL, MPIU_SUM, comm));
  PetscFunctionReturn(0);
}
