#!/usr/bin/env bash
# Runs the Classroom workflow's step script (.github/classroom/grade_exercise.sh)
# as GitHub Actions would, with a fake GITHUB_OUTPUT, and checks that the
# `result` it hands the reporter decodes to the grader's classroom JSON and
# adds up to the same points as the grader's own report (what `make check`
# shows), that it says whether it was sandboxed; then with a grader that
# cannot grade and says so with quotes, a tab and a forged workflow command:
# the error result is JSON holding the reason, the annotation is escaped, and
# the grader's output is printed only between ::stop-commands:: and its token.
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
grep -q '^sandboxed=\(true\|false\)$' "$scratch/output" || { echo "no sandboxed= output"; exit 1; }
grep -q '^graded=true$' "$scratch/output" || { echo "no graded=true output"; exit 1; }

# A grader that cannot grade, whose last words hold quotes, a tab, a percent
# sign and a forged workflow command: the error result is still JSON, with
# the reason, and the forged command is printed only inside stop-commands.
cat >"$scratch/broken_grader" <<'SH'
#!/usr/bin/env bash
printf '::error::forged\n'
printf 'grader: cannot grade: "quoted"\tand\ttabbed 100%%\n' >&2
exit 2
SH
chmod +x "$scratch/broken_grader"
: >"$scratch/output"
GRADER=$scratch/broken_grader SUBMISSION=$submission GITHUB_OUTPUT=$scratch/output GITHUB_STEP_SUMMARY=$scratch/summary \
  "$root/.github/classroom/grade_exercise.sh" "$exercise" >"$scratch/log"
sed -n 's/^result=//p' "$scratch/output" | base64 -d >"$scratch/error.json"
python3 - "$scratch/error.json" <<'PY'
import json, sys
result = json.load(open(sys.argv[1]))
assert result["status"] == "error", result
message = result["tests"][0]["message"]
assert '"quoted" and tabbed 100%' in message, message
PY
grep -q '^graded=false$' "$scratch/output" || { echo "no graded=false output"; exit 1; }
grep -q '^::error title=ex'"$exercise"' not graded::.*"quoted" and tabbed 100%25' "$scratch/log" ||
  { echo "no escaped not-graded annotation"; cat "$scratch/log"; exit 1; }
python3 - "$scratch/log" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
start = next(i for i, l in enumerate(lines) if l.startswith("::stop-commands::"))
token = lines[start].split("::")[2]
end = lines.index(f"::{token}::")
forged = lines.index("::error::forged")
assert start < forged < end, "the grader's output is not inside stop-commands"
PY
