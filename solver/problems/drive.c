/* SPDX-License-Identifier: BSD-2-Clause
   drive.c: the tunnel drive along the whole strait on the longitudinal section (issue 3, view 3): the bore as a strip
   of cells removed stage by stage from the geostatic state, with the seabed settlement and the stress change along
   the alignment after every stage, as an HDF5/XDMF time series and CSV probes.

   Assumptions, stated in the output: plane strain in the longitudinal section (the strip stands for the bore); the
   geostatic stress is the initial stress and displacements are reset to zero before excavation; the excavated
   ground is removed at once per stage (no relaxation, no lining yet); pore pressure stays hydrostatic (undrained or
   sealed lining: water pressure acts on the bore wall). With -flow_model consolidation the pore pressure is coupled
   (Biot) and each stage responds undrained, then consolidates for its duration (drive_flow.c).

   A longitudinal plane-strain section cannot hold an empty strip: the ground above a removed 10 m slot tens of
   kilometres long would be a beam spanning the whole drive. As in 2D longitudinal models of practice, the excavated
   cells are replaced by a smeared lining-equivalent material: the lining's modulus and density times the lining's
   share of the bore's cross-section, f = 1 - (1 - 2 t / D)^2, with no initial stress. Releasing the ground's
   initial stress onto that softer, lighter strip gives the settlement.

   The drained drive is a preset of the stage engine (issue 17): the keys write the stage list (DriveStages(): the
   geostatic initial state, then per stage its strip's region replaced by the smeared lining, each stage solved whole
   from the initial state), stage_engine.c runs it, and this file adds the smeared lining after the initial state, the
   output steps and probes, and the checkpoints numbered by excavation stage. The coupled drive (-flow_model
   consolidation) is a preset too (DriveCoupledStages(): a stage per phase of its schedule, the undrained instant its
   load step, the consolidation and standstills in its stage_done), with its groundwater in drive_flow.c. */
#include <petsctime.h>
#include "stage_engine.h"

typedef struct {
  DioTunnelStrip strip;
  PetscReal      advance_rate_m_per_day;
  PetscReal      lining_thickness_m;
} DriveOptions;

/* The bore inside the ground: below the surface with a lining thickness of cover over its crown along the whole
   drive, above the base, narrower than a 3D model; at least a cell across and a cell long per stage, so that every
   stage removes cells. Each message carries the numbers. */
static PetscErrorCode DriveGeometryValidate(MPI_Comm comm, const DioSection *sec, const DriveOptions *o)
{
  const DioStraitOptions *m     = &sec->mesh_opts;
  const PetscReal         scale = PetscPowReal(0.5, (PetscReal)m->refine);
  const PetscReal cell_x = m->cell_size_x_m * scale, cell_fine = m->cell_size_fine_m * scale, D = o->strip.diameter_m;
  const PetscReal crown = o->strip.axis_elevation_m + 0.5 * D, invert = o->strip.axis_elevation_m - 0.5 * D;
  const PetscReal length = PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m);
  PetscReal       surface, x_surface;

  /* the band's cells are centred on the axis: a cell centroid lies on it (odd count) or half a cell off (even) */
  const PetscInt  n_band   = (PetscInt)PetscCeilReal(2 * m->band_half_height_m / cell_fine - 1e-9);
  const PetscReal offset   = n_band % 2 ? 0 : m->band_half_height_m / n_band;
  const PetscInt  n_y      = (PetscInt)PetscCeilReal(m->width_m / (m->cell_size_y_m * scale) - 1e-9);
  const PetscReal offset_y = m->dim == 3 && n_y % 2 == 0 ? 0.5 * m->width_m / n_y : 0;

  PetscFunctionBegin;
  PetscCheck(0.5 * D > offset && 0.5 * D > offset_y, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_diameter = %g m: no cell centroid lies within the bore, the nearest is %g m from the axis "
             "(cells of %g m in the band, -mesh_cell_size_fine / 2^-mesh_refine); the strip would hold no cells",
             (double)D, (double)PetscMax(offset, offset_y), (double)(2 * m->band_half_height_m / n_band));
  PetscCheck(o->strip.stage_length_m >= cell_x * (1 - 1e-9), comm, PETSC_ERR_USER_INPUT,
             "-tunnel_stage_length = %g m: shorter than a cell along the alignment (%g m: -mesh_cell_size_x / "
             "2^-mesh_refine); a stage would remove no cells",
             (double)o->strip.stage_length_m, (double)cell_x);
  PetscCheck(
      length >= cell_x * (1 - 1e-9), comm, PETSC_ERR_USER_INPUT,
      "-tunnel_x_start %g m to -tunnel_x_end %g m: a drive of %g m is shorter than a cell along the alignment (%g m)",
      (double)o->strip.x_start_m, (double)o->strip.x_end_m, (double)length, (double)cell_x);
  PetscCheck(invert > m->base_elevation_m, comm, PETSC_ERR_USER_INPUT,
             "-mesh_axis_elevation %g m, -tunnel_diameter %g m: the invert at %g m must lie above the model's base "
             "(-mesh_base_elevation %g m)",
             (double)o->strip.axis_elevation_m, (double)D, (double)invert, (double)m->base_elevation_m);
  PetscCall(DioProfileSurfaceMinimum(sec->profile, o->strip.x_start_m, o->strip.x_end_m, &surface, &x_surface));
  PetscCheck(crown + o->lining_thickness_m <= surface, comm, PETSC_ERR_USER_INPUT,
             "-mesh_axis_elevation %g m, -tunnel_diameter %g m: the crown at %g m needs %g m of cover (the lining "
             "thickness) below the surface, which lies at %g m at x = %g m on the drive; lower the axis",
             (double)o->strip.axis_elevation_m, (double)D, (double)crown, (double)o->lining_thickness_m,
             (double)surface, (double)x_surface);
  PetscCheck(m->dim == 2 || D < m->width_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_diameter = %g m: must be smaller than the model's width (-mesh_width %g m)", (double)D,
             (double)m->width_m);
  PetscFunctionReturn(0);
}

