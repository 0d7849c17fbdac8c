#include "gtest_result.h"

#include <regex>

#include <nlohmann/json.hpp>

namespace grader {
namespace {

// Failure texts start with "path/file.cpp:42\n"; the first one's location
// is kept apart, and every one's is cut from the text a student reads.
std::string take_location(const std::string& failure, GtestResult& result) {
  static const std::regex head(R"(^(.*?):(\d+)\n)");
  std::smatch m;
  if (!std::regex_search(failure, m, head)) return failure;
  if (result.file.empty()) {
    result.file = m[1];
    result.line = std::stoi(m[2]);
  }
  return m.suffix();
}

}  // namespace

std::optional<GtestResult> read_gtest_result(const std::string& json_text, const std::string& test) {
  auto dot = test.find('.');
  if (dot == std::string::npos) return std::nullopt;
  std::string suite = test.substr(0, dot);
  std::string name = test.substr(dot + 1);
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.contains("testsuites")) return std::nullopt;
  for (const auto& s : j["testsuites"]) {
    if (s.value("name", "") != suite || !s.contains("testsuite")) continue;
    for (const auto& t : s["testsuite"]) {
      if (t.value("name", "") != name) continue;
      GtestResult result;
      if (t.contains("failures")) {
        for (const auto& f : t["failures"]) {
          std::string text = take_location(f.value("failure", ""), result);
          result.failure += (result.failure.empty() ? "" : "\n") + text;
        }
      }
      if (t.value("result", "") == "SKIPPED")
        result.failure = "the test was skipped (GTEST_SKIP) and earns no points";
      result.passed = result.failure.empty();
      return result;
    }
  }
  return std::nullopt;
}

}  // namespace grader
