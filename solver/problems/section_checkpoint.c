/* SPDX-License-Identifier: BSD-2-Clause
   section_checkpoint.c: checkpoints of a staged run (written after a stage, read on any number of ranks by matching
   node coordinates and cell centroids), the checkpoint and restart options, and when a checkpoint is due. */
#include <stdlib.h>
#include <petsctime.h>
#include "section.h"

/* Sort keys for matching points between partitions: coordinates rounded to a micrometre. */
typedef struct {
  long long key[3];
  PetscInt  index;
} PointKey;

static int ComparePointKeys(const void *a, const void *b)
{
  const PointKey *p = (const PointKey *)a, *q = (const PointKey *)b;
  for (int d = 0; d < 3; d++) {
    if (p->key[d] != q->key[d]) return p->key[d] < q->key[d] ? -1 : 1;
  }
  return 0;
}

static void MakeKey(const PetscReal X[], PetscInt dim, PetscInt index, PointKey *k)
{
  for (PetscInt d = 0; d < 3; d++) k->key[d] = d < dim ? llround((double)X[d] * 1e6) : 0;
  k->index = index;
}

/* Cell centroids [num_cells][3] of this rank. */
static PetscErrorCode CellCentroids(const DioSection *sec, PetscReal **centroids)
{
  PetscInt cStart;

  PetscFunctionBegin;
  PetscCall(DMPlexGetHeightStratum(sec->dm, 0, &cStart, NULL));
  PetscCall(PetscCalloc1(3 * sec->topology.num_cells + 1, centroids)); /* z stays 0 in 2D: FVM fills dim components */
  for (PetscInt c = 0; c < sec->topology.num_cells; c++)
    PetscCall(DMPlexComputeCellGeometryFVM(sec->dm, cStart + c, NULL, &(*centroids)[3 * c], NULL));
  PetscFunctionReturn(0);
}

