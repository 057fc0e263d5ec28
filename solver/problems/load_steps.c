/* SPDX-License-Identifier: BSD-2-Clause
   load_steps.c: the load steps of -problem mesh: the boundary values of the imported mesh follow their time functions
   (named_boundaries.c) through -time_steps solves at t_k = k -time_end / -time_steps, each one written as a step of
   the output. Quasi-static: time only orders the loads (an elastoplastic run carries its state from step to step). */
#include <petsctime.h>
#include "section.h"

/* The largest number of load steps (each is a solve and an output step). */
#define DIO_LOAD_STEPS_MAX 100000

/*
  DioLoadStepsRead - -time_end (s; default the last time of the boundaries' time functions, 0 without one) and
  -time_steps (default 1), validated, into section->imported. Collective; runs in check mode too.
*/
PetscErrorCode DioLoadStepsRead(DioSection *sec)
{
  DioImportedMesh *im         = sec->imported;
  PetscReal        last_table = 0.0;
  PetscBool        has_end, has_steps, has_table = PETSC_FALSE;
  const char      *last_source = NULL;

  PetscFunctionBegin;
  for (PetscInt b = 0; b < im->regions.num_boundaries; b++) {
    PetscReal first, last;
    if (im->boundaries[b].time_function == NULL) continue;
    PetscCall(DioTimeFunctionGetRange(im->boundaries[b].time_function, &first, &last));
    if (!has_table || last > last_table)
      PetscCall(DioTimeFunctionGetSource(im->boundaries[b].time_function, &last_source));
    last_table = has_table ? PetscMax(last_table, last) : last;
    has_table  = PETSC_TRUE;
  }
  im->time_end   = PetscMax(last_table, 0.0);
  im->time_steps = 1;
  PetscOptionsBegin(sec->comm, NULL, "Load steps of an imported mesh", "time");
  PetscCall(PetscOptionsReal(
      "-time_end",
      "Time of the last load step (s; default the last time of the boundaries' time functions, 0 without one)", "",
      im->time_end, &im->time_end, &has_end));
  PetscCall(PetscOptionsInt("-time_steps", "Load steps, at time_end k / time_steps for k = 1..time_steps (default 1)",
                            "", im->time_steps, &im->time_steps, &has_steps));
  PetscOptionsEnd();
  PetscCheck(!PetscIsInfOrNanReal(im->time_end) && im->time_end >= 0.0, sec->comm, PETSC_ERR_USER_INPUT,
             "-time_end = %g: must be >= 0 s", (double)im->time_end);
  PetscCheck(im->time_steps >= 1 && im->time_steps <= DIO_LOAD_STEPS_MAX, sec->comm, PETSC_ERR_USER_INPUT,
             "-time_steps = %" PetscInt_FMT ": must be in [1, %d]", im->time_steps, DIO_LOAD_STEPS_MAX);
  PetscCheck(im->time_steps == 1 || im->time_end > 0.0, sec->comm, PETSC_ERR_USER_INPUT,
             "-time_steps = %" PetscInt_FMT " needs -time_end > 0 s (the steps are at time_end k / time_steps)%s",
             im->time_steps, has_table ? "" : "; no boundary has a time function (-boundaries_<name>_time_function)");
  if (has_end && has_table && im->time_end < last_table)
    PetscCall(DioSectionLog(
        sec, DIO_LOG_QUIET,
        "[warning]   -time_end %g s is before the last time %g s of %s: the rest of that table is not reached\n",
        (double)im->time_end, (double)last_table, last_source));
  PetscFunctionReturn(0);
}

/*
  DioLoadStepsRun - the load steps: for k = 1..time_steps the boundary values at t_k (DioNamedBoundariesLoad()), a
  solve, and output step k - 1 at t_k; u holds the last step's solution. Returns the smallest vertical displacement of
  the last step. Collective.
*/
PetscErrorCode DioLoadStepsRun(DioSection *sec, Vec u, PetscReal *displacement_vertical_min)
{
  DioImportedMesh *im = sec->imported;
  DioOutput        out;
  PetscLogDouble   seconds = 0.0;
  const char      *h5, *xmf;
  PetscInt         steps_done = 0;
  PetscBool        stop       = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(DioSectionOutputOpen(sec, NULL, &out));
  for (PetscInt k = 1; k <= im->time_steps && !stop; k++) {
    PetscLogDouble t0, t1;
    im->time = im->time_end * (PetscReal)k / (PetscReal)im->time_steps;
    PetscCall(DioNamedBoundariesLoad(sec));
    PetscCall(DioSectionSolve(sec, u, k, im->time_steps, im->time, "mesh"));
    PetscCall(PetscTime(&t0));
    PetscCall(DioSectionOutputStep(sec, out, u, u, k - 1, im->time, NULL, displacement_vertical_min));
    PetscCall(PetscTime(&t1));
    seconds += t1 - t0;
    steps_done = k;
    if (k < im->time_steps) {
      char after[64];
      PetscCall(PetscSNPrintf(after, sizeof(after), "load step %" PetscInt_FMT " of %" PetscInt_FMT, k, im->time_steps));
      PetscCall(DioSectionStopPoint(sec, after, &stop));
    }
  }
  PetscCall(DioOutputGetPaths(out, &h5, &xmf));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[output]    %s and %s, %" PetscInt_FMT " step%s, %.2f s\n", h5, xmf,
                          steps_done, steps_done == 1 ? "" : "s", seconds));
  PetscCall(DioOutputDestroy(&out));
  PetscFunctionReturn(0);
}
