// How many threads this process has, as the kernel counts them: the tests'
// evidence that code starts exactly the threads it promises, and leaves
// none behind. Nothing in the code under test needs to cooperate.
#pragma once

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>

#include <course_testing/eventually.h>

namespace course_testing {

// Both functions may be called from any thread; neither keeps state.

// The number of threads this process has right now (/proc/self/task).
inline int count_threads() {
  int threads = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    (void)entry;
    ++threads;
  }
  return threads;
}

// Starts and joins one thread, and waits until it has left /proc/self/task.
// Runtimes start helper threads of their own along with a program's first
// thread (ThreadSanitizer does); after this they exist, and a count taken
// before and after a call shows only the threads that call left behind.
inline void settle_thread_count() {
  std::atomic<pid_t> tid{0};
  std::thread([&tid] { tid.store(static_cast<pid_t>(syscall(SYS_gettid))); }).join();
  std::filesystem::path entry = "/proc/self/task/" + std::to_string(tid.load());
  eventually([&] { return !std::filesystem::exists(entry); });
}

}  // namespace course_testing
