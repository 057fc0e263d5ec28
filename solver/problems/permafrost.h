/* SPDX-License-Identifier: BSD-2-Clause
   permafrost.h: the permafrost_thaw preset (private to solver/problems): its keys and stage list (permafrost.c) and
   the heat it adds to the engine's stages (permafrost_heat.c), with -flow_model consolidation the thaw consolidation
   around the bore (permafrost_flow.c). */
#pragma once
#include "stage_engine.h"
#include "dio_heat.h"
#include "dio_thaw.h"

#define DIO_PERMAFROST_MAX_OUTPUT_TIMES 64
#define DIO_SECONDS_PER_YEAR            (365.25 * 86400.0)
/* The heat's conditions, the stage list's boundaries: surface temperature, base flux, the tunnel wall's temperature */
#define DIO_PERMAFROST_NUM_CONDITIONS 3
#define DIO_PERMAFROST_CONDITION_WALL 2

typedef struct {
  PetscReal    chainage_m, diameter_m, lining_thickness_m;
  PetscReal    air_temperature_C, thaw_years;
  PetscReal    output_years[DIO_PERMAFROST_MAX_OUTPUT_TIMES];
  PetscInt     num_outputs;
  PetscReal    surface_land_C, surface_seabed_C, geothermal_flux;
  PetscReal    segment_length_m; /* 0: the 2D transverse section; > 0: a 3D segment of that length */
  PetscInt     segment_slices;
  DioHeatCurve curve;
  PetscBool    consolidation; /* -flow_model consolidation: thaw consolidation (permafrost_flow.c) */
  DioThawPoints thaw_points;  /* -thaw_strain_points */
} DioPermafrostOptions;

/* The coupled thaw consolidation of a run (permafrost_flow.c); NULL: the drained thaw. */
typedef struct _n_DioPermafrostFlow *DioPermafrostFlow;

/* The heat and thaw of a run, the preset's hooks' context (permafrost_heat.c). */
typedef struct {
  const DioPermafrostOptions *o;
  const DioLayerStack        *stack;
  const PetscInt             *tunnel;  /* [num_cells] the tunnel label: DIO_TUNNEL_CORE, DIO_TUNNEL_RING, else ground */
  const DioStageList         *list;    /* the run's stages (borrowed) */
  DioPermafrostFlow           flow;    /* the coupled thaw (owned); NULL: drained */
  PetscBool                   onshore; /* the ground surface above the water level: fresh pore water */
  PetscReal                   surface_C, frozen_thickness_m, per_metre;
  DioStageHeatDescription     desc;       /* materials, conditions (surface, base, tunnel wall), order */
  DioStageHeat                stage_heat; /* the stages' heat (stage_heat.c) */
  DioHeat                     heat;       /* its heat, temperature and coupling, borrowed */
  Vec                         T;
  DioThawCoupling             coupling;
  DioHeatEnergy               last;    /* the heat's counts at the last stage's end (its progress line) */
  Vec                         results; /* the checkpoints' thaw depth, settlement, energy mismatch (rank 0) */
  DioCSV                      csv;
  PetscLogDouble              t_loop;
  PetscReal                   thaw_depth, settlement, energy_error;
} DioPermafrostHeat;

PetscErrorCode DioPermafrostHeatCreate(DioSection *section, const DioPermafrostOptions *o, const DioLayerStack *stack,
                                       const DioTransverseOptions *topts, const PetscInt tunnel[],
                                       DioPermafrostHeat *p);
PetscErrorCode DioPermafrostHeatCheckpointSetUp(DioSection *section, DioPermafrostHeat *p);
PetscErrorCode DioPermafrostHeatRestart(DioSection *section, DioPermafrostHeat *p, const char path[],
                                        const DioStageList *list, PetscInt first_stage);
PetscErrorCode DioPermafrostHeatDestroy(DioPermafrostHeat *p);
PetscErrorCode DioPermafrostStageEnd(DioSection *section, DioOutput out, PetscInt s, Vec U, Vec u,
                                     const PetscInt excavated[], void *ctx);

PetscErrorCode DioPermafrostFlowCreate(DioSection *section, const DioPermafrostOptions *o, const DioLayerStack *stack,
                                       PetscBool restart, DioPermafrostFlow *flow);
PetscInt       DioPermafrostFlowSteps(DioPermafrostFlow flow);
PetscErrorCode DioPermafrostFlowStageLoads(DioSection *section, PetscInt s, void *ctx);
PetscErrorCode DioPermafrostFlowSolve(DioSection *section, PetscInt s, Vec u, PetscInt step, PetscInt num_steps,
                                      const char what[], void *ctx);
PetscErrorCode DioPermafrostFlowWriteFields(DioPermafrostFlow flow, DioOutput out, Vec U, Vec u);
PetscErrorCode DioPermafrostFlowProbe(DioPermafrostFlow flow, PetscInt k, PetscReal time_years, PetscReal thaw_depth);
PetscErrorCode DioPermafrostFlowSummary(DioPermafrostFlow flow, DioSummary summary);
PetscErrorCode DioPermafrostFlowStageDone(DioPermafrostFlow flow);
PetscErrorCode DioPermafrostFlowRestart(DioPermafrostHeat *ph, const char path[], PetscInt first_stage);
PetscErrorCode DioPermafrostFlowDestroy(DioPermafrostFlow *flow);
