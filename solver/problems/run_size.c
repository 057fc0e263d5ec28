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
   1500 B per cell matches the default geostatic case on 2 ranks (estimate 315 MB, measured 301 MB). An LU factor
   (MUMPS: -mech_pc_type lu, 2D elastoplastic runs) is added (FactorBytes()); the one the LU fallback would build is
   reported apart. Imported meshes (-problem mesh) are counted from the mesh read (DioSectionRunSizeImported()).
   tests/e2e/check_run_size.py checks the model on other runs. */
#include <petscsf.h>
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
/* Bytes per cell an imported mesh already holds in the resident size when it is estimated: the mesh read by the
   check pass (freed, its heap kept and reused) and read again. Measured: the estimate above the resident size was
   800-1000 B per cell too high without it on three imported meshes (P2 triangles, P1 tetrahedra, Q2 quadrilaterals,
   13-27 k cells; 2026-12-07); the run's own cell data reuses that heap. */
#define DIO_SIZE_BYTES_PER_IMPORTED_CELL_HELD 900.0

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
  const PetscReal once       = size->vertices * 3 * 8 + size->cells * (size->vertices_per_cell + 5) * 8;
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

/* Bytes of an LU factor (MUMPS, real, unsymmetric) of a matrix with `nonzeros` nonzeros and `dofs` rows on the mesh
   of a dim-dimensional domain, after nested-dissection fill: nonzeros x log2(dofs) in 2D, nonzeros x dofs^(1/3) in 3D,
   times a constant: the peak memory of a run with -mech_pc_type lu above that of the same run with GAMG, one rank
   (2026-12-07). 2D: 3.2-3.7 (strait Q1 86 k-344 k dofs, transverse Q2 49 k-197 k dofs), 4.5 (P2 triangles in a
   square, 94 k dofs): 3.8, within 18 % of each. 3D: 4.6 and 4.7 (TBM segment Q1, 42 k and 7.6 k dofs). On several
   ranks MUMPS spreads the factor; the estimate divides it evenly. */
#define DIO_SIZE_FACTOR_2D 3.8
#define DIO_SIZE_FACTOR_3D 4.65
static PetscReal FactorBytes(PetscInt dim, PetscReal nonzeros, PetscReal dofs)
{
  if (dofs < 2) return 0;
  return dim == 2 ? DIO_SIZE_FACTOR_2D * nonzeros * PetscLog2Real(dofs) : DIO_SIZE_FACTOR_3D * nonzeros * PetscPowReal(dofs, 1.0 / 3.0);
}

/* Will the mechanics solve by LU (MUMPS)? -mech_pc_type lu or cholesky, or elastoplastic layers whose Newton solves
   are direct (-mech_plastic_linear_solver direct, or auto in 2D: plasticity.c). *fallback_max_dofs: the largest
   system the LU fallback takes (-mech_fallback_max_dofs; linear_fallback.c's defaults). Not collective. */
static PetscErrorCode DirectSolver(DioSection *sec, PetscInt dim, PetscBool *direct, PetscReal *fallback_max_dofs)
{
  char      pc[64] = "", plastic_solver[64] = "auto";
  PetscInt  num_layers = 0, max_dofs = dim == 2 ? 2000000 : 200000;
  PetscBool plastic = PETSC_FALSE, lu, cholesky, auto_solver, direct_solver;

  PetscFunctionBegin;
  PetscCall(PetscOptionsGetString(NULL, NULL, "-mech_pc_type", pc, sizeof(pc), NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-mech_plastic_linear_solver", plastic_solver, sizeof(plastic_solver), NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-mech_fallback_max_dofs", &max_dofs, NULL));
  if (sec->materials) PetscCall(DioMaterialTableGetNumLayers(sec->materials, &num_layers));
  for (PetscInt l = 0; l < num_layers; l++) {
    const DioLayerMaterial *m;
    PetscCall(DioMaterialTableGetLayer(sec->materials, l, &m));
    if (m->constitutive != DIO_MODEL_ELASTIC) plastic = PETSC_TRUE;
  }
  PetscCall(PetscStrcmp(pc, "lu", &lu));
  PetscCall(PetscStrcmp(pc, "cholesky", &cholesky));
  PetscCall(PetscStrcmp(plastic_solver, "auto", &auto_solver));
  PetscCall(PetscStrcmp(plastic_solver, "direct", &direct_solver));
  *direct            = (PetscBool)(lu || cholesky || (plastic && (direct_solver || (auto_solver && dim == 2))));
  *fallback_max_dofs = (PetscReal)max_dofs;
  PetscFunctionReturn(0);
}

