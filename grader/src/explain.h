// Turns raw evidence (ThreadSanitizer reports, gdb stacks) into what a
// student reads: where to look (the student's file:line first) and what the
// finding usually means.
//
// Thread-safety: pure functions of the evidence they are given, safe from
// any thread.
#pragma once

#include <string>
#include <vector>

#include "paths.h"
#include "stack_dump.h"
#include "tsan_log.h"

namespace grader {

struct Finding {
  std::string key;  // equal for two reports of the same problem
  std::string message;
  std::string file;  // relative to root; empty when no frame is the student's
  int line = 0;
};

// A ThreadSanitizer report: the accesses or locks it names, each at the
// student's frame where there is one, and a hint for its kind.
Finding explain_tsan_report(const TsanReport& report, const SourceDirs& dirs);

// Every thread of a hung test: what it was blocked in and where in the
// student's code (then in the test) it was. Threads in the same place are
// listed once with a count.
Finding explain_stuck_threads(const std::vector<ThreadStack>& threads, const SourceDirs& dirs);

}  // namespace grader