/*
  DioSectionCheckpointWrite - the state after `stage`: the accumulated displacement U with its node coordinates and
  the initial stress of every cell with its centroid, so that a restart on any number of ranks finds its own points.
  An elastoplastic run adds its committed state: per quadrature point the stress, plastic strain and yield indicator
  (cell rows, like the initial stress) and the committed displacement (node rows, like U). Collective.
*/
PetscErrorCode DioSectionCheckpointWrite(DioSection *sec, const char path[], PetscInt stage, Vec U)
{
  Vec               coords, u_committed, vecs[8 + DIO_CHECKPOINT_MAX_EXTRA], owned[5];
  PetscReal        *stress, *plastic_stress, *plastic_strain, *yield;
  PetscInt          nq, nq_plastic, num_vecs = 4, num_owned = 0;
  const PetscInt    n_cells      = sec->topology.num_cells;
  const char       *names[8 + DIO_CHECKPOINT_MAX_EXTRA] = {"node_coordinates", "displacement",        "cell_centroids",
                                                           "initial_stress",   "plastic_stress",      "plastic_strain",
                                                           "plastic_yield",    "plastic_displacement"};
  const char *const int_names[7] = {"stage",   "cells",    "solves",           "ksp_iterations",
                                    "wall_ms", "restarts", "newton_iterations"};
  PetscInt          ints[7]      = {
                    stage, sec->num_cells, sec->num_solves, sec->total_iterations, 0, sec->restarts, sec->total_newton_iterations};
  PetscLogDouble now;

  PetscFunctionBegin;
  /* the run's totals so far, so that the summary of a restarted run covers the whole run */
  PetscCall(PetscTime(&now));
  ints[4] = (PetscInt)(1e3 * (sec->wall_before + now - sec->t_start));
  PetscCall(DioElasticityGetNodeCoordinates(sec->elas, &coords));
  PetscCall(DioElasticityGetInitialStress(sec->elas, &nq, &stress));
  PetscCall(
      DioElasticityGetPlasticState(sec->elas, &nq_plastic, &plastic_stress, &plastic_strain, &yield, &u_committed));
  /* the centroids are the same at every checkpoint: DMPlexComputeCellGeometryFVM() over the cells cost as much as
     writing the file (issue 16) */
  if (sec->checkpoint_centroids == NULL) PetscCall(CellCentroids(sec, &sec->checkpoint_centroids));
  PetscCall(
      VecCreateMPIWithArray(sec->comm, 1, 3 * n_cells, PETSC_DECIDE, sec->checkpoint_centroids, &owned[num_owned++]));
  PetscCall(VecCreateMPIWithArray(sec->comm, 1, 6 * nq * n_cells, PETSC_DECIDE, stress, &owned[num_owned++]));
  vecs[0] = coords;
  vecs[1] = U;
  vecs[2] = owned[0];
  vecs[3] = owned[1];
  if (u_committed) {
    PetscCall(VecCreateMPIWithArray(sec->comm, 1, 6 * nq_plastic * n_cells, PETSC_DECIDE, plastic_stress,
                                    &owned[num_owned++]));
    PetscCall(VecCreateMPIWithArray(sec->comm, 1, 6 * nq_plastic * n_cells, PETSC_DECIDE, plastic_strain,
                                    &owned[num_owned++]));
    PetscCall(VecCreateMPIWithArray(sec->comm, 1, nq_plastic * n_cells, PETSC_DECIDE, yield, &owned[num_owned++]));
    vecs[num_vecs++] = owned[2];
    vecs[num_vecs++] = owned[3];
    vecs[num_vecs++] = owned[4];
    vecs[num_vecs++] = u_committed;
  }
  for (PetscInt k = 0; k < sec->num_checkpoint_extra; k++) {
    names[num_vecs]  = sec->checkpoint_extra_names[k];
    vecs[num_vecs++] = sec->checkpoint_extra[k];
  }
  PetscCall(DioCheckpointWrite(sec->comm, path, sec->checkpoint_sides, sec->model, num_vecs,
                               (const char *const *)names, vecs, 7, int_names, ints));
  for (PetscInt k = 0; k < num_owned; k++) PetscCall(VecDestroy(&owned[k]));
  PetscFunctionReturn(0);
}

/* Keys of the rows of checkpoint array `name` (rows of `width` values, the first dim of them coordinates), sorted;
 *n_all rows. Free *keys after use. */
static PetscErrorCode ReadSortedKeys(MPI_Comm comm, const char path[], const char name[], PetscInt width, PetscInt dim,
                                     PetscInt *n_all, PointKey **keys)
{
  Vec                all;
  const PetscScalar *values;

  PetscFunctionBegin;
  PetscCall(DioCheckpointReadArray(comm, path, name, &all));
  PetscCall(VecGetSize(all, n_all));
  *n_all /= width;
  PetscCall(PetscMalloc1(*n_all + 1, keys));
  PetscCall(VecGetArrayRead(all, &values));
  for (PetscInt i = 0; i < *n_all; i++) {
    PetscReal X[3] = {0, 0, 0};
    for (PetscInt d = 0; d < dim; d++) X[d] = PetscRealPart(values[i * width + d]);
    MakeKey(X, dim, i, &(*keys)[i]);
  }
  PetscCall(VecRestoreArrayRead(all, &values));
  PetscCall(VecDestroy(&all));
  qsort(*keys, (size_t)*n_all, sizeof(PointKey), ComparePointKeys);
  PetscFunctionReturn(0);
}

/* Read the checkpoint array `name` (rows of `width` values, keyed by the sorted all_keys[n_all]) and copy its rows to
   the local rows with keys local_keys[n_local]; *missing: local rows without a match. */
