/* SPDX-License-Identifier: BSD-2-Clause
   permafrost_flow.c: thaw consolidation around the tunnel (issue 14), permafrost_thaw with -flow_model consolidation:
   the column's model (solver/problems/thaw_consolidation.c, docs/thaw_consolidation.md) on the preset's transverse
   section, as hooks of its stage engine run (permafrost.c writes -consolidation_steps stages per output interval).

   The bore and lining are solved drained, as in the drained preset (the ice-bonded ground carries the excavation: its
   output step 0 is the drained preset's). From the first thaw stage on, per stage: the engine advances the heat to the
   stage's end (stage_heat.c: the frozen stiffness of each cell, no thermal or thaw strain), then this file's solve
   hook takes the ice impedance of the conductivity and the release of the frozen skeleton's effective stress from the
   new ice saturation (dio_thaw_consolidation.h) and makes one backward-Euler step of Biot's equations (Q2 displacement,
   Q1 excess pore pressure, dio_biot.h) over the stage's duration, solved whole from the state after the bore (the
   engine's secant stages). At each output time the drained elastic solve of the same state gives the settlement if the
   thawed ground drained at once (with the hydrostatic pore pressure: no drawdown).
   Water: the ground surface (seabed) is drained, base and ends impermeable, the core and lining carry no flow; the
   bore wall (the ground's face at r = D / 2) is -flow_tunnel_wall drained (atmospheric pressure), watertight or leaky
   (-flow_lining_conductivity, -flow_lining_thickness), the keys of the transverse section. */
#include <petsctime.h>
#include "permafrost.h"
#include "dio_flow.h"
#include "dio_biot.h"
#include "dio_thaw_consolidation.h"

/* The columns of <name>_thaw_consolidation.csv. */
#define THAW_CONSOLIDATION_CSV_HEADER                                                                                  \
  "step,time_years,thaw_depth_from_wall_m,settlement_consolidation_m,settlement_drained_m,excess_pore_pressure_max_pa"

typedef enum { WALL_DRAINED, WALL_WATERTIGHT, WALL_LEAKY } WallFlow;
static const char *const WallFlows[] = {"drained", "watertight", "leaky", "WallFlow", "WALL_", NULL};

struct _n_DioPermafrostFlow {
  DioSection          *sec; /* not owned */
  WallFlow             wall;
  PetscReal            lining_conductivity, lining_thickness, radius; /* m/s, m, m */
  PetscReal            gamma_w;                                       /* rho_w g of the hydrostatic pressure (Pa/m) */
  PetscInt             steps;                                         /* Biot steps per output interval */
  DioFlow              flow;
  DioBiot              biot;
  DioThawConsolidation tc;
  Vec                  u, u_drained, p; /* since the bore (m), excess pore pressure (Pa) */
  DioCSV               csv;
  PetscInt             iterations; /* Biot KSP iterations since the last output */
  PetscReal            settlement, settlement_drained, excess_max, excess_max_run;
  /* the checkpoints' (issue 14): the pressure nodes' coordinates, per cell the thaw's history (ice0, released, the
     reference stress), and the running values STATE_* */
  Vec p_coords, cell_state, state;
};

/* The running values of the checkpoints' "permafrost_flow_state". */
enum { STATE_REFERENCE, STATE_SETTLEMENT, STATE_SETTLEMENT_DRAINED, STATE_EXCESS_MAX, STATE_EXCESS_MAX_RUN, NUM_STATE };

