// CORPUS CASE exceptions_swallowed
// Bug: each thread catches whatever its task throws and drops it, so a task
// that throws does not take the program down ("an uncaught exception in a
// thread calls std::terminate") -- but the caller never hears about it:
// run_concurrently always returns normally.
// Verdict the grader must give: the tests that expect the first exception to
// be rethrown fail; everything else passes; no race, no timeout.
#include "course/run_concurrently.h"

#include <thread>

namespace course {

void run_concurrently(std::vector<std::function<void()>> tasks) {
  std::vector<std::thread> threads;
  threads.reserve(tasks.size());
  for (auto& task : tasks) {
    threads.emplace_back([&task] {
      try {
        task();
      } catch (...) {
        // Swallowed: without this, a throwing task kills the whole program.
      }
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace course
