// Tests of course::WorkerPool.
//
// No test measures how fast anything runs. Limits are proven by structure:
// jobs that wait for each other (a rendezvous) can only all get through if
// the pool runs them at the same time; a counter of the jobs inside a region
// shows the most that ever ran at once; /proc/self/task lists the process's
// threads, so a test can count the ones a pool starts. Every wait has a
// generous bound, so a wrong pool fails with a message instead of hanging.
//
// Jobs touch only what is declared before the pool in each test: if a test
// stops early, the pool's destructor still runs the queued jobs, and they
// must find their variables alive. An OpenOnExit declared after the pool
// opens the test's gates first, so that blocked jobs are released at once.
#include "course/worker_pool.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <course_testing/cpu_demand.h>
#include <course_testing/eventually.h>
#include <course_testing/failure_log.h>
#include <course_testing/gate.h>
#include <course_testing/guarded_thread.h>
#include <course_testing/patience.h>
#include <course_testing/peak_counter.h>
#include <course_testing/process_threads.h>
#include <course_testing/rendezvous.h>

namespace {

using course::WorkerPool;
using course_testing::count_threads;
using course_testing::describe;
using course_testing::describe_exception;
using course_testing::eventually;
using course_testing::FailureLog;
using course_testing::Gate;
using course_testing::GuardedThread;
using course_testing::GuardedThreads;
using course_testing::kPatience;
using course_testing::OpenOnExit;
using course_testing::PeakCounter;
using course_testing::Rendezvous;
using course_testing::settle_thread_count;
using namespace std::chrono_literals;

// What the failing jobs of these tests throw: a type of the tests' own, so
// only the job's exception itself can satisfy them.
struct JobFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Waits, with a bound, for the job behind `future` to finish. Returns "" if
// it did, else what went wrong, naming the job `which`. The bound is three
// times the patience because the tests' own jobs may each wait up to one
// patience for a gate that a wrong pool never lets them reach.
std::string await_job(std::future<void>& future, const std::string& which) {
  if (!future.valid()) return "submit() returned a future without a shared state for " + which;
  switch (future.wait_for(3 * kPatience)) {
    case std::future_status::ready:
      return "";
    case std::future_status::deferred:
      return "the future of " + which +
             " is deferred: the job would run only when someone calls get(). "
             "A worker must run it (std::packaged_task or std::promise, not std::async(deferred))";
    case std::future_status::timeout:
      break;
  }
  return "the future of " + which + " was still not ready after " + describe(3 * kPatience) +
         ": the job never ran, or its future was never made ready";
}

// An OpenOnExit (gate.h) declared after the pool runs before the pool's
// destructor: a test that stops early releases its blocked jobs.

// How many jobs of `runs` ran zero times, and more than once; the first of
// each is named in the message.
std::string check_each_ran_once(const std::vector<std::atomic<int>>& runs) {
  int never = 0, repeated = 0;
  std::size_t first_never = 0, first_repeated = 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    int count = runs[i].load();
    if (count == 0 && never++ == 0) first_never = i;
    if (count > 1 && repeated++ == 0) first_repeated = i;
  }
  std::string problem;
  if (never > 0)
    problem += std::to_string(never) + " of the " + std::to_string(runs.size()) + " jobs never ran (the first: job " +
               std::to_string(first_never) + "), although every future was ready. ";
  if (repeated > 0)
    problem += std::to_string(repeated) + " jobs ran more than once (the first: job " + std::to_string(first_repeated) +
               ", " + std::to_string(runs[first_repeated].load()) +
               " times): each job must be taken from the queue by exactly one worker";
  return problem;
}

TEST(WorkerPool, ZeroWorkersIsRejected) {
  try {
    WorkerPool pool(0);
    ADD_FAILURE() << "WorkerPool(0) returned normally: a pool without workers could never run a job, so the "
                     "constructor must throw std::invalid_argument";
  } catch (const std::invalid_argument&) {
    // As required.
  } catch (...) {
    ADD_FAILURE() << "WorkerPool(0) must throw std::invalid_argument, but it threw: "
                  << describe_exception(std::current_exception());
  }
}

