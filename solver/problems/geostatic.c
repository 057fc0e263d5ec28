/* SPDX-License-Identifier: BSD-2-Clause
   geostatic.c: the in-situ (geostatic) stress of the strait section under gravity, pore pressure and the sea's
   weight: mesh, materials, one linear elastic solve, derived fields, HDF5/XDMF output, a summary in the log. */
#include <petsctime.h>
#include <petscviewer.h>
#include "dio_solver.h"
#include "dio_mesh.h"
#include "dio_io.h"
#include "dio_material.h"
#include "dio_elasticity.h"
#if defined(_OPENMP)
  #include <omp.h>
#endif

typedef struct {
  char                 profile_path[PETSC_MAX_PATH_LEN];
  PetscBool            has_profile;
  PetscInt             order;
  DioBoundaryCondition bc_base, bc_ends, bc_sides;
  DioElasLoads         loads;
  char                 output_dir[PETSC_MAX_PATH_LEN], output_name[PETSC_MAX_PATH_LEN];
  PetscBool            output_overwrite;
} GeostaticOptions;

/* A log stage by name, registered on first use so every module can push the same "Mesh" or "Solve". */
PetscErrorCode DioLogStageGet(const char name[], PetscLogStage *stage)
{
  PetscFunctionBegin;
  PetscCall(PetscLogStageGetId(name, stage));
  if (*stage < 0) PetscCall(PetscLogStageRegister(name, stage));
  PetscFunctionReturn(0);
}

static PetscErrorCode GeostaticOptionsSet(MPI_Comm comm, GeostaticOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->order       = 1;
  o->bc_base     = DIO_BC_FIXED;
  o->bc_ends     = DIO_BC_ROLLER;
  o->bc_sides    = DIO_BC_ROLLER;
  o->loads.gravity       = 9.81;
  o->loads.water_density = 1025.0;
  o->loads.water_level   = 0.0;
  o->loads.sea_load      = PETSC_TRUE;
  o->loads.pore_pressure = PETSC_TRUE;
  PetscCall(PetscStrncpy(o->output_dir, "out", sizeof(o->output_dir)));
  PetscCall(PetscStrncpy(o->output_name, "bering", sizeof(o->output_name)));
  o->output_overwrite = PETSC_FALSE;
  PetscOptionsBegin(comm, NULL, "Geostatic stress of the strait section", "geostatic");
  PetscCall(PetscOptionsString("-mesh_profile", "Profile CSV (distance_km, surface_elevation_m, ...); default: the embedded Bering Strait profile", "",
                               o->profile_path, o->profile_path, sizeof(o->profile_path), &o->has_profile));
  PetscCall(PetscOptionsInt("-mech_element_order", "Lagrange element order (1: Q1, 2: Q2)", "", o->order, &o->order, NULL));
  PetscCall(PetscOptionsEnum("-bc_base", "Condition on the base", "", DioBoundaryConditions, (PetscEnum)o->bc_base, (PetscEnum *)&o->bc_base, NULL));
  PetscCall(PetscOptionsEnum("-bc_ends", "Condition on the two ends of the section", "", DioBoundaryConditions, (PetscEnum)o->bc_ends, (PetscEnum *)&o->bc_ends, NULL));
  PetscCall(PetscOptionsEnum("-bc_sides", "3D: condition on the two sides across the alignment", "", DioBoundaryConditions, (PetscEnum)o->bc_sides,
                             (PetscEnum *)&o->bc_sides, NULL));
  PetscCall(PetscOptionsReal("-loads_gravity", "Gravitational acceleration (m/s2)", "", o->loads.gravity, &o->loads.gravity, NULL));
  PetscCall(PetscOptionsReal("-loads_water_density", "Density of sea and pore water (kg/m3)", "", o->loads.water_density, &o->loads.water_density, NULL));
  PetscCall(PetscOptionsReal("-loads_water_level", "Elevation of the sea surface and water table (m)", "", o->loads.water_level, &o->loads.water_level, NULL));
  PetscCall(PetscOptionsBool("-loads_sea", "Sea's weight as a pressure on the seabed", "", o->loads.sea_load, &o->loads.sea_load, NULL));
  PetscCall(PetscOptionsBool("-loads_pore_pressure", "Hydrostatic pore pressure in saturated layers", "", o->loads.pore_pressure, &o->loads.pore_pressure, NULL));
  PetscCall(PetscOptionsString("-output_dir", "Directory for the results", "", o->output_dir, o->output_dir, sizeof(o->output_dir), NULL));
  PetscCall(PetscOptionsString("-output_name", "Run name: <dir>/<name>.h5 and <dir>/<name>.xmf", "", o->output_name, o->output_name, sizeof(o->output_name), NULL));
  PetscCall(PetscOptionsBool("-output_overwrite", "Replace existing results of the same name", "", o->output_overwrite, &o->output_overwrite, NULL));
  PetscOptionsEnd();
  PetscCheck(o->order == 1 || o->order == 2, comm, PETSC_ERR_USER_INPUT, "-mech_element_order = %" PetscInt_FMT ": must be 1 (linear) or 2 (quadratic)", o->order);
  PetscCheck(o->loads.gravity >= 0, comm, PETSC_ERR_USER_INPUT, "-loads_gravity = %g: must be >= 0 m/s2", (double)o->loads.gravity);
  PetscCheck(o->loads.water_density >= 0, comm, PETSC_ERR_USER_INPUT, "-loads_water_density = %g: must be >= 0 kg/m3", (double)o->loads.water_density);
  PetscFunctionReturn(0);
}

