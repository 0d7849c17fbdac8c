#include "performance.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

// Figures of a pair of runs: wall and CPU time per run of the job set.
PerformanceMeasurement Measured(double student_ns, double student_cpu_ns, double reference_ns, double reference_cpu_ns,
                                bool busy) {
  PerformanceMeasurement m;
  m.student_ns = student_ns;
  m.student_cpu_ns = student_cpu_ns;
  m.reference_ns = reference_ns;
  m.reference_cpu_ns = reference_cpu_ns;
  m.summary.median_ratio = student_ns / reference_ns;
  m.summary.pairs = 7;
  m.busy_machine = busy;
  return m;
}

// The rubric of the course's "score" benchmarks: 25 points, full within
// 1.1x of the reference's time, none from 2x.
PerformanceRubric ScoreRubric() {
  PerformanceRubric rubric;
  rubric.benchmark = "score";
  rubric.points = 25;
  rubric.full_at = 1.1;
  rubric.zero_at = 2.0;
  return rubric;
}

TEST(ScoredRatio, IsTheMeasuredRatioOnAQuietMachine) {
  // A serial pool on a quiet 2-core machine: the ratio already shows it.
  EXPECT_DOUBLE_EQ(scored_ratio(Measured(140, 140, 70, 139, false), 2), 2.0);
}

TEST(ScoredRatio, SetsSerialCodeAgainstTheReferencesCpuTimeOnABusyMachine) {
  // Another program holds one core: the reference gets 1.33 cores, the
  // serial pool still its one, and the measured ratio (1.33) flatters it.
  PerformanceMeasurement m = Measured(140, 140, 105, 140, true);
  EXPECT_NEAR(scored_ratio(m, 2), 2.0, 1e-9);
  EXPECT_NEAR(m.summary.median_ratio, 1.33, 0.01);
}

TEST(ScoredRatio, LeavesParallelCodeAloneOnABusyMachine) {
  // The reference graded as a submission, both sides slowed alike.
  EXPECT_DOUBLE_EQ(scored_ratio(Measured(104, 140, 105, 140, true), 2), 104.0 / 105.0);
}

TEST(ScoredRatio, LeavesOneCoreMachinesAlone) {
  EXPECT_DOUBLE_EQ(scored_ratio(Measured(140, 140, 140, 140, true), 1), 1.0);
}

TEST(ScoredRatio, NeedsTheReferenceToHaveUsedMoreThanOneCore) {
  // The load left the reference one core too: nothing says the student's
  // code would do worse on a quiet machine.
  EXPECT_DOUBLE_EQ(scored_ratio(Measured(140, 140, 139, 139, true), 2), 140.0 / 139.0);
}

TEST(FairlyMeasured, UnlessTheLoadLeftTheReferenceOneCore) {
  EXPECT_TRUE(fairly_measured(Measured(140, 140, 70, 139, false), 2));
  EXPECT_TRUE(fairly_measured(Measured(140, 140, 105, 140, true), 2));
  EXPECT_FALSE(fairly_measured(Measured(148, 140, 148, 150, true), 2));
  EXPECT_TRUE(fairly_measured(Measured(148, 140, 148, 150, true), 1));
}

// The two times and the ratio beside them are different medians: the
// message says which, and over how many pairs.
TEST(PerformanceCheck, SaysWhatTheRatioIs) {
  PerformanceMeasurement m = Measured(70, 70, 140, 139, false);
  m.summary.pairs = 7;
  PerformanceRubric rubric = ScoreRubric();
  Check check = performance_check(m, rubric, 2);
  EXPECT_NE(check.message.find("(median times)"), std::string::npos) << check.message;
  EXPECT_NE(check.message.find("the median of your time / the reference's over 7 pairs"), std::string::npos)
      << check.message;
}

// Each curve point shows its rounds' spread, and a point that every round
// measured on a loaded machine is marked, with the mark explained.
TEST(PerformanceCheck, CurveRowsShowTheirSpreadAndMarkDisturbedPoints) {
  PerformanceMeasurement m = Measured(70, 70, 140, 139, false);
  m.curve = {{.name = "cpu_heavy/workers:1",
              .student_ns = 100e6,
              .reference_ns = 100e6,
              .student_low_ns = 95e6,
              .student_high_ns = 105e6},
             {.name = "cpu_heavy/workers:2", .student_ns = 52e6, .reference_ns = 51e6, .disturbed = true}};
  PerformanceRubric rubric = ScoreRubric();
  Check check = performance_check(m, rubric, 2);
  EXPECT_NE(check.message.find("the median of 3 runs"), std::string::npos) << check.message;
  EXPECT_NE(check.message.find("100.0 ms ±5%"), std::string::npos) << check.message;
  std::size_t row = check.message.find("cpu_heavy/workers:2");
  ASSERT_NE(row, std::string::npos);
  std::string line = check.message.substr(row, check.message.find('\n', row) - row);
  EXPECT_EQ(line.substr(line.size() - 2), " *") << line;
  EXPECT_NE(check.message.find("* measured while other programs loaded the machine"), std::string::npos);
  m.curve[1].disturbed = false;
  EXPECT_EQ(performance_check(m, rubric, 2).message.find("* measured while"), std::string::npos);
}

// Twice as fast as the reference, but the benchmark found a wrong answer
// among those it timed: no speed points, and the student is told what was
// wrong and how to replay the run.
TEST(PerformanceCheck, FastButWrongEarnsNothing) {
  PerformanceMeasurement m = Measured(70, 70, 140, 139, false);
  PerformanceRubric rubric = ScoreRubric();
  ASSERT_EQ(performance_check(m, rubric, 2).points, 25) << "the same figures, right answers: full points";

  m.problem = "score: wrong results: bin 3 holds 7 where the plain loop counts 9";
  m.wrong_results = true;
  m.problem_seed = 12345;
  Check check = performance_check(m, rubric, 2);
  EXPECT_EQ(check.points, 0);
  EXPECT_EQ(check.status, CheckStatus::kFail);
  EXPECT_NE(check.message.find("fast but wrong"), std::string::npos) << check.message;
  EXPECT_NE(check.message.find("the benchmark found wrong results in score: bin 3 holds 7"), std::string::npos)
      << check.message;
  EXPECT_NE(check.message.find("--course_seed=12345."), std::string::npos) << check.message;
}

// Slower than full marks but faster than zero: partial, not a failure;
// slower than zero: a failure.
TEST(PerformanceCheck, BetweenZeroAndFullIsPartial) {
  PerformanceRubric rubric = ScoreRubric();
  Check between = performance_check(Measured(150, 150, 100, 99, false), rubric, 2);
  EXPECT_GT(between.points, 0);
  EXPECT_LT(between.points, 25);
  EXPECT_EQ(between.status, CheckStatus::kPartial);
  EXPECT_EQ(performance_check(Measured(250, 250, 100, 99, false), rubric, 2).status, CheckStatus::kFail);
  EXPECT_EQ(performance_check(Measured(70, 70, 140, 139, false), rubric, 2).status, CheckStatus::kPass);
}

}  // namespace
}  // namespace grader
