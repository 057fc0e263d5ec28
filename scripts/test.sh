#!/usr/bin/env bash
# Quick start 2: installs what is missing, builds, and runs the whole test suite through ctest
# (labels: unit, verification, mpi, errors, e2e; select with e.g. scripts/test.sh -L unit).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DDIO_WERROR=ON
ctest --test-dir build --output-on-failure "$@"