/* The estimate, the [size] line and the decisions of DioSectionRunSize() once sec->size holds the counts. */
static PetscErrorCode RunSizeReport(DioSection *sec)
{
  DioRunSize    *size = &sec->size;
  PetscMPIInt    ranks;
  PetscReal      limit  = -1, free_disk, share, fallback_max_dofs = 0;
  PetscBool      ignore = PETSC_FALSE, limit_set, direct = PETSC_FALSE;
  PetscLogDouble resident;
  char           memory_text[32], limit_text[32], output_text[32], disk_text[32], factor_text[32], factor_note[160] = "";

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
  /* no machine builds what PetscInt cannot index: refused in check as in a run */
  PetscCheck(PetscMax(size->cells, PetscMax(size->vertices, size->dofs)) < (PetscReal)PETSC_MAX_INT, sec->comm,
             PETSC_ERR_USER_INPUT,
             "the run would build %.0f cells, %.0f vertices, %.0f dofs: more than PetscInt (%d bytes) can index "
             "(%d); use a coarser mesh (-mesh_refine, -mesh_cell_size_*, -mesh_cells_around, -tunnel_stage_length)",
             (double)size->cells, (double)size->vertices, (double)size->dofs, (int)sizeof(PetscInt),
             (int)PETSC_MAX_INT);

  PetscCall(DirectSolver(sec, size->dim, &direct, &fallback_max_dofs));
  size->factor_bytes          = direct ? FactorBytes(size->dim, size->nonzeros, size->dofs) / ranks : 0;
  size->fallback_factor_bytes = !direct && size->dofs <= fallback_max_dofs ? FactorBytes(size->dim, size->nonzeros, size->dofs) / ranks : 0;
  PetscCall(PetscMemoryGetCurrentUsage(&resident));
  share = (DIO_SIZE_BYTES_PER_NONZERO * size->nonzeros + DIO_SIZE_BYTES_PER_DOF * size->dofs +
           (DIO_SIZE_BYTES_PER_CELL - (sec->imported ? DIO_SIZE_BYTES_PER_IMPORTED_CELL_HELD : 0)) * size->cells) / ranks;
  size->resident_bytes        = (PetscReal)resident;
  /* several ranks: the built-in meshes are built whole on rank 0 first; an imported one is already read */
  size->memory_per_rank_bytes = (PetscReal)resident + DIO_SIZE_BYTES_FIXED +
                                PetscMax(share, ranks > 1 && !sec->imported ? DIO_SIZE_BYTES_PER_SERIAL_CELL * size->cells : 0) + size->factor_bytes;
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
  if (size->factor_bytes > 0) {
    FormatBytes(size->factor_bytes, factor_text, sizeof(factor_text));
    PetscCall(PetscSNPrintf(factor_note, sizeof(factor_note), "; an LU factor (MUMPS) of about %s included", factor_text));
  } else if (size->fallback_factor_bytes > 0) {
    FormatBytes(size->memory_per_rank_bytes + size->fallback_factor_bytes, factor_text, sizeof(factor_text));
    PetscCall(PetscSNPrintf(factor_note, sizeof(factor_note), "; %s should the LU fallback be needed", factor_text));
  }
  PetscCall(DioSectionLog(sec, sec->run->check_only ? DIO_LOG_QUIET : DIO_LOG_NORMAL,
                          "[size]      %.0f cells, %.0f dofs (%dD %c%d), %" PetscInt_FMT " stage%s, %" PetscInt_FMT
                          " output step%s; peak memory about %s per rank "
                          "(%d rank%s; %s%s%s), output about %s (%s free in %s)\n",
                          (double)size->cells, (double)size->dofs, (int)size->dim, size->simplex ? 'P' : 'Q', (int)size->order, size->num_stages,
                          size->num_stages == 1 ? "" : "s", size->num_output_steps, size->num_output_steps == 1 ? "" : "s", memory_text,
                          (int)ranks, ranks == 1 ? "" : "s", limit < 0 ? "available memory unknown" : limit_text,
                          limit < 0 ? "" : (limit_set ? " allowed by -run_memory_limit" : " available"), factor_note, output_text,
                          free_disk < 0 ? "unknown" : disk_text, sec->opts.output_dir));
  if (limit > 0 && size->memory_per_rank_bytes > limit) {
    PetscCheck(sec->run->check_only || ignore, sec->comm, PETSC_ERR_USER_INPUT,
               "the run needs about %s per rank (%.0f cells, %.0f dofs on %d rank%s%s) but a rank may take %s%s: use "
               "more nodes or ranks, a coarser mesh "
               "(-mesh_refine, -mesh_cell_size_*), or -run_memory_limit / -run_ignore_memory_estimate",
               memory_text, (double)size->cells, (double)size->dofs, (int)ranks, ranks == 1 ? "" : "s", size->factor_bytes > 0 ? factor_note : "", limit_text,
               limit_set ? " (-run_memory_limit)"
                         : " (MemAvailable or the cgroup limit, shared among the node's ranks)");
    PetscCall(
        DioSectionLog(sec, DIO_LOG_QUIET, "[size]      warning: about %s per rank exceeds the %s a rank may take%s\n",
                      memory_text, limit_text,
                      sec->run->check_only ? ": diomede run will refuse it (-run_ignore_memory_estimate overrides)"
                                           : "; running anyway (-run_ignore_memory_estimate)"));
  } else if (limit > 0 && size->memory_per_rank_bytes + size->fallback_factor_bytes > limit) {
    PetscCall(DioSectionLog(sec, DIO_LOG_QUIET,
                            "[size]      warning: should CG + GAMG fail, the LU fallback would need about %s per rank, more than the %s a rank may "
                            "take (-mech_fallback_max_dofs 0: no fallback)\n",
                            factor_text, limit_text));
  }
  if (free_disk >= 0 && size->output_bytes > free_disk)
    PetscCall(DioSectionLog(sec, DIO_LOG_QUIET,
                            "[size]      warning: the output (about %s) may not fit in the %s free in %s\n",
                            output_text, disk_text, sec->opts.output_dir));
  PetscFunctionReturn(0);
}

