/* SPDX-License-Identifier: BSD-2-Clause
   section.c: the section every problem starts from: created from its options (the strait profile and its materials,
   or an imported mesh with its named regions), its mesh built, the elasticity with its boundary conditions and
   loads set up on it, and destroyed. Options, log, output, metadata, checkpoints, signals and the tunnel geometry
   live in section_*.c. */
#include <petsctime.h>
#include <petscviewer.h>
#include "section.h"
#if defined(_OPENMP)
#  include <omp.h>
#endif

/*
  DioSectionCreate - read every option of the section (profile, materials, mesh, element, boundary conditions, loads,
  output) and validate it; in check mode (run->check_only) stop there. Collective.
*/
static PetscErrorCode SectionCreateCommon(MPI_Comm comm, const DioRunInfo *run, const char problem[], DioSection *sec)
{
  PetscMPIInt size;
  int         threads = 1;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(sec, sizeof(*sec)));
  PetscCall(PetscTime(&sec->t_start));
  sec->comm    = comm;
  sec->run     = run;
  sec->problem = problem;
  PetscCallMPI(MPI_Comm_size(comm, &size));
#if defined(_OPENMP)
  threads = omp_get_max_threads();
#endif
  if (!run->check_only)
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "diomede %s | %s | %d MPI ranks x %d OpenMP threads\n", run->version,
                            problem, (int)size, threads));
  PetscCall(DioSectionOptionsRead(comm, &sec->opts));
  PetscFunctionReturn(0);
}

PetscErrorCode DioSectionCreate(MPI_Comm comm, const DioRunInfo *run, const char problem[], const char extra_layer[],
                                DioSection *sec)
{
  PetscInt           num_layers;
  const char *const *layer_names;

  PetscFunctionBegin;
  PetscCall(SectionCreateCommon(comm, run, problem, sec));
  if (sec->opts.has_profile)
    PetscCall(DioProfileCreateFromFile(comm, sec->opts.profile_path, &sec->profile));
  else
    PetscCall(DioProfileCreateDefault(comm, &sec->profile));
  PetscCall(DioProfileGetLayers(sec->profile, &num_layers, &layer_names));
  sec->extra_layer = -1;
  if (extra_layer) {
    /* a material no profile layer names (the lining): appended after them */
    const char *names[64];
    PetscCheck(num_layers < 63, comm, PETSC_ERR_SUP, "too many layers (%" PetscInt_FMT ")", num_layers);
    for (PetscInt l = 0; l < num_layers; l++) names[l] = layer_names[l];
    names[num_layers] = extra_layer;
    sec->extra_layer  = num_layers;
    PetscCall(DioMaterialTableCreate(comm, num_layers + 1, names, &sec->materials));
  } else
    PetscCall(DioMaterialTableCreate(comm, num_layers, layer_names, &sec->materials));
  PetscCall(DioStraitOptionsSetFromOptions(comm, sec->profile, &sec->mesh_opts));
  PetscFunctionReturn(0);
}

