// Terzaghi's column (terzaghi.yaml's) in 3D as tetrahedra, for consolidation on an imported tetrahedral mesh
// (run_mesh_terzaghi_simplex.py): a 1 x 1 m prism, 10 m high, m x m squares across (each two triangles) extruded in n
// layers, each prism split into three tetrahedra. Cell group "soil"; face groups base (z = 0), top (z = 10), west
// (x = 0), east (x = 1), south (y = 0), north (y = 1).
//   gmsh -3 -setnumber n 10 terzaghi_column_tet.geo
If (!Exists(n))
  n = 10;
EndIf
If (!Exists(m))
  m = 2;
EndIf
Point(1) = {0, 0, 0};
Point(2) = {1, 0, 0};
Point(3) = {1, 1, 0};
Point(4) = {0, 1, 0};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 1};
Transfinite Curve{1:4} = m + 1;
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Transfinite Surface{1};
out[] = Extrude {0, 0, 10} { Surface{1}; Layers{n}; };
Physical Volume("soil") = {out[1]};
Physical Surface("base") = {1};
Physical Surface("top") = {out[0]};
Physical Surface("south") = {out[2]};
Physical Surface("east") = {out[3]};
Physical Surface("north") = {out[4]};
Physical Surface("west") = {out[5]};
