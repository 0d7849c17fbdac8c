#include "platform_formats.h"

#include <gtest/gtest.h>

namespace grader {
namespace {

Report SampleReport() {
  ExerciseResult e;
  e.id = "02";
  e.dir = "02_worker_pool";
  e.title = "A core-bounded worker pool";
  e.status = "fail";
  e.max_score = 100;
  e.checks = {
      {"build", CheckKind::kBuild, CheckStatus::kPass, 0, 0, "compiled", "", 0},
      {"WorkerPool.SizeIsTheWorkerCount", CheckKind::kCorrectness, CheckStatus::kPass, 1, 1, "size()", "", 0},
      {"race-free", CheckKind::kRace, CheckStatus::kFail, 0, 10, "Data race <here> & there",
       "solutions/02_worker_pool/worker_pool.cpp", 41},
      {"performance", CheckKind::kPerformance, CheckStatus::kPass, 12.3, 20, "1.5x", "", 0},
  };
  e.score = 13.3;
  PerformanceFigures f;
  f.ratio = 1.456;
  e.performance = f;
  Report r;
  r.submission = "solutions";
  r.exercises.push_back(e);
  return r;
}

TEST(Base64, MatchesTheStandardAlphabetAndPadding) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64(std::string("\xff\x00\x10", 3)), "/wAQ");
}

TEST(Classroom, OneTestPerCheckWithPartialCreditAndWhereToLook) {
  nlohmann::json j = to_classroom(SampleReport());
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["status"], "fail");
  EXPECT_EQ(j["max_score"], 100);
  ASSERT_EQ(j["tests"].size(), 3u) << "a build that worked is worth no points and is left out";
  const auto& race = j["tests"][1];
  EXPECT_EQ(race["name"], "ex02 / race-free");
  EXPECT_EQ(race["status"], "fail");
  EXPECT_EQ(race["filename"], "solutions/02_worker_pool/worker_pool.cpp");
  EXPECT_EQ(race["line_no"], 41);
  const auto& perf = j["tests"][2];
  EXPECT_EQ(perf["score"], 12.3);
  EXPECT_EQ(perf["status"], "fail") << "partial credit is a test that lost points";
}

TEST(Classroom, ScoresAddUpToTheReportsTotal) {
  Report r = SampleReport();
  nlohmann::json j = to_classroom(r);
  double sum = 0;
  for (const auto& t : j["tests"]) sum += t["score"].get<double>();
  EXPECT_NEAR(sum, r.total(), 1e-9);
}

TEST(Gradescope, CarriesScoresAndASpeedLeaderboard) {
  nlohmann::json j = to_gradescope(SampleReport(), 41.4);
  EXPECT_EQ(j["execution_time"], 41);
  EXPECT_EQ(j["tests"].size(), 3u);
  EXPECT_EQ(j["tests"][1]["status"], "failed");
  EXPECT_EQ(j["tests"][1]["max_score"], 10);
  EXPECT_EQ(j["tests"][0]["number"], "2.2");
  EXPECT_EQ(j["leaderboard"][0]["value"], 1.46);
  EXPECT_EQ(j["leaderboard"][0]["order"], "asc");
}

TEST(Junit, EscapesTextAndMarksLostPointsAsFailures) {
  std::string xml = to_junit(SampleReport());
  EXPECT_NE(xml.find("<testsuite name=\"ex02 A core-bounded worker pool\" tests=\"4\" failures=\"2\">"),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("Data race &lt;here&gt; &amp; there"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message=\"0 of 10 points\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"WorkerPool.SizeIsTheWorkerCount\"/>"), std::string::npos) << xml;
}

}  // namespace
}  // namespace grader
