/* SPDX-License-Identifier: BSD-2-Clause
   permafrost.c: thaw of the permafrost around a warm tunnel at a landfall (issue 5), on the transverse section at
   -tunnel_chainage (mesh/transverse.c), heat coupled one way to the mechanics at every output time. With
   -tunnel_segment_length L > 0 the same problem runs in 3D on that section extruded over L (mesh/segment.c, x along
   the tunnel, -tunnel_segment_slices cells along it), bore and lining over the whole length, the ends insulated and
   held by -bc_ends (roller: plane strain, the 2D answer; test verification.permafrost_segment_vs_section).

   1. Initial temperature: the steady state of the section (no tunnel) under the mean ground surface temperature
      (-surface_temperature_land where the surface is above the water level, -surface_temperature_seabed below it) and
      the geothermal flux -geothermal_flux entering the base; the sides are insulated. Under land the pore water is
      fresh: each layer freezes at its freezing_point_onshore where the table has one, else (and under the seabed) at
      its freezing_point. The frozen thickness it gives is logged against the profile's permafrost_base_depth_m.
   2. Mechanics of that state: geostatic stress with the frozen stiffness of the initial temperature (dio_thaw.h),
      then the bore excavated with the lining in place (wished-in-place: the transverse_section problem has the
      convergence-confinement detail). Output step 0 (time 0) is that state; the reference of thermal and thaw
      strains is the initial temperature.
   3. From t = 0 the lining's inner face is held at -tunnel_air_temperature (the lining conducts, material
      lining_concrete); backward Euler heat steps with adaptive size (-heat_dt_*) up to every -output_times (years)
      until -thaw_years. At each output time the stiffness, thermal and thaw strains of every cell follow from the
      temperature (dio_thaw.h) and the mechanics is solved again from the post-excavation state: displacements and
      stresses are those of the whole thaw so far.
   Output per step: temperature (vertex, for the 0 degC / freezing isotherm in ParaView), cell temperature, ice
   saturation, thaw strain, Young's modulus, displacement, stress; <name>_thaw.csv (time, thaw depth from the bore
   wall, maximum surface settlement, energy balance); the run summary. */
#include <petsctime.h>
#include "section.h"
#include "dio_heat.h"
#include "dio_thaw.h"

#define SECONDS_PER_YEAR (365.25 * 86400.0)
#define MAX_OUTPUT_TIMES 64

typedef struct {
  PetscReal    chainage_m, diameter_m, lining_thickness_m;
  PetscReal    air_temperature_C, thaw_years;
  PetscReal    output_years[MAX_OUTPUT_TIMES];
  PetscInt     num_outputs;
  PetscReal    surface_land_C, surface_seabed_C, geothermal_flux;
  PetscReal    segment_length_m; /* 0: the 2D transverse section; > 0: a 3D segment of that length */
  PetscInt     segment_slices;
  DioHeatCurve curve;
} PermafrostOptions;

