/* SPDX-License-Identifier: BSD-2-Clause
   xdmf.c: the XDMF 3 index of a run's HDF5 file, for ParaView's "XDMF Reader" (Xdmf3ReaderS): a temporal collection
   with one grid per completed step, the static fields repeated in every grid. Heavy data are referenced as
   "<run>.h5:/path", relative to the index, so the pair can be moved together. */
#include "dio_io.h"
#include "output_impl.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The index, built in memory on every rank (all ranks hold the same field list) and written by rank 0. */
typedef struct {
  char  *text;
  size_t length, capacity;
} DioXdmfText;

static PetscErrorCode DioXdmfAppend(DioXdmfText *xml, const char format[], ...)
{
  char    line[2 * PETSC_MAX_PATH_LEN];
  size_t  full, length;
  va_list args;

  PetscFunctionBegin;
  va_start(args, format);
  PetscCall(PetscVSNPrintf(line, sizeof(line), format, &full, args));
  va_end(args);
  PetscCheck(full <= sizeof(line), PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "XDMF: line of %zu characters exceeds the %zu-character buffer", full, sizeof(line));
  PetscCall(PetscStrlen(line, &length));
  if (xml->length + length + 1 > xml->capacity) {
    const size_t capacity = PetscMax(PetscMax(2 * xml->capacity, xml->length + length + 1), (size_t)8192);
    char        *text;

    PetscCall(PetscMalloc1(capacity, &text));
    if (xml->length > 0) PetscCall(PetscArraycpy(text, xml->text, xml->length));
    PetscCall(PetscFree(xml->text));
    xml->text     = text;
    xml->capacity = capacity;
  }
  PetscCall(PetscArraycpy(xml->text + xml->length, line, length + 1));
  xml->length += length;
  PetscFunctionReturn(0);
}

/* The shortest of %.15g and %.17g that reads back as the same double (times such as 0.1 stay readable). */
static PetscErrorCode DioXdmfFormatTime(PetscReal time, char text[], size_t size)
{
  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(text, size, "%.15g", (double)time));
  if (strtod(text, NULL) == (double)time) PetscCall(PetscSNPrintf(text, size, "%.15g", (double)time));
  else PetscCall(PetscSNPrintf(text, size, "%.17g", (double)time));
  PetscFunctionReturn(0);
}

static PetscErrorCode DioXdmfAppendField(DioXdmfText *xml, DioOutput out, const DioOutputFieldInfo *field,
                                         const char group[])
{
  const PetscInt rows = field->center == DIO_OUTPUT_VERTEX ? out->num_vertices_global : out->num_cells_global;
  const char    *type =
      field->ncomp == 1 ? "Scalar" : (field->ncomp == 3 ? "Vector" : (field->ncomp == 6 ? "Tensor6" : "Matrix"));
  char dims[64];

  PetscFunctionBegin;
  if (field->ncomp == 1) PetscCall(PetscSNPrintf(dims, sizeof(dims), "%" PetscInt_FMT, rows));
  else PetscCall(PetscSNPrintf(dims, sizeof(dims), "%" PetscInt_FMT " %" PetscInt_FMT, rows, field->ncomp));
  PetscCall(DioXdmfAppend(xml, "        <Attribute Name=\"%s\" AttributeType=\"%s\" Center=\"%s\">\n", field->name,
                          type, field->center == DIO_OUTPUT_VERTEX ? "Node" : "Cell"));
  PetscCall(DioXdmfAppend(
      xml,
      "          <DataItem Dimensions=\"%s\" NumberType=\"%s\" Precision=\"8\" Format=\"HDF\">%s:%s/%s</DataItem>\n",
      dims, field->is_int ? "Int" : "Float", out->h5_name, group, field->name));
  PetscCall(DioXdmfAppend(xml, "        </Attribute>\n"));
  PetscFunctionReturn(0);
}

/*
  The time ParaView is given for completed step `slot`: its own, or, where it is not after the one before (a state and
  the undrained response at the same instant), 1e-9 of the time (at least 1e-9 s) after it. ParaView's XDMF reader
  shows nothing at a time two grids share; the .h5 (/steps/time) and the probes keep the exact times.
*/
static PetscReal DioXdmfStepTime(DioOutput out, PetscInt slot)
{
  PetscReal time = out->step_times[0];

  for (PetscInt s = 1; s <= slot; s++) {
    const PetscReal next = time + 1e-9 * PetscMax(1.0, PetscAbsReal(time));
    time                 = PetscMax(out->step_times[s], next);
  }
  return time;
}

