#include "hidden_tests.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "grading_error.h"
#include "test_support.h"
#include "text_report.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

const SourceDirs kDirs{"/course/solutions/01", "/course/exercises/01/hidden", "/course"};

Rubric hidden_rubric() {
  Rubric r;
  r.exercise = "01";
  r.title = "hidden tests";
  r.tests = {{"H.One", 4, "checks one"}, {"H.Two", 3, "checks two"}, {"H.Three", 3, "checks three"}};
  return r;
}

TEST(HiddenTests, EachTestIsACheckOnTheInstructorsScale) {
  HiddenResult hidden = score_hidden(hidden_rubric(),
                                     {outcome("H.One", TestStatus::kPassed), outcome("H.Two", TestStatus::kFailed),
                                      outcome("H.Three", TestStatus::kPassed)},
                                     kDirs);
  EXPECT_DOUBLE_EQ(hidden.max_score, 10);
  EXPECT_DOUBLE_EQ(hidden.score, 7);
  EXPECT_EQ(hidden.status, ExerciseStatus::kFail);
  ASSERT_EQ(hidden.checks.size(), 3u) << "race-free and no-timeouts carry no points and found nothing: not shown";
  EXPECT_EQ(hidden.checks[1].status, CheckStatus::kFail);
  EXPECT_NE(hidden.checks[1].message.find("checks two"), std::string::npos) << "what the test checks";
  EXPECT_NE(hidden.checks[1].message.find("detail of H.Two"), std::string::npos) << "and what happened";
}

TEST(HiddenTests, AStubEarnsNothingAndIsNotImplemented) {
  std::vector<TestOutcome> stub = {outcome("H.One", TestStatus::kNotImplemented),
                                   outcome("H.Two", TestStatus::kNotImplemented),
                                   outcome("H.Three", TestStatus::kNotImplemented)};
  HiddenResult hidden = score_hidden(hidden_rubric(), stub, kDirs);
  EXPECT_DOUBLE_EQ(hidden.score, 0);
  EXPECT_EQ(hidden.status, ExerciseStatus::kNotImplemented);
}

TEST(HiddenTests, ARaceIsReportedEvenWhenItCarriesNoPoints) {
  TestOutcome racy = outcome("H.One", TestStatus::kPassed);
  racy.tsan_reports.push_back(
      {"data race", {{"Write of size 4 at 0x1 by thread T1", {{"f", "/course/solutions/01/a.cpp", 7}}}}, ""});
  HiddenResult hidden = score_hidden(
      hidden_rubric(), {racy, outcome("H.Two", TestStatus::kPassed), outcome("H.Three", TestStatus::kPassed)}, kDirs);
  ASSERT_EQ(hidden.checks.size(), 4u);
  EXPECT_EQ(hidden.checks[3].name, "race-free");
  EXPECT_EQ(hidden.checks[3].status, CheckStatus::kFail);
  EXPECT_EQ(hidden.checks[3].file, "solutions/01/a.cpp");
  EXPECT_DOUBLE_EQ(hidden.score, 10);
  EXPECT_EQ(hidden.status, ExerciseStatus::kFail);
}

TEST(HiddenTests, UnrunTestsAreSkippedWithTheReason) {
  HiddenResult hidden = unrun_hidden(hidden_rubric(), "not run: the exercise does not build");
  EXPECT_EQ(hidden.status, ExerciseStatus::kBuildError);
  EXPECT_DOUBLE_EQ(hidden.max_score, 10);
  ASSERT_EQ(hidden.checks.size(), 3u);
  EXPECT_EQ(hidden.checks[0].status, CheckStatus::kSkipped);
  EXPECT_EQ(hidden.checks[0].message, "not run: the exercise does not build");
}

TEST(HiddenTests, TheReportKeepsThemApartFromTheScore) {
  Report report;
  report.submission = "solutions";
  ExerciseResult e;
  e.id = "01";
  e.dir = "01_x";
  e.title = "X";
  e.status = ExerciseStatus::kFail;
  e.score = 40;
  e.max_score = 100;
  e.hidden = score_hidden(hidden_rubric(),
                          {outcome("H.One", TestStatus::kPassed), outcome("H.Two", TestStatus::kFailed),
                           outcome("H.Three", TestStatus::kFailed)},
                          kDirs);
  report.exercises.push_back(e);
  nlohmann::json j = to_json(report);
  EXPECT_EQ(j["total"], 40) << "hidden points are not part of the total";
  EXPECT_EQ(j["exercises"][0]["score"], 40);
  EXPECT_EQ(j["exercises"][0]["hidden"]["score"], 4);
  EXPECT_EQ(j["exercises"][0]["hidden"]["max_score"], 10);
  EXPECT_EQ(j["exercises"][0]["hidden"]["checks"].size(), 3u);
  EXPECT_EQ(j["exercises"][0]["hidden"]["checks"][1]["name"], "H.Two");
  std::string text = render_text(report, {false});
  EXPECT_NE(text.find("Hidden tests"), std::string::npos) << text;
  EXPECT_NE(text.find("4.0 / 10"), std::string::npos) << text;
  EXPECT_NE(text.find("Total  40.0 / 100"), std::string::npos) << text;
}

TEST(HiddenTests, TheirRubricNeedsNoTitleNorAHundredPoints) {
  ScratchDir dir("hidden_rubric");
  const fs::path file = dir / "hidden.json";
  write_file(file, R"({"exercise": "01", "tests": [{"name": "H.One", "points": 4, "checks": "c"}]})");
  Rubric rubric = load_hidden_rubric(file);
  EXPECT_DOUBLE_EQ(rubric.total(), 4);
  EXPECT_EQ(rubric.test_timeout_seconds, 30);
  write_file(file, R"({"exercise": "01", "tests": []})");
  EXPECT_THROW(load_hidden_rubric(file), GradingError);
}

}  // namespace
}  // namespace grader
