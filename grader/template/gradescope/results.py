#!/usr/bin/env python3
"""Gradescope's results.json, built up one exercise at a time by run_autograder.

  results.py start RESULTS STATE NOTES NN_name...    nothing graded yet: score 0, the exercises to come;
                                                     NOTES: a file of lines about the submission's files
                                                     (where loose files went, what was ignored), shown first
  results.py add RESULTS STATE ID STATUS JSON TEXT   one exercise's `grader grade --format gradescope`
                                                     output (or, if the grader could not grade, its last words)
  results.py finish RESULTS STATE                    the final summary

Every step rewrites RESULTS through a temporary file and a rename: whenever
Gradescope stops the run, it reads a whole file with every exercise
finished so far. STATE (which exercises are to come, which are graded) is
kept apart, so that RESULTS holds only what Gradescope reads.
"""
import json
import os
import sys


def write(path, results):
    temp = path + ".tmp"
    with open(temp, "w") as out:
        json.dump(results, out, indent=2)
    os.replace(temp, path)


def read(path):
    with open(path) as f:
        return json.load(f)


def summary(results, state, finished):
    score = round(sum(t.get("score", 0) for t in results["tests"]), 1)
    max_score = round(sum(t.get("max_score", 0) for t in results["tests"]), 1)
    graded = ", ".join(state["graded"]) or "none"
    text = f"{score} of {max_score} points for the exercises graded ({graded})."
    pending = ", ".join(e for e in state["exercises"] if e[:2] not in state["graded"])
    if finished or not pending:
        text += " Each test below says what it checks and, where points were lost, why and where to look."
    else:
        text += (f" Not graded: {pending}. Grading stopped before it reached them (the autograder's time limit?):"
                 " the points above are those of the exercises that finished.")
    if state.get("notes"):
        text = "About your files: " + " ".join(state["notes"]) + "\n\n" + text
    results["score"] = score
    results["output"] = text


def start(path, state_path, notes_file, exercises):
    results = {"score": 0, "execution_time": 0, "output": "", "visibility": "visible", "tests": []}
    try:
        with open(notes_file, errors="replace") as f:
            notes = [line.strip() for line in f if line.strip()]
    except OSError:
        notes = []
    if len(notes) > 20:  # a submission of a thousand files: the first ones say it
        notes = notes[:20] + [f"({len(notes) - 20} more files not listed.)"]
    state = {"exercises": exercises, "graded": [], "notes": notes}
    summary(results, state, finished=False)
    write(state_path, state)
    write(path, results)


def grading_error(exercise, text_file):
    try:
        with open(text_file, errors="replace") as f:
            last_words = "".join(f.readlines()[-8:]).strip()
    except OSError:
        last_words = "(no output)"
    return {"name": f"ex{exercise} / grading", "score": 0, "max_score": 100, "status": "failed",
            "output": "The grader could not grade this exercise:\n" + last_words,
            "output_format": "text", "tags": [f"ex{exercise}"], "visibility": "visible"}


def add(path, state_path, exercise, status, json_file, text_file):
    results, state = read(path), read(state_path)
    graded = None
    if int(status) <= 1:
        try:
            with open(json_file) as f:
                graded = json.load(f)
        except (OSError, ValueError):
            graded = None
    if graded is None:
        results["tests"].append(grading_error(exercise, text_file))
    else:
        results["tests"].extend(graded.get("tests", []))
        results["execution_time"] += graded.get("execution_time", 0)
        if graded.get("leaderboard"):
            results.setdefault("leaderboard", []).extend(graded["leaderboard"])
    state["graded"].append(exercise)
    summary(results, state, finished=False)
    write(state_path, state)
    write(path, results)


def finish(path, state_path):
    results = read(path)
    summary(results, read(state_path), finished=True)
    write(path, results)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"start": lambda: start(args[0], args[1], args[2], args[3:]),
     "add": lambda: add(*args),
     "finish": lambda: finish(*args)}[command]()
