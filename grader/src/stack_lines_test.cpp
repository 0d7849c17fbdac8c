#include "stack_lines.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

namespace grader {

// A function of this file's own, whose address the live test looks up.
[[gnu::noinline]] int stack_lines_test_marker(int x) { return x * 3 + 1; }

namespace {

// The main thread of a test that hung in the -O2 binary, as gdb printed it
// (corpus 01/wait_group_lost_wakeup): the student's frame #5 named a line
// of unique_ptr.h, the test's frames #3 and #6 are right already.
const char* kOptimizedGdb = R"(Thread 2 (Thread 0x7ffff7a1d6c0 (LWP 14205) "tests_opt"):
#0  0x00007ffff7aed545 in __GI___clock_nanosleep (clock_id=0) at ../sysdeps/unix/sysv/linux/clock_nanosleep.c:48
#2  0x000055555556d0f6 in std::this_thread::sleep_for<long, std::ratio<1l, 1000000l> > (__rtime=...) at /usr/include/c++/12/bits/this_thread_sleep.h:80
#3  operator() (__closure=0x5555555f6b20) at /course/tests/wait_group_test.cpp:150
#7  0x000055555556fbbc in std::function<void ()>::operator()() const (this=0x5555555f7270) at /usr/include/c++/12/bits/std_function.h:591

Thread 1 (Thread 0x7ffff7eb0780 (LWP 14204) "tests_opt"):
#0  __futex_abstimed_wait_common64 (private=0, cancel=true) at ./nptl/futex-internal.c:57
#4  ___pthread_cond_wait (cond=0x5555555f75a0, mutex=0x5555555f7578) at ./nptl/pthread_cond_wait.c:618
#5  0x000055555558bbdc in course::WaitGroup::wait (this=this@entry=0x7fffffffdec0) at /usr/include/c++/12/bits/unique_ptr.h:191
#6  0x000055555556e024 in (anonymous namespace)::WaitGroup_ReusableAfterReachingZero_Test::TestBody (this=<optimized out>) at /course/tests/wait_group_test.cpp:176
#7  0x00005555555bcde7 in void testing::internal::HandleExceptionsInMethodIfSupported<testing::Test, void>(testing::Test*, void (testing::Test::*)(), char const*) ()
#15 main (argc=<optimized out>, argv=0x7fffffffe388) at /course/common/test_main.cpp:85
)";

const char* kMaps = R"(555555554000-555555560000 r--p 00000000 fe:01 4242                       /build/bench/tests_opt
555555560000-5555555c0000 r-xp 0000c000 fe:01 4242                       /build/bench/tests_opt
5555555c0000-5555555e0000 r--p 0006c000 fe:01 4242                       /build/bench/tests_opt
5555555f0000-555555611000 rw-p 00000000 00:00 0                          [heap]
7ffff7a00000-7ffff7b00000 r-xp 00028000 fe:01 77                         /usr/lib/x86_64-linux-gnu/libc.so.6
)";

const std::vector<std::string> kDirs = {"/home/ann/solutions/01", "/course/tests", "/course/common"};

TEST(StackLines, MapsJoinTheBinarysMappingsAndFindItsBase) {
  auto m = parse_maps(kMaps, 4242);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->start, 0x555555554000u);
  EXPECT_EQ(m->end, 0x5555555e0000u);
  EXPECT_EQ(m->base, 0x555555554000u);
  EXPECT_FALSE(parse_maps(kMaps, 99));
  EXPECT_FALSE(parse_maps(kMaps, 0)) << "inode 0 is every anonymous mapping, never a file";
  EXPECT_FALSE(parse_maps("", 4242));
  EXPECT_FALSE(parse_maps("garbage\n\n-\n 1 2 3 4242\n", 4242));
  // Its lowest mapping at a file offset (a linker script's layout): the base is below it.
  auto shifted = parse_maps("400000-401000 r-xp 00001000 fe:01 5 /x\n", 5);
  ASSERT_TRUE(shifted);
  EXPECT_EQ(shifted->base, 0x3ff000u);
}

TEST(StackLines, LooksUpOnlyFramesOutsideTheDirectoriesThatLieInTheBinary) {
  auto threads = parse_gdb_backtraces(kOptimizedGdb);
  Mapping binary{0x555555554000, 0x5555555e0000, 0x555555554000};
  // Thread 2: #0 is libc's; #2..#3 is a group ending in the test's file
  // (fine as it is); #7 is std::function's, in the binary: asked, one byte
  // back. Thread 1: #0..#4 has no address; #5 is the student's, at
  // unique_ptr.h: asked; #6 is the test's; #7..main ends in the test's main.
  std::vector<std::uint64_t> expected = {0x55555556fbbc - 0x555555554000 - 1, 0x37bdb};
  EXPECT_EQ(addresses_to_look_up(threads, binary, kDirs), expected);
}

