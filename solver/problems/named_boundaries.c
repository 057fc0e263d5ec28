/* SPDX-License-Identifier: BSD-2-Clause
   named_boundaries.c: boundary conditions and loads on the named face groups of an imported mesh, from the case file:
   boundaries: {left: {type: roller}, top: {type: pressure, value: 1e5}} is -boundaries_left_type roller
   -boundaries_top_type pressure -boundaries_top_value 1e5. */
#include "section.h"

static const char *const DioNamedBCKinds[] = {
    "free", "fixed", "roller", "displacement", "pressure", "traction", "DioNamedBCKind", "DIO_NAMED_BC_", NULL};

/*
  DioNamedBoundariesRead - -boundaries_<name>_type free|fixed|roller|displacement|pressure|traction (default free),
  -boundaries_<name>_components (fixed only: the components held, from x, y, z; default all), -boundaries_<name>_value
  (pressure: one value, Pa, positive pushes on the face; traction: dim components, Pa; displacement: dim components, m),
  -boundaries_<name>_gradient and _reference_elevation (pressure only: p = value + gradient (reference_elevation - z), z
  the vertical coordinate, clipped at 0), -boundaries_<name>_time_function or _time_function_file (pressure, traction,
  displacement: a factor over time on value and gradient; a pressure without a value then takes value 1, so that the
  table gives the pressure in Pa) for every named face group. A key for a name the mesh does not have is left
  unread and reported by the unknown-key check. Collective.

  Output: boundaries[regions->num_boundaries], free with PetscFree().
*/
PetscErrorCode DioNamedBoundariesRead(MPI_Comm comm, const DioMeshRegions *regions, PetscInt dim,
                                      DioNamedBoundary **boundaries)
{
  PetscFunctionBegin;
  PetscCall(PetscCalloc1(regions->num_boundaries + 1, boundaries));
  for (PetscInt b = 0; b < regions->num_boundaries; b++) {
    DioNamedBoundary *nb   = &(*boundaries)[b];
    const char       *name = regions->boundary_names[b];
    char              key[5][256], title[256], component_names[3][8] = {"", "", ""}, *components[3];
    PetscInt          num_components = 3;
    PetscBool         has_components;
    PetscInt          n = 3;
    PetscBool         has_value, has_gradient, has_reference;
    PetscCall(PetscSNPrintf(key[0], sizeof(key[0]), "-boundaries_%s_type", name));
    PetscCall(PetscSNPrintf(key[1], sizeof(key[1]), "-boundaries_%s_value", name));
    PetscCall(PetscSNPrintf(key[2], sizeof(key[2]), "-boundaries_%s_gradient", name));
    PetscCall(PetscSNPrintf(key[3], sizeof(key[3]), "-boundaries_%s_reference_elevation", name));
    PetscCall(PetscSNPrintf(key[4], sizeof(key[4]), "-boundaries_%s_components", name));
    PetscCall(PetscSNPrintf(title, sizeof(title), "Boundary '%s' of the mesh file", name));
    for (PetscInt k = 0; k < 3; k++) components[k] = component_names[k];
    PetscOptionsBegin(comm, NULL, title, "boundaries");
    PetscCall(PetscOptionsEnum(
        key[0], "Condition: free, fixed, roller (normal component held), displacement, pressure, traction", "",
        DioNamedBCKinds, (PetscEnum)nb->kind, (PetscEnum *)&nb->kind, NULL));
    PetscCall(PetscOptionsRealArray(
        key[1],
        "Value: pressure (Pa, one number, pushing on the face), traction (Pa) or displacement (m) per component; default 0", "",
        nb->value, &n, &has_value));
    PetscCall(PetscOptionsReal(key[2], "Pressure: increase with depth below the reference elevation (Pa/m; default 0)",
                               "", nb->gradient, &nb->gradient, &has_gradient));
    PetscCall(PetscOptionsReal(key[3], "Pressure: elevation where it equals the value (m; default 0)", "",
                               nb->reference_elevation, &nb->reference_elevation, &has_reference));
    PetscCall(PetscOptionsStringArray(key[4], "Fixed: the components held, from x, y, z (default all)", "", components,
                                      &num_components, &has_components));
    PetscOptionsEnd();
    PetscCheck(!has_components || nb->kind == DIO_NAMED_BC_FIXED, comm, PETSC_ERR_USER_INPUT,
               "%s: only a fixed boundary takes components", key[4]);
    for (PetscInt k = 0; has_components && k < num_components; k++) {
      const char *axes[3] = {"x", "y", "z"};
      PetscInt    d       = -1;
      for (PetscInt a = 0; a < dim; a++) {
        PetscBool same;
        PetscCall(PetscStrcasecmp(components[k], axes[a], &same));
        if (same) d = a;
      }
      PetscCheck(d >= 0, comm, PETSC_ERR_USER_INPUT, "%s: '%s' is no component of a %" PetscInt_FMT "D mesh (x, y%s)",
                 key[4], components[k], dim, dim == 3 ? ", z" : "");
      nb->components |= 1 << d;
    }
    for (PetscInt k = 0; has_components && k < num_components; k++) PetscCall(PetscFree(components[k]));
    if (nb->kind == DIO_NAMED_BC_PRESSURE) {
      PetscBool has_table;
      PetscCall(PetscSNPrintf(title, sizeof(title), "-boundaries_%s_time_function", name));
      PetscCall(PetscOptionsHasName(NULL, NULL, title, &has_table));
      if (!has_table) {
        PetscCall(PetscSNPrintf(title, sizeof(title), "-boundaries_%s_time_function_file", name));
        PetscCall(PetscOptionsHasName(NULL, NULL, title, &has_table));
      }
      if (!has_value && has_table) { /* the time function gives the pressure itself (Pa) */
        nb->value[0] = 1.0;
        has_value    = PETSC_TRUE;
        n            = 1;
      }
      PetscCheck(has_value && n == 1, comm, PETSC_ERR_USER_INPUT,
                 "%s: pressure needs one value (Pa), %" PetscInt_FMT " given", key[1], has_value ? n : 0);
    } else if (nb->kind == DIO_NAMED_BC_TRACTION || nb->kind == DIO_NAMED_BC_DISPLACEMENT) {
      PetscCheck(has_value && n == dim, comm, PETSC_ERR_USER_INPUT,
                 "%s: %s needs %" PetscInt_FMT " components (a %" PetscInt_FMT "D mesh), %" PetscInt_FMT " given",
                 key[1], DioNamedBCKinds[nb->kind], dim, dim, has_value ? n : 0);
    } else {
      PetscCheck(!has_value, comm, PETSC_ERR_USER_INPUT, "%s: a %s boundary takes no value", key[1],
                 DioNamedBCKinds[nb->kind]);
    }
    PetscCheck(nb->kind == DIO_NAMED_BC_PRESSURE || !(has_gradient || has_reference), comm, PETSC_ERR_USER_INPUT,
               "%s: only a pressure boundary takes a %s", has_gradient ? key[2] : key[3],
               has_gradient ? "gradient" : "reference elevation");
    PetscCall(PetscSNPrintf(key[0], sizeof(key[0]), "-boundaries_%s_time_function", name));
    PetscCall(DioTimeFunctionCreateFromOptions(comm, key[0], "the boundary's value (and pressure gradient)",
                                               &nb->time_function));
    PetscCheck(nb->time_function == NULL || nb->kind == DIO_NAMED_BC_PRESSURE || nb->kind == DIO_NAMED_BC_TRACTION ||
                   nb->kind == DIO_NAMED_BC_DISPLACEMENT,
               comm, PETSC_ERR_USER_INPUT,
               "%s: a %s boundary has no value to vary in time (pressure, traction and displacement do)", key[0],
               DioNamedBCKinds[nb->kind]);
  }
  PetscFunctionReturn(0);
}

