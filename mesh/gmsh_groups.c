/* SPDX-License-Identifier: BSD-2-Clause
   gmsh_groups.c: what diomede reads of a .msh file itself, beside DMPlex's reader: the $PhysicalNames section (the
   dimension, tag and name of every physical group: PETSc 3.18's region labels mix up face groups, see gmsh.c), and,
   for 3D meshes in format 2.2 ASCII, the line elements of the physical groups of edges (the reader drops them). Rank 0
   only; problems are described in a message, not raised. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mesh_impl.h"

/* Longest line read; the $PhysicalNames lines of Gmsh are far shorter. */
#define DIO_GMSH_LINE 4096

static PetscBool StartsWith(const char line[], const char prefix[])
{
  return (PetscBool)(strncmp(line, prefix, strlen(prefix)) == 0);
}

/*
  DioGmshReadPhysicalNames_Internal - the physical groups of the file: groups->num, and per group its dimension, tag
  and name (the text between the first and the last double quote), in the order of $PhysicalNames; no such section is
  no group. Also the file's format version and whether it is ASCII. Rank 0 only; a problem goes into message.
  Output: free with DioGmshGroupsDestroy_Internal().
*/
PetscErrorCode DioGmshReadPhysicalNames_Internal(const char path[], DioGmshGroups *groups, char message[], size_t size)
{
  FILE *file;
  char  line[DIO_GMSH_LINE];
  long  line_number = 0;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(groups, sizeof(*groups)));
  file = fopen(path, "rb");
  if (file == NULL) {
    PetscCall(PetscSNPrintf(message, size, "cannot open the file"));
    PetscFunctionReturn(0);
  }
  while (!message[0] && fgets(line, sizeof(line), file) != NULL) {
    line_number++;
    if (StartsWith(line, "$MeshFormat")) {
      double version;
      int    binary, data_size;
      if (fgets(line, sizeof(line), file) == NULL || sscanf(line, "%lf %d %d", &version, &binary, &data_size) != 3) {
        PetscCall(PetscSNPrintf(message, size, "line %ld: $MeshFormat without 'version file-type data-size'",
                                line_number + 1));
        break;
      }
      line_number++;
      groups->version = (PetscReal)version;
      groups->ascii   = (PetscBool)(binary == 0);
    } else if (StartsWith(line, "$PhysicalNames")) {
      int count;
      if (fgets(line, sizeof(line), file) == NULL || sscanf(line, "%d", &count) != 1 || count < 0) {
        PetscCall(PetscSNPrintf(message, size, "line %ld: $PhysicalNames without a count", line_number + 1));
        break;
      }
      line_number++;
      PetscCall(PetscCalloc3(count + 1, &groups->dim, count + 1, &groups->tag, count + 1, &groups->name));
      for (int g = 0; g < count && !message[0]; g++) {
        int   dim, tag;
        char *open, *close;
        line_number++;
        if (fgets(line, sizeof(line), file) == NULL || sscanf(line, "%d %d", &dim, &tag) != 2 ||
            (open = strchr(line, '"')) == NULL || (close = strrchr(line, '"')) == open) {
          PetscCall(PetscSNPrintf(message, size, "line %ld: a physical name is 'dimension tag \"name\"'", line_number));
          break;
        }
        *close = '\0';
        PetscCall(PetscStrallocpy(open + 1, &groups->name[g]));
        groups->dim[g] = dim;
        groups->tag[g] = tag;
        groups->num++;
      }
      break; /* names come before the nodes: nothing else is needed */
    } else if (StartsWith(line, "$Nodes") || StartsWith(line, "$Entities") || StartsWith(line, "$Elements")) {
      break; /* no $PhysicalNames: no named group */
    }
  }
  (void)fclose(file);
  PetscFunctionReturn(0);
}

PetscErrorCode DioGmshGroupsDestroy_Internal(DioGmshGroups *groups)
{
  PetscFunctionBegin;
  for (PetscInt g = 0; g < groups->num; g++) PetscCall(PetscFree(groups->name[g]));
  PetscCall(PetscFree3(groups->dim, groups->tag, groups->name));
  PetscCall(PetscMemzero(groups, sizeof(*groups)));
  PetscFunctionReturn(0);
}