/*@
  DioSectionRunSize - Counts what the run will build (cells, dofs, stages, output steps) from the mesh count, estimates
  the peak memory per rank (with the LU factor where the mechanics solve by MUMPS) and the output size, prints them
  ("[size]" line: always in check mode, at the normal progress level in a run), and in a run refuses an estimate above
  the memory a rank may take and warns when the output would exceed the free disk of the output directory, or when
  the LU fallback, should it be needed, would exceed the memory. Call it before anything large is built.

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
  DioRunSize *size = &sec->size;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(size, sizeof(*size)));
  size->mesh              = *mesh;
  size->dim               = mesh->dim;
  size->order             = sec->opts.order;
  size->num_stages        = num_stages;
  size->num_output_steps  = num_output_steps;
  size->heat              = heat;
  size->staged            = staged;
  size->cells             = mesh->cells_2d * (mesh->dim == 3 ? mesh->num_slices : 1);
  size->vertices          = mesh->vertices_2d * (mesh->dim == 3 ? mesh->num_slices + 1 : 1);
  size->vertices_per_cell = mesh->dim == 3 ? 8 : 4;
  size->dofs              = mesh->dim * CountNodes(mesh, size->order);
  size->nonzeros          = size->dofs * mesh->dim * CoupledNodes(mesh->dim, size->order);
  if (heat) size->nonzeros += CountNodes(mesh, size->order) * CoupledNodes(mesh->dim, size->order);
  PetscCall(RunSizeReport(sec));
  PetscFunctionReturn(0);
}

/* Does point p of an interpolated mesh carry a node of the order-`order` Lagrange space? Vertices always; edges for
   order 2; faces and cells too for Q2 (not P2). */
