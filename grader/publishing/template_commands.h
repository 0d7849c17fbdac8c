// The instructor's commands for other platforms, on the grader's command line:
//   grader export-template --out DIR      the student template (export_template.h)
//   grader gradescope --out FILE.zip      a Gradescope autograder (gradescope_bundle.h)
#pragma once

#include <filesystem>

namespace CLI {
class App;
}

namespace grader {

// Adds both subcommands. Parsing one runs it and ends the program with its
// exit status: 0 done, 2 could not (the message says what to do).
void add_template_commands(CLI::App& app, const std::filesystem::path& default_toolchain);

}  // namespace grader
