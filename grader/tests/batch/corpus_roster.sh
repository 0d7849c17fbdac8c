# Sourced by batch tests: a roster made of corpus cases, each a student
# whose submission is assembled as the corpus test assembles it
# (grader/tests/corpus_test.cpp): the base's files (the reference, or the
# stubs for "base": "solutions"), then the case's own files over them, with
# @COURSE_ROOT@ replaced by the course's root.
#
#   add_corpus_student ROSTER STUDENT EXERCISE_DIR CASE
#   corpus_expect EXERCISE_DIR CASE      prints the case's expect.json path

corpus_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)

corpus_expect() {
  echo "$corpus_root/grader/tests/corpus/$1/$2/expect.json"
}

add_corpus_student() {
  local roster=$1 student=$2 exercise=$3 case=$4
  local case_dir=$corpus_root/grader/tests/corpus/$exercise/$case
  local expect=$case_dir/expect.json base file
  [ -f "$expect" ] || { echo "add_corpus_student: no corpus case $exercise/$case" >&2; return 1; }
  # Cases that grade other exercises beside it, or sit in an edited clone
  # of the course, are more than one directory: not a roster's student.
  if grep -qE '"(also_grade|repository_edits)"' "$expect"; then
    echo "add_corpus_student: $exercise/$case needs more than its exercise directory" >&2
    return 1
  fi
  base=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("base", "reference"))' "$expect")
  mkdir -p "$roster/$student/$exercise"
  cp "$corpus_root/$base/$exercise"/* "$roster/$student/$exercise/"
  for file in "$case_dir"/*; do
    [ "$(basename "$file")" = expect.json ] && continue
    sed "s|@COURSE_ROOT@|$corpus_root|g" "$file" >"$roster/$student/$exercise/$(basename "$file")"
  done
}
