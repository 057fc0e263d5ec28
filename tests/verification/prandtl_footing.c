/* SPDX-License-Identifier: BSD-2-Clause
   prandtl_footing.c: collapse load of a smooth flexible strip footing on a weightless cohesive soil (issue 4).

   Requirement: the elastoplastic solve (Mohr-Coulomb, or Drucker-Prager matched for plane strain) finds the collapse
   pressure of a strip footing within a few percent of Prandtl's bearing capacity on a refined mesh, the error
   shrinking with refinement.
   Reference: Prandtl (1920) for a weightless Tresca (phi = 0) half-plane under a uniform strip pressure:
   q_u = (2 + pi) c = 5.142 c, the exact plane-strain limit load (lower and upper bounds coincide; e.g. Chen,
   "Limit analysis and soil plasticity", 1975, sec. 4.2). Smooth flexible footing: a uniform pressure, no shear.
   Model: half-width b = 1 m with symmetry (roller on x = 0), domain [0, 5] x [-4, 0] m (the Prandtl mechanism
   reaches x = 3 b, depth b / sqrt(2)), rollers on x = 5, fixed base; E = 100 MPa, nu = 0.3, c = 100 kPa, phi = psi = 0
   (rigidity index G / c = 385); no gravity, pore pressure or sea load. Q2 elements (Q1 locks under isochoric plastic
   flow), the mesh graded towards the footing edge (x = b) and the surface. The applied pressure is -load_factor q_u
   (default 1.3) in load increments with cut-back: the load fraction reached when Newton fails at the smallest
   increment (-mech_load_increment_min) is the collapse load (load control cannot pass the limit load).
   Check: the relative error of the collapse load on the finest mesh is below -tol, and smaller than on the coarsest.
   Usage: prandtl_footing -n0 4 -levels 2 -tol 0.03 [-materials_footing_clay_constitutive drucker_prager]
   Measured (n0 4, levels 2: 96 / 384 cells, 850 / 3234 dofs): Mohr-Coulomb q_FE / q_u = 1.0080, 1.0004; Drucker-Prager
   (plane-strain match) 1.0080, 1.0029. The increment search finds a lower estimate of the discrete limit load (itself
   above q_u): with -mech_snes_max_it 10 instead of 30, Newton gives up earlier (1.0055, 0.988), hence -tol 0.03. */
#include <petscdmplex.h>
#include "dio_mesh.h"
#include "dio_material.h"
#include "dio_elasticity.h"

typedef struct {
  PetscReal b, width, depth, grading; /* m, m, m, - */
  PetscInt  n_foot, n_side, n_depth;  /* cells under the footing, beside it, over the depth */
} FootingMesh;

/* x of vertex column i: n_foot cells graded towards x = b from the left, n_side cells graded away from it. */
static PetscReal MapX(const FootingMesh *m, PetscInt i)
{
  if (i <= m->n_foot) return m->b * (1.0 - PetscPowReal(1.0 - (PetscReal)i / m->n_foot, m->grading));
  return m->b + (m->width - m->b) * PetscPowReal((PetscReal)(i - m->n_foot) / m->n_side, m->grading);
}

/* y of vertex row j (j = n_depth at the surface y = 0), graded towards the surface. */
static PetscReal MapY(const FootingMesh *m, PetscInt j) { return -m->depth * PetscPowReal(1.0 - (PetscReal)j / m->n_depth, m->grading); }