TEST(WorkerPool, SizeIsTheWorkerCount) {
  for (std::size_t workers : {1, 3, 5}) {
    WorkerPool pool(workers);
    std::size_t size = pool.size();
    if (size != workers) {
      ADD_FAILURE() << "WorkerPool(" << workers << ").size() returned " << size << ": it must be " << workers
                    << ", the number of workers asked for";
      break;
    }
  }
  std::size_t cores = course::available_cores();
  WorkerPool pool;
  std::size_t size = pool.size();
  EXPECT_TRUE(size == cores) << "WorkerPool() without an argument must have available_cores() = " << cores
                             << " workers, but its size() is " << size;
}

TEST(WorkerPool, SubmitReturnsAtOnceAndAWorkerRunsTheJob) {
  constexpr int kJobs = 5;
  Gate submit_returned;
  bool saw_return = false;                     // written by job 0; read after its future is ready
  std::vector<std::thread::id> ran_on(kJobs);  // slot i is written by job i only
  WorkerPool pool(1);
  OpenOnExit open_anyway(submit_returned);

  std::future<void> first = pool.submit([&] {
    ran_on[0] = std::this_thread::get_id();
    saw_return = submit_returned.wait_for(kPatience);
  });
  submit_returned.open();
  std::string problem = await_job(first, "the job");
  ASSERT_EQ(problem, "");
  first.get();
  EXPECT_TRUE(saw_return) << "the job waited " << describe(kPatience) << " for submit() to return, in vain: "
                          << "submit() must queue the job and return at once, and a worker must run it";
  EXPECT_TRUE(ran_on[0] != std::this_thread::get_id())
      << "the job ran on the thread that called submit(): jobs must run on the pool's worker threads";

  // A pool of one worker runs every job on that one thread.
  std::vector<std::future<void>> futures;
  for (int i = 1; i < kJobs; ++i) {
    futures.push_back(pool.submit([&ran_on, i] { ran_on[i] = std::this_thread::get_id(); }));
  }
  for (int i = 1; i < kJobs; ++i) {
    problem = await_job(futures[i - 1], "job " + std::to_string(i));
    ASSERT_EQ(problem, "");
    futures[i - 1].get();
    if (ran_on[i] != ran_on[0]) {
      ADD_FAILURE() << "jobs 0 and " << i << " of a WorkerPool(1) ran on different threads: the pool's one "
                    << "worker thread must run every job (no thread per job)";
      break;
    }
  }
}

TEST(WorkerPool, FutureCarriesTheJobsException) {
  std::atomic<int> ran{0};
  // Every exception a future rethrows is kept here until the pool is gone.
  // libstdc++ counts an exception's owners in code ThreadSanitizer does not
  // see; if a worker dropped the last owner after this thread had read the
  // exception, ThreadSanitizer would report a race that is not there. Freed
  // here, after the workers are joined, the exceptions die in plain sight.
  std::vector<std::exception_ptr> keep_alive;
  WorkerPool pool(2);
  std::future<void> std_failure = pool.submit([] { throw JobFailure("job 1 failed"); });
  std::future<void> other_failure = pool.submit([] { throw 42; });
  std::future<void> success = pool.submit([&ran] { ran.fetch_add(1); });
  for (auto* future : {&std_failure, &other_failure, &success}) {
    std::string problem = await_job(*future, "a job");
    ASSERT_EQ(problem, "");
  }

  try {
    std_failure.get();
    ADD_FAILURE() << "the job threw JobFailure(\"job 1 failed\"), but get() on its future returned normally: "
                     "the future must rethrow the job's exception";
  } catch (const JobFailure& e) {
    keep_alive.push_back(std::current_exception());
    EXPECT_STREQ(e.what(), "job 1 failed") << "get() rethrew a JobFailure, but not the job's own";
  } catch (...) {
    keep_alive.push_back(std::current_exception());
    ADD_FAILURE() << "the job threw JobFailure(\"job 1 failed\"), but get() on its future threw something else: "
                  << describe_exception(std::current_exception())
                  << ". Store the job's own exception (std::packaged_task does, or "
                     "promise.set_exception(std::current_exception()))";
  }
  try {
    other_failure.get();
    ADD_FAILURE() << "the job threw the int 42, but get() on its future returned normally";
  } catch (int code) {
    keep_alive.push_back(std::current_exception());
    EXPECT_EQ(code, 42) << "get() rethrew an int, but not the job's own";
  } catch (...) {
    keep_alive.push_back(std::current_exception());
    ADD_FAILURE() << "the job threw the int 42 (not a std::exception), but get() on its future threw something "
                     "else: "
                  << describe_exception(std::current_exception()) << ". Catch with catch (...)";
  }
  try {
    success.get();
  } catch (...) {
    keep_alive.push_back(std::current_exception());
    ADD_FAILURE() << "the job did not throw, but get() on its future threw: "
                  << describe_exception(std::current_exception());
  }

  // The workers survived the exceptions and still take jobs.
  constexpr int kMore = 10;
  std::vector<std::future<void>> more;
  for (int i = 0; i < kMore; ++i) more.push_back(pool.submit([&ran] { ran.fetch_add(1); }));
  for (auto& future : more) {
    std::string problem = await_job(future, "a job submitted after two jobs threw");
    ASSERT_EQ(problem, "");
  }
  EXPECT_EQ(ran.load(), 1 + kMore) << "after two jobs threw, the pool must go on running jobs";
}

