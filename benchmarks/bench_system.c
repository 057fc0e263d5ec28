/* SPDX-License-Identifier: BSD-2-Clause
   bench_system.c: what the benchmark measures of the machine itself: wall clock, peak resident memory and the
   STREAM triad bandwidth (after McCalpin's STREAM and PETSc's src/benchmarks/streams/; our own code). */
#include <petsctime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#if defined(__GLIBC__)
#  include <malloc.h>
#endif
#include "bench.h"

PetscErrorCode BenchTime(MPI_Comm comm, PetscLogDouble *t)
{
  PetscFunctionBegin;
  PetscCallMPI(MPI_Barrier(comm));
  PetscCall(PetscTime(t));
  PetscFunctionReturn(0);
}

/* Seconds since t0, a BenchTime() reading, to a BenchTime() reading now (on the slowest rank). Collective. */
PetscErrorCode BenchElapsed(MPI_Comm comm, PetscLogDouble t0, PetscLogDouble *seconds)
{
  PetscLogDouble t1;

  PetscFunctionBegin;
  PetscCall(BenchTime(comm, &t1));
  *seconds = t1 - t0;
  PetscFunctionReturn(0);
}

/* Writing "5" to /proc/self/clear_refs resets VmHWM to the current resident size (Linux >= 4.0). Memory freed
   earlier but kept by malloc would count in every later peak: glibc's malloc_trim() gives it back first. */
PetscErrorCode BenchPeakMemoryReset(MPI_Comm comm, PetscBool *supported)
{
  FILE *file;
  int   ok = 0, all;

  PetscFunctionBegin;
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
  file = fopen("/proc/self/clear_refs", "w");
  if (file != NULL) {
    ok = fputs("5", file) >= 0;
    ok = (fclose(file) == 0) && ok;
  }
  PetscCallMPI(MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, comm));
  if (supported) *supported = all ? PETSC_TRUE : PETSC_FALSE;
  PetscFunctionReturn(0);
}

/* A "VmHWM:" or "VmRSS:" line of /proc/self/status in bytes, -1 if absent. */
static PetscLogDouble StatusBytes(const char key[])
{
  FILE          *file = fopen("/proc/self/status", "r");
  char           line[256];
  size_t         key_length = strlen(key);
  PetscLogDouble kib        = -1;

  if (file == NULL) return -1;
  while (fgets(line, sizeof(line), file) != NULL) {
    if (strncmp(line, key, key_length) == 0) kib = atof(line + key_length);
  }
  fclose(file);
  return kib < 0 ? -1 : kib * 1024.0;
}

/* VmHWM; getrusage's ru_maxrss (peak since start, never reset) where /proc is missing. */
PetscErrorCode BenchPeakMemoryGet(MPI_Comm comm, PetscLogDouble *bytes_summed)
{
  PetscLogDouble local = StatusBytes("VmHWM:");
  struct rusage  usage;

  PetscFunctionBegin;
  if (local < 0 && getrusage(RUSAGE_SELF, &usage) == 0) local = 1024.0 * (PetscLogDouble)usage.ru_maxrss;
  PetscCallMPI(MPI_Allreduce(&local, bytes_summed, 1, MPI_DOUBLE, MPI_SUM, comm));
  PetscFunctionReturn(0);
}

/* VmRSS; PETSc's own resident-size query where /proc is missing. */
PetscErrorCode BenchResidentMemoryGet(MPI_Comm comm, PetscLogDouble *bytes_summed)
{
  PetscLogDouble local = StatusBytes("VmRSS:");

  PetscFunctionBegin;
  if (local < 0) PetscCall(PetscMemoryGetCurrentUsage(&local));
  PetscCallMPI(MPI_Allreduce(&local, bytes_summed, 1, MPI_DOUBLE, MPI_SUM, comm));
  PetscFunctionReturn(0);
}

/* One triad pass; pure, OpenMP inside. Arrays [n]. */
static void Triad(PetscInt n, double *restrict a, const double *restrict b, const double *restrict c, double scalar,
                  int threads)
{
#pragma omp parallel for schedule(static) num_threads(threads)
  for (PetscInt i = 0; i < n; i++) a[i] = b[i] + scalar * c[i];
}