/* The keys (read always: -help lists them and a drained run accepts them, as the transverse section does). */
static PetscErrorCode FlowOptions(MPI_Comm comm, DioPermafrostFlow f, PetscReal lining_thickness_m)
{
  PetscFunctionBegin;
  f->wall             = WALL_DRAINED;
  f->lining_thickness = lining_thickness_m;
  f->steps            = 10;
  PetscOptionsBegin(comm, NULL, "Thaw consolidation around the tunnel (permafrost_thaw -flow_model consolidation)",
                    "flow");
  PetscCall(PetscOptionsEnum("-flow_tunnel_wall",
                             "Bore wall for the water: drained (atmospheric pressure), watertight (no flow) or leaky "
                             "(-flow_lining_conductivity)",
                             "", WallFlows, (PetscEnum)f->wall, (PetscEnum *)&f->wall, NULL));
  PetscCall(PetscOptionsReal("-flow_lining_conductivity",
                             "Leaky lining: hydraulic conductivity K_l (m/s); required with -flow_tunnel_wall leaky",
                             "", f->lining_conductivity, &f->lining_conductivity, NULL));
  PetscCall(PetscOptionsReal("-flow_lining_thickness",
                             "Leaky lining: thickness t_l the water crosses (m; default -tunnel_lining_thickness)", "",
                             f->lining_thickness, &f->lining_thickness, NULL));
  PetscCall(PetscOptionsInt("-consolidation_steps",
                            "Coupled (Biot) steps in each interval between output times (default 10); the heat's "
                            "own steps adapt inside them",
                            "", f->steps, &f->steps, NULL));
  PetscOptionsEnd();
  PetscCheck(f->steps >= 1 && f->steps <= 10000, comm, PETSC_ERR_USER_INPUT,
             "-consolidation_steps = %" PetscInt_FMT ": must be in [1, 10000]", f->steps);
  PetscCheck(f->lining_conductivity >= 0 && f->lining_conductivity < 1, comm, PETSC_ERR_USER_INPUT,
             "-flow_lining_conductivity = %g: must be in [0, 1) m/s", (double)f->lining_conductivity);
  PetscCheck(f->wall != WALL_LEAKY || f->lining_conductivity > 0, comm, PETSC_ERR_USER_INPUT,
             "-flow_tunnel_wall leaky needs -flow_lining_conductivity > 0 m/s (got %g)",
             (double)f->lining_conductivity);
  PetscCheck(f->wall != WALL_LEAKY || f->lining_thickness > 0, comm, PETSC_ERR_USER_INPUT,
             "-flow_lining_thickness = %g: must be > 0 m", (double)f->lining_thickness);
  PetscFunctionReturn(0);
}

/*
  DioPermafrostFlowCreate - the keys of the coupled thaw (also in a check pass; read whatever -flow_model), *pf NULL
  unless o->consolidation. Refuses what the coupled model cannot honour: the 3D segment, a layer of the
  section's stack without groundwater parameters, an element order other than 2, no pore pressure. Destroy with
  DioPermafrostFlowDestroy(). Collective.
*/
PetscErrorCode DioPermafrostFlowCreate(DioSection *sec, const DioPermafrostOptions *o, const DioLayerStack *stack,
                                       PetscBool restart, DioPermafrostFlow *pf)
{
  DioPermafrostFlow f;

  PetscFunctionBegin;
  *pf = NULL;
  PetscCall(PetscNew(&f));
  PetscCall(FlowOptions(sec->comm, f, o->lining_thickness_m));
  if (!o->consolidation) {
    PetscCall(PetscFree(f));
    PetscFunctionReturn(0);
  }
  /* the 3D segment runs (one by hand: 2 slices, 6 m, half a year, a drained wall: the 2D CSV to 2e-6) but a test of
     it costs minutes of CPU: refused until one fits the suite */
  PetscCheck(o->segment_length_m == 0, sec->comm, PETSC_ERR_USER_INPUT,
             "-flow_model consolidation: permafrost_thaw couples the thaw with consolidation on the 2D section only "
             "(-tunnel_segment_length = %g: use 0)",
             (double)o->segment_length_m);
  (void)restart; /* a restart's flow options are the checkpoint's: the fingerprint (section_checkpoint.c) */
  PetscCheck(sec->opts.order == 2, sec->comm, PETSC_ERR_USER_INPUT,
             "-mech_element_order = %" PetscInt_FMT
             ": -flow_model consolidation needs 2 (Q2 displacement with Q1 pressure)",
             sec->opts.order);
  PetscCheck(sec->opts.loads.pore_pressure, sec->comm, PETSC_ERR_USER_INPUT,
             "-flow_model consolidation needs -loads_pore_pressure true");
  {
    /* the ice's mobility contrast (10^-7 between frozen and thawed cells) makes GAMG's cycle on the pressure block
       indefinite for its inner CG (DIVERGED_INDEFINITE_PC, then every step by LU): GMRES there (the outer is FGMRES) */
    PetscBool set;
    PetscCall(PetscOptionsHasName(NULL, NULL, "-biot_fieldsplit_p_ksp_ksp_type", &set));
    if (!set) PetscCall(PetscOptionsSetValue(NULL, "-biot_fieldsplit_p_ksp_ksp_type", "gmres"));
  }
  PetscCall(DioBiotCheckOptions(sec->comm));
  for (PetscInt k = 0; k < stack->num_layers; k++)
    PetscCall(DioFlowCheckLayer(sec->comm, sec->materials, stack->layer_id[k]));
  f->sec     = sec;
  f->radius  = 0.5 * o->diameter_m;
  f->gamma_w = sec->opts.loads.water_density * sec->opts.loads.gravity;
  *pf        = f;
  PetscFunctionReturn(0);
}

