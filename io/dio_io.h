/* SPDX-License-Identifier: BSD-2-Clause
   dio_io.h: diomede's input and output: the case file (YAML into PETSc's options database), long-format
   parameter tables (CSV), and the per-run HDF5 file with its XDMF index for ParaView.
   Knows field names, shapes and units, never the physics that produced them. */
#pragma once
#include <petscsys.h>
#include <petscvec.h>

/* Library settings made once after PetscInitialize() (HDF5's error stack printing off: diomede names the file). */
PetscErrorCode DioIOInitialize(void);
void           DioIOOpenHDF5Files(char names[], size_t size);

/* Case file: a YAML file inserted into PETSc's options database (nested keys joined with '_'), before the
   command line so the command line wins. Malformed YAML, and a file that is not one mapping of options (repeated
   keys, several documents, empty values, ...), gives file:line:column in a one-line error. */
PetscErrorCode DioCaseLoad(MPI_Comm comm, const char path[]);
/* The same with explicit arguments (argv[0] is the program name), re-inserted after the case file so they win. */
PetscErrorCode DioCaseLoadWithArgs(MPI_Comm comm, const char path[], int argc, char *argv[]);
/* Where an option (name without '-') was set, for messages: "command line", "case.yaml:LINE" or "case.yaml". */
PetscErrorCode DioCaseOptionSource(const char case_file[], const char name[], char source[], size_t size);
/* Every option value that reads as a number must be finite and representable (no nan, inf, 1e400, 1e-400). */
PetscErrorCode DioOptionsCheckNumbers(MPI_Comm comm, const char case_file[]);
/* PETSc's solver tolerances and iteration limits under each prefix (-mech_ksp_rtol in [0, 1), ...), in the check pass. */
PetscErrorCode DioOptionsCheckSolverLimits(MPI_Comm comm, const char case_file[], PetscInt num_prefixes, const char *const prefixes[]);

/* Long-format parameter table: rows "name,parameter,value,..." with '#' comment lines and one header row.
   Non-numeric values (descriptions) are kept as text. Read on rank 0, broadcast to every rank. */
typedef struct _n_DioTable *DioTable;
PetscErrorCode DioTableCreateFromString(MPI_Comm comm, const char source_name[], const char text[], DioTable *table);
PetscErrorCode DioTableCreateFromFile(MPI_Comm comm, const char path[], DioTable *table);
PetscErrorCode DioTableDestroy(DioTable *table);
/* found = PETSC_FALSE if (name, parameter) is absent or its value is not a number. */
PetscErrorCode DioTableGetReal(DioTable table, const char name[], const char parameter[], PetscReal *value, PetscBool *found);
/* The value as text (numeric or not); value is borrowed from the table, NULL if (name, parameter) is absent. */
PetscErrorCode DioTableGetString(DioTable table, const char name[], const char parameter[], const char *value[],
                                 PetscBool *found);
PetscErrorCode DioTableGetSource(DioTable table, const char *source_name[]);

/* Numeric table: a CSV file whose header names its columns (checked; an optional one may be absent), then rows of
   finite numbers; read on rank 0, every rank gets rows [num_rows][width]; errors name key, file, line and column
   (numeric_table.c). */
typedef struct {
  const char *name;     /* the header's name of the column, compared without regard to case */
  PetscBool   optional; /* the header may leave it out */
} DioNumericColumn;
PetscErrorCode DioNumericTableRead(MPI_Comm comm, const char key[], const char path[], PetscInt num_columns,
                                   const DioNumericColumn columns[], PetscBool present[], PetscInt *width,
                                   PetscInt *num_rows, PetscReal *rows[], PetscInt *lines[]);

/* Time function: a piecewise-linear table of (time s, factor), given inline (-<key> t0,f0,t1,f1,...) or as a CSV file
   (-<key>_file, header time,factor); linear between its times, held constant outside them (time_function.c). */
