// Performance scoring from paired runs: each pair is one student run and one
// reference run taken back to back, so whatever else the machine is doing
// weighs on both. The median of the per-pair time ratios is the figure;
// the spread of the ratios says how much to trust it.
#pragma once

#include <string>
#include <vector>

namespace grader {

struct SpeedSummary {
  double median_ratio = 0;  // student time / reference time; below 1 is faster
  double spread = 0;        // (Q3 - Q1) / median of the ratios: 0.05 is a quiet machine
  std::size_t pairs = 0;
};

SpeedSummary summarize_ratios(std::vector<double> ratios);

// The median of `values` (the mean of the middle two for an even count); 0
// for none.
double median(std::vector<double> values);

// More pairs are wanted while the ratios disagree by more than this.
constexpr double kQuietSpread = 0.10;

// "high", "medium" or "low": how sure the median is, from the spread and
// the number of pairs.
std::string confidence(const SpeedSummary& summary);

// Pairs that settle a zero: once this many ratios are all past the rubric's
// zero by more than the quiet spread, the code earns no points from speed
// whatever further pairs say, and measuring them would only make the
// student wait (a submission 15x slower than the reference took 85 s of
// pairs for a 0 that three pairs had already shown).
constexpr std::size_t kSettlingPairs = 3;

// True when `ratios` hold at least kSettlingPairs, each at least
// zero_at * (1 + kQuietSpread).
bool settled_at_zero(const std::vector<double>& ratios, double zero_at);

// Full points up to `full_at` (1.1: within 10% of the reference), falling
// linearly to zero at `zero_at` (2.0).
double speed_points(double ratio, double full_at, double zero_at, double max_points);

}  // namespace grader
