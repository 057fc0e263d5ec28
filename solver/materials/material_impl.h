/* SPDX-License-Identifier: BSD-2-Clause
   material_impl.h: functions shared by the files of solver/materials (private). */
#pragma once
#include "dio_material.h"
#include "dio_io.h"

/* Frozen-ground and thaw parameters of every layer (table defaults, options -materials_<layer>_...), allocated. */
PetscErrorCode DioMaterialFrozenCreate_Internal(MPI_Comm comm, DioTable csv, PetscInt num_layers, const DioLayerMaterial layers[], DioLayerFrozen **frozen);
/* Groundwater parameters of every layer (table defaults, options -materials_<layer>_...), allocated (flow_table.c). */
PetscErrorCode DioMaterialFlowCreate_Internal(MPI_Comm comm, DioTable csv, PetscInt num_layers, const DioLayerMaterial layers[], DioLayerFlow **flow,
                                              DioPoreWater *water);

/* Physical ranges of the table's values: a modulus of 1e-300 Pa or a density of 1e30 kg/m3 is a typo, not a ground. */
#define DIO_YOUNGS_MODULUS_MIN 1e3  /* Pa: softer than peat */
#define DIO_YOUNGS_MODULUS_MAX 1e13 /* Pa: stiffer than diamond */
#define DIO_DENSITY_MIN        100.0/* kg/m3: lighter than any soil, grout or foam concrete */
#define DIO_DENSITY_MAX        25000.0/* kg/m3: denser than osmium */
