// Stress runs: rare interleavings made common.
//
// A lost wakeup or a check-then-act race can pass a thousand quiet runs. After
// the normal runs, each test that passed runs again a few times in a second
// test binary whose synchronization calls are delayed at random (yields and
// sleeps of microseconds, exercises/common/noise/noise.cpp), which stretches
// the windows such bugs live in until another thread lands in them.
//
// Each run's noise comes from a seed derived from the grading's --seed, so a
// failure can be replayed (--stress-seed S gives every stress run seed S).
// A test that fails, hangs or races under noise loses its points as it would
// in a normal run, and its messages say it happened only under noise, with the
// seed and the command that replays it. The runs stop at a time budget per
// exercise; the report says when the budget cut them short.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "explain.h"
#include "grading_phases.h"
#include "report.h"
#include "rubric.h"
#include "submission_build.h"
#include "test_process.h"

namespace grader {

// Measured on the corpus's lost wakeups (see README.md, "Stress runs").
constexpr unsigned kDefaultStressRuns = 2;
constexpr std::chrono::seconds kDefaultStressBudget{20};

struct StressOptions {
  unsigned runs = 0;                                   // more runs of each passing test; 0: no stress runs
  std::chrono::seconds budget = kDefaultStressBudget;  // for all the stress runs of one exercise
  std::uint64_t replay_seed = 0;                       // not 0: every stress run uses this noise seed
};

// The noise seed of stress run `run` (0-based) of `test` in a grading with
// seed `grading_seed`: the same three give the same seed, which is never 0.
std::uint64_t stress_seed(unsigned grading_seed, const std::string& test, unsigned run);

// A test that may be stressed: it passed its normal run, which took `normal_wall`.
struct StressCandidate {
  std::size_t index = 0;  // in the rubric's tests
  std::string name;
  std::chrono::milliseconds normal_wall{0};
  bool normal_reported = false;  // ThreadSanitizer reported something in the normal run
};

struct StressRun {
  std::size_t index = 0;
  unsigned run = 0;  // 0-based
  std::uint64_t seed = 0;
};

struct StressFailure {
  StressRun run;
  TestOutcome outcome;
};

// What the stress runs of one exercise did.
struct StressSummary {
  unsigned planned = 0;  // runs asked for: runs x candidates
  unsigned done = 0;
  bool cut_short = false;                         // the budget stopped runs that were due
  std::vector<std::string> too_long;              // not stressed at all: one run would not fit the budget
  std::map<std::size_t, StressFailure> failures;  // per test index, its first failing run
  std::chrono::milliseconds wall{0};
};

using StressRunner = std::function<TestOutcome(const StressRun&)>;
using StressClock = std::function<std::chrono::steady_clock::time_point()>;

// The tests of `outcomes` (the normal runs, in rubric order) worth stressing:
// those that passed. A test that already failed, hung or crashed has lost
// its points; running it again under noise would only cost time.
std::vector<StressCandidate> stress_candidates(const Rubric& rubric, const std::vector<TestOutcome>& outcomes);

// Runs `options.runs` rounds over the candidates, cheapest first, on up to
// `jobs` threads, until the budget is spent: a run starts only when twice the
// test's normal time still fits (noise slows a test down). A test stops being
// run once it has failed (a hang too: none of its later runs start). `run_one`
// must not throw; `now` is the clock the budget is kept with.
//
// Thread-safety: `run_one` is called from up to `jobs` threads at once and
// must be safe so; `now` likewise, though always under the schedule's own
// mutex. The summary is written under that mutex and returned when every
// thread has finished.
StressSummary run_stress_schedule(const std::vector<StressCandidate>& candidates, const StressOptions& options,
                                  unsigned grading_seed, unsigned jobs, const StressRunner& run_one,
                                  const StressClock& now = std::chrono::steady_clock::now);

// Whether a stress run shows what the normal run did not: a failure, a hang,
// a crash, or a ThreadSanitizer report where the normal run had none.
bool failed_under_noise(bool normal_reported, const TestOutcome& stressed);

// Everything the stress phase of one exercise needs.
// Its pointers are not owned and must outlive stress_phase().
struct StressContext {
  const Rubric* rubric = nullptr;
  const GradingPhases* phases = nullptr;  // link_noise and run are used
  BuildTarget tests;                      // with the noise library (toolchain.h)
  std::filesystem::path sources_dir;      // the submission's exercise directory
  std::filesystem::path build_dir;        // the exercise's: tsan/ and stress/ go under it
  SourceDirs dirs;
  std::string exercise_id;  // "01"
  std::string submission;   // as the report names it ("solutions"): for the replay command
  unsigned grading_seed = 1;
  unsigned jobs = 1;
  StressOptions options;
};

// The stress check's message: how many runs, with which seeds, in how long,
// why some were not started, and what failed only under noise.
std::string describe_stress(const StressSummary& summary, const StressContext& context);

// Links the noise binary, runs the stress runs, and replaces in `outcomes`
// (the normal runs, in rubric order) the outcome of each test that failed
// under noise by that run's, its name and detail saying so. Returns a check
// worth no points that says what was run: failed when a test failed under
// noise or the noise binary did not link.
Check stress_phase(const StressContext& context, std::vector<TestOutcome>& outcomes);

}  // namespace grader
