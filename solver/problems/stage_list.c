/* SPDX-License-Identifier: BSD-2-Clause
   stage_list.c: the construction stages of an imported mesh from the case file, read and checked before anything is
   built. A case file names the stages in order and describes each under its name:
     stages:
       order: [initial, excavation]
       initial: {initial_stress: k0, k0: 0.5}
       excavation: {excavate: [tunnel], apply: [face_pressure], steps: 2}
   is -stages_order initial,excavation -stages_initial_initial_stress k0 ... A region (cell group) is active from the
   start unless its first mention is an activation; a boundary load is on from the start unless its first mention is
   an apply. */
#include <ctype.h>
#include "stage_engine.h"

const char *const DioStageInitials[] = {"none", "k0", "gravity", "components", "DioStageInitial", "DIO_STAGE_INITIAL_",
                                        NULL};

#define DIO_STAGE_MAX       256
#define DIO_STAGE_NAMES_MAX 64

/* Index of name in names[n] (case-insensitive, like option names), -1 if absent. */
static PetscErrorCode FindName(const char name[], PetscInt n, char *const names[], PetscInt *index)
{
  PetscFunctionBegin;
  *index = -1;
  for (PetscInt k = 0; k < n && *index < 0; k++) {
    PetscBool same;
    PetscCall(PetscStrcasecmp(name, names[k], &same));
    if (same) *index = k;
  }
  PetscFunctionReturn(0);
}

/* The comma-separated names of names[n] into text. */
static PetscErrorCode JoinNames(PetscInt n, char *const names[], char text[], size_t size)
{
  PetscFunctionBegin;
  text[0] = '\0';
  for (PetscInt k = 0; k < n; k++) {
    if (k) PetscCall(PetscStrlcat(text, ", ", size));
    PetscCall(PetscStrlcat(text, names[k], size));
  }
  if (n == 0) PetscCall(PetscStrncpy(text, "none", size));
  PetscFunctionReturn(0);
}

/* The names listed under key (-stages_<stage>_<what>), each one of names[n], as flags in mark[n]; inside
   PetscOptionsBegin(). */
static PetscErrorCode ReadNameList(PetscOptionItems *PetscOptionsObject, MPI_Comm comm, const char key[],
                                   const char help[], const char kind[], const char plural[], const char mesh_path[],
                                   PetscInt n, char *const names[], PetscBool mark[], PetscBool *given)
{
  char    *items[DIO_STAGE_NAMES_MAX];
  PetscInt num = DIO_STAGE_NAMES_MAX;

  PetscFunctionBegin;
  PetscCall(PetscArrayzero(mark, n));
  PetscCall(PetscOptionsStringArray(key, help, "", items, &num, given));
  for (PetscInt k = 0; *given && k < num; k++) {
    PetscInt index;
    char     known[1024];
    PetscCall(FindName(items[k], n, names, &index));
    if (index < 0) {
      PetscCall(JoinNames(n, names, known, sizeof(known)));
      SETERRQ(comm, PETSC_ERR_USER_INPUT, "%s: no %s '%s' in %s (its %s: %s)", key, kind, items[k], mesh_path,
              n == 1 ? kind : plural, known);
    }
    PetscCheck(!mark[index], comm, PETSC_ERR_USER_INPUT, "%s: %s '%s' is listed twice", key, kind, names[index]);
    mark[index] = PETSC_TRUE;
  }
  for (PetscInt k = 0; *given && k < num; k++) PetscCall(PetscFree(items[k]));
  PetscFunctionReturn(0);
}

/* What stage s asks for (its keys), before the states are followed through the list. */
typedef struct {
  PetscBool *excavate, *activate, *apply, *remove;
  PetscBool  any_change;
} StageRequest;

