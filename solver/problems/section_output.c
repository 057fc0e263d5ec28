/* SPDX-License-Identifier: BSD-2-Clause
   section_output.c: the HDF5/XDMF output of a section: the mesh and static cell fields, a new or continued time
   series, the mechanical fields of a step, and the whole output and summary of a run with one state. */
#include <petsctime.h>
#include "section.h"

/* Metadata, mesh and static cell fields (layer, permafrost, rank, modulus, stage) of a new or continued output. */
static PetscErrorCode SectionOutputFill(DioSection *sec, const PetscInt stage[], DioOutput *out)
{
  const DioMeshTopology *topo = &sec->topology;
  PetscInt              *layer_ids, *frozen, *ranks, cStart;
  PetscReal             *modulus;
  DMLabel                layer_label, frozen_label;
  PetscMPIInt            rank, size;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(sec->comm, &rank));
  PetscCallMPI(MPI_Comm_size(sec->comm, &size));
  PetscCall(DioSectionWriteMetadata(*out, sec->run, sec->problem, sec->dim, sec->opts.order, sec->profile,
                                    sec->materials, size));
  PetscCall(DioOutputWriteMesh(*out, sec->dim, topo->num_vertices, topo->vertex_offset, topo->num_vertices_global,
                               topo->vertex_coords, topo->num_cells, topo->cell_offset, topo->num_cells_global,
                               topo->vertices_per_cell, topo->cell_vertices));
  PetscCall(PetscMalloc4(topo->num_cells, &layer_ids, topo->num_cells, &frozen, topo->num_cells, &ranks,
                         topo->num_cells, &modulus));
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_LAYER, &layer_label));
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_PERMAFROST, &frozen_label));
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  for (PetscInt c = 0; c < topo->num_cells; c++) {
    const DioLayerMaterial *m;
    PetscInt                value = -1;
    PetscCall(DMLabelGetValue(layer_label, cStart + c, &layer_ids[c]));
    PetscCall(DioMaterialTableGetLayer(sec->materials, layer_ids[c] < 0 ? 0 : layer_ids[c], &m));
    modulus[c] = m->youngs_modulus;
    if (frozen_label) PetscCall(DMLabelGetValue(frozen_label, cStart + c, &value));
    frozen[c] = value == 1;
    ranks[c]  = rank;
  }
  PetscCall(DioOutputWriteIntField(*out, "layer", DIO_OUTPUT_CELL, layer_ids));
  PetscCall(DioOutputWriteIntField(*out, "permafrost", DIO_OUTPUT_CELL, frozen));
  PetscCall(DioOutputWriteIntField(*out, "rank", DIO_OUTPUT_CELL, ranks));
  PetscCall(DioOutputWriteField(*out, "youngs_modulus", DIO_OUTPUT_CELL, 1, "Pa", modulus));
  if (stage) PetscCall(DioOutputWriteIntField(*out, "excavation_stage", DIO_OUTPUT_CELL, stage));
  PetscCall(PetscFree4(layer_ids, frozen, ranks, modulus));
  PetscFunctionReturn(0);
}

/* Create the run's output: metadata, mesh and static cell fields (layer, permafrost, rank, modulus, stage). */
PetscErrorCode DioSectionOutputOpen(DioSection *sec, const PetscInt stage[], DioOutput *out)
{
  PetscFunctionBegin;
  PetscCall(DioOutputCreate(sec->comm, sec->opts.output_dir, sec->opts.output_name, sec->opts.output_overwrite, out));
  PetscCall(SectionOutputFill(sec, stage, out));
  PetscFunctionReturn(0);
}

/* The whole output of a run with one state: opens it, writes u as step 0 at time 0 (U = u), logs the paths and the time
   taken, and closes it. Returns the smallest vertical displacement (largest settlement) if asked. Collective. */
