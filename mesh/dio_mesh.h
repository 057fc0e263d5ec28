/* SPDX-License-Identifier: BSD-2-Clause
   dio_mesh.h: builds and distributes the DMPlex for diomede: the strait section from a profile
   (2D plane strain or 3D extruded), graded towards the tunnel axis, with layer and boundary labels.
   Knows nothing of materials or physics: it speaks integers and names only. */
#pragma once
#include <petscdmplex.h>

/* Cell label: layer id, an index into the profile's layer table (DioProfileGetLayers()). */
#define DIO_LABEL_LAYER "layer"
/* Cell label: 1 where the cell centroid lies above the local permafrost base, absent elsewhere. */
#define DIO_LABEL_PERMAFROST "permafrost"
/* Cell label: excavation stage k >= 0 of the cells a tunnel drive removes (absent elsewhere). */
#define DIO_LABEL_STAGE "excavation_stage"
/* Face label (PETSc's and Gmsh's name), values DioBoundaryId. */
#define DIO_LABEL_BOUNDARY "Face Sets"

/* Boundary face ids. 2D: x along the alignment, y up. 3D: x along, y across, z up. */
typedef enum {
  DIO_BOUNDARY_SURFACE = 1, /* seabed or ground surface (top) */
  DIO_BOUNDARY_BASE    = 2, /* bottom of the model */
  DIO_BOUNDARY_WEST    = 3, /* x = x_min end (Cape Dezhnev side) */
  DIO_BOUNDARY_EAST    = 4, /* x = x_max end (Cape Prince of Wales side) */
  DIO_BOUNDARY_SOUTH   = 5, /* 3D only: y = 0 side */
  DIO_BOUNDARY_NORTH   = 6, /* 3D only: y = width side */
  DIO_BOUNDARY_TUNNEL_WALL = 7 /* interior faces of the bore wall; the meshes never set it, a problem may (heat) */
} DioBoundaryId;
#define DIO_BOUNDARY_COUNT 7
/* Largest boundary id of any mesh: an imported mesh numbers its named face groups 1, 2, ... (DioMeshRegions). */
#define DIO_BOUNDARY_MAX 64
/* The wall the groundwater drains through, which a problem labels on the ground's faces where cells leave the flow
   (an excavated bore, regions out of a stage's flow): beyond every mesh's ids, so that it meets no named face group and
   not the heat's DIO_BOUNDARY_TUNNEL_WALL. Only the flow reads it (the mechanics and the heat stop at
   DIO_BOUNDARY_MAX). */
#define DIO_BOUNDARY_FLOW_WALL (DIO_BOUNDARY_MAX + 1)

/* Fixed layer ids; bedrock units named in the profile follow from DIO_LAYER_FIRST_BEDROCK on. */
typedef enum {
  DIO_LAYER_SEABED_SEDIMENT  = 0, /* "seabed_sediment": sediment below sea (surface below sea level) */
  DIO_LAYER_COASTAL_SEDIMENT = 1, /* "coastal_sediment_onshore": sediment where the surface is above sea level */
  DIO_LAYER_WEATHERED_ROCK   = 2, /* "weathered_rock": top of the bedrock, a fixed thickness */
  DIO_LAYER_FIRST_BEDROCK    = 3
} DioLayerId;

typedef struct _n_DioProfile *DioProfile;

/* The profile evaluated at one distance along the alignment (linear interpolation between rows). */
typedef struct {
  PetscReal surface_elevation_m;      /* seabed (< 0) or ground (> 0) elevation, sea level 0 */
  PetscReal sediment_thickness_m;     /* unconsolidated sediment above the bedrock */
  PetscReal permafrost_base_depth_m;  /* below the local surface; 0 = none */
  PetscInt  bedrock_layer;            /* layer id of the bedrock unit (nearest profile row) */
} DioProfileSample;

PetscErrorCode DioProfileCreateDefault(MPI_Comm comm, DioProfile *profile);
PetscErrorCode DioProfileCreateFromFile(MPI_Comm comm, const char path[], DioProfile *profile);
PetscErrorCode DioProfileCreateFromString(MPI_Comm comm, const char source_name[], const char text[], DioProfile *profile);
PetscErrorCode DioProfileDestroy(DioProfile *profile);
PetscErrorCode DioProfileGetSource(DioProfile profile, const char *source_name[]);
PetscErrorCode DioProfileGetRange(DioProfile profile, PetscReal *x_min_m, PetscReal *x_max_m);
PetscErrorCode DioProfileGetNumPoints(DioProfile profile, PetscInt *num_points);
PetscErrorCode DioProfileGetLayers(DioProfile profile, PetscInt *num_layers, const char *const *layer_names[]);
PetscErrorCode DioProfileSampleAt(DioProfile profile, PetscReal x_m, DioProfileSample *sample);
PetscErrorCode DioProfileSurfaceMinimum(DioProfile profile, PetscReal x0_m, PetscReal x1_m, PetscReal *surface_m,
                                        PetscReal *x_m);

