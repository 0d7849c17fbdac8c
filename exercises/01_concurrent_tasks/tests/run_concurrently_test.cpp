// Tests of course::run_concurrently.
//
// Overlap is proven without a clock: tasks wait (with a generous bound) for
// each other to start, which only works if they are in progress at the same
// time. A run_concurrently that runs tasks one after another fails these
// tests after one bound, with a message, instead of hanging.
#include "course/run_concurrently.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <course_testing/failure_log.h>
#include <course_testing/gate.h>
#include <course_testing/guarded_thread.h>
#include <course_testing/patience.h>
#include <course_testing/peak_counter.h>
#include <course_testing/rendezvous.h>
#include <course_testing/thread_exit.h>

#include "course/not_implemented.h"

namespace {

using course::run_concurrently;
using course_testing::describe;
using course_testing::FailureLog;
using course_testing::Gate;
using course_testing::kPatience;
using course_testing::PeakCounter;
using course_testing::Rendezvous;
using namespace std::chrono_literals;

using Tasks = std::vector<std::function<void()>>;

// What the failing tasks of these tests throw: a type of the tests' own, so
// that only the task's exception itself (not a copy into another type, not
// something else run_concurrently throws) can satisfy them.
struct TaskFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// And a type that is not a std::exception at all.
struct NotAStdException {
  int code;
};

// Runs `tasks`; returns what run_concurrently threw, or null.
std::exception_ptr run_and_catch(Tasks tasks) {
  try {
    run_concurrently(std::move(tasks));
  } catch (...) {
    return std::current_exception();
  }
  return nullptr;
}

// Expects `thrown` (from RunAndCatch) to be a TaskFailure whose message is
// `expected`; describes anything else as a failure. False if run_concurrently
// threw something else: then what the tasks did is beside the point, and the
// caller checks no further.
bool expect_task_failure(std::exception_ptr thrown, const std::string& expected) {
  if (!thrown) {
    ADD_FAILURE() << "run_concurrently returned normally, but a task threw TaskFailure(\"" << expected
                  << "\"): it must rethrow that exception to the caller once every task has finished";
    return true;
  }
  try {
    std::rethrow_exception(thrown);
  } catch (const TaskFailure& e) {
    EXPECT_EQ(std::string(e.what()), expected)
        << "run_concurrently rethrew the exception of the wrong task: the caller must get the exception "
           "that was thrown first (in time)";
  } catch (const course::NotImplemented& e) {
    ADD_FAILURE() << e.what();
    return false;
  } catch (...) {
    ADD_FAILURE() << "expected the task's own exception, TaskFailure(\"" << expected
                  << "\"), but run_concurrently threw another one: " << course_testing::describe_exception(thrown)
                  << ". Keep the task's exception with std::current_exception() and rethrow it with "
                     "std::rethrow_exception(); do not wrap or copy it";
    return false;
  }
  return true;
}

TEST(RunConcurrently, EmptyVectorReturnsAtOnce) { run_concurrently({}); }

TEST(RunConcurrently, EveryTaskRunsExactlyOnce) {
  constexpr int kTasks = 50;
  std::vector<int> runs(kTasks, 0);  // slot i is written by task i only
  Tasks tasks;
  for (int i = 0; i < kTasks; ++i) {
    tasks.push_back([&runs, i] {
      std::this_thread::sleep_for(1ms);  // still running if run_concurrently returns too early
      ++runs[i];
    });
  }
  run_concurrently(std::move(tasks));
  for (int i = 0; i < kTasks; ++i)
    EXPECT_EQ(runs[i], 1) << "task " << i << " of " << kTasks << " ran " << runs[i]
                          << " times by the time run_concurrently returned; every task must run exactly once";
}

TEST(RunConcurrently, WaitsForEveryTaskToFinish) {
  constexpr int kTasks = 8;
  std::vector<int> finished(kTasks, 0);  // slot i is written by task i only
  Tasks tasks;
  for (int i = 0; i < kTasks; ++i) {
    tasks.push_back([&finished, i] {
      for (int step = 0; step < 3; ++step) std::this_thread::sleep_for(2ms);  // some I/O-like waiting
      finished[i] = 1;
    });
  }
  run_concurrently(std::move(tasks));
  for (int i = 0; i < kTasks; ++i)
    EXPECT_EQ(finished[i], 1) << "run_concurrently returned before task " << i
                              << " had finished: it must wait for (join) every task it started";
}

// Two tasks, each of which starts and then waits for the other to start: a
// task that waits must not hold up the other.
TEST(RunConcurrently, TwoTasksOverlap) {
  Gate started[2];
  FailureLog failures;
  Tasks tasks;
  for (int me : {0, 1}) {
    int other = 1 - me;
    tasks.push_back([&, me, other] {
      started[me].open();
      if (!started[other].wait_for(kPatience))
        failures.add("task " + std::to_string(me) + " waited " + describe(kPatience) + " for task " +
                     std::to_string(other) +
                     " to start, in vain: the tasks are not running at the same time. run_concurrently must "
                     "start every task, each on a thread of its own, before it waits for any of them");
    });
  }
  run_concurrently(std::move(tasks));
  EXPECT_TRUE(failures.empty()) << failures.summary();
}

// Concurrency is not limited by the number of cores: hundreds of tasks that
// all wait must all be in progress at once, and none may finish before all
// have started. 300 is far more than "a few threads per core" on a laptop or a
// grading container; on a machine with more than 37 cores the test asks for 8
// tasks per core instead, so a pool sized by the core count fails everywhere.
// Not more: under ThreadSanitizer each thread costs about 1 MB, set up page by
// page (1,000 tasks took 8.7 s of CPU and 1.07 GB, more memory than
// Gradescope's default container has).
TEST(RunConcurrently, HundredsOfTasksAreAllInProgressAtOnce) {
  const int kTasks = std::max(300, 8 * static_cast<int>(std::thread::hardware_concurrency()));
  Rendezvous all_started(kTasks);
  PeakCounter in_progress;
  Tasks tasks;
  for (int i = 0; i < kTasks; ++i) {
    tasks.push_back([&] {
      auto inside = in_progress.scope();
      all_started.arrive_and_wait(kPatience);
    });
  }
  run_concurrently(std::move(tasks));
  EXPECT_FALSE(all_started.broken())
      << "only " << all_started.arrived_when_broken() << " of the " << kTasks << " tasks had started when "
      << describe(kPatience) << " had passed without another one starting (at most " << in_progress.peak()
      << " were in progress at once), and these tasks cannot finish before all have started. run_concurrently "
         "must give every task a thread of its own, started at once: not run them one by one, nor on a few "
         "threads, one per core";
  EXPECT_EQ(all_started.arrived(), kTasks) << "not every task ran";
}

TEST(RunConcurrently, OneFailingTaskDoesNotStopTheOthers) {
  constexpr int kTasks = 6;
  constexpr int kFailing = 2;
  std::vector<int> finished(kTasks, 0);  // slot i is written by task i only
  Tasks tasks;
  for (int i = 0; i < kTasks; ++i) {
    if (i == kFailing) {
      tasks.push_back([] { throw TaskFailure("task 2 failed on purpose"); });
    } else {
      tasks.push_back([&finished, i] {
        for (int step = 0; step < 3; ++step) std::this_thread::sleep_for(2ms);  // still busy when task 2 throws
        finished[i] = 1;
      });
    }
  }
  if (!expect_task_failure(run_and_catch(std::move(tasks)), "task 2 failed on purpose")) return;
  for (int i = 0; i < kTasks; ++i) {
    if (i == kFailing) continue;
    EXPECT_EQ(finished[i], 1) << "task " << i << " had not finished when run_concurrently ended: when task " << kFailing
                              << " throws, every other task must still run to completion, and "
                              << "run_concurrently must wait for all of them before it rethrows";
  }
}

// Three tasks throw, one after another in an order fixed by the test (and
// unlike their order in the vector): task 2, then task 0, then task 3. Each
// waits until the previous thrower's thread has ended, that is, until
// run_concurrently has certainly caught the earlier exception. Task 1 does
// not throw and finishes last.
TEST(RunConcurrently, FirstExceptionInTimeIsRethrown) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  // Shared pointers: the thread-exit callbacks may outlive this test.
  std::shared_ptr<Gate> thread_ended[4];
  for (auto& gate : thread_ended) gate = std::make_shared<Gate>();
  std::vector<int> reached_end(4, 0);  // slot i is written by task i only
  FailureLog failures;