TEST(WorkerPool, StartsExactlyWorkersThreads) {
  constexpr int kWorkers = 3;
  constexpr int kJobs = 12;
  Gate release;
  std::atomic<int> started{0};
  settle_thread_count();
  const int before = count_threads();
  {
    WorkerPool pool(kWorkers);
    OpenOnExit open_anyway(release);
    const int constructed = count_threads() - before;
    EXPECT_EQ(constructed, kWorkers) << "constructing WorkerPool(" << kWorkers << ") added " << constructed
                                     << " threads to this process (counted in /proc/self/task): the constructor "
                                     << "must start exactly " << kWorkers << " worker threads";

    std::vector<std::future<void>> futures;
    for (int i = 0; i < kJobs; ++i) {
      futures.push_back(pool.submit([&] {
        started.fetch_add(1);
        release.wait_for(kPatience);
      }));
    }
    // Once every worker holds a job, the other jobs wait in the queue.
    eventually([&] { return started.load() >= kWorkers; });
    const int busy = count_threads() - before;
    if (busy != constructed) {
      ADD_FAILURE() << "with " << kJobs << " jobs submitted to WorkerPool(" << kWorkers << "), the pool's threads "
                    << "went from " << constructed << " to " << busy << ": a pool must not start a thread per job; "
                    << "its workers take the queued jobs one after another";
    }
    release.open();
    for (int i = 0; i < kJobs; ++i) {
      std::string problem = await_job(futures[i], "job " + std::to_string(i));
      ASSERT_EQ(problem, "");
    }
    const int after_jobs = count_threads() - before;
    if (after_jobs != constructed) {
      ADD_FAILURE() << "after its jobs had run, WorkerPool(" << kWorkers << ") had " << after_jobs << " threads, "
                    << "and " << constructed << " when it was new: the same workers must live as long as the pool";
    }
  }
  // A thread that has been joined disappears from /proc/self/task a moment
  // later, so this waits rather than counts once.
  bool all_gone = eventually([&] { return count_threads() <= before; });
  EXPECT_TRUE(all_gone) << "after the pool was destroyed, the process still had " << count_threads() - before
                        << " more threads than before it: the destructor must join every worker";
}

TEST(WorkerPool, RunsWorkersJobsAtOnce) {
  // More workers than this machine may have cores: the point is that the
  // pool's threads are all taking jobs, not how fast they run.
  constexpr int kWorkers = 4;
  Rendezvous all_running(kWorkers);
  std::atomic<int> met{0};
  WorkerPool pool(kWorkers);
  std::vector<std::future<void>> futures;
  for (int i = 0; i < kWorkers; ++i) {
    futures.push_back(pool.submit([&] {
      if (all_running.arrive_and_wait(kPatience)) met.fetch_add(1);
    }));
  }
  for (int i = 0; i < kWorkers; ++i) {
    std::string problem = await_job(futures[i], "job " + std::to_string(i));
    ASSERT_EQ(problem, "");
  }
  EXPECT_EQ(met.load(), kWorkers) << "each of " << kWorkers << " jobs waited (up to " << describe(kPatience)
                                  << ") for all " << kWorkers << " to be running at once, but only "
                                  << all_running.arrived_when_broken() << " ever were: a pool of " << kWorkers
                                  << " workers must run " << kWorkers << " jobs at the same time. Does a worker "
                                  << "keep the mutex locked while it runs a job?";
}

