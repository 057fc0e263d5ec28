/* SPDX-License-Identifier: BSD-2-Clause
   inclined_roller.c: rollers on boundaries that are not normal to a coordinate axis (inclined or curved faces), by a
   local rotation of the dofs of their nodes. Each such node gets an orthonormal basis whose first vectors span the
   directions it may move in and whose last ones those it is held in (the averaged outward normal of its roller faces,
   plus any axis another condition holds there, made orthonormal); its dofs are the components in that basis
   (u = R u~), so the held ones are constrained like any other dof. The element matrices become R^T K R and the load
   R^T F (node by node, before the constrained rows are dropped); the solve's unknown is rotated to u~ before and back
   to u after, so that everything else sees Cartesian components. Linear solves only (the callers refuse the rest). */
#include "elasticity_impl.h"
#include "fe_common.h"

/*
  DioElasticitySetRollerInclined - boundary boundary_id is a roller whose faces need not be normal to one axis: each
  node holds its displacement along the mean outward normal of the roller faces around it. Before
  DioElasticitySetUp(), with DioElasticitySetBoundaryCondition(elas, boundary_id, DIO_BC_ROLLER). Not collective.
*/
PetscErrorCode DioElasticitySetRollerInclined(DioElasticity elas, PetscInt boundary_id)
{
  PetscFunctionBegin;
  PetscCall(DioFECheckBoundaryId_Internal(boundary_id, DIO_BOUNDARY_MAX));
  elas->roller_inclined[boundary_id] = PETSC_TRUE;
  PetscFunctionReturn(0);
}

/* Adds v to the orthonormal set basis[*n][3] (Gram-Schmidt) unless it lies in its span. */
static void AddDirection(PetscInt dim, const PetscReal v[], PetscReal basis[][3], PetscInt *n)
{
  PetscReal w[3] = {0, 0, 0}, norm = 0;
  for (PetscInt d = 0; d < dim; d++) w[d] = v[d];
  for (PetscInt k = 0; k < *n; k++) {
    PetscReal dot = 0;
    for (PetscInt d = 0; d < dim; d++) dot += w[d] * basis[k][d];
    for (PetscInt d = 0; d < dim; d++) w[d] -= dot * basis[k][d];
  }
  for (PetscInt d = 0; d < dim; d++) norm += w[d] * w[d];
  norm = PetscSqrtReal(norm);
  if (norm < 1e-8) return;
  for (PetscInt d = 0; d < 3; d++) basis[*n][d] = d < dim ? w[d] / norm : 0.0;
  (*n)++;
}

/* The outward unit normal of boundary face `face` (from its support cell's centroid). */
static PetscErrorCode OutwardNormal(DM dm, PetscInt dim, PetscInt face, PetscReal normal[])
{
  const PetscInt *support;
  PetscReal       face_centroid[3] = {0, 0, 0}, cell_centroid[3] = {0, 0, 0}, dot = 0, norm = 0;

  PetscFunctionBegin;
  for (PetscInt d = 0; d < 3; d++) normal[d] = 0;
  PetscCall(DMPlexComputeCellGeometryFVM(dm, face, NULL, face_centroid, normal));
  PetscCall(DMPlexGetSupport(dm, face, &support));
  PetscCall(DMPlexComputeCellGeometryFVM(dm, support[0], NULL, cell_centroid, NULL));
  for (PetscInt d = 0; d < dim; d++) {
    dot += normal[d] * (face_centroid[d] - cell_centroid[d]);
    norm += normal[d] * normal[d];
  }
  norm = PetscSqrtReal(norm);
  for (PetscInt d = 0; d < dim; d++) normal[d] = norm > 0 ? (dot < 0 ? -1 : 1) * normal[d] / norm : 0;
  PetscFunctionReturn(0);
}

