/* SPDX-License-Identifier: BSD-2-Clause
   section.c: the strait section every problem starts from: options, profile, materials, mesh, the elasticity with
   its boundary conditions and loads, one progress line per solve, output of the mesh and of a step. */
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <stdarg.h>
#include <unistd.h>
#include <petsctime.h>
#include <petscviewer.h>
#include "section.h"
#if defined(_OPENMP)
  #include <omp.h>
#endif

/* A log stage by name, registered on first use so every module can push the same "Mesh" or "Solve". */
PetscErrorCode DioLogStageGet(const char name[], PetscLogStage *stage)
{
  PetscFunctionBegin;
  PetscCall(PetscLogStageGetId(name, stage));
  if (*stage < 0) PetscCall(PetscLogStageRegister(name, stage));
  PetscFunctionReturn(0);
}

/* The longest file name a run derives from -output_name: the 3D segment's probe CSV through its temporary file. */
#define DIO_OUTPUT_LONGEST_SUFFIX "_longitudinal.csv.tmp"

/* Every file a run writes, <output_dir>/<output_name><suffix>, must be a path this platform opens: no component longer
   than NAME_MAX (of the file system that holds the directory, where it exists), the whole shorter than PATH_MAX and
   than diomede's path buffers (which would otherwise cut the option's value short, silently). */
static PetscErrorCode OutputNameValidate(MPI_Comm comm, const DioSectionOptions *o)
{
  const char *keys[2] = {"-output_dir", "-output_name"};
  const char *suffix  = DIO_OUTPUT_LONGEST_SUFFIX;
  char        path[PETSC_MAX_PATH_LEN + 64];
  long        name_max = pathconf(o->output_dir, _PC_NAME_MAX);
  size_t      start    = 0, length;

  PetscFunctionBegin;
  if (name_max <= 0) name_max = NAME_MAX;
  for (int k = 0; k < 2; k++) {
    const char *value;
    PetscBool   set;

    PetscCall(PetscOptionsFindPair(NULL, NULL, keys[k], &value, &set));
    PetscCheck(!set || value == NULL || strlen(value) < PETSC_MAX_PATH_LEN - 1, comm, PETSC_ERR_USER_INPUT,
               "%s: %zu characters, more than the %d a path may hold", keys[k], strlen(value),
               (int)PETSC_MAX_PATH_LEN - 2);
  }
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s%s", o->output_dir, o->output_name, suffix));
  length = strlen(path);
  PetscCheck(length < PATH_MAX && length < PETSC_MAX_PATH_LEN, comm, PETSC_ERR_USER_INPUT,
             "-output_dir, -output_name: the run's files (<output_dir>/<output_name>%s) would have paths of %zu "
             "characters, more than the %d the platform opens",
             suffix, length, (int)PetscMin(PATH_MAX, PETSC_MAX_PATH_LEN) - 1);
  for (size_t i = 0; i <= length; i++) {
    if (path[i] != '/' && path[i] != 0) continue;
    if (start < strlen(o->output_dir) + 1)
      PetscCheck((long)(i - start) <= name_max, comm, PETSC_ERR_USER_INPUT,
                 "-output_dir: a directory name of %zu characters, more than the %ld the file system allows", i - start,
                 name_max);
    else
      PetscCheck((long)(i - start) <= name_max, comm, PETSC_ERR_USER_INPUT,
                 "-output_name: the run's files would have names of %zu characters (with the suffix %s), more than the "
                 "%ld the file system allows",
                 i - start, suffix, name_max);
    start = i + 1;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SectionOptionsSet(MPI_Comm comm, DioSectionOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->order       = 1;
  o->bc_base     = DIO_BC_FIXED;
  o->bc_ends     = DIO_BC_ROLLER;
  o->bc_sides    = DIO_BC_ROLLER;
  o->bc_surface  = DIO_BC_FREE;
  o->progress    = DIO_LOG_NORMAL;
  o->loads.gravity       = 9.81;
  o->loads.water_density = 1025.0;
  o->loads.water_level   = 0.0;
  o->loads.sea_load      = PETSC_TRUE;
  o->loads.pore_pressure = PETSC_TRUE;
  PetscCall(PetscStrncpy(o->output_dir, "out", sizeof(o->output_dir)));
  PetscCall(PetscStrncpy(o->output_name, "bering", sizeof(o->output_name)));
  o->output_overwrite = PETSC_FALSE;
  PetscOptionsBegin(comm, NULL, "Strait section: element, boundary conditions, loads, output", "section");
  PetscCall(PetscOptionsString("-mesh_profile", "Profile CSV (distance_km, surface_elevation_m, ...); default: the embedded Bering Strait profile", "",
                               o->profile_path, o->profile_path, sizeof(o->profile_path), &o->has_profile));
  PetscCall(PetscOptionsInt("-mech_element_order", "Lagrange element order (1: Q1, 2: Q2)", "", o->order, &o->order, NULL));
  PetscCall(PetscOptionsEnum("-bc_base", "Condition on the base", "", DioBoundaryConditions, (PetscEnum)o->bc_base, (PetscEnum *)&o->bc_base, NULL));
  PetscCall(PetscOptionsEnum("-bc_ends", "Condition on the two ends of the section", "", DioBoundaryConditions, (PetscEnum)o->bc_ends, (PetscEnum *)&o->bc_ends, NULL));
  PetscCall(PetscOptionsEnum("-bc_surface", "Condition on the seabed / ground surface", "", DioBoundaryConditions, (PetscEnum)o->bc_surface,
                             (PetscEnum *)&o->bc_surface, NULL));
  PetscCall(PetscOptionsEnum("-bc_sides", "3D: condition on the two sides across the alignment", "", DioBoundaryConditions, (PetscEnum)o->bc_sides,
                             (PetscEnum *)&o->bc_sides, NULL));
  o->bc_east  = o->bc_ends;
  o->bc_north = o->bc_sides;
  PetscCall(PetscOptionsEnum("-bc_east", "Condition on the east end (x max) alone; default -bc_ends", "", DioBoundaryConditions, (PetscEnum)o->bc_east,
                             (PetscEnum *)&o->bc_east, NULL));
  PetscCall(PetscOptionsEnum("-bc_north", "3D: condition on the north side (y max) alone; default -bc_sides", "", DioBoundaryConditions, (PetscEnum)o->bc_north,
                             (PetscEnum *)&o->bc_north, NULL));
  PetscCall(PetscOptionsReal("-loads_gravity", "Gravitational acceleration (m/s2)", "", o->loads.gravity, &o->loads.gravity, NULL));
  PetscCall(PetscOptionsReal("-loads_water_density", "Density of sea and pore water (kg/m3)", "", o->loads.water_density, &o->loads.water_density, NULL));
  PetscCall(PetscOptionsReal("-loads_water_level", "Elevation of the sea surface and water table (m)", "", o->loads.water_level, &o->loads.water_level, NULL));
  PetscCall(PetscOptionsBool("-loads_sea", "Sea's weight as a pressure on the seabed", "", o->loads.sea_load, &o->loads.sea_load, NULL));
  PetscCall(PetscOptionsBool("-loads_pore_pressure", "Hydrostatic pore pressure in saturated layers", "", o->loads.pore_pressure, &o->loads.pore_pressure, NULL));
  PetscCall(PetscOptionsString("-output_dir", "Directory for the results", "", o->output_dir, o->output_dir, sizeof(o->output_dir), NULL));
  PetscCall(PetscOptionsString("-output_name", "Run name: <dir>/<name>.h5 and <dir>/<name>.xmf", "", o->output_name, o->output_name, sizeof(o->output_name), NULL));
  {
    const char *const levels[] = {"quiet", "normal", "verbose", "DioLogLevel", "DIO_LOG_", NULL};
    PetscEnum         level    = (PetscEnum)o->progress;
    PetscCall(PetscOptionsEnum("-progress", "Log detail: quiet (events and the end), normal (a line per step), verbose (+ solver detail)", "", levels, level, &level, NULL));
    o->progress = (PetscInt)level;
  }
  PetscCall(PetscOptionsBool("-output_overwrite", "Replace existing results of the same name", "", o->output_overwrite, &o->output_overwrite, NULL));
  PetscOptionsEnd();
  PetscCheck(o->order == 1 || o->order == 2, comm, PETSC_ERR_USER_INPUT, "-mech_element_order = %" PetscInt_FMT ": must be 1 (linear) or 2 (quadratic)", o->order);
  /* physical ranges: up to a geotechnical centrifuge's 100 g; from no water (0: dry) to dense brine; sea level
     within the Earth's relief */
  PetscCheck(o->loads.gravity >= 0 && o->loads.gravity <= 1000, comm, PETSC_ERR_USER_INPUT, "-loads_gravity = %g: must be >= 0 m/s2, in [0, 1000] m/s2",
             (double)o->loads.gravity);
  PetscCheck(o->loads.water_density >= 0 && o->loads.water_density <= 2000, comm, PETSC_ERR_USER_INPUT,
             "-loads_water_density = %g: must be >= 0 kg/m3, in [0, 2000] kg/m3", (double)o->loads.water_density);
  PetscCheck(PetscAbsReal(o->loads.water_level) <= 11000, comm, PETSC_ERR_USER_INPUT, "-loads_water_level = %g: must be in [-11000, 11000] m",
             (double)o->loads.water_level);
  PetscCall(OutputNameValidate(comm, o));
  PetscFunctionReturn(0);
}

/* Run metadata: what a reader of the file needs to trust and reproduce it. */
static PetscErrorCode WriteMetadata(DioOutput out, const DioRunInfo *run, const char problem[], PetscInt dim, PetscInt order, DioProfile profile, DioMaterialTable materials, PetscMPIInt size)
{
  char        buf[4096], *all_options = NULL, petsc_version[128];
  const char *source;
  PetscInt    num_layers;

  PetscFunctionBegin;
  PetscCall(DioOutputSetMetadata(out, "diomede_version", run->version));
  PetscCall(PetscGetVersion(petsc_version, sizeof(petsc_version)));
  PetscCall(DioOutputSetMetadata(out, "petsc_version", petsc_version));
  PetscCall(DioOutputSetMetadata(out, "problem", problem));
  PetscCall(DioOutputSetMetadata(out, "command_line", run->command_line ? run->command_line : ""));
  PetscCall(DioOutputSetMetadata(out, "case_file", run->case_file ? run->case_file : ""));
  PetscCall(PetscOptionsGetAll(NULL, &all_options));
  PetscCall(DioOutputSetMetadata(out, "options", all_options));
  PetscCall(PetscFree(all_options));
  PetscCall(DioOutputSetMetadata(out, "units", "SI: length m, displacement m, stress and pressure Pa, density kg/m3, time s"));
  PetscCall(DioOutputSetMetadata(out, "sign_convention",
                                 "stress positive in tension (compression negative); pore pressure positive in compression; "
                                 "total stress = effective_stress - pore_pressure I"));
  if (profile == NULL) PetscCall(PetscSNPrintf(buf, sizeof(buf), "%s: x, y (, z) of the mesh file, vertical axis y (2D) or z (3D)", dim == 2 ? "2D" : "3D"));
  else PetscCall(PetscSNPrintf(buf, sizeof(buf), dim == 2 ? "2D plane strain: x along the alignment from the Cape Dezhnev shore, y up (sea level 0)"
                                                     : "3D: x along the alignment from the Cape Dezhnev shore, y across, z up (sea level 0)"));
  PetscCall(DioOutputSetMetadata(out, "axes", buf));
  PetscCall(DioOutputSetMetadata(out, "tensor_components", "xx, yy, zz, xy, yz, xz (tensor shear strain)"));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "Q%d", (int)order));
  PetscCall(DioOutputSetMetadata(out, "element", buf));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%d", (int)size));
  PetscCall(DioOutputSetMetadata(out, "mpi_ranks", buf));
  if (profile) PetscCall(DioProfileGetSource(profile, &source));
  PetscCall(DioOutputSetMetadata(out, "profile", profile ? source : "none (imported mesh)"));
  PetscCall(DioMaterialTableGetNumLayers(materials, &num_layers));
  buf[0] = 0;
  for (PetscInt l = 0; l < num_layers; l++) {
    const DioLayerMaterial *m;
    char                    item[128];
    PetscCall(DioMaterialTableGetLayer(materials, l, &m));
    PetscCall(PetscSNPrintf(item, sizeof(item), "%s%d=%s", l ? ", " : "", (int)l, m->name));
    PetscCall(PetscStrlcat(buf, item, sizeof(buf)));
  }
  PetscCall(DioOutputSetMetadata(out, "layer_names", buf));
  PetscFunctionReturn(0);
}