TEST(WorkerPool, NeverRunsMoreThanWorkersJobsAtOnce) {
  constexpr int kWorkers = 2;
  constexpr int kJobs = 12;
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
  // A pool with more threads than workers would let more jobs in: give them
  // a moment to arrive before the gate opens. A correct pool passes however
  // long or short this pause is.
  std::this_thread::sleep_for(100ms);
  const int peak_while_closed = inside.peak();
  release.open();
  for (int i = 0; i < kJobs; ++i) {
    std::string problem = await_job(futures[i], "job " + std::to_string(i));
    ASSERT_EQ(problem, "");
  }
  EXPECT_TRUE(full) << "of " << kJobs << " jobs submitted to WorkerPool(" << kWorkers << "), no more than "
                    << peak_while_closed << " ever ran at once: both workers must take jobs";
  EXPECT_LE(inside.peak(), kWorkers) << "up to " << inside.peak() << " jobs ran at the same time in WorkerPool("
                                     << kWorkers << "): a pool must never run more jobs at once than it has "
                                     << "workers (a thread per job? more threads than asked for?)";
  EXPECT_EQ(finished.load(), kJobs) << "every job must run";
}

TEST(WorkerPool, RunsManyJobsExactlyOnce) {
  // In batches of a thousand, each awaited before the next: the jobs and
  // futures of a batch are freed before the next is made, which keeps
  // ThreadSanitizer's bookkeeping (and so this test) small and quick.
  constexpr int kJobs = 100'000;
  constexpr int kBatch = 1'000;
  std::vector<std::atomic<int>> runs(kJobs);  // zero-initialised
  WorkerPool pool(2);
  for (int first = 0; first < kJobs; first += kBatch) {
    std::vector<std::future<void>> futures;
    futures.reserve(kBatch);
    for (int i = first; i < first + kBatch; ++i) futures.push_back(pool.submit([&runs, i] { runs[i].fetch_add(1); }));
    for (int i = 0; i < kBatch; ++i) {
      if (futures[i].valid() && futures[i].wait_for(0s) == std::future_status::ready) continue;  // the usual case
      std::string problem = await_job(futures[i], "job " + std::to_string(first + i) + " of " + std::to_string(kJobs));
      ASSERT_EQ(problem, "");
    }
  }
  EXPECT_EQ(check_each_ran_once(runs), "");
}

TEST(WorkerPool, SubmitIsSafeFromManyThreads) {
  constexpr int kSubmitters = 4;
  constexpr int kPerSubmitter = 2'500;
  std::vector<std::atomic<int>> runs(kSubmitters * kPerSubmitter);
  FailureLog failures;
  Rendezvous start(kSubmitters);
  WorkerPool pool(3);
  GuardedThreads submitters;
  for (int t = 0; t < kSubmitters; ++t) {
    submitters.start([&, t] {
      start.arrive_and_wait(kPatience);  // submit all at once, to collide as much as possible
      std::vector<std::future<void>> futures;
      for (int i = 0; i < kPerSubmitter; ++i) {
        int job = t * kPerSubmitter + i;
        futures.push_back(pool.submit([&runs, job] { runs[job].fetch_add(1); }));
      }
      for (int i = 0; i < kPerSubmitter; ++i) {
        std::string problem = await_job(futures[i], "job " + std::to_string(i) + " of submitter " + std::to_string(t));
        if (!problem.empty()) {
          failures.add(problem);
          return;
        }
      }
    });
  }
  submitters.join_all();
  ASSERT_EQ(submitters.failures(), "") << "submit() threw on one of " << kSubmitters << " submitting threads";
  ASSERT_TRUE(failures.empty()) << failures.summary();
  EXPECT_EQ(check_each_ran_once(runs), "")
      << "(" << kSubmitters << " threads submitted " << kPerSubmitter << " jobs each, all at the same time)";
}

// Each round submits one job to a pool whose workers are all idle, so a
// worker must be woken for it. Now and then the test pauses first, so that
// the workers are fast asleep, not just about to sleep.
TEST(WorkerPool, SleepingWorkersWakeForEveryJob) {
  constexpr int kRounds = 2'000;
  WorkerPool pool(2);
  for (int round = 0; round < kRounds; ++round) {
    if (round % 100 == 0) std::this_thread::sleep_for(2ms);
    std::future<void> future = pool.submit([] {});
    std::string problem = await_job(future, "round " + std::to_string(round) + "'s job");
    ASSERT_EQ(problem, "") << "the job was submitted while every worker was idle, and none woke up to run it. "
                              "submit() must notify a worker after queuing the job, and workers must check the "
                              "queue, with the mutex held, in the predicate of their wait: a lost wakeup";
  }
}