static PetscErrorCode DriveOptionsSet(MPI_Comm comm, const DioSection *sec, DriveOptions *o)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->strip.axis_elevation_m = sec->mesh_opts.axis_elevation_m;
  o->strip.axis_y_m         = 0.5 * sec->mesh_opts.width_m;
  o->strip.diameter_m       = 12.0;
  o->strip.x_start_m        = PetscMax(0.0, sec->mesh_opts.x_min_m);
  o->strip.x_end_m          = PetscMin(89100.0, sec->mesh_opts.x_max_m);
  o->strip.stage_length_m   = 5000.0;
  o->advance_rate_m_per_day = 15.0;
  o->lining_thickness_m     = 0.55;
  PetscOptionsBegin(comm, NULL, "Tunnel drive (longitudinal section)", "tunnel");
  PetscCall(
      PetscOptionsReal("-tunnel_diameter", "Bored diameter (m)", "", o->strip.diameter_m, &o->strip.diameter_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_x_start",
                             "Drive starts at this distance along the alignment (m); default the Cape Dezhnev shore",
                             "", o->strip.x_start_m, &o->strip.x_start_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_x_end", "Drive ends here (m); default the Cape Prince of Wales shore", "",
                             o->strip.x_end_m, &o->strip.x_end_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_stage_length", "Advance per excavation stage (m)", "", o->strip.stage_length_m,
                             &o->strip.stage_length_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_advance_rate", "TBM advance rate (m/day): sets the time of each stage", "",
                             o->advance_rate_m_per_day, &o->advance_rate_m_per_day, NULL));
  PetscCall(PetscOptionsReal("-tunnel_lining_thickness",
                             "Segmental lining thickness (m); material: -materials_lining_concrete_*", "",
                             o->lining_thickness_m, &o->lining_thickness_m, NULL));
  PetscOptionsEnd();
  PetscCheck(o->lining_thickness_m > 0 && 2 * o->lining_thickness_m < o->strip.diameter_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_lining_thickness = %g: must be in (0, diameter / 2 = %g) m", (double)o->lining_thickness_m,
             (double)(0.5 * o->strip.diameter_m));
  PetscCheck(o->advance_rate_m_per_day > 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_advance_rate = %g: must be > 0 m/day",
             (double)o->advance_rate_m_per_day);
  /* the stage count as a real before anything casts it (DioMeshLabelTunnelStrip() counts them) */
  PetscCheck(
      o->strip.stage_length_m > 0 &&
          PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m) / o->strip.stage_length_m < (PetscReal)PETSC_MAX_INT,
      comm, PETSC_ERR_USER_INPUT,
      "-tunnel_stage_length = %g: must be > 0 m, with fewer stages than PetscInt can count over the drive's %g m",
      (double)o->strip.stage_length_m, (double)PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m));
  PetscCheck(o->strip.x_start_m >= sec->mesh_opts.x_min_m && o->strip.x_start_m <= sec->mesh_opts.x_max_m &&
                 o->strip.x_end_m >= sec->mesh_opts.x_min_m && o->strip.x_end_m <= sec->mesh_opts.x_max_m,
             comm, PETSC_ERR_USER_INPUT, "-tunnel_x_start %g / -tunnel_x_end %g: must lie in the mesh, [%g, %g] m",
             (double)o->strip.x_start_m, (double)o->strip.x_end_m, (double)sec->mesh_opts.x_min_m,
             (double)sec->mesh_opts.x_max_m);
  PetscCall(DriveGeometryValidate(comm, sec, o));
  PetscFunctionReturn(0);
}

/* The time at which `stages` stages are complete (s): the advance over the advance rate. */
static PetscReal StageTime(const DriveOptions *o, PetscInt stages)
{
  const PetscReal advance =
      PetscMin(stages * o->strip.stage_length_m, PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m));

  return advance / o->advance_rate_m_per_day * 86400.0;
}

/* The face's position (m along the alignment) once `stages` stages are complete. */
static PetscReal FaceX(const DriveOptions *o, PetscInt stages)
{
  const PetscReal direction = o->strip.x_end_m >= o->strip.x_start_m ? 1.0 : -1.0;
  const PetscReal advance =
      PetscMin(stages * o->strip.stage_length_m, PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m));

  return o->strip.x_start_m + direction * advance;
}

/* What the probes of both drives keep: the surface's vertices, a work array, the probe files and the last results
   (the summary's). */
typedef struct {
  PetscInt   num_surface, *surface; /* the surface's owned vertices (indices into the topology) */
  PetscReal *disp;                  /* [3 num_vertices] work */
  DioCSV     settlement_csv, drive_csv;
  PetscReal  max_settlement, x_of_max;
} DriveProbes;

