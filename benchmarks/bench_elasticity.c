/* SPDX-License-Identifier: BSD-2-Clause
   bench_elasticity.c: diomede's elasticity benchmarks (issue 7; STYLE.md 2.12), one named problem per run:
     DB1  2D Q1 box, DB2  2D Q2 box, DB3  3D Q1 box, DB4  3D Q2 box: the unit square/cube scaled to 100 m with
          -bench_n cells per direction, every face fixed, gravity on a uniform soft rock (E 1 GPa, nu 0.3, 2000 kg/m3);
     DB5  the Bering Strait default case end to end (DioMeshCreateStrait with the -mesh_* defaults, geostatic loads).
   For each run it times, with log stages Mesh, Assembly, Solve, Output (and MatMult, Peer Assembly, Peer Solve):
   mesh build; set-up (discretisation, then the matrix preallocation); assembly (element kernel + MatSetValues,
   threads 1..N); the CG + GAMG solve (rtol 1e-8); the HDF5 write of displacement and stress; peak memory; the
   mat-vec rate against a STREAM triad measured in the same run; and, for DB1-DB4, the same problem through PETSc's
   own FE path (bench_peer.c), checking that both give the same solution and load norms.
   Prints one table row and appends one JSON line per run (-bench_json). Usage: see benchmarks/README.md. */
#include <petsctime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#if defined(_OPENMP)
#  include <omp.h>
#endif
#include "dio_solver.h"
#include "dio_mesh.h"
#include "dio_io.h"
#include "dio_material.h"
#include "dio_elasticity.h"
#include "mat_multiply.h"
#include "bench.h"

#define BENCH_MAX_THREAD_COUNTS 8
#define BENCH_BOX_LENGTH_M      100.0
#define BENCH_BOX_LAYER         "box"
#define BENCH_JSON_SIZE         16384
/* agreement of diomede and the peer: both solve to rtol 1e-8 in the preconditioned norm */
#define BENCH_AGREEMENT_RTOL 1e-6

typedef struct {
  char      problem[8];
  PetscBool box;           /* DB1-DB4 */
  PetscInt  dim, order, n; /* n: cells per direction of the box */
  PetscBool peer, baij, header, system_only;
  PetscInt  matvec_count, assembly_repeats, peer_jacobian_repeats, stream_n, stream_repeats;
  PetscInt  thread_counts[BENCH_MAX_THREAD_COUNTS], num_thread_counts;
  PetscReal rtol;
  char      json_path[PETSC_MAX_PATH_LEN], output_dir[PETSC_MAX_PATH_LEN];
  char      commit[64], machine[128], label[64];
} BenchOptions;

typedef struct {
  PetscLogDouble seconds; /* per MatMult, slowest rank */
  PetscLogDouble bytes;   /* moved per MatMult by the model of MatMultBytes() */
  PetscLogDouble nonzeros;
  PetscLogDouble bytes_aij; /* the AIJ model's bytes (the same as bytes except for diomede's blocked multiply) */
  char           type[32];
} BenchMatMult;

typedef struct {
  PetscInt           num_cells, num_dofs;
  PetscMPIInt        ranks;
  PetscInt           threads;
  PetscLogDouble     mesh_s, setup_s, prealloc_s, assembly_s, rhs_s, solve_s, solve_call_s, fields_s, output_s;
  PetscLogDouble     system_cpu_s; /* CPU s (user + system, largest rank), mesh to the end of the first assembly */
  PetscLogDouble     matrix_s[BENCH_MAX_THREAD_COUNTS], insert_s[BENCH_MAX_THREAD_COUNTS];
  PetscInt           iterations;
  KSPConvergedReason reason;
  PetscReal          solution_norm, rhs_norm;
  PetscLogDouble     output_bytes, peak_bytes, baseline_bytes; /* baseline: resident size before the mesh */
  PetscLogDouble     peak_assembly_bytes, peak_solve_bytes;    /* set-up + assembly; solve */
  PetscLogDouble     peak_output_bytes;                        /* derived fields + HDF5 output (records before
                                                                  2026-12-07 counted it in the solve's peak) */
  PetscLogDouble     resident_solve_start_bytes;               /* resident after the reset before the solve */
  PetscBool          peak_resettable;
  BenchMatMult       matvec, matvec_baij, matvec_dio; /* AIJ with PETSc's multiply, a BAIJ copy, AIJ with diomede's */
  PetscBool          has_baij, has_dio;
  PetscReal          triad_per_rank, triad_all; /* bytes/s: 1 thread per rank (the MatMult bound); every core */
  PetscReal          compute_speedup; /* BenchComputeSpeedup() on every core, one rank runs only; 0 if not run */
  PetscInt           triad_threads;
  BenchPeerResult    peer;
  PetscReal          solution_diff, rhs_diff;
  PetscReal          foreign_cpu, steal; /* share of the machine's CPU time used by other processes / the hypervisor */
} BenchRun;

typedef struct {
  char      cpu_model[128], hostname[128], compiler[128], petsc_version[128], mpi_version[128], date[32];
  long      cores;
  double    memory_gib;
  PetscBool tree_dirty;
} BenchMachine;

static PetscErrorCode BenchOptionsSet(MPI_Comm comm, BenchOptions *o)
{
  const char *const problems[] = {"DB1", "DB2", "DB3", "DB4", "DB5"};
  const PetscInt    dims[] = {2, 2, 3, 3, 2}, orders[] = {1, 2, 1, 2, 1}, default_n[] = {256, 128, 32, 16, 0};
  PetscInt          which = -1;
  PetscBool         set;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(o, sizeof(*o)));
  PetscCall(PetscStrncpy(o->problem, "DB1", sizeof(o->problem)));
  o->matvec_count      = 50;
  o->assembly_repeats  = 1;
  o->stream_n          = 1 << 25; /* 3 arrays of 256 MiB per rank: well beyond this machine's caches */
  o->stream_repeats    = 10;
  o->num_thread_counts = BENCH_MAX_THREAD_COUNTS;
  o->rtol              = 1e-8;
  o->baij              = PETSC_TRUE;
  PetscCall(PetscStrncpy(o->output_dir, "/tmp/diomede-bench", sizeof(o->output_dir)));
  PetscOptionsBegin(comm, NULL, "diomede elasticity benchmark", "bench");
  PetscCall(PetscOptionsString(
      "-bench_problem", "Named problem DB1 (2D Q1), DB2 (2D Q2), DB3 (3D Q1), DB4 (3D Q2), DB5 (Bering Strait default)",
      "", o->problem, o->problem, sizeof(o->problem), NULL));
  for (PetscInt p = 0; p < 5; p++) {
    PetscBool match;
    PetscCall(PetscStrcasecmp(o->problem, problems[p], &match));
    if (match) which = p;
  }
  PetscCheck(which >= 0, comm, PETSC_ERR_USER_INPUT, "-bench_problem %s: must be one of DB1, DB2, DB3, DB4, DB5",
             o->problem);
  PetscCall(PetscStrncpy(o->problem, problems[which], sizeof(o->problem)));
  o->box   = (PetscBool)(which < 4);
  o->dim   = dims[which];
  o->order = orders[which];
  o->n     = default_n[which];
  o->peer  = o->box;
  PetscCall(PetscOptionsInt("-bench_n", "Box problems: cells per direction", "", o->n, &o->n, NULL));
  if (!o->box)
    PetscCall(PetscOptionsInt("-bench_order", "DB5: element order (1: Q1, 2: Q2)", "", o->order, &o->order, NULL));
  PetscCall(PetscOptionsBool("-bench_peer", "Also solve the problem through PETSc's FE path (DB1-DB4)", "", o->peer,
                             &o->peer, NULL));
  PetscCall(
      PetscOptionsBool("-bench_baij", "Also time MatMult on a BAIJ copy of the matrix", "", o->baij, &o->baij, NULL));
  PetscCall(PetscOptionsInt("-bench_matvec_count", "MatMult calls timed", "", o->matvec_count, &o->matvec_count, NULL));
  PetscCall(PetscOptionsInt("-bench_assembly_repeats", "Matrix assemblies timed per thread count (best kept)", "",
                            o->assembly_repeats, &o->assembly_repeats, NULL));
  PetscCall(PetscOptionsInt("-bench_peer_jacobian_repeats", "Peer Jacobians timed after the first (best kept)", "",
                            o->peer_jacobian_repeats, &o->peer_jacobian_repeats, NULL));
  PetscCall(PetscOptionsInt("-bench_stream_n", "STREAM triad array length per rank (doubles)", "", o->stream_n,
                            &o->stream_n, NULL));
  PetscCall(PetscOptionsInt("-bench_stream_repeats", "STREAM triad repetitions (best kept)", "", o->stream_repeats,
                            &o->stream_repeats, NULL));
  PetscCall(PetscOptionsIntArray("-bench_assembly_threads",
                                 "OpenMP thread counts for the assembly scaling (default 1..cores/ranks)", "",
                                 o->thread_counts, &o->num_thread_counts, &set));
  if (!set) o->num_thread_counts = 0;
  for (PetscInt k = 0; k < o->num_thread_counts; k++)
    PetscCheck(o->thread_counts[k] >= 1, comm, PETSC_ERR_USER_INPUT,
               "-bench_assembly_threads: %" PetscInt_FMT " threads: must be >= 1", o->thread_counts[k]);
  PetscCall(PetscOptionsReal("-bench_rtol", "KSP relative tolerance of both solvers", "", o->rtol, &o->rtol, NULL));
  PetscCall(PetscOptionsString("-bench_json", "Append one JSON line per run to this file", "", o->json_path,
                               o->json_path, sizeof(o->json_path), NULL));
  PetscCall(PetscOptionsString("-bench_output_dir", "Directory for the HDF5 output (overwritten)", "", o->output_dir,
                               o->output_dir, sizeof(o->output_dir), NULL));
  PetscCall(PetscOptionsString("-bench_commit", "Commit recorded in the JSON (default: git rev-parse --short HEAD)", "",
                               o->commit, o->commit, sizeof(o->commit), NULL));
  PetscCall(PetscOptionsString("-bench_machine", "Machine name recorded in the JSON (default: host name)", "",
                               o->machine, o->machine, sizeof(o->machine), NULL));
  PetscCall(PetscOptionsString("-bench_label", "Free label of the run (e.g. hybrid)", "", o->label, o->label,
                               sizeof(o->label), NULL));
  PetscCall(PetscOptionsBool("-bench_header", "Print the machine block and the table header first", "", o->header,
                             &o->header, NULL));
  PetscCall(
      PetscOptionsBool("-bench_system_only",
                       "Stop after the first assembly: print its CPU seconds, peak memory and the norms of K and F "
                       "(A/B checks of the set-up)",
                       "", o->system_only, &o->system_only, NULL));
  PetscOptionsEnd();
  PetscCheck(o->order == 1 || o->order == 2, comm, PETSC_ERR_USER_INPUT,
             "-bench_order %" PetscInt_FMT ": must be 1 or 2", o->order);
  PetscCheck(!o->box || o->n >= 1, comm, PETSC_ERR_USER_INPUT, "-bench_n %" PetscInt_FMT ": must be >= 1", o->n);
  PetscCheck(o->matvec_count >= 1 && o->assembly_repeats >= 1 && o->stream_repeats >= 1, comm, PETSC_ERR_USER_INPUT,
             "-bench_matvec_count, -bench_assembly_repeats, -bench_stream_repeats must be >= 1");
  if (!o->box) o->peer = PETSC_FALSE; /* the peer has no layers, pore pressure nor sea load */
  PetscFunctionReturn(0);
}

