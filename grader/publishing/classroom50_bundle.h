// `grader classroom50 --out DIR`: what a teacher drops into their Classroom 50
// repository (foundation50/classroom50) to grade an assignment with the
// course's own grader:
//
//   DIR/CLASSROOM/autograders/ASSIGNMENT/
//     autograder.py     runner.py runs it for each submission, in the student's
//                       checkout: builds template/, grades the checkout's
//                       solutions/ and leaves result.json (classroom50_result.h),
//                       release-body.md and the release assets there
//     classroom50.json  what autograder.py reads: the release assets and the
//                       grader option writing each (classroom50_release_assets())
//     template/         the student template (export_template.h): no reference
//                       source, no hidden test. The bundle is served from the
//                       teacher's GitHub Pages, which anyone may read.
//   DIR/CLASSROOM/ASSIGNMENT-runtime.json
//                     the assignment's `runtime` block (runs-on, and the apt
//                     packages `.ci/deps --list` prints), for
//                     `gh teacher assignment add --runtime`
//
// The script comes from grader/template/classroom50/. Publish-pages tars the
// assignment's directory; runner.py refuses a bundle over 10 MB and the
// command says so when it is (the template is well under 1 MB).
#pragma once

#include <filesystem>
#include <string>

namespace grader {

struct Classroom50Command {
  std::filesystem::path toolchain;  // course_toolchain.json of the course's build tree
  std::filesystem::path out;        // the teacher's classroom50 repository, or any directory
  std::string classroom = "course";
  std::string assignment = "concurrency";
};

// Exit status 0. Throws GradingError saying what to do when it cannot.
int run_classroom50_bundle(const Classroom50Command& command);

// A classroom's or an assignment's short name as Classroom 50 accepts it
// (autograde-runner.yaml's _SLUG: ^[a-z0-9][a-z0-9-]{1,38}$).
bool is_classroom50_slug(const std::string& name);

}  // namespace grader
