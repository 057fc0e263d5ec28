// NAFEMS LE10 (thick plate under pressure), quarter model: the elliptic annulus between the inner ellipse
// x^2/2^2 + y^2/1^2 = 1 and the outer x^2/3.25^2 + y^2/2.75^2 = 1 (m), 0.6 m thick (z from -0.3 to 0.3), built as two
// layers so that the outer face's mid-plane line (z = 0) is a curve of its own: the benchmark holds it in z. Hexahedra
// (transfinite, recombined, extruded): n sets the cells across (n), along the arcs (2 n) and through each half of the
// thickness (n / 2, at least 1); they grow by g from D's edge along the arcs and the line y = 0. D = (2, 0, 0.3).
// Edge groups are read from formats 2.2 and 4.1, ASCII or binary:
//   gmsh -3 -setnumber n 8 nafems_le10.geo
If (!Exists(n))
  n = 8;
EndIf
If (!Exists(g))
  g = 1.3^(4 / n); // growth of the cells along the arcs and the line y = 0 away from D's edge (and C): one shape for all n
EndIf
m = (n > 2) ? Floor(n / 2) : 1;
Point(1) = {0, 0, -0.3};
Point(2) = {2, 0, -0.3};
Point(3) = {3.25, 0, -0.3};
Point(4) = {0, 2.75, -0.3};
Point(5) = {0, 1, -0.3};
Ellipse(1) = {2, 1, 2, 5};
Line(2) = {2, 3};
Ellipse(3) = {3, 1, 3, 4};
Line(4) = {4, 5};
Curve Loop(1) = {2, 3, 4, -1};
Plane Surface(1) = {1};
Transfinite Curve{1, 3} = 2 * n + 1 Using Progression g;
Transfinite Curve{2} = n + 1 Using Progression g;
Transfinite Curve{4} = n + 1;
Transfinite Surface{1};
Recombine Surface{1};
// lower half, then upper half: out[0] top, out[1] volume, out[2..5] the sides from curves 2, 3, 4, 1
lower[] = Extrude {0, 0, 0.3} { Surface{1}; Layers{m}; Recombine; };
upper[] = Extrude {0, 0, 0.3} { Surface{lower[0]}; Layers{m}; Recombine; };
middle[] = Boundary{ Surface{lower[0]}; }; // the mid-plane's curves, from curves 2, 3, 4, 1: [1] lies on the outer face
Physical Volume("steel") = {lower[1], upper[1]};
Physical Surface("top") = {upper[0]};                  // z = 0.3: the pressure
Physical Surface("symmetry_y") = {lower[2], upper[2]}; // y = 0 (C D C' D')
Physical Surface("outer") = {lower[3], upper[3]};      // the outer ellipse (B C B' C')
Physical Surface("symmetry_x") = {lower[4], upper[4]}; // x = 0 (A B A' B')
Physical Curve("outer_mid") = {Abs(middle[1])};        // the outer face at z = 0
