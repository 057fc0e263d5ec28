// Unit square meshed with unstructured triangles (Frontal-Delaunay), element size 0.25: the coarse mesh of the
// simplex MMS test (tests/verification/mms_elasticity.c -mesh_file); regenerate with
//   gmsh -2 -format msh22 unit_square_tri.geo -o unit_square_tri.msh
// and, quadratic (6-node triangles; tests/verification: read with straight sides, refused with curved ones),
//   gmsh -2 -order 2 -format msh22 unit_square_tri.geo -o unit_square_tri_order2.msh
Mesh.Algorithm = 6;
Point(1) = {0, 0, 0, 0.25};
Point(2) = {1, 0, 0, 0.25};
Point(3) = {1, 1, 0, 0.25};
Point(4) = {0, 1, 0, 0.25};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Physical Surface("box") = {1};
Physical Curve("boundary") = {1, 2, 3, 4};