/* The surface's vertices and a work array; no results yet. Collective; free with DriveProbesDestroy(). */
static PetscErrorCode DriveProbesCreate(DioSection *sec, DriveProbes *p)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(p, sizeof(*p)));
  PetscCall(DioSectionBoundaryVertices(sec, DIO_BOUNDARY_SURFACE, &p->num_surface, &p->surface));
  PetscCall(PetscMalloc1(3 * sec->topology.num_vertices, &p->disp));
  PetscFunctionReturn(0);
}

/* The probe files: new, or with restart the run's own reopened after `kept` steps' rows. Collective. */
static PetscErrorCode DriveProbesOpen(DioSection *sec, PetscBool restart, PetscInt kept, DriveProbes *p)
{
  const char *settlement = "step,time_s,x_m,settlement_m", *drive = "step,time_s,face_x_m,max_settlement_m,x_of_max_m";
  char        path[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_settlement.csv", sec->opts.output_dir, sec->opts.output_name));
  if (restart)
    PetscCall(DioCSVReopen(sec->comm, path, settlement, kept, &p->settlement_csv));
  else
    PetscCall(DioCSVCreate(sec->comm, path, settlement, &p->settlement_csv));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_drive.csv", sec->opts.output_dir, sec->opts.output_name));
  if (restart)
    PetscCall(DioCSVReopen(sec->comm, path, drive, kept, &p->drive_csv));
  else
    PetscCall(DioCSVCreate(sec->comm, path, drive, &p->drive_csv));
  PetscFunctionReturn(0);
}

static PetscErrorCode DriveProbesDestroy(DriveProbes *p)
{
  PetscFunctionBegin;
  PetscCall(DioCSVDestroy(&p->settlement_csv));
  PetscCall(DioCSVDestroy(&p->drive_csv));
  PetscCall(PetscFree(p->disp));
  PetscCall(PetscFree(p->surface));
  PetscFunctionReturn(0);
}

/* The largest seabed/ground settlement (p->max_settlement, every rank) and, among the ranks that hold it, its
   westernmost position p->x_of_max, from the displacement u after `step` at `time`; the surface's rows appended to
   the settlement probe unless csv is false. Collective. */
static PetscErrorCode SurfaceSettlement(DioSection *sec, DriveProbes *p, Vec u, PetscInt step, PetscReal time,
                                        PetscBool csv)
{
  PetscReal max_local = 0, x_local = PETSC_MAX_REAL, *csv_rows;

  PetscFunctionBegin;
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, u, sec->topology.num_vertices, sec->topology.vertex_points,
                                               p->disp));
  PetscCall(PetscMalloc1(4 * p->num_surface + 1, &csv_rows));
  for (PetscInt i = 0; i < p->num_surface; i++) {
    const PetscInt  v   = p->surface[i];
    const PetscReal s   = -p->disp[3 * v + sec->dim - 1]; /* settlement positive downwards */
    csv_rows[4 * i + 0] = step;
    csv_rows[4 * i + 1] = time;
    csv_rows[4 * i + 2] = sec->topology.vertex_coords[3 * v];
    csv_rows[4 * i + 3] = s;
    if (s > max_local) {
      max_local = s;
      x_local   = sec->topology.vertex_coords[3 * v];
    }
  }
  if (csv) PetscCall(DioCSVAppendRows(p->settlement_csv, p->num_surface, 4, csv_rows, 2));
  PetscCall(PetscFree(csv_rows));
  PetscCall(MPIU_Allreduce(&max_local, &p->max_settlement, 1, MPIU_REAL, MPI_MAX, sec->comm));
  if (max_local < p->max_settlement) x_local = PETSC_MAX_REAL;
  PetscCall(MPIU_Allreduce(&x_local, &p->x_of_max, 1, MPIU_REAL, MPI_MIN, sec->comm));
  PetscFunctionReturn(0);
}

/* The probes of output step `step` at `time` (s) with the face at face_x: the settlement along the surface, the
   drive's row (largest settlement and where) and the log line. Collective. */
static PetscErrorCode StageProbes(DioSection *sec, DriveProbes *p, Vec u, PetscInt step, PetscReal time,
                                  PetscReal face_x)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCall(SurfaceSettlement(sec, p, u, step, time, PETSC_TRUE));
  {
    PetscReal row[5] = {(PetscReal)step, time, face_x, p->max_settlement, p->x_of_max};
    PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
    PetscCall(DioCSVAppendRows(p->drive_csv, rank == 0 ? 1 : 0, 5, row, -1));
  }
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "            max seabed/ground settlement %.2f mm at x = %.0f m\n",
                          (double)(1e3 * p->max_settlement), (double)p->x_of_max));
  PetscFunctionReturn(0);
}

/* After the initial state: the undrained layers from now on (drainage; the coupled flow takes each layer's type
   itself) and the extra layer as the smeared lining, its share f = 1 - (1 - 2 t / D)^2 of the bore's cross-section.
   Collective. */
