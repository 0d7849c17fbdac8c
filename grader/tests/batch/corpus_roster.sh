# Sourced by batch tests: a roster made of corpus cases, each a student
# whose submission is assembled by grader/tests/corpus_assemble.py, the
# script the corpus test assembles its cases with.
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
  local expect=$case_dir/expect.json
  [ -f "$expect" ] || { echo "add_corpus_student: no corpus case $exercise/$case" >&2; return 1; }
  # Cases that grade other exercises beside it, or sit in an edited clone
  # of the course, are more than one directory: not a roster's student.
  if grep -qE '"(also_grade|repository_edits)"' "$expect"; then
    echo "add_corpus_student: $exercise/$case needs more than its exercise directory" >&2
    return 1
  fi
  python3 "$corpus_root/grader/tests/corpus_assemble.py" "$case_dir" "$roster/$student"
}
