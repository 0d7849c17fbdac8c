#include "github_annotations.h"

#include <fmt/format.h>

#include "json_text.h"
#include "points.h"

namespace grader {
namespace {

bool partial(const Check& c) {
  return c.status != CheckStatus::kFail && round_points(c.points) > 0 &&
         round_points(c.points) < round_points(c.max_points);
}

// What the annotation's title says the problem is.
std::string problem(const Check& c) {
  switch (c.kind) {
    case CheckKind::kRace:
      return "data race";
    case CheckKind::kTimeout:
      return "hang";
    case CheckKind::kBuild:
      return "build error";
    case CheckKind::kCorrectness:
      return "failed test";
    default:
      return "lost points";
  }
}

// file= and line= where the check points into the repository: a relative
// path (the course root is the repository's), never an absolute one.
std::string location(const Check& c) {
  if (c.file.empty() || c.file.front() == '/' || c.file.size() > 4096) return "";
  std::string where = "file=" + escape_annotation_property(valid_utf8(c.file));
  if (c.line > 0) where += fmt::format(",line={}", c.line);
  return where + ",";
}

std::string annotation(const char* level, const std::string& properties, const std::string& message) {
  return fmt::format("::{} {}::{}\n", level, properties,
                     escape_annotation_data(terminal_safe(bounded_text(message, kMaxAnnotationBytes))));
}

}  // namespace

std::string escape_annotation_data(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '%') out += "%25";
    else if (ch == '\r') out += "%0D";
    else if (ch == '\n') out += "%0A";
    else out += ch;
  }
  return out;
}

std::string escape_annotation_property(std::string_view text) {
  std::string out;
  for (char ch : escape_annotation_data(text)) {
    if (ch == ':') out += "%3A";
    else if (ch == ',') out += "%2C";
    else out += ch;
  }
  return out;
}

std::string to_github_annotations(const Report& report) {
  std::string out;
  if (!report.sandboxed)
    out += annotation("warning", "title=" + escape_annotation_property("graded without the sandbox"),
                      "The submission ran without bubblewrap: " + report.sandbox_missing);
  for (const auto& e : report.exercises)
    for (const auto& c : e.checks) {
      std::string title = escape_annotation_property(valid_utf8(fmt::format("ex{} {}: {}", e.id, problem(c), c.name)));
      if (c.status == CheckStatus::kFail) {
        out += annotation(
            "error", location(c) + "title=" + title,
            fmt::format("{} of {} points. {}", round_points(c.points), round_points(c.max_points), c.message));
      } else if (partial(c)) {
        out += annotation(
            "notice", "title=" + escape_annotation_property(valid_utf8(fmt::format("ex{} partial: {}", e.id, c.name))),
            fmt::format("partial: {} of {} points. {}", round_points(c.points), round_points(c.max_points), c.message));
      }
    }
  return out;
}

}  // namespace grader
