// The instructor's hidden tests (exercises/NN_name/hidden/): tests a student
// template does not ship, graded by `grader grade --hidden` (batch grading)
// into a block of their own beside the exercise's 100 points, never into
// them, so a student's public score is the same in make check, Classroom
// and batch grading.
//
// hidden/ holds the tests (*.cpp, compiled into the exercise's hidden-tests
// archive under ThreadSanitizer) and hidden_rubric.json: per-test points and
// `checks` sentences, like rubric.json (see load_hidden_rubric).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "explain.h"
#include "grade_exercise.h"
#include "report.h"
#include "rubric.h"
#include "test_process.h"

namespace grader {

// Builds the submission against the hidden tests in work_dir/NN_name/hidden
// and runs each test in a process of its own, as the public tests run.
// Empty when the exercise has no hidden tests in this course tree.
// Throws GradingError when hidden/ exists but the build has no archive for it.
std::optional<HiddenResult> grade_hidden(const Toolchain& toolchain, const std::string& id,
                                         const GradeOptions& options);

// The block from each test's outcome (in the rubric's order): a check per
// test, then race-free and no-timeouts when they carry points or failed.
HiddenResult score_hidden(const Rubric& rubric, const std::vector<TestOutcome>& outcomes, const SourceDirs& dirs);

// The block when the tests could not run (status "build_error"): every test
// skipped, saying why.
HiddenResult unrun_hidden(const Rubric& rubric, const std::string& why);

}  // namespace grader
