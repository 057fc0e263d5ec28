/* SPDX-License-Identifier: BSD-2-Clause
   elasticity.h: pure element kernels for small-strain isotropic linear elasticity, plane strain (dim 2: x along,
   y up, z out of plane) and 3D (z up), on Q1/Q2 cells tabulated by fe_basis.h.

   Equations. Effective stress sigma' = lambda tr(eps) I + 2 mu eps (tension positive); total stress
   sigma = sigma' - p I with pore pressure p. Equilibrium div sigma + rho g = 0 in weak form, for every test v:
       int sigma'(u) : eps(v) = int rho g . v + int p div v + int_Gamma t . v
   so a hydrostatic p in saturated cells yields the buoyant unit weight automatically, and a pressure load
   t = -p_sea n on the seabed is balanced by the pore pressure where the top layer is saturated.
   Element dofs are node-major: dof = a * dim + component. Stress and strain are stored as 6 components
   (xx, yy, zz, xy, yz, xz), tensor (not engineering) shear strain; in plane strain eps_zz = 0 and
   sigma'_zz = lambda (eps_xx + eps_yy). */
#pragma once
#include <math.h>
#include "dio_kernel_types.h"
#include "fe_basis.h"

/* Lame parameters from Young's modulus E (Pa) and Poisson's ratio nu. */
static inline void dio_elas_lame(double youngs_modulus, double poissons_ratio, double *restrict lambda, double *restrict mu)
{
  *mu     = youngs_modulus / (2.0 * (1.0 + poissons_ratio));
  *lambda = youngs_modulus * poissons_ratio / ((1.0 + poissons_ratio) * (1.0 - 2.0 * poissons_ratio));
}

/* Element stiffness Ke[ndof][ndof] (ndof = num_nodes * dim, overwritten) of one cell with node coordinates
   x[num_nodes][dim]:  K_(a,i)(b,j) = int lambda dNa_i dNb_j + mu dNa_j dNb_i + mu delta_ij grad Na . grad Nb. */
/* noinline: GCC clones it per constant size (IPA-CP) instead, and does not check a caller's smaller Ke against the
   largest size's memset (a false -Wstringop-overflow where a caller's Ke is sized for its own element) */
__attribute__((noinline, unused)) static int dio_elas_stiffness_sized(const DioElementTab *restrict tab, const double *restrict x, double lambda,
                                           double mu, double *restrict Ke, const int dim, const int nn)
{
  const int ndof = nn * dim;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], det_first = 0.0;
  for (int i = 0; i < ndof * ndof; i++) Ke[i] = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    if (dio_det_check_sized(tab, x, q, det, &det_first, dim, nn)) return DIO_KERNEL_INVERTED_CELL;
    const double wdet = tab->weight[q] * fabs(det);
    for (int a = 0; a < nn; a++) {
      const double *ga = &dNx[a * dim];
      for (int b = 0; b < nn; b++) {
        const double *gb  = &dNx[b * dim];
        double        dot = 0.0;
        for (int k = 0; k < dim; k++) dot += ga[k] * gb[k];
        for (int i = 0; i < dim; i++) {
          double *row = &Ke[(a * dim + i) * ndof + b * dim];
          for (int j = 0; j < dim; j++) row[j] += wdet * (lambda * ga[i] * gb[j] + mu * ga[j] * gb[i] + (i == j ? mu * dot : 0.0));
        }
      }
    }
  }
  return DIO_KERNEL_OK;
}

/* The sizes of the usual elements as constants (Q1, Q2 in 2D and 3D): the compiler unrolls their loops, with the
   same operations in the same order, so the result is the same to the bit (issue 16: the Q1 stiffness and load
   kernels take about half their former time, by perf shares on DB1 n = 512). */
