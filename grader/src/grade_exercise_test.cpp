#include "grade_exercise.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "test_support.h"

namespace grader {
namespace {

namespace fs = std::filesystem;

// Phases that start nothing: a build "makes" build_dir/<binary name>, and
// each run's outcome is looked up by binary and test name. What ran is
// recorded, so a test can say what grading did and did not start.
struct FakePhases {
  std::mutex mutex;
  std::set<std::string> failing_builds;       // binary names: "tests", "tests_opt", "hidden_tests", "bench"
  std::set<std::string> not_starting;         // binary names whose probe fails
  std::map<std::string, TestStatus> results;  // "binary/Test.name"; not listed: passes
  std::set<std::string> together_fails;       // tests that do not pass in the optimised all-in-one run
  std::vector<std::string> together_runs;     // the tests given to the all-in-one runs
  std::string together_hangs;                 // a test stopped in the all-in-one run, past its own limit
  std::vector<std::string> runs;              // "binary/Test.name", in the order they started
  std::vector<std::string> builds;
  int measured = 0;

  GradingPhases phases() {
    GradingPhases p;
    p.build = [this](const BuildTarget& target, const fs::path&, const fs::path& build_dir, std::chrono::seconds) {
      std::lock_guard lock(mutex);
      builds.push_back(target.binary_name);
      BuildResult result;
      result.ok = failing_builds.count(target.binary_name) == 0;
      result.binary = build_dir / target.binary_name;
      if (!result.ok) result.problem = "it does not (fake)";
      return result;
    };
    p.link_noise = [](const BuildTarget& target, const fs::path&, const fs::path& build_dir, std::chrono::seconds) {
      BuildResult result;
      result.ok = true;
      result.binary = build_dir / (target.binary_name + "_stress");
      return result;
    };
    p.probe = [this](const TestRun& run) {
      TestOutcome o;
      o.name = run.name;
      o.status = not_starting.count(run.binary.filename()) ? TestStatus::kCrashed : TestStatus::kPassed;
      o.detail = "crashed before main (fake)";
      return o;
    };
    p.run = [this](const TestRun& run) {
      std::string key = run.binary.filename().string() + "/" + run.name;
      std::lock_guard lock(mutex);
      runs.push_back(key);
      TestOutcome o;
      o.name = run.name;
      o.status = results.count(key) ? results[key] : TestStatus::kPassed;
      o.detail = "failed (fake)";
      o.timeout = run.timeout;
      return o;
    };
    p.together = [this](const TestRun&, const std::vector<TestLimit>& tests) {
      TogetherResult result;
      std::lock_guard lock(mutex);
      for (const auto& t : tests) {
        together_runs.push_back(t.name);
        if (t.name == together_hangs) {
          result.hung = TestOutcome{.name = t.name, .status = TestStatus::kTimedOut, .timeout = t.limit};
          result.passed.clear();
          return result;
        }
        if (together_fails.count(t.name) == 0) result.passed.push_back(t.name);
      }
      return result;
    };
    p.measure = [this](const PerformanceSpec&) {
      ++measured;
      PerformanceMeasurement m;
      m.student_ns = m.reference_ns = m.student_cpu_ns = m.reference_cpu_ns = 1e6;
      m.summary = {1.0, 0.01, 7};
      return m;
    };
    return p;
  }
};

ExercisePlan plan(double performance_points = 0) {
  ExercisePlan p;
  p.id = "01";
  p.dir = "01_x";
  p.rubric.title = "X";
  p.rubric.tests = {
      {"A.Quick", 40, "quick"}, {"A.Slow", 20, "slow", 90}, {"A.Other", 20 - performance_points, "other"}};
  p.rubric.race_free_points = 10;
  p.rubric.no_timeouts_points = 10;
  p.rubric.performance.points = performance_points;
  p.tests.binary_name = "tests";
  p.tests_optimised.binary_name = "tests_opt";
  p.bench.binary_name = "bench";
  p.bench.archive = "bench.a";
  p.reference_bench = "reference_bench";
  p.sources_dir = "/nonexistent/solutions/01_x";
  p.build_dir = "/nonexistent/work/01_x";
  p.dirs = {"/nonexistent/solutions/01_x", "/nonexistent/exercises/01_x/tests", "/nonexistent"};
  p.submission = "solutions";
  return p;
}

ExercisePlan with_hidden(ExercisePlan p) {
  Rubric hidden;
  hidden.tests = {{"H.One", 4, "one"}, {"H.Two", 6, "two"}};
  p.hidden_rubric = hidden;
  p.hidden_tests.binary_name = "hidden_tests";
  p.hidden_dirs = {p.dirs.submission, "/nonexistent/exercises/01_x/hidden", p.dirs.root};
  return p;
}

GradeOptions options(unsigned jobs = 1) {
  GradeOptions o;
  o.jobs = jobs;
  o.cores = 2;
  return o;
}

const Check& check_named(const ExerciseResult& r, const std::string& name) {
  for (const auto& c : r.checks)
    if (c.name == name) return c;
  throw std::runtime_error("no check " + name);
}

TEST(GradeExercise, EverythingPassingIsFullMarks) {
  FakePhases fake;
  ExerciseResult r = grade_exercise(plan(), options(2), fake.phases());
  EXPECT_EQ(r.status, ExerciseStatus::kPass);
  EXPECT_DOUBLE_EQ(r.score, 100);
  EXPECT_EQ(r.checks.front().name, "build");
  EXPECT_EQ(r.checks.front().status, CheckStatus::kPass);
  EXPECT_FALSE(r.hidden.has_value()) << "no hidden tests asked for";
}

TEST(GradeExercise, ABuildFailureSkipsEveryCheckAndRunsNothing) {
  FakePhases fake;
  fake.failing_builds = {"tests"};
  ExerciseResult r = grade_exercise(plan(20), options(), fake.phases());
  EXPECT_EQ(r.status, ExerciseStatus::kBuildError);
  EXPECT_DOUBLE_EQ(r.score, 0);
  ASSERT_EQ(r.checks.size(), 1u + 3u + 2u + 1u) << "build, the three tests, race-free, no timeouts, performance";
  EXPECT_EQ(r.checks.back().name, "performance");
  double max = 0;
  for (const auto& c : r.checks) max += c.max_points;
  EXPECT_DOUBLE_EQ(max, 40 + 20 + 0 + 10 + 10 + 20) << "still out of every point of the rubric";
  EXPECT_EQ(r.checks[0].status, CheckStatus::kFail);
  EXPECT_NE(r.checks[0].message.find("does not build: it does not (fake)"), std::string::npos) << r.checks[0].message;
  for (std::size_t i = 1; i < r.checks.size(); ++i) {
    EXPECT_EQ(r.checks[i].status, CheckStatus::kSkipped);
    EXPECT_NE(r.checks[i].message.find("does not build"), std::string::npos);
  }
  EXPECT_TRUE(fake.runs.empty());
  EXPECT_EQ(fake.measured, 0);
}

TEST(GradeExercise, AProgramThatDoesNotStartIsABuildErrorWithNoTestRun) {
  FakePhases fake;
  fake.not_starting = {"tests"};
  ExerciseResult r = grade_exercise(plan(), options(), fake.phases());
  EXPECT_EQ(r.status, ExerciseStatus::kBuildError);
  EXPECT_NE(r.checks[0].message.find("the test program does not start: crashed before main"), std::string::npos)
      << r.checks[0].message;
  EXPECT_NE(r.checks[1].message.find("does not start"), std::string::npos);
  EXPECT_TRUE(fake.runs.empty());
}

TEST(GradeExercise, TestsRunSlowestFirst) {
  FakePhases fake;
  grade_exercise(plan(), options(1), fake.phases());
  ASSERT_GE(fake.runs.size(), 3u);
  EXPECT_EQ(fake.runs[0], "tests/A.Slow") << "the test with the longest limit starts first";
  EXPECT_EQ(fake.runs[1], "tests/A.Quick");
  EXPECT_EQ(fake.runs[2], "tests/A.Other");
  EXPECT_EQ(fake.runs.size(), 3u) << "the optimised run passed all in one process: no test ran alone";
}

// Half a core of CPU time (Gradescope's default) says nothing of how code
// uses cores: speed is not measured, and the student is told why.
TEST(GradeExercise, SpeedIsNotMeasurableOnFewerThanTwoCores) {
  FakePhases fake;
  GradeOptions o = options();
  o.cores = 1;
  o.cores_described = "4 CPUs with a CPU quota of 0.5 core";
  ExerciseResult r = grade_exercise(plan(20), o, fake.phases());
  EXPECT_EQ(fake.measured, 0);
  const Check& perf = check_named(r, "performance");
  EXPECT_EQ(perf.status, CheckStatus::kSkipped);
  EXPECT_DOUBLE_EQ(perf.max_points, 20);
  EXPECT_NE(perf.message.find("not measurable"), std::string::npos) << perf.message;
  EXPECT_NE(perf.message.find("4 CPUs with a CPU quota of 0.5 core"), std::string::npos) << perf.message;
  o.cores = 2;
  grade_exercise(plan(20), o, fake.phases());
  EXPECT_EQ(fake.measured, 1) << "measured on two";
}

// A test stopped in the optimised all-in-one run, past its own limit,
// has timed out there: it is not run (and waited for) again alone.
TEST(GradeExercise, AHangInTheOptimisedAllInOneRunIsNotRunAgain) {
  FakePhases fake;
  fake.together_hangs = "A.Other";
  ExerciseResult r = grade_exercise(plan(), options(), fake.phases());
  EXPECT_EQ(std::count(fake.runs.begin(), fake.runs.end(), "tests_opt/A.Other"), 0);
  EXPECT_EQ(std::count(fake.runs.begin(), fake.runs.end(), "tests_opt/A.Quick"), 1) << "the others run alone";
  EXPECT_EQ(check_named(r, "A.Other").status, CheckStatus::kFail);
  EXPECT_EQ(check_named(r, "A.Quick").status, CheckStatus::kPass);
  EXPECT_EQ(check_named(r, "no timeouts").status, CheckStatus::kFail);
}

TEST(GradeExercise, AnOptimisedFailureCostsTheTestItsPoints) {
  FakePhases fake;
  fake.together_fails = {"A.Other"};
  fake.results["tests_opt/A.Other"] = TestStatus::kFailed;
  ExerciseResult r = grade_exercise(plan(), options(), fake.phases());
  EXPECT_EQ(fake.runs.back(), "tests_opt/A.Other") << "only what failed together runs alone";
  const Check& other = check_named(r, "A.Other");
  EXPECT_EQ(other.status, CheckStatus::kFail);
  EXPECT_NE(other.message.find("fails when optimised"), std::string::npos) << other.message;
  EXPECT_EQ(r.status, ExerciseStatus::kFail);
}

TEST(GradeExercise, AnOptimisedBuildFailureIsABuildError) {
  FakePhases fake;
  fake.failing_builds = {"tests_opt"};
  ExerciseResult r = grade_exercise(plan(), options(), fake.phases());
  EXPECT_EQ(r.status, ExerciseStatus::kBuildError);
  EXPECT_NE(r.checks[0].message.find("but not optimised"), std::string::npos) << r.checks[0].message;
}

TEST(GradeExercise, SpeedIsMeasuredAndScoredWhenEverythingElseIsFull) {
  FakePhases fake;
  ExerciseResult r = grade_exercise(plan(20), options(), fake.phases());
  EXPECT_EQ(fake.measured, 1);
  const Check& perf = check_named(r, "performance");
  EXPECT_EQ(perf.status, CheckStatus::kPass) << perf.message;
  EXPECT_DOUBLE_EQ(perf.points, 20);
  EXPECT_DOUBLE_EQ(r.score, 100);
  EXPECT_TRUE(r.performance.has_value());
}

TEST(GradeExercise, ALostPointIsNotMeasuredForSpeed) {
  FakePhases fake;
  fake.results["tests/A.Quick"] = TestStatus::kFailed;  // 40 points lost
  ExerciseResult r = grade_exercise(plan(20), options(), fake.phases());
  EXPECT_EQ(fake.measured, 0);
  const Check& perf = check_named(r, "performance");
  EXPECT_EQ(perf.status, CheckStatus::kSkipped);
  EXPECT_DOUBLE_EQ(perf.points, 0);
  EXPECT_NE(perf.message.find("not measured"), std::string::npos);
  EXPECT_FALSE(r.performance.has_value());
}

TEST(GradeExercise, AlwaysMeasureMeasuresButAwardsNoSpeedPointsToWrongCode) {
  FakePhases fake;
  fake.results["tests/A.Quick"] = TestStatus::kFailed;  // 40 points lost
  GradeOptions o = options();
  o.always_measure = true;
  ExerciseResult r = grade_exercise(plan(20), o, fake.phases());
  EXPECT_EQ(fake.measured, 1);
  const Check& perf = check_named(r, "performance");
  EXPECT_EQ(perf.status, CheckStatus::kSkipped);
  EXPECT_DOUBLE_EQ(perf.points, 0);
  EXPECT_NE(perf.message.find("not earned"), std::string::npos);
}

TEST(GradeExercise, AHangCostsTheNoTimeoutsPointsAndTheSpeedMeasurement) {
  FakePhases fake;
  fake.results["tests/A.Slow"] = TestStatus::kTimedOut;
  ExerciseResult r = grade_exercise(plan(20), options(), fake.phases());
  EXPECT_EQ(check_named(r, "no timeouts").status, CheckStatus::kFail);
  EXPECT_EQ(fake.measured, 0);
}

// Issue 16: the optimised build starts beside the sanitized tests, once
// their program has started, and is not built a second time; a program that
// does not start costs no optimised build.
TEST(GradeExercise, TheOptimisedBuildRunsBesideTheSanitizedTestsOnce) {
  {
    FakePhases fake;
    grade_exercise(plan(), options(), fake.phases());
    EXPECT_EQ(fake.builds, (std::vector<std::string>{"tests", "tests_opt"}));
  }
  {
    FakePhases fake;
    fake.not_starting = {"tests"};
    grade_exercise(plan(), options(), fake.phases());
    EXPECT_EQ(fake.builds, std::vector<std::string>{"tests"});
  }
}

// Issue 16: a test that timed out is run once, neither optimised nor under
// noise (each would cost its whole time limit again).
TEST(GradeExercise, AHangCostsItsTimeLimitOnce) {
  FakePhases fake;
  fake.results["tests/A.Slow"] = TestStatus::kTimedOut;
  fake.together_fails = {"A.Quick"};  // so that the optimised tests also run one by one
  GradeOptions o = options();
  o.stress.runs = 3;
  grade_exercise(plan(20), o, fake.phases());
  std::vector<std::string> slow_runs;
  for (const std::string& run : fake.runs)
    if (run.find("A.Slow") != std::string::npos) slow_runs.push_back(run);
  EXPECT_EQ(slow_runs, std::vector<std::string>{"tests/A.Slow"});
  EXPECT_EQ(std::count(fake.together_runs.begin(), fake.together_runs.end(), "A.Slow"), 0);
  EXPECT_GT(std::count(fake.together_runs.begin(), fake.together_runs.end(), "A.Quick"), 0);
  EXPECT_GT(std::count(fake.runs.begin(), fake.runs.end(), "tests_stress/A.Quick"), 0) << "the others are stress-run";
}

TEST(GradeExercise, TheStressCheckIsInformationAndDoesNotStandBeforeSpeed) {
  FakePhases fake;
  GradeOptions o = options();
  o.stress.runs = 1;
  ExerciseResult r = grade_exercise(plan(20), o, fake.phases());
  const Check& stress = check_named(r, "stress runs");
  EXPECT_EQ(stress.kind, CheckKind::kInfo);
  EXPECT_EQ(stress.status, CheckStatus::kPass) << stress.message;
  EXPECT_EQ(std::count(fake.runs.begin(), fake.runs.end(), "tests_stress/A.Quick"), 1);
  EXPECT_EQ(fake.measured, 1);
  EXPECT_DOUBLE_EQ(r.score, 100);
}

TEST(GradeExercise, AFailureUnderNoiseCostsTheTestItsPoints) {
  FakePhases fake;
  fake.results["tests_stress/A.Quick"] = TestStatus::kFailed;
  GradeOptions o = options();
  o.stress.runs = 2;
  ExerciseResult r = grade_exercise(plan(20), o, fake.phases());
  EXPECT_EQ(check_named(r, "stress runs").status, CheckStatus::kFail);
  const Check& quick = check_named(r, "A.Quick");
  EXPECT_EQ(quick.status, CheckStatus::kFail);
  EXPECT_NE(quick.message.find("under injected scheduling noise"), std::string::npos) << quick.message;
  EXPECT_EQ(std::count(fake.runs.begin(), fake.runs.end(), "tests_stress/A.Quick"), 1) << "not run again once failed";
  EXPECT_EQ(fake.measured, 0);
}

TEST(GradeExercise, HiddenTestsAreGradedApartFromTheScore) {
  FakePhases fake;
  fake.results["hidden_tests/H.Two"] = TestStatus::kFailed;
  ExerciseResult r = grade_exercise(with_hidden(plan()), options(), fake.phases());
  EXPECT_DOUBLE_EQ(r.score, 100) << "a hidden failure costs no public point";
  EXPECT_EQ(r.status, ExerciseStatus::kPass);
  ASSERT_TRUE(r.hidden.has_value());
  EXPECT_DOUBLE_EQ(r.hidden->score, 4);
  EXPECT_DOUBLE_EQ(r.hidden->max_score, 10);
  EXPECT_EQ(r.hidden->status, ExerciseStatus::kFail);
}

TEST(GradeExercise, HiddenTestsThatDoNotBuildAreNotRun) {
  FakePhases fake;
  fake.failing_builds = {"hidden_tests"};
  ExerciseResult r = grade_exercise(with_hidden(plan()), options(), fake.phases());
  EXPECT_DOUBLE_EQ(r.score, 100);
  ASSERT_TRUE(r.hidden.has_value());
  EXPECT_EQ(r.hidden->status, ExerciseStatus::kBuildError);
  for (const auto& c : r.hidden->checks) EXPECT_EQ(c.status, CheckStatus::kSkipped);
  for (const auto& run : fake.runs) EXPECT_FALSE(run.starts_with("hidden_tests/")) << run;
}

TEST(GradeExercise, HiddenTestsAreGradedEvenWhenThePublicBuildFails) {
  FakePhases fake;
  fake.failing_builds = {"tests"};
  ExerciseResult r = grade_exercise(with_hidden(plan()), options(), fake.phases());
  EXPECT_EQ(r.status, ExerciseStatus::kBuildError);
  ASSERT_TRUE(r.hidden.has_value()) << "the report has the block whatever the public build did";
  EXPECT_EQ(r.hidden->status, ExerciseStatus::kPass);
}

// The timeline: one unscored run after grading, written beside the report
// when the recording is valid, absent (and the score the same) when forged,
// not run when the exercise does not build.
TEST(GradeExercise, TheTimelineIsRecordedAfterGradingAndNeverScored) {
  ScratchDir dir("grade_timeline");
  ExercisePlan p = plan();
  p.build_dir = dir / "work" / "01_x";
  write_file(p.build_dir / "bench" / "tests_opt", "binary (fake)");
  p.dirs.root = dir.path().string();
  GradeOptions o = options();
  o.timeline_dir = dir / "out";
  std::string recording = "course-timeline 1\nprocess 1 all cores\nthread 1 1 worker 1\nspan 1 1 0 1000 0 job 1\n";
  int recorded = 0;
  FakePhases fake;
  GradingPhases phases = fake.phases();
  phases.timeline = [&](const TimelineRun& run, std::string*) {
    ++recorded;
    EXPECT_EQ(run.binary, p.build_dir / "bench" / "tests_opt");
    return recording;
  };
  ExerciseResult r = grade_exercise(p, o, phases);
  EXPECT_EQ(recorded, 1);
  EXPECT_EQ(r.timeline_file, "out/01_x/timeline.json");
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "01_x" / "timeline.json"));
  EXPECT_DOUBLE_EQ(r.score, 100);