/* Biot steps per output interval: the stages permafrost.c writes for each (1 without the coupled model). */
PetscInt DioPermafrostFlowSteps(DioPermafrostFlow f)
{
  return f ? f->steps : 1;
}

/* Excess pore pressure (Pa) of atmospheric pressure at X: minus the hydrostatic pressure. */
static PetscReal AtmosphericExcess(PetscInt dim, const PetscReal X[], void *ctx)
{
  const DioPermafrostFlow f = (DioPermafrostFlow)ctx;
  return -PetscMax(0.0, f->gamma_w * (f->sec->opts.loads.water_level - X[dim - 1]));
}

/* The flow's wall: "Face Sets" = DIO_BOUNDARY_FLOW_WALL on the ground's faces at r = R (an id of its own: the heat
   holds the lining's inner face with DIO_BOUNDARY_TUNNEL_WALL). Collective. */
static PetscErrorCode LabelGroundWall(DioPermafrostFlow f, const PetscInt tunnel[])
{
  DioSection *sec = f->sec;
  DMLabel     label;
  PetscInt    fStart, fEnd, n = 0, n_global, *points;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMLabelClearStratum(label, DIO_BOUNDARY_FLOW_WALL));
  PetscCall(DMPlexGetHeightStratum(sec->dm, 1, &fStart, &fEnd));
  PetscCall(PetscMalloc1(fEnd - fStart, &points));
  PetscCall(DioSectionBoreWallFaces(sec, tunnel, f->radius, points, &n));
  for (PetscInt i = 0; i < n; i++) PetscCall(DMLabelSetValue(label, points[i], DIO_BOUNDARY_FLOW_WALL));
  PetscCall(PetscFree(points));
  PetscCall(MPIU_Allreduce(&n, &n_global, 1, MPIU_INT, MPI_SUM, sec->comm));
  PetscCheck(n_global > 0, sec->comm, PETSC_ERR_PLIB, "permafrost: no ground faces on the bore wall at radius %g m",
             (double)f->radius);
  PetscFunctionReturn(0);
}

/* The flow of the excavated section: the ground's cells, the surface drained, with `wall` the wall condition (else
   the wall is impermeable). Collective. */
static PetscErrorCode FlowBuild(DioPermafrostFlow f, const PetscInt tunnel[], PetscBool wall)
{
  DioSection *sec = f->sec;
  PetscBool  *active;

  PetscFunctionBegin;
  PetscCall(DioFlowCreate(sec->dm, sec->materials, sec->opts.loads.water_density, &f->flow));
  PetscCall(DioFlowSetDrainedBoundary(f->flow, DIO_BOUNDARY_SURFACE, PETSC_TRUE));
  PetscCall(PetscMalloc1(sec->topology.num_cells + 1, &active));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) active[c] = (PetscBool)(tunnel[c] <= 0);
  PetscCall(DioFlowSetActiveCells(f->flow, active));
  PetscCall(PetscFree(active));
  if (wall && f->wall == WALL_DRAINED)
    PetscCall(DioFlowSetBoundaryPressure(f->flow, DIO_BOUNDARY_FLOW_WALL, AtmosphericExcess, f));
  else if (wall && f->wall == WALL_LEAKY)
    PetscCall(DioFlowSetLeakyBoundary(
        f->flow, DIO_BOUNDARY_FLOW_WALL,
        f->lining_conductivity / (f->lining_thickness * sec->opts.loads.water_density * DIO_FLOW_CONDUCTIVITY_GRAVITY),
        AtmosphericExcess, f));
  if (wall && f->wall != WALL_WATERTIGHT) PetscCall(LabelGroundWall(f, tunnel));
  PetscCall(DioFlowSetUp(f->flow));
  PetscFunctionReturn(0);
}

/* The flow (FlowBuild()), its coupling with the mechanics and the thaw's (the reference of the released stress: the
   elasticity's stored stress, not changed since the bore), built again: p keeps its values (the same layout).
   Collective. */
