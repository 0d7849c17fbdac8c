#include "slurm_batch.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gradebook.h"
#include "grading_error.h"
#include "json_text.h"
#include "roster.h"
#include "subprocess.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

// A task's own start, merge and class summary, beside its students' gradings.
constexpr int kTaskMarginMinutes = 10;
// squeue failing this many times in a row (the controller restarting lasts
// less) ends the wait; the job itself goes on.
constexpr int kQueueFailuresTolerated = 10;

std::string trimmed(const std::string& text) {
  const char* space = " \t\r\n";
  std::size_t begin = text.find_first_not_of(space);
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(space) - begin + 1);
}

struct ClientRun {
  ProcessResult result;
  std::string out, err;
};

// A Slurm client command, its output kept in OUT/slurm/NAME.out and .err.
// What it starts (sbatch's job, which may run on this very machine and
// inherits sbatch's environment) is not the client's leftover to kill.
ClientRun run_client(const std::vector<std::string>& argv, const fs::path& slurm_dir) {
  const std::string name = fs::path(argv.at(0)).filename().string();
  ProcessSpec spec;
  spec.argv = argv;
  spec.stdout_file = slurm_dir / (name + ".out");
  spec.stderr_file = slurm_dir / (name + ".err");
  spec.timeout = std::chrono::minutes(2);
  spec.leaves_work_running = true;
  ToolRun run = run_tool(spec, {.max_log_bytes = 16 << 20});
  return {run.process, run.log, trimmed(run.errors)};
}

std::string client_failure(const std::string& program, const ClientRun& run) {
  if (!run.result.started)
    return run.result.start_error + " (Slurm's client commands must be on PATH where the grader runs: a login node "
                                    "of the cluster, with slurm-client installed)";
  if (run.result.timed_out) return program + " did not answer within 2 min";
  std::string said = run.err.empty() ? trimmed(run.out) : run.err;
  // Its own words, one indented line each: Slurm's errors come several at a time.
  std::string quoted;
  for (std::size_t start = 0; start < said.size();) {
    std::size_t end = std::min(said.find('\n', start), said.size());
    quoted += "\n    " + said.substr(start, end - start);
    start = end + 1;
  }
  return fmt::format("{} failed (exit status {}){}", program, run.result.exit_code.value_or(-1),
                     said.empty() ? "" : ":" + quoted);
}

// What to do, after a failure that may end in a quoted block.
std::string then(const std::string& failure, const std::string& advice) {
  return failure + (failure.find('\n') != std::string::npos ? "\n" : ". ") + advice;
}

struct JobRecord {
  std::string job;
  unsigned count = 1;            // the shards the job's script splits the roster into
  std::vector<unsigned> shards;  // the array's indices
};

fs::path record_file(const fs::path& slurm_dir) { return slurm_dir / "job.json"; }

std::optional<JobRecord> read_record(const fs::path& slurm_dir) {
  std::string text = read_file(record_file(slurm_dir));
  if (text.empty()) return std::nullopt;
  try {
    json j = json::parse(text);
    return JobRecord{j.at("job").get<std::string>(), j.at("count").get<unsigned>(),
                     j.at("shards").get<std::vector<unsigned>>()};
  } catch (const json::exception&) {
    throw GradingError(record_file(slurm_dir).string() +
                       " is damaged: check with squeue that no grading job of "
                       "this batch is left (scancel it), delete the file and run the same command again");
  }
}

void write_record(const fs::path& slurm_dir, const JobRecord& record) {
  json j{{"version", 1},
         {"job", record.job},
         {"count", record.count},
         {"shards", record.shards},
         {"submitted", static_cast<long long>(std::time(nullptr))}};
  write_atomically(record_file(slurm_dir), dump_json(j, 2) + "\n");
}

// The job's tasks as squeue lists them; empty once the job left the queue.
class Queue {
 public:
  Queue(const SlurmOptions& options, fs::path slurm_dir) : options_(options), slurm_dir_(std::move(slurm_dir)) {}

  // std::nullopt when squeue failed this time (then `last_failure` says how).
  std::optional<std::vector<TaskState>> tasks(const std::string& job) {
    ClientRun run = run_client(
        {options_.squeue, "--jobs=" + job, "--noheader", "--array", "--states=all", "--format=%K %T"}, slurm_dir_);
    if (!run.result.started) throw GradingError("cannot follow job " + job + ": " + client_failure("squeue", run));
    if (run.result.exit_code == 0) return parse_queue(run.out);
    // A job purged from the controller's memory is no longer in the queue.
    if (run.err.find("Invalid job id") != std::string::npos) return std::vector<TaskState>{};
    last_failure = client_failure("squeue", run);
    return std::nullopt;
  }