/* Graded rectangle with the face ids of dio_mesh.h: surface (top), base, west (x = 0), east; distributed. */
static PetscErrorCode CreateFootingMesh(MPI_Comm comm, const FootingMesh *m, DM *dm)
{
  const PetscInt faces[2] = {m->n_foot + m->n_side, m->n_depth};
  const PetscInt nx = faces[0], ny = faces[1];
  DM             dist = NULL;
  DMLabel        label;
  PetscBool      has;
  Vec            coords;
  PetscScalar   *x;
  PetscInt       n, fStart, fEnd;

  PetscFunctionBegin;
  PetscCall(DMPlexCreateBoxMesh(comm, 2, PETSC_FALSE, faces, NULL, NULL, NULL, PETSC_TRUE, dm));
  /* unit square -> graded rectangle: recover the vertex indices from the uniform coordinates */
  PetscCall(DMGetCoordinatesLocal(*dm, &coords));
  PetscCall(VecGetLocalSize(coords, &n));
  PetscCall(VecGetArray(coords, &x));
  for (PetscInt k = 0; k < n / 2; k++) {
    const PetscInt i = (PetscInt)PetscFloorReal(PetscRealPart(x[2 * k]) * nx + 0.5), j = (PetscInt)PetscFloorReal(PetscRealPart(x[2 * k + 1]) * ny + 0.5);
    x[2 * k]     = MapX(m, i);
    x[2 * k + 1] = MapY(m, j);
  }
  PetscCall(VecRestoreArray(coords, &x));
  PetscCall(DMSetCoordinatesLocal(*dm, coords));
  /* our face numbering, from the face centroids */
  PetscCall(DMHasLabel(*dm, DIO_LABEL_BOUNDARY, &has));
  if (has) PetscCall(DMRemoveLabel(*dm, DIO_LABEL_BOUNDARY, NULL));
  PetscCall(DMCreateLabel(*dm, "boundary_tmp"));
  PetscCall(DMGetLabel(*dm, "boundary_tmp", &label));
  PetscCall(DMPlexMarkBoundaryFaces(*dm, 1, label));
  PetscCall(DMCreateLabel(*dm, DIO_LABEL_BOUNDARY));
  PetscCall(DMPlexGetHeightStratum(*dm, 1, &fStart, &fEnd));
  for (PetscInt f = fStart; f < fEnd; f++) {
    PetscInt  value;
    PetscReal X[3], area, tol = 1e-9 * m->width;
    PetscCall(DMLabelGetValue(label, f, &value));
    if (value != 1) continue;
    PetscCall(DMPlexComputeCellGeometryFVM(*dm, f, &area, X, NULL));
    if (PetscAbsReal(X[0]) < tol) value = DIO_BOUNDARY_WEST;
    else if (PetscAbsReal(X[0] - m->width) < tol) value = DIO_BOUNDARY_EAST;
    else if (PetscAbsReal(X[1] + m->depth) < tol) value = DIO_BOUNDARY_BASE;
    else value = DIO_BOUNDARY_SURFACE;
    PetscCall(DMSetLabelValue(*dm, DIO_LABEL_BOUNDARY, f, value));
  }
  PetscCall(DMRemoveLabel(*dm, "boundary_tmp", NULL));
  PetscCall(DMPlexDistribute(*dm, 0, NULL, &dist));
  if (dist) {
    PetscCall(DMDestroy(dm));
    *dm = dist;
  }
  PetscFunctionReturn(0);
}

/* An option's value unless the command line set it. */
static PetscErrorCode SetDefault(const char key[], const char value[])
{
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasName(NULL, NULL, key, &set));
  if (!set) PetscCall(PetscOptionsSetValue(NULL, key, value));
  PetscFunctionReturn(0);
}