/*
  DioSectionCreateImported - the section options, a Gmsh mesh (-mesh_file) with its named regions, the material table
  of its cell groups (by name: data/materials.csv or -materials_<name>_*) and the conditions on its face groups
  (-boundaries_<name>_*), all validated; the mesh is read in check mode too (its names are the keys). No sea load on an
  imported mesh. Collective.
*/
PetscErrorCode DioSectionCreateImported(MPI_Comm comm, const DioRunInfo *run, const char problem[], DioSection *sec)
{
  DioImportedMesh *im;
  PetscBool        has_file;
  PetscInt         dim, n = 6;
  PetscLogStage    stage_mesh;

  PetscFunctionBegin;
  PetscCall(SectionCreateCommon(comm, run, problem, sec));
  sec->extra_layer         = -1;
  sec->opts.loads.sea_load = PETSC_FALSE;
  PetscCall(PetscNew(&sec->imported));
  im = sec->imported;
  PetscOptionsBegin(comm, NULL, "Imported mesh", "mesh");
  PetscCall(PetscOptionsString("-mesh_file",
                               "Gmsh mesh (.msh 2.2 or 4.1, ASCII or binary) with named physical groups: cells -> "
                               "materials, faces -> boundaries",
                               "", im->path, im->path, sizeof(im->path), &has_file));
  PetscCall(PetscOptionsBool("-mech_plane_stress",
                             "2D: plane stress (sigma_zz = 0) instead of plane strain (eps_zz = 0)", "",
                             im->plane_stress, &im->plane_stress, NULL));
  PetscCall(
      PetscOptionsRealArray("-initial_stress_components",
                            "Uniform initial effective stress xx,yy,zz[,xy,yz,xz] (Pa, tension positive; default none)",
                            "", im->initial_stress, &n, &im->has_initial_stress));
  PetscOptionsEnd();
  PetscCheck(has_file && im->path[0], comm, PETSC_ERR_USER_INPUT,
             "-problem mesh needs -mesh_file <file.msh> (mesh: {file: ...} in a case file)");
  PetscCheck(!im->has_initial_stress || n >= 3, comm, PETSC_ERR_USER_INPUT,
             "-initial_stress_components: %" PetscInt_FMT " values given, need xx,yy,zz[,xy,yz,xz]", n);
  PetscCall(DioLogStageGet("Mesh", &stage_mesh));
  PetscCall(PetscLogStagePush(stage_mesh));
  PetscCall(DioMeshCreateFromGmsh(comm, im->path, &im->regions, &im->dm));
  PetscCall(PetscLogStagePop());
  PetscCall(DMGetDimension(im->dm, &dim));
  PetscCheck(!im->plane_stress || dim == 2, comm, PETSC_ERR_USER_INPUT,
             "-mech_plane_stress: '%s' is a %" PetscInt_FMT "D mesh; plane stress needs a 2D one", im->path, dim);
  PetscCall(DioMaterialTableCreate(comm, im->regions.num_layers, (const char *const *)im->regions.layer_names,
                                   &sec->materials));
  PetscCall(DioNamedBoundariesRead(comm, &im->regions, dim, &im->boundaries));
  PetscCall(DioNamedBoundariesCheck(sec));
  PetscFunctionReturn(0);
}

/* The strait mesh and the elasticity set up on it (stage "Mesh"). Collective. */
PetscErrorCode DioSectionBuild(DioSection *sec)
{
  PetscLogStage  stage_mesh;
  PetscLogDouble t0, t1;
  const char    *source;
  DM             dm;
  char           what[256];

  PetscFunctionBegin;
  PetscCall(DioLogStageGet("Mesh", &stage_mesh));
  PetscCall(PetscLogStagePush(stage_mesh));
  PetscCall(PetscTime(&t0));
  PetscCall(DioMeshCreateStrait(sec->comm, sec->profile, &sec->mesh_opts, &dm));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscLogStagePop());
  PetscCall(DioProfileGetSource(sec->profile, &source));
  PetscCall(PetscSNPrintf(what, sizeof(what), "section x = %.0f .. %.0f m, base %.0f m, profile %s",
                          (double)sec->mesh_opts.x_min_m, (double)sec->mesh_opts.x_max_m,
                          (double)sec->mesh_opts.base_elevation_m, source));
  PetscCall(DioSectionSetUp(sec, dm, what, t1 - t0));
  PetscFunctionReturn(0);
}

