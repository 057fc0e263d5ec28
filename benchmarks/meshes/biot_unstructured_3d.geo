// Unstructured tetrahedra for the Biot iterations on simplices (benchmarks/README.md): a 4 x 4 x 10 m prism of
// terzaghi_tet.yaml's soil, element size lc; groups soil, base, top, west, east, south, north (that case's names).
//   gmsh -3 -setnumber lc 0.8 biot_unstructured_3d.geo
SetFactory("OpenCASCADE");
If (!Exists(lc))
  lc = 1;
EndIf
Box(1) = {0, 0, 0, 4, 4, 10};
MeshSize{:} = lc;
Physical Volume("soil") = {1};
Physical Surface("west") = {1};
Physical Surface("east") = {2};
Physical Surface("south") = {3};
Physical Surface("north") = {4};
Physical Surface("base") = {5};
Physical Surface("top") = {6};
