#!/usr/bin/env bash
# One exercise's step of the Classroom workflow (.github/workflows/classroom.yml):
# grades solutions/ for exercise $1 with the course's grader and hands the
# result to GitHub Classroom's reporter, partial credit and messages included.
#
#   .github/classroom/grade_exercise.sh 02
#
# Writes `result=<base64 of the grader's classroom JSON>` to $GITHUB_OUTPUT
# and the full terminal report to $GITHUB_STEP_SUMMARY, so a student reads
# what was wrong without opening the logs. Losing points is not a failed
# step (the reporter shows them); a grader that cannot grade at all still
# leaves a result, with status "error" and the reason, never an empty one.
set -uo pipefail
exercise=${1:?say which exercise: 01, 02, ...}
root=$(cd "$(dirname "$0")/../.." && pwd)
grader=${GRADER:-$root/build/dev/grader/grader}
out=$root/build/classroom
mkdir -p "$out"
: "${GITHUB_OUTPUT:?not running in GitHub Actions: set GITHUB_OUTPUT to a file to try it}"
summary=${GITHUB_STEP_SUMMARY:-/dev/null}

"$grader" grade --submission "${SUBMISSION:-$root/solutions}" --exercise "$exercise" \
  --format classroom --out "$out/ex$exercise.b64" --json "$out/ex$exercise.json" >"$out/ex$exercise.txt" 2>&1
status=$?
cat "$out/ex$exercise.txt"

if [[ $status -le 1 && -s $out/ex$exercise.b64 ]]; then
  echo "result=$(cat "$out/ex$exercise.b64")" >>"$GITHUB_OUTPUT"
else
  reason=$(tail -n 5 "$out/ex$exercise.txt" | tr -d '"\\' | tr '\n' ' ')
  error=$(printf '{"version":1,"status":"error","max_score":100,"tests":[{"name":"ex%s / grading","status":"error","score":0,"message":"the grader could not grade this exercise: %s"}]}' \
    "$exercise" "$reason")
  echo "result=$(printf '%s' "$error" | base64 -w0)" >>"$GITHUB_OUTPUT"
fi
{
  echo "### Exercise $exercise"
  echo '```'
  grep -v '^grading ' "$out/ex$exercise.txt"
  echo '```'
} >>"$summary"
exit 0