static PetscErrorCode PermafrostOptionsSet(MPI_Comm comm, PermafrostOptions *o)
{
  const char *const curves[] = {"none", "exponential", "power", "DioHeatCurve", "DIO_HEAT_CURVE_", NULL};
  PetscReal         given[MAX_OUTPUT_TIMES];
  PetscInt          n_given = MAX_OUTPUT_TIMES;
  PetscBool         has_times;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->chainage_m         = 91700;
  o->diameter_m         = 12;
  o->lining_thickness_m = 0.55;
  o->air_temperature_C  = 10;
  o->thaw_years         = 20;
  o->surface_land_C     = -4;
  o->surface_seabed_C   = 0.5;
  o->geothermal_flux    = 0.065;
  o->curve              = DIO_HEAT_CURVE_EXPONENTIAL;
  PetscOptionsBegin(comm, NULL, "Permafrost thaw around the tunnel", "permafrost");
  PetscCall(PetscOptionsReal("-tunnel_chainage", "Distance along the alignment of the section (m)", "", o->chainage_m, &o->chainage_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_diameter", "Bored diameter (m)", "", o->diameter_m, &o->diameter_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_lining_thickness", "Lining thickness (m); material -materials_lining_concrete_*", "", o->lining_thickness_m,
                             &o->lining_thickness_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_air_temperature", "Air temperature in the tunnel, held on the lining's inner face from excavation (degC)", "",
                             o->air_temperature_C, &o->air_temperature_C, NULL));
  PetscCall(PetscOptionsReal("-thaw_years", "Years of tunnel operation simulated (years)", "", o->thaw_years, &o->thaw_years, NULL));
  given[0] = 1; /* -help shows the first entry: the first default time, not an invalid 0 */
  PetscCall(PetscOptionsRealArray("-output_times", "Output times after excavation (years, increasing); default 1, 2, 5, 10, 20, 50, 100 up to -thaw_years", "",
                                  given, &n_given, &has_times));
  PetscCall(PetscOptionsReal("-surface_temperature_land", "Mean annual ground surface temperature where the surface is above the water level (degC)", "",
                             o->surface_land_C, &o->surface_land_C, NULL));
  PetscCall(PetscOptionsReal("-surface_temperature_seabed", "Mean annual seabed temperature (degC)", "", o->surface_seabed_C, &o->surface_seabed_C, NULL));
  PetscCall(PetscOptionsReal("-geothermal_flux", "Geothermal heat flux into the base (W/m2)", "", o->geothermal_flux, &o->geothermal_flux, NULL));
  PetscCall(PetscOptionsReal("-tunnel_segment_length",
                             "3D: length of a segment of the section extruded along the tunnel (m), bore and lining over its whole length; 0: the 2D section",
                             "", o->segment_length_m, &o->segment_length_m, NULL));
  o->segment_slices = PetscMax(1, (PetscInt)PetscCeilReal(o->segment_length_m / 3.0 - 1e-9));
  PetscCall(PetscOptionsInt("-tunnel_segment_slices", "3D: cells along the segment; default one per 3 m", "", o->segment_slices, &o->segment_slices, NULL));
  PetscCall(PetscOptionsEnum("-heat_curve", "Freezing curve of every layer: none, exponential, power", "", curves, (PetscEnum)o->curve, (PetscEnum *)&o->curve, NULL));
  PetscOptionsEnd();
  PetscCheck(!PetscIsInfOrNanReal(o->thaw_years) && o->thaw_years > 0 && o->thaw_years <= 1e4, comm, PETSC_ERR_USER_INPUT,
             "-thaw_years = %g: must be in (0, 10000] years", (double)o->thaw_years);
  PetscCheck(!PetscIsInfOrNanReal(o->air_temperature_C) && o->air_temperature_C > -100 && o->air_temperature_C < 100, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_air_temperature = %g: must be a temperature in (-100, 100) degC", (double)o->air_temperature_C);
  PetscCheck(!PetscIsInfOrNanReal(o->surface_land_C) && o->surface_land_C > -100 && o->surface_land_C < 100, comm, PETSC_ERR_USER_INPUT,
             "-surface_temperature_land = %g: must be in (-100, 100) degC", (double)o->surface_land_C);
  PetscCheck(!PetscIsInfOrNanReal(o->surface_seabed_C) && o->surface_seabed_C > -100 && o->surface_seabed_C < 100, comm, PETSC_ERR_USER_INPUT,
             "-surface_temperature_seabed = %g: must be in (-100, 100) degC", (double)o->surface_seabed_C);
  PetscCheck(!PetscIsInfOrNanReal(o->geothermal_flux) && o->geothermal_flux >= 0 && o->geothermal_flux < 10, comm, PETSC_ERR_USER_INPUT,
             "-geothermal_flux = %g: must be in [0, 10) W/m2", (double)o->geothermal_flux);
  PetscCheck(!PetscIsInfOrNanReal(o->segment_length_m) && o->segment_length_m >= 0, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_segment_length = %g: must be >= 0 m (0: the 2D section)", (double)o->segment_length_m);
  PetscCheck(o->segment_slices >= 1 && o->segment_slices <= 10000, comm, PETSC_ERR_USER_INPUT, "-tunnel_segment_slices = %" PetscInt_FMT ": must be in [1, 10000]",
             o->segment_slices);
  PetscCheck(o->diameter_m > 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_diameter = %g: must be > 0 m", (double)o->diameter_m);
  if (has_times) {
    for (PetscInt i = 0; i < n_given; i++) {
      PetscCheck(!PetscIsInfOrNanReal(given[i]) && given[i] > 0 && given[i] <= o->thaw_years && (i == 0 || given[i] > given[i - 1]), comm, PETSC_ERR_USER_INPUT,
                 "-output_times: entry %" PetscInt_FMT " = %g: times must increase and lie in (0, -thaw_years = %g] years", i + 1, (double)given[i],
                 (double)o->thaw_years);
      o->output_years[o->num_outputs++] = given[i];
    }
  } else {
    const PetscReal defaults[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
      if (defaults[i] < o->thaw_years) o->output_years[o->num_outputs++] = defaults[i];
  }
  if (o->num_outputs == 0 || o->output_years[o->num_outputs - 1] < o->thaw_years) {
    PetscCheck(o->num_outputs < MAX_OUTPUT_TIMES, comm, PETSC_ERR_USER_INPUT, "-output_times: at most %d times", MAX_OUTPUT_TIMES - 1);
    o->output_years[o->num_outputs++] = o->thaw_years;
  }
  PetscFunctionReturn(0);
}

extern const char dio_embedded_materials_csv[];

/* Thermal parameters of every layer of the material table (-materials_file or the embedded table); onshore (the
   section's ground surface above the water level: fresh pore water) with each layer's freezing_point_onshore where it
   has one. The section's surface is level, so every cell is on the same side. Collective. */
static PetscErrorCode HeatMaterials(DioSection *sec, DioHeatCurve curve, PetscBool onshore, PetscInt *num_layers, DioHeatMaterial **materials)
{
  char      path[PETSC_MAX_PATH_LEN] = "";
  PetscBool has_file;
  DioTable  table;

  PetscFunctionBegin;
  PetscCall(DioMaterialTableGetNumLayers(sec->materials, num_layers));
  PetscCall(PetscMalloc1(*num_layers, materials));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-materials_file", path, sizeof(path), &has_file));
  if (has_file) PetscCall(DioTableCreateFromFile(sec->comm, path, &table));
  else PetscCall(DioTableCreateFromString(sec->comm, "embedded:materials.csv", dio_embedded_materials_csv, &table));
  for (PetscInt l = 0; l < *num_layers; l++) {
    const DioLayerMaterial *m;
    PetscCall(DioMaterialTableGetLayer(sec->materials, l, &m));
    PetscCall(DioHeatMaterialFromTable(table, m->name, curve, &(*materials)[l]));
    if (onshore) PetscCall(DioHeatMaterialSetOnshore(table, m->name, &(*materials)[l]));
  }
  PetscCall(DioTableDestroy(&table));
  PetscFunctionReturn(0);
}

/* Distance of X from the tunnel axis: 2D (x across, y up), 3D (x along, y across, z up). */
static PetscReal AxisDistance(PetscInt dim, const PetscReal X[], PetscReal axis)
{
  return PetscSqrtReal(PetscSqr(X[dim - 2]) + PetscSqr(X[dim - 1] - axis));
}

/* "Face Sets" = DIO_BOUNDARY_TUNNEL_WALL on the faces of the lining ring at its inner radius (DioSectionOnBoreWall()). */
static PetscErrorCode LabelTunnelWall(DioSection *sec, const PetscInt tunnel[], PetscReal inner_radius)
{
  const PetscReal axis = sec->mesh_opts.axis_elevation_m;
  DMLabel         label;
  PetscInt        cStart, n = 0, n_global;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    const PetscInt *cone;
    PetscInt        cone_size;
    if (tunnel[c] != DIO_TUNNEL_RING) continue;
    PetscCall(DMPlexGetConeSize(sec->dm, cStart + c, &cone_size));
    PetscCall(DMPlexGetCone(sec->dm, cStart + c, &cone));
    for (PetscInt k = 0; k < cone_size; k++) {
      PetscReal X[3];
      PetscCall(DMPlexComputeCellGeometryFVM(sec->dm, cone[k], NULL, X, NULL));
      if (DioSectionOnBoreWall(AxisDistance(sec->dim, X, axis), inner_radius)) {
        PetscCall(DMLabelSetValue(label, cone[k], DIO_BOUNDARY_TUNNEL_WALL));
        n++;
      }
    }
  }
  /* no wall face would leave the bore insulated: no thaw at all, silently */
  PetscCall(MPIU_Allreduce(&n, &n_global, 1, MPIU_INT, MPI_SUM, sec->comm));
  PetscCheck(n_global > 0, sec->comm, PETSC_ERR_PLIB, "permafrost: no bore-wall faces at radius %g m", (double)inner_radius);
  PetscFunctionReturn(0);
}

/* Ring cells become the lining in the "layer" label, which the heat reads (the elasticity already holds its own
   copy and replaces them with DioElasticityReplaceCells()). */
static PetscErrorCode RelabelRing(DioSection *sec, const PetscInt tunnel[])
{
  DMLabel  label;
  PetscInt cStart;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_LAYER, &label));
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    PetscInt old;
    if (tunnel[c] != DIO_TUNNEL_RING) continue;
    PetscCall(DMLabelGetValue(label, cStart + c, &old));
    if (old >= 0) PetscCall(DMLabelClearValue(label, cStart + c, old));
    PetscCall(DMLabelSetValue(label, cStart + c, sec->extra_layer));
  }
  PetscFunctionReturn(0);
}

