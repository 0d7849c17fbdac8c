#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (base image Ubuntu 22.04 or newer: CMake 3.22 is the oldest the course
# builds with). It installs the course's packages and builds the student
# template that `grader gradescope` put beside it, so that run_autograder
# only grades.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
template=$here/template

bash "$template/.ci/deps"
version=$(cmake --version | sed -n 's/^cmake version \([0-9]*\.[0-9]*\).*/\1/p')
if ! printf '3.22\n%s\n' "$version" | sort -V -C; then
  echo "setup.sh: CMake $version is too old (the course needs 3.22): choose Ubuntu 22.04 or newer as the base image" >&2
  exit 1
fi
# The course is built and tested with g++ 12. Ubuntu 22.04's g++ is 11, and
# its g++-12 package is the same compiler as Debian 12's.
cxx=g++
if [ "$(g++ -dumpversion | cut -d. -f1)" -lt 12 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends g++-12 >/dev/null
  cxx=g++-12
fi
cd "$template"
cmake --preset default -DCMAKE_CXX_COMPILER="$cxx"
cmake --build --preset default --target grading_inputs
test -x build/dev/grader/grader
echo "the autograder is ready: $template/build/dev/grader/grader ($cxx $("$cxx" -dumpversion), CMake $version)"
