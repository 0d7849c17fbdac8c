#include "text_report.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

Report ReportWithMessage(const std::string& message) {
  ExerciseResult e;
  e.id = "01";
  e.dir = "01_concurrent_tasks";
  e.title = "Concurrent tasks";
  e.status = ExerciseStatus::kFail;
  e.max_score = 100;
  e.checks = {{.name = "EventLog.Record",
               .kind = CheckKind::kCorrectness,
               .status = CheckStatus::kFail,
               .max_points = 3,
               .message = message,
               .file = "solutions/01_concurrent_tasks/event_log.cpp",
               .line = 9}};
  Report r;
  r.submission = "solutions";
  r.exercises.push_back(e);
  return r;
}

TEST(TextReport, ControlBytesFromATestCannotActOnTheTerminal) {
  std::string text = render_text(ReportWithMessage("printed \x1b[2J\x1b[H\x07 and \xFF\xFE\rover"), {false});
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "no escape sequence reaches the terminal";
  EXPECT_EQ(text.find('\a'), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_NE(text.find("printed \\x1B[2J\\x1B[H\\x07 and \xEF\xBF\xBD\xEF\xBF\xBD\\x0Dover"), std::string::npos) << text;
}

TEST(TextReport, ColorsAreStillTheGradersOwn) {
  std::string text = render_text(ReportWithMessage("\x1b[32mPASS"), {true});
  EXPECT_NE(text.find("\033[31mFAIL\033[0m"), std::string::npos) << "the grader's own colors remain";
  EXPECT_EQ(text.find("\x1b[32mPASS"), std::string::npos) << "the test's do not";
}

TEST(TextReport, APartialCheckReadsPartWithItsPointsAndWords) {
  Report r = ReportWithMessage("x");
  r.exercises[0].checks.push_back({.name = "race-free",
                                   .kind = CheckKind::kRace,
                                   .status = CheckStatus::kPartial,
                                   .points = 10.4,
                                   .max_points = 15,
                                   .message = "Earned in proportion to the tests passed"});
  std::string text = render_text(r, {false});
  EXPECT_NE(text.find("PART  race-free"), std::string::npos) << text;
  EXPECT_NE(text.find(" 10.4 / 15"), std::string::npos) << text;
  EXPECT_NE(text.find("Earned in proportion"), std::string::npos) << text;
  EXPECT_EQ(text.find("FAIL  race-free"), std::string::npos) << text;
}

TEST(TextReport, AHugeMessageIsShownBounded) {
  std::string text = render_text(ReportWithMessage(std::string(4 << 20, 'x')), {false});
  EXPECT_LT(text.size(), 64u << 10);
  EXPECT_NE(text.find("bytes more were cut"), std::string::npos);
}

}  // namespace
}  // namespace grader
