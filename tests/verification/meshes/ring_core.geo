// A ring of ground a <= r <= b (a = 2 m, b = 20 m) around a bore: a lining region "lining" (a / g <= r <= a, one cell
// across) and a core region "core" (r < a / g) that staged cases excavate and activate, in quadrilaterals. The ring's
// four transfinite blocks are graded so that the node radii are a g^k, g = (b / a)^(1 / m): every band of cells from
// the lining outwards is a scaled copy of the one inside it (even steps in ln r, the variable of the radial closed
// forms); the core is kirsch_core.geo's (a square and four blocks out to the circle). n: cells along each quarter of
// the circle (4 n around); m: cells across the ground (default 2 n). Face group "outer" (r = b); the circles are no face
// groups (the wall a stage exposes is labelled by the run). extrude 1: the same extruded 1 m along z (hexahedra). tri 1
// (2D): each quadrilateral two triangles (run_mesh_terzaghi_simplex.py). groups 1 (2D): eight more face groups before
// "outer" (which is then the 9th): "ray_1" .. "ray_4" on the ground's radial lines and "arc_1" .. "arc_4" on the
// circle r = a, the faces the excavation exposes (run_ring_drawdown.py: any number of named groups).
//   gmsh -2 -setnumber n 8 ring_core.geo
//   gmsh -3 -setnumber n 4 -setnumber extrude 1 ring_core.geo
If (!Exists(n))
  n = 8;
EndIf
If (!Exists(m))
  m = 2 * n;
EndIf
// gmsh evaluates both sides of ||: the switches get their defaults here
If (!Exists(tri))
  tri = 0;
EndIf
If (!Exists(extrude))
  extrude = 0;
EndIf
If (!Exists(groups))
  groups = 0;
EndIf
a = 2;
b = 20;
g = (b / a) ^ (1 / m);
c = a / g / Sqrt(2);
L = a / Sqrt(2);
C = b / Sqrt(2);
k = Ceil(n / 3);
Point(1) = {0, 0, 0};
Point(2) = {c, -c, 0}; Point(3) = {c, c, 0}; Point(4) = {-c, c, 0}; Point(5) = {-c, -c, 0};
Point(6) = {C, -C, 0}; Point(7) = {C, C, 0}; Point(8) = {-C, C, 0}; Point(9) = {-C, -C, 0};
Point(14) = {L, -L, 0}; Point(15) = {L, L, 0}; Point(16) = {-L, L, 0}; Point(17) = {-L, -L, 0};
Circle(1) = {2, 1, 3}; Circle(2) = {3, 1, 4}; Circle(3) = {4, 1, 5}; Circle(4) = {5, 1, 2};
Circle(5) = {6, 1, 7}; Circle(6) = {7, 1, 8}; Circle(7) = {8, 1, 9}; Circle(8) = {9, 1, 6};
Circle(21) = {14, 1, 15}; Circle(22) = {15, 1, 16}; Circle(23) = {16, 1, 17}; Circle(24) = {17, 1, 14};
Line(9) = {14, 6}; Line(10) = {15, 7}; Line(11) = {16, 8}; Line(12) = {17, 9};
Line(25) = {2, 14}; Line(26) = {3, 15}; Line(27) = {4, 16}; Line(28) = {5, 17};
Curve Loop(1) = {9, 5, -10, -21}; Plane Surface(1) = {1};
Curve Loop(2) = {10, 6, -11, -22}; Plane Surface(2) = {2};
Curve Loop(3) = {11, 7, -12, -23}; Plane Surface(3) = {3};
Curve Loop(4) = {12, 8, -9, -24}; Plane Surface(4) = {4};
Curve Loop(10) = {25, 21, -26, -1}; Plane Surface(10) = {10};
Curve Loop(11) = {26, 22, -27, -2}; Plane Surface(11) = {11};
Curve Loop(12) = {27, 23, -28, -3}; Plane Surface(12) = {12};
Curve Loop(13) = {28, 24, -25, -4}; Plane Surface(13) = {13};
Transfinite Curve{1:8, 21:24} = n + 1;
Transfinite Curve{9:12} = m + 1 Using Progression g;
Transfinite Curve{25:28} = 2;
// the core: a square of half side c / 2 and four blocks out to the circle r = a / g
Point(10) = {c / 2, -c / 2, 0}; Point(11) = {c / 2, c / 2, 0}; Point(12) = {-c / 2, c / 2, 0}; Point(13) = {-c / 2, -c / 2, 0};
Line(13) = {10, 11}; Line(14) = {11, 12}; Line(15) = {12, 13}; Line(16) = {13, 10};
Line(17) = {10, 2}; Line(18) = {11, 3}; Line(19) = {12, 4}; Line(20) = {13, 5};
Curve Loop(5) = {17, 1, -18, -13}; Plane Surface(5) = {5};
Curve Loop(6) = {18, 2, -19, -14}; Plane Surface(6) = {6};
Curve Loop(7) = {19, 3, -20, -15}; Plane Surface(7) = {7};
Curve Loop(8) = {20, 4, -17, -16}; Plane Surface(8) = {8};
Curve Loop(9) = {13, 14, 15, 16}; Plane Surface(9) = {9};
Transfinite Curve{13:16} = n + 1;
Transfinite Curve{17:20} = k + 1;
Transfinite Surface{1:13};
If (tri == 0)
  Recombine Surface{1:13};
EndIf
If (extrude == 0)
  Physical Surface("ground") = {1:4};
  Physical Surface("lining") = {10:13};
  Physical Surface("core") = {5:9};
  If (groups == 1)
    For i In {1:4}
      Physical Curve(Sprintf("ray_%g", i)) = {8 + i};
    EndFor
    For i In {1:4}
      Physical Curve(Sprintf("arc_%g", i)) = {20 + i};
    EndFor
  EndIf
  Physical Curve("outer") = {5:8};
Else
  // 3D: the ring extruded 1 m along z in one layer of hexahedra (gmsh -3 -setnumber extrude 1)
  ov[] = Extrude {0, 0, 1} { Surface{1:4}; Layers{1}; Recombine; };
  ol[] = Extrude {0, 0, 1} { Surface{10:13}; Layers{1}; Recombine; };
  oc[] = Extrude {0, 0, 1} { Surface{5:9}; Layers{1}; Recombine; };
  Physical Volume("ground") = {ov[1], ov[7], ov[13], ov[19]};
  Physical Volume("lining") = {ol[1], ol[7], ol[13], ol[19]};
  Physical Volume("core") = {oc[1], oc[7], oc[13], oc[19], oc[25]};
  Physical Surface("outer") = {ov[3], ov[9], ov[15], ov[21]};
EndIf
