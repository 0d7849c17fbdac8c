// `grader grade`: grades the exercises of one submission and writes the report.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

struct GradeCommand {
  std::filesystem::path submission;     // laid out like solutions/
  std::vector<std::string> exercises;   // ids or names ("01", "1", "01_concurrent_tasks"); empty: all
  std::filesystem::path toolchain;      // course_toolchain.json
  std::filesystem::path work_dir;       // empty: <course>/build/check/<submission>-<hash>
  std::filesystem::path json_out;       // the JSON report; empty: none
  std::string format = "text";          // text, json, classroom, gradescope or junit
  std::filesystem::path out;            // where `format` goes; empty: standard output
  unsigned jobs = 0;                    // 0: the cores this process may use
  unsigned seed = 0;                    // orders the performance pairs; 0: a fresh one
  bool always_measure = false;          // measure speed even where it earns nothing
};

// Exit status: 0 full marks, 1 points lost. Throws GradingError when grading
// cannot run (the caller turns that into status 2).
int run_grade(const GradeCommand& command);

}  // namespace grader
