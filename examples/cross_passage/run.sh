#!/bin/sh
# The cross-passage example: mesh the .geo with Gmsh (Debian's gmsh), then run diomede on it.
# usage: [CASE=cross_passage_staged] examples/cross_passage/run.sh [RANKS] [extra diomede options]
#        (from the repository root; output in out/; CASE: cross_passage (default, excavated at once) or
#        cross_passage_staged (the engineer's phases))
set -e
here=$(dirname "$0")
case=${CASE:-cross_passage}
ranks=${1:-1}
[ $# -gt 0 ] && shift
gmsh -3 "$here/$case.geo" -o "$case.msh" > "$case.gmsh.log"
mpiexec -n "$ranks" "${DIOMEDE:-build/diomede}" run "$here/$case.yaml" -mesh_file "$case.msh" "$@"
