/* SPDX-License-Identifier: BSD-2-Clause
   fe_basis.h: Lagrange shape functions on the reference square/cube [-1,1]^dim (Q1 and Q2), Gauss-Legendre
   quadrature and the tabulation an element loop needs. Pure header-only functions (see STYLE.md 2.7).

   Node numbering is lexicographic with x fastest: node a = i + (p+1) j + (p+1)^2 k for 1D node indices i, j, k,
   where the 1D nodes are {-1, 1} (p = 1) or {-1, 0, 1} (p = 2). This is the order DMPlex returns a cell closure
   in after DMPlexSetClosurePermutationTensor(), so element dofs are node-major: dof = a * dim + component. */
#pragma once
#include <math.h>
#include "dio_kernel_types.h"

/* Gauss-Legendre rule with n points (1..4) on [-1,1]: exact for polynomials of degree 2n-1. */
static inline int dio_gauss_legendre(int n, double *restrict points, double *restrict weights)
{
  switch (n) {
  case 1:
    points[0] = 0.0; weights[0] = 2.0;
    return DIO_KERNEL_OK;
  case 2: {
    const double a = 1.0 / sqrt(3.0);
    points[0] = -a; points[1] = a;
    weights[0] = weights[1] = 1.0;
    return DIO_KERNEL_OK;
  }
  case 3: {
    const double a = sqrt(0.6);
    points[0] = -a; points[1] = 0.0; points[2] = a;
    weights[0] = weights[2] = 5.0 / 9.0; weights[1] = 8.0 / 9.0;
    return DIO_KERNEL_OK;
  }
  case 4: {
    const double a = sqrt(3.0 / 7.0 - 2.0 / 7.0 * sqrt(1.2)), b = sqrt(3.0 / 7.0 + 2.0 / 7.0 * sqrt(1.2));
    const double wa = (18.0 + sqrt(30.0)) / 36.0, wb = (18.0 - sqrt(30.0)) / 36.0;
    points[0] = -b; points[1] = -a; points[2] = a; points[3] = b;
    weights[0] = weights[3] = wb; weights[1] = weights[2] = wa;
    return DIO_KERNEL_OK;
  }
  default:
    return DIO_KERNEL_BAD_ARGUMENT;
  }
}

/* 1D Lagrange basis of order p (1 or 2) at xi: values phi[p+1] and derivatives dphi[p+1]. */
static inline int dio_lagrange_1d(int order, double xi, double *restrict phi, double *restrict dphi)
{
  if (order == 1) {
    phi[0] = 0.5 * (1.0 - xi); phi[1] = 0.5 * (1.0 + xi);
    dphi[0] = -0.5; dphi[1] = 0.5;
    return DIO_KERNEL_OK;
  }
  if (order == 2) {
    phi[0] = 0.5 * xi * (xi - 1.0); phi[1] = 1.0 - xi * xi; phi[2] = 0.5 * xi * (xi + 1.0);
    dphi[0] = xi - 0.5; dphi[1] = -2.0 * xi; dphi[2] = xi + 0.5;
    return DIO_KERNEL_OK;
  }
  return DIO_KERNEL_BAD_ARGUMENT;
}

/* Reference coordinate of 1D node i for order p. */
static inline double dio_lagrange_node_1d(int order, int i) { return -1.0 + 2.0 * (double)i / (double)order; }

/* Tensor-product basis at reference point xi[dim]: N[nodes], dN[nodes][dim] (derivatives in reference coordinates). */
static inline int dio_tensor_basis(int dim, int order, const double *restrict xi, double *restrict N, double *restrict dN)
{
  double phi[DIO_MAX_DIM][3], dphi[DIO_MAX_DIM][3];
  const int n1 = order + 1;
  if (dim < 1 || dim > DIO_MAX_DIM) return DIO_KERNEL_BAD_ARGUMENT;
  for (int d = 0; d < dim; d++) {
    if (dio_lagrange_1d(order, xi[d], phi[d], dphi[d])) return DIO_KERNEL_BAD_ARGUMENT;
  }
  const int nk = dim > 2 ? n1 : 1, nj = dim > 1 ? n1 : 1;
  for (int k = 0; k < nk; k++) {
    for (int j = 0; j < nj; j++) {
      for (int i = 0; i < n1; i++) {
        const int    a  = i + n1 * (j + n1 * k);
        const double fx = phi[0][i], fy = dim > 1 ? phi[1][j] : 1.0, fz = dim > 2 ? phi[2][k] : 1.0;
        N[a] = fx * fy * fz;
        dN[a * dim + 0] = dphi[0][i] * fy * fz;
        if (dim > 1) dN[a * dim + 1] = fx * dphi[1][j] * fz;
        if (dim > 2) dN[a * dim + 2] = fx * fy * dphi[2][k];
      }
    }
  }
  return DIO_KERNEL_OK;
}

