/* SPDX-License-Identifier: BSD-2-Clause
   gmsh_edges.c: the line elements of a physical group of edges in a 3D .msh file, which PETSc 3.18's reader drops,
   read by diomede itself from format 2.2 or 4.1, ASCII or binary: the coordinates of both ends of each line, matched
   to mesh edges by gmsh.c. Rank 0 only; problems are described in a message, not raised. */
#include <stdio.h>
#include <string.h>
#include "mesh_impl.h"

#define DIO_GMSH_LINE 4096

/* A .msh file being read: ASCII numbers as text, binary ones as int (4 bytes), size_t (data-size, 8) and double. */
typedef struct {
  FILE     *file;
  PetscBool binary;
} MshReader;

static PetscBool ReadInt(MshReader *r, long *value)
{
  int i;
  if (!r->binary) return (PetscBool)(fscanf(r->file, "%ld", value) == 1);
  if (fread(&i, sizeof(i), 1, r->file) != 1) return PETSC_FALSE;
  *value = i;
  return PETSC_TRUE;
}

static PetscBool ReadSize(MshReader *r, long *value)
{
  size_t s;
  if (!r->binary) return (PetscBool)(fscanf(r->file, "%ld", value) == 1 && *value >= 0);
  if (fread(&s, sizeof(s), 1, r->file) != 1 || s > (size_t)PETSC_MAX_INT) return PETSC_FALSE;
  *value = (long)s;
  return PETSC_TRUE;
}

static PetscBool ReadDouble(MshReader *r, double *value)
{
  if (!r->binary) return (PetscBool)(fscanf(r->file, "%lf", value) == 1);
  return (PetscBool)(fread(value, sizeof(*value), 1, r->file) == 1);
}

/* Nodes of a Gmsh element type (the MSH format's table, up to the fifth-order simplices and the cubic and quartic
   hexahedra); 0 for a type not in it. The line types are 1, 8, 26, 27, 28: their first two nodes are the ends. */
static int NodesPerElement(long type)
{
  static const int table[32] = {0, 2,  3,  4,  4, 8,  6,  5,  3,  6,  9, 10, 27, 18, 14, 1,
                                8, 20, 15, 13, 9, 10, 12, 15, 15, 21, 4, 5,  6,  20, 35, 56};
  if (type >= 1 && type < 32) return table[type];
  if (type == 92) return 64;
  if (type == 93) return 125;
  return 0;
}

static PetscBool IsLine(long type)
{
  return (PetscBool)(type == 1 || type == 8 || type == 26 || type == 27 || type == 28);
}

/* Advance to the line after the one that starts with `section` (only through ASCII text: the headers before a binary
   section, or the end of one). */
