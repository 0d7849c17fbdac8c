#include "gtest_result.h"

#include <nlohmann/json.hpp>

#include "json_text.h"

namespace grader {
namespace {

using nlohmann::json;

// A location is "path/file.cpp:42": no real one is longer than this, and
// looking no further keeps a failure of megabytes on one line cheap.
constexpr std::size_t kMaxLocationBytes = 4096;

// The string at `key` of `object`, "" when `object` is no object or the
// value is no string: the file is the test program's to write, so any
// shape may come (nlohmann's value() throws on a wrong one).
std::string text_at(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

const json& array_at(const json& object, const char* key) {
  static const json kEmpty = json::array();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

// Failure texts start with "path/file.cpp:42\n"; the first one's location
// is kept apart, and every one's is cut from the text a student reads.
// Parsed by hand: std::regex recursed once per character of a first line
// and overflowed the stack on a 4 MB one.
std::string take_location(const std::string& failure, GtestResult& result) {
  const std::size_t newline = failure.find('\n');
  if (newline == std::string::npos || newline > kMaxLocationBytes) return failure;
  const std::size_t colon = failure.rfind(':', newline);
  if (colon == std::string::npos || colon == 0 || colon + 1 == newline || newline - colon > 10) return failure;
  int line = 0;
  for (std::size_t i = colon + 1; i < newline; ++i) {
    if (failure[i] < '0' || failure[i] > '9') return failure;
    line = line * 10 + (failure[i] - '0');
  }
  if (result.file.empty()) {
    result.file = failure.substr(0, colon);
    result.line = line;
  }
  return failure.substr(newline + 1);
}

}  // namespace

std::optional<GtestResult> read_gtest_result(const std::string& json_text, const std::string& test) {
  auto dot = test.find('.');
  if (dot == std::string::npos) return std::nullopt;
  std::string suite = test.substr(0, dot);
  std::string name = test.substr(dot + 1);
  // GoogleTest copies a message's bytes into its JSON as they are: made
  // valid UTF-8 first, or one byte 0xFF would make the whole file unreadable.
  json j = json::parse(valid_utf8(json_text), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  for (const auto& s : array_at(j, "testsuites")) {
    if (text_at(s, "name") != suite) continue;
    for (const auto& t : array_at(s, "testsuite")) {
      if (text_at(t, "name") != name) continue;
      GtestResult result;
      for (const auto& f : array_at(t, "failures")) {
        std::string text = take_location(text_at(f, "failure"), result);
        if (text.empty()) text = "(a failure without a message)";
        result.failure += (result.failure.empty() ? "" : "\n") + text;
      }
      if (text_at(t, "result") == "SKIPPED") result.failure = "the test was skipped (GTEST_SKIP) and earns no points";
      result.passed = result.failure.empty();
      return result;
    }
  }
  return std::nullopt;
}

}  // namespace grader
