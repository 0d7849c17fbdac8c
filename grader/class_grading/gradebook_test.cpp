#include "gradebook.h"

#include <tuple>

#include <gtest/gtest.h>

#include "test_support.h"
#include "text_files.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class Gradebook : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = fresh_test_dir("grader_gradebook_test");
    fs::create_directories(out_ / "results");
  }
  void TearDown() override { fs::remove_all(out_); }
  void save(const StudentResult& r) { write_atomically(result_file(out_, r.student), to_json(r).dump()); }

  fs::path out_;
};

StudentResult graded(const std::string& name, double s01, double s02) {
  return {name,
          BatchStatus::kGraded,
          "",
          12.5,
          {{"01", s01, 100, "fail", 0, 0, 0}, {"02", s02, 100, "pass", 9e6, 8e6, 16e6}}};
}

const char* kReport = R"({"version": 1, "submission": "x", "total": 162.5, "max_total": 200,
  "exercises": [
    {"id": "01", "dir": "01_concurrent_tasks", "title": "t", "score": 62.5, "max_score": 100, "status": "fail",
     "artifacts": "a", "checks": []},
    {"id": "02", "dir": "02_worker_pool", "title": "t", "score": 100, "max_score": 100, "status": "pass",
     "artifacts": "a", "checks": [],
     "performance": {"ratio": 1.1, "student_ns": 11e6, "reference_ns": 10e6, "one_core_ns": 20e6, "cores": 2}}]})";

TEST_F(Gradebook, GradesComeFromTheReportWithTheirSpeed) {
  std::vector<ExerciseGrade> grades = grades_from_report(json::parse(kReport));
  ASSERT_EQ(grades.size(), 2u);
  EXPECT_EQ(grades[0].id, "01");
  EXPECT_DOUBLE_EQ(grades[0].score, 62.5);
  EXPECT_EQ(grades[0].status, "fail");
  EXPECT_EQ(grades[0].student_ns, 0);
  EXPECT_DOUBLE_EQ(grades[1].reference_ns, 10e6);
  EXPECT_DOUBLE_EQ(grades[1].one_core_ns, 20e6);
  EXPECT_THROW(grades_from_report(json::parse(R"({"total": 3})")), json::exception);
}

TEST_F(Gradebook, AResultReadsBackAsItWasWritten) {
  StudentResult r = graded("ana", 62.5, 100);
  StudentResult back = student_result_from_json(json::parse(to_json(r).dump()));
  EXPECT_EQ(back.student, "ana");
  EXPECT_EQ(back.status, BatchStatus::kGraded);
  EXPECT_EQ(back.status_text(), "graded");
  ASSERT_EQ(back.exercises.size(), 2u);
  EXPECT_DOUBLE_EQ(back.exercises[1].student_ns, 9e6);
  EXPECT_DOUBLE_EQ(back.total(), 162.5);
}

TEST_F(Gradebook, TheTotalIsTheSumOfTheScoresToATenth) {
  StudentResult r{"x",
                  BatchStatus::kGraded,
                  "",
                  0,
                  {{"01", 33.3, 100, "", 0, 0, 0}, {"02", 33.3, 100, "", 0, 0, 0}, {"03", 33.4, 100, "", 0, 0, 0}}};
  EXPECT_DOUBLE_EQ(r.total(), 100);
  EXPECT_EQ(StudentResult{}.total(), 0);
}

