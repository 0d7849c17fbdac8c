// What the grader lets each process it starts on a student's behalf use:
// one table, so a build, a test and a benchmark are bounded in one place
// and the messages that name a limit name the one that was applied.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>

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

// --time-limit-scale: every test's limit times `scale`, rounded up, at
// least 1 s. Above 1 for a slow machine or a small container; below 1 to
// make a hang cheap (the corpus's hang cases). Below 1, a test the rubric
// gives a limit of its own keeps it: that limit says the test is slow
// (hundreds of threads under ThreadSanitizer on a busy machine), and a scale meant
// for hangs must not turn a slow test into one.
inline void scale_time_limits(Rubric& rubric, double scale) {
  auto scaled = [scale](int seconds) { return std::max(1, static_cast<int>(std::ceil(seconds * scale))); };
  rubric.test_timeout_seconds = scaled(rubric.test_timeout_seconds);
  if (scale < 1) return;
  for (RubricTest& test : rubric.tests)
    if (test.timeout_seconds > 0) test.timeout_seconds = scaled(test.timeout_seconds);
}

}  // namespace grader
