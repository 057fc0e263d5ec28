/* SPDX-License-Identifier: BSD-2-Clause
   checkpoint_side.c: a checkpoint's side files (issue 16). Most of a staged run's checkpoint never changes after its
   first stages (node coordinates, cell centroids; the initial stress but for the cells a stage excavates), so an
   array is written once into a side file, <checkpoint without .h5>.<array>-<hash>.h5 next to the checkpoint, and
   every checkpoint after holds an HDF5 external link to it (which HDF5, and so PETSc's VecLoad(), follows) and the
   blocks of it that differ, as a patch (DioCheckpointSidesPrepare_Internal() says when). The hashes are of the
   array's values in file order, by blocks, so every rank computes the same, and a side file is never changed once
   written: it is written to <side>.tmp and renamed, a rewrite of one of the same name has the same contents, and
   one is removed only after a checkpoint that no longer links to it is in place, so a killed run leaves the
   previous checkpoint and its side files intact. A link names the side file by its absolute path: HDF5 falls back
   to the file's name in the checkpoint's directory, so a copy of the checkpoint elsewhere reads the original's side
   files, and a directory moved as a whole reads its own. The side files of a checkpoint that a restarted run replaced
   stay (a copy of that checkpoint may still link to them); a new run over an earlier one's output removes them. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "checkpoint_impl.h"

#define SIDES_MAX        32 /* arrays a checkpoint holds: more than any problem's (8 of the mechanics and its extras) */
#define SIDES_MIN_VALUES 1024 /* smaller arrays (running values) stay in the checkpoint: a file costs more */
#define SIDES_BLOCK      1024 /* values a block: what a patch holds of an array that changed in places */
#define SIDES_MAX_PATCH  4    /* a patch holds at most 1/4 of the array: beyond, a new side file is cheaper */

typedef struct {
  char     *name;       /* the array's */
  PetscInt  start, n;   /* this rank's values of it, [start, start + n), in blocks aligned to SIDES_BLOCK */
  PetscInt  num_blocks; /* this rank's */
  uint64_t *base;       /* hash of each block in the side file (when file is not NULL) */
  uint64_t *last;       /* hash of each block at the last checkpoint */
  uint64_t *next;       /* hash of each block now, for the checkpoint being written */
  char     *file;       /* the side file the last checkpoint links to (absolute), NULL: none */
  char     *next_file;  /* the one the checkpoint being written links to */
  PetscBool in_next;    /* in the checkpoint being written */
} SideArray;

struct _n_DioCheckpointSides {
  MPI_Comm      comm; /* not owned */
  PetscInt      num_arrays;
  SideArray     arrays[SIDES_MAX];
  PetscBool     remove_replaced; /* the side files of the checkpoint the run's first one replaces: to be removed */
  PetscInt      num_replaced;    /* rank 0: those side files (in the checkpoint's directory) */
  char         *replaced[SIDES_MAX];
  PetscLogEvent event_hash, event_side; /* -log_view: the hashes of a checkpoint's arrays, the side files written */
};

/*
  DioCheckpointSidesCreate - the side files of one run's checkpoints, all at one path (state kept between its
  checkpoints; pass it to every DioCheckpointWrite() of the run, and destroy it with DioCheckpointSidesDestroy(), which
  leaves the files). With remove_replaced (a run that overwrites an earlier one's output, not a restart), the side
  files of the checkpoint that the run's first one replaces are removed once that one is in place; a restart keeps
  them, for a copy of the checkpoint it continued from. Not collective.
*/
PetscErrorCode DioCheckpointSidesCreate(MPI_Comm comm, PetscBool remove_replaced, DioCheckpointSides *sides)
{
  PetscFunctionBegin;
  PetscCall(PetscNew(sides));
  (*sides)->comm            = comm;
  (*sides)->remove_replaced = remove_replaced;
  PetscCall(PetscLogEventRegister("DioCkptHash", VEC_CLASSID, &(*sides)->event_hash));
  PetscCall(PetscLogEventRegister("DioCkptSideFile", VEC_CLASSID, &(*sides)->event_side));
  PetscFunctionReturn(0);
}