static PetscBool CarriesNode(PetscInt depth, PetscInt order, PetscBool simplex)
{
  return (PetscBool)(depth == 0 || (order == 2 && (depth == 1 || !simplex)));
}

/* Of the points in [pStart, pEnd) that this rank owns (not leaves of the point SF), the number, and the nodes they
   couple to (those in the closure of a cell around them) summed over up to 2000 evenly spaced ones (*sampled of
   them); leaf[] is indexed from the chart's start chart_start. Not collective. */
static PetscErrorCode CountCouplings(DM dm, PetscInt pStart, PetscInt pEnd, PetscInt chart_start, const PetscBool leaf[], PetscInt order,
                                     PetscBool simplex, PetscReal *owned, PetscReal *coupled, PetscReal *sampled)
{
  PetscInt  cStart, cEnd, stride = PetscMax(1, (pEnd - pStart) / 2000), capacity = 256, *nodes;

  PetscFunctionBegin;
  *owned = *coupled = *sampled = 0;
  PetscCall(DMPlexGetHeightStratum(dm, 0, &cStart, &cEnd));
  PetscCall(PetscMalloc1(capacity, &nodes));
  for (PetscInt p = pStart; p < pEnd; p++) {
    PetscInt *star = NULL, num_star, n = 0;

    if (leaf[p - chart_start]) continue;
    (*owned)++;
    if ((p - pStart) % stride) continue;
    PetscCall(DMPlexGetTransitiveClosure(dm, p, PETSC_FALSE, &num_star, &star));
    for (PetscInt s = 0; s < num_star; s++) {
      const PetscInt c = star[2 * s];
      PetscInt      *closure = NULL, num_closure;

      if (c < cStart || c >= cEnd) continue;
      PetscCall(DMPlexGetTransitiveClosure(dm, c, PETSC_TRUE, &num_closure, &closure));
      for (PetscInt k = 0; k < num_closure; k++) {
        PetscInt depth;

        PetscCall(DMPlexGetPointDepth(dm, closure[2 * k], &depth));
        if (!CarriesNode(depth, order, simplex)) continue;
        if (n == capacity) {
          PetscInt *more;
          PetscCall(PetscMalloc1(2 * capacity, &more));
          PetscCall(PetscArraycpy(more, nodes, n));
          PetscCall(PetscFree(nodes));
          nodes = more;
          capacity *= 2;
        }
        nodes[n++] = closure[2 * k];
      }
      PetscCall(DMPlexRestoreTransitiveClosure(dm, c, PETSC_TRUE, &num_closure, &closure));
    }
    PetscCall(DMPlexRestoreTransitiveClosure(dm, p, PETSC_FALSE, &num_star, &star));
    PetscCall(PetscSortRemoveDupsInt(&n, nodes));
    *coupled += n;
    (*sampled)++;
  }
  PetscCall(PetscFree(nodes));
  PetscFunctionReturn(0);
}

