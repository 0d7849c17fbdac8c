#include "classroom50_result.h"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>

#include "json_text.h"
#include "points.h"

namespace grader {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string utc_now() {
  time_t now = time(nullptr);
  struct tm utc {};
  gmtime_r(&now, &utc);
  char text[32];
  strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// "ex02 / race-free": one name for a check on every platform.
std::string check_name(const ExerciseResult& e, const Check& c) { return "ex" + e.id + " / " + c.name; }

bool shown(const Check& c) { return c.max_points > 0 || c.status == CheckStatus::kFail; }

// Decided by the points, not by the status word: "partial" (the grader's
// word for it once it has one) and "pass" with fewer points (before) read
// the same here.
bool earned(const Check& c) { return classroom50_points(c.points) > 0; }
bool partial(const Check& c) { return earned(c) && classroom50_points(c.points) < classroom50_points(c.max_points); }
bool passed(const Check& c) { return earned(c) || (c.max_points <= 0 && c.status != CheckStatus::kFail); }

std::string explanation(const Check& c) {
  std::string text = bounded_text(c.message, kMaxMessageBytes);
  if (!c.file.empty()) text += "\n-> " + bounded_text(c.file, 4096) + (c.line > 0 ? ":" + std::to_string(c.line) : "");
  return text;
}

std::string points_text(double points) { return fmt::format("{:g}", round_points(points)); }

std::string message(const Check& c) {
  if (!partial(c)) return explanation(c);
  return fmt::format("partial: {} of {} points. {}", points_text(c.points), points_text(c.max_points), explanation(c));
}

// What the exercise is worth beyond its checks (see the header).
int unlisted_points(const ExerciseResult& e) {
  int listed = 0;
  for (const auto& c : e.checks)
    if (shown(c)) listed += classroom50_points(c.max_points);
  return std::max(0, classroom50_points(e.max_score) - listed);
}

// result.json's score and max-score: the sums of its tests.
std::pair<int, int> totals(const Report& report) {
  int score = 0, max_score = 0;
  for (const auto& e : report.exercises) {
    for (const auto& c : e.checks)
      if (shown(c)) {
        score += classroom50_points(c.points);
        max_score += classroom50_points(c.max_points);
      }
    max_score += unlisted_points(e);
  }
  return {score, max_score};
}

std::string verdict(const Check& c) {
  if (partial(c)) return "partial";
  return passed(c) ? "PASS" : "FAIL";
}

// A table cell: one line, no column break, no HTML.
std::string cell(const std::string& text) {
  std::string out;
  for (char ch : valid_utf8(text)) {
    if (ch == '|') out += "\\|";
    else if (ch == '<') out += "&lt;";
    else if (ch == '>') out += "&gt;";
    else if (ch == '\n' || ch == '\r' || ch == '\t') out += ' ';
    else out += ch;
  }
  return out;
}

// A code block whose fence no run of backticks inside can close.
std::string fenced(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (char ch : text) {
    run = ch == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fence + "text\n" + text + (text.ends_with('\n') ? "" : "\n") + fence + "\n";
}

}  // namespace

Classroom50Identity classroom50_identity_from_environment() {
  Classroom50Identity id;
  id.classroom = env("CLASSROOM");
  id.assignment = env("ASSIGNMENT");
  id.owner = env("OWNER").empty() ? env("USERNAME") : env("OWNER");
  if (std::string type = env("ASSIGNMENT_TYPE"); !type.empty()) id.assignment_type = type;
  id.submission = env("SUBMISSION_TAG");
  id.commit = env("COMMIT_URL");
  id.release = env("RELEASE_URL");
  id.review = env("REVIEW_URL");
  id.datetime = utc_now();
  return id;
}

int classroom50_points(double points) {
  return static_cast<int>(std::lround(round_points(points) * kClassroom50Scale));
}

nlohmann::json to_classroom50(const Report& report, const Classroom50Identity& identity) {
  nlohmann::json tests = nlohmann::json::array();
  int score = 0, max_score = 0;
  auto add = [&](nlohmann::json test) {
    score += test["score"].get<int>();
    max_score += test["max-score"].get<int>();
    tests.push_back(std::move(test));
  };
  for (const auto& e : report.exercises) {
    for (const auto& c : e.checks) {
      if (!shown(c)) continue;
      add({{"test-name", check_name(e, c)},
           {"passed", passed(c)},
           {"score", classroom50_points(c.points)},
           {"max-score", classroom50_points(c.max_points)},
           {"status", to_string(c.status)},
           {"points", round_points(c.points)},
           {"max_points", round_points(c.max_points)},
           {"message", message(c)},
           {"file", bounded_text(c.file, 4096)},
           {"line", c.line}});
    }
    if (int rest = unlisted_points(e); rest > 0)
      add({{"test-name", "ex" + e.id + " / not graded"},
           {"passed", false},
           {"score", 0},
           {"max-score", rest},
           {"status", to_string(e.status)},
           {"points", 0},
           {"max_points", static_cast<double>(rest) / kClassroom50Scale},
           {"message", fmt::format("these {:g} points of exercise {} were not graded: the exercise's status is {}",
                                   static_cast<double>(rest) / kClassroom50Scale, e.id, to_string(e.status))},
           {"file", ""},
           {"line", 0}});
  }
  nlohmann::json result = {{"schema", "classroom50/result/v1"},
                           {"classroom", identity.classroom},
                           {"assignment", identity.assignment},
                           {"assignment_type", identity.assignment_type},
                           {"owner", identity.owner},
                           {"submission", identity.submission},
                           {"commit", identity.commit},
                           {"release", identity.release},
                           {"review", identity.review.empty() ? identity.commit : identity.review},
                           {"datetime", identity.datetime},
                           {"score", score},
                           {"max-score", max_score},
                           {"tests", tests},
                           {"points", round_points(report.total())},
                           {"max_points", round_points(report.max_total())},
                           {"scale", fmt::format("score and max-score are points x {}", kClassroom50Scale)},
                           {"sandboxed", report.sandboxed},
                           {"protected_changes", report.protected_changes}};
  if (!report.sandboxed) result["sandbox_missing"] = bounded_text(report.sandbox_missing, 4096);
  return result;
}

std::string classroom50_release_body(const Report& report) {
  std::string body =
      fmt::format("### {} of {} points\n\n", points_text(report.total()), points_text(report.max_total()));
  if (!report.sandboxed)
    body += fmt::format("> [!WARNING]\n> Graded **without the sandbox**: {}\n\n", cell(report.sandbox_missing));
  if (!report.protected_changes.empty()) {
    body += "> [!WARNING]\n> Course files changed in this repository (the grader used its own copies):\n";
    for (const auto& change : report.protected_changes) body += "> - " + cell(change) + "\n";
    body += "\n";
  }
  body += "| Check | Result | Points |\n|---|---|---|\n";
  for (const auto& e : report.exercises) {
    for (const auto& c : e.checks)
      if (shown(c))
        body += fmt::format("| {} | {} | {} / {} |\n", cell(check_name(e, c)), verdict(c), points_text(c.points),
                            points_text(c.max_points));
    if (int rest = unlisted_points(e); rest > 0)
      body +=
          fmt::format("| ex{} / not graded | FAIL | 0 / {:g} |\n", e.id, static_cast<double>(rest) / kClassroom50Scale);
  }
  body += "\n";
  std::string details;
  bool cut = false;
  for (const auto& e : report.exercises)
    for (const auto& c : e.checks) {
      if (!shown(c) || (passed(c) && !partial(c))) continue;
      std::string one = fmt::format("<details><summary>{}: {}</summary>\n\n{}\n</details>\n\n", cell(check_name(e, c)),
                                    verdict(c), fenced(valid_utf8(message(c))));
      if (body.size() + details.size() + one.size() > kMaxReleaseBodyBytes) {
        cut = true;
        continue;
      }
      details += one;
    }
  body += details;
  if (cut) body += "Some explanations did not fit here: report.json, attached to this Release, has every one.\n";
  auto [score, max_score] = totals(report);
  body += fmt::format("result.json counts in tenths of a point: {} of {}.\n", score, max_score);
  return body;
}

const std::vector<Classroom50Asset>& classroom50_release_assets() {
  static const std::vector<Classroom50Asset> assets = {{"report.json", "--json"}, {"report.html", "--html"}};
  return assets;
}

}  // namespace grader
