#include "batch.h"

#include <mutex>
#include <set>
#include <stdexcept>

#include <gtest/gtest.h>

#include "grading_error.h"
#include "json_text.h"
#include "test_support.h"
#include "text_files.h"

namespace grader {
namespace {

namespace fs = std::filesystem;
using Names = std::set<std::string>;

// A course of one exercise, and a roster: ann, bob and cy hand it in; dan's
// directory is empty (not a submission). The grading itself is the seam's.
class Batch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fresh_test_dir("grader_batch_test");
    const std::string profile = R"({"compile_flags": [], "link_flags": [], "link_libraries": []})";
    write_atomically(dir_ / "course_toolchain.json",
                     R"({"course_root": ")" + dir_.string() + R"(", "compiler": "g++", "tests": )" + profile +
                         R"(, "bench": )" + profile + R"(, "tests_opt": )" + profile +
                         R"(, "exercises": {"01": {"dir": "01_x", "include_dirs": [], "test_archive": "a.a",
                             "test_archive_opt": "b.a"}}})");
    for (const char* student : {"ann", "bob", "cy"}) fs::create_directories(dir_ / "roster" / student / "01_x");
    fs::create_directories(dir_ / "roster" / "dan");
    command_.roster = dir_ / "roster";
    command_.out = dir_ / "out";
    command_.toolchain = dir_ / "course_toolchain.json";
    command_.machine_lock = dir_ / "machine.lock";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Grades each student as `outcome` says (graded when it does not name
  // them), remembering whom it graded.
  GradeStudent grading(std::map<std::string, BatchStatus> outcome) {
    return [this, outcome](const BatchRun& run, const Student& s) {
      {
        std::lock_guard lock(mutex_);
        graded_.insert(s.name);
      }
      EXPECT_EQ(run.ids, std::vector<std::string>{"01"});
      auto it = outcome.find(s.name);
      BatchStatus status = it == outcome.end() ? BatchStatus::kGraded : it->second;
      std::string detail = status == BatchStatus::kTimedOut       ? "after 20 min (see logs/" + s.name + ".log)"
                           : status == BatchStatus::kGraderFailed ? "killed by SIGSEGV"
                                                                  : "";
      return StudentResult{s.name, status, detail, 0.001, {{"01", 50, 100, "fail", 0, 0, 0}}};
    };
  }

  Names graded() {
    Names names;
    std::swap(names, graded_);
    return names;
  }

  std::string gradebook() { return read_file(command_.out / "gradebook.csv"); }

  fs::path dir_;
  BatchCommand command_;
  std::mutex mutex_;
  Names graded_;
};

TEST_F(Batch, GradesEverySubmissionAndSaysWhoWasNot) {
  EXPECT_EQ(run_batch(command_, grading({})), 1);  // dan is no submission
  EXPECT_EQ(graded(), (Names{"ann", "bob", "cy"}));
  EXPECT_EQ(gradebook().substr(0, gradebook().find("dan")),
            "student,01,total,status\nann,50,50,graded\nbob,50,50,graded\ncy,50,50,graded\n");
  EXPECT_NE(gradebook().find("dan,,0,not a submission: the directory holds neither"), std::string::npos) << gradebook();
}

TEST_F(Batch, ARerunGradesAgainOnlyWhatCouldNotRun) {
  EXPECT_EQ(run_batch(command_, grading({{"bob", BatchStatus::kGraderFailed}, {"cy", BatchStatus::kTimedOut}})), 1);
  EXPECT_EQ(graded(), (Names{"ann", "bob", "cy"}));
  EXPECT_NE(gradebook().find("bob,50,50,grader failed: killed by SIGSEGV\n"), std::string::npos) << gradebook();
  EXPECT_NE(gradebook().find("cy,50,50,timed out after 20 min (see logs/cy.log)\n"), std::string::npos) << gradebook();

  // A time-out is final (another try would cost as much again); a failure is not.
  EXPECT_EQ(run_batch(command_, grading({})), 1);
  EXPECT_EQ(graded(), Names{"bob"});
  EXPECT_NE(gradebook().find("bob,50,50,graded\n"), std::string::npos) << gradebook();

  // Everyone finished: a rerun grades no one.
  EXPECT_EQ(run_batch(command_, grading({})), 1);
  EXPECT_EQ(graded(), Names{});
}

TEST_F(Batch, AFailureOfTheBatchItselfStopsItKeepingTheFinished) {
  GradeStudent full_disk = [this](const BatchRun& run, const Student& s) {
    if (s.name == "bob") throw std::runtime_error("No space left on device");
    return grading({})(run, s);
  };
  try {
    run_batch(command_, full_disk);
    ADD_FAILURE() << "the batch went on";
  } catch (const GradingError& e) {
    EXPECT_NE(std::string(e.what()).find("while grading bob: No space left on device"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("run the same command again"), std::string::npos) << e.what();
  }
  EXPECT_EQ(graded(), Names{"ann"});  // one at a time: cy never started
  EXPECT_TRUE(is_finished(command_.out, "ann"));
  EXPECT_FALSE(is_finished(command_.out, "bob"));

  EXPECT_EQ(run_batch(command_, grading({})), 1);
  EXPECT_EQ(graded(), (Names{"bob", "cy"}));
}

TEST_F(Batch, TheExercisesAreResolvedOnceAndKeptAcrossReruns) {
  command_.exercises = {"1", "01", "x"};
  EXPECT_EQ(run_batch(command_, grading({})), 1);  // the seam checks run.ids is {"01"}
  command_.exercises = {"99999999999"};
  EXPECT_THROW(run_batch(command_, grading({})), GradingError);
}

}  // namespace
}  // namespace grader
