#include "performance.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "bench_run.h"
#include "curve.h"
#include "diagnosis.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// A run whose CPU time is at most this many times its wall time kept about
// one core busy.
constexpr double kOneCoreBusy = 1.15;
// ... and one whose CPU time is at least this many times its wall time
// clearly used more than one.
constexpr double kMoreThanOneCore = 1.25;

// The result named `name`, also when it ended with an error.
const BenchmarkResult* find(const BenchRun& run, const std::string& name) {
  for (const auto& r : run.results)
    if (r.name == name) return &r;
  return nullptr;
}

// ... and only when it has times.
const BenchmarkResult* find_timed(const BenchRun& run, const std::string& name) {
  const BenchmarkResult* r = find(run, name);
  return r != nullptr && r->error.empty() ? r : nullptr;
}

constexpr char kWrongResults[] = "wrong results";

bool says_wrong_results(const std::string& error) { return error.rfind(kWrongResults, 0) == 0; }

// A seed for one run's inputs (or one pair's), unknown to the submission
// until its process starts.
std::uint64_t draw_input_seed() {
  std::random_device device;
  return (std::uint64_t{device()} << 32) | device();
}

// The first of `runs` whose benchmark found wrong results, into `m`.
void note_wrong_results(const BenchRun& run, std::uint64_t seed, PerformanceMeasurement& m) {
  for (const auto& r : run.results)
    if (says_wrong_results(r.error)) {
      m.problem = r.name + ": " + r.error;
      m.wrong_results = true;
      m.problem_seed = seed;
      return;
    }
}

void add_cost(RunCost& cost, const BenchRun& run, const BenchmarkResult& result) {
  cost.wall_ns += static_cast<double>(run.process.wall.count()) * 1e6;
  cost.iterations += static_cast<double>(result.iterations);
  cost.usage.user_cpu += run.process.usage.user_cpu;
  cost.usage.system_cpu += run.process.usage.system_cpu;
  cost.usage.voluntary_switches += run.process.usage.voluntary_switches;
  cost.usage.involuntary_switches += run.process.usage.involuntary_switches;
}

double cpu_seconds(const Usage& usage) {
  return static_cast<double>((usage.user_cpu + usage.system_cpu).count()) / 1e6;
}

double grader_cpu_seconds() {
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(self.ru_utime) + seconds(self.ru_stime);
}

// A benchmark run, and how many cores' worth of other programs' load the
// grader's cores carried meanwhile (the grader's own watching of the run,
// polling and /proc, is not other load).
struct WatchedRun {
  BenchRun run;
  double other_load = 0;
};

WatchedRun run_watched(const BenchSpec& spec) {
  CpuTicks before = sample_cpu_ticks();
  double grader_before = grader_cpu_seconds();
  WatchedRun watched{.run = run_benchmark(spec)};
  double grader_cpu = grader_cpu_seconds() - grader_before;
  CpuTicks after = sample_cpu_ticks();
  const ProcessResult& process = watched.run.process;
  watched.other_load = other_load(before, after, cpu_seconds(process.usage) + grader_cpu,
                                  std::chrono::duration<double>(process.wall).count());
  return watched;
}

// Other programs using more than this share of a core during a run leave
// it out (a pair, a round of the curve), while undisturbed ones can be had.
constexpr double kDisturbingLoad = 0.25;

// One run of the scored benchmark: its figures, what the run cost, and how
// much else was running on the grader's cores meanwhile.
struct RunSample {
  double real_ns = 0;
  double cpu_ns = 0;
  double wall_ns = 0;   // the whole process, on the grader's clock
  double timed_ns = 0;  // the part of it the benchmark says it timed: real_ns x iterations
  double other_load = 0;
  RunCost cost;
};

// What went wrong with a run, when something did.
struct RunProblem {
  std::string text;            // empty: nothing
  bool wrong_results = false;  // the benchmark found the code's answers wrong
  std::uint64_t seed = 0;
  bool set(std::string what, bool wrong, std::uint64_t run_seed) {
    text = std::move(what);
    wrong_results = wrong;
    seed = run_seed;
    return false;
  }
};

