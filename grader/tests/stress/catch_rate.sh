#!/usr/bin/env bash
# How often a corpus case's rare bug is caught with and without scheduling
# noise, within the same time budget: the figures the stress-run defaults
# (grader/src/stress.h, exercises/common/noise/noise.cpp) were chosen from.
#
#   grader/tests/stress/catch_rate.sh CASE BUDGET_SECONDS BUDGETS KILL_AFTER TEST...
#   e.g. grader/tests/stress/catch_rate.sh 01_concurrent_tasks/wait_group_lost_wakeup 30 3 5 \
#          WaitGroup.ReusableAfterReachingZero
#
# CASE is a directory under grader/tests/corpus (its files over the
# reference's). The case is graded once with a stress run, which builds both
# test programs (tsan/tests and tsan/tests_stress); then, for each condition
# (quiet: the normal program; noise: the stress program, a fresh seed a run),
# BUDGETS budgets of BUDGET_SECONDS are spent running the TESTs one after
# another, each in its own process. A run that fails, or does not end within
# KILL_AFTER seconds (a hang: the grader would wait out the test's limit),
# is a catch. Prints one line per budget (runs, catches, hangs), then each
# test's catches over all budgets.
# Needs a configured build (GRADER=... or build/dev/grader/grader).
set -euo pipefail
case_dir=$1 budget=$2 budgets=$3 kill_after=$4
shift 4
tests=("$@")
root=$(cd "$(dirname "$0")/../../.." && pwd)
grader=${GRADER:-$root/build/dev/grader/grader}
exercise=${case_dir%%/*}
out=$root/build/stress_catch_rate/${case_dir//\//_}
rm -rf "$out"
mkdir -p "$out/solutions/$exercise"
cp "$root/reference/$exercise"/*.cpp "$out/solutions/$exercise/"
find "$root/grader/tests/corpus/$case_dir" -name '*.cpp' -exec cp {} "$out/solutions/$exercise/" \;
"$grader" grade --submission "$out/solutions" --exercise "${exercise:0:2}" --stress 1 --stress-budget 1 \
  --work-dir "$out/work" >"$out/grade.txt" 2>&1 || true
bin=$out/work/$exercise/tsan
[[ -x $bin/tests && -x $bin/tests_stress ]] || { echo "the case did not build: see $out/grade.txt"; exit 2; }

one_run() {  # program seed test -> prints pass, fail or hang
  local status=0
  COURSE_NOISE_SEED=$2 TSAN_OPTIONS=exitcode=66:halt_on_error=0 \
    timeout -s KILL "$kill_after" setarch -R "$1" --gtest_filter="$3" >/dev/null 2>&1 || status=$?
  case $status in 0) echo pass ;; 137) echo hang ;; *) echo fail ;; esac
}

declare -A test_runs test_catches
printf '%-6s %-7s %5s %8s %6s %9s\n' noise budget runs catches hangs seconds
for condition in quiet noise; do
  program=$bin/tests
  [[ $condition == noise ]] && program=$bin/tests_stress
  for b in $(seq 1 "$budgets"); do
    runs=0 catches=0 hangs=0 start=$SECONDS
    while (( SECONDS - start < budget )); do
      test=${tests[runs % ${#tests[@]}]}
      seed=0
      [[ $condition == noise ]] && seed=$(( (RANDOM << 15 | RANDOM) + 1 ))
      verdict=$(one_run "$program" "$seed" "$test")
      runs=$((runs + 1))
      key="$condition $test"
      test_runs[$key]=$(( ${test_runs[$key]:-0} + 1 ))
      [[ $verdict != pass ]] && test_catches[$key]=$(( ${test_catches[$key]:-0} + 1 ))
      [[ $verdict != pass ]] && catches=$((catches + 1))
      [[ $verdict == hang ]] && hangs=$((hangs + 1))
    done
    printf '%-6s %-7s %5d %8d %6d %9d\n' "$condition" "$b" "$runs" "$catches" "$hangs" $((SECONDS - start))
  done
done
echo "per test, all budgets together:"
for key in "${!test_runs[@]}"; do
  printf '  %-60s %4d of %4d\n' "$key" "${test_catches[$key]:-0}" "${test_runs[$key]}"
done | sort
