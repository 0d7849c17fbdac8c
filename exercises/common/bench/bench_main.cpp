#include "bench_main.h"

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <random>
#include <sstream>
#include <string>

// The channel's reporting has internal linkage here (channel/channel.h):
// run_and_report() is the only way results reach the grader.
#include "channel/channel.h"

namespace course_bench {
namespace {

constexpr char kIterationsFlag[] = "--course_iterations=";

constexpr char kSeedFlag[] = "--course_seed=";

long g_iterations = 0;  // 0: Google Benchmark picks the count (--benchmark_min_time)
bool g_seeded = false;
std::uint64_t g_seed = 0;

}  // namespace

void initialize(int* argc, char** argv) {
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    if (std::strncmp(argv[i], kIterationsFlag, std::strlen(kIterationsFlag)) == 0) {
      g_iterations = std::strtol(argv[i] + std::strlen(kIterationsFlag), nullptr, 10);
    } else if (std::strncmp(argv[i], kSeedFlag, std::strlen(kSeedFlag)) == 0) {
      g_seed = std::strtoull(argv[i] + std::strlen(kSeedFlag), nullptr, 10);
      g_seeded = true;
    } else {
      argv[kept++] = argv[i];
    }
  }
  *argc = kept;
  if (!g_seeded) {
    std::random_device device;
    g_seed = (std::uint64_t{device()} << 32) | device();
    g_seeded = true;
  }
  benchmark::Initialize(argc, argv);
}

std::uint64_t seed() { return g_seed; }

benchmark::internal::Benchmark* fix(benchmark::internal::Benchmark* benchmark) {
  if (g_iterations > 0) benchmark->Iterations(g_iterations);
  return benchmark;
}

void run_and_report() {
  if (!course_channel::IsOpen()) {
    benchmark::RunSpecifiedBenchmarks();
    return;
  }
  std::ostringstream json;
  benchmark::JSONReporter reporter;
  reporter.SetOutputStream(&json);
  reporter.SetErrorStream(&std::cerr);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  // One line on the channel: JSON strings hold no raw newline, so every
  // newline of the report is whitespace between tokens.
  std::string text = json.str();
  for (char& c : text)
    if (c == '\n') c = ' ';
  course_channel::Send("benchmarks " + text);
}

}  // namespace course_bench
