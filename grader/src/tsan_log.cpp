#include "tsan_log.h"

#include "digits.h"

#include <optional>
#include <string_view>

namespace grader {
namespace {

// The log lies in a directory the test can write: it may hold anything,
// of any length. Parsed by hand, in one pass over each line (std::regex
// recursed once per character and overflowed the stack on a 4 MB line),
// and with a limit on what is kept.
constexpr std::size_t kMaxReports = 256;
constexpr std::size_t kMaxSections = 64;
constexpr std::size_t kMaxFrames = 256;
constexpr std::size_t kMaxKindBytes = 512;

// "file:12" or "file:12:5" (a column): the file and the line.
bool split_location(std::string_view where, Frame& frame) {
  auto last = where.rfind(':');
  if (last == std::string_view::npos) return false;
  auto tail = parse_number(where.substr(last + 1));
  if (!tail) return false;
  std::string_view rest = where.substr(0, last);
  if (auto before = rest.rfind(':'); before != std::string_view::npos) {
    if (auto line = parse_number(rest.substr(before + 1))) {
      frame.file = std::string(rest.substr(0, before));
      frame.line = *line;
      return true;
    }
  }
  frame.file = std::string(rest);
  frame.line = *tail;
  return true;
}

// The report kind after "WARNING: ThreadSanitizer: " (or ERROR) anywhere in
// the line, without a trailing " (pid=123)" or " (pc ...".
std::optional<std::string> warning_kind(std::string_view line) {
  std::size_t at = std::string_view::npos, skip = 0;
  for (std::string_view head : {"WARNING: ThreadSanitizer: ", "ERROR: ThreadSanitizer: "})
    if (auto p = line.find(head); p != std::string_view::npos && p < at) {
      at = p;
      skip = head.size();
    }
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view kind = line.substr(at + skip);
  if (auto pid = kind.rfind(" (pid=");
      pid != std::string_view::npos && kind.back() == ')' && parse_number(kind.substr(pid + 6, kind.size() - pid - 7)))
    kind = kind.substr(0, pid);
  if (auto pc = kind.find(" (pc "); pc != std::string_view::npos) kind = kind.substr(0, pc);
  return std::string(kind.substr(0, kMaxKindBytes));
}

// What follows "    #12 " in a frame line, or nullopt when it is none.
std::optional<std::string_view> frame_text(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  if (i == 0 || i >= line.size() || line[i] != '#') return std::nullopt;
  std::size_t digits = ++i;
  while (i < line.size() && is_digit(line[i])) ++i;
  if (i == digits || i >= line.size() || line[i] != ' ') return std::nullopt;
  return line.substr(i + 1);
}

}  // namespace

Frame parse_tsan_frame(const std::string& text) {
  std::string_view s = text;
  // Drop the trailing module, "(binary+0x1234)".
  if (auto open = s.rfind(" (");
      open != std::string_view::npos && !s.empty() && s.back() == ')' && s.find("+0x", open) != std::string_view::npos)
    s = s.substr(0, open);
  Frame frame;
  auto space = s.rfind(' ');
  std::string_view where = space == std::string_view::npos ? "" : s.substr(space + 1);
  frame.function = std::string(space == std::string_view::npos ? s : s.substr(0, space));
  if (!split_location(where, frame) && where != "<null>") frame.function = std::string(s);
  if (frame.function == "<null>") frame.function.clear();
  return frame;
}

std::vector<TsanReport> parse_tsan_log(const std::string& text) {
  std::vector<TsanReport> reports;
  std::string_view all = text;
  for (std::size_t start = 0; start < all.size();) {
    std::size_t end = all.find('\n', start);
    if (end == std::string_view::npos) end = all.size();
    std::string_view line = all.substr(start, end - start);
    start = end + 1;
    if (auto kind = warning_kind(line)) {
      if (reports.size() == kMaxReports) break;
      reports.push_back({*kind, {}, ""});
      continue;
    }
    if (reports.empty()) continue;
    TsanReport& report = reports.back();
    if (line.rfind("SUMMARY: ThreadSanitizer: ", 0) == 0) {
      report.summary = std::string(line.substr(26, kMaxKindBytes));
    } else if (auto frame = frame_text(line)) {
      if (report.sections.empty()) report.sections.push_back({"", {}});
      if (report.sections.back().frames.size() < kMaxFrames)
        report.sections.back().frames.push_back(parse_tsan_frame(std::string(*frame)));
    } else if (line.size() > 2 && line.compare(0, 2, "  ") == 0 && line[2] != ' ' &&
               report.sections.size() < kMaxSections) {
      std::string title(line.substr(2, kMaxKindBytes));
      if (!title.empty() && title.back() == ':') title.pop_back();
      report.sections.push_back({title, {}});
    }
  }
  return reports;
}

}  // namespace grader
