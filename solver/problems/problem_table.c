/* SPDX-License-Identifier: BSD-2-Clause
   problem_table.c: the dispatcher, a table from -problem's name to the function that runs it. A new problem is one
   row here and its declaration in dio_solver.h; nothing calls back into this file. */
#include "dio_solver.h"

typedef struct {
  const char *name;
  PetscErrorCode (*run)(MPI_Comm comm, const DioRunInfo *run);
} DioProblemEntry;

static const DioProblemEntry DioProblemTable[] = {
    {"geostatic", DioGeostaticRun},
    {"longitudinal_drive", DioLongitudinalDriveRun},
    {"transverse_section", DioTransverseSectionRun},
    {"tbm_segment", DioSegmentDriveRun},
    {"permafrost_thaw", DioPermafrostThawRun},
    {"consolidation", DioConsolidationRun},
    {"thaw_consolidation", DioThawConsolidationRun},
    {"mesh", DioMeshFileRun},
};
#define DIO_NUM_PROBLEMS (sizeof(DioProblemTable) / sizeof(DioProblemTable[0]))

/*
  DioProblemRun - runs the problem named by -problem (default geostatic). Collective.
*/
PetscErrorCode DioProblemRun(MPI_Comm comm, const DioRunInfo *run)
{
  const char *names[DIO_NUM_PROBLEMS];
  PetscInt    choice = 0;

  PetscFunctionBegin;
  for (size_t k = 0; k < DIO_NUM_PROBLEMS; k++) names[k] = DioProblemTable[k].name;
  PetscOptionsBegin(comm, NULL, "Problem", "problem");
  PetscCall(
      PetscOptionsEList("-problem", "What to compute", "", names, (PetscInt)DIO_NUM_PROBLEMS, names[0], &choice, NULL));
  PetscOptionsEnd();
  PetscCall(DioProblemTable[choice].run(comm, run));
  PetscFunctionReturn(0);
}