static PetscErrorCode DriveSmearedLining(DioSection *sec, const DriveOptions *o, PetscBool drainage)
{
  const DioLayerMaterial *lining;
  const PetscReal         ratio = 1.0 - 2.0 * o->lining_thickness_m / o->strip.diameter_m, f = 1.0 - ratio * ratio;

  PetscFunctionBegin;
  if (drainage) PetscCall(DioSectionApplyDrainage(sec));
  PetscCall(DioMaterialTableGetLayer(sec->materials, sec->extra_layer, &lining));
  PetscCall(DioElasticitySetLayerElastic(sec->elas, sec->extra_layer, f * lining->youngs_modulus,
                                         lining->poissons_ratio, f * lining->density, PETSC_FALSE));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[tunnel]    excavated strip replaced by lining-equivalent: E %.3g Pa, density %.0f kg/m3 "
                          "(lining share %.3f)\n",
                          (double)(f * lining->youngs_modulus), (double)(f * lining->density), (double)f));
  PetscFunctionReturn(0);
}

/* The assumptions of the drained or the coupled (df) drive into the output's metadata. */
static PetscErrorCode DriveAssumptions(DioOutput out, DioDriveFlow df)
{
  PetscFunctionBegin;
  PetscCall(DioOutputSetMetadata(out, "assumptions",
                                 df ? "plane strain longitudinal section; geostatic stress as initial stress, "
                                      "displacement reset to zero; each stage replaced at once; Biot consolidation, "
                                      "each stage undrained then consolidating for its duration; the replaced strip "
                                      "carries no flow and its boundary is watertight (the lining carries the water "
                                      "pressure)"
                                    : "plane strain longitudinal section; geostatic stress as initial stress, "
                                      "displacement reset to zero; each stage removed at once; hydrostatic pore "
                                      "pressure kept (water pressure on the bore wall)"));
  PetscFunctionReturn(0);
}

/* The drive's output and probe files, new (opened after the initial state's solve: its metadata records the solver's
   defaults the first solve sets) or the coupled drive's continued after a restart's checkpoint (kept: the probe rows
   before its step), and its assumptions. Collective. */
static PetscErrorCode DriveOutputOpen(DioSection *sec, const PetscInt stage[], DioDriveFlow df, PetscBool restart,
                                      PetscInt kept, DriveProbes *p, DioOutput *out)
{
  PetscFunctionBegin;
  if (df)
    PetscCall(DioDriveFlowOutputOpen(df, stage, out));
  else
    PetscCall(DioSectionOutputOpen(sec, stage, out));
  PetscCall(DriveAssumptions(*out, df));
  PetscCall(DriveProbesOpen(sec, restart, kept, p));
  PetscFunctionReturn(0);
}

/*
  The frame of the drive's stage lists: num_list_stages stages over num_stages + 1 regions (0 the ground, k the strip of
  stage k: the cells of stage label k - 1), stage s excavating and activating region activated[s] in place (-1: none;
  DioStageListCreateInPlace()) as the smeared lining (lining_layer, stress-free), stage 0 the geostatic initial state
  (gravity). Destroy with DioStageListDestroy().
*/
static PetscErrorCode DriveStageList(PetscInt num_list_stages, const PetscInt activated[], PetscInt num_stages,
                                     PetscInt lining_layer, DioStageList *list)
{
  DioStage *st;

  PetscFunctionBegin;
  PetscCall(DioStageListCreateInPlace(num_list_stages, num_stages + 1, activated, list));
  PetscCall(PetscMalloc1(num_stages + 1, &list->region_layer));
  for (PetscInt r = 0; r <= num_stages; r++) list->region_layer[r] = r ? lining_layer : -1;
  st = &list->stage[0];
  PetscCall(PetscStrncpy(st->name, "initial state", sizeof(st->name)));
  PetscCall(PetscStrncpy(st->description, "geostatic (initial state)", sizeof(st->description)));
  st->initial = DIO_STAGE_INITIAL_GRAVITY;
  PetscFunctionReturn(0);
}

/* The stage's name and progress line: stage k, or the standstill after it; the face at FaceX(k). */
static PetscErrorCode DriveStageName(const DriveOptions *o, PetscInt k, PetscBool advance, DioStage *st)
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(st->name, sizeof(st->name),
                          advance ? "stage %" PetscInt_FMT : "standstill after stage %" PetscInt_FMT, k));
  PetscCall(PetscSNPrintf(st->description, sizeof(st->description), "face at x = %.0f m", (double)FaceX(o, k)));
  PetscFunctionReturn(0);
}

/*
  The drained drive's stages (DriveStageList()): stage k = 1 .. num_stages its strip replaced in place, solved whole
  from the initial state (secant: U = u, nothing stored), ending when its face is at FaceX(k).
*/
static PetscErrorCode DriveStages(const DriveOptions *o, PetscInt num_stages, PetscInt lining_layer, DioStageList *list)
{
  PetscInt *activated;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(num_stages + 1, &activated));
  for (PetscInt s = 0; s <= num_stages; s++) activated[s] = s ? s : -1;
  PetscCall(DriveStageList(num_stages + 1, activated, num_stages, lining_layer, list));
  PetscCall(PetscFree(activated));
  for (PetscInt s = 1; s <= num_stages; s++) {
    DioStage *st = &list->stage[s];
    st->time_end = StageTime(o, s);
    st->duration = st->time_end - list->stage[s - 1].time_end;
    st->secant   = PETSC_TRUE;
    PetscCall(DriveStageName(o, s, PETSC_TRUE, st));
  }
  PetscFunctionReturn(0);
}

