// Runs one test of a built exercise in a process of its own and says what
// happened, from evidence the grader collects itself: GoogleTest's JSON,
// the exit status, ThreadSanitizer's log, and gdb stacks when it hangs.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "stack_dump.h"
#include "tsan_log.h"

namespace grader {

enum class TestStatus {
  kPassed,
  kFailed,           // an assertion failed
  kNotImplemented,   // the student's stub threw course::NotImplemented
  kTimedOut,         // killed after the rubric's limit; `stacks` says where it was
  kCrashed,          // killed by a signal
  kExitedEarly,      // the process ended while the test was running
  kMissing,          // the test binary has no such test (a course fault)
};

struct TestOutcome {
  std::string name;
  TestStatus status = TestStatus::kFailed;
  std::string detail;             // the failure, crash or exit in words
  std::string file;               // where: the failing assertion or the crash
  int line = 0;
  std::vector<TsanReport> tsan_reports;
  std::vector<ThreadStack> stacks;
  std::filesystem::path artifacts;
  std::chrono::milliseconds wall{0};
  std::chrono::seconds timeout{0};  // the limit it ran under
};

struct TestRun {
  std::filesystem::path binary;
  std::string name;                     // "Suite.Test"
  std::chrono::seconds timeout{30};
  std::filesystem::path artifacts;      // a directory of its own, emptied first
  // Where a crash is reported: the first frame under one of these (the
  // student's directory, then the tests').
  std::vector<std::string> source_dirs;
  // Added to the test's environment (a stress run's COURSE_NOISE_SEED);
  // never replaces what the grader itself sets.
  std::map<std::string, std::string> env{};
};

TestOutcome run_test(const TestRun& run);

// Starts the test binary once without running a test (--gtest_list_tests),
// `run.name` unused: code that hangs or crashes before main (a global
// object's constructor) is caught once here instead of once per test.
// kPassed when the program started and listed its tests.
TestOutcome probe_startup(const TestRun& run);

}  // namespace grader
