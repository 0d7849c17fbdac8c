// `grader export-template --out DIR`: the repository students get, as a
// template repository (Classroom 50's starter code, inside its autograder) or
// inside a Gradescope autograder. It holds all a student needs to work and
// to be graded exactly as the course grades, and none of the reference's
// source:
//
//   README.md       for students: grader/template/README.md, exercises listed
//   exercises/      statements, headers, public tests, benchmarks, rubrics,
//                   demos; never an exercise's hidden/ tests
//   exercises/NN_name/reference_objects/*.o
//                   the reference compiled as the benchmark compiles it
//                   (debug information stripped): the side-by-side speed
//                   measurement links it, as courses ship reference binaries
//   solutions/      the stubs
//   grader/         the grader's sources, without grader/tests (its corpus
//                   is made from the reference)
//   .github/workflows/classroom.yml, .github/classroom/   the course's check on GitHub Actions
//   .ci/deps, Makefile, CMakeLists.txt, CMakePresets.json, .gitignore
//
// The course's CMake builds both trees: with reference/ it compiles the
// reference; without, it links the shipped objects and leaves out what
// needs reference sources (exercises/cmake/course_exercise.cmake).
#pragma once

#include <filesystem>
#include <string>

#include "template_manifest.h"  // what the template holds
#include "toolchain.h"

namespace grader {

struct ExportTemplateCommand {
  std::filesystem::path toolchain;  // course_toolchain.json of the course's build tree
  std::filesystem::path out;        // new or empty, outside the course tree (its build/ is fine)
};

// Exit status 0. Throws GradingError saying what to do when it cannot export.
int run_export_template(const ExportTemplateCommand& command);

// Writes the template of the course at toolchain.course_root into `out`,
// then checks that no file of it contains a reference source. Throws
// GradingError when it cannot, and then leaves `out` empty.
// Returns the number of files written.
std::size_t export_template(const Toolchain& toolchain, const std::filesystem::path& out);

}  // namespace grader