/* What the drained drive adds to the engine's run: the smeared lining, its outputs, probes and checkpoints. */
typedef struct {
  const DriveOptions *o;
  DriveProbes        *probes;
  const PetscInt     *region;    /* [num_cells] 0 the ground, k the strip of stage k */
  PetscInt           *excavated; /* [num_cells] 1 on the strips replaced so far (they stay in as the lining) */
  const PetscInt     *stage;     /* [num_cells] the stage label (the output's excavation_stage) */
  DioOutput           out;       /* opened after the initial state (DriveOutputOpen()), or a restart's */
  PetscLogStage       stage_output;
  PetscInt            every;
  const char         *checkpoint_path;
} Drive;

/* After stage s: (the initial state) the undrained layers and the smeared lining from now on; output step s at the
   stage's end time with U, the displacement since the initial state; (an excavation stage) the probes. */
static PetscErrorCode DriveStageEnd(DioSection *sec, DioOutput out, PetscInt s, Vec U, Vec u,
                                    const PetscInt excavated[], void *ctx)
{
  Drive *d = (Drive *)ctx;

  PetscFunctionBegin;
  (void)out;       /* the preset's own, d->out */
  (void)excavated; /* the engine's cells out of the model: none, the strips stay in */
  if (s == 0) {
    PetscCall(DriveSmearedLining(sec, d->o, PETSC_TRUE));
    PetscCall(DriveOutputOpen(sec, d->stage, NULL, PETSC_FALSE, 0, d->probes, &d->out));
  }
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) d->excavated[c] = d->region[c] >= 1 && d->region[c] <= s;
  PetscCall(PetscLogStagePush(d->stage_output));
  PetscCall(DioSectionOutputStep(sec, d->out, U, u, s, StageTime(d->o, s), d->excavated, NULL));
  if (s > 0) PetscCall(StageProbes(sec, d->probes, U, s, StageTime(d->o, s), FaceX(d->o, s)));
  PetscCall(PetscLogStagePop());
  PetscFunctionReturn(0);
}

/* After excavation stage s (none after the initial state): a checkpoint of U as after s stages when due, and *stop. */
static PetscErrorCode DriveStageDone(DioSection *sec, PetscInt s, Vec U, PetscBool *stop, void *ctx)
{
  Drive *d = (Drive *)ctx;

  PetscFunctionBegin;
  *stop = PETSC_FALSE;
  if (s > 0) PetscCall(DioSectionStageDone(sec, s, d->every, d->checkpoint_path, U, stop));
  PetscFunctionReturn(0);
}

/*
  The drained drive, a preset of the stage engine (DriveStages()): output step 0 the initial state, step k the state
  after stage k; with -restart the strips replaced up to the checkpoint's stage, its state, and the run's output and
  probes continued after it. U: the displacement since the initial state on return. Collective.
*/
static PetscErrorCode DriveDrainedRun(DioSection *sec, const DriveOptions *o, PetscInt num_stages,
                                      const PetscInt stage[], PetscInt every, const char checkpoint_path[],
                                      PetscBool restart, const char restart_path[], DriveProbes *p, Vec U)
{
  const PetscInt n = sec->topology.num_cells;
  DioStageList   list;
  DioStageRun    sr;
  Drive          d;
  PetscInt      *region, *excavated, first_stage = 0;
  PetscBool      appended = PETSC_FALSE, stop;
  Vec            U_start  = NULL;

  PetscFunctionBegin;
  PetscCall(PetscMalloc2(n + 1, &region, n + 1, &excavated));
  for (PetscInt c = 0; c < n; c++) {
    region[c]    = stage[c] >= 0 ? stage[c] + 1 : 0;
    excavated[c] = 0;
  }
  PetscCall(DriveStages(o, num_stages, sec->extra_layer, &list));
  PetscCall(PetscMemzero(&d, sizeof(d)));
  d.o               = o;
  d.probes          = p;
  d.region          = region;
  d.excavated       = excavated;
  d.stage           = stage;
  d.every           = every;
  d.checkpoint_path = checkpoint_path;
  PetscCall(DioLogStageGet("Output", &d.stage_output));
  PetscCall(PetscMemzero(&sr, sizeof(sr)));
  sr.list              = &list;
  sr.cell_region       = region;
  sr.analysis          = DIO_ANALYSIS_MECHANICS;
  sr.every             = every;
  sr.checkpoint_path   = checkpoint_path;
  sr.preset.ctx        = &d;
  sr.preset.stage_end  = DriveStageEnd;
  sr.preset.stage_done = DriveStageDone;
  if (restart) {
    /* the strips replaced up to the checkpoint's stage, then its state; the secant stages start from the initial
       state (the checkpoint holds the displacement since then) */
    PetscBool *active;
    PetscCall(DriveSmearedLining(sec, o, PETSC_TRUE));
    PetscCall(DioSectionRestartStage(sec, restart_path, num_stages, &first_stage));
    PetscCall(PetscMalloc1(n + 1, &active));
    PetscCall(DioStageEngineRestoreStages(sec, &list, first_stage + 1, region, active, excavated));
    PetscCall(PetscFree(active));
    for (PetscInt c = 0; c < n; c++) excavated[c] = region[c] >= 1 && region[c] <= first_stage;
    PetscCall(DioSectionCheckpointRead(sec, restart_path, &first_stage, U));
    PetscCall(DioSectionRestartReport(sec, restart_path, first_stage));
    /* the results of the restored state: the summary of a restart after the last stage (no stage left) reports them */
    PetscCall(SurfaceSettlement(sec, p, U, first_stage, StageTime(o, first_stage), PETSC_FALSE));
    PetscCall(VecDuplicate(U, &U_start));
    PetscCall(VecSet(U_start, 0.0));
    sr.U_start = U_start;
    PetscCall(DioSectionOutputContinue(sec, stage, first_stage, &d.out, &appended));
    PetscCall(DriveAssumptions(d.out, NULL));
    if (!appended)
      PetscCall(DioSectionOutputStep(sec, d.out, U, U, first_stage, StageTime(o, first_stage), excavated, NULL));
    PetscCall(DriveProbesOpen(sec, PETSC_TRUE, first_stage, p));
  }
  PetscCall(DioStageEngineRunStages(sec, &sr, d.out, restart ? first_stage + 1 : 0, U, &stop, NULL));
  PetscCall(DioOutputDestroy(&d.out));
  PetscCall(VecDestroy(&U_start));
  PetscCall(DioStageListDestroy(&list));
  PetscCall(PetscFree2(region, excavated));
  PetscFunctionReturn(0);
}

