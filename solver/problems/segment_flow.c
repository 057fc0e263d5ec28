/* SPDX-License-Identifier: BSD-2-Clause
   segment_flow.c: the TBM's support pressures against the pore pressure in the coupled 3D segment (issue 14,
   -flow_model consolidation): the face support and the tail grout are total pressures on the ground; what holds the
   face and the tail void open is the effective pressure, support minus the pore pressure (hydrostatic plus excess) at
   the same point. Negative: the water pressure exceeds the support (the face would take water in, the grout would be
   pushed back). And the coupled segment's run: one stage of the engine per phase of its schedule, with the hooks
   for the excavation's undrained step (section_flow.c), its output, support and wall, and each phase's consolidation;
   the stage list and the drained hooks are segment_stages.c's. */
#include "segment_stages.h"

/* Support pressure (Pa) at elevation z of a pressure p0 at the axis growing by gradient (Pa/m) with depth, as the
   elasticity's pressure faces apply it (DioElasticitySetPressureFaces()). */
static PetscReal SupportAt(PetscReal p0, PetscReal gradient, PetscReal axis, PetscReal z)
{
  return PetscMax(0.0, p0 + gradient * (axis - z));
}

/*
  DioSegmentSupportAgainstWater - with the face at x_face: the effective face support over the face's vertices
  (x = x_face, r <= R) and at its axis vertex, the effective grout pressure on the wall of the tail void (r = R,
  tail_start <= x <= tail_end); logged, and the running minima and the axis values in *s. Collective.
*/
PetscErrorCode DioSegmentSupportAgainstWater(DioSection *sec, DioSectionFlow gw, const DioSegmentSupportGeometry *geo,
                                             PetscReal x_face, DioSegmentSupport *s)
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscReal        axis = sec->mesh_opts.axis_elevation_m, tol = 1e-6 * geo->radius;
  const PetscReal        tail_end = x_face - geo->shield_length, tail_start = tail_end - geo->grout_length;
  PetscReal             *total, face[3] = {PETSC_MAX_REAL, -PETSC_MAX_REAL, PETSC_MAX_REAL},
                    at_axis[2] = {-PETSC_MAX_REAL, -PETSC_MAX_REAL};
  PetscReal grout              = PETSC_MAX_REAL;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(topo->num_vertices + 1, &total));
  PetscCall(DioSectionFlowGetVertexPorePressure(gw, total));
  for (PetscInt v = 0; v < topo->num_vertices; v++) {
    const PetscReal *X = &topo->vertex_coords[3 * v];
    const PetscReal  r = PetscSqrtReal(PetscSqr(X[1]) + PetscSqr(X[2] - axis));
    if (PetscAbsReal(X[0] - x_face) < tol && r < geo->radius + tol) {
      const PetscReal effective = SupportAt(geo->face_pressure, geo->face_gradient, axis, X[2]) - total[v];
      face[0]                   = PetscMin(face[0], effective);
      face[1]                   = PetscMax(face[1], total[v]);
      face[2]                   = PetscMin(face[2], total[v]);
      if (r < tol) {
        at_axis[0] = effective;
        at_axis[1] = total[v];
      }
    } else if (PetscAbsReal(r - geo->radius) < tol && X[0] > tail_start - tol && X[0] < tail_end + tol && tail_end > 0)
      grout = PetscMin(grout, SupportAt(geo->grout_pressure, geo->grout_gradient, axis, X[2]) - total[v]);
  }
  PetscCall(PetscFree(total));
  face[1] = -face[1]; /* one MIN reduction for all: the largest pore pressure as minus the smallest negative */
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, face, 3, MPIU_REAL, MPIU_MIN, sec->comm));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, at_axis, 2, MPIU_REAL, MPIU_MAX, sec->comm));
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &grout, 1, MPIU_REAL, MPIU_MIN, sec->comm));
  s->evaluated               = PETSC_TRUE;
  s->face_effective_min      = PetscMin(s->face_effective_min, face[0]);
  s->face_effective_axis     = at_axis[0];
  s->face_pore_pressure_axis = at_axis[1];
  s->has_axis                = (PetscBool)(at_axis[0] > -PETSC_MAX_REAL);
  if (grout < PETSC_MAX_REAL) {
    s->has_grout           = PETSC_TRUE;
    s->grout_effective_min = PetscMin(s->grout_effective_min, grout);
  }
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "            face at x = %.1f m: pore pressure %.4g .. %.4g kPa, effective support >= %.4g "
                          "kPa (at the axis %.4g kPa)%s; tail grout "
                          "effective >= %.4g kPa\n",
                          (double)x_face, (double)(face[2] / 1e3), (double)(-face[1] / 1e3), (double)(face[0] / 1e3),
                          (double)(at_axis[0] / 1e3),
                          face[0] < 0 ? " (negative: the water pressure exceeds the support)" : "",
                          (double)((grout < PETSC_MAX_REAL ? grout : 0) / 1e3)));
  PetscFunctionReturn(0);
}

