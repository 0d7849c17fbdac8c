#!/usr/bin/env python3
"""Classroom 50's result.json v1 contract, rule by rule, written from its
documentation and its validators, not from the grader's output:

  wiki/Advanced-Autograding.md, "The result.json contract" (field table);
  cli/gh-teacher/skeleton/dotgithub/scripts/runner.py, validate_result() and
    validate_release_asset_paths() / _looks_like_result_document();
  cli/gh-teacher/skeleton/dotgithub/scripts/collect_scores.py,
    validate_result() (what the gradebook ingests).

  contract.py result RESULT_JSON CLASSROOM ASSIGNMENT OWNER [TYPE]
  contract.py asset CHECKOUT PATH...     each release asset runner.py would attach
Prints every broken rule and exits 1, or exits 0.
"""
import json
import re
import sys
from pathlib import Path

SCHEMA = "classroom50/result/v1"
# runner.py RELEASE_ASSET_BASENAME
ASSET_BASENAME = re.compile(r"^[A-Za-z0-9_-](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9_-])?$", re.ASCII)
# collect_scores.py RFC3339_RE (its `late` marking needs one)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$")


def is_count(value):
    """A non-negative integer, and not a bool (an int in Python)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def result_errors(data, classroom, assignment, owner, assignment_type="individual"):
    errors = []
    if not isinstance(data, dict):
        return ["result.json is not a JSON object"]
    if data.get("schema") != SCHEMA:
        errors.append(f"schema is {data.get('schema')!r}, not exactly {SCHEMA!r}")
    if data.get("classroom") != classroom:
        errors.append(f"classroom {data.get('classroom')!r} does not match {classroom!r}")
    if data.get("assignment") != assignment:
        errors.append(f"assignment {data.get('assignment')!r} does not match {assignment!r}")
    o = data.get("owner")
    if not isinstance(o, str) or not o or o.lower() != owner.lower():
        errors.append(f"owner {o!r} is not {owner!r}")
    if data.get("assignment_type") != assignment_type:
        errors.append(f"assignment_type {data.get('assignment_type')!r} is not {assignment_type!r}")
    s = data.get("submission")
    if not isinstance(s, str) or not s.startswith("submit/"):
        errors.append(f"submission {s!r} is not a submit/* tag name")
    for field in ("commit", "release", "review", "datetime"):
        if not isinstance(data.get(field), str) or not data.get(field):
            errors.append(f"{field} is not a non-empty string")
    if isinstance(data.get("datetime"), str) and not RFC3339.fullmatch(data["datetime"]):
        errors.append(f"datetime {data['datetime']!r} is not RFC 3339")
    score, max_score = data.get("score"), data.get("max-score")
    if not is_count(score):
        errors.append(f"score {score!r} is not a non-negative integer")
    if not is_count(max_score):
        errors.append(f"max-score {max_score!r} is not a non-negative integer")
    if is_count(score) and is_count(max_score) and score > max_score:
        errors.append(f"score {score} > max-score {max_score}")
    tests = data.get("tests")
    if not isinstance(tests, list):
        return errors + ["tests is not a list"]
    names = set()
    for i, t in enumerate(tests):
        if not isinstance(t, dict):
            errors.append(f"tests[{i}] is not an object")
            continue
        name = t.get("test-name")
        if not isinstance(name, str) or not name:
            errors.append(f"tests[{i}].test-name is not a non-empty string")
        elif name in names:
            errors.append(f"tests[{i}].test-name {name!r} is not unique")
        names.add(name)
        if not isinstance(t.get("passed"), bool):
            errors.append(f"tests[{i}].passed is not a boolean")
        if not is_count(t.get("score")) or not is_count(t.get("max-score")):
            errors.append(f"tests[{i}] score/max-score are not non-negative integers")
        elif t["score"] > t["max-score"]:
            errors.append(f"tests[{i}].score > max-score")
    # The field table: "score / max-score: Sum of test scores / max-scores."
    if all(isinstance(t, dict) and is_count(t.get("score")) and is_count(t.get("max-score")) for t in tests):
        if is_count(score) and score != sum(t["score"] for t in tests):
            errors.append(f"score {score} is not the sum of the tests' scores")
        if is_count(max_score) and max_score != sum(t["max-score"] for t in tests):
            errors.append(f"max-score {max_score} is not the sum of the tests' max-scores")
    sb = data.get("submitted_by")
    if sb is not None and (not isinstance(sb, dict) or not isinstance(sb.get("username"), str) or not sb["username"]):
        errors.append("submitted_by is not an object with a username")
    return errors


def asset_errors(checkout, configured):
    errors = []
    for path in configured:
        base = path.split("/")[-1]
        if path.startswith("/") or any(seg in ("", ".", "..") for seg in path.split("/")):
            errors.append(f"{path}: not a relative path runner.py accepts")
        if not ASSET_BASENAME.fullmatch(base) or ".." in base or base.lower() in ("result.json", "release-body.md"):
            errors.append(f"{path}: basename not Release-safe or reserved")
        f = Path(checkout) / path
        if f.is_symlink() or not f.is_file():
            errors.append(f"{path}: not a regular file in the checkout after grading")
            continue
        if f.stat().st_size > 100 * 1024 * 1024:
            errors.append(f"{path}: over runner.py's 100 MiB budget")
        try:
            doc = json.loads(f.read_text(errors="replace"))
        except ValueError:
            continue
        # runner.py refuses an asset that is itself a result document.
        if isinstance(doc, dict) and str(doc.get("schema", "")).startswith("classroom50/result/"):
            errors.append(f"{path}: looks like a result document; runner.py would refuse it")
    return errors


def main(argv):
    if argv[1] == "result":
        errors = result_errors(json.loads(Path(argv[2]).read_text()), *argv[3:7])
    else:
        errors = asset_errors(argv[2], argv[3:])
    for e in errors:
        print("contract:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
