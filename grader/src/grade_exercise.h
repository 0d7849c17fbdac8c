// Grades one exercise of one submission: build under ThreadSanitizer, run
// every rubric test in a process of its own (suite.h), run the ones that
// passed again optimised and under scheduling noise, score, explain, and
// measure speed once everything else earned full points. With
// GradeOptions::hidden, the instructor's hidden tests are graded too, into
// a block of their own beside the score (hidden_tests.h).
//
// The programs it starts are reached through GradingPhases
// (grading_phases.h): grade_exercise(plan, options, phases) is the whole
// decision logic with them injected, which grade_exercise_test.cpp drives
// with fakes; grade_exercise(toolchain, id, options) reads the course and
// runs the real phases.
//
// Thread-safety: one grading per call; a call uses up to `jobs` threads of
// its own (suite.h). Calls for different exercises may run at once when
// their work_dirs differ; a performance phase then runs beside none of the
// others' work only with a machine lock (GradeOptions::machine_lock), which
// each call opens for itself.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "explain.h"
#include "grading_phases.h"
#include "report.h"
#include "rubric.h"
#include "stress.h"
#include "toolchain.h"

namespace grader {

struct GradeOptions {
  std::filesystem::path submission;  // absolute; laid out like solutions/
  std::filesystem::path work_dir;    // absolute; this submission's build and logs
  unsigned jobs = 2;                 // tests run at once
  unsigned cores = 1;  // the cores the grader may use (core_budget(), cpus.h); below 2 speed is not measured
  std::string cores_described = "";  // how they were counted, for the student: "4 CPUs with a CPU quota of 0.5 core"
  unsigned seed = 1;                 // orders the performance pairs (replay with --seed)
  bool always_measure = false;       // measure speed even when it cannot earn points (diagnosis only)
  bool hidden = false;               // grade the exercise's hidden tests too, when it has some
  StressOptions stress;              // more runs of the passing tests under scheduling noise (stress.h)
  double time_limit_scale = 1;       // the rubric's test time limits times this (process_limits.h)
  // Shared by the graders of one machine (machine_lock.h): builds and tests
  // take it shared, the performance phase exclusive. Empty: no lock.
  std::filesystem::path machine_lock;
  // Where the timeline of the submission's threads goes, as
  // <timeline_dir>/NN_name/timeline.json (timeline.h). Empty: none recorded.
  std::filesystem::path timeline_dir;
};

// What grading one exercise needs of the course tree, read once: its
// rubrics and the targets its builds link against.
struct ExercisePlan {
  std::string id;   // "01"
  std::string dir;  // "01_concurrent_tasks"
  Rubric rubric;
  BuildTarget tests;            // under ThreadSanitizer, with the noise library for stress runs
  BuildTarget tests_optimised;  // -O2, in the benchmark's build directory
  BuildTarget bench;            // empty archive: the build has no benchmark for it
  std::filesystem::path reference_bench;
  std::filesystem::path sources_dir;  // the submission's exercise directory
  std::filesystem::path build_dir;    // work_dir/NN_name
  SourceDirs dirs;                    // the public tests'
  std::string submission;             // as the report names it ("solutions"): for replay commands
  // With GradeOptions::hidden and an exercise that has hidden tests.
  std::optional<Rubric> hidden_rubric;
  BuildTarget hidden_tests;
  SourceDirs hidden_dirs;
};

// Throws GradingError when a rubric is missing or malformed, or hidden tests
// are asked for and exist without an archive (hidden_tests.h).
ExercisePlan plan_exercise(const Toolchain& toolchain, const std::string& id, const GradeOptions& options);

// The grading itself. `plan.rubric` with performance points needs
// `plan.bench.archive` and `plan.reference_bench` (else GradingError).
ExerciseResult grade_exercise(const ExercisePlan& plan, const GradeOptions& options, const GradingPhases& phases);

ExerciseResult grade_exercise(const Toolchain& toolchain, const std::string& id, const GradeOptions& options);

// How many exercises of one submission `grader grade` grades at once: two
// when a machine lock keeps every performance phase apart from the other's
// builds, tests and stress runs (an exercise waiting on its tests' sleeps,
// hangs and time limits leaves the cores to the other); one without a lock,
// where nothing would. Not more: each exercise already runs `jobs` tests
// at once; a second fills the gaps one leaves, more would only queue more
// sanitized processes on the same cores.
unsigned exercises_at_once(const GradeOptions& options);

}  // namespace grader