typedef struct {
  PetscReal Ts, q, k;
} GuessContext;

/* Initial guess of the steady solve: the conductive geotherm with the frozen conductivity. */
static void Geotherm(PetscInt dim, PetscReal time, const PetscReal X[], PetscReal *value, void *ctx)
{
  const GuessContext *g = (const GuessContext *)ctx;
  (void)time;
  *value = g->Ts + g->q * PetscMax(0.0, -X[dim - 1]) / g->k;
}

/* Thaw depth from the bore wall (largest distance from the lining's outer face of a ground cell whose centroid has
   lost at least half its initial ice, initially at least half frozen) and the largest surface settlement of u.
   Collective. */
static PetscErrorCode ThawMeasures(DioSection *sec, Vec u, const PetscInt tunnel[], const PetscReal ice0[], const DioThawCellFields *f, PetscReal R,
                                   PetscReal *thaw_depth, PetscReal *settlement)
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscReal        axis = sec->mesh_opts.axis_elevation_m;
  const PetscInt         up   = sec->dim - 1;
  PetscReal              depth = 0, top = -PETSC_MAX_REAL, top_global, smax = 0, *disp;
  PetscInt               cStart;

  PetscFunctionBegin;
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < topo->num_cells; c++) {
    PetscReal X[3];
    if (tunnel[c] > 0 || ice0[c] < 0.5 || ice0[c] - f->ice_saturation[c] < 0.5) continue;
    PetscCall(DMPlexComputeCellGeometryFVM(sec->dm, cStart + c, NULL, X, NULL));
    depth = PetscMax(depth, AxisDistance(sec->dim, X, axis) - R);
  }
  PetscCall(MPIU_Allreduce(&depth, thaw_depth, 1, MPIU_REAL, MPI_MAX, sec->comm));
  PetscCall(PetscMalloc1(3 * topo->num_vertices + 1, &disp));
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, u, topo->num_vertices, topo->vertex_points, disp));
  for (PetscInt i = 0; i < topo->num_vertices; i++) top = PetscMax(top, topo->vertex_coords[3 * i + up]);
  PetscCall(MPIU_Allreduce(&top, &top_global, 1, MPIU_REAL, MPI_MAX, sec->comm));
  for (PetscInt i = 0; i < topo->num_vertices; i++) {
    if (PetscAbsReal(topo->vertex_coords[3 * i + up] - top_global) > 1e-9 * (1 + PetscAbsReal(top_global))) continue;
    smax = PetscMax(smax, -disp[3 * i + up]);
  }
  PetscCall(MPIU_Allreduce(&smax, settlement, 1, MPIU_REAL, MPI_MAX, sec->comm));
  PetscCall(PetscFree(disp));
  PetscFunctionReturn(0);
}

