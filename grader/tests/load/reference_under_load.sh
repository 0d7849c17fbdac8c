#!/usr/bin/env bash
# Grades the reference as a submission N times while another program keeps
# one core busy, and prints the performance points, the scored ratio and
# its spread for each run: the proof that the reference earns every
# performance point on a loaded machine, and how much the figure moves.
#
#   grader/tests/load/reference_under_load.sh [EXERCISE [RUNS]]     (default: 02 10)
#
# Needs a configured build (make grader) and python3 to read report.json (grader/tests/assertions.py).
# Exits 1 if any run gave the reference less than full performance points.
set -euo pipefail
exercise=${1:-02}
runs=${2:-10}
root=$(cd "$(dirname "$0")/../../.." && pwd)
assertions=$(cd "$(dirname "$0")/.." && pwd)/assertions.py  # the checks, one function each
assert() { python3 "$assertions" "$@"; }
grader=$root/build/dev/grader/grader
out=$root/build/load
mkdir -p "$out"

# The load: one busy loop pinned to the first CPU the grader may use.
first_cpu=$(taskset -pc $$ | sed 's/.*: //; s/[-,].*//')
taskset -c "$first_cpu" sh -c 'while :; do :; done' &
load_pid=$!
trap 'kill $load_pid 2>/dev/null' EXIT

printf '%-4s %-8s %-8s %-9s %-7s %-6s %-10s %s\n' run points ratio measured spread pairs confidence other_load
failed=0
for run in $(seq 1 "$runs"); do
  report=$out/run$run.json
  "$grader" grade --submission "$root/reference" --exercise "$exercise" --seed "$run" \
    --work-dir "$out/work" --json "$report" >"$out/run$run.txt" 2>&1 || true
  line=$(assert performance-line "$report")
  read -r points ratio measured spread pairs confidence other full <<<"$line"
  printf '%-4s %-8s %-8s %-9s %-7s %-6s %-10s %s\n' "$run" "$points" "$ratio" "$measured" "$spread" "$pairs" "$confidence" "$other"
  [[ $full == 1 ]] || failed=1
done
exit $failed
