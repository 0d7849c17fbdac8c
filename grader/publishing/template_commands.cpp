#include "template_commands.h"

#include <CLI/CLI.hpp>

#include "option_names.h"

namespace grader {
namespace {

// The commands write from the course's build tree and take the same two options.
CLI::App* add_writer(CLI::App& app, const char* name, const std::string& what, std::filesystem::path& out,
                     const std::string& out_help, std::filesystem::path& toolchain) {
  CLI::App* cmd = app.add_subcommand(name, what);
  cmd->add_option(option::kOut, out, out_help)->required();
  cmd->add_option(option::kToolchain, toolchain, "course_toolchain.json from the course's build tree")
      ->capture_default_str();
  return cmd;
}

}  // namespace

Command add_export_template_command(CLI::App& app, ExportTemplateCommand& command) {
  CLI::App* cmd = add_writer(app, "export-template",
                             "Write the student template: statements, public tests, stubs, Classroom workflow, "
                             "reference as objects only",
                             command.out, "a new or empty directory outside the course tree", command.toolchain);
  return {cmd, "export the template", [&command] { return run_export_template(command); }};
}

Command add_gradescope_command(CLI::App& app, GradescopeCommand& command) {
  CLI::App* cmd = add_writer(app, "gradescope",
                             "Write a Gradescope autograder (setup.sh, run_autograder and the student template) "
                             "as a zip to upload",
                             command.out, "the zip to write, e.g. autograder.zip", command.toolchain);
  return {cmd, "build the Gradescope autograder", [&command] { return run_gradescope_bundle(command); }};
}

Command add_classroom50_command(CLI::App& app, Classroom50Command& command) {
  CLI::App* cmd = add_writer(app, "classroom50",
                             "Write a Classroom 50 autograder (CLASSROOM/autograders/ASSIGNMENT/: autograder.py and "
                             "the student template) and the assignment's runtime block",
                             command.out, "your classroom50 repository (or any directory)", command.toolchain);
  cmd->add_option("--classroom", command.classroom, "the classroom's short name")->capture_default_str();
  cmd->add_option("--assignment", command.assignment, "the assignment's slug")->capture_default_str();
  return {cmd, "build the Classroom 50 autograder", [&command] { return run_classroom50_bundle(command); }};
}

}  // namespace grader
