/* SPDX-License-Identifier: BSD-2-Clause
   simplex_basis.h: Lagrange shape functions on the reference triangle and tetrahedron (P1 and P2), their quadrature
   rules, and the tabulations (DioElementTab, DioFaceTab) an element loop reads, so every kernel of elasticity.h,
   elastoplastic.h and heat.h runs on simplices unchanged. Pure header-only functions (see STYLE.md 2.7).

   Reference cell: the triangle (0,0), (1,0), (0,1) or the tetrahedron (0,0,0), (1,0,0), (0,1,0), (0,0,1), with
   barycentric coordinates L_0 = 1 - sum_d xi_d and L_(d+1) = xi_d. Node numbering: the vertices 0..dim, then (P2) the
   midpoints of the edges in the order of dio_simplex_edge(): triangle (0,1), (1,2), (2,0); tetrahedron (0,1), (1,2),
   (2,0), (0,3), (1,3), (2,3). Face f is the face opposite vertex f. Element dofs are node-major: dof = a * dim + i.
   fe_common.c maps DMPlex's closure of a cell onto this numbering (its vertices in closure order, each edge by the
   two vertices of its cone).

   Quadrature (dio_simplex_quadrature): the smallest of these rules exact for the requested degree, all with positive
   weights and interior points; each is checked monomial by monomial in tests/unit/test_kernels_simplex.c.
     triangle    degree 1:  1 point (centroid)
                 degree 2:  3 points (1/6, 1/6) orbit (Strang & Fix 1973, table 4.1)
                 degree 4:  6 points, two (a, a, 1 - 2a) orbits (Dunavant 1985, rule 4; closed form of the
                            points and weights from Cowper 1973)
                 degree 5:  7 points, centroid and two orbits with a = (6 -+ sqrt 15) / 21 (Radon 1948; Stroud
                            1971, T2:5-1)
     tetrahedron degree 1:  1 point (centroid)
                 degree 2:  4 points, a = (5 - sqrt 5) / 20 (Keast 1986, rule 2)
                 degree 5: 14 points, two (a, a, a, 1 - 3a) orbits and one (b, b, 1/2 - b, 1/2 - b) orbit (Walkington
                            2000, section 5.2, "5-14"; parameters solved here to round-off from its moment equations)
   The element uses degree 2 for P1 (exact stiffness and consistent mass of an affine cell) and degree 4 for P2
   (stiffness and mass exact; the load of a smooth body force to O(h^5)), dio_simplex_default_degree(). */
#pragma once
#include <math.h>
#include "dio_kernel_types.h"
#include "fe_basis.h"
#include "elasticity.h" /* DioFaceTab */

/* Nodes of the P<order> simplex in dim (2, 3): 3 / 6 (triangle), 4 / 10 (tetrahedron); 0 if unsupported. */
static inline int dio_simplex_num_nodes(int dim, int order)
{
  if ((dim != 2 && dim != 3) || order < 1 || order > 2) return 0;
  if (order == 1) return dim + 1;
  return dim == 2 ? 6 : 10;
}

/* The two vertices v[2] of reference edge `edge` (triangle 0..2, tetrahedron 0..5). */
static inline int dio_simplex_edge(int dim, int edge, int *restrict v)
{
  const int tri[3][2] = {{0, 1}, {1, 2}, {2, 0}}, tet[6][2] = {{0, 1}, {1, 2}, {2, 0}, {0, 3}, {1, 3}, {2, 3}};
  if (dim == 2 && edge >= 0 && edge < 3) {
    v[0] = tri[edge][0];
    v[1] = tri[edge][1];
    return DIO_KERNEL_OK;
  }
  if (dim == 3 && edge >= 0 && edge < 6) {
    v[0] = tet[edge][0];
    v[1] = tet[edge][1];
    return DIO_KERNEL_OK;
  }
  return DIO_KERNEL_BAD_ARGUMENT;
}

/* P<order> basis at reference point xi[dim]: N[nodes], dN[nodes][dim] (derivatives in reference coordinates).
   P1: N_a = L_a. P2: vertex a, N_a = L_a (2 L_a - 1); edge (i, j), N = 4 L_i L_j. */
static inline int dio_simplex_basis(int dim, int order, const double *restrict xi, double *restrict N,
                                    double *restrict dN)
{
  double L[4], dL[4][3];
  if (!dio_simplex_num_nodes(dim, order)) return DIO_KERNEL_BAD_ARGUMENT;
  L[0] = 1.0;
  for (int d = 0; d < dim; d++) {
    L[0] -= xi[d];
    L[d + 1] = xi[d];
    dL[0][d] = -1.0;
    for (int k = 0; k < dim; k++) dL[k + 1][d] = k == d ? 1.0 : 0.0;
  }
  for (int a = 0; a <= dim; a++) {
    N[a] = order == 1 ? L[a] : L[a] * (2.0 * L[a] - 1.0);
    for (int d = 0; d < dim; d++) dN[a * dim + d] = order == 1 ? dL[a][d] : (4.0 * L[a] - 1.0) * dL[a][d];
  }
  if (order == 1) return DIO_KERNEL_OK;
  for (int e = 0, num_edges = dim == 2 ? 3 : 6; e < num_edges; e++) {
    int       v[2] = {0, 0};
    const int a    = dim + 1 + e;
    dio_simplex_edge(dim, e, v);
    N[a] = 4.0 * L[v[0]] * L[v[1]];
    for (int d = 0; d < dim; d++) dN[a * dim + d] = 4.0 * (dL[v[0]][d] * L[v[1]] + L[v[0]] * dL[v[1]][d]);
  }
  return DIO_KERNEL_OK;
}

