// An exercise's rubric (exercises/NN_name/rubric.json): the points of each
// check. Every rubric totals 100.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

struct RubricTest {
  std::string name;  // the gtest name, "Suite.Test"
  double points = 0;
  std::string checks;       // what the test checks, in a student's words
  int timeout_seconds = 0;  // this test's own limit; 0: the exercise's
};

// Speed measured side by side with the reference (exercises with a benchmark).
struct PerformanceRubric {
  double points = 0;
  std::string benchmark = "score";    // the benchmark whose time scores
  std::string curve;                  // a regex of benchmarks shown as the speedup curve
  std::string baseline;               // the sequential benchmark speedups are relative to
  std::vector<std::string> counters;  // benchmark counters shown beside the curve ("bound_fraction", ...)
  double full_at = 1.1;               // full points up to this time ratio to the reference
  double zero_at = 2.0;               // no points from this ratio on
  // Iterations of each scored run: fixed, so that the grader's own clock
  // around the process can check the times the benchmark reports.
  long score_iterations = 3;
};

struct Rubric {
  std::string exercise;  // "01"
  std::string title;
  int test_timeout_seconds = 30;
  std::vector<RubricTest> tests;
  double race_free_points = 0;
  double no_timeouts_points = 0;
  PerformanceRubric performance;  // points 0: the exercise has no performance part

  double correctness_points() const;
  double total() const;
};

// Throws GradingError (a course fault, not the student's) when the file is
// missing, malformed, or does not total 100.
Rubric load_rubric(const std::filesystem::path& file);
// The same from the rubric's text; `name` says where it came from in errors.
Rubric load_rubric_text(const std::string& text, const std::string& name);

// The rubric an exercise is graded with: `file`, but in a student's clone of
// the template, the rubric as the template's first commit holds it
// (template_origin.h), whatever the working tree's copy now says.
Rubric course_rubric(const std::filesystem::path& course_root, const std::string& exercise_dir);

// An exercise's hidden tests (exercises/NN_name/hidden/hidden_rubric.json):
// the same form, but no title is needed, race_free and no_timeouts are
// optional (0 points), and the points are the instructor's own scale,
// outside the exercise's 100.
Rubric load_hidden_rubric(const std::filesystem::path& file);

}  // namespace grader