/* The support's summary keys (those evaluated). Collective. */
PetscErrorCode DioSegmentSupportSummary(const DioSegmentSupport *s, DioSummary summary)
{
  PetscFunctionBegin;
  if (!s->evaluated) PetscFunctionReturn(0);
  PetscCall(DioSummaryAddReal(summary, "face_effective_support_min_pa", s->face_effective_min));
  if (s->has_axis) {
    PetscCall(DioSummaryAddReal(summary, "face_effective_support_axis_pa", s->face_effective_axis));
    PetscCall(DioSummaryAddReal(summary, "face_pore_pressure_axis_pa", s->face_pore_pressure_axis));
  }
  if (s->has_grout) PetscCall(DioSummaryAddReal(summary, "grout_effective_pressure_min_pa", s->grout_effective_min));
  PetscFunctionReturn(0);
}

/* The support's values a checkpoint holds (rank 0, in this order). */
#define DIO_SEGMENT_SUPPORT_NUM_VALUES 7

/*
  DioSegmentSupportCheckpointArray - with checkpoints: a Vec for the support's running values (rank 0 holds them),
  added to the section's checkpoint arrays as "segment_support" and kept current by DioSegmentSupportStore() after
  every evaluation; the caller destroys it after the run. Collective.
*/
PetscErrorCode DioSegmentSupportCheckpointArray(DioSection *sec, DioSegmentSupport *s, Vec *array)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
  PetscCall(
      VecCreateMPI(sec->comm, rank == 0 ? DIO_SEGMENT_SUPPORT_NUM_VALUES : 0, DIO_SEGMENT_SUPPORT_NUM_VALUES, array));
  PetscCheck(sec->num_checkpoint_extra < (PetscInt)PETSC_STATIC_ARRAY_LENGTH(sec->checkpoint_extra), sec->comm,
             PETSC_ERR_PLIB, "too many checkpoint arrays");
  sec->checkpoint_extra_names[sec->num_checkpoint_extra] = "segment_support";
  sec->checkpoint_extra[sec->num_checkpoint_extra++]     = *array;
  PetscCall(DioSegmentSupportStore(s, *array));
  PetscFunctionReturn(0);
}

/* The support's running values into its checkpoint array (NULL: none). Collective. */
PetscErrorCode DioSegmentSupportStore(const DioSegmentSupport *s, Vec array)
{
  const PetscReal values[DIO_SEGMENT_SUPPORT_NUM_VALUES] = {
      (PetscReal)s->evaluated, (PetscReal)s->has_axis,     (PetscReal)s->has_grout, s->face_effective_min,
      s->face_effective_axis,  s->face_pore_pressure_axis, s->grout_effective_min};
  PetscScalar *v;
  PetscInt     n;

  PetscFunctionBegin;
  if (array == NULL) PetscFunctionReturn(0);
  PetscCall(VecGetLocalSize(array, &n));
  PetscCall(VecGetArray(array, &v));
  for (PetscInt i = 0; i < n; i++) v[i] = values[i];
  PetscCall(VecRestoreArray(array, &v));
  PetscFunctionReturn(0);
}

