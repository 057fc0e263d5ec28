/* SPDX-License-Identifier: BSD-2-Clause
   segment_stages.c: the 3D TBM segment as a preset of the stage engine. Its regions are the ground and, per mesh
   slice, the slice's core and its ring; stage 0 is the initial state (gravity), stage k (face at k slices) excavates
   slice k-1's core and ring and activates as the lining the rings that the tail void has passed (their centre more
   than shield + grout length behind the face). The hooks put the face and grout pressures of the stage on, and write
   its output step, lining forces and surface settlement before its increment is stored. */
#include "segment_stages.h"

/* Is slice j (its centre at (j + 1/2) L) lined once `stages` stages are done: behind the tail void? */
static PetscBool SliceLined(const DioSegmentOptions *o, PetscInt j, PetscInt stages)
{
  const PetscReal lining_end = stages * o->stage_length_m - o->shield_length_m - o->grout_length_m;
  return (PetscBool)((j + 0.5) * o->stage_length_m < lining_end);
}

static PetscInt SliceOf(PetscInt region)
{
  return (region - 1) / 2;
}

/*
  DioSegmentCreate - the preset's cell data on the section set up: tunnel label, centre along the drive, region (the
  slice from the centre), the vertices on the surface (at surface_m) above the axis (y = 0) and the slice of
  -tunnel_lining_section; nothing removed or lined yet. Destroy with DioSegmentDestroy(). Collective.
*/
PetscErrorCode DioSegmentCreate(DioSection *sec, const DioSegmentOptions *o, PetscReal surface_m, PetscInt num_slices,
                                PetscInt num_stages, DioSegment *seg)
{
  const PetscInt  n   = sec->topology.num_cells;
  const PetscReal tol = 1e-9 * o->segment_length_m;
  PetscInt        cStart;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(seg, sizeof(*seg)));
  seg->o          = o;
  seg->num_slices = num_slices;
  seg->num_stages = num_stages;
  PetscCall(PetscMalloc6(n + 1, &seg->tunnel, n + 1, &seg->centroid_x, n + 1, &seg->region, n + 1, &seg->excavated,
                         n + 1, &seg->lined, n + 1, &seg->section_ring));
  PetscCall(DioSectionCellLabelValues(sec, DIO_LABEL_TUNNEL, seg->tunnel));
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < n; c++) {
    PetscReal centroid[3];
    PetscInt  j;
    PetscCall(DMPlexComputeCellGeometryFVM(sec->dm, cStart + c, NULL, centroid, NULL));
    seg->centroid_x[c] = centroid[0];
    j              = PetscMin(PetscMax((PetscInt)PetscFloorReal(centroid[0] / o->stage_length_m), 0), num_slices - 1);
    seg->region[c] = seg->tunnel[c] == DIO_TUNNEL_CORE ? 1 + 2 * j : seg->tunnel[c] == DIO_TUNNEL_RING ? 2 + 2 * j : 0;
    seg->excavated[c] = 0;
    seg->lined[c]     = PETSC_FALSE;
  }
  PetscCall(PetscMalloc2(sec->topology.num_vertices + 1, &seg->axis_vertices, 3 * sec->topology.num_vertices + 1,
                         &seg->disp));
  for (PetscInt v = 0; v < sec->topology.num_vertices; v++) {
    const PetscReal *X = &sec->topology.vertex_coords[3 * v];
    if (PetscAbsReal(X[1]) < tol && PetscAbsReal(X[2] - surface_m) < tol) seg->axis_vertices[seg->n_axis++] = v;
  }
  seg->section_x0 = PetscFloorReal(o->lining_section_m / o->stage_length_m) * o->stage_length_m;
  PetscFunctionReturn(0);
}

PetscErrorCode DioSegmentDestroy(DioSegment *seg)
{
  PetscFunctionBegin;
  PetscCall(DioCSVDestroy(&seg->longitudinal));
  PetscCall(DioCSVDestroy(&seg->lining_csv));
  PetscCall(PetscFree2(seg->axis_vertices, seg->disp));
  PetscCall(PetscFree6(seg->tunnel, seg->centroid_x, seg->region, seg->excavated, seg->lined, seg->section_ring));
  PetscFunctionReturn(0);
}