/* Reference element with its basis tabulated at a tensor Gauss rule: what every cell loop reads. */
typedef struct {
  int    dim, order, num_nodes, num_qpoints;
  int    simplex;     /* 0: tensor cell (this header), 1: triangle or tetrahedron (simplex_basis.h) */
  int    num_corners; /* 2^dim (tensor) or dim + 1 (simplex) */
  int    num_faces;   /* 2 dim (tensor) or dim + 1 (simplex) */
  double xi[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM];                 /* [num_qpoints][dim] */
  double weight[DIO_MAX_QUAD_POINTS];                           /* [num_qpoints] */
  double N[DIO_MAX_QUAD_POINTS * DIO_MAX_NODES];                /* [num_qpoints][num_nodes] */
  double dN[DIO_MAX_QUAD_POINTS * DIO_MAX_NODES * DIO_MAX_DIM]; /* [num_qpoints][num_nodes][dim] */
  double dN_corner[8 * DIO_MAX_NODES * DIO_MAX_DIM];            /* [num_corners][num_nodes][dim] at the corners */
} DioElementTab;

/* Tabulate order-p Lagrange basis on a tensor Gauss rule with points_1d points per direction (p + 1 integrates
   the stiffness of an affine cell exactly). */
static inline int dio_element_tab_init(int dim, int order, int points_1d, DioElementTab *restrict tab)
{
  double g[4], w[4];
  if (dim < 2 || dim > 3 || order < 1 || order > 2) return DIO_KERNEL_BAD_ARGUMENT;
  if (dio_gauss_legendre(points_1d, g, w)) return DIO_KERNEL_BAD_ARGUMENT;
  tab->dim         = dim;
  tab->order       = order;
  tab->simplex     = 0;
  tab->num_corners = 1 << dim;
  tab->num_faces   = 2 * dim;
  tab->num_nodes   = dim == 2 ? (order + 1) * (order + 1) : (order + 1) * (order + 1) * (order + 1);
  tab->num_qpoints = dim == 2 ? points_1d * points_1d : points_1d * points_1d * points_1d;
  const int nk = dim > 2 ? points_1d : 1;
  for (int k = 0, q = 0; k < nk; k++) {
    for (int j = 0; j < points_1d; j++) {
      for (int i = 0; i < points_1d; i++, q++) {
        double *x = &tab->xi[q * dim];
        x[0] = g[i]; x[1] = g[j];
        if (dim > 2) x[2] = g[k];
        tab->weight[q] = w[i] * w[j] * (dim > 2 ? w[k] : 1.0);
        if (dio_tensor_basis(dim, order, x, &tab->N[q * tab->num_nodes], &tab->dN[q * tab->num_nodes * dim])) return DIO_KERNEL_BAD_ARGUMENT;
      }
    }
  }
  for (int c = 0; c < (1 << dim); c++) {
    double corner[DIO_MAX_DIM], N[DIO_MAX_NODES];
    for (int d = 0; d < dim; d++) corner[d] = (c >> d) & 1 ? 1.0 : -1.0;
    if (dio_tensor_basis(dim, order, corner, N, &tab->dN_corner[c * tab->num_nodes * dim])) return DIO_KERNEL_BAD_ARGUMENT;
  }
  return DIO_KERNEL_OK;
}

/* Jacobian J[i][j] = d x_i / d xi_j at one point from node coordinates x[nodes][dim] and reference gradients
   dN[nodes][dim]; returns det J and, in dNx[nodes][dim], the physical gradients dN/dx = dN/dxi J^{-1}. */
