// Tests of course::available_cores, cgroup_cpu_quota and cores_allowed.
//
// The machine's own cgroups are whatever the grading machine has, so the
// quota parser is tested on files these tests write into a fresh temporary
// directory laid out like a cgroup directory. available_cores() itself is
// tested through the one input a test can change without privileges: the
// calling thread's affinity mask, the set of CPUs it may run on (what
// `taskset` sets).
#include "course/available_cores.h"

#include <sched.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using course::available_cores;
using course::cgroup_cpu_limit;
using course::cgroup_cpu_quota;
using course::cores_allowed;

// A fresh, empty directory under the system's temporary directory, removed
// with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "course_cgroup_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("the test could not create " + pattern);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // A new subdirectory holding `files` ({name, content} pairs): one fake
  // cgroup directory.
  // Writes `content` to the file at `relative` (parent directories created):
  // one quota file of a fake cgroup tree.
  void write(const fs::path& relative, const std::string& content) const {
    fs::create_directories((path_ / relative).parent_path());
    std::ofstream out(path_ / relative);
    out << content;
    if (!out) throw std::runtime_error("the test could not write " + (path_ / relative).string());
  }

  const fs::path& path() const { return path_; }

  fs::path cgroup(const std::string& name,
                  std::initializer_list<std::pair<std::string, std::string>> files = {}) const {
    fs::path dir = path_ / name;
    fs::create_directory(dir);
    for (const auto& [file, content] : files) {
      std::ofstream out(dir / file);
      out << content;
      if (!out) throw std::runtime_error("the test could not write " + (dir / file).string());
    }
    return dir;
  }

 private:
  fs::path path_;
};

std::string show(std::optional<double> quota) {
  if (!quota) return "nullopt (no quota)";
  std::ostringstream text;
  text << *quota << " cores";
  return text.str();
}

// Checks cgroup_cpu_quota(dir) against `expected`; `files` describes the
// directory's content for the failure message.
void expect_quota(const fs::path& dir, std::optional<double> expected, const std::string& files) {
  std::optional<double> quota = cgroup_cpu_quota(dir);
  bool same = expected ? quota && std::abs(*quota - *expected) < 1e-9 : !quota;
  EXPECT_TRUE(same) << "for a cgroup directory with " << files << ", cgroup_cpu_quota() must return " << show(expected)
                    << ", but it returned " << show(quota);
}

// Checks cgroup_cpu_limit(root, proc_self_cgroup) against `expected`;
// `tree` describes the fake cgroup tree for the failure message.
void expect_limit(const fs::path& root, const std::string& proc_self_cgroup, std::optional<double> expected,
                  const std::string& tree) {
  std::optional<double> limit = cgroup_cpu_limit(root, proc_self_cgroup);
  bool same = expected ? limit && std::abs(*limit - *expected) < 1e-9 : !limit;
  std::string shown = proc_self_cgroup;
  while (!shown.empty() && shown.back() == '\n') shown.pop_back();
  EXPECT_TRUE(same) << "with /proc/self/cgroup holding \"" << shown << "\" and a cgroup tree where " << tree
                    << ", cgroup_cpu_limit() must return " << show(expected) << ", but it returned " << show(limit);
}

// The calling thread's affinity mask, or nullopt on a machine with more
// CPUs than a cpu_set_t holds (the test is then skipped).
std::optional<cpu_set_t> get_affinity() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return std::nullopt;
  return set;
}

// Restores the thread's original affinity mask at the end of the test,
// however the test ends.
class RestoreAffinity {
 public:
  explicit RestoreAffinity(const cpu_set_t& original) : original_(original) {}
  ~RestoreAffinity() { sched_setaffinity(0, sizeof(original_), &original_); }
  RestoreAffinity(const RestoreAffinity&) = delete;
  RestoreAffinity& operator=(const RestoreAffinity&) = delete;

 private:
  cpu_set_t original_;
};

TEST(AvailableCores, IsBetweenOneAndTheAffinityCount) {
  std::optional<cpu_set_t> mask = get_affinity();
  if (!mask) GTEST_SKIP() << "sched_getaffinity needs a larger CPU set on this machine";
  std::size_t affinity = CPU_COUNT(&*mask);
  std::size_t cores = available_cores();
  EXPECT_GE(cores, 1u) << "available_cores() returned 0: there is always at least one core to run on";
  EXPECT_LE(cores, affinity) << "available_cores() returned " << cores << ", but this process may run on only "
                             << affinity << " CPUs (its affinity mask, from sched_getaffinity): it can never "
                             << "use more cores than that";
  unsigned hardware = std::thread::hardware_concurrency();
  if (hardware > 0) {
    EXPECT_LE(cores, hardware) << "available_cores() returned " << cores << ", more than the " << hardware
                               << " cores of the whole machine (std::thread::hardware_concurrency())";
  }
}

