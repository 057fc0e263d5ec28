#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""bench_dolfinx.py: diomede's benchmark boxes DB1-DB4 solved with FEniCSx/DOLFINx (issue 16), the peer a
performance-minded user would compare with. Run with Debian's /usr/bin/python3 (python3-dolfinx 0.5.2):

  mpiexec -n 2 /usr/bin/python3 benchmarks/bench_dolfinx.py --problem DB3 --n 32 --json runs.jsonl

The same problem as bench_elasticity.c's boxes: the unit square/cube scaled to 100 m, n cells per direction
(quadrilaterals/hexahedra), Lagrange order 1 (DB1, DB3) or 2 (DB2, DB4) with (order + 1)^dim Gauss points (basix's
tensor scheme of degree 2 order), every boundary face fixed, gravity on a uniform rock (E 1 GPa, nu 0.3,
2000 kg/m3), all constants divided by E as diomede scales its system. The same solver: CG + GAMG, rtol 1e-8, atol
1e-50, the Chebyshev bound -mg_levels_ksp_chebyshev_esteig 0,0.1,0,1.2, the rigid-body near-null space from the dof
coordinates (PETSc's MatNullSpaceCreateRigidBody, as diomede), the matrix flagged symmetric (as diomede's), the dof
block size dim. Any PETSc option under the prefix dolfinx_ (e.g. -dolfinx_ksp_monitor) through --petsc.

