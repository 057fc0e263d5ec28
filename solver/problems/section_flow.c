/* SPDX-License-Identifier: BSD-2-Clause
   section_flow.c: groundwater in the transverse section (issue 14, -flow_model consolidation): Biot consolidation
   (Q2 displacement, Q1 excess pore pressure; physics/coupling/dio_biot.h) around the bore, driven by transverse.c.

   The seabed is held at the sea's head (excess pore pressure 0: total pore pressure rho_w g (water level - z)); the
   base and the two ends are impermeable (symmetry planes, no flow). Before excavation the whole section carries flow
   and the geostatic state is an exact solution (a coupled step with no change of load keeps u = 0, p = 0: logged).
   From the excavation on, the core and the lining ring carry no flow and the bore wall (r = R, "Face Sets" value
   DIO_BOUNDARY_TUNNEL_WALL) is
     drained     total pore pressure 0 (atmospheric: the tunnel pumps), or the head -flow_tunnel_head (an
                 equipotential wall, the assumption of the closed-form inflow of Harr 1962);
     watertight  no flow: the water pressure stays on the wall, and the lining carries it;
     leaky       outflow per area K_l / (t_l rho_w g) (total pore pressure - tunnel pressure), a lining of
                 conductivity K_l and thickness t_l (Robin).
   Each stage (excavation, lining) is undrained (dt = 0); then -consolidation_steps backward-Euler steps up to
   -consolidation_time_end. Outputs: excess and total pore pressure, hydraulic head, Darcy velocity; <name>_inflow.csv
   (inflow per metre of tunnel over time), <name>_lining_water.csv (water pressure around the wall), summary keys.

   The 3D segment (segment.c, dim 3: bore axis along x, cross-section (y, z)) uses the same object: its excavated slices
   carry no flow, each stage is undrained and then consolidates over its duration (DioSectionFlowConsolidateStage()),
   and the wall condition acts on the lined length only (DioSectionFlowSetWallEnd()): the shield's skin, the tail
   grout and the face (filter cake) are impermeable. A leaky lining and the half-plane far field are 2D only. */
#include <petsctime.h>
#include "section.h"
#include "dio_flow.h"
#include "dio_biot.h"

typedef enum { DIO_FLOW_MODEL_NONE, DIO_FLOW_MODEL_CONSOLIDATION } DioFlowModel;
static const char *const DioFlowModels[] = {"none", "consolidation", "DioFlowModel", "DIO_FLOW_MODEL_", NULL};
typedef enum { DIO_WALL_DRAINED, DIO_WALL_WATERTIGHT, DIO_WALL_LEAKY } DioWallFlow;
static const char *const DioWallFlows[] = {"drained", "watertight", "leaky", "DioWallFlow", "DIO_WALL_", NULL};
typedef enum { DIO_OUTER_IMPERMEABLE, DIO_OUTER_HALF_PLANE } DioOuterFlow;
static const char *const DioOuterFlows[] = {"impermeable", "half_plane", "DioOuterFlow", "DIO_OUTER_", NULL};

/* The steady head of a circular tunnel (radius r, axis depth d below a constant-head line) in a uniform half-plane,
   by images (Harr 1962): head h_s at the line, h_t on the wall. */
typedef struct {
  PetscReal surface, axis, radius, water_level, tunnel_head, gamma_w; /* m, m, m, m, m, Pa/m */
  PetscReal log_ratio_wall;                                             /* ln(rho_- / rho_+) on the wall */
} HalfPlaneHead;

struct _n_DioSectionFlow {
  DioSection  *sec;
  DioFlowModel model;
  DioWallFlow  wall;
  DioOuterFlow outer;
  PetscBool    head_set;
  PetscReal    tunnel_head, lining_conductivity, lining_thickness, radius; /* m, m/s, m, m */
  PetscReal    time_end, growth;                                           /* s, - */
  PetscInt     steps;
  PetscReal    gamma_w; /* rho_w g of the hydrostatic pressure (Pa/m) */
  HalfPlaneHead half_plane;
  DioFlow      flow;
  DioBiot      biot;
  PetscInt        dim;       /* 2: the section (bore axis out of plane); 3: the segment (bore axis along x) */
  const PetscInt *tunnel;    /* [num local cells] the "tunnel" label: > 0 core and lining ring (borrowed) */
  const PetscInt *removed;   /* [num local cells] > 0: no flow once excavated (borrowed; the caller updates it) */
  PetscBool    staged_wall;  /* the wall set stage by stage (DioSectionFlowSetWallEnd()): held in undrained steps too */
  PetscBool wall_labelled; /* the driver labels the wall (DioSectionFlowSetWallVertices()): no circle, rows by (x, z) */
  PetscBool surface_set;   /* the settlement is taken on the driver's surface vertices (DioSectionFlowSetSurface()) */
  PetscInt  num_surface;
  const PetscInt *surface;      /* [num_surface] owned topology vertices (borrowed) */
  PetscReal    wall_length;  /* m of tunnel whose wall carries the condition (3D); 1 in 2D: per metre */
  PetscReal    inflow_total; /* m3/s through the wall (3D) */
  Vec          p, p_old, u_zero;
  DioCSV       inflow_csv, water_csv;
  PetscInt     num_wall_vertices, *wall_vertices; /* owned topology vertices on the wall */
  PetscReal    inflow, inflow_max, excess_max, excess_min, water_final, settlement_undrained, settlement;
  PetscReal    wall_water_lo, wall_water_hi; /* total pore pressure on the wall at the last output (Pa) */
  PetscBool    has_support;
  PetscReal    support_effective_min;        /* support pressure minus the largest pore pressure on the wall (Pa) */
  /* checkpoints during the consolidation (-checkpoint_every output steps) and -restart from one of them */
  PetscInt     every, restart_step; /* restart_step: the checkpoint's output step, -1 without -restart */
  PetscBool    restart, checkpoints; /* checkpoints: the driver asked for them (DioSectionFlowRestartStep()) */
  char         checkpoint_path[PETSC_MAX_PATH_LEN], restart_path[PETSC_MAX_PATH_LEN];
  Vec          p_coords, results; /* checkpoint arrays: pressure node coordinates, the results so far (rank 0) */
  PetscBool    output_appended;   /* a restart continues the output of the interrupted run */
};

/* The results a checkpoint holds (rank 0, in this order) besides the fields. */
#define DIO_SECTION_FLOW_NUM_RESULTS 12

/* Reads the keys (always: an unused key would be refused) and sets Q2 as the default displacement order when the flow
   model is on (before DioSectionCreate()). Collective. */
PetscErrorCode DioSectionFlowDefaults(MPI_Comm comm)
{
  PetscEnum model = (PetscEnum)DIO_FLOW_MODEL_NONE;
  PetscBool set, order_set;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetEnum(NULL, NULL, "-flow_model", DioFlowModels, &model, &set));
  PetscCall(PetscOptionsHasName(NULL, NULL, "-mech_element_order", &order_set));
  if (set && model == (PetscEnum)DIO_FLOW_MODEL_CONSOLIDATION && !order_set) PetscCall(PetscOptionsSetValue(NULL, "-mech_element_order", "2"));
  (void)comm;
  PetscFunctionReturn(0);
}