TEST(StackLines, ParsesAddr2lineChainsPerAddress) {
  auto lines =
      parse_addr2line("0x0000000000037bdb\ncourse::WaitGroup::wait()\n/submission/wait_group.cpp:45\n"
                      "0x0000000000037bdc\nstd::unique_lock<std::mutex>::~unique_lock()\n/usr/include/c++/12/bits/"
                      "unique_lock.h:103\ncourse::WaitGroup::wait()\n/submission/wait_group.cpp:46 (discriminator 1)\n"
                      "0x0000000000068de6\n??\n??:0\n");
  ASSERT_EQ(lines.size(), 3u);
  ASSERT_EQ(lines[0x37bdb].size(), 1u);
  EXPECT_EQ(lines[0x37bdb][0].function, "course::WaitGroup::wait()");
  EXPECT_EQ(lines[0x37bdb][0].file, "/submission/wait_group.cpp");
  EXPECT_EQ(lines[0x37bdb][0].line, 45);
  ASSERT_EQ(lines[0x37bdc].size(), 2u);
  EXPECT_EQ(lines[0x37bdc][1].line, 46);
  ASSERT_EQ(lines[0x68de6].size(), 1u);
  EXPECT_EQ(lines[0x68de6][0].file, "");
  EXPECT_TRUE(parse_addr2line("").empty());
  EXPECT_TRUE(parse_addr2line("no address first\n/x.cpp:3\n").empty());
}

TEST(StackLines, TheStudentsFrameGetsTheLineInTheirFileAndNothingElseChanges) {
  auto threads = parse_gdb_backtraces(kOptimizedGdb);
  const auto before = threads;
  Mapping binary{0x555555554000, 0x5555555e0000, 0x555555554000};
  std::map<std::uint64_t, std::vector<Frame>> lines = {
      {0x37bdb, {{"course::WaitGroup::wait()", "/home/ann/solutions/01/wait_group.cpp", 45}}},
      // std::function's frame: addr2line says it is in the test's file but
      // under another name (a lambda inlined into it): left as gdb said.
      {0x1bbbb,
       {{"std::function<void ()>::operator()() const", "/usr/include/c++/12/bits/std_function.h", 591},
        {"operator()", "/course/tests/wait_group_test.cpp", 150}}},
      // An address no frame has: nothing to change.
      {0x68de6, {{"course::WaitGroup::wait()", "/home/ann/solutions/01/wait_group.cpp", 9}}}};
  apply_lines(threads, binary, lines, kDirs);
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads[1].frames[2].function, "course::WaitGroup::wait");
  EXPECT_EQ(threads[1].frames[2].file, "/home/ann/solutions/01/wait_group.cpp");
  EXPECT_EQ(threads[1].frames[2].line, 45);
  threads[1].frames[2] = before[1].frames[2];
  for (std::size_t t = 0; t < threads.size(); ++t)
    for (std::size_t f = 0; f < threads[t].frames.size(); ++f) {
      EXPECT_EQ(threads[t].frames[f].file, before[t].frames[f].file) << t << " " << f;
      EXPECT_EQ(threads[t].frames[f].line, before[t].frames[f].line) << t << " " << f;
    }
}

TEST(StackLines, AnAnswerForAnotherFunctionIsNotBelieved) {
  auto threads = parse_gdb_backtraces(kOptimizedGdb);
  Mapping binary{0x555555554000, 0x5555555e0000, 0x555555554000};
  apply_lines(threads, binary, {{0x37bdb, {{"course::Evil::lie()", "/home/ann/solutions/01/wait_group.cpp", 1}}}},
              kDirs);
  EXPECT_EQ(threads[1].frames[2].file, "/usr/include/c++/12/bits/unique_ptr.h");
}

// The I/O part on a live process of this binary: a frame gdb would have
// put in a header, at this file's function, comes back to this file.
TEST(StackLines, ALiveProcesssFrameIsLookedUpInItsBinary) {
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    pause();
    _exit(0);
  }
  ThreadStack thread{1, "main", {}};
  Frame frame{"grader::stack_lines_test_marker(int)", "/usr/include/c++/12/bits/unique_ptr.h", 191};
  frame.pc = reinterpret_cast<std::uintptr_t>(&stack_lines_test_marker);
  thread.frames.push_back(frame);
  std::vector<ThreadStack> threads = {thread};
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe");
  std::string here = std::filesystem::path(__FILE__).parent_path().string();
  relocate_frames(threads, child, self, {here}, "");
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  EXPECT_EQ(threads[0].frames[0].file, __FILE__) << "addr2line (binutils) looked the address up in this binary";
  EXPECT_GT(threads[0].frames[0].line, 0);
  EXPECT_EQ(stack_lines_test_marker(1), 4);
}

}  // namespace
}  // namespace grader
