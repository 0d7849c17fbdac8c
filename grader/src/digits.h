// Numbers read out of text a test or a compiler wrote (line numbers, pids):
// by hand and bounded, since that text is untrusted (no std::regex, no
// std::stoi that throws on a 4 MB run of digits).
#pragma once

#include <cstdint>
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

// 1 to 19 digits and nothing else (inodes, cgroup quotas); nullopt otherwise.
inline std::optional<std::uint64_t> parse_unsigned(std::string_view digits) {
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : digits) {
    if (!is_digit(c)) return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

// 1 to 16 hex digits (lower or upper case) and nothing else, "0x" not
// included: an address. 0 otherwise, which no code lies at.
inline std::uint64_t parse_hex(std::string_view digits) {
  if (digits.empty() || digits.size() > 16) return 0;
  std::uint64_t n = 0;
  for (char c : digits) {
    int v = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    if (v < 0) return 0;
    n = n * 16 + static_cast<std::uint64_t>(v);
  }
  return n;
}

}  // namespace grader
