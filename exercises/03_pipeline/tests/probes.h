// What both test files of exercise 03 ask of the process around the code
// under test: its threads, its CPU time, and a bounded wait for a condition.
#pragma once

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <course_testing/patience.h>

namespace ex03_testing {

using namespace std::chrono_literals;

// Checks `condition` every millisecond until it holds or `bound` passes.
// True if it held.
template <typename Condition>
bool Eventually(Condition condition, std::chrono::milliseconds bound = course_testing::kPatience) {
  auto deadline = std::chrono::steady_clock::now() + bound;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// The number of threads this process has right now.
inline int CountThreads() {
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
inline void SettleThreadCount() {
  std::atomic<pid_t> tid{0};
  std::thread([&tid] { tid.store(static_cast<pid_t>(syscall(SYS_gettid))); }).join();
  std::filesystem::path entry = "/proc/self/task/" + std::to_string(tid.load());
  Eventually([&] { return !std::filesystem::exists(entry); });
}

}  // namespace ex03_testing
