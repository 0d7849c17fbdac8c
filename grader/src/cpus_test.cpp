#include "cpus.h"

#include <sched.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace grader {
namespace {

// Narrows this thread's mask for the test's span (sched_setaffinity(0)
// applies to the calling thread, which is what sched_getaffinity(0) reads).
class PinnedTo {
 public:
  explicit PinnedTo(int cpu) {
    sched_getaffinity(0, sizeof saved_, &saved_);
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    pinned_ = sched_setaffinity(0, sizeof one, &one) == 0;
  }
  ~PinnedTo() { sched_setaffinity(0, sizeof saved_, &saved_); }
  bool pinned() const { return pinned_; }

 private:
  cpu_set_t saved_;
  bool pinned_ = false;
};

TEST(UsableCpus, AreTheAffinityMaskAscending) {
  std::vector<int> cpus = usable_cpus();
  ASSERT_FALSE(cpus.empty());
  EXPECT_TRUE(std::is_sorted(cpus.begin(), cpus.end()));
  EXPECT_EQ(usable_cpu_count(), cpus.size());
}

TEST(UsableCpus, FollowANarrowedMask) {
  const int last = usable_cpus().back();
  PinnedTo pin(last);
  ASSERT_TRUE(pin.pinned());
  EXPECT_EQ(usable_cpus(), std::vector<int>{last});
  EXPECT_EQ(usable_cpu_count(), 1u);
}

struct FakeCgroups {
  std::filesystem::path root =
      std::filesystem::temp_directory_path() / ("grader_cpus_test_" + std::to_string(getpid()));
  FakeCgroups() { std::filesystem::remove_all(root); }
  ~FakeCgroups() { std::filesystem::remove_all(root); }
  void write(const std::string& file, const std::string& text) {
    std::filesystem::create_directories((root / file).parent_path());
    std::ofstream(root / file) << text;
  }
};

TEST(CpuQuota, ReadsCgroupV2UpThePathAndKeepsTheSmallest) {
  FakeCgroups fake;
  fake.write("cpu.max", "max 100000\n");
  fake.write("docker/cpu.max", "150000 100000\n");
  fake.write("docker/abc/cpu.max", "max 100000\n");
  auto quota = cpu_quota_cores("0::/docker/abc\n", fake.root);
  ASSERT_TRUE(quota);
  EXPECT_DOUBLE_EQ(*quota, 1.5);
  EXPECT_FALSE(cpu_quota_cores("0::/\n", fake.root)) << "max: no limit";
  fake.write("cpu.max", "50000 100000\n");  // a container's own root, as Gradescope's
  EXPECT_DOUBLE_EQ(cpu_quota_cores("0::/\n", fake.root).value_or(0), 0.5);
}

TEST(CpuQuota, ReadsCgroupV1sCpuHierarchyAndIgnoresTheOthers) {
  FakeCgroups fake;
  fake.write("cpu,cpuacct/job/cpu.cfs_quota_us", "-1\n");
  fake.write("cpu,cpuacct/job/cpu.cfs_period_us", "100000\n");
  fake.write("cpu,cpuacct/cpu.cfs_quota_us", "200000\n");
  fake.write("cpu,cpuacct/cpu.cfs_period_us", "100000\n");
  fake.write("memory/job/cpu.cfs_quota_us", "1000\n");  // not the cpu hierarchy
  fake.write("memory/job/cpu.cfs_period_us", "100000\n");
  auto quota = cpu_quota_cores("9:memory:/job\n4:cpu,cpuacct:/job\n", fake.root);
  ASSERT_TRUE(quota);
  EXPECT_DOUBLE_EQ(*quota, 2.0);
  EXPECT_FALSE(cpu_quota_cores("garbage\n1:cpu:relative\n1:cpu:/../../etc\n", fake.root));
  EXPECT_FALSE(cpu_quota_cores("", fake.root));
}

TEST(CoreBudget, AQuotaBelowTheCpusRoundsDown) {
  EXPECT_EQ(core_budget(4, 0.5).cores, 1u);
  EXPECT_EQ(core_budget(4, 1.5).cores, 1u);
  EXPECT_EQ(core_budget(4, 2.0).cores, 2u);
  EXPECT_EQ(core_budget(2, 8.0).cores, 2u);
  EXPECT_EQ(core_budget(2, std::nullopt).cores, 2u);
  EXPECT_EQ(core_budget(0, std::nullopt).cores, 1u);
  EXPECT_EQ(describe(core_budget(4, 0.5)), "4 CPUs with a CPU quota of 0.5 core");
  EXPECT_EQ(describe(core_budget(1, std::nullopt)), "1 CPU");
  EXPECT_EQ(describe(core_budget(2, 8.0)), "2 CPUs");
  EXPECT_GE(this_process_core_budget().cores, 1u);
}

}  // namespace
}  // namespace grader