PetscErrorCode DioSectionOutputSingleStep(DioSection *sec, Vec u, PetscReal *displacement_vertical_min)
{
  DioOutput      out;
  PetscLogDouble t0, t1;
  const char    *h5, *xmf;

  PetscFunctionBegin;
  PetscCall(PetscTime(&t0));
  PetscCall(DioSectionOutputOpen(sec, NULL, &out));
  PetscCall(DioSectionOutputStep(sec, out, u, u, 0, 0.0, NULL, displacement_vertical_min));
  PetscCall(DioOutputGetPaths(out, &h5, &xmf));
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(sec, DIO_LOG_NORMAL, "[output]    %s and %s, %.2f s\n", h5, xmf, t1 - t0));
  PetscCall(DioOutputDestroy(&out));
  PetscFunctionReturn(0);
}

/* The end of a run with one state: the summary of u on the terminal, the summary file with the run's one result
   (key, value), and the wall time. Collective. */
PetscErrorCode DioSectionFinishSingleStep(DioSection *sec, Vec u, const char key[], PetscReal value)
{
  DioSummary     summary;
  PetscLogDouble t1;
  PetscBool      stop;

  PetscFunctionBegin;
  /* the one safe point of a single-solve run: a signal during set-up or the solve ends it here, exit code 75 */
  PetscCall(DioSectionStopPoint(sec, "the solve", &stop));
  PetscCall(DioSectionPrintSummary(sec, u));
  PetscCall(DioSectionSummaryBegin(sec, &summary));
  PetscCall(DioSummaryAddReal(summary, key, value));
  PetscCall(DioSummaryWriteAndDestroy(&summary));
  PetscCall(PetscTime(&t1));
  PetscCall(DioSectionLog(sec, DIO_LOG_QUIET, "[done]      wall %.1f s\n", t1 - sec->t_start));
  PetscFunctionReturn(0);
}

/* A restarted run continues its own output (one time series): the steps after last_step, written by the
   interrupted run after its checkpoint, are dropped. *appended is PETSC_FALSE when there was no output to continue
   (a checkpoint from elsewhere): a new output is created and the caller writes step last_step to it. Collective. */
PetscErrorCode DioSectionOutputContinue(DioSection *sec, const PetscInt stage[], PetscInt last_step, DioOutput *out,
                                        PetscBool *appended)
{
  PetscFunctionBegin;
  PetscCall(DioOutputReopen(sec->comm, sec->opts.output_dir, sec->opts.output_name, last_step, out));
  *appended = (PetscBool)(*out != NULL);
  if (*out == NULL)
    PetscCall(DioOutputCreate(sec->comm, sec->opts.output_dir, sec->opts.output_name, sec->opts.output_overwrite, out));
  PetscCall(SectionOutputFill(sec, stage, out));
  {
    char text[32];
    PetscCall(PetscSNPrintf(text, sizeof(text), "%" PetscInt_FMT, last_step));
    PetscCall(DioOutputSetMetadata(*out, "restarted_after_step", text));
  }
  PetscFunctionReturn(0);
}

/* One output step: the displacement U (accumulated since the initial state), the stresses of the current initial
   stress plus the increment u solved last, strain, pore pressure, sigma'_v, sigma'_h, their ratio, and the excavated
   flag when given. Returns the smallest vertical displacement (largest settlement) if asked. */
PetscErrorCode DioSectionOutputStep(DioSection *sec, DioOutput out, Vec U, Vec u, PetscInt step, PetscReal time,
                                    const PetscInt excavated[], PetscReal *displacement_vertical_min)
{
  PetscFunctionBegin;
  PetscCall(DioOutputBeginStep(out, step, time));
  PetscCall(DioSectionWriteStepFields(sec, out, U, u, excavated, displacement_vertical_min));
  PetscCall(DioOutputEndStep(out));
  PetscFunctionReturn(0);
}

