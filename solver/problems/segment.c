/* SPDX-License-Identifier: BSD-2-Clause
   segment.c: a 3D stretch of the tunnel with the TBM advancing (issue 3, view 2). Per stage the face moves one slice:
   the slice's core and ring cells are removed, the face support pressure acts on the new face, the tail grout
   pressure on the bore wall in the tail void behind the shield, and the lining ring is activated (no initial stress)
   behind the tail void. Pressures vary with elevation (slurry / grout unit weight). Output: the HDF5/XDMF time series
   (fields "excavated", stage number), <name>_longitudinal.csv (surface settlement along the axis ahead of and behind
   the face after every stage), <name>_lining.csv (thrust and bending moment around the ring at -tunnel_lining_section
   once it is lined, every stage) and the run summary.

   Model choices, stated in the output: lining bonded to the ground once active; pore pressure hydrostatic and kept;
   along the shield either no load (the ground is free to converge onto it; the default for elastic ground) or the
   support slurry in the shield's overcut gap at the face pressure (-tunnel_shield_gap_pressure; the default when a
   layer is elastoplastic). With the pore pressure kept, an unloaded bore wall carries an effective radial tension equal
   to the pore pressure (about 1 MPa at -100 m): elastic ground holds it, but a plastic ground with a smaller tension
   cut-off (metasediments 0.2 MPa) cannot, and the elastoplastic problem then has no equilibrium (Newton stalls at a
   load fraction < 1 however small the increments). A slurry shield does fill its gap from the excavation chamber, so
   the wall along the shield is loaded by about the face pressure (Bezuijen et al., Tunnelling and Underground Space
   Technology 19, 2004: field measurements of the pressures around a slurry shield). */
#include <petsctime.h>
#include "section.h"

typedef struct {
  PetscReal chainage_m, diameter_m, lining_thickness_m;
  PetscReal segment_length_m, stage_length_m, drive_length_m, shield_length_m, grout_length_m;
  PetscReal face_pressure_Pa, face_gradient_Pa_per_m, grout_pressure_Pa, grout_gradient_Pa_per_m;
  PetscReal advance_rate_m_per_day;
  PetscInt  stage_steps;      /* -flow_model consolidation: backward-Euler steps over each stage's duration */
  PetscReal lining_section_m; /* where the lining forces are taken (m along the drive) */
  PetscBool shield_gap, shield_gap_set; /* bore wall along the shield loaded by the face pressure; set by the user */
} SegmentOptions;

