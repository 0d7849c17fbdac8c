#include "cpus.h"

#include <sched.h>

#include <algorithm>

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

}  // namespace
}  // namespace grader