/* First line of a command's output on rank 0, broadcast; empty if it fails. */
static PetscErrorCode CommandOutput(MPI_Comm comm, const char command[], char value[], size_t size)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  value[0] = 0;
  if (rank == 0) {
    FILE *pipe = popen(command, "r");
    if (pipe != NULL) {
      if (fgets(value, (int)size, pipe) == NULL) value[0] = 0;
      pclose(pipe);
    }
    value[strcspn(value, "\r\n")] = 0;
  }
  PetscCallMPI(MPI_Bcast(value, (PetscMPIInt)size, MPI_CHAR, 0, comm));
  PetscFunctionReturn(0);
}

/* "key : value" from a /proc file, trimmed. */
static void ProcField(const char path[], const char key[], char value[], size_t size)
{
  FILE  *file = fopen(path, "r");
  char   line[512];
  size_t key_length = strlen(key);

  value[0] = 0;
  if (file == NULL) return;
  while (fgets(line, sizeof(line), file) != NULL) {
    char *colon = strchr(line, ':');
    if (strncmp(line, key, key_length) != 0 || colon == NULL) continue;
    colon++;
    while (*colon == ' ' || *colon == '\t') colon++;
    colon[strcspn(colon, "\r\n")] = 0;
    snprintf(value, size, "%s", colon);
    break;
  }
  fclose(file);
}

static PetscErrorCode BenchMachineGet(MPI_Comm comm, BenchOptions *o, BenchMachine *m)
{
  char      buffer[MPI_MAX_LIBRARY_VERSION_STRING], memory[64], status[16];
  int       length;
  time_t    now = time(NULL);
  struct tm utc;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(m, sizeof(*m)));
  ProcField("/proc/cpuinfo", "model name", m->cpu_model, sizeof(m->cpu_model));
  ProcField("/proc/meminfo", "MemTotal", memory, sizeof(memory));
  m->memory_gib = atof(memory) / (1024.0 * 1024.0);
  m->cores      = sysconf(_SC_NPROCESSORS_ONLN);
  if (gethostname(m->hostname, sizeof(m->hostname)) != 0)
    PetscCall(PetscStrncpy(m->hostname, "unknown", sizeof(m->hostname)));
  m->hostname[sizeof(m->hostname) - 1] = 0;
#if defined(__clang__)
  PetscCall(PetscSNPrintf(m->compiler, sizeof(m->compiler), "clang %s", __clang_version__));
#elif defined(__GNUC__)
  PetscCall(PetscSNPrintf(m->compiler, sizeof(m->compiler), "gcc %s", __VERSION__));
#endif
  PetscCall(PetscSNPrintf(m->petsc_version, sizeof(m->petsc_version), "PETSc %d.%d.%d", PETSC_VERSION_MAJOR,
                          PETSC_VERSION_MINOR, PETSC_VERSION_SUBMINOR));
  PetscCallMPI(MPI_Get_library_version(buffer, &length));
  buffer[strcspn(buffer, ",\r\n")] = 0;
  PetscCall(PetscStrncpy(m->mpi_version, buffer, sizeof(m->mpi_version)));
  gmtime_r(&now, &utc);
  strftime(m->date, sizeof(m->date), "%Y-%m-%dT%H:%M:%SZ", &utc);
  if (!o->commit[0])
    PetscCall(CommandOutput(comm, "git -C " DIO_BENCH_SOURCE_DIR " rev-parse --short HEAD 2>/dev/null", o->commit,
                            sizeof(o->commit)));
  if (!o->commit[0]) PetscCall(PetscStrncpy(o->commit, "unknown", sizeof(o->commit)));
  PetscCall(CommandOutput(
      comm, "git -C " DIO_BENCH_SOURCE_DIR " status --porcelain --untracked-files=no 2>/dev/null | head -1", status,
      sizeof(status)));
  m->tree_dirty = (PetscBool)(status[0] != 0);
  if (!o->machine[0]) PetscCall(PetscStrncpy(o->machine, m->hostname, sizeof(o->machine)));
  PetscFunctionReturn(0);
}

/* Unit square/cube scaled to BENCH_BOX_LENGTH_M with n cells per direction, every boundary face labelled
   DIO_BOUNDARY_BASE in "Face Sets" (as tests/verification/mms_elasticity.c), built in parallel (DioMeshCreateBox). */
static PetscErrorCode CreateBox(MPI_Comm comm, PetscInt dim, PetscInt n, DM *dm)
{
  const PetscInt  faces[3] = {n, n, n}, sides[6] = {DIO_BOUNDARY_BASE, DIO_BOUNDARY_BASE, DIO_BOUNDARY_BASE,
                                                    DIO_BOUNDARY_BASE, DIO_BOUNDARY_BASE, DIO_BOUNDARY_BASE};
  const PetscReal lower[3] = {0, 0, 0}, upper[3] = {BENCH_BOX_LENGTH_M, BENCH_BOX_LENGTH_M, BENCH_BOX_LENGTH_M};

  PetscFunctionBegin;
  PetscCall(DioMeshCreateBox(comm, dim, faces, lower, upper, sides, dm));
  PetscFunctionReturn(0);
}

