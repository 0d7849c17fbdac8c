#include "grade_exercise.h"

#include <fmt/format.h>

#include <mutex>
#include <numeric>
#include <shared_mutex>

#include "grading_error.h"
#include "hidden_tests.h"
#include "machine_lock.h"
#include "points.h"
#include "process_limits.h"
#include "scoring.h"
#include "suite.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

Check build_check(const BuildResult& build, const SourceDirs& dirs) {
  Check check{.name = "build", .kind = CheckKind::kBuild, .status = build.ok ? CheckStatus::kPass : CheckStatus::kFail};
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
  Check check{.name = "build", .kind = CheckKind::kBuild, .status = CheckStatus::kFail};
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

constexpr const char* kOptimisedBuild = "-O2 -DNDEBUG, no sanitizer: the way the benchmark builds your code";

// The build check of code that compiled under the sanitizer but not as the
// benchmark compiles it (`#ifdef NDEBUG #error`, -O2-only warnings as errors).
Check optimised_build_check(const Check& plain) {
  Check check = plain;
  check.message =
      fmt::format("compiles under ThreadSanitizer, but not optimised ({}): {}", kOptimisedBuild, plain.message);
  return check;
}

// The performance check before (or instead of) any measurement: skipped,
// none of its points earned, saying why.
Check unmeasured_performance(const PerformanceRubric& perf, std::string why) {
  return {.name = "performance",
          .kind = CheckKind::kPerformance,
          .status = CheckStatus::kSkipped,
          .max_points = perf.points,
          .message = std::move(why)};
}

// An exercise that cannot be tested: its build check, then every rubric
// check scored zero, saying why.
ExerciseResult unbuilt(ExerciseResult result, Check build, const Rubric& rubric, const std::string& why) {
  result.checks.push_back(std::move(build));
  for (const auto& t : rubric.tests)
    result.checks.push_back({.name = t.name,
                             .kind = CheckKind::kCorrectness,
                             .status = CheckStatus::kSkipped,
                             .max_points = t.points,
                             .message = why});
  result.checks.push_back({.name = "race-free",
                           .kind = CheckKind::kRace,
                           .status = CheckStatus::kSkipped,
                           .max_points = rubric.race_free_points,
                           .message = why});
  result.checks.push_back({.name = "no timeouts",
                           .kind = CheckKind::kTimeout,
                           .status = CheckStatus::kSkipped,
                           .max_points = rubric.no_timeouts_points,
                           .message = why});
  // Its points are among those not earned, not missing from the total that
  // every platform adds up from the checks.
  if (rubric.performance.points > 0) result.checks.push_back(unmeasured_performance(rubric.performance, why));
  result.status = ExerciseStatus::kBuildError;
  return result;
}

std::vector<std::size_t> every_test(const Rubric& rubric) {
  std::vector<std::size_t> all(rubric.tests.size());
  std::iota(all.begin(), all.end(), 0);
  return all;
}

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

// The second run, optimised, of every test that passed under the sanitizer:
// it links the objects the benchmark links (same flags, same build
// directory), so the code that is tested is the code that is timed. A test
// passes only when it passed in both builds; the optimised failure replaces
// the outcome. Returns the build check when the optimised build fails.
std::optional<Check> run_optimised(const ExercisePlan& plan, const SuiteEnv& env, std::vector<TestOutcome>& outcomes,
                                   std::optional<BuildResult> built) {
  Suite suite{&plan.rubric,
              plan.tests_optimised,
              plan.sources_dir,
              plan.build_dir / "bench",
              plan.build_dir / "runs_opt",
              plan.dirs,
              {},
              /*together_first=*/true,
              std::move(built)};
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].status == TestStatus::kPassed) suite.tests.push_back(i);
  if (suite.tests.empty()) return std::nullopt;
  SuiteRun run = run_suite(suite, env);
  if (!run.build.ok) return optimised_build_check(build_check(run.build, plan.dirs));
  for (std::size_t i : suite.tests) {
    TestOutcome o = run.started() ? run.outcomes[i] : run.startup;
    if (o.status == TestStatus::kPassed) continue;
    if (!run.started()) {
      o.name = outcomes[i].name;
      o.detail = "the optimised test program does not start: " + run.startup.detail;
    }
    o.detail = optimised_failure(o);
    // Its race evidence is the sanitized run's; the optimised one has none.
    o.tsan_reports = outcomes[i].tsan_reports;
    outcomes[i] = std::move(o);
  }
  return std::nullopt;
}

// Speed is earned only by code that is right: everything but the build,
// information and speed itself at full points.
bool earned_everything(const std::vector<Check>& checks) {
  for (const auto& c : checks)
    if (c.kind != CheckKind::kBuild && c.kind != CheckKind::kInfo && c.kind != CheckKind::kPerformance &&
        c.points + 1e-9 < c.max_points)
      return false;
  return true;
}

