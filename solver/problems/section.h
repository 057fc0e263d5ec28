/* SPDX-License-Identifier: BSD-2-Clause
   section.h: what every problem on the strait section shares (private to solver/problems): options, the mesh and
   materials, the elasticity discretisation with its boundary conditions and loads, log, output, metadata,
   checkpoints and signals (section.c and section_*.c, one job a file). */
#pragma once
#include <petscdmplex.h>
#include "dio_solver.h"
#include "dio_mesh.h"
#include "dio_io.h"
#include "dio_material.h"
#include "dio_elasticity.h"

typedef struct {
  char                 profile_path[PETSC_MAX_PATH_LEN];
  PetscBool            has_profile;
  PetscInt             order;
  DioBoundaryCondition bc_base, bc_ends, bc_sides, bc_surface;
  DioBoundaryCondition bc_east, bc_north; /* default bc_ends, bc_sides: an end or side of its own (a sample free to expand) */
  PetscInt             progress; /* DioLogLevel: what the log shows */
  DioElasLoads         loads;
  char                 output_dir[PETSC_MAX_PATH_LEN], output_name[PETSC_MAX_PATH_LEN];
  PetscBool            output_overwrite;
} DioSectionOptions;

/* What a run will build and write, counted from the options before anything is built (run_size.c). */
typedef struct {
  DioMeshCount mesh;
  PetscInt     dim, order, num_stages, num_output_steps;
  PetscBool    heat, staged, simplex;
  PetscReal    cells, vertices, dofs;
  PetscReal    vertices_per_cell;     /* of the output's cells: 3 or 4 in 2D, 4 or 8 in 3D */
  PetscReal    nonzeros;              /* of the stiffness matrix (and the heat matrix, if any) */
  PetscReal    factor_bytes;          /* per rank: an LU factor (MUMPS) the run will build; 0: none */
  PetscReal    fallback_factor_bytes; /* per rank: the factor the LU fallback would build if a Krylov solve fails */
  PetscReal    resident_bytes;        /* resident size of rank 0 when the estimate was made */
  PetscReal    memory_per_rank_bytes; /* estimated peak resident size of the busiest rank */
  PetscReal    output_bytes;          /* estimated size of the HDF5 file */
} DioRunSize;

/* A boundary condition or load on a named boundary of an imported mesh (-boundaries_<name>_*; named_boundaries.c). */
typedef enum { DIO_NAMED_BC_FREE, DIO_NAMED_BC_FIXED, DIO_NAMED_BC_ROLLER, DIO_NAMED_BC_DISPLACEMENT, DIO_NAMED_BC_PRESSURE, DIO_NAMED_BC_TRACTION } DioNamedBCKind;
typedef struct {
  DioNamedBCKind kind;
  PetscReal      value[3];            /* pressure: value[0] (Pa); traction (Pa), displacement (m): dim components */
  PetscReal      gradient;            /* pressure: increase with depth below reference_elevation (Pa/m) */
  PetscReal      reference_elevation; /* pressure: elevation (m, vertical axis) where it equals value[0] */
  PetscInt       components;          /* fixed: the components held, bits (0: all; -boundaries_<name>_components) */
  PetscInt       roller_axis;         /* roller: the axis its faces are normal to; -2: it has no face (DioNamedBoundariesCheck) */
  DioTimeFunction time_function;      /* factor on value (and gradient) over time; NULL: constant (-boundaries_<name>_time_function) */
  PetscReal      current[3];          /* displacement: value times the time function at DioImportedMesh.time (m) */
  PetscBool      switched_off;        /* staged runs: its load or prescribed displacement is off in this stage (stage_engine.c) */
} DioNamedBoundary;

/* An imported mesh (-problem mesh): the file, its named regions and what the case file puts on them. */
typedef struct {
  char              path[PETSC_MAX_PATH_LEN];
  DioMeshRegions    regions;
  DioNamedBoundary *boundaries;     /* [regions.num_boundaries] */
  DM                dm;             /* read by DioSectionCreateImported(), handed to DioSectionSetUp() */
  PetscBool         plane_stress;   /* 2D: sigma_zz = 0 (-mech_plane_stress) */
  PetscReal         initial_stress[6];
  PetscBool         has_initial_stress;
  PetscReal         time;           /* s: where DioNamedBoundariesLoad() reads the boundaries' time functions */
  PetscReal         time_end;       /* s: the last load step's time (-time_end) */
  PetscInt          time_steps;     /* load steps at time_end k / time_steps, k = 1..time_steps (-time_steps) */
} DioImportedMesh;

