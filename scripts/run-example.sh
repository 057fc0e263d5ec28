#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds, and computes the geostatic stress of the Bering Strait section
# (embedded default profile) on all cores. Results: out/bering.h5 and out/bering.xmf (open the .xmf in ParaView).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
mpiexec -n "$(nproc)" --oversubscribe ./build/diomede run examples/bering/geostatic.yaml -output_overwrite "$@"
