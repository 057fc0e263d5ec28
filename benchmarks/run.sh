#!/usr/bin/env bash
# benchmarks/run.sh: build diomede (Release) and run the benchmark suite, one table row per run (benchmarks/README.md).
#
#   benchmarks/run.sh                 the default suite (about 13 min on 2 cores with DOLFINx: estimated), recorded in
#                                     benchmarks/results/<date>-<machine>.json
#   benchmarks/run.sh --quick         a small subset with DOLFINx pairs (about 3 min, estimated), not recorded
#   benchmarks/run.sh --scaling       strong scaling: DB1 n=1024, DB3 n=64, DB5 on P = 1, 2, 4, .. N ranks x 1 thread
#                                     and the hybrids P x T = N; recorded, with the scaling table (report.py --scaling)
#            --max-ranks N            N (default: min(16, nproc, physical cores)); above nproc is refused
#            --scaling --quick        the same plan on small sizes (DB1 n=256, DB3 n=16, DB5), not recorded
#            --bind core|none         none (default): mpiexec --bind-to none; core: --map-by socket:PE=T --bind-to core
#                                     (slot:PE=T if a socket is too small) and OMP_PLACES=cores OMP_PROC_BIND=close:
#                                     right on a real node; every suite
#            --dry-run                print the mpiexec commands of the suite and stop (no build, no run)
#   options: --no-build   --build-dir DIR (default build-bench)   --machine NAME (default host name)
#            --date YYYY-MM-DD (default today, UTC)   --record / --no-record   --log-view (keep -log_view per run)
#            --wait-quiet S (on a shared machine: before each run, wait up to S seconds for the CPUs to be idle,
#            and run a disturbed run once more, keeping the less disturbed of the two)
#            --no-dolfinx (skip the DOLFINx peer; by default every DB1-DB4 run of the default and quick suites on
#            1 or 2 ranks x 1 thread is followed by the same box through benchmarks/bench_dolfinx.py, Debian's
#            /usr/bin/python3 with python3-dolfinx: scripts/install-deps.sh --with-benchmarks)
#   anything after -- goes to every diomede run (e.g. -- -mech_pc_gamg_threshold 0.02)
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
scaling=0
quick=0
max_ranks=
bind=none
dry_run=0
with_dolfinx=1
dolfinx_python=/usr/bin/python3
while [ $# -gt 0 ]; do
  case "$1" in
    --max-ranks|--bind|--build-dir|--machine|--date|--wait-quiet)
      [ $# -ge 2 ] || { echo "run.sh: $1 needs a value (try --help)" >&2; exit 64; } ;;
  esac
  case "$1" in
    --quick) quick=1 ;;
    --scaling) scaling=1 ;;
    --max-ranks) max_ranks=$2; shift ;;
    --bind) bind=$2; shift ;;
    --dry-run) dry_run=1 ;;
    --no-build) do_build=0 ;;
    --build-dir) build=$2; shift ;;
    --machine) machine=$2; shift ;;
    --date) date=$2; shift ;;
    --record) record=1 ;;
    --no-record) record=0 ;;
    --log-view) log_view=1 ;;
    --no-dolfinx) with_dolfinx=0 ;;
    --wait-quiet) wait_quiet=$2; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,/^set /p' "$0" | grep '^#'; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 64 ;;
  esac
  shift
done
if [ "$scaling" = 1 ]; then
  [ "$quick" = 1 ] && suite=scaling-quick || suite=scaling
elif [ "$quick" = 1 ]; then
  suite=quick
fi
[ -n "$record" ] || { [ "$suite" = default ] || [ "$suite" = scaling ] && record=1 || record=0; }
case "$bind" in
  none|core) ;;
  *) echo "run.sh: --bind '$bind': must be core or none" >&2; exit 64 ;;