/* The most arrays a problem adds to its checkpoints (permafrost_thaw: the heat's five and its results). */
#define DIO_CHECKPOINT_MAX_EXTRA 12

typedef struct {
  MPI_Comm          comm;
  const DioRunInfo *run;        /* not owned */
  const char       *problem;    /* name written into the output */
  DioSectionOptions opts;
  DioStraitOptions  mesh_opts;
  DioProfile        profile;
  DioMaterialTable  materials;
  DM                dm;         /* NULL in check mode */
  DioElasticity     elas;
  DioMeshTopology   topology;
  PetscInt          dim, num_cells, num_dofs;
  PetscInt          extra_layer; /* id of the extra material (after the profile's layers), -1 if none */
  PetscLogDouble    t_start;    /* wall clock at creation */
  PetscInt          total_iterations, num_solves; /* KSP iterations over the run, earlier parts of a restarted run included */
  PetscLogDouble    wall_before;                  /* wall time of the earlier parts of a restarted run (s) */
  PetscInt          restarts;                     /* how often the run was restarted */
  PetscInt          total_newton_iterations;      /* elastoplastic runs */
  PetscReal         max_plastic_strain;           /* largest equivalent plastic strain (cell average) written */
  PetscReal         checkpoint_minutes;           /* wall-time checkpoint interval, 0 off */
  PetscLogDouble    last_checkpoint;
  DioImportedMesh  *imported;                     /* NULL on the built-in meshes */
  char *model; /* fingerprint of the model (checkpoint/restart), NULL before DioSectionCheckpointOptions() */
  DioRunSize        size;                         /* estimated before the build (DioSectionRunSize()) */
  /* arrays a problem adds to its checkpoints (the consolidation's pore pressure and its node coordinates); borrowed */
  PetscInt          num_checkpoint_extra;
  const char       *checkpoint_extra_names[DIO_CHECKPOINT_MAX_EXTRA];
  Vec               checkpoint_extra[DIO_CHECKPOINT_MAX_EXTRA];
  PetscReal        *checkpoint_centroids; /* cell centroids [num_cells][3], made at the first checkpoint */
  DioCheckpointSides checkpoint_sides;    /* side files of the run's checkpoints; NULL: -checkpoint_side_files false */
} DioSection;

/* Log levels (-progress): quiet shows only start/stop events and the end, verbose adds solver detail. */
typedef enum { DIO_LOG_QUIET, DIO_LOG_NORMAL, DIO_LOG_VERBOSE } DioLogLevel;
/* section.c: the section created, built, set up and destroyed */
PetscErrorCode DioSectionCreate(MPI_Comm comm, const DioRunInfo *run, const char problem[], const char extra_layer[], DioSection *section);
PetscErrorCode DioSectionBuild(DioSection *section);
PetscErrorCode DioSectionCreateImported(MPI_Comm comm, const DioRunInfo *run, const char problem[], DioSection *section);
PetscErrorCode DioSectionSetUp(DioSection *section, DM dm, const char description[], PetscLogDouble mesh_seconds);
PetscErrorCode DioSectionCellLabelValues(const DioSection *section, const char name[], PetscInt values[]);
PetscErrorCode DioSectionDestroy(DioSection *section);
/* section_options.c */
PetscErrorCode DioSectionOptionsRead(MPI_Comm comm, DioSectionOptions *options);
/* section_log.c */
PetscErrorCode DioSectionLog(const DioSection *section, DioLogLevel level, const char format[], ...);
PetscErrorCode DioSectionSolve(DioSection *section, Vec u, PetscInt step, PetscInt num_steps, PetscReal time, const char what[]);
PetscErrorCode DioSectionPrintSummary(DioSection *section, Vec u);
PetscErrorCode DioRangeOf(MPI_Comm comm, PetscInt n, PetscInt stride, const PetscReal values[], PetscReal *lo, PetscReal *hi);
/* section_metadata.c */
PetscErrorCode DioSectionWriteMetadata(DioOutput out, const DioRunInfo *run, const char problem[], PetscInt dim, PetscInt order, DioProfile profile,
                                       DioMaterialTable materials, PetscMPIInt size);
