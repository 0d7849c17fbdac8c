// The grading report: what build/check/report.json holds and what every
// output format (terminal, Classroom, Gradescope, ...) is rendered from.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace grader {

// kInfo: a check that carries no points and only tells what was done (the
// stress runs); it never stands between a submission and its speed points.
enum class CheckKind { kBuild, kCorrectness, kRace, kTimeout, kPerformance, kInfo };
// kPartial ("partial"): the check earned some of its points but not all and
// found nothing wrong by itself: "race-free" and "no timeouts" when they
// earn in proportion to the correctness points and some tests failed, and
// "performance" when the speed was between the rubric's zero and full-marks
// ratios (slower, not wrong). A check that found a fault (a race, a hang,
// wrong results) is kFail whatever it kept; one that earned nothing without
// a fault of its own is kSkipped. Every format shows kPartial as earned, not
// failed: no ❌, no <failure>, the points and the word "partial".
enum class CheckStatus { kPass, kFail, kSkipped, kPartial };
// An exercise's (or its hidden tests') outcome; to_string() gives the words
// report.json and every format use: "pass", "fail", "build_error", "not_implemented".
enum class ExerciseStatus { kPass, kFail, kBuildError, kNotImplemented };

struct Check {
  std::string name;  // "WaitGroup.WaitAtZeroReturnsAtOnce", "race-free", ...
  CheckKind kind = CheckKind::kCorrectness;
  CheckStatus status = CheckStatus::kSkipped;
  double points = 0;
  double max_points = 0;
  std::string message;  // for the student: what happened and what to do
  std::string file;     // where to look, relative to the course root when inside it
  int line = 0;         // 0: no line
  double seconds = 0;   // how long it ran (a test's wall time); 0: not timed. JUnit's `time`
};

// The figures behind an exercise's performance check, kept as numbers for
// dashboards (a Gradescope leaderboard, a class summary).
struct PerformanceFigures {
  struct CurvePoint {
    std::string name;       // "cpu_heavy/workers:2"
    double student_ns = 0;  // 0: the student's benchmark has no such point
    double reference_ns = 0;
    // The spread of each side's repeated runs at this point (the lowest and
    // highest time); 0: measured once, no spread known.
    double student_low_ns = 0, student_high_ns = 0;
    double reference_low_ns = 0, reference_high_ns = 0;
    bool disturbed = false;  // other programs' load was seen while this point ran
    std::map<std::string, double> student_counters;
    std::map<std::string, double> reference_counters;
  };
  std::string benchmark;      // the scored one
  double ratio = 0;           // scored: student time / reference time
  double measured_ratio = 0;  // median of the pairs' ratios (differs from ratio on a busy machine)
  double student_ns = 0;
  double reference_ns = 0;
  std::size_t pairs = 0;
  double spread = 0;
  std::string confidence;  // "high", "medium", "low"
  bool busy_machine = false;
  double other_load = 0;   // cores' worth of other programs' load
  double one_core_ns = 0;  // the student's scored benchmark pinned to one core; 0: not run
  unsigned cores = 0;
  std::string
      bottleneck;  // "none", "serialized", "spinning", "contention", "oversubscribed", "uneven", "overhead", "unknown"
  std::string cause;             // "none", "scheduling", "synchronization", "decomposition", "unknown"
  std::string cause_confidence;  // "likely", "possible"; "" with cause none or unknown
  std::vector<CurvePoint> curve;
  std::string timed_by = "benchmark";  // "grader": the benchmark's own times did not add up (see performance.h)
  unsigned seed = 0;
  std::vector<std::uint64_t> input_seeds;  // each pair's --course_seed (the benchmark's inputs), to replay one
  double seconds = 0;                      // how long measuring took
};

// The instructor's hidden tests of one exercise (grader grade --hidden),
// scored on their own scale and never part of the exercise's score: the
// public points stay the ones make check and Classroom show.
struct HiddenResult {
  ExerciseStatus status = ExerciseStatus::kFail;
  double score = 0;
  double max_score = 0;
  std::vector<Check> checks;
};

struct ExerciseResult {
  std::string id;   // "01"
  std::string dir;  // "01_concurrent_tasks"
  std::string title;
  ExerciseStatus status = ExerciseStatus::kFail;
  double score = 0;
  double max_score = 0;
  std::vector<Check> checks;
  std::string artifacts;                          // where raw logs of this exercise's runs are kept
  std::optional<PerformanceFigures> performance;  // present when speed was measured
  std::optional<HiddenResult> hidden;             // present when hidden tests were graded
  // A timeline of the submission's own threads (Chrome Trace Event JSON,
  // written by the grader, display only: never scored); empty when none.
  std::string timeline_file;
};

struct Report {
  static constexpr int kVersion = 1;
  std::string submission;
  std::vector<ExerciseResult> exercises;
  bool sandboxed = true;                       // false: the submission ran without bubblewrap
  std::string sandbox_missing;                 // why, when it did
  std::vector<std::string> protected_changes;  // "exercises/.../x_test.cpp (changed)"

  double total() const;
  double max_total() const;
  bool full_marks() const;
};

std::string to_string(CheckKind kind);
std::string to_string(CheckStatus status);
std::string to_string(ExerciseStatus status);
nlohmann::json to_json(const Report& report);

}  // namespace grader
