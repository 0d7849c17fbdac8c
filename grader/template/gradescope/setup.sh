#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (choose the Ubuntu 24.04 base image: the course needs CMake 3.25 or later).
# It installs the course's packages and builds the student template that
# `grader gradescope` put beside it, so that run_autograder only grades.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
template=$here/template

bash "$template/.ci/deps"
version=$(cmake --version | sed -n 's/^cmake version \([0-9]*\.[0-9]*\).*/\1/p')
if ! printf '3.25\n%s\n' "$version" | sort -V -C; then
  echo "setup.sh: CMake $version is too old (the course needs 3.25): choose Ubuntu 24.04 as the base image" >&2
  exit 1
fi
cd "$template"
cmake --preset default
cmake --build --preset default --target grading_inputs
test -x build/dev/grader/grader
echo "the autograder is ready: $template/build/dev/grader/grader"
