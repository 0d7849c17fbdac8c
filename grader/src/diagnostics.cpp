#include "diagnostics.h"

#include <regex>
#include <sstream>
#include <vector>

namespace grader {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string excerpt_at(const std::vector<std::string>& lines, std::size_t at) {
  std::string out;
  for (std::size_t i = at; i < lines.size() && i < at + 4; ++i) {
    if (i > at && lines[i].find(": error:") != std::string::npos) break;
    if (i > at && lines[i].rfind("FAILED:", 0) == 0) break;
    out += lines[i] + "\n";
  }
  return out;
}

std::optional<Diagnostic> compiler_error(const std::vector<std::string>& lines,
                                         const std::string& prefer_path) {
  static const std::regex error(R"(^(.+?):(\d+):(?:\d+:)? (?:fatal )?error: (.*)$)");
  std::optional<Diagnostic> first;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (!std::regex_match(lines[i], m, error)) continue;
    Diagnostic d{m[1], std::stoi(m[2]), m[3], excerpt_at(lines, i)};
    if (!prefer_path.empty() && d.file.find(prefer_path) != std::string::npos) return d;
    if (!first) first = d;
  }
  return first;
}

std::optional<Diagnostic> linker_error(const std::vector<std::string>& lines) {
  static const std::regex undefined(R"(undefined reference to `(.*)')");
  static const std::regex located(R"(^(?:/usr/bin/ld: )?(.+?):(\d+):.*undefined reference)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (std::regex_search(lines[i], m, undefined)) {
      Diagnostic d;
      d.message = "undefined reference to " + m[1].str() +
                  ": a function of the header is declared but never defined";
      if (std::smatch at; std::regex_search(lines[i], at, located)) {
        d.file = at[1];
        d.line = std::stoi(at[2]);
      }
      d.excerpt = lines[i] + "\n";
      return d;
    }
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto pos = lines[i].find("ld: ");
    if (pos != std::string::npos || lines[i].find("collect2: error") != std::string::npos)
      return Diagnostic{"", 0, lines[i].substr(pos == std::string::npos ? 0 : pos + 4),
                        excerpt_at(lines, i)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Diagnostic> first_error(const std::string& output, const std::string& prefer_path) {
  auto lines = split_lines(output);
  if (auto d = compiler_error(lines, prefer_path)) return d;
  return linker_error(lines);
}

}  // namespace grader