/*
  DioElasticityMarkInclinedRollers_Internal - after the other conditions are marked (and synchronised): the rotated
  basis of every node on an inclined roller and its held components. A node held in every direction is simply fixed
  (no rotation). Collective.
*/
PetscErrorCode DioElasticityMarkInclinedRollers_Internal(DioElasticity e)
{
  const PetscInt dim = e->dim;
  PetscSection   section;
  DMLabel        label;
  Vec            normals_local, normals_global;
  PetscScalar   *nsum;
  PetscReal     *held;     /* [num_nodes][3][3]: the held directions of each node, orthonormal */
  PetscInt      *num_held; /* [num_nodes] */
  PetscInt       local_size, num_nodes, any = 0, any_global;

  PetscFunctionBegin;
  for (PetscInt b = 1; b <= DIO_BOUNDARY_MAX; b++) any += (e->bc[b] == DIO_BC_ROLLER && e->roller_inclined[b]);
  if (!any) PetscFunctionReturn(0);
  PetscCall(DMGetLocalSection(e->dm_u, &section));
  PetscCall(PetscSectionGetStorageSize(section, &local_size));
  num_nodes = local_size / dim;
  PetscCall(PetscCalloc2(9 * (num_nodes + 1), &held, num_nodes + 1, &num_held));
  PetscCall(DMGetLabel(e->dm, DIO_LABEL_BOUNDARY, &label));
  PetscCall(DMGetLocalVector(e->dm_u, &normals_local));
  PetscCall(DMGetGlobalVector(e->dm_u, &normals_global));
  /* each inclined roller in turn: the mean outward normal of its faces at each of its nodes (summed over the ranks
     that hold them) is one held direction of the node; where two rollers meet, a node is held along both */
  for (PetscInt b = 1; b <= DIO_BOUNDARY_MAX; b++) {
    IS              faces = NULL;
    const PetscInt *face;
    PetscInt        n = 0;
    if (e->bc[b] != DIO_BC_ROLLER || !e->roller_inclined[b]) continue;
    PetscCall(VecSet(normals_local, 0.0));
    PetscCall(VecGetArray(normals_local, &nsum));
    if (label) PetscCall(DMLabelGetStratumIS(label, b, &faces));
    if (faces) PetscCall(ISGetLocalSize(faces, &n));
    if (faces) PetscCall(ISGetIndices(faces, &face));
    for (PetscInt f = 0; f < n; f++) {
      PetscReal normal[3];
      PetscInt *closure = NULL, closure_size;
      PetscCall(OutwardNormal(e->dm, dim, face[f], normal));
      PetscCall(DMPlexGetTransitiveClosure(e->dm, face[f], PETSC_TRUE, &closure_size, &closure));
      for (PetscInt i = 0; i < closure_size; i++) {
        PetscInt dof, off;
        PetscCall(PetscSectionGetDof(section, closure[2 * i], &dof));
        if (!dof) continue;
        PetscCall(PetscSectionGetOffset(section, closure[2 * i], &off));
        for (PetscInt d = 0; d < dim; d++) nsum[off + d] += normal[d];
      }
      PetscCall(DMPlexRestoreTransitiveClosure(e->dm, face[f], PETSC_TRUE, &closure_size, &closure));
    }
    if (faces) PetscCall(ISRestoreIndices(faces, &face));
    PetscCall(ISDestroy(&faces));
    PetscCall(VecRestoreArray(normals_local, &nsum));
    PetscCall(VecSet(normals_global, 0.0));
    PetscCall(DMLocalToGlobal(e->dm_u, normals_local, ADD_VALUES, normals_global));
    PetscCall(DMGlobalToLocal(e->dm_u, normals_global, INSERT_VALUES, normals_local));
    PetscCall(VecGetArray(normals_local, &nsum));
    for (PetscInt node = 0; node < num_nodes; node++) {
      PetscReal normal[3] = {0, 0, 0};
      for (PetscInt d = 0; d < dim; d++) normal[d] = PetscRealPart(nsum[node * dim + d]);
      if (normal[0] != 0 || normal[1] != 0 || normal[2] != 0)
        AddDirection(dim, normal, (PetscReal(*)[3]) & held[9 * node], &num_held[node]);
    }
    PetscCall(VecRestoreArray(normals_local, &nsum));
  }
  PetscCall(DMRestoreGlobalVector(e->dm_u, &normals_global));
  PetscCall(DMRestoreLocalVector(e->dm_u, &normals_local));
  PetscCall(PetscMalloc1(num_nodes + 1, &e->node_rotation));
  PetscCall(PetscMalloc1(9 * (num_nodes + 1), &e->rotation));
  e->num_rotations = 0;
  for (PetscInt node = 0; node < num_nodes; node++) {
    PetscReal(*h)[3] = (PetscReal(*)[3]) & held[9 * node], all[3][3];
    PetscInt *flag = &e->local_constrained[node * dim], num_all = 0;
    e->node_rotation[node] = -1;
    if (num_held[node] == 0) continue;
    /* held: the rollers' normals, then the axes other conditions hold; free: the rest of the Cartesian axes */
    for (PetscInt d = 0; d < dim; d++) {
      PetscReal axis[3] = {0, 0, 0};
      axis[d]           = 1;
      if (flag[d]) AddDirection(dim, axis, h, &num_held[node]);
    }
    for (PetscInt k = 0; k < num_held[node]; k++) AddDirection(dim, h[k], all, &num_all);
    for (PetscInt d = 0; d < dim && num_all < dim; d++) {
      PetscReal axis[3] = {0, 0, 0};
      axis[d]           = 1;
      AddDirection(dim, axis, all, &num_all);
    }
    if (num_held[node] == dim) { /* held every way: fixed, no rotation */
      for (PetscInt d = 0; d < dim; d++) flag[d] |= DIO_DOF_CONSTRAINED;
      continue;
    }
    { /* basis: the free directions (all[num_held..dim)) first, the held ones last; R[i][j] = component i of vector j */
      const PetscInt nh = num_held[node];
      PetscReal     *R  = &e->rotation[9 * e->num_rotations];
      for (PetscInt j = 0; j < dim; j++) {
        const PetscReal *v = j < dim - nh ? all[nh + j] : all[j - (dim - nh)];
        for (PetscInt i = 0; i < dim; i++) R[i * 3 + j] = v[i];
      }
      for (PetscInt d = 0; d < dim; d++)
        flag[d] = d >= dim - nh ? (flag[d] | DIO_DOF_CONSTRAINED) : (flag[d] & ~DIO_DOF_CONSTRAINED);
      e->node_rotation[node] = e->num_rotations++;
    }
  }
  PetscCall(PetscFree2(held, num_held));
  PetscCallMPI(
      MPI_Allreduce(&e->num_rotations, &any_global, 1, MPIU_INT, MPI_SUM, PetscObjectComm((PetscObject)e->dm)));
  if (any_global == 0) {
    PetscCall(PetscFree(e->node_rotation));
    PetscCall(PetscFree(e->rotation));
  }
  PetscFunctionReturn(0);
}

