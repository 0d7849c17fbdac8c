#include "performance.h"

#include <fmt/format.h>

#include <chrono>
#include <random>

#include "bench_run.h"
#include "diagnosis.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// A filter for one benchmark however it is timed ("score/real_time").
std::string exact(const std::string& name) { return "^" + name + "(/real_time|/process_time|/manual_time)*$"; }

const BenchmarkResult* find(const BenchRun& run, const std::string& name) {
  for (const auto& r : run.results)
    if (r.name == name) return &r;
  return nullptr;
}

void add_cost(RunCost& cost, const BenchRun& run, const BenchmarkResult& result) {
  cost.wall_ns += static_cast<double>(run.process.wall.count()) * 1e6;
  cost.iterations += static_cast<double>(result.iterations);
  cost.usage.user_cpu += run.process.usage.user_cpu;
  cost.usage.system_cpu += run.process.usage.system_cpu;
  cost.usage.voluntary_switches += run.process.usage.voluntary_switches;
  cost.usage.involuntary_switches += run.process.usage.involuntary_switches;
}

struct Side {
  const fs::path* binary;
  fs::path artifacts;
  RunCost* cost;
  std::vector<double> times;
};

// One scored run of one side; false (and `problem` set) when it failed.
bool run_side(Side& side, const std::string& benchmark, std::string& problem) {
  BenchRun run = run_benchmark({.binary = *side.binary, .filter = exact(benchmark), .artifacts = side.artifacts});
  const BenchmarkResult* result = run.ok ? find(run, benchmark) : nullptr;
  if (result == nullptr) {
    problem = run.ok ? "the benchmark has no result named " + benchmark : run.problem;
    return false;
  }
  side.times.push_back(result->real_ns);
  add_cost(*side.cost, run, *result);
  return true;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

void measure_pairs(const PerformanceSpec& spec, PerformanceMeasurement& m) {
  const std::string& benchmark = spec.rubric->benchmark;
  RunCost warmup;
  Side student{&spec.student_bench, spec.artifacts / "student", &m.student_cost, {}};
  Side reference{&spec.reference_bench, spec.artifacts / "reference", &m.reference_cost, {}};
  Side warm_student{&spec.student_bench, spec.artifacts / "student", &warmup, {}};
  Side warm_reference{&spec.reference_bench, spec.artifacts / "reference", &warmup, {}};
  std::string reference_problem;
  if (!run_side(warm_student, benchmark, m.problem)) return;
  if (!run_side(warm_reference, benchmark, reference_problem))
    throw std::runtime_error("the reference benchmark failed: " + reference_problem);

  std::mt19937 rng(spec.seed);
  std::vector<double> ratios;
  while (ratios.size() < spec.max_pairs) {
    bool student_first = rng() & 1;
    Side& first = student_first ? student : reference;
    Side& second = student_first ? reference : student;
    std::string& first_problem = student_first ? m.problem : reference_problem;
    std::string& second_problem = student_first ? reference_problem : m.problem;
    if (!run_side(first, benchmark, first_problem) || !run_side(second, benchmark, second_problem)) break;
    ratios.push_back(student.times.back() / reference.times.back());
    if (ratios.size() >= spec.min_pairs && summarize_ratios(ratios).spread <= kQuietSpread) break;
  }
  if (!reference_problem.empty()) throw std::runtime_error("the reference benchmark failed: " + reference_problem);
  m.summary = summarize_ratios(ratios);
  m.student_ns = median(student.times);
  m.reference_ns = median(reference.times);
}

void measure_curve(const PerformanceSpec& spec, PerformanceMeasurement& m) {
  std::string filter = spec.rubric->curve;
  if (!spec.rubric->baseline.empty()) filter = "(" + filter + ")|" + exact(spec.rubric->baseline);
  BenchRun student = run_benchmark({.binary = spec.student_bench, .filter = filter, .artifacts = spec.artifacts / "student-curve"});
  BenchRun reference = run_benchmark({.binary = spec.reference_bench, .filter = filter, .artifacts = spec.artifacts / "reference-curve"});
  for (const auto& r : reference.results) {
    const BenchmarkResult* s = find(student, r.name);
    m.curve.push_back({r.name, s ? s->real_ns : 0, r.real_ns});
  }
}

void measure_one_core(const PerformanceSpec& spec, PerformanceMeasurement& m) {
  BenchSpec pinned{.binary = spec.student_bench, .filter = exact(spec.rubric->benchmark),
                   .artifacts = spec.artifacts / "student-one-core", .cpus = {first_usable_cpu()}};
  BenchRun run = run_benchmark(pinned);
  if (const BenchmarkResult* r = run.ok ? find(run, spec.rubric->benchmark) : nullptr) m.student_one_core_ns = r->real_ns;
}

std::string ms(double ns) { return ns > 0 ? fmt::format("{:.1f} ms", ns / 1e6) : "-"; }

std::string curve_table(const PerformanceMeasurement& m, const PerformanceRubric& rubric) {
  if (m.curve.empty()) return "";
  double student_base = 0;
  double reference_base = 0;
  for (const auto& row : m.curve)
    if (row.name == rubric.baseline) {
      student_base = row.student_ns;
      reference_base = row.reference_ns;
    }
  auto speedup = [](double base, double t) { return base > 0 && t > 0 ? fmt::format("{:.2f}x", base / t) : ""; };
  std::string out = fmt::format("\n  {:<28} {:>10} {:>7}   {:>10} {:>7}", "benchmark", "yours", "speedup", "reference", "speedup");
  for (const auto& row : m.curve)
    out += fmt::format("\n  {:<28} {:>10} {:>7}   {:>10} {:>7}", row.name, ms(row.student_ns),
                       speedup(student_base, row.student_ns), ms(row.reference_ns), speedup(reference_base, row.reference_ns));
  return out;
}

}  // namespace

