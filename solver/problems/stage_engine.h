/* SPDX-License-Identifier: BSD-2-Clause
   stage_engine.h: declarative construction stages (private to solver/problems): the list read from a case file for an
   imported mesh (stage_list.c) or written by a built-in problem from its keys (a preset: transverse.c), and the engine
   that runs it (stage_engine.c). */
#pragma once
#include "section.h"
#include "dio_heat.h"
#include "dio_thaw.h"

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
  PetscInt        steps;         /* load steps the stage's change is applied in (0: none, a preset's standstill) */
  PetscReal       release;  /* fraction of the out-of-balance force released in the stage (the rest carries over) */
  PetscReal       duration; /* s */
  PetscReal       time_end; /* s, sum of the durations up to this stage */
  PetscBool      *region_active;    /* [num_layers] at the end of the stage */
  PetscBool      *region_activated; /* [num_layers] activated by this stage (stress-free) */
  PetscBool      *region_excavated; /* [num_layers] excavated by this stage */
  PetscBool      *boundary_on;      /* [num_boundaries] at the end of the stage */
  PetscBool      *boundary_applied; /* [num_boundaries] switched on by this stage */
  /* a preset's: the progress line of its solves (empty: the name); given components taken without the equilibrium
     solve (a far field whose out-of-balance on free boundaries the next stage releases) */
  char      description[96];
  PetscBool as_given;
  /* a preset's: the stage's state solved whole from the stress stored at the end of the last stage that is not
     secant (U = that stage's U + u, nothing stored; one load step releasing all): a state that changes with time and
     is computed each time from the same start (the thaw's stiffness and strains) */
  PetscBool secant;
  PetscInt  output_step; /* with the list's by_output_step: the output step the stage ends in */
} DioStage;

/* The stages over the regions (num_layers: the imported mesh's cell groups, or a preset's own regions) and named
   boundaries. */
typedef struct {
  PetscInt  num_stages, num_layers, num_boundaries;
  DioStage *stage;
  PetscInt *region_layer;   /* [num_layers] the material an activated region takes (a layer id); NULL: its own index */
  PetscBool from_zero;      /* the first stage is step 0 of the log and stops say "stage <n> (<name>)" (the presets'
                               numbering); else stages count from 1 by name (a case file's) */
  PetscBool by_output_step; /* a preset's numbering by output steps: the progress lines carry each stage's output_step,
                               stages that share one stop only after the last of them ("output step <n> (<name>)") */
  /* [num_boundaries] a case file's: 2 s (+1: removed) of the first stage switching a boundary without a load, -1:
     none; NULL: nothing to check (DioStageListCheckSwitched()) */
  PetscInt  *boundary_switch;
  PetscBool *shared_flags; /* DioStageListCreateInPlace()'s: the one array every stage's flags point into; NULL: each
                              stage owns its own */
} DioStageList;

PetscErrorCode DioStageListRead(MPI_Comm comm, const DioImportedMesh *im, DioStageList *list, PetscBool *given);
PetscErrorCode DioStageListDestroy(DioStageList *list);
PetscErrorCode DioStageListCheckSwitched(MPI_Comm comm, const DioImportedMesh *im, const DioStageList *list,
                                         const PetscBool switchable[]);
PetscErrorCode DioStageListDefault(const DioImportedMesh *im, DioStageList *list);
PetscErrorCode DioStageListCreate(PetscInt num_stages, PetscInt num_regions, PetscInt num_boundaries,
                                  DioStageList *list);
PetscErrorCode DioStageListCreateInPlace(PetscInt num_stages, PetscInt num_regions, const PetscInt activated[],
                                         DioStageList *list);
PetscErrorCode DioStageEngineRun(MPI_Comm comm, const DioRunInfo *run);

/* What the stages compute (-analysis; stage_heat.c). */
typedef enum { DIO_ANALYSIS_MECHANICS, DIO_ANALYSIS_HEAT, DIO_ANALYSIS_THERMAL_STRESS, DIO_ANALYSIS_THAW } DioAnalysis;
PETSC_EXTERN const char *const DioAnalyses[];

