// Where each thread of a hung process was: gdb's "thread apply all bt",
// taken before the grader kills a test that ran out of time.
//
// Thread-safety: safe from any thread at once; each dump attaches gdb to a
// process of its own and writes only the file it is given.
#pragma once

#include <sys/types.h>
#include <filesystem>
#include <string>
#include <vector>

#include "frame.h"

namespace grader {

struct ThreadStack {
  int number = 0;  // gdb's thread number; 1 is the main thread
  std::string name;
  std::vector<Frame> frames;  // innermost first
};

// Attaches gdb to `pid`, writes its output to `out_file` and returns it;
// returns "" when gdb is missing or cannot attach.
std::string dump_stacks(pid_t pid, const std::filesystem::path& out_file);

std::vector<ThreadStack> parse_gdb_backtraces(const std::string& text);

// What a thread was doing, from its innermost frames: "waiting on a condition
// variable", "waiting to lock a mutex", "running" (no blocking call: a loop?).
std::string blocking_activity(const ThreadStack& thread);

}  // namespace grader