typedef struct _n_DioTimeFunction *DioTimeFunction;
PetscErrorCode DioTimeFunctionCreateFromPairs(MPI_Comm comm, const char source[], PetscInt count, const PetscReal values[], DioTimeFunction *tf);
/* key: the option that named the file, for messages (NULL: none). */
PetscErrorCode DioTimeFunctionCreateFromFile(MPI_Comm comm, const char key[], const char path[], DioTimeFunction *tf);
/* NULL in *tf when neither -<key> nor -<key>_file is set; help says what the factor multiplies. */
PetscErrorCode DioTimeFunctionCreateFromOptions(MPI_Comm comm, const char key[], const char help[], DioTimeFunction *tf);
/* A NULL tf is the constant 1; DioTimeFunctionValue() is pure (callbacks inside cell loops). */
PetscErrorCode DioTimeFunctionEvaluate(DioTimeFunction tf, PetscReal t, PetscReal *factor);
PetscReal      DioTimeFunctionValue(DioTimeFunction tf, PetscReal t);
PetscErrorCode DioTimeFunctionGetRange(DioTimeFunction tf, PetscReal *first, PetscReal *last);
PetscErrorCode DioTimeFunctionGetSource(DioTimeFunction tf, const char *source[]);
PetscErrorCode DioTimeFunctionDestroy(DioTimeFunction *tf);

/* Expression: a formula in x, y, z (and t) given as an option value, parsed once, evaluated many times
   (expression.c states the syntax); DioExpressionValue() is pure (callbacks, threads). */
typedef struct _n_DioExpression *DioExpression;
PetscErrorCode DioExpressionCreate(MPI_Comm comm, const char key[], const char text[], PetscBool with_time, DioExpression *expr);
/* NULL in *expr when -<key> is not set or is "none"; help says what the value is. */
PetscErrorCode DioExpressionCreateFromOptions(MPI_Comm comm, const char key[], const char help[], PetscBool with_time,
                                              DioExpression *expr);
PetscReal      DioExpressionValue(DioExpression expr, const PetscReal xyzt[4]);
/* values[i] at point i of points (block size = the coordinates given), time t; not finite: an error naming the point. */
PetscErrorCode DioExpressionEvaluatePoints(DioExpression expr, Vec points, PetscReal t, Vec values);
PetscErrorCode DioExpressionGetVariables(DioExpression expr, PetscBool uses[4]);
PetscErrorCode DioExpressionGetText(DioExpression expr, const char *key[], const char *text[]);
PetscErrorCode DioExpressionDestroy(DioExpression *expr);
/* Values at points from a CSV file (header x,y[,z],<column>), each point taking the row at its coordinates within tol
   (m); a point without a row is an error naming it (point_values.c). Collective. */
PetscErrorCode DioPointValuesReadCSV(MPI_Comm comm, const char key[], const char path[], const char column[], PetscReal tol,
                                     Vec points, Vec values);
PetscErrorCode DioPointValuesCheckCSV(MPI_Comm comm, const char key[], const char path[], const char column[], PetscInt *num_coords);

/* One HDF5 file per run (parallel, collective) plus an XDMF index rewritten atomically after every step.
   Layout:  /mesh/vertices [Nv][3], /mesh/cells [Nc][nv_per_cell], /fields/static/<name>,
            /fields/step_<k>/<name>, /steps/time [Nsteps], root attributes = run metadata. */
typedef struct _n_DioOutput *DioOutput;

typedef enum { DIO_OUTPUT_VERTEX, DIO_OUTPUT_CELL } DioOutputCenter;

PetscErrorCode DioOutputCreate(MPI_Comm comm, const char directory[], const char run_name[], PetscBool overwrite, DioOutput *output);
/* Continue the output of a restarted run after step last_step (later steps are dropped); *output NULL if no such file. */
PetscErrorCode DioOutputReopen(MPI_Comm comm, const char directory[], const char run_name[], PetscInt last_step, DioOutput *output);
PetscErrorCode DioOutputGetPaths(DioOutput output, const char *h5_path[], const char *xdmf_path[]);
PetscErrorCode DioOutputSetMetadata(DioOutput output, const char key[], const char value[]);
PetscErrorCode DioOutputWriteMesh(DioOutput output, PetscInt dim, PetscInt num_vertices, PetscInt vertex_offset, PetscInt num_vertices_global,
                                  const PetscReal vertex_coords[], PetscInt num_cells, PetscInt cell_offset, PetscInt num_cells_global,
                                  PetscInt vertices_per_cell, const PetscInt cell_vertices[]);