  recording = "course-timeline 1\nspan 1 1 0 1000 0 <forged>\n";
  r = grade_exercise(p, o, phases);
  EXPECT_EQ(r.timeline_file, "");
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "01_x" / "timeline.json"));
  EXPECT_DOUBLE_EQ(r.score, 100);

  fake.failing_builds = {"tests"};
  recorded = 0;
  r = grade_exercise(p, o, phases);
  EXPECT_EQ(recorded, 0) << "no timeline of code that does not build";
}

TEST(GradeExercise, PointsAreKeptToATenth) {
  FakePhases fake;
  ExercisePlan p = plan();
  p.rubric.tests[0].points = 40.04;  // earned in full: 40.0 once rounded
  ExerciseResult r = grade_exercise(p, options(), fake.phases());
  EXPECT_DOUBLE_EQ(check_named(r, "A.Quick").points, 40.0);
}

// Two exercises graded at once (as `grader grade` does, exercises_at_once)
// with one machine lock file: exercise A's performance phase may not start
// while B's tests run. B's first test holds on for a while, watching for A's
// measurement to begin; A's tests only end once B's test is running, so A
// asks for its measurement exactly then. Without the lock A measures at
// once, and B sees it. Structural: the bounded waits never decide a verdict.
TEST(GradeExercise, AMeasurementNeverRunsBesideAnotherExercisesTestsUnderOneLock) {
  ScratchDir dir{"grader_grade_exercise_lock"};
  GradeOptions o = options(1);
  o.machine_lock = dir / "machine.lock";
  ASSERT_EQ(exercises_at_once(o), 2u);
  std::mutex mutex;
  std::condition_variable changed;
  bool b_started = false, b_testing = false, a_measuring = false, overlapped = false;
  auto until = [&](std::unique_lock<std::mutex>& lock, auto condition, int seconds) {
    return changed.wait_for(lock, std::chrono::seconds(seconds), condition);
  };
  FakePhases fake_a, fake_b;
  GradingPhases a = fake_a.phases(), b = fake_b.phases();
  a.run = [&, run = a.run](const TestRun& t) {
    std::unique_lock lock(mutex);
    until(
        lock, [&] { return b_started; }, 30);
    lock.unlock();
    return run(t);
  };
  a.measure = [&, measure = a.measure](const PerformanceSpec& spec) {
    std::unique_lock lock(mutex);
    a_measuring = true;
    if (b_testing) overlapped = true;
    changed.notify_all();
    lock.unlock();
    PerformanceMeasurement m = measure(spec);
    lock.lock();
    a_measuring = false;
    return m;
  };
  b.run = [&, run = b.run, first = true](const TestRun& t) mutable {
    std::unique_lock lock(mutex);
    b_started = b_testing = true;
    changed.notify_all();
    // Only ever set: A's measure may have set it while this run waited.
    bool saw = std::exchange(first, false) ? until(
                                                 lock, [&] { return a_measuring; }, 1)
                                           : a_measuring;
    if (saw) overlapped = true;
    b_testing = false;
    lock.unlock();
    return run(t);
  };
  ExercisePlan plan_b = plan();
  plan_b.id = "02";
  plan_b.build_dir = "/nonexistent/work/02_x";
  ExerciseResult result_a, result_b;
  std::jthread grading_b([&] { result_b = grade_exercise(plan_b, o, b); });
  result_a = grade_exercise(plan(20), o, a);
  grading_b.join();
  EXPECT_FALSE(overlapped) << "exercise A was measured while exercise B's tests ran";
  EXPECT_EQ(fake_a.measured, 1);
  EXPECT_DOUBLE_EQ(result_a.score, 100);
  EXPECT_DOUBLE_EQ(result_b.score, 100);
}

TEST(GradeExercise, ExercisesAreGradedOneAtATimeWithoutAMachineLock) {
  GradeOptions o = options();
  EXPECT_EQ(exercises_at_once(o), 1u);
}

}  // namespace
}  // namespace grader
