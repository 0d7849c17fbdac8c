// The command lines one grader gives another, parsed back with the real
// command-line definitions: a batch's child `grader grade` and a Slurm
// task's `grader batch` must accept every option they are given, and read
// back what the parent meant.
#include <gtest/gtest.h>
#include <CLI/CLI.hpp>

#include "batch.h"
#include "batch_command.h"
#include "grade_command.h"
#include "machine_lock.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

// Parses `argv` (a program, a subcommand, its options) with `app`.
void parse(CLI::App& app, const std::vector<std::string>& argv) {
  std::vector<const char*> words;
  for (const auto& w : argv) words.push_back(w.c_str());
  app.parse(static_cast<int>(words.size()), words.data());
}

BatchRun a_run() {
  BatchRun run;
  run.grader = "/proc/42/exe";
  run.toolchain = "/course/build/course_toolchain.json";
  run.out = "/shared/out";
  run.machine_lock = "/tmp/course-grader-machine.lock";
  run.ids = {"01", "03"};
  run.child_jobs = 3;
  run.limit = std::chrono::minutes(40);
  run.stress = 7;
  return run;
}

TEST(ChildArgv, TheBatchsChildGradeAcceptsEveryOptionItIsGiven) {
  const BatchRun run = a_run();
  const Student ann{"ann", "/roster/ann", "/roster/ann/solutions", ""};
  CLI::App app;
  GradeCommand grade;
  Command command = add_grade_command(app, grade);
  ASSERT_NO_THROW(parse(app, grade_child_argv(run, ann)));
  EXPECT_TRUE(command.cli->parsed());
  EXPECT_EQ(grade.submission, ann.submission);
  EXPECT_EQ(grade.work_dir, fs::path("/shared/out/work/ann"));
  EXPECT_EQ(grade.json_out, fs::path("/shared/out/work/ann/report.partial.json"));
  EXPECT_EQ(grade.html_out, fs::path("/shared/out/reports/ann.html"));
  EXPECT_EQ(grade.format, "text");
  EXPECT_EQ(grade.out, fs::path("/shared/out/reports/ann.txt"));
  EXPECT_EQ(grade.toolchain, run.toolchain);
  EXPECT_EQ(grade.jobs, 3u);
  EXPECT_EQ(grade.machine_lock, run.machine_lock);
  EXPECT_TRUE(grade.hidden);
  EXPECT_EQ(grade.exercises, run.ids);
  EXPECT_EQ(grade.stress, 7u);
}

// A grade run by hand (make check, the course's own tests) shares the
// batch's lock file unless told otherwise, so that it never builds beside
// another grader's performance phase; '' opts out.
TEST(GradeOptions, AGradeSharesTheMachineLockUnlessToldOtherwise) {
  {
    CLI::App app;
    GradeCommand grade;
    add_grade_command(app, grade);
    parse(app, {"grader", "grade", "--submission", "/s"});
    EXPECT_EQ(grade.machine_lock, default_machine_lock_file());
    EXPECT_FALSE(grade.machine_lock.empty());
  }
  {
    CLI::App app;
    GradeCommand grade;
    add_grade_command(app, grade);
    parse(app, {"grader", "grade", "--submission", "/s", "--machine-lock", ""});
    EXPECT_TRUE(grade.machine_lock.empty());
  }
}

TEST(ChildArgv, ASlurmTaskAcceptsEveryOptionItIsGiven) {
  const BatchRun run = a_run();
  BatchCommand parent;
  parent.jobs = 2;
  parent.machine_lock = "/tmp/lock";
  std::vector<std::string> argv = slurm_task_argv(parent, run, "/shared/grader", "/shared/roster");
  argv.insert(argv.end(), {"--shard", "4/9"});  // as the job script adds it (slurm_batch.h)
  CLI::App app;
  BatchCommand task;
  Command command = add_batch_command(app, task);
  ASSERT_NO_THROW(parse(app, argv));
  EXPECT_TRUE(command.cli->parsed());
  EXPECT_EQ(task.roster, fs::path("/shared/roster"));
  EXPECT_EQ(task.out, run.out);
  EXPECT_EQ(task.toolchain, run.toolchain);
  EXPECT_EQ(task.jobs, 2u);
  EXPECT_EQ(task.student_minutes, 40u);
  EXPECT_EQ(task.exercises, run.ids);
  EXPECT_EQ(task.stress, std::optional<unsigned>(7));
  EXPECT_EQ(task.machine_lock, run.machine_lock);
  EXPECT_EQ(task.shard, "4/9");
  EXPECT_FALSE(task.slurm);  // a task grades here
}

TEST(ChildArgv, AnOptionTheCommandDoesNotKnowIsRefused) {
  // What the two tests above rely on: CLI11 refuses what it was not told of.
  CLI::App app;
  GradeCommand grade;
  add_grade_command(app, grade);
  EXPECT_THROW(parse(app, {"grader", "grade", "--submission", "x", "--student-timeout", "3"}), CLI::ParseError);
}

}  // namespace
}  // namespace grader
