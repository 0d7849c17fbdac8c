// EXERCISE 01, part 2 of 3: run_concurrently.
//
// Write course::run_concurrently as exercises/01_concurrent_tasks/README.md
// describes, to the contract in
// exercises/01_concurrent_tasks/include/course/run_concurrently.h: every
// task on a thread of its own, all of them in progress at once, and the
// first exception (in time) rethrown once every task has finished.
// Replace the `throw course::NotImplemented(...)` with real code, then grade
// it with `make check EXERCISE=01` and watch it with `make demo EXERCISE=01`.
#include "course/run_concurrently.h"

#include "course/not_implemented.h"

namespace course {

void run_concurrently(std::vector<std::function<void()>> /*tasks*/) { throw NotImplemented("run_concurrently"); }

}  // namespace course