/*
  The coupled drive's stages (DriveStageList()), one per phase of its schedule: a drive stage's strip replaced in
  place, its undrained instant one load step (an increment, stored), then its consolidation (the preset's
  stage_done); a standstill changes nothing and has no load step. Numbered by drive stage (by_output_step) for the
  progress lines.
*/
static PetscErrorCode DriveCoupledStages(const DriveOptions *o, const DioTunnelSchedule *schedule, PetscInt num_stages,
                                         PetscInt lining_layer, DioStageList *list)
{
  PetscInt *activated;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(schedule->num_phases + 1, &activated));
  activated[0] = -1;
  for (PetscInt p = 0; p < schedule->num_phases; p++)
    activated[p + 1] = schedule->phase[p].advance ? schedule->phase[p].stage : -1;
  PetscCall(DriveStageList(schedule->num_phases + 1, activated, num_stages, lining_layer, list));
  PetscCall(PetscFree(activated));
  list->by_output_step = PETSC_TRUE;
  for (PetscInt p = 0; p < schedule->num_phases; p++) {
    const DioTunnelPhase *phase = &schedule->phase[p];
    DioStage             *st    = &list->stage[p + 1];
    st->time_end                = phase->time_start + phase->duration;
    st->duration                = phase->duration;
    st->steps                   = phase->advance ? 1 : 0;
    st->output_step             = phase->stage;
    PetscCall(DriveStageName(o, phase->stage, phase->advance, st));
  }
  PetscFunctionReturn(0);
}

/* What the coupled drive adds to the engine's run: the flow's set-up, the strips' stress, the undrained solve, the
   consolidation of each phase, outputs and probes. */
typedef struct {
  const DriveOptions      *o;
  DriveProbes             *probes;
  DioDriveFlow             df;
  const DioTunnelSchedule *schedule;
  const PetscInt          *stage;      /* [num_cells] the stage label (the output's excavation_stage) */
  DioOutput                out;        /* opened after the initial state (DriveOutputOpen()), or a restart's */
  Vec                      U;          /* the engine's (the displacement since the initial state) */
  const PetscInt          *region;     /* [num_cells] 0 the ground, k the strip of stage k */
  PetscInt                *excavated;  /* [num_cells] 1 on the strips replaced so far */
  PetscBool               *strip;      /* [num_cells] work */
  PetscInt                 num_stages; /* the drive's */
  PetscInt                 resumed;    /* the stage a restart continues within (its checkpoint's), else -1 */
} DriveCoupled;

/* Before stage s's solve: a drive stage's strip (replaced by the engine) with the stored stress of the displacement so
   far and the wall around it; the stage a restart continues within: the checkpoint's state instead. */
static PetscErrorCode DriveCoupledStageLoads(DioSection *sec, PetscInt s, void *ctx)
{
  DriveCoupled         *d = (DriveCoupled *)ctx;
  const DioTunnelPhase *phase;

  PetscFunctionBegin;
  if (s == 0) PetscFunctionReturn(0);
  phase = &d->schedule->phase[s - 1];
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    d->strip[c]     = (PetscBool)(phase->advance && d->region[c] == phase->stage);
    d->excavated[c] = d->region[c] >= 1 && d->region[c] <= phase->stage;
  }
  if (s == d->resumed)
    PetscCall(DioDriveFlowSetUp(d->df, d->out, d->excavated, d->probes->num_surface, d->probes->surface, d->U));
  else if (phase->advance)
    PetscCall(DioDriveFlowStripStress(d->df, d->strip, d->excavated, d->U));
  PetscFunctionReturn(0);
}

/* A drive stage's load step: its undrained response. */
static PetscErrorCode DriveCoupledSolve(DioSection *sec, PetscInt s, Vec u, PetscInt step, PetscInt num_steps,
                                        const char what[], void *ctx)
{
  DriveCoupled *d = (DriveCoupled *)ctx;

  PetscFunctionBegin;
  (void)sec;
  (void)step;
  (void)num_steps;
  PetscCall(DioDriveFlowSolveUndrained(d->df, u, &d->schedule->phase[s - 1], d->num_stages, what));
  PetscFunctionReturn(0);
}

/* After the initial state: the smeared lining and the coupled initial state (output step 0); after a drive stage's
   undrained step: its output step and probes. */