/* Run metadata: what a reader of the file needs to trust and reproduce it. */
static PetscErrorCode WriteMetadata(DioOutput out, const DioRunInfo *run, PetscInt dim, PetscInt order, DioProfile profile, PetscMPIInt size)
{
  char        buf[4096], *all_options = NULL, petsc_version[128];
  const char *source;
  PetscInt    num_layers;
  const char *const *names;

  PetscFunctionBegin;
  PetscCall(DioOutputSetMetadata(out, "diomede_version", run->version));
  PetscCall(PetscGetVersion(petsc_version, sizeof(petsc_version)));
  PetscCall(DioOutputSetMetadata(out, "petsc_version", petsc_version));
  PetscCall(DioOutputSetMetadata(out, "problem", "geostatic"));
  PetscCall(DioOutputSetMetadata(out, "command_line", run->command_line ? run->command_line : ""));
  PetscCall(DioOutputSetMetadata(out, "case_file", run->case_file ? run->case_file : ""));
  PetscCall(PetscOptionsGetAll(NULL, &all_options));
  PetscCall(DioOutputSetMetadata(out, "options", all_options));
  PetscCall(PetscFree(all_options));
  PetscCall(DioOutputSetMetadata(out, "units", "SI: length m, displacement m, stress and pressure Pa, density kg/m3, time s"));
  PetscCall(DioOutputSetMetadata(out, "sign_convention",
                                 "stress positive in tension (compression negative); pore pressure positive in compression; "
                                 "total stress = effective_stress - pore_pressure I"));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), dim == 2 ? "2D plane strain: x along the alignment from the Cape Dezhnev shore, y up (sea level 0)"
                                                     : "3D: x along the alignment from the Cape Dezhnev shore, y across, z up (sea level 0)"));
  PetscCall(DioOutputSetMetadata(out, "axes", buf));
  PetscCall(DioOutputSetMetadata(out, "tensor_components", "xx, yy, zz, xy, yz, xz (tensor shear strain)"));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "Q%d", (int)order));
  PetscCall(DioOutputSetMetadata(out, "element", buf));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%d", (int)size));
  PetscCall(DioOutputSetMetadata(out, "mpi_ranks", buf));
  PetscCall(DioProfileGetSource(profile, &source));
  PetscCall(DioOutputSetMetadata(out, "profile", source));
  PetscCall(DioProfileGetLayers(profile, &num_layers, &names));
  buf[0] = 0;
  for (PetscInt l = 0; l < num_layers; l++) {
    char item[128];
    PetscCall(PetscSNPrintf(item, sizeof(item), "%s%d=%s", l ? ", " : "", (int)l, names[l]));
    PetscCall(PetscStrlcat(buf, item, sizeof(buf)));
  }
  PetscCall(DioOutputSetMetadata(out, "layer_names", buf));
  PetscFunctionReturn(0);
}