// taskset -c 0 ./program pins a process to CPU 0: it then has one core,
// however many the machine has, and available_cores() must say so.
TEST(AvailableCores, FollowsTheAffinityMask) {
  std::optional<cpu_set_t> original = get_affinity();
  if (!original) GTEST_SKIP() << "sched_getaffinity needs a larger CPU set on this machine";
  std::size_t unpinned = available_cores();
  RestoreAffinity restore(*original);

  // The first two CPUs this thread may use.
  int allowed[2] = {-1, -1};
  for (int cpu = 0, found = 0; cpu < CPU_SETSIZE && found < 2; ++cpu)
    if (CPU_ISSET(cpu, &*original)) allowed[found++] = cpu;

  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(allowed[0], &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof(one), &one), 0) << "the test could not pin itself to CPU " << allowed[0];
  std::size_t pinned = available_cores();
  EXPECT_EQ(pinned, 1u) << "with this thread pinned to CPU " << allowed[0] << " alone (as `taskset -c " << allowed[0]
                        << "` would), available_cores() must return 1, but it returned " << pinned
                        << ". Count the CPUs of the affinity mask (sched_getaffinity and CPU_COUNT), not the "
                        << "machine's cores, and read them on every call, not once";

  if (allowed[1] < 0) {
    std::cout << "[ NOTE     ] this machine lets the test use one CPU only: the two-CPU check is skipped\n";
    return;
  }
  cpu_set_t two = one;
  CPU_SET(allowed[1], &two);
  ASSERT_EQ(sched_setaffinity(0, sizeof(two), &two), 0) << "the test could not pin itself to two CPUs";
  // A CPU quota could hold the process below two cores; the unpinned answer
  // says whether one does.
  std::size_t expected = std::min<std::size_t>(2, unpinned);
  std::size_t answer = available_cores();
  EXPECT_EQ(answer, expected) << "with this thread allowed on CPUs " << allowed[0] << " and " << allowed[1]
                              << " only, available_cores() must return " << expected << ", but it returned " << answer;
}

TEST(AvailableCores, ReadsCgroupV2CpuMax) {
  TempDir temp;
  expect_quota(temp.cgroup("unlimited", {{"cpu.max", "max 100000\n"}}), std::nullopt,
               "cpu.max \"max 100000\" (cgroup v2: no quota)");
  expect_quota(temp.cgroup("one_and_a_half", {{"cpu.max", "150000 100000\n"}}), 1.5,
               "cpu.max \"150000 100000\" (cgroup v2: 150 ms of CPU time every 100 ms)");
  expect_quota(temp.cgroup("half", {{"cpu.max", "50000 100000\n"}}), 0.5, "cpu.max \"50000 100000\"");
  expect_quota(temp.cgroup("two", {{"cpu.max", "400000 200000"}}), 2.0,
               "cpu.max \"400000 200000\" (no newline at the end)");
}

TEST(AvailableCores, ReadsCgroupV1Quota) {
  TempDir temp;
  expect_quota(temp.cgroup("unlimited", {{"cpu.cfs_quota_us", "-1\n"}, {"cpu.cfs_period_us", "100000\n"}}),
               std::nullopt, "cpu.cfs_quota_us \"-1\" and cpu.cfs_period_us \"100000\" (cgroup v1: no quota)");
  expect_quota(temp.cgroup("two", {{"cpu.cfs_quota_us", "200000\n"}, {"cpu.cfs_period_us", "100000\n"}}), 2.0,
               "cpu.cfs_quota_us \"200000\" and cpu.cfs_period_us \"100000\" (cgroup v1)");
  expect_quota(temp.cgroup("quarter", {{"cpu.cfs_quota_us", "25000\n"}, {"cpu.cfs_period_us", "100000\n"}}), 0.25,
               "cpu.cfs_quota_us \"25000\" and cpu.cfs_period_us \"100000\" (cgroup v1)");
}

TEST(AvailableCores, MissingOrMalformedFilesMeanNoQuota) {
  TempDir temp;
  expect_quota(temp.cgroup("empty"), std::nullopt, "no files at all");
  expect_quota(temp.cgroup("parent") / "no_such_dir", std::nullopt, "a path that does not exist");
  expect_quota(temp.cgroup("garbage", {{"cpu.max", "banana\n"}}), std::nullopt, "cpu.max \"banana\"");
  expect_quota(temp.cgroup("blank", {{"cpu.max", ""}}), std::nullopt, "an empty cpu.max");
  expect_quota(temp.cgroup("half_number", {{"cpu.max", "15x000 100000\n"}}), std::nullopt, "cpu.max \"15x000 100000\"");
  expect_quota(temp.cgroup("v1_no_period", {{"cpu.cfs_quota_us", "200000\n"}}), std::nullopt,
               "cpu.cfs_quota_us \"200000\" but no cpu.cfs_period_us");
  expect_quota(temp.cgroup("v1_garbage", {{"cpu.cfs_quota_us", "lots\n"}, {"cpu.cfs_period_us", "100000\n"}}),
               std::nullopt, "cpu.cfs_quota_us \"lots\" and cpu.cfs_period_us \"100000\"");
}