  auto task = [&](int me, int after, bool throws) {
    return [&, me, after, throws] {
      course_testing::at_thread_exit([gate = thread_ended[me]] { gate->open(); });
      if (after >= 0 && !thread_ended[after]->wait_until(deadline))
        failures.add("task " + std::to_string(me) + " was still waiting for the thread of task " +
                     std::to_string(after) + " to end when the test's " + describe(kPatience) +
                     " ran out: the tasks are not running at the same time, each on a thread of its own");
      reached_end[me] = 1;
      if (throws) throw TaskFailure("task " + std::to_string(me) + " threw");
    };
  };
  Tasks tasks;
  tasks.push_back(task(0, /*after=*/2, /*throws=*/true));   // second
  tasks.push_back(task(1, /*after=*/3, /*throws=*/false));  // last, no exception
  tasks.push_back(task(2, /*after=*/-1, /*throws=*/true));  // first
  tasks.push_back(task(3, /*after=*/0, /*throws=*/true));   // third
  std::exception_ptr thrown = run_and_catch(std::move(tasks));
  EXPECT_TRUE(failures.empty()) << failures.summary();
  if (!expect_task_failure(thrown, "task 2 threw")) return;
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(reached_end[i], 1) << "task " << i << " had not finished when run_concurrently ended: every task "
                                 << "must run to completion before the first exception is rethrown";
}