static PetscErrorCode Couple(DioPermafrostFlow f, DioPermafrostHeat *ph, PetscBool wall)
{
  DioSection *sec    = f->sec;
  Vec         p_keep = f->p;

  PetscFunctionBegin;
  PetscCall(DioThawConsolidationDestroy(&f->tc));
  PetscCall(DioBiotDestroy(&f->biot));
  PetscCall(DioFlowDestroy(&f->flow));
  PetscCall(FlowBuild(f, ph->tunnel, wall));
  PetscCall(DioBiotCreate(sec->elas, f->flow, &f->biot));
  PetscCall(DioThawConsolidationCreate(ph->coupling, sec->elas, f->flow, sec->materials, PETSC_TRUE, &f->tc));
  PetscCall(DioThawConsolidationSetReference(f->tc));
  PetscCall(DioThawConsolidationUpdate(f->tc));
  PetscCall(DioFlowCreateGlobalVector(f->flow, &f->p));
  if (p_keep) PetscCall(VecCopy(p_keep, f->p));
  PetscCall(VecDestroy(&p_keep));
  PetscFunctionReturn(0);
}

/* The coupled state into the stage checkpoints (after the coupling is built for good: the vectors stay): the excess
   pore pressure with its nodes' coordinates, the displacements since the bore (coupled, drained comparison; the
   mechanics' nodes), per cell the thaw's history and the running values. Collective. */
static PetscErrorCode CheckpointSetUp(DioPermafrostFlow f)
{
  DioSection *sec = f->sec;
  PetscInt    nq;
  PetscReal  *ice0, *released, *stress0;

  PetscFunctionBegin;
  PetscCall(DioThawConsolidationGetState(f->tc, &nq, &ice0, &released, &stress0));
  PetscCall(DioFlowCreateNodeCoordinates(f->flow, &f->p_coords));
  PetscCall(VecCreateMPI(sec->comm, sec->topology.num_cells * (2 + 6 * nq), PETSC_DECIDE, &f->cell_state));
  PetscCall(DioSectionCheckpointAddArray(sec, "pressure_node_coordinates", f->p_coords));
  PetscCall(DioSectionCheckpointAddArray(sec, "excess_pore_pressure", f->p));
  PetscCall(DioSectionCheckpointAddArray(sec, "thaw_displacement", f->u));
  PetscCall(DioSectionCheckpointAddArray(sec, "thaw_displacement_drained", f->u_drained));
  PetscCall(DioSectionCheckpointAddArray(sec, "thaw_consolidation_cells", f->cell_state));
  PetscCall(DioSectionCheckpointValuesCreate(sec, "permafrost_flow_state", NUM_STATE, &f->state));
  PetscFunctionReturn(0);
}

/* The thaw's history and the running values as a checkpoint written now holds them (store) or from them (!store).
   Not collective. */
static PetscErrorCode CellState(DioPermafrostFlow f, PetscBool store)
{
  const PetscInt n = f->sec->topology.num_cells;
  PetscInt       nq;
  PetscReal     *ice0, *released, *stress0;
  PetscScalar   *a;

  PetscFunctionBegin;
  PetscCall(DioThawConsolidationGetState(f->tc, &nq, &ice0, &released, &stress0));
  PetscCall(VecGetArray(f->cell_state, &a));
  for (PetscInt c = 0; c < n; c++) {
    PetscScalar *row = a + (size_t)c * (2 + 6 * nq);
    if (store) {
      row[0] = ice0[c];
      row[1] = released[c];
      for (PetscInt i = 0; i < 6 * nq; i++) row[2 + i] = stress0[(size_t)c * 6 * nq + i];
    } else {
      ice0[c]     = PetscRealPart(row[0]);
      released[c] = PetscRealPart(row[1]);
      for (PetscInt i = 0; i < 6 * nq; i++) stress0[(size_t)c * 6 * nq + i] = PetscRealPart(row[2 + i]);
    }
  }
  PetscCall(VecRestoreArray(f->cell_state, &a));
  PetscFunctionReturn(0);
}

/*
  DioPermafrostFlowStageDone - at the end of a thaw stage (its output written where it ends an interval): the state its
  checkpoint holds besides the vectors. Not collective.
*/
PetscErrorCode DioPermafrostFlowStageDone(DioPermafrostFlow f)
{
  PetscReal v[NUM_STATE];

  PetscFunctionBegin;
  if (f == NULL || f->state == NULL) PetscFunctionReturn(0);
  PetscCall(CellState(f, PETSC_TRUE));
  PetscCall(DioBiotGetReference(f->biot, &v[STATE_REFERENCE]));
  v[STATE_SETTLEMENT]         = f->settlement;
  v[STATE_SETTLEMENT_DRAINED] = f->settlement_drained;
  v[STATE_EXCESS_MAX]         = f->excess_max;
  v[STATE_EXCESS_MAX_RUN]     = f->excess_max_run;
  PetscCall(DioSectionCheckpointValuesStore(f->state, NUM_STATE, v));
  PetscFunctionReturn(0);
}

