/* SPDX-License-Identifier: BSD-2-Clause
   derived_fields.c: what a user looks at after a solve: cell-average strain, effective and total stress, pore
   pressure; vertex displacements for output; the L2 error against an exact solution (verification). */
#include "elasticity_impl.h"
#include "fe_common.h"
#include "simplex_basis.h"

/* Local copy of the solution with the element dofs of every cell gathered: [num_cells][dofs_per_cell]. */
static PetscErrorCode GatherCellDisplacements(DioElasticity e, Vec u, PetscReal **u_cells)
{
  Vec                u_local;
  const PetscScalar *ul;
  const PetscInt     ndof = e->dofs_per_cell;

  PetscFunctionBegin;
  PetscCall(DMGetLocalVector(e->dm_u, &u_local));
  PetscCall(DMGlobalToLocal(e->dm_u, u, INSERT_VALUES, u_local));
  PetscCall(PetscMalloc1((size_t)e->num_cells * ndof, u_cells));
  PetscCall(VecGetArrayRead(u_local, &ul));
  for (PetscInt i = 0; i < e->num_cells * ndof; i++) (*u_cells)[i] = PetscRealPart(ul[e->cell_local_dofs[i]]);
  PetscCall(VecRestoreArrayRead(u_local, &ul));
  PetscCall(DMRestoreLocalVector(e->dm_u, &u_local));
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasticityComputeCellFields(DioElasticity e, Vec u, DioElasCellFields *fields)
{
  PetscReal     *u_cells;
  const PetscInt ndof = e->dofs_per_cell, n = e->num_cells, dim = e->dim;
  PetscInt       bad_cell = PETSC_MAX_INT, bad_global;

  PetscFunctionBegin;
  PetscCall(PetscLogEventBegin(e->event_fields, u, 0, 0, 0));
  PetscCall(GatherCellDisplacements(e, u, &u_cells));
  fields->num_cells      = n;
  fields->plastic_strain = fields->yield_fraction = NULL;
  PetscCall(PetscMalloc5(6 * n, &fields->strain, 6 * n, &fields->effective_stress, 6 * n, &fields->total_stress, n, &fields->pore_pressure, n, &fields->volume));
  #pragma omp parallel for schedule(static) reduction(min : bad_cell)
  for (PetscInt c = 0; c < n; c++) {
    const double *x = &e->cell_nodes[c * ndof];
    double        X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS], p = 0, vol = 0, lambda, mu;
    DioElasticityCellLame_Internal(e, c, &lambda, &mu);
    if (dio_elas_cell_average(&e->tab, x, &u_cells[c * ndof], lambda, mu, &fields->strain[6 * c], &fields->effective_stress[6 * c],
                              &fields->volume[c]) ||
        dio_elas_qpoints(&e->tab, x, X, wdet)) {
      bad_cell = PetscMin(bad_cell, c);
      continue;
    }
    if (e->plane_stress) DioElasticityPlaneStressZZ_Internal(lambda, mu, &fields->strain[6 * c], &fields->effective_stress[6 * c]);
    if (e->free_strain_zz) fields->strain[6 * c + 2] += e->free_strain_zz[c];
    for (PetscInt q = 0; q < e->tab.num_qpoints; q++) {
      p += wdet[q] * DioElasticityPorePressure_Internal(e, c, X[q * dim + dim - 1]);
      vol += wdet[q];
    }
    fields->pore_pressure[c] = p / vol;
    for (PetscInt q = 0; q < e->tab.num_qpoints && e->eigenstrain; q++) {
      /* stress of the elastic part of the strain: D (eps - eps*), averaged over the cell */
      double sig_star[6];
      DioElasticityEigenstress_Internal(e, c, q, sig_star);
      for (PetscInt k = 0; k < 6; k++) fields->effective_stress[6 * c + k] -= wdet[q] / vol * sig_star[k];
      if (e->plane_stress) {
        /* the free eps_zz: eps*_zz - lambda* / (2 mu) tr(eps - eps*) in the plane */
        const double *eps_star = &e->eigenstrain[((size_t)c * e->tab.num_qpoints + q) * 6];
        fields->strain[6 * c + 2] += wdet[q] / vol * (eps_star[2] + lambda / (2.0 * mu) * (eps_star[0] + eps_star[1]));
      }
    }
    if (e->initial_stress) {
      /* the volume average of the initial stress at the quadrature points */
      for (PetscInt q = 0; q < e->tab.num_qpoints; q++) {
        for (PetscInt k = 0; k < 6; k++) fields->effective_stress[6 * c + k] += wdet[q] / vol * e->initial_stress[((size_t)c * e->tab.num_qpoints + q) * 6 + k];
      }
    }
    if (!DioElasticityCellActive_Internal(e, c)) {
      /* excavated: no ground left */
      fields->pore_pressure[c] = 0.0;
      for (PetscInt k = 0; k < 6; k++) fields->effective_stress[6 * c + k] = fields->strain[6 * c + k] = 0.0;
    }
    for (PetscInt k = 0; k < 6; k++) fields->total_stress[6 * c + k] = fields->effective_stress[6 * c + k] - (k < 3 ? fields->pore_pressure[c] : 0.0);
  }
  PetscCall(PetscFree(u_cells));
  /* elastoplastic: the stress is the material points' state, not the elastic response to u */
  if (e->plastic) PetscCall(DioPlasticityCellFields_Internal(e, fields));
  bad_cell = bad_cell == PETSC_MAX_INT ? -1 : e->cStart + bad_cell;
  PetscCall(MPIU_Allreduce(&bad_cell, &bad_global, 1, MPIU_INT, MPI_MAX, PetscObjectComm((PetscObject)e->dm)));
  PetscCheck(bad_global < 0, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_USER_INPUT, "derived fields: inverted cell (local point %" PetscInt_FMT ")", bad_global);
  PetscCall(PetscLogEventEnd(e->event_fields, u, 0, 0, 0));
  PetscFunctionReturn(0);
}