/* A thermal condition on the faces of one "Face Sets" id: a temperature (degC), a heat flux into the domain (W/m2),
   each times a time function's factor when it has one, or convection; none: insulated. */
typedef enum {
  DIO_HEAT_CONDITION_NONE,
  DIO_HEAT_CONDITION_TEMPERATURE,
  DIO_HEAT_CONDITION_FLUX,
  DIO_HEAT_CONDITION_CONVECTION
} DioHeatConditionKind;
typedef struct {
  PetscInt             id;   /* the faces' "Face Sets" value */
  const char          *name; /* for the log (borrowed: lives as long as the heat) */
  DioHeatConditionKind kind;
  PetscReal            value;                /* degC or W/m2 */
  PetscReal            coefficient, ambient; /* convection: W/m2/K, degC */
  DioTimeFunction      tf;                   /* NULL: constant */
} DioHeatCondition;

/* What the heat of the stages computes, whoever describes it (an imported mesh's options, a preset): the analysis,
   steady or transient stages, the uniform initial temperature, the element order, the thermal parameters of every
   layer id and the conditions, one per boundary of the stage list (stages switch them by index). */
typedef struct {
  DioAnalysis       analysis;
  PetscBool         steady;
  PetscReal         initial_temperature; /* degC */
  PetscInt          order;
  PetscInt          num_layers, num_conditions;
  DioHeatMaterial  *materials;  /* [num_layers] */
  DioHeatCondition *conditions; /* [num_conditions] */
  Vec initial_state; /* NULL: the uniform initial_temperature; else the initial temperature (a preset's steady state on
                        the same mesh and order) */
  PetscBool own_log; /* the describer logs the heat itself (a preset): no set-up or per-stage line */
  PetscBool no_eigenstrain; /* thaw: the stiffness only, no thermal or thaw strain (a preset's thaw consolidation) */
  DioThawPoints thaw_points; /* thaw: where the strains are evaluated (-thaw_strain_points) */
  DioExpression initial_field; /* NULL: as above; else the initial temperature T0(x, y, z) (degC) */
  DioExpression field; /* thermal_stress: NULL: the heat is solved; else the temperature T(x, y, z, t) (degC) prescribed
                          at each stage's end, no heat solved (its value at t = 0 the strain-free one) */
  char *field_file; /* thermal_stress: NULL, or a CSV file x,y[,z],temperature (degC) prescribed at every stage's end,
                       no heat solved (the strain-free temperature the initial one) */
} DioStageHeatDescription;
PetscErrorCode DioStageHeatDescriptionFromOptions(DioSection *section, DioStageHeatDescription *desc);
PetscErrorCode DioStageHeatDescriptionDestroy(DioStageHeatDescription *desc);
PetscErrorCode DioStageHeatSetCondition(DioHeat heat, DioHeatCondition *condition, PetscBool on);

typedef struct _n_DioStageHeat *DioStageHeat;
PetscErrorCode                  DioStageHeatCreate(DioSection *section, const DioStageList *list, DioStageHeat *heat);
PetscErrorCode                  DioStageHeatCreateFromDescription(DioStageHeatDescription *desc, DioStageHeat *heat);
PetscErrorCode                  DioStageHeatGetAnalysis(DioStageHeat heat, DioAnalysis *analysis);
PetscErrorCode                  DioStageHeatGetNumConditions(DioStageHeat heat, PetscInt *num_conditions);
PetscErrorCode                  DioStageHeatSetUp(DioSection *section, DioStageHeat heat);
PetscErrorCode                  DioStageHeatGetSwitchable(DioStageHeat heat, PetscBool has[]);
PetscErrorCode DioStageHeatAdvance(DioSection *section, DioStageHeat heat, const DioStage *stage, PetscInt s,
                                   PetscInt num_stages);
