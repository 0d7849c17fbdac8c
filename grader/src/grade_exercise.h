// Grades one exercise of one submission: build under ThreadSanitizer, run
// every rubric test in a process of its own, score, explain.
#pragma once

#include <filesystem>
#include <string>

#include "report.h"
#include "stress.h"
#include "toolchain.h"

namespace grader {

struct GradeOptions {
  std::filesystem::path submission;   // absolute; laid out like solutions/
  std::filesystem::path work_dir;     // absolute; this submission's build and logs
  unsigned jobs = 2;                  // tests run at once
  unsigned cores = 1;                 // the cores the grader may use
  unsigned seed = 1;                  // orders the performance pairs (replay with --seed)
  bool always_measure = false;        // measure speed even when it cannot earn points (diagnosis only)
  StressOptions stress;               // more runs of the passing tests under scheduling noise (stress.h)
  // Shared by the graders of one machine (machine_lock.h): builds and tests
  // take it shared, the performance phase exclusive. Empty: no lock.
  std::filesystem::path machine_lock;
};

ExerciseResult grade_exercise(const Toolchain& toolchain, const std::string& id, const GradeOptions& options);

}  // namespace grader
