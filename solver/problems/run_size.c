/* SPDX-License-Identifier: BSD-2-Clause
   run_size.c: what a run will build and write, counted from the options before anything is built (diomede check
   prints it; diomede run refuses a run that would not fit in memory and warns when its output would not fit on disk).

   The memory model (bytes on the busiest rank, rank 0), from the counts of the mesh and of the discretisation:
     peak = resident + c_fixed + max(mesh_serial, (c_nnz nnz + c_dof dofs + c_cell cells) / ranks)
   resident     what the rank holds when it is asked (libraries, MPI, PETSc, the profile and the tables);
   c_fixed      what every run adds (HDF5, solver objects, MPI buffers);
   nnz          nonzeros of the stiffness matrix: dofs x dim x the nodes a node couples to on a structured grid
                (Q1: 3^dim; Q2: 5^dim at vertices down to 3^dim inside cells, averaged over the node types), plus the
                heat matrix (scalar) when there is one;
   mesh_serial  on several ranks, the whole mesh on rank 0 before it is distributed (it is built there, then sent).
   c_fixed, c_nnz, c_dof and c_cell are a least-squares fit (relative error) to the measured peaks (getrusage) of nine
   runs on one rank (2026-12-07, commit 1d39f09): geostatic 2D Q1 42 k / 168 k cells, 2D Q2 84 k cells, 3D Q1 39 k
   cells; transverse section Q1 25 k cells, Q2 6 k cells; TBM segment 3D Q1 37 k cells, Q2 9 k cells; permafrost thaw
   6 k cells. Their estimated peaks above the resident size lie within 0.86-1.08x of the measured ones. mesh_serial's
   1500 B per cell matches the default geostatic case on 2 ranks (estimate 315 MB, measured 301 MB). Not counted: a
   direct solver's factor (MUMPS, 2D elastoplastic runs). tests/e2e/check_run_size.py checks the model on four other
   runs. */
#include "section.h"

/* Bytes per stiffness nonzero: the AIJ value and column (12 B), diomede's block index, the GAMG hierarchy (Galerkin
   coarse operators, prolongators, the strength graph). */
#define DIO_SIZE_BYTES_PER_NONZERO 18.0
/* Bytes per degree of freedom: solution, right-hand side, Krylov work vectors, local vectors, node maps. */
#define DIO_SIZE_BYTES_PER_DOF 310.0
/* Bytes per cell: the distributed DMPlex (points, cones, supports, coordinates, labels), cell dof maps, quadrature
   state (initial stress), the output topology and one step's cell fields. */
#define DIO_SIZE_BYTES_PER_CELL 520.0
/* Bytes a run adds to the resident size whatever its mesh: HDF5, solver objects, MPI buffers. */
#define DIO_SIZE_BYTES_FIXED 26e6
/* Bytes per cell of the serial mesh on rank 0 before distribution. */
#define DIO_SIZE_BYTES_PER_SERIAL_CELL 1500.0

/* Average number of nodes a node of a Lagrange grid of order `order` couples to (through shared cells), over the
   node types of a structured grid: Q1 3^dim; Q2 vertices 5^dim, cell interiors 3^dim, edges and faces between. */
static PetscReal CoupledNodes(PetscInt dim, PetscInt order)
{
  if (order == 1) return dim == 2 ? 9.0 : 27.0;
  /* per cell: 2D one vertex, two edges, one interior; 3D one vertex, three edges, three faces, one interior */
  return dim == 2 ? (25.0 + 2 * 15.0 + 9.0) / 4.0 : (125.0 + 3 * 75.0 + 3 * 45.0 + 27.0) / 8.0;
}

/* Nodes of the Lagrange grid of order `order` on the counted mesh: vertices (Q1); vertices, edges and cells of the
   base times the 2 slices + 1 node layers of the extrusion (Q2). */
static PetscReal CountNodes(const DioMeshCount *mesh, PetscInt order)
{
  const PetscReal base_edges = mesh->vertices_2d + mesh->cells_2d - 1;

  if (order == 1) return mesh->vertices_2d * (mesh->dim == 3 ? mesh->num_slices + 1 : 1);
  return (mesh->vertices_2d + base_edges + mesh->cells_2d) * (mesh->dim == 3 ? 2 * mesh->num_slices + 1 : 1);
}

