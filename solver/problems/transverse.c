/* SPDX-License-Identifier: BSD-2-Clause
   transverse.c: a plane-strain section across the tunnel at one chainage (issue 3, view 1): the bore in the local
   layers, excavated with the convergence-confinement (beta) method, then lined.

   Stages (output steps): 0 the initial state (geostatic from gravity, or a uniform far-field stress), displacement
   reset to zero; 1 the bore (core and lining ring) removed with a fraction beta of the excavation forces released
   (the ground converges before the lining closes); 2 the lining ring activated (C50/60 by default, no initial
   stress) and the remaining 1 - beta released onto ground and lining together. Probes: the settlement trough, the
   lining thrust and bending moment around the ring, and the bore convergence.

   A preset of the stage engine: the options write the stage list (TransverseStages()), stage_engine.c runs it, and
   this file adds the stages' own loads (wall pressure, wall displacement), the coupled groundwater solve, the output
   steps and the probes. */
#include <petsctime.h>
#include "ring_preset.h"
#include "verruijt_booker.h"

typedef enum { DIO_INITIAL_GEOSTATIC, DIO_INITIAL_UNIFORM } DioInitialStress;
static const char *const DioInitialStresses[] = {"geostatic", "uniform", "DioInitialStress", "DIO_INITIAL_", NULL};
typedef enum { DIO_WALL_FREE, DIO_WALL_VERRUIJT_BOOKER } DioWallDisplacement;
static const char *const DioWallDisplacements[] = {"free", "verruijt_booker", "DioWallDisplacement", "DIO_WALL_", NULL};

typedef struct {
  PetscReal        chainage_m, diameter_m, lining_thickness_m, relaxation;
  PetscBool        lining;
  DioInitialStress initial;
  PetscReal        initial_stress[6]; /* uniform mode, Pa, tension positive */
  PetscReal        wall_pressure;     /* Pa on the bore wall while unlined (support pressure p_i), >= 0 */
  PetscReal        depth;             /* uniform mode: axis depth below the top (m); default the half width */
  DioWallDisplacement wall;           /* prescribed wall displacement of stage 1 */
  PetscReal        ground_loss, ovalisation; /* its eps and delta (-) */
  PetscBool        wall_outer;        /* the same field also on the base and the two ends (the half-plane's far field) */
} TransverseOptions;

