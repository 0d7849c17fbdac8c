#include "curve.h"

#include <algorithm>

#include "speed_score.h"

namespace grader {
namespace {

struct SideSummary {
  double ns = 0, low_ns = 0, high_ns = 0;
  bool disturbed = false;
  std::map<std::string, double> counters;
};

SideSummary summarize(const std::vector<CurveSample>& samples) {
  std::vector<const CurveSample*> timed;
  std::vector<const CurveSample*> clean;
  for (const CurveSample& s : samples) {
    if (s.ns <= 0) continue;
    timed.push_back(&s);
    if (!s.disturbed) clean.push_back(&s);
  }
  SideSummary side;
  if (timed.empty()) return side;
  side.disturbed = clean.empty();
  const std::vector<const CurveSample*>& used = clean.empty() ? timed : clean;
  std::vector<double> times;
  std::map<std::string, std::vector<double>> counters;
  for (const CurveSample* s : used) {
    times.push_back(s->ns);
    for (const auto& [counter, value] : s->counters) counters[counter].push_back(value);
  }
  side.ns = median(times);
  if (times.size() > 1) {
    auto [low, high] = std::minmax_element(times.begin(), times.end());
    side.low_ns = *low;
    side.high_ns = *high;
  }
  for (auto& [counter, values] : counters) side.counters[counter] = median(std::move(values));
  return side;
}

}  // namespace

PerformanceFigures::CurvePoint curve_point(const std::string& name, const std::vector<CurveSample>& student,
                                           const std::vector<CurveSample>& reference) {
  SideSummary s = summarize(student);
  SideSummary r = summarize(reference);
  return {.name = name,
          .student_ns = s.ns,
          .reference_ns = r.ns,
          .student_low_ns = s.low_ns,
          .student_high_ns = s.high_ns,
          .reference_low_ns = r.low_ns,
          .reference_high_ns = r.high_ns,
          .disturbed = s.disturbed || r.disturbed,
          .student_counters = std::move(s.counters),
          .reference_counters = std::move(r.counters)};
}

}  // namespace grader
