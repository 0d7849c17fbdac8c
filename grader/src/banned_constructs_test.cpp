#include "banned_constructs.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

TEST(BannedConstructs, FindsTimedLocksAndFencesWithTheirLines) {
  auto found = find_banned_constructs_in("a.cpp",
                                         "#include <mutex>\n"
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
  EXPECT_TRUE(find_banned_constructs_in("a.cpp",
                                        "// no std::timed_mutex here\n"
                                        "/* nor try_lock_for\n   atomic_thread_fence */\n"
                                        "const char* s = \"timed_mutex \\\" try_lock_until\";\n"
                                        "char c = '\\'';\n")
                  .empty());
}

TEST(BannedConstructs, OrdinaryCodeIsFine) {
  EXPECT_TRUE(find_banned_constructs_in("a.cpp", "std::mutex m; std::condition_variable cv; m.try_lock();\n").empty());
}

}  // namespace
}  // namespace grader
