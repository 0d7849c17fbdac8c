#include "speed_score.h"

#include <algorithm>

namespace grader {
namespace {

// Linear interpolation between order statistics (the usual "type 7").
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  double pos = q * static_cast<double>(sorted.size() - 1);
  auto below = static_cast<std::size_t>(pos);
  std::size_t above = std::min(below + 1, sorted.size() - 1);
  double frac = pos - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * frac;
}

}  // namespace

SpeedSummary summarize_ratios(std::vector<double> ratios) {
  SpeedSummary summary;
  summary.pairs = ratios.size();
  if (ratios.empty()) return summary;
  std::sort(ratios.begin(), ratios.end());
  summary.median_ratio = quantile(ratios, 0.5);
  if (summary.median_ratio > 0)
    summary.spread = (quantile(ratios, 0.75) - quantile(ratios, 0.25)) / summary.median_ratio;
  return summary;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return quantile(values, 0.5);
}

std::string confidence(const SpeedSummary& summary) {
  if (summary.pairs >= 7 && summary.spread <= kQuietSpread) return "high";
  if (summary.pairs >= 5 && summary.spread <= 2 * kQuietSpread) return "medium";
  return "low";
}

bool settled_at_zero(const std::vector<double>& ratios, double zero_at) {
  if (ratios.size() < kSettlingPairs) return false;
  for (double ratio : ratios)
    if (ratio < zero_at * (1 + kQuietSpread)) return false;
  return true;
}

double speed_points(double ratio, double full_at, double zero_at, double max_points) {
  if (ratio <= full_at) return max_points;
  if (ratio >= zero_at) return 0;
  return max_points * (zero_at - ratio) / (zero_at - full_at);
}

}  // namespace grader