TEST(WorkerPool, WaitIdleWaitsForQueuedAndRunningJobs) {
  constexpr int kWorkers = 2;
  constexpr int kQueued = 20;
  std::atomic<int> running{0};
  std::atomic<int> finished{0};
  Gate release_first, release_second;
  WorkerPool pool(kWorkers);
  OpenOnExit open_first(release_first), open_second(release_second);
  pool.wait_idle();  // a new pool is idle: this returns at once

  auto blocker = [&](Gate& release) {
    return [&running, &finished, gate = &release] {
      running.fetch_add(1);
      gate->wait_for(kPatience);
      finished.fetch_add(1);
    };
  };
  // Runs wait_idle() on a helper thread while the gate is shut, opens the
  // gate, and returns how many jobs had finished when wait_idle() returned.
  auto finished_when_idle = [&](Gate& release) {
    int seen = -1;
    GuardedThread waiter([&] {
      pool.wait_idle();
      seen = finished.load();
    });
    std::this_thread::sleep_for(50ms);  // let the waiter fall asleep; not needed for correctness
    release.open();
    waiter.join();
    if (waiter.failed()) ADD_FAILURE() << "wait_idle() threw: " << waiter.error_message();
    return seen;
  };

  // First the queue is empty, but both workers are running a job.
  for (int i = 0; i < kWorkers; ++i) pool.submit(blocker(release_first));
  ASSERT_TRUE(eventually([&] { return running.load() == kWorkers; }))
      << kWorkers << " jobs submitted to WorkerPool(" << kWorkers << ") did not both start";
  int seen = finished_when_idle(release_first);
  EXPECT_EQ(seen, kWorkers) << "wait_idle() returned when " << seen << " of the " << kWorkers
                            << " running jobs had finished (and nothing was queued): it must wait for running "
                            << "jobs too, not only for the queue to empty";

  // Then both workers are busy and more jobs are queued behind them.
  for (int i = 0; i < kWorkers; ++i) pool.submit(blocker(release_second));
  ASSERT_TRUE(eventually([&] { return running.load() == 2 * kWorkers; }))
      << "2 more jobs submitted to the idle WorkerPool(" << kWorkers << ") did not both start";
  for (int i = 0; i < kQueued; ++i) pool.submit([&finished] { finished.fetch_add(1); });
  seen = finished_when_idle(release_second);
  EXPECT_EQ(seen, 2 * kWorkers + kQueued)
      << "wait_idle() returned when " << seen - kWorkers << " of the " << kWorkers + kQueued << " jobs (" << kWorkers
      << " running, " << kQueued << " queued) had finished: it must wait until the queue is empty and "
      << "no job is running";
  pool.wait_idle();  // idle again: returns at once
}

TEST(WorkerPool, WaitIdleWaitsForJobsThatJobsSubmit) {
  // The first job submits kFanOut jobs, each of them kFanOut more, and so on
  // down to kDepth: 1 + 4 + 16 + 64 jobs.
  constexpr int kFanOut = 4;
  constexpr int kDepth = 3;
  constexpr int kTotal = 1 + 4 + 16 + 64;
  Gate go;
  std::atomic<int> finished{0};
  FailureLog failures;
  std::function<void(int)> spawn;  // before the pool: queued jobs call it until the pool is gone
  WorkerPool pool(3);
  OpenOnExit open_anyway(go);
  spawn = [&](int depth) {
    for (int child = 0; child < kFanOut && depth < kDepth; ++child) {
      try {
        pool.submit([&spawn, depth] { spawn(depth + 1); });
      } catch (...) {
        failures.add("submit() threw inside a job: " + describe_exception(std::current_exception()));
      }
    }
    finished.fetch_add(1);
  };
  pool.submit([&] {
    go.wait_for(kPatience);
    spawn(0);
  });

  int seen = -1;
  GuardedThread waiter([&] {
    pool.wait_idle();
    seen = finished.load();
  });
  std::this_thread::sleep_for(50ms);  // let the waiter fall asleep; not needed for correctness
  go.open();
  waiter.join();
  ASSERT_FALSE(waiter.failed()) << "wait_idle() threw: " << waiter.error_message();
  ASSERT_TRUE(failures.empty()) << failures.summary();
  EXPECT_EQ(seen, kTotal) << "wait_idle() returned when " << seen << " of the " << kTotal << " jobs had finished. "
                          << "The first job submits " << kFanOut << " jobs, each of them " << kFanOut
                          << " more, down to " << kDepth << " levels: a job counts as unfinished from the moment "
                          << "submit() queues it, so the count never touches zero while one is left";
}

