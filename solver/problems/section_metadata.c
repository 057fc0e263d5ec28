/* SPDX-License-Identifier: BSD-2-Clause
   section_metadata.c: what a reader of a run's results needs to trust and reproduce them: the metadata of the HDF5
   output and the run summary every problem starts from. */
#include <petsctime.h>
#include "section.h"

/* Run metadata: what a reader of the file needs to trust and reproduce it. */
PetscErrorCode DioSectionWriteMetadata(DioOutput out, const DioRunInfo *run, const char problem[], PetscInt dim,
                                       PetscInt order, DioProfile profile, DioMaterialTable materials, PetscMPIInt size)
{
  char        buf[4096], *all_options = NULL, petsc_version[128];
  const char *source;
  PetscInt    num_layers;

  PetscFunctionBegin;
  PetscCall(DioOutputSetMetadata(out, "diomede_version", run->version));
  PetscCall(PetscGetVersion(petsc_version, sizeof(petsc_version)));
  PetscCall(DioOutputSetMetadata(out, "petsc_version", petsc_version));
  PetscCall(DioOutputSetMetadata(out, "problem", problem));
  PetscCall(DioOutputSetMetadata(out, "command_line", run->command_line ? run->command_line : ""));
  PetscCall(DioOutputSetMetadata(out, "case_file", run->case_file ? run->case_file : ""));
  PetscCall(PetscOptionsGetAll(NULL, &all_options));
  PetscCall(DioOutputSetMetadata(out, "options", all_options));
  PetscCall(PetscFree(all_options));
  PetscCall(DioOutputSetMetadata(out, "units",
                                 "SI: length m, displacement m, stress and pressure Pa, density kg/m3, time s"));
  PetscCall(
      DioOutputSetMetadata(out, "sign_convention",
                           "stress positive in tension (compression negative); pore pressure positive in compression; "
                           "total stress = effective_stress - pore_pressure I"));
  if (profile == NULL)
    PetscCall(PetscSNPrintf(buf, sizeof(buf), "%s: x, y (, z) of the mesh file, vertical axis y (2D) or z (3D)",
                            dim == 2 ? "2D" : "3D"));
  else
    PetscCall(PetscSNPrintf(
        buf, sizeof(buf),
        dim == 2 ? "2D plane strain: x along the alignment from the Cape Dezhnev shore, y up (sea level 0)"
                 : "3D: x along the alignment from the Cape Dezhnev shore, y across, z up (sea level 0)"));
  PetscCall(DioOutputSetMetadata(out, "axes", buf));
  PetscCall(DioOutputSetMetadata(out, "tensor_components", "xx, yy, zz, xy, yz, xz (tensor shear strain)"));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "Q%d", (int)order));
  PetscCall(DioOutputSetMetadata(out, "element", buf));
  PetscCall(PetscSNPrintf(buf, sizeof(buf), "%d", (int)size));
  PetscCall(DioOutputSetMetadata(out, "mpi_ranks", buf));
  if (profile) PetscCall(DioProfileGetSource(profile, &source));
  PetscCall(DioOutputSetMetadata(out, "profile", profile ? source : "none (imported mesh)"));
  PetscCall(DioMaterialTableGetNumLayers(materials, &num_layers));
  buf[0] = 0;
  for (PetscInt l = 0; l < num_layers; l++) {
    const DioLayerMaterial *m;
    char                    item[128];
    PetscCall(DioMaterialTableGetLayer(materials, l, &m));
    PetscCall(PetscSNPrintf(item, sizeof(item), "%s%d=%s", l ? ", " : "", (int)l, m->name));
    PetscCall(PetscStrlcat(buf, item, sizeof(buf)));
  }
  PetscCall(DioOutputSetMetadata(out, "layer_names", buf));
  PetscFunctionReturn(0);
}

/* The run summary with what every problem reports: inputs, size, iterations, wall time. Finish it with
   DioSummaryWriteAndDestroy(). Collective. */
PetscErrorCode DioSectionSummaryBegin(DioSection *sec, DioSummary *summary)
{
  PetscMPIInt    size;
  PetscLogDouble now;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_size(sec->comm, &size));
  PetscCall(PetscTime(&now));
  PetscCall(DioSummaryCreate(sec->comm, sec->opts.output_dir, sec->opts.output_name, summary));
  PetscCall(DioSummaryAddString(*summary, "diomede_version", sec->run->version));
  PetscCall(DioSummaryAddString(*summary, "problem", sec->problem));
  PetscCall(DioSummaryAddString(*summary, "case_file", sec->run->case_file ? sec->run->case_file : ""));
  PetscCall(DioSummaryAddOptions(*summary));
  PetscCall(DioSummaryAddReal(*summary, "mpi_ranks", size));
  PetscCall(DioSummaryAddReal(*summary, "cells", sec->num_cells));
  PetscCall(DioSummaryAddReal(*summary, "dofs", sec->num_dofs));
  PetscCall(DioSummaryAddReal(*summary, "solves", sec->num_solves));
  PetscCall(DioSummaryAddReal(*summary, "ksp_iterations_total", sec->total_iterations));
  PetscCall(DioSummaryAddReal(*summary, "newton_iterations_total", sec->total_newton_iterations));
  PetscCall(DioSummaryAddReal(*summary, "max_plastic_strain", sec->max_plastic_strain));
  PetscCall(DioSummaryAddReal(*summary, "wall_time_s", sec->wall_before + now - sec->t_start));
  PetscCall(DioSummaryAddReal(*summary, "restarts", sec->restarts));
  /* 1: a signal stopped the run early (exit code 75); the results are those of the last step done */
  PetscCall(DioSummaryAddReal(*summary, "stopped_on_signal", sec->run->stopped && *sec->run->stopped ? 1 : 0));
  {
    PetscReal peak;
    PetscCall(DioSystemPeakMemory(sec->comm, &peak));
    PetscCall(DioSummaryAddReal(*summary, "peak_memory_per_rank_bytes", peak));
    /* problems that estimate their size before the build (DioSectionRunSize()) */
    if (sec->size.memory_per_rank_bytes > 0) {
      PetscCall(DioSummaryAddReal(*summary, "estimated_peak_memory_per_rank_bytes", sec->size.memory_per_rank_bytes));
      PetscCall(DioSummaryAddReal(*summary, "resident_memory_at_estimate_bytes", sec->size.resident_bytes));
      PetscCall(DioSummaryAddReal(*summary, "estimated_output_bytes", sec->size.output_bytes));
    }
  }
  PetscFunctionReturn(0);
}
