// Tests of course::EventLog.
//
// The tests that use several threads record from the test's own thread
// first, so an unwritten record() fails before any thread is started. The
// threads these tests start are the tests' own (not run_concurrently's), so
// that a mistake in one part of the exercise does not fail the others.
#include "course/event_log.h"

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <course_testing/guarded_thread.h>
#include <course_testing/patience.h>
#include <course_testing/rendezvous.h>

namespace {

using course::Event;
using course::EventLog;
using course_testing::GuardedThreads;
using course_testing::kPatience;
using course_testing::Rendezvous;
using Clock = std::chrono::steady_clock;

// "the events recorded by thread 3" and the like in failure messages.
std::string describe(const Event& e) { return "{task \"" + e.task + "\", what \"" + e.what + "\"}"; }

bool same_event(const Event& a, const Event& b) {
  return a.task == b.task && a.what == b.what && a.time == b.time && a.thread == b.thread;
}

// Checks that `events` holds, for each of `threads` recorders named
// "thread K", the records "0", "1", ... in order, starting at "0" and with
// none missing (the last ones may be missing if `complete` is false), and
// that times never decrease along the vector. Returns the first problem, or
// "" if there is none.
std::string check_records(const std::vector<Event>& events, int threads, int per_thread, bool complete) {
  std::map<std::string, int> next;  // task -> the record number expected next
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (i > 0 && e.time < events[i - 1].time)
      return "entry " + std::to_string(i) + " " + describe(e) +
             " has an earlier time than the entry before it: "
             "times must never decrease along entries() (take the time while holding the lock)";
    if (e.task.rfind("thread ", 0) != 0) continue;  // not a recorder's event
    int expected = next[e.task]++;
    if (e.what != std::to_string(expected))
      return "entry " + std::to_string(i) + " is " + describe(e) + ", but the next record of \"" + e.task +
             "\" should have been \"" + std::to_string(expected) + "\": records were lost, duplicated or reordered";
  }
  for (int t = 0; t < threads && complete; ++t) {
    std::string task = "thread " + std::to_string(t);
    if (next[task] != per_thread)
      return "\"" + task + "\" recorded " + std::to_string(per_thread) + " events, but entries() holds " +
             std::to_string(next[task]) + " of them";
  }
  return "";
}

TEST(EventLog, RecordStoresTaskWhatThreadAndTime) {
  EventLog log;
  Clock::time_point before = Clock::now();
  log.record("download A", "start");
  Clock::time_point after = Clock::now();

  std::vector<Event> events = log.entries();
  ASSERT_EQ(events.size(), 1u) << "one record() call must give exactly one entry";
  EXPECT_EQ(events[0].task, "download A") << "Event::task must be record()'s first argument";
  EXPECT_EQ(events[0].what, "start") << "Event::what must be record()'s second argument";
  EXPECT_EQ(events[0].thread, std::this_thread::get_id()) << "Event::thread must be the id of the thread that "
                                                             "called record() (std::this_thread::get_id())";
  EXPECT_TRUE(before <= events[0].time && events[0].time <= after)
      << "Event::time must be std::chrono::steady_clock::now() taken inside record()";

  std::thread::id recorder;
  GuardedThreads other;
  other.start([&] {
    recorder = std::this_thread::get_id();
    log.record("download B", "step 1");
  });
  other.join_all();
  ASSERT_EQ(other.failures(), "") << "record() threw on another thread";
  events = log.entries();
  ASSERT_EQ(events.size(), 2u) << "after two record() calls, entries() must hold two events";
  EXPECT_EQ(events[1].task, "download B");
  EXPECT_EQ(events[1].what, "step 1");
  EXPECT_EQ(events[1].thread, recorder) << "an event recorded on another thread must carry that thread's id, "
                                           "not the id of the thread that created the log";
  EXPECT_NE(events[1].thread, events[0].thread);
}

TEST(EventLog, EntriesKeepRecordOrderWithNonDecreasingTimes) {
  constexpr int kRecords = 200;
  EventLog log;
  for (int i = 0; i < kRecords; ++i) log.record("thread 0", std::to_string(i));
  std::vector<Event> events = log.entries();
  ASSERT_EQ(events.size(), static_cast<std::size_t>(kRecords));
  EXPECT_EQ(check_records(events, 1, kRecords, true), "");
}

