#include "stress.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <sstream>

#include "compiled_sources.h"
#include "frame.h"
#include "parallel_for.h"
#include "process_limits.h"
#include "suite.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// Noise slows a test down (the course's tests took up to 1.3 times their
// quiet time, on a busy machine): a run is only started while this many
// times its quiet time still fits in the budget.
constexpr int kNoiseSlowdown = 2;

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ull;
  return hash;
}

std::chrono::milliseconds estimate(const StressCandidate& candidate) {
  return kNoiseSlowdown * std::max(candidate.normal_wall, std::chrono::milliseconds(1));
}

std::string replay_hint(const StressContext& context, std::uint64_t seed) {
  std::string make = context.submission == "solutions" ? "make check" : "make check SUBMISSION=" + context.submission;
  return fmt::format("{} EXERCISE={} STRESS_SEED={} (grader grade --submission {} --exercise {} --stress-seed {})",
                     make, context.exercise_id, seed, context.submission, context.exercise_id, seed);
}

// The outcome a test keeps when it failed under noise: the stress run's,
// named and explained so that every message built from it (its own check,
// "race-free", "no timeouts") says it happened under noise and how to replay it.
TestOutcome failure_outcome(const StressContext& context, const StressFailure& failure, unsigned runs) {
  TestOutcome outcome = failure.outcome;
  std::string name = outcome.name;
  outcome.name = fmt::format("{} (stress run {} under injected scheduling noise, seed {})", name, failure.run.run + 1,
                             failure.run.seed);
  std::string intro = fmt::format(
      "passed its normal run, then failed under injected scheduling noise only (stress run {} of {}, noise seed {}): "
      "a rare interleaving, such as a lost wakeup or a check-then-act race, that the noise made likely.\n"
      "Replay the same noise: {}",
      failure.run.run + 1, runs, failure.run.seed, replay_hint(context, failure.run.seed));
  outcome.detail = intro + (outcome.detail.empty() ? "" : "\n" + outcome.detail);
  return outcome;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::string describe_stress(const StressSummary& summary, const StressContext& context) {
  const StressOptions& options = context.options;
  std::string seeds = options.replay_seed != 0
                          ? fmt::format("every run with noise seed {} (--stress-seed)", options.replay_seed)
                          : fmt::format("noise seeds from --seed {}", context.grading_seed);
  std::string text = fmt::format("each test that passed ran up to {} more time(s) under injected scheduling noise, {}: "
                                 "{} run(s) in {:.1f} s",
                                 options.runs, seeds, summary.done, summary.wall.count() / 1000.0);
  // Runs stop before the budget is spent: one is started only while twice
  // its normal time still fits, so "11.6 s" beside "20 s" is no contradiction.
  if (summary.cut_short)
    text += fmt::format("; the other {} were not started, since each could run past the {} s budget "
                        "(--stress-budget: a run starts only while {} times its normal length still fits)",
                        summary.planned - summary.done, options.budget.count(), kNoiseSlowdown);
  if (!summary.too_long.empty()) text += "; not stressed, one run would not fit the budget: " + join(summary.too_long);
  if (summary.failures.empty()) return text + "; none failed";
  text += ".\nFailed only under noise (see their checks):";
  for (const auto& [index, failure] : summary.failures)
    text += fmt::format("\n  {}, stress run {}, seed {}: replay with {}", context.rubric->tests[index].name,
                        failure.run.run + 1, failure.run.seed, replay_hint(context, failure.run.seed));
  return text;
}

namespace {

// The linker names the student's file:line where a definition collides
// with the noise library's ("x.cpp:35: multiple definition of `__wrap_...'").
Check link_failure_check(const BuildResult& link, const StressContext& context) {
  Check check{.name = "stress runs", .kind = CheckKind::kInfo, .status = CheckStatus::kFail};
  std::string why = link.error ? link.error->message : link.problem;
  std::istringstream log(student_paths(read_file(link.log_file, 1 << 20), context.sources_dir));
  const std::string prefix = context.sources_dir.string() + "/";
  for (std::string line; std::getline(log, line);) {
    if (!line.starts_with(prefix)) continue;
    std::size_t colon = line.find(':', prefix.size());
    std::size_t end = colon == std::string::npos ? colon : line.find(':', colon + 1);
    if (end == std::string::npos) continue;
    check.file = relative_to(line.substr(0, colon), context.dirs.root);
    check.line = std::atoi(line.substr(colon + 1, end - colon - 1).c_str());
    why = line.substr(end + 1);
    break;
  }
  check.message = "the tests did not link with the course's scheduling-noise library, so nothing ran under "
                  "noise:" +
                  why +
                  "\nA submission must not define the linker's __wrap_ or __real_ symbols. "
                  "Full linker output: " +
                  relative_to(link.log_file.string(), context.dirs.root);
  return check;
}

}  // namespace

std::uint64_t stress_seed(unsigned grading_seed, const std::string& test, unsigned run) {
  std::uint64_t mixed = splitmix64(splitmix64(grading_seed) ^ fnv1a(test)) + run;
  return splitmix64(mixed) % 0xffffffffull + 1;  // short enough to type, never 0 (0 is "no noise")
}

bool failed_under_noise(bool normal_reported, const TestOutcome& stressed) {
  return stressed.status != TestStatus::kPassed || (!stressed.tsan_reports.empty() && !normal_reported);
}

StressSummary run_stress_schedule(const std::vector<StressCandidate>& candidates, const StressOptions& options,
                                  unsigned grading_seed, unsigned jobs, const StressRunner& run_one,
                                  const StressClock& now) {
  StressSummary summary;
  const auto start = now();
  std::vector<StressCandidate> order = candidates;
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.normal_wall < b.normal_wall; });
  // Round by round, so that a budget cut leaves every test with as many runs as the next.
  std::vector<std::pair<StressRun, const StressCandidate*>> queue;
  for (const auto& c : order)
    if (estimate(c) > options.budget) summary.too_long.push_back(c.name);
  for (unsigned round = 0; round < options.runs; ++round)
    for (const auto& c : order)
      if (estimate(c) <= options.budget) {
        std::uint64_t seed = options.replay_seed != 0 ? options.replay_seed : stress_seed(grading_seed, c.name, round);
        queue.push_back({{c.index, round, seed}, &c});
      }
  summary.planned = options.runs * static_cast<unsigned>(candidates.size());

  std::mutex mutex;
  parallel_for(queue.size(), jobs, [&](std::size_t k) {
    const auto& [run, candidate] = queue[k];
    {
      std::lock_guard lock(mutex);
      if (summary.failures.count(run.index) > 0) return;
      if (now() - start + estimate(*candidate) > options.budget) {
        summary.cut_short = true;
        return;
      }
    }
    TestOutcome outcome = run_one(run);
    std::lock_guard lock(mutex);
    ++summary.done;
    if (failed_under_noise(candidate->normal_reported, outcome) && summary.failures.count(run.index) == 0)
      summary.failures.emplace(run.index, StressFailure{run, std::move(outcome)});
  });
  summary.wall = std::chrono::duration_cast<std::chrono::milliseconds>(now() - start);
  return summary;
}

