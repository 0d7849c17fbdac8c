// `grader batch --slurm`: a class graded on a Slurm cluster instead of on
// this machine. One job array goes over the roster: task I runs
// `grader batch --shard I/N` into the same OUT, on a whole node of its own
// (--exclusive: a performance phase never shares a node). This grader then
// waits, polling squeue, and merges the gradebook as students finish.
//
//   OUT/slurm/grade.sbatch        the job script of the last submission
//   OUT/slurm/job.json            its job id and shards: a rerun that finds
//                                 the job still queued waits for it instead
//                                 of grading its students a second time
//   OUT/slurm/task-JOB_I.log      each task's output: why a task failed
//
// Resuming is the local batch's: a student is finished when
// OUT/results/STUDENT.json is final (gradebook.h). A rerun submits only the
// shards that still hold an unfinished student (a task cancelled, failed,
// out of time), and each task skips the finished students of its shard.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace grader {

// Slurm's default MaxArraySize is 1001 (indices 0..1000): a larger class
// shares tasks, a few students each.
constexpr unsigned kMaxSlurmTasks = 1000;

struct SlurmOptions {
  std::string partition;                 // empty: the cluster's default partition
  std::string account;                   // empty: the user's default account
  std::string time;                      // sbatch --time of one task; empty: its students' limits and a margin
  unsigned throttle = 0;                 // tasks running at once (the %N of --array); 0: as many as Slurm runs
  unsigned tasks = 0;                    // shards; 0: one per student, at most kMaxSlurmTasks
  bool wait = true;                      // false: submit and return; the same command later waits and merges
  std::vector<std::string> sbatch_args;  // more options for sbatch, as they are (--qos=..., --constraint=...)
  std::string sbatch = "sbatch";         // the client programs, names on PATH or paths
  std::string squeue = "squeue";
};

struct SlurmBatch {
  std::filesystem::path out;              // absolute, on storage every node sees
  std::vector<std::string> students;      // every student of the roster, in name order (shards split these)
  std::vector<std::string> exercise_ids;  // the gradebook's columns
  // `grader batch ...` as a task runs it, every path absolute, without --shard.
  std::vector<std::string> task_command;
  std::chrono::minutes student_limit{0};  // one student's grading (the task's --student-timeout)
  SlurmOptions options;
};

// The pure parts, tested on their own.

// How many shards a submission splits `students` into.
unsigned slurm_shard_count(std::size_t students, unsigned tasks);

// The shards (ascending) that hold at least one unfinished student:
// `unfinished[k]` is about student k in name order (roster.h's shard_of).
std::vector<unsigned> shards_with_work(const std::vector<bool>& unfinished, unsigned count);

// --array's value: "0-3,7,9-10", with "%N" for a throttle.
std::string array_indices(const std::vector<unsigned>& shards, unsigned throttle);

// --time when none is given, in minutes: the students of the fullest shard
// one after another, each up to its limit, and 10 minutes for the task itself.
std::string default_task_time(std::size_t students, unsigned count, std::chrono::minutes student_limit);

// The job script: runs `task_command` with --shard "$SLURM_ARRAY_TASK_ID/count".
std::string job_script(const std::vector<std::string>& task_command, unsigned count);

// sbatch's command line; `slurm_dir` holds the script and the task logs.
std::vector<std::string> sbatch_command(const SlurmOptions& options, const std::string& array, const std::string& time,
                                        const std::filesystem::path& slurm_dir);

// The job id in `sbatch --parsable`'s output ("1234" or "1234;cluster").
// Throws GradingError quoting the output when there is none.
std::string parse_job_id(const std::string& sbatch_output);

// One array task as `squeue -h -r -t all -o "%K %T"` lists it.
struct TaskState {
  unsigned index = 0;
  std::string state;  // PENDING, RUNNING, COMPLETED, CANCELLED, FAILED, TIMEOUT, ...
};
std::vector<TaskState> parse_queue(const std::string& squeue_output);

// Whether Slurm may still run the task (pending, running, suspended,
// requeued, ...): what a submitter must wait for.
bool is_active(const std::string& state);

// `argv` as a line a shell reads back as the same words.
std::string shell_command_line(const std::vector<std::string>& argv);

// The parts that talk to Slurm.

// Runs sbatch; returns the job id. Throws GradingError saying what was
// wrong (sbatch missing, the job refused: sbatch's own words).
std::string submit(const std::vector<std::string>& sbatch_argv, const std::filesystem::path& slurm_dir);

// Submits the shards with unfinished students (or, when the last
// submission's job is still in the queue, takes it up), prints the sbatch
// command line, then, unless options.wait is false, waits until the job has
// left the queue, merging the gradebook and printing progress as students
// finish. Returns false when students are left unfinished (a task failed or
// was cancelled: the message says which and where its log is). Throws
// GradingError when Slurm cannot be used.
bool grade_on_slurm(const SlurmBatch& batch);

}  // namespace grader
