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
// The jobs' parameters come from the seed the grader gave this run
// (course_bench::seed()), different in every iteration, so their results
// cannot be known beforehand. Every iteration checks that each submitted job
// ran exactly once; after the loop, a few jobs picked at random are computed
// again and their results compared. A pool that drops, repeats or makes up a
// job ends the benchmark with "wrong results: ...": no speed points.
//
// This file has its own main() because the list of worker counts depends on
// available_cores(), which is only known at run time.
#include <benchmark/benchmark.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <future>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_main.h"
#include "course/available_cores.h"
#include "course/worker_pool.h"
#include "cpu_benchmarks.h"

namespace {

using course::WorkerPool;
using course_bench::cpu_job;
using course_bench::CpuResults;
using course_bench::kCpuJobs;

constexpr int kEmptyJobs = 10'000;

// The parameter of job `job` in iteration `iteration`: a splitmix64 of the
// run's seed, never 0 (cpu_job(0) is 0, which would look like a job never run).
std::uint64_t job_seed(std::uint64_t iteration, std::size_t job) {
  std::uint64_t z = course_bench::seed() + 0x9e3779b97f4a7c15ULL * (iteration * kCpuJobs + job + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return (z ^ (z >> 31)) | 1;
}

using RunCounts = std::array<std::atomic<int>, kCpuJobs>;

// Runs the CPU-heavy set through a new pool of `workers` (nullopt: the
// default size), from construction to destruction, as a program would. Each
// job writes its own result and counts its own run.
void run_through_pool(std::optional<std::size_t> workers, std::uint64_t iteration, CpuResults& results,
                      RunCounts& runs) {
  results.assign(kCpuJobs, 0);
  for (auto& r : runs) r.store(0, std::memory_order_relaxed);
  std::optional<WorkerPool> pool;
  if (workers) {
    pool.emplace(*workers);
  } else {
    pool.emplace();
  }
  std::vector<std::future<void>> futures;
  futures.reserve(kCpuJobs);
  for (std::size_t i = 0; i < kCpuJobs; ++i) {
    std::uint64_t seed = job_seed(iteration, i);
    futures.push_back(pool->submit([&results, &runs, i, seed] {
      results[i] = cpu_job(seed);
      runs[i].fetch_add(1, std::memory_order_relaxed);
    }));
  }
  for (auto& future : futures) future.get();
}

// Empty when every job ran exactly once; otherwise "wrong results: ...".
// Reads the counts after the pool is destroyed (its threads joined).
std::string wrong_runs(const CpuResults& results, const RunCounts& runs) {
  for (std::size_t i = 0; i < kCpuJobs; ++i) {
    int n = runs[i].load(std::memory_order_relaxed);
    if (n != 1 || results[i] == 0)
      return "wrong results: job " + std::to_string(i) + " of " + std::to_string(kCpuJobs) + " ran " +
             std::to_string(n) + " time(s); every submitted job must run exactly once, before its future is ready";
  }
  return "";
}

// Recomputing every job would double the benchmark's time; this many,
// picked at random after the loop from every iteration's results, find a
// pool that makes results up for some jobs instead of running them.
constexpr int kJobsRecomputed = 4;

std::string wrong_values(const std::vector<CpuResults>& kept) {
  if (kept.empty()) return "";
  std::mt19937_64 pick(std::random_device{}());
  for (int k = 0; k < kJobsRecomputed; ++k) {
    std::uint64_t iteration = pick() % kept.size();
    std::size_t job = pick() % kCpuJobs;
    if (kept[iteration][job] != cpu_job(job_seed(iteration, job)))
      return "wrong results: job " + std::to_string(job) + " of iteration " + std::to_string(iteration + 1) +
             " holds a result its own code did not compute";
  }
  return "";
}

// Shared by cpu_heavy/workers:N and score. An exception (NotImplemented
// from an unwritten pool) skips the benchmark with its message rather than
// ending the program.
void cpu_heavy_pool(benchmark::State& state, std::optional<std::size_t> workers) {
  CpuResults results;
  RunCounts runs;
  std::vector<CpuResults> kept;
  try {
    for (auto _ : state) {
      run_through_pool(workers, kept.size(), results, runs);
      benchmark::DoNotOptimize(results.data());
      benchmark::ClobberMemory();
      if (std::string wrong = wrong_runs(results, runs); !wrong.empty()) {
        state.SkipWithError(wrong.c_str());
        return;
      }
      kept.push_back(results);
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  if (std::string wrong = wrong_values(kept); !wrong.empty()) {
    state.SkipWithError(wrong.c_str());
    return;
  }
  course_bench::set_job_rate(state);
}

// One pool for the whole benchmark: this measures what submitting, running
// and completing a job costs, not starting threads.
void empty_jobs(benchmark::State& state) {
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
  course_bench::initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  std::size_t cores = 1;
  try {
    cores = course::available_cores();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "available_cores() threw: %s\n", e.what());
    return 1;
  }

  course_bench::fix_timed(benchmark::RegisterBenchmark("cpu_heavy/sequential", course_bench::cpu_heavy_sequential));
  for (std::size_t workers = 1; workers <= 2 * cores; ++workers) {
    std::string name = "cpu_heavy/workers:" + std::to_string(workers);
    course_bench::fix_timed(
        benchmark::RegisterBenchmark(name.c_str(), cpu_heavy_pool, std::optional<std::size_t>(workers)));
  }
  course_bench::fix_timed(benchmark::RegisterBenchmark("score", cpu_heavy_pool, std::optional<std::size_t>()));
  course_bench::fix_timed(benchmark::RegisterBenchmark("empty_jobs", empty_jobs))->Unit(benchmark::kMicrosecond);

  course_bench::run_and_report();
  benchmark::Shutdown();
  return 0;
}