#define DIO_ELAS_SIZED_DISPATCH(call_sized, tab, ...)                                                                 \
  ((tab)->simplex ? call_sized(tab, __VA_ARGS__, (tab)->dim, (tab)->num_nodes)                                         \
   : (tab)->dim == 2 && (tab)->num_nodes == 4  ? call_sized(tab, __VA_ARGS__, 2, 4)                                    \
   : (tab)->dim == 3 && (tab)->num_nodes == 8  ? call_sized(tab, __VA_ARGS__, 3, 8)                                    \
   : (tab)->dim == 2 && (tab)->num_nodes == 9  ? call_sized(tab, __VA_ARGS__, 2, 9)                                    \
   : (tab)->dim == 3 && (tab)->num_nodes == 27 ? call_sized(tab, __VA_ARGS__, 3, 27)                                   \
                                               : call_sized(tab, __VA_ARGS__, (tab)->dim, (tab)->num_nodes))

static inline int dio_elas_stiffness(const DioElementTab *restrict tab, const double *restrict x, double lambda, double mu,
                                     double *restrict Ke)
{
  return DIO_ELAS_SIZED_DISPATCH(dio_elas_stiffness_sized, tab, x, lambda, mu, Ke);
}

/* Quadrature-point positions X[num_qpoints][dim] and weights times |det J| wdet[num_qpoints] of one cell. */
static inline int dio_elas_qpoints_sized(const DioElementTab *restrict tab, const double *restrict x, double *restrict X,
                                         double *restrict wdet, const int dim, const int nn)
{
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], det_first = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    if (dio_det_check_sized(tab, x, q, det, &det_first, dim, nn)) return DIO_KERNEL_INVERTED_CELL;
    wdet[q] = tab->weight[q] * fabs(det);
    dio_map_point(dim, nn, x, &tab->N[q * nn], &X[q * dim]);
  }
  return DIO_KERNEL_OK;
}

static inline int dio_elas_qpoints(const DioElementTab *restrict tab, const double *restrict x, double *restrict X, double *restrict wdet)
{
  return DIO_ELAS_SIZED_DISPATCH(dio_elas_qpoints_sized, tab, x, X, wdet);
}

/* Element load Fe[ndof] (overwritten) from a body force f[num_qpoints][dim] (N/m3) and a pore pressure
   p[num_qpoints] (Pa): F_(a,i) = int Na f_i + p dNa_i. */
static inline int dio_elas_body_load_sized(const DioElementTab *restrict tab, const double *restrict x,
                                           const double *restrict force, const double *restrict pressure,
                                           double *restrict Fe, const int dim, const int nn)
{
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], det_first = 0.0;
  for (int i = 0; i < nn * dim; i++) Fe[i] = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    if (dio_det_check_sized(tab, x, q, det, &det_first, dim, nn)) return DIO_KERNEL_INVERTED_CELL;
    const double  wdet = tab->weight[q] * fabs(det);
    const double *N    = &tab->N[q * nn];
    for (int a = 0; a < nn; a++) {
      for (int i = 0; i < dim; i++) Fe[a * dim + i] += wdet * (N[a] * force[q * dim + i] + pressure[q] * dNx[a * dim + i]);
    }
  }
  return DIO_KERNEL_OK;
}

static inline int dio_elas_body_load(const DioElementTab *restrict tab, const double *restrict x, const double *restrict force,
                                     const double *restrict pressure, double *restrict Fe)
{
  return DIO_ELAS_SIZED_DISPATCH(dio_elas_body_load_sized, tab, x, force, pressure, Fe);
}

/* Basis tabulated on one face of the reference cell: face = 2 * direction + side, side 0 at xi_d = -1 and side 1
   at xi_d = +1 (a simplex's face f is the one opposite vertex f: simplex_basis.h); the points are cell reference
   coordinates, so the cell's own basis is evaluated there, and the weights integrate over the reference face. */
