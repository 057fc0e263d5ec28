/* SPDX-License-Identifier: BSD-2-Clause
   thaw_coupling.c: stiffness, thermal strain and thaw strain of every cell from the temperature (rules in dio_thaw.h),
   handed to the elasticity through DioElasticitySetCellElastic() and DioElasticitySetCellEigenstrain(). */
#include "dio_thaw.h"
#include "elasticity_impl.h"
#include "heat_impl.h"

struct _n_DioThawCoupling {
  DioHeat          heat;      /* not owned */
  DioElasticity    elas;      /* not owned */
  DioMaterialTable materials; /* not owned */
  PetscInt         num_cells, dim;
  PetscReal       *T0, *ice0, *thawed;              /* [num_cells] reference temperature, ice saturation; largest drop */
  PetscReal       *temperature, *ice, *thaw, *E, *nu; /* [num_cells] last update */
  PetscReal       *eigenstrain;                       /* [num_cells][6] */
  PetscBool        has_reference;
};

/*
  DioThawCouplingCreate - the coupling of heat and elasticity set up on the same mesh (same local cells). Not
  collective. The objects are borrowed and must outlive the coupling.
*/
PetscErrorCode DioThawCouplingCreate(DioHeat heat, DioElasticity elas, DioMaterialTable materials, DioThawCoupling *coupling)
{
  DioThawCoupling t;

  PetscFunctionBegin;
  PetscCheck(heat->setup && elas->setup, PETSC_COMM_SELF, PETSC_ERR_ORDER, "DioThawCouplingCreate: set up the heat and the elasticity first");
  PetscCheck(heat->num_cells == elas->num_cells && heat->cStart == elas->cStart, PETSC_COMM_SELF, PETSC_ERR_ARG_INCOMP,
             "DioThawCouplingCreate: heat and elasticity are not on the same mesh");
  PetscCall(PetscNew(&t));
  t->heat      = heat;
  t->elas      = elas;
  t->materials = materials;
  t->num_cells = elas->num_cells;
  t->dim       = elas->dim;
  PetscCall(PetscCalloc5(t->num_cells + 1, &t->T0, t->num_cells + 1, &t->ice0, t->num_cells + 1, &t->thawed, t->num_cells + 1, &t->temperature, t->num_cells + 1,
                         &t->ice));
  PetscCall(PetscCalloc4(t->num_cells + 1, &t->thaw, t->num_cells + 1, &t->E, t->num_cells + 1, &t->nu, 6 * t->num_cells + 1, &t->eigenstrain));
  *coupling = t;
  PetscFunctionReturn(0);
}

PetscErrorCode DioThawCouplingDestroy(DioThawCoupling *coupling)
{
  PetscFunctionBegin;
  if (*coupling == NULL) PetscFunctionReturn(0);
  PetscCall(PetscFree5((*coupling)->T0, (*coupling)->ice0, (*coupling)->thawed, (*coupling)->temperature, (*coupling)->ice));
  PetscCall(PetscFree4((*coupling)->thaw, (*coupling)->E, (*coupling)->nu, (*coupling)->eigenstrain));
  PetscCall(PetscFree(*coupling));
  PetscFunctionReturn(0);
}

/* Cell temperature and ice saturation of T. Collective. */
static PetscErrorCode CellState(DioThawCoupling t, Vec T, PetscReal temperature[], PetscReal ice[])
{
  PetscFunctionBegin;
  PetscCall(DioHeatComputeCellFields(t->heat, T, temperature, ice, NULL));
  for (PetscInt c = 0; c < t->num_cells; c++) ice[c] = 1.0 - ice[c];
  PetscFunctionReturn(0);
}

