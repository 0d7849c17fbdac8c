#include "stress.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace grader {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

StressOptions options(unsigned runs, std::chrono::seconds budget = 600s, std::uint64_t replay = 0) {
  return {runs, budget, replay};
}

TestOutcome passed(const std::string& name) {
  TestOutcome outcome;
  outcome.name = name;
  outcome.status = TestStatus::kPassed;
  return outcome;
}

// A runner that records the runs it was given and advances a fake clock by
// each test's quiet time, so that budgets are kept without any real time.
struct FakeRuns {
  std::vector<StressCandidate> candidates;
  std::vector<StressRun> runs;
  Clock::time_point time{};
  std::set<std::pair<std::size_t, unsigned>> failing;  // (test index, run) that fail

  StressRunner runner() {
    return [this](const StressRun& run) {
      runs.push_back(run);
      for (const auto& c : candidates)
        if (c.index == run.index) time += c.normal_wall;
      TestOutcome outcome = passed(candidates[run.index].name);
      if (failing.count({run.index, run.run}) > 0) outcome.status = TestStatus::kTimedOut;
      return outcome;
    };
  }
  StressClock clock() {
    return [this] { return time; };
  }
  std::vector<std::size_t> order() const {
    std::vector<std::size_t> indices;
    for (const auto& r : runs) indices.push_back(r.index);
    return indices;
  }
};

FakeRuns three_tests() {
  FakeRuns fake;
  fake.candidates = {{0, "A.Slow", 300ms, false}, {1, "A.Quick", 100ms, false}, {2, "A.Middle", 200ms, false}};
  return fake;
}

TEST(StressSeed, IsTheSameForTheSameGradingTestAndRun) {
  EXPECT_EQ(stress_seed(12345, "WaitGroup.ReusableAfterReachingZero", 1),
            stress_seed(12345, "WaitGroup.ReusableAfterReachingZero", 1));
}

TEST(StressSeed, DiffersBetweenRunsTestsAndGradings) {
  std::set<std::uint64_t> seeds;
  for (unsigned grading : {1u, 2u, 12345u})
    for (const char* test : {"A.One", "A.Two", "B.One"})
      for (unsigned run = 0; run < 5; ++run) seeds.insert(stress_seed(grading, test, run));
  EXPECT_EQ(seeds.size(), 3u * 3u * 5u);
}

TEST(StressSeed, IsNeverZeroAndFitsInThirtyTwoBits) {
  // 0 means "no noise" to the noise library; short seeds are easy to type.
  for (unsigned grading = 0; grading < 200; ++grading)
    for (unsigned run = 0; run < 20; ++run) {
      std::uint64_t seed = stress_seed(grading, "T.t", run);
      EXPECT_NE(seed, 0u);
      EXPECT_LE(seed, 0xffffffffull);
    }
}

TEST(StressSchedule, RunsRoundByRoundCheapestTestFirst) {
  FakeRuns fake = three_tests();
  StressSummary summary = run_stress_schedule(fake.candidates, options(2), 7, 1, fake.runner(), fake.clock());
  EXPECT_EQ(fake.order(), (std::vector<std::size_t>{1, 2, 0, 1, 2, 0}));
  EXPECT_EQ(summary.planned, 6u);
  EXPECT_EQ(summary.done, 6u);
  EXPECT_FALSE(summary.cut_short);
  EXPECT_TRUE(summary.too_long.empty());
  EXPECT_TRUE(summary.failures.empty());
  EXPECT_EQ(summary.wall, 1200ms);
}

TEST(StressSchedule, EachRunGetsTheSeedDerivedFromTheGradingSeed) {
  FakeRuns fake = three_tests();
  run_stress_schedule(fake.candidates, options(2), 7, 1, fake.runner(), fake.clock());
  for (const auto& run : fake.runs) EXPECT_EQ(run.seed, stress_seed(7, fake.candidates[run.index].name, run.run));
}