static PetscErrorCode ReadStage(MPI_Comm comm, const DioImportedMesh *im, PetscInt s, DioStage *st, StageRequest *rq)
{
  const DioMeshRegions *rg = &im->regions;
  char                  key[8][256], duration_key[256], release_key[256], title[128];
  PetscInt              n = 6;
  PetscBool             has_k0, has_components, given[4];

  PetscFunctionBegin;
  st->initial  = DIO_STAGE_INITIAL_NONE;
  st->k0       = 0.5;
  st->steps    = 1;
  st->duration = 0;
  st->release  = 1;
  {
    const char *what[8] = {"initial_stress", "k0",   "initial_stress_components", "excavate", "activate", "apply",
                           "remove",         "steps"};
    for (PetscInt k = 0; k < 8; k++)
      PetscCall(PetscSNPrintf(key[k], sizeof(key[k]), "-stages_%s_%s", st->name, what[k]));
  }
  PetscCall(PetscSNPrintf(duration_key, sizeof(duration_key), "-stages_%s_duration", st->name));
  PetscCall(PetscSNPrintf(release_key, sizeof(release_key), "-stages_%s_release", st->name));
  PetscCall(PetscSNPrintf(title, sizeof(title), "Stage '%s'", st->name));
  PetscOptionsBegin(comm, NULL, title, "stages");
  PetscCall(PetscOptionsEnum(
      key[0],
      "First stage only: initial stress by none, k0 (horizontal layers), gravity (a gravity solve) or components", "",
      DioStageInitials, (PetscEnum)st->initial, (PetscEnum *)&st->initial, NULL));
  PetscCall(PetscOptionsReal(key[1], "K0 procedure: sigma'_h / sigma'_v (-), in (0, 10]; default 0.5", "", st->k0,
                             &st->k0, &has_k0));
  PetscCall(PetscOptionsRealArray(key[2], "Given initial stress xx,yy,zz[,xy,yz,xz] (Pa, tension positive)", "",
                                  st->components, &n, &has_components));
  PetscCall(ReadNameList(PetscOptionsObject, comm, key[3], "Regions (cell groups) excavated in this stage", "region",
                         "regions", im->path, rg->num_layers, rg->layer_names, rq->excavate, &given[0]));
  PetscCall(ReadNameList(PetscOptionsObject, comm, key[4],
                         "Regions (cell groups) activated in this stage, stress-free (lining, grout, support)",
                         "region", "regions", im->path, rg->num_layers, rg->layer_names, rq->activate, &given[1]));
  PetscCall(ReadNameList(PetscOptionsObject, comm, key[5],
                         "Boundaries whose load or prescribed displacement, flow condition (consolidation) or thermal "
                         "condition (heat) is switched on in this stage",
                         "boundary", "boundaries", im->path, rg->num_boundaries, rg->boundary_names, rq->apply,
                         &given[2]));
  PetscCall(ReadNameList(PetscOptionsObject, comm, key[6],
                         "Boundaries whose load or prescribed displacement (released), flow condition (then "
                         "impermeable) or thermal condition (then insulated) is switched off in this stage",
                         "boundary", "boundaries", im->path, rg->num_boundaries, rg->boundary_names, rq->remove,
                         &given[3]));
  PetscCall(PetscOptionsInt(key[7], "Load steps the stage's change is applied in (equal parts); default 1", "",
                            st->steps, &st->steps, NULL));
  PetscCall(PetscOptionsReal(duration_key,
                             "Duration of the stage (s; heat: the time the temperature advances); default 0", "",
                             st->duration, &st->duration, NULL));
  PetscCall(PetscOptionsReal(release_key,
                             "Fraction of the out-of-balance force released in this stage (-), in (0, 1]; the rest is "
                             "released in the next (convergence-confinement "
                             "beta); default 1",
                             "", st->release, &st->release, NULL));
  PetscOptionsEnd();
  PetscCheck(st->release > 0 && st->release <= 1, comm, PETSC_ERR_USER_INPUT, "%s = %g: must be in (0, 1]", release_key,
             (double)st->release);
  rq->any_change = (PetscBool)(given[0] || given[1] || given[2] || given[3]);
  PetscCheck(st->steps >= 1 && st->steps <= 1000, comm, PETSC_ERR_USER_INPUT,
             "%s = %" PetscInt_FMT ": must be in [1, 1000]", key[7], st->steps);
  PetscCheck(st->duration >= 0 && st->duration < 1e12, comm, PETSC_ERR_USER_INPUT, "%s = %g: must be in [0, 1e12) s",
             duration_key, (double)st->duration);
  if (s > 0) {
    PetscCheck(st->initial == DIO_STAGE_INITIAL_NONE && !has_k0 && !has_components, comm, PETSC_ERR_USER_INPUT,
               "%s: only the first stage sets the initial stress ('%s' is stage %" PetscInt_FMT ")",
               st->initial != DIO_STAGE_INITIAL_NONE ? key[0]
               : has_k0                              ? key[1]
                                                     : key[2],
               st->name, s + 1);
    PetscFunctionReturn(0);
  }
  PetscCheck(!has_k0 || st->initial == DIO_STAGE_INITIAL_K0, comm, PETSC_ERR_USER_INPUT, "%s: only with %s k0", key[1],
             key[0]);
  PetscCheck(!has_components || st->initial == DIO_STAGE_INITIAL_COMPONENTS, comm, PETSC_ERR_USER_INPUT,
             "%s: only with %s components", key[2], key[0]);
  PetscCheck(st->initial != DIO_STAGE_INITIAL_COMPONENTS || (has_components && (n == 3 || n == 6)), comm,
             PETSC_ERR_USER_INPUT, "%s: %" PetscInt_FMT " values given, 3 or 6 needed (xx,yy,zz[,xy,yz,xz] in Pa)",
             key[2], has_components ? n : 0);
  if (st->initial == DIO_STAGE_INITIAL_COMPONENTS && n == 3)
    st->components[3] = st->components[4] = st->components[5] = 0;
  PetscCheck(st->k0 > 0 && st->k0 <= 10, comm, PETSC_ERR_USER_INPUT, "%s = %g: must be in (0, 10]", key[1],
             (double)st->k0);
  PetscCheck(st->initial == DIO_STAGE_INITIAL_NONE || !(given[0] || given[1]), comm, PETSC_ERR_USER_INPUT,
             "%s: the initial-stress stage '%s' sets the state of the regions as they are; excavate or activate in a "
             "later stage",
             given[0] ? key[3] : key[4], st->name);
  PetscFunctionReturn(0);
}