static PetscErrorCode SideArrayReset(SideArray *a)
{
  PetscFunctionBegin;
  if (a->next_file != a->file) PetscCall(PetscFree(a->next_file));
  a->next_file = NULL;
  PetscCall(PetscFree(a->file));
  PetscCall(PetscFree3(a->base, a->last, a->next));
  PetscCall(PetscFree(a->name));
  PetscFunctionReturn(0);
}

PetscErrorCode DioCheckpointSidesDestroy(DioCheckpointSides *sides)
{
  PetscFunctionBegin;
  if (*sides == NULL) PetscFunctionReturn(0);
  for (PetscInt k = 0; k < (*sides)->num_arrays; k++) PetscCall(SideArrayReset(&(*sides)->arrays[k]));
  for (PetscInt k = 0; k < (*sides)->num_replaced; k++) PetscCall(PetscFree((*sides)->replaced[k]));
  PetscCall(PetscFree(*sides));
  PetscFunctionReturn(0);
}

PetscErrorCode DioCheckpointArrayView_Internal(MPI_Comm comm, PetscViewer viewer, const char name[], Vec vec)
{
  /* a plain view of the values: a Vec from a DM would be written by the DM's own layout under /fields */
  Vec                plain;
  const PetscScalar *values;
  PetscInt           n;

  PetscFunctionBegin;
  PetscCall(VecGetLocalSize(vec, &n));
  PetscCall(VecGetArrayRead(vec, &values));
  PetscCall(VecCreateMPIWithArray(comm, 1, n, PETSC_DECIDE, values, &plain));
  PetscCall(PetscObjectSetName((PetscObject)plain, name));
  PetscCall(VecView(plain, viewer));
  PetscCall(VecDestroy(&plain));
  PetscCall(VecRestoreArrayRead(vec, &values));
  PetscFunctionReturn(0);
}