// Several threads record as fast as they can, all at once: nothing may be
// lost, and each thread's events keep their order.
TEST(EventLog, ConcurrentRecordsLoseNothing) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 2000;
  EventLog log;
  log.record("main", "begin");

  Rendezvous all_ready(kThreads);
  std::vector<std::thread::id> ids(kThreads);  // slot t is written by recorder t only
  GuardedThreads recorders;
  for (int t = 0; t < kThreads; ++t) {
    recorders.start([&, t] {
      ids[t] = std::this_thread::get_id();
      all_ready.arrive_and_wait(kPatience);  // start together, to collide as much as possible
      std::string task = "thread " + std::to_string(t);
      for (int i = 0; i < kPerThread; ++i) log.record(task, std::to_string(i));
    });
  }
  recorders.join_all();
  ASSERT_EQ(recorders.failures(), "") << "record() threw on a recording thread";

  std::vector<Event> events = log.entries();
  EXPECT_EQ(events.size(), static_cast<std::size_t>(1 + kThreads * kPerThread))
      << kThreads << " threads each recorded " << kPerThread << " events (and the test 1): none may be lost";
  EXPECT_EQ(check_records(events, kThreads, kPerThread, true), "");
  for (const Event& e : events) {
    if (e.task.rfind("thread ", 0) != 0) continue;
    int t = std::stoi(e.task.substr(7));
    if (e.thread != ids[t]) {
      ADD_FAILURE() << describe(e) << " does not carry the id of the thread that recorded it";
      break;
    }
  }
}

// The test's thread calls entries() over and over while others record. Each
// copy must be a consistent snapshot: what an earlier copy held, a later one
// still holds, unchanged and in the same place.
TEST(EventLog, EntriesIsSafeWhileOthersRecord) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 1000;
  constexpr int kMaxSnapshots = 200;
  EventLog log;
  log.record("main", "begin");
  std::vector<Event> previous = log.entries();

  std::atomic<int> finished{0};
  GuardedThreads recorders;
  for (int t = 0; t < kThreads; ++t) {
    recorders.start([&, t] {
      std::string task = "thread " + std::to_string(t);
      for (int i = 0; i < kPerThread; ++i) log.record(task, std::to_string(i));
      finished.fetch_add(1);
    });
  }

  std::string problem;
  for (int snapshot = 0; snapshot < kMaxSnapshots && problem.empty() && finished.load() < kThreads; ++snapshot) {
    std::vector<Event> current = log.entries();
    if (current.size() < previous.size()) {
      problem = "entries() returned " + std::to_string(current.size()) + " events after an earlier call returned " +
                std::to_string(previous.size()) + ": events disappeared";
      break;
    }
    for (std::size_t i = 0; i < previous.size(); ++i) {
      if (!same_event(previous[i], current[i])) {
        problem = "entry " + std::to_string(i) + " was " + describe(previous[i]) + " in one call of entries() and " +
                  describe(current[i]) + " in a later one: recorded events must not change or move";
        break;
      }
    }
    if (problem.empty()) problem = check_records(current, kThreads, kPerThread, false);
    previous = std::move(current);
  }
  recorders.join_all();
  ASSERT_EQ(recorders.failures(), "") << "record() threw on a recording thread";
  EXPECT_EQ(problem, "");
  EXPECT_EQ(check_records(log.entries(), kThreads, kPerThread, true), "");
}

TEST(EventLog, EntriesReturnsACopy) {
  EventLog log;
  log.record("download A", "start");
  log.record("download B", "start");
  std::vector<Event> copy = log.entries();
  ASSERT_EQ(copy.size(), 2u);
  copy[0].what = "changed by the caller";
  copy.pop_back();

  log.record("download A", "finish");
  std::vector<Event> events = log.entries();
  ASSERT_EQ(events.size(), 3u) << "changing the vector entries() returned must not change the log";
  EXPECT_EQ(events[0].what, "start") << "changing the vector entries() returned must not change the log";
  EXPECT_EQ(events[1].task, "download B");
  EXPECT_EQ(events[2].what, "finish");
  EXPECT_EQ(copy.size(), 1u) << "a vector entries() returned earlier must not see later records";
}

}  // namespace
