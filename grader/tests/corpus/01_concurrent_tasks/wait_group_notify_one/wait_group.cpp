// CORPUS CASE wait_group_notify_one
// Bug: when the counter reaches zero, add() wakes one waiter with
// notify_one() instead of all of them with notify_all(). With a single
// waiter that works; with several, one returns and the others stay asleep
// forever, since nothing will ever notify the condition variable again.
// Everything else (the mutex, the predicate, the negative check) is right.
// Verdict the grader must give: WaitGroup.ManyWaitersAreAllReleased times
// out, every time (its 8 waiters are asleep in wait() when done() is
// called), and the "no timeouts" stacks show waiter threads in
// course::WaitGroup::wait; no race; the other tests pass.
#include "course/wait_group.h"

#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace course {

struct WaitGroup::State {
  std::mutex mutex;
  std::condition_variable zero;
  int count = 0;  // guarded by mutex
};

WaitGroup::WaitGroup() : state_(std::make_unique<State>()) {}
WaitGroup::~WaitGroup() = default;

void WaitGroup::add(int n) {
  std::lock_guard lock(state_->mutex);
  if (state_->count + n < 0) throw std::logic_error("WaitGroup::add: counter would become negative");
  state_->count += n;
  if (state_->count == 0) state_->zero.notify_one();  // "someone is waiting: wake them"
}

void WaitGroup::done() { add(-1); }

void WaitGroup::wait() {
  std::unique_lock lock(state_->mutex);
  state_->zero.wait(lock, [this] { return state_->count == 0; });
}

}  // namespace course
