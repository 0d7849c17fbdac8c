// CORPUS CASE sequential_tasks
// Bug: the tasks run one after another in the caller's thread. Every result
// is right (each task runs, exceptions are collected and the first one is
// rethrown), but no two tasks are ever in progress at the same time.
// Verdict the grader must give: the overlap tests fail (the tests' barriers
// give up after a while and report that the tasks never overlapped: a
// failure, not a timeout), points are lost, no race is reported and nothing
// times out.
#include "course/run_concurrently.h"

#include <exception>

namespace course {

void run_concurrently(std::vector<std::function<void()>> tasks) {
  std::exception_ptr first;
  // "Concurrently" = they all get run by the time this returns, right?
  for (auto& task : tasks) {
    try {
      task();
    } catch (...) {
      if (!first) first = std::current_exception();
    }
  }
  if (first) std::rethrow_exception(first);
}

}  // namespace course
