// The speedup curve's points from rounds of runs. Each round runs the
// student's curve benchmarks and the reference's once each, in either
// order, and reads the machine's other load around each run (as the scored
// pairs do, performance.h). One run per side would give a point no spread,
// and a point measured while another program took a core would read as the
// student's slowness; so a point is the median over its side's undisturbed
// rounds, with the lowest and highest of them beside it. When every round
// of a side was disturbed, all of them count and the point is marked
// disturbed (report.h's CurvePoint), which the text and HTML reports show.
//
// Pure: the rounds are run by measure_performance; this only summarizes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "report.h"

namespace grader {

// One side's result at one curve point in one round.
struct CurveSample {
  double ns = 0;           // wall time per iteration; 0: no timed result this round
  bool disturbed = false;  // other programs loaded the cores during this round's run
  std::map<std::string, double> counters;
};

// The point `name` from the student's and the reference's samples of every
// round. A side with no timed sample keeps 0 (no such point); low and high
// stay 0 when only one sample counted (no spread known). Counters are each
// one's median over the samples that counted.
PerformanceFigures::CurvePoint curve_point(const std::string& name, const std::vector<CurveSample>& student,
                                           const std::vector<CurveSample>& reference);

// How many rounds the curve is measured in, and the share of the one-run
// time budget (BenchSpec::min_time_seconds) each round gets: three rounds
// of a third cost about one run, plus the start-ups.
constexpr int kCurveRounds = 3;

}  // namespace grader
