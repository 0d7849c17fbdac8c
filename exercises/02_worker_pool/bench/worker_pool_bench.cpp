// Benchmarks of a WorkerPool, built -O2 without sanitizers, once against a
// submission and once against the reference, and run side by side.
//
//   cpu_heavy/sequential   the CPU-heavy job set in a plain loop: the baseline
//   cpu_heavy/workers:N    the same set through WorkerPool(N), N = 1 .. 2 x cores
//   score                  the same set through WorkerPool(): what is scored
//   empty_jobs             10,000 jobs that do nothing: what a job costs the pool
//
// All of them measure wall time (UseRealTime: the benchmark's own thread
// mostly waits for futures) and the whole process's CPU time beside it,
// which stays about the same for every N: more workers do not do less work,
// they only spread it over more cores. Google Benchmark appends
// "/process_time/real_time" to each name.
//
// This file has its own main() because the list of worker counts depends on
// available_cores(), which is only known at run time.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "course/available_cores.h"
#include "course/worker_pool.h"
#include "bench/bench_main.h"
#include "cpu_benchmarks.h"

namespace {

using course::WorkerPool;
using course_bench::cpu_job;
using course_bench::CpuResults;
using course_bench::kCpuJobs;

constexpr int kEmptyJobs = 10'000;

// Runs the CPU-heavy set through a new pool of `workers` (nullopt: the
// default size), from construction to destruction, as a program would.
void RunThroughPool(std::optional<std::size_t> workers, CpuResults& results) {
  results.assign(kCpuJobs, 0);
  std::optional<WorkerPool> pool;
  if (workers) {
    pool.emplace(*workers);
  } else {
    pool.emplace();
  }
  std::vector<std::future<void>> futures;
  futures.reserve(kCpuJobs);
  for (std::size_t i = 0; i < kCpuJobs; ++i) {
    futures.push_back(pool->submit([&results, i] { results[i] = cpu_job(i + 1); }));
  }
  for (auto& future : futures) future.get();
}

// A hash result is never 0 in practice: a 0 left over means a job never ran.
bool AllRan(const CpuResults& results) {
  for (std::uint64_t r : results)
    if (r == 0) return false;
  return results.size() == kCpuJobs;
}

// Shared by cpu_heavy/workers:N and score. An exception (NotImplemented
// from an unwritten pool) skips the benchmark with its message rather than
// ending the program.
void CpuHeavyPool(benchmark::State& state, std::optional<std::size_t> workers) {
  CpuResults results;
  try {
    for (auto _ : state) {
      RunThroughPool(workers, results);
      benchmark::DoNotOptimize(results.data());
      benchmark::ClobberMemory();
      if (!AllRan(results)) {
        state.SkipWithError("a job's result is missing: not every job ran");
        break;
      }
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  course_bench::set_job_rate(state);
}

// One pool for the whole benchmark: this measures what submitting, running
// and completing a job costs, not starting threads.
void EmptyJobs(benchmark::State& state) {
  try {
    WorkerPool pool;
    std::vector<std::future<void>> futures;
    futures.reserve(kEmptyJobs);
    std::chrono::steady_clock::duration total{};
    for (auto _ : state) {
      auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < kEmptyJobs; ++i) futures.push_back(pool.submit([] {}));
      for (auto& future : futures) future.get();
      total += std::chrono::steady_clock::now() - start;
      futures.clear();
    }
    double jobs = static_cast<double>(state.iterations()) * kEmptyJobs;
    state.counters["ns_per_job"] = std::chrono::duration<double, std::nano>(total).count() / jobs;
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

}  // namespace

int main(int argc, char** argv) {
  course_bench::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  std::size_t cores = 1;
  try {
    cores = course::available_cores();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "available_cores() threw: %s\n", e.what());
    return 1;
  }

  course_bench::FixTimed(benchmark::RegisterBenchmark("cpu_heavy/sequential", course_bench::cpu_heavy_sequential));
  for (std::size_t workers = 1; workers <= 2 * cores; ++workers) {
    std::string name = "cpu_heavy/workers:" + std::to_string(workers);
    course_bench::FixTimed(benchmark::RegisterBenchmark(name.c_str(), CpuHeavyPool, std::optional<std::size_t>(workers)));
  }
  course_bench::FixTimed(benchmark::RegisterBenchmark("score", CpuHeavyPool, std::optional<std::size_t>()));
  course_bench::FixTimed(benchmark::RegisterBenchmark("empty_jobs", EmptyJobs))->Unit(benchmark::kMicrosecond);

  course_bench::RunAndReport();
  benchmark::Shutdown();
  return 0;
}