// One scored run of `binary` on the inputs drawn from `seed`; false (and
// `problem` set) when it failed.
bool run_once(const fs::path& binary, const fs::path& artifacts, const PerformanceRubric& rubric, std::uint64_t seed,
              RunSample& sample, RunProblem& problem) {
  const std::string& benchmark = rubric.benchmark;
  WatchedRun watched = run_watched({.binary = binary,
                                    .filter = exact_filter(benchmark),
                                    .artifacts = artifacts,
                                    .iterations = rubric.score_iterations,
                                    .seed = seed});
  const BenchRun& run = watched.run;
  const BenchmarkResult* result = run.ok ? find(run, benchmark) : nullptr;
  if (result == nullptr)
    return problem.set(run.ok ? "the benchmark has no result named " + benchmark : run.problem, false, seed);
  if (!result->error.empty())
    return problem.set(benchmark + ": " + result->error, says_wrong_results(result->error), seed);
  sample.real_ns = result->real_ns;
  sample.cpu_ns = result->cpu_ns;
  sample.wall_ns = static_cast<double>(run.process.wall.count()) * 1e6;
  sample.timed_ns = result->real_ns * static_cast<double>(result->iterations);
  sample.other_load = watched.other_load;
  add_cost(sample.cost, run, *result);
  return true;
}

struct Pair {
  RunSample student;
  RunSample reference;
  double ratio() const { return student.real_ns / reference.real_ns; }
  double wall_ratio() const { return student.wall_ns / reference.wall_ns; }
  double other_load() const { return std::max(student.other_load, reference.other_load); }
};

template <typename Field>
std::vector<double> each(const std::vector<Pair>& pairs, Field field) {
  std::vector<double> values;
  for (const Pair& p : pairs) values.push_back(field(p));
  return values;
}

void add_run_cost(RunCost& total, const RunCost& run) {
  total.wall_ns += run.wall_ns;
  total.iterations += run.iterations;
  total.usage.user_cpu += run.usage.user_cpu;
  total.usage.system_cpu += run.usage.system_cpu;
  total.usage.voluntary_switches += run.usage.voluntary_switches;
  total.usage.involuntary_switches += run.usage.involuntary_switches;
}

void summarize_pairs(const std::vector<Pair>& scored, PerformanceMeasurement& m) {
  m.summary = summarize_ratios(each(scored, [](const Pair& p) { return p.ratio(); }));
  m.student_ns = median(each(scored, [](const Pair& p) { return p.student.real_ns; }));
  m.reference_ns = median(each(scored, [](const Pair& p) { return p.reference.real_ns; }));
  m.student_cpu_ns = median(each(scored, [](const Pair& p) { return p.student.cpu_ns; }));
  m.reference_cpu_ns = median(each(scored, [](const Pair& p) { return p.reference.cpu_ns; }));
  double load = 0;
  for (const Pair& p : scored) {
    add_run_cost(m.student_cost, p.student.cost);
    add_run_cost(m.reference_cost, p.reference.cost);
    load += p.other_load();
  }
  m.other_load = scored.empty() ? 0 : load / static_cast<double>(scored.size());
}

// A program may lie about its own times (a clock_gettime of its own, work
// moved out of the timed loop); the grader's clock around the process
// cannot be fooled. With a fixed iteration count, the iterations are nearly
// all a process does, for the reference and for honest code alike. When the
// student's reported times cover clearly less of its process's time than
// the reference's do, the pairs are scored on the grader's clock instead:
// whole-process wall times, start-up included.
constexpr double kUntimedTolerance = 1.25;