PetscErrorCode DioElasCellFieldsDestroy(DioElasCellFields *fields)
{
  PetscFunctionBegin;
  PetscCall(PetscFree5(fields->strain, fields->effective_stress, fields->total_stress, fields->pore_pressure, fields->volume));
  PetscCall(PetscFree2(fields->plastic_strain, fields->yield_fraction));
  fields->num_cells = 0;
  PetscFunctionReturn(0);
}

/* displacement[num_vertices][3] (z = 0 in 2D) at the given vertex points, for output. */
PetscErrorCode DioElasticityGetVertexDisplacement(DioElasticity e, Vec u, PetscInt num_vertices, const PetscInt vertex_points[], PetscReal displacement[])
{
  Vec                u_local;
  const PetscScalar *ul;
  PetscSection       section;

  PetscFunctionBegin;
  PetscCall(DMGetLocalSection(e->dm_u, &section));
  PetscCall(DMGetLocalVector(e->dm_u, &u_local));
  PetscCall(DMGlobalToLocal(e->dm_u, u, INSERT_VALUES, u_local));
  PetscCall(VecGetArrayRead(u_local, &ul));
  for (PetscInt v = 0; v < num_vertices; v++) {
    PetscInt off;
    PetscCall(PetscSectionGetOffset(section, vertex_points[v], &off));
    for (PetscInt d = 0; d < 3; d++) displacement[3 * v + d] = d < e->dim ? PetscRealPart(ul[off + d]) : 0.0;
  }
  PetscCall(VecRestoreArrayRead(u_local, &ul));
  PetscCall(DMRestoreLocalVector(e->dm_u, &u_local));
  PetscFunctionReturn(0);
}

/* ||u - exact||_L2 and ||exact||_L2 over the mesh, with the rule of DioFETabulateErrorRule_Internal(). Collective. */
PetscErrorCode DioElasticityComputeL2Error(DioElasticity e, Vec u, DioVectorFieldFn exact, void *ctx, PetscReal *error, PetscReal *norm_exact)
{
  DioElementTab  tab;
  PetscReal     *u_cells, local[2] = {0, 0}, global[2];
  const PetscInt ndof = e->dofs_per_cell, dim = e->dim, nn = e->nodes_per_cell;

  PetscFunctionBegin;
  PetscCall(DioFETabulateErrorRule_Internal(&e->tab, &tab));
  PetscCall(GatherCellDisplacements(e, u, &u_cells));
  for (PetscInt c = 0; c < e->num_cells; c++) {
    double X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS];
    PetscCheck(!dio_elas_qpoints(&tab, &e->cell_nodes[c * ndof], X, wdet), PETSC_COMM_SELF, PETSC_ERR_USER_INPUT, "inverted cell %" PetscInt_FMT, e->cStart + c);
    for (PetscInt q = 0; q < tab.num_qpoints; q++) {
      PetscReal ue[3], uh[3] = {0, 0, 0};
      exact(dim, &X[q * dim], ue, ctx);
      for (PetscInt a = 0; a < nn; a++) {
        for (PetscInt d = 0; d < dim; d++) uh[d] += tab.N[q * nn + a] * u_cells[c * ndof + a * dim + d];
      }
      for (PetscInt d = 0; d < dim; d++) {
        local[0] += wdet[q] * PetscSqr(uh[d] - ue[d]);
        local[1] += wdet[q] * PetscSqr(ue[d]);
      }
    }
  }
  PetscCall(PetscFree(u_cells));
  PetscCall(MPIU_Allreduce(local, global, 2, MPIU_REAL, MPI_SUM, PetscObjectComm((PetscObject)e->dm)));
  *error      = PetscSqrtReal(global[0]);
  *norm_exact = PetscSqrtReal(global[1]);
  PetscFunctionReturn(0);
}

