// tet_box.geo's box [0, 2] x [0, 1] x [0, 1] turned by 30 degrees about the z axis (unstructured tetrahedra, size 0.4):
// its faces x' = 0 ('left') and y' = 0 ('front') are inclined, 'base' (z = 0) is not; for the inclined-roller patch
// test (tests/verification/rotated_patch.yaml, run_tet_patch.py). Regenerate with
//   gmsh -3 -format msh22 rotated_box.geo -o rotated_box.msh   (in tests/verification/data)
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 2, 1, 1};
Rotate {{0, 0, 1}, {0, 0, 0}, Pi / 6} { Volume{1}; }
Mesh.CharacteristicLengthMax = 0.4;
Mesh.CharacteristicLengthMin = 0.4;
Physical Surface("left", 1) = {1};  // x' = 0
Physical Surface("right", 2) = {2}; // x' = 2
Physical Surface("front", 3) = {3}; // y' = 0
Physical Surface("base", 4) = {5};  // z = 0
Physical Volume("rock", 5) = {1};
