/* SPDX-License-Identifier: BSD-2-Clause
   mesh_file.c: -problem mesh: mechanics on an imported Gmsh mesh, materials by the names of its cell groups and
   conditions by the names of its face groups (named_boundaries.c): one solve per load step (load_steps.c; elastic or
   elastoplastic), derived fields with the stress averaged at the vertices, HDF5/XDMF output, a summary. */
#include <petsctime.h>
#include "stage_engine.h"

/*
  DioMeshFileRun - mechanics on the mesh of -mesh_file, written to <output_dir>/<output_name>.h5/.xmf. Collective.
  Options: -mesh_file, -mech_plane_stress, -initial_stress_components, -boundaries_<name>_*, -materials_<name>_*,
  -loads_gravity (0: no self-weight), -loads_water_*, -mech_element_order, -mech_* (solver), -output_*, -time_end and
  -time_steps (load steps, load_steps.c).
*/
PetscErrorCode DioMeshFileRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection     sec;
  Vec            u;
  PetscReal      settlement;
  PetscLogDouble t0;
  char           what[PETSC_MAX_PATH_LEN + 64];
  DM             dm;

  PetscFunctionBegin;
  {
    PetscBool staged, analysis;
    PetscCall(PetscOptionsHasName(NULL, NULL, "-stages_order", &staged));
    PetscCall(PetscOptionsHasName(NULL, NULL, "-analysis", &analysis));
    if (staged || analysis) { /* construction stages, heat: the stage engine */
      PetscBool has_steps, has_end;
      PetscCall(PetscOptionsHasName(NULL, NULL, "-time_steps", &has_steps));
      PetscCall(PetscOptionsHasName(NULL, NULL, "-time_end", &has_end));
      PetscCheck(!has_steps && !has_end, comm, PETSC_ERR_USER_INPUT,
                 "%s: the load steps of a run without stages; with stages, -stages_<name>_duration and _steps set them",
                 has_steps ? "-time_steps" : "-time_end");
      PetscCall(DioStageEngineRun(comm, run));
      PetscFunctionReturn(0);
    }
  }
  PetscCall(DioSectionCreateImported(comm, run, "mesh", &sec));
  {
    /* an undrained or consolidation region: the stage engine applies the water's stiffness after the initial state or
       couples the flow, and writes the excess pore pressure (stage_drainage.c, stage_flow.c); it reads the mesh again
     */
    PetscBool drainage, has_steps, has_end;
    PetscCall(DioSectionHasDrainage(&sec, &drainage));
    if (drainage) {
      PetscCall(PetscOptionsHasName(NULL, NULL, "-time_steps", &has_steps));
      PetscCall(PetscOptionsHasName(NULL, NULL, "-time_end", &has_end));
      PetscCheck(!has_steps && !has_end, comm, PETSC_ERR_USER_INPUT,
                 "%s: a run with an undrained or consolidation region runs by stages (-stages_<name>_duration and "
                 "_steps)",
                 has_steps ? "-time_steps" : "-time_end");
      PetscCall(DioSectionDestroy(&sec));
      PetscCall(DioStageEngineRun(comm, run));
      PetscFunctionReturn(0);
    }
  }
  PetscCall(DioLoadStepsRead(&sec));
  PetscCall(DioSectionRunSizeImported(&sec, sec.imported->time_steps, sec.imported->time_steps, PETSC_FALSE));
  if (run->check_only) {
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscTime(&t0));
  dm               = sec.imported->dm;
  sec.imported->dm = NULL;
  PetscCall(PetscSNPrintf(what, sizeof(what), "mesh %s (%s%s)", sec.imported->path,
                          DMPolytopeTypes[sec.imported->regions.cell_type],
                          sec.imported->plane_stress ? ", plane stress" : ""));
  PetscCall(DioSectionSetUp(&sec, dm, what, t0 - sec.t_start));
  {
    const DMPolytopeType type    = sec.imported->regions.cell_type;
    const PetscBool      simplex = (PetscBool)(type == DM_POLYTOPE_TRIANGLE || type == DM_POLYTOPE_TETRAHEDRON);
    PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[setup]     %" PetscInt_FMT " dofs (%c%d)\n", sec.num_dofs,
                            simplex ? 'P' : 'Q', (int)sec.opts.order));
  }
  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &u));
  PetscCall(DioLoadStepsRun(&sec, u, &settlement));
  PetscCall(DioSectionFinishSingleStep(&sec, u, "displacement_vertical_min_m", settlement));
  PetscCall(VecDestroy(&u));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
