// The box [0, 2] x [0, 1] x [0, 1] in unstructured tetrahedra (element size 0.4) with named groups, for the
// tetrahedral patch test posed through a case file (tests/verification/tet_patch.yaml); regenerate with
//   gmsh -3 -format msh22 tet_box.geo -o tet_box.msh   (in tests/verification/data)
// The face groups carry the tags 1..4 and the volume 5 (tag_order_box.geo declares the volume first: the import
// once mixed up the face groups for that order; both are tested).
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 2, 1, 1};
Mesh.CharacteristicLengthMax = 0.4;
Mesh.CharacteristicLengthMin = 0.4;
Physical Surface("left", 1) = {1};  // x = 0
Physical Surface("right", 2) = {2}; // x = 2
Physical Surface("front", 3) = {3}; // y = 0
Physical Surface("base", 4) = {5};  // z = 0
Physical Volume("rock", 5) = {1};
