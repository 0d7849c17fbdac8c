#!/usr/bin/env bash
# ctest hidden/graded_apart_from_the_score: the stubs graded with --hidden.
# Exercises 01 and 02 have hidden tests; each gets a block of its own, every
# hidden test failing as not implemented, and the public score is the one
# make check gives (0, not implemented), hidden points not in it. (That the
# reference passes the hidden tests is ctest -L reference: reference/NN_name/hidden/...)
#
#   hidden_test.sh GRADER COURSE_ROOT SCRATCH
set -euo pipefail
grader=$1 root=$2 scratch=$3
assertions=$(cd "$(dirname "$0")/.." && pwd)/assertions.py  # the checks, one function each
assert() { python3 "$assertions" "$@"; }
rm -rf "$scratch"
mkdir -p "$scratch"
status=0
"$grader" grade --submission "$root/solutions" --exercise 01 --exercise 02 --hidden --work-dir "$scratch/check" \
  --json "$scratch/report.json" >"$scratch/report.txt" 2>&1 || status=$?
[[ $status == 1 ]] || { cat "$scratch/report.txt"; echo "grading the stubs exited $status, not 1"; exit 1; }
grep -q "Hidden tests (instructor only" "$scratch/report.txt" || { cat "$scratch/report.txt"; echo "no hidden block in the terminal report"; exit 1; }
assert hidden-blocks "$scratch/report.json" "$root"
