#include "grade_exercise.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <mutex>
#include <numeric>
#include <shared_mutex>

#include "grading_error.h"
#include "machine_lock.h"
#include "parallel_for.h"
#include "performance.h"
#include "rubric.h"
#include "scoring.h"
#include "stress.h"
#include "submission_build.h"
#include "test_process.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

constexpr std::chrono::seconds kBuildTimeLimit{300};

Check build_check(const BuildResult& build, const SourceDirs& dirs) {
  Check check{"build", CheckKind::kBuild, build.ok ? CheckStatus::kPass : CheckStatus::kFail, 0, 0, "", "", 0};
  if (build.ok) {
    check.message = fmt::format("compiled under ThreadSanitizer ({:.1f} s)", build.wall.count() / 1000.0);
  } else if (build.error) {
    check.file = relative_to(build.error->file, dirs.root);
    check.line = build.error->line;
    bool from_compiler = !build.error->excerpt.empty();  // else the grader refused the code itself
    check.message = from_compiler ? "does not compile: " + build.error->message + "\n" + build.error->excerpt +
                                        "Full compiler output: " + relative_to(build.log_file.string(), dirs.root)
                                  : "refused: " + build.error->message;
  } else {
    check.message = "does not build: " + build.problem;
  }
  return check;
}

// The build check of a program that built but cannot start: it hangs,
// crashes or exits before the first test.
Check startup_check(const TestOutcome& startup, const SourceDirs& dirs) {
  Check check{"build", CheckKind::kBuild, CheckStatus::kFail, 0, 0, "", "", 0};
  check.message = "compiled, but the test program does not start: " + startup.detail +
                  ".\nCode that runs before main (the constructor of a global or static object) is the usual cause.";
  if (startup.status == TestStatus::kTimedOut) {
    Finding where = explain_stuck_threads(startup.stacks, dirs);
    check.message += "\nWhere each thread was:" + where.message;
    check.file = where.file;
    check.line = where.line;
  } else {
    check.file = relative_to(startup.file, dirs.root);
    check.line = startup.line;
  }
  return check;
}

// Every rubric check, scored zero, for an exercise that cannot be tested.
std::vector<Check> unbuilt_checks(const Rubric& rubric, const std::string& why) {
  std::vector<Check> checks;
  for (const auto& t : rubric.tests)
    checks.push_back({t.name, CheckKind::kCorrectness, CheckStatus::kSkipped, 0, t.points, why, "", 0});
  checks.push_back({"race-free", CheckKind::kRace, CheckStatus::kSkipped, 0, rubric.race_free_points, why, "", 0});
  checks.push_back({"no timeouts", CheckKind::kTimeout, CheckStatus::kSkipped, 0, rubric.no_timeouts_points, why, "", 0});
  return checks;
}

int time_limit(const Rubric& rubric, const RubricTest& test) {
  return test.timeout_seconds > 0 ? test.timeout_seconds : rubric.test_timeout_seconds;
}

// Runs the rubric tests `which` (indices into rubric.tests) against
// `binary`, each in a process of its own, `jobs` at once; the outcomes of
// the others stay as they are in `outcomes`.
void run_tests(const Rubric& rubric, const std::vector<std::size_t>& which, const fs::path& binary,
               const fs::path& runs_dir, const SourceDirs& dirs, unsigned jobs, std::vector<TestOutcome>& outcomes) {
  // Tests with a longer limit are the slow ones: starting them first keeps
  // one slow test from running alone at the end.
  std::vector<std::size_t> order = which;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return time_limit(rubric, rubric.tests[a]) > time_limit(rubric, rubric.tests[b]);
  });
  if (outcomes.size() < rubric.tests.size()) outcomes.resize(rubric.tests.size());
  parallel_for(order.size(), jobs, [&](std::size_t k) {
    const RubricTest& test = rubric.tests[order[k]];
    TestRun run{binary, test.name, std::chrono::seconds(time_limit(rubric, test)), runs_dir / test.name,
                {dirs.submission, dirs.tests}};
    outcomes[order[k]] = run_test(run);
  });
}

std::vector<TestOutcome> run_all_tests(const Rubric& rubric, const fs::path& binary, const fs::path& runs_dir,
                                       const SourceDirs& dirs, unsigned jobs) {
  std::vector<std::size_t> all(rubric.tests.size());
  std::iota(all.begin(), all.end(), 0);
  std::vector<TestOutcome> outcomes;
  run_tests(rubric, all, binary, runs_dir, dirs, jobs, outcomes);
  return outcomes;
}

constexpr const char* kOptimisedBuild = "-O2 -DNDEBUG, no sanitizer: the way the benchmark builds your code";

