// CORPUS CASE exit_in_task
// Bug: when a task throws, run_concurrently waits for the others, prints the
// error and calls std::exit(0) ("a failed task is fatal: report it and stop
// the program cleanly") instead of rethrowing the exception to the caller.
// The test process ends with status 0 in the middle of the test, before
// GoogleTest writes its result. (Every thread is joined first, so
// ThreadSanitizer has nothing to report and the status really is 0.)
// Verdict the grader must give: every test in which a task throws fails as
// "exited with status 0 before the test finished" -- never passed, despite
// the status 0; the tests whose tasks all succeed pass; no race, no timeout.
#include "course/run_concurrently.h"

#include <cstdlib>
#include <exception>
#include <iostream>
#include <mutex>
#include <thread>

namespace course {

void run_concurrently(std::vector<std::function<void()>> tasks) {
  std::mutex mutex;
  std::exception_ptr first;
  std::vector<std::thread> threads;
  threads.reserve(tasks.size());
  for (auto& task : tasks) {
    threads.emplace_back([&] {
      try {
        task();
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!first) first = std::current_exception();
      }
    });
  }
  for (auto& t : threads) t.join();
  if (first) {
    try {
      std::rethrow_exception(first);
    } catch (const std::exception& e) {
      std::cerr << "a task failed: " << e.what() << "; stopping\n";
    } catch (...) {
      std::cerr << "a task failed; stopping\n";
    }
    std::exit(0);
  }
}

}  // namespace course
