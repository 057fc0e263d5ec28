/* SPDX-License-Identifier: BSD-2-Clause
   verruijt_booker.h: displacement field of a shallow tunnel in an elastic half-plane (plane strain), Verruijt &
   Booker (1996), "Surface settlements due to deformation of a tunnel in an elastic half plane", Geotechnique 46(4),
   753-756. A pure function: used as prescribed wall (and far-field) displacements, and as the closed form the
   verification compares with.

   Coordinates of the paper: x horizontal from the tunnel axis, z downward from the surface, axis at depth h, bore
   radius R. The tunnel wall contracts uniformly by eps R (area lost 2 pi eps R^2 per metre: volume loss V_L = 2 eps)
   and ovalises by delta R (crown down, springlines out for delta > 0). With z1 = z - h, z2 = z + h,
   r1^2 = x^2 + z1^2, r2^2 = x^2 + z2^2, m = 1 / (1 - 2 nu), k = nu / (1 - nu):
     u_x = -eps R^2 (x/r1^2 + x/r2^2) + delta R^2 (x (x^2 - k z1^2)/r1^4 + x (x^2 - k z2^2)/r2^4)
           - (2 eps R^2 x / m) (1/r2^2 - 2 m z z2 / r2^4)
           - (4 delta R^2 x h / (m + 1)) (z2 / r2^4 + m z (x^2 - 3 z2^2) / r2^6)
     u_z = -eps R^2 (z1/r1^2 + z2/r2^2) + delta R^2 (z1 (k x^2 - z1^2)/r1^4 + z2 (k x^2 - z2^2)/r2^4)
           + (2 eps R^2 / m) ((m + 1) z2 / r2^2 - m z (x^2 - z2^2) / r2^4)
           - 2 delta R^2 h ((x^2 - z2^2) / r2^4 + (m / (m + 1)) 2 z z2 (3 x^2 - z2^2) / r2^6)
   u_z positive downward. At the surface u_z(x, 0) = 4 eps R^2 (1 - nu) h / (x^2 + h^2) - 2 delta R^2 h (x^2 - h^2) /
   (x^2 + h^2)^2. The field is an exact elastic solution with a traction-free surface; only its trace on the wall
   differs from the ideal (eps, delta) contraction, by O((R / h)^2). */
#pragma once

typedef struct {
  double radius, depth;             /* R, h (m) */
  double ground_loss, ovalisation;  /* eps, delta (-) */
  double poissons_ratio;            /* nu */
} DioVerruijtBooker;

/* Displacement (ux, uz) at (x, z), paper coordinates (z down from the surface, uz positive down). */
static inline void dio_verruijt_booker(const DioVerruijtBooker *vb, double x, double z, double *ux, double *uz)
{
  const double R2 = vb->radius * vb->radius, h = vb->depth, eps = vb->ground_loss, delta = vb->ovalisation;
  const double m = 1.0 / (1.0 - 2.0 * vb->poissons_ratio), k = vb->poissons_ratio / (1.0 - vb->poissons_ratio);
  const double z1 = z - h, z2 = z + h, r1 = x * x + z1 * z1, r2 = x * x + z2 * z2, x2 = x * x;

  *ux = -eps * R2 * (x / r1 + x / r2) + delta * R2 * (x * (x2 - k * z1 * z1) / (r1 * r1) + x * (x2 - k * z2 * z2) / (r2 * r2)) -
        2.0 * eps * R2 * x / m * (1.0 / r2 - 2.0 * m * z * z2 / (r2 * r2)) -
        4.0 * delta * R2 * x * h / (m + 1.0) * (z2 / (r2 * r2) + m * z * (x2 - 3.0 * z2 * z2) / (r2 * r2 * r2));
  *uz = -eps * R2 * (z1 / r1 + z2 / r2) + delta * R2 * (z1 * (k * x2 - z1 * z1) / (r1 * r1) + z2 * (k * x2 - z2 * z2) / (r2 * r2)) +
        2.0 * eps * R2 / m * ((m + 1.0) * z2 / r2 - m * z * (x2 - z2 * z2) / (r2 * r2)) -
        2.0 * delta * R2 * h * ((x2 - z2 * z2) / (r2 * r2) + m / (m + 1.0) * 2.0 * z * z2 * (3.0 * x2 - z2 * z2) / (r2 * r2 * r2));
}