static PetscErrorCode ReadMatchedRows(MPI_Comm comm, const char path[], const char name[], PetscInt n_all,
                                      const PointKey all_keys[], PetscInt n_local, const PointKey local_keys[],
                                      PetscInt width, PetscScalar local[], PetscInt *missing)
{
  Vec                all;
  const PetscScalar *values;
  PetscInt           size;

  PetscFunctionBegin;
  PetscCall(DioCheckpointReadArray(comm, path, name, &all));
  PetscCall(VecGetSize(all, &size));
  PetscCheck(size == n_all * width, comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s': array %s holds %" PetscInt_FMT " values, this run expects %" PetscInt_FMT
             ": use the same mesh and element options",
             path, name, size, n_all * width);
  PetscCall(VecGetArrayRead(all, &values));
  *missing = 0;
  for (PetscInt i = 0; i < n_local; i++) {
    const PointKey *hit =
        (const PointKey *)bsearch(&local_keys[i], all_keys, (size_t)n_all, sizeof(PointKey), ComparePointKeys);
    if (!hit) {
      (*missing)++;
      continue;
    }
    for (PetscInt k = 0; k < width; k++) local[i * width + k] = values[hit->index * width + k];
  }
  PetscCall(VecRestoreArrayRead(all, &values));
  PetscCall(VecDestroy(&all));
  PetscFunctionReturn(0);
}

/* The sorted keys of the checkpoint's node array coords_name (*n_all rows) and of this run's owned nodes coords (dim
   per node: *n_local rows); free both key arrays after use. */
static PetscErrorCode ReadNodeKeys(DioSection *sec, const char path[], const char coords_name[], Vec coords,
                                   PetscInt *n_all, PointKey **all_keys, PetscInt *n_local, PointKey **local_keys)
{
  const PetscInt     dim = sec->dim;
  const PetscScalar *lc;

  PetscFunctionBegin;
  PetscCall(ReadSortedKeys(sec->comm, path, coords_name, dim, dim, n_all, all_keys));
  PetscCall(VecGetLocalSize(coords, n_local));
  *n_local /= dim;
  PetscCall(PetscMalloc1(*n_local + 1, local_keys));
  PetscCall(VecGetArrayRead(coords, &lc));
  for (PetscInt i = 0; i < *n_local; i++) {
    PetscReal X[3] = {PetscRealPart(lc[i * dim]), PetscRealPart(lc[i * dim + 1]),
                      dim > 2 ? PetscRealPart(lc[i * dim + 2]) : 0};
    MakeKey(X, dim, i, &(*local_keys)[i]);
  }
  PetscCall(VecRestoreArrayRead(coords, &lc));
  PetscFunctionReturn(0);
}

/* The sorted keys of the checkpoint's cell centroids (*n_all rows) and of this run's cells (num_cells rows); free both
   key arrays after use. */
static PetscErrorCode ReadCellKeys(DioSection *sec, const char path[], PetscInt *n_all, PointKey **all_keys,
                                   PointKey **local_keys)
{
  PetscReal *centroids;

  PetscFunctionBegin;
  PetscCall(ReadSortedKeys(sec->comm, path, "cell_centroids", 3, 3, n_all, all_keys));
  PetscCall(CellCentroids(sec, &centroids));
  PetscCall(PetscMalloc1(sec->topology.num_cells + 1, local_keys));
  for (PetscInt c = 0; c < sec->topology.num_cells; c++) MakeKey(&centroids[3 * c], 3, c, &(*local_keys)[c]);
  PetscCall(PetscFree(centroids));
  PetscFunctionReturn(0);
}

/* Rows of checkpoint array `name` (width values each) into values, matched by the keys (of "nodes" or "cells", as
   `what` says); frees both key arrays; a row the checkpoint lacks is an error naming the file. Collective. */
