/* SPDX-License-Identifier: BSD-2-Clause
   gmsh_groups.c: what diomede reads of a .msh file itself, beside DMPlex's reader: the $PhysicalNames section (the
   dimension, tag and name of every physical group: PETSc 3.18's region labels mix up face groups, see gmsh.c) and the
   file's format (the line elements of edge groups: gmsh_edges.c). Rank 0 only; problems are described in a message,
   not raised. */
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