/* One uniform grid: the mesh, the static fields, and the fields of completed step `slot` (-1: static fields only). */
static PetscErrorCode DioXdmfAppendGrid(DioXdmfText *xml, DioOutput out, PetscInt slot)
{
  char grid[64], group[64], time[64];

  PetscFunctionBegin;
  if (slot < 0) {
    PetscCall(PetscStrncpy(grid, "static", sizeof(grid)));
    PetscCall(DioXdmfFormatTime(0.0, time, sizeof(time)));
  } else {
    PetscCall(PetscSNPrintf(grid, sizeof(grid), "step_%06" PetscInt_FMT, out->step_numbers[slot]));
    PetscCall(DioXdmfFormatTime(DioXdmfStepTime(out, slot), time, sizeof(time)));
  }
  PetscCall(DioXdmfAppend(xml, "      <Grid Name=\"%s\" GridType=\"Uniform\">\n", grid));
  PetscCall(DioXdmfAppend(xml, "        <Time Value=\"%s\"/>\n", time));
  PetscCall(DioXdmfAppend(xml, "        <Topology TopologyType=\"%s\" NumberOfElements=\"%" PetscInt_FMT "\">\n",
                          out->vertices_per_cell == 8 ? "Hexahedron" : out->vertices_per_cell == 4 ? (out->dim == 3 ? "Tetrahedron" : "Quadrilateral") : "Triangle",
                          out->num_cells_global));
  PetscCall(DioXdmfAppend(xml,
                          "          <DataItem Dimensions=\"%" PetscInt_FMT " %" PetscInt_FMT
                          "\" NumberType=\"Int\" Precision=\"8\" Format=\"HDF\">%s:/mesh/cells</DataItem>\n",
                          out->num_cells_global, out->vertices_per_cell, out->h5_name));
  PetscCall(DioXdmfAppend(xml, "        </Topology>\n"));
  PetscCall(DioXdmfAppend(xml, "        <Geometry GeometryType=\"XYZ\">\n"));
  PetscCall(DioXdmfAppend(xml,
                          "          <DataItem Dimensions=\"%" PetscInt_FMT
                          " 3\" NumberType=\"Float\" Precision=\"8\" Format=\"HDF\">%s:/mesh/vertices</DataItem>\n",
                          out->num_vertices_global, out->h5_name));
  PetscCall(DioXdmfAppend(xml, "        </Geometry>\n"));
  for (PetscInt f = 0; f < out->num_fields; f++) {
    if (out->fields[f].step_slot == -1) PetscCall(DioXdmfAppendField(xml, out, &out->fields[f], "/fields/static"));
  }
  if (slot >= 0) {
    PetscCall(PetscSNPrintf(group, sizeof(group), "/fields/step_%06" PetscInt_FMT, out->step_numbers[slot]));
    for (PetscInt f = 0; f < out->num_fields; f++) {
      if (out->fields[f].step_slot == slot) PetscCall(DioXdmfAppendField(xml, out, &out->fields[f], group));
    }
  }
  PetscCall(DioXdmfAppend(xml, "      </Grid>\n"));
  PetscFunctionReturn(0);
}

/* Rank 0 writes text to <path>.tmp and renames it over path, so that a reader never sees a partial index; the
   outcome is broadcast so that a failure is raised on every rank. */
static PetscErrorCode DioXdmfWriteAtomically(MPI_Comm comm, const char path[], const DioXdmfText *xml)
{
  char        temporary[PETSC_MAX_PATH_LEN + 8];
  PetscMPIInt rank;
  int         err = 0;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(temporary, sizeof(temporary), "%s.tmp", path));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) {
    FILE *file;

    errno = 0;
    file  = fopen(temporary, "w");
    if (file == NULL) err = errno;
    else {
      if (fwrite(xml->text, 1, xml->length, file) != xml->length) err = errno ? errno : EIO;
      if (fclose(file) != 0 && !err) err = errno ? errno : EIO;
      if (!err && rename(temporary, path) != 0) err = errno;
      if (err) (void)unlink(temporary);
    }
  }
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, comm));
  PetscCheck(!err, comm, PETSC_ERR_FILE_WRITE, "cannot write the XDMF index '%s' (through '%s'): %s", path, temporary,
             strerror(err));
  PetscFunctionReturn(0);
}

/*
  DioOutputWriteXdmf_Internal: rewrites <run>.xmf from the completed steps and the fields recorded in output: one grid
  per completed step, or, when no step has completed, a single grid at time 0 with the static fields. Writes nothing
  before the mesh. Collective.
*/
PetscErrorCode DioOutputWriteXdmf_Internal(DioOutput output)
{
  DioXdmfText xml = {NULL, 0, 0};

  PetscFunctionBegin;
  if (!output->has_mesh) {
    output->xdmf_stale = PETSC_FALSE;
    PetscFunctionReturn(0);
  }
  PetscCall(DioXdmfAppend(
      &xml, "<?xml version=\"1.0\" ?>\n<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>\n<Xdmf Version=\"3.0\">\n  <Domain>\n"));
  PetscCall(DioXdmfAppend(&xml, "    <Grid Name=\"%s\" GridType=\"Collection\" CollectionType=\"Temporal\">\n",
                          output->run_name));
  if (output->num_steps == 0) PetscCall(DioXdmfAppendGrid(&xml, output, -1));
  for (PetscInt s = 0; s < output->num_steps; s++) PetscCall(DioXdmfAppendGrid(&xml, output, s));
  PetscCall(DioXdmfAppend(&xml, "    </Grid>\n  </Domain>\n</Xdmf>\n"));
  PetscCall(DioXdmfWriteAtomically(output->comm, output->xdmf_path, &xml));
  PetscCall(PetscFree(xml.text));
  output->xdmf_stale = PETSC_FALSE;
  PetscFunctionReturn(0);
}
