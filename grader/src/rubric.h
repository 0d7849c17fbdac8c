// An exercise's rubric (exercises/NN_name/rubric.json): the points of each
// check. Every rubric totals 100.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

struct RubricTest {
  std::string name;      // the gtest name, "Suite.Test"
  double points = 0;
  std::string checks;    // what the test checks, in a student's words
};

struct Rubric {
  std::string exercise;  // "01"
  std::string title;
  int test_timeout_seconds = 30;
  std::vector<RubricTest> tests;
  double race_free_points = 0;
  double no_timeouts_points = 0;

  double correctness_points() const;
  double total() const;
};

// Throws GradingError (a course fault, not the student's) when the file is
// missing, malformed, or does not total 100.
Rubric load_rubric(const std::filesystem::path& file);

}  // namespace grader