TEST(AvailableCores, CoresAllowedRoundsTheQuotaUp) {
  struct Case {
    std::size_t affinity;
    std::optional<double> quota;
    std::size_t expected;
    const char* why;
  };
  const Case cases[] = {
      {4, std::nullopt, 4, "no quota: every CPU of the affinity mask"},
      {1, std::nullopt, 1, "no quota: every CPU of the affinity mask"},
      {4, 2.0, 2, "a quota of 2 cores keeps 2 threads busy"},
      {4, 1.5, 2, "1.5 cores of quota rounds up: 2 threads share it"},
      {16, 3.2, 4, "3.2 cores of quota rounds up to 4"},
      {4, 0.5, 1, "half a core of quota is still one thread's worth"},
      {4, 0.01, 1, "however small the quota, at least 1"},
      {2, 8.0, 2, "a quota above the affinity count does not add cores"},
  };
  for (const Case& c : cases) {
    std::size_t cores = cores_allowed(c.affinity, c.quota);
    EXPECT_EQ(cores, c.expected) << "cores_allowed(" << c.affinity << ", " << show(c.quota) << ") must be "
                                 << c.expected << " (" << c.why << "), but it returned " << cores;
  }
}

// A quota set anywhere on the way from the process's cgroup up to the root
// holds for the process: the walk must visit every ancestor, not just the
// leaf. Each case is a fresh tree with the process in /a/b/c.
TEST(AvailableCores, SmallestQuotaOnTheWayToTheRootWins) {
  const std::string v2 = "0::/a/b/c\n";
  {
    TempDir tree;
    tree.write("a/b/c/cpu.max", "150000 100000\n");
    tree.write("a/b/cpu.max", "max 100000\n");
    expect_limit(tree.path(), v2, 1.5, "only the leaf /a/b/c sets a quota (cpu.max \"150000 100000\")");
  }
  {
    TempDir tree;
    tree.write("a/b/c/cpu.max", "max 100000\n");
    tree.write("a/b/cpu.max", "200000 100000\n");
    expect_limit(tree.path(), v2, 2.0,
                 "the leaf /a/b/c sets none (\"max 100000\") and its parent /a/b sets 2 cores: a parent's quota "
                 "holds for all its children");
  }
  {
    TempDir tree;
    tree.write("a/b/c/cpu.max", "max 100000\n");
    tree.write("a/cpu.max", "50000 100000\n");
    expect_limit(tree.path(), v2, 0.5,
                 "only the grandparent /a sets a quota (half a core), and /a/b has no cpu.max at all: look at every "
                 "ancestor up to the root");
  }
  {
    TempDir tree;
    tree.write("cpu.max", "300000 100000\n");
    expect_limit(tree.path(), v2, 3.0, "only the root of the tree itself sets a quota (3 cores)");
  }
  {
    TempDir tree;
    tree.write("a/cpu.max", "300000 100000\n");
    tree.write("a/b/cpu.max", "150000 100000\n");
    tree.write("a/b/c/cpu.max", "200000 100000\n");
    expect_limit(tree.path(), v2, 1.5,
                 "/a sets 3 cores, /a/b 1.5 and the leaf /a/b/c 2: the smallest on the way wins, wherever it is");
  }
}

TEST(AvailableCores, CgroupLimitReadsEitherHierarchyAndNothingMeansNone) {
  {
    TempDir tree;
    tree.write("cpu.max", "max 100000\n");
    tree.write("a/cpu.max", "max 100000\n");
    tree.write("a/b/cpu.max", "max 100000\n");
    expect_limit(tree.path(), "0::/a/b\n", std::nullopt, "every cpu.max says \"max 100000\" (no quota)");
  }
  {
    TempDir tree;
    expect_limit(tree.path(), "0::/a/b\n", std::nullopt, "nothing exists: no directory, no file");
  }
  {
    TempDir tree;
    tree.write("cpu,cpuacct/x/y/cpu.cfs_quota_us", "50000\n");
    tree.write("cpu,cpuacct/x/y/cpu.cfs_period_us", "100000\n");
    tree.write("cpu,cpuacct/x/cpu.cfs_quota_us", "-1\n");
    tree.write("cpu,cpuacct/x/cpu.cfs_period_us", "100000\n");
    tree.write("x/y/cpu.max", "max 100000\n");
    expect_limit(tree.path(), "12:memory:/x/y\n4:cpu,cpuacct:/x/y\n1:name=systemd:/x/y\n", 0.5,
                 "cgroup v1: the cpu hierarchy is mounted at cpu,cpuacct and its /x/y sets half a core (/x none); "
                 "the memory and name=systemd lines name no cpu hierarchy");
  }
  {
    TempDir tree;
    tree.write("cpu/x/y/cpu.cfs_quota_us", "200000\n");
    tree.write("cpu/x/y/cpu.cfs_period_us", "100000\n");
    expect_limit(tree.path(), "4:cpu:/x/y\n", 2.0,
                 "cgroup v1: the cpu hierarchy is mounted at cpu, its /x/y sets 2 cores");
  }
  {
    TempDir tree;
    tree.write("x/y/cpu.max", "100000 100000\n");
    expect_limit(tree.path(), "0::/x/y\n", 1.0,
                 "cgroup v2 only: /x/y sets 1 core and there is no cgroup v1 hierarchy (no cpu or cpu,cpuacct "
                 "directory)");
  }
}

}  // namespace