/* Geometry and grading of the strait mesh; every field has an option (-mesh_...), see DioStraitOptionsSetFromOptions(). */
typedef struct {
  PetscInt  dim;                   /* 2: plane-strain section (x along, y up); 3: extruded over width_m */
  PetscReal x_min_m, x_max_m;      /* extent along the alignment; default the whole profile */
  PetscReal width_m;               /* 3D: extrusion width across the alignment */
  PetscReal base_elevation_m;      /* bottom of the model (negative, m below sea level) */
  PetscReal axis_elevation_m;      /* tunnel axis elevation: centre of the finely meshed band */
  PetscReal band_half_height_m;    /* half height of the fine band around the axis */
  PetscReal cell_size_fine_m;      /* vertical cell size inside the band */
  PetscReal cell_size_coarse_m;    /* vertical cell size reached at the base */
  PetscReal cell_size_x_m;         /* cell size along the alignment */
  PetscReal cell_size_y_m;         /* 3D: cell size across */
  PetscInt  cells_above_band;      /* cells between the band top and the surface in every column */
  PetscReal weathered_thickness_m; /* thickness of the weathered rock layer below the sediment */
  PetscInt  refine;                /* every cell size halved this many times */
} DioStraitOptions;

PetscErrorCode DioStraitOptionsSetFromOptions(MPI_Comm comm, DioProfile profile, DioStraitOptions *opts);
PetscErrorCode DioMeshCreateStrait(MPI_Comm comm, DioProfile profile, const DioStraitOptions *opts, DM *dm);

/* The size of a mesh counted from its options, nothing built (diomede check): a planar base mesh of quadrilaterals
   (simply connected: its edges number vertices + cells - 1), extruded into num_slices layers of hexahedra in 3D.
   Counts are reals, so that an oversized request is reported, never wrapped. */
typedef struct {
  PetscInt  dim;                   /* 2 or 3 */
  PetscReal cells_2d, vertices_2d; /* the base mesh (the whole mesh in 2D) */
  PetscReal num_slices;            /* 3D: layers of the extrusion; 0 in 2D */
} DioMeshCount;

PetscErrorCode DioStraitCount(MPI_Comm comm, const DioStraitOptions *opts, DioMeshCount *count);

/* What the output writer needs from a distributed mesh: owned vertices in a global order that is contiguous
   per rank, and every local cell as global vertex ids in VTK order (quad / hexahedron). */
typedef struct {
  PetscInt   dim;
  PetscInt   num_vertices, vertex_offset, num_vertices_global; /* owned vertices on this rank, first global id */
  PetscInt  *vertex_points;                                  /* [num_vertices] DMPlex point of each owned vertex */
  PetscReal *vertex_coords;                                  /* [num_vertices][3], z = 0 in 2D */
  PetscInt   num_cells, cell_offset, num_cells_global;       /* local cells cStart..cEnd, first global id */
  PetscInt   vertices_per_cell;                              /* 4 (quad) or 8 (hexahedron) */
  PetscInt  *cell_vertices;                                  /* [num_cells][vertices_per_cell] global ids, VTK order */
} DioMeshTopology;

PetscErrorCode DioMeshTopologyCreate(DM dm, DioMeshTopology *topology);
PetscErrorCode DioMeshTopologyDestroy(DioMeshTopology *topology);

/* A box [lower, upper] of faces[d] quadrilaterals (dim 2) or hexahedra (dim 3) per direction, built in parallel (each
   rank its block, nothing distributed), with DIO_LABEL_BOUNDARY = side_ids[2 d] on the faces at lower[d] and
   side_ids[2 d + 1] at upper[d] (0: none). */
PetscErrorCode DioMeshCreateBox(MPI_Comm comm, PetscInt dim, const PetscInt faces[], const PetscReal lower[],
                                const PetscReal upper[], const PetscInt side_ids[], DM *dm);

/* A tunnel as a strip of cells (longitudinal section) excavated in stages along x. */
typedef struct {
  PetscReal axis_elevation_m; /* axis elevation (m, sea level 0) */
  PetscReal axis_y_m;         /* 3D: axis position across the section (m) */
  PetscReal diameter_m;       /* bored diameter (m): cells with centroids within half of it are excavated */
  PetscReal x_start_m, x_end_m; /* drive from x_start to x_end (either direction) */
  PetscReal stage_length_m;   /* advance per excavation stage (m) */
} DioTunnelStrip;

PetscErrorCode DioMeshLabelTunnelStrip(DM dm, const DioTunnelStrip *strip, PetscInt *num_stages);

/* Cell label on the transverse section: DIO_TUNNEL_CORE inside the lining's inner radius, DIO_TUNNEL_RING in the
   lining ring (inner radius R - t to the bored radius R); absent in the ground. */
#define DIO_LABEL_TUNNEL "tunnel"
enum { DIO_TUNNEL_CORE = 1, DIO_TUNNEL_RING = 2 };

