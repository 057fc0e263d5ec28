/* SPDX-License-Identifier: BSD-2-Clause
   dio_material.h: the material table, mapping a layer id (mesh label "layer") to its constitutive parameters.
   Defaults come from the embedded data/materials.csv (or -materials_file), overridden per layer by options
   -materials_<layer>_<parameter> (e.g. -materials_granite_youngs_modulus 3e10). */
#pragma once
#include <petscsys.h>

#define DIO_MATERIAL_NAME_LEN 64

typedef struct {
  char      name[DIO_MATERIAL_NAME_LEN];
  PetscReal youngs_modulus;  /* Pa, drained (effective-stress) modulus */
  PetscReal poissons_ratio;  /* -, in (-1, 0.5) */
  PetscReal density;         /* kg/m3, bulk density (saturated where the layer is saturated) */
  PetscReal density_frozen;  /* kg/m3, bulk density in permafrost cells */
  PetscBool saturated;       /* pore water in hydrostatic pressure below the water level (not in permafrost) */
  /* strength: used where the constitutive model is not elastic (issue 4) */
  PetscInt  constitutive;     /* DioConstitutiveModel */
  PetscReal cohesion;         /* Pa, >= 0 */
  PetscReal friction_angle;   /* degrees, in [0, 90) */
  PetscReal dilation_angle;   /* degrees, in [0, friction_angle] */
  PetscReal tensile_strength; /* Pa, Rankine cut-off; PETSC_INFINITY: none (the apex c cot phi bounds tension) */
  PetscInt  dp_match;         /* DioMCDPMatch (mohr_coulomb.h): how a Drucker-Prager cone is fitted */
} DioLayerMaterial;

/* Constitutive model of a layer: -materials_constitutive (every layer) or -materials_<layer>_constitutive. */
typedef enum { DIO_MODEL_ELASTIC, DIO_MODEL_MOHR_COULOMB, DIO_MODEL_DRUCKER_PRAGER } DioConstitutiveModel;
PETSC_EXTERN const char *const DioConstitutiveModels[];
/* Hansson et al. (2004) fitted Omega = 7 to Jame & Norum's freezing columns (the impedance factor's default). */
#define DIO_ICE_IMPEDANCE_DEFAULT 7.0
/* Frozen-ground and thaw parameters of one layer (issue 5; frozen_table.c), theta = T_f - T (K, > 0 frozen). */
typedef struct {
  PetscReal frozen_youngs_modulus;       /* Pa: E_frozen(theta) = this + frozen_youngs_modulus_slope theta (table frozen_E0);
                                            0: the layer does not stiffen when frozen (rock) */
  PetscReal frozen_youngs_modulus_slope; /* Pa/K (table frozen_E1) */
  PetscReal frozen_poissons_ratio;       /* - (table frozen_poisson_ratio; default the thawed one) */
  PetscReal thaw_strain;                 /* -, vertical compression when all the pore ice melts (table thaw_strain) */
  PetscReal thermal_expansion;           /* 1/K, linear (table thermal_expansion) */
  PetscReal ice_impedance;               /* Omega, -: hydraulic conductivity K = K_unfrozen 10^(-Omega S_i) with the ice
                                            saturation S_i (Hansson et al. 2004; table ice_impedance, default 7) */
} DioLayerFrozen;

/* Groundwater (Biot poroelasticity, issue 14) parameters of one layer (flow_table.c). Hydraulic conductivity K is that
   of the pore water (Darcy mobility k / mu_w = K / (rho_w g)); given an intrinsic permeability k instead, K follows
   from the water's density and viscosity. A layer without porosity or conductivity has has_flow PETSC_FALSE: a
   coupled model refuses it where a cell uses it. */
/* How a layer's pore water responds (-materials_<layer>_drainage), as engineers name it: drained (the pore pressure stays
   hydrostatic: effective-stress parameters alone), undrained (no water leaves: the water's stiffness alpha^2 M is added
   to the drained bulk modulus), consolidation (coupled Biot flow). DEFAULT: the problem's own (drained in the
   mechanics problems, consolidation in -problem consolidation). */
typedef enum { DIO_DRAINAGE_DEFAULT, DIO_DRAINAGE_DRAINED, DIO_DRAINAGE_UNDRAINED, DIO_DRAINAGE_CONSOLIDATION } DioDrainage;
extern const char *const DioDrainageTypes[];

typedef struct {
  PetscBool has_flow;                          /* porosity and a conductivity (or permeability) are known */
  PetscReal porosity;                          /* -, in (0, 1) */
  PetscReal hydraulic_conductivity_horizontal; /* m/s, > 0: along x (and y in 3D) */
  PetscReal hydraulic_conductivity_vertical;   /* m/s, > 0: along the vertical axis */
  PetscReal permeability;                      /* m2, intrinsic; 0: not given (the conductivities hold) */
  PetscReal biot_coefficient;                  /* alpha, in (porosity, 1]; default 1 */
  PetscReal grain_compressibility;             /* c_s, 1/Pa, >= 0; default 0 (incompressible grains) */
  DioDrainage drainage;                        /* -materials_<layer>_drainage; DIO_DRAINAGE_DEFAULT if not given */
} DioLayerFlow;

/* The pore water's transport properties (table rows pore_water,viscosity / compressibility; options
   -materials_pore_water_viscosity, -materials_pore_water_compressibility). Its density is -loads_water_density. */
typedef struct {
  PetscReal viscosity;       /* Pa s, > 0 */
  PetscReal compressibility; /* 1/Pa, >= 0 (1 / bulk modulus) */
} DioPoreWater;

typedef struct _n_DioMaterialTable *DioMaterialTable;

PetscErrorCode DioMaterialTableCreate(MPI_Comm comm, PetscInt num_layers, const char *const layer_names[], DioMaterialTable *table);
PetscErrorCode DioMaterialTableDestroy(DioMaterialTable *table);
PetscErrorCode DioMaterialTableGetLayer(DioMaterialTable table, PetscInt layer, const DioLayerMaterial **material);
PetscErrorCode DioMaterialTableGetNumLayers(DioMaterialTable table, PetscInt *num_layers);
PetscErrorCode DioMaterialTableView(DioMaterialTable table, PetscViewer viewer);
PetscErrorCode DioMaterialTableGetFrozen(DioMaterialTable table, PetscInt layer, const DioLayerFrozen **frozen);
PetscErrorCode DioMaterialTableGetFlow(DioMaterialTable table, PetscInt layer, const DioLayerFlow **flow);
PetscErrorCode DioMaterialTableGetPoreWater(DioMaterialTable table, const DioPoreWater **water);
