// Hidden tests of exercise 02: the instructor's, never shipped in the
// student template, graded apart from the 100 points (grader grade --hidden).
// They vary public tests in size (three workers instead of two, one worker
// draining thousands of jobs) and add what the public tests leave open: two
// pools must not share state.
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <course_testing/eventually.h>
#include <course_testing/gate.h>
#include <course_testing/patience.h>
#include <course_testing/peak_counter.h>

#include "course/worker_pool.h"

namespace {

using course::WorkerPool;
using course_testing::describe;
using course_testing::eventually;
using course_testing::Gate;
using course_testing::kPatience;
using course_testing::OpenOnExit;
using course_testing::PeakCounter;
using namespace std::chrono_literals;

// "" if the job behind `future` finished within a bound, else what went wrong.
std::string await_job(std::future<void>& future, const std::string& which) {
  if (!future.valid()) return "submit() returned a future without a shared state for " + which;
  if (future.wait_for(3 * kPatience) == std::future_status::ready) return "";
  return "the future of " + which + " was not ready after " + describe(3 * kPatience) +
         ": the job never ran, or its future was never made ready";
}

// The public NeverRunsMoreThanWorkersJobsAtOnce with three workers and
// thirty jobs: all three workers take jobs, and never a fourth job runs.
TEST(HiddenWorkerPool, ThreeWorkersRunThreeOfThirtyJobsAtOnce) {
  constexpr int kWorkers = 3;
  constexpr int kJobs = 30;
  PeakCounter inside;
  Gate release;
  std::atomic<int> finished{0};
  WorkerPool pool(kWorkers);
  OpenOnExit open_anyway(release);
  std::vector<std::future<void>> futures;
  for (int i = 0; i < kJobs; ++i) {
    futures.push_back(pool.submit([&] {
      {
        auto scope = inside.scope();
        release.wait_for(kPatience);
      }
      finished.fetch_add(1);
    }));
  }
  bool full = eventually([&] { return inside.current() >= kWorkers; });
  std::this_thread::sleep_for(100ms);  // room for a fourth job to slip in; a correct pool passes regardless
  const int peak_while_closed = inside.peak();
  release.open();
  for (int i = 0; i < kJobs; ++i) {
    std::string problem = await_job(futures[i], "job " + std::to_string(i));
    ASSERT_EQ(problem, "");
  }
  EXPECT_TRUE(full) << "of " << kJobs << " jobs submitted to WorkerPool(" << kWorkers << "), no more than "
                    << peak_while_closed << " ever ran at once: every worker must take jobs";
  EXPECT_LE(inside.peak(), kWorkers) << "up to " << inside.peak() << " jobs ran at the same time in WorkerPool("
                                     << kWorkers << "): never more jobs at once than workers";
  EXPECT_EQ(finished.load(), kJobs) << "every job must run";
}

// A job of one pool waits for a job of another: two pools must have workers
// and queues of their own. One queue or one set of threads shared between
// pools (static members, globals) leaves the second job waiting behind the first.
TEST(HiddenWorkerPool, TwoPoolsRunTheirJobsIndependently) {
  Gate second_ran;
  std::atomic<bool> first_saw_second{false};
  WorkerPool first(1);
  WorkerPool second(1);
  OpenOnExit open_anyway(second_ran);
  std::future<void> waiting = first.submit([&] { first_saw_second = second_ran.wait_for(kPatience); });
  std::future<void> opening = second.submit([&] { second_ran.open(); });
  ASSERT_EQ(await_job(opening, "the second pool's job"), "")
      << "the only worker of the first pool is busy, and the second pool's job never ran: pools must not share "
         "their workers or their queue";
  ASSERT_EQ(await_job(waiting, "the first pool's job"), "");
  EXPECT_TRUE(first_saw_second.load()) << "a job of WorkerPool(1) waited " << describe(kPatience)
                                       << " for a job of another WorkerPool(1) to run, "
                                       << "in vain: each pool must have workers and a queue of its own";
  EXPECT_EQ(first.size(), 1u);
  EXPECT_EQ(second.size(), 1u);
}

// The public DestructorRunsEveryQueuedJob with one worker and five thousand
// queued jobs, destroyed at once: one worker drains the whole queue.
TEST(HiddenWorkerPool, OneWorkerDrainsFiveThousandJobsOnDestruction) {
  constexpr int kJobs = 5'000;
  std::atomic<int> finished{0};
  Gate release;
  std::vector<std::future<void>> futures;
  futures.reserve(kJobs + 1);
  auto pool = std::make_unique<WorkerPool>(1);
  OpenOnExit open_anyway(release);
  futures.push_back(pool->submit([&] { release.wait_for(kPatience); }));  // holds the only worker
  for (int i = 0; i < kJobs; ++i) futures.push_back(pool->submit([&finished] { finished.fetch_add(1); }));
  {
    std::thread opener([&] {
      std::this_thread::sleep_for(50ms);  // the destructor starts with the whole queue waiting
      release.open();
    });
    pool.reset();
    opener.join();
  }
  EXPECT_EQ(finished.load(), kJobs) << "WorkerPool(1) was destroyed with " << kJobs << " jobs queued behind a "
                                    << "running one, and only " << finished.load() << " of them ran: the destructor "
                                    << "must let the worker drain the queue before joining it";
  int unready = 0;
  for (auto& future : futures) unready += future.wait_for(0s) == std::future_status::ready ? 0 : 1;
  EXPECT_EQ(unready, 0) << unready << " futures were not ready after the pool was destroyed";
}

}  // namespace
