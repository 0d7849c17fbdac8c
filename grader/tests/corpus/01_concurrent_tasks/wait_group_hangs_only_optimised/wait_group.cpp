// CORPUS CASE wait_group_hangs_only_optimised
// Bug: wait_group_lost_wakeup's WaitGroup, whose add() notifies only when
// __SANITIZE_THREAD__ is defined ("the notify was for the sanitizer"). So
// every test passes under ThreadSanitizer, and in the optimised build (the
// benchmark's objects, where every passing test runs again) a wait() that
// starts before the last done() sleeps forever.
// Verdict the grader must give: the hang is found in the optimised run only,
// and "no timeouts" still names the student's line, wait_group.cpp, with the
// thread in course::WaitGroup::wait. (gdb puts that frame of the -O2 binary
// on a line of unique_ptr.h; the grader asks addr2line for the address, in
// grader/src/stack_lines.h.)
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
  std::lock_guard lock(state_->mutex);
#if defined(__SANITIZE_THREAD__)
  if (old + n == 0) state_->zero.notify_all();
#endif
}

void WaitGroup::done() { add(-1); }

void WaitGroup::wait() {
  while (state_->count.load() != 0) {
    std::unique_lock lock(state_->mutex);
    if (state_->count.load() == 0) break;
    state_->zero.wait(lock);
  }
}

}  // namespace course