/* splitmix64's finaliser: a bijection, so two different values never mix to the same */
static inline uint64_t Mix64(uint64_t x)
{
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/* Block j of this rank's values [start, start + n): global values [*from, *to). */
static inline void BlockRange(const SideArray *a, PetscInt j, PetscInt *from, PetscInt *to)
{
  const PetscInt first = a->start / SIDES_BLOCK;

  *from = PetscMax(a->start, (first + j) * SIDES_BLOCK);
  *to   = PetscMin(a->start + a->n, (first + j + 1) * SIDES_BLOCK);
}

/* The hash of each of this rank's blocks of the array (a->next) and the hash of the whole array, as the file holds
   it: the sum over its values of their bits mixed with their place in the whole array, so that any number of ranks
   holding any parts of it compute the same. Collective. */
static PetscErrorCode ArrayHash(MPI_Comm comm, SideArray *a, Vec vec, uint64_t *hash)
{
  const PetscScalar *values;
  PetscInt           size;
  uint64_t           local = 0, total, name_hash = 1469598103934665603ULL;
  const size_t       words = sizeof(PetscScalar) / sizeof(uint64_t);

  PetscFunctionBegin;
  PetscCall(VecGetSize(vec, &size));
  PetscCall(VecGetArrayRead(vec, &values));
  for (PetscInt j = 0; j < a->num_blocks; j++) {
    PetscInt from, to;
    uint64_t block = 0;

    BlockRange(a, j, &from, &to);
    for (PetscInt i = from; i < to; i++) {
      uint64_t bits[sizeof(PetscScalar) / sizeof(uint64_t)];
      memcpy(bits, &values[i - a->start], sizeof(bits));
      for (size_t w = 0; w < words; w++) block += Mix64(bits[w] + 0x9e3779b97f4a7c15ULL * (uint64_t)(words * i + w));
    }
    a->next[j] = block;
    local += block;
  }
  PetscCall(VecRestoreArrayRead(vec, &values));
  PetscCallMPI(MPI_Allreduce(&local, &total, 1, MPI_UINT64_T, MPI_SUM, comm));
  for (const char *c = a->name; *c; c++) name_hash = (name_hash ^ (unsigned char)*c) * 1099511628211ULL; /* FNV-1a */
  *hash = Mix64(total + Mix64(name_hash ^ (uint64_t)size));
  PetscFunctionReturn(0);
}

/* Values of the array (over all ranks) in blocks whose hash now differs from `than`'s. Collective. */
static PetscErrorCode ChangedValues(MPI_Comm comm, const SideArray *a, const uint64_t than[], PetscInt *changed)
{
  PetscInt local = 0;

  PetscFunctionBegin;
  for (PetscInt j = 0; j < a->num_blocks; j++) {
    PetscInt from, to;
    BlockRange(a, j, &from, &to);
    if (a->next[j] != than[j]) local += to - from;
  }
  PetscCall(MPIU_Allreduce(&local, changed, 1, MPIU_INT, MPI_SUM, comm));
  PetscFunctionReturn(0);
}

/* The blocks that differ from the side file's: their values (patch) and (offset, length) pairs (ranges), each rank
   its own in order, so that the file holds them in the array's order. Collective. */
static PetscErrorCode PatchCreate(MPI_Comm comm, const SideArray *a, Vec vec, Vec *patch, Vec *ranges)
{
  const PetscScalar *values;
  PetscScalar       *p, *r;
  PetscInt           num_values = 0, num_ranges = 0;

  PetscFunctionBegin;
  for (PetscInt j = 0; j < a->num_blocks; j++) {
    PetscInt from, to;
    BlockRange(a, j, &from, &to);
    if (a->next[j] != a->base[j]) {
      num_values += to - from;
      num_ranges++;
    }
  }
  PetscCall(VecCreateMPI(comm, num_values, PETSC_DETERMINE, patch));
  PetscCall(VecCreateMPI(comm, 2 * num_ranges, PETSC_DETERMINE, ranges));
  PetscCall(VecGetArrayRead(vec, &values));
  PetscCall(VecGetArray(*patch, &p));
  PetscCall(VecGetArray(*ranges, &r));
  for (PetscInt j = 0; j < a->num_blocks; j++) {
    PetscInt from, to;
    BlockRange(a, j, &from, &to);
    if (a->next[j] == a->base[j]) continue;
    PetscCall(PetscArraycpy(p, &values[from - a->start], to - from));
    p += to - from;
    *r++ = (PetscScalar)from; /* exact: an array of fewer than 2^53 values */
    *r++ = (PetscScalar)(to - from);
  }
  PetscCall(VecRestoreArray(*ranges, &r));
  PetscCall(VecRestoreArray(*patch, &p));
  PetscCall(VecRestoreArrayRead(vec, &values));
  PetscFunctionReturn(0);
}

/* Of checkpoint path: the length of its directory part, its last '/' included (0: none), and of its name without
   ".h5" (the stem its side files' names begin with). */
static void CheckpointStem(const char path[], size_t *directory_length, size_t *stem_length)
{
  const char  *slash  = strrchr(path, '/');
  const size_t length = strlen(path);

  *directory_length = slash ? (size_t)(slash - path) + 1 : 0;
  *stem_length      = length - *directory_length;
  if (*stem_length > 3 && strcmp(path + length - 3, ".h5") == 0) *stem_length -= 3;
}

/* The side file of array `name` with `hash` for checkpoint path: absolute (rank 0's view of the directory, sent to
   all, as every rank must name the same file). Free *file after use. Collective. */
static PetscErrorCode SideFileName(MPI_Comm comm, const char path[], const char name[], uint64_t hash, char **file)
{
  char        directory[PETSC_MAX_PATH_LEN], absolute[PETSC_MAX_PATH_LEN] = "";
  char        full[2 * PETSC_MAX_PATH_LEN + 64];
  size_t      directory_length, stem_length;
  PetscMPIInt rank;
  int         ok = 1;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  CheckpointStem(path, &directory_length, &stem_length);
  if (directory_length == 0)
    PetscCall(PetscStrncpy(directory, ".", sizeof(directory)));
  else
    PetscCall(PetscStrncpy(directory, path, PetscMin(directory_length + 1, sizeof(directory))));
  if (rank == 0) ok = realpath(directory, absolute) != NULL;
  PetscCallMPI(MPI_Bcast(&ok, 1, MPI_INT, 0, comm));
  PetscCheck(ok, comm, PETSC_ERR_FILE_WRITE, "checkpoint '%s': cannot resolve its directory '%s'", path, directory);
  PetscCallMPI(MPI_Bcast(absolute, sizeof(absolute), MPI_CHAR, 0, comm));
  PetscCall(PetscSNPrintf(full, sizeof(full), "%s/%.*s.%s-%016llx.h5", strcmp(absolute, "/") ? absolute : "",
                          (int)stem_length, path + directory_length, name, (unsigned long long)hash));
  PetscCall(PetscStrallocpy(full, file));
  PetscFunctionReturn(0);
}

PetscErrorCode DioCheckpointRenameTmp_Internal(MPI_Comm comm, PetscErrorCode write_error, const char tmp[],
                                               const char path[], const char what[])
{
  PetscMPIInt rank;
  int         ok = 1;

  PetscFunctionBegin;
  if (write_error) (void)remove(tmp); /* on any rank that failed: it may be the only one, and be stopped next */
  PetscCall(write_error);
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) ok = rename(tmp, path) == 0;
  PetscCallMPI(MPI_Bcast(&ok, 1, MPI_INT, 0, comm));
  PetscCheck(ok, comm, PETSC_ERR_FILE_WRITE, "cannot rename %s '%s' to '%s'", what, tmp, path);
  PetscFunctionReturn(0);
}