/*
  DioSectionRunSizeImported - DioSectionRunSize() for an imported mesh (sec->imported, read in check mode too): cells,
  vertices and the nodes of the element (P1/P2 on triangles and tetrahedra, Q1/Q2 on quadrilaterals and hexahedra)
  counted from the mesh itself, the stiffness nonzeros from the nodes each node couples to (every node on up to 2000
  sampled points per dimension and rank, scaled to the whole). Collective.
*/
PetscErrorCode DioSectionRunSizeImported(DioSection *sec, PetscInt num_stages, PetscInt num_output_steps)
{
  DioRunSize    *size = &sec->size;
  DM             dm   = sec->imported->dm;
  PetscSF        sf;
  const PetscInt *leaves;
  PetscInt       dim, depth, pStart, pEnd, num_leaves;
  PetscBool     *leaf;
  PetscReal      local[4] = {0, 0, 0, 0}, global[4]; /* cells, vertices, nodes, node couplings (block nonzeros) */
  DMPolytopeType type = sec->imported->regions.cell_type;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(size, sizeof(*size)));
  PetscCall(DMGetDimension(dm, &dim));
  PetscCall(DMPlexGetDepth(dm, &depth));
  PetscCheck(depth == dim, sec->comm, PETSC_ERR_PLIB, "the imported mesh is not interpolated (depth %" PetscInt_FMT ", dimension %" PetscInt_FMT ")", depth, dim);
  size->dim               = dim;
  size->order             = sec->opts.order;
  size->simplex           = (PetscBool)(type == DM_POLYTOPE_TRIANGLE || type == DM_POLYTOPE_TETRAHEDRON);
  size->num_stages        = num_stages;
  size->num_output_steps  = num_output_steps;
  size->vertices_per_cell = DMPolytopeTypeGetNumVertices(type);
  PetscCall(DMPlexGetChart(dm, &pStart, &pEnd));
  PetscCall(PetscCalloc1(pEnd - pStart, &leaf));
  PetscCall(DMGetPointSF(dm, &sf));
  PetscCall(PetscSFGetGraph(sf, NULL, &num_leaves, &leaves, NULL));
  for (PetscInt i = 0; i < PetscMax(num_leaves, 0); i++) leaf[(leaves ? leaves[i] : i) - pStart] = PETSC_TRUE;
  for (PetscInt d = 0; d <= dim; d++) {
    PetscInt  sStart, sEnd;
    PetscReal owned, coupled, sampled, stratum[2], stratum_global[2];

    PetscCall(DMPlexGetDepthStratum(dm, d, &sStart, &sEnd));
    if (!CarriesNode(d, size->order, size->simplex)) {
      owned = 0;
      for (PetscInt p = sStart; p < sEnd; p++) owned += leaf[p - pStart] ? 0 : 1;
      coupled = sampled = 0;
    } else PetscCall(CountCouplings(dm, sStart, sEnd, pStart, leaf, size->order, size->simplex, &owned, &coupled, &sampled));
    if (d == 0) local[1] += owned;
    if (d == dim) local[0] += owned;
    if (CarriesNode(d, size->order, size->simplex)) local[2] += owned;
    /* the couplings of this stratum: the sampled mean times the stratum's size, over every rank */
    stratum[0] = coupled;
    stratum[1] = sampled;
    PetscCall(MPIU_Allreduce(stratum, stratum_global, 2, MPIU_REAL, MPIU_SUM, sec->comm));
    {
      PetscReal owned_global;
      PetscCall(MPIU_Allreduce(&owned, &owned_global, 1, MPIU_REAL, MPIU_SUM, sec->comm));
      if (stratum_global[1] > 0) local[3] += stratum_global[0] / stratum_global[1] * owned_global;
    }
  }
  PetscCall(PetscFree(leaf));
  PetscCall(MPIU_Allreduce(local, global, 3, MPIU_REAL, MPIU_SUM, sec->comm));
  size->cells    = global[0];
  size->vertices = global[1];
  size->dofs     = dim * global[2];
  size->nonzeros = local[3] * dim * dim; /* local[3] is already global */
  PetscCall(RunSizeReport(sec));
  PetscFunctionReturn(0);
}