/* HDF5 bytes: the mesh once (vertex coordinates, cell connectivity, four static cell fields and the stage), then per
   step the displacement (3 per vertex) and 22 cell values (stress, effective stress, strain: 6 each; pore pressure,
   sigma'_v, sigma'_h, their ratio), plus the excavation flag of staged runs and the heat fields (temperature per
   vertex, four per cell) of the thaw problem; 8 bytes each. */
static PetscReal OutputBytes(const DioRunSize *size)
{
  const PetscReal vpc        = size->mesh.dim == 3 ? 8 : 4;
  const PetscReal once       = size->vertices * 3 * 8 + size->cells * (vpc + 5) * 8;
  PetscReal       per_vertex = 3, per_cell = 22;

  if (size->num_stages > 1 || size->staged) per_cell += 1;
  if (size->heat) {
    per_vertex += 1;
    per_cell += 4;
  }
  return once + size->num_output_steps * 8 * (per_vertex * size->vertices + per_cell * size->cells);
}

/* "12.3 MB" */
static void FormatBytes(PetscReal bytes, char text[], size_t length)
{
  const char *units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  PetscInt    u       = 0;

  while (bytes >= 1000 && u < 5) {
    bytes /= 1000;
    u++;
  }
  (void)PetscSNPrintf(text, length, "%.3g %s", (double)bytes, units[u]);
}