static PetscErrorCode ReadKeyedArray(DioSection *sec, const char path[], const char name[], PetscInt n_all,
                                     PointKey *all_keys, PetscInt n_local, PointKey *local_keys, PetscInt width,
                                     PetscScalar values[], const char what[])
{
  PetscInt missing, total;

  PetscFunctionBegin;
  PetscCall(ReadMatchedRows(sec->comm, path, name, n_all, all_keys, n_local, local_keys, width, values, &missing));
  PetscCall(PetscFree(all_keys));
  PetscCall(PetscFree(local_keys));
  PetscCall(MPIU_Allreduce(&missing, &total, 1, MPIU_INT, MPI_SUM, sec->comm));
  PetscCheck(total == 0, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' does not match this mesh (%" PetscInt_FMT
             " %s of %s not found): use the same mesh options",
             path, total, what, name);
  PetscFunctionReturn(0);
}

/*
  DioSectionCheckpointRead - restore U, the initial stress and (elastoplastic runs) the committed plastic state written
  by DioSectionCheckpointWrite() (on any number of ranks) and return the stage it was written after. The mesh must be
  the same: a point of this run that the checkpoint does not hold is an error naming the file, and so is the
  checkpoint of an elastic run given to an elastoplastic one, or the reverse. Collective.
*/
PetscErrorCode DioSectionCheckpointRead(DioSection *sec, const char path[], PetscInt *stage, Vec U)
{
  Vec            coords, u_committed;
  PetscScalar   *lu;
  PetscReal     *stress, *plastic_stress, *plastic_strain, *yield;
  PointKey      *all_keys, *local_keys;
  PetscInt       n_all, n_local, nq, nq_plastic, dim = sec->dim, missing[6] = {0, 0, 0, 0, 0, 0}, total[6], cells;
  const PetscInt n_cells = sec->topology.num_cells;
  PetscBool      has_plastic;

  PetscFunctionBegin;
  PetscCall(DioCheckpointReadInt(sec->comm, path, "stage", stage));
  PetscCall(DioCheckpointReadInt(sec->comm, path, "cells", &cells));
  {
    PetscInt wall_ms;
    PetscCall(DioCheckpointReadInt(sec->comm, path, "solves", &sec->num_solves));
    PetscCall(DioCheckpointReadInt(sec->comm, path, "ksp_iterations", &sec->total_iterations));
    PetscCall(DioCheckpointReadInt(sec->comm, path, "wall_ms", &wall_ms));
    PetscCall(DioCheckpointReadInt(sec->comm, path, "restarts", &sec->restarts));
    sec->wall_before = 1e-3 * (PetscLogDouble)wall_ms;
    sec->restarts++;
  }
  PetscCheck(cells == sec->num_cells, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' holds %" PetscInt_FMT " cells, this mesh %" PetscInt_FMT ": same mesh options needed",
             path, cells, sec->num_cells);
  PetscCall(
      DioElasticityGetPlasticState(sec->elas, &nq_plastic, &plastic_stress, &plastic_strain, &yield, &u_committed));
  PetscCall(DioCheckpointHasArray(sec->comm, path, "plastic_stress", &has_plastic));
  PetscCheck(has_plastic || !u_committed, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' is of an elastic run (no plastic state), this run is elastoplastic: restart with the "
             "-materials_*constitutive options of the run that wrote it",
             path);
  PetscCheck(!has_plastic || u_committed, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' is of an elastoplastic run, this run is elastic: restart with the "
             "-materials_*constitutive options of the run that wrote it",
             path);
  if (u_committed) PetscCall(DioCheckpointReadInt(sec->comm, path, "newton_iterations", &sec->total_newton_iterations));

  /* node rows (displacement; committed displacement), matched by node coordinates */
  PetscCall(DioElasticityGetNodeCoordinates(sec->elas, &coords));
  PetscCall(ReadNodeKeys(sec, path, "node_coordinates", coords, &n_all, &all_keys, &n_local, &local_keys));
  PetscCall(VecGetArray(U, &lu));
  PetscCall(
      ReadMatchedRows(sec->comm, path, "displacement", n_all, all_keys, n_local, local_keys, dim, lu, &missing[0]));
  PetscCall(VecRestoreArray(U, &lu));
  if (u_committed) {
    PetscCall(VecGetArray(u_committed, &lu));
    PetscCall(ReadMatchedRows(sec->comm, path, "plastic_displacement", n_all, all_keys, n_local, local_keys, dim, lu,
                              &missing[1]));
    PetscCall(VecRestoreArray(u_committed, &lu));
  }
  PetscCall(PetscFree(all_keys));
  PetscCall(PetscFree(local_keys));

  /* cell rows (initial stress; plastic state, num_qpoints values or 6 per quadrature point), matched by cell centroids:
     a cell's quadrature points follow its closure, which distribution keeps */
  PetscCall(DioElasticityGetInitialStress(sec->elas, &nq, &stress));
  PetscCall(ReadCellKeys(sec, path, &n_all, &all_keys, &local_keys));
  PetscCall(ReadMatchedRows(sec->comm, path, "initial_stress", n_all, all_keys, n_cells, local_keys, 6 * nq, stress,
                            &missing[2]));
  if (u_committed) {
    PetscCall(ReadMatchedRows(sec->comm, path, "plastic_stress", n_all, all_keys, n_cells, local_keys, 6 * nq_plastic,
                              plastic_stress, &missing[3]));
    PetscCall(ReadMatchedRows(sec->comm, path, "plastic_strain", n_all, all_keys, n_cells, local_keys, 6 * nq_plastic,
                              plastic_strain, &missing[4]));
    PetscCall(ReadMatchedRows(sec->comm, path, "plastic_yield", n_all, all_keys, n_cells, local_keys, nq_plastic, yield,
                              &missing[5]));
  }
  PetscCall(PetscFree(all_keys));
  PetscCall(PetscFree(local_keys));
  PetscCall(MPIU_Allreduce(missing, total, 6, MPIU_INT, MPI_SUM, sec->comm));
  PetscCheck(total[0] + total[1] + total[2] + total[3] + total[4] + total[5] == 0, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' does not match this mesh (%" PetscInt_FMT " nodes and %" PetscInt_FMT
             " cells not found): use the same mesh and element options",
             path, total[0], total[2]);
  PetscFunctionReturn(0);
}

