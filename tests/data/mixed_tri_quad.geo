// A unit square, its left half meshed with triangles and its right half with quadrilaterals: a mixed mesh, which
// diomede refuses (tests/verification/CMakeLists.txt, errors.mixed_cells); regenerate with
//   gmsh -2 -format msh22 mixed_tri_quad.geo -o mixed_tri_quad.msh
Point(1) = {0, 0, 0, 0.5};
Point(2) = {0.5, 0, 0, 0.5};
Point(3) = {1, 0, 0, 0.5};
Point(4) = {1, 1, 0, 0.5};
Point(5) = {0.5, 1, 0, 0.5};
Point(6) = {0, 1, 0, 0.5};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 5};
Line(5) = {5, 6};
Line(6) = {6, 1};
Line(7) = {2, 5};
Curve Loop(1) = {1, 7, 5, 6};
Curve Loop(2) = {2, 3, 4, -7};
Plane Surface(1) = {1};
Plane Surface(2) = {2};
Transfinite Curve{2, 3, 4, 7} = 3;
Transfinite Surface{2};
Recombine Surface{2};
Physical Surface("box") = {1, 2};