// Measuring a failing or racy submission would cost grading time and reward
// nothing. The performance check, and the figures when speed was measured.
Check performance_phase(const ExercisePlan& plan, const GradeOptions& options, const GradingPhases& phases,
                        bool earnable, std::optional<PerformanceFigures>& figures) {
  const PerformanceRubric& perf = plan.rubric.performance;
  if (!earnable && !options.always_measure)
    return unmeasured_performance(perf,
                                  "not measured: speed is scored once every test passes with no race and no timeout");
  if (options.cores < 2)
    return unmeasured_performance(
        perf, fmt::format("not measurable here: the grader may use 1 core ({}), and speed is scored on how the code "
                          "uses several cores against the reference, which needs 2 or more. Not a mark against your "
                          "code. The instructor gives the autograder 2 CPUs or more (Gradescope: the assignment's "
                          "settings); on your own machine, run make check where 2 cores are free.",
                          options.cores_described.empty() ? "as counted" : options.cores_described));
  if (plan.bench.archive.empty() || plan.reference_bench.empty())
    throw GradingError("exercise " + plan.dir + " has performance points but no benchmark in the build");
  BuildResult build = phases.build(plan.bench, plan.sources_dir, plan.build_dir / "bench", kBuildLimits.time);
  if (!build.ok) {
    Check check = unmeasured_performance(
        perf, "the benchmark does not build: " + (build.error ? build.error->message : build.problem));
    check.status = CheckStatus::kFail;
    return check;
  }
  PerformanceSpec spec{build.binary, plan.reference_bench, plan.build_dir / "performance",
                       &perf,        options.cores,        options.seed};
  PerformanceMeasurement measured = phases.measure(spec);
  Check check = performance_check(measured, perf, options.cores);
  if (measured.problem.empty()) figures = performance_figures(measured, perf, options.cores);
  if (!earnable) {
    check.status = CheckStatus::kSkipped;
    check.points = 0;
    check.message = "not earned: speed is scored once every test passes with no race and no timeout. "
                    "Measured for the diagnosis only:\n" +
                    check.message;
  }
  return check;
}

ExerciseResult grade_public(const ExercisePlan& plan, const GradeOptions& options, const SuiteEnv& env) {
  const Rubric& rubric = plan.rubric;
  ExerciseResult result;
  result.id = plan.id;
  result.dir = plan.dir;
  result.title = rubric.title;
  result.max_score = rubric.total();
  result.artifacts = relative_to(plan.build_dir.string(), plan.dirs.root);

  Suite sanitized_suite{
      &rubric,   plan.tests,        plan.sources_dir, plan.build_dir / "tsan", plan.build_dir / "runs",
      plan.dirs, every_test(rubric)};
  // The optimised build compiles while the sanitized tests run (they wait on
  // threads, sleeps and time limits more than they use the cores), instead
  // of after them.
  std::optional<BuildResult> optimised_build;
  sanitized_suite.beside_tests = [&] {
    optimised_build =
        env.phases->build(plan.tests_optimised, plan.sources_dir, plan.build_dir / "bench", kBuildLimits.time);
  };
  SuiteRun sanitized = run_suite(sanitized_suite, env);
  if (!sanitized.build.ok)
    return unbuilt(result, build_check(sanitized.build, plan.dirs), rubric,
                   "not graded: the exercise does not build (see \"build\")");
  if (!sanitized.started())
    return unbuilt(result, startup_check(sanitized.startup, plan.dirs), rubric,
                   "not graded: the test program does not start (see \"build\")");
  std::vector<TestOutcome> outcomes = std::move(sanitized.outcomes);
  if (std::optional<Check> failed = run_optimised(plan, env, outcomes, std::move(optimised_build)))
    return unbuilt(result, *failed, rubric, "not graded: the exercise does not build optimised (see \"build\")");
  result.checks.push_back(build_check(sanitized.build, plan.dirs));

  std::vector<Check> stress;  // what the stress runs did, when asked for; they may change `outcomes`
  if (options.stress.runs > 0) {
    std::shared_lock sharing(*env.machine);
    stress.push_back(stress_phase({&rubric, env.phases, plan.tests, plan.sources_dir, plan.build_dir, plan.dirs,
                                   plan.id, plan.submission, options.seed, options.jobs, options.stress},
                                  outcomes));
  }
  for (auto& c : score_tests(rubric, outcomes, plan.dirs)) result.checks.push_back(std::move(c));
  for (auto& c : stress) result.checks.push_back(std::move(c));
  if (rubric.performance.points > 0) {
    const bool earnable = earned_everything(result.checks);
    // A performance phase may not run beside anything: it would measure it.
    std::unique_lock alone(*env.machine, std::defer_lock);
    if (earnable || options.always_measure) alone.lock();
    result.checks.push_back(performance_phase(plan, options, *env.phases, earnable, result.performance));
  }
  for (auto& c : result.checks) {
    c.points = round_points(c.points);
    result.score += c.points;
  }
  result.status = exercise_status(outcomes, result.checks);
  return result;
}

