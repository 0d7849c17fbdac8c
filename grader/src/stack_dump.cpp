#include "stack_dump.h"

#include "digits.h"

#include <stdlib.h>

#include <chrono>
#include <optional>
#include <string_view>

#include "subprocess.h"
#include "text_files.h"

namespace grader {
namespace {

// gdb's output on a test with thousands of threads or huge frames: enough
// to say where each thread was, bounded for the parse and the report.
constexpr std::size_t kMaxStackBytes = 4 << 20;
constexpr std::size_t kMaxThreads = 512;
constexpr std::size_t kMaxFrames = 256;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// "Thread 3 (Thread 0x7f... (LWP 3302) "tests"):" -> 3 and the name.
bool parse_thread_line(std::string_view line, ThreadStack& thread) {
  constexpr std::string_view kHead = "Thread ";
  if (line.rfind(kHead, 0) != 0 || line.size() < kHead.size() + 4 || line.substr(line.size() - 2) != "):") return false;
  std::size_t i = kHead.size();
  std::size_t digits_end = i;
  while (digits_end < line.size() && is_digit(line[digits_end])) ++digits_end;
  auto n = parse_number(line.substr(i, digits_end - i));
  if (!n || line.compare(digits_end, 2, " (") != 0 || digits_end + 2 > line.size() - 2) return false;
  thread.number = *n;
  std::string_view inside = line.substr(digits_end + 2, line.size() - 2 - (digits_end + 2));
  if (inside.size() >= 2 && inside.back() == '"') {
    auto open = inside.rfind('"', inside.size() - 2);
    if (open != std::string_view::npos) thread.name = std::string(inside.substr(open + 1, inside.size() - open - 2));
  }
  return true;
}

// "#9  0x5555 in course::WaitGroup::wait (this=0x7b) at /sub/wait_group.cpp:30".
bool parse_frame_line(std::string_view line, Frame& frame) {
  if (line.empty() || line[0] != '#') return false;
  std::size_t i = 1;
  while (i < line.size() && is_digit(line[i])) ++i;
  if (i == 1 || i >= line.size() || !is_space(line[i])) return false;
  while (i < line.size() && is_space(line[i])) ++i;
  std::string_view rest = line.substr(i);
  if (rest.rfind("0x", 0) == 0) {
    std::size_t j = 2;
    while (j < rest.size() && (is_digit(rest[j]) || (rest[j] >= 'a' && rest[j] <= 'f'))) ++j;
    if (j > 2 && rest.compare(j, 4, " in ") == 0) {
      frame.pc = parse_hex(rest.substr(2, j - 2));
      rest = rest.substr(j + 4);
    }
  }
  frame.function = std::string(rest.substr(0, rest.find(" (")));
  // " at FILE:LINE" at the end, FILE without spaces.
  auto space = rest.find_last_of(" \t\r\v\f");
  if (space != std::string_view::npos && space >= 3 && rest.substr(space - 3, 4) == " at ") {
    std::string_view where = rest.substr(space + 1);
    auto colon = where.rfind(':');
    if (colon != std::string_view::npos && colon > 0) {
      if (auto n = parse_number(where.substr(colon + 1))) {
        frame.file = std::string(where.substr(0, colon));
        frame.line = *n;
      }
    }
  }
  return true;
}

}  // namespace

std::string dump_stacks(pid_t pid, const std::filesystem::path& out_file) {
  PrivateDir dir("grader-stacks");
  if (dir.path.empty()) return "";
  ProcessSpec gdb;
  // sysroot "/" keeps gdb from copying libraries out of a sandboxed process.
  gdb.argv = {"gdb",
              "-nx",
              "-batch",
              "-iex",
              "set sysroot /",
              "-iex",
              "set pagination off",
              "-p",
              std::to_string(pid),
              "-ex",
              "thread apply all bt"};
  gdb.stdout_file = dir.path / "stacks.txt";
  gdb.timeout = std::chrono::seconds(60);
  gdb.max_file_bytes = 2 * kMaxStackBytes;
  ToolRun run = run_tool(gdb, {.max_log_bytes = kMaxStackBytes});
  if (!run.process.started) return "";
  const std::string& text = run.log;
  // A copy for the logs, put where the test may have planted anything:
  // write_atomically replaces what is there and never writes through it.
  try {
    write_atomically(out_file, text);
  } catch (const std::exception&) {
    // The stacks are parsed from `text`; the copy is only for reading later.
  }
  return text;
}

std::vector<ThreadStack> parse_gdb_backtraces(const std::string& text) {
  std::vector<ThreadStack> threads;
  std::string_view all = text;
  for (std::size_t start = 0; start < all.size();) {
    std::size_t end = all.find('\n', start);
    if (end == std::string_view::npos) end = all.size();
    std::string_view line = all.substr(start, end - start);
    start = end + 1;
    if (ThreadStack thread; parse_thread_line(line, thread)) {
      if (threads.size() == kMaxThreads) break;
      threads.push_back(std::move(thread));
    } else if (Frame frame; !threads.empty() && parse_frame_line(line, frame)) {
      if (threads.back().frames.size() < kMaxFrames) threads.back().frames.push_back(std::move(frame));
    }
  }
  return threads;
}

std::string blocking_activity(const ThreadStack& thread) {
  struct Pattern {
    const char* needle;
    const char* activity;
  };
  // In order of priority: "futex" is inside nearly every blocking call.
  static const Pattern kPatterns[] = {
      {"pthread_cond_", "waiting on a condition variable"},
      {"condition_variable", "waiting on a condition variable"},
      {"pthread_mutex_lock", "waiting to lock a mutex"},
      {"__lll_lock_wait", "waiting to lock a mutex"},
      {"pthread_rwlock", "waiting for a shared mutex"},
      {"pthread_join", "waiting for another thread to finish (join)"},
      {"clockjoin", "waiting for another thread to finish (join)"},
      {"sem_wait", "waiting on a semaphore"},
      {"__atomic_wait", "waiting in std::atomic::wait"},
      {"nanosleep", "sleeping"},
      {"sched_yield", "yielding in a loop (spinning?)"},
      {"epoll_wait", "waiting for I/O"},
      {"__poll", "waiting for I/O"},
      {"__libc_read", "waiting for I/O"},
      {"futex", "waiting (futex)"},
  };
  for (const auto& p : kPatterns)
    for (const auto& frame : thread.frames)
      if (frame.function.find(p.needle) != std::string::npos) return p.activity;
  return "running (not blocked: a loop that never ends?)";
}

}  // namespace grader
