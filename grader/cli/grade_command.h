// `grader grade`: grades the exercises of one submission and writes the report.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "command.h"
#include "stress.h"

namespace CLI {
class App;
}

namespace grader {

struct GradeCommand {
  std::filesystem::path submission;       // laid out like solutions/
  std::vector<std::string> exercises;     // ids or names ("01", "1", "01_concurrent_tasks"); empty: all
  std::filesystem::path toolchain;        // course_toolchain.json
  std::filesystem::path work_dir;         // empty: <course>/build/check/<submission>-<hash>
  std::filesystem::path json_out;         // the JSON report; empty: none
  std::filesystem::path html_out;         // report.html (html_report.h); empty: none
  std::filesystem::path annotations_out;  // GitHub Actions annotations (github_annotations.h); empty: none
  std::string format = "text";            // text, json, classroom, classroom50, github-annotations, gradescope or junit
  std::filesystem::path out;              // where `format` goes; empty: standard output
  unsigned jobs = 0;                      // 0: the cores this process may use
  unsigned seed = 0;                      // orders the performance pairs; 0: a fresh one
  bool always_measure = false;            // measure speed even where it earns nothing
  unsigned stress = kDefaultStressRuns;   // more runs of each passing test under scheduling noise (stress.h); 0: none
  unsigned stress_budget = static_cast<unsigned>(kDefaultStressBudget.count());  // seconds, per exercise
  std::uint64_t stress_seed = 0;       // not 0: every stress run uses this noise seed (a replay)
  bool hidden = false;                 // also grade the instructor's hidden tests, apart (hidden_tests.h)
  double time_limit_scale = 1;         // the rubric's test time limits times this (process_limits.h)
  std::filesystem::path machine_lock;  // shared with the machine's other graders (machine_lock.h); the CLI
                                       // defaults it to default_machine_lock_file(); empty: none
};

// Exit status: 0 full marks, 1 points lost. Throws GradingError when grading
// cannot run (the caller turns that into status 2).
int run_grade(const GradeCommand& command);

// Adds the `grade` subcommand, parsing into `grade` (which must outlive the
// app); the Command runs run_grade on it.
Command add_grade_command(CLI::App& app, GradeCommand& grade);

}  // namespace grader