// What a student reads when a test passes under the sanitizer and fails
// optimised: the usual causes, each with its cure.
std::string optimised_failure(const TestOutcome& optimised) {
  return fmt::format(
      "passes under ThreadSanitizer (-O1), but fails when optimised ({}): {}\n"
      "Code that is right in one build and wrong in the other usually reads a plain variable that another "
      "thread writes (the optimizer may assume it does not change under you: make it std::atomic, or read it "
      "under the lock), has undefined behaviour the optimizer exploits, or does its work inside assert() or "
      "#ifdef NDEBUG / __OPTIMIZE__ / __SANITIZE_THREAD__.",
      kOptimisedBuild, optimised.detail);
}

// A test passes only when it passed in both builds; the first build's
// failure, when there is one, is what the student sees.
void merge_optimised(std::vector<TestOutcome>& outcomes, std::vector<TestOutcome>& optimised,
                     const std::vector<std::size_t>& which) {
  for (std::size_t i : which) {
    TestOutcome& o = optimised[i];
    if (o.status == TestStatus::kPassed) continue;
    o.detail = optimised_failure(o);
    // Its race evidence is the sanitized run's; the optimised one has none.
    o.tsan_reports = outcomes[i].tsan_reports;
    outcomes[i] = std::move(o);
  }
}

// The build check of code that compiled under the sanitizer but not as the
// benchmark compiles it (`#ifdef NDEBUG #error`, -O2-only warnings as errors).
Check optimised_build_check(const Check& plain) {
  Check check = plain;
  check.message = fmt::format("compiles under ThreadSanitizer, but not optimised ({}): {}", kOptimisedBuild,
                              plain.message);
  return check;
}

bool earned_everything(const std::vector<Check>& checks) {
  for (const auto& c : checks)
    if (c.kind != CheckKind::kBuild && c.kind != CheckKind::kPerformance && c.points + 1e-9 < c.max_points) return false;
  return true;
}

// Speed only counts for code that is right: measuring a failing or racy
// submission would cost grading time and reward nothing. Adds the
// performance check to `result`, and its figures when speed was measured.
void performance_phase(const Toolchain& toolchain, const ExerciseToolchain& exercise, const Rubric& rubric,
                       const GradeOptions& options, const fs::path& build_dir, ExerciseResult& result) {
  const PerformanceRubric& perf = rubric.performance;
  Check check{"performance", CheckKind::kPerformance, CheckStatus::kSkipped, 0, perf.points, "", "", 0};
  const bool earnable = earned_everything(result.checks);
  if (!earnable && !options.always_measure) {
    check.message = "not measured: speed is scored once every test passes with no race and no timeout";
    result.checks.push_back(check);
    return;
  }
  if (exercise.bench_archive.empty() || exercise.reference_bench.empty())
    throw GradingError("exercise " + exercise.dir + " has performance points but no benchmark in the build");
  BuildTarget bench{&toolchain.bench, exercise.include_dirs, exercise.bench_archive, "bench"};
  BuildResult build = build_submission(toolchain.compiler, bench, options.submission / exercise.dir,
                                       build_dir / "bench", kBuildTimeLimit);
  if (!build.ok) {
    check.status = CheckStatus::kFail;
    check.message = "the benchmark does not build: " + (build.error ? build.error->message : build.problem);
    result.checks.push_back(check);
    return;
  }
  PerformanceSpec spec{build.binary, exercise.reference_bench, build_dir / "performance", &perf,
                       options.cores, options.seed};
  PerformanceMeasurement measured = measure_performance(spec);
  check = performance_check(measured, perf, options.cores);
  if (measured.problem.empty()) result.performance = performance_figures(measured, perf, options.cores);
  if (!earnable) {
    check.status = CheckStatus::kSkipped;
    check.points = 0;
    check.message = "not earned: speed is scored once every test passes with no race and no timeout. "
                    "Measured for the diagnosis only:\n" + check.message;
  }
  result.checks.push_back(check);
}

}  // namespace

