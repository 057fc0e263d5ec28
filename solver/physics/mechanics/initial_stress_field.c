/* SPDX-License-Identifier: BSD-2-Clause
   initial_stress_field.c: an initial effective stress given as a function of position, evaluated at every quadrature
   point (the K0 procedure of staged construction on an imported mesh). */
#include "elasticity_impl.h"

/*
  DioElasticitySetInitialStressField - initial effective stress sig6 = field(layer, X) (xx, yy, zz, xy, yz, xz; Pa,
  tension positive) at every quadrature point of every local cell, replacing any earlier one. field gets the cell's
  layer id and the point's coordinates X[dim]. After DioElasticitySetUp(). Not collective.
*/
PetscErrorCode DioElasticitySetInitialStressField(DioElasticity e, DioStressFieldFn field, void *ctx)
{
  const PetscInt nq = e->tab.num_qpoints, dim = e->dim;

  PetscFunctionBegin;
  PetscCheck(e->setup, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_ORDER, "call DioElasticitySetUp() first");
  if (e->initial_stress == NULL) PetscCall(PetscMalloc1((size_t)e->num_cells * nq * 6 + 1, &e->initial_stress));
  for (PetscInt c = 0; c < e->num_cells; c++) {
    double X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS];
    int    status = dio_elas_qpoints(&e->tab, &e->cell_nodes[c * e->dofs_per_cell], X, wdet);

    PetscCheck(!status, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "local cell %" PetscInt_FMT ": degenerate geometry", c);
    for (PetscInt q = 0; q < nq; q++)
      field(e->cell_layer[c], dim, &X[q * dim], &e->initial_stress[6 * ((size_t)c * nq + q)], ctx);
  }
  if (e->plastic) PetscCall(PetscArraycpy(e->plastic->stress, e->initial_stress, (size_t)e->num_cells * nq * 6));
  PetscFunctionReturn(0);
}
