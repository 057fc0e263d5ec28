/* SPDX-License-Identifier: BSD-2-Clause
   heat_convection.c: convection (Robin) boundaries, heat flux into the domain q = h_c (T_ambient - T): the h_c
   T_ambient part is a load like a prescribed flux (heat_assembly.c), the -h_c T part a face mass term in the residual,
   the Jacobian and the energy bookkeeping. */
#include "heat_impl.h"

/* Face mass M_ab = sum_p wdA_p h_c N_a N_b of convection face f (its cell's nodes); 0 if it is no convection face. */
static int FaceMass(const struct _n_DioHeat *h, PetscInt f, double *restrict Me)
{
  const PetscInt    c = h->flux_face_cell[f], nn = h->nodes_per_cell;
  const DioFaceTab *tab = &h->face_tab[h->flux_face_ref[f]];
  const DioHeatBC  *bc  = &h->bc[h->flux_face_id[f]];
  double            X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdA[DIO_MAX_QUAD_POINTS];
  int               status;

  for (PetscInt i = 0; i < nn * nn; i++) Me[i] = 0.0;
  if (bc->kind != DIO_HEAT_BC_CONVECTION) return 0;
  status = dio_heat_face_qpoints(tab, &h->cell_nodes[c * nn * h->dim], X, wdA);
  for (PetscInt p = 0; !status && p < tab->num_qpoints; p++) {
    for (PetscInt a = 0; a < nn; a++) {
      for (PetscInt b = 0; b < nn; b++)
        Me[a * nn + b] += wdA[p] * bc->coefficient * tab->N[p * nn + a] * tab->N[p * nn + b];
    }
  }
  return status;
}

/* *is_convection and, for a convection face, its face mass Me; a degenerate face is an error naming its cell. */
static PetscErrorCode ConvectionFaceMass(const struct _n_DioHeat *h, PetscInt f, PetscBool *is_convection, double *Me)
{
  PetscFunctionBegin;
  *is_convection = (PetscBool)(h->bc[h->flux_face_id[f]].kind == DIO_HEAT_BC_CONVECTION);
  if (!*is_convection) PetscFunctionReturn(0);
  PetscCheck(!FaceMass(h, f, Me), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT,
             "heat: degenerate boundary face on cell %" PetscInt_FMT, h->cStart + h->flux_face_cell[f]);
  PetscFunctionReturn(0);
}

/* (M T)_a of flux face f's cell nodes (cell_T: [num_cells][nn]); *is_convection false: no convection on the face. */
static PetscErrorCode ConvectionFaceMT(DioHeat h, PetscInt f, const PetscReal cell_T[], PetscBool *is_convection,
                                       double MT[])
{
  const PetscInt nn = h->nodes_per_cell, c = h->flux_face_cell[f];
  double         Me[DIO_MAX_NODES * DIO_MAX_NODES];

  PetscFunctionBegin;
  PetscCall(ConvectionFaceMass(h, f, is_convection, Me));
  if (!*is_convection) PetscFunctionReturn(0);
  for (PetscInt a = 0; a < nn; a++) {
    MT[a] = 0.0;
    for (PetscInt b = 0; b < nn; b++) MT[a] += Me[a * nn + b] * cell_T[c * nn + b];
  }
  PetscFunctionReturn(0);
}

/* r_local += scale M T on the cells' nodes (Dirichlet rows skipped when replace_dirichlet). cell_T: [num_cells][nn]. */
PetscErrorCode DioHeatConvectionResidual_Internal(DioHeat h, const PetscReal cell_T[], PetscBool replace_dirichlet,
                                                  PetscScalar r_local[])
{
  const PetscInt nn = h->nodes_per_cell;

  PetscFunctionBegin;
  for (PetscInt f = 0; f < h->num_flux_faces; f++) {
    const PetscInt c = h->flux_face_cell[f];
    double         MT[DIO_MAX_NODES];
    PetscBool      is_convection;
    PetscCall(ConvectionFaceMT(h, f, cell_T, &is_convection, MT));
    if (!is_convection) continue;
    for (PetscInt a = 0; a < nn; a++) {
      const PetscInt dof = h->cell_local_dofs[c * nn + a];
      if (replace_dirichlet && h->local_bc[dof]) continue;
      r_local[dof] += h->residual_scale * MT[a];
    }
  }
  PetscFunctionReturn(0);
}

/* P += scale M on the free rows (before assembly). */
PetscErrorCode DioHeatConvectionJacobian_Internal(DioHeat h, Mat P)
{
  const PetscInt nn = h->nodes_per_cell;

  PetscFunctionBegin;
  for (PetscInt f = 0; f < h->num_flux_faces; f++) {
    const PetscInt  c     = h->flux_face_cell[f];
    const PetscInt *local = &h->cell_local_dofs[c * nn], *global = &h->cell_global_dofs[c * nn];
    double          Me[DIO_MAX_NODES * DIO_MAX_NODES];
    PetscInt        rows[DIO_MAX_NODES];
    PetscBool       is_convection;
    PetscCall(ConvectionFaceMass(h, f, &is_convection, Me));
    if (!is_convection) continue;
    for (PetscInt i = 0; i < nn * nn; i++) Me[i] *= h->residual_scale;
    for (PetscInt a = 0; a < nn; a++) rows[a] = h->local_bc[local[a]] ? -1 : global[a];
    PetscCall(MatSetValues(P, nn, rows, nn, global, Me, ADD_VALUES));
  }
  PetscFunctionReturn(0);
}

/* *power = int h_c T dA over the convection faces of the global state T (W; the heat leaving through them, less the
   h_c T_ambient part counted as a load). Collective. */
PetscErrorCode DioHeatConvectionPower_Internal(DioHeat h, Vec T, PetscReal *power)
{
  const PetscInt nn    = h->nodes_per_cell;
  PetscReal      local = 0, *cell_T;

  PetscFunctionBegin;
  *power = 0;
  if (!h->has_convection) PetscFunctionReturn(0); /* the same on every rank */
  PetscCall(PetscMalloc1((size_t)h->num_cells * nn + 1, &cell_T));
  PetscCall(DioHeatGatherCells_Internal(h, T, cell_T));
  for (PetscInt f = 0; f < h->num_flux_faces; f++) {
    double    MT[DIO_MAX_NODES];
    PetscBool is_convection;
    PetscCall(ConvectionFaceMT(h, f, cell_T, &is_convection, MT));
    if (!is_convection) continue;
    for (PetscInt a = 0; a < nn; a++) local += MT[a];
  }
  PetscCall(PetscFree(cell_T));
  PetscCall(MPIU_Allreduce(&local, power, 1, MPIU_REAL, MPI_SUM, PetscObjectComm((PetscObject)h->dm)));
  PetscFunctionReturn(0);
}