void check_clocks(const std::vector<Pair>& scored, long iterations, PerformanceMeasurement& m) {
  auto untimed = [](const RunSample& r) { return r.timed_ns > 0 ? r.wall_ns / r.timed_ns : 1e9; };
  m.student_untimed = median(each(scored, [&](const Pair& p) { return untimed(p.student); }));
  m.reference_untimed = median(each(scored, [&](const Pair& p) { return untimed(p.reference); }));
  if (m.student_untimed <= kUntimedTolerance * m.reference_untimed) return;
  m.timed_by_grader = true;
  const double n = static_cast<double>(std::max(1l, iterations));
  auto per_run = [n](double ns) { return ns / n; };
  auto cpu_ns = [](const RunSample& r) { return cpu_seconds(r.cost.usage) * 1e9; };
  m.summary = summarize_ratios(each(scored, [](const Pair& p) { return p.wall_ratio(); }));
  m.student_ns = per_run(median(each(scored, [](const Pair& p) { return p.student.wall_ns; })));
  m.reference_ns = per_run(median(each(scored, [](const Pair& p) { return p.reference.wall_ns; })));
  m.student_cpu_ns = per_run(median(each(scored, [&](const Pair& p) { return cpu_ns(p.student); })));
  m.reference_cpu_ns = per_run(median(each(scored, [&](const Pair& p) { return cpu_ns(p.reference); })));
}

// Pairs until the undisturbed ones agree (at least min_pairs of them, ratios
// within kQuietSpread), settle a zero (speed_score.h), or max_pairs of them
// are in; disturbed pairs are retaken, up to as many again. With too few
// undisturbed pairs, all count.
void measure_pairs(const PerformanceSpec& spec, PerformanceMeasurement& m) {
  const PerformanceRubric& benchmark = *spec.rubric;
  const fs::path student_dir = spec.artifacts / "student";
  const fs::path reference_dir = spec.artifacts / "reference";
  RunProblem student_problem;
  RunProblem reference_problem;
  auto give_up = [&m, &student_problem] {
    m.problem = student_problem.text;
    m.wrong_results = student_problem.wrong_results;
    m.problem_seed = student_problem.seed;
  };
  RunSample warmup;
  const std::uint64_t warmup_seed = draw_input_seed();
  if (!run_once(spec.student_bench, student_dir, benchmark, warmup_seed, warmup, student_problem)) return give_up();
  if (!run_once(spec.reference_bench, reference_dir, benchmark, warmup_seed, warmup, reference_problem))
    throw std::runtime_error("the reference benchmark failed: " + reference_problem.text);

  std::mt19937 rng(spec.seed);
  std::vector<Pair> all;
  std::vector<Pair> clean;
  while (clean.size() < spec.max_pairs && all.size() < 2 * spec.max_pairs) {
    Pair pair;
    const std::uint64_t seed = draw_input_seed();
    m.input_seeds.push_back(seed);
    bool student_first = rng() & 1;
    for (int turn = 0; turn < 2; ++turn) {
      bool student_turn = (turn == 0) == student_first;
      bool ok = student_turn
                    ? run_once(spec.student_bench, student_dir, benchmark, seed, pair.student, student_problem)
                    : run_once(spec.reference_bench, reference_dir, benchmark, seed, pair.reference, reference_problem);
      if (!reference_problem.text.empty())
        throw std::runtime_error("the reference benchmark failed: " + reference_problem.text);
      if (!ok) return give_up();
    }
    all.push_back(pair);
    if (pair.other_load() <= kDisturbingLoad) clean.push_back(pair);
    const std::vector<double> ratios = each(clean, [](const Pair& p) { return p.ratio(); });
    if (settled_at_zero(ratios, benchmark.zero_at)) {
      m.settled_at_zero = true;
      break;
    }
    if (clean.size() >= spec.min_pairs && summarize_ratios(ratios).spread <= kQuietSpread) break;
  }
  m.busy_machine = clean.size() < spec.min_pairs && !m.settled_at_zero;
  m.disturbed_pairs = all.size() - clean.size();
  summarize_pairs(m.busy_machine ? all : clean, m);
  check_clocks(m.busy_machine ? all : clean, benchmark.score_iterations, m);
}