static PetscErrorCode DriveCoupledStageEnd(DioSection *sec, DioOutput out, PetscInt s, Vec U, Vec u,
                                           const PetscInt excavated[], void *ctx)
{
  DriveCoupled         *d = (DriveCoupled *)ctx;
  const DioTunnelPhase *phase;

  PetscFunctionBegin;
  (void)excavated; /* the engine's cells out of the model: none, the strips stay in */
  (void)out;       /* the preset's own, d->out */
  if (s == 0) {
    PetscCall(DriveSmearedLining(sec, d->o, PETSC_FALSE));
    PetscCall(DriveOutputOpen(sec, d->stage, d->df, PETSC_FALSE, 0, d->probes, &d->out));
    PetscCall(DioDriveFlowSetUp(d->df, d->out, d->excavated, d->probes->num_surface, d->probes->surface, U));
    PetscFunctionReturn(0);
  }
  phase = &d->schedule->phase[s - 1];
  PetscCall(DioDriveFlowWriteUndrained(d->df, d->out, U, u, phase, d->excavated));
  PetscCall(StageProbes(sec, d->probes, U, phase->first_step, phase->time_start, FaceX(d->o, phase->stage)));
  PetscFunctionReturn(0);
}

/* After stage s (its increment stored): the phase's consolidation steps (from a restart's step; they checkpoint), the
   probes at its end and the stop point; *stop: a stop signal ended the run (mid-phase: a restart continues it). */
static PetscErrorCode DriveCoupledStageDone(DioSection *sec, PetscInt s, Vec U, PetscBool *stop, void *ctx)
{
  DriveCoupled         *d = (DriveCoupled *)ctx;
  const DioTunnelPhase *phase;
  PetscReal             face_x;

  PetscFunctionBegin;
  *stop = PETSC_FALSE;
  if (s == 0) PetscFunctionReturn(0);
  phase  = &d->schedule->phase[s - 1];
  face_x = FaceX(d->o, phase->stage);
  if (!phase->advance && DioTunnelPhaseFirstStep(d->schedule, s - 1) == 1)
    PetscCall(DioTunnelPhaseLogStandstill(sec, phase, face_x));
  PetscCall(DioDriveFlowConsolidate(d->df, d->out, U, d->excavated, s - 1, stop));
  if (*stop) PetscFunctionReturn(0);
  PetscCall(StageProbes(sec, d->probes, U, DioTunnelPhaseFirstConsolidation(phase) + phase->steps - 1,
                        phase->time_start + phase->duration, face_x));
  PetscCall(DioTunnelPhaseStopPoint(sec, phase, stop));
  PetscFunctionReturn(0);
}

/*
  The coupled drive (-flow_model consolidation, drive_flow.c), a preset of the stage engine too (DriveCoupledStages()):
  output step 0 the coupled initial state, then per stage its undrained instant and its consolidation steps, the
  standstills; the probes at each stage's undrained instant and at every phase's end. With -restart (from a
  consolidation step) the stages before the checkpoint's re-applied, its state, and the run continued within its
  phase. Collective.
*/
static PetscErrorCode DriveCoupledRun(DioSection *sec, const DriveOptions *o, DioDriveFlow df, PetscInt num_stages,
                                      const PetscInt stage[], PetscBool restart, DriveProbes *p, Vec U)
{
  const DioTunnelSchedule *schedule = DioDriveFlowSchedule(df);
  const PetscInt           n        = sec->topology.num_cells;
  DioStageList             list;
  DioStageRun              sr;
  DriveCoupled             d;
  PetscInt                *region, *excavated, first_stage = 0;
  PetscBool               *strip, stop;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(n + 1, &region, n + 1, &excavated, n + 1, &strip));
  for (PetscInt c = 0; c < n; c++) {
    region[c]    = stage[c] >= 0 ? stage[c] + 1 : 0;
    excavated[c] = 0;
  }
  PetscCall(DriveCoupledStages(o, schedule, num_stages, sec->extra_layer, &list));
  PetscCall(PetscMemzero(&d, sizeof(d)));
  d.o          = o;
  d.probes     = p;
  d.df         = df;
  d.schedule   = schedule;
  d.U          = U;
  d.stage      = stage;
  d.region     = region;
  d.excavated  = excavated;
  d.strip      = strip;
  d.num_stages = num_stages;
  d.resumed    = -1;
  PetscCall(PetscMemzero(&sr, sizeof(sr)));
  sr.list               = &list;
  sr.cell_region        = region;
  sr.analysis           = DIO_ANALYSIS_MECHANICS;
  sr.preset.ctx         = &d;
  sr.preset.stage_loads = DriveCoupledStageLoads;
  sr.preset.solve       = DriveCoupledSolve;
  sr.preset.stage_end   = DriveCoupledStageEnd;
  sr.preset.stage_done  = DriveCoupledStageDone;
  if (restart) {
    /* the stages before the checkpoint's re-applied; its own (its strip, wall and state) by the preset's stage_loads,
       its load steps done */
    PetscBool *active;
    first_stage    = schedule->restart_phase + 1;
    d.resumed      = first_stage;
    sr.resume_done = schedule->restart_done;
    PetscCall(DriveSmearedLining(sec, o, PETSC_FALSE));
    PetscCall(PetscMalloc1(n + 1, &active));
    PetscCall(DioStageEngineRestoreStages(sec, &list, first_stage, region, active, excavated));
    PetscCall(PetscFree(active));
    /* a restart keeps the probe rows before its checkpoint's step (the rows of a phase's end are written again) */
    PetscCall(DriveOutputOpen(sec, stage, df, PETSC_TRUE, schedule->restart_step - 1, p, &d.out));
  }
  PetscCall(DioStageEngineRunStages(sec, &sr, d.out, first_stage, U, &stop, NULL));
  PetscCall(DioOutputDestroy(&d.out));
  PetscCall(DioStageListDestroy(&list));
  PetscCall(PetscFree3(region, excavated, strip));
  PetscFunctionReturn(0);
}

