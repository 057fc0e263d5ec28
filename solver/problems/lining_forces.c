/* SPDX-License-Identifier: BSD-2-Clause
   lining_forces.c: thrust N and bending moment M per metre of tunnel around a lining ring, from the hoop stress of
   its cells; shared by the transverse section (2D, the ring in the x-y plane) and the 3D segment (a ring of one slice
   in the y-z plane, axis along x). */
#include "section.h"

/*
  DioSectionLiningForces - N and M around the ring of the masked cells (ring[num_local_cells]), about the tunnel axis
  (0, axis elevation) of the section plane. At each angle, N = sum sigma_tt dr and M = sum sigma_tt (r - r_mid) dr
  over the cells across the lining (equal thickness dr = t / count, r_mid = R - t / 2); tension positive: a
  compressed lining has N < 0. The stress is the total stress of u added to the stored initial stress (call after a
  solve, before DioElasticityStoreInitialStress()). Rows (prefix..., angle_deg, N, M) sorted by angle are appended to
  csv (n_prefix values first, e.g. step and face position; NULL: no rows). extremes: min N, max N, max |M| (every rank).
  Collective.
*/
PetscErrorCode DioSectionLiningForces(DioSection *sec, Vec u, const PetscBool ring[], PetscReal R, PetscReal t, PetscInt n_prefix, const PetscReal prefix[],
                                      DioCSV csv, PetscReal extremes[3])
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscInt         a = sec->dim - 2, b = sec->dim - 1;                       /* the plane's axes: (x, y) in 2D, (y, z) in 3D */
  const PetscInt         saa = a, sbb = b, sab = sec->dim == 2 ? 3 : 4;              /* their stress components (xx yy zz xy yz xz) */
  const PetscReal        axis = sec->mesh_opts.axis_elevation_m, r_mid = R - 0.5 * t;
  const PetscInt         width = n_prefix + 3;
  DioElasCellFields      cf;
  PetscReal             *mine, *all = NULL, *out = NULL;
  PetscMPIInt            rank, size, count, *counts = NULL, *displs = NULL;
  PetscInt               n = 0, total = 0, groups = 0, cStart;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
  PetscCallMPI(MPI_Comm_size(sec->comm, &size));
  extremes[0] = PETSC_MAX_REAL;
  extremes[1] = -PETSC_MAX_REAL;
  extremes[2] = 0;
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  PetscCall(DioElasticityComputeCellFields(sec->elas, u, &cf));
  PetscCall(PetscMalloc1(3 * topo->num_cells + 1, &mine));
  for (PetscInt c = 0; c < topo->num_cells; c++) {
    PetscReal        centroid[3], x, y, theta, s, co;
    const PetscReal *sig = &cf.total_stress[6 * c];
    if (!ring[c]) continue;
    PetscCall(DMPlexComputeCellGeometryFVM(sec->dm, cStart + c, NULL, centroid, NULL));
    x               = centroid[a];
    y               = centroid[b] - axis;
    theta           = PetscAtan2Real(y, x);
    s               = PetscSinReal(theta);
    co              = PetscCosReal(theta);
    mine[3 * n]     = theta * 180.0 / PETSC_PI;
    mine[3 * n + 1] = PetscSqrtReal(x * x + y * y);
    mine[3 * n + 2] = sig[saa] * s * s + sig[sbb] * co * co - 2 * sig[sab] * s * co;
    n++;
  }
  PetscCall(DioElasCellFieldsDestroy(&cf));
  count = (PetscMPIInt)(3 * n);
  if (rank == 0) PetscCall(PetscMalloc2(size, &counts, size, &displs));
  PetscCallMPI(MPI_Gather(&count, 1, MPI_INT, counts, 1, MPI_INT, 0, sec->comm));
  if (rank == 0) {
    for (PetscMPIInt r = 0; r < size; r++) {
      displs[r] = (PetscMPIInt)total;
      total += counts[r];
    }
    PetscCall(PetscMalloc1(total + 1, &all));
  }
  PetscCallMPI(MPI_Gatherv(mine, count, MPIU_REAL, all, counts, displs, MPIU_REAL, 0, sec->comm));
  if (rank == 0) {
    const PetscInt m = total / 3;
    PetscReal     *angle;
    PetscInt      *order;
    PetscCall(PetscMalloc2(m, &angle, m, &order));
    PetscCall(PetscMalloc1(width * m + 1, &out));
    for (PetscInt i = 0; i < m; i++) {
      angle[i] = all[3 * i];
      order[i] = i;
    }
    PetscCall(PetscSortRealWithArrayInt(m, angle, order));
    for (PetscInt i = 0; i < m;) {
      PetscInt  j = i, members;
      PetscReal N = 0, M = 0;
      while (j < m && PetscAbsReal(angle[j] - angle[i]) < 1e-6) j++;
      members = j - i;
      for (PetscInt k = i; k < j; k++) {
        const PetscReal *row = &all[3 * order[k]];
        N += row[2] * t / members;
        M += row[2] * (row[1] - r_mid) * t / members;
      }
      for (PetscInt k = 0; k < n_prefix; k++) out[width * groups + k] = prefix[k];
      out[width * groups + n_prefix]     = angle[i];
      out[width * groups + n_prefix + 1] = N;
      out[width * groups + n_prefix + 2] = M;
      extremes[0]                        = PetscMin(extremes[0], N);
      extremes[1]                        = PetscMax(extremes[1], N);
      extremes[2]                        = PetscMax(extremes[2], PetscAbsReal(M));
      groups++;
      i = j;
    }
    PetscCall(PetscFree2(angle, order));
    PetscCall(PetscFree(all));
    PetscCall(PetscFree2(counts, displs));
  }
  if (csv) PetscCall(DioCSVAppendRows(csv, groups, width, out, -1));
  PetscCallMPI(MPI_Bcast(extremes, 3, MPIU_REAL, 0, sec->comm));
  PetscCall(PetscFree(out));
  PetscCall(PetscFree(mine));
  PetscFunctionReturn(0);
}
