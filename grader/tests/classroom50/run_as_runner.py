#!/usr/bin/env python3
"""Runs a `grader classroom50` autograder as Classroom 50's runner.py runs it
(cli/gh-teacher/skeleton/dotgithub/scripts/runner.py, main() and the stages
it calls), without the network:

  publish-pages.yaml  tars CLASSROOM/autograders/ASSIGNMENT/ as ASSIGNMENT.tar.gz,
                      `-C autograders ASSIGNMENT` (the layout ASSIGNMENT/<files>);
  fetch_bundle        refuses more than MAX_FETCH_BYTES (10 MiB), extracts into the
                      runtime dir (tarfile filter="data" from Python 3.12);
  resolve_entrypoint  RUNTIME/ASSIGNMENT/autograder.py;
  run_entrypoint      [sys.executable, autograder.py], cwd the student's checkout,
                      env: the runner's own plus CLASSROOM50_BUNDLE_DIR (RUNTIME/
                      ASSIGNMENT, resolved), USERNAME, OWNER, ASSIGNMENT_TYPE,
                      COMMIT_URL, RELEASE_URL, REVIEW_URL; non-zero exit = error;
  finalize_result     reads ./result.json, stamps owner, assignment_type,
                      datetime, graded_at, submitted_by, writes it back.

  run_as_runner.py CLASSROOM50_OUT CLASSROOM ASSIGNMENT CHECKOUT RUNTIME_PARENT OWNER
Exit 0 when the autograder exited 0 and left result.json; else 1, saying why.
"""
import datetime
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

MAX_FETCH_BYTES = 10 * 1024 * 1024


def main(out, classroom, assignment, checkout, runtime_parent, owner):
    checkout = Path(checkout).resolve()
    runtime_parent = Path(runtime_parent).resolve()
    tarball = subprocess.run(["tar", "-cz", "-C", str(Path(out) / classroom / "autograders"), assignment],
                             check=True, capture_output=True).stdout
    print(f"run_as_runner: bundle {len(tarball)} bytes")
    if len(tarball) > MAX_FETCH_BYTES:
        print(f"run_as_runner: the bundle is over runner.py's {MAX_FETCH_BYTES}-byte ceiling")
        return 1
    runtime = runtime_parent / "classroom50-runtime"  # runner.py runtime_root() under RUNNER_TEMP
    shutil.rmtree(runtime, ignore_errors=True)
    runtime.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        if sys.version_info >= (3, 12):
            tar.extractall(path=runtime, filter="data")
        else:
            tar.extractall(path=runtime)
    entrypoint = runtime / assignment / "autograder.py"
    if not entrypoint.is_file():
        print(f"run_as_runner: no {entrypoint}: runner.py would fall back to the classroom default")
        return 1
    for stale in ("result.json", "release-body.md"):
        (checkout / stale).unlink(missing_ok=True)

    server, repo, sha = "https://github.com", f"org/{classroom}-{assignment}-{owner}", "0" * 40
    tag = "submit/2026-06-01T14-32-05Z-0000000"
    env = dict(os.environ)
    env.update({
        "PAGES_BASE_URL": "https://org.github.io/classroom50", "CLASSROOM": classroom, "ASSIGNMENT": assignment,
        "SUBMISSION_TAG": tag, "GITHUB_REPOSITORY": repo, "GITHUB_SHA": sha, "GITHUB_SERVER_URL": server,
        "GITHUB_ACTOR": owner, "GITHUB_ACTIONS": "true", "RUNNER_TEMP": str(runtime_parent),
        "CLASSROOM50_BUNDLE_DIR": str((runtime / assignment).resolve()), "USERNAME": owner, "OWNER": owner,
        "ASSIGNMENT_TYPE": "individual", "COMMIT_URL": f"{server}/{repo}/commit/{sha}",
        "RELEASE_URL": f"{server}/{repo}/releases/tag/submit%2F2026-06-01T14-32-05Z-0000000",
        "REVIEW_URL": f"{server}/{repo}/commit/{sha}",
    })
    proc = subprocess.run([sys.executable, str(entrypoint)], cwd=str(checkout), env=env, check=False)
    if proc.returncode != 0:
        print(f"run_as_runner: autograder exited {proc.returncode}: runner.py would publish an error result")
        return 1
    result_path = checkout / "result.json"
    if not result_path.is_file():
        print("run_as_runner: autograder did not produce result.json")
        return 1
    result = json.loads(result_path.read_text())
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(result, dict):
        result.update({"owner": owner, "assignment_type": "individual", "datetime": now, "graded_at": now,
                       "submitted_by": {"username": owner, "id": None}})
        result_path.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:7]))
