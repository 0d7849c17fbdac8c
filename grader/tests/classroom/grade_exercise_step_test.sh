#!/usr/bin/env bash
# Runs the Classroom workflow's step script (.github/classroom/grade_exercise.sh)
# as GitHub Actions would, with a fake GITHUB_OUTPUT, and checks that the
# `result` it hands the reporter decodes to the grader's classroom JSON and
# adds up to the same points as the grader's own report (what `make check`
# shows).
#   grade_exercise_step_test.sh GRADER EXERCISE SUBMISSION
set -euo pipefail
grader=$1 exercise=$2 submission=$3
root=$(cd "$(dirname "$0")/../../.." && pwd)
assertions=$(cd "$(dirname "$0")/.." && pwd)/assertions.py  # the checks, one function each
assert() { python3 "$assertions" "$@"; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

GRADER=$grader SUBMISSION=$submission GITHUB_OUTPUT=$scratch/output GITHUB_STEP_SUMMARY=$scratch/summary \
  "$root/.github/classroom/grade_exercise.sh" "$exercise" >/dev/null

grep -q '^result=' "$scratch/output" || { echo "no result= line in GITHUB_OUTPUT"; exit 1; }
sed -n 's/^result=//p' "$scratch/output" | base64 -d >"$scratch/classroom.json"
report=$root/build/classroom/ex$exercise.json
assert classroom-result "$scratch/classroom.json" "$report"
grep -q "### Exercise $exercise" "$scratch/summary" || { echo "no step summary written"; exit 1; }
