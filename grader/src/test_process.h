// Runs one test of a built exercise in a process of its own and says what
// happened, from evidence the grader collects itself: the verdict and its
// failures as the harness sent them on the result channel
// (result_channel.h; GoogleTest's own files are never read), the exit
// status, ThreadSanitizer's log and its count of reports, and gdb stacks
// when it hangs.
//
// A run's directory (TestRun::artifacts) is the grader's: output.txt,
// stacks.txt and channel.txt (what the program sent) are written there and
// the test never sees it. The sandbox sees only a fresh, empty scratch/
// inside it, for what the process itself must write (ThreadSanitizer's
// tsan.* logs); what lies there is read only if it is a regular file, and a
// report whose file is gone or unreadable still counts (kUnreadableTsanReport).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stack_dump.h"
#include "tsan_log.h"

namespace grader {

enum class TestStatus {
  kPassed,
  kFailed,          // an assertion failed
  kNotImplemented,  // the student's stub threw course::NotImplemented
  kTimedOut,        // killed after the rubric's limit; `stacks` says where it was
  kCrashed,         // killed by a signal
  kExitedEarly,     // the process ended while the test was running
  kMissing,         // the test binary has no such test (a course fault)
};

struct TestOutcome {
  std::string name;
  TestStatus status = TestStatus::kFailed;
  std::string detail;  // the failure, crash or exit in words
  std::string file;    // where: the failing assertion or the crash
  int line = 0;
  std::vector<TsanReport> tsan_reports;
  std::vector<ThreadStack> stacks;
  std::filesystem::path artifacts;
  std::chrono::milliseconds wall{0};
  std::chrono::seconds timeout{0};  // the limit it ran under
};

struct TestRun {
  std::filesystem::path binary;
  std::string name;  // "Suite.Test"
  std::chrono::seconds timeout{30};
  std::filesystem::path artifacts;  // a directory of its own, emptied first (see above)
  // Where a crash is reported: the first frame under one of these (the
  // student's directory, then the tests'). The first is also where the
  // paths the build compiled at /submission are mapped (compiled_sources.h).
  std::vector<std::string> source_dirs;
  // A stress run's scheduling-noise seed, sent to the program on the
  // result channel (0: no noise; the program cannot tell the two apart).
  std::uint64_t noise_seed = 0;
};

// The kind of the TsanReport that stands for problems ThreadSanitizer
// reported (on the channel, or by its exit status) whose report file the
// test removed or made unreadable; its summary says so in words.
inline constexpr const char* kUnreadableTsanReport = "report removed or unreadable";

// The subdirectory of a run's artifacts the test may write.
inline constexpr const char* kScratchDir = "scratch";

// Thread-safety: run_test(), passing_together() and probe_startup() run on
// parallel_for threads (suite.h, stress.h), several at once: each touches
// only its own run's artifacts directory, so runs with distinct
// directories may overlap.
TestOutcome run_test(const TestRun& run);

// A test of a run together, and its own time limit.
struct TestLimit {
  std::string name;
  std::chrono::seconds limit{0};
};

struct TogetherResult {
  // The tests whose "passed" verdict came on the channel from a process
  // that ended by itself (no signal, no time limit, nothing left running).
  std::vector<std::string> passed;
  // The test the process was stopped in once it had run past its own limit
  // there: timed out, with its stacks, as run_test() would have said after
  // waiting its limit again. Then `passed` is empty.
  std::optional<TestOutcome> hung;
};

// Runs `tests` together, in one process of `run.binary` (`run.name`
// unused), for a second opinion that costs one start-up when everything
// passes. A test neither passed nor hung failed, or never ran because
// another one ended the process: it needs a run_test() of its own, which
// says what happened. `run.timeout` bounds the whole process; each test is
// also bounded by its own limit, counted from its "start" record on the
// channel (exercises/common/test_main.cpp). That record can be forged by the
// code under test, like every record: at worst it names another test as the
// hung one, or keeps the process alive until `run.timeout`, and each costs
// only the submission (a hung test fails; the rest run alone).
TogetherResult passing_together(const TestRun& run, const std::vector<TestLimit>& tests);

// Starts the test binary once without running a test (--gtest_list_tests),
// `run.name` unused: code that hangs or crashes before main (a global
// object's constructor) is caught once here instead of once per test.
// kPassed when the program started and listed its tests.
TestOutcome probe_startup(const TestRun& run);

}  // namespace grader
