// Simulated stages for the benchmark and the demo: a fetch that waits (a
// sleep, like a network request) and a compute that only computes (a CPU
// loop), both timed from the outside, so that a run of run_pipeline can be
// set against the best any pipeline could do with the same limits.
//
// The bound: N items through `fetchers` fetchers cannot take less than
// N * t_fetch / fetchers, and through `workers` workers on `cores` cores no
// less than N * t_compute / min(workers, cores). The larger of the two is
// the bottleneck stage, and the bound on the whole run.
//
// The work is also checked: the inputs and what each fetch brings back are
// drawn from a seed (the grader's, fresh for every benchmark run), and the
// stages remember what they were asked and what they answered, so that a
// run's results can be set against what the course's own fetch and compute
// produced for every input (Figures::wrong). A pipeline that skips a fetch
// or a compute, returns results made up or kept from an earlier run, or
// runs more stage calls at once than its limits allow, has wrong results.
#pragma once

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
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
  double bound_ms = 0;         // max(fetch_term_ms, compute_term_ms)
  double fetch_term_ms = 0;    // N * t_fetch / fetchers
  double compute_term_ms = 0;  // N * t_compute / min(workers, cores)
  double bound_fraction = 0;   // bound_ms / wall_ms: 1 is as fast as any pipeline can be
  double fetch_busy = 0;       // time inside fetch / (fetchers * wall time)
  double compute_busy = 0;     // time inside compute / (workers * wall time)
  std::string wrong;           // "wrong results: ..." in words; empty when every result is right
  bool results_ok = false;     // wrong.empty()
  bool fetch_is_bottleneck() const { return fetch_term_ms >= compute_term_ms; }
};

// The inputs of a simulation and what fetching each brings back, drawn from
// a seed: the same number and length of strings on every run (the same
// work), different characters. Made once, before anything is timed.
class Workload {
 public:
  Workload(std::size_t items, std::uint64_t seed) {
    std::uint64_t state = seed;
    auto next = [&state] {  // splitmix64
      std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      return z ^ (z >> 31);
    };
    auto hex = [](std::uint64_t x) {
      static const char kDigits[] = "0123456789abcdef";
      std::string out(16, '0');
      for (int i = 15; i >= 0; --i, x >>= 4) out[i] = kDigits[x & 15];
      return out;
    };
    for (std::size_t i = 0; i < items; ++i) {
      inputs_.push_back("item" + std::to_string(i) + "-" + hex(next()));
      std::string page = inputs_.back() + ":";  // 64 characters of payload, as before
      for (int part = 0; part < 4; ++part) page += hex(next());
      pages_.push_back(std::move(page));
      input_index_.emplace(inputs_.back(), i);
      page_index_.emplace(pages_.back(), i);
    }
  }

  const std::vector<std::string>& inputs() const { return inputs_; }
  const std::string& page(std::size_t i) const { return pages_[i]; }
  // The index of an input or of a fetched page; size() when it is neither.
  std::size_t index_of_input(const std::string& input) const { return find(input_index_, input); }
  std::size_t index_of_page(const std::string& page) const { return find(page_index_, page); }
  std::size_t size() const { return inputs_.size(); }

 private:
  std::size_t find(const std::unordered_map<std::string, std::size_t>& index, const std::string& key) const {
    auto it = index.find(key);
    return it == index.end() ? size() : it->second;
  }

  std::vector<std::string> inputs_;
  std::vector<std::string> pages_;
  std::unordered_map<std::string, std::size_t> input_index_;
  std::unordered_map<std::string, std::size_t> page_index_;
};

// Wraps the simulated stages so that every call adds its time to these sums,
// and remembers, for one run, which inputs were fetched, what compute
// answered for each input's fetched value, and how many calls of each stage
// ran at once. The wall time inside fetch is its latency; compute's own CPU
// time is its cost (its wall time would also count the time it waited for a
// core).
class StageClock {
 public:
  explicit StageClock(const Workload& work)
      : work_(work), fetched_(std::make_unique<std::atomic<int>[]>(work.size())), computed_(work.size()) {}

