// The course's grader. `grader grade --submission solutions` is what
// `make check` runs.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "batch_command.h"
#include "grade_command.h"
#include "grading_error.h"
#include "template_commands.h"

#ifndef COURSE_DEFAULT_TOOLCHAIN
#define COURSE_DEFAULT_TOOLCHAIN "course_toolchain.json"
#endif

namespace {

constexpr int kCannotGrade = 2;

void add_grade_command(CLI::App& app, grader::GradeCommand& grade) {
  CLI::App* cmd = app.add_subcommand("grade", "Grade one submission (a directory laid out like solutions/)");
  cmd->add_option("--submission", grade.submission, "the submission's directory")->required();
  cmd->add_option("--exercise", grade.exercises, "exercise to grade: 01, 1 or 01_concurrent_tasks (repeatable; default all)");
  cmd->add_option("--toolchain", grade.toolchain, "course_toolchain.json from the course's build tree")
      ->capture_default_str();
  cmd->add_option("--work-dir", grade.work_dir, "where to build and keep logs (default build/check/<submission>-<hash>)");
  cmd->add_option("--json", grade.json_out, "also write the report as JSON to this file");
  cmd->add_option("--format", grade.format, "the report's format for --out: text, json, classroom (base64 for a "
                                            "workflow's `result` output), gradescope (results.json) or junit")
      ->check(CLI::IsMember({"text", "json", "classroom", "gradescope", "junit"}))
      ->capture_default_str();
  cmd->add_option("--out", grade.out, "write --format's report to this file (default: standard output)");
  cmd->add_option("--jobs", grade.jobs, "tests to run at once (default: the usable cores)");
  cmd->add_option("--seed", grade.seed, "order of the performance pairs, to replay a run (default: fresh)");
  cmd->add_flag("--always-measure", grade.always_measure,
                "measure and diagnose speed even when failing tests mean it earns no points");
  cmd->add_option("--stress", grade.stress,
                  "after the normal runs, run each test that passed this many more times under injected "
                  "scheduling noise, to catch rare interleavings (0: none)")
      ->capture_default_str();
  cmd->add_option("--stress-budget", grade.stress_budget, "seconds the stress runs of one exercise may take")
      ->capture_default_str();
  cmd->add_option("--stress-seed", grade.stress_seed,
                  "replay: every stress run uses this noise seed (a failure under noise says which)");
  cmd->add_option("--machine-lock", grade.machine_lock,
                  "a lock file shared with other graders on this machine: a performance phase waits until "
                  "nothing else runs (grader batch passes it)");
  cmd->add_flag("--hidden", grade.hidden,
                "also run the instructor's hidden tests (exercises/NN_name/hidden/), reported apart from the score");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Grades the concurrency course's exercises: ThreadSanitizer builds, tests, explanations."};
  app.require_subcommand(1);
  grader::GradeCommand grade;
  grade.toolchain = COURSE_DEFAULT_TOOLCHAIN;
  add_grade_command(app, grade);
  grader::add_batch_command(app, COURSE_DEFAULT_TOOLCHAIN);
  grader::add_template_commands(app, COURSE_DEFAULT_TOOLCHAIN);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kCannotGrade;
  }
  try {
    return grader::run_grade(grade);
  } catch (const grader::GradingError& e) {
    std::fprintf(stderr, "grader: cannot grade: %s\n", e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "grader: cannot grade (an error in the grader itself, please report it): %s\n", e.what());
  }
  return kCannotGrade;
}
