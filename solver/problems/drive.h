/* SPDX-License-Identifier: BSD-2-Clause
   drive.h: the longitudinal drive's files (private to solver/problems): the options (drive.c), what both of its
   presets share (drive_shared.c: times, probes, the smeared lining, the output, the stage list's frame), the drained
   preset (drive_drained.c) and the coupled one (drive_coupled.c, its groundwater in drive_flow.c). */
#pragma once
#include "stage_engine.h"

/* The drive's keys (drive.c): the strip (m) and its stages, the TBM's advance rate, the lining's thickness. */
typedef struct {
  DioTunnelStrip strip;
  PetscReal      advance_rate_m_per_day;
  PetscReal      lining_thickness_m;
} DioDriveOptions;

/* What the probes of both drives keep: the surface's vertices, a work array, the probe files and the last results
   (the summary's). */
typedef struct {
  PetscInt   num_surface, *surface; /* the surface's owned vertices (indices into the topology) */
  PetscReal *disp;                  /* [3 num_vertices] work */
  DioCSV     settlement_csv, drive_csv;
  PetscReal  max_settlement, x_of_max;
} DioDriveProbes;

PetscReal      DioDriveStageTime_Internal(const DioDriveOptions *o, PetscInt stages);
PetscReal      DioDriveFaceX_Internal(const DioDriveOptions *o, PetscInt stages);
PetscErrorCode DioDriveProbesCreate_Internal(DioSection *sec, DioDriveProbes *p);
PetscErrorCode DioDriveProbesOpen_Internal(DioSection *sec, PetscBool restart, PetscInt kept, DioDriveProbes *p);
PetscErrorCode DioDriveProbesDestroy_Internal(DioDriveProbes *p);
PetscErrorCode DioDriveSurfaceSettlement_Internal(DioSection *sec, DioDriveProbes *p, Vec u, PetscInt step,
                                                  PetscReal time, PetscBool csv);
PetscErrorCode DioDriveStageProbes_Internal(DioSection *sec, DioDriveProbes *p, Vec u, PetscInt step, PetscReal time,
                                            PetscReal face_x);
PetscErrorCode DioDriveSmearedLining_Internal(DioSection *sec, const DioDriveOptions *o, PetscBool drainage);
PetscErrorCode DioDriveAssumptions_Internal(DioOutput out, DioDriveFlow df);
PetscErrorCode DioDriveOutputOpen_Internal(DioSection *sec, const PetscInt stage[], DioDriveFlow df, PetscBool restart,
                                           PetscInt kept, DioDriveProbes *p, DioOutput *out);
PetscErrorCode DioDriveStageList_Internal(PetscInt num_list_stages, const PetscInt activated[], PetscInt num_stages,
                                          PetscInt lining_layer, DioStageList *list);
PetscErrorCode DioDriveStageName_Internal(const DioDriveOptions *o, PetscInt k, PetscBool advance, DioStage *st);
PetscErrorCode DioDriveDrainedRun_Internal(DioSection *sec, const DioDriveOptions *o, PetscInt num_stages,
                                           const PetscInt stage[], PetscInt every, const char checkpoint_path[],
                                           PetscBool restart, const char restart_path[], DioDriveProbes *p, Vec U);
PetscErrorCode DioDriveCoupledRun_Internal(DioSection *sec, const DioDriveOptions *o, DioDriveFlow df,
                                           PetscInt num_stages, const PetscInt stage[], PetscBool restart,
                                           DioDriveProbes *p, Vec U);