  std::string last_failure;

 private:
  const SlurmOptions& options_;
  fs::path slurm_dir_;
};

// Whether the job's shards include the student at `position` (name order).
bool grades_student(const JobRecord& record, std::size_t position) {
  return std::binary_search(record.shards.begin(), record.shards.end(), shard_of(position, record.count));
}

bool any_active(const std::vector<TaskState>& tasks) {
  return std::any_of(tasks.begin(), tasks.end(), [](const TaskState& t) { return is_active(t.state); });
}

// A student's result file's last change, to see it written; nullopt: none yet.
std::optional<fs::file_time_type> result_time(const fs::path& out, const std::string& student) {
  std::error_code error;
  fs::file_time_type time = fs::last_write_time(result_file(out, student), error);
  if (error) return std::nullopt;
  return time;
}

// Waits for the job's tasks, printing each student's row as its task
// writes it and merging the gradebook. Returns the tasks' last states.
class Waiter {
 public:
  Waiter(const SlurmBatch& batch, const JobRecord& record, Queue& queue)
      : batch_(batch), record_(record), queue_(queue) {
    // The students the job has yet to grade: those its tasks skip would never be written.
    for (std::size_t k = 0; k < batch.students.size(); ++k)
      if (grades_student(record, k) && !is_finished(batch.out, batch.students[k]))
        seen_[batch.students[k]] = result_time(batch.out, batch.students[k]);
  }

  std::vector<TaskState> wait() {
    const auto start = std::chrono::steady_clock::now();
    std::vector<TaskState> tasks;
    std::string last_line;
    for (int failures = 0;;) {
      std::optional<std::vector<TaskState>> now = queue_.tasks(record_.job);
      if (!now) {
        if (++failures >= kQueueFailuresTolerated)
          throw GradingError(
              then("cannot follow job " + record_.job + ": " + queue_.last_failure,
                   "The job goes on: run the same command again to wait for it and merge the gradebook"));
      } else {
        failures = 0;
        tasks = std::move(*now);
      }
      merge_new_results();
      std::string line = progress(tasks);
      if (line != last_line) std::fprintf(stderr, "%s\n", line.c_str());
      last_line = line;
      if (now && !any_active(tasks)) break;
      // Often at first, for a short batch; a long one is not worth
      // burdening the controller for.
      auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
      std::this_thread::sleep_for(std::clamp(elapsed / 10, std::chrono::seconds(2), std::chrono::seconds(30)));
    }
    merge_new_results();
    return tasks;
  }

 private:
  void merge_new_results() {
    bool any = false;
    for (auto& [student, seen] : seen_) {
      std::optional<fs::file_time_type> now = result_time(batch_.out, student);
      if (!now || now == seen) continue;
      seen = now;
      std::optional<StudentResult> result = read_result(result_file(batch_.out, student));
      if (!result) continue;  // not ours to judge: the task writes its own files whole
      any = true;
      ++written_;
      std::fprintf(stderr, "batch: %s: %s, %s\n", student.c_str(), result->status_text().c_str(),
                   score_summary(*result).c_str());
    }
    if (any) write_gradebook(batch_.out, batch_.exercise_ids);
  }

  std::string progress(const std::vector<TaskState>& tasks) const {
    std::map<std::string, int> by_state;
    for (const auto& t : tasks) ++by_state[t.state];
    std::string states;
    for (const auto& [state, n] : by_state) states += fmt::format("{}{} {}", states.empty() ? "" : ", ", n, state);
    return fmt::format("slurm: job {}: {}/{} students written; tasks: {}", record_.job, written_, seen_.size(),
                       states.empty() ? "none in the queue" : states);
  }

  const SlurmBatch& batch_;
  const JobRecord& record_;
  Queue& queue_;
  std::map<std::string, std::optional<fs::file_time_type>> seen_;
  std::size_t written_ = 0;
};

// The shards of the job that still hold an unfinished student, each with
// its task's last state and log, for the instructor to read why.
bool report_unfinished(const SlurmBatch& batch, const JobRecord& record, const std::vector<TaskState>& tasks) {
  std::map<unsigned, std::vector<std::string>> left;
  for (std::size_t k = 0; k < batch.students.size(); ++k) {
    if (grades_student(record, k) && !is_finished(batch.out, batch.students[k]))
      left[shard_of(k, record.count)].push_back(batch.students[k]);
  }
  if (left.empty()) return true;
  std::string text;
  for (const auto& [shard, students] : left) {
    // squeue forgets a task cancelled before it started, and any task a
    // while after it ended (MinJobAge).
    std::string state = "no longer in the queue";
    for (const auto& t : tasks)
      if (t.index == shard) state = t.state;
    std::string names;
    for (const auto& s : students) names += (names.empty() ? "" : ", ") + s;
    const fs::path log = batch.out / "slurm" / fmt::format("task-{}_{}.log", record.job, shard);
    text += fmt::format("\n  task {} ({}): {}; {}", shard, state, names,
                        fs::exists(log) ? "its log: " + log.string() : "it never started (no " + log.string() + ")");
  }
  std::fprintf(stderr,
               "slurm: job %s ended with students not finished:%s\nslurm: run the same command again: it "
               "submits their shards again (a result's status or the log says what to fix first)\n",
               record.job.c_str(), text.c_str());
  return false;
}

}  // namespace