/*
  SetUp - at the first thaw stage's start (the bore's stress stored, the heat still at its initial state): the flow,
  the coupling, the reference of the released stress (the stress after the bore) and one coupled step at no change of
  load with an impermeable wall, which the drained state after the bore solves to solver tolerance (logged); then the
  wall condition from the first thaw step on (a wall drained at once would put the instant's pressure drop on the
  nodes beside it, as in the transverse section). Collective.
*/
static PetscErrorCode SetUp(DioPermafrostFlow f, DioPermafrostHeat *ph)
{
  DioSection     *sec = f->sec;
  DioBiotStepInfo info;
  PetscReal       u_max, p_max;
  PetscInt        num_p;
  PetscBool       nonlinear;

  PetscFunctionBegin;
  PetscCall(DioElasticityIsNonlinear(sec->elas, &nonlinear));
  PetscCheck(!nonlinear, sec->comm, PETSC_ERR_USER_INPUT,
             "-flow_model consolidation: elastic layers only (a layer has -materials_*_constitutive other than "
             "elastic)");
  PetscCall(Couple(f, ph, PETSC_FALSE));
  PetscCall(DioElasticityCreateGlobalVector(sec->elas, &f->u));
  PetscCall(VecDuplicate(f->u, &f->u_drained));
  PetscCall(DioFlowGetNumDofs(f->flow, &num_p));
  sec->num_dofs += num_p;
  PetscCall(DioBiotStep(f->biot, 0.0, f->u, f->p, &info));
  sec->total_iterations += info.iterations;
  sec->num_solves++;
  PetscCall(VecNorm(f->u, NORM_INFINITY, &u_max));
  PetscCall(VecNorm(f->p, NORM_INFINITY, &p_max));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[flow]      thaw consolidation: %" PetscInt_FMT
                          " pore-pressure dofs (Q1), wall %s, %" PetscInt_FMT
                          " Biot steps per output interval (thermal and thaw strains not applied: the thawed ground "
                          "consolidates under its released weight); the state after the bore in the coupled model: "
                          "|u| %.2e m, |p_excess| %.2e Pa (%" PetscInt_FMT " its)\n",
                          num_p, WallFlows[f->wall], f->steps, (double)u_max, (double)p_max, info.iterations));
  if (f->wall != WALL_WATERTIGHT) PetscCall(Couple(f, ph, PETSC_TRUE));
  PetscCall(CheckpointSetUp(f));
  PetscFunctionReturn(0);
}

