// The performance phase of an exercise: the student's benchmark and the
// reference's run in interleaved pairs, in random order within each pair,
// on the same machine in the same grading run. The median of the per-pair
// time ratios is scored; the spread of the ratios says how sure it is, and
// more pairs are taken while the machine is noisy.
//
// Every benchmark run draws its inputs from a seed the grader takes from
// std::random_device (never from --seed, which a replay may publish): the
// student's and the reference's runs of one pair share a seed, as they are
// compared side by side; pairs differ. A run whose benchmark found wrong
// results (bench_main.h: "wrong results: ...") ends the measurement, and the
// check gives no points: fast but wrong.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "machine_noise.h"
#include "report.h"
#include "rubric.h"
#include "speed_score.h"
#include "subprocess.h"

namespace grader {

struct PerformanceSpec {
  std::filesystem::path student_bench;
  std::filesystem::path reference_bench;
  std::filesystem::path artifacts;
  const PerformanceRubric* rubric = nullptr;  // not owned; outlives measure_performance()
  unsigned cores = 1;                         // the cores the grader may use
  unsigned seed = 1;                          // orders the pairs; kept in the report to replay a run
  std::size_t min_pairs = 7;
  std::size_t max_pairs = 15;
};

// A point of the speedup curve, as report.json keeps it.
using CurveRow = PerformanceFigures::CurvePoint;

// The cost of one program's scored runs, added up: what the diagnosis reads.
struct RunCost {
  double wall_ns = 0;
  double iterations = 0;  // benchmark iterations (runs of the job set)
  Usage usage;
};

struct PerformanceMeasurement {
  std::string problem;                     // non-empty: the student's benchmark could not be measured
  bool wrong_results = false;              // ... because it found wrong results (`problem` says which)
  std::uint64_t problem_seed = 0;          // the inputs' seed of the run that had the problem
  std::vector<std::uint64_t> input_seeds;  // the seed of each pair's inputs, in order (--course_seed)
  SpeedSummary summary;                    // over the scored pairs
  double student_ns = 0;                   // median time of the scored benchmark
  double reference_ns = 0;
  double student_cpu_ns = 0;  // median CPU time (all threads) of one run of it
  double reference_cpu_ns = 0;
  std::size_t disturbed_pairs = 0;  // pairs left out: another program loaded the cores meanwhile
  bool busy_machine = false;        // too few undisturbed pairs: every pair was scored
  bool settled_at_zero = false;     // the first undisturbed pairs were all far past the zero: no more were taken
  double other_load = 0;            // cores' worth of other programs' load, mean over the scored pairs
  std::vector<CurveRow> curve;
  double student_untimed = 0;  // median process wall time over the time the benchmark reported timing
  double reference_untimed = 0;
  bool timed_by_grader = false;    // the student's reported times did not add up: scored on process wall times
  double student_one_core_ns = 0;  // the scored benchmark pinned to one core
  RunCost student_cost;
  RunCost reference_cost;
  Noise noise;
  unsigned seed = 0;
  double seconds = 0;  // how long the whole measurement took
};

// Thread-safety: one measurement at a time on a machine (it times the whole
// machine's cores; grade_exercise holds the machine lock exclusive for it).
PerformanceMeasurement measure_performance(const PerformanceSpec& spec);

// Another program's load slows a parallel program and leaves a serial one
// alone, so on a busy machine the measured ratio flatters code that uses
// one core. When the machine was busy, and the student's run kept about one
// core busy while the reference's kept more, the student's time is set
// against the reference's CPU time spread over every core (what the
// reference takes on a quiet machine). Otherwise: the measured median ratio.
double scored_ratio(const PerformanceMeasurement& m, unsigned cores);

// False when other programs left the reference itself no more than about
// one core on a multi-core machine: the ratio then compares one-core runs
// and says nothing of how the student's code uses cores. Points still come
// from it: speed is only scored once every test passes, and the tests have
// proven the code's parallel structure already; the report says to grade
// again on a quiet machine for the speedup figures.
bool fairly_measured(const PerformanceMeasurement& m, unsigned cores);

// "high", "medium" or "low": how sure the scored figure is. A busy machine
// makes it low; pairs that settled a zero make it high.
std::string measurement_confidence(const PerformanceMeasurement& m);

// The figures report.json keeps beside the check.
PerformanceFigures performance_figures(const PerformanceMeasurement& m, const PerformanceRubric& rubric,
                                       unsigned cores);

// The performance check: points from the median ratio, and a message with
// the figures, the speedup curve beside the reference's, and the diagnosis.
Check performance_check(const PerformanceMeasurement& m, const PerformanceRubric& rubric, unsigned cores);

}  // namespace grader