unsigned slurm_shard_count(std::size_t students, unsigned tasks) {
  std::size_t wanted = tasks > 0 ? tasks : kMaxSlurmTasks;
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min(wanted, students)));
}

std::vector<unsigned> shards_with_work(const std::vector<bool>& unfinished, unsigned count) {
  std::set<unsigned> shards;
  for (std::size_t k = 0; k < unfinished.size(); ++k)
    if (unfinished[k]) shards.insert(shard_of(k, count));
  return {shards.begin(), shards.end()};
}

std::string array_indices(const std::vector<unsigned>& shards, unsigned throttle) {
  std::string text;
  for (std::size_t i = 0; i < shards.size();) {
    std::size_t j = i;
    while (j + 1 < shards.size() && shards[j + 1] == shards[j] + 1) ++j;
    text += (text.empty() ? "" : ",") + std::to_string(shards[i]);
    if (j > i) text += "-" + std::to_string(shards[j]);
    i = j + 1;
  }
  if (throttle > 0) text += "%" + std::to_string(throttle);
  return text;
}

std::string default_task_time(std::size_t students, unsigned count, std::chrono::minutes student_limit) {
  std::size_t per_task = (students + count - 1) / count;
  return std::to_string(static_cast<long>(per_task) * student_limit.count() + kTaskMarginMinutes);
}

std::string shell_command_line(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& word : argv) {
    bool plain = !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                         "0123456789_./=:%,@+-") == std::string::npos;
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += (line.empty() ? "" : " ") + (plain ? word : quoted + "'");
  }
  return line;
}

std::string job_script(const std::vector<std::string>& task_command, unsigned count) {
  return fmt::format("#!/bin/sh\n"
                     "# Written by `grader batch --slurm` at each submission. Array task I grades\n"
                     "# shard I/{0} of the roster: the students k (in name order) with k mod {0} == I\n"
                     "# that are not finished yet, into the batch's OUT, which every node shares.\n"
                     "echo \"grader batch: task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID on $(hostname)\" >&2\n"
                     "exec {1} --shard \"$SLURM_ARRAY_TASK_ID/{0}\"\n",
                     count, shell_command_line(task_command));
}

std::vector<std::string> sbatch_command(const SlurmOptions& options, const std::string& array, const std::string& time,
                                        const fs::path& slurm_dir) {
  std::vector<std::string> argv = {options.sbatch, "--parsable", "--job-name=grader-batch", "--array=" + array,
                                   "--exclusive"};
  if (!options.partition.empty()) argv.push_back("--partition=" + options.partition);
  if (!options.account.empty()) argv.push_back("--account=" + options.account);
  argv.push_back("--time=" + time);
  argv.push_back("--output=" + (slurm_dir / "task-%A_%a.log").string());
  argv.push_back("--chdir=" + slurm_dir.string());
  argv.insert(argv.end(), options.sbatch_args.begin(), options.sbatch_args.end());
  argv.push_back((slurm_dir / "grade.sbatch").string());
  return argv;
}

std::string parse_job_id(const std::string& sbatch_output) {
  std::string line = trimmed(sbatch_output);
  if (std::size_t last = line.rfind('\n'); last != std::string::npos) line = trimmed(line.substr(last + 1));
  std::string id = line.substr(0, line.find(';'));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
    throw GradingError("sbatch printed no job id (it printed \"" + trimmed(sbatch_output) +
                       "\"): check with squeue whether a job named grader-batch was queued, scancel it, "
                       "and run the same command again");
  return id;
}

std::vector<TaskState> parse_queue(const std::string& squeue_output) {
  std::vector<TaskState> tasks;
  for (std::size_t start = 0; start < squeue_output.size();) {
    std::size_t end = squeue_output.find('\n', start);
    if (end == std::string::npos) end = squeue_output.size();
    std::string line = trimmed(squeue_output.substr(start, end - start));
    start = end + 1;
    std::size_t space = line.find(' ');
    if (space == std::string::npos) continue;
    std::string index = line.substr(0, space);
    // A job that is no array ("N/A") is none of ours.
    if (index.empty() || index.find_first_not_of("0123456789") != std::string::npos) continue;
    tasks.push_back({static_cast<unsigned>(std::stoul(index)), trimmed(line.substr(space + 1))});
  }
  return tasks;
}