/*
  DioPermafrostFlowRestart - with -restart from a checkpoint after stage first_stage - 1 (the mechanics and the heat
  read: the elasticity's stress is the released one, the heat at the stage's end): from first_stage >= 3 (a thaw
  stage done) the coupling built again with the wall's condition, its state read (excess pore pressure by the
  pressure nodes' coordinates, the displacements by the mechanics', the thaw's history by cell centroids: any number
  of ranks), the solver's reference, the running values, and <name>_thaw_consolidation.csv continued after the last
  output step written; logged. Collective.
*/
PetscErrorCode DioPermafrostFlowRestart(DioPermafrostHeat *ph, const char path[], PetscInt first_stage)
{
  DioPermafrostFlow   f    = ph->flow;
  const DioStageList *list = ph->list;
  DioSection         *sec;
  PetscReal           v[NUM_STATE], *cells;
  PetscInt            num_p, nq, last, k;
  PetscReal          *ice0, *released, *stress0;
  Vec                 coords;
  PetscScalar        *a;

  PetscFunctionBegin;
  if (f == NULL || first_stage < 3) PetscFunctionReturn(0);
  sec = f->sec;
  PetscCall(Couple(f, ph, (PetscBool)(f->wall != WALL_WATERTIGHT)));
  PetscCall(DioElasticityCreateGlobalVector(sec->elas, &f->u));
  PetscCall(VecDuplicate(f->u, &f->u_drained));
  PetscCall(DioFlowGetNumDofs(f->flow, &num_p));
  sec->num_dofs += num_p;
  PetscCall(CheckpointSetUp(f));
  PetscCall(DioSectionCheckpointReadNodeArray(sec, path, "pressure_node_coordinates", "excess_pore_pressure",
                                              f->p_coords, 1, f->p));
  PetscCall(DioElasticityGetNodeCoordinates(sec->elas, &coords));
  PetscCall(DioSectionCheckpointReadNodeArray(sec, path, "node_coordinates", "thaw_displacement", coords, sec->dim, f->u));
  PetscCall(DioSectionCheckpointReadNodeArray(sec, path, "node_coordinates", "thaw_displacement_drained", coords,
                                              sec->dim, f->u_drained));
  PetscCall(DioThawConsolidationGetState(f->tc, &nq, &ice0, &released, &stress0));
  PetscCall(PetscMalloc1((size_t)sec->topology.num_cells * (2 + 6 * nq) + 1, &cells));
  PetscCall(DioSectionCheckpointReadCellArray(sec, path, "thaw_consolidation_cells", 2 + 6 * nq, cells));
  PetscCall(VecGetArray(f->cell_state, &a));
  for (PetscInt i = 0; i < sec->topology.num_cells * (2 + 6 * nq); i++) a[i] = cells[i];
  PetscCall(VecRestoreArray(f->cell_state, &a));
  PetscCall(PetscFree(cells));
  PetscCall(CellState(f, PETSC_FALSE));
  PetscCall(DioThawConsolidationUpdate(f->tc)); /* the same released stress the checkpoint's run had */
  PetscCall(DioSectionCheckpointValuesLoad(sec, path, "permafrost_flow_state", NUM_STATE, v));
  PetscCall(DioSectionCheckpointValuesStore(f->state, NUM_STATE, v));
  PetscCall(DioBiotSetReference(f->biot, v[STATE_REFERENCE]));
  f->settlement         = v[STATE_SETTLEMENT];
  f->settlement_drained = v[STATE_SETTLEMENT_DRAINED];
  f->excess_max         = v[STATE_EXCESS_MAX];
  f->excess_max_run     = v[STATE_EXCESS_MAX_RUN];
  /* the last output step written: the last stage's, if it ends its interval */
  last = first_stage - 1;
  k    = list->stage[last].output_step;
  if (last + 1 < list->num_stages && list->stage[last + 1].output_step == k) k--;
  if (k >= 1) {
    char csv[PETSC_MAX_PATH_LEN];
    PetscCall(
        PetscSNPrintf(csv, sizeof(csv), "%s/%s_thaw_consolidation.csv", sec->opts.output_dir, sec->opts.output_name));
    PetscCall(DioCSVReopen(sec->comm, csv, THAW_CONSOLIDATION_CSV_HEADER, k, &f->csv));
  }
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[flow]      thaw consolidation: %" PetscInt_FMT
                          " pore-pressure dofs (Q1), wall %s; restarted with the checkpoint's excess pore pressure "
                          "(|p_excess| %.4g kPa at output step %" PetscInt_FMT ")\n",
                          num_p, WallFlows[f->wall], (double)(f->excess_max / 1e3), k));
  PetscFunctionReturn(0);
}

/* The preset's stage_loads hook (ctx: DioPermafrostHeat): the coupled model set up as the first thaw stage starts. */
PetscErrorCode DioPermafrostFlowStageLoads(DioSection *sec, PetscInt s, void *ctx)
{
  DioPermafrostHeat *ph = (DioPermafrostHeat *)ctx;

  PetscFunctionBegin;
  (void)sec;
  if (ph->flow && s == 2 && ph->flow->biot == NULL) PetscCall(SetUp(ph->flow, ph));
  PetscFunctionReturn(0);
}

/*
  DioPermafrostFlowSolve - the preset's solve hook (ctx: DioPermafrostHeat): the initial state and the bore as the
  engine solves them; a thaw stage s one Biot step over its duration after the thaw's update (impedance, released
  stress; the heat is at the stage's end), u the displacement since the bore; at the last stage of an output interval
  also the drained solve of the same state. Collective.
*/
PetscErrorCode DioPermafrostFlowSolve(DioSection *sec, PetscInt s, Vec u, PetscInt step, PetscInt num_steps,
                                      const char what[], void *ctx)
{
  DioPermafrostHeat  *ph   = (DioPermafrostHeat *)ctx;
  DioPermafrostFlow   f    = ph->flow;
  const DioStageList *list = ph->list;
  const DioStage     *st   = &list->stage[s];
  DioBiotStepInfo     info;
  PetscLogDouble      t0, t1;

  PetscFunctionBegin;
  if (s < 2) {
    PetscCall(DioSectionSolve(sec, u, step, num_steps, st->time_end, what));
    PetscFunctionReturn(0);
  }
  DioSectionTestSignalInSolve(sec, step);
  PetscCall(PetscTime(&t0));
  PetscCall(DioThawConsolidationUpdate(f->tc));
  PetscCall(DioBiotSetOperatorsChanged(f->biot));
  PetscCall(DioBiotStep(f->biot, st->duration, f->u, f->p, &info));
  sec->total_iterations += info.iterations;
  sec->num_solves++;
  f->iterations += info.iterations;
  PetscCall(VecCopy(f->u, u));
  if (s + 1 == list->num_stages || list->stage[s + 1].output_step != st->output_step) {
    DioSolveInfo drained;
    PetscCall(DioElasticitySolve(sec->elas, f->u_drained, &drained));
    PetscCheck(drained.reason > 0, sec->comm, PETSC_ERR_NOT_CONVERGED,
               "permafrost: the drained comparison's solve of output step %" PetscInt_FMT " did not converge (%s)",
               st->output_step, KSPConvergedReasons[drained.reason]);
    sec->total_iterations += drained.iterations;
    sec->num_solves++;
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(sec, DIO_LOG_VERBOSE,
                          "            %s: Biot step of %.4g d, KSP %" PetscInt_FMT " its, %.2f s\n", st->name,
                          (double)(st->duration / 86400.0), info.iterations, t1 - t0));
  PetscFunctionReturn(0);
}

