// Reads one test's result from GoogleTest's JSON output (--gtest_output=json:FILE).
#pragma once

#include <optional>
#include <string>

namespace grader {

struct GtestResult {
  bool passed = false;
  std::string failure;  // the failure messages, joined; empty when passed
  std::string file;     // where the first failing assertion is
  int line = 0;
};

// nullopt when the file is missing, truncated, or does not contain `test`
// ("Suite.Name"): the process ended before GoogleTest could write it.
std::optional<GtestResult> read_gtest_result(const std::string& json_text, const std::string& test);

}  // namespace grader
