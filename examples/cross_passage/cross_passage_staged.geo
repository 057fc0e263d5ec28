// The cross-passage of cross_passage.geo built in stages (cross_passage_staged.yaml): the same box and openings, with
// the excavated volumes kept as regions of the mesh. Bores of radius 5 m (the bored diameter) lined by a ring 0.5 m
// thick, axes at y = -15 and +15 m along x; the passage of radius 2.5 m along y at x = 0 between the bore axes.
// Regions (cell groups): "granite" (the ground), "bores" (inside the lining, r < 4.5 m), "lining_concrete" (the rings),
// "lining_opening" (the rings' pieces the passage cuts out), "passage" (the passage outside the bores).
//   gmsh -3 cross_passage_staged.geo -o cross_passage_staged.msh     (h: element size at the openings, default 2 m)
SetFactory("OpenCASCADE");
If (!Exists(h))
  h = 2;
EndIf
R = 5; t = 0.5; r = 2.5; e = 1e-2;
Geometry.OCCBoundsUseStl = 1; // tight bounding boxes of the curved pieces for the selections below
Box(1) = {-30, -40, -40, 60, 80, 80};
Cylinder(2) = {-30, -15, 0, 60, 0, 0, R};
Cylinder(3) = {-30, -15, 0, 60, 0, 0, R - t};
Cylinder(4) = {-30, 15, 0, 60, 0, 0, R};
Cylinder(5) = {-30, 15, 0, 60, 0, 0, R - t};
Cylinder(6) = {0, -15, 0, 0, 30, 0, r};
// one conformal mesh of every piece: the box, the rings, the cores, the passage, and their intersections
BooleanFragments{ Volume{1:6}; Delete; }{}
all[] = Volume{:};
// the pieces by where they lie (Volume In BoundingBox: entirely inside the box)
bores[] = Volume In BoundingBox{-30 - e, -15 - (R - t) - e, -(R - t) - e, 30 + e, -15 + (R - t) + e, (R - t) + e};
bores[] += Volume In BoundingBox{-30 - e, 15 - (R - t) - e, -(R - t) - e, 30 + e, 15 + (R - t) + e, (R - t) + e};
opening[] = Volume In BoundingBox{-r - e, -15 + Sqrt((R - t)^2 - r^2) - e, -r - e, r + e, -15 + R + e, r + e};
opening[] += Volume In BoundingBox{-r - e, 15 - R - e, -r - e, r + e, 15 - Sqrt((R - t)^2 - r^2) + e, r + e};
passage[] = Volume In BoundingBox{-r - e, -15 + Sqrt((R - t)^2 - r^2) - e, -r - e, r + e, 15 - Sqrt((R - t)^2 - r^2) + e, r + e};
passage[] -= {opening[]};
rings[] = Volume In BoundingBox{-30 - e, -15 - R - e, -R - e, 30 + e, -15 + R + e, R + e};
rings[] += Volume In BoundingBox{-30 - e, 15 - R - e, -R - e, 30 + e, 15 + R + e, R + e};
rings[] -= {bores[], opening[]};
ground[] = all[];
ground[] -= {bores[], opening[], passage[], rings[]};
Physical Volume("granite") = {ground[]};          // materials by name: granite and lining_concrete from data/materials.csv
Physical Volume("bores") = {bores[]};
Physical Volume("lining_concrete") = {rings[]};
Physical Volume("lining_opening") = {opening[]};
Physical Volume("passage") = {passage[]};
Physical Surface("west") = Surface In BoundingBox{-30 - e, -40 - e, -40 - e, -30 + e, 40 + e, 40 + e};
Physical Surface("east") = Surface In BoundingBox{30 - e, -40 - e, -40 - e, 30 + e, 40 + e, 40 + e};
Physical Surface("south") = Surface In BoundingBox{-30 - e, -40 - e, -40 - e, 30 + e, -40 + e, 40 + e};
Physical Surface("north") = Surface In BoundingBox{-30 - e, 40 - e, -40 - e, 30 + e, 40 + e, 40 + e};
Physical Surface("base") = Surface In BoundingBox{-30 - e, -40 - e, -40 - e, 30 + e, 40 + e, -40 + e};
Physical Surface("top") = Surface In BoundingBox{-30 - e, -40 - e, 40 - e, 30 + e, 40 + e, 40 + e};
// element size: h at the openings, growing to 5 h at the box
openings[] = Surface In BoundingBox{-30 - e, -20 - e, -5 - e, 30 + e, 20 + e, 5 + e};
Field[1] = Distance;
Field[1].SurfacesList = {openings[]};
Field[2] = Threshold;
Field[2].InField = 1;
Field[2].SizeMin = h;
Field[2].SizeMax = 5 * h;
Field[2].DistMin = 2;
Field[2].DistMax = 25;
Background Field = 2;
Mesh.MeshSizeExtendFromBoundary = 0;
Mesh.MeshSizeFromPoints = 0;
Mesh.MeshSizeFromCurvature = 0;