/*
  DioSectionCheckpointReadNodeArray - restore a node field a problem added to its checkpoints (num_checkpoint_extra):
  array `name` of `width` values per node, its nodes at checkpoint array coords_name (dim per node), into values (width
  per owned row of coords, this run's own node coordinates, dim per row). The nodes are matched by coordinates, so a
  restart may run on another number of ranks; a node the checkpoint lacks is an error naming the file. Collective.
*/
PetscErrorCode DioSectionCheckpointReadNodeArray(DioSection *sec, const char path[], const char coords_name[],
                                                 const char name[], Vec coords, PetscInt width, Vec values)
{
  PointKey    *all_keys, *local_keys;
  PetscInt     n_all, n_local;
  PetscScalar *lv;

  PetscFunctionBegin;
  PetscCall(ReadNodeKeys(sec, path, coords_name, coords, &n_all, &all_keys, &n_local, &local_keys));
  PetscCall(VecGetArray(values, &lv));
  PetscCall(ReadKeyedArray(sec, path, name, n_all, all_keys, n_local, local_keys, width, lv, "nodes"));
  PetscCall(VecRestoreArray(values, &lv));
  PetscFunctionReturn(0);
}

/*
  DioSectionCheckpointReadCellArray - restore a cell field a problem added to its checkpoints (num_checkpoint_extra,
  written in the order of this section's cells, as "cell_centroids"): array `name` of `width` values per cell into
  values[num_cells][width], the cells matched by centroid, so that a restart may run on another number of ranks; a cell
  the checkpoint lacks is an error naming the file. Collective.
*/
PetscErrorCode DioSectionCheckpointReadCellArray(DioSection *sec, const char path[], const char name[], PetscInt width,
                                                 PetscReal values[])
{
  PointKey *all_keys, *local_keys;
  PetscInt  n_all;

  PetscFunctionBegin;
  PetscCall(ReadCellKeys(sec, path, &n_all, &all_keys, &local_keys));
  PetscCall(
      ReadKeyedArray(sec, path, name, n_all, all_keys, sec->topology.num_cells, local_keys, width, values, "cells"));
  PetscFunctionReturn(0);
}