/* Global min / max of a strided array. */
PetscErrorCode DioRangeOf(MPI_Comm comm, PetscInt n, PetscInt stride, const PetscReal values[], PetscReal *lo, PetscReal *hi)
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


/* One log line (or several) on rank 0 when the run's -progress level includes `level`. */
PetscErrorCode DioSectionLog(const DioSection *sec, DioLogLevel level, const char format[], ...)
{
  char    line[2048];
  size_t  length;
  va_list args;

  PetscFunctionBegin;
  if ((PetscInt)level > sec->opts.progress) PetscFunctionReturn(0);
  va_start(args, format);
  PetscCall(PetscVSNPrintf(line, sizeof(line), format, &length, args));
  va_end(args);
  PetscCall(PetscPrintf(sec->comm, "%s", line));
  PetscFunctionReturn(0);
}

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
  if (!run->check_only) PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "diomede %s | %s | %d MPI ranks x %d OpenMP threads\n", run->version, problem, (int)size, threads));
  PetscCall(SectionOptionsSet(comm, &sec->opts));
  PetscFunctionReturn(0);
}

PetscErrorCode DioSectionCreate(MPI_Comm comm, const DioRunInfo *run, const char problem[], const char extra_layer[], DioSection *sec)
{
  PetscInt           num_layers;
  const char *const *layer_names;

  PetscFunctionBegin;
  PetscCall(SectionCreateCommon(comm, run, problem, sec));
  if (sec->opts.has_profile) PetscCall(DioProfileCreateFromFile(comm, sec->opts.profile_path, &sec->profile));
  else PetscCall(DioProfileCreateDefault(comm, &sec->profile));
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
  } else PetscCall(DioMaterialTableCreate(comm, num_layers, layer_names, &sec->materials));
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
  sec->extra_layer             = -1;
  sec->opts.loads.sea_load     = PETSC_FALSE;
  PetscCall(PetscNew(&sec->imported));
  im = sec->imported;
  PetscOptionsBegin(comm, NULL, "Imported mesh", "mesh");
  PetscCall(PetscOptionsString("-mesh_file", "Gmsh mesh (.msh 2.2 or 4.1, ASCII or binary) with named physical groups: cells -> materials, faces -> boundaries",
                               "", im->path, im->path, sizeof(im->path), &has_file));
  PetscCall(PetscOptionsBool("-mech_plane_stress", "2D: plane stress (sigma_zz = 0) instead of plane strain (eps_zz = 0)", "", im->plane_stress, &im->plane_stress, NULL));
  PetscCall(PetscOptionsRealArray("-initial_stress_components", "Uniform initial effective stress xx,yy,zz[,xy,yz,xz] (Pa, tension positive; default none)", "",
                                  im->initial_stress, &n, &im->has_initial_stress));
  PetscOptionsEnd();
  PetscCheck(has_file && im->path[0], comm, PETSC_ERR_USER_INPUT, "-problem mesh needs -mesh_file <file.msh> (mesh: {file: ...} in a case file)");
  PetscCheck(!im->has_initial_stress || n >= 3, comm, PETSC_ERR_USER_INPUT, "-initial_stress_components: %" PetscInt_FMT " values given, need xx,yy,zz[,xy,yz,xz]", n);
  PetscCall(DioLogStageGet("Mesh", &stage_mesh));
  PetscCall(PetscLogStagePush(stage_mesh));
  PetscCall(DioMeshCreateFromGmsh(comm, im->path, &im->regions, &im->dm));
  PetscCall(PetscLogStagePop());
  PetscCall(DMGetDimension(im->dm, &dim));
  PetscCheck(!im->plane_stress || dim == 2, comm, PETSC_ERR_USER_INPUT, "-mech_plane_stress: '%s' is a %" PetscInt_FMT "D mesh; plane stress needs a 2D one", im->path, dim);
  PetscCall(DioMaterialTableCreate(comm, im->regions.num_layers, (const char *const *)im->regions.layer_names, &sec->materials));
  PetscCall(DioNamedBoundariesRead(comm, &im->regions, dim, &im->boundaries));
  PetscCall(DioNamedBoundariesCheck(sec));
  PetscCall(DioSectionRefuseDrainage(sec));
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
  PetscCall(PetscSNPrintf(what, sizeof(what), "section x = %.0f .. %.0f m, base %.0f m, profile %s", (double)sec->mesh_opts.x_min_m, (double)sec->mesh_opts.x_max_m,
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
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[mesh]      %dD %s: %" PetscInt_FMT " cells, %.2f s\n", (int)sec->dim, description, sec->num_cells, mesh_seconds));
  if (sec->opts.progress >= DIO_LOG_NORMAL) PetscCall(DioMaterialTableView(sec->materials, PETSC_VIEWER_STDOUT_(sec->comm)));

  PetscCall(DioElasticityCreate(sec->dm, sec->opts.order, sec->materials, &sec->elas));
  PetscCall(DioElasticitySetLoads(sec->elas, &sec->opts.loads));
  if (sec->imported) {
    PetscCall(DioElasticitySetPlaneStress(sec->elas, sec->imported->plane_stress));
    PetscCall(DioNamedBoundariesConstrain(sec));
    PetscCall(DioElasticitySetUp(sec->elas));
    PetscCall(DioNamedBoundariesLoad(sec));
    if (sec->imported->has_initial_stress) PetscCall(DioElasticitySetUniformInitialStress(sec->elas, sec->imported->initial_stress));
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

/* Test hook (tests/mpi/check_signals_unstaged.py): DIO_TEST_SIGNAL_IN_SOLVE=<step>[:<signal number>] makes rank 0
   raise that signal (default SIGTERM) as the solve of that step starts, i.e. a signal that arrives during a solve. */
static void TestSignalInSolve(MPI_Comm comm, PetscInt step)
{
  const char *hook = getenv("DIO_TEST_SIGNAL_IN_SOLVE");
  PetscMPIInt rank;
  char       *end;
  long        at, number = SIGTERM;

  if (!hook) return;
  at = strtol(hook, &end, 10);
  if (*end == ':') number = strtol(end + 1, NULL, 10);
  if (MPI_Comm_rank(comm, &rank) == MPI_SUCCESS && rank == 0 && at == (long)step) (void)raise((int)number);
}

/* One solve (stage "Solve") and its progress line: step k/N, time, iterations, wall time, ETA. Collective. */
PetscErrorCode DioSectionSolve(DioSection *sec, Vec u, PetscInt step, PetscInt num_steps, PetscReal time, const char what[])
{
  PetscLogStage  stage_solve;
  DioSolveInfo   info;
  PetscLogDouble t0, t1;
  const char *const fmt = "[step %3" PetscInt_FMT "/%" PetscInt_FMT "] t = %10.4g d  %-26s KSP %3" PetscInt_FMT " its%s, assembly %.2f s, solve %.2f s, wall %.1f s, ETA %.0f s\n";

  PetscFunctionBegin;
  PetscCall(DioLogStageGet("Solve", &stage_solve));
  PetscCall(PetscTime(&t0));
  PetscCall(PetscLogStagePush(stage_solve));
  TestSignalInSolve(sec->comm, step);
  PetscCall(DioElasticitySolve(sec->elas, u, &info));
  PetscCall(PetscLogStagePop());
  sec->total_iterations += info.iterations;
  sec->total_newton_iterations += info.newton_iterations;
  sec->num_solves++;
  if (info.nonlinear)
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "            Newton %3" PetscInt_FMT " its in %" PetscInt_FMT " load increments (%" PetscInt_FMT " cut back), %" PetscInt_FMT
                                                 " quadrature points yielding\n", info.newton_iterations, info.load_increments, info.cutbacks, info.yielded_points));
  PetscCall(DioSectionLog(sec, DIO_LOG_VERBOSE, "            KSP %s: residual %.3e, right-hand side %.3e (scaled by the largest modulus)\n", KSPConvergedReasons[info.reason],
                          (double)info.residual_norm, (double)info.rhs_norm));
  PetscCall(PetscTime(&t1));
  {
    const PetscLogDouble wall = t1 - sec->t_start, per_step = t1 - t0;
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, fmt, step, num_steps, (double)(time / 86400.0), what, info.iterations,
                          info.preconditioner_kept ? " (preconditioner kept)" : "", info.assembly_seconds, info.solve_seconds, wall,
                          (double)(num_steps - step) * per_step));
  }
  PetscFunctionReturn(0);
}

