// One suite of tests graded the one way every suite is: under the machine's
// shared lock (machine_lock.h: other graders' builds and tests may run
// beside it, a performance phase may not), build the submission against
// the suite's archive, start the program once to see that it starts
// (probe_startup), then run the chosen tests, each in a process of its
// own, `jobs` at once, slowest first. The public tests under the sanitizer,
// their optimised second run and the hidden tests are each a Suite; the
// stress runs share its lock, limits and runs (suite_test_run) but keep
// their own budgeted schedule (stress.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "explain.h"
#include "grading_phases.h"
#include "machine_lock.h"
#include "rubric.h"

namespace grader {

struct Suite {
  const Rubric* rubric = nullptr;  // not owned; outlives run_suite()
  BuildTarget target;
  std::filesystem::path sources_dir;  // the submission's exercise directory
  std::filesystem::path build_dir;    // the binary's: build_submission() writes it
  std::filesystem::path runs_dir;     // each run's artifacts in a directory of its own under it
  SourceDirs dirs;
  std::vector<std::size_t> tests;  // indices into rubric->tests
  // Run the tests all in one process first (passing_together) and alone only
  // those that did not pass there: a second opinion that costs one start-up
  // when everything passes.
  bool together_first = false;
  // Already built (a build started beside an earlier suite's tests): used
  // as it is, not built again.
  std::optional<BuildResult> built;
  // Run on a thread of its own while the tests run, once the program has
  // started, and waited for before run_suite() returns, so still under the
  // suite's shared lock: the next suite's build (issue 16: the optimised
  // build beside the sanitized tests). What it throws, run_suite() throws.
  std::function<void()> beside_tests;
};

// Where run_suite() runs: none of it owned, all of it outliving the call.
struct SuiteEnv {
  const GradingPhases* phases = nullptr;
  MachineLock* machine = nullptr;  // taken shared for the whole suite
  unsigned jobs = 1;
};

struct SuiteRun {
  BuildResult build;
  TestOutcome startup;                // the probe's; meaningless when the build failed
  std::vector<TestOutcome> outcomes;  // in rubric order; only the suite's `tests` are filled
  bool started() const { return build.ok && startup.status == TestStatus::kPassed; }
};

SuiteRun run_suite(const Suite& suite, const SuiteEnv& env);

// How test `index` of `rubric` runs from `binary`: its time limit from the
// limits table (process_limits.h), its artifacts in `artifacts`.
TestRun suite_test_run(const Rubric& rubric, std::size_t index, const std::filesystem::path& binary,
                       const std::filesystem::path& artifacts, const SourceDirs& dirs);

}  // namespace grader
