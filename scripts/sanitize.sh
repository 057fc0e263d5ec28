#!/usr/bin/env bash
# The sanitizer job: builds diomede with AddressSanitizer + UndefinedBehaviorSanitizer (-DDIO_SANITIZE=ON) in
# build-asan/ and runs the unit tests, the bad-input tests and a few verification tests under them. A report from
# any process (a test may expect a non-zero exit, so exit codes alone cannot tell) is written to
# build-asan/sanitizer/ and fails the job. Leaks inside Open MPI, PETSc and HDF5 are suppressed
# (scripts/sanitize.supp); diomede's own are not. Extra arguments go to ctest (e.g. -R unit.test_io).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cmake -S . -B build-asan -DBUILD_TESTING=ON -DDIO_WERROR=ON -DDIO_SANITIZE=ON > build-asan.log 2>&1 || { cat build-asan.log; exit 1; }
cmake --build build-asan -j"$(nproc)" >> build-asan.log 2>&1 || { tail -50 build-asan.log; exit 1; }
echo "sanitize: build ok (log: build-asan.log)"
reports="$root/build-asan/sanitizer"
rm -rf "$reports"
mkdir -p "$reports"
# Open MPI and PMIx unload their plugins at exit, which leaves their allocations with unknown frames that no
# suppression can name: keep them loaded. The slow unwinder follows the libraries built without frame pointers.
export OMPI_MCA_mca_base_component_disable_dlclose=1 PMIX_MCA_mca_base_component_disable_dlclose=1
export ASAN_OPTIONS="detect_leaks=1:log_path=$reports/asan:strict_string_checks=1:fast_unwind_on_malloc=0"
# Check's per-test time limit (4 s) is for uninstrumented code
export CK_TIMEOUT_MULTIPLIER=10
export LSAN_OPTIONS="suppressions=$root/scripts/sanitize.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
tests='^unit\.|^errors\.|^verification\.(geostatic_column_2d_q1|mms_2d_q1|kirsch_q2|replaced_strip_2d_q1|heat_erfc_2d_q1)$'
status=0
ctest --test-dir build-asan -R "$tests" --output-on-failure "$@" || status=$?
if compgen -G "$reports/*" > /dev/null; then
  echo "sanitize: reports from the sanitizers:"
  for f in "$reports"/*; do
    echo "== $f"
    head -60 "$f"
  done
  exit 1
fi
[ "$status" -eq 0 ] || { echo "sanitize: tests failed (exit $status)"; exit "$status"; }
echo "sanitize: no sanitizer reports"
