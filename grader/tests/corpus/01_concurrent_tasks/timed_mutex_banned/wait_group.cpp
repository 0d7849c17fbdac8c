// BUG (for this course): a WaitGroup built on std::timed_mutex. It works, but
// g++'s ThreadSanitizer reports false races for timed locks, so the grader
// refuses it with a message saying what to use instead, rather than risk a
// wrong race verdict. Verdict: build refused at the timed_mutex line.
#include "course/wait_group.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace course {

struct WaitGroup::State {
  std::timed_mutex mutex;
  std::condition_variable_any zero;
  int count = 0;
};

WaitGroup::WaitGroup() : state_(std::make_unique<State>()) {}

WaitGroup::~WaitGroup() = default;

void WaitGroup::add(int n) {
  std::unique_lock lock(state_->mutex, std::defer_lock);
  while (!lock.try_lock_for(std::chrono::milliseconds(10))) {
  }
  if (state_->count + n < 0) throw std::logic_error("WaitGroup: counter would become negative");
  state_->count += n;
  if (state_->count == 0) state_->zero.notify_all();
}

void WaitGroup::done() { add(-1); }

void WaitGroup::wait() {
  std::unique_lock lock(state_->mutex);
  state_->zero.wait(lock, [this] { return state_->count == 0; });
}

}  // namespace course