/* Metadata, mesh and static cell fields (layer, permafrost, rank, modulus, stage) of a new or continued output. */
static PetscErrorCode SectionOutputFill(DioSection *sec, const PetscInt stage[], DioOutput *out)
{
  const DioMeshTopology *topo = &sec->topology;
  PetscInt              *layer_ids, *frozen, *ranks, cStart;
  PetscReal             *modulus;
  DMLabel                layer_label, frozen_label;
  PetscMPIInt            rank, size;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
  PetscCallMPI(MPI_Comm_size(sec->comm, &size));
  PetscCall(WriteMetadata(*out, sec->run, sec->problem, sec->dim, sec->opts.order, sec->profile, sec->materials, size));
  PetscCall(DioOutputWriteMesh(*out, sec->dim, topo->num_vertices, topo->vertex_offset, topo->num_vertices_global, topo->vertex_coords, topo->num_cells,
                               topo->cell_offset, topo->num_cells_global, topo->vertices_per_cell, topo->cell_vertices));
  PetscCall(PetscMalloc4(topo->num_cells, &layer_ids, topo->num_cells, &frozen, topo->num_cells, &ranks, topo->num_cells, &modulus));
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_LAYER, &layer_label));
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_PERMAFROST, &frozen_label));
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < topo->num_cells; c++) {
    const DioLayerMaterial *m;
    PetscInt                value = -1;
    PetscCall(DMLabelGetValue(layer_label, cStart + c, &layer_ids[c]));
    PetscCall(DioMaterialTableGetLayer(sec->materials, layer_ids[c] < 0 ? 0 : layer_ids[c], &m));
    modulus[c] = m->youngs_modulus;
    if (frozen_label) PetscCall(DMLabelGetValue(frozen_label, cStart + c, &value));
    frozen[c] = value == 1;
    ranks[c]  = rank;
  }
  PetscCall(DioOutputWriteIntField(*out, "layer", DIO_OUTPUT_CELL, layer_ids));
  PetscCall(DioOutputWriteIntField(*out, "permafrost", DIO_OUTPUT_CELL, frozen));
  PetscCall(DioOutputWriteIntField(*out, "rank", DIO_OUTPUT_CELL, ranks));
  PetscCall(DioOutputWriteField(*out, "youngs_modulus", DIO_OUTPUT_CELL, 1, "Pa", modulus));
  if (stage) PetscCall(DioOutputWriteIntField(*out, "excavation_stage", DIO_OUTPUT_CELL, stage));
  PetscCall(PetscFree4(layer_ids, frozen, ranks, modulus));
  PetscFunctionReturn(0);
}

/* Create the run's output: metadata, mesh and static cell fields (layer, permafrost, rank, modulus, stage). */
PetscErrorCode DioSectionOutputOpen(DioSection *sec, const PetscInt stage[], DioOutput *out)
{
  PetscFunctionBegin;
  PetscCall(DioOutputCreate(sec->comm, sec->opts.output_dir, sec->opts.output_name, sec->opts.output_overwrite, out));
  PetscCall(SectionOutputFill(sec, stage, out));
  PetscFunctionReturn(0);
}

/* The whole output of a run with one state: opens it, writes u as step 0 at time 0 (U = u), logs the paths and the time
   taken, and closes it. Returns the smallest vertical displacement (largest settlement) if asked. Collective. */
PetscErrorCode DioSectionOutputSingleStep(DioSection *sec, Vec u, PetscReal *displacement_vertical_min)
{
  DioOutput      out;
  PetscLogDouble t0, t1;
  const char    *h5, *xmf;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  PetscCall(DioSectionOutputOpen(sec, NULL, &out));
  PetscCall(DioSectionOutputStep(sec, out, u, u, 0, 0.0, NULL, displacement_vertical_min));
  PetscCall(DioOutputGetPaths(out, &h5, &xmf));
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[output]    %s and %s, %.2f s\n", h5, xmf, t1 - t0));
  PetscCall(DioOutputDestroy(&out));
  PetscFunctionReturn(0);
}