/* Bytes a MatMult moves at least: AIJ 12 per nonzero (value + column index) + row pointers; BAIJ 8 per nonzero +
   one index and one pointer per block; diomede's blocked multiply (mat_multiply.c: AIJ's values and row pointers,
   its own block index) 8 per nonzero + one index per block + AIJ's row pointers + one block row pointer per block
   row; plus reading x and writing y once (ghost values and write-allocate not counted, so the rate is a lower bound
   on the traffic). *bytes_aij: the AIJ model, whatever the multiply. */
static PetscErrorCode MatMultBytes(Mat A, PetscLogDouble nonzeros, PetscLogDouble *bytes, PetscLogDouble *bytes_aij)
{
  PetscInt  rows, bs, dio_bs;
  PetscBool blocked, dio;

  PetscFunctionBegin;
  PetscCall(MatGetSize(A, &rows, NULL));
  PetscCall(MatGetBlockSize(A, &bs));
  PetscCall(PetscObjectTypeCompareAny((PetscObject)A, &blocked, MATSEQBAIJ, MATMPIBAIJ, ""));
  PetscCall(DioMatMultiplyIsInstalled(A, &dio));
  PetscCall(DioMatMultiplyGetBlockSize(A, &dio_bs));
  *bytes_aij = 12.0 * nonzeros + 4.0 * rows + 16.0 * rows;
  if (blocked)
    *bytes = 8.0 * nonzeros + 4.0 * nonzeros / (bs * bs) + 4.0 * rows / bs + 16.0 * rows;
  else if (dio && dio_bs > 1)
    *bytes = 8.0 * nonzeros + 4.0 * nonzeros / (dio_bs * dio_bs) + 4.0 * rows + 4.0 * rows / dio_bs + 16.0 * rows;
  else
    *bytes = *bytes_aij;
  PetscFunctionReturn(0);
}

static PetscErrorCode TimeMatMult(Mat A, PetscInt count, BenchMatMult *result)
{
  MPI_Comm       comm = PetscObjectComm((PetscObject)A);
  Vec            x, y;
  MatInfo        info;
  MatType        type;
  PetscLogDouble t0, t1;

  PetscFunctionBegin;
  PetscCall(MatCreateVecs(A, &x, &y));
  PetscCall(VecSet(x, 1.0));
  for (PetscInt k = 0; k < 2; k++) PetscCall(MatMult(A, x, y)); /* first touch of y, scatter set-up */
  PetscCall(BenchTime(comm, &t0));
  for (PetscInt k = 0; k < count; k++) PetscCall(MatMult(A, x, y));
  PetscCall(BenchTime(comm, &t1));
  result->seconds = (t1 - t0) / count;
  PetscCall(MatGetInfo(A, MAT_GLOBAL_SUM, &info));
  result->nonzeros = info.nz_used;
  PetscCall(MatMultBytes(A, info.nz_used, &result->bytes, &result->bytes_aij));
  PetscCall(MatGetType(A, &type));
  PetscCall(PetscStrncpy(result->type, type, sizeof(result->type)));
  {
    PetscBool dio;
    PetscCall(DioMatMultiplyIsInstalled(A, &dio));
    if (dio) PetscCall(PetscStrlcat(result->type, "+diomede", sizeof(result->type)));
  }
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&y));
  PetscFunctionReturn(0);
}

/* A BAIJ copy of an AIJ matrix with block size bs, preallocated from the union of the block columns of each block
   row. (MatConvert(A, MATBAIJ, ...) in PETSc 3.18 mis-preallocates when the rows of a block have different patterns,
   as diomede's constrained rows do, and grows quadratically: 7.7 s at 132 k dofs.) */
static PetscErrorCode CopyToBAIJ(Mat A, Mat *B)
{
  PetscInt bs, m, n, M, N, rstart, rend, cstart, cend, *d_nnz, *o_nnz, *marker;

  PetscFunctionBegin;
  PetscCall(MatGetBlockSize(A, &bs));
  PetscCall(MatGetLocalSize(A, &m, &n));
  PetscCall(MatGetSize(A, &M, &N));
  PetscCall(MatGetOwnershipRange(A, &rstart, &rend));
  PetscCall(MatGetOwnershipRangeColumn(A, &cstart, &cend));
  PetscCall(PetscCalloc2(m / bs, &d_nnz, m / bs, &o_nnz));
  PetscCall(PetscMalloc1(N / bs, &marker));
  for (PetscInt i = 0; i < N / bs; i++) marker[i] = -1;
  for (PetscInt row = rstart; row < rend; row++) {
    const PetscInt  block_row = (row - rstart) / bs;
    const PetscInt *cols;
    PetscInt        ncols;
    PetscCall(MatGetRow(A, row, &ncols, &cols, NULL));
    for (PetscInt k = 0; k < ncols; k++) {
      const PetscInt block_col = cols[k] / bs;
      if (marker[block_col] == block_row) continue;
      marker[block_col] = block_row;
      if (cols[k] >= cstart && cols[k] < cend)
        d_nnz[block_row]++;
      else
        o_nnz[block_row]++;
    }
    PetscCall(MatRestoreRow(A, row, &ncols, &cols, NULL));
  }
  PetscCall(MatCreate(PetscObjectComm((PetscObject)A), B));
  PetscCall(MatSetSizes(*B, m, n, M, N));
  PetscCall(MatSetBlockSize(*B, bs));
  PetscCall(MatSetType(*B, MATBAIJ));
  PetscCall(MatXAIJSetPreallocation(*B, bs, d_nnz, o_nnz, NULL, NULL));
  PetscCall(MatSetOption(*B, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
  for (PetscInt row = rstart; row < rend; row++) {
    const PetscInt    *cols;
    const PetscScalar *values;
    PetscInt           ncols;
    PetscCall(MatGetRow(A, row, &ncols, &cols, &values));
    PetscCall(MatSetValues(*B, 1, &row, ncols, cols, values, INSERT_VALUES));
    PetscCall(MatRestoreRow(A, row, &ncols, &cols, &values));
  }
  PetscCall(MatAssemblyBegin(*B, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(*B, MAT_FINAL_ASSEMBLY));
  PetscCall(PetscFree(marker));
  PetscCall(PetscFree2(d_nnz, o_nnz));
  PetscFunctionReturn(0);
}

/* Time of an event in a stage on this rank (s); 0 if the event is unknown. */
static PetscErrorCode EventSeconds(PetscLogStage stage, const char name[], PetscLogDouble *seconds)
{
  PetscLogEvent      event;
  PetscEventPerfInfo info;

  PetscFunctionBegin;
  *seconds = 0;
  PetscCall(PetscLogEventGetId(name, &event));
  if (event < 0) PetscFunctionReturn(0);
  PetscCall(PetscLogEventGetPerfInfo(stage, event, &info));
  *seconds = info.time;
  PetscFunctionReturn(0);
}

/* Serial part of a matrix assembly so far in a stage (s): MatSetValues of the element matrices (diomede's event
   DioElasInsert), MatAssemblyBegin/End. */
static PetscErrorCode InsertSeconds(PetscLogStage stage, PetscLogDouble *seconds)
{
  const char *events[] = {"DioElasInsert", "MatAssemblyBegin", "MatAssemblyEnd"};

  PetscFunctionBegin;
  *seconds = 0;
  for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
    PetscLogDouble t;
    PetscCall(EventSeconds(stage, events[i], &t));
    *seconds += t;
  }
  PetscFunctionReturn(0);
}

/* Material of the box: defaults unless the user set them. */
static PetscErrorCode SetBoxMaterialDefaults(void)
{
  const char *defaults[][2] = {{"-materials_" BENCH_BOX_LAYER "_youngs_modulus", "1e9"},
                               {"-materials_" BENCH_BOX_LAYER "_poissons_ratio", "0.3"},
                               {"-materials_" BENCH_BOX_LAYER "_density", "2000"}};

  PetscFunctionBegin;
  for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
    PetscBool set;
    PetscCall(PetscOptionsHasName(NULL, NULL, defaults[i][0], &set));
    if (!set) PetscCall(PetscOptionsSetValue(NULL, defaults[i][0], defaults[i][1]));
  }
  PetscFunctionReturn(0);
}

/* CPU seconds (user + system) this process has used. */
static PetscLogDouble OwnCPUSeconds(void)
{
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return usage.ru_utime.tv_sec + 1e-6 * usage.ru_utime.tv_usec + usage.ru_stime.tv_sec + 1e-6 * usage.ru_stime.tv_usec;
}

/* Mesh and materials of the problem, with the boundary conditions and loads diomede gets. */
static PetscErrorCode CreateProblem(MPI_Comm comm, BenchOptions *o, DM *dm, DioMaterialTable *materials,
                                    DioElasLoads *loads, DioProfile *profile)
{
  PetscFunctionBegin;
  *profile = NULL;
  if (o->box) {
    const char *names[] = {BENCH_BOX_LAYER};
    PetscCall(SetBoxMaterialDefaults());
    PetscCall(DioMaterialTableCreate(comm, 1, names, materials));
    PetscCall(CreateBox(comm, o->dim, o->n, dm));
    loads->gravity       = 9.81;
    loads->water_density = 0;
    loads->water_level   = 0;
    loads->sea_load      = PETSC_FALSE;
    loads->pore_pressure = PETSC_FALSE;
  } else {
    DioStraitOptions   mesh_opts;
    PetscInt           num_layers;
    const char *const *layer_names;
    PetscCall(DioProfileCreateDefault(comm, profile));
    PetscCall(DioProfileGetLayers(*profile, &num_layers, &layer_names));
    PetscCall(DioMaterialTableCreate(comm, num_layers, layer_names, materials));
    PetscCall(DioStraitOptionsSetFromOptions(comm, *profile, &mesh_opts));
    PetscCall(DioMeshCreateStrait(comm, *profile, &mesh_opts, dm));
    PetscCall(DMGetDimension(*dm, &o->dim));
    /* the geostatic problem's defaults (solver/problems/geostatic.c) */
    loads->gravity       = 9.81;
    loads->water_density = 1025.0;
    loads->water_level   = 0.0;
    loads->sea_load      = PETSC_TRUE;
    loads->pore_pressure = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

static PetscErrorCode SetBoundaryConditions(const BenchOptions *o, DioElasticity elas)
{
  PetscFunctionBegin;
  if (o->box)
    PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_BASE, DIO_BC_FIXED));
  else {
    PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_BASE, DIO_BC_FIXED));
    PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_WEST, DIO_BC_ROLLER));
    PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_EAST, DIO_BC_ROLLER));
    if (o->dim == 3) {
      PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_SOUTH, DIO_BC_ROLLER));
      PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_NORTH, DIO_BC_ROLLER));
    }
  }
  PetscFunctionReturn(0);
}

