/* SPDX-License-Identifier: BSD-2-Clause
   elasticity_coupling.c: what heat hands to the mechanics (issue 5): per-cell elastic constants (frozen ground stiffer
   than thawed) and a stress-free strain eps* per cell or per quadrature point (thermal expansion, thaw strain). With
   eps* the effective stress is sigma' = D (eps - eps*) + sigma_0, so the weak form gains the load int B^T D eps*, and
   the derived fields and the stored initial stress subtract D eps*. The hooks in elasticity_assembly.c and
   derived_fields.c are DioElasticityCellLame_Internal() and the two functions below. */
#include "elasticity_impl.h"

/* D eps* at quadrature point q of local cell c (isotropic, Lame constants of the cell): lambda tr(eps*) I + 2 mu eps*.
 */
void DioElasticityEigenstress_Internal(const struct _n_DioElasticity *e, PetscInt c, PetscInt q, double sig6[6])
{
  const double *eps = &e->eigenstrain[((size_t)c * e->tab.num_qpoints + q) * 6];
  double        lambda, mu, tr;

  DioElasticityCellLame_Internal(e, c, &lambda, &mu);
  /* plane stress: lambda is 2 lambda mu / (lambda + 2 mu) and eps*_zz goes into the free eps_zz, stressing nothing */
  tr = eps[0] + eps[1] + (e->plane_stress ? 0.0 : eps[2]);
  for (int k = 0; k < 3; k++) sig6[k] = lambda * tr + 2.0 * mu * eps[k];
  for (int k = 3; k < 6; k++) sig6[k] = 2.0 * mu * eps[k];
  if (e->plane_stress) sig6[2] = 0.0;
}

int DioElasticityCellEigenstrainLoad_Internal(const struct _n_DioElasticity *e, PetscInt c, double *restrict Fe)
{
  double sig_q[DIO_MAX_QUAD_POINTS * 6], Fs[DIO_MAX_ELEMENT_DOFS];
  int    status;

  for (PetscInt q = 0; q < e->tab.num_qpoints; q++) DioElasticityEigenstress_Internal(e, c, q, &sig_q[6 * q]);
  status = dio_elas_stress_load(&e->tab, &e->cell_nodes[c * e->dofs_per_cell], sig_q, Fs);
  for (PetscInt i = 0; i < e->dofs_per_cell; i++) Fe[i] += Fs[i];
  return status;
}

/* Room for the stress-free strain at the quadrature points. */
static PetscErrorCode EigenstrainAllocate(DioElasticity e)
{
  PetscFunctionBegin;
  PetscCheck(e->setup, PETSC_COMM_SELF, PETSC_ERR_ORDER, "a stress-free strain needs DioElasticitySetUp() first");
  if (e->eigenstrain == NULL) PetscCall(PetscMalloc1(6 * (size_t)e->num_cells * e->tab.num_qpoints, &e->eigenstrain));
  PetscFunctionReturn(0);
}

/*
  DioElasticitySetCellEigenstrain - the stress-free strain of every local cell, eigenstrain[num_local_cells][6]
  (xx, yy, zz, xy, yz, xz, tensor shear; plane strain keeps zz: thermal expansion out of plane stresses the section;
  plane stress: zz adds to the free eps_zz and stresses nothing),
  the same at each of the cell's quadrature points. NULL removes it. Not collective; call after DioElasticitySetUp();
  the next solve uses it.
*/
PetscErrorCode DioElasticitySetCellEigenstrain(DioElasticity e, const PetscReal eigenstrain[])
{
  const PetscInt nq = e->tab.num_qpoints;

  PetscFunctionBegin;
  if (eigenstrain == NULL) {
    PetscCall(PetscFree(e->eigenstrain));
    PetscFunctionReturn(0);
  }
  PetscCall(EigenstrainAllocate(e));
  for (PetscInt c = 0; c < e->num_cells; c++) {
    for (PetscInt q = 0; q < nq; q++)
      PetscCall(PetscArraycpy(&e->eigenstrain[((size_t)c * nq + q) * 6], &eigenstrain[6 * c], 6));
  }
  PetscFunctionReturn(0);
}

/*
  DioElasticitySetQuadratureEigenstrain - the stress-free strain at every quadrature point of every local cell,
  eigenstrain[num_local_cells][num_qpoints][6] (points of DioElasticityGetQuadratureRule(), components as
  DioElasticitySetCellEigenstrain()): a thermal strain that varies inside a cell. Not collective; after
  DioElasticitySetUp().
*/
PetscErrorCode DioElasticitySetQuadratureEigenstrain(DioElasticity e, const PetscReal eigenstrain[])
{
  PetscFunctionBegin;
  PetscCall(EigenstrainAllocate(e));
  PetscCall(PetscArraycpy(e->eigenstrain, eigenstrain, 6 * (size_t)e->num_cells * e->tab.num_qpoints));
  PetscFunctionReturn(0);
}

