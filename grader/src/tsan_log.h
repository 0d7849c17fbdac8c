// Parses ThreadSanitizer's log (TSAN_OPTIONS=log_path=...) into reports.
//
// Thread-safety: pure functions of their text, safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "frame.h"

namespace grader {

struct TsanSection {
  std::string title;          // "Write of size 4 at 0x7b04... by thread T1"
  std::vector<Frame> frames;  // innermost first
};

struct TsanReport {
  std::string kind;  // "data race", "thread leak", "SEGV on unknown address", ...
  std::vector<TsanSection> sections;
  std::string summary;  // the SUMMARY line, without "SUMMARY: ThreadSanitizer: "
};

std::vector<TsanReport> parse_tsan_log(const std::string& text);

// One frame line as TSan prints it, without the "#N " prefix:
// "ns::f(int) /path/file.cpp:12 (binary+0x1234)" or "<null> <null> (libc.so+0x1)".
Frame parse_tsan_frame(const std::string& text);

}  // namespace grader