/* Heat fields of a step: vertex temperature and the coupling's cell fields. */
static PetscErrorCode WriteHeatFields(DioSection *sec, DioOutput out, DioHeat heat, Vec T, DioThawCoupling coupling)
{
  const DioMeshTopology *topo = &sec->topology;
  DioThawCellFields      f;
  PetscReal             *Tv;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(topo->num_vertices + 1, &Tv));
  PetscCall(DioHeatGetVertexTemperature(heat, T, topo->num_vertices, topo->vertex_points, Tv));
  PetscCall(DioThawCouplingGetCellFields(coupling, &f));
  PetscCall(DioOutputWriteField(out, "temperature", DIO_OUTPUT_VERTEX, 1, "degC", Tv));
  PetscCall(DioOutputWriteField(out, "temperature_cell", DIO_OUTPUT_CELL, 1, "degC", f.temperature));
  PetscCall(DioOutputWriteField(out, "ice_saturation", DIO_OUTPUT_CELL, 1, "-", f.ice_saturation));
  PetscCall(DioOutputWriteField(out, "thaw_strain", DIO_OUTPUT_CELL, 1, "-", f.thaw_strain));
  PetscCall(DioOutputWriteField(out, "youngs_modulus_current", DIO_OUTPUT_CELL, 1, "Pa", f.youngs_modulus));
  PetscCall(PetscFree(Tv));
  PetscFunctionReturn(0);
}