/* On the imported mesh (check mode too): a roller holds the component its faces are normal to when that is one
   coordinate axis on the whole boundary, else (inclined or curved faces) the component along each node's normal
   (roller_axis -1, a rotation of the node's dofs: not with a prescribed displacement, whose lifting is Cartesian).
   Collective. */
PetscErrorCode DioNamedBoundariesCheck(DioSection *sec)
{
  DioImportedMesh *im       = sec->imported;
  const char      *inclined = NULL, *displacement = NULL;

  PetscFunctionBegin;
  for (PetscInt b = 0; b < im->regions.num_boundaries; b++) {
    DioNamedBoundary *nb = &im->boundaries[b];
    if (nb->kind == DIO_NAMED_BC_DISPLACEMENT) displacement = im->regions.boundary_names[b];
    if (nb->kind != DIO_NAMED_BC_ROLLER) continue;
    PetscCall(DioMeshBoundaryNormalAxis(im->dm, b + 1, &nb->roller_axis));
    if (nb->roller_axis == -1) inclined = im->regions.boundary_names[b];
  }
  for (PetscInt l = 0; inclined && l < im->regions.num_layers; l++) {
    const DioLayerMaterial *m;
    PetscCall(DioMaterialTableGetLayer(sec->materials, l, &m));
    PetscCheck(m->constitutive == DIO_MODEL_ELASTIC, sec->comm, PETSC_ERR_USER_INPUT,
               "-boundaries_%s_type roller on inclined or curved faces: elastic layers only, and '%s' is %s", inclined,
               im->regions.layer_names[l], DioConstitutiveModels[m->constitutive]);
  }
  PetscCheck(!inclined || !displacement, sec->comm, PETSC_ERR_USER_INPUT,
             "-boundaries_%s_type roller on inclined or curved faces and -boundaries_%s_type displacement: not "
             "supported together yet",
             inclined, displacement);
  PetscFunctionReturn(0);
}

