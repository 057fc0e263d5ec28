/* SPDX-License-Identifier: BSD-2-Clause
   system.c: what the machine offers a run and what the run took: memory available to each rank (the kernel's
   MemAvailable shared among the ranks of a node, or the cgroup's limit), free disk under the output directory, and the
   peak resident memory of the busiest rank. Linux files; elsewhere the queries report "unknown" (a negative value). */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include "dio_io.h"

/* The number after `key` in a "key value" line of a small text file (bytes for the cgroup files, kB for
   /proc/meminfo: the caller scales), or -1 when the file or the key is absent or the value is "max". */
static PetscReal ReadKeyedNumber(const char path[], const char key[])
{
  FILE     *f = fopen(path, "r");
  char      line[256];
  PetscReal value = -1;

  if (f == NULL) return -1;
  while (fgets(line, sizeof(line), f) != NULL) {
    const size_t n = strlen(key);
    double       v;

    if (strncmp(line, key, n) != 0) continue;
    if (sscanf(line + n, " %lf", &v) == 1) value = (PetscReal)v;
    break;
  }
  fclose(f);
  return value;
}

/* The node's free memory (bytes) for new allocations: MemAvailable, bounded by the cgroup's limit less its usage
   (cgroup v2, then v1); -1 if unknown. */
static PetscReal NodeMemoryAvailable(void)
{
  PetscReal available = ReadKeyedNumber("/proc/meminfo", "MemAvailable:"), limit, usage;

  if (available >= 0) available *= 1024.0;
  limit = ReadKeyedNumber("/sys/fs/cgroup/memory.max", "");
  usage = ReadKeyedNumber("/sys/fs/cgroup/memory.current", "");
  if (limit < 0) {
    limit = ReadKeyedNumber("/sys/fs/cgroup/memory/memory.limit_in_bytes", "");
    usage = ReadKeyedNumber("/sys/fs/cgroup/memory/memory.usage_in_bytes", "");
  }
  /* v1 reports "no limit" as a huge number */
  if (limit > 0 && limit < 1e18 && usage >= 0)
    available = available < 0 ? limit - usage : PetscMin(available, limit - usage);
  return available;
}

/*@
  DioSystemMemoryPerRank - The memory one rank may still take (bytes): the node's available memory (MemAvailable, or
  the cgroup limit less its usage when lower) divided among the ranks that share the node, plus what this rank holds
  already (its resident size now), as the smallest over the ranks. -1 if the system does not say.

  Collective.
@*/
PetscErrorCode DioSystemMemoryPerRank(MPI_Comm comm, PetscReal *bytes)
{
  MPI_Comm       node;
  PetscMPIInt    ranks_on_node;
  PetscLogDouble resident;
  PetscReal      mine, node_available = NodeMemoryAvailable();

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  PetscCallMPI(MPI_Comm_size(node, &ranks_on_node));
  PetscCallMPI(MPI_Comm_free(&node));
  PetscCall(PetscMemoryGetCurrentUsage(&resident));
  /* an unknown node (-1) stays negative on every rank, so the minimum says "unknown" */
  mine = node_available < 0 ? -1 : node_available / ranks_on_node + (PetscReal)resident;
  PetscCall(MPIU_Allreduce(&mine, bytes, 1, MPIU_REAL, MPI_MIN, comm));
  PetscFunctionReturn(0);
}

/*@
  DioSystemFreeDisk - Free space (bytes, for an unprivileged user) on the file system that holds directory, or its
  nearest existing parent when it does not exist yet; -1 if unknown. Rank 0 asks, every rank receives.

  Collective.
@*/
PetscErrorCode DioSystemFreeDisk(MPI_Comm comm, const char directory[], PetscReal *bytes)
{
  PetscMPIInt rank;
  double      value = -1;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  if (rank == 0) {
    char           path[PETSC_MAX_PATH_LEN];
    struct statvfs fs;

    PetscCall(PetscStrncpy(path, directory[0] ? directory : ".", sizeof(path)));
    /* up the tree to an existing directory: a relative path ends at ".", an absolute one at "/" */
    for (int up = 0; up < 256 && statvfs(path, &fs) != 0; up++) {
      char *slash = strrchr(path, '/');

      if (slash == NULL)
        PetscCall(PetscStrncpy(path, ".", sizeof(path)));
      else if (slash == path)
        slash[1] = 0;
      else
        *slash = 0;
    }
    if (statvfs(path, &fs) == 0) value = (double)fs.f_bavail * (double)fs.f_frsize;
  }
  PetscCallMPI(MPI_Bcast(&value, 1, MPI_DOUBLE, 0, comm));
  *bytes = (PetscReal)value;
  PetscFunctionReturn(0);
}

/*@
  DioSystemPeakMemory - The largest peak resident size (bytes) of any rank so far (getrusage's ru_maxrss).

  Collective.
@*/
PetscErrorCode DioSystemPeakMemory(MPI_Comm comm, PetscReal *bytes)
{
  struct rusage usage;
  PetscReal     mine = -1;

  PetscFunctionBegin;
  /* Linux reports ru_maxrss in kilobytes */
  if (getrusage(RUSAGE_SELF, &usage) == 0) mine = 1024.0 * (PetscReal)usage.ru_maxrss;
  PetscCall(MPIU_Allreduce(&mine, bytes, 1, MPIU_REAL, MPI_MAX, comm));
  PetscFunctionReturn(0);
}