std::vector<StressCandidate> stress_candidates(const Rubric& rubric, const std::vector<TestOutcome>& outcomes) {
  std::vector<StressCandidate> candidates;
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].status == TestStatus::kPassed)
      candidates.push_back({i, rubric.tests[i].name, outcomes[i].wall, !outcomes[i].tsan_reports.empty()});
  return candidates;
}

Check stress_phase(const StressContext& context, std::vector<TestOutcome>& outcomes) {
  Check check{.name = "stress runs", .kind = CheckKind::kInfo, .status = CheckStatus::kPass};
  const Rubric& rubric = *context.rubric;
  std::vector<StressCandidate> candidates = stress_candidates(rubric, outcomes);
  if (candidates.empty()) {
    check.status = CheckStatus::kSkipped;
    check.message = "not run: no test passed";
    return check;
  }
  BuildResult link =
      context.phases->link_noise(context.tests, context.sources_dir, context.build_dir / "tsan", kLinkLimits.time);
  if (!link.ok) return link_failure_check(link, context);
  std::error_code ignored;
  fs::remove_all(context.build_dir / "stress", ignored);  // no run of an earlier grading is left to mislead
  StressRunner run_one = [&](const StressRun& run) {
    // A directory per run: two runs of one test may overlap on two jobs.
    fs::path artifacts = context.build_dir / "stress" / rubric.tests[run.index].name / std::to_string(run.run + 1);
    TestRun test_run = suite_test_run(rubric, run.index, link.binary, artifacts, context.dirs);
    test_run.noise_seed = run.seed;  // on the result channel: the environment shows no trace of the noise
    return context.phases->run(test_run);
  };
  StressSummary summary = run_stress_schedule(candidates, context.options, context.grading_seed, context.jobs, run_one);
  for (const auto& [index, failure] : summary.failures)
    outcomes[index] = failure_outcome(context, failure, context.options.runs);
  check.message = describe_stress(summary, context);
  if (!summary.failures.empty()) check.status = CheckStatus::kFail;
  return check;
}

}  // namespace grader
