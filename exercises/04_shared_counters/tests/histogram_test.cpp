// Tests of course::histogram.
//
// Results are checked exactly, against a plain loop over bin_of() run here
// in the test. No test measures how fast anything runs. histogram() takes
// no callback, so the only view into its threads is the process's own
// list of them, /proc/self/task: a sampler thread counts its entries while
// histogram() counts an input large enough to keep its threads alive for a
// while, and the most it ever sees, less the threads that were there
// before, is how many threads histogram() ran at once. Every wait has a
// bound, so a wrong histogram() fails with a message instead of hanging.
#include "course/histogram.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <course_testing/eventually.h>
#include <course_testing/guarded_thread.h>
#include <course_testing/patience.h>
#include <course_testing/process_threads.h>

namespace {

using course::bin_of;
using course::Histogram;
using course::histogram;
using course::kBins;
using course_testing::count_threads;
using course_testing::describe;
using course_testing::describe_exception;
using course_testing::eventually;
using course_testing::GuardedThread;
using course_testing::GuardedThreads;
using course_testing::kPatience;
using course_testing::settle_thread_count;
using namespace std::chrono_literals;

// Values drawn at random, the same for a given seed on every run.
std::vector<std::uint32_t> random_values(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<std::uint32_t> values(count);
  for (auto& value : values) value = static_cast<std::uint32_t>(random());
  return values;
}

// The plain loop every result is compared with.
Histogram expected_counts(const std::vector<std::uint32_t>& values) {
  Histogram counts{};
  for (std::uint32_t value : values) ++counts[bin_of(value)];
  return counts;
}

// "" if `got` is `expected`, else which bins differ and the totals, which
// tell lost updates (fewer in all) from values counted twice (more).
std::string compare(const Histogram& got, const Histogram& expected) {
  std::uint64_t got_total = 0, expected_total = 0;
  int wrong = 0;
  std::string first;
  for (std::size_t bin = 0; bin < kBins; ++bin) {
    got_total += got[bin];
    expected_total += expected[bin];
    if (got[bin] != expected[bin] && wrong++ == 0)
      first = "bin " + std::to_string(bin) + " holds " + std::to_string(got[bin]) + " instead of " +
              std::to_string(expected[bin]);
  }
  if (wrong == 0) return "";
  std::string problem = std::to_string(wrong) + " of the " + std::to_string(kBins) + " bins are wrong (" + first +
                        "); the bins add up to " + std::to_string(got_total) + " instead of " +
                        std::to_string(expected_total);
  if (got_total < expected_total)
    problem += ": updates were lost, as when two threads add to one counter unsynchronised";
  if (got_total > expected_total) problem += ": values were counted more than once (slices that overlap?)";
  return problem;
}

// Calls histogram() and compares its result with the plain loop's. Returns
// "" if it matched, else a message naming the input.
std::string check_count(const std::vector<std::uint32_t>& values, std::size_t threads, const std::string& input) {
  Histogram got;
  try {
    got = histogram(values, threads);
  } catch (...) {
    return "histogram() of " + input + " with " + std::to_string(threads) +
           " threads threw: " + describe_exception(std::current_exception());
  }
  std::string problem = compare(got, expected_counts(values));
  if (problem.empty()) return "";
  return "histogram() of " + input + " with " + std::to_string(threads) + " threads: " + problem;
}

// Enough values that counting them takes a good fraction of a second under
// ThreadSanitizer: every thread histogram() starts stays in /proc/self/task
// long enough for a sampler polling every 100 us to see it.
constexpr std::size_t kLargeInput = std::size_t{1} << 22;

struct ThreadSample {
  int most_at_once = 0;  // threads added to the process, at the most seen at once
  std::string problem;   // what histogram() threw or got wrong, if it did
};

// Runs histogram(values, threads) on this thread while another one counts
// the process's threads.
ThreadSample sample_threads(const std::vector<std::uint32_t>& values, std::size_t threads) {
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
  const int before = count_threads();  // the sampler included
  ThreadSample sample;
  sample.problem = check_count(values, threads, std::to_string(values.size()) + " random values");
  sampling.store(false);
  sampler.join();
  sample.most_at_once = std::max(0, most - before);
  return sample;
}

TEST(Histogram, ZeroThreadsIsRejected) {
  const std::vector<std::uint32_t> values = random_values(100, 1);
  for (const auto& input : {std::vector<std::uint32_t>{}, values}) {
    try {
      histogram(input, 0);
      ADD_FAILURE() << "histogram() of " << input.size() << " values with 0 threads returned normally: nothing "
                    << "could count them, so it must throw std::invalid_argument";
    } catch (const std::invalid_argument&) {
      // As required.
    } catch (...) {
      ADD_FAILURE() << "histogram() with 0 threads must throw std::invalid_argument, but it threw: "
                    << describe_exception(std::current_exception());
    }
  }
}

TEST(Histogram, EmptyInputCountsNothing) {
  for (std::size_t threads : {1, 2, 4}) {
    std::string problem = check_count({}, threads, "an empty input");
    ASSERT_EQ(problem, "") << "an empty input has every bin at 0";
  }
}

TEST(Histogram, OneValueLandsInItsBin) {
  for (std::uint32_t value : {0u, 1u, 4'000'000'000u}) {
    for (std::size_t threads : {1, 2, 8}) {
      std::string problem = check_count({value}, threads, "the single value " + std::to_string(value));
      ASSERT_EQ(problem, "");
    }
  }
}

TEST(Histogram, FewerValuesThanThreads) {
  for (std::size_t count : {2, 3, 7}) {
    const std::vector<std::uint32_t> values = random_values(count, count);
    for (std::size_t threads : {8, 16}) {
      std::string problem = check_count(values, threads, std::to_string(count) + " random values");
      ASSERT_EQ(problem, "") << "with more threads than values, some threads have nothing to count "
                             << "(or are never started), and every value is still counted once";
    }
  }
}

TEST(Histogram, SizesNotDivisibleByTheThreads) {
  for (std::size_t threads : {2, 3, 5, 7}) {
    for (std::size_t count : {threads * 1000 + 1, threads * 1000 + threads - 1, threads * 333 + 2}) {
      const std::vector<std::uint32_t> values = random_values(count, threads * 100 + count);
      std::string problem = check_count(values, threads, std::to_string(count) + " random values");
      ASSERT_EQ(problem, "") << "the values left over when the input does not split evenly must be counted too, "
                             << "and once";
    }
  }
}

TEST(Histogram, AllEqualValuesFillOneBin) {
  const std::vector<std::uint32_t> values(100'000, 12345u);
  for (std::size_t threads : {1, 2, 4}) {
    std::string problem = check_count(values, threads, "100000 copies of one value");
    ASSERT_EQ(problem, "") << "every thread adds to the same bin here: its counts must not be lost";
  }
}

TEST(Histogram, LargeRandomInputMatchesThePlainLoop) {
  const std::vector<std::uint32_t> values = random_values(1'000'003, 2026);
  for (std::size_t threads : {1, 2, 3, 4, 8}) {
    std::string problem = check_count(values, threads, "1000003 random values");
    ASSERT_EQ(problem, "");
  }
}

TEST(Histogram, SafeToCallFromSeveralThreadsAtOnce) {
  constexpr int kCallers = 3;
  std::vector<std::vector<std::uint32_t>> inputs;
  for (int i = 0; i < kCallers; ++i) inputs.push_back(random_values(200'000 + i, 77 + i));
  std::vector<std::string> problems(kCallers);  // slot i written by caller i only
  GuardedThreads callers;
  for (int i = 0; i < kCallers; ++i)
    callers.start([&, i] { problems[i] = check_count(inputs[i], 2, "caller " + std::to_string(i) + "'s input"); });
  callers.join_all();
  ASSERT_EQ(callers.failures(), "");
  for (int i = 0; i < kCallers; ++i)
    EXPECT_EQ(problems[i], "") << kCallers << " threads called histogram() at the same time on different inputs: "
                               << "each call must count only its own input (no static or global counters)";
}

TEST(Histogram, NeverRunsMoreThanThreadsThreads) {
  const std::vector<std::uint32_t> values = random_values(kLargeInput, 5);
  for (std::size_t threads : {1, 2, 3}) {
    ThreadSample sample = sample_threads(values, threads);
    ASSERT_EQ(sample.problem, "");
    EXPECT_LE(sample.most_at_once, static_cast<int>(threads))
        << "histogram(" << values.size() << " values, " << threads << ") had " << sample.most_at_once
        << " threads running at once besides the caller (counted in /proc/self/task): it may start at most " << threads
        << ", not a thread per slice of a fixed size";
  }
}

TEST(Histogram, RunsThreadsThreadsAtOnce) {
  constexpr std::size_t kThreads = 4;
  const std::vector<std::uint32_t> values = random_values(kLargeInput, 6);
  // Sampled at intervals, a thread could in principle slip between two
  // looks; three calls make that impossible in practice, not the pass easy:
  // a histogram() that starts too few threads is too few every time.
  ThreadSample best;
  for (int attempt = 0; attempt < 3 && best.most_at_once < static_cast<int>(kThreads) - 1; ++attempt) {
    ThreadSample sample = sample_threads(values, kThreads);
    ASSERT_EQ(sample.problem, "");
    best.most_at_once = std::max(best.most_at_once, sample.most_at_once);
  }
  EXPECT_GE(best.most_at_once, static_cast<int>(kThreads) - 1)
      << "histogram(" << values.size() << " values, " << kThreads << ") never had more than " << best.most_at_once
      << " thread(s) of its own running (counted in /proc/self/task): asked for " << kThreads << ", it must start "
      << kThreads << " (or " << kThreads - 1 << " if the calling thread counts a share) and run them at the same time";
}

TEST(Histogram, JoinsEveryThreadBeforeReturning) {
  const std::vector<std::uint32_t> values = random_values(kLargeInput / 4, 7);
  settle_thread_count();
  const int before = count_threads();
  for (std::size_t threads : {2, 4}) {
    std::string problem = check_count(values, threads, std::to_string(values.size()) + " random values");
    ASSERT_EQ(problem, "");
  }
  // A joined thread leaves /proc/self/task a moment after join() returns,
  // so this waits rather than counts once; a thread still running (or kept
  // asleep for a later call) never leaves.
  bool all_gone = eventually([&] { return count_threads() <= before; }, 5s);
  EXPECT_TRUE(all_gone) << "5 s after histogram() returned, the process still had " << count_threads() - before
                        << " more threads than before the calls: every thread histogram() starts must be joined "
                        << "before it returns (no detached threads, no pool kept for the next call)";
}

}  // namespace