// The curve in kCurveRounds rounds (curve.h), each on inputs of its own,
// the student's and the reference's runs in random order within a round.
void measure_curve(const PerformanceSpec& spec, PerformanceMeasurement& m) {
  std::string filter = spec.rubric->curve;
  if (!spec.rubric->baseline.empty()) filter = "(" + filter + ")|" + exact_filter(spec.rubric->baseline);
  std::mt19937 rng(spec.seed + 1);
  std::vector<std::string> names;  // the reference's points, in its order
  std::map<std::string, std::vector<CurveSample>> student;
  std::map<std::string, std::vector<CurveSample>> reference;
  for (int round = 0; round < kCurveRounds && m.problem.empty(); ++round) {
    const std::uint64_t seed = draw_input_seed();
    const bool student_first = rng() & 1;
    for (int turn = 0; turn < 2; ++turn) {
      const bool student_turn = (turn == 0) == student_first;
      const std::string side = student_turn ? "student" : "reference";
      WatchedRun watched = run_watched({.binary = student_turn ? spec.student_bench : spec.reference_bench,
                                        .filter = filter,
                                        .artifacts = spec.artifacts / fmt::format("{}-curve-{}", side, round + 1),
                                        .min_time_seconds = BenchSpec{}.min_time_seconds / kCurveRounds,
                                        .seed = seed});
      // The curve is not scored, but code that is wrong at some thread
      // count has not earned the points of being fast at another.
      if (student_turn) note_wrong_results(watched.run, seed, m);
      for (const BenchmarkResult& r : watched.run.results) {
        if (!r.error.empty()) continue;
        if (!student_turn && std::find(names.begin(), names.end(), r.name) == names.end()) names.push_back(r.name);
        (student_turn ? student : reference)[r.name].push_back(
            {.ns = r.real_ns, .disturbed = watched.other_load > kDisturbingLoad, .counters = r.counters});
      }
    }
  }
  for (const std::string& name : names) m.curve.push_back(curve_point(name, student[name], reference[name]));
}

void measure_one_core(const PerformanceSpec& spec, PerformanceMeasurement& m) {
  const std::uint64_t seed = draw_input_seed();
  BenchSpec pinned{.binary = spec.student_bench,
                   .filter = exact_filter(spec.rubric->benchmark),
                   .artifacts = spec.artifacts / "student-one-core",
                   .cpus = {first_usable_cpu()},
                   .seed = seed};
  BenchRun run = run_benchmark(pinned);
  note_wrong_results(run, seed, m);
  if (const BenchmarkResult* r = run.ok ? find_timed(run, spec.rubric->benchmark) : nullptr)
    m.student_one_core_ns = r->real_ns;
}

std::string ms(double ns) { return ns > 0 ? fmt::format("{:.1f} ms", ns / 1e6) : "-"; }

// The benchmarks' own counters (for a pipeline: throughput as a fraction of
// the bound, how busy each stage was), yours / the reference's.
std::string counter_table(const PerformanceMeasurement& m, const PerformanceRubric& rubric) {
  if (rubric.counters.empty()) return "";
  auto value = [](const std::map<std::string, double>& counters, const std::string& name) {
    auto it = counters.find(name);
    return it == counters.end() ? std::string("-") : fmt::format("{:.2f}", it->second);
  };
  std::string out = fmt::format("\n  {:<28}", "yours / reference");
  for (const auto& name : rubric.counters) out += fmt::format(" {:>18}", name);
  for (const auto& row : m.curve) {
    out += fmt::format("\n  {:<28}", row.name);
    for (const auto& name : rubric.counters)
      out += fmt::format(" {:>18}", value(row.student_counters, name) + " / " + value(row.reference_counters, name));
  }
  return out;
}

// "12.3 ms ±4%": a curve point's median time and half its rounds' range,
// as a share of the median; no ± when only one round counted.
std::string ms_spread(double ns, double low_ns, double high_ns) {
  if (ns <= 0 || high_ns <= low_ns) return ms(ns);
  return fmt::format("{} ±{:.0f}%", ms(ns), 50 * (high_ns - low_ns) / ns);
}

