#include "hidden_tests.h"

#include <cmath>
#include <shared_mutex>

#include "grading_error.h"
#include "machine_lock.h"
#include "parallel_for.h"
#include "scoring.h"
#include "submission_build.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

constexpr std::chrono::seconds kBuildTimeLimit{300};  // as the public tests' build

std::chrono::seconds time_limit(const Rubric& rubric, const RubricTest& test) {
  return std::chrono::seconds(test.timeout_seconds > 0 ? test.timeout_seconds : rubric.test_timeout_seconds);
}

std::vector<TestOutcome> run_hidden_tests(const Rubric& rubric, const fs::path& binary, const fs::path& runs_dir,
                                          const SourceDirs& dirs, unsigned jobs) {
  std::vector<TestOutcome> outcomes(rubric.tests.size());
  parallel_for(rubric.tests.size(), jobs, [&](std::size_t i) {
    const RubricTest& test = rubric.tests[i];
    outcomes[i] = run_test({binary, test.name, time_limit(rubric, test), runs_dir / test.name,
                            {dirs.submission, dirs.tests}});
  });
  return outcomes;
}

}  // namespace

HiddenResult score_hidden(const Rubric& rubric, const std::vector<TestOutcome>& outcomes, const SourceDirs& dirs) {
  HiddenResult hidden;
  hidden.max_score = rubric.total();
  for (auto& check : score_tests(rubric, outcomes, dirs)) {
    // A race or a hang found by a hidden test is worth telling even when the
    // instructor gave it no points; a passing 0-point check says nothing.
    if (check.max_points <= 0 && check.status != CheckStatus::kFail) continue;
    check.points = std::round(check.points * 10) / 10;
    hidden.score += check.points;
    hidden.checks.push_back(std::move(check));
  }
  hidden.status = exercise_status(outcomes, hidden.checks);
  return hidden;
}

HiddenResult unrun_hidden(const Rubric& rubric, const std::string& why) {
  HiddenResult hidden;
  hidden.status = "build_error";
  hidden.max_score = rubric.total();
  for (const auto& test : rubric.tests)
    hidden.checks.push_back({test.name, CheckKind::kCorrectness, CheckStatus::kSkipped, 0, test.points, why, "", 0});
  return hidden;
}

std::optional<HiddenResult> grade_hidden(const Toolchain& toolchain, const std::string& id,
                                         const GradeOptions& options) {
  const ExerciseToolchain& exercise = toolchain.exercises.at(id);
  const fs::path hidden_dir = toolchain.course_root / "exercises" / exercise.dir / "hidden";
  if (exercise.hidden_archive.empty()) {
    if (fs::exists(hidden_dir))
      throw GradingError(hidden_dir.string() + " exists but the course's build has no hidden-tests archive for it: "
                         "run `make grader` (it configures and builds it), then grade again.");
    return std::nullopt;
  }
  Rubric rubric = load_hidden_rubric(hidden_dir / "hidden_rubric.json");
  // Building and testing share the machine; only a performance phase must not.
  MachineLock machine(options.machine_lock);
  std::shared_lock sharing(machine);
  const fs::path build_dir = options.work_dir / exercise.dir / "hidden";
  const SourceDirs dirs{(options.submission / exercise.dir).string(), hidden_dir.string(),
                        toolchain.course_root.string()};

  BuildTarget target{&toolchain.tests, exercise.include_dirs, exercise.hidden_archive, "hidden_tests"};
  BuildResult build =
      build_submission(toolchain.compiler, target, options.submission / exercise.dir, build_dir, kBuildTimeLimit);
  if (!build.ok) return unrun_hidden(rubric, "not run: the exercise does not build (see its \"build\" check)");
  TestOutcome startup = probe_startup({build.binary, "start-up", std::chrono::seconds(rubric.test_timeout_seconds),
                                       build_dir / "runs" / "_start-up", {dirs.submission, dirs.tests}});
  if (startup.status != TestStatus::kPassed)
    return unrun_hidden(rubric, "not run: the test program does not start (" + startup.detail + ")");
  return score_hidden(rubric, run_hidden_tests(rubric, build.binary, build_dir / "runs", dirs, options.jobs), dirs);
}

}  // namespace grader