/* The end of a run with one state: the summary of u on the terminal, the summary file with the run's one result
   (key, value), and the wall time. Collective. */
PetscErrorCode DioSectionFinishSingleStep(DioSection *sec, Vec u, const char key[], PetscReal value)
{
  DioSummary     summary;
  PetscLogDouble t1;
  PetscBool      stop;

  PetscFunctionBegin;
  /* the one safe point of a single-solve run: a signal during set-up or the solve ends it here, exit code 75 */
  PetscCall(DioSectionStopPoint(sec, "the solve", &stop));
  PetscCall(DioSectionPrintSummary(sec, u));
  PetscCall(DioSectionSummaryBegin(sec, &summary));
  PetscCall(DioSummaryAddReal(summary, key, value));
  PetscCall(DioSummaryWriteAndDestroy(&summary));
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec->t_start));
  PetscFunctionReturn(0);
}

/* A restarted run continues its own output (one time series): the steps after last_step, written by the
   interrupted run after its checkpoint, are dropped. *appended is PETSC_FALSE when there was no output to continue
   (a checkpoint from elsewhere): a new output is created and the caller writes step last_step to it. Collective. */
PetscErrorCode DioSectionOutputContinue(DioSection *sec, const PetscInt stage[], PetscInt last_step, DioOutput *out, PetscBool *appended)
{
  PetscFunctionBegin;
  PetscCall(DioOutputReopen(sec->comm, sec->opts.output_dir, sec->opts.output_name, last_step, out));
  *appended = (PetscBool)(*out != NULL);
  if (*out == NULL) PetscCall(DioOutputCreate(sec->comm, sec->opts.output_dir, sec->opts.output_name, sec->opts.output_overwrite, out));
  PetscCall(SectionOutputFill(sec, stage, out));
  {
    char text[32];
    PetscCall(PetscSNPrintf(text, sizeof(text), "%" PetscInt_FMT, last_step));
    PetscCall(DioOutputSetMetadata(*out, "restarted_after_step", text));
  }
  PetscFunctionReturn(0);
}

/* One output step: the displacement U (accumulated since the initial state), the stresses of the current initial
   stress plus the increment u solved last, strain, pore pressure, sigma'_v, sigma'_h, their ratio, and the excavated
   flag when given. Returns the smallest vertical displacement (largest settlement) if asked. */
PetscErrorCode DioSectionOutputStep(DioSection *sec, DioOutput out, Vec U, Vec u, PetscInt step, PetscReal time, const PetscInt excavated[],
                                    PetscReal *displacement_vertical_min)
{
  PetscFunctionBegin;
  PetscCall(DioOutputBeginStep(out, step, time));
  PetscCall(DioSectionWriteStepFields(sec, out, U, u, excavated, displacement_vertical_min));
  PetscCall(DioOutputEndStep(out));
  PetscFunctionReturn(0);
}

/* The mechanical fields of a step between DioOutputBeginStep() and DioOutputEndStep() (problems that add their own). */
PetscErrorCode DioSectionWriteStepFields(DioSection *sec, DioOutput out, Vec U, Vec u, const PetscInt excavated[], PetscReal *displacement_vertical_min)
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscInt         dim  = sec->dim;
  DioElasCellFields      cf;
  PetscReal             *displacement, *sv, *sh, *ratio, hi;

  PetscFunctionBegin;
  PetscCall(DioElasticityComputeCellFields(sec->elas, u, &cf));
  PetscCall(PetscMalloc1(3 * topo->num_vertices, &displacement));
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, U, topo->num_vertices, topo->vertex_points, displacement));
  PetscCall(PetscMalloc3(topo->num_cells, &sv, topo->num_cells, &sh, topo->num_cells, &ratio));
  for (PetscInt c = 0; c < topo->num_cells; c++) {
    const PetscReal *s = &cf.effective_stress[6 * c];
    /* vertical: yy in 2D, zz in 3D; horizontal along the alignment: xx */
    sv[c] = s[dim - 1];
    sh[c] = s[0];
    /* sigma'_v vanishes at the seabed; a ratio there means nothing */
    ratio[c] = PetscAbsReal(sv[c]) > 1.0 ? sh[c] / sv[c] : 0.0;
  }
  PetscCall(DioOutputWriteField(out, "displacement", DIO_OUTPUT_VERTEX, 3, "m", displacement));
  PetscCall(DioOutputWriteField(out, "stress", DIO_OUTPUT_CELL, 6, "Pa", cf.total_stress));
  PetscCall(DioOutputWriteField(out, "effective_stress", DIO_OUTPUT_CELL, 6, "Pa", cf.effective_stress));
  PetscCall(DioOutputWriteField(out, "strain", DIO_OUTPUT_CELL, 6, "-", cf.strain));
  PetscCall(DioOutputWriteField(out, "pore_pressure", DIO_OUTPUT_CELL, 1, "Pa", cf.pore_pressure));
  PetscCall(DioOutputWriteField(out, "effective_stress_vertical", DIO_OUTPUT_CELL, 1, "Pa", sv));
  PetscCall(DioOutputWriteField(out, "effective_stress_horizontal", DIO_OUTPUT_CELL, 1, "Pa", sh));
  PetscCall(DioOutputWriteField(out, "stress_ratio_h_v", DIO_OUTPUT_CELL, 1, "-", ratio));
  if (cf.plastic_strain) {
    PetscCall(DioOutputWriteField(out, "plastic_strain", DIO_OUTPUT_CELL, 1, "-", cf.plastic_strain));
    PetscCall(DioOutputWriteField(out, "yield_fraction", DIO_OUTPUT_CELL, 1, "-", cf.yield_fraction));
    PetscCall(DioRangeOf(sec->comm, topo->num_cells, 1, cf.plastic_strain, &hi, &sec->max_plastic_strain));
  }
  if (excavated) PetscCall(DioOutputWriteIntField(out, "excavated", DIO_OUTPUT_CELL, excavated));
  if (sec->imported && !cf.plastic_strain) {
    /* the stress at the vertices, averaged over the cells around each (what a benchmark reports at a point) */
    PetscReal *vertex_stress;
    PetscCall(PetscMalloc1(6 * topo->num_vertices + 1, &vertex_stress));
    PetscCall(DioElasticityComputeVertexStress(sec->elas, u, topo->num_vertices, topo->vertex_points, vertex_stress));
    PetscCall(DioOutputWriteField(out, "effective_stress_vertex", DIO_OUTPUT_VERTEX, 6, "Pa", vertex_stress));
    PetscCall(PetscFree(vertex_stress));
  }
  if (displacement_vertical_min) PetscCall(DioRangeOf(sec->comm, topo->num_vertices, 3, displacement + (dim - 1), displacement_vertical_min, &hi));
  PetscCall(PetscFree3(sv, sh, ratio));
  PetscCall(PetscFree(displacement));
  PetscCall(DioElasCellFieldsDestroy(&cf));
  PetscFunctionReturn(0);
}

/* Ranges a user checks first in the log. Collective. */
PetscErrorCode DioSectionPrintSummary(DioSection *sec, Vec u)
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscInt         dim  = sec->dim;
  DioElasCellFields      cf;
  PetscReal              lo, hi;

  PetscFunctionBegin;
  PetscCall(DioElasticityComputeCellFields(sec->elas, u, &cf));
  PetscCall(DioRangeOf(sec->comm, topo->num_cells, 6, cf.effective_stress + (dim - 1), &lo, &hi));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[result]    vertical effective stress %.4g .. %.4g MPa (compression negative)\n", (double)(lo / 1e6), (double)(hi / 1e6)));
  PetscCall(DioRangeOf(sec->comm, topo->num_cells, 6, cf.total_stress + (dim - 1), &lo, &hi));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[result]    vertical total stress %.4g .. %.4g MPa\n", (double)(lo / 1e6), (double)(hi / 1e6)));
  PetscCall(DioRangeOf(sec->comm, topo->num_cells, 1, cf.pore_pressure, &lo, &hi));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[result]    pore pressure %.4g .. %.4g MPa\n", (double)(lo / 1e6), (double)(hi / 1e6)));
  PetscCall(DioElasCellFieldsDestroy(&cf));
  PetscFunctionReturn(0);
}