/*
  DioGmshReadEdges_Internal - the line elements (Gmsh types 1 and 8: their two end nodes) of physical group `tag` in
  a format 2.2 ASCII file: *num_edges and ends[num_edges][2][3], the coordinates of both ends (m). Rank 0 only; a
  problem goes into message. Output: free ends with PetscFree().
*/
PetscErrorCode DioGmshReadEdges_Internal(const char path[], PetscInt tag, PetscInt *num_edges, PetscReal **ends,
                                         char message[], size_t size)
{
  FILE      *file;
  char       line[DIO_GMSH_LINE];
  long       max_id = -1, capacity = 0;
  PetscReal *xyz   = NULL; /* [max_id + 1][3] node coordinates by Gmsh id */
  PetscBool *known = NULL;

  PetscFunctionBegin;
  *num_edges = 0;
  *ends      = NULL;
  file       = fopen(path, "r");
  if (file == NULL) {
    PetscCall(PetscSNPrintf(message, size, "cannot open the file"));
    PetscFunctionReturn(0);
  }
  while (!message[0] && fgets(line, sizeof(line), file) != NULL) {
    long count;
    if (StartsWith(line, "$Nodes")) {
      long *ids;
      double(*coords)[3];
      if (fgets(line, sizeof(line), file) == NULL || sscanf(line, "%ld", &count) != 1 || count < 0) {
        PetscCall(PetscSNPrintf(message, size, "$Nodes without a count"));
        break;
      }
      PetscCall(PetscMalloc2(count, &ids, count, &coords));
      for (long k = 0; k < count && !message[0]; k++) {
        if (fgets(line, sizeof(line), file) == NULL ||
            sscanf(line, "%ld %lf %lf %lf", &ids[k], &coords[k][0], &coords[k][1], &coords[k][2]) != 4 || ids[k] < 0)
          PetscCall(PetscSNPrintf(message, size, "$Nodes: node %ld of %ld is not 'id x y z'", k + 1, count));
        else
          max_id = PetscMax(max_id, ids[k]);
      }
      if (!message[0]) {
        PetscCall(PetscCalloc2(3 * (max_id + 1), &xyz, max_id + 1, &known));
        for (long k = 0; k < count; k++) {
          for (int d = 0; d < 3; d++) xyz[3 * ids[k] + d] = (PetscReal)coords[k][d];
          known[ids[k]] = PETSC_TRUE;
        }
      }
      PetscCall(PetscFree2(ids, coords));
    } else if (StartsWith(line, "$Elements")) {
      if (fgets(line, sizeof(line), file) == NULL || sscanf(line, "%ld", &count) != 1 || count < 0) {
        PetscCall(PetscSNPrintf(message, size, "$Elements without a count"));
        break;
      }
      for (long k = 0; k < count && !message[0]; k++) {
        long  id, type, num_tags, physical, node[2];
        char *cursor, *end;
        if (fgets(line, sizeof(line), file) == NULL || sscanf(line, "%ld %ld %ld", &id, &type, &num_tags) != 3) {
          PetscCall(
              PetscSNPrintf(message, size, "$Elements: element %ld of %ld is not 'id type tags ...'", k + 1, count));
          break;
        }
        if ((type != 1 && type != 8) || num_tags < 1) continue;
        cursor = line;
        for (int skip = 0; skip < 3; skip++) (void)strtol(cursor, &cursor, 10);
        physical = strtol(cursor, &cursor, 10);
        if (physical != tag) continue;
        for (long t = 1; t < num_tags; t++) (void)strtol(cursor, &cursor, 10);
        node[0] = strtol(cursor, &end, 10);
        node[1] = strtol(end, &cursor, 10);
        if (cursor == end || xyz == NULL || node[0] < 0 || node[1] < 0 || node[0] > max_id || node[1] > max_id ||
            !known[node[0]] || !known[node[1]]) {
          PetscCall(
              PetscSNPrintf(message, size, "$Elements: line element %ld names a node that $Nodes does not hold", id));
          break;
        }
        if (*num_edges == capacity) {
          PetscReal *grown;
          capacity = 2 * capacity + 64;
          PetscCall(PetscMalloc1(6 * capacity, &grown));
          if (*num_edges) PetscCall(PetscArraycpy(grown, *ends, 6 * (*num_edges)));
          PetscCall(PetscFree(*ends));
          *ends = grown;
        }
        for (int e = 0; e < 2; e++)
          for (int d = 0; d < 3; d++) (*ends)[6 * (*num_edges) + 3 * e + d] = xyz[3 * node[e] + d];
        (*num_edges)++;
      }
      break;
    }
  }
  (void)fclose(file);
  PetscCall(PetscFree2(xyz, known));
  if (message[0]) {
    PetscCall(PetscFree(*ends));
    *num_edges = 0;
  }
  PetscFunctionReturn(0);
}