static void SetThreads(PetscInt threads)
{
#if defined(_OPENMP)
  omp_set_num_threads((int)threads);
#endif
}

/* -bench_system_only: one line with the CPU seconds to the assembled system, the wall-clock phases, the peak memory
   and, to every digit, the Frobenius norm of K, |K x| for x = sin(1 + 3 X + 7 Y + 11 Z + component) at every node and
   |F|: a change of the set-up that leaves the system the same leaves these the same, whatever the dof numbering (up
   to the order of the sums). */
static PetscErrorCode PrintSystem(MPI_Comm comm, const BenchOptions *o, DioElasticity elas, Mat K, Vec F, BenchRun *run)
{
  Vec                x, y, X;
  PetscReal          norm_K, norm_Kx, norm_F;
  PetscScalar       *xa;
  const PetscScalar *Xa;
  PetscInt           n;

  PetscFunctionBegin;
  PetscCall(BenchPeakMemoryGet(comm, &run->peak_bytes));
  PetscCall(MatCreateVecs(K, &x, &y));
  PetscCall(DioElasticityGetNodeCoordinates(elas, &X));
  PetscCall(VecGetLocalSize(x, &n));
  PetscCall(VecGetArray(x, &xa));
  PetscCall(VecGetArrayRead(X, &Xa));
  for (PetscInt i = 0; i < n; i += o->dim) {
    const PetscReal Z = o->dim == 3 ? PetscRealPart(Xa[i + 2]) : 0;
    for (PetscInt d = 0; d < o->dim; d++)
      xa[i + d] = PetscSinReal(1 + 3 * PetscRealPart(Xa[i]) + 7 * PetscRealPart(Xa[i + 1]) + 11 * Z + d);
  }
  PetscCall(VecRestoreArrayRead(X, &Xa));
  PetscCall(VecRestoreArray(x, &xa));
  PetscCall(MatMult(K, x, y));
  PetscCall(VecNorm(y, NORM_2, &norm_Kx));
  PetscCall(MatNorm(K, NORM_FROBENIUS, &norm_K));
  PetscCall(VecNorm(F, NORM_2, &norm_F));
  PetscCall(PetscPrintf(
      comm,
      "system %s n=%d %dx%d dofs %d cpu %.3f s mesh %.3f setup %.3f prealloc %.3f asm %.3f s peak %.1f MB "
      "|K|_F %.17g |Kx| %.17g |F| %.17g\n",
      o->problem, (int)o->n, (int)run->ranks, (int)run->threads, (int)run->num_dofs, (double)run->system_cpu_s,
      (double)run->mesh_s, (double)run->setup_s, (double)run->prealloc_s, (double)run->assembly_s,
      run->peak_bytes / 1048576.0, (double)norm_K, (double)norm_Kx, (double)norm_F));
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&y));
  PetscFunctionReturn(0);
}

/* Set-up, preallocation, assembly (threads 1..N), mat-vec. K and F are freed before returning. */
static PetscErrorCode BenchAssembly(MPI_Comm comm, const BenchOptions *o, DioElasticity elas,
                                    PetscLogStage stage_assembly, PetscLogStage stage_matmult, BenchRun *run)
{
  Mat            K;
  Vec            F;
  PetscLogDouble t0;

  PetscFunctionBegin;
  PetscCall(PetscLogStagePush(stage_assembly));
  PetscCall(BenchTime(comm, &t0));
  PetscCall(DioElasticitySetUp(elas));
  PetscCall(BenchElapsed(comm, t0, &run->setup_s));
  PetscCall(DioElasticityGetNumDofs(elas, &run->num_dofs));
  PetscCall(BenchTime(comm, &t0));
  PetscCall(DioElasticityCreateMatrix(elas, &K));
  PetscCall(BenchElapsed(comm, t0, &run->prealloc_s));
  PetscCall(DioElasticityCreateGlobalVector(elas, &F));
  /* the first assembly into the fresh matrix, as a single-solve run does it (the peer's is timed the same way) */
  PetscCall(BenchTime(comm, &t0));
  PetscCall(DioElasticityAssemble(elas, K, F));
  PetscCall(BenchElapsed(comm, t0, &run->assembly_s));
  {
    /* on a shared machine the wall-clock times also count the waits for a core; the CPU time does not (issue 16) */
    PetscLogDouble cpu = OwnCPUSeconds() - run->system_cpu_s;
    PetscCallMPI(MPI_Allreduce(&cpu, &run->system_cpu_s, 1, MPI_DOUBLE, MPI_MAX, comm));
  }
  if (o->system_only) PetscCall(PrintSystem(comm, o, elas, K, F, run));
  if (o->system_only) {
    PetscCall(PetscLogStagePop());
    PetscCall(MatDestroy(&K));
    PetscCall(VecDestroy(&F));
    PetscFunctionReturn(0);
  }

  /* matrix only, per thread count: the element kernel is threaded, the insertion (MatSetValues, assembly) is not */
  for (PetscInt k = 0; k < o->num_thread_counts; k++) {
    PetscLogDouble insert_before, insert_after, insert_local, insert_max, seconds;
    SetThreads(o->thread_counts[k]);
    run->matrix_s[k] = PETSC_MAX_REAL;
    PetscCall(InsertSeconds(stage_assembly, &insert_before));
    for (PetscInt r = 0; r < o->assembly_repeats; r++) {
      PetscCall(BenchTime(comm, &t0));
      PetscCall(DioElasticityAssemble(elas, K, NULL));
      PetscCall(BenchElapsed(comm, t0, &seconds));
      run->matrix_s[k] = PetscMin(run->matrix_s[k], seconds);
    }
    PetscCall(InsertSeconds(stage_assembly, &insert_after));
    insert_local = (insert_after - insert_before) / o->assembly_repeats;
    PetscCallMPI(MPI_Allreduce(&insert_local, &insert_max, 1, MPI_DOUBLE, MPI_MAX, comm));
    run->insert_s[k] = insert_max;
  }
  SetThreads(run->threads);
  PetscCall(BenchTime(comm, &t0));
  PetscCall(DioElasticityAssemble(elas, NULL, F));
  PetscCall(BenchElapsed(comm, t0, &run->rhs_s));
  PetscCall(BenchPeakMemoryGet(comm, &run->peak_bytes));
  PetscCall(PetscLogStagePop());

  PetscCall(PetscLogStagePush(stage_matmult));
  PetscCall(MatViewFromOptions(K, NULL, "-bench_mat_view"));
  /* AIJ with PETSc's multiply (the "matvec" of every record), then with diomede's (-mech_mat_multiply) */
  PetscCall(DioMatSetMultiply(K, DIO_MAT_MULTIPLY_PETSC));
  PetscCall(TimeMatMult(K, o->matvec_count, &run->matvec));
  PetscCall(DioMatSetMultiply(K, DIO_MAT_MULTIPLY_DIOMEDE));
  PetscCall(DioMatMultiplyIsInstalled(K, &run->has_dio));
  if (run->has_dio) PetscCall(TimeMatMult(K, o->matvec_count, &run->matvec_dio));
  if (o->baij) {
    PetscBool scalar;
    PetscCall(PetscObjectTypeCompareAny((PetscObject)K, &scalar, MATSEQAIJ, MATMPIAIJ, ""));
    if (scalar) {
      Mat Kb;
      PetscCall(CopyToBAIJ(K, &Kb));
      PetscCall(TimeMatMult(Kb, o->matvec_count, &run->matvec_baij));
      PetscCall(MatDestroy(&Kb));
      run->has_baij = PETSC_TRUE;
    }
  }
  PetscCall(PetscLogStagePop());
  PetscCall(MatDestroy(&K));
  PetscCall(VecDestroy(&F));
  PetscFunctionReturn(0);
}

