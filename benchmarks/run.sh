#!/usr/bin/env bash
# benchmarks/run.sh: build diomede (Release) and run the benchmark suite, one table row per run (benchmarks/README.md).
#
#   benchmarks/run.sh                 the default suite (about 12 min on 2 cores), recorded in
#                                     benchmarks/results/<date>-<machine>.json
#   benchmarks/run.sh --quick         a small subset (under 2 min), compared with the last record, not recorded
#   options: --no-build   --build-dir DIR (default build-bench)   --machine NAME (default host name)
#            --date YYYY-MM-DD (default today, UTC)   --record / --no-record   --log-view (keep -log_view per run)
#            --wait-quiet S (on a shared machine: before each run, wait up to S seconds for the CPUs to be idle,
#            and run a disturbed run once more, keeping the less disturbed of the two)
#   anything after -- goes to every run (e.g. -- -mech_pc_gamg_threshold 0.02)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build="$root/build-bench"
suite=default
do_build=1
record=
machine=$(hostname)
date=$(date -u +%F)
log_view=0
wait_quiet=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) suite=quick ;;
    --no-build) do_build=0 ;;
    --build-dir) build=$2; shift ;;
    --machine) machine=$2; shift ;;
    --date) date=$2; shift ;;
    --record) record=1 ;;
    --no-record) record=0 ;;
    --log-view) log_view=1 ;;
    --wait-quiet) wait_quiet=$2; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set /p' "$0" | grep '^#'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 64 ;;
  esac
  shift
done
[ -n "$record" ] || { [ "$suite" = default ] && record=1 || record=0; }

if [ "$do_build" = 1 ]; then
  mkdir -p "$build"
  cmake -S "$root" -B "$build" -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=Release > "$build/bench-configure.log" 2>&1 \
    || { tail -30 "$build/bench-configure.log"; exit 1; }
  cmake --build "$build" --target benchmarks -j"$(nproc)" > "$build/bench-build.log" 2>&1 \
    || { grep -E "error|Error" "$build/bench-build.log" | head -30; exit 1; }
fi
exe="$build/benchmarks/bench_elasticity"
[ -x "$exe" ] || { echo "run.sh: $exe not built (drop --no-build)" >&2; exit 1; }

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 PETSC_OPTIONS=
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
work=$(mktemp -d /tmp/diomede-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
jsonl="$work/runs.jsonl"
logs="$here/results/logs"
first=1

# Percentage of the machine's CPU time busy over 2 s (/proc/stat: user nice system idle iowait irq softirq steal).
busy_percent() {
  local a b
  read -r -a a < /proc/stat
  sleep 2
  read -r -a b < /proc/stat
  local busy=$(( (b[1] + b[2] + b[3] + b[6] + b[7]) - (a[1] + a[2] + a[3] + a[6] + a[7]) ))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) ))
  echo $(( 100 * busy / (busy + idle + 1) ))
}

# Wait up to $wait_quiet seconds for other work to stop (busy < 10 %).
wait_for_quiet() {
  local waited=0 busy
  [ "$wait_quiet" -gt 0 ] || return 0
  while busy=$(busy_percent) && [ "$busy" -ge 10 ] && [ "$waited" -lt "$wait_quiet" ]; do
    waited=$(( waited + 2 ))
  done
  [ "$busy" -lt 10 ] || echo "# warning: the machine is still ${busy}% busy after ${waited} s: running anyway"
}

