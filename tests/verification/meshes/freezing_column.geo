// A column of seabed sediment, 1 m wide and 40 m deep (surface at z = 0), one cell wide and 10 n cells deep
// (quadrilaterals 4 / n m high): the Neumann freezing problem of neumann_freezing.yaml.
// Face groups "surface" (z = 0), "base" (z = -40 m), "sides".
//   gmsh -2 -setnumber n 20 freezing_column.geo
If (!Exists(n))
  n = 20;
EndIf
Point(1) = {0, -40, 0}; Point(2) = {1, -40, 0}; Point(3) = {1, 0, 0}; Point(4) = {0, 0, 0};
Line(1) = {1, 2}; Line(2) = {2, 3}; Line(3) = {3, 4}; Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4}; Plane Surface(1) = {1};
Transfinite Curve{1, 3} = 2;
Transfinite Curve{2, 4} = 10 * n + 1;
Transfinite Surface{1};
Recombine Surface{1};
Physical Surface("seabed_sediment") = {1};
Physical Curve("base") = {1};
Physical Curve("sides") = {2, 4};
Physical Curve("surface") = {3};