/*@
  DioSectionRunSize - Counts what the run will build (cells, dofs, stages, output steps) from the mesh count, estimates
  the peak memory per rank and the output size, prints them ("[size]" line: always in check mode, at the normal
  progress level in a run), and in a run refuses an estimate above the memory a rank may take and warns when the
  output would exceed the free disk of the output directory. Call it before anything large is built.

  Collective.

  Input: mesh (DioStraitCount(), DioTransverseCount()), num_stages (solves of the problem, initial state included),
  num_output_steps (HDF5 steps), heat (a temperature field besides the mechanics), staged (an excavation flag per step).

  Options:
+ -run_memory_limit <GB>               - memory a rank may take (1e9 bytes); default the machine's (MemAvailable shared
                                         among the node's ranks, or the cgroup limit)
- -run_ignore_memory_estimate <false>  - run even when the estimate exceeds the limit

  Errors: PETSC_ERR_USER_INPUT (exit 1, one line with the numbers) when the estimate exceeds the limit in a run.
@*/
PetscErrorCode DioSectionRunSize(DioSection *sec, const DioMeshCount *mesh, PetscInt num_stages,
                                 PetscInt num_output_steps, PetscBool heat, PetscBool staged)
{
  DioRunSize    *size = &sec->size;
  PetscMPIInt    ranks;
  PetscReal      limit  = -1, free_disk, share, nnz;
  PetscBool      ignore = PETSC_FALSE, limit_set;
  PetscLogDouble resident;
  char           memory_text[32], limit_text[32], output_text[32], disk_text[32];

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(sec->comm, &ranks));
  PetscOptionsBegin(sec->comm, NULL, "Run size", "run");
  PetscCall(PetscOptionsReal("-run_memory_limit",
                             "Memory one rank may take (GB = 1e9 bytes); default the machine's: MemAvailable (or the "
                             "cgroup limit) shared among the node's ranks",
                             "", limit, &limit, &limit_set));
  PetscCall(PetscOptionsBool("-run_ignore_memory_estimate",
                             "Run even when the estimated peak memory exceeds what a rank may take", "", ignore,
                             &ignore, NULL));
  PetscOptionsEnd();
  PetscCheck(!limit_set || (limit > 0 && !PetscIsInfOrNanReal(limit)), sec->comm, PETSC_ERR_USER_INPUT,
             "-run_memory_limit = %g: must be > 0 GB", (double)limit);

  PetscCall(PetscMemzero(size, sizeof(*size)));
  size->mesh             = *mesh;
  size->order            = sec->opts.order;
  size->num_stages       = num_stages;
  size->num_output_steps = num_output_steps;
  size->heat             = heat;
  size->staged           = staged;
  size->cells            = mesh->cells_2d * (mesh->dim == 3 ? mesh->num_slices : 1);
  size->vertices         = mesh->vertices_2d * (mesh->dim == 3 ? mesh->num_slices + 1 : 1);
  size->dofs             = mesh->dim * CountNodes(mesh, size->order);
  nnz                    = size->dofs * mesh->dim * CoupledNodes(mesh->dim, size->order);
  if (heat) nnz += CountNodes(mesh, size->order) * CoupledNodes(mesh->dim, size->order);
  PetscCall(PetscMemoryGetCurrentUsage(&resident));
  share =
      (DIO_SIZE_BYTES_PER_NONZERO * nnz + DIO_SIZE_BYTES_PER_DOF * size->dofs + DIO_SIZE_BYTES_PER_CELL * size->cells) /
      ranks;
  size->resident_bytes        = (PetscReal)resident;
  size->memory_per_rank_bytes = (PetscReal)resident + DIO_SIZE_BYTES_FIXED +
                                PetscMax(share, ranks > 1 ? DIO_SIZE_BYTES_PER_SERIAL_CELL * size->cells : 0);
  size->output_bytes = OutputBytes(size);
  /* the check pass of a run says nothing: the run itself reports and decides */
  if (sec->run->check_only && !sec->run->check_command) PetscFunctionReturn(0);

  if (limit_set)
    limit *= 1e9;
  else
    PetscCall(DioSystemMemoryPerRank(sec->comm, &limit));
  PetscCall(DioSystemFreeDisk(sec->comm, sec->opts.output_dir, &free_disk));
  FormatBytes(size->memory_per_rank_bytes, memory_text, sizeof(memory_text));
  FormatBytes(limit, limit_text, sizeof(limit_text));
  FormatBytes(size->output_bytes, output_text, sizeof(output_text));
  FormatBytes(free_disk, disk_text, sizeof(disk_text));
  PetscCall(DioSectionLog(sec, sec->run->check_only ? DIO_LOG_QUIET : DIO_LOG_NORMAL,
                          "[size]      %.0f cells, %.0f dofs (%dD Q%d), %" PetscInt_FMT " stage%s, %" PetscInt_FMT
                          " output step%s; peak memory about %s per rank "
                          "(%d rank%s; %s%s), output about %s (%s free in %s)\n",
                          (double)size->cells, (double)size->dofs, (int)mesh->dim, (int)size->order, num_stages,
                          num_stages == 1 ? "" : "s", num_output_steps, num_output_steps == 1 ? "" : "s", memory_text,
                          (int)ranks, ranks == 1 ? "" : "s", limit < 0 ? "available memory unknown" : limit_text,
                          limit < 0 ? "" : (limit_set ? " allowed by -run_memory_limit" : " available"), output_text,
                          free_disk < 0 ? "unknown" : disk_text, sec->opts.output_dir));
  if (limit > 0 && size->memory_per_rank_bytes > limit) {
    PetscCheck(sec->run->check_only || ignore, sec->comm, PETSC_ERR_USER_INPUT,
               "the run needs about %s per rank (%.0f cells, %.0f dofs on %d rank%s) but a rank may take %s%s: use "
               "more nodes or ranks, a coarser mesh "
               "(-mesh_refine, -mesh_cell_size_*), or -run_memory_limit / -run_ignore_memory_estimate",
               memory_text, (double)size->cells, (double)size->dofs, (int)ranks, ranks == 1 ? "" : "s", limit_text,
               limit_set ? " (-run_memory_limit)"
                         : " (MemAvailable or the cgroup limit, shared among the node's ranks)");
    PetscCall(
        DioSectionLog(sec, DIO_LOG_QUIET, "[size]      warning: about %s per rank exceeds the %s a rank may take%s\n",
                      memory_text, limit_text,
                      sec->run->check_only ? ": diomede run will refuse it (-run_ignore_memory_estimate overrides)"
                                           : "; running anyway (-run_ignore_memory_estimate)"));
  }
  if (free_disk >= 0 && size->output_bytes > free_disk)
    PetscCall(DioSectionLog(sec, DIO_LOG_QUIET,
                            "[size]      warning: the output (about %s) may not fit in the %s free in %s\n",
                            output_text, disk_text, sec->opts.output_dir));
  PetscFunctionReturn(0);
}