/*
  DioLongitudinalDriveRun - geostatic state, then the drive in stages along the strait; output step 0 is the initial
  state (zero displacement), step k the state after stage k (DriveDrainedRun(), a preset of the stage engine). Probes:
  <name>_settlement.csv (step, time, x, settlement along the surface) and <name>_drive.csv (step, time, face position,
  largest settlement and where). With -flow_model consolidation (DriveCoupledRun(), drive_flow.c) output step 0 is the
  coupled initial state, then per stage its undrained instant and its consolidation steps, the standstills; the probes
  at each stage's undrained instant and end. Collective.
*/
PetscErrorCode DioLongitudinalDriveRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection     sec;
  DriveOptions   opts;
  DriveProbes    probes;
  Vec            U;
  PetscInt       num_stages, *stage, every;
  PetscBool      restart;
  char           checkpoint_path[PETSC_MAX_PATH_LEN], restart_path[PETSC_MAX_PATH_LEN];
  PetscLogDouble t1;
  DioDriveFlow   df = NULL;

  PetscFunctionBegin;
  PetscCall(DioSectionFlowDefaults(comm));
  PetscCall(DioSectionCreate(comm, run, "tunnel drive, longitudinal section", "lining_concrete", &sec));
  PetscCall(DriveOptionsSet(comm, &sec, &opts));
  PetscCall(
      DioSectionCheckpointOptions(&sec, &every, checkpoint_path, sizeof(checkpoint_path), &restart, restart_path));
  {
    DioMeshCount   count;
    const PetscInt stages = (PetscInt)PetscCeilReal(
        PetscAbsReal(opts.strip.x_end_m - opts.strip.x_start_m) / opts.strip.stage_length_m - 1e-9);
    /* stages of the stage length's time; the last of what is left of the drive */
    PetscCall(DioDriveFlowCreate(&sec, opts.strip.diameter_m, opts.lining_thickness_m, stages,
                                 opts.strip.stage_length_m / opts.advance_rate_m_per_day * 86400.0,
                                 StageTime(&opts, stages) - StageTime(&opts, stages - 1), restart, restart_path, &df));
    PetscCall(DioStraitCount(comm, &sec.mesh_opts, &count));
    PetscCall(DioSectionRunSize(&sec, &count, stages, df ? DioDriveFlowSchedule(df)->num_outputs : stages + 1,
                                PETSC_FALSE, PETSC_TRUE));
  }
  if (run->check_only) {
    PetscCall(DioDriveFlowDestroy(&df));
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(DioSectionBuild(&sec));
  PetscCall(DioMeshLabelTunnelStrip(sec.dm, &opts.strip, &num_stages));
  /* a long thin section: a Cholesky factorisation per stage is cheaper than CG + GAMG's 60-70 iterations (issue 16) */
  if (sec.dim == 2) PetscCall(DioElasticitySetDirectMaxDofs(sec.elas, 4000000));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                          "[tunnel]    diameter %.2f m, axis %.1f m, x = %.0f .. %.0f m in %" PetscInt_FMT
                          " stages of %.0f m at %.1f m/day\n",
                          (double)opts.strip.diameter_m, (double)opts.strip.axis_elevation_m,
                          (double)opts.strip.x_start_m, (double)opts.strip.x_end_m, num_stages,
                          (double)opts.strip.stage_length_m, (double)opts.advance_rate_m_per_day));
  PetscCall(PetscMalloc1(sec.topology.num_cells + 1, &stage));
  PetscCall(DioSectionCellLabelValues(&sec, DIO_LABEL_STAGE, stage));
  PetscCall(DriveProbesCreate(&sec, &probes));
  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &U));
  if (df)
    PetscCall(DriveCoupledRun(&sec, &opts, df, num_stages, stage, restart, &probes, U));
  else {
    PetscCall(
        DriveDrainedRun(&sec, &opts, num_stages, stage, every, checkpoint_path, restart, restart_path, &probes, U));
    PetscCall(DioSectionPrintSummary(&sec, U));
  }
  {
    DioSummary summary;
    PetscCall(DioSectionSummaryBegin(&sec, &summary));
    PetscCall(DioSummaryAddReal(summary, "stages", num_stages));
    PetscCall(DioSummaryAddReal(summary, "max_settlement_m", probes.max_settlement));
    PetscCall(DioSummaryAddReal(summary, "x_of_max_settlement_m", probes.x_of_max));
    if (df) PetscCall(DioDriveFlowSummary(df, opts.advance_rate_m_per_day, summary));
    PetscCall(DioSummaryWriteAndDestroy(&summary));
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[output]    %s/%s.h5, .xmf, _settlement.csv, _drive.csv%s\n",
                          sec.opts.output_dir, sec.opts.output_name, df ? ", _inflow.csv, _lining_water.csv" : ""));
  PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec.t_start));
  PetscCall(DriveProbesDestroy(&probes));
  PetscCall(DioDriveFlowDestroy(&df));
  PetscCall(PetscFree(stage));
  PetscCall(VecDestroy(&U));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
