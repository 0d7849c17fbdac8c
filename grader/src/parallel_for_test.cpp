#include "parallel_for.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <set>
#include <stdexcept>

namespace grader {
namespace {

TEST(ParallelFor, RunsEveryIndexOnce) {
  std::mutex mutex;
  std::multiset<std::size_t> seen;
  parallel_for(50, 3, [&](std::size_t i) {
    std::lock_guard lock(mutex);
    seen.insert(i);
  });
  ASSERT_EQ(seen.size(), 50u);
  for (std::size_t i = 0; i < 50; ++i) EXPECT_EQ(seen.count(i), 1u) << i;
}

// Structural, not timed: the first call waits until the second has started,
// which only happens when they run at once (the wait's bound only keeps a
// broken parallel_for from hanging the test).
TEST(ParallelFor, RunsUpToJobsCallsAtOnce) {
  std::mutex mutex;
  std::condition_variable changed;
  bool second_started = false;
  bool first_saw_second = false;
  parallel_for(2, 2, [&](std::size_t i) {
    std::unique_lock lock(mutex);
    if (i == 1) {
      second_started = true;
      changed.notify_all();
    } else {
      first_saw_second = changed.wait_for(lock, std::chrono::seconds(30), [&] { return second_started; });
    }
  });
  EXPECT_TRUE(first_saw_second);
}

TEST(ParallelForRethrowing, StartsNothingAfterAThrowAndThrowsItAgain) {
  std::vector<std::size_t> called;
  EXPECT_THROW(parallel_for_rethrowing(4, 1,
                                       [&](std::size_t i) {
                                         called.push_back(i);
                                         if (i == 1) throw std::runtime_error("second");
                                       }),
               std::runtime_error);
  EXPECT_EQ(called, (std::vector<std::size_t>{0, 1}));
}

// The call running beside the one that throws is not abandoned: it ends
// before the exception reaches the caller.
TEST(ParallelForRethrowing, TheCallsAlreadyRunningEndFirst) {
  std::mutex mutex;
  std::condition_variable changed;
  bool started_other = false;
  bool other_ended = false;
  try {
    parallel_for_rethrowing(2, 2, [&](std::size_t i) {
      std::unique_lock lock(mutex);
      if (i == 0) {
        changed.wait_for(lock, std::chrono::seconds(30), [&] { return started_other; });
        throw std::runtime_error("first");
      }
      started_other = true;
      changed.notify_all();
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      lock.lock();
      other_ended = true;
    });
    ADD_FAILURE() << "nothing was thrown";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "first");
  }
  EXPECT_TRUE(other_ended);
}

}  // namespace
}  // namespace grader