esac
cores=$(nproc)
# physical cores (hardware threads add no memory bandwidth); nproc where lscpu cannot tell
physical=$(lscpu -p=core,socket 2>/dev/null | grep -v '^#' | sort -u | wc -l || true)
[ "${physical:-0}" -ge 1 ] && [ "$physical" -le "$cores" ] || physical=$cores
if [ -n "$max_ranks" ]; then
  [ "$scaling" = 1 ] || { echo "run.sh: --max-ranks needs --scaling" >&2; exit 64; }
  [[ "$max_ranks" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --max-ranks '$max_ranks': must be a whole number >= 1" >&2; exit 64; }
else
  max_ranks=$(( physical < 16 ? physical : 16 ))
fi
# ranks x threads never above the cores (STYLE.md 2.7): refused before anything is built or run (the default and
# quick suites run 2 x 1 and 1 x 2)
[ "$scaling" = 1 ] || max_ranks=2
if [ "$max_ranks" -gt "$cores" ] && [ "$dry_run" = 0 ]; then
  [ "$scaling" = 1 ] && asked="--max-ranks $max_ranks" || asked="suite '$suite' ($max_ranks ranks x threads)"
  echo "run.sh: $asked: this machine has $cores cores (nproc); ranks x threads never go above the cores" >&2
  exit 64
fi

if [ "$do_build" = 1 ] && [ "$dry_run" = 0 ]; then
  mkdir -p "$build"
  cmake -S "$root" -B "$build" -DBUILD_TESTING=ON -DCMAKE_BUILD_TYPE=Release > "$build/bench-configure.log" 2>&1 \
    || { tail -30 "$build/bench-configure.log"; exit 1; }
  cmake --build "$build" --target benchmarks -j"$(nproc)" > "$build/bench-build.log" 2>&1 \
    || { grep -E "error|Error" "$build/bench-build.log" | head -30; exit 1; }
fi
exe="$build/benchmarks/bench_elasticity"
[ -x "$exe" ] || [ "$dry_run" = 1 ] || { echo "run.sh: $exe not built (drop --no-build)" >&2; exit 1; }

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

# The mpiexec line of <ranks> x <threads> (array `launch`). --bind none: nothing bound, so that one rank's OpenMP
# threads may use every core; --bind core: each rank gets <threads> cores of its own, ranks spread over the sockets
# (round robin, so that few ranks already use every memory controller), in slot order where a socket has fewer cores
# than <threads>; checked with a tiny run first.
launcher() {
  local np=$1 nt=$2
  if [ "$bind" = none ]; then
    launch=(mpiexec -n "$np" --oversubscribe --bind-to none)
    return 0
  fi
  launch=(mpiexec -n "$np" --oversubscribe --map-by "socket:PE=$nt" --bind-to core)
  [ "$dry_run" = 0 ] || return 0
  "${launch[@]}" true < /dev/null > "$work/map.log" 2>&1 && return 0
  launch=(mpiexec -n "$np" --oversubscribe --map-by "slot:PE=$nt" --bind-to core)
  "${launch[@]}" true < /dev/null > "$work/map.log" 2>&1 && return 0
  echo "run.sh: mpiexec cannot bind $np ranks x $nt threads to cores (--bind core):" >&2
  grep -v '^-*$' "$work/map.log" | head -12 >&2
  exit 1
}

# run <ranks> <threads> <bench options...>: ranks x threads never above the cores (STYLE.md 2.7).
run() {
  local np=$1 nt=$2 attempt=0 busy best=101 line kept= launch
  shift 2
  if [ $(( np * nt )) -gt "$cores" ] && [ "$dry_run" = 0 ]; then
    echo "run.sh: $np ranks x $nt threads: above the $cores cores of this machine (nproc); refused" >&2
    exit 64
  fi
  launcher "$np" "$nt"
  local envs=(OMP_NUM_THREADS="$nt")
  [ "$bind" = core ] && envs+=(OMP_PLACES=cores OMP_PROC_BIND=close)
  if [ "$dry_run" = 1 ]; then
    echo "${envs[*]} ${launch[*]} $exe $* ${extra[*]}"
    return 0
  fi
  local args=(-bench_json "$work/attempt.jsonl" -bench_commit "$commit" -bench_machine "$machine" -bench_output_dir "$work/out")
  [ "$first" = 1 ] && args+=(-bench_header) && first=0
  if [ "$log_view" = 1 ]; then
    mkdir -p "$logs"
    args+=(-log_view ":$logs/$(echo "$*" | tr -c 'A-Za-z0-9_=\n' '_')_${np}x${nt}.txt")
  fi
  while :; do
    wait_for_quiet
    rm -f "$work/attempt.jsonl"
    env "${envs[@]}" "${launch[@]}" "$exe" "$@" "${args[@]}" "${extra[@]}" < /dev/null
    line=$(tail -n 1 "$work/attempt.jsonl")
    busy=$(python3 -c 'import json, sys; print(round(100 * (json.loads(sys.argv[1])["machine"].get("foreign_cpu_fraction") or 0)))' "$line")
    if [ "$busy" -lt "$best" ]; then best=$busy; kept=$line; fi
    attempt=$(( attempt + 1 ))
    [ "$best" -ge 10 ] && [ "$wait_quiet" -gt 0 ] && [ "$attempt" -lt 2 ] || break
    echo "# disturbed (${busy}% of the CPU taken by other processes): running it again"
  done
  echo "$kept" >> "$jsonl"
}

# DOLFINx, the peer of issue 16: run_pair <ranks> <threads> <problem> <n> [bench options]: diomede's run, then the
# same box on the same ranks through bench_dolfinx.py (one after the other, so both see the same machine), its
# JSON attached to diomede's line with the ratios; a disagreement of the solutions fails the suite at the end.
dolfinx_disagree=0
run_pair() {
  local np=$1 nt=$2 problem=$3 n=$4 launch
  shift 4
  run "$np" "$nt" -bench_problem "$problem" -bench_n "$n" "$@"
  [ "$with_dolfinx" = 1 ] || return 0
  launcher "$np" "$nt"
  local args=(--problem "$problem" --n "$n" --json "$work/dolfinx.jsonl")
  [ "$log_view" = 1 ] && args+=("--petsc=-log_view :$logs/dolfinx_${problem}_n${n}_${np}x${nt}.txt")
  if [ "$dry_run" = 1 ]; then
    echo "OMP_NUM_THREADS=$nt ${launch[*]} $dolfinx_python $here/bench_dolfinx.py ${args[*]}"
    return 0
  fi
  rm -f "$work/dolfinx.jsonl"
  env OMP_NUM_THREADS="$nt" "${launch[@]}" "$dolfinx_python" "$here/bench_dolfinx.py" "${args[@]}" < /dev/null \
    || { echo "run.sh: bench_dolfinx.py failed on $problem n=$n ($np x $nt)" >&2; exit 1; }
  python3 "$here/report.py" --attach-dolfinx "$jsonl" --dolfinx "$work/dolfinx.jsonl" || dolfinx_disagree=1
}

# The strong-scaling plan for N = $max_ranks cores: P = 1, 2, 4, .. (powers of two up to N, and N) ranks x 1 thread,
# then the hybrids P x T = N with P, T >= 2 (1 x N where N has no such split, e.g. N = 2).
scaling_plan() {
  local n=$max_ranks p t found=0
  for (( p = 1; p < n; p *= 2 )); do echo "$p 1"; done
  echo "$n 1"
  for (( t = 2; t <= n / 2; t++ )); do
    if [ $(( n % t )) = 0 ] && [ $(( n / t )) -ge 2 ]; then echo "$(( n / t )) $t"; found=1; fi
  done
  [ "$found" = 1 ] || [ "$n" = 1 ] || echo "1 $n"
}

if [ "$dry_run" = 1 ]; then
  echo "# suite '$suite', --bind $bind: the runs (not run)"
  [ "$scaling" = 0 ] || [ "$max_ranks" -le "$cores" ] ||
    echo "# note: --max-ranks $max_ranks is above the $cores cores of this machine: refused here without --dry-run"
  [ "$max_ranks" -le "$physical" ] || [ "$scaling" = 0 ] ||
    echo "# note: --max-ranks $max_ranks is above the $physical physical cores: hardware threads add no bandwidth"
elif busy=$(busy_percent) && [ "$busy" -ge 10 ] && [ "$wait_quiet" = 0 ]; then
  echo "# warning: the machine is ${busy}% busy before the start: other work disturbs the timings (see --wait-quiet)"
fi
if [ "$with_dolfinx" = 1 ] && [ "$scaling" = 0 ] && [ "$dry_run" = 0 ]; then
  if ! "$dolfinx_python" -c 'import dolfinx' 2> /dev/null; then
    echo "# warning: $dolfinx_python cannot import dolfinx (scripts/install-deps.sh --with-benchmarks): no DOLFINx peer"
    with_dolfinx=0
  else
    # FFCx compiles the elements and forms once (cached in ~/.cache/fenics); each run reports its own JIT apart
    for problem in DB1 DB2 DB3 DB4; do
      OMP_NUM_THREADS=1 "$dolfinx_python" "$here/bench_dolfinx.py" --problem $problem --n 2 \
        < /dev/null > /dev/null 2>&1 || { echo "run.sh: bench_dolfinx.py --problem $problem --n 2 failed" >&2; exit 1; }
    done
  fi
fi
start=$(date +%s)
if [ "$scaling" = 1 ]; then
  # DB1 n = 1024 (2.1 M dofs), DB3 n = 64 (824 k), DB5 (344 k); no peer; the extra matrix assembly of each run
  # (matrix_assembly_by_threads) only at the run's own thread count
  if [ "$quick" = 1 ]; then problems=("DB1 -bench_n 256" "DB3 -bench_n 16" "DB5"); else
    problems=("DB1 -bench_n 1024" "DB3 -bench_n 64" "DB5"); fi
  plan=$(scaling_plan)
  for problem in "${problems[@]}"; do
    while read -r -u 3 np nt; do  # fd 3: mpiexec reads (and would swallow) standard input
      # shellcheck disable=SC2086 # the problem's words are separate options
      run "$np" "$nt" -bench_problem $problem -bench_peer 0 -bench_assembly_threads "$nt"
    done 3<<< "$plan"
  done
elif [ "$suite" = quick ]; then
  run_pair 1 1 DB1 128
  run_pair 1 1 DB2 64
  run_pair 1 1 DB3 16
  run_pair 1 1 DB4 6
  run 1 1 -bench_problem DB5
  # 2 ranks: every box at a size where the mesh counts (issue 16's 2-rank targets)
  run_pair 2 1 DB1 512
  run_pair 2 1 DB2 128
  run_pair 2 1 DB3 32
  run_pair 2 1 DB4 12
  run 1 2 -bench_problem DB1 -bench_n 128
else
  # size series, 1 rank x 1 thread (the assembly is also timed at 1 and 2 threads inside each run)
  # size series, each box then through DOLFINx (run_pair); PetscFE's peer where it is cheap
  run_pair 1 1 DB1 256
  run_pair 1 1 DB1 512
  run_pair 1 1 DB1 1024
  run_pair 1 1 DB2 128
  run_pair 1 1 DB2 256
  run_pair 1 1 DB3 16
  run_pair 1 1 DB3 32
  run_pair 1 1 DB3 64 -bench_peer 0   # PetscFE's 3D Jacobian alone would take minutes here
  run_pair 1 1 DB4 8
  run_pair 1 1 DB4 12
  run_pair 1 1 DB4 24 -bench_peer 0
  run 1 1 -bench_problem DB5
  # 2 ranks x 1 thread: the largest box of each kind against DOLFINx on 2 ranks (PetscFE's peer skipped: minutes)
  run_pair 2 1 DB1 1024 -bench_peer 0
  run_pair 2 1 DB2 256 -bench_peer 0
  run_pair 2 1 DB3 64 -bench_peer 0
  run_pair 2 1 DB4 24 -bench_peer 0
  run 2 1 -bench_problem DB5
  # 1 rank x 2 threads (DOLFINx is not threaded: no pair)
  run 1 2 -bench_problem DB1 -bench_n 512
  run 1 2 -bench_problem DB3 -bench_n 32
  run 1 2 -bench_problem DB5
fi
[ "$dry_run" = 0 ] || exit 0
echo "# suite '$suite': $(( $(date +%s) - start )) s"
[ "$dolfinx_disagree" = 0 ] || echo "# error: diomede and DOLFINx disagreed on a run (above); the record says which"
scaling_table=(--bind "$bind")
[ "$scaling" = 0 ] || scaling_table+=(--scaling)

if [ "$record" = 1 ]; then
  out="$here/results/$date-$machine.json"
  k=2
  # never overwrite a record; a later run of the same day sorts after it (report.py orders by date, then path)
  while [ -e "$out" ]; do out="$here/results/$date-${machine}_$k.json"; k=$(( k + 1 )); done
  mkdir -p "$here/results"
  python3 "$here/report.py" --collect "$jsonl" --suite "$suite" --date "$date" --machine "$machine" --bind "$bind" --out "$out"
  echo "# recorded $out"
  python3 "$here/report.py" --current "$out" "${scaling_table[@]}"
else
  python3 "$here/report.py" --current "$jsonl" "${scaling_table[@]}"
fi
[ "$dolfinx_disagree" = 0 ] || exit 1
