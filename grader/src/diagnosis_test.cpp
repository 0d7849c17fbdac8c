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

TEST(Diagnosis, NothingToSayWithinTheMargin) {
  EXPECT_EQ(classify(healthy(), 1.05, 1.1), Bottleneck::kNone);
}

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

}  // namespace
}  // namespace grader