PetscErrorCode BenchStreamTriad(MPI_Comm comm, PetscInt n, PetscInt repetitions, PetscInt threads,
                                PetscReal *bytes_per_second)
{
  double     *a, *b, *c, best = PETSC_MAX_REAL, check = 0, check_global;
  PetscMPIInt size;
  const int   nthreads = (int)threads;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(comm, &size));
  PetscCall(PetscMalloc3(n, &a, n, &b, n, &c));
  /* first touch by the threads that will stream the same pages */
#pragma omp parallel for schedule(static) num_threads(nthreads)
  for (PetscInt i = 0; i < n; i++) {
    a[i] = 0.0;
    b[i] = 1.0;
    c[i] = 2.0;
  }
  for (PetscInt r = 0; r < repetitions; r++) {
    PetscLogDouble t0, t1, local, slowest;
    PetscCall(BenchTime(comm, &t0));
    Triad(n, a, b, c, 3.0, nthreads);
    PetscCall(PetscTime(&t1));
    local = t1 - t0;
    PetscCallMPI(MPI_Allreduce(&local, &slowest, 1, MPI_DOUBLE, MPI_MAX, comm));
    best = PetscMin(best, slowest);
  }
  for (PetscInt i = 0; i < n; i += 4099) check += a[i];
  PetscCallMPI(MPI_Allreduce(&check, &check_global, 1, MPI_DOUBLE, MPI_SUM, comm));
  PetscCheck(check_global > 0, comm, PETSC_ERR_PLIB, "STREAM triad produced %g: the loop did not run", check_global);
  PetscCall(PetscFree3(a, b, c));
  *bytes_per_second = 3.0 * sizeof(double) * (double)n * size / best;
  PetscFunctionReturn(0);
}

/* Independent multiply-add chains (vectorisable, throughput bound); pure. */
static double Chains(PetscInt iterations)
{
  double x[16], sum = 0;

  for (int k = 0; k < 16; k++) x[k] = 1.0 + 1e-3 * k;
  for (PetscInt i = 0; i < iterations; i++) {
    for (int k = 0; k < 16; k++) x[k] = x[k] * 0.9999999 + 1e-7;
  }
  for (int k = 0; k < 16; k++) sum += x[k];
  return sum;
}

PetscErrorCode BenchComputeSpeedup(PetscInt threads, PetscInt iterations, PetscReal *speedup)
{
  PetscLogDouble t0, t1, t2;
  double         sum      = 0;
  const int      nthreads = (int)threads;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  sum += Chains(iterations);
  PetscCall(PetscTime(&t1));
#pragma omp parallel num_threads(nthreads) reduction(+ : sum)
  sum += Chains(iterations / nthreads);
  PetscCall(PetscTime(&t2));
  PetscCheck(sum > 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "compute probe produced %g", sum);
  *speedup = (t1 - t0) / (t2 - t1);
  PetscFunctionReturn(0);
}

PetscErrorCode BenchCPUSampleGet(MPI_Comm comm, BenchCPUSample *sample)
{
  struct rusage usage;
  double        own = 0, tick = (double)sysconf(_SC_CLK_TCK), machine[3] = {0, 0, 0};
  PetscMPIInt   rank;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(sample, sizeof(*sample)));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (getrusage(RUSAGE_SELF, &usage) == 0)
    own = usage.ru_utime.tv_sec + 1e-6 * usage.ru_utime.tv_usec + usage.ru_stime.tv_sec + 1e-6 * usage.ru_stime.tv_usec;
  PetscCallMPI(MPI_Allreduce(&own, &sample->own, 1, MPI_DOUBLE, MPI_SUM, comm));
  if (rank == 0) {
    FILE              *file = fopen("/proc/stat", "r");
    unsigned long long v[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    if (file != NULL) {
      /* cpu  user nice system idle iowait irq softirq steal */
      if (fscanf(file, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
                 &v[7]) == 8) {
        machine[0] = (v[0] + v[1] + v[2] + v[5] + v[6]) / tick;
        machine[1] = v[7] / tick;
        machine[2] = (v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7]) / tick;
      }
      fclose(file);
    }
  }
  PetscCallMPI(MPI_Bcast(machine, 3, MPI_DOUBLE, 0, comm));
  sample->busy  = machine[0];
  sample->steal = machine[1];
  sample->total = machine[2];
  PetscFunctionReturn(0);
}
