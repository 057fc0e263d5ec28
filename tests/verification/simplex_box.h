/* SPDX-License-Identifier: BSD-2-Clause
   simplex_box.h: a box meshed with triangles or tetrahedra for the verification drivers (Debian's PETSc has no mesh
   generator for DMPlexCreateBoxMesh(simplex) and no refine_tosimplex transform registered). */
#pragma once
#include <petscdmplex.h>

/* The box [lower, upper] with cells[d] squares/cubes along direction d, each cut into simplices, built on rank 0 and
   interpolated (the caller labels and distributes): a square along its diagonal from its lowest to its highest corner
   (two triangles), a cube into the six tetrahedra around that diagonal (Kuhn's subdivision: one per order in which the
   axes are walked from corner to corner; three of them have negative orientation), so neighbouring cells share the
   diagonals of their common faces. */
static inline PetscErrorCode SimplexBoxCreate(MPI_Comm comm, PetscInt dim, const PetscInt cells[],
                                              const PetscReal lower[], const PetscReal upper[], DM *dm)
{
  const PetscInt axes[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  const PetscInt nx = cells[0] + 1, ny = cells[1] + 1, nz = dim == 3 ? cells[2] + 1 : 1, num_vertices = nx * ny * nz;
  const PetscInt num_cells = dim == 2 ? 2 * cells[0] * cells[1] : 6 * cells[0] * cells[1] * cells[2];
  const PetscInt stride[3] = {1, nx, nx * ny};
  PetscMPIInt    rank;
  PetscInt      *vertices, k = 0;
  PetscReal     *coords;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscMalloc2(num_cells * (dim + 1), &vertices, num_vertices * dim, &coords));
  for (PetscInt v = 0; v < num_vertices; v++) {
    const PetscInt index[3] = {v % nx, (v / nx) % ny, v / (nx * ny)};
    for (PetscInt d = 0; d < dim; d++)
      coords[v * dim + d] = lower[d] + (upper[d] - lower[d]) * (PetscReal)index[d] / cells[d];
  }
  for (PetscInt iz = 0; iz < (dim == 3 ? cells[2] : 1); iz++) {
    for (PetscInt iy = 0; iy < cells[1]; iy++) {
      for (PetscInt ix = 0; ix < cells[0]; ix++) {
        const PetscInt origin = ix + nx * (iy + ny * iz);
        if (dim == 2) {
          const PetscInt tri[2][3] = {{0, 1, 1 + nx}, {0, 1 + nx, nx}};
          for (PetscInt t = 0; t < 2; t++)
            for (PetscInt a = 0; a < 3; a++) vertices[k++] = origin + tri[t][a];
          continue;
        }
        for (PetscInt t = 0; t < 6; t++) {
          PetscInt v    = origin;
          vertices[k++] = v;
          for (PetscInt step = 0; step < 3; step++) vertices[k++] = (v += stride[axes[t][step]]);
        }
      }
    }
  }
  PetscCall(DMPlexCreateFromCellListPetsc(comm, dim, rank == 0 ? num_cells : 0, rank == 0 ? num_vertices : 0, dim + 1,
                                          PETSC_TRUE, vertices, dim, coords, dm));
  PetscCall(PetscFree2(vertices, coords));
  PetscFunctionReturn(0);
}
