// The instructor's commands for other platforms, on the grader's command line:
//   grader export-template --out DIR      the student template (export_template.h)
//   grader gradescope --out FILE.zip      a Gradescope autograder (gradescope_bundle.h)
//   grader classroom50 --out DIR          a Classroom 50 autograder (classroom50_bundle.h)
#pragma once

#include "classroom50_bundle.h"
#include "command.h"
#include "export_template.h"
#include "gradescope_bundle.h"

namespace CLI {
class App;
}

namespace grader {

// Each adds its subcommand, parsing into the struct given (which must
// outlive the app). Exit status 0 done; a failure throws (cli/run_command.h
// says it and exits with 2).
Command add_export_template_command(CLI::App& app, ExportTemplateCommand& command);
Command add_gradescope_command(CLI::App& app, GradescopeCommand& command);
Command add_classroom50_command(CLI::App& app, Classroom50Command& command);

}  // namespace grader
