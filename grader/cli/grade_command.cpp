#include "grade_command.h"

#include <sched.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>

#include <fmt/format.h>

#include "frame.h"
#include "grade_exercise.h"
#include "grading_error.h"
#include "hidden_tests.h"
#include "json_text.h"
#include "platform_formats.h"
#include "protected_files.h"
#include "sandbox.h"
#include "text_files.h"
#include "text_report.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

unsigned usable_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return 1;
}

// "01", "1", "01_concurrent_tasks" and "concurrent_tasks" all name exercise 01.
std::string resolve_exercise(const Toolchain& toolchain, const std::string& wanted) {
  for (const auto& [id, ex] : toolchain.exercises) {
    bool by_number = !wanted.empty() && wanted.find_first_not_of("0123456789") == std::string::npos &&
                     std::stoi(wanted) == std::stoi(id);
    if (by_number || wanted == id || wanted == ex.dir || ex.dir.substr(3) == wanted) return id;
  }
  std::string known;
  for (const auto& [id, ex] : toolchain.exercises) known += " " + id + " (" + ex.dir + ")";
  throw GradingError("there is no exercise \"" + wanted + "\"; the course has:" + known);
}

std::vector<std::string> selected_exercises(const Toolchain& toolchain, const std::vector<std::string>& wanted) {
  std::vector<std::string> ids;
  for (const auto& w : wanted)
    if (!w.empty()) ids.push_back(resolve_exercise(toolchain, w));
  if (ids.empty())
    for (const auto& [id, ex] : toolchain.exercises) ids.push_back(id);
  return ids;
}

// Each submission builds in a directory of its own, named after it, so that
// grading solutions/ after reference/ rebuilds nothing of either.
fs::path default_work_dir(const Toolchain& toolchain, const fs::path& submission) {
  std::size_t hash = std::hash<std::string>{}(submission.string());
  std::string name = submission.filename().string();
  return toolchain.course_root / "build" / "check" / fmt::format("{}-{:08x}", name, hash & 0xffffffffu);
}

std::string render(const Report& report, const std::string& format, double seconds) {
  if (format == "text") return render_text(report, {false});
  if (format == "json") return dump_json(to_json(report), 2) + "\n";
  if (format == "classroom") return to_classroom_output(report) + "\n";
  if (format == "gradescope") return dump_json(to_gradescope(report, seconds), 2) + "\n";
  if (format == "junit") return to_junit(report);
  throw GradingError("unknown format \"" + format + "\": say text, json, classroom, gradescope or junit");
}

StressOptions stress_options(const GradeCommand& command, const Toolchain& toolchain) {
  if (command.stress_seed != 0 && command.stress == 0)
    throw GradingError("--stress-seed replays stress runs, and --stress 0 turns them off: leave --stress at its "
                       "default or give it a number of runs");
  if (command.stress > 0 && toolchain.noise_archive.empty())
    throw GradingError("this build of the course has no scheduling-noise library for stress runs: configure it "
                       "again (`make check` does), or pass --stress 0");
  return {command.stress, std::chrono::seconds(command.stress_budget), command.stress_seed};
}

bool color_terminal() { return isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr; }

}  // namespace

int run_grade(const GradeCommand& command) {
  const auto start = std::chrono::steady_clock::now();
  Toolchain toolchain = load_toolchain(command.toolchain);
  if (!fs::is_directory(command.submission))
    throw GradingError("the submission " + command.submission.string() + " is not a directory");
  GradeOptions options;
  options.submission = fs::canonical(command.submission);
  options.work_dir = command.work_dir.empty() ? default_work_dir(toolchain, options.submission)
                                              : fs::absolute(command.work_dir);
  options.cores = usable_cores();
  options.jobs = command.jobs > 0 ? command.jobs : options.cores;
  options.seed = command.seed > 0 ? command.seed : std::random_device{}() | 1u;
  options.always_measure = command.always_measure;
  options.stress = stress_options(command, toolchain);
  options.machine_lock = command.machine_lock;

  Report report;
  report.submission = relative_to(options.submission.string(), toolchain.course_root.string());
  report.sandboxed = sandbox_support().available;
  report.sandbox_missing = sandbox_support().why_not;
  if (fs::path repo = repository_of(options.submission); !repo.empty())
    report.protected_changes = changed_protected_files(repo, toolchain.course_root);
  for (const auto& id : selected_exercises(toolchain, command.exercises)) {
    std::fprintf(stderr, "grading %s %s ...\n", id.c_str(), toolchain.exercises.at(id).dir.c_str());
    report.exercises.push_back(grade_exercise(toolchain, id, options));
    if (command.hidden) report.exercises.back().hidden = grade_hidden(toolchain, id, options);
    // Written after every exercise: a run that dies keeps what it finished.
    if (!command.json_out.empty()) {
      fs::create_directories(fs::absolute(command.json_out).parent_path());
      write_atomically(command.json_out, dump_json(to_json(report), 2) + "\n");
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The terminal report goes to standard output unless another format takes it.
  if (command.format == "text" || !command.out.empty())
    std::fputs(render_text(report, {color_terminal()}).c_str(), stdout);
  if (command.format != "text" || !command.out.empty()) {
    std::string rendered = render(report, command.format, seconds);
    if (command.out.empty()) std::fputs(rendered.c_str(), stdout);
    else write_atomically(command.out, rendered);
  }
  if (!command.json_out.empty()) std::printf("Report: %s\n", command.json_out.c_str());
  return report.full_marks() ? 0 : 1;
}

}  // namespace grader