PetscErrorCode DioSectionSummaryBegin(DioSection *section, DioSummary *summary);
/* section_output.c */
PetscErrorCode DioSectionOutputOpen(DioSection *section, const PetscInt stage[], DioOutput *out);
PetscErrorCode DioSectionOutputContinue(DioSection *section, const PetscInt stage[], PetscInt last_step, DioOutput *out, PetscBool *appended);
PetscErrorCode DioSectionOutputStep(DioSection *section, DioOutput out, Vec U, Vec u, PetscInt step, PetscReal time, const PetscInt excavated[],
                                    PetscReal *displacement_vertical_min);
PetscErrorCode DioSectionWriteStepFields(DioSection *section, DioOutput out, Vec U, Vec u, const PetscInt excavated[], PetscReal *displacement_vertical_min);
PetscErrorCode DioSectionOutputSingleStep(DioSection *section, Vec u, PetscReal *displacement_vertical_min);
PetscErrorCode DioSectionFinishSingleStep(DioSection *section, Vec u, const char key[], PetscReal value);
/* section_checkpoint.c */
PetscErrorCode DioSectionCheckpointOptions(DioSection *section, PetscInt *every, char checkpoint_path[], size_t path_size, PetscBool *restart, char restart_path[]);
PetscErrorCode DioSectionCheckpointWrite(DioSection *section, const char path[], PetscInt stage, Vec U);
PetscErrorCode DioSectionCheckpointRead(DioSection *section, const char path[], PetscInt *stage, Vec U);
PetscErrorCode DioSectionCheckpointReadNodeArray(DioSection *section, const char path[], const char coords_name[], const char name[], Vec coords, PetscInt width, Vec values);
PetscErrorCode DioSectionCheckpointReadCellArray(DioSection *section, const char path[], const char name[], PetscInt width, PetscReal values[]);
PetscErrorCode DioSectionCheckpointPoint(DioSection *section, PetscInt count, PetscInt every, const char checkpoint_path[], PetscInt stage,
                                         const char what[], Vec U, PetscBool *stop);
PetscErrorCode DioSectionCheckpointDue(DioSection *section, PetscInt stages, PetscInt every, PetscBool stop, PetscBool *due);
PetscErrorCode DioSectionStageDone(DioSection *section, PetscInt stages, PetscInt every, const char checkpoint_path[], Vec U, PetscBool *stop);
PetscErrorCode DioSectionRestartStage(DioSection *section, const char restart_path[], PetscInt num_stages, PetscInt *stage);
PetscErrorCode DioSectionRestartReport(DioSection *section, const char restart_path[], PetscInt stage);
/* section_checkpoint_values.c: arrays a problem adds to the checkpoints; running values held by rank 0 */
void           DioSectionTestSignalInSolve(DioSection *section, PetscInt step);
PetscErrorCode DioSectionCheckpointAddArray(DioSection *section, const char name[], Vec array);
PetscErrorCode DioSectionCheckpointValuesCreate(DioSection *section, const char name[], PetscInt n, Vec *values);
PetscErrorCode DioSectionCheckpointValuesStore(Vec values, PetscInt n, const PetscReal v[]);
PetscErrorCode DioSectionCheckpointValuesLoad(DioSection *section, const char path[], const char name[], PetscInt n, PetscReal v[]);
/* section_signals.c */
PetscErrorCode DioSectionStopRequested(DioSection *section, PetscBool *stop);
PetscErrorCode DioSectionStopPoint(DioSection *section, const char after[], PetscBool *stop);
/* named_boundaries.c */
PetscErrorCode DioNamedBoundariesRead(MPI_Comm comm, const DioMeshRegions *regions, PetscInt dim, DioNamedBoundary **boundaries);
PetscErrorCode DioNamedBoundariesCheck(DioSection *section);
PetscErrorCode DioNamedBoundariesConstrain(DioSection *section);
PetscErrorCode DioNamedBoundariesLoad(DioSection *section);
PetscErrorCode DioNamedBoundariesDestroy(PetscInt num_boundaries, DioNamedBoundary **boundaries);
/* load_steps.c */
PetscErrorCode DioLoadStepsRead(DioSection *section);
PetscErrorCode DioLoadStepsRun(DioSection *section, Vec u, PetscReal *displacement_vertical_min);
/* run_size.c */
PetscErrorCode DioSectionRunSize(DioSection *section, const DioMeshCount *mesh, PetscInt num_stages,
                                 PetscInt num_output_steps, PetscBool heat, PetscBool staged);
