// A cross-passage between two parallel bores, 3D, in tetrahedra: the ground a box x in [-30, 30] (along the bores),
// y in [-40, 40] (across), z in [-40, 40] (up, the bores' axis at z = 0); bores of radius 5 m centred at y = -15 and
// y = +15 m, a cross-passage of radius 2.5 m along y between them at x = 0. The excavated volumes are holes in the
// mesh: the run releases the initial stress on their walls (examples/cross_passage/README.md).
//   gmsh -3 cross_passage.geo -o cross_passage.msh     (h: element size at the openings, default 2 m)
SetFactory("OpenCASCADE");
If (!Exists(h))
  h = 2;
EndIf
Box(1) = {-30, -40, -40, 60, 80, 80};
Cylinder(2) = {-30, -15, 0, 60, 0, 0, 5};
Cylinder(3) = {-30, 15, 0, 60, 0, 0, 5};
Cylinder(4) = {0, -15, 0, 0, 30, 0, 2.5};
BooleanDifference(5) = {Volume{1}; Delete;}{Volume{2, 3, 4}; Delete;};
e = 1e-3;
Physical Volume("granite") = {5};  // materials by name: granite from data/materials.csv
Physical Surface("west") = Surface In BoundingBox{-30 - e, -40 - e, -40 - e, -30 + e, 40 + e, 40 + e};
Physical Surface("east") = Surface In BoundingBox{30 - e, -40 - e, -40 - e, 30 + e, 40 + e, 40 + e};
Physical Surface("south") = Surface In BoundingBox{-30 - e, -40 - e, -40 - e, 30 + e, -40 + e, 40 + e};
Physical Surface("north") = Surface In BoundingBox{-30 - e, 40 - e, -40 - e, 30 + e, 40 + e, 40 + e};
Physical Surface("base") = Surface In BoundingBox{-30 - e, -40 - e, -40 - e, 30 + e, 40 + e, -40 + e};
Physical Surface("top") = Surface In BoundingBox{-30 - e, -40 - e, 40 - e, 30 + e, 40 + e, 40 + e};
openings[] = Surface In BoundingBox{-30 - e, -20 - e, -5 - e, 30 + e, 20 + e, 5 + e};
Physical Surface("openings") = {openings[]};
// element size: h at the openings, growing to 5 h at the box
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
