#include "explain.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

const SourceDirs kDirs{"/course/solutions/01_concurrent_tasks", "/course/exercises/01_concurrent_tasks/tests",
                       "/course"};

TsanReport race_report() {
  TsanReport r;
  r.kind = "data race";
  r.sections = {{"Write of size 8 at 0x7b08 by thread T2",
                 {{"std::vector<int>::push_back(int&&)", "/usr/include/c++/12/bits/stl_vector.h", 1294},
                  {"course::EventLog::record(std::string, std::string)",
                   "/course/solutions/01_concurrent_tasks/event_log.cpp", 24}}},
                {"Previous read of size 8 at 0x7b08 by main thread (mutexes: write M0)",
                 {{"course::EventLog::entries() const", "/course/solutions/01_concurrent_tasks/event_log.cpp", 31}}},
                {"Location is heap block of size 24 at 0x7b08 allocated by main thread", {{"operator new", "", 0}}},
                {"Thread T2 (tid=5, running) created by main thread at",
                 {{"pthread_create", "tsan_interceptors_posix.cpp", 1001},
                  {"course::run_concurrently()", "/course/solutions/01_concurrent_tasks/run_concurrently.cpp", 18}}}};
  return r;
}

TEST(Explain, ARaceNamesBothAccessesInTheStudentsFiles) {
  Finding f = explain_tsan_report(race_report(), kDirs);
  EXPECT_NE(f.message.find(
                "write by thread T2 at solutions/01_concurrent_tasks/event_log.cpp:24 (course::EventLog::record())"),
            std::string::npos)
      << f.message;
  EXPECT_NE(f.message.find("earlier read by main thread at solutions/01_concurrent_tasks/event_log.cpp:31"),
            std::string::npos)
      << f.message;
  EXPECT_NE(f.message.find("thread T2 was started at solutions/01_concurrent_tasks/run_concurrently.cpp:18"),
            std::string::npos)
      << f.message;
  EXPECT_NE(f.message.find("mutex"), std::string::npos) << "the hint says what to do";
  EXPECT_EQ(f.file, "solutions/01_concurrent_tasks/event_log.cpp");
  EXPECT_EQ(f.line, 24);
}

TEST(Explain, TheSameRaceSeenTwiceHasTheSameKey) {
  TsanReport other = race_report();
  other.sections[0].title = "Write of size 8 at 0x7c00 by thread T9";
  EXPECT_EQ(explain_tsan_report(race_report(), kDirs).key, explain_tsan_report(other, kDirs).key);
  other.sections[1].frames[0].line = 40;
  EXPECT_NE(explain_tsan_report(race_report(), kDirs).key, explain_tsan_report(other, kDirs).key);
}

TEST(Explain, StuckThreadsAreGroupedAndPointAtTheStudentsCode) {
  ThreadStack waiter{
      0,
      "tests",
      {{"__pthread_cond_wait_common", "./nptl/pthread_cond_wait.c", 503},
       {"course::WaitGroup::wait", "/course/solutions/01_concurrent_tasks/wait_group.cpp", 30},
       {"WaitGroup_Test::TestBody", "/course/exercises/01_concurrent_tasks/tests/wait_group_test.cpp", 11}}};
  ThreadStack tsan{2, "tests", {{"__tsan::BackgroundThread", "tsan_rtl.cpp", 208}}};
  std::vector<ThreadStack> threads;
  for (int n : {3, 4, 5}) {
    ThreadStack t = waiter;
    t.number = n;
    t.frames.pop_back();
    threads.push_back(t);
  }
  threads.push_back(tsan);
  waiter.number = 1;
  threads.push_back(waiter);

  Finding f = explain_stuck_threads(threads, kDirs);
  EXPECT_NE(
      f.message.find("3 threads: waiting on a condition variable at solutions/01_concurrent_tasks/wait_group.cpp:30"),
      std::string::npos)
      << f.message;
  EXPECT_NE(
      f.message.find("main thread: waiting on a condition variable at solutions/01_concurrent_tasks/wait_group.cpp:30 "
                     "(course::WaitGroup::wait), called from the test at "
                     "exercises/01_concurrent_tasks/tests/wait_group_test.cpp:11"),
      std::string::npos)
      << f.message;
  EXPECT_EQ(f.message.find("BackgroundThread"), std::string::npos) << "ThreadSanitizer's own thread is left out";
  EXPECT_EQ(f.file, "solutions/01_concurrent_tasks/wait_group.cpp");
  EXPECT_EQ(f.line, 30);
}

TEST(Explain, AStuckHelperIsShownWithTheStudentsCallerToo) {
  ThreadStack main{1,
                   "tests",
                   {{"__pthread_cond_wait_common", "./nptl/pthread_cond_wait.c", 503},
                    {"course::WaitGroup::wait", "/course/solutions/01_concurrent_tasks/wait_group.cpp", 37},
                    {"course::run_concurrently", "/course/solutions/01_concurrent_tasks/run_concurrently.cpp", 38},
                    {"TestBody", "/course/exercises/01_concurrent_tasks/tests/run_concurrently_test.cpp", 90}}};
  Finding f = explain_stuck_threads({main}, kDirs);
  EXPECT_NE(f.message.find("wait_group.cpp:37 (course::WaitGroup::wait), called at "
                           "solutions/01_concurrent_tasks/run_concurrently.cpp:38 (course::run_concurrently)"),
            std::string::npos)
      << f.message;
}

TEST(Explain, NoStacksSaysSo) {
  EXPECT_NE(explain_stuck_threads({}, kDirs).message.find("no stacks"), std::string::npos);
}

}  // namespace
}  // namespace grader
