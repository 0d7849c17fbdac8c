#!/usr/bin/env bash
# One exercise's step of the course's workflow (.github/workflows/classroom.yml):
# grades solutions/ for exercise $1 with the course's grader.
#
#   .github/classroom/grade_exercise.sh 02
#
# - prints an annotation per problem (`::error file=...,line=...::`, the
#   grader's --github-annotations), which GitHub shows in the push's diff;
# - writes the full terminal report to $GITHUB_STEP_SUMMARY;
# - writes to $GITHUB_OUTPUT `sandboxed=true|false` (whether the submission
#   ran inside bubblewrap), `graded=true|false`, and `result=<base64 of the
#   grader's classroom JSON>` for GitHub Classroom's reporter, which ended with
#   GitHub Classroom (2026-08-28) and only the workflow's optional step reads.
# Losing points is not a failed step (the workflow's last step totals them);
# a grader that cannot grade at all still leaves a result, with status
# "error" and the reason, built with python's json (the reason is the
# grader's output: quotes, tabs, anything).
set -uo pipefail
exercise=${1:?say which exercise: 01, 02, ...}
root=$(cd "$(dirname "$0")/../.." && pwd)
grader=${GRADER:-$root/build/dev/grader/grader}
out=$root/build/classroom
mkdir -p "$out"
: "${GITHUB_OUTPUT:?not running in GitHub Actions: set GITHUB_OUTPUT to a file to try it}"
summary=${GITHUB_STEP_SUMMARY:-/dev/null}
rm -f "$out/ex$exercise".{b64,json,annotations}

"$grader" grade --submission "${SUBMISSION:-$root/solutions}" --exercise "$exercise" \
  --format classroom --out "$out/ex$exercise.b64" --json "$out/ex$exercise.json" \
  --github-annotations "$out/ex$exercise.annotations" >"$out/ex$exercise.txt" 2>&1
status=$?

# The report quotes what the submission printed: no line of it may act as a
# workflow command, so commands stop around it (a token it cannot know).
token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
echo "::stop-commands::$token"
cat "$out/ex$exercise.txt"
echo "::$token::"

if [[ $status -le 1 && -s $out/ex$exercise.b64 ]]; then
  [[ -f $out/ex$exercise.annotations ]] && cat "$out/ex$exercise.annotations"
  echo "result=$(cat "$out/ex$exercise.b64")" >>"$GITHUB_OUTPUT"
  echo "graded=true" >>"$GITHUB_OUTPUT"
else
  python3 - "$exercise" "$out/ex$exercise.txt" "$GITHUB_OUTPUT" <<'PY'
import base64, json, sys
exercise, log, output = sys.argv[1:4]
with open(log, encoding="utf-8", errors="replace") as f:
    reason = " ".join(" ".join(f.read().splitlines()[-5:]).split())
message = "the grader could not grade this exercise: " + reason
result = {"version": 1, "status": "error", "max_score": 100,
          "tests": [{"name": f"ex{exercise} / grading", "status": "error", "score": 0, "message": message}]}
escaped = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
print(f"::error title=ex{exercise} not graded::{escaped}")
with open(output, "a") as f:
    f.write("result=" + base64.b64encode(json.dumps(result).encode()).decode() + "\n")
    f.write("graded=false\n")
PY
fi
sandboxed=$(python3 -c 'import json, sys
try: print("true" if json.load(open(sys.argv[1]))["sandbox"]["used"] else "false")
except (OSError, ValueError, KeyError): print("false")' "$out/ex$exercise.json")
echo "sandboxed=$sandboxed" >>"$GITHUB_OUTPUT"
# A code fence longer than any run of backticks in the report: it stays one block.
fence=$(python3 -c 'import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
print("`" * max([3] + [len(run) + 1 for run in re.findall("`+", text)]))' "$out/ex$exercise.txt")
{
  echo "### Exercise $exercise"
  [[ $sandboxed == true ]] || echo "> **Graded without the sandbox**: the submission ran as the runner's user."
  echo "$fence"
  grep -v '^grading ' "$out/ex$exercise.txt"
  echo "$fence"
} >>"$summary"
exit 0
