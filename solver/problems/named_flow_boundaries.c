/* SPDX-License-Identifier: BSD-2-Clause
   named_flow_boundaries.c: the groundwater condition of each named boundary of an imported mesh (issue 14 on issue
   17's engine): impermeable (the default), drained (excess pore pressure 0: the hydrostatic head), held at a total
   pore pressure that may vary in time (a tide, a drawdown) or at a hydraulic head, or leaky (a lining of conductivity
   K_l and thickness t_l: outflow per area K_l / (t_l rho_w g) (p - p_beyond), Robin), each on or off by stage
   (stage_flow.c). */
#include "named_flow_boundaries.h"

const char *const DioFaceFlows[] = {"impermeable", "drained", "leaky", "DioFaceFlow", "DIO_FACE_FLOW_", NULL};

/* The excess over the hydrostatic pressure rho_w g max(level - z, 0) of the total pore pressure at the boundary's
   time, or of a head's rho_w g max(h(t) - z, 0): clamped at 0 (atmospheric) above the head as the hydrostatic state is
   above the water level, no suction (DioScalarFieldFn; ctx: DioNamedFlowBoundary). The time function multiplies the
   pressure or the head it belongs to. */
static PetscReal HeldExcess(PetscInt dim, const PetscReal X[], void *ctx)
{
  const DioNamedFlowBoundary *nb          = (const DioNamedFlowBoundary *)ctx;
  const PetscReal             hydrostatic = nb->gamma_w * PetscMax(nb->level - X[dim - 1], 0.0);
  const PetscReal             factor      = DioTimeFunctionValue(nb->time_function, nb->time);

  if (nb->has_head) return nb->gamma_w * PetscMax(nb->head * factor - X[dim - 1], 0.0) - hydrostatic;
  return nb->total * factor - hydrostatic;
}

/* One held pressure per boundary: a head (key[5], its time function key[6]) or a pressure (key[1], its time function
   key[4]); each time function only with its own value. Collective. */
static PetscErrorCode CheckHead(MPI_Comm comm, const DioNamedFlowBoundary *nb, PetscBool pressure_table,
                                PetscBool head_set, PetscBool head_table, char key[][256])
{
  PetscFunctionBegin;
  PetscCheck(!(pressure_table && head_table), comm, PETSC_ERR_USER_INPUT,
             "%s and %s: one time function per boundary (of the pressure or of the head)", key[4], key[6]);
  if (!nb->has_head) PetscFunctionReturn(0);
  PetscCheck(!nb->held, comm, PETSC_ERR_USER_INPUT,
             "%s and %s: one held pore pressure per boundary (a head or a pressure)", head_set ? key[5] : key[6],
             key[1]);
  PetscCheck(!pressure_table, comm, PETSC_ERR_USER_INPUT, "%s multiplies %s, not %s: use %s", key[4], key[1], key[5],
             key[6]);
  PetscFunctionReturn(0);
}

/* The keys -<prefix>_flow (its help flow_help), _pore_pressure, ... of one boundary (a named one: boundaries_<name>;
   the wall a stage exposes: stages_<stage>_wall), checked; kind by default default_kind; *given: a key was set.
   Collective. */
