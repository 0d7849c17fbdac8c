#!/usr/bin/env python3
"""Assertions of the grader's shell tests, in one place rather than a heredoc in each.

Each check is a function; the shell tests call them by name:

  assertions.py CHECK ARG...

A check that holds prints what it saw (or nothing) and exits 0; one that does
not prints "FAIL: " and why, and exits 1, so the shell test's own message
follows. Checks use expect(), never `assert`, which python3 -O would skip.
"""
import csv
import json
import os
import sys

GRADEBOOK_HEADER = ["student", "01", "total", "status"]


class Failed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failed(message)


def load_json(path):
    with open(path) as f:
        return json.load(f)


def gradebook_rows(out):
    """OUT/gradebook.csv as rows, the header first."""
    with open(os.path.join(out, "gradebook.csv")) as f:
        return list(csv.reader(f))


# batch/batch_resume_test.sh ------------------------------------------------

def whole_gradebook(out):
    """Whatever the moment of a kill, the gradebook holds whole rows only, each of a finished student."""
    with open(os.path.join(out, "gradebook.csv")) as f:
        text = f.read()
    expect(text.endswith("\n"), "the gradebook ends in the middle of a line")
    rows = list(csv.reader(text.splitlines()))
    expect(rows[0] == GRADEBOOK_HEADER, rows[0])
    finished = {f[:-5] for f in os.listdir(os.path.join(out, "results")) if f.endswith(".json")}
    for row in rows[1:]:
        expect(len(row) == 4 and row[0] in finished and row[2] != "", f"half a row: {row}")


def resumed_gradebook(out):
    """The class of batch_resume_test.sh, finished: each student's score, status and report."""
    rows = gradebook_rows(out)
    expect(rows[0] == GRADEBOOK_HEADER, f"header {rows[0]}")
    students = [r[0] for r in rows[1:]]
    expect(students == ["a-reference", "b-clone", "c-broken"], f"students {students}")
    expected = {"a-reference": 100, "b-clone": 0, "c-broken": 0}
    for student, score, total, status in rows[1:]:
        expect(float(score) == expected[student] and float(total) == expected[student], (student, score, total))
        expect(status == "graded", (student, status))
    book = load_json(os.path.join(out, "gradebook.json"))
    expect([s["student"] for s in book["students"]] == students and book["counts"]["graded"] == 3, book["counts"])
    broken = load_json(os.path.join(out, "reports", "c-broken.json"))
    expect(broken["exercises"][0]["status"] == "build_error", broken["exercises"][0]["status"])
    # The clone's solutions/ was graded (the stubs' verdict, not a missing directory's).
    clone = load_json(os.path.join(out, "reports", "b-clone.json"))
    expect(clone["submission"].endswith("b-clone/solutions"), clone["submission"])
    expect(clone["exercises"][0]["status"] == "not_implemented", clone["exercises"][0]["status"])
    expect(clone["protected_changes"], "a clone's changed protected files are listed")
    for student in students:
        expect(os.path.getsize(os.path.join(out, "reports", student + ".txt")) > 0, student)
    expect(not [f for f in os.listdir(os.path.join(out, "reports")) if "partial" in f], "a partial report was left")
    scores = os.path.join(out, "scores.svg")
    expect(os.path.exists(scores) and open(scores).read().startswith("<?xml"), "no class summary plot")
    print("batch resumed after kill -9:", ", ".join(f"{r[0]} {r[1]}" for r in rows[1:]))


# classroom/grade_exercise_step_test.sh -------------------------------------

def classroom_result(classroom_json, report_json):
    """The Classroom reporter's result adds up to the grader's own report."""
    classroom = load_json(classroom_json)
    report = load_json(report_json)
    points = round(sum(t["score"] for t in classroom["tests"]), 1)
    total = report["total"]
    expect(classroom["version"] == 1 and classroom["tests"], "not a classroom result")
    expect(points == total, f"the reporter would record {points}, make check shows {total}")
    expect(classroom["max_score"] == report["max_total"], (classroom["max_score"], report["max_total"]))
    print(f"classroom result: {points} of {classroom['max_score']}, as the report says")


# template/hidden_test.sh ---------------------------------------------------

