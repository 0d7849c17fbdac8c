// The instructor's hidden tests (exercises/NN_name/hidden/): tests a student
// template does not ship, graded by `grader grade --hidden` (batch grading)
// (grade_exercise.h, GradeOptions::hidden) into a block of their own beside the exercise's 100 points, never into
// them, so a student's public score is the same in make check, Classroom
// and batch grading.
//
// hidden/ holds the tests (*.cpp, compiled into the exercise's hidden-tests
// archive under ThreadSanitizer) and hidden_rubric.json: per-test points and
// `checks` sentences, like rubric.json (see load_hidden_rubric).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "explain.h"
#include "report.h"
#include "rubric.h"
#include "test_process.h"

namespace grader {

// The hidden tests' rubric, when the exercise has hidden tests in this
// course tree (`hidden_dir` exists): grade_exercise() builds and runs them
// as a suite of their own (suite.h) in work_dir/NN_name/hidden. Empty when
// it has none. Throws GradingError when hidden/ exists but the build has no
// archive for it (`archive` empty).
std::optional<Rubric> hidden_tests_rubric(const std::filesystem::path& hidden_dir,
                                          const std::filesystem::path& archive);

// The block from each test's outcome (in the rubric's order): a check per
// test, then race-free and no-timeouts when they carry points or failed.
HiddenResult score_hidden(const Rubric& rubric, const std::vector<TestOutcome>& outcomes, const SourceDirs& dirs);

// The block when the tests could not run (ExerciseStatus::kBuildError): every test
// skipped, saying why.
HiddenResult unrun_hidden(const Rubric& rubric, const std::string& why);

}  // namespace grader
