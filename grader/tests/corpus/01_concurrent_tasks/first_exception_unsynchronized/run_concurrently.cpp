// Bug: the first exception is recorded without a mutex. Each thread checks
// and sets the shared exception_ptr on its own, so two tasks that throw at
// the same moment race on it: a data race, and in the worst case a torn or
// doubly released exception_ptr. Tasks that throw one at a time, as most
// tests make them, never show it.
#include "course/run_concurrently.h"

#include <exception>
#include <thread>

namespace course {

void run_concurrently(std::vector<std::function<void()>> tasks) {
  std::exception_ptr first_failure;  // shared by every thread, guarded by nothing
  {
    std::vector<std::jthread> threads;
    threads.reserve(tasks.size());
    for (auto& task : tasks) {
      threads.emplace_back([&task, &first_failure] {
        try {
          task();
        } catch (...) {
          if (!first_failure) first_failure = std::current_exception();
        }
      });
    }
  }
  if (first_failure) std::rethrow_exception(first_failure);
}

}  // namespace course
