// Benchmarks of histogram(), built -O2 without sanitizers, once against a
// submission and once against the reference, and run side by side.
//
//   histogram/sequential   the plain loop over bin_of(): the baseline
//   histogram/threads:N    histogram(input, N), N = 1 .. 2 x CPUs
//   score                  histogram(input, CPUs): what is scored
//
// All count the same 16 Mi generated values, made once before any timing.
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
#include <string>
#include <vector>

#include "bench/affinity_cores.h"
#include "bench/bench_main.h"
#include "course/histogram.h"
#include "input.h"

namespace {

using course::Histogram;

const std::vector<std::uint32_t>& Input() {
  static const std::vector<std::uint32_t> input = course_bench::generated_input(course_bench::kInputValues);
  return input;
}

// What every run must count: the plain loop's result, computed once.
const Histogram& Expected() {
  static const Histogram expected = [] {
    Histogram counts{};
    for (std::uint32_t value : Input()) ++counts[course::bin_of(value)];
    return counts;
  }();
  return expected;
}

void SetRate(benchmark::State& state) {
  state.counters["values_per_second"] =
      benchmark::Counter(static_cast<double>(Input().size()), benchmark::Counter::kIsIterationInvariantRate);
}

void Sequential(benchmark::State& state) {
  for (auto _ : state) {
    Histogram counts{};
    for (std::uint32_t value : Input()) ++counts[course::bin_of(value)];
    benchmark::DoNotOptimize(counts.data());
    benchmark::ClobberMemory();
  }
  SetRate(state);
}

// Shared by histogram/threads:N and score. An exception (NotImplemented
// from an unwritten histogram) skips the benchmark with its message rather
// than ending the program; so does a wrong count.
void Parallel(benchmark::State& state, std::size_t threads) {
  try {
    for (auto _ : state) {
      Histogram counts = course::histogram(Input(), threads);
      benchmark::DoNotOptimize(counts.data());
      benchmark::ClobberMemory();
      if (counts != Expected()) {
        state.SkipWithError("histogram() counted something other than the plain loop did");
        break;
      }
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  SetRate(state);
}

}  // namespace

int main(int argc, char** argv) {
  course_bench::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  const std::size_t cpus = course_bench::affinity_cores();
  Expected();  // the input and its count, before any benchmark's clock starts

  course_bench::FixTimed(benchmark::RegisterBenchmark("histogram/sequential", Sequential));
  for (std::size_t threads = 1; threads <= 2 * cpus; ++threads) {
    std::string name = "histogram/threads:" + std::to_string(threads);
    course_bench::FixTimed(benchmark::RegisterBenchmark(name.c_str(), Parallel, threads));
  }
  course_bench::FixTimed(benchmark::RegisterBenchmark("score", Parallel, cpus));

  course_bench::RunAndReport();
  benchmark::Shutdown();
  return 0;
}