/* Array `name` alone into side file `file`, atomically (<file>.tmp renamed). Collective. */
static PetscErrorCode SideFileWrite(MPI_Comm comm, const char file[], const char name[], Vec vec)
{
  char           tmp[2 * PETSC_MAX_PATH_LEN + 80];
  PetscViewer    viewer;
  PetscErrorCode ierr;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(tmp, sizeof(tmp), "%s.tmp", file));
  ierr = PetscViewerHDF5Open(comm, tmp, FILE_MODE_WRITE, &viewer);
  if (!ierr) ierr = DioCheckpointArrayView_Internal(comm, viewer, name, vec);
  if (!ierr) ierr = PetscViewerDestroy(&viewer);
  PetscCall(DioCheckpointRenameTmp_Internal(comm, ierr, tmp, file, "checkpoint side file"));
  PetscFunctionReturn(0);
}

typedef struct {
  DioCheckpointSides sides;
  const char        *path; /* the checkpoint's */
  size_t             directory_length, stem_length;
} ReplacedSearch;

/* A side file the checkpoint links to, kept in search->sides->replaced when it is one of this checkpoint's names in
   its directory (<stem>.<array>-<16 hex digits>.h5): a link elsewhere is not the run's to remove. */
static herr_t CollectReplacedLink(hid_t group, const char name[], const H5L_info_t *info, void *data)
{
  ReplacedSearch    *search = (ReplacedSearch *)data;
  DioCheckpointSides sides  = search->sides;
  char               value[2 * PETSC_MAX_PATH_LEN], file[2 * PETSC_MAX_PATH_LEN];
  const char        *target = NULL, *object = NULL, *base;
  unsigned           flags;
  size_t             length;

  if (info->type != H5L_TYPE_EXTERNAL || info->u.val_size > sizeof(value) || sides->num_replaced >= SIDES_MAX) return 0;
  if (H5Lget_val(group, name, value, sizeof(value), H5P_DEFAULT) < 0 ||
      H5Lunpack_elink_val(value, info->u.val_size, &flags, &target, &object) < 0)
    return 0;
  base   = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
  length = strlen(base);
  if (length < search->stem_length + 22 ||
      strncmp(base, search->path + search->directory_length, search->stem_length) || base[search->stem_length] != '.' ||
      strcmp(base + length - 3, ".h5") || base[length - 20] != '-' ||
      strspn(base + length - 19, "0123456789abcdef") != 16)
    return 0;
  (void)PetscSNPrintf(file, sizeof(file), "%.*s%s", (int)search->directory_length, search->path, base);
  if (PetscStrallocpy(file, &sides->replaced[sides->num_replaced])) return -1;
  sides->num_replaced++;
  return 0;
}

