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