/* The run summary with what every problem reports: inputs, size, iterations, wall time. Finish it with
   DioSummaryWriteAndDestroy(). Collective. */
PetscErrorCode DioSectionSummaryBegin(DioSection *sec, DioSummary *summary)
{
  PetscMPIInt    size;
  PetscLogDouble now;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(sec->comm, &size));
  PetscCall(PetscTime(&now));
  PetscCall(DioSummaryCreate(sec->comm, sec->opts.output_dir, sec->opts.output_name, summary));
  PetscCall(DioSummaryAddString(*summary, "diomede_version", sec->run->version));
  PetscCall(DioSummaryAddString(*summary, "problem", sec->problem));
  PetscCall(DioSummaryAddString(*summary, "case_file", sec->run->case_file ? sec->run->case_file : ""));
  PetscCall(DioSummaryAddOptions(*summary));
  PetscCall(DioSummaryAddReal(*summary, "mpi_ranks", size));
  PetscCall(DioSummaryAddReal(*summary, "cells", sec->num_cells));
  PetscCall(DioSummaryAddReal(*summary, "dofs", sec->num_dofs));
  PetscCall(DioSummaryAddReal(*summary, "solves", sec->num_solves));
  PetscCall(DioSummaryAddReal(*summary, "ksp_iterations_total", sec->total_iterations));
  PetscCall(DioSummaryAddReal(*summary, "newton_iterations_total", sec->total_newton_iterations));
  PetscCall(DioSummaryAddReal(*summary, "max_plastic_strain", sec->max_plastic_strain));
  PetscCall(DioSummaryAddReal(*summary, "wall_time_s", sec->wall_before + now - sec->t_start));
  PetscCall(DioSummaryAddReal(*summary, "restarts", sec->restarts));
  /* 1: a signal stopped the run early (exit code 75); the results are those of the last step done */
  PetscCall(DioSummaryAddReal(*summary, "stopped_on_signal", sec->run->stopped && *sec->run->stopped ? 1 : 0));
  {
    PetscReal peak;
    PetscCall(DioSystemPeakMemory(sec->comm, &peak));
    PetscCall(DioSummaryAddReal(*summary, "peak_memory_per_rank_bytes", peak));
    /* problems that estimate their size before the build (DioSectionRunSize()) */
    if (sec->size.memory_per_rank_bytes > 0) {
      PetscCall(DioSummaryAddReal(*summary, "estimated_peak_memory_per_rank_bytes", sec->size.memory_per_rank_bytes));
      PetscCall(DioSummaryAddReal(*summary, "resident_memory_at_estimate_bytes", sec->size.resident_bytes));
      PetscCall(DioSummaryAddReal(*summary, "estimated_output_bytes", sec->size.output_bytes));
    }
  }
  PetscFunctionReturn(0);
}

/* The layers at the chainage, from the top down: sediment, weathered rock, bedrock. */
PetscErrorCode DioSectionLayerStackAt(const DioSection *sec, PetscReal x, DioLayerStack *stack)
{
  DioProfileSample sample;
  PetscReal        top;

  PetscFunctionBegin;
  PetscCall(DioProfileSampleAt(sec->profile, x, &sample));
  top               = sample.surface_elevation_m;
  stack->num_layers = 0;
  stack->permafrost_base_depth_m = sample.permafrost_base_depth_m;
  if (sample.sediment_thickness_m > 0) {
    stack->top_elevation_m[stack->num_layers] = top;
    stack->layer_id[stack->num_layers++]      = top < sec->opts.loads.water_level ? DIO_LAYER_SEABED_SEDIMENT : DIO_LAYER_COASTAL_SEDIMENT;
    top -= sample.sediment_thickness_m;
  }
  stack->top_elevation_m[stack->num_layers] = top;
  stack->layer_id[stack->num_layers++]      = DIO_LAYER_WEATHERED_ROCK;
  stack->top_elevation_m[stack->num_layers] = top - sec->mesh_opts.weathered_thickness_m;
  stack->layer_id[stack->num_layers++]      = sample.bedrock_layer;
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
  PetscFunctionReturn(0);
}

/* Bottom of a tunnel model (transverse section, 3D segment): -mesh_base_elevation when given, else five diameters
   below the axis. */
PetscErrorCode DioSectionTunnelBase(const DioSection *sec, PetscReal diameter_m, PetscReal *base_elevation_m)
{
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasName(NULL, NULL, "-mesh_base_elevation", &set));
  *base_elevation_m = set ? sec->mesh_opts.base_elevation_m : sec->mesh_opts.axis_elevation_m - 5 * diameter_m;
  PetscFunctionReturn(0);
}

/* The geometry of a tunnel section's O-grid at chainage_m (transverse section, 3D segment): stack receives the
   profile's layers there, topts (zeroed first) the axis at -mesh_axis_elevation, the radius and lining of the tunnel,
   the ground surface of the stack as its top and DioSectionTunnelBase() as its base. The caller may change the
   geometry, then reads the -mesh_ options with DioTransverseOptionsSetFromOptions(). */
PetscErrorCode DioSectionTunnelGeometry(const DioSection *sec, PetscReal chainage_m, PetscReal diameter_m,
                                        PetscReal lining_thickness_m, DioLayerStack *stack, DioTransverseOptions *topts)
{
  PetscReal   x_min, x_max;
  const char *source;

  PetscFunctionBegin;
  PetscCall(DioProfileGetRange(sec->profile, &x_min, &x_max));
  PetscCall(DioProfileGetSource(sec->profile, &source));
  PetscCheck(chainage_m >= x_min && chainage_m <= x_max, sec->comm, PETSC_ERR_USER_INPUT,
             "-tunnel_chainage = %g m: must lie within the profile %s, %g .. %g m", (double)chainage_m, source,
             (double)x_min, (double)x_max);
  PetscCheck(diameter_m > 0 && diameter_m < PETSC_MAX_REAL, sec->comm, PETSC_ERR_USER_INPUT,
             "-tunnel_diameter = %g: must be > 0 m", (double)diameter_m);
  PetscCall(PetscMemzero(topts, sizeof(*topts)));
  PetscCall(DioSectionLayerStackAt(sec, chainage_m, stack));
  topts->axis_elevation_m    = sec->mesh_opts.axis_elevation_m;
  topts->radius_m            = 0.5 * diameter_m;
  topts->lining_thickness_m  = lining_thickness_m;
  topts->surface_elevation_m = stack->top_elevation_m[0];
  PetscCall(DioSectionTunnelBase(sec, diameter_m, &topts->base_elevation_m));
  PetscFunctionReturn(0);
}

/*
  DioSectionTunnelGeometryValidate - the bore of a tunnel section inside the ground, before the mesh validates its own
  options: above the base by a radius of ground, below the surface with the cover the O-grid keeps over the crown (the
  larger of 0.5 m and the lining thickness), narrower than the model; messages name the options and carry the numbers.
  top_from_depth: the top of the model is -tunnel_depth above the axis (uniform initial stress), not the ground.
  Collective.
*/
PetscErrorCode DioSectionTunnelGeometryValidate(const DioSection *sec, PetscReal chainage_m,
                                                const DioTransverseOptions *topts, PetscBool top_from_depth)
{
  char top[128];

  const PetscReal R = topts->radius_m, axis = topts->axis_elevation_m, cover = PetscMax(0.5, topts->lining_thickness_m);
  PetscReal       half_width = DIO_TRANSVERSE_HALF_WIDTH_DEFAULT;

  PetscFunctionBegin;
  PetscCheck(topts->base_elevation_m < axis - 2 * R, sec->comm, PETSC_ERR_USER_INPUT,
             "-mesh_base_elevation %g m: must lie below %g m, a radius of ground under the invert "
             "(-mesh_axis_elevation %g m, -tunnel_diameter %g m)",
             (double)topts->base_elevation_m, (double)(axis - 2 * R), (double)axis, (double)(2 * R));
  if (top_from_depth)
    PetscCall(PetscSNPrintf(top, sizeof(top), "the top of the model, -tunnel_depth %g m above the axis",
                            (double)(topts->surface_elevation_m - axis)));
  else
    PetscCall(PetscSNPrintf(top, sizeof(top), "the ground surface at -tunnel_chainage %g m, %g m", (double)chainage_m,
                            (double)topts->surface_elevation_m));
  PetscCheck(axis + R + cover < topts->surface_elevation_m, sec->comm, PETSC_ERR_USER_INPUT,
             "-mesh_axis_elevation %g m, -tunnel_diameter %g m: the crown at %g m needs %g m of cover below %s",
             (double)axis, (double)(2 * R), (double)(axis + R), (double)cover, top);
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-mesh_half_width", &half_width, NULL));
  PetscCheck(!(half_width <= 2 * R), sec->comm, PETSC_ERR_USER_INPUT,
             "-tunnel_diameter %g m: the bore must be smaller than the model, whose half width (-mesh_half_width) is "
             "%g m (at least a diameter)",
             (double)(2 * R), (double)half_width);
  PetscFunctionReturn(0);
}

