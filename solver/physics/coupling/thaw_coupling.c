/* SPDX-License-Identifier: BSD-2-Clause
   thaw_coupling.c: stiffness of every cell, thermal strain and thaw strain at every quadrature point of the mechanics
   from the temperature (rules in dio_thaw.h), handed to the elasticity through DioElasticitySetCellElastic() and
   DioElasticitySetQuadratureEigenstrain(). */
#include "dio_thaw.h"
#include "elasticity_impl.h"
#include "heat_impl.h"

const char *const DioThawPointsNames[] = {"quadrature", "cells", "DioThawPoints", "DIO_THAW_POINTS_", NULL};

struct _n_DioThawCoupling {
  DioHeat          heat;      /* not owned */
  DioElasticity    elas;      /* not owned */
  DioMaterialTable materials; /* not owned */
  DioThawPoints    points;
  PetscInt         num_cells, dim, nq;
  const PetscReal *xi;                                /* [nq][dim] the elasticity's quadrature points (borrowed) */
  PetscReal       *T0, *ice0;                         /* [num_cells] reference temperature, ice saturation */
  PetscReal       *temperature, *ice, *thaw, *E, *nu; /* [num_cells] last update */
  PetscReal       *wdet;                              /* [num_cells][nq] weight x |J|: the cell means */
  PetscReal       *T0_q, *ice0_q, *thawed_q;          /* [num_cells][nq] reference; largest drop of S_i so far */
  PetscReal       *T_q, *ice_q;                       /* [num_cells][nq] last update */
  PetscReal       *eigenstrain;                       /* [num_cells][nq][6] */
  PetscBool        has_reference;
};

/*
  DioThawCouplingCreate - the coupling of heat and elasticity set up on the same mesh (same local cells); the strains
  at the elasticity's quadrature points. Not collective. The objects are borrowed and must outlive the coupling.
*/
PetscErrorCode DioThawCouplingCreate(DioHeat heat, DioElasticity elas, DioMaterialTable materials,
                                     DioThawCoupling *coupling)
{
  DioThawCoupling t;
  size_t          n, nq;

  PetscFunctionBegin;
  PetscCheck(heat->setup && elas->setup, PETSC_COMM_SELF, PETSC_ERR_ORDER,
             "DioThawCouplingCreate: set up the heat and the elasticity first");
  PetscCheck(heat->num_cells == elas->num_cells && heat->cStart == elas->cStart, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "DioThawCouplingCreate: heat and elasticity are not on the same mesh");
  PetscCall(PetscNew(&t));
  t->heat      = heat;
  t->elas      = elas;
  t->materials = materials;
  t->num_cells = elas->num_cells;
  t->dim       = elas->dim;
  PetscCall(DioElasticityGetQuadratureRule(elas, &t->nq, &t->xi));
  n  = (size_t)t->num_cells + 1;
  nq = (size_t)t->num_cells * t->nq + 1;
  PetscCall(PetscCalloc7(n, &t->T0, n, &t->ice0, n, &t->temperature, n, &t->ice, n, &t->thaw, n, &t->E, n, &t->nu));
  PetscCall(PetscCalloc7(nq, &t->wdet, nq, &t->T0_q, nq, &t->ice0_q, nq, &t->thawed_q, nq, &t->T_q, nq, &t->ice_q,
                         6 * nq, &t->eigenstrain));
  for (PetscInt c = 0; c < t->num_cells; c++) {
    double X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS];
    PetscCheck(!dio_elas_qpoints(&elas->tab, &elas->cell_nodes[c * elas->dofs_per_cell], X, wdet), PETSC_COMM_SELF,
               PETSC_ERR_USER_INPUT, "inverted cell %" PetscInt_FMT, elas->cStart + c);
    for (PetscInt q = 0; q < t->nq; q++) t->wdet[c * t->nq + q] = wdet[q];
  }
  *coupling = t;
  PetscFunctionReturn(0);
}

PetscErrorCode DioThawCouplingDestroy(DioThawCoupling *coupling)
{
  DioThawCoupling t = *coupling;

  PetscFunctionBegin;
  if (t == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree7(t->T0, t->ice0, t->temperature, t->ice, t->thaw, t->E, t->nu));
  PetscCall(PetscFree7(t->wdet, t->T0_q, t->ice0_q, t->thawed_q, t->T_q, t->ice_q, t->eigenstrain));
  PetscCall(PetscFree(*coupling));
  PetscFunctionReturn(0);
}