static PetscBool SeekSection(FILE *file, const char section[])
{
  char line[DIO_GMSH_LINE];
  while (fgets(line, sizeof(line), file) != NULL)
    if (!strncmp(line, section, strlen(section))) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* Node coordinates by Gmsh tag: xyz[3 tag + d], known[tag]. */
typedef struct {
  long       max_tag;
  PetscReal *xyz;
  PetscBool *known;
} NodeTable;

static PetscErrorCode NodeTableCreate(long max_tag, NodeTable *nodes)
{
  PetscFunctionBegin;
  nodes->max_tag = max_tag;
  PetscCall(PetscCalloc2(3 * (max_tag + 1), &nodes->xyz, max_tag + 1, &nodes->known));
  PetscFunctionReturn(0);
}

/* Append the ends of a line from nodes a and b; a problem if the table lacks either. */
static PetscErrorCode AddEdge(const NodeTable *nodes, long id, long a, long b, PetscInt *num_edges, PetscInt *capacity,
                              PetscReal **ends, char message[], size_t size)
{
  PetscFunctionBegin;
  if (a < 0 || b < 0 || a > nodes->max_tag || b > nodes->max_tag || !nodes->known[a] || !nodes->known[b]) {
    PetscCall(PetscSNPrintf(message, size, "$Elements: line element %ld names a node that $Nodes does not hold", id));
    PetscFunctionReturn(0);
  }
  if (*num_edges == *capacity) {
    PetscReal *grown;
    *capacity = 2 * (*capacity) + 64;
    PetscCall(PetscMalloc1(6 * (*capacity), &grown));
    if (*num_edges) PetscCall(PetscArraycpy(grown, *ends, 6 * (*num_edges)));
    PetscCall(PetscFree(*ends));
    *ends = grown;
  }
  for (int d = 0; d < 3; d++) {
    (*ends)[6 * (*num_edges) + d]     = nodes->xyz[3 * a + d];
    (*ends)[6 * (*num_edges) + 3 + d] = nodes->xyz[3 * b + d];
  }
  (*num_edges)++;
  PetscFunctionReturn(0);
}

/* Format 2.2: $Nodes (id x y z; binary: int, 3 doubles) and $Elements (ASCII: id type ntags tags nodes; binary: blocks
   of type, count, ntags, then per element id, tags, nodes, all int); the physical group is an element's first tag. */
static PetscErrorCode ReadEdges22(MshReader *r, PetscInt tag, PetscInt *num_edges, PetscReal **ends, char message[],
                                  size_t size)
{
  NodeTable nodes = {-1, NULL, NULL};
  long      count, *ids = NULL, num_elements, done = 0;
  double   *coords   = NULL;
  PetscInt  capacity = 0;

  PetscFunctionBegin;
  if (!SeekSection(r->file, "$Nodes") || fscanf(r->file, "%ld", &count) != 1 || count < 0 || fgetc(r->file) == EOF) {
    PetscCall(PetscSNPrintf(message, size, "$Nodes without a count"));
    PetscFunctionReturn(0);
  }
  PetscCall(PetscMalloc2(count + 1, &ids, 3 * count + 1, &coords));
  for (long k = 0; k < count && !message[0]; k++) {
    if (!ReadInt(r, &ids[k]) || ids[k] < 0 || !ReadDouble(r, &coords[3 * k]) || !ReadDouble(r, &coords[3 * k + 1]) ||
        !ReadDouble(r, &coords[3 * k + 2]))
      PetscCall(PetscSNPrintf(message, size, "$Nodes: node %ld of %ld is not 'id x y z'", k + 1, count));
    else
      nodes.max_tag = PetscMax(nodes.max_tag, ids[k]);
  }
  if (!message[0]) {
    PetscCall(NodeTableCreate(nodes.max_tag, &nodes));
    for (long k = 0; k < count; k++) {
      for (int d = 0; d < 3; d++) nodes.xyz[3 * ids[k] + d] = (PetscReal)coords[3 * k + d];
      nodes.known[ids[k]] = PETSC_TRUE;
    }
  }
  PetscCall(PetscFree2(ids, coords));
  if (!message[0] && (!SeekSection(r->file, "$Elements") || fscanf(r->file, "%ld", &num_elements) != 1 ||
                      num_elements < 0 || fgetc(r->file) == EOF))
    PetscCall(PetscSNPrintf(message, size, "$Elements without a count"));
  while (!message[0] && done < num_elements) {
    long type = 0, block = 1, num_tags = 0, npe;
    /* binary: a block header; ASCII: each element carries its own type and tag count */
    if (r->binary && (!ReadInt(r, &type) || !ReadInt(r, &block) || !ReadInt(r, &num_tags) || block < 1)) break;
    for (long e = 0; e < block && !message[0]; e++, done++) {
      long id, value, physical = -1, node[2] = {-1, -1};
      if (!ReadInt(r, &id) || (!r->binary && (!ReadInt(r, &type) || !ReadInt(r, &num_tags))) || num_tags < 0) {
        PetscCall(PetscSNPrintf(message, size, "$Elements: element %ld of %ld is not 'id type tags ...'", done + 1,
                                num_elements));
        break;
      }
      npe = NodesPerElement(type);
      if (npe == 0) {
        PetscCall(
            PetscSNPrintf(message, size, "$Elements: element %ld has type %ld, unknown to diomede's reader", id, type));
        break;
      }
      for (long t = 0; t < num_tags; t++) {
        if (!ReadInt(r, &value)) break;
        if (t == 0) physical = value;
      }
      for (long a = 0; a < npe; a++) {
        if (!ReadInt(r, &value)) {
          PetscCall(PetscSNPrintf(message, size, "$Elements: element %ld ends before its nodes", id));
          break;
        }
        if (a < 2) node[a] = value;
      }
      if (!message[0] && IsLine(type) && physical == tag)
        PetscCall(AddEdge(&nodes, id, node[0], node[1], num_edges, &capacity, ends, message, size));
    }
  }
  if (!message[0] && done < num_elements)
    PetscCall(PetscSNPrintf(message, size, "$Elements: %ld of %ld elements read", done, num_elements));
  PetscCall(PetscFree2(nodes.xyz, nodes.known));
  PetscFunctionReturn(0);
}

/* Format 4.1: the curves of physical group `tag` from $Entities, node coordinates from the blocks of $Nodes, the lines
   of those curves from the blocks of $Elements. Binary: entity tags, dimensions and types int, counts and node and
   element tags size_t. */
static PetscErrorCode ReadEdges41(MshReader *r, PetscInt tag, PetscInt *num_edges, PetscReal **ends, char message[],
                                  size_t size)
{
  NodeTable nodes = {-1, NULL, NULL};
  long      count[4], num_blocks, num_nodes, min_tag, max_tag, *curves = NULL, num_curves = 0;
  PetscInt  capacity = 0;
  PetscBool ok       = PETSC_TRUE;

  PetscFunctionBegin;
  /* $Entities: points (tag x y z phys), curves, surfaces, volumes (tag box phys bounding) */
  if (!SeekSection(r->file, "$Entities")) {
    PetscCall(PetscSNPrintf(message, size, "format 4.1 without $Entities"));
    PetscFunctionReturn(0);
  }
  for (int d = 0; d < 4 && ok; d++) ok = ReadSize(r, &count[d]);
  if (ok) PetscCall(PetscMalloc1(count[1] + 1, &curves));
  for (int d = 0; d < 4 && ok; d++) {
    for (long k = 0; k < count[d] && ok; k++) {
      long   entity, num_physical, num_bounding, value;
      double box;
      ok = ReadInt(r, &entity);
      for (int c = 0; c < (d == 0 ? 3 : 6) && ok; c++) ok = ReadDouble(r, &box);
      ok = (PetscBool)(ok && ReadSize(r, &num_physical));
      for (long p = 0; p < num_physical && ok; p++) {
        ok = ReadInt(r, &value);
        if (ok && d == 1 && value == tag && (num_curves == 0 || curves[num_curves - 1] != entity))
          curves[num_curves++] = entity;
      }
      if (d > 0) {
        ok = (PetscBool)(ok && ReadSize(r, &num_bounding));
        for (long b = 0; b < num_bounding && ok; b++) ok = ReadInt(r, &value);
      }
    }
  }
  if (!ok) PetscCall(PetscSNPrintf(message, size, "$Entities: not the format 4.1 layout"));
  /* $Nodes: per block dim, entity, parametric, count; the count's tags, then their x y z (and u v w if parametric) */
  if (!message[0] && (!SeekSection(r->file, "$Nodes") || !ReadSize(r, &num_blocks) || !ReadSize(r, &num_nodes) ||
                      !ReadSize(r, &min_tag) || !ReadSize(r, &max_tag)))
    PetscCall(PetscSNPrintf(message, size, "$Nodes without its counts"));
  if (!message[0]) PetscCall(NodeTableCreate(max_tag, &nodes));
  for (long b = 0; b < num_blocks && !message[0]; b++) {
    long dim, entity, parametric, n, *tags;
    PetscCall(PetscSNPrintf(message, size, "$Nodes: block %ld of %ld is not 'dim entity parametric count ...'", b + 1,
                            num_blocks));
    if (!ReadInt(r, &dim) || !ReadInt(r, &entity) || !ReadInt(r, &parametric) || !ReadSize(r, &n)) break;
    PetscCall(PetscMalloc1(n + 1, &tags));
    ok = PETSC_TRUE;
    for (long k = 0; k < n && ok; k++) ok = (PetscBool)(ReadSize(r, &tags[k]) && tags[k] <= max_tag);
    for (long k = 0; k < n && ok; k++) {
      double x;
      for (long c = 0; c < 3 + (parametric ? dim : 0) && ok; c++) {
        ok = ReadDouble(r, &x);
        if (c < 3) nodes.xyz[3 * tags[k] + c] = (PetscReal)x;
      }
      nodes.known[tags[k]] = PETSC_TRUE;
    }
    PetscCall(PetscFree(tags));
    if (ok) message[0] = '\0';
  }
  /* $Elements: per block dim, entity, type, count; each element its tag and nodes */
  if (!message[0] && (!SeekSection(r->file, "$Elements") || !ReadSize(r, &num_blocks) || !ReadSize(r, &num_nodes) ||
                      !ReadSize(r, &min_tag) || !ReadSize(r, &max_tag)))
    PetscCall(PetscSNPrintf(message, size, "$Elements without its counts"));
  for (long b = 0; b < num_blocks && !message[0]; b++) {
    long      dim, entity, type, n, npe, id, value, node[2] = {-1, -1};
    PetscBool wanted = PETSC_FALSE;
    if (!ReadInt(r, &dim) || !ReadInt(r, &entity) || !ReadInt(r, &type) || !ReadSize(r, &n)) {
      PetscCall(PetscSNPrintf(message, size, "$Elements: block %ld of %ld is not 'dim entity type count ...'", b + 1,
                              num_blocks));
      break;
    }
    npe = NodesPerElement(type);
    if (npe == 0) {
      PetscCall(PetscSNPrintf(message, size, "$Elements: block %ld has element type %ld, unknown to diomede's reader",
                              b + 1, type));
      break;
    }
    for (long c = 0; c < num_curves && dim == 1; c++) wanted = (PetscBool)(wanted || curves[c] == entity);
    wanted = (PetscBool)(wanted && IsLine(type));
    for (long e = 0; e < n && !message[0]; e++) {
      ok = ReadSize(r, &id);
      for (long a = 0; a < npe && ok; a++) {
        ok = ReadSize(r, &value);
        if (a < 2) node[a] = value;
      }
      if (!ok)
        PetscCall(PetscSNPrintf(message, size, "$Elements: block %ld ends before its elements", b + 1));
      else if (wanted)
        PetscCall(AddEdge(&nodes, id, node[0], node[1], num_edges, &capacity, ends, message, size));
    }
  }
  PetscCall(PetscFree(curves));
  PetscCall(PetscFree2(nodes.xyz, nodes.known));
  PetscFunctionReturn(0);
}

/*
  DioGmshReadEdges_Internal - the line elements (Gmsh line types of any order: their two end nodes) of physical group
  `tag` in a format 2.2 or 4.1 file, ASCII or binary (groups: the format read by DioGmshReadPhysicalNames_Internal()):
  *num_edges and ends[num_edges][2][3], the coordinates of both ends (m). Rank 0 only; a problem goes into message.
  Output: free ends with PetscFree().
*/
PetscErrorCode DioGmshReadEdges_Internal(const char path[], const DioGmshGroups *groups, PetscInt tag,
                                         PetscInt *num_edges, PetscReal **ends, char message[], size_t size)
{
  MshReader r;

  PetscFunctionBegin;
  *num_edges = 0;
  *ends      = NULL;
  r.binary   = (PetscBool)!groups->ascii;
  r.file     = fopen(path, "rb");
  if (r.file == NULL) {
    PetscCall(PetscSNPrintf(message, size, "cannot open the file"));
    PetscFunctionReturn(0);
  }
  if (r.binary) {
    /* the one int after the format line tells the byte order */
    int one = 0;
    if (!SeekSection(r.file, "$MeshFormat") || !SeekSection(r.file, "") || fread(&one, sizeof(one), 1, r.file) != 1 ||
        one != 1)
      PetscCall(PetscSNPrintf(message, size, "a binary file of another byte order than this machine's"));
  }
  if (!message[0] && groups->version > 2.15 && groups->version < 2.25)
    PetscCall(ReadEdges22(&r, tag, num_edges, ends, message, size));
  else if (!message[0])
    PetscCall(ReadEdges41(&r, tag, num_edges, ends, message, size));
  (void)fclose(r.file);
  if (message[0]) {
    PetscCall(PetscFree(*ends));
    *num_edges = 0;
  }
  PetscFunctionReturn(0);
}