/* Uniform pressure p on the surface faces with centroid x < b. */
static PetscErrorCode LoadFooting(DioElasticity elas, const FootingMesh *m, PetscReal p)
{
  PetscInt   num_cells, n = 0, *cells, *faces;
  PetscReal *p0, *gradient, *z0;

  PetscFunctionBegin;
  PetscCall(DioElasticityGetNumCells(elas, &num_cells));
  PetscCall(PetscMalloc5(num_cells, &cells, num_cells, &faces, num_cells, &p0, num_cells, &gradient, num_cells, &z0));
  for (PetscInt c = 0; c < num_cells; c++) {
    for (PetscInt f = 0; f < 4; f++) {
      PetscReal X[3];
      PetscCall(DioElasticityGetFaceCentroid(elas, c, f, X));
      if (PetscAbsReal(X[1]) < 1e-9 * m->depth && X[0] < m->b) {
        cells[n] = c; faces[n] = f; p0[n] = p; gradient[n] = 0; z0[n] = 0;
        n++;
      }
    }
  }
  PetscCall(DioElasticitySetPressureFaces(elas, n, cells, faces, p0, gradient, z0));
  PetscCall(PetscFree5(cells, faces, p0, gradient, z0));
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  PetscInt         order = 2, levels = 2, n0 = 4;
  PetscReal        load_factor = 1.3, tol = 0.03, err[8];
  FootingMesh      mesh = {1.0, 5.0, 4.0, 1.5, 0, 0, 0};
  const char      *names[] = {"footing_clay"};
  DioMaterialTable materials;
  const DioLayerMaterial *clay;
  PetscReal        q_u;
  MPI_Comm         comm;

  PetscCall(PetscInitialize(&argc, &argv, NULL, "strip-footing collapse load against Prandtl's (2 + pi) c\n"));
  comm = PETSC_COMM_WORLD;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-order", &order, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-levels", &levels, NULL));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-n0", &n0, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-load_factor", &load_factor, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-tol", &tol, NULL));
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-grading", &mesh.grading, NULL));
  PetscCheck(levels >= 1 && levels <= 8, comm, PETSC_ERR_ARG_OUTOFRANGE, "-levels must be in [1, 8]");
  PetscCheck(load_factor > 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "-load_factor must be > 1 (the applied pressure over q_u)");
  PetscCall(SetDefault("-materials_footing_clay_youngs_modulus", "1e8"));
  PetscCall(SetDefault("-materials_footing_clay_poissons_ratio", "0.3"));
  PetscCall(SetDefault("-materials_footing_clay_density", "2000"));
  PetscCall(SetDefault("-materials_footing_clay_constitutive", "mohr_coulomb"));
  PetscCall(SetDefault("-materials_footing_clay_cohesion", "1e5"));
  PetscCall(SetDefault("-materials_footing_clay_friction_angle", "0"));
  PetscCall(SetDefault("-materials_footing_clay_dilation_angle", "0"));
  /* exact Newton: LU of the consistent tangent (small 2D meshes) */
  PetscCall(SetDefault("-mech_plastic_pc_elastic", "0"));
  PetscCall(SetDefault("-mech_ksp_type", "preonly"));
  PetscCall(SetDefault("-mech_pc_type", "lu"));
  PetscCall(SetDefault("-mech_load_increment_first", "0.25"));
  PetscCall(SetDefault("-mech_load_increment_min", "1e-3"));
  PetscCall(DioMaterialTableCreate(comm, 1, names, &materials));
  PetscCall(DioMaterialTableGetLayer(materials, 0, &clay));
  PetscCheck(clay->friction_angle == 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Prandtl's (2 + pi) c needs -materials_footing_clay_friction_angle 0");
  q_u = (2.0 + PETSC_PI) * clay->cohesion;
  PetscCall(PetscPrintf(comm, "Prandtl strip footing, %s, Q%d, c = %g Pa: q_u = (2 + pi) c = %g Pa, applied %g q_u\n%8s %8s %8s %12s %10s %6s %6s %8s\n",
                        DioConstitutiveModels[clay->constitutive], (int)order, (double)clay->cohesion, (double)q_u, (double)load_factor, "level", "cells",
                        "dofs", "q_FE/q_u", "rel err", "incr", "Newton", "time s"));
  for (PetscInt l = 0; l < levels; l++) {
    DM            dm;
    DioElasticity elas;
    DioElasLoads  loads = {0, 0, 0, PETSC_FALSE, PETSC_FALSE};
    DioSolveInfo  info;
    Vec           u;
    PetscInt      num_dofs;
    PetscReal     ratio;

    mesh.n_foot  = n0 << l;
    mesh.n_side  = 2 * mesh.n_foot;
    mesh.n_depth = 2 * mesh.n_foot;
    PetscCall(CreateFootingMesh(comm, &mesh, &dm));
    PetscCall(DioElasticityCreate(dm, order, materials, &elas));
    PetscCall(DioElasticitySetLoads(elas, &loads));
    PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_WEST, DIO_BC_ROLLER));
    PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_EAST, DIO_BC_ROLLER));
    PetscCall(DioElasticitySetBoundaryCondition(elas, DIO_BOUNDARY_BASE, DIO_BC_FIXED));
    PetscCall(DioElasticitySetUp(elas));
    PetscCall(LoadFooting(elas, &mesh, load_factor * q_u));
    PetscCall(DioElasticityGetNumDofs(elas, &num_dofs));
    PetscCall(DioElasticityCreateGlobalVector(elas, &u));
    PetscCall(DioElasticitySolvePlastic(elas, u, &info));
    PetscCheck(!info.converged, comm, PETSC_ERR_NOT_CONVERGED, "the footing carried %g q_u: no collapse found (raise -load_factor)", (double)load_factor);
    ratio  = info.load_fraction * load_factor;
    err[l] = ratio - 1.0;
    PetscCall(PetscPrintf(comm, "%8d %8d %8d %12.5f %+10.4f %6d %6d %8.2f\n", (int)l, (int)((mesh.n_foot + mesh.n_side) * mesh.n_depth), (int)num_dofs,
                          (double)ratio, (double)err[l], (int)info.load_increments, (int)info.newton_iterations, info.solve_seconds));
    PetscCall(VecDestroy(&u));
    PetscCall(DioElasticityDestroy(&elas));
    PetscCall(DMDestroy(&dm));
  }
  {
    const PetscBool pass = (PetscBool)(PetscAbsReal(err[levels - 1]) < tol && (levels == 1 || PetscAbsReal(err[levels - 1]) < PetscAbsReal(err[0])));
    PetscCall(PetscPrintf(comm, "finest relative error %+.4f (required |err| < %g%s): %s\n", (double)err[levels - 1], (double)tol,
                          levels > 1 ? " and below the coarsest's" : "", pass ? "PASS" : "FAIL"));
    PetscCall(DioMaterialTableDestroy(&materials));
    PetscCheck(pass, comm, PETSC_ERR_NOT_CONVERGED, "collapse load error %+.4f (finest) / %+.4f (coarsest), tolerance %g", (double)err[levels - 1], (double)err[0],
               (double)tol);
  }
  PetscCall(PetscFinalize());
  return 0;
}