/*
  DioStageListRead - the stages of -stages_order (names, in order) and each stage's keys, checked against the regions
  and boundaries of the imported mesh: an unknown name, a region excavated while inactive or activated while active, a
  load switched on while on or off while off, a switched boundary without a load, a stage leaving no region active,
  an empty list: one error naming the key. *given is PETSC_FALSE (and the list empty) without -stages_order. Collective.
*/
PetscErrorCode DioStageListRead(MPI_Comm comm, const DioImportedMesh *im, DioStageList *list, PetscBool *given)
{
  const DioMeshRegions *rg = &im->regions;
  char                 *order[DIO_STAGE_MAX];
  PetscInt              n = DIO_STAGE_MAX;
  PetscBool            *active, *on, *mentioned;
  StageRequest         *rq;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(list, sizeof(*list)));
  list->num_layers     = rg->num_layers;
  list->num_boundaries = rg->num_boundaries;
  PetscOptionsBegin(comm, NULL, "Construction stages of an imported mesh", "stages");
  PetscCall(PetscOptionsStringArray(
      "-stages_order",
      "Names of the stages, in order (each described by -stages_<name>_*); default none: one load step", "", order, &n,
      given));
  PetscOptionsEnd();
  if (!*given) {
    PetscBool named;
    PetscCall(PetscOptionsHasName(NULL, NULL, "-stages_order", &named));
    PetscCheck(!named, comm, PETSC_ERR_USER_INPUT,
               "-stages_order: the list of stages is empty: name at least one stage");
    PetscFunctionReturn(0);
  }
  PetscCheck(n > 0, comm, PETSC_ERR_USER_INPUT, "-stages_order: the list of stages is empty: name at least one stage");
  PetscCheck(n < DIO_STAGE_MAX, comm, PETSC_ERR_USER_INPUT, "-stages_order: at most %d stages", DIO_STAGE_MAX - 1);
  PetscCall(DioStageListCreate(n, rg->num_layers, rg->num_boundaries, list));
  PetscCall(PetscMalloc1(rg->num_boundaries + 1, &list->boundary_switch));
  for (PetscInt b = 0; b < rg->num_boundaries; b++) list->boundary_switch[b] = -1;
  PetscCall(PetscCalloc1(n, &rq));
  for (PetscInt s = 0; s < n; s++) {
    DioStage *st      = &list->stage[s];
    PetscBool name_ok = (PetscBool)isalpha((unsigned char)order[s][0]);
    for (const char *c = order[s]; name_ok && *c; c++) name_ok = (PetscBool)(isalnum((unsigned char)*c) || *c == '_');
    PetscCheck(name_ok && strlen(order[s]) < sizeof(st->name), comm, PETSC_ERR_USER_INPUT,
               "-stages_order: '%s' is not a stage name (a letter, then letters, digits and '_'; under 64 characters)",
               order[s]);
    for (PetscInt t = 0; t < s; t++) {
      PetscBool same;
      PetscCall(PetscStrcasecmp(order[s], list->stage[t].name, &same));
      PetscCheck(!same, comm, PETSC_ERR_USER_INPUT, "-stages_order: stage '%s' is listed twice", order[s]);
    }
    PetscCall(PetscStrncpy(st->name, order[s], sizeof(st->name)));
    PetscCall(PetscCalloc4(rg->num_layers + 1, &rq[s].excavate, rg->num_layers + 1, &rq[s].activate,
                           rg->num_boundaries + 1, &rq[s].apply, rg->num_boundaries + 1, &rq[s].remove));
    PetscCall(ReadStage(comm, im, s, st, &rq[s]));
    st->time_end = (s > 0 ? list->stage[s - 1].time_end : 0) + st->duration;
  }
  for (PetscInt s = 0; s < n; s++) PetscCall(PetscFree(order[s]));

  /* the state before the first stage: a region or load is there unless its first mention switches it on */
  PetscCall(PetscMalloc3(rg->num_layers + 1, &active, rg->num_boundaries + 1, &on,
                         rg->num_layers + rg->num_boundaries + 1, &mentioned));
  PetscCall(PetscArrayzero(mentioned, rg->num_layers + rg->num_boundaries));
  for (PetscInt s = 0; s < n; s++) {
    for (PetscInt l = 0; l < rg->num_layers; l++) {
      if (!mentioned[l] && (rq[s].excavate[l] || rq[s].activate[l])) {
        active[l]    = (PetscBool)!rq[s].activate[l];
        mentioned[l] = PETSC_TRUE;
      }
    }
    for (PetscInt b = 0; b < rg->num_boundaries; b++) {
      PetscBool *seen = &mentioned[rg->num_layers + b];
      if (!*seen && (rq[s].apply[b] || rq[s].remove[b])) {
        on[b] = (PetscBool)!rq[s].apply[b];
        *seen = PETSC_TRUE;
      }
    }
  }
  for (PetscInt l = 0; l < rg->num_layers; l++)
    if (!mentioned[l]) active[l] = PETSC_TRUE;
  for (PetscInt b = 0; b < rg->num_boundaries; b++)
    if (!mentioned[rg->num_layers + b]) on[b] = PETSC_TRUE;

  /* follow the states through the stages */
  for (PetscInt s = 0; s < n; s++) {
    DioStage *st         = &list->stage[s];
    PetscInt  num_active = 0;
    for (PetscInt l = 0; l < rg->num_layers; l++) {
      PetscCheck(!(rq[s].excavate[l] && rq[s].activate[l]), comm, PETSC_ERR_USER_INPUT,
                 "-stages_%s_excavate and -stages_%s_activate both name region '%s'", st->name, st->name,
                 rg->layer_names[l]);
      PetscCheck(
          !rq[s].excavate[l] || active[l], comm, PETSC_ERR_USER_INPUT,
          "-stages_%s_excavate: region '%s' is not active at stage '%s' (excavated earlier, or activated only later)",
          st->name, rg->layer_names[l], st->name);
      PetscCheck(!rq[s].activate[l] || !active[l], comm, PETSC_ERR_USER_INPUT,
                 "-stages_%s_activate: region '%s' is already active at stage '%s'", st->name, rg->layer_names[l],
                 st->name);
      if (rq[s].excavate[l]) active[l] = PETSC_FALSE;
      if (rq[s].activate[l]) active[l] = PETSC_TRUE;
      st->region_active[l]    = active[l];
      st->region_activated[l] = rq[s].activate[l];
      st->region_excavated[l] = rq[s].excavate[l];
      num_active += active[l];
    }
    PetscCheck(num_active > 0, comm, PETSC_ERR_USER_INPUT, "stage '%s' (-stages_order) leaves no region of %s active",
               st->name, im->path);
    for (PetscInt b = 0; b < rg->num_boundaries; b++) {
      const DioNamedBoundary *nb       = &im->boundaries[b];
      const PetscBool         switched = (PetscBool)(rq[s].apply[b] || rq[s].remove[b]);
      PetscCheck(!(rq[s].apply[b] && rq[s].remove[b]), comm, PETSC_ERR_USER_INPUT,
                 "-stages_%s_apply and -stages_%s_remove both name boundary '%s'", st->name, st->name,
                 rg->boundary_names[b]);
      /* a boundary without a load may carry a flow or thermal condition, read later: DioStageListCheckSwitched() */
      if (switched && list->boundary_switch[b] < 0 && nb->kind != DIO_NAMED_BC_PRESSURE &&
          nb->kind != DIO_NAMED_BC_TRACTION && nb->kind != DIO_NAMED_BC_DISPLACEMENT)
        list->boundary_switch[b] = 2 * s + (rq[s].remove[b] ? 1 : 0);
      PetscCheck(!rq[s].apply[b] || !on[b], comm, PETSC_ERR_USER_INPUT,
                 "-stages_%s_apply: boundary '%s' is already on at stage '%s'", st->name, rg->boundary_names[b],
                 st->name);
      PetscCheck(!rq[s].remove[b] || on[b], comm, PETSC_ERR_USER_INPUT,
                 "-stages_%s_remove: boundary '%s' is already off at stage '%s'", st->name, rg->boundary_names[b],
                 st->name);
      if (rq[s].apply[b]) on[b] = PETSC_TRUE;
      if (rq[s].remove[b]) on[b] = PETSC_FALSE;
      st->boundary_on[b]      = on[b];
      st->boundary_applied[b] = rq[s].apply[b];
    }
  }
  PetscCall(PetscFree3(active, on, mentioned));
  for (PetscInt s = 0; s < n; s++) PetscCall(PetscFree4(rq[s].excavate, rq[s].activate, rq[s].apply, rq[s].remove));
  PetscCall(PetscFree(rq));
  PetscFunctionReturn(0);
}