/*
  DioThawCouplingSetPoints - where the thermal and thaw strains are evaluated: DIO_THAW_POINTS_QUADRATURE (default;
  the temperature interpolated at each quadrature point of the mechanics, its ice saturation there, each point's own
  largest ice loss) or DIO_THAW_POINTS_CELLS (every point of a cell takes the cell's mean temperature and ice
  saturation: the former per-cell coupling, kept for comparison). Before DioThawCouplingSetReference(). Not collective.
*/
PetscErrorCode DioThawCouplingSetPoints(DioThawCoupling t, DioThawPoints points)
{
  PetscFunctionBegin;
  PetscCheck(!t->has_reference, PETSC_COMM_SELF, PETSC_ERR_ORDER,
             "DioThawCouplingSetPoints: before DioThawCouplingSetReference()");
  t->points = points;
  PetscFunctionReturn(0);
}

/* Cell temperature and ice saturation of T, and at the quadrature points: T interpolated there, and the ice of the
   nodes (1 - S_w(T_a), the ice the heat's lumped enthalpy holds) interpolated there, whose cell mean is the cell's
   ice saturation (not S_w(T) at the point: with a freezing curve narrower than a cell's temperature range, Gauss
   points sample the front in halves of a cell); their cell's with DIO_THAW_POINTS_CELLS. Collective. */
static PetscErrorCode State(DioThawCoupling t, Vec T, PetscReal temperature[], PetscReal ice[], PetscReal T_q[],
                            PetscReal ice_q[])
{
  const PetscInt nq = t->nq;

  PetscFunctionBegin;
  PetscCall(DioHeatComputeCellFields(t->heat, T, temperature, ice, NULL));
  for (PetscInt c = 0; c < t->num_cells; c++) ice[c] = 1.0 - ice[c];
  if (t->points == DIO_THAW_POINTS_QUADRATURE) {
    PetscCall(DioHeatInterpolateStateAtPoints(t->heat, T, nq, t->xi, T_q, ice_q));
    for (PetscInt i = 0; i < t->num_cells * nq; i++) ice_q[i] = 1.0 - ice_q[i];
    PetscFunctionReturn(0);
  }
  for (PetscInt c = 0; c < t->num_cells; c++) {
    for (PetscInt i = c * nq; i < (c + 1) * nq; i++) {
      T_q[i]   = temperature[c];
      ice_q[i] = ice[c];
    }
  }
  PetscFunctionReturn(0);
}

