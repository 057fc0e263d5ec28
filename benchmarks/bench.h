/* SPDX-License-Identifier: BSD-2-Clause
   bench.h: helpers of the diomede benchmark driver (issue 7): the PETSc FE peer of the elasticity problem, the
   STREAM triad, peak memory and wall-clock timing. Benchmark code only; the library never includes it. */
#pragma once
#include <petscdmplex.h>
#include <petscksp.h>

/* What the peer needs: the same mesh, element order, load, boundary and tolerance as diomede's run. Material
   constants are already divided by the modulus scale diomede uses (its largest Young's modulus), so the two
   assembled systems are the same numbers in a different dof order. */
typedef struct {
  PetscInt  order;       /* Lagrange order on the tensor cells, 1 or 2 */
  PetscReal lambda, mu;  /* scaled Lame constants (-) */
  PetscReal weight;      /* scaled unit weight rho g / E (1/m), body force -weight along the vertical */
  DMLabel   boundary;    /* face label of the fixed boundary (not owned) */
  PetscInt  boundary_id; /* its value */
  PetscReal rtol;        /* KSP relative tolerance */
  PetscInt  jacobian_repeats;
} BenchPeerSetup;

typedef struct {
  PetscInt           num_dofs;               /* global unknowns (constrained dofs removed) */
  PetscLogDouble     setup_seconds;          /* DMClone, PetscFE, DMCreateDS, DMAddBoundary, sections */
  PetscLogDouble     prealloc_seconds;       /* DMCreateMatrix */
  PetscLogDouble     residual_seconds;       /* residual at u = 0: the right-hand side */
  PetscLogDouble     jacobian_first_seconds; /* first Jacobian into the fresh matrix */
  PetscLogDouble     jacobian_seconds;       /* best of the repeated Jacobians */
  PetscLogDouble     solve_seconds;          /* KSP set-up (GAMG) and solve */
  PetscInt           iterations;
  KSPConvergedReason reason;
  PetscReal          solution_norm, rhs_norm; /* 2-norms, partition and ordering independent */
  PetscLogDouble     peak_bytes;              /* summed over ranks, from the start of the peer */
  PetscLogDouble     matrix_nonzeros;         /* stored nonzeros, all ranks */
} BenchPeerResult;

PetscErrorCode BenchPeerRun(DM dm, const BenchPeerSetup *setup, BenchPeerResult *result);

/* Wall clock of the slowest rank: a barrier before reading the clock. A timed block is
     PetscCall(BenchTime(comm, &t0)); ...; PetscCall(BenchElapsed(comm, t0, &seconds)); */
PetscErrorCode BenchTime(MPI_Comm comm, PetscLogDouble *t);
PetscErrorCode BenchElapsed(MPI_Comm comm, PetscLogDouble t0, PetscLogDouble *seconds);

/* Peak resident memory: reset (Linux /proc/self/clear_refs) and read (VmHWM, else getrusage), summed over ranks. */
PetscErrorCode BenchPeakMemoryReset(MPI_Comm comm, PetscBool *supported);
PetscErrorCode BenchPeakMemoryGet(MPI_Comm comm, PetscLogDouble *bytes_summed);
PetscErrorCode BenchResidentMemoryGet(MPI_Comm comm, PetscLogDouble *bytes_summed);

/* STREAM triad a = b + s c, arrays of n doubles per rank, every rank at once with `threads` OpenMP threads each,
   best of `repetitions`; bytes counted as STREAM does (3 x 8 n per rank, no write-allocate). */
PetscErrorCode BenchStreamTriad(MPI_Comm comm, PetscInt n, PetscInt repetitions, PetscInt threads,
                                PetscReal *bytes_per_second);

/* Speed-up of `threads` OpenMP threads over one on a throughput-bound loop (same total work): about `threads` on
   separate cores, about 1 where the "cores" are hyperthreads of one core or time-shared. This process only. */
PetscErrorCode BenchComputeSpeedup(PetscInt threads, PetscInt iterations, PetscReal *speedup);

/* CPU time of the whole machine (/proc/stat, s, all CPUs) and of this run's ranks (getrusage, summed): the
   difference over a run is what other processes took. Zeros where /proc/stat is missing. */
typedef struct {
  double busy, steal, total; /* machine: busy (user, nice, system, irq, softirq), stolen by the hypervisor, all */
  double own;                /* this run's processes */
} BenchCPUSample;
PetscErrorCode BenchCPUSampleGet(MPI_Comm comm, BenchCPUSample *sample);
