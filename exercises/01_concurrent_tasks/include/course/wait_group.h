// A WaitGroup waits for a collection of tasks to finish, like Go's
// sync.WaitGroup: whoever starts tasks calls add(n) first, each task calls
// done() when it finishes, and wait() blocks until every task has.
// A WaitGroup can be reused: once its counter is back at zero, the next
// add() starts a new round.
#pragma once

#include <memory>

namespace course {

// Thread-safety: add(), done() and wait() may be called from any threads at
// once.
class WaitGroup {
 public:
  WaitGroup();
  // No thread may still be blocked in wait().
  ~WaitGroup();
  WaitGroup(const WaitGroup&) = delete;
  WaitGroup& operator=(const WaitGroup&) = delete;

  // Adds n (which may be negative) to the counter. When the counter reaches
  // zero, every thread blocked in wait() is released. If the counter would
  // become negative, throws std::logic_error and leaves the counter unchanged.
  void add(int n);

  // Same as add(-1): one task has finished.
  void done();

  // Blocks until the counter is zero; returns at once if it already is.
  // Any number of threads may wait at the same time.
  void wait();

 private:
  // Your state (counter, mutex, condition variable, ...) goes in State,
  // defined in solutions/01_concurrent_tasks/wait_group.cpp.
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace course
