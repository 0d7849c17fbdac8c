#include "github_annotations.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

Report SampleReport() {
  ExerciseResult e;
  e.id = "02";
  e.max_score = 100;
  e.checks = {
      {.name = "build", .kind = CheckKind::kBuild, .status = CheckStatus::kPass, .message = "compiled"},
      {.name = "WorkerPool.Size", .status = CheckStatus::kPass, .points = 5, .max_points = 5, .message = "size()"},
      {.name = "WorkerPool.Drain",
       .status = CheckStatus::kFail,
       .max_points = 5,
       .message = "expected 3\r\n::error::forged, 100%",
       .file = "solutions/02_worker_pool/a,b:c.cpp",
       .line = 12},
      {.name = "race-free",
       .kind = CheckKind::kRace,
       .status = CheckStatus::kPass,
       .points = 10.4,
       .max_points = 15,
       .message = "no race"},
      {.name = "no timeouts",
       .kind = CheckKind::kTimeout,
       .status = CheckStatus::kFail,
       .max_points = 10,
       .message = "stuck",
       .file = "/abs/path.cpp",
       .line = 3},
  };
  Report r;
  r.exercises.push_back(e);
  return r;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

TEST(GithubAnnotations, EscapesAsTheRunnerReads) {
  EXPECT_EQ(escape_annotation_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
  EXPECT_EQ(escape_annotation_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
}

TEST(GithubAnnotations, AnErrorPerCheckThatFoundSomethingWrongAtItsFileAndLine) {
  auto lines = Lines(to_github_annotations(SampleReport()));
  ASSERT_EQ(lines.size(), 3u) << to_github_annotations(SampleReport());
  EXPECT_EQ(lines[0],
            "::error file=solutions/02_worker_pool/a%2Cb%3Ac.cpp,line=12,title=ex02 failed test%3A WorkerPool.Drain::0 "
            "of 5 points. expected 3\\x0D%0A::error::forged, 100%25")
      << "a CR is shown (terminal_safe), a newline escaped: the forged command stays data";
  EXPECT_EQ(lines[2], "::error title=ex02 hang%3A no timeouts::0 of 10 points. stuck")
      << "an absolute path is no place in the repository";
}

TEST(GithubAnnotations, APartialCheckIsANoticeNotAnError) {
  auto lines = Lines(to_github_annotations(SampleReport()));
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[1], "::notice title=ex02 partial%3A race-free::partial: 10.4 of 15 points. no race");
}

TEST(GithubAnnotations, EveryLineIsOneCommandWhateverTheMessage) {
  Report r = SampleReport();
  r.exercises[0].checks[2].message = std::string("\x1b[2J\n\n::stop-commands::x\r", 20) + std::string(10000, 'y');
  for (const auto& line : Lines(to_github_annotations(r))) {
    EXPECT_EQ(line.rfind("::", 0), 0u) << line;
    EXPECT_EQ(line.find('\x1b'), std::string::npos);
    EXPECT_LT(line.size(), kMaxAnnotationBytes + 512);
  }
}

TEST(GithubAnnotations, SaysWhenItRanWithoutTheSandbox) {
  Report r = SampleReport();
  r.sandboxed = false;
  r.sandbox_missing = "bwrap: setting up uid map: Permission denied";
  EXPECT_EQ(Lines(to_github_annotations(r))[0],
            "::warning title=graded without the sandbox::The submission ran without bubblewrap: bwrap: setting up uid "
            "map: Permission denied");
}

}  // namespace
}  // namespace grader
