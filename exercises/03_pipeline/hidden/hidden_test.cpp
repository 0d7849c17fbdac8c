// Hidden tests of exercise 03: the instructor's, never shipped in the
// student template, graded apart from the 100 points (grader grade --hidden).
// Each varies a public test so that a solution written to pass exactly the
// public tests, and no more, shows it: limits other than the public tests'
// (a pipeline tuned to {2, 3, 2}), a compute stage far faster or slower than
// fetch, and two pipelines running at once (state that outlives a call).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <course_testing/guarded_thread.h>
#include <course_testing/peak_counter.h>

#include "course/pipeline.h"

namespace {

using course::run_pipeline;
using course::StageLimits;
using course_testing::GuardedThreads;
using course_testing::PeakCounter;
using namespace std::chrono_literals;

std::vector<std::string> make_inputs(std::size_t count, const std::string& prefix = "") {
  std::vector<std::string> inputs;
  for (std::size_t i = 0; i < count; ++i) inputs.push_back(prefix + std::to_string(i));
  return inputs;
}

std::string describe_limits(const StageLimits& limits) {
  return "{fetchers " + std::to_string(limits.fetchers) + ", workers " + std::to_string(limits.workers) + ", buffer " +
         std::to_string(limits.buffer) + "}";
}

// "" if results[i] is "c(f(inputs[i]))" for every i, else what is wrong.
std::string check_results(const std::vector<std::string>& results, const std::vector<std::string>& inputs) {
  if (results.size() != inputs.size())
    return "run_pipeline returned " + std::to_string(results.size()) + " results for " + std::to_string(inputs.size()) +
           " inputs";
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    std::string want = "c(f(" + inputs[i] + "))";
    if (results[i] != want)
      return "result " + std::to_string(i) + " is \"" + results[i] + "\" where \"" + want +
             "\" belongs: one result per input, in input order";
  }
  return "";
}

struct Observed {
  int fetch_peak = 0;
  int compute_peak = 0;
  int alive_peak = 0;  // fetched values not yet computed, at the most
  std::string results;
};

// 300 inputs through `limits`, fetch taking `fetch_time` and compute
// `compute_time` (sleeps: they stand for waiting and for work, and only
// make the stages uneven; nothing is timed).
Observed run_observed(StageLimits limits, std::chrono::microseconds fetch_time,
                      std::chrono::microseconds compute_time) {
  const std::vector<std::string> inputs = make_inputs(300);
  PeakCounter fetching, computing, alive;
  auto fetch = [&](const std::string& input) {
    auto in = fetching.scope();
    std::this_thread::sleep_for(fetch_time);
    alive.enter();
    return "f(" + input + ")";
  };
  auto compute = [&](std::string fetched) {
    std::string result;
    {
      auto in = computing.scope();
      std::this_thread::sleep_for(compute_time);
      result = "c(" + fetched + ")";
    }
    alive.leave();
    return result;
  };
  Observed seen;
  seen.results = check_results(run_pipeline(inputs, fetch, compute, limits), inputs);
  seen.fetch_peak = fetching.peak();
  seen.compute_peak = computing.peak();
  seen.alive_peak = alive.peak();
  return seen;
}

void expect_within_limits(StageLimits limits, std::chrono::microseconds fetch_time,
                          std::chrono::microseconds compute_time) {
  Observed seen = run_observed(limits, fetch_time, compute_time);
  const int bound = static_cast<int>(limits.fetchers + limits.buffer + limits.workers);
  EXPECT_EQ(seen.results, "") << "with limits " << describe_limits(limits);
  EXPECT_LE(seen.fetch_peak, static_cast<int>(limits.fetchers))
      << "with limits " << describe_limits(limits) << ", " << seen.fetch_peak << " fetches ran at once";
  EXPECT_LE(seen.compute_peak, static_cast<int>(limits.workers))
      << "with limits " << describe_limits(limits) << ", " << seen.compute_peak << " computes ran at once";
  EXPECT_LE(seen.alive_peak, bound) << "with limits " << describe_limits(limits) << ", " << seen.alive_peak
                                    << " fetched values were alive at once: at most fetchers + buffer + workers = "
                                    << bound;
}

// Limits the public tests never use, with the slow stage on either side.
TEST(HiddenPipeline, OtherLimitsKeepOrderAndBounds) {
  expect_within_limits({4, 2, 3}, 50us, 400us);   // compute the slow stage: the fetchers must wait
  expect_within_limits({1, 5, 1}, 300us, 20us);   // fetch the slow stage: the workers must wait
  expect_within_limits({3, 3, 8}, 100us, 300us);  // a buffer larger than either stage
}

// Two pipelines at once, from two threads, with inputs of their own: each
// gets its own results, in its own order. State kept in a static or a
// global (a shared channel, a shared next-input counter) mixes them.
TEST(HiddenPipeline, TwoPipelinesAtOnceKeepTheirOwnItems) {
  constexpr int kRuns = 2;
  std::vector<std::string> problems(kRuns);  // slot i written by caller i only
  GuardedThreads callers;
  for (int r = 0; r < kRuns; ++r) {
    callers.start([&, r] {
      const std::vector<std::string> inputs = make_inputs(200 + 37 * r, "run" + std::to_string(r) + "-");
      auto fetch = [](const std::string& input) {
        std::this_thread::sleep_for(50us);
        return "f(" + input + ")";
      };
      auto compute = [](std::string fetched) { return "c(" + fetched + ")"; };
      problems[r] = check_results(run_pipeline(inputs, fetch, compute, {2, 2, 2}), inputs);
    });
  }
  callers.join_all();
  ASSERT_EQ(callers.failures(), "") << "run_pipeline threw";
  for (int r = 0; r < kRuns; ++r)
    EXPECT_EQ(problems[r], "") << "pipeline " << r << " of " << kRuns << " running at the same time: each call "
                               << "must keep its items to itself (no static or global state)";
}

}  // namespace
