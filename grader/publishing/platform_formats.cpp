#include "platform_formats.h"

#include <fmt/format.h>

#include <cmath>

#include "json_text.h"
#include "points.h"

namespace grader {
namespace {

bool lost_points(const Check& c) { return c.status == CheckStatus::kFail || c.points + 1e-9 < c.max_points; }

// Lost points and is shown as failed: a partial check (report.h) lost some
// but found nothing wrong, and reads as earned (Classroom "pass", Gradescope
// "passed", JUnit without <failure>), its message opening with the word.
bool failed(const Check& c) { return c.status != CheckStatus::kPartial && lost_points(c); }

std::string partial_words(const Check& c) {
  return fmt::format("partial: {:g} of {:g} points; this check found nothing wrong itself.\n", round_points(c.points),
                     round_points(c.max_points));
}

// "ex02 / race-free": one name for a check on every platform.
std::string check_name(const ExerciseResult& e, const Check& c) { return "ex" + e.id + " / " + c.name; }

// What a student needs beside the points: the message, and where to look.
// Bounded, like report.json's (see report.cpp); the bytes are made text by
// dump_json() for the JSON formats and by xml_escape() for JUnit.
std::string explanation(const Check& c) {
  std::string text =
      (c.status == CheckStatus::kPartial ? partial_words(c) : "") + bounded_text(c.message, kMaxMessageBytes);
  if (!c.file.empty()) text += "\n-> " + bounded_text(c.file, 4096) + (c.line > 0 ? ":" + std::to_string(c.line) : "");
  return text;
}

}  // namespace

nlohmann::json to_classroom(const Report& report) {
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& e : report.exercises)
    for (const auto& c : e.checks) {
      if (c.max_points <= 0 && c.status != CheckStatus::kFail) continue;  // a build that worked
      nlohmann::json t = {{"name", check_name(e, c)},
                          {"status", failed(c) ? "fail" : "pass"},
                          {"score", round_points(c.points)},
                          {"max_score", round_points(c.max_points)},
                          {"message", explanation(c)},
                          {"test_code", ""},
                          {"filename", c.file},
                          {"line_no", c.line}};
      tests.push_back(std::move(t));
    }
  return {{"version", 1},
          {"status", report.full_marks() ? "pass" : "fail"},
          {"max_score", round_points(report.max_total())},
          {"tests", tests}};
}

std::string to_classroom_output(const Report& report) { return base64(dump_json(to_classroom(report))); }

nlohmann::json to_gradescope(const Report& report, double execution_seconds, const CheckHtml& html) {
  nlohmann::json tests = nlohmann::json::array();
  nlohmann::json leaderboard = nlohmann::json::array();
  for (const auto& e : report.exercises) {
    int number = 0;
    for (const auto& c : e.checks) {
      ++number;
      if (c.max_points <= 0 && c.status != CheckStatus::kFail) continue;
      // HTML where it shows more than the words: the student's own code
      // around the line a lost point names.
      std::string fragment = html && lost_points(c) ? html(c) : "";
      if (!fragment.empty() && c.status == CheckStatus::kPartial)
        fragment = "<p>" + xml_escape(partial_words(c)) + "</p>\n" + fragment;
      tests.push_back({{"name", check_name(e, c)},
                       {"number", fmt::format("{}.{}", std::stoi(e.id), number)},
                       {"score", round_points(c.points)},
                       {"max_score", round_points(c.max_points)},
                       {"status", failed(c) ? "failed" : "passed"},
                       {"output", fragment.empty() ? explanation(c) : fragment},
                       {"output_format", fragment.empty() ? "text" : "html"},
                       {"tags", {"ex" + e.id}},
                       {"visibility", "visible"}});
    }
    if (e.performance && e.performance->ratio > 0)
      leaderboard.push_back({{"name", "ex" + e.id + " time vs reference"},
                             {"value", std::round(e.performance->ratio * 100) / 100},
                             {"order", "asc"}});
  }
  nlohmann::json results = {{"score", round_points(report.total())},
                            {"execution_time", static_cast<int>(std::lround(execution_seconds))},
                            {"output", fmt::format("{} of {} points. Each test below says what it checks and, "
                                                   "where points were lost, why and where to look.",
                                                   round_points(report.total()), round_points(report.max_total()))},
                            {"visibility", "visible"},
                            {"tests", tests}};
  if (!leaderboard.empty()) results["leaderboard"] = leaderboard;
  return results;
}

// JUnit XML as the Jenkins xUnit plugin's junit-10.xsd, the strictest
// schema CI dashboards check against, allows it: a <testsuite> needs name,
// tests, failures and errors; a <testcase> may carry only name, classname,
// time and group. So where to look (file:line) opens the failure's body in
// the compiler's form ("file:line: ...") that annotating reporters read,
// rather than a `file` attribute the schema refuses. `time` is seconds with
// a '.' and digits only (its SUREFIRE_TIME pattern). A check that lost no
// points has no <failure>, nor does a partial one (report.h: it found
// nothing wrong; its points and words are its <system-out>); one worth
// nothing and skipped has <skipped/>.
namespace {

// A check's time: a test's own; the performance check's, how long measuring took.
double junit_seconds(const ExerciseResult& e, const Check& c) {
  if (c.kind == CheckKind::kPerformance && e.performance) return e.performance->seconds;
  return c.seconds;
}

std::string junit_time(double seconds) { return fmt::format("{:.3f}", seconds > 0 ? seconds : 0.0); }

std::string junit_testcase(const ExerciseResult& e, const Check& c) {
  std::string out = fmt::format("    <testcase classname=\"ex{}\" name=\"{}\" time=\"{}\"", e.id, xml_escape(c.name),
                                junit_time(junit_seconds(e, c)));
  if (c.status == CheckStatus::kPartial)
    return out + fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", xml_escape(explanation(c)));
  if (failed(c)) {
    std::string where =
        c.file.empty() ? "ex" + e.id : bounded_text(c.file, 4096) + (c.line > 0 ? ":" + std::to_string(c.line) : "");
    std::string summary = fmt::format("{:g} of {:g} points", round_points(c.points), round_points(c.max_points));
    return out + fmt::format(">\n      <failure type=\"{}\" message=\"{}\">{}: {}\n{}</failure>\n    </testcase>\n",
                             to_string(c.kind), summary, xml_escape(where), summary, xml_escape(explanation(c)));
  }
  if (c.status == CheckStatus::kSkipped) return out + "><skipped/></testcase>\n";
  return out + "/>\n";
}

}  // namespace

std::string to_junit(const Report& report) {
  std::string suites;
  std::size_t all_tests = 0, all_failures = 0;
  double all_seconds = 0;
  for (const auto& e : report.exercises) {
    std::size_t failures = 0, skipped = 0;
    double seconds = 0;
    std::string cases;
    for (const auto& c : e.checks) {
      failures += failed(c) ? 1 : 0;
      skipped += !failed(c) && c.status == CheckStatus::kSkipped ? 1 : 0;
      seconds += junit_seconds(e, c);
      cases += junit_testcase(e, c);
    }
    suites += fmt::format(
        "  <testsuite name=\"ex{} {}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{}\">\n{}"
        "  </testsuite>\n",
        e.id, xml_escape(e.title), e.checks.size(), failures, skipped, junit_time(seconds), cases);
    all_tests += e.checks.size();
    all_failures += failures;
    all_seconds += seconds;
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{}\">\n{}</testsuites>\n",
      xml_escape(report.submission), all_tests, all_failures, junit_time(all_seconds), suites);
}

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace grader
