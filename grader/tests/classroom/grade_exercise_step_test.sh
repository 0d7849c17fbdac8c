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
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

GRADER=$grader SUBMISSION=$submission GITHUB_OUTPUT=$scratch/output GITHUB_STEP_SUMMARY=$scratch/summary \
  "$root/.github/classroom/grade_exercise.sh" "$exercise" >/dev/null

grep -q '^result=' "$scratch/output" || { echo "no result= line in GITHUB_OUTPUT"; exit 1; }
sed -n 's/^result=//p' "$scratch/output" | base64 -d >"$scratch/classroom.json"
report=$root/build/classroom/ex$exercise.json
python3 - "$scratch/classroom.json" "$report" <<'PY'
import json, sys
classroom = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2]))
points = round(sum(t["score"] for t in classroom["tests"]), 1)
total = report["total"]
assert classroom["version"] == 1 and classroom["tests"], "not a classroom result"
assert points == total, f"the reporter would record {points}, make check shows {total}"
assert classroom["max_score"] == report["max_total"], (classroom["max_score"], report["max_total"])
print(f"classroom result: {points} of {classroom['max_score']}, as the report says")
PY
grep -q "### Exercise $exercise" "$scratch/summary" || { echo "no step summary written"; exit 1; }