/* The support's running values from checkpoint `path` (every rank). Collective. */
PetscErrorCode DioSegmentSupportLoad(DioSection *sec, const char path[], DioSegmentSupport *s)
{
  Vec                all;
  const PetscScalar *v;
  PetscInt           n;

  PetscFunctionBegin;
  PetscCall(DioCheckpointReadArray(sec->comm, path, "segment_support", &all));
  PetscCall(VecGetSize(all, &n));
  PetscCheck(n == DIO_SEGMENT_SUPPORT_NUM_VALUES, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s': segment_support holds %" PetscInt_FMT
             " values, this version expects %d: not a checkpoint of this diomede",
             path, n, DIO_SEGMENT_SUPPORT_NUM_VALUES);
  PetscCall(VecGetArrayRead(all, &v));
  s->evaluated               = (PetscBool)(PetscRealPart(v[0]) != 0);
  s->has_axis                = (PetscBool)(PetscRealPart(v[1]) != 0);
  s->has_grout               = (PetscBool)(PetscRealPart(v[2]) != 0);
  s->face_effective_min      = PetscRealPart(v[3]);
  s->face_effective_axis     = PetscRealPart(v[4]);
  s->face_pore_pressure_axis = PetscRealPart(v[5]);
  s->grout_effective_min     = PetscRealPart(v[6]);
  PetscCall(VecRestoreArrayRead(all, &v));
  PetscCall(VecDestroy(&all));
  PetscFunctionReturn(0);
}

/* The coupled segment's wall condition (-flow_tunnel_wall) on the slices lined so far (from x = 0 to a slice
   boundary). Collective. */
static PetscErrorCode SegmentFlowWall(DioSection *sec, DioSectionFlow gw, const DioSegment *seg)
{
  PetscReal lined_end = 0;

  PetscFunctionBegin;
  for (PetscInt c = 0; c < sec->topology.num_cells; c++)
    if (seg->lined[c]) lined_end = PetscMax(lined_end, seg->centroid_x[c] + 0.5 * seg->o->stage_length_m);
  PetscCall(MPIU_Allreduce(MPI_IN_PLACE, &lined_end, 1, MPIU_REAL, MPIU_MAX, sec->comm));
  PetscCall(DioSectionFlowSetWallEnd(gw, lined_end));
  PetscFunctionReturn(0);
}

/* The coupled segment's hooks (-flow_model consolidation): one stage of the list per phase of its schedule. */
typedef struct {
  DioSegment               *seg;
  DioSectionFlow            gw;
  const DioTunnelSchedule  *schedule;
  DioSegmentSupportGeometry geo;
  DioSegmentSupport        *support;
  Vec                       support_array; /* the support's checkpoint array */
} SegmentFlow;

/* Stage s (phase s - 1): an excavation's cells and pressures (a standstill keeps those of the stage before). */
static PetscErrorCode SegmentFlowStageLoads(DioSection *sec, PetscInt s, void *ctx)
{
  SegmentFlow *f = (SegmentFlow *)ctx;

  PetscFunctionBegin;
  if (s == 0 || f->schedule->phase[s - 1].advance)
    PetscCall(DioSegmentStageLoads(sec, f->seg, s == 0 ? 0 : f->schedule->phase[s - 1].stage));
  PetscFunctionReturn(0);
}

