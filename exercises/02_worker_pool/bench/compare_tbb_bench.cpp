// The reference WorkerPool beside oneTBB's tbb::task_group, in one binary:
// how far a plain mutex-and-queue pool is from a work-stealing scheduler.
// Built only in the course's own tree (it needs the reference and TBB).
//
//   empty_jobs/nothing                 10,000 empty std::function calls in a loop
//   empty_jobs/future_floor            10,000 packaged_tasks made, run and
//                                      waited for on one thread: what the
//                                      API's future costs before any pool
//   empty_jobs/reference_pool          10,000 empty jobs, a future each
//   empty_jobs/reference_pool_no_futures   the same, futures dropped, then wait_idle()
//   empty_jobs/tbb_task_group          10,000 empty tasks, then wait()
//   cpu_heavy/sequential               the CPU-heavy set in a loop
//   cpu_heavy/reference_pool           the set through WorkerPool()
//   cpu_heavy/tbb_task_group           the set through a task_group
//
// The future floor is why no pool with this API can match TBB's per-job
// cost: in libstdc++ 12 making a future ready goes through call_once, and
// glibc's pthread_once always ends in a FUTEX_WAKE system call, one per job.
// The empty jobs show what a job costs each scheduler: one mutex, one queue
// node and one future per job against TBB's per-thread deques, where a
// thread mostly takes its own work without touching anyone else's. The
// CPU-heavy set shows that for jobs of milliseconds, that difference
// vanishes: both are bound by the cores.
#include <benchmark/benchmark.h>
#include <tbb/task_group.h>

#include <chrono>
#include <functional>
#include <future>
#include <vector>

#include "course/worker_pool.h"
#include "cpu_benchmarks.h"

namespace {

using course::WorkerPool;
using course_bench::cpu_job;
using course_bench::CpuResults;
using course_bench::kCpuJobs;

constexpr int kEmptyJobs = 10'000;

// Times `run_all` (which runs kEmptyJobs jobs) per iteration and reports
// the time per job in ns.
template <typename RunAll>
void time_per_empty_job(benchmark::State& state, RunAll run_all) {
  std::chrono::steady_clock::duration total{};
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    run_all();
    total += std::chrono::steady_clock::now() - start;
  }
  double jobs = static_cast<double>(state.iterations()) * kEmptyJobs;
  state.counters["ns_per_job"] = std::chrono::duration<double, std::nano>(total).count() / jobs;
}

void empty_nothing(benchmark::State& state) {
  std::vector<std::function<void()>> jobs(kEmptyJobs, [] {});
  time_per_empty_job(state, [&] {
    for (auto& job : jobs) {
      benchmark::DoNotOptimize(job);
      job();
    }
  });
}

void empty_future_floor(benchmark::State& state) {
  std::vector<std::future<void>> futures;
  futures.reserve(kEmptyJobs);
  time_per_empty_job(state, [&] {
    for (int i = 0; i < kEmptyJobs; ++i) {
      std::packaged_task<void()> task(std::function<void()>([] {}));
      futures.push_back(task.get_future());
      task();
    }
    for (auto& future : futures) future.get();
    futures.clear();
  });
}

void empty_reference_pool(benchmark::State& state) {
  WorkerPool pool;
  std::vector<std::future<void>> futures;
  futures.reserve(kEmptyJobs);
  time_per_empty_job(state, [&] {
    for (int i = 0; i < kEmptyJobs; ++i) futures.push_back(pool.submit([] {}));
    for (auto& future : futures) future.get();
    futures.clear();
  });
}

void empty_reference_pool_no_futures(benchmark::State& state) {
  WorkerPool pool;
  time_per_empty_job(state, [&] {
    for (int i = 0; i < kEmptyJobs; ++i) pool.submit([] {});
    pool.wait_idle();
  });
}

void empty_tbb_task_group(benchmark::State& state) {
  tbb::task_group group;
  time_per_empty_job(state, [&] {
    for (int i = 0; i < kEmptyJobs; ++i) group.run([] {});
    group.wait();
  });
}

// As worker_pool_bench's score: a new pool for each run of the set.
void cpu_reference_pool(benchmark::State& state) {
  CpuResults results(kCpuJobs);
  for (auto _ : state) {
    WorkerPool pool;
    std::vector<std::future<void>> futures;
    futures.reserve(kCpuJobs);
    for (std::size_t i = 0; i < kCpuJobs; ++i)
      futures.push_back(pool.submit([&results, i] { results[i] = cpu_job(i + 1); }));
    for (auto& future : futures) future.get();
    benchmark::DoNotOptimize(results.data());
    benchmark::ClobberMemory();
  }
  course_bench::set_job_rate(state);
}

// TBB's threads live for the whole program (its global arena); the thread
// that calls wait() runs tasks too, so TBB uses one thread per core with
// this one among them.
void cpu_tbb_task_group(benchmark::State& state) {
  CpuResults results(kCpuJobs);
  for (auto _ : state) {
    tbb::task_group group;
    for (std::size_t i = 0; i < kCpuJobs; ++i) group.run([&results, i] { results[i] = cpu_job(i + 1); });
    group.wait();
    benchmark::DoNotOptimize(results.data());
    benchmark::ClobberMemory();
  }
  course_bench::set_job_rate(state);
}

}  // namespace

// Wall time (the benchmark's thread mostly waits) with the whole process's
// CPU time beside it. Link with benchmark::benchmark_main, which provides main().
#define COURSE_BENCHMARK(function, name, unit) \
  BENCHMARK(function)->Name(name)->UseRealTime()->MeasureProcessCPUTime()->Unit(benchmark::unit)

COURSE_BENCHMARK(empty_nothing, "empty_jobs/nothing", kMicrosecond);
COURSE_BENCHMARK(empty_future_floor, "empty_jobs/future_floor", kMicrosecond);
COURSE_BENCHMARK(empty_reference_pool, "empty_jobs/reference_pool", kMicrosecond);
COURSE_BENCHMARK(empty_reference_pool_no_futures, "empty_jobs/reference_pool_no_futures", kMicrosecond);
COURSE_BENCHMARK(empty_tbb_task_group, "empty_jobs/tbb_task_group", kMicrosecond);
COURSE_BENCHMARK(course_bench::cpu_heavy_sequential, "cpu_heavy/sequential", kMillisecond);
COURSE_BENCHMARK(cpu_reference_pool, "cpu_heavy/reference_pool", kMillisecond);
COURSE_BENCHMARK(cpu_tbb_task_group, "cpu_heavy/tbb_task_group", kMillisecond);
