/* SPDX-License-Identifier: BSD-2-Clause
   dio_solver.h: the problems diomede solves, as the executable and the tests call them. */
#pragma once
#include <signal.h>
#include <petscsys.h>

/* Build information written into every output file. */
typedef struct {
  const char *version;      /* diomede version */
  const char *command_line; /* what the user typed, for the run metadata */
  const char *case_file;    /* case file or NULL */
  PetscBool   check_only;   /* validate the inputs, print the help, build nothing */
  volatile sig_atomic_t *stop_requested; /* set by SIGTERM / SIGUSR1: checkpoint and stop after the current stage */
  PetscBool  *stopped;                   /* out: the run stopped early on such a signal */
  PetscBool   check_command;             /* the check command, not the check pass of a run: report the run's size */
} DioRunInfo;

PetscErrorCode DioGeostaticRun(MPI_Comm comm, const DioRunInfo *run);
PetscErrorCode DioLongitudinalDriveRun(MPI_Comm comm, const DioRunInfo *run);
PetscErrorCode DioTransverseSectionRun(MPI_Comm comm, const DioRunInfo *run);
PetscErrorCode DioSegmentDriveRun(MPI_Comm comm, const DioRunInfo *run);
PetscErrorCode DioPermafrostThawRun(MPI_Comm comm, const DioRunInfo *run);
PetscErrorCode DioMeshFileRun(MPI_Comm comm, const DioRunInfo *run);
PetscErrorCode DioConsolidationRun(MPI_Comm comm, const DioRunInfo *run);
PetscErrorCode DioThawConsolidationRun(MPI_Comm comm, const DioRunInfo *run);
/* Runs the problem named by -problem (problem_table.c: geostatic, longitudinal_drive, transverse_section, tbm_segment,
   permafrost_thaw, consolidation, mesh). */
PetscErrorCode DioProblemRun(MPI_Comm comm, const DioRunInfo *run);
PetscErrorCode DioLogStageGet(const char name[], PetscLogStage *stage);