/*
  DioStageListCheckSwitched - after the fields read their keys: a boundary without a load that a stage switches
  (-stages_<s>_apply / _remove) must carry a condition of switchable[b] (a flow or thermal condition); supports hold in
  every stage. One error naming the first such key. Collective.
*/
PetscErrorCode DioStageListCheckSwitched(MPI_Comm comm, const DioImportedMesh *im, const DioStageList *list,
                                         const PetscBool switchable[])
{
  PetscFunctionBegin;
  for (PetscInt b = 0; list->boundary_switch && b < list->num_boundaries; b++) {
    const PetscInt first = list->boundary_switch[b];
    PetscCheck(first < 0 || switchable[b], comm, PETSC_ERR_USER_INPUT,
               "-stages_%s_%s: boundary '%s' is %s: a stage switches a pressure, traction or displacement, a flow "
               "condition (with a consolidation region) or a thermal condition (with heat); supports hold in every "
               "stage",
               list->stage[first / 2].name, first % 2 ? "remove" : "apply", im->regions.boundary_names[b],
               im->boundaries[b].kind == DIO_NAMED_BC_FREE ? "free (no -boundaries_<name>_type)" : "a support");
  }
  PetscFunctionReturn(0);
}

PetscErrorCode DioStageListDestroy(DioStageList *list)
{
  PetscFunctionBegin;
  for (PetscInt s = 0; s < list->num_stages && list->shared_flags == NULL; s++) {
    DioStage *st = &list->stage[s];
    PetscCall(PetscFree5(st->region_active, st->region_activated, st->region_excavated, st->boundary_on,
                         st->boundary_applied));
  }
  PetscCall(PetscFree(list->stage));
  PetscCall(PetscFree(list->region_layer));
  PetscCall(PetscFree(list->boundary_switch));
  PetscCall(PetscFree(list->shared_flags));
  list->num_stages = 0;
  PetscFunctionReturn(0);
}