/*
  DioSegmentStages - the stages the segment's keys describe: 0 the initial state (gravity), then the face at k slices
  for k = 1..num_stages (slice k-1's core and ring excavated, the rings behind the tail void activated as the
  lining_layer), one load step releasing all, the log's clock at the face's arrival (advance rate); with a coupled
  run's schedule (else NULL) one stage per phase instead, its standstills without load steps or changes, its clock the
  phase's end. Destroy with DioStageListDestroy().
*/
PetscErrorCode DioSegmentStages(const DioSegment *seg, const DioTunnelSchedule *schedule, PetscInt lining_layer,
                                DioStageList *list)
{
  const DioSegmentOptions *o  = seg->o;
  const PetscInt           nr = 1 + 2 * seg->num_slices, n = schedule ? schedule->num_phases : seg->num_stages;

  PetscFunctionBegin;
  PetscCall(DioStageListCreate(n + 1, nr, 0, list));
  list->from_zero      = PETSC_TRUE;
  list->by_output_step = PETSC_TRUE; /* the progress lines count drive stages, standstills too */
  PetscCall(PetscMalloc1(nr, &list->region_layer));
  for (PetscInt r = 0; r < nr; r++) list->region_layer[r] = r > 0 && r % 2 == 0 ? lining_layer : -1;
  for (PetscInt s = 0; s <= n; s++) {
    const DioTunnelPhase *phase   = schedule && s > 0 ? &schedule->phase[s - 1] : NULL;
    const PetscInt        k       = phase ? phase->stage : s; /* drive stages done at its end */
    const PetscBool       advance = phase ? phase->advance : (PetscBool)(s > 0);
    DioStage             *st      = &list->stage[s];
    st->steps                     = advance || s == 0 ? 1 : 0;
    st->output_step               = k;
    st->release                   = 1;
    st->duration                  = phase ? phase->duration : 0;
    st->time_end =
        phase ? phase->time_start + phase->duration : k * o->stage_length_m / o->advance_rate_m_per_day * 86400.0;
    st->region_active[0] = PETSC_TRUE;
    for (PetscInt j = 0; j < seg->num_slices; j++) {
      const PetscBool ahead = (PetscBool)(j >= k), lined = SliceLined(o, j, k);
      st->region_active[1 + 2 * j]    = ahead;
      st->region_active[2 + 2 * j]    = (PetscBool)(ahead || lined);
      st->region_excavated[1 + 2 * j] = st->region_excavated[2 + 2 * j] = (PetscBool)(advance && j == k - 1);
      st->region_activated[2 + 2 * j] = (PetscBool)(advance && lined && !SliceLined(o, j, k - 1));
    }
    if (s == 0) continue;
    if (advance)
      PetscCall(PetscSNPrintf(st->name, sizeof(st->name), "stage %" PetscInt_FMT, k));
    else
      PetscCall(PetscSNPrintf(st->name, sizeof(st->name), "standstill after stage %" PetscInt_FMT, k));
    PetscCall(
        PetscSNPrintf(st->description, sizeof(st->description), "face at x = %.1f m", (double)(k * o->stage_length_m)));
  }
  PetscCall(PetscStrncpy(list->stage[0].name, "initial state", sizeof(list->stage[0].name)));
  PetscCall(PetscStrncpy(list->stage[0].description, "geostatic (initial state)", sizeof(list->stage[0].description)));
  list->stage[0].initial = DIO_STAGE_INITIAL_GRAVITY;
  PetscFunctionReturn(0);
}

/* The cells removed (core and ring up to the face) and lined once `stages` stages are done, from their regions. */
PetscErrorCode DioSegmentSetStage(DioSection *sec, DioSegment *seg, PetscInt stages)
{
  PetscFunctionBegin;
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    const PetscInt r  = seg->region[c];
    seg->excavated[c] = r > 0 && SliceOf(r) < stages;
    seg->lined[c]     = (PetscBool)(r > 0 && r % 2 == 0 && SliceLined(seg->o, SliceOf(r), stages));
  }
  PetscFunctionReturn(0);
}

