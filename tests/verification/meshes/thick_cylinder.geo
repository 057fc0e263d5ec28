// A quarter of a thick-walled cylinder, inner radius a = 1 m, outer b = 2 m, in quadrilaterals: n cells around the
// quarter, n cells through the wall. Region "wall"; face groups "inner" (r = a), "outer" (r = b), "xsym" (x = 0),
// "ysym" (y = 0): the heated cylinder of thick_cylinder_thermal.yaml.
//   gmsh -2 -setnumber n 8 thick_cylinder.geo
If (!Exists(n))
  n = 8;
EndIf
a = 1;
b = 2;
Point(1) = {0, 0, 0};
Point(2) = {a, 0, 0}; Point(3) = {b, 0, 0}; Point(4) = {0, b, 0}; Point(5) = {0, a, 0};
Line(1) = {2, 3}; Circle(2) = {3, 1, 4}; Line(3) = {4, 5}; Circle(4) = {5, 1, 2};
Curve Loop(1) = {1, 2, 3, 4}; Plane Surface(1) = {1};
Transfinite Curve{1:4} = n + 1;
Transfinite Surface{1};
Recombine Surface{1};
Physical Surface("wall") = {1};
Physical Curve("ysym") = {1};
Physical Curve("outer") = {2};
Physical Curve("xsym") = {3};
Physical Curve("inner") = {4};
