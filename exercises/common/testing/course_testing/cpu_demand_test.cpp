// CpuDemand's contract, clause by clause: sleeping threads pass, and each way
// of not sleeping fails (spinning on a thread of the code under test,
// spinning on a thread that existed before the measurement, polling).
// Built under ThreadSanitizer like the exercises' tests, so its background
// thread is there as it is in a graded run.
#include <course_testing/cpu_demand.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace course_testing {
namespace {

using namespace std::chrono_literals;

constexpr auto kIdle = 300ms;
constexpr auto kBound = 80ms;

// Threads that wait on a condition variable until stop() is called.
class Sleepers {
 public:
  explicit Sleepers(int n) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back([this] {
        std::unique_lock lock(mutex_);
        woken_.wait(lock, [this] { return stopped_; });
      });
  }
  ~Sleepers() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    woken_.notify_all();
    for (auto& thread : threads_) thread.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable woken_;
  bool stopped_ = false;  // guarded by mutex_
  std::vector<std::thread> threads_;
};

// One thread that runs `step` in a loop until destroyed.
class Looper {
 public:
  template <typename Step>
  explicit Looper(Step step)
      : thread_([this, step] {
          while (!stop_.load()) step();
        }) {}
  ~Looper() {
    stop_.store(true);
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::string restlessness_over_idle(const CpuDemand& demand) {
  std::this_thread::sleep_for(kIdle);
  return demand.restlessness(kBound);
}

TEST(CpuDemand, SleepingThreadsAreNotRestless) {
  const auto before = live_threads();
  Sleepers sleepers(4);
  CpuDemand demand(before);
  EXPECT_EQ(demand.threads(), 4);
  EXPECT_EQ(restlessness_over_idle(demand), "");
}

TEST(CpuDemand, ASpinningThreadOfTheCodeUnderTestIsRestless) {
  const auto before = live_threads();
  Sleepers sleepers(2);
  Looper spinner([] { std::this_thread::yield(); });
  CpuDemand demand(before, 200ms);
  const std::string restless = restlessness_over_idle(demand);
  EXPECT_NE(restless, "");
  EXPECT_NE(restless.find("not all asleep even before"), std::string::npos) << restless;
}

TEST(CpuDemand, ASpinningThreadStartedBeforeTheMeasurementIsRestless) {
  // A thread the code under test started before the test listed the live
  // threads (a static object's constructor, before main) spins all the same.
  Looper spinner([] {
    volatile int work = 0;
    for (int i = 0; i < 1000; ++i) work = work + i;
  });
  const auto before = live_threads();
  Sleepers sleepers(2);
  CpuDemand demand(before);
  // On a quiet machine it runs past the bound; on a busy one it gets less of
  // a core than that, and is caught instead by its wake-ups (every time it is
  // preempted and put back on a core counts).
  EXPECT_NE(restlessness_over_idle(demand), "");
}

TEST(CpuDemand, APollingThreadIsRestlessByItsWakeups) {
  const auto before = live_threads();
  Looper poller([] { std::this_thread::sleep_for(1ms); });
  CpuDemand demand(before, 200ms);
  const std::string restless = restlessness_over_idle(demand);
  EXPECT_NE(restless.find("once per 100 ms"), std::string::npos) << restless;
}

TEST(CpuDemand, APollingThreadStartedBeforeTheMeasurementIsRestlessByItsWakeups) {
  Looper poller([] { std::this_thread::sleep_for(1ms); });
  const auto before = live_threads();
  Sleepers sleepers(2);
  CpuDemand demand(before);
  const std::string restless = restlessness_over_idle(demand);
  EXPECT_NE(restless.find("once per 100 ms"), std::string::npos) << restless;
}

TEST(CpuDemand, WaitingWithATimeoutOfOverAHundredMillisecondsIsAllowed) {
  const auto before = live_threads();
  Looper waiter([] { std::this_thread::sleep_for(150ms); });
  CpuDemand demand(before);
  EXPECT_EQ(restlessness_over_idle(demand), "");
}

TEST(CpuDemand, AllowedWakeupsAreOneEachAndOnePerHundredMilliseconds) {
  EXPECT_EQ(allowed_wakeups(4, 300ms), 16u);
  EXPECT_EQ(allowed_wakeups(1, 99ms), 1u);
  EXPECT_EQ(allowed_wakeups(0, 1000ms), 0u);
}

}  // namespace
}  // namespace course_testing