PerformanceMeasurement measure_performance(const PerformanceSpec& spec) {
  PerformanceMeasurement m;
  m.seed = spec.seed;
  NoiseSample before = sample_noise();
  auto start = std::chrono::steady_clock::now();
  measure_pairs(spec, m);
  if (!m.problem.empty()) return m;
  if (!spec.rubric->curve.empty()) measure_curve(spec, m);
  if (spec.cores > 1) measure_one_core(spec, m);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.noise = noise_between(before, sample_noise(), seconds);
  return m;
}

Check performance_check(const PerformanceMeasurement& m, const PerformanceRubric& rubric, unsigned cores) {
  Check check{"performance", CheckKind::kPerformance, CheckStatus::kFail, 0, rubric.points, "", "", 0};
  if (!m.problem.empty()) {
    check.message = "your benchmark could not be measured: " + m.problem;
    return check;
  }
  double ratio = m.summary.median_ratio;
  check.points = speed_points(ratio, rubric.full_at, rubric.zero_at, rubric.points);
  check.status = check.points > 0 ? CheckStatus::kPass : CheckStatus::kFail;
  check.message = fmt::format(
      "{}: yours {}, reference {} — {:.2f}x the reference's time (median of {} pairs, spread {:.0f}%, "
      "confidence {}). Full points up to {:.2f}x, none from {:.2f}x.",
      rubric.benchmark, ms(m.student_ns), ms(m.reference_ns), ratio, m.summary.pairs, m.summary.spread * 100,
      confidence(m.summary), rubric.full_at, rubric.zero_at);
  check.message += curve_table(m, rubric);
  if (m.student_one_core_ns > 0)
    check.message += fmt::format("\n  One core: {}; all {} cores: {} — {:.2f}x from parallelism.", ms(m.student_one_core_ns),
                                 cores, ms(m.student_ns), m.student_one_core_ns / m.student_ns);
  check.message += "\n  " + diagnose(m, cores, rubric.full_at);
  check.message += fmt::format("\n  Machine: {}; pair order seed {}.", describe_noise(m.noise), m.seed);
  return check;
}

}  // namespace grader