/* Horizontal layers of a transverse section, from the top down: layer k occupies [top_elevation_m[k+1], top_elevation_m[k]]
   (the last one down to the base) and carries mesh label value layer_id[k]. */
typedef struct {
  PetscInt  num_layers;
  PetscReal top_elevation_m[16];
  PetscInt  layer_id[16];
  PetscReal permafrost_base_depth_m; /* below top_elevation_m[0]: cells whose centroid is shallower get
                                        DIO_LABEL_PERMAFROST = 1 (as on the strait mesh); 0: no permafrost */
} DioLayerStack;

/* Default of -mesh_half_width (m). */
#define DIO_TRANSVERSE_HALF_WIDTH_DEFAULT 100.0

typedef struct {
  PetscReal half_width_m;        /* domain x in [-half_width, +half_width], tunnel axis at x = 0 (default 100) */
  PetscReal base_elevation_m;    /* bottom of the domain (m); set by the caller */
  PetscReal surface_elevation_m; /* top of the domain: the local seabed or ground (m); set by the caller */
  PetscReal axis_elevation_m;    /* tunnel centre (m); set by the caller */
  PetscReal radius_m;            /* bored radius R (m); set by the caller */
  PetscReal lining_thickness_m;  /* lining ring R - t .. R (m); set by the caller */
  PetscInt  cells_around;        /* cells around the circumference, a multiple of 8 (default 48) */
  PetscInt  cells_lining;        /* cells across the lining (default 2) */
  PetscReal growth;              /* radial size ratio of successive cells outside the bore (default 1.15) */
  PetscInt  refine;              /* each level doubles cells_around, cells_lining and the radial counts (default 0) */
} DioTransverseOptions;

/* Reads -mesh_half_width, -mesh_cells_around, -mesh_cells_lining, -mesh_growth, -mesh_refine into opts (the
   geometric fields base/surface/axis/radius/lining_thickness are left as the caller set them), then validates all. */
PetscErrorCode DioTransverseOptionsSetFromOptions(MPI_Comm comm, DioTransverseOptions *opts);
PetscErrorCode DioMeshCreateTransverse(MPI_Comm comm, const DioTransverseOptions *opts, const DioLayerStack *layers, DM *dm);
/* The transverse section's size (num_slices 0), or the 3D segment's (num_slices >= 1), counted without building it. */
PetscErrorCode DioTransverseCount(MPI_Comm comm, const DioTransverseOptions *opts, PetscInt num_slices,
                                  DioMeshCount *count);

/* A 3D stretch of the tunnel: the transverse section extruded over length_m in num_slices slices; x along the
   drive from 0, y across (axis at y = 0), z up. */
PetscErrorCode DioMeshCreateSegment(MPI_Comm comm, const DioTransverseOptions *opts, const DioLayerStack *layers, PetscReal length_m, PetscInt num_slices,
                                    DM *dm);

/* Named regions of an imported mesh: cells of the physical group layer_names[k] carry DIO_LABEL_LAYER = k, faces of
   boundary_names[b] carry DIO_LABEL_BOUNDARY = b + 1 (ids 1 .. num_boundaries <= DIO_BOUNDARY_MAX). */
typedef struct {
  PetscInt       num_layers, num_boundaries;
  char         **layer_names, **boundary_names;
  DMPolytopeType cell_type; /* of every cell (one type per mesh) */
} DioMeshRegions;

PetscErrorCode DioMeshCreateFromGmsh(MPI_Comm comm, const char path[], DioMeshRegions *regions, DM *dm);
PetscErrorCode DioMeshRegionsDestroy(DioMeshRegions *regions);
/* The node positions of a quadratic imported mesh (borrowed; NULL for any other mesh): cdim dofs on every point of
   this rank that carries a mesh node (gmsh_highorder.c). */
PetscErrorCode DioMeshGetNodePositions(DM dm, PetscSection *section, Vec *positions);
PetscErrorCode DioMeshBoundaryNormalAxis(DM dm, PetscInt boundary_id, PetscInt *axis);

/* A box of one layer (soil column, laboratory sample): 2D x across, y up; 3D x, y across, z up; top at
   top_elevation_m. Options -column_* (DioColumnOptionsSetFromOptions()). */
typedef struct {
  PetscInt  dim;
  PetscReal width_m, depth_m, height_m; /* extents along x, y (3D) and the vertical */
  PetscReal top_elevation_m;            /* elevation of the top face (the surface) */
  PetscInt  cells_horizontal;           /* cells along x (and y in 3D) */
  PetscInt  cells_vertical;             /* cells over the height */
  PetscInt  refine;                     /* every cell halved in each direction this many times */
} DioColumnOptions;

PetscErrorCode DioColumnOptionsSetFromOptions(MPI_Comm comm, DioColumnOptions *opts);
PetscErrorCode DioMeshCreateColumn(MPI_Comm comm, const DioColumnOptions *opts, PetscInt layer, DM *dm);