std::string curve_table(const PerformanceMeasurement& m, const PerformanceRubric& rubric) {
  if (m.curve.empty()) return "";
  double student_base = 0;
  double reference_base = 0;
  bool any_disturbed = false;
  for (const auto& row : m.curve) {
    if (row.name == rubric.baseline) {
      student_base = row.student_ns;
      reference_base = row.reference_ns;
    }
    any_disturbed = any_disturbed || row.disturbed;
  }
  auto speedup = [](double base, double t) { return base > 0 && t > 0 ? fmt::format("{:.2f}x", base / t) : ""; };
  std::string out = fmt::format(
      "\n  Speedup curve: each time is the median of {} runs, ± half their range.\n  {:<28} {:>16} {:>7}   {:>16} "
      "{:>7}",
      kCurveRounds, "benchmark", "yours", "speedup", "reference", "speedup");
  for (const auto& row : m.curve)
    out += fmt::format("\n  {:<28} {:>16} {:>7}   {:>16} {:>7}{}", row.name,
                       ms_spread(row.student_ns, row.student_low_ns, row.student_high_ns),
                       speedup(student_base, row.student_ns),
                       ms_spread(row.reference_ns, row.reference_low_ns, row.reference_high_ns),
                       speedup(reference_base, row.reference_ns), row.disturbed ? " *" : "");
  if (any_disturbed) out += "\n  * measured while other programs loaded the machine in every round: read it with care.";
  return out + counter_table(m, rubric);
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
  if (m.problem.empty() && spec.cores > 1) measure_one_core(spec, m);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.noise = noise_between(before, sample_noise(), seconds);
  m.seconds = seconds;
  return m;
}

double cores_busy(double cpu_ns, double wall_ns) { return wall_ns > 0 ? cpu_ns / wall_ns : 0; }

bool fairly_measured(const PerformanceMeasurement& m, unsigned cores) {
  return !m.busy_machine || cores < 2 || cores_busy(m.reference_cpu_ns, m.reference_ns) >= kMoreThanOneCore;
}

double scored_ratio(const PerformanceMeasurement& m, unsigned cores) {
  double ratio = m.summary.median_ratio;
  if (!m.busy_machine || cores < 2 || m.student_ns <= 0 || m.reference_ns <= 0) return ratio;
  if (cores_busy(m.student_cpu_ns, m.student_ns) > kOneCoreBusy ||
      cores_busy(m.reference_cpu_ns, m.reference_ns) < kMoreThanOneCore)
    return ratio;
  double quiet_reference_ns = m.reference_cpu_ns / cores;
  return std::max(ratio, m.student_ns / quiet_reference_ns);
}

// The sentence on how the machine's load was handled.
std::string load_note(const PerformanceMeasurement& m, double ratio, unsigned cores) {
  if (!fairly_measured(m, cores))
    return fmt::format(
        "\n  The machine was too busy to show parallelism: other programs used {:.1f} of the {} cores, leaving "
        "even the reference about one core, so this compares one-core runs. (Your tests have shown the "
        "parallel structure; grade again on a quiet machine for the speedup figures.)",
        m.other_load, cores);
  if (m.busy_machine) {
    std::string note = fmt::format(
        "\n  The machine was busy: other programs used {:.1f} cores' worth while we measured, so every pair "
        "counted and figures for parallel code read low. For a firm figure, grade again on a quiet machine.",
        m.other_load);
    if (ratio > m.summary.median_ratio)
      note += fmt::format(" Your code kept about one core busy while the reference kept more, so it is scored "
                          "against the reference's CPU time spread over every core: {:.2f}x.",
                          ratio);
    return note;
  }
  if (m.disturbed_pairs > 0)
    return fmt::format("\n  {} pair(s) left out and taken again: another program loaded the cores meanwhile.",
                       m.disturbed_pairs);
  return "";
}

std::string measurement_confidence(const PerformanceMeasurement& m) {
  if (m.settled_at_zero) return "high";
  return m.busy_machine ? "low" : confidence(m.summary);
}

PerformanceFigures performance_figures(const PerformanceMeasurement& m, const PerformanceRubric& rubric,
                                       unsigned cores) {
  PerformanceFigures f;
  f.benchmark = rubric.benchmark;
  f.ratio = scored_ratio(m, cores);
  f.measured_ratio = m.summary.median_ratio;
  f.student_ns = m.student_ns;
  f.reference_ns = m.reference_ns;
  f.pairs = m.summary.pairs;
  f.spread = m.summary.spread;
  f.confidence = measurement_confidence(m);
  f.busy_machine = m.busy_machine;
  f.other_load = m.other_load;
  f.one_core_ns = m.student_one_core_ns;
  f.cores = cores;
  f.bottleneck = f.cause = "unknown";
  if (fairly_measured(m, cores)) {
    Evidence e = gather_evidence(m);
    Bottleneck bottleneck = classify(e, f.ratio, rubric.full_at);
    f.bottleneck = to_string(bottleneck);
    f.cause = to_string(cause_of(bottleneck));
    if (bottleneck != Bottleneck::kNone) f.cause_confidence = clear_evidence(e, bottleneck) ? "likely" : "possible";
  }
  f.curve = m.curve;
  f.timed_by = m.timed_by_grader ? "grader" : "benchmark";
  f.seed = m.seed;
  f.input_seeds = m.input_seeds;
  f.seconds = m.seconds;
  return f;
}

