// A square plate [-L, L]^2 with a circular hole of radius R at the origin, in quadrilaterals (an O-grid of four
// transfinite blocks): the Kirsch problem on an imported mesh (run_kirsch_mesh.py). n: cells along each quarter of
// the circle (4 n around); m: cells from the hole to the square, graded by ratio g.
//   gmsh -2 -setnumber n 12 kirsch_plate.geo
If (!Exists(n))
  n = 12;
EndIf
If (!Exists(m))
  m = 2 * n;
EndIf
If (!Exists(g))
  g = 1.25 ^ (24 / m);
EndIf
R = 6;
L = 100 * R;
c = R / Sqrt(2);
Point(1) = {0, 0, 0};
Point(2) = {c, -c, 0}; Point(3) = {c, c, 0}; Point(4) = {-c, c, 0}; Point(5) = {-c, -c, 0};
Point(6) = {L, -L, 0}; Point(7) = {L, L, 0}; Point(8) = {-L, L, 0}; Point(9) = {-L, -L, 0};
Circle(1) = {2, 1, 3}; Circle(2) = {3, 1, 4}; Circle(3) = {4, 1, 5}; Circle(4) = {5, 1, 2};
Line(5) = {6, 7}; Line(6) = {7, 8}; Line(7) = {8, 9}; Line(8) = {9, 6};
Line(9) = {2, 6}; Line(10) = {3, 7}; Line(11) = {4, 8}; Line(12) = {5, 9};
Curve Loop(1) = {9, 5, -10, -1}; Plane Surface(1) = {1};
Curve Loop(2) = {10, 6, -11, -2}; Plane Surface(2) = {2};
Curve Loop(3) = {11, 7, -12, -3}; Plane Surface(3) = {3};
Curve Loop(4) = {12, 8, -9, -4}; Plane Surface(4) = {4};
Transfinite Curve{1:8} = n + 1;
Transfinite Curve{9:12} = m + 1 Using Progression g;
Transfinite Surface{1:4};
Recombine Surface{1:4};
Physical Surface("rock") = {1:4};
Physical Curve("hole") = {1:4};
Physical Curve("east") = {5};
Physical Curve("north") = {6};
Physical Curve("west") = {7};
Physical Curve("south") = {8};
