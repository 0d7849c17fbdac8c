#include "slurm_batch.h"

#include <gtest/gtest.h>

#include "gradebook.h"
#include "grading_error.h"
#include "roster.h"
#include "test_support.h"
#include "text_files.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

class SlurmBatchFiles : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fresh_test_dir("grader_slurm_batch_test"); }
  void TearDown() override { fs::remove_all(dir_); }

  // A stand-in for a Slurm client: a shell script.
  std::string program(const std::string& name, const std::string& body) {
    fs::path file = dir_ / name;
    write_atomically(file, "#!/bin/sh\n" + body + "\n");
    fs::permissions(file, fs::perms::owner_all);
    return file.string();
  }

  fs::path dir_;
};

TEST(SlurmBatch, OneTaskPerStudentUpToSlurmsDefaultArraySize) {
  EXPECT_EQ(slurm_shard_count(4, 0), 4u);
  EXPECT_EQ(slurm_shard_count(400, 0), 400u);
  EXPECT_EQ(slurm_shard_count(5000, 0), kMaxSlurmTasks);
  EXPECT_EQ(slurm_shard_count(400, 16), 16u);
  EXPECT_EQ(slurm_shard_count(3, 16), 3u);  // no task without a student
  EXPECT_EQ(slurm_shard_count(0, 0), 1u);
}

TEST(SlurmBatch, SubmitsOnlyTheShardsThatHoldAnUnfinishedStudent) {
  //                                   k: 0      1      2     3      4     5
  const std::vector<bool> unfinished = {false, false, true, false, true, false};
  EXPECT_EQ(shards_with_work(unfinished, 6), (std::vector<unsigned>{2, 4}));
  // Three shards: {0, 3}, {1, 4}, {2, 5}.
  EXPECT_EQ(shards_with_work(unfinished, 3), (std::vector<unsigned>{1, 2}));
  EXPECT_TRUE(shards_with_work({false, false}, 2).empty());
}

TEST(SlurmBatch, ShardsAreTheLocalBatchsShards) {
  // Student k of the roster is in the task's shard exactly when
  // `grader batch --shard I/N` grades it.
  std::vector<Student> roster;
  for (int k = 0; k < 7; ++k) roster.push_back({"s" + std::to_string(k), {}, {}, ""});
  std::vector<bool> unfinished(7, false);
  unfinished[5] = true;
  std::vector<unsigned> shards = shards_with_work(unfinished, 3);
  ASSERT_EQ(shards.size(), 1u);
  std::vector<Student> graded = students_of(roster, {shards[0], 3});
  EXPECT_NE(std::find_if(graded.begin(), graded.end(), [](const Student& s) { return s.name == "s5"; }), graded.end());
}

TEST(SlurmBatch, ArrayIndicesAreRangesWithTheThrottle) {
  EXPECT_EQ(array_indices({0, 1, 2, 3}, 0), "0-3");
  EXPECT_EQ(array_indices({0, 1, 2, 3}, 2), "0-3%2");
  EXPECT_EQ(array_indices({0, 2, 3, 4, 7, 9, 10}, 0), "0,2-4,7,9-10");
  EXPECT_EQ(array_indices({5}, 1), "5%1");
}

TEST(SlurmBatch, ATasksTimeCoversItsStudentsOneAfterAnother) {
  EXPECT_EQ(default_task_time(4, 4, std::chrono::minutes(20)), "30");
  EXPECT_EQ(default_task_time(7, 3, std::chrono::minutes(80)), "250");  // 3 students in the fullest shard
}

TEST(SlurmBatch, TheJobScriptRunsTheTasksShard) {
  std::string script =
      job_script({"/shared/grader", "batch", "--roster", "/shared/my roster", "--out", "/shared/out"}, 4);
  EXPECT_TRUE(script.starts_with("#!/bin/sh\n"));
  EXPECT_NE(script.find("\nexec /shared/grader batch --roster '/shared/my roster' --out /shared/out "
                        "--shard \"$SLURM_ARRAY_TASK_ID/4\"\n"),
            std::string::npos)
      << script;
}

