#include "compiled_sources.h"

#include <gtest/gtest.h>

#include "sandbox.h"

namespace grader {
namespace {

TEST(ReplacePathPrefix, MapsEveryPathThatStartsUnderIt) {
  EXPECT_EQ(replace_path_prefix("/submission/pool.cpp:12:3: error: x", "/submission", "/home/s/01"),
            "/home/s/01/pool.cpp:12:3: error: x");
  // A TSan frame, a gdb frame, a quoted include: after a space, "at ", a quote.
  EXPECT_EQ(replace_path_prefix("    #0 f() /submission/a.cpp:4 (tests+0x1)\n#1 g () at /submission/b.cpp:9\n"
                                "In file included from \"/submission/c.h\"",
                                "/submission", "/s"),
            "    #0 f() /s/a.cpp:4 (tests+0x1)\n#1 g () at /s/b.cpp:9\nIn file included from \"/s/c.h\"");
}

TEST(ReplacePathPrefix, LeavesPathsThatOnlyContainIt) {
  // Gradescope's own layout holds the word: /autograder/submission/...
  EXPECT_EQ(replace_path_prefix("/autograder/submission/a.cpp", "/submission", "/s"), "/autograder/submission/a.cpp");
  EXPECT_EQ(replace_path_prefix("./submission/a.cpp x-/submission/b", "/submission", "/s"),
            "./submission/a.cpp x-/submission/b");
  // Not a directory: a file or a longer name that begins the same.
  EXPECT_EQ(replace_path_prefix("/submission /submissions/a.cpp /submission", "/submission", "/s"),
            "/submission /submissions/a.cpp /submission");
  EXPECT_EQ(replace_path_prefix("", "/submission", "/s"), "");
}

TEST(StudentPaths, AreTheStudentsOwnWhenBuildsRunInTheSandbox) {
  if (!sandbox_support().available) {
    EXPECT_EQ(compiled_sources_dir("/home/s/01"), "/home/s/01");
    EXPECT_EQ(student_paths("/submission/a.cpp:3", "/home/s/01"), "/submission/a.cpp:3");
    return;
  }
  EXPECT_EQ(compiled_sources_dir("/home/s/01"), kCompiledSourcesDir);
  EXPECT_EQ(student_paths("/submission/a.cpp:3", "/home/s/01/"), "/home/s/01/a.cpp:3");
}

}  // namespace
}  // namespace grader
