#include "classroom50_result.h"

#include <gtest/gtest.h>

#include "json_text.h"

namespace grader {
namespace {

Classroom50Identity Identity() {
  return {.classroom = "cs-principles",
          .assignment = "concurrency",
          .owner = "alice",
          .submission = "submit/2026-06-01T14-32-05Z-a1b2c3d",
          .commit = "https://github.com/o/r/commit/abc",
          .release = "https://github.com/o/r/releases/tag/submit%2F1",
          .datetime = "2026-06-01T14:32:01Z"};
}

Report SampleReport() {
  ExerciseResult e;
  e.id = "02";
  e.title = "A core-bounded worker pool";
  e.max_score = 100;
  e.checks = {
      {.name = "build", .kind = CheckKind::kBuild, .status = CheckStatus::kPass, .message = "compiled"},
      {.name = "WorkerPool.Size", .status = CheckStatus::kPass, .points = 60, .max_points = 60, .message = "size()"},
      {.name = "race-free",
       .kind = CheckKind::kRace,
       .status = CheckStatus::kPass,  // scaled with correctness, as reports before "partial" said it
       .points = 10.4,
       .max_points = 15,
       .message = "no race"},
      {.name = "no timeouts",
       .kind = CheckKind::kTimeout,
       .status = CheckStatus::kFail,
       .max_points = 10,
       .message = "stuck | here ```` `x`",
       .file = "solutions/02_worker_pool/worker_pool.cpp",
       .line = 41},
      {.name = "performance",
       .kind = CheckKind::kPerformance,
       .status = CheckStatus::kPass,
       .points = 0.1 + 0.2,  // a float's noise
       .max_points = 15,
       .message = "slow"},
  };
  e.score = 70.7;
  Report r;
  r.submission = "solutions";
  r.exercises.push_back(e);
  return r;
}

const nlohmann::json& Entry(const nlohmann::json& result, const std::string& name) {
  for (const auto& t : result["tests"])
    if (t["test-name"] == name) return t;
  static const nlohmann::json none;
  ADD_FAILURE() << "no test " << name;
  return none;
}

TEST(Classroom50, IdentityAndSchemaAsTheContractSays) {
  nlohmann::json j = to_classroom50(SampleReport(), Identity());
  EXPECT_EQ(j["schema"], "classroom50/result/v1");
  EXPECT_EQ(j["classroom"], "cs-principles");
  EXPECT_EQ(j["assignment"], "concurrency");
  EXPECT_EQ(j["owner"], "alice");
  EXPECT_EQ(j["assignment_type"], "individual");
  EXPECT_EQ(j["submission"], "submit/2026-06-01T14-32-05Z-a1b2c3d");
  EXPECT_EQ(j["review"], j["commit"]) << "no REVIEW_URL: the commit, as the contract's templates do";
  EXPECT_EQ(j["datetime"], "2026-06-01T14:32:01Z");
}

TEST(Classroom50, ScoresAreIntegerTenthsAndTotalsAreTheSumsOfTheTests) {
  nlohmann::json j = to_classroom50(SampleReport(), Identity());
  int score = 0, max = 0;
  for (const auto& t : j["tests"]) {
    ASSERT_TRUE(t["score"].is_number_integer()) << t;
    ASSERT_TRUE(t["max-score"].is_number_integer()) << t;
    EXPECT_LE(t["score"].get<int>(), t["max-score"].get<int>());
    score += t["score"].get<int>();
    max += t["max-score"].get<int>();
  }
  EXPECT_TRUE(j["score"].is_number_integer());
  EXPECT_EQ(j["score"], score);
  EXPECT_EQ(j["max-score"], max);
  EXPECT_EQ(max, 1000) << "the exercise's 100 points, x10";
  EXPECT_EQ(Entry(j, "ex02 / race-free")["score"], 104);
  EXPECT_EQ(Entry(j, "ex02 / performance")["score"], 3) << "0.1 + 0.2 points is 3 tenths, not a float's noise";
  EXPECT_EQ(Entry(j, "ex02 / performance")["points"], 0.3);
}

TEST(Classroom50, OneTestPerCheckAndABuildThatWorkedIsLeftOut) {
  nlohmann::json j = to_classroom50(SampleReport(), Identity());
  ASSERT_EQ(j["tests"].size(), 4u);
  for (const auto& t : j["tests"]) EXPECT_NE(t["test-name"], "ex02 / build");
}

TEST(Classroom50, APartialCheckPassesAndSaysPartialFirst) {
  nlohmann::json j = to_classroom50(SampleReport(), Identity());
  const auto& race = Entry(j, "ex02 / race-free");
  EXPECT_EQ(race["passed"], true);
  EXPECT_EQ(race["message"].get<std::string>().rfind("partial: 10.4 of 15 points.", 0), 0u) << race["message"];
  EXPECT_EQ(Entry(j, "ex02 / WorkerPool.Size")["passed"], true);
  EXPECT_EQ(Entry(j, "ex02 / WorkerPool.Size")["message"], "size()") << "full points are not partial";
}

TEST(Classroom50, TheWordPartialFromTheGraderReadsTheSame) {
  // However the check's status is spelled, the points decide: a report.json
  // saying "partial" and one saying "pass" with fewer points agree.
  Report r = SampleReport();
  r.exercises[0].checks[2].status = CheckStatus::kSkipped;
  r.exercises[0].checks[2].points = 0;
  nlohmann::json j = to_classroom50(r, Identity());
  EXPECT_EQ(Entry(j, "ex02 / race-free")["passed"], false) << "no points earned: not passed";
}

TEST(Classroom50, AFailedCheckCarriesItsExplanationAndWhereToLook) {
  nlohmann::json j = to_classroom50(SampleReport(), Identity());
  const auto& hang = Entry(j, "ex02 / no timeouts");
  EXPECT_EQ(hang["passed"], false);
  EXPECT_EQ(hang["file"], "solutions/02_worker_pool/worker_pool.cpp");
  EXPECT_EQ(hang["line"], 41);
  EXPECT_NE(hang["message"].get<std::string>().find("worker_pool.cpp:41"), std::string::npos);
}

TEST(Classroom50, PointsTheChecksDoNotHoldAreANotGradedTest) {
  Report r = SampleReport();
  r.exercises[0].checks.pop_back();  // as an exercise that did not build has no performance check
  nlohmann::json j = to_classroom50(r, Identity());
  const auto& rest = Entry(j, "ex02 / not graded");
  EXPECT_EQ(rest["max-score"], 150);
  EXPECT_EQ(rest["passed"], false);
  EXPECT_EQ(j["max-score"], 1000);
}

TEST(Classroom50, SaysWhenItRanWithoutTheSandbox) {
  Report r = SampleReport();
  EXPECT_EQ(to_classroom50(r, Identity())["sandboxed"], true);
  r.sandboxed = false;
  r.sandbox_missing = "bwrap: setting up uid map: Permission denied";
  nlohmann::json j = to_classroom50(r, Identity());
  EXPECT_EQ(j["sandboxed"], false);
  EXPECT_EQ(j["sandbox_missing"], r.sandbox_missing);
  EXPECT_NE(classroom50_release_body(r).find("without the sandbox"), std::string::npos);
}

TEST(Classroom50, InvalidUtf8InAMessageStillMakesJson) {
  Report r = SampleReport();
  r.exercises[0].checks[3].message = "caf\xe9 \xff";
  EXPECT_NO_THROW(dump_json(to_classroom50(r, Identity())));
}

TEST(Classroom50ReleaseBody, TableOfChecksWithPointsToATenth) {
  std::string body = classroom50_release_body(SampleReport());
  EXPECT_NE(body.find("### 70.7 of 100 points"), std::string::npos) << body;
  EXPECT_NE(body.find("| ex02 / race-free | partial | 10.4 / 15 |"), std::string::npos) << body;
  EXPECT_NE(body.find("| ex02 / no timeouts | FAIL | 0 / 10 |"), std::string::npos) << body;
  EXPECT_NE(body.find("| ex02 / performance | partial | 0.3 / 15 |"), std::string::npos) << body;
  EXPECT_EQ(body.find("0000000"), std::string::npos) << "no float noise: " << body;
  EXPECT_NE(body.find("result.json counts in tenths of a point: 707 of 1000."), std::string::npos) << body;
}

TEST(Classroom50ReleaseBody, StudentTextCannotLeaveItsCodeBlock) {
  std::string body = classroom50_release_body(SampleReport());
  // The message holds a run of four backticks: the fence around it is five.
  EXPECT_NE(body.find("`````text\nstuck | here ```` `x`"), std::string::npos) << body;
}

TEST(Classroom50ReleaseBody, StaysUnderItsLimit) {
  Report r = SampleReport();
  Check big = r.exercises[0].checks[3];
  big.message = std::string(30000, 'x');
  for (int i = 0; i < 10; ++i) r.exercises[0].checks.push_back(big);
  std::string body = classroom50_release_body(r);
  EXPECT_LE(body.size(), kMaxReleaseBodyBytes + 1024);
  EXPECT_NE(body.find("did not fit"), std::string::npos);
}

TEST(Classroom50Assets, ReportJsonWrittenByTheJsonOption) {
  ASSERT_FALSE(classroom50_release_assets().empty());
  EXPECT_EQ(classroom50_release_assets()[0].path, "report.json");
  EXPECT_EQ(classroom50_release_assets()[0].grader_option, "--json");
}

}  // namespace
}  // namespace grader