/*
  DioSectionCheckpointOptions - -checkpoint_every <stages> (0: never), -checkpoint_side_files (the arrays that did
  not change since the last checkpoint linked to side files) and -restart <file|latest>; the checkpoint file is
  <output_dir>/<output_name>.checkpoint.h5. A restarted run continues the output of the same name. The
  model's fingerprint (DioModelFingerprintCreate(), from the options database) is taken here, and a restart file that
  is not a checkpoint of this model is an error naming what differs, before anything is built.
*/
PetscErrorCode DioSectionCheckpointOptions(DioSection *sec, PetscInt *every, char checkpoint_path[], size_t path_size,
                                           PetscBool *restart, char restart_path[])
{
  char      given[PETSC_MAX_PATH_LEN] = "";
  PetscBool latest, side_files = PETSC_TRUE;

  PetscFunctionBegin;
  *every = 1;
  PetscOptionsBegin(sec->comm, NULL, "Checkpoint and restart", "checkpoint");
  PetscCall(PetscOptionsInt("-checkpoint_every", "Write a checkpoint every this many stages (stages; 0: never)", "",
                            *every, every, NULL));
  PetscCall(
      PetscOptionsReal("-checkpoint_minutes",
                       "Also write one when this many minutes of wall time have passed since the last (min; 0: off)",
                       "", sec->checkpoint_minutes, &sec->checkpoint_minutes, NULL));
  PetscCall(PetscOptionsBool("-checkpoint_side_files",
                             "Write each array once into a side file next to the checkpoint, which later checkpoints "
                             "link to with a patch of what changed (false: every array in each checkpoint)",
                             "", side_files, &side_files, NULL));
  PetscCall(PetscOptionsString("-restart", "Continue from a checkpoint file, or 'latest' for this run's own", "", given,
                               given, sizeof(given), restart));
  PetscOptionsEnd();
  PetscCheck(*every >= 0, sec->comm, PETSC_ERR_USER_INPUT, "-checkpoint_every = %" PetscInt_FMT ": must be >= 0",
             *every);
  PetscCheck(sec->checkpoint_minutes >= 0, sec->comm, PETSC_ERR_USER_INPUT, "-checkpoint_minutes = %g: must be >= 0",
             (double)sec->checkpoint_minutes);
  PetscCall(PetscTime(&sec->last_checkpoint));
  /* a run that is not a restart overwrites an earlier one's output: the side files of its checkpoint go with it */
  if (side_files && sec->checkpoint_sides == NULL)
    PetscCall(DioCheckpointSidesCreate(sec->comm, (PetscBool)!*restart, &sec->checkpoint_sides));
  if (!side_files) PetscCall(DioCheckpointSidesDestroy(&sec->checkpoint_sides));
  PetscCall(
      PetscSNPrintf(checkpoint_path, path_size, "%s/%s.checkpoint.h5", sec->opts.output_dir, sec->opts.output_name));
  PetscCall(PetscStrcmp(given, "latest", &latest));
  if (*restart) PetscCall(PetscStrncpy(restart_path, latest ? checkpoint_path : given, PETSC_MAX_PATH_LEN));
  PetscCall(PetscFree(sec->model));
  PetscCall(DioModelFingerprintCreate(sec->comm, sec->problem, &sec->model));
  if (*restart) PetscCall(DioCheckpointCheck(sec->comm, restart_path, sec->model));
  PetscFunctionReturn(0);
}

/* Is a checkpoint due after `stages` completed stages: every n stages, every m minutes of wall time, or on a stop
   signal (collective: every rank decides the same). */