/* -consolidation_* and -flow_* keys of the section. */
static PetscErrorCode SectionFlowOptions(MPI_Comm comm, DioSectionFlow g, PetscReal lining_thickness)
{
  PetscFunctionBegin;
  g->model               = DIO_FLOW_MODEL_NONE;
  g->wall                = DIO_WALL_DRAINED;
  g->outer               = DIO_OUTER_IMPERMEABLE;
  g->lining_thickness    = lining_thickness;
  g->lining_conductivity = 0;
  g->time_end            = 86400.0 * 365.0;
  g->steps               = 10;
  g->growth              = 2.0;
  PetscOptionsBegin(comm, NULL, "Groundwater in the transverse section", "flow");
  PetscCall(PetscOptionsEnum("-flow_model", "Groundwater: none (hydrostatic pore pressure, drained) or consolidation (coupled Biot, Q2-Q1)", "",
                             DioFlowModels, (PetscEnum)g->model, (PetscEnum *)&g->model, NULL));
  PetscCall(PetscOptionsEnum("-flow_tunnel_wall",
                             "Tunnel wall for the water: drained (atmospheric pressure, the tunnel pumps), watertight (no flow) or leaky (-flow_lining_conductivity)", "",
                             DioWallFlows, (PetscEnum)g->wall, (PetscEnum *)&g->wall, NULL));
  PetscCall(PetscOptionsReal("-flow_tunnel_head", "Drained wall held at this hydraulic head (m, elevation datum; default: atmospheric pressure, head = elevation)", "",
                             g->tunnel_head, &g->tunnel_head, &g->head_set));
  PetscCall(PetscOptionsReal("-flow_lining_conductivity", "Leaky lining: hydraulic conductivity K_l (m/s); required with -flow_tunnel_wall leaky", "",
                             g->lining_conductivity, &g->lining_conductivity, NULL));
  PetscCall(PetscOptionsReal("-flow_lining_thickness", "Leaky lining: thickness t_l the water crosses (m; default -tunnel_lining_thickness)", "",
                             g->lining_thickness, &g->lining_thickness, NULL));
  PetscCall(PetscOptionsEnum("-flow_outer_boundaries",
                             "Base and ends: impermeable (default), or half_plane: the steady head of the tunnel in an infinite half-plane (verification; needs -flow_tunnel_head)",
                             "", DioOuterFlows, (PetscEnum)g->outer, (PetscEnum *)&g->outer, NULL));
  PetscCall(PetscOptionsReal("-consolidation_time_end", "Consolidation after the last stage (s; 86400 s = 1 day; default 365 days)", "", g->time_end, &g->time_end, NULL));
  PetscCall(PetscOptionsInt("-consolidation_steps", "Time steps of the consolidation after the undrained stages (default 10)", "", g->steps, &g->steps, NULL));
  PetscCall(PetscOptionsReal("-consolidation_time_step_growth", "Ratio of successive consolidation time steps (-; default 2; 1: uniform)", "", g->growth, &g->growth,
                             NULL));
  PetscOptionsEnd();
  PetscCheck(g->time_end > 0, comm, PETSC_ERR_USER_INPUT, "-consolidation_time_end = %g: must be > 0 s", (double)g->time_end);
  PetscCheck(g->steps >= 1 && g->steps <= 10000, comm, PETSC_ERR_USER_INPUT, "-consolidation_steps = %" PetscInt_FMT ": must be in [1, 10000]", g->steps);
  PetscCheck(g->growth >= 1 && g->growth <= 1000, comm, PETSC_ERR_USER_INPUT, "-consolidation_time_step_growth = %g: must be in [1, 1000]", (double)g->growth);
  PetscCheck(g->wall != DIO_WALL_LEAKY || g->lining_conductivity > 0, comm, PETSC_ERR_USER_INPUT,
             "-flow_tunnel_wall leaky needs -flow_lining_conductivity > 0 m/s (got %g)", (double)g->lining_conductivity);
  PetscCheck(g->lining_conductivity >= 0 && g->lining_conductivity < 1, comm, PETSC_ERR_USER_INPUT, "-flow_lining_conductivity = %g: must be in [0, 1) m/s",
             (double)g->lining_conductivity);
  PetscCheck(g->wall != DIO_WALL_LEAKY || g->lining_thickness > 0, comm, PETSC_ERR_USER_INPUT, "-flow_lining_thickness = %g: must be > 0 m",
             (double)g->lining_thickness);
  PetscCheck(!g->head_set || g->wall == DIO_WALL_DRAINED, comm, PETSC_ERR_USER_INPUT, "-flow_tunnel_head: only with -flow_tunnel_wall drained");
  PetscCheck(g->outer == DIO_OUTER_IMPERMEABLE || g->head_set, comm, PETSC_ERR_USER_INPUT,
             "-flow_outer_boundaries half_plane needs -flow_tunnel_head (the closed form's wall is an equipotential)");
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowCreate - the groundwater options of the section (dim 2) or the segment (dim 3, bore axis along x);
  *gw NULL when -flow_model is none. Refuses what the coupled model cannot honour (a uniform initial stress, a layer of
  the section's stack without groundwater parameters, a leaky wall in 3D; plasticity is refused at set-up), in a check
  pass too. Collective.
*/
PetscErrorCode DioSectionFlowCreate(DioSection *sec, PetscInt dim, PetscReal diameter_m, PetscReal lining_thickness_m,
                                    PetscBool geostatic, const DioLayerStack *stack, DioSectionFlow *gw)
{
  DioSectionFlow g;

  PetscFunctionBegin;
  *gw = NULL;
  PetscCall(PetscNew(&g));
  PetscCall(SectionFlowOptions(sec->comm, g, lining_thickness_m));
  if (g->model == DIO_FLOW_MODEL_NONE) {
    PetscCall(PetscFree(g));
    PetscFunctionReturn(0);
  }
  PetscCheck(geostatic, sec->comm, PETSC_ERR_USER_INPUT, "-flow_model consolidation needs -initial_stress geostatic (the hydrostatic pore pressure)");
  PetscCheck(sec->opts.order == 2, sec->comm, PETSC_ERR_USER_INPUT,
             "-mech_element_order = %" PetscInt_FMT ": -flow_model consolidation needs 2 (Q2 displacement with Q1 pressure)", sec->opts.order);
  PetscCheck(sec->opts.loads.pore_pressure, sec->comm, PETSC_ERR_USER_INPUT, "-flow_model consolidation needs -loads_pore_pressure true");
  /* the Robin segments and the half-plane's images are two-dimensional */
  PetscCheck(dim == 2 || g->wall != DIO_WALL_LEAKY, sec->comm, PETSC_ERR_USER_INPUT,
             "-flow_tunnel_wall leaky: only in the 2D transverse section (use drained or watertight)");
  PetscCheck(dim == 2 || g->outer == DIO_OUTER_IMPERMEABLE, sec->comm, PETSC_ERR_USER_INPUT,
             "-flow_outer_boundaries half_plane: only in the 2D transverse section");
  PetscCall(DioBiotCheckOptions(sec->comm));
  for (PetscInt k = 0; k < stack->num_layers; k++) PetscCall(DioFlowCheckLayer(sec->comm, sec->materials, stack->layer_id[k]));
  PetscCall(DioSectionCheckpointOptions(sec, &g->every, g->checkpoint_path, sizeof(g->checkpoint_path), &g->restart, g->restart_path));
  g->restart_step = -1;
  g->sec     = sec;
  g->dim     = dim;
  g->radius  = 0.5 * diameter_m;
  g->gamma_w = sec->opts.loads.water_density * sec->opts.loads.gravity;
  *gw        = g;
  PetscFunctionReturn(0);
}

/* Excess pore pressure (Pa) of atmospheric pressure at X: minus the hydrostatic pressure. */
static PetscReal AtmosphericExcess(PetscInt dim, const PetscReal X[], void *ctx)
{
  const DioSectionFlow g = (DioSectionFlow)ctx;
  return -PetscMax(0.0, g->gamma_w * (g->sec->opts.loads.water_level - X[dim - 1]));
}

/* Excess pore pressure (Pa) of the head -flow_tunnel_head: rho_w g (h_t - z) - rho_w g (z_w - z), the same everywhere. */
static PetscReal TunnelHeadExcess(PetscInt dim, const PetscReal X[], void *ctx)
{
  const DioSectionFlow g = (DioSectionFlow)ctx;
  (void)dim;
  (void)X;
  return g->gamma_w * (g->tunnel_head - g->sec->opts.loads.water_level);
}

/* ln(rho_- / rho_+) at (x, z): distances to the sink inside the tunnel and to its image above the head line. */
static PetscReal HalfPlaneLogRatio(const HalfPlaneHead *h, PetscReal x, PetscReal z)
{
  const PetscReal d = h->surface - h->axis, a = PetscSqrtReal(d * d - h->radius * h->radius);
  const PetscReal minus = PetscSqr(x) + PetscSqr(z - (h->surface - a)), plus = PetscSqr(x) + PetscSqr(z - (h->surface + a));
  return 0.5 * PetscLogReal(minus / plus);
}

/* Excess pore pressure (Pa) of the half-plane's steady head at X: rho_w g (h - z_w), h = h_s + (h_t - h_s) ln(rho_-/rho_+) /
   ln(rho_-/rho_+)_wall, h_s = z_w (the seabed at the sea's head). */
static PetscReal HalfPlaneExcess(PetscInt dim, const PetscReal X[], void *ctx)
{
  const HalfPlaneHead *h = (const HalfPlaneHead *)ctx;
  (void)dim;
  return h->gamma_w * (h->tunnel_head - h->water_level) * HalfPlaneLogRatio(h, X[0], X[1]) / h->log_ratio_wall;
}

/* Distance (m) of X from the bore axis: in the plane (x, y) of the section, in the cross-section (y, z) of the segment.
 */
static PetscReal BoreRadius(const struct _n_DioSectionFlow *g, const PetscReal X[])
{
  return PetscSqrtReal(PetscSqr(X[g->dim - 2]) + PetscSqr(X[g->dim - 1] - g->sec->mesh_opts.axis_elevation_m));
}

/* "Face Sets" = DIO_BOUNDARY_TUNNEL_WALL on the faces at r = R of the ground cells (tunnel label <= 0), in 3D only
   those at x < x_end (the wall from the segment's start), the previous wall cleared; the owned wall vertices (x <=
   x_end) for the probes. The section's wall must exist. Collective. */
static PetscErrorCode LabelWall(DioSectionFlow g, PetscReal x_end)
{
  DioSection     *sec = g->sec;
  const PetscReal tol = 1e-6 * g->radius;
  DMLabel         label;
  PetscInt        cStart, n = 0, n_global;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMLabelClearStratum(label, DIO_BOUNDARY_TUNNEL_WALL));
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    const PetscInt *cone;
    PetscInt        cone_size;
    if (g->tunnel[c] > 0) continue;
    PetscCall(DMPlexGetConeSize(sec->dm, cStart + c, &cone_size));
    PetscCall(DMPlexGetCone(sec->dm, cStart + c, &cone));
    for (PetscInt k = 0; k < cone_size; k++) {
      PetscReal X[3];
      PetscCall(DMPlexComputeCellGeometryFVM(sec->dm, cone[k], NULL, X, NULL));
      if (g->dim == 3 && X[0] > x_end) continue;
      if (DioSectionOnBoreWall(BoreRadius(g, X), g->radius)) {
        PetscCall(DMLabelSetValue(label, cone[k], DIO_BOUNDARY_TUNNEL_WALL));
        n++;
      }
    }
  }
  PetscCall(MPIU_Allreduce(&n, &n_global, 1, MPIU_INT, MPI_SUM, sec->comm));
  PetscCheck(n_global > 0 || g->dim == 3, sec->comm, PETSC_ERR_PLIB,
             "transverse section: no bore-wall faces at radius %g m", (double)g->radius);
  if (g->wall_vertices == NULL) PetscCall(PetscMalloc1(sec->topology.num_vertices + 1, &g->wall_vertices));
  g->num_wall_vertices = 0;
  for (PetscInt v = 0; v < sec->topology.num_vertices; v++) {
    const PetscReal *X = &sec->topology.vertex_coords[3 * v];
    if (g->dim == 3 && X[0] > x_end + tol) continue;
    if (PetscAbsReal(BoreRadius(g, X) - g->radius) < tol) g->wall_vertices[g->num_wall_vertices++] = v;
  }
  PetscFunctionReturn(0);
}

