#include "template_commands.h"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

#include <CLI/CLI.hpp>

#include "export_template.h"
#include "gradescope_bundle.h"
#include "grading_error.h"

namespace grader {
namespace {

constexpr int kCannot = 2;

// Runs `body` and ends the program: a failure is a sentence saying what to
// do, never a stack trace.
[[noreturn]] void run_and_exit(const char* doing, const std::function<int()>& body) {
  int status = kCannot;
  try {
    status = body();
  } catch (const GradingError& e) {
    std::fprintf(stderr, "grader: cannot %s: %s\n", doing, e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    std::fprintf(stderr, "grader: cannot %s: %s\n", doing, e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "grader: cannot %s (an error in the grader itself, please report it): %s\n", doing,
                 e.what());
  }
  std::fflush(stdout);
  std::exit(status);
}

}  // namespace

void add_template_commands(CLI::App& app, const std::filesystem::path& default_toolchain) {
  auto exported = std::make_shared<ExportTemplateCommand>();
  exported->toolchain = default_toolchain;
  CLI::App* cmd = app.add_subcommand("export-template", "Write the student template: statements, public tests, "
                                                        "stubs, Classroom workflow, reference as objects only");
  cmd->add_option("--out", exported->out, "a new or empty directory outside the course tree")->required();
  cmd->add_option("--toolchain", exported->toolchain, "course_toolchain.json from the course's build tree")
      ->capture_default_str();
  cmd->callback([exported] { run_and_exit("export the template", [&] { return run_export_template(*exported); }); });

  auto gradescope = std::make_shared<GradescopeCommand>();
  gradescope->toolchain = default_toolchain;
  cmd = app.add_subcommand("gradescope", "Write a Gradescope autograder (setup.sh, run_autograder and the student "
                                         "template) as a zip to upload");
  cmd->add_option("--out", gradescope->out, "the zip to write, e.g. autograder.zip")->required();
  cmd->add_option("--toolchain", gradescope->toolchain, "course_toolchain.json from the course's build tree")
      ->capture_default_str();
  cmd->callback(
      [gradescope] { run_and_exit("build the Gradescope autograder", [&] { return run_gradescope_bundle(*gradescope); }); });
}

}  // namespace grader
