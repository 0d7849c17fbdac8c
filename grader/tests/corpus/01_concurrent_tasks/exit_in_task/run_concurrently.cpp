// CORPUS CASE exit_in_task
// Bug: when a task throws, its thread prints the error and calls
// std::exit(0) ("stop the program cleanly on error") instead of handing the
// exception to the caller. The test process ends with status 0 in the middle
// of the test, before GoogleTest writes its result.
// Verdict the grader must give: every test in which a task throws fails as
// "exited before the test finished" -- never passed, despite the status 0;
// the tests whose tasks all succeed pass.
#include "course/run_concurrently.h"

#include <cstdlib>
#include <exception>
#include <iostream>
#include <thread>

namespace course {

void run_concurrently(std::vector<std::function<void()>> tasks) {
  std::vector<std::thread> threads;
  threads.reserve(tasks.size());
  for (auto& task : tasks) {
    threads.emplace_back([&task] {
      try {
        task();
      } catch (const std::exception& e) {
        std::cerr << "task failed: " << e.what() << ", stopping\n";
        std::exit(0);
      } catch (...) {
        std::cerr << "task failed, stopping\n";
        std::exit(0);
      }
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace course
