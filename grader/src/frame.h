// A stack frame as ThreadSanitizer or gdb prints it, and how to pick the
// frame a student should look at.
//
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "paths.h"  // relative_to, which location() uses

namespace grader {

struct Frame {
  std::string function;  // as printed, possibly long ("std::vector<...>::push_back(...)")
  std::string file;      // empty when unknown
  int line = 0;
  // The address gdb printed before " in " (0: none printed). A frame after
  // the innermost is a return address; a frame without one was inlined
  // into the next frame that has one.
  std::uint64_t pc = 0;
};

// "course::EventLog::record" from "course::EventLog::record(std::__cxx11::basic_string<...>)":
// template arguments and parameter lists folded to keep a report readable.
std::string short_function(const std::string& function);

// Whether `file` lies under one of `dirs` (an empty dir is none).
bool is_under(const std::string& file, const std::vector<std::string>& dirs);

// The innermost frame whose file lies under one of `dirs`, or nullptr.
const Frame* first_frame_in(const std::vector<Frame>& frames, const std::vector<std::string>& dirs);

// "solutions/01_concurrent_tasks/event_log.cpp:24" (relative to `root` when under it).
std::string location(const Frame& frame, const std::string& root);

}  // namespace grader
