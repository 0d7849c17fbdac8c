#include "bench_run.h"

#include <sched.h>

#include <nlohmann/json.hpp>

#include "text_files.h"

namespace grader {
namespace {

double to_ns(double value, const std::string& unit) {
  if (unit == "us") return value * 1e3;
  if (unit == "ms") return value * 1e6;
  if (unit == "s") return value * 1e9;
  return value;
}

// Fields Google Benchmark writes for every entry; anything else numeric is a user counter.
bool is_standard_field(const std::string& key) {
  static const char* kFields[] = {"name", "family_index", "per_family_instance_index", "run_name",
                                  "run_type", "repetitions", "repetition_index", "threads",
                                  "iterations", "real_time", "cpu_time", "time_unit", "aggregate_name",
                                  "aggregate_unit", "error_occurred", "error_message"};
  for (const char* f : kFields)
    if (key == f) return true;
  return false;
}

// "score/real_time" and "score/process_time/real_time" are the benchmark
// "score" measured in a particular way; the rubric names the benchmark.
std::string without_measurement_suffixes(std::string name) {
  for (bool again = true; again;) {
    again = false;
    for (const std::string suffix : {"/real_time", "/process_time", "/manual_time"})
      if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        name.resize(name.size() - suffix.size());
        again = true;
      }
  }
  return name;
}

}  // namespace

std::vector<BenchmarkResult> parse_benchmark_json(const std::string& text) {
  std::vector<BenchmarkResult> results;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.contains("benchmarks")) return results;
  for (const auto& b : j["benchmarks"]) {
    if (b.value("run_type", "iteration") != "iteration" || b.value("error_occurred", false)) continue;
    BenchmarkResult r;
    r.name = without_measurement_suffixes(b.value("run_name", b.value("name", "")));
    std::string unit = b.value("time_unit", "ns");
    r.real_ns = to_ns(b.value("real_time", 0.0), unit);
    r.cpu_ns = to_ns(b.value("cpu_time", 0.0), unit);
    r.iterations = b.value("iterations", 0L);
    for (const auto& [key, value] : b.items())
      if (value.is_number() && !is_standard_field(key)) r.counters[key] = value.get<double>();
    results.push_back(std::move(r));
  }
  return results;
}

int first_usable_cpu() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) return cpu;
  return 0;
}

BenchRun run_benchmark(const BenchSpec& spec) {
  BenchRun run;
  std::filesystem::create_directories(spec.artifacts);
  const auto out = spec.artifacts / "benchmark.json";
  std::filesystem::remove(out);
  ProcessSpec process;
  process.argv = {spec.binary.string(), "--benchmark_filter=" + spec.filter,
                  "--benchmark_out=" + out.string(), "--benchmark_out_format=json",
                  "--benchmark_min_time=" + std::to_string(spec.min_time_seconds)};
  process.stdout_file = spec.artifacts / "output.txt";
  process.timeout = spec.timeout;
  process.max_file_bytes = 64ul << 20;
  process.cpus = spec.cpus;
  process.max_memory_kib = 4l << 20;
  process.max_processes = 32;
  // Its CPU time is evidence (cores busy, the machine's other load), so no
  // PID namespace of its own (see SandboxSpec::own_pids).
  process.sandbox = SandboxSpec{{spec.binary.parent_path()}, {spec.artifacts}, /*own_pids=*/false};
  run.process = run_process(process);
  if (!run.process.started) {
    run.problem = run.process.start_error;
  } else if (!run.process.limit_exceeded.empty()) {
    run.problem = run.process.limit_exceeded == "memory"
                      ? "the benchmark used more than 4 GB of memory and was stopped"
                      : "the benchmark had more than 32 processes running at once and was stopped";
  } else if (run.process.timed_out) {
    run.problem = "the benchmark did not finish within " + std::to_string(spec.timeout.count()) + " s";
  } else if (run.process.signal) {
    run.problem = "the benchmark was killed by " + describe_signal(*run.process.signal);
  } else if (run.process.exit_code != 0) {
    run.problem = "the benchmark exited with status " + std::to_string(*run.process.exit_code);
  } else {
    run.results = parse_benchmark_json(read_file(out));
    if (run.results.empty()) run.problem = "the benchmark reported no result for " + spec.filter;
  }
  run.ok = run.problem.empty();
  return run;
}

}  // namespace grader