ExerciseResult grade_exercise(const Toolchain& toolchain, const std::string& id, const GradeOptions& options) {
  const ExerciseToolchain& exercise = toolchain.exercises.at(id);
  const fs::path exercise_dir = toolchain.course_root / "exercises" / exercise.dir;
  Rubric rubric = load_rubric(exercise_dir / "rubric.json");
  const fs::path build_dir = options.work_dir / exercise.dir;
  const SourceDirs dirs{(options.submission / exercise.dir).string(), (exercise_dir / "tests").string(),
                        toolchain.course_root.string()};

  ExerciseResult result;
  result.id = id;
  result.dir = exercise.dir;
  result.title = rubric.title;
  result.max_score = rubric.total();
  result.artifacts = relative_to(build_dir.string(), dirs.root);

  // Other graders' builds and tests may run beside ours; a performance
  // phase may not run beside anything (it would measure them).
  MachineLock machine(options.machine_lock);
  std::shared_lock sharing(machine);
  BuildTarget tests{&toolchain.tests, exercise.include_dirs, exercise.test_archive, "tests",
                    toolchain.noise_archive, toolchain.noise_link_flags};
  BuildResult build = build_submission(toolchain.compiler, tests, options.submission / exercise.dir,
                                       build_dir / "tsan", kBuildTimeLimit);
  result.checks.push_back(build_check(build, dirs));
  if (!build.ok) {
    for (auto& c : unbuilt_checks(rubric, "not graded: the exercise does not build (see \"build\")"))
      result.checks.push_back(std::move(c));
    result.status = "build_error";
    return result;
  }
  TestOutcome startup = probe_startup({build.binary, "start-up", std::chrono::seconds(rubric.test_timeout_seconds),
                                       build_dir / "runs" / "_start-up", {dirs.submission, dirs.tests}});
  if (startup.status != TestStatus::kPassed) {
    result.checks.back() = startup_check(startup, dirs);
    for (auto& c : unbuilt_checks(rubric, "not graded: the test program does not start (see \"build\")"))
      result.checks.push_back(std::move(c));
    result.status = "build_error";
    return result;
  }
  std::vector<TestOutcome> outcomes = run_all_tests(rubric, build.binary, build_dir / "runs", dirs, options.jobs);
  // The second run, optimised, of every test that passed under the
  // sanitizer: it links the objects the benchmark links (same flags, same
  // build directory), so the code that is tested is the code that is timed.
  std::vector<std::size_t> passed;
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].status == TestStatus::kPassed) passed.push_back(i);
  if (!passed.empty()) {
    BuildTarget optimised{&toolchain.tests_opt, exercise.include_dirs, exercise.test_archive_opt, "tests_opt"};
    BuildResult opt_build = build_submission(toolchain.compiler, optimised, options.submission / exercise.dir,
                                             build_dir / "bench", kBuildTimeLimit);
    if (!opt_build.ok) {
      result.checks.back() = optimised_build_check(build_check(opt_build, dirs));
      for (auto& c : unbuilt_checks(rubric, "not graded: the exercise does not build optimised (see \"build\")"))
        result.checks.push_back(std::move(c));
      result.status = "build_error";
      return result;
    }
    TestOutcome opt_startup = probe_startup({opt_build.binary, "start-up", std::chrono::seconds(rubric.test_timeout_seconds),
                                             build_dir / "runs_opt" / "_start-up", {dirs.submission, dirs.tests}});
    std::vector<TestOutcome> optimised_outcomes(outcomes.size());
    // All of them in one process first: when they pass there, as they
    // nearly always do, the second build costs one start-up, not one per
    // test. Only what did not pass together runs alone, for its verdict.
    std::vector<std::size_t> alone;
    if (opt_startup.status == TestStatus::kPassed) {
      std::vector<std::string> names;
      int longest = 0;
      for (std::size_t i : passed) {
        names.push_back(rubric.tests[i].name);
        longest = std::max(longest, time_limit(rubric, rubric.tests[i]));
      }
      std::vector<std::string> together = passing_together(
          {opt_build.binary, "together", std::chrono::seconds(longest), build_dir / "runs_opt" / "_together",
           {dirs.submission, dirs.tests}}, names);
      for (std::size_t i : passed) {
        if (std::find(together.begin(), together.end(), rubric.tests[i].name) != together.end())
          optimised_outcomes[i].status = TestStatus::kPassed;
        else
          alone.push_back(i);
      }
    }
    if (opt_startup.status != TestStatus::kPassed) {
      for (std::size_t i : passed) {
        optimised_outcomes[i] = opt_startup;
        optimised_outcomes[i].name = outcomes[i].name;
        optimised_outcomes[i].detail = "the optimised test program does not start: " + opt_startup.detail;
      }
    } else {
      run_tests(rubric, alone, opt_build.binary, build_dir / "runs_opt", dirs, options.jobs, optimised_outcomes);
    }
    merge_optimised(outcomes, optimised_outcomes, passed);
  }
  std::vector<Check> stress;  // what the stress runs did, when asked for; they may change `outcomes`
  if (options.stress.runs > 0)
    stress.push_back(stress_phase({&rubric, tests, options.submission / exercise.dir, build_dir, dirs, id,
                                   relative_to(options.submission.string(), dirs.root), options.seed, options.jobs,
                                   options.stress}, outcomes));
  sharing.unlock();
  for (auto& c : score_tests(rubric, outcomes, dirs)) result.checks.push_back(std::move(c));
  for (auto& c : stress) result.checks.push_back(std::move(c));
  if (rubric.performance.points > 0) {
    std::unique_lock alone(machine, std::defer_lock);
    if (earned_everything(result.checks) || options.always_measure) alone.lock();  // it will measure
    performance_phase(toolchain, exercise, rubric, options, build_dir, result);
  }
  // Points are kept to a tenth, check by check, so that every format (the
  // terminal, Classroom's per-test scores, Gradescope) adds up to one total.
  for (auto& c : result.checks) {
    c.points = std::round(c.points * 10) / 10;
    result.score += c.points;
  }
  result.status = exercise_status(outcomes, result.checks);
  return result;
}

}  // namespace grader
