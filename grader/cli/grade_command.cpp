#include "grade_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <optional>
#include <random>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "classroom50_result.h"
#include "cpus.h"
#include "exercise_ids.h"
#include "frame.h"
#include "github_annotations.h"
#include "grade_exercise.h"
#include "grading_error.h"
#include "html_report.h"
#include "json_text.h"
#include "machine_lock.h"
#include "option_names.h"
#include "parallel_for.h"
#include "platform_formats.h"
#include "protected_files.h"
#include "sandbox.h"
#include "text_files.h"
#include "text_report.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// Each submission builds in a directory of its own, named after it, so that
// grading solutions/ after reference/ rebuilds nothing of either.
fs::path default_work_dir(const Toolchain& toolchain, const fs::path& submission) {
  std::size_t hash = std::hash<std::string>{}(submission.string());
  std::string name = submission.filename().string();
  return toolchain.course_root / "build" / "check" / fmt::format("{}-{:08x}", name, hash & 0xffffffffu);
}

std::string render(const Report& report, const std::string& format, double seconds, const HtmlReportSources& sources) {
  if (format == "text") return render_text(report, {false});
  if (format == "json") return dump_json(to_json(report), 2) + "\n";
  if (format == "classroom") return to_classroom_output(report) + "\n";
  if (format == "gradescope")
    return dump_json(to_gradescope(report, seconds, [&](const Check& c) { return lost_check_html(c, sources); }), 2) +
           "\n";
  if (format == "junit") return to_junit(report);
  if (format == "github-annotations") return to_github_annotations(report);
  if (format == "classroom50")
    return dump_json(to_classroom50(report, classroom50_identity_from_environment()), 2) + "\n";
  throw GradingError("unknown format \"" + format +
                     "\": say text, json, classroom, classroom50, github-annotations, gradescope or junit");
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
  options.work_dir =
      command.work_dir.empty() ? default_work_dir(toolchain, options.submission) : fs::absolute(command.work_dir);
  const CoreBudget budget = this_process_core_budget();
  options.cores = budget.cores;
  options.cores_described = describe(budget);
  options.jobs = command.jobs > 0 ? command.jobs : options.cores;
  options.seed = command.seed > 0 ? command.seed : std::random_device{}() | 1u;
  options.always_measure = command.always_measure;
  options.stress = stress_options(command, toolchain);
  options.machine_lock = command.machine_lock;
  options.hidden = command.hidden;
  // The timelines go beside the JSON report (build/check/NN_name/timeline.json).
  if (!command.json_out.empty()) options.timeline_dir = fs::absolute(command.json_out).parent_path();
  options.time_limit_scale = command.time_limit_scale;

  Report report;
  report.submission = relative_to(options.submission.string(), toolchain.course_root.string());
  report.sandboxed = sandbox_support().available;
  report.sandbox_missing = sandbox_support().why_not;
  if (fs::path repo = repository_of(options.submission); !repo.empty())
    report.protected_changes = changed_protected_files(repo, toolchain.course_root);
  // The exercises are graded side by side (exercises_at_once), each
  // reported in its place whatever order they finish in.
  const std::vector<std::string> ids = resolve_exercises(toolchain, command.exercises);
  std::vector<std::optional<ExerciseResult>> graded(ids.size());
  std::mutex finishing;
  auto finished = [&] {
    std::vector<ExerciseResult> done;
    for (const auto& r : graded)
      if (r) done.push_back(*r);
    return done;
  };
  parallel_for_rethrowing(ids.size(), exercises_at_once(options), [&](std::size_t k) {
    std::fprintf(stderr, "grading %s %s ...\n", ids[k].c_str(), toolchain.exercises.at(ids[k]).dir.c_str());
    ExerciseResult result = grade_exercise(toolchain, ids[k], options);
    std::lock_guard lock(finishing);
    graded[k] = std::move(result);
    // Written after every exercise: a run that dies keeps what it finished.
    if (!command.json_out.empty()) {
      report.exercises = finished();
      fs::create_directories(fs::absolute(command.json_out).parent_path());
      write_atomically(command.json_out, dump_json(to_json(report), 2) + "\n");
    }
  });
  report.exercises = finished();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The terminal report goes to standard output unless another format takes it.
  if (command.format == "text" || !command.out.empty())
    std::fputs(render_text(report, {color_terminal()}).c_str(), stdout);
  if (command.format != "text" || !command.out.empty()) {
    std::string rendered = render(report, command.format, seconds,
                                  {.course_root = toolchain.course_root, .submission = options.submission});
    if (command.out.empty()) std::fputs(rendered.c_str(), stdout);
    else write_atomically(command.out, rendered);
    // Classroom 50 reads the Release's text beside result.json.
    if (command.format == "classroom50" && !command.out.empty())
      write_atomically(fs::absolute(command.out).parent_path() / "release-body.md", classroom50_release_body(report));
  }
  if (!command.annotations_out.empty()) write_atomically(command.annotations_out, to_github_annotations(report));
  if (!command.json_out.empty()) std::printf("Report: %s\n", command.json_out.c_str());
  if (!command.html_out.empty()) {
    fs::create_directories(fs::absolute(command.html_out).parent_path());
    write_atomically(command.html_out, render_html_report(report, {.course_root = toolchain.course_root,
                                                                   .submission = options.submission}));
    // Last, so that it is the line a student sees and can click.
    std::printf("Report in a browser: %s\n", fs::absolute(command.html_out).c_str());
  }
  return report.full_marks() ? 0 : 1;
}