// Many tasks throw at the same moment, released together by one gate, and
// the test does it again and again: their threads then store their
// exceptions at once, so the first exception must be kept under a mutex.
// Without one, the threads race on the exception_ptr, which
// ThreadSanitizer reports (race-free), and a torn or doubly released
// exception_ptr can crash or rethrow something no task threw. Whatever the
// interleaving, the caller gets exactly one exception, one of those thrown.
// Which one came first is not knowable here; FirstExceptionInTimeIsRethrown
// checks the order.
TEST(RunConcurrently, SimultaneousExceptionsRethrowOneOfThem) {
  constexpr int kThrowers = 8;
  constexpr int kRounds = 40;
  for (int round = 0; round < kRounds; ++round) {
    Rendezvous ready(kThrowers + 1);  // the throwers and the task that opens the gate
    Gate go;
    std::vector<int> reached_throw(kThrowers, 0);  // slot i is written by task i only
    FailureLog failures;
    Tasks tasks;
    for (int i = 0; i < kThrowers; ++i) {
      tasks.push_back([&, i] {
        if (!ready.arrive_and_wait(kPatience) || !go.wait_for(kPatience)) {
          failures.add("task " + std::to_string(i) + " gave up waiting for the other tasks to start within " +
                       describe(kPatience) + ": they are not running at the same time, each on a thread of its own");
        }
        reached_throw[i] = 1;
        throw TaskFailure("task " + std::to_string(i) + " threw");
      });
    }
    tasks.push_back([&] {
      ready.arrive_and_wait(kPatience);
      go.open();  // every thrower at once
    });
    std::exception_ptr thrown = run_and_catch(std::move(tasks));
    ASSERT_TRUE(failures.empty()) << "round " << round << ": " << failures.summary();
    ASSERT_TRUE(thrown) << "round " << round << ": " << kThrowers
                        << " tasks threw at the same moment, but run_concurrently returned normally: "
                        << "it must rethrow the first of their exceptions";
    try {
      std::rethrow_exception(thrown);
    } catch (const TaskFailure& e) {
      std::string what = e.what();
      bool one_of_them = false;
      for (int i = 0; i < kThrowers; ++i) one_of_them |= what == "task " + std::to_string(i) + " threw";
      ASSERT_TRUE(one_of_them) << "round " << round << ": run_concurrently rethrew TaskFailure(\"" << what
                               << "\"), which no task threw: when several tasks throw at once, keep the first "
                               << "exception_ptr under a mutex and rethrow it unchanged";
    } catch (const course::NotImplemented& e) {
      FAIL() << e.what();
    } catch (...) {
      FAIL() << "round " << round << ": " << kThrowers << " tasks threw TaskFailure at the same moment, but "
             << "run_concurrently threw something else: " << course_testing::describe_exception(thrown)
             << ". Keep the first exception with std::current_exception(), under a mutex, and rethrow it "
                "with std::rethrow_exception()";
    }
    for (int i = 0; i < kThrowers; ++i)
      ASSERT_EQ(reached_throw[i], 1) << "round " << round << ": task " << i
                                     << " had not run when run_concurrently ended";
  }
}

TEST(RunConcurrently, ExceptionsOfAnyTypePropagate) {
  std::vector<int> finished(3, 0);  // slot i is written by task i only
  Tasks tasks;
  tasks.push_back([&finished] { finished[0] = 1; });
  tasks.push_back([] { throw NotAStdException{42}; });
  tasks.push_back([&finished] { finished[2] = 1; });
  std::exception_ptr thrown = run_and_catch(std::move(tasks));
  ASSERT_TRUE(thrown) << "run_concurrently returned normally, but task 1 threw a NotAStdException (a type not "
                         "derived from std::exception): the caller must get it. Catch with catch (...) and keep "
                         "it with std::current_exception()";
  try {
    std::rethrow_exception(thrown);
  } catch (const NotAStdException& e) {
    EXPECT_EQ(e.code, 42) << "the rethrown NotAStdException is not the one task 1 threw";
  } catch (const course::NotImplemented& e) {
    FAIL() << e.what();
  } catch (...) {
    FAIL() << "task 1 threw a NotAStdException (not derived from std::exception), but run_concurrently threw "
              "something else: "
           << course_testing::describe_exception(thrown)
           << ". Catch with catch (...), keep it with std::current_exception() and rethrow it with "
              "std::rethrow_exception()";
  }
  EXPECT_EQ(finished[0], 1) << "task 0 had not finished when run_concurrently ended";
  EXPECT_EQ(finished[2], 1) << "task 2 had not finished when run_concurrently ended";
}

}  // namespace
