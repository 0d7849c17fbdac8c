// A bounded wait for something another thread does: the tests' way of
// waiting without measuring time. A correct program makes `condition` true
// almost at once; a wrong one leaves it false, and the test fails with a
// message after `bound` instead of hanging until the grader's time limit.
#pragma once

#include <chrono>
#include <thread>

#include <course_testing/patience.h>

namespace course_testing {

// Checks `condition` every millisecond until it holds or `bound` passes.
// True if it held. `condition` runs on the calling thread only, so it may
// refer to the caller's locals; what it reads from other threads must be
// synchronised (an atomic, a mutex).
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds bound = kPatience) {
  auto deadline = std::chrono::steady_clock::now() + bound;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace course_testing