PetscErrorCode DioSectionRunSizeImported(DioSection *section, PetscInt num_stages, PetscInt num_output_steps, PetscBool heat);
/* drainage.c: undrained layers' water stiffness after the initial state; consolidation refused (mechanics problems);
   whether any layer is undrained or consolidation (an imported mesh's runs through the stage engine). */
PetscErrorCode DioSectionApplyDrainage(DioSection *section);
PetscErrorCode DioSectionHasDrainage(DioSection *section, PetscBool *any);
/* section_geometry.c: the tunnel section's ground and bore */
PetscErrorCode DioSectionTunnelBase(const DioSection *section, PetscReal diameter_m, PetscReal *base_elevation_m);
/* Horizontal layers of the profile at distance x along the alignment, from the top down. */
PetscErrorCode DioSectionLayerStackAt(const DioSection *section, PetscReal x, DioLayerStack *stack);
/* 1 if a face of the O-grid whose centroid is at distance r from the bore axis lies on the bore wall of radius R. A
   wall face is a chord of the circle: its centroid lies inside it by the sag R (1 - cos(pi / cells_around)), 1.9 % of
   R for the coarsest grid (16 around; a test |r - R| < 1e-2 R found no wall face there, so no wall pressure, grout
   pressure or wall temperature acted), and on it for curved cells; every other ground or ring face has its vertices
   outside the circle and its centroid beyond 1.001 R, or (faces across the axis) > 15 % of R outside. */
static inline PetscBool DioSectionOnBoreWall(PetscReal r, PetscReal R)
{
  return (PetscBool)(r > 0.95 * R && r < (1.0 + 1e-3) * R);
}

PetscErrorCode DioSectionTunnelGeometry(const DioSection *section, PetscReal chainage_m, PetscReal diameter_m,
                                        PetscReal lining_thickness_m, DioLayerStack *stack,
                                        DioTransverseOptions *topts);
PetscErrorCode DioSectionTunnelGeometryValidate(const DioSection *section, PetscReal chainage_m,
                                                const DioTransverseOptions *topts, PetscBool top_from_depth);
/* lining_forces.c */
PetscErrorCode DioSectionLiningForces(DioSection *section, Vec u, const PetscBool ring[], PetscReal R, PetscReal t, PetscInt n_prefix, const PetscReal prefix[],
                                      DioCSV csv, PetscReal extremes[3]);

/* Groundwater in the transverse section (section_flow.c, issue 14: -flow_model consolidation). */
typedef struct _n_DioSectionFlow *DioSectionFlow;
PetscErrorCode DioSectionFlowDefaults(MPI_Comm comm);
PetscErrorCode DioSectionFlowCreate(DioSection *section, PetscInt dim, PetscReal diameter_m, PetscReal lining_thickness_m, PetscBool geostatic,
                                    const DioLayerStack *stack, DioSectionFlow *gw);
PetscErrorCode DioSectionFlowRestartStep(DioSectionFlow gw, PetscInt num_stages, PetscInt *step);
PetscErrorCode DioSectionFlowOutputContinue(DioSectionFlow gw, const PetscInt stage[], DioOutput *out);
PetscErrorCode DioSectionFlowSetUp(DioSectionFlow gw, const PetscInt tunnel[], const PetscInt removed[], Vec U);
PetscErrorCode DioSectionFlowSolveStage(DioSectionFlow gw, const PetscInt tunnel[], PetscBool excavated, Vec u, PetscInt step, PetscInt num_steps, const char what[]);
PetscErrorCode DioSectionFlowOutputStep(DioSectionFlow gw, DioOutput out, Vec U, Vec u, PetscInt step, PetscReal output_time, PetscReal time, PetscReal dt,
                                        const PetscInt excavated[]);
PetscErrorCode DioSectionFlowConsolidate(DioSectionFlow gw, DioOutput out, Vec U, Vec u, PetscInt first_step, PetscReal time_offset, const PetscInt excavated[]);
/* the 3D segment: the wall condition up to x_end, a stage's consolidation over its duration, the pore pressure */
PetscErrorCode DioSectionFlowSetWallEnd(DioSectionFlow gw, PetscReal x_end);
PetscErrorCode DioSectionFlowConsolidateStageFrom(DioSectionFlow gw, DioOutput out, Vec U, Vec u, PetscInt first_step,
                                                  PetscInt k_first, PetscReal time_start, PetscReal duration,
                                                  PetscInt steps, const PetscInt excavated[], PetscBool *stop);
