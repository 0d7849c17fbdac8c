#!/usr/bin/env python3
"""Assertions of the template tests (template_test.sh, gradescope_test.sh).

  check_template.py no-reference COURSE TEMPLATE
      the template holds no reference source: no reference/, no corpus, no
      hidden tests, and no file that equals, contains, or shares six lines
      of code in a row with any reference/NN_name/*.cpp
  check_template.py report REPORT.json ID SCORE STATUS [--measured]
      the grader's JSON report gives exercise ID this score and status
      (and, with --measured, speed figures measured against the reference)
  check_template.py gradescope RESULTS.json SCORE EXERCISES [--partial]
      a Gradescope results.json: per-test entries for exactly EXERCISES
      ("01,02,03"), adding up to SCORE; --partial: a run stopped early says
      which exercises it did not grade
"""
import json
import os
import re
import sys

WINDOW = 6  # lines of code in a row that count as copied


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def collapse(text):
    return re.sub(r"\s+", " ", text).strip()


def code_lines(text):
    """The lines that carry code: not blank, comments, braces, #includes or namespace lines."""
    lines = []
    for line in text.splitlines():
        line = collapse(line)
        if not line or line.startswith("//") or line.startswith("#") or line.startswith("namespace"):
            continue
        if line.strip("{}(); ") == "":
            continue
        lines.append(line)
    return lines


def body(text):
    """The source from its first line of code on (its heading comment and #includes may equal a stub's)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("//") and not stripped.startswith("#"):
            return collapse("\n".join(lines[i:]))
    return ""


def no_reference(course, template):
    if os.path.exists(os.path.join(template, "reference")):
        fail("the template has a reference/ directory")
    if os.path.exists(os.path.join(template, "grader", "tests")):
        fail("the template has grader/tests (its corpus is made from the reference)")
    references = []
    for exercise in sorted(os.listdir(os.path.join(course, "reference"))):
        directory = os.path.join(course, "reference", exercise)
        for name in sorted(os.listdir(directory)):
            if name.endswith(".cpp"):
                with open(os.path.join(directory, name)) as f:
                    text = f.read()
                lines = code_lines(text)
                windows = {" ".join(lines[i:i + WINDOW]) for i in range(len(lines) - WINDOW + 1)}
                references.append((os.path.join(exercise, name), collapse(text), body(text), windows))
    if not references:
        fail("found no reference source to compare with under " + course)
    checked = 0
    for base, dirs, files in os.walk(template):
        dirs[:] = [d for d in dirs if not (base == template and d == "build")]
        for d in dirs:
            if d in ("corpus", "reference"):
                fail(f"the template has a {d}/ directory: {os.path.join(base, d)}")
            if d == "hidden" and os.path.basename(os.path.dirname(base)) == "exercises":
                fail("the template has hidden tests: " + os.path.join(base, d))
        for name in files:
            path = os.path.join(base, name)
            if os.path.islink(path):
                continue
            with open(path, "rb") as f:
                text = collapse(f.read().decode("latin-1"))
            relative = os.path.relpath(path, template)
            mine = ""
            if name.endswith((".cpp", ".h", ".hpp", ".cc")):
                with open(path, errors="replace") as f:
                    mine = " ".join(code_lines(f.read()))
            for reference, whole, code, windows in references:
                if text == whole or (code and code in text):
                    fail(f"{relative} contains the reference source {reference}")
                if mine:
                    for window in windows:
                        if window in mine:
                            fail(f"{relative} shares {WINDOW} lines of code in a row with the reference "
                                 f"{reference}: {window[:200]}")
            checked += 1
    print(f"no reference source in {checked} files of the template ({len(references)} reference files compared)")


def report(path, exercise, score, status, measured):
    with open(path) as f:
        data = json.load(f)
    found = [e for e in data["exercises"] if e["id"] == exercise]
    if not found:
        fail(f"the report has no exercise {exercise}")
    e = found[0]
    lost = [f"{c['name']}: {c['points']}/{c['max_points']} {c['message'][:300]}" for c in e["checks"]
            if c["points"] < c["max_points"]]
    if e["score"] != float(score) or e["status"] != status:
        fail(f"exercise {exercise} got {e['score']} ({e['status']}), expected {score} ({status}):\n" + "\n".join(lost))
    if measured:
        perf = e.get("performance")
        if not perf or perf.get("reference_ns", 0) <= 0 or perf.get("pairs", 0) <= 0:
            fail(f"exercise {exercise} has no speed measured against the reference: {perf}")
        print(f"exercise {exercise}: {e['score']} / {e['max_score']}, time ratio {perf['ratio']:.2f} to the "
              f"reference's objects over {perf['pairs']} pairs")
    else:
        print(f"exercise {exercise}: {e['score']} / {e['max_score']} ({e['status']})")


def protected(path, exercise, check, max_points, *changed):
    """The report names each of `changed` and scored `check` with the rubric as given."""
    with open(path) as f:
        data = json.load(f)
    missing = [c for c in changed if c not in data.get("protected_changes", [])]
    if missing:
        fail(f"protected_changes {data.get('protected_changes')} lacks {missing}")
    e = next((e for e in data["exercises"] if e["id"] == exercise), None)
    c = next((c for c in (e or {}).get("checks", []) if c["name"] == check), None)
    if c is None:
        fail(f"exercise {exercise} has no check {check}")
    if c["max_points"] != float(max_points):
        fail(f"{check} is worth {c['max_points']}, not the template's {max_points}: graded with the edited rubric")
    print(f"protected changes named ({', '.join(changed)}); {check} worth {c['max_points']} as the template says")


def gradescope(path, score, exercises, partial):
    with open(path) as f:
        data = json.load(f)
    for key in ("score", "output", "tests"):
        if key not in data:
            fail(f"results.json has no {key}")
    tests = data["tests"]
    for t in tests:
        for key in ("name", "score", "max_score", "status", "output", "tags"):
            if key not in t:
                fail(f"a test of results.json has no {key}: {t}")
        if t["status"] not in ("passed", "failed"):
            fail(f"status {t['status']} is not Gradescope's: {t}")
    graded = sorted({tag[2:] for t in tests for tag in t["tags"]})
    if graded != exercises:
        fail(f"results.json has tests of exercises {graded}, expected {exercises}")
    for exercise in exercises:
        if sum(1 for t in tests if f"ex{exercise}" in t["tags"]) < 3:
            fail(f"exercise {exercise} has fewer than 3 tests in results.json")
    total = round(sum(t["score"] for t in tests), 1)
    if data["score"] != float(score) or total != float(score):
        fail(f"results.json scores {data['score']} (tests add up to {total}), expected {score}")
    if partial and "Not graded" not in data["output"]:
        fail("the results of a stopped run do not say what was not graded: " + data["output"])
    print(f"results.json: {len(tests)} tests of exercises {', '.join(exercises)}, score {data['score']}")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "no-reference":
        no_reference(*args)
    elif command == "report":
        report(args[0], args[1], args[2], args[3], "--measured" in args[4:])
    elif command == "protected":
        protected(*args)
    elif command == "gradescope":
        gradescope(args[0], args[1], args[2].split(","), "--partial" in args[3:])
    else:
        fail("unknown check " + command)
