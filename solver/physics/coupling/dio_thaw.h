/* SPDX-License-Identifier: BSD-2-Clause
   dio_thaw.h: one-way coupling of the heat (dio_heat.h) to the mechanics (dio_elasticity.h) on the same mesh, per
   heat output step (issue 5). Rules, with S_i = 1 - S_w the ice saturation:
   - stiffness, per cell from the cell averages of T and S_i (the elasticity's moduli are per cell):
     E = E_t + S_i (E_f(theta) - E_t), nu = nu_t + S_i (nu_f - nu_t), E_f = frozen_youngs_modulus +
     frozen_youngs_modulus_slope theta, theta = max(T_f - T, 0), for layers with frozen_youngs_modulus > 0 (others
     keep E_t, nu_t: rock);
   - eigenstrain, at every quadrature point of the mechanics from T interpolated there and S_i(T) (issue 17; with
     DIO_THAW_POINTS_CELLS every point takes its cell's averages, the former per-cell rule): thermal alpha (T - T_0) on
     xx, yy, zz (plane strain keeps zz), and the thaw strain -thaw_strain d on the vertical component only
     (one-dimensional thaw consolidation), with d the point's largest drop of S_i below its reference value so far:
     thaw settlement is irreversible, refreezing does not heave.
   T_0 and S_i0 are the reference state (DioThawCouplingSetReference()). */
#pragma once
#include "dio_heat.h"
#include "dio_elasticity.h"

typedef struct _n_DioThawCoupling *DioThawCoupling;

/* Where the strains are evaluated (-thaw_strain_points): at the mechanics' quadrature points, or per cell. */
typedef enum { DIO_THAW_POINTS_QUADRATURE, DIO_THAW_POINTS_CELLS } DioThawPoints;
extern const char *const DioThawPointsNames[];

/* Cell fields of the last update, one entry per local cell (borrowed, valid until the next update). */
typedef struct {
  const PetscReal *temperature;    /* degC */
  const PetscReal *ice_saturation; /* - */
  const PetscReal *thaw_strain;    /* -, vertical eigenstrain of the thaw (<= 0), the cell mean of its points' */
  const PetscReal *youngs_modulus; /* Pa */
  PetscInt         num_qpoints;    /* the mechanics' quadrature points per cell */
  const PetscReal *eigenstrain;    /* [num_cells][num_qpoints][6] thermal and thaw strain since the reference state */
} DioThawCellFields;

PetscErrorCode DioThawCouplingCreate(DioHeat heat, DioElasticity elas, DioMaterialTable materials,
                                     DioThawCoupling *coupling);
PetscErrorCode DioThawCouplingDestroy(DioThawCoupling *coupling);
PetscErrorCode DioThawPointsFromOptions(MPI_Comm comm, DioThawPoints *points);
PetscErrorCode DioThawCouplingSetPoints(DioThawCoupling coupling, DioThawPoints points);
PetscErrorCode DioThawCouplingSetReference(DioThawCoupling coupling, Vec T);
PetscErrorCode DioThawCouplingUpdate(DioThawCoupling coupling, Vec T, PetscBool eigenstrain);
PetscErrorCode DioThawCouplingGetCellFields(DioThawCoupling coupling, DioThawCellFields *fields);
PetscErrorCode DioThawCouplingGetReferenceIce(DioThawCoupling coupling, const PetscReal **ice0);
PetscErrorCode DioThawCouplingGetHistory(DioThawCoupling coupling, PetscInt *num_qpoints, const PetscReal **thawed);
PetscErrorCode DioThawCouplingSetHistory(DioThawCoupling coupling, const PetscReal thawed[]);