/* Sort keys for matching points between partitions: coordinates rounded to a micrometre. */
typedef struct {
  long long key[3];
  PetscInt  index;
} PointKey;

static int ComparePointKeys(const void *a, const void *b)
{
  const PointKey *p = (const PointKey *)a, *q = (const PointKey *)b;
  for (int d = 0; d < 3; d++) {
    if (p->key[d] != q->key[d]) return p->key[d] < q->key[d] ? -1 : 1;
  }
  return 0;
}

static void MakeKey(const PetscReal X[], PetscInt dim, PetscInt index, PointKey *k)
{
  for (PetscInt d = 0; d < 3; d++) k->key[d] = d < dim ? llround((double)X[d] * 1e6) : 0;
  k->index = index;
}

/* Cell centroids [num_cells][3] of this rank. */
static PetscErrorCode CellCentroids(const DioSection *sec, PetscReal **centroids)
{
  PetscInt cStart;

  PetscFunctionBegin;
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  PetscCall(PetscCalloc1(3 * sec->topology.num_cells + 1, centroids)); /* z stays 0 in 2D: FVM fills dim components */
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) PetscCall(DMPlexComputeCellGeometryFVM(sec->dm, cStart + c, NULL, &(*centroids)[3 * c], NULL));
  PetscFunctionReturn(0);
}

/*
  DioSectionCheckpointWrite - the state after `stage`: the accumulated displacement U with its node coordinates and
  the initial stress of every cell with its centroid, so that a restart on any number of ranks finds its own points.
  An elastoplastic run adds its committed state: per quadrature point the stress, plastic strain and yield indicator
  (cell rows, like the initial stress) and the committed displacement (node rows, like U). Collective.
*/
PetscErrorCode DioSectionCheckpointWrite(DioSection *sec, const char path[], PetscInt stage, Vec U)
{
  Vec               coords, u_committed, vecs[12], owned[5];
  PetscReal        *centroids, *stress, *plastic_stress, *plastic_strain, *yield;
  PetscInt          nq, nq_plastic, num_vecs = 4, num_owned = 0;
  const PetscInt    n_cells        = sec->topology.num_cells;
  const char       *names[12]      = {"node_coordinates", "displacement",   "cell_centroids", "initial_stress",
                                      "plastic_stress",   "plastic_strain", "plastic_yield",  "plastic_displacement"};
  const char *const int_names[7]   = {"stage", "cells", "solves", "ksp_iterations", "wall_ms", "restarts", "newton_iterations"};
  PetscInt          ints[7]        = {stage, sec->num_cells, sec->num_solves, sec->total_iterations, 0, sec->restarts, sec->total_newton_iterations};
  PetscLogDouble    now;

  PetscFunctionBegin;
  /* the run's totals so far, so that the summary of a restarted run covers the whole run */
  PetscCall(PetscTime(&now));
  ints[4] = (PetscInt)(1e3 * (sec->wall_before + now - sec->t_start));
  PetscCall(DioElasticityGetNodeCoordinates(sec->elas, &coords));
  PetscCall(DioElasticityGetInitialStress(sec->elas, &nq, &stress));
  PetscCall(DioElasticityGetPlasticState(sec->elas, &nq_plastic, &plastic_stress, &plastic_strain, &yield, &u_committed));
  PetscCall(CellCentroids(sec, &centroids));
  PetscCall(VecCreateMPIWithArray(sec->comm, 1, 3 * n_cells, PETSC_DECIDE, centroids, &owned[num_owned++]));
  PetscCall(VecCreateMPIWithArray(sec->comm, 1, 6 * nq * n_cells, PETSC_DECIDE, stress, &owned[num_owned++]));
  vecs[0] = coords;
  vecs[1] = U;
  vecs[2] = owned[0];
  vecs[3] = owned[1];
  if (u_committed) {
    PetscCall(VecCreateMPIWithArray(sec->comm, 1, 6 * nq_plastic * n_cells, PETSC_DECIDE, plastic_stress, &owned[num_owned++]));
    PetscCall(VecCreateMPIWithArray(sec->comm, 1, 6 * nq_plastic * n_cells, PETSC_DECIDE, plastic_strain, &owned[num_owned++]));
    PetscCall(VecCreateMPIWithArray(sec->comm, 1, nq_plastic * n_cells, PETSC_DECIDE, yield, &owned[num_owned++]));
    vecs[num_vecs++] = owned[2];
    vecs[num_vecs++] = owned[3];
    vecs[num_vecs++] = owned[4];
    vecs[num_vecs++] = u_committed;
  }
  for (PetscInt k = 0; k < sec->num_checkpoint_extra; k++) {
    names[num_vecs]  = sec->checkpoint_extra_names[k];
    vecs[num_vecs++] = sec->checkpoint_extra[k];
  }
  PetscCall(DioCheckpointWrite(sec->comm, path, sec->model, num_vecs, (const char *const *)names, vecs, 7, int_names, ints));
  for (PetscInt k = 0; k < num_owned; k++) PetscCall(VecDestroy(&owned[k]));
  PetscCall(PetscFree(centroids));
  PetscFunctionReturn(0);
}

/* Keys of the rows of checkpoint array `name` (rows of `width` values, the first dim of them coordinates), sorted;
   *n_all rows. Free *keys after use. */
static PetscErrorCode ReadSortedKeys(MPI_Comm comm, const char path[], const char name[], PetscInt width, PetscInt dim, PetscInt *n_all, PointKey **keys)
{
  Vec                all;
  const PetscScalar *values;

  PetscFunctionBegin;
  PetscCall(DioCheckpointReadArray(comm, path, name, &all));
  PetscCall(VecGetSize(all, n_all));
  *n_all /= width;
  PetscCall(PetscMalloc1(*n_all + 1, keys));
  PetscCall(VecGetArrayRead(all, &values));
  for (PetscInt i = 0; i < *n_all; i++) {
    PetscReal X[3] = {0, 0, 0};
    for (PetscInt d = 0; d < dim; d++) X[d] = PetscRealPart(values[i * width + d]);
    MakeKey(X, dim, i, &(*keys)[i]);
  }
  PetscCall(VecRestoreArrayRead(all, &values));
  PetscCall(VecDestroy(&all));
  qsort(*keys, (size_t)*n_all, sizeof(PointKey), ComparePointKeys);
  PetscFunctionReturn(0);
}

/* Read the checkpoint array `name` (rows of `width` values, keyed by the sorted all_keys[n_all]) and copy its rows to
   the local rows with keys local_keys[n_local]; *missing: local rows without a match. */
static PetscErrorCode ReadMatchedRows(MPI_Comm comm, const char path[], const char name[], PetscInt n_all, const PointKey all_keys[], PetscInt n_local,
                                      const PointKey local_keys[], PetscInt width, PetscScalar local[], PetscInt *missing)
{
  Vec                all;
  const PetscScalar *values;
  PetscInt           size;

  PetscFunctionBegin;
  PetscCall(DioCheckpointReadArray(comm, path, name, &all));
  PetscCall(VecGetSize(all, &size));
  PetscCheck(size == n_all * width, comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s': array %s holds %" PetscInt_FMT " values, this run expects %" PetscInt_FMT ": use the same mesh and element options", path, name, size,
             n_all * width);
  PetscCall(VecGetArrayRead(all, &values));
  *missing = 0;
  for (PetscInt i = 0; i < n_local; i++) {
    const PointKey *hit = (const PointKey *)bsearch(&local_keys[i], all_keys, (size_t)n_all, sizeof(PointKey), ComparePointKeys);
    if (!hit) {
      (*missing)++;
      continue;
    }
    for (PetscInt k = 0; k < width; k++) local[i * width + k] = values[hit->index * width + k];
  }
  PetscCall(VecRestoreArrayRead(all, &values));
  PetscCall(VecDestroy(&all));
  PetscFunctionReturn(0);
}

