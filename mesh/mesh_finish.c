/* SPDX-License-Identifier: BSD-2-Clause
   mesh_finish.c: what every mesh builder does last: index the cell types, name the mesh, honour -dm_view, and (for
   meshes built on rank 0: the transverse O-grid, Gmsh imports) distribute it. */
#include "dio_mesh.h"
#include "mesh_impl.h"

/*@
  DioMeshIndexCellTypes_Internal - Turns every stratum of the cell-type label into an index set.

  Not collective. A label fresh from DMPlexCreateBoxMesh() or DMPlexDistribute() keeps each stratum as a hash set, and
  every transitive closure probes them point by point: on a million cells these cache misses cost seconds per pass
  over the mesh. DMLabelGetStratumIS() replaces a stratum's hash set by a sorted index set (a stride where the points
  are contiguous), so later lookups are a range check.
@*/
PetscErrorCode DioMeshIndexCellTypes_Internal(DM dm)
{
  DMLabel label;

  PetscFunctionBegin;
  PetscCall(DMPlexGetCellTypeLabel(dm, &label));
  for (PetscInt type = 0; type < DM_NUM_POLYTOPES; type++) {
    IS stratum;

    PetscCall(DMLabelGetStratumIS(label, type, &stratum));
    PetscCall(ISDestroy(&stratum));
  }
  PetscFunctionReturn(0);
}

/*@
  DioMeshFinish_Internal - Finishes a distributed mesh as every mesh builder does: turns off later automatic
  distribution, indexes the cell types, names the mesh and honours -dm_view. Collective.
@*/
PetscErrorCode DioMeshFinish_Internal(const char name[], DM mesh)
{
  PetscFunctionBegin;
  PetscCall(DMPlexDistributeSetDefault(mesh, PETSC_FALSE));
  PetscCall(DioMeshIndexCellTypes_Internal(mesh));
  PetscCall(PetscObjectSetName((PetscObject)mesh, name));
  PetscCall(DMViewFromOptions(mesh, NULL, "-dm_view"));
  PetscFunctionReturn(0);
}

/*@
  DioMeshDistribute_Internal - Distributes a mesh built on rank 0 and finishes it (DioMeshFinish_Internal()).

  Collective. Sets the partitioner from the options and distributes with overlap 0 (the labels travel with the cells).

  Input: name, the name given to the mesh. In/output: mesh, replaced by the distributed mesh (the original is
  destroyed) where DMPlexDistribute() makes one. Output: migration (NULL: not wanted), the migration SF from the
  original mesh's points (NULL where none was made), destroy it; then *source (NULL: not wanted) is the original mesh,
  kept for DMPlexDistributeField() (destroy it), or NULL.
@*/
PetscErrorCode DioMeshDistribute_Internal(const char name[], DM *mesh, PetscSF *migration, DM *source)
{
  DM               distributed = NULL;
  PetscPartitioner partitioner;

  PetscFunctionBegin;
  PetscCall(DMPlexGetPartitioner(*mesh, &partitioner));
  PetscCall(PetscPartitionerSetFromOptions(partitioner));
  if (source != NULL) *source = NULL;
  PetscCall(DMPlexDistribute(*mesh, 0, migration, &distributed));
  if (distributed != NULL) {
    if (source != NULL) *source = *mesh;
    else PetscCall(DMDestroy(mesh));
    *mesh = distributed;
  }
  PetscCall(DioMeshFinish_Internal(name, *mesh));
  PetscFunctionReturn(0);
}
