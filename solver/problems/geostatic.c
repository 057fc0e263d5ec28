/* SPDX-License-Identifier: BSD-2-Clause
   geostatic.c: the in-situ (geostatic) stress of the strait section under gravity, pore pressure and the sea's
   weight: one linear elastic solve, derived fields, HDF5/XDMF output, a summary in the log. */
#include <petsctime.h>
#include "section.h"

/*
  DioGeostaticRun - the geostatic stress of the strait section, written to <output_dir>/<output_name>.h5/.xmf.
  Collective. Options: -mesh_* (mesh/), -materials_* (materials), -bc_*, -loads_*, -mech_* (solver), -output_*.
*/
PetscErrorCode DioGeostaticRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection    sec;
  Vec           u;
  PetscReal     settlement;
  PetscLogStage stage_output;

  PetscFunctionBegin;
  PetscCall(DioSectionCreate(comm, run, "geostatic stress", NULL, &sec));
  {
    DioMeshCount count;
    PetscCall(DioStraitCount(comm, &sec.mesh_opts, &count));
    PetscCall(DioSectionRunSize(&sec, &count, 1, 1, PETSC_FALSE, PETSC_FALSE));
  }
  if (run->check_only) {
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(DioSectionBuild(&sec));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[setup]     %" PetscInt_FMT " dofs (Q%d)\n", sec.num_dofs, (int)sec.opts.order));
  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &u));
  PetscCall(DioSectionSolve(&sec, u, 1, 1, 0.0, "geostatic"));

  PetscCall(DioLogStageGet("Output", &stage_output));
  PetscCall(PetscLogStagePush(stage_output));
  PetscCall(DioSectionOutputSingleStep(&sec, u, &settlement));
  PetscCall(PetscLogStagePop());
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[result]    vertical displacement down to %.4g m (geostatic; reset to zero before excavation)\n", (double)settlement));
  PetscCall(DioSectionFinishSingleStep(&sec, u, "max_settlement_geostatic_m", -settlement));
  PetscCall(VecDestroy(&u));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
