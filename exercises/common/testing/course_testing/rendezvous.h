// A rendezvous of N parties: each one arrives and waits until all N have.
//
// This is how a test proves that N things are in progress at the same time
// without measuring time: nobody gets past the rendezvous until everybody
// has reached it. A program that runs the parties one after another would
// wait forever, so every wait is bounded, and the first party to give up
// breaks the rendezvous for good: every later arrival returns false at once,
// and the test fails after one bound, not one bound per party.
//
// The bound is on progress, not on the whole wait: a party gives up only
// when `bound` passes with no new arrival at all. Starting hundreds of threads
// under ThreadSanitizer can take longer than any fixed bound on a busy
// machine, but it never stalls; a sequential program or a pool of a few
// threads stalls at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace course_testing {

// Thread-safety: every member may be called from any threads at once.
class Rendezvous {
 public:
  explicit Rendezvous(int parties) : parties_(parties) {}
  Rendezvous(const Rendezvous&) = delete;
  Rendezvous& operator=(const Rendezvous&) = delete;

  // Arrives and waits until all parties have arrived. True if they all did;
  // false if `bound` passed without any new arrival, or if the rendezvous was
  // already broken by a party that gave up.
  bool arrive_and_wait(std::chrono::milliseconds bound) {
    std::unique_lock lock(mutex_);
    ++arrived_;
    if (broken_) return false;
    if (arrived_ >= parties_) {
      all_arrived_.notify_all();
      return true;
    }
    // Waking every waiter at every arrival would cost N*N wakeups; instead a
    // waiter wakes when its deadline (bound after the latest arrival) passes,
    // and waits again if someone arrived meanwhile.
    last_arrival_ = std::chrono::steady_clock::now();
    auto all_here = [this] { return arrived_ >= parties_ || broken_; };
    while (!all_arrived_.wait_until(lock, last_arrival_ + bound, all_here)) {
      if (std::chrono::steady_clock::now() >= last_arrival_ + bound) break;
    }
    if (all_here()) return !broken_;
    // Gave up: release everyone else too, so they fail now instead of later.
    broken_ = true;
    arrived_when_broken_ = arrived_;
    all_arrived_.notify_all();
    return false;
  }

  int parties() const { return parties_; }

  // How many parties have arrived so far (including those that gave up).
  int arrived() const {
    std::lock_guard lock(mutex_);
    return arrived_;
  }

  bool broken() const {
    std::lock_guard lock(mutex_);
    return broken_;
  }

  // How many parties had arrived when the first one gave up; -1 if none has.
  // That is the number a failure message wants: "only 2 of the 1000 tasks had
  // started".
  int arrived_when_broken() const {
    std::lock_guard lock(mutex_);
    return arrived_when_broken_;
  }

 private:
  const int parties_;
  mutable std::mutex mutex_;
  std::condition_variable all_arrived_;
  int arrived_ = 0;                                     // guarded by mutex_
  bool broken_ = false;                                 // guarded by mutex_
  int arrived_when_broken_ = -1;                        // guarded by mutex_
  std::chrono::steady_clock::time_point last_arrival_;  // guarded by mutex_
};

}  // namespace course_testing