/* Global min / max of a strided array. */
static PetscErrorCode RangeOf(MPI_Comm comm, PetscInt n, PetscInt stride, const PetscReal values[], PetscReal *lo, PetscReal *hi)
{
  PetscReal local[2] = {PETSC_MAX_REAL, PETSC_MAX_REAL}, global[2];

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    local[0] = PetscMin(local[0], values[i * stride]);
    local[1] = PetscMin(local[1], -values[i * stride]);
  }
  PetscCall(MPIU_Allreduce(local, global, 2, MPIU_REAL, MPI_MIN, comm));
  *lo = global[0];
  *hi = -global[1];
  PetscFunctionReturn(0);
}

static PetscErrorCode WriteResults(MPI_Comm comm, const GeostaticOptions *o, const DioRunInfo *run, DioProfile profile, DioMaterialTable materials, DM dm,
                                   DioElasticity elas, Vec u, PetscInt order)
{
  DioMeshTopology   topo;
  DioOutput         out;
  DioElasCellFields cf;
  PetscReal        *displacement, *sv, *sh, *ratio, *modulus, lo, hi;
  PetscInt         *layer_ids, *frozen, *ranks, dim = 0, cStart;
  DMLabel           layer_label, frozen_label;
  PetscMPIInt       rank, size;
  const char       *h5, *xmf;
  PetscLogDouble    t0, t1;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DioMeshTopologyCreate(dm, &topo));
  PetscCall(DioElasticityComputeCellFields(elas, u, &cf));
  PetscCall(PetscMalloc1(3 * topo.num_vertices, &displacement));
  PetscCall(DioElasticityGetVertexDisplacement(elas, u, topo.num_vertices, topo.vertex_points, displacement));
  PetscCall(PetscMalloc4(topo.num_cells, &sv, topo.num_cells, &sh, topo.num_cells, &ratio, topo.num_cells, &modulus));
  PetscCall(PetscMalloc3(topo.num_cells, &layer_ids, topo.num_cells, &frozen, topo.num_cells, &ranks));
  PetscCall(DMGetLabel(dm, DIO_LABEL_LAYER, &layer_label));
  PetscCall(DMGetLabel(dm, DIO_LABEL_PERMAFROST, &frozen_label));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < topo.num_cells; c++) {
    const PetscReal        *s = &cf.effective_stress[6 * c];
    const DioLayerMaterial *m;
    PetscInt                value;
    /* vertical: yy in 2D, zz in 3D; horizontal along the alignment: xx */
    sv[c] = s[dim - 1];
    sh[c] = s[0];
    /* sigma'_v vanishes at the seabed; a ratio there means nothing */
    ratio[c] = PetscAbsReal(sv[c]) > 1.0 ? sh[c] / sv[c] : 0.0;
    PetscCall(DMLabelGetValue(layer_label, cStart + c, &value));
    layer_ids[c] = value;
    PetscCall(DioMaterialTableGetLayer(materials, value < 0 ? 0 : value, &m));
    modulus[c] = m->youngs_modulus;
    value      = -1;
    if (frozen_label) PetscCall(DMLabelGetValue(frozen_label, cStart + c, &value));
    frozen[c] = value == 1;
    ranks[c]  = rank;
  }

  PetscCall(DioOutputCreate(comm, o->output_dir, o->output_name, o->output_overwrite, &out));
  PetscCall(WriteMetadata(out, run, dim, order, profile, size));
  PetscCall(DioOutputWriteMesh(out, dim, topo.num_vertices, topo.vertex_offset, topo.num_vertices_global, topo.vertex_coords, topo.num_cells, topo.cell_offset,
                               topo.num_cells_global, topo.vertices_per_cell, topo.cell_vertices));
  PetscCall(DioOutputWriteIntField(out, "layer", DIO_OUTPUT_CELL, layer_ids));
  PetscCall(DioOutputWriteIntField(out, "permafrost", DIO_OUTPUT_CELL, frozen));
  PetscCall(DioOutputWriteIntField(out, "rank", DIO_OUTPUT_CELL, ranks));
  PetscCall(DioOutputWriteField(out, "youngs_modulus", DIO_OUTPUT_CELL, 1, "Pa", modulus));
  PetscCall(DioOutputBeginStep(out, 0, 0.0));
  PetscCall(DioOutputWriteField(out, "displacement", DIO_OUTPUT_VERTEX, 3, "m", displacement));
  PetscCall(DioOutputWriteField(out, "stress", DIO_OUTPUT_CELL, 6, "Pa", cf.total_stress));
  PetscCall(DioOutputWriteField(out, "effective_stress", DIO_OUTPUT_CELL, 6, "Pa", cf.effective_stress));
  PetscCall(DioOutputWriteField(out, "strain", DIO_OUTPUT_CELL, 6, "-", cf.strain));
  PetscCall(DioOutputWriteField(out, "pore_pressure", DIO_OUTPUT_CELL, 1, "Pa", cf.pore_pressure));
  PetscCall(DioOutputWriteField(out, "effective_stress_vertical", DIO_OUTPUT_CELL, 1, "Pa", sv));
  PetscCall(DioOutputWriteField(out, "effective_stress_horizontal", DIO_OUTPUT_CELL, 1, "Pa", sh));
  PetscCall(DioOutputWriteField(out, "stress_ratio_h_v", DIO_OUTPUT_CELL, 1, "-", ratio));
  PetscCall(DioOutputEndStep(out));
  PetscCall(DioOutputGetPaths(out, &h5, &xmf));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(comm, "[output]    %s and %s, %.2f s\n", h5, xmf, t1 - t0));

  PetscCall(RangeOf(comm, topo.num_vertices, 3, displacement + (dim - 1), &lo, &hi));
  PetscCall(PetscPrintf(comm, "[result]    vertical displacement %.4g .. %.4g m (geostatic; reset to zero before excavation)\n", (double)lo, (double)hi));
  PetscCall(RangeOf(comm, topo.num_cells, 1, sv, &lo, &hi));
  PetscCall(PetscPrintf(comm, "[result]    vertical effective stress %.4g .. %.4g MPa (compression negative)\n", (double)(lo / 1e6), (double)(hi / 1e6)));
  PetscCall(RangeOf(comm, topo.num_cells, 6, cf.total_stress + (dim - 1), &lo, &hi));
  PetscCall(PetscPrintf(comm, "[result]    vertical total stress %.4g .. %.4g MPa\n", (double)(lo / 1e6), (double)(hi / 1e6)));
  PetscCall(RangeOf(comm, topo.num_cells, 1, cf.pore_pressure, &lo, &hi));
  PetscCall(PetscPrintf(comm, "[result]    pore pressure %.4g .. %.4g MPa\n", (double)(lo / 1e6), (double)(hi / 1e6)));

  PetscCall(DioOutputDestroy(&out));
  PetscCall(PetscFree3(layer_ids, frozen, ranks));
  PetscCall(PetscFree4(sv, sh, ratio, modulus));
  PetscCall(PetscFree(displacement));
  PetscCall(DioElasCellFieldsDestroy(&cf));
  PetscCall(DioMeshTopologyDestroy(&topo));
  PetscFunctionReturn(0);
}

