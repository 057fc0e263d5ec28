/* SPDX-License-Identifier: BSD-2-Clause
   section_geometry.c: the ground and the bore of a tunnel section from the profile: the layer stack at a chainage, the
   O-grid's geometry and its checks (transverse section, 3D segment). */
#include "section.h"

/* The layers at the chainage, from the top down: sediment, weathered rock, bedrock. */
PetscErrorCode DioSectionLayerStackAt(const DioSection *sec, PetscReal x, DioLayerStack *stack)
{
  DioProfileSample sample;
  PetscReal        top;

  PetscFunctionBegin;
  PetscCall(DioProfileSampleAt(sec->profile, x, &sample));
  top                            = sample.surface_elevation_m;
  stack->num_layers              = 0;
  stack->permafrost_base_depth_m = sample.permafrost_base_depth_m;
  if (sample.sediment_thickness_m > 0) {
    stack->top_elevation_m[stack->num_layers] = top;
    stack->layer_id[stack->num_layers++] =
        top < sec->opts.loads.water_level ? DIO_LAYER_SEABED_SEDIMENT : DIO_LAYER_COASTAL_SEDIMENT;
    top -= sample.sediment_thickness_m;
  }
  stack->top_elevation_m[stack->num_layers] = top;
  stack->layer_id[stack->num_layers++]      = DIO_LAYER_WEATHERED_ROCK;
  stack->top_elevation_m[stack->num_layers] = top - sec->mesh_opts.weathered_thickness_m;
  stack->layer_id[stack->num_layers++]      = sample.bedrock_layer;
  PetscFunctionReturn(0);
}

/* Bottom of a tunnel model (transverse section, 3D segment): -mesh_base_elevation when given, else five diameters
   below the axis. */
PetscErrorCode DioSectionTunnelBase(const DioSection *sec, PetscReal diameter_m, PetscReal *base_elevation_m)
{
  PetscBool set;

  PetscFunctionBegin;
  PetscCall(PetscOptionsHasName(NULL, NULL, "-mesh_base_elevation", &set));
  *base_elevation_m = set ? sec->mesh_opts.base_elevation_m : sec->mesh_opts.axis_elevation_m - 5 * diameter_m;
  PetscFunctionReturn(0);
}

/* The geometry of a tunnel section's O-grid at chainage_m (transverse section, 3D segment): stack receives the
   profile's layers there, topts (zeroed first) the axis at -mesh_axis_elevation, the radius and lining of the tunnel,
   the ground surface of the stack as its top and DioSectionTunnelBase() as its base. The caller may change the
   geometry, then reads the -mesh_ options with DioTransverseOptionsSetFromOptions(). */
PetscErrorCode DioSectionTunnelGeometry(const DioSection *sec, PetscReal chainage_m, PetscReal diameter_m,
                                        PetscReal lining_thickness_m, DioLayerStack *stack, DioTransverseOptions *topts)
{
  PetscReal   x_min, x_max;
  const char *source;

  PetscFunctionBegin;
  PetscCall(DioProfileGetRange(sec->profile, &x_min, &x_max));
  PetscCall(DioProfileGetSource(sec->profile, &source));
  PetscCheck(chainage_m >= x_min && chainage_m <= x_max, sec->comm, PETSC_ERR_USER_INPUT,
             "-tunnel_chainage = %g m: must lie within the profile %s, %g .. %g m", (double)chainage_m, source,
             (double)x_min, (double)x_max);
  PetscCheck(diameter_m > 0 && diameter_m < PETSC_MAX_REAL, sec->comm, PETSC_ERR_USER_INPUT,
             "-tunnel_diameter = %g: must be > 0 m", (double)diameter_m);
  PetscCall(PetscMemzero(topts, sizeof(*topts)));
  PetscCall(DioSectionLayerStackAt(sec, chainage_m, stack));
  topts->axis_elevation_m    = sec->mesh_opts.axis_elevation_m;
  topts->radius_m            = 0.5 * diameter_m;
  topts->lining_thickness_m  = lining_thickness_m;
  topts->surface_elevation_m = stack->top_elevation_m[0];
  PetscCall(DioSectionTunnelBase(sec, diameter_m, &topts->base_elevation_m));
  PetscFunctionReturn(0);
}

/*
  DioSectionTunnelGeometryValidate - the bore of a tunnel section inside the ground, before the mesh validates its own
  options: above the base by a radius of ground, below the surface with the cover the O-grid keeps over the crown (the
  larger of 0.5 m and the lining thickness), narrower than the model; messages name the options and carry the numbers.
  top_from_depth: the top of the model is -tunnel_depth above the axis (uniform initial stress), not the ground.
  Collective.
*/
PetscErrorCode DioSectionTunnelGeometryValidate(const DioSection *sec, PetscReal chainage_m,
                                                const DioTransverseOptions *topts, PetscBool top_from_depth)
{
  char top[128];

  const PetscReal R = topts->radius_m, axis = topts->axis_elevation_m, cover = PetscMax(0.5, topts->lining_thickness_m);
  PetscReal       half_width = DIO_TRANSVERSE_HALF_WIDTH_DEFAULT;

  PetscFunctionBegin;
  PetscCheck(topts->base_elevation_m < axis - 2 * R, sec->comm, PETSC_ERR_USER_INPUT,
             "-mesh_base_elevation %g m: must lie below %g m, a radius of ground under the invert "
             "(-mesh_axis_elevation %g m, -tunnel_diameter %g m)",
             (double)topts->base_elevation_m, (double)(axis - 2 * R), (double)axis, (double)(2 * R));
  if (top_from_depth)
    PetscCall(PetscSNPrintf(top, sizeof(top), "the top of the model, -tunnel_depth %g m above the axis",
                            (double)(topts->surface_elevation_m - axis)));
  else
    PetscCall(PetscSNPrintf(top, sizeof(top), "the ground surface at -tunnel_chainage %g m, %g m", (double)chainage_m,
                            (double)topts->surface_elevation_m));
  PetscCheck(axis + R + cover < topts->surface_elevation_m, sec->comm, PETSC_ERR_USER_INPUT,
             "-mesh_axis_elevation %g m, -tunnel_diameter %g m: the crown at %g m needs %g m of cover below %s",
             (double)axis, (double)(2 * R), (double)(axis + R), (double)cover, top);
  PetscCall(PetscOptionsGetReal(NULL, NULL, "-mesh_half_width", &half_width, NULL));
  PetscCheck(!(half_width <= 2 * R), sec->comm, PETSC_ERR_USER_INPUT,
             "-tunnel_diameter %g m: the bore must be smaller than the model, whose half width (-mesh_half_width) is "
             "%g m (at least a diameter)",
             (double)(2 * R), (double)half_width);
  PetscFunctionReturn(0);
}