/* The flow before (excavated PETSC_FALSE: every cell, no wall) or after the excavation (the cells not removed; with
   `wall` the wall condition, else the wall is impermeable), and a fresh coupling (the elasticity's operator changes
   with each stage). Collective. */
static PetscErrorCode FlowBuild(DioSectionFlow g, PetscBool excavated, PetscBool wall)
{
  DioSection *sec = g->sec;
  PetscBool  *active = NULL;

  PetscFunctionBegin;
  PetscCall(DioBiotDestroy(&g->biot));
  PetscCall(DioFlowDestroy(&g->flow));
  PetscCall(DioFlowCreate(sec->dm, sec->materials, sec->opts.loads.water_density, &g->flow));
  PetscCall(DioFlowSetDrainedBoundary(g->flow, DIO_BOUNDARY_SURFACE, PETSC_TRUE));
  if (g->outer == DIO_OUTER_HALF_PLANE) {
    const PetscInt outer[3] = {DIO_BOUNDARY_BASE, DIO_BOUNDARY_WEST, DIO_BOUNDARY_EAST};
    for (PetscInt k = 0; k < 3; k++) PetscCall(DioFlowSetBoundaryPressure(g->flow, outer[k], excavated ? HalfPlaneExcess : NULL, &g->half_plane));
  }
  if (excavated) {
    PetscCall(PetscMalloc1(sec->topology.num_cells + 1, &active));
    for (PetscInt c = 0; c < sec->topology.num_cells; c++) active[c] = (PetscBool)(g->removed[c] <= 0);
    PetscCall(DioFlowSetActiveCells(g->flow, active));
    PetscCall(PetscFree(active));
    if (wall && g->wall == DIO_WALL_DRAINED)
      PetscCall(DioFlowSetBoundaryPressure(g->flow, DIO_BOUNDARY_TUNNEL_WALL, g->head_set ? TunnelHeadExcess : AtmosphericExcess, g));
    else if (wall && g->wall == DIO_WALL_LEAKY)
      PetscCall(DioFlowSetLeakyBoundary(g->flow, DIO_BOUNDARY_TUNNEL_WALL,
                                        g->lining_conductivity / (g->lining_thickness * sec->opts.loads.water_density * DIO_FLOW_CONDUCTIVITY_GRAVITY),
                                        AtmosphericExcess, g));
  }
  PetscCall(DioFlowSetUp(g->flow));
  PetscCall(DioBiotCreate(sec->elas, g->flow, &g->biot));
  PetscFunctionReturn(0);
}

/* The flow of the excavated section rebuilt (with or without the wall condition), keeping the pressure state (the new
   flow's layout is the old one's: the same mesh). Collective. */
