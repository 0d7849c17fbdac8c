// Hidden tests of exercise 04: the instructor's, never shipped in the
// student template, graded apart from the 100 points (grader grade --hidden).
// Each varies a public test so that a solution written to pass exactly the
// public tests, and no more, shows it: thread counts the public tests never
// ask for (a split that works for 2, 3, 4, 5, 7 and 8 threads only), values
// that only the last slice holds, and many calls in a row.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <course_testing/eventually.h>
#include <course_testing/guarded_thread.h>
#include <course_testing/process_threads.h>

#include "course/histogram.h"

namespace {

using course::bin_of;
using course::Histogram;
using course::histogram;
using course::kBins;
using course_testing::count_threads;
using course_testing::describe_exception;
using course_testing::eventually;
using course_testing::GuardedThread;
using course_testing::settle_thread_count;
using namespace std::chrono_literals;

std::vector<std::uint32_t> random_values(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<std::uint32_t> values(count);
  for (auto& value : values) value = static_cast<std::uint32_t>(random());
  return values;
}

Histogram expected_counts(const std::vector<std::uint32_t>& values) {
  Histogram counts{};
  for (std::uint32_t value : values) ++counts[bin_of(value)];
  return counts;
}

// "" if histogram(values, threads) is the plain loop's, else what differs.
std::string check_count(const std::vector<std::uint32_t>& values, std::size_t threads) {
  Histogram got;
  try {
    got = histogram(values, threads);
  } catch (...) {
    return "histogram() of " + std::to_string(values.size()) + " values with " + std::to_string(threads) +
           " threads threw: " + describe_exception(std::current_exception());
  }
  Histogram want = expected_counts(values);
  std::uint64_t got_total = 0;
  for (auto count : got) got_total += count;
  if (got == want) return "";
  return "histogram() of " + std::to_string(values.size()) + " values with " + std::to_string(threads) +
         " threads is wrong: its bins add up to " + std::to_string(got_total) + " instead of " +
         std::to_string(values.size());
}

// Small sizes, below, at and above the thread count, with thread counts
// the public tests never use, some far above the number of values.
TEST(HiddenHistogram, SmallSizesWithUnusualThreadCounts) {
  for (std::size_t threads : {6, 9, 11, 13, 64}) {
    for (std::size_t size : {0, 1, 2, 5, 6, 8, 9, 12, 13, 17, 26, 40}) {
      std::string problem = check_count(random_values(size, 1000 + size), threads);
      ASSERT_EQ(problem, "");
    }
  }
}

// Only the very last value, and only the very first, land in a bin of their
// own: a split that drops or double-counts the ends of the input shows.
TEST(HiddenHistogram, TheFirstAndLastValuesAreCountedOnce) {
  for (std::size_t size : {1'001, 65'537, 100'003}) {
    std::vector<std::uint32_t> values(size, 0);
    std::uint32_t other = 1;
    while (bin_of(other) == bin_of(0)) ++other;
    values.front() = other;
    values.back() = other;
    for (std::size_t threads : {3, 6, 10}) {
      std::string problem = check_count(values, threads);
      EXPECT_EQ(problem, "") << "(every value is 0, except the first and the last, which land in bin " << bin_of(other)
                             << ")";
    }
  }
}

// Sampling the process's threads while histogram(values, 6) counts: never
// more than 6 of its own, and more than 1 at once.
TEST(HiddenHistogram, SixThreadsNeverMoreAndMoreThanOne) {
  const std::vector<std::uint32_t> values = random_values(std::size_t{1} << 22, 11);
  constexpr std::size_t kThreads = 6;
  int best = 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    settle_thread_count();
    std::atomic<bool> sampling{true};
    std::atomic<bool> started{false};
    int most = 0;  // written by the sampler, read after it is joined
    GuardedThread sampler([&] {
      started.store(true);
      while (sampling.load()) {
        most = std::max(most, count_threads());
        std::this_thread::sleep_for(100us);
      }
    });
    eventually([&] { return started.load(); });
    const int before = count_threads();
    std::string problem = check_count(values, kThreads);
    sampling.store(false);
    sampler.join();
    ASSERT_EQ(problem, "");
    int at_once = std::max(0, most - before);
    EXPECT_LE(at_once, static_cast<int>(kThreads))
        << "histogram(" << values.size() << " values, " << kThreads << ") had " << at_once
        << " threads of its own at once (counted in /proc/self/task): at most " << kThreads;
    best = std::max(best, at_once);
  }
  EXPECT_GE(best, 2) << "histogram(" << values.size() << " values, " << kThreads << ") never had more than " << best
                     << " thread(s) of its own running: asked for " << kThreads << ", it must share the work";
}

// A hundred calls in a row leave no thread behind: none detached, none kept
// for the next call.
TEST(HiddenHistogram, HundredCallsLeaveNoThreadBehind) {
  const std::vector<std::uint32_t> values = random_values(20'000, 12);
  settle_thread_count();
  const int before = count_threads();
  for (int call = 0; call < 100; ++call) {
    std::string problem = check_count(values, 1 + call % 5);
    ASSERT_EQ(problem, "") << "call " << call;
  }
  bool all_gone = eventually([&] { return count_threads() <= before; }, 5s);
  EXPECT_TRUE(all_gone) << "after 100 calls of histogram(), the process still had " << count_threads() - before
                        << " more threads than before: every thread must be joined before the call returns";
}

}  // namespace
