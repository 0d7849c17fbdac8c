// CORPUS CASE join_forever
// Bug: a deadlock when a task throws. The caller waits on a WaitGroup whose
// done() is inside the try block, after task(): a task that throws skips
// done(), the counter never reaches zero, and the caller's wg.wait() (before
// the joins) blocks forever.
// Verdict the grader must give: every test in which a task throws times out,
// deterministically, and the "no timeouts" stacks show the caller in
// course::WaitGroup::wait called from course::run_concurrently. Tests whose
// tasks all succeed pass; no race.
#include "course/run_concurrently.h"

#include <exception>
#include <mutex>
#include <thread>

#include "course/wait_group.h"

namespace course {

void run_concurrently(std::vector<std::function<void()>> tasks) {
  WaitGroup wg;
  std::mutex mutex;
  std::exception_ptr first;
  std::vector<std::thread> threads;
  threads.reserve(tasks.size());
  wg.add(static_cast<int>(tasks.size()));
  for (auto& task : tasks) {
    threads.emplace_back([&] {
      try {
        task();
        wg.done();  // skipped when task() throws
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!first) first = std::current_exception();
      }
    });
  }
  wg.wait();  // every task has called done()...
  for (auto& t : threads) t.join();
  if (first) std::rethrow_exception(first);
}

}  // namespace course