HiddenResult grade_hidden(const ExercisePlan& plan, const SuiteEnv& env) {
  const Rubric& rubric = *plan.hidden_rubric;
  SuiteRun run = run_suite({&rubric, plan.hidden_tests, plan.sources_dir, plan.build_dir / "hidden",
                            plan.build_dir / "hidden" / "runs", plan.hidden_dirs, every_test(rubric)},
                           env);
  if (!run.build.ok) return unrun_hidden(rubric, "not run: the exercise does not build (see its \"build\" check)");
  if (!run.started())
    return unrun_hidden(rubric, "not run: the test program does not start (" + run.startup.detail + ")");
  return score_hidden(rubric, run.outcomes, plan.hidden_dirs);
}

// The timeline of the submission's threads, display only: one unscored run
// of the optimised test binary (it exists once a test passed under the
// sanitizer), for code that built. A pool that hangs costs the run's time
// limit (TimelineRun) and gives no timeline. Where speed was measured it
// runs with the machine to itself, as the performance phase did: the picture
// is there to show jobs running at the same instant on different cores,
// which another grading's load beside it can hide (02's reference showed
// none, once, beside the corpus). Elsewhere it shares the machine: waiting
// for it alone would hold every other grading up behind a run that scores
// nothing.
void timeline_phase(const ExercisePlan& plan, const GradeOptions& options, const SuiteEnv& env,
                    ExerciseResult& result) {
  const fs::path binary = plan.build_dir / "bench" / plan.tests_optimised.binary_name;
  const bool ran = result.status == ExerciseStatus::kPass || result.status == ExerciseStatus::kFail;
  if (options.timeline_dir.empty() || !env.phases->timeline || !ran || !fs::exists(binary)) return;
  const fs::path out = options.timeline_dir / plan.dir / "timeline.json";
  std::shared_lock sharing(*env.machine, std::defer_lock);
  std::unique_lock alone(*env.machine, std::defer_lock);
  if (result.performance) alone.lock();
  else sharing.lock();
  std::string problem;
  if (write_timeline(env.phases->timeline, {binary, plan.build_dir / "timeline"}, out, &problem))
    result.timeline_file = relative_to(out.string(), plan.dirs.root);
}

}  // namespace

ExercisePlan plan_exercise(const Toolchain& toolchain, const std::string& id, const GradeOptions& options) {
  const ExerciseToolchain& exercise = toolchain.exercises.at(id);
  const fs::path exercise_dir = toolchain.course_root / "exercises" / exercise.dir;
  ExercisePlan plan;
  plan.id = id;
  plan.dir = exercise.dir;
  plan.rubric = course_rubric(toolchain.course_root, exercise.dir);
  scale_time_limits(plan.rubric, options.time_limit_scale);
  plan.tests = {&toolchain.tests, exercise.include_dirs,   exercise.test_archive,
                "tests",          toolchain.noise_archive, toolchain.noise_link_flags};
  plan.tests_optimised = {&toolchain.tests_opt, exercise.include_dirs, exercise.test_archive_opt, "tests_opt"};
  plan.bench = {&toolchain.bench, exercise.include_dirs, exercise.bench_archive, "bench"};
  plan.reference_bench = exercise.reference_bench;
  plan.sources_dir = options.submission / exercise.dir;
  plan.build_dir = options.work_dir / exercise.dir;
  plan.dirs = {plan.sources_dir.string(), (exercise_dir / "tests").string(), toolchain.course_root.string()};
  plan.submission = relative_to(options.submission.string(), plan.dirs.root);
  if (options.hidden) {
    const fs::path hidden_dir = exercise_dir / "hidden";
    plan.hidden_rubric = hidden_tests_rubric(hidden_dir, exercise.hidden_archive);
    if (plan.hidden_rubric) scale_time_limits(*plan.hidden_rubric, options.time_limit_scale);
    plan.hidden_tests = {&toolchain.tests, exercise.include_dirs, exercise.hidden_archive, "hidden_tests"};
    plan.hidden_dirs = {plan.dirs.submission, hidden_dir.string(), plan.dirs.root};
  }
  return plan;
}

ExerciseResult grade_exercise(const ExercisePlan& plan, const GradeOptions& options, const GradingPhases& phases) {
  MachineLock machine(options.machine_lock);
  SuiteEnv env{&phases, &machine, options.jobs};
  ExerciseResult result = grade_public(plan, options, env);
  timeline_phase(plan, options, env, result);
  if (plan.hidden_rubric) result.hidden = grade_hidden(plan, env);
  return result;
}

ExerciseResult grade_exercise(const Toolchain& toolchain, const std::string& id, const GradeOptions& options) {
  return grade_exercise(plan_exercise(toolchain, id, options), options, real_phases(toolchain.compiler));
}

unsigned exercises_at_once(const GradeOptions& options) { return options.machine_lock.empty() ? 1 : 2; }

}  // namespace grader
