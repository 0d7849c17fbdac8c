// The grading report: what build/check/report.json holds and what every
// output format (terminal, Classroom, Gradescope, ...) is rendered from.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace grader {

enum class CheckKind { kBuild, kCorrectness, kRace, kTimeout, kPerformance };
enum class CheckStatus { kPass, kFail, kSkipped };

struct Check {
  std::string name;           // "WaitGroup.WaitAtZeroReturnsAtOnce", "race-free", ...
  CheckKind kind = CheckKind::kCorrectness;
  CheckStatus status = CheckStatus::kSkipped;
  double points = 0;
  double max_points = 0;
  std::string message;        // for the student: what happened and what to do
  std::string file;           // where to look, relative to the course root when inside it
  int line = 0;               // 0: no line
};

struct ExerciseResult {
  std::string id;             // "01"
  std::string dir;            // "01_concurrent_tasks"
  std::string title;
  std::string status;         // "pass", "fail", "build_error", "not_implemented"
  double score = 0;
  double max_score = 0;
  std::vector<Check> checks;
  std::string artifacts;      // where raw logs of this exercise's runs are kept
};

struct Report {
  static constexpr int kVersion = 1;
  std::string submission;
  std::vector<ExerciseResult> exercises;

  double total() const;
  double max_total() const;
  bool full_marks() const;
};

std::string to_string(CheckKind kind);
std::string to_string(CheckStatus status);
nlohmann::json to_json(const Report& report);

}  // namespace grader
