// CORPUS CASE detach_instead_of_join
// Bug: the threads are detached instead of joined ("join() blocks, and I
// want them concurrent"), so run_concurrently returns at once, before the
// tasks have run -- and exceptions are never seen by the caller. The tasks
// then touch the test's variables while the test reads them, or after the
// test has destroyed them.
// Verdict the grader must give: the tests that check what the tasks did
// fail, and ThreadSanitizer reports problems (data races between the tasks
// and the test, use after the test's objects were freed), so race-free
// fails. Which tests crash rather than fail depends on timing.
#include "course/run_concurrently.h"

#include <thread>
#include <utility>

namespace course {

void run_concurrently(std::vector<std::function<void()>> tasks) {
  for (auto& task : tasks) std::thread(std::move(task)).detach();
}

}  // namespace course
