// Runs a callback when the calling thread ends.
//
// A test can learn that a task's thread has finished everything it does for
// that task (including the catch block around it that stores the task's
// exception) by asking to be told when that thread exits:
//
//   auto ended = std::make_shared<Gate>();
//   at_thread_exit([ended] { ended->open(); });   // inside the task
//
// The callback runs from the destructor of a thread_local object, that is
// after the thread's function has returned. It may run after the test has
// finished (on a thread the test did not start, or at process exit if the
// task ran on the main thread), so it must own what it touches (a
// shared_ptr), never refer to the test's local variables.
#pragma once

#include <functional>
#include <utility>
#include <vector>

namespace course_testing {

// Thread-safety: each thread has its own list of callbacks.
inline void at_thread_exit(std::function<void()> callback) {
  struct Callbacks {
    std::vector<std::function<void()>> pending;
    ~Callbacks() {
      for (auto& callback : pending) callback();
    }
  };
  thread_local Callbacks callbacks;
  callbacks.pending.push_back(std::move(callback));
}

}  // namespace course_testing