def hidden_blocks(report_json, course):
    """The stubs graded with --hidden: a hidden block per exercise, apart from the public score."""
    report = load_json(report_json)
    expect(report["total"] == 0 and report["max_total"] == 200, (report["total"], report["max_total"]))
    for e in report["exercises"]:
        hidden = e.get("hidden")
        expect(hidden, f"exercise {e['id']} has no hidden block")
        rubric = load_json(f"{course}/exercises/{e['dir']}/hidden/hidden_rubric.json")
        names = [t["name"] for t in rubric["tests"]]
        expect(e["score"] == 0 and e["status"] == "not_implemented", (e["id"], e["score"], e["status"]))
        expect(hidden["score"] == 0 and hidden["status"] == "not_implemented",
               (e["id"], hidden["score"], hidden["status"]))
        expect(hidden["max_score"] == sum(t["points"] for t in rubric["tests"]), hidden["max_score"])
        expect([c["name"] for c in hidden["checks"]] == names, [c["name"] for c in hidden["checks"]])
        for c in hidden["checks"]:
            expect(c["status"] == "fail" and "not implemented" in c["message"], c)
        expect(not any(c["name"] in names for c in e["checks"]), "a hidden test counted among the public ones")
        print(f"exercise {e['id']}: public {e['score']}/{e['max_score']}, hidden {hidden['score']}/{hidden['max_score']} "
              f"({len(hidden['checks'])} tests, each not implemented)")


# slurm/e2e.sh --------------------------------------------------------------

def json_field(path, key):
    """Prints one top-level field of a JSON file (a job's id in OUT/slurm/job.json)."""
    data = load_json(path)
    expect(key in data, f"{path} has no field {key}")
    print(data[key])


def same_gradebooks(local_out, slurm_out, corpus, cases):
    """The gradebook through Slurm is the local one, and each verdict is its corpus case's.

    cases: "student=case" lines."""
    case_of = dict(line.split("=") for line in cases.split())
    local, slurm = gradebook_rows(local_out), gradebook_rows(slurm_out)
    expect(slurm[0] == local[0] == GRADEBOOK_HEADER, (local[0], slurm[0]))
    expect([r[0] for r in slurm[1:]] == [r[0] for r in local[1:]] == sorted(case_of), (local, slurm))
    for l, s in zip(local[1:], slurm[1:]):
        expect(l == s, f"local {l} and Slurm {s} differ")
        # Each local verdict is the corpus case's: the comparison is between right answers.
        case = load_json(os.path.join(corpus, case_of[l[0]], "expect.json"))
        score = float(l[1])
        expect(case["score_min"] <= score <= case["score_max"], (l, case["score_min"], case["score_max"]))
        report = load_json(os.path.join(slurm_out, "reports", l[0] + ".json"))
        expect(report["exercises"][0]["status"] == case["status"], (l[0], report["exercises"][0]["status"]))
        expect(l[3] == "graded", l)
    book = load_json(os.path.join(slurm_out, "gradebook.json"))
    expect(book["counts"]["graded"] == 4, book["counts"])
    print("Slurm gradebook = local gradebook:", ", ".join(f"{r[0]} {r[1]}" for r in slurm[1:]))


# load/reference_under_load.sh ----------------------------------------------

def performance_line(report_json):
    """One line of figures for the table: points, ratio, measured ratio, spread, pairs,
    confidence, other load, and 1 when the performance check got full marks (else 0)."""
    ex = load_json(report_json)["exercises"][0]
    perf = next(c for c in ex["checks"] if c["kind"] == "performance")
    f = ex.get("performance", {})
    print(f'{perf["points"]}/{perf["max_points"]} {f.get("ratio", 0):.3f} {f.get("measured_ratio", 0):.3f} '
          f'{f.get("spread", 0) * 100:.1f}% {f.get("pairs", 0)} {f.get("confidence", "-")} '
          f'{f.get("other_load", 0):.2f} {int(perf["points"] + 1e-9 >= perf["max_points"])}')


CHECKS = {
    "whole-gradebook": whole_gradebook,
    "resumed-gradebook": resumed_gradebook,
    "classroom-result": classroom_result,
    "hidden-blocks": hidden_blocks,
    "json-field": json_field,
    "same-gradebooks": same_gradebooks,
    "performance-line": performance_line,
}


def main(argv):
    if len(argv) < 2 or argv[1] not in CHECKS:
        print("usage: assertions.py CHECK ARG...; checks: " + ", ".join(CHECKS), file=sys.stderr)
        return 2
    try:
        CHECKS[argv[1]](*argv[2:])
    except Failed as failed:
        print(f"FAIL: {argv[1]}: {failed}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
