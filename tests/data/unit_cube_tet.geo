// Unit cube meshed with unstructured tetrahedra, element size 0.4: the coarse mesh of the simplex MMS test
// (tests/verification/mms_elasticity.c -mesh_file); regenerate with
//   gmsh -3 -format msh22 unit_cube_tet.geo -o unit_cube_tet.msh
SetFactory("OpenCASCADE");
Box(1) = {0, 0, 0, 1, 1, 1};
Mesh.CharacteristicLengthMax = 0.4;
Mesh.CharacteristicLengthMin = 0.4;
Physical Volume("box") = {1};
Physical Surface("boundary") = {1, 2, 3, 4, 5, 6};