# run <ranks> <threads> <bench options...>: ranks x threads never above the cores (STYLE.md 2.7); mpiexec binds
# nothing so that one rank's OpenMP threads may use both cores.
run() {
  local np=$1 nt=$2 attempt=0 busy best=101 line kept=
  shift 2
  local args=(-bench_json "$work/attempt.jsonl" -bench_commit "$commit" -bench_machine "$machine" -bench_output_dir "$work/out")
  [ "$first" = 1 ] && args+=(-bench_header) && first=0
  if [ "$log_view" = 1 ]; then
    mkdir -p "$logs"
    args+=(-log_view ":$logs/$(echo "$*" | tr -c 'A-Za-z0-9_=\n' '_')_${np}x${nt}.txt")
  fi
  while :; do
    wait_for_quiet
    rm -f "$work/attempt.jsonl"
    OMP_NUM_THREADS=$nt mpiexec -n "$np" --oversubscribe --bind-to none "$exe" "$@" "${args[@]}" "${extra[@]}"
    line=$(tail -n 1 "$work/attempt.jsonl")
    busy=$(python3 -c 'import json, sys; print(round(100 * (json.loads(sys.argv[1])["machine"].get("foreign_cpu_fraction") or 0)))' "$line")
    if [ "$busy" -lt "$best" ]; then best=$busy; kept=$line; fi
    attempt=$(( attempt + 1 ))
    [ "$best" -ge 10 ] && [ "$wait_quiet" -gt 0 ] && [ "$attempt" -lt 2 ] || break
    echo "# disturbed (${busy}% of the CPU taken by other processes): running it again"
  done
  echo "$kept" >> "$jsonl"
}

busy=$(busy_percent)
if [ "$busy" -ge 10 ] && [ "$wait_quiet" = 0 ]; then
  echo "# warning: the machine is ${busy}% busy before the start: other work disturbs the timings (see --wait-quiet)"
fi
start=$(date +%s)
if [ "$suite" = quick ]; then
  run 1 1 -bench_problem DB1 -bench_n 128
  run 1 1 -bench_problem DB2 -bench_n 64
  run 1 1 -bench_problem DB3 -bench_n 16
  run 1 1 -bench_problem DB4 -bench_n 6
  run 1 1 -bench_problem DB5
  run 2 1 -bench_problem DB1 -bench_n 128
  run 1 2 -bench_problem DB1 -bench_n 128
else
  # size series, 1 rank x 1 thread (the assembly is also timed at 1 and 2 threads inside each run)
  run 1 1 -bench_problem DB1 -bench_n 256
  run 1 1 -bench_problem DB1 -bench_n 512
  run 1 1 -bench_problem DB1 -bench_n 1024
  run 1 1 -bench_problem DB2 -bench_n 128
  run 1 1 -bench_problem DB2 -bench_n 256
  run 1 1 -bench_problem DB3 -bench_n 16
  run 1 1 -bench_problem DB3 -bench_n 32
  run 1 1 -bench_problem DB3 -bench_n 64 -bench_peer 0   # the peer's 3D Jacobian alone would take minutes here
  run 1 1 -bench_problem DB4 -bench_n 8
  run 1 1 -bench_problem DB4 -bench_n 12
  run 1 1 -bench_problem DB4 -bench_n 24 -bench_peer 0
  run 1 1 -bench_problem DB5
  # strong scaling and hybrid: the same problems on 2 ranks x 1 thread and 1 rank x 2 threads
  run 2 1 -bench_problem DB1 -bench_n 512
  run 1 2 -bench_problem DB1 -bench_n 512
  run 2 1 -bench_problem DB3 -bench_n 32
  run 1 2 -bench_problem DB3 -bench_n 32
  run 2 1 -bench_problem DB5
  run 1 2 -bench_problem DB5
fi
echo "# suite '$suite': $(( $(date +%s) - start )) s"

if [ "$record" = 1 ]; then
  out="$here/results/$date-$machine.json"
  k=2
  # never overwrite a record; a later run of the same day sorts after it (report.py orders by date, then path)
  while [ -e "$out" ]; do out="$here/results/$date-${machine}_$k.json"; k=$(( k + 1 )); done
  mkdir -p "$here/results"
  python3 "$here/report.py" --collect "$jsonl" --suite "$suite" --date "$date" --machine "$machine" --out "$out"
  echo "# recorded $out"
  python3 "$here/report.py" --current "$out"
else
  python3 "$here/report.py" --current "$jsonl"
fi
