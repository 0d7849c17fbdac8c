// Runs a set of tasks so that they are all in progress at the same time.
#pragma once

#include <functional>
#include <vector>

namespace course {

// Starts every task at once, each on a thread of its own, and returns when
// all of them have finished. Tasks must overlap in time even on one core:
// a task that waits (for I/O, a timer, another task) must not hold up the
// others.
//
// If tasks throw, every other task still runs to completion; then the
// exception of the task that threw first (in time) is rethrown to the caller.
// An empty vector returns at once.
//
// Ownership: the call owns `tasks` and joins every thread it starts before
// it returns, so whatever a task refers to need only outlive the call.
// Thread-safety: may be called from several threads at once, and from
// inside a task.
void run_concurrently(std::vector<std::function<void()>> tasks);

}  // namespace course