typedef struct {
  int    dim, order, num_nodes, num_qpoints, direction, side;
  double normal[DIO_MAX_DIM]; /* outward unit normal of the reference face (+-e_direction on a tensor cell) */
  double weight[DIO_MAX_QUAD_POINTS];
  double N[DIO_MAX_QUAD_POINTS * DIO_MAX_NODES];
  double dN[DIO_MAX_QUAD_POINTS * DIO_MAX_NODES * DIO_MAX_DIM];
} DioFaceTab;

static inline int dio_face_tab_init(int dim, int order, int points_1d, int face, DioFaceTab *restrict tab)
{
  double g[4], w[4], xi[DIO_MAX_DIM];
  if (dim < 2 || dim > 3 || face < 0 || face >= 2 * dim) return DIO_KERNEL_BAD_ARGUMENT;
  if (dio_gauss_legendre(points_1d, g, w)) return DIO_KERNEL_BAD_ARGUMENT;
  tab->dim = dim; tab->order = order; tab->direction = face / 2; tab->side = face % 2;
  for (int d = 0; d < dim; d++) tab->normal[d] = d == tab->direction ? (tab->side ? 1.0 : -1.0) : 0.0;
  tab->num_nodes   = dim == 2 ? (order + 1) * (order + 1) : (order + 1) * (order + 1) * (order + 1);
  tab->num_qpoints = dim == 2 ? points_1d : points_1d * points_1d;
  const int nj = dim > 2 ? points_1d : 1;
  for (int j = 0, q = 0; j < nj; j++) {
    for (int i = 0; i < points_1d; i++, q++) {
      /* the face's free directions take the Gauss points in increasing direction order */
      for (int d = 0, f = 0; d < dim; d++) {
        if (d == tab->direction) xi[d] = tab->side ? 1.0 : -1.0;
        else xi[d] = (f++ == 0) ? g[i] : g[j];
      }
      tab->weight[q] = w[i] * (dim > 2 ? w[j] : 1.0);
      if (dio_tensor_basis(dim, order, xi, &tab->N[q * tab->num_nodes], &tab->dN[q * tab->num_nodes * dim])) return DIO_KERNEL_BAD_ARGUMENT;
    }
  }
  return DIO_KERNEL_OK;
}

/* Quadrature points X[num_qpoints][dim] and area weights wdA[num_qpoints] (weight times the surface Jacobian) of one
   face of a cell: Nanson's formula gives dA = |det J| |J^{-T} N_ref| dA_ref, N_ref the reference face's unit normal. */
static inline int dio_face_qpoints(const DioFaceTab *restrict tab, const double *restrict x, double *restrict X,
                                   double *restrict wdA)
{
  const int dim = tab->dim, nn = tab->num_nodes;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM];
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    double       n2  = 0.0;
    if (!(fabs(det) > 0.0)) return DIO_KERNEL_INVERTED_CELL;
    for (int i = 0; i < dim; i++) {
      double n_i = 0.0;
      for (int j = 0; j < dim; j++) n_i += Jinv[j * dim + i] * tab->normal[j];
      n2 += n_i * n_i;
    }
    wdA[q] = tab->weight[q] * fabs(det) * sqrt(n2);
    dio_map_point(dim, nn, x, &tab->N[q * nn], &X[q * dim]);
  }
  return DIO_KERNEL_OK;
}

/* Load Fe[ndof] (overwritten) of a pressure varying linearly with elevation, p = p0 + gradient (z0 - z), clipped at 0
   when gradient != 0 (nothing above its level; a uniform p0 < 0 pulls), acting on one face of a cell (traction
   t = -p n, n the outward normal; z the vertical coordinate, index dim - 1): the sea on the seabed (p0 = 0,
   gradient = rho_w g, z0 = sea level), TBM face support or tail grout (p0 at the axis, gradient of the slurry or
   grout). Nanson's formula with the cell's own Jacobian gives n dA = |det J| J^{-T} N_ref dA_ref, N_ref the
   reference face's outward normal (+-e_direction on a tensor cell). */
