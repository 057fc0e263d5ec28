/* SPDX-License-Identifier: BSD-2-Clause
   elastoplastic.h: pure element kernels of the small-strain elastoplastic (Newton) solve: strain increments at the
   quadrature points, and the element tangent from the material tangents there. The internal force of a stress field
   is dio_elas_stress_load() (elasticity.h); the material update is dio_mc_update_batch() (mohr_coulomb.h).

   Conventions (elasticity.h): 6-vectors xx, yy, zz, xy, yz, xz with tensor shear strain; dofs node-major. With
   B_m(a,i) = d eps_m / d u_(a,i) (eps_xy = (u_x,y + u_y,x) / 2) and the weights W = (1, 1, 1, 2, 2, 2) that turn the
   6-vector product into the tensor product sigma : eps, the internal force and its derivative are
       F_(a,i) = int sum_m W_m sigma_m B_m(a,i),        K_(a,i)(b,j) = int sum_mn W_m B_m(a,i) D_mn B_n(b,j)
   where D_mn = d sigma_m / d eps_n is the material tangent of mohr_coulomb.h (elastic: D = lambda 1 x 1 + 2 mu I,
   and then K is dio_elas_stiffness()). In plane strain (dim 2) the out-of-plane strains are zero and sigma_zz is a
   state variable of the material point. */
#pragma once
#include <math.h>
#include "dio_kernel_types.h"
#include "fe_basis.h"

/* Strain eps_q[num_qpoints][6] of the element displacements du[ndof] at every quadrature point of one cell. */
static inline int dio_ep_qpoint_strain(const DioElementTab *restrict tab, const double *restrict x, const double *restrict du,
                                       double *restrict eps_q)
{
  const int dim = tab->dim, nn = tab->num_nodes;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], det_first = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    double       grad[3][3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    double      *e          = &eps_q[6 * q];
    if (dio_det_check(tab, x, q, det, &det_first)) return DIO_KERNEL_INVERTED_CELL;
    for (int a = 0; a < nn; a++) {
      for (int i = 0; i < dim; i++) {
        for (int j = 0; j < dim; j++) grad[i][j] += du[a * dim + i] * dNx[a * dim + j];
      }
    }
    e[0] = grad[0][0];
    e[1] = grad[1][1];
    e[2] = grad[2][2];
    e[3] = 0.5 * (grad[0][1] + grad[1][0]);
    e[4] = 0.5 * (grad[1][2] + grad[2][1]);
    e[5] = 0.5 * (grad[0][2] + grad[2][0]);
  }
  return DIO_KERNEL_OK;
}

/* B[ndof][6]: d eps / d u_(a,i) at one point from the physical gradients dNx[num_nodes][dim]. */
static inline void dio_ep_strain_operator(int dim, int num_nodes, const double *restrict dNx, double *restrict B)
{
  for (int a = 0; a < num_nodes; a++) {
    const double *g = &dNx[a * dim];
    for (int i = 0; i < dim; i++) {
      double *b = &B[(a * dim + i) * 6];
      for (int m = 0; m < 6; m++) b[m] = 0.0;
      b[i] = g[i];
      /* the shear pairs (0,1) -> xy, (1,2) -> yz, (0,2) -> xz: eps_ij = (u_i,j + u_j,i) / 2 */
      if (i == 0) {
        b[3] = 0.5 * g[1];
        if (dim == 3) b[5] = 0.5 * g[2];
      } else if (i == 1) {
        b[3] = 0.5 * g[0];
        if (dim == 3) b[4] = 0.5 * g[2];
      } else {
        b[4] = 0.5 * g[1];
        b[5] = 0.5 * g[0];
      }
    }
  }
}

/* Element tangent Ke[ndof][ndof] (overwritten; non-symmetric when D is) from the material tangents
   tangent_q[num_qpoints][36] (row-major d sigma_m / d eps_n). */
static inline int dio_ep_tangent_stiffness(const DioElementTab *restrict tab, const double *restrict x, const double *restrict tangent_q,
                                           double *restrict Ke)
{
  const int dim = tab->dim, nn = tab->num_nodes, ndof = nn * dim;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], det_first = 0.0;
  double    B[DIO_MAX_ELEMENT_DOFS * 6], WBD[DIO_MAX_ELEMENT_DOFS * 6];
  for (int i = 0; i < ndof * ndof; i++) Ke[i] = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    if (dio_det_check(tab, x, q, det, &det_first)) return DIO_KERNEL_INVERTED_CELL;
    const double  wdet = tab->weight[q] * fabs(det);
    const double *D    = &tangent_q[36 * q];
    dio_ep_strain_operator(dim, nn, dNx, B);
    /* WBD(r, n) = wdet sum_m W_m B_m(r) D_mn */
    for (int r = 0; r < ndof; r++) {
      const double *b = &B[r * 6];
      for (int n = 0; n < 6; n++) {
        double s = 0.0;
        for (int m = 0; m < 6; m++) s += (m < 3 ? 1.0 : 2.0) * b[m] * D[m * 6 + n];
        WBD[r * 6 + n] = wdet * s;
      }
    }
    for (int r = 0; r < ndof; r++) {
      const double *w   = &WBD[r * 6];
      double       *row = &Ke[r * ndof];
      for (int s = 0; s < ndof; s++) {
        const double *b = &B[s * 6];
        row[s] += w[0] * b[0] + w[1] * b[1] + w[2] * b[2] + w[3] * b[3] + w[4] * b[4] + w[5] * b[5];
      }
    }
  }
  return DIO_KERNEL_OK;
}
