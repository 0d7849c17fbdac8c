// Runs a course benchmark binary (exercises/common/bench/bench_main.h) and
// reads its JSON results from the grader's own channel, with what the run
// cost the machine (wall time on the grader's clock, CPU time, context
// switches) beside them.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "process_limits.h"
#include "subprocess.h"

namespace grader {

struct BenchmarkResult {
  std::string name;    // "score", "cpu_heavy/workers:2"
  double real_ns = 0;  // wall time per iteration
  double cpu_ns = 0;   // CPU time per iteration, as the benchmark measured it
  long iterations = 0;
  std::map<std::string, double> counters;  // user counters ("ns_per_job", ...)
  // Not empty: the benchmark ended with SkipWithError(error), and its times
  // mean nothing. The course's benchmarks say "wrong results: ..." when
  // the code they timed gave a wrong answer (bench_main.h).
  std::string error;
};

// The "iteration" entries of --benchmark_format=json output; aggregates
// (mean, median) are left out. Entries that ended with an error are kept,
// with their message in `error` and no times.
std::vector<BenchmarkResult> parse_benchmark_json(const std::string& text);

struct BenchRun {
  bool ok = false;
  std::string problem;  // why not, in words
  std::vector<BenchmarkResult> results;
  ProcessResult process;  // wall time and rusage of the whole run
};

struct BenchSpec {
  std::filesystem::path binary;
  std::string filter;               // a --benchmark_filter regex
  std::filesystem::path artifacts;  // the grader's: output.txt; the benchmark writes only scratch/ in it
  std::chrono::seconds timeout = kBenchLimits.time;
  double min_time_seconds = 0.2;           // per benchmark, when `iterations` is 0
  long iterations = 0;                     // a fixed iteration count for every benchmark run
  std::vector<int> cpus = {};              // pin the run to these CPUs; empty: all the grader's
  std::optional<std::uint64_t> seed = {};  // --course_seed: what the benchmark's inputs are drawn from
};

// A --benchmark_filter for the benchmark `name` however it was measured
// ("score/iterations:3/process_time/real_time" is "score").
std::string exact_filter(const std::string& name);

// The first CPU this process may run on: where a one-core run is pinned.
int first_usable_cpu();

BenchRun run_benchmark(const BenchSpec& spec);

}  // namespace grader
