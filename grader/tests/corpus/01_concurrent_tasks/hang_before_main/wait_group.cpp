// (Reference WaitGroup, plus the bug at the end of the file.)
// WaitGroup: a counter guarded by a mutex, and a condition variable that
// announces "the counter reached zero".
#include "course/wait_group.h"

#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace course {

struct WaitGroup::State {
  std::mutex mutex;
  std::condition_variable zero;  // notified whenever count becomes 0
  int count = 0;                 // guarded by mutex
};

WaitGroup::WaitGroup() : state_(std::make_unique<State>()) {}

WaitGroup::~WaitGroup() = default;

void WaitGroup::add(int n) {
  std::lock_guard lock(state_->mutex);
  // Check before changing anything, so a refused call leaves no trace.
  if (state_->count + n < 0) throw std::logic_error("WaitGroup: counter would become negative");
  state_->count += n;
  // The waiters re-check the counter under this mutex, so notifying while we
  // hold it cannot be missed; notify_all because any number may be waiting.
  if (state_->count == 0) state_->zero.notify_all();
}

void WaitGroup::done() { add(-1); }

void WaitGroup::wait() {
  std::unique_lock lock(state_->mutex);
  // The predicate is checked under the mutex before sleeping and after every
  // wakeup: this is what makes a lost or spurious wakeup impossible.
  state_->zero.wait(lock, [this] { return state_->count == 0; });
}

}  // namespace course

// BUG: a global whose constructor waits for a counter that nothing will ever
// bring to zero: the program hangs before main, before any test runs.
// Verdict: the start-up probe times out once (not once per test), the build
// check fails saying code before main hangs, with the stuck thread's place.
namespace {
struct WaitsForever {
  WaitsForever() {
    static course::WaitGroup group;
    group.add(1);
    group.wait();
  }
} waits_forever;
}  // namespace
