#!/usr/bin/env bash
# A benchmark, not a test: how long grading takes, so that a change can be
# compared with the tree before it in one run on the same machine. It
# asserts nothing; every figure is printed as "name seconds" lines and, with
# --json FILE, written as JSON.
#
#   grader/tests/perf/grading_time.sh [--build DIR] [--skip full|corpus|batch]... [--students N] [--json FILE]
#
# What it measures (each wall seconds, and CPU seconds of the grader and
# everything it started):
#   full      a warm full grading of the reference (all four exercises,
#             stress and performance as `make check SUBMISSION=reference`),
#             graded once to warm the work directory and the compile cache,
#             then again; the second run's phases, per exercise, from the
#             files each phase leaves in the work directory (below)
#   corpus    the corpus's wall time: `ctest -L corpus` (-j2, as `make test`)
#   batch     `grader batch` of 10 students (--students N: the first N)
#             made of corpus cases (batch/corpus_roster.sh) in a roster at
#             a path of its own, so the compile cache is cold for it, then
#             the same roster into a fresh output directory (what the
#             compile cache gives a regrade of the class)
#
# Phases of one exercise come from the modification times in its work
# directory: build (tsan/tests), tests (runs/), optimised build and runs
# (runs_opt/), stress (the *_stress binaries and their runs), performance
# (performance/). The grader writes no timings into its reports; these
# are the last write of each phase minus the last write of the one before
# (the first from the "grading NN" line the grader prints).
# COURSE_COMPILE_CACHE=0 in the environment measures without the cache.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=$root/build/dev
json_out=
skip=" "
students=10
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --skip) skip+="$2 "; shift 2 ;;
    --json) json_out=$2; shift 2 ;;
    --students) students=$2; shift 2 ;;
    *) echo "usage: $0 [--build DIR] [--skip full|corpus|batch]... [--students N] [--json FILE]" >&2; exit 2 ;;
  esac
done
grader=$build/grader/grader
[ -x "$grader" ] || { echo "no grader at $grader: build the course first (make grader)" >&2; exit 2; }
scratch=$build/perf
mkdir -p "$scratch"
results=()

record() {  # name seconds
  printf '%-40s %8.1f\n' "$1" "$2"
  results+=("\"$1\": $2")
}

# Runs a command, recording its wall and CPU seconds (children included).
timed() {  # name command...
  local name=$1 start end
  shift
  start=$(date +%s.%N)
  "$@" || true
  end=$(date +%s.%N)
  record "$name.wall" "$(echo "$end - $start" | bc)"
}

# CPU seconds of the children waited for so far, from bash's `times` (run
# in this shell, not in a $(...) subshell, whose children are not these).
children_cpu() {  # variable
  times >"$scratch/.times"
  printf -v "$1" '%s' "$(tail -1 "$scratch/.times" | awk '{
    split($1, u, "m"); split($2, s, "m"); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }')"
}

timed_cpu() {  # name command...
  local name=$1 before after
  shift
  children_cpu before
  timed "$name" "$@"
  children_cpu after
  record "$name.cpu" "$(echo "$after - $before" | bc)"
}

# The phases of one exercise's grading, from its work directory: when each
# phase last wrote, minus when the one before it did.
phases() {  # label work_dir start_epoch
  local label=$1 dir=$2 prev=$3 t
  newest() { find "$@" -type f -printf '%T@\n' 2>/dev/null | sort -n | tail -1; }
  for phase in build tests optimised stress performance; do
    case $phase in
      build) t=$(newest "$dir/tsan" -name tests) ;;               # the tests binary linked
      tests) t=$(newest "$dir/runs" -not -path '*stress*') ;;
      optimised) t=$(newest "$dir/runs_opt") ;;                   # its build, then its runs
      stress) t=$(newest "$dir" -path '*stress*') ;;
      performance) t=$(newest "$dir/performance") ;;
    esac
    [ -n "$t" ] || continue
    record "$label.$phase" "$(echo "if ($t > $prev) $t - $prev else 0" | bc)"
    if [ "$(echo "$t > $prev" | bc)" = 1 ]; then prev=$t; fi
  done
}

if [[ $skip != *" full "* ]]; then
  work=$scratch/full
  "$grader" grade --submission "$root/reference" --work-dir "$work" --json "$scratch/full.json" \
    >"$scratch/full-warm-up.log" 2>&1 || true
  start=$(date +%s.%N)
  # Each exercise's start is the "grading NN ..." line on standard error.
  "$grader" grade --submission "$root/reference" --work-dir "$work" --json "$scratch/full.json" 2>&1 \
    | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done >"$scratch/full.log"
  end=$(date +%s.%N)
  record full.wall "$(echo "$end - $start" | bc)"
  while read -r at _ id dir _; do
    phases "full.$id" "$work/$dir" "$at"
  done < <(grep -E '^[0-9.]+ grading [0-9]+ ' "$scratch/full.log")
  python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))
print(" ".join("%s:%s" % (e["id"], e["score"]) for e in r["exercises"]))' "$scratch/full.json" \
    | sed 's/^/full.scores /'
fi

if [[ $skip != *" corpus "* ]]; then
  timed_cpu corpus ctest --test-dir "$build" -L corpus -j2 --output-on-failure -Q
fi

if [[ $skip != *" batch "* ]]; then
  # shellcheck source=../batch/corpus_roster.sh
  source "$here/../batch/corpus_roster.sh"
  rm -rf "$scratch"/roster-* "$scratch"/batch-*
  roster=$scratch/roster-$(date +%s)
  n=0
  for c in reference event_log_no_lock detach_instead_of_join entries_without_lock compile_error \
           wait_group_notify_one exceptions_swallowed sequential_tasks first_exception_unsynchronized stub; do
    n=$((n + 1))
    [ "$n" -le "$students" ] || break
    add_corpus_student "$roster" "$(printf 's%02d-%s' "$n" "$c")" 01_concurrent_tasks "$c"
  done
  timed_cpu batch.cold "$grader" batch --roster "$roster" --out "$scratch/batch-cold" --exercise 01 --jobs 2
  timed_cpu batch.regrade "$grader" batch --roster "$roster" --out "$scratch/batch-again" --exercise 01 --jobs 2
fi

if [ -n "$json_out" ]; then
  (IFS=,; echo "{${results[*]}}") | python3 -m json.tool >"$json_out"
  echo "written: $json_out"
fi
