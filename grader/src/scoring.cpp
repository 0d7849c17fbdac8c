#include "scoring.h"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

namespace grader {
namespace {

std::string describe_outcome(const TestOutcome& outcome) {
  switch (outcome.status) {
    case TestStatus::kPassed:
      return "passed";
    case TestStatus::kNotImplemented:
      return "not implemented yet: " + outcome.detail;
    case TestStatus::kTimedOut:
      return outcome.detail + "; see \"no timeouts\" for where each thread was";
    default:
      return outcome.detail;
  }
}

Check correctness_check(const RubricTest& test, const TestOutcome& outcome, const SourceDirs& dirs) {
  Check check;
  check.name = test.name;
  check.kind = CheckKind::kCorrectness;
  check.max_points = test.points;
  bool passed = outcome.status == TestStatus::kPassed;
  check.status = passed ? CheckStatus::kPass : CheckStatus::kFail;
  check.points = passed ? test.points : 0;
  check.message = test.checks;
  check.seconds = std::chrono::duration<double>(outcome.wall).count();
  if (!passed) {
    check.file = relative_to(outcome.file, dirs.root);
    check.line = outcome.line;
    std::string described = describe_outcome(outcome);
    // A crash says where, on its first line, as a race does: the frame
    // under the student's directory that the sanitizer's report gave.
    if (outcome.status == TestStatus::kCrashed && !check.file.empty())
      described.insert(std::min(described.find('\n'), described.size()),
                       check.line > 0 ? fmt::format(" at {}:{}", check.file, check.line) : " in " + check.file);
    check.message += (check.message.empty() ? "" : "\n") + described;
  }
  return check;
}

double earned_fraction(const std::vector<Check>& tests) {
  double earned = 0;
  double max = 0;
  for (const auto& c : tests) {
    earned += c.points;
    max += c.max_points;
  }
  return max > 0 ? earned / max : 0;
}

// A check with nothing against it earns its points in proportion to the
// correctness points earned; with none earned it is skipped, with some it
// is partial (report.h).
void award_in_proportion(Check& check, double fraction, const std::string& message) {
  check.points = check.max_points * fraction;
  check.message = message;
  if (fraction < 1)
    check.message += fmt::format(" Earned in proportion to the tests passed: {:.0f}% of {:g} points.", fraction * 100,
                                 check.max_points);
  if (fraction == 0) check.status = CheckStatus::kSkipped;
  if (fraction > 0 && fraction < 1) check.status = CheckStatus::kPartial;
}

Check race_check(const Rubric& rubric, const std::vector<TestOutcome>& outcomes, double fraction,
                 const SourceDirs& dirs) {
  Check check{.name = "race-free",
              .kind = CheckKind::kRace,
              .status = CheckStatus::kPass,
              .max_points = rubric.race_free_points};
  std::set<std::string> seen;
  std::vector<std::string> tests_with_reports;
  for (const auto& outcome : outcomes) {
    bool reported = false;
    for (const auto& report : outcome.tsan_reports) {
      if (report.kind.rfind("SEGV", 0) == 0 || report.kind.rfind("ABRT", 0) == 0) continue;
      reported = true;
      // The test removed its report (test_process.h): a race all the same, told in words.
      Finding finding = report.kind == kUnreadableTsanReport ? Finding{report.kind, report.summary, "", 0}
                                                             : explain_tsan_report(report, dirs);
      if (!seen.insert(finding.key).second) continue;
      if (check.file.empty()) {
        check.file = finding.file;
        check.line = finding.line;
      }
      check.message += (check.message.empty() ? "" : "\n") + finding.message;
    }
    if (reported) tests_with_reports.push_back(outcome.name);
  }
  if (!tests_with_reports.empty()) {
    check.status = CheckStatus::kFail;
    std::string during;
    for (const auto& t : tests_with_reports) during += (during.empty() ? "" : ", ") + t;
    check.message = fmt::format("{} distinct problem(s) reported during {}:\n{}\nRaw reports: the tsan.* "
                                "files in each test's scratch/ directory under the artifacts path.",
                                seen.size(), during, check.message);
    return check;
  }
  award_in_proportion(check, fraction, "ThreadSanitizer reported no data race or synchronization error.");
  return check;
}

Check timeout_check(const Rubric& rubric, const std::vector<TestOutcome>& outcomes, double fraction,
                    const SourceDirs& dirs) {
  Check check{.name = "no timeouts",
              .kind = CheckKind::kTimeout,
              .status = CheckStatus::kPass,
              .max_points = rubric.no_timeouts_points};
  // Several tests stuck on one bug hang where each other did: the stacks
  // are shown once, with the first test that hung there.
  std::map<std::string, std::string> first_stuck_there;  // the stacks, in words -> the test
  for (const auto& outcome : outcomes) {
    if (outcome.status != TestStatus::kTimedOut) continue;
    check.status = CheckStatus::kFail;
    Finding finding = explain_stuck_threads(outcome.stacks, dirs);
    if (check.file.empty()) {
      check.file = finding.file;
      check.line = finding.line;
    }
    std::string where = fmt::format(" Where each thread was:{}", finding.message);
    // Without stacks (no gdb) two hangs only look alike: each says so itself.
    if (!outcome.stacks.empty())
      if (auto [seen, fresh] = first_stuck_there.emplace(finding.message, outcome.name); !fresh)
        where = fmt::format(" Its threads were where {}'s were.", seen->second);
    check.message += fmt::format("{}{} was stopped after {} s.{}", check.message.empty() ? "" : "\n", outcome.name,
                                 outcome.timeout.count(), where);
  }
  if (check.status == CheckStatus::kFail) {
    check.message += "\nA thread waiting forever usually means a lost wakeup (waiting on a condition "
                     "variable without a predicate, notifying before the state changed under the "
                     "lock, or changing the state outside the lock: a waiter that checked it just "
                     "before misses the change and the notify) or locks taken in opposite orders.";
    return check;
  }
  award_in_proportion(check, fraction, "Every test finished within its time limit.");
  return check;
}

}  // namespace

std::vector<Check> score_tests(const Rubric& rubric, const std::vector<TestOutcome>& outcomes, const SourceDirs& dirs) {
  std::vector<Check> checks;
  for (std::size_t i = 0; i < rubric.tests.size(); ++i)
    checks.push_back(correctness_check(rubric.tests[i], outcomes[i], dirs));
  double fraction = earned_fraction(checks);
  checks.push_back(race_check(rubric, outcomes, fraction, dirs));
  checks.push_back(timeout_check(rubric, outcomes, fraction, dirs));
  return checks;
}

ExerciseStatus exercise_status(const std::vector<TestOutcome>& outcomes, const std::vector<Check>& checks) {
  bool all_stubbed = !outcomes.empty() && std::all_of(outcomes.begin(), outcomes.end(), [](const auto& o) {
    return o.status == TestStatus::kNotImplemented;
  });
  if (all_stubbed) return ExerciseStatus::kNotImplemented;
  bool full = std::all_of(checks.begin(), checks.end(),
                          [](const Check& c) { return c.status == CheckStatus::kPass && c.points >= c.max_points; });
  // A kPartial check lost points: the exercise is not passed (it says so, not "pass").
  return full ? ExerciseStatus::kPass : ExerciseStatus::kFail;
}

}  // namespace grader