bool is_active(const std::string& state) {
  static const std::set<std::string> active = {"PENDING",   "CONFIGURING", "RUNNING",       "COMPLETING",  "SUSPENDED",
                                               "REQUEUED",  "REQUEUE_FED", "REQUEUE_HOLD",  "RESIZING",    "SIGNALING",
                                               "STAGE_OUT", "STOPPED",     "RESV_DEL_HOLD", "SPECIAL_EXIT"};
  return active.count(state) > 0;
}

std::string submit(const std::vector<std::string>& sbatch_argv, const fs::path& slurm_dir) {
  ClientRun run = run_client(sbatch_argv, slurm_dir);
  const std::string failure = "the job was not submitted: " + client_failure("sbatch", run);
  if (!run.result.started) throw GradingError(failure);
  // The controller may have queued it all the same, under an id never seen.
  if (run.result.timed_out)
    throw GradingError(then(failure, "Look for a job named grader-batch in squeue and scancel it before running "
                                     "the same command again"));
  if (run.result.exit_code != 0)
    throw GradingError(then(failure, "Fix what sbatch says (--partition, --account, --time, or --sbatch-arg for "
                                     "your cluster's other rules), then run the same command again"));
  return parse_job_id(run.out);
}

bool grade_on_slurm(const SlurmBatch& batch) {
  const fs::path slurm_dir = batch.out / "slurm";
  fs::create_directories(slurm_dir);
  Queue queue(batch.options, slurm_dir);
  // Two calls at once would each find no job queued and submit one.
  std::optional<GradebookLock> deciding(std::in_place, batch.out);

  std::optional<JobRecord> record = read_record(slurm_dir);
  if (record) {
    std::optional<std::vector<TaskState>> tasks = queue.tasks(record->job);
    if (!tasks)
      throw GradingError(
          then("cannot tell whether job " + record->job + " of the last call is still queued: " + queue.last_failure,
               "Nothing was submitted, so that no student is graded twice: run the same command "
               "again once squeue works"));
    if (any_active(*tasks))
      std::fprintf(stderr,
                   "slurm: job %s of the last call is still in the queue: following it (no new job, so "
                   "that no student is graded twice)\n",
                   record->job.c_str());
    else record.reset();
  }
  if (!record) {
    std::vector<bool> unfinished;
    for (const auto& s : batch.students) unfinished.push_back(!is_finished(batch.out, s));
    JobRecord fresh;
    fresh.count = slurm_shard_count(batch.students.size(), batch.options.tasks);
    fresh.shards = shards_with_work(unfinished, fresh.count);
    const auto left = std::count(unfinished.begin(), unfinished.end(), true);
    std::fprintf(stderr, "slurm: %zu students, %zu already graded\n", batch.students.size(),
                 batch.students.size() - static_cast<std::size_t>(left));
    if (fresh.shards.empty()) return true;
    write_if_changed(slurm_dir / "grade.sbatch", job_script(batch.task_command, fresh.count));
    fs::permissions(slurm_dir / "grade.sbatch", fs::perms::owner_exec, fs::perm_options::add);
    const std::string time = batch.options.time.empty()
                                 ? default_task_time(batch.students.size(), fresh.count, batch.student_limit)
                                 : batch.options.time;
    std::vector<std::string> argv =
        sbatch_command(batch.options, array_indices(fresh.shards, batch.options.throttle), time, slurm_dir);
    std::fprintf(stderr, "slurm: %s\n", shell_command_line(argv).c_str());
    fresh.job = submit(argv, slurm_dir);
    write_record(slurm_dir, fresh);
    std::fprintf(stderr, "slurm: job %s: %zu task(s) of %u shard(s), %ld student(s) to grade; task logs in %s\n",
                 fresh.job.c_str(), fresh.shards.size(), fresh.count, static_cast<long>(left), slurm_dir.c_str());
    record = fresh;
  }
  deciding.reset();  // the tasks merge the gradebook under it
  if (!batch.options.wait) {
    std::fprintf(stderr,
                 "slurm: not waiting: `squeue --jobs=%s` shows its tasks, `scancel %s` stops them; run the "
                 "same command again to wait for it and merge the gradebook\n",
                 record->job.c_str(), record->job.c_str());
    return true;
  }
  Waiter waiter(batch, *record, queue);
  std::vector<TaskState> tasks = waiter.wait();
  return report_unfinished(batch, *record, tasks);
}

}  // namespace grader