TEST(SlurmBatch, TheSbatchCommandLine) {
  SlurmOptions options;
  options.partition = "grading";
  options.account = "cs101";
  options.sbatch_args = {"--qos=long"};
  EXPECT_EQ(sbatch_command(options, "0-3%2", "50", "/shared/out/slurm"),
            (std::vector<std::string>{"sbatch", "--parsable", "--job-name=grader-batch", "--array=0-3%2", "--exclusive",
                                      "--partition=grading", "--account=cs101", "--time=50",
                                      "--output=/shared/out/slurm/task-%A_%a.log", "--chdir=/shared/out/slurm",
                                      "--qos=long", "/shared/out/slurm/grade.sbatch"}));
  // Without a partition or an account: the cluster's defaults.
  std::vector<std::string> plain = sbatch_command(SlurmOptions{}, "0", "30", "/o/slurm");
  for (const auto& arg : plain) {
    EXPECT_FALSE(arg.starts_with("--partition")) << arg;
    EXPECT_FALSE(arg.starts_with("--account")) << arg;
  }
}

TEST(SlurmBatch, ParsesTheJobIdOfParsableOutput) {
  EXPECT_EQ(parse_job_id("1234\n"), "1234");
  EXPECT_EQ(parse_job_id("1234;cluster-a\n"), "1234");
  EXPECT_EQ(parse_job_id("sbatch: warning: something\n77\n"), "77");
  EXPECT_THROW(parse_job_id(""), GradingError);
  try {
    parse_job_id("Submitted batch job\n");
    FAIL() << "no job id, and no error";
  } catch (const GradingError& e) {
    EXPECT_NE(std::string(e.what()).find("Submitted batch job"), std::string::npos) << e.what();
  }
}

TEST(SlurmBatch, ParsesTheQueuesTasks) {
  std::vector<TaskState> tasks = parse_queue("0 COMPLETED\n1 RUNNING\n2 PENDING\n3 CANCELLED\nN/A RUNNING\n\n");
  ASSERT_EQ(tasks.size(), 4u);
  EXPECT_EQ(tasks[1].index, 1u);
  EXPECT_EQ(tasks[1].state, "RUNNING");
  EXPECT_EQ(tasks[3].state, "CANCELLED");
  EXPECT_TRUE(parse_queue("").empty());
}

