// The CPU-heavy job set that the benchmarks and the demo share: jobs that
// only compute, never wait, so that running them faster needs more cores.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace course_bench {

// 64 jobs of about 2 ms each on a 3 GHz core: 128 ms of work in all, split
// evenly over 1, 2, 4, ... 64 workers, and large enough that what a pool
// costs per job (microseconds) cannot hide the speedup.
inline constexpr std::size_t kCpuJobs = 64;
inline constexpr long kRoundsPerJob = 600'000;

// One job: a chain of integer mixing steps (the finaliser of a 64-bit hash).
// Every step needs the one before, so the compiler can neither vectorise the
// loop nor replace it with a formula, and the job takes the same time on
// every run. It touches no memory: workers do not compete for caches.
inline std::uint64_t cpu_job(std::uint64_t seed, long rounds = kRoundsPerJob) {
  std::uint64_t x = seed;
  for (long i = 0; i < rounds; ++i) {
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dULL;
    x ^= x >> 33;
  }
  return x;
}

// Where the job set's results go: one slot per job, each written by its
// own job only, so jobs on different threads never write the same memory.
using CpuResults = std::vector<std::uint64_t>;

// The whole set in a plain loop: the sequential baseline.
inline void run_cpu_jobs_sequentially(CpuResults& results) {
  results.assign(kCpuJobs, 0);
  for (std::size_t i = 0; i < kCpuJobs; ++i) results[i] = cpu_job(i + 1);
}

// The checksum of a run, to check that every job ran and to keep the results
// alive in an optimised build.
inline std::uint64_t checksum(const CpuResults& results) {
  std::uint64_t sum = 0;
  for (std::uint64_t r : results) sum = sum * 31 + r;
  return sum;
}

}  // namespace course_bench