TEST(StressSchedule, TheSameGradingSeedReplaysTheSameRuns) {
  FakeRuns first = three_tests(), second = three_tests();
  run_stress_schedule(first.candidates, options(3), 99, 1, first.runner(), first.clock());
  run_stress_schedule(second.candidates, options(3), 99, 1, second.runner(), second.clock());
  ASSERT_EQ(first.runs.size(), second.runs.size());
  for (std::size_t i = 0; i < first.runs.size(); ++i) {
    EXPECT_EQ(first.runs[i].index, second.runs[i].index);
    EXPECT_EQ(first.runs[i].run, second.runs[i].run);
    EXPECT_EQ(first.runs[i].seed, second.runs[i].seed);
  }
}

TEST(StressSchedule, AReplaySeedIsUsedForEveryRun) {
  FakeRuns fake = three_tests();
  run_stress_schedule(fake.candidates, options(2, 600s, 424242), 7, 1, fake.runner(), fake.clock());
  ASSERT_EQ(fake.runs.size(), 6u);
  for (const auto& run : fake.runs) EXPECT_EQ(run.seed, 424242u);
}

TEST(StressSchedule, StopsStartingRunsWhenTheBudgetWouldBeExceeded) {
  FakeRuns fake;
  fake.candidates = {{0, "A.One", 100ms, false}, {1, "A.Two", 100ms, false}, {2, "A.Three", 100ms, false}};
  // Each run takes 100 ms of fake time and is only started while twice that
  // still fits in 1 s: runs start at 0, 100, ..., 800 ms.
  StressSummary summary = run_stress_schedule(fake.candidates, options(5, 1s), 7, 1, fake.runner(), fake.clock());
  EXPECT_EQ(summary.planned, 15u);
  EXPECT_EQ(summary.done, 9u);
  EXPECT_EQ(fake.runs.size(), 9u);
  EXPECT_TRUE(summary.cut_short);
  // Round by round: the cut leaves every test with three runs.
  EXPECT_EQ(fake.order(), (std::vector<std::size_t>{0, 1, 2, 0, 1, 2, 0, 1, 2}));
}

TEST(StressSchedule, ATestOneRunOfWhichWouldNotFitIsNotStressed) {
  FakeRuns fake;
  fake.candidates = {{0, "A.Huge", 3s, false}, {1, "A.Small", 100ms, false}};
  StressSummary summary = run_stress_schedule(fake.candidates, options(2, 5s), 7, 1, fake.runner(), fake.clock());
  EXPECT_EQ(summary.too_long, (std::vector<std::string>{"A.Huge"}));
  EXPECT_EQ(fake.order(), (std::vector<std::size_t>{1, 1}));
  EXPECT_FALSE(summary.cut_short);
}

TEST(StressSchedule, AFailedTestIsNotRunAgainAndItsFirstFailureIsKept) {
  FakeRuns fake = three_tests();
  fake.failing = {{2, 1}, {2, 2}};
  StressSummary summary = run_stress_schedule(fake.candidates, options(4), 7, 1, fake.runner(), fake.clock());
  ASSERT_EQ(summary.failures.size(), 1u);
  const StressFailure& failure = summary.failures.at(2);
  EXPECT_EQ(failure.run.run, 1u);
  EXPECT_EQ(failure.run.seed, stress_seed(7, "A.Middle", 1));
  EXPECT_EQ(failure.outcome.status, TestStatus::kTimedOut);
  EXPECT_EQ(fake.order(), (std::vector<std::size_t>{1, 2, 0, 1, 2, 0, 1, 0, 1, 0}));
  EXPECT_EQ(summary.done, 10u);
  EXPECT_FALSE(summary.cut_short);
}

// Issue 16: a test whose normal run failed or hung has lost its points; it
// is not run again under noise.
// "37 runs in 11.6 s; cut short by the 20 s budget" read as a contradiction:
// the message says why runs stopped before the budget was spent.
TEST(StressDescription, SaysWhyRunsStoppedBeforeTheBudgetWasSpent) {
  StressContext context;
  context.options = options(5, 20s);
  StressSummary summary;
  summary.planned = 50;
  summary.done = 37;
  summary.cut_short = true;
  summary.wall = 11600ms;
  std::string text = describe_stress(summary, context);
  EXPECT_NE(text.find("37 run(s) in 11.6 s; the other 13 were not started, since each could run past the 20 s "
                      "budget"),
            std::string::npos)
      << text;
  summary.cut_short = false;
  EXPECT_EQ(describe_stress(summary, context).find("not started"), std::string::npos);
}