Check performance_check(const PerformanceMeasurement& m, const PerformanceRubric& rubric, unsigned cores) {
  Check check{.name = "performance",
              .kind = CheckKind::kPerformance,
              .status = CheckStatus::kFail,
              .max_points = rubric.points};
  if (m.wrong_results) {
    // "score: wrong results: bin 3 ..." reads "... wrong results in score: bin 3 ...".
    std::string what = m.problem;
    if (auto at = what.find(": wrong results: "); at != std::string::npos) what.replace(at, 17, ": ");
    check.message = fmt::format(
        "fast but wrong, no speed points: the benchmark found wrong results in {}\n  The benchmark draws fresh "
        "inputs on every run and checks every answer it times against what the course computes itself. Your "
        "code passes the tests but not on the benchmark's inputs: look at what differs there (larger inputs, "
        "other values, more repetitions, the -O2 build without the sanitizer). That run's inputs came from "
        "seed {}: the benchmark program replays them with --course_seed={}.",
        what, m.problem_seed, m.problem_seed);
    return check;
  }
  if (!m.problem.empty()) {
    check.message = "your benchmark could not be measured: " + m.problem;
    return check;
  }
  double ratio = scored_ratio(m, cores);
  check.points = speed_points(ratio, rubric.full_at, rubric.zero_at, rubric.points);
  // Between the rubric's zero and full ratios: slower, not wrong (report.h's kPartial).
  check.status = check.points <= 0                        ? CheckStatus::kFail
                 : check.points + 1e-9 < check.max_points ? CheckStatus::kPartial
                                                          : CheckStatus::kPass;
  check.message = fmt::format(
      "{}: yours {}, reference {} (median times) — {:.2f}x the reference's time: the median of your time / "
      "the reference's over {} pairs of runs back to back (spread {:.0f}%, confidence {}). Full points up to "
      "{:.2f}x, none from {:.2f}x.",
      rubric.benchmark, ms(m.student_ns), ms(m.reference_ns), m.summary.median_ratio, m.summary.pairs,
      m.summary.spread * 100, measurement_confidence(m), rubric.full_at, rubric.zero_at);
  if (m.settled_at_zero)
    check.message +=
        fmt::format(" Each of those pairs was past {:.2f}x: more could not earn a point, so none were taken.",
                    rubric.zero_at * (1 + kQuietSpread));
  if (m.timed_by_grader)
    check.message += fmt::format(
        "\n  Scored on the grader's clock: the times your benchmark reported cover only {:.0f}% of the time its "
        "process ran, against {:.0f}% for the reference, so the times above are whole-process wall times per run "
        "(start-up included); the curve below is only what your benchmark reported. Keep the work inside the "
        "timed loop, and leave the clock alone.",
        100 / m.student_untimed, 100 / m.reference_untimed);
  check.message += load_note(m, ratio, cores);
  check.message += curve_table(m, rubric);
  if (m.student_one_core_ns > 0 && !m.timed_by_grader)
    check.message +=
        fmt::format("\n  One core: {}; all {} cores: {} — {:.2f}x from parallelism.", ms(m.student_one_core_ns), cores,
                    ms(m.student_ns), m.student_one_core_ns / m.student_ns);
  check.message += fairly_measured(m, cores) ? "\n  " + diagnose(m, ratio, cores, rubric.full_at)
                                             : "\n  Diagnosis: none on a machine this busy.\n  " +
                                                   describe_evidence(gather_evidence(m), cores);
  check.message += fmt::format("\n  Machine: {}; pair order seed {}; measured in {:.0f} s.", describe_noise(m.noise),
                               m.seed, m.seconds);
  return check;
}

}  // namespace grader