/* An excavation's undrained step (section_flow.c). */
static PetscErrorCode SegmentFlowSolve(DioSection *sec, PetscInt s, Vec u, PetscInt step, PetscInt num_steps,
                                       const char what[], void *ctx)
{
  SegmentFlow *f = (SegmentFlow *)ctx;

  PetscFunctionBegin;
  (void)sec;
  (void)step;
  (void)num_steps;
  PetscCall(
      DioSectionFlowSolveStage(f->gw, NULL, PETSC_TRUE, u, f->schedule->phase[s - 1].stage, f->seg->num_stages, what));
  PetscFunctionReturn(0);
}

/* After the initial state: the flow set up from it (each layer's drainage type), output step 0. After an excavation's
   undrained step: its output step at the phase's start, the support against the pore pressure, the wall condition
   on the lined length. */
static PetscErrorCode SegmentFlowStageEnd(DioSection *sec, DioOutput out, PetscInt s, Vec U, Vec u,
                                          const PetscInt excavated[], void *ctx)
{
  SegmentFlow          *f     = (SegmentFlow *)ctx;
  const DioTunnelPhase *phase = s > 0 ? &f->schedule->phase[s - 1] : NULL;

  PetscFunctionBegin;
  (void)excavated; /* the engine's are the inactive cells; the flow's and the output's are the cells up to the face */
  if (phase == NULL) {
    PetscCall(DioSectionFlowSetUp(f->gw, f->seg->tunnel, f->seg->excavated, U));
    PetscCall(DioSectionFlowOutputStep(f->gw, out, U, u, 0, 0.0, 0.0, 0.0, f->seg->excavated));
    PetscFunctionReturn(0);
  }
  PetscCall(DioSectionFlowOutputStep(f->gw, out, U, u, phase->first_step, phase->time_start, phase->time_start, 0.0,
                                     f->seg->excavated));
  PetscCall(DioSegmentSupportAgainstWater(sec, f->gw, &f->geo, phase->stage * f->seg->o->stage_length_m, f->support));
  PetscCall(DioSegmentSupportStore(f->support, f->support_array));
  PetscCall(SegmentFlowWall(sec, f->gw, f->seg));
  PetscFunctionReturn(0);
}

/* Phase s - 1's consolidation steps from step done + 1 on (a standstill's log line first), then its end: the support
   again, the lining forces and settlement of the stored state (u = 0), a stop point. Collective. */
static PetscErrorCode SegmentFlowConsolidate(DioSection *sec, DioOutput out, PetscInt s, PetscInt done, Vec U, Vec u,
                                             PetscBool *stop, void *ctx)
{
  SegmentFlow          *f      = (SegmentFlow *)ctx;
  const DioTunnelPhase *phase  = &f->schedule->phase[s - 1];
  const PetscReal       x_face = phase->stage * f->seg->o->stage_length_m;

  PetscFunctionBegin;
  PetscCall(VecSet(u, 0.0)); /* the undrained increment is in U and stored */
  if (!phase->advance && done == 0) PetscCall(DioTunnelPhaseLogStandstill(sec, phase, x_face));
  PetscCall(DioTunnelPhaseConsolidate(f->gw, f->schedule, s - 1, out, U, u, f->seg->excavated, stop));
  if (*stop) PetscFunctionReturn(0); /* mid-phase: a restart continues the phase and writes its end */
  PetscCall(DioSegmentSupportAgainstWater(sec, f->gw, &f->geo, x_face, f->support));
  PetscCall(DioSegmentSupportStore(f->support, f->support_array));
  PetscCall(VecSet(u, 0.0));
  PetscCall(DioSegmentProbes(sec, f->seg, U, u, DioTunnelPhaseFirstConsolidation(phase) + phase->steps - 1, x_face,
                             PETSC_TRUE));
  PetscCall(DioTunnelPhaseStopPoint(sec, phase, stop));
  PetscFunctionReturn(0);
}