/* The reference state T_0, S_i0 (strain-free), and no thaw yet. Collective. */
PetscErrorCode DioThawCouplingSetReference(DioThawCoupling t, Vec T)
{
  PetscFunctionBegin;
  PetscCall(CellState(t, T, t->T0, t->ice0));
  PetscCall(PetscArrayzero(t->thawed, t->num_cells));
  t->has_reference = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*
  DioThawCouplingUpdate - stiffness of every cell from T, and with eigenstrain = PETSC_TRUE the thermal and thaw
  strains since the reference state, set on the elasticity for its next solve. Collective.
*/
PetscErrorCode DioThawCouplingUpdate(DioThawCoupling t, Vec T, PetscBool eigenstrain)
{
  const PetscInt vertical = t->dim - 1;

  PetscFunctionBegin;
  PetscCheck(t->has_reference, PETSC_COMM_SELF, PETSC_ERR_ORDER, "DioThawCouplingUpdate: call DioThawCouplingSetReference() first");
  PetscCall(CellState(t, T, t->temperature, t->ice));
  for (PetscInt c = 0; c < t->num_cells; c++) {
    const PetscInt          layer = t->elas->cell_layer[c];
    const DioHeatMaterial  *hm    = &t->heat->material[t->heat->cell_layer[c]];
    const DioLayerMaterial *m;
    const DioLayerFrozen   *f;
    PetscReal               theta, *eps = &t->eigenstrain[6 * c];

    PetscCall(DioMaterialTableGetLayer(t->materials, layer, &m));
    PetscCall(DioMaterialTableGetFrozen(t->materials, layer, &f));
    theta    = PetscMax(hm->freezing_point - t->temperature[c], 0.0);
    t->E[c]  = m->youngs_modulus;
    t->nu[c] = m->poissons_ratio;
    if (f->frozen_youngs_modulus > 0) {
      const PetscReal E_frozen = f->frozen_youngs_modulus + f->frozen_youngs_modulus_slope * theta;
      t->E[c]  = m->youngs_modulus + t->ice[c] * (E_frozen - m->youngs_modulus);
      t->nu[c] = m->poissons_ratio + t->ice[c] * (f->frozen_poissons_ratio - m->poissons_ratio);
    }
    t->thawed[c] = PetscMax(t->thawed[c], t->ice0[c] - t->ice[c]);
    t->thaw[c]   = -f->thaw_strain * t->thawed[c];
    for (PetscInt k = 0; k < 6; k++) eps[k] = k < 3 ? f->thermal_expansion * (t->temperature[c] - t->T0[c]) : 0.0;
    eps[vertical] += t->thaw[c];
  }
  PetscCall(DioElasticitySetCellElastic(t->elas, t->E, t->nu));
  if (eigenstrain) PetscCall(DioElasticitySetCellEigenstrain(t->elas, t->eigenstrain));
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

/* The thaw's history: per local cell the largest drop of the ice saturation below its reference so far (borrowed,
   valid while the coupling lives; what a restart needs besides the temperature). Not collective. */
PetscErrorCode DioThawCouplingGetHistory(DioThawCoupling t, const PetscReal **thawed)
{
  PetscFunctionBegin;
  *thawed = t->thawed;
  PetscFunctionReturn(0);
}

/* A restart's history (thawed[num_cells], from DioThawCouplingGetHistory() of the run it continues, in this run's
   cells); the next DioThawCouplingUpdate() goes on from it. Not collective. */
PetscErrorCode DioThawCouplingSetHistory(DioThawCoupling t, const PetscReal thawed[])
{
  PetscFunctionBegin;
  PetscCall(PetscArraycpy(t->thawed, thawed, t->num_cells));
  PetscFunctionReturn(0);
}

PetscErrorCode DioThawCouplingGetCellFields(DioThawCoupling t, DioThawCellFields *fields)
{
  PetscFunctionBegin;
  fields->temperature    = t->temperature;
  fields->ice_saturation = t->ice;
  fields->thaw_strain    = t->thaw;
  fields->youngs_modulus = t->E;
  fields->eigenstrain    = t->eigenstrain;
  PetscFunctionReturn(0);
}