/* Displacement and total stress to <output_dir>/<problem>.h5 (replaced), as the geostatic problem writes them. */
static PetscErrorCode BenchOutput(MPI_Comm comm, const BenchOptions *o, DM dm, DioElasticity elas, Vec u, BenchRun *run)
{
  DioMeshTopology   topo;
  DioElasCellFields fields;
  DioOutput         out;
  PetscReal        *displacement;
  const char       *h5, *xmf;
  char              h5_path[PETSC_MAX_PATH_LEN], name[64];
  PetscLogDouble    t0;
  PetscMPIInt       rank;
  double            size = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(BenchTime(comm, &t0));
  PetscCall(DioMeshTopologyCreate(dm, &topo));
  PetscCall(DioElasticityComputeCellFields(elas, u, &fields));
  PetscCall(PetscMalloc1(3 * topo.num_vertices, &displacement));
  PetscCall(DioElasticityGetVertexDisplacement(elas, u, topo.num_vertices, topo.vertex_points, displacement));
  PetscCall(BenchElapsed(comm, t0, &run->fields_s));

  PetscCall(PetscSNPrintf(name, sizeof(name), "bench_%s", o->problem));
  PetscCall(BenchTime(comm, &t0));
  PetscCall(DioOutputCreate(comm, o->output_dir, name, PETSC_TRUE, &out));
  PetscCall(DioOutputSetMetadata(out, "problem", o->problem));
  PetscCall(DioOutputWriteMesh(out, topo.dim, topo.num_vertices, topo.vertex_offset, topo.num_vertices_global,
                               topo.vertex_coords, topo.num_cells, topo.cell_offset, topo.num_cells_global,
                               topo.vertices_per_cell, topo.cell_vertices));
  PetscCall(DioOutputBeginStep(out, 0, 0.0));
  PetscCall(DioOutputWriteField(out, "displacement", DIO_OUTPUT_VERTEX, 3, "m", displacement));
  PetscCall(DioOutputWriteField(out, "stress", DIO_OUTPUT_CELL, 6, "Pa", fields.total_stress));
  PetscCall(DioOutputEndStep(out));
  PetscCall(DioOutputGetPaths(out, &h5, &xmf));
  PetscCall(PetscStrncpy(h5_path, h5, sizeof(h5_path)));
  PetscCall(DioOutputDestroy(&out));
  PetscCall(BenchElapsed(comm, t0, &run->output_s));
  if (rank == 0) {
    struct stat info;
    if (stat(h5_path, &info) == 0) size = (double)info.st_size;
  }
  PetscCallMPI(MPI_Bcast(&size, 1, MPI_DOUBLE, 0, comm));
  run->output_bytes = size;

  PetscCall(PetscFree(displacement));
  PetscCall(DioElasCellFieldsDestroy(&fields));
  PetscCall(DioMeshTopologyDestroy(&topo));
  PetscFunctionReturn(0);
}

/* JSON built into a fixed buffer; PetscCheck on overflow. */
typedef struct {
  char      text[BENCH_JSON_SIZE];
  PetscBool need_comma;
} BenchJSON;

static PetscErrorCode JSONAppend(BenchJSON *j, const char piece[])
{
  size_t length, added;

  PetscFunctionBegin;
  PetscCall(PetscStrlen(j->text, &length));
  PetscCall(PetscStrlen(piece, &added));
  PetscCheck(length + added + 1 < sizeof(j->text), PETSC_COMM_SELF, PETSC_ERR_MEM,
             "benchmark JSON record longer than %d characters", BENCH_JSON_SIZE);
  PetscCall(PetscStrlcat(j->text, piece, sizeof(j->text)));
  PetscFunctionReturn(0);
}

static PetscErrorCode JSONKey(BenchJSON *j, const char key[])
{
  char piece[128];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(piece, sizeof(piece), "%s\"%s\": ", j->need_comma ? ", " : "", key));
  PetscCall(JSONAppend(j, piece));
  j->need_comma = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode JSONReal(BenchJSON *j, const char key[], double value)
{
  char piece[64];

  PetscFunctionBegin;
  PetscCall(JSONKey(j, key));
  if (PetscIsInfOrNanReal(value))
    PetscCall(PetscStrncpy(piece, "null", sizeof(piece)));
  else
    PetscCall(PetscSNPrintf(piece, sizeof(piece), "%.6g", value));
  PetscCall(JSONAppend(j, piece));
  PetscFunctionReturn(0);
}

/* A real with every digit (the norms another peer's run is compared with after the fact, benchmarks/report.py) */
static PetscErrorCode JSONRealExact(BenchJSON *j, const char key[], double value)
{
  char piece[64];

  PetscFunctionBegin;
  PetscCall(JSONKey(j, key));
  PetscCall(PetscSNPrintf(piece, sizeof(piece), "%.17g", PetscIsInfOrNanReal(value) ? 0.0 : value));
  PetscCall(JSONAppend(j, PetscIsInfOrNanReal(value) ? "null" : piece));
  PetscFunctionReturn(0);
}

static PetscErrorCode JSONInt(BenchJSON *j, const char key[], PetscInt64 value)
{
  char piece[32];

  PetscFunctionBegin;
  PetscCall(JSONKey(j, key));
  PetscCall(PetscSNPrintf(piece, sizeof(piece), "%" PetscInt64_FMT, value));
  PetscCall(JSONAppend(j, piece));
  PetscFunctionReturn(0);
}

static PetscErrorCode JSONBool(BenchJSON *j, const char key[], PetscBool value)
{
  PetscFunctionBegin;
  PetscCall(JSONKey(j, key));
  PetscCall(JSONAppend(j, value ? "true" : "false"));
  PetscFunctionReturn(0);
}

static PetscErrorCode JSONString(BenchJSON *j, const char key[], const char value[])
{
  char   piece[512];
  size_t k = 0;

  PetscFunctionBegin;
  PetscCall(JSONKey(j, key));
  piece[k++] = '"';
  for (const char *c = value; *c && k < sizeof(piece) - 3; c++) {
    if (*c == '"' || *c == '\\') piece[k++] = '\\';
    piece[k++] = (*c >= 0 && *c < 32) ? ' ' : *c;
  }
  piece[k++] = '"';
  piece[k]   = 0;
  PetscCall(JSONAppend(j, piece));
  PetscFunctionReturn(0);
}

static PetscErrorCode JSONBegin(BenchJSON *j, const char key[])
{
  PetscFunctionBegin;
  if (key) PetscCall(JSONKey(j, key));
  PetscCall(JSONAppend(j, "{"));
  j->need_comma = PETSC_FALSE;
  PetscFunctionReturn(0);
}

static PetscErrorCode JSONEnd(BenchJSON *j)
{
  PetscFunctionBegin;
  PetscCall(JSONAppend(j, "}"));
  j->need_comma = PETSC_TRUE;
  PetscFunctionReturn(0);
}

