// A one-shot gate: closed until someone opens it, then open for good.
//
// Tests use gates to put events on different threads in a known order
// ("task 3 throws only after task 1 has") without sleeping. Every wait has a
// bound, so a program that never opens the gate fails the test rather than
// hanging it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace course_testing {

// Thread-safety: every member may be called from any threads at once.
class Gate {
 public:
  Gate() = default;
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  // Opens the gate and releases every thread waiting at it. Opening an open
  // gate does nothing.
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    opened_.notify_all();
  }

  // Waits until the gate is open, at most `bound`. True if it is open.
  bool wait_for(std::chrono::milliseconds bound) {
    std::unique_lock lock(mutex_);
    return opened_.wait_for(lock, bound, [this] { return open_; });
  }

  // The same with a deadline, for a chain of waits that share one budget: once
  // the deadline has passed, every later wait gives up at once.
  bool wait_until(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return opened_.wait_until(lock, deadline, [this] { return open_; });
  }

  bool is_open() const {
    std::lock_guard lock(mutex_);
    return open_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;  // guarded by mutex_
};

// Opens a gate when it goes out of scope: a test that stops early (a failed
// ASSERT) releases the threads it held instead of leaving a destructor or a
// join to wait out their bound.
// Holds a reference: `gate` must outlive the OpenOnExit (declare the gate
// first).
class OpenOnExit {
 public:
  explicit OpenOnExit(Gate& gate) : gate_(gate) {}
  ~OpenOnExit() { gate_.open(); }
  OpenOnExit(const OpenOnExit&) = delete;
  OpenOnExit& operator=(const OpenOnExit&) = delete;

 private:
  Gate& gate_;
};

}  // namespace course_testing
