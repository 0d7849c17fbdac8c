// BUG (corpus): run_concurrently runs the tasks on a pool of one thread per
// core, the right shape for tasks that compute (parallelism) and the wrong
// one here: tasks that wait for each other need a thread each. Everything
// else is right: each pool thread takes the next task, keeps the first
// exception in time under a mutex, and every thread is joined.
#include "course/run_concurrently.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>

namespace course {

void run_concurrently(std::vector<std::function<void()>> tasks) {
  std::mutex mutex;
  std::exception_ptr first_failure;  // guarded by mutex
  std::atomic<std::size_t> next{0};
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  {
    std::vector<std::jthread> pool;
    for (std::size_t i = 0; i < std::min(cores, tasks.size()); ++i) {
      pool.emplace_back([&] {
        for (std::size_t t = next++; t < tasks.size(); t = next++) {
          try {
            tasks[t]();
          } catch (...) {
            std::lock_guard lock(mutex);
            if (!first_failure) first_failure = std::current_exception();
          }
        }
      });
    }
  }
  if (first_failure) std::rethrow_exception(first_failure);
}

}  // namespace course
