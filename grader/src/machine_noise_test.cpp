#include "machine_noise.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>

namespace grader {
namespace {

constexpr const char* kProcStat = "cpu  300 0 100 1000 50 0 0 0 0 0\n"
                                  "cpu0 100 0 50 500 25 0 0 0 0 0\n"
                                  "cpu1 200 0 50 500 25 0 0 10 0 0\n"
                                  "intr 12345\n";

TEST(CpuTicks, CountsOnlyTheGivenCpusAndLeavesIdleAndIowaitOut) {
  CpuTicks cpu1 = parse_cpu_ticks(kProcStat, {1});
  EXPECT_EQ(cpu1.busy, 260u);  // user + system + steal
  EXPECT_EQ(cpu1.all, 785u);
  CpuTicks both = parse_cpu_ticks(kProcStat, {0, 1});
  EXPECT_EQ(both.busy, 410u);
}

TEST(CpuTicks, TheSummaryLineIsNotACpu) {
  EXPECT_EQ(parse_cpu_ticks(kProcStat, {}).busy, 0u);
  EXPECT_EQ(parse_cpu_ticks(kProcStat, {7}).busy, 0u);
}

TEST(OtherLoad, IsBusyTimeLessTheProgramsOwnOverWallTime) {
  const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
  CpuTicks before{1000, 5000};
  // Two seconds of wall time, 3 s of busy CPU, of which the program used 2 s.
  CpuTicks after{1000 + static_cast<std::uint64_t>(3 * hz), 5000 + static_cast<std::uint64_t>(4 * hz)};
  EXPECT_NEAR(other_load(before, after, 2.0, 2.0), 0.5, 1e-9);
  // Tick rounding can make the program's own time exceed the busy time.
  EXPECT_EQ(other_load(before, after, 4.0, 2.0), 0.0);
  EXPECT_EQ(other_load(before, after, 0.0, 0.0), 0.0);
}

TEST(OtherLoad, SeesABusyLoopOfThisProcessAsOtherLoad) {
  CpuTicks before = sample_cpu_ticks();
  auto start = std::chrono::steady_clock::now();
  volatile std::uint64_t sink = 0;
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(300)) sink = sink + 1;
  CpuTicks after = sample_cpu_ticks();
  // This process is not "the measured program" here, so its 0.3 s of
  // spinning is someone else's load: close to one core.
  EXPECT_GT(other_load(before, after, 0.0, 0.3), 0.5);
}

}  // namespace
}  // namespace grader
