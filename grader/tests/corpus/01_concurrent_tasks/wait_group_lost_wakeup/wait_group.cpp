// CORPUS CASE wait_group_lost_wakeup
// Bug: a lost wakeup. The counter is a std::atomic<int> ("atomic, so no lock
// needed"), add() notifies without taking the mutex, and wait() checks the
// counter and only then sleeps on the condition variable, with no predicate
// that is re-checked under the mutex. If the last done() lands between
// wait()'s check and its cv.wait(), its notify_all() wakes nobody and wait()
// sleeps forever. (The loop around cv.wait() only guards against spurious
// wakeups; it does not close the window.)
// Verdict the grader must give: no data race (every shared access is atomic
// or a condition-variable call); when the window is hit, a test times out
// and the "no timeouts" stacks show a thread in course::WaitGroup::wait.
// Timing-dependent: see expect.json for how often the tests catch it.
#include "course/wait_group.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace course {

struct WaitGroup::State {
  std::atomic<int> count{0};
  std::mutex mutex;
  std::condition_variable zero;
};

WaitGroup::WaitGroup() : state_(std::make_unique<State>()) {}
WaitGroup::~WaitGroup() = default;

void WaitGroup::add(int n) {
  int old = state_->count.load();
  do {
    if (old + n < 0) throw std::logic_error("WaitGroup::add: counter would become negative");
  } while (!state_->count.compare_exchange_weak(old, old + n));
  if (old + n == 0) state_->zero.notify_all();  // nobody holds the mutex here
}

void WaitGroup::done() { add(-1); }

void WaitGroup::wait() {
  while (state_->count.load() != 0) {
    // <- a done() that brings the counter to zero right here is missed
    std::unique_lock lock(state_->mutex);
    state_->zero.wait(lock);
  }
}

}  // namespace course