static PetscErrorCode JSONMatMult(BenchJSON *j, const char key[], const BenchMatMult *m, PetscReal triad)
{
  PetscFunctionBegin;
  PetscCall(JSONBegin(j, key));
  PetscCall(JSONString(j, "type", m->type));
  PetscCall(JSONReal(j, "seconds", m->seconds));
  PetscCall(JSONReal(j, "nonzeros", m->nonzeros));
  PetscCall(JSONReal(j, "bytes", m->bytes));
  PetscCall(JSONReal(j, "gb_per_s", m->bytes / m->seconds / 1e9));
  PetscCall(JSONReal(j, "fraction_of_triad", m->bytes / m->seconds / triad));
  PetscCall(JSONReal(j, "fraction_of_triad_aij_bytes", m->bytes_aij / m->seconds / triad));
  PetscCall(JSONEnd(j));
  PetscFunctionReturn(0);
}

static PetscErrorCode BenchWriteJSON(MPI_Comm comm, const BenchOptions *o, const BenchMachine *m, const BenchRun *r)
{
  BenchJSON  *j;
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank != 0 || !o->json_path[0]) PetscFunctionReturn(0);
  PetscCall(PetscNew(&j));
  PetscCall(JSONBegin(j, NULL));
  PetscCall(JSONString(j, "problem", o->problem));
  PetscCall(JSONInt(j, "dim", o->dim));
  PetscCall(JSONInt(j, "order", o->order));
  PetscCall(JSONInt(j, "n", o->box ? o->n : 0));
  PetscCall(JSONString(j, "label", o->label));
  PetscCall(JSONInt(j, "cells", r->num_cells));
  PetscCall(JSONInt(j, "dofs", r->num_dofs));
  PetscCall(JSONInt(j, "ranks", r->ranks));
  PetscCall(JSONInt(j, "threads", r->threads));
  PetscCall(JSONReal(j, "mesh_s", r->mesh_s));
  PetscCall(JSONReal(j, "setup_s", r->setup_s));
  PetscCall(JSONReal(j, "prealloc_s", r->prealloc_s));
  PetscCall(JSONReal(j, "assembly_s", r->assembly_s));
  PetscCall(JSONReal(j, "assembled_system_cpu_s", r->system_cpu_s));
  PetscCall(JSONReal(j, "rhs_s", r->rhs_s));
  PetscCall(JSONReal(j, "assembly_dofs_per_s", r->num_dofs / r->assembly_s));
  PetscCall(JSONBegin(j, "matrix_assembly_by_threads"));
  for (PetscInt k = 0; k < o->num_thread_counts; k++) {
    char key[16];
    PetscCall(PetscSNPrintf(key, sizeof(key), "%d", (int)o->thread_counts[k]));
    PetscCall(JSONBegin(j, key));
    PetscCall(JSONReal(j, "total_s", r->matrix_s[k]));
    PetscCall(JSONReal(j, "insert_s", r->insert_s[k]));
    PetscCall(JSONReal(j, "kernel_s", r->matrix_s[k] - r->insert_s[k]));
    PetscCall(JSONEnd(j));
  }
  PetscCall(JSONEnd(j));
  PetscCall(JSONReal(j, "solve_s", r->solve_s));
  PetscCall(JSONReal(j, "solve_call_s", r->solve_call_s));
  PetscCall(JSONInt(j, "iterations", r->iterations));
  PetscCall(JSONString(j, "reason", KSPConvergedReasons[r->reason]));
  PetscCall(JSONRealExact(j, "solution_norm", r->solution_norm));
  PetscCall(JSONRealExact(j, "rhs_norm", r->rhs_norm));
  PetscCall(JSONReal(j, "fields_s", r->fields_s));
  PetscCall(JSONReal(j, "output_s", r->output_s));
  PetscCall(JSONReal(j, "output_mb", r->output_bytes / 1e6));
  PetscCall(JSONReal(j, "output_mb_per_s", r->output_bytes / 1e6 / r->output_s));
  PetscCall(JSONReal(j, "peak_mb", r->peak_bytes / 1e6));
  PetscCall(JSONReal(j, "peak_assembly_mb", r->peak_assembly_bytes / 1e6));
  PetscCall(JSONReal(j, "peak_solve_mb", r->peak_solve_bytes / 1e6));
  PetscCall(JSONReal(j, "peak_output_mb", r->peak_output_bytes / 1e6));
  PetscCall(JSONReal(j, "resident_solve_start_mb", r->resident_solve_start_bytes / 1e6));
  PetscCall(JSONReal(j, "bytes_per_dof", r->peak_bytes / r->num_dofs));
  PetscCall(JSONBool(j, "peak_resettable", r->peak_resettable));
  PetscCall(JSONReal(j, "baseline_mb", r->baseline_bytes / 1e6));
  PetscCall(JSONReal(j, "bytes_per_dof_above_baseline", (r->peak_bytes - r->baseline_bytes) / r->num_dofs));
  PetscCall(JSONReal(j, "triad_gb_per_s", r->triad_per_rank / 1e9));
  PetscCall(JSONReal(j, "triad_all_cores_gb_per_s", r->triad_all / 1e9));
  PetscCall(JSONInt(j, "triad_all_cores_threads", r->triad_threads));
  if (r->compute_speedup > 0) PetscCall(JSONReal(j, "compute_speedup_all_cores", r->compute_speedup));
  PetscCall(JSONMatMult(j, "matvec", &r->matvec, r->triad_per_rank));
  if (r->has_baij) PetscCall(JSONMatMult(j, "matvec_baij", &r->matvec_baij, r->triad_per_rank));
  if (r->has_dio) PetscCall(JSONMatMult(j, "matvec_diomede", &r->matvec_dio, r->triad_per_rank));
  if (o->peer) {
    const BenchPeerResult *p = &r->peer;
    PetscCall(JSONBegin(j, "peer"));
    PetscCall(JSONInt(j, "dofs", p->num_dofs));
    PetscCall(JSONReal(j, "setup_s", p->setup_seconds));
    PetscCall(JSONReal(j, "prealloc_s", p->prealloc_seconds));
    PetscCall(JSONReal(j, "residual_s", p->residual_seconds));
    PetscCall(JSONReal(j, "jacobian_first_s", p->jacobian_first_seconds));
    PetscCall(JSONReal(j, "jacobian_s", p->jacobian_seconds));
    PetscCall(JSONReal(j, "assembly_s", p->jacobian_first_seconds + p->residual_seconds));
    PetscCall(JSONReal(j, "solve_s", p->solve_seconds));
    PetscCall(JSONInt(j, "iterations", p->iterations));
    PetscCall(JSONString(j, "reason", KSPConvergedReasons[p->reason]));
    PetscCall(JSONReal(j, "solution_norm", p->solution_norm));
    PetscCall(JSONReal(j, "rhs_norm", p->rhs_norm));
    PetscCall(JSONReal(j, "peak_mb", p->peak_bytes / 1e6));
    PetscCall(JSONReal(j, "bytes_per_dof", p->peak_bytes / r->num_dofs));
    PetscCall(JSONReal(j, "bytes_per_dof_above_baseline", (p->peak_bytes - r->baseline_bytes) / r->num_dofs));
    PetscCall(JSONReal(j, "matrix_nonzeros", p->matrix_nonzeros));
    PetscCall(JSONEnd(j));
    PetscCall(JSONBegin(j, "ratio"));
    PetscCall(JSONReal(j, "setup", (r->setup_s + r->prealloc_s) / (p->setup_seconds + p->prealloc_seconds)));
    PetscCall(JSONReal(j, "prealloc", r->prealloc_s / p->prealloc_seconds));
    PetscCall(JSONReal(j, "assembly", r->assembly_s / (p->jacobian_first_seconds + p->residual_seconds)));
    PetscCall(JSONReal(j, "solve", r->solve_s / p->solve_seconds));
    PetscCall(JSONReal(j, "peak_memory", r->peak_bytes / p->peak_bytes));
    PetscCall(JSONEnd(j));
    PetscCall(JSONBegin(j, "agreement"));
    PetscCall(JSONReal(j, "solution_norm_rel_diff", r->solution_diff));
    PetscCall(JSONReal(j, "rhs_norm_rel_diff", r->rhs_diff));
    PetscCall(JSONReal(j, "tolerance", BENCH_AGREEMENT_RTOL));
    PetscCall(JSONBool(j, "pass",
                       (PetscBool)(r->solution_diff <= BENCH_AGREEMENT_RTOL && r->rhs_diff <= BENCH_AGREEMENT_RTOL)));
    PetscCall(JSONEnd(j));
  }
  PetscCall(JSONBegin(j, "machine"));
  PetscCall(JSONString(j, "name", o->machine));
  PetscCall(JSONString(j, "cpu", m->cpu_model));
  PetscCall(JSONInt(j, "cores", m->cores));
  PetscCall(JSONReal(j, "memory_gib", m->memory_gib));
  PetscCall(JSONReal(j, "foreign_cpu_fraction", r->foreign_cpu));
  PetscCall(JSONReal(j, "steal_fraction", r->steal));
  PetscCall(JSONEnd(j));
  PetscCall(JSONString(j, "petsc", m->petsc_version));
  PetscCall(JSONString(j, "mpi", m->mpi_version));
  PetscCall(JSONString(j, "compiler", m->compiler));
  PetscCall(JSONString(j, "date", m->date));
  PetscCall(JSONString(j, "commit", o->commit));
  PetscCall(JSONBool(j, "tree_dirty", m->tree_dirty));
  PetscCall(JSONEnd(j));
  {
    FILE *file;
    PetscCall(PetscFOpen(PETSC_COMM_SELF, o->json_path, "a", &file));
    PetscCall(PetscFPrintf(PETSC_COMM_SELF, file, "%s\n", j->text));
    PetscCall(PetscFClose(PETSC_COMM_SELF, file));
  }
  PetscCall(PetscFree(j));
  PetscFunctionReturn(0);
}

