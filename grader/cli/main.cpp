// The course's grader. `grader grade --submission solutions` is what
// `make check` runs. Every subcommand is registered and run the same way
// (command.h): parse the whole command line, then run the one parsed, its
// failures said by run_command().
#include <vector>

#include <CLI/CLI.hpp>

#include "batch_command.h"
#include "grade_command.h"
#include "run_command.h"
#include "template_commands.h"

#ifndef COURSE_DEFAULT_TOOLCHAIN
#define COURSE_DEFAULT_TOOLCHAIN "course_toolchain.json"
#endif

int main(int argc, char** argv) {
  CLI::App app{"Grades the concurrency course's exercises: ThreadSanitizer builds, tests, explanations."};
  app.require_subcommand(1);
  grader::GradeCommand grade;
  grader::BatchCommand batch;
  grader::ExportTemplateCommand exported;
  grader::GradescopeCommand gradescope;
  grader::Classroom50Command classroom50;
  grade.toolchain = batch.toolchain = exported.toolchain = gradescope.toolchain = classroom50.toolchain =
      COURSE_DEFAULT_TOOLCHAIN;
  const std::vector<grader::Command> commands = {
      grader::add_grade_command(app, grade), grader::add_batch_command(app, batch),
      grader::add_export_template_command(app, exported), grader::add_gradescope_command(app, gradescope),
      grader::add_classroom50_command(app, classroom50)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : grader::kCannotRun;
  }
  for (const auto& command : commands)
    if (command.cli->parsed()) return grader::run_command(command);
  return grader::kCannotRun;  // require_subcommand(1) lets no other case through
}
