// Hidden tests of exercise 01: the instructor's, never shipped in the
// student template, graded apart from the 100 points (grader grade --hidden).
// Each varies a public test so that a solution written to pass exactly the
// public tests, and no more, shows it: state shared between instances
// (a static log, a global counter), and run_concurrently that cannot be
// called from inside a task.
#include <atomic>
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

#include "course/event_log.h"
#include "course/run_concurrently.h"
#include "course/wait_group.h"

namespace {

using course_testing::describe;
using course_testing::Gate;
using course_testing::GuardedThreads;
using course_testing::kPatience;
using course_testing::PeakCounter;
using course_testing::Rendezvous;

using Tasks = std::vector<std::function<void()>>;

// Four tasks each run four tasks of their own with run_concurrently, and the
// sixteen inner tasks may not finish until all sixteen have started: nested
// calls must not wait for each other (a global lock held while tasks run, a
// global cap on threads) and must all be in progress at once.
TEST(HiddenRunConcurrently, NestedCallsAllOverlap) {
  constexpr int kOuter = 4;
  constexpr int kInner = 4;
  Rendezvous all_started(kOuter * kInner);
  PeakCounter in_progress;
  Tasks outer;
  for (int o = 0; o < kOuter; ++o) {
    outer.push_back([&] {
      Tasks inner;
      for (int i = 0; i < kInner; ++i) {
        inner.push_back([&] {
          auto inside = in_progress.scope();
          all_started.arrive_and_wait(kPatience);
        });
      }
      course::run_concurrently(std::move(inner));
    });
  }
  course::run_concurrently(std::move(outer));
  EXPECT_FALSE(all_started.broken())
      << "only " << all_started.arrived_when_broken() << " of the " << kOuter * kInner
      << " inner tasks had started when " << describe(kPatience) << " passed without another one starting (at most "
      << in_progress.peak() << " in progress at once). " << kOuter << " tasks each called run_concurrently with "
      << kInner << " tasks of their own: calls from inside a task must run at the same time as the others, so no "
      << "lock may be held while tasks run and no limit may be shared between calls";
  EXPECT_EQ(all_started.arrived(), kOuter * kInner) << "not every inner task ran";
}

// Two logs used side by side keep their own events: a log kept in a static
// or global variable mixes them.
TEST(HiddenEventLog, TwoLogsKeepTheirOwnEvents) {
  course::EventLog first;
  course::EventLog second;
  GuardedThreads recorders;
  recorders.start([&] {
    for (int i = 0; i < 300; ++i) first.record("first", std::to_string(i));
  });
  recorders.start([&] {
    for (int i = 0; i < 200; ++i) second.record("second", std::to_string(i));
  });
  recorders.join_all();
  ASSERT_EQ(recorders.failures(), "") << "record() threw on a recording thread";
  auto count_of = [](const std::vector<course::Event>& events, const std::string& task) {
    int n = 0;
    for (const auto& e : events) n += e.task == task ? 1 : 0;
    return n;
  };
  std::vector<course::Event> a = first.entries();
  std::vector<course::Event> b = second.entries();
  EXPECT_EQ(a.size(), 300u) << "the first log holds " << a.size() << " events (" << count_of(a, "second")
                            << " of them recorded in the second log): each EventLog must keep its own events, "
                               "in its own State, not in a static or global variable";
  EXPECT_EQ(b.size(), 200u) << "the second log holds " << b.size() << " events (" << count_of(b, "first")
                            << " of them recorded in the first log): each EventLog must keep its own events";
  course::EventLog third;
  EXPECT_TRUE(third.entries().empty()) << "a new EventLog already holds " << third.entries().size()
                                       << " events: its events must not outlive or be shared with other logs";
}

// Eight threads add and finish tasks at the same time, thousands of times,
// while the count never reaches zero (the test holds one task open). Not one
// update may be lost: once the test finishes its own task, wait() returns,
// and the counter is exactly 0.
TEST(HiddenWaitGroup, ConcurrentAddsAndDonesLoseNoUpdate) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 2'000;
  // Shared with the waiter below, which may outlive the test if wait() never returns.
  auto wg = std::make_shared<course::WaitGroup>();
  wg->add(1);  // the test's own task: the counter stays above zero until it is done
  Rendezvous start(kThreads);
  GuardedThreads workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.start([&] {
      start.arrive_and_wait(kPatience);  // all at once, to collide as much as possible
      for (int round = 0; round < kRounds; ++round) {
        wg->add(2);
        wg->done();
        wg->done();
      }
    });
  }
  workers.join_all();
  ASSERT_EQ(workers.failures(), "") << "add() or done() threw while the counter was never below 1: "
                                       "concurrent updates of the counter were lost";
  wg->done();
  auto returned = std::make_shared<Gate>();
  auto error = std::make_shared<std::exception_ptr>();
  std::thread waiter([wg, returned, error] {
    try {
      wg->wait();
    } catch (...) {
      *error = std::current_exception();
    }
    returned->open();
  });
  if (!returned->wait_for(kPatience)) {
    waiter.detach();  // blocked for good: the process ends with it
    FAIL() << kThreads << " threads each called add(2), done(), done() " << kRounds
           << " times at the same time, then the last task finished, yet wait() did not return within "
           << describe(kPatience) << ": updates of the counter were lost. Change it only with the mutex held";
  }
  waiter.join();
  ASSERT_FALSE(*error) << "wait() threw: " << course_testing::describe_exception(*error);
  EXPECT_THROW(wg->done(), std::logic_error) << "the counter should be exactly 0 now, so done() must throw";
}

}  // namespace
