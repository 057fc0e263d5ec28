/* SPDX-License-Identifier: BSD-2-Clause
   segment_stages.h: the 3D TBM segment as a preset of the stage engine (private to solver/problems;
   segment_stages.c): its keys, its regions (the ground, and the core and the ring of every slice), the stage list its
   keys write, the cells removed and lined after a number of stages, the face and grout pressures, the probes and the
   engine's hooks (the coupled run's in segment_flow.c). segment.c runs it. */
#pragma once
#include "stage_engine.h"

/* The segment's keys (segment.c reads them). */
typedef struct {
  PetscReal chainage_m, diameter_m, lining_thickness_m;
  PetscReal segment_length_m, stage_length_m, drive_length_m, shield_length_m, grout_length_m;
  PetscReal face_pressure_Pa, face_gradient_Pa_per_m, grout_pressure_Pa, grout_gradient_Pa_per_m;
  PetscReal advance_rate_m_per_day;
  PetscInt  stage_steps;                /* -flow_model consolidation: backward-Euler steps over each stage's duration */
  PetscReal lining_section_m;           /* where the lining forces are taken (m along the drive) */
  PetscBool shield_gap, shield_gap_set; /* bore wall along the shield loaded by the face pressure; set by the user */
} DioSegmentOptions;

/* The preset's state over a run: its cells' regions, what the stages done so far removed and lined, its probes. */
typedef struct {
  const DioSegmentOptions *o;
  PetscInt                 num_slices, num_stages;
  PetscInt                *tunnel;     /* [num_cells] the tunnel label: DIO_TUNNEL_CORE, DIO_TUNNEL_RING, else ground */
  PetscReal               *centroid_x; /* [num_cells] m along the drive */
  PetscInt                *region;     /* [num_cells] ground 0, slice j's core 1 + 2 j, its ring 2 + 2 j */
  PetscInt                *excavated;  /* [num_cells] core and ring up to the face (lined ones too): the flow's
                                          removed cells and the output's field, updated in place */
  PetscBool *lined;                    /* [num_cells] ring cells carrying the lining */
  /* probes: surface vertices above the axis, the slice of -tunnel_lining_section, the CSV files, the results */
  PetscInt    n_axis, *axis_vertices;
  PetscReal  *disp, section_x0;
  PetscBool  *section_ring, section_lined;
  DioCSV      longitudinal, lining_csv;
  PetscReal   max_settlement, lining[3];
  PetscInt    every;           /* drained: a checkpoint every this many stages, */
  const char *checkpoint_path; /* into this file (not owned) */
} DioSegment;

PetscErrorCode DioSegmentCreate(DioSection *section, const DioSegmentOptions *o, PetscReal surface_m,
                                PetscInt num_slices, PetscInt num_stages, DioSegment *seg);
PetscErrorCode DioSegmentStages(const DioSegment *seg, const DioTunnelSchedule *schedule, PetscInt lining_layer,
                                DioStageList *list);
PetscErrorCode DioSegmentStageLoads(DioSection *section, DioSegment *seg, PetscInt stages);
PetscErrorCode DioSegmentSetStage(DioSection *section, DioSegment *seg, PetscInt stages);
PetscErrorCode DioSegmentPressureFaces(DioSection *section, const DioSegment *seg, PetscReal x_face);
PetscErrorCode DioSegmentProbes(DioSection *section, DioSegment *seg, Vec U, Vec u, PetscInt step, PetscReal x_face,
                                PetscBool write);
PetscErrorCode DioSegmentProbeFiles(DioSection *section, DioSegment *seg, PetscBool restart, PetscInt rows_step);
PetscErrorCode DioSegmentPresetHooks(DioSegment *seg, PetscInt every, const char checkpoint_path[],
                                     DioStagePreset *preset);
/* The coupled segment (segment_flow.c). */
PetscErrorCode DioSegmentFlowRun(DioSection *section, DioSegment *seg, const DioStageList *list, DioSectionFlow gw,
                                 const DioTunnelSchedule *schedule, PetscBool restart, const char restart_path[],
                                 const char assumptions[], DioSegmentSupport *support, Vec U);
PetscErrorCode DioSegmentDestroy(DioSegment *seg);