  course::FetchFn fetch(double fetch_ms) {
    auto latency =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double, std::milli>(fetch_ms));
    return [this, latency](const std::string& input) {
      Running running(fetches_, max_fetches_);
      auto start = std::chrono::steady_clock::now();
      std::this_thread::sleep_for(latency);
      std::size_t i = work_.index_of_input(input);
      std::string page = i < work_.size() ? work_.page(i) : input + ":" + std::string(64, 'x');
      if (i < work_.size()) fetched_[i].fetch_add(1, std::memory_order_relaxed);
      fetch_wall_ns_ += (std::chrono::steady_clock::now() - start).count();
      return page;
    };
  }

  course::ComputeFn compute(double compute_ms) {
    long rounds = static_cast<long>(compute_ms * rounds_per_ms());
    return [this, rounds](std::string page) {
      Running running(computes_, max_computes_);
      auto start = std::chrono::steady_clock::now();
      auto cpu_start = thread_cpu_time();
      std::uint64_t hash = cpu_rounds(std::hash<std::string>{}(page), rounds);
      compute_cpu_ns_ += (thread_cpu_time() - cpu_start).count();
      std::string result = page.substr(0, page.find(':')) + ":" + std::to_string(hash);
      if (std::size_t i = work_.index_of_page(page); i < work_.size()) {
        std::lock_guard<std::mutex> lock(computed_mutex_);
        if (computed_[i].empty()) computed_[i] = result;
      }
      compute_wall_ns_ += (std::chrono::steady_clock::now() - start).count();
      return result;
    };
  }

  double fetch_wall_ms() const { return fetch_wall_ns_.load() / 1e6; }
  double compute_wall_ms() const { return compute_wall_ns_.load() / 1e6; }
  double compute_cpu_ms() const { return compute_cpu_ns_.load() / 1e6; }

  // What is wrong with `results` for this run, in words ("wrong results:
  // ..."); empty when every input was fetched, its fetched value computed,
  // and that computed value returned in the input's place, with no more
  // calls of a stage at once than `limits` allow.
  std::string check(const std::vector<std::string>& results, const course::StageLimits& limits) const {
    const std::string kWrong = "wrong results: ";
    const std::size_t n = work_.size();
    if (results.size() != n)
      return kWrong + "run_pipeline returned " + std::to_string(results.size()) + " results for " + std::to_string(n) +
             " inputs";
    for (std::size_t i = 0; i < n; ++i) {
      if (fetched_[i].load() == 0) return kWrong + "input " + std::to_string(i) + " was never fetched";
      if (computed_[i].empty())
        return kWrong + "the fetched value of input " + std::to_string(i) + " was never computed";
      if (results[i] != computed_[i]) {
        for (std::size_t j = 0; j < n; ++j)
          if (results[i] == computed_[j])
            return kWrong + "result " + std::to_string(i) + " is the result of input " + std::to_string(j) +
                   ": results must come back in input order";
        return kWrong + "result " + std::to_string(i) + " is not what compute returned for input " + std::to_string(i) +
               "'s fetched value";
      }
    }
    if (max_fetches_.load() > static_cast<long>(limits.fetchers))
      return kWrong + std::to_string(max_fetches_.load()) + " fetches ran at once, with a limit of " +
             std::to_string(limits.fetchers) + " fetchers";
    if (max_computes_.load() > static_cast<long>(limits.workers))
      return kWrong + std::to_string(max_computes_.load()) + " computes ran at once, with a limit of " +
             std::to_string(limits.workers) + " workers";
    return "";
  }

 private:
  // Counts a stage call while it runs, and the most that ever ran at once.
  class Running {
   public:
    Running(std::atomic<long>& now, std::atomic<long>& most) : now_(now) {
      long running = now_.fetch_add(1) + 1;
      long seen = most.load();
      while (running > seen && !most.compare_exchange_weak(seen, running)) {
      }
    }
    ~Running() { now_.fetch_sub(1); }
    Running(const Running&) = delete;
    Running& operator=(const Running&) = delete;

   private:
    std::atomic<long>& now_;
  };

  const Workload& work_;
  std::unique_ptr<std::atomic<int>[]> fetched_;  // fetches of each input
  std::mutex computed_mutex_;
  std::vector<std::string> computed_;  // compute's answer for each input's fetched value
  std::atomic<long> fetches_{0}, max_fetches_{0};
  std::atomic<long> computes_{0}, max_computes_{0};
  std::atomic<std::int64_t> fetch_wall_ns_{0};
  std::atomic<std::int64_t> compute_wall_ns_{0};
  std::atomic<std::int64_t> compute_cpu_ns_{0};
};

// One run of run_pipeline over `work` (made for sim.items inputs), its
// figures and whether its results are right. Exceptions from run_pipeline
// (NotImplemented) pass through.
inline Figures run_simulation(const Simulation& sim, const Workload& work, std::size_t cores) {
  StageClock clock(work);
  course::FetchFn fetch = clock.fetch(sim.fetch_ms);
  course::ComputeFn compute = clock.compute(sim.compute_ms);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> results = course::run_pipeline(work.inputs(), fetch, compute, sim.limits);
  double wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  Figures f;
  f.wall_ms = wall_ms;
  f.wrong = clock.check(results, sim.limits);
  f.results_ok = f.wrong.empty();
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