PetscErrorCode DioStageHeatCommit(DioSection *section, DioStageHeat heat, const DioStage *stage);
PetscErrorCode DioStageHeatGetState(DioStageHeat heat, DioHeat *dio_heat, Vec *T, DioThawCoupling *coupling);
PetscErrorCode DioStageHeatCheckpointSetUp(DioSection *section, DioStageHeat heat);
PetscErrorCode DioStageHeatRestart(DioSection *section, DioStageHeat heat, const char path[], PetscReal time);
PetscErrorCode DioStageHeatWriteFields(DioSection *section, DioStageHeat heat, DioOutput out);
PetscErrorCode DioStageHeatAddSummary(DioStageHeat heat, DioSummary summary);
PetscErrorCode DioStageHeatDestroy(DioStageHeat *heat);

/* The excess pore pressure output of undrained regions and coupled consolidation (stage_excess.c): the field, its
   running maximum for the summary and in the checkpoints; NULL: neither. */
typedef struct _n_DioStageExcess *DioStageExcess;
PetscErrorCode                    DioStageExcessCreate(DioSection *section, DioStageExcess *excess);
PetscErrorCode DioStageExcessWrite(DioSection *section, DioStageExcess excess, DioOutput out, DioOutputCenter center,
                                   PetscInt num, const PetscReal values[]);
PetscErrorCode DioStageExcessRestart(DioSection *section, DioStageExcess excess, const char path[]);
PetscErrorCode DioStageExcessAddSummary(DioStageExcess excess, DioSummary summary);
PetscErrorCode DioStageExcessDestroy(DioStageExcess *excess);

/* Undrained regions on an imported mesh (stage_drainage.c); NULL: every region drained. */
typedef struct _n_DioStageDrainage *DioStageDrainage;
PetscErrorCode DioStageDrainageCreate(DioSection *section, DioAnalysis analysis, DioStageDrainage *drain);
PetscErrorCode DioStageDrainageSetUp(DioSection *section, DioStageDrainage drain);
PetscErrorCode DioStageDrainageRestart(DioSection *section, DioStageDrainage drain, const char path[]);
PetscErrorCode DioStageDrainageApply(DioSection *section, DioStageDrainage drain);
PetscErrorCode DioStageDrainageActivate(DioStageDrainage drain, const DioStage *stage, PetscInt num_cells,
                                        const PetscInt cell_region[]);
PetscErrorCode DioStageDrainageAccumulate(DioSection *section, DioStageDrainage drain, Vec u);
PetscErrorCode DioStageDrainageWriteFields(DioSection *section, DioStageDrainage drain, DioStageExcess excess,
                                           DioOutput out, const PetscInt cell_layer[], const PetscInt excavated[]);
PetscErrorCode DioStageDrainageDestroy(DioStageDrainage *drain);

/* Coupled consolidation on an imported mesh (stage_flow.c); NULL: no region set to consolidation. */
typedef struct _n_DioStageFlow *DioStageFlow;
PetscErrorCode                  DioStageFlowCreate(DioSection *section, const DioStageList *list, DioAnalysis analysis,
                                                   DioStageFlow *flow);
PetscErrorCode                  DioStageFlowSetUp(DioSection *section, DioStageFlow flow, Vec U);
PetscErrorCode DioStageFlowBeginStage(DioSection *section, DioStageFlow flow, const DioStageList *list, PetscInt s);
PetscErrorCode DioStageFlowGetSwitchable(DioStageFlow flow, PetscBool has[]);
PetscErrorCode DioStageFlowSolve(DioSection *section, DioStageFlow flow, Vec u, PetscInt step, PetscInt num_steps,
                                 const char what[]);
PetscErrorCode DioStageFlowConsolidate(DioSection *section, DioStageFlow flow, const DioStage *stage, PetscInt s,
                                       PetscInt done, Vec U, Vec u, const char checkpoint_path[], PetscBool *stop);
PetscErrorCode DioStageFlowStageDone(DioStageFlow flow, PetscReal time);
PetscErrorCode DioStageFlowRestart(DioSection *section, DioStageFlow flow, const char path[], PetscInt first_stage,
                                   PetscInt *done);
