#!/usr/bin/env bash
# `grader batch` killed with kill -9 in the middle, then resumed with the
# same command: no finished grade is lost or graded again, the gradebook
# only ever holds whole rows, and every student ends up in it exactly once
# with the score they deserve.
#
# The class, for exercise 01: a copy of the reference (100), a student who
# handed in a clone of the course with the stubs in its solutions/ (0,
# not_implemented), and the reference with a one-line compile error (0,
# build_error).
#   batch_resume_test.sh GRADER
set -euo pipefail
grader=$1
root=$(cd "$(dirname "$0")/../../.." && pwd)
assertions=$(cd "$(dirname "$0")/.." && pwd)/assertions.py  # the checks, one function each
assert() { python3 "$assertions" "$@"; }
scratch=$(mktemp -d)
batch_pid=
cleanup() {
  if [ -n "$batch_pid" ]; then kill -9 -- "-$batch_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for log in "$scratch"/run*.log; do echo "--- $log"; cat "$log"; done; exit 1; }

ex=01_concurrent_tasks
roster=$scratch/roster out=$scratch/out
mkdir -p "$roster"/{a-reference,b-clone/solutions,c-broken}
cp -r "$root/reference/$ex" "$roster/a-reference/"
cp -r "$root/solutions/$ex" "$roster/b-clone/solutions/"
cp -r "$root/exercises" "$roster/b-clone/exercises"
cp -r "$root/reference/$ex" "$roster/c-broken/"
echo 'int missing_its_value = ;' >>"$roster/c-broken/$ex/event_log.cpp"

# The machine's own lock file (the default): ctest grades corpus cases
# beside this test, and their performance phases must not run beside it.
# --stress 0: what is tested is the batch's bookkeeping, not the stress runs
# (the corpus tests those); they only made the reference slower to finish.
batch=("$grader" batch --roster "$roster" --out "$out" --exercise 01 --jobs 2 --stress 0)

# The graders take the machine lock: while it is held exclusively (as a
# performance phase holds it), a grade waits in the kernel's lock queue
# (/proc/locks) before it builds anything. It is stopped there.
held=$scratch/held.lock
exec {held_fd}>"$held"
flock -x "$held_fd"
"$grader" grade --submission "$roster/a-reference" --exercise 01 --work-dir "$scratch/waits" \
  --machine-lock "$held" >"$scratch/run0.log" 2>&1 &
waiting=$!
inode=$(stat -c %i "$held")
for _ in $(seq 1 300); do grep -q -- "-> FLOCK .* $waiting [^ ]*:$inode " /proc/locks && break; sleep 0.1; done
grep -q -- "-> FLOCK .* $waiting [^ ]*:$inode " /proc/locks || fail "a grade did not wait for the machine lock"
[ ! -e "$scratch/waits/$ex/tsan" ] || fail "a grade built while the machine lock was held exclusively"
kill -9 "$waiting"
wait "$waiting" 2>/dev/null || true
exec {held_fd}>&-

# Run 1, in a process group of its own, killed with everything in that
# group as soon as the first student is finished.
SECONDS=0
setsid "${batch[@]}" >"$scratch/run1.log" 2>&1 &
batch_pid=$!
for _ in $(seq 1 1200); do
  compgen -G "$out/results/*.json" >/dev/null && break
  kill -0 "$batch_pid" 2>/dev/null || fail "the batch ended before the first student was finished"
  sleep 0.1
done
compgen -G "$out/results/*.json" >/dev/null || fail "no student finished within 120 s"
kill -9 -- "-$batch_pid"
wait "$batch_pid" 2>/dev/null || true
batch_pid=
killed_after=$SECONDS

# The child graders die with the batch (they are in process groups of
# their own, out of reach of the kill above).
graders_left() {
  local cmdline
  for cmdline in /proc/[0-9]*/cmdline; do
    tr '\0' ' ' 2>/dev/null <"$cmdline" | grep -F -- "--work-dir $out/work/" || true
  done
}
for _ in $(seq 1 50); do
  [ -z "$(graders_left)" ] && break
  sleep 0.1
done
left=$(graders_left)
[ -z "$left" ] || fail "child graders outlived the killed batch: $left"

finished_before=$(cd "$out/results" && ls -- *.json)
stat -c '%n %i %Y' "$out"/results/*.json >"$scratch/finished_before"
unfinished=$(( 3 - $(echo "$finished_before" | wc -l) ))
[ "$unfinished" -gt 0 ] || fail "every student finished before the kill: nothing was left to resume"

# Whatever the moment of the kill, the gradebook holds whole rows only, each
# of a finished student.
assert whole-gradebook "$out" || fail "the gradebook after the kill is not whole"

# Run 2: the same command finishes the class.
status=0
SECONDS=0
"${batch[@]}" >"$scratch/run2.log" 2>&1 || status=$?
resumed_in=$SECONDS
[ "$status" = 0 ] || fail "the resumed batch exited with status $status"
grep -q "already graded" "$scratch/run2.log" || fail "the resumed batch does not say what was already graded"

# Finished students were not graded again: their result files are the same
# files (inode) written at the same time, and run 2 did not report them.
stat -c '%n %i %Y' $(sed 's/ .*//' "$scratch/finished_before") | diff "$scratch/finished_before" - ||
  fail "a student finished before the kill was graded again"
for name in $finished_before; do
  ! grep -q "^batch: ${name%.json}: " "$scratch/run2.log" || fail "run 2 graded ${name%.json} again"
done

assert resumed-gradebook "$out" || fail "the final gradebook is wrong"
echo "killed after ${killed_after} s with $(echo $finished_before) finished (not graded again); resumed in ${resumed_in} s"
