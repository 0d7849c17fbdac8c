#include "diagnosis.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

// A healthy two-core run: both cores busy, little kernel time, few switches.
Evidence healthy() {
  Evidence e;
  e.cores_busy = 1.9;
  e.reference_cores_busy = 1.9;
  e.cpu_per_run_vs_reference = 1.0;
  e.system_share = 0.02;
  e.reference_system_share = 0.02;
  e.voluntary_per_run = 10;
  e.reference_voluntary_per_run = 10;
  e.involuntary_per_run = 5;
  e.reference_involuntary_per_run = 5;
  return e;
}

TEST(Diagnosis, NothingToSayWithinTheMargin) { EXPECT_EQ(classify(healthy(), 1.05, 1.1), Bottleneck::kNone); }

TEST(Diagnosis, OneBusyCoreWhereTheReferenceKeepsTwoIsSerialized) {
  Evidence e = healthy();
  e.cores_busy = 1.0;
  EXPECT_EQ(classify(e, 1.9, 1.1), Bottleneck::kSerialized);
}

TEST(Diagnosis, MuchMoreCpuForTheSameWorkIsSpinning) {
  Evidence e = healthy();
  e.cpu_per_run_vs_reference = 2.5;
  EXPECT_EQ(classify(e, 1.4, 1.1), Bottleneck::kSpinning);
}

TEST(Diagnosis, KernelTimeAndBlockingAreContention) {
  Evidence e = healthy();
  e.system_share = 0.4;
  EXPECT_EQ(classify(e, 1.5, 1.1), Bottleneck::kContention);
  Evidence blocking = healthy();
  blocking.voluntary_per_run = 500;
  EXPECT_EQ(classify(blocking, 1.5, 1.1), Bottleneck::kContention);
}

TEST(Diagnosis, PreemptionsAreTooManyThreads) {
  Evidence e = healthy();
  e.involuntary_per_run = 200;
  EXPECT_EQ(classify(e, 1.3, 1.1), Bottleneck::kOversubscribed);
}

TEST(Diagnosis, NoSignalMeansPerJobOverhead) { EXPECT_EQ(classify(healthy(), 1.3, 1.1), Bottleneck::kOverhead); }

TEST(Diagnosis, IdleCoresWithoutBlockingOrExtraWorkAreAnUnevenSplit) {
  Evidence e = healthy();
  e.cores_busy = 1.2;
  e.own_speedup = 1.3;  // faster on all cores than on one: it did run in parallel, part of the time
  EXPECT_EQ(classify(e, 1.5, 1.1), Bottleneck::kUneven);
  EXPECT_EQ(cause_of(Bottleneck::kUneven), Cause::kDecomposition);
}

TEST(Diagnosis, OneBusyCoreThatGainedNothingFromMoreCoresIsSerialized) {
  Evidence e = healthy();
  e.cores_busy = 1.1;
  e.own_speedup = 1.02;
  EXPECT_EQ(classify(e, 1.8, 1.1), Bottleneck::kSerialized);
  EXPECT_TRUE(clear_evidence(e, Bottleneck::kSerialized));
}

TEST(Diagnosis, SomeExtraCpuWithEveryCoreBusyIsSynchronization) {
  // False sharing at its mildest: the same cores busy, a third more CPU.
  Evidence e = healthy();
  e.cpu_per_run_vs_reference = 1.35;
  e.own_speedup = 0.8;
  EXPECT_EQ(classify(e, 1.35, 1.1), Bottleneck::kSpinning);
  EXPECT_EQ(cause_of(Bottleneck::kSpinning), Cause::kSynchronization);
  EXPECT_FALSE(clear_evidence(e, Bottleneck::kSpinning)) << "1.35x the CPU is a hint, not proof";
}

TEST(Diagnosis, EveryBottleneckAnswersTheQuestion) {
  EXPECT_EQ(cause_of(Bottleneck::kNone), Cause::kNone);
  EXPECT_EQ(cause_of(Bottleneck::kSerialized), Cause::kScheduling);
  EXPECT_EQ(cause_of(Bottleneck::kOversubscribed), Cause::kScheduling);
  EXPECT_EQ(cause_of(Bottleneck::kContention), Cause::kSynchronization);
  EXPECT_EQ(cause_of(Bottleneck::kOverhead), Cause::kDecomposition);
  EXPECT_EQ(to_string(Cause::kSynchronization), "synchronization");
  EXPECT_FALSE(clear_evidence(healthy(), Bottleneck::kOverhead)) << "overhead is what is left: never sure";
}

}  // namespace
}  // namespace grader

namespace grader {
namespace {

// A run of 10 iterations whose process took 1 s of wall time and
// `cpu_seconds` of CPU time, set-up included.
RunCost whole_process(double cpu_seconds) {
  RunCost cost;
  cost.wall_ns = 1e9;
  cost.iterations = 10;
  cost.usage.user_cpu = std::chrono::microseconds(static_cast<long>(cpu_seconds * 1e6));
  return cost;
}

TEST(GatherEvidence, CountsCoresBusyOverTheTimedPartOnly) {
  // 0.8 s of the process is timed at 1.9 cores; the serial set-up around
  // it brings the whole process to 1.72: the figure must be the 1.9.
  PerformanceMeasurement m;
  m.student_ns = m.reference_ns = 80e6;
  m.student_cpu_ns = m.reference_cpu_ns = 152e6;
  m.student_cost = m.reference_cost = whole_process(1.72);
  Evidence e = gather_evidence(m);
  EXPECT_DOUBLE_EQ(e.cores_busy, 1.9);
  EXPECT_DOUBLE_EQ(e.reference_cores_busy, 1.9);
}

TEST(GatherEvidence, DoesNotBelieveMoreCpuThanTheKernelCounted) {
  // The benchmark says 4 cores' worth per run; the kernel counted 1 s over
  // 10 runs, 100 ms a run: at most 1.25 cores over an 80 ms run.
  PerformanceMeasurement m;
  m.student_ns = m.reference_ns = 80e6;
  m.student_cpu_ns = 320e6;
  m.reference_cpu_ns = 152e6;
  m.student_cost = whole_process(1.0);
  m.reference_cost = whole_process(1.72);
  EXPECT_DOUBLE_EQ(gather_evidence(m).cores_busy, 1.25);
}

}  // namespace
}  // namespace grader
