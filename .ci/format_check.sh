#!/bin/sh
# Fails when a tracked C++ file is not formatted as .clang-format says.
#
#   .ci/format_check.sh            check every tracked .h/.cpp file
#   .ci/format_check.sh FILE...    check these files only
#
# Excluded, because their bytes are the test: nothing yet. A folder whose
# files must not change carries a .clang-format with `DisableFormat: true`,
# which clang-format obeys here too. The corpus cases are formatted like the
# reference they copy, so that each still differs from it only in its bug.
set -eu
cd "$(dirname "$0")/.."
format=${CLANG_FORMAT:-clang-format-14}
if ! command -v "$format" >/dev/null 2>&1; then
  echo "format_check: $format not found (apt-get install clang-format-14, or set CLANG_FORMAT)" >&2
  exit 2
fi
if [ "$#" -eq 0 ]; then
  set -- $(git ls-files '*.h' '*.cpp')
fi
if "$format" --style=file --dry-run -Werror "$@"; then
  echo "format_check: $# files formatted as .clang-format says"
else
  echo "format_check: the files above are not formatted; run: $format -i --style=file FILE..." >&2
  exit 1
fi