static PetscErrorCode ReadOne(DioSection *sec, const char prefix[], DioFaceFlow default_kind, const char flow_help[],
                              DioNamedFlowBoundary *nb, PetscBool *given)
{
  char        key[7][256], title[300];
  PetscEnum   kind         = (PetscEnum)default_kind;
  PetscReal   conductivity = 0, thickness = 0;
  PetscBool   set, has_conductivity, has_thickness, head_set;
  const char *what[7] = {
      "flow", "pore_pressure",     "lining_conductivity", "lining_thickness", "pore_pressure_time_function",
      "head", "head_time_function"};
  DioTimeFunction head_function;

  PetscFunctionBegin;
  for (PetscInt k = 0; k < 7; k++) PetscCall(PetscSNPrintf(key[k], sizeof(key[k]), "-%s_%s", prefix, what[k]));
  /* a title of its own: -help prints a section once per title */
  PetscCall(PetscSNPrintf(title, sizeof(title), "Groundwater on a boundary of an imported mesh (-%s_*)", prefix));
  PetscOptionsBegin(sec->comm, NULL, title, "boundaries");
  PetscCall(PetscOptionsEnum(key[0], flow_help, "", DioFaceFlows, kind, &kind, &set));
  PetscCall(PetscOptionsReal(key[1],
                             "Total pore pressure held on the boundary (Pa; drained there at this pressure, e.g. 0: "
                             "atmospheric; leaky: beyond the lining); default none",
                             "", nb->total, &nb->total, &nb->held));
  PetscCall(
      PetscOptionsReal(key[5],
                       "Total hydraulic head held on the boundary (m, elevation datum z = 0 as -loads_water_level; "
                       "pore pressure rho_w g (head - z), 0 above the head; not with _pore_pressure); default none",
                       "", nb->head, &nb->head, &head_set));
  PetscCall(PetscOptionsReal(key[2], "Leaky boundary: hydraulic conductivity K_l of the lining (m/s); required", "",
                             conductivity, &conductivity, &has_conductivity));
  PetscCall(PetscOptionsReal(key[3], "Leaky boundary: thickness t_l of the lining the water crosses (m); required", "",
                             thickness, &thickness, &has_thickness));
  PetscOptionsEnd();
  PetscCall(DioTimeFunctionCreateFromOptions(sec->comm, key[4],
                                             "the total pore pressure (Pa; without _pore_pressure the table gives it)",
                                             &nb->time_function));
  PetscCall(DioTimeFunctionCreateFromOptions(
      sec->comm, key[6], "the total hydraulic head (m, a drawdown or a tide; without _head the table gives it)",
      &head_function));
  nb->has_head = (PetscBool)(head_set || head_function);
  PetscCall(CheckHead(sec->comm, nb, (PetscBool)(nb->time_function != NULL), head_set,
                      (PetscBool)(head_function != NULL), key));
  *given   = (PetscBool)(set || nb->held || nb->has_head || nb->time_function || has_conductivity || has_thickness);
  nb->kind = (DioFaceFlow)kind;
  if (head_function) { /* a head's table: in m, or a factor on _head */
    nb->time_function = head_function;
    if (!head_set) nb->head = 1.0;
  }
  if (nb->has_head)
    nb->held = PETSC_TRUE;
  else if (nb->time_function && !nb->held) { /* the table gives the pressure itself (Pa) */
    nb->total = 1.0;
    nb->held  = PETSC_TRUE;
  }
  if (nb->held && !set) nb->kind = DIO_FACE_FLOW_DRAINED; /* a held pressure drains the boundary */
  PetscCheck(!nb->held || nb->kind != DIO_FACE_FLOW_IMPERMEABLE, sec->comm, PETSC_ERR_USER_INPUT,
             "%s with %s impermeable: a held pore pressure drains the boundary",
             nb->has_head ? (head_set ? key[5] : key[6]) : (nb->time_function ? key[4] : key[1]), key[0]);
  PetscCheck(nb->kind == DIO_FACE_FLOW_LEAKY || !(has_conductivity || has_thickness), sec->comm, PETSC_ERR_USER_INPUT,
             "%s: only a leaky boundary (%s leaky) takes a lining", has_conductivity ? key[2] : key[3], key[0]);
  if (nb->kind == DIO_FACE_FLOW_LEAKY) {
    PetscCheck(has_conductivity && conductivity > 0 && conductivity < 1, sec->comm, PETSC_ERR_USER_INPUT,
               "%s leaky needs %s in (0, 1) m/s (%s %g)", key[0], key[2], has_conductivity ? "got" : "none given",
               (double)conductivity);
    PetscCheck(has_thickness && thickness > 0 && thickness < 1e3, sec->comm, PETSC_ERR_USER_INPUT,
               "%s leaky needs %s in (0, 1000) m (%s %g)", key[0], key[3], has_thickness ? "got" : "none given",
               (double)thickness);
    nb->leakage = conductivity / (thickness * sec->opts.loads.water_density * DIO_FLOW_CONDUCTIVITY_GRAVITY);
  }
  nb->gamma_w = sec->opts.loads.water_density * sec->opts.loads.gravity;
  nb->level   = sec->opts.loads.water_level;
  PetscFunctionReturn(0);
}

/*
  DioNamedFlowBoundariesRead - per named boundary of the imported mesh: -boundaries_<name>_flow
  impermeable|drained|leaky (default impermeable), -boundaries_<name>_pore_pressure (Pa, total; drained there at it,
  or beyond a leaky lining) or -boundaries_<name>_head (m, total head: rho_w g max(head - z, 0)),
  -boundaries_<name>_pore_pressure_time_function or _head_time_function (or _file: a factor on the value over time;
  without the value the table gives it, in Pa or m), -boundaries_<name>_lining_conductivity (m/s) and _lining_thickness
  (m) of a leaky one. Collective.

  Output: boundaries[num_boundaries], free with DioNamedFlowBoundariesDestroy().
*/
PetscErrorCode DioNamedFlowBoundariesRead(DioSection *sec, DioNamedFlowBoundary **boundaries)
{
  const DioMeshRegions *rg = &sec->imported->regions;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(rg->num_boundaries + 1, boundaries));
  for (PetscInt b = 0; b < rg->num_boundaries; b++) {
    char      prefix[256];
    PetscBool given;
    PetscCall(PetscSNPrintf(prefix, sizeof(prefix), "boundaries_%s", rg->boundary_names[b]));
    PetscCall(
        ReadOne(sec, prefix, DIO_FACE_FLOW_IMPERMEABLE,
                "Groundwater on the boundary: impermeable (no flow), drained (excess pore pressure 0) or leaky (a "
                "lining: _lining_conductivity, _lining_thickness); with a consolidation region",
                &(*boundaries)[b], &given));
  }
  PetscFunctionReturn(0);
}