/*
  DioSegmentPressureFaces - the pressure faces of the stage with the face at x_face: the face of the first unexcavated
  slice (face pressure), and the bore wall (ground side) in the tail void (grout pressure) and, with
  -tunnel_shield_gap_pressure, along the shield (face pressure); both growing with depth. Local cells, reference faces
  found by their centroids. Collective.
*/
PetscErrorCode DioSegmentPressureFaces(DioSection *sec, const DioSegment *seg, PetscReal x_face)
{
  const DioSegmentOptions *o       = seg->o;
  const PetscInt           n_cells = sec->topology.num_cells, nfaces = 2 * sec->dim;
  const PetscReal  axis = sec->mesh_opts.axis_elevation_m, R = 0.5 * o->diameter_m, tol = 1e-6 * o->segment_length_m;
  const PetscReal  tail_end = x_face - o->shield_length_m, tail_start = tail_end - o->grout_length_m;
  const PetscReal  shield_start = o->shield_gap ? tail_end : x_face; /* ground cells along the shield, if loaded */
  const PetscReal *centroid_x   = seg->centroid_x;
  PetscInt        *cells, *faces, n = 0;
  PetscReal       *p0, *gradient, *z0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(n_cells, &cells, n_cells, &faces, n_cells, &p0, n_cells, &gradient, n_cells, &z0));
  for (PetscInt c = 0; c < n_cells; c++) {
    const PetscBool bore = (PetscBool)(seg->tunnel[c] > 0);
    if (bore && !(centroid_x[c] > x_face && centroid_x[c] < x_face + o->stage_length_m)) continue;
    if (!bore && !(centroid_x[c] > tail_start && centroid_x[c] < x_face)) continue;
    for (PetscInt f = 0; f < nfaces; f++) {
      PetscReal X[3];
      PetscCall(DioElasticityGetFaceCentroid(sec->elas, c, f, X));
      if (bore && PetscAbsReal(X[0] - x_face) < tol) {
        cells[n]    = c;
        faces[n]    = f;
        p0[n]       = o->face_pressure_Pa;
        gradient[n] = o->face_gradient_Pa_per_m;
        z0[n]       = axis;
        n++;
      } else if (!bore && DioSectionOnBoreWall(PetscSqrtReal(PetscSqr(X[1]) + PetscSqr(X[2] - axis)), R)) {
        const PetscBool shield = (PetscBool)(centroid_x[c] > tail_end);
        if (shield && centroid_x[c] < shield_start) continue; /* no load along the shield */
        cells[n]    = c;
        faces[n]    = f;
        z0[n]       = axis;
        p0[n]       = shield ? o->face_pressure_Pa : o->grout_pressure_Pa;
        gradient[n] = shield ? o->face_gradient_Pa_per_m : o->grout_gradient_Pa_per_m;
        n++;
      }
    }
  }
  PetscCall(DioElasticitySetPressureFaces(sec->elas, n, cells, faces, p0, gradient, z0));
  PetscCall(PetscFree5(cells, faces, p0, gradient, z0));
  PetscFunctionReturn(0);
}

/*
  DioSegmentProbes - after `step` with the face at x_face: the lining forces at -tunnel_lining_section once its ring is
  lined (the stress of the increment u added to the stored one; seg->section_lined and seg->lining[] (min N, max N,
  max |M|) set then), and the largest surface settlement above the axis of the displacement U (seg->max_settlement);
  with write, their rows to _lining.csv and _longitudinal.csv and their log lines. Collective.
*/
PetscErrorCode DioSegmentProbes(DioSection *sec, DioSegment *seg, Vec U, Vec u, PetscInt step, PetscReal x_face,
                                PetscBool write)
{
  const DioSegmentOptions *o      = seg->o;
  const PetscReal          L      = o->stage_length_m;
  PetscInt                 n_ring = 0, n_ring_global;
  PetscReal               *rows, smax = 0;

  PetscFunctionBegin;
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    seg->section_ring[c] =
        (PetscBool)(seg->lined[c] && seg->centroid_x[c] > seg->section_x0 && seg->centroid_x[c] < seg->section_x0 + L);
    n_ring += seg->section_ring[c];
  }
  PetscCall(MPIU_Allreduce(&n_ring, &n_ring_global, 1, MPIU_INT, MPI_SUM, sec->comm));
  if (n_ring_global) {
    const PetscReal prefix[3] = {(PetscReal)step, x_face, seg->section_x0 + 0.5 * L};
    PetscCall(DioSectionLiningForces(sec, u, seg->section_ring, 0.5 * o->diameter_m, o->lining_thickness_m, 3, prefix,
                                     write ? seg->lining_csv : NULL, seg->lining));
    seg->section_lined = PETSC_TRUE;
    if (write)
      PetscCall(DioSectionLog(
          sec, DIO_LOG_NORMAL,
          "            lining at x = %.1f m: thrust %.4g .. %.4g kN/m, |bending moment| up to %.4g kNm/m\n",
          (double)prefix[2], (double)(seg->lining[0] / 1e3), (double)(seg->lining[1] / 1e3),
          (double)(seg->lining[2] / 1e3)));
  }
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, U, sec->topology.num_vertices, sec->topology.vertex_points,
                                               seg->disp));
  PetscCall(PetscMalloc1(4 * seg->n_axis + 1, &rows));
  for (PetscInt i = 0; i < seg->n_axis; i++) {
    const PetscInt v = seg->axis_vertices[i];
    rows[4 * i]      = step;
    rows[4 * i + 1]  = x_face;
    rows[4 * i + 2]  = sec->topology.vertex_coords[3 * v];
    rows[4 * i + 3]  = -seg->disp[3 * v + 2];
    smax             = PetscMax(smax, rows[4 * i + 3]);
  }
  if (write) PetscCall(DioCSVAppendRows(seg->longitudinal, seg->n_axis, 4, rows, 2));
  PetscCall(PetscFree(rows));
  PetscCall(MPIU_Allreduce(&smax, &seg->max_settlement, 1, MPIU_REAL, MPI_MAX, sec->comm));
  if (write)
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "            surface settlement above the axis up to %.2f mm\n",
                            (double)(1e3 * seg->max_settlement)));
  PetscFunctionReturn(0);
}

