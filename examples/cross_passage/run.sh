#!/bin/sh
# The cross-passage example: mesh the .geo with Gmsh (Debian's gmsh), then run diomede on it.
# usage: examples/cross_passage/run.sh [RANKS] [extra diomede options]   (from the repository root; output in out/)
set -e
here=$(dirname "$0")
ranks=${1:-1}
[ $# -gt 0 ] && shift
gmsh -3 "$here/cross_passage.geo" -o cross_passage.msh > cross_passage.gmsh.log
mpiexec -n "$ranks" "${DIOMEDE:-build/diomede}" run "$here/cross_passage.yaml" -mesh_file cross_passage.msh "$@"
