// Terzaghi's column (terzaghi.yaml's) as a Gmsh mesh, for consolidation on an imported mesh (run_mesh_terzaghi.py):
// width 1 m, height 10 m, m quadrilaterals across (default 1) and n up, or with tri = 1 each split into two triangles
// (run_mesh_terzaghi_simplex.py). Cell group "soil"; face groups base (y = 0), top (y = 10), left (x = 0), right (x = 1).
//   gmsh -2 -setnumber n 20 terzaghi_column.geo
If (!Exists(n))
  n = 20;
EndIf
If (!Exists(m))
  m = 1;
EndIf
If (!Exists(tri))
  tri = 0;
EndIf
Point(1) = {0, 0, 0};
Point(2) = {1, 0, 0};
Point(3) = {1, 10, 0};
Point(4) = {0, 10, 0};
Line(1) = {1, 2};
Line(2) = {2, 3};
Line(3) = {3, 4};
Line(4) = {4, 1};
Transfinite Curve{1, 3} = m + 1;
Transfinite Curve{2, 4} = n + 1;
Curve Loop(1) = {1, 2, 3, 4};
Plane Surface(1) = {1};
Transfinite Surface{1};
If (tri == 0)
  Recombine Surface{1};
EndIf
Physical Surface("soil") = {1};
Physical Curve("base") = {1};
Physical Curve("top") = {3};
Physical Curve("left") = {4};
Physical Curve("right") = {2};
