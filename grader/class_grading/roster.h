// A class's submissions for `grader batch`: one directory per student in a
// roster directory, and the share of them one shard grades.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

struct Student {
  std::string name;                  // the directory's name: the student's key in every output file
  std::filesystem::path dir;         // ROSTER/name
  std::filesystem::path submission;  // what `grader grade` grades: dir itself, or dir/solutions for a clone
  std::string problem;               // non-empty: why it is not a submission (then submission is empty)
};

// Every subdirectory of `roster` (hidden ones aside), in name order. A
// student's directory is laid out like solutions/ (it holds one of
// `exercise_dirs`, "01_concurrent_tasks"), or is a clone of the course
// (it holds solutions/ and exercises/: its solutions/ is graded). Anything
// else is kept with `problem` set, so that it gets a row that says so.
// Throws GradingError when the roster cannot be read, or names a student
// in a way that cannot be a file name of its own (all such names listed).
std::vector<Student> find_students(const std::filesystem::path& roster, const std::vector<std::string>& exercise_dirs);

// Why `name` cannot name a student's files ("" when it can): letters,
// digits, '.', '_' and '-', starting with a letter or digit, as GitHub user
// names and Classroom's repository names are.
std::string unsafe_name_reason(const std::string& name);

struct Shard {
  unsigned index = 0;  // 0 .. count-1
  unsigned count = 1;
};

// "I/N" as `--shard` takes it. Throws GradingError saying the form.
Shard parse_shard(const std::string& text);

// The shard of the student at `position` (in name order) when a class is
// split into `count`: position mod count, so that shards split a class
// evenly and each student belongs to exactly one of them.
unsigned shard_of(std::size_t position, unsigned count);

// The students shard `shard` grades: student k (in name order) goes to
// shard k mod count, so that shards split a class evenly and each student
// belongs to exactly one of them.
std::vector<Student> students_of(const std::vector<Student>& students, Shard shard);

}  // namespace grader