TEST(StressCandidates, OnlyTestsThatPassedAreStressed) {
  Rubric rubric;
  rubric.tests = {{"A.Pass", 1, ""}, {"A.Fail", 1, ""}, {"A.Hang", 1, ""}, {"A.Crash", 1, ""}, {"A.Racy", 1, ""}};
  std::vector<TestOutcome> outcomes = {passed("A.Pass"), passed("A.Fail"), passed("A.Hang"), passed("A.Crash"),
                                       passed("A.Racy")};
  outcomes[1].status = TestStatus::kFailed;
  outcomes[2].status = TestStatus::kTimedOut;
  outcomes[3].status = TestStatus::kCrashed;
  outcomes[4].tsan_reports.push_back(TsanReport{});
  outcomes[0].wall = 42ms;
  std::vector<StressCandidate> candidates = stress_candidates(rubric, outcomes);
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].name, "A.Pass");
  EXPECT_EQ(candidates[0].normal_wall, 42ms);
  EXPECT_FALSE(candidates[0].normal_reported);
  EXPECT_EQ(candidates[1].index, 4u);
  EXPECT_TRUE(candidates[1].normal_reported) << "a race already reported is no news under noise";
}

// Issue 16: once a stress run of a test times out, its remaining repeats are
// not started (each would cost the whole time limit again).
TEST(StressSchedule, ATimedOutTestsLaterRepeatsAreNotRun) {
  FakeRuns fake = three_tests();
  fake.failing = {{0, 0}};  // A.Slow hangs in its first stress run
  StressSummary summary = run_stress_schedule(fake.candidates, options(3), 7, 1, fake.runner(), fake.clock());
  std::vector<std::size_t> order = fake.order();
  EXPECT_EQ(std::count(order.begin(), order.end(), 0u), 1) << "A.Slow ran once";
  ASSERT_EQ(summary.failures.count(0), 1u);
  EXPECT_EQ(summary.failures.at(0).outcome.status, TestStatus::kTimedOut);
  EXPECT_EQ(summary.done, 7u) << "3 runs each of the two others, one of A.Slow";
}

TEST(StressSchedule, RunsOnSeveralJobsDoEveryRun) {
  std::vector<StressCandidate> candidates;
  for (std::size_t i = 0; i < 6; ++i) candidates.push_back({i, "T.t" + std::to_string(i), 10ms, false});
  std::atomic<int> calls{0};
  StressSummary summary = run_stress_schedule(candidates, options(3), 1, 3, [&](const StressRun& run) {
    ++calls;
    return passed(candidates[run.index].name);
  });
  EXPECT_EQ(calls.load(), 18);
  EXPECT_EQ(summary.done, 18u);
  EXPECT_FALSE(summary.cut_short);
}

TEST(FailedUnderNoise, AFailureAHangOrACrashIs) {
  for (TestStatus status :
       {TestStatus::kFailed, TestStatus::kTimedOut, TestStatus::kCrashed, TestStatus::kExitedEarly}) {
    TestOutcome outcome = passed("T.t");
    outcome.status = status;
    EXPECT_TRUE(failed_under_noise(false, outcome));
  }
}

TEST(FailedUnderNoise, ARaceReportIsUnlessTheNormalRunHadOneToo) {
  TestOutcome outcome = passed("T.t");
  EXPECT_FALSE(failed_under_noise(false, outcome));
  outcome.tsan_reports.push_back(TsanReport{});
  EXPECT_TRUE(failed_under_noise(false, outcome));
  EXPECT_FALSE(failed_under_noise(true, outcome));
}

}  // namespace
}  // namespace grader
