// What the graded benchmark and the TBB comparison share: the job rate
// counter and the sequential baseline every speedup is relative to.
#pragma once

#include <benchmark/benchmark.h>

#include "cpu_jobs.h"

namespace course_bench {

inline void set_job_rate(benchmark::State& state) {
  state.counters["jobs_per_second"] =
      benchmark::Counter(static_cast<double>(kCpuJobs), benchmark::Counter::kIsIterationInvariantRate);
}

// The CPU-heavy job set in a plain loop on the calling thread.
inline void cpu_heavy_sequential(benchmark::State& state) {
  CpuResults results;
  for (auto _ : state) {
    run_cpu_jobs_sequentially(results);
    benchmark::DoNotOptimize(results.data());
    benchmark::ClobberMemory();
  }
  set_job_rate(state);
}

}  // namespace course_bench