/* Fixed and roller boundaries, before DioElasticitySetUp(). */
PetscErrorCode DioNamedBoundariesConstrain(DioSection *sec)
{
  const DioImportedMesh *im = sec->imported;

  PetscFunctionBegin;
  for (PetscInt b = 0; b < im->regions.num_boundaries; b++) {
    const DioNamedBoundary *nb = &im->boundaries[b];
    if (nb->kind == DIO_NAMED_BC_FIXED) {
      PetscCall(DioElasticitySetBoundaryCondition(sec->elas, b + 1, DIO_BC_FIXED));
      PetscCall(DioElasticitySetFixedComponents(sec->elas, b + 1, nb->components));
    }
    if (nb->kind != DIO_NAMED_BC_ROLLER || nb->roller_axis == -2) continue; /* a boundary with no face holds nothing */
    PetscCall(DioElasticitySetBoundaryCondition(sec->elas, b + 1, DIO_BC_ROLLER));
    if (nb->roller_axis >= 0)
      PetscCall(DioElasticitySetRollerAxis(sec->elas, b + 1, nb->roller_axis));
    else
      PetscCall(DioElasticitySetRollerInclined(sec->elas, b + 1)); /* inclined or curved: along each node's normal */
  }
  PetscFunctionReturn(0);
}

/* u = the constant vector ctx[dim]. */
static void ConstantVector(PetscInt dim, const PetscReal X[], PetscReal value[], void *ctx)
{
  const PetscReal *constant = (const PetscReal *)ctx;
  (void)X;
  for (PetscInt d = 0; d < dim; d++) value[d] = constant[d];
}

/* Pressure, traction and prescribed displacement boundaries at the time im->time (their time functions), after
   DioElasticitySetUp(); called again, replaces the earlier values. Collective. */
