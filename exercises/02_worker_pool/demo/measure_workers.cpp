// measure_workers: runs one CPU-heavy job set in a plain loop, then through
// your WorkerPool with 1, 2, ... 2 x cores workers and with far too many,
// and prints how the time changes. Run it as it is, then pinned to one core:
//
//   make demo EXERCISE=02
//   taskset -c 0 build/dev/exercises/02_worker_pool/ex02_demo
//
// Built from solutions/02_worker_pool/, so it measures your code.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "../bench/cpu_jobs.h"
#include "course/available_cores.h"
#include "course/worker_pool.h"

namespace {

using course_bench::CpuResults;
using course_bench::kCpuJobs;

constexpr int kRunsPerRow = 3;        // each row shows the best of these
constexpr std::size_t kTooMany = 64;  // "far too many workers"

struct Timing {
  double wall_ms = 0;
  double cpu_ms = 0;  // all threads of the process together
};

double process_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

// The fastest of a few runs: the one least disturbed by the rest of the machine.
Timing measure(const std::function<void()>& run) {
  Timing best{1e300, 0};
  for (int i = 0; i < kRunsPerRow; ++i) {
    double cpu_start = process_cpu_ms();
    auto start = std::chrono::steady_clock::now();
    run();
    double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (wall < best.wall_ms) best = {wall, process_cpu_ms() - cpu_start};
  }
  return best;
}

void run_through_pool(std::size_t workers, CpuResults& results) {
  results.assign(kCpuJobs, 0);
  course::WorkerPool pool(workers);
  std::vector<std::future<void>> futures;
  for (std::size_t i = 0; i < kCpuJobs; ++i)
    futures.push_back(pool.submit([&results, i] { results[i] = course_bench::cpu_job(i + 1); }));
  for (auto& future : futures) future.get();
}

void print_row(const std::string& label, const Timing& t, double sequential_ms, const char* note) {
  std::printf("  %-12s %10.1f %9.2fx %12.1f   %s\n", label.c_str(), t.wall_ms, sequential_ms / t.wall_ms, t.cpu_ms,
              note);
}

int run_demo() {
  const std::size_t cores = course::available_cores();
  const unsigned hardware = std::thread::hardware_concurrency();
  std::printf("available_cores()                     = %zu   (the cores this process may use)\n", cores);
  std::printf("std::thread::hardware_concurrency()   = %u   (the cores the machine has)\n\n", hardware);

  CpuResults expected, results;
  Timing sequential = measure([&] { course_bench::run_cpu_jobs_sequentially(expected); });
  std::printf("%zu CPU-heavy jobs of about %.1f ms each; best of %d runs per row.\n\n", kCpuJobs,
              sequential.wall_ms / kCpuJobs, kRunsPerRow);
  std::printf("  %-12s %10s %10s %12s\n", "workers", "time (ms)", "speedup", "CPU (ms)");
  print_row("sequential", sequential, sequential.wall_ms, "a plain loop, no pool");

  std::vector<std::size_t> counts;
  for (std::size_t w = 1; w <= 2 * cores; ++w) counts.push_back(w);
  if (kTooMany > 2 * cores) counts.push_back(kTooMany);

  double best_speedup = 0;
  std::size_t best_workers = 1;
  double too_many_speedup = 0;
  for (std::size_t workers : counts) {
    Timing t = measure([&] { run_through_pool(workers, results); });
    if (course_bench::checksum(results) != course_bench::checksum(expected)) {
      std::printf("\nWith %zu workers the jobs' results differ from the plain loop's: not every job ran "
                  "exactly once. Run `make check EXERCISE=02`.\n",
                  workers);
      return 1;
    }
    double speedup = sequential.wall_ms / t.wall_ms;
    // Where the curve flattens: the last row more than 5% faster than every row before it.
    if (speedup > best_speedup * 1.05) {
      best_speedup = speedup;
      best_workers = workers;
    }
    if (workers == kTooMany) too_many_speedup = speedup;
    const char* note = workers == cores      ? "<- one worker per available core"
                       : workers == kTooMany ? "<- far too many"
                                             : "";
    print_row(std::to_string(workers), t, sequential.wall_ms, note);
  }

  std::printf("\n");
  if (cores == 1) {
    std::printf("With one core, no number of workers beats the plain loop: the workers take turns on that\n"
                "core (concurrency), but never run at the same time (parallelism), so extra threads only\n"
                "add switching. The CPU column stays the same: the work does not shrink.\n");
  } else {
    std::printf("The time falls until about %zu workers (%.1fx faster than the loop, with %zu cores\n"
                "available), then stays flat: past the cores this process may use, more workers only\n"
                "take turns on the same cores. The CPU column barely moves: the work stays the same,\n"
                "it is only spread over more cores.\n",
                best_workers, best_speedup, cores);
    if (too_many_speedup > 0 && too_many_speedup < 0.95 * best_speedup) {
      std::printf("%zu workers are slower (%.1fx): the threads spend time switching, not computing.\n", kTooMany,
                  too_many_speedup);
    } else if (too_many_speedup > 0) {
      std::printf("%zu workers (%.1fx) gain nothing over %zu.\n", kTooMany, too_many_speedup, cores);
    }
  }
  if (hardware > cores) {
    std::printf("\nThe machine has %u cores but this process may use only %zu (affinity mask or CPU quota):\n"
                "a pool sized by hardware_concurrency() would start %zu thread(s) too many.\n",
                hardware, cores, hardware - cores);
  }
  return 0;
}

}  // namespace

int main() {
  try {
    return run_demo();
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (what.rfind("not implemented:", 0) == 0) {
      std::printf("not implemented yet: %s. Write it in solutions/02_worker_pool/ (see "
                  "exercises/02_worker_pool/README.md), then run this again.\n",
                  what.substr(17).c_str());
    } else {
      std::printf("stopped by an exception: %s\n", what.c_str());
    }
    return 1;
  }
}
