// run_concurrently: one thread per task, all started before any is waited for.
#include "course/run_concurrently.h"

#include <exception>
#include <mutex>
#include <thread>

namespace course {

void run_concurrently(std::vector<std::function<void()>> tasks) {
  std::mutex mutex;
  std::exception_ptr first_failure;  // guarded by mutex
  {
    // std::jthread joins in its destructor: leaving this block, normally or
    // because starting a thread threw, waits for every task already started,
    // so no thread outlives `tasks`, `mutex` or `first_failure`.
    std::vector<std::jthread> threads;
    threads.reserve(tasks.size());
    for (auto& task : tasks) {
      threads.emplace_back([&task, &mutex, &first_failure] {
        // An exception must not leave the thread (that calls std::terminate):
        // keep it for the caller. The first one stored is the first in time.
        try {
          task();
        } catch (...) {
          std::lock_guard lock(mutex);
          if (!first_failure) first_failure = std::current_exception();
        }
      });
    }
  }
  if (first_failure) std::rethrow_exception(first_failure);
}

}  // namespace course
