/* SPDX-License-Identifier: BSD-2-Clause
   load_reuse.c: the element loads of the linear solve kept from one assembly to the next (-mech_stage_incremental,
   issue 16). A cell's load depends on its layer, its frozen flag, its activity and its initial stress, and on what all
   cells share (the loads, the layer table, a body force, an eigenstrain); it is computed again where one of its own
   inputs changed, and every cell's where a shared one changed (a body force or an eigenstrain: every time). A kept
   load is the one its unchanged inputs give, so the load vector summed from them is the full computation's, bit for
   bit. Memory: the loads and a copy of the initial stress, (dofs_per_cell + 6 num_qpoints) doubles per cell (freed by
   DioElasticityDestroy). The element load itself (DioElasticityCellLoad_Internal) lives here too. */
#include "elasticity_impl.h"

/* Body force and pore pressure at the quadrature points of local cell c, then the element load. */
int DioElasticityCellLoad_Internal(const struct _n_DioElasticity *e, PetscInt c, PetscBool eigenstrain, double *restrict Fe)
{
  const DioElasLayerParams *layer = &e->layer[e->cell_layer[c]];
  const PetscInt            dim = e->dim, nq = e->tab.num_qpoints;
  const double             *x   = &e->cell_nodes[c * e->dofs_per_cell];
  const double              rho = e->cell_frozen[c] ? layer->density_frozen : layer->density;
  double                    X[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], wdet[DIO_MAX_QUAD_POINTS];
  double                    force[DIO_MAX_QUAD_POINTS * DIO_MAX_DIM], pressure[DIO_MAX_QUAD_POINTS];
  int                       status = dio_elas_qpoints(&e->tab, x, X, wdet);

  if (status) return status;
  for (PetscInt q = 0; q < nq; q++) {
    if (e->body_force) e->body_force(dim, &X[q * dim], &force[q * dim], e->body_force_ctx);
    else {
      for (PetscInt d = 0; d < dim; d++) force[q * dim + d] = 0.0;
      force[q * dim + dim - 1] = -rho * e->loads.gravity;
    }
    pressure[q] = DioElasticityPorePressure_Internal(e, c, X[q * dim + dim - 1]);
  }
  status = dio_elas_body_load(&e->tab, x, force, pressure, Fe);
  if (!status && eigenstrain && e->eigenstrain) status = DioElasticityCellEigenstrainLoad_Internal(e, c, Fe);
  if (status || !e->initial_stress) return status;
  {
    /* loads balanced by the initial stress do no work: subtract its internal force */
    double Fs[DIO_MAX_ELEMENT_DOFS];
    status = dio_elas_stress_load(&e->tab, x, &e->initial_stress[(size_t)c * nq * 6], Fs);
    for (PetscInt i = 0; i < e->dofs_per_cell; i++) Fe[i] -= Fs[i];
  }
  return status;
}

/* The cache's arrays, made on the first call. */
static PetscErrorCode LoadCacheCreate(DioElasticity e)
{
  DioElasLoadCache *k;
  const size_t      n = (size_t)e->num_cells;

  PetscFunctionBegin;
  PetscCall(PetscNew(&k));
  PetscCall(PetscMalloc5(n * e->dofs_per_cell + 1, &k->Fe, n * e->tab.num_qpoints * 6 + 1, &k->stress, n + 1, &k->layer, n + 1, &k->frozen, n + 1, &k->active));
  PetscCall(PetscMalloc1(e->num_layers, &k->layers));
  e->load_cache = k;
  PetscFunctionReturn(0);
}

/*
  DioElasticityKeptCellLoads_Internal - the element loads of the linear solve (*Fe_all[num_cells][dofs_per_cell],
  owned by e; zero for an inactive cell), computed again where their inputs changed since the last call.
  *num_computed: the cells computed; *bad_cell: the least cell whose kernel failed, -1 if none (the cache is then
  computed in full next time). Not collective.
*/
PetscErrorCode DioElasticityKeptCellLoads_Internal(DioElasticity e, const PetscReal **Fe_all, PetscInt *num_computed, PetscInt *bad_cell)
{
  const PetscInt ndof = e->dofs_per_cell, ns = e->tab.num_qpoints * 6;
  PetscInt       bad = PETSC_MAX_INT, num = 0;
  PetscBool      all;

  PetscFunctionBegin;
  if (e->load_cache == NULL) PetscCall(LoadCacheCreate(e));
  {
    const DioElasLoadCache *k = e->load_cache;
    all = (PetscBool)(!k->valid || e->body_force != NULL || e->eigenstrain != NULL || k->has_stress != (e->initial_stress != NULL) ||
                      memcmp(&k->loads, &e->loads, sizeof(e->loads)) || memcmp(k->layers, e->layer, (size_t)e->num_layers * sizeof(*e->layer)));
  }
  #pragma omp parallel for schedule(static) reduction(min : bad) reduction(+ : num)
  for (PetscInt c = 0; c < e->num_cells; c++) {
    DioElasLoadCache *k      = e->load_cache;
    const PetscBool   active = DioElasticityCellActive_Internal(e, c);
    const PetscReal  *stress = e->initial_stress ? &e->initial_stress[(size_t)c * ns] : NULL;
    if (!all && k->layer[c] == e->cell_layer[c] && k->frozen[c] == e->cell_frozen[c] && k->active[c] == active &&
        (stress == NULL || !memcmp(&k->stress[(size_t)c * ns], stress, (size_t)ns * sizeof(*stress))))
      continue;
    num++;
    k->layer[c]  = e->cell_layer[c];
    k->frozen[c] = e->cell_frozen[c];
    k->active[c] = active;
    if (stress) memcpy(&k->stress[(size_t)c * ns], stress, (size_t)ns * sizeof(*stress));
    if (!active) {
      for (PetscInt i = 0; i < ndof; i++) k->Fe[c * ndof + i] = 0.0;
    } else if (DioElasticityCellLoad_Internal(e, c, PETSC_TRUE, &k->Fe[c * ndof])) bad = PetscMin(bad, c);
  }
  e->load_cache->loads      = e->loads;
  e->load_cache->has_stress = (PetscBool)(e->initial_stress != NULL);
  e->load_cache->valid      = (PetscBool)(bad == PETSC_MAX_INT);
  PetscCall(PetscArraycpy(e->load_cache->layers, e->layer, e->num_layers));
  *Fe_all       = e->load_cache->Fe;
  *num_computed = num;
  *bad_cell     = bad == PETSC_MAX_INT ? -1 : bad;
  PetscFunctionReturn(0);
}
