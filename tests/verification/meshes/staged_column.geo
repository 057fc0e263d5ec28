// A soil column in two layers under a fill, for the staged K0 / activation / load test (run_staged_column.py):
// width 2 m, "lower" z -20 .. -8 m, "upper" -8 .. 0 m, "fill" 0 .. 2 m (activated by a stage), quadrilaterals of
// about 1 / n m high (n cells per metre), one cell wide. Face groups: left, right (x = 0, 2), bottom, surface (top of
// the fill).
//   gmsh -2 -setnumber n 1 staged_column.geo
If (!Exists(n))
  n = 1;
EndIf
W = 2;
z[] = {-20, -8, 0, 2};
For k In {0:3}
  Point(2 * k + 1) = {0, z[k], 0};
  Point(2 * k + 2) = {W, z[k], 0};
  Line(10 + k) = {2 * k + 1, 2 * k + 2};
  Transfinite Curve{10 + k} = 2;
EndFor
For k In {0:2}
  Line(20 + k) = {2 * k + 1, 2 * k + 3};
  Line(30 + k) = {2 * k + 2, 2 * k + 4};
  Transfinite Curve{20 + k, 30 + k} = Round(n * (z[k + 1] - z[k])) + 1;
  Curve Loop(k + 1) = {10 + k, 30 + k, -(11 + k), -(20 + k)};
  Plane Surface(k + 1) = {k + 1};
  Transfinite Surface{k + 1};
  Recombine Surface{k + 1};
EndFor
Physical Surface("lower") = {1};
Physical Surface("upper") = {2};
Physical Surface("fill") = {3};
Physical Curve("left") = {20:22};
Physical Curve("right") = {30:32};
Physical Curve("bottom") = {10};
Physical Curve("surface") = {13};