static PetscErrorCode FlowRebuild(DioSectionFlow g, PetscBool wall)
{
  Vec p_keep;

  PetscFunctionBegin;
  PetscCall(VecDuplicate(g->p, &p_keep));
  PetscCall(VecCopy(g->p, p_keep));
  PetscCall(VecDestroy(&g->p));
  PetscCall(VecDestroy(&g->p_old));
  PetscCall(FlowBuild(g, PETSC_TRUE, wall));
  PetscCall(DioFlowCreateGlobalVector(g->flow, &g->p));
  PetscCall(VecDuplicate(g->p, &g->p_old));
  PetscCall(VecCopy(p_keep, g->p));
  PetscCall(VecDestroy(&p_keep));
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowSetUp - after DioSectionSetUp() and the geostatic initial state (stored as initial stress): labels the
  wall (2D; in 3D DioSectionFlowSetWallEnd() sets it stage by stage), builds the flow of the intact ground and solves
  one coupled step at no change of load from the geostatic state: its displacement (added to U and stored, as a
  stage's) and excess pore pressure are what the coupled model makes of the geostatic state, zero to solver tolerance
  (logged, and written as output step 0). tunnel: the "tunnel" label (> 0: core and ring); removed: > 0 on the cells
  that carry no flow once excavated (the section: the tunnel label; the segment: its excavated slices, updated in place
  stage by stage); both borrowed. Collective.
*/
PetscErrorCode DioSectionFlowSetUp(DioSectionFlow g, const PetscInt tunnel[], const PetscInt removed[], Vec U)
{
  DioSection     *sec = g->sec;
  DioBiotStepInfo info;
  Vec             u;
  PetscReal       u_max, p_max;
  PetscInt        num_p;
  PetscBool       nonlinear;

  PetscFunctionBegin;
  PetscCall(DioElasticityIsNonlinear(sec->elas, &nonlinear));
  PetscCheck(!nonlinear, sec->comm, PETSC_ERR_USER_INPUT, "-flow_model consolidation: elastic layers only (a layer has -materials_*_constitutive other than elastic)");
  g->tunnel      = tunnel;
  g->removed     = removed;
  g->wall_length = 1;
  if (g->dim == 2 && !g->wall_labelled) PetscCall(LabelWall(g, PETSC_MAX_REAL));
  {
    HalfPlaneHead *h = &g->half_plane;
    DioTransverseOptions topts;
    PetscCall(PetscMemzero(&topts, sizeof(topts)));
    h->axis        = sec->mesh_opts.axis_elevation_m;
    h->radius      = g->radius;
    h->water_level = sec->opts.loads.water_level;
    h->tunnel_head = g->tunnel_head;
    h->gamma_w     = g->gamma_w;
    h->surface     = -PETSC_MAX_REAL;
    for (PetscInt v = 0; v < sec->topology.num_vertices; v++)
      h->surface = PetscMax(h->surface, sec->topology.vertex_coords[3 * v + g->dim - 1]);
    PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &h->surface, 1, MPIU_REAL, MPIU_MAX, sec->comm));
    PetscCheck(g->outer != DIO_OUTER_HALF_PLANE || h->surface - h->axis > h->radius, sec->comm, PETSC_ERR_USER_INPUT,
               "-flow_outer_boundaries half_plane: the bore must lie below the seabed");
    if (h->surface - h->axis > h->radius) h->log_ratio_wall = HalfPlaneLogRatio(h, 0, h->axis + h->radius);
  }
  PetscCall(FlowBuild(g, PETSC_FALSE, PETSC_FALSE));
  PetscCall(DioFlowCreateGlobalVector(g->flow, &g->p));
  PetscCall(VecDuplicate(g->p, &g->p_old));
  PetscCall(DioElasticityCreateGlobalVector(sec->elas, &g->u_zero));
  PetscCall(DioFlowGetNumDofs(g->flow, &num_p));
  sec->num_dofs += num_p;
  if (g->restart_step >= 0) {
    /* the state comes from the checkpoint (DioSectionFlowConsolidate()) */
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[flow]      Biot consolidation: %" PetscInt_FMT " pore-pressure dofs (Q1), wall %s%s; restarting\n", num_p,
                            DioWallFlows[g->wall], g->head_set ? " at -flow_tunnel_head" : ""));
  } else {
    PetscCall(VecDuplicate(g->u_zero, &u));
    PetscCall(DioBiotStep(g->biot, 0.0, u, g->p, &info));
    PetscCall(VecNorm(u, NORM_INFINITY, &u_max));
    PetscCall(VecNorm(g->p, NORM_INFINITY, &p_max));
    PetscCall(VecAXPY(U, 1.0, u));
    PetscCall(DioElasticityStoreInitialStress(sec->elas, u));
    PetscCall(VecDestroy(&u));
    sec->total_iterations += info.iterations; /* the summary's solver counts */
    sec->num_solves++;
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                            "[flow]      Biot consolidation: %" PetscInt_FMT " pore-pressure dofs (Q1), wall %s%s; the geostatic state in the coupled model: |u| %.2e m, "
                            "|p_excess| %.2e Pa (%" PetscInt_FMT " its)\n",
                            num_p, DioWallFlows[g->wall], g->head_set ? " at -flow_tunnel_head" : "", (double)u_max, (double)p_max, info.iterations));
  }
  g->excess_max = g->excess_min = 0;
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowSolveStage - the undrained response (dt = 0) of a stage whose loads and cells the caller has set:
  excavated PETSC_TRUE (first call after the excavation) rebuilds the flow without the bore; every stage gets a fresh
  coupling. No water moves in an undrained step, so the wall is impermeable here: a drained wall held at once would
  put the pressure drop of the first instant (a boundary layer of zero thickness) on the nodes beside it as an
  oscillation (+670 kPa next to a -1070 kPa wall in the Bering section). The wall condition acts from the first
  consolidation step on; a wall set stage by stage (3D, DioSectionFlowSetWallEnd()) stays held where the previous
  stage held it (its nodes are at the held pressure already: no new boundary layer). u: the stage's displacement
  increment (set to 0 first). Collective.
*/
PetscErrorCode DioSectionFlowSolveStage(DioSectionFlow g, const PetscInt tunnel[], PetscBool excavated, Vec u, PetscInt step, PetscInt num_steps, const char what[])
{
  DioSection     *sec = g->sec;
  DioBiotStepInfo info;
  PetscLogDouble  t0, t1;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  if (excavated)
    PetscCall(FlowRebuild(g, g->staged_wall));
  else {
    PetscCall(DioBiotDestroy(&g->biot));
    PetscCall(DioBiotCreate(sec->elas, g->flow, &g->biot));
  }
  PetscCall(VecSet(u, 0.0));
  PetscCall(DioBiotStep(g->biot, 0.0, u, g->p, &info));
  sec->total_iterations += info.iterations; /* the summary's solver counts */
  sec->num_solves++;
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[step %3" PetscInt_FMT "/%" PetscInt_FMT "] %s, undrained: KSP %" PetscInt_FMT " its, %.1f s\n", step, num_steps, what,
                          info.iterations, t1 - t0));
  PetscFunctionReturn(0);
}

/* Largest downward displacement of the top vertices (m) of the accumulated U; of the driver's surface vertices where
   it gave them (a seabed that is not flat). Collective. */
static PetscErrorCode SurfaceSettlement(DioSectionFlow g, const PetscReal displacement[], PetscReal *settlement)
{
  DioSection            *sec  = g->sec;
  const DioMeshTopology *topo = &sec->topology;
  const PetscInt         z    = sec->dim - 1; /* vertical */
  PetscReal              top = -PETSC_MAX_REAL, s = -PETSC_MAX_REAL;

  PetscFunctionBegin;
  if (g->surface_set) {
    for (PetscInt i = 0; i < g->num_surface; i++) s = PetscMax(s, -displacement[3 * g->surface[i] + z]);
    PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &s, 1, MPIU_REAL, MPIU_MAX, sec->comm));
    *settlement = s;
    PetscFunctionReturn(0);
  }
  for (PetscInt v = 0; v < topo->num_vertices; v++) top = PetscMax(top, topo->vertex_coords[3 * v + z]);
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &top, 1, MPIU_REAL, MPIU_MAX, sec->comm));
  for (PetscInt v = 0; v < topo->num_vertices; v++)
    if (PetscAbsReal(topo->vertex_coords[3 * v + z] - top) < 1e-9 * (1 + PetscAbsReal(top)))
      s = PetscMax(s, -displacement[3 * v + z]);
  PetscCall(MPIU_Allreduce(&s, settlement, 1, MPIU_REAL, MPIU_MAX, sec->comm));
  PetscFunctionReturn(0);
}

