#include "hidden_tests.h"

#include "grading_error.h"
#include "points.h"
#include "scoring.h"

namespace grader {
namespace fs = std::filesystem;

HiddenResult score_hidden(const Rubric& rubric, const std::vector<TestOutcome>& outcomes, const SourceDirs& dirs) {
  HiddenResult hidden;
  hidden.max_score = rubric.total();
  for (auto& check : score_tests(rubric, outcomes, dirs)) {
    // A race or a hang found by a hidden test is worth telling even when the
    // instructor gave it no points; a passing 0-point check says nothing.
    if (check.max_points <= 0 && check.status != CheckStatus::kFail) continue;
    check.points = round_points(check.points);
    hidden.score += check.points;
    hidden.checks.push_back(std::move(check));
  }
  hidden.status = exercise_status(outcomes, hidden.checks);
  return hidden;
}

HiddenResult unrun_hidden(const Rubric& rubric, const std::string& why) {
  HiddenResult hidden;
  hidden.status = ExerciseStatus::kBuildError;
  hidden.max_score = rubric.total();
  for (const auto& test : rubric.tests)
    hidden.checks.push_back({.name = test.name,
                             .kind = CheckKind::kCorrectness,
                             .status = CheckStatus::kSkipped,
                             .max_points = test.points,
                             .message = why});
  return hidden;
}

std::optional<Rubric> hidden_tests_rubric(const fs::path& hidden_dir, const fs::path& archive) {
  if (archive.empty()) {
    if (fs::exists(hidden_dir))
      throw GradingError(hidden_dir.string() + " exists but the course's build has no hidden-tests archive for it: "
                                               "run `make grader` (it configures and builds it), then grade again.");
    return std::nullopt;
  }
  return load_hidden_rubric(hidden_dir / "hidden_rubric.json");
}

}  // namespace grader
