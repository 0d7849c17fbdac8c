#!/usr/bin/env python3
"""Assembles the submission of one corpus case: the one place that knows how.

    corpus_assemble.py CASE_DIR SUBMISSION

CASE_DIR is grader/tests/corpus/NN_name/CASE. SUBMISSION (made if missing,
laid out like solutions/) receives NN_name/: the base's files (the
reference, or the stubs for "base": "solutions"), then the case's own files
over them, with @COURSE_ROOT@ replaced by the course's root (a submission
that reaches for the course's files by absolute path). The exercises of
"also_grade" {id: {from}} come from their own base. With
"repository_edits" {path: text}, SUBMISSION's parent becomes a student's
repository: the course's protected files, edited so. With "files_from":
CASE2, the case's files are those of CASE2 of the same exercise (one bug
graded another way, e.g. read in another platform's format).

Used by the corpus test (corpus_test.cpp) and by the batch tests' rosters
(batch/corpus_roster.sh), so both grade the same submissions.
"""
import json
import pathlib
import shutil
import sys

COURSE = pathlib.Path(__file__).resolve().parents[2]
PLACEHOLDER = b"@COURSE_ROOT@"
# What a student's repository holds of the course (protected_files.h).
REPOSITORY = ["exercises", "grader", "CMakeLists.txt", "Makefile", "CMakePresets.json", ".github", ".ci"]


def copy_exercise(source: pathlib.Path, dest: pathlib.Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(source.iterdir()):
        shutil.copyfile(f, dest / f.name)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    case_dir = pathlib.Path(sys.argv[1]).resolve()
    submission = pathlib.Path(sys.argv[2])
    expect_file = case_dir / "expect.json"
    if not expect_file.is_file():
        print(f"corpus_assemble: {case_dir} is not a corpus case (no expect.json)", file=sys.stderr)
        return 2
    expect = json.loads(expect_file.read_text())
    exercise = case_dir.parent.name
    dest = submission / exercise
    copy_exercise(COURSE / expect.get("base", "reference") / exercise, dest)
    # Bytes, not text: some cases are invalid UTF-8 on purpose.
    files = case_dir.parent / expect["files_from"] if "files_from" in expect else case_dir
    for f in sorted(files.iterdir()):
        if f.name != "expect.json" and f.name != ".clang-format":  # the case's, not the submission's
            (dest / f.name).write_bytes(f.read_bytes().replace(PLACEHOLDER, str(COURSE).encode()))
    for ex_id, other in expect.get("also_grade", {}).items():
        for ex in sorted((COURSE / other["from"]).iterdir()):
            if ex.name.startswith(ex_id + "_"):
                copy_exercise(ex, submission / ex.name)
    if "repository_edits" in expect:
        repo = submission.parent
        for path in REPOSITORY:
            if (COURSE / path).is_dir():
                shutil.copytree(COURSE / path, repo / path, dirs_exist_ok=True)
            elif (COURSE / path).exists():
                shutil.copyfile(COURSE / path, repo / path)
        for path, text in expect["repository_edits"].items():
            (repo / path).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
