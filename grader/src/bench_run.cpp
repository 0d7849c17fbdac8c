#include "bench_run.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cpus.h"
#include "process_limits.h"
#include "result_channel.h"
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
  static const char* kFields[] = {"name",
                                  "family_index",
                                  "per_family_instance_index",
                                  "run_name",
                                  "run_type",
                                  "repetitions",
                                  "repetition_index",
                                  "threads",
                                  "iterations",
                                  "real_time",
                                  "cpu_time",
                                  "time_unit",
                                  "aggregate_name",
                                  "aggregate_unit",
                                  "error_occurred",
                                  "error_message"};
  for (const char* f : kFields)
    if (key == f) return true;
  return false;
}

// "score/real_time", "score/process_time/real_time" and
// "score/iterations:3/process_time/real_time" are the benchmark "score"
// measured in a particular way; the rubric names the benchmark.
bool is_measurement_suffix(const std::string& segment) {
  return segment == "real_time" || segment == "process_time" || segment == "manual_time" ||
         segment.rfind("iterations:", 0) == 0;
}

std::string without_measurement_suffixes(std::string name) {
  for (auto slash = name.rfind('/'); slash != std::string::npos && is_measurement_suffix(name.substr(slash + 1));
       slash = name.rfind('/'))
    name.resize(slash);
  return name;
}

// An error message is the benchmark's words, shown in the report: a few
// hundred bytes are enough, cut where a UTF-8 character begins.
constexpr std::size_t kMaxErrorBytes = 400;

std::string bounded_message(std::string message) {
  if (message.size() <= kMaxErrorBytes) return message;
  std::size_t end = kMaxErrorBytes;
  while (end > 0 && (static_cast<unsigned char>(message[end]) & 0xC0) == 0x80) --end;
  message.resize(end);
  return message + " ...";
}

}  // namespace

std::vector<BenchmarkResult> parse_benchmark_json(const std::string& text) {
  std::vector<BenchmarkResult> results;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("benchmarks") || !j["benchmarks"].is_array()) return results;
  for (const auto& b : j["benchmarks"]) {
    // An entry of the wrong shape (fields of the wrong type) is no result.
    if (!b.is_object()) continue;
    try {
      if (b.value("run_type", "iteration") != "iteration") continue;
      BenchmarkResult r;
      r.name = without_measurement_suffixes(b.value("run_name", b.value("name", "")));
      if (b.value("error_occurred", false)) {
        r.error = bounded_message(b.value("error_message", ""));
        if (r.error.empty()) r.error = "the benchmark stopped with an error";
        results.push_back(std::move(r));
        continue;
      }
      std::string unit = b.value("time_unit", "ns");
      r.real_ns = to_ns(b.value("real_time", 0.0), unit);
      r.cpu_ns = to_ns(b.value("cpu_time", 0.0), unit);
      r.iterations = b.value("iterations", 0L);
      for (const auto& [key, value] : b.items())
        if (value.is_number() && !is_standard_field(key)) r.counters[key] = value.get<double>();
      results.push_back(std::move(r));
    } catch (const nlohmann::json::exception&) {
      continue;
    }
  }
  return results;
}

std::string exact_filter(const std::string& name) {
  return "^" + name + "(/iterations:[0-9]+|/real_time|/process_time|/manual_time)*$";
}

int first_usable_cpu() {
  std::vector<int> cpus = usable_cpus();
  return cpus.empty() ? 0 : cpus.front();
}

namespace {

// The results the program sent on the channel; empty when it sent none.
std::string channel_json(const std::vector<std::string>& messages) {
  const std::string kind = "benchmarks ";
  for (const std::string& message : messages)
    if (message.compare(0, kind.size(), kind) == 0) return message.substr(kind.size());
  return "";
}

}  // namespace

BenchRun run_benchmark(const BenchSpec& spec) {
  BenchRun run;
  // The artifacts directory is the grader's (output.txt is opened by the
  // grader before the start); the benchmark sees only a fresh, empty
  // scratch directory in it, so it cannot plant a link where the grader writes.
  const std::filesystem::path scratch = spec.artifacts / "scratch";
  std::error_code ignored;
  std::filesystem::remove_all(scratch, ignored);
  std::filesystem::remove(spec.artifacts / "output.txt", ignored);  // a link, never followed
  std::filesystem::create_directories(scratch);
  ResultChannel channel(/*noise_seed=*/0, /*max_bytes=*/16 << 20);
  ProcessSpec process;
  process.argv = {spec.binary.string(), "--benchmark_filter=" + spec.filter};
  process.argv.push_back(spec.iterations > 0 ? "--course_iterations=" + std::to_string(spec.iterations)
                                             : "--benchmark_min_time=" + std::to_string(spec.min_time_seconds));
  if (spec.seed) process.argv.push_back("--course_seed=" + std::to_string(*spec.seed));
  channel.hand_over(process);
  process.stdout_file = spec.artifacts / "output.txt";
  process.timeout = spec.timeout;
  process.max_file_bytes = 64ul << 20;
  process.cpus = spec.cpus;
  process.max_memory_kib = kBenchLimits.memory_kib;
  process.max_processes = kBenchLimits.processes;
  // Its CPU time is evidence (cores busy, the machine's other load): the
  // sandbox's init reports it (sandbox.h).
  process.sandbox = SandboxSpec{{spec.binary.parent_path()}, {scratch}};
  run.process = run_process(process);
  const std::vector<std::string> messages = channel.finish();
  if (!run.process.started) {
    run.problem = run.process.start_error;
  } else if (!run.process.limit_exceeded.empty()) {
    run.problem =
        run.process.limit_exceeded == "memory"
            ? fmt::format("the benchmark used more than {} GB of memory and was stopped", kBenchLimits.memory_kib >> 20)
            : fmt::format("the benchmark had more than {} processes running at once and was stopped",
                          kBenchLimits.processes);
  } else if (run.process.timed_out) {
    run.problem = "the benchmark did not finish within " + std::to_string(spec.timeout.count()) + " s";
  } else if (run.process.signal) {
    run.problem = "the benchmark was killed by " + describe_signal(*run.process.signal);
  } else if (run.process.exit_code != 0) {
    run.problem = "the benchmark exited with status " + std::to_string(*run.process.exit_code);
  } else {
    std::string json = channel_json(messages);
    run.results = parse_benchmark_json(json);
    if (json.empty())
      run.problem = "the benchmark ended without reporting its results on the grader's channel: does your code "
                    "end the program (exit, quick_exit, abort) or replace main()?";
    else if (run.results.empty()) run.problem = "the benchmark reported no result for " + spec.filter;
  }
  run.ok = run.problem.empty();
  return run;
}

}  // namespace grader
