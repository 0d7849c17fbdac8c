// How much CPU a process's threads asked for over a stretch of time: the
// evidence behind the "waiting threads must sleep" tests.
//
// CPU time alone is not enough on a busy machine: a thread that spins or
// yield()s in a loop is always runnable, but when a dozen other programs
// want the same two cores it may get only a few milliseconds of them, and
// then looks as idle as a sleeping one. So this adds up, for every thread,
// the time it ran *and* the time it spent runnable, waiting in the kernel's
// run queue (the first two fields of /proc/self/task/TID/schedstat). A
// thread asleep on a condition variable is neither; a spinning one is one or
// the other all the time, however loaded the machine is.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <system_error>

namespace course_testing {

// Nanoseconds each live thread of this process has run or waited to run.
// Empty where the kernel keeps no scheduler statistics.
inline std::map<std::string, std::uint64_t> thread_demand() {
  std::map<std::string, std::uint64_t> demand;
  std::error_code error;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", error)) {
    std::ifstream stats(task.path() / "schedstat");
    std::uint64_t on_cpu = 0;
    std::uint64_t waiting = 0;
    if (stats >> on_cpu >> waiting) demand[task.path().filename().string()] = on_cpu + waiting;
  }
  return demand;
}

inline std::chrono::nanoseconds process_cpu_clock() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

// Measures from construction to demanded(): threads that ended meanwhile
// count for nothing, threads that started count from their start. Not
// thread-safe: use one from one thread (the free functions are safe anywhere).
class CpuDemand {
 public:
  CpuDemand() : threads_(thread_demand()), cpu_(process_cpu_clock()) {}

  std::chrono::milliseconds demanded() const {
    auto now = thread_demand();
    if (now.empty() || threads_.empty()) {  // no schedstat: CPU time is the best there is
      return std::chrono::duration_cast<std::chrono::milliseconds>(process_cpu_clock() - cpu_);
    }
    std::uint64_t total = 0;
    for (const auto& [tid, ns] : now) {
      auto before = threads_.find(tid);
      std::uint64_t start = before == threads_.end() ? 0 : before->second;
      if (ns > start) total += ns - start;
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::nanoseconds(total));
  }

 private:
  std::map<std::string, std::uint64_t> threads_;
  std::chrono::nanoseconds cpu_;
};

}  // namespace course_testing