/* Largest downward displacement (m) of the top vertices in the vertex displacements disp[num_vertices][3].
   Collective. */
static PetscErrorCode SurfaceSettlement(DioSection *sec, const PetscReal disp[], PetscReal *settlement)
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscInt         up   = sec->dim - 1;
  PetscReal              top = -PETSC_MAX_REAL, s = 0;

  PetscFunctionBegin;
  for (PetscInt v = 0; v < topo->num_vertices; v++) top = PetscMax(top, topo->vertex_coords[3 * v + up]);
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &top, 1, MPIU_REAL, MPIU_MAX, sec->comm));
  for (PetscInt v = 0; v < topo->num_vertices; v++)
    if (PetscAbsReal(topo->vertex_coords[3 * v + up] - top) < 1e-9 * (1 + PetscAbsReal(top)))
      s = PetscMax(s, -disp[3 * v + up]);
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &s, 1, MPIU_REAL, MPIU_MAX, sec->comm));
  *settlement = s;
  PetscFunctionReturn(0);
}

/*
  DioPermafrostFlowWriteFields - the coupled fields of output step `step` (0: the state after the bore, before the
  coupled model exists: no excess pressure, the drained displacement the coupled one): excess_pore_pressure (vertex,
  Pa), displacement_drained (vertex, m, since the initial state as `displacement`: U - u + the drained solve's),
  conductivity_factor and stress_released (cell, -); the settlements since the bore and the largest excess pressure
  (kept for the CSV, the log and the summary). U: the displacement since the initial state, u: since the bore.
  Collective.
*/
PetscErrorCode DioPermafrostFlowWriteFields(DioPermafrostFlow f, DioOutput out, Vec U, Vec u)
{
  DioSection                    *sec  = f->sec;
  const DioMeshTopology         *topo = &sec->topology;
  DioThawConsolidationCellFields cf;
  PetscReal                     *excess, *disp, *ones = NULL, *zeros = NULL, lo;
  Vec                            D;

  PetscFunctionBegin;
  PetscCall(PetscCalloc2(topo->num_vertices + 1, &excess, 3 * topo->num_vertices + 1, &disp));
  PetscCall(VecDuplicate(U, &D));
  PetscCall(VecCopy(U, D));
  if (f->biot) {
    PetscCall(DioFlowGetVertexValues(f->flow, f->p, topo->num_vertices, topo->vertex_points, excess));
    PetscCall(DioThawConsolidationGetCellFields(f->tc, &cf));
    PetscCall(VecAXPBYPCZ(D, -1.0, 1.0, 1.0, u, f->u_drained)); /* U - u + u_drained */
    PetscCall(
        DioElasticityGetVertexDisplacement(sec->elas, f->u_drained, topo->num_vertices, topo->vertex_points, disp));
    PetscCall(SurfaceSettlement(sec, disp, &f->settlement_drained));
    PetscCall(DioElasticityGetVertexDisplacement(sec->elas, f->u, topo->num_vertices, topo->vertex_points, disp));
    PetscCall(SurfaceSettlement(sec, disp, &f->settlement));
  } else {
    PetscCall(PetscCalloc2(topo->num_cells + 1, &ones, topo->num_cells + 1, &zeros));
    for (PetscInt c = 0; c < topo->num_cells; c++) ones[c] = 1.0;
    cf.mobility_factor = ones;
    cf.stress_released = zeros;
  }
  PetscCall(DioRangeOf(sec->comm, topo->num_vertices, 1, excess, &lo, &f->excess_max));
  f->excess_max_run = PetscMax(f->excess_max_run, f->excess_max);
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, D, topo->num_vertices, topo->vertex_points, disp));
  PetscCall(DioOutputWriteField(out, "excess_pore_pressure", DIO_OUTPUT_VERTEX, 1, "Pa", excess));
  PetscCall(DioOutputWriteField(out, "displacement_drained", DIO_OUTPUT_VERTEX, 3, "m", disp));
  PetscCall(DioOutputWriteField(out, "conductivity_factor", DIO_OUTPUT_CELL, 1, "-", cf.mobility_factor));
  PetscCall(DioOutputWriteField(out, "stress_released", DIO_OUTPUT_CELL, 1, "-", cf.stress_released));
  if (ones) PetscCall(PetscFree2(ones, zeros));
  PetscCall(VecDestroy(&D));
  PetscCall(PetscFree2(excess, disp));
  PetscFunctionReturn(0);
}