/* Ke (the cell's dofs_per_cell^2 matrix, row-major) <- R^T Ke R for the rotated nodes of local cell c. Pure: runs in
   the OpenMP cell loop. */
void DioElasticityRotateElementMatrix_Internal(const struct _n_DioElasticity *e, PetscInt c, double Ke[])
{
  const PetscInt  dim = e->dim, ndof = e->dofs_per_cell;
  const PetscInt *local = &e->cell_local_dofs[c * ndof];

  if (e->node_rotation == NULL) return;
  for (PetscInt a = 0; a < e->nodes_per_cell; a++) {
    const PetscInt   k = e->node_rotation[local[a * dim] / dim];
    const PetscReal *R;
    if (k < 0) continue;
    R = &e->rotation[9 * k];
    for (PetscInt r = 0; r < ndof; r++) { /* columns of node a: Ke[r][a.] R */
      double row[3];
      for (PetscInt j = 0; j < dim; j++) {
        row[j] = 0;
        for (PetscInt i = 0; i < dim; i++) row[j] += Ke[r * ndof + a * dim + i] * R[i * 3 + j];
      }
      for (PetscInt j = 0; j < dim; j++) Ke[r * ndof + a * dim + j] = row[j];
    }
    for (PetscInt s = 0; s < ndof; s++) { /* rows of node a: R^T Ke[a.][s] */
      double column[3];
      for (PetscInt j = 0; j < dim; j++) {
        column[j] = 0;
        for (PetscInt i = 0; i < dim; i++) column[j] += R[i * 3 + j] * Ke[(a * dim + i) * ndof + s];
      }
      for (PetscInt j = 0; j < dim; j++) Ke[(a * dim + j) * ndof + s] = column[j];
    }
  }
}

/* The local vector v (node blocks of dim components) of the rotated nodes: to the rotated basis (R^T v) or back to
   Cartesian components (R v). */
void DioElasticityRotateLocal_Internal(const struct _n_DioElasticity *e, PetscScalar v[], PetscBool to_rotated,
                                       PetscInt local_size)
{
  const PetscInt dim = e->dim;

  if (e->node_rotation == NULL) return;
  for (PetscInt node = 0; node < local_size / dim; node++) {
    const PetscInt   k = e->node_rotation[node];
    const PetscReal *R;
    PetscScalar      w[3];
    if (k < 0) continue;
    R = &e->rotation[9 * k];
    for (PetscInt j = 0; j < dim; j++) {
      w[j] = 0;
      for (PetscInt i = 0; i < dim; i++) w[j] += (to_rotated ? R[i * 3 + j] : R[j * 3 + i]) * v[node * dim + i];
    }
    for (PetscInt j = 0; j < dim; j++) v[node * dim + j] = w[j];
  }
}

/* The global vector u of the rotated nodes to the rotated basis or back (through a local vector). Collective. */
PetscErrorCode DioElasticityRotateGlobal_Internal(DioElasticity e, Vec u, PetscBool to_rotated)
{
  Vec          u_local;
  PetscScalar *x;
  PetscInt     local_size, any = e->node_rotation != NULL, any_global;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Allreduce(&any, &any_global, 1, MPIU_INT, MPI_MAX, PetscObjectComm((PetscObject)e->dm)));
  if (!any_global) PetscFunctionReturn(0);
  PetscCall(DMGetLocalVector(e->dm_u, &u_local));
  PetscCall(DMGlobalToLocal(e->dm_u, u, INSERT_VALUES, u_local));
  PetscCall(VecGetLocalSize(u_local, &local_size));
  PetscCall(VecGetArray(u_local, &x));
  DioElasticityRotateLocal_Internal(e, x, to_rotated, local_size);
  PetscCall(VecRestoreArray(u_local, &x));
  PetscCall(DMLocalToGlobal(e->dm_u, u_local, INSERT_VALUES, u));
  PetscCall(DMRestoreLocalVector(e->dm_u, &u_local));
  PetscFunctionReturn(0);
}
