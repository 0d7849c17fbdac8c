// CORPUS CASE wait_group_no_negative_check
// Bug: add() never checks that the counter stays non-negative: a done()
// too many silently takes it below zero instead of throwing
// std::logic_error and leaving it unchanged. Everything else (locking, the
// predicate wait, notify_all at zero) is right.
// Verdict the grader must give: only the misuse test(s) fail, everything
// else passes: a partial score, no race, no timeout.
#include "course/wait_group.h"

#include <condition_variable>
#include <mutex>

namespace course {

struct WaitGroup::State {
  std::mutex mutex;
  std::condition_variable zero;
  int count = 0;
};

WaitGroup::WaitGroup() : state_(std::make_unique<State>()) {}
WaitGroup::~WaitGroup() = default;

void WaitGroup::add(int n) {
  std::lock_guard lock(state_->mutex);
  state_->count += n;
  if (state_->count == 0) state_->zero.notify_all();
}

void WaitGroup::done() { add(-1); }

void WaitGroup::wait() {
  std::unique_lock lock(state_->mutex);
  state_->zero.wait(lock, [this] { return state_->count == 0; });
}

}  // namespace course
