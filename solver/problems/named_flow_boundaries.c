/* SPDX-License-Identifier: BSD-2-Clause
   named_flow_boundaries.c: the groundwater condition of each named boundary of an imported mesh (issue 14 on issue
   17's engine): impermeable (the default), drained (excess pore pressure 0: the hydrostatic head), held at a total
   pore pressure that may vary in time (a tide, a drawdown) or at a hydraulic head, or leaky (a lining of conductivity
   K_l and thickness t_l: outflow per area K_l / (t_l rho_w g) (p - p_beyond), Robin), each on or off by stage
   (stage_flow.c). */
#include "named_flow_boundaries.h"

const char *const DioFaceFlows[] = {"impermeable", "drained", "leaky", "DioFaceFlow", "DIO_FACE_FLOW_", NULL};

/* The excess over the hydrostatic pressure rho_w g max(level - z, 0) of the total pore pressure at the boundary's
   time, or of a head's rho_w g max(head - z, 0): clamped at 0 (atmospheric) above the head as the hydrostatic state is
   above the water level, no suction (DioScalarFieldFn; ctx: DioNamedFlowBoundary). */
static PetscReal HeldExcess(PetscInt dim, const PetscReal X[], void *ctx)
{
  const DioNamedFlowBoundary *nb          = (const DioNamedFlowBoundary *)ctx;
  const PetscReal             hydrostatic = nb->gamma_w * PetscMax(nb->level - X[dim - 1], 0.0);

  if (nb->has_head) return nb->gamma_w * PetscMax(nb->head - X[dim - 1], 0.0) - hydrostatic;
  return nb->total * DioTimeFunctionValue(nb->time_function, nb->time) - hydrostatic;
}

/* -boundaries_<name>_head (key_head) against _pore_pressure (key_pressure) and its time function (key_table): one held
   pressure per boundary, held constant (a non-finite value is refused where the options are read). Collective. */
static PetscErrorCode CheckHead(MPI_Comm comm, const DioNamedFlowBoundary *nb, const char key_head[],
                                const char key_pressure[], const char key_table[])
{
  PetscFunctionBegin;
  if (!nb->has_head) PetscFunctionReturn(0);
  PetscCheck(!nb->held, comm, PETSC_ERR_USER_INPUT,
             "%s and %s: one held pore pressure per boundary (a head or a pressure)", key_head, key_pressure);
  PetscCheck(nb->time_function == NULL, comm, PETSC_ERR_USER_INPUT, "%s multiplies %s, not %s: a head is held constant",
             key_table, key_pressure, key_head);
  PetscFunctionReturn(0);
}