PetscErrorCode DioOutputBeginStep(DioOutput output, PetscInt step, PetscReal time);
/* vertex_coords [num_vertices][3] (z = 0 in 2D); cell_vertices [num_cells][vertices_per_cell] global ids, VTK order. */
/* ncomp 1 = scalar, 3 = vector (x, y, z), 6 = symmetric tensor (xx, yy, zz, xy, yz, xz); data [local count][ncomp].
   Called before the first DioOutputBeginStep(), the field is static (written once, shown at every step). */
PetscErrorCode DioOutputWriteField(DioOutput output, const char name[], DioOutputCenter center, PetscInt ncomp, const char unit[],
                                   const PetscReal data[]);
PetscErrorCode DioOutputWriteIntField(DioOutput output, const char name[], DioOutputCenter center, const PetscInt data[]);
PetscErrorCode DioOutputEndStep(DioOutput output);
PetscErrorCode DioOutputDestroy(DioOutput *output);

/* Probe files: CSV rows gathered from every rank and appended by rank 0, flushed after every call. */
typedef struct _n_DioCSV *DioCSV;
PetscErrorCode DioCSVCreate(MPI_Comm comm, const char path[], const char header[], DioCSV *csv);
/* Continue a restarted run's probe file: rows whose first column (the step) exceeds last_step are dropped. */
PetscErrorCode DioCSVReopen(MPI_Comm comm, const char path[], const char header[], PetscInt last_step, DioCSV *csv);
PetscErrorCode DioCSVAppendRows(DioCSV csv, PetscInt num_rows, PetscInt num_columns, const PetscReal rows[], PetscInt sort_column);
PetscErrorCode DioCSVDestroy(DioCSV *csv);

/* Run summary: <dir>/<name>_summary.json with the user's inputs and the key results (numbers and strings). */
typedef struct _n_DioSummary *DioSummary;
PetscErrorCode DioSummaryCreate(MPI_Comm comm, const char directory[], const char run_name[], DioSummary *summary);
PetscErrorCode DioSummaryAddReal(DioSummary summary, const char key[], PetscReal value);
PetscErrorCode DioSummaryAddString(DioSummary summary, const char key[], const char value[]);
PetscErrorCode DioSummaryAddOptions(DioSummary summary);
PetscErrorCode DioSummaryWriteAndDestroy(DioSummary *summary);

/* Checkpoints: named arrays and integers in one HDF5 file written atomically (<path>.tmp, then renamed); arrays are
   read back whole on every rank so a restart may use a different number of ranks. */
PetscErrorCode DioCheckpointWrite(MPI_Comm comm, const char path[], const char model[], PetscInt num_vecs,
                                  const char *const names[], Vec vecs[], PetscInt num_ints,
                                  const char *const int_names[], const PetscInt ints[]);
PetscErrorCode DioCheckpointCheck(MPI_Comm comm, const char path[], const char model[]);
/* The model a checkpoint belongs to (every option but output, progress, checkpoint, solver and PETSc run-time ones;
   files by their contents), and its differences from another's (count, and the first three described). */
PetscErrorCode DioModelFingerprintCreate(MPI_Comm comm, const char problem[], char **text);
PetscErrorCode DioModelFingerprintCompare(const char old_text[], const char new_text[], PetscInt *count, char message[],
                                          size_t size);
PetscErrorCode DioCheckpointReadArray(MPI_Comm comm, const char path[], const char name[], Vec *array);
PetscErrorCode DioCheckpointReadInt(MPI_Comm comm, const char path[], const char name[], PetscInt *value);
PetscErrorCode DioCheckpointHasArray(MPI_Comm comm, const char path[], const char name[], PetscBool *has);

/* The machine: memory a rank may take, free disk under a directory, the peak resident memory so far (bytes; -1 if
   the system does not say). */
PetscErrorCode DioSystemMemoryPerRank(MPI_Comm comm, PetscReal *bytes);
PetscErrorCode DioSystemFreeDisk(MPI_Comm comm, const char directory[], PetscReal *bytes);
PetscErrorCode DioSystemPeakMemory(MPI_Comm comm, PetscReal *bytes);
