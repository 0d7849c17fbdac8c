#include "banned_constructs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "test_support.h"

namespace grader {
namespace {

TEST(BannedConstructs, FindsTimedLocksAndFencesWithTheirLines) {
  auto found =
      find_banned_constructs_in("a.cpp", "#include <mutex>\n"
                                         "std::timed_mutex m;\n"
                                         "bool f() { return m.try_lock_for(std::chrono::seconds(1)); }\n"
                                         "void g() { std::atomic_thread_fence(std::memory_order_seq_cst); }\n");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].line, 2);
  EXPECT_NE(found[0].message.find("std::mutex"), std::string::npos) << "says what to use instead";
  EXPECT_EQ(found[1].line, 3);
  EXPECT_EQ(found[2].line, 4);
}

TEST(BannedConstructs, CommentsAndStringsDoNotCount) {
  EXPECT_TRUE(find_banned_constructs_in("a.cpp", "// no std::timed_mutex here\n"
                                                 "/* nor try_lock_for\n   atomic_thread_fence */\n"
                                                 "const char* s = \"timed_mutex \\\" try_lock_until\";\n"
                                                 "char c = '\\'';\n")
                  .empty());
}

TEST(BannedConstructs, OrdinaryCodeIsFine) {
  EXPECT_TRUE(find_banned_constructs_in("a.cpp", "std::mutex m; std::condition_variable cv; m.try_lock();\n").empty());
}

TEST(BannedConstructs, WholeWordsOnly) {
  auto found = find_banned_constructs_in("a.cpp", "my_timed_mutex a; timed_mutex_x b; std::recursive_timed_mutex c;\n");
  ASSERT_EQ(found.size(), 1u) << "recursive_timed_mutex is one use, and the others are other names";
}

TEST(BannedConstructs, SixteenMegabytesOnOneLineFinish) {
  std::string code(16 << 20, 'x');
  code += " timed_mutex";
  auto found = find_banned_constructs_in("a.cpp", code);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, 1);
}

TEST(BannedConstructs, ManyUsesAreCountedInOnePass) {
  std::string code;
  for (int i = 0; i < 100000; ++i) code += "timed_mutex m" + std::to_string(i) + ";\n";
  auto found = find_banned_constructs_in("a.cpp", code);
  ASSERT_EQ(found.size(), 100000u);
  EXPECT_EQ(found.back().line, 100000);
}

TEST(BannedConstructs, ASourceThatIsAFifoIsRefusedWithoutBlocking) {
  ScratchDir dir("banned_fifo");
  ASSERT_EQ(mkfifo((dir / "event_log.cpp").c_str(), 0600), 0);
  auto found = find_banned_constructs({dir / "event_log.cpp"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("FIFO"), std::string::npos) << found[0].message;
}

}  // namespace
}  // namespace grader
