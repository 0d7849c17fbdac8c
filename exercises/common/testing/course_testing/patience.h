// How long a test waits for something a correct program does almost at once.
//
// Tests never measure how fast code runs. Where they must wait for another
// thread (for a task to start, for a gate to open), they wait with this
// generous bound, so that a correct program passes even on a loaded machine
// under ThreadSanitizer, and a wrong one fails with a message instead of
// hanging until the grader's time limit.
#pragma once

#include <chrono>
#include <string>

namespace course_testing {

inline constexpr std::chrono::milliseconds kPatience{10'000};

// "10 s", "250 ms": a bound as a failure message shows it.
inline std::string describe(std::chrono::milliseconds bound) {
  if (bound.count() % 1000 == 0) return std::to_string(bound.count() / 1000) + " s";
  return std::to_string(bound.count()) + " ms";
}

}  // namespace course_testing
