#include "suite.h"

#include <algorithm>
#include <future>
#include <mutex>
#include <shared_mutex>

#include "parallel_for.h"
#include "process_limits.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// Tests with a longer limit are the slow ones: starting them first keeps
// one slow test from running alone at the end.
std::vector<std::size_t> slowest_first(const Rubric& rubric, std::vector<std::size_t> tests) {
  std::stable_sort(tests.begin(), tests.end(), [&](std::size_t a, std::size_t b) {
    return test_time_limit(rubric, rubric.tests[a]) > test_time_limit(rubric, rubric.tests[b]);
  });
  return tests;
}

// The tests of `tests` that pass all in one process, marked passed in
// `outcomes`; returns the others, which need a process of their own.
std::vector<std::size_t> run_together(const Suite& suite, const SuiteEnv& env, const fs::path& binary,
                                      std::vector<TestOutcome>& outcomes) {
  const Rubric& rubric = *suite.rubric;
  std::vector<TestLimit> tests;
  std::chrono::seconds longest{0};
  for (std::size_t i : suite.tests) {
    tests.push_back({rubric.tests[i].name, test_time_limit(rubric, rubric.tests[i])});
    longest = std::max(longest, tests.back().limit);
  }
  TestRun run{binary, "together", longest, suite.runs_dir / "_together", {suite.dirs.submission, suite.dirs.tests}};
  TogetherResult together = env.phases->together(run, tests);
  std::vector<std::size_t> alone;
  for (std::size_t i : suite.tests) {
    const std::string& name = rubric.tests[i].name;
    if (std::find(together.passed.begin(), together.passed.end(), name) != together.passed.end()) {
      outcomes[i].name = name;
      outcomes[i].status = TestStatus::kPassed;
    } else if (together.hung && together.hung->name == name) {
      // A hang costs its limit once: not run again alone.
      outcomes[i] = *together.hung;
    } else {
      alone.push_back(i);
    }
  }
  return alone;
}

}  // namespace

TestRun suite_test_run(const Rubric& rubric, std::size_t index, const fs::path& binary, const fs::path& artifacts,
                       const SourceDirs& dirs) {
  const RubricTest& test = rubric.tests[index];
  return {binary, test.name, test_time_limit(rubric, test), artifacts, {dirs.submission, dirs.tests}};
}

SuiteRun run_suite(const Suite& suite, const SuiteEnv& env) {
  const Rubric& rubric = *suite.rubric;
  std::shared_lock sharing(*env.machine);
  SuiteRun result;
  result.build = suite.built ? *suite.built
                             : env.phases->build(suite.target, suite.sources_dir, suite.build_dir, kBuildLimits.time);
  if (!result.build.ok) return result;
  const fs::path& binary = result.build.binary;
  result.startup = env.phases->probe({binary,
                                      "start-up",
                                      std::chrono::seconds(rubric.test_timeout_seconds),
                                      suite.runs_dir / "_start-up",
                                      {suite.dirs.submission, suite.dirs.tests}});
  if (!result.started()) return result;
  result.outcomes.resize(rubric.tests.size());
  // Joined (its destructor waits) before `sharing` is let go, even when a test throws.
  std::future<void> beside;
  if (suite.beside_tests) beside = std::async(std::launch::async, suite.beside_tests);
  std::vector<std::size_t> alone =
      suite.together_first ? run_together(suite, env, binary, result.outcomes) : suite.tests;
  std::vector<std::size_t> order = slowest_first(rubric, alone);
  parallel_for(order.size(), env.jobs, [&](std::size_t k) {
    std::size_t i = order[k];
    result.outcomes[i] =
        env.phases->run(suite_test_run(rubric, i, binary, suite.runs_dir / rubric.tests[i].name, suite.dirs));
  });
  if (beside.valid()) beside.get();
  return result;
}

}  // namespace grader