/* Effective stress of u at every quadrature point, added to the initial stress, becomes the new initial stress. */
PetscErrorCode DioElasticityStoreInitialStress(DioElasticity e, Vec u)
{
  PetscReal     *u_cells;
  const PetscInt ndof = e->dofs_per_cell, nq = e->tab.num_qpoints;
  PetscInt       bad_cell = PETSC_MAX_INT;

  PetscFunctionBegin;
  if (e->plastic) {
    PetscCall(DioPlasticityStoreInitialStress_Internal(e));
    PetscFunctionReturn(0);
  }
  PetscCall(GatherCellDisplacements(e, u, &u_cells));
  if (e->initial_stress == NULL) PetscCall(PetscCalloc1((size_t)e->num_cells * nq * 6, &e->initial_stress));
  #pragma omp parallel for schedule(static) reduction(min : bad_cell)
  for (PetscInt c = 0; c < e->num_cells; c++) {
    double sig[DIO_MAX_QUAD_POINTS * 6], lambda, mu;
    if (!DioElasticityCellActive_Internal(e, c)) continue;
    DioElasticityCellLame_Internal(e, c, &lambda, &mu);
    if (dio_elas_qpoint_stress(&e->tab, &e->cell_nodes[c * ndof], &u_cells[c * ndof], lambda, mu, sig)) {
      bad_cell = PetscMin(bad_cell, c);
      continue;
    }
    for (PetscInt q = 0; q < nq && e->plane_stress; q++) sig[6 * q + 2] = 0.0;
    for (PetscInt q = 0; q < nq && e->eigenstrain; q++) {
      double sig_star[6];
      DioElasticityEigenstress_Internal(e, c, q, sig_star);
      for (PetscInt k = 0; k < 6; k++) sig[6 * q + k] -= sig_star[k];
    }
    for (PetscInt i = 0; i < nq * 6; i++) e->initial_stress[(size_t)c * nq * 6 + i] += sig[i];
  }
  PetscCall(PetscFree(u_cells));
  PetscCheck(bad_cell == PETSC_MAX_INT, PETSC_COMM_SELF, PETSC_ERR_PLIB, "inverted cell %" PetscInt_FMT " in a mesh that assembled", e->cStart + bad_cell);
  PetscFunctionReturn(0);
}

