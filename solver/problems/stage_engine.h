/* SPDX-License-Identifier: BSD-2-Clause
   stage_engine.h: declarative construction stages on an imported mesh (private to solver/problems): the list read
   from the case file (stage_list.c) and the engine that runs it (stage_engine.c). */
#pragma once
#include "section.h"

/* The initial-stress procedure of the first stage (-stages_<name>_initial_stress). */
typedef enum {
  DIO_STAGE_INITIAL_NONE,
  DIO_STAGE_INITIAL_K0,
  DIO_STAGE_INITIAL_GRAVITY,
  DIO_STAGE_INITIAL_COMPONENTS
} DioStageInitial;
PETSC_EXTERN const char *const DioStageInitials[];

/* One stage: what it changes and the state at its end. Arrays over the mesh's regions (cell groups, layer ids) and
   named boundaries (face groups, id - 1). */
typedef struct {
  char            name[64];
  DioStageInitial initial;
  PetscReal       k0;            /* K0 procedure: sigma'_h / sigma'_v (-) */
  PetscReal       components[6]; /* given components: xx, yy, zz, xy, yz, xz (Pa, tension positive) */
  PetscInt        steps;         /* load steps the stage's change is applied in */
  PetscReal       release;  /* fraction of the out-of-balance force released in the stage (the rest carries over) */
  PetscReal       duration; /* s */
  PetscReal       time_end; /* s, sum of the durations up to this stage */
  PetscBool      *region_active;    /* [num_layers] at the end of the stage */
  PetscBool      *region_activated; /* [num_layers] activated by this stage (stress-free) */
  PetscBool      *region_excavated; /* [num_layers] excavated by this stage */
  PetscBool      *boundary_on;      /* [num_boundaries] at the end of the stage */
  PetscBool      *boundary_applied; /* [num_boundaries] switched on by this stage */
} DioStage;

typedef struct {
  PetscInt  num_stages, num_layers, num_boundaries;
  DioStage *stage;
} DioStageList;

PetscErrorCode DioStageListRead(MPI_Comm comm, const DioImportedMesh *im, DioStageList *list, PetscBool *given);
PetscErrorCode DioStageListDestroy(DioStageList *list);
PetscErrorCode DioStageListDefault(const DioImportedMesh *im, DioStageList *list);
PetscErrorCode DioStageEngineRun(MPI_Comm comm, const DioRunInfo *run);

/* What the stages compute (-analysis; stage_heat.c). */
typedef enum { DIO_ANALYSIS_MECHANICS, DIO_ANALYSIS_HEAT, DIO_ANALYSIS_THERMAL_STRESS, DIO_ANALYSIS_THAW } DioAnalysis;
PETSC_EXTERN const char *const  DioAnalyses[];
typedef struct _n_DioStageHeat *DioStageHeat;
PetscErrorCode                  DioStageHeatCreate(DioSection *section, const DioStageList *list, DioStageHeat *heat);
PetscErrorCode                  DioStageHeatGetAnalysis(DioStageHeat heat, DioAnalysis *analysis);
PetscErrorCode                  DioStageHeatSetUp(DioSection *section, DioStageHeat heat);
PetscErrorCode DioStageHeatAdvance(DioSection *section, DioStageHeat heat, const DioStage *stage, PetscInt s,
                                   PetscInt num_stages);
PetscErrorCode DioStageHeatCommit(DioSection *section, DioStageHeat heat);
PetscErrorCode                  DioStageHeatCheckpointSetUp(DioSection *section, DioStageHeat heat);
PetscErrorCode DioStageHeatRestart(DioSection *section, DioStageHeat heat, const char path[], PetscReal time);
PetscErrorCode DioStageHeatWriteFields(DioSection *section, DioStageHeat heat, DioOutput out);
PetscErrorCode DioStageHeatAddSummary(DioStageHeat heat, DioSummary summary);
PetscErrorCode DioStageHeatDestroy(DioStageHeat *heat);
