// Benchmarks of run_pipeline, built -O2 without sanitizers, once against a
// submission and once against the reference, and run side by side.
//
//   pipeline/fetch_bound     4 ms fetches, 0.25 ms computes: the fetchers are the limit
//   pipeline/compute_bound   0.25 ms fetches, 2 ms computes: the cores are the limit
//   pipeline/balanced        4 ms fetches, 2 ms computes, both stages the limit at once
//   score                    400 smaller items, both stages balanced: what is scored;
//                            the smaller the items, the more a pipeline's own cost per
//                            item shows
//
// Each reports, beside its wall time:
//   bound_fraction  the bound max(N*t_fetch/fetchers, N*t_compute/min(workers, cores))
//                   over the measured time: 1 is as fast as any pipeline can be
//   fetch_busy      time inside fetch / (fetchers * wall time)
//   compute_busy    time inside compute / (workers * wall time)
// measured by wrapping the stages passed to run_pipeline (simulated_stages.h).
//
// The inputs and what each fetch brings back are drawn from the seed the
// grader gave this run (course_bench::seed()), before any clock starts; every
// run's results are checked against what the course's own fetch and compute
// produced for each input, and against the stage limits. A wrong run ends
// the benchmark with "wrong results: ...", which earns no speed points.
//
// Stage limits follow the cores this process may use, known only at run
// time, so this file has its own main().
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>

#include "bench/bench_main.h"
#include "simulated_stages.h"

namespace {

using course_bench::Figures;
using course_bench::Simulation;
using course_bench::Workload;

void run_simulation(benchmark::State& state, Simulation sim, std::size_t cores, std::uint64_t salt) {
  const Workload work(sim.items, course_bench::seed() ^ salt);
  double bound_fraction = 0, fetch_busy = 0, compute_busy = 0;
  try {
    for (auto _ : state) {
      Figures f = course_bench::run_simulation(sim, work, cores);
      if (!f.results_ok) {
        state.SkipWithError(f.wrong.c_str());
        return;
      }
      bound_fraction += f.bound_fraction;
      fetch_busy += f.fetch_busy;
      compute_busy += f.compute_busy;
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  double runs = static_cast<double>(state.iterations());
  state.counters["bound_fraction"] = bound_fraction / runs;
  state.counters["fetch_busy"] = fetch_busy / runs;
  state.counters["compute_busy"] = compute_busy / runs;
  state.counters["items_per_second"] =
      benchmark::Counter(static_cast<double>(sim.items), benchmark::Counter::kIsIterationInvariantRate);
}

// Each benchmark its own inputs: the seed mixed with the benchmark's name.
void register_simulation(const char* name, Simulation sim, std::size_t cores) {
  std::uint64_t salt = std::hash<std::string>{}(name);
  course_bench::fix_timed(benchmark::RegisterBenchmark(name, run_simulation, sim, cores, salt));
}

}  // namespace

int main(int argc, char** argv) {
  course_bench::initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const std::size_t cores = course_bench::affinity_cores();
  course_bench::rounds_per_ms();  // calibrate before anything is timed

  // About 100 ms each on 2 cores; the compute-heavy ones take longer on fewer.
  register_simulation("pipeline/fetch_bound", {100, 4.0, 0.25, {4, cores, 4}}, cores);
  register_simulation("pipeline/compute_bound", {100, 0.25, 2.0, {2, cores, 4}}, cores);
  register_simulation("pipeline/balanced", {100, 4.0, 2.0, {2 * cores, cores, 4}}, cores);
  register_simulation("score", {400, 1.0, 0.5, {2 * cores, cores, 4}}, cores);

  course_bench::run_and_report();
  benchmark::Shutdown();
  return 0;
}