static inline double dio_map_gradients(int dim, int num_nodes, const double *restrict x, const double *restrict dN,
                                       double *restrict Jinv, double *restrict dNx)
{
  double J[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0}, det;
  for (int a = 0; a < num_nodes; a++) {
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) J[i * dim + j] += x[a * dim + i] * dN[a * dim + j];
    }
  }
  if (dim == 2) {
    det     = J[0] * J[3] - J[1] * J[2];
    Jinv[0] = J[3] / det; Jinv[1] = -J[1] / det;
    Jinv[2] = -J[2] / det; Jinv[3] = J[0] / det;
  } else {
    det = J[0] * (J[4] * J[8] - J[5] * J[7]) - J[1] * (J[3] * J[8] - J[5] * J[6]) + J[2] * (J[3] * J[7] - J[4] * J[6]);
    Jinv[0] = (J[4] * J[8] - J[5] * J[7]) / det;
    Jinv[1] = (J[2] * J[7] - J[1] * J[8]) / det;
    Jinv[2] = (J[1] * J[5] - J[2] * J[4]) / det;
    Jinv[3] = (J[5] * J[6] - J[3] * J[8]) / det;
    Jinv[4] = (J[0] * J[8] - J[2] * J[6]) / det;
    Jinv[5] = (J[2] * J[3] - J[0] * J[5]) / det;
    Jinv[6] = (J[3] * J[7] - J[4] * J[6]) / det;
    Jinv[7] = (J[1] * J[6] - J[0] * J[7]) / det;
    Jinv[8] = (J[0] * J[4] - J[1] * J[3]) / det;
  }
  /* dN/dx_k = sum_j dN/dxi_j (J^{-1})_{jk} */
  for (int a = 0; a < num_nodes; a++) {
    for (int k = 0; k < dim; k++) {
      double s = 0.0;
      for (int j = 0; j < dim; j++) s += dN[a * dim + j] * Jinv[j * dim + k];
      dNx[a * dim + k] = s;
    }
  }
  return det;
}

/* Physical position of a point from node coordinates x[nodes][dim] and basis values N[nodes]. */
static inline void dio_map_point(int dim, int num_nodes, const double *restrict x, const double *restrict N, double *restrict X)
{
  for (int i = 0; i < dim; i++) X[i] = 0.0;
  for (int a = 0; a < num_nodes; a++) {
    for (int i = 0; i < dim; i++) X[i] += N[a] * x[a * dim + i];
  }
}

/* Orientation check over the quadrature points: the determinant must keep one sign and stay away from zero
   relative to the cell's own scale (a reflected lattice keeps one negative sign and is a valid cell). */
static inline int dio_det_status(double det, double det_first, double det_scale)
{
  if (!(fabs(det) > 1e-12 * det_scale)) return DIO_KERNEL_INVERTED_CELL;
  if (det * det_first <= 0.0) return DIO_KERNEL_INVERTED_CELL;
  return DIO_KERNEL_OK;
}

/* Corners of the cell: det J there must not have the sign opposite to det_first (that of the first quadrature point).
   Gauss points alone can miss a tangled cell: a 3D Q2 cell with two corners swapped has det J > 0 at all 27 points and
   < 0 at two corners. A zero corner determinant (a collapsed corner) is allowed. */
static inline int dio_corner_status_sized(const DioElementTab *restrict tab, const double *restrict x, double det_first, const int dim,
                                          const int num_nodes)
{
  double Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM];
  for (int c = 0; c < tab->num_corners; c++) {
    const double det = dio_map_gradients(dim, num_nodes, x, &tab->dN_corner[c * num_nodes * dim], Jinv, dNx);
    if (det * det_first < -1e-12 * det_first * det_first) return DIO_KERNEL_INVERTED_CELL;
  }
  return DIO_KERNEL_OK;
}

static inline int dio_corner_status(const DioElementTab *restrict tab, const double *restrict x, double det_first)
{
  return dio_corner_status_sized(tab, x, det_first, tab->dim, tab->num_nodes);
}

/* A simplex whose volume is negligible against its longest edge cubed (squared in 2D), |det J| <= 1e-12 h^dim:
   collinear or coplanar vertices that round-off kept from det J = 0. The vertices are nodes 0..dim. */
static inline int dio_simplex_degenerate(const DioElementTab *restrict tab, const double *restrict x, double det)
{
  double h2 = 0.0;
  for (int a = 0; a <= tab->dim; a++) {
    for (int b = a + 1; b <= tab->dim; b++) {
      double d2 = 0.0;
      for (int i = 0; i < tab->dim; i++)
        d2 += (x[a * tab->dim + i] - x[b * tab->dim + i]) * (x[a * tab->dim + i] - x[b * tab->dim + i]);
      h2 = d2 > h2 ? d2 : h2;
    }
  }
  return !(fabs(det) > 1e-12 * pow(h2, 0.5 * tab->dim));
}

