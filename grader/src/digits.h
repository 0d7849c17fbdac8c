// Numbers read out of text a test or a compiler wrote (line numbers, pids):
// by hand and bounded, since that text is untrusted (no std::regex, no
// std::stoi that throws on a 4 MB run of digits).
#pragma once

#include <optional>
#include <string_view>

namespace grader {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 1 to 9 digits and nothing else; nullopt otherwise.
inline std::optional<int> parse_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  int n = 0;
  for (char c : digits) {
    if (!is_digit(c)) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace grader
