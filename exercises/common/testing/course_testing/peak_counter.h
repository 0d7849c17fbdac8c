// Counts how many threads are inside a region right now, and the most that
// ever were at once.
//
// Wrap the region with a Scope: `auto inside = counter.scope();`. Then peak()
// is the measured concurrency: 1 means the region never overlapped itself; a
// pool of 4 workers must never exceed 4.
#pragma once

#include <algorithm>
#include <mutex>

namespace course_testing {

// Thread-safety: every member may be called from any threads at once. A
// Scope holds a reference: the counter must outlive it.
class PeakCounter {
 public:
  PeakCounter() = default;
  PeakCounter(const PeakCounter&) = delete;
  PeakCounter& operator=(const PeakCounter&) = delete;

  void enter() {
    std::lock_guard lock(mutex_);
    ++current_;
    peak_ = std::max(peak_, current_);
  }

  void leave() {
    std::lock_guard lock(mutex_);
    --current_;
  }

  int current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }

  int peak() const {
    std::lock_guard lock(mutex_);
    return peak_;
  }

  // Enters on construction and leaves on destruction, even by an exception.
  class Scope {
   public:
    explicit Scope(PeakCounter& counter) : counter_(counter) { counter_.enter(); }
    ~Scope() { counter_.leave(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    PeakCounter& counter_;
  };

  [[nodiscard]] Scope scope() { return Scope(*this); }

 private:
  mutable std::mutex mutex_;
  int current_ = 0;  // guarded by mutex_
  int peak_ = 0;     // guarded by mutex_
};

}  // namespace course_testing