/* The side files of the checkpoint at path (if there is one) that the run's first checkpoint replaces, once. Rank 0. */
static PetscErrorCode CollectReplaced(DioCheckpointSides sides, const char path[])
{
  ReplacedSearch search = {sides, path, 0, 0};
  H5E_auto2_t    print;
  void          *print_data;
  hid_t          file;
  struct stat    info;

  PetscFunctionBegin;
  sides->remove_replaced = PETSC_FALSE;
  if (stat(path, &info) != 0) PetscFunctionReturn(0);
  CheckpointStem(path, &search.directory_length, &search.stem_length);
  /* quiet: the file being replaced may be anything (a kill left it damaged); it is only looked at */
  (void)H5Eget_auto2(H5E_DEFAULT, &print, &print_data);
  (void)H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  file = H5Fis_hdf5(path) > 0 ? H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT) : H5I_INVALID_HID;
  if (file >= 0) (void)H5Literate(file, H5_INDEX_NAME, H5_ITER_NATIVE, NULL, CollectReplacedLink, &search);
  if (file >= 0) (void)H5Fclose(file);
  (void)H5Eset_auto2(H5E_DEFAULT, print, print_data);
  PetscFunctionReturn(0);
}

/* The array's entry, made the first time (its block layout from vec's part on this rank); *first: made now. */
static PetscErrorCode SideArrayGet(DioCheckpointSides sides, const char name[], Vec vec, SideArray **array,
                                   PetscBool *first)
{
  SideArray  *a = NULL;
  PetscInt    n, start = 0;
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCall(VecGetLocalSize(vec, &n));
  PetscCallMPI(MPI_Exscan(&n, &start, 1, MPIU_INT, MPI_SUM, sides->comm));
  PetscCallMPI(MPI_Comm_rank(sides->comm, &rank));
  if (rank == 0) start = 0; /* MPI_Exscan leaves rank 0's undefined */
  for (PetscInt j = 0; j < sides->num_arrays && a == NULL; j++)
    if (strcmp(sides->arrays[j].name, name) == 0) a = &sides->arrays[j];
  *first = (PetscBool)(a == NULL);
  if (a == NULL) {
    PetscCheck(sides->num_arrays < SIDES_MAX, sides->comm, PETSC_ERR_PLIB, "too many checkpoint arrays (adding %s)",
               name);
    a = &sides->arrays[sides->num_arrays++];
    PetscCall(PetscStrallocpy(name, &a->name));
    a->start      = start;
    a->n          = n;
    a->num_blocks = n > 0 ? (start + n - 1) / SIDES_BLOCK - start / SIDES_BLOCK + 1 : 0;
    PetscCall(PetscMalloc3(a->num_blocks, &a->base, a->num_blocks, &a->last, a->num_blocks, &a->next));
  }
  /* a run's arrays keep their partition; one that did not is a bug here, not the user's */
  PetscCheck(a->start == start && a->n == n, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "checkpoint array %s changed its layout between checkpoints", name);
  *array = a;
  PetscFunctionReturn(0);
}

