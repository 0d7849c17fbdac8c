#include "diagnostics.h"

#include <random>

#include <gtest/gtest.h>

namespace grader {
namespace {

TEST(Diagnostics, FindsTheFirstCompilerErrorPreferringTheStudentsFile) {
  const char* out = R"([1/3] compile /sub/01/wait_group.cpp
FAILED: obj/wait_group.o
In file included from /sub/01/wait_group.cpp:1:
/course/include/course/wait_group.h:20:8: error: redefinition of 'class course::WaitGroup'
/sub/01/wait_group.cpp:12:5: error: 'cout' was not declared in this scope
   12 |     cout << 1;
      |     ^~~~
)";
  auto d = first_error(out, "/sub/01");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->file, "/sub/01/wait_group.cpp");
  EXPECT_EQ(d->line, 12);
  EXPECT_EQ(d->message, "'cout' was not declared in this scope");
  EXPECT_NE(d->excerpt.find("^~~~"), std::string::npos) << "the caret line is quoted";

  auto anywhere = first_error(out, "/elsewhere");
  ASSERT_TRUE(anywhere.has_value());
  EXPECT_EQ(anywhere->line, 20);
}

TEST(Diagnostics, ReadsClangsFormatToo) {
  auto d = first_error("/sub/a.cpp:7:3: error: use of undeclared identifier 'x'\n", "/sub");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->line, 7);
  EXPECT_EQ(d->message, "use of undeclared identifier 'x'");
}

TEST(Diagnostics, ExplainsAnUndefinedReference) {
  const char* out = "/usr/bin/ld: obj/event_log.o: in function `f':\n"
                    "/sub/01/event_log.cpp:9: undefined reference to `course::WaitGroup::done()'\n"
                    "collect2: error: ld returned 1 exit status\n";
  auto d = first_error(out, "/sub");
  ASSERT_TRUE(d.has_value());
  EXPECT_NE(d->message.find("course::WaitGroup::done()"), std::string::npos);
  EXPECT_NE(d->message.find("never defined"), std::string::npos);
  EXPECT_EQ(d->file, "/sub/01/event_log.cpp");
  EXPECT_EQ(d->line, 9);
}

TEST(Diagnostics, NothingWhenThereIsNoError) {
  EXPECT_FALSE(first_error("[1/1] link tests\n/sub/a.cpp:3:1: warning: unused\n", "/sub").has_value());
}

// Compiler output quotes the student's source: a line of megabytes (a
// huge literal) must neither crash (std::regex did) nor hide the error.
TEST(Diagnostics, AFourMegabyteLineIsParsedWithoutRecursion) {
  std::string huge(4 << 20, 'x');
  std::string out = "/sub/a.cpp:3:1: error: '" + huge + "' was not declared in this scope\n    3 | " + huge + "\n";
  auto d = first_error(out, "/sub");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->file, "/sub/a.cpp");
  EXPECT_EQ(d->line, 3);
  EXPECT_EQ(d->message.size(), huge.size() + 33);
  EXPECT_FALSE(first_error(huge, "/sub").has_value());
  EXPECT_FALSE(first_error(huge + ":1", "/sub").has_value());
}

TEST(Diagnostics, SixteenMegabytesWithoutANewlineFinish) {
  std::string text(16 << 20, ':');
  EXPECT_FALSE(first_error(text, "/sub").has_value());
  std::string ref = "/sub/a.cpp:9: undefined reference to `" + std::string(16 << 20, 'f') + "'";
  auto d = first_error(ref, "/sub");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->line, 9);
}

TEST(Diagnostics, ReadsFatalErrorsAndColumnsLikeBefore) {
  auto d = first_error("/sub/a.cpp:1:10: fatal error: nope.h: No such file or directory\n", "/sub");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->file, "/sub/a.cpp");
  EXPECT_EQ(d->line, 1);
  EXPECT_EQ(d->message, "nope.h: No such file or directory");
  EXPECT_FALSE(first_error("/sub/a.cpp:99999999999: error: x\n", "").has_value()) << "no int overflow";
}

TEST(Diagnostics, RandomBytesFinish) {
  std::mt19937 random(5);
  for (int round = 0; round < 100; ++round) {
    std::string bytes;
    for (int k = 0; k < 3000; ++k) {
      int r = random() % 8;
      bytes += r == 0   ? ':'
               : r == 1 ? '\n'
               : r == 2 ? static_cast<char>('0' + random() % 10)
                        : static_cast<char>(random());
    }
    bytes += ": error: ";
    EXPECT_NO_THROW((void)first_error(bytes, "/sub"));
  }
}

}  // namespace
}  // namespace grader
