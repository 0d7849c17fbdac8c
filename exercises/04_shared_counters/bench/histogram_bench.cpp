// Benchmarks of histogram(), built -O2 without sanitizers, once against a
// submission and once against the reference, and run side by side.
//
//   histogram/sequential   the plain loop over bin_of(): the baseline
//   histogram/threads:N    histogram(input, N), N = 1 .. 2 x CPUs
//   score                  histogram(input, CPUs): what is scored
//
// All count the same 16 Mi generated values, made once before any timing
// from the seed the grader drew for this run (course_bench::seed()): the
// same size and distribution on every run, never the same values, so no
// table of counts made beforehand can match them. Every count histogram()
// returns is checked against the plain loop's count of the same values; a
// wrong one ends the benchmark with "wrong results: ...", which the grader
// scores as no speed points.
// They measure wall time (UseRealTime: the benchmark's thread is one of the
// counting threads, or waits for them) and the whole process's CPU time
// beside it. Google Benchmark appends "/process_time/real_time" to each
// name. values_per_second counts the input, so the rows compare directly.
//
// This file has its own main() because the list of thread counts depends
// on the CPUs this process may use, which is only known at run time.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <exception>
#include <numeric>
#include <string>
#include <vector>

#include "bench/affinity_cores.h"
#include "bench/bench_main.h"
#include "course/histogram.h"
#include "input.h"

namespace {

using course::Histogram;

const std::vector<std::uint32_t>& make_input() {
  static const std::vector<std::uint32_t> input =
      course_bench::generated_input(course_bench::kInputValues, course_bench::seed());
  return input;
}

// What every run must count: the plain loop's result, computed once.
const Histogram& expected_counts() {
  static const Histogram expected = [] {
    Histogram counts{};
    for (std::uint32_t value : make_input()) ++counts[course::bin_of(value)];
    return counts;
  }();
  return expected;
}

// What is wrong with `counts`, in words; empty when it is the plain loop's.
std::string wrong_counts(const Histogram& counts, std::size_t threads) {
  const Histogram& expected = expected_counts();
  if (counts == expected) return "";
  std::uint64_t total = std::accumulate(counts.begin(), counts.end(), std::uint64_t{0});
  std::size_t bin = 0;
  while (counts[bin] == expected[bin]) ++bin;
  return "wrong results: histogram(input, " + std::to_string(threads) + ") on the benchmark's " +
         std::to_string(make_input().size()) + " values counted " + std::to_string(total) + " in all, and " +
         std::to_string(counts[bin]) + " in bin " + std::to_string(bin) + " where the plain loop counts " +
         std::to_string(expected[bin]);
}

void set_rate(benchmark::State& state) {
  state.counters["values_per_second"] =
      benchmark::Counter(static_cast<double>(make_input().size()), benchmark::Counter::kIsIterationInvariantRate);
}

void sequential_count(benchmark::State& state) {
  for (auto _ : state) {
    Histogram counts{};
    for (std::uint32_t value : make_input()) ++counts[course::bin_of(value)];
    benchmark::DoNotOptimize(counts.data());
    benchmark::ClobberMemory();
  }
  set_rate(state);
}

// Shared by histogram/threads:N and score. An exception (NotImplemented
// from an unwritten histogram) skips the benchmark with its message rather
// than ending the program; so does a wrong count. Comparing 256 bins takes
// well under a microsecond against the ~50 ms of counting: it stays in the
// loop, so that every timed run is checked.
void parallel(benchmark::State& state, std::size_t threads) {
  try {
    for (auto _ : state) {
      Histogram counts = course::histogram(make_input(), threads);
      benchmark::DoNotOptimize(counts.data());
      benchmark::ClobberMemory();
      if (std::string wrong = wrong_counts(counts, threads); !wrong.empty()) {
        state.SkipWithError(wrong.c_str());
        break;
      }
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  set_rate(state);
}

}  // namespace

int main(int argc, char** argv) {
  course_bench::initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  const std::size_t cpus = course_bench::affinity_cores();
  expected_counts();  // the input and its count, before any benchmark's clock starts

  course_bench::fix_timed(benchmark::RegisterBenchmark("histogram/sequential", sequential_count));
  for (std::size_t threads = 1; threads <= 2 * cpus; ++threads) {
    std::string name = "histogram/threads:" + std::to_string(threads);
    course_bench::fix_timed(benchmark::RegisterBenchmark(name.c_str(), parallel, threads));
  }
  course_bench::fix_timed(benchmark::RegisterBenchmark("score", parallel, cpus));

  course_bench::run_and_report();
  benchmark::Shutdown();
  return 0;
}