/*
  DioNamedFlowWallRead - the groundwater condition of the wall stage `stage` exposes (the faces between its excavated
  cells and the ground: stage_flow_wall.c), -stages_<stage>_wall_flow and the same keys as a named boundary's under
  -stages_<stage>_wall_: by default drained, and drained or leaky at atmospheric pressure (total 0: the tunnel pumps)
  unless a pressure or head is given; *given: a key was set (else the previous stage's wall is kept). Collective.
*/
PetscErrorCode DioNamedFlowWallRead(DioSection *sec, const char stage[], DioNamedFlowBoundary *wall, PetscBool *given)
{
  char prefix[256];

  PetscFunctionBegin;
  PetscCall(PetscMemzero(wall, sizeof(*wall)));
  PetscCall(PetscSNPrintf(prefix, sizeof(prefix), "stages_%s_wall", stage));
  PetscCall(ReadOne(sec, prefix, DIO_FACE_FLOW_DRAINED,
                    "Groundwater on the wall the stage's regions out of the flow expose (a consolidation region): "
                    "drained (at atmospheric pressure unless _pore_pressure or _head: the tunnel pumps), impermeable "
                    "(watertight) or leaky (a lining: _lining_conductivity, _lining_thickness); default the previous "
                    "stage's, drained in the first",
                    wall, given));
  if (wall->kind != DIO_FACE_FLOW_IMPERMEABLE && !wall->held) { /* atmospheric at the wall or beyond its lining */
    wall->held  = PETSC_TRUE;
    wall->total = 0;
  }
  PetscFunctionReturn(0);
}

/* Boundary id's condition nb, or impermeable when off, its held pressures at `time` (s). Not collective. */
static PetscErrorCode SetOne(DioFlow flow, PetscInt id, DioNamedFlowBoundary *nb, PetscBool on, PetscReal time)
{
  const DioFaceFlow kind = on ? nb->kind : DIO_FACE_FLOW_IMPERMEABLE;

  PetscFunctionBegin;
  nb->time = time;
  PetscCall(DioFlowSetDrainedBoundary(flow, id, (PetscBool)(kind == DIO_FACE_FLOW_DRAINED)));
  if (kind == DIO_FACE_FLOW_DRAINED) PetscCall(DioFlowSetBoundaryPressure(flow, id, nb->held ? HeldExcess : NULL, nb));
  PetscCall(DioFlowSetLeakyBoundary(flow, id, kind == DIO_FACE_FLOW_LEAKY ? nb->leakage : 0.0,
                                    nb->held ? HeldExcess : NULL, nb));
  PetscFunctionReturn(0);
}

/*
  DioNamedFlowBoundariesSet - the conditions of the boundaries on[b] (a stage's state: off is impermeable) on flow, the
  held pressures at `time` (s); before DioFlowSetUp() or followed by DioFlowUpdateBoundaries(). Not collective.
*/
PetscErrorCode DioNamedFlowBoundariesSet(DioFlow flow, PetscInt num_boundaries, DioNamedFlowBoundary boundaries[],
                                         const PetscBool on[], PetscReal time)
{
  PetscFunctionBegin;
  for (PetscInt b = 0; b < num_boundaries; b++) PetscCall(SetOne(flow, b + 1, &boundaries[b], on[b], time));
  PetscFunctionReturn(0);
}

/* The wall a stage exposes ("Face Sets" = DIO_BOUNDARY_FLOW_WALL) with its condition, or impermeable when off, its
   held pressures at `time` (s); as DioNamedFlowBoundariesSet(). Not collective. */
PetscErrorCode DioNamedFlowWallSet(DioFlow flow, DioNamedFlowBoundary *wall, PetscBool on, PetscReal time)
{
  PetscFunctionBegin;
  PetscCall(SetOne(flow, DIO_BOUNDARY_FLOW_WALL, wall, on, time));
  PetscFunctionReturn(0);
}

/* Frees boundaries[num_boundaries] with their time functions; NULL after. */
PetscErrorCode DioNamedFlowBoundariesDestroy(PetscInt num_boundaries, DioNamedFlowBoundary **boundaries)
{
  PetscFunctionBegin;
  for (PetscInt b = 0; *boundaries && b < num_boundaries; b++)
    PetscCall(DioTimeFunctionDestroy(&(*boundaries)[b].time_function));
  PetscCall(PetscFree(*boundaries));
  PetscFunctionReturn(0);
}
