// `grader gradescope --out autograder.zip`: a Gradescope autograder that
// grades with the course's own grader. The zip holds
//
//   setup.sh         run once by Gradescope, as root: installs the course's
//                    packages (.ci/deps) and builds template/
//   run_autograder   run for each submission: grades the student's exercises
//                    one at a time into /autograder/results/results.json,
//                    rewritten after each exercise so that a timeout keeps
//                    what finished (AUTOGRADER_ROOT moves /autograder, for tests)
//   results.py       builds results.json from each exercise's Gradescope report
//   template/        the student template (export_template.h): no reference
//                    source, no hidden test
//
// The scripts come from grader/template/gradescope/.
#pragma once

#include <filesystem>

namespace grader {

struct GradescopeCommand {
  std::filesystem::path toolchain;  // course_toolchain.json of the course's build tree
  std::filesystem::path out;        // the zip to write (replaced if it exists)
};

// Exit status 0. Throws GradingError saying what to do when it cannot.
int run_gradescope_bundle(const GradescopeCommand& command);

}  // namespace grader
