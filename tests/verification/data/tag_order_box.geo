// tet_box.geo with the volume's physical tag declared first (1) and the faces' after it (2..5): PETSc 3.18's region
// labels put the faces of one group into the label of another for this order (the right faces into 'left', the front
// ones into 'right'); diomede maps groups by dimension and tag itself (mesh/gmsh.c). run_tet_patch.py runs the patch
// test on it. Regenerate with
//   gmsh -3 -format msh22 tag_order_box.geo -o tag_order_box.msh   (in tests/verification/data)
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 2, 1, 1};
Mesh.CharacteristicLengthMax = 0.4;
Mesh.CharacteristicLengthMin = 0.4;
Physical Volume("rock", 1) = {1};
Physical Surface("left", 2) = {1};  // x = 0
Physical Surface("right", 3) = {2}; // x = 2
Physical Surface("front", 4) = {3}; // y = 0
Physical Surface("base", 5) = {5};  // z = 0