static PetscErrorCode TransverseOptionsSet(MPI_Comm comm, TransverseOptions *o)
{
  PetscInt  n = 6; /* room for too many, refused below */
  PetscBool components_set;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->chainage_m         = 20000;
  o->diameter_m         = 12;
  o->lining_thickness_m = 0.55;
  o->relaxation         = 0.4;
  o->lining             = PETSC_TRUE;
  o->initial            = DIO_INITIAL_GEOSTATIC;
  PetscOptionsBegin(comm, NULL, "Tunnel, transverse section", "tunnel");
  PetscCall(DioRingOptionsAdd(PetscOptionsObject, &o->chainage_m, &o->diameter_m, &o->lining_thickness_m));
  PetscCall(PetscOptionsReal("-tunnel_relaxation", "Fraction beta of the excavation forces released before the lining acts (-), in [0, 1]", "", o->relaxation,
                             &o->relaxation, NULL));
  PetscCall(PetscOptionsBool("-tunnel_lining", "Install the lining (stage 2)", "", o->lining, &o->lining, NULL));
  PetscCall(PetscOptionsEnum("-initial_stress",
                             "Initial stress: geostatic (gravity solve) or uniform (-initial_stress_components; one material, the bedrock at the"
                             " chainage, weightless, no sea or pore pressure)",
                             "", DioInitialStresses, (PetscEnum)o->initial, (PetscEnum *)&o->initial, NULL));
  PetscCall(PetscOptionsRealArray("-initial_stress_components",
                                  "Uniform initial effective stress sxx,syy,szz (Pa, compression negative; no default: required with -initial_stress uniform)",
                                  "", o->initial_stress, &n, &components_set));
  PetscCall(PetscOptionsReal("-tunnel_wall_pressure", "Support pressure on the bore wall before the lining (Pa)", "", o->wall_pressure, &o->wall_pressure, NULL));
  PetscCall(PetscOptionsReal("-tunnel_depth", "Uniform-stress mode: depth of the axis below the top of the domain (m); default the half width", "", o->depth,
                             &o->depth, NULL));
  PetscCall(PetscOptionsEnum("-tunnel_wall_displacement", "Prescribed wall displacement of the excavation stage: free or verruijt_booker (-tunnel_ground_loss, -tunnel_ovalisation)", "",
                             DioWallDisplacements, (PetscEnum)o->wall, (PetscEnum *)&o->wall, NULL));
  PetscCall(PetscOptionsReal("-tunnel_ground_loss", "Uniform radial contraction eps of the wall, u_r = -R eps (-); volume loss 2 eps", "", o->ground_loss, &o->ground_loss, NULL));
  PetscCall(PetscOptionsReal("-tunnel_ovalisation", "Ovalisation delta of the wall (-), crown down and springlines out for delta > 0", "", o->ovalisation, &o->ovalisation, NULL));
  PetscCall(PetscOptionsBool("-tunnel_wall_displacement_outer", "Prescribe the same half-plane field on the base and the two ends too", "", o->wall_outer, &o->wall_outer, NULL));
  PetscOptionsEnd();
  PetscCheck(o->initial != DIO_INITIAL_UNIFORM || components_set, comm, PETSC_ERR_USER_INPUT,
             "-initial_stress uniform needs -initial_stress_components sxx,syy,szz (Pa, compression negative), e.g. -2e6,-2e6,-2e6");
  PetscCheck(!components_set || n == 3, comm, PETSC_ERR_USER_INPUT,
             "-initial_stress_components: %" PetscInt_FMT " value%s given, 3 needed (sxx,syy,szz in Pa)", n, n == 1 ? "" : "s");
  PetscCheck(o->wall == DIO_WALL_FREE || !o->lining, comm, PETSC_ERR_USER_INPUT, "-tunnel_wall_displacement %s: needs -tunnel_lining false (the wall displacement replaces the lining stage)",
             DioWallDisplacements[o->wall]);
  PetscCheck(o->wall == DIO_WALL_FREE || o->wall_pressure == 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_wall_displacement %s and -tunnel_wall_pressure exclude each other",
             DioWallDisplacements[o->wall]);
  PetscCheck(o->ground_loss > -1 && o->ground_loss < 1 && PetscAbsReal(o->ovalisation) < 1, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_ground_loss = %g, -tunnel_ovalisation = %g: must be in (-1, 1)", (double)o->ground_loss, (double)o->ovalisation);
  PetscCheck(o->wall_pressure >= 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_wall_pressure = %g: must be >= 0 Pa", (double)o->wall_pressure);
  PetscCheck(o->relaxation >= 0 && o->relaxation <= 1, comm, PETSC_ERR_USER_INPUT, "-tunnel_relaxation = %g: must be in [0, 1]", (double)o->relaxation);
  PetscCheck(o->diameter_m > 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_diameter = %g: must be > 0 m", (double)o->diameter_m);
  PetscFunctionReturn(0);
}

/* Value of component comp of a vertex field at the owned vertex nearest to angle theta on the circle of radius r about
   (0, axis); collective (the closest vertex over all ranks wins). */
static PetscErrorCode WallValue(const DioSection *sec, const PetscReal disp[], PetscReal axis, PetscReal r, PetscReal theta, PetscInt comp, PetscReal *value)
{
  const DioMeshTopology *topo = &sec->topology;
  PetscReal              best = PETSC_MAX_REAL, best_global, v = 0, sum;
  const PetscReal        tx = r * PetscCosReal(theta), ty = axis + r * PetscSinReal(theta);
  PetscInt               mine, count;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < topo->num_vertices; i++) {
    const PetscReal d = PetscSqr(topo->vertex_coords[3 * i] - tx) + PetscSqr(topo->vertex_coords[3 * i + 1] - ty);
    if (d < best) {
      best = d;
      v    = disp[3 * i + comp];
    }
  }
  PetscCall(MPIU_Allreduce(&best, &best_global, 1, MPIU_REAL, MPI_MIN, sec->comm));
  mine = best == best_global;
  if (!mine) v = 0;
  PetscCall(MPIU_Allreduce(&v, &sum, 1, MPIU_REAL, MPI_SUM, sec->comm));
  PetscCall(MPIU_Allreduce(&mine, &count, 1, MPIU_INT, MPI_SUM, sec->comm));
  *value = sum / count;
  PetscFunctionReturn(0);
}

/* Settlement trough (surface vertices) and bore convergence of the accumulated displacement U after a stage. */
static PetscErrorCode WriteProbes(DioSection *sec, Vec U, PetscInt step, const TransverseOptions *o, DioCSV trough, DioCSV tunnel, PetscReal result[3])
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscReal        R = 0.5 * o->diameter_m, axis = sec->mesh_opts.axis_elevation_m;
  PetscReal             *disp, *rows, top = -PETSC_MAX_REAL, top_global, smax = 0, smax_global, crown, invert, east, west;
  PetscReal              rise = 0, rise_global;
  PetscInt               n = 0;
  char                   rise_note[96] = "";

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(3 * topo->num_vertices, &disp, 3 * topo->num_vertices, &rows));
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, U, topo->num_vertices, topo->vertex_points, disp));
  for (PetscInt i = 0; i < topo->num_vertices; i++) top = PetscMax(top, topo->vertex_coords[3 * i + 1]);
  PetscCall(MPIU_Allreduce(&top, &top_global, 1, MPIU_REAL, MPI_MAX, sec->comm));
  for (PetscInt i = 0; i < topo->num_vertices; i++) {
    if (PetscAbsReal(topo->vertex_coords[3 * i + 1] - top_global) > 1e-9 * (1 + PetscAbsReal(top_global))) continue;
    rows[3 * n]     = step;
    rows[3 * n + 1] = topo->vertex_coords[3 * i];
    rows[3 * n + 2] = -disp[3 * i + 1];
    smax            = PetscMax(smax, rows[3 * n + 2]);
    rise            = PetscMax(rise, -rows[3 * n + 2]);
    n++;
  }
  PetscCall(DioCSVAppendRows(trough, n, 3, rows, 1));
  PetscCall(MPIU_Allreduce(&smax, &smax_global, 1, MPIU_REAL, MPI_MAX, sec->comm));
  PetscCall(MPIU_Allreduce(&rise, &rise_global, 1, MPIU_REAL, MPI_MAX, sec->comm));
  PetscCall(WallValue(sec, disp, axis, R, 0.5 * PETSC_PI, 1, &crown));
  PetscCall(WallValue(sec, disp, axis, R, 1.5 * PETSC_PI, 1, &invert));
  PetscCall(WallValue(sec, disp, axis, R, 0.0, 0, &east));
  PetscCall(WallValue(sec, disp, axis, R, PETSC_PI, 0, &west));
  {
    PetscMPIInt rank;
    PetscReal   row[8] = {(PetscReal)step, smax_global, crown, invert, east, west, crown - invert, east - west};
    PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
    PetscCall(DioCSVAppendRows(tunnel, rank == 0 ? 1 : 0, 8, row, -1));
  }
  /* the largest settlement, as in _trough.csv, _tunnel.csv and the summary; a larger rise (heave) is named, not
     shown as 0 */
  if (rise_global > smax_global)
    PetscCall(PetscSNPrintf(rise_note, sizeof(rise_note), " (the surface rises instead, up to %.2f mm)", (double)(1e3 * rise_global)));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                        "            surface settlement %.2f mm%s; crown %.2f mm, invert %.2f mm; convergence vertical %.2f mm,"
                        " horizontal %.2f mm\n",
                        (double)(1e3 * smax_global), rise_note, (double)(1e3 * crown), (double)(1e3 * invert), (double)(1e3 * (crown - invert)),
                        (double)(1e3 * (east - west))));
  result[0] = smax_global;
  result[1] = crown - invert;
  result[2] = east - west;
  PetscCall(PetscFree2(disp, rows));
  PetscFunctionReturn(0);
}