/* The mechanical fields of a step between DioOutputBeginStep() and DioOutputEndStep() (problems that add their own). */
PetscErrorCode DioSectionWriteStepFields(DioSection *sec, DioOutput out, Vec U, Vec u, const PetscInt excavated[],
                                         PetscReal *displacement_vertical_min)
{
  const DioMeshTopology *topo = &sec->topology;
  const PetscInt         dim  = sec->dim;
  DioElasCellFields      cf;
  PetscReal             *displacement, *sv, *sh, *ratio, hi;

  PetscFunctionBegin;
  PetscCall(DioElasticityComputeCellFields(sec->elas, u, &cf));
  if (U != u) {
    /* the strain of the displacement since the initial state: u is the last solve's increment (a stage's, or zero
       where the stages' stress is stored), which gives the stress but only part of the strain */
    DioElasCellFields total;
    PetscCall(DioElasticityComputeCellFields(sec->elas, U, &total));
    PetscCall(PetscArraycpy(cf.strain, total.strain, 6 * topo->num_cells));
    PetscCall(DioElasCellFieldsDestroy(&total));
  }
  PetscCall(PetscMalloc1(3 * topo->num_vertices, &displacement));
  PetscCall(DioElasticityGetVertexDisplacement(sec->elas, U, topo->num_vertices, topo->vertex_points, displacement));
  PetscCall(PetscMalloc3(topo->num_cells, &sv, topo->num_cells, &sh, topo->num_cells, &ratio));
  for (PetscInt c = 0; c < topo->num_cells; c++) {
    const PetscReal *s = &cf.effective_stress[6 * c];
    /* vertical: yy in 2D, zz in 3D; horizontal along the alignment: xx */
    sv[c] = s[dim - 1];
    sh[c] = s[0];
    /* sigma'_v vanishes at the seabed; a ratio there means nothing */
    ratio[c] = PetscAbsReal(sv[c]) > 1.0 ? sh[c] / sv[c] : 0.0;
  }
  PetscCall(DioOutputWriteField(out, "displacement", DIO_OUTPUT_VERTEX, 3, "m", displacement));
  PetscCall(DioOutputWriteField(out, "stress", DIO_OUTPUT_CELL, 6, "Pa", cf.total_stress));
  PetscCall(DioOutputWriteField(out, "effective_stress", DIO_OUTPUT_CELL, 6, "Pa", cf.effective_stress));
  PetscCall(DioOutputWriteField(out, "strain", DIO_OUTPUT_CELL, 6, "-", cf.strain));
  PetscCall(DioOutputWriteField(out, "pore_pressure", DIO_OUTPUT_CELL, 1, "Pa", cf.pore_pressure));
  PetscCall(DioOutputWriteField(out, "effective_stress_vertical", DIO_OUTPUT_CELL, 1, "Pa", sv));
  PetscCall(DioOutputWriteField(out, "effective_stress_horizontal", DIO_OUTPUT_CELL, 1, "Pa", sh));
  PetscCall(DioOutputWriteField(out, "stress_ratio_h_v", DIO_OUTPUT_CELL, 1, "-", ratio));
  if (cf.plastic_strain) {
    PetscCall(DioOutputWriteField(out, "plastic_strain", DIO_OUTPUT_CELL, 1, "-", cf.plastic_strain));
    PetscCall(DioOutputWriteField(out, "yield_fraction", DIO_OUTPUT_CELL, 1, "-", cf.yield_fraction));
    PetscCall(DioRangeOf(sec->comm, topo->num_cells, 1, cf.plastic_strain, &hi, &sec->max_plastic_strain));
  }
  if (excavated) PetscCall(DioOutputWriteIntField(out, "excavated", DIO_OUTPUT_CELL, excavated));
  if (sec->imported && !cf.plastic_strain) {
    /* the stress at the vertices, averaged over the cells around each (what a benchmark reports at a point) */
    PetscReal *vertex_stress;
    PetscCall(PetscMalloc1(6 * topo->num_vertices + 1, &vertex_stress));
    PetscCall(DioElasticityComputeVertexStress(sec->elas, u, topo->num_vertices, topo->vertex_points, vertex_stress));
    PetscCall(DioOutputWriteField(out, "effective_stress_vertex", DIO_OUTPUT_VERTEX, 6, "Pa", vertex_stress));
    PetscCall(PetscFree(vertex_stress));
  }
  if (displacement_vertical_min)
    PetscCall(DioRangeOf(sec->comm, topo->num_vertices, 3, displacement + (dim - 1), displacement_vertical_min, &hi));
  PetscCall(PetscFree3(sv, sh, ratio));
  PetscCall(PetscFree(displacement));
  PetscCall(DioElasCellFieldsDestroy(&cf));
  PetscFunctionReturn(0);
}
