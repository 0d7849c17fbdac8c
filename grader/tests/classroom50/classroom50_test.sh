#!/usr/bin/env bash
# ctest classroom50/autograder_as_runner_runs_it: writes the Classroom 50
# autograder with `grader classroom50`, then runs it as Classroom 50's
# runner.py does (run_as_runner.py: the bundle tarred and extracted as
# publish-pages and fetch_bundle do, its environment, the student's checkout
# as working directory) on a checkout of the student template, and checks
# result.json against every rule of the contract (contract.py). The
# checkout's solutions/ holds the reference's sources of exercise 01 and no
# other exercise, so one grading proves both ends of the scale:
#   - exercise 01 earns 1000 of 1000 (its 100 points x10);
#   - each missing exercise is graded as its stub: 0, not implemented;
#   - the whole result is 1000 of 4000 (400 points);
# with result.json's points those of the report.json beside it, the
# release-body.md and report.json left where the Release step reads them;
# then a bundle whose course does not build: exit 1 and an ::error, never a
# result of 0 points.
# It grades with --stress 0 (classroom50.json's grade_args, the teacher's knob).
# (One grading, not one for the stubs and one for the reference: each
# builds the course from the bundle, and the stubs alone took a minute.)
#
#   classroom50_test.sh GRADER COURSE_ROOT SCRATCH
set -euo pipefail
grader=$1 root=$2 scratch=$3
here=$(cd "$(dirname "$0")" && pwd)
step() { printf '[%3d s] %s\n' "$SECONDS" "$*"; }
rm -rf "$scratch"
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
toolchain=$(dirname "$(dirname "$grader")")/course_toolchain.json

step "grader classroom50"
"$grader" classroom50 --toolchain "$toolchain" --out "$scratch/classroom50" --classroom cs-fall \
  --assignment concurrency >"$scratch/classroom50.log"
bundle=$scratch/classroom50/cs-fall/autograders/concurrency
runtime=$scratch/classroom50/cs-fall/concurrency-runtime.json
python3 - "$runtime" "$root/.ci/deps" <<'PY'
import json, subprocess, sys
runtime = json.load(open(sys.argv[1]))
listed = subprocess.run(["bash", sys.argv[2], "--list"], capture_output=True, text=True, check=True).stdout.split()
assert runtime["apt"] == listed, f"runtime apt {runtime['apt']} is not .ci/deps --list {listed}"
assert runtime["runs-on"] == "ubuntu-24.04", runtime
assert set(runtime) <= {"runs-on", "container", "python", "node", "java", "go", "rust", "apt"}, runtime
PY
assets=$(python3 -c 'import json,sys; print(" ".join(a["path"] for a in json.load(open(sys.argv[1]))["release_assets"]))' \
  "$bundle/classroom50.json")

# A student's checkout: a git repository of the template, solutions/ from $2.
checkout() {
  local dir=$1 solutions=$2
  "$grader" export-template --toolchain "$toolchain" --out "$dir" >/dev/null
  if [[ -n $solutions ]]; then rm -rf "$dir/solutions" && cp -R "$solutions" "$dir/solutions"; fi
  git -C "$dir" init -q && git -C "$dir" add -A &&
    git -C "$dir" -c user.name=student -c user.email=s@example.com commit -qm "my work"
}
grade_args() {
  python3 - "$bundle/classroom50.json" "$@" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config["grade_args"] = sys.argv[2:]
json.dump(config, open(sys.argv[1], "w"), indent=2)
PY
}
run() {  # run NAME: grades $scratch/NAME as runner.py would, then checks the contract
  local name=$1
  step "runner.py's way: $name"
  python3 "$here/run_as_runner.py" "$scratch/classroom50" cs-fall concurrency "$scratch/$name" "$scratch/runner-$name" \
    alice >"$scratch/$name.log" 2>&1 || { tail -40 "$scratch/$name.log"; echo "FAIL: $name was not graded"; exit 1; }
  python3 "$here/contract.py" result "$scratch/$name/result.json" cs-fall concurrency alice individual
  # shellcheck disable=SC2086
  python3 "$here/contract.py" asset "$scratch/$name" $assets
  [[ -s $scratch/$name/release-body.md ]] || { echo "FAIL: no release-body.md"; exit 1; }
}
points() {  # points NAME SCORE MAX: result.json's integers, and the report's points x10
  python3 - "$scratch/$1/result.json" "$scratch/$1/report.json" "$2" "$3" <<'PY'
import json, sys
result, report = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
want = (int(sys.argv[3]), int(sys.argv[4]))
got = (result["score"], result["max-score"])
assert got == want, f"result.json has {got[0]} of {got[1]}, want {want[0]} of {want[1]}"
assert got == (round(report["total"] * 10), round(report["max_total"] * 10)), f"result.json {got} is not report.json's points x10"
assert result["sandboxed"] == report["sandbox"]["used"], "sandboxed differs from report.json"
PY
}

step "checkout"
mkdir -p "$scratch/handed-in"
cp -R "$root/reference/01_concurrent_tasks" "$scratch/handed-in/"
checkout "$scratch/student" "$scratch/handed-in"

grade_args --stress 0
run student
points student 1000 4000
python3 - "$scratch/student/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
got = {e["id"]: (e["score"], e["status"]) for e in report["exercises"]}
want = {"01": (100, "pass"), "02": (0, "not_implemented"), "03": (0, "not_implemented"), "04": (0, "not_implemented")}
assert got == want, f"report.json's exercises {got}, want {want}"
PY
for ex in 02_worker_pool 03_pipeline 04_shared_counters; do
  grep -q "autograder: no solutions/$ex in the checkout: graded as its stub" "$scratch/student.log" ||
    { tail -20 "$scratch/student.log"; echo "FAIL: the autograder does not say $ex was graded as its stub"; exit 1; }
done
grep -q '^### 100 of 400 points' "$scratch/student/release-body.md" ||
  { cat "$scratch/student/release-body.md"; echo "FAIL: the release body's total"; exit 1; }

# An infrastructure error (the course does not build): autograder.py exits
# non-zero, which runner.py turns into an error result, and says why.
step "a bundle whose course does not build"
echo 'not json' >"$bundle/template/CMakePresets.json"
if python3 "$here/run_as_runner.py" "$scratch/classroom50" cs-fall concurrency "$scratch/student" "$scratch/runner-broken" alice >"$scratch/broken.log" 2>&1; then
  echo "FAIL: a course that does not build was graded"; exit 1
fi
grep -q 'autograder exited 1' "$scratch/broken.log" || { tail -20 "$scratch/broken.log"; exit 1; }
grep -q '^::error title=course autograder::building the course failed' "$scratch/broken.log" ||
  { tail -20 "$scratch/broken.log"; echo "FAIL: no ::error saying the build failed"; exit 1; }
step "ok"