static inline int dio_elas_face_linear_pressure_load(const DioFaceTab *restrict tab, const double *restrict x, double p0, double gradient, double z0,
                                                     double *restrict Fe)
{
  const int dim = tab->dim, nn = tab->num_nodes;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], X[DIO_MAX_DIM];
  for (int i = 0; i < nn * dim; i++) Fe[i] = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    if (!(fabs(det) > 0.0)) return DIO_KERNEL_INVERTED_CELL;
    dio_map_point(dim, nn, x, &tab->N[q * nn], X);
    const double pz   = p0 + gradient * (z0 - X[dim - 1]);
    const double p    = (gradient != 0.0 && pz < 0.0) ? 0.0 : pz; /* a depth-dependent pressure stops at its level; a uniform one may pull */
    for (int i = 0; i < dim; i++) {
      double area_normal = 0.0; /* (J^{-T} N_ref)_i |det J| */
      for (int j = 0; j < dim; j++) area_normal += Jinv[j * dim + i] * tab->normal[j];
      area_normal *= fabs(det);
      for (int a = 0; a < nn; a++) Fe[a * dim + i] -= tab->weight[q] * tab->N[q * nn + a] * p * area_normal;
    }
  }
  return DIO_KERNEL_OK;
}

/* Element load Fe[ndof] (overwritten) of a uniform traction t[dim] (Pa) on one face: int N_a t_i dA, with
   dA = |det J| |J^{-T} N_ref| dA_ref. */
static inline int dio_elas_face_traction_load(const DioFaceTab *restrict tab, const double *restrict x, const double *restrict traction, double *restrict Fe)
{
  const int dim = tab->dim, nn = tab->num_nodes;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM];
  for (int i = 0; i < nn * dim; i++) Fe[i] = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    double       area = 0.0;
    if (!(fabs(det) > 0.0)) return DIO_KERNEL_INVERTED_CELL;
    for (int i = 0; i < dim; i++) {
      double area_normal = 0.0; /* (J^{-T} N_ref)_i */
      for (int j = 0; j < dim; j++) area_normal += Jinv[j * dim + i] * tab->normal[j];
      area += area_normal * area_normal;
    }
    area = fabs(det) * sqrt(area);
    for (int a = 0; a < nn; a++) {
      for (int i = 0; i < dim; i++) Fe[a * dim + i] += tab->weight[q] * tab->N[q * nn + a] * traction[i] * area;
    }
  }
  return DIO_KERNEL_OK;
}

/* Hydrostatic pressure p = unit_weight * max(0, level - z) on one face (the sea on the seabed). */
static inline int dio_elas_face_pressure_load(const DioFaceTab *restrict tab, const double *restrict x, double unit_weight, double level,
                                              double *restrict Fe)
{
  return dio_elas_face_linear_pressure_load(tab, x, 0.0, unit_weight, level, Fe);
}

/* Strain eps6[6] and effective stress sig6[6] (xx, yy, zz, xy, yz, xz) from physical gradients dNx[nodes][dim]
   and element displacements u[ndof] at one point. */
static inline void dio_elas_point_strain_stress(int dim, int num_nodes, const double *restrict dNx, const double *restrict u, double lambda,
                                                double mu, double *restrict eps6, double *restrict sig6)
{
  double grad[3][3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
  for (int a = 0; a < num_nodes; a++) {
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) grad[i][j] += u[a * dim + i] * dNx[a * dim + j];
    }
  }
  eps6[0] = grad[0][0];
  eps6[1] = grad[1][1];
  eps6[2] = grad[2][2];
  eps6[3] = 0.5 * (grad[0][1] + grad[1][0]);
  eps6[4] = 0.5 * (grad[1][2] + grad[2][1]);
  eps6[5] = 0.5 * (grad[0][2] + grad[2][0]);
  const double tr = eps6[0] + eps6[1] + eps6[2];
  for (int k = 0; k < 3; k++) sig6[k] = lambda * tr + 2.0 * mu * eps6[k];
  for (int k = 3; k < 6; k++) sig6[k] = 2.0 * mu * eps6[k];
}