/* The probe files _longitudinal.csv and _lining.csv: new, or a restart's reopened after its `rows_step`. */
PetscErrorCode DioSegmentProbeFiles(DioSection *sec, DioSegment *seg, PetscBool restart, PetscInt rows_step)
{
  const char *header[2] = {"step,face_x_m,x_m,settlement_m",
                           "step,face_x_m,section_x_m,angle_deg,thrust_N_per_m,moment_Nm_per_m"};
  const char *suffix[2] = {"longitudinal", "lining"};
  DioCSV     *csv[2]    = {&seg->longitudinal, &seg->lining_csv};
  char        path[PETSC_MAX_PATH_LEN];

  PetscFunctionBegin;
  for (PetscInt i = 0; i < 2; i++) {
    PetscCall(
        PetscSNPrintf(path, sizeof(path), "%s/%s_%s.csv", sec->opts.output_dir, sec->opts.output_name, suffix[i]));
    if (restart)
      PetscCall(DioCSVReopen(sec->comm, path, header[i], rows_step, csv[i]));
    else
      PetscCall(DioCSVCreate(sec->comm, path, header[i], csv[i]));
  }
  PetscFunctionReturn(0);
}

/* With `stages` drive stages done: the cells removed and lined, and after the initial state the face and grout
   pressures. Collective. */
PetscErrorCode DioSegmentStageLoads(DioSection *sec, DioSegment *seg, PetscInt stages)
{
  PetscFunctionBegin;
  PetscCall(DioSegmentSetStage(sec, seg, stages));
  if (stages > 0) PetscCall(DioSegmentPressureFaces(sec, seg, stages * seg->o->stage_length_m));
  PetscFunctionReturn(0);
}

static PetscErrorCode SegmentStageLoads(DioSection *sec, PetscInt s, void *ctx)
{
  PetscFunctionBegin;
  PetscCall(DioSegmentStageLoads(sec, (DioSegment *)ctx, s));
  PetscFunctionReturn(0);
}

/* After stage s: (the initial state) the undrained layers from now on; the output step s at the face's arrival, and
   after an advance the lining forces of its increment u and the settlement. */
static PetscErrorCode SegmentStageEnd(DioSection *sec, DioOutput out, PetscInt s, Vec U, Vec u,
                                      const PetscInt excavated[], void *ctx)
{
  DioSegment     *seg    = (DioSegment *)ctx;
  const PetscReal x_face = s * seg->o->stage_length_m;

  PetscFunctionBegin;
  (void)excavated; /* the engine's are the inactive cells; the output's are the cells up to the face, lined or not */
  if (s == 0) PetscCall(DioSectionApplyDrainage(sec));
  PetscCall(
      DioSectionOutputStep(sec, out, U, u, s, x_face / seg->o->advance_rate_m_per_day * 86400.0, seg->excavated, NULL));
  if (s > 0) PetscCall(DioSegmentProbes(sec, seg, U, u, s, x_face, PETSC_TRUE));
  PetscFunctionReturn(0);
}

/* After stage s: the checkpoint (or stop point) numbered by drive stage as before the preset, none after the initial
   state (a restart from stage k runs from stage k + 1). */
static PetscErrorCode SegmentStageDone(DioSection *sec, PetscInt s, Vec U, PetscBool *stop, void *ctx)
{
  DioSegment *seg = (DioSegment *)ctx;

  PetscFunctionBegin;
  if (s > 0) PetscCall(DioSectionStageDone(sec, s, seg->every, seg->checkpoint_path, U, stop));
  PetscFunctionReturn(0);
}

/* The hooks of the drained segment's run of its stages (ctx: seg), its checkpoints every `every` stages into
   checkpoint_path (borrowed). */
PetscErrorCode DioSegmentPresetHooks(DioSegment *seg, PetscInt every, const char checkpoint_path[],
                                     DioStagePreset *preset)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(preset, sizeof(*preset)));
  seg->every           = every;
  seg->checkpoint_path = checkpoint_path;
  preset->ctx          = seg;
  preset->stage_loads  = SegmentStageLoads;
  preset->stage_end    = SegmentStageEnd;
  preset->stage_done   = SegmentStageDone;
  PetscFunctionReturn(0);
}
