// Unstructured triangles for the Biot iterations on simplices (benchmarks/README.md): a 20 x 10 m section of
// terzaghi_mesh.yaml's soil, element size lc; groups soil, base, top, left, right (that case's names).
//   gmsh -2 -setnumber lc 0.5 biot_unstructured_2d.geo
If (!Exists(lc))
  lc = 1;
EndIf
Point(1) = {0, 0, 0, lc};
Point(2) = {20, 0, 0, lc};
Point(3) = {20, 10, 0, lc};
Point(4) = {0, 10, 0, lc};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 1};
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Physical Surface("soil") = {1};
Physical Curve("base") = {1};
Physical Curve("top") = {3};
Physical Curve("left") = {4};
Physical Curve("right") = {2};
