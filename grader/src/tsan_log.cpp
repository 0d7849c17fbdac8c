#include "tsan_log.h"

#include <regex>
#include <sstream>

namespace grader {

Frame parse_tsan_frame(const std::string& text) {
  std::string s = text;
  // Drop the trailing module, "(binary+0x1234)".
  if (auto open = s.rfind(" ("); open != std::string::npos && s.back() == ')' &&
                                 s.find("+0x", open) != std::string::npos)
    s.resize(open);
  Frame frame;
  auto space = s.rfind(' ');
  std::string where = space == std::string::npos ? "" : s.substr(space + 1);
  frame.function = space == std::string::npos ? s : s.substr(0, space);
  static const std::regex file_line(R"(^(.*?):(\d+)(?::\d+)?$)");
  if (std::smatch m; std::regex_match(where, m, file_line)) {
    frame.file = m[1];
    frame.line = std::stoi(m[2]);
  } else if (where != "<null>") {
    frame.function = s;
  }
  if (frame.function == "<null>") frame.function.clear();
  return frame;
}

std::vector<TsanReport> parse_tsan_log(const std::string& text) {
  static const std::regex warning(R"((?:WARNING|ERROR): ThreadSanitizer: (.*?)(?: \(pid=\d+\))?$)");
  static const std::regex frame_line(R"(^\s+#\d+ (.*)$)");
  std::vector<TsanReport> reports;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, warning)) {
      std::string kind = m[1];
      if (auto pc = kind.find(" (pc "); pc != std::string::npos) kind.resize(pc);
      reports.push_back({kind, {}, ""});
      continue;
    }
    if (reports.empty()) continue;
    TsanReport& report = reports.back();
    if (line.rfind("SUMMARY: ThreadSanitizer: ", 0) == 0) {
      report.summary = line.substr(26);
    } else if (std::regex_match(line, m, frame_line)) {
      if (report.sections.empty()) report.sections.push_back({"", {}});
      report.sections.back().frames.push_back(parse_tsan_frame(m[1]));
    } else if (line.size() > 2 && line.compare(0, 2, "  ") == 0 && line[2] != ' ') {
      std::string title = line.substr(2);
      if (!title.empty() && title.back() == ':') title.pop_back();
      report.sections.push_back({title, {}});
    }
  }
  return reports;
}

}  // namespace grader
