// A quarter annulus, inner radius 1 m, outer 4 m (plane strain): the outer arc is a curved roller (held along each
// node's normal), the inner arc under pressure, rollers on x = 0 and y = 0. Quadrilaterals (transfinite, recombined;
// or triangles); n cells across, 2 n along the arcs: gmsh -2 -setnumber n 8 curved_roller.geo (-order 2: quadratic
// cells, their edge nodes on the arcs)
If (!Exists(n))
  n = 8;
EndIf
// the radial cells grow by this ratio from one to the next (1: uniform, every cell shrinks with 1 / n)
If (!Exists(progression))
  progression = 1.15;
EndIf
// 1: triangles (each transfinite quadrilateral cut in two) instead of quadrilaterals
If (!Exists(triangles))
  triangles = 0;
EndIf
Point(1) = {0, 0, 0};
Point(2) = {1, 0, 0};
Point(3) = {4, 0, 0};
Point(4) = {0, 4, 0};
Point(5) = {0, 1, 0};
Circle(1) = {2, 1, 5};
Line(2) = {2, 3};
Circle(3) = {3, 1, 4};
Line(4) = {4, 5};
Curve Loop(1) = {2, 3, 4, -1};
Plane Surface(1) = {1};
Transfinite Curve{1, 3} = 2 * n + 1;
Transfinite Curve{2, 4} = n + 1 Using Progression progression;
Transfinite Surface{1};
If (!triangles)
  Recombine Surface{1};
EndIf
Physical Surface("rock") = {1};
Physical Curve("inner") = {1};
Physical Curve("outer") = {3};
Physical Curve("symmetry_x") = {4};
Physical Curve("symmetry_y") = {2};
