#include "batch.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "class_index.h"
#include "class_summary.h"
#include "cpus.h"
#include "exercise_ids.h"
#include "gradebook.h"
#include "grading_error.h"
#include "json_text.h"
#include "machine_lock.h"
#include "option_names.h"
#include "parallel_for.h"
#include "roster.h"
#include "slurm_batch.h"
#include "subprocess.h"
#include "text_files.h"
#include "toolchain.h"

namespace grader {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

constexpr unsigned kMinutesPerExercise = 20;

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : " ") + item;
  return text;
}

// OUT inside the roster would be graded as a student of its own.
void refuse_out_inside_roster(const fs::path& roster, const fs::path& out) {
  fs::path r = fs::weakly_canonical(roster), o = fs::weakly_canonical(out);
  auto [r_end, o_it] = std::mismatch(r.begin(), r.end(), o.begin(), o.end());
  if (r_end == r.end())
    throw GradingError("--out " + out.string() + " is inside the roster " + roster.string() +
                       ", where it would be taken for a student: put it elsewhere");
}

// A rerun into the same OUT must grade the same exercises, or the
// finished students' rows would not match the others'.
void check_same_exercises(const fs::path& out, const std::vector<std::string>& ids) {
  GradebookLock lock(out);
  const fs::path file = out / "batch.json";
  std::string text = read_file(file);
  if (text.empty()) {
    write_atomically(file, dump_json(json{{"version", 1}, {"exercises", ids}}) + "\n");
    return;
  }
  std::vector<std::string> recorded;
  try {
    recorded = json::parse(text).at("exercises").get<std::vector<std::string>>();
  } catch (const json::exception&) {
    throw GradingError(file.string() + " is damaged: delete it (the grades in " + (out / "results").string() +
                       " are kept) and run the same command again");
  }
  if (recorded != ids)
    throw GradingError(out.string() + " holds a batch of exercise(s) " + joined(recorded) + ", and this one asks for " +
                       joined(ids) + ": say the same --exercise options to resume it, or grade into another --out");
}

// Whether setpriv here knows --pdeathsig (util-linux 2.33 and later).
bool setpriv_sets_death_signal() {
  ProcessSpec probe;
  probe.argv = {"setpriv", "--pdeathsig", "KILL", "--", "/bin/true"};
  probe.timeout = std::chrono::seconds(10);
  return run_tool(probe).process.exit_code == 0;
}

// The child grader is killed when the batch dies (kill -9 included), so a
// rerun never meets a grader of the last run still at work in the same
// directory. setpriv (util-linux) asks the kernel for that before the
// grader starts; the shell then checks that the batch was still alive at
// that moment, closing the gap between fork and setpriv.
std::vector<std::string> dying_with_batch(const std::vector<std::string>& argv) {
  static const bool have_setpriv = [] {
    bool have = setpriv_sets_death_signal();
    if (!have)
      std::fprintf(stderr, "batch: setpriv --pdeathsig does not run here (util-linux 2.33 or later has it): "
                           "if this batch is killed, let its graders finish before running it again\n");
    return have;
  }();
  if (!have_setpriv) return argv;
  std::vector<std::string> wrapped = {"setpriv",
                                      "--pdeathsig",
                                      "KILL",
                                      "--",
                                      "/bin/sh",
                                      "-c",
                                      "[ \"$PPID\" = \"$0\" ] && exec \"$@\"",
                                      std::to_string(getpid())};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return wrapped;
}

fs::path report_path(const BatchRun& run, const std::string& student, const char* suffix) {
  return run.out / "reports" / (student + suffix);
}

// The report while the child writes it, in the student's own work
// directory: beside the finished reports, "ann.partial.json" would be the
// report of a student named "ann.partial".
fs::path partial_report(const BatchRun& run, const std::string& student) {
  return run.out / "work" / student / "report.partial.json";
}

// The grader's own last word when it could not grade ("grader: cannot grade: ...").
std::string last_grader_line(const fs::path& log) {
  std::string text = read_file(log);
  std::string found;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (text.compare(start, 8, "grader: ") == 0) found = text.substr(start + 8, end - start - 8);
    start = end + 1;
  }
  return found;
}