/*
  DioSegmentFlowRun - the coupled segment (-flow_model consolidation), a preset of the stage engine too: the initial
  state, then one stage per phase of the schedule (tunnel_schedule.c: each excavation's undrained step and
  consolidation, the standstills); with -restart from the checkpoint's phase and step on. list: DioSegmentStages() of
  the schedule. Collective.
*/
PetscErrorCode DioSegmentFlowRun(DioSection *sec, DioSegment *seg, const DioStageList *list, DioSectionFlow gw,
                                 const DioTunnelSchedule *schedule, PetscBool restart, const char restart_path[],
                                 const char assumptions[], DioSegmentSupport *support, Vec U)
{
  const DioSegmentOptions *o = seg->o;
  SegmentFlow              f = {seg,
                                gw,
                                schedule,
                                {0.5 * o->diameter_m, o->shield_length_m, o->grout_length_m, o->face_pressure_Pa,
                                 o->face_gradient_Pa_per_m, o->grout_pressure_Pa, o->grout_gradient_Pa_per_m},
                                support,
                                NULL};
  DioStageRun              sr;
  DioOutput                out;
  Vec                      u;
  PetscBool                stop;
  PetscInt                 first_stage = 0;

  PetscFunctionBegin;
  PetscCall(VecDuplicate(U, &u));
  PetscCall(PetscMemzero(&sr, sizeof(sr)));
  sr.list               = list;
  sr.cell_region        = seg->region;
  sr.analysis           = DIO_ANALYSIS_MECHANICS;
  sr.preset.ctx         = &f;
  sr.preset.stage_loads = SegmentFlowStageLoads;
  sr.preset.solve       = SegmentFlowSolve;
  sr.preset.stage_end   = SegmentFlowStageEnd;
  sr.preset.consolidate = SegmentFlowConsolidate;
  PetscCall(DioSegmentSupportCheckpointArray(sec, support, &f.support_array));
  if (restart) {
    /* the cells removed and lined, and the loads, of the checkpoint's phase (its stage of the list included: the
       engine keeps the restored stress of what that stage activates), the flow set up; its output continued */
    const DioTunnelPhase *phase = &schedule->phase[schedule->restart_phase];
    PetscBool            *active;
    PetscInt             *inactive;
    first_stage    = schedule->restart_phase + 1;
    sr.resume_done = schedule->restart_done;
    PetscCall(PetscMalloc2(sec->topology.num_cells + 1, &active, sec->topology.num_cells + 1, &inactive));
    PetscCall(DioStageEngineRestoreStages(sec, list, first_stage + 1, seg->region, active, inactive));
    PetscCall(PetscFree2(active, inactive));
    PetscCall(DioSegmentStageLoads(sec, seg, phase->stage));
    PetscCall(DioSectionFlowSetUp(gw, seg->tunnel, seg->excavated, U));
    PetscCall(DioSectionFlowOutputContinue(gw, seg->tunnel, &out));
  } else
    PetscCall(DioSectionOutputOpen(sec, seg->tunnel, &out));
  PetscCall(DioOutputSetMetadata(out, "assumptions", assumptions));
  PetscCall(DioOutputSetMetadata(out, "time_axis",
                                 "s since the first stage: each stage's undrained response at its start, its "
                                 "consolidation steps, standstills, then the standstill after the drive"));
  if (restart) {
    /* the checkpoint's state on the wall of its phase; the segment's CSV rows of its step are written again */
    PetscCall(SegmentFlowWall(sec, gw, seg));
    PetscCall(DioTunnelScheduleRestore(gw, schedule, out, U, u, seg->excavated));
    PetscCall(DioSegmentSupportLoad(sec, restart_path, support));
    PetscCall(DioSegmentSupportStore(support, f.support_array));
  }
  PetscCall(DioSegmentProbeFiles(sec, seg, restart, schedule->restart_step - 1));
  PetscCall(DioStageEngineRunStages(sec, &sr, out, first_stage, U, &stop, NULL));
  PetscCall(DioOutputDestroy(&out));
  PetscCall(VecDestroy(&f.support_array));
  PetscCall(VecDestroy(&u));
  PetscFunctionReturn(0);
}