static PetscErrorCode BenchPrintHeader(MPI_Comm comm, const BenchOptions *o, const BenchMachine *m)
{
  PetscFunctionBegin;
  PetscCall(
      PetscPrintf(comm, "# machine  %s: %s, %ld cores, %.1f GiB\n", o->machine, m->cpu_model, m->cores, m->memory_gib));
  PetscCall(PetscPrintf(comm, "# software %s, %s, compiler %s\n", m->petsc_version, m->mpi_version, m->compiler));
  PetscCall(PetscPrintf(comm, "# run      %s, commit %s%s\n", m->date, o->commit,
                        m->tree_dirty ? " (+ uncommitted changes)" : ""));
  PetscCall(PetscPrintf(comm, "# times in s (slowest rank); setup = discretisation, prealc = matrix preallocation; asm = "
                              "first matrix + load assembly;\n"
                              "# Mdof/s = dofs / asm; kB/dof = peak resident memory (all ranks) / dofs; mv%% = MatMult "
                              "bytes/s over the STREAM triad\n"
                              "# measured in the run (AIJ / AIJ with diomede's multiply / BAIJ copy); p. = the PETSc FE peer; d/p = diomede / peer "
                              "(setup includes preallocation);\n"
                              "# agree = |u| and |F| of both within 1e-6; busy%% = CPU taken by other processes during "
                              "the run (> 10: disturbed)\n"));
  PetscCall(PetscPrintf(
      comm, "%-13s %9s %5s %6s %6s %6s %6s %6s %7s %4s %7s %6s %8s | %6s %6s %7s %4s | %5s %5s %5s | %-9s %s\n", "run",
      "dofs", "PxT", "mesh", "setup", "prealc", "asm", "Mdof/s", "solve", "its", "outMB/s", "kB/dof", "mv%", "p.set",
      "p.asm", "p.solve", "its", "setup", "asm", "solve", "agree", "busy%"));
  PetscFunctionReturn(0);
}

static PetscErrorCode BenchPrintRow(MPI_Comm comm, const BenchOptions *o, const BenchRun *r)
{
  char name[32], layout[16], matvec[24], peer[64], ratio[32], agree[32];

  PetscFunctionBegin;
  if (o->box)
    PetscCall(PetscSNPrintf(name, sizeof(name), "%s n=%d", o->problem, (int)o->n));
  else
    PetscCall(PetscSNPrintf(name, sizeof(name), "%s %dD Q%d", o->problem, (int)o->dim, (int)o->order));
  PetscCall(PetscSNPrintf(layout, sizeof(layout), "%dx%d", (int)r->ranks, (int)r->threads));
  /* AIJ (PETSc's multiply) / AIJ with diomede's multiply / BAIJ copy; "-" where not run */
  PetscCall(PetscSNPrintf(matvec, sizeof(matvec), "%.0f", 100 * r->matvec.bytes / r->matvec.seconds / r->triad_per_rank));
  if (r->has_dio) {
    char part[8];
    PetscCall(PetscSNPrintf(part, sizeof(part), "/%.0f", 100 * r->matvec_dio.bytes / r->matvec_dio.seconds / r->triad_per_rank));
    PetscCall(PetscStrlcat(matvec, part, sizeof(matvec)));
  } else PetscCall(PetscStrlcat(matvec, "/-", sizeof(matvec)));
  if (r->has_baij) {
    char part[8];
    PetscCall(PetscSNPrintf(part, sizeof(part), "/%.0f", 100 * r->matvec_baij.bytes / r->matvec_baij.seconds / r->triad_per_rank));
    PetscCall(PetscStrlcat(matvec, part, sizeof(matvec)));
  }
  if (o->peer) {
    const BenchPeerResult *p = &r->peer;
    PetscCall(PetscSNPrintf(peer, sizeof(peer), "%6.2f %6.2f %7.2f %4d", p->setup_seconds + p->prealloc_seconds,
                            p->jacobian_first_seconds + p->residual_seconds, p->solve_seconds, (int)p->iterations));
    PetscCall(PetscSNPrintf(ratio, sizeof(ratio), "%5.2f %5.2f %5.2f",
                            (r->setup_s + r->prealloc_s) / (p->setup_seconds + p->prealloc_seconds),
                            r->assembly_s / (p->jacobian_first_seconds + p->residual_seconds),
                            r->solve_s / p->solve_seconds));
    PetscCall(
        PetscSNPrintf(agree, sizeof(agree), "%s %.0e",
                      r->solution_diff <= BENCH_AGREEMENT_RTOL && r->rhs_diff <= BENCH_AGREEMENT_RTOL ? "ok" : "FAIL",
                      (double)PetscMax(r->solution_diff, r->rhs_diff)));
  } else {
    PetscCall(PetscSNPrintf(peer, sizeof(peer), "%6s %6s %7s %4s", "-", "-", "-", "-"));
    PetscCall(PetscSNPrintf(ratio, sizeof(ratio), "%5s %5s %5s", "-", "-", "-"));
    PetscCall(PetscStrncpy(agree, "-", sizeof(agree)));
  }
  PetscCall(PetscPrintf(
      comm, "%-13s %9d %5s %6.2f %6.2f %6.2f %6.3f %6.2f %7.2f %4d %7.0f %6.2f %8s | %s | %s | %-9s %.0f\n", name,
      (int)r->num_dofs, layout, r->mesh_s, r->setup_s, r->prealloc_s, r->assembly_s, r->num_dofs / r->assembly_s / 1e6,
      r->solve_s, (int)r->iterations, r->output_bytes / 1e6 / r->output_s, r->peak_bytes / r->num_dofs / 1e3, matvec,
      peer, ratio, agree, 100 * r->foreign_cpu));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  BenchOptions     o;
  BenchMachine     machine;
  BenchRun        *run;
  DM               dm;
  DioProfile       profile;
  DioMaterialTable materials;
  DioElasLoads     loads;
  DioElasticity    elas;
  DioSolveInfo     info;
  Vec              u;
  PetscLogStage    stage_mesh, stage_assembly, stage_solve, stage_output, stage_matmult;
  PetscLogDouble   t0;
  PetscInt         cores_per_rank;
  PetscBool        agree = PETSC_TRUE;
  BenchCPUSample   cpu_start, cpu_end;

  PetscCall(PetscInitialize(&argc, &argv, NULL, "diomede elasticity benchmarks DB1-DB5 (benchmarks/README.md)\n"));
  PetscCall(PetscLogDefaultBegin()); /* event times for the insertion split, also without -log_view */
  PetscCall(PetscNew(&run));
  PetscCall(BenchOptionsSet(PETSC_COMM_WORLD, &o));
  PetscCall(BenchMachineGet(PETSC_COMM_WORLD, &o, &machine));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &run->ranks));
  run->threads = 1;
#if defined(_OPENMP)
  run->threads = omp_get_max_threads();
