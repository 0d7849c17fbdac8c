#include "stack_dump.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "test_support.h"
#include "text_files.h"

namespace grader {
namespace {

const char* kGdb = R"(Using host libthread_db library "/lib/x86_64-linux-gnu/libthread_db.so.1".
__futex_abstimed_wait_common64 (private=128) at ./nptl/futex-internal.c:57

Thread 3 (Thread 0x7ffff1ffe6c0 (LWP 3302) "tests"):
#0  __futex_abstimed_wait_common64 (private=0, cancel=true) at ./nptl/futex-internal.c:57
#3  0x00007ffff4ca65d8 in __pthread_cond_wait_common (abstime=0x0, clockid=0) at ./nptl/pthread_cond_wait.c:503
#8  0x0000555555556405 in std::condition_variable::wait<course::WaitGroup::wait()::<lambda()> > (__p=..., this=0x5) at /usr/include/c++/12/condition_variable:102
#9  course::WaitGroup::wait (this=0x7b) at /sub/01_concurrent_tasks/wait_group.cpp:30
#15 0x00007ffff4ad44a3 in ?? () from /lib/x86_64-linux-gnu/libstdc++.so.6

Thread 2 (Thread 0x7ffff27ff6c0 (LWP 3301) "tests"):
#0  0x00007ffff4eb1e6f in __sanitizer::internal_usleep (useconds=100000) at sanitizer_linux.cpp:460
#2  0x00007ffff4e8a119 in __tsan::BackgroundThread (arg=<optimized out>) at tsan_rtl.cpp:208

Thread 1 (Thread 0x7ffff49fe4c0 (LWP 3299) "tests"):
#0  __futex_abstimed_wait_common64 (private=128) at ./nptl/futex-internal.c:57
#3  0x00007ffff4ca8ce3 in __pthread_clockjoin_ex (threadid=1) at ./nptl/pthread_join_common.c:102
#6  0x000055555555662c in WaitGroup_Test::TestBody (this=0x1) at /course/exercises/01/tests/wait_group_test.cpp:11
)";

TEST(StackDump, ParsesThreadsAndFrames) {
  auto threads = parse_gdb_backtraces(kGdb);
  ASSERT_EQ(threads.size(), 3u);
  EXPECT_EQ(threads[0].number, 3);
  EXPECT_EQ(threads[0].name, "tests");
  ASSERT_EQ(threads[0].frames.size(), 5u);
  EXPECT_EQ(threads[0].frames[3].function, "course::WaitGroup::wait");
  EXPECT_EQ(threads[0].frames[3].file, "/sub/01_concurrent_tasks/wait_group.cpp");
  EXPECT_EQ(threads[0].frames[3].line, 30);
  EXPECT_EQ(threads[0].frames[4].function, "??");
  EXPECT_EQ(threads[0].frames[4].file, "");
}

TEST(StackDump, NamesWhatEachThreadIsBlockedIn) {
  auto threads = parse_gdb_backtraces(kGdb);
  ASSERT_EQ(threads.size(), 3u);
  EXPECT_EQ(blocking_activity(threads[0]), "waiting on a condition variable");
  EXPECT_EQ(blocking_activity(threads[2]), "waiting for another thread to finish (join)");
  ThreadStack spinning{4, "", {{"course::WaitGroup::wait", "/sub/wait_group.cpp", 12}}};
  EXPECT_EQ(blocking_activity(spinning), "running (not blocked: a loop that never ends?)");
}

TEST(StackDump, EmptyOutputHasNoThreads) { EXPECT_TRUE(parse_gdb_backtraces("").empty()); }

// gdb prints a student's function names and arguments: a line of
// megabytes must not crash the parse (std::regex overflowed the stack).
TEST(StackDump, AFourMegabyteLineIsParsedWithoutRecursion) {
  std::string huge(4 << 20, 'x');
  std::string text = "Thread 7 (Thread 0x1 (LWP 2) \"" + huge + "\"):\n#0  0x00007f in " + huge +
                     " (a=1) at /sub/w.cpp:12\n#1  " + huge + "\n";
  auto threads = parse_gdb_backtraces(text);
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_EQ(threads[0].number, 7);
  EXPECT_EQ(threads[0].name.size(), huge.size());
  ASSERT_EQ(threads[0].frames.size(), 2u);
  EXPECT_EQ(threads[0].frames[0].file, "/sub/w.cpp");
  EXPECT_EQ(threads[0].frames[0].line, 12);
  EXPECT_TRUE(parse_gdb_backtraces(std::string(16 << 20, '#')).empty());
}

TEST(StackDump, RandomBytesFinish) {
  std::mt19937 random(3);
  for (int round = 0; round < 100; ++round) {
    std::string bytes = std::string(kGdb).substr(0, random() % 600);
    for (int k = 0; k < 2000; ++k) bytes += static_cast<char>(random() % 5 == 0 ? '\n' : random());
    EXPECT_NO_THROW((void)parse_gdb_backtraces(bytes));
  }
}

TEST(StackDump, ThreadLinesOfOddShapesAreNoThreads) {
  for (const char* line : {"Thread ():", "Thread 1 (\":", "Thread 1 ():", "Thread x (y):", "Thread 99999999999 (a):"})
    EXPECT_NO_THROW((void)parse_gdb_backtraces(line)) << line;
  auto threads = parse_gdb_backtraces("Thread 1 (\"):\n");
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_EQ(threads[0].name, "");
}

// The hung test is still alive while gdb runs, and stacks.txt lies in its
// writable directory: a link planted there must be replaced, not followed.
TEST(StackDump, WritesTheStacksOverAPlantedLinkWithoutTouchingItsTarget) {
  auto dir = fresh_test_dir("stack_dump");
  { std::ofstream(dir / "victim") << "precious"; }
  std::filesystem::create_symlink(dir / "victim", dir / "stacks.txt");
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    pause();
    _exit(0);
  }
  std::string text = dump_stacks(child, dir / "stacks.txt");
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  EXPECT_EQ(read_file(dir / "victim"), "precious") << "the link's target is untouched";
  if (!text.empty()) {  // gdb ran (it is not installed everywhere)
    EXPECT_FALSE(std::filesystem::is_symlink(dir / "stacks.txt"));
    EXPECT_EQ(read_untrusted(dir / "stacks.txt", 1 << 20).content, text);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace grader
