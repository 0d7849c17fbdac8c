// What the grader lets each process it starts on a student's behalf use:
// one table, so a build, a test and a benchmark are bounded in one place
// and the messages that name a limit name the one that was applied.
#pragma once

#include <chrono>

#include "rubric.h"

namespace grader {

struct ProcessLimits {
  std::chrono::seconds time{0};  // wall time; for a test, the rubric's (see test_time_limit)
  long memory_kib = 0;
  int processes = 0;  // running at once
};

// A build of a few student files needs well under 1 GB and a handful of
// processes (ninja, the compiler driver, cc1plus, as, ld per file).
inline constexpr ProcessLimits kBuildLimits{std::chrono::seconds(300), 4l << 20, 64};
// Linking again the objects of a build (the stress binary): seconds, even on
// a busy machine.
inline constexpr ProcessLimits kLinkLimits{std::chrono::seconds(120), 4l << 20, 64};
// ThreadSanitizer's shadow memory makes a test need several times what it
// needs without; the course's tests need under 300 MB. A test needs one
// process; gdb and the symbolizer are started by others. Its time is the
// rubric's.
inline constexpr ProcessLimits kTestLimits{std::chrono::seconds(0), 2l << 20, 32};
// A benchmark run; its time is the bench spec's.
inline constexpr ProcessLimits kBenchLimits{std::chrono::seconds(120), 4l << 20, 32};

// A rubric test's time limit: its own, else the exercise's.
inline std::chrono::seconds test_time_limit(const Rubric& rubric, const RubricTest& test) {
  return std::chrono::seconds(test.timeout_seconds > 0 ? test.timeout_seconds : rubric.test_timeout_seconds);
}

}  // namespace grader
