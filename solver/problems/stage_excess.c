/* SPDX-License-Identifier: BSD-2-Clause
   stage_excess.c: the excess pore pressure the stage engine writes, one way for undrained regions (per cell,
   stage_drainage.c) and coupled consolidation (per vertex, stage_flow.c): the output field "excess_pore_pressure",
   its largest value over the output steps for the summary, and that maximum in the checkpoints. */
#include "stage_engine.h"

struct _n_DioStageExcess {
  PetscReal max;    /* Pa, the largest excess pore pressure written so far (all ranks) */
  Vec       values; /* checkpoint array "stage_excess" (rank 0): max */
};

/* The running maximum, zero, and its checkpoint array; destroy with DioStageExcessDestroy(). Collective. */
PetscErrorCode DioStageExcessCreate(DioSection *sec, DioStageExcess *excess)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(excess));
  PetscCall(DioSectionCheckpointValuesCreate(sec, "stage_excess", 1, &(*excess)->values));
  PetscFunctionReturn(0);
}

/* The output step's "excess_pore_pressure" (Pa, num values at `center`: cells or vertices) and the running maximum.
   Collective. */
PetscErrorCode DioStageExcessWrite(DioSection *sec, DioStageExcess excess, DioOutput out, DioOutputCenter center,
                                   PetscInt num, const PetscReal values[])
{
  PetscReal lo, hi;

  PetscFunctionBegin;
  PetscCall(DioOutputWriteField(out, "excess_pore_pressure", center, 1, "Pa", values));
  PetscCall(DioRangeOf(sec->comm, num, 1, values, &lo, &hi));
  excess->max = PetscMax(excess->max, hi);
  PetscCall(DioSectionCheckpointValuesStore(excess->values, 1, &excess->max));
  PetscFunctionReturn(0);
}

/* A restart: the running maximum of checkpoint `path`. Collective. */
PetscErrorCode DioStageExcessRestart(DioSection *sec, DioStageExcess excess, const char path[])
{
  PetscFunctionBegin;
  if (excess == NULL) PetscFunctionReturn(0);
  PetscCall(DioSectionCheckpointValuesLoad(sec, path, "stage_excess", 1, &excess->max));
  PetscCall(DioSectionCheckpointValuesStore(excess->values, 1, &excess->max));
  PetscFunctionReturn(0);
}

/* The summary's "excess_pore_pressure_max_Pa": the largest excess pore pressure of any output step (NULL: none). */
PetscErrorCode DioStageExcessAddSummary(DioStageExcess excess, DioSummary summary)
{
  PetscFunctionBegin;
  if (excess == NULL) PetscFunctionReturn(0);
  PetscCall(DioSummaryAddReal(summary, "excess_pore_pressure_max_Pa", excess->max));
  PetscFunctionReturn(0);
}

PetscErrorCode DioStageExcessDestroy(DioStageExcess *excess)
{
  PetscFunctionBegin;
  if (*excess == NULL) PetscFunctionReturn(0);
  PetscCall(VecDestroy(&(*excess)->values));
  PetscCall(PetscFree(*excess));
  PetscFunctionReturn(0);
}
