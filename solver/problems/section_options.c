/* SPDX-License-Identifier: BSD-2-Clause
   section_options.c: the options every problem on a section reads (profile, element, boundary conditions, loads,
   output, log level), with their defaults and ranges. */
#include <limits.h>
#include <unistd.h>
#include "section.h"

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

PetscErrorCode DioSectionOptionsRead(MPI_Comm comm, DioSectionOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->order               = 1;
  o->bc_base             = DIO_BC_FIXED;
  o->bc_ends             = DIO_BC_ROLLER;
  o->bc_sides            = DIO_BC_ROLLER;
  o->bc_surface          = DIO_BC_FREE;
  o->progress            = DIO_LOG_NORMAL;
  o->loads.gravity       = 9.81;
  o->loads.water_density = 1025.0;
  o->loads.water_level   = 0.0;
  o->loads.sea_load      = PETSC_TRUE;
  o->loads.pore_pressure = PETSC_TRUE;
  PetscCall(PetscStrncpy(o->output_dir, "out", sizeof(o->output_dir)));
  PetscCall(PetscStrncpy(o->output_name, "bering", sizeof(o->output_name)));
  o->output_overwrite = PETSC_FALSE;
  PetscOptionsBegin(comm, NULL, "Strait section: element, boundary conditions, loads, output", "section");
  PetscCall(PetscOptionsString(
      "-mesh_profile",
      "Profile CSV (distance_km, surface_elevation_m, ...); default: the embedded Bering Strait profile", "",
      o->profile_path, o->profile_path, sizeof(o->profile_path), &o->has_profile));
  PetscCall(
      PetscOptionsInt("-mech_element_order", "Lagrange element order (1: Q1, 2: Q2)", "", o->order, &o->order, NULL));
  PetscCall(PetscOptionsEnum("-bc_base", "Condition on the base", "", DioBoundaryConditions, (PetscEnum)o->bc_base,
                             (PetscEnum *)&o->bc_base, NULL));
  PetscCall(PetscOptionsEnum("-bc_ends", "Condition on the two ends of the section", "", DioBoundaryConditions,
                             (PetscEnum)o->bc_ends, (PetscEnum *)&o->bc_ends, NULL));
  PetscCall(PetscOptionsEnum("-bc_surface", "Condition on the seabed / ground surface", "", DioBoundaryConditions,
                             (PetscEnum)o->bc_surface, (PetscEnum *)&o->bc_surface, NULL));
  PetscCall(PetscOptionsEnum("-bc_sides", "3D: condition on the two sides across the alignment", "",
                             DioBoundaryConditions, (PetscEnum)o->bc_sides, (PetscEnum *)&o->bc_sides, NULL));
  o->bc_east  = o->bc_ends;
  o->bc_north = o->bc_sides;
  PetscCall(PetscOptionsEnum("-bc_east", "Condition on the east end (x max) alone; default -bc_ends", "",
                             DioBoundaryConditions, (PetscEnum)o->bc_east, (PetscEnum *)&o->bc_east, NULL));
  PetscCall(PetscOptionsEnum("-bc_north", "3D: condition on the north side (y max) alone; default -bc_sides", "",
                             DioBoundaryConditions, (PetscEnum)o->bc_north, (PetscEnum *)&o->bc_north, NULL));
  PetscCall(PetscOptionsReal("-loads_gravity", "Gravitational acceleration (m/s2)", "", o->loads.gravity,
                             &o->loads.gravity, NULL));
  PetscCall(PetscOptionsReal("-loads_water_density", "Density of sea and pore water (kg/m3)", "",
                             o->loads.water_density, &o->loads.water_density, NULL));
  PetscCall(PetscOptionsReal("-loads_water_level", "Elevation of the sea surface and water table (m)", "",
                             o->loads.water_level, &o->loads.water_level, NULL));
  PetscCall(PetscOptionsBool("-loads_sea", "Sea's weight as a pressure on the seabed", "", o->loads.sea_load,
                             &o->loads.sea_load, NULL));
  PetscCall(PetscOptionsBool("-loads_pore_pressure", "Hydrostatic pore pressure in saturated layers", "",
                             o->loads.pore_pressure, &o->loads.pore_pressure, NULL));
  PetscCall(PetscOptionsString("-output_dir", "Directory for the results", "", o->output_dir, o->output_dir,
                               sizeof(o->output_dir), NULL));
  PetscCall(PetscOptionsString("-output_name", "Run name: <dir>/<name>.h5 and <dir>/<name>.xmf", "", o->output_name,
                               o->output_name, sizeof(o->output_name), NULL));
  {
    const char *const levels[] = {"quiet", "normal", "verbose", "DioLogLevel", "DIO_LOG_", NULL};
    PetscEnum         level    = (PetscEnum)o->progress;
    PetscCall(PetscOptionsEnum(
        "-progress", "Log detail: quiet (events and the end), normal (a line per step), verbose (+ solver detail)", "",
        levels, level, &level, NULL));
    o->progress = (PetscInt)level;
  }
  PetscCall(PetscOptionsBool("-output_overwrite", "Replace existing results of the same name", "", o->output_overwrite,
                             &o->output_overwrite, NULL));
  PetscOptionsEnd();
  PetscCheck(o->order == 1 || o->order == 2, comm, PETSC_ERR_USER_INPUT,
             "-mech_element_order = %" PetscInt_FMT ": must be 1 (linear) or 2 (quadratic)", o->order);
  /* physical ranges: up to a geotechnical centrifuge's 100 g; from no water (0: dry) to dense brine; sea level
     within the Earth's relief */
  PetscCheck(o->loads.gravity >= 0 && o->loads.gravity <= 1000, comm, PETSC_ERR_USER_INPUT,
             "-loads_gravity = %g: must be >= 0 m/s2, in [0, 1000] m/s2", (double)o->loads.gravity);
  PetscCheck(o->loads.water_density >= 0 && o->loads.water_density <= 2000, comm, PETSC_ERR_USER_INPUT,
             "-loads_water_density = %g: must be >= 0 kg/m3, in [0, 2000] kg/m3", (double)o->loads.water_density);
  PetscCheck(PetscAbsReal(o->loads.water_level) <= 11000, comm, PETSC_ERR_USER_INPUT,
             "-loads_water_level = %g: must be in [-11000, 11000] m", (double)o->loads.water_level);
  PetscCall(OutputNameValidate(comm, o));
  PetscFunctionReturn(0);
}
