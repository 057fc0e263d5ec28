/* SPDX-License-Identifier: BSD-2-Clause
   segment_flow.c: the TBM's support pressures against the pore pressure in the coupled 3D segment (issue 14,
   -flow_model consolidation): the face support and the tail grout are total pressures on the ground; what holds the
   face and the tail void open is the effective pressure, support minus the pore pressure (hydrostatic plus excess) at
   the same point. Negative: the water pressure exceeds the support (the face would take water in, the grout would be
   pushed back). The stage loop is segment.c's, the groundwater section_flow.c's. */
#include "section.h"

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