/* The keys of boundary `name`, checked. Collective. */
static PetscErrorCode ReadOne(DioSection *sec, const char name[], PetscInt id, DioNamedFlowBoundary *nb)
{
  char        key[6][256];
  PetscEnum   kind         = (PetscEnum)DIO_FACE_FLOW_IMPERMEABLE;
  PetscReal   conductivity = 0, thickness = 0;
  PetscBool   set, has_conductivity, has_thickness;
  const char *what[6] = {
      "flow", "pore_pressure", "lining_conductivity", "lining_thickness", "pore_pressure_time_function", "head"};

  PetscFunctionBegin;
  for (PetscInt k = 0; k < 6; k++) PetscCall(PetscSNPrintf(key[k], sizeof(key[k]), "-boundaries_%s_%s", name, what[k]));
  PetscOptionsBegin(sec->comm, NULL, "Groundwater on a boundary of an imported mesh", "boundaries");
  PetscCall(PetscOptionsEnum(key[0],
                             "Groundwater on the boundary: impermeable (no flow), drained (excess pore pressure 0) or "
                             "leaky (a lining: _lining_conductivity, _lining_thickness); with a consolidation region",
                             "", DioFaceFlows, kind, &kind, &set));
  PetscCall(PetscOptionsReal(key[1],
                             "Total pore pressure held on the boundary (Pa; drained there at this pressure, e.g. 0: "
                             "atmospheric; leaky: beyond the lining); default none",
                             "", nb->total, &nb->total, &nb->held));
  PetscCall(
      PetscOptionsReal(key[5],
                       "Total hydraulic head held on the boundary (m, elevation datum z = 0 as -loads_water_level; "
                       "pore pressure rho_w g (head - z), 0 above the head; not with _pore_pressure); default none",
                       "", nb->head, &nb->head, &nb->has_head));
  PetscCall(PetscOptionsReal(key[2], "Leaky boundary: hydraulic conductivity K_l of the lining (m/s); required", "",
                             conductivity, &conductivity, &has_conductivity));
  PetscCall(PetscOptionsReal(key[3], "Leaky boundary: thickness t_l of the lining the water crosses (m); required", "",
                             thickness, &thickness, &has_thickness));
  PetscOptionsEnd();
  PetscCall(DioTimeFunctionCreateFromOptions(sec->comm, key[4],
                                             "the total pore pressure (Pa; without _pore_pressure the table gives it)",
                                             &nb->time_function));
  PetscCall(CheckHead(sec->comm, nb, key[5], key[1], key[4]));
  nb->kind = (DioFaceFlow)kind;
  if (nb->has_head)
    nb->held = PETSC_TRUE;
  else if (nb->time_function && !nb->held) { /* the table gives the pressure itself (Pa) */
    nb->total = 1.0;
    nb->held  = PETSC_TRUE;
  }
  if (nb->held && !set) nb->kind = DIO_FACE_FLOW_DRAINED; /* a held pressure drains the boundary */
  PetscCheck(!nb->held || nb->kind != DIO_FACE_FLOW_IMPERMEABLE, sec->comm, PETSC_ERR_USER_INPUT,
             "%s with %s impermeable: a held pore pressure drains the boundary",
             nb->has_head ? key[5] : (nb->time_function ? key[4] : key[1]), key[0]);
  PetscCheck(nb->kind == DIO_FACE_FLOW_IMPERMEABLE || id <= DIO_BOUNDARY_COUNT, sec->comm, PETSC_ERR_USER_INPUT,
             "%s %s: only the first %d face groups of a mesh may carry a flow condition ('%s' is the %" PetscInt_FMT
             "th)",
             key[0], DioFaceFlows[nb->kind], DIO_BOUNDARY_COUNT, name, id);
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
  or beyond a leaky lining) or -boundaries_<name>_head (m, total head: rho_w g max(head - z, 0), constant),
  -boundaries_<name>_pore_pressure_time_function (or _file: a factor on it over time; without the value the table gives
  it in Pa), -boundaries_<name>_lining_conductivity (m/s) and _lining_thickness (m) of a leaky one. Only the mesh's
  first DIO_BOUNDARY_COUNT face groups may carry a condition. Collective.

  Output: boundaries[num_boundaries], free with DioNamedFlowBoundariesDestroy().
*/
PetscErrorCode DioNamedFlowBoundariesRead(DioSection *sec, DioNamedFlowBoundary **boundaries)
{
  const DioMeshRegions *rg = &sec->imported->regions;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(rg->num_boundaries + 1, boundaries));
  for (PetscInt b = 0; b < rg->num_boundaries; b++)
    PetscCall(ReadOne(sec, rg->boundary_names[b], b + 1, &(*boundaries)[b]));
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
  for (PetscInt b = 0; b < PetscMin(num_boundaries, DIO_BOUNDARY_COUNT); b++) {
    DioNamedFlowBoundary *nb   = &boundaries[b];
    const DioFaceFlow     kind = on[b] ? nb->kind : DIO_FACE_FLOW_IMPERMEABLE;
    nb->time                   = time;
    PetscCall(DioFlowSetDrainedBoundary(flow, b + 1, (PetscBool)(kind == DIO_FACE_FLOW_DRAINED)));
    if (kind == DIO_FACE_FLOW_DRAINED)
      PetscCall(DioFlowSetBoundaryPressure(flow, b + 1, nb->held ? HeldExcess : NULL, nb));
    PetscCall(DioFlowSetLeakyBoundary(flow, b + 1, kind == DIO_FACE_FLOW_LEAKY ? nb->leakage : 0.0,
                                      nb->held ? HeldExcess : NULL, nb));
  }
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
