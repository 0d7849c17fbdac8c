#include "frame.h"

namespace grader {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

// One pass: template arguments are dropped, parameter lists become "()",
// and an operator's own symbols ("operator()", "operator<<") are kept.
std::string short_function(const std::string& function) {
  static const std::string kOperatorChars = "<>=[]!&|+-*/%^~,";
  std::string out;
  int angle = 0;
  int paren = 0;
  for (std::size_t i = 0; i < function.size(); ++i) {
    char c = function[i];
    if (angle == 0 && paren == 0 && function.compare(i, 21, "(anonymous namespace)") == 0) {
      out += "(anonymous namespace)";
      i += 20;
    } else if (angle == 0 && paren == 0 && function.compare(i, 8, "operator") == 0) {
      std::size_t end = i + 8;
      if (function.compare(end, 2, "()") == 0) end += 2;
      while (end < function.size() && kOperatorChars.find(function[end]) != std::string::npos) ++end;
      out += function.substr(i, end - i);
      i = end - 1;
    } else if (c == '<' && paren == 0) {
      ++angle;
    } else if (c == '>' && angle > 0 && paren == 0) {
      --angle;
    } else if (c == '(' && angle == 0) {
      if (paren++ == 0) out += "()";
    } else if (c == ')' && paren > 0 && angle == 0) {
      --paren;
    } else if (angle == 0 && paren == 0) {
      out += c;
    }
  }
  if (out.size() > 6 && out.compare(out.size() - 6, 6, " const") == 0) out.resize(out.size() - 6);
  return out;
}

bool is_under(const std::string& file, const std::vector<std::string>& dirs) {
  for (const auto& dir : dirs)
    if (!dir.empty() && starts_with(file, dir)) return true;
  return false;
}

const Frame* first_frame_in(const std::vector<Frame>& frames, const std::vector<std::string>& dirs) {
  for (const auto& frame : frames)
    if (is_under(frame.file, dirs)) return &frame;
  return nullptr;
}

std::string location(const Frame& frame, const std::string& root) {
  std::string out = relative_to(frame.file, root);
  if (frame.line > 0) out += ":" + std::to_string(frame.line);
  return out;
}

}  // namespace grader