Phases (wall clock of the slowest rank, a barrier before each clock read), as bench_elasticity.c times diomede's:
  jit       the forms and the element compiled (FFCx) or loaded from the cache, on a tiny mesh first: reported
            apart and not in any other phase (later phases find the compiled modules in memory)
  mesh      create_rectangle / create_box (built and partitioned in parallel)
  setup     function space (dofmap), boundary facets and dofs, Dirichlet condition, the forms (cached modules),
            the rigid-body modes
  prealloc  create_matrix (sparsity pattern) and the vectors
  assembly  the first assemble_matrix into the fresh matrix (zero rows and unit diagonal at the fixed dofs) and
            the load vector (assemble_vector, lifting, ghost update, set_bc)
  solve     KSP set-up (GAMG's hierarchy) and CG, as diomede's solve_s; pc_setup_s is the GAMG set-up alone
Peak memory: VmHWM summed over ranks, reset after the mesh (as diomede's: the reset is after its mesh too) and
again before the solve; the peak is the larger of the two phases. baseline_mb: resident size after the imports and
the JIT (Python and the libraries). One JSON object per run is appended to --json.
"""
import argparse
import ctypes
import json
import os
import sys
import time

import numpy as np
from mpi4py import MPI
import petsc4py

# PETSc options for the peer (--petsc '...', e.g. -log_view) must reach PETSc's initialisation
_PETSC_WORDS = []
for _i, _word in enumerate(sys.argv):
    if _word.startswith("--petsc="):
        _PETSC_WORDS = _word.split("=", 1)[1].split()
    elif _word == "--petsc" and _i + 1 < len(sys.argv):
        _PETSC_WORDS = sys.argv[_i + 1].split()
petsc4py.init([sys.argv[0]] + _PETSC_WORDS)
from petsc4py import PETSc  # noqa: E402

import basix  # noqa: E402,F401
import dolfinx  # noqa: E402
import dolfinx.fem.petsc  # noqa: E402
import ufl  # noqa: E402
from dolfinx import fem, mesh as dmesh  # noqa: E402

BOX_LENGTH_M = 100.0
PROBLEMS = {"DB1": (2, 1), "DB2": (2, 2), "DB3": (3, 1), "DB4": (3, 2)}


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--problem", choices=sorted(PROBLEMS), default="DB1", help="box problem (default DB1)")
    p.add_argument("--n", type=int, default=64, help="cells per direction (default 64)")
    p.add_argument("--rtol", type=float, default=1e-8, help="KSP relative tolerance (default 1e-8)")
    p.add_argument("--youngs-modulus", type=float, default=1e9, help="Pa (default 1e9)")
    p.add_argument("--poissons-ratio", type=float, default=0.3, help="- (default 0.3)")
    p.add_argument("--density", type=float, default=2000.0, help="kg/m3 (default 2000)")
    p.add_argument("--gravity", type=float, default=9.81, help="m/s2 (default 9.81)")
    p.add_argument("--json", help="append the run's JSON object to this file (rank 0)")
    p.add_argument("--label", default="", help="free text stored with the run")
    p.add_argument("--petsc", default="", help="extra PETSc options in one word, e.g. --petsc='-dolfinx_ksp_monitor "
                   "-log_view' (read at PETSc's initialisation)")
    return p.parse_args()


def now(comm):
    comm.Barrier()
    return time.perf_counter()


def elapsed(comm, t0):
    """Seconds since t0 on the slowest rank."""
    return comm.allreduce(now(comm) - t0, op=MPI.MAX)


def cpu_elapsed(comm, c0):
    """CPU seconds (user + system, this process) since c0, the largest over the ranks: on a shared machine the
    wall-clock times also count the waits for a core, the CPU times do not (issue 16)."""
    return comm.allreduce(time.process_time() - c0, op=MPI.MAX)


_libc = ctypes.CDLL("libc.so.6")


def memory_reset(comm):
    """Give freed heap back, then reset VmHWM to the current resident size (Linux clear_refs 5)."""
    _libc.malloc_trim(0)
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        ok = True
    except OSError:
        ok = False
    comm.Barrier()
    return ok


def status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def summed_mb(comm, field):
    return comm.allreduce(status_kb(field), op=MPI.SUM) * 1024 / 1e6


class Problem:
    """Forms and boundary condition of the scaled box problem on a mesh."""

    def __init__(self, domain, order, args):
        dim = domain.topology.dim
        E, nu = args.youngs_modulus, args.poissons_ratio
        # diomede divides K and F by its largest Young's modulus: the same scaled constants
        lam = nu / ((1 + nu) * (1 - 2 * nu))
        mu = 1 / (2 * (1 + nu))
        weight = args.density * args.gravity / E
        self.V = fem.VectorFunctionSpace(domain, ("Lagrange", order))
        u, v = ufl.TrialFunction(self.V), ufl.TestFunction(self.V)

        def eps(w):
            return ufl.sym(ufl.grad(w))

        def sigma(w):
            return 2 * mu * eps(w) + lam * ufl.tr(eps(w)) * ufl.Identity(dim)

        dx = ufl.dx(metadata={"quadrature_degree": 2 * order})  # (order + 1)^dim Gauss points, as diomede
        force = fem.Constant(domain, np.array([0.0] * (dim - 1) + [-weight], dtype=PETSc.ScalarType))
        self.a = fem.form(ufl.inner(sigma(u), eps(v)) * dx)
        self.L = fem.form(ufl.inner(force, v) * dx)
        domain.topology.create_connectivity(dim - 1, dim)
        facets = dmesh.exterior_facet_indices(domain.topology)
        dofs = fem.locate_dofs_topological(self.V, dim - 1, facets)
        self.bc = fem.dirichletbc(np.zeros(dim, dtype=PETSc.ScalarType), dofs, self.V)

    def rigid_body_modes(self):
        """PETSc's rigid-body modes from the owned dofs' coordinates (as diomede: MatNullSpaceCreateRigidBody)."""
        V = self.V
        dim = V.mesh.topology.dim
        owned = V.dofmap.index_map.size_local
        x = np.ascontiguousarray(V.tabulate_dof_coordinates()[:owned, :dim]).reshape(-1)
        coords = PETSc.Vec().createWithArray(x, bsize=dim, comm=V.mesh.comm)
        modes = PETSc.NullSpace().createRigidBody(coords)
        coords.destroy()
        return modes


def create_box(comm, dim, n):
    if dim == 2:
        return dmesh.create_rectangle(comm, [np.zeros(2), np.full(2, BOX_LENGTH_M)], [n, n],
                                      dmesh.CellType.quadrilateral)
    return dmesh.create_box(comm, [np.zeros(3), np.full(3, BOX_LENGTH_M)], [n, n, n], dmesh.CellType.hexahedron)


def main():
    args = parse()
    comm = MPI.COMM_WORLD
    dim, order = PROBLEMS[args.problem]
    opts = PETSc.Options()
    for key, value in (("dolfinx_mg_levels_ksp_chebyshev_esteig", "0,0.1,0,1.2"),):  # diomede's bound, unless set
        if not opts.hasName(key):
            opts[key] = value
    run = {"peer": "dolfinx", "problem": args.problem, "n": args.n, "dim": dim, "order": order,
           "ranks": comm.size, "threads": int(os.environ.get("OMP_NUM_THREADS", "1")), "label": args.label,
           "dolfinx": dolfinx.__version__, "petsc": "%d.%d.%d" % PETSc.Sys.getVersion(),
           "python": sys.version.split()[0], "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}

    # JIT: the element and both forms compiled or loaded on a tiny mesh (this rank alone), reported apart
    t0 = now(comm)
    Problem(create_box(MPI.COMM_SELF, dim, 2), order, args)
    run["jit_s"] = elapsed(comm, t0)
    run["baseline_mb"] = summed_mb(comm, "VmRSS")

    t0 = now(comm)
    c0 = time.process_time()
    domain = create_box(comm, dim, args.n)
    run["mesh_s"] = elapsed(comm, t0)
    run["peak_resettable"] = memory_reset(comm)

    t0 = now(comm)
    problem = Problem(domain, order, args)
    modes = problem.rigid_body_modes()
    run["setup_s"] = elapsed(comm, t0)
    index_map, bs = problem.V.dofmap.index_map, problem.V.dofmap.index_map_bs
    run["dofs"] = index_map.size_global * bs
    run["cells"] = domain.topology.index_map(dim).size_global

    t0 = now(comm)
    A = dolfinx.fem.petsc.create_matrix(problem.a)
    b = dolfinx.fem.petsc.create_vector(problem.L)
    run["prealloc_s"] = elapsed(comm, t0)

    t0 = now(comm)
    dolfinx.fem.petsc.assemble_matrix(A, problem.a, bcs=[problem.bc])
    A.assemble()
    A.setOption(PETSc.Mat.Option.SYMMETRIC, True)  # as diomede flags its stiffness (GAMG skips symmetrizing)
    A.setNearNullSpace(modes)
    with b.localForm() as b_local:
        b_local.set(0.0)
    dolfinx.fem.petsc.assemble_vector(b, problem.L)
    dolfinx.fem.petsc.apply_lifting(b, [problem.a], bcs=[[problem.bc]])
    b.ghostUpdate(addv=PETSc.InsertMode.ADD, mode=PETSc.ScatterMode.REVERSE)
    dolfinx.fem.petsc.set_bc(b, [problem.bc])
    run["assembly_s"] = elapsed(comm, t0)
    run["assembled_system_s"] = run["mesh_s"] + run["setup_s"] + run["prealloc_s"] + run["assembly_s"]
    run["assembled_system_cpu_s"] = cpu_elapsed(comm, c0)  # includes the barriers' and memory probes' CPU
    run["peak_assembly_mb"] = summed_mb(comm, "VmHWM")
    run["matrix_nonzeros"] = A.getInfo(PETSc.Mat.InfoType.GLOBAL_SUM)["nz_used"]

    memory_reset(comm)
    run["resident_solve_start_mb"] = summed_mb(comm, "VmRSS")  # mesh, dofmap, forms, A and b (diomede: without K)
    x = b.duplicate()
    t0 = now(comm)
    ksp = PETSc.KSP().create(comm)
    ksp.setOptionsPrefix("dolfinx_")
    ksp.setOperators(A)
    ksp.setType("cg")
    ksp.getPC().setType("gamg")
    ksp.setTolerances(rtol=args.rtol, atol=1e-50, max_it=1000)
    ksp.setFromOptions()
    t1 = now(comm)
    ksp.setUp()
    run["pc_setup_s"] = elapsed(comm, t1)
    ksp.solve(b, x)
    run["solve_s"] = elapsed(comm, t0)
    run["peak_solve_mb"] = summed_mb(comm, "VmHWM")
    run["peak_mb"] = max(run["peak_assembly_mb"], run["peak_solve_mb"])
    run["bytes_per_dof"] = run["peak_mb"] * 1e6 / run["dofs"]
    run["reason"] = ksp.getConvergedReason()
    run["iterations"] = ksp.getIterationNumber()
    run["solution_norm"] = x.norm()
    run["rhs_norm"] = b.norm()
    if comm.rank == 0:
        line = json.dumps(run)
        if args.json:
            with open(args.json, "a") as f:
                f.write(line + "\n")
        print("# dolfinx %s n=%d %dx%d: %d dofs, jit %.2f mesh %.2f setup %.2f prealloc %.2f asm %.2f (system %.2f) "
              "solve %.2f (pc %.2f) its %d peak %.0f MB |u| %.10e" % (
                  args.problem, args.n, run["ranks"], run["threads"], run["dofs"], run["jit_s"], run["mesh_s"],
                  run["setup_s"], run["prealloc_s"], run["assembly_s"], run["assembled_system_s"], run["solve_s"],
                  run["pc_setup_s"], run["iterations"], run["peak_mb"], run["solution_norm"]), flush=True)
    if run["reason"] <= 0:
        if comm.rank == 0:
            print("bench_dolfinx.py: error: the solve did not converge (reason %d after %d iterations)" %
                  (run["reason"], run["iterations"]), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