PetscErrorCode DioStageFlowAddSummary(DioSection *section, DioStageFlow flow, DioSummary summary);
PetscErrorCode DioStageFlowWriteFields(DioSection *section, DioStageFlow flow, DioStageExcess excess, DioOutput out);
PetscErrorCode DioStageFlowDestroy(DioStageFlow *flow);

/* What a preset adds to the engine's run (stage_engine.c); a NULL member leaves the engine's own way. */
typedef struct {
  void *ctx;
  /* after the stage's regions are set, before its solves: the preset's own loads (a wall pressure, a wall displacement)
   */
  PetscErrorCode (*stage_loads)(DioSection *section, PetscInt s, void *ctx);
  /* a solve in place of DioSectionSolve() (the transverse section's coupled undrained step) */
  PetscErrorCode (*solve)(DioSection *section, PetscInt s, Vec u, PetscInt step, PetscInt num_steps, const char what[],
                          void *ctx);
  /* the stage's output step and probes in place of the engine's step: U the displacement since the initial state, u
     the stage's last increment before it joins the initial stress (zero after an initial-stress stage) */
  PetscErrorCode (*stage_end)(DioSection *section, DioOutput out, PetscInt s, Vec U, Vec u, const PetscInt excavated[],
                              void *ctx);
  /* after the stage's load steps and their stage_end (a stage without any: a standstill), the preset's own
     consolidation from its step done + 1 on (done > 0: a restart within it, the load steps skipped), its checkpoints
     and stop point; *stop: a signal ended it (the phases of the coupled segment and of the coupled drive, the one hook
     of both) */
  PetscErrorCode (*consolidate)(DioSection *section, DioOutput out, PetscInt s, PetscInt done, Vec U, Vec u,
                                PetscBool *stop, void *ctx);
  /* the checkpoint or stop point after stage s in place of the engine's (the drive's: numbered by excavation stage,
     none after the initial state, with U the displacement since the initial state), and nothing else; a preset with
     consolidate gets neither from the engine (its consolidation writes both) */
  PetscErrorCode (*stage_done)(DioSection *section, PetscInt s, Vec U, PetscBool *stop, void *ctx);
} DioStagePreset;

/* A run of a stage list on a section set up (DioSectionSetUp()). */
typedef struct {
  const DioStageList *list;
  const PetscInt     *cell_region; /* [num_local_cells] the region of each cell, an index into the list's regions */
  DioStageHeat        heat;        /* NULL: mechanics only */
  DioStageDrainage    drainage;    /* NULL: every region drained (the presets apply their own drainage) */
  DioStageFlow        flow;        /* NULL: no coupled consolidation (the presets have their own) */
  DioStageExcess      excess;      /* NULL: no undrained region or consolidation */
  PetscInt            resume_done; /* a restart within stage first_stage's consolidation: its steps done (else 0) */
  DioAnalysis         analysis;
  PetscInt            every;           /* a checkpoint every this many stages, */
  const char         *checkpoint_path; /* into this file; NULL: no checkpoints, a stop point after each stage */
  PetscBool           state_only; /* a preset's restart (a later checkpoint holds the state): the stages' regions, the
                                     preset's loads and an initial stress taken as given only; no solves, outputs, stop
                                     points or checkpoints */
  DioStagePreset preset;
  Vec U_start; /* a preset's restart: the displacement its secant stages start from (the drive's: zero, the checkpoint
                  holding U); NULL: U */
} DioStageRun;
PetscErrorCode DioStageEngineRestoreStages(DioSection *section, const DioStageList *list, PetscInt first_stage,
                                           const PetscInt cell_region[], PetscBool active[], PetscInt excavated[]);
PetscErrorCode DioStageEngineRunStages(DioSection *section, const DioStageRun *run, DioOutput out, PetscInt first_stage,
                                       Vec U, PetscBool *stop, PetscReal *settlement);
