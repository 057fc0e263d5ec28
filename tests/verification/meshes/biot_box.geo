// A 1 x 1 x 2 m sample (the built-in biot_sample.yaml's) as hexahedra, n x n x 2n, for the undrained loading test on
// an imported mesh (run_mesh_undrained.py). Cell group "sample"; face groups base (z = 0), top (z = 2), west (x = 0),
// east (x = 1), south (y = 0), north (y = 1). With tet = 1 tetrahedra instead (each square two triangles, each prism
// three tetrahedra; run_mesh_terzaghi_simplex.py).
//   gmsh -3 -setnumber n 2 biot_box.geo
If (!Exists(n))
  n = 2;
EndIf
If (!Exists(tet))
  tet = 0;
EndIf
Point(1) = {0, 0, 0};
Point(2) = {1, 0, 0};
Point(3) = {1, 1, 0};
Point(4) = {0, 1, 0};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 1};
Transfinite Curve{1:4} = n + 1;
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Transfinite Surface{1};
If (tet == 0)
  Recombine Surface{1};
  out[] = Extrude {0, 0, 2} { Surface{1}; Layers{2 * n}; Recombine; };
Else
  out[] = Extrude {0, 0, 2} { Surface{1}; Layers{2 * n}; };
EndIf
Physical Volume("sample") = {out[1]};
Physical Surface("base") = {1};
Physical Surface("top") = {out[0]};
Physical Surface("south") = {out[2]};
Physical Surface("east") = {out[3]};
Physical Surface("north") = {out[4]};
Physical Surface("west") = {out[5]};
