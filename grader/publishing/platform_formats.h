// The report in the formats other platforms read. Every one is rendered
// from the same Report as the terminal's, so each shows the same points:
//
//   classroom   GitHub Classroom's runner result: the JSON a workflow step
//               base64-encodes into its `result` output (partial credit,
//               messages, file:line), read by the grading reporter.
//   gradescope  Gradescope's results.json, with a leaderboard of speedups.
//   junit       JUnit XML, for CI dashboards.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "report.h"

namespace grader {

nlohmann::json to_classroom(const Report& report);

// base64 of the classroom JSON: what goes into `result=` in $GITHUB_OUTPUT.
std::string to_classroom_output(const Report& report);

// A check that lost points as a fragment of HTML (html_report.h's
// lost_check_html): its message and the student's code around the places it
// names. Given, Gradescope shows such checks with output_format "html"; the
// others, and every check when it is empty, stay text.
using CheckHtml = std::function<std::string(const Check&)>;

nlohmann::json to_gradescope(const Report& report, double execution_seconds, const CheckHtml& html = {});

std::string to_junit(const Report& report);

std::string base64(const std::string& bytes);

}  // namespace grader
