#include "tsan_log.h"

#include <random>

#include <gtest/gtest.h>

namespace grader {
namespace {

const char* kRace = R"(==================
WARNING: ThreadSanitizer: data race (pid=2033)
  Write of size 8 at 0x7b0800000010 by thread T2:
    #0 std::vector<course::Event, std::allocator<course::Event> >::push_back(course::Event&&) /usr/include/c++/12/bits/stl_vector.h:1294 (tests+0x1a2b)
    #1 course::EventLog::record(std::__cxx11::basic_string<char>, std::__cxx11::basic_string<char>) /sub/01_concurrent_tasks/event_log.cpp:24 (tests+0x1c00)
    #2 <null> <null> (libstdc++.so.6+0xd44a2)

  Previous read of size 8 at 0x7b0800000010 by main thread (mutexes: write M0):
    #0 course::EventLog::entries() const /sub/01_concurrent_tasks/event_log.cpp:31:12 (tests+0x1d00)

  Thread T2 (tid=2035, running) created by main thread at:
    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)
    #1 course::run_concurrently(std::vector<std::function<void ()> >) /sub/01_concurrent_tasks/run_concurrently.cpp:18 (tests+0x2000)

SUMMARY: ThreadSanitizer: data race /usr/include/c++/12/bits/stl_vector.h:1294 in push_back
==================
==3288==ERROR: ThreadSanitizer: SEGV on unknown address 0x000000000000 (pc 0x5555555564c5 bp 0x7fffffffe6a0 sp 0x7fffffffe550 T3288)
==3288==The signal is caused by a WRITE memory access.
    #0 main /tmp/t/h.cpp:9 (h+0x24c5)
SUMMARY: ThreadSanitizer: SEGV /tmp/t/h.cpp:9 in main
)";

TEST(TsanLog, ParsesEachReportWithItsSectionsAndFrames) {
  auto reports = parse_tsan_log(kRace);
  ASSERT_EQ(reports.size(), 2u);
  const TsanReport& race = reports[0];
  EXPECT_EQ(race.kind, "data race");
  ASSERT_EQ(race.sections.size(), 3u);
  EXPECT_EQ(race.sections[0].title, "Write of size 8 at 0x7b0800000010 by thread T2");
  ASSERT_EQ(race.sections[0].frames.size(), 3u);
  EXPECT_EQ(race.sections[0].frames[1].file, "/sub/01_concurrent_tasks/event_log.cpp");
  EXPECT_EQ(race.sections[0].frames[1].line, 24);
  EXPECT_EQ(race.sections[1].frames[0].line, 31) << "a column after the line is dropped";
  EXPECT_EQ(race.summary, "data race /usr/include/c++/12/bits/stl_vector.h:1294 in push_back");
}

TEST(TsanLog, ReadsDeadlySignalsAsReportsOfTheirOwn) {
  auto reports = parse_tsan_log(kRace);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[1].kind, "SEGV on unknown address 0x000000000000");
  ASSERT_EQ(reports[1].sections.size(), 1u);
  EXPECT_EQ(reports[1].sections[0].frames[0].function, "main");
}

TEST(TsanLog, ParsesFramesWithoutSourceOrWithSpacesInTheFunction) {
  Frame unknown = parse_tsan_frame("<null> <null> (libstdc++.so.6+0xd44a2)");
  EXPECT_EQ(unknown.function, "");
  EXPECT_EQ(unknown.file, "");
  Frame spaced = parse_tsan_frame("std::map<int, int>::at(int const&) /usr/include/c++/12/bits/stl_map.h:540 (t+0x1)");
  EXPECT_EQ(spaced.function, "std::map<int, int>::at(int const&)");
  EXPECT_EQ(spaced.line, 540);
}

TEST(TsanLog, IgnoresTextOutsideReports) {
  EXPECT_TRUE(parse_tsan_log("ThreadSanitizer: reported 0 warnings\nhello\n").empty());
}

// The log lies where the test can write: a 4 MB line, a 16 MB file without
// a newline, random bytes all finish (std::regex overflowed the stack on
// the first) with what a real report in them says.
TEST(TsanLog, AFourMegabyteLineIsParsedWithoutRecursion) {
  std::string huge(4 << 20, 'x');
  auto reports = parse_tsan_log("WARNING: ThreadSanitizer: " + huge + "\n" + kRace);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_LE(reports[0].kind.size(), 512u) << "the kind is bounded";
  EXPECT_EQ(reports[1].kind, "data race") << "the real report after it is still read";
  Frame frame = parse_tsan_frame(huge + " " + huge + ":12 (t+0x1)");
  EXPECT_EQ(frame.line, 12);
  EXPECT_EQ(frame.file.size(), huge.size());
}

TEST(TsanLog, SixteenMegabytesWithoutANewlineFinish) {
  std::string text(16 << 20, 'x');
  text.replace(0, 26, "WARNING: ThreadSanitizer: ");
  auto reports = parse_tsan_log(text);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].sections.empty());
  EXPECT_TRUE(parse_tsan_log(std::string(16 << 20, ' ')).empty());
}

TEST(TsanLog, ALineNumberTooLargeForAnIntIsNoLocation) {
  Frame frame = parse_tsan_frame("f() /a.cpp:99999999999999 (t+0x1)");
  EXPECT_EQ(frame.line, 0);
  EXPECT_EQ(frame.file, "");
}

TEST(TsanLog, ManyReportsAreBounded) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "WARNING: ThreadSanitizer: data race (pid=1)\n    #0 f /a.cpp:1 (t+0x1)\n";
  EXPECT_EQ(parse_tsan_log(text).size(), 256u);
}

TEST(TsanLog, RandomBytesFinish) {
  std::mt19937 random(99);
  for (int round = 0; round < 100; ++round) {
    std::string bytes = std::string(kRace).substr(0, random() % 400);
    for (int k = 0; k < 2000; ++k) bytes += static_cast<char>(random() % 4 == 0 ? '\n' : random());
    EXPECT_NO_THROW((void)parse_tsan_log(bytes));
  }
}

}  // namespace
}  // namespace grader