/*
  For each array: the first time the run writes it, into a side file; then a link to that file while its contents are
  the same, with a patch of the blocks that differ while they are at most 1/SIDES_MAX_PATCH of it (the drive's initial
  stress, zeroed in the cells each stage excavates); beyond, into a new side file if it is nearly the same as at the
  last checkpoint (it changed once: a stage that set the stress anew), else in the checkpoint itself (it changes
  everywhere, every time: the displacement).
*/
PetscErrorCode DioCheckpointSidesPrepare_Internal(DioCheckpointSides sides, const char path[], PetscInt num_vecs,
                                                  const char *const names[], Vec vecs[], DioCheckpointArrayPlan plans[])
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(sides->comm, &rank));
  if (sides->remove_replaced && rank == 0) PetscCall(CollectReplaced(sides, path));
  for (PetscInt k = 0; k < num_vecs; k++) {
    SideArray *a = NULL;
    PetscInt   size, since_base = 0, since_last = 0;
    uint64_t   hash = 0;
    PetscBool  first, side_file;

    plans[k].link         = NULL;
    plans[k].patch        = NULL;
    plans[k].patch_ranges = NULL;
    PetscCall(VecGetSize(vecs[k], &size));
    if (size < SIDES_MIN_VALUES) continue;
    PetscCall(SideArrayGet(sides, names[k], vecs[k], &a, &first));
    PetscCall(PetscLogEventBegin(sides->event_hash, vecs[k], 0, 0, 0));
    PetscCall(ArrayHash(sides->comm, a, vecs[k], &hash));
    if (a->file) PetscCall(ChangedValues(sides->comm, a, a->base, &since_base));
    if (!first) PetscCall(ChangedValues(sides->comm, a, a->last, &since_last));
    PetscCall(PetscLogEventEnd(sides->event_hash, vecs[k], 0, 0, 0));
    a->in_next = PETSC_TRUE;
    if (a->file && SIDES_MAX_PATCH * since_base <= size) { /* the side file, with a patch if it differs */
      a->next_file = a->file;
      if (since_base) PetscCall(PatchCreate(sides->comm, a, vecs[k], &plans[k].patch, &plans[k].patch_ranges));
    } else {
      side_file = (PetscBool)(first || SIDES_MAX_PATCH * since_last <= size);
      if (side_file) {
        PetscCall(PetscLogEventBegin(sides->event_side, vecs[k], 0, 0, 0));
        PetscCall(SideFileName(sides->comm, path, names[k], hash, &a->next_file));
        PetscCall(SideFileWrite(sides->comm, a->next_file, names[k], vecs[k]));
        PetscCall(PetscLogEventEnd(sides->event_side, vecs[k], 0, 0, 0));
      }
    }
    plans[k].link = a->next_file;
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioCheckpointLinkArray_Internal(MPI_Comm comm, PetscViewer viewer, const char name[],
                                               const DioCheckpointArrayPlan *plan)
{
  hid_t  file;
  char   object[PETSC_MAX_PATH_LEN];
  herr_t status;

  PetscFunctionBegin;
  PetscCall(PetscViewerHDF5GetFileId(viewer, &file));
  PetscCall(PetscSNPrintf(object, sizeof(object), "/%s", name));
  status = H5Lcreate_external(plan->link, object, file, name, H5P_DEFAULT, H5P_DEFAULT);
  PetscCheck(status >= 0, comm, PETSC_ERR_LIB, "HDF5: cannot link array %s of the checkpoint to side file '%s'", name,
             plan->link);
  if (plan->patch) {
    char patch[PETSC_MAX_PATH_LEN], ranges[PETSC_MAX_PATH_LEN];

    PetscCall(PetscSNPrintf(patch, sizeof(patch), "%s.patch", name));
    PetscCall(PetscSNPrintf(ranges, sizeof(ranges), "%s.patch_ranges", name));
    PetscCall(DioCheckpointArrayView_Internal(comm, viewer, patch, plan->patch));
    PetscCall(DioCheckpointArrayView_Internal(comm, viewer, ranges, plan->patch_ranges));
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioCheckpointApplyPatch_Internal(PetscViewer viewer, const char path[], const char name[], Vec array)
{
  char               patch_name[PETSC_MAX_PATH_LEN], ranges_name[PETSC_MAX_PATH_LEN];
  Vec                patch, ranges;
  const PetscScalar *p, *r;
  PetscScalar       *values;
  PetscInt           num_ranges, num_values, size, used = 0;
  PetscBool          has;

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(ranges_name, sizeof(ranges_name), "/%s.patch_ranges", name));
  PetscCall(PetscViewerHDF5HasDataset(viewer, ranges_name, &has));
  if (!has) PetscFunctionReturn(0);
  PetscCall(PetscSNPrintf(patch_name, sizeof(patch_name), "%s.patch", name));
  PetscCall(VecCreate(PETSC_COMM_SELF, &patch));
  PetscCall(PetscObjectSetName((PetscObject)patch, patch_name));
  PetscCall(VecLoad(patch, viewer));
  PetscCall(VecCreate(PETSC_COMM_SELF, &ranges));
  PetscCall(PetscObjectSetName((PetscObject)ranges, ranges_name + 1));
  PetscCall(VecLoad(ranges, viewer));
  PetscCall(VecGetSize(patch, &num_values));
  PetscCall(VecGetSize(ranges, &num_ranges));
  PetscCall(VecGetSize(array, &size));
  PetscCall(VecGetArrayRead(patch, &p));
  PetscCall(VecGetArrayRead(ranges, &r));
  PetscCall(VecGetArray(array, &values));
  for (PetscInt k = 0; k + 1 < num_ranges; k += 2) {
    const PetscInt from = (PetscInt)PetscRealPart(r[k]), length = (PetscInt)PetscRealPart(r[k + 1]);

    PetscCheck(from >= 0 && length >= 0 && from + length <= size && used + length <= num_values, PETSC_COMM_SELF,
               PETSC_ERR_FILE_UNEXPECTED, "checkpoint '%s': the patch of array %s is damaged", path, name);
    PetscCall(PetscArraycpy(&values[from], &p[used], length));
    used += length;
  }
  PetscCall(VecRestoreArray(array, &values));
  PetscCall(VecRestoreArrayRead(ranges, &r));
  PetscCall(VecRestoreArrayRead(patch, &p));
  PetscCall(VecDestroy(&ranges));
  PetscCall(VecDestroy(&patch));
  PetscFunctionReturn(0);
}

PetscErrorCode DioCheckpointSidesCommit_Internal(DioCheckpointSides sides)
{
  PetscMPIInt rank;
  PetscInt    kept = 0;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(sides->comm, &rank));
  for (PetscInt k = 0; k < sides->num_arrays; k++) {
    SideArray *a = &sides->arrays[k];

    if (!a->in_next) { /* not in the new checkpoint at all */
      if (rank == 0 && a->file) (void)remove(a->file);
      PetscCall(SideArrayReset(a));
      continue;
    }
    if (a->file && a->next_file != a->file) { /* the new checkpoint no longer links to it */
      if (rank == 0) (void)remove(a->file);   /* already gone is fine: nothing links to it */
      PetscCall(PetscFree(a->file));
    }
    if (a->next_file && a->next_file != a->file) PetscCall(PetscArraycpy(a->base, a->next, a->num_blocks));
    PetscCall(PetscArraycpy(a->last, a->next, a->num_blocks));
    a->file               = a->next_file;
    a->next_file          = NULL;
    a->in_next            = PETSC_FALSE;
    sides->arrays[kept++] = *a;
  }
  sides->num_arrays = kept;
  for (PetscInt k = 0; k < sides->num_replaced; k++) { /* the replaced checkpoint's, unless the new one links to it */
    PetscBool linked = PETSC_FALSE;
    for (PetscInt j = 0; j < sides->num_arrays; j++) {
      const char *a = sides->arrays[j].file, *b = sides->replaced[k];
      if (a && strcmp(strrchr(a, '/') ? strrchr(a, '/') : a, strrchr(b, '/') ? strrchr(b, '/') : b) == 0)
        linked = PETSC_TRUE;
    }
    if (rank == 0 && !linked) (void)remove(sides->replaced[k]);
    PetscCall(PetscFree(sides->replaced[k]));
  }
  sides->num_replaced = 0;
  PetscFunctionReturn(0);
}

typedef struct {
  const char     *path; /* the checkpoint's */
  const char     *only; /* the array to look at, NULL: all */
  PetscErrorCode *code;
  char           *message;
  size_t          size;
} SideInspection;

/* The side file that HDF5 opens for link target `target` of checkpoint path: the target if it exists, else the
   file of its name in the checkpoint's directory (HDF5's fallback for a link whose absolute target is gone). */
static void SideFileResolve(const char path[], const char target[], char resolved[], size_t size)
{
  struct stat info;
  const char *slash = strrchr(path, '/'), *name = strrchr(target, '/');

  if (stat(target, &info) == 0 || name == NULL) {
    (void)PetscStrncpy(resolved, target, size);
    return;
  }
  if (slash == NULL)
    (void)PetscStrncpy(resolved, name + 1, size);
  else
    (void)PetscSNPrintf(resolved, size, "%.*s%s", (int)(slash - path), path, name);
}

static herr_t SideInspectLink(hid_t group, const char name[], const H5L_info_t *info, void *data)
{
  SideInspection *in = (SideInspection *)data;
  char            value[2 * PETSC_MAX_PATH_LEN], resolved[2 * PETSC_MAX_PATH_LEN];
  const char     *target = NULL, *object = NULL;
  unsigned        flags;
  struct stat     stat_info;
  hid_t           side;

  if (info->type != H5L_TYPE_EXTERNAL || (in->only && strcmp(in->only, name) != 0)) return 0;
  if (info->u.val_size > sizeof(value) || H5Lget_val(group, name, value, sizeof(value), H5P_DEFAULT) < 0 ||
      H5Lunpack_elink_val(value, info->u.val_size, &flags, &target, &object) < 0) {
    *in->code = PETSC_ERR_FILE_READ;
    (void)PetscSNPrintf(in->message, in->size, "cannot be read (the link of array %s to its side file is damaged)",
                        name);
    return 1;
  }
  SideFileResolve(in->path, target, resolved, sizeof(resolved));
  if (stat(resolved, &stat_info) != 0) {
    *in->code = PETSC_ERR_FILE_OPEN;
    (void)PetscSNPrintf(in->message, in->size,
                        "needs its side file '%s' (array %s), which cannot be opened: %s (copy a checkpoint with its "
                        "side files)",
                        resolved, name, strerror(errno));
    return 1;
  }
  side = H5Fis_hdf5(resolved) > 0 ? H5Fopen(resolved, H5F_ACC_RDONLY, H5P_DEFAULT) : H5I_INVALID_HID;
  if (side < 0 || H5Lexists(side, object, H5P_DEFAULT) <= 0) {
    *in->code = PETSC_ERR_FILE_READ;
    (void)PetscSNPrintf(in->message, in->size, "needs its side file '%s' (array %s), which %s", resolved, name,
                        side < 0 ? "cannot be read as HDF5 (truncated or damaged)" : "does not hold the array");
  }
  if (side >= 0) (void)H5Fclose(side);
  return *in->code ? 1 : 0;
}

void DioCheckpointSidesInspect_Internal(hid_t file, const char path[], const char only[], PetscErrorCode *code,
                                        char message[], size_t size)
{
  SideInspection in = {path, only, code, message, size};

  *code = 0;
  if (H5Literate(file, H5_INDEX_NAME, H5_ITER_NATIVE, NULL, SideInspectLink, &in) < 0 && *code == 0) {
    *code = PETSC_ERR_FILE_READ;
    (void)PetscStrncpy(message, "cannot be read (its list of arrays is damaged)", size);
  }
}
