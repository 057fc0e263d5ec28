#!/usr/bin/env bash
# Configures and builds diomede in ./build (Release with debug info, tests on). Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DBUILD_TESTING=ON "$@" > build.log 2>&1 || { cat build.log; exit 1; }
cmake --build build -j"$(nproc)" >> build.log 2>&1 || { tail -50 build.log; exit 1; }
echo "build: ok (log: build.log)"
