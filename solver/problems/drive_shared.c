/* SPDX-License-Identifier: BSD-2-Clause
   drive_shared.c: what the longitudinal drive's two presets (drive_drained.c, drive_coupled.c) share: the stage times
   and face positions, the settlement probes, the smeared lining, the output and the stage list's frame. */
#include "drive.h"

/* The time at which `stages` stages are complete (s): the advance over the advance rate. */
PetscReal DioDriveStageTime_Internal(const DioDriveOptions *o, PetscInt stages)
{
  const PetscReal advance =
      PetscMin(stages * o->strip.stage_length_m, PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m));

  return advance / o->advance_rate_m_per_day * 86400.0;
}

/* The face's position (m along the alignment) once `stages` stages are complete. */
PetscReal DioDriveFaceX_Internal(const DioDriveOptions *o, PetscInt stages)
{
  const PetscReal direction = o->strip.x_end_m >= o->strip.x_start_m ? 1.0 : -1.0;
  const PetscReal advance =
      PetscMin(stages * o->strip.stage_length_m, PetscAbsReal(o->strip.x_end_m - o->strip.x_start_m));

  return o->strip.x_start_m + direction * advance;
}

/* The surface's vertices and a work array; no results yet. Collective; free with DioDriveProbesDestroy_Internal(). */
PetscErrorCode DioDriveProbesCreate_Internal(DioSection *sec, DioDriveProbes *p)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(p, sizeof(*p)));
  PetscCall(DioSectionBoundaryVertices(sec, DIO_BOUNDARY_SURFACE, &p->num_surface, &p->surface));
  PetscCall(PetscMalloc1(3 * sec->topology.num_vertices, &p->disp));
  PetscFunctionReturn(0);
}

/* The probe files: new, or with restart the run's own reopened after `kept` steps' rows. Collective. */
PetscErrorCode DioDriveProbesOpen_Internal(DioSection *sec, PetscBool restart, PetscInt kept, DioDriveProbes *p)
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

PetscErrorCode DioDriveProbesDestroy_Internal(DioDriveProbes *p)
{
  PetscFunctionBegin;
  PetscCall(DioCSVDestroy(&p->settlement_csv));
  PetscCall(DioCSVDestroy(&p->drive_csv));
  PetscCall(PetscFree(p->disp));
  PetscCall(PetscFree(p->surface));
  PetscFunctionReturn(0);
}

/* The largest seabed/ground settlement (p->max_settlement, every rank) and its westernmost position p->x_of_max, from
   the displacement u after `step` at `time`; the surface's rows appended to the settlement probe unless csv is false.
   Collective. */
PetscErrorCode DioDriveSurfaceSettlement_Internal(DioSection *sec, DioDriveProbes *p, Vec u, PetscInt step,
                                                  PetscReal time, PetscBool csv)
{
  PetscReal max_local = PETSC_MIN_REAL, x_local = PETSC_MAX_REAL, *csv_rows;

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
    max_local           = PetscMax(max_local, s);
  }
  if (csv) PetscCall(DioCSVAppendRows(p->settlement_csv, p->num_surface, 4, csv_rows, 2));
  PetscCall(MPIU_Allreduce(&max_local, &p->max_settlement, 1, MPIU_REAL, MPI_MAX, sec->comm));
  /* the westernmost of the points within round-off (1e-9) of the largest: in laterally uniform ground they all tie,
     and which one is reported must not depend on the BLAS or the partition; where nothing has moved yet (0 everywhere)
     that is the section's west end, and where the whole surface heaves the largest settlement is negative */
  for (PetscInt i = 0; i < p->num_surface; i++)
    if (csv_rows[4 * i + 3] >= p->max_settlement - 1e-9 * PetscAbsReal(p->max_settlement))
      x_local = PetscMin(x_local, csv_rows[4 * i + 2]);
  PetscCall(PetscFree(csv_rows));
  PetscCall(MPIU_Allreduce(&x_local, &p->x_of_max, 1, MPIU_REAL, MPI_MIN, sec->comm));
  PetscFunctionReturn(0);
}

/* The probes of output step `step` at `time` (s) with the face at face_x: the settlement along the surface, the
   drive's row (largest settlement and where) and the log line. Collective. */
PetscErrorCode DioDriveStageProbes_Internal(DioSection *sec, DioDriveProbes *p, Vec u, PetscInt step, PetscReal time,
                                            PetscReal face_x)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCall(DioDriveSurfaceSettlement_Internal(sec, p, u, step, time, PETSC_TRUE));
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
PetscErrorCode DioDriveSmearedLining_Internal(DioSection *sec, const DioDriveOptions *o, PetscBool drainage)
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
PetscErrorCode DioDriveAssumptions_Internal(DioOutput out, DioDriveFlow df)
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
PetscErrorCode DioDriveOutputOpen_Internal(DioSection *sec, const PetscInt stage[], DioDriveFlow df, PetscBool restart,
                                           PetscInt kept, DioDriveProbes *p, DioOutput *out)
{
  PetscFunctionBegin;
  if (df)
    PetscCall(DioDriveFlowOutputOpen(df, stage, out));
  else
    PetscCall(DioSectionOutputOpen(sec, stage, out));
  PetscCall(DioDriveAssumptions_Internal(*out, df));
  PetscCall(DioDriveProbesOpen_Internal(sec, restart, kept, p));
  PetscFunctionReturn(0);
}

/*
  The frame of the drive's stage lists: num_list_stages stages over num_stages + 1 regions (0 the ground, k the strip of
  stage k: the cells of stage label k - 1), stage s excavating and activating region activated[s] in place (-1: none;
  DioStageListCreateInPlace()) as the smeared lining (lining_layer, stress-free), stage 0 the geostatic initial state
  (gravity). Destroy with DioStageListDestroy().
*/
PetscErrorCode DioDriveStageList_Internal(PetscInt num_list_stages, const PetscInt activated[], PetscInt num_stages,
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

/* The stage's name and progress line: stage k, or the standstill after it; the face at DioDriveFaceX_Internal(k). */
PetscErrorCode DioDriveStageName_Internal(const DioDriveOptions *o, PetscInt k, PetscBool advance, DioStage *st)
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(st->name, sizeof(st->name),
                          advance ? "stage %" PetscInt_FMT : "standstill after stage %" PetscInt_FMT, k));
  PetscCall(PetscSNPrintf(st->description, sizeof(st->description), "face at x = %.0f m",
                          (double)DioDriveFaceX_Internal(o, k)));
  PetscFunctionReturn(0);
}
