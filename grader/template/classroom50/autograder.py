#!/usr/bin/env python3
"""Classroom 50's autograder for the course (written by `grader classroom50`).

Classroom 50's runner.py runs it once per submission, as its contract says
(wiki/Advanced-Autograding.md, "Contract"): the working directory is the
student's checkout, CLASSROOM50_BUNDLE_DIR is this directory, the identity
is in CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, OWNER, COMMIT_URL, ... It

  1. lets the sandbox and ThreadSanitizer work on a hosted runner, when it
     may (sudo without a password): Ubuntu 24.04 forbids the unprivileged
     user namespaces bubblewrap needs (actions/runner-images#10443), and
     randomises more address bits than ThreadSanitizer maps around;
  2. builds the course from template/ beside it (no reference source, no
     hidden test: this directory is served from the teacher's Pages);
  3. grades the checkout's solutions/ (an exercise missing there is graded
     as the stub it started as) with the course's grader, which writes
     ./result.json (v1, score in tenths of a point), ./release-body.md and
     the release assets classroom50.json lists.

The grader renders every file; this script only runs it. Exit 0 whenever it
graded (points lost or not); 1 when it could not (the build failed, the
grader could not run): runner.py then publishes an error result.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(os.environ.get("CLASSROOM50_BUNDLE_DIR") or Path(__file__).parent).resolve()
TEMPLATE = HERE / "template"


def fail(message, log=""):
    """An infrastructure error: said as a workflow error, exit 1."""
    if log:
        print(log[-4000:], file=sys.stderr)
    # Column 0 and one line: the rest of `message` can start no other command.
    print("::error title=course autograder::" + " ".join(message.split()).replace("%", "%25"), file=sys.stderr)
    sys.exit(1)


def sysctl(name, value, when):
    """Sets a kernel setting with sudo when `when(current)`; says what it did."""
    path = Path("/proc/sys") / name.replace(".", "/")
    try:
        current = int(path.read_text().strip())
    except (OSError, ValueError):
        return
    if not when(current):
        return
    if shutil.which("sudo") is None:
        print(f"autograder: {name} is {current} and there is no sudo to change it")
        return
    done = subprocess.run(["sudo", "-n", "sysctl", "-w", f"{name}={value}"], capture_output=True, text=True)
    if done.returncode == 0:
        print(f"autograder: set {name}={value} (was {current})")
    else:
        print(f"autograder: could not set {name}={value}: {done.stderr.strip()}")


def build():
    log_path = Path(tempfile.gettempdir()) / "course-autograder-build.log"
    with open(log_path, "w") as log:
        for step in (["cmake", "--preset", "default"],
                     ["cmake", "--build", "--preset", "default", "--target", "grading_inputs"]):
            try:
                code = subprocess.run(step, cwd=TEMPLATE, stdout=log, stderr=subprocess.STDOUT).returncode
            except OSError as error:
                fail(f"cannot run {step[0]}: {error}. The assignment's runtime block installs it (apt)")
            if code != 0:
                fail(f"building the course failed ({' '.join(step)} exited {code}): see the log above",
                     log_path.read_text(errors="replace"))
    grader = TEMPLATE / "build" / "dev" / "grader" / "grader"
    if not os.access(grader, os.X_OK):
        fail(f"the course built, but {grader} is not there")
    return grader


def exercises():
    return sorted(p.parent.name for p in TEMPLATE.glob("exercises/[0-9][0-9]_*/rubric.json"))


def submission(workspace):
    """The checkout's solutions/ when it has every exercise; else a copy of
    the template's stubs with the student's exercises over them."""
    handed_in = workspace / "solutions"
    names = exercises()
    if handed_in.is_dir() and not handed_in.is_symlink() and all((handed_in / n).is_dir() for n in names):
        return handed_in
    scratch = Path(tempfile.mkdtemp(prefix="course-submission-", dir=os.environ.get("RUNNER_TEMP") or None))
    merged = scratch / "solutions"
    shutil.copytree(TEMPLATE / "solutions", merged, symlinks=True)
    for name in names:
        theirs = handed_in / name
        if handed_in.is_dir() and not handed_in.is_symlink() and theirs.is_dir() and not theirs.is_symlink():
            shutil.rmtree(merged / name)
            shutil.copytree(theirs, merged / name, symlinks=True)  # links stay links: the grader refuses them
            print(f"autograder: graded {name} from the checkout")
        else:
            print(f"autograder: no solutions/{name} in the checkout: graded as its stub")
    return merged


def remove(path):
    """A file the grader is about to write, gone first: whatever the student
    committed under that name (a link, a directory) is not written through."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def main():
    workspace = Path.cwd()
    config = json.loads((HERE / "classroom50.json").read_text())
    sysctl("kernel.apparmor_restrict_unprivileged_userns", 0, lambda v: v != 0)
    sysctl("vm.mmap_rnd_bits", 28, lambda v: v > 28)
    grader = build()

    outputs = [workspace / "result.json", workspace / "release-body.md"]
    command = [str(grader), "grade", "--toolchain", str(TEMPLATE / "build" / "dev" / "course_toolchain.json"),
               "--submission", str(submission(workspace)), "--format", "classroom50", "--out", str(outputs[0])]
    for asset in config["release_assets"]:
        outputs.append(workspace / asset["path"])
        command += [asset["grader_option"], str(outputs[-1])]
    command += config.get("grade_args", [])
    for path in outputs:
        remove(path)
    sys.stdout.flush()
    try:
        code = subprocess.run(command, stdin=subprocess.DEVNULL).returncode
    except OSError as error:
        fail(f"cannot run the grader: {error}")
    # 0: full marks, 1: points lost; both graded. 2: the grader said why it could not.
    if code not in (0, 1) or not outputs[0].is_file():
        fail(f"the grader could not grade this submission (exit {code}): its last lines above say why")
    return 0


if __name__ == "__main__":
    sys.exit(main())
