#include "performance.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

// Figures of a pair of runs: wall and CPU time per run of the job set.
PerformanceMeasurement Measured(double student_ns, double student_cpu_ns, double reference_ns,
                                double reference_cpu_ns, bool busy) {
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

}  // namespace
}  // namespace grader
