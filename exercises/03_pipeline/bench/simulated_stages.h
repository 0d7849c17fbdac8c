// Simulated stages for the benchmark and the demo: a fetch that waits (a
// sleep, like a network request) and a compute that only computes (a CPU
// loop), both timed from the outside, so that a run of run_pipeline can be
// set against the best any pipeline could do with the same limits.
//
// The bound: N items through `fetchers` fetchers cannot take less than
// N * t_fetch / fetchers, and through `workers` workers on `cores` cores no
// less than N * t_compute / min(workers, cores). The larger of the two is
// the bottleneck stage, and the bound on the whole run.
#pragma once

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "bench/affinity_cores.h"
#include "course/pipeline.h"

namespace course_bench {

inline std::chrono::nanoseconds thread_cpu_time() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

// A chain of integer mixing steps: each needs the one before, so it can be
// neither vectorised nor skipped, and it touches no memory.
inline std::uint64_t cpu_rounds(std::uint64_t x, long rounds) {
  for (long i = 0; i < rounds; ++i) {
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ULL;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dULL;
    x ^= x >> 33;
  }
  return x;
}

// How many rounds of cpu_rounds() take a millisecond of CPU time on this
// machine, measured once.
inline double rounds_per_ms() {
  static const double rate = [] {
    constexpr long kRounds = 2'000'000;
    auto start = thread_cpu_time();
    volatile std::uint64_t sink = cpu_rounds(1, kRounds);
    (void)sink;
    double ms = std::chrono::duration<double, std::milli>(thread_cpu_time() - start).count();
    return kRounds / std::max(ms, 1e-3);
  }();
  return rate;
}

struct Simulation {
  std::size_t items = 100;
  double fetch_ms = 4;    // how long one fetch waits
  double compute_ms = 2;  // how much CPU time one compute needs
  course::StageLimits limits{4, 2, 4};
};

struct Figures {
  double wall_ms = 0;
  double bound_ms = 0;          // max(fetch_term_ms, compute_term_ms)
  double fetch_term_ms = 0;     // N * t_fetch / fetchers
  double compute_term_ms = 0;   // N * t_compute / min(workers, cores)
  double bound_fraction = 0;    // bound_ms / wall_ms: 1 is as fast as any pipeline can be
  double fetch_busy = 0;        // time inside fetch / (fetchers * wall time)
  double compute_busy = 0;      // time inside compute / (workers * wall time)
  bool results_ok = false;      // one result per input, in input order
  bool fetch_is_bottleneck() const { return fetch_term_ms >= compute_term_ms; }
};

// Wraps the simulated stages so that every call adds its time to these sums.
// The wall time inside fetch is its latency; compute's own CPU time is its
// cost (its wall time would also count the time it waited for a core).
class StageClock {
 public:
  course::FetchFn fetch(double fetch_ms) {
    auto latency = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double, std::milli>(fetch_ms));
    return [this, latency](const std::string& input) {
      auto start = std::chrono::steady_clock::now();
      std::this_thread::sleep_for(latency);
      std::string page = input + ":" + std::string(64, 'x');  // what the fetch brought back
      fetch_wall_ns_ += (std::chrono::steady_clock::now() - start).count();
      return page;
    };
  }

  course::ComputeFn compute(double compute_ms) {
    long rounds = static_cast<long>(compute_ms * rounds_per_ms());
    return [this, rounds](std::string page) {
      auto start = std::chrono::steady_clock::now();
      auto cpu_start = thread_cpu_time();
      std::uint64_t hash = cpu_rounds(std::hash<std::string>{}(page), rounds);
      compute_cpu_ns_ += (thread_cpu_time() - cpu_start).count();
      std::string result = page.substr(0, page.find(':')) + ":" + std::to_string(hash);
      compute_wall_ns_ += (std::chrono::steady_clock::now() - start).count();
      return result;
    };
  }

  double fetch_wall_ms() const { return fetch_wall_ns_.load() / 1e6; }
  double compute_wall_ms() const { return compute_wall_ns_.load() / 1e6; }
  double compute_cpu_ms() const { return compute_cpu_ns_.load() / 1e6; }

 private:
  std::atomic<std::int64_t> fetch_wall_ns_{0};
  std::atomic<std::int64_t> compute_wall_ns_{0};
  std::atomic<std::int64_t> compute_cpu_ns_{0};
};

inline std::vector<std::string> simulation_inputs(std::size_t items) {
  std::vector<std::string> inputs;
  for (std::size_t i = 0; i < items; ++i) inputs.push_back("item" + std::to_string(i));
  return inputs;
}

inline bool in_input_order(const std::vector<std::string>& inputs, const std::vector<std::string>& results) {
  if (results.size() != inputs.size()) return false;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    if (results[i].compare(0, inputs[i].size() + 1, inputs[i] + ":") != 0) return false;
  return true;
}

// One run of run_pipeline over the simulation, and its figures. Exceptions
// from run_pipeline (NotImplemented) pass through.
inline Figures run_simulation(const Simulation& sim, std::size_t cores) {
  StageClock clock;
  std::vector<std::string> inputs = simulation_inputs(sim.items);
  course::FetchFn fetch = clock.fetch(sim.fetch_ms);
  course::ComputeFn compute = clock.compute(sim.compute_ms);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> results = course::run_pipeline(inputs, fetch, compute, sim.limits);
  double wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  Figures f;
  f.wall_ms = wall_ms;
  f.results_ok = in_input_order(inputs, results);
  double n = static_cast<double>(std::max<std::size_t>(sim.items, 1));
  double t_fetch = clock.fetch_wall_ms() / n;
  double t_compute = clock.compute_cpu_ms() / n;
  f.fetch_term_ms = sim.items * t_fetch / static_cast<double>(sim.limits.fetchers);
  f.compute_term_ms = sim.items * t_compute / static_cast<double>(std::min(sim.limits.workers, cores));
  f.bound_ms = std::max(f.fetch_term_ms, f.compute_term_ms);
  f.bound_fraction = wall_ms > 0 ? f.bound_ms / wall_ms : 0;
  f.fetch_busy = wall_ms > 0 ? clock.fetch_wall_ms() / (static_cast<double>(sim.limits.fetchers) * wall_ms) : 0;
  f.compute_busy = wall_ms > 0 ? clock.compute_wall_ms() / (static_cast<double>(sim.limits.workers) * wall_ms) : 0;
  return f;
}

}  // namespace course_bench
