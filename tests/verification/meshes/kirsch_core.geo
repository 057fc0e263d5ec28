// The plate of kirsch_plate.geo with its hole filled: a core region "tunnel" (a square of half side R / (2 sqrt 2)
// and four transfinite blocks out to the circle, quadrilaterals) that a staged case excavates; the rock's cells are
// those of kirsch_plate.geo with the same n. "hole" (the circle) becomes an interior face group.
//   gmsh -2 -setnumber n 12 kirsch_core.geo
Include "kirsch_plate.geo";
k = Ceil(n / 3);
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
Transfinite Surface{5:9};
Recombine Surface{5:9};
Physical Surface("tunnel") = {5:9};
