// measure_counters: counts one large input in a plain loop, then with 1, 2,
// ... 2 x cores threads in three instructive ways (one mutex per update,
// per-thread counters packed side by side, per-thread counters on their own
// cache lines) and with your histogram(), and prints each one's time and
// speedup over the loop:
//
//   make demo EXERCISE=04
//   taskset -c 0 build/dev/exercises/04_shared_counters/ex04_demo
//
// Built from solutions/04_shared_counters/, so the last column is your code.
// Until you have written it, that column says "not written" and the others
// still run.
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "../bench/input.h"
#include "bench/affinity_cores.h"
#include "course/histogram.h"
#include "versions.h"

namespace {

using course::Histogram;

// A quarter of the benchmark's input: the slow versions take seconds on it
// already.
constexpr std::size_t kValues = course_bench::kInputValues / 4;
// The demo is for comparing versions by eye, so it counts the same values
// every time; the graded benchmark draws fresh ones on every run.
constexpr std::uint64_t kDemoSeed = 2026;
constexpr int kRunsPerCell = 3;  // each cell shows the best of these...
constexpr double kSlowRun = 5;   // ...unless the first took this many times the loop's time
constexpr int kLoopRuns = 7;     // every speedup divides by the loop's time: it gets more runs

struct Cell {
  double ms = 0;
  bool wrong = false;         // counted something else than the loop did
  std::string not_available;  // why there is no time (an exception)
};

Cell measure(const std::function<Histogram()>& run, const Histogram& expected, double sequential_ms,
             int runs = kRunsPerCell) {
  Cell best{1e300, false, {}};
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    Histogram counts;
    try {
      counts = run();
    } catch (const std::exception& e) {
      std::string what = e.what();
      return {0, false, what.rfind("not implemented:", 0) == 0 ? "not written" : "threw: " + what};
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (counts != expected) best.wrong = true;
    best.ms = std::min(best.ms, ms);
    if (sequential_ms > 0 && ms > kSlowRun * sequential_ms) break;
  }
  return best;
}

std::string show_cell(const Cell& cell, double sequential_ms) {
  char text[64];
  if (!cell.not_available.empty()) {
    std::snprintf(text, sizeof text, "%s", cell.not_available.substr(0, 19).c_str());
  } else {
    std::snprintf(text, sizeof text, "%8.1f %6.2fx%s", cell.ms, sequential_ms / cell.ms, cell.wrong ? " WRONG" : "");
  }
  return text;
}

int run_demo() {
  const std::size_t cores = course_bench::affinity_cores();
  std::printf("counting %zu values into %zu bins; this process may run on %zu CPU(s)\n", kValues, course::kBins, cores);
  const std::vector<std::uint32_t> data = course_bench::generated_input(kValues, kDemoSeed);

  Histogram expected = course_demo::sequential(data);
  Cell loop = measure([&] { return course_demo::sequential(data); }, expected, 0, kLoopRuns);
  std::printf("time in ms and speedup over the plain loop, best of %d runs (1 when very slow; the loop: %d)\n\n",
              kRunsPerCell, kLoopRuns);
  std::printf("  %-8s %-20s %-20s %-20s %-20s\n", "threads", "shared mutex", "packed counters", "padded counters",
              "your histogram()");
  std::printf("  %-8s %8.1f %6.2fx   (the plain loop, no threads)\n", "loop", loop.ms, 1.0);

  bool any_wrong = false;
  std::optional<double> yours_at_cores;
  for (std::size_t threads = 1; threads <= 2 * cores; ++threads) {
    Cell locked = measure([&] { return course_demo::shared_mutex(data, threads); }, expected, loop.ms);
    Cell packed = measure([&] { return course_demo::packed_counters(data, threads); }, expected, loop.ms);
    Cell padded = measure([&] { return course_demo::padded_counters(data, threads); }, expected, loop.ms);
    Cell yours = measure([&] { return course::histogram(data, threads); }, expected, loop.ms);
    any_wrong = any_wrong || yours.wrong;
    if (threads == cores && yours.not_available.empty()) yours_at_cores = loop.ms / yours.ms;
    std::printf("  %-8zu %-20s %-20s %-20s %-20s%s\n", threads, show_cell(locked, loop.ms).c_str(),
                show_cell(packed, loop.ms).c_str(), show_cell(padded, loop.ms).c_str(),
                show_cell(yours, loop.ms).c_str(), threads == cores ? "  <- one thread per CPU" : "");
  }

  std::printf("\n");
  if (any_wrong) {
    std::printf("Your histogram() counted something other than the loop did (WRONG above): run\n"
                "`make check EXERCISE=04`, whose race check will likely show why.\n");
    return 1;
  }
  std::printf("The work is the same in every column; only where the threads keep their counters changes.\n"
              "A mutex per update serialises the threads and adds a lock to every value; counters packed\n"
              "side by side make the cores pass cache lines back and forth; counters on lines of their own,\n"
              "added up at the end, let every core count at full speed.\n");
  if (yours_at_cores) {
    std::printf("Your histogram() with %zu thread(s): %.2fx the loop's speed.\n", cores, *yours_at_cores);
  }
  if (cores == 1) {
    std::printf("With one CPU no column can beat the loop: the threads take turns, and the slow versions\n"
                "lose less than on several cores, because a cache line never has to move between cores.\n");
  }
  return 0;
}

}  // namespace

int main() {
  try {
    return run_demo();
  } catch (const std::exception& e) {
    std::printf("stopped by an exception: %s\n", e.what());
    return 1;
  }
}