PetscErrorCode DioSectionFlowCheckpointsOn(DioSectionFlow gw, PetscInt *step);
PetscErrorCode DioSectionFlowRestore(DioSectionFlow gw, DioOutput out, Vec U, Vec u, PetscReal output_time,
                                     const PetscInt excavated[]);
PetscReal      DioSectionFlowStepTime(DioSectionFlow gw, PetscReal duration, PetscInt steps, PetscInt k);
PetscErrorCode DioSectionFlowConsolidateStage(DioSectionFlow gw, DioOutput out, Vec U, Vec u, PetscInt first_step, PetscReal time_start, PetscReal duration,
                                              PetscInt steps, const PetscInt excavated[], PetscBool *stop);
PetscErrorCode DioSectionFlowGetVertexPorePressure(DioSectionFlow gw, PetscReal total[]);
PetscErrorCode DioSectionFlowWallSupport(DioSectionFlow gw, PetscReal support_pressure);
/* a wall the driver labels (a longitudinal drive's strip, section_wall.c) and the surface its settlement is taken on */
PetscErrorCode DioSectionFlowSetWallVertices(DioSectionFlow gw, PetscInt num, const PetscInt vertices[]);
PetscErrorCode DioSectionFlowSetSurface(DioSectionFlow gw, PetscInt num, const PetscInt vertices[]);
const char    *DioSectionFlowWallName(DioSectionFlow gw);
PetscInt       DioSectionFlowNumSteps(DioSectionFlow gw);
PetscReal      DioSectionFlowTimeEnd(DioSectionFlow gw);
PetscErrorCode DioSectionFlowSummary(DioSectionFlow gw, DioSummary summary);
PetscErrorCode DioSectionFlowDestroy(DioSectionFlow *gw);

/* section_wall.c: boundaries drawn by cells (the faces between removed cells and the ground), their vertices */
PetscErrorCode DioSectionLabelRemovedBoundary(DioSection *section, const PetscInt removed[], PetscInt boundary_id,
                                              PetscReal x_end, PetscInt *num_faces);
PetscErrorCode DioSectionBoundaryVertices(const DioSection *section, PetscInt boundary_id, PetscInt *num,
                                          PetscInt **index);
PetscErrorCode DioSectionBoreWallFaces(const DioSection *section, const PetscInt tunnel[], PetscReal radius,
                                       PetscInt points[], PetscInt *num);

/* The TBM's support pressures against the pore pressure in the coupled segment (segment_flow.c). */
typedef struct {
  PetscReal radius, shield_length, grout_length;           /* m */
  PetscReal face_pressure, face_gradient;                  /* Pa at the axis, Pa/m with depth */
  PetscReal grout_pressure, grout_gradient;                /* Pa at the axis, Pa/m with depth */
} DioSegmentSupportGeometry;
typedef struct {
  PetscBool evaluated, has_axis, has_grout;
  PetscReal face_effective_min;      /* Pa: support minus pore pressure, smallest over the face and the run */
  PetscReal face_effective_axis, face_pore_pressure_axis; /* Pa: at the face's axis, the last evaluation */
  PetscReal grout_effective_min;     /* Pa: grout minus pore pressure on the tail void's wall, smallest over the run */
} DioSegmentSupport;
PetscErrorCode DioSegmentSupportAgainstWater(DioSection *section, DioSectionFlow gw, const DioSegmentSupportGeometry *geometry, PetscReal x_face,
                                             DioSegmentSupport *support);
PetscErrorCode DioSegmentSupportSummary(const DioSegmentSupport *support, DioSummary summary);
PetscErrorCode DioSegmentSupportCheckpointArray(DioSection *section, DioSegmentSupport *support, Vec *array);
PetscErrorCode DioSegmentSupportStore(const DioSegmentSupport *support, Vec array);
PetscErrorCode DioSegmentSupportLoad(DioSection *section, const char path[], DioSegmentSupport *support);

/* The time schedule of a coupled drive (tunnel_schedule.c; the segment's and the longitudinal drive's): drive stages
   and standstills, in order, and the restart's place in it. */