/*
  DioPermafrostThawRun - steady permafrost, tunnel, years of thaw with the mechanics at every output time (see the
  file comment). Output <dir>/<name>.h5/.xmf (time in s), <name>_thaw.csv, <name>_summary.json. Collective.
*/
PetscErrorCode DioPermafrostThawRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection           sec;
  PermafrostOptions    o;
  DioTransverseOptions topts;
  DioLayerStack        stack;
  DioHeatMaterial     *hmat;
  DioHeat              steady = NULL, heat = NULL;
  DioThawCoupling      coupling = NULL;
  DioOutput            out;
  DioCSV               csv;
  DM                   dm;
  DMLabel              label;
  Vec                  T, U, u, U_exc;
  PetscInt            *tunnel, *flag, cStart, num_layers, n_cells;
  PetscBool           *active, *ring;
  PetscBool            onshore, stop = PETSC_FALSE;
  PetscReal            R, Ts, frozen_area, width, per_metre, *ice0, thaw_depth = 0, settlement = 0, energy_error = 0;
  PetscLogDouble       t0, t1, t_loop;
  char                 what[256], path[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(PermafrostOptionsSet(comm, &o));
  PetscCall(DioSectionCreate(comm, run, o.segment_length_m > 0 ? "permafrost thaw, 3D segment" : "permafrost thaw, transverse section", "lining_concrete", &sec));
  R = 0.5 * o.diameter_m;
  PetscCall(DioSectionTunnelGeometry(&sec, o.chainage_m, o.diameter_m, o.lining_thickness_m, &stack, &topts));
  PetscCall(DioSectionTunnelGeometryValidate(&sec, o.chainage_m, &topts, PETSC_FALSE));
  PetscCall(DioTransverseOptionsSetFromOptions(comm, &topts));
  {
    DioMeshCount count;
    PetscCall(DioTransverseCount(comm, &topts, o.segment_length_m > 0 ? o.segment_slices : 0, &count));
    PetscCall(DioSectionRunSize(&sec, &count, o.num_outputs, o.num_outputs + 1, PETSC_TRUE, PETSC_FALSE));
  }
  if (run->check_only) {
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscTime(&t0));
  if (o.segment_length_m > 0) PetscCall(DioMeshCreateSegment(comm, &topts, &stack, o.segment_length_m, o.segment_slices, &dm));
  else PetscCall(DioMeshCreateTransverse(comm, &topts, &stack, &dm));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscSNPrintf(what, sizeof(what), "%s at x = %.0f m, surface %.1f m, axis %.1f m, D = %.2f m, permafrost base %.1f m deep",
                          o.segment_length_m > 0 ? "3D segment" : "transverse section", (double)o.chainage_m, (double)topts.surface_elevation_m,
                          (double)topts.axis_elevation_m, (double)o.diameter_m, (double)stack.permafrost_base_depth_m));
  if (o.segment_length_m > 0) {
    const size_t len = strlen(what);
    PetscCall(PetscSNPrintf(what + len, sizeof(what) - len, ", %.1f m long in %" PetscInt_FMT " slices", (double)o.segment_length_m, o.segment_slices));
  }
  PetscCall(DioSectionSetUp(&sec, dm, what, t1 - t0));
  {
    const DioLayerMaterial *lining;
    PetscCall(DioMaterialTableGetLayer(sec.materials, sec.extra_layer, &lining));
    PetscCall(DioElasticitySetLayerElastic(sec.elas, sec.extra_layer, lining->youngs_modulus, lining->poissons_ratio, lining->density, PETSC_FALSE));
  }
  n_cells = sec.topology.num_cells;
  PetscCall(DMGetLabel(sec.dm, DIO_LABEL_TUNNEL, &label));
  PetscCall(DMPlexGetHeightStratum(sec.dm, 0, &cStart, NULL));
  PetscCall(PetscMalloc4(n_cells + 1, &tunnel, n_cells + 1, &flag, n_cells + 1, &active, n_cells + 1, &ring));
  PetscCall(PetscMalloc1(n_cells + 1, &ice0));
  for (PetscInt c = 0; c < n_cells; c++) {
    PetscCall(DMLabelGetValue(label, cStart + c, &tunnel[c]));
    flag[c]   = tunnel[c] == DIO_TUNNEL_CORE;
    active[c] = (PetscBool)(tunnel[c] != DIO_TUNNEL_CORE);
    ring[c]   = (PetscBool)(tunnel[c] == DIO_TUNNEL_RING);
  }

  /* 1. steady state without the tunnel */
  onshore = (PetscBool)(topts.surface_elevation_m >= sec.opts.loads.water_level);
  Ts      = onshore ? o.surface_land_C : o.surface_seabed_C;
  PetscCall(HeatMaterials(&sec, o.curve, onshore, &num_layers, &hmat));
  PetscCall(DioHeatCreate(sec.dm, sec.opts.order, num_layers, hmat, &steady));
  PetscCall(DioHeatSetBoundaryTemperatureConstant(steady, DIO_BOUNDARY_SURFACE, Ts));
  PetscCall(DioHeatSetBoundaryFluxConstant(steady, DIO_BOUNDARY_BASE, o.geothermal_flux));
  PetscCall(DioHeatSetFromOptions(steady));
  PetscCall(DioHeatSetUp(steady));
  PetscCall(DioHeatCreateGlobalVector(steady, &T));
  {
    GuessContext g = {Ts, o.geothermal_flux, 2.5};
    SNES         snes;
    PetscInt     its;
    PetscCall(PetscTime(&t0));
    PetscCall(DioHeatInterpolate(steady, Geotherm, &g, 0.0, T));
    PetscCall(DioHeatSolveSteady(steady, 0.0, T));
    PetscCall(DioHeatGetSNES(steady, &snes));
    PetscCall(SNESGetIterationNumber(snes, &its));
    PetscCall(DioHeatComputeFrozenVolume(steady, T, &frozen_area));
    PetscCall(PetscTime(&t1));
    /* per metre of tunnel: the 2D section is one metre thick, a 3D segment is segment_length_m long */
    per_metre = o.segment_length_m > 0 ? 1.0 / o.segment_length_m : 1.0;
    width     = 2 * topts.half_width_m;
    PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                            "[heat]      steady state: %s surface %.2f degC (%s pore water), geothermal flux %.1f mW/m2, Newton %" PetscInt_FMT " its, %.2f s: frozen thickness %.1f m "
                            "(ice-saturation integral / width) against the profile's permafrost base %.1f m%s\n",
                            onshore ? "land" : "seabed", (double)Ts, onshore ? "fresh" : "saline", (double)(1e3 * o.geothermal_flux), its, t1 - t0, (double)(frozen_area * per_metre / width), (double)stack.permafrost_base_depth_m,
                            frozen_area * per_metre / width >= topts.surface_elevation_m - topts.base_elevation_m - 1e-6 ? " (frozen to the model base)" : ""));
  }

  /* 2. the tunnel's heat problem: lining material in the ring, its inner face at the air temperature */
  PetscCall(RelabelRing(&sec, tunnel));
  PetscCall(LabelTunnelWall(&sec, tunnel, R - o.lining_thickness_m));
  PetscCall(DioHeatCreate(sec.dm, sec.opts.order, num_layers, hmat, &heat));
  PetscCall(DioHeatSetBoundaryTemperatureConstant(heat, DIO_BOUNDARY_SURFACE, Ts));
  PetscCall(DioHeatSetBoundaryFluxConstant(heat, DIO_BOUNDARY_BASE, o.geothermal_flux));
  PetscCall(DioHeatSetBoundaryTemperatureConstant(heat, DIO_BOUNDARY_TUNNEL_WALL, o.air_temperature_C));
  PetscCall(DioHeatSetFromOptions(heat));
  PetscCall(DioHeatSetUp(heat));
  {
    Vec T_new;
    PetscCall(DioHeatCreateGlobalVector(heat, &T_new));
    PetscCall(VecCopy(T, T_new));
    PetscCall(VecDestroy(&T));
    T = T_new;
  }
  PetscCall(DioHeatDestroy(&steady));

  /* 3. mechanics of the initial state: frozen stiffness, geostatic stress, then bore and lining */
  PetscCall(DioThawCouplingCreate(heat, sec.elas, sec.materials, &coupling));
  PetscCall(DioThawCouplingSetReference(coupling, T));
  PetscCall(DioThawCouplingUpdate(coupling, T, PETSC_FALSE));
  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &U));
  PetscCall(VecDuplicate(U, &u));
  PetscCall(VecDuplicate(U, &U_exc));
  PetscCall(DioSectionSolve(&sec, u, 0, o.num_outputs, 0.0, "geostatic (frozen stiffness)"));
  PetscCall(DioElasticityStoreInitialStress(sec.elas, u));
  PetscCall(DioElasticityReplaceCells(sec.elas, ring, sec.extra_layer));
  PetscCall(DioElasticitySetActiveCells(sec.elas, active));
  PetscCall(DioThawCouplingUpdate(coupling, T, PETSC_FALSE));
  PetscCall(DioSectionSolve(&sec, U_exc, 0, o.num_outputs, 0.0, "bore and lining"));
  {
    DioThawCellFields f;
    PetscCall(DioThawCouplingGetCellFields(coupling, &f));
    PetscCall(PetscArraycpy(ice0, f.ice_saturation, n_cells));
  }
  PetscCall(DioSectionOutputOpen(&sec, tunnel, &out));
  PetscCall(DioOutputSetMetadata(out, "time_axis", "seconds since the excavation; step 0: initial permafrost, bore and lining"));
  PetscCall(DioOutputBeginStep(out, 0, 0.0));
  PetscCall(DioSectionWriteStepFields(&sec, out, U_exc, U_exc, flag, NULL));
  PetscCall(WriteHeatFields(&sec, out, heat, T, coupling));
  PetscCall(DioOutputEndStep(out));
  /* after step 0's fields: written after it, the stress of U_exc counted twice (initial stress + D eps(U_exc)) */
  PetscCall(DioElasticityStoreInitialStress(sec.elas, U_exc));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_thaw.csv", sec.opts.output_dir, sec.opts.output_name));
  PetscCall(DioCSVCreate(comm, path, "step,time_years,thaw_depth_from_wall_m,max_surface_settlement_m,enthalpy_change_J_per_m,boundary_heat_in_J_per_m", &csv));

  /* 4. years of thaw */
  PetscCall(DioHeatSetInitialState(heat, 0.0, T));
  PetscCall(PetscTime(&t_loop));
  for (PetscInt k = 1; k <= o.num_outputs; k++) {
    const PetscReal t_end = o.output_years[k - 1] * SECONDS_PER_YEAR;
    DioHeatEnergy   before, e;
    DioThawCellFields f;
    PetscLogDouble  now;

    PetscCall(DioHeatGetEnergy(heat, &before));
    PetscCall(DioHeatAdvance(heat, T, t_end));
    PetscCall(DioHeatGetEnergy(heat, &e));
    PetscCall(PetscTime(&now));
    PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                            "[heat %3" PetscInt_FMT "/%" PetscInt_FMT "] t = %8.3f yr  %4" PetscInt_FMT " steps (%" PetscInt_FMT " rejected), Newton %4" PetscInt_FMT
                            " its, KSP %5" PetscInt_FMT " its, wall %.1f s, ETA %.0f s\n",
                            k, o.num_outputs, (double)(t_end / SECONDS_PER_YEAR), e.steps - before.steps, e.rejected_steps - before.rejected_steps,
                            e.newton_iterations - before.newton_iterations, e.linear_iterations - before.linear_iterations, now - sec.t_start,
                            (double)((now - t_loop) / t_end * (o.output_years[o.num_outputs - 1] * SECONDS_PER_YEAR - t_end))));
    PetscCall(DioThawCouplingUpdate(coupling, T, PETSC_TRUE));
    PetscCall(PetscSNPrintf(what, sizeof(what), "thaw, %.3g years", (double)o.output_years[k - 1]));
    PetscCall(DioSectionSolve(&sec, u, k, o.num_outputs, t_end, what));
    PetscCall(VecWAXPY(U, 1.0, U_exc, u));
    PetscCall(DioThawCouplingGetCellFields(coupling, &f));
    PetscCall(ThawMeasures(&sec, u, tunnel, ice0, &f, R, &thaw_depth, &settlement));
    energy_error = PetscAbsReal((e.enthalpy - e.enthalpy_initial) - (e.boundary_heat_in + e.source_heat)) /
                   PetscMax(PetscAbsReal(e.enthalpy - e.enthalpy_initial), PETSC_SMALL);
    PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                            "            thaw depth from the bore wall %.2f m, surface settlement %.2f mm; energy: enthalpy change %.4e J/m, heat in %.4e J/m "
                            "(relative mismatch %.1e)\n",
                            (double)thaw_depth, (double)(1e3 * settlement), (double)((e.enthalpy - e.enthalpy_initial) * per_metre),
                            (double)((e.boundary_heat_in + e.source_heat) * per_metre),
                            (double)energy_error));
    {
      PetscMPIInt rank;
      PetscReal   row[6] = {(PetscReal)k, o.output_years[k - 1], thaw_depth, settlement, (e.enthalpy - e.enthalpy_initial) * per_metre,
                            (e.boundary_heat_in + e.source_heat) * per_metre};
      PetscCallMPI(MPI_Comm_rank(comm, &rank));
      PetscCall(DioCSVAppendRows(csv, rank == 0 ? 1 : 0, 6, row, -1));
    }
    PetscCall(DioOutputBeginStep(out, k, t_end));
    PetscCall(DioSectionWriteStepFields(&sec, out, U, u, flag, NULL));
    PetscCall(WriteHeatFields(&sec, out, heat, T, coupling));
    PetscCall(DioOutputEndStep(out));
    PetscCall(PetscSNPrintf(what, sizeof(what), "output step %" PetscInt_FMT " (%.3g years)", k, (double)o.output_years[k - 1]));
    PetscCall(DioSectionStopPoint(&sec, what, &stop));
    if (stop) break;
  }
  {
    DioSummary summary;
    PetscCall(DioSectionSummaryBegin(&sec, &summary));
    PetscCall(DioSummaryAddReal(summary, "thaw_years", o.thaw_years));
    PetscCall(DioSummaryAddString(summary, "pore_water", onshore ? "fresh (freezing_point_onshore)" : "saline (freezing_point)"));
    PetscCall(DioSummaryAddReal(summary, "steady_frozen_thickness_m", frozen_area * per_metre / width));
    PetscCall(DioSummaryAddReal(summary, "profile_permafrost_base_depth_m", stack.permafrost_base_depth_m));
    PetscCall(DioSummaryAddReal(summary, "thaw_depth_from_wall_m", thaw_depth));
    PetscCall(DioSummaryAddReal(summary, "max_thaw_settlement_m", settlement));
    PetscCall(DioSummaryAddReal(summary, "energy_balance_relative_error", energy_error));
    PetscCall(DioSummaryWriteAndDestroy(&summary));
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[output]    %s/%s.h5, .xmf, _thaw.csv, _summary.json\n", sec.opts.output_dir, sec.opts.output_name));
  PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec.t_start));
  PetscCall(DioCSVDestroy(&csv));
  PetscCall(DioOutputDestroy(&out));
  PetscCall(DioThawCouplingDestroy(&coupling));
  PetscCall(DioHeatDestroy(&heat));
  PetscCall(PetscFree(hmat));
  PetscCall(PetscFree(ice0));
  PetscCall(PetscFree4(tunnel, flag, active, ring));
  PetscCall(VecDestroy(&T));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&U));
  PetscCall(VecDestroy(&U_exc));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
