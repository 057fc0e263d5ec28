/* SPDX-License-Identifier: BSD-2-Clause
   thaw_consolidation.c: the groundwater side of the thaw (rules in dio_thaw_consolidation.h): per-cell mobility
   factors for the flow (DioFlowSetCellMobilityFactor()) and the release of the frozen skeleton's effective stress in
   the elasticity's initial stress (DioElasticityGetInitialStress()). */
#include "dio_thaw_consolidation.h"
#include "elasticity_impl.h"

struct _n_DioThawConsolidation {
  DioThawCoupling  thaw;      /* not owned */
  DioElasticity    elas;      /* not owned */
  DioFlow          flow;      /* not owned */
  DioMaterialTable materials; /* not owned */
  PetscBool        release, has_reference;
  PetscInt         num_cells, num_qpoints;
  PetscReal       *ice0;     /* [num_cells] reference ice saturation */
  PetscReal       *factor;   /* [num_cells] mobility factor (the flow borrows it) */
  PetscReal       *released; /* [num_cells] r */
  PetscReal       *stress0;  /* [num_cells][num_qpoints][6] reference initial effective stress */
};

/*
  DioThawConsolidationCreate - see dio_thaw_consolidation.h. Sets the flow's mobility factors to this object's array
  (1 until the first update). Not collective.
*/
PetscErrorCode DioThawConsolidationCreate(DioThawCoupling thaw, DioElasticity elas, DioFlow flow,
                                          DioMaterialTable materials, PetscBool release, DioThawConsolidation *tc)
{
  DioThawConsolidation t;

  PetscFunctionBegin;
  PetscCheck(elas->setup, PETSC_COMM_SELF, PETSC_ERR_ORDER, "DioThawConsolidationCreate: set up the elasticity first");
  PetscCall(PetscNew(&t));
  t->thaw        = thaw;
  t->elas        = elas;
  t->flow        = flow;
  t->materials   = materials;
  t->release     = release;
  t->num_cells   = elas->num_cells;
  t->num_qpoints = elas->tab.num_qpoints;
  PetscCall(PetscCalloc4(t->num_cells + 1, &t->ice0, t->num_cells + 1, &t->factor, t->num_cells + 1, &t->released,
                         (size_t)t->num_cells * t->num_qpoints * 6 + 1, &t->stress0));
  for (PetscInt c = 0; c < t->num_cells; c++) t->factor[c] = 1.0;
  PetscCall(DioFlowSetCellMobilityFactor(flow, t->factor));
  *tc = t;
  PetscFunctionReturn(0);
}

PetscErrorCode DioThawConsolidationDestroy(DioThawConsolidation *tc)
{
  PetscFunctionBegin;
  if (*tc == NULL) PetscFunctionReturn(0);
  PetscCall(DioFlowSetCellMobilityFactor((*tc)->flow, NULL));
  PetscCall(PetscFree4((*tc)->ice0, (*tc)->factor, (*tc)->released, (*tc)->stress0));
  PetscCall(PetscFree(*tc));
  PetscFunctionReturn(0);
}

/*
  DioThawConsolidationSetReference - the reference state: the thaw coupling's reference ice saturation (its
  DioThawCouplingSetReference(): the thaw's zero) and the elasticity's initial stress (the frozen state stored before:
  the geostatic one of a column, the state after the bore of the permafrost section). Not collective.
*/
PetscErrorCode DioThawConsolidationSetReference(DioThawConsolidation t)
{
  const PetscReal *ice0;
  PetscReal       *stress;
  PetscInt         nq;

  PetscFunctionBegin;
  PetscCall(DioThawCouplingGetReferenceIce(t->thaw, &ice0));
  PetscCall(PetscArraycpy(t->ice0, ice0, t->num_cells));
  PetscCall(DioElasticityGetInitialStress(t->elas, &nq, &stress));
  PetscCall(PetscArraycpy(t->stress0, stress, (size_t)t->num_cells * nq * 6));
  PetscCall(PetscArrayzero(t->released, t->num_cells));
  t->has_reference = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/*
  DioThawConsolidationUpdate - mobility factors and released stress from the thaw coupling's last update
  (DioThawCouplingUpdate() of the new temperature first). Not collective; a Biot model on these objects must assemble
  again (DioBiotSetOperatorsChanged()).
*/
PetscErrorCode DioThawConsolidationUpdate(DioThawConsolidation t)
{
  DioThawCellFields f;
  PetscReal        *stress;
  PetscInt          nq;

  PetscFunctionBegin;
  PetscCheck(t->has_reference, PETSC_COMM_SELF, PETSC_ERR_ORDER,
             "DioThawConsolidationUpdate: call DioThawConsolidationSetReference() first");
  PetscCall(DioThawCouplingGetCellFields(t->thaw, &f));
  PetscCall(DioElasticityGetInitialStress(t->elas, &nq, &stress));
  for (PetscInt c = 0; c < t->num_cells; c++) {
    const DioLayerFrozen *frozen;
    const PetscReal       ice = PetscClipInterval(f.ice_saturation[c], 0.0, 1.0);
    PetscCall(DioMaterialTableGetFrozen(t->materials, t->elas->cell_layer[c], &frozen));
    t->factor[c] = PetscPowReal(10.0, -frozen->ice_impedance * ice);
    if (t->ice0[c] > 0)
      t->released[c] = PetscMax(t->released[c], PetscClipInterval((t->ice0[c] - ice) / t->ice0[c], 0.0, 1.0));
    if (!t->release) continue;
    for (PetscInt i = 0; i < nq * 6; i++)
      stress[(size_t)c * nq * 6 + i] = (1.0 - t->released[c]) * t->stress0[(size_t)c * nq * 6 + i];
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioThawConsolidationGetCellFields(DioThawConsolidation t, DioThawConsolidationCellFields *fields)
{
  PetscFunctionBegin;
  fields->mobility_factor = t->factor;
  fields->stress_released = t->released;
  PetscFunctionReturn(0);
}

/* DioThawConsolidationGetState - see dio_thaw_consolidation.h; after a restart wrote them back, call
   DioThawConsolidationUpdate() (the elasticity's stress follows). Not collective. */
PetscErrorCode DioThawConsolidationGetState(DioThawConsolidation t, PetscInt *num_qpoints, PetscReal **ice0,
                                            PetscReal **released, PetscReal **stress0)
{
  PetscFunctionBegin;
  *num_qpoints     = t->num_qpoints;
  *ice0            = t->ice0;
  *released        = t->released;
  *stress0         = t->stress0;
  t->has_reference = PETSC_TRUE;
  PetscFunctionReturn(0);
}