/* A list of num_stages stages over num_regions regions and num_boundaries named boundaries, every flag off, every
   stage unnamed (a preset fills it in); destroy with DioStageListDestroy(). */
PetscErrorCode DioStageListCreate(PetscInt num_stages, PetscInt num_regions, PetscInt num_boundaries,
                                  DioStageList *list)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(list, sizeof(*list)));
  list->num_stages     = num_stages;
  list->num_layers     = num_regions;
  list->num_boundaries = num_boundaries;
  PetscCall(PetscCalloc1(num_stages, &list->stage));
  for (PetscInt s = 0; s < num_stages; s++) {
    DioStage *st = &list->stage[s];
    PetscCall(PetscCalloc5(num_regions + 1, &st->region_active, num_regions + 1, &st->region_activated, num_regions + 1,
                           &st->region_excavated, num_boundaries + 1, &st->boundary_on, num_boundaries + 1,
                           &st->boundary_applied));
  }
  PetscFunctionReturn(0);
}

/*
  DioStageListCreateInPlace - num_stages stages over num_regions regions and no boundaries, numbered from stage 0,
  every region active throughout and stage s excavating and activating region activated[s] alone in the same cells (a
  drive's strips replaced in place; -1: none), each stage one load step releasing all; the caller names the stages and
  sets the rest. The stages' flags share one array: every region_active is its first n = num_regions entries (all
  set), a stage's region_activated and region_excavated a window of n entries into the following 2n, of which only
  entry n - 1 is set (window start n - 1 - r for region r; at n, none set). The list then takes memory linear in the
  stages where a copy per stage would be quadratic (600 MB at 7000 stages). Destroy with DioStageListDestroy().
*/
PetscErrorCode DioStageListCreateInPlace(PetscInt num_stages, PetscInt num_regions, const PetscInt activated[],
                                         DioStageList *list)
{
  const PetscInt n = num_regions;
  PetscBool     *window;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(list, sizeof(*list)));
  list->num_stages = num_stages;
  list->num_layers = n;
  list->from_zero  = PETSC_TRUE;
  PetscCall(PetscCalloc1(num_stages, &list->stage));
  PetscCall(PetscCalloc1(3 * n, &list->shared_flags));
  window = list->shared_flags + n;
  for (PetscInt r = 0; r < n; r++) list->shared_flags[r] = PETSC_TRUE;
  window[n - 1] = PETSC_TRUE;
  for (PetscInt s = 0; s < num_stages; s++) {
    DioStage *st = &list->stage[s];
    PetscCheck(activated[s] < n, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
               "stage %" PetscInt_FMT " activates region %" PetscInt_FMT " of %" PetscInt_FMT, s, activated[s], n);
    st->steps            = 1;
    st->release          = 1;
    st->region_active    = list->shared_flags;
    st->region_activated = st->region_excavated = activated[s] >= 0 ? window + n - 1 - activated[s] : window + n;
    st->boundary_on = st->boundary_applied = window + n; /* no boundaries: never read */
  }
  PetscFunctionReturn(0);
}

/* Without -stages_order (an analysis with heat): one stage named "stage", every region active and every load on, no
   initial stress, duration 0. */
PetscErrorCode DioStageListDefault(const DioImportedMesh *im, DioStageList *list)
{
  const DioMeshRegions *rg = &im->regions;
  DioStage             *st;

  PetscFunctionBegin;
  PetscCall(DioStageListCreate(1, rg->num_layers, rg->num_boundaries, list));
  st = &list->stage[0];
  PetscCall(PetscStrncpy(st->name, "stage", sizeof(st->name)));
  st->steps   = 1;
  st->release = 1;
  for (PetscInt l = 0; l < rg->num_layers; l++) st->region_active[l] = PETSC_TRUE;
  for (PetscInt b = 0; b < rg->num_boundaries; b++) st->boundary_on[b] = PETSC_TRUE;
  PetscFunctionReturn(0);
}
