/* SPDX-License-Identifier: BSD-2-Clause
   section_log.c: the log of a run on a section: log stages, one line (or several) per -progress level, the progress
   line of every solve, and the result ranges a user checks first. */
#include <signal.h>
#include <stdlib.h>
#include <stdarg.h>
#include <petsctime.h>
#include "section.h"

/* A log stage by name, registered on first use so every module can push the same "Mesh" or "Solve". */
PetscErrorCode DioLogStageGet(const char name[], PetscLogStage *stage)
{
  PetscFunctionBegin;
  PetscCall(PetscLogStageGetId(name, stage));
  if (*stage < 0) PetscCall(PetscLogStageRegister(name, stage));
  PetscFunctionReturn(0);
}

/* Global min / max of a strided array. */
PetscErrorCode DioRangeOf(MPI_Comm comm, PetscInt n, PetscInt stride, const PetscReal values[], PetscReal *lo,
                          PetscReal *hi)
{
  PetscReal local[2] = {PETSC_MAX_REAL, PETSC_MAX_REAL}, global[2];

  PetscFunctionBegin;
  for (PetscInt i = 0; i < n; i++) {
    local[0] = PetscMin(local[0], values[i * stride]);
    local[1] = PetscMin(local[1], -values[i * stride]);
  }
  PetscCall(MPIU_Allreduce(local, global, 2, MPIU_REAL, MPI_MIN, comm));
  *lo = global[0];
  *hi = -global[1];
  PetscFunctionReturn(0);
}

/* One log line (or several) on rank 0 when the run's -progress level includes `level`. */
PetscErrorCode DioSectionLog(const DioSection *sec, DioLogLevel level, const char format[], ...)
{
  char    line[2048];
  size_t  length;
  va_list args;

  PetscFunctionBegin;
  if ((PetscInt)level > sec->opts.progress) PetscFunctionReturn(0);
  va_start(args, format);
  PetscCall(PetscVSNPrintf(line, sizeof(line), format, &length, args));
  va_end(args);
  PetscCall(PetscPrintf(sec->comm, "%s", line));
  PetscFunctionReturn(0);
}

/* Test hook (tests/mpi/check_signals_unstaged.py): DIO_TEST_SIGNAL_IN_SOLVE=<step>[:<signal number>] makes rank 0
   raise that signal (default SIGTERM) as the solve of that step starts, i.e. a signal that arrives during a solve. */
static void TestSignalInSolve(MPI_Comm comm, PetscInt step)
{
  const char *hook = getenv("DIO_TEST_SIGNAL_IN_SOLVE");
  PetscMPIInt rank;
  char       *end;
  long        at, number = SIGTERM;

  if (!hook) return;
  at = strtol(hook, &end, 10);
  if (*end == ':') number = strtol(end + 1, NULL, 10);
  if (MPI_Comm_rank(comm, &rank) == MPI_SUCCESS && rank == 0 && at == (long)step) (void)raise((int)number);
}

/* The test hook for a solve a preset makes without DioSectionSolve() (permafrost_flow.c's coupled steps). */
void DioSectionTestSignalInSolve(DioSection *sec, PetscInt step)
{
  TestSignalInSolve(sec->comm, step);
}

/* One solve (stage "Solve") and its progress line: step k/N, time, iterations, wall time, ETA. Collective. */
PetscErrorCode DioSectionSolve(DioSection *sec, Vec u, PetscInt step, PetscInt num_steps, PetscReal time,
                               const char what[])
{
  PetscLogStage     stage_solve;
  DioSolveInfo      info;
  PetscLogDouble    t0, t1;
  const char *const fmt = "[step %3" PetscInt_FMT "/%" PetscInt_FMT "] t = %10.4g d  %-26s KSP %3" PetscInt_FMT
                          " its%s, assembly %.2f s, solve %.2f s, wall %.1f s, ETA %.0f s\n";

  PetscFunctionBegin;
  PetscCall(DioLogStageGet("Solve", &stage_solve));
  PetscCall(PetscTime(&t0));
  PetscCall(PetscLogStagePush(stage_solve));
  TestSignalInSolve(sec->comm, step);
  PetscCall(DioElasticitySolve(sec->elas, u, &info));
  PetscCall(PetscLogStagePop());
  sec->total_iterations += info.iterations;
  sec->total_newton_iterations += info.newton_iterations;
  sec->num_solves++;
  if (info.nonlinear)
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                            "            Newton %3" PetscInt_FMT " its in %" PetscInt_FMT
                            " load increments (%" PetscInt_FMT " cut back), %" PetscInt_FMT
                            " quadrature points yielding\n",
                            info.newton_iterations, info.load_increments, info.cutbacks, info.yielded_points));
  PetscCall(DioSectionLog(sec, DIO_LOG_VERBOSE,
                          "            KSP %s: residual %.3e, right-hand side %.3e (scaled by the largest modulus)\n",
                          KSPConvergedReasons[info.reason], (double)info.residual_norm, (double)info.rhs_norm));
  PetscCall(PetscTime(&t1));
  {
    const PetscLogDouble wall = t1 - sec->t_start, per_step = t1 - t0;
    PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, fmt, step, num_steps, (double)(time / 86400.0), what, info.iterations,
                            info.preconditioner_kept ? " (preconditioner kept)" : "", info.assembly_seconds,
                            info.solve_seconds, wall, (double)(num_steps - step) * per_step));
  }
  PetscFunctionReturn(0);
}

/* Ranges a user checks first in the log. Collective. */
PetscErrorCode DioSectionPrintSummary(DioSection *sec, Vec u)
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscInt         dim  = sec->dim;
  DioElasCellFields      cf;
  PetscReal              lo, hi;

  PetscFunctionBegin;
  PetscCall(DioElasticityComputeCellFields(sec->elas, u, &cf));
  PetscCall(DioRangeOf(sec->comm, topo->num_cells, 6, cf.effective_stress + (dim - 1), &lo, &hi));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL,
                          "[result]    vertical effective stress %.4g .. %.4g MPa (compression negative)\n",
                          (double)(lo / 1e6), (double)(hi / 1e6)));
  PetscCall(DioRangeOf(sec->comm, topo->num_cells, 6, cf.total_stress + (dim - 1), &lo, &hi));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[result]    vertical total stress %.4g .. %.4g MPa\n",
                          (double)(lo / 1e6), (double)(hi / 1e6)));
  PetscCall(DioRangeOf(sec->comm, topo->num_cells, 1, cf.pore_pressure, &lo, &hi));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[result]    pore pressure %.4g .. %.4g MPa\n", (double)(lo / 1e6),
                          (double)(hi / 1e6)));
  PetscCall(DioElasCellFieldsDestroy(&cf));
  PetscFunctionReturn(0);
}