/* Excess and total pore pressure (Pa) at the owned topology vertices (either NULL: not wanted). Collective. */
static PetscErrorCode VertexPressures(DioSectionFlow g, PetscReal excess[], PetscReal total[])
{
  DioSection            *sec      = g->sec;
  const DioMeshTopology *topo     = &sec->topology;
  PetscReal             *p_excess = excess;

  PetscFunctionBegin;
  if (p_excess == NULL) PetscCall(PetscMalloc1(topo->num_vertices + 1, &p_excess));
  PetscCall(DioFlowGetVertexValues(g->flow, g->p, topo->num_vertices, topo->vertex_points, p_excess));
  for (PetscInt v = 0; v < topo->num_vertices && total; v++) {
    PetscReal hydrostatic;
    PetscCall(DioFlowHydrostaticPressure(g->flow, sec->opts.loads.gravity, sec->opts.loads.water_level,
                                         topo->vertex_coords[3 * v + g->dim - 1], &hydrostatic));
    total[v] = hydrostatic + p_excess[v];
  }
  if (excess == NULL) PetscCall(PetscFree(p_excess));
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowGetVertexPorePressure - the total pore pressure (Pa: hydrostatic plus excess) of the current state at
  the owned vertices of the section's topology, total[num_vertices]. Collective.
*/
PetscErrorCode DioSectionFlowGetVertexPorePressure(DioSectionFlow g, PetscReal total[])
{
  PetscFunctionBegin;
  PetscCall(VertexPressures(g, NULL, total));
  PetscFunctionReturn(0);
}

/* The probe files, in the output folder the output has made: new (last_step < 0), or those of a restarted run continued
   after its checkpoint's step last_step (rows of later steps dropped). Collective. */
static PetscErrorCode OpenProbes(DioSectionFlow g, PetscInt last_step)
{
  DioSection *const sec      = g->sec;
  const char *const  names[2] = {"inflow", "lining_water"};
  const char *const  headers[2] = {"step,time_s,time_d,inflow_m3_per_s_per_m,inflow_m3_per_day_per_m,wall_water_"
                                    "pressure_min_pa,wall_water_pressure_max_pa,"
                                    "excess_pore_pressure_min_pa,excess_pore_pressure_max_pa,surface_settlement_m",
                                  g->wall_labelled
                                       ? "step,time_s,x_m,elevation_m,water_pressure_pa,excess_pore_pressure_pa"
                                   : g->dim == 3 ? "step,time_s,x_m,angle_deg,water_pressure_pa,excess_pore_pressure_pa"
                                                 : "step,time_s,angle_deg,water_pressure_pa,excess_pore_pressure_pa"};
  DioCSV            *csv[2]   = {&g->inflow_csv, &g->water_csv};

  PetscFunctionBegin;
  for (PetscInt k = 0; k < 2; k++) {
    char path[PETSC_MAX_PATH_LEN];
    PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_%s.csv", sec->opts.output_dir, sec->opts.output_name, names[k]));
    if (last_step < 0) PetscCall(DioCSVCreate(sec->comm, path, headers[k], csv[k]));
    else PetscCall(DioCSVReopen(sec->comm, path, headers[k], last_step, csv[k]));
  }
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowOutputStep - one output step (at output_time, the output's time axis; time: s since the last stage)
  with the mechanical fields of the section and the groundwater's:
  excess_pore_pressure, pore_pressure_total, hydraulic_head (vertices), darcy_velocity (cells, m/s, 3 components);
  the probe rows (inflow over [time - dt, time], per metre of the wall that carries the condition in 3D; water pressure
  on the wall) when `probes`. An undrained step (dt = 0) with probes sets the settlement the consolidation settlement is
  counted from. Collective.
*/
static PetscErrorCode OutputStep(DioSectionFlow g, DioOutput out, Vec U, Vec u, PetscInt step, PetscReal output_time, PetscReal time, PetscReal dt,
                                 const PetscInt excavated[], PetscBool probes)
{
  DioSection            *sec  = g->sec;
  const DioMeshTopology *topo = &sec->topology;
  const PetscReal        axis = sec->mesh_opts.axis_elevation_m;
  const PetscInt z = g->dim - 1, ncol = g->dim == 3 || g->wall_labelled ? 6 : 5; /* vertical; wall row columns */
  PetscReal             *excess, *total, *head, *velocity, *displacement, *rows, lo, hi, wall_lo = PETSC_MAX_REAL, wall_hi = -PETSC_MAX_REAL;

  PetscFunctionBegin;
  if (g->inflow_csv == NULL) PetscCall(OpenProbes(g, -1));
  PetscCall(PetscMalloc5(topo->num_vertices + 1, &excess, topo->num_vertices + 1, &total, topo->num_vertices + 1, &head, 3 * topo->num_cells + 1, &velocity,
                         3 * topo->num_vertices + 1, &displacement));
  PetscCall(VertexPressures(g, excess, total));
  for (PetscInt v = 0; v < topo->num_vertices; v++)
    head[v] =
        topo->vertex_coords[3 * v + z] + total[v] / (sec->opts.loads.water_density * DIO_FLOW_CONDUCTIVITY_GRAVITY);
  PetscCall(DioBiotCellFlowFields(g->biot, g->p, velocity, NULL, NULL));
  for (PetscInt c = 0; c < topo->num_cells && excavated; c++)
    if (excavated[c]) velocity[3 * c] = velocity[3 * c + 1] = velocity[3 * c + 2] = 0;
  PetscCall(DioOutputBeginStep(out, step, output_time));
  PetscCall(DioSectionWriteStepFields(sec, out, U, u, excavated, NULL));
  PetscCall(DioOutputWriteField(out, "excess_pore_pressure", DIO_OUTPUT_VERTEX, 1, "Pa", excess));
  PetscCall(DioOutputWriteField(out, "pore_pressure_total", DIO_OUTPUT_VERTEX, 1, "Pa", total));
  PetscCall(DioOutputWriteField(out, "hydraulic_head", DIO_OUTPUT_VERTEX, 1, "m", head));
  PetscCall(DioOutputWriteField(out, "darcy_velocity", DIO_OUTPUT_CELL, 3, "m/s", velocity));
  PetscCall(DioOutputEndStep(out));
  if (!probes) {
    PetscCall(PetscFree5(excess, total, head, velocity, displacement));
    PetscFunctionReturn(0);
  }

  /* 2D: m3/s per metre already; 3D: the whole wall's, per metre of the wall that carries the condition */
  PetscCall(DioBiotBoundaryInflow(sec->elas, g->flow, DIO_BOUNDARY_TUNNEL_WALL, dt, g->u_zero, u, g->p_old, g->p,
                                  &g->inflow_total));
  g->inflow     = g->wall_length > 0 ? g->inflow_total / g->wall_length : 0.0;
  g->inflow_max = PetscMax(g->inflow_max, g->inflow);
  PetscCall(DioRangeOf(sec->comm, topo->num_vertices, 1, excess, &lo, &hi));
  g->excess_max = PetscMax(g->excess_max, hi);
  g->excess_min = PetscMin(g->excess_min, lo);
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, U, topo->num_vertices, topo->vertex_points, displacement));
  PetscCall(SurfaceSettlement(g, displacement, &g->settlement));
  if (dt == 0) g->settlement_undrained = g->settlement;
  PetscCall(PetscMalloc1(ncol * g->num_wall_vertices + 1, &rows));
  for (PetscInt i = 0; i < g->num_wall_vertices; i++) {
    const PetscInt   v = g->wall_vertices[i];
    const PetscReal *X = &topo->vertex_coords[3 * v];
    PetscReal       *row   = &rows[ncol * i];
    PetscReal        angle = PetscAtan2Real(X[z] - axis, X[z - 1]) * 180.0 / PETSC_PI;
    if (angle < 0) angle += 360.0;
    row[0] = step;
    row[1] = time;
    if (ncol == 6) row[2] = X[0];
    row[ncol - 3] = g->wall_labelled ? X[z] : angle;
    row[ncol - 2] = total[v];
    row[ncol - 1] = excess[v];
    wall_lo       = PetscMin(wall_lo, total[v]);
    wall_hi       = PetscMax(wall_hi, total[v]);
  }
  PetscCall(DioCSVAppendRows(g->water_csv, g->num_wall_vertices, ncol, rows, 2));
  PetscCall(PetscFree(rows));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &wall_lo, 1, MPIU_REAL, MPIU_MIN, sec->comm));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &wall_hi, 1, MPIU_REAL, MPIU_MAX, sec->comm));
  if (wall_hi < wall_lo) wall_lo = wall_hi = 0; /* 3D before the first lined ring: no wall yet */
  g->water_final   = wall_hi; /* the last step's: what the lining carries in the end */
  g->wall_water_lo = wall_lo;
  g->wall_water_hi = wall_hi;
  {
    PetscMPIInt rank;
    PetscReal   row[10] = {(PetscReal)step, time, time / 86400.0, g->inflow, g->inflow * 86400.0, wall_lo, wall_hi, lo, hi, g->settlement};
    PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
    PetscCall(DioCSVAppendRows(g->inflow_csv, rank == 0 ? 1 : 0, 10, row, -1));
  }
  PetscCall(PetscFree5(excess, total, head, velocity, displacement));
  PetscFunctionReturn(0);
}