TEST_F(Gradebook, CsvQuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(csv_field("graded"), "graded");
  EXPECT_EQ(csv_field("grader failed: a, b"), "\"grader failed: a, b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
}

TEST_F(Gradebook, CsvHasOneColumnPerExerciseAndEmptyCellsForUngraded) {
  StudentResult failed{
      "bob", BatchStatus::kGraderFailed, "killed by SIGSEGV, see logs/bob.log", 3, {{"01", 40, 100, "fail", 0, 0, 0}}};
  std::string csv = gradebook_csv({graded("ana", 62.5, 100), failed}, {"01", "02"});
  EXPECT_EQ(csv, "student,01,02,total,status\n"
                 "ana,62.5,100,162.5,graded\n"
                 "bob,40,,40,\"grader failed: killed by SIGSEGV, see logs/bob.log\"\n");
}

TEST_F(Gradebook, JsonHasScoresTotalsAndCounts) {
  StudentResult none{"cy", BatchStatus::kNotASubmission, "empty", 0, {}};
  json j = gradebook_json({graded("ana", 62.5, 100), none}, {"01", "02"});
  EXPECT_EQ(j["exercises"], json({"01", "02"}));
  EXPECT_EQ(j["max_scores"]["02"], 100);
  ASSERT_EQ(j["students"].size(), 2u);
  EXPECT_EQ(j["students"][0]["scores"]["01"], 62.5);
  EXPECT_EQ(j["students"][0]["total"], 162.5);
  EXPECT_EQ(j["students"][0]["report"], "reports/ana.json");
  EXPECT_TRUE(j["students"][1]["scores"]["01"].is_null());
  EXPECT_EQ(j["students"][1]["status"], "not a submission: empty");
  EXPECT_EQ(j["counts"]["graded"], 1);
  EXPECT_EQ(j["counts"]["not_graded"], 1);
}

TEST_F(Gradebook, ResultFilesMakeTheRowsInNameOrder) {
  save(graded("zoe", 0, 0));
  save(graded("ana", 100, 100));
  write_atomically(out_ / "results" / "half.json", R"({"version": 1, "student": "half", "sta)");
  write_atomically(out_ / "results" / "ana.json.tmp", "{");  // a write a kill interrupted
  write_atomically(out_ / "results" / "wrong.json", to_json(graded("someone_else", 1, 1)).dump());
  std::vector<std::string> unreadable;
  std::vector<StudentResult> results = read_results(out_, &unreadable);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].student, "ana");
  EXPECT_EQ(results[1].student, "zoe");
  EXPECT_EQ(unreadable.size(), 2u);
  EXPECT_TRUE(is_finished(out_, "ana"));
  EXPECT_FALSE(is_finished(out_, "half"));
  EXPECT_FALSE(is_finished(out_, "wrong"));
  EXPECT_FALSE(is_finished(out_, "nobody"));
}

TEST_F(Gradebook, OnlyGradesAndTimeoutsAreFinal) {
  StudentResult r = graded("ana", 1, 1);
  save(r);
  EXPECT_TRUE(is_finished(out_, "ana"));
  for (const char* retried : {"grader failed: cannot grade: the course's archive is missing",
                              "grader failed: killed by SIGSEGV", "not a submission: empty"}) {
    std::tie(r.status, r.detail) = status_from_words(retried);
    save(r);
    EXPECT_FALSE(is_finished(out_, "ana")) << retried;
  }
  std::tie(r.status, r.detail) = status_from_words("timed out after 60 min (see logs/ana.log)");
  save(r);
  EXPECT_TRUE(is_finished(out_, "ana"));
}

TEST_F(Gradebook, WrittenFromTheResultsWithTheSelectedColumns) {
  save(graded("ana", 100, 50));
  write_gradebook(out_, {"01", "03"});
  EXPECT_EQ(read_file(out_ / "gradebook.csv"), "student,01,02,03,total,status\nana,100,50,,150,graded\n");
  json j = json::parse(read_file(out_ / "gradebook.json"));
  EXPECT_EQ(j["students"][0]["student"], "ana");
  EXPECT_FALSE(fs::exists(out_ / "gradebook.csv.tmp"));
}

TEST_F(Gradebook, AnEmptyClassHasAHeaderOnly) {
  write_gradebook(out_, {"01"});
  EXPECT_EQ(read_file(out_ / "gradebook.csv"), "student,01,total,status\n");
}

TEST(StatusWords, EveryStateReadsBackFromItsWords) {
  const std::pair<BatchStatus, std::string> states[] = {
      {BatchStatus::kGraded, ""},
      {BatchStatus::kGraderFailed, "killed by SIGSEGV (see logs/ana.log)"},
      {BatchStatus::kTimedOut, "after 60 min (see logs/ana.log)"},
      {BatchStatus::kNotASubmission, "the directory holds neither an exercise directory"}};
  for (const auto& [status, detail] : states)
    EXPECT_EQ(status_from_words(status_words(status, detail)), std::make_pair(status, detail)) << detail;
}

TEST(StatusWords, AreTheGradebooksWordsOfBefore) {
  EXPECT_EQ(status_words(BatchStatus::kGraded, ""), "graded");
  EXPECT_EQ(status_words(BatchStatus::kTimedOut, "after 60 min"), "timed out after 60 min");
  EXPECT_EQ(status_words(BatchStatus::kGraderFailed, "exit status 3"), "grader failed: exit status 3");
  EXPECT_EQ(status_words(BatchStatus::kNotASubmission, "empty"), "not a submission: empty");
}

TEST(StatusWords, WordsNoBatchWroteAreAFailureToRetry) {
  EXPECT_EQ(status_from_words("graded, mostly"),
            std::make_pair(BatchStatus::kGraderFailed, std::string("graded, mostly")));
  EXPECT_EQ(status_from_words("timed out").first, BatchStatus::kGraderFailed);
}

}  // namespace
}  // namespace grader