PetscErrorCode DioNamedBoundariesLoad(DioSection *sec)
{
  DioImportedMesh *im = sec->imported;
  PetscInt         np = 0, nt = 0, *p_cells = NULL, *p_faces = NULL, *t_cells = NULL, *t_faces = NULL;
  PetscReal       *p0 = NULL, *gradient = NULL, *z0 = NULL, *traction = NULL;
  DMLabel          label;
  PetscBool        cleared = PETSC_FALSE;

  PetscFunctionBegin;
  PetscCall(DMGetLabel(sec->dm, DIO_LABEL_BOUNDARY, &label));
  for (PetscInt b = 0; b < im->regions.num_boundaries; b++) {
    DioNamedBoundary *nb = &im->boundaries[b];
    PetscInt          n, *cells, *faces;
    PetscReal         factor;
    PetscCall(DioTimeFunctionEvaluate(nb->time_function, im->time, &factor));
    for (PetscInt d = 0; d < 3; d++) nb->current[d] = factor * nb->value[d];
    if (nb->kind == DIO_NAMED_BC_DISPLACEMENT && !cleared) { /* the set of an earlier call goes */
      PetscCall(DioElasticitySetPrescribedDisplacement(sec->elas, 0, NULL, NULL, NULL));
      cleared = PETSC_TRUE;
    }
    if (nb->switched_off) continue;
    if (nb->kind == DIO_NAMED_BC_DISPLACEMENT) {
      IS              points = NULL;
      const PetscInt *point  = NULL;
      PetscInt        num    = 0;
      if (label) PetscCall(DMLabelGetStratumIS(label, b + 1, &points));
      if (points) {
        PetscCall(ISGetLocalSize(points, &num));
        PetscCall(ISGetIndices(points, &point));
      }
      PetscCall(DioElasticityAddPrescribedDisplacement(sec->elas, num, point, ConstantVector, (void *)nb->current));
      if (points) PetscCall(ISRestoreIndices(points, &point));
      PetscCall(ISDestroy(&points));
    }
    if (nb->kind != DIO_NAMED_BC_PRESSURE && nb->kind != DIO_NAMED_BC_TRACTION) continue;
    PetscCall(DioElasticityGetBoundaryFaces(sec->elas, b + 1, &n, &cells, &faces));
    if (nb->kind == DIO_NAMED_BC_PRESSURE) {
      PetscCall(PetscRealloc(sizeof(PetscInt) * (size_t)(np + n + 1), &p_cells));
      PetscCall(PetscRealloc(sizeof(PetscInt) * (size_t)(np + n + 1), &p_faces));
      PetscCall(PetscRealloc(sizeof(PetscReal) * (size_t)(np + n + 1), &p0));
      PetscCall(PetscRealloc(sizeof(PetscReal) * (size_t)(np + n + 1), &gradient));
      PetscCall(PetscRealloc(sizeof(PetscReal) * (size_t)(np + n + 1), &z0));
      for (PetscInt k = 0; k < n; k++, np++) {
        p_cells[np]  = cells[k];
        p_faces[np]  = faces[k];
        p0[np]       = nb->current[0];
        gradient[np] = factor * nb->gradient;
        z0[np]       = nb->reference_elevation;
      }
    } else {
      PetscCall(PetscRealloc(sizeof(PetscInt) * (size_t)(nt + n + 1), &t_cells));
      PetscCall(PetscRealloc(sizeof(PetscInt) * (size_t)(nt + n + 1), &t_faces));
      PetscCall(PetscRealloc(sizeof(PetscReal) * 3 * (size_t)(nt + n + 1), &traction));
      for (PetscInt k = 0; k < n; k++, nt++) {
        t_cells[nt] = cells[k];
        t_faces[nt] = faces[k];
        for (PetscInt d = 0; d < 3; d++) traction[3 * nt + d] = d < sec->dim ? nb->current[d] : 0.0;
      }
    }
    PetscCall(PetscFree2(cells, faces));
  }
  PetscCall(DioElasticitySetPressureFaces(sec->elas, np, p_cells, p_faces, p0, gradient, z0));
  PetscCall(DioElasticitySetTractionFaces(sec->elas, nt, t_cells, t_faces, traction));
  PetscCall(PetscFree(p_cells));
  PetscCall(PetscFree(p_faces));
  PetscCall(PetscFree(p0));
  PetscCall(PetscFree(gradient));
  PetscCall(PetscFree(z0));
  PetscCall(PetscFree(t_cells));
  PetscCall(PetscFree(t_faces));
  PetscCall(PetscFree(traction));
  PetscFunctionReturn(0);
}

/* Frees boundaries[num_boundaries] with their time functions; NULL after. */
PetscErrorCode DioNamedBoundariesDestroy(PetscInt num_boundaries, DioNamedBoundary **boundaries)
{
  PetscFunctionBegin;
  for (PetscInt b = 0; *boundaries && b < num_boundaries; b++)
    PetscCall(DioTimeFunctionDestroy(&(*boundaries)[b].time_function));
  PetscCall(PetscFree(*boundaries));
  PetscFunctionReturn(0);
}
