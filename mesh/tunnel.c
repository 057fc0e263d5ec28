/* SPDX-License-Identifier: BSD-2-Clause
   tunnel.c: the cells a tunnel drive removes, labelled by excavation stage. Geometry only: which cells, in which
   order; what removing them does is the solver's business. */
#include "dio_mesh.h"

/*
  DioMeshLabelTunnelStrip - label DIO_LABEL_STAGE = k (0-based) on the cells the drive excavates in stage k: the cells
  whose centroid lies within half a diameter of the axis (vertical distance in 2D; a square of side diameter around
  the axis in 3D) and between x_start and x_end, in slices of stage_length along the drive direction (east if
  x_end > x_start, west otherwise). Collective; works on a distributed mesh. Returns the number of stages.
*/
PetscErrorCode DioMeshLabelTunnelStrip(DM dm, const DioTunnelStrip *strip, PetscInt *num_stages)
{
  MPI_Comm        comm = PetscObjectComm((PetscObject)dm);
  DMLabel         label;
  PetscInt        dim, cStart, cEnd;
  const PetscReal length = PetscAbsReal(strip->x_end_m - strip->x_start_m), direction = strip->x_end_m >= strip->x_start_m ? 1.0 : -1.0;

  PetscFunctionBegin;
  PetscCheck(strip->diameter_m > 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_diameter = %g: must be > 0 m", (double)strip->diameter_m);
  PetscCheck(strip->stage_length_m > 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_stage_length = %g: must be > 0 m", (double)strip->stage_length_m);
  PetscCheck(length > 0, comm, PETSC_ERR_USER_INPUT, "-tunnel_x_start = -tunnel_x_end = %g m: the drive has no length", (double)strip->x_start_m);
  PetscCheck(length / strip->stage_length_m < (PetscReal)PETSC_MAX_INT, comm, PETSC_ERR_USER_INPUT,
             "-tunnel_stage_length = %g m: %.3g stages over the drive's %g m, more than PetscInt can count", (double)strip->stage_length_m,
             (double)(length / strip->stage_length_m), (double)length);
  *num_stages = (PetscInt)PetscCeilReal(length / strip->stage_length_m - 1e-9);
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DMCreateLabel(dm, DIO_LABEL_STAGE));
  PetscCall(DMGetLabel(dm, DIO_LABEL_STAGE, &label));
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  for (PetscInt c = cStart; c < cEnd; c++) {
    PetscReal centroid[3], along;
    PetscCall(DMPlexComputeCellGeometryFVM(dm, c, NULL, centroid, NULL));
    if (PetscAbsReal(centroid[dim - 1] - strip->axis_elevation_m) >= 0.5 * strip->diameter_m) continue;
    if (dim == 3 && PetscAbsReal(centroid[1] - strip->axis_y_m) >= 0.5 * strip->diameter_m) continue;
    along = direction * (centroid[0] - strip->x_start_m);
    if (along < 0 || along >= length) continue;
    PetscCall(DMLabelSetValue(label, c, (PetscInt)PetscFloorReal(along / strip->stage_length_m)));
  }
  {
    PetscInt local = 0, global;
    PetscCall(DMLabelGetNumValues(label, &local));
    PetscCall(MPIU_Allreduce(&local, &global, 1, MPIU_INT, MPI_MAX, comm));
    PetscCheck(global > 0, comm, PETSC_ERR_USER_INPUT, "the tunnel (axis %g m, diameter %g m) contains no cell centroid: refine the mesh near the axis (-mesh_cell_size_fine)",
               (double)strip->axis_elevation_m, (double)strip->diameter_m);
  }
  PetscFunctionReturn(0);
}