/* The reference state T_0, S_i0 (strain-free), and no thaw yet. Collective. */
PetscErrorCode DioThawCouplingSetReference(DioThawCoupling t, Vec T)
{
  PetscFunctionBegin;
  PetscCall(State(t, T, t->T0, t->ice0, t->T0_q, t->ice0_q));
  PetscCall(PetscArrayzero(t->thawed_q, (size_t)t->num_cells * t->nq));
  t->has_reference = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*
  DioThawCouplingUpdate - stiffness of every cell from T (its mean temperature and ice saturation), the thermal and
  thaw strains since the reference state at every quadrature point, and with eigenstrain = PETSC_TRUE those set on the
  elasticity for its next solve. Collective.
*/
PetscErrorCode DioThawCouplingUpdate(DioThawCoupling t, Vec T, PetscBool eigenstrain)
{
  const PetscInt vertical = t->dim - 1, nq = t->nq;

  PetscFunctionBegin;
  PetscCheck(t->has_reference, PETSC_COMM_SELF, PETSC_ERR_ORDER,
             "DioThawCouplingUpdate: call DioThawCouplingSetReference() first");
  PetscCall(State(t, T, t->temperature, t->ice, t->T_q, t->ice_q));
  for (PetscInt c = 0; c < t->num_cells; c++) {
    const PetscInt          layer = t->elas->cell_layer[c];
    const DioHeatMaterial  *hm    = &t->heat->material[t->heat->cell_layer[c]];
    const DioLayerMaterial *m;
    const DioLayerFrozen   *f;
    PetscReal               theta, volume = 0, thaw = 0;

    PetscCall(DioMaterialTableGetLayer(t->materials, layer, &m));
    PetscCall(DioMaterialTableGetFrozen(t->materials, layer, &f));
    theta    = PetscMax(hm->freezing_point - t->temperature[c], 0.0);
    t->E[c]  = m->youngs_modulus;
    t->nu[c] = m->poissons_ratio;
    if (f->frozen_youngs_modulus > 0) {
      const PetscReal E_frozen = f->frozen_youngs_modulus + f->frozen_youngs_modulus_slope * theta;
      t->E[c]                  = m->youngs_modulus + t->ice[c] * (E_frozen - m->youngs_modulus);
      t->nu[c]                 = m->poissons_ratio + t->ice[c] * (f->frozen_poissons_ratio - m->poissons_ratio);
    }
    for (PetscInt i = c * nq; i < (c + 1) * nq; i++) {
      PetscReal *eps = &t->eigenstrain[6 * i];
      t->thawed_q[i] = PetscMax(t->thawed_q[i], t->ice0_q[i] - t->ice_q[i]);
      for (PetscInt k = 0; k < 6; k++) eps[k] = k < 3 ? f->thermal_expansion * (t->T_q[i] - t->T0_q[i]) : 0.0;
      eps[vertical] -= f->thaw_strain * t->thawed_q[i];
      volume += t->wdet[i];
      thaw -= t->wdet[i] * f->thaw_strain * t->thawed_q[i];
    }
    t->thaw[c] = thaw / volume;
  }
  PetscCall(DioElasticitySetCellElastic(t->elas, t->E, t->nu));
  if (eigenstrain) PetscCall(DioElasticitySetQuadratureEigenstrain(t->elas, t->eigenstrain));
  PetscFunctionReturn(0);
}

/* The reference ice saturation of every local cell (borrowed, valid while the coupling lives): the thaw's zero. Not
   collective. */
PetscErrorCode DioThawCouplingGetReferenceIce(DioThawCoupling t, const PetscReal **ice0)
{
  PetscFunctionBegin;
  *ice0 = t->ice0;
  PetscFunctionReturn(0);
}

/* The thaw's history: at every quadrature point of every local cell, thawed[num_cells][num_qpoints], the largest drop
   of the ice saturation below its reference so far (borrowed, valid while the coupling lives; what a restart needs
   besides the temperature). Not collective. */
PetscErrorCode DioThawCouplingGetHistory(DioThawCoupling t, PetscInt *num_qpoints, const PetscReal **thawed)
{
  PetscFunctionBegin;
  *num_qpoints = t->nq;
  *thawed      = t->thawed_q;
  PetscFunctionReturn(0);
}

/* A restart's history (thawed[num_cells][num_qpoints], from DioThawCouplingGetHistory() of the run it continues, in
   this run's cells); the next DioThawCouplingUpdate() goes on from it. Not collective. */
PetscErrorCode DioThawCouplingSetHistory(DioThawCoupling t, const PetscReal thawed[])
{
  PetscFunctionBegin;
  PetscCall(PetscArraycpy(t->thawed_q, thawed, (size_t)t->num_cells * t->nq));
  PetscFunctionReturn(0);
}

PetscErrorCode DioThawCouplingGetCellFields(DioThawCoupling t, DioThawCellFields *fields)
{
  PetscFunctionBegin;
  fields->temperature    = t->temperature;
  fields->ice_saturation = t->ice;
  fields->thaw_strain    = t->thaw;
  fields->youngs_modulus = t->E;
  fields->num_qpoints    = t->nq;
  fields->eigenstrain    = t->eigenstrain;
  PetscFunctionReturn(0);
}

/* -thaw_strain_points quadrature|cells (default quadrature; DioThawCouplingSetPoints()). Collective. */
PetscErrorCode DioThawPointsFromOptions(MPI_Comm comm, DioThawPoints *points)
{
  PetscFunctionBegin;
  *points = DIO_THAW_POINTS_QUADRATURE;
  PetscOptionsBegin(comm, NULL, "Thaw coupling", "thaw");
  PetscCall(PetscOptionsEnum(
      "-thaw_strain_points",
      "Where the thermal and thaw strains are evaluated: quadrature (the temperature and the nodes' ice at the "
      "mechanics' quadrature points) or cells (each cell's mean temperature and ice saturation)",
      "", DioThawPointsNames, (PetscEnum)*points, (PetscEnum *)points, NULL));
  PetscOptionsEnd();
  PetscFunctionReturn(0);
}