/* Append to points[][dim], weights[] (from index *n) the distinct permutations of the barycentric point L[dim + 1]
   (equal entries give fewer points), each with weight w. */
static inline void dio_simplex_orbit(int dim, const double *restrict L, double w, double *restrict points,
                                     double *restrict weights, int *restrict n)
{
  const int perm3[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  const int np          = dim == 2 ? 6 : 24;
  for (int p = 0; p < np; p++) {
    int    sigma[4];
    double P[4];
    if (dim == 2) {
      for (int k = 0; k < 3; k++) sigma[k] = perm3[p][k];
    } else { /* permutation p of 4: the last entry p / 6, the others a permutation of the remaining three */
      int rest[3], r = 0;
      for (int k = 0; k < 4; k++)
        if (k != p / 6) rest[r++] = k;
      for (int k = 0; k < 3; k++) sigma[k] = rest[perm3[p % 6][k]];
      sigma[3] = p / 6;
    }
    for (int k = 0; k <= dim; k++) P[k] = L[sigma[k]];
    int seen = 0; /* a point already listed (exact comparison: the same numbers permuted) */
    for (int q = 0; q < *n && !seen; q++) {
      int same = 1;
      for (int d = 0; d < dim; d++) same = same && points[q * dim + d] == P[d + 1];
      seen = same;
    }
    if (seen) continue;
    for (int d = 0; d < dim; d++) points[*n * dim + d] = P[d + 1];
    weights[*n] = w;
    (*n)++;
  }
}

/* Quadrature on the reference triangle (dim 2, area 1/2) or tetrahedron (dim 3, volume 1/6) exact for polynomials of
   degree `degree` (see the table at the top): points[n][dim], weights[n], *n. Degree above 5: DIO_KERNEL_BAD_ARGUMENT.
 */
static inline int dio_simplex_quadrature(int dim, int degree, double *restrict points, double *restrict weights,
                                         int *restrict n)
{
  *n = 0;
  if ((dim != 2 && dim != 3) || degree < 0 || degree > 5) return DIO_KERNEL_BAD_ARGUMENT;
  if (degree <= 1) {
    const double c = 1.0 / (dim + 1), L[4] = {c, c, c, c};
    dio_simplex_orbit(dim, L, dim == 2 ? 0.5 : 1.0 / 6.0, points, weights, n);
    return DIO_KERNEL_OK;
  }
  if (dim == 2) {
    if (degree == 2) {
      const double L[3] = {2.0 / 3.0, 1.0 / 6.0, 1.0 / 6.0};
      dio_simplex_orbit(2, L, 1.0 / 6.0, points, weights, n);
    } else if (degree <= 4) {
      const double r = sqrt(38.0 - 44.0 * sqrt(0.4)), s = sqrt(213125.0 - 53320.0 * sqrt(10.0));
      const double a = (8.0 - sqrt(10.0) + r) / 18.0, b = (8.0 - sqrt(10.0) - r) / 18.0;
      const double La[3] = {1.0 - 2.0 * a, a, a}, Lb[3] = {1.0 - 2.0 * b, b, b};
      dio_simplex_orbit(2, La, (620.0 + s) / 7440.0, points, weights, n);
      dio_simplex_orbit(2, Lb, (620.0 - s) / 7440.0, points, weights, n);
    } else {
      const double a = (6.0 - sqrt(15.0)) / 21.0, b = (6.0 + sqrt(15.0)) / 21.0, c = 1.0 / 3.0;
      const double Lc[3] = {c, c, c}, La[3] = {1.0 - 2.0 * a, a, a}, Lb[3] = {1.0 - 2.0 * b, b, b};
      dio_simplex_orbit(2, Lc, 9.0 / 80.0, points, weights, n);
      dio_simplex_orbit(2, La, (155.0 - sqrt(15.0)) / 2400.0, points, weights, n);
      dio_simplex_orbit(2, Lb, (155.0 + sqrt(15.0)) / 2400.0, points, weights, n);
    }
    return DIO_KERNEL_OK;
  }
  if (degree == 2) {
    const double a = (5.0 - sqrt(5.0)) / 20.0, L[4] = {1.0 - 3.0 * a, a, a, a};
    dio_simplex_orbit(3, L, 1.0 / 24.0, points, weights, n);
  } else {
    const double a1 = 0.09273525031089123, w1 = 0.012248840519393658;
    const double a2 = 0.31088591926330061, w2 = 0.018781320953002642;
    const double b = 0.045503704125649649, w3 = 0.0070910034628469110;
    const double L1[4] = {1.0 - 3.0 * a1, a1, a1, a1}, L2[4] = {1.0 - 3.0 * a2, a2, a2, a2},
                 L3[4] = {0.5 - b, 0.5 - b, b, b};
    dio_simplex_orbit(3, L1, w1, points, weights, n);
    dio_simplex_orbit(3, L2, w2, points, weights, n);
    dio_simplex_orbit(3, L3, w3, points, weights, n);
  }
  return DIO_KERNEL_OK;
}

/* The element's quadrature degree: 2 for P1, 4 for P2 (see the top of this file). */
static inline int dio_simplex_default_degree(int order)
{
  return order == 1 ? 2 : 4;
}

/* Tabulate the P<order> basis on the rule of dio_simplex_quadrature(dim, degree), and at the dim + 1 vertices (the
   corners dio_corner_status() checks). */
static inline int dio_simplex_element_tab_init(int dim, int order, int degree, DioElementTab *restrict tab)
{
  int nq;
  if (!dio_simplex_num_nodes(dim, order)) return DIO_KERNEL_BAD_ARGUMENT;
  if (dio_simplex_quadrature(dim, degree, tab->xi, tab->weight, &nq)) return DIO_KERNEL_BAD_ARGUMENT;
  tab->dim         = dim;
  tab->order       = order;
  tab->simplex     = 1;
  tab->num_corners = dim + 1;
  tab->num_faces   = dim + 1;
  tab->num_nodes   = dio_simplex_num_nodes(dim, order);
  tab->num_qpoints = nq;
  for (int q = 0; q < nq; q++)
    dio_simplex_basis(dim, order, &tab->xi[q * dim], &tab->N[q * tab->num_nodes], &tab->dN[q * tab->num_nodes * dim]);
  for (int c = 0; c <= dim; c++) {
    double corner[DIO_MAX_DIM], N[DIO_MAX_NODES];
    for (int d = 0; d < dim; d++) corner[d] = c == d + 1 ? 1.0 : 0.0;
    dio_simplex_basis(dim, order, corner, N, &tab->dN_corner[c * tab->num_nodes * dim]);
  }
  return DIO_KERNEL_OK;
}

/* Tabulate the cell's P<order> basis on face `face` (opposite vertex `face`) with a rule of degree `degree` on the face
   (Gauss-Legendre on an edge, dio_simplex_quadrature() on a triangle): the face points in cell reference coordinates,
   weights integrating over the reference face (its length or area: sqrt 2 for the triangle's hypotenuse, sqrt 3 / 2 for
   the tetrahedron's slanted face), the outward unit normal. direction and side are -1 (no tensor direction). */
static inline int dio_simplex_face_tab_init(int dim, int order, int degree, int face, DioFaceTab *restrict tab)
{
  double s[DIO_MAX_QUAD_POINTS * 2], w[DIO_MAX_QUAD_POINTS], V[3][DIO_MAX_DIM], measure;
  int    nq = 0;
  if (!dio_simplex_num_nodes(dim, order) || face < 0 || face > dim) return DIO_KERNEL_BAD_ARGUMENT;
  if (dim == 2) {
    double    g[4], gw[4];
    const int n1 = degree / 2 + 1; /* n Gauss points: degree 2n - 1 */
    if (dio_gauss_legendre(n1, g, gw)) return DIO_KERNEL_BAD_ARGUMENT;
    for (int q = 0; q < n1; q++) {
      s[q] = 0.5 * (1.0 + g[q]);
      w[q] = 0.5 * gw[q];
    }
    nq = n1;
  } else if (dio_simplex_quadrature(2, degree, s, w, &nq))
    return DIO_KERNEL_BAD_ARGUMENT;
  /* the face's vertices (all but `face`, increasing) in reference coordinates */
  for (int v = 0, k = 0; v <= dim; v++) {
    if (v == face) continue;
    for (int d = 0; d < dim; d++) V[k][d] = v == d + 1 ? 1.0 : 0.0;
    k++;
  }
  tab->dim         = dim;
  tab->order       = order;
  tab->direction   = -1;
  tab->side        = -1;
  tab->num_nodes   = dio_simplex_num_nodes(dim, order);
  tab->num_qpoints = nq;
  for (int d = 0; d < dim; d++) tab->normal[d] = face == 0 ? 1.0 / sqrt((double)dim) : (face == d + 1 ? -1.0 : 0.0);
  /* face measure over the measure of the rule's reference (the unit interval, or the triangle of area 1/2) */
  measure = face == 0 ? (dim == 2 ? sqrt(2.0) : sqrt(3.0)) : 1.0;
  for (int q = 0; q < nq; q++) {
    double xi[DIO_MAX_DIM];
    for (int d = 0; d < dim; d++) {
      xi[d] = V[0][d] + s[q * (dim - 1)] * (V[1][d] - V[0][d]);
      if (dim == 3) xi[d] += s[q * 2 + 1] * (V[2][d] - V[0][d]);
    }
    tab->weight[q] = w[q] * measure;
    dio_simplex_basis(dim, order, xi, &tab->N[q * tab->num_nodes], &tab->dN[q * tab->num_nodes * dim]);
  }
  return DIO_KERNEL_OK;
}