std::optional<json> read_report(const fs::path& file) {
  try {
    json report = json::parse(read_file(file));
    grades_from_report(report);  // throws when it is not a report
    return report;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

// How the child's grading ended, and the detail its status words carry.
std::pair<BatchStatus, std::string> child_status(const BatchRun& run, const ProcessResult& child,
                                                 const std::optional<json>& report, const fs::path& log) {
  const std::string see = " (see logs/" + log.filename().string() + ")";
  const auto failed = [](std::string detail) { return std::make_pair(BatchStatus::kGraderFailed, std::move(detail)); };
  if (!child.started) return failed(child.start_error);
  if (child.timed_out) return {BatchStatus::kTimedOut, fmt::format("after {} min{}", run.limit.count(), see)};
  if (child.signal) return failed("killed by " + describe_signal(*child.signal) + see);
  if (child.exit_code != 0 && child.exit_code != 1) {
    std::string said = last_grader_line(log);
    return failed((said.empty() ? fmt::format("exit status {}", child.exit_code.value_or(-1)) : said) + see);
  }
  if (!report) return failed("it wrote no report" + see);
  std::vector<ExerciseGrade> grades = grades_from_report(*report);
  for (const auto& id : run.ids)
    if (std::none_of(grades.begin(), grades.end(), [&](const ExerciseGrade& g) { return g.id == id; }))
      return failed("its report has no exercise " + id + see);
  return {BatchStatus::kGraded, ""};
}

std::string duration(double seconds) {
  if (seconds < 90) return fmt::format("{:.0f} s", seconds);
  if (seconds < 5400) return fmt::format("{:.0f} min", seconds / 60);
  return fmt::format("{:.0f} h {:.0f} min", std::floor(seconds / 3600), std::fmod(seconds, 3600) / 60);
}

// The progress line, on standard error, updated when a student finishes.
class Progress {
 public:
  Progress(std::size_t total, std::size_t done, unsigned jobs) : total_(total), done_(done), jobs_(jobs) {}

  void started() {
    std::lock_guard lock(mutex_);
    ++running_;
  }

  // `graded_by_child`: false for a directory that was not a submission,
  // whose instant row says nothing about the time a grading takes.
  void finished(const StudentResult& r, bool graded_by_child) {
    std::lock_guard lock(mutex_);
    --running_;
    ++done_;
    if (graded_by_child) {
      ++finished_now_;
      seconds_now_ += r.seconds;
    }
    std::fprintf(stderr, "batch: %s: %s, %s, in %s\n", r.student.c_str(), r.status_text().c_str(),
                 score_summary(r).c_str(), duration(r.seconds).c_str());
    std::fprintf(stderr, "%s\n", line().c_str());
  }

  std::string line() const {
    std::size_t to_go = total_ - done_ - running_;
    std::string text = fmt::format("batch: {}/{} graded, {} running, {} to go", done_, total_, running_, to_go);
    if (to_go + running_ == 0) return text;
    if (finished_now_ == 0) return text + ", time left not known yet";
    // Each finished student took the mean; `jobs` of them go at once.
    double left = seconds_now_ / static_cast<double>(finished_now_) * static_cast<double>(to_go + running_) /
                  std::min<double>(jobs_, static_cast<double>(to_go + running_));
    return text + ", about " + duration(left) + " left";
  }

 private:
  std::mutex mutex_;
  std::size_t total_, done_;
  unsigned jobs_;
  std::size_t running_ = 0;
  std::size_t finished_now_ = 0;
  double seconds_now_ = 0;
};

// Grades every pending student, `jobs` at once. The first failure of the
// batch itself (a full disk, say) stops new gradings and is rethrown.
void grade_all(const BatchRun& run, const std::vector<Student>& pending, unsigned jobs, Progress& progress,
               const GradeStudent& grade) {
  std::atomic<bool> stopped{false};
  std::mutex failure_mutex;
  std::string failure;
  parallel_for(pending.size(), jobs, [&](std::size_t i) {
    if (stopped) return;
    try {
      progress.started();
      const Student& s = pending[i];
      StudentResult result =
          s.problem.empty() ? grade(run, s) : StudentResult{s.name, BatchStatus::kNotASubmission, s.problem, 0, {}};
      // The commit: from here on the student is finished.
      write_atomically(result_file(run.out, result.student), dump_json(to_json(result), 2) + "\n");
      write_gradebook(run.out, run.ids);
      progress.finished(result, pending[i].problem.empty());
    } catch (const std::exception& e) {
      std::lock_guard lock(failure_mutex);
      if (!stopped.exchange(true)) failure = "while grading " + pending[i].name + ": " + e.what();
    }
  });
  if (stopped)
    throw GradingError(failure + ". The students finished so far are kept: run the same command again to go on.");
}

std::string summary_of_the_class(const fs::path& out, const std::vector<std::string>& ids) {
  GradebookLock lock(out);
  std::vector<StudentResult> results = read_results(out);
  std::vector<std::string> exercises = gradebook_exercises(results, ids);
  std::string text = write_class_summary(out, results, exercises);
  write_atomically(out / "index.html", render_class_index(results, exercises));
  return text + "The gradebook in a browser: " + (out / "index.html").string() + "\n";
}

// The grader's own program, by its real path: the tasks run it on other nodes.
fs::path own_program() {
  std::error_code error;
  fs::path self = fs::canonical("/proc/self/exe", error);
  if (error || !fs::exists(self))
    throw GradingError("the grader's program was replaced or deleted since it started (" + self.string() +
                       "): run the command again");
  return self;
}

// Every node must see these: a temporary directory is usually each node's own.
void warn_if_node_local(const fs::path& path, const char* what) {
  for (const char* local : {"/tmp/", "/var/tmp/", "/dev/shm/"})
    if (path.string().starts_with(local))
      std::fprintf(stderr,
                   "slurm: warning: %s %s is under %s, which is usually each node's own: the tasks may not "
                   "see it (put it on storage every node shares)\n",
                   what, path.c_str(), local);
}

// The batch as the Slurm job's tasks run it: the same options, every path
// absolute, each task a shard of the whole roster.
SlurmBatch slurm_batch(const BatchCommand& command, const BatchRun& run, const fs::path& roster,
                       const std::vector<Student>& students) {
  SlurmBatch batch;
  batch.out = run.out;
  for (const auto& s : students) batch.students.push_back(s.name);
  batch.exercise_ids = run.ids;
  const fs::path program = own_program();
  batch.task_command = slurm_task_argv(command, run, program, roster);
  batch.student_limit = run.limit;
  batch.options = command.slurm_options;
  warn_if_node_local(run.out, "--out");
  warn_if_node_local(roster, "the roster");
  warn_if_node_local(program, "the grader");
  warn_if_node_local(run.toolchain, "the toolchain");
  return batch;
}

// Grades the shard's unfinished students on this machine.
void grade_here(const BatchCommand& command, const BatchRun& run, Shard shard, const fs::path& roster,
                const std::vector<Student>& students, const GradeStudent& grade) {
  std::vector<Student> pending;
  for (const auto& s : students)
    if (!is_finished(run.out, s.name)) pending.push_back(s);
  std::fprintf(stderr,
               "batch: %zu students in shard %u/%u of %s, %zu already graded; exercise(s) %s, "
               "%u student(s) at once, at most %ld min each\n",
               students.size(), shard.index, shard.count, roster.c_str(), students.size() - pending.size(),
               joined(run.ids).c_str(), command.jobs, static_cast<long>(run.limit.count()));
  write_gradebook(run.out, run.ids);

  Progress progress(students.size(), students.size() - pending.size(), command.jobs);
  std::fprintf(stderr, "%s\n", progress.line().c_str());
  grade_all(run, pending, command.jobs, progress, grade);
}

}  // namespace

// Exercises the child finished before a failure keep their scores.
StudentResult grade_in_child(const BatchRun& run, const Student& s) {
  StudentResult result{s.name, BatchStatus::kGraded, "", 0, {}};
  const fs::path partial = partial_report(run, s.name);
  // A killed run's reports are never taken for this run's.
  fs::remove(partial);
  for (const char* suffix : {".json", ".txt", ".html"}) fs::remove(report_path(run, s.name, suffix));
  ProcessSpec spec;
  spec.argv = dying_with_batch(grade_child_argv(run, s));
  spec.stdout_file = run.out / "logs" / (s.name + ".log");
  spec.timeout = run.limit;
  ProcessResult child = run_process(spec);
  result.seconds = static_cast<double>(child.wall.count()) / 1000;
  std::optional<json> report = read_report(partial);
  if (report) result.exercises = grades_from_report(*report);
  std::tie(result.status, result.detail) = child_status(run, child, report, spec.stdout_file);
  if (report) fs::rename(partial, report_path(run, s.name, ".json"));
  return result;
}

std::vector<std::string> grade_child_argv(const BatchRun& run, const Student& s) {
  namespace o = option;
  std::vector<std::string> argv = {run.grader.string(),
                                   "grade",
                                   o::kSubmission,
                                   s.submission.string(),
                                   o::kWorkDir,
                                   (run.out / "work" / s.name).string(),
                                   o::kJson,
                                   partial_report(run, s.name).string(),
                                   o::kHtml,
                                   report_path(run, s.name, ".html").string(),
                                   o::kFormat,
                                   "text",
                                   o::kOut,
                                   report_path(run, s.name, ".txt").string(),
                                   o::kToolchain,
                                   run.toolchain.string(),
                                   o::kJobs,
                                   std::to_string(run.child_jobs),
                                   o::kMachineLock,
                                   run.machine_lock.string(),
                                   o::kHidden};  // the instructor's tests, apart from the score
  for (const auto& id : run.ids) argv.insert(argv.end(), {o::kExercise, id});
  if (run.stress) argv.insert(argv.end(), {o::kStress, std::to_string(*run.stress)});
  return argv;
}

std::vector<std::string> slurm_task_argv(const BatchCommand& command, const BatchRun& run, const fs::path& program,
                                         const fs::path& roster) {
  namespace o = option;
  std::vector<std::string> argv = {program.string(),
                                   "batch",
                                   o::kRoster,
                                   roster.string(),
                                   o::kOut,
                                   run.out.string(),
                                   o::kToolchain,
                                   run.toolchain.string(),
                                   o::kJobs,
                                   std::to_string(command.jobs),
                                   o::kStudentTimeout,
                                   std::to_string(run.limit.count())};
  for (const auto& id : run.ids) argv.insert(argv.end(), {o::kExercise, id});
  if (run.stress) argv.insert(argv.end(), {o::kStress, std::to_string(*run.stress)});
  if (!command.machine_lock.empty()) argv.insert(argv.end(), {o::kMachineLock, run.machine_lock.string()});
  return argv;
}

int run_batch(const BatchCommand& command, const GradeStudent& grade) {
  Toolchain toolchain = load_toolchain(command.toolchain);
  const Shard shard = parse_shard(command.shard);
  if (command.jobs == 0) throw GradingError("--jobs 0: say how many students to grade at once, 1 or more");
  BatchRun run;
  // The batch's own program, even once a rebuild has replaced the file:
  // every student of a run is graded by the same grader.
  run.grader = fs::path("/proc") / std::to_string(getpid()) / "exe";
  run.toolchain = fs::absolute(command.toolchain);
  run.out = fs::absolute(command.out).lexically_normal();
  run.machine_lock = command.machine_lock.empty() ? default_machine_lock_file() : fs::absolute(command.machine_lock);
  run.ids = resolve_exercises(toolchain, command.exercises);
  run.stress = command.stress;
  run.child_jobs = std::max(1u, usable_cpu_count() / command.jobs);
  run.limit = std::chrono::minutes(command.student_minutes > 0 ? command.student_minutes
                                                               : kMinutesPerExercise * run.ids.size());
  const fs::path roster = fs::absolute(command.roster).lexically_normal();

  std::vector<std::string> exercise_dirs;
  for (const auto& [id, ex] : toolchain.exercises) exercise_dirs.push_back(ex.dir);
  if (command.slurm && shard.count != 1)
    throw GradingError("--shard with --slurm: the Slurm job's tasks are the shards; say how many with --tasks N");
  refuse_out_inside_roster(roster, run.out);
  std::vector<Student> students = find_students(roster, exercise_dirs);
  for (const char* dir : {"results", "reports", "logs", "work"}) fs::create_directories(run.out / dir);
  check_same_exercises(run.out, run.ids);

  bool all_finished = true;
  if (command.slurm) {
    all_finished = grade_on_slurm(slurm_batch(command, run, roster, students));
    if (!command.slurm_options.wait) return 0;
  } else {
    students = students_of(students, shard);
    grade_here(command, run, shard, roster, students, grade);
  }

  std::vector<StudentResult> results = write_gradebook(run.out, run.ids);
  std::printf("%s", summary_of_the_class(run.out, run.ids).c_str());
  std::printf("Gradebook: %s and %s; a report per student in %s\n", (run.out / "gradebook.csv").c_str(),
              (run.out / "gradebook.json").c_str(), (run.out / "reports").c_str());

  std::string not_graded;
  for (const auto& s : students)
    for (const auto& r : results)
      if (r.student == s.name && r.status != BatchStatus::kGraded)
        not_graded += "\n  " + s.name + ": " + r.status_text();
  if (not_graded.empty()) return all_finished ? 0 : 1;
  std::printf("Not graded:%s\nFix what a status says, then run the same command: it tries these again. A time-out "
              "is final: delete %s/NAME.json to try one again.\n",
              not_graded.c_str(), (run.out / "results").c_str());
  return 1;
}

}  // namespace grader