/*
  DioPermafrostFlowProbe - after output step k >= 1 at time_years (DioPermafrostFlowWriteFields() first): its row of
  <name>_thaw_consolidation.csv (created at k = 1) and its log line. Collective.
*/
PetscErrorCode DioPermafrostFlowProbe(DioPermafrostFlow f, PetscInt k, PetscReal time_years, PetscReal thaw_depth)
{
  DioSection *sec = f->sec;
  PetscMPIInt rank;

  PetscFunctionBegin;
  if (f->csv == NULL) {
    char path[PETSC_MAX_PATH_LEN];
    PetscCall(
        PetscSNPrintf(path, sizeof(path), "%s/%s_thaw_consolidation.csv", sec->opts.output_dir, sec->opts.output_name));
    PetscCall(DioCSVCreate(sec->comm, path, THAW_CONSOLIDATION_CSV_HEADER, &f->csv));
  }
  {
    const PetscReal row[6] = {(PetscReal)k,          time_years,   thaw_depth, f->settlement,
                              f->settlement_drained, f->excess_max};
    PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
    PetscCall(DioCSVAppendRows(f->csv, rank == 0 ? 1 : 0, 6, row, -1));
  }
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "            consolidation: settlement %.2f mm (drained at once %.2f mm), excess pore "
                          "pressure <= %.4g kPa; Biot KSP %" PetscInt_FMT " its in %" PetscInt_FMT " steps\n",
                          (double)(1e3 * f->settlement), (double)(1e3 * f->settlement_drained),
                          (double)(f->excess_max / 1e3), f->iterations, f->steps));
  f->iterations = 0;
  PetscFunctionReturn(0);
}

/* The coupled thaw's keys of the run summary. */
PetscErrorCode DioPermafrostFlowSummary(DioPermafrostFlow f, DioSummary summary)
{
  PetscFunctionBegin;
  PetscCall(DioSummaryAddString(summary, "flow_model", "consolidation"));
  PetscCall(DioSummaryAddString(summary, "flow_tunnel_wall", WallFlows[f->wall]));
  PetscCall(DioSummaryAddReal(summary, "settlement_consolidation_m", f->settlement));
  PetscCall(DioSummaryAddReal(summary, "settlement_drained_m", f->settlement_drained));
  PetscCall(DioSummaryAddReal(summary, "excess_pore_pressure_max_pa", f->excess_max_run));
  PetscCall(DioSummaryAddReal(summary, "consolidation_steps_per_output", (PetscReal)f->steps));
  PetscFunctionReturn(0);
}

PetscErrorCode DioPermafrostFlowDestroy(DioPermafrostFlow *pf)
{
  DioPermafrostFlow f = *pf;

  PetscFunctionBegin;
  if (f == NULL) PetscFunctionReturn(0);
  PetscCall(DioCSVDestroy(&f->csv));
  PetscCall(VecDestroy(&f->p_coords));
  PetscCall(VecDestroy(&f->cell_state));
  PetscCall(VecDestroy(&f->state));
  PetscCall(VecDestroy(&f->u));
  PetscCall(VecDestroy(&f->u_drained));
  PetscCall(VecDestroy(&f->p));
  PetscCall(DioThawConsolidationDestroy(&f->tc));
  PetscCall(DioBiotDestroy(&f->biot));
  PetscCall(DioFlowDestroy(&f->flow));
  PetscCall(PetscFree(*pf));
  PetscFunctionReturn(0);
}