/*
  DioGeostaticRun - the geostatic stress of the strait section, written to <output_dir>/<output_name>.h5/.xmf.
  Collective. Options: -mesh_* (mesh/), -materials_* (materials), -bc_*, -loads_*, -mech_* (solver), -output_*.
*/
PetscErrorCode DioGeostaticRun(MPI_Comm comm, const DioRunInfo *run)
{
  GeostaticOptions opts;
  DioStraitOptions mesh_opts;
  DioProfile       profile;
  DioMaterialTable materials;
  DM               dm;
  DioElasticity    elas;
  DioSolveInfo     info;
  Vec              u;
  PetscLogStage    stage_mesh, stage_solve;
  PetscLogDouble   t0, t1, t_start;
  PetscInt         num_layers, num_cells, num_dofs, dim;
  const char      *const *layer_names;
  const char      *source;
  PetscMPIInt      size;
  int              threads = 1;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t_start));
  PetscCallMPI(MPI_Comm_size(comm, &size));
#if defined(_OPENMP)
  threads = omp_get_max_threads();
#endif
  PetscCall(PetscPrintf(comm, "diomede %s | geostatic stress | %d MPI ranks x %d OpenMP threads\n", run->version, (int)size, threads));
  PetscCall(DioLogStageGet("Mesh", &stage_mesh));
  PetscCall(DioLogStageGet("Solve", &stage_solve));

  PetscCall(GeostaticOptionsSet(comm, &opts));
  PetscCall(PetscLogStagePush(stage_mesh));
  PetscCall(PetscTime(&t0));
  if (opts.has_profile) PetscCall(DioProfileCreateFromFile(comm, opts.profile_path, &profile));
  else PetscCall(DioProfileCreateDefault(comm, &profile));
  PetscCall(DioProfileGetLayers(profile, &num_layers, &layer_names));
  PetscCall(DioMaterialTableCreate(comm, num_layers, layer_names, &materials));
  PetscCall(DioStraitOptionsSetFromOptions(comm, profile, &mesh_opts));
  if (run->check_only) {
    PetscCall(PetscLogStagePop());
    PetscCall(DioMaterialTableDestroy(&materials));
    PetscCall(DioProfileDestroy(&profile));
    PetscFunctionReturn(0);
  }
  PetscCall(DioMeshCreateStrait(comm, profile, &mesh_opts, &dm));
  PetscCall(PetscLogStagePop());
  PetscCall(PetscTime(&t1));
  PetscCall(DMGetDimension(dm, &dim));
  {
    PetscInt cStart, cEnd, local;
    PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
    local = cEnd - cStart;
    PetscCall(MPIU_Allreduce(&local, &num_cells, 1, MPIU_INT, MPI_SUM, comm));
  }
  PetscCall(DioProfileGetSource(profile, &source));
  PetscCall(PetscPrintf(comm, "[mesh]      %dD section x = %.0f .. %.0f m, base %.0f m, profile %s: %" PetscInt_FMT " cells, %.2f s\n", (int)dim,
                        (double)mesh_opts.x_min_m, (double)mesh_opts.x_max_m, (double)mesh_opts.base_elevation_m, source, num_cells, t1 - t0));
  {
    PetscViewer viewer = PETSC_VIEWER_STDOUT_(comm);
    PetscCall(DioMaterialTableView(materials, viewer));
  }

  PetscCall(DioElasticityCreate(dm, opts.order, materials, &elas));
  PetscCall(DioElasticitySetLoads(elas, &opts.loads));
  PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_BASE, opts.bc_base));
  PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_WEST, opts.bc_ends));
  PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_EAST, opts.bc_ends));
  if (dim == 3) {
    PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_SOUTH, opts.bc_sides));
    PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_NORTH, opts.bc_sides));
  }
  PetscCall(PetscLogStagePush(stage_solve));
  PetscCall(DioElasticitySetUp(elas));
  PetscCall(DioElasticityGetNumDofs(elas, &num_dofs));
  PetscCall(DioElasticityCreateGlobalVector(elas, &u));
  PetscCall(DioElasticitySolve(elas, u, &info));
  PetscCall(PetscLogStagePop());
  PetscCall(PetscPrintf(comm, "[assembly]  %" PetscInt_FMT " dofs (Q%d), %.2f s, %.3g Mdof/s\n", num_dofs, (int)opts.order, info.assembly_seconds,
                        num_dofs / 1e6 / PetscMax(info.assembly_seconds, 1e-9)));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(comm, "[solve]     step 1/1  t = 0 s  KSP %" PetscInt_FMT " its (%s), residual %.3g / rhs %.3g, %.2f s, wall %.1f s, ETA 0 s\n",
                        info.iterations, KSPConvergedReasons[info.reason], (double)info.residual_norm, (double)info.rhs_norm, info.solve_seconds, t1 - t_start));

  PetscCall(WriteResults(comm, &opts, run, profile, materials, dm, elas, u, opts.order));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscPrintf(comm, "[done]      wall %.1f s\n", t1 - t_start));

  PetscCall(VecDestroy(&u));
  PetscCall(DioElasticityDestroy(&elas));
  PetscCall(DMDestroy(&dm));
  PetscCall(DioMaterialTableDestroy(&materials));
  PetscCall(DioProfileDestroy(&profile));
  PetscFunctionReturn(0);
}