Command add_grade_command(CLI::App& app, GradeCommand& grade) {
  namespace o = option;
  CLI::App* cmd = app.add_subcommand("grade", "Grade one submission (a directory laid out like solutions/)");
  cmd->add_option(o::kSubmission, grade.submission, "the submission's directory")->required();
  cmd->add_option(o::kExercise, grade.exercises,
                  "exercise to grade: 01, 1 or 01_concurrent_tasks (repeatable; default all)");
  cmd->add_option(o::kToolchain, grade.toolchain, "course_toolchain.json from the course's build tree")
      ->capture_default_str();
  cmd->add_option(o::kWorkDir, grade.work_dir,
                  "where to build and keep logs (default build/check/<submission>-<hash>)");
  cmd->add_option(o::kJson, grade.json_out, "also write the report as JSON to this file");
  cmd->add_option(
      "--github-annotations", grade.annotations_out,
      "also write GitHub Actions annotations (::error file=,line=::) to this file, for a workflow to print");
  cmd->add_option(o::kHtml, grade.html_out,
                  "also write the report as one self-contained HTML page (charts, your threads' timeline)");
  cmd->add_option(o::kFormat, grade.format,
                  "the report's format for --out: text, json, classroom (base64 for a "
                  "workflow's `result` output), classroom50 (result.json, and release-body.md beside --out), "
                  "github-annotations (workflow commands), gradescope (results.json) or junit")
      ->check(CLI::IsMember({"text", "json", "classroom", "classroom50", "github-annotations", "gradescope", "junit"}))
      ->capture_default_str();
  cmd->add_option(o::kOut, grade.out, "write --format's report to this file (default: standard output)");
  cmd->add_option(o::kJobs, grade.jobs, "tests to run at once (default: the usable cores)");
  cmd->add_option("--seed", grade.seed, "order of the performance pairs, to replay a run (default: fresh)");
  cmd->add_flag("--always-measure", grade.always_measure,
                "measure and diagnose speed even when failing tests mean it earns no points");
  cmd->add_option(o::kStress, grade.stress,
                  "after the normal runs, run each test that passed this many more times under injected "
                  "scheduling noise, to catch rare interleavings (0: none)")
      ->capture_default_str();
  cmd->add_option("--stress-budget", grade.stress_budget, "seconds the stress runs of one exercise may take")
      ->capture_default_str();
  cmd->add_option("--stress-seed", grade.stress_seed,
                  "replay: every stress run uses this noise seed (a failure under noise says which)");
  // Shared by default: a grade started beside a batch or another grade (the
  // course's tests run many at once) must not build while the other measures.
  grade.machine_lock = default_machine_lock_file();
  cmd->add_option(o::kMachineLock, grade.machine_lock,
                  "a lock file shared with other graders on this machine: a performance phase waits until "
                  "nothing else runs (grader batch passes it; '' for none)")
      ->capture_default_str();
  cmd->add_option(o::kTimeLimitScale, grade.time_limit_scale,
                  "multiply the rubric's test time limits by this: above 1 on a slow machine, below 1 to make "
                  "hangs cheaper (a test with a limit of its own, one known to be slow, keeps it then)")
      ->check(CLI::Range(0.01, 100.0))
      ->capture_default_str();
  cmd->add_flag(o::kHidden, grade.hidden,
                "also run the instructor's hidden tests (exercises/NN_name/hidden/), reported apart from the score");
  return {cmd, "grade", [&grade] { return run_grade(grade); }};
}

}  // namespace grader