/* The sorted keys of the checkpoint's node array coords_name (*n_all rows) and of this run's owned nodes coords (dim
   per node: *n_local rows); free both key arrays after use. */
static PetscErrorCode ReadNodeKeys(DioSection *sec, const char path[], const char coords_name[], Vec coords, PetscInt *n_all, PointKey **all_keys,
                                   PetscInt *n_local, PointKey **local_keys)
{
  const PetscInt     dim = sec->dim;
  const PetscScalar *lc;

  PetscFunctionBegin;
  PetscCall(ReadSortedKeys(sec->comm, path, coords_name, dim, dim, n_all, all_keys));
  PetscCall(VecGetLocalSize(coords, n_local));
  *n_local /= dim;
  PetscCall(PetscMalloc1(*n_local + 1, local_keys));
  PetscCall(VecGetArrayRead(coords, &lc));
  for (PetscInt i = 0; i < *n_local; i++) {
    PetscReal X[3] = {PetscRealPart(lc[i * dim]), PetscRealPart(lc[i * dim + 1]), dim > 2 ? PetscRealPart(lc[i * dim + 2]) : 0};
    MakeKey(X, dim, i, &(*local_keys)[i]);
  }
  PetscCall(VecRestoreArrayRead(coords, &lc));
  PetscFunctionReturn(0);
}