/*
  DioElasticitySetCommittedEigenstrain - the stress-free strain committed so far, eigenstrain[num_local_cells]
  [num_qpoints][6] (since the state the displacement is measured from; components as
  DioElasticitySetCellEigenstrain()): under plane stress, its share of the free eps_zz, eps*_zz + lambda* / (2 mu)
  tr(eps*) in the plane (cell mean), which the derived strain adds; nothing otherwise (the stress holds it already).
  Not collective; after DioElasticitySetUp().
*/
PetscErrorCode DioElasticitySetCommittedEigenstrain(DioElasticity e, const PetscReal eigenstrain[])
{
  const PetscInt nq = e->tab.num_qpoints;

  PetscFunctionBegin;
  if (!e->plane_stress) PetscFunctionReturn(0);
  if (e->free_strain_zz == NULL) PetscCall(PetscMalloc1(e->num_cells + 1, &e->free_strain_zz));
  for (PetscInt c = 0; c < e->num_cells; c++) {
    double lambda, mu, X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS], zz = 0, vol = 0;
    DioElasticityCellLame_Internal(e, c, &lambda, &mu);
    PetscCheck(!dio_elas_qpoints(&e->tab, &e->cell_nodes[c * e->dofs_per_cell], X, wdet), PETSC_COMM_SELF,
               PETSC_ERR_USER_INPUT, "inverted cell %" PetscInt_FMT, e->cStart + c);
    for (PetscInt q = 0; q < nq; q++) {
      const PetscReal *eps = &eigenstrain[((size_t)c * nq + q) * 6];
      zz += wdet[q] * (eps[2] + lambda / (2.0 * mu) * (eps[0] + eps[1]));
      vol += wdet[q];
    }
    e->free_strain_zz[c] = zz / vol;
  }
  PetscFunctionReturn(0);
}

/* The reference coordinates xi[num_qpoints][dim] of the quadrature points of every cell (borrowed): tensor cells on
   [-1, 1]^dim, simplices on the unit simplex, in the cell's kernel node order (the same for every field on the mesh).
 */
PetscErrorCode DioElasticityGetQuadratureRule(DioElasticity e, PetscInt *num_qpoints, const PetscReal *xi[])
{
  PetscFunctionBegin;
  PetscCheck(e->setup, PETSC_COMM_SELF, PETSC_ERR_ORDER,
             "DioElasticityGetQuadratureRule() needs DioElasticitySetUp() first");
  *num_qpoints = e->tab.num_qpoints;
  *xi          = e->tab.xi;
  PetscFunctionReturn(0);
}

/*
  DioElasticitySetCellElastic - Young's modulus (Pa, > 0) and Poisson's ratio (in (-1, 0.5)) of every local cell,
  replacing the layer's in the stiffness, the eigenstrain stress and the derived fields; NULL removes the override.
  The modulus scale of the system (the largest layer modulus) is kept. Not collective; after DioElasticitySetUp().
*/
PetscErrorCode DioElasticitySetCellElastic(DioElasticity e, const PetscReal youngs_modulus[], const PetscReal poissons_ratio[])
{
  PetscFunctionBegin;
  PetscCheck(e->setup, PETSC_COMM_SELF, PETSC_ERR_ORDER, "DioElasticitySetCellElastic() needs DioElasticitySetUp() first");
  PetscCheck(!e->plane_stress || youngs_modulus == NULL, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_USER_INPUT, "per-cell elastic constants under plane stress are not supported");
  e->operator_generation++;
  if (youngs_modulus == NULL) {
    PetscCall(PetscFree(e->cell_lame));
    PetscFunctionReturn(0);
  }
  if (e->cell_lame == NULL) PetscCall(PetscMalloc1(2 * (size_t)e->num_cells, &e->cell_lame));
  for (PetscInt c = 0; c < e->num_cells; c++) {
    double lambda, mu;
    PetscCheck(youngs_modulus[c] > 0 && poissons_ratio[c] > -1 && poissons_ratio[c] < 0.5, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "cell %" PetscInt_FMT ": E = %g Pa, nu = %g: need E > 0 and nu in (-1, 0.5)", e->cStart + c, (double)youngs_modulus[c], (double)poissons_ratio[c]);
    dio_elas_lame(youngs_modulus[c], poissons_ratio[c], &lambda, &mu);
    e->cell_lame[2 * c]     = lambda;
    e->cell_lame[2 * c + 1] = mu;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticityGetNumCells(DioElasticity e, PetscInt *num_local_cells)
{
  PetscFunctionBegin;
  *num_local_cells = e->num_cells;
  PetscFunctionReturn(0);
}
