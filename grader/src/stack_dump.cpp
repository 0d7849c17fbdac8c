#include "stack_dump.h"

#include <chrono>
#include <regex>
#include <sstream>

#include "subprocess.h"
#include "text_files.h"

namespace grader {

std::string dump_stacks(pid_t pid, const std::filesystem::path& out_file) {
  ProcessSpec gdb;
  // sysroot "/" keeps gdb from copying libraries out of a sandboxed process.
  gdb.argv = {"gdb", "-nx", "-batch", "-iex", "set sysroot /", "-iex", "set pagination off",
              "-p", std::to_string(pid), "-ex", "thread apply all bt"};
  gdb.stdout_file = out_file;
  gdb.timeout = std::chrono::seconds(60);
  ProcessResult result = run_process(gdb);
  if (!result.started) return "";
  return read_file(out_file);
}

std::vector<ThreadStack> parse_gdb_backtraces(const std::string& text) {
  static const std::regex thread_line(R"(^Thread (\d+) \((.*)\):$)");
  static const std::regex frame_line(R"(^#\d+\s+(?:0x[0-9a-f]+ in )?(.*)$)");
  static const std::regex at_file(R"( at (\S+):(\d+)$)");
  static const std::regex thread_name(R"rx("([^"]*)"$)rx");
  std::vector<ThreadStack> threads;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, thread_line)) {
      ThreadStack thread;
      thread.number = std::stoi(m[1]);
      std::string inside = m[2];
      if (std::smatch n; std::regex_search(inside, n, thread_name)) thread.name = n[1];
      threads.push_back(thread);
    } else if (!threads.empty() && std::regex_match(line, m, frame_line)) {
      std::string rest = m[1];
      Frame frame;
      frame.function = rest.substr(0, rest.find(" ("));
      if (std::smatch f; std::regex_search(rest, f, at_file)) {
        frame.file = f[1];
        frame.line = std::stoi(f[2]);
      }
      threads.back().frames.push_back(frame);
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
