#!/usr/bin/env bash
# ctest template/grades_reference_objects_at_full_marks: exports the student
# template, proves it holds no reference source, builds it (from ccache: the
# course's build just compiled the same files), and grades in it
#   - exercise 02 with the reference's sources as the student's: 100 of 100,
#     speed measured side by side with the shipped reference objects;
#   - exercise 01's stubs: 0, not implemented.
# The built template stays in SCRATCH for gradescope_test.sh.
#
#   template_test.sh GRADER COURSE_ROOT SCRATCH CXX BUILD_TYPE [LAUNCHER, "|" between its words]
set -euo pipefail
grader=$1 root=$2 scratch=$3 cxx=$4 build_type=$5 launcher=${6:-}
launcher=${launcher//|/;}
here=$(cd "$(dirname "$0")" && pwd)
check() { python3 "$here/check_template.py" "$@"; }
step() { printf '[%3d s] %s\n' "$SECONDS" "$*"; }

rm -rf "$scratch"
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
template=$scratch/template
step "export"
"$grader" export-template --out "$template"
check no-reference "$root" "$template"
# A student's repository is one commit of the template ("Use this
# template"): what differs from it outside solutions/ is the student's.
git -C "$template" init -q
git -C "$template" add -A
git -C "$template" -c user.name=template -c user.email=template@example.com commit -q -m "the template"

# The template's build holds the machine's lock shared, as a grader's
# builds do (machine_lock.h: pass the turnstile, then take it shared), so
# that it never compiles beside another grader's performance phase.
machine_lock=${TMPDIR:-/tmp}/course-grader-machine.lock
shared_machine_lock() { flock -s "$machine_lock.turnstile" true && flock -s "$machine_lock" "$@"; }

step "configure and build the template"
# The same depth below its source as the course's build dir, so that ccache
# sees the same relative paths and hits.
build=$template/build/dev
shared_machine_lock cmake -S "$template" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE="$build_type" \
  ${launcher:+"-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher"} >"$scratch/configure.log" 2>&1 ||
  { cat "$scratch/configure.log"; exit 1; }
shared_machine_lock cmake --build "$build" --target grading_inputs >"$scratch/build.log" 2>&1 || { tail -40 "$scratch/build.log"; exit 1; }
grep -q '"reference_objects"' "$build/course_toolchain.json" ||
  { echo "the template's toolchain lists no reference objects"; exit 1; }
tgrader=$build/grader/grader

step "grade the template's stubs of exercise 01, its rubric edited"
# The edit moves 8 points to a test; grading keeps the template's rubric
# (3 points) and names the edit.
rubric=$template/exercises/01_concurrent_tasks/rubric.json
cp "$rubric" "$scratch/rubric.json"
python3 - "$rubric" <<'EDIT'
import json, sys
r = json.load(open(sys.argv[1]))
points = {t["name"]: t for t in r["tests"]}
points["WaitGroup.WaitAtZeroReturnsAtOnce"]["points"] += 8
points["RunConcurrently.HundredsOfTasksAreAllInProgressAtOnce"]["points"] -= 8
json.dump(r, open(sys.argv[1], "w"))
EDIT
status=0
"$tgrader" grade --submission "$template/solutions" --exercise 01 --work-dir "$scratch/check/stubs" \
  --json "$scratch/stubs.json" >"$scratch/stubs.txt" 2>&1 || status=$?
cp "$scratch/rubric.json" "$rubric"
[[ $status == 1 ]] || { cat "$scratch/stubs.txt"; echo "grading the stubs exited $status, not 1"; exit 1; }
check report "$scratch/stubs.json" 01 0 not_implemented
check protected "$scratch/stubs.json" 01 WaitGroup.WaitAtZeroReturnsAtOnce 3 \
  "exercises/01_concurrent_tasks/rubric.json (changed)"

step "grade exercise 02 with the reference's sources as the student's"
cp -R "$template/solutions/02_worker_pool" "$scratch/stubs-02"
cp "$root"/reference/02_worker_pool/*.cpp "$template/solutions/02_worker_pool/"
status=0
# Stress runs are tested elsewhere (corpus); here they would only cost time.
"$tgrader" grade --submission "$template/solutions" --exercise 02 --work-dir "$scratch/check/reference" --stress 0 \
  --json "$scratch/reference.json" >"$scratch/reference.txt" 2>&1 || status=$?
rm -rf "$template/solutions/02_worker_pool"
mv "$scratch/stubs-02" "$template/solutions/02_worker_pool"
[[ $status == 0 ]] || { cat "$scratch/reference.txt"; echo "grading the reference exited $status, not 0"; exit 1; }
check report "$scratch/reference.json" 02 100 pass --measured
step "done"