TEST(SlurmBatch, WaitsForTasksSlurmMayStillRun) {
  for (const char* state : {"PENDING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "CONFIGURING"})
    EXPECT_TRUE(is_active(state)) << state;
  for (const char* state : {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED"})
    EXPECT_FALSE(is_active(state)) << state;
}

TEST(SlurmBatch, QuotesForTheShell) {
  EXPECT_EQ(shell_command_line({"sbatch", "--array=0-3%2", "/a/b.sbatch"}), "sbatch --array=0-3%2 /a/b.sbatch");
  EXPECT_EQ(shell_command_line({"echo", "it's here", ""}), "echo 'it'\\''s here' ''");
}

TEST_F(SlurmBatchFiles, SaysWhenSbatchIsMissing) {
  try {
    submit({(dir_ / "no-sbatch-here").string(), "--parsable"}, dir_);
    FAIL() << "submitted without sbatch";
  } catch (const GradingError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("cannot run"), std::string::npos) << what;
    EXPECT_NE(what.find("on PATH"), std::string::npos) << what;
  }
}

TEST_F(SlurmBatchFiles, QuotesSbatchsWordsWhenItRefusesTheJob) {
  std::string sbatch = program("sbatch", "echo 'sbatch: error: invalid partition specified: nope' >&2; exit 1");
  try {
    submit({sbatch, "--partition=nope"}, dir_);
    FAIL() << "a refused job was taken for submitted";
  } catch (const GradingError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("was not submitted"), std::string::npos) << what;
    EXPECT_NE(what.find("invalid partition specified: nope"), std::string::npos) << what;
    EXPECT_NE(what.find("exit status 1"), std::string::npos) << what;
  }
}

TEST_F(SlurmBatchFiles, ReturnsTheJobIdOfASubmission) {
  std::string sbatch = program("sbatch", "echo 4242");
  EXPECT_EQ(submit({sbatch, "--parsable"}, dir_), "4242");
}

// The batch's own parts around the Slurm clients: what it submits and when
// it follows the last call's job instead, with stand-ins for sbatch and squeue.
class SlurmBatchRun : public SlurmBatchFiles {
 protected:
  SlurmBatch batch() {
    SlurmBatch b;
    b.out = dir_ / "out";
    b.students = {"ann", "bob", "cy"};
    b.exercise_ids = {"01"};
    b.task_command = {"/shared/grader", "batch", "--out", b.out.string()};
    b.student_limit = std::chrono::minutes(20);
    b.options.sbatch = program("sbatch", "echo \"$@\" >> " + (dir_ / "sbatch.args").string() + "; echo 99");
    // The job is finished as soon as it is asked about.
    b.options.squeue = program("squeue", "echo '0 COMPLETED'");
    b.options.wait = false;
    return b;
  }

  void finish(const SlurmBatch& b, const std::string& student) {
    fs::create_directories(b.out / "results");
    write_atomically(result_file(b.out, student),
                     to_json(StudentResult{student, BatchStatus::kGraded, "", 1, {}}).dump());
  }
};

TEST_F(SlurmBatchRun, SubmitsTheUnfinishedStudentsShardsOnly) {
  SlurmBatch b = batch();
  finish(b, "ann");
  finish(b, "cy");
  EXPECT_TRUE(grade_on_slurm(b));
  std::string args = read_file(dir_ / "sbatch.args");
  EXPECT_NE(args.find("--array=1 "), std::string::npos) << args;
  EXPECT_NE(args.find("--exclusive"), std::string::npos) << args;
  EXPECT_NE(read_file(b.out / "slurm" / "grade.sbatch").find("--shard \"$SLURM_ARRAY_TASK_ID/3\""), std::string::npos);
  EXPECT_NE(read_file(b.out / "slurm" / "job.json").find("\"99\""), std::string::npos);
}

TEST_F(SlurmBatchRun, SubmitsNothingWhenEveryoneIsFinished) {
  SlurmBatch b = batch();
  for (const auto& s : b.students) finish(b, s);
  EXPECT_TRUE(grade_on_slurm(b));
  EXPECT_FALSE(fs::exists(dir_ / "sbatch.args"));
}

TEST_F(SlurmBatchRun, FollowsTheLastCallsJobWhileItIsQueued) {
  SlurmBatch b = batch();
  EXPECT_TRUE(grade_on_slurm(b));  // job 99
  b.options.squeue = program("squeue", "echo '0 COMPLETED'; echo '1 RUNNING'; echo '2 PENDING'");
  EXPECT_TRUE(grade_on_slurm(b));
  std::string args = read_file(dir_ / "sbatch.args");
  EXPECT_EQ(std::count(args.begin(), args.end(), '\n'), 1) << "submitted twice while the first job was queued:\n"
                                                           << args;
}

TEST_F(SlurmBatchRun, SubmitsAgainOnceTheLastJobLeftTheQueueUnfinished) {
  SlurmBatch b = batch();
  EXPECT_TRUE(grade_on_slurm(b));
  finish(b, "bob");  // the job graded bob; ann's and cy's tasks were cancelled
  b.options.squeue = program("squeue", "echo 'squeue: error: Invalid job id specified' >&2; exit 1");
  EXPECT_TRUE(grade_on_slurm(b));
  std::string args = read_file(dir_ / "sbatch.args");
  EXPECT_NE(args.find("--array=0-2 "), std::string::npos) << args;
  EXPECT_NE(args.find("--array=0,2 "), std::string::npos) << args;
}

TEST_F(SlurmBatchRun, AWaitReportsTheStudentsATaskLeftUngraded) {
  SlurmBatch b = batch();
  b.options.wait = true;
  b.options.squeue = program("squeue", "echo '0 COMPLETED'; echo '1 CANCELLED'; echo '2 COMPLETED'");
  finish(b, "ann");
  finish(b, "cy");
  EXPECT_FALSE(grade_on_slurm(b));  // bob's task (1) was cancelled
}

TEST_F(SlurmBatchRun, RefusesToGuessWhenSqueueCannotSayWhetherTheLastJobIsQueued) {
  SlurmBatch b = batch();
  EXPECT_TRUE(grade_on_slurm(b));
  b.options.squeue = program("squeue", "echo 'squeue: error: Unable to contact slurm controller' >&2; exit 1");
  try {
    grade_on_slurm(b);
    FAIL() << "went on without knowing whether job 99 still runs";
  } catch (const GradingError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("Unable to contact slurm controller"), std::string::npos) << what;
    EXPECT_NE(what.find("Nothing was submitted"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace grader