/* Take the mesh dm (owned from now on) and set up the elasticity on it. Collective. */
PetscErrorCode DioSectionSetUp(DioSection *sec, DM dm, const char description[], PetscLogDouble mesh_seconds)
{
  PetscLogStage stage_mesh;
  PetscInt      cStart, cEnd, local;

  PetscFunctionBegin;
  PetscCall(DioLogStageGet("Mesh", &stage_mesh));
  PetscCall(PetscLogStagePush(stage_mesh));
  sec->dm = dm;
  PetscCall(DMGetDimension(sec->dm, &sec->dim));
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, &cEnd));
  local = cEnd - cStart;
  PetscCall(MPIU_Allreduce(&local, &sec->num_cells, 1, MPIU_INT, MPI_SUM, sec->comm));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[mesh]      %dD %s: %" PetscInt_FMT " cells, %.2f s\n", (int)sec->dim,
                          description, sec->num_cells, mesh_seconds));
  if (sec->opts.progress >= DIO_LOG_NORMAL)
    PetscCall(DioMaterialTableView(sec->materials, PETSC_VIEWER_STDOUT_(sec->comm)));

  PetscCall(DioElasticityCreate(sec->dm, sec->opts.order, sec->materials, &sec->elas));
  PetscCall(DioElasticitySetLoads(sec->elas, &sec->opts.loads));
  if (sec->imported) {
    PetscCall(DioElasticitySetPlaneStress(sec->elas, sec->imported->plane_stress));
    PetscCall(DioNamedBoundariesConstrain(sec));
    PetscCall(DioElasticitySetUp(sec->elas));
    PetscCall(DioNamedBoundariesLoad(sec));
    if (sec->imported->has_initial_stress)
      PetscCall(DioElasticitySetUniformInitialStress(sec->elas, sec->imported->initial_stress));
  } else {
    PetscCall(DioElasticitySetBoundaryCondition(sec->elas, DIO_BOUNDARY_BASE, sec->opts.bc_base));
    PetscCall(DioElasticitySetBoundaryCondition(sec->elas, DIO_BOUNDARY_SURFACE, sec->opts.bc_surface));
    PetscCall(DioElasticitySetBoundaryCondition(sec->elas, DIO_BOUNDARY_WEST, sec->opts.bc_ends));
    PetscCall(DioElasticitySetBoundaryCondition(sec->elas, DIO_BOUNDARY_EAST, sec->opts.bc_east));
    if (sec->dim == 3) {
      PetscCall(DioElasticitySetBoundaryCondition(sec->elas, DIO_BOUNDARY_SOUTH, sec->opts.bc_sides));
      PetscCall(DioElasticitySetBoundaryCondition(sec->elas, DIO_BOUNDARY_NORTH, sec->opts.bc_north));
    }
    PetscCall(DioElasticitySetUp(sec->elas));
  }
  PetscCall(DioElasticityGetNumDofs(sec->elas, &sec->num_dofs));
  PetscCall(DioMeshTopologyCreate(sec->dm, &sec->topology));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(0);
}

/* The value of cell label `name` at each local cell (values[num_cells]; -1 where a cell has none). Not collective. */
PetscErrorCode DioSectionCellLabelValues(const DioSection *sec, const char name[], PetscInt values[])
{
  DMLabel  label;
  PetscInt cStart;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(sec->dm, name, &label));
  PetscCheck(label, PETSC_COMM_SELF, PETSC_ERR_PLIB, "the mesh has no label '%s'", name);
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) PetscCall(DMLabelGetValue(label, cStart + c, &values[c]));
  PetscFunctionReturn(0);
}

PetscErrorCode DioSectionDestroy(DioSection *sec)
{
  PetscFunctionBegin;
  if (sec->imported) {
    PetscCall(DMDestroy(&sec->imported->dm));
    PetscCall(DioNamedBoundariesDestroy(sec->imported->regions.num_boundaries, &sec->imported->boundaries));
    PetscCall(DioMeshRegionsDestroy(&sec->imported->regions));
    PetscCall(PetscFree(sec->imported));
  }
  if (sec->dm) PetscCall(DioMeshTopologyDestroy(&sec->topology));
  PetscCall(DioElasticityDestroy(&sec->elas));
  PetscCall(DMDestroy(&sec->dm));
  PetscCall(DioMaterialTableDestroy(&sec->materials));
  PetscCall(DioProfileDestroy(&sec->profile));
  PetscCall(PetscFree(sec->model));
  PetscCall(PetscFree(sec->checkpoint_centroids));
  PetscCall(DioCheckpointSidesDestroy(&sec->checkpoint_sides));
  PetscFunctionReturn(0);
}