#endif
  cores_per_rank = PetscMax(1, (PetscInt)(machine.cores / run->ranks));
  if (!o.num_thread_counts) {
    for (PetscInt t = 1; t <= PetscMin(cores_per_rank, BENCH_MAX_THREAD_COUNTS); t++)
      o.thread_counts[o.num_thread_counts++] = t;
  }
  if (run->ranks * run->threads > machine.cores)
    PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                          "# warning: %d ranks x %d threads > %ld cores: timings are oversubscribed\n", (int)run->ranks,
                          (int)run->threads, machine.cores));
  if (o.header) PetscCall(BenchPrintHeader(PETSC_COMM_WORLD, &o, &machine));
  PetscCall(DioLogStageGet("Mesh", &stage_mesh));
  PetscCall(DioLogStageGet("Assembly", &stage_assembly));
  PetscCall(DioLogStageGet("Solve", &stage_solve));
  PetscCall(DioLogStageGet("Output", &stage_output));
  PetscCall(DioLogStageGet("MatMult", &stage_matmult));
  {
    char rtol[32];
    PetscCall(PetscSNPrintf(rtol, sizeof(rtol), "%g", (double)o.rtol));
    PetscCall(PetscOptionsSetValue(NULL, "-mech_ksp_rtol", rtol));
  }

  PetscCall(BenchCPUSampleGet(PETSC_COMM_WORLD, &cpu_start));
  PetscCall(BenchResidentMemoryGet(PETSC_COMM_WORLD, &run->baseline_bytes));
  PetscCall(PetscLogStagePush(stage_mesh));
  PetscCall(BenchTime(PETSC_COMM_WORLD, &t0));
  run->system_cpu_s = OwnCPUSeconds();
  PetscCall(CreateProblem(PETSC_COMM_WORLD, &o, &dm, &materials, &loads, &profile));
  PetscCall(BenchElapsed(PETSC_COMM_WORLD, t0, &run->mesh_s));
  PetscCall(PetscLogStagePop());
  {
    PetscInt cStart, cEnd, local;
    PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
    local = cEnd - cStart;
    PetscCallMPI(MPI_Allreduce(&local, &run->num_cells, 1, MPIU_INT, MPI_SUM, PETSC_COMM_WORLD));
  }

  /* diomede: set-up, assembly, mat-vec (peak memory from here to the end of the assembly) */
  PetscCall(BenchPeakMemoryReset(PETSC_COMM_WORLD, &run->peak_resettable));
  PetscCall(DioElasticityCreate(dm, o.order, materials, &elas));
  PetscCall(DioElasticitySetLoads(elas, &loads));
  PetscCall(SetBoundaryConditions(&o, elas));
  PetscCall(BenchAssembly(PETSC_COMM_WORLD, &o, elas, stage_assembly, stage_matmult, run));
  if (o.system_only) {
    PetscCall(DioElasticityDestroy(&elas));
    PetscCall(DMDestroy(&dm));
    PetscCall(DioMaterialTableDestroy(&materials));
    PetscCall(DioProfileDestroy(&profile));
    PetscCall(PetscFree(run));
    PetscCall(PetscFinalize());
    return 0;
  }

  /* diomede: the solve as users get it (DioElasticitySolve builds its own matrix again), then the output */
  {
    PetscLogDouble peak_assembly = run->peak_bytes, peak_solve;
    PetscCall(BenchPeakMemoryReset(PETSC_COMM_WORLD, NULL));
    /* what the mesh and the set-up keep, apart from what the solve adds (issue 16: where the memory goes) */
    PetscCall(BenchResidentMemoryGet(PETSC_COMM_WORLD, &run->resident_solve_start_bytes));
    PetscCall(PetscLogStagePush(stage_solve));
    PetscCall(DioElasticityCreateGlobalVector(elas, &u));
    PetscCall(BenchTime(PETSC_COMM_WORLD, &t0));
    PetscCall(DioElasticitySolve(elas, u, &info));
    PetscCall(BenchElapsed(PETSC_COMM_WORLD, t0, &run->solve_call_s));
    PetscCall(PetscLogStagePop());
    run->solve_s      = info.solve_seconds;
    run->iterations   = info.iterations;
    run->reason       = info.reason;
    run->rhs_norm     = info.rhs_norm;
    PetscCall(VecNorm(u, NORM_2, &run->solution_norm));
    /* the output apart: DOLFINx's peer writes none (issue 16) */
    PetscCall(BenchPeakMemoryGet(PETSC_COMM_WORLD, &peak_solve));
    PetscCall(BenchPeakMemoryReset(PETSC_COMM_WORLD, NULL));
    PetscCall(PetscLogStagePush(stage_output));
    PetscCall(BenchOutput(PETSC_COMM_WORLD, &o, dm, elas, u, run));
    PetscCall(PetscLogStagePop());
    PetscCall(BenchPeakMemoryGet(PETSC_COMM_WORLD, &run->peak_output_bytes));
    run->peak_bytes          = PetscMax(PetscMax(peak_assembly, peak_solve), run->peak_output_bytes);
    run->peak_assembly_bytes = peak_assembly;
    run->peak_solve_bytes    = peak_solve;
  }
  /* the peer's peak memory must not count diomede's arrays */
  PetscCall(VecDestroy(&u));
  PetscCall(DioElasticityDestroy(&elas));

  if (o.peer) {
    BenchPeerSetup          peer;
    const DioLayerMaterial *m;
    double                  E, nu;
    PetscCall(DioMaterialTableGetLayer(materials, 0, &m));
    E  = m->youngs_modulus;
    nu = m->poissons_ratio;
    /* diomede divides K and F by its largest Young's modulus; the peer gets the same scaled constants */
    peer.order            = o.order;
    peer.lambda           = nu / ((1 + nu) * (1 - 2 * nu));
    peer.mu               = 1 / (2 * (1 + nu));
    peer.weight           = m->density * loads.gravity / E;
    peer.boundary_id      = DIO_BOUNDARY_BASE;
    peer.rtol             = o.rtol;
    peer.jacobian_repeats = o.peer_jacobian_repeats;
    PetscCall(DMGetLabel(dm, DIO_LABEL_BOUNDARY, &peer.boundary));
    PetscCall(BenchPeerRun(dm, &peer, &run->peer));
    run->solution_diff =
        PetscAbsReal(run->solution_norm - run->peer.solution_norm) / PetscMax(run->solution_norm, PETSC_SMALL);
    run->rhs_diff = PetscAbsReal(run->rhs_norm - run->peer.rhs_norm) / PetscMax(run->rhs_norm, PETSC_SMALL);
    agree         = (PetscBool)(run->solution_diff <= BENCH_AGREEMENT_RTOL && run->rhs_diff <= BENCH_AGREEMENT_RTOL);
  }

  /* the bandwidth bound, last: its arrays would otherwise set the peak memory */
  PetscCall(BenchStreamTriad(PETSC_COMM_WORLD, o.stream_n, o.stream_repeats, 1, &run->triad_per_rank));
  run->triad_threads = cores_per_rank;
  if (cores_per_rank > 1)
    PetscCall(BenchStreamTriad(PETSC_COMM_WORLD, o.stream_n, o.stream_repeats, cores_per_rank, &run->triad_all));
  else
    run->triad_all = run->triad_per_rank;
  if (run->ranks == 1 && cores_per_rank > 1)
    PetscCall(BenchComputeSpeedup(cores_per_rank, 20000000, &run->compute_speedup));

  PetscCall(BenchCPUSampleGet(PETSC_COMM_WORLD, &cpu_end));
  {
    const double total = cpu_end.total - cpu_start.total;
    run->foreign_cpu =
        total > 0 ? PetscMax(0.0, (cpu_end.busy - cpu_start.busy) - (cpu_end.own - cpu_start.own)) / total : -1;
    run->steal = total > 0 ? (cpu_end.steal - cpu_start.steal) / total : -1;
  }
  PetscCall(BenchPrintRow(PETSC_COMM_WORLD, &o, run));
  PetscCall(BenchWriteJSON(PETSC_COMM_WORLD, &o, &machine, run));

  PetscCall(DMDestroy(&dm));
  PetscCall(DioMaterialTableDestroy(&materials));
  PetscCall(DioProfileDestroy(&profile));
  PetscCheck(agree, PETSC_COMM_WORLD, PETSC_ERR_NOT_CONVERGED,
             "diomede and the peer disagree: |u| relative difference %.2e, |F| %.2e (tolerance %.0e)",
             (double)run->solution_diff, (double)run->rhs_diff, BENCH_AGREEMENT_RTOL);
  PetscCall(PetscFree(run));
  PetscCall(PetscFinalize());
  return 0;
}