/* One output step with its probe rows (OutputStep()). Collective. */
PetscErrorCode DioSectionFlowOutputStep(DioSectionFlow g, DioOutput out, Vec U, Vec u, PetscInt step, PetscReal output_time, PetscReal time, PetscReal dt,
                                        const PetscInt excavated[])
{
  PetscFunctionBegin;
  PetscCall(OutputStep(g, out, U, u, step, output_time, time, dt, excavated, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* Time (s) at the end of step k = 0..steps of a consolidation lasting `duration` (s), steps growing by `growth`. */
static PetscReal StepTime(PetscReal duration, PetscInt steps, PetscReal growth, PetscInt k)
{
  if (growth == 1) return duration * k / steps;
  return duration * (PetscPowReal(growth, (PetscReal)k) - 1) / (PetscPowReal(growth, (PetscReal)steps) - 1);
}

/* The results so far into the checkpoint's array (rank 0 holds them), before a checkpoint. Collective. */
static PetscErrorCode ResultsStore(DioSectionFlow g)
{
  PetscReal    reference;
  PetscInt     n;
  PetscScalar *r;

  PetscFunctionBegin;
  PetscCall(DioBiotGetReference(g->biot, &reference));
  {
    const PetscReal values[DIO_SECTION_FLOW_NUM_RESULTS] = {g->inflow,     g->inflow_max,           g->excess_max,    g->excess_min,
                                                            g->water_final, g->settlement_undrained, g->settlement,    g->wall_water_lo,
                                                            g->wall_water_hi, (PetscReal)g->has_support, g->support_effective_min, reference};
    PetscCall(VecGetLocalSize(g->results, &n));
    PetscCall(VecGetArray(g->results, &r));
    for (PetscInt i = 0; i < n; i++) r[i] = values[i];
    PetscCall(VecRestoreArray(g->results, &r));
  }
  PetscFunctionReturn(0);
}

/* The results of ResultsStore() from a checkpoint (every rank). Collective. */
static PetscErrorCode ResultsLoad(DioSectionFlow g, const char path[])
{
  Vec                all;
  const PetscScalar *r;
  PetscInt           n;

  PetscFunctionBegin;
  PetscCall(DioCheckpointReadArray(g->sec->comm, path, "section_flow_results", &all));
  PetscCall(VecGetSize(all, &n));
  PetscCheck(n == DIO_SECTION_FLOW_NUM_RESULTS, g->sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s': section_flow_results holds %" PetscInt_FMT " values, this version expects %d: not a checkpoint of this diomede", path, n,
             DIO_SECTION_FLOW_NUM_RESULTS);
  PetscCall(VecGetArrayRead(all, &r));
  g->inflow                = PetscRealPart(r[0]);
  g->inflow_max            = PetscRealPart(r[1]);
  g->excess_max            = PetscRealPart(r[2]);
  g->excess_min            = PetscRealPart(r[3]);
  g->water_final           = PetscRealPart(r[4]);
  g->settlement_undrained  = PetscRealPart(r[5]);
  g->settlement            = PetscRealPart(r[6]);
  g->wall_water_lo         = PetscRealPart(r[7]);
  g->wall_water_hi         = PetscRealPart(r[8]);
  g->has_support           = (PetscBool)(PetscRealPart(r[9]) != 0);
  g->support_effective_min = PetscRealPart(r[10]);
  PetscCall(DioBiotSetReference(g->biot, PetscRealPart(r[11])));
  PetscCall(VecRestoreArrayRead(all, &r));
  PetscCall(VecDestroy(&all));
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowRestartStep - with -restart: the output step the checkpoint was written after, which must be a
  consolidation step (the section checkpoints only there: num_stages + 1 .. num_stages + -consolidation_steps); -1
  without -restart. Calling it turns on the consolidation's checkpoints (a driver that does not, e.g. one with stages
  of its own to checkpoint, gets none: only the stop point). After DioSectionFlowCreate(), in a check pass too.
  Collective.
*/
PetscErrorCode DioSectionFlowRestartStep(DioSectionFlow g, PetscInt num_stages, PetscInt *step)
{
  PetscFunctionBegin;
  *step         = -1;
  g->checkpoints = PETSC_TRUE;
  if (!g->restart) PetscFunctionReturn(0);
  PetscCall(DioCheckpointReadInt(g->sec->comm, g->restart_path, "stage", &g->restart_step));
  PetscCheck(g->restart_step > num_stages && g->restart_step <= num_stages + g->steps, g->sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' is after output step %" PetscInt_FMT ": the transverse section restarts from a consolidation step, %" PetscInt_FMT " to %" PetscInt_FMT,
             g->restart_path, g->restart_step, num_stages + 1, num_stages + g->steps);
  *step = g->restart_step;
  PetscFunctionReturn(0);
}

/* A restarted run continues its own output after the checkpoint's step (DioSectionOutputContinue()). Collective. */
PetscErrorCode DioSectionFlowOutputContinue(DioSectionFlow g, const PetscInt stage[], DioOutput *out)
{
  PetscFunctionBegin;
  PetscCall(DioSectionOutputContinue(g->sec, stage, g->restart_step, out, &g->output_appended));
  PetscFunctionReturn(0);
}

/* The state after the checkpoint's step: U and the stored stress (DioSectionCheckpointRead()), the excess pore
   pressure, the results so far and the tolerance's reference; the probe files continued. Collective. */
static PetscErrorCode Restart(DioSectionFlow g, Vec U)
{
  DioSection *sec = g->sec;
  PetscInt    step;

  PetscFunctionBegin;
  PetscCall(DioSectionCheckpointRead(sec, g->restart_path, &step, U));
  PetscCall(DioSectionCheckpointReadNodeArray(sec, g->restart_path, "pressure_node_coordinates", "excess_pore_pressure", g->p_coords, 1, g->p));
  PetscCall(ResultsLoad(g, g->restart_path));
  PetscCall(OpenProbes(g, step));
  PetscCall(DioSectionRestartReport(sec, g->restart_path, step));
  PetscFunctionReturn(0);
}

/* `steps` backward-Euler steps (growing by -consolidation_time_step_growth) over `duration` (s) with the flow as it
   is built, from step k_first (1; later after a restart); each step's displacement increment u is added to U and
   stored as initial stress (as the stages do); output steps first_step, first_step + 1, ... at output time time_offset
   + t * time_scale (t: s since the start), probe and log time time_origin + t (s). Where the driver called
   DioSectionFlowRestartStep(), a checkpoint after every -checkpoint_every output steps holds U, the stored stress, the
   excess pore pressure and the results so far, and a stop signal (SIGTERM, SIGINT, SIGUSR1) ends the run after the
   step in progress with one; elsewhere the signal only stops it (*stop; DioSectionStopPoint()). Collective. */
static PetscErrorCode ConsolidateSteps(DioSectionFlow g, DioOutput out, Vec U, Vec u, PetscInt first_step, PetscInt k_first,
                                       PetscReal time_offset, PetscReal time_scale, PetscReal time_origin,
                                       PetscReal duration, PetscInt steps, const PetscInt excavated[], PetscBool *stop)
{
  DioSection *sec = g->sec;

  PetscFunctionBegin;
  *stop = PETSC_FALSE;
  for (PetscInt k = k_first; k <= steps && !*stop; k++) {
    const PetscReal time = StepTime(duration, steps, g->growth, k),
                    dt   = time - StepTime(duration, steps, g->growth, k - 1);
    DioBiotStepInfo info;
    PetscLogDouble  t0, t1;

    PetscCall(PetscTime(&t0));
    PetscCall(VecCopy(g->p, g->p_old));
    PetscCall(VecSet(u, 0.0));
    PetscCall(DioBiotStep(g->biot, dt, u, g->p, &info));
    sec->total_iterations += info.iterations; /* the summary's solver counts */
    sec->num_solves++;
    PetscCall(VecAXPY(U, 1.0, u));
    PetscCall(DioSectionFlowOutputStep(g, out, U, u, first_step + k - 1, time_offset + time * time_scale,
                                       time_origin + time, dt, excavated));
    PetscCall(DioElasticityStoreInitialStress(sec->elas, u));
    PetscCall(PetscTime(&t1));
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                            "[step %3" PetscInt_FMT "] t = %10.4g s (%8.3g d) consolidate: KSP %3" PetscInt_FMT
                            " its, inflow %.4g m3/day per m, settlement %.2f mm, "
                            "excess pore pressure %.4g .. %.4g kPa, %.1f s\n",
                            first_step + k - 1, (double)(time_origin + time), (double)((time_origin + time) / 86400.0),
                            info.iterations, (double)(g->inflow * 86400.0), (double)(1e3 * g->settlement),
                            (double)(g->excess_min / 1e3), (double)(g->excess_max / 1e3), t1 - t0));
    if (g->checkpoints) {
      PetscCall(ResultsStore(g));
      PetscCall(DioSectionStageDone(sec, first_step + k - 1, g->every, g->checkpoint_path, U, stop));
    } else {
      char where[64];
      PetscCall(PetscSNPrintf(where, sizeof(where), "consolidation step %" PetscInt_FMT, first_step + k - 1));
      PetscCall(DioSectionStopPoint(sec, where, stop));
    }
  }
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowConsolidate - after the last (undrained) stage: -consolidation_steps backward-Euler steps to
  -consolidation_time_end with the wall condition (ConsolidateSteps()); output steps first_step, first_step + 1, ... at
  output time time_offset + t (days since the last stage). Where the driver called DioSectionFlowRestartStep(), the
  steps checkpoint; with -restart the state comes from the checkpoint and the steps after its own follow. A stop signal
  ends it after the step in progress. Collective.
*/
PetscErrorCode DioSectionFlowConsolidate(DioSectionFlow g, DioOutput out, Vec U, Vec u, PetscInt first_step,
                                         PetscReal time_offset, const PetscInt excavated[])
{
  DioSection *sec     = g->sec;
  PetscInt    k_first = 1;
  PetscMPIInt rank;
  PetscBool   stop;

  PetscFunctionBegin;
  PetscCall(FlowRebuild(g, PETSC_TRUE)); /* the wall condition from now on */
  if (g->checkpoints) {
    /* the arrays a checkpoint adds to the section's (DioSectionCheckpointWrite()) */
    PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
    PetscCall(DioFlowCreateNodeCoordinates(g->flow, &g->p_coords));
    PetscCall(VecCreateMPI(sec->comm, rank == 0 ? DIO_SECTION_FLOW_NUM_RESULTS : 0, DIO_SECTION_FLOW_NUM_RESULTS, &g->results));
    sec->num_checkpoint_extra      = 3;
    sec->checkpoint_extra_names[0] = "pressure_node_coordinates";
    sec->checkpoint_extra_names[1] = "excess_pore_pressure";
    sec->checkpoint_extra_names[2] = "section_flow_results";
    sec->checkpoint_extra[0]       = g->p_coords;
    sec->checkpoint_extra[1]       = g->p;
    sec->checkpoint_extra[2]       = g->results;
  }
  if (g->restart_step >= 0) {
    PetscCall(Restart(g, U));
    PetscCall(VecSet(u, 0.0)); /* the stored stress is the state's */
    k_first = g->restart_step - first_step + 2;
    /* no output to continue (a checkpoint from elsewhere): the restored state is the new output's first step */
    if (!g->output_appended)
      PetscCall(OutputStep(g, out, U, u, g->restart_step, time_offset + StepTime(g->time_end, g->steps, g->growth, k_first - 1) / 86400.0, 0, 0,
                           excavated, PETSC_FALSE));
  }
  PetscCall(ConsolidateSteps(g, out, U, u, first_step, k_first, time_offset, 1.0 / 86400.0, 0.0, g->time_end, g->steps, excavated, &stop));
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowConsolidateStage - after a stage's undrained step and its output: `steps` backward-Euler steps over the
  stage's duration (s; the advance of the stage over the advance rate) with the wall condition where
  DioSectionFlowSetWallEnd() put it; output steps first_step, first_step + 1, ... at time time_start + t (s; output,
  probes and log).
  *stop: a stop signal arrived (the run ends after the step in progress). Collective.
*/
PetscErrorCode DioSectionFlowConsolidateStage(DioSectionFlow g, DioOutput out, Vec U, Vec u, PetscInt first_step,
                                              PetscReal time_start, PetscReal duration, PetscInt steps,
                                              const PetscInt excavated[], PetscBool *stop)
{
  PetscFunctionBegin;
  PetscCall(FlowRebuild(g, PETSC_TRUE));
  PetscCall(ConsolidateSteps(g, out, U, u, first_step, 1, time_start, 1.0, time_start, duration, steps, excavated, stop));
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowSetWallEnd - 3D: the tunnel wall condition (-flow_tunnel_wall) acts on the bore wall from the
  segment's start (x = 0) to x = x_end (m; a slice boundary: the lined part, where the lining drains or seals), the rest
  of the wall (shield, tail void) and the face are impermeable (the shield's skin, the grout, the filter cake); the
  inflow is reported per metre of that length. From the next consolidation step on. Collective.
*/
PetscErrorCode DioSectionFlowSetWallEnd(DioSectionFlow g, PetscReal x_end)
{
  PetscFunctionBegin;
  PetscCheck(g->dim == 3, g->sec->comm, PETSC_ERR_ARG_WRONGSTATE, "DioSectionFlowSetWallEnd(): the segment (3D) only");
  PetscCall(LabelWall(g, x_end));
  g->staged_wall = PETSC_TRUE;
  g->wall_length = PetscMax(0.0, x_end);
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowSetWallVertices - the wall is the driver's (a drive's replaced strip, DioSectionLabelRemovedBoundary()):
  "Face Sets" = DIO_BOUNDARY_TUNNEL_WALL as the driver set it, held stage by stage as the segment's, and its owned
  topology vertices[num] (copied) for the probes, whose rows give x and elevation; no circle is looked for. Before
  DioSectionFlowSetUp() and after every change of the label. 2D. Not collective.
*/
PetscErrorCode DioSectionFlowSetWallVertices(DioSectionFlow g, PetscInt num, const PetscInt vertices[])
{
  PetscFunctionBegin;
  PetscCheck(g->dim == 2, PETSC_COMM_SELF, PETSC_ERR_ARG_WRONGSTATE, "DioSectionFlowSetWallVertices(): 2D only");
  g->wall_labelled = g->staged_wall = PETSC_TRUE;
  PetscCall(PetscFree(g->wall_vertices));
  PetscCall(PetscMalloc1(num + 1, &g->wall_vertices));
  PetscCall(PetscArraycpy(g->wall_vertices, vertices, num));
  g->num_wall_vertices = num;
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowSetSurface - the settlement of the probes and the summary taken on these topology vertices[num]
  (borrowed; the seabed of a longitudinal section) instead of the highest ones. Call on every rank (num may be 0).
  Not collective.
*/
PetscErrorCode DioSectionFlowSetSurface(DioSectionFlow g, PetscInt num, const PetscInt vertices[])
{
  PetscFunctionBegin;
  g->surface_set = PETSC_TRUE;
  g->num_surface = num;
  g->surface     = vertices;
  PetscFunctionReturn(0);
}

/*
  DioSectionFlowWallSupport - after the output of the excavation stage: the support pressure on the wall (Pa, a total
  pressure: -tunnel_wall_pressure) against the pore pressure there (undrained: hydrostatic plus excess). What holds the
  ground is the effective support, support minus pore pressure; where it is negative the water pressure exceeds the
  support (a slurry or earth-pressure face would take water in). Logged, and in the summary. Collective.
*/
PetscErrorCode DioSectionFlowWallSupport(DioSectionFlow g, PetscReal support_pressure)
{
  PetscFunctionBegin;
  g->has_support           = PETSC_TRUE;
  g->support_effective_min = support_pressure - g->wall_water_hi;
  PetscCall(DioSectionLog(g->sec, DIO_LOG_NORMAL, "            wall support %.4g kPa against pore pressure %.4g .. %.4g kPa on the wall: effective support %.4g .. %.4g kPa%s\n",
                          (double)(support_pressure / 1e3), (double)(g->wall_water_lo / 1e3), (double)(g->wall_water_hi / 1e3),
                          (double)((support_pressure - g->wall_water_hi) / 1e3), (double)((support_pressure - g->wall_water_lo) / 1e3),
                          g->support_effective_min < 0 ? " (negative: the water pressure exceeds the support)" : ""));
  PetscFunctionReturn(0);
}

/* The wall condition (-flow_tunnel_wall): "drained", "watertight" or "leaky". */
const char *DioSectionFlowWallName(DioSectionFlow g)
{
  return DioWallFlows[g->wall];
}

/* -consolidation_time_end (s): the consolidation after the last stage. */
PetscReal DioSectionFlowTimeEnd(DioSectionFlow g)
{
  return g ? g->time_end : 0;
}

/* The number of consolidation output steps (0 without the flow model). */
PetscInt DioSectionFlowNumSteps(DioSectionFlow g)
{
  return g ? g->steps : 0;
}

/* The groundwater's keys of the summary JSON. Collective. */
PetscErrorCode DioSectionFlowSummary(DioSectionFlow g, DioSummary summary)
{
  PetscFunctionBegin;
  PetscCall(DioSummaryAddString(summary, "flow_tunnel_wall", DioWallFlows[g->wall]));
  PetscCall(DioSummaryAddReal(summary, "tunnel_inflow_m3_per_s_per_m", g->inflow));
  PetscCall(DioSummaryAddReal(summary, "tunnel_inflow_m3_per_day_per_m", g->inflow * 86400.0));
  PetscCall(DioSummaryAddReal(summary, "tunnel_inflow_max_m3_per_day_per_m", g->inflow_max * 86400.0));
  PetscCall(DioSummaryAddReal(summary, "excess_pore_pressure_max_pa", g->excess_max));
  PetscCall(DioSummaryAddReal(summary, "excess_pore_pressure_min_pa", g->excess_min));
  PetscCall(DioSummaryAddReal(summary, "lining_water_pressure_final_max_pa", g->water_final));
  PetscCall(DioSummaryAddReal(summary, "consolidation_settlement_m", g->settlement - g->settlement_undrained));
  PetscCall(DioSummaryAddReal(summary, "consolidation_time_end_s", g->time_end));
  if (g->has_support) PetscCall(DioSummaryAddReal(summary, "wall_effective_support_min_pa", g->support_effective_min));
  if (g->dim == 3) {
    /* the segment: the whole wall's inflow, the length it is spread over */
    PetscCall(DioSummaryAddReal(summary, "tunnel_inflow_total_m3_per_day", g->inflow_total * 86400.0));
    PetscCall(DioSummaryAddReal(summary, "flow_wall_length_m", g->wall_length));
  }
  if (g->dim == 3 || g->surface_set) {
    /* the segment and the drive: the settlements the difference is of */
    PetscCall(DioSummaryAddReal(summary, "surface_settlement_undrained_m", g->settlement_undrained));
    PetscCall(DioSummaryAddReal(summary, "surface_settlement_final_m", g->settlement));
  }
  PetscCall(DioSectionLog(g->sec, DIO_LOG_NORMAL,
                          "[result]    inflow %.4g m3/day per m of tunnel (wall %s), consolidation settlement %.2f mm, excess pore pressure %.4g .. %.4g kPa, "
                          "water pressure on the wall at the end <= %.4g kPa\n",
                          (double)(g->inflow * 86400.0), DioWallFlows[g->wall], (double)(1e3 * (g->settlement - g->settlement_undrained)),
                          (double)(g->excess_min / 1e3), (double)(g->excess_max / 1e3), (double)(g->water_final / 1e3)));
  PetscFunctionReturn(0);
}

PetscErrorCode DioSectionFlowDestroy(DioSectionFlow *gw)
{
  DioSectionFlow g = *gw;

  PetscFunctionBegin;
  if (g == NULL) PetscFunctionReturn(0);
  PetscCall(DioCSVDestroy(&g->inflow_csv));
  PetscCall(DioCSVDestroy(&g->water_csv));
  PetscCall(VecDestroy(&g->p));
  PetscCall(VecDestroy(&g->p_old));
  PetscCall(VecDestroy(&g->u_zero));
  PetscCall(VecDestroy(&g->p_coords));
  PetscCall(VecDestroy(&g->results));
  PetscCall(DioBiotDestroy(&g->biot));
  PetscCall(DioFlowDestroy(&g->flow));
  PetscCall(PetscFree(g->wall_vertices));
  PetscCall(PetscFree(*gw));
  PetscFunctionReturn(0);
}