/* The orientation check every kernel runs at quadrature point q: at the first point it records det_first and checks
   the corners (dio_corner_status) and, on a simplex, the cell's volume against its size (dio_simplex_degenerate); at
   every point the determinant must keep that sign (dio_det_status). The _sized forms take dim and num_nodes as
   arguments, so that a caller passing constants gets the loops unrolled (the same operations in the same order). */
static inline int dio_det_check_sized(const DioElementTab *restrict tab, const double *restrict x, int q, double det,
                                      double *restrict det_first, const int dim, const int num_nodes)
{
  if (q == 0) {
    *det_first = det;
    if (dio_corner_status_sized(tab, x, det, dim, num_nodes)) return DIO_KERNEL_INVERTED_CELL;
    if (tab->simplex && dio_simplex_degenerate(tab, x, det)) return DIO_KERNEL_INVERTED_CELL;
  }
  return dio_det_status(det, *det_first, fabs(*det_first));
}

static inline int dio_det_check(const DioElementTab *restrict tab, const double *restrict x, int q, double det, double *restrict det_first)
{
  return dio_det_check_sized(tab, x, q, det, det_first, tab->dim, tab->num_nodes);
}

/* Extrapolation from the quadrature points to the corners, E[num_corners][num_qpoints]: sum_q E[k][q] s_q is, at corner
   k, the polynomial of the element's basis fitted to the values s_q at the points by least squares (where the points
   are as many as the nodes, their interpolant): exact for a field in the element's space. N_corner[num_corners]
   [num_nodes]: the basis at the corners. Returns DIO_KERNEL_BAD_ARGUMENT where the points do not determine the fit. */
static inline int dio_qpoint_corner_extrapolation(const DioElementTab *restrict tab, const double *restrict N_corner,
                                                  double *restrict E)
{
  const int nn = tab->num_nodes, nq = tab->num_qpoints;
  double    M[DIO_MAX_NODES * DIO_MAX_NODES], R[DIO_MAX_NODES * DIO_MAX_QUAD_POINTS], scale = 0; /* A^T A, A^T */
  if (nq < nn || nn > DIO_MAX_NODES || nq > DIO_MAX_QUAD_POINTS) return DIO_KERNEL_BAD_ARGUMENT;
  for (int a = 0; a < nn; a++) {
    for (int q = 0; q < nq; q++) R[a * nq + q] = tab->N[q * nn + a];
    for (int b = 0; b < nn; b++) {
      double m = 0;
      for (int q = 0; q < nq; q++) m += tab->N[q * nn + a] * tab->N[q * nn + b];
      M[a * nn + b] = m;
    }
    scale = fmax(scale, M[a * nn + a]);
  }
  /* Cholesky M = L L^T (L in the lower triangle), then R <- M^-1 R column by column */
  for (int j = 0; j < nn; j++) {
    double d = M[j * nn + j];
    for (int k = 0; k < j; k++) d -= M[j * nn + k] * M[j * nn + k];
    if (!(d > 1e-12 * scale)) return DIO_KERNEL_BAD_ARGUMENT;
    M[j * nn + j] = sqrt(d);
    for (int i = j + 1; i < nn; i++) {
      double v = M[i * nn + j];
      for (int k = 0; k < j; k++) v -= M[i * nn + k] * M[j * nn + k];
      M[i * nn + j] = v / M[j * nn + j];
    }
  }
  for (int q = 0; q < nq; q++) {
    for (int i = 0; i < nn; i++) {
      double v = R[i * nq + q];
      for (int k = 0; k < i; k++) v -= M[i * nn + k] * R[k * nq + q];
      R[i * nq + q] = v / M[i * nn + i];
    }
    for (int i = nn - 1; i >= 0; i--) {
      double v = R[i * nq + q];
      for (int k = i + 1; k < nn; k++) v -= M[k * nn + i] * R[k * nq + q];
      R[i * nq + q] = v / M[i * nn + i];
    }
  }
  for (int k = 0; k < tab->num_corners; k++) {
    for (int q = 0; q < nq; q++) {
      double e = 0;
      for (int a = 0; a < nn; a++) e += N_corner[k * nn + a] * R[a * nq + q];
      E[k * nq + q] = e;
    }
  }
  return DIO_KERNEL_OK;
}
