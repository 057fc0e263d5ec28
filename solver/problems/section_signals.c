/* SPDX-License-Identifier: BSD-2-Clause
   section_signals.c: the safe points where a stop signal (SIGTERM, SIGINT, SIGUSR1) ends a run: has any rank
   received one, and the log line and exit code of a run stopped without a checkpoint. */
#include "section.h"

/* Has any rank received a stop signal? Collective. */
PetscErrorCode DioSectionStopRequested(DioSection *sec, PetscBool *stop)
{
  PetscInt local = sec->run->stop_requested ? (PetscInt)(*sec->run->stop_requested != 0) : 0, global;

  PetscFunctionBegin;
  PetscCall(MPIU_Allreduce(&local, &global, 1, MPIU_INT, MPI_MAX, sec->comm));
  *stop = (PetscBool)(global != 0);
  PetscFunctionReturn(0);
}

/*
  DioSectionStopPoint - a safe point of a run that writes no checkpoint there (the single-solve problems after their
  solve, the transverse section between its stages, the time steps of permafrost_thaw and consolidation): has any
  rank received SIGTERM, SIGINT or SIGUSR1? If so, logs where the run stops and marks it stopped (exit code 75); the
  caller then skips the remaining steps and closes its output and summary as at the end. Collective.
*/
PetscErrorCode DioSectionStopPoint(DioSection *sec, const char after[], PetscBool *stop)
{
  PetscFunctionBegin;
  PetscCall(DioSectionStopRequested(sec, stop));
  /* once only: a run stopped at an earlier point (between load steps) passes its last one too */
  if (*stop && !(sec->run->stopped && *sec->run->stopped)) {
    PetscCall(DioSectionLog(sec, DIO_LOG_QUIET,
                            "[stop]      signal received: stopped after %s; output and summary hold the steps done (no "
                            "checkpoint: this problem "
                            "cannot restart)\n",
                            after));
    if (sec->run->stopped) *sec->run->stopped = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}