/* Volume averages over one cell of strain eps6[6] and effective stress sig6[6], plus the cell volume. */
static inline int dio_elas_cell_average(const DioElementTab *restrict tab, const double *restrict x, const double *restrict u, double lambda,
                                        double mu, double *restrict eps6, double *restrict sig6, double *restrict volume)
{
  const int dim = tab->dim, nn = tab->num_nodes;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], e[6], s[6], det_first = 0.0, vol = 0.0;
  for (int k = 0; k < 6; k++) eps6[k] = sig6[k] = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    if (dio_det_check(tab, x, q, det, &det_first)) return DIO_KERNEL_INVERTED_CELL;
    const double wdet = tab->weight[q] * fabs(det);
    dio_elas_point_strain_stress(dim, nn, dNx, u, lambda, mu, e, s);
    for (int k = 0; k < 6; k++) {
      eps6[k] += wdet * e[k];
      sig6[k] += wdet * s[k];
    }
    vol += wdet;
  }
  for (int k = 0; k < 6; k++) {
    eps6[k] /= vol;
    sig6[k] /= vol;
  }
  *volume = vol;
  return DIO_KERNEL_OK;
}

/* Position of tensor component (i, j) in the 6-vector xx, yy, zz, xy, yz, xz. */
static inline int dio_voigt_index(int i, int j)
{
  if (i == j) return i;
  return i + j == 1 ? 3 : (i + j == 3 ? 4 : 5);
}

/* Effective stress sig_q[num_qpoints][6] at every quadrature point of one cell from element displacements u[ndof]. */
static inline int dio_elas_qpoint_stress(const DioElementTab *restrict tab, const double *restrict x, const double *restrict u, double lambda,
                                         double mu, double *restrict sig_q)
{
  const int dim = tab->dim, nn = tab->num_nodes;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], e[6], det_first = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    if (dio_det_check(tab, x, q, det, &det_first)) return DIO_KERNEL_INVERTED_CELL;
    dio_elas_point_strain_stress(dim, nn, dNx, u, lambda, mu, e, &sig_q[6 * q]);
  }
  return DIO_KERNEL_OK;
}

/* Internal force of a stress field given at the quadrature points, sig_q[num_qpoints][6]:
   Fe_(a,i) = int sigma_ij dNa/dx_j (overwritten). With the initial (geostatic) stress this is the force the
   ground exerted on itself; removing cells leaves it unbalanced on the excavation boundary. */
static inline int dio_elas_stress_load(const DioElementTab *restrict tab, const double *restrict x, const double *restrict sig_q,
                                       double *restrict Fe)
{
  const int dim = tab->dim, nn = tab->num_nodes;
  double    Jinv[9], dNx[DIO_MAX_NODES * DIO_MAX_DIM], det_first = 0.0;
  for (int i = 0; i < nn * dim; i++) Fe[i] = 0.0;
  for (int q = 0; q < tab->num_qpoints; q++) {
    const double det = dio_map_gradients(dim, nn, x, &tab->dN[q * nn * dim], Jinv, dNx);
    if (dio_det_check(tab, x, q, det, &det_first)) return DIO_KERNEL_INVERTED_CELL;
    const double  wdet = tab->weight[q] * fabs(det);
    const double *s    = &sig_q[6 * q];
    for (int a = 0; a < nn; a++) {
      for (int i = 0; i < dim; i++) {
        double f = 0.0;
        for (int j = 0; j < dim; j++) f += s[dio_voigt_index(i, j)] * dNx[a * dim + j];
        Fe[a * dim + i] += wdet * f;
      }
    }
  }
  return DIO_KERNEL_OK;
}
