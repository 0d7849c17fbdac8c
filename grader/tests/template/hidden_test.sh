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
rm -rf "$scratch"
mkdir -p "$scratch"
status=0
"$grader" grade --submission "$root/solutions" --exercise 01 --exercise 02 --hidden --work-dir "$scratch/check" \
  --json "$scratch/report.json" >"$scratch/report.txt" 2>&1 || status=$?
[[ $status == 1 ]] || { cat "$scratch/report.txt"; echo "grading the stubs exited $status, not 1"; exit 1; }
grep -q "Hidden tests (instructor only" "$scratch/report.txt" || { cat "$scratch/report.txt"; echo "no hidden block in the terminal report"; exit 1; }
python3 - "$scratch/report.json" "$root" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assert report["total"] == 0 and report["max_total"] == 200, (report["total"], report["max_total"])
for e in report["exercises"]:
    hidden = e.get("hidden")
    assert hidden, f"exercise {e['id']} has no hidden block"
    rubric = json.load(open(f"{sys.argv[2]}/exercises/{e['dir']}/hidden/hidden_rubric.json"))
    names = [t["name"] for t in rubric["tests"]]
    assert e["score"] == 0 and e["status"] == "not_implemented", (e["id"], e["score"], e["status"])
    assert hidden["score"] == 0 and hidden["status"] == "not_implemented", (e["id"], hidden["score"], hidden["status"])
    assert hidden["max_score"] == sum(t["points"] for t in rubric["tests"]), hidden["max_score"]
    assert [c["name"] for c in hidden["checks"]] == names, [c["name"] for c in hidden["checks"]]
    for c in hidden["checks"]:
        assert c["status"] == "fail" and "not implemented" in c["message"], c
    assert not any(c["name"] in names for c in e["checks"]), "a hidden test counted among the public ones"
    print(f"exercise {e['id']}: public {e['score']}/{e['max_score']}, hidden {hidden['score']}/{hidden['max_score']} "
          f"({len(hidden['checks'])} tests, each not implemented)")
PY
