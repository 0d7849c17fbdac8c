// measure_pipeline: runs simulated items (a fetch that sleeps, a compute
// that burns CPU) through your run_pipeline and shows how close each set of
// stage limits comes to the best any pipeline could do, and which stage
// holds it back.
//
//   make demo EXERCISE=03                     a sweep of stage limits
//   build/dev/exercises/03_pipeline/ex03_demo --fetchers 8 --workers 2
//   taskset -c 0 build/dev/exercises/03_pipeline/ex03_demo
//
// Options (each optional): --items N --fetch-ms T --compute-ms T
// --fetchers F --workers W --buffer B. With any of the three limits given,
// it runs that one configuration; without, the sweep.
//
// Built from solutions/03_pipeline/, so it measures your code.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "../bench/simulated_stages.h"

namespace {

using course_bench::Figures;
using course_bench::Simulation;

struct Options {
  Simulation sim;
  bool one_configuration = false;
};

bool parse_args(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    if (i + 1 >= argc) {
      std::fprintf(stderr, "%s needs a value\n", argv[i]);
      return false;
    }
    std::string flag = argv[i];
    double value = std::atof(argv[++i]);
    auto count = static_cast<std::size_t>(value);
    if (flag == "--items") options.sim.items = count;
    else if (flag == "--fetch-ms") options.sim.fetch_ms = value;
    else if (flag == "--compute-ms") options.sim.compute_ms = value;
    else if (flag == "--fetchers") options.sim.limits.fetchers = count, options.one_configuration = true;
    else if (flag == "--workers") options.sim.limits.workers = count, options.one_configuration = true;
    else if (flag == "--buffer") options.sim.limits.buffer = count, options.one_configuration = true;
    else {
      std::fprintf(stderr, "unknown option %s (see the top of demo/measure_pipeline.cpp)\n", flag.c_str());
      return false;
    }
  }
  return true;
}

void print_header() {
  std::printf("  %8s %7s %6s %9s %9s %9s %8s %8s %8s   %s\n", "fetchers", "workers", "buffer", "time(ms)", "items/s",
              "bound(ms)", "of bound", "fetch", "compute", "bottleneck");
  std::printf("  %8s %7s %6s %9s %9s %9s %8s %8s %8s\n", "", "", "", "", "", "", "", "busy", "busy");
}

void print_row(const Simulation& sim, const Figures& f) {
  std::printf("  %8zu %7zu %6zu %9.1f %9.0f %9.1f %7.0f%% %7.0f%% %7.0f%%   %s\n", sim.limits.fetchers,
              sim.limits.workers, sim.limits.buffer, f.wall_ms, sim.items / (f.wall_ms / 1e3), f.bound_ms,
              100 * f.bound_fraction, 100 * f.fetch_busy, 100 * f.compute_busy,
              f.fetch_is_bottleneck() ? "fetch" : "compute");
}

// The sentence under a single run: what to change next.
void advise(const Simulation& sim, const Figures& f, std::size_t cores) {
  if (f.fetch_is_bottleneck()) {
    std::printf("\nThe fetch stage is the bottleneck: fetches only wait, so more fetchers overlap more waits,\n"
                "even on one core. Try --fetchers %zu.\n",
                2 * sim.limits.fetchers);
  } else if (sim.limits.workers < cores) {
    std::printf("\nThe compute stage is the bottleneck, and it has fewer workers (%zu) than cores (%zu):\n"
                "try --workers %zu.\n",
                sim.limits.workers, cores, cores);
  } else {
    std::printf("\nThe compute stage is the bottleneck with a worker for each of the %zu core(s): only more\n"
                "cores would help. More workers than cores just take turns on the same cores.\n",
                cores);
  }
  if (f.bound_fraction < 0.8)
    std::printf("The run took %.0f%% longer than the bound: is the buffer (%zu) too small for the two\n"
                "stages to keep each other busy, or does the pipeline hold a lock while a stage runs?\n",
                100 * (1 / f.bound_fraction - 1), sim.limits.buffer);
}

int run_demo(const Options& options) {
  const std::size_t cores = course_bench::affinity_cores();
  const Simulation& base = options.sim;
  course_bench::rounds_per_ms();  // calibrate before anything is timed
  std::printf("%zu items, each a %.2f ms fetch (it sleeps) and a %.2f ms compute (it burns CPU), on %zu core(s).\n",
              base.items, base.fetch_ms, base.compute_ms, cores);
  std::printf("One at a time that is %.0f ms. The bound is max(N*t_fetch/fetchers, N*t_compute/min(workers, "
              "cores)).\n\n",
              base.items * (base.fetch_ms + base.compute_ms));
  print_header();

  std::vector<Simulation> runs;
  if (options.one_configuration) {
    runs.push_back(base);
  } else {
    for (auto [fetchers, workers] : std::vector<std::pair<std::size_t, std::size_t>>{
             {1, 1}, {2, 1}, {4, 1}, {8, 1}, {8, cores}, {8, 4 * cores}, {16, cores}}) {
      Simulation sim = base;
      sim.limits = {fetchers, workers, base.limits.buffer};
      runs.push_back(sim);
    }
  }
  Figures last;
  for (const Simulation& sim : runs) {
    // The demo compares rows by eye: the same inputs every time.
    const course_bench::Workload work(sim.items, /*seed=*/2026);
    last = course_bench::run_simulation(sim, work, cores);
    if (!last.results_ok) {
      std::printf("\n%s. Run `make check EXERCISE=03`.\n", last.wrong.c_str());
      return 1;
    }
    print_row(sim, last);
  }
  if (options.one_configuration) {
    advise(base, last, cores);
  } else {
    std::printf("\nMore fetchers help until the compute stage becomes the limit: waiting overlaps on any number\n"
                "of cores (concurrency). More workers help only up to the %zu core(s) this process may use\n"
                "(parallelism). Run it again under `taskset -c 0` and compare the rows.\n",
                cores);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!parse_args(argc, argv, options)) return 2;
  if (options.sim.limits.fetchers == 0 || options.sim.limits.workers == 0 || options.sim.limits.buffer == 0 ||
      options.sim.items == 0) {
    std::fprintf(stderr, "items and every limit must be at least 1\n");
    return 2;
  }
  try {
    return run_demo(options);
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (what.rfind("not implemented:", 0) == 0) {
      std::printf("not implemented yet: %s. Write it in solutions/03_pipeline/ (see "
                  "exercises/03_pipeline/README.md), then run this again.\n",
                  what.substr(17).c_str());
    } else {
      std::printf("stopped by an exception: %s\n", what.c_str());
    }
    return 1;
  }
}