PetscErrorCode DioSectionCheckpointDue(DioSection *sec, PetscInt stages, PetscInt every, PetscBool stop, PetscBool *due)
{
  PetscLogDouble now;
  PetscInt       late, late_any;

  PetscFunctionBegin;
  PetscCall(PetscTime(&now));
  late = sec->checkpoint_minutes > 0 && now - sec->last_checkpoint >= 60.0 * sec->checkpoint_minutes;
  PetscCall(MPIU_Allreduce(&late, &late_any, 1, MPIU_INT, MPI_MAX, sec->comm));
  *due = (PetscBool)((every && stages % every == 0) || late_any || stop);
  if (*due) sec->last_checkpoint = now;
  PetscFunctionReturn(0);
}

/*
  DioSectionCheckpointPoint - after a point of the run that `what` names ("stage 3", a step within a stage): a
  checkpoint written as after `stage` completed stages when due (count a multiple of every, every m minutes, or on a
  stop signal), and *stop set when a signal asks the run to end. Collective.
*/
PetscErrorCode DioSectionCheckpointPoint(DioSection *sec, PetscInt count, PetscInt every, const char checkpoint_path[],
                                         PetscInt stage, const char what[], Vec U, PetscBool *stop)
{
  PetscBool due;

  PetscFunctionBegin;
  PetscCall(DioSectionStopRequested(sec, stop));
  PetscCall(DioSectionCheckpointDue(sec, count, every, *stop, &due));
  if (due) {
    PetscCall(DioSectionCheckpointWrite(sec, checkpoint_path, stage, U));
    PetscCall(DioSectionLog(sec, DIO_LOG_QUIET, "[checkpoint] after %s: %s\n", what, checkpoint_path));
  }
  if (*stop) {
    PetscCall(DioSectionLog(sec, DIO_LOG_QUIET,
                            "[stop]      signal received: stopped after %s; continue with -restart %s\n", what,
                            checkpoint_path));
    if (sec->run->stopped) *sec->run->stopped = PETSC_TRUE;
  }
  PetscFunctionReturn(0);
}

/* After `stages` completed stages: a checkpoint when due (every n stages, every m minutes, or on a stop signal), and
 *stop set when a signal asks the run to end. Collective. */
PetscErrorCode DioSectionStageDone(DioSection *sec, PetscInt stages, PetscInt every, const char checkpoint_path[],
                                   Vec U, PetscBool *stop)
{
  char what[32];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(what, sizeof(what), "stage %" PetscInt_FMT, stages));
  PetscCall(DioSectionCheckpointPoint(sec, stages, every, checkpoint_path, stages, what, U, stop));
  PetscFunctionReturn(0);
}

/* The log line of a restart: where from, and which output it continues. */
PetscErrorCode DioSectionRestartReport(DioSection *sec, const char restart_path[], PetscInt stage)
{
  PetscFunctionBegin;
  PetscCall(DioSectionLog(sec, DIO_LOG_QUIET, "[restart]   from %s after stage %" PetscInt_FMT "; continuing %s/%s\n",
                          restart_path, stage, sec->opts.output_dir, sec->opts.output_name));
  PetscFunctionReturn(0);
}

/* The number of stages a checkpoint was written after, checked against this run's stage count. Collective. */
PetscErrorCode DioSectionRestartStage(DioSection *sec, const char restart_path[], PetscInt num_stages, PetscInt *stage)
{
  PetscFunctionBegin;
  PetscCall(DioCheckpointReadInt(sec->comm, restart_path, "stage", stage));
  PetscCheck(*stage >= 0 && *stage <= num_stages, sec->comm, PETSC_ERR_USER_INPUT,
             "checkpoint '%s' is after stage %" PetscInt_FMT " of a %" PetscInt_FMT "-stage drive", restart_path,
             *stage, num_stages);
  PetscFunctionReturn(0);
}
