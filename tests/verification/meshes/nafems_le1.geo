// NAFEMS LE1 (elliptic membrane, plane stress), quarter model. Inner ellipse x^2/2^2 + y^2/1^2 = 1, outer
// x^2/3.25^2 + y^2/2.75^2 = 1 (m); D = (2, 0). Quadrilaterals (transfinite, recombined); n sets the cells along the
// arcs (2 n) and across (n): gmsh -2 -setnumber n 6 nafems_le1.geo
If (!Exists(n))
  n = 6;
EndIf
Point(1) = {0, 0, 0};
Point(2) = {2, 0, 0};
Point(3) = {3.25, 0, 0};
Point(4) = {0, 2.75, 0};
Point(5) = {0, 1, 0};
Ellipse(1) = {2, 1, 2, 5};
Line(2) = {2, 3};
Ellipse(3) = {3, 1, 3, 4};
Line(4) = {4, 5};
Curve Loop(1) = {2, 3, 4, -1};
Plane Surface(1) = {1};
Transfinite Curve{1, 3} = 2 * n + 1;
Transfinite Curve{2, 4} = n + 1;
Transfinite Surface{1};
Recombine Surface{1};
Physical Surface("steel") = {1};
Physical Curve("outer") = {3};
Physical Curve("inner") = {1};
Physical Curve("symmetry_x") = {4};
Physical Curve("symmetry_y") = {2};
