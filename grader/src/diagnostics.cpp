#include "diagnostics.h"

#include "digits.h"

#include <optional>
#include <string_view>
#include <vector>

namespace grader {
namespace {

// Compiler output quotes the student's source, and a source line can be
// megabytes long: every line is parsed by hand in bounded steps (std::regex
// recursed once per character and overflowed the stack on such a line).
constexpr int kMaxTries = 8;  // occurrences of a marker tried per line

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// "file:12" or "file:12:5" (a column): the file (shortest, as g++ prints
// it) and the line.
bool split_location(std::string_view where, std::string& file, int& line) {
  auto last = where.rfind(':');
  if (last == std::string_view::npos || last == 0) return false;
  auto tail = parse_number(where.substr(last + 1));
  if (!tail) return false;
  std::string_view rest = where.substr(0, last);
  if (auto before = rest.rfind(':'); before != std::string_view::npos && before > 0) {
    if (auto n = parse_number(rest.substr(before + 1))) {
      file = std::string(rest.substr(0, before));
      line = *n;
      return true;
    }
  }
  file = std::string(rest);
  line = *tail;
  return true;
}

// "FILE:LINE[:COL]: [fatal ]error: MESSAGE".
std::optional<Diagnostic> parse_error_line(const std::string& text) {
  std::size_t from = 0;
  for (int tries = 0; tries < kMaxTries; ++tries) {
    std::size_t at = text.find("error: ", from);
    if (at == std::string::npos) return std::nullopt;
    from = at + 1;
    std::size_t head_end;
    if (at >= 2 && text.compare(at - 2, 2, ": ") == 0) head_end = at - 2;
    else if (at >= 8 && text.compare(at - 8, 8, ": fatal ") == 0) head_end = at - 8;
    else continue;
    Diagnostic d;
    if (!split_location(std::string_view(text).substr(0, head_end), d.file, d.line)) continue;
    d.message = text.substr(at + 7);
    return d;
  }
  return std::nullopt;
}

// "[/usr/bin/ld: ]FILE:LINE:... undefined reference": the file and line.
bool linker_location(std::string_view text, std::string& file, int& line) {
  if (text.rfind("/usr/bin/ld: ", 0) == 0) text.remove_prefix(13);
  std::size_t until = text.find("undefined reference");
  std::size_t colon = 0;
  for (int tries = 0; tries < kMaxTries * 4; ++tries) {
    colon = text.find(':', colon + 1);
    if (colon == std::string_view::npos || colon >= until) return false;
    std::size_t end = colon + 1;
    while (end < text.size() && end - colon <= 10 && is_digit(text[end])) ++end;
    if (end < text.size() && text[end] == ':' && end < until) {
      if (auto n = parse_number(text.substr(colon + 1, end - colon - 1))) {
        file = std::string(text.substr(0, colon));
        line = *n;
        return true;
      }
    }
  }
  return false;
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

std::optional<Diagnostic> compiler_error(const std::vector<std::string>& lines, const std::string& prefer_path) {
  std::optional<Diagnostic> first;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::optional<Diagnostic> found = parse_error_line(lines[i]);
    if (!found) continue;
    Diagnostic d = std::move(*found);
    d.excerpt = excerpt_at(lines, i);
    if (!prefer_path.empty() && d.file.find(prefer_path) != std::string::npos) return d;
    if (!first) first = d;
  }
  return first;
}

std::optional<Diagnostic> linker_error(const std::vector<std::string>& lines) {
  constexpr std::string_view kUndefined = "undefined reference to `";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::size_t at = lines[i].find(kUndefined);
    if (at == std::string::npos) continue;
    std::size_t name = at + kUndefined.size();
    std::size_t quote = lines[i].rfind('\'');
    if (quote == std::string::npos || quote < name) continue;
    Diagnostic d;
    d.message = "undefined reference to " + lines[i].substr(name, quote - name) +
                ": a function of the header is declared but never defined";
    linker_location(lines[i], d.file, d.line);
    d.excerpt = lines[i] + "\n";
    return d;
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto pos = lines[i].find("ld: ");
    if (pos != std::string::npos || lines[i].find("collect2: error") != std::string::npos)
      return Diagnostic{"", 0, lines[i].substr(pos == std::string::npos ? 0 : pos + 4), excerpt_at(lines, i)};
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