/*
  DioElasticityComputeVertexStress - effective stress at the given vertices: at every corner of every cell around a
  vertex, the stress of u from that cell's shape functions (the strain at the corner, plus the initial stress less the
  eigenstress, both extrapolated from the quadrature points to the corner), averaged over the cells (nodal averaging, as
  the NAFEMS benchmarks report stress at a point). Elastic runs only (the elastoplastic stress lives at the quadrature
  points). Collective.

  Output: stress[num_vertices][6] (xx, yy, zz, xy, yz, xz; Pa, tension positive).
*/
PetscErrorCode DioElasticityComputeVertexStress(DioElasticity e, Vec u, PetscInt num_vertices, const PetscInt vertex_points[], PetscReal stress[])
{
  DM             vertex_dm;
  PetscSection   section;
  Vec            sum_local, sum_global;
  PetscScalar   *sums;
  PetscReal     *u_cells;
  PetscInt       bad_cell = -1;
  const PetscInt dim = e->dim, ndof = e->dofs_per_cell, nn = e->nodes_per_cell, num_corners = e->tab.num_corners, width = 7; /* 6 components + count */
  const PetscInt nq = e->tab.num_qpoints;
  double         N_corner[8 * DIO_MAX_NODES], dN_corner[8][DIO_MAX_NODES * DIO_MAX_DIM], E[8 * DIO_MAX_QUAD_POINTS];

  PetscFunctionBegin;
  PetscCheck(e->plastic == NULL, PetscObjectComm((PetscObject)e->dm), PETSC_ERR_SUP, "vertex stress of an elastoplastic run is not available");
  /* the basis at the corners: corner k is the lexicographic corner of a tensor cell ([-1, 1]^dim), vertex k of a
     simplex (0 or e_(k-1)) */
  for (PetscInt corner = 0; corner < num_corners; corner++) {
    double xi[3];
    for (PetscInt d = 0; d < dim; d++)
      xi[d] = e->tab.simplex ? (corner == d + 1 ? 1.0 : 0.0) : ((corner >> d) & 1 ? 1.0 : -1.0);
    if (e->tab.simplex)
      dio_simplex_basis((int)dim, (int)e->order, xi, &N_corner[corner * nn], dN_corner[corner]);
    else
      dio_tensor_basis((int)dim, (int)e->order, xi, &N_corner[corner * nn], dN_corner[corner]);
  }
  /* stresses stored at the quadrature points (initial stress, eigenstress) extrapolated to the corners; the cell mean
     where the points do not determine the fit */
  if (dio_qpoint_corner_extrapolation(&e->tab, N_corner, E)) {
    for (PetscInt i = 0; i < num_corners * nq; i++) E[i] = 1.0 / nq;
  }
  /* a field of 7 values per vertex, with the tensor closure (corners in lexicographic order) */
  PetscCall(DioFECreateFieldDM_Internal(e->dm, 1, width, "vertex_stress", &vertex_dm));
  PetscCall(DMCreateLocalVector(vertex_dm, &sum_local));
  PetscCall(DMCreateGlobalVector(vertex_dm, &sum_global));
  PetscCall(GatherCellDisplacements(e, u, &u_cells));
  for (PetscInt c = 0; c < e->num_cells; c++) {
    PetscScalar values[8 * 7]; /* corners x width */
    double      stored[DIO_MAX_QUAD_POINTS * 6], lambda, mu;
    if (!DioElasticityCellActive_Internal(e, c)) continue;
    DioElasticityCellLame_Internal(e, c, &lambda, &mu);
    for (PetscInt q = 0; q < nq; q++) {
      double sig_star[6] = {0, 0, 0, 0, 0, 0};
      if (e->eigenstrain) DioElasticityEigenstress_Internal(e, c, q, sig_star);
      for (PetscInt k = 0; k < 6; k++)
        stored[6 * q + k] = (e->initial_stress ? e->initial_stress[((size_t)c * nq + q) * 6 + k] : 0.0) - sig_star[k];
    }
    for (PetscInt corner = 0; corner < num_corners; corner++) {
      double dNx[DIO_MAX_NODES * DIO_MAX_DIM], Jinv[9], eps6[6], sig6[6];
      if (!(PetscAbsReal(dio_map_gradients((int)dim, (int)nn, &e->cell_nodes[c * ndof], dN_corner[corner], Jinv, dNx)) >
            0)) {
        bad_cell = c;
        break;
      }
      dio_elas_point_strain_stress((int)dim, (int)nn, dNx, &u_cells[c * ndof], lambda, mu, eps6, sig6);
      if (e->plane_stress) DioElasticityPlaneStressZZ_Internal(lambda, mu, eps6, sig6);
      for (PetscInt k = 0; k < 6; k++) {
        double extrapolated = 0;
        for (PetscInt q = 0; q < nq; q++) extrapolated += E[corner * nq + q] * stored[6 * q + k];
        values[corner * width + k] = sig6[k] + extrapolated;
      }
      values[corner * width + 6] = 1.0;
    }
    if (bad_cell >= 0) break;
    PetscCall(DMPlexVecSetClosure(vertex_dm, NULL, sum_local, e->cStart + c, values, ADD_VALUES));
  }
  PetscCall(PetscFree(u_cells));
  PetscCall(DioFECheckBadCell_Internal(e->dm, bad_cell, "vertex stress", "check the mesh"));
  PetscCall(VecSet(sum_global, 0.0));
  PetscCall(DMLocalToGlobal(vertex_dm, sum_local, ADD_VALUES, sum_global));
  PetscCall(DMGlobalToLocal(vertex_dm, sum_global, INSERT_VALUES, sum_local));
  PetscCall(DMGetLocalSection(vertex_dm, &section));
  PetscCall(VecGetArray(sum_local, &sums));
  for (PetscInt i = 0; i < num_vertices; i++) {
    PetscInt        off;
    PetscReal       count;
    PetscCall(PetscSectionGetOffset(section, vertex_points[i], &off));
    count = PetscRealPart(sums[off + 6]);
    for (PetscInt k = 0; k < 6; k++) stress[6 * i + k] = count > 0 ? PetscRealPart(sums[off + k]) / count : 0.0;
  }
  PetscCall(VecRestoreArray(sum_local, &sums));
  PetscCall(VecDestroy(&sum_local));
  PetscCall(VecDestroy(&sum_global));
  PetscCall(DMDestroy(&vertex_dm));
  PetscFunctionReturn(0);
}
