// The phases of grading that start programs: building, running tests,
// measuring speed. grade_exercise() and the stress runs reach them only
// through a GradingPhases, so that a unit test can hand them fakes (say what
// a build, a test or a benchmark did, in no time) and check the decisions
// taken around them: what is graded after a build failure, when speed
// counts, what the hidden tests score. real_phases() is what a grading uses.
//
// Thread-safety: `run`, `probe`, `together` and `link_noise` are called from
// several parallel_for threads at once (a suite runs `jobs` tests together),
// so an implementation must be safe to call concurrently; `build`,
// `measure` and `timeline` are called from one thread at a time, but a
// `build` may run beside `run` and `probe` (the optimised build beside the
// sanitized tests).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "performance.h"
#include "submission_build.h"
#include "test_process.h"
#include "timeline.h"

namespace grader {

struct GradingPhases {
  using Build = std::function<BuildResult(const BuildTarget&, const std::filesystem::path& sources_dir,
                                          const std::filesystem::path& build_dir, std::chrono::seconds time_limit)>;
  using RunTest = std::function<TestOutcome(const TestRun&)>;
  using RunTogether = std::function<TogetherResult(const TestRun&, const std::vector<TestLimit>&)>;
  using Measure = std::function<PerformanceMeasurement(const PerformanceSpec&)>;
  using RecordTimeline = std::function<std::string(const TimelineRun&, std::string* problem)>;

  Build build;              // build_submission()
  Build link_noise;         // link_noise_binary(), after a `build` of the same target succeeded
  RunTest probe;            // probe_startup()
  RunTest run;              // run_test()
  RunTogether together;     // passing_together()
  Measure measure;          // measure_performance()
  RecordTimeline timeline;  // record_timeline(): unscored, after grading
};

// The phases that build with `compiler` and run for real (submission_build.h,
// test_process.h, performance.h).
GradingPhases real_phases(const std::string& compiler);

}  // namespace grader