/* The lining forces of the ring into <output_dir>/<output_name>_lining.csv (angle_deg, thrust, moment) from the stress
   with the increment u; *written set. */
static PetscErrorCode WriteLiningForces(DioSection *sec, Vec u, const PetscBool ring[], const TransverseOptions *o,
                                        PetscReal extremes[3], PetscBool *written)
{
  DioCSV csv;
  char   path[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_lining.csv", sec->opts.output_dir, sec->opts.output_name));
  PetscCall(DioCSVCreate(sec->comm, path, "angle_deg,thrust_N_per_m,moment_Nm_per_m", &csv));
  PetscCall(DioSectionLiningForces(sec, u, ring, 0.5 * o->diameter_m, o->lining_thickness_m, 0, NULL, csv, extremes));
  PetscCall(DioCSVDestroy(&csv));
  PetscCall(DioSectionLog(
      sec, DIO_LOG_NORMAL,
      "            lining thrust %.4g .. %.4g kN/m (compression negative), |bending moment| up to %.4g kNm/m: %s\n",
      (double)(extremes[0] / 1e3), (double)(extremes[1] / 1e3), (double)(extremes[2] / 1e3), path));
  *written = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* A uniform pressure on the ground side of the bore wall (faces at radius R of cells outside the bore). The load
   factor beta of stage 1 multiplies every load, so the pressure is given divided by it. */
static PetscErrorCode WallPressureFaces(DioSection *sec, const PetscInt tunnel[], PetscReal R, PetscReal pressure)
{
  const PetscReal axis = sec->mesh_opts.axis_elevation_m;
  const PetscInt  n_cells = sec->topology.num_cells;
  PetscInt       *cells, *faces, n = 0;
  PetscReal      *p0, *gradient, *z0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(n_cells, &cells, n_cells, &faces, n_cells, &p0, n_cells, &gradient, n_cells, &z0));
  for (PetscInt c = 0; c < n_cells && n < n_cells; c++) {
    if (tunnel[c] > 0) continue;
    for (PetscInt f = 0; f < 2 * sec->dim; f++) {
      PetscReal X[3];
      PetscCall(DioElasticityGetFaceCentroid(sec->elas, c, f, X));
      if (DioSectionOnBoreWall(PetscSqrtReal(PetscSqr(X[0]) + PetscSqr(X[1] - axis)), R)) {
        cells[n] = c; faces[n] = f; p0[n] = pressure; gradient[n] = 0; z0[n] = axis;
        n++;
        break;
      }
    }
  }
  PetscCall(DioElasticitySetPressureFaces(sec->elas, n, cells, faces, p0, gradient, z0));
  PetscCall(PetscFree5(cells, faces, p0, gradient, z0));
  PetscFunctionReturn(0);
}

/* The Verruijt-Booker field in mesh coordinates (x across, y up; the paper's z = surface - y points down). */
typedef struct {
  DioVerruijtBooker vb;
  PetscReal         surface;
} WallField;

static void WallFieldValue(PetscInt dim, const PetscReal X[], PetscReal u[], void *ctx)
{
  const WallField *w = (const WallField *)ctx;
  double           ux, uz;

  (void)dim;
  dio_verruijt_booker(&w->vb, X[0], w->surface - X[1], &ux, &uz);
  u[0] = ux;
  u[1] = -uz;
}

/* Prescribe the Verruijt-Booker displacement on the bore wall (the faces at radius R of the ground cells) and, with
   -tunnel_wall_displacement_outer, on the base and the two ends. nu: the ground's Poisson's ratio. */
static PetscErrorCode PrescribeWallDisplacement(DioSection *sec, const PetscInt tunnel[], const TransverseOptions *o, PetscReal surface, PetscReal nu,
                                                WallField *field)
{
  const PetscReal axis = sec->mesh_opts.axis_elevation_m, R = 0.5 * o->diameter_m;
  PetscInt        fStart, fEnd, n = 0, n_global, *points;
  DMLabel         boundary;

  PetscFunctionBegin;
  field->vb.radius         = R;
  field->vb.depth          = surface - axis;
  field->vb.ground_loss    = o->ground_loss;
  field->vb.ovalisation    = o->ovalisation;
  field->vb.poissons_ratio = nu;
  field->surface           = surface;
  PetscCall(DMPlexGetHeightStratum(sec->dm, 1, &fStart, &fEnd));
  PetscCall(PetscMalloc1(fEnd - fStart, &points));
  PetscCall(DioSectionBoreWallFaces(sec, tunnel, R, points, &n));
  PetscCall(MPIU_Allreduce(&n, &n_global, 1, MPIU_INT, MPI_SUM, sec->comm));
  PetscCheck(n_global > 0, sec->comm, PETSC_ERR_PLIB, "transverse section: no bore-wall faces at radius %g m", (double)R);
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_BOUNDARY, &boundary));
  if (o->wall_outer && boundary) {
    const PetscInt ids[3] = {DIO_BOUNDARY_BASE, DIO_BOUNDARY_WEST, DIO_BOUNDARY_EAST};
    for (PetscInt b = 0; b < 3; b++) {
      IS              faces;
      const PetscInt *f;
      PetscInt        m;
      PetscCall(DMLabelGetStratumIS(boundary, ids[b], &faces));
      if (faces == NULL) continue;
      PetscCall(ISGetLocalSize(faces, &m));
      PetscCall(ISGetIndices(faces, &f));
      for (PetscInt i = 0; i < m && n < fEnd - fStart; i++) points[n++] = f[i];
      PetscCall(ISRestoreIndices(faces, &f));
      PetscCall(ISDestroy(&faces));
    }
  }
  PetscCall(DioElasticitySetPrescribedDisplacement(sec->elas, n, points, WallFieldValue, field));
  PetscCall(PetscFree(points));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "            wall displacement prescribed (Verruijt-Booker): eps %.4g, delta %.4g, R %.3g m, h %.3g m, nu %.3g%s\n",
                        (double)o->ground_loss, (double)o->ovalisation, (double)R, (double)field->vb.depth, (double)nu,
                        o->wall_outer ? "; also on the base and the ends" : ""));
  PetscFunctionReturn(0);
}