/*
  DioSectionCheckpointRead - restore U, the initial stress and (elastoplastic runs) the committed plastic state written
  by DioSectionCheckpointWrite() (on any number of ranks) and return the stage it was written after. The mesh must be
  the same: a point of this run that the checkpoint does not hold is an error naming the file, and so is the
  checkpoint of an elastic run given to an elastoplastic one, or the reverse. Collective.
*/
PetscErrorCode DioSectionCheckpointRead(DioSection *sec, const char path[], PetscInt *stage, Vec U)
{
  Vec            coords, u_committed;
  PetscScalar   *lu;
  PetscReal     *centroids, *stress, *plastic_stress, *plastic_strain, *yield;
  PointKey      *all_keys, *local_keys;
  PetscInt       n_all, n_local, nq, nq_plastic, dim = sec->dim, missing[6] = {0, 0, 0, 0, 0, 0}, total[6], cells;
  const PetscInt n_cells = sec->topology.num_cells;
  PetscBool      has_plastic;

  PetscFunctionBegin;
  PetscCall(DioCheckpointReadInt(sec->comm, path, "stage", stage));
  PetscCall(DioCheckpointReadInt(sec->comm, path, "cells", &cells));
  {
    PetscInt wall_ms;
    PetscCall(DioCheckpointReadInt(sec->comm, path, "solves", &sec->num_solves));
    PetscCall(DioCheckpointReadInt(sec->comm, path, "ksp_iterations", &sec->total_iterations));
    PetscCall(DioCheckpointReadInt(sec->comm, path, "wall_ms", &wall_ms));
    PetscCall(DioCheckpointReadInt(sec->comm, path, "restarts", &sec->restarts));
    sec->wall_before = 1e-3 * (PetscLogDouble)wall_ms;
    sec->restarts++;
  }
  PetscCheck(cells == sec->num_cells, sec->comm, PETSC_ERR_USER_INPUT, "checkpoint '%s' holds %" PetscInt_FMT " cells, this mesh %" PetscInt_FMT ": same mesh options needed",
             path, cells, sec->num_cells);
  PetscCall(DioElasticityGetPlasticState(sec->elas, &nq_plastic, &plastic_stress, &plastic_strain, &yield, &u_committed));
  PetscCall(DioCheckpointHasArray(sec->comm, path, "plastic_stress", &has_plastic));
  PetscCheck(has_plastic || !u_committed, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' is of an elastic run (no plastic state), this run is elastoplastic: restart with the -materials_*constitutive options of the run that wrote it",
             path);
  PetscCheck(!has_plastic || u_committed, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' is of an elastoplastic run, this run is elastic: restart with the -materials_*constitutive options of the run that wrote it", path);
  if (u_committed) PetscCall(DioCheckpointReadInt(sec->comm, path, "newton_iterations", &sec->total_newton_iterations));

  /* node rows (displacement; committed displacement), matched by node coordinates */
  PetscCall(DioElasticityGetNodeCoordinates(sec->elas, &coords));
  PetscCall(ReadNodeKeys(sec, path, "node_coordinates", coords, &n_all, &all_keys, &n_local, &local_keys));
  PetscCall(VecGetArray(U, &lu));
  PetscCall(ReadMatchedRows(sec->comm, path, "displacement", n_all, all_keys, n_local, local_keys, dim, lu, &missing[0]));
  PetscCall(VecRestoreArray(U, &lu));
  if (u_committed) {
    PetscCall(VecGetArray(u_committed, &lu));
    PetscCall(ReadMatchedRows(sec->comm, path, "plastic_displacement", n_all, all_keys, n_local, local_keys, dim, lu, &missing[1]));
    PetscCall(VecRestoreArray(u_committed, &lu));
  }
  PetscCall(PetscFree(all_keys));
  PetscCall(PetscFree(local_keys));

  /* cell rows (initial stress; plastic state, num_qpoints values or 6 per quadrature point), matched by cell centroids:
     a cell's quadrature points follow its closure, which distribution keeps */
  PetscCall(DioElasticityGetInitialStress(sec->elas, &nq, &stress));
  PetscCall(CellCentroids(sec, &centroids));
  PetscCall(ReadSortedKeys(sec->comm, path, "cell_centroids", 3, 3, &n_all, &all_keys));
  PetscCall(PetscMalloc1(n_cells + 1, &local_keys));
  for (PetscInt c = 0; c < n_cells; c++) MakeKey(&centroids[3 * c], 3, c, &local_keys[c]);
  PetscCall(ReadMatchedRows(sec->comm, path, "initial_stress", n_all, all_keys, n_cells, local_keys, 6 * nq, stress, &missing[2]));
  if (u_committed) {
    PetscCall(ReadMatchedRows(sec->comm, path, "plastic_stress", n_all, all_keys, n_cells, local_keys, 6 * nq_plastic, plastic_stress, &missing[3]));
    PetscCall(ReadMatchedRows(sec->comm, path, "plastic_strain", n_all, all_keys, n_cells, local_keys, 6 * nq_plastic, plastic_strain, &missing[4]));
    PetscCall(ReadMatchedRows(sec->comm, path, "plastic_yield", n_all, all_keys, n_cells, local_keys, nq_plastic, yield, &missing[5]));
  }
  PetscCall(PetscFree(all_keys));
  PetscCall(PetscFree(local_keys));
  PetscCall(PetscFree(centroids));
  PetscCall(MPIU_Allreduce(missing, total, 6, MPIU_INT, MPI_SUM, sec->comm));
  PetscCheck(total[0] + total[1] + total[2] + total[3] + total[4] + total[5] == 0, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' does not match this mesh (%" PetscInt_FMT " nodes and %" PetscInt_FMT " cells not found): use the same mesh and element options", path,
             total[0], total[2]);
  PetscFunctionReturn(0);
}

/*
  DioSectionCheckpointReadNodeArray - restore a node field a problem added to its checkpoints (num_checkpoint_extra):
  array `name` of `width` values per node, its nodes at checkpoint array coords_name (dim per node), into values (width
  per owned row of coords, this run's own node coordinates, dim per row). The nodes are matched by coordinates, so a
  restart may run on another number of ranks; a node the checkpoint lacks is an error naming the file. Collective.
*/
PetscErrorCode DioSectionCheckpointReadNodeArray(DioSection *sec, const char path[], const char coords_name[], const char name[], Vec coords, PetscInt width, Vec values)
{
  PointKey          *all_keys, *local_keys;
  PetscInt           n_all, n_local, missing, total;
  PetscScalar       *lv;

  PetscFunctionBegin;
  PetscCall(ReadNodeKeys(sec, path, coords_name, coords, &n_all, &all_keys, &n_local, &local_keys));
  PetscCall(VecGetArray(values, &lv));
  PetscCall(ReadMatchedRows(sec->comm, path, name, n_all, all_keys, n_local, local_keys, width, lv, &missing));
  PetscCall(VecRestoreArray(values, &lv));
  PetscCall(PetscFree(all_keys));
  PetscCall(PetscFree(local_keys));
  PetscCall(MPIU_Allreduce(&missing, &total, 1, MPIU_INT, MPI_SUM, sec->comm));
  PetscCheck(total == 0, sec->comm, PETSC_ERR_USER_INPUT, "checkpoint '%s' does not match this mesh (%" PetscInt_FMT " nodes of %s not found): use the same mesh options", path, total,
             name);
  PetscFunctionReturn(0);
}

/*
  DioSectionCheckpointOptions - -checkpoint_every <stages> (0: never) and -restart <file|latest>; the checkpoint file
  is <output_dir>/<output_name>.checkpoint.h5. A restarted run continues the output of the same name. The
  model's fingerprint (DioModelFingerprintCreate(), from the options database) is taken here, and a restart file that
  is not a checkpoint of this model is an error naming what differs, before anything is built.
*/
PetscErrorCode DioSectionCheckpointOptions(DioSection *sec, PetscInt *every, char checkpoint_path[], size_t path_size, PetscBool *restart, char restart_path[])
{
  char      given[PETSC_MAX_PATH_LEN] = "";
  PetscBool latest;

  PetscFunctionBegin;
  *every = 1;
  PetscOptionsBegin(sec->comm, NULL, "Checkpoint and restart", "checkpoint");
  PetscCall(PetscOptionsInt("-checkpoint_every", "Write a checkpoint every this many stages (stages; 0: never)", "", *every, every, NULL));
  PetscCall(PetscOptionsReal("-checkpoint_minutes", "Also write one when this many minutes of wall time have passed since the last (min; 0: off)", "",
                             sec->checkpoint_minutes, &sec->checkpoint_minutes, NULL));
  PetscCall(PetscOptionsString("-restart", "Continue from a checkpoint file, or 'latest' for this run's own", "", given, given, sizeof(given), restart));
  PetscOptionsEnd();
  PetscCheck(*every >= 0, sec->comm, PETSC_ERR_USER_INPUT, "-checkpoint_every = %" PetscInt_FMT ": must be >= 0", *every);
  PetscCheck(sec->checkpoint_minutes >= 0, sec->comm, PETSC_ERR_USER_INPUT, "-checkpoint_minutes = %g: must be >= 0", (double)sec->checkpoint_minutes);
  PetscCall(PetscTime(&sec->last_checkpoint));
  PetscCall(PetscSNPrintf(checkpoint_path, path_size, "%s/%s.checkpoint.h5", sec->opts.output_dir, sec->opts.output_name));
  PetscCall(PetscStrcmp(given, "latest", &latest));
  if (*restart) PetscCall(PetscStrncpy(restart_path, latest ? checkpoint_path : given, PETSC_MAX_PATH_LEN));
  PetscCall(PetscFree(sec->model));
  PetscCall(DioModelFingerprintCreate(sec->comm, sec->problem, &sec->model));
  if (*restart) PetscCall(DioCheckpointCheck(sec->comm, restart_path, sec->model));
  PetscFunctionReturn(0);
}

/* Has any rank received a stop signal? Collective. */
PetscErrorCode DioSectionStopRequested(DioSection *sec, PetscBool *stop)
{
  PetscInt local = sec->run->stop_requested ? (PetscInt)(*sec->run->stop_requested != 0) : 0, global;

  PetscFunctionBegin;
  PetscCall(MPIU_Allreduce(&local, &global, 1, MPIU_INT, MPI_MAX, sec->comm));
  *stop = (PetscBool)(global != 0);
  PetscFunctionReturn(0);
}

/*
  DioSectionStopPoint - a safe point of a run that writes no checkpoint there (the single-solve problems after their
  solve, the transverse section between its stages, the time steps of permafrost_thaw and consolidation): has any
  rank received SIGTERM, SIGINT or SIGUSR1? If so, logs where the run stops and marks it stopped (exit code 75); the
  caller then skips the remaining steps and closes its output and summary as at the end. Collective.
*/
PetscErrorCode DioSectionStopPoint(DioSection *sec, const char after[], PetscBool *stop)
{
  PetscFunctionBegin;
  PetscCall(DioSectionStopRequested(sec, stop));
  /* once only: a run stopped at an earlier point (between load steps) passes its last one too */
  if (*stop && !(sec->run->stopped && *sec->run->stopped)) {
    PetscCall(DioSectionLog(sec, DIO_LOG_QUIET,
                            "[stop]      signal received: stopped after %s; output and summary hold the steps done (no checkpoint: this problem "
                            "cannot restart)\n", after));
    if (sec->run->stopped) *sec->run->stopped = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

/* Is a checkpoint due after `stages` completed stages: every n stages, every m minutes of wall time, or on a stop
   signal (collective: every rank decides the same). */
PetscErrorCode DioSectionCheckpointDue(DioSection *sec, PetscInt stages, PetscInt every, PetscBool stop, PetscBool *due)
{
  PetscLogDouble now;
  PetscInt       late, late_any;

  PetscFunctionBegin;
  PetscCall(PetscTime(&now));
  late = sec->checkpoint_minutes > 0 && now - sec->last_checkpoint >= 60.0 * sec->checkpoint_minutes;
  PetscCall(MPIU_Allreduce(&late, &late_any, 1, MPIU_INT, MPI_MAX, sec->comm));
  *due = (PetscBool)((every && stages % every == 0) || late_any || stop);
  if (*due) sec->last_checkpoint = now;
  PetscFunctionReturn(0);
}

/* After `stages` completed stages: a checkpoint when due (every n stages, every m minutes, or on a stop signal), and
   *stop set when a signal asks the run to end. Collective. */
PetscErrorCode DioSectionStageDone(DioSection *sec, PetscInt stages, PetscInt every, const char checkpoint_path[], Vec U, PetscBool *stop)
{
  PetscBool due;

  PetscFunctionBegin;
  PetscCall(DioSectionStopRequested(sec, stop));
  PetscCall(DioSectionCheckpointDue(sec, stages, every, *stop, &due));
  if (due) {
    PetscCall(DioSectionCheckpointWrite(sec, checkpoint_path, stages, U));
    PetscCall(DioSectionLog(sec, DIO_LOG_QUIET, "[checkpoint] after stage %" PetscInt_FMT ": %s\n", stages, checkpoint_path));
  }
  if (*stop) {
    PetscCall(DioSectionLog(sec, DIO_LOG_QUIET, "[stop]      signal received: stopped after stage %" PetscInt_FMT "; continue with -restart %s\n", stages,
                            checkpoint_path));
    if (sec->run->stopped) *sec->run->stopped = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

/* The log line of a restart: where from, and which output it continues. */
PetscErrorCode DioSectionRestartReport(DioSection *sec, const char restart_path[], PetscInt stage)
{
  PetscFunctionBegin;
  PetscCall(DioSectionLog(sec, DIO_LOG_QUIET, "[restart]   from %s after stage %" PetscInt_FMT "; continuing %s/%s\n", restart_path, stage, sec->opts.output_dir,
                          sec->opts.output_name));
  PetscFunctionReturn(0);
}

/* The number of stages a checkpoint was written after, checked against this run's stage count. Collective. */
PetscErrorCode DioSectionRestartStage(DioSection *sec, const char restart_path[], PetscInt num_stages, PetscInt *stage)
{
  PetscFunctionBegin;
  PetscCall(DioCheckpointReadInt(sec->comm, restart_path, "stage", stage));
  PetscCheck(*stage >= 0 && *stage <= num_stages, sec->comm, PETSC_ERR_USER_INPUT, "checkpoint '%s' is after stage %" PetscInt_FMT " of a %" PetscInt_FMT "-stage drive",
             restart_path, *stage, num_stages);
  PetscFunctionReturn(0);
}