TEST(WorkerPool, DestructorRunsEveryQueuedJob) {
  constexpr int kWorkers = 2;
  constexpr int kQueued = 1'000;
  std::atomic<int> running{0};
  std::atomic<int> finished{0};
  Gate release;
  std::vector<std::future<void>> futures;
  auto pool = std::make_unique<WorkerPool>(kWorkers);
  OpenOnExit open_anyway(release);
  for (int i = 0; i < kWorkers; ++i) {
    futures.push_back(pool->submit([&] {
      running.fetch_add(1);
      release.wait_for(kPatience);
      finished.fetch_add(1);
    }));
  }
  for (int i = 0; i < kQueued; ++i) futures.push_back(pool->submit([&finished] { finished.fetch_add(1); }));
  ASSERT_TRUE(eventually([&] { return running.load() == kWorkers; }))
      << kWorkers << " jobs submitted to WorkerPool(" << kWorkers << ") did not both start";

  {
    // Opens the gate a moment after the destructor has begun, so that it
    // starts with both workers busy and every other job still queued.
    GuardedThread opener([&] {
      std::this_thread::sleep_for(50ms);
      release.open();
    });
    pool.reset();
  }
  EXPECT_EQ(finished.load(), kWorkers + kQueued)
      << "the pool was destroyed with " << kWorkers << " jobs running and " << kQueued << " queued, and only "
      << finished.load() << " of them ran: the destructor must run every queued job, then join the workers";
  int unready = 0, broken = 0;
  for (auto& future : futures) {
    if (future.wait_for(0s) != std::future_status::ready) {
      ++unready;
      continue;
    }
    try {
      future.get();
    } catch (...) {
      ++broken;
    }
  }
  EXPECT_EQ(unready, 0) << unready << " futures were not ready after the pool was destroyed";
  EXPECT_EQ(broken, 0) << broken << " futures threw (std::future_error: broken promise?) after the pool was "
                       << "destroyed: their jobs were dropped instead of run";
}

// Why CPU demand and not wall time (course_testing/cpu_demand.h): a busy
// machine can make this test take longer, but it cannot make sleeping
// workers ask for CPU. Workers asleep on a condition variable ask for none
// at all; a worker that spins, yield()s or polls in a loop is running or
// queued to run all the time, which over 300 ms is hundreds of milliseconds
// however loaded the machine is. The bound sits far between the two.
TEST(WorkerPool, IdleWorkersBurnNoCpu) {
  constexpr int kWorkers = 8;  // more than this machine's cores, most likely
  constexpr auto kIdle = 300ms;
  constexpr auto kBound = 100ms;
  const auto before = course_testing::live_threads();
  WorkerPool pool(kWorkers);
  std::vector<std::future<void>> futures;
  for (int i = 0; i < 2 * kWorkers; ++i) futures.push_back(pool.submit([] {}));
  for (auto& future : futures) {
    std::string problem = await_job(future, "a job");
    ASSERT_EQ(problem, "");
  }

  course_testing::CpuDemand demand(before);  // once the workers are back asleep
  std::this_thread::sleep_for(kIdle);
  const std::string restless = demand.restlessness(kBound);
  EXPECT_TRUE(restless.empty()) << "while WorkerPool(" << kWorkers << ") had nothing to do for " << kIdle.count()
                                << " ms, its threads " << restless
                                << ": idle workers must sleep in condition_variable::wait, not "
                                << "spin, yield() or poll in a loop";

  std::future<void> after = pool.submit([] {});
  std::string problem = await_job(after, "a job submitted after the pool had been idle");
  EXPECT_EQ(problem, "");
}

}  // namespace
