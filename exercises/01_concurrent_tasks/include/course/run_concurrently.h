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
void run_concurrently(std::vector<std::function<void()>> tasks);

}  // namespace course
