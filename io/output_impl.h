/* SPDX-License-Identifier: BSD-2-Clause
   output_impl.h: the private layout of DioOutput, shared by io/output.c (the HDF5 file), output_file.c (its names and
   file access), output_append.c (a restart's continuation) and xdmf.c (its XDMF index).
   Never included outside io/. */
#pragma once
#include "dio_io.h"
#include <hdf5.h>
#include <petscsf.h>

/* Checks an HDF5 result (herr_t, hid_t or htri_t: negative on failure) on every rank of the output's communicator. */
#define DioCheckHDF5(out, result, action, object) \
  PetscCheck((result) >= 0, (out)->comm, PETSC_ERR_LIB, "HDF5: cannot %s '%s' in '%s'", action, object, (out)->h5_path)

/* Longest field name, including the terminating NUL. */
#define DIO_OUTPUT_NAME_MAX 64

/* One dataset under /fields, kept so that the XDMF index can list it. */
typedef struct {
  char            name[DIO_OUTPUT_NAME_MAX];
  PetscInt        step_slot; /* -1: static (/fields/static); otherwise the index of its step in step_numbers[] */
  DioOutputCenter center;
  PetscInt        ncomp;  /* components per vertex or cell; 1 is stored as a 1-D dataset */
  PetscBool       is_int; /* int64 instead of float64 */
} DioOutputFieldInfo;

struct _n_DioOutput {
  MPI_Comm    comm; /* PetscCommDuplicate() of the creator's communicator */
  PetscMPIInt rank;
  char        dir[PETSC_MAX_PATH_LEN]; /* the output directory, without trailing '/' */
  char        h5_path[PETSC_MAX_PATH_LEN];
  char        xdmf_path[PETSC_MAX_PATH_LEN];
  char        h5_name[PETSC_MAX_PATH_LEN]; /* h5_path without its directory: the XDMF refers to the data by it */
  char        run_name[PETSC_MAX_PATH_LEN];

  hid_t file; /* opened collectively with the MPI-IO driver */
  hid_t dxpl; /* dataset transfer list: collective MPI-IO */

  /* Mesh, as passed to DioOutputWriteMesh(): this rank's blocks and the global sizes */
  PetscBool has_mesh;
  PetscInt  dim, vertices_per_cell;
  PetscInt  num_vertices, vertex_offset, num_vertices_global;
  PetscInt  num_cells, cell_offset, num_cells_global;

  /* Completed steps (DioOutputEndStep() called), in order */
  PetscInt   num_steps, max_steps;
  PetscInt  *step_numbers;
  PetscReal *step_times;
  PetscBool  in_step; /* between DioOutputBeginStep() and DioOutputEndStep() */
  PetscBool  stepped; /* a step was begun at least once: fields can no longer be static */
  PetscInt   step;    /* the open (or last) step number and its time */
  PetscReal  time;

  PetscInt            num_fields, max_fields;
  DioOutputFieldInfo *fields;

  PetscBool xdmf_stale; /* the index on disk does not list everything that the file holds */

  /* Continuing an earlier run's file (DioOutputReopen()): the mesh in the file may be numbered for another number of
     ranks, so this run's rows are sent to blocks of the file's rows (row_sf[center], NULL: rows written as given). */
  PetscBool append;
  PetscSF   row_sf[2];                      /* [DIO_OUTPUT_VERTEX, DIO_OUTPUT_CELL] */
  PetscInt  file_rows[2], file_offset[2];   /* this rank's block of the file's rows */
};

PetscErrorCode DioOutputWriteXdmf_Internal(DioOutput output);
PetscErrorCode DioOutputCheckName_Internal(MPI_Comm comm, PetscErrorCode code, const char what[], const char name[],
                                           size_t max);
PetscErrorCode DioOutputNew_Internal(MPI_Comm comm, const char directory[], const char run_name[], DioOutput *output);
PetscErrorCode DioOutputFileAccess_Internal(DioOutput output, hid_t *fapl);
PetscErrorCode DioOutputCommit_Internal(DioOutput output);
PetscErrorCode DioOutputMapMesh_Internal(DioOutput output, PetscInt num_vertices, PetscInt vertex_offset, const PetscReal vertex_coords[],
                                         PetscInt num_cells, const PetscInt cell_vertices[]);
PetscErrorCode DioOutputMapRows_Internal(DioOutput output, DioOutputCenter center, MPI_Datatype row_type, size_t row_bytes, const void *rows,
                                         void **file_rows);
