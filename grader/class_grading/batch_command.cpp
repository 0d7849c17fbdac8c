#include "batch_command.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "option_names.h"

namespace grader {
namespace {

// --slurm and the options that only mean something with it.
void add_slurm_options(CLI::App& cmd, BatchCommand& command) {
  SlurmOptions& o = command.slurm_options;
  CLI::Option* slurm = cmd.add_flag("--slurm", command.slurm,
                                    "grade on a Slurm cluster: one job array, each task a shard of the roster on a "
                                    "whole node (--exclusive); OUT, the roster and the grader must be on storage "
                                    "every node shares");
  cmd.add_option("--partition", o.partition, "Slurm: the partition (default: the cluster's)")->needs(slurm);
  cmd.add_option("--account", o.account, "Slurm: the account to charge (default: yours)")->needs(slurm);
  cmd.add_option("--time", o.time,
                 "Slurm: time limit of one task, as sbatch --time takes it (default: its "
                 "students' --student-timeout, one after another, and 10 min)")
      ->needs(slurm);
  cmd.add_option("--throttle", o.throttle, "Slurm: tasks running at once (the %N of --array; default: no limit)")
      ->needs(slurm);
  cmd.add_option("--tasks", o.tasks,
                 fmt::format("Slurm: shards to split the roster into (default: one per "
                             "student, at most {})",
                             kMaxSlurmTasks))
      ->needs(slurm);
  cmd.add_flag_callback(
         "--no-wait", [&o] { o.wait = false; },
         "Slurm: submit and return; the same command later waits for the job and merges the gradebook")
      ->needs(slurm);
  cmd.add_option("--sbatch-arg", o.sbatch_args,
                 "Slurm: one more sbatch option, as --sbatch-arg=--qos=long "
                 "(repeatable)")
      ->needs(slurm);
}

}  // namespace

Command add_batch_command(CLI::App& app, BatchCommand& command) {
  namespace o = option;
  CLI::App* cmd = app.add_subcommand("batch", "Grade a whole class: every subdirectory of a roster, into a gradebook "
                                              "(resumes where a killed run stopped)");
  cmd->add_option(o::kRoster, command.roster,
                  "a directory with one subdirectory per student: laid out like solutions/, or a clone of the course")
      ->required();
  cmd->add_option(o::kOut, command.out, "where the gradebook, the reports and the builds go")->required();
  cmd->add_option(o::kExercise, command.exercises,
                  "exercise to grade: 01, 1 or 01_concurrent_tasks "
                  "(repeatable; default all)");
  cmd->add_option(o::kJobs, command.jobs, "students graded at once (performance phases still run alone)")
      ->capture_default_str();
  cmd->add_option(o::kShard, command.shard,
                  "I/N: grade only students k with k mod N == I (in name order), "
                  "to split a class over machines sharing OUT")
      ->capture_default_str();
  cmd->add_option(o::kToolchain, command.toolchain, "course_toolchain.json from the course's build tree")
      ->capture_default_str();
  cmd->add_option(o::kMachineLock, command.machine_lock,
                  "the lock file every grader on this machine shares (default: course-grader-machine.lock "
                  "in the temporary directory)");
  cmd->add_option(o::kStudentTimeout, command.student_minutes,
                  "minutes one student's grading may take (default: 20 per exercise)");
  cmd->add_option(o::kStress, command.stress,
                  "runs under injected scheduling noise for each test that passed, as `grade --stress` "
                  "(0: none; default: grade's)");
  add_slurm_options(*cmd, command);
  return {cmd, "grade the class", [&command] { return run_batch(command); }};
}

}  // namespace grader
