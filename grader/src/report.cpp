#include "report.h"

#include <cmath>

#include "json_text.h"
#include "points.h"

namespace grader {
namespace {

// A path longer than this is no path a student needs to read (a `#line`
// directive can make a frame's file anything).
constexpr std::size_t kMaxPathBytes = 4096;

// A check's message and file may quote what a test printed: they are kept
// bounded here, and dump_json() makes whatever bytes they hold valid UTF-8.
nlohmann::json to_json(const Check& check) {
  nlohmann::json j = {{"name", check.name},
                      {"kind", to_string(check.kind)},
                      {"status", to_string(check.status)},
                      {"points", round_points(check.points)},
                      {"max_points", round_points(check.max_points)},
                      {"message", bounded_text(check.message, kMaxMessageBytes)},
                      {"file", bounded_text(check.file, kMaxPathBytes)},
                      {"line", check.line}};
  return j;
}

nlohmann::json to_json(const PerformanceFigures& f) {
  nlohmann::json curve = nlohmann::json::array();
  for (const auto& p : f.curve)
    curve.push_back({{"name", p.name},
                     {"student_ns", p.student_ns},
                     {"reference_ns", p.reference_ns},
                     {"student_low_ns", p.student_low_ns},
                     {"student_high_ns", p.student_high_ns},
                     {"reference_low_ns", p.reference_low_ns},
                     {"reference_high_ns", p.reference_high_ns},
                     {"disturbed", p.disturbed},
                     {"student_counters", p.student_counters},
                     {"reference_counters", p.reference_counters}});
  return {{"benchmark", f.benchmark},
          {"ratio", f.ratio},
          {"measured_ratio", f.measured_ratio},
          {"student_ns", f.student_ns},
          {"reference_ns", f.reference_ns},
          {"pairs", f.pairs},
          {"spread", f.spread},
          {"confidence", f.confidence},
          {"busy_machine", f.busy_machine},
          {"other_load", f.other_load},
          {"one_core_ns", f.one_core_ns},
          {"cores", f.cores},
          {"bottleneck", f.bottleneck},
          {"cause", f.cause},
          {"cause_confidence", f.cause_confidence},
          {"timed_by", f.timed_by},
          {"curve", curve},
          {"seed", f.seed},
          {"input_seeds", f.input_seeds},
          {"seconds", f.seconds}};
}

nlohmann::json to_json(const ExerciseResult& exercise) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& check : exercise.checks) checks.push_back(to_json(check));
  nlohmann::json j = {{"id", exercise.id},
                      {"dir", exercise.dir},
                      {"title", exercise.title},
                      {"score", round_points(exercise.score)},
                      {"max_score", round_points(exercise.max_score)},
                      {"status", to_string(exercise.status)},
                      {"artifacts", exercise.artifacts},
                      {"checks", checks}};
  if (exercise.performance) j["performance"] = to_json(*exercise.performance);
  if (!exercise.timeline_file.empty()) j["timeline"] = exercise.timeline_file;
  if (exercise.hidden) {
    nlohmann::json hidden_checks = nlohmann::json::array();
    for (const auto& check : exercise.hidden->checks) hidden_checks.push_back(to_json(check));
    j["hidden"] = {{"score", round_points(exercise.hidden->score)},
                   {"max_score", round_points(exercise.hidden->max_score)},
                   {"status", to_string(exercise.hidden->status)},
                   {"checks", hidden_checks}};
  }
  return j;
}

}  // namespace

double Report::total() const {
  double sum = 0;
  for (const auto& e : exercises) sum += round_points(e.score);
  return sum;
}

double Report::max_total() const {
  double sum = 0;
  for (const auto& e : exercises) sum += e.max_score;
  return sum;
}

bool Report::full_marks() const {
  for (const auto& e : exercises)
    if (e.status != ExerciseStatus::kPass) return false;
  return true;
}

std::string to_string(CheckKind kind) {
  switch (kind) {
    case CheckKind::kBuild:
      return "build";
    case CheckKind::kCorrectness:
      return "correctness";
    case CheckKind::kRace:
      return "race";
    case CheckKind::kTimeout:
      return "timeout";
    case CheckKind::kPerformance:
      return "performance";
    case CheckKind::kInfo:
      return "info";
  }
  return "?";
}

std::string to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass:
      return "pass";
    case CheckStatus::kFail:
      return "fail";
    case CheckStatus::kSkipped:
      return "skipped";
    case CheckStatus::kPartial:
      return "partial";
  }
  return "?";
}

std::string to_string(ExerciseStatus status) {
  switch (status) {
    case ExerciseStatus::kPass:
      return "pass";
    case ExerciseStatus::kFail:
      return "fail";
    case ExerciseStatus::kBuildError:
      return "build_error";
    case ExerciseStatus::kNotImplemented:
      return "not_implemented";
  }
  return "?";
}

nlohmann::json to_json(const Report& report) {
  nlohmann::json exercises = nlohmann::json::array();
  for (const auto& e : report.exercises) exercises.push_back(to_json(e));
  return {{"version", Report::kVersion},
          {"submission", report.submission},
          {"total", round_points(report.total())},
          {"max_total", round_points(report.max_total())},
          {"sandbox", {{"used", report.sandboxed}, {"why_not", report.sandbox_missing}}},
          {"protected_changes", report.protected_changes},
          {"exercises", exercises}};
}

}  // namespace grader
