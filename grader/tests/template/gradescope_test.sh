#!/usr/bin/env bash
# ctest gradescope/run_autograder_writes_results: builds the autograder zip,
# unpacks it as Gradescope does into a fake /autograder (AUTOGRADER_ROOT),
# and runs run_autograder on the course's stubs, with the template already
# built by template_test.sh standing in for what setup.sh builds:
#   - a whole run, the submission a clone of a student's repository:
#     results.json has every exercise's tests and scores 0;
#   - a run killed (as Gradescope's time limit kills it) once the first
#     exercise is in, the submission the exercise directories themselves:
#     results.json is whole, with that exercise, and says what is missing;
#   - files dragged in loose: each is graded in the exercise whose stub has
#     its name, unless that exercise's folder came too, and results.json
#     says where each went and what was ignored.
#
#   gradescope_test.sh GRADER COURSE_ROOT TEMPLATE_SCRATCH SCRATCH
set -euo pipefail
grader=$1 root=$2 template=$3/template scratch=$4
here=$(cd "$(dirname "$0")" && pwd)
check() { python3 "$here/check_template.py" "$@"; }
step() { printf '[%3d s] %s\n' "$SECONDS" "$*"; }
[[ -x $template/build/dev/grader/grader ]] || { echo "no built template in $template: run template_test.sh first"; exit 1; }
exercises=$(cd "$root/exercises" && ls -d [0-9][0-9]_*/ | cut -c1-2 | paste -sd,)

rm -rf "$scratch"
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd) template=$(cd "$template" && pwd)
step "build autograder.zip and unpack it"
"$grader" gradescope --out "$scratch/autograder.zip" >/dev/null
# A fake /autograder whose source/template is the template built before.
fake_root() {
  mkdir -p "$1/source" "$1/submission"
  (cd "$1/source" && unzip -q "$scratch/autograder.zip")
  for script in setup.sh run_autograder results.py; do
    [[ -x $1/source/$script ]] || { echo "$script is missing from the zip or not executable"; exit 1; }
  done
  rm -rf "$1/source/template"
  ln -s "$template" "$1/source/template"
}
fake_root "$scratch/whole"
mkdir "$scratch/unzipped" && (cd "$scratch/unzipped" && unzip -q "$scratch/autograder.zip")
check no-reference "$root" "$scratch/unzipped/template"
compgen -G "$scratch/unzipped/template/exercises/*/reference_objects/*.o" >/dev/null ||
  { echo "the zip's template has no reference objects: its speed cannot be measured"; exit 1; }

step "a whole run on a clone of a student's repository"
cp -R "$root/solutions" "$scratch/whole/submission/solutions"
cp "$root/README.md" "$scratch/whole/submission/"
AUTOGRADER_ROOT=$scratch/whole "$scratch/whole/source/run_autograder" >"$scratch/whole.log" 2>&1 ||
  { tail -30 "$scratch/whole.log"; echo "run_autograder failed"; exit 1; }
check gradescope "$scratch/whole/results/results.json" 0 "$exercises"

# The same fake /autograder again: its builds are done, so the run reaches
# the second exercise at once and the kill can only come in its middle.
step "a run killed once the first exercise is in"
rm -rf "$scratch/whole/submission" "$scratch/whole/results" "$scratch/whole/work"/ex*.json
mkdir "$scratch/whole/submission"
cp -R "$root"/solutions/* "$scratch/whole/submission/"
results=$scratch/whole/results/results.json
AUTOGRADER_ROOT=$scratch/whole setsid "$scratch/whole/source/run_autograder" >"$scratch/killed.log" 2>&1 &
run=$!
for _ in $(seq 1200); do
  grep -qs '"ex01"' "$results" && break
  sleep 0.05
done
kill -KILL -- "-$run" 2>/dev/null || true
wait "$run" 2>/dev/null || true
grep -qs '"ex01"' "$results" || { tail -30 "$scratch/killed.log"; echo "exercise 01 never reached results.json"; exit 1; }
# Each exercise's own report lands in work/ as it is graded: the last one
# must not be there yet, or results.json was not written as grading went.
last=${exercises##*,}
[[ ! -e $scratch/whole/work/ex$last.json ]] ||
  { echo "exercise $last was graded before results.json showed exercise 01: results are not written as grading goes"; exit 1; }
check gradescope "$results" 0 01 --partial

# 04's file loose and broken (so its tests say it was compiled), 01's
# folder beside a loose, broken copy of one of its files (the folder's is
# graded), and a file no exercise has.
step "loose files placed by their names"
rm -rf "$scratch/whole/submission" "$scratch/whole/results" "$scratch/whole/work"/ex*.json
mkdir "$scratch/whole/submission"
cp -R "$root/solutions/01_concurrent_tasks" "$scratch/whole/submission/"
echo 'this is not C++' >"$scratch/whole/submission/histogram.cpp"
echo 'this is not C++' >"$scratch/whole/submission/wait_group.cpp"
echo 'my notes' >"$scratch/whole/submission/notes.txt"
AUTOGRADER_ROOT=$scratch/whole "$scratch/whole/source/run_autograder" >"$scratch/loose.log" 2>&1 ||
  { tail -30 "$scratch/loose.log"; echo "run_autograder failed on loose files"; exit 1; }
python3 - "$scratch/whole/results/results.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
out = data["output"]
for text in ("Placed histogram.cpp in 04_shared_counters/",
             "Ignored wait_group.cpp: the folder 01_concurrent_tasks/ was handed in too",
             "Ignored notes.txt: no exercise has a file of that name"):
    if text not in out:
        sys.exit(f"results.json's output does not say {text!r}: {out}")
def outputs(ex):
    return " ".join(t["output"] for t in data["tests"] if f"ex{ex}" in t["tags"])
if "histogram.cpp" not in outputs("04") or "not implemented" in outputs("04"):
    sys.exit("exercise 04 was not graded from the loose histogram.cpp: " + outputs("04")[:600])
html = [t for t in data["tests"] if "ex04" in t["tags"] and t.get("output_format") == "html"]
if not html or not any("<mark>" in t["output"] and "histogram.cpp" in t["output"] for t in html):
    sys.exit("exercise 04's lost points are not shown as HTML with the student's code marked: " + outputs("04")[:600])
if any(t.get("output_format") == "html" and t["status"] == "passed" and t["score"] >= t["max_score"]
       for t in data["tests"]):
    sys.exit("a test that earned all its points is shown as HTML")
if "not implemented" not in outputs("01"):
    sys.exit("exercise 01 was not graded from its folder: " + outputs("01")[:600])
print("loose files: placed and ignored as results.json says")
PY
step "done"
