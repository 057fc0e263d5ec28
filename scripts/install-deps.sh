#!/usr/bin/env bash
# Installs the Debian 12 packages diomede needs to build, test and view results. Idempotent and quiet when
# everything is present. Usage: scripts/install-deps.sh [--with-paraview] [--with-benchmarks]   (run as root, or with
# sudo available). --with-benchmarks: FEniCSx/DOLFINx (python3-dolfinx), the peer of benchmarks/run.sh (issue 16).
set -euo pipefail

# libopenblas0-serial: an optimised BLAS/LAPACK behind Debian's libblas.so.3 alternative (the reference BLAS
# otherwise), which MUMPS's factorisations run on: 30 % less CPU on the staged drive (issue 16); serial, one thread per
# MPI rank, so that ranks do not oversubscribe the cores
packages=(build-essential cmake pkg-config petsc-dev libhdf5-openmpi-dev libopenmpi-dev openmpi-bin libopenblas0-serial
          check libsubunit-dev libyaml-dev hdf5-tools python3 python3-h5py python3-numpy gmsh)
for option in "$@"; do
  case "$option" in
    --with-paraview) packages+=(paraview python3-paraview xvfb) ;;
    --with-benchmarks) packages+=(python3-dolfinx python3-mpi4py python3-petsc4py) ;;
    *) echo "install-deps: unknown option '$option' (--with-paraview, --with-benchmarks)" >&2; exit 64 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# a fresh machine has no package lists: update once before installing
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /tmp/diomede-apt.log 2>&1 || {
  tail -20 /tmp/diomede-apt.log; echo "install-deps: apt-get install failed (log: /tmp/diomede-apt.log)"; exit 1; }
echo "install-deps: done"