#define DIO_TUNNEL_MAX_STANDSTILLS 64
typedef struct {
  PetscInt  stage;                /* drive stages done in the phase (1..number of stages) */
  PetscBool advance;              /* the stage's excavation (an undrained step first); else a standstill */
  PetscInt  first_step, steps;    /* output step of the phase's first step; its consolidation steps */
  PetscReal time_start, duration; /* s since the first stage */
} DioTunnelPhase;
typedef struct {
  PetscInt num_phases, num_standstills, num_outputs; /* num_outputs: output steps, the initial state's included */
  DioTunnelPhase *phase;                                    /* [num_phases] */
  /* -restart: the checkpoint's output step, its phase and the phase's steps done (-1, -1, 0 without) */
  PetscInt restart_step, restart_phase, restart_done;
} DioTunnelSchedule;
PetscErrorCode DioTunnelScheduleCreate(DioSection *section, PetscBool flow, PetscInt num_stages,
                                       PetscReal stage_duration, PetscReal last_duration, PetscInt stage_steps,
                                       PetscReal final_duration, PetscInt final_steps, DioTunnelSchedule *schedule);
PetscErrorCode DioTunnelScheduleDestroy(DioTunnelSchedule *schedule);
PetscInt       DioTunnelPhaseFirstConsolidation(const DioTunnelPhase *phase);
PetscErrorCode DioTunnelScheduleFind(MPI_Comm comm, const DioTunnelSchedule *schedule, const char path[], PetscInt step,
                                     PetscInt *phase, PetscInt *done);
PetscErrorCode DioTunnelScheduleRestartPoint(MPI_Comm comm, DioSectionFlow gw, PetscBool restart, const char path[],
                                             DioTunnelSchedule *schedule);
PetscInt       DioTunnelPhaseFirstStep(const DioTunnelSchedule *schedule, PetscInt p);
PetscErrorCode DioTunnelScheduleRestore(DioSectionFlow gw, const DioTunnelSchedule *schedule, DioOutput out, Vec U,
                                        Vec u, const PetscInt excavated[]);
PetscErrorCode DioTunnelPhaseLogStandstill(const DioSection *section, const DioTunnelPhase *phase, PetscReal x_face);
PetscErrorCode DioTunnelPhaseConsolidate(DioSectionFlow gw, const DioTunnelSchedule *schedule, PetscInt p,
                                         DioOutput out, Vec U, Vec u, const PetscInt excavated[], PetscBool *stop);
PetscErrorCode DioTunnelPhaseStopPoint(DioSection *section, const DioTunnelPhase *phase, PetscBool *stop);

/* The longitudinal drive's groundwater (drive_flow.c, issue 14: -flow_model consolidation). */
typedef struct _n_DioDriveFlow *DioDriveFlow;
PetscErrorCode DioDriveFlowCreate(DioSection *section, PetscReal diameter_m, PetscReal lining_thickness_m,
                                  PetscInt num_stages, PetscReal stage_duration, PetscReal last_duration,
                                  PetscBool restart, const char restart_path[], DioDriveFlow *df);
PetscErrorCode DioDriveFlowOutputOpen(DioDriveFlow df, const PetscInt stage[], DioOutput *out);
PetscErrorCode DioDriveFlowSetUp(DioDriveFlow df, DioOutput out, const PetscInt excavated[], PetscInt num_surface,
                                 const PetscInt surface[], Vec U);
PetscErrorCode DioDriveFlowStripStress(DioDriveFlow df, const PetscBool strip[], const PetscInt excavated[], Vec U);
PetscErrorCode DioDriveFlowSolveUndrained(DioDriveFlow df, Vec u, const DioTunnelPhase *phase, PetscInt num_stages,
                                          const char what[]);
PetscErrorCode DioDriveFlowWriteUndrained(DioDriveFlow df, DioOutput out, Vec U, Vec u, const DioTunnelPhase *phase,
                                          const PetscInt excavated[]);
PetscErrorCode DioDriveFlowConsolidate(DioDriveFlow df, DioOutput out, Vec U, const PetscInt excavated[], PetscInt p,
                                       PetscBool *stop);
PetscErrorCode DioDriveFlowSummary(DioDriveFlow df, PetscReal advance_rate_m_per_day, DioSummary summary);
PetscErrorCode DioDriveFlowDestroy(DioDriveFlow *df);

const DioTunnelSchedule *DioDriveFlowSchedule(DioDriveFlow df);