/*
  The stages the transverse section's keys describe (one day each on the log's clock; the output's time is the stage
  number): 0 the initial state (gravity, or the uniform far field as given), 1 the bore (core and ring) excavated
  releasing beta of its forces, 2 (with the lining) the ring activated as the lining (the extra layer) releasing the
  rest. Destroy with DioStageListDestroy().
*/
static PetscErrorCode TransverseStages(const TransverseOptions *o, PetscInt lining_layer, DioStageList *list)
{
  DioStage *st;

  PetscFunctionBegin;
  PetscCall(DioStageListCreateRing(o->lining ? 3 : 2, 0, lining_layer, list));
  for (PetscInt s = 0; s < list->num_stages; s++) list->stage[s].time_end = 86400.0 * s;
  st = &list->stage[0];
  if (o->initial == DIO_INITIAL_GEOSTATIC)
    PetscCall(PetscStrncpy(st->description, "geostatic (initial state)", sizeof(st->description)));
  st->initial  = o->initial == DIO_INITIAL_GEOSTATIC ? DIO_STAGE_INITIAL_GRAVITY : DIO_STAGE_INITIAL_COMPONENTS;
  st->as_given = (PetscBool)(o->initial == DIO_INITIAL_UNIFORM); /* no equilibrium solve of the far field */
  for (PetscInt k = 0; k < 3; k++) st->components[k] = o->initial_stress[k];
  for (PetscInt r = 0; r < DIO_RING_NUM_REGIONS; r++) st->region_active[r] = PETSC_TRUE;
  st = &list->stage[1];
  PetscCall(PetscStrncpy(st->name, "excavation", sizeof(st->name)));
  PetscCall(PetscSNPrintf(st->description, sizeof(st->description), "excavation, beta = %.2f", (double)o->relaxation));
  st->release                       = o->relaxation;
  st->region_active[DIO_RING_REGION_GROUND]  = PETSC_TRUE;
  st->region_excavated[DIO_RING_REGION_CORE] = st->region_excavated[DIO_RING_REGION_RING] = PETSC_TRUE;
  if (o->lining) {
    st = &list->stage[2];
    PetscCall(PetscStrncpy(st->name, "lining", sizeof(st->name)));
    PetscCall(PetscStrncpy(st->description, "lining, remaining release", sizeof(st->description)));
    st->region_active[DIO_RING_REGION_GROUND] = st->region_active[DIO_RING_REGION_RING] = PETSC_TRUE;
    st->region_activated[DIO_RING_REGION_RING]                                          = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

/* What the preset adds to the engine's run: its loads, the coupled solve, the outputs and probes of its stages. */
typedef struct {
  const TransverseOptions    *o;
  const DioTransverseOptions *topts;
  const DioLayerStack        *stack;
  const PetscInt             *tunnel; /* [num_cells] the tunnel label: DIO_TUNNEL_CORE, DIO_TUNNEL_RING, else ground */
  const PetscBool            *ring;
  DioSectionFlow              gw; /* NULL: no groundwater */
  WallField                   wall_field;
  DioCSV                      trough, tunnel_csv;
  PetscInt                   *excavated; /* [num_cells] after the last stage done */
  PetscReal                   result[3], lining[3];
  PetscBool                   lining_written;
} Transverse;

/* Stage 1: the support pressure on the wall while unlined (divided by the load factor beta, which multiplies every
   load) or the prescribed wall displacement; stage 2: no wall pressure. */
static PetscErrorCode TransverseStageLoads(DioSection *sec, PetscInt s, void *ctx)
{
  Transverse              *t = (Transverse *)ctx;
  const TransverseOptions *o = t->o;

  PetscFunctionBegin;
  if (s == 1 && o->wall_pressure > 0)
    PetscCall(WallPressureFaces(sec, t->tunnel, 0.5 * o->diameter_m,
                                o->wall_pressure / PetscMax(o->relaxation, PETSC_SMALL)));
  if (s == 1 && o->wall == DIO_WALL_VERRUIJT_BOOKER) {
    const DioLayerMaterial *ground;
    PetscInt                k = 0;
    /* the ground at the axis: VB's half-plane is homogeneous */
    while (k + 1 < t->stack->num_layers && t->stack->top_elevation_m[k + 1] >= t->topts->axis_elevation_m) k++;
    PetscCall(DioMaterialTableGetLayer(sec->materials, t->stack->layer_id[k], &ground));
    PetscCall(PrescribeWallDisplacement(sec, t->tunnel, o, t->topts->surface_elevation_m, ground->poissons_ratio,
                                        &t->wall_field));
  }
  if (s == 2) PetscCall(DioElasticitySetPressureFaces(sec->elas, 0, NULL, NULL, NULL, NULL, NULL));
  PetscFunctionReturn(0);
}

/* With groundwater: each stage undrained, the wall impermeable (section_flow.c). */
static PetscErrorCode TransverseSolveCoupled(DioSection *sec, PetscInt s, Vec u, PetscInt step, PetscInt num_steps,
                                             const char what[], void *ctx)
{
  Transverse *t = (Transverse *)ctx;

  PetscFunctionBegin;
  (void)sec;
  PetscCall(DioSectionFlowSolveStage(t->gw, t->tunnel, (PetscBool)(s == 1), u, step, num_steps, what));
  PetscFunctionReturn(0);
}

/* After stage s: (the initial state) the undrained layers or the coupled groundwater from now on; the output step s at
   time s; the probes and (lining, without groundwater) the lining forces of the stage's increment u. */
static PetscErrorCode TransverseStageEnd(DioSection *sec, DioOutput out, PetscInt s, Vec U, Vec u,
                                         const PetscInt excavated[], void *ctx)
{
  Transverse              *t = (Transverse *)ctx;
  const TransverseOptions *o = t->o;

  PetscFunctionBegin;
  if (s == 0 && t->gw)
    PetscCall(DioSectionFlowSetUp(t->gw, t->tunnel, t->tunnel, U));
  else if (s == 0)
    PetscCall(DioSectionApplyDrainage(sec)); /* undrained layers from the initial state on */
  if (t->gw)
    PetscCall(DioSectionFlowOutputStep(t->gw, out, U, u, s, (PetscReal)s, 0.0, 0.0, excavated));
  else
    PetscCall(DioSectionOutputStep(sec, out, U, u, s, (PetscReal)s, excavated, NULL));
  if (s == 1 && t->gw && o->wall_pressure > 0) PetscCall(DioSectionFlowWallSupport(t->gw, o->wall_pressure));
  if (s > 0) PetscCall(WriteProbes(sec, U, s, o, t->trough, t->tunnel_csv, t->result));
  if (s == 2 && !t->gw) PetscCall(WriteLiningForces(sec, u, t->ring, o, t->lining, &t->lining_written));
  PetscCall(PetscArraycpy(t->excavated, excavated, sec->topology.num_cells));
  PetscFunctionReturn(0);
}

/*
  DioTransverseSectionRun - the transverse section at -tunnel_chainage, a preset of the stage engine: initial state,
  excavation with relaxation beta, lining (TransverseStages()). Output <dir>/<name>.h5/.xmf (steps 0, 1, 2; time =
  stage number), <name>_trough.csv, <name>_tunnel.csv (surface settlement, crown/invert/springline displacements,
  convergence), <name>_lining.csv. Collective.
*/
PetscErrorCode DioTransverseSectionRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection           sec;
  TransverseOptions    o;
  DioTransverseOptions topts;
  DioLayerStack        stack;
  DioStageList         list;
  DioStageRun          sr;
  Transverse           tr;
  DioOutput            out;
  DM                   dm;
  Vec                  U, u;
  PetscInt            *tunnel, *region, *flag, num_stages, restart_step = -1;
  PetscBool           *ring, stop = PETSC_FALSE, resume;
  DioSectionFlow       gw = NULL;
  PetscLogDouble       t0, t1;
  char                 path[PETSC_MAX_PATH_LEN], what[256];

  PetscFunctionBegin;
  PetscCall(DioSectionFlowDefaults(comm));
  PetscCall(DioSectionCreate(comm, run, "tunnel, transverse section", "lining_concrete", &sec));
  PetscCall(TransverseOptionsSet(comm, &o));
  PetscCall(DioSectionTunnelGeometry(&sec, o.chainage_m, o.diameter_m, o.lining_thickness_m, &stack, &topts));
  if (o.initial == DIO_INITIAL_UNIFORM) {
    /* a square around the bore, the far field of Kirsch's problem: its size is the mesh half width */
    PetscReal half_width = DIO_TRANSVERSE_HALF_WIDTH_DEFAULT;
    PetscCall(PetscOptionsGetReal(NULL, NULL, "-mesh_half_width", &half_width, NULL));
    topts.surface_elevation_m = topts.axis_elevation_m + (o.depth > 0 ? o.depth : half_width);
    topts.base_elevation_m    = topts.axis_elevation_m - half_width;
    PetscCall(DioSectionTunnelGeometryValidate(&sec, o.chainage_m, &topts, PETSC_TRUE));
    PetscCall(DioTransverseOptionsSetFromOptions(comm, &topts));
    /* one material, the bedrock at the chainage; no body forces: the far-field stress is the only load */
    stack.layer_id[0]            = stack.layer_id[stack.num_layers - 1];
    stack.num_layers             = 1;
    stack.top_elevation_m[0]     = topts.surface_elevation_m;
    sec.opts.loads.gravity       = 0;
    sec.opts.loads.sea_load      = PETSC_FALSE;
    sec.opts.loads.pore_pressure = PETSC_FALSE;
  } else {
    PetscCall(DioSectionTunnelGeometryValidate(&sec, o.chainage_m, &topts, PETSC_FALSE));
    PetscCall(DioTransverseOptionsSetFromOptions(comm, &topts));
  }
  PetscCall(DioSectionFlowCreate(&sec, 2, o.diameter_m, o.lining_thickness_m,
                                 (PetscBool)(o.initial == DIO_INITIAL_GEOSTATIC), &stack, &gw));
  num_stages = o.lining ? 2 : 1;
  /* groundwater runs checkpoint during their consolidation; a restart skips the stages' solves (section_flow.c) */
  if (gw) PetscCall(DioSectionFlowRestartStep(gw, num_stages, &restart_step));
  resume = (PetscBool)(restart_step >= 0);
  {
    DioMeshCount count;
    PetscCall(DioTransverseCount(comm, &topts, 0, &count));
    const PetscInt flow_steps = DioSectionFlowNumSteps(gw);
    PetscCall(
        DioSectionRunSize(&sec, &count, num_stages + flow_steps, num_stages + 1 + flow_steps, PETSC_FALSE, PETSC_TRUE));
  }
  if (run->check_only) {
    PetscCall(DioSectionFlowDestroy(&gw));
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscTime(&t0));
  PetscCall(DioMeshCreateTransverse(comm, &topts, &stack, &dm));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscSNPrintf(
      what, sizeof(what), "transverse section at x = %.0f m, surface %.1f m, axis %.1f m, D = %.2f m",
      (double)o.chainage_m, (double)topts.surface_elevation_m, (double)topts.axis_elevation_m, (double)o.diameter_m));
  PetscCall(DioRingSetUp(&sec, dm, what, t1 - t0, &tunnel, &region));
  PetscCall(PetscMalloc2(sec.topology.num_cells + 1, &flag, sec.topology.num_cells + 1, &ring));
  for (PetscInt c = 0; c < sec.topology.num_cells; c++) {
    ring[c] = (PetscBool)(tunnel[c] == DIO_TUNNEL_RING);
    flag[c] = 0;
  }
  PetscCall(TransverseStages(&o, sec.extra_layer, &list));

  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &U));
  PetscCall(VecDuplicate(U, &u));
  if (resume) {
    /* the flow as set up after the initial state (its state comes from the checkpoint), the run's output continued */
    PetscCall(DioSectionFlowSetUp(gw, tunnel, tunnel, U));
    PetscCall(DioSectionFlowOutputContinue(gw, tunnel, &out));
  } else
    PetscCall(DioSectionOutputOpen(&sec, tunnel, &out));
  PetscCall(DioOutputSetMetadata(out, "time_axis",
                                 gw ? "stage number: 0 initial state, 1 excavation with relaxation, 2 lining (both "
                                      "undrained), then the last stage's number plus the days of consolidation"
                                    : "stage number: 0 initial state, 1 excavation with relaxation, 2 lining"));
  PetscCall(PetscMemzero(&tr, sizeof(tr)));
  tr.o         = &o;
  tr.topts     = &topts;
  tr.stack     = &stack;
  tr.tunnel    = tunnel;
  tr.ring      = ring;
  tr.gw        = gw;
  tr.excavated = flag;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_trough.csv", sec.opts.output_dir, sec.opts.output_name));
  if (resume)
    PetscCall(DioCSVReopen(comm, path, "step,x_m,settlement_m", restart_step, &tr.trough));
  else
    PetscCall(DioCSVCreate(comm, path, "step,x_m,settlement_m", &tr.trough));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_tunnel.csv", sec.opts.output_dir, sec.opts.output_name));
  {
    const char *header = "step,max_surface_settlement_m,crown_uy_m,invert_uy_m,east_springline_ux_m,west_springline_ux_"
                         "m,vertical_convergence_m,horizontal_convergence_m";
    if (resume)
      PetscCall(DioCSVReopen(comm, path, header, restart_step, &tr.tunnel_csv));
    else
      PetscCall(DioCSVCreate(comm, path, header, &tr.tunnel_csv));
  }
  PetscCall(PetscMemzero(&sr, sizeof(sr)));
  sr.list               = &list;
  sr.cell_region        = region;
  sr.analysis           = DIO_ANALYSIS_MECHANICS;
  sr.preset.ctx         = &tr;
  sr.preset.stage_loads = TransverseStageLoads;
  sr.preset.solve       = gw ? TransverseSolveCoupled : NULL;
  sr.preset.stage_end   = TransverseStageEnd;
  /* a restart from a consolidation checkpoint: the stages' regions and loads without their solves, outputs or probes
     (the checkpoint holds their state); the cells out after the last stage */
  sr.state_only = resume;
  PetscCall(DioStageEngineRunStages(&sec, &sr, out, 0, U, &stop, NULL));
  if (resume)
    for (PetscInt c = 0; c < sec.topology.num_cells; c++)
      flag[c] = o.lining ? tunnel[c] == DIO_TUNNEL_CORE : tunnel[c] > 0;
  if (gw && !stop) {
    /* consolidation after the last stage (to a stop signal); the lining forces at its end (every step's stress is
       stored: u = 0) */
    PetscCall(DioSectionFlowConsolidate(gw, out, U, u, num_stages + 1, (PetscReal)num_stages, flag));
    PetscCall(WriteProbes(&sec, U, num_stages + DioSectionFlowNumSteps(gw), &o, tr.trough, tr.tunnel_csv, tr.result));
    PetscCall(VecSet(u, 0.0));
    if (o.lining) PetscCall(WriteLiningForces(&sec, u, ring, &o, tr.lining, &tr.lining_written));
  }
  {
    DioSummary summary;
    PetscCall(DioSectionSummaryBegin(&sec, &summary));
    PetscCall(DioSummaryAddReal(summary, "max_surface_settlement_m", tr.result[0]));
    PetscCall(DioSummaryAddReal(summary, "vertical_convergence_m", tr.result[1]));
    PetscCall(DioSummaryAddReal(summary, "horizontal_convergence_m", tr.result[2]));
    if (tr.lining_written) {
      PetscCall(DioSummaryAddReal(summary, "lining_thrust_min_N_per_m", tr.lining[0]));
      PetscCall(DioSummaryAddReal(summary, "lining_thrust_max_N_per_m", tr.lining[1]));
      PetscCall(DioSummaryAddReal(summary, "lining_moment_max_Nm_per_m", tr.lining[2]));
    }
    if (gw) PetscCall(DioSectionFlowSummary(gw, summary));
    PetscCall(DioSummaryWriteAndDestroy(&summary));
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[output]    %s/%s.h5, .xmf, _trough.csv, _tunnel.csv%s\n",
                          sec.opts.output_dir, sec.opts.output_name, tr.lining_written ? ", _lining.csv" : ""));
  PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec.t_start));
  PetscCall(DioCSVDestroy(&tr.trough));
  PetscCall(DioCSVDestroy(&tr.tunnel_csv));
  PetscCall(DioSectionFlowDestroy(&gw));
  PetscCall(DioOutputDestroy(&out));
  PetscCall(DioStageListDestroy(&list));
  PetscCall(PetscFree2(flag, ring));
  PetscCall(PetscFree2(tunnel, region));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&U));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
