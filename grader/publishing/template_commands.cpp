#include "template_commands.h"

#include <CLI/CLI.hpp>

#include "option_names.h"

namespace grader {

Command add_export_template_command(CLI::App& app, ExportTemplateCommand& command) {
  CLI::App* cmd = app.add_subcommand("export-template", "Write the student template: statements, public tests, "
                                                        "stubs, Classroom workflow, reference as objects only");
  cmd->add_option(option::kOut, command.out, "a new or empty directory outside the course tree")->required();
  cmd->add_option(option::kToolchain, command.toolchain, "course_toolchain.json from the course's build tree")
      ->capture_default_str();
  return {cmd, "export the template", [&command] { return run_export_template(command); }};
}

Command add_gradescope_command(CLI::App& app, GradescopeCommand& command) {
  CLI::App* cmd = app.add_subcommand("gradescope", "Write a Gradescope autograder (setup.sh, run_autograder and the "
                                                   "student template) as a zip to upload");
  cmd->add_option(option::kOut, command.out, "the zip to write, e.g. autograder.zip")->required();
  cmd->add_option(option::kToolchain, command.toolchain, "course_toolchain.json from the course's build tree")
      ->capture_default_str();
  return {cmd, "build the Gradescope autograder", [&command] { return run_gradescope_bundle(command); }};
}

}  // namespace grader