static PetscErrorCode SegmentOptionsSet(MPI_Comm comm, const DioSection *sec, SegmentOptions *o)
{
  const PetscReal axis = sec->mesh_opts.axis_elevation_m, water = sec->opts.loads.water_density * sec->opts.loads.gravity;
  const PetscReal hydrostatic = water * PetscMax(0.0, sec->opts.loads.water_level - axis);

  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  o->chainage_m              = 69000;
  o->diameter_m              = 12;
  o->lining_thickness_m      = 0.55;
  o->segment_length_m        = 72;
  o->stage_length_m          = 3;
  o->shield_length_m         = 9;
  o->grout_length_m          = 3;
  o->face_gradient_Pa_per_m  = 12000;
  o->grout_gradient_Pa_per_m = 15000;
  o->face_pressure_Pa        = hydrostatic + 1e5;
  o->grout_pressure_Pa       = o->face_pressure_Pa + 1e5;
  o->advance_rate_m_per_day  = 15;
  o->stage_steps             = 3;
  PetscOptionsBegin(comm, NULL, "Tunnel, 3D segment with the TBM advancing", "tunnel");
  PetscCall(PetscOptionsReal("-tunnel_chainage", "Distance along the alignment of the segment (m): its layers", "", o->chainage_m, &o->chainage_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_diameter", "Bored diameter (m)", "", o->diameter_m, &o->diameter_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_lining_thickness", "Lining thickness (m); material -materials_lining_concrete_*", "", o->lining_thickness_m,
                             &o->lining_thickness_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_segment_length", "Length of the 3D segment along the drive (m)", "", o->segment_length_m, &o->segment_length_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_stage_length", "Advance per stage, one mesh slice (m)", "", o->stage_length_m, &o->stage_length_m, NULL));
  o->drive_length_m = o->segment_length_m - 2 * o->diameter_m;
  PetscCall(PetscOptionsReal("-tunnel_drive_length", "Distance the face advances (m); default the segment length less 2 diameters", "", o->drive_length_m,
                             &o->drive_length_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_shield_length", "TBM shield length behind the face (m)", "", o->shield_length_m, &o->shield_length_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_grout_length", "Tail void with grout pressure behind the shield, before the lining acts (m)", "", o->grout_length_m,
                             &o->grout_length_m, NULL));
  PetscCall(PetscOptionsReal("-tunnel_face_pressure", "Face support pressure at the axis (Pa); default hydrostatic + 0.1 MPa", "", o->face_pressure_Pa,
                             &o->face_pressure_Pa, NULL));
  PetscCall(PetscOptionsReal("-tunnel_face_pressure_gradient", "Face pressure increase with depth (Pa/m, slurry unit weight)", "", o->face_gradient_Pa_per_m,
                             &o->face_gradient_Pa_per_m, NULL));
  o->grout_pressure_Pa = o->face_pressure_Pa + 1e5;
  PetscCall(PetscOptionsReal("-tunnel_grout_pressure", "Tail grout pressure at the axis (Pa); default face pressure + 0.1 MPa", "", o->grout_pressure_Pa,
                             &o->grout_pressure_Pa, NULL));
  PetscCall(PetscOptionsReal("-tunnel_grout_pressure_gradient", "Grout pressure increase with depth (Pa/m)", "", o->grout_gradient_Pa_per_m,
                             &o->grout_gradient_Pa_per_m, NULL));
  PetscCall(PetscOptionsBool("-tunnel_shield_gap_pressure",
                             "Load the bore wall along the shield with the face pressure (slurry in the overcut gap); default on if a layer is elastoplastic, else off",
                             "", o->shield_gap, &o->shield_gap, &o->shield_gap_set));
  PetscCall(PetscOptionsReal("-tunnel_advance_rate", "TBM advance rate (m/day): sets the time of each stage", "", o->advance_rate_m_per_day,
                             &o->advance_rate_m_per_day, NULL));
  PetscCall(PetscOptionsInt("-consolidation_stage_steps",
                            "-flow_model consolidation: time steps of the consolidation over each stage's duration, "
                            "stage length / advance rate (default 3)",
                            "", o->stage_steps, &o->stage_steps, NULL));
  o->lining_section_m = 0.5 * o->drive_length_m;
  PetscCall(PetscOptionsReal("-tunnel_lining_section", "Section where the lining thrust and bending moment are taken (m along the drive); default half the drive length",
                             "", o->lining_section_m, &o->lining_section_m, NULL));
  PetscOptionsEnd();
  PetscCheck(o->lining_section_m >= 0 && o->lining_section_m < o->segment_length_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_lining_section = %g: must be in [0, segment length %g) m", (double)o->lining_section_m, (double)o->segment_length_m);
  PetscCheck(o->stage_length_m > 0 && o->stage_length_m <= o->segment_length_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_stage_length = %g: must be in (0, segment length %g] m", (double)o->stage_length_m, (double)o->segment_length_m);
  /* slices (one per stage) counted as a real before the mesh casts them */
  PetscCheck(o->segment_length_m / o->stage_length_m < (PetscReal)PETSC_MAX_INT, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_stage_length = %g m: %.3g slices over the segment's %g m, more than PetscInt can count", (double)o->stage_length_m,
             (double)(o->segment_length_m / o->stage_length_m), (double)o->segment_length_m);
  PetscCheck(o->drive_length_m > 0 && o->drive_length_m <= o->segment_length_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_drive_length = %g: must be in (0, segment length %g] m", (double)o->drive_length_m, (double)o->segment_length_m);
  PetscCheck(o->shield_length_m >= 0 && o->grout_length_m >= 0 && o->shield_length_m + o->grout_length_m <= o->segment_length_m, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_shield_length = %g, -tunnel_grout_length = %g: must be >= 0 m, together at most the segment length %g m", (double)o->shield_length_m,
             (double)o->grout_length_m, (double)o->segment_length_m);
  /* physical ranges: support pressures up to 100 MPa, their gradients up to a fluid of 10 t/m3 */
  PetscCheck(o->face_pressure_Pa >= 0 && o->grout_pressure_Pa >= 0 && o->face_pressure_Pa <= 1e8 && o->grout_pressure_Pa <= 1e8, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_face_pressure = %g, -tunnel_grout_pressure = %g: must be >= 0 Pa, in [0, 1e8] Pa", (double)o->face_pressure_Pa,
             (double)o->grout_pressure_Pa);
  PetscCheck(o->face_gradient_Pa_per_m >= 0 && o->grout_gradient_Pa_per_m >= 0 && o->face_gradient_Pa_per_m <= 1e5 && o->grout_gradient_Pa_per_m <= 1e5, comm,
             PETSC_ERR_USER_INPUT, "-tunnel_face_pressure_gradient = %g, -tunnel_grout_pressure_gradient = %g: must be in [0, 1e5] Pa/m",
             (double)o->face_gradient_Pa_per_m, (double)o->grout_gradient_Pa_per_m);
  PetscCheck(o->advance_rate_m_per_day > 0 && o->advance_rate_m_per_day <= 1000, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_advance_rate = %g: must be > 0 m/day, in (0, 1000] m/day", (double)o->advance_rate_m_per_day);
  PetscCheck(o->stage_steps >= 1 && o->stage_steps <= 1000, comm, PETSC_ERR_USER_INPUT,
             "-consolidation_stage_steps = %" PetscInt_FMT ": must be in [1, 1000]", o->stage_steps);
  PetscFunctionReturn(0);
}

/* The pressure faces of the stage with the face at x_face: the face of the first unexcavated slice, and the bore wall
   (ground side) in the tail void. Local cells, reference faces found by their centroids. */
static PetscErrorCode StagePressureFaces(DioSection *sec, const SegmentOptions *o, const PetscInt tunnel[], const PetscReal centroid_x[], PetscReal x_face)
{
  const PetscInt  n_cells = sec->topology.num_cells, nfaces = 2 * sec->dim;
  const PetscReal axis = sec->mesh_opts.axis_elevation_m, R = 0.5 * o->diameter_m, tol = 1e-6 * o->segment_length_m;
  const PetscReal tail_end = x_face - o->shield_length_m, tail_start = tail_end - o->grout_length_m;
  const PetscReal shield_start = o->shield_gap ? tail_end : x_face; /* ground cells along the shield, if loaded */
  PetscInt       *cells, *faces, n = 0;
  PetscReal      *p0, *gradient, *z0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc5(n_cells, &cells, n_cells, &faces, n_cells, &p0, n_cells, &gradient, n_cells, &z0));
  for (PetscInt c = 0; c < n_cells; c++) {
    const PetscBool bore = (PetscBool)(tunnel[c] > 0);
    if (bore && !(centroid_x[c] > x_face && centroid_x[c] < x_face + o->stage_length_m)) continue;
    if (!bore && !(centroid_x[c] > tail_start && centroid_x[c] < x_face)) continue;
    for (PetscInt f = 0; f < nfaces; f++) {
      PetscReal X[3];
      PetscCall(DioElasticityGetFaceCentroid(sec->elas, c, f, X));
      if (bore && PetscAbsReal(X[0] - x_face) < tol) {
        cells[n] = c; faces[n] = f; p0[n] = o->face_pressure_Pa; gradient[n] = o->face_gradient_Pa_per_m; z0[n] = axis;
        n++;
      } else if (!bore && DioSectionOnBoreWall(PetscSqrtReal(PetscSqr(X[1]) + PetscSqr(X[2] - axis)), R)) {
        const PetscBool shield = (PetscBool)(centroid_x[c] > tail_end);
        if (shield && centroid_x[c] < shield_start) continue; /* no load along the shield */
        cells[n] = c; faces[n] = f; z0[n] = axis;
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

/* The cells removed and lined once `stages` stages are complete, applied to the elasticity: excavated core and ring
   up to the face, lining (replaced, no initial stress) behind the tail void. Lined cells are replaced only once. */
static PetscErrorCode SegmentStageCells(DioSection *sec, const SegmentOptions *o, const PetscInt tunnel[], const PetscReal centroid_x[], PetscInt stages,
                                        PetscInt excavated[], PetscBool lined[], PetscBool replace[], PetscBool active[])
{
  const PetscReal x_face = stages * o->stage_length_m, lining_end = x_face - o->shield_length_m - o->grout_length_m;
  PetscInt        any_replace = 0, any_global;

  PetscFunctionBegin;
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    replace[c] = PETSC_FALSE;
    if (tunnel[c] > 0 && centroid_x[c] < x_face) excavated[c] = 1;
    if (tunnel[c] == DIO_TUNNEL_RING && centroid_x[c] < lining_end && !lined[c]) {
      replace[c] = lined[c] = PETSC_TRUE;
      any_replace++;
    }
    active[c] = (PetscBool)(!excavated[c] || lined[c]);
  }
  PetscCall(MPIU_Allreduce(&any_replace, &any_global, 1, MPIU_INT, MPI_SUM, sec->comm));
  if (any_global) PetscCall(DioElasticityReplaceCells(sec->elas, replace, sec->extra_layer));
  PetscCall(DioElasticitySetActiveCells(sec->elas, active));
  PetscFunctionReturn(0);
}

/* The largest surface settlement above the axis (*max_settlement, every rank) after `step` with the face at x_face,
   from the accumulated displacement U; the profile's rows appended to csv unless NULL. disp: work array [3 Nv].
   Collective. */
static PetscErrorCode AxisSettlement(DioSection *sec, PetscInt n_axis, const PetscInt axis_vertices[], Vec U,
                                     PetscReal disp[], PetscInt step, PetscReal x_face, DioCSV csv,
                                     PetscReal *max_settlement)
{
  PetscReal *rows, smax = 0;

  PetscFunctionBegin;
  PetscCall(
      DioElasticityGetVertexDisplacement(sec->elas, U, sec->topology.num_vertices, sec->topology.vertex_points, disp));
  PetscCall(PetscMalloc1(4 * n_axis + 1, &rows));
  for (PetscInt i = 0; i < n_axis; i++) {
    const PetscInt v = axis_vertices[i];
    rows[4 * i]      = step;
    rows[4 * i + 1]  = x_face;
    rows[4 * i + 2]  = sec->topology.vertex_coords[3 * v];
    rows[4 * i + 3]  = -disp[3 * v + 2];
    smax             = PetscMax(smax, rows[4 * i + 3]);
  }
  if (csv) PetscCall(DioCSVAppendRows(csv, n_axis, 4, rows, 2));
  PetscCall(PetscFree(rows));
  PetscCall(MPIU_Allreduce(&smax, max_settlement, 1, MPIU_REAL, MPI_MAX, sec->comm));
  if (csv)
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "            surface settlement above the axis up to %.2f mm\n",
                            (double)(1e3 * *max_settlement)));
  PetscFunctionReturn(0);
}

/* Lining forces at the section once its ring is lined (the stress of the increment u added to the stored one):
   *section_lined and lining[] (min N, max N, max |M|) set then, unchanged before; rows to csv unless NULL.
   section_ring: work array [num_cells]. Collective. */
static PetscErrorCode SectionLiningForces(DioSection *sec, const SegmentOptions *o, Vec u, const PetscBool lined[],
                                          const PetscReal centroid_x[], PetscReal section_x0, PetscInt step,
                                          PetscReal x_face, PetscBool section_ring[], DioCSV csv,
                                          PetscBool *section_lined, PetscReal lining[3])
{
  PetscInt n_ring = 0, n_ring_global;

  PetscFunctionBegin;
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) {
    section_ring[c] =
        (PetscBool)(lined[c] && centroid_x[c] > section_x0 && centroid_x[c] < section_x0 + o->stage_length_m);
    n_ring += section_ring[c];
  }
  PetscCall(MPIU_Allreduce(&n_ring, &n_ring_global, 1, MPIU_INT, MPI_SUM, sec->comm));
  if (n_ring_global) {
    const PetscReal prefix[3] = {(PetscReal)step, x_face, section_x0 + 0.5 * o->stage_length_m};
    PetscCall(DioSectionLiningForces(sec, u, section_ring, 0.5 * o->diameter_m, o->lining_thickness_m, 3, prefix, csv,
                                     lining));
    *section_lined = PETSC_TRUE;
    if (csv)
      PetscCall(DioSectionLog(
          sec, DIO_LOG_NORMAL,
          "            lining at x = %.1f m: thrust %.4g .. %.4g kN/m, |bending moment| up to %.4g kNm/m\n",
          (double)prefix[2], (double)(lining[0] / 1e3), (double)(lining[1] / 1e3), (double)(lining[2] / 1e3)));
  }
  PetscFunctionReturn(0);
}

/* The coupled segment's wall condition (-flow_tunnel_wall) on the slices lined so far (from x = 0 to a slice
   boundary). Collective. */
static PetscErrorCode SegmentFlowWall(DioSection *sec, DioSectionFlow gw, const SegmentOptions *o,
                                      const PetscBool lined[], const PetscReal centroid_x[])
{
  PetscReal lined_end = 0;

  PetscFunctionBegin;
  for (PetscInt c = 0; c < sec->topology.num_cells; c++)
    if (lined[c]) lined_end = PetscMax(lined_end, centroid_x[c] + 0.5 * o->stage_length_m);
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &lined_end, 1, MPIU_REAL, MPIU_MAX, sec->comm));
  PetscCall(DioSectionFlowSetWallEnd(gw, lined_end));
  PetscFunctionReturn(0);
}

/* The start of a phase of the coupled segment (-flow_model consolidation): a drive stage's undrained response (its
   cells and loads set by the caller) at the phase's start as its first output step, the support against the pore
   pressure, and the wall condition on the lined length; a standstill's log line. The increment is in U and stored: u
   is zero on return. Collective. */
static PetscErrorCode SegmentFlowPhaseStart(DioSection *sec, DioSectionFlow gw, const SegmentOptions *o,
                                            const DioSegmentSupportGeometry *geo, const DioTunnelPhase *phase,
                                            PetscInt num_stages, DioOutput out, Vec U, Vec u,
                                            const PetscInt excavated[], const PetscBool lined[],
                                            const PetscReal centroid_x[], DioSegmentSupport *support, Vec support_array)
{
  const PetscReal x_face = phase->stage * o->stage_length_m;
  char            what[64];

  PetscFunctionBegin;
  if (!phase->advance) {
    PetscCall(DioTunnelPhaseLogStandstill(sec, phase, x_face));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscSNPrintf(what, sizeof(what), "face at x = %.1f m", (double)x_face));
  PetscCall(DioSectionFlowSolveStage(gw, NULL, PETSC_TRUE, u, phase->stage, num_stages, what));
  PetscCall(VecAXPY(U, 1.0, u));
  PetscCall(
      DioSectionFlowOutputStep(gw, out, U, u, phase->first_step, phase->time_start, phase->time_start, 0.0, excavated));
  PetscCall(DioElasticityStoreInitialStress(sec->elas, u));
  PetscCall(DioSegmentSupportAgainstWater(sec, gw, geo, x_face, support));
  PetscCall(DioSegmentSupportStore(support, support_array));
  PetscCall(SegmentFlowWall(sec, gw, o, lined, centroid_x));
  PetscCall(VecSet(u, 0.0));
  PetscFunctionReturn(0);
}

/*
  DioSegmentDriveRun - the 3D segment: geostatic state, then the TBM advancing slice by slice; with -flow_model
  consolidation each stage responds undrained, then consolidates for its duration (stage length / advance rate),
  standstills (-tunnel_standstill_after_stage) consolidate with no advance, and the drive ends with
  -consolidation_time_end of standstill (tunnel_schedule.c); checkpoints after its consolidation steps hold the pore
  pressure, and -restart continues from one. Collective.
*/
PetscErrorCode DioSegmentDriveRun(MPI_Comm comm, const DioRunInfo *run)
{
  DioSection           sec;
  SegmentOptions       o;
  DioTransverseOptions topts;
  DioLayerStack        stack;
  DioOutput            out;
  DioCSV               longitudinal, lining_csv;
  DM                   dm;
  DMLabel              label;
  Vec                  U, u;
  PetscInt      *tunnel, *excavated, cStart, num_slices, num_stages, n_axis = 0, *axis_vertices, every, first_stage = 0;
  PetscBool      restart, stop = PETSC_FALSE, appended = PETSC_FALSE;
  char           checkpoint_path[PETSC_MAX_PATH_LEN], restart_path[PETSC_MAX_PATH_LEN];
  PetscBool     *active, *replace, *lined, *section_ring;
  PetscReal     *centroid_x, *disp, max_settlement = 0, lining[3] = {0, 0, 0}, section_x0;
  PetscBool      section_lined = PETSC_FALSE, plastic;
  DioSectionFlow gw            = NULL;
  DioSegmentSupport  support   = {PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, PETSC_MAX_REAL, 0, 0, PETSC_MAX_REAL};
  DioTunnelSchedule  schedule;
  Vec                support_array = NULL;
  PetscLogDouble     t0, t1;
  char               path[PETSC_MAX_PATH_LEN], what[256];

  PetscFunctionBegin;
  PetscCall(DioSectionFlowDefaults(comm));
  PetscCall(DioSectionCreate(comm, run, "tunnel, 3D segment with the TBM advancing", "lining_concrete", &sec));
  PetscCall(SegmentOptionsSet(comm, &sec, &o));
  PetscCall(DioSectionTunnelGeometry(&sec, o.chainage_m, o.diameter_m, o.lining_thickness_m, &stack, &topts));
  PetscCall(DioSectionTunnelGeometryValidate(&sec, o.chainage_m, &topts, PETSC_FALSE));
  PetscCall(DioTransverseOptionsSetFromOptions(comm, &topts));
  PetscCall(DioSectionFlowCreate(&sec, 3, o.diameter_m, o.lining_thickness_m, PETSC_TRUE, &stack, &gw));
  PetscCall(
      DioSectionCheckpointOptions(&sec, &every, checkpoint_path, sizeof(checkpoint_path), &restart, restart_path));
  num_slices = (PetscInt)PetscFloorReal(o.segment_length_m / o.stage_length_m + 0.5);
  num_stages = (PetscInt)PetscFloorReal(o.drive_length_m / o.stage_length_m + 0.5);
  {
    const PetscReal stage_duration = o.stage_length_m / o.advance_rate_m_per_day * 86400.0;
    PetscCall(DioTunnelScheduleCreate(&sec, (PetscBool)(gw != NULL), num_stages, stage_duration, stage_duration,
                                      o.stage_steps, DioSectionFlowTimeEnd(gw), DioSectionFlowNumSteps(gw), &schedule));
  }
  /* the coupled run checkpoints after its consolidation steps (-checkpoint_every output steps), and restarts there */
  PetscCall(DioTunnelScheduleRestartPoint(comm, gw, restart, restart_path, &schedule));
  {
    DioMeshCount   count;
    const PetscInt outputs = gw ? schedule.num_outputs : num_stages + 1;
    PetscCall(DioTransverseCount(comm, &topts, num_slices, &count));
    PetscCall(DioSectionRunSize(&sec, &count, num_stages, outputs, PETSC_FALSE, PETSC_TRUE));
  }
  if (run->check_only) {
    PetscCall(DioTunnelScheduleDestroy(&schedule));
    PetscCall(DioSectionFlowDestroy(&gw));
    PetscCall(DioSectionDestroy(&sec));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscTime(&t0));
  PetscCall(DioMeshCreateSegment(comm, &topts, &stack, num_slices * o.stage_length_m, num_slices, &dm));
  PetscCall(PetscTime(&t1));
  PetscCall(PetscSNPrintf(what, sizeof(what), "segment at x = %.0f m, %.0f m long in %" PetscInt_FMT " slices, surface %.1f m, axis %.1f m, D = %.2f m",
                          (double)o.chainage_m, (double)(num_slices * o.stage_length_m), num_slices, (double)topts.surface_elevation_m,
                          (double)topts.axis_elevation_m, (double)o.diameter_m));
  PetscCall(DioSectionSetUp(&sec, dm, what, t1 - t0));
  {
    const DioLayerMaterial *lining;
    PetscCall(DioMaterialTableGetLayer(sec.materials, sec.extra_layer, &lining));
    PetscCall(DioElasticitySetLayerElastic(sec.elas, sec.extra_layer, lining->youngs_modulus, lining->poissons_ratio, lining->density, PETSC_FALSE));
  }
  PetscCall(DioElasticityIsNonlinear(sec.elas, &plastic));
  if (!o.shield_gap_set) o.shield_gap = plastic;
  {
    if (plastic && !o.shield_gap && o.shield_length_m > 0 && sec.opts.loads.pore_pressure) {
      const PetscReal pore = sec.opts.loads.water_density * sec.opts.loads.gravity * PetscMax(0.0, sec.opts.loads.water_level - topts.axis_elevation_m);
      PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET,
                              "[tunnel]    warning: the wall along the shield is unloaded with the pore pressure kept: effective radial tension %.3g Pa at the "
                              "axis; ground with a lower tension cut-off has no equilibrium there (-tunnel_shield_gap_pressure true loads it)\n",
                              (double)pore));
    }
  }
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL, "[tunnel]    face pressure %.3g Pa, grout %.3g Pa at the axis; shield %.1f m (%s), tail void %.1f m; %" PetscInt_FMT " stages of %.1f m\n",
                        (double)o.face_pressure_Pa, (double)o.grout_pressure_Pa, (double)o.shield_length_m, o.shield_gap ? "gap at the face pressure" : "no load",
                        (double)o.grout_length_m, num_stages, (double)o.stage_length_m));

  /* per-cell data: tunnel label, centroid along the drive */
  PetscCall(DMGetLabel(sec.dm, DIO_LABEL_TUNNEL, &label));
  PetscCall(DMPlexGetHeightStratum(sec.dm, 0, &cStart, NULL));
  PetscCall(PetscMalloc6(sec.topology.num_cells, &tunnel, sec.topology.num_cells, &excavated, sec.topology.num_cells, &active, sec.topology.num_cells, &replace,
                         sec.topology.num_cells, &lined, sec.topology.num_cells, &centroid_x));
  for (PetscInt c = 0; c < sec.topology.num_cells; c++) {
    PetscReal centroid[3];
    PetscCall(DMLabelGetValue(label, cStart + c, &tunnel[c]));
    PetscCall(DMPlexComputeCellGeometryFVM(sec.dm, cStart + c, NULL, centroid, NULL));
    centroid_x[c] = centroid[0];
    excavated[c]  = 0;
    lined[c]     = PETSC_FALSE;
  }
  /* surface vertices above the axis (y = 0): the longitudinal settlement profile */
  PetscCall(PetscMalloc3(sec.topology.num_vertices, &axis_vertices, 3 * sec.topology.num_vertices, &disp, sec.topology.num_cells, &section_ring));
  /* the slice that holds -tunnel_lining_section */
  section_x0 = PetscFloorReal(o.lining_section_m / o.stage_length_m) * o.stage_length_m;
  for (PetscInt v = 0; v < sec.topology.num_vertices; v++) {
    const PetscReal *X = &sec.topology.vertex_coords[3 * v];
    if (PetscAbsReal(X[1]) < 1e-9 * o.segment_length_m && PetscAbsReal(X[2] - topts.surface_elevation_m) < 1e-9 * o.segment_length_m) axis_vertices[n_axis++] = v;
  }

  PetscCall(DioElasticityCreateGlobalVector(sec.elas, &U));
  PetscCall(VecDuplicate(U, &u));
  if (restart && gw) {
    /* the cells removed and lined, and the loads, of the checkpoint's phase; its state after the flow's set-up */
    const DioTunnelPhase *phase = &schedule.phase[schedule.restart_phase];
    PetscCall(SegmentStageCells(&sec, &o, tunnel, centroid_x, phase->stage, excavated, lined, replace, active));
    PetscCall(StagePressureFaces(&sec, &o, tunnel, centroid_x, phase->stage * o.stage_length_m));
  } else if (restart) {
    /* the cells removed and lined up to the checkpoint's stage, then its displacement and stress */
    PetscCall(DioSectionRestartStage(&sec, restart_path, num_stages, &first_stage));
    PetscCall(SegmentStageCells(&sec, &o, tunnel, centroid_x, first_stage, excavated, lined, replace, active));
    PetscCall(DioSectionCheckpointRead(&sec, restart_path, &first_stage, U));
    PetscCall(DioSectionRestartReport(&sec, restart_path, first_stage));
  } else {
    PetscCall(DioSectionSolve(&sec, u, 0, num_stages, 0.0, "geostatic (initial state)"));
    PetscCall(DioElasticityStoreInitialStress(sec.elas, u));
  }
  /* coupled groundwater: the flow takes each layer's drainage type; else undrained layers stiffen */
  if (gw)
    PetscCall(DioSectionFlowSetUp(gw, tunnel, excavated, U));
  else
    PetscCall(DioSectionApplyDrainage(&sec)); /* undrained layers from the initial state on */
  PetscCall(VecSet(u, 0.0));
  if (gw) PetscCall(DioSegmentSupportCheckpointArray(&sec, &support, &support_array));
  if (restart && !gw) {
    /* the results of the restored state: the summary of a restart after the last stage (no stage left) reports them */
    PetscCall(SectionLiningForces(&sec, &o, u, lined, centroid_x, section_x0, first_stage,
                                  first_stage * o.stage_length_m, section_ring, NULL, &section_lined, lining));
    PetscCall(AxisSettlement(&sec, n_axis, axis_vertices, U, disp, first_stage, first_stage * o.stage_length_m, NULL,
                             &max_settlement));
  }
  /* a restart continues the run's own output and probe file after the checkpoint's stage (output step) */
  if (restart && gw)
    PetscCall(DioSectionFlowOutputContinue(gw, tunnel, &out));
  else if (restart)
    PetscCall(DioSectionOutputContinue(&sec, tunnel, first_stage, &out, &appended));
  else
    PetscCall(DioSectionOutputOpen(&sec, tunnel, &out));
  PetscCall(PetscSNPrintf(
      what, sizeof(what), "%s; lining bonded once active; %s; %s", plastic ? "elastoplastic ground" : "linear elastic",
      o.shield_gap ? "bore wall along the shield at the face pressure (slurry in the gap)" : "shield carries no load",
      gw ? "Biot consolidation, each stage undrained then consolidating; wall condition on the lined length, face, "
           "shield, tail void impermeable; standstills consolidate"
         : "hydrostatic pore pressure kept"));
  PetscCall(DioOutputSetMetadata(out, "assumptions", what));
  if (gw) {
    PetscCall(DioOutputSetMetadata(out, "time_axis",
                                   "s since the first stage: each stage's undrained response at its start, its "
                                   "consolidation steps, standstills, then the standstill after the drive"));
    if (restart) {
      /* the checkpoint's state on the wall of its phase; the segment's CSV rows of its step are written again */
      PetscCall(SegmentFlowWall(&sec, gw, &o, lined, centroid_x));
      PetscCall(DioTunnelScheduleRestore(gw, &schedule, out, U, u, excavated));
      PetscCall(DioSegmentSupportLoad(&sec, restart_path, &support));
      PetscCall(DioSegmentSupportStore(&support, support_array));
    } else
      PetscCall(DioSectionFlowOutputStep(gw, out, U, u, 0, 0.0, 0.0, 0.0, excavated));
  } else if (!appended)
    PetscCall(DioSectionOutputStep(&sec, out, U, u, first_stage,
                                   first_stage * o.stage_length_m / o.advance_rate_m_per_day * 86400.0, excavated,
                                   NULL));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_longitudinal.csv", sec.opts.output_dir, sec.opts.output_name));
  if (restart)
    PetscCall(DioCSVReopen(comm, path, "step,face_x_m,x_m,settlement_m", gw ? schedule.restart_step - 1 : first_stage,
                           &longitudinal));
  else
    PetscCall(DioCSVCreate(comm, path, "step,face_x_m,x_m,settlement_m", &longitudinal));
  PetscCall(PetscSNPrintf(path, sizeof(path), "%s/%s_lining.csv", sec.opts.output_dir, sec.opts.output_name));
  if (restart)
    PetscCall(DioCSVReopen(comm, path, "step,face_x_m,section_x_m,angle_deg,thrust_N_per_m,moment_Nm_per_m",
                           gw ? schedule.restart_step - 1 : first_stage, &lining_csv));
  else
    PetscCall(
        DioCSVCreate(comm, path, "step,face_x_m,section_x_m,angle_deg,thrust_N_per_m,moment_Nm_per_m", &lining_csv));

  for (PetscInt p = gw ? PetscMax(schedule.restart_phase, 0) : schedule.num_phases; p < schedule.num_phases && !stop;
       p++) {
    /* the coupled run, phase by phase (a restart: from the step after its checkpoint's) */
    const DioTunnelPhase  *phase        = &schedule.phase[p];
    const PetscReal        x_face       = phase->stage * o.stage_length_m;
    const PetscInt         k_first      = DioTunnelPhaseFirstStep(&schedule, p),
                   last                 = DioTunnelPhaseFirstConsolidation(phase) + phase->steps - 1;
    const DioSegmentSupportGeometry geo = {0.5 * o.diameter_m,       o.shield_length_m,        o.grout_length_m,
                                           o.face_pressure_Pa,       o.face_gradient_Pa_per_m, o.grout_pressure_Pa,
                                           o.grout_gradient_Pa_per_m};

    if (k_first == 1 && phase->advance) {
      PetscCall(SegmentStageCells(&sec, &o, tunnel, centroid_x, phase->stage, excavated, lined, replace, active));
      PetscCall(StagePressureFaces(&sec, &o, tunnel, centroid_x, x_face));
    }
    if (k_first == 1)
      PetscCall(SegmentFlowPhaseStart(&sec, gw, &o, &geo, phase, num_stages, out, U, u, excavated, lined, centroid_x,
                                      &support, support_array));
    PetscCall(DioTunnelPhaseConsolidate(gw, &schedule, p, out, U, u, excavated, &stop));
    if (stop) break; /* mid-phase: a restart continues the phase and writes its end */
    /* the phase's end: the support again; lining forces and settlement of the stored state (u = 0) */
    PetscCall(DioSegmentSupportAgainstWater(&sec, gw, &geo, x_face, &support));
    PetscCall(DioSegmentSupportStore(&support, support_array));
    PetscCall(VecSet(u, 0.0));
    PetscCall(SectionLiningForces(&sec, &o, u, lined, centroid_x, section_x0, last, x_face, section_ring, lining_csv,
                                  &section_lined, lining));
    PetscCall(AxisSettlement(&sec, n_axis, axis_vertices, U, disp, last, x_face, longitudinal, &max_settlement));
    PetscCall(DioTunnelPhaseStopPoint(&sec, phase, &stop));
  }
  for (PetscInt k = first_stage; !gw && k < num_stages && !stop; k++) {
    const PetscReal x_face = (k + 1) * o.stage_length_m;
    const PetscReal time   = x_face / o.advance_rate_m_per_day * 86400.0;

    PetscCall(SegmentStageCells(&sec, &o, tunnel, centroid_x, k + 1, excavated, lined, replace, active));
    PetscCall(StagePressureFaces(&sec, &o, tunnel, centroid_x, x_face));
    PetscCall(PetscSNPrintf(what, sizeof(what), "face at x = %.1f m", (double)x_face));
    PetscCall(DioSectionSolve(&sec, u, k + 1, num_stages, time, what));
    PetscCall(VecAXPY(U, 1.0, u));
    PetscCall(DioSectionOutputStep(&sec, out, U, u, k + 1, time, excavated, NULL));
    PetscCall(SectionLiningForces(&sec, &o, u, lined, centroid_x, section_x0, k + 1, x_face, section_ring, lining_csv,
                                  &section_lined, lining));
    PetscCall(DioElasticityStoreInitialStress(sec.elas, u));
    PetscCall(AxisSettlement(&sec, n_axis, axis_vertices, U, disp, k + 1, x_face, longitudinal, &max_settlement));
    PetscCall(DioSectionStageDone(&sec, k + 1, every, checkpoint_path, U, &stop));
  }
  {
    DioSummary summary;
    PetscCall(DioSectionSummaryBegin(&sec, &summary));
    PetscCall(DioSummaryAddReal(summary, "stages", num_stages));
    PetscCall(DioSummaryAddReal(summary, "max_surface_settlement_m", max_settlement));
    if (section_lined) {
      /* the last stage's forces at the section (absent while the lining has not reached it) */
      PetscCall(DioSummaryAddReal(summary, "lining_section_x_m", section_x0 + 0.5 * o.stage_length_m));
      PetscCall(DioSummaryAddReal(summary, "lining_thrust_min_N_per_m", lining[0]));
      PetscCall(DioSummaryAddReal(summary, "lining_thrust_max_N_per_m", lining[1]));
      PetscCall(DioSummaryAddReal(summary, "lining_moment_max_Nm_per_m", lining[2]));
    }
    if (gw) {
      PetscCall(DioSummaryAddReal(summary, "advance_rate_m_per_day", o.advance_rate_m_per_day));
      PetscCall(DioSummaryAddReal(summary, "standstills", schedule.num_standstills));
      PetscCall(DioSectionFlowSummary(gw, summary));
      PetscCall(DioSegmentSupportSummary(&support, summary));
    }
    PetscCall(DioSummaryWriteAndDestroy(&summary));
  }
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(&sec, DIO_LOG_NORMAL,
                          "[output]    %s/%s.h5, .xmf, _longitudinal.csv, _lining.csv%s, _summary.json\n",
                          sec.opts.output_dir, sec.opts.output_name, gw ? ", _inflow.csv, _lining_water.csv" : ""));
  PetscCall(DioSectionLog(&sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec.t_start));
  PetscCall(DioCSVDestroy(&longitudinal));
  PetscCall(DioCSVDestroy(&lining_csv));
  PetscCall(DioSectionFlowDestroy(&gw));
  PetscCall(VecDestroy(&support_array));
  PetscCall(DioTunnelScheduleDestroy(&schedule));
  PetscCall(DioOutputDestroy(&out));
  PetscCall(PetscFree3(axis_vertices, disp, section_ring));
  PetscCall(PetscFree6(tunnel, excavated, active, replace, lined, centroid_x));
  PetscCall(VecDestroy(&u));
  PetscCall(VecDestroy(&U));
  PetscCall(DioSectionDestroy(&sec));
  PetscFunctionReturn(0);
}
